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
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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

/**
 * Type-7 quantiles of values with no NaN, each as `quantileSorted` gives it on the sorted values, without sorting
 * them: the two order statistics a quantile needs are found by selection (three-way quickselect, O(n) each; the
 * RFM bin edges of 1,000,000 customers sorted three copies of a million values). The same order statistics give
 * the same arithmetic, so the results are equal, up to the sign of a zero (selection holds −0 and +0 equal where
 * the sort puts −0 first). Null for no values or p outside [0, 1].
 * Example: `quantilesBySelection([4, 1, 3, 2], [0.2, 0.8])` → [1.6, 3.4].
 */
export function quantilesBySelection(values: ArrayLike<number>, ps: readonly number[]): (number | null)[] {
  const n = values.length;
  if (n === 0) return ps.map(() => null);
  const wanted = new Set<number>();
  for (const p of ps) {
    if (!(p >= 0 && p <= 1)) continue;
    const lo = Math.floor((n - 1) * p);
    wanted.add(lo);
    wanted.add(Math.min(lo + 1, n - 1));
  }
  const a = Float64Array.from({ length: n }, (_, i) => values[i]);
  const at = new Map<number, number>();
  let from = 0;
  for (const r of [...wanted].sort((x, y) => x - y)) {
    // Everything before `from` is at most a[from] already: the next rank is searched for after it.
    selectRank(a, from, n - 1, r);
    at.set(r, a[r]);
    from = r;
  }
  return ps.map((p) => {
    if (!(p >= 0 && p <= 1)) return null;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    const vlo = at.get(lo)!,
      vhi = at.get(hi)!;
    return vlo + (h - lo) * (vhi - vlo);
  });
}

/**
 * Rearranges a[left..right] so that a[k] holds the value the ascending sort puts there, smaller-or-equal values
 * before it and greater-or-equal after (three-way partitions around a median of three: many equal values, as
 * recency days and order counts have, end in the middle part at once); a short or stubborn range is sorted.
 */
function selectRank(a: Float64Array, left: number, right: number, k: number): void {
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 8;
  while (right > left) {
    if (right - left < 16 || --budget < 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const x = a[left],
      y = a[(left + right) >>> 1],
      z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = left,
      i = left,
      gt = right;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    // [left, lt) < pivot, [lt, gt] = pivot, (gt, right] > pivot.
    if (k < lt) right = lt - 1;
    else if (k > gt) left = gt + 1;
    else return;
  }
}
