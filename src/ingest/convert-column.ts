/**
 * Read every cell of one column the way its plan says, into a typed column: Float64Array when a
 * numeric column has no gaps, else a plain array with nulls. Cells that cannot be read become null
 * and are reported (Excel errors, stray text, impossible dates …) with example rows.
 */
import type { CellValue, Diagnostic, Where } from '../types.js';
import type { ColumnType } from './types.js';
import { BOOLEAN_WORDS, MISSING_MARKERS, trimCell } from './cells.js';
import { ingestDiagnostic, RowCollector, type IngestDiagnosticCode } from './diagnostics.js';
import { isExcelError } from './excel-errors.js';
import type { ColumnPlan, DateOrder } from './infer-column.js';
import { MAX_SERIAL, parseDateText, serialFromCompact, type DateText } from './parse-date.js';
import { isPlainDecimal, parseNumberText, shortDecimal } from './parse-number.js';
import { dictSize, dictText, type TextColumn } from './grid-columns.js';
import { CodedTexts } from './coded-texts.js';

export type ColumnData = Float64Array | (number | null)[] | (string | null)[] | (boolean | null)[];

export interface ConvertContext {
  values: readonly (readonly CellValue[])[];
  /** The grid rows to read, ascending (so they are one run when the last is the first plus their count less one). */
  rows: Int32Array;
  col: number;
  /** Excel row number of grid row 0. */
  topRow: number;
  date1904: boolean;
  /** Sheet, column name and letter for diagnostics. */
  where: Where;
  /** Name each cell (`F7`) in diagnostics: the column's values were unpivoted into another column (unpivot.ts). */
  cells?: boolean;
  /** The column as dictionary-encoded text (a columnar grid, ./grid-columns.ts): read instead of `values`. */
  text?: TextColumn;
}

export interface Converted {
  type: ColumnType;
  /** A text column read from dictionary codes (a .csv) is kept as them (`CodedTexts`). */
  data: ColumnData | CodedTexts;
  nulls: number;
  /** Cells holding something (not blank, not an error, not a missing marker). */
  filled: number;
  /** Cells holding something that could not be read as the column's type. */
  strays: number;
  currency?: string;
  dateOrder?: DateOrder;
  diagnostics: Diagnostic[];
  /** Integer text with leading zeros was seen (the column should be an identifier). */
  leadingZeros: number;
  /** Text dates contradicted an order chosen by default: convert again with the other order. */
  switchOrder?: DateOrder;
  /** Distinct non-null values, counted up to 101 (string columns). */
  distinct?: number;
  /** Mean text length (string columns with at most 100 distinct values: it tells a category from text). */
  meanLength?: number;
}

const STRAY_KIND: Partial<Record<ColumnType, string>> = {
  integer: 'numbers',
  number: 'numbers',
  currency: 'money amounts',
  percent: 'percentages',
  date: 'dates',
  datetime: 'dates and times',
  boolean: 'true/false values',
};

class Sink {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly where: Where,
    private readonly cells = false,
  ) {}
  emit(code: IngestDiagnosticCode, c: RowCollector, params: { value?: string; examples?: string[] } = {}): void {
    if (c.count === 0) return;
    const w: Where = { ...this.where, rows: c.rows, count: c.count };
    if (this.cells && w.columnLetter) w.cells = c.rows.map((r) => `${w.columnLetter ?? ''}${r}`);
    this.diagnostics.push(ingestDiagnostic(code, w, { examples: c.examples, ...params }));
  }
}

/** Grid row `r` of a dictionary-encoded column: its text, or null. */
function cellText(text: TextColumn, r: number): string | null {
  const k = text.codes[r];
  return k < 0 ? null : dictText(text, k);
}

/** Turn a filled Float64Array plus a null mask into the column array. */
function finishNumbers(out: Float64Array, isNull: Uint8Array | null): Float64Array | (number | null)[] {
  if (!isNull) return out;
  const arr = new Array<number | null>(out.length);
  for (let i = 0; i < out.length; i++) arr[i] = isNull[i] ? null : out[i];
  return arr;
}

/** Convert one column according to its plan. */
export function convertColumn(ctx: ConvertContext, plan: ColumnPlan): Converted {
  switch (plan.type) {
    case 'integer':
    case 'number':
    case 'currency':
    case 'percent':
      return convertNumbers(ctx, plan);
    case 'date':
    case 'datetime':
      return convertDates(ctx, plan);
    case 'boolean':
      return convertBooleans(ctx);
    case 'empty': {
      const data: null[] = new Array<null>(ctx.rows.length).fill(null);
      return { type: 'empty', data, nulls: data.length, filled: 0, strays: 0, diagnostics: [], leadingZeros: 0 };
    }
    default:
      return convertStrings(ctx, plan);
  }
}

/** Whether a plain decimal's text has a leading zero (`007`, not `0.5`): an identifier's mark. */
function leadingZero(t: string): boolean {
  return t.length > 1 && t.charCodeAt(0) === 48 && t.charCodeAt(1) !== 46;
}

/**
 * Per distinct text of a column, known values: `value` (NaN: not known, read the row one by one) and `mark`, bit 0
 * for a text with a leading zero (`007`), bit 1 for a value that is not an integer.
 */
interface KnownValues {
  value: Float64Array;
  mark: Uint8Array;
}

/** A known value `x` of text `k` (`zero`: the text has a leading zero). */
function know(known: KnownValues, k: number, x: number, zero: boolean): void {
  known.value[k] = x;
  known.mark[k] = (zero ? 1 : 0) | (Number.isInteger(x) ? 0 : 2);
}

/** The plain decimals of a column (what `convertNumbers` reads without a note), each read once. */
function plainDecimals(text: TextColumn, comma: boolean | undefined): KnownValues {
  const size = dictSize(text);
  const known = { value: new Float64Array(size).fill(NaN), mark: new Uint8Array(size) };
  const ascii = text.ascii;
  for (let k = 0; k < size; k++) {
    if (ascii) {
      // Most amounts are read from their bytes, without making the text (36,170 texts on 1,000,000 orders).
      const x = shortDecimal(ascii.heap, ascii.starts[k], ascii.starts[k + 1], comma === true);
      if (x === x) {
        const b0 = ascii.heap[ascii.starts[k]];
        const zero = ascii.starts[k + 1] - ascii.starts[k] > 1 && b0 === 48 && ascii.heap[ascii.starts[k] + 1] !== 46;
        know(known, k, x, zero);
        continue;
      }
    }
    const t = trimCell(dictText(text, k));
    if (t === '' || !isPlainDecimal(t) || (comma && t.includes('.'))) continue;
    know(known, k, Number(t), leadingZero(t));
  }
  return known;
}

/** The `yyyy-mm-dd` dates in range of a column (what `convertDates` reads without a note), each read once. */
function ymdDates(text: TextColumn, type: ColumnPlan['type']): KnownValues {
  const size = dictSize(text);
  const known = { value: new Float64Array(size).fill(NaN), mark: new Uint8Array(size) };
  for (let k = 0; k < size; k++) {
    const t = trimCell(dictText(text, k));
    if (t === '' || (t.charCodeAt(0) === 35 && isExcelError(t))) continue;
    const d = parseDateText(t);
    if (!d || d.outOfRange || d.form !== 'ymd') continue;
    const x = d.ymd;
    if (Number.isNaN(x) || x < 0 || x >= MAX_SERIAL + 1 || (type === 'date' && x < 1)) continue;
    know(known, k, x, false);
  }
  return known;
}

/**
 * The codes of a column at the table's `rows` (ascending grid rows): a view of `codes` when the rows are one run (no
 * blank or total row left out: the common case, no pass), else gathered once. The tight loops over a column's rows
 * read these, one code a row.
 */
function codesAtRows(codes: Int32Array, rows: Int32Array): Int32Array {
  const n = rows.length;
  if (n === 0) return new Int32Array(0);
  if (rows[n - 1] - rows[0] === n - 1) return codes.subarray(rows[0], rows[0] + n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = codes[rows[i]];
  return out;
}

/**
 * Rows `i…` while their text's value is known (an empty cell stops too; `rowCodes`: `codesAtRows`): the values into
 * `out`. Adds to `tally` the rows whose text has a leading zero and (bit 1) whether a value was not an integer;
 * returns the row it stopped at. A small loop of a few operations a row, so the engine optimises it at once: run
 * cold, a loop's cost is about its operations (issue 13).
 */
function gatherKnown(
  rowCodes: Int32Array,
  { value, mark }: KnownValues,
  out: Float64Array,
  i: number,
  tally: Int32Array,
): number {
  const n = rowCodes.length;
  let zeros = 0;
  let flags = 0;
  for (; i < n; i++) {
    const k = rowCodes[i];
    if (k < 0) break;
    const x = value[k];
    if (x !== x) break;
    out[i] = x;
    const m = mark[k];
    zeros += m & 1;
    flags |= m;
  }
  tally[0] += zeros;
  tally[1] |= flags >> 1;
  return i;
}

// eslint-disable-next-line max-lines-per-function -- one hot pass over every row, as convertDates
function convertNumbers(ctx: ConvertContext, plan: ColumnPlan): Converted {
  const { values, rows, col, topRow, text } = ctx;
  const n = rows.length;
  const out = new Float64Array(n);
  let isNull: Uint8Array | null = null;
  let nulls = 0;
  const errors = new RowCollector();
  const strays = new RowCollector();
  const missing = new RowCollector();
  const invalid = new RowCollector();
  const currencies = new Map<string, RowCollector>();
  let allInt = true;
  let leadingZeros = 0;
  let filled = 0;
  const comma = plan.decimalComma;
  // A dictionary-encoded column: each distinct plain decimal read once, first (1: read, 2: read, with a leading zero);
  // the rows of such texts are then gathered by a small loop (`gatherKnown`), the others read one by one below.
  const known = text ? plainDecimals(text, comma) : null;
  const rowCodes = known && text ? codesAtRows(text.codes, rows) : null;
  const gathered = new Int32Array(2);
  for (let i = 0; i < n; i++) {
    if (known && rowCodes) {
      const j = gatherKnown(rowCodes, known, out, i, gathered);
      filled += j - i;
      if ((i = j) >= n) break;
    }
    const r = rows[i];
    const v = text ? cellText(text, r) : values[r]?.[col];
    let x = NaN;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) x = v;
      else invalid.add(topRow + r);
    } else if (typeof v === 'string' && v !== '') {
      const t = trimCell(v);
      if (t === '') {
        // blank
      } else if (isPlainDecimal(t) && !(comma && t.includes('.'))) {
        x = Number(t);
        if (leadingZero(t)) leadingZeros++;
      } else if (t.charCodeAt(0) === 35 && isExcelError(t)) {
        errors.add(topRow + r, t);
      } else {
        const p = parseNumberText(t);
        if (p) {
          x = comma ? p.eu : p.us;
          if (Number.isNaN(x)) strays.add(topRow + r, t);
          else if (p.currency) {
            let c = currencies.get(p.currency);
            if (!c) currencies.set(p.currency, (c = new RowCollector()));
            c.add(topRow + r);
          }
        } else if (t.length <= 6 && MISSING_MARKERS.has(t.toLowerCase())) missing.add(topRow + r, t);
        else strays.add(topRow + r, t);
      }
    } else if (v !== null && v !== undefined && v !== '') {
      strays.add(topRow + r, v);
    }
    if (Number.isNaN(x)) {
      (isNull ??= new Uint8Array(n))[i] = 1;
      nulls++;
    } else {
      out[i] = x;
      filled++;
      if (allInt && !Number.isInteger(x)) allInt = false;
    }
  }
  leadingZeros += gathered[0];
  if (gathered[1] !== 0) allInt = false;
  filled += strays.count + invalid.count;
  const sink = new Sink(ctx.where, ctx.cells);
  sink.emit('excel-errors', errors);
  sink.emit('stray-values', strays, { value: STRAY_KIND[plan.type] });
  sink.emit('invalid-numbers', invalid);
  sink.emit('missing-markers', missing);
  if (plan.decimalComma && plan.examples.length > 0) {
    sink.diagnostics.push(ingestDiagnostic('decimal-comma', { ...ctx.where }, { examples: plan.examples }));
  }
  const currency = settleCurrency(plan.currency, currencies, sink);
  let type: ColumnType = plan.type;
  if (type === 'integer' || type === 'number') type = allInt ? 'integer' : 'number';
  const res: Converted = {
    type,
    data: finishNumbers(out, isNull),
    nulls,
    filled,
    strays: strays.count + invalid.count,
    diagnostics: sink.diagnostics,
    leadingZeros,
  };
  if (type === 'currency' && currency) res.currency = currency;
  return res;
}

/** The column's currency: the plan's, else the most frequent one seen; other currencies are reported. */
function settleCurrency(
  planned: string | undefined,
  currencies: ReadonlyMap<string, RowCollector>,
  sink: Sink,
): string | undefined {
  let currency = planned;
  if (currencies.size > 1 || (currency && currencies.size === 1 && !currencies.has(currency))) {
    const all = new RowCollector();
    const main = currency ?? [...currencies.entries()].sort((a, b) => b[1].count - a[1].count)[0][0];
    currency = main;
    for (const [code, c] of currencies) if (code !== main) for (const row of c.rows) all.add(row);
    if (all.count > 0) {
      const list = [main, ...[...currencies.keys()].filter((k) => k !== main)].join(', ');
      sink.emit('mixed-currencies', all, { value: list });
    }
  }
  return currency;
}

// eslint-disable-next-line max-lines-per-function -- one hot pass over every row with a dozen counters; phases would cost a call or object per cell.
function convertDates(ctx: ConvertContext, plan: ColumnPlan): Converted {
  const { values, rows, col, topRow, date1904, text } = ctx;
  const n = rows.length;
  const out = new Float64Array(n);
  let isNull: Uint8Array | null = null;
  let nulls = 0;
  const errors = new RowCollector();
  const strays = new RowCollector();
  const missing = new RowCollector();
  const invalid = new RowCollector();
  const leap = new RowCollector();
  const range = new RowCollector();
  const contradict = new RowCollector();
  const ambiguousRows = new RowCollector();
  let decisive = 0;
  let shifted = 0;
  let anyFraction = false;
  let filled = 0;
  const order = plan.dateOrder ?? 'mdy';
  const serialsAsDates = new RowCollector();
  let prevText = '';
  let prevParse: DateText | null = null;
  // A dictionary-encoded column: the serial of each distinct text read as a `yyyy-mm-dd` date in range (nothing
  // to count or report but the value), read first; the rows of such texts are gathered by a small loop.
  const known = text ? ymdDates(text, plan.type) : null;
  const rowCodes = known && text ? codesAtRows(text.codes, rows) : null;
  const gathered = new Int32Array(2);
  for (let i = 0; i < n; i++) {
    if (known && rowCodes) {
      const j = gatherKnown(rowCodes, known, out, i, gathered);
      filled += j - i;
      if ((i = j) >= n) break;
    }
    const r = rows[i];
    const v = text ? cellText(text, r) : values[r]?.[col];
    let x = NaN;
    let fromNumber = false;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) invalid.add(topRow + r);
      else if (plan.compactDates) {
        x = serialFromCompact(v);
        if (Number.isNaN(x)) strays.add(topRow + r, v);
      } else {
        fromNumber = true;
        if (plan.serialDates) serialsAsDates.add(topRow + r, v);
        if (date1904) {
          x = v + 1462;
          shifted++;
        } else x = v;
      }
    } else if (typeof v === 'string' && v !== '') {
      const t = trimCell(v);
      if (t === '') {
        // blank
      } else if (t.charCodeAt(0) === 35 && isExcelError(t)) {
        errors.add(topRow + r, t);
      } else {
        const d: DateText | null = t === prevText ? prevParse : parseDateText(t);
        prevText = t;
        prevParse = d;
        if (d) {
          let reported = false;
          if (d.outOfRange) range.add(topRow + r, t);
          else if (d.form === 'ymd') x = d.ymd;
          else {
            const mine = order === 'dmy' ? d.dmy : d.mdy;
            const other = order === 'dmy' ? d.mdy : d.dmy;
            x = mine;
            if (Number.isNaN(mine) && !Number.isNaN(other)) {
              contradict.add(topRow + r, t);
              reported = true;
            } else if (!Number.isNaN(mine) && Number.isNaN(other)) decisive++;
            else if (!Number.isNaN(mine) && mine !== other) ambiguousRows.add(topRow + r, t);
          }
          if (Number.isNaN(x) && !d.outOfRange && !reported) strays.add(topRow + r, t);
        } else if ((plan.compactDates || plan.serialDates) && isPlainDecimal(t)) {
          const num = Number(t);
          x = plan.compactDates ? serialFromCompact(num) : num;
          if (plan.serialDates) serialsAsDates.add(topRow + r, t);
          if (Number.isNaN(x)) strays.add(topRow + r, t);
        } else if (t.length <= 6 && MISSING_MARKERS.has(t.toLowerCase())) missing.add(topRow + r, t);
        else strays.add(topRow + r, t);
      }
    } else if (v !== null && v !== undefined && v !== '') {
      strays.add(topRow + r, v);
    }
    if (!Number.isNaN(x)) {
      if (fromNumber && !date1904 && x >= 60 && x < 61) {
        leap.add(topRow + r, v);
        x = NaN;
      } else if (x < 0 || x >= MAX_SERIAL + 1 || (plan.type === 'date' && x < 1)) {
        range.add(topRow + r, v);
        x = NaN;
      }
    }
    if (Number.isNaN(x)) {
      (isNull ??= new Uint8Array(n))[i] = 1;
      nulls++;
    } else {
      out[i] = x;
      filled++;
      if (!anyFraction && !Number.isInteger(x)) anyFraction = true;
    }
  }
  if (gathered[1] !== 0) anyFraction = true;
  if (plan.dateOrderAmbiguous && contradict.count > 0 && decisive === 0) {
    return {
      type: plan.type,
      data: out,
      nulls,
      filled,
      strays: 0,
      diagnostics: [],
      leadingZeros: 0,
      switchOrder: order === 'dmy' ? 'mdy' : 'dmy',
    };
  }
  filled += strays.count + invalid.count + leap.count + range.count + contradict.count;
  const sink = new Sink(ctx.where, ctx.cells);
  sink.emit('excel-errors', errors);
  sink.emit('stray-values', strays, { value: STRAY_KIND[plan.type] });
  sink.emit('invalid-numbers', invalid);
  sink.emit('missing-markers', missing);
  sink.emit('date-1900-leap-bug', leap);
  sink.emit('date-out-of-range', range);
  sink.emit('date-order-mixed', contradict);
  if (plan.dateOrderAmbiguous && decisive === 0) sink.emit('date-order-ambiguous', ambiguousRows, { value: order });
  if (shifted > 0) sink.diagnostics.push(ingestDiagnostic('date-1904-shifted', { ...ctx.where }));
  if (serialsAsDates.count > 0) {
    sink.diagnostics.push(
      ingestDiagnostic('serials-as-dates', { ...ctx.where }, { examples: serialsAsDates.examples }),
    );
  }
  const res: Converted = {
    type: plan.type === 'date' && anyFraction ? 'datetime' : plan.type,
    data: finishNumbers(out, isNull),
    nulls,
    filled,
    strays: strays.count + invalid.count + contradict.count,
    diagnostics: sink.diagnostics,
    leadingZeros: 0,
  };
  if (plan.dateOrder) res.dateOrder = plan.dateOrder;
  return res;
}

function convertBooleans(ctx: ConvertContext): Converted {
  const { values, rows, col, topRow, text } = ctx;
  const n = rows.length;
  const out = new Array<boolean | null>(n);
  let nulls = 0;
  let filled = 0;
  const errors = new RowCollector();
  const strays = new RowCollector();
  const missing = new RowCollector();
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const v = text ? cellText(text, r) : values[r]?.[col];
    let b: boolean | null = null;
    if (typeof v === 'boolean') b = v;
    else if (typeof v === 'string') {
      const t = trimCell(v);
      if (t !== '') {
        const w = t.length <= 6 ? BOOLEAN_WORDS.get(t.toLowerCase()) : undefined;
        if (w !== undefined) b = w;
        else if (isExcelError(t)) errors.add(topRow + r, t);
        else if (t === '1' || t === '0') b = t === '1';
        else if (t.length <= 6 && MISSING_MARKERS.has(t.toLowerCase())) missing.add(topRow + r, t);
        else strays.add(topRow + r, t);
      }
    } else if (typeof v === 'number') {
      if (v === 1 || v === 0) b = v === 1;
      else strays.add(topRow + r, v);
    } else if (v !== null && v !== undefined) strays.add(topRow + r, v);
    out[i] = b;
    if (b === null) nulls++;
    else filled++;
  }
  filled += strays.count;
  const sink = new Sink(ctx.where, ctx.cells);
  sink.emit('excel-errors', errors);
  sink.emit('stray-values', strays, { value: STRAY_KIND.boolean });
  sink.emit('missing-markers', missing);
  return {
    type: 'boolean',
    data: out,
    nulls,
    filled,
    strays: strays.count,
    diagnostics: sink.diagnostics,
    leadingZeros: 0,
  };
}

/**
 * How many times each code occurs in `rowCodes` (`codesAtRows`): slot `k + 1` for code `k`, slot 0 for empty fields.
 * One tight pass, so the engine optimises it at once (issue 13: the per-row tally with a callback it replaced cost
 * 70 ms of ingest on 1,000,000 rows, cold).
 */
function codeCounts(rowCodes: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size + 1);
  for (let i = 0; i < rowCodes.length; i++) counts[rowCodes[i] + 1]++;
  return counts;
}

/**
 * The empty fields among a run of grid rows, from the column's count of them (`TextColumn.empties`) less those
 * outside the run: a look at the few rows outside it (header, title rows) instead of a pass over the column.
 */
function emptiesInRun(codes: Int32Array, empties: number, r0: number, n: number): number {
  let outside = 0;
  for (let r = 0; r < r0; r++) if (codes[r] < 0) outside++;
  for (let r = r0 + n; r < codes.length; r++) if (codes[r] < 0) outside++;
  return empties - outside;
}

/**
 * A dictionary-encoded text column read as strings: each distinct text trimmed and checked once, the rows then
 * counted by code (so diagnostics name the same rows as the row-by-row pass). The result keeps the codes
 * (`CodedTexts`): the texts are made when something reads them, for analyses that group by it codes are there.
 * When the rows are one run and the column's empty fields are counted, a column of many distinct texts (ids) needs
 * no pass at all: its nulls are the empty fields, and it has more than 100 distinct values whatever rows hold them.
 */
// eslint-disable-next-line max-lines-per-function -- the per-text look, the counts and the result, kept together
function convertTextStrings(ctx: ConvertContext & { text: TextColumn }, plan: ColumnPlan): Converted {
  const { rows, topRow, text } = ctx;
  const codes = text.codes;
  const size = dictSize(text);
  const n = rows.length;
  // Per distinct text: whether its value is null (blank or an Excel error once trimmed) and whether it is an error;
  // values that trimming changes. A plain text (grid-columns.ts) is its own value: only the others are looked at.
  const isNull = new Uint8Array(size);
  const isError = new Uint8Array(size);
  let changed: Map<number, string | null> | null = null;
  let nullCodes = 0;
  let errorCodes = 0;
  let changedCount = 0;
  const look = (k: number): void => {
    const raw = dictText(text, k);
    const t = trimCell(raw);
    let s: string | null = null;
    if (t !== '') {
      if (t.charCodeAt(0) === 35 && isExcelError(t)) {
        isError[k] = 1;
        errorCodes++;
      } else s = t;
    }
    if (s === null) {
      isNull[k] = 1;
      nullCodes++;
    }
    if (s !== raw) {
      (changed ??= new Map()).set(k, s);
      changedCount++;
    }
  };
  if (text.special) for (const k of text.special) look(k);
  else for (let k = 0; k < size; k++) look(k);
  const valueOf = (k: number): string | null => (changed?.has(k) ? changed.get(k)! : dictText(text, k));
  // Whether the rows are one run of grid rows (no blank or total row left out; rows ascend): their codes are a view.
  const r0 = n > 0 ? rows[0] : 0;
  const run = n === 0 || rows[n - 1] - r0 === n - 1;
  const rowCodes = codesAtRows(codes, rows);
  // Codes at least as many as the rows outside the run, the null and the changed texts, plus 101: whatever codes
  // the rows outside hold alone, more than 100 distinct values remain (unchanged texts are distinct values).
  const manyTexts = size - (codes.length - n) - nullCodes - changedCount >= 101;
  let nulls: number;
  let distinct: number;
  let counts: Int32Array | null = null;
  if (run && nullCodes === 0 && text.empties !== undefined && manyTexts) {
    nulls = emptiesInRun(codes, text.empties, r0, n);
    distinct = 101;
  } else {
    const c = (counts = codeCounts(rowCodes, size));
    nulls = c[0];
    if (nullCodes > 0) for (let k = 0; k < size; k++) if (isNull[k] === 1) nulls += c[k + 1];
    // Distinct values of the rows, counted up to 101 (as the row-by-row pass stops counting).
    const values = new Set<string>();
    let present = 0;
    for (let k = 0; k < size && present <= 100 && values.size <= 100; k++) {
      if (c[k + 1] === 0 || isNull[k] === 1) continue;
      if (changed) values.add(valueOf(k)!);
      else present++;
    }
    distinct = changed ? values.size : present;
  }
  const errors = new RowCollector();
  // Excel errors (null codes: `counts` was made) reported by row, in order, when some row holds one.
  if (errorCodes > 0 && counts?.some((c, j) => j > 0 && c > 0 && isError[j - 1] === 1)) {
    for (let i = 0; i < n; i++) {
      const k = rowCodes[i];
      if (k >= 0 && isError[k] === 1) errors.add(topRow + rows[i], trimCell(dictText(text, k)));
    }
  }
  // Per table row: the text's code, -1 where the value is null (blank or an Excel error).
  let dataCodes: Int32Array;
  // No text changed (so none is null): the rows' codes as they are.
  if (!changed) dataCodes = rowCodes;
  else {
    dataCodes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = rowCodes[i];
      dataCodes[i] = k < 0 || isNull[k] === 1 ? -1 : k;
    }
  }
  // Trimming changed some texts: the values by code, and codes over distinct values; else the reader's texts.
  const conv = changed ? Array.from({ length: size }, (_, k) => valueOf(k)) : null;
  const data = conv
    ? new CodedTexts(
        canonicalCodes(dataCodes, conv),
        size,
        (k) => conv[k],
        () => conv,
      )
    : new CodedTexts(
        dataCodes,
        size,
        (k) => dictText(text, k),
        () => text.dict,
      );
  const lengthSum = (): number => {
    // Each distinct value's length read once, times how many rows hold it (null ones hold none).
    const c = (counts ??= codeCounts(rowCodes, size));
    let sum = 0;
    for (let k = 0; k < size; k++) if (c[k + 1] > 0 && isNull[k] === 0) sum += c[k + 1] * valueOf(k)!.length;
    return sum;
  };
  return stringsResult(ctx, plan, data, nulls, errors, distinct, lengthSum);
}

/** Codes over distinct values when trimming made two texts one: each value's first code stands for it. */
function canonicalCodes(codes: Int32Array, conv: readonly (string | null)[]): Int32Array {
  const first = new Map<string, number>();
  const to = new Int32Array(conv.length);
  for (let k = 0; k < conv.length; k++) {
    const s = conv[k];
    if (s === null) continue;
    const f = first.get(s);
    if (f === undefined) first.set(s, k);
    to[k] = f ?? k;
  }
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? -1 : to[codes[i]];
  return out;
}

function convertStrings(ctx: ConvertContext, plan: ColumnPlan): Converted {
  const { values, rows, col, topRow, text } = ctx;
  if (text) return convertTextStrings({ ...ctx, text }, plan);
  const n = rows.length;
  const out = new Array<string | null>(n);
  let nulls = 0;
  const errors = new RowCollector();
  const distinct = new Set<string>();
  let lengthSum = 0;
  const pad = plan.zeroPad;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const v = values[r]?.[col];
    let s: string | null = null;
    if (typeof v === 'string') {
      const t = trimCell(v);
      if (t !== '') {
        if (t.charCodeAt(0) === 35 && isExcelError(t)) errors.add(topRow + r, t);
        else s = t;
      }
    } else if (typeof v === 'number') {
      if (Number.isFinite(v)) s = pad > 0 && Number.isInteger(v) && v >= 0 ? String(v).padStart(pad, '0') : String(v);
    } else if (typeof v === 'boolean') s = v ? 'TRUE' : 'FALSE';
    else if (v !== null && v !== undefined) s = String(v);
    out[i] = s;
    if (s === null) nulls++;
    else {
      lengthSum += s.length;
      if (distinct.size <= 100) distinct.add(s);
    }
  }
  return stringsResult(ctx, plan, out, nulls, errors, distinct.size, lengthSum);
}

/** A string column's type (category or text), diagnostics and counts. */
function stringsResult(
  ctx: ConvertContext,
  plan: ColumnPlan,
  out: (string | null)[] | CodedTexts,
  nulls: number,
  errors: RowCollector,
  /** Distinct non-null values, counted up to 101. */
  distinct: number,
  lengthSum: number | (() => number),
): Converted {
  const n = out.length;
  const sink = new Sink(ctx.where, ctx.cells);
  sink.emit('excel-errors', errors);
  const filled = n - nulls;
  if (plan.idReason === 'leading-zeros' && plan.examples.length > 0) {
    sink.diagnostics.push(ingestDiagnostic('leading-zeros-kept', { ...ctx.where }, { examples: plan.examples }));
  }
  if (plan.mixed) sink.diagnostics.push(ingestDiagnostic('mixed-types', { ...ctx.where }));
  let type: ColumnType = plan.type;
  const d = distinct;
  // The mean length decides only between category and text, when few texts repeat (a pass over every row else).
  const meanOf = (): number => {
    const sum = typeof lengthSum === 'number' ? lengthSum : lengthSum();
    return filled > 0 ? sum / filled : 0;
  };
  const few = d <= 100;
  const meanLength = typeof lengthSum === 'number' || few ? meanOf() : undefined;
  if (type === 'text' || type === 'category') {
    type = few && d < filled && (d <= 0.5 * filled || filled <= 20) && meanLength! <= 60 ? 'category' : 'text';
  }
  const res: Converted = {
    type,
    data: out,
    nulls,
    filled,
    strays: 0,
    diagnostics: sink.diagnostics,
    leadingZeros: 0,
    distinct: d,
  };
  if (meanLength !== undefined) res.meanLength = meanLength;
  return res;
}
