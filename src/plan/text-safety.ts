/**
 * Formula injection and silent conversion: which strings a host would NOT store as the text given.
 *
 * Excel turns a typed or API-written string into something else when it begins with `=`, `+`, `-` or `@`
 * (a formula), looks like a number, date, time, percentage or currency amount (`00123` → 123,
 * `1/2` → a date), is `TRUE`/`FALSE`, an error literal such as `#N/A`, or begins with an apostrophe
 * (the quote prefix is swallowed). Such strings are wrapped as `{ text }` in a Plan; appliers store them
 * as literal strings. Tab and CR at the start are included (OWASP CSV-injection list).
 */
import type { CellValue } from '../types.js';
import type { PlanValue } from './types.js';

const FORMULA_START = /^[=+\-@\t\r\n']/;
// Only digits, separators, signs, currency symbols, %, parentheses and exponents, with at least one digit.
const NUMBER_LIKE = /^[\s\d.,:/%$¥€£₩₹()+\-eE]*\d[\s\d.,:/%$¥€£₩₹()+\-eE]*$/;
const BOOLEAN_LIKE = /^\s*(true|false)\s*$/i;
const ERROR_LIKE = /^\s*#(N\/A|DIV\/0!|REF!|NAME\?|NULL!|NUM!|VALUE!|SPILL!|CALC!|GETTING_DATA)\s*$/i;

/** True when a host could store `s` as something other than this exact text. */
export function needsTextGuard(s: string): boolean {
  return FORMULA_START.test(s) || NUMBER_LIKE.test(s) || BOOLEAN_LIKE.test(s) || ERROR_LIKE.test(s);
}

/**
 * A cell value as a PlanValue: strings a host would reinterpret become `{ text }`.
 * @example toPlanValue('=1+1') // { text: '=1+1' }
 * @example toPlanValue('Paid search') // 'Paid search'
 */
export function toPlanValue(v: CellValue | undefined): PlanValue {
  if (typeof v === 'string') return needsTextGuard(v) ? { text: v } : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  return null;
}

/** The text of a PlanValue cell, or null when it is not text. */
export function planText(v: PlanValue): string | null {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') return v.text;
  return null;
}
