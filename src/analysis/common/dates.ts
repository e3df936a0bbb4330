/** Dates in the engine are Excel serials (1900 system) or UTC midnight, never local time. */

/**
 * ISO date `YYYY-MM-DD` of an Excel serial (1900 system), for notes and labels.
 *
 * @example
 *   isoDate(45_658) // → '2025-01-01'
 */
export function isoDate(serial: number): string {
  return new Date(Math.round((serial - 25_569) * 86_400_000)).toISOString().slice(0, 10);
}
