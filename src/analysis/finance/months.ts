/**
 * Calendar months for finance: a month is an integer index `year · 12 + (month − 1)`, computed from Excel
 * serial dates (1900 system, UTC). Budget and service periods are read from dates, serials, `2024-03`,
 * `2024/3`, `2024年3月`, `202403`, `Mar 2024`.
 */
import { parseDateText } from '../../ingest/parse-date.js';

const EPOCH = 25_569;
const DAY_MS = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month index of an Excel serial. Excel: `=YEAR(A1)*12+MONTH(A1)-1`. */
export function monthOf(serial: number): number {
  const d = new Date((Math.floor(serial) - EPOCH) * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Serial of the first day of month `m`. Excel: `=DATE(y, mo, 1)`. */
export function monthStartSerial(m: number): number {
  return Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS + EPOCH;
}

/** Days in month `m`. Excel: `=DAY(EOMONTH(A1,0))`. */
export function daysInMonth(m: number): number {
  return monthStartSerial(m + 1) - monthStartSerial(m);
}

/** `YYYY-MM`. */
export function monthLabel(m: number): string {
  const y = Math.floor(m / 12);
  return `${String(y).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/** A range of months as `2024-03` or `2024-03…2024-05`. */
export function monthRangeLabel(a: number, b: number): string {
  return a === b ? monthLabel(a) : `${monthLabel(a)}…${monthLabel(b)}`;
}

function ym(y: number, mo: number): number | null {
  return Number.isInteger(y) && y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 ? y * 12 + mo - 1 : null;
}

/**
 * The month a cell names, or null. Numbers are Excel serials (or `yyyymm` such as 202403); text may be a
 * month (`2024-03`, `2024/3`, `2024年3月`, `Mar 2024`, `March-2024`, `202403`) or any date ingest reads.
 * @example monthFromCell('2024年3月') // → 24290 (2024 · 12 + 2)
 */
export function monthFromCell(v: unknown): number | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (Number.isInteger(v) && v >= 190001 && v <= 999912) return ym(Math.floor(v / 100), v % 100);
    return v >= 1 && v < 2_958_466 ? monthOf(v) : null;
  }
  if (typeof v !== 'string') return null;
  const t = v.normalize('NFKC').trim();
  if (t === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t);
  if (m) return ym(Number(m[1]), Number(m[2]));
  m = /^(\d{4})(\d{2})$/.exec(t);
  if (m) return ym(Number(m[1]), Number(m[2]));
  m = /^([a-z]{3})[a-z]*\.?[\s-]+(\d{4})$/i.exec(t);
  if (m) {
    const i = MONTHS.indexOf(m[1].toLowerCase());
    return i >= 0 ? ym(Number(m[2]), i + 1) : null;
  }
  const d = parseDateText(t);
  if (!d) return null;
  const s = Number.isFinite(d.ymd) ? d.ymd : Number.isFinite(d.dmy) ? d.dmy : d.mdy;
  return Number.isFinite(s) ? monthOf(s) : null;
}

const MONTH_NAMES =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$/i;

/**
 * The month of the year (1–12) a cell names without a year — `3月`, `03月`, `三月`, `March`, `Mar`, or a
 * whole number 1–12 in a month column — or null. Budgets are often laid out this way, the year in the
 * sheet's title.
 * @example monthOfYearFromCell('3月') // → 3
 */
export function monthOfYearFromCell(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 12 ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.normalize('NFKC').trim();
  let m = /^(\d{1,2})\s*月份?$/.exec(t);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 12 ? Number(m[1]) : null;
  m = /^(十[一二]?|[一二三四五六七八九])月份?$/.exec(t);
  if (m) {
    const zh = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
    return zh.indexOf(m[1]) + 1;
  }
  m = MONTH_NAMES.exec(t);
  if (m) return MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1;
  return null;
}

/** A date cell as an Excel serial: numbers as they are, text through ingest's date reader; else null. */
export function serialFromCell(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 1 && v < 2_958_466 ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const d = parseDateText(v.normalize('NFKC'));
  if (!d) return null;
  const s = Number.isFinite(d.ymd) ? d.ymd : Number.isFinite(d.dmy) ? d.dmy : d.mdy;
  return Number.isFinite(s) ? s : null;
}

/**
 * The month a cell names: the month of a date (serial or date text), else a month text (`2025-03`,
 * `2025年3月`); null when neither.
 *
 * @example
 *   monthOfCell(45_731) // → 2025 * 12 + 2 (2025-03-15 is in March)
 *   monthOfCell('2025-03') // → 2025 * 12 + 2
 */
export function monthOfCell(v: unknown): number | null {
  const s = serialFromCell(v);
  return s !== null ? monthOf(s) : monthFromCell(v);
}
