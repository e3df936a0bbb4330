/**
 * Numbers written as text: plain (`1234.5`), with thousands separators (`1,234.56`, `1 234,56`,
 * `1'234.56`), with a decimal comma (`1.234,56`), currency symbols and codes before or after
 * (`$1,234`, `¥12`, `€ 5,00`, `12.50 USD`, `100元`), accounting negatives (`(1,234)`), percentages
 * (`12.5%`), Chinese magnitudes (`1.2万`, `3亿`) and scientific notation (`1.2E+05`).
 */
import { normaliseCurrency } from './number-format.js';

export interface NumberText {
  /** Value read with `.` as decimal point; NaN when the text is not valid that way. */
  us: number;
  /** Value read with `,` as decimal point; NaN when the text is not valid that way. */
  eu: number;
  /** Currency symbol or ISO code seen, normalised (`￥`/`元` → `¥`, `RMB` → `CNY`). */
  currency?: string;
  percent: boolean;
  /** Digits only, more than one, starting with 0 (`00123`): an id, not a number. */
  leadingZero: boolean;
  /** Digits only (no sign, separators or decoration): could be an id. */
  digitsOnly: boolean;
}

const PREFIX_CURRENCY =
  /^(US\$|HK\$|NT\$|A\$|C\$|S\$|R\$|\$|¥|￥|€|£|₩|₹|RMB|CNY|USD|EUR|GBP|JPY|HKD|AUD|CAD|CHF|SGD|KRW|INR|TWD)\s*/i;
const SUFFIX_CURRENCY =
  /\s*(US\$|\$|¥|￥|€|£|RMB|CNY|USD|EUR|GBP|JPY|HKD|AUD|CAD|CHF|SGD|KRW|INR|TWD|人民币|美元|欧元|英镑|日元|港元|港币|元)$/i;
const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY',
  美元: 'USD',
  欧元: 'EUR',
  英镑: 'GBP',
  日元: 'JPY',
  港元: 'HKD',
  港币: 'HKD',
};

/** True for a plain decimal such as `-12`, `3.25`, `.5` (fast path, no allocation). */
export function isPlainDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 17) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) i = 1;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** 10^0 … 10^22, each exact as a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The value of the ASCII bytes `b[i, e)` when they are a plain decimal (`isPlainDecimal`: an optional `-`, digits with
 * at most one `.`, at least one digit, at most 17 bytes) of at most 15 digits, without a `.` when `comma` (the column
 * reads `,` as its decimal mark): `Number` of its text, else NaN (the caller reads the text). Its digits make an
 * integer below 2^53 and its decimals a power of ten below 10^23, both exact, so their quotient is the double
 * nearest the decimal, as `Number` gives it (one correctly rounded division of exact operands).
 */
export function shortDecimal(b: Uint8Array, i: number, e: number, comma: boolean): number {
  const len = e - i;
  if (len === 0 || len > 17) return NaN;
  const negative = b[i] === 45;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (let p = negative ? i + 1 : i; p < e; p++) {
    const c = b[p];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0 && !comma) point = p;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const x = point < 0 ? m : m / POW10[e - point - 1];
  return negative ? -x : x;
}

/**
 * Read a number written as text, or return null when the text is not a number.
 * @example parseNumberText('(1,234.50)') // → { us: -1234.5, eu: NaN, percent: false, … }
 */
export function parseNumberText(input: string): NumberText | null {
  let t = input.trim();
  if (t === '' || t.length > 40) return null;
  if (/[\uff10-\uff19\uff0c\uff0e\uff05\uff0d]/.test(t)) t = t.normalize('NFKC');
  t = t.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/\u2212/g, '-');
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  // A sign, then again after a currency prefix (two signs: 99, not a number). Inline, not a closure: tsx wraps
  // each closure made in a call with a naming call (keepNames), a cost per cell on a sample of thousands.
  let sign = 0;
  let c = t[0];
  if (c === '-' || c === '+') {
    sign = c === '-' ? -1 : 1;
    t = t.slice(1).trimStart();
  }
  let currency: string | undefined;
  let m = PREFIX_CURRENCY.exec(t);
  if (m) {
    currency = m[1];
    t = t.slice(m[0].length);
    c = t[0];
    if (c === '-' || c === '+') {
      sign = sign !== 0 ? 99 : c === '-' ? -1 : 1;
      t = t.slice(1).trimStart();
    }
  }
  // What follows only cuts the end of `t`: a text that does not start with a digit, `.` or `,` now is no number
  // (the test below would say so after the suffix regexes; an order id `O0000001` need not run them).
  const first = t.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 46 || first === 44)) return null;
  let percent = false;
  if (t.endsWith('%')) {
    percent = true;
    t = t.slice(0, -1).trimEnd();
  }
  if (!currency) {
    m = SUFFIX_CURRENCY.exec(t);
    if (m) {
      currency = m[1];
      t = t.slice(0, t.length - m[0].length);
    }
  }
  let scale = 1;
  const last = t[t.length - 1];
  if (last === '万') scale = 1e4;
  else if (last === '亿') scale = 1e8;
  if (scale !== 1) t = t.slice(0, -1).trimEnd();
  if (t.endsWith('-') && sign === 0 && !negative) {
    sign = -1; // trailing minus, as some ledgers print it
    t = t.slice(0, -1);
  }
  if (sign === 99 || t === '' || (negative && sign !== 0)) return null;
  if (percent && currency) return null;
  const c0 = t.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || c0 === 46 || c0 === 44)) return null;
  const digitsOnly = /^\d+$/.test(t);
  let us = NaN;
  let eu = NaN;
  if (digitsOnly) {
    us = eu = Number(t);
  } else if (/^\d*\.?\d+(e[+-]?\d+)?$/i.test(t) && /e/i.test(t)) {
    us = Number(t);
  } else {
    us = readStyle(t, '.', ',');
    eu = readStyle(t, ',', '.');
  }
  if (Number.isNaN(us) && Number.isNaN(eu)) return null;
  const f = (negative || sign === -1 ? -1 : 1) * scale * (percent ? 0.01 : 1);
  const out: NumberText = {
    us: us * f,
    eu: eu * f,
    percent,
    leadingZero:
      digitsOnly && t.length > 1 && c0 === 48 && !currency && !percent && scale === 1 && sign === 0 && !negative,
    digitsOnly: digitsOnly && !currency && !percent && scale === 1 && sign === 0 && !negative,
  };
  if (currency) out.currency = CURRENCY_NAMES[currency] ?? normaliseCurrency(currency);
  return out;
}

/** Read digits with the given decimal mark and group separator (or a space / apostrophe). */
function readStyle(t: string, decimal: string, group: string): number {
  const d = t.indexOf(decimal);
  if (d !== t.lastIndexOf(decimal)) return NaN; // two decimal marks
  const intPart = d >= 0 ? t.slice(0, d) : t;
  const frac = d >= 0 ? t.slice(d + 1) : '';
  if (d >= 0 && !/^\d+$/.test(frac)) return NaN;
  let digits: string;
  if (intPart === '') {
    if (d < 0) return NaN;
    digits = '0';
  } else if (/^\d+$/.test(intPart)) {
    digits = intPart;
  } else {
    // Groups of three after a first group of one to three digits, with one kind of separator.
    const sep = intPart.includes(group) ? group : intPart.includes(' ') ? ' ' : intPart.includes("'") ? "'" : '';
    if (sep === '') return NaN;
    const parts = intPart.split(sep);
    if (!/^\d{1,3}$/.test(parts[0])) return NaN;
    for (let i = 1; i < parts.length; i++) if (!/^\d{3}$/.test(parts[i])) return NaN;
    digits = parts.join('');
  }
  return Number(frac ? `${digits}.${frac}` : digits);
}
