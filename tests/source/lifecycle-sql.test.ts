// The lifecycle analysis on a pushed-down orders table (src/source/sql/lifecycle.ts, src/source/duckdb/lifecycle.ts)
// equals the in-memory one on the same rows: runLifecycle over readOrders (src/analysis/user/lifecycle.ts) is the
// definition, so every expected value here is what it gives without the pushdown. The rows are random but seeded and
// span two years; they hold what the rules treat apart: refunds (negative rows and a refunded status), cancelled rows,
// rows without customer, date or amount, several purchases on one day, rows after the as-of date, customers with one
// purchase, with only refunds, and with more than 33 purchase days (the median's long path), and customers with equal
// revenue and stage (ties at the customers table's cut).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIFECYCLE_DEFAULTS,
  lifecycleKey,
  lifecycleOptions,
  runLifecycle,
  type LifecycleOptions,
} from '../../src/analysis/user/lifecycle.js';
import type { Dataset } from '../../src/ingest/types.js';
import { fullTableOf } from '../../src/analysis/common/index.js';
import type { DuckEngine } from '../../src/source/duckdb/engine.js';
import type { PushedOrders } from '../../src/source/duckdb/orders.js';
import { pushedLifecycle } from '../../src/source/duckdb/lifecycle.js';
import { mulberry32 } from '../../src/stats/random.js';
import { LIFECYCLE_HAND_RESULT, LIFECYCLE_HAND_ROWS, pushRows, pushedMemo, type OrderRows } from './orders-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-lifecyclesql-'));

/**
 * `n` random rows over `customers` customers and 730 days from serial 45000 (2023-03-15), times in eighths of a day;
 * then a customer buying every 9 to 12 days (60 purchases), ten customers buying once for 50 on the same day, and a
 * customer with only a refund.
 */
function randomRows(seed: number, n: number, customers: number): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Required<Pick<OrderRows, 'cust' | 'date' | 'amount' | 'status'>> = {
    cust: [],
    date: [],
    amount: [],
    status: [],
  };
  const push = (c: string | null, d: number | null, a: number | null, s: string | null) => {
    rows.cust.push(c);
    rows.date.push(d);
    rows.amount.push(a);
    rows.status.push(s);
  };
  for (let i = 0; i < n; i++) {
    // Customers buy at their own pace: low codes often, high codes rarely.
    const c = Math.floor(customers * r() ** 2);
    push(
      r() < 0.02 ? null : `C${c}`,
      r() < 0.02 ? null : 45_000 + Math.floor(r() * 730) + (r() < 0.5 ? Math.floor(r() * 8) / 8 : 0),
      r() < 0.03 ? null : Math.round((r() * 400 - 30) * 100) / 100,
      pick(['paid', 'paid', 'paid', 'refunded', 'cancelled', null]),
    );
  }
  for (let k = 0, d = 45_010; k < 60; k++, d += 9 + Math.floor(r() * 4)) push('VIP', d, 80, 'paid');
  for (let k = 0; k < 10; k++) push(`ONCE${k}`, 45_100.25, 50, 'paid');
  push('REFUNDONLY', 45_200, -40, null);
  return rows;
}

const OPTIONS: [string, Partial<LifecycleOptions>, number][] = [
  ['defaults, months', {}, 45_700],
  [
    'weeks, 2 gaps, 10 days new, 25 customers shown, half a day past midnight',
    { period: 'week', periods: 20, minIntervals: 2, newDays: 10, maxCustomerRows: 25 },
    45_650.5,
  ],
  [
    'one snapshot, other factors and windows, no floor',
    {
      periods: 1,
      factors: { active: 1.2, atRisk: 2.5, dormant: 4 },
      windows: { active: 30, atRisk: 60, dormant: 120 },
      minWindowDays: 0,
      maxCustomerRows: 0,
    },
    45_730,
  ],
];

describe.each([
  [1, 800, 40],
  [2, 6000, 300],
])('lifecycle pushed down to DuckDB, random orders seed %i (%i rows, %i customers)', (seed, n, customers) => {
  const rows = randomRows(seed, n, customers);
  let engine: DuckEngine;
  let pushed: PushedOrders;
  let orders: Dataset;

  beforeAll(async () => {
    ({ engine, pushed, dataset: orders } = await pushRows(path.join(dir, `orders-${seed}.duckdb`), rows, dir));
  });
  afterAll(() => {
    engine.close();
  });

  it.each(OPTIONS)('%s: every table, figure, finding and note equals the in-memory result', async (_, given, asOf) => {
    const inputs = { orders };
    const common = { asOf, currency: 'CNY', lang: 'en' as const };
    const want = runLifecycle(inputs, common, given);
    const opts = lifecycleOptions(given, []);
    const memo = await pushedMemo(inputs, pushed, async (m, read) => {
      const built = await pushedLifecycle(engine, opts, asOf, read.customers);
      m.get(read, lifecycleKey(opts, asOf), () => built);
    });
    const got = runLifecycle(inputs, { ...common, memo }, given);
    // The whole customers table, written next to the workbook when the sheet shows only its first rows.
    const full = (r: typeof want) => {
      const f = fullTableOf(r.tables.find((t) => t.name === 'customers')!);
      return f && Array.from({ length: f.rows }, (_, k) => f.row(k));
    };
    expect(full(got)).toEqual(full(want));
    // Each row of the pushed table carries its customer's code into the run's customer list, so Customer facts
    // places it without a lookup by id: the code names the row's own customer, on every row. (The whole table is
    // attached when the sheet shows only part of it: the case with 25 customers shown.)
    const gotFull = fullTableOf(got.tables.find((t) => t.name === 'customers')!);
    if (gotFull) {
      const coded = gotFull.customers?.();
      expect(coded).toBeDefined();
      for (let k = 0; k < gotFull.rows; k++) expect(coded!.ids[coded!.code(k)]).toBe(gotFull.row(k).customer_id);
    }
    // The case is not trivial: customers in every stage but new, some judged on their own interval, moves.
    const stages = want.tables.find((t) => t.name === 'stages')!.rows;
    expect(stages.filter((s) => (s.customers as number) > 0).length).toBeGreaterThanOrEqual(4);
    expect(want.notes[1].en).not.toMatch(/^0 /);
    expect(got).toEqual(want);
  });
});

describe('a hand-made history', () => {
  // The hand case of orders-fixture.ts, worked there (median 6.5 is lifecycle-history.test.ts's medianGap example).
  it('judges A at risk on a 6.5-day interval and B new', async () => {
    const { engine, pushed } = await pushRows(path.join(dir, 'hand.duckdb'), LIFECYCLE_HAND_ROWS, dir);
    try {
      const built = await pushedLifecycle(engine, LIFECYCLE_DEFAULTS, 45_050, pushed.customers);
      expect(built.customers).toBe(LIFECYCLE_HAND_RESULT.customers);
      expect([0, 1].map((k) => built.list.at(k))).toEqual(LIFECYCLE_HAND_RESULT.list);
      expect(built.stages.transitions).toEqual(LIFECYCLE_HAND_RESULT.transitions);
    } finally {
      engine.close();
    }
  });
});

describe("customers with the same stage and revenue at the customers table's cut", () => {
  // Five customers buy once for 50 on 45000; as of 45100 each is 100 days from it, beyond 90 and within 180 on the
  // fixed windows: at risk, revenue 50 each. The ties go by id, as in memory.
  const ids = ['T5', 'T1', 'T4', 'T2', 'T3'];
  const rows: OrderRows = { cust: ids, date: ids.map(() => 45_000), amount: ids.map(() => 50) };
  it('come in id order', async () => {
    const { engine, pushed } = await pushRows(path.join(dir, 'ties.duckdb'), rows, dir);
    try {
      const built = await pushedLifecycle(engine, LIFECYCLE_DEFAULTS, 45_100, pushed.customers);
      const shown = [0, 1, 2, 3, 4].map((k) => built.list.at(k));
      expect(shown.map((c) => [c.id, c.judgement.stage, c.revenue])).toEqual([
        ['T1', 'at_risk', 50],
        ['T2', 'at_risk', 50],
        ['T3', 'at_risk', 50],
        ['T4', 'at_risk', 50],
        ['T5', 'at_risk', 50],
      ]);
      expect(built.customers).toBe(5);
    } finally {
      engine.close();
    }
  });
});

describe('runLifecycle asks the memo for its rollup', () => {
  it('without it there, the sealed memo stops it, naming the key', async () => {
    const rows = randomRows(3, 50, 5);
    const { engine, pushed, dataset } = await pushRows(path.join(dir, 'sealed.duckdb'), rows, dir);
    engine.close();
    const memo = await pushedMemo({ orders: dataset }, pushed, () => {});
    expect(() => runLifecycle({ orders: dataset }, { asOf: 45_700, currency: 'CNY', lang: 'en', memo })).toThrow(
      /sealed in the test \(no lifecycle for lifecycle\|30\|3\|1\.5\|3\|6\|90\|180\|365\|14\|month\|12\|45700\)/,
    );
  });
});
