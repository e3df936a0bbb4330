/**
 * BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * Marketing Science 24(2)). Purchases follow a Poisson process with rate λ ~ Gamma(r, α) while the customer
 * is alive; after each purchase the customer drops out with probability p ~ Beta(a, b).
 * Inputs per customer: x repeat purchases, t_x time of the last one, T time observed (same unit).
 * Pure model functions: likelihood, fit, P(alive), expectations and the count distribution.
 */
import { hyp2f1, lbeta, lgamma, logAddExp } from '../../stats/special.js';
import { invert, nelderMead, newtonPolish, numericalHessian } from '../../stats/optimize.js';

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }

export interface BgNbdFit {
  params: BgNbdParams;
  /** Standard errors from the inverse numerical Hessian (delta method from log-parameters); null when singular. */
  se: BgNbdParams | null;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Unique (x, t_x, T) rows the likelihood was summed over. */
  uniqueRows: number;
}

/** Customers compressed to unique (x, t_x, T) with counts, so the likelihood costs O(unique rows). */
export interface Compressed { x: Float64Array; tx: Float64Array; T: Float64Array; w: Float64Array }

/** Group identical (x, t_x, T) rows. */
export function compress(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Compressed {
  const m = new Map<string, number>();
  const xs: number[] = [], ts: number[] = [], Ts: number[] = [], w: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const key = `${x[i]}|${tx[i]}|${T[i]}`;
    const j = m.get(key);
    if (j === undefined) { m.set(key, xs.length); xs.push(x[i]); ts.push(tx[i]); Ts.push(T[i]); w.push(1); } else w[j]++;
  }
  return { x: Float64Array.from(xs), tx: Float64Array.from(ts), T: Float64Array.from(Ts), w: Float64Array.from(w) };
}

/** Log-likelihood of one customer (FHL 2005 eq. 6), in log space for stability. */
export function bgnbdLogLikOne(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lbeta(a, b + x) - lbeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Total log-likelihood over compressed data, with an optional L2 penalty on the parameters. */
export function bgnbdLogLik(p: BgNbdParams, d: Compressed, penalty = 0): number {
  let s = 0;
  for (let i = 0; i < d.x.length; i++) s += d.w[i] * bgnbdLogLikOne(p, d.x[i], d.tx[i], d.T[i]);
  if (penalty > 0) s -= penalty * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
  return s;
}

const fromLog = (v: readonly number[]): BgNbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });

/**
 * Maximum-likelihood fit on log-parameters: Nelder–Mead (cap 4,000 iterations) from r = α = a = b = 1
 * with α scaled to the mean T, then a Newton polish. Deterministic.
 * Example (CDNOW sample, weeks): r 0.242593, α 4.413532, a 0.792886, b 2.425752, LL −9582.43.
 */
export function fitBgNbd(d: Compressed, penalty = 0): BgNbdFit {
  let meanT = 0, n = 0;
  for (let i = 0; i < d.T.length; i++) { meanT += d.w[i] * d.T[i]; n += d.w[i]; }
  meanT = n > 0 ? meanT / n : 1;
  const f = (v: number[]): number => {
    const ll = bgnbdLogLik(fromLog(v), d, penalty);
    return Number.isFinite(ll) ? -ll : Infinity;
  };
  const x0 = [0, Math.log(Math.max(meanT / 10, 1e-3)), 0, 0];
  const nm = nelderMead(f, x0, { maxIterations: 4000, tolerance: 1e-12 });
  const pol = newtonPolish(f, nm.x);
  const best = pol.fx <= nm.fx ? pol : nm;
  const params = fromLog(best.x);
  // Standard errors: inverse Hessian of −LL in log space, then se(θ) = θ·se(log θ) (delta method).
  const H = numericalHessian(f, best.x);
  const cov = invert(H);
  let se: BgNbdParams | null = null;
  if (cov && cov.every((row, i) => row[i] > 0)) {
    const s = cov.map((row, i) => Math.sqrt(row[i]));
    se = { r: params.r * s[0], alpha: params.alpha * s[1], a: params.a * s[2], b: params.b * s[3] };
  }
  return { params, se, logLik: -best.fx, iterations: nm.iterations + pol.iterations, converged: nm.converged || pol.converged, uniqueRows: d.x.length };
}

/** P(alive | x, t_x, T) = 1 / (1 + [x > 0]·a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return 1 / (1 + (p.a / (p.b + x - 1)) * Math.exp((p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx))));
}

/**
 * Expected purchases of a random new customer in (0, t]: E[X(t)] (FHL 2005 eq. 7).
 * Example (0.242593, 4.413532, 0.792886, 2.425752): E[X(78)] → 1.8576.
 */
export function expectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

/**
 * Expected purchases in the next t for a customer with history (x, t_x, T) (FHL 2005 eq. 10).
 * Example (CDNOW customer 1: x 2, t_x 30.43, T 38.86, t = 39) → 1.226.
 */
export function conditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const num = ((a + b + x - 1) / (a - 1)) *
    (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
  const den = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  return num / den;
}

/**
 * P(X(t) = n) for a random new customer (FHL 2005 eq. 8).
 * Example (0.243, 4.414, 0.793, 2.426): P(X(39) = 0) → 0.5737864.
 */
export function probPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const lz = Math.log(t / (alpha + t));
  const lq = r * Math.log(alpha / (alpha + t));
  const first = Math.exp(lbeta(a, b + n) - lbeta(a, b) + lgamma(r + n) - lgamma(r) - lgamma(n + 1) + lq + n * lz);
  if (n === 0) return first;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1) + j * lz);
  return first + Math.exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * (1 - Math.exp(lq) * sum);
}
