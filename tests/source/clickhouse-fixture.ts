/**
 * Orders for the ClickHouse parity tests: the same rows as an in-memory Dataset (orders-fixture.ts `ordersDataset`)
 * and as table `orders` of a new database in chDB (tests/source/chdb.ts), in the same order, pushed down through a
 * new ClickHouseEngine (close it after).
 */
import type { Dataset } from '../../src/ingest/types.js';
import { ClickHouseEngine } from '../../src/source/clickhouse/engine.js';
import type { OpenedSource } from '../../src/source/engine.js';
import { pushOrders, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { parseSourceSpec, type ClickHouseSource } from '../../src/source/spec.js';
import { afterAll, beforeAll } from 'vitest';
import { JS_WHITESPACE } from '../../src/source/sql/dialect.js';
import { chdbTransport, loadChdb, type ChdbSession } from './chdb.js';
import { ordersDataset, type OrderRows } from './orders-fixture.js';

/** An Excel serial as the wall-clock text ClickHouse parses into a DateTime64 of the column's zone. */
export function wallClock(serial: number): string {
  return new Date(Math.round((serial - 25_569) * 86_400_000)).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * How the table types its columns: `nullable` (texts Nullable(String), the status LowCardinality, amounts Float64),
 * or `plain` (texts String with '' for a missing one, status, channel and campaign LowCardinality(String), amounts
 * Decimal(18, 2), which holds these cents exactly: the same doubles once read).
 */
export type Types = 'nullable' | 'plain';
let databases = 0;

/**
 * The rows as table `orders` of a new database in chDB, in the same order (a MergeTree without a sorting key keeps
 * insertion order; several inserts make several parts), pushed down through a new engine (close it after). Dates are
 * a DateTime64 in Asia/Shanghai holding the wall-clock time (a sheet's).
 */
export async function pushRowsToChdb(
  session: ChdbSession,
  rows: OrderRows,
  types: Types = 'nullable',
): Promise<{ engine: ClickHouseEngine; pushed: PushedOrders; dataset: Dataset; opened: OpenedSource; db: string }> {
  const db = `chfix${++databases}`;
  session.query(`CREATE DATABASE ${db}`);
  const text = types === 'nullable' ? 'Nullable(String)' : 'String';
  const category = types === 'nullable' ? 'LowCardinality(Nullable(String))' : 'LowCardinality(String)';
  // Without Nullable, a missing text is '' (what ClickHouse stores for a null inserted there).
  const str = (v: string | null) => (types === 'nullable' ? v : (v ?? ''));
  const cols: [string, string, (i: number) => unknown][] = [
    ['cust', text, (i) => str(rows.cust[i])],
    ['d', "Nullable(DateTime64(3, 'Asia/Shanghai'))", (i) => (rows.date[i] === null ? null : wallClock(rows.date[i]))],
    ['amount', types === 'nullable' ? 'Nullable(Float64)' : 'Nullable(Decimal(18, 2))', (i) => rows.amount[i]],
  ];
  if (rows.oid) cols.push(['oid', text, (i) => str(rows.oid![i])]);
  if (rows.status) cols.push(['status', category, (i) => str(rows.status![i])]);
  if (rows.channel) cols.push(['channel', types === 'nullable' ? text : category, (i) => str(rows.channel![i])]);
  if (rows.campaign) cols.push(['campaign', types === 'nullable' ? text : category, (i) => str(rows.campaign![i])]);
  session.query(
    `CREATE TABLE ${db}.orders (${cols.map(([n, t]) => `${n} ${t}`).join(', ')}) ENGINE = MergeTree ORDER BY tuple()`,
  );
  const lines = rows.cust.map((_, i) => JSON.stringify(cols.map(([, , v]) => v(i))));
  for (let i = 0; i < lines.length; i += 1500)
    session.query(`INSERT INTO ${db}.orders FORMAT JSONCompactEachRow\n${lines.slice(i, i + 1500).join('\n')}`);
  const source = parseSourceSpec(`clickhouse://chdb:8123/${db}#orders`) as ClickHouseSource;
  const engine = await ClickHouseEngine.connect(source, { transport: () => chdbTransport(session, db) });
  const dataset = ordersDataset(rows);
  const opened = await engine.open(source, 0);
  return { engine, pushed: await pushOrders(engine, opened, dataset), dataset, opened, db };
}

/**
 * One chDB session for a test file, opened before its tests and closed after. Small blocks: a customer's rows span
 * several of them, so the order sums add in is checked across blocks.
 */
export function chdbSessionForFile(): () => ChdbSession {
  let session: ChdbSession | undefined;
  beforeAll(() => {
    session = new (loadChdb().Session)();
    session.query('SET max_block_size = 1000');
  });
  afterAll(() => {
    session?.close();
  });
  return () => session!;
}

/**
 * White space around a text: none below `plain` (a draw of r), else up to `trimmed` what JavaScript's trim removes
 * (before, and after half the time), else one of `kept` before it: characters trim keeps.
 */
export function padded(
  r: () => number,
  s: string,
  o: { plain: number; trimmed: number; kept: readonly string[] },
): string {
  const x = r();
  if (x < o.plain) return s;
  if (x < o.trimmed) {
    const ws = Array.from(JS_WHITESPACE);
    return `${ws[Math.floor(r() * ws.length)]}${s}${r() < 0.5 ? ws[Math.floor(r() * ws.length)] : ''}`;
  }
  return o.kept[Math.floor(r() * o.kept.length)] + s;
}
