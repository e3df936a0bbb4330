/**
 * The response model of one channel: weekly outcome = baseline + β · hill(adstock(spend) / scale; κ, s),
 * geometric adstock and Hill saturation in the conventions of PyMC-Marketing and Meta's Robyn, fitted by
 * bounded Levenberg–Marquardt over a grid of carry-over rates, with residual-bootstrap refits for the
 * uncertainty. Plain arrays in, curves out; nothing here knows of sheets or roles.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { mulberry32 } from '../../../stats/random.js';
import type { ResponseCurve } from '../budget-allocation.js';
import { geometricAdstock, hill } from '../media-curves.js';
import type { ResponseOptions } from './options.js';

/** A fitted channel: the curve of weekly steady-state spend, baseline and fit quality. */
export interface ChannelFit {
  alpha: number;
  curve: ResponseCurve;
  baseline: number;
  r2: number;
  sse: number;
}

/** Model value for normalised adstocked spend z: b0 + β · hill(z; κ, s). */
function model(p: number[]): (z: number) => number {
  return (z) => p[0] + p[1] * hill(z, p[2], p[3]);
}

function jacobian(p: number[]): (z: number) => number[] {
  return (z) => {
    const h = hill(z, p[2], p[3]);
    const dk = z > 0 ? (-p[1] * h * (1 - h) * p[3]) / p[2] : 0;
    const ds = z > 0 ? p[1] * h * (1 - h) * Math.log(z / p[2]) : 0;
    return [1, h, dk, ds];
  };
}

/**
 * Fit b0, β, κ, s by bounded Levenberg–Marquardt to (z, y), both scaled; returns parameters and SSE.
 * ml-levenberg-marquardt always runs its full iteration count, so it is called in short rounds and
 * stopped once a round improves the squared error by less than one part in a million (≤ `rounds` rounds).
 */
function lmFit(
  z: Float64Array,
  y: Float64Array,
  init: number[],
  yMax: number,
  rounds = 15,
): { p: number[]; sse: number } {
  let p = init;
  let prev = Infinity;
  try {
    for (let r = 0; r < rounds; r++) {
      const res = levenbergMarquardt({ x: z, y }, model, {
        initialValues: p,
        minValues: [0, 0, 0.05, 0.5],
        maxValues: [yMax, 20 * yMax + 1e-9, 10, 3],
        maxIterations: 15,
        errorTolerance: 1e-14,
        damping: 1e-2,
        jacobianFunction: jacobian,
      });
      p = res.parameterValues;
      const err = res.parameterError;
      if (!Number.isFinite(err)) break;
      if (prev - err <= 1e-6 * err) {
        prev = err;
        break;
      }
      prev = err;
    }
  } catch {
    return { p: init, sse: Infinity };
  }
  const f = model(p);
  let sse = 0;
  for (let i = 0; i < z.length; i++) sse += (y[i] - f(z[i])) ** 2;
  return { p, sse: Number.isFinite(sse) ? sse : Infinity };
}

/**
 * Fit adstock and Hill saturation to one channel's weekly spend and outcome. The carry-over rate is
 * chosen from `alphaGrid`; κ is relative to mean spend (κ · scale is the half-saturation weekly spend).
 * Null when the spend does not vary or has no positive weeks.
 */
export function fitChannel(
  spend: ArrayLike<number>,
  outcome: ArrayLike<number>,
  o: Pick<ResponseOptions, 'maxLag' | 'alphaGrid'>,
): ChannelFit | null {
  const n = spend.length;
  let sPos = 0;
  let nPos = 0;
  let yMax = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    if (spend[i] > 0) {
      sPos += spend[i];
      nPos++;
    }
    yMax = Math.max(yMax, outcome[i]);
    yMean += outcome[i] / n;
  }
  if (nPos < 3 || !(yMax > 0)) return null;
  const scale = sPos / nPos;
  const y = Float64Array.from(outcome, (v) => v / yMax);
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (outcome[i] - yMean) ** 2;
  let best: { alpha: number; p: number[]; sse: number } | null = null;
  for (const alpha of o.alphaGrid) {
    const z = geometricAdstock(spend, alpha, o.maxLag, true).map((v) => v / scale);
    for (const k0 of [0.5, 1, 2]) {
      const r = lmFit(z, y, [0.01, 1.5, k0, 1.2], 1);
      if (!best || r.sse < best.sse) best = { alpha, p: r.p, sse: r.sse };
    }
  }
  if (!best || !Number.isFinite(best.sse)) return null;
  const sse = best.sse * yMax * yMax;
  return {
    alpha: best.alpha,
    curve: { beta: best.p[1] * yMax, kappa: best.p[2], slope: best.p[3], scale },
    baseline: best.p[0] * yMax,
    r2: sst > 0 ? 1 - sse / sst : 0,
    sse,
  };
}

/** Refit on fitted values plus resampled residuals (seeded), carry-over fixed; returns the curves. */
export function bootstrapCurves(
  spend: Float64Array,
  outcome: Float64Array,
  fit: ChannelFit,
  o: Pick<ResponseOptions, 'maxLag' | 'bootstrap'>,
  seed: number,
): ResponseCurve[] {
  const n = spend.length;
  const z = geometricAdstock(spend, fit.alpha, o.maxLag, true).map((v) => v / fit.curve.scale);
  const fitted = Float64Array.from(z, (v) => fit.baseline + fit.curve.beta * hill(v, fit.curve.kappa, fit.curve.slope));
  const resid = Float64Array.from(outcome, (v, i) => v - fitted[i]);
  const rng = mulberry32(seed);
  const out: ResponseCurve[] = [];
  let yMax = 0;
  for (let i = 0; i < n; i++) yMax = Math.max(yMax, outcome[i]);
  if (!(yMax > 0)) return out;
  const init = [fit.baseline / yMax, fit.curve.beta / yMax, fit.curve.kappa, fit.curve.slope];
  for (let b = 0; b < o.bootstrap; b++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.max(0, fitted[i] + resid[Math.floor(rng() * n)]) / yMax;
    const r = lmFit(z, y, init, 1, 4);
    if (Number.isFinite(r.sse)) out.push({ beta: r.p[1] * yMax, kappa: r.p[2], slope: r.p[3], scale: fit.curve.scale });
  }
  return out;
}
