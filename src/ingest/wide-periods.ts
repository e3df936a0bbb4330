/**
 * A sheet laid out with periods across its columns (channel | 2024-01 | 2024-02 | …), the usual shape of a
 * budget or a monthly spend plan. Loopbook reads one row per channel and period, so such a sheet is not
 * recognised; this finds the period columns so the message can say what to change and where.
 */
import type { CellValue } from '../types.js';
import { classifyFormat } from './number-format.js';

const MONTHS_EN =
  '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?';
const PERIOD_HEADER = new RegExp(
  [
    '^\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*月?$', // 2024-01, 2024/1, 2024年1月
    '^\\d{1,2}\\s*[-/.]\\s*\\d{4}$', // 01/2024
    `^${MONTHS_EN}[\\s'.,-]*(\\d{2}|\\d{4})$`, // Jan 2024, Jan-24
    `^(\\d{2}|\\d{4})[\\s'.,-]*${MONTHS_EN}$`, // 2024 Jan, 24-Jan
    `^${MONTHS_EN}$`, // January
    '^\\d{1,2}\\s*月(份)?$', // 1月
    '^(\\d{4}\\s*[-年]?\\s*)?(q[1-4]|[1-4]\\s*季度|第[一二三四1-4]季度)$', // 2024 Q1, Q1, 1季度
    '^(q[1-4])\\s*[-]?\\s*\\d{4}$', // Q1 2024
    '^(fy)?\\s*\\d{4}$', // 2024, FY2024 (years)
  ].join('|'),
  'i',
);

/**
 * Is this header cell a period: a number shown as a date (Excel turns a typed `2024-01` into one), a year
 * typed as a plain number (`2024`), or text such as `2024-01`, `Jan 2024`, `1月`, `Q1`? The one rule for
 * header detection (locate-table.ts) and for the wide-layout message (ingest-grid.ts).
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
