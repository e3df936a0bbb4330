/**
 * Probability distributions the analyses share, from jStat (cdf and quantile of the normal, Student t,
 * χ² and beta). Thin wrappers that fix the parameterisation and guard the tails; no hand-written numerics.
 */
import jStat from 'jstat';

/** Standard normal cumulative probability Φ(z). Excel: `NORM.S.DIST(z, TRUE)`. */
export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. Excel: `NORM.S.INV(p)`. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/**
 * Student t cumulative probability with `df` degrees of freedom (df may be fractional, as with Welch).
 * Excel: `T.DIST(t, df, TRUE)`. An infinite or huge df falls back to the normal.
 */
export function tCdf(t: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e7) return normalCdf(t);
  return jStat.studentt.cdf(t, df);
}

/** Student t quantile. Excel: `T.INV(p, df)`. */
export function tQuantile(p: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e7) return normalQuantile(p);
  return jStat.studentt.inv(p, df);
}

/** Two-sided p-value of a t statistic. Excel: `T.DIST.2T(ABS(t), df)`. */
export function tTwoSidedP(t: number, df: number): number {
  const a = Math.abs(t);
  // 2·P(T ≤ −|t|) keeps precision far in the tail (1 − cdf would round to 0).
  return Math.min(1, 2 * tCdf(-a, df));
}

/** Upper tail P(χ²_df ≥ x). Excel: `CHISQ.DIST.RT(x, df)`. */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  return 1 - jStat.lowRegGamma(df / 2, x / 2);
}

/** Beta cumulative probability. Excel: `BETA.DIST(x, a, b, TRUE)`. */
export function betaCdf(x: number, a: number, b: number): number {
  return jStat.beta.cdf(x, a, b);
}

/** Beta quantile. Excel: `BETA.INV(p, a, b)`. */
export function betaQuantile(p: number, a: number, b: number): number {
  return jStat.beta.inv(p, a, b);
}
