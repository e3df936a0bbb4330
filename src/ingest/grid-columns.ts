/**
 * A grid held as columns, behind the CellGrid API (issue 13): what the .csv reader builds instead of a row of
 * boxed values per line. Each column is dictionary-encoded text: a code per grid row into the column's distinct
 * texts, -1 for an empty field (null). The grid's `values` are built from the columns the first time something
 * asks for them (a writer, a hash, a test), so every reader of the Grid API keeps working; ingest reads the
 * columns directly while nothing has, and the rows once something has (they may have been changed since).
 */
import type { CellGrid, CellValue } from '../types.js';

export interface TextColumn {
  /** Per grid row: an index into `dict`, or -1 for an empty field (null). */
  codes: Int32Array;
  /** The column's distinct texts, each once, in order of first appearance; never ''. */
  dict: string[];
  /**
   * When known (the .csv reader sets it): the codes, ascending, of the only texts that may need a second look —
   * every other text is plain (`isPlainText`): it needs no trimming and is neither blank, an Excel error, a total
   * label nor a text ending like a pivot subtotal. Absent: any text may be any of these.
   */
  special?: Int32Array;
  /**
   * When the texts are made on demand (the .csv reader keeps each distinct value's bytes): how many there are and
   * text `k`, without making `dict` (a million order ids are a million strings). `dict` is made on first access.
   */
  size?: number;
  textOf?: (k: number) => string;
  /** When known (the .csv reader counts them): how many codes are -1 (empty fields). */
  empties?: number;
  /**
   * When every text is ASCII and kept as bytes (the .csv reader): text `k` is `heap[starts[k], starts[k + 1])`, one
   * UTF-16 unit per byte. The run log's hash lays out its units from them without making the texts.
   */
  ascii?: { heap: Uint8Array; starts: Int32Array };
}

/** How many distinct texts a column has, without making them. */
export function dictSize(col: TextColumn): number {
  return col.size ?? col.dict.length;
}

/** Distinct text `k` of a column, without making the others. */
export function dictText(col: TextColumn, k: number): string {
  return col.textOf ? col.textOf(k) : col.dict[k];
}

/**
 * A column whose texts are made on demand: `textOf(k)` makes one, `all()` every one (`dict`, made on first access
 * and kept; `textOf` then reads it).
 * @example lazyTextColumn(Int32Array.of(0, 0), 1, () => 'b', () => ['b']).dict // ['b']
 */
export function lazyTextColumn(
  codes: Int32Array,
  size: number,
  textOf: (k: number) => string,
  all: () => string[],
): TextColumn {
  let dict: string[] | null = null;
  const col = { codes, size } as TextColumn;
  Object.defineProperty(col, 'dict', {
    enumerable: true,
    get: (): string[] => (dict ??= all()),
  });
  col.textOf = (k: number): string => (dict ? dict[k] : textOf(k));
  return col;
}

/**
 * Whether the UTF-8 bytes `b[i, k)` (at least one) are a plain text: the first and last bytes are printable ASCII
 * (so the text has nothing to trim and is not blank), the first is not `#` (an Excel error), the text does not
 * start with two ASCII letters (every Latin total word does; `isTotalLabel`) and does not end in `l`, `L`, `s` or
 * `S` (what a pivot subtotal `… Total(s)` ends in; `endsLikeTotal`). Non-ASCII first or last bytes (a CJK total
 * word, a no-break space) are not plain. Order ids, customer ids, amounts and ISO dates are plain; labels and
 * headers usually are not.
 */
export function isPlainText(b: Uint8Array, i: number, k: number): boolean {
  const f = b[i];
  const l = b[k - 1];
  if (f <= 0x20 || f >= 0x7f || f === 0x23 || l <= 0x20 || l >= 0x7f) return false;
  if (l === 0x6c || l === 0x4c || l === 0x73 || l === 0x53) return false;
  if (k - i >= 2 && isAsciiLetter(f) && isAsciiLetter(b[i + 1])) return false;
  return true;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Per code of `col`, 1 where the text may need a second look (every code when `special` is unknown), else 0:
 * what the callers below run their per-text tests on.
 */
export function specialMask(col: TextColumn): Uint8Array {
  const m = new Uint8Array(dictSize(col));
  if (col.special) for (const k of col.special) m[k] = 1;
  else m.fill(1);
  return m;
}

export interface GridColumns {
  /** Grid rows (every column's `codes` has this length). */
  rows: number;
  columns: TextColumn[];
}

interface Backing {
  cols: GridColumns;
  /** True once `values` was built: the rows are then what the grid holds. */
  built: () => boolean;
}

const backing = new WeakMap<object, Backing>();

/** The value of column `c` at grid row `r`: its text, null for an empty field, undefined beyond the width. */
export function textAt(cols: GridColumns, r: number, c: number): CellValue | undefined {
  const col = cols.columns[c] as TextColumn | undefined;
  if (!col) return undefined;
  const k = col.codes[r];
  return k < 0 ? null : dictText(col, k);
}

/** Row `r` of a columnar grid as the row-major grid would hold it. */
export function rowOf(cols: GridColumns, r: number): CellValue[] {
  const out = new Array<CellValue>(cols.columns.length);
  for (let c = 0; c < cols.columns.length; c++) {
    const col = cols.columns[c];
    const k = col.codes[r];
    out[c] = k < 0 ? null : dictText(col, k);
  }
  return out;
}

/**
 * A CellGrid over columns: `values` (row-major, every row as wide as the widest) is built on first access and
 * kept. The grid is a plain object otherwise; spreading or cloning it copies the rows (and the copy is row-major).
 */
export function columnarGrid(base: Omit<CellGrid, 'values'>, cols: GridColumns): CellGrid {
  let rows: CellValue[][] | null = null;
  const grid = { ...base } as CellGrid;
  Object.defineProperty(grid, 'values', {
    enumerable: true,
    configurable: false,
    get(): CellValue[][] {
      if (!rows) {
        rows = new Array<CellValue[]>(cols.rows);
        for (let r = 0; r < cols.rows; r++) rows[r] = rowOf(cols, r);
      }
      return rows;
    },
  });
  backing.set(grid, { cols, built: () => rows !== null });
  return grid;
}

/** The columns behind a grid, while its rows have not been built; null for a row-major grid. */
export function gridColumns(grid: CellGrid): GridColumns | null {
  const b = backing.get(grid);
  return b && !b.built() ? b.cols : null;
}

/** Rows of a grid, without building a columnar grid's rows. */
export function gridRowCount(grid: CellGrid): number {
  const cols = gridColumns(grid);
  return cols ? cols.rows : grid.values.length;
}

/** Columns of a grid's first row (the width of a columnar grid), without building its rows. */
export function gridWidth(grid: CellGrid): number {
  const cols = gridColumns(grid);
  return cols ? (cols.rows > 0 ? cols.columns.length : 0) : (grid.values[0]?.length ?? 0);
}
