/** A1 addresses: where grid index (0, 0) sits in the sheet, and column letters. */
import { columnIndex, columnLetter } from '../a1.js';
import { IngestUsageError } from './errors.js';

export { columnIndex, columnLetter };

export interface TopLeft {
  /** 1-based Excel row number of the grid's first row. */
  row: number;
  /** 0-based Excel column index of the grid's first column (A = 0). */
  col: number;
}

const A1 = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLS_ONLY = /^\$?([A-Za-z]{1,3})$/;
const ROWS_ONLY = /^\$?(\d{1,7})$/;

/**
 * The top-left cell of an address such as `B3:K40`, `Sheet1!A1:J100`, `'My sheet'!$A$1`, `A:J` or `3:10`.
 * @throws IngestUsageError when the address cannot be read (hosts always give a valid one).
 */
export function parseTopLeft(address: string): TopLeft {
  if (typeof address !== 'string') throw new IngestUsageError('invalid-address', 'CellGrid.address must be a string');
  const bang = address.lastIndexOf('!');
  const first = (bang >= 0 ? address.slice(bang + 1) : address).split(':')[0].trim();
  let m = A1.exec(first);
  if (m) return { row: Number(m[2]), col: columnIndex(m[1]) };
  m = COLS_ONLY.exec(first);
  if (m) return { row: 1, col: columnIndex(m[1]) };
  m = ROWS_ONLY.exec(first);
  if (m) return { row: Number(m[1]), col: 0 };
  throw new IngestUsageError('invalid-address', `CellGrid.address is not an A1 address: ${JSON.stringify(address)}`);
}
