/**
 * Spend reconciliation on a hand-built ledger with planted cases. Every expected status and total below is
 * computed by hand in the comments (amounts in CNY, report currency CNY, 2 decimals).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { common as commonFor, deepFreeze, makeDataset, serial } from '../helpers.js';
import {
  computeReconciliation,
  reconcileSpend,
  reconciliationAnalysis,
} from '../../../src/analysis/finance/reconciliation/index.js';
import type { CellValue } from '../../../src/types.js';
import type { Dataset } from '../../../src/ingest/types.js';
import type { ResultTable } from '../../../src/analysis/types.js';

const common = { ...commonFor('2024-06-30'), currency: 'CNY' };

/** makeDataset names the sheet after the kind; these tests use the sheet names users see. */
function named(d: Dataset, sheet: string): Dataset {
  return { ...d, sheet };
}

function campaigns(rows: [string, string, string, CellValue][], sheet = 'Campaigns'): Dataset {
  return named(
    makeDataset('campaigns', [
      { name: 'Campaign', role: 'campaign', values: rows.map((r) => r[0]) },
      { name: 'Channel', role: 'channel', values: rows.map((r) => r[1]) },
      { name: 'Date', role: 'date', values: rows.map((r) => serial(r[2])), type: 'date' },
      { name: 'Spend', role: 'spend', values: rows.map((r) => r[3]), type: 'currency' },
    ]),
    sheet,
  );
}

interface Inv {
  vendor: string | null;
  ref: string | null;
  id: string | null;
  start: string | null;
  end: string | null;
  amount: CellValue;
  currency?: string | null;
  desc?: string | null;
}

function invoices(rows: Inv[], sheet = 'Invoices'): Dataset {
  return named(
    makeDataset('invoices', [
      { name: 'Vendor', role: 'vendor', values: rows.map((r) => r.vendor) },
      { name: 'Campaign ref', role: 'campaign_ref', values: rows.map((r) => r.ref) },
      { name: 'Invoice no', role: 'invoice_id', values: rows.map((r) => r.id), type: 'identifier' },
      {
        name: 'Period start',
        role: 'period_start',
        values: rows.map((r) => (r.start ? serial(r.start) : null)),
        type: 'date',
      },
      { name: 'Period end', role: 'period_end', values: rows.map((r) => (r.end ? serial(r.end) : null)), type: 'date' },
      { name: 'Amount', role: 'amount', values: rows.map((r) => r.amount), type: 'currency' },
      { name: 'Currency', role: 'currency', values: rows.map((r) => r.currency ?? 'CNY') },
      { name: 'Description', role: 'description', values: rows.map((r) => r.desc ?? null) },
    ]),
    sheet,
  );
}

const G = 'Google Ireland Ltd';
const META = 'Meta Platforms Ireland';
const MAR = ['2024-03-01', '2024-03-31'] as const;

// Platform lines (Excel rows 2..15).
const PLATFORM = campaigns([
  ['Spring Sale', 'Google Ads', '2024-03-05', 1000.1], // r2  ┐ G1 Spring Sale 2024-03 = 2,000.00
  ['Spring Sale', 'Google Ads', '2024-03-20', 999.9], //  r3  ┘
  ['Brand Search', 'Google Ads', '2024-03-10', 1500], // r4   G2 Brand Search 2024-03 ┐ one invoice, two months
  ['Brand Search', 'Google Ads', '2024-04-10', 1500], // r5   G3 Brand Search 2024-04 ┘ = 3,000.00
  ['618大促-搜索', '百度', '2024-03-15', 800], //          r6   G4 Chinese name = 800.00
  ['Summer Launch', 'Facebook', '2024-03-01', 1200], //  r7   G5 renamed on the invoice ("Sumer Launch")
  ['Retargeting', 'Facebook', '2024-03-01', 500], //     r8   G6 split over two invoices 300 + 200
  ['Display', 'Google Ads', '2024-03-01', 700], //       r9   G7 no invoice → not invoiced
  ['Brand Video', 'Facebook', '2024-03-02', 400], //     r10  G8 full-width reference on the invoice
  ['Tolerance Test', 'Google Ads', '2024-03-01', 1000], // r11 G9 invoiced 1,000.50 → within tolerance
  ['Big Variance', 'Google Ads', '2024-03-01', 2000], // r12  G10 invoiced 2,100.00 → variance
  ['Rounding', 'Google Ads', '2024-03-01', 0.1], //      r13  ┐ G11 0.1 + 0.2 = 0.30 exactly (floats give 0.30000000000000004)
  ['Rounding', 'Google Ads', '2024-03-02', 0.2], //      r14  ┘
  ['US Campaign', 'Google Ads', '2024-03-01', 710], //   r15  G12 invoiced USD 100.00 × 7.1 = 710.00
]);

// Invoice lines (Excel rows 2..16).
const INVOICES = invoices([
  { vendor: G, ref: 'Spring Sale', id: 'INV-001', start: MAR[0], end: MAR[1], amount: 2000 }, // r2 exact reference → G1 matched
  { vendor: G, ref: 'brand-search', id: 'INV-002', start: '2024-03-01', end: '2024-04-30', amount: 3000 }, // r3 normalised → G2+G3 matched
  { vendor: '百度', ref: '618大促 搜索', id: 'INV-003', start: MAR[0], end: MAR[1], amount: 800 }, // r4 normalised Chinese → matched
  { vendor: META, ref: 'Sumer Launch', id: 'INV-004', start: MAR[0], end: MAR[1], amount: 1200 }, // r5 fuzzy: 1 − 1/12 = 0.917 ≥ 0.85 → matched
  { vendor: META, ref: 'Retargeting', id: 'INV-005', start: MAR[0], end: MAR[1], amount: 300 }, // r6 ┐ split: 300 + 200 = 500 → matched
  { vendor: META, ref: 'Retargeting', id: 'INV-006', start: MAR[0], end: MAR[1], amount: 200 }, // r7 ┘
  { vendor: META, ref: 'ＢＲＡＮＤ　ＶＩＤＥＯ', id: 'INV-007', start: MAR[0], end: MAR[1], amount: 400 }, // r8 full-width (NFKC) → matched
  { vendor: G, ref: 'Tolerance Test', id: 'INV-008', start: MAR[0], end: MAR[1], amount: 1000.5 }, // r9 diff +0.50 ≤ 1.00 → within tolerance
  { vendor: G, ref: 'Big Variance', id: 'INV-009', start: MAR[0], end: MAR[1], amount: 2100 }, // r10 diff +100 > max(1, 0.5% × 2000 = 10) → variance
  { vendor: G, ref: 'Rounding', id: 'INV-010', start: MAR[0], end: MAR[1], amount: 0.3 }, // r11 30 fen = 10 + 20 fen → matched
  { vendor: G, ref: 'US Campaign', id: 'INV-011', start: MAR[0], end: MAR[1], amount: 100, currency: 'USD' }, // r12 100 × 7.1 = 710.00 → matched
  { vendor: G, ref: 'Spring Sale', id: 'INV-001', start: MAR[0], end: MAR[1], amount: 2000 }, // r13 same number as r2 → possible duplicate
  { vendor: G, ref: 'Ghost Campaign', id: 'INV-012', start: MAR[0], end: MAR[1], amount: 450 }, // r14 unknown; 450 vs Display 700 not within tol → no spend
  { vendor: G, ref: 'Display', id: 'INV-013', start: MAR[0], end: MAR[1], amount: 'abc' }, // r15 not a number → excluded
  { vendor: META, ref: 'Retargeting', id: 'INV-014', start: MAR[0], end: MAR[1], amount: 50, currency: 'EUR' }, // r16 EUR, no rate → excluded
]);

const OPTIONS = { rates: [{ currency: 'USD', rate: 7.1 }], vendorChannels: { [META]: 'Facebook' } };

function table(name: string, t: ResultTable[]): ResultTable {
  const x = t.find((y) => y.name === name);
  if (!x) throw new Error(`no table ${name}`);
  return x;
}

describe('reconcileSpend: planted ledger', () => {
  deepFreeze(PLATFORM.columns);
  deepFreeze(PLATFORM.rowNumbers);
  deepFreeze(INVOICES.columns);
  const before = [PLATFORM.table.objects(), INVOICES.table.objects()];
  const res = reconcileSpend(PLATFORM, INVOICES, common, OPTIONS);
  const lines = table('lines', res.tables).rows;
  const lineOf = (sheet: string, row: number): Record<string, CellValue> => {
    const l = lines.find((x) => x.sheet === sheet && x.row === row);
    if (!l) throw new Error(`no line ${sheet}!${row}`);
    return l;
  };

  it('gives every invoice line the planted status', () => {
    const expected: Record<number, string> = {
      2: 'matched',
      3: 'matched',
      4: 'matched',
      5: 'matched',
      6: 'matched',
      7: 'matched',
      8: 'matched',
      9: 'within_tolerance',
      10: 'variance',
      11: 'matched',
      12: 'matched',
      13: 'duplicate',
      14: 'no_spend',
      15: 'excluded',
      16: 'excluded',
    };
    for (const [row, status] of Object.entries(expected))
      expect([row, lineOf('Invoices', Number(row)).status]).toEqual([row, status]);
  });

  it('gives every platform line the planted status', () => {
    const expected: Record<number, string> = {
      2: 'matched',
      3: 'matched',
      4: 'matched',
      5: 'matched',
      6: 'matched',
      7: 'matched',
      8: 'matched',
      9: 'not_invoiced',
      10: 'matched',
      11: 'within_tolerance',
      12: 'variance',
      13: 'matched',
      14: 'matched',
      15: 'matched',
    };
    for (const [row, status] of Object.entries(expected))
      expect([row, lineOf('Campaigns', Number(row)).status]).toEqual([row, status]);
  });

  it('lists every line exactly once (14 platform + 15 invoice lines)', () => {
    expect(lines.length).toBe(29);
    const keys = new Set(lines.map((l) => `${String(l.sheet)}!${String(l.row)}`));
    expect(keys.size).toBe(29);
  });

  it('records how each invoice matched and to which lines', () => {
    expect(lineOf('Invoices', 2).method).toBe('exact reference');
    expect(lineOf('Invoices', 3).method).toBe('normalised name');
    expect(lineOf('Invoices', 4).method).toBe('normalised name');
    expect(lineOf('Invoices', 5).method).toBe('similar name');
    expect(lineOf('Invoices', 8).method).toBe('normalised name');
    // Split invoices share one match set with the one platform line.
    expect(lineOf('Invoices', 6).match_id).toBe(lineOf('Invoices', 7).match_id);
    expect(lineOf('Invoices', 6).match_id).toBe(lineOf('Campaigns', 8).match_id);
    // The two-month invoice covers both Brand Search months.
    expect(lineOf('Invoices', 3).matched_to).toBe('Campaigns rows 4–5 (Brand Search; 2024-03, 2024-04)');
    expect(lineOf('Campaigns', 2).matched_to).toBe('Invoices rows 2 (INV-001)');
    // The duplicate points at the original.
    expect(lineOf('Invoices', 13).matched_to).toBe('Invoices row 2');
    expect(lineOf('Invoices', 13).match_id).toBe(lineOf('Invoices', 2).match_id);
    // Variance: +100.00 on 2,000.00.
    expect(lineOf('Invoices', 10).set_variance).toBe(100);
    expect(lineOf('Invoices', 9).set_variance).toBe(0.5);
    // The USD invoice keeps its original amount and is shown converted.
    expect(lineOf('Invoices', 12)).toMatchObject({ amount: 710, original_amount: 100, currency: 'USD' });
    expect(String(lineOf('Invoices', 14).reason)).toContain('Ghost Campaign');
    expect(String(lineOf('Invoices', 16).reason)).toContain('exchange rate');
  });

  it('sums statuses to the cent (hand totals)', () => {
    const status = table('status', res.tables).rows;
    const get = (side: string, s: string): [unknown, unknown] => {
      const r = status.find((x) => x.side === side && x.status === s);
      return r ? [r.lines, r.amount] : [0, 0];
    };
    // Platform: matched 2000 + 3000 + 800 + 1200 + 500 + 400 + 0.30 + 710 = 8,610.30 on 11 lines.
    expect(get('Platform', 'matched')).toEqual([11, 8610.3]);
    expect(get('Platform', 'within_tolerance')).toEqual([1, 1000]);
    expect(get('Platform', 'variance')).toEqual([1, 2000]);
    expect(get('Platform', 'not_invoiced')).toEqual([1, 700]);
    // Invoices: matched 2000 + 3000 + 800 + 1200 + 300 + 200 + 400 + 0.30 + 710 = 8,610.30 on 9 lines.
    expect(get('Invoices', 'matched')).toEqual([9, 8610.3]);
    expect(get('Invoices', 'within_tolerance')).toEqual([1, 1000.5]);
    expect(get('Invoices', 'variance')).toEqual([1, 2100]);
    expect(get('Invoices', 'duplicate')).toEqual([1, 2000]);
    expect(get('Invoices', 'no_spend')).toEqual([1, 450]);
    expect(get('Invoices', 'excluded')).toEqual([2, 0]);
  });

  it('ties out: source totals equal the sum of statuses', () => {
    const fig = Object.fromEntries(res.figures.map((f) => [f.key, f.value]));
    // Platform 12,310.30 = 8,610.30 + 1,000 + 2,000 + 700.
    expect(fig.platform_total).toBe(12310.3);
    // Invoices 14,160.80 = 8,610.30 + 1,000.50 + 2,100 + 2,000 + 450.
    expect(fig.invoice_total).toBe(14160.8);
    expect(fig.difference).toBe(1850.5);
    expect(fig.tie_out_ok).toBe(1);
    expect(fig.not_invoiced).toBe(700);
    expect(fig.no_spend).toBe(450);
    expect(fig.duplicates).toBe(2000);
    expect(fig.variance_abs).toBe(100);
    const tie = table('tieout', res.tables).rows.filter((r) => String(r.item).startsWith('Difference'));
    expect(tie.map((r) => [r.lines, r.amount])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('names sheet, column and rows in diagnostics', () => {
    const unparseable = res.diagnostics.find((d) => d.code === 'finance.recon.invoice.unparseable-amount');
    expect(unparseable?.where).toEqual({
      sheet: 'Invoices',
      column: 'Amount',
      columnLetter: 'F',
      rows: [15],
      count: 1,
    });
    const fx = res.diagnostics.find((d) => d.code === 'finance.fx.missing-rate');
    expect(fx?.where).toEqual({ sheet: 'Invoices', column: 'Currency', columnLetter: 'G', rows: [16], count: 1 });
    expect(fx?.message.en).toContain('EUR');
    expect(fx?.message['zh-CN']).toContain('汇率');
  });

  it('ranks findings by money at stake', () => {
    const keys = res.findings.map((f) => f.key);
    // duplicates 2,000 > not invoiced 700 > no spend 450 > variance 100.
    expect(keys.slice(0, 4)).toEqual(['duplicates', 'not-invoiced', 'no-spend', expect.stringMatching(/^variance:/)]);
    for (const f of res.findings) expect(f.text['zh-CN']).not.toBe('');
  });

  it('writes no NaN or Infinity and leaves the inputs unchanged', () => {
    for (const t of res.tables)
      for (const r of t.rows)
        for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    expect([PLATFORM.table.objects(), INVOICES.table.objects()]).toEqual(before);
  });

  it('speaks Chinese', () => {
    const zh = reconcileSpend(PLATFORM, INVOICES, { ...common, lang: 'zh-CN' }, OPTIONS);
    const l = table('lines', zh.tables).rows.find((x) => x.sheet === 'Invoices' && x.row === 10)!;
    expect(l.status_label).toBe('有差异');
    expect(String(l.reason)).toContain('多开');
  });
});

describe('reconcileSpend: matching rules', () => {
  it('matches an agency job code by amount within tolerance', () => {
    const p = campaigns([
      ['Display', 'Google Ads', '2024-03-01', 700],
      ['Search', 'Google Ads', '2024-03-01', 300],
    ]);
    // 700.40 − 700.00 = 0.40 ≤ 1.00 → within tolerance, matched by amount; Search stays not invoiced.
    const i = invoices([
      { vendor: 'Google Ads', ref: 'JOB-7781', id: 'A1', start: MAR[0], end: MAR[1], amount: 700.4 },
    ]);
    const r = computeReconciliation(p, i, common)!;
    expect(r.sets.map((s) => [s.status, s.method, s.platformRows, s.invoiceRows])).toEqual([
      ['not_invoiced', null, [1], []],
      ['within_tolerance', 'amount', [0], [0]],
    ]);
  });

  it('lets an invoice without a reference cover its whole channel for its period', () => {
    const p = campaigns([
      ['品牌词', '百度', '2024-03-01', 100.01],
      ['通用词', '百度', '2024-03-15', 199.99],
      ['通用词', '百度', '2024-04-01', 50],
    ]);
    // March bill 300.00 = 100.01 + 199.99 → matched; April 50.00 not invoiced (period "all": April is
    // outside the months the invoices cover, which the default period would leave out).
    const i = invoices([{ vendor: '百度', ref: null, id: 'BD-03', start: MAR[0], end: MAR[1], amount: 300 }]);
    const r = computeReconciliation(p, i, common, { period: 'all' })!;
    expect(r.sets.map((s) => [s.status, s.method, s.platformRows.length, s.invoiceMinor, s.platformMinor])).toEqual([
      ['not_invoiced', null, 1, 0, 5000],
      ['matched', 'channel', 2, 30000, 30000],
    ]);
  });

  it("uses the user's aliases for Chinese ↔ English names and several references in one cell", () => {
    const p = campaigns([
      ['Double 11', 'Tmall', '2024-11-11', 1000],
      ['Brand', 'Tmall', '2024-11-01', 250],
      ['Search', 'Tmall', '2024-11-01', 250],
    ]);
    const i = invoices([
      { vendor: '天猫 Tmall', ref: '双十一', id: 'T1', start: '2024-11-01', end: '2024-11-30', amount: 1000 },
      { vendor: 'Tmall', ref: 'Brand; Search', id: 'T2', start: '2024-11-01', end: '2024-11-30', amount: 500 },
    ]);
    const r = computeReconciliation(p, i, common, { aliases: { 双十一: 'Double 11' } })!;
    expect(r.sets.map((s) => [s.status, s.method, s.invoiceRows])).toEqual([
      ['matched', 'alias', [0]],
      ['matched', 'multiple', [1]],
    ]);
  });

  it('finds a campaign named in the description when the reference is empty', () => {
    const p = campaigns([
      ['Spring Sale', 'Google Ads', '2024-03-01', 10],
      ['Autumn', 'Google Ads', '2024-03-01', 20],
    ]);
    const i = invoices([
      {
        vendor: 'Google Ads',
        ref: null,
        id: 'D1',
        start: MAR[0],
        end: MAR[1],
        amount: 10,
        desc: 'Media fee – SPRING SALE (March)',
      },
    ]);
    const r = computeReconciliation(p, i, common)!;
    expect(r.sets.find((s) => s.invoiceRows.length === 1)).toMatchObject({
      status: 'matched',
      method: 'description',
      platformRows: [0],
    });
  });

  it('does not pick between equally similar names', () => {
    const p = campaigns([
      ['Promo A', 'Google Ads', '2024-03-01', 10],
      ['Promo B', 'Google Ads', '2024-03-01', 20],
    ]);
    // "promoc" is one edit from both "promoa" and "promob" → ambiguous → no name match; amount 99 fits neither.
    const i = invoices([{ vendor: 'Google Ads', ref: 'Promo C', id: 'X', start: MAR[0], end: MAR[1], amount: 99 }]);
    const res = reconcileSpend(p, i, common);
    const line = table('lines', res.tables).rows.find((l) => l.sheet === 'Invoices')!;
    expect(line.status).toBe('no_spend');
    expect(String(line.reason)).toContain('equally close');
  });

  it('flags a duplicate without invoice number by vendor, reference, period and amount', () => {
    const p = campaigns([['A', 'Google Ads', '2024-03-01', 100]]);
    const i = invoices([
      { vendor: 'Google Ads', ref: 'A', id: null, start: MAR[0], end: MAR[1], amount: 100 },
      { vendor: 'Google Ads', ref: 'A', id: null, start: MAR[0], end: MAR[1], amount: 100 },
    ]);
    const r = computeReconciliation(p, i, common)!;
    expect(r.lines.filter((l) => l.side === 'invoice').map((l) => [l.row, l.status])).toEqual([
      [0, 'matched'],
      [1, 'duplicate'],
    ]);
  });

  it('applies percent tolerance exactly at the boundary', () => {
    // 0.5% of 10,000.00 = 50.00: +50.00 is within, +50.01 is a variance (absolute tolerance 0).
    const p = campaigns([
      ['A', 'G', '2024-03-01', 10000],
      ['B', 'G', '2024-03-01', 10000],
    ]);
    const i = invoices([
      { vendor: 'G', ref: 'A', id: '1', start: MAR[0], end: MAR[1], amount: 10050 },
      { vendor: 'G', ref: 'B', id: '2', start: MAR[0], end: MAR[1], amount: 10050.01 },
    ]);
    const r = computeReconciliation(p, i, common, { toleranceAbs: 0, tolerancePct: 0.005 })!;
    const st = (row: number): string => r.lines.find((l) => l.side === 'invoice' && l.row === row)!.status;
    expect([st(0), st(1)]).toEqual(['within_tolerance', 'variance']);
  });

  it('uses a monthly exchange rate before the general one', () => {
    const p = campaigns([
      ['A', 'G', '2024-03-01', 712.34],
      ['B', 'G', '2024-04-01', 700],
    ]);
    const i = invoices([
      // 100.00 USD × 7.1234 (March rate) = 712.34; 100.00 × 7 (general rate) = 700.00.
      { vendor: 'G', ref: 'A', id: '1', start: MAR[0], end: MAR[1], amount: 100, currency: 'usd' },
      { vendor: 'G', ref: 'B', id: '2', start: '2024-04-01', end: '2024-04-30', amount: 100, currency: 'US$' },
    ]);
    const r = computeReconciliation(p, i, common, {
      rates: [
        { currency: 'USD', rate: '7.1234', month: '2024-03' },
        { currency: 'USD', rate: 7 },
      ],
    })!;
    expect(r.sets.map((s) => s.status)).toEqual(['matched', 'matched']);
  });
});

describe('reconcileSpend: reconciled period', () => {
  // Platform spend Jan–Apr 2024 (one campaign, 100.00 a month); the ledger covers Feb–Mar only.
  const p = campaigns([
    ['A', 'Google Ads', '2024-01-10', 100],
    ['A', 'Google Ads', '2024-02-10', 100],
    ['A', 'Google Ads', '2024-03-10', 100],
    ['A', 'Google Ads', '2024-04-10', 100],
  ]);
  const i = invoices([
    { vendor: G, ref: 'A', id: 'F-02', start: '2024-02-01', end: '2024-02-29', amount: 100 },
    { vendor: G, ref: 'A', id: 'F-03', start: '2024-03-01', end: '2024-03-31', amount: 100 },
  ]);
  const statuses = (r: ReturnType<typeof reconcileSpend>): [CellValue, CellValue, CellValue, CellValue][] =>
    table('status', r.tables).rows.map((x) => [x.side, x.status, x.lines, x.amount]);

  it('reconciles the months the invoices cover and leaves the rest out of the match', () => {
    // Feb and Mar matched (2 × 100.00); Jan and Apr (200.00) outside 2024-02…2024-03, not "not invoiced".
    const r = reconcileSpend(p, i, common);
    expect(statuses(r)).toEqual([
      ['Platform', 'matched', 2, 200],
      ['Platform', 'out_of_period', 2, 200],
      ['Invoices', 'matched', 2, 200],
    ]);
    const fig = Object.fromEntries(r.figures.map((f) => [f.key, f.value]));
    // Figures describe the period: platform 200.00 (not 400.00), all of it reconciled.
    expect([fig.platform_total, fig.out_of_period, fig.reconciled_share, fig.not_invoiced, fig.tie_out_ok]).toEqual([
      200, 200, 1, 0, 1,
    ]);
    expect(r.notes[0].en).toMatch(
      /^Reconciled period: 2024-02…2024-03, the first to the last month the invoices' service periods cover\. Platform spend outside it — ¥200\.00 on 2 line\(s\) in 2024-01…2024-04 — is left out/,
    );
    expect(r.findings.map((f) => f.key)).toEqual([]);
  });

  it('still finds spend not invoiced inside the period', () => {
    // Only February invoiced: the period is 2024-02 alone, so March is outside it too; with an explicit
    // range 2024-02..2024-03, March 100.00 is spend not invoiced.
    const feb = invoices([{ vendor: G, ref: 'A', id: 'F-02', start: '2024-02-01', end: '2024-02-29', amount: 100 }]);
    expect(statuses(reconcileSpend(p, feb, common, { period: '2024-02..2024-03' }))).toEqual([
      ['Platform', 'matched', 1, 100],
      ['Platform', 'not_invoiced', 1, 100],
      ['Platform', 'out_of_period', 2, 200],
      ['Invoices', 'matched', 1, 100],
    ]);
  });

  it('reconciles every month with period "all", and a year or a month on request', () => {
    // all: Jan and Apr not invoiced (2 × 100.00).
    expect(statuses(reconcileSpend(p, i, common, { period: 'all' }))).toEqual([
      ['Platform', 'matched', 2, 200],
      ['Platform', 'not_invoiced', 2, 200],
      ['Invoices', 'matched', 2, 200],
    ]);
    // 2024-03 only: the February invoice is outside it as well.
    expect(statuses(reconcileSpend(p, i, common, { period: '2024-03' }))).toEqual([
      ['Platform', 'matched', 1, 100],
      ['Platform', 'out_of_period', 3, 300],
      ['Invoices', 'matched', 1, 100],
      ['Invoices', 'out_of_period', 1, 100],
    ]);
    // The year 2024 is every month here.
    expect(statuses(reconcileSpend(p, i, common, { period: '2024' }))).toEqual(
      statuses(reconcileSpend(p, i, common, { period: 'all' })),
    );
  });

  it("falls back to the invoices' months with a warning for an unreadable period", () => {
    const r = reconcileSpend(p, i, common, { period: 'last quarter' });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['finance.recon.bad-option', 'warning']]);
    expect(statuses(r)).toEqual(statuses(reconcileSpend(p, i, common)));
  });

  it('ties out with lines outside the period', () => {
    const r = reconcileSpend(p, i, common, { period: '2024-03' });
    const tie = table('tieout', r.tables).rows.filter((x) => String(x.item).startsWith('Difference'));
    expect(tie.map((x) => [x.lines, x.amount])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const out = table('lines', r.tables)
      .rows.filter((x) => x.status === 'out_of_period')
      .map((x) => [x.sheet, x.row, x.reason]);
    expect(out[0]).toEqual([
      'Invoices',
      2,
      'Service period 2024-02 is outside the reconciled period 2024-03; not matched.',
    ]);
    expect(out.length).toBe(4);
  });
});

describe('reconcileSpend: money at stake', () => {
  it("puts each finding's own amount at stake, the rest of the variances split by direction", () => {
    // Twelve campaigns of 1,000.00 in March; campaign k is invoiced 1,000 ± 100 × (13 − k), over for odd k,
    // under for even k: |variance| 1,200, 1,100, …, 100. The ten largest get a finding each; the rest are
    // C11 over by 200.00 and C12 under by 100.00 — two findings, never one gross 300.00.
    const names = Array.from({ length: 12 }, (_, k) => `C${k + 1}`);
    const p = campaigns(names.map((n) => [n, 'Google Ads', '2024-03-05', 1000] as [string, string, string, CellValue]));
    const i = invoices(
      names.map((n, k) => ({
        vendor: G,
        ref: n,
        id: `F-${n}`,
        start: MAR[0],
        end: MAR[1],
        amount: 1000 + (k % 2 === 0 ? 1 : -1) * 100 * (12 - k),
      })),
    );
    const r = reconcileSpend(p, i, common);
    const stakes = r.findings.map((f) => [f.key, f.atStake]);
    expect(stakes.slice(0, 10).map((x) => x[1])).toEqual([1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300]);
    expect(stakes.slice(10)).toEqual([
      ['variance:rest-over', 200],
      ['variance:rest-under', 100],
    ]);
    expect(r.findings[10].text.en).toBe(
      '1 more match set(s) are over-invoiced, by ¥200.00 in total: query them before paying.',
    );
    expect(r.findings.every((f) => f.descriptive !== true)).toBe(true);
  });
});

describe('reconcileSpend: bad input', () => {
  it('returns an error diagnostic, not a throw, when a required column is missing', () => {
    const p = makeDataset('campaigns', [{ name: 'Campaign', role: 'campaign', values: ['A'] }]);
    const res = reconcileSpend(p, INVOICES, common);
    expect(res.tables).toEqual([]);
    expect(res.diagnostics[0]).toMatchObject({
      code: 'finance.recon.missing-spend',
      severity: 'error',
      where: { sheet: 'campaigns' },
    });
  });

  it('handles empty tables and one row', () => {
    const empty = reconcileSpend(campaigns([]), invoices([]), common);
    expect(empty.diagnostics.some((d) => d.code === 'finance.recon.empty')).toBe(true);
    const one = reconcileSpend(campaigns([['A', 'G', '2024-03-01', 5]]), invoices([]), common);
    expect(table('status', one.tables).rows).toEqual([
      { side: 'Platform', status: 'not_invoiced', status_label: 'Platform spend not invoiced', lines: 1, amount: 5 },
    ]);
  });

  it('treats null and NaN spend as excluded lines with a diagnostic', () => {
    const res = reconcileSpend(
      campaigns([
        ['A', 'G', '2024-03-01', null],
        ['A', 'G', '2024-03-01', NaN],
        ['A', 'G', '2024-03-01', 1],
      ]),
      invoices([]),
      common,
    );
    const st = table('status', res.tables).rows.map((r) => [r.status, r.lines, r.amount]);
    expect(st).toEqual([
      ['not_invoiced', 1, 1],
      ['excluded', 2, 0],
    ]);
    expect(res.diagnostics.map((d) => d.code).sort()).toEqual([
      'finance.recon.platform.blank-amount',
      'finance.recon.platform.unparseable-amount',
    ]);
  });

  it('is registered with its inputs', () => {
    expect(reconciliationAnalysis.requires.map((r) => r.kind)).toEqual(['campaigns', 'invoices']);
    const res = reconciliationAnalysis.run({ campaigns: PLATFORM }, common, reconciliationAnalysis.defaults);
    expect(res.diagnostics[0].code).toBe('finance.recon.missing-input');
  });
});

describe('reconcileSpend: property', () => {
  it('random ledgers always tie out to the cent', () => {
    const names = ['Alpha', 'Beta', 'Gamma', '春季', 'ＤＥＬＴＡ', 'Delta'];
    const chans = ['Google Ads', 'Facebook', '百度'];
    const months = ['2024-01-10', '2024-02-10', '2024-03-10'];
    const line = fc.record({
      name: fc.constantFrom(...names),
      ch: fc.constantFrom(...chans),
      month: fc.constantFrom(...months),
      cents: fc.integer({ min: -50_000, max: 5_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 25 }),
        fc.array(
          fc.record({
            l: line,
            id: fc.option(fc.constantFrom('I1', 'I2', 'I3', 'I4'), { nil: null }),
            noRef: fc.boolean(),
          }),
          { maxLength: 25 },
        ),
        (pl, il) => {
          const p = campaigns(
            pl.map((x) => [x.name, x.ch, x.month, x.cents / 100] as [string, string, string, CellValue]),
          );
          const i = invoices(
            il.map((x) => ({
              vendor: x.l.ch,
              ref: x.noRef ? null : x.l.name,
              id: x.id,
              start: x.l.month,
              end: x.l.month,
              amount: x.l.cents / 100,
            })),
          );
          const r = computeReconciliation(p, i, common, { tolerancePct: 0.01 })!;
          // Independent totals: the integer cents the ledger was generated from.
          const pTotal = BigInt(pl.reduce((a, x) => a + x.cents, 0));
          const iTotal = BigInt(il.reduce((a, x) => a + x.l.cents, 0));
          expect(r.totals.platform.source).toBe(pTotal);
          expect(r.totals.invoice.source).toBe(iTotal);
          for (const [side, total, n] of [
            ['platform', pTotal, pl.length],
            ['invoice', iTotal, il.length],
          ] as const) {
            const bs = Object.values(r.totals[side].byStatus);
            expect(bs.reduce((a, b) => a + b.minor, 0n)).toBe(total);
            expect(bs.reduce((a, b) => a + b.lines, 0)).toBe(n);
          }
          // Each matched set's sides are equal; each set's totals are the sum of its lines.
          for (const s of r.sets) {
            if (s.status === 'matched') expect(s.invoiceMinor).toBe(s.platformMinor);
            expect(s.platformRows.reduce((a, row) => a + pl[row].cents, 0)).toBe(s.platformMinor);
            expect(s.invoiceRows.reduce((a, row) => a + il[row].l.cents, 0)).toBe(s.invoiceMinor);
          }
        },
      ),
      { numRuns: 150, seed: 20240601 },
    );
  });
});
