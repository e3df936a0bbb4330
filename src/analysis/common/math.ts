/** Rounding and ratios for result tables: never NaN or Infinity in a result, null instead. */

/**
 * Round to `d` decimals (half away from zero for positive values, as `Math.round`); null stays null and
 * non-finite numbers become null.
 *
 * @example
 *   round(2 / 3, 4) // → 0.6667
 */
export function round(v: number | null | undefined, d = 6): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/** Finite number or null. */
export function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/**
 * A ratio or null: null whenever the denominator is 0 or either side is missing (never NaN/Infinity).
 *
 * @example
 *   ratio(3, 4) // → 0.75;  ratio(3, 0) // → null
 */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}
