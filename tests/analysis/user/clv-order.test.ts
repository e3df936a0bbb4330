/**
 * The CLV customers' order (`clvOrder`) against the comparator sort it replaced (the reference, written out here):
 * random CLVs with ties, nulls, ±0 and infinities, random expected purchases, distinct ids (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clvOrder } from '../../../src/analysis/user/clv.js';

const comparatorSort = (clv: readonly (number | null)[], purchases: ArrayLike<number>, ids: readonly string[]) =>
  Array.from({ length: ids.length }, (_, i) => i).sort(
    (a, b) => (clv[b] ?? -1) - (clv[a] ?? -1) || purchases[b] - purchases[a] || (ids[a] < ids[b] ? -1 : 1),
  );

describe('clvOrder', () => {
  const value = fc.constantFrom(null, 0, -0, -1, 1, 2.5, 100, Infinity, -Infinity, 1e-300);
  const count = fc.constantFrom(0, 0.5, 1, 1.5, 3, Infinity);

  it('is the comparator sort’s order on random customers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, count), { maxLength: 150 }),
        fc.uniqueArray(fc.string({ maxLength: 3 }), { minLength: 150, maxLength: 150 }),
        (rows, allIds) => {
          const clv = rows.map((r) => r[0]);
          const purchases = Float64Array.from(rows, (r) => r[1]);
          const ids = allIds.slice(0, rows.length);
          expect(clvOrder(clv, purchases, ids)).toEqual(comparatorSort(clv, purchases, ids));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('orders a hand-checked case, and falls back to the comparator sort with a NaN', () => {
    // CLV 5, null (−1), 5, 9: 9 first; the two 5s by purchases (2 before 1); null last.
    expect(clvOrder([5, null, 5, 9], Float64Array.from([1, 7, 2, 0]), ['a', 'b', 'c', 'd'])).toEqual([3, 2, 0, 1]);
    const clv = [1, NaN, 3],
      purchases = Float64Array.from([0, 0, 0]);
    expect(clvOrder(clv, purchases, ['x', 'y', 'z'])).toEqual(comparatorSort(clv, purchases, ['x', 'y', 'z']));
  });
});
