/**
 * Excel serial dates (1900 system) ↔ ISO dates, in UTC. Serial 25569 is 1970-01-01; serials below 61
 * follow Excel's 1900 leap-year quirk (serial 60 is the non-existent 1900-02-29).
 */
const EPOCH_1970 = 25569;
const MS_PER_DAY = 86_400_000;

/** `2024-06-18` → 45461. Returns null for text that is not a valid YYYY-MM-DD date. */
export function isoToSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const serial = ms / MS_PER_DAY + EPOCH_1970;
  return serial < 61 ? serial - 1 : serial;
}

/** 45461 → `2024-06-18` (the day part of a fractional serial). */
export function serialToIso(serial: number): string {
  const whole = Math.floor(serial);
  const adjusted = whole < 61 ? whole + 1 : whole;
  return new Date((adjusted - EPOCH_1970) * MS_PER_DAY).toISOString().slice(0, 10);
}
