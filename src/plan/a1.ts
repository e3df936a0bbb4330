/**
 * A1 addresses. Columns are 0-based indexes (A = 0), rows are 1-based Excel row numbers.
 */

import { columnIndex, columnLetter } from '../a1.js';

export { columnIndex, columnLetter };

/** Cell address, e.g. `cell(1, 4)` → `B4`. */
export function cell(col: number, row: number): string {
  return columnLetter(col) + String(row);
}

/** Range address; a single cell when both corners are equal. */
export function range(col1: number, row1: number, col2: number, row2: number): string {
  const a = cell(col1, row1);
  const b = cell(col2, row2);
  return a === b ? a : `${a}:${b}`;
}

/** Parse `B4` or `B4:F20` into 0-based columns and 1-based rows. */
export function parseRange(address: string): { col1: number; row1: number; col2: number; row2: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(address);
  if (!m) throw new Error(`not an A1 address: ${address}`);
  const col1 = columnIndex(m[1]);
  const row1 = Number(m[2]);
  return m[3] ? { col1, row1, col2: columnIndex(m[3]), row2: Number(m[4]) } : { col1, row1, col2: col1, row2: row1 };
}

/** A sheet name quoted for formulas: `'My sheet'!`, with inner apostrophes doubled. */
export function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** Absolute reference `'Sheet'!$B$5:$B$20` (as chart series formulas use). */
export function absoluteRef(sheet: string, address: string): string {
  const abs = address.replace(/([A-Z]{1,3})(\d+)/g, '$$$1$$$2');
  return `${quoteSheet(sheet)}!${abs}`;
}
