/**
 * Per-customer tables too long for a sheet, written whole next to the workbook (issue 14).
 *
 * A sheet lists the most valuable customers of a per-customer table (RFM, lifecycle, CLV, clusters, the win-back
 * list; `maxCustomerRows`, 10,000 by default) and the analysis attaches the whole table (src/analysis/common/
 * full-table.ts). For each such table the command line writes every row, in the sheet's order and with its columns,
 * as `<workbook>.<analysis>.<table>.parquet` (and `.csv` on request) beside the workbook, then adds to the sheet's
 * note where the file is.
 *
 * This thread reads each table's values once, in the order they lie in memory (by index when the table gives its
 * rows as a permutation of its values), into typed arrays: numbers as doubles or, whole, in 1-4 bytes; texts of few
 * distinct ones as codes; other texts (customer ids) encoded in DuckDB's layout, once for every table of the same
 * texts (duck-vectors.ts). The arrays move to a worker thread with its own DuckDB, which stages the tables in their
 * rows' order and copies them out (full-tables-stage.ts, full-tables-worker.ts), while this thread builds the report
 * and the workbook (issue 14: at 100,000,000 orders of 10,000,000 customers the staging took 20 s of this thread
 * after the analyses, the report and the workbook 11 s more, with the second core half idle). At 20,000,000 orders
 * of 6,333,350 customers, on a quiet machine, the time from the end of the analyses to the end of the run went from
 * 24.5 to 15.0 s: 4.3 s reading the two tables here, then the report and the workbook, the thread's copies ending
 * 0.4 s after them; the run's peak rose by about 0.3 GB (the arrays handed over).
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { AnalysisResult, ResultColumn } from '../analysis/types.js';
import { fullTableOf, num, type FullTable } from '../analysis/common/index.js';
import type { CellValue, Diagnostic, I18nText } from '../types.js';
import { CHUNK, cellNumber, encodeTexts, intWidth, type IntWidth } from './duck-vectors.js';
import {
  intArray,
  Stager,
  transferables,
  type FullTableFormat,
  SCALED_NULL,
  type IntArray,
  type PreparedColumn,
  type PreparedTable,
  type StagedOutcome,
} from './full-tables-stage.js';

export type { FullTableFormat } from './full-tables-stage.js';

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

/** The full tables once read: their staging and copies may still run in the worker thread. */
export interface FullTablesUnderWay {
  /** The files written when every copy succeeds, in order (tables, then formats). */
  expected: WrittenFile[];
  /**
   * Waits for the copies and closes DuckDB: the files written, in `expected`'s order; each file not written adds a
   * warning to `diagnostics` naming it. Called once (also when the run stops: it closes the database).
   */
  finish(diagnostics: Diagnostic[]): Promise<WrittenFile[]>;
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

/** Stages and copies prepared tables: the worker thread, or a Stager on this thread. */
interface TableWriter {
  add(table: PreparedTable): Promise<StagedOutcome[]>;
  /** Waits for every table added and closes the database. */
  close(): Promise<void>;
}

/**
 * `writeFullTables` up to the last table handed over: each table's values are read here (`prepareTable`), then
 * staged and copied in a worker thread while the caller goes on (its report and workbook, synchronous for seconds at
 * millions of customers). `thread: false` (or LOOPBOOK_FULL_TABLES_THREAD=0), or a worker that cannot start, stages
 * and copies on this thread, the copies ended before it returns.
 */
export async function startFullTables(
  results: readonly AnalysisResult[],
  out: string,
  formats: readonly FullTableFormat[],
  options: { thread?: boolean } = {},
): Promise<FullTablesUnderWay> {
  const todo = fullTablesTodo(results, out);
  if (todo.length === 0 || formats.length === 0) return { expected: [], finish: () => Promise.resolve([]) };
  const thread = options.thread ?? process.env.LOOPBOOK_FULL_TABLES_THREAD !== '0';
  // Started first: the thread loads (tsx, DuckDB) while this one reads the first table.
  const writer: TableWriter = (thread ? tableThread() : null) ?? (await Stager.open());
  const copies: Promise<StagedOutcome[]>[] = [];
  const cache: TextCache = { next: 0 };
  try {
    for (const [n, { table, full, fileOf }] of todo.entries()) {
      const files = formats.map((format) => ({ format, file: fileOf(format).file }));
      const prepared = { ...prepareTable(full, table.columns, cache), files, last: n === todo.length - 1 };
      const copied = writer.add(prepared);
      // Its outcome (a failure too) is taken by `finish`.
      copied.catch(() => undefined);
      copies.push(copied);
    }
  } catch (error) {
    await writer.close();
    throw error;
  }
  // On this thread, the staging waits for the event loop: done before the caller's synchronous work, not after it.
  if (writer instanceof Stager) await Promise.allSettled(copies);
  const expected = todo.flatMap(({ fileOf }) => formats.map(fileOf));
  let closed: Promise<void> | null = null;
  return {
    expected,
    finish: async (diagnostics) => {
      const settled = await Promise.allSettled(copies);
      await (closed ??= writer.close());
      const written: WrittenFile[] = [];
      todo.forEach(({ table, fileOf }, n) => {
        const s = settled[n];
        for (const format of formats) {
          const file = fileOf(format);
          const outcome = s.status === 'fulfilled' ? s.value.find((o) => o.file === file.file) : undefined;
          const error = s.status === 'rejected' ? (s.reason as unknown) : outcome ? outcome.error : 'not written';
          if (error === undefined) written.push(file);
          else diagnostics.push(notWritten(file.file, table.rows.length, error));
        }
      });
      return written;
    },
  };
}

/**
 * The worker thread's source: registers tsx's loader (the engine is TypeScript) and loads full-tables-worker.ts,
 * which takes the tables. Plain JavaScript (CommonJS), evaluated.
 */
const WORKER_SOURCE = `const { workerData } = require('node:worker_threads');
(async () => {
  (await import(workerData.tsx)).register();
  await import(workerData.module);
})();`;

/** A TableWriter in a worker thread (full-tables-worker.ts), or null when the thread cannot start. */
function tableThread(): TableWriter | null {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        tsx: import.meta.resolve('tsx/esm/api'),
        module: new URL('./full-tables-worker.ts', import.meta.url).href,
      },
    });
  } catch {
    return null;
  }
  const pending = new Map<number, { resolve: (o: StagedOutcome[]) => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  const fail = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  let ended!: () => void;
  const exited = new Promise<void>((resolve) => (ended = resolve));
  worker.on('message', (m: { type: string; id?: number; outcomes?: StagedOutcome[]; error?: string }) => {
    if (m.type !== 'copied' || m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.outcomes ?? []);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    fail(new Error(`the full tables' thread ended (exit code ${code})`));
    ended();
  });
  let next = 0;
  return {
    add(table) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      const copied = new Promise<StagedOutcome[]>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ type: 'table', id, table }, transferables(table));
      return copied;
    },
    close() {
      if (!failed) worker.postMessage({ type: 'close' });
      return exited;
    },
  };
}

/** Kinds staged as text; everything else is staged as a number and typed on the way out. */
const TEXT_KINDS = new Set(['text']);

/**
 * Kinds whose values are whole numbers as a rule, staged as integers when every value is one (`wholeWidth`): the
 * SELECT out types them from their values (BIGINT, DATE), not from how they were staged, so the files are the same.
 */
const WHOLE_KINDS = new Set(['integer', 'date']);

/** A text column with at most this many distinct texts is staged as codes into its texts. */
const MAX_CODED_TEXTS = 1024;

/**
 * The texts of a column encoded for the tables of one run: the last column encoded, with its texts, which a later
 * table's column of the same texts at the same indexes (RFM's and CLV's customer ids) names by `ref` instead of
 * encoding and handing them over again. `next`: the next ref.
 */
export interface TextCache {
  last?: { texts: CellValue[]; ref: number };
  next: number;
}

/**
 * The values of `full`'s `columns`, read into typed arrays (PreparedColumn), without its files. By index when the
 * table gives its rows as a permutation of values (FullTable.byIndex: `at`, each value read once, in index order: one
 * pass along the analysis' array), else by column, else row by row.
 *
 * The rows' indexes and the number columns share one buffer, sized once every column's width is known: each array
 * made is external memory that V8 counts, and every 64 MB or so of it set off a full collection of a heap of 1 GB
 * (at 6,333,350 customers a table of doubles in arrays of their own took five, 3.1 s of the main thread's 11 s).
 */
export function prepareTable(
  full: FullTable,
  columns: readonly ResultColumn[],
  cache: TextCache,
): Pick<PreparedTable, 'rows' | 'at' | 'columns' | 'forget'> {
  const source = byIndex(full, columns) ?? byColumn(full, columns) ?? byRow(full, columns);
  const { size, rows } = source;
  // The indexes rows point at: only their values are staged (the others may hold anything).
  let listed: Uint8Array | null = null;
  const index = source.index;
  if (index && columns.some((c) => !TEXT_KINDS.has(c.kind))) {
    listed = new Uint8Array(size);
    for (let k = 0; k < rows; k++) listed[index(k)] = 1;
  }
  let forget: number[] | undefined;
  // Texts first (coded, or encoded once for the run), the numbers' widths from their values.
  const plans = columns.map((c, j): PreparedColumn | { key: string; kind: string; width: IntWidth | null } => {
    const { key, kind } = c;
    const get = source.get(j);
    if (!TEXT_KINDS.has(kind))
      return { key, kind, width: WHOLE_KINDS.has(kind) ? wholeWidth(get, size, listed) : null };
    const coded = codedTexts(get, size);
    if (coded) return { key, kind, type: 'code', ...coded };
    const last = cache.last;
    if (last && sameTexts(last.texts, get, size)) return { key, kind, type: 'text', ref: last.ref };
    const texts = new Array<CellValue>(size);
    for (let i = 0; i < size; i++) texts[i] = get(i);
    const ref = cache.next++;
    if (last) (forget ??= []).push(last.ref);
    cache.last = { texts, ref };
    return { key, kind, type: 'text', ref, encoded: encodeTexts((i) => texts[i], size) };
  });
  // One buffer: the indexes and 4-byte integers (a double column's slot too: `scaled`), then 2 and 1: each array at
  // an offset its element size divides.
  const bytesOf = (w: IntWidth | null) => (w === null || w === 'i32' ? 4 : w === 'u16' ? 2 : 1);
  const numbers = plans.flatMap((p, j) => ('width' in p ? [{ j, bytes: bytesOf(p.width) }] : []));
  const parts = [...numbers, ...(index ? [{ j: -1, bytes: 4 }] : [])].sort((a, b) => b.bytes - a.bytes);
  const buffer = new ArrayBuffer(parts.reduce((sum, p) => sum + p.bytes * (p.j < 0 ? rows : size), 0));
  let offset = 0;
  let at: Int32Array | null = null;
  const arrays = new Map<number, IntArray>();
  for (const p of parts) {
    const n = p.j < 0 ? rows : size;
    const plan = plans[p.j];
    const view =
      p.j < 0 || !('width' in plan) || !plan.width
        ? new Int32Array(buffer, offset, n)
        : intArray(plan.width, n, buffer, offset);
    offset += p.bytes * n;
    if (p.j < 0) at = view as Int32Array;
    else arrays.set(p.j, view);
  }
  if (at && index) for (let k = 0; k < rows; k++) at[k] = index(k);
  // A double column's values are read here first, then put in its slot as whole numbers of hundredths (or of a
  // finer unit) when every one is one, or kept as they are (this array then moved, another made for the next).
  let scratch: Float64Array | null = null;
  const prepared = plans.map((p, j): PreparedColumn => {
    if (!('width' in p)) return p;
    const { key, kind, width } = p;
    const slot = arrays.get(j)!;
    const values = width ? slot : (scratch ??= new Float64Array(size));
    const get = source.get(j);
    // As the number writer reads a cell: true/false as 1/0, anything not a number null (NaN; 0 in an integer
    // column, where only the indexes no row points at hold one).
    for (let i = 0; i < size; i++) values[i] = cellNumber(get(i));
    if (width) return { key, kind, type: 'int', width, values: slot };
    const doubles = values as Float64Array;
    const scale = decimalScale(doubles, listed);
    if (scale === null) {
      scratch = null;
      return { key, kind, type: 'double', values: doubles };
    }
    const scaled = slot as Int32Array;
    for (let i = 0; i < size; i++) {
      const x = doubles[i];
      scaled[i] = x - x === 0 ? Math.round(x * scale) : SCALED_NULL;
    }
    return { key, kind, type: 'scaled', scale, values: scaled };
  });
  return { rows, at, columns: prepared, ...(forget ? { forget } : {}) };
}

/** A table's values as read: index by index, each column's through a getter. */
interface Source {
  rows: number;
  /** Values 0 … size − 1. */
  size: number;
  /** Row `k`'s index; null when it is `k`. */
  index: ((k: number) => number) | null;
  get: (j: number) => (i: number) => CellValue;
}

/** The table by index (FullTable.byIndex), or null when it has no such form, lacks a column there, or is too sparse. */
function byIndex(full: FullTable, columns: readonly ResultColumn[]): Source | null {
  const ix = full.byIndex?.();
  if (!ix) return null;
  const getters = columns.map((c) => ix.field(c.key));
  if (!getters.every((g) => g !== undefined)) return null;
  const rows = full.rows;
  let size = 0;
  for (let k = 0; k < rows; k++) {
    const i = ix.at(k);
    if (!Number.isInteger(i) || i < 0 || i >= 2 ** 31) return null;
    if (i >= size) size = i + 1;
  }
  // Indexes far sparser than the rows: reading every index would cost more than the rows.
  if (size > 2 * rows + CHUNK) return null;
  return { rows, size, index: ix.at, get: (j) => getters[j] };
}

/** The table by column (FullTable.column), or null when it lacks one. */
function byColumn(full: FullTable, columns: readonly ResultColumn[]): Source | null {
  const getters = columns.map((c) => full.column?.(c.key));
  if (!getters.every((g) => g !== undefined)) return null;
  return { rows: full.rows, size: full.rows, index: null, get: (j) => getters[j] };
}

/** The table row by row (FullTable.row): each row made once, its cells put in their columns. */
function byRow(full: FullTable, columns: readonly ResultColumn[]): Source {
  const n = full.rows;
  const cells = columns.map(() => new Array<CellValue>(n));
  for (let k = 0; k < n; k++) {
    const row = full.row(k);
    for (let j = 0; j < columns.length; j++) cells[j][k] = row[columns[j].key];
  }
  return {
    rows: n,
    size: n,
    index: null,
    get: (j) => {
      const c = cells[j];
      return (i) => c[i];
    },
  };
}

/** Whether `get` gives the texts of `texts` at 0 … size − 1 (mostly the same string objects: a pointer's comparison each). */
function sameTexts(texts: readonly CellValue[], get: (i: number) => CellValue, size: number): boolean {
  if (texts.length !== size) return false;
  for (let i = 0; i < size; i++) if (get(i) !== texts[i]) return false;
  return true;
}

/**
 * A text column's distinct texts and, for each value, one more than its text's index (0: null), when it has few
 * (segments, stages, channels); null for a column of many (customer ids: given up at the 1,025th text) or of none.
 * Each text is handed to DuckDB once instead of once a row.
 */
function codedTexts(get: (i: number) => CellValue, size: number): { texts: string[]; codes: IntArray } | null {
  const code = new Map<string, number>();
  const texts: string[] = [];
  const codes = new Uint16Array(size);
  let prev: string | null = null;
  let prevCode = 0;
  for (let i = 0; i < size; i++) {
    const v = get(i);
    if (v === null || v === undefined) continue;
    const s = typeof v === 'string' ? v : String(v);
    if (s === prev) {
      codes[i] = prevCode;
      continue;
    }
    let k = code.get(s);
    if (k === undefined) {
      if (texts.length >= MAX_CODED_TEXTS) return null;
      k = texts.push(s);
      code.set(s, k);
    }
    codes[i] = k;
    prev = s;
    prevCode = k;
  }
  if (texts.length === 0) return null;
  return { texts, codes: texts.length < 0xff ? Uint8Array.from(codes) : codes };
}

/** The units a double column is tried in (`decimalScale`): hundredths (money, days), then finer (CLV's rounding). */
const SCALES = [100, 10_000, 1_000_000];

/**
 * The first of SCALES whose whole multiples every finite value of `values` at the indexes `listed` (all when null)
 * is, to the last bit (`Math.round(x × scale) / scale` is `x`; −0 is none, an Int32 slot has no −0), within the
 * range of an Int32 above SCALED_NULL; null when there is none. The analyses round most doubles to 2-6 decimals:
 * handed over as 4-byte integers, CLV's table of 10,000,000 customers takes 300 MB instead of 540.
 */
function decimalScale(values: Float64Array, listed: Uint8Array | null): number | null {
  next: for (const scale of SCALES) {
    for (let i = 0; i < values.length; i++) {
      if (listed && listed[i] === 0) continue;
      const x = values[i];
      if (x - x !== 0) continue;
      const k = Math.round(x * scale);
      if (k / scale !== x || (x === 0 && 1 / x < 0) || k <= SCALED_NULL || k >= 2 ** 31) continue next;
    }
    return scale;
  }
  return null;
}

/**
 * The narrowest integer width holding `get(i)` at every index `listed` (1: a row's; all when null) as the number
 * writer reads it (true/false as 1/0), or null when one is not whole or not a finite number, or none fits. RFM's
 * table of 10,000,000 customers stages its day, count and score columns in 1-4 bytes instead of 8 (issue 14: 840 →
 * 470 MB held by DuckDB).
 */
function wholeWidth(get: (i: number) => CellValue, size: number, listed: Uint8Array | null): IntWidth | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    if (listed && listed[i] === 0) continue;
    const x = cellNumber(get(i));
    if (x !== Math.trunc(x)) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min > max ? null : intWidth(min, max);
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
  const message =
    typeof (error as { message?: unknown } | null)?.message === 'string'
      ? (error as { message: string }).message
      : String(error);
  return { en: message, 'zh-CN': message };
}
