/**
 * Gamma-Gamma model of average spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"; Colombo & Jiang 1999). A customer's transaction values are Gamma(p, ν); ν ~ Gamma(q, γ).
 * Fitted on customers with x > 0 repeat transactions and their mean repeat value z̄ (zbar).
 * Assumes spend is independent of purchase frequency: check `spendFrequencyCorrelation` first.
 */
import { digamma, lgamma } from '../../stats/special.js';
import { hessianFromGradient, invert, minimizeWithFallback } from '../../stats/optimize.js';

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
  const xs: number[] = [],
    zs: number[] = [];
  for (let i = 0; i < x.length; i++)
    if (x[i] > 0 && zbar[i] > 0) {
      xs.push(x[i]);
      zs.push(zbar[i]);
    }
  if (xs.length < 3) return null;
  // Regrouped per distinct x (same value as summing ggLogLikOne): only ln(x·zbar + v) varies per customer.
  // Gradient: ∂p = Σ x[ψ(px+q) − ψ(px) + ln x + ln z − ln(xz+v)], ∂q = Σ ψ(px+q) − ψ(q) + ln v − ln(xz+v),
  // ∂v = Σ q/v − (px+q)/(xz+v); taken to log-parameters by the chain rule.
  const byX = new Map<number, { n: number; sumLnZ: number }>();
  for (let i = 0; i < xs.length; i++) {
    const g = byX.get(xs[i]) ?? { n: 0, sumLnZ: 0 };
    g.n++;
    g.sumLnZ += Math.log(zs[i]);
    byX.set(xs[i], g);
  }
  const groups = [...byX.entries()];
  const xz = xs.map((x, i) => x * zs[i]);
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
    for (let i = 0; i < xs.length; i++) {
      const d = xz[i] + v,
        ld = Math.log(d),
        k = p * xs[i] + q;
      s -= k * ld;
      gp -= xs[i] * ld;
      gq -= ld;
      gv -= k / d;
    }
    if (!Number.isFinite(s) || !Number.isFinite(gp) || !Number.isFinite(gq) || !Number.isFinite(gv))
      return [Infinity, [0, 0, 0]];
    return [-s, [-gp * p, -gq * q, -gv * v]];
  };
  const mean = zs.reduce((acc, z) => acc + z, 0) / zs.length;
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
    n: xs.length,
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
