/**
 * What an Excel number format says about a numeric cell: a date, a date-time, a percentage, money,
 * text (`@`), zero-padded digits (`00000`) or a plain number.
 */

export type FormatClass = 'general' | 'number' | 'date' | 'datetime' | 'time' | 'percent' | 'currency' | 'text';

export interface FormatInfo {
  cls: FormatClass;
  /** Currency symbol or code when `cls` is `currency`. */
  currency?: string;
  /** Width of a zero-padding format such as `000000` (keeps leading zeros of ids). */
  zeroPad?: number;
}

const CURRENCY_SYMBOLS = ['$', '¥', '￥', '€', '£', '₩', '₹', '元'];
const cache = new Map<string, FormatInfo>();

/**
 * Classify an Excel number format string (first section only). Cached: a sheet uses few formats.
 * @example classifyFormat('yyyy-mm-dd') // → { cls: 'date' }
 */
export function classifyFormat(format: string | null | undefined): FormatInfo {
  if (typeof format !== 'string' || format === '' || format === 'General') return GENERAL;
  let hit = cache.get(format);
  if (!hit) {
    hit = classifyUncached(format);
    if (cache.size > 5000) cache.clear();
    cache.set(format, hit);
  }
  return hit;
}
const GENERAL: FormatInfo = { cls: 'general' };

function classifyUncached(format: string): FormatInfo {
  const section = splitFirstSection(format);
  let currency: string | undefined;
  // [$€-407], [$USD] … name a currency; [$-804] is only a locale; [Red], [h], [>100] …
  const brackets = section.match(/\[[^\]]*\]/g) ?? [];
  let elapsedTime = false;
  for (const b of brackets) {
    const m = /^\[\$([^-\]]*)/.exec(b);
    if (m && m[1].trim() !== '') currency = m[1].trim();
    if (/^\[(h+|m+|s+)\]$/i.test(b)) elapsedTime = true;
  }
  // Drop quoted literals, escaped characters and bracketed sections, keep their text for currency.
  const quoted = (section.match(/"[^"]*"/g) ?? []).join('');
  const escaped = (section.match(/\\./g) ?? []).map((s) => s.slice(1)).join('');
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  const literalText = quoted + escaped + bare;
  if (!currency) currency = CURRENCY_SYMBOLS.find((s) => literalText.includes(s));
  if (bare.trim() === '@') return { cls: 'text' };
  const lower = bare.toLowerCase().replace(/am\/pm|a\/p/g, 'h');
  const hasTime = /[hs]/.test(lower) || elapsedTime;
  if (/[yd]/.test(lower)) return { cls: hasTime ? 'datetime' : 'date' };
  if (hasTime && !/[#?]/.test(lower)) return { cls: 'time' };
  if (/m/.test(lower) && !/[#0?]/.test(lower)) return { cls: 'date' };
  if (lower.includes('%')) return { cls: 'percent' };
  if (currency) return { cls: 'currency', currency: normaliseCurrency(currency) };
  const pad = /^0{2,}$/.exec(bare.trim());
  if (pad) return { cls: 'number', zeroPad: pad[0].length };
  return { cls: /[#0?]/.test(lower) ? 'number' : 'general' };
}

function splitFirstSection(format: string): string {
  let inQuote = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '"') inQuote = !inQuote;
    else if (c === '\\') i++;
    else if (c === ';' && !inQuote) return format.slice(0, i);
  }
  return format;
}

/** `￥` and `元` → `¥`; `US$` → `$`; codes upper-cased. */
export function normaliseCurrency(c: string): string {
  const t = c.trim();
  if (t === '￥' || t === '元' || t === 'RMB' || t === 'rmb') return t === 'RMB' || t === 'rmb' ? 'CNY' : '¥';
  if (t === 'US$') return '$';
  return /^[a-z]{3}$/i.test(t) ? t.toUpperCase() : t;
}
