/**
 * Customers ordered by a value, highest first, ties by id: the order of
 * `indexes.sort((a, b) => values[b] - values[a] || (ids[a] < ids[b] ? -1 : 1))`, which the RFM and clusters
 * sheets list customers in. With distinct ids and no NaN that comparator is a total order, so there is one
 * such order, found here by counting instead of comparing: the values sorted once as a Float64Array (native),
 * each customer's rank among the distinct values by binary search, a stable counting pass by rank, and only
 * customers with equal values compared by id. On 1,000,000 customers the merge sort with a comparator took
 * 0.64 s. Equal as the comparator sees them: equal values (−0 and +0 too; +∞ and +∞, whose difference is NaN,
 * fall to the ids as well). With a NaN the comparator is not an order: the sort itself decides, as before.
 */
import { memoized, type RunMemo } from './memo.js';

/** Indexes 0..n−1 by `values` descending, ties by `ids` ascending (see above). Read-only when memoized. */
export function descendingOrder(values: ArrayLike<number>, ids: readonly string[], memo?: RunMemo): Int32Array {
  // Owner: the values array; the ids are the same customers' (a summary's columns), named in the key's owner check.
  const hit = memoized(memo, values as object, 'descending-order', () => ({ ids, order: orderOf(values, ids) }));
  return hit.ids === ids ? hit.order : orderOf(values, ids);
}

function orderOf(values: ArrayLike<number>, ids: readonly string[]): Int32Array {
  const n = ids.length;
  const cmp = (a: number, b: number) => values[b] - values[a] || (ids[a] < ids[b] ? -1 : 1);
  for (let i = 0; i < n; i++)
    if (Number.isNaN(values[i])) return Int32Array.from(Array.from({ length: n }, (_, k) => k).sort(cmp));
  const sorted = Float64Array.from({ length: n }, (_, i) => values[i]).sort();
  // Distinct values, ascending (−0 and +0 are one: `!==` holds them equal).
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  // Rank 0 for the highest value: position among the distinct values, counted from the top.
  const rank = new Int32Array(n);
  const count = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0,
      hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const r = m - 1 - lo;
    rank[i] = r;
    count[r + 1]++;
  }
  for (let r = 0; r < m; r++) count[r + 1] += count[r];
  const order = new Int32Array(n);
  const at = count.slice(0, m);
  for (let i = 0; i < n; i++) order[at[rank[i]]++] = i;
  // Within a run of equal values, by id (distinct ids: a total order). Runs are short: insertion sort, else sort.
  const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : 1);
  for (let r = 0; r < m; r++) {
    const from = count[r],
      to = count[r + 1];
    if (to - from < 2) continue;
    if (to - from > 32) {
      order.subarray(from, to).sort(byId);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const x = order[i];
      let j = i;
      while (j > from && ids[x] < ids[order[j - 1]]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = x;
    }
  }
  return order;
}
