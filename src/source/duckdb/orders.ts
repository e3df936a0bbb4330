/**
 * The orders table pushed down to DuckDB: its rows classified once into a temp table (order-rows.ts), then the
 * per-customer summaries, the run-wide counts and readOrders' diagnostics computed there. Only aggregates come
 * back: per customer, or per day (CLV's tracking chart's repeat purchases).
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic } from '../../types.js';
import { statusClassOf } from '../../ingest/status.js';
import { columnByRole, diag, num, t, where } from '../../analysis/common/index.js';
import type { CustomerSummary, SummaryOptions } from '../../analysis/user/customer-summary.js';
import type { RepeatDays } from '../../analysis/user/clv.js';
import { idRanks, setIdRanks, type IdRanks } from '../../analysis/common/id-ranks.js';
import {
  firstRowsNeededSql,
  orderRowsSql,
  type AmountColumns,
  type DateColumn,
  type NumberColumn,
  type OrderColumns,
} from '../sql/order-rows.js';
import { findFormat, orderLevelColumns } from '../../ingest/formats/index.js';
import { mapTextColumn } from './text-cells.js';
import { readCsvSql, textCsvColumns } from './csv-text.js';
import { need } from '../sql/dialect.js';
import {
  customerCodesSql,
  customersInCodeOrderSql,
  customerSummariesSql,
  fateCountsOfSetsSql,
  fateCountsSql,
  fateGroupingSetsSql,
  fateGroupsSql,
  customerSummarySql,
  codeBucketsSql,
  codeRanges,
  keptPartSql,
  keptRowsPartedSql,
  keptRowsNarrowSql,
  keptRowsSql,
  keptViewSql,
  repeatDaysInOrderSql,
  repeatDaysSql,
  summaryCountsSql,
  summaryFromRows,
  summaryGroupKey,
  type SummaryStatements,
} from '../sql/customer-summary.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  SourceError,
  besideEachOther,
  sequentially,
  type SqlEngine,
  type OpenedSource,
  type SourceColumn,
} from '../engine.js';

/** The orders source, classified in the engine: ready for summaries. */
export interface PushedOrders {
  dataset: Dataset;
  /** Rows of the source. */
  rows: number;
  /** The latest day (Excel serial) of the date column, over every row: the as-of date a sheet would give. */
  latestDay: number | null;
  /** What readOrders would say of the rows (rows skipped, statuses left out or unknown). */
  diagnostics: Diagnostic[];
  /** Customer ids by code, in order of first appearance (readOrders' `customers`). */
  customers: string[];
}

/** Every source row with its fate (orderRowsSql), until releaseRows. */
export const ROWS = 'lb_rows';
const CUSTOMERS = 'lb_cust';
/** DuckDB: the table behind the view CUSTOMERS, the customers in code order. */
const CODED = 'lb_cust_t';
/** The rows by fate and customer (fateGroupsSql), while the codes and counts are read from them. */
const GROUPS = 'lb_fate_cust';
/** The kept rows by customer code, then time, then file position (keptRowsSql). */
export const KEPT = 'lb_kept';
/** DuckDB: the table behind the view KEPT (keptRowsNarrowSql). */
const KEPT_ROWS = 'lb_kept_rows';

/** The source column of a dataset column (the grid's columns are the source's, in order). */
export function sourceColumn(src: OpenedSource, c: ColumnInfo): SourceColumn {
  let i = 0;
  for (const ch of c.letter) i = i * 26 + (ch.charCodeAt(0) - 64);
  return src.columns[i - 1];
}

/** The role's source column, checked to hold what the role needs; a SourceError naming source and column if not. */
async function roleColumn(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  role: Role,
  need: 'any' | 'number' | 'date',
): Promise<SourceColumn | undefined> {
  const info = columnByRole(ds, role);
  if (!info) return undefined;
  const col = sourceColumn(src, info) as SourceColumn | undefined;
  if (!col)
    throw new SourceError(
      `${src.source.spec}: the ${role} column "${info.header}" is one Loopbook computes while reading a sheet, not a column of the table, so it cannot be summarised where the rows lie. Read the file as a sheet (loopbook analyze <file>) if it fits in one, or add the ${role} column to the table.`,
    );
  const ok =
    need === 'any' || (need === 'number' ? col.type === 'number' : col.type === 'date' || col.type === 'timestamp');
  if (ok || (col.type === 'text' && readsAs(info, need))) return col;
  const d = engine.dialect;
  const q = d.ident(col.name);
  const bad = await engine.rows(
    `SELECT DISTINCT ${d.text(q, col.type)} AS v FROM ${src.raw} WHERE ${q} IS NOT NULL AND ${d.tryCast(q, need === 'number' ? 'double' : 'date')} IS NULL LIMIT 3`,
  );
  const examples = bad.map((r) => `"${String(r.v)}"`).join(', ');
  throw new SourceError(
    `${src.source.spec}: column "${col.name}" (the ${role} column) holds ${col.engineType}, not ${need === 'number' ? 'numbers' : 'dates'}${examples ? `; for example ${examples}` : ''}. Fix the values, or give the role to another column in the recipe.`,
  );
}

/** Whether ingest read the (text) column as `need`: numbers (`¥1,234.00`) or dates (`2024-06-01 13:45 +0800`). */
function readsAs(info: ColumnInfo, need: 'any' | 'number' | 'date'): boolean {
  if (need === 'number') return ['integer', 'number', 'currency', 'percent'].includes(info.type);
  return need === 'date' && (info.type === 'date' || info.type === 'datetime');
}

/**
 * The source as the SQL reads it: a CSV whose dates DuckDB's sniffer read in a form not year-first (`03/04/2024` as
 * `%d/%m/%Y`), where DuckDB and ingest may take day and month in different orders, is read again with its date column
 * as text (views `lb_txt_raw`, `lb_txt_src`), so that ingest's own rules read the dates (text-cells.ts).
 */
async function withTextDates(engine: SqlEngine, src: OpenedSource, ds: Dataset): Promise<OpenedSource> {
  const s = src.source;
  const info = columnByRole(ds, 'date');
  const col = info && (sourceColumn(src, info) as SourceColumn | undefined);
  if (engine.dialect.name !== 'duckdb' || s.engine !== 'duckdb' || s.format !== 'csv' || !col) return src;
  if (col.type !== 'date' && col.type !== 'timestamp') return src;
  const d = engine.dialect;
  const [first] = await engine.guard(s, () => engine.rows(`SELECT file FROM glob(${d.literal(s.path)}) LIMIT 1`));
  if (!first) return src;
  const [sniffed] = await engine.guard(s, () =>
    engine.rows(`SELECT DateFormat AS d, TimestampFormat AS t FROM sniff_csv(${d.literal(String(first.file))})`),
  );
  const forms = [sniffed?.d, sniffed?.t].filter((f): f is string => typeof f === 'string' && f !== '');
  if (forms.every((f) => f.startsWith('%Y'))) return src;
  // The columns open() already reads as text (times with a UTC offset) stay text.
  const fn = readCsvSql(s.path, [...textCsvColumns(s), col.name]);
  const raw = 'lb_txt_raw',
    view = 'lb_txt_src';
  await engine.guard(s, () => engine.run(`CREATE OR REPLACE TEMP VIEW ${raw} AS SELECT * FROM ${fn}`));
  await engine.guard(s, () =>
    engine.run(
      `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * EXCLUDE (ordinality), ordinality - 1 AS lb_rn FROM ${fn} WITH ORDINALITY`,
    ),
  );
  const columns = src.columns.map((c) => (c === col ? { ...c, engineType: 'VARCHAR', type: 'text' as const } : c));
  return { ...src, raw, view, columns };
}

/** Per engine: its pushed orders source with each row's date as ingest reads it from text (pushedDates). */
const dated = new WeakMap<SqlEngine, { from: string; serial: string }>();

/**
 * The pushed orders source with its dates read from text as ingest reads them (a subquery with the source's columns,
 * `lb_rn` and the date's Excel serial `serial`), when they are; undefined when the date column is a date or timestamp.
 */
export function pushedDates(engine: SqlEngine): { from: string; serial: string } | undefined {
  return dated.get(engine);
}

/** Records how the source's dates are read for pushedDates. */
function keepDates(engine: SqlEngine, src: OpenedSource, date: DateColumn | undefined): void {
  const d = engine.dialect;
  dated.delete(engine);
  if (date && 'map' in date)
    dated.set(engine, {
      from: `(SELECT lb_in.*, lb_md.lb_x AS lb_serial FROM ${src.view} AS lb_in LEFT JOIN ${date.map} AS lb_md ON lb_md.lb_t = ${d.text(`lb_in.${d.ident(date.name)}`, 'text')})`,
      serial: 'lb_serial',
    });
}

/** A known export's order-level column other than the amount (counted once per order on a sheet, not here). */
function orderLevelError(src: OpenedSource, info: ColumnInfo): SourceError {
  return new SourceError(
    `${src.source.spec}: column "${info.name}" is an amount the export repeats on every line of an order, counted once per order when read as a sheet; Loopbook does so where the rows lie for the amount column only. Read the file as a sheet (loopbook analyze <file>) if it fits in one.`,
  );
}

/** Per engine: what reading text columns found to tell the user (pushOrders adds it to its diagnostics). */
const said = new WeakMap<SqlEngine, Diagnostic[]>();

/** Temp tables of text columns read as ingest reads them (text-cells.ts), one per column. */
const MAP = 'lb_map_';

/**
 * A number role's column as the SQL reads it: a number column as it is; a text column ingest reads as numbers
 * through a table of its texts' values (mapTextColumn). `rows`: the source's row count.
 */
async function numberColumn(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  role: Role,
  rows: () => Promise<number>,
): Promise<NumberColumn | undefined> {
  const col = await roleColumn(engine, src, ds, role, 'number');
  if (!col) return undefined;
  return await readColumn(engine, src, ds, col, columnByRole(ds, role)!, rows, 'number');
}

async function readColumn(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  col: SourceColumn,
  info: ColumnInfo,
  rows: () => Promise<number>,
  want: 'number' | 'date',
): Promise<NumberColumn> {
  if (col.type !== 'text') return { name: col.name };
  const map = `${MAP}${ds.columns.indexOf(info)}`;
  said.get(engine)?.push(...(await mapTextColumn(engine, src, col, info, await rows(), want, map)));
  return { name: col.name, map };
}

/**
 * The amount as readOrders reads it: its column, or the one ingest derived from quantity × unit price (both columns
 * of the table, read as numbers); counted once per order when a known export repeats it on the order's lines.
 */
async function amountColumns(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  rows: () => Promise<number>,
): Promise<{ amount: AmountColumns; orderLevel: boolean } | undefined> {
  const info = columnByRole(ds, 'amount');
  if (!info) return undefined;
  const how = info.derived;
  if (how && !sourceColumn(src, info)) {
    const part = async (name: string, role: string): Promise<NumberColumn> => {
      const c = ds.columns.find((x) => x.name === name);
      const col = c && (sourceColumn(src, c) as SourceColumn | undefined);
      if (!c || !col)
        throw new SourceError(
          `${src.source.spec}: the amount is computed from the ${role} column "${name}", which is not a column of the table.`,
        );
      if (col.type !== 'number' && !(col.type === 'text' && readsAs(c, 'number')))
        throw new SourceError(
          `${src.source.spec}: the amount is computed as ${how.quantity} × ${how.unitPrice}, but column "${col.name}" holds ${col.engineType}, not numbers. Fix the values, or give the amount role to a column in the recipe.`,
        );
      return await readColumn(engine, src, ds, col, c, rows, 'number');
    };
    return {
      amount: { quantity: await part(how.quantity, 'quantity'), unitPrice: await part(how.unitPrice, 'unit price') },
      orderLevel: false,
    };
  }
  const amount = await numberColumn(engine, src, ds, 'amount', rows);
  return amount && { amount, orderLevel: isOrderLevel(ds, info) };
}

/** Whether ingest counted `info` once per order (a known export's order-level amount, order-level.ts). */
function isOrderLevel(ds: Dataset, info: ColumnInfo): boolean {
  const format = ds.format && findFormat(ds.format.id);
  if (!format?.orderLevel || ds.kind === null) return false;
  const cols = orderLevelColumns(
    format,
    ds.columns.map((c) => c.header),
  );
  return cols.includes(ds.columns.indexOf(info));
}

/** The date as readOrders reads it: a date or timestamp column, or a text column ingest reads as dates. */
async function dateColumn(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  rows: () => Promise<number>,
): Promise<DateColumn | undefined> {
  const col = await roleColumn(engine, src, ds, 'date', 'date');
  if (!col) return undefined;
  if (col.type === 'date' || col.type === 'timestamp') return { name: col.name, type: col.type };
  const read = await readColumn(engine, src, ds, col, columnByRole(ds, 'date')!, rows, 'date');
  return { name: read.name, map: read.map! };
}

/**
 * The order rows classified in the engine (`lb_rows`), the customers' codes (`lb_cust`) and the kept rows sorted
 * by customer and time (`lb_kept`); returns the rows by fate, with the latest day.
 */
async function classifyRows(
  engine: SqlEngine,
  src: OpenedSource,
  spec: Parameters<typeof orderRowsSql>[0],
  orderId: boolean,
): Promise<Record<string, unknown>[]> {
  const d = engine.dialect;
  const { columns } = spec;
  if (d.name === 'duckdb') {
    // A view, not a table: at 100M rows the classified rows (about 130 bytes each) were 13 GB, spilled to disk under
    // the memory limit; the few queries that read them classify the file's rows again, in one pass when no order
    // needs its first row found (the usual export).
    const [need] = orderId ? await engine.guard(src.source, () => engine.rows(firstRowsNeededSql(spec, d))) : [];
    const sql = orderRowsSql({ ...spec, firstRows: need === undefined || Number(need.n) > 0 }, d);
    await engine.guard(src.source, () => engine.run(`CREATE OR REPLACE TEMP VIEW ${ROWS} AS ${sql}`));
  } else await engine.guard(src.source, () => engine.createTable(ROWS, orderRowsSql(spec, d)));
  // The customers' codes and the rows by fate (with the latest day) from one pass over the rows.
  if (d.name === 'duckdb') {
    await engine.createTable(GROUPS, fateGroupingSetsSql(ROWS));
    // The codes as positions: the customers stored in order of their first kept row (a table made with ORDER BY
    // keeps it), each one's code its row id. A window that numbered them sorted them too (6.4M customers: 2.1-2.7
    // against 1.2-1.4 CPU s).
    await engine.createTable(CODED, customersInCodeOrderSql(GROUPS));
    await engine.run(
      `CREATE OR REPLACE TEMP VIEW ${CUSTOMERS} AS SELECT cust, CAST(rowid AS INTEGER) AS code, n FROM ${CODED}`,
    );
  } else {
    await engine.createTable(GROUPS, fateGroupsSql(ROWS));
    await engine.createTable(CUSTOMERS, customerCodesSql(GROUPS));
  }
  const fates = await engine.rows(d.name === 'duckdb' ? fateCountsOfSetsSql(GROUPS) : fateCountsSql(GROUPS));
  await engine.dropTable(GROUPS);
  if (d.name === 'duckdb') {
    // Text dates read through a map may carry times: only a DATE column is whole days.
    const wholeDays = 'type' in columns.date && columns.date.type === 'date';
    const ranges = await keptRangesOf(engine, Number(fates.find((f) => f.fate === 'kept')?.n ?? 0));
    const everyRowKept = fates.every((f) => f.fate === 'kept');
    if (ranges.length <= 1) {
      keptStore.set(engine, { ranges, disk: undefined });
      await engine.createTable(KEPT_ROWS, keptRowsNarrowSql(ROWS, CUSTOMERS, wholeDays, everyRowKept));
      await engine.run(`CREATE OR REPLACE TEMP VIEW ${KEPT} AS ${keptViewSql(KEPT_ROWS, wholeDays)}`);
    } else {
      // More kept rows than a sort fits in memory: they go to a database file (its blocks kept in memory as they are
      // written and read, up to DuckDB's limit, but dropped rather than written to its temp files when memory is
      // needed), unsorted in one pass, then sorted range of customer codes after range, appended in code order.
      const disk = keptStore.get(engine)?.disk ?? (await attachScratch(engine));
      keptStore.set(engine, { ranges, disk });
      // One pass writes the rows, unsorted, to a Parquet file per range (COPY … PARTITION_BY); each range's sort then
      // reads its own file. At 100M rows each range's sort scanned every kept row of an unsorted table (10 × 35 s).
      // Files read once and dropped: neither compressed nor dictionary-encoded (the order ids are nearly all distinct),
      // which cost about a sixth of the pass (10M rows: 12.3 against 10.2 CPU s).
      const parts = path.join(disk.dir, 'kept');
      const sorted = `${disk.alias}.${KEPT_ROWS}`;
      await engine.run(
        `COPY (${keptRowsPartedSql(ROWS, CUSTOMERS, wholeDays, ranges, everyRowKept)}) TO ${d.literal(parts)} (FORMAT parquet, PARTITION_BY (lb_part), COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1)`,
      );
      const part = ([a, b]: [number, number], i: number) =>
        keptPartSql(
          `read_parquet(${d.literal(path.join(parts, `lb_part=${i}`, '*.parquet'))}, hive_partitioning = false)`,
          wholeDays,
          a,
          b,
        );
      await engine.run(await keptTableSql(engine, sorted, part(ranges[0], 0)));
      for (const [i, range] of ranges.entries()) await engine.run(`INSERT INTO ${sorted} ${part(range, i)}`);
      await rm(parts, { recursive: true, force: true });
      const view = `CREATE OR REPLACE TEMP VIEW ${KEPT} AS ${keptViewSql(sorted, wholeDays)}`;
      await engine.run(view);
      keptStore.get(engine)!.view = view;
    }
  } else await engine.createTable(KEPT, keptRowsSql(ROWS, CUSTOMERS));
  return fates;
}

/**
 * Per engine (DuckDB): the ranges of customer codes the kept rows were sorted in, their database file if any, and
 * DuckDB's memory limit before holdMemory lowered it (as DuckDB shows it) and the bytes held beside it, by what.
 */
const keptStore = new WeakMap<
  SqlEngine,
  {
    ranges: [number, number][];
    disk: Scratch | undefined;
    limit?: string;
    held?: Map<string, number>;
    /** The statement that makes the view KEPT over the database file's table (on another connection too). */
    view?: string;
  }
>();

/**
 * DuckDB, kept rows in a database file (several ranges): its memory limit lowered by what the process holds beside it,
 * `bytes` of `what` (a result that stays until the run ends: the customers' ids, the summaries' columns; or what a
 * step is about to make), replacing what was held of `what` before, down to half the limit at most; releaseKept sets
 * it back. DuckDB fills its limit with the file's blocks, which it keeps in memory as it writes and reads them, and
 * with the cohorts' tables: at 100M rows the run's peak was there, the summaries of 10M customers and their ids held
 * beside a full DuckDB. Blocks of the file are dropped (they are on disk), not written to the temp files. Lowered
 * before a step makes what it holds, DuckDB gives the memory up first instead of the process holding both.
 */
export async function holdMemory(engine: SqlEngine, what: string, bytes: number): Promise<void> {
  const kept = keptStore.get(engine);
  if (!kept?.disk) return;
  if (kept.limit === undefined) {
    const [{ v }] = await engine.rows(`SELECT current_setting('memory_limit') AS v`);
    kept.limit = String(v);
  }
  const limit = parseBytes(kept.limit);
  if (limit === undefined) return;
  const held = (kept.held ??= new Map<string, number>());
  held.set(what, Math.max(0, bytes));
  const total = [...held.values()].reduce((a, b) => a + b, 0);
  try {
    await engine.run(`SET memory_limit = '${Math.floor(Math.max(limit / 2, limit - total) / 1e6)}MB'`);
  } catch {
    // DuckDB could not give up enough at once (pinned blocks): it keeps the limit it had.
  }
}

/** holdMemory of `bytes` more, held until releaseKept (a summary's columns, the cohorts' members). */
export async function yieldMemory(engine: SqlEngine, bytes: number): Promise<void> {
  const kept = keptStore.get(engine);
  if (!kept?.disk || bytes <= 0) return;
  await holdMemory(engine, `yielded ${kept.held?.size ?? 0}`, bytes);
}

/** A database file attached for tables larger than memory: its alias, and the folder made for it. */
interface Scratch {
  alias: string;
  dir: string;
}

/**
 * The ranges of customer codes (both ends included, in code order) the kept rows were sorted in, and where tables
 * built range by range from them go (`schema`: the database file's alias, or undefined for temp tables when one range
 * holds every customer), and the statement making the view of them on another connection. Cohorts sort their rows
 * range by range too (cohorts.ts).
 */
export function keptRanges(engine: SqlEngine): {
  ranges: [number, number][];
  schema: string | undefined;
  /** The statement making the view KEPT over the database file's table, for another connection (SqlEngine.fork). */
  view: string | undefined;
} {
  const k = keptStore.get(engine);
  return { ranges: k?.ranges ?? [], schema: k?.disk?.alias, view: k?.view };
}

/**
 * The ranges of customer codes to sort the kept rows (`kept` of them) in: one when they fit at once (rowsPerRange),
 * else ranges of about that many rows each, from the kept rows by bucket of codes (4,096 buckets or fewer).
 */
async function keptRangesOf(engine: SqlEngine, kept: number): Promise<[number, number][]> {
  const [{ n }] = await engine.rows(`SELECT count(*) AS n FROM ${CUSTOMERS}`);
  const customers = Number(n);
  const per = await rowsPerRange(engine);
  if (kept <= per) return customers > 0 ? [[0, customers - 1]] : [];
  const size = Math.max(1, Math.ceil(customers / 4096));
  const buckets: number[] = [];
  for (const r of await engine.rows(codeBucketsSql(CUSTOMERS, size))) buckets[Number(r.b)] = Number(r.n);
  return codeRanges(
    Array.from(buckets, (x) => x ?? 0),
    size,
    customers,
    per,
  );
}

/** Bytes a kept row takes in a sort, about: narrowed, about 60-70 (keptRowsNarrowSql), and the sort's own keys. */
const SORT_ROW_BYTES = 100;

/**
 * Kept rows sorted at once: what a quarter of DuckDB's memory limit holds (the rest for the hash tables beside it),
 * or LOOPBOOK_KEPT_RANGE_ROWS (tests: several ranges on a few rows).
 */
async function rowsPerRange(engine: SqlEngine): Promise<number> {
  const given = Number(process.env.LOOPBOOK_KEPT_RANGE_ROWS);
  if (Number.isFinite(given) && given >= 1) return Math.floor(given);
  const [{ v }] = await engine.rows(`SELECT current_setting('memory_limit') AS v`);
  const limit = parseBytes(String(v));
  return limit === undefined ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.floor(limit / 4 / SORT_ROW_BYTES));
}

/** Bytes of a DuckDB size (`3.7 GiB`, `4.0 GB`, `512 MiB`, `100 bytes`); undefined when it is none (pure). */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([KMGTP]?)(i?)B?(?:ytes)?\s*$/i.exec(text);
  if (!m) return undefined;
  const power = m[2] ? 'KMGTP'.indexOf(m[2].toUpperCase()) + 1 : 0;
  return Number(m[1]) * (m[3] ? 1024 : 1000) ** power;
}

/** Attaches a database file in a new folder of DuckDB's temp directory (or the system's): dropped by releaseKept. */
async function attachScratch(engine: SqlEngine): Promise<Scratch> {
  const [{ v }] = await engine.rows(`SELECT current_setting('temp_directory') AS v`);
  const base = typeof v === 'string' && path.isAbsolute(v) ? v : os.tmpdir();
  const dir = await mkdtemp(path.join(base, 'loopbook-kept-'));
  const alias = 'lb_disk';
  await engine.run(`ATTACH ${engine.dialect.literal(path.join(dir, 'kept.duckdb'))} AS ${alias}`);
  return { alias, dir };
}

/**
 * DuckDB: the CREATE TABLE of `table` (in the kept rows' database file) with the columns of `select`, the order ids
 * stored uncompressed (USING COMPRESSION): nearly all distinct, they take no dictionary, and compressing them (FSST)
 * was most of the cost of writing the kept rows (10M rows sorted in 10 ranges: 11.5 against 6.7 CPU s, bench at
 * load 10). Only them: DuckDB holds the file's blocks in memory as they are written (up to its limit), and with every
 * text column uncompressed (a run-wide disabled_compression_methods, the channels' dictionary too) the file was 337
 * MB where it is 203 (116 all compressed), and the 100M run's peak 0.9 GB higher.
 */
async function keptTableSql(engine: SqlEngine, table: string, select: string): Promise<string> {
  const d = engine.dialect;
  const columns = (await engine.rows(`DESCRIBE ${select}`)).map((c) => {
    const name = String(c.column_name);
    return `${d.ident(name)} ${String(c.column_type)}${name === 'oid' ? ' USING COMPRESSION uncompressed' : ''}`;
  });
  return `CREATE OR REPLACE TABLE ${table} (${columns.join(', ')})`;
}

/**
 * Classifies the orders rows in the engine (temp tables `lb_rows`, `lb_cust`, `lb_kept`) and gathers readOrders'
 * messages. `lb_rows` stays until releaseRows.
 */
export async function pushOrders(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  sourceRows?: number,
): Promise<PushedOrders> {
  src = await withTextDates(engine, src, ds);
  const notes: Diagnostic[] = [];
  said.set(engine, notes);
  // The source's rows, counted only if a text column is read (mapTextColumn's sample positions need them).
  let counted = sourceRows;
  const rows = async (): Promise<number> =>
    (counted ??= Number(
      (await engine.guard(src.source, () => engine.rows(`SELECT count(*) AS n FROM ${src.raw}`)))[0].n,
    ));
  const customer = await roleColumn(engine, src, ds, 'customer_id', 'any');
  const date = await dateColumn(engine, src, ds, rows);
  const amount = await amountColumns(engine, src, ds, rows);
  keepDates(engine, src, date);
  if (!customer || !date || !amount) {
    const missing = [!customer && 'customer_id', !date && 'date', !amount && 'amount'].filter(Boolean).join(', ');
    throw new SourceError(
      `${src.source.spec}: the orders table has no ${missing} column; name the column's role in the recipe.`,
    );
  }
  const orderId = await roleColumn(engine, src, ds, 'order_id', 'any');
  const status = await roleColumn(engine, src, ds, 'status', 'any');
  const refunded = await numberColumn(engine, src, ds, 'refunded_amount', rows);
  const channel = await roleColumn(engine, src, ds, 'channel', 'any');
  const back = columnByRole(ds, 'refunded_amount');
  if (back && isOrderLevel(ds, back)) throw orderLevelError(src, back);
  const statuses = await statusClasses(engine, src, ds, status);
  const columns: OrderColumns = {
    customer: { name: customer.name, type: customer.type },
    date,
    amount: amount.amount,
    ...(orderId ? { orderId: { name: orderId.name, type: orderId.type } } : {}),
    ...(status ? { status: { name: status.name } } : {}),
    ...(refunded ? { refundedAmount: refunded } : {}),
    ...(channel ? { channel: { name: channel.name, type: channel.type } } : {}),
  };
  const spec = { from: src.view, columns, statuses, orderLevel: amount.orderLevel };
  const fates = await classifyRows(engine, src, spec, orderId !== undefined);
  const latest = fates
    .map((f) => f.latest)
    .filter((x) => x !== null && x !== undefined)
    .map(Number);
  const total = { n: fates.reduce((a, f) => a + Number(f.n), 0), latest: latest.length ? Math.max(...latest) : null };
  const customers = await customerIds(engine);
  // Held until the run ends: at 10M customers about 0.4 GB, DuckDB's to give up.
  await holdMemory(engine, 'ids', heldBytes([customers], true));
  const diagnostics = await rowDiagnostics(engine, ds, fates, {
    customer: columnByRole(ds, 'customer_id')!,
    date: columnByRole(ds, 'date')!,
    amount: columnByRole(ds, 'amount')!,
    status: columnByRole(ds, 'status'),
  });
  return {
    dataset: ds,
    rows: total.n,
    latestDay: total.latest,
    diagnostics: [...notes, ...diagnostics],
    customers: customers ?? [],
  };
}

/** Customers' ids a DuckDB text value carries at once (customerIds): 65,536 of 8 characters are about half a MB. */
const IDS_PER_TEXT = 65536;

/**
 * The customers' ids by code (`lb_cust`). DuckDB: joined by NUL into one text per 65,536 codes, each split in JS:
 * the node client makes a JS string of each text value it hands over, and at 10M customers that was most of the
 * 4.3 CPU s of `SELECT cust … ORDER BY code` at 100M rows, not the sort (10M ids, bench of the whole read: 4.1
 * against 2.9 CPU s, medians of 3 alternations; the sort alone 0.8-1.0; c20's statement 2.75 -> 0.73). An id
 * holding a NUL would split in two: then the pieces outnumber the customers, and the ids are read one by one.
 */
export async function customerIds(engine: SqlEngine): Promise<string[]> {
  const oneByOne = async (): Promise<string[]> =>
    (await engine.columns(`SELECT cust FROM ${CUSTOMERS} ORDER BY code`)).columns[0] as string[];
  if (engine.dialect.name !== 'duckdb') return await oneByOne();
  const [{ n }] = await engine.rows(`SELECT count(*) AS n FROM ${CUSTOMERS}`);
  const group = `code // ${IDS_PER_TEXT}`;
  const { columns } = await engine.columns(
    `SELECT string_agg(cust, chr(0) ORDER BY code) AS ids FROM ${CUSTOMERS} GROUP BY ${group} ORDER BY ${group}`,
  );
  // Placed in an array of the final length: pushed one by one, 1.35 against 1.0 CPU s for 10M ids.
  const count = Number(n);
  const ids = new Array<string>(count);
  let k = 0;
  let surrogates = false;
  for (const text of columns[0] as string[]) {
    const part = text.split('\0');
    if (k + part.length > count) return await oneByOne();
    for (const id of part) ids[k++] = id;
    surrogates ||= SURROGATE.test(text);
  }
  if (k !== count) return await oneByOne();
  if (!surrogates && count > 1) setIdRanks(ids, await idRanksByCode(engine, count));
  return ids;
}

/** A UTF-16 surrogate: a character beyond U+FFFF, which DuckDB's order and JavaScript's may place differently. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * DuckDB: each code's rank among the customers' ids (id-ranks.ts), from DuckDB's sort of the ids. DuckDB compares
 * texts by their UTF-8 bytes, that is by code point; JavaScript by UTF-16 code unit. The two orders differ only
 * between a character beyond U+FFFF (two surrogates in UTF-16) and one in U+E000-U+FFFF, so the ranks are taken
 * only when no id holds a surrogate (customerIds checks). At 6.33M customers (the 20M-order file) the sort cost about
 * 1.0 CPU s (1.6 wall, busy machine) and saved the analyses about 4 CPU s of comparing ids as strings.
 */
async function idRanksByCode(engine: SqlEngine, count: number): Promise<IdRanks> {
  const byId = (await engine.numberColumns(`SELECT code FROM ${CUSTOMERS} ORDER BY cust`)).columns[0];
  const rank = new Int32Array(count);
  for (let p = 0; p < count; p++) rank[byId[p]] = p;
  return { rank, size: count };
}

/** Each distinct text of the status column with the class readOrders gives it (statusClassOf). */
async function statusClasses(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  status: SourceColumn | undefined,
): Promise<[string, NonNullable<ReturnType<ReturnType<typeof statusClassOf>>>][]> {
  const classify = statusClassOf(ds);
  const statuses: [string, NonNullable<ReturnType<typeof classify>>][] = [];
  if (status?.type !== 'text') return statuses;
  const values = await engine.rows(
    `SELECT DISTINCT ${engine.dialect.ident(status.name)} AS v FROM ${src.raw} LIMIT 100001`,
  );
  for (const r of values) {
    const cls = classify(r.v);
    if (typeof r.v === 'string' && cls) statuses.push([r.v, cls]);
  }
  return statuses;
}

/**
 * Drops the classified rows (`lb_rows`) once the rollups that read every row (order revenue by channel) are done:
 * the summaries read the kept rows only.
 */
export async function releaseRows(engine: SqlEngine): Promise<void> {
  if (engine.dialect.name === 'duckdb') await engine.run(`DROP VIEW IF EXISTS ${ROWS}`);
  else await engine.dropTable(ROWS);
}

/**
 * Drops the kept rows and the customers' codes once every rollup of the run has read them: at 100M rows DuckDB would
 * otherwise hold them (up to its memory limit) while the analyses, the report and the workbook are made.
 */
export async function releaseKept(engine: SqlEngine): Promise<void> {
  if (engine.dialect.name === 'duckdb') {
    // Set back as DuckDB showed it (to a tenth of its unit), in bytes: its own text read back loses a tenth.
    const saved = parseBytes(keptStore.get(engine)?.limit ?? '');
    if (saved !== undefined) await engine.run(`SET memory_limit = '${Math.ceil(saved)} bytes'`);
    await engine.run(`DROP VIEW IF EXISTS ${KEPT}`);
    await engine.dropTable(KEPT_ROWS);
    const disk = keptStore.get(engine)?.disk;
    keptStore.delete(engine);
    if (disk) {
      await engine.run(`DETACH ${disk.alias}`);
      await rm(disk.dir, { recursive: true, force: true });
    }
    await engine.run(`DROP VIEW IF EXISTS ${CUSTOMERS}`);
    await engine.dropTable(CODED);
  } else {
    await engine.dropTable(KEPT);
    await engine.dropTable(CUSTOMERS);
  }
}

/** readOrders' messages about the rows: those dropped for a missing value, statuses left out or not known. */
async function rowDiagnostics(
  engine: SqlEngine,
  ds: Dataset,
  counts: Record<string, unknown>[],
  cols: { customer: ColumnInfo; date: ColumnInfo; amount: ColumnInfo; status?: ColumnInfo },
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const d = engine.dialect;
  const fates = counts.some((f) => String(f.fate).startsWith('bad_'))
    ? await engine.rows(
        `SELECT fate, count(*) AS n, ${d.smallest('rn', 5)} AS rows FROM ${ROWS} WHERE fate LIKE 'bad_%' GROUP BY fate`,
      )
    : [];
  const what = {
    bad_id: [cols.customer, t('customer', '客户')],
    bad_date: [cols.date, t('date', '日期')],
    bad_amount: [cols.amount, t('amount', '金额')],
  } as const;
  for (const key of ['bad_id', 'bad_date', 'bad_amount'] as const) {
    const f = fates.find((r) => r.fate === key);
    if (!f) continue;
    const [col, label] = what[key];
    const rows = (f.rows as unknown[]).map(Number);
    out.push(
      diag(
        'user.rows_skipped',
        'warning',
        t(
          `${f.n as number} order rows have no usable ${label.en} and were left out.`,
          `${f.n as number} 行订单的${label['zh-CN']}无效，已排除。`,
        ),
        where(ds, col, rows, Number(f.n)),
      ),
    );
  }
  if (!cols.status) return out;
  const left = await engine.rows(
    `SELECT status, count(*) AS n, coalesce(sum(written) FILTER (WHERE isFinite(written)), 0) AS amount, ${d.smallest('rn', 5)} AS rows
     FROM ${ROWS} WHERE fate = 'left_out' GROUP BY status ORDER BY min(rn)`,
  );
  for (const r of left) {
    const a = money(Math.round(Number(r.amount) * 100) / 100, cols.amount.currency);
    const rows = (r.rows as unknown[]).map(Number);
    out.push(
      diag(
        'user.status_left_out',
        'info',
        t(
          `${num(Number(r.n), 'en', 0)} orders ${String(r.status)} not counted, ${a}.`,
          `${num(Number(r.n), 'zh-CN', 0)} 笔“${String(r.status)}”订单未计入，金额 ${a}。`,
        ),
        where(ds, cols.status, rows, Number(r.n)),
      ),
    );
  }
  const unknown = await engine.rows(
    `SELECT status, count(*) AS n FROM ${ROWS} WHERE fate = 'kept' AND cls IS NULL AND ${need(d, 'trim')("coalesce(status, '')")} <> ''
     GROUP BY status ORDER BY min(rn)`,
  );
  if (unknown.length > 0) {
    const list = unknown.map((r) => `${String(r.status)} (${r.n as number})`).join(', ');
    const n = unknown.reduce((a, r) => a + Number(r.n), 0);
    out.push(
      diag(
        'user.status_unknown',
        'info',
        t(
          `${n} orders have a status Loopbook does not know and were counted as paid: ${list}.`,
          `${n} 笔订单的状态无法识别，已按已付款计入：${list}。`,
        ),
        where(ds, cols.status),
      ),
    );
  }
  return out;
}

function money(x: number, cur: string | undefined): string {
  const num = x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (!cur) return num;
  return /^[A-Z]{3}$/.test(cur) ? `${num} ${cur}` : `${cur}${num}`;
}

/** The customer summary for `opts`, computed in the engine (one row per customer comes back). */
export async function pushedSummary(engine: SqlEngine, opts: SummaryOptions): Promise<CustomerSummary> {
  return (await pushedSummaries(engine, [opts]))[0];
}

/**
 * The customer summaries for each of `list`, computed in the engine. On DuckDB the summaries by order and by day of
 * options sharing the as-of day, calibration end and refunds come from one pass (customerSummariesSql), and the ids
 * from `customers` (the codes' ids, PushedOrders.customers; read from the engine when not given); elsewhere one
 * query per summary (customerSummarySql).
 */
export async function pushedSummaries(
  engine: SqlEngine,
  list: readonly SummaryOptions[],
  customers?: readonly string[],
): Promise<CustomerSummary[]> {
  const out = new Array<CustomerSummary>(list.length);
  if (engine.dialect.name !== 'duckdb') {
    for (const [i, opts] of list.entries()) out[i] = await oneSummary(engine, opts);
    return out;
  }
  const ids = customers ?? (await customerIds(engine));
  const groups = new Map<string, number[]>();
  // The summaries' values (shared within a group), but the ids when they are the customers' (held already).
  const held = new Set<unknown>();
  list.forEach((o, i) => groups.set(summaryGroupKey(o), [...(groups.get(summaryGroupKey(o)) ?? []), i]));
  for (const members of groups.values()) {
    const opts = list[members[0]];
    const modes = {
      orders: members.some((i) => !list[i].mergeSameDay),
      days: members.some((i) => list[i].mergeSameDay),
    };
    // The per-day grouping in the kept rows' ranges when they were sorted in several (keptRanges).
    const { ranges, schema, view } = keptRanges(engine);
    // Ranges in a database file: each range's statements whole, two ranges at a time on two connections (besideEachOther).
    const alone =
      schema && view && ranges.length > 1 && engine.fork
        ? ranges.map((range) =>
            customerSummariesSql(KEPT, opts, modes, engine.dialect, {
              ranges: [range],
              schema: undefined,
              alone: true,
            }),
          )
        : undefined;
    // The process is about to hold the columns read (12 doubles a customer) and the summaries made of them (12 more
    // for the first, 5 for each other): DuckDB gives that up first, then keeps what they hold once made.
    await holdMemory(engine, 'summaries', heldBytes([...held]) + 8 * ids.length * (12 + 12 + 5 * (members.length - 1)));
    // One thread reading the stored order: each sum adds its rows as summarizeCustomers does (Dialect.sequentialSum).
    const { columns } = await sequentially(engine, () =>
      perfectGroups(engine, async () => {
        if (alone) return await rangesBeside(engine, alone, view!, ids.length);
        const sql = customerSummariesSql(KEPT, opts, modes, engine.dialect, schema ? { ranges, schema } : undefined);
        try {
          for (const s of sql.setup) await engine.run(s);
          // Typed columns: a summary of 10M customers is 12 columns of 10M. One query per range, in code order, each
          // range's columns copied into the whole summary's as they come, so that only one range's are held twice.
          if (sql.selects.length === 1) return await engine.numberColumns(sql.selects[0]);
          let whole: Float64Array[] = [];
          let at = 0;
          for (const select of sql.selects) {
            const part = (await engine.numberColumns(select)).columns;
            whole = placeColumns(whole, at, part, ids.length);
            at += part[0]?.length ?? 0;
          }
          return { columns: whole.map((c) => (c.length === at ? c : c.slice(0, at))) };
        } finally {
          for (const t of sql.drop) await engine.dropTable(t);
        }
      }),
    );
    const [code, first, last, orders, days, revenue, eventsO, repeatO, holdO, eventsD, repeatD, holdD] = columns;
    // Every customer has a summary row in the usual case (codes 0, 1, …): then the ids are the customers' own array.
    const id = identity(code, ids.length) ? (ids as string[]) : Array.from(code, (c) => ids[c]);
    // The summary's ids ranked among the customers' (when customerIds ranked those).
    const ranked = id === ids ? undefined : idRanks(ids);
    if (ranked) setIdRanks(id, { rank: Int32Array.from(code, (c) => ranked.rank[c]), size: ranked.size });
    let made: CustomerSummary | undefined;
    for (const i of members) {
      const byDay = list[i].mergeSameDay;
      const rows = {
        id,
        first,
        last,
        orders,
        days,
        revenue,
        events: byDay ? eventsD : eventsO,
        repeat_sum: byDay ? repeatD : repeatO,
        holdout: byDay ? holdD : holdO,
      };
      out[i] = made = summaryFromRows(rows, await summaryCounts(engine, list[i]), list[i], made);
    }
    // What the group's summaries hold until the run ends (the ids are the customers', already yielded, or a copy).
    for (const i of members) for (const v of Object.values(out[i])) if (v !== ids) held.add(v);
  }
  await holdMemory(engine, 'summaries', heldBytes([...held]));
  return out;
}

/**
 * DuckDB: the summary's columns from each range's own statements (customerSummariesSql `alone`), two ranges at a time on
 * two connections (besideEachOther), each range whole on one connection, on one thread and in stored order as before,
 * so every sum adds the same doubles in the same order; the ranges' columns put one after another in code order as
 * they come (a range waits for those before it). At 100M rows the summaries' one-thread statements were about 40 s
 * with the second core idle. `view`: the statement making the view of the kept rows (the second connection's own).
 */
async function rangesBeside(
  engine: SqlEngine,
  alone: readonly SummaryStatements[],
  view: string,
  rows: number,
): Promise<{ columns: Float64Array[] }> {
  let whole: Float64Array[] = [];
  let at = 0;
  await besideEachOther(
    engine,
    alone.length,
    async (e, i) => {
      try {
        for (const s of alone[i].setup) await e.run(s);
        return (await e.numberColumns(alone[i].selects[0])).columns;
      } finally {
        for (const t of alone[i].drop) await e.dropTable(t);
      }
    },
    (_, part) => {
      whole = placeColumns(whole, at, part, rows);
      at += part[0]?.length ?? 0;
    },
    async (e) => {
      // The second connection's own view of the kept rows, and the settings the statements run with (as sequentially
      // and perfectGroups set them on this connection).
      await e.run(view);
      for (const s of engine.dialect.sequential.begin) await e.run(s);
      await e.run(`SET perfect_ht_threshold = ${PERFECT_GROUP_BITS}`);
    },
  );
  return { columns: whole.map((c) => (c.length === at ? c : c.slice(0, at))) };
}

/**
 * Bits of a grouping key DuckDB groups by in an array indexed by the key (its perfect hash aggregate) rather than a
 * hash table, when the key's range is known (a customer code, filtered to a range of codes): 2^20, a million
 * customers, the most a range of the kept rows holds at 100M rows (DuckDB's default is 2^12).
 */
const PERFECT_GROUP_BITS = 20;

/**
 * DuckDB: `f` with groupings by customer code made in an array indexed by the code (PERFECT_GROUP_BITS) instead of a
 * hash table: the same rows fold into each group in the same order, so the same sums, with no hashing or probing (10M
 * rows, the summary's revenue by customer: 0.2 against 0.4 CPU s). Set back after.
 */
async function perfectGroups<T>(engine: SqlEngine, f: () => Promise<T>): Promise<T> {
  if (engine.dialect.name !== 'duckdb') return await f();
  const [{ v }] = await engine.rows(`SELECT current_setting('perfect_ht_threshold') AS v`);
  await engine.run(`SET perfect_ht_threshold = ${PERFECT_GROUP_BITS}`);
  try {
    return await f();
  } finally {
    await engine.run(`SET perfect_ht_threshold = ${Number(v) || 12}`);
  }
}

/**
 * Bytes a run holds of `values` (pure, about): each typed array's buffer once, an array's slots (8 bytes) and, with
 * `strings`, its strings (V8: a 16-byte header and the characters in 8-byte words, one byte a character as for the
 * ASCII ids of an export: two-byte texts are counted short); anything else nothing.
 */
export function heldBytes(values: readonly unknown[], strings = false): number {
  const buffers = new Set<ArrayBufferLike>();
  let bytes = 0;
  for (const v of values) {
    if (ArrayBuffer.isView(v)) buffers.add(v.buffer);
    else if (Array.isArray(v)) {
      bytes += 8 * v.length;
      if (strings) for (const x of v as unknown[]) if (typeof x === 'string') bytes += 16 + 8 * Math.ceil(x.length / 8);
    }
  }
  for (const b of buffers) bytes += b.byteLength;
  return bytes;
}

/** Whether `code` is 0, 1, …, `n` − 1. */
function identity(code: Float64Array, n: number): boolean {
  if (code.length !== n) return false;
  for (let j = 0; j < n; j++) if (code[j] !== j) return false;
  return true;
}

/**
 * `part`'s columns written into `whole`'s from row `at` on, and `whole` returned: its columns made at the first part
 * (`rows` long, or the part's length if longer) and doubled when a part does not fit. Rows past the last part's end are
 * zeros, for the caller to cut off (a copy: the columns may be transferred whole).
 */
export function placeColumns(
  whole: Float64Array[],
  at: number,
  part: readonly Float64Array[],
  rows: number,
): Float64Array[] {
  return part.map((p, j) => {
    let out = whole[j] ?? new Float64Array(Math.max(rows, p.length));
    if (at + p.length > out.length) {
      const grown = new Float64Array(Math.max(2 * out.length, at + p.length));
      grown.set(out.subarray(0, at));
      out = grown;
    }
    out.set(p, at);
    return out;
  });
}

/** The run-wide counts of summarizeCustomers for `opts`. */
async function summaryCounts(
  engine: SqlEngine,
  opts: SummaryOptions,
): Promise<{ refund_rows: number; refund_total: number; future_rows: number }> {
  const [c] = await engine.rows(summaryCountsSql(KEPT, opts));
  return {
    refund_rows: Number(c.refund_rows),
    refund_total: Number(c.refund_total),
    future_rows: Number(c.future_rows),
  };
}

/** One summary, one query (customerSummarySql): the engines without customerSummariesSql's `lag(…) OVER ()`. */
async function oneSummary(engine: SqlEngine, opts: SummaryOptions): Promise<CustomerSummary> {
  const sql = customerSummarySql({ kept: KEPT, customers: CUSTOMERS }, opts, engine.dialect);
  const { columns } = await sequentially(engine, () => engine.columns(sql));
  const [, id, first, last, orders, days, revenue, events, repeatSum, holdout] = columns;
  const rows = { id, first, last, orders, days, revenue, events, repeat_sum: repeatSum, holdout };
  return summaryFromRows(rows, await summaryCounts(engine, opts), opts);
}

/**
 * CLV's tracking chart's counts (clv.ts `RepeatDays`): each day's customers buying then having bought before, over
 * every kept purchase row, computed in the engine (repeatDaysSql).
 */
export async function pushedRepeatDays(engine: SqlEngine): Promise<RepeatDays> {
  const { columns } =
    engine.dialect.name === 'duckdb'
      ? await sequentially(engine, () => engine.numberColumns(repeatDaysInOrderSql(KEPT)))
      : await engine.numberColumns(repeatDaysSql(KEPT));
  const [day, n] = columns;
  return { day, n };
}
