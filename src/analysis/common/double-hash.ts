/** Hashing doubles by their bits, for the open-addressing tables that group equal numbers (bg-nbd.ts, gamma-gamma.ts). */

const DOUBLE = new Float64Array(1);
const BITS = new Int32Array(DOUBLE.buffer);

/**
 * `h` with the bits of `v` mixed in by the odd multiplier `m` (equal as SameValueZero: −0 as 0, every NaN as one).
 * Chain one call per value of a key, then finish with `h ^ (h >>> 15)`.
 * @example mixDouble(0, -0, 0x85ebca6b) === mixDouble(0, 0, 0x85ebca6b) // true
 */
export function mixDouble(h: number, v: number, m: number): number {
  DOUBLE[0] = v === 0 ? 0 : Number.isNaN(v) ? NaN : v;
  return Math.imul(h ^ BITS[0] ^ Math.imul(BITS[1], m), 0x9e3779b1);
}
