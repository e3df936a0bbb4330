/**
 * Calendar periods on Excel serial dates (1900 system, UTC): month and ISO week (Monday) starts.
 * Serial 25569 is 1970-01-01; serial 25573 is Monday 1970-01-05.
 */

export type PeriodUnit = 'week' | 'month';

const EPOCH = 25_569;
const MONDAY = 25_573;
const DAY_MS = 86_400_000;

/** Serial of the Monday on or before `serial` (ISO week start). Excel: `=A1-WEEKDAY(A1,3)`. */
export function weekStart(serial: number): number {
  const d = Math.floor(serial);
  return d - ((((d - MONDAY) % 7) + 7) % 7);
}

/** Serial of the first day of the month holding `serial`. Excel: `=EOMONTH(A1,-1)+1`. */
export function monthStart(serial: number): number {
  const dt = new Date((Math.floor(serial) - EPOCH) * DAY_MS);
  return Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth(), 1) / DAY_MS + EPOCH;
}

/** Start of the period holding `serial`. */
export function periodStart(serial: number, unit: PeriodUnit): number {
  return unit === 'week' ? weekStart(serial) : monthStart(serial);
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(start: number, unit: PeriodUnit): number {
  if (unit === 'week') return start + 7;
  const dt = new Date((start - EPOCH) * DAY_MS);
  return Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1) / DAY_MS + EPOCH;
}

/** `YYYY-MM` for a month, `YYYY-MM-DD` (the Monday) for a week. */
export function periodLabel(start: number, unit: PeriodUnit): string {
  const iso = new Date((start - EPOCH) * DAY_MS).toISOString();
  return unit === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/**
 * The period unit for a span of dates: months when the data covers more than about 13 weeks
 * (so at least three months compare), weeks otherwise.
 */
export function chooseUnit(minSerial: number, maxSerial: number): PeriodUnit {
  return maxSerial - minSerial >= 91 ? 'month' : 'week';
}
