import { describe, expect, it } from 'vitest';
import { columnValues, factorize, labels, numbers } from '../../../src/analysis/common/index.js';
import { chooseUnit, monthStart, nextPeriod, periodLabel, weekStart } from '../../../src/analysis/marketing/periods.js';
import { money, pct, ratio } from '../../../src/analysis/common/index.js';
import type { Diagnostic } from '../../../src/types.js';
import { makeDataset, serial } from '../helpers.js';

describe('column helpers', () => {
  const d = makeDataset('campaigns', [
    { name: 'ch', role: 'channel', values: [' A', 'A', null, '', 'B', 3] },
    { name: 'x', role: 'spend', values: [1, null, Number.NaN, -2, 5, 6] },
  ]);
  it('factorize: trimmed labels share a code, blanks are −1, in order of first appearance', () => {
    const f = factorize(d, d.columns[0]);
    expect(f.levels).toEqual(['A', 'B', '3']);
    expect(Array.from(f.codes)).toEqual([0, 0, -1, -1, 1, 2]);
    expect(labels(d, d.columns[0], '(blank)')).toEqual(['A', 'A', '(blank)', '(blank)', 'B', '3']);
  });
  it('numbers: missing and negative cells become NaN with one diagnostic each, naming Excel rows', () => {
    const diags: Diagnostic[] = [];
    const x = numbers(d, d.columns[1], diags, { nonNegative: true });
    expect(Array.from(x).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1, 'NaN', 'NaN', 'NaN', 5, 6]);
    expect(diags.map((g) => [g.code, g.where?.rows])).toEqual([
      ['marketing.missing-number', [3, 4]],
      ['marketing.negative-number', [5]],
    ]);
  });
  it('numbers with blankOk: blanks are expected and unsaid; a NaN cell is still reported', () => {
    const diags: Diagnostic[] = [];
    numbers(d, d.columns[1], diags, { blankOk: true });
    // Row 3 (null) is blank; row 4 holds NaN, which is no blank.
    expect(diags.map((g) => [g.code, g.where?.rows])).toEqual([['marketing.missing-number', [4]]]);
  });
  it('columnValues returns the values in table order, also for an ordered table', () => {
    expect(Array.from(columnValues(d, 'x'))).toEqual([1, null, Number.NaN, -2, 5, 6]);
    const ordered = { ...d, table: d.table.orderby('x') };
    expect(Array.from(columnValues(ordered, 'x')).slice(-2)).toEqual([5, 6]);
  });
});

describe('periods on Excel serials (UTC)', () => {
  it('ISO week starts on Monday (Excel =A1-WEEKDAY(A1,3)); 2024-05-01 is a Wednesday', () => {
    expect(weekStart(serial('2024-05-01'))).toBe(serial('2024-04-29'));
    expect(weekStart(serial('2024-04-29'))).toBe(serial('2024-04-29'));
    expect(weekStart(serial('2024-05-05') + 0.75)).toBe(serial('2024-04-29')); // Sunday evening
  });
  it('month start, next month across a year end, labels', () => {
    expect(monthStart(serial('2024-02-29'))).toBe(serial('2024-02-01'));
    expect(nextPeriod(serial('2024-12-01'), 'month')).toBe(serial('2025-01-01'));
    expect(periodLabel(serial('2024-12-01'), 'month')).toBe('2024-12');
    expect(periodLabel(serial('2024-04-29'), 'week')).toBe('2024-04-29');
  });
  it('months from 13 weeks of data on, weeks before', () => {
    expect(chooseUnit(0, 90)).toBe('week');
    expect(chooseUnit(0, 91)).toBe('month');
  });
});

describe('text helpers', () => {
  it('ratio is null for a zero or missing denominator, never Infinity or NaN', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
  it('money and percent in both languages; an unknown currency code falls back to a number', () => {
    expect(money(1234.5, 'USD', 'en')).toBe('$1,235');
    expect(money(1234.5, 'CNY', 'zh-CN')).toBe('¥1,235');
    expect(money(12, 'XXXX', 'en')).toBe('12');
    expect(pct(0.1234, 'en')).toBe('12.3%');
    expect(pct(null, 'en')).toBe('–');
  });
});
