/**
 * Seeded pseudo-random numbers so every run with the same seed gives the same result
 * (k-means++ starts, sampling for silhouettes). Mulberry32: 32-bit state, period 2^32.
 */

/** A function returning uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32 generator seeded with an integer. Example: `mulberry32(42)()` → 0.6011037519201636.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct indices from 0..n−1 (all of them, in order, when k ≥ n), by a seeded partial shuffle. */
export function sampleIndices(n: number, k: number, rng: Rng): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort((x, y) => x - y);
}
