/**
 * Two-sample tests on summary statistics: differences of means and of proportions with absolute and
 * relative (delta-method) intervals, Student's pooled t-test, and Pearson's χ² goodness of fit
 * (sample-ratio mismatch). Conventions follow GrowthBook's stats engine (gbstats), so its published
 * test vectors reproduce: sample variance with n − 1 for means, p(1 − p) for proportions, Welch–
 * Satterthwaite degrees of freedom, t quantiles for intervals.
 */
import { chiSquareSf, tQuantile, tTwoSidedP } from './distributions.js';

/** n, mean and variance of one arm (variance: STDEV.S² for means, p(1 − p) for proportions). */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

/** Summary from n, Σx and Σx² (variance with n − 1, Excel `VAR.S`). */
export function summaryFromSums(n: number, sum: number, sumSq: number): SampleSummary {
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** Summary of a proportion x/n with variance p(1 − p) (no n − 1, as gbstats). */
export function proportionSummary(successes: number, n: number): SampleSummary {
  const p = n > 0 ? successes / n : 0;
  return { n, mean: p, variance: p * (1 - p) };
}

/** Estimate with its standard error, two-sided interval and p-value. Fields are null when undefined. */
export interface Comparison {
  estimate: number | null;
  se: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
  /** Degrees of freedom used for the t distribution. */
  df: number | null;
  statistic: number | null;
}

const NONE: Comparison = {
  estimate: null,
  se: null,
  ciLow: null,
  ciHigh: null,
  pValue: null,
  df: null,
  statistic: null,
};

/** Welch–Satterthwaite degrees of freedom. */
export function welchDf(a: SampleSummary, b: SampleSummary): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const den = (va * va) / (a.n - 1) + (vb * vb) / (b.n - 1);
  return den > 0 ? ((va + vb) * (va + vb)) / den : Infinity;
}

function finish(estimate: number, se: number, df: number, alpha: number): Comparison {
  if (!(se > 0) || !Number.isFinite(se) || !Number.isFinite(estimate))
    return { ...NONE, estimate: Number.isFinite(estimate) ? estimate : null };
  const q = tQuantile(1 - alpha / 2, df);
  const t = estimate / se;
  return {
    estimate,
    se,
    ciLow: estimate - q * se,
    ciHigh: estimate + q * se,
    pValue: tTwoSidedP(t, df),
    df: Number.isFinite(df) ? df : null,
    statistic: t,
  };
}

/**
 * Treatment minus control, absolute: μB − μA with se √(σA²/nA + σB²/nB), Welch df (Excel `T.TEST(…, 2, 3)`
 * gives the same p-value from raw data).
 *
 * @example
 *   absoluteDifference(summaryFromSums(3407, 1396.87, 52377.9767), summaryFromSums(3461, 2422.7, 134698.29))
 *   // → { estimate: 0.29, ciLow: 0.04538, ciHigh: 0.53462, pValue: 0.02016, … } (gbstats test vector)
 */
export function absoluteDifference(control: SampleSummary, treatment: SampleSummary, alpha = 0.05): Comparison {
  if (control.n < 2 || treatment.n < 2) return NONE;
  const se = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  return finish(treatment.mean - control.mean, se, welchDf(control, treatment), alpha);
}

/**
 * Relative lift (μB − μA)/|μA| with the delta-method variance (σB²/nB)/μA² + (σA²/nA)·μB²/μA⁴ and Welch df.
 * Null when the control mean is 0.
 */
export function relativeDifference(control: SampleSummary, treatment: SampleSummary, alpha = 0.05): Comparison {
  if (control.n < 2 || treatment.n < 2 || control.mean === 0) return NONE;
  const ma = control.mean;
  const mb = treatment.mean;
  const v =
    treatment.variance / treatment.n / (ma * ma) + ((control.variance / control.n) * mb * mb) / (ma * ma * ma * ma);
  return finish((mb - ma) / Math.abs(ma), Math.sqrt(v), welchDf(control, treatment), alpha);
}

/**
 * Student's two-sample t-test with pooled variance (Excel `T.TEST(a, b, 2, 2)`), treatment minus control.
 */
export function studentT(control: SampleSummary, treatment: SampleSummary, alpha = 0.05): Comparison {
  const na = control.n;
  const nb = treatment.n;
  if (na < 2 || nb < 2) return NONE;
  const sp2 = ((na - 1) * control.variance + (nb - 1) * treatment.variance) / (na + nb - 2);
  const se = Math.sqrt(sp2 * (1 / na + 1 / nb));
  return finish(treatment.mean - control.mean, se, na + nb - 2, alpha);
}

/** χ² statistic, degrees of freedom and upper-tail p-value. */
export interface ChiSquare {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Pearson's χ² goodness of fit of counts to expected shares (normalised to sum 1). Excel:
 * `CHISQ.TEST(observed, expected)`. Used for the sample-ratio-mismatch check. Null for fewer than two
 * categories or a zero expected share.
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], shares: readonly number[]): ChiSquare | null {
  const k = observed.length;
  if (k < 2 || shares.length !== k) return null;
  const total = observed.reduce((a, b) => a + b, 0);
  const sw = shares.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !(sw > 0)) return null;
  let x = 0;
  for (let i = 0; i < k; i++) {
    const e = (total * shares[i]) / sw;
    if (!(e > 0)) return null;
    x += ((observed[i] - e) * (observed[i] - e)) / e;
  }
  return { statistic: x, df: k - 1, pValue: chiSquareSf(x, k - 1) };
}
