/**
 * .csv (and .csv.gz) → one CellGrid (issue 3 "Reader").
 *
 * - Encoding: byte-order marks (UTF-8, UTF-16LE/BE), then strict UTF-8, then GB18030 (what Excel zh-CN
 *   saves as "CSV"), then chardet's guess; decoded with iconv-lite.
 * - Delimiter: comma, semicolon, tab or pipe, whichever splits the first lines most consistently
 *   (quotes respected); an Excel `sep=;` first line wins.
 * - Fields per RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF or
 *   CR line ends. Lenient like Excel: text after a closing quote is kept, an unclosed quote runs to the
 *   end of the file (with a warning).
 * - Values stay text exactly as written (ingest types them); empty fields are null; short rows are
 *   padded with null so the grid is rectangular. The grid starts at A1; the sheet is the file's base name.
 * - Columnar (issue 13): the text goes straight into dictionary-encoded columns (`parseCsvColumns`), behind
 *   the grid (src/ingest/grid-columns.ts); its rows are built only when something asks for `values`.
 *
 * - Bounded (issue 17): Excel's rows, columns and characters per cell, at most `CSV_MAX_BYTES` of text, a
 *   .csv.gz inflated as a stream and stopped at that cap or at the compression-ratio cap, and the read's
 *   time budget; a breach gives an error naming the file and the limit, and no grid.
 * - A file of bytes that are not text, one with only a header row, and an empty one each get their own error.
 *
 * The field splitter is a small state machine written here: Arquero's CSV parser (the one already in the
 * dependencies) cuts every row to the first row's width and types values, which a raw grid must not do.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import { rangeAddress, type ReadResult } from './read-xlsx.js';
import { CSV_MAX_BYTES, deadline, ReadLimitError, readLimits, type Deadline, type ReadLimits } from './read-limits.js';
import { csvLimitDiagnostic, headerOnlyDiagnostic, notTextDiagnostic } from './read-messages.js';
import { limitInflated } from './zip-entries.js';
import {
  columnarGrid,
  gridColumns,
  gridRowCount,
  gridWidth,
  isPlainText,
  lazyTextColumn,
  rowOf,
  type GridColumns,
  type TextColumn,
} from '../ingest/grid-columns.js';

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export interface ReadCsvOptions {
  /** Force an encoding (any iconv-lite name); detected when absent. */
  encoding?: string;
  /** Force a delimiter; detected when absent. */
  delimiter?: CsvDelimiter;
  /** Sheet name for the grid; default the file's base name without `.csv`/`.csv.gz`. */
  sheet?: string;
  /** Bounds on the read (./read-limits.ts); Excel's limits and Loopbook's caps unless overridden. */
  limits?: Partial<ReadLimits>;
}

/** What bounds `parseCsv`: Excel's sheet limits and the read's clock. */
export interface CsvParseLimits {
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
  clock?: Deadline;
  /** Name for the error (the file or sheet). */
  part: string;
}

/** What was detected, for `loopbook inspect` and diagnostics. */
export interface CsvDetection {
  encoding: string;
  bom: boolean;
  delimiter: CsvDelimiter;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const CJK_MULTIBYTE = new Set(['GB18030', 'Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR']);

/**
 * True when every byte ≥ 0x80 belongs to a well-formed GBK/GB18030 sequence (two bytes: lead 0x81–0xFE,
 * trail 0x40–0xFE except 0x7F; four bytes: lead, 0x30–0x39, lead, 0x30–0x39) and at least 80% of the
 * two-byte characters lie in the GB2312 zone (both bytes 0xA1–0xFE), where all common Chinese text lies.
 * The zone test tells Chinese from Latin-1 text, whose accented letters sit between ASCII letters
 * ("Müller" = 4D FC 6C …) and would also pass as GBK pairs.
 */
function looksLikeGb18030(bytes: Uint8Array): boolean {
  let pairs = 0;
  let gb2312 = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return false;
    // A sequence cut by the end of the sample (a 256 KB prefix) is not evidence against.
    if (i + 1 >= n) break;
    const t = bytes[i + 1];
    if (t >= 0x30 && t <= 0x39) {
      if (i + 3 >= n) break;
      const l2 = bytes[i + 2];
      const t2 = bytes[i + 3];
      if (l2 < 0x81 || l2 > 0xfe || t2 < 0x30 || t2 > 0x39) return false;
      i += 3;
      continue;
    }
    if (t < 0x40 || t === 0x7f || t === 0xff) return false;
    pairs++;
    if (b >= 0xa1 && t >= 0xa1) gb2312++;
    i += 1;
  }
  return pairs > 0 && gb2312 >= 0.8 * pairs;
}

/** Share of decoded non-ASCII characters that are CJK ideographs, CJK punctuation or full-width forms. */
function cjkShare(text: string): number {
  let non = 0;
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    non++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
  }
  return non === 0 ? 0 : cjk / non;
}

/** UTF-16 without a BOM: text of mostly ASCII has a zero in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Detects the text encoding of a CSV file's bytes. Returns an iconv-lite encoding name and whether a
 * byte-order mark was found (and must be skipped).
 *
 * @example detectEncoding(iconv.encode('客户,金额\n', 'gb18030')) // { encoding: 'gb18030', bom: false }
 */
export function detectEncoding(bytes: Uint8Array): { encoding: string; bom: boolean } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const u16 = utf16WithoutBom(bytes);
  if (u16) return { encoding: u16, bom: false };
  // Well-formed UTF-8 (what a fatal TextDecoder accepts), checked without decoding the file.
  if (isUtf8(bytes)) return { encoding: 'utf-8', bom: false };
  const sample = bytes.subarray(0, 256 * 1024);
  const guesses = chardet.analyse(sample);
  const top = guesses[0] as (typeof guesses)[number] | undefined;
  if (top && CJK_MULTIBYTE.has(top.name) && top.confidence >= 50 && iconv.encodingExists(top.name)) {
    return { encoding: top.name.toLowerCase(), bom: false };
  }
  if (looksLikeGb18030(sample) && cjkShare(iconv.decode(Buffer.from(sample), 'gb18030')) >= 0.6) {
    return { encoding: 'gb18030', bom: false };
  }
  for (const g of guesses) {
    if (g.confidence >= 10 && iconv.encodingExists(g.name)) return { encoding: g.name.toLowerCase(), bom: false };
  }
  return { encoding: 'windows-1252', bom: false };
}

// ---------------------------------------------------------------------------------------------
// Delimiter

/** Counts each candidate delimiter outside quotes on each of the first `maxLines` records. */
function delimiterCounts(text: string, maxLines: number): number[][] {
  const counts: number[][] = [];
  let row = [0, 0, 0, 0];
  let inQuote = false;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (inQuote) continue;
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      counts.push(row);
      row = [0, 0, 0, 0];
    } else {
      const k = CSV_DELIMITERS.indexOf(c as CsvDelimiter);
      if (k >= 0) row[k]++;
    }
  }
  if (counts.length < maxLines && row.some((x) => x > 0)) counts.push(row);
  return counts;
}

/**
 * Picks the delimiter that splits the first 50 records into the same number of fields most often
 * (ties: the more fields, then the order comma, semicolon, tab, pipe). Comma when nothing splits.
 *
 * @example detectDelimiter('a;b;c\n1,5;2;3\n') // ';'
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = delimiterCounts(text, 50).filter((r) => r.some((x) => x > 0));
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  let bestFields = 0;
  CSV_DELIMITERS.forEach((d, k) => {
    const freq = new Map<number, number>();
    for (const r of counts) freq.set(r[k], (freq.get(r[k]) ?? 0) + 1);
    let mode = 0;
    let modeN = 0;
    for (const [v, n] of freq) {
      if (v > 0 && (n > modeN || (n === modeN && v > mode))) {
        mode = v;
        modeN = n;
      }
    }
    if (mode === 0) return;
    const score = modeN / counts.length;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && mode > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = mode;
    }
  });
  return best;
}

// ---------------------------------------------------------------------------------------------
// Fields

export interface ParsedCsv {
  /** Records as rows of fields; empty fields are null; rows are not yet padded. */
  rows: (string | null)[][];
  /** True when a quoted field was still open at the end of the text. */
  unclosedQuote: boolean;
}

/**
 * Splits CSV text into records and fields (RFC 4180, lenient as Excel). A final line break does not
 * start a new record; a blank line is a record with one empty field.
 *
 * @example parseCsv('a,"b\nc",""\n1,2', ',').rows // [['a', 'b\nc', null], ['1', '2']]
 */
// eslint-disable-next-line max-lines-per-function -- one character loop, kept whole for speed
export function parseCsv(text: string, delimiter: CsvDelimiter, limits?: CsvParseLimits): ParsedCsv {
  const rows: (string | null)[][] = [];
  const maxRows = limits?.maxRows ?? Infinity;
  const maxColumns = limits?.maxColumns ?? Infinity;
  const maxCellChars = limits?.maxCellChars ?? Infinity;
  const part = limits?.part ?? '';
  const cellRef = (): string => rangeAddress(rows.length + 1, row.length + 1, 1, 1);
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let row: (string | null)[] = [];
  let i = 0;
  let unclosedQuote = false;
  if (n === 0) return { rows, unclosedQuote };
  for (;;) {
    // one field starting at i
    let value: string;
    if (text.charCodeAt(i) === 34) {
      let j = i + 1;
      let out = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          out += text.slice(j);
          i = n;
          unclosedQuote = true;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Excel keeps text that follows a closing quote, up to the next delimiter or line end.
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === d || c === 10 || c === 13) break;
        k++;
      }
      if (k > i) out += text.slice(i, k);
      i = k;
      value = out;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === d || c === 10 || c === 13) break;
        k++;
      }
      value = text.slice(i, k);
      i = k;
    }
    if (value.length > maxCellChars) throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
    if (row.length >= maxColumns) throw new ReadLimitError('columns', maxColumns, part, cellRef());
    row.push(value === '' ? null : value);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) {
        if (row.length >= maxColumns) throw new ReadLimitError('columns', maxColumns, part, cellRef());
        row.push(null);
        rows.push(row);
        break;
      }
      continue;
    }
    // line end
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (rows.length >= maxRows) throw new ReadLimitError('rows', maxRows, part);
    rows.push(row);
    if ((rows.length & 0xffff) === 0) limits?.clock?.check(part);
    row = [];
    if (i >= n) break;
  }
  if (rows.length > maxRows) throw new ReadLimitError('rows', maxRows, part);
  return { rows, unclosedQuote };
}

/** FNV-1a over bytes: the hash the column dictionaries probe with. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Slot layout, three words: code + 1 (0: empty), then for a value of at most 7 bytes the bytes themselves (two
 * words, the length in the top byte of the second), for a longer one its hash and `LONG`.
 */
const STRIDE = 3;
/** The last word of a long value's slot: no short value's (its top byte is the length, 1 to 7) equals it. */
const LONG = -1;
/** Texts of a column that are not plain (a header, labels, blanks, errors) past which the column is not plain. */
const MAX_SPECIAL = 64;

/** The FNV-1a hash of a short value from its slot words (for a rehash). */
function packedHash(w0: number, w1: number): number {
  const len = w1 >>> 24;
  let h = FNV_OFFSET;
  for (let q = 0; q < len; q++)
    h = Math.imul(h ^ (q < 4 ? (w0 >>> (8 * q)) & 0xff : (w1 >>> (8 * (q - 4))) & 0xff), FNV_PRIME);
  return h;
}

/**
 * One column being read: a code per row into the distinct texts seen so far, found through an open-addressing
 * hash table keyed by the value's UTF-8 bytes, so a repeated value (a customer, a date, a channel) costs no string
 * and no Map entry. Each distinct value's bytes are kept (in `heap`) for its text, made once at the end.
 *
 * A value of at most 7 bytes (a customer id, an amount) is held in its slot too, so finding it reads one cache line:
 * on a 1,000,000-line file the probes and the byte compares against `heap` were cache misses, most of the reading.
 *
 * A column whose values only ever go up (order ids, a file sorted by date) needs no table: while each value is
 * byte-wise equal to or after the one before it, it is either the last value kept or a new one, which one compare
 * with the last value's bytes tells (the second value may also come before the first, usually the header, as it
 * differs from the only value kept). The first value out of order puts every value kept so far in the table and the
 * column goes on as any other. On a 1,000,000-line orders file this halved the read (the order id column's table
 * of two million slots was a cache miss a row).
 */
class ColumnBuilder {
  codes: Int32Array;
  /** Records with a value in this column (the others' codes are -1). */
  filled = 0;
  /** Distinct values so far; their texts are made at the end (`dict()`). */
  private count = 0;
  /** OR of every byte kept: below 0x80, the bytes are ASCII and one decode serves every value. */
  private bits = 0;
  private starts = new Int32Array(64);
  private heap = new Uint8Array(1024);
  private heapEnd = 0;
  /** `STRIDE` words per slot (see above); a probe reads the short bytes or the hash beside the code. */
  private slots = new Int32Array(128 * STRIDE);
  private mask = 127;
  /**
   * A slot is picked by the hash's top bits after a multiply (Fibonacci hashing): FNV-1a's low bits depend only on
   * the low bits of the bytes.
   */
  private shift = 25;
  /**
   * Codes of the kept values that are not plain (`isPlainText`: a header, a label, a blank or an error), up to
   * `MAX_SPECIAL`; null past it (the column is then not known to be plain). Ingest reads only these texts for
   * its blank, error and total tests (src/ingest/grid-columns.ts `special`).
   */
  private special: number[] | null = [];
  /** The last value looked up (its code and hash): a column often repeats the row above (a date, a customer). */
  private lastCode = -1;
  private lastHash = 0;

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity).fill(-1);
  }

  grow(capacity: number): void {
    const next = new Int32Array(capacity).fill(-1);
    next.set(this.codes);
    this.codes = next;
  }

  /** True while every value so far was equal to or after the one before it (the table is then empty). */
  private ascending = true;

  /** Code of the value `src[i, k)` (UTF-8), whose hash is `h`; added when new. */
  codeOf(src: Buffer, i: number, k: number, h: number): number {
    if (this.ascending) {
      const last = this.count - 1;
      const order = last < 0 ? 1 : this.compareTo(last, src, i, k);
      // A second value before the first (the header, `order_id` > `O0000001`) is new all the same.
      if (order === 0) return last;
      if (order > 0 || last === 0) return this.keep(src, i, k);
      this.ascending = false;
      this.tabulate();
    }
    if (h === this.lastHash && this.lastCode >= 0 && this.equals(this.lastCode, src, i, k)) return this.lastCode;
    const slots = this.slots;
    const mask = this.mask;
    const len = k - i;
    if (len <= 7) {
      // The bytes in two words, the length in the top byte of the second.
      let w0 = 0;
      let w1 = len << 24;
      for (let q = 0; q < len; q++) {
        if (q < 4) w0 |= src[i + q] << (8 * q);
        else w1 |= src[i + q] << (8 * (q - 4));
      }
      for (let s = Math.imul(h, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
        const at = s * STRIDE;
        const e = slots[at];
        if (e === 0) return this.remember(this.add(src, i, k, at, w0, w1), h);
        if (slots[at + 1] === w0 && slots[at + 2] === w1) return this.remember(e - 1, h);
      }
    }
    for (let s = Math.imul(h, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const at = s * STRIDE;
      const e = slots[at];
      if (e === 0) return this.remember(this.add(src, i, k, at, h, LONG), h);
      if (slots[at + 2] === LONG && slots[at + 1] === h && this.equals(e - 1, src, i, k))
        return this.remember(e - 1, h);
    }
  }

  private remember(code: number, h: number): number {
    this.lastCode = code;
    this.lastHash = h;
    return code;
  }

  /** Whether entry `idx` holds the bytes `src[i, k)`. */
  private equals(idx: number, src: Buffer, i: number, k: number): boolean {
    const at = this.starts[idx];
    const len = k - i;
    if (this.starts[idx + 1] - at !== len) return false;
    const heap = this.heap;
    for (let q = 0; q < len; q++) if (heap[at + q] !== src[i + q]) return false;
    return true;
  }

  /** Sign of `src[i, k)` against entry `idx`, bytes compared as unsigned (a prefix comes first). */
  private compareTo(idx: number, src: Buffer, i: number, k: number): number {
    const heap = this.heap;
    const at = this.starts[idx];
    const len = this.starts[idx + 1] - at;
    const n = Math.min(len, k - i);
    for (let q = 0; q < n; q++) {
      const d = src[i + q] - heap[at + q];
      if (d !== 0) return d;
    }
    return k - i - len;
  }

  /** Leaves the ascending mode: every value kept so far into a table of the size the count needs. */
  private tabulate(): void {
    let size = 128;
    let shift = 25;
    while (this.count * 2 > size) {
      size *= 2;
      shift--;
    }
    this.slots = new Int32Array(size * STRIDE);
    this.mask = size - 1;
    this.shift = shift;
    const heap = this.heap;
    for (let idx = 0; idx < this.count; idx++) {
      const from = this.starts[idx];
      const to = this.starts[idx + 1];
      const len = to - from;
      const h = hashBytes(heap, from, to);
      let a = h;
      let b = LONG;
      if (len <= 7) {
        a = 0;
        b = len << 24;
        for (let q = 0; q < len; q++) {
          if (q < 4) a |= heap[from + q] << (8 * q);
          else b |= heap[from + q] << (8 * (q - 4));
        }
      }
      let s = Math.imul(h, 0x9e3779b1) >>> shift;
      while (this.slots[s * STRIDE] !== 0) s = (s + 1) & this.mask;
      const at = s * STRIDE;
      this.slots[at] = idx + 1;
      this.slots[at + 1] = a;
      this.slots[at + 2] = b;
    }
  }

  /** Keeps the bytes `src[i, k)` as a new value; its code. */
  private keep(src: Buffer, i: number, k: number): number {
    const idx = this.count++;
    const special = this.special;
    if (special && !isPlainText(src, i, k)) {
      if (special.length < MAX_SPECIAL) special.push(idx);
      else this.special = null;
    }
    if (idx + 2 > this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    const len = k - i;
    if (this.heapEnd + len > this.heap.length) {
      const heap = new Uint8Array(Math.max(this.heap.length * 2, this.heapEnd + len));
      heap.set(this.heap.subarray(0, this.heapEnd));
      this.heap = heap;
    }
    const heap = this.heap;
    let bits = this.bits;
    for (let q = 0, to = this.heapEnd; q < len; q++) bits |= heap[to + q] = src[i + q];
    this.bits = bits;
    this.heapEnd += len;
    this.starts[idx + 1] = this.heapEnd;
    return idx;
  }

  /** Adds `src[i, k)` as a new value in the free slot at `at`, with its two slot words. */
  private add(src: Buffer, i: number, k: number, at: number, a: number, b: number): number {
    const idx = this.keep(src, i, k);
    const slots = this.slots;
    slots[at] = idx + 1;
    slots[at + 1] = a;
    slots[at + 2] = b;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return idx;
  }

  /** The column read: codes of its `rows` records, distinct texts, and which texts are not plain when few are. */
  column(rows: number): TextColumn {
    // The codes as read when they fill most of their buffer (the row guess was close): a copy cost 40 ms and 24 MB
    // on a 1,000,000-line file of six columns.
    const codes = rows * 4 >= this.codes.length * 3 ? this.codes.subarray(0, rows) : this.codes.slice(0, rows);
    // The texts are made when asked for (a million order ids need not become a million strings): each from its
    // bytes, or all at once (`dict`). The table's slots are not kept.
    const count = this.count;
    const starts = this.starts;
    const heap = Buffer.from(this.heap.buffer, 0, this.heapEnd);
    const ascii = this.bits < 0x80;
    const textOf = (k: number): string => heap.toString(ascii ? 'latin1' : 'utf8', starts[k], starts[k + 1]);
    const all = (): string[] => dictOf(heap, starts, count, ascii);
    const col = lazyTextColumn(codes, count, textOf, all);
    if (ascii) col.ascii = { heap, starts };
    col.empties = rows - this.filled;
    if (this.special) col.special = Int32Array.from(this.special);
    return col;
  }

  /** Twice the slots: every entry moved with its words. */
  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * STRIDE);
    const mask = size - 1;
    const shift = this.shift - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from] === 0) continue;
      const h = old[from + 2] === LONG ? old[from + 1] : packedHash(old[from + 1], old[from + 2]);
      let s = Math.imul(h, 0x9e3779b1) >>> shift;
      while (slots[s * STRIDE] !== 0) s = (s + 1) & mask;
      const to = s * STRIDE;
      slots[to] = old[from];
      slots[to + 1] = old[from + 1];
      slots[to + 2] = old[from + 2];
    }
    this.slots = slots;
    this.mask = mask;
    this.shift = shift;
  }
}

/**
 * Mean bytes per line end in the first 64 KB from `start` (at least 8; 40 when no line ends there): the capacity
 * guess of a read. A guess only: quoted line breaks count too, and a short guess costs a doubling.
 */
function lineBytes(src: Uint8Array, start: number): number {
  const end = Math.min(src.length, start + 65_536);
  let lines = 0;
  for (let i = start; i < end; i++) if (src[i] === 10 || (src[i] === 13 && src[i + 1] !== 10)) lines++;
  return lines === 0 ? 40 : Math.max(8, (end - start) / lines);
}

/** The distinct texts of a column, in order of first appearance: cut from one decode of the bytes when they are ASCII. */
function dictOf(heap: Buffer, starts: Int32Array, count: number, ascii: boolean): string[] {
  const out = new Array<string>(count);
  if (ascii) {
    const all = heap.toString('latin1');
    for (let k = 0; k < count; k++) out[k] = all.slice(starts[k], starts[k + 1]);
  } else for (let k = 0; k < count; k++) out[k] = heap.toString('utf8', starts[k], starts[k + 1]);
  return out;
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function hashBytes(b: Uint8Array, i: number, k: number): number {
  let h = FNV_OFFSET;
  for (let q = i; q < k; q++) h = Math.imul(h ^ b[q], FNV_PRIME);
  return h;
}

/** CSV text split into dictionary-encoded columns (see src/ingest/grid-columns.ts). */
export interface ParsedCsvColumns {
  columns: GridColumns;
  /** True when a quoted field was still open at the end of the text. */
  unclosedQuote: boolean;
}

/**
 * `parseCsvBytes` over text (encoded as UTF-8 first).
 *
 * @example parseCsvColumns('a,b\nx,b\n', ',').columns.columns[1] // { codes: Int32Array [0, 0], dict: ['b'] }
 */
export function parseCsvColumns(text: string, delimiter: CsvDelimiter, limits?: CsvParseLimits): ParsedCsvColumns {
  return parseCsvBytes(Buffer.from(text, 'utf8'), 0, delimiter, limits);
}

/**
 * Splits well-formed UTF-8 CSV bytes (from `start`, past a BOM or `sep=` line) into records and fields exactly
 * as `parseCsv` splits their text, straight into columns: per column a code per record into its distinct texts
 * (-1 for an empty field or one the record does not reach). No row arrays and no string per repeated value. The
 * delimiters, quotes and line ends are ASCII, which no byte of a multi-byte UTF-8 character is, so fields fall
 * where they fall in the text. The limits are checked where `parseCsv` checks them, with the same errors
 * (characters per cell counted in UTF-16 units, as a JS string's length).
 */
// eslint-disable-next-line max-lines-per-function -- one byte loop, kept whole for speed (as parseCsv)
export function parseCsvBytes(
  src: Buffer,
  start: number,
  delimiter: CsvDelimiter,
  limits?: CsvParseLimits,
): ParsedCsvColumns {
  const maxRows = limits?.maxRows ?? Infinity;
  const maxColumns = limits?.maxColumns ?? Infinity;
  const maxCellChars = limits?.maxCellChars ?? Infinity;
  const part = limits?.part ?? '';
  const n = src.length;
  const d = delimiter.charCodeAt(0);
  // The bytes that end an unquoted field: one load per byte instead of three compares.
  const stops = new Uint8Array(256);
  stops[d] = stops[10] = stops[13] = 1;
  const builders: ColumnBuilder[] = [];
  // A first guess at the rows, from the line length of the first 64 KB (10% over), grown by doubling.
  let capacity = Math.max(16, Math.min(1 << 22, Math.ceil(((n - start) / lineBytes(src, start)) * 1.1)));
  let rows = 0;
  let j = 0; // field index in the current record
  let i = start;
  let unclosedQuote = false;
  // Unescaped bytes of a quoted field.
  let scratch = Buffer.allocUnsafe(256);
  const cellRef = (): string => rangeAddress(rows + 1, j + 1, 1, 1);
  const done = (): ParsedCsvColumns => ({
    columns: { rows, columns: builders.map((b) => b.column(rows)) },
    unclosedQuote,
  });
  /** The builder of field `j`, made (empty for the rows before) when the record is the widest yet. */
  const builder = (): ColumnBuilder => {
    if (j >= maxColumns) throw new ReadLimitError('columns', maxColumns, part, cellRef());
    while (builders.length <= j) builders.push(new ColumnBuilder(capacity));
    return builders[j];
  };
  /** A field's text is over the cap: bytes can outnumber characters, so the text decides. */
  const tooLong = (b: Buffer, from: number, to: number): boolean =>
    to - from > maxCellChars && b.toString('utf8', from, to).length > maxCellChars;
  if (n <= start) return done();
  for (;;) {
    // one field starting at i
    if (rows >= capacity) {
      capacity *= 2;
      for (const b of builders) b.grow(capacity);
    }
    if (src[i] === 34) {
      let q0 = i + 1;
      let len = 0;
      const put = (from: number, to: number): void => {
        if (len + to - from > scratch.length) {
          const next = Buffer.allocUnsafe(Math.max(scratch.length * 2, len + to - from));
          scratch.copy(next, 0, 0, len);
          scratch = next;
        }
        src.copy(scratch, len, from, to);
        len += to - from;
      };
      for (;;) {
        const q = src.indexOf(34, q0);
        if (q < 0) {
          put(q0, n);
          i = n;
          unclosedQuote = true;
          break;
        }
        put(q0, q);
        if (src[q + 1] === 34) {
          put(q, q + 1);
          q0 = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Excel keeps text that follows a closing quote, up to the next delimiter or line end.
      let k = i;
      while (k < n) {
        const c = src[k];
        if (c === d || c === 10 || c === 13) break;
        k++;
      }
      if (k > i) put(i, k);
      i = k;
      if (tooLong(scratch, 0, len)) throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
      const b = j < builders.length ? builders[j] : builder();
      if (len > 0) {
        b.codes[rows] = b.codeOf(scratch, 0, len, hashBytes(scratch, 0, len));
        b.filled++;
      }
    } else {
      let k = i;
      let h = FNV_OFFSET;
      while (k < n) {
        const c = src[k];
        if (stops[c] === 1) break;
        h = Math.imul(h ^ c, FNV_PRIME);
        k++;
      }
      if (k - i > maxCellChars && tooLong(src, i, k))
        throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
      const b = j < builders.length ? builders[j] : builder();
      if (k > i) {
        b.codes[rows] = b.codeOf(src, i, k, h);
        b.filled++;
      }
      i = k;
    }
    j++;
    if (i >= n) {
      rows++;
      break;
    }
    const c = src[i];
    if (c === d) {
      i++;
      if (i >= n) {
        builder(); // the empty last field
        rows++;
        break;
      }
      continue;
    }
    // line end
    i += c === 13 && src[i + 1] === 10 ? 2 : 1;
    if (rows >= maxRows) throw new ReadLimitError('rows', maxRows, part);
    rows++;
    if ((rows & 0xffff) === 0) limits?.clock?.check(part);
    j = 0;
    if (i >= n) break;
  }
  if (rows > maxRows) throw new ReadLimitError('rows', maxRows, part);
  return done();
}

// ---------------------------------------------------------------------------------------------
// File

/** Sheet name for a .csv path: the base name without `.csv`, `.csv.gz`, `.tsv` or `.txt`. */
export function csvSheetName(path: string): string {
  return (
    basename(path)
      .replace(/\.(csv|tsv|txt)(\.gz)?$/i, '')
      .replace(/\.gz$/i, '') || 'csv'
  );
}

/** Above this share of control or undecodable characters, a file is not text (real CSV files have none). */
const NOT_TEXT_SHARE = 0.05;

/**
 * Share of the first 64 K characters that no text holds: C0 controls other than tab, line feed, vertical
 * tab, form feed and carriage return; DEL; C1 controls; and U+FFFD, what a decoder gives for bytes that are not
 * in its encoding. Random bytes score about 0.1 whatever encoding they are decoded as.
 */
function notTextShare(text: string): number {
  const n = Math.min(text.length, 65_536);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) bad++;
  }
  return bad / n;
}

/** The first characters of UTF-8 `src` from `from` (past a BOM): enough for the sniffing below (256 K characters). */
function textPrefix(src: Buffer, from: number): string {
  let cut = Math.min(src.length, from + 1_200_000);
  while (cut < src.length && (src[cut] & 0xc0) === 0x80) cut++;
  return src.toString('utf8', from, cut);
}

function unclosedQuoteDiagnostic(sheet: string, rows: number): Diagnostic {
  return {
    code: 'read.csv_unclosed_quote',
    severity: 'warning',
    message: {
      en: `A quoted field in "${sheet}" is never closed; everything after its opening quote was read as one value.`,
      'zh-CN': `“${sheet}”中有一个带引号的字段没有闭合；其开引号之后的全部内容被读成了一个值。`,
    },
    where: { sheet, rows: [rows], count: 1 },
  };
}

/** Rows split from text that has no UTF-8 form, as a row-major grid padded to the widest row. */
function legacyGrid(
  parsed: ParsedCsv,
  sheet: string,
  detection: CsvDetection,
  diagnostics: Diagnostic[],
): { grid: CellGrid | null; detection: CsvDetection; diagnostics: Diagnostic[] } {
  const { rows, unclosedQuote } = parsed;
  if (unclosedQuote) diagnostics.push(unclosedQuoteDiagnostic(sheet, rows.length));
  if (rows.length === 0) return { grid: null, detection, diagnostics };
  let width = 0;
  for (const r of rows) if (r.length > width) width = r.length;
  const values = rows as CellValue[][];
  for (const r of values) while (r.length < width) r.push(null);
  return { grid: { sheet, address: rangeAddress(1, 1, values.length, width), values }, detection, diagnostics };
}

/**
 * Decodes CSV bytes (gunzipped already) into a grid. Pure apart from the decoders; the file reader
 * and tests share it.
 */
export function csvBytesToGrid(
  bytes: Uint8Array,
  sheet: string,
  options: Omit<ReadCsvOptions, 'sheet'> & { clock?: Deadline; file?: string } = {},
): { grid: CellGrid | null; detection: CsvDetection; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // The file's name for messages (readCsv passes it); bytes from elsewhere are named by their grid.
  const file = options.file ?? sheet;
  const det = options.encoding ? { encoding: options.encoding, bom: false } : detectEncoding(bytes);
  const asked: string = det.encoding;
  let encoding = asked;
  const known: boolean = iconv.encodingExists(asked);
  if (!known) {
    diagnostics.push({
      code: 'read.csv_unknown_encoding',
      severity: 'warning',
      message: {
        en: `Unknown text encoding "${asked}"; the file was read as UTF-8.`,
        'zh-CN': `未知的文本编码“${asked}”；已按 UTF-8 读取文件。`,
      },
      where: { sheet },
    });
    encoding = 'utf-8';
  }
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Well-formed UTF-8 is split as bytes (no text of the whole file is made); other encodings are decoded and
  // their text split the same way. iconv-lite strips a BOM by default (stripBOM), for UTF-8 and UTF-16 alike.
  const utf8 = /^utf-?8$/i.test(encoding) && isUtf8(src);
  let body = src;
  let from = 0;
  let text: string;
  let legacyRows = false;
  if (utf8) {
    if (src[0] === 0xef && src[1] === 0xbb && src[2] === 0xbf) from = 3;
    text = textPrefix(src, from);
  } else {
    text = iconv.decode(src, encoding);
    // A lone surrogate (broken UTF-16) has no UTF-8 form: such text is split as text, into rows.
    if ((text as string & { isWellFormed(): boolean }).isWellFormed()) body = Buffer.from(text, 'utf8');
    else legacyRows = true;
  }
  let delimiter = options.delimiter;
  const sep = /^sep=(.)\r?\n/.exec(text.slice(0, 8));
  if (sep && CSV_DELIMITERS.includes(sep[1] as CsvDelimiter)) {
    delimiter ??= sep[1] as CsvDelimiter;
    text = text.slice(sep[0].length);
    from += Buffer.byteLength(sep[0], 'utf8');
  }
  delimiter ??= detectDelimiter(text.slice(0, 256 * 1024));
  const detection: CsvDetection = { encoding, bom: det.bom, delimiter };
  const junk = notTextShare(text);
  if (junk > NOT_TEXT_SHARE) {
    diagnostics.push(notTextDiagnostic(file, junk, sheet));
    return { grid: null, detection, diagnostics };
  }
  const limits = readLimits(options.limits);
  const parseLimits = { ...limits, clock: options.clock, part: sheet };
  let parsed: ParsedCsvColumns;
  try {
    if (legacyRows) return legacyGrid(parseCsv(text, delimiter, parseLimits), sheet, detection, diagnostics);
    parsed = parseCsvBytes(body, from, delimiter, parseLimits);
  } catch (err) {
    if (!(err instanceof ReadLimitError)) throw err;
    diagnostics.push(csvLimitDiagnostic(err, file, sheet));
    return { grid: null, detection, diagnostics };
  }
  const { columns, unclosedQuote } = parsed;
  if (unclosedQuote) diagnostics.push(unclosedQuoteDiagnostic(sheet, columns.rows));
  if (columns.rows === 0) return { grid: null, detection, diagnostics };
  // Columns behind the grid: its rows are built only if something asks for them (src/ingest/grid-columns.ts).
  const address = rangeAddress(1, 1, columns.rows, columns.columns.length);
  return { grid: columnarGrid({ sheet, address }, columns), detection, diagnostics };
}

/** The file's bytes, a .gz inflated as a stream: at most `maxBytes`, at most `maxRatio` to 1 (issue 17). */
async function csvBytes(path: string, limits: ReadLimits, name: string): Promise<Uint8Array> {
  const maxBytes = Math.min(limits.maxPartBytes, CSV_MAX_BYTES);
  const head = await readFirst(path, 2);
  if (!(/\.gz$/i.test(path) || (head[0] === 0x1f && head[1] === 0x8b))) {
    if (statSync(path).size > maxBytes) throw new ReadLimitError('partBytes', maxBytes, name);
    return await readFile(path);
  }
  const file = createReadStream(path, { highWaterMark: 2 ** 16 });
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  file.pipe(gunzip);
  const inflate = { maxBytes, maxRatio: limits.maxRatio, ratioGraceBytes: limits.ratioGraceBytes };
  const chunks: Buffer[] = [];
  const close = (): void => {
    file.destroy();
    gunzip.destroy();
  };
  for await (const chunk of limitInflated(gunzip, name, inflate, () => gunzip.bytesWritten, close)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function readFirst(path: string, n: number): Promise<Uint8Array> {
  const out: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: 0, end: n - 1 })) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

/**
 * Reads a .csv or .csv.gz file into one grid. Never throws: an unreadable file gives an error diagnostic, and
 * so does a file that is not text, one that is empty and one with a header row only (then no grid).
 *
 * @example
 *   const { grids } = await readCsv('orders.csv');
 *   grids[0] // { sheet: 'orders', address: 'A1:F1201', values: [['订单号', '客户ID', …], …] }
 */
export async function readCsv(
  path: string,
  options: ReadCsvOptions = {},
): Promise<ReadResult & { detection?: CsvDetection }> {
  const sheet = options.sheet ?? csvSheetName(path);
  const diagnostics: Diagnostic[] = [];
  const none = { grids: [], sheets: [], tables: [], date1904: false, diagnostics };
  const limits = readLimits(options.limits);
  const clock = deadline(limits.timeBudgetMs);
  let bytes: Uint8Array;
  try {
    bytes = await csvBytes(path, limits, sheet);
  } catch (err) {
    if (err instanceof ReadLimitError) {
      diagnostics.push(csvLimitDiagnostic(err, basename(path), sheet));
      return none;
    }
    const detail = err instanceof Error ? err.message : 'unknown error';
    diagnostics.push({
      code: 'read.unreadable',
      severity: 'error',
      message: { en: `Cannot read "${path}": ${detail}`, 'zh-CN': `无法读取“${path}”：${detail}` },
    });
    return none;
  }
  const {
    grid: read,
    detection,
    diagnostics: more,
  } = csvBytesToGrid(bytes, sheet, {
    ...options,
    clock,
    file: basename(path),
  });
  diagnostics.push(...more);
  let grid = read;
  // Rows that hold a value (blank lines hold none), counted up to two: none is an empty file (no grid: the
  // command says there is nothing to analyse), one a header only.
  const valued: CellValue[][] = [];
  const cols = grid ? gridColumns(grid) : null;
  for (let r = 0, rows = cols?.rows ?? 0; r < rows; r++) {
    const row = rowOf(cols!, r);
    if (row.some((v) => v !== null && String(v).trim() !== '')) valued.push(row);
    if (valued.length === 2) break;
  }
  if (valued.length === 0) grid = null;
  else if (grid && valued.length === 1) {
    diagnostics.push(headerOnlyDiagnostic(path, sheet, valued[0] as (string | null)[]));
    grid = null;
  }
  return {
    grids: grid ? [grid] : [],
    sheets: [
      {
        name: sheet,
        state: 'visible',
        address: grid?.address ?? null,
        rows: grid ? gridRowCount(grid) : 0,
        columns: grid ? gridWidth(grid) : 0,
      },
    ],
    tables: [],
    date1904: false,
    detection,
    diagnostics,
  };
}
