// The kept rows sorted in ranges of customer codes (src/source/duckdb/orders.ts, when they do not fit in DuckDB's
// memory at once: 100M orders) give the same summaries, repeat days and cohorts, to the last bit, as the kept rows
// sorted at once. LOOPBOOK_KEPT_RANGE_ROWS forces a few rows per range, so a small table spans many ranges. Expected
// values: the in-memory engine's on the same rows (readOrders + summarizeCustomers, repeatDays, runCohorts are the
// definition), the single-range pushdown's, and for a six-row table figures worked out by hand (comments).
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOrders } from '../../src/analysis/user/orders.js';
import { repeatDays } from '../../src/analysis/user/clv.js';
import { summarizeCustomers, type SummaryOptions } from '../../src/analysis/user/customer-summary.js';
import { cohortsKey, runCohorts, COHORT_DEFAULTS, type CohortOptions } from '../../src/analysis/user/cohorts.js';
import type { DuckEngine } from '../../src/source/duckdb/engine.js';
import {
  keptRanges,
  parseBytes,
  pushedRepeatDays,
  pushedSummaries,
  releaseKept,
  yieldMemory,
  type PushedOrders,
} from '../../src/source/duckdb/orders.js';
import { cohortsRead, pushedCohorts } from '../../src/source/duckdb/cohorts.js';
import { codeRanges, codeWithin, partsTableSql } from '../../src/source/sql/customer-summary.js';
import { mulberry32 } from '../../src/stats/random.js';
import { ordersDataset, pushRows, pushedMemo, type OrderRows, plainSummary } from './orders-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-ranges-'));

/** pushRows with LOOPBOOK_KEPT_RANGE_ROWS = `perRange` (undefined: the memory limit's own, one range here). */
async function pushWith(
  name: string,
  rows: OrderRows,
  perRange: number | undefined,
): Promise<{ engine: DuckEngine; pushed: PushedOrders }> {
  const saved = process.env.LOOPBOOK_KEPT_RANGE_ROWS;
  if (perRange === undefined) delete process.env.LOOPBOOK_KEPT_RANGE_ROWS;
  else process.env.LOOPBOOK_KEPT_RANGE_ROWS = String(perRange);
  try {
    return await pushRows(path.join(dir, `${name}.duckdb`), rows, dir);
  } finally {
    if (saved === undefined) delete process.env.LOOPBOOK_KEPT_RANGE_ROWS;
    else process.env.LOOPBOOK_KEPT_RANGE_ROWS = saved;
  }
}

describe('partsTableSql and codeWithin (pure)', () => {
  it('creates the table from the first part and appends the others in order', () => {
    // By hand: what every ranged table (kept rows, lb_s1, lb_rv, lb_dv, the cohorts') is made of.
    expect(partsTableSql('t', [[0, 9] as const, [10, 19] as const], (r, i) => `SELECT ${i}${codeWithin(r)}`)).toEqual([
      'CREATE OR REPLACE TEMP TABLE t AS SELECT 0 AND code BETWEEN 0 AND 9',
      'INSERT INTO t SELECT 1 AND code BETWEEN 10 AND 19',
    ]);
    expect(partsTableSql('k.t', [undefined], (r) => `SELECT 1${codeWithin(r)}`, false)).toEqual([
      'CREATE OR REPLACE TABLE k.t AS SELECT 1',
    ]);
  });
});

describe('codeRanges (pure)', () => {
  it('cuts the codes where the next bucket would pass the rows per range, in code order', () => {
    // Buckets of 2 codes holding 5, 1, 4, 4, 9 rows; 6 rows a range: 5+1 | 4 (4+4 > 6) | 4 | 9 alone (above 6).
    expect(codeRanges([5, 1, 4, 4, 9], 2, 10, 6)).toEqual([
      [0, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    // Everything fits: one range. The last bucket partly past the customers: cut at the last code.
    expect(codeRanges([5, 1, 4], 2, 5, 100)).toEqual([[0, 4]]);
    expect(codeRanges([], 1, 0, 10)).toEqual([]);
  });
  it('reads DuckDB sizes', () => {
    expect(parseBytes('3.7 GiB')).toBe(3.7 * 1024 ** 3);
    expect(parseBytes('4.0 GB')).toBe(4e9);
    expect(parseBytes('512.0 MiB')).toBe(512 * 1024 ** 2);
    expect(parseBytes('100 bytes')).toBe(100);
    expect(parseBytes('unlimited')).toBeUndefined();
  });
});

/** `n` rows over `customers` customers, 400 days from serial 45000; order lines, refunds, cancelled rows, blanks. */
function randomRows(seed: number, n: number, customers: number): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Required<Pick<OrderRows, 'cust' | 'date' | 'amount' | 'oid' | 'status' | 'channel'>> = {
    cust: [],
    date: [],
    amount: [],
    oid: [],
    status: [],
    channel: [],
  };
  let lastOid = 'O1';
  for (let i = 0; i < n; i++) {
    rows.cust.push(r() < 0.02 ? null : `C${Math.floor(r() * customers)}`);
    rows.date.push(r() < 0.02 ? null : 45_000 + Math.floor(r() * 400) + (r() < 0.5 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 400 - 30) * 100) / 100);
    const oid = r() < 0.2 ? lastOid : r() < 0.1 ? null : `O${i}`;
    if (oid) lastOid = oid;
    rows.oid.push(oid);
    rows.status.push(pick(['paid', 'paid', 'paid', 'refunded', 'cancelled', null]));
    rows.channel.push(pick(['web', 'app', 'store', '', null]));
  }
  return rows;
}

const OPTIONS: SummaryOptions[] = [
  { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf: 45_380 },
  { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: 45_380 },
  { refunds: 'exclude', mergeSameDay: true, timeUnit: 'days', asOf: 45_380, calibrationEnd: 45_300 },
];
const COHORTS: [CohortOptions, number][] = [
  [{ ...COHORT_DEFAULTS }, 45_380],
  [{ ...COHORT_DEFAULTS, period: 'week', refunds: 'exclude', secondPurchaseDays: 30, maxPeriods: 20 }, 45_350],
];

// 5,000 rows over 300 customers: with 97 rows a range, about 50 ranges, each customer's rows in one of them.
describe('kept rows in ranges of customer codes, random orders (5,000 rows, 300 customers)', () => {
  const rows = randomRows(7, 5000, 300);
  const ds = ordersDataset(rows);
  const mem = readOrders({ orders: ds }, [])!;
  let one: { engine: DuckEngine; pushed: PushedOrders };
  let many: { engine: DuckEngine; pushed: PushedOrders };

  beforeAll(async () => {
    one = await pushWith('one', rows, undefined);
    many = await pushWith('many', rows, 97);
  });
  afterAll(() => {
    one.engine.close();
    many.engine.close();
  });

  it('sorts them in many ranges covering every code once, in order; one range without the setting', () => {
    const { ranges, schema } = keptRanges(many.engine);
    expect(ranges.length).toBeGreaterThan(20);
    expect(schema).toBeDefined();
    expect(ranges[0][0]).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
    expect(ranges.at(-1)![1]).toBe(mem.customers.length - 1);
    expect(keptRanges(one.engine).ranges).toEqual([[0, mem.customers.length - 1]]);
    expect(keptRanges(one.engine).schema).toBeUndefined();
  });

  it('gives the summaries of summarizeCustomers to the bit, as one range does', async () => {
    const want = OPTIONS.map((o) => plainSummary(summarizeCustomers(mem, o)));
    const got = await pushedSummaries(many.engine, OPTIONS, many.pushed.customers);
    expect(got.map(plainSummary)).toEqual(want);
    expect((await pushedSummaries(one.engine, OPTIONS, one.pushed.customers)).map(plainSummary)).toEqual(want);
    // Not trivial: repeat buyers, with revenue that is not a whole number of cents' sum in every order.
    expect(want[0].x.filter((x) => x > 0).length).toBeGreaterThan(200);
  });

  it("gives CLV's repeat days as repeatDays does", async () => {
    const want = repeatDays(mem);
    const got = await pushedRepeatDays(many.engine);
    expect(Array.from(got.day)).toEqual(Array.from(want.day));
    expect(Array.from(got.n)).toEqual(Array.from(want.n));
  });

  it.each(COHORTS.map(([o, asOf]) => [`${o.period}, refunds ${o.refunds}`, o, asOf] as const))(
    'gives the cohorts of runCohorts, every table and figure (%s)',
    async (_, opts, asOf) => {
      const want = runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en' }, opts);
      for (const { engine, pushed } of [many, one]) {
        const memo = await pushedMemo({ orders: ds }, pushed, async (m, orders) => {
          const built = await pushedCohorts(engine, opts, asOf, orders.customers, 'orders');
          m.get(orders, cohortsKey(opts, asOf), () => built);
        });
        expect(runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en', memo }, opts)).toEqual(want);
        // Rows in random order: a customer's rows in time order are not in file order, the stream would add them
        // in another order.
        expect(cohortsRead(engine)).toBe('sorted');
      }
    },
  );

  it('gives the cohorts by a channel per customer code (a customers table) as one range does', async () => {
    // Expected: the single-range pushdown's cohorts on the same rows and channels (the path the cohorts tests check
    // against runCohorts). Every third code without a channel, so the channel join misses some customers.
    const names = ['web', 'app', 'store', 'partner'];
    const byCode = mem.customers.map((_, code) => (code % 3 === 2 ? null : names[code % names.length]));
    const [opts, asOf] = COHORTS[0];
    const got = await pushedCohorts(many.engine, opts, asOf, many.pushed.customers, { byCode });
    const want = await pushedCohorts(one.engine, opts, asOf, one.pushed.customers, { byCode });
    expect(got).toEqual(want);
    // Not trivial: four channels and the customers without one (''), each with customers active after their first
    // period.
    expect([...want.data.byChannel.keys()].sort()).toEqual(['', 'app', 'partner', 'store', 'web']);
    for (const g of want.data.byChannel.values()) expect(g.activeAt.slice(1).some((x) => x > 0)).toBe(true);
  });

  it('stores the order ids uncompressed, the other columns as DuckDB chooses, with no run-wide setting', async () => {
    await many.engine.run('CHECKPOINT lb_disk');
    const stored = await many.engine.rows(
      `SELECT column_name AS c, list(DISTINCT compression ORDER BY compression) AS m FROM pragma_storage_info('lb_disk.lb_kept_rows') WHERE segment_type = 'VARCHAR' GROUP BY c ORDER BY c`,
    );
    // The channel's four names take a dictionary; the order ids (distinct, 'O1' …) are stored as they are.
    expect(stored.map((r) => [r.c, String(r.m)])).toEqual([
      ['ch', 'Dictionary'],
      ['oid', 'Uncompressed'],
    ]);
    const [{ m }] = await many.engine.rows(`SELECT current_setting('disabled_compression_methods') AS m`);
    expect(m).toBe('');
  });

  it("lowers DuckDB's memory limit while the cohorts' members are read, and sets it back after", async () => {
    const engine = many.engine;
    const limit = async () =>
      parseBytes(String((await engine.rows(`SELECT current_setting('memory_limit') AS v`))[0].v))!;
    const before = await limit();
    // The fixture's 300 customers would hold 14 KB, under the MB the limit is set in: the count is read as 2,000,000
    // customers, 48 bytes each (cohorts.ts MEMBER_BYTES), so 96 MB less while the members are read.
    const rows = engine.rows.bind(engine);
    const numberColumns = engine.numberColumns.bind(engine);
    const during: number[] = [];
    engine.rows = async (sql) => (sql.startsWith('SELECT count(*) AS count FROM') ? [{ count: 2e6 }] : await rows(sql));
    engine.numberColumns = async (sql) => {
      if (sql.includes('list_position')) during.push(await limit());
      return await numberColumns(sql);
    };
    const [opts, asOf] = COHORTS[0];
    try {
      await pushedCohorts(engine, opts, asOf, many.pushed.customers, 'orders');
    } finally {
      engine.rows = rows;
      engine.numberColumns = numberColumns;
    }
    expect(during).toHaveLength(1);
    expect((before - during[0]) / 1e6).toBeCloseTo(96, 0);
    expect(await limit()).toBe(before);
  });

  it('lowers DuckDB memory limit by what the summaries hold, to half of it at most, until the kept rows go', async () => {
    const limit = async () => String((await many.engine.rows(`SELECT current_setting('memory_limit') AS v`))[0].v);
    // The fixture's engine has 256MB, which DuckDB shows as 244.1 MiB (255,957,401 bytes read back). What the process
    // holds beside it (holdMemory: 300 customers' ids, 16 bytes and a word each with a slot of 8, and the summaries
    // above, a few columns of 300 doubles each) is under a MB: cut to whole MB, 255MB (DuckDB shows 243.1 MiB: it
    // cuts to a tenth).
    expect(await limit()).toBe('243.1 MiB');
    await yieldMemory(many.engine, 100e6);
    expect(await limit()).toBe('147.8 MiB'); // 255,957,401 − under a MB − 100,000,000: 155MB
    await yieldMemory(many.engine, 1e12);
    expect(await limit()).toBe('121.1 MiB'); // half of 255,957,401: 127MB
    const before = readdirSync(dir).filter((f) => f.startsWith('loopbook-kept-'));
    expect(before.length).toBeGreaterThan(0);
    await releaseKept(many.engine);
    // Set back to the fixture's 256MB, but for DuckDB's own rounding (it shows 244.0 MiB then).
    expect(Math.abs(parseBytes(await limit())! - 256e6)).toBeLessThan(0.2 * 2 ** 20);
    expect(readdirSync(dir).filter((f) => f.startsWith('loopbook-kept-'))).toEqual([]);
    expect(keptRanges(many.engine).ranges).toEqual([]);
  });
});

describe('kept rows in ranges, six rows worked out by hand', () => {
  // Customers by first appearance: A = code 0, B = 1, C = 2. Days: 45292 = 2024-01-01, 45293 = 01-02, 45323 = 02-01,
  // 45352 = 03-01, 45356 = 03-05. One kept row a range: each customer a range of its own (3 ranges).
  const rows: OrderRows = {
    cust: ['A', 'B', 'A', 'C', 'B', 'A'],
    date: [45_292, 45_293, 45_292, 45_323, 45_352, 45_356],
    amount: [10.5, 7.25, 4.5, 100, -7.25, 20],
    oid: ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'],
  };
  const asOf = 45_657; // 2024-12-31
  let pushed: { engine: DuckEngine; pushed: PushedOrders };
  beforeAll(async () => {
    pushed = await pushWith('hand', rows, 1);
  });
  afterAll(() => {
    pushed.engine.close();
  });

  it('sorts each customer in a range of its own', () => {
    expect(keptRanges(pushed.engine).ranges).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('sums each customer within its range', async () => {
    const [byOrder, byDay] = await pushedSummaries(
      pushed.engine,
      [
        { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf },
        { refunds: 'net', mergeSameDay: true, timeUnit: 'days', asOf },
      ],
      pushed.pushed.customers,
    );
    expect(byOrder.ids).toEqual(['A', 'B', 'C']);
    // A: orders o1, o3, o6; revenue 10.5 + 4.5 + 20 = 35; 2 days (01-01, 03-05). B: 7.25 less the refund 7.25 = 0.
    expect(Array.from(byOrder.orders)).toEqual([3, 1, 1]);
    expect(Array.from(byOrder.revenue)).toEqual([35, 0, 100]);
    expect(Array.from(byOrder.days)).toEqual([2, 1, 1]);
    expect(Array.from(byOrder.first)).toEqual([45_292, 45_293, 45_323]);
    expect(Array.from(byOrder.last)).toEqual([45_356, 45_293, 45_323]);
    // By order, A's repeat events o3 (4.5) and o6 (20): mean 12.25. By day: one repeat day (03-05, 20).
    expect(Array.from(byOrder.x)).toEqual([2, 0, 0]);
    expect(Array.from(byOrder.zbar)).toEqual([12.25, 0, 0]);
    expect(Array.from(byDay.x)).toEqual([1, 0, 0]);
    expect(Array.from(byDay.zbar)).toEqual([20, 0, 0]);
    // The refund row: one, 7.25.
    expect(byOrder.refundRows).toBe(1);
    expect(byOrder.refundTotal).toBe(7.25);
    // The summaries group by code in DuckDB's perfect hash (orders.ts perfectGroups), then set its threshold back to
    // DuckDB's documented default of 12 bits for the rollups after them.
    const [{ v }] = await pushed.engine.rows(`SELECT current_setting('perfect_ht_threshold') AS v`);
    expect(Number(v)).toBe(12);
  });

  it('adds the cohorts across ranges', async () => {
    const built = await pushedCohorts(pushed.engine, COHORT_DEFAULTS, asOf, pushed.pushed.customers, null);
    const [jan, feb] = built.data.cohorts;
    // January: A and B; offset 0: A's 10.5 + 4.5 and B's 7.25 = 22.25, 2 active; offset 1 (February): none;
    // offset 2 (March): A's 20 less B's refund 7.25 = 12.75, A active only (a refund is no purchase).
    expect(jan.size).toBe(2);
    expect(jan.active.slice(0, 3)).toEqual([2, 0, 1]);
    expect(jan.revenue.slice(0, 3)).toEqual([22.25, 0, 12.75]);
    // February: C alone, 100 at offset 0.
    expect(feb.size).toBe(1);
    expect(feb.revenue[0]).toBe(100);
    expect(built.members.ids).toEqual(['A', 'B', 'C']);
  });
});

/**
 * randomRows in time order (a sort by date, stable: same-time rows keep their order), as most exports list orders,
 * without the refunds that come before their customer's first purchase (a paid row with a positive amount): the kept
 * rows read in stored order are then in file order customer by customer, and the cohorts read them as they are.
 */
function timeOrdered(rows: OrderRows): OrderRows {
  const order = rows.date.map((_, i) => i).sort((a, b) => (rows.date[a] ?? Infinity) - (rows.date[b] ?? Infinity));
  const bought = new Set<string>();
  const keep = order.filter((i) => {
    const c = rows.cust[i],
      a = rows.amount[i],
      st = rows.status![i];
    if (c === null || rows.date[i] === null) return true;
    if ((a !== null && a < 0) || st === 'refunded') return bought.has(c);
    if (a !== null && a > 0 && (st === 'paid' || st === null)) bought.add(c);
    return true;
  });
  const pick = <T>(xs: T[] | undefined): T[] | undefined => xs && keep.map((i) => xs[i]);
  return {
    cust: pick(rows.cust)!,
    date: pick(rows.date)!,
    amount: pick(rows.amount)!,
    oid: pick(rows.oid),
    status: pick(rows.status),
    channel: pick(rows.channel),
  };
}

// The same random orders in time order: the cohorts read the kept rows as stored (duckdb/cohorts.ts streamCohorts),
// in one range and in many. Expected: runCohorts in memory on the same rows, to the last bit.
describe('cohorts of kept rows in time order, read as stored (5,000 rows, 300 customers)', () => {
  const rows = timeOrdered(randomRows(7, 5000, 300));
  const ds = ordersDataset(rows);
  let one: { engine: DuckEngine; pushed: PushedOrders };
  let many: { engine: DuckEngine; pushed: PushedOrders };

  beforeAll(async () => {
    one = await pushWith('timed-one', rows, undefined);
    many = await pushWith('timed-many', rows, 97);
  });
  afterAll(() => {
    one.engine.close();
    many.engine.close();
  });

  it.each(COHORTS.map(([o, asOf]) => [`${o.period}, refunds ${o.refunds}`, o, asOf] as const))(
    'gives the cohorts of runCohorts, every table and figure (%s)',
    async (_, opts, asOf) => {
      const want = runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en' }, opts);
      // Not trivial: refunds after first purchases, repeat buyers in later periods.
      expect(rows.amount.filter((a) => a !== null && a < 0).length).toBeGreaterThan(100);
      expect(want.tables.find((t) => t.name === 'retention_counts')!.rows.length).toBeGreaterThan(3);
      expect(keptRanges(many.engine).ranges.length).toBeGreaterThan(20);
      for (const { engine, pushed } of [many, one]) {
        const memo = await pushedMemo({ orders: ds }, pushed, async (m, orders) => {
          const built = await pushedCohorts(engine, opts, asOf, orders.customers, 'orders');
          m.get(orders, cohortsKey(opts, asOf), () => built);
        });
        expect(runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en', memo }, opts)).toEqual(want);
        expect(cohortsRead(engine)).toBe('stream');
      }
    },
  );

  it('gives the cohorts by a channel per customer code (a customers table) as one range does', async () => {
    // Expected: the single-range pushdown's cohorts on the same rows and channels, both read as stored (the
    // time-ordered cohorts test of cohorts-sql.test.ts checks that way against runCohorts with a customers table).
    const names = ['web', 'app', 'store', 'partner'];
    const codes = one.pushed.customers.length;
    const byCode = Array.from({ length: codes }, (_, code) => (code % 3 === 2 ? null : names[code % names.length]));
    const [opts, asOf] = COHORTS[0];
    const got = await pushedCohorts(many.engine, opts, asOf, many.pushed.customers, { byCode });
    expect(cohortsRead(many.engine)).toBe('stream');
    const want = await pushedCohorts(one.engine, opts, asOf, one.pushed.customers, { byCode });
    expect(cohortsRead(one.engine)).toBe('stream');
    expect(got).toEqual(want);
    expect([...want.data.byChannel.keys()].sort()).toEqual(['', 'app', 'partner', 'store', 'web']);
  });

  it('makes the firsts, the active counts and the revenue on two connections, and leaves no table of them behind', async () => {
    // Expected: runCohorts in memory (as above); the second connection (SqlEngine.fork) runs some of each range's
    // firsts and the statements beside them (firstsBeside), and the tables both share are dropped after.
    const [opts, asOf] = COHORTS[0];
    const want = runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en' }, opts);
    const engine = many.engine;
    const ran: string[] = [];
    const fork = engine.fork.bind(engine);
    engine.fork = async () => {
      const forked = await fork();
      const run = forked.run.bind(forked),
        rows = forked.rows.bind(forked);
      forked.run = (sql: string) => (ran.push(sql), run(sql));
      forked.rows = (sql: string) => (ran.push(sql), rows(sql));
      return forked;
    };
    try {
      const memo = await pushedMemo({ orders: ds }, many.pushed, async (m, orders) => {
        const built = await pushedCohorts(engine, opts, asOf, orders.customers, 'orders');
        m.get(orders, cohortsKey(opts, asOf), () => built);
      });
      expect(cohortsRead(engine)).toBe('stream');
      expect(runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en', memo }, opts)).toEqual(want);
    } finally {
      delete (engine as Partial<DuckEngine>).fork;
    }
    expect(ran.some((s) => /^CREATE OR REPLACE TABLE lb_shared\.lb_coh_f_\d+ AS/.test(s))).toBe(true);
    expect(ran.some((s) => s.includes('AS revenue') || s.startsWith('SELECT f.fp AS fp'))).toBe(true);
    const left = await engine.rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'lb_shared'`);
    expect(Number(left[0].n)).toBe(0);
  });
});

// The time-ordered orders with one more customer at the end of the file, Z, whose three purchases are listed latest
// day first (45,370, 45,365, 45,360, all in 2024-03): Z is the last customer code, in the last range, and its rows
// read in stored order are not in file order. The first range reads clean, so the later ranges' firsts are made with
// the stream's checks too, and Z's turns the cohorts to storing the rows again. Expected: runCohorts in memory.
describe('cohorts of kept rows in time order but for a customer of the last range (5,003 rows)', () => {
  const base = timeOrdered(randomRows(7, 5000, 300));
  const rows: OrderRows = {
    cust: [...base.cust, 'Z', 'Z', 'Z'],
    date: [...base.date, 45_370, 45_365, 45_360],
    amount: [...base.amount, 0.1, 0.2, 0.3],
    oid: [...base.oid!, 'Z1', 'Z2', 'Z3'],
    status: [...base.status!, 'paid', 'paid', 'paid'],
    channel: [...base.channel!, 'web', 'web', 'web'],
  };
  const ds = ordersDataset(rows);
  let many: { engine: DuckEngine; pushed: PushedOrders };

  beforeAll(async () => {
    many = await pushWith('late-many', rows, 97);
  });
  afterAll(() => {
    many.engine.close();
  });

  it('stores the rows again, and gives the cohorts of runCohorts', async () => {
    const [opts, asOf] = COHORTS[0];
    const want = runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en' }, opts);
    expect(keptRanges(many.engine).ranges.length).toBeGreaterThan(20);
    expect(many.pushed.customers.at(-1)).toBe('Z');
    const memo = await pushedMemo({ orders: ds }, many.pushed, async (m, orders) => {
      const built = await pushedCohorts(many.engine, opts, asOf, orders.customers, 'orders');
      m.get(orders, cohortsKey(opts, asOf), () => built);
    });
    expect(cohortsRead(many.engine)).toBe('sorted');
    expect(runCohorts({ orders: ds }, { asOf, currency: 'CNY', lang: 'en', memo }, opts)).toEqual(want);
  });
});
