/**
 * Where a list of customer ids stands in the ids' order, when something already knows it: the analyses that list
 * customers by a value, ties by id (descending.ts), then break their ties by comparing two integers instead of two
 * strings. At 6.33M customers (the 20M-order file through DuckDB) comparing ids as strings was about 4 of RFM's 7.4
 * CPU s of ordering on a busy machine. A source that sorts the ids anyway, or cheaply (DuckDB: src/source/duckdb/orders.ts
 * customerIds), registers them here; without ranks the analyses compare the ids themselves, as before.
 */

/**
 * `rank[i]` of `ids[i]`: distinct integers in 0 … `size` − 1, in the order of the ids as JavaScript compares strings
 * (`ids[i] < ids[j]` exactly when `rank[i] < rank[j]`). Not necessarily 0 … n − 1: the ids of a summary are some of
 * the customers, ranked among all of them.
 */
export interface IdRanks {
  rank: Int32Array;
  size: number;
}

const RANKS = new WeakMap<readonly string[], IdRanks>();

/** Registers `ranks` for `ids` (the same array object is looked up later); nothing is checked but the lengths. */
export function setIdRanks(ids: readonly string[], ranks: IdRanks): void {
  if (ranks.rank.length === ids.length) RANKS.set(ids, ranks);
}

/** The ranks registered for `ids`, if any. */
export function idRanks(ids: readonly string[]): IdRanks | undefined {
  return RANKS.get(ids);
}
