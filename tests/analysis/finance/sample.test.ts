/**
 * The finance analyses on the committed sample workbook, read the way `loopbook analyze` reads it
 * (src/xlsx/read.ts → src/ingest → the analyses). Every planted case of assets/sample/README.md
 * ("Reconciliation cases", effects 5 and 6) must come out with its documented status.
 *
 * The case list (invoice Excel rows, campaign, month, what) is copied from the README's "Reconciliation
 * cases" table. Every amount and count below is computed here from the raw sheet cells, independently of
 * the analyses and of the generator's bookkeeping: a week of platform rows belongs to the month its Monday
 * falls in (README, "Sheets"), an invoice to the month of its service_start.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from '../../../src/xlsx/read.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { reconcileSpend } from '../../../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../../../src/analysis/finance/budget-vs-actual/index.js';
import { reportedVsReal } from '../../../src/analysis/finance/reported-vs-real/index.js';
import type { AnalysisResult, ResultTable } from '../../../src/analysis/types.js';
import type { CellGrid, CellValue } from '../../../src/types.js';

const SAMPLE = 'assets/sample/loopbook-sample.xlsx';
const AS_OF = 46022; // Excel =DATE(2025,12,31), the README's as-of date
const common = { asOf: AS_OF, currency: 'CNY', lang: 'en' as const };

/** README "Reconciliation cases": [case, invoice Excel rows, campaign, month]. */
const CASES: [string, number[], string | null, string][] = [
  ['renamed', [16], 'Douyin Feed', '2025-02'],
  ['split', [26, 27], 'Brand Search', '2025-03'],
  ['renamed', [42], 'RED Seeding', '2025-04'],
  ['split', [53, 54, 55], 'Douyin Feed', '2025-05'],
  ['no_platform_spend', [65], null, '2025-05'],
  ['renamed', [67], 'Generic Search', '2025-06'],
  ['duplicate', [87, 88], 'Weekly Newsletter', '2025-07'],
  ['tolerance', [89], '公众号推文', '2025-07'],
  ['chinese_name', [92], 'Brand Search', '2025-08'],
  ['chinese_name', [106], 'Douyin Feed', '2025-09'],
  ['tolerance', [115], 'KOC分销', '2025-09'],
  ['tolerance', [121], '社群会员日', '2025-10'],
  ['variance', [129], 'Generic Search', '2025-11'],
  ['not_invoiced', [], '联盟返利', '2025-11'],
  ['not_invoiced', [], 'Weekly Newsletter', '2025-12'],
];
const README_EXACT_LINES = 132; // README: "exact | 132 lines | — | 2025"

const ym = (serial: number): string => new Date((serial - 25_569) * 86_400_000).toISOString().slice(0, 7);
const cents = (v: CellValue): number => Math.round((v as number) * 100);

let grids: Map<string, CellGrid>;
let recon: AnalysisResult;
let budget: AnalysisResult;
let rvr: AnalysisResult;
/** Raw Campaigns rows (no header, no 合计 total row) with their Excel row. */
let platform: { row: number; campaign: string; channel: string; month: string; cents: number; revenue: CellValue }[];
/** Raw platform spend by `campaign|month`, in cents. */
const spend = new Map<string, number>();
let invoiceRows: CellValue[][];

const table = (r: AnalysisResult, name: string): ResultTable => r.tables.find((t) => t.name === name)!;
const invoiceLine = (row: number): Record<string, CellValue> =>
  table(recon, 'lines').rows.find((l) => l.sheet === 'Invoices' && l.row === row)!;
const setOf = (id: CellValue): Record<string, CellValue> =>
  table(recon, 'matches').rows.find((s) => s.match_id === id)!;
const inv = (row: number): CellValue[] => invoiceRows[row - 2];

beforeAll(async () => {
  const read = await readFile(SAMPLE, { sheets: ['Campaigns', 'Invoices', 'Budget', 'Orders'] });
  grids = new Map(read.grids.map((g) => [g.sheet, g]));
  const data = (s: string) => ingestGrid(grids.get(s)!);
  const [campaigns, invoices, budgetSheet, orders] = ['Campaigns', 'Invoices', 'Budget', 'Orders'].map(data);
  recon = reconcileSpend(campaigns, invoices, common);
  budget = budgetVsActual(budgetSheet, campaigns, invoices, common);
  rvr = reportedVsReal(campaigns, orders, common);

  platform = grids
    .get('Campaigns')!
    .values.slice(1)
    .map((r, i) => ({
      row: i + 2,
      campaign: String(r[0]),
      channel: String(r[1]),
      month: typeof r[2] === 'number' ? ym(r[2]) : '',
      cents: cents(r[3]),
      revenue: r[7],
    }))
    .filter((r) => r.campaign !== '合计');
  for (const r of platform)
    spend.set(`${r.campaign}|${r.month}`, (spend.get(`${r.campaign}|${r.month}`) ?? 0) + r.cents);
  invoiceRows = grids.get('Invoices')!.values.slice(1);
}, 20_000);

describe('sample workbook: spend reconciliation', () => {
  it('documents the cases this test checks', () => {
    // The README's table is the source of CASES; fail loudly when it changes.
    const readme = readFileSync('assets/sample/README.md', 'utf8');
    for (const [kase, rows, campaign, month] of CASES) {
      const cells = [kase, rows.length ? rows.join(', ') : '—', campaign ?? '—', month].join(' | ');
      expect(readme, cells).toContain(`| ${cells} |`);
    }
    expect(readme).toContain(`| exact | ${README_EXACT_LINES} lines | — | 2025 |`);
  });

  it('matches the renamed, split and Chinese-named invoices to their campaign-month', () => {
    for (const [kase, rows, campaign, month] of CASES.filter((c) =>
      ['renamed', 'split', 'chinese_name'].includes(c[0]),
    )) {
      const lines = rows.map(invoiceLine);
      expect(
        lines.map((l) => l.status),
        `${kase} rows ${rows.join(',')}`,
      ).toEqual(rows.map(() => 'matched'));
      // One match set holding exactly these invoice lines and the campaign-month's platform rows.
      expect(new Set(lines.map((l) => l.match_id)).size).toBe(1);
      const set = setOf(lines[0].match_id);
      const invoiced = rows.reduce((a, r) => a + cents(inv(r)[8]), 0);
      expect([
        set.campaigns,
        set.months,
        set.invoice_lines,
        Math.round((set.platform as number) * 100),
        Math.round((set.invoiced as number) * 100),
      ]).toEqual([campaign, month, rows.length, spend.get(`${campaign!}|${month}`), invoiced]);
      expect(invoiced).toBe(spend.get(`${campaign!}|${month}`));
    }
  });

  it('finds the three tolerance differences and the 8% variance with their exact amounts', () => {
    for (const [kase, [row], campaign, month] of CASES.filter((c) => c[0] === 'tolerance' || c[0] === 'variance')) {
      const line = invoiceLine(row);
      const platformCents = spend.get(`${campaign!}|${month}`)!;
      const diff = cents(inv(row)[8]) - platformCents;
      // Default tolerance: |diff| ≤ max(CNY 1.00, 0.5% of platform spend).
      const within = Math.abs(diff) <= Math.max(100, platformCents * 0.005);
      expect([line.status, within], `${kase} row ${row}`).toEqual(
        kase === 'tolerance' ? ['within_tolerance', true] : ['variance', false],
      );
      expect(Math.round((line.set_variance as number) * 100)).toBe(diff);
      const set = setOf(line.match_id);
      expect([set.campaigns, set.months]).toEqual([campaign, month]);
    }
    // README: "1 cent over", "0.4% under", "CNY 3.00 over", "8% over".
    const d = (row: number, c: string, m: string): number => cents(inv(row)[8]) - spend.get(`${c}|${m}`)!;
    expect(d(89, '公众号推文', '2025-07')).toBe(1);
    expect(d(121, '社群会员日', '2025-10')).toBe(300);
    expect(d(115, 'KOC分销', '2025-09') / spend.get('KOC分销|2025-09')!).toBeCloseTo(-0.004, 4);
    expect(d(129, 'Generic Search', '2025-11') / spend.get('Generic Search|2025-11')!).toBeCloseTo(0.08, 4);
  });

  it('flags the duplicate and the invoice without platform spend', () => {
    const [first, second] = [87, 88].map(invoiceLine);
    expect(inv(88)).toEqual(inv(87)); // the same document twice
    expect([first.status, second.status, second.matched_to]).toEqual(['matched', 'duplicate', 'Invoices row 87']);
    const orphan = invoiceLine(65);
    expect([orphan.status, orphan.amount]).toEqual(['no_spend', inv(65)[8]]);
    expect(platform.some((p) => p.campaign === inv(65)[3])).toBe(false);
  });

  it('finds exactly the two months of spend never invoiced, and no others', () => {
    const notInvoiced = table(recon, 'lines').rows.filter((l) => l.status === 'not_invoiced');
    const expected = platform.filter((p) =>
      CASES.some(([k, , c, m]) => k === 'not_invoiced' && p.campaign === c && p.month === m),
    );
    expect(notInvoiced.map((l) => l.row).sort((a, b) => (a as number) - (b as number))).toEqual(
      expected.map((p) => p.row),
    );
    const sets = table(recon, 'matches').rows.filter((s) => s.status === 'not_invoiced');
    expect(sets.map((s) => [s.campaigns, s.months, Math.round((s.platform as number) * 100)])).toEqual(
      CASES.filter((c) => c[0] === 'not_invoiced')
        .map(([, , c, m]) => [c, m, spend.get(`${c!}|${m}`)])
        .sort((a, b) => (b[2] as number) - (a[2] as number)),
    );
  });

  it('matches every one of the 132 exact invoice lines', () => {
    // Exact, counted from the raw sheets: the reference is a platform campaign name as written, it is the only
    // invoice line for that campaign and service month, and its amount equals that month's spend to the cent.
    const perKey = new Map<string, number>();
    const key = (r: CellValue[]): string => `${String(r[3])}|${ym(r[6] as number)}`;
    for (const r of invoiceRows) perKey.set(key(r), (perKey.get(key(r)) ?? 0) + 1);
    const exact = invoiceRows.flatMap((r, i) =>
      perKey.get(key(r)) === 1 && spend.get(key(r)) === cents(r[8]) ? [i + 2] : [],
    );
    expect(exact.length).toBe(README_EXACT_LINES);
    expect(exact.filter((row) => invoiceLine(row).status !== 'matched')).toEqual([]);
  });

  it('counts each status and ties out to the cent against the raw totals', () => {
    const st = Object.fromEntries(
      table(recon, 'status').rows.map((r) => [`${String(r.side)}:${String(r.status)}`, [r.lines, r.amount]]),
    );
    const invCents = (rows: number[]): number => rows.reduce((a, r) => a + cents(inv(r)[8]), 0) / 100;
    const rowsOf = (k: string): number[] => CASES.filter((c) => c[0] === k).flatMap((c) => c[1]);
    // Invoices: 132 exact + split 2 + 3 + renamed 3 + Chinese 2 + the first of the duplicate pair = 143 matched.
    expect(st['Invoices:matched'][0]).toBe(README_EXACT_LINES + 5 + 3 + 2 + 1);
    expect(st['Invoices:within_tolerance']).toEqual([3, invCents(rowsOf('tolerance'))]);
    expect(st['Invoices:variance']).toEqual([1, invCents(rowsOf('variance'))]);
    expect(st['Invoices:no_spend']).toEqual([1, invCents([65])]);
    expect(st['Invoices:duplicate']).toEqual([1, invCents([88])]);
    // Platform: 2024 is outside the months the invoices cover (2025-01 … 2025-12) and left out.
    const outside = platform.filter((p) => p.month < '2025-01');
    expect(st['Platform:out_of_period']).toEqual([outside.length, outside.reduce((a, p) => a + p.cents, 0) / 100]);
    const ni = platform.filter((p) =>
      CASES.some(([k, , c, m]) => k === 'not_invoiced' && p.campaign === c && p.month === m),
    );
    expect(st['Platform:not_invoiced']).toEqual([ni.length, ni.reduce((a, p) => a + p.cents, 0) / 100]);
    const fig = Object.fromEntries(recon.figures.map((f) => [f.key, f.value]));
    const in2025 = platform.filter((p) => p.month >= '2025-01').reduce((a, p) => a + p.cents, 0);
    expect([fig.platform_total, fig.invoice_total, fig.tie_out_ok]).toEqual([
      in2025 / 100,
      invoiceRows.reduce((a, r) => a + cents(r[8]), 0) / 100,
      1,
    ]);
    expect(recon.notes[0].en).toMatch(/^Reconciled period: 2025-01…2025-12,/);
    expect(recon.notes[0].en).toContain(`on ${outside.length} line(s) in 2024-01…2024-12`);
    expect(recon.diagnostics).toEqual([]);
  });
});

describe('sample workbook: budget and reported against real', () => {
  it('finds Paid Social over budget at 137% of its 2025 budget, in one finding', () => {
    // README effect 6: 2025 platform spend ÷ 2025 budget, Paid Social 137%. Raw: spend by channel and month of
    // 2025 against the Budget sheet; months over by more than the 10% flag band.
    const b = new Map<string, number>();
    for (const r of grids.get('Budget')!.values.slice(1))
      if (r[0] === 'Paid Social' && ym(r[1] as number) >= '2025-01') b.set(ym(r[1] as number), cents(r[2]));
    const s = new Map<string, number>();
    for (const p of platform)
      if (p.channel === 'Paid Social' && p.month >= '2025-01') s.set(p.month, (s.get(p.month) ?? 0) + p.cents);
    const months = [...b.keys()];
    const over = months.filter((m) => s.get(m)! > b.get(m)! * 1.1);
    const totalOver = over.reduce((a, m) => a + s.get(m)! - b.get(m)!, 0);
    const use = [...s.values()].reduce((a, x) => a + x, 0) / [...b.values()].reduce((a, x) => a + x, 0);
    expect(Math.round(use * 100)).toBe(137);
    const f = budget.findings.filter(
      (x) => x.key.startsWith('overspent:paidsocial') || x.key.startsWith('pacing:paidsocial'),
    );
    expect(f.map((x) => [x.key, x.atStake])).toEqual([['overspent:paidsocial:2025', totalOver / 100]]);
    const money = (totalOver / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(f[0].text.en).toBe(
      `Paid Social spent more than budget in ${over.length} of 12 months of 2025, ¥${money} over in total (137% of its 2025 budget).`,
    );
    expect(over).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']); // README: 60% over plan from 2025-07 on
    expect(budget.findings[0].key).toBe('overspent:paidsocial:2025');
  });

  it('finds Paid Social platform revenue about twice the real revenue', () => {
    // README effect 5: reported 收入 ÷ all attributed order lines with refunds netted = 2.00×. The analysis
    // counts real revenue as finance does: refunded and cancelled orders left out, refund lines (退款, negative)
    // netted. Both computed from the raw sheets:
    const orders = grids
      .get('Orders')!
      .values.slice(1)
      .filter((r) => r[4] === 'Paid Social' && typeof r[3] === 'number' && (r[2] as number) <= AS_OF);
    const reported = platform
      .filter((p) => p.channel === 'Paid Social')
      .reduce((a, p) => a + (typeof p.revenue === 'number' ? cents(p.revenue) : 0), 0);
    const all = orders.reduce((a, r) => a + cents(r[3]), 0);
    const real = orders.filter((r) => r[7] === 'completed' || r[7] === '退款').reduce((a, r) => a + cents(r[3]), 0);
    expect((reported / all).toFixed(2)).toBe('2.00');
    const row = table(rvr, 'channels').rows.find((r) => r.channel === 'Paid Social')!;
    expect([row.reported_revenue, row.real_revenue]).toEqual([reported / 100, real / 100]);
    expect(row.revenue_inflation).toBeCloseTo(reported / real, 12);
    expect(rvr.findings[0].key).toBe('inflated:paidsocial');
    expect(rvr.findings[0].atStake).toBe((reported - real) / 100);
  });
});
