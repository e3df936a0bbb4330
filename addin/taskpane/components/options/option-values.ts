/**
 * The Options step's plain logic, apart from React: which options are asked first, how a typed number is
 * read and checked, percentages and days as the user sees them, and how list, map and table options become
 * the values the recipe stores. Nothing here changes a value the user did not touch.
 */
import type { FieldSpec, OptionSpec } from '../../../../src/analysis/option-specs.js';

/**
 * Keys asked as plain questions, in the order of the analysis's specs, and the rest (under "Advanced"): the
 * spec's `basic` marks, else the first four.
 */
export function splitOptions(
  keys: readonly string[],
  specs: Readonly<Record<string, OptionSpec>> | undefined,
): { basic: string[]; advanced: string[] } {
  const marked = Object.keys(specs ?? {}).filter((k) => keys.includes(k) && specs?.[k]?.basic);
  const basic = marked.length > 0 ? marked : keys.slice(0, 4);
  return { basic, advanced: keys.filter((k) => !basic.includes(k)) };
}

/** 12 significant digits: undoes the float noise of ×100 and ÷100 (0.07 × 100 = 7.000000000000001). */
const tidy = (n: number) => Number(n.toPrecision(12));

/** The number as the user sees it: a percentage for `percent` fields (0.05 → 5). */
export function shownNumber(value: number, percent: boolean | undefined): string {
  return String(percent ? tidy(value * 100) : value);
}

/** Why a typed number is refused, for the message catalogue (`optionEdit.<key>`), or null when it is fine. */
export type NumberProblem =
  | { key: 'number' }
  | { key: 'whole' }
  | { key: 'range'; min: string; max: string }
  | { key: 'atLeast'; min: string }
  | { key: 'atMost'; max: string };

/**
 * Reads a typed number against a field's bounds (shown in the user's unit: percent or plain). Empty text is
 * `null` (the caller decides whether empty is allowed). Whole numbers are required when the step is 1.
 *
 * @example readNumber('7', { percent: true, min: 0, max: 1 }) // → { value: 0.07 }
 * @example readNumber('150', { percent: true, min: 0, max: 1 }) // → { problem: { key: 'range', min: '0', max: '100' } }
 */
export function readNumber(
  text: string,
  field: Pick<FieldSpec, 'min' | 'max' | 'step' | 'percent'>,
): { value: number | null } | { problem: NumberProblem } {
  const s = text
    .trim()
    .replace(/[%％]$/, '')
    .replace(/,/g, '')
    .trim();
  if (s === '') return { value: null };
  const typed = Number(s);
  if (!Number.isFinite(typed)) return { problem: { key: 'number' } };
  if (field.step === 1 && !Number.isInteger(typed)) return { problem: { key: 'whole' } };
  const value = field.percent ? tidy(typed / 100) : typed;
  const show = (n: number) => shownNumber(n, field.percent);
  const { min, max } = field;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    if (min !== undefined && max !== undefined) return { problem: { key: 'range', min: show(min), max: show(max) } };
    if (min !== undefined) return { problem: { key: 'atLeast', min: show(min) } };
    return { problem: { key: 'atMost', max: show(max!) } };
  }
  return { value };
}

/** Excel serial (1900 date system, as the engine's dates) ↔ YYYY-MM-DD. 25569 is 1970-01-01. */
export function serialToIso(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

export function isoToSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 + 25569;
}

/** One line of a map editor: the typed key and its value (a text, a number, or a few numbers). */
export interface MapEntry {
  key: string;
  value: unknown;
}

/** A map option's entries, in their stored order. */
export function mapEntries(value: unknown): MapEntry[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: v }));
}

/**
 * The stored map from the editor's lines, or why not: a blank key, or the same key twice. No lines is `{}`,
 * or `null` for an option whose default is `null` (the analysis then decides).
 */
export function entriesToMap(
  entries: readonly MapEntry[],
  nullWhenEmpty: boolean,
): { value: Record<string, unknown> | null } | { problem: { key: 'blankKey' } | { key: 'twice'; name: string } } {
  if (entries.length === 0) return { value: nullWhenEmpty ? null : {} };
  const seen = new Map<string, unknown>();
  for (const e of entries) {
    const k = e.key.trim();
    if (k === '') return { problem: { key: 'blankKey' } };
    if (seen.has(k)) return { problem: { key: 'twice', name: k } };
    seen.set(k, e.value);
  }
  return { value: Object.fromEntries(seen) };
}

/** Exchange rates as rows whichever form the recipe holds them in (a list, or currency → rate). */
export function rateRows(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.map((r) => ({ ...(r as Record<string, unknown>) }));
  if (value && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([currency, rate]) => ({ currency, rate }));
  return [];
}
