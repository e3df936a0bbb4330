/**
 * Service periods written as text in one "Service period" column (issue 12, the month-end workbook):
 * every form the issue lists is read to its days, the invoices reconcile by that period rather than their
 * invoice date, a range over two months is shared by days, and unreadable texts are named by sheet,
 * column and rows. Expected figures are computed in the test from the rows it builds.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { computeReconciliation, reconcileSpend } from '../../../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { periodDays } from '../../../src/analysis/finance/period-text.js';
import { readServicePeriod } from '../../../src/analysis/finance/service-period.js';
import { monthLabel } from '../../../src/analysis/finance/months.js';
import type { CellGrid, CellValue, Diagnostic } from '../../../src/types.js';
import { deepFreeze, serial } from '../helpers.js';

function grid(sheet: string, values: CellValue[][], dateCols: readonly string[] = ['Month', 'Invoice date']): CellGrid {
  const fmt = values[0].map((h) => (dateCols.includes(String(h)) ? 'yyyy-mm-dd' : 'General'));
  return deepFreeze({ sheet, address: 'A1', values, numberFormats: values.map(() => fmt) });
}

const iso = (s: number): string => new Date((s - 25_569) * 86_400_000).toISOString().slice(0, 10);
const span = (v: string, year: number | null = null): [string, string] | null => {
  const d = periodDays(v, year);
  return d ? [iso(d.d0), iso(d.d1)] : null;
};

describe('periodDays', () => {
  it('reads every range form of the issue to 1–30 June 2024', () => {
    for (const t of [
      '2024-06-01 to 2024-06-30',
      '2024/6/1-2024/6/30',
      '2024.06.01～2024.06.30',
      '2024-06-01 – 2024-06-30',
      '2024年6月1日-2024年6月30日',
    ]) {
      expect([t, span(t)]).toEqual([t, ['2024-06-01', '2024-06-30']]);
    }
    // No year in the text: the caller's year; none given → unreadable.
    expect(span('6月1日-6月30日', 2024)).toEqual(['2024-06-01', '2024-06-30']);
    expect(span('6月1日-6月30日')).toBeNull();
    // 1 December to 31 January with no year runs into the next year.
    expect(span('12月1日-1月31日', 2024)).toEqual(['2024-12-01', '2025-01-31']);
  });

  it('reads months and quarters to their whole days', () => {
    for (const t of ['2024-06', '2024年6月', 'June 2024', 'Jun 2024', '202406'])
      expect([t, span(t)]).toEqual([t, ['2024-06-01', '2024-06-30']]);
    expect(span('6月', 2024)).toEqual(['2024-06-01', '2024-06-30']);
    // Q2 = April 1 to June 30.
    for (const t of ['2024Q2', '2024 Q2', 'Q2 2024', '2024年第2季度', '2024年第二季度'])
      expect([t, span(t)]).toEqual([t, ['2024-04-01', '2024-06-30']]);
  });

  it('rejects what is not a period', () => {
    for (const t of ['June', 'soon', '2024-06-31 to 2024-07-01', '2024-07-01 to 2024-06-01', '2024Q5', ''])
      expect([t, span(t)]).toEqual([t, null]);
  });
});

// A month-end workbook: platform spend per campaign and month (monthly rows dated the 1st), invoices with one
// "Service period" text column, dated the 5th of the next month. Each invoice line equals one platform line
// of the same campaign and month, written in a different period form.
const CAMPAIGNS = ['Brand Search', 'Generic Search', 'Feeds', 'Video'];
const MONTHS = ['2024-04', '2024-05', '2024-06'];
const spendOf = (c: number, m: number): number => 1000 * (c + 1) + 123.45 * (m + 1); // cents, distinct per line
const FORMS = [
  (m: number): string => `2024-0${m + 4}-01 to 2024-0${m + 4}-${[30, 31, 30][m]}`,
  (m: number): string => `2024/${m + 4}/1-2024/${m + 4}/${[30, 31, 30][m]}`,
  (m: number): string => `${m + 4}月1日-${m + 4}月${[30, 31, 30][m]}日`, // year from the invoice date
  (m: number): string => ['April 2024', 'May 2024', 'June 2024'][m],
];
const platformRows: CellValue[][] = [];
const invoiceRows: CellValue[][] = [];
for (const [c, camp] of CAMPAIGNS.entries()) {
  for (const [m, mo] of MONTHS.entries()) {
    platformRows.push([camp, 'Paid', serial(`${mo}-01`), spendOf(c, m)]);
    invoiceRows.push([`INV-${c}${m}`, camp, 'Paid', serial(`2024-0${m + 5}-05`), FORMS[c](m), spendOf(c, m)]);
  }
}
const PLATFORM = grid('Platform spend', [['Campaign', 'Channel', 'Month', 'Spend'], ...platformRows]);
const INVOICES = grid('Invoices', [
  ['Invoice no', 'Campaign', 'Channel', 'Invoice date', 'Service period', 'Amount'],
  ...invoiceRows,
]);
const common = { asOf: serial('2024-06-30'), currency: 'CNY', lang: 'en' as const };

describe('a month-end workbook with a "Service period" text column', () => {
  const platform = ingestGrid(PLATFORM);
  const invoices = ingestGrid(INVOICES);

  it('matches every invoice line with its campaign and service month, tied out to the cent', () => {
    const r = computeReconciliation(platform, invoices, common)!;
    const expectedCents = BigInt(platformRows.reduce((s, row) => s + Math.round((row[3] as number) * 100), 0));
    expect(r.sets.filter((s) => s.status === 'matched')).toHaveLength(CAMPAIGNS.length * MONTHS.length);
    expect(
      r.sets.every((s) => s.status === 'matched' && s.months.length === 1 && s.invoiceMinor === s.platformMinor),
    ).toBe(true);
    expect(r.totals.invoice.source).toBe(expectedCents);
    expect(r.totals.platform.source).toBe(expectedCents);
    // By invoice date (the 5th of the next month) June's invoices would find no spend in July.
    expect(r.sets.find((s) => s.invoiceRows.includes(2))?.months).toEqual(['2024-06']);
  });

  it('says the year of "6月1日-6月30日" came from the invoice date, naming the rows', () => {
    const res = reconcileSpend(platform, invoices, common);
    const d = res.diagnostics.find((x) => x.code === 'finance.recon.period-no-year');
    expect(d?.severity).toBe('info');
    expect(d?.message.en).toContain('3 service period(s) in "Service period" of "Invoices"');
    expect(res.diagnostics.filter((x) => x.severity !== 'info')).toEqual([]);
  });
});

describe('service periods over two months and unreadable ones', () => {
  const values: CellValue[][] = [
    ['Vendor', 'Channel', 'Invoice date', 'Service period', 'Amount'],
    ['Meta', 'Social', serial('2024-07-20'), '2024-06-16 to 2024-07-15', 3000], // 15 days in June, 15 in July
    ['Meta', 'Social', serial('2024-08-05'), '2024-07-01 to 2024-08-10', 4100], // 31 July days, 10 August days
    ['Meta', 'Social', serial('2024-08-05'), 'summer flight', 500], // unreadable: the invoice date's month
    ['Meta', 'Social', serial('2024-08-05'), '2024-06-01 to 2024-06-30', 700],
  ];
  const invoices = ingestGrid(grid('Invoices', values, ['Invoice date']));

  it('names the unreadable text by sheet, column and row and falls back to the invoice date', () => {
    const diags: Diagnostic[] = [];
    const sp = readServicePeriod(invoices, diags, 't', serial('2024-08-31'));
    expect(Array.from(sp.m0, (m, i) => `${monthLabel(m)}…${monthLabel(sp.m1[i])}`)).toEqual([
      '2024-06…2024-07',
      '2024-07…2024-08',
      '2024-08…2024-08',
      '2024-06…2024-06',
    ]);
    expect(sp.splitByDays).toBe(2);
    const d = diags.find((x) => x.code === 't.period-unreadable')!;
    expect(d.severity).toBe('warning');
    expect(d.message.en).toContain('1 invoice row(s) of "Invoices" have a service period in "Service period"');
    expect(d.message.en).toContain('"summer flight"');
    expect(d.where).toMatchObject({ sheet: 'Invoices', column: 'Service period', columnLetter: 'D', rows: [4] }); // 3rd data row, header in row 1
  });

  it('shares an invoice over its months by days in the budget comparison', () => {
    const budget = ingestGrid(
      grid(
        'Budget',
        [
          ['Channel', 'Month', 'Budget'],
          ['Social', '2024-06', 1],
          ['Social', '2024-07', 1],
          ['Social', '2024-08', 1],
        ],
        [],
      ),
    );
    const platform = ingestGrid(
      grid(
        'Platform',
        [
          ['Campaign', 'Channel', 'Date', 'Spend'],
          ['Meta A', 'Social', serial('2024-08-01'), 1],
        ],
        ['Date'],
      ),
    );
    const b = budgetVsActual(budget, platform, invoices, { ...common, asOf: serial('2024-08-31') });
    // June: 3,000 × 15/30 = 1,500 + 700 = 2,200. July: 1,500 + 4,100 × 31/41 = 3,100 → 4,600.
    // August: 4,100 × 10/41 = 1,000 + 500 (unreadable row, invoice date August) = 1,500.
    const inv = Object.fromEntries(b.tables[0].rows.map((x) => [x.month, x.invoiced]));
    expect([inv['2024-06'], inv['2024-07'], inv['2024-08']]).toEqual([2200, 4600, 1500]);
    expect(
      b.notes.some((n) =>
        n.en.includes(
          '2 service period(s) span more than one month; each is split across its months in proportion to its days',
        ),
      ),
    ).toBe(true);
  });
});
