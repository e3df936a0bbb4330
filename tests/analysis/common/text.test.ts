import { describe, expect, it } from 'vitest';
import { grouped, money, num } from '../../../src/analysis/common/text.js';

/**
 * num and money write the common cases themselves (no ICU start, issue 13); the expected strings here are what
 * `Intl.NumberFormat` gives with the options num and money passed it before, on the running Node.
 */
const formats = new Map<string, Intl.NumberFormat>();
const format = (locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat => {
  const key = locale + JSON.stringify(opts);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
};
const intlNum = (x: number, locale: string, digits: number): string =>
  format(locale, { maximumFractionDigits: digits }).format(x);
const intlMoney = (x: number, currency: string, locale: string): string => {
  const digits = Math.abs(x) >= 100 ? 0 : 2;
  return format(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(x);
};

/** Values around rounding ties and group boundaries, and spread over magnitudes (a fixed-seed generator). */
function values(): number[] {
  const out = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 1.005, 1.045, 2.675, 0.125, 0.995, 9.995, 99.995, 999.5, 999.4999];
  out.push(1000, 999999.5, -1234567.125, 12345678901234.5, 1e20, 999999999999999900000, 1e-6, 0.000001234, -0.001);
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 4000; i++) {
    const mag = 10 ** Math.floor(rand() * 16 - 4);
    const x = Math.round(rand() * mag * 1000) / 1000;
    out.push(x, -x, x + 0.005, Math.round(rand() * 100000) / 200);
  }
  return out;
}

describe('num and money without Intl', () => {
  it('write what Intl.NumberFormat writes in en-US and zh-CN', () => {
    for (const x of values()) {
      for (const digits of [0, 1, 2, 3]) {
        // One expect per mismatch only: thousands of calls to expect cost seconds.
        if (num(x, 'en', digits) !== intlNum(x, 'en-US', digits))
          expect(num(x, 'en', digits), `${x} ${digits}`).toBe(intlNum(x, 'en-US', digits));
        if (num(x, 'zh-CN', digits) !== intlNum(x, 'zh-CN', digits))
          expect(num(x, 'zh-CN', digits), `${x} ${digits}`).toBe(intlNum(x, 'zh-CN', digits));
      }
      for (const c of ['USD', 'CNY', 'EUR', 'GBP', 'JPY', 'KRW', 'INR', 'CHF', 'TWD']) {
        if (money(x, c, 'en') !== intlMoney(x, c, 'en-US'))
          expect(money(x, c, 'en'), `${x} ${c}`).toBe(intlMoney(x, c, 'en-US'));
        if (money(x, c, 'zh-CN') !== intlMoney(x, c, 'zh-CN'))
          expect(money(x, c, 'zh-CN'), `${x} ${c}`).toBe(intlMoney(x, c, 'zh-CN'));
      }
    }
  });

  it('round the shortest decimal of a number, half away from zero, as ICU does', () => {
    // 1.005 is 1.00499999999999989… in binary: toFixed(2) gives 1.00, Intl (and grouped) 1.01.
    expect(grouped(1.005, 2)).toBe('1.01');
    expect(grouped(-2.5, 0)).toBe('-3');
    expect(grouped(99.996, 2)).toBe('100');
    expect(grouped(-0.001, 2)).toBe('-0');
    expect(grouped(1234567.5, 0)).toBe('1,234,568');
    // Written with an exponent: left to Intl.
    expect(grouped(1e21, 0)).toBeNull();
    expect(grouped(1e-7, 2)).toBeNull();
  });
});
