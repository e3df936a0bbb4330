/**
 * Budget against actual: pacing and projections computed by hand in the comments.
 * As-of 2024-03-10: day 10 of 31 in March (the as-of day counts as elapsed).
 */
import { describe, expect, it } from 'vitest';
import { common as commonFor, deepFreeze, makeDataset, serial } from '../helpers.js';
import { budgetAnalysis, budgetVsActual, pace } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import type { CellValue } from '../../../src/types.js';
import type { ResultTable } from '../../../src/analysis/types.js';

const common = { ...commonFor('2024-03-10'), currency: 'CNY' };

const BUDGET = makeDataset('budget', [
  { name: '渠道', role: 'channel', values: ['Search', 'Search', 'Social', 'Search'] },
  { name: '月份', role: 'period', values: ['2024-02', '2024年3月', '2024-03', 'Apr 2024'] },
  { name: '预算', role: 'amount', values: [10000, 31000, 6200, 12000], type: 'currency' },
]);

const CAMPAIGNS = makeDataset('campaigns', [
  { name: 'Channel', role: 'channel', values: ['search', 'Search', 'Search', 'ＳＯＣＩＡＬ', 'Display'] },
  {
    name: 'Date',
    role: 'date',
    values: ['2024-02-10', '2024-03-05', '2024-03-15', '2024-03-09', '2024-03-01'].map(serial),
    type: 'date',
  },
  { name: 'Spend', role: 'spend', values: [11500, 4000, 999, 2500.01, 100], type: 'currency' },
]);

const INVOICES = makeDataset('invoices', [
  { name: 'Channel', role: 'channel', values: ['Search'] },
  { name: 'Start', role: 'period_start', values: [serial('2024-02-01')], type: 'date' },
  { name: 'End', role: 'period_end', values: [serial('2024-03-31')], type: 'date' },
  { name: 'Amount', role: 'amount', values: [1000.01], type: 'currency' },
]);

function table(name: string, t: ResultTable[]): ResultTable {
  const x = t.find((y) => y.name === name);
  if (!x) throw new Error(`no table ${name}`);
  return x;
}

describe('pace', () => {
  it('projects the month-end at the current run rate', () => {
    // Budget 31,000.00, 4,000.00 spent by day 10 of 31: expected 31,000 × 10/31 = 10,000.00;
    // projected 4,000 × 31/10 = 12,400.00 < 31,000 × 0.9 = 27,900 → under.
    expect(pace(3_100_000, 400_000, 10, 31, 'current', 0.1)).toEqual({
      state: 'current',
      actual: 400_000,
      expected: 1_000_000,
      projected: 1_240_000,
      flag: 'under',
    });
    // Rounding: 2,500.01 × 31/10 = 7,750.031 → 7,750.03 (half away from zero, to the cent).
    expect(pace(620_000, 250_001, 10, 31, 'current', 0.1).projected).toBe(775_003);
    // Closed month: the projection is the actual; 11,500 > 10,000 × 1.1 = 11,000 → over; exactly 11,000 → on track.
    expect(pace(1_000_000, 1_150_000, 0, 29, 'closed', 0.1).flag).toBe('over');
    expect(pace(1_000_000, 1_100_000, 0, 29, 'closed', 0.1).flag).toBe('on_track');
    expect(pace(0, 10_000, 10, 31, 'current', 0.1, false).flag).toBe('no_budget');
    expect(pace(100, 0, 10, 31, 'future', 0.1)).toMatchObject({ projected: null, expected: null, flag: 'future' });
  });
});

describe('budgetVsActual', () => {
  deepFreeze(BUDGET.columns);
  deepFreeze(CAMPAIGNS.columns);
  const before = [BUDGET.table.objects(), CAMPAIGNS.table.objects()];
  const res = budgetVsActual(BUDGET, CAMPAIGNS, INVOICES, common);
  const rows = table('budget', res.tables).rows;
  const row = (ch: string, m: string): Record<string, CellValue> =>
    rows.find((r) => r.channel === ch && r.month === m)!;

  it('computes each channel-month by hand', () => {
    // Search, February (closed): 11,500 against 10,000 → +1,500, 115% used, over. Invoiced 1,000.01 over
    // Feb–Mar = 500.01 + 500.00 (the leftover cent goes to the first month).
    expect(row('Search', '2024-02')).toMatchObject({
      budget: 10000,
      platform: 11500,
      invoiced: 500.01,
      variance: 1500,
      pct_used: 1.15,
      projected: 11500,
      flag_code: 'over',
    });
    // Search, March (in progress): the 999.00 on 2024-03-15 is after the as-of date and left out.
    expect(row('Search', '2024-03')).toMatchObject({
      budget: 31000,
      platform: 4000,
      invoiced: 500,
      expected_to_date: 10000,
      pacing: 0.4,
      projected: 12400,
      projected_variance: -18600,
      flag_code: 'under',
    });
    // Social (written ＳＯＣＩＡＬ on the platform): expected 6,200 × 10/31 = 2,000; pacing 2,500.01/2,000 = 1.250005;
    // projected 7,750.03 > 6,820 → over.
    expect(row('Social', '2024-03')).toMatchObject({
      budget: 6200,
      platform: 2500.01,
      expected_to_date: 2000,
      projected: 7750.03,
      flag_code: 'over',
    });
    expect(row('Social', '2024-03').pacing).toBeCloseTo(1.250005, 12);
    // Display has no budget: 100 × 31/10 = 310.00 projected, flagged.
    expect(row('Display', '2024-03')).toMatchObject({
      budget: 0,
      platform: 100,
      pct_used: null,
      projected: 310,
      flag_code: 'no_budget',
    });
    // April is in the future.
    expect(row('Search', '2024-04')).toMatchObject({
      budget: 12000,
      variance: null,
      projected: null,
      flag_code: 'future',
    });
  });

  it('totals the months for the chart', () => {
    const m = table('by_month', res.tables).rows;
    // March: budget 31,000 + 6,200 = 37,200; platform 4,000 + 2,500.01 + 100 = 6,600.01;
    // projected 12,400 + 7,750.03 + 310 = 20,460.03.
    expect(m.map((r) => [r.month, r.budget, r.platform, r.invoiced, r.projected])).toEqual([
      ['2024-02', 10000, 11500, 500.01, 11500],
      ['2024-03', 37200, 6600.01, 500, 20460.03],
      ['2024-04', 12000, 0, 0, null],
    ]);
    expect(res.charts[0]).toMatchObject({
      kind: 'column',
      table: 'by_month',
      category: 'month',
      series: ['budget', 'platform', 'invoiced'],
    });
  });

  it('gives the key figures', () => {
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    expect(f.month_budget).toBe(37200);
    expect(f.month_to_date).toBe(6600.01);
    // Expected to date 10,000 + 2,000 + 0 = 12,000; pacing 6,600.01 / 12,000.
    expect(f.month_pacing).toBeCloseTo(6600.01 / 12000, 12);
    expect(f.month_projected).toBe(20460.03);
    expect(f.month_projected_variance).toBe(-16739.97);
    expect(f.budget_to_date).toBe(47200);
    expect(f.actual_to_date).toBe(18100.01);
  });

  it('ranks findings by money at stake', () => {
    // Search March under by 18,600 > Social over by 1,550.03 > Search Feb over by 1,500 > Display 100.
    expect(res.findings.map((x) => [x.key, x.atStake, x.descriptive])).toEqual([
      ['pacing:search', 18600, undefined],
      ['pacing:social', 1550.03, undefined],
      ['overspent:search:2024', 1500, undefined],
      ['no-budget:display:2024', 100, undefined],
    ]);
    // March is in progress, so the year finding counts the closed month only: February 11,500 of 10,000.
    expect(res.findings[2].text.en).toBe(
      'Search spent more than budget in 1 of 1 closed months of 2024, ¥1,500.00 over in total (115% of its 2024 budget to date).',
    );
  });

  it('leaves inputs unchanged and writes no NaN', () => {
    expect([BUDGET.table.objects(), CAMPAIGNS.table.objects()]).toEqual(before);
    for (const t of res.tables)
      for (const r of t.rows)
        for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['finance.budget.after-as-of']);
  });

  it('reports unreadable months and missing columns', () => {
    const b = makeDataset('budget', [
      { name: 'Channel', role: 'channel', values: ['Search', 'Search'] },
      { name: 'Month', role: 'period', values: ['someday', '2024-03'] },
      { name: 'Budget', role: 'amount', values: [1, null] },
    ]);
    const r = budgetVsActual(b, undefined, undefined, common);
    expect(r.diagnostics.find((d) => d.code === 'finance.budget.bad-period')?.where).toEqual({
      sheet: 'budget',
      column: 'Month',
      columnLetter: 'B',
      rows: [2],
      count: 1,
    });
    expect(r.diagnostics.some((d) => d.code === 'finance.budget.budget.blank-amount')).toBe(true);
    const none = budgetVsActual(
      makeDataset('budget', [{ name: 'Channel', role: 'channel', values: ['x'] }]),
      undefined,
      undefined,
      common,
    );
    expect(none.diagnostics.map((d) => d.code)).toEqual([
      'finance.budget.missing-amount',
      'finance.budget.missing-period',
    ]);
    expect(budgetAnalysis.run({}, common, budgetAnalysis.defaults).diagnostics[0].code).toBe(
      'finance.budget.missing-input',
    );
  });

  it('handles an empty budget table', () => {
    const e = makeDataset('budget', [
      { name: 'Month', role: 'period', values: [] },
      { name: 'Budget', role: 'amount', values: [] },
    ]);
    expect(budgetVsActual(e, undefined, undefined, common).diagnostics[0].code).toBe('finance.budget.empty');
  });
});

describe('budgetVsActual: one finding per channel and direction', () => {
  // Social: budget 1,000.00 a month Jan–Apr 2025; spend 1,500 / 900 / 1,200 / 1,300 → Jan over (+500),
  // Feb on track (90% is not under 10%), Mar over (+200), Apr over (+300). Search: 2024-12 under (500 of 1,000).
  const budget = makeDataset('budget', [
    { name: 'Channel', role: 'channel', values: ['Social', 'Social', 'Social', 'Social', 'Search'] },
    { name: 'Month', role: 'period', values: ['2025-01', '2025-02', '2025-03', '2025-04', '2024-12'] },
    { name: 'Budget', role: 'amount', values: [1000, 1000, 1000, 1000, 1000], type: 'currency' },
  ]);
  const spend = makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: ['Social', 'Social', 'Social', 'Social', 'Search'] },
    {
      name: 'Date',
      role: 'date',
      values: ['2025-01-06', '2025-02-03', '2025-03-03', '2025-04-07', '2024-12-02'].map(serial),
      type: 'date',
    },
    { name: 'Spend', role: 'spend', values: [1500, 900, 1200, 1300, 500], type: 'currency' },
  ]);

  it('gathers the months of a year into one finding and folds in a complete as-of month', () => {
    // As-of 2025-04-30: April is complete, so its projection adds nothing and it counts as a closed month.
    const r = budgetVsActual(budget, spend, undefined, { ...commonFor('2025-04-30'), currency: 'CNY' });
    // Social 2025: 3 of 4 months over, 500 + 200 + 300 = 1,000.00; year 4,900 / 4,000 = 122.5% → "123%".
    // Search 2024: a past year, so descriptive; 500.00 under, 50% of its budget.
    expect(r.findings.map((x) => [x.key, x.atStake, x.descriptive])).toEqual([
      ['overspent:social:2025', 1000, undefined],
      ['underspent:search:2024', 500, true],
    ]);
    expect(r.findings[0].text.en).toBe(
      'Social spent more than budget in 3 of 4 closed months of 2025, ¥1,000.00 over in total (123% of its 2025 budget to date).',
    );
    expect(r.findings[0].evidence?.en).toBe('Budget used by month: 2025-01 150%, 2025-03 120%, 2025-04 130%.');
    expect(r.findings[1].text.en).toBe(
      'Search spent less than budget in 1 of 1 months of 2024, ¥500.00 under in total (50% of its 2024 budget).',
    );
    expect(r.findings[0].text['zh-CN']).toBe(
      'Social 在 2025 年已结束的 4 个月中有 3 个月超支，合计超出 ¥1,000.00（占 2025 年至今预算的 123%）。',
    );
  });

  it('keeps the month in progress as its own projection finding', () => {
    // As-of 2025-04-15: April is in progress: 1,300 by day 15 of 30 → projected 2,600 against 1,000 (+1,600).
    // The year finding counts Jan–Mar: 2 of 3 months over, 500 + 200 = 700.00; 3,600 / 3,000 = 120%.
    const r = budgetVsActual(budget, spend, undefined, { ...commonFor('2025-04-15'), currency: 'CNY' });
    expect(r.findings.map((x) => [x.key, x.atStake])).toEqual([
      ['pacing:social', 1600],
      ['overspent:social:2025', 700],
      ['underspent:search:2024', 500],
    ]);
    expect(r.findings[1].text.en).toContain(
      'in 2 of 3 closed months of 2025, ¥700.00 over in total (120% of its 2025 budget to date)',
    );
  });
});

describe('budgetVsActual: months written without a year', () => {
  it('reads 2月, 三月, Apr and 5 as months of the as-of year (2024) and says so', () => {
    // As-of 2024-03-10 (common): the budget rows are February, March, April and May 2024.
    const b = makeDataset('budget', [
      { name: '渠道', role: 'channel', values: ['Search', 'Search', 'Search', 'Search'] },
      { name: '月份', role: 'period', values: ['2月', '三月', 'Apr', 5] },
      { name: '预算', role: 'amount', values: [10000, 31000, 12000, 9000], type: 'currency' },
    ]);
    const r = budgetVsActual(b, CAMPAIGNS, undefined, common);
    const months = table('budget', r.tables)
      .rows.filter((x) => x.channel === 'Search' && x.budget !== null)
      .map((x) => [x.month, x.budget]);
    expect(months).toEqual([
      ['2024-02', 10000],
      ['2024-03', 31000],
      ['2024-04', 12000],
      ['2024-05', 9000],
    ]);
    const d = r.diagnostics.find((x) => x.code === 'finance.budget.yearless-months')!;
    expect(d.severity).toBe('info');
    expect(d.where?.rows).toEqual([2, 3, 4, 5]);
    expect(d.message.en).toContain('read as months of 2024');
    expect(r.diagnostics.map((x) => x.code)).not.toContain('finance.budget.bad-period');
  });
});
