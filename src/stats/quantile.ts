/**
 * Sample quantiles, type 7 of Hyndman & Fan (R's default `quantile(x, p, type = 7)`,
 * Excel `PERCENTILE.INC(range, p)`): h = (n − 1)·p, linear interpolation between the
 * order statistics ⌊h⌋ and ⌈h⌉ (0-based).
 */

/**
 * Quantile of an ascending-sorted array (no NaN). Returns null for an empty array or p outside [0, 1].
 * Example: `quantileSorted([1, 2, 3, 4], 0.2)` → 1.6 (Excel `PERCENTILE.INC({1,2,3,4}, 0.2)` = 1.6).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  return quantileOfRanked(sorted.length, p, (k) => sorted[k]);
}

/**
 * `quantileSorted` of `n` values given by rank: `at(k)` is the k-th smallest (0-based, no NaN), read only at the two
 * ranks type 7 interpolates between. For values whose order is known already (indexes sorted by them), unsorted.
 * Example: `quantileOfRanked(4, 0.2, (k) => [4, 3, 2, 1][3 - k])` → 1.6.
 */
export function quantileOfRanked(n: number, p: number, at: (k: number) => number): number | null {
  if (n === 0 || !(p >= 0 && p <= 1)) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const x = at(lo);
  return x + (h - lo) * (at(hi) - x);
}

/**
 * Type-7 quantiles of unsorted values, ignoring null, NaN and ±Infinity.
 * Returns one value (or null when no finite value remains) per probability.
 * Example: `quantiles([4, 1, 3, 2], [0.2, 0.8])` → [1.6, 3.4].
 */
export function quantiles(values: ArrayLike<number | null>, ps: readonly number[]): (number | null)[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) finite.push(v);
  }
  const sorted = Float64Array.from(finite).sort();
  return ps.map((p) => quantileSorted(sorted, p));
}
