/** Small, hot helpers over single cell values. */
import type { CellValue } from '../types.js';
import { isExcelError } from './excel-errors.js';
import { parseDateText } from './parse-date.js';
import { parseNumberText } from './parse-number.js';

/** Blank: null, undefined, empty or whitespace-only text. */
export function isBlankCell(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (typeof v !== 'string') return false;
  const c = v.charCodeAt(0);
  // Only text that starts with whitespace can be all whitespace.
  return (c <= 32 || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b)) && v.trim() === '';
}

/** Code units `String.prototype.trim` removes at either end, and the control codes below U+0020 (which it keeps). */
export function isTrimmed(c: number): boolean {
  return (
    c <= 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Trim only when needed (most cells need not), keeping the common path allocation-free. Any white space `trim`
 * removes, at either end, is removed: the pushed-down SQL trims the same characters (Dialect.trim).
 */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return isTrimmed(a) || isTrimmed(b) ? s.trim() : s;
}

/**
 * Text that reads as a label (a header cell): a string that is not a number, a date, a boolean
 * word or an Excel error.
 */
export function isLabelText(v: CellValue | undefined): boolean {
  if (typeof v !== 'string') return false;
  const t = v.trim();
  if (t === '' || isExcelError(t)) return false;
  if (BOOLEAN_WORDS.has(t.toLowerCase())) return false;
  return parseNumberText(t) === null && parseDateText(t) === null;
}

/** Boolean words (lower-cased) and what they mean. */
export const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['是', true],
  ['否', false],
]);

/** Text that marks a missing value in a numeric or date column. */
export const MISSING_MARKERS: ReadonlySet<string> = new Set([
  '-',
  '–',
  '—',
  '--',
  '/',
  'n/a',
  'na',
  'n.a.',
  'null',
  'none',
  'nan',
  'nil',
  '无',
  '空',
  '暂无',
  '缺失',
]);

/** Header text of a cell: trimmed text; numbers and booleans as Excel shows them; errors as empty. */
export function headerText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    const t = v.replace(/\s+/g, ' ').trim();
    return isExcelError(t) ? '' : t;
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return Number.isFinite(v) ? String(v) : '';
}
