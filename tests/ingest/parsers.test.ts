/** Cell-level readers: A1 addresses, numbers and dates written as text, Excel number formats. */
import { describe, expect, it } from 'vitest';
import {
  classifyFormat,
  columnLetter,
  IngestUsageError,
  parseDateText,
  parseNumberText,
  parseTopLeft,
  serialFromYmd,
} from '../../src/ingest/index.js';

describe('A1 addresses', () => {
  it('names columns as Excel does', () => {
    // Excel's own headings: A … Z, AA, ZZ (702nd), AAA (703rd), XFD (16,384th, the last)
    expect([0, 25, 26, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
  });
  it('finds the top-left cell of any address form', () => {
    expect(parseTopLeft('B3:K40')).toEqual({ row: 3, col: 1 });
    expect(parseTopLeft('Sheet1!$C$5:$D$9')).toEqual({ row: 5, col: 2 });
    expect(parseTopLeft("'My sheet'!AA10")).toEqual({ row: 10, col: 26 });
    expect(parseTopLeft('C:J')).toEqual({ row: 1, col: 2 });
    expect(parseTopLeft('4:9')).toEqual({ row: 4, col: 0 });
  });
  it('throws a typed error on an address no host gives', () => {
    expect(() => parseTopLeft('not an address')).toThrow(IngestUsageError);
  });
});

describe('numbers written as text', () => {
  const us = (s: string) => parseNumberText(s)?.us;
  const eu = (s: string) => parseNumberText(s)?.eu;
  it.each([
    ['1234.5', 1234.5],
    ['1,234.56', 1234.56],
    ['$1,234', 1234],
    ['-$12.50', -12.5],
    ['$-12.50', -12.5],
    ['(1,234)', -1234],
    ['($1,234.00)', -1234],
    ['¥12', 12],
    ['￥1,000', 1000],
    ['12.50 USD', 12.5],
    ['CNY 99', 99],
    ['100元', 100],
    ['1.2万', 12000],
    ['3亿', 3e8],
    ['12.5%', 0.125],
    ['-3%', -0.03],
    ['1.2E+05', 120000],
    ['1 234.5', 1234.5],
    ["1'234.5", 1234.5],
    ['12-', -12],
    ['＋１２', 12],
  ])('%s → %d', (s, v) => {
    expect(us(s)).toBeCloseTo(v, 9);
  });
  it('reads decimal commas and tells them apart', () => {
    expect(eu('1.234,56')).toBeCloseTo(1234.56, 9);
    expect(us('1.234,56')).toBeNaN();
    expect(eu('€ 5,00')).toBe(5);
    expect(eu('1 234,56')).toBeCloseTo(1234.56, 9);
    // ambiguous: valid both ways
    expect(us('1,234')).toBe(1234);
    expect(eu('1,234')).toBeCloseTo(1.234, 9);
  });
  it('reports currency, percent and leading zeros', () => {
    expect(parseNumberText('£5')?.currency).toBe('£');
    expect(parseNumberText('RMB 5')?.currency).toBe('CNY');
    expect(parseNumberText('5%')?.percent).toBe(true);
    expect(parseNumberText('00123')?.leadingZero).toBe(true);
    expect(parseNumberText('0.5')?.leadingZero).toBe(false);
  });
  it.each(['abc', '', '-', '1,23,4', '12abc', '$%5', '--5', '2) $100 - $200', 'INV-001'])('%j is not a number', (s) => {
    expect(parseNumberText(s)).toBeNull();
  });
  // Texts whose decorations are all cut from the end (the early test on the first character must not reject what
  // those cuts leave a number, nor accept what they leave empty). Values by hand.
  it.each(['元', '%', '万', 'USD', 'O0000001', 'x12', 'abc元', '%5', '万5', 'e5', '-元', '($)'])(
    '%j is not a number',
    (s) => {
      expect(parseNumberText(s)).toBeNull();
    },
  );
  it('reads numbers whose decorations follow them', () => {
    expect(us('.5%')).toBeCloseTo(0.005, 12);
    expect(eu(',5')).toBe(0.5);
    expect(parseNumberText('12元')).toMatchObject({ us: 12, currency: '¥' });
    expect(us('1.2万')).toBe(12_000);
    expect(us('5-')).toBe(-5);
    expect(us('$ -3')).toBe(-3);
    expect(us('-$3')).toBe(-3);
  });
});

describe('dates written as text → Excel 1900 serials', () => {
  it('matches Excel DATE() including the 1900 leap-year quirk', () => {
    expect(serialFromYmd(1900, 1, 1)).toBe(1); // =DATE(1900,1,1)
    expect(serialFromYmd(1900, 2, 28)).toBe(59); // =DATE(1900,2,28)
    expect(serialFromYmd(1900, 3, 1)).toBe(61); // =DATE(1900,3,1): serial 60 is Excel's fictitious 1900-02-29
    expect(serialFromYmd(2024, 6, 18)).toBe(45461); // =DATE(2024,6,18)
    expect(serialFromYmd(2024, 2, 30)).toBeNaN();
    expect(serialFromYmd(1900, 2, 29)).toBeNaN(); // 1900 was not a leap year
  });
  it.each([
    ['2024-06-18', 45461],
    ['2024/6/18', 45461],
    ['2024.06.18', 45461],
    ['2024年6月18日', 45461],
    ['18 Jun 2024', 45461],
    ['June 18, 2024', 45461],
    ['2024-06-18T12:00:00Z', 45461.5],
    ['2024-06-18 18:00', 45461.75],
    ['2024年6月18日 06:00', 45461.25],
  ])('%s → %d', (s, v) => {
    expect(parseDateText(s)?.ymd).toBeCloseTo(v, 9);
  });
  it('gives both readings of day/month dates', () => {
    const d = parseDateText('05/06/2024')!;
    expect(d.form).toBe('xy');
    expect(d.dmy).toBe(45448); // 5 June 2024: =DATE(2024,6,5)
    expect(d.mdy).toBe(45418); // 6 May 2024: =DATE(2024,5,6)
    expect(parseDateText('18/06/2024')!.mdy).toBeNaN();
    expect(parseDateText('1/2/24 3:45 PM')!.mdy).toBeCloseTo(45293 + (15 * 60 + 45) / 1440, 9); // =DATE(2024,1,2)+TIME(15,45,0)
  });
  it('flags dates Excel cannot show and ignores non-dates', () => {
    expect(parseDateText('1850-01-01')?.outOfRange).toBe(true);
    expect(parseDateText('hello')).toBeNull();
    expect(parseDateText('12345')).toBeNull();
  });
});

describe('Excel number formats', () => {
  it.each([
    ['General', 'general'],
    ['yyyy-mm-dd', 'date'],
    ['[$-804]yyyy"年"m"月"d"日"', 'date'],
    ['mmm-yy', 'date'],
    ['m/d/yyyy h:mm', 'datetime'],
    ['h:mm:ss', 'time'],
    ['[h]:mm:ss', 'time'],
    ['0.00%', 'percent'],
    ['"$"#,##0.00', 'currency'],
    ['[$€-407] #,##0.00', 'currency'],
    ['#,##0.00 "元"', 'currency'],
    ['£#,##0;[Red]-£#,##0', 'currency'],
    ['#,##0', 'number'],
    ['0.00E+00', 'number'],
    ['@', 'text'],
  ])('%s is %s', (f, cls) => {
    expect(classifyFormat(f).cls).toBe(cls);
  });
  it('names the currency and zero padding', () => {
    expect(classifyFormat('[$¥-804]#,##0.00').currency).toBe('¥');
    expect(classifyFormat('000000').zeroPad).toBe(6);
  });
});
