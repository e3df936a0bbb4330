/**
 * The whole of a per-customer table that a sheet shows only the first rows of (RFM, lifecycle, CLV, clusters, the
 * win-back list). An analysis lists its most valuable rows for the sheet and attaches here how to produce every row,
 * in the same order and with the same columns; the command line writes those rows next to the workbook as Parquet
 * (src/cli/full-tables.ts) and says where on the sheet.
 *
 * Kept beside the table rather than in it, so results stay plain data: the JSON summary, the pane's worker messages
 * and the report never see it, and a host that cannot write files (the pane) simply does not ask.
 */
import type { CellValue } from '../../types.js';
import type { ResultTable } from '../types.js';

/** Every row of a capped table: `rows` of them, row `i` as the table's rows are (same keys, same rounding). */
export interface FullTable {
  rows: number;
  row(i: number): Record<string, CellValue>;
}

const FULL = new WeakMap<ResultTable, FullTable>();

/**
 * Attaches the whole table to `table` when its sheet rows leave some out (`full.rows` > `table.rows.length`).
 * @example attachFullTable(customers, { rows: order.length, row: (k) => rowOf(order[k]) })
 */
export function attachFullTable(table: ResultTable, full: FullTable): void {
  if (full.rows > table.rows.length) FULL.set(table, full);
}

/** The whole table behind a capped one, or undefined when the sheet holds every row. */
export function fullTableOf(table: ResultTable): FullTable | undefined {
  return FULL.get(table);
}
