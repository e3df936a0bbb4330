/**
 * Pivot blocks → where each PivotTable and its slicers go, and their ops (see `AddPivotTableOp`).
 *
 *   ┌ title band ───────────────────────────────────────────────┐
 *   │ pivot title                                                 │
 *   │ ┌ pivot (area estimated from the data) ┐  ┌slicer┐ ┌slicer┐ │
 *   │ └──────────────────────────────────────┘  └──────┘ └──────┘ │
 *   │ next pivot title, three rows below the taller of the two    │
 *   └─────────────────────────────────────────────────────────────┘
 *
 * A host recalculates a pivot when the file opens, so its area is known only then: it is estimated here from
 * the source table's distinct values (tabular layout, subtotals on the first of two row fields, a grand
 * total), so that nothing placed below it overlaps.
 */
import type { PivotBlock, TableBlock } from '../report/types.js';
import { absoluteRef, cell, range } from './a1.js';
import { CHART_WIDTH_PX, columnPx, DEFAULT_WIDTH, textWidth } from './layout.js';
import type { PlacedTable } from './layout.js';
import type { AddPivotSlicerOp, AddPivotTableOp, AddTableSlicerOp, PivotValueOp } from './types.js';

export const SLICER_WIDTH_PX = 180;
export const SLICER_HEIGHT_PX = 220;
/** Rows a slicer covers at the sheet's 20 px rows. */
const SLICER_ROWS = Math.ceil(SLICER_HEIGHT_PX / 20);
const PIVOT_STYLE = 'PivotStyleLight16';

export interface PlacedPivot {
  block: PivotBlock;
  titleRow: number;
  pivot: Omit<AddPivotTableOp, 'name' | 'source'>;
  slicers: Omit<AddPivotSlicerOp, 'name' | 'cache' | 'pivot'>[];
}

/** Distinct non-empty values of a column (as text). */
function distinctValues(t: TableBlock, j: number): Set<string> {
  const out = new Set<string>();
  for (const r of t.rows) if (r[j] !== null && r[j] !== '') out.add(String(r[j]));
  return out;
}

/**
 * How many distinct combinations of the columns `cols` the rows hold, values compared as text (`String(v)`, null as
 * `'null'`). Two columns are counted on codes of their values (issue 13: a joined string per row of 500,000
 * customers, 0.8 s and its garbage in the 5M-order run's plan); more, on the joined texts.
 * @example combinations(facts, [segmentColumn, channelColumn]) // 11 segments × 6 channels seen → at most 66
 */
export function combinations(t: TableBlock, cols: readonly number[]): number {
  if (cols.length !== 2) return new Set(t.rows.map((r) => cols.map((j) => String(r[j])).join('\u0000'))).size;
  const [a, b] = cols;
  const codesA = new Map<string, number>();
  const codesB = new Map<string, number>();
  const code = (m: Map<string, number>, v: unknown): number => {
    const text = String(v);
    let c = m.get(text);
    if (c === undefined) m.set(text, (c = m.size));
    return c;
  };
  const pairs = new Set<number>();
  // Codes below 2^26 each: a pair is one exact double.
  for (const r of t.rows) pairs.add(code(codesA, r[a]) * 67_108_864 + code(codesB, r[b]));
  return pairs.size;
}

/**
 * Characters the widest cell of a value field needs: its grand total (a sum of the column's magnitudes, or the
 * row count), with thousands separators, two decimals and a currency sign, plus padding. A host that does not
 * fit a pivot's columns when it recalculates (LibreOffice) otherwise shows the total as ###.
 * @example totalWidth(facts, revenueColumn, 'sum') // 13,852,618.62 → ¥13,852,618.62 → 14 + 4 = 18
 */
function totalWidth(t: TableBlock, j: number, summary: string): number {
  let total = 0;
  if (summary === 'count') total = t.rows.length;
  else for (const r of t.rows) if (typeof r[j] === 'number') total += Math.abs(r[j]);
  const digits = String(Math.max(1, Math.round(total))).length;
  const grouped = digits + Math.floor((digits - 1) / 3);
  return summary === 'count' ? grouped + 4 : grouped + 3 + 1 + 4;
}

/**
 * Place a sheet's pivots from `top` down; `headers` are the source table's header texts (the pivot's field
 * names). Widens `widths` (characters by column index) for the pivots' columns.
 */
export function placePivots(
  sheet: string,
  top: number,
  blocks: readonly { block: PivotBlock; source: TableBlock; headers: string[] }[],
  widths: Map<number, number>,
): PlacedPivot[] {
  const widen = (col: number, w: number) => widths.set(col, Math.max(widths.get(col) ?? 0, Math.min(40, w)));
  const out: PlacedPivot[] = [];
  let row = top;
  // Each column's distinct values once, however many pivots read it (a pass over 100,000s of customers each).
  const seen = new Map<TableBlock, Map<number, Set<string>>>();
  const distinct = (t: TableBlock, j: number): Set<string> => {
    let byColumn = seen.get(t);
    if (!byColumn) seen.set(t, (byColumn = new Map<number, Set<string>>()));
    let set = byColumn.get(j);
    if (!set) byColumn.set(j, (set = distinctValues(t, j)));
    return set;
  };
  for (const { block: b, source: t, headers } of blocks) {
    const idx = (key: string) => t.columns.findIndex((c) => c.key === key);
    const rowSets = b.rows.map((k) => distinct(t, idx(k)));
    let bodyRows = Math.max(1, rowSets[0].size);
    if (b.rows.length > 1) {
      // Every combination present, plus a subtotal row per first-field item.
      bodyRows = combinations(t, b.rows.map(idx)) + rowSets[0].size;
    }
    const colItems = b.columns.length > 0 ? distinct(t, idx(b.columns[0])).size + 1 : 1;
    const width = b.rows.length + colItems * b.values.length;
    const height = 2 + bodyRows + 1;
    const first = row + 1;
    const location = range(0, first, width - 1, first + height - 1);
    b.rows.forEach((k, j) =>
      widen(j, Math.max(textWidth(headers[idx(k)]), ...[...rowSets[j]].map((v) => textWidth(v))) + 4),
    );
    const valueWidth = Math.max(14, ...b.values.map((v) => totalWidth(t, idx(v.column), v.summary)), 0);
    for (let j = b.rows.length; j < width; j++) widen(j, valueWidth);
    if (b.columns.length > 0)
      distinct(t, idx(b.columns[0])).forEach((v) =>
        widths.set(b.rows.length, Math.max(widths.get(b.rows.length) ?? 0, textWidth(v) + 2)),
      );
    const values = b.values.map((v) => {
      const c = t.columns[idx(v.column)];
      const numberFormat = v.summary === 'count' ? '#,##0' : c.numberFormat;
      return { field: headers[idx(v.column)], summary: v.summary, name: v.label, numberFormat };
    });
    // Slicers side by side, one empty column right of the pivot.
    let col = width + 1;
    const slicers = b.slicers.map((k) => {
      const from = cell(col, first);
      let px = 0;
      while (px < SLICER_WIDTH_PX + 10) px += columnPx(widths.get(col++) ?? DEFAULT_WIDTH);
      return {
        op: 'addSlicer' as const,
        sheet,
        field: headers[idx(k)],
        caption: headers[idx(k)],
        anchor: { from, widthPx: SLICER_WIDTH_PX, heightPx: SLICER_HEIGHT_PX },
      };
    });
    out.push({
      block: b,
      titleRow: row,
      pivot: {
        op: 'addPivotTable',
        sheet,
        location,
        rows: b.rows.map((k) => headers[idx(k)]),
        columns: b.columns.map((k) => headers[idx(k)]),
        values,
        style: PIVOT_STYLE,
      },
      slicers,
    });
    const slicerEnd = b.slicers.length > 0 ? first + SLICER_ROWS : first;
    row = Math.max(first + height - 1, slicerEnd) + 3;
  }
  return out;
}

/** A workbook-level defined name for a slicer's cache: `Slicer_` and the field, other characters as `_`. */
export function slicerCacheName(field: string, taken: Set<string>): string {
  const base = 'Slicer_' + field.replace(/[^\p{L}\p{N}_]/gu, '_');
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A slicer's name: the field's header, then `header 1`, `header 2` … when a slicer of that name exists
 * (Excel's and excelize's own naming for a second slicer on a field).
 */
export function slicerName(field: string, taken: Set<string>): string {
  let name = field;
  for (let i = 1; taken.has(name.toLowerCase()); i++) name = `${field} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Slicers of a sheet's tables (`TableBlock.slicers`), beside their table without covering anything: in a
 * column right of the band where charts and notes go (tables on the left, then a gap column, then a chart's
 * width, then a gap column), from the table's header row down, a table's slicers side by side, never above
 * the end of the slicers placed before.
 */
export function placeTableSlicers(
  sheet: string,
  tables: readonly PlacedTable[],
  widths: ReadonlyMap<number, number>,
): { table: PlacedTable; slicer: Omit<AddTableSlicerOp, 'name' | 'cache' | 'table'> }[] {
  const withSlicers = tables.filter((t) => (t.block.slicers ?? []).length > 0);
  if (withSlicers.length === 0) return [];
  const px = (c: number) => columnPx(widths.get(c) ?? DEFAULT_WIDTH);
  // Charts and notes start one gap column right of the widest table and are CHART_WIDTH_PX wide (layout.ts).
  let col = Math.max(...tables.map((t) => t.col + t.block.columns.length)) + 1;
  for (let w = 0; w < CHART_WIDTH_PX; col++) w += px(col);
  // A gap column, and one more: a note's link sits right of its band.
  col += 2;
  const out: { table: PlacedTable; slicer: Omit<AddTableSlicerOp, 'name' | 'cache' | 'table'> }[] = [];
  let free = 1;
  for (const t of withSlicers) {
    const row = Math.max(t.headerRow, free);
    let c = col;
    for (const key of t.block.slicers ?? []) {
      const header = t.block.columns.find((x) => x.key === key)!.header;
      out.push({
        table: t,
        slicer: {
          op: 'addSlicer',
          sheet,
          field: header,
          caption: header,
          anchor: { from: cell(c, row), widthPx: SLICER_WIDTH_PX, heightPx: SLICER_HEIGHT_PX },
        },
      });
      for (let w = 0; w < SLICER_WIDTH_PX + 10; c++) w += px(c);
    }
    free = row + SLICER_ROWS + 1;
  }
  return out;
}

/** A text argument of a formula: in double quotes, inner ones doubled. */
function formulaText(s: string): string {
  // Excel's limit for a text value in a formula; control characters have no place in a field or item name.
  // eslint-disable-next-line no-control-regex
  if (s.length > 255 || /[\u0000-\u001f]/.test(s))
    throw new Error(`not a pivot field or item name: ${JSON.stringify(s)}`);
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The formula of a `pivotValue` op, built from its parts only (the sheet quoted, every name a quoted text
 * argument), with its leading `=`.
 * @example getPivotDataFormula({ pivot: { sheet: 'Explore', name: 'P', cell: 'A6' }, dataField: 'Customers' })
 * // =GETPIVOTDATA("Customers",'Explore'!$A$6)
 */
export function getPivotDataFormula(op: Pick<PivotValueOp, 'pivot' | 'dataField' | 'item'>): string {
  const args = [formulaText(op.dataField), absoluteRef(op.pivot.sheet, op.pivot.cell)];
  if (op.item) args.push(formulaText(op.item.field), formulaText(op.item.text));
  const f = `GETPIVOTDATA(${args.join(',')})`;
  return op.item ? `=IFERROR(${f},0)` : `=${f}`;
}
