/**
 * Budget allocation across channels with known response curves f_c(x) = β_c · hill(x / scale_c; κ_c, s_c):
 * maximise Σ f_c(x_c) with Σ x_c = total and lo_c ≤ x_c ≤ hi_c, by equalising marginal returns
 * (Lagrange multiplier found by bisection). S-shaped curves (s > 1) are handled by comparing the best
 * point on the concave branch with the lower bound.
 */
import { hill, hillDerivative } from './media-curves.js';

export interface ResponseCurve {
  /** Outcome at saturation. */
  beta: number;
  /** Half-saturation point, in units of `scale`. */
  kappa: number;
  /** Hill slope (shape). */
  slope: number;
  /** Spend unit: the curve reads x / scale. */
  scale: number;
}

/** Outcome of spending x per period on a channel. */
export function response(c: ResponseCurve, x: number): number {
  return c.beta * hill(x / c.scale, c.kappa, c.slope);
}

/** Marginal return d outcome / d spend at x (marginal ROAS when the outcome is revenue). */
export function marginalResponse(c: ResponseCurve, x: number): number {
  const d = (c.beta / c.scale) * hillDerivative(x / c.scale, c.kappa, c.slope);
  return Number.isFinite(d) ? d : 1e12;
}

const ITER = 200;

/** Best spend for one channel at shadow price λ: argmax f(x) − λx over [lo, hi]. */
function bestAt(c: ResponseCurve, lambda: number, lo: number, hi: number): number {
  // The concave branch starts at the inflection point (0 for s ≤ 1).
  const infl = c.slope > 1 ? c.scale * c.kappa * ((c.slope - 1) / (c.slope + 1)) ** (1 / c.slope) : 0;
  const a = Math.max(lo, infl);
  let x = lo;
  if (a < hi) {
    if (marginalResponse(c, a) <= lambda) x = a;
    else if (marginalResponse(c, hi) >= lambda) x = hi;
    else {
      let l = a;
      let h = hi;
      for (let i = 0; i < ITER && h - l > 1e-12 * (1 + hi); i++) {
        const m = (l + h) / 2;
        if (marginalResponse(c, m) > lambda) l = m;
        else h = m;
      }
      x = (l + h) / 2;
    }
  }
  const val = (v: number): number => response(c, v) - lambda * v;
  return val(lo) > val(x) ? lo : x;
}

export interface Allocation {
  spend: number[];
  /** Marginal return of each channel at its proposed spend. */
  marginal: number[];
  /** Shadow price: the common marginal return of channels not held at a bound. */
  lambda: number;
  /** False when the bounds cannot meet the total (the spend is then clipped to the bounds). */
  feasible: boolean;
}

/**
 * Allocate `total` across channels to maximise the summed response within bounds.
 *
 * @example
 *   allocateBudget([{ beta: 100, kappa: 1, slope: 1, scale: 1 }, { beta: 100, kappa: 1, slope: 1, scale: 1 }], 2, [0, 0], [2, 2])
 *   // → { spend: [1, 1], … } (two equal channels share equally)
 */
export function allocateBudget(
  curves: readonly ResponseCurve[],
  total: number,
  lo: readonly number[],
  hi: readonly number[],
): Allocation {
  const C = curves.length;
  const sumLo = lo.reduce((a, b) => a + b, 0);
  const sumHi = hi.reduce((a, b) => a + b, 0);
  if (C === 0) return { spend: [], marginal: [], lambda: 0, feasible: total === 0 };
  if (total <= sumLo || total >= sumHi) {
    const spend = total <= sumLo ? [...lo] : [...hi];
    return {
      spend,
      marginal: spend.map((x, c) => marginalResponse(curves[c], x)),
      lambda: 0,
      feasible: total === sumLo || total === sumHi,
    };
  }
  const at = (lambda: number): number[] => curves.map((c, i) => bestAt(c, lambda, lo[i], hi[i]));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  let lLo = 0;
  let lHi = Math.max(
    ...curves.map((c, i) => Math.max(marginalResponse(c, lo[i]), marginalResponse(c, hi[i]), (c.beta / c.scale) * 10)),
  );
  for (let i = 0; i < ITER && sum(at(lHi)) > total; i++) lHi *= 2;
  for (let i = 0; i < ITER; i++) {
    const m = (lLo + lHi) / 2;
    if (sum(at(m)) > total) lLo = m;
    else lHi = m;
    if (lHi - lLo <= 1e-14 * lHi) break;
  }
  // At λ just above the root the spend is ≤ total; give the remainder where it returns most.
  const spend = at(lHi);
  let rest = total - sum(spend);
  const steps = 1000;
  const step = rest / steps;
  for (let k = 0; k < steps && rest > 1e-12 * total; k++) {
    let best = -1;
    let gain = -Infinity;
    for (let c = 0; c < C; c++) {
      const room = Math.min(step, hi[c] - spend[c]);
      if (room <= 0) continue;
      const g = (response(curves[c], spend[c] + room) - response(curves[c], spend[c])) / room;
      if (g > gain) {
        gain = g;
        best = c;
      }
    }
    if (best < 0) break;
    const add = Math.min(step, hi[best] - spend[best], rest);
    spend[best] += add;
    rest -= add;
  }
  return {
    spend,
    marginal: spend.map((x, c) => marginalResponse(curves[c], x)),
    lambda: (lLo + lHi) / 2,
    feasible: true,
  };
}
