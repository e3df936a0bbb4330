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
import { cell, range } from './a1.js';
import { columnPx, DEFAULT_WIDTH, textWidth } from './layout.js';
import type { AddPivotTableOp, AddSlicerOp } from './types.js';

export const SLICER_WIDTH_PX = 180;
export const SLICER_HEIGHT_PX = 220;
/** Rows a slicer covers at the sheet's 20 px rows. */
const SLICER_ROWS = Math.ceil(SLICER_HEIGHT_PX / 20);
const PIVOT_STYLE = 'PivotStyleLight16';

export interface PlacedPivot {
  block: PivotBlock;
  titleRow: number;
  pivot: Omit<AddPivotTableOp, 'name' | 'source'>;
  slicers: Omit<AddSlicerOp, 'name' | 'cache' | 'pivot'>[];
}

/** Distinct non-empty values of a column (as text). */
function distinct(t: TableBlock, j: number): Set<string> {
  const out = new Set<string>();
  for (const r of t.rows) if (r[j] !== null && r[j] !== '') out.add(String(r[j]));
  return out;
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
  for (const { block: b, source: t, headers } of blocks) {
    const idx = (key: string) => t.columns.findIndex((c) => c.key === key);
    const rowSets = b.rows.map((k) => distinct(t, idx(k)));
    let bodyRows = Math.max(1, rowSets[0].size);
    if (b.rows.length > 1) {
      // Every combination present, plus a subtotal row per first-field item.
      const pairs = new Set(t.rows.map((r) => b.rows.map((k) => String(r[idx(k)])).join('\u0000')));
      bodyRows = pairs.size + rowSets[0].size;
    }
    const colItems = b.columns.length > 0 ? distinct(t, idx(b.columns[0])).size + 1 : 1;
    const width = b.rows.length + colItems * b.values.length;
    const height = 2 + bodyRows + 1;
    const first = row + 1;
    const location = range(0, first, width - 1, first + height - 1);
    b.rows.forEach((k, j) =>
      widen(j, Math.max(textWidth(headers[idx(k)]), ...[...rowSets[j]].map((v) => textWidth(v))) + 4),
    );
    for (let j = b.rows.length; j < width; j++) widen(j, 14);
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
