/**
 * The grain line of the money decisions (src/run/money-decisions.ts) when the grain is unknown: a table with
 * no date column is read as totals for the export's period; a table whose one date cannot tell days from
 * months says so. The tables are built here, so the expected grain is known by construction.
 */
import { describe, expect, it } from 'vitest';
import { moneyDecisions } from '../../src/run/money-decisions.js';
import { makeDataset, serial } from '../analysis/helpers.js';

const campaigns = (withDate: boolean) => ({
  ...makeDataset('campaigns', [
    { name: 'Campaign', role: 'campaign', values: ['Brand', 'Generic'] },
    { name: 'Cost', role: 'spend', values: [120.5, 80] },
    ...(withDate ? [{ name: 'Day', role: 'date' as const, values: [serial('2024-06-01'), serial('2024-06-01')] }] : []),
  ]),
  sheet: 'Campaign report',
});

describe('money decisions: unknown grain', () => {
  it('a table with no date column: each row is a total for the export period', () => {
    const d = moneyDecisions({ campaigns: campaigns(false) }, 'USD');
    expect(d.map((x) => x.text.en)).toEqual([
      'Grain of the money tables: "Campaign report" has no date column: each row is taken as a total for the period the export covers',
    ]);
    expect(d[0].text['zh-CN']).toBe('金额表的粒度：“Campaign report”没有日期列：每行视为导出所覆盖期间的合计');
  });

  it('one date for every row cannot tell days from months, and names the column', () => {
    const d = moneyDecisions({ campaigns: campaigns(true) }, 'USD');
    expect(d.map((x) => x.text.en)).toEqual([
      'Grain of the money tables: "Campaign report" has dates ("Day") that do not show whether a row is a day, a week or a month (a single date, or none readable)',
    ]);
    expect(d[0].text['zh-CN']).toContain('（“Day”列）');
  });
});
