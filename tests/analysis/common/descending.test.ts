/**
 * `descendingOrder` against the plain code it replaces, written out here:
 * `indexes.sort((a, b) => v[b] − v[a] || (id[a] < id[b] ? −1 : 1))`, plus a small case by hand.
 */
import { describe, expect, it } from 'vitest';
import { descendingOrder, descendingOrderThen, orderOf } from '../../../src/analysis/common/descending.js';
import { RunMemo } from '../../../src/analysis/common/memo.js';
import { setIdRanks } from '../../../src/analysis/common/id-ranks.js';
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
  it('values a few ulps apart (below the key bits kept beside the index) and equal ones: the comparator decides', () => {
    // packedOrder keeps a key's bits but the lowest 13 here (5,000 indexes): these values share their kept bits.
    const rnd = mulberry32(21);
    const n = 5000;
    const ids = Array.from({ length: n }, (_, i) => `U${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}-${i}`);
    for (const base of [1, -1, 1e6, -3.5e-3]) {
      const v = Array.from({ length: n }, () => base + Math.floor(rnd() * 40) * Math.abs(base) * 2 ** -52);
      expect(new Set(v).size).toBeGreaterThan(30);
      expect(Array.from(descendingOrder(v, ids))).toEqual(plainOrder(v, ids));
    }
  });
  it('the same order by the radix sort of every bit (more customers than packedOrder packs) and by packedOrder', () => {
    const rnd = mulberry32(9);
    const n = 4000;
    const ids = Array.from({ length: n }, (_, i) => `K${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${i}`);
    const cents = Array.from({ length: n }, () => Math.round(rnd() * 500) / 100);
    const wide = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12)));
    const specials = Array.from({ length: n }, (_, i) => [0, -0, Infinity, -Infinity, 1.5, -2][i % 6]);
    for (const v of [cents, wide, specials]) {
      expect(Array.from(orderOf(v, ids, 0))).toEqual(plainOrder(v, ids));
      expect(Array.from(orderOf(v, ids))).toEqual(plainOrder(v, ids));
    }
    // Two keys: the comparator of CLV's order (clv.ts clvOrder), both paths.
    const then = Array.from({ length: n }, (_, i) => [0, 1.5, Infinity, 3][i % 4]);
    const plain2 = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => cents[b] - cents[a] || then[b] - then[a] || (ids[a] < ids[b] ? -1 : 1),
    );
    expect(Array.from(descendingOrderThen(cents, then, ids, 0)!)).toEqual(plain2);
    expect(Array.from(descendingOrderThen(cents, then, ids)!)).toEqual(plain2);
    expect(descendingOrderThen([1, NaN], [0, 0], ['a', 'b'])).toBeNull();
  });
  it('with a NaN, the sort decides as before', () => {
    const v = [3, NaN, 1, 3, 2],
      ids = ['a', 'b', 'c', 'd', 'e'];
    expect(Array.from(descendingOrder(v, ids))).toEqual(plainOrder(v, ids));
  });
  it('made once per run for equal values and ids (two summaries of the same customers); others get their own', () => {
    const memo = new RunMemo();
    const v = new Float64Array([1, 2, 3]);
    const first = descendingOrder(v, ['a', 'b', 'c'], memo);
    expect(Array.from(first)).toEqual([2, 1, 0]);
    // Other arrays with equal content: the same order, not made again.
    expect(descendingOrder(Float64Array.from([1, 2, 3]), ['a', 'b', 'c'], memo)).toBe(first);
    // Other ids or other values: made afresh. Ties [5, 5, 5] go by id: c, a, b → indexes 1, 2, 0.
    expect(Array.from(descendingOrder([5, 5, 5], ['b', 'c', 'a'], memo))).toEqual([2, 0, 1]);
    expect(Array.from(descendingOrder(v, ['x', 'y', 'z'], memo))).toEqual([2, 1, 0]);
    expect(descendingOrder(v, ['x', 'y', 'z'], memo)).not.toBe(first);
  });
  it('with the ids ranked (id-ranks.ts): the same orders, ties broken by the ranks', () => {
    // The expected orders are the plain comparator sorts over the ids as strings; the ranks are the ids' places in
    // JavaScript's string order, registered as a source would (a summary's ids ranked among more customers: gaps).
    const rnd = mulberry32(33);
    const n = 6000;
    const ids = Array.from({ length: n }, (_, i) => `R${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}-${i}`);
    const byId = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : 1));
    const rank = new Int32Array(n);
    byId.forEach((i, p) => (rank[i] = 3 * p + 1));
    setIdRanks(ids, { rank, size: 3 * n + 1 });
    const cents = Array.from({ length: n }, () => Math.round(rnd() * 3000) / 100);
    const ulps = Array.from({ length: n }, () => 7.5 + Math.floor(rnd() * 40) * 7.5 * 2 ** -52);
    const specials = Array.from({ length: n }, (_, i) => [0, -0, Infinity, -Infinity, 1.5, -2][i % 6]);
    const runs = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 3));
    for (const v of [cents, ulps, specials, runs]) {
      expect(Array.from(orderOf(v, ids))).toEqual(plainOrder(v, ids));
      expect(Array.from(orderOf(Float64Array.from(v), ids))).toEqual(plainOrder(v, ids));
    }
    const then = Array.from({ length: n }, (_, i) => [0, 1.5, Infinity, 3][i % 4]);
    for (const v of [cents, ulps, runs]) {
      const plain2 = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => v[b] - v[a] || then[b] - then[a] || (ids[a] < ids[b] ? -1 : 1),
      );
      expect(Array.from(descendingOrderThen(v, then, ids)!)).toEqual(plain2);
    }
    // Ranks that contradict the ids decide the ties: the path is taken (a check that the test sees it).
    const two = ['a', 'b'];
    setIdRanks(two, { rank: Int32Array.from([1, 0]), size: 2 });
    expect(Array.from(orderOf([5, 5], two))).toEqual([1, 0]);
  });
});
