/**
 * A service period written as text in one cell, read to its first and last day (Excel serials):
 * - a range of dates: `2024-06-01 to 2024-06-30`, `2024/6/1-2024/6/30`, `2024.06.01～2024.06.30`,
 *   `2024-06-01 – 2024-06-30`, `6月1日-6月30日` (no year: the year is given by the caller);
 * - a month: `2024-06`, `2024年6月`, `June 2024`, `Jun 2024`, `202406`, `6月` (no year: as above);
 * - a quarter: `2024Q2`, `2024 Q2`, `Q2 2024`, `2024年第2季度`, `2024年Q2`.
 */
import { daysInMonth, monthFromCell, monthOfYearFromCell, monthStartSerial, serialFromCell } from './months.js';

/** First and last day of a period (inclusive serials); `noYear` when the text gave no year. */
export interface PeriodDays {
  d0: number;
  d1: number;
  noYear: boolean;
}

const DAY_EPOCH = 25_569;
const DAY_MS = 86_400_000;

function serialOf(y: number, mo: number, d: number): number | null {
  if (!(y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y * 12 + mo - 1))) return null;
  return Date.UTC(y, mo - 1, d) / DAY_MS + DAY_EPOCH;
}

function wholeMonths(m0: number, m1: number): { d0: number; d1: number } {
  return { d0: monthStartSerial(m0), d1: monthStartSerial(m1 + 1) - 1 };
}

const YMD = String.raw`\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?`;
const MD = String.raw`\d{1,2}\s*月\s*\d{1,2}\s*日?`;
const SEP = String.raw`\s*(?:\bto\b|~|–|—|-|至|到|…|\.\.)\s*`;
const RANGE_RE = new RegExp(String.raw`^(${YMD}|${MD})${SEP}(${YMD}|${MD})$`, 'iu');

/** One date of a range: `[y, m, d]` with y = NaN when the text has no year. */
function dayParts(t: string): [number, number, number] | null {
  const m = /^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(t.trim());
  return m ? [m[1] ? Number(m[1]) : NaN, Number(m[2]), Number(m[3])] : null;
}

/**
 * The days a period text covers, or null when it is not one. `year` is used for texts without a year
 * (`6月1日-6月30日`, `6月`).
 * @example periodDays('2024/6/1-2024/6/30', 2024) // → { d0: 45444, d1: 45473, noYear: false }
 */
export function periodDays(v: unknown, year: number | null): PeriodDays | null {
  if (typeof v !== 'string') return null;
  const t = v.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (t === '') return null;
  const r = RANGE_RE.exec(t);
  if (r) {
    const a = dayParts(r[1]);
    const b = dayParts(r[2]);
    if (!a || !b) return null;
    const noYear = Number.isNaN(a[0]) || Number.isNaN(b[0]);
    const ya = Number.isNaN(a[0]) ? (Number.isNaN(b[0]) ? year : b[0]) : a[0];
    // `12月1日-1月31日` with no year runs into the next year.
    let yb = Number.isNaN(b[0]) ? ya : b[0];
    if (ya === null || yb === null) return null;
    if (Number.isNaN(b[0]) && (b[1] < a[1] || (b[1] === a[1] && b[2] < a[2]))) yb += 1;
    const d0 = serialOf(ya, a[1], a[2]);
    const d1 = serialOf(yb, b[1], b[2]);
    if (d0 === null || d1 === null || d1 < d0) return null;
    return { d0, d1, noYear };
  }
  let q = /^(\d{4})\s*年?\s*(?:第\s*([1-4一二三四])\s*季度?|Q([1-4]))$/iu.exec(t);
  const qOf = (s: string): number => '一二三四'.indexOf(s) + 1 || Number(s);
  if (q) {
    const m0 = Number(q[1]) * 12 + (qOf(q[2] ?? q[3]) - 1) * 3;
    return Number(q[1]) >= 1900 ? { ...wholeMonths(m0, m0 + 2), noYear: false } : null;
  }
  q = /^Q([1-4])\s*[- ]?\s*(\d{4})$/iu.exec(t);
  if (q) {
    const m0 = Number(q[2]) * 12 + (Number(q[1]) - 1) * 3;
    return Number(q[2]) >= 1900 ? { ...wholeMonths(m0, m0 + 2), noYear: false } : null;
  }
  // A single date is a day, not a month: leave it to the date reader.
  if (serialFromCell(t) !== null && !/^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$/u.test(t)) return null;
  const m = monthFromCell(t);
  if (m !== null) return { ...wholeMonths(m, m), noYear: false };
  const moy = monthOfYearFromCell(t);
  if (moy !== null && typeof v === 'string' && year !== null) {
    const m0 = year * 12 + moy - 1;
    return { ...wholeMonths(m0, m0), noYear: true };
  }
  return null;
}
