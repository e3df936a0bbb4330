/**
 * Content hash of input cells for the run log: tells when a source changed after a run.
 * Two 32-bit hashes (FNV-1a, and a multiply-xorshift mix with another seed) over the UTF-16 code units of
 * a canonical, type-tagged text of the values, printed as 16 hex digits. Not cryptographic; pure JS, so
 * the add-in and the command line compute the same hash for the same cells.
 */
import type { CellGrid, CellValue } from '../types.js';
import { gridColumns, textAt } from '../ingest/grid-columns.js';

/**
 * @example hashCells([['a', 1]]) === hashCells([['a', 1]]) // true; hashCells([['1']]) !== hashCells([[1]])
 */
export function hashCells(values: readonly (readonly CellValue[])[]): string {
  return hashRows(values.length, (r) => values[r]);
}

/**
 * `hashCells(grid.values)` without building a columnar grid's rows (a 1,000,000-line CSV read as columns):
 * the same cells in the same order, so the same hash.
 * @example hashGrid(grid) === hashCells(grid.values) // true
 */
export function hashGrid(grid: CellGrid): string {
  const cols = gridColumns(grid);
  if (!cols) return hashCells(grid.values);
  const width = cols.columns.length;
  const row = new Array<CellValue>(width);
  return hashRows(cols.rows, (r) => {
    for (let c = 0; c < width; c++) row[c] = textAt(cols, r, c) ?? null;
    return row;
  });
}

function hashRows(n: number, rowAt: (r: number) => readonly CellValue[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
  };
  for (let r = 0; r < n; r++) {
    for (const v of rowAt(r)) {
      if (v === null) feed('\u0000n');
      else if (typeof v === 'number') feed('\u0000d' + String(v));
      else if (typeof v === 'boolean') feed(v ? '\u0000b1' : '\u0000b0');
      else feed('\u0000s' + v);
    }
    feed('\u0001');
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
