/**
 * Finance analyses on sheets read by the real ingest stage (Chinese headers, text amounts with a currency
 * symbol, months written as text, a USD invoice), so the column roles ingest proposes are the ones the
 * finance code reads. Expected figures computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { reconcileSpend } from '../../../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { serial } from '../helpers.js';

const CAMPAIGNS = ingestGrid({
  sheet: '活动',
  address: 'A1',
  values: [
    ['活动', '渠道', '日期', '花费'],
    ['春季大促', '百度', '2024-03-05', 1000.1],
    ['春季大促', '百度', '2024-03-20', 999.9],
    ['Brand Search', 'Google Ads', '2024-03-10', 1500],
  ],
});
const INVOICES = ingestGrid({
  sheet: '发票',
  address: 'A1',
  values: [
    ['供应商', '活动', '发票号', '发票日期', '期间', '金额', '币种'],
    ['百度', '春季 大促', 'F-1', '2024-04-02', '2024-03', '¥2,000.00', 'CNY'],
    ['Google Ireland Ltd', 'brand-search', 'F-2', '2024-04-03', '2024-03', 200, 'USD'],
  ],
});
const BUDGET = ingestGrid({
  sheet: '预算',
  address: 'A1',
  values: [
    ['渠道', '月份', '预算'],
    ['百度', '2024-03', 2500],
    ['Google Ads', '2024-03', 1000],
  ],
});
const common = { asOf: serial('2024-03-31'), currency: 'CNY', lang: 'zh-CN' as const };

describe('finance through ingest', () => {
  it('reconciles to the cent', () => {
    // 春季大促: 1,000.10 + 999.90 = 2,000.00 against "春季 大促" (normalised) ¥2,000.00;
    // Brand Search 1,500.00 against "brand-search" USD 200 × 7.5 = 1,500.00.
    const r = reconcileSpend(CAMPAIGNS, INVOICES, common, { rates: { USD: 7.5 } });
    expect(r.tables.find((t) => t.name === 'status')!.rows.map((x) => [x.side, x.status, x.lines, x.amount])).toEqual([
      ['平台', 'matched', 3, 3500],
      ['发票', 'matched', 2, 3500],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('puts budget against actual', () => {
    // As-of 2024-03-31 is the last day of March: projected = actual. 百度 2,000 of 2,500 (80%, under);
    // Google Ads 1,500 of 1,000 (150%, over); invoiced in CNY: 百度 2,000.00, Google Ads USD 200 × 7.5 = 1,500.00.
    const b = budgetVsActual(BUDGET, CAMPAIGNS, INVOICES, common, { rates: { USD: 7.5 } });
    expect(
      b.tables[0].rows.map((x) => [x.channel, x.budget, x.platform, x.invoiced, x.pct_used, x.projected, x.flag_code]),
    ).toEqual([
      ['Google Ads', 1000, 1500, 1500, 1.5, 1500, 'over'],
      ['百度', 2500, 2000, 2000, 0.8, 2000, 'under'],
    ]);
  });
});
