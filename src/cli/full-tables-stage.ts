/**
 * The full tables' staging and copies (issue 14), from columns laid out in typed arrays (`PreparedTable`): the
 * caller's thread reads the analyses' values once, in the order they lie in memory (full-tables.ts), and hands the
 * arrays over; this module stages them in an in-memory DuckDB, in the tables' row order, and copies each table to
 * its files. It runs in a worker thread with a DuckDB of its own (full-tables-worker.ts), beside the report and the
 * workbook on the main thread, or in the caller's thread when no worker can start. It needs nothing of the analyses.
 *
 * Rows are staged a data chunk at a time (duck-vectors.ts). A table whose rows are a permutation of its values
 * (`at`) is gathered a block of rows at a time: the block's indexes sorted, each column's values are read in rising
 * index order and placed at their rows in the block's buffer with their validity, so that a chunk is two native
 * copies a column (its values, its validity) and no loop a value. The files are those the caller's thread wrote
 * before (same tables, same types, same SELECT): dates as DATE, whole-number columns as BIGINT when every value is
 * one, texts coded by a few distinct ones as those texts.
 */
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DOUBLE,
  INTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  CHUNK,
  duckdb,
  encodedTextWriter,
  intWidth,
  type EncodedTexts,
  type EncodedTextWriter,
  type IntWidth,
} from './duck-vectors.js';

/** The formats `--full-tables` names: Parquet (the default), CSV, or none (nothing written). */
export type FullTableFormat = 'parquet' | 'csv';

/** A scaled column's null (`PreparedColumn`): the one Int32 no value is given as. */
export const SCALED_NULL = -(2 ** 31);

/** A typed array of whole numbers of a width: UTINYINT, USMALLINT or INTEGER in DuckDB's layout. */
export type IntArray = Uint8Array | Uint16Array | Int32Array;

/**
 * One column's values, index by index (row `k` of the table is index `at[k]`, or `k`), and how it is staged:
 * - double: a double, null where not finite;
 * - scaled: a double given as a whole number of 1/scale: `values[i] / scale` (the prepared value itself, checked),
 *   SCALED_NULL null;
 * - int: whole numbers staged in `width`, every value a row points at whole and in the width (none null);
 * - code: texts of few distinct ones, `codes[i]` one more than the index of index `i`'s text in `texts`, 0 null;
 * - text: texts encoded in DuckDB's layout (`encodeTexts`), `encoded` the first time the stager sees them, `ref`
 *   naming them for the tables after (the customer ids of RFM's and CLV's tables, encoded and handed over once).
 */
export type PreparedColumn = { key: string; kind: string } & (
  | { type: 'double'; values: Float64Array }
  | { type: 'scaled'; scale: number; values: Int32Array }
  | { type: 'int'; width: IntWidth; values: IntArray }
  | { type: 'code'; texts: string[]; codes: IntArray }
  | { type: 'text'; ref: number; encoded?: EncodedTexts }
);

/** A table to write: its rows, its columns' values, its files. */
export interface PreparedTable {
  rows: number;
  /** Row `k`'s index into the columns' values; null when row `k` is index `k`. */
  at: Int32Array | null;
  columns: PreparedColumn[];
  /** Its files, in the order they are written. */
  files: { format: FullTableFormat; file: string }[];
  /** Texts `ref`s no later table uses: forgotten once this table's own are known. */
  forget?: number[];
  /** The caller's last table: its copy starts as soon as it is staged (none after it to make room for). */
  last: boolean;
}

/** One file's copy: written, or why not (an error's code and message, as plain data: it may cross threads). */
export interface StagedOutcome {
  file: string;
  error?: { code?: string; message: string };
}

/** The buffers of a PreparedTable, to move them to another thread. */
export function transferables(table: PreparedTable): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  if (table.at) out.add(table.at.buffer as ArrayBuffer);
  for (const c of table.columns) {
    if (c.type === 'double' || c.type === 'scaled' || c.type === 'int') out.add(c.values.buffer as ArrayBuffer);
    else if (c.type === 'code') out.add(c.codes.buffer as ArrayBuffer);
    else if (c.encoded) out.add(c.encoded.words.buffer as ArrayBuffer).add(c.encoded.state.buffer as ArrayBuffer);
  }
  return [...out];
}

/**
 * At most this many bytes (`stagedBytes`) held staged by copies under way before another starts: the five tables of
 * 100,000 customers (20-60 MB each) copy at once, those of millions one after another (staged beside one being
 * copied, two tables of 10,000,000 customers, 0.8 GB each in DuckDB, took the 100M-order run's peak to 6.3-6.4 GB).
 */
export const MAX_STAGED_BYTES = 256 * 2 ** 20;

/**
 * DuckDB's memory for each row of a staged column of `type`, in bytes: its value in blocks of 256 KB a row group
 * (122,880 rows) and its validity, one block more (measured at 10,000,000 rows: UTINYINT and USMALLINT 4.3, INTEGER
 * 6.4, DOUBLE 10.7, VARCHAR of at most 12 bytes 19.2).
 */
const STAGED_ROW_BYTES: Record<string, number> = { UTINYINT: 4.3, USMALLINT: 4.3, INTEGER: 6.4, DOUBLE: 10.7 };
export const stagedBytes = (types: readonly DuckDBType[], rows: number): number =>
  rows * types.reduce((sum, t) => sum + (STAGED_ROW_BYTES[t.toString()] ?? 19.2), 0);

const INT_TYPES: Record<IntWidth, DuckDBType> = { u8: UTINYINT, u16: USMALLINT, i32: INTEGER };

/** The width codes into `texts` are staged in: the narrowest of their count. */
const codeWidth = (c: { texts: readonly string[] }): IntWidth => intWidth(0, c.texts.length - 1) ?? 'i32';

/** The DuckDB type a prepared column is staged as. */
function stagedType(c: PreparedColumn): DuckDBType {
  if (c.type === 'double' || c.type === 'scaled') return DOUBLE;
  if (c.type === 'int') return INT_TYPES[c.width];
  if (c.type === 'code') return INT_TYPES[codeWidth(c)];
  return VARCHAR;
}

/** A typed array of `width` and `n` elements, new or at `offset` of `buffer`. */
export function intArray(width: IntWidth, n: number, buffer?: ArrayBuffer, offset = 0): IntArray {
  if (!buffer) return width === 'u8' ? new Uint8Array(n) : width === 'u16' ? new Uint16Array(n) : new Int32Array(n);
  return width === 'u8'
    ? new Uint8Array(buffer, offset, n)
    : width === 'u16'
      ? new Uint16Array(buffer, offset, n)
      : new Int32Array(buffer, offset, n);
}

/**
 * Stages tables and copies them to their files in one DuckDB (threads 1: the copies run on one core, beside the
 * staging and whatever else the process does). Tables are staged in the order given; a table's copy starts once it
 * is staged and the copies under way hold at most MAX_STAGED_BYTES less its own bytes (its own start at once when it
 * is the last); a table past MAX_STAGED_BYTES is staged once every copy before it has ended.
 */
export class Stager {
  private readonly copies: Promise<unknown>[] = [];
  private readonly inFlight = new Set<{ bytes: number; task: Promise<unknown> }>();
  private readonly idle: DuckDBConnection[] = [];
  private readonly copiers: DuckDBConnection[] = [];
  private readonly texts = new Map<number, EncodedTexts>();
  /** The tables' staging, one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  private count = 0;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<Stager> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new Stager(instance, await instance.connect());
  }

  /**
   * Queues `table`: resolves with its files' outcomes once copied (a file not written is an outcome with its error),
   * rejects when it cannot be staged or dropped. Its texts are resolved now, in the order tables are given.
   */
  add(table: PreparedTable): Promise<StagedOutcome[]> {
    const columns = table.columns.map((c) => {
      if (c.type !== 'text') return c;
      if (c.encoded) this.texts.set(c.ref, c.encoded);
      const encoded = this.texts.get(c.ref);
      if (!encoded) throw new Error(`full tables: texts ${c.ref} not given`);
      return { ...c, encoded };
    });
    for (const ref of table.forget ?? []) this.texts.delete(ref);
    const name = `lb_full_${this.count++}`;
    const staged = this.queue.then(() => this.stageAndCopy(name, { ...table, columns }));
    // The next table is staged once this one is (or failed), its copy perhaps still under way.
    this.queue = staged.then(
      () => undefined,
      () => undefined,
    );
    return staged.then((s) => s.copied);
  }

  /** Stages `table` as `name` and starts its copy: resolves once the copy has started (`copied`: its outcomes). */
  private async stageAndCopy(name: string, table: PreparedTable): Promise<{ copied: Promise<StagedOutcome[]> }> {
    const types = table.columns.map(stagedType);
    const bytes = stagedBytes(types, table.rows);
    if (bytes > MAX_STAGED_BYTES) await this.untilHeld(0);
    await stage(this.connection, name, table, types);
    const select = await typedSelect(this.connection, name, table.columns);
    if (!table.last) await this.untilHeld(MAX_STAGED_BYTES - bytes);
    const copier = this.idle.pop() ?? (await this.instance.connect());
    if (!this.copiers.includes(copier)) this.copiers.push(copier);
    const task = copyTable(copier, name, select, table.files);
    const flight = { bytes, task };
    this.inFlight.add(flight);
    // Done (or failed, which the caller takes): its copier free, its cells no longer held.
    task.then(
      () => {
        this.inFlight.delete(flight);
        this.idle.push(copier);
      },
      () => this.inFlight.delete(flight),
    );
    this.copies.push(task);
    return { copied: task };
  }

  /** Waits for copies under way until those left hold at most `bytes` (none left when it is below zero). */
  private async untilHeld(bytes: number): Promise<void> {
    const held = () => [...this.inFlight].reduce((sum, x) => sum + x.bytes, 0);
    while (this.inFlight.size > 0 && held() > bytes) await Promise.race([...this.inFlight].map((x) => x.task));
  }

  /** Waits for every table queued (its own error, if any, unseen here) and closes the database. Once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await Promise.allSettled(this.copies);
    for (const c of this.copiers) c.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Rows gathered at a time from a table given by index: a column's block is 8 MB of doubles. */
export const BLOCK = 1 << 20;

/** A block's buffer of one column: its values in its staged width, and its validity (one bit a row). */
type BlockBuffer = { values: Float64Array | IntArray; valid: Uint32Array } | EncodedTextWriter;

/**
 * Stages every row of `table` in the new table `name` (columns of `types`), one data chunk at a time, gathered a
 * block of `block` rows at a time (`gatherBlock`).
 */
export async function stage(
  connection: DuckDBConnection,
  name: string,
  table: PreparedTable,
  types: readonly DuckDBType[],
  block = BLOCK,
): Promise<void> {
  const { columns, rows } = table;
  const defs = columns.map((c, j) => `${ident(c.key)} ${types[j].toString()}`).join(', ');
  await connection.run(`CREATE TABLE ${name} (${defs})`);
  const appender = await connection.createAppender(name);
  const chunk = DuckDBDataChunk.create([...types]);
  const size = Math.min(block, Math.ceil(rows / CHUNK) * CHUNK);
  const buffers: BlockBuffer[] = columns.map((c) =>
    c.type === 'text'
      ? encodedTextWriter(size)
      : {
          values:
            c.type === 'double' || c.type === 'scaled'
              ? new Float64Array(size)
              : intArray(c.type === 'int' ? c.width : codeWidth(c), size),
          valid: new Uint32Array(size / 32),
        },
  );
  const keys = table.at ? new Float64Array(size) : null;
  let from = 0;
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    if (start % block === 0) gatherBlock(table, (from = start), Math.min(block, rows - start), block, keys, buffers);
    chunk.reset();
    chunk.rowCount = n;
    const at = start - from;
    for (let j = 0; j < columns.length; j++) {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, j);
      const buf = buffers[j];
      if ('write' in buf) {
        buf.write(vector, at, n);
        continue;
      }
      const width = buf.values.BYTES_PER_ELEMENT;
      duckdb.copy_data_to_vector(vector, 0, buf.values.buffer as ArrayBuffer, at * width, n * width);
      duckdb.vector_ensure_validity_writable(vector);
      // Chunks start at multiples of 2,048 rows: whole 64-bit words of the block's validity.
      duckdb.copy_data_to_vector_validity(vector, 0, buf.valid.buffer as ArrayBuffer, at / 8, Math.ceil(n / 64) * 8);
    }
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Gathers rows `from` … `from + n − 1` of `table` into `buffers`, each at its row − `from`, with its validity. By
 * index (`at`): the rows of a customer table are in the order of its revenue or CLV, so reading them row by row
 * reads every array at random (issue 14: at 10,000,000 customers that was most of the 82 CPU s of staging RFM's and
 * CLV's tables); the block's indexes sorted (each packed with its row in one double), the arrays are read in rising
 * index order and each value put at its row.
 */
export function gatherBlock(
  table: PreparedTable,
  from: number,
  n: number,
  block: number,
  keys: Float64Array | null,
  buffers: readonly BlockBuffer[],
): void {
  const at = table.at;
  let sorted: Float64Array | null = null;
  if (at && keys) {
    sorted = keys.subarray(0, n);
    for (let r = 0; r < n; r++) sorted[r] = at[from + r] * block + r;
    sorted.sort();
  }
  table.columns.forEach((c, j) => {
    const buf = buffers[j];
    if (c.type === 'text') {
      const out = buf as EncodedTextWriter;
      if (sorted) gatherEncoded(c.encoded!, sorted, block, out);
      else copyEncoded(c.encoded!, from, n, out);
      return;
    }
    const { values, valid } = buf as { values: Float64Array | IntArray; valid: Uint32Array };
    valid.fill(0);
    if (c.type === 'double') gatherDoubles(c.values, sorted, from, n, block, values as Float64Array, valid);
    else if (c.type === 'scaled')
      gatherScaled(c.values, c.scale, sorted, from, n, block, values as Float64Array, valid);
    else if (c.type === 'int') gatherInts(c.values, sorted, from, n, block, values as IntArray, valid);
    else gatherCodes(c.codes, sorted, from, n, block, values as IntArray, valid);
  });
}

// The gathers below read index `i` of a row `r` of the block from `sorted` (index × block + row) or, without it,
// as `from + r`; each is its own loop so that its array accesses stay of one type.

function gatherDoubles(
  src: Float64Array,
  sorted: Float64Array | null,
  from: number,
  n: number,
  block: number,
  out: Float64Array,
  valid: Uint32Array,
): void {
  for (let p = 0; p < n; p++) {
    let i = from + p,
      r = p;
    if (sorted) {
      const key = sorted[p];
      i = Math.floor(key / block);
      r = key - i * block;
    }
    const x = src[i];
    // Finite: x - x is 0 (NaN for NaN and ±∞), staged null (its value 0) otherwise.
    if (x - x === 0) {
      out[r] = x;
      valid[r >>> 5] |= 1 << (r & 31);
    } else out[r] = 0;
  }
}

function gatherScaled(
  src: Int32Array,
  scale: number,
  sorted: Float64Array | null,
  from: number,
  n: number,
  block: number,
  out: Float64Array,
  valid: Uint32Array,
): void {
  for (let p = 0; p < n; p++) {
    let i = from + p,
      r = p;
    if (sorted) {
      const key = sorted[p];
      i = Math.floor(key / block);
      r = key - i * block;
    }
    const k = src[i];
    if (k !== SCALED_NULL) {
      out[r] = k / scale;
      valid[r >>> 5] |= 1 << (r & 31);
    } else out[r] = 0;
  }
}

function gatherInts(
  src: IntArray,
  sorted: Float64Array | null,
  from: number,
  n: number,
  block: number,
  out: IntArray,
  valid: Uint32Array,
): void {
  for (let p = 0; p < n; p++) {
    let i = from + p,
      r = p;
    if (sorted) {
      const key = sorted[p];
      i = Math.floor(key / block);
      r = key - i * block;
    }
    out[r] = src[i];
    valid[r >>> 5] |= 1 << (r & 31);
  }
}

function gatherCodes(
  src: IntArray,
  sorted: Float64Array | null,
  from: number,
  n: number,
  block: number,
  out: IntArray,
  valid: Uint32Array,
): void {
  for (let p = 0; p < n; p++) {
    let i = from + p,
      r = p;
    if (sorted) {
      const key = sorted[p];
      i = Math.floor(key / block);
      r = key - i * block;
    }
    const c = src[i];
    // One more than the code, 0 null (staged null, its value 0).
    if (c !== 0) {
      out[r] = c - 1;
      valid[r >>> 5] |= 1 << (r & 31);
    } else out[r] = 0;
  }
}

/** Copies the encoded texts of the indexes of `sorted` (index × block + row) to their rows in `out`. */
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

/** Copies the encoded texts of indexes `from` … `from + n − 1` to rows 0 … n − 1 of `out`. */
function copyEncoded(src: EncodedTexts, from: number, n: number, out: EncodedTextWriter): void {
  out.words.set(src.words.subarray(4 * from, 4 * (from + n)));
  out.state.set(src.state.subarray(from, from + n));
  out.long.clear();
  for (let r = 0; r < n; r++) if (src.state[from + r] === 2) out.long.set(r, src.long.get(from + r)!);
}

/**
 * The SELECT that types each staged column: dates as DATE/TIMESTAMP, whole-number columns as BIGINT, text columns
 * staged as codes as their texts.
 */
export async function typedSelect(
  connection: DuckDBConnection,
  name: string,
  columns: readonly PreparedColumn[],
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
    // Codes from 0, lists from 1 (as INTEGER: a UTINYINT code of 255 plus one would overflow).
    if (c.type === 'code')
      return `CAST([${c.texts.map(literal).join(', ')}][CAST(${id} AS INTEGER) + 1] AS VARCHAR) AS ${id}`;
    if (c.kind === 'date') return `DATE '1899-12-30' + CAST(floor(${id}) AS INTEGER) AS ${id}`;
    if (c.kind === 'datetime')
      return `TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(${id} * 86400000000) AS BIGINT)) AS ${id}`;
    if (whole.has(c.key)) return `CAST(${id} AS BIGINT) AS ${id}`;
    return id;
  });
  return `SELECT ${exprs.join(', ')} FROM ${name}`;
}

/**
 * Copies the staged table `name` (typed by `select`) to each of `files`, then drops it. A file not written is an
 * outcome with its error; failing to drop the table rejects.
 */
async function copyTable(
  copier: DuckDBConnection,
  name: string,
  select: string,
  files: readonly { format: FullTableFormat; file: string }[],
): Promise<StagedOutcome[]> {
  const done: StagedOutcome[] = [];
  for (const { format, file } of files) {
    try {
      await copyOut(copier, select, file, format);
      done.push({ file });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const message = error instanceof Error ? error.message : String(error);
      done.push({ file, error: typeof code === 'string' ? { code, message } : { message } });
    }
  }
  await copier.run(`DROP TABLE ${name}`);
  return done;
}

/** Copies the typed rows to `file` through a temporary file renamed into place; a CSV starts with a UTF-8 BOM. */
async function copyOut(
  connection: DuckDBConnection,
  select: string,
  file: string,
  format: FullTableFormat,
): Promise<void> {
  const tmp = `${file}.loopbook-${process.pid}.tmp`;
  try {
    // The workbook's folder may not exist yet (--out new/book.xlsx): the full tables are written before the workbook.
    // Made synchronously, so that the COPY below is handed to DuckDB's thread at once, not after an event-loop turn
    // of a thread that may be busy (the caller's, when the stager runs there).
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

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
