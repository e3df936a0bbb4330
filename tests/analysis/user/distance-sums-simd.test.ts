/**
 * The WebAssembly SIMD distance sums behind the clusters' silhouette (src/stats/distance-sums-simd.ts) against a
 * plain scalar loop written here (the definition: s += √((e⁰·e⁰ + e¹·e¹) + e²·e²) over the rows in order), to the
 * last bit, and one sum by hand.
 */
import { describe, expect, it } from 'vitest';
import { distanceSums3 } from '../../../src/stats/distance-sums-simd.js';
import { mulberry32 } from '../../../src/stats/random.js';

function plainSum(rows: Float64Array, sample: number, from: number, to: number): number {
  let s = 0;
  for (let j = from; j < to; j++) {
    const e0 = rows[sample * 3] - rows[j * 3],
      e1 = rows[sample * 3 + 1] - rows[j * 3 + 1],
      e2 = rows[sample * 3 + 2] - rows[j * 3 + 2];
    s += Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2);
  }
  return s;
}

describe('distanceSums3', () => {
  const simd = distanceSums3();
  it('is available on Node (WebAssembly SIMD)', () => {
    expect(simd).not.toBeNull();
  });
  it('sums by hand: from (0, 0, 0) to (3, 4, 0) and (1, 2, 2) is 5 + 3', () => {
    const { rows, out } = simd!.rows(3);
    rows.set([0, 0, 0, 3, 4, 0, 1, 2, 2]);
    for (let u = 0; u < 8; u++) simd!.setSample(u, rows, 0);
    simd!.sums(1, 3);
    expect(Array.from(out)).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
    simd!.sums(2, 2); // an empty range sums to 0
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('equals the scalar loop to the last bit, eight different sample rows, memory grown past one page', () => {
    const n = 20_000; // 480 KB of rows: the memory grows from its first 64 KB page
    const { rows, out } = simd!.rows(n);
    const rnd = mulberry32(11);
    for (let i = 0; i < rows.length; i++) rows[i] = (rnd() - 0.5) * 7 + (i % 3 === 2 ? 1e-3 * i : 0);
    const samples = [0, 5, 19_999, 123, 4567, 8, 8, 15_000];
    samples.forEach((r, u) => {
      simd!.setSample(u, rows, r * 3);
    });
    for (const [from, to] of [
      [0, n],
      [100, 101],
      [7, 12_345],
    ]) {
      simd!.sums(from, to);
      samples.forEach((r, u) => {
        expect(out[u]).toBe(plainSum(rows, r, from, to));
      });
    }
  });
});
