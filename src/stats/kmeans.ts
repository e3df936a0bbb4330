/**
 * k-means clustering for customer features: z-score standardisation, seeded k-means++ (the starts and steps
 * of ml-kmeans 7, to the last bit, on flat typed arrays), silhouette scores (exact, on a seeded sample of rows),
 * and choice of k by the largest mean silhouette.
 *
 * Empty-cluster rule (ml-kmeans 7): a centre that loses all its points keeps its previous position,
 * so k never silently drops; clusters that end empty are reported with size 0.
 */
import { Random } from 'ml-random';
import { mulberry32, sampleIndices } from './random.js';
import { distanceSums3 } from './distance-sums-simd.js';

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
  return standardizeColumns(
    Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, (_, i) => rows[i][j])),
    n,
  );
}

/**
 * `standardize` of the rows whose column j is `cols[j]` (n values each), without the rows: each column's mean
 * and sum of squares add the same terms in the same row order, so the z-scores are the same to the last bit
 * (the clusters' features are columns; on 1,000,000 customers the rows in between were a million arrays).
 */
export function standardizeColumns(cols: readonly ArrayLike<number>[], n: number): Standardized {
  const d = cols.length;
  const means = new Array<number>(d).fill(0);
  const sds = new Array<number>(d).fill(0);
  for (let j = 0; j < d; j++) {
    const c = cols[j];
    let m = 0;
    for (let i = 0; i < n; i++) m += c[i] / n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (c[i] - m) ** 2;
    means[j] = m;
    sds[j] = s;
  }
  for (let j = 0; j < d; j++) {
    const s = n > 1 ? Math.sqrt(sds[j] / (n - 1)) : 0;
    sds[j] = s > 0 ? s : 1;
  }
  const data = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(d);
    for (let j = 0; j < d; j++) r[j] = (cols[j][i] - means[j]) / sds[j];
    data[i] = r;
  }
  return { data, means, sds };
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

/** Rows of `d` values in one flat array, row after row. */
function flatten(data: readonly (readonly number[])[], d: number): Float64Array {
  const flat = new Float64Array(data.length * d);
  for (let j = 0; j < data.length; j++) flat.set(data[j], j * d);
  return flat;
}

/** The nearest centre of each row of three values, as the general loop in `kmeansSeeded` finds it. */
function nearestCentres3(flat: Float64Array, centres: Float64Array, k: number, labels: Int32Array): void {
  for (let i = 0, o = 0; i < labels.length; i++, o += 3) {
    const x0 = flat[o],
      x1 = flat[o + 1],
      x2 = flat[o + 2];
    let best = -1;
    let min = Number.MAX_VALUE;
    for (let c = 0, q = 0; c < k; c++, q += 3) {
      const e0 = x0 - centres[q],
        e1 = x1 - centres[q + 1],
        e2 = x2 - centres[q + 2];
      const s = e0 * e0 + e1 * e1 + e2 * e2;
      if (s < min) {
        min = s;
        best = c;
      }
    }
    labels[i] = best;
  }
}

/**
 * k-means++ starts (Arthur & Vassilvitskii 2007, with scikit-learn's greedy local trials) exactly as ml-kmeans 7
 * picks them for a seed: ml-random's seeded generator, the first centre `randInt(n)`, then per centre
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ the squared distance to the nearest centre so far (cumulative
 * sums in row order), keeping the candidate whose new total (summed in row order) is smallest, first on ties.
 * Same arithmetic in the same order on flat arrays, without ml-matrix's arrays per row. Centres as flat rows.
 */
function kmeansPlusPlus(flat: Float64Array, n: number, d: number, k: number, seed: number): Float64Array {
  const random = new Random(seed);
  const centres = new Float64Array(k * d);
  const sqTo = (row: number, out: Float64Array) => {
    const x = row * d;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const e = flat[x + t] - flat[o + t];
        s += e * e;
      }
      out[i] = s;
    }
  };
  const first = random.randInt(n);
  centres.set(flat.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  sqTo(first, closest);
  const trials = 2 + Math.floor(Math.log(k));
  const cum = new Float64Array(n);
  const dist = new Float64Array(n);
  let next = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    // probabilities = closest × (1 / Σ closest), their running sums as ml-random's choice takes them.
    let total = closest[0];
    for (let i = 1; i < n; i++) total += closest[i];
    const scale = 1 / total;
    cum[0] = closest[0] * scale;
    for (let i = 1; i < n; i++) cum[i] = cum[i - 1] + closest[i] * scale;
    if (Math.abs(1 - cum[n - 1]) > 0.00000001)
      throw new Error(`probabilities should sum to 1, but instead sums to ${cum[n - 1]}`);
    const candidates: number[] = [];
    for (let j = 0; j < trials; j++) {
      const r = random.random();
      let idx = 0;
      // A draw above the last running sum (rounding can leave it just below 1) takes the last row, where
      // ml-random would run past the end.
      while (idx < n - 1 && r > cum[idx]) idx++;
      candidates.push(idx);
    }
    let bestCandidate = -1;
    let bestPot = Infinity;
    for (const cand of candidates) {
      sqTo(cand, dist);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i], dist[i]);
        next[i] = v;
        pot += v;
      }
      if (pot < bestPot) {
        bestCandidate = cand;
        bestPot = pot;
        [best, next] = [next, best];
      }
    }
    if (bestCandidate < 0) throw new Error('k-means++: no candidate centre has a finite distance total');
    centres.set(flat.subarray(bestCandidate * d, bestCandidate * d + d), c * d);
    [closest, best] = [best, closest];
  }
  return centres;
}

/**
 * k-means with seeded k-means++ starts (as ml-kmeans 7 picks them), at most `maxIterations` (default 100)
 * Lloyd steps. Same data, k and seed → the same labels. Requires 1 ≤ k ≤ rows.
 *
 * Starts and steps run on one flat `Float64Array` with ml-kmeans's arithmetic step for step (squared distances
 * summed dimension by dimension, the nearest centre by strict `<` from Number.MAX_VALUE, centre sums in row
 * order then divided, an empty centre kept, converged when no centre moved more than 1e-6 squared), so labels,
 * centres and the iteration count are the ones ml-kmeans gives, to the last bit (tests/stats/kmeans-exact.test.ts
 * holds it to ml-kmeans), without its arrays per row and per step.
 */
export function kmeansSeeded(data: number[][], k: number, seed: number, maxIterations = 100): KMeansFit {
  const n = data.length;
  const d = n > 0 ? data[0].length : 0;
  if (!(k >= 1 && k <= n && Number.isInteger(k)))
    throw new Error(`k-means: k must be between 1 and the number of rows (${n}); it is ${k}.`);
  const flat = flatten(data, d);
  let centres = kmeansPlusPlus(flat, n, d, k, seed);
  const labels = new Int32Array(n);
  let converged = false;
  let iterations = 0;
  // ml-kmeans takes at least one step (its maxIterations 0 means "until converged").
  const limit = maxIterations === 0 ? Number.MAX_VALUE : maxIterations;
  {
    const count = new Float64Array(k);
    while (!converged && iterations < limit) {
      iterations++;
      if (d === 3) nearestCentres3(flat, centres, k, labels);
      else
        for (let i = 0, o = 0; i < n; i++, o += d) {
          let best = -1;
          let min = Number.MAX_VALUE;
          for (let c = 0, q = 0; c < k; c++, q += d) {
            let s = 0;
            for (let t = 0; t < d; t++) {
              const e = flat[o + t] - centres[q + t];
              s += e * e;
            }
            if (s < min) {
              min = s;
              best = c;
            }
          }
          labels[i] = best;
        }
      const next = new Float64Array(k * d);
      count.fill(0);
      // Centre sums in row order; three dimensions (the default features) unrolled: the same adds, a quarter less time.
      if (d === 3)
        for (let i = 0, o = 0; i < n; i++, o += 3) {
          const l = labels[i],
            q = l * 3;
          count[l]++;
          next[q] += flat[o];
          next[q + 1] += flat[o + 1];
          next[q + 2] += flat[o + 2];
        }
      else
        for (let i = 0, o = 0; i < n; i++, o += d) {
          const q = labels[i] * d;
          count[labels[i]]++;
          for (let t = 0; t < d; t++) next[q + t] += flat[o + t];
        }
      for (let c = 0, q = 0; c < k; c++, q += d)
        for (let t = 0; t < d; t++) next[q + t] = count[c] ? next[q + t] / count[c] : centres[q + t];
      converged = true;
      for (let c = 0, q = 0; c < k && converged; c++, q += d) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const e = next[q + t] - centres[q + t];
          s += e * e;
        }
        if (s > 1e-6) converged = false;
      }
      centres = next;
    }
  }
  const centroids = Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * d, c * d + d)));
  const sizes = new Array<number>(k).fill(0);
  let wss = 0;
  for (let i = 0; i < n; i++) {
    sizes[labels[i]]++;
    wss += sq(data[i], centroids[labels[i]]);
  }
  return { k, seed, labels: Array.from(labels), centroids, sizes, wss, iterations };
}

/**
 * Sums of the Euclidean distances from sample rows `r0`..`r3` (row numbers in `flat`, n rows of `d` values;
 * fewer rows: −1) to the rows `from`..`to` − 1, into `out[0..3]`. Each distance adds the squares dimension by
 * dimension from 0 (as `sq` does) and each sum runs over the rows in order. Four sums at a time: they do not
 * wait on each other, and each row of the range is read once for the four; three dimensions (the default
 * features) are unrolled.
 */
function rangeSums(
  flat: Float64Array,
  d: number,
  from: number,
  to: number,
  r0: number,
  r1: number,
  r2: number,
  r3: number,
  out: Float64Array,
): void {
  if (d === 3) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    // A missing sample row reads row 0; its sum is not used.
    const a = Math.max(r0, 0) * 3,
      b = Math.max(r1, 0) * 3,
      c = Math.max(r2, 0) * 3,
      e = Math.max(r3, 0) * 3;
    const a0 = flat[a],
      a1 = flat[a + 1],
      a2 = flat[a + 2];
    const b0 = flat[b],
      b1 = flat[b + 1],
      b2 = flat[b + 2];
    const c0 = flat[c],
      c1 = flat[c + 1],
      c2 = flat[c + 2];
    const e0 = flat[e],
      e1 = flat[e + 1],
      e2 = flat[e + 2];
    for (let o = from * 3, end = to * 3; o < end; o += 3) {
      const f0 = flat[o],
        f1 = flat[o + 1],
        f2 = flat[o + 2];
      const x0 = a0 - f0,
        x1 = a1 - f1,
        x2 = a2 - f2;
      const y0 = b0 - f0,
        y1 = b1 - f1,
        y2 = b2 - f2;
      const z0 = c0 - f0,
        z1 = c1 - f1,
        z2 = c2 - f2;
      const w0 = e0 - f0,
        w1 = e1 - f1,
        w2 = e2 - f2;
      s0 += Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2);
      s1 += Math.sqrt(y0 * y0 + y1 * y1 + y2 * y2);
      s2 += Math.sqrt(z0 * z0 + z1 * z1 + z2 * z2);
      s3 += Math.sqrt(w0 * w0 + w1 * w1 + w2 * w2);
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
    return;
  }
  const rows = [r0, r1, r2, r3];
  for (let q = 0; q < 4; q++) {
    const r = rows[q];
    let sum = 0;
    if (r >= 0) {
      const x = r * d;
      for (let o = from * d, end = to * d; o < end; o += d) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const e = flat[x + t] - flat[o + t];
          s += e * e;
        }
        sum += Math.sqrt(s);
      }
    }
    out[q] = sum;
  }
}

/**
 * The silhouette width of a row in cluster `own` from its sums of distances to each cluster's rows (its own
 * included, the distance to itself being 0); null for a row alone in its cluster (it counts 0).
 */
function silhouetteOf(own: number, s: ArrayLike<number>, size: ArrayLike<number>, k: number): number | null {
  if (size[own] <= 1) return null;
  const a = s[own] / (size[own] - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, s[c] / size[c]);
  const m = Math.max(a, b);
  return m > 0 ? (b - a) / m : 0;
}

/**
 * Mean silhouette width (Rousseeuw 1987) of a labelling, on at most `sample` rows chosen with a seeded
 * RNG (default 2,000) to keep it O(sample × n). Returns null when fewer than 2 clusters are non-empty.
 *
 * Computed exactly, and to the last bit as the plain definition summed in row order: the rows are copied
 * into one flat array grouped by cluster, keeping row order within each cluster, so each per-cluster sum of
 * distances is one run over contiguous rows with its total in a register. A row's distance to itself
 * is +0, and adding +0 leaves a sum of non-negative distances unchanged, so it needs no test in the loop.
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
  const d = n > 0 ? data[0].length : 0;
  // Rows grouped by cluster (a stable counting sort); `at[i]` is row i's place in `flat`.
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c] + size[c];
  const fill = start.slice(0, k);
  // Three dimensions (the default features) go through WebAssembly SIMD when there is some: same sums, half the time.
  const simd = d === 3 ? distanceSums3() : null;
  const views = simd?.rows(n);
  const flat = views ? views.rows : new Float64Array(n * d);
  const at = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const p = fill[labels[j]]++;
    at[j] = p;
    flat.set(data[j], p * d);
  }
  let total = 0;
  const add = (i: number, s: Float64Array) => {
    const w = silhouetteOf(labels[i], s, size, k);
    if (w !== null) total += w;
  };
  if (simd && views) {
    // Eight sample rows at a time (a missing one reads row 0; its sums are not used), silhouettes in sample order.
    const sums8 = Array.from({ length: 8 }, () => new Float64Array(k));
    for (let q = 0; q < idx.length; q += 8) {
      for (let u = 0; u < 8; u++) simd.setSample(u, flat, q + u < idx.length ? at[idx[q + u]] * 3 : 0);
      for (let c = 0; c < k; c++) {
        simd.sums(start[c], start[c + 1]);
        for (let u = 0; u < 8; u++) sums8[u][c] = views.out[u];
      }
      for (let u = 0; u < 8 && q + u < idx.length; u++) add(idx[q + u], sums8[u]);
    }
    return total / idx.length;
  }
  const sums = Array.from({ length: 4 }, () => new Float64Array(k));
  const out = new Float64Array(4);
  for (let q = 0; q < idx.length; q += 4) {
    const r = [0, 1, 2, 3].map((u) => (q + u < idx.length ? at[idx[q + u]] : -1));
    for (let c = 0; c < k; c++) {
      rangeSums(flat, d, start[c], start[c + 1], r[0], r[1], r[2], r[3], out);
      for (let u = 0; u < 4; u++) sums[u][c] = out[u];
    }
    for (let u = 0; u < 4 && q + u < idx.length; u++) add(idx[q + u], sums[u]);
  }
  return total / idx.length;
}

export interface ChooseKResult {
  best: KMeansFit;
  /** Per candidate k: mean silhouette and WSS. */
  candidates: { k: number; silhouette: number | null; wss: number }[];
}

/** Euclidean distances from row `i` of `flat` (rows of `d` values) to every row, into `out`, as `rangeSums` takes them. */
function distancesFrom(flat: Float64Array, d: number, i: number, out: Float64Array): void {
  const n = out.length,
    x = i * d;
  if (d === 3) {
    const x0 = flat[x],
      x1 = flat[x + 1],
      x2 = flat[x + 2];
    for (let j = 0, o = 0; j < n; j++, o += 3) {
      const e0 = x0 - flat[o],
        e1 = x1 - flat[o + 1],
        e2 = x2 - flat[o + 2];
      out[j] = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2);
    }
    return;
  }
  for (let j = 0, o = 0; j < n; j++, o += d) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const e = flat[x + t] - flat[o + t];
      s += e * e;
    }
    out[j] = Math.sqrt(s);
  }
}

/**
 * The mean silhouettes of several labellings of the same rows, each exactly what `meanSilhouette` gives
 * (same seeded sample, same sums in the same order). The distances from four sample rows to every row are
 * taken once into `Float64Array`s and summed for every labelling, cluster by cluster over the rows grouped
 * by cluster in row order: choosing k among 7 labellings takes one square root per pair instead of seven.
 */
export function meanSilhouettes(
  data: number[][],
  labelings: readonly (readonly number[])[],
  ks: readonly number[],
  seed: number,
  sample = 2000,
): (number | null)[] {
  const n = data.length;
  const res: (number | null)[] = labelings.map((l) => (new Set(l).size < 2 || n < 3 ? null : 0));
  const live = res.flatMap((r, m) => (r === null ? [] : [m]));
  if (live.length === 0) return res;
  const d = data[0].length;
  const idx = sampleIndices(n, sample, mulberry32(seed));
  const flat = flatten(data, d);
  const groups = live.map((m) => {
    const k = ks[m],
      labels = labelings[m];
    const size = new Float64Array(k);
    for (let j = 0; j < n; j++) size[labels[j]]++;
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) start[c + 1] = start[c] + size[c];
    const fill = start.slice(0, k);
    const order = new Int32Array(n);
    for (let j = 0; j < n; j++) order[fill[labels[j]]++] = j;
    return { m, k, labels, size, start, order, sums: Array.from({ length: 4 }, () => new Float64Array(k)) };
  });
  const dist = Array.from({ length: 4 }, () => new Float64Array(n));
  const [d0, d1, d2, d3] = dist;
  const totals = new Float64Array(labelings.length);
  for (let q = 0; q < idx.length; q += 4) {
    const rows = Math.min(4, idx.length - q);
    for (let u = 0; u < rows; u++) distancesFrom(flat, d, idx[q + u], dist[u]);
    for (const g of groups) {
      const { order, start, sums } = g;
      for (let c = 0; c < g.k; c++) {
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let p = start[c], end = start[c + 1]; p < end; p++) {
          const j = order[p];
          s0 += d0[j];
          s1 += d1[j];
          s2 += d2[j];
          s3 += d3[j];
        }
        sums[0][c] = s0;
        sums[1][c] = s1;
        sums[2][c] = s2;
        sums[3][c] = s3;
      }
      for (let u = 0; u < rows; u++) {
        const w = silhouetteOf(g.labels[idx[q + u]], sums[u], g.size, g.k);
        if (w !== null) totals[g.m] += w;
      }
    }
  }
  for (const m of live) res[m] = totals[m] / idx.length;
  return res;
}

/** Fit k = kMin..kMax (capped at rows − 1) and keep the k with the largest mean silhouette (ties: smaller k). */
export function chooseK(data: number[][], kMin: number, kMax: number, seed: number): ChooseKResult | null {
  const hi = Math.min(kMax, data.length - 1);
  const fits: KMeansFit[] = [];
  for (let k = Math.max(2, kMin); k <= hi; k++) fits.push(kmeansSeeded(data, k, seed));
  const sil = meanSilhouettes(
    data,
    fits.map((f) => f.labels),
    fits.map((f) => f.k),
    seed,
  );
  let best: KMeansFit | null = null;
  let bestS = -Infinity;
  const candidates: ChooseKResult['candidates'] = [];
  fits.forEach((fit, m) => {
    const s = sil[m];
    candidates.push({ k: fit.k, silhouette: s, wss: fit.wss });
    if (s !== null && s > bestS + 1e-12) {
      bestS = s;
      best = fit;
    }
  });
  return best ? { best, candidates } : null;
}
