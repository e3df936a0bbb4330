/**
 * Media response transforms in the conventions of PyMC-Marketing and Meta's Robyn: geometric adstock
 * (carry-over of spend into later weeks) and Hill saturation (diminishing returns).
 */

/**
 * Geometric adstock: y_t = Σ_{l=0}^{L−1} α^l · x_{t−l}. With `normalize`, divided by Σ α^l so that a
 * constant spend x settles at x (weights sum to 1).
 *
 * @example geometricAdstock([1, 0, 0, 0, 0, 2, 0, 0], 0.5, 4) // → [1, .5, .25, .125, 0, 2, 1, .5]
 */
export function geometricAdstock(x: ArrayLike<number>, alpha: number, maxLag: number, normalize = false): Float64Array {
  const n = x.length;
  const L = Math.max(1, Math.floor(maxLag));
  const w = new Float64Array(L);
  let sw = 0;
  for (let l = 0; l < L; l++) {
    w[l] = alpha ** l;
    sw += w[l];
  }
  if (normalize) for (let l = 0; l < L; l++) w[l] /= sw;
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let l = 0; l < L && l <= t; l++) s += w[l] * x[t - l];
    y[t] = s;
  }
  return y;
}

/**
 * Hill saturation x^s / (x^s + κ^s): 0 at 0, ½ at x = κ, → 1 as x grows. Negative x gives 0.
 *
 * @example [0, .5, 1, 2, 4].map((x) => hill(x, 1, 2)) // → [0, .2, .5, .8, .941176]
 */
export function hill(x: number, kappa: number, slope: number): number {
  if (!(x > 0)) return 0;
  const a = x ** slope;
  return a / (a + kappa ** slope);
}

/** Derivative of `hill` with respect to x: s · κ^s · x^(s−1) / (x^s + κ^s)². */
export function hillDerivative(x: number, kappa: number, slope: number): number {
  if (!(x > 0)) return slope < 1 ? Infinity : slope === 1 ? 1 / kappa : 0;
  const a = x ** slope;
  const k = kappa ** slope;
  return (slope * k * a) / x / ((a + k) * (a + k));
}
