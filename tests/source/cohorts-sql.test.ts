// The cohorts analysis on a pushed-down orders table (src/source/sql/cohorts.ts, src/source/duckdb/cohorts.ts) equals
// the in-memory one on the same rows: runCohorts over readOrders (src/analysis/user/cohorts.ts) is the definition, so
// every expected value here is what it gives without the pushdown. The rows are random but seeded, span two years
// (months and weeks both cross many boundaries) and hold what the rules treat apart: refunds (negative rows and a
// refunded status), cancelled rows, rows without customer, date or amount, refunds before a first purchase, several
// purchases on a day, rows after the as-of date, blank channels.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { periodOf } from '../../src/analysis/user/orders.js';
import {
  channelLookup,
  cohortsKey,
  runCohorts,
  COHORT_DEFAULTS,
  type CohortOptions,
} from '../../src/analysis/user/cohorts.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import { DuckEngine } from '../../src/source/duckdb/engine.js';
import { pushOrders, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { cohortsRead, pushedCohorts, type CohortChannels } from '../../src/source/duckdb/cohorts.js';
import { ordersRead } from '../../src/source/duckdb/run.js';
import { duckdbDialect } from '../../src/source/sql/dialect.js';
import { parseSourceSpec } from '../../src/source/spec.js';
import { mulberry32 } from '../../src/stats/random.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-cohortsql-'));

interface Rows {
  cust: (string | null)[];
  date: (number | null)[];
  amount: (number | null)[];
  status: (string | null)[];
  channel: (string | null)[];
}

/** `n` order rows over `customers` customers and 730 days from serial 45000 (2023-03-15); times in eighths of a day. */
function randomRows(seed: number, n: number, customers: number): Rows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Rows = { cust: [], date: [], amount: [], status: [], channel: [] };
  for (let i = 0; i < n; i++) {
    rows.cust.push(r() < 0.02 ? null : `C${Math.floor(r() * customers)}`);
    rows.date.push(r() < 0.02 ? null : 45_000 + Math.floor(r() * 730) + (r() < 0.5 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 400 - 30) * 100) / 100);
    rows.status.push(pick(['paid', 'paid', 'paid', 'refunded', 'cancelled', null]));
    rows.channel.push(pick(['web', 'app', 'store', '', null]));
  }
  return rows;
}

function ordersDataset(rows: Rows): Dataset {
  return makeDataset('orders', [
    { name: 'cust', role: 'customer_id', values: rows.cust, type: 'text' },
    { name: 'd', role: 'date', values: rows.date, type: 'datetime' },
    { name: 'amount', role: 'amount', values: rows.amount, type: 'number' },
    { name: 'status', role: 'status', values: rows.status, type: 'text' },
    { name: 'channel', role: 'channel', values: rows.channel, type: 'text' },
  ]);
}

/** A customers table giving most customers an acquisition channel (some none, one a customer with no orders). */
function customersDataset(customers: number): Dataset {
  const ids: string[] = [],
    chs: (string | null)[] = [];
  for (let c = 0; c < customers + 1; c++) {
    if (c % 7 === 3) continue;
    ids.push(`C${c}`);
    chs.push(c % 5 === 0 ? null : ['search', 'social', 'referral'][c % 3]);
  }
  return makeDataset('customers', [
    { name: 'id', role: 'customer_id', values: ids, type: 'text' },
    { name: 'acq', role: 'acquisition_channel', values: chs, type: 'text' },
  ]);
}

/** The rows as a table of a DuckDB file, in the same order. */
async function writeDb(file: string, rows: Rows): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const con = await inst.connect();
  const lit = (v: string | number | null, ts = false) =>
    v === null
      ? 'NULL'
      : typeof v === 'number'
        ? ts
          ? `CAST(TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(${(v * 86_400_000_000).toFixed(0)}) AS BIGINT)) AS TIMESTAMP)`
          : String(v)
        : `'${v}'`;
  await con.run('CREATE TABLE orders (cust VARCHAR, d TIMESTAMP, amount DOUBLE, status VARCHAR, channel VARCHAR)');
  const values = rows.cust.map(
    (_, i) =>
      `(${lit(rows.cust[i])}, ${lit(rows.date[i], true)}, ${lit(rows.amount[i])}, ${lit(rows.status[i])}, ${lit(rows.channel[i])})`,
  );
  await con.run(`INSERT INTO orders VALUES ${values.join(', ')}`);
  con.closeSync();
  inst.closeSync();
}

/**
 * runCohorts as a pushed-down run gives it: the memo holds the orders read (no rows) and the cohorts computed in
 * DuckDB, and is sealed, so anything else it asked for would throw.
 */
async function pushedRun(
  engine: DuckEngine,
  pushed: PushedOrders,
  inputs: AnalysisInputs,
  asOf: number,
  opts: CohortOptions,
): Promise<ReturnType<typeof runCohorts>> {
  const memo = new RunMemo();
  const orders = ordersRead(inputs.orders!, pushed.customers);
  memo.get(inputs.orders!, 'orders', () => ({ orders, diagnostics: pushed.diagnostics }));
  const lookup = channelLookup(inputs, orders);
  const channels: CohortChannels = lookup
    ? { byCode: orders.customers.map((_, c) => lookup(c)) }
    : inputs.orders!.columns.some((c) => c.role === 'channel')
      ? 'orders'
      : null;
  const built = await pushedCohorts(engine, opts, asOf, orders.customers, channels);
  memo.get(orders, cohortsKey(opts, asOf), () => built);
  memo.seal(orders, 'sealed in the test');
  return runCohorts(inputs, { asOf, currency: 'CNY', lang: 'en', memo }, opts);
}

const OPTIONS: [string, CohortOptions, number][] = [
  ['defaults, months', { ...COHORT_DEFAULTS }, 45_700],
  [
    'weeks, 30 days, refunds excluded',
    { ...COHORT_DEFAULTS, period: 'week', secondPurchaseDays: 30, refunds: 'exclude', maxPeriods: 20 },
    45_650.5,
  ],
  [
    'months, 7 days, 5 cohorts shown',
    { ...COHORT_DEFAULTS, secondPurchaseDays: 7, maxCohorts: 5, maxPeriods: 4 },
    45_400,
  ],
];

/**
 * `rows` in time order (a stable sort by date), as most exports list orders, without the refunds before their
 * customer's first purchase (a paid row with a positive amount): the kept rows read as stored are in file order
 * customer by customer, so the cohorts read them as they are (duckdb/cohorts.ts streamCohorts).
 */
function timeOrdered(rows: Rows): Rows {
  const order = rows.date.map((_, i) => i).sort((a, b) => (rows.date[a] ?? Infinity) - (rows.date[b] ?? Infinity));
  const bought = new Set<string>();
  const keep = order.filter((i) => {
    const c = rows.cust[i],
      a = rows.amount[i],
      st = rows.status[i];
    if (c === null || rows.date[i] === null) return true;
    if ((a !== null && a < 0) || st === 'refunded') return bought.has(c);
    if (a !== null && a > 0 && (st === 'paid' || st === null)) bought.add(c);
    return true;
  });
  const pick = <T>(xs: T[]): T[] => keep.map((i) => xs[i]);
  return {
    cust: pick(rows.cust),
    date: pick(rows.date),
    amount: pick(rows.amount),
    status: pick(rows.status),
    channel: pick(rows.channel),
  };
}

// Rows in file order at random: the cohorts sort the rows that count again by file position; in time order: they
// read the kept rows as stored.
describe.each([
  [1, 800, 40, 'random'],
  [2, 5000, 300, 'random'],
  [3, 5000, 300, 'time'],
])(
  'cohorts pushed down to DuckDB, random orders seed %i (%i rows, %i customers, %s order)',
  (seed, n, customers, order) => {
    const rows = order === 'time' ? timeOrdered(randomRows(seed, n, customers)) : randomRows(seed, n, customers);
    const orders = ordersDataset(rows);
    const withCustomers: AnalysisInputs = { orders, customers: customersDataset(customers) };
    let engine: DuckEngine;
    let pushed: PushedOrders;

    beforeAll(async () => {
      const file = path.join(dir, `orders-${seed}.duckdb`);
      await writeDb(file, rows);
      engine = await DuckEngine.create({ memoryLimit: '256MB', tempDirectory: dir });
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 0);
      pushed = await pushOrders(engine, opened, orders);
    });
    afterAll(() => {
      engine.close();
    });

    it.each(OPTIONS)(
      '%s: every table, figure, finding and the handover equal the in-memory result',
      async (_, opts, asOf) => {
        for (const inputs of [{ orders }, withCustomers]) {
          const want = runCohorts(inputs, { asOf, currency: 'CNY', lang: 'en' }, opts);
          const got = await pushedRun(engine, pushed, inputs, asOf, opts);
          // The case is not trivial: several cohorts, repeat buyers, channels.
          expect(want.tables.find((t) => t.name === 'retention_counts')!.rows.length).toBeGreaterThan(3);
          expect(want.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['channel_cohorts', 'time_to_second']));
          expect(got).toEqual(want);
          expect(cohortsRead(engine)).toBe(order === 'time' ? 'stream' : 'sorted');
        }
      },
    );

    it('runCohorts takes its cohorts from the memo: without them there, the sealed memo stops it', () => {
      const memo = new RunMemo();
      const read = ordersRead(orders, pushed.customers);
      memo.get(orders, 'orders', () => ({ orders: read, diagnostics: pushed.diagnostics }));
      memo.seal(read, 'The orders stay in DuckDB');
      expect(() =>
        runCohorts({ orders }, { asOf: 45_700, currency: 'CNY', lang: 'en', memo }, COHORT_DEFAULTS),
      ).toThrow(/The orders stay in DuckDB \(no cohorts for cohorts\|month\|90\|net\|45700\)/);
    });
  },
);

describe('period boundaries in SQL (Dialect.period) equal periodOf', () => {
  // Serials around month ends (Jan 31 / Feb 1, Feb 28 / 29 / Mar 1 of 2024, a leap year, Dec 31 / Jan 1) and a Sunday
  // / Monday pair (2024-03-03 is a Sunday, serial 45354).
  const days = [45_322, 45_323, 45_350, 45_351, 45_352, 45_354, 45_355, 45_657, 45_658, 2, 8, 9];
  it.each(['month', 'week'] as const)('%s', async (period) => {
    const engine = await DuckEngine.create({});
    try {
      const sql = days
        .map((d) => `SELECT ${d} AS day, ${duckdbDialect.period(String(d), period)} AS p`)
        .join(' UNION ALL ');
      const got = (await engine.rows(`${sql} ORDER BY day`)).map((r) => Number(r.p));
      expect(got).toEqual([...days].sort((a, b) => a - b).map((d) => periodOf(d, period)));
    } finally {
      engine.close();
    }
  });
});

describe('a customer buying on both sides of a period boundary', () => {
  // Hand-made: C1 buys 100 on 2024-01-31 (serial 45322) and 50 on 2024-02-01 (45323): one cohort 2024-01, active in
  // months 0 and 1, revenue 100 then 50; second purchase after 1 day. C2 buys 20 on 2024-02-29 and 30 on 2024-03-01:
  // cohort 2024-02, offsets 0 and 1. As of 2024-03-31 (45382), cohort 2024-01 has offsets 0–2, 2024-02 has 0–1.
  const rows: Rows = {
    cust: ['C1', 'C1', 'C2', 'C2'],
    date: [45_322, 45_323, 45_351, 45_352],
    amount: [100, 50, 20, 30],
    status: ['paid', 'paid', 'paid', 'paid'],
    channel: ['web', 'web', 'app', 'app'],
  };
  it('is active in offsets 0 and 1, with its revenue in each', async () => {
    const file = path.join(dir, 'boundary.duckdb');
    await writeDb(file, rows);
    const engine = await DuckEngine.create({});
    try {
      const orders = ordersDataset(rows);
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 0);
      const pushed = await pushOrders(engine, opened, orders);
      const built = await pushedCohorts(engine, COHORT_DEFAULTS, 45_382, pushed.customers, 'orders');
      expect(built.data.cohorts.map((c) => [c.size, c.active, c.revenue, c.survivors])).toEqual([
        [1, [1, 1, 0], [100, 50, 0], [1, 1]],
        [1, [1, 1], [20, 30], [1]],
      ]);
      expect(built.data.secondPurchase.daysToSecond).toEqual([1, 1]);
      expect(built.members).toEqual({
        period: 'month',
        ids: ['C1', 'C2'],
        cohort: ['2024-01', '2024-02'],
        channel: ['web', 'app'],
      });
    } finally {
      engine.close();
    }
  });
});

describe('a customer with two purchases on the first day', () => {
  // Hand-made: C1 buys 100 and 60 on 2024-01-31 (serial 45322, the same time: file order decides, web first) and 50
  // on 2024-02-08 (45330): the second purchase is 8 days after the first (a second row on the first day is not a
  // second purchase), the channel the first row's. C2 buys once. runCohorts on the same rows in memory is the
  // definition of the rest.
  const rows: Rows = {
    cust: ['C1', 'C1', 'C2', 'C1'],
    date: [45_322, 45_322, 45_325, 45_330],
    amount: [100, 60, 20, 50],
    status: ['paid', 'paid', 'paid', 'paid'],
    channel: ['web', 'app', 'app', 'store'],
  };
  it('counts 8 days to the second purchase and the first row’s channel, as in memory', async () => {
    const file = path.join(dir, 'same-day.duckdb');
    await writeDb(file, rows);
    const engine = await DuckEngine.create({});
    try {
      const orders = ordersDataset(rows);
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 0);
      const pushed = await pushOrders(engine, opened, orders);
      const built = await pushedCohorts(engine, COHORT_DEFAULTS, 45_382, pushed.customers, 'orders');
      expect(built.data.secondPurchase.daysToSecond).toEqual([8]);
      expect(built.members.channel).toEqual(['web', 'app']);
      const want = runCohorts({ orders }, { asOf: 45_382, currency: 'CNY', lang: 'en' }, COHORT_DEFAULTS);
      expect(await pushedRun(engine, pushed, { orders }, 45_382, COHORT_DEFAULTS)).toEqual(want);
    } finally {
      engine.close();
    }
  });
});

describe('a refund before the first purchase', () => {
  // Hand-made, rows in time order: C1 is refunded 30 on 2024-01-05 (serial 45296), then buys 100 on 2024-01-10
  // (45301) and 40 on 2024-02-02 (45324). buildCohorts counts a refund from the first purchase's period on: the
  // cohort 2024-01 has revenue 100 − 30 = 70 at offset 0 and 40 at offset 1. Read as stored, the refund comes before
  // the purchase that sets the cohort, so the cohorts sort the rows again. Refunded in December instead (45280,
  // 2023-12-20), it counts nothing (offset −1): revenue 100, then 40, and the rows are read as stored.
  const rowsOn = (refundDay: number): Rows => ({
    cust: ['C1', 'C1', 'C1'],
    date: [refundDay, 45_301, 45_324],
    amount: [-30, 100, 40],
    status: ['paid', 'paid', 'paid'],
    channel: ['web', 'web', 'app'],
  });
  it.each([
    [45_296, [70, 40], 'sorted'],
    [45_280, [100, 40], 'stream'],
  ] as const)('refunded on day %i: revenue %j, the rows read %s', async (refundDay, revenue, how) => {
    const rows = rowsOn(refundDay);
    const file = path.join(dir, `early-refund-${refundDay}.duckdb`);
    await writeDb(file, rows);
    const engine = await DuckEngine.create({});
    try {
      const orders = ordersDataset(rows);
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 0);
      const pushed = await pushOrders(engine, opened, orders);
      const built = await pushedCohorts(engine, COHORT_DEFAULTS, 45_340, pushed.customers, 'orders');
      expect(cohortsRead(engine)).toBe(how);
      expect(built.data.cohorts.map((c) => [c.period, c.revenue, c.active])).toEqual([
        [periodOf(45_301, 'month'), revenue, [1, 1]],
      ]);
      const want = runCohorts({ orders }, { asOf: 45_340, currency: 'CNY', lang: 'en' }, COHORT_DEFAULTS);
      expect(await pushedRun(engine, pushed, { orders }, 45_340, COHORT_DEFAULTS)).toEqual(want);
    } finally {
      engine.close();
    }
  });
});
