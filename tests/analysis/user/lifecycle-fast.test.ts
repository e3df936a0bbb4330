/**
 * The lifecycle's allocation-free paths against the code they replaced (kept here as references, copied from
 * src/analysis/user/lifecycle.ts before the change): `stageIndex` against the old `stageFrom` (thresholds in an
 * object, a chain of tests), `showOrder` against the comparator sort the customers table used, and
 * `judgeSnapshots` against the old loop that judged every snapshot with `stageFrom`. Random inputs with fast-check;
 * equal means equal to the last bit (`toEqual` on the same numbers, `Object.is` for the order).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LIFECYCLE_DEFAULTS,
  STAGES,
  judgeSnapshots,
  medianGap,
  showOrder,
  stageFrom,
  stageIndex,
  type LifecycleOptions,
  type PurchaseHistory,
  type Snapshot,
  type Stage,
  type StageJudgement,
} from '../../../src/analysis/user/lifecycle.js';

/** The old `stageFrom`, verbatim. */
function oldStageFrom(
  first: number,
  last: number,
  interval: number | null,
  d: number,
  opts: LifecycleOptions,
): StageJudgement {
  const since = d - last;
  const basis = interval !== null ? 'personal' : 'fixed';
  const th =
    interval !== null
      ? {
          active: Math.max(opts.factors.active * interval, opts.minWindowDays),
          atRisk: Math.max(opts.factors.atRisk * interval, opts.minWindowDays),
          dormant: Math.max(opts.factors.dormant * interval, opts.minWindowDays),
        }
      : opts.windows;
  let stage: Stage;
  if (d - first <= opts.newDays) stage = 'new';
  else if (since <= th.active) stage = 'active';
  else if (since <= th.atRisk) stage = 'at_risk';
  else if (since <= th.dormant) stage = 'dormant';
  else stage = 'churned';
  return { stage, basis, interval, daysSince: since };
}

/** The old `judgeSnapshots` loop, verbatim but for `oldStageFrom`. */
function oldJudgeSnapshots(h: PurchaseHistory, snaps: readonly Snapshot[], opts: LifecycleOptions) {
  const nC = h.customers.length;
  const counts = snaps.map(() => ({ new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 }));
  const transitions = new Map<string, number>();
  const now: (StageJudgement | null)[] = new Array<StageJudgement | null>(nC).fill(null);
  let personal = 0;
  for (let c = 0; c < nC; c++) {
    const days = h.days.subarray(h.start[c], h.start[c + 1]);
    let n = 0,
      prev: Stage | null = null;
    for (let k = 0; k < snaps.length; k++) {
      const d = snaps[k].date;
      while (n < days.length && days[n] <= d) n++;
      const interval = medianGap(days, n, opts.minIntervals);
      const j = n > 0 ? oldStageFrom(days[0], days[n - 1], interval, d, opts) : null;
      if (j) counts[k][j.stage]++;
      if (k === snaps.length - 1) {
        now[c] = j;
        if (j?.basis === 'personal') personal++;
        if (j && snaps.length >= 2) {
          const key = `${prev ?? 'none'}>${j.stage}`;
          transitions.set(key, (transitions.get(key) ?? 0) + 1);
        }
      }
      prev = j?.stage ?? null;
    }
  }
  return { counts, transitions: [...transitions], now, personal };
}

const opts = fc.record({
  newDays: fc.integer({ min: 0, max: 60 }),
  minIntervals: fc.integer({ min: 1, max: 4 }),
  factors: fc.record({
    active: fc.double({ min: 0.1, max: 3, noNaN: true }),
    atRisk: fc.double({ min: 3, max: 5, noNaN: true }),
    dormant: fc.double({ min: 5, max: 9, noNaN: true }),
  }),
  windows: fc.record({
    active: fc.integer({ min: 1, max: 60 }),
    atRisk: fc.integer({ min: 60, max: 120 }),
    dormant: fc.integer({ min: 120, max: 400 }),
  }),
  minWindowDays: fc.integer({ min: 0, max: 30 }),
});

describe('stageIndex', () => {
  it('is the stage the old stageFrom judged, on random days, intervals and options', () => {
    fc.assert(
      fc.property(
        opts,
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
        fc.integer({ min: 0, max: 1000 }),
        (o, first, span, interval, after) => {
          const full = { ...LIFECYCLE_DEFAULTS, ...o };
          const last = first + span,
            d = last + after;
          const old = oldStageFrom(first, last, interval, d, full);
          expect(STAGES[stageIndex(first, last, interval, d, full)]).toBe(old.stage);
          expect(stageFrom(first, last, interval, d, full)).toEqual(old);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('judges the documented example: every 30 days, 50 days since the last purchase → at risk', () => {
    // Median gap 30: active up to 45 days, at risk up to 90 (defaults 1.5 and 3); 45 < 50 ≤ 90.
    expect(STAGES[stageIndex(0, 120, 30, 170, LIFECYCLE_DEFAULTS)]).toBe('at_risk');
  });
});

describe('judgeSnapshots', () => {
  it('counts, moves and judges now as the old loop did, on random histories', () => {
    const customer = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        opts,
        fc.array(customer, { minLength: 1, maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 450 }), { minLength: 1, maxLength: 6 }),
        (o, customers, dates) => {
          const full = { ...LIFECYCLE_DEFAULTS, ...o };
          const start = [0];
          const days: number[] = [];
          for (const c of customers) {
            days.push(...[...c].sort((a, b) => a - b));
            start.push(days.length);
          }
          const h: PurchaseHistory = {
            days: Float64Array.from(days),
            start: Int32Array.from(start),
            revenue: new Float64Array(customers.length),
            customers: customers.map((_, i) => `c${i}`),
          };
          const snaps = [...dates].sort((a, b) => a - b).map((date) => ({ label: String(date), date }));
          // Every customer must have bought by the last snapshot (as the lifecycle's snapshots guarantee).
          snaps[snaps.length - 1].date = 450;
          const got = judgeSnapshots(h, snaps, full);
          const want = oldJudgeSnapshots(h, snaps, full);
          expect(got.counts).toEqual(want.counts);
          expect(Object.keys(got.counts[0])).toEqual(Object.keys(want.counts[0]));
          expect([...got.transitions]).toEqual(want.transitions);
          expect(got.now).toEqual(want.now);
          expect(got.personal).toBe(want.personal);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('showOrder', () => {
  const comparatorSort = (rank: Int8Array, revenue: readonly number[], ids: readonly string[]) =>
    Array.from({ length: ids.length }, (_, i) => i).sort(
      (a, b) => rank[a] - rank[b] || revenue[b] - revenue[a] || (ids[a] < ids[b] ? -1 : 1),
    );
  // Few distinct revenues so that ties (and −0 beside +0, infinities) come up often.
  const money = fc.constantFrom(0, -0, 1, 2.5, -3, 10, 1e-300, Infinity, -Infinity, 7);

  it('is the comparator sort’s order (rank, revenue descending, id) on random customers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), money), { maxLength: 200 }),
        fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: 200, maxLength: 200 }),
        (rows, allIds) => {
          const rank = Int8Array.from(rows.map((r) => r[0]));
          const revenue = rows.map((r) => r[1]);
          const ids = allIds.slice(0, rows.length);
          expect(Array.from(showOrder(rank, revenue, ids))).toEqual(comparatorSort(rank, revenue, ids));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sorts by hand-checked keys, and with a NaN revenue falls back to the comparator sort', () => {
    // Ranks 1, 0, 1, 0; revenues 5, 5, 9, 7: rank 0 first (7 before 5), then rank 1 (9 before 5).
    expect(Array.from(showOrder(Int8Array.from([1, 0, 1, 0]), [5, 5, 9, 7], ['a', 'b', 'c', 'd']))).toEqual([
      3, 1, 2, 0,
    ]);
    const rank = Int8Array.from([0, 0, 0]);
    const revenue = [1, NaN, 2];
    expect(Array.from(showOrder(rank, revenue, ['x', 'y', 'z']))).toEqual(
      comparatorSort(rank, revenue, ['x', 'y', 'z']),
    );
  });
});
