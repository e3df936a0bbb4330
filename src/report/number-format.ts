/**
 * Excel number format codes for the value kinds of analysis results.
 */
import type { ValueKind } from '../analysis/types.js';

const CURRENCY_SYMBOLS: Record<string, string> = {
  CNY: '¥',
  JPY: '¥',
  USD: '$',
  EUR: '€',
  GBP: '£',
  HKD: 'HK$',
  TWD: 'NT$',
  KRW: '₩',
  INR: '₹',
};

/** Currencies shown without decimals by default. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW']);

function decimalsPart(decimals: number): string {
  return decimals > 0 ? '.' + '0'.repeat(decimals) : '';
}

/**
 * The Excel number format for a value kind.
 * @example numberFormatFor('currency', 'CNY') // '"¥"#,##0.00'
 * @example numberFormatFor('percent', 'CNY', 1) // '0.0%'
 */
export function numberFormatFor(kind: ValueKind, currency: string, decimals?: number): string {
  const d = (fallback: number) => Math.max(0, Math.min(10, Math.round(decimals ?? fallback)));
  switch (kind) {
    case 'text':
      return '@';
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0' + decimalsPart(d(2));
    case 'currency': {
      const code = currency.toUpperCase();
      const body = '#,##0' + decimalsPart(d(ZERO_DECIMAL.has(code) ? 0 : 2));
      const sym = CURRENCY_SYMBOLS[code];
      // Negative amounts keep the sign before the symbol: -¥1,234.00
      return sym !== undefined ? `"${sym}"${body};-"${sym}"${body}` : `${body} "${code.replace(/[^A-Z]/g, '')}"`;
    }
    case 'percent':
      return '0' + decimalsPart(d(1)) + '%';
    case 'ratio':
      return '0' + decimalsPart(d(2));
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
  }
}

/** Format for a relative change: `▲ 12.3%` / `▼ 4.0%` / `0.0%`. */
export const CHANGE_FORMAT = '"▲ "0.0%;"▼ "0.0%;0.0%';

/** Excel serial (1900 system) → `YYYY-MM-DD` (UTC). Serial 1 = 1900-01-01; Excel's phantom 1900-02-29 is serial 60. */
export function serialToIso(serial: number): string {
  const days = Math.floor(serial);
  // 25569 = serial of 1970-01-01 for serials after 1900-02-28.
  const ms = (days - 25569) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → Excel serial (1900 system). */
export function isoToSerial(iso: string): number {
  return Math.round(Date.parse(iso + 'T00:00:00Z') / 86_400_000) + 25569;
}

/**
 * Money as plain text for sentences, e.g. `¥120,000` (CNY) or `120,000 SEK`; rounded to whole units.
 * @example moneyText(120000, 'CNY') // '¥120,000'
 */
export function moneyText(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const sym = CURRENCY_SYMBOLS[code];
  const abs = Math.round(Math.abs(amount))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = amount < 0 && abs !== '0' ? '-' : '';
  return sym !== undefined ? `${sign}${sym}${abs}` : `${sign}${abs} ${code}`;
}
