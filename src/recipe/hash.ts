/**
 * Content hash of input cells for the run log: tells when a source changed after a run.
 * Two 32-bit hashes (FNV-1a, and a multiply-xorshift mix with another seed) over the UTF-16 code units of
 * a canonical, type-tagged text of the values, printed as 16 hex digits. Not cryptographic; pure JS, so
 * the add-in and the command line compute the same hash for the same cells.
 */
import type { CellValue } from '../types.js';

/**
 * @example hashCells([['a', 1]]) === hashCells([['a', 1]]) // true; hashCells([['1']]) !== hashCells([[1]])
 */
export function hashCells(values: readonly (readonly CellValue[])[]): string {
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
  for (const row of values) {
    for (const v of row) {
      if (v === null) feed('\u0000n');
      else if (typeof v === 'number') feed('\u0000d' + String(v));
      else if (typeof v === 'boolean') feed(v ? '\u0000b1' : '\u0000b0');
      else feed('\u0000s' + v);
    }
    feed('\u0001');
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
