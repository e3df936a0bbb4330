/**
 * Words and numbers for the finance findings, reasons and notes, in English and Simplified Chinese.
 * Result tables carry raw numbers (the report applies Excel formats); only free text uses these.
 */
import type { I18nText, Lang } from '../../types.js';

const LOCALE: Record<Lang, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };
const cache = new Map<string, Intl.NumberFormat>();

function nf(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${opts.style ?? ''}|${opts.currency ?? ''}|${opts.minimumFractionDigits ?? ''}|${opts.maximumFractionDigits ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALE[lang], opts);
    } catch {
      f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    cache.set(key, f);
  }
  return f;
}

/** Money to the cent, e.g. `$1,234.50`, `¥1,234.50` (narrow symbols); `–` for null. */
export function money(x: number | null, currency: string, lang: Lang): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return nf(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(x);
}

/** A fraction as a percentage with `digits` decimals. */
export function pct(x: number | null, lang: Lang, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return nf(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** The same sentence in both languages from one template function. */
export function both(f: (lang: Lang) => string): I18nText {
  return { en: f('en'), 'zh-CN': f('zh-CN') };
}

/** A list joined for the language (`a, b` / `a、b`), at most `max` items then `+N`. */
export function list(items: readonly string[], lang: Lang, max = 5): string {
  const shown = items.slice(0, max).join(lang === 'en' ? ', ' : '、');
  return items.length > max ? `${shown} ${lang === 'en' ? `and ${items.length - max} more` : `等 ${items.length} 项`}` : shown;
}

/** Ratio or null when the denominator is zero or either side is missing (never NaN/Infinity). */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
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
