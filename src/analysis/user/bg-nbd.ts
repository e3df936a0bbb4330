/**
 * BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * Marketing Science 24(2)). Purchases follow a Poisson process with rate λ ~ Gamma(r, α) while the customer
 * is alive; after each purchase the customer drops out with probability p ~ Beta(a, b).
 * Inputs per customer: x repeat purchases, t_x time of the last one, T time observed (same unit).
 * Pure model functions: likelihood, fit, P(alive), expectations and the count distribution.
 */
import { digamma, hyp2f1, Hyp2f1Series, lbeta, lgamma, logAddExp, trigamma } from '../../stats/special.js';
import { invert, minimizeWithFallback } from '../../stats/optimize.js';
import { mixDouble } from '../common/double-hash.js';
import { distinctValues } from './gamma-gamma.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Standard errors from the inverse numerical Hessian (delta method from log-parameters); null when singular. */
  se: BgNbdParams | null;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Unique (x, t_x, T) rows the likelihood was summed over. */
  uniqueRows: number;
  /**
   * True when the fit ended at the edge of the parameter space (`atParameterLimit`), converged there or not:
   * r and α without bound
   * (every customer buys at about the same rate), or a near 0 / b without bound (almost nobody stops buying).
   */
  atLimit?: boolean;
}

/** Customers compressed to unique (x, t_x, T) with counts, so the likelihood costs O(unique rows). */
export interface Compressed {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
}

/** Hash of one (x, t_x, T) triplet from its values' bits. */
function tripletHash(x: number, tx: number, T: number): number {
  const h = mixDouble(mixDouble(mixDouble(0, x, 0x85ebca6b), tx, 0xc2b2ae35), T, 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** Equal as Map keys are (SameValueZero). */
const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/**
 * The distinct (x, t_x, T) rows in order of first appearance, or (x, T) rows when `tx` is null: each group's first
 * row (`first`, `groups` of them) and each row's group (`index`). One open-addressing table (a group per slot) instead
 * of a Map per x and per T: on 100,000 customers the Maps' entries were most of the compression. The table is sized
 * by the groups met so far (at least twice as many slots, doubled as they come), and each group's values are kept in
 * arrays of their own in group order, so that a probe reads memory of the groups' size, not of the rows': at 6.33M
 * customers (289,346 distinct triplets) a table of twice the rows (64 MB of slots, each probe reading the rows' values
 * at the group's first row) took 0.9-1.4 s, and one of the groups' size 0.3 s.
 */
function distinctRows(
  x: ArrayLike<number>,
  tx: ArrayLike<number> | null,
  T: ArrayLike<number>,
): { first: Int32Array; index: Int32Array; groups: number } {
  const n = x.length;
  let size = 16;
  while (size < 2 * n && size < 1 << 12) size *= 2;
  let mask = size - 1;
  let slots = new Int32Array(size).fill(-1);
  // Each group's values (x, t_x, T), by group.
  let gx = new Float64Array(size >> 1),
    gt = new Float64Array(size >> 1),
    gT = new Float64Array(size >> 1);
  let first = new Int32Array(size >> 1);
  const index = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i],
      ti = tx ? tx[i] : 0,
      Ti = T[i];
    for (let s = tripletHash(xi, ti, Ti) & mask; ; s = (s + 1) & mask) {
      const g = slots[s];
      if (g < 0) {
        slots[s] = m;
        gx[m] = xi;
        gt[m] = ti;
        gT[m] = Ti;
        first[m] = i;
        index[i] = m++;
        if (2 * m > size >> 1) {
          // More than a quarter of the slots used: twice the slots, every group placed again.
          size *= 2;
          mask = size - 1;
          slots = new Int32Array(size).fill(-1);
          for (let h = 0; h < m; h++) {
            let t = tripletHash(gx[h], gt[h], gT[h]) & mask;
            while (slots[t] >= 0) t = (t + 1) & mask;
            slots[t] = h;
          }
          gx = grown(gx, size >> 1);
          gt = grown(gt, size >> 1);
          gT = grown(gT, size >> 1);
          first = grown(first, size >> 1);
        }
        break;
      }
      if (same(gx[g], xi) && same(gT[g], Ti) && same(gt[g], ti)) {
        index[i] = g;
        break;
      }
    }
  }
  return { first: first.subarray(0, m), index, groups: m };
}

/** `a` copied into a new array of `length`. */
function grown<T extends Float64Array | Int32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

/** Distinct rows as `distinctRows` gives them. */
export interface DistinctRows {
  first: Int32Array;
  index: Int32Array;
  groups: number;
}

/** The distinct (x, t_x, T) rows `compress` made last of each `x` array, until `distinctTriplets` takes them. */
const TRIPLETS = new WeakMap<object, { tx: ArrayLike<number>; T: ArrayLike<number>; rows: DistinctRows }>();

/**
 * The distinct (x, t_x, T) rows (`distinctRows`): those `compress` made of the same arrays when it did (then given up,
 * so that the run does not hold a customer's index longer than it needs), else made here. CLV scores the customers
 * its BG/NBD fit compressed: P(alive)'s denominator, a power, once per distinct triplet instead of once per customer
 * (6.33M customers, 289,346 triplets: 0.8 s of powers).
 */
export function distinctTriplets(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): DistinctRows {
  const made = TRIPLETS.get(x);
  if (made) TRIPLETS.delete(x);
  return made && made.tx === tx && made.T === T ? made.rows : distinctRows(x, tx, T);
}

/** Keeps `rows`, the distinct rows of (x, t_x, T) made elsewhere (a worker thread), for `distinctTriplets`. */
export function keepTriplets(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  rows: DistinctRows,
): void {
  TRIPLETS.set(x, { tx, T, rows });
}

/** Group identical (x, t_x, T) rows, in order of first appearance (the likelihood sums them in that order). */
export function compress(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Compressed {
  const rows = distinctRows(x, tx, T);
  keepTriplets(x, tx, T, rows);
  const { first, index, groups: m } = rows;
  const xs = new Float64Array(m),
    ts = new Float64Array(m),
    Ts = new Float64Array(m),
    w = new Float64Array(m);
  for (let g = 0; g < m; g++) {
    const j = first[g];
    xs[g] = x[j];
    ts[g] = tx[j];
    Ts[g] = T[j];
  }
  for (let i = 0; i < index.length; i++) w[index[i]]++;
  return { x: xs, tx: ts, T: Ts, w };
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

/**
 * The likelihood regrouped for speed: terms that depend only on x are computed once per distinct x,
 * ln(α + T) and ln(α + t_x) once per distinct T and t_x, and customers with x = 0 are summed per T.
 * Evaluating costs one exp and one log per customer row with x > 0. Same value as `bgnbdLogLik`.
 */
export interface PreparedBgNbd {
  xs: Float64Array;
  wx: Float64Array;
  Ts: Float64Array;
  txs: Float64Array;
  /** Weight of x = 0 customers per distinct T. */
  w0: Float64Array;
  /** Rows with x > 0: index of x, of T, of t_x, and weight. */
  px: Int32Array;
  pT: Int32Array;
  ptx: Int32Array;
  pw: Float64Array;
}

/** The distinct values in order of first appearance and each value's index into them (`distinctValues`). */
function indexer(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const { values: distinct, index } = distinctValues(values);
  return { distinct, index };
}

export function prepareBgNbd(d: Compressed): PreparedBgNbd {
  const X = indexer(d.x),
    TT = indexer(d.T),
    TX = indexer(d.tx);
  const wx = new Float64Array(X.distinct.length),
    w0 = new Float64Array(TT.distinct.length);
  // The rows with x > 0 into typed arrays cut to length after: pushing them onto arrays was 8 of the 14 ms this took on
  // the 75,513 rows of the 1M-order benchmark.
  const n = d.x.length;
  const px = new Int32Array(n),
    pT = new Int32Array(n),
    ptx = new Int32Array(n),
    pw = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    wx[X.index[i]] += d.w[i];
    if (d.x[i] === 0) w0[TT.index[i]] += d.w[i];
    else {
      px[m] = X.index[i];
      pT[m] = TT.index[i];
      ptx[m] = TX.index[i];
      pw[m++] = d.w[i];
    }
  }
  return {
    xs: X.distinct,
    wx,
    Ts: TT.distinct,
    txs: TX.distinct,
    w0,
    px: px.slice(0, m),
    pT: pT.slice(0, m),
    ptx: ptx.slice(0, m),
    pw: pw.slice(0, m),
  };
}

const SCRATCH = new WeakMap<PreparedBgNbd, Float64Array>();
/** A work array of at least `n` doubles kept with `q` (bgnbdValueGrad's exponentials and their log1p). */
function scratchOf(q: PreparedBgNbd, n: number): Float64Array {
  let a = SCRATCH.get(q);
  if (!a || a.length < n) {
    a = new Float64Array(n);
    SCRATCH.set(q, a);
  }
  return a;
}

/** Log-likelihood on prepared data (see `PreparedBgNbd`). */
export function bgnbdLogLikPrepared(p: BgNbdParams, q: PreparedBgNbd, penalty = 0): number {
  const { r, alpha, a, b } = p;
  const base = -lgamma(r) + r * Math.log(alpha) - lbeta(a, b);
  const nx = q.xs.length;
  const rx = new Float64Array(nx),
    c4 = new Float64Array(nx);
  let s = 0;
  for (let k = 0; k < nx; k++) {
    const x = q.xs[k];
    rx[k] = r + x;
    s += q.wx[k] * (base + lgamma(r + x) + lbeta(a, b + x));
    c4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
  }
  const lT = q.Ts.map((T) => Math.log(alpha + T));
  const ltx = q.txs.map((tx) => Math.log(alpha + tx));
  for (let j = 0; j < lT.length; j++) if (q.w0[j] > 0) s -= q.w0[j] * r * lT[j];
  for (let i = 0; i < q.pw.length; i++) {
    const k = q.px[i];
    const a3 = -rx[k] * lT[q.pT[i]];
    const a4 = c4[k] - rx[k] * ltx[q.ptx[i]];
    s += q.pw[i] * (a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4)));
  }
  if (penalty > 0) s -= penalty * (r ** 2 + alpha ** 2 + a ** 2 + b ** 2);
  return s;
}

/**
 * Log-likelihood and its gradient with respect to (r, α, a, b), on prepared data (FHL 2005 eq. 6
 * differentiated; ψ = digamma). With w₄ the weight of the "dropped out after the last purchase" term:
 * ∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x); ∂α = r/α − (r+x)(w₃/(α+T) + w₄/(α+t_x));
 * ∂a = ψ(a+b) − ψ(a+b+x) + w₄/a; ∂b = ψ(b+x) − ψ(b) + ψ(a+b) − ψ(a+b+x) − w₄/(b+x−1).
 */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function bgnbdValueGrad(p: BgNbdParams, q: PreparedBgNbd, penalty = 0): [number, number[]] {
  const { r, alpha, a, b } = p;
  let ll = 0,
    gr = 0,
    ga = 0,
    gA = 0,
    gB = 0;
  const lA = Math.log(alpha),
    psiR = digamma(r),
    psiAB = digamma(a + b),
    psiB = digamma(b);
  const base = -lgamma(r) + r * lA - lbeta(a, b);
  const nx = q.xs.length;
  const rx = new Float64Array(nx),
    c4 = new Float64Array(nx),
    inv4 = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = q.xs[k],
      w = q.wx[k];
    rx[k] = r + x;
    ll += w * (base + lgamma(r + x) + lbeta(a, b + x));
    const psiABX = digamma(a + b + x);
    gr += w * (digamma(r + x) - psiR + lA);
    ga += w * (r / alpha);
    gA += w * (psiAB - psiABX);
    gB += w * (digamma(b + x) - psiB + psiAB - psiABX);
    c4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
    inv4[k] = x > 0 ? 1 / (b + x - 1) : 0;
  }
  const nT = q.Ts.length,
    nTx = q.txs.length;
  const lT = new Float64Array(nT),
    iT = new Float64Array(nT),
    ltx = new Float64Array(nTx),
    itx = new Float64Array(nTx);
  for (let j = 0; j < nT; j++) {
    lT[j] = Math.log(alpha + q.Ts[j]);
    iT[j] = 1 / (alpha + q.Ts[j]);
  }
  for (let j = 0; j < nTx; j++) {
    ltx[j] = Math.log(alpha + q.txs[j]);
    itx[j] = 1 / (alpha + q.txs[j]);
  }
  for (let j = 0; j < nT; j++) {
    const w = q.w0[j];
    if (w > 0) {
      ll -= w * r * lT[j];
      gr -= w * lT[j];
      ga -= w * r * iT[j];
    }
  }
  const ia = 1 / a;
  // The rows' columns in locals, and the log-sum-exp without a branch on which term is larger: a branch taken at
  // random mispredicts on half the rows (10% of this loop on the 1M-order benchmark). The same doubles as
  // `a3 > a4 ? (exp(a4 − a3), a3 + log1p(e), 1/(1 + e)) : (exp(a3 − a4), a4 + log1p(e), e/(1 + e))`:
  // −|a3 − a4| is exactly a4 − a3 or a3 − a4 (a difference and its negation round alike).
  const px = q.px,
    pT = q.pT,
    ptx = q.ptx,
    pw = q.pw,
    rows = pw.length;
  // Three passes: the exponentials, their log1p, then the sums. Math.exp and Math.log1p are calls, around which every
  // double the summing loop holds in a register was saved and restored; in loops of their own they hold none (per
  // evaluation on the 1M-order benchmark's 74,800 rows, on a busy machine: 4.9 -> 4.0 ms). The same doubles, in order.
  const E = scratchOf(q, 2 * rows);
  for (let i = 0; i < rows; i++) {
    const k = px[i];
    const rk = rx[k];
    E[i] = Math.exp(-Math.abs(-rk * lT[pT[i]] - (c4[k] - rk * ltx[ptx[i]])));
  }
  for (let i = 0; i < rows; i++) E[rows + i] = Math.log1p(E[i]);
  for (let i = 0; i < rows; i++) {
    const k = px[i],
      T = pT[i],
      tx = ptx[i],
      w = pw[i];
    const rk = rx[k],
      lt = lT[T],
      lx = ltx[tx];
    const a3 = -rk * lt;
    const a4 = c4[k] - rk * lx;
    const up = a3 > a4;
    const e = E[i];
    const lse = (up ? a3 : a4) + E[rows + i];
    const w3 = (up ? 1 : e) / (1 + e);
    const w4 = 1 - w3;
    ll += w * lse;
    gr -= w * (w3 * lt + w4 * lx);
    ga -= w * rk * (w3 * iT[T] + w4 * itx[tx]);
    gA += w * w4 * ia;
    gB -= w * w4 * inv4[k];
  }
  if (penalty > 0) {
    ll -= penalty * (r ** 2 + alpha ** 2 + a ** 2 + b ** 2);
    gr -= 2 * penalty * r;
    ga -= 2 * penalty * alpha;
    gA -= 2 * penalty * a;
    gB -= 2 * penalty * b;
  }
  return [ll, [gr, ga, gA, gB]];
}

/**
 * Hessian of the log-likelihood with respect to (r, α, a, b), on prepared data (FHL 2005 eq. 6 differentiated twice;
 * ψ′ = trigamma): the x terms give ∂rr = ψ′(r+x) − ψ′(r), ∂rα = 1/α, ∂αα = −r/α², ∂aa = ∂ab = ψ′(a+b) − ψ′(a+b+x),
 * ∂bb = ψ′(b+x) − ψ′(b) + ψ′(a+b) − ψ′(a+b+x); each row's log-sum-exp of a3 and a4 (weights w₃, w₄) gives
 * w₃∇²a3 + w₄∇²a4 + w₃w₄(∇a3 − ∇a4)(∇a3 − ∇a4)ᵀ. One pass over the rows with one exp each, where central differences
 * of the gradient took eight passes with an exp and a log1p each.
 */
export function bgnbdHessian(p: BgNbdParams, q: PreparedBgNbd, penalty = 0): number[][] {
  const { r, alpha, a, b } = p;
  // Its upper triangle: 0 r, 1 α, 2 a, 3 b.
  let h00 = 0,
    h01 = 0,
    h11 = 0,
    h02 = 0,
    h03 = 0,
    h12 = 0,
    h13 = 0,
    h22 = 0,
    h23 = 0,
    h33 = 0;
  const tR = trigamma(r),
    tAB = trigamma(a + b),
    tB = trigamma(b);
  const nx = q.xs.length;
  const c4 = new Float64Array(nx),
    ib = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = q.xs[k],
      w = q.wx[k];
    const tABX = trigamma(a + b + x);
    h00 += w * (trigamma(r + x) - tR);
    h01 += w / alpha;
    h11 -= (w * r) / (alpha * alpha);
    h22 += w * (tAB - tABX);
    h23 += w * (tAB - tABX);
    h33 += w * (trigamma(b + x) - tB + tAB - tABX);
    c4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
    ib[k] = x > 0 ? 1 / (b + x - 1) : 0;
  }
  const lT = q.Ts.map((T) => Math.log(alpha + T)),
    iT = q.Ts.map((T) => 1 / (alpha + T)),
    ltx = q.txs.map((tx) => Math.log(alpha + tx)),
    itx = q.txs.map((tx) => 1 / (alpha + tx));
  for (let j = 0; j < lT.length; j++) {
    const w = q.w0[j];
    if (w > 0) {
      h01 -= w * iT[j];
      h11 += w * r * iT[j] * iT[j];
    }
  }
  const d2 = -1 / a; // ∂(a3 − a4)/∂a
  for (let i = 0; i < q.pw.length; i++) {
    const k = q.px[i],
      w = q.pw[i],
      rk = r + q.xs[k];
    const lt = lT[q.pT[i]],
      lx = ltx[q.ptx[i]],
      it = iT[q.pT[i]],
      ix = itx[q.ptx[i]];
    const a3 = -rk * lt,
      a4 = c4[k] - rk * lx;
    const e = Math.exp(-Math.abs(a3 - a4));
    const w3 = (a3 > a4 ? 1 : e) / (1 + e),
      w4 = 1 - w3,
      w34 = w * w3 * w4;
    // ∇a3 − ∇a4 = (ln(α+t_x) − ln(α+T), (r+x)(1/(α+t_x) − 1/(α+T)), −1/a, 1/(b+x−1)) = (d0, d1, d2, d3).
    const d0 = lx - lt,
      d1 = rk * (ix - it),
      d3 = ib[k];
    h00 += w34 * d0 * d0;
    h01 += w34 * d0 * d1 - w * (w3 * it + w4 * ix);
    h11 += w34 * d1 * d1 + w * rk * (w3 * it * it + w4 * ix * ix);
    h02 += w34 * d0 * d2;
    h03 += w34 * d0 * d3;
    h12 += w34 * d1 * d2;
    h13 += w34 * d1 * d3;
    h22 += w34 * d2 * d2 - w * w4 * d2 * d2;
    h23 += w34 * d2 * d3;
    h33 += w34 * d3 * d3 + w * w4 * d3 * d3;
  }
  const pen = 2 * Math.max(penalty, 0);
  return [
    [h00 - pen, h01, h02, h03],
    [h01, h11 - pen, h12, h13],
    [h02, h12, h22 - pen, h23],
    [h03, h13, h23, h33 - pen],
  ];
}

const fromLog = (v: readonly number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

/**
 * Maximum-likelihood fit on log-parameters from r = a = b = 1 and α = mean T / 10: BFGS with the analytic
 * gradient (cap 300 iterations); when it does not converge, Nelder–Mead (cap 4,000) and a Newton polish —
 * unless BFGS stopped at the edge of the parameter space, where the fit is returned with `atLimit` (on 200,000
 * customers buying at one rate the fallback took 11 s and walked further along the ridge). Deterministic.
 * Example (CDNOW sample, weeks): r 0.242593, α 4.413532, a 0.792886, b 2.425752, LL −9582.43.
 */
export function fitBgNbd(d: Compressed, penalty = 0): BgNbdFit {
  let meanT = 0,
    n = 0;
  for (let i = 0; i < d.T.length; i++) {
    meanT += d.w[i] * d.T[i];
    n += d.w[i];
  }
  meanT = n > 0 ? meanT / n : 1;
  const prep = prepareBgNbd(d);
  // Objective in log-parameters: −LL and its gradient by the chain rule (∂/∂ln θ = θ·∂/∂θ). The last point's gradient
  // is kept: where BFGS converges it is the optimum, whose gradient the standard errors take (one pass of 26 saved).
  const last = { v: [Number.NaN], g: [] as number[] };
  const fg = (v: number[]): [number, number[]] => {
    const p = fromLog(v);
    const [ll, g] = bgnbdValueGrad(p, prep, penalty);
    last.v = v.slice();
    last.g = g;
    if (!Number.isFinite(ll) || g.some((x) => !Number.isFinite(x))) return [Infinity, [0, 0, 0, 0]];
    return [-ll, [-g[0] * p.r, -g[1] * p.alpha, -g[2] * p.a, -g[3] * p.b]];
  };
  const x0 = [0, Math.log(Math.max(meanT / 10, 1e-3)), 0, 0];
  // BFGS with the analytic gradient; Nelder–Mead (cap 4,000 iterations) and a Newton polish as the fallback.
  const best = minimizeWithFallback(fg, x0, {
    bfgs: { maxIterations: 300, gradientTolerance: 1e-5 },
    fallbackIterations: 4000,
  });
  const { iterations, atLimit } = best;
  const params = fromLog(best.x);
  // Standard errors: inverse Hessian of −LL in log space, then se(θ) = θ·se(log θ) (delta method).
  // In log-parameters (θ = e^v): ∂²/∂vᵢ∂vⱼ = θᵢθⱼ·∂²/∂θᵢ∂θⱼ + [i = j]·θᵢ·∂/∂θᵢ, of −LL.
  const g = last.v.every((v, i) => v === best.x[i]) ? last.g : bgnbdValueGrad(params, prep, penalty)[1];
  const H = bgnbdHessian(params, prep, penalty);
  const th = [params.r, params.alpha, params.a, params.b];
  const cov = invert(H.map((row, i) => row.map((h, j) => -(th[i] * th[j] * h) - (i === j ? th[i] * g[i] : 0))));
  let se: BgNbdParams | null = null;
  if (cov && cov.every((row, i) => row[i] > 0)) {
    const s = cov.map((row, i) => Math.sqrt(row[i]));
    se = { r: params.r * s[0], alpha: params.alpha * s[1], a: params.a * s[2], b: params.b * s[3] };
  }
  return {
    params,
    se,
    logLik: -best.fx,
    iterations,
    converged: best.converged,
    uniqueRows: d.x.length,
    ...(atLimit ? { atLimit: true } : {}),
  };
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
  if (t <= 0) return 0;
  return expectationNumerator(p, t, x, T) / aliveDenominator(p, x, tx, T);
}

/**
 * Numerator of the conditional expectation, which depends on (x, T, t) but not on t_x, so callers
 * scoring many customers can share it: ((a+b+x−1)/(a−1))·[1 − ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].
 */
export function expectationNumerator(p: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  return (
    ((a + b + x - 1) / (a - 1)) *
    (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
  );
}

/**
 * `expectationNumerator(p, t, x, T)` of one x at many (t, T), the same doubles: the ₂F₁ series' coefficients and the
 * leading factor depend on the parameters and x only, so they are made once (`Hyp2f1Series`).
 */
export function expectationNumeratorOf(p: BgNbdParams, x: number): (t: number, T: number) => number {
  const { r, alpha, a, b } = p;
  const f = new Hyp2f1Series(r + x, b + x, a + b + x - 1);
  const lead = (a + b + x - 1) / (a - 1),
    rx = r + x;
  return (t: number, T: number): number => {
    if (t <= 0) return 0;
    const z = t / (alpha + T + t);
    return lead * (1 - Math.pow((alpha + T) / (alpha + T + t), rx) * f.at(z));
  };
}

/**
 * The distinct (x, T) pairs of the customers, in order of first appearance, and each customer's pair: what the
 * numerator of the conditional expectation depends on.
 */
export function distinctPairs(
  x: ArrayLike<number>,
  T: ArrayLike<number>,
): { x: Float64Array; T: Float64Array; index: Int32Array } {
  const { first, index, groups: m } = distinctRows(x, null, T);
  const xs = new Float64Array(m),
    Ts = new Float64Array(m);
  for (let g = 0; g < m; g++) {
    xs[g] = x[first[g]];
    Ts[g] = T[first[g]];
  }
  return { x: xs, T: Ts, index };
}

/** Denominator 1 + [x > 0]·a/(b+x−1)·((α+T)/(α+t_x))^(r+x) of the conditional expectation; P(alive) is its inverse. */
export function aliveDenominator(p: BgNbdParams, x: number, tx: number, T: number): number {
  return x > 0 ? 1 + (p.a / (p.b + x - 1)) * Math.pow((p.alpha + T) / (p.alpha + tx), p.r + x) : 1;
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
