/**
 * Two exact shortcuts of the per-customer analyses against the plain code they replace, written out here:
 * `descendingOrder` against `indexes.sort((a, b) => v[b] − v[a] || (id[a] < id[b] ? −1 : 1))`, and
 * `quantilesBySelection` against type-7 quantiles of the sorted values (`quantileSorted`), plus small cases by hand.
 */
import { describe, expect, it } from 'vitest';
import { descendingOrder } from '../../../src/analysis/common/descending.js';
import { RunMemo } from '../../../src/analysis/common/memo.js';
import { quantileSorted, quantilesBySelection } from '../../../src/stats/quantile.js';
import { mulberry32 } from '../../../src/stats/random.js';

const plainOrder = (v: ArrayLike<number>, ids: readonly string[]): number[] =>
  Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => v[b] - v[a] || (ids[a] < ids[b] ? -1 : 1));

describe('descendingOrder', () => {
  it('by hand: highest first, equal values by id', () => {
    // values 5, 7, 5, 1, 7 with ids e, d, c, b, a → 7 (a, then d), 5 (c, then e), 1 (b)
    expect(Array.from(descendingOrder([5, 7, 5, 1, 7], ['e', 'd', 'c', 'b', 'a']))).toEqual([4, 1, 2, 0, 3]);
  });
  it("equals the comparator sort's order: many ties, long runs of one value, −0 and +0, ±Infinity", () => {
    const rnd = mulberry32(3);
    const n = 5000;
    const ids = Array.from({ length: n }, (_, i) => `C${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}-${i}`);
    const cents = Array.from({ length: n }, () => Math.round(rnd() * 3000) / 100); // ~3,000 distinct values
    const runs = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 3)); // runs of 40+ equal values
    const specials = Array.from({ length: n }, (_, i) => [0, -0, Infinity, -Infinity, 1.5, -2][i % 6]);
    for (const v of [cents, runs, specials]) expect(Array.from(descendingOrder(v, ids))).toEqual(plainOrder(v, ids));
  });
  it('with a NaN, the sort decides as before', () => {
    const v = [3, NaN, 1, 3, 2],
      ids = ['a', 'b', 'c', 'd', 'e'];
    expect(Array.from(descendingOrder(v, ids))).toEqual(plainOrder(v, ids));
  });
  it('made once per run for the same values and ids; other ids get their own', () => {
    const memo = new RunMemo();
    const v = new Float64Array([1, 2, 3]);
    const first = descendingOrder(v, ['a', 'b', 'c'], memo);
    expect(descendingOrder(v, ['a', 'b', 'c'], memo)).not.toBe(first); // another ids array: not the memo's
    const ids = ['x', 'y', 'z'];
    const m2 = new RunMemo();
    expect(descendingOrder(v, ids, m2)).toBe(descendingOrder(v, ids, m2));
    expect(Array.from(descendingOrder(v, ids, m2))).toEqual([2, 1, 0]);
  });
});

describe('quantilesBySelection', () => {
  it('by hand: [4, 1, 3, 2] at 0.2 and 0.8 is 1.6 and 3.4 (Excel PERCENTILE.INC)', () => {
    const [q20, q80] = quantilesBySelection([4, 1, 3, 2], [0.2, 0.8]);
    expect(q20).toBeCloseTo(1.6, 12);
    expect(q80).toBeCloseTo(3.4, 12);
    expect(quantilesBySelection([], [0.5])).toEqual([null]);
    expect(quantilesBySelection([1, 2], [-0.1, 1.1])).toEqual([null, null]);
  });
  it('equals quantileSorted on the sorted values: continuous, heavily tied and sorted inputs', () => {
    const rnd = mulberry32(9);
    const ps = [0.2, 0.4, 0.6, 0.8, 0, 1, 0.5];
    const inputs = [
      Array.from({ length: 20_001 }, () => rnd() * 1000 - 100),
      Array.from({ length: 30_000 }, () => Math.floor(rnd() * rnd() * 12)), // order counts: mostly 0..3
      Array.from({ length: 10_000 }, (_, i) => i), // already sorted
      Array.from({ length: 10_000 }, (_, i) => 10_000 - i), // reversed
      Array.from({ length: 7 }, () => 5), // one value
    ];
    for (const v of inputs) {
      const sorted = Float64Array.from(v).sort();
      expect(quantilesBySelection(v, ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
    }
  });
});
