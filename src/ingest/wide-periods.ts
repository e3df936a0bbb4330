/**
 * Periods written across a sheet's columns (channel | 2024-01 | 2024-02 | …, 渠道 | 1月 … 12月 | 合计), the usual
 * shape of a budget or a monthly spend plan: which header cells are periods, what period each names, and the
 * year of months written without one (`1月`, `Jan`), taken from the title rows. unpivot.ts turns such a sheet
 * into one row per key and period.
 */
import type { CellValue } from '../types.js';
import { classifyFormat } from './number-format.js';

const MONTHS_EN =
  '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?';
const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const PERIOD_HEADER = new RegExp(
  [
    '^\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*月?$', // 2024-01, 2024/1, 2024年1月
    '^\\d{1,2}\\s*[-/.]\\s*\\d{4}$', // 01/2024
    `^${MONTHS_EN}[\\s'.,-]*(\\d{2}|\\d{4})$`, // Jan 2024, Jan-24
    `^(\\d{2}|\\d{4})[\\s'.,-]*${MONTHS_EN}$`, // 2024 Jan, 24-Jan
    `^${MONTHS_EN}$`, // January
    '^\\d{1,2}\\s*月(份)?$', // 1月
    '^(十[一二]?|[一二三四五六七八九])月(份)?$', // 一月
    '^(\\d{4}\\s*[-年]?\\s*)?(q[1-4]|[1-4]\\s*季度|第?[一二三四1-4]季度)$', // 2024 Q1, Q1, 1季度, 一季度
    '^(q[1-4])\\s*[-]?\\s*\\d{4}$', // Q1 2024
    '^(fy)?\\s*\\d{4}$', // 2024, FY2024 (years)
  ].join('|'),
  'i',
);

/**
 * Is this header cell a period: a number shown as a date (Excel turns a typed `2024-01` into one), a year
 * typed as a plain number (`2024`), or text such as `2024-01`, `Jan 2024`, `1月`, `Q1`? The one rule for
 * header detection (locate-table.ts) and for wide layouts (unpivot.ts).
 */
export function isPeriodHeaderCell(v: CellValue | undefined, format: string | undefined): boolean {
  if (typeof v === 'number') {
    const cls = classifyFormat(format).cls;
    // Excel's dates run from serial 1 (1900-01-01) to 2,958,465 (9999-12-31).
    if (cls === 'date' || cls === 'datetime') return v >= 1 && v < 2_958_466;
    return (cls === 'general' || cls === 'number') && Number.isInteger(v) && v >= 1990 && v <= 2100;
  }
  return typeof v === 'string' && PERIOD_HEADER.test(v.trim());
}

export type PeriodGrain = 'day' | 'month' | 'quarter' | 'year';

/** What a period header names. */
export interface Period {
  grain: PeriodGrain;
  /** The year, or null when the header names none (`1月`, `Jan`, `Q1`). */
  year: number | null;
  /** Month 1–12 (day, month), quarter 1–4, or 0 (year). */
  n: number;
  /** Day of the month (day grain only). */
  day?: number;
}

const MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOfName = (s: string): number => MONTH_KEYS.indexOf(s.slice(0, 3).toLowerCase()) + 1;
const fullYear = (s: string): number => (s.length === 2 ? 2000 + Number(s) : Number(s));
const okMonth = (m: number): boolean => Number.isInteger(m) && m >= 1 && m <= 12;

const P_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const P_YM = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const P_MY = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/;
const P_NAME_Y = new RegExp(`^${MONTHS_EN}[\\s'.,-]*(\\d{2}|\\d{4})$`, 'i');
const P_Y_NAME = new RegExp(`^(\\d{2}|\\d{4})[\\s'.,-]*${MONTHS_EN}$`, 'i');
const P_NAME = new RegExp(`^${MONTHS_EN}$`, 'i');
const P_ZH_MONTH = /^(\d{1,2})\s*月份?$/;
const P_ZH_NUM_MONTH = /^(十[一二]?|[一二三四五六七八九])月份?$/;
const P_QUARTER = /^(?:(\d{4})\s*[-年]?\s*)?(?:q([1-4])|([1-4])\s*季度|第?([一二三四1-4])季度)$/i;
const P_QUARTER_Y = /^q([1-4])\s*-?\s*(\d{4})$/i;
const P_YEAR = /^(?:fy)?\s*(\d{4})(?:\s*年)?$/i;

/**
 * The period a header text names (the text locate-table.ts gives: a date cell reads `2024-01` or `2024-01-15`),
 * or null when it names none.
 * @example parsePeriodHeader('2024年3月') // → { grain: 'month', year: 2024, n: 3 }
 * @example parsePeriodHeader('一季度') // → { grain: 'quarter', year: null, n: 1 }
 */
export function parsePeriodHeader(text: string): Period | null {
  const t = text.normalize('NFKC').trim();
  let m = P_DAY.exec(t);
  if (m) return okMonth(Number(m[2])) ? { grain: 'day', year: Number(m[1]), n: Number(m[2]), day: Number(m[3]) } : null;
  m = P_YM.exec(t);
  if (m) return okMonth(Number(m[2])) ? { grain: 'month', year: Number(m[1]), n: Number(m[2]) } : null;
  m = P_MY.exec(t);
  if (m) return okMonth(Number(m[1])) ? { grain: 'month', year: Number(m[2]), n: Number(m[1]) } : null;
  m = P_NAME_Y.exec(t);
  if (m) return { grain: 'month', year: fullYear(m[m.length - 1]), n: monthOfName(m[1]) };
  m = P_Y_NAME.exec(t);
  if (m) return { grain: 'month', year: fullYear(m[1]), n: monthOfName(m[2]) };
  m = P_NAME.exec(t);
  if (m) return { grain: 'month', year: null, n: monthOfName(m[1]) };
  m = P_ZH_MONTH.exec(t);
  if (m) return okMonth(Number(m[1])) ? { grain: 'month', year: null, n: Number(m[1]) } : null;
  m = P_ZH_NUM_MONTH.exec(t);
  if (m) return { grain: 'month', year: null, n: ZH_NUMERALS.indexOf(m[1]) + 1 };
  m = P_QUARTER.exec(t);
  if (m) {
    const q = m[2] ?? m[3] ?? m[4];
    const n = /\d/.test(q) ? Number(q) : ZH_NUMERALS.indexOf(q) + 1;
    return { grain: 'quarter', year: m[1] ? Number(m[1]) : null, n };
  }
  m = P_QUARTER_Y.exec(t);
  if (m) return { grain: 'quarter', year: Number(m[2]), n: Number(m[1]) };
  m = P_YEAR.exec(t);
  if (m && Number(m[1]) >= 1900 && Number(m[1]) <= 2100) return { grain: 'year', year: Number(m[1]), n: 0 };
  return null;
}

/** A period as the unpivoted table writes it: `2024-03`, `2024-Q1`, `2024`, `2024-03-15`; yearless as written. */
export function periodLabel(p: Period, header: string): string {
  const mm = String(p.n).padStart(2, '0');
  if (p.year === null) return header.normalize('NFKC').trim();
  switch (p.grain) {
    case 'day':
      return `${p.year}-${mm}-${String(p.day ?? 1).padStart(2, '0')}`;
    case 'month':
      return `${p.year}-${mm}`;
    case 'quarter':
      return `${p.year}-Q${p.n}`;
    default:
      return String(p.year);
  }
}

/** A year 1990–2100 standing alone in a text (`2024年营销预算`, `Budget FY2024`), not inside a longer number. */
const YEAR_IN_TEXT = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;

/** The years a cell names: a whole number 1990–2100, or the stand-alone years in its text. */
export function yearsInCell(v: CellValue | undefined): number[] {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1990 && v <= 2100 ? [v] : [];
  if (typeof v !== 'string') return [];
  const out: number[] = [];
  for (const m of v.normalize('NFKC').matchAll(YEAR_IN_TEXT)) {
    const y = Number(m[1]);
    if (y >= 1990 && y <= 2100 && !out.includes(y)) out.push(y);
  }
  return out;
}
