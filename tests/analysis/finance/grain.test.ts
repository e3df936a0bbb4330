/**
 * The grain of a money table (grain.ts): one row per day, week or month. Dates below are Excel serials
 * worked from the ISO dates (helpers.serial); weekdays checked on a calendar (2024-06-03 is a Monday).
 */
import { describe, expect, it } from 'vitest';
import { grainOfValues, tableGrain } from '../../../src/analysis/finance/grain.js';
import { compareMonth, pace } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { serial } from '../helpers.js';

describe('grain of a table', () => {
  it('reads dates on the 1st a month apart, and month texts, as monthly', () => {
    expect(grainOfValues([serial('2024-04-01'), serial('2024-05-01'), serial('2024-06-01')])).toBe('month');
    // Several campaigns share each month: still one row per month per campaign.
    expect(grainOfValues([serial('2024-05-01'), serial('2024-05-01'), serial('2024-06-01')])).toBe('month');
    expect(grainOfValues(['2024-05', '2024-06', null])).toBe('month');
    expect(grainOfValues(['2024年5月', '2024年6月'])).toBe('month');
  });

  it('reads dates on one weekday as weekly, other dates as daily, a single date as unknown', () => {
    // Mondays 3, 10 and 24 June 2024.
    expect(grainOfValues([serial('2024-06-03'), serial('2024-06-10'), serial('2024-06-24')])).toBe('week');
    expect(grainOfValues([serial('2024-06-01'), serial('2024-06-02'), serial('2024-06-03')])).toBe('day');
    expect(grainOfValues(['2024-06-01', '2024-06-02'])).toBe('day');
    // One date on the 1st cannot tell a daily export of one day from a monthly one.
    expect(grainOfValues([serial('2024-06-01'), serial('2024-06-01')])).toBe('unknown');
    expect(grainOfValues([])).toBe('unknown');
  });

  it('reads a table by its date column, or its start and end columns', () => {
    const monthly = ingestGrid({
      sheet: 'Spend',
      address: 'A1',
      values: [
        ['Month', 'Channel', 'Spend'],
        ['2024-05-01', 'Meta', 100],
        ['2024-06-01', 'Meta', 120],
      ],
    });
    expect(tableGrain(monthly)).toMatchObject({ grain: 'month', column: { header: 'Month' } });
    const ranges = ingestGrid({
      sheet: 'Flights',
      address: 'A1',
      values: [
        ['Campaign', 'Start date', 'End date', 'Spend'],
        ['A', '2024-05-01', '2024-05-31', 100],
        ['A', '2024-06-01', '2024-06-30', 100],
      ],
    });
    expect(ranges.columns.map((c) => c.role)).toContain('period_start');
    expect(tableGrain(ranges).grain).toBe('month');
  });
});

describe('the month in progress with monthly totals', () => {
  it('is compared as it stands: no expected-to-date, no projection, over only past the band', () => {
    // Budget 10,000.00, June's total so far 9,000.00 on 1 June: paced as one day's spend it would project
    // 9,000 × 30 = 270,000.00 (2,700 %); compared as a monthly total it is on track.
    expect(pace(1_000_000, 900_000, 1, 30, 'current', 0.1).projected).toBe(27_000_000);
    expect(compareMonth(1_000_000, 900_000, 0.1)).toEqual({
      state: 'current',
      actual: 900_000,
      expected: null,
      projected: null,
      flag: 'on_track',
      monthly: true,
    });
    // 11,500.00 > 10,000.00 × 1.1: over already. Spend with no budget: no_budget.
    expect(compareMonth(1_000_000, 1_150_000, 0.1).flag).toBe('over');
    expect(compareMonth(0, 100, 0.1, false).flag).toBe('no_budget');
  });
});
