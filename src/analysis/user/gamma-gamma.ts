/**
 * Gamma-Gamma model of average spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"; Colombo & Jiang 1999). A customer's transaction values are Gamma(p, ν); ν ~ Gamma(q, γ).
 * Fitted on customers with x > 0 repeat transactions and their mean repeat value z̄ (zbar).
 * Assumes spend is independent of purchase frequency: check `spendFrequencyCorrelation` first.
 */
import { digamma, lgamma } from '../../stats/special.js';
import { hessianFromGradient, invert, minimizeWithFallback } from '../../stats/optimize.js';
import { mixDouble } from '../common/double-hash.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  se: GammaGammaParams | null;
  logLik: number;
  /** Customers used (x > 0 and zbar > 0). */
  n: number;
  converged: boolean;
  /**
   * True when the fit ended at the edge of the parameter space (q and ν without bound), converged there or
   * not: spend per order does
   * not differ between customers beyond chance, so each customer's expected spend is the average of all.
   */
  atLimit?: boolean;
}

/** Log-likelihood of one customer's mean spend zbar over x transactions. */
export function ggLogLikOne(g: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, v } = g;
  return (
    lgamma(p * x + q) -
    lgamma(p * x) -
    lgamma(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(zbar) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * zbar + v)
  );
}

const fromLog = (w: readonly number[]): GammaGammaParams => ({
  p: Math.exp(w[0]),
  q: Math.exp(w[1]),
  v: Math.exp(w[2]),
});

/**
 * Maximum-likelihood fit on log-parameters (BFGS with the analytic gradient; Nelder–Mead and Newton as the
 * fallback), over customers with x > 0 and zbar > 0. Returns null when fewer than 3 such customers exist.
 * When BFGS stops at the edge of the parameter space (no heterogeneity in spend, q and ν running to infinity
 * together), the fit is returned there without the fallback, with `atLimit` (`minimizeWithFallback`).
 * Example (CDNOW, 946 repeat buyers): p 6.2488, q 3.7446, v 15.4477, LL −4055.92.
 */
export function fitGammaGamma(x: ArrayLike<number>, zbar: ArrayLike<number>): GammaGammaFit | null {
  const { x: xs, zbar: zs } = repeatBuyers(x, zbar);
  return fitRepeatBuyers(xs, zs);
}

/** The customers `fitGammaGamma` fits on: x > 0 and zbar > 0, in order. */
export function repeatBuyers(x: ArrayLike<number>, zbar: ArrayLike<number>): { x: Float64Array; zbar: Float64Array } {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > 0 && zbar[i] > 0) n++;
  const xs = new Float64Array(n),
    zs = new Float64Array(n);
  for (let i = 0, j = 0; i < x.length; i++)
    if (x[i] > 0 && zbar[i] > 0) {
      xs[j] = x[i];
      zs[j++] = zbar[i];
    }
  return { x: xs, zbar: zs };
}

/**
 * `fitGammaGamma` of customers already filtered (`repeatBuyers`: every x > 0 and zbar > 0), the same fit: what a
 * worker thread is handed (src/cli/aside.ts).
 */
export function fitRepeatBuyers(xs: Float64Array, zs: Float64Array): GammaGammaFit | null {
  const n = xs.length;
  if (n < 3) return null;
  // Regrouped per distinct x (same value as summing ggLogLikOne): only ln(x·zbar + v) varies per customer.
  // Gradient: ∂p = Σ x[ψ(px+q) − ψ(px) + ln x + ln z − ln(xz+v)], ∂q = Σ ψ(px+q) − ψ(q) + ln v − ln(xz+v),
  // ∂v = Σ q/v − (px+q)/(xz+v); taken to log-parameters by the chain rule.
  const byX = new Map<number, { n: number; sumLnZ: number }>();
  for (let i = 0; i < n; i++) {
    const g = byX.get(xs[i]) ?? { n: 0, sumLnZ: 0 };
    g.n++;
    g.sumLnZ += Math.log(zs[i]);
    byX.set(xs[i], g);
  }
  const groups = [...byX.entries()];
  // x·zbar takes far fewer values than there are customers (spend in cents: 325,837 of 799,062 repeat buyers on the
  // 10M-order benchmark): ln(xz + v) is taken once per distinct value and looked up, the sums still run customer by
  // customer in the same order, so every term and total is the same double as taking the logarithm per customer.
  const { values: xzs, index: at } = distinctValues(xs.map((v, i) => v * zs[i]));
  // xz + v and its logarithm side by side: one cache line a customer's lookup.
  const dl = new Float64Array(2 * xzs.length);
  const fg = (w: number[]): [number, number[]] => {
    const { p, q, v } = fromLog(w);
    let s = 0,
      gp = 0,
      gq = 0,
      gv = 0;
    const lq = lgamma(q),
      lv = Math.log(v),
      psiQ = digamma(q);
    for (const [x, g] of groups) {
      const px = p * x,
        lx = Math.log(x),
        psiPQ = digamma(px + q);
      s += g.n * (lgamma(px + q) - lgamma(px) - lq + q * lv + px * lx) + (px - 1) * g.sumLnZ;
      gp += g.n * x * (psiPQ - digamma(px) + lx) + x * g.sumLnZ;
      gq += g.n * (psiPQ - psiQ + lv);
      gv += (g.n * q) / v;
    }
    for (let u = 0; u < xzs.length; u++) {
      const d = xzs[u] + v;
      dl[2 * u] = d;
      dl[2 * u + 1] = Math.log(d);
    }
    for (let i = 0; i < n; i++) {
      const u = 2 * at[i],
        l = dl[u + 1],
        k = p * xs[i] + q;
      s -= k * l;
      gp -= xs[i] * l;
      gq -= l;
      gv -= k / dl[u];
    }
    if (!Number.isFinite(s) || !Number.isFinite(gp) || !Number.isFinite(gq) || !Number.isFinite(gv))
      return [Infinity, [0, 0, 0]];
    return [-s, [-gp * p, -gq * q, -gv * v]];
  };
  const mean = zs.reduce((acc, z) => acc + z, 0) / n;
  const x0 = [0, 0, Math.log(mean)];
  const best = minimizeWithFallback(fg, x0, {
    bfgs: { maxIterations: 300, gradientTolerance: 1e-6 },
    fallbackIterations: 3000,
  });
  const atLimit = best.atLimit;
  const params = fromLog(best.x);
  const cov = invert(hessianFromGradient((w) => fg(w)[1], best.x));
  let se: GammaGammaParams | null = null;
  if (cov && cov.every((row, i) => row[i] > 0)) {
    const s = cov.map((row, i) => Math.sqrt(row[i]));
    se = { p: params.p * s[0], q: params.q * s[1], v: params.v * s[2] };
  }
  return {
    params,
    se,
    logLik: -best.fx,
    n,
    converged: best.converged,
    ...(atLimit ? { atLimit: true } : {}),
  };
}

/**
 * E[M | x, zbar] = (p(ν + x·zbar)) / (p·x + q − 1): a weighted mean of the population mean pν/(q − 1) and
 * the customer's own zbar. For x = 0 it is the population mean. Null when q ≤ 1 (no finite mean).
 * Example (CDNOW ID 1: x 2, zbar 22.35) → 24.65.
 */
export function conditionalExpectedSpend(g: GammaGammaParams, x: number, zbar: number): number | null {
  if (g.q <= 1) return null;
  if (x <= 0) return (g.p * g.v) / (g.q - 1);
  return (g.p * (g.v + x * zbar)) / (g.p * x + g.q - 1);
}

/**
 * Pearson correlation between x and zbar among repeat buyers (Excel `CORREL`); the model assumes none.
 * Null when fewer than 3 repeat buyers or a constant column.
 */
export function spendFrequencyCorrelation(x: ArrayLike<number>, zbar: ArrayLike<number>): number | null {
  let n = 0,
    sx = 0,
    sz = 0,
    sxx = 0,
    szz = 0,
    sxz = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) continue;
    n++;
    sx += x[i];
    sz += zbar[i];
    sxx += x[i] * x[i];
    szz += zbar[i] * zbar[i];
    sxz += x[i] * zbar[i];
  }
  if (n < 3) return null;
  const cov = sxz - (sx * sz) / n,
    vx = sxx - (sx * sx) / n,
    vz = szz - (sz * sz) / n;
  return vx > 0 && vz > 0 ? cov / Math.sqrt(vx * vz) : null;
}

/**
 * The distinct values of `a` in order of first appearance, and each element's index into them (equal as `===`; `a`
 * holds no NaN; −0 counts as 0). One open-addressing table on the values' bits (`mixDouble`, as bg-nbd.ts `compress`).
 * @example distinctValues(Float64Array.of(2, 5, 2)) // → { values: [2, 5], index: [0, 1, 0] }
 */
export function distinctValues(a: Float64Array): { values: Float64Array; index: Int32Array } {
  const n = a.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const values = new Float64Array(n);
  const index = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    // −0 as 0: equal values hash alike.
    const v = a[i] === 0 ? 0 : a[i];
    let h = mixDouble(0, v, 0x85ebca6b);
    h ^= h >>> 15;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const j = slots[s];
      if (j < 0) {
        slots[s] = m;
        values[m] = v;
        index[i] = m++;
        break;
      }
      if (values[j] === v) {
        index[i] = j;
        break;
      }
    }
  }
  return { values: values.slice(0, m), index };
}
