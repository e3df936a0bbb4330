/**
 * Shifted-beta-geometric (sBG) retention model (Fader & Hardie 2007, "How to project customer retention",
 * Journal of Interactive Marketing 21(1)). Each customer churns at the end of a period with probability θ,
 * θ ~ Beta(α, β). P(T = t) = B(α + 1, β + t − 1) / B(α, β); S(t) = B(α, β + t) / B(α, β).
 */
import { lbeta } from '../../stats/special.js';
import { invert, nelderMead, newtonPolish, numericalHessian } from '../../stats/optimize.js';

export interface SbgParams {
  alpha: number;
  beta: number;
}
export interface SbgFit {
  params: SbgParams;
  se: SbgParams | null;
  logLik: number;
  converged: boolean;
}

/** Survival S(t) = B(α, β + t)/B(α, β). Example (α 0.668, β 3.806): S(1) → 0.8507. */
export function sbgSurvival(p: SbgParams, t: number): number {
  return Math.exp(lbeta(p.alpha, p.beta + t) - lbeta(p.alpha, p.beta));
}

/** Retention rate from period t − 1 to t: r(t) = (β + t − 1)/(α + β + t − 1). */
export function sbgRetention(p: SbgParams, t: number): number {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * Log-likelihood of survivor curves n₀ ≥ n₁ ≥ … ≥ n_K (one per cohort; each right-censored at its last
 * observed period): Σ_t (n_{t−1} − n_t)·ln P(T = t) + n_K·ln S(K).
 */
export function sbgLogLik(p: SbgParams, curves: readonly (readonly number[])[]): number {
  let ll = 0;
  const lb = lbeta(p.alpha, p.beta);
  // ln P(T = t) and ln S(t) depend on t alone, not on the cohort: each worked out once per t (the same doubles a
  // term), not once per cohort and t. The fit evaluates this a few hundred times; on the benchmark's 24 monthly
  // cohorts that was ~300 ln B a call instead of ~48 (issue 13).
  let longest = 0;
  for (const c of curves) if (c.length > longest) longest = c.length;
  const lnP = new Float64Array(longest),
    lnS = new Float64Array(longest);
  for (let t = 1; t < longest; t++) {
    lnP[t] = lbeta(p.alpha + 1, p.beta + t - 1) - lb;
    lnS[t] = lbeta(p.alpha, p.beta + t) - lb;
  }
  for (const c of curves) {
    for (let t = 1; t < c.length; t++) {
      const lost = c[t - 1] - c[t];
      if (lost > 0) ll += lost * lnP[t];
    }
    const K = c.length - 1;
    if (K >= 1 && c[K] > 0) ll += c[K] * lnS[K];
  }
  return ll;
}

/**
 * Maximum-likelihood fit on log-parameters (Nelder–Mead, cap 2,000 iterations, then Newton).
 * Returns null when no curve has two or more periods or nobody was lost and nobody stayed.
 * Example (F&H 2007, High End, years 0..7): α ≈ 0.668, β ≈ 3.806.
 */
export function fitSbg(curves: readonly (readonly number[])[]): SbgFit | null {
  const usable = curves.filter((c) => c.length >= 2 && c[0] > 0);
  if (usable.length === 0) return null;
  const f = (w: number[]): number => {
    const ll = sbgLogLik({ alpha: Math.exp(w[0]), beta: Math.exp(w[1]) }, usable);
    return Number.isFinite(ll) ? -ll : Infinity;
  };
  const nm = nelderMead(f, [0, 0], { maxIterations: 2000, tolerance: 1e-12 });
  const pol = newtonPolish(f, nm.x);
  const best = pol.fx <= nm.fx ? pol : nm;
  const params = { alpha: Math.exp(best.x[0]), beta: Math.exp(best.x[1]) };
  if (params.alpha > 1e6 || params.beta > 1e6) return null; // degenerate (no churn or all churn)
  const cov = invert(numericalHessian(f, best.x));
  const se =
    cov && cov[0][0] > 0 && cov[1][1] > 0
      ? { alpha: params.alpha * Math.sqrt(cov[0][0]), beta: params.beta * Math.sqrt(cov[1][1]) }
      : null;
  return { params, se, logLik: -best.fx, converged: nm.converged || pol.converged };
}
