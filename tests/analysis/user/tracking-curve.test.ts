/**
 * The CLV sheet's tracking curve with E[X(t)] computed once per elapsed gap, against the loop it replaced (kept here
 * verbatim as the reference: E[X(t)] computed afresh for every period and first day). Random first days, repeat
 * days, fitted parameters and units (fast-check); the rows must be equal to the last bit.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cumulativeFrom, trackingCurve, type RepeatDays, type TrackingRow } from '../../../src/analysis/user/clv.js';
import { expectedPurchases, type BgNbdParams } from '../../../src/analysis/user/bg-nbd.js';
import { round } from '../../../src/analysis/common/index.js';

/** The old trackingCurve, verbatim. */
function oldTrackingCurve(
  repeats: RepeatDays,
  s: { first: Float64Array },
  p: BgNbdParams,
  asOf: number,
  timeUnit: 'days' | 'weeks',
): TrackingRow[] | null {
  const n = s.first.length;
  const unitDays = timeUnit === 'weeks' ? 7 : 1;
  let minFirst = Infinity;
  for (let i = 0; i < n; i++) minFirst = Math.min(minFirst, s.first[i]);
  const trackDays = timeUnit === 'weeks' ? 7 : Math.max(1, Math.ceil((asOf - minFirst + 1) / 200));
  const periods = Math.max(1, Math.ceil((asOf + 1 - minFirst) / trackDays));
  if (periods > 2000) return null;
  const actual = cumulativeFrom(repeats, minFirst, trackDays, periods);
  const byFirst = new Map<number, number>();
  for (let i = 0; i < n; i++) byFirst.set(s.first[i], (byFirst.get(s.first[i]) ?? 0) + 1);
  const rows: TrackingRow[] = [];
  for (let k = 0; k < periods; k++) {
    const end = minFirst + (k + 1) * trackDays; // exclusive
    let e = 0;
    for (const [d, c] of byFirst) if (d < end) e += c * expectedPurchases(p, (end - 1 - d) / unitDays);
    rows.push({ period: k + 1, period_end: end - 1, actual: actual[k], predicted: round(e, 2) });
  }
  return rows;
}

describe('trackingCurve', () => {
  it('gives the rows of the old loop, on random customers, parameters and units', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 45000, max: 45400 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.tuple(fc.integer({ min: 45000, max: 45500 }), fc.integer({ min: 1, max: 9 })), { maxLength: 50 }),
        fc.record({
          r: fc.double({ min: 0.05, max: 3, noNaN: true }),
          alpha: fc.double({ min: 0.5, max: 50, noNaN: true }),
          a: fc.double({ min: 1.05, max: 5, noNaN: true }),
          b: fc.double({ min: 0.5, max: 40, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom('days' as const, 'weeks' as const),
        (first, rep, p, after, unit) => {
          const days = [...new Map(rep).entries()].sort((x, y) => x[0] - y[0]);
          const repeats = { day: Float64Array.from(days, (d) => d[0]), n: Float64Array.from(days, (d) => d[1]) };
          const s = { first: Float64Array.from(first) };
          const asOf = Math.max(...first) + after;
          expect(trackingCurve(repeats, s, p, asOf, unit)).toEqual(oldTrackingCurve(repeats, s, p, asOf, unit));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts each first day with its customers (a hand-checked case)', () => {
    // Two customers first buying on day 0 and one on day 7, weekly from day 0, as-of day 13: two periods.
    // Period 1 ends day 6: 2·E[X(6/7)]; period 2 ends day 13: 2·E[X(13/7)] + 1·E[X(6/7)].
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const rows = trackingCurve(
      { day: new Float64Array(0), n: new Float64Array(0) },
      { first: Float64Array.from([0, 0, 7]) },
      p,
      13,
      'weeks',
    )!;
    expect(rows.map((r) => r.predicted)).toEqual([
      round(2 * expectedPurchases(p, 6 / 7), 2),
      round(2 * expectedPurchases(p, 13 / 7) + expectedPurchases(p, 6 / 7), 2),
    ]);
    expect(rows.map((r) => r.period_end)).toEqual([6, 13]);
  });
});
