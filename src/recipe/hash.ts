/**
 * Content hash of input cells for the run log: tells when a source changed after a run.
 * Two 32-bit hashes (FNV-1a, and a multiply-xorshift mix with another seed) over the UTF-16 code units of
 * a canonical, type-tagged text of the values, printed as 16 hex digits. Not cryptographic; pure JS, so
 * the add-in and the command line compute the same hash for the same cells.
 *
 * The canonical text: per cell `\0n` (null), `\0d` + String(number), `\0b1`/`\0b0` (booleans) or `\0s` + text,
 * and `\1` after each row. It is fed unit by unit without being built (issue 13: a 1,000,000-line CSV is 80
 * million units; building a string per cell cost most of a second).
 */
import type { CellGrid, CellValue } from '../types.js';
import { dictSize, gridColumns, type GridColumns } from '../ingest/grid-columns.js';

const P1 = 0x01000193;
const P2 = 0x5bd1e995;
const NUL = 0;
const ROW_END = 1;

/** The two running hashes. */
class Hasher {
  h1 = 0x811c9dc5;
  h2 = 0x9747b28c;

  unit(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, P1);
    const h2 = Math.imul(this.h2 ^ c, P2);
    this.h2 = h2 ^ (h2 >>> 15);
  }

  text(s: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, P1);
      h2 = Math.imul(h2 ^ c, P2);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  cell(v: CellValue): void {
    this.unit(NUL);
    if (v === null)
      this.unit(0x6e); // n
    else if (typeof v === 'number') {
      this.unit(0x64); // d
      this.text(String(v));
    } else if (typeof v === 'boolean') {
      this.unit(0x62); // b
      this.unit(v ? 0x31 : 0x30);
    } else {
      this.unit(0x73); // s
      this.text(v);
    }
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/**
 * @example hashCells([['a', 1]]) === hashCells([['a', 1]]) // true; hashCells([['1']]) !== hashCells([[1]])
 */
export function hashCells(values: readonly (readonly CellValue[])[]): string {
  const h = new Hasher();
  for (const row of values) {
    for (const v of row) h.cell(v);
    h.unit(ROW_END);
  }
  return h.hex();
}

/**
 * `hashCells(grid.values)` without building a columnar grid's rows (a 1,000,000-line CSV read as columns):
 * the same cells in the same order, so the same hash. Each column's distinct texts are laid out once as the
 * units they feed (`\0s` and the text), so a row feeds runs of a typed array.
 * @example hashGrid(grid) === hashCells(grid.values) // true
 */
export function hashGrid(grid: CellGrid): string {
  const cols = gridColumns(grid);
  return cols ? hashUnits(gridUnits(cols)) : hashCells(grid.values);
}

/** A columnar grid laid out for hashing: per column its distinct texts' units and the codes of its rows. */
export interface GridUnits {
  rows: number;
  /** Per column: `\0s` and each distinct text's UTF-16 units, one after the other. */
  units: Uint16Array[];
  /** Per column: where distinct text `k`'s units start (`ends[k]`) and end (`ends[k + 1]`). */
  ends: Int32Array[];
  /** Per column: the grid's codes (-1: an empty cell). */
  codes: Int32Array[];
}

/**
 * The units `hashGrid` feeds, laid out once per distinct text of each column: from the reader's bytes when the texts
 * are ASCII (one unit per byte: issue 13, the 1,000,000 order ids of the 1M CSV were made as strings only for this,
 * 0.25 s of the main thread), else from the texts.
 */
export function gridUnits(cols: GridColumns): GridUnits {
  const units: Uint16Array[] = [];
  const ends: Int32Array[] = [];
  for (const col of cols.columns) {
    const laid = col.ascii ? asciiUnits(col.ascii, dictSize(col)) : textUnits(col.dict);
    units.push(laid.units);
    ends.push(laid.ends);
  }
  return { rows: cols.rows, units, ends, codes: cols.columns.map((c) => c.codes) };
}

/** `\0s` and each text's units, texts given as strings. */
function textUnits(dict: readonly string[]): { units: Uint16Array; ends: Int32Array } {
  let n = 0;
  for (const s of dict) n += s.length + 2;
  const u = new Uint16Array(n);
  const e = new Int32Array(dict.length + 1);
  let at = 0;
  for (let k = 0; k < dict.length; k++) {
    const s = dict[k];
    u[at++] = NUL;
    u[at++] = 0x73; // s
    for (let i = 0; i < s.length; i++) u[at++] = s.charCodeAt(i);
    e[k + 1] = at;
  }
  return { units: u, ends: e };
}

/** `\0s` and each text's units, the `count` texts given as ASCII bytes (text k: `heap[starts[k], starts[k + 1])`). */
function asciiUnits(
  b: { heap: Uint8Array; starts: Int32Array },
  count: number,
): { units: Uint16Array; ends: Int32Array } {
  const { heap, starts } = b;
  const u = new Uint16Array(starts[count] - starts[0] + 2 * count);
  const e = new Int32Array(count + 1);
  let at = 0;
  for (let k = 0; k < count; k++) {
    u[at++] = NUL;
    u[at++] = 0x73; // s
    for (let i = starts[k], to = starts[k + 1]; i < to; i++) u[at++] = heap[i];
    e[k + 1] = at;
  }
  return { units: u, ends: e };
}

/** `hashGrid` of laid-out units: 16 hex digits. */
export function hashUnits(g: GridUnits): string {
  const [h1, h2] = feedUnits(g.units, g.ends, g.codes, g.rows);
  return hashHex(h1, h2);
}

/** The 16 hex digits of the two running hashes `h1`, `h2` (as `feedUnits` returns them). */
export function hashHex(h1: number, h2: number): string {
  const h = new Hasher();
  h.h1 = h1;
  h.h2 = h2;
  return h.hex();
}

/**
 * The two hashes (FNV-1a with P1 = 0x01000193, the mix with P2 = 0x5bd1e995; `Hasher`) fed every row's cells and
 * row end, inline in one function so they stay in registers. Self-contained (no name from outside it, constants
 * written out), so the command line can run its source text in a worker thread (src/cli/hash-worker.ts).
 */
export function feedUnits(
  units: readonly Uint16Array[],
  ends: readonly Int32Array[],
  codes: readonly Int32Array[],
  rows: number,
): [number, number] {
  const width = codes.length;
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const k = codes[c][r];
      if (k < 0) {
        // An empty cell: NUL, then 'n'.
        h1 = Math.imul(h1, 0x01000193);
        h2 = Math.imul(h2, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        h1 = Math.imul(h1 ^ 0x6e, 0x01000193);
        h2 = Math.imul(h2 ^ 0x6e, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        continue;
      }
      const u = units[c];
      for (let i = ends[c][k], to = ends[c][k + 1]; i < to; i++) {
        const x = u[i];
        h1 = Math.imul(h1 ^ x, 0x01000193);
        h2 = Math.imul(h2 ^ x, 0x5bd1e995);
        h2 ^= h2 >>> 15;
      }
    }
    // The row end (ROW_END, 1).
    h1 = Math.imul(h1 ^ 1, 0x01000193);
    h2 = Math.imul(h2 ^ 1, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return [h1, h2];
}
