/**
 * Orders for the pushdown parity tests: the same rows as an in-memory Dataset (what readOrders reads) and as a
 * table of a DuckDB file in the same order (what pushOrders reads), and the run memo a pushed-down run prepares.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { makeDataset } from '../analysis/helpers.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { OrderArrays } from '../../src/analysis/user/orders.js';
import type { CustomerSummary } from '../../src/analysis/user/customer-summary.js';
import type { Dataset } from '../../src/ingest/types.js';
import { isBlankCell, trimCell } from '../../src/ingest/cells.js';
import { DuckEngine } from '../../src/source/duckdb/engine.js';
import { pushOrders, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { ordersRead } from '../../src/source/duckdb/run.js';
import { parseSourceSpec } from '../../src/source/spec.js';

/** Order rows as columns; a column left out is not in the table. Dates are Excel serials (time as the fraction). */
export interface OrderRows {
  cust: (string | null)[];
  date: (number | null)[];
  amount: (number | null)[];
  oid?: (string | null)[];
  status?: (string | null)[];
  channel?: (string | null)[];
  campaign?: (string | null)[];
}

/**
 * An id cell as ingest reads it (src/ingest/cells.ts): trimmed, and none when blank. The table keeps the ids as
 * written, so the pushed-down SQL must read them the same way.
 */
const idCells = (values: (string | null)[]) => values.map((v) => (v === null || isBlankCell(v) ? null : trimCell(v)));

/** The rows as an orders Dataset, the columns in the table's order; ids as ingest reads them (idCells). */
export function ordersDataset(rows: OrderRows): Dataset {
  return makeDataset('orders', [
    { name: 'cust', role: 'customer_id', values: idCells(rows.cust), type: 'text' },
    { name: 'd', role: 'date', values: rows.date, type: 'datetime' },
    { name: 'amount', role: 'amount', values: rows.amount, type: 'number' },
    ...(rows.oid ? [{ name: 'oid', role: 'order_id' as const, values: idCells(rows.oid), type: 'text' as const }] : []),
    ...(rows.status ? [{ name: 'status', role: 'status' as const, values: rows.status, type: 'text' as const }] : []),
    ...(rows.channel
      ? [{ name: 'channel', role: 'channel' as const, values: rows.channel, type: 'text' as const }]
      : []),
    ...(rows.campaign
      ? [{ name: 'campaign', role: 'campaign' as const, values: rows.campaign, type: 'text' as const }]
      : []),
  ]);
}

/** The rows as table `orders` of a DuckDB file, in the same order (rowid = row index). */
export async function writeOrdersDb(file: string, rows: OrderRows): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const con = await inst.connect();
  const text = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const ts = (v: number | null) =>
    v === null
      ? 'NULL'
      : `CAST(TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(${(v * 86_400_000_000).toFixed(0)}) AS BIGINT)) AS TIMESTAMP)`;
  const cols: [string, string, (i: number) => string][] = [
    ['cust', 'VARCHAR', (i) => text(rows.cust[i])],
    ['d', 'TIMESTAMP', (i) => ts(rows.date[i])],
    ['amount', 'DOUBLE', (i) => (rows.amount[i] === null ? 'NULL' : String(rows.amount[i]))],
  ];
  if (rows.oid) cols.push(['oid', 'VARCHAR', (i) => text(rows.oid![i])]);
  if (rows.status) cols.push(['status', 'VARCHAR', (i) => text(rows.status![i])]);
  if (rows.channel) cols.push(['channel', 'VARCHAR', (i) => text(rows.channel![i])]);
  if (rows.campaign) cols.push(['campaign', 'VARCHAR', (i) => text(rows.campaign![i])]);
  await con.run(`CREATE TABLE orders (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  for (let start = 0; start < rows.cust.length; start += 2000) {
    const values = rows.cust
      .slice(start, start + 2000)
      .map((_, j) => `(${cols.map(([, , v]) => v(start + j)).join(', ')})`);
    await con.run(`INSERT INTO orders VALUES ${values.join(', ')}`);
  }
  con.closeSync();
  inst.closeSync();
}

/** The rows written to `file` and pushed down in a new engine (close it after). */
export async function pushRows(
  file: string,
  rows: OrderRows,
  dir: string,
): Promise<{ engine: DuckEngine; pushed: PushedOrders; dataset: Dataset }> {
  await writeOrdersDb(file, rows);
  const engine = await DuckEngine.create({ memoryLimit: '256MB', tempDirectory: dir });
  const dataset = ordersDataset(rows);
  const opened = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 0);
  return { engine, pushed: await pushOrders(engine, opened, dataset), dataset };
}

/**
 * The memo a pushed-down run gives the analyses (src/source/duckdb/run.ts `preparePushdown`): the orders read (no
 * rows) and what `seed` puts in it, then sealed on the orders read and on the dataset, so anything else asked for
 * either throws.
 */
export async function pushedMemo(
  inputs: AnalysisInputs,
  pushed: PushedOrders,
  seed: (memo: RunMemo, orders: OrderArrays) => Promise<void> | void,
): Promise<RunMemo> {
  const memo = new RunMemo();
  const orders = ordersRead(inputs.orders!, pushed.customers);
  memo.get(inputs.orders!, 'orders', () => ({ orders, diagnostics: pushed.diagnostics }));
  await seed(memo, orders);
  memo.seal(orders, 'sealed in the test');
  memo.seal(inputs.orders!, 'sealed in the test');
  return memo;
}

/** Customers C0 … C39 signed up through Search, Social and Email in turn (so some buyers are outside the sheet). */
export const SIGNED_UP_CUSTOMERS: Dataset = makeDataset('customers', [
  { name: 'id', role: 'customer_id', values: Array.from({ length: 40 }, (_, c) => `C${c}`), type: 'text' },
  {
    name: 'acq',
    role: 'acquisition_channel',
    values: Array.from({ length: 40 }, (_, c) => ['Search', 'Social', 'Email'][c % 3]),
    type: 'text',
  },
  { name: 'signup', role: 'signup_date', values: Array.from({ length: 40 }, (_, c) => 45_000 + c), type: 'date' },
]);

/**
 * The lifecycle hand case, as of 45050, on any engine: A buys 10 on 45000, 45010, 45013, 45033, 45034 (intervals
 * 10, 3, 20, 1: median 6.5); B buys 30 on 45030 and refunds 5 on 45034.
 */
export const LIFECYCLE_HAND_ROWS: OrderRows = {
  cust: ['A', 'A', 'A', 'A', 'A', 'B', 'B'],
  date: [45_000, 45_010, 45_013, 45_033, 45_034, 45_030, 45_034],
  amount: [10, 10, 10, 10, 10, 30, -5],
};

/**
 * What the lifecycle rollup gives on LIFECYCLE_HAND_ROWS, worked by hand: A is 16 days from the last purchase,
 * beyond max(1.5 × 6.5, 14) = 14 and within 3 × 6.5 = 19.5: at risk on the own interval; B is 20 days from the first
 * purchase, within 30: new, revenue 30 − 5 = 25. At the end of April (45046) A was 12 days from the last purchase:
 * active (≤ 14), B new.
 */
export const LIFECYCLE_HAND_RESULT = {
  customers: 2,
  list: [
    {
      id: 'A',
      // The customer's code in the orders' customer list (A first seen, then B): Customer facts places by it.
      code: 0,
      judgement: { stage: 'at_risk', basis: 'personal', interval: 6.5, daysSince: 16 },
      purchaseDays: 5,
      revenue: 50,
    },
    {
      id: 'B',
      code: 1,
      judgement: { stage: 'new', basis: 'fixed', interval: null, daysSince: 20 },
      purchaseDays: 1,
      revenue: 25,
    },
  ],
  transitions: new Map([
    ['active>at_risk', 1],
    ['new>new', 1],
  ]),
};

/** A customer summary as plain arrays, for toEqual against another engine's (every column, to the last bit). */
export const plainSummary = (s: CustomerSummary) => ({
  ids: s.ids,
  first: Array.from(s.first),
  last: Array.from(s.last),
  orders: Array.from(s.orders),
  days: Array.from(s.days),
  revenue: Array.from(s.revenue),
  x: Array.from(s.x),
  t_x: Array.from(s.t_x),
  T: Array.from(s.T),
  zbar: Array.from(s.zbar),
  recency: Array.from(s.recency),
  holdout: Array.from(s.holdout),
  refundRows: s.refundRows,
  futureRows: s.futureRows,
});
