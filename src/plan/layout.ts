/**
 * Where each block of a report sheet goes.
 *
 *   ┌──────────────────────────────────────────────┐
 *   │ title, subtitle lines                         │  top band (rows 1…): frozen together with the
 *   │ notes placed before any other block (the     │  first table's header when it is near the top
 *   │ Dashboard's findings), from column A          │
 *   │ KPI tiles: label / value / change / note      │
 *   ├───────────────────────┬──┬───────────────────┤
 *   │ tables, stacked       │  │ charts and notes,  │  body: tables on the left, charts and notes on
 *   │ (Excel tables)        │  │ stacked            │  the right (from column A when there is no table)
 *   └───────────────────────┴──┴───────────────────┘
 */
import type { ChartBlock, KpisBlock, NotesBlock, ReportSheet, TableBlock, TitleBlock } from '../report/types.js';

export const TILES_PER_ROW = 6;
export const TILE_WIDTH = 18;
export const GAP_WIDTH = 2;
/** Excel's default column width in characters (8.43) and row height in pixels (15 pt). */
export const DEFAULT_WIDTH = 8.43;
export const ROW_PX = 20;
export const CHART_WIDTH_PX = 600;
export const CHART_ROWS = 18;
/** Freeze the top band with the first table's header only when the header is at most this row. */
export const MAX_FROZEN_ROW = 25;

export interface PlacedTitle {
  block: TitleBlock;
  row: number;
}
export interface PlacedKpis {
  block: KpisBlock;
  /** Row of the block title (when there is one). */
  titleRow: number | null;
  /** First row of each tile line (label row); tiles `i*6 … i*6+5` sit on line i. */
  lineRows: number[];
}
export interface PlacedTable {
  block: TableBlock;
  sheet: string;
  col: number;
  titleRow: number | null;
  headerRow: number;
  /** Number of data rows in the Excel table (≥ 1: an empty table keeps one blank row). */
  dataRows: number;
  noteRow: number | null;
}
export interface PlacedChart {
  block: ChartBlock;
  col: number;
  row: number;
}
export interface PlacedNotes {
  block: NotesBlock;
  col: number;
  titleRow: number;
  firstItemRow: number;
}

export interface SheetLayout {
  titles: PlacedTitle[];
  kpis: PlacedKpis[];
  tables: PlacedTable[];
  charts: PlacedChart[];
  notes: PlacedNotes[];
  /** Column widths in characters by column index; unset columns keep Excel's default. */
  widths: Map<number, number>;
  /** Rows to freeze (0 = none). */
  freezeRows: number;
  /** First row below the top band (where pivots start: see pivots.ts). */
  bodyTop: number;
}

/** Display width of text in character units: CJK and full-width characters count double. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

const SAMPLE_ROWS = 500;

function columnWidth(t: TableBlock, j: number): number {
  const c = t.columns[j];
  let w = textWidth(c.header) + 3; // room for the filter button
  const n = Math.min(t.rows.length, SAMPLE_ROWS);
  const decimals = (/\.(0+)/.exec(c.numberFormat)?.[1].length ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    const v = t.rows[i][j];
    let vw: number;
    if (typeof v === 'string') vw = textWidth(v);
    else if (typeof v === 'number') {
      if (c.kind === 'date') vw = 10;
      else if (c.kind === 'datetime') vw = 16;
      else if (c.kind === 'percent') vw = String(Math.round(Math.abs(v) * 100)).length + decimals + 2;
      else {
        const digits = String(Math.round(Math.abs(v))).length;
        vw =
          digits +
          Math.floor((digits - 1) / 3) +
          (c.kind === 'integer' ? 0 : decimals) +
          (c.kind === 'currency' ? 2 : 0) +
          1;
      }
    } else vw = 0;
    if (vw > w) w = vw;
  }
  return Math.min(60, Math.max(8, Math.ceil(w + 1)));
}

/** Notes that come before any figures, table or chart (the Dashboard's findings): they open the top band. */
function leadingNotes(s: ReportSheet): Set<NotesBlock> {
  const leading = new Set<NotesBlock>();
  for (const b of s.blocks) {
    if (b.type === 'title') continue;
    if (b.type !== 'notes') break;
    leading.add(b);
  }
  return leading;
}

/** Lay out one report sheet. `sheet` is its final name (tables remember it for cross-sheet charts). */
export function layoutSheet(s: ReportSheet, sheet: string): SheetLayout {
  const out: SheetLayout = {
    titles: [],
    kpis: [],
    tables: [],
    charts: [],
    notes: [],
    widths: new Map(),
    freezeRows: 0,
    bodyTop: 1,
  };
  const widen = (col: number, w: number) => out.widths.set(col, Math.max(out.widths.get(col) ?? 0, w));
  let row = 1;
  const leading = leadingNotes(s);
  for (const b of s.blocks) {
    if (b.type === 'notes' && leading.has(b)) {
      out.notes.push({ block: b, col: 0, titleRow: row, firstItemRow: row + 1 });
      row += 1 + b.items.length + 1;
    } else if (b.type === 'title') {
      out.titles.push({ block: b, row });
      row += 1 + b.subtitle.length + 1;
    } else if (b.type === 'kpis') {
      const titleRow = b.title !== undefined ? row : null;
      if (titleRow !== null) row += 1;
      const lineRows: number[] = [];
      for (let i = 0; i < b.tiles.length; i += TILES_PER_ROW) {
        lineRows.push(row);
        row += 4;
      }
      for (let i = 0; i < Math.min(b.tiles.length, TILES_PER_ROW); i++) widen(i, TILE_WIDTH);
      out.kpis.push({ block: b, titleRow, lineRows });
      row += 1;
    }
  }
  const bodyTop = (out.bodyTop = row);
  // Left: tables.
  let left = bodyTop;
  let tableCols = 0;
  for (const b of s.blocks) {
    if (b.type !== 'table') continue;
    const titleRow = b.title !== undefined ? left : null;
    if (titleRow !== null) left += 1;
    const headerRow = left;
    const dataRows = Math.max(1, b.rows.length);
    left += 1 + dataRows;
    const noteRow = b.note !== undefined ? left : null;
    if (noteRow !== null) left += 1;
    left += 1;
    out.tables.push({ block: b, sheet, col: 0, titleRow, headerRow, dataRows, noteRow });
    b.columns.forEach((c, j) => {
      widen(j, c.width ?? columnWidth(b, j));
    });
    tableCols = Math.max(tableCols, b.columns.length);
  }
  const first = out.tables[0];
  if (first?.block.freezeHeader && first.headerRow <= MAX_FROZEN_ROW) out.freezeRows = first.headerRow;
  // Right: charts and notes, in block order.
  const rightCol = tableCols > 0 ? tableCols + 1 : 0;
  if (tableCols > 0) widen(tableCols, GAP_WIDTH);
  const chartsPerRow = tableCols > 0 ? 1 : 2;
  let right = bodyTop;
  let inRow = 0;
  let rowCol = rightCol;
  const endChartRow = () => {
    // Two spare rows under charts: viewers that size rows differently must not overlap what follows.
    if (inRow > 0) right += CHART_ROWS + 2;
    inRow = 0;
    rowCol = rightCol;
  };
  for (const b of s.blocks) {
    if (b.type === 'chart') {
      out.charts.push({ block: b, col: rowCol, row: right });
      inRow += 1;
      // The next chart in the same row starts one column after this one ends (known once widths are final).
      rowCol = -1;
      if (inRow === chartsPerRow) endChartRow();
    } else if (b.type === 'notes' && !leading.has(b)) {
      endChartRow();
      out.notes.push({ block: b, col: rightCol, titleRow: right, firstItemRow: right + 1 });
      right += 1 + b.items.length + 1;
    }
  }
  return out;
}

/** Pixel width of a column (Excel's rule for the default font: trunc(chars × 7 + 5)). */
export function columnPx(widthChars: number): number {
  return Math.trunc(widthChars * 7 + 5);
}
