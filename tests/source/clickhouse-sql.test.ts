// The rollups' SQL (src/source/sql/) on the real ClickHouse engine, in-process with chDB (tests/source/chdb.ts),
// through ClickHouseEngine and the ClickHouse dialect: the per-customer summary and the cohorts equal the
// in-memory engine's on the same rows. readOrders + summarizeCustomers and runCohorts (src/analysis/user/) are
// the definition, so every expected value here is theirs: the summary to the bit (sums added in the in-memory
// order: Dialect.sequentialSum), the cohorts' tables, figures and findings equal.
// The rows are random but seeded and hold what the rules treat apart (as tests/source/summary-sql.test.ts and
// cohorts-sql.test.ts for DuckDB): refunds (negative rows and a refunded status), partial refunds, cancelled and
// unknown statuses, line items without an amount, rows without customer, date or amount, several rows on a day,
// blank channels, rows after the as-of date. Dates are a DateTime64 in Asia/Shanghai holding the wall-clock time
// (a sheet's), so a serial taken in UTC would be 8 hours off and move rows across days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { readOrders, periodOf } from '../../src/analysis/user/orders.js';
import { repeatDays } from '../../src/analysis/user/clv.js';
import { summarizeCustomers, type SummaryOptions } from '../../src/analysis/user/customer-summary.js';
import {
  channelLookup,
  cohortsKey,
  runCohorts,
  COHORT_DEFAULTS,
  type CohortOptions,
} from '../../src/analysis/user/cohorts.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { Diagnostic } from '../../src/types.js';
import { ClickHouseEngine } from '../../src/source/clickhouse/engine.js';
import { clickhouseDialect } from '../../src/source/sql/clickhouse-dialect.js';
import {
  pushedRepeatDays,
  pushOrders,
  pushedSummary,
  releaseRows,
  type PushedOrders,
} from '../../src/source/duckdb/orders.js';
import { pushedCohorts } from '../../src/source/duckdb/cohorts.js';
import { ordersRead } from '../../src/source/duckdb/run.js';
import { parseSourceSpec, type ClickHouseSource } from '../../src/source/spec.js';
import { mulberry32 } from '../../src/stats/random.js';
import { chdbTransport, loadChdb, type ChdbSession } from './chdb.js';
import { plainSummary } from './orders-fixture.js';

interface Rows {
  cust: (string | null)[];
  date: (number | null)[];
  amount: (number | null)[];
  oid: (string | null)[];
  status: (string | null)[];
  refunded: (number | null)[];
  channel: (string | null)[];
}

/** `n` rows over `customers` customers and `days` days from serial 45000 (2023-03-15); times in eighths of a day. */
function randomRows(seed: number, n: number, customers: number, days: number): Rows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Rows = { cust: [], date: [], amount: [], oid: [], status: [], refunded: [], channel: [] };
  let lastOid = 'O1';
  for (let i = 0; i < n; i++) {
    rows.cust.push(r() < 0.02 ? null : `C${Math.floor(r() * customers)}`);
    rows.date.push(r() < 0.02 ? null : 45_000 + Math.floor(r() * days) + (r() < 0.5 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.04 ? null : Math.round((r() * 400 - 25) * 100) / 100);
    // Some rows repeat the order before them (line items, refund lines), some have none.
    const oid = r() < 0.25 ? lastOid : r() < 0.1 ? null : `O${i}`;
    if (oid) lastOid = oid;
    rows.oid.push(oid);
    rows.status.push(pick(['paid', 'paid', 'completed', 'refunded', 'cancelled', 'Awaiting pickup', null]));
    rows.refunded.push(r() < 0.08 ? Math.round(r() * 30 * 100) / 100 : null);
    rows.channel.push(pick(['web', 'app', 'store', '', null]));
  }
  return rows;
}

function dataset(rows: Rows): Dataset {
  return makeDataset('orders', [
    { name: 'cust', role: 'customer_id', values: rows.cust, type: 'text' },
    { name: 'd', role: 'date', values: rows.date, type: 'datetime' },
    { name: 'amount', role: 'amount', values: rows.amount, type: 'number' },
    { name: 'oid', role: 'order_id', values: rows.oid, type: 'text' },
    { name: 'status', role: 'status', values: rows.status, type: 'text' },
    { name: 'refunded', role: 'refunded_amount', values: rows.refunded, type: 'number' },
    { name: 'channel', role: 'channel', values: rows.channel, type: 'text' },
  ]);
}

/** An Excel serial as the wall-clock text ClickHouse parses into a DateTime64 of the column's zone. */
function wallClock(serial: number): string {
  return new Date(Math.round((serial - 25_569) * 86_400_000)).toISOString().slice(0, 23).replace('T', ' ');
}

/** The rows as `<db>.orders` in chDB, in the same order (a MergeTree without a sorting key keeps insertion order). */
function writeTable(session: ChdbSession, db: string, rows: Rows): void {
  session.query(`CREATE DATABASE IF NOT EXISTS ${db}`);
  // `cents` is computed, not stored: `SELECT *` does not show it, so neither do the source's columns (the dataset's
  // column B is `d`).
  session.query(`CREATE TABLE ${db}.orders (cust Nullable(String), cents Nullable(Float64) MATERIALIZED amount * 100,
    d Nullable(DateTime64(3, 'Asia/Shanghai')),
    amount Nullable(Float64), oid Nullable(String), status LowCardinality(Nullable(String)), refunded Nullable(Float64),
    channel Nullable(String)) ENGINE = MergeTree ORDER BY tuple()`);
  const lines = rows.cust.map((_, i) =>
    JSON.stringify([
      rows.cust[i],
      rows.date[i] === null ? null : wallClock(rows.date[i]),
      rows.amount[i],
      rows.oid[i],
      rows.status[i],
      rows.refunded[i],
      rows.channel[i],
    ]),
  );
  // In several inserts, so the table has several parts (ClickHouse merges some of them meanwhile): their rows are
  // read part after part, in insertion order.
  for (let i = 0; i < lines.length; i += 1500)
    session.query(`INSERT INTO ${db}.orders FORMAT JSONCompactEachRow\n${lines.slice(i, i + 1500).join('\n')}`);
}

let session: ChdbSession;
beforeAll(() => {
  session = new (loadChdb().Session)();
  // Small blocks: each customer's rows span several of them, so the order sums add in is checked across blocks.
  session.query('SET max_block_size = 1000');
});
afterAll(() => {
  session.close();
});

async function connect(db: string): Promise<{ engine: ClickHouseEngine; source: ClickHouseSource }> {
  const source = parseSourceSpec(`clickhouse://chdb:8123/${db}#orders`) as ClickHouseSource;
  const engine = await ClickHouseEngine.connect(source, { transport: () => chdbTransport(session, db) });
  return { engine, source };
}

const SUMMARY_OPTIONS: SummaryOptions[] = [
  { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf: 45_100 },
  { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: 45_100 },
  { refunds: 'exclude', mergeSameDay: true, timeUnit: 'days', asOf: 45_100.5, calibrationEnd: 45_080 },
  { refunds: 'exclude', mergeSameDay: false, timeUnit: 'weeks', asOf: 45_090, calibrationEnd: 45_060 },
];

describe.each([
  [1, 400],
  [3, 6000],
])('summary on ClickHouse (chDB), random orders seed %i (%i rows)', (seed, n) => {
  const rows = randomRows(seed, n, 25, 120);
  const ds = dataset(rows);
  const memDiagnostics: Diagnostic[] = [];
  const mem = readOrders({ orders: ds }, memDiagnostics)!;
  let engine: ClickHouseEngine;
  let pushed: PushedOrders;

  beforeAll(async () => {
    writeTable(session, `sum${seed}`, rows);
    const c = await connect(`sum${seed}`);
    engine = c.engine;
    pushed = await pushOrders(engine, await engine.open(c.source, 0), ds);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('numbers the customers as readOrders does (first appearance of a kept row)', () => {
    expect(pushed.customers).toEqual(mem.customers);
    expect(pushed.rows).toBe(n);
  });

  it.each(SUMMARY_OPTIONS.map((o) => [JSON.stringify(o), o] as const))(
    'equals summarizeCustomers to the bit: %s',
    async (_, opts) => {
      const want = summarizeCustomers(mem, opts);
      const got = await pushedSummary(engine, opts);
      expect(want.ids.length).toBeGreaterThan(10);
      expect(plainSummary(got)).toEqual(plainSummary(want));
      expect(got.refundTotal).toBeCloseTo(want.refundTotal, 9);
    },
  );

  it('says what readOrders says of the rows (rows skipped, statuses left out or unknown)', () => {
    const key = (d: Diagnostic) => `${d.code} ${d.message.en} ${JSON.stringify(d.where)}`;
    expect(pushed.diagnostics.map(key).sort()).toEqual(memDiagnostics.map(key).sort());
    expect(memDiagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['user.rows_skipped', 'user.status_left_out', 'user.status_unknown']),
    );
  });

  it("gives CLV's tracking chart the same repeat purchases per day (clv.ts repeatDays on the rows read)", async () => {
    const got = await pushedRepeatDays(engine);
    const want = repeatDays(mem);
    expect(want.day.length).toBeGreaterThan(10);
    expect({ day: Array.from(got.day), n: Array.from(got.n) }).toEqual({
      day: Array.from(want.day),
      n: Array.from(want.n),
    });
  });
});

const COHORT_OPTIONS: [string, CohortOptions, number][] = [
  ['defaults, months', { ...COHORT_DEFAULTS }, 45_700],
  [
    'weeks, 30 days, refunds excluded',
    { ...COHORT_DEFAULTS, period: 'week', secondPurchaseDays: 30, refunds: 'exclude', maxPeriods: 20 },
    45_650.5,
  ],
];

/** A customers table giving most customers an acquisition channel (some none; one without orders). */
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

describe('cohorts on ClickHouse (chDB), random orders over two years', () => {
  const rows = randomRows(2, 5000, 300, 730);
  const orders = dataset(rows);
  const withCustomers: AnalysisInputs = { orders, customers: customersDataset(300) };
  let engine: ClickHouseEngine;
  let pushed: PushedOrders;

  beforeAll(async () => {
    writeTable(session, 'coh', rows);
    const c = await connect('coh');
    engine = c.engine;
    pushed = await pushOrders(engine, await engine.open(c.source, 0), orders);
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(COHORT_OPTIONS)('%s: every table, figure and finding equal the in-memory result', async (_, opts, asOf) => {
    // Channels from the orders' column, then from the customers table (sent to the server as a temp table).
    for (const inputs of [{ orders }, withCustomers]) {
      const want = runCohorts(inputs, { asOf, currency: 'CNY', lang: 'en' }, opts);
      const memo = new RunMemo();
      const read = ordersRead(orders, pushed.customers);
      memo.get(orders, 'orders', () => ({ orders: read, diagnostics: pushed.diagnostics }));
      const lookup = channelLookup(inputs, read);
      const channels = lookup ? { byCode: read.customers.map((_c, code) => lookup(code)) } : ('orders' as const);
      const built = await pushedCohorts(engine, opts, asOf, read.customers, channels);
      memo.get(read, cohortsKey(opts, asOf), () => built);
      memo.seal(read, 'sealed in the test');
      const got = runCohorts(inputs, { asOf, currency: 'CNY', lang: 'en', memo }, opts);
      // The case is not trivial: several cohorts, repeat buyers, channels.
      expect(want.tables.find((t) => t.name === 'retention_counts')!.rows.length).toBeGreaterThan(3);
      expect(want.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['channel_cohorts', 'time_to_second']));
      expect(got).toEqual(want);
    }
  });
});

describe('the ClickHouse dialect on chDB', () => {
  const run = (sql: string): unknown[][] =>
    session
      .query(sql, 'JSONCompactEachRow')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown[]);

  it.each(['month', 'week'] as const)('period boundaries (%s) equal periodOf', (period) => {
    // Around month ends (2024-01-31 / 02-01, 2024-02-28 / 29 / 03-01 of a leap year, 2024-12-31 / 2025-01-01), a
    // Sunday / Monday pair (2024-03-03 is a Sunday, serial 45354), and 1900's first days (Date32's first is serial 2).
    const days = [45_322, 45_323, 45_350, 45_351, 45_352, 45_354, 45_355, 45_657, 45_658, 2, 8, 9];
    const got = days.map((d) => Number(run(`SELECT ${clickhouseDialect.period(String(d), period)}`)[0][0]));
    expect(got).toEqual(days.map((d) => periodOf(d, period)));
  });

  it('reads dates as Excel serials in the column’s own time zone, before 1970 too', () => {
    // 2024-01-02 03:04:05 is serial 45293 + 11045/86400; 1950-06-01 is serial 18415 (Excel: DATE(1950,6,1)).
    const d = clickhouseDialect;
    const [[a, b, c, e]] = run(`SELECT ${d.serial("toDateTime('2024-01-02 03:04:05', 'Asia/Shanghai')", 'timestamp')},
      ${d.day("toDateTime64('2024-01-02 23:30:00', 3, 'America/New_York')", 'timestamp')},
      ${d.serial("toDate32('1950-06-01')", 'date')}, ${d.day("toDate('2024-01-02')", 'date')}`);
    expect(a).toBe(45_293 + 11_045 / 86_400);
    expect(b).toBe(45_293);
    expect(c).toBe(18_415);
    expect(e).toBe(45_293);
  });

  it("sums in the rows' order: ClickHouse's own sum does not, sequentialSum does", () => {
    // 400 values of mixed magnitude, stored in order: adding them one after another (the in-memory engine) gives a
    // double that an interleaved addition misses in its last bits.
    const r = mulberry32(9);
    const xs = Array.from({ length: 400 }, () => Math.round((r() * 1e6 - 3e5) * 100) / 100 / (r() < 0.1 ? 1e3 : 1));
    let seq = 0;
    for (const x of xs) seq += x;
    session.query('CREATE TABLE IF NOT EXISTS default.xs (i Int32, x Float64) ENGINE = MergeTree ORDER BY tuple()');
    session.query(
      `INSERT INTO default.xs FORMAT JSONCompactEachRow\n${xs.map((x, i) => JSON.stringify([i, x])).join('\n')}`,
    );
    const q = (agg: string) =>
      run(`SELECT ${agg} FROM (SELECT * FROM default.xs ORDER BY i) SETTINGS max_threads = 1`)[0][0];
    expect(q('sum(x)')).not.toBe(seq);
    expect(q(clickhouseDialect.sequentialSum('x'))).toBe(seq);
  });

  it.each([
    ['Nullable(Float64)', 'number'],
    ['LowCardinality(Nullable(String))', 'text'],
    ['Decimal(18, 2)', 'number'],
    ['UInt64', 'number'],
    ["DateTime64(3, 'Asia/Shanghai')", 'timestamp'],
    ["Nullable(DateTime('UTC'))", 'timestamp'],
    ['Date32', 'date'],
    ['Nullable(Date)', 'date'],
    ["Enum8('a' = 1, 'b' = 2)", 'text'],
    ['Bool', 'boolean'],
    ['UUID', 'other'],
    ['Array(String)', 'other'],
  ])('typeOf(%s) is %s', (type, want) => {
    expect(clickhouseDialect.typeOf(type)).toBe(want);
  });
});

describe('ClickHouseEngine.close', () => {
  it("drops the run's temp tables rather than leaving them to the session's timeout", async () => {
    const temps = () =>
      session
        .query("SELECT name FROM system.tables WHERE is_temporary AND name LIKE 'lb\\_%' ORDER BY name", 'CSV')
        .trim();
    const rows = randomRows(5, 200, 10, 60);
    writeTable(session, 'closing', rows);
    const { engine, source } = await connect('closing');
    await pushOrders(engine, await engine.open(source, 0), dataset(rows));
    // pushOrders keeps every row's fate for the rollups that read every row, until releaseRows; then the customers
    // and the kept rows for the summaries to come.
    expect(temps()).toBe('"lb_cust"\n"lb_kept"\n"lb_rows"');
    await releaseRows(engine);
    expect(temps()).toBe('"lb_cust"\n"lb_kept"');
    await engine.close();
    expect(temps()).toBe('');
  });
});
