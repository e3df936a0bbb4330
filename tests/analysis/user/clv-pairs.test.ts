/**
 * CLV scoring per distinct (x, T) pair and the ₂F₁ series with its coefficients kept (issue 13): the same doubles as
 * the per-customer path they replace. The expected values are computed here the old way, customer by customer and term
 * by term (`hyp2f1`, `expectationNumerator`, `aliveDenominator`, `conditionalExpectedSpend` of the published formulas,
 * FHL 2005 eq. 10 and Fader & Hardie 2013), and compared bit for bit (`Object.is`): output bytes depend on them.
 */
import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, Hyp2f1Series, lbeta, lgamma } from '../../../src/stats/special.js';
import { mulberry32 } from '../../../src/stats/random.js';
import {
  aliveDenominator,
  bgnbdHessian,
  bgnbdValueGrad,
  type PreparedBgNbd,
  compress,
  distinctPairs,
  expectationNumerator,
  expectationNumeratorOf,
  fitBgNbd,
  prepareBgNbd,
  type BgNbdParams,
} from '../../../src/analysis/user/bg-nbd.js';
import { conditionalExpectedSpend, type GammaGammaParams } from '../../../src/analysis/user/gamma-gamma.js';
import { scoreClv, type ClvScores } from '../../../src/analysis/user/clv.js';
import { invert } from '../../../src/stats/optimize.js';
import { cdnowPublishedSummary } from './cdnow.js';

/** Customers with few distinct x and T, so that (x, T) pairs repeat with different t_x; x = 0 has t_x = 0. */
function customers(n: number, seed: number): { x: number[]; t_x: number[]; T: number[]; zbar: number[] } {
  const rnd = mulberry32(seed);
  const s = { x: [] as number[], t_x: [] as number[], T: [] as number[], zbar: [] as number[] };
  for (let i = 0; i < n; i++) {
    const x = Math.floor(rnd() * rnd() * 40);
    const T = (1 + Math.floor(rnd() * 60)) / 7;
    s.x.push(x);
    s.T.push(T);
    s.t_x.push(x > 0 ? Math.floor(rnd() * (T * 7 + 1)) / 7 : 0);
    s.zbar.push(x > 0 ? Math.round(rnd() * 20000) / 100 : 0);
  }
  return s;
}

/** scoreClv as it was before issue 13: one (x, T) at a time through `expectationNumerator`, then per customer. */
function scorePerCustomer(
  s: { x: number[]; t_x: number[]; T: number[]; zbar: number[] },
  bg: BgNbdParams,
  gg: GammaGammaParams | null,
  opts: { unitDays: number; horizonMonths: number; annualDiscountRate: number; margin: number },
): ClvScores {
  const H = Math.max(0, Math.round(opts.horizonMonths));
  const dm = Math.pow(1 + opts.annualDiscountRate, 1 / 12) - 1;
  const out: ClvScores = {
    pAlive: new Float64Array(s.x.length),
    purchases: new Float64Array(s.x.length),
    spend: [],
    clv: [],
  };
  s.x.forEach((x, i) => {
    let prev = 0,
      disc = 0;
    for (let m = 1; m <= H; m++) {
      const e = expectationNumerator(bg, (m * (365.25 / 12)) / opts.unitDays, x, s.T[i]);
      disc += (e - prev) / Math.pow(1 + dm, m);
      prev = e;
    }
    const den = aliveDenominator(bg, x, s.t_x[i], s.T[i]);
    out.pAlive[i] = 1 / den;
    out.purchases[i] = prev / den;
    const sp = gg ? conditionalExpectedSpend(gg, x, s.zbar[i]) : null;
    out.spend.push(sp);
    const d = disc / den;
    out.clv.push(sp === null || !Number.isFinite(d) ? null : d * sp * opts.margin);
  });
  return out;
}

/** Index of the first element where `a` and `b` differ as Object.is, or −1. */
function firstDifference(a: ArrayLike<number | null>, b: ArrayLike<number | null>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('Hyp2f1Series', () => {
  it('is hyp2f1 bit for bit at every z, in any order of calls, past its first 64 coefficients, NaN where it is', () => {
    const rnd = mulberry32(13);
    for (const [a, b, c] of [
      [1, 1, 2],
      [0.652, 29.43, 30.0],
      [3.25, 31.1, 33.4],
      [12.7, 41.2, 41.9],
    ]) {
      const f = new Hyp2f1Series(a, b, c);
      // z near 1 needs hundreds of terms, so the table grows more than once; smaller z after reuse it.
      for (const z of [0.1, 0.995, -0.7, 0.3, 0.97, ...Array.from({ length: 40 }, () => 2 * rnd() - 1)]) {
        expect(Object.is(f.at(z), hyp2f1(a, b, c, z))).toBe(true);
      }
      expect(f.at(1)).toBeNaN();
      expect(f.at(-1.5)).toBeNaN();
    }
    // Not converged within maxTerms: NaN as hyp2f1 (whose cap is the same argument).
    expect(hyp2f1(0.5, 40, 41, 0.999, 50)).toBeNaN();
    expect(new Hyp2f1Series(0.5, 40, 41, 50).at(0.999)).toBeNaN();
    expect(new Hyp2f1Series(1, 1, 2).at(0.5)).toBeCloseTo(2 * Math.log(2), 14); // by hand: −ln(1 − z)/z
  });
});

describe('expectationNumeratorOf and distinctPairs', () => {
  it('expectationNumeratorOf(p, x)(t, T) is expectationNumerator(p, t, x, T) bit for bit', () => {
    const p = { r: 0.652065, alpha: 1.825878, a: 1.553605, b: 29.428175 };
    for (const x of [0, 1, 7, 40]) {
      const e = expectationNumeratorOf(p, x);
      for (const T of [0, 0.5, 13.1428, 104.3]) {
        for (const t of [0, 4.348, 52.18, 300]) expect(Object.is(e(t, T), expectationNumerator(p, t, x, T))).toBe(true);
      }
    }
  });

  it('numbers (x, T) pairs in order of first appearance, as Map keys compare (−0 is 0)', () => {
    // By hand: customers 0, 2 and 5 are (1, 5); 1 and 4 are (0, 5), −0 counting as 0; 3 is (1, 6); 6 is (2, 5).
    const d = distinctPairs([1, 0, 1, 1, -0, 1, 2], [5, 5, 5, 6, 5, 5, 5]);
    expect(Array.from(d.x)).toEqual([1, 0, 1, 2]);
    expect(Array.from(d.T)).toEqual([5, 5, 6, 5]);
    expect(Array.from(d.index)).toEqual([0, 1, 0, 2, 1, 0, 3]);
  });
});

describe('scoreClv per (x, T) pair', () => {
  const bg = { r: 0.652065, alpha: 1.825878, a: 1.553605, b: 29.428175 };
  const gg = { p: 5.915777, q: 3.4, v: 25.1 };
  const s = customers(4000, 7);

  it('has fewer pairs than customers in the generated data, so pairs are shared', () => {
    const pairs = distinctPairs(s.x, s.T).x.length;
    expect(pairs).toBeLessThan(s.x.length / 2);
    expect(pairs).toBeGreaterThan(100);
  });

  for (const [unit, H, rate, margin] of [
    ['weeks', 12, 0, 1],
    ['weeks', 12, 0.1, 0.6],
    ['days', 7, 0.25, 1],
    ['weeks', 0, 0.1, 1],
  ] as const) {
    it(`equals the per-customer scores bit for bit (${unit}, ${H} months, discount ${rate}, margin ${margin})`, () => {
      const opts = { timeUnit: unit, horizonMonths: H, annualDiscountRate: rate, margin };
      const got = scoreClv(s as never, bg, gg, opts);
      const want = scorePerCustomer(s, bg, gg, { ...opts, unitDays: unit === 'weeks' ? 7 : 1 });
      expect(firstDifference(got.pAlive, want.pAlive)).toBe(-1);
      expect(firstDifference(got.purchases, want.purchases)).toBe(-1);
      expect(firstDifference(got.spend, want.spend)).toBe(-1);
      expect(firstDifference(got.clv, want.clv)).toBe(-1);
    });
  }

  it('without a spend model (or q ≤ 1) spend and CLV are null, purchases as per customer', () => {
    const opts = { timeUnit: 'weeks', horizonMonths: 12, annualDiscountRate: 0.1, margin: 1 } as const;
    for (const g of [null, { ...gg, q: 0.9 }]) {
      const got = scoreClv(s as never, bg, g, opts);
      const want = scorePerCustomer(s, bg, g, { ...opts, unitDays: 7 });
      expect(firstDifference(got.purchases, want.purchases)).toBe(-1);
      expect(got.spend.every((v) => v === null) && got.clv.every((v) => v === null)).toBe(true);
    }
  });
});

describe('fitBgNbd standard errors', () => {
  it('are those of the gradient and Hessian recomputed at the fitted parameters (the kept gradient is the optimum’s)', () => {
    const rows = cdnowPublishedSummary();
    const prep = prepareBgNbd(
      compress(
        rows.map((r) => r.x),
        rows.map((r) => r.t_x),
        rows.map((r) => r.T),
      ),
    );
    const fit = fitBgNbd(
      compress(
        rows.map((r) => r.x),
        rows.map((r) => r.t_x),
        rows.map((r) => r.T),
      ),
    );
    const p = fit.params;
    const [, g] = bgnbdValueGrad(p, prep);
    const Hm = bgnbdHessian(p, prep);
    const th = [p.r, p.alpha, p.a, p.b];
    const cov = invert(Hm.map((row, i) => row.map((h, j) => -(th[i] * th[j] * h) - (i === j ? th[i] * g[i] : 0))))!;
    const se = cov.map((row, i) => th[i] * Math.sqrt(row[i]));
    expect(fit.se).not.toBeNull();
    expect([fit.se!.r, fit.se!.alpha, fit.se!.a, fit.se!.b]).toEqual(se);
  });
});

/** bgnbdValueGrad as it was before issue 13: one pass over the rows, exp and log1p inline (the rows' sums in order). */
function valueGradOnePass(p: BgNbdParams, q: PreparedBgNbd, penalty: number): [number, number[]] {
  const { r, alpha, a, b } = p;
  let ll = 0,
    gr = 0,
    ga = 0,
    gA = 0,
    gB = 0;
  const lA = Math.log(alpha),
    psiR = digamma(r),
    psiAB = digamma(a + b),
    psiB = digamma(b);
  const base = -lgamma(r) + r * lA - lbeta(a, b);
  const rx: number[] = [],
    c4: number[] = [],
    inv4: number[] = [];
  q.xs.forEach((x, k) => {
    const w = q.wx[k];
    rx.push(r + x);
    ll += w * (base + lgamma(r + x) + lbeta(a, b + x));
    const psiABX = digamma(a + b + x);
    gr += w * (digamma(r + x) - psiR + lA);
    ga += w * (r / alpha);
    gA += w * (psiAB - psiABX);
    gB += w * (digamma(b + x) - psiB + psiAB - psiABX);
    c4.push(x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0);
    inv4.push(x > 0 ? 1 / (b + x - 1) : 0);
  });
  const lT = Array.from(q.Ts, (T) => Math.log(alpha + T)),
    iT = Array.from(q.Ts, (T) => 1 / (alpha + T)),
    ltx = Array.from(q.txs, (t) => Math.log(alpha + t)),
    itx = Array.from(q.txs, (t) => 1 / (alpha + t));
  q.w0.forEach((w, j) => {
    if (w > 0) {
      ll -= w * r * lT[j];
      gr -= w * lT[j];
      ga -= w * r * iT[j];
    }
  });
  for (let i = 0; i < q.pw.length; i++) {
    const k = q.px[i],
      T = q.pT[i],
      tx = q.ptx[i],
      w = q.pw[i];
    const rk = rx[k];
    const a3 = -rk * lT[T];
    const a4 = c4[k] - rk * ltx[tx];
    const up = a3 > a4;
    const e = Math.exp(-Math.abs(a3 - a4));
    const w3 = (up ? 1 : e) / (1 + e);
    const w4 = 1 - w3;
    ll += w * ((up ? a3 : a4) + Math.log1p(e));
    gr -= w * (w3 * lT[T] + w4 * ltx[tx]);
    ga -= w * rk * (w3 * iT[T] + w4 * itx[tx]);
    gA += w * w4 * (1 / a);
    gB -= w * w4 * inv4[k];
  }
  if (penalty > 0) {
    ll -= penalty * (r ** 2 + alpha ** 2 + a ** 2 + b ** 2);
    gr -= 2 * penalty * r;
    ga -= 2 * penalty * alpha;
    gA -= 2 * penalty * a;
    gB -= 2 * penalty * b;
  }
  return [ll, [gr, ga, gA, gB]];
}

describe('bgnbdValueGrad in three passes over the rows', () => {
  it('is the one-pass value and gradient bit for bit, on generated customers, reusing its work array', () => {
    const s = customers(5000, 11);
    const q = prepareBgNbd(compress(s.x, s.t_x, s.T));
    const small = prepareBgNbd(compress(s.x.slice(0, 300), s.t_x.slice(0, 300), s.T.slice(0, 300)));
    expect(q.pw.length).toBeGreaterThan(1000);
    for (const [p, penalty] of [
      [{ r: 0.652065, alpha: 1.825878, a: 1.553605, b: 29.428175 }, 0],
      [{ r: 0.3, alpha: 5, a: 0.9, b: 2.1 }, 0],
      [{ r: 2.5, alpha: 0.4, a: 0.05, b: 300 }, 0.25],
    ] as const) {
      for (const d of [q, small, q]) {
        const [ll, g] = bgnbdValueGrad(p, d, penalty);
        const [ll0, g0] = valueGradOnePass(p, d, penalty);
        expect(Object.is(ll, ll0)).toBe(true);
        expect(g.every((v, i) => Object.is(v, g0[i]))).toBe(true);
      }
    }
  });
});
