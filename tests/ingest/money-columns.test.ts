/**
 * Money and count columns told apart by header and by values: spend vs cost per result, budget vs spend,
 * conversion value as revenue, reach vs impressions, results of an awareness objective. Every figure below is
 * written in the grid of its test; cost-per-result columns are spend ÷ results computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

function ingest(rows: CellValue[][]): Dataset {
  const grid = deepFreeze(gridOf('Ads', rows));
  const before = structuredClone(grid);
  const ds = ingestGrid(grid);
  expect(grid).toEqual(before);
  return ds;
}
const roles = (ds: Dataset): Record<string, string | null> =>
  Object.fromEntries(ds.columns.map((c) => [c.header, c.role]));
const diag = (ds: Dataset, code: string) => ds.diagnostics.find((d) => d.code === code);

describe('headers that name a ratio are never the amount', () => {
  it('a Meta Ads Manager export: Amount spent is the spend, Cost per results a ratio, Reach not impressions', () => {
    // 120.00 / 40 = 3.00; 90.00 / 30 = 3.00; 50.00 / 25 = 2.00 (cost per result = spend ÷ results).
    const ds = ingest([
      [
        'Campaign name',
        'Result indicator',
        'Results',
        'Reach',
        'Impressions',
        'Cost per results',
        'Amount spent (USD)',
      ],
      ['Summer sale', 'actions:offsite_conversion.fb_pixel_purchase', 40, 9000, 15000, 3, 120],
      ['Retarget', 'actions:offsite_conversion.fb_pixel_purchase', 30, 4000, 8000, 3, 90],
      ['New lookalike', 'actions:offsite_conversion.fb_pixel_purchase', 25, 3000, 6000, 2, 50],
    ]);
    expect(ds.kind).toBe('campaigns');
    expect(roles(ds)).toMatchObject({
      'Amount spent (USD)': 'spend',
      'Cost per results': 'cost_per_result',
      Reach: 'reach',
      Impressions: 'impressions',
      Results: 'conversions',
    });
  });

  it('results of an awareness objective are not conversions, and a warning says why', () => {
    const ds = ingest([
      ['Campaign name', 'Result indicator', 'Results', 'Reach', 'Impressions', 'Amount spent (USD)'],
      ['Brand lift', 'reach', 52000, 52000, 90000, 300],
      ['Summer sale', 'actions:offsite_conversion.fb_pixel_purchase', 40, 9000, 15000, 120],
      ['Retarget', 'actions:offsite_conversion.fb_pixel_purchase', 30, 4000, 8000, 90],
    ]);
    expect(roles(ds).Results).toBeNull();
    const d = diag(ds, 'results-not-conversions')!;
    expect(d).toMatchObject({ severity: 'warning', where: { sheet: 'Ads', column: 'Results', columnLetter: 'C' } });
    expect(d.message.en).toContain('"reach"');
  });

  it('a Google Ads report: Budget is not spend, Conv. value is revenue, Cost / conv. and Avg. CPC are ratios', () => {
    const ds = ingest([
      [
        'Campaign',
        'Budget',
        'Impr.',
        'Clicks',
        'Avg. CPC',
        'Cost',
        'Conversions',
        'All conv.',
        'Cost / conv.',
        'Conv. value',
        'Conv. value / cost',
      ],
      ['Brand', 50, 1000, 100, 1.2, 120, 10, 12, 12, 600, 5],
      ['Generic', 80, 2000, 150, 0.6, 90, 6, 9, 15, 270, 3],
      ['Shopping', 60, 3000, 120, 0.5, 60, 4, 5, 15, 200, 3.33],
    ]);
    expect(roles(ds)).toMatchObject({
      Budget: 'budget',
      'Impr.': 'impressions',
      Clicks: 'clicks',
      'Avg. CPC': 'cost_per_result',
      Cost: 'spend',
      Conversions: 'conversions',
      'Cost / conv.': 'cost_per_result',
      'Conv. value': 'revenue',
      'Conv. value / cost': null,
    });
    expect(roles(ds)['All conv.']).not.toBe('conversions');
  });

  it('a 巨量引擎 report in Chinese: 消耗 is spend; 转化成本, 平均点击单价 and 平均千次展现费用 are ratios', () => {
    const ds = ingest([
      [
        '日期',
        '广告计划',
        '消耗',
        '展示数',
        '点击数',
        '点击率',
        '平均点击单价',
        '平均千次展现费用',
        '转化数',
        '转化成本',
      ],
      ['2024-06-01', '夏季大促', 500, 100000, 2000, '2.00%', 0.25, 5, 50, 10],
      ['2024-06-01', '新品测试', 300, 50000, 600, '1.20%', 0.5, 6, 20, 15],
      ['2024-06-02', '夏季大促', 400, 80000, 1600, '2.00%', 0.25, 5, 40, 10],
    ]);
    expect(ds.kind).toBe('campaigns');
    expect(roles(ds)).toMatchObject({
      消耗: 'spend',
      展示数: 'impressions',
      点击数: 'clicks',
      点击率: null,
      平均点击单价: 'cost_per_result',
      平均千次展现费用: 'cost_per_result',
      转化数: 'conversions',
      转化成本: 'cost_per_result',
    });
  });
});

describe('values settle what headers do not', () => {
  it('a "Cost" that is Amount ÷ Conversions row by row is a cost per result; Amount is the spend', () => {
    // 300 / 10 = 30; 200 / 8 = 25; 90 / 3 = 30; 40 / 4 = 10.
    const ds = ingest([
      ['Campaign', 'Cost', 'Conversions', 'Amount'],
      ['Brand', 30, 10, 300],
      ['Generic', 25, 8, 200],
      ['Video', 30, 3, 90],
      ['Social', 10, 4, 40],
    ]);
    expect(roles(ds)).toMatchObject({ Cost: 'cost_per_result', Amount: 'spend' });
    const d = diag(ds, 'spend-is-cost-per-result')!;
    expect(d.where).toMatchObject({ column: 'Cost', columnLetter: 'B' });
    expect(d.message.en).toContain('"Amount" divided by "Conversions"');
  });

  it('a paid amount never above the order amount is the money paid: taken, and said', () => {
    const ds = ingest([
      ['Customer ID', 'Order Date', 'Order Amount', 'Paid Amount'],
      ['C1', '2024-06-01', 100, 90],
      ['C2', '2024-06-02', 50, 50],
      ['C3', '2024-06-03', 80, 72],
    ]);
    expect(roles(ds)).toMatchObject({ 'Order Amount': null, 'Paid Amount': 'amount' });
    const d = diag(ds, 'money-column-paid')!;
    expect(d.where).toMatchObject({ sheet: 'Ads', column: 'Paid Amount', columnLetter: 'D' });
    expect(d.message.en).toContain('never above "Order Amount" (C)');
    expect(ds.ambiguous).toBeUndefined();
  });

  it('a total that is the other column plus shipping and tax less discount is the amount', () => {
    // Total = Amount + Shipping + Tax − Discount on every row: 100 + 10 + 8 − 5 = 113, 40 + 0 + 3.2 − 0 = 43.2, …
    // Both headers fit the amount as well; Amount comes first, the values give it to Total.
    const ds = ingest([
      ['Customer ID', 'Order Date', 'Amount', 'Shipping', 'Tax', 'Discount', 'Total'],
      ['C1', '2024-06-01', 100, 10, 8, 5, 113],
      ['C2', '2024-06-02', 40, 0, 3.2, 0, 43.2],
      ['C3', '2024-06-03', 60, 5, 4.8, 10, 59.8],
    ]);
    expect(roles(ds)).toMatchObject({ Total: 'amount', Amount: null });
    const d = diag(ds, 'money-column-total')!;
    expect(d.where).toMatchObject({ column: 'Total', columnLetter: 'G' });
    expect(d.message.en).toContain('"Amount" + "Shipping" + "Tax" − "Discount"');
  });

  it('two amount columns the values cannot tell apart: a warning names both, which was taken and why', () => {
    // Paid above the order amount on row 3 and below on row 2: neither a paid amount nor a part of the other.
    const ds = ingest([
      ['Customer ID', 'Order Date', 'Order Amount', 'Paid Amount'],
      ['C1', '2024-06-01', 100, 90],
      ['C2', '2024-06-02', 50, 55],
      ['C3', '2024-06-03', 80, 72],
    ]);
    expect(ds.kind).toBe('orders');
    const d = diag(ds, 'money-column-ambiguous')!;
    expect(d.severity).toBe('warning');
    expect(d.where).toMatchObject({ sheet: 'Ads', column: 'Order Amount', columnLetter: 'C' });
    expect(d.message.en).toContain('columns "Order Amount" (C) and "Paid Amount" (D) could both be the amount');
    expect(d.message.en).toContain('"Order Amount" was taken: both headers fit as well, and it comes first');
    expect(d.message['zh-CN']).toContain('已采用“Order Amount”（两列列名同样符合，它在前）');
    expect(ds.ambiguous).toEqual([
      {
        role: 'amount',
        candidates: [
          { name: 'Order Amount', header: 'Order Amount', letter: 'C' },
          { name: 'Paid Amount', header: 'Paid Amount', letter: 'D' },
        ],
        reason: 'first-column',
      },
    ]);
  });

  it('two equal amount columns need no warning', () => {
    const ds = ingest([
      ['Customer ID', 'Order Date', 'Order Amount', 'Paid Amount'],
      ['C1', '2024-06-01', 100, 100],
      ['C2', '2024-06-02', 50, 50],
    ]);
    expect(diag(ds, 'money-column-ambiguous')).toBeUndefined();
  });
});
