/**
 * The fast k-means and silhouette in src/stats/kmeans.ts against their plain definitions, to the last bit:
 * the expected values are computed here, the slow way (ml-kmeans 7 run to the end; the silhouette of every
 * sampled row from the distances to all other rows in row order, as Rousseeuw 1987 defines it).
 */
import { describe, expect, it } from 'vitest';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { chooseK, kmeansSeeded, meanSilhouette, meanSilhouettes, standardize } from '../../src/stats/kmeans.js';
import { mulberry32, sampleIndices } from '../../src/stats/random.js';

/** Rows of `d` skewed values in three loose groups, with ties (values rounded to whole numbers). */
function rows(n: number, d: number, seed: number): number[][] {
  const rng = mulberry32(seed);
  return standardize(
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: d }, () => (rng() < 0.1 ? Math.round(rng() * 3) : rng() * (1 + (i % 3)) ** 2)),
    ),
  ).data;
}

/** The silhouette by its definition: for each sampled row, its distances to every other row, in row order. */
function plainSilhouette(data: number[][], labels: number[], k: number, seed: number, sample: number): number {
  const idx = sampleIndices(data.length, sample, mulberry32(seed));
  const size = new Array<number>(k).fill(0);
  for (const l of labels) size[l]++;
  let total = 0;
  for (const i of idx) {
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < data.length; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < data[i].length; t++) s += (data[i][t] - data[j][t]) ** 2;
      sums[labels[j]] += Math.sqrt(s);
    }
    const own = labels[i];
    if (size[own] <= 1) continue;
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / idx.length;
}

describe('k-means and silhouette on flat arrays', () => {
  for (const d of [1, 2, 3, 4]) {
    it(`k-means gives ml-kmeans's labels, centres and iterations exactly (${d} features)`, () => {
      for (const k of [2, 3, 5, 8]) {
        const z = rows(1500, d, 10 + d);
        const ours = kmeansSeeded(z, k, 42);
        const ml = mlKmeans(z, k, { seed: 42, initialization: 'kmeans++', maxIterations: 100 });
        expect(ours.labels).toEqual(ml.clusters);
        expect(ours.centroids).toEqual(ml.centroids);
        expect(ours.iterations).toBe(ml.iterations);
      }
      // Stopped early, and other seeds (other k-means++ draws).
      for (const [k, seed, maxIterations] of [
        [4, 1, 1],
        [3, 2, 3],
        [6, 123456, 100],
      ]) {
        const z = rows(800, d, 40 + d);
        const ours = kmeansSeeded(z, k, seed, maxIterations);
        const ml = mlKmeans(z, k, { seed, initialization: 'kmeans++', maxIterations });
        expect([ours.labels, ours.centroids, ours.iterations]).toEqual([ml.clusters, ml.centroids, ml.iterations]);
      }
    });
    it(`silhouette equals the plain definition to the last bit (${d} features, all rows and a sample)`, () => {
      const z = rows(1203, d, 20 + d);
      for (const k of [2, 4, 7]) {
        const labels = kmeansSeeded(z, k, 7).labels;
        for (const sample of [2000, 301]) {
          expect(meanSilhouette(z, labels, k, 7, sample)).toBe(plainSilhouette(z, labels, k, 7, sample));
        }
      }
    });
  }
  for (const d of [3, 2]) {
    it(`choosing k: every candidate's silhouette is the plain definition's for its fit (${d} features)`, () => {
      const z = rows(900, d, 30 + d);
      const choice = chooseK(z, 2, 8, 42)!;
      expect(choice.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      for (const c of choice.candidates)
        expect(c.silhouette).toBe(plainSilhouette(z, kmeansSeeded(z, c.k, 42).labels, c.k, 42, 2000));
      // A sample smaller than the rows, and a labelling with one cluster (null), among others.
      const fits = [3, 5].map((k) => kmeansSeeded(z, k, 42));
      const one = z.map(() => 0);
      expect(meanSilhouettes(z, [fits[0].labels, one, fits[1].labels], [3, 1, 5], 42, 333)).toEqual([
        plainSilhouette(z, fits[0].labels, 3, 42, 333),
        null,
        plainSilhouette(z, fits[1].labels, 5, 42, 333),
      ]);
    });
  }
  it('a cluster of one row counts 0 and an empty cluster is left out, as in the definition', () => {
    const z = rows(40, 3, 5);
    const labels = z.map((_, i) => (i === 0 ? 2 : i % 2)); // cluster 3 of k = 4 stays empty
    expect(meanSilhouette(z, labels, 4, 1)).toBe(plainSilhouette(z, labels, 4, 1, 2000));
  });
});
