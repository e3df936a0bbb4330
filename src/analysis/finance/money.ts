/**
 * Exact money for the finance analyses: every amount is parsed once into integer minor units (cents, fen)
 * held as a safe-integer JS number, summed as integers (totals in BigInt), and turned back into a decimal
 * number only for output. Nothing here uses floating-point arithmetic on money.
 *
 * Why not `Math.round(x * 100)`: `1.005 * 100` is `100.49999999999999`. We read the shortest decimal text
 * that round-trips the double (`String(1.005)` = `"1.005"`, what the user typed in Excel) and scale that
 * text, rounding half away from zero like Excel's `ROUND(x, 2)`.
 */
import { parseNumberText } from '../../ingest/parse-number.js';

/** A decimal scaled to integer units: `value` = round(x · 10^scale); `rounded` when digits were dropped. */
export interface Scaled {
  value: number;
  rounded: boolean;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * Scale a decimal written as text (`"12.345"`, `"-1e-7"`) to an integer number of `scale`-th units,
 * rounding half away from zero (Excel `ROUND`). Null when the text is not a decimal or the result is
 * not a safe integer (|value| ≥ 2^53).
 * @example scaleDecimal('1.005', 2) // → { value: 101, rounded: false }
 */
export function scaleDecimal(text: string, scale: number): Scaled | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const exp = m[4] ? Number(m[4]) : 0;
  const digits = intPart + fracPart;
  const point = intPart.length + exp + scale;
  let whole: string;
  let rest: string;
  if (point <= 0) {
    whole = '0';
    rest = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    rest = '';
  } else {
    whole = digits.slice(0, point);
    rest = digits.slice(point);
  }
  const trimmed = whole.replace(/^0+/, '');
  if (trimmed.length > 16) return null;
  let value = trimmed === '' ? 0 : Number(trimmed);
  const roundUp = rest.length > 0 && rest.charCodeAt(0) >= 53; // '5'
  if (roundUp) value += 1;
  if (!Number.isSafeInteger(value)) return null;
  const rounded = /[1-9]/.test(rest);
  if (m[1] === '-' && value !== 0) value = -value;
  return { value, rounded };
}

/**
 * The shortest decimal text of a finite double (what Excel shows for a typed value), or null.
 * `String()` already gives the shortest round-trip form, with an exponent for tiny and huge values.
 */
function decimalText(x: number): string | null {
  return Number.isFinite(x) ? String(x) : null;
}

/** Why a cell gave no amount. */
export type AmountProblem = 'blank' | 'unparseable' | 'too-large' | 'percent';

/** A parsed amount: integer minor units, or the problem. `currency` when the text carried a symbol/code. */
export type ParsedAmount =
  { ok: true; minor: number; rounded: boolean; currency?: string } | { ok: false; problem: AmountProblem };

/**
 * Parse one cell (a number from ingest, or text such as `"¥1,234.50"`, `"(12.00)"`) into minor units with
 * `digits` decimals (2 for cents/fen, 0 for JPY).
 * @example parseAmount(1234.5, 2) // → { ok: true, minor: 123450, rounded: false }
 */
export function parseAmount(v: unknown, digits: number): ParsedAmount {
  if (v === null || v === undefined) return { ok: false, problem: 'blank' };
  let text: string | null = null;
  let currency: string | undefined;
  if (typeof v === 'number') {
    // Fast path: the value is exactly a decimal with `digits` places (what almost every amount is).
    const p = 10 ** digits;
    const m = Math.round(v * p);
    if (Number.isSafeInteger(m) && m / p === v) return { ok: true, minor: m === 0 ? 0 : m, rounded: false };
    text = decimalText(v);
  } else if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return { ok: false, problem: 'blank' };
    const direct = scaleDecimal(t, digits);
    if (direct) return { ok: true, minor: direct.value, rounded: direct.rounded };
    const p = parseNumberText(t);
    if (!p) return { ok: false, problem: 'unparseable' };
    if (p.percent) return { ok: false, problem: 'percent' };
    const x = Number.isFinite(p.us) ? p.us : p.eu;
    text = decimalText(x);
    currency = p.currency;
  } else return { ok: false, problem: 'unparseable' };
  if (text === null) return { ok: false, problem: 'unparseable' };
  const s = scaleDecimal(text, digits);
  if (!s) return { ok: false, problem: 'too-large' };
  return currency
    ? { ok: true, minor: s.value, rounded: s.rounded, currency }
    : { ok: true, minor: s.value, rounded: s.rounded };
}

const digitCache = new Map<string, number>();

/** Decimals of a currency's minor unit (ISO 4217 via Intl): USD/CNY 2, JPY/KRW 0; 2 when unknown. */
export function currencyDigits(code: string): number {
  let d = digitCache.get(code);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitCache.set(code, d);
  }
  return d;
}

const SYMBOLS: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  HK$: 'HKD',
  '₩': 'KRW',
  '₹': 'INR',
  RMB: 'CNY',
  元: 'CNY',
  人民币: 'CNY',
  美元: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  日元: 'JPY',
  円: 'JPY',
  港元: 'HKD',
  港币: 'HKD',
};

/**
 * ISO code of a currency cell (`usd`, `US$`, `￥`, `人民币` …); blank gives `fallback`. `¥` means JPY when the
 * report currency is JPY, else CNY. Unknown text is returned upper-cased (it will have no rate).
 */
export function normaliseCurrencyCode(raw: unknown, fallback: string): string {
  if (raw === null || raw === undefined) return fallback;
  const t = (typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '').normalize('NFKC').trim();
  if (t === '') return fallback;
  if (t === '¥') return fallback === 'JPY' ? 'JPY' : 'CNY';
  const up = t.toUpperCase();
  return SYMBOLS[t] ?? SYMBOLS[up] ?? up;
}

/** An exact rational rate: `num / 10^scale`. */
export interface ExactRate {
  num: bigint;
  scale: number;
}

/** A user rate (number or decimal text) as an exact rational; null when it is not a positive decimal. */
export function exactRate(rate: number | string): ExactRate | null {
  const text = typeof rate === 'number' ? decimalText(rate) : rate.trim();
  if (text === null) return null;
  const m = DECIMAL.exec(text);
  if (!m || m[1] === '-') return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const exp = m[4] ? Number(m[4]) : 0;
  let digits = intPart + fracPart;
  let scale = fracPart.length - exp;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const num = BigInt(digits);
  if (num === 0n) return null;
  return { num, scale };
}

/** Integer division of `a` by positive `b`, rounding half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const x = neg ? -a : a;
  const q = (2n * x + b) / (2n * b);
  return neg ? -q : q;
}

/**
 * Convert minor units of one currency into minor units of another at an exact rate (target units per one
 * source unit), rounding half away from zero to the target's minor unit. Null when the result is not safe.
 * @example convertMinor(1000, 2, { num: 71234n, scale: 4 }, 2) // 10.00 USD at 7.1234 → 7123 (71.23 CNY)
 */
export function convertMinor(minor: number, fromDigits: number, rate: ExactRate, toDigits: number): number | null {
  const numer = BigInt(minor) * rate.num * 10n ** BigInt(toDigits);
  const denom = 10n ** BigInt(fromDigits + rate.scale);
  const r = divRound(numer, denom);
  const n = Number(r);
  return Number.isSafeInteger(n) ? n : null;
}

/** Minor units → a number for output (`12345` with 2 digits → `123.45`, the double nearest the decimal). */
export function fromMinor(minor: number | bigint, digits: number): number {
  if (typeof minor === 'bigint') {
    const p = 10n ** BigInt(digits);
    const neg = minor < 0n;
    const a = neg ? -minor : minor;
    const text = `${neg ? '-' : ''}${(a / p).toString()}${digits > 0 ? '.' + (a % p).toString().padStart(digits, '0') : ''}`;
    return Number(text);
  }
  return digits === 0 ? minor : minor / 10 ** digits;
}

/** An exact fraction such as a tolerance percentage, as parts per billion (0.005 → 5,000,000). */
export function toPpb(fraction: number): bigint {
  const s = Number.isFinite(fraction) && fraction > 0 ? scaleDecimal(String(fraction), 9) : null;
  return s ? BigInt(s.value) : 0n;
}

/**
 * Whether a difference is within tolerance: |diff| ≤ abs, or |diff| ≤ pct · |base| (pct in parts per
 * billion). Exact integer comparison, so 1.00 on 100.00 at 1% is within.
 */
export function withinTolerance(diff: number, base: number, absMinor: number, pctPpb: bigint): boolean {
  const d = Math.abs(diff);
  if (d <= absMinor) return true;
  return BigInt(d) * 1_000_000_000n <= pctPpb * BigInt(Math.abs(base));
}
