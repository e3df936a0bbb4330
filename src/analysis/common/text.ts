/**
 * Words and numbers for the sentences of findings, verdicts and notes, in English and Simplified Chinese.
 * Tables carry raw numbers (the report applies Excel formats); only free text uses these.
 */
import type { I18nText, Lang } from '../../types.js';

const LOCALE: Record<Lang, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };
const cache = new Map<string, Intl.NumberFormat>();

/**
 * The narrow symbols `Intl.NumberFormat` gives these currencies in both languages (`currencyDisplay: 'narrowSymbol'`),
 * written before the number, the minus sign before them (`-$1,234`): `money` writes them itself. Other currencies
 * (`CHF 12`, `NT$12` in Chinese only) go through Intl.
 */
const NARROW_SYMBOL: Readonly<Record<string, string>> = {
  USD: '$',
  CNY: '¥',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  KRW: '₩',
  INR: '₹',
};

/**
 * `x` as `Intl.NumberFormat` writes it in `en-US` and `zh-CN` with at most `digits` (0–6) decimals: grouped by
 * threes with `,`, `.` before the decimals, trailing zeros dropped, `-` before a negative number (`-0` too). Null
 * where Intl is asked instead (a number beyond 1e21 or below 1e-6 but not 0, written with an exponent).
 *
 * Intl's first format in a process starts ICU, 18 ms of the main thread in the 1,000,000-order peer benchmark's RFM
 * phase (issue 13), for the counts and amounts of a few sentences. ICU rounds the shortest decimal that reads back
 * as `x` (what `String(x)` writes), half away from zero: `1.005` → `1.01`, where `toFixed(2)` reads the binary value
 * (1.00499…) and gives `1.00`; so the digits of `String(x)` are rounded here. Checked against Intl over many values
 * in tests/analysis/common/text.test.ts.
 */
export function grouped(x: number, digits: number): string | null {
  const a = Math.abs(x);
  const s = String(a);
  if (s.includes('e') || !(digits >= 0 && digits <= 6)) return null;
  const dot = s.indexOf('.');
  let int = dot < 0 ? s : s.slice(0, dot);
  let frac = dot < 0 ? '' : s.slice(dot + 1);
  if (frac.length > digits) {
    const up = frac.charCodeAt(digits) >= 53;
    frac = frac.slice(0, digits);
    if (up) {
      // Add one unit of the last kept digit: carry through the decimals, then the whole part.
      const all = increment(int + frac);
      int = all.slice(0, all.length - frac.length);
      frac = all.slice(all.length - frac.length);
    }
  }
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  let g = '';
  for (let i = int.length; i > 0; i -= 3) g = i > 3 ? `,${int.slice(i - 3, i)}${g}` : `${int.slice(0, i)}${g}`;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  return frac ? `${sign}${g}.${frac}` : `${sign}${g}`;
}

/** A string of decimal digits plus one (`'0999'` → `'1000'`, `'99'` → `'100'`). */
function increment(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${'0'.repeat(d.length)}`;
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(d.length - 1 - i);
}

/** A cached number format; `fallback` when the options are refused (an unknown currency code). */
function nf(lang: Lang, opts: Intl.NumberFormatOptions, fallback: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALE[lang], opts);
    } catch {
      f = new Intl.NumberFormat(LOCALE[lang], fallback);
    }
    cache.set(key, f);
  }
  return f;
}

/** Bilingual text. */
export function t(en: string, zh: string): I18nText {
  return { en, 'zh-CN': zh };
}

/** The same sentence in both languages from one template function. */
export function both(f: (lang: Lang) => string): I18nText {
  return { en: f('en'), 'zh-CN': f('zh-CN') };
}

/**
 * Money for a sentence, no decimals from 100 up, e.g. `$12,345`, `¥12,345`, `$12.5` (narrow symbols, as
 * the sheets' number formats show them); `–` for null. An unknown currency code gives a plain number.
 */
export function money(x: number | null, currency: string, lang: Lang): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const digits = Math.abs(x) >= 100 ? 0 : 2;
  const symbol = NARROW_SYMBOL[currency];
  const plain = symbol === undefined ? null : grouped(x, digits);
  if (plain !== null) return plain.charCodeAt(0) === 45 ? `-${symbol}${plain.slice(1)}` : `${symbol}${plain}`;
  return nf(
    lang,
    {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    },
    { maximumFractionDigits: digits },
  ).format(x);
}

/**
 * Money to the currency's smallest unit, for finance sentences that must tie out to the cent, e.g.
 * `$1,234.50`, `¥1,234.50`; `–` for null. An unknown currency code gives a number with two decimals.
 */
export function moneyExact(x: number | null, currency: string, lang: Lang): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return nf(
    lang,
    { style: 'currency', currency, currencyDisplay: 'narrowSymbol' },
    { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  ).format(x);
}

/** A fraction as a percentage with `digits` decimals, e.g. 0.1234 → `12.3%`; `–` for null. */
export function pct(x: number | null, lang: Lang, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const opts: Intl.NumberFormatOptions = {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  };
  return nf(lang, opts, opts).format(x);
}

/** A plain number with at most `digits` decimals, e.g. 1234.5 → `1,234.5`; `–` for null. */
export function num(x: number | null, lang: Lang, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const plain = grouped(x, digits);
  if (plain !== null) return plain;
  const opts: Intl.NumberFormatOptions = { maximumFractionDigits: digits };
  return nf(lang, opts, opts).format(x);
}

/**
 * A count as a message parameter, with the language's grouping (`1,345`): a catalogue fills raw numbers in
 * as they are, which suits years, row numbers and seeds, not counts of customers or orders.
 */
export function countText(n: number): (lang: Lang) => string {
  return (lang) => num(n, lang, 0);
}

/** A list joined for the language (`a, b` / `a、b`), at most `max` items then `and N more` / `等 N 项`. */
export function list(items: readonly string[], lang: Lang, max = 5): string {
  const shown = items.slice(0, max).join(lang === 'en' ? ', ' : '、');
  return items.length > max
    ? `${shown} ${lang === 'en' ? `and ${items.length - max} more` : `等 ${items.length} 项`}`
    : shown;
}

/** Excel rows as compact ranges: `2–5, 9, 12–13`, at most `max` ranges then `… (N rows)`. */
export function rowRanges(rows: readonly number[], lang: Lang, max = 5): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length && parts.length < max) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  let s = parts.join(lang === 'en' ? ', ' : '、');
  if (i < sorted.length) s += lang === 'en' ? ` … (${sorted.length} rows)` : ` …（共 ${sorted.length} 行）`;
  return s;
}
