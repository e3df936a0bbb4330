/**
 * Bayesian chance to beat control with a flat prior, as GrowthBook's effect-size engine: the posterior of
 * the relative lift is normal with the delta-method mean and variance of the data.
 */
import { normalCdf, normalQuantile } from './distributions.js';
import type { SampleSummary } from './tests.js';

export interface ChanceToWin {
  /** P(treatment beats control). */
  chance: number;
  /** Posterior mean of the relative lift. */
  lift: number;
  /** Equal-tailed credible interval of the relative lift. */
  ciLow: number;
  ciHigh: number;
}

/**
 * Chance that the treatment's mean exceeds the control's, flat prior, relative scale.
 *
 * @example chanceToBeatControl(proportionSummary(49, 100), proportionSummary(51, 100))
 *   // → { chance: 0.60918, ciLow: −0.24779, ciHigh: 0.32943 } (gbstats test vector)
 */
export function chanceToBeatControl(
  control: SampleSummary,
  treatment: SampleSummary,
  alpha = 0.05,
): ChanceToWin | null {
  const ma = control.mean;
  if (ma === 0 || !(control.n > 0) || !(treatment.n > 0)) return null;
  const mb = treatment.mean;
  const v =
    treatment.variance / treatment.n / (ma * ma) + ((control.variance / control.n) * mb * mb) / (ma * ma * ma * ma);
  const sd = Math.sqrt(v);
  const lift = (mb - ma) / Math.abs(ma);
  if (!(sd > 0)) return null;
  const z = normalQuantile(1 - alpha / 2);
  return { chance: normalCdf(lift / sd), lift, ciLow: lift - z * sd, ciHigh: lift + z * sd };
}
