import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, lbeta, lgamma, trigamma } from '../../src/stats/special.js';
import { quantileOfRanked, quantileSorted, quantiles } from '../../src/stats/quantile.js';
import { mulberry32, sampleIndices } from '../../src/stats/random.js';
import { invert, nelderMead, newtonPolish, numericalHessian } from '../../src/stats/optimize.js';
import { chooseK, kmeansSeeded, meanSilhouette, standardize } from '../../src/stats/kmeans.js';

describe('special functions', () => {
  it('lgamma matches factorials and Γ(1/2) = √π (by hand)', () => {
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lgamma(171)).toBeCloseTo(706.5730622457874, 9); // R: lgamma(171)
    expect(lgamma(1e-3)).toBeCloseTo(6.907178885383854, 10); // R: lgamma(0.001)
    expect(Number.isNaN(lgamma(0))).toBe(true);
  });
  it('lbeta(2,3) = ln(1/12) (by hand)', () => {
    expect(lbeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
  });
  it('hyp2f1 closed forms: 2F1(1,1;2;z) = −ln(1−z)/z', () => {
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.log(2), 12);
    expect(hyp2f1(1, 1, 2, 0.9)).toBeCloseTo(-Math.log(0.1) / 0.9, 10);
    expect(Number.isNaN(hyp2f1(1, 1, 2, 1))).toBe(true);
  });
});

describe('trigamma', () => {
  it('ψ′(1) = π²/6, ψ′(1/2) = π²/2 and ψ′(x) − ψ′(x + 1) = 1/x² (Abramowitz & Stegun 6.4.2, 6.4.4, 6.4.6)', () => {
    expect(trigamma(1) / (Math.PI ** 2 / 6)).toBeCloseTo(1, 13);
    expect(trigamma(0.5) / (Math.PI ** 2 / 2)).toBeCloseTo(1, 13);
    for (const x of [0.2, 3.7, 9.5, 12, 80]) expect((trigamma(x) - trigamma(x + 1)) * x * x).toBeCloseTo(1, 11);
    // The derivative of digamma, by central differences (computed numerically) on both sides of the series' switch at 10.
    for (const x of [0.7, 9.99, 10.01, 40]) {
      const h = 1e-4 * x;
      expect(trigamma(x) / ((digamma(x + h) - digamma(x - h)) / (2 * h))).toBeCloseTo(1, 7);
    }
    expect(trigamma(0)).toBeNaN();
  });
});

describe('quantile type 7 (Excel PERCENTILE.INC)', () => {
  it('interpolates like PERCENTILE.INC', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.2)).toBeCloseTo(1.6, 12); // PERCENTILE.INC({1,2,3,4},0.2)
    const q = quantiles([4, 1, null, 3, Number.NaN, 2], [0.2, 0.8]);
    expect(q[0]).toBeCloseTo(1.6, 12); // PERCENTILE.INC({1,2,3,4},0.2)
    expect(q[1]).toBeCloseTo(3.4, 12); // PERCENTILE.INC({1,2,3,4},0.8)
    expect(quantileSorted([7], 0.5)).toBe(7);
    // The values by rank, read from a descending list: the same PERCENTILE.INC({1,2,3,4},0.2), reading ranks 0 and 1 only.
    const read: number[] = [];
    const byRank = (k: number) => (read.push(k), [4, 3, 2, 1][3 - k]);
    expect(quantileOfRanked(4, 0.2, byRank)).toBeCloseTo(1.6, 12);
    expect([...new Set(read)].sort()).toEqual([0, 1]);
    expect(quantileOfRanked(0, 0.5, byRank)).toBeNull();
  });
  it('empty input and bad p give null', () => {
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(quantileSorted([1, 2], 1.5)).toBeNull();
    expect(quantiles([null, Number.NaN], [0.5])).toEqual([null]);
  });
});

describe('random', () => {
  it('mulberry32 is deterministic per seed and in [0,1)', () => {
    const a = mulberry32(42),
      b = mulberry32(42),
      c = mulberry32(43);
    const xa = [a(), a(), a()],
      xb = [b(), b(), b()];
    expect(xa).toEqual(xb);
    expect(c()).not.toBe(xa[0]);
    for (const v of xa) expect(v >= 0 && v < 1).toBe(true);
  });
  it('sampleIndices returns k distinct sorted indices', () => {
    const s = sampleIndices(100, 10, mulberry32(1));
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((x, y) => x - y)).toEqual(s);
    expect(sampleIndices(3, 10, mulberry32(1))).toEqual([0, 1, 2]);
  });
});

describe('optimize', () => {
  const rosen = (x: number[]) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
  it('Nelder–Mead then Newton finds the Rosenbrock minimum (1, 1) (by hand)', () => {
    const nm = nelderMead(rosen, [-1.2, 1], { maxIterations: 2000 });
    const p = newtonPolish(rosen, nm.x);
    expect(p.x[0]).toBeCloseTo(1, 6);
    expect(p.x[1]).toBeCloseTo(1, 6);
  });
  it('respects the iteration cap', () => {
    const nm = nelderMead(rosen, [-1.2, 1], { maxIterations: 5 });
    expect(nm.iterations).toBe(5);
    expect(nm.converged).toBe(false);
  });
  it('Hessian of a quadratic and its inverse (by hand)', () => {
    const H = numericalHessian((x) => 2 * x[0] ** 2 + x[0] * x[1] + 3 * x[1] ** 2, [0.3, -0.2]);
    expect(H[0][0]).toBeCloseTo(4, 4);
    expect(H[0][1]).toBeCloseTo(1, 4);
    expect(H[1][1]).toBeCloseTo(6, 4);
    const inv = invert([
      [4, 1],
      [1, 6],
    ])!;
    expect(inv[0][0]).toBeCloseTo(6 / 23, 12);
    expect(inv[0][1]).toBeCloseTo(-1 / 23, 12);
    expect(
      invert([
        [1, 2],
        [2, 4],
      ]),
    ).toBeNull();
  });
});

describe('k-means', () => {
  const pts = [
    [0, 0],
    [0, 1],
    [1, 0],
    [10, 10],
    [10, 11],
    [11, 10],
    [20, 0],
    [21, 0],
    [20, 1],
  ];
  it('standardize uses STDEV.S and leaves constant columns at 0', () => {
    const s = standardize([
      [1, 5],
      [2, 5],
      [3, 5],
    ]);
    expect(s.sds[0]).toBeCloseTo(1, 12); // STDEV.S(1,2,3) = 1
    expect(s.data.map((r) => r[1])).toEqual([0, 0, 0]);
  });
  it('is deterministic for a seed and finds the three obvious groups', () => {
    const a = kmeansSeeded(pts, 3, 7),
      b = kmeansSeeded(pts, 3, 7);
    expect(a.labels).toEqual(b.labels);
    expect(new Set(a.labels.slice(0, 3)).size).toBe(1);
    expect(a.sizes.sort()).toEqual([3, 3, 3]);
    const choice = chooseK(pts, 2, 8, 7)!;
    expect(choice.best.k).toBe(3);
    expect(choice.candidates.at(-1)!.k).toBe(8);
  });
  it('silhouette of one cluster is null', () => {
    expect(
      meanSilhouette(
        pts,
        pts.map(() => 0),
        1,
        1,
      ),
    ).toBeNull();
  });
});

describe('BFGS where the value is rounding noise', () => {
  it('steps on the gradient once f no longer resolves the decrease (by hand: minimum at (0, 0.3, 0.6))', async () => {
    const { bfgs } = await import('../../src/stats/optimize.js');
    // A quadratic around 1e6 whose value carries up to 1e-8 of deterministic noise, as a likelihood summed over many
    // rows does; the gradient is exact. The Armijo search alone ends 4e-10 from the minimum (it cannot see past the
    // noise); with the gradient as the measure near the end, 1e-12.
    const h = [3e5, 2e4, 7e3];
    const fg = (x: number[]): [number, number[]] => {
      const s = x.reduce((acc, v) => acc * 31 + Math.round(v * 1e12), 7);
      const noise = (1e-8 * (((s % 1000) + 1000) % 1000)) / 1000;
      const f = 1e6 + 0.5 * x.reduce((acc, v, i) => acc + h[i] * (v - 0.3 * i) ** 2, 0) + noise;
      return [f, x.map((v, i) => h[i] * (v - 0.3 * i))];
    };
    const r = bfgs(fg, [1, 1, 1], { gradientTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.x[i] - 0.3 * i)).toBeLessThan(1e-12);
  });
});

describe('digamma and BFGS', () => {
  it('digamma(1) = −γ and ψ(x + 1) = ψ(x) + 1/x (Abramowitz & Stegun 6.3.2, 6.3.5)', async () => {
    const { digamma } = await import('../../src/stats/special.js');
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.3 + 1) - digamma(0.3)).toBeCloseTo(1 / 0.3, 12);
    expect(digamma(50)).toBeCloseTo(3.9019896734278925, 12); // R: digamma(50)
  });
  it('BFGS minimises Rosenbrock with its gradient (by hand: minimum at (1, 1))', async () => {
    const { bfgs, hessianFromGradient } = await import('../../src/stats/optimize.js');
    const fg = (x: number[]): [number, number[]] => [
      100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
      [-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)],
    ];
    const r = bfgs(fg, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    const H = hessianFromGradient((x) => fg(x)[1], [1, 1]);
    expect(H[0][0]).toBeCloseTo(802, 3); // analytic Hessian at (1,1): [[802, −400], [−400, 200]]
    expect(H[0][1]).toBeCloseTo(-400, 3);
  });
});
