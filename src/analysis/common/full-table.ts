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
  /**
   * Column `key` of the rows without building them: `column(key)(i)` is `row(i)[key]`; undefined for a key the rows
   * do not have. Readers of millions of rows (the full-table files, the Customer facts sheet) use it when given.
   */
  column?(key: string): ((i: number) => CellValue) | undefined;
  /**
   * Each row's customer as a code into the run's customer list (the orders read's `customers`, shared by every
   * per-customer table of the run: the same array object), or undefined when the table cannot say. A reader
   * matching the customers of two tables with the same `ids` places rows by code, without a lookup by id string
   * (issue 14: ~1 µs each at millions of customers). `code(i)` is -1 where row `i`'s customer is not in `ids`.
   */
  customers?(): CustomerCodes | undefined;
  /**
   * The rows as a permutation of values kept in another order (the customer summary's): row `i` is `fields(key)` at
   * index `at(i)`. A reader of millions of rows reads the fields in index order (one pass along each array) and
   * places each value at its row, instead of reading every array at random (issue 14: 10,000,000 rows in the order of
   * their revenue were 3-4 times the reading in index order). Undefined when the table has no such form.
   */
  byIndex?(): IndexedRows;
}

/** Rows `i` = 0..n−1 of a table as values at index `at(i)` of its fields (`field(key)`: undefined for a key without one). */
export interface IndexedRows {
  at: (i: number) => number;
  field: (key: string) => ((index: number) => CellValue) | undefined;
}

/** Row `i`'s customer is `ids[code(i)]` (code -1: not in `ids`). */
export interface CustomerCodes {
  ids: readonly string[];
  code: (i: number) => number;
}

/**
 * The code in `all` of each of `ids` when `ids` lists some of `all` in `all`'s order (a customer summary lists the
 * customers it keeps in code order, in memory and in the database), else null. One walk along both lists: the
 * strings are mostly the same objects, so each comparison is a pointer's.
 * @example codesInOrder(['a', 'b', 'c'], ['a', 'c']) // Int32Array [0, 2]
 */
export function codesInOrder(all: readonly string[], ids: readonly string[]): Int32Array | null {
  const codes = new Int32Array(ids.length);
  let c = 0;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j];
    while (c < all.length && all[c] !== id) c++;
    if (c === all.length) return null;
    codes[j] = c++;
  }
  return codes;
}

/**
 * The FullTable of `rows` rows whose row `i` is `fields` (keys in order, each a value getter) at `at(i)`: rows and
 * columns come from the same getters, so they agree by construction.
 * @example fullTableOfFields(order.length, (k) => order[k], [['customer_id', (i) => ids[i]]])
 */
export function fullTableOfFields(
  rows: number,
  at: (k: number) => number,
  fields: readonly (readonly [string, (i: number) => CellValue])[],
  customers?: () => CustomerCodes | undefined,
): FullTable {
  const byKey = new Map(fields);
  return {
    rows,
    row: (k) => rowOfFields(fields, at(k)),
    column: (key) => {
      const get = byKey.get(key);
      return get && ((k: number) => get(at(k)));
    },
    customers: () => {
      const codes = customers?.();
      return codes && { ids: codes.ids, code: (k: number) => codes.code(at(k)) };
    },
    byIndex: () => ({ at, field: (key) => byKey.get(key) }),
  };
}

/** The row object of `fields` (keys in order) at `i`. */
export function rowOfFields(
  fields: readonly (readonly [string, (i: number) => CellValue])[],
  i: number,
): Record<string, CellValue> {
  const row: Record<string, CellValue> = {};
  for (const [key, get] of fields) row[key] = get(i);
  return row;
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
