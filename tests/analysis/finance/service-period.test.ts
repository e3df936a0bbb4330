/**
 * The service period of invoice lines. Pins the month-shift bug seen on the sample workbook: ingest gives
 * an invoices sheet's `service_start` / `service_end` columns no role (it proposes period roles for
 * campaign sheets only), so reconciliation used to fall back to the invoice date — dated in the month
 * after the service — and compared every invoice with the next month's platform spend.
 * Expected months and amounts are computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { computeReconciliation, reconcileSpend } from '../../../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { readServicePeriod, serviceColumns } from '../../../src/analysis/finance/service-period.js';
import { monthLabel } from '../../../src/analysis/finance/months.js';
import type { CellGrid, CellValue, Diagnostic } from '../../../src/types.js';
import { deepFreeze, serial } from '../helpers.js';

const common = { asOf: serial('2025-07-31'), currency: 'CNY', lang: 'en' as const };

/** A grid as the reader gives it: dates are serials with a date number format (headers named here). */
function grid(
  sheet: string,
  values: CellValue[][],
  dateCols: readonly string[] = [
    '周',
    'invoice_date',
    'service_start',
    'service_end',
    '开票日期',
    '服务开始日期',
    '服务结束日期',
    'invoice date',
  ],
): CellGrid {
  const fmt = values[0].map((h) => (dateCols.includes(String(h)) ? 'yyyy-mm-dd' : 'General'));
  return deepFreeze({ sheet, address: 'A1', values, numberFormats: values.map(() => fmt) });
}

// Weekly platform rows (a week counts in the month its Monday falls in, as in the sample):
// Brand Search June = 1,000.00 + 2,000.00 = 3,000.00; July = 500.00 + 700.00 = 1,200.00.
const CAMPAIGNS = grid('Campaigns', [
  ['活动', '渠道', '周', '花费'],
  ['Brand Search', 'Paid Search', serial('2025-06-02'), 1000],
  ['Brand Search', 'Paid Search', serial('2025-06-30'), 2000], // Monday 30 June: June, though the week ends in July
  ['Brand Search', 'Paid Search', serial('2025-07-07'), 500],
  ['Brand Search', 'Paid Search', serial('2025-07-14'), 700],
]);

// The sample's Invoices layout: each month invoiced on the 5th of the next month.
const INVOICES = grid('Invoices', [
  [
    'invoice_id',
    'vendor',
    'channel',
    'campaign_ref',
    'invoice_date',
    'service_start',
    'service_end',
    'amount',
    'currency',
  ],
  [
    'INV-1',
    '百度营销 Baidu',
    'Paid Search',
    'Brand Search',
    serial('2025-07-05'),
    serial('2025-06-01'),
    serial('2025-06-30'),
    3000,
    'CNY',
  ],
  [
    'INV-2',
    '百度营销 Baidu',
    'Paid Search',
    'Brand Search',
    serial('2025-08-05'),
    serial('2025-07-01'),
    serial('2025-07-31'),
    1200,
    'CNY',
  ],
]);

describe('service period of invoices read through ingest', () => {
  const campaigns = ingestGrid(CAMPAIGNS);
  const invoices = ingestGrid(INVOICES);

  it('finds service_start / service_end although ingest leaves them without a role', () => {
    // The premise of the bug: if ingest ever proposes these roles, the header fallback is simply not needed.
    const roles = Object.fromEntries(invoices.columns.map((c) => [c.header, c.role]));
    expect(roles.invoice_date).toBe('invoice_date');
    const found = serviceColumns(invoices);
    expect([found.start?.header, found.end?.header]).toEqual(['service_start', 'service_end']);
    expect(found.byHeader).toBe(roles.service_start !== 'period_start');
  });

  it('reconciles each invoice with the platform spend of its service month, not of its invoice date', () => {
    const r = computeReconciliation(campaigns, invoices, common)!;
    // INV-1 (June) 3,000.00 = June 3,000.00; INV-2 (July) 1,200.00 = July 1,200.00. With the invoice date's
    // month instead, INV-1 would meet July (1,200.00) and INV-2 August (no spend).
    expect(r.sets.map((s) => [s.status, s.months, s.invoiceMinor, s.platformMinor])).toEqual([
      ['matched', ['2025-06'], 300000, 300000],
      ['matched', ['2025-07'], 120000, 120000],
    ]);
  });

  it('says in a note which columns gave the service period', () => {
    const res = reconcileSpend(campaigns, invoices, common);
    expect(res.notes.some((n) => n.en.includes('"service_start" … "service_end" of "Invoices"'))).toBe(true);
    expect(res.diagnostics).toEqual([]);
  });

  it('counts invoices in the budget month of their service period', () => {
    const budget = ingestGrid(
      grid('Budget', [
        ['渠道', '月份', '预算'],
        ['Paid Search', '2025-06', 3000],
        ['Paid Search', '2025-07', 1200],
      ]),
    );
    const b = budgetVsActual(budget, campaigns, invoices, common);
    // June invoiced 3,000.00 (INV-1), July 1,200.00 (INV-2); by invoice date they would sit in July and August.
    expect(b.tables[0].rows.map((x) => [x.month, x.invoiced])).toEqual([
      ['2025-06', 3000],
      ['2025-07', 1200],
    ]);
  });

  it('leaves the grids unchanged', () => {
    expect(Object.isFrozen(INVOICES.values[1])).toBe(true);
    expect(INVOICES.values[1][4]).toBe(serial('2025-07-05'));
  });
});

describe('readServicePeriod', () => {
  const months = (values: CellValue[][]): [string, string][] => {
    const diags: Diagnostic[] = [];
    const sp = readServicePeriod(ingestGrid(grid('发票', values)), diags, 't');
    return Array.from(sp.m0, (m, i) => [m < 0 ? '' : monthLabel(m), sp.m1[i] < 0 ? '' : monthLabel(sp.m1[i])]);
  };

  it('recognises Chinese service-period headers', () => {
    expect(
      months([
        ['供应商', '金额', '开票日期', '服务开始日期', '服务结束日期'],
        ['巨量引擎', 100, serial('2025-04-03'), serial('2025-02-01'), serial('2025-03-31')],
      ]),
    ).toEqual([['2025-02', '2025-03']]);
  });

  it('reads a billing-month column with months and ranges written as text', () => {
    expect(
      months([
        ['vendor', 'amount', 'invoice date', 'billing month'],
        ['Meta', 100, serial('2025-04-03'), '2025-03'],
        ['Meta', 100, serial('2025-04-03'), '2025-01..2025-02'],
        ['Meta', 100, serial('2025-04-03'), null], // no billing month: the invoice date's month
      ]),
    ).toEqual([
      ['2025-03', '2025-03'],
      ['2025-01', '2025-02'],
      ['2025-04', '2025-04'],
    ]);
  });

  it('does not take a money column such as "service total" for a period end', () => {
    const d = ingestGrid(
      grid('Invoices', [
        ['vendor', 'amount', 'service total', 'invoice date'],
        ['Meta', 100, 100, serial('2025-04-03')],
      ]),
    );
    expect(serviceColumns(d).start).toBeUndefined();
  });

  it('falls back to the invoice date, and reports rows with neither', () => {
    const diags: Diagnostic[] = [];
    const sp = readServicePeriod(
      ingestGrid(
        grid('Invoices', [
          ['vendor', 'amount', 'invoice date'],
          ['Meta', 100, serial('2025-04-03')],
          ['Meta', 50, null],
        ]),
      ),
      diags,
      't',
    );
    expect([sp.m0[0], sp.m0[1], sp.fromDate]).toEqual([2025 * 12 + 3, -1, 1]);
    expect(diags.map((x) => [x.code, x.where?.rows])).toEqual([['t.invoice-no-date', [3]]]);
  });

  it('handles an empty table', () => {
    const d = ingestGrid(grid('Invoices', [['vendor', 'amount', 'service_start', 'service_end']]));
    const sp = readServicePeriod(d, [], 't');
    expect([sp.m0.length, sp.fromDate, sp.missing]).toEqual([0, 0, []]);
  });
});
