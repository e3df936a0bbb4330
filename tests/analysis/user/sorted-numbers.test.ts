/**
 * sortedNumbers: the counting sort of whole numbers against the plain typed-array sort (the simple path it replaces),
 * on values drawn with a fixed seed, and a few arrays written by hand.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/stats/random.js';
import { sortedNumbers } from '../../../src/analysis/user/orders.js';

describe('sortedNumbers', () => {
  it('sorts small arrays written by hand', () => {
    expect(Array.from(sortedNumbers([3, 1, 2, 1, -4]))).toEqual([-4, 1, 1, 2, 3]);
    expect(Array.from(sortedNumbers(new Int32Array([5, 5, 0])))).toEqual([0, 5, 5]);
    expect(Array.from(sortedNumbers([2.5, 1, 0.5]))).toEqual([0.5, 1, 2.5]); // not whole: the plain sort
    expect(Array.from(sortedNumbers([]))).toEqual([]);
  });

  it('gives what Float64Array.prototype.sort gives, whole numbers narrow and wide, and fractions', () => {
    const next = mulberry32(13);
    for (const [n, range, frac] of [
      [1000, 50, false],
      [1000, 3000, false],
      [500, 1e9, false], // wider than the counting bound: the plain sort
      [800, 100, true],
    ] as const) {
      const v = Array.from({ length: n }, () => {
        const x = Math.floor(next() * range) - Math.floor(range / 3);
        return frac ? x + next() : x;
      });
      expect(Array.from(sortedNumbers(v))).toEqual(Array.from(Float64Array.from(v).sort()));
    }
  });
});
