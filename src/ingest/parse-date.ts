/**
 * Dates and times written as text, turned into Excel serial numbers of the 1900 date system
 * (days since 1899-12-30 from 1900-03-01 on; Excel's fictitious 1900-02-29 is serial 60, so earlier
 * dates are one day lower). No local time is involved anywhere.
 */

export interface DateText {
  /** `ymd` when the year comes first (or the month is a name); `xy` for `18/06/2024`-style. */
  form: 'ymd' | 'xy';
  /** Serial for year-first or named-month dates; NaN when not a real date. */
  ymd: number;
  /** `xy` form read as day/month/year, NaN when impossible. */
  dmy: number;
  /** `xy` form read as month/day/year, NaN when impossible. */
  mdy: number;
  /** A time of day was written. */
  hasTime: boolean;
  /** A real calendar date outside what Excel can show (before 1900 or after 9999). */
  outOfRange: boolean;
}

/** Excel serial (1900 system) of a calendar date, or NaN when the date does not exist. */
export function serialFromYmd(y: number, m: number, d: number): number {
  if (!Number.isInteger(y) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  // Years below 100 never reach here as real dates (callers flag years before 1900 as out of range).
  const serial = Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
  return serial < 61 ? serial - 1 : serial;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Largest serial Excel shows: 9999-12-31. */
export const MAX_SERIAL = 2_958_465;

const TIME = String.raw`(\d{1,2})(?::|时)(\d{2})(?:(?::|分)(\d{2})(?:\.(\d{1,9}))?秒?)?\s*(am|pm|上午|下午)?\s*(z|[+-]\d{2}:?\d{2})?`;
const YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:t|\s+)${TIME})?$`, 'i');
const YMD_ZH = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*${TIME})?$`, 'i');
const XY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+${TIME})?$`, 'i');
const D_MON_Y = new RegExp(String.raw`^(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s,-]+(\d{4}|\d{2})(?:,?\s+${TIME})?$`, 'i');
const MON_D_Y = new RegExp(String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+${TIME})?$`, 'i');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthFromName(name: string): number {
  const n = name.toLowerCase();
  const i = MONTHS.indexOf(n.slice(0, 3));
  if (i < 0) return 0;
  // Accept the full name or a prefix of at least 3 letters ("Sept" too).
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ][i];
  return full.startsWith(n) || (n === 'sept' && i === 8) ? i + 1 : 0;
}

/** Two-digit years as Excel reads them: 00–29 → 2000s, 30–99 → 1900s. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 30 ? 2000 + n : 1900 + n) : n;
}

/** Fraction of a day from time parts, or NaN when impossible. */
function dayFraction(h?: string, mi?: string, s?: string, frac?: string, ampm?: string): number {
  if (h === undefined) return 0;
  let hh = Number(h);
  const mm = Number(mi);
  const ss = s === undefined ? 0 : Number(s) + (frac ? Number(`0.${frac}`) : 0);
  if (ampm) {
    const pm = /pm|下午/i.test(ampm);
    if (hh < 1 || hh > 12) return NaN;
    hh = (hh % 12) + (pm ? 12 : 0);
  }
  if (hh > 23 || mm > 59 || ss >= 60) return NaN;
  return (hh * 3600 + mm * 60 + ss) / 86_400;
}

function withTime(serial: number, t: number): number {
  return Number.isNaN(serial) || Number.isNaN(t) ? NaN : serial + t;
}

/**
 * Read a date or date-time written as text; null when the text is not date-like at all.
 * Offsets (`Z`, `+08:00`) are ignored: the wall-clock time written is kept, as Excel shows it.
 * @example parseDateText('2024年6月18日') // → { form: 'ymd', ymd: 45461, … }
 */
export function parseDateText(input: string): DateText | null {
  const t = input.trim();
  const n = t.length;
  if (n < 6 || n > 40) return null;
  const c0 = t.charCodeAt(0);
  const digitFirst = c0 >= 48 && c0 <= 57;
  let m: RegExpExecArray | null;
  if (digitFirst) {
    m = YMD.exec(t);
    if (m) return ymdResult(Number(m[1]), Number(m[3]), Number(m[4]), m.slice(5));
    m = XY.exec(t);
    if (m) {
      const y = fullYear(m[4]);
      const a = Number(m[1]);
      const b = Number(m[3]);
      const time = dayFraction(m[5], m[6], m[7], m[8], m[9]);
      return {
        form: 'xy',
        ymd: NaN,
        dmy: withTime(serialFromYmd(y, b, a), time),
        mdy: withTime(serialFromYmd(y, a, b), time),
        hasTime: m[5] !== undefined,
        outOfRange: y < 1900 || y > 9999,
      };
    }
    m = YMD_ZH.exec(t);
    if (m) return ymdResult(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4));
    m = D_MON_Y.exec(t);
    if (m) {
      const mon = monthFromName(m[2]);
      return mon ? ymdResult(fullYear(m[3]), mon, Number(m[1]), m.slice(4)) : null;
    }
    return null;
  }
  m = MON_D_Y.exec(t);
  if (m) {
    const mon = monthFromName(m[1]);
    return mon ? ymdResult(Number(m[3]), mon, Number(m[2]), m.slice(4)) : null;
  }
  return null;
}

function ymdResult(y: number, mo: number, d: number, time: (string | undefined)[]): DateText {
  const outOfRange = y < 1900 || y > 9999;
  const serial = withTime(serialFromYmd(y, mo, d), dayFraction(time[0], time[1], time[2], time[3], time[4]));
  return { form: 'ymd', ymd: serial, dmy: NaN, mdy: NaN, hasTime: time[0] !== undefined, outOfRange };
}

/** `yyyymmdd` written as one number (e.g. `19970101`), or NaN. */
export function serialFromCompact(v: number): number {
  if (!Number.isInteger(v) || v < 19000101 || v > 99991231) return NaN;
  return serialFromYmd(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
}
