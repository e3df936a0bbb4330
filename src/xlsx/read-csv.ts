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
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import { rangeAddress, type ReadResult } from './read-xlsx.js';
import { CSV_MAX_BYTES, deadline, ReadLimitError, readLimits, type Deadline, type ReadLimits } from './read-limits.js';
import { csvLimitDiagnostic, headerOnlyDiagnostic, notTextDiagnostic } from './read-messages.js';
import { limitInflated } from './zip-entries.js';
import { parseCsvBytes, readRange, type ParsedCsvColumns } from './read-csv-bytes.js';
import {
  CSV_PARALLEL_MIN_BYTES,
  CsvFileShare,
  defaultParallelMinBytes,
  parseCsvBytesParallel,
  parseCsvFileParallel,
  startCsvHelper,
  takePrestartedCsvHelper,
  traced,
  type CsvHelper,
} from './read-csv-parallel.js';

export { parseCsvBytes, type ParsedCsvColumns } from './read-csv-bytes.js';
import { columnarGrid, gridColumns, gridRowCount, gridWidth, rowOf } from '../ingest/grid-columns.js';

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
  /**
   * Text of this many bytes or more is split on two threads (./read-csv-parallel.ts), the same columns;
   * default `defaultParallelMinBytes()`: 8 MB on a machine of two cores or more, else one thread;
   * `LOOPBOOK_CSV_THREADS=1` or `=2` decides.
   */
  parallelMinBytes?: number;
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
  const { encoding, bom } = detect(bytes);
  return { encoding, bom };
}

/**
 * `detectEncoding`, saying too whether it found the bytes well-formed UTF-8 (`utf8`: true), so that the read does
 * not check 64 MB a second time (12-16 ms on the 1M-order file, before the worker can start); undefined when it did
 * not check (a byte-order mark decided).
 */
function detect(
  bytes: Uint8Array,
  wellFormed = (): boolean => isUtf8(bytes),
): { encoding: string; bom: boolean; utf8?: true } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const u16 = utf16WithoutBom(bytes);
  if (u16) return { encoding: u16, bom: false };
  // Well-formed UTF-8 (what a fatal TextDecoder accepts), checked without decoding the file.
  if (wellFormed()) return { encoding: 'utf-8', bom: false, utf8: true };
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

/**
 * `parseCsvBytes` over text (encoded as UTF-8 first).
 *
 * @example parseCsvColumns('a,b\nx,b\n', ',').columns.columns[1] // { codes: Int32Array [0, 0], dict: ['b'] }
 */
export function parseCsvColumns(text: string, delimiter: CsvDelimiter, limits?: CsvParseLimits): ParsedCsvColumns {
  return parseCsvBytes(Buffer.from(text, 'utf8'), 0, delimiter, limits);
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

/** A read's grid (null when there is none), what was detected and what was found. */
export interface CsvGridRead {
  grid: CellGrid | null;
  detection: CsvDetection;
  diagnostics: Diagnostic[];
}

type CsvBytesOptions = Omit<ReadCsvOptions, 'sheet'> & {
  clock?: Deadline;
  file?: string;
  /**
   * The bytes are a file's head, and the caller checks that the whole file is well-formed UTF-8 (the two-thread
   * read of a file, `readCsvShares`): taken as such here, where the whole file's bytes would be checked.
   */
  utf8Checked?: true;
};

/** Decoded and sniffed bytes, ready to split. */
interface CsvBody {
  /** UTF-8 bytes to split from `from`; null when the text has no UTF-8 form (split as `text`, into rows). */
  body: Buffer | null;
  from: number;
  text: string;
  delimiter: CsvDelimiter;
  limits: CsvParseLimits;
  sheet: string;
  file: string;
  detection: CsvDetection;
  diagnostics: Diagnostic[];
}

/**
 * Decodes CSV bytes (gunzipped already) into a grid. Pure apart from the decoders; the file reader
 * and tests share it.
 */
export function csvBytesToGrid(bytes: Uint8Array, sheet: string, options: CsvBytesOptions = {}): CsvGridRead {
  const prep = prepareCsv(bytes, sheet, options);
  if (!('body' in prep)) return prep;
  const { body, from, delimiter, limits } = prep;
  return csvGrid(prep, () => parseCsvBytes(body!, from, delimiter, limits));
}

/**
 * `csvBytesToGrid`, on two threads when the text is `parallelMinBytes` or more and `helper` (a worker started
 * ahead, ./read-csv-parallel.ts) is there: the same grid, detection and diagnostics. Closes `helper`.
 */
export async function csvBytesToGridAsync(
  bytes: Uint8Array,
  sheet: string,
  options: CsvBytesOptions & { helper?: CsvHelper | null } = {},
): Promise<CsvGridRead> {
  const helper = options.helper;
  const prep = prepareCsv(bytes, sheet, options);
  const minBytes = options.parallelMinBytes ?? defaultParallelMinBytes();
  if (!('body' in prep) || !prep.body || !helper || prep.body.length - prep.from < minBytes) {
    helper?.close();
    if (!('body' in prep)) return prep;
    const { body, from, delimiter, limits } = prep;
    return csvGrid(prep, () => traced(() => parseCsvBytes(body!, from, delimiter, limits)));
  }
  let parsed: ParsedCsvColumns | Error;
  try {
    parsed = await parseCsvBytesParallel(prep.body, prep.from, prep.delimiter, prep.limits, helper);
  } catch (err) {
    parsed = err instanceof Error ? err : new Error(String(err));
  } finally {
    helper.close();
  }
  return csvGrid(prep, () => {
    if (parsed instanceof Error) throw parsed;
    return parsed;
  });
}

/** The bytes decoded, sniffed and checked to be text: what to split, or the read's answer when there is none. */
function prepareCsv(bytes: Uint8Array, sheet: string, options: CsvBytesOptions): CsvBody | CsvGridRead {
  const diagnostics: Diagnostic[] = [];
  // The file's name for messages (readCsv passes it); bytes from elsewhere are named by their grid.
  const file = options.file ?? sheet;
  const wellFormed = (): boolean => options.utf8Checked ?? isUtf8(bytes);
  const det: ReturnType<typeof detect> = options.encoding
    ? { encoding: options.encoding, bom: false }
    : detect(bytes, wellFormed);
  const asked: string = det.encoding;
  let encoding = asked;
  // UTF-8 is known without asking iconv-lite, whose first question loads its tables: 8-18 ms (3 runs, load 10 on 2
  // cores) before a read of a UTF-8 file could start, the worker's job waiting behind it.
  const known: boolean = /^utf-?8$/i.test(asked) || iconv.encodingExists(asked);
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
  const utf8 = /^utf-?8$/i.test(encoding) && (det.utf8 === true || wellFormed());
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
  const limits = { ...readLimits(options.limits), clock: options.clock, part: sheet };
  return { body: legacyRows ? null : body, from, text, delimiter, limits, sheet, file, detection, diagnostics };
}

/** The grid of the columns `parse` splits (or of the rows of text with no UTF-8 form), with its diagnostics. */
function csvGrid(prep: CsvBody, parse: () => ParsedCsvColumns): CsvGridRead {
  const { sheet, file, detection, diagnostics } = prep;
  let parsed: ParsedCsvColumns;
  try {
    if (!prep.body) return legacyGrid(parseCsv(prep.text, prep.delimiter, prep.limits), sheet, detection, diagnostics);
    parsed = parse();
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
async function csvBytes(path: string, limits: ReadLimits, name: string, shared: boolean): Promise<Uint8Array> {
  const maxBytes = Math.min(limits.maxPartBytes, CSV_MAX_BYTES);
  const head = readRange(path, 0, 2);
  if (!(/\.gz$/i.test(path) || (head[0] === 0x1f && head[1] === 0x8b))) {
    const size = statSync(path).size;
    if (size > maxBytes) throw new ReadLimitError('partBytes', maxBytes, name);
    // Read at once on this thread: read asynchronously (in the thread pool's chunks), the 1M-order file's 64 MB left
    // this thread idle 62 ms of its 632 ms read (one thread, load 9 on 2 cores, --cpu-prof), which parses after.
    return readWhole(path, size, shared);
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

/**
 * The file's `size` bytes (fewer when it shrank), read on this thread; in memory a worker thread can read too (no
 * copy of its half) when `shared`: a two-thread read's.
 */
function readWhole(path: string, size: number, shared = true): Buffer {
  return readRange(path, 0, size, shared ? Buffer.from(new SharedArrayBuffer(size)) : undefined);
}

/**
 * A large file read on two threads, each thread reading its own share of the file (`parseCsvFileParallel`): the
 * read `csvBytesToGridAsync` gives of the whole file's bytes, without the main thread reading the worker's share
 * first. 'whole' when this read does not apply (a .gz, a head that is not UTF-8 text, an unreadable file), before the
 * worker is given its job; null when the file's bytes proved not to be UTF-8 past the head (the worker's job was
 * given, so a read of the file as one text needs another).
 */
async function readCsvShares(
  path: string,
  size: number,
  sheet: string,
  options: CsvBytesOptions,
  helper: CsvHelper,
): Promise<CsvGridRead | 'whole' | null> {
  let share: CsvFileShare;
  try {
    share = new CsvFileShare(path, size);
  } catch {
    return 'whole';
  }
  try {
    const head = share.bytes;
    if (head[0] === 0x1f && head[1] === 0x8b) return 'whole';
    // The head to its last line end (whole characters) checked first: a file in another encoding is read whole
    // before the worker is given anything.
    if (!isUtf8(head.subarray(0, head.lastIndexOf(10) + 1))) return 'whole';
    const prep = prepareCsv(head, sheet, { ...options, utf8Checked: true });
    if (!('body' in prep) || !prep.body || !/^utf-?8$/i.test(prep.detection.encoding)) return 'whole';
    let parsed: ParsedCsvColumns | Error | null;
    try {
      parsed = await parseCsvFileParallel(share, prep.from, prep.delimiter, prep.limits, helper);
    } catch (err) {
      parsed = err instanceof Error ? err : new Error(String(err));
    } finally {
      helper.close();
    }
    if (parsed === null) return null;
    const done = parsed;
    return csvGrid(prep, () => {
      if (done instanceof Error) throw done;
      return done;
    });
  } finally {
    share.close();
  }
}

/** The file's size in bytes; 0 when it cannot be read (the read then says why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
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
  // One thread or two (decided now, `defaultParallelMinBytes`): the worker of a two-thread read starts before the
  // file is read, so its start overlaps the main thread's first steps (or, text read whole first, the reading). A
  // .gz is decided by its text's size once inflated.
  // A worker started ahead (`prestartCsvHelper`, by the command line or a bench) is this read's: the machine was
  // judged then, before the worker's own start could count as a task wanting a core.
  const early = takePrestartedCsvHelper();
  const minBytes = options.parallelMinBytes ?? (early ? CSV_PARALLEL_MIN_BYTES : defaultParallelMinBytes());
  const size = fileSize(path);
  let helper = size >= minBytes || (early && /\.gz$/i.test(path)) ? (early ?? startCsvHelper()) : null;
  if (helper !== early) early?.close();
  const bytesOptions = { ...options, parallelMinBytes: minBytes, clock, file: basename(path) };
  // Each thread reading its own share of the file, when it is plain UTF-8 text; else (a .gz, another encoding) the
  // file read whole first.
  const plain = helper && !/\.gz$/i.test(path) && size <= Math.min(limits.maxPartBytes, CSV_MAX_BYTES);
  let csv = plain ? await readCsvShares(path, size, sheet, bytesOptions, helper!) : 'whole';
  if (csv === null) helper = startCsvHelper(); // the first worker's job was given: one more for the text
  if (csv === null || csv === 'whole') {
    let bytes: Uint8Array;
    try {
      bytes = await csvBytes(path, limits, sheet, helper !== null);
    } catch (err) {
      helper?.close();
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
    csv = await csvBytesToGridAsync(bytes, sheet, {
      ...bytesOptions,
      helper: (helper ??= bytes.length >= minBytes ? startCsvHelper() : null), // a .gz: its text's size
    });
  }
  const { grid: read, detection, diagnostics: more } = csv;
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
