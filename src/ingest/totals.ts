/**
 * Total rows and total columns: what exports and finance sheets add beside the data, never to be counted.
 *
 * - Rows labelled as totals anywhere in the table: `Total`, `Total: Account`, `Total: Search` (Google Ads),
 *   `Grand total`, `Subtotal`, `合计`, `总计`, `小计`, `合计：华东`, and pivot-table subtotals `Search Total` /
 *   `搜索 汇总` whose prefix is a value of the same column.
 * - An unlabelled summary row (Meta Ads Manager's "summary row"): the first or last row, blank where every
 *   other row has a label, whose numbers are the sums of the other rows.
 * - Total columns: a `合计` / `Total` column beside period columns (a budget by month), or one whose values are
 *   the row sums of the other number columns.
 *
 * One mechanism for the whole ingest layer: locate-table.ts calls these while it finds the table.
 */
import type { CellValue } from '../types.js';
import { isBlankCell, isTrimmed } from './cells.js';
import { parseNumberText } from './parse-number.js';

const TOTAL_WORDS =
  '(grand\\s*totals?|sub-?\\s*totals?|totals?|sum|overall|合\\s*计|总\\s*计|小\\s*计|总\\s*和|共\\s*计|汇\\s*总|全部合计|总合计|本页合计|累\\s*计)';
/** `Total`, `Total:`, `Total: Account`, `Total - Search`, `合计：华东`, `总计（元）`. */
const TOTAL_LABEL = new RegExp(`^${TOTAL_WORDS}\\s*([:：]\\s*.{0,60}|[-–—]\\s+.{1,60}|\\(.*\\)|（.*）)?$`, 'i');
/** `Search Total`, `搜索 汇总`, `华东 小计`: a pivot-table subtotal (checked against the column's values). */
const TRAILING_TOTAL = /^(.{1,60}?)\s*(total|totals|汇总|合计|小计)$/i;
/** Last characters of the words TRAILING_TOTAL ends with: a cheap pre-check before the regex, run on every cell. */
const TRAILING_LAST_CHARS = new Set(['l', 'L', 's', 'S', '总', '计']);
const TRAILING_LAST_CODES = new Set([...TRAILING_LAST_CHARS].map((c) => c.charCodeAt(0)));

/** Whether the text's last non-blank character is one a trailing total word ends with (no string made). */
export function endsLikeTotal(v: string): boolean {
  const c = v.charCodeAt(v.length - 1);
  if (v.length > 0 && !isTrimmed(c)) return TRAILING_LAST_CODES.has(c);
  return TRAILING_LAST_CHARS.has(v.trimEnd().slice(-1));
}
const TOTAL_FIRST_CHARS = new Set([
  'g',
  'G',
  's',
  'S',
  't',
  'T',
  'o',
  'O',
  '合',
  '总',
  '小',
  '共',
  '汇',
  '全',
  '本',
  '累',
]);

/** The ASCII characters of TOTAL_FIRST_CHARS, by code: the first test on every text of a column. */
const TOTAL_FIRST_ASCII = new Uint8Array(128);
for (const ch of TOTAL_FIRST_CHARS) if (ch.charCodeAt(0) < 128) TOTAL_FIRST_ASCII[ch.charCodeAt(0)] = 1;

/** True for a cell that labels a total row or column (`Total`, `Total: Account`, `Grand Total`, `合计` …). */
export function isTotalLabel(v: CellValue | undefined): boolean {
  if (typeof v !== 'string' || v.length > 80) return false;
  // Trimmed only when it starts or ends with blank (most texts do not).
  const t = isTrimmed(v.charCodeAt(0)) || isTrimmed(v.charCodeAt(v.length - 1)) ? v.trim() : v;
  if (t.length === 0) return false;
  const f = t.charCodeAt(0);
  if (f < 128 ? TOTAL_FIRST_ASCII[f] === 0 : !TOTAL_FIRST_CHARS.has(t[0])) return false;
  // The Latin total words start with two letters: an order id `O0000001` needs no regex.
  const c1 = t.charCodeAt(1);
  if (t.charCodeAt(0) < 0x80 && !((c1 >= 0x41 && c1 <= 0x5a) || (c1 >= 0x61 && c1 <= 0x7a))) return false;
  return TOTAL_LABEL.test(t);
}

/** How many leading label cells of a row are looked at for a total label. */
export const LABEL_CELLS = 3;

/**
 * What a columnar grid answers once per distinct text (locate-table.ts): whether a row is labelled as a total
 * (as `findTotalRows` would find it cell by cell), and whether a cell's text ends like a pivot subtotal's.
 */
export interface TotalRowTests {
  /**
   * Sets `hits[i]` for each of `rows[0, n)` labelled as a total (a column at a time, each text judged once); returns
   * how many it set.
   */
  labelRows: (rows: Int32Array, n: number, hits: Uint8Array) => number;
  endsLikeTotalAt: (r: number, c: number) => boolean;
  /** Whether some text of column `c` ends like a pivot subtotal's: when none does, no row of it is one. */
  endsLikeTotalIn: (c: number) => boolean;
}

export interface TotalRows {
  /** Grid rows that are totals, in order, each with the label (or a short note) that gave it away. */
  rows: { r: number; label: string; trailing: boolean }[];
  /** Grid rows of unlabelled summary rows (numbers equal the sum of the others). */
  summary: number[];
}

/**
 * Find the total rows among `rows` (grid row indexes of the data rows, in order) over the table's `cols`.
 * Rows at the end of the table are `trailing` (an info); inside it, subtotals (a warning). `fast`: the same
 * tests answered once per distinct text (a columnar grid).
 */
export function findTotalRows(
  rows: Int32Array,
  n: number,
  cols: readonly number[],
  cell: (r: number, c: number) => CellValue | undefined,
  fast?: TotalRowTests,
): TotalRows {
  const out: TotalRows = { rows: [], summary: [] };
  const labelAt = (r: number): string | null => {
    let seen = 0;
    for (const c of cols) {
      const v = cell(r, c);
      if (isBlankCell(v)) continue;
      if (typeof v !== 'string') return null;
      if (isTotalLabel(v)) return v.trim();
      if (++seen >= LABEL_CELLS) break;
    }
    return null;
  };
  const hits = new Uint8Array(n);
  // Rows labelled as totals: with none (and no pivot subtotal) the passes over the rows below are skipped.
  let hitCount = fast ? fast.labelRows(rows, n, hits) : 0;
  for (let i = 0; i < n && !fast; i++) {
    const r = rows[i];
    // Cheap pre-check: a total label is short text whose first character is one of a few.
    let candidate = false;
    for (let k = 0, seen = 0; k < cols.length && seen < LABEL_CELLS; k++) {
      const v = cell(r, cols[k]);
      if (isBlankCell(v)) continue;
      seen++;
      if (typeof v === 'string' && v.length <= 80 && TOTAL_FIRST_CHARS.has(v.trimStart()[0] ?? '')) {
        candidate = true;
        break;
      }
      if (typeof v !== 'string') break;
    }
    if (!candidate) continue;
    const label = labelAt(r);
    if (label !== null) {
      hits[i] = 1;
      hitCount++;
    }
  }
  // Pivot subtotals: `Search Total` where `Search` is a value of the same column elsewhere.
  const pivot = pivotSubtotals(rows, n, cols, cell, hits, fast);
  let end = n;
  while (end > 0 && (hits[end - 1] || pivot.has(end - 1))) end--;
  for (let i = 0; i < n && (hitCount > 0 || pivot.size > 0); i++) {
    if (!hits[i] && (pivot.size === 0 || !pivot.has(i))) continue;
    const r = rows[i];
    out.rows.push({ r, label: hits[i] ? labelAt(r)! : pivot.get(i)!, trailing: i >= end });
  }
  const summary = summaryRow(rows, n, cols, cell, hits, pivot, hitCount);
  if (summary !== null) out.summary.push(summary);
  return out;
}

function pivotSubtotals(
  rows: Int32Array,
  n: number,
  cols: readonly number[],
  cell: (r: number, c: number) => CellValue | undefined,
  hits: Uint8Array,
  fast?: TotalRowTests,
): Map<number, string> {
  const found = new Map<number, string>();
  const first = cols.slice(0, LABEL_CELLS);
  const endsAt = fast?.endsLikeTotalAt;
  for (const c of first) {
    if (fast && !fast.endsLikeTotalIn(c)) continue;
    const cands: { i: number; prefix: string; label: string }[] = [];
    for (let i = 0; i < n && cands.length < 10_000; i++) {
      if (hits[i] || (endsAt && !endsAt(rows[i], c))) continue;
      const v = cell(rows[i], c);
      if (typeof v !== 'string' || !endsLikeTotal(v)) continue;
      const m = TRAILING_TOTAL.exec(v.trim());
      if (m) cands.push({ i, prefix: m[1].trim(), label: v.trim() });
    }
    if (cands.length === 0) continue;
    const values = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = cell(rows[i], c);
      if (typeof v === 'string') values.add(v.trim());
    }
    for (const { i, prefix, label } of cands) if (prefix !== '' && values.has(prefix)) found.set(i, label);
  }
  return found;
}

/** A number in a cell (a number, or text such as `1,234.50` / `¥12`), else NaN. */
export function cellNumber(v: CellValue | undefined): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v !== 'string' || v.trim() === '') return NaN;
  const p = parseNumberText(v);
  return p && !p.percent && !Number.isNaN(p.us) ? p.us : NaN;
}

/** Close enough for a sum written by a platform: half a cent per row, or 0.05 % of the sum. */
function sumMatches(total: number, sum: number, count: number): boolean {
  return Math.abs(total - sum) <= Math.max(0.005 * count + 1e-9, Math.abs(sum) * 5e-4);
}

/**
 * The first or last data row when it is an unlabelled summary: blank in a label column that every other row
 * fills, and its numbers equal the sums of the other rows in at least two columns (one when there is one).
 */
function summaryRow(
  rows: Int32Array,
  n: number,
  cols: readonly number[],
  cell: (r: number, c: number) => CellValue | undefined,
  hits: Uint8Array,
  pivot: Map<number, string>,
  hitCount: number,
): number | null {
  // The rows neither labelled nor pivot subtotals (pivotSubtotals skips labelled rows: the two never overlap).
  const count = n - hitCount - pivot.size;
  if (count < 3 || count > 200_000) return null;
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (!hits[i] && !pivot.has(i)) kept.push(rows[i]);
  for (const cand of [kept[0], kept[kept.length - 1]]) {
    const others = kept.filter((r) => r !== cand);
    let blankLabel = false;
    for (const c of cols) {
      if (!isBlankCell(cell(cand, c))) continue;
      let text = 0;
      for (const r of others) {
        const v = cell(r, c);
        if (typeof v === 'string' && !isBlankCell(v) && Number.isNaN(cellNumber(v))) text++;
        else break;
      }
      if (text === others.length) {
        blankLabel = true;
        break;
      }
    }
    if (!blankLabel) continue;
    let numeric = 0;
    let matched = 0;
    for (const c of cols) {
      const x = cellNumber(cell(cand, c));
      if (Number.isNaN(x)) continue;
      let sum = 0;
      let count = 0;
      for (const r of others) {
        const y = cellNumber(cell(r, c));
        if (!Number.isNaN(y)) {
          sum += y;
          count++;
        }
      }
      if (count === 0) continue;
      numeric++;
      if (sum !== 0 && sumMatches(x, sum, count)) matched++;
    }
    if (matched >= 2 || (numeric === 1 && matched === 1)) return cand;
  }
  return null;
}

/**
 * Total columns among `cols`: a header that labels a total (`合计`, `Total`, `Grand Total`) when two or more
 * other headers are periods, or when its values are the row sums of the other number columns (at least two).
 * Returns the indexes into `cols` of the total columns.
 */
export function findTotalColumns(
  cols: readonly number[],
  headers: readonly string[],
  periodHeader: readonly boolean[],
  dataRows: ArrayLike<number>,
  cell: (r: number, c: number) => CellValue | undefined,
): number[] {
  const out: number[] = [];
  const periods = periodHeader.filter(Boolean).length;
  for (let j = 0; j < cols.length; j++) {
    if (!isTotalLabel(headers[j].split(' / ').pop())) continue;
    if (periods >= 2) {
      out.push(j);
      continue;
    }
    // Values equal to the row sums of the other number columns.
    const others = cols.filter((_, k) => k !== j);
    let checked = 0;
    let matched = 0;
    let numericOthers = 0;
    for (const c of others) {
      let nums = 0;
      for (let i = 0; i < Math.min(dataRows.length, 50); i++)
        if (!Number.isNaN(cellNumber(cell(dataRows[i], c)))) nums++;
      if (nums > 0) numericOthers++;
    }
    if (numericOthers < 2) continue;
    for (let i = 0; i < dataRows.length && checked < 5000; i++) {
      const r = dataRows[i];
      const x = cellNumber(cell(r, cols[j]));
      if (Number.isNaN(x)) continue;
      let sum = 0;
      let count = 0;
      for (const c of others) {
        const y = cellNumber(cell(r, c));
        if (!Number.isNaN(y)) {
          sum += y;
          count++;
        }
      }
      checked++;
      if (count >= 2 && sumMatches(x, sum, count)) matched++;
    }
    if (checked > 0 && matched >= 0.9 * checked) out.push(j);
  }
  return out;
}
