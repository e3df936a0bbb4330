/**
 * k-means clustering for customer features: z-score standardisation, seeded k-means++ (ml-kmeans),
 * silhouette scores, and choice of k by the largest mean silhouette.
 *
 * Empty-cluster rule (ml-kmeans 7): a centre that loses all its points keeps its previous position,
 * so k never silently drops; clusters that end empty are reported with size 0.
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { mulberry32, sampleIndices } from './random.js';

export interface Standardized {
  data: number[][];
  means: number[];
  /** Sample standard deviations (n − 1, Excel STDEV.S); a constant column gets 1 so it stays 0. */
  sds: number[];
}

/** z-scores per column: (x − mean) / STDEV.S. */
export function standardize(rows: readonly (readonly number[])[]): Standardized {
  const n = rows.length;
  const d = n > 0 ? rows[0].length : 0;
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) means[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < d; j++) sds[j] += (r[j] - means[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const s = n > 1 ? Math.sqrt(sds[j] / (n - 1)) : 0;
    sds[j] = s > 0 ? s : 1;
  }
  return { data: rows.map((r) => r.map((v, j) => (v - means[j]) / sds[j])), means, sds };
}

export interface KMeansFit {
  k: number;
  seed: number;
  /** Cluster index (0..k−1) of each row. */
  labels: number[];
  centroids: number[][];
  sizes: number[];
  /** Within-cluster sum of squares (the elbow criterion). */
  wss: number;
  iterations: number;
}

function sq(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/**
 * k-means with seeded k-means++ starts (ml-kmeans), at most `maxIterations` (default 100) Lloyd steps.
 * Same data, k and seed → the same labels. Requires 1 ≤ k ≤ rows.
 */
export function kmeansSeeded(data: number[][], k: number, seed: number, maxIterations = 100): KMeansFit {
  const res = mlKmeans(data, k, { seed, initialization: 'kmeans++', maxIterations });
  const sizes = new Array<number>(k).fill(0);
  let wss = 0;
  res.clusters.forEach((c, i) => {
    sizes[c]++;
    wss += sq(data[i], res.centroids[c]);
  });
  return {
    k,
    seed,
    labels: res.clusters.slice(),
    centroids: res.centroids.map((c) => c.slice()),
    sizes,
    wss,
    iterations: res.iterations,
  };
}

/**
 * Per cluster, the sums of the Euclidean distances from rows `i` and `i2` to every other row (`flat`: n rows
 * of `d` values), into `sa` and `sb` (`i2` < 0: only `i`). Squares are added dimension by dimension from 0, as
 * `sq` does, and each sum over the rows in row order. Two rows at a time: the two running sums do not wait
 * on each other, which makes the loop three times as fast; three dimensions (the default features) are
 * unrolled.
 */
function distanceSums(
  flat: Float64Array,
  d: number,
  labels: Int32Array,
  i: number,
  i2: number,
  sa: Float64Array,
  sb: Float64Array,
): void {
  sa.fill(0);
  sb.fill(0);
  const n = labels.length;
  if (d === 3 && i2 >= 0) {
    const x0 = flat[i * 3],
      x1 = flat[i * 3 + 1],
      x2 = flat[i * 3 + 2];
    const y0 = flat[i2 * 3],
      y1 = flat[i2 * 3 + 1],
      y2 = flat[i2 * 3 + 2];
    for (let j = 0, o = 0; j < n; j++, o += 3) {
      const f0 = flat[o],
        f1 = flat[o + 1],
        f2 = flat[o + 2],
        l = labels[j];
      const e0 = x0 - f0,
        e1 = x1 - f1,
        e2 = x2 - f2;
      const g0 = y0 - f0,
        g1 = y1 - f1,
        g2 = y2 - f2;
      if (j !== i) sa[l] += Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2);
      if (j !== i2) sb[l] += Math.sqrt(g0 * g0 + g1 * g1 + g2 * g2);
    }
    return;
  }
  for (const [row, sums] of i2 >= 0
    ? ([
        [i, sa],
        [i2, sb],
      ] as const)
    : ([[i, sa]] as const)) {
    const xi = flat.slice(row * d, row * d + d);
    for (let j = 0, o = 0; j < n; j++, o += d) {
      if (j === row) continue;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const e = xi[t] - flat[o + t];
        s += e * e;
      }
      sums[labels[j]] += Math.sqrt(s);
    }
  }
}

/**
 * Mean silhouette width (Rousseeuw 1987) of a labelling, on at most `sample` rows chosen with a seeded
 * RNG (default 2,000) to keep it O(sample × n). Returns null when fewer than 2 clusters are non-empty.
 */
export function meanSilhouette(
  data: number[][],
  labels: readonly number[],
  k: number,
  seed: number,
  sample = 2000,
): number | null {
  const n = data.length;
  const nonEmpty = new Set(labels).size;
  if (nonEmpty < 2 || n < 3) return null;
  const idx = sampleIndices(n, sample, mulberry32(seed));
  const size = new Array<number>(k).fill(0);
  for (const l of labels) size[l]++;
  // The rows in one flat typed array: the O(sample × n) distance loop reads it in order. The sums are taken
  // in the same order as row by row, so the result is the same to the last bit.
  const d = n > 0 ? data[0].length : 0;
  const flat = new Float64Array(n * d);
  for (let j = 0; j < n; j++) flat.set(data[j], j * d);
  const lab = Int32Array.from(labels);
  const sa = new Float64Array(k);
  const sb = new Float64Array(k);
  let total = 0;
  const add = (i: number, sums: Float64Array) => {
    const own = labels[i];
    if (size[own] <= 1) return; // silhouette 0 for singletons
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  };
  for (let q = 0; q < idx.length; q += 2) {
    const i2 = q + 1 < idx.length ? idx[q + 1] : -1;
    distanceSums(flat, d, lab, idx[q], i2, sa, sb);
    add(idx[q], sa);
    if (i2 >= 0) add(i2, sb);
  }
  return total / idx.length;
}

export interface ChooseKResult {
  best: KMeansFit;
  /** Per candidate k: mean silhouette and WSS. */
  candidates: { k: number; silhouette: number | null; wss: number }[];
}

/** Fit k = kMin..kMax (capped at rows − 1) and keep the k with the largest mean silhouette (ties: smaller k). */
export function chooseK(data: number[][], kMin: number, kMax: number, seed: number): ChooseKResult | null {
  const hi = Math.min(kMax, data.length - 1);
  let best: KMeansFit | null = null;
  let bestS = -Infinity;
  const candidates: ChooseKResult['candidates'] = [];
  for (let k = Math.max(2, kMin); k <= hi; k++) {
    const fit = kmeansSeeded(data, k, seed);
    const s = meanSilhouette(data, fit.labels, k, seed);
    candidates.push({ k, silhouette: s, wss: fit.wss });
    if (s !== null && s > bestS + 1e-12) {
      bestS = s;
      best = fit;
    }
  }
  return best ? { best, candidates } : null;
}
