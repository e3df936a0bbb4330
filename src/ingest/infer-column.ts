/**
 * Type inference for one column from a sample of its cells: which type, and how to read it (decimal
 * comma, currency, percent, day/month order, compact `yyyymmdd` dates, zero padding).
 * Conversion (convert-column.ts) then reads every cell the chosen way and reports the strays.
 */
import type { CellValue } from '../types.js';
import { dictSize, dictText, type TextColumn } from './grid-columns.js';
import type { ColumnType } from './types.js';
import { BOOLEAN_WORDS, isBlankCell, MISSING_MARKERS, trimCell } from './cells.js';
import { isExcelError } from './excel-errors.js';
import { isDateHeader, isIdHeader, isMeasureHeader } from './header-hints.js';
import { classifyFormat } from './number-format.js';
import { parseDateText, serialFromCompact } from './parse-date.js';
import { isPlainDecimal, parseNumberText, shortDecimal } from './parse-number.js';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

/** How to read a column. */
export interface ColumnPlan {
  /** integer/number are refined after conversion (all whole numbers → integer). */
  type: ColumnType;
  decimalComma: boolean;
  currency?: string;
  /** Text dates in `18/06/2024` form: which order. */
  dateOrder?: DateOrder;
  /** The order could not be told from the values; a default was used. */
  dateOrderAmbiguous: boolean;
  /** Numbers such as 19970101 are dates (header says date). */
  compactDates: boolean;
  /** Plain numbers are Excel serials (header says date). */
  serialDates: boolean;
  /** Ids shown zero-padded by their number format (`000000`). */
  zeroPad: number;
  /** Why a column is an identifier (for a diagnostic). */
  idReason?: 'header' | 'leading-zeros' | 'long-digits' | 'codes' | 'format';
  /** No type reached a clear majority. */
  mixed: boolean;
  /** Examples of the cells that decided something worth telling (leading zeros, decimal commas). */
  examples: string[];
}

export interface InferInput {
  values: readonly (readonly CellValue[])[];
  formats: readonly (readonly string[])[] | undefined;
  rows: Int32Array;
  col: number;
  header: string;
  /** Locale such as `en-US`, `de-DE`, `zh-CN`: decides ambiguous day/month order and decimal marks. */
  locale?: string;
  /** Look at every row instead of a sample. */
  full?: boolean;
  /** The column as dictionary-encoded text (a columnar grid, ./grid-columns.ts): read instead of `values`. */
  text?: TextColumn;
}

const SAMPLE_HEAD = 1000;
const SAMPLE_TOTAL = 5000;
const MAJORITY = 0.8;
const DECIMAL_COMMA_LOCALES = /^(de|fr|es|it|pt|nl|ru|pl|tr|sv|da|nb|no|fi|cs|sk|hu|ro|bg|hr|sl|el|uk|id|vi)\b/i;

/** Sample row positions: all when small, else the first rows plus an even spread. */
export function sampleIndexes(n: number, full = false): Int32Array {
  if (full || n <= SAMPLE_TOTAL) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const out = new Int32Array(SAMPLE_TOTAL);
  for (let i = 0; i < SAMPLE_HEAD; i++) out[i] = i;
  const rest = SAMPLE_TOTAL - SAMPLE_HEAD;
  const step = (n - SAMPLE_HEAD) / rest;
  for (let k = 0; k < rest; k++) out[SAMPLE_HEAD + k] = SAMPLE_HEAD + Math.floor(k * step);
  return out;
}

interface Stats {
  total: number;
  num: number;
  numInt: number;
  numText: number;
  digitsOnly: number;
  leadingZero: number;
  longDigits: number;
  usOnly: number;
  ambiguousDot: number;
  euOnly: number;
  percent: number;
  currency: Map<string, number>;
  fmtCurrency: number;
  fmtPercent: number;
  zeroPad: number;
  compact: number;
  serialRange: number;
  dateFmt: number;
  dateFmtTime: number;
  dateText: number;
  dateTextTime: number;
  xy: number;
  xyDmyOnly: number;
  xyMdyOnly: number;
  bool: number;
  text: number;
  codeLike: number;
  textDigits: number;
  distinct: Set<string>;
  examplesZero: string[];
  examplesComma: string[];
}

const CODE_LIKE = /^[A-Za-z0-9][A-Za-z0-9_\-./#:]*$/;

/** Decide how to read one column. */
export function inferColumn(input: InferInput): ColumnPlan {
  const { values, formats, rows, col, header, text } = input;
  const idx = sampleIndexes(rows.length, input.full);
  const s = newStats();
  if (text) {
    countTexts(s, text, rows, idx);
    return decide(s, header, input.locale);
  }
  for (const k of idx) {
    const r = rows[k];
    const v = (values[r] as readonly CellValue[] | undefined)?.[col];
    if (isBlankCell(v)) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) continue;
      s.total++;
      const f = classifyFormat(formats?.[r]?.[col]);
      if (f.cls === 'date' || f.cls === 'datetime' || f.cls === 'time') {
        s.dateFmt++;
        if (f.cls !== 'date' || !Number.isInteger(v)) s.dateFmtTime++;
        continue;
      }
      countNumber(s, v);
      if (f.cls === 'percent') s.fmtPercent++;
      else if (f.cls === 'currency') {
        s.fmtCurrency++;
        if (f.currency) s.currency.set(f.currency, (s.currency.get(f.currency) ?? 0) + 1);
      }
      if (f.zeroPad) s.zeroPad = Math.max(s.zeroPad, f.zeroPad);
      continue;
    }
    if (typeof v === 'boolean') {
      s.total++;
      s.bool++;
      continue;
    }
    if (typeof v !== 'string') {
      s.total++;
      s.text++;
      continue;
    }
    countText(s, v);
  }
  return decide(s, header, input.locale);
}

/** Adds `m` times the counters of `d` (one text's, `countText`) to `s`; its distinct text and examples apart. */
function addCounts(s: Stats, d: Stats, m: number): void {
  s.total += d.total * m;
  s.num += d.num * m;
  s.numInt += d.numInt * m;
  s.numText += d.numText * m;
  s.digitsOnly += d.digitsOnly * m;
  s.leadingZero += d.leadingZero * m;
  s.longDigits += d.longDigits * m;
  s.usOnly += d.usOnly * m;
  s.ambiguousDot += d.ambiguousDot * m;
  s.euOnly += d.euOnly * m;
  s.percent += d.percent * m;
  s.compact += d.compact * m;
  s.serialRange += d.serialRange * m;
  s.dateText += d.dateText * m;
  s.dateTextTime += d.dateTextTime * m;
  s.xy += d.xy * m;
  s.xyDmyOnly += d.xyDmyOnly * m;
  s.xyMdyOnly += d.xyMdyOnly * m;
  s.bool += d.bool * m;
  s.text += d.text * m;
  s.codeLike += d.codeLike * m;
  s.textDigits += d.textDigits * m;
  for (const [c, x] of d.currency) s.currency.set(c, (s.currency.get(c) ?? 0) + x * m);
}

/**
 * `countText` over the sampled rows of a dictionary-encoded column, each distinct text counted once and added as
 * many times as the sample holds it (issue 13: a date column of 731 days was parsed 5,000 times); a text the sample
 * holds once is counted straight in. Texts enter the distinct set in order of first appearance, as row by row; the
 * examples (leading zeros, decimal commas) are taken from the rows in order, repeats included, as row by row.
 */
function countTexts(s: Stats, text: TextColumn, rows: Int32Array, idx: Int32Array): void {
  // The sampled codes in order of first appearance (`order[0, n)`), and how many sampled rows hold each (typed
  // arrays: a Map of 5,000 ids, cold, cost more than the texts it saved counting).
  const codes = text.codes;
  const { order, times, n } = sampledCodes(codes, rows, idx, dictSize(text));
  // Examples are collected per text (in `scratch`), then taken in row order below.
  const examples = new Map<number, { zero: string[]; comma: string[] }>();
  const { examplesZero, examplesComma } = s;
  const ascii = text.ascii;
  for (let j = 0; j < n; j++) {
    const k = order[j];
    const m = times[j];
    if (ascii && isShortCode(ascii.heap, ascii.starts[k], ascii.starts[k + 1])) {
      // What countText counts for such a text, read from its bytes; the text itself only made for the distinct set.
      s.total += m;
      s.text += m;
      s.codeLike += m;
      s.textDigits += m;
      if (s.distinct.size <= 1000) s.distinct.add(dictText(text, k));
      continue;
    }
    if (ascii && countDecimal(s, ascii.heap, ascii.starts[k], ascii.starts[k + 1], m)) continue;
    const v = dictText(text, k);
    if (isBlankCell(v)) continue;
    let d = s;
    if (m > 1) {
      d = newStats();
      d.distinct = s.distinct;
    } else {
      s.examplesZero = [];
      s.examplesComma = [];
    }
    countText(d, v);
    if (m > 1) addCounts(s, d, m);
    if (d.examplesZero.length > 0 || d.examplesComma.length > 0)
      examples.set(k, { zero: d.examplesZero, comma: d.examplesComma });
  }
  s.examplesZero = examplesZero;
  s.examplesComma = examplesComma;
  if (examples.size === 0) return;
  for (let j = 0; j < idx.length; j++) {
    const e = examples.get(codes[rows[idx[j]]]);
    if (!e) continue;
    for (const t of e.zero) if (s.examplesZero.length < 3) s.examplesZero.push(t);
    for (const t of e.comma) if (s.examplesComma.length < 3) s.examplesComma.push(t);
  }
}

/**
 * The codes of a column at its sampled rows (`rows[idx[j]]`), each once in order of first appearance (`order[0, n)`,
 * empty fields left out), and how many sampled rows hold each (`times[j]` for `order[j]`). Counted in an array by
 * code when the column has few texts; for a column of many more texts than sampled rows (1,000,000 order ids, 5,000
 * sampled) the sampled codes are sorted instead: an array of a count per text was 4 MB to allocate, zero and fault in
 * for 5,000 counts (3-6 ms of ingest, cold, on the 1,000,000-order benchmark; issue 13).
 */
export function sampledCodes(
  codes: Int32Array,
  rows: Int32Array,
  idx: Int32Array,
  size: number,
): { order: Int32Array; times: Int32Array; n: number } {
  const len = idx.length;
  const order = new Int32Array(len);
  const times = new Int32Array(len);
  let n = 0;
  // Indexed loops: an iterator over a typed array, cold, costs several times more a step.
  if (size <= 8 * len || len > SORT_KEY) {
    const count = new Int32Array(size);
    for (let j = 0; j < len; j++) {
      const k = codes[rows[idx[j]]];
      if (k >= 0 && count[k]++ === 0) order[n++] = k;
    }
    for (let j = 0; j < n; j++) times[j] = count[order[j]];
    return { order, times, n };
  }
  // Code and sample position in one key (exact: below 2^31 · 2^13), sorted natively: each code's run starts at its
  // first position; the runs are then put in order of those positions (`first`: the code first seen at j, else -1).
  const keys = new Float64Array(len);
  let m = 0;
  for (let j = 0; j < len; j++) {
    const k = codes[rows[idx[j]]];
    if (k >= 0) keys[m++] = k * SORT_KEY + j;
  }
  const sorted = keys.subarray(0, m).sort();
  const first = new Int32Array(len).fill(-1);
  const runs = new Int32Array(len);
  for (let a = 0; a < m;) {
    const k = Math.floor(sorted[a] / SORT_KEY);
    let b = a + 1;
    while (b < m && Math.floor(sorted[b] / SORT_KEY) === k) b++;
    const j = sorted[a] - k * SORT_KEY;
    first[j] = k;
    runs[j] = b - a;
    a = b;
  }
  for (let j = 0; j < len; j++) {
    if (first[j] < 0) continue;
    order[n] = first[j];
    times[n++] = runs[j];
  }
  return { order, times, n };
}

/**
 * `m` times what `countText` counts for the ASCII bytes `b[i, e)` when they are a plain decimal of up to 15 digits
 * (`shortDecimal`) without a leading zero (whose examples `countText` keeps): true when counted, false to leave the
 * text to `countText`. Such a text has nothing to trim, is no Excel error, missing marker or boolean word (it has a
 * digit), and counts as a number written as text: with a point, `1.234` (one to three digits, a point, three digits)
 * reads either way, others only with a decimal point; without a point or sign, digits only (issue 13: 3,995 sampled
 * amounts made and matched one by one, cold, cost 5-15 ms on the 1,000,000-order benchmark).
 */
function countDecimal(s: Stats, b: Uint8Array, i: number, e: number, m: number): boolean {
  const x = shortDecimal(b, i, e, false);
  if (x !== x) return false;
  const negative = b[i] === 45;
  let point = -1;
  for (let p = i; p < e; p++) if (b[p] === 46) point = p;
  const digitsOnly = !negative && point < 0;
  if (digitsOnly && e - i > 1 && b[i] === 48) return false;
  s.total += m;
  s.num += m;
  if (Number.isInteger(x)) {
    s.numInt += m;
    if (!Number.isNaN(serialFromCompact(x))) s.compact += m;
    if (x >= 18_264 && x <= 73_050) s.serialRange += m;
  }
  s.numText += m;
  if (point >= 0) {
    const whole = point - (negative ? i + 1 : i);
    if (whole >= 1 && whole <= 3 && e - point - 1 === 3) s.ambiguousDot += m;
    else s.usOnly += m;
  }
  if (digitsOnly) s.digitsOnly += m;
  return true;
}

/** Sample positions a sort key of `sampledCodes` holds (a power of two: dividing a key by it is exact). */
const SORT_KEY = 8192;

/**
 * Whether the ASCII bytes `b[i, e)` are an id such as `C000001` or `AB12x`: one or two ASCII letters, then
 * a digit, then only letters and digits. `countText` counts such a text as code-like text with digits and nothing
 * else: it has nothing to trim, is no Excel error (no `#`), no missing marker or boolean word (those have no digit),
 * no number or date (it starts with a letter, and a month name needs three), and no currency code starts it (those
 * are three letters, or a letter and `$`). So `countTexts` counts it from its bytes, without making the text or
 * running countText's regular expressions: issue 13, 5,000 sampled ids cost 10-20 ms apiece for the order and the
 * customer ids of the 1,000,000-order benchmark, cold.
 */
export function isShortCode(b: Uint8Array, i: number, e: number): boolean {
  if (e - i < 2 || !isLetterByte(b[i])) return false;
  let p = i + 1;
  if (isLetterByte(b[p])) p++;
  if (p >= e || !isDigitByte(b[p])) return false;
  for (let q = p + 1; q < e; q++) {
    const c = b[q];
    if (!isDigitByte(c) && !isLetterByte(c)) return false;
  }
  return true;
}

function isLetterByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigitByte(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function newStats(): Stats {
  return {
    total: 0,
    num: 0,
    numInt: 0,
    numText: 0,
    digitsOnly: 0,
    leadingZero: 0,
    longDigits: 0,
    usOnly: 0,
    ambiguousDot: 0,
    euOnly: 0,
    percent: 0,
    currency: new Map(),
    fmtCurrency: 0,
    fmtPercent: 0,
    zeroPad: 0,
    compact: 0,
    serialRange: 0,
    dateFmt: 0,
    dateFmtTime: 0,
    dateText: 0,
    dateTextTime: 0,
    xy: 0,
    xyDmyOnly: 0,
    xyMdyOnly: 0,
    bool: 0,
    text: 0,
    codeLike: 0,
    textDigits: 0,
    distinct: new Set(),
    examplesZero: [],
    examplesComma: [],
  };
}

/** Count one text cell into the column statistics. */
function countText(s: Stats, v: string): void {
  const t = trimCell(v);
  if (isExcelError(t)) return;
  const lower = t.length <= 6 ? t.toLowerCase() : '';
  if (lower && MISSING_MARKERS.has(lower)) return;
  s.total++;
  if (lower && BOOLEAN_WORDS.has(lower)) {
    s.bool++;
    return;
  }
  if (isPlainDecimal(t)) {
    const x = Number(t);
    countNumber(s, x);
    s.numText++;
    // `1.234` reads either way (one point two / one thousand); `12.5` only with a decimal point.
    if (t.includes('.')) {
      if (/^-?\d{1,3}\.\d{3}$/.test(t)) s.ambiguousDot++;
      else s.usOnly++;
    }
    if (/^\d+$/.test(t)) {
      s.digitsOnly++;
      if (t.length > 1 && t.charCodeAt(0) === 48) {
        s.leadingZero++;
        if (s.examplesZero.length < 3) s.examplesZero.push(t);
      }
    }
    if (t.length > 15 && /^\d+$/.test(t)) s.longDigits++;
    return;
  }
  if (/^\d{16,}$/.test(t)) {
    s.longDigits++;
    s.text++;
    s.codeLike++;
    s.textDigits++;
    return;
  }
  const d = parseDateText(t);
  if (d) {
    s.dateText++;
    if (d.hasTime) s.dateTextTime++;
    if (d.form === 'xy') {
      s.xy++;
      const dOk = !Number.isNaN(d.dmy);
      const mOk = !Number.isNaN(d.mdy);
      if (dOk && !mOk) s.xyDmyOnly++;
      if (mOk && !dOk) s.xyMdyOnly++;
    }
    return;
  }
  const p = parseNumberText(t);
  if (p) {
    const usOk = !Number.isNaN(p.us);
    const euOk = !Number.isNaN(p.eu);
    if (usOk && !euOk) s.usOnly++;
    if (euOk && !usOk) {
      s.euOnly++;
      if (s.examplesComma.length < 3) s.examplesComma.push(t);
    }
    countNumber(s, usOk ? p.us : p.eu);
    s.numText++;
    if (p.percent) s.percent++;
    if (p.currency) s.currency.set(p.currency, (s.currency.get(p.currency) ?? 0) + 1);
    return;
  }
  s.text++;
  if (CODE_LIKE.test(t) && /\d/.test(t)) s.codeLike++;
  if (/\d/.test(t)) s.textDigits++;
  if (s.distinct.size <= 1000) s.distinct.add(t);
}

function countNumber(s: Stats, x: number): void {
  s.num++;
  if (Number.isInteger(x)) {
    s.numInt++;
    if (!Number.isNaN(serialFromCompact(x))) s.compact++;
    if (x >= 18_264 && x <= 73_050) s.serialRange++; // 1950-01-01 … 2099-12-31
  }
}

function plan(type: ColumnType, extra: Partial<ColumnPlan> = {}): ColumnPlan {
  return {
    type,
    decimalComma: false,
    dateOrderAmbiguous: false,
    compactDates: false,
    serialDates: false,
    zeroPad: 0,
    mixed: false,
    examples: [],
    ...extra,
  };
}

function decide(s: Stats, header: string, locale: string | undefined): ColumnPlan {
  const T = s.total;
  if (T === 0) return plan('empty');
  const idHeader = header !== '' && isIdHeader(header);
  const dateHeader = header !== '' && isDateHeader(header);
  const dateFam = s.dateFmt + s.dateText;
  const numFam = s.num;
  const textFam = s.text;
  const allInts = s.numInt === s.num;

  if (s.longDigits > 0 && s.longDigits + s.digitsOnly >= MAJORITY * T)
    return plan('identifier', { idReason: 'long-digits' });
  if (idHeader && dateFam < 0.5 * T && s.bool === 0) {
    const fewWords = textFam >= 0.5 * T && s.textDigits === 0 && s.distinct.size <= 20 && s.distinct.size < textFam;
    const numbersLikeIds = numFam >= MAJORITY * T ? allInts && s.percent === 0 && s.currency.size === 0 : true;
    if (!fewWords && numbersLikeIds) return plan('identifier', { idReason: 'header', zeroPad: s.zeroPad });
  }
  if (numFam >= MAJORITY * T && s.leadingZero > 0 && s.digitsOnly === s.numText && s.numText === s.num) {
    return plan('identifier', { idReason: 'leading-zeros', examples: s.examplesZero });
  }
  if (s.zeroPad > 0 && numFam >= MAJORITY * T && allInts)
    return plan('identifier', { idReason: 'format', zeroPad: s.zeroPad });

  if (s.bool >= MAJORITY * T) return plan('boolean');

  // A header that names a measure (amount, spend, 金额 …) needs only a plain majority of numbers: the
  // text among them is then reported cell by cell as numbers that could not be read, instead of the
  // whole column turning into text (a small sheet with two typos would otherwise lose its amounts).
  const measureHeader = header !== '' && !dateHeader && isMeasureHeader(header);
  if (numFam >= MAJORITY * T || (measureHeader && numFam * 2 > T && numFam > dateFam)) {
    if (dateHeader && allInts && s.compact === s.num) return plan('date', { compactDates: true, dateOrder: 'ymd' });
    if (dateHeader && allInts && s.serialRange === s.num) return plan('date', { serialDates: true });
    const decimalComma =
      s.euOnly > 0
        ? s.usOnly === 0 || s.euOnly > s.usOnly
        : s.usOnly === 0 && locale !== undefined && DECIMAL_COMMA_LOCALES.test(locale);
    const extra: Partial<ColumnPlan> = { decimalComma, examples: s.euOnly > 0 ? s.examplesComma : [] };
    if (s.percent + s.fmtPercent >= 0.5 * numFam) return plan('percent', extra);
    let moneyCount = 0;
    for (const n of s.currency.values()) moneyCount += n;
    if (moneyCount >= 0.5 * numFam) {
      let best = '';
      let bestN = 0;
      for (const [c, n] of s.currency) if (n > bestN) [best, bestN] = [c, n];
      return plan('currency', { ...extra, currency: best });
    }
    return plan(allInts ? 'integer' : 'number', extra);
  }

  if (dateFam >= MAJORITY * T) {
    const withTime = s.dateFmtTime + s.dateTextTime > 0;
    const type: ColumnType = withTime ? 'datetime' : 'date';
    if (s.xy === 0) return plan(type, { dateOrder: s.dateText > 0 ? 'ymd' : undefined });
    if (s.xyDmyOnly > 0 && s.xyMdyOnly === 0) return plan(type, { dateOrder: 'dmy' });
    if (s.xyMdyOnly > 0 && s.xyDmyOnly === 0) return plan(type, { dateOrder: 'mdy' });
    if (s.xyDmyOnly > 0 && s.xyMdyOnly > 0)
      return plan(type, { dateOrder: s.xyDmyOnly >= s.xyMdyOnly ? 'dmy' : 'mdy' });
    const dmyDefault = locale !== undefined && !/^(en-us|en-ph|en-ca|es-us)$/i.test(locale) && !/^zh/i.test(locale);
    return plan(type, { dateOrder: dmyDefault ? 'dmy' : 'mdy', dateOrderAmbiguous: true });
  }

  // Text family (or a mix of ids written as digits and codes, e.g. StockCode `85123A` / `71053`).
  if (textFam >= MAJORITY * T) {
    if (s.codeLike >= 0.9 * textFam && s.distinct.size >= 0.5 * textFam && textFam >= 3)
      return plan('identifier', { idReason: 'codes' });
    return plan('text');
  }
  if (s.digitsOnly + s.codeLike >= 0.9 * T && s.codeLike > 0) return plan('identifier', { idReason: 'codes' });
  return plan('text', { mixed: true });
}
