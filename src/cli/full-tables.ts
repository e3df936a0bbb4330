/**
 * Per-customer tables too long for a sheet, written whole next to the workbook (issue 14).
 *
 * A sheet lists the most valuable customers of a per-customer table (RFM, lifecycle, CLV, clusters, the win-back
 * list; `maxCustomerRows`, 10,000 by default) and the analysis attaches the whole table (src/analysis/common/
 * full-table.ts). For each such table the command line writes every row, in the sheet's order and with its columns,
 * as `<workbook>.<analysis>.<table>.parquet` (and `.csv` on request) beside the workbook, then adds to the sheet's
 * note where the file is. DuckDB writes the files: rows are staged in an in-memory table chunk by chunk (each column
 * of a chunk copied in whole: duck-vectors.ts), then copied out with each column typed from its kind (dates as DATE, whole-number columns as BIGINT when every value is one).
 */
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DOUBLE,
  INTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  type DuckDBType,
} from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisResult, ResultColumn } from '../analysis/types.js';
import { fullTableOf, num, type FullTable } from '../analysis/common/index.js';
import type { CellValue, Diagnostic, I18nText } from '../types.js';
import {
  CHUNK,
  cellNumber,
  duckdb,
  encodedTextWriter,
  encodeTexts,
  intWidth,
  vectorWriter,
  type EncodedTexts,
  type EncodedTextWriter,
  type IntWidth,
} from './duck-vectors.js';

/** The formats `--full-tables` names: Parquet (the default), CSV, or none (nothing written). */
export type FullTableFormat = 'parquet' | 'csv';

/** One file written. */
export interface WrittenFile {
  /** Analysis kind and table name, e.g. `rfm` / `customers`. */
  kind: string;
  table: string;
  format: FullTableFormat;
  /** The file's path as given to the command (next to `out`). */
  file: string;
  rows: number;
}

/**
 * The file of one table next to `out`: `analysed.xlsx` → `analysed.rfm.customers.parquet`.
 * @example fullTablePath('out/book.xlsx', 'clv', 'customers', 'csv') // → 'out/book.clv.customers.csv'
 */
export function fullTablePath(out: string, kind: string, table: string, format: FullTableFormat): string {
  const dir = path.dirname(out);
  const base = path.basename(out).replace(/\.(xlsx|xlsm)$/i, '');
  return path.join(dir, `${base}.${kind}.${table}.${format}`);
}

/**
 * Parses `--full-tables`: `parquet`, `csv`, `parquet,csv` or `none`.
 * @example parseFullTableFormats('parquet,csv') // → ['parquet', 'csv']
 */
export function parseFullTableFormats(value: string | undefined): FullTableFormat[] | null {
  if (value === undefined) return ['parquet'];
  const parts = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === 'none') return [];
  if (parts.length === 0 || parts.some((p) => p !== 'parquet' && p !== 'csv')) return null;
  return [...new Set(parts)] as FullTableFormat[];
}

/**
 * Writes the whole of every capped per-customer table of `results` next to `out`, in `formats`, and returns the
 * files written. A table whose file cannot be written gets a warning naming the file (its sheet note then says
 * nothing about a file); the run goes on.
 */
export async function writeFullTables(
  results: readonly AnalysisResult[],
  out: string,
  formats: readonly FullTableFormat[],
  diagnostics: Diagnostic[],
): Promise<WrittenFile[]> {
  return await (await startFullTables(results, out, formats)).finish(diagnostics);
}

/**
 * At most this many bytes (`stagedBytes`) held staged by copies under way before another starts: the five tables of
 * 100,000 customers (20-60 MB each) copy at once, those of millions one after another.
 */
export const MAX_STAGED_BYTES = 256 * 2 ** 20;

/**
 * At most this many bytes (`stagedBytes`) held staged while the caller builds the report and the workbook: the copy
 * of the last table of 10,000,000 customers (CLV's: 0.93 GB in DuckDB) runs beside them, on the other core, instead
 * of before them (issue 14: the 100M-order run's full tables took 25 s before the report). At 20M orders of 10M
 * customers that took the run's high from 4.65 to 4.84 GB. More held (two such tables: 2-3 GB with every column a
 * double) took the 100M run's peak to 7.47 GB.
 */
export const MAX_HELD_BESIDE_REPORT = 1.25 * 2 ** 30;

/** The full tables once staged: the last copies may still run in DuckDB's threads. */
export interface FullTablesUnderWay {
  /** The files written when every copy succeeds, in order (tables, then formats). */
  expected: WrittenFile[];
  /**
   * Waits for the copies and closes DuckDB: the files written, in `expected`'s order; each file not written adds a
   * warning to `diagnostics` naming it. Called once (also when the run stops: it closes the database).
   */
  finish(diagnostics: Diagnostic[]): Promise<WrittenFile[]>;
}

/** FullTablesUnderWay's bound on what is held beside the report (LOOPBOOK_FULL_TABLES_OVERLAP_BYTES). */
function overlapBound(): number {
  const bound = Number(process.env.LOOPBOOK_FULL_TABLES_OVERLAP_BYTES ?? MAX_HELD_BESIDE_REPORT);
  return Number.isFinite(bound) ? bound : MAX_HELD_BESIDE_REPORT;
}

/**
 * DuckDB's memory for each row of a staged column of `type`, in bytes: its value in blocks of 256 KB a row group
 * (122,880 rows) and its validity, one block more (measured at 10,000,000 rows: UTINYINT and USMALLINT 4.3, INTEGER
 * 6.4, DOUBLE 10.7, VARCHAR of at most 12 bytes 19.2).
 */
const STAGED_ROW_BYTES: Record<string, number> = { UTINYINT: 4.3, USMALLINT: 4.3, INTEGER: 6.4, DOUBLE: 10.7 };
const stagedBytes = (types: readonly DuckDBType[], rows: number): number =>
  rows * types.reduce((sum, t) => sum + (STAGED_ROW_BYTES[t.toString()] ?? 19.2), 0);

/** The bytes a table of `rows` rows can hold staged: every column a double or a text (their widths known once staged). */
const mostBytes = (columns: readonly ResultColumn[], rows: number): number =>
  stagedBytes(
    columns.map((c) => (TEXT_KINDS.has(c.kind) ? VARCHAR : DOUBLE)),
    rows,
  );

/** Waits for copies under way until those left hold at most `bytes` (none left when it is below zero). */
async function untilHeld(inFlight: Set<{ bytes: number; task: Promise<unknown> }>, bytes: number): Promise<void> {
  const held = () => [...inFlight].reduce((sum, x) => sum + x.bytes, 0);
  while (inFlight.size > 0 && held() > bytes) await Promise.race([...inFlight].map((x) => x.task));
}

/** The capped tables of `results`, each with its file in a format. */
function fullTablesTodo(results: readonly AnalysisResult[], out: string) {
  return results.flatMap((r) =>
    r.tables.flatMap((t) => {
      const full = fullTableOf(t);
      const fileOf = (format: FullTableFormat): WrittenFile => {
        const file = fullTablePath(out, r.kind, t.name, format);
        return { kind: r.kind, table: t.name, format, file, rows: full!.rows };
      };
      return full ? [{ table: t, full, fileOf }] : [];
    }),
  );
}

/**
 * The files `startFullTables(results, out, formats)` writes when every copy succeeds (its `expected`), known before
 * any is staged: the sheets' notes name them, and the report that shows the notes may be built while tables stage.
 */
export function expectedFullTables(
  results: readonly AnalysisResult[],
  out: string,
  formats: readonly FullTableFormat[],
): WrittenFile[] {
  return fullTablesTodo(results, out).flatMap(({ fileOf }) => formats.map(fileOf));
}

/** One file's copy: written, or why not. */
type CopyOutcome = { file: WrittenFile; error?: undefined } | { file: WrittenFile; error: Diagnostic };

/**
 * `writeFullTables` up to the last table staged: the copies still under way run in DuckDB's
 * threads while the caller goes on, its own thread free (issue 13: the command line builds the report and the
 * workbook meanwhile, instead of waiting about half a second at 1,000,000 orders). `beside`: work of the caller's
 * run, once, the first time the staging would wait for a copy to end (the tables of millions of customers are staged
 * one after another): the command line builds its report then (issue 14: at 6,333,350 customers the thread waited
 * 2 s for RFM's copy before staging CLV's table, and built the report, 5 s, after).
 */
export async function startFullTables(
  results: readonly AnalysisResult[],
  out: string,
  formats: readonly FullTableFormat[],
  beside?: () => void,
): Promise<FullTablesUnderWay> {
  const todo = fullTablesTodo(results, out);
  if (todo.length === 0 || formats.length === 0) return { expected: [], finish: () => Promise.resolve([]) };
  // One thread: the copies run beside the caller's thread (the report, the workbook), on the other core, not on both.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  // Copiers copy staged tables out while the first connection stages the next: the copies (DuckDB's threads,
  // Parquet's compression) run beside the staging (JavaScript's thread) instead of after it. A copy starts once the
  // tables staged and not yet copied hold at most MAX_STAGED_CELLS (one at least: the copies of large tables go one
  // after another, two tables held staged at most); the last table's starts at once, so that no copy waits for
  // JavaScript's thread while the caller goes on.
  type Connection = Awaited<ReturnType<DuckDBInstance['connect']>>;
  const copiers: Connection[] = [];
  const idle: Connection[] = [];
  const copies: Promise<CopyOutcome[]>[] = [];
  const inFlight = new Set<{ bytes: number; task: Promise<unknown> }>();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // A copy under way ends before the database closes (its own error, if any, unseen here).
    await Promise.allSettled(copies);
    for (const c of copiers) c.closeSync();
    connection.closeSync();
    instance.closeSync();
  };
  const cache: TextCache = {};
  // Before this thread would wait for a copy, `beside` runs on it (once), the copy going on in DuckDB's thread.
  const wait = async (bytes: number) => {
    if (beside && [...inFlight].reduce((sum, x) => sum + x.bytes, 0) > bytes) {
      const work = beside;
      beside = undefined;
      work();
    }
    await untilHeld(inFlight, bytes);
  };
  try {
    for (const [n, { table, full, fileOf }] of todo.entries()) {
      const name = `lb_full_${n}`;
      const most = mostBytes(table.columns, full.rows);
      // A table past the bound is staged once the copies before it are done: staged beside one being copied, two
      // tables of 10,000,000 customers (0.8 GB each in DuckDB) took the 100M-order run's peak to 6.3-6.4 GB.
      if (most > MAX_STAGED_BYTES) await wait(0);
      const { texts, bytes } = await stage(connection, name, table.columns, full, cache);
      const select = await typedSelect(connection, name, table.columns, texts);
      if (n < todo.length - 1) await wait(MAX_STAGED_BYTES - bytes);
      const copier = idle.pop() ?? (await instance.connect());
      if (!copiers.includes(copier)) copiers.push(copier);
      const task = copyTable(copier, name, select, formats, fileOf, table.rows.length);
      const flight = { bytes, task };
      inFlight.add(flight);
      // Done (or failed, which `finish` or the wait above takes): its copier free, its cells no longer held.
      task.then(
        () => {
          inFlight.delete(flight);
          idle.push(copier);
        },
        () => inFlight.delete(flight),
      );
      copies.push(task);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const expected = todo.flatMap(({ fileOf }) => formats.map(fileOf));
  // Tables too large to hold beside the report: their copies end, and DuckDB's memory is given back, before the
  // caller goes on; the last table's copy (or every copy of small tables) overlaps the report and the workbook.
  await wait(overlapBound());
  if (inFlight.size === 0) {
    // The outcomes (a failure too) stay in `copies` for `finish`; the database closes now (`close` runs once).
    await Promise.allSettled(copies);
    await close();
  }
  return {
    expected,
    finish: async (diagnostics) => {
      let outcomes: CopyOutcome[];
      try {
        outcomes = (await Promise.all(copies)).flat();
      } finally {
        await close();
      }
      for (const o of outcomes) if (o.error) diagnostics.push(o.error);
      return outcomes.filter((o) => !o.error).map((o) => o.file);
    },
  };
}

/**
 * Copies the staged table `name` (typed by `select`) to its file in each format, then drops it. A file not written
 * is an outcome with its warning (`shown`: the rows its sheet lists); failing to drop the table rejects.
 */
async function copyTable(
  copier: Awaited<ReturnType<DuckDBInstance['connect']>>,
  name: string,
  select: string,
  formats: readonly FullTableFormat[],
  fileOf: (format: FullTableFormat) => WrittenFile,
  shown: number,
): Promise<CopyOutcome[]> {
  const done: CopyOutcome[] = [];
  for (const format of formats) {
    const written = fileOf(format);
    try {
      await copyOut(copier, select, written.file, format);
      done.push({ file: written });
    } catch (error) {
      done.push({ file: written, error: notWritten(written.file, shown, error) });
    }
  }
  await copier.run(`DROP TABLE ${name}`);
  return done;
}

/** The warning for a full table's file not written. */
function notWritten(file: string, shown: number, error: unknown): Diagnostic {
  return {
    severity: 'warning',
    code: 'cli.full_table_not_written',
    message: {
      en: `Could not write ${file}: ${reason(error).en}. The sheet lists only its first ${num(shown, 'en', 0)} rows.`,
      'zh-CN': `无法写入 ${file}：${reason(error)['zh-CN']}。工作表中只列出前 ${num(shown, 'zh-CN', 0)} 行。`,
    },
  };
}

/** Kinds staged as text; everything else is staged as a double and typed on the way out. */
const TEXT_KINDS = new Set(['text']);

/** A text column with at most this many distinct texts is staged as codes into its texts. */
const MAX_CODED_TEXTS = 1024;

/**
 * A text column's distinct texts and each row's code into them (-1: null), when it has few (segments, stages,
 * channels); null for a column of many (customer ids). Each text is handed to DuckDB once instead of once a row:
 * strings cross into DuckDB one native call each, most of the staging time of a table of 100,000s of customers.
 */
function codedTexts(get: (i: number) => CellValue, rows: number): { texts: string[]; codes: Int32Array } | null {
  const code = new Map<string, number>();
  const texts: string[] = [];
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = cell(get(i), true) as string | null;
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let k = code.get(v);
    if (k === undefined) {
      if (texts.length >= MAX_CODED_TEXTS) return null;
      k = texts.push(v) - 1;
      code.set(v, k);
    }
    codes[i] = k;
  }
  return texts.length > 0 ? { texts, codes } : null;
}

/**
 * Kinds whose values are whole numbers as a rule, staged as integers when every value is one (`wholeWidth`): the
 * SELECT out types them from their values (BIGINT, DATE), not from how they were staged, so the files are the same.
 */
const WHOLE_KINDS = new Set(['integer', 'date']);

/**
 * The narrowest integer width holding every value `get(i)` of the indexes `listed` (1: a row's) as the number writer reads it (true/false as
 * 1/0; null, NaN, ±∞ and texts null), or null when one is not whole or none fits. RFM's table of 10,000,000 customers
 * stages its day, count and score columns in 1-4 bytes instead of 8 (issue 14: 840 → 470 MB held by DuckDB).
 */
function wholeWidth(get: (i: number) => CellValue, listed: Uint8Array): IntWidth | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < listed.length; i++) {
    if (listed[i] === 0) continue;
    const x = cellNumber(get(i));
    if (x - x !== 0) continue;
    if (x !== Math.trunc(x)) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min > max ? 'u8' : intWidth(min, max);
}

/** Rows gathered at a time from a table given by index (`byIndexBlocks`): a column's block is 8 MB of doubles. */
const BLOCK = 1 << 20;

/**
 * The rows of `full` in blocks of BLOCK rows, each column's values of a block gathered in the order of their indexes
 * (FullTable.byIndex) rather than row by row: the rows of a customer table are in the order of its revenue or CLV, so
 * reading them row by row reads every array at random (issue 14: at 10,000,000 customers that was most of the 82 CPU
 * s of staging RFM's and CLV's tables). The indexes of a block sorted (each packed with its row in one double), the
 * arrays are read in rising index order and each value put at its row in the block's buffer. Text columns of few
 * texts are coded index by index, in index order. Null when the table has no index form (or lacks a column there).
 */
export function byIndexBlocks(
  full: FullTable,
  columns: readonly ResultColumn[],
  block = BLOCK,
  cache: TextCache = {},
): {
  coded: ({ texts: string[]; codes: Int32Array } | null)[];
  /** The width of each whole-number column staged as integers (`wholeWidth`), null for the others. */
  widths: (IntWidth | null)[];
  /** Gathers rows `from`..`from + n − 1` into `buffers` (those of `buffersFor`), each at its row − `from`. */
  gather: (from: number, n: number, buffers: readonly BlockBuffer[]) => void;
  buffersFor: () => BlockBuffer[];
} | null {
  const ix = full.byIndex?.();
  if (!ix) return null;
  const getters = columns.map((c) => ix.field(c.key));
  if (!getters.every((g) => g !== undefined)) return null;
  let size = 0;
  for (let k = 0; k < full.rows; k++) {
    const i = ix.at(k);
    if (!Number.isInteger(i) || i < 0 || i >= 2 ** 31) return null;
    if (i >= size) size = i + 1;
  }
  // Indexes far sparser than the rows: coding every index would cost more than the rows.
  if (size > 2 * full.rows + CHUNK) return null;
  const coded = columns.map((c, j) => (TEXT_KINDS.has(c.kind) ? codedTexts(getters[j], size) : null));
  // Text columns of many texts (customer ids) encoded index by index, once for every table of the same texts.
  const encoded = columns.map((c, j) =>
    TEXT_KINDS.has(c.kind) && !coded[j] ? encodedOnce(getters[j], size, cache) : null,
  );
  // The widths from the listed indexes' values only: the others may hold anything (a fraction where no row points).
  let listed: Uint8Array | null = null;
  if (columns.some((c) => WHOLE_KINDS.has(c.kind))) {
    listed = new Uint8Array(size);
    for (let k = 0; k < full.rows; k++) listed[ix.at(k)] = 1;
  }
  const widths = columns.map((c, j) => (listed && WHOLE_KINDS.has(c.kind) ? wholeWidth(getters[j], listed) : null));
  const keys = new Float64Array(Math.min(block, full.rows));
  return {
    coded,
    widths,
    buffersFor: () => blockBuffers(columns, coded, encoded, block),
    gather: (from, n, buffers) => {
      const sorted = keys.subarray(0, n);
      for (let r = 0; r < n; r++) sorted[r] = ix.at(from + r) * block + r;
      sorted.sort();
      for (let j = 0; j < columns.length; j++) {
        const buf = buffers[j];
        const codes = coded[j]?.codes;
        const texts = encoded[j];
        if (texts) gatherEncoded(texts, sorted, block, buf as EncodedTextWriter);
        else if (codes) {
          const out = buf as Int32Array;
          for (let p = 0; p < n; p++) {
            const key = sorted[p];
            const i = Math.floor(key / block);
            out[key - i * block] = codes[i];
          }
        } else if (buf instanceof Float64Array) {
          const get = getters[j];
          for (let p = 0; p < n; p++) {
            const key = sorted[p];
            const i = Math.floor(key / block);
            const v = get(i);
            // As the number writer reads a cell: true/false as 1/0, anything not a number null (NaN).
            buf[key - i * block] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
          }
        } else {
          const get = getters[j];
          const out = buf as CellValue[];
          for (let p = 0; p < n; p++) {
            const key = sorted[p];
            const i = Math.floor(key / block);
            out[key - i * block] = get(i);
          }
        }
      }
    },
  };
}

/** A block's buffer of one column (`byIndexBlocks`): doubles, codes, encoded texts or cells. */
type BlockBuffer = Float64Array | Int32Array | EncodedTextWriter | CellValue[];

/** The buffers of a block of `block` rows, a column's by how it is staged. */
function blockBuffers(
  columns: readonly ResultColumn[],
  coded: readonly unknown[],
  encoded: readonly unknown[],
  block: number,
): BlockBuffer[] {
  return columns.map((c, j) =>
    coded[j]
      ? new Int32Array(block)
      : encoded[j]
        ? encodedTextWriter(block)
        : TEXT_KINDS.has(c.kind)
          ? new Array<CellValue>(block)
          : new Float64Array(block),
  );
}

/**
 * The texts of a column encoded once (`encodeTexts`) for the tables staged in one run: the last column encoded, with
 * its texts, which a later table's column of the same texts at the same indexes (RFM's and CLV's customer ids) reuses.
 */
export interface TextCache {
  last?: { texts: CellValue[]; encoded: EncodedTexts };
}

/**
 * `get`'s texts at 0 … size − 1 encoded (`encodeTexts`), or those of `cache` when it holds the same texts. Encoded
 * index by index, the texts are read in the order they were made, not at random in a table's order: at 6,333,350
 * customers the text writer took 3.8 s of the two tables' staging, most of it waiting for memory.
 */
function encodedOnce(get: (i: number) => CellValue, size: number, cache: TextCache): EncodedTexts {
  const last = cache.last;
  if (last && last.texts.length === size) {
    let same = true;
    for (let i = 0; i < size && same; i++) same = get(i) === last.texts[i];
    if (same) return last.encoded;
  }
  const texts = new Array<CellValue>(size);
  for (let i = 0; i < size; i++) texts[i] = get(i);
  const encoded = encodeTexts((i) => texts[i], size);
  cache.last = { texts, encoded };
  return encoded;
}

/** Copies the encoded texts of the indexes of `sorted` (index × block + row, `byIndexBlocks`) to their rows in `out`. */
function gatherEncoded(src: EncodedTexts, sorted: Float64Array, block: number, out: EncodedTextWriter): void {
  const { words, state } = src;
  const to = out.words,
    toState = out.state;
  out.long.clear();
  for (let p = 0; p < sorted.length; p++) {
    const key = sorted[p];
    const i = Math.floor(key / block);
    const r = key - i * block;
    const a = 4 * i,
      b = 4 * r;
    to[b] = words[a];
    to[b + 1] = words[a + 1];
    to[b + 2] = words[a + 2];
    to[b + 3] = words[a + 3];
    const st = state[i];
    toState[r] = st;
    if (st === 2) out.long.set(r, src.long.get(i)!);
  }
}

/**
 * Stages every row of `full` in the table `name`, one data chunk at a time. Returns the distinct texts of the text
 * columns staged as codes (by column key), which `typedSelect` turns back into their texts, and the bytes it holds.
 */
async function stage(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  name: string,
  columns: readonly ResultColumn[],
  full: FullTable,
  cache: TextCache,
): Promise<{ texts: Map<string, string[]>; bytes: number }> {
  // By blocks gathered in index order when the table gives its fields by index (byIndexBlocks).
  const blocks = byIndexBlocks(full, columns, BLOCK, cache);
  // Column by column when the table gives its columns (no object per row: tables of millions of customers).
  const getters = columns.map((c) => full.column?.(c.key));
  const byColumn = getters.every((g) => g !== undefined);
  const coded =
    blocks?.coded ??
    columns.map((c, j) => (byColumn && TEXT_KINDS.has(c.kind) ? codedTexts(getters[j], full.rows) : null));
  // Codes in the narrowest width of their count; whole-number columns of a table by index in that of their values.
  const widths = columns.map((_, j) =>
    coded[j] ? intWidth(0, coded[j].texts.length - 1) : (blocks?.widths[j] ?? null),
  );
  const types: DuckDBType[] = columns.map((c, j) =>
    widths[j] ? INT_TYPES[widths[j]] : TEXT_KINDS.has(c.kind) ? VARCHAR : DOUBLE,
  );
  const defs = columns.map((c, j) => `${ident(c.key)} ${types[j].toString()}`).join(', ');
  await connection.run(`CREATE TABLE ${name} (${defs})`);
  const appender = await connection.createAppender(name);
  const chunk = DuckDBDataChunk.create(types);
  const writers = columns.map((_, j) =>
    vectorWriter(
      types[j] === VARCHAR ? 'text' : coded[j] ? 'code' : widths[j] ? 'integer' : 'number',
      widths[j] ?? undefined,
    ),
  );
  // Row by row: the rows of a chunk, each column read from them.
  const rows: Record<string, CellValue>[] = [];
  const fromRows = columns.map((c) => (k: number) => rows[k][c.key]);
  const buffers = blocks?.buffersFor() ?? [];
  let blockFrom = 0;
  for (let start = 0; start < full.rows; start += CHUNK) {
    const n = Math.min(CHUNK, full.rows - start);
    if (blocks && start % BLOCK === 0) blocks.gather((blockFrom = start), Math.min(BLOCK, full.rows - start), buffers);
    if (!byColumn && !blocks) for (let k = 0; k < n; k++) rows[k] = full.row(start + k);
    chunk.reset();
    chunk.rowCount = n;
    for (let j = 0; j < columns.length; j++) {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, j);
      const codes = coded[j]?.codes;
      if (blocks) {
        const buf = buffers[j];
        const at = start - blockFrom;
        if (Array.isArray(buf) || ArrayBuffer.isView(buf)) writers[j].write(vector, n, (k) => buf[at + k]);
        else buf.write(vector, at, n);
      } else if (codes) writers[j].write(vector, n, (k) => codes[start + k]);
      else if (byColumn) {
        const get = getters[j];
        writers[j].write(vector, n, (k) => get(start + k));
      } else writers[j].write(vector, n, fromRows[j]);
    }
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  const texts = new Map<string, string[]>();
  columns.forEach((c, j) => {
    if (coded[j]) texts.set(c.key, coded[j].texts);
  });
  return { texts, bytes: stagedBytes(types, full.rows) };
}

const INT_TYPES: Record<IntWidth, DuckDBType> = { u8: UTINYINT, u16: USMALLINT, i32: INTEGER };

/** A cell as staged: text as a string, a number as a finite double, anything else (null, NaN, ±∞) as null. */
function cell(v: CellValue | undefined, text: boolean): string | number | null {
  if (v === null || v === undefined) return null;
  if (text) return typeof v === 'string' ? v : String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/**
 * The SELECT that types each staged column: dates as DATE/TIMESTAMP, whole-number columns as BIGINT, text columns
 * staged as codes (`texts`, by column key) as their texts.
 */
async function typedSelect(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  name: string,
  columns: readonly ResultColumn[],
  texts: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<string> {
  const integers = columns.filter((c) => c.kind === 'integer');
  const whole = new Set<string>();
  if (integers.length > 0) {
    const checks = integers.map((c) => `coalesce(bool_and(${ident(c.key)} = trunc(${ident(c.key)})), true)`);
    const reader = await connection.runAndReadAll(`SELECT ${checks.join(', ')} FROM ${name}`);
    const row = reader.getRows()[0] ?? [];
    integers.forEach((c, j) => {
      if (row[j] === true) whole.add(c.key);
    });
  }
  const exprs = columns.map((c) => {
    const id = ident(c.key);
    const coded = texts.get(c.key);
    // Codes from 0, lists from 1 (as INTEGER: a UTINYINT code of 255 plus one would overflow).
    if (coded) return `CAST([${coded.map(literal).join(', ')}][CAST(${id} AS INTEGER) + 1] AS VARCHAR) AS ${id}`;
    if (c.kind === 'date') return `DATE '1899-12-30' + CAST(floor(${id}) AS INTEGER) AS ${id}`;
    if (c.kind === 'datetime')
      return `TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(${id} * 86400000000) AS BIGINT)) AS ${id}`;
    if (whole.has(c.key)) return `CAST(${id} AS BIGINT) AS ${id}`;
    return id;
  });
  return `SELECT ${exprs.join(', ')} FROM ${name}`;
}

/** Copies the typed rows to `file` through a temporary file renamed into place; a CSV starts with a UTF-8 BOM. */
async function copyOut(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  select: string,
  file: string,
  format: FullTableFormat,
): Promise<void> {
  const tmp = `${file}.loopbook-${process.pid}.tmp`;
  try {
    // The workbook's folder may not exist yet (--out new/book.xlsx): the full tables are written before the workbook.
    // Made synchronously, so that the COPY below is handed to DuckDB's thread before `startFullTables` returns: after
    // an await it waited for the caller's thread to give the event loop a turn, which the report and the workbook,
    // synchronous for seconds, did not (issue 14: at 6,333,350 customers CLV's copy, 2.2 s, ran only once the
    // workbook was written, the second core idle meanwhile).
    mkdirSync(path.dirname(file), { recursive: true });
    const options = format === 'parquet' ? "FORMAT parquet, COMPRESSION 'zstd'" : 'FORMAT csv, HEADER true';
    await connection.run(`COPY (${select}) TO ${literal(tmp)} (${options})`);
    // Excel opens a CSV as UTF-8 (Chinese names and labels intact) only when the file starts with a BOM.
    if (format === 'csv') await prependBom(tmp);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Rewrites `file` with a UTF-8 byte-order mark in front, streaming its bytes. */
async function prependBom(file: string): Promise<void> {
  const withBom = `${file}.bom`;
  const src = await open(file, 'r');
  const dst = await open(withBom, 'w');
  try {
    await dst.write(Buffer.from([0xef, 0xbb, 0xbf]));
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      await dst.write(buf, 0, bytesRead);
    }
  } finally {
    await src.close();
    await dst.close();
  }
  await rename(withBom, file);
}

/**
 * The sheet note of a table written whole: its own note, then where every row is.
 * @example withFileNote({ en: 'Showing 10,000 of 80,000.', … }, ['book.rfm.customers.parquet'], 80000)
 */
export function withFileNote(note: I18nText | undefined, files: readonly string[], rows: number): I18nText {
  const names = files.map((f) => path.basename(f));
  const en = `All ${num(rows, 'en', 0)} rows are in ${names.join(' and ')}, next to this workbook.`;
  const zh = `全部 ${num(rows, 'zh-CN', 0)} 行见本工作簿旁的 ${names.join(' 和 ')}。`;
  return { en: note ? `${note.en} ${en}` : en, 'zh-CN': note ? `${note['zh-CN']}${zh}` : zh };
}

/** Adds to each written table's note where its file is (the tables of `results` are changed in place). */
export function noteWrittenFiles(results: readonly AnalysisResult[], written: readonly WrittenFile[]): void {
  for (const r of results)
    for (const t of r.tables) {
      const files = written.filter((w) => w.kind === r.kind && w.table === t.name);
      if (files.length > 0)
        t.note = withFileNote(
          t.note,
          files.map((f) => f.file),
          files[0].rows,
        );
    }
}

/** Why a file could not be written, in words (the system's message when it is none of the usual causes). */
function reason(error: unknown): I18nText {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return { en: 'permission denied', 'zh-CN': '没有写入权限' };
  if (code === 'ENOSPC') return { en: 'the disk is full', 'zh-CN': '磁盘已满' };
  if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST')
    return { en: 'a folder of that name is in the way', 'zh-CN': '已有同名文件夹' };
  const message = error instanceof Error ? error.message : String(error);
  return { en: message, 'zh-CN': message };
}
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
