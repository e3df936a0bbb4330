/**
 * Number formatting for the sentences of findings and verdicts, in English and Simplified Chinese.
 * Tables carry raw numbers (the report applies Excel formats); only free text uses these.
 */
import type { I18nText, Lang } from '../types.js';

const cache = new Map<string, Intl.NumberFormat>();

function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, opts);
    } catch {
      // An unknown currency code: fall back to a plain number.
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: opts.maximumFractionDigits ?? 0 });
    }
    cache.set(key, f);
  }
  return f;
}

const LOCALE: Record<Lang, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };

/** Money, no decimals above 100, e.g. `$12,345`, `¥12,345` (narrow symbols, as the sheets show them). */
export function money(x: number | null, currency: string, lang: Lang): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const digits = Math.abs(x) >= 100 ? 0 : 2;
  // Narrow symbol (¥, $, €): the sheets' number formats show the same one next to these sentences.
  return nf(LOCALE[lang], { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(x);
}

/** A fraction as a percentage, e.g. 0.1234 → `12.3%`. */
export function pct(x: number | null, lang: Lang, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return nf(LOCALE[lang], { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
}

/** A plain number with at most `digits` decimals. */
export function num(x: number | null, lang: Lang, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return nf(LOCALE[lang], { maximumFractionDigits: digits }).format(x);
}

/** Build the same sentence in both languages from one template function. */
export function both(f: (lang: Lang) => string): I18nText {
  return { en: f('en'), 'zh-CN': f('zh-CN') };
}

/** A ratio or null: null whenever the denominator is 0 or either side is missing. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}
