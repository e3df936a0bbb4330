/**
 * The applier's own cell store for the sheets a Plan creates, and its SpreadsheetML.
 *
 * excelize-wasm costs ~0.1 ms per `SetSheetRow` call plus a slow re-serialisation, too slow for 100,000-row
 * results (DESIGN.md: ≤ 10 s). So the applier lets excelize build the workbook's structure (sheets, styles,
 * charts, pivot tables, slicers) and keeps cell values and style ids here; after excelize has written the
 * file, `sheetDataXml` produces the `<sheetData>` rows that are spliced into the new sheets' XML (merged with
 * the few rows excelize itself holds: the header rows of the tables a pivot table reads).
 *
 * Issue 13 (the write path): nothing is copied per cell. A `writeValues` op's rows are kept as the Plan holds
 * them (a block), and a `formatRange`/`numberFormat` op as a rectangle (a layer); each cell's style is
 * resolved once per band of rows that the same layers cover (a 100,000-row table is a handful of bands), and
 * the XML is made row by row from the blocks that cover it. Copying 1.1 million cells into per-row arrays and
 * styling them cell by cell was a quarter of the 1M-order run's write phase.
 */
import type { PlanValue } from '../plan/types.js';
import type { DeflatedRun } from './zip-package.js';

export interface CellEntry {
  v: PlanValue;
  /** excelize style id, 0 = default. */
  s: number;
}

/** Rows of values from (`row1`, `col1`) on, as a `writeValues` op holds them. */
interface Block {
  row1: number;
  col1: number;
  rows: readonly (readonly PlanValue[])[];
}

/** A formatted rectangle: `merge` gives a cell's style id from the id it had (see `Styles.merge` in apply.ts). */
interface Layer {
  row1: number;
  col1: number;
  row2: number;
  col2: number;
  merge: (base: number) => number;
}

/** Rows `from`…`to` share the style ids `styles` (by column; -1 = no style set). */
interface Band {
  from: number;
  to: number;
  styles: Int32Array;
}

/**
 * Cells of one sheet: blocks of values and layers of formats in Plan order (a later write or format wins),
 * single values set afterwards (table headers), formulas, and cells held by excelize (skipped here).
 */
export class SheetCells {
  private readonly blocks: Block[] = [];
  private readonly layers: Layer[] = [];
  /** Single values by row and column. */
  readonly single = new Map<number, Map<number, PlanValue>>();
  /** Cells excelize holds, by row: columns. */
  readonly skipped = new Map<number, Set<number>>();
  private bands: Band[] | null = null;
  /** Formulas (without `=`) by `row:col`, written with the cell's value as their cached result. */
  readonly formulas = new Map<string, string>();
  /** Custom row heights (points) by row. */
  readonly heights = new Map<number, number>();

  /** Write rows of values from (`row`, `col`) on; the rows are kept, not copied (do not change them later). */
  setBlock(row: number, col: number, rows: readonly (readonly PlanValue[])[]): void {
    if (rows.length > 0) this.blocks.push({ row1: row, col1: col, rows });
  }

  /** Write a row of values from `col` on. */
  setRow(row: number, col: number, values: readonly PlanValue[]): void {
    this.setBlock(row, col, [values]);
  }

  /** Set one cell's value; it wins over every block. */
  setValue(row: number, col: number, v: PlanValue): void {
    let m = this.single.get(row);
    if (!m) this.single.set(row, (m = new Map<number, PlanValue>()));
    m.set(col, v);
  }

  /** A cell excelize holds (a header of a table it makes): never written from here. */
  skip(row: number, col: number): void {
    let m = this.skipped.get(row);
    if (!m) this.skipped.set(row, (m = new Set()));
    m.add(col);
  }

  /** Lay a format over a rectangle (0-based columns, 1-based rows, inclusive). */
  addLayer(row1: number, col1: number, row2: number, col2: number, merge: (base: number) => number): void {
    this.layers.push({ row1, col1, row2, col2, merge });
    this.bands = null;
  }

  /** The value a cell holds (null when none), as the XML will have it. */
  valueAt(row: number, col: number): PlanValue {
    const s = this.single.get(row);
    if (s?.has(col)) return s.get(col)!;
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const b = this.blocks[i];
      const k = row - b.row1;
      if (k < 0 || k >= b.rows.length || col < b.col1) continue;
      const v = b.rows[k][col - b.col1];
      if (v !== undefined) return v;
    }
    return null;
  }

  /** Give a cell a formula; its value (written as usual) is the formula's cached result. */
  setFormula(row: number, col: number, formula: string): void {
    this.formulas.set(`${row}:${col}`, formula);
  }

  /**
   * The style ids of every band of rows (made once, after the last format: `merge` makes excelize styles).
   * Rows are cut where a layer starts or ends; a band's ids fold its layers in Plan order.
   */
  resolveStyles(): Band[] {
    if (this.bands) return this.bands;
    const cuts = new Set<number>();
    let width = 0;
    for (const l of this.layers) {
      cuts.add(l.row1);
      cuts.add(l.row2 + 1);
      if (l.col2 + 1 > width) width = l.col2 + 1;
    }
    const rows = [...cuts].sort((a, b) => a - b);
    // Layers by first row, then swept: `active` holds those covering the current band, in Plan order.
    const order = this.layers.map((_, i) => i).sort((a, b) => this.layers[a].row1 - this.layers[b].row1 || a - b);
    const bands: Band[] = [];
    let next = 0;
    let active: number[] = [];
    for (let i = 0; i + 1 < rows.length; i++) {
      const from = rows[i];
      const to = rows[i + 1] - 1;
      while (next < order.length && this.layers[order[next]].row1 <= from) active.push(order[next++]);
      active = active.filter((k) => this.layers[k].row2 >= from);
      if (active.length === 0) continue;
      active.sort((a, b) => a - b);
      const styles = new Int32Array(width).fill(-1);
      for (const k of active) {
        const l = this.layers[k];
        for (let c = l.col1; c <= l.col2; c++) styles[c] = l.merge(styles[c] < 0 ? 0 : styles[c]);
      }
      bands.push({ from, to, styles });
    }
    this.bands = bands;
    return bands;
  }

  /** Blocks by first row (ties in Plan order), each with its place in the Plan (a later block wins). */
  sortedBlocks(): (Block & { order: number })[] {
    return this.blocks.map((b, order) => ({ ...b, order })).sort((x, y) => x.row1 - y.row1 || x.order - y.order);
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

/**
 * `String(v)` of a finite number, with a fast path for amounts of at most two decimals (issue 13: V8's shortest
 * round-trip digits cost ~0.4 µs a number, most of the number cells' time in the 1M-order run's fact sheet; this
 * path a third of it). When `v` is the double nearest to c / 100 for an integer c below 10^15, the decimal c / 100
 * (trailing zeros dropped) reads back as `v`, and no decimal with fewer digits does (it would differ from c / 100
 * by at least 0.01, far more than v's spacing below 10^13), so it is exactly the text `String` gives.
 */
export function numberText(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const c = Math.round(v * 100);
  if (!(c / 100 === v && c < 1e15 && c > -1e15)) return String(v);
  const a = c < 0 ? -c : c;
  const whole = Math.floor(a / 100),
    cents = a - whole * 100;
  const text = cents % 10 === 0 ? `${whole}.${cents / 10}` : `${whole}.${cents < 10 ? '0' : ''}${cents}`;
  return c < 0 ? `-${text}` : text;
}

/** Whether text needs `xml:space="preserve"` (else a reader may drop leading, trailing or repeated spaces). */
const NEEDS_PRESERVE = /^\s|\s$|[\t\n\r]| {2}/;

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
    if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}>${f}<v>${numberText(v)}</v></c>`;
    return `<c r="${ref}"${s}>${f}</c>`;
  }
  if (v === null) return e.s ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number')
    return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${numberText(v)}</v></c>` : e.s ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = typeof v === 'string' ? v : v.text;
  const t = NEEDS_PRESERVE.test(text) ? '<t xml:space="preserve">' : '<t>';
  return `<c r="${ref}"${s} t="inlineStr"><is>${t}${escapeXml(text)}</t></is></c>`;
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

/** Sorted, merged row ranges. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * UTF-8 written straight into 1 MB byte chunks, a row at a time: rows joined into one string per part cost as
 * much again in rope flattening (Buffer.byteLength) and encoding as in making them (issue 13: a third of the
 * demo's sheet XML time). One TextEncoder.encodeInto per row beat a byte-by-byte copy of each cell's markup
 * by a quarter on the 1M-order run's Customer facts sheet (100,000 rows × 11 columns).
 */
export class ByteSink {
  private static readonly CHUNK = 1 << 20;
  private static readonly encoder = new TextEncoder();
  readonly chunks: Uint8Array[] = [];
  private buf = new Uint8Array(ByteSink.CHUNK);
  private pos = 0;

  /**
   * With `onChunk`, each full chunk is handed to it (to be deflated: see `DeflatedRun`) and the buffer reused, so
   * that a sheet's XML is never held whole; without, the chunks are kept for `finish`.
   */
  constructor(private readonly onChunk?: (bytes: Uint8Array) => void) {}

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) {
      if (this.onChunk) this.onChunk(this.buf.subarray(0, this.pos));
      else this.chunks.push(this.buf.subarray(0, this.pos));
    }
    this.pos = 0;
    // A chunk handed on is done with: its buffer takes the next bytes when they fit.
    if (!this.onChunk || n > this.buf.length) this.buf = new Uint8Array(Math.max(ByteSink.CHUNK, n));
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += ByteSink.encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** The bytes written, as chunks (none with `onChunk`: the last went to it). */
  finish(): Uint8Array[] {
    if (this.pos > 0) {
      if (this.onChunk) this.onChunk(this.buf.subarray(0, this.pos));
      else this.chunks.push(this.buf.subarray(0, this.pos));
    }
    this.buf = new Uint8Array(0);
    this.pos = 0;
    return this.chunks;
  }
}

/** Texts per style whose cell markup `sheetDataXml` keeps (a column of ids would otherwise keep them all). */
const TAILS_PER_STYLE = 4096;

/**
 * The `<sheetData>` content for a sheet, as UTF-8 chunks: our cells merged with the rows excelize wrote (its
 * cells win on a clash, they are table headers; its row attributes are not kept: the heights are ours), or, given
 * `into`, deflated into it as they are made (`parts` then empty). Also returns the used range for `<dimension>`.
 */
// One loop over rows with its state (blocks, bands, reused arrays) kept local for speed.
// eslint-disable-next-line max-lines-per-function -- see above
export function sheetDataXml(
  cells: SheetCells,
  foreign: Map<number, ForeignRow>,
  into?: DeflatedRun,
): { parts: Uint8Array[]; maxRow: number; maxCol: number } {
  const blocks = cells.sortedBlocks();
  const bands = cells.resolveStyles();
  const ranges: [number, number][] = [];
  for (const b of blocks) ranges.push([b.row1, b.row1 + b.rows.length - 1]);
  for (const b of bands) ranges.push([b.from, b.to]);
  for (const r of cells.single.keys()) ranges.push([r, r]);
  for (const r of cells.heights.keys()) ranges.push([r, r]);
  for (const r of foreign.keys()) ranges.push([r, r]);
  const sink = new ByteSink(
    into &&
      ((bytes) => {
        into.add(bytes);
      }),
  );
  let maxRow = 0;
  let maxCol = 0;
  const vals: (PlanValue | undefined)[] = [];
  const entry: CellEntry = { v: null, s: 0 };
  const hasFormulas = cells.formulas.size > 0;
  const styleAttr: string[] = [];
  const textTails: Map<string, string>[] = [];
  const numberOpen: string[] = [];
  const cellOpen: string[] = [];
  let nextBlock = 0;
  let active: (Block & { order: number })[] = [];
  let bandAt = 0;
  for (const [from, to] of mergeRanges(ranges)) {
    for (let r = from; r <= to; r++) {
      // Blocks covering row r, in Plan order.
      let changed = false;
      while (nextBlock < blocks.length && blocks[nextBlock].row1 <= r) {
        active.push(blocks[nextBlock++]);
        changed = true;
      }
      if (active.some((b) => b.row1 + b.rows.length - 1 < r)) {
        active = active.filter((b) => b.row1 + b.rows.length - 1 >= r);
        changed = true;
      }
      if (changed && active.length > 1) active.sort((a, b) => a.order - b.order);
      while (bandAt < bands.length && bands[bandAt].to < r) bandAt++;
      const styles = bandAt < bands.length && bands[bandAt].from <= r ? bands[bandAt].styles : null;
      const single = cells.single.get(r);
      const theirs = foreign.get(r);
      const skipped = cells.skipped.get(r);
      let width = styles ? styles.length : 0;
      for (const b of active) width = Math.max(width, b.col1 + b.rows[r - b.row1].length);
      if (single) for (const c of single.keys()) width = Math.max(width, c + 1);
      if (theirs) for (const c of theirs.cells.keys()) width = Math.max(width, c + 1);
      vals.length = width;
      vals.fill(undefined);
      for (const b of active) {
        const row = b.rows[r - b.row1];
        for (let j = 0; j < row.length; j++) vals[b.col1 + j] = row[j];
      }
      if (single) for (const [c, v] of single) vals[c] = v;
      const rs = String(r);
      const h = cells.heights.get(r);
      const attrs = h !== undefined ? ` r="${rs}" ht="${h}" customHeight="1"` : ` r="${rs}"`;
      let body = '';
      for (let c = 0; c < width; c++) {
        const x = theirs?.cells.get(c);
        const v = x === undefined && !skipped?.has(c) ? vals[c] : undefined;
        const st = x === undefined && !skipped?.has(c) && styles && c < styles.length ? styles[c] : -1;
        if (x === undefined && v === undefined && st < 0) continue;
        const s = st > 0 ? (styleAttr[st] ??= ` s="${st}"`) : '';
        const f = x === undefined && hasFormulas ? cells.formulas.get(`${r}:${c}`) : undefined;
        // Nothing to write: an empty or non-finite value without a style.
        if (
          x === undefined &&
          f === undefined &&
          !s &&
          (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)))
        )
          continue;
        // `<c r="B` of column c, then the row: the reference without joining it on its own first.
        const open = (cellOpen[c] ??= `<c r="${letters(c)}`);
        if (x !== undefined) body += x;
        else if (f !== undefined) {
          entry.v = v ?? null;
          entry.s = st > 0 ? st : 0;
          body += cellXml(letters(c) + rs, entry, f);
        } else if (typeof v === 'number')
          body += Number.isFinite(v)
            ? open + rs + (numberOpen[st > 0 ? st : 0] ??= `"${s}><v>`) + numberText(v) + '</v></c>'
            : `${open}${rs}"${s}/>`;
        else if (typeof v === 'string' || (v !== null && v !== undefined && typeof v === 'object')) {
          const text = typeof v === 'string' ? v : v.text;
          // The markup after the reference, made once per text and style (a fact sheet's columns repeat a few
          // texts 100,000 times): fewer pieces per row to join and encode, no tests of the text again.
          const tails = (textTails[st > 0 ? st : 0] ??= new Map<string, string>());
          let tail = tails.get(text);
          if (tail === undefined) {
            tail = `"${s} t="inlineStr"><is>${NEEDS_PRESERVE.test(text) ? '<t xml:space="preserve">' : '<t>'}${escapeXml(text)}</t></is></c>`;
            if (tails.size < TAILS_PER_STYLE) tails.set(text, tail);
          }
          body += open + rs + tail;
        } else if (typeof v === 'boolean') body += `${open}${rs}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
        else body += `${open}${rs}"${s}/>`;
        if (c > maxCol) maxCol = c;
        if (r > maxRow) maxRow = r;
      }
      if (body) sink.text(`<row${attrs}>${body}</row>`);
      else if (h !== undefined) sink.text(`<row${attrs}/>`);
    }
  }
  return { parts: sink.finish(), maxRow, maxCol };
}

export { letters as columnLetters };
