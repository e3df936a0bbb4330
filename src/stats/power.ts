/**
 * Power, minimum detectable effect and sample size for a two-arm comparison of means or proportions
 * (normal approximation, two-sided).
 */
import { normalCdf, normalQuantile } from './distributions.js';

/**
 * Power to detect an absolute difference `delta` with the given per-arm variances and sizes:
 * Φ(|δ|/se − z₁₋α/₂) + Φ(−|δ|/se − z₁₋α/₂), se = √(σA²/nA + σB²/nB).
 */
export function power(delta: number, varA: number, nA: number, varB: number, nB: number, alpha = 0.05): number | null {
  if (!(nA > 0) || !(nB > 0)) return null;
  const se = Math.sqrt(varA / nA + varB / nB);
  if (!(se > 0)) return null;
  const z = normalQuantile(1 - alpha / 2);
  const d = Math.abs(delta) / se;
  return normalCdf(d - z) + normalCdf(-d - z);
}

/**
 * Minimum detectable absolute effect at the given power: (z₁₋α/₂ + z_power) · se.
 * (The second, opposite tail is ignored, as is usual.)
 */
export function minimumDetectableEffect(
  varA: number,
  nA: number,
  varB: number,
  nB: number,
  alpha = 0.05,
  targetPower = 0.8,
): number | null {
  if (!(nA > 0) || !(nB > 0)) return null;
  const se = Math.sqrt(varA / nA + varB / nB);
  if (!(se > 0)) return null;
  return (normalQuantile(1 - alpha / 2) + normalQuantile(targetPower)) * se;
}

/**
 * Units needed per arm (equal arms) to detect an absolute difference `delta`:
 * n = (z₁₋α/₂ + z_power)² · (σA² + σB²) / δ², rounded up. For proportions pass p(1 − p) variances.
 *
 * @example sampleSizePerArm(0.01, 0.1 * 0.9, 0.11 * 0.89) // → 14749 (two proportions 10% vs 11%)
 */
export function sampleSizePerArm(
  delta: number,
  varA: number,
  varB: number,
  alpha = 0.05,
  targetPower = 0.8,
): number | null {
  if (!(Math.abs(delta) > 0)) return null;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(targetPower);
  const n = (z * z * (varA + varB)) / (delta * delta);
  return Number.isFinite(n) ? Math.ceil(n) : null;
}
