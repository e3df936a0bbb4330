import { describe, expect, it } from 'vitest';
import { monthFromCell, monthOfYearFromCell } from '../../../src/analysis/finance/months.js';

describe('months', () => {
  it('reads a month with its year (index = year · 12 + month − 1, as Excel =YEAR()*12+MONTH()-1)', () => {
    expect(monthFromCell('2024年3月')).toBe(2024 * 12 + 2);
    expect(monthFromCell('2024-03')).toBe(2024 * 12 + 2);
    expect(monthFromCell('Mar 2024')).toBe(2024 * 12 + 2);
    expect(monthFromCell(202403)).toBe(2024 * 12 + 2);
  });

  it('reads a month of the year without a year, and nothing else', () => {
    const cases: [unknown, number | null][] = [
      ['3月', 3],
      ['03月', 3],
      ['12月份', 12],
      ['三月', 3],
      ['十月', 10],
      ['十一月', 11],
      ['十二月', 12],
      ['Mar', 3],
      ['March', 3],
      ['sept', 9],
      ['Sep.', 9],
      [5, 5],
      [12, 12],
      ['13月', null],
      ['0月', null],
      ['Janet', null],
      ['2024-03', null],
      [0, null],
      [12.5, null],
      [13, null],
      [null, null],
    ];
    for (const [v, want] of cases) expect(monthOfYearFromCell(v), String(v)).toBe(want);
  });
});
