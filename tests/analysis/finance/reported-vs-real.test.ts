/**
 * Reported against real: platform-reported conversions and revenue against orders by channel, computed by
 * hand in the comments. Campaign dates span 2024-03-01 … 2024-03-31, so orders outside March are left out.
 */
import { describe, expect, it } from 'vitest';
import { common as commonFor, deepFreeze, makeDataset, makeOrders, serial } from '../helpers.js';
import { reportedVsReal, reportedVsRealAnalysis } from '../../../src/analysis/finance/reported-vs-real/index.js';
import type { CellValue } from '../../../src/types.js';

const common = { ...commonFor('2024-04-30'), currency: 'CNY' };

const CAMPAIGNS = makeDataset('campaigns', [
  { name: 'Channel', role: 'channel', values: ['Google Ads', 'Google Ads', 'Facebook', '抖音'] },
  {
    name: 'Date',
    role: 'date',
    values: ['2024-03-01', '2024-03-31', '2024-03-10', '2024-03-15'].map(serial),
    type: 'date',
  },
  { name: 'Spend', role: 'spend', values: [1000, 500, 2000, 1000], type: 'currency' },
  { name: 'Conversions', role: 'conversions', values: [50, 25, 40, 10] },
  { name: 'Revenue', role: 'revenue', values: [5000, 2500, 3000, 800], type: 'currency' },
]);

const ORDERS = makeOrders({
  customer: ['c1', 'c2', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'],
  date: [
    '2024-03-02',
    '2024-03-05',
    '2024-03-05',
    '2024-04-02',
    '2024-03-11',
    '2024-03-12',
    '2024-03-20',
    '2024-03-03',
    '2024-03-16',
  ].map(serial),
  amount: [100, 200, 200, 999, 1500, 300, 500, 700, 1200],
  orderId: ['O1', 'O2', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8'],
  status: ['paid', 'paid', 'paid', 'paid', 'paid', 'Cancelled', 'paid', 'paid', '已支付'],
  channel: [
    'google ads',
    'Google Ads',
    'Google Ads',
    'Google Ads',
    'Facebook',
    'Facebook',
    'ＦＡＣＥＢＯＯＫ',
    'Organic',
    '抖音',
  ],
});

describe('reportedVsReal', () => {
  deepFreeze(CAMPAIGNS.columns);
  deepFreeze(ORDERS.columns);
  const before = [CAMPAIGNS.table.objects(), ORDERS.table.objects()];
  const res = reportedVsReal(CAMPAIGNS, ORDERS, common);
  const rows = res.tables[0].rows;
  const row = (ch: string): Record<string, CellValue> => rows.find((r) => r.channel === ch)!;

  it('computes inflation and real ROI per channel', () => {
    // Google Ads: spend 1,500, reported 75 conversions and 7,500 revenue; real orders O1, O2 (two lines of O2)
    // = 2 orders, 100 + 200 + 200 = 500 revenue (O3 is in April, outside the window).
    expect(row('Google Ads')).toMatchObject({
      spend: 1500,
      reported_conversions: 75,
      real_orders: 2,
      conversion_inflation: 37.5,
      reported_revenue: 7500,
      real_revenue: 500,
      revenue_inflation: 15,
      over_reported: 7000,
      roas_reported: 5,
    });
    expect(row('Google Ads').roas_real).toBeCloseTo(1 / 3, 12);
    expect(row('Google Ads').roi_real).toBeCloseTo(-2 / 3, 12);
    // Facebook: O4 1,500 + O6 500 (written ＦＡＣＥＢＯＯＫ) = 2,000; O5 is cancelled. 3,000 / 2,000 = 1.5; ROI 0.
    expect(row('Facebook')).toMatchObject({
      spend: 2000,
      real_orders: 2,
      conversion_inflation: 20,
      real_revenue: 2000,
      revenue_inflation: 1.5,
      roi_real: 0,
    });
    // 抖音 under-reports: 800 / 1,200.
    expect(row('抖音').revenue_inflation).toBeCloseTo(2 / 3, 12);
    // Organic has orders but no campaigns: no spend, no ratios.
    expect(row('Organic')).toMatchObject({
      spend: null,
      real_orders: 1,
      real_revenue: 700,
      revenue_inflation: null,
      roi_real: null,
    });
    // Paid channels (those with spend): spend 4,500; reported 11,300; real 500 + 2,000 + 1,200 = 3,700 on 5
    // orders; Organic's 700 is not earned by the spend and stays out of the paid total and its ratios.
    expect(row('Total, paid channels')).toMatchObject({
      spend: 4500,
      reported_revenue: 11300,
      real_revenue: 3700,
      real_orders: 5,
    });
    expect(row('Total, paid channels').roi_real).toBeCloseTo((3700 - 4500) / 4500, 12);
    // All orders: 3,700 + 700 = 4,400 on 6 orders, with no ratio.
    expect(row('Total, all orders')).toMatchObject({ spend: 4500, real_revenue: 4400, real_orders: 6, roi_real: null });
    expect(rows.map((r) => r.channel)).toEqual([
      'Facebook',
      'Google Ads',
      '抖音',
      'Total, paid channels',
      'Organic',
      'Total, all orders',
    ]);
  });

  it('gives figures and findings with money at stake', () => {
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    // Paid channels only: reported 11,300 against real 3,700; ROI (3,700 − 4,500) ÷ 4,500. Organic 700 apart.
    expect(f.revenue_inflation).toBeCloseTo(11300 / 3700, 12);
    expect(f.roi_real).toBeCloseTo(-800 / 4500, 12);
    expect(f.real_revenue).toBe(3700);
    expect(f.organic_revenue).toBe(700);
    // Google over-reports 7,000; Facebook 1,000; Google loses 1,500 − 500 = 1,000 on real revenue.
    expect(res.findings.map((x) => [x.key, x.atStake])).toEqual([
      ['inflated:googleads', 7000],
      ['inflated:facebook', 1000],
      ['loses-money:googleads', 1000],
    ]);
    expect(res.findings[0].text['zh-CN']).toContain('Google Ads');
  });

  it('leaves inputs unchanged and writes no NaN', () => {
    expect([CAMPAIGNS.table.objects(), ORDERS.table.objects()]).toEqual(before);
    for (const r of rows)
      for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });

  it('reports missing columns and empty tables', () => {
    const noRev = makeDataset('campaigns', [{ name: 'Channel', role: 'channel', values: ['A'] }]);
    expect(reportedVsReal(noRev, ORDERS, common).diagnostics.map((d) => d.code)).toEqual([
      'finance.rvr.missing-reported',
    ]);
    const empty = makeDataset('campaigns', [
      { name: 'Channel', role: 'channel', values: [] },
      { name: 'Revenue', role: 'revenue', values: [] },
    ]);
    expect(reportedVsReal(empty, ORDERS, common).diagnostics.map((d) => d.code)).toEqual(['finance.rvr.empty']);
    expect(
      reportedVsRealAnalysis.run({ campaigns: CAMPAIGNS }, common, reportedVsRealAnalysis.defaults).diagnostics[0].code,
    ).toBe('finance.rvr.missing-input');
  });
});

describe('reportedVsReal: weekly rows and refund lines', () => {
  // Weekly platform rows dated by their Monday: 2024-03-04 and 2024-03-11, so the window is
  // 2024-03-04 … 2024-03-17 (the last week runs to Sunday the 17th).
  const weekly = makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: ['Paid Social', 'Paid Social'] },
    { name: 'Week', role: 'date', values: ['2024-03-04', '2024-03-11'].map(serial), type: 'date' },
    { name: 'Spend', role: 'spend', values: [100, 100], type: 'currency' },
    { name: 'Revenue', role: 'revenue', values: [1000, 1000], type: 'currency' },
  ]);
  const orders = makeOrders({
    customer: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    date: ['2024-03-05', '2024-03-16', '2024-03-18', '2024-03-06', '2024-03-13', '2024-03-07', '2024-03-14'].map(
      serial,
    ),
    amount: [100, 200, 400, 300, -100, 50, -50],
    orderId: ['S1', 'S2', 'S3', 'S4', 'S4-R', 'S5', 'S5-R'],
    status: ['completed', 'completed', 'completed', 'completed', '退款', 'refunded', '退款'],
    channel: ['Paid Social', 'Paid Social', 'Paid Social', 'Paid Social', 'Paid Social', 'Paid Social', 'Paid Social'],
  });
  deepFreeze(weekly.columns);
  deepFreeze(orders.columns);

  it("counts orders of the last week's later days and nets refund lines of kept orders", () => {
    const row = reportedVsReal(weekly, orders, common).tables[0].rows.find((r) => r.channel === 'Paid Social')!;
    // S1 100 + S2 200 (Saturday 16 March, inside the last week) + S4 300 − S4-R 100 = 500; S3 (18 March) is
    // after the last week; S5 is refunded, so it and its refund line S5-R are both left out.
    // Before the fix: S2 was outside the window (ended on the 11th) and S4-R was dropped by its status: 400.
    expect([row.real_revenue, row.revenue_inflation]).toEqual([500, 4]);
  });
});
