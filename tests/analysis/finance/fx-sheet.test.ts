/**
 * The exchange-rate sheet (kind `fx_rates`) read by the real ingest stage and used by the money analyses:
 * recognised from English and Chinese headers, rates by month, the options overriding the sheet currency by
 * currency, and a currency with no rate an error naming sheet, column and rows. Expected conversions are
 * worked by hand in the comments (half away from zero to the fen).
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { ratesFor, ratesFromSheet } from '../../../src/analysis/finance/fx.js';
import { reconcileSpend } from '../../../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { reconciliationAnalysis } from '../../../src/analysis/finance/reconciliation/index.js';
import { reportedVsReal } from '../../../src/analysis/finance/reported-vs-real/index.js';
import type { Diagnostic } from '../../../src/types.js';
import type { CellValue } from '../../../src/types.js';
import { deepFreeze, serial } from '../helpers.js';

const grid = (sheet: string, values: CellValue[][]) => ingestGrid({ sheet, address: 'A1', values });

const FX = grid('FX', [
  ['Currency', 'Month', 'Rate to CNY'],
  ['USD', '2024-05', 7.1],
  ['USD', '2024-06', 7.2],
  ['HKD', null, 0.9123],
]);
const FX_ZH = grid('汇率', [
  ['币种', '月份', '汇率'],
  ['美元', '2024年6月', '7.2000'],
]);
const CAMPAIGNS = grid('Platform', [
  ['Campaign', 'Channel', 'Date', 'Currency', 'Spend'],
  ['Brand', 'Google Ads', '2024-05-01', 'USD', 100.01],
  ['Brand', 'Google Ads', '2024-06-01', 'USD', 100.01],
  ['Shoes', '百度', '2024-06-01', 'CNY', 500],
  ['Euro', 'Meta', '2024-06-01', 'EUR', 10],
  ['Euro', 'Meta', '2024-06-02', 'EUR', 20],
]);
const INVOICES = grid('Invoices', [
  ['Vendor', 'Campaign', 'Invoice No', 'Service period', 'Currency', 'Amount'],
  ['Google Ads', 'Brand', 'I-1', '2024-05-01 to 2024-05-31', 'USD', 100.01],
  ['Google Ads', 'Brand', 'I-2', '2024/6/1-2024/6/30', 'USD', 100.01],
  ['百度', 'Shoes', 'I-3', '2024.06.01～2024.06.30', 'CNY', 500],
]);
const common = { asOf: serial('2024-06-30'), currency: 'CNY', lang: 'en' as const };

describe('the exchange-rate sheet', () => {
  it('is recognised as fx_rates from English and Chinese headers', () => {
    expect([FX.kind, FX_ZH.kind]).toEqual(['fx_rates', 'fx_rates']);
    expect(FX.columns.map((c) => c.role)).toEqual(['currency', 'period', 'rate']);
    expect(FX_ZH.columns.map((c) => c.role)).toEqual(['currency', 'period', 'rate']);
    // The platform sheet's Currency column is a role of its own, not an attribute.
    expect(CAMPAIGNS.kind).toBe('campaigns');
    expect(CAMPAIGNS.columns.find((c) => c.header === 'Currency')?.role).toBe('currency');
    // A ledger's one-column service period is its period.
    expect(INVOICES.columns.find((c) => c.header === 'Service period')?.role).toBe('period');
  });

  it('gives rates by month, a month-less rate for every month, and what it covers', () => {
    const diags: Diagnostic[] = [];
    const sheet = ratesFromSheet(FX, 'CNY', diags)!;
    expect(diags).toEqual([]);
    expect(sheet).toEqual({
      sheet: 'FX',
      rates: [
        { currency: 'USD', rate: '7.1', month: '2024-05' },
        { currency: 'USD', rate: '7.2', month: '2024-06' },
        { currency: 'HKD', rate: '0.9123' },
      ],
      currencies: ['USD', 'HKD'],
      months: ['2024-05', '2024-06'],
    });
    // 美元 is USD; a text rate "7.2000" (ingest reads it as the number 7.2) is the exact rate 7.2.
    expect(ratesFromSheet(FX_ZH, 'CNY', [])!.rates).toEqual([{ currency: 'USD', rate: '7.2', month: '2024-06' }]);
    const lookup = ratesFor(undefined, FX, 'CNY', []);
    const month = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
    expect(lookup('USD', month('2024-06'))).toEqual({ num: 72n, scale: 1 });
    expect(lookup('HKD', month('2024-01'))).toEqual({ num: 9123n, scale: 4 });
    expect(lookup('USD', month('2024-01'))).toBeNull(); // no USD rate for January, and no month-less one
  });

  it('lets the options override the sheet, currency by currency', () => {
    // The option names USD (no month): the sheet's USD rates are not used; HKD still comes from the sheet.
    const lookup = ratesFor({ USD: 7 }, FX, 'CNY', []);
    expect(lookup('USD', 2024 * 12 + 5)).toEqual({ num: 7n, scale: 0 });
    expect(lookup('HKD', 2024 * 12 + 5)).toEqual({ num: 9123n, scale: 4 });
  });

  it('is not used when its rates are to another currency than the report', () => {
    const usdBase = grid('FX', [
      ['Currency', 'Rate to USD'],
      ['CNY', 0.14],
    ]);
    const diags: Diagnostic[] = [];
    expect(ratesFromSheet(usdBase, 'CNY', diags)).toBeNull();
    expect(diags.map((d) => [d.code, d.where?.column])).toEqual([['finance.fx.other-base', 'Rate to USD']]);
  });

  it('reports rows with no usable rate, and a second rate for the same month', () => {
    const messy = grid('FX', [
      ['Currency', 'Month', 'Rate'],
      ['USD', '2024-06', 7.2],
      ['USD', '2024-06', 7.3],
      ['EUR', '2024-06', 'n/a'],
      ['EUR', '2024-06', -1],
    ]);
    const diags: Diagnostic[] = [];
    const sheet = ratesFromSheet(messy, 'CNY', diags)!;
    expect(sheet.rates).toEqual([{ currency: 'USD', rate: '7.2', month: '2024-06' }]);
    expect(diags.map((d) => [d.code, d.where?.rows])).toEqual([
      ['finance.fx.conflict', [3]],
      ['finance.fx.bad-rows', [4, 5]],
    ]);
  });
});

describe('money analyses with the exchange-rate sheet', () => {
  it('reconciliation converts USD lines with the sheet, month by month, and matches them', () => {
    const res = reconcileSpend(deepFreeze(CAMPAIGNS), deepFreeze(INVOICES), common, {}, deepFreeze(FX));
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    // 100.01 USD × 7.1 = 710.071 → 710.07 (May); × 7.2 = 720.072 → 720.07 (June); + 500 CNY. EUR has no rate.
    expect(f.platform_total).toBe(1930.14);
    expect(f.invoice_total).toBe(1930.14);
    const status = res.tables.find((t) => t.name === 'status')!.rows;
    expect(status.filter((r) => r.status === 'matched').map((r) => [r.side, r.lines])).toEqual([
      ['Platform', 3],
      ['Invoices', 3],
    ]);
    // The EUR rows: an error naming the sheet, the Currency column and Excel rows 5 and 6.
    const err = res.diagnostics.find((d) => d.code === 'finance.fx.missing-rate')!;
    expect(err.severity).toBe('error');
    expect(err.where).toMatchObject({ sheet: 'Platform', column: 'Currency', rows: [5, 6], count: 2 });
    expect(err.message.en).toContain('2 row(s) are in EUR');
    expect(err.message.en).toContain('the exchange-rate sheet "FX"');
  });

  it('converts an invoice over two months share by share, each at its month’s rate', () => {
    const platform = grid('Platform', [
      ['Campaign', 'Channel', 'Date', 'Currency', 'Spend'],
      ['Brand', 'Google Ads', '2024-05-01', 'USD', 100.01],
      ['Brand', 'Google Ads', '2024-06-01', 'USD', 100.01],
    ]);
    const invoices = grid('Invoices', [
      ['Vendor', 'Campaign', 'Invoice No', 'Service period', 'Currency', 'Amount'],
      ['Google Ads', 'Brand', 'I-9', '2024-05-01 to 2024-06-30', 'USD', 200.02],
    ]);
    const res = reconcileSpend(platform, invoices, common, {}, FX);
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    // Platform: 710.07 + 720.07 = 1,430.14. Invoice: 200.02 USD by days, May 31 / 61 → 101.65, June 98.37;
    // 101.65 × 7.1 = 721.715 → 721.72, 98.37 × 7.2 = 708.264 → 708.26: 1,429.98, within the 0.5 % tolerance.
    // (At May's rate alone, 200.02 × 7.1 = 1,420.14: a spurious 10.00 variance.)
    expect([f.platform_total, f.invoice_total]).toEqual([1430.14, 1429.98]);
    const status = res.tables.find((t) => t.name === 'status')!.rows;
    expect(status.map((r) => [r.side, r.status, r.lines])).toEqual([
      ['Platform', 'within_tolerance', 2],
      ['Invoices', 'within_tolerance', 1],
    ]);
  });

  it('the registered analysis reads the sheet from its inputs', () => {
    expect(reconciliationAnalysis.optionalInputs).toContain('fx_rates');
    const res = reconciliationAnalysis.run(
      { campaigns: CAMPAIGNS, invoices: INVOICES, fx_rates: FX },
      common,
      reconciliationAnalysis.defaults,
    );
    expect(res.figures.find((x) => x.key === 'platform_total')?.value).toBe(1930.14);
  });

  it('budget against actual converts platform spend with the sheet', () => {
    const budget = grid('Budget', [
      ['渠道', '月份', '预算'],
      ['Google Ads', '2024-06', 700],
    ]);
    const res = budgetVsActual(budget, CAMPAIGNS, undefined, common, {}, FX);
    const june = res.tables
      .find((t) => t.name === 'budget')!
      .rows.find((r) => r.channel === 'Google Ads' && r.month === '2024-06')!;
    // 100.01 USD × 7.2 (June) = 720.072 → 720.07.
    expect(june.platform).toBe(720.07);
  });

  it('reported against real converts spend and reported revenue with the sheet', () => {
    const campaigns = grid('Platform', [
      ['Channel', 'Date', 'Currency', 'Spend', 'Revenue'],
      ['Google Ads', '2024-06-03', 'USD', 100.01, 300],
      ['百度', '2024-06-03', 'CNY', 500, 900],
    ]);
    const orders = grid('Orders', [
      ['Order ID', 'Customer ID', 'Order date', 'Channel', 'Amount'],
      ['O1', 'C1', '2024-06-03', 'Google Ads', 1000],
    ]);
    const res = reportedVsReal(campaigns, orders, common, {}, FX);
    const google = res.tables[0].rows.find((r) => r.channel === 'Google Ads')!;
    // June's rate 7.2: spend 100.01 × 7.2 = 720.072 → 720.07; reported revenue 300 × 7.2 = 2,160.00.
    expect([google.spend, google.reported_revenue, google.real_revenue]).toEqual([720.07, 2160, 1000]);
  });
});
