/**
 * The applier's own cell store for the sheets a Plan creates, and its SpreadsheetML.
 *
 * excelize-wasm costs ~0.1 ms per `SetSheetRow` call plus a slow re-serialisation, too slow for 100,000-row
 * results (DESIGN.md: ≤ 10 s). So the applier lets excelize build the workbook's structure (sheets,
 * styles, tables, conditional formats, charts, hyperlinks, panes) and keeps cell values and style ids
 * here; after excelize has written the file, `sheetDataXml` produces the `<sheetData>` rows that are
 * spliced into the new sheets' XML (merged with the few rows excelize itself holds: table headers).
 */
import type { PlanValue } from '../plan/types.js';

export interface CellEntry {
  v: PlanValue;
  /** excelize style id, 0 = default. */
  s: number;
}

/** One row's cells, indexed by column (sparse arrays): values and style ids. */
interface RowCells {
  v: (PlanValue | undefined)[];
  s: (number | undefined)[];
}

/**
 * Cells of one sheet: row number → values and style ids by column. Two arrays per row rather than an
 * object per cell: a 100,000 × 7 table is 200,000 arrays instead of 700,000 objects (GC was a third of
 * the write time).
 */
export class SheetCells {
  readonly rows = new Map<number, RowCells>();
  /** Formulas (without `=`) by `row:col`, written with the cell's value as their cached result. */
  readonly formulas = new Map<string, string>();

  private rowOf(row: number): RowCells {
    let r = this.rows.get(row);
    if (!r) {
      r = { v: [], s: [] };
      this.rows.set(row, r);
    }
    return r;
  }

  setValue(row: number, col: number, v: PlanValue): void {
    this.rowOf(row).v[col] = v;
  }

  /** Write a row of values from `col` on. */
  setRow(row: number, col: number, values: readonly PlanValue[]): void {
    const r = this.rowOf(row).v;
    for (let j = 0; j < values.length; j++) r[col + j] = values[j];
  }

  get(row: number, col: number): CellEntry | undefined {
    const r = this.rows.get(row);
    if (!r || (r.v[col] === undefined && r.s[col] === undefined)) return undefined;
    return { v: r.v[col] ?? null, s: r.s[col] ?? 0 };
  }

  /** Give a cell a formula; its value (written as usual) is the formula's cached result. */
  setFormula(row: number, col: number, formula: string): void {
    this.formulas.set(`${row}:${col}`, formula);
  }

  styleOf(row: number, col: number): number {
    return this.rows.get(row)?.s[col] ?? 0;
  }

  setStyle(row: number, col: number, s: number): void {
    this.rowOf(row).s[col] = s;
  }

  /** Row `row`'s style ids by column (made when missing), for a loop over many cells of one row. */
  rowStyles(row: number): (number | undefined)[] {
    return this.rowOf(row).s;
  }
}

/** Characters XML 1.0 does not allow; Excel's escape for them is `_xHHHH_`. */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"_\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(s: string): string {
  // Most cells hold none of the characters below: one test instead of six replaces (issue 13, the write path).
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  // A literal `_xHHHH_` in the text would be decoded by Excel: escape its underscore first.
  out = out.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  return out.replace(INVALID_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

const LETTERS: string[] = [];
function letters(col: number): string {
  let s = LETTERS[col];
  if (s === undefined) {
    let n = col + 1;
    s = '';
    while (n > 0) {
      const m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    LETTERS[col] = s;
  }
  return s;
}

/**
 * One `<c>` element. Text (plain or `{ text }`) is an inline string: never a formula. A `formula` (the
 * applier's own, see `SheetCells.setFormula`) goes before the value, which is its cached result.
 */
export function cellXml(ref: string, e: CellEntry, formula?: string): string {
  const s = e.s ? ` s="${e.s}"` : '';
  const v = e.v;
  if (formula !== undefined) {
    const f = `<f>${escapeXml(formula)}</f>`;
    if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}>${f}<v>${v}</v></c>`;
    return `<c r="${ref}"${s}>${f}</c>`;
  }
  if (v === null) return e.s ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number')
    return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : e.s ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = typeof v === 'string' ? v : v.text;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

interface ForeignRow {
  attrs: string;
  /** Column index → `<c>` XML as excelize wrote it. */
  cells: Map<number, string>;
}

function colIndexOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** Parse the rows excelize wrote into a sheet (small: only table headers and the like). */
export function parseSheetRows(sheetData: string): Map<number, ForeignRow> {
  const rows = new Map<number, ForeignRow>();
  const rowRe = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  for (let m = rowRe.exec(sheetData); m; m = rowRe.exec(sheetData)) {
    const attrs = m[1];
    const r = Number(/\br="(\d+)"/.exec(attrs)?.[1]);
    const cells = new Map<number, string>();
    const cellRe = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;
    const body = m[2] ?? '';
    for (let c = cellRe.exec(body); c; c = cellRe.exec(body)) {
      const ref = /\br="([A-Z]+)\d+"/.exec(c[0])?.[1];
      if (ref !== undefined) cells.set(colIndexOf(ref), c[0]);
    }
    rows.set(r, { attrs: attrs.replace(/\s*\bspans="[^"]*"/, ''), cells });
  }
  return rows;
}

/** Characters of row XML joined into one part of `sheetDataXml`'s output. */
const PART_CHARS = 1 << 16;

/**
 * The `<sheetData>` content for a sheet: our cells merged with the rows excelize wrote (its cells win on
 * a clash, they are table headers), as parts of whole rows of about 64 K characters each, to be encoded one by one
 * (issue 13: a 100,000-row sheet made one string of 67 million characters, joined, then encoded, most of the write
 * phase's garbage). Also returns the used range for `<dimension>`.
 */
export function sheetDataXml(
  cells: SheetCells,
  foreign: Map<number, ForeignRow>,
): { parts: string[]; maxRow: number; maxCol: number } {
  const rowNums = new Set<number>([...cells.rows.keys(), ...foreign.keys()]);
  const sorted = [...rowNums].sort((a, b) => a - b);
  const parts: string[] = [];
  const pending: string[] = [];
  let pendingChars = 0;
  let maxRow = 0;
  let maxCol = 0;
  const entry: CellEntry = { v: null, s: 0 };
  for (const r of sorted) {
    const ours = cells.rows.get(r);
    const theirs = foreign.get(r);
    const width = Math.max(
      ours ? Math.max(ours.v.length, ours.s.length) : 0,
      theirs ? Math.max(...theirs.cells.keys()) + 1 : 0,
    );
    let body = '';
    for (let c = 0; c < width; c++) {
      let x = theirs?.cells.get(c);
      if (x === undefined && ours) {
        const v = ours.v[c];
        const st = ours.s[c];
        if (v === undefined && st === undefined) continue;
        entry.v = v ?? null;
        entry.s = st ?? 0;
        const f = cells.formulas.size > 0 ? cells.formulas.get(`${r}:${c}`) : undefined;
        x = cellXml(letters(c) + String(r), entry, f);
      }
      if (x) {
        body += x;
        if (c > maxCol) maxCol = c;
      }
    }
    if (!body && !theirs) continue;
    if (r > maxRow) maxRow = r;
    const attrs = theirs ? theirs.attrs : ` r="${r}"`;
    const rowXml = body ? `<row${attrs}>${body}</row>` : `<row${attrs}/>`;
    pending.push(rowXml);
    pendingChars += rowXml.length;
    if (pendingChars >= PART_CHARS) {
      parts.push(pending.join(''));
      pending.length = 0;
      pendingChars = 0;
    }
  }
  if (pending.length > 0) parts.push(pending.join(''));
  return { parts, maxRow, maxCol };
}

export { letters as columnLetters };
