/**
 * Issue 12, "Must show" 2: a finance user's month-end workbook (tests/corpus/month-end.ts: platform spend per
 * campaign and month with a Currency column, invoices with one "Service period" text, a long-form budget, an
 * FX sheet) through `loopbook analyze`, in process, as a user runs it: no recipe, no --as-of, no options.
 *
 * Every expected figure comes from the generator's own records (month-end.ts), computed there with integer
 * sums in cents and `ROUND(usd * rate, 2)` per USD line, never with Loopbook's code. Before this work the same
 * workbook gave: the FX sheet "not recognised", USD lines summed as yuan (platform spend 3,060,956.54), 0
 * invoices compared by service period (78 campaign-months "not invoiced") and June projected 30-fold from
 * monthly totals (pacing 2,551.6 %).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Summary } from '../../src/run/summary.js';
import { monthEndWorkbook, writeMonthEnd, type MonthEndWorkbook } from './month-end.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-month-end-'));
const cents = (x: number): number => Math.round(x * 100);

interface Run {
  wb: MonthEndWorkbook;
  code: number;
  err: string;
  summary: Summary;
}

async function analyze(name: string, wb: MonthEndWorkbook): Promise<Run> {
  const file = path.join(dir, `${name}.xlsx`);
  await writeMonthEnd(wb, file);
  const json = path.join(dir, `${name}.json`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stdout.resume();
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(['analyze', file, '--out', path.join(dir, `${name}-out.xlsx`), '--json', json], {
    stdout,
    stderr,
  });
  return { wb, code, err, summary: JSON.parse(readFileSync(json, 'utf8')) as Summary };
}

type Row = Record<string, unknown>;
const table = (r: Run, analysis: string, name: string): Row[] => r.summary.analyses[analysis].tables[name];
/** Σ of a money column over rows, in cents. */
const sumCents = (rows: readonly Row[], key: string): number => rows.reduce((a, x) => a + cents(x[key] as number), 0);

describe('the month-end workbook through loopbook analyze', () => {
  let run: Run;
  let unrated: Run;
  beforeAll(async () => {
    run = await analyze('month-end', monthEndWorkbook());
    unrated = await analyze('month-end-eur', monthEndWorkbook(20240630, true));
  }, 180_000);

  it('reads the FX sheet as exchange rates and says which rates and grain it uses', () => {
    expect(run.code).toBe(0);
    expect(run.err).toContain('FX: read as fx_rates');
    // The generator's FX sheet: USD for 2024-01 … 2024-06, six rates.
    expect(run.err).toContain('Exchange rates: 6 rate(s) from "FX", USD → CNY, for 2024-01 … 2024-06');
    // Platform rows are dated the 1st of each month, budget months are `2024-06` texts.
    expect(run.err).toContain(
      'Grain of the money tables: "Platform spend" one row per month ("Month"); "Budget" one row per month ("月份")',
    );
    // The same in the second variant's Chinese headers (币种 | 月份 | 汇率).
    expect(unrated.err).toContain(
      'FX: read as fx_rates (95% sure), 6 rows; currency = 币种, period = 月份, rate = 汇率',
    );
  });

  it('matches every exactly matching line, by service period', () => {
    const status = table(run, 'reconciliation', 'status');
    const lines = (side: string, s: string): number =>
      (status.find((x) => x.side === side && x.status === s)?.lines as number | undefined) ?? 0;
    // The generator's count: invoice lines whose amount is exactly the campaign's spend over their service
    // months (one to three months), and the campaign-months they cover.
    expect(lines('Invoices', 'matched')).toBe(run.wb.expect.matchedInvoiceLines);
    expect(lines('Platform', 'matched')).toBe(run.wb.expect.matchedPlatformLines);
    expect(run.wb.expect.matchedInvoiceLines).toBe(130);
    expect(run.wb.expect.matchedPlatformLines).toBe(144);
  });

  it('converts USD lines with the FX sheet, line by line, to the cent', () => {
    const usd = table(run, 'reconciliation', 'lines').filter((l) => l.side === 'Platform' && l.currency === 'USD');
    // The generator's USD lines: count, USD total, and each line's ROUND(usd × month rate, 2).
    expect(usd.length).toBe(run.wb.expect.usdLines);
    expect(sumCents(usd, 'original_amount')).toBe(cents(run.wb.expect.usdTotal));
    for (const l of usd) expect(cents(l.amount as number)).toBe(cents(run.wb.expect.usdRows[l.row as number]));
    expect(sumCents(usd, 'amount')).toBe(cents(run.wb.expect.usdInCny));
  });

  it('ties the totals out to the cent', () => {
    const f = run.summary.analyses.reconciliation.figures;
    // The generator's sums: every platform line in CNY (USD converted), every invoice line in CNY.
    expect(cents(f.platform_total!)).toBe(cents(run.wb.expect.platformTotalCny));
    expect(cents(f.invoice_total!)).toBe(cents(run.wb.expect.invoiceTotalCny));
    expect(f.tie_out_ok).toBe(1);
    const diffs = table(run, 'reconciliation', 'tieout').filter((r) => String(r.item).startsWith('Difference'));
    expect(diffs.map((r) => r.amount)).toEqual([0, 0]);
  });

  it('compares budget against actual month by month, with no projection from monthly rows', () => {
    const rows = table(run, 'budget', 'budget');
    // The generator's channel-months: its budget rows, and the platform spend it summed per channel and month.
    expect(rows.length).toBe(run.wb.expect.budget.length);
    for (const e of run.wb.expect.budget) {
      const r = rows.find((x) => x.channel === e.channel && x.month === e.month);
      expect(r, `${e.channel} ${e.month}`).toBeDefined();
      expect([cents(r!.budget as number), cents(r!.platform as number)]).toEqual([cents(e.budget), cents(e.actual)]);
      // Closed months project their actual; June (the as-of month: 2024-06-01, the latest platform date) is
      // compared as it stands: no expected-to-date, no projection.
      if (e.month === '2024-06') {
        expect(r!.state).toBe('In progress (monthly total, not projected)');
        expect([r!.expected_to_date, r!.pacing, r!.projected]).toEqual([null, null, null]);
      } else expect(cents(r!.projected as number)).toBe(cents(e.actual));
    }
    expect(run.summary.asOf).toBe(run.wb.expect.asOf);
    const f = run.summary.analyses.budget.figures;
    // June's budget and spend: the generator's June rows added up.
    const june = run.wb.expect.budget.filter((e) => e.month === '2024-06');
    expect(cents(f.month_budget!)).toBe(june.reduce((a, e) => a + cents(e.budget), 0));
    expect(cents(f.month_to_date!)).toBe(june.reduce((a, e) => a + cents(e.actual), 0));
    expect([f.month_pacing, f.month_projected]).toEqual([null, null]);
  });

  it('sums channel performance in CNY, USD lines converted line by line, an unrated currency left out', () => {
    for (const r of [run, unrated]) {
      const rows = table(r, 'channel-performance', 'channels');
      // The generator's platform spend per channel: its CNY channel-months (USD lines ROUND(usd × rate, 2),
      // EUR lines, which have no rate, in none) added up.
      const byChannel = new Map<string, number>();
      for (const e of r.wb.expect.budget) byChannel.set(e.channel, (byChannel.get(e.channel) ?? 0) + cents(e.actual));
      expect(rows.map((x) => [x.channel, cents(x.spend as number)]).sort()).toEqual([...byChannel].sort());
      const f = r.summary.analyses['channel-performance'].figures;
      expect(cents(f.total_spend!)).toBe(cents(r.wb.expect.platformTotalCny));
    }
  });

  it('stops a currency with no rate with an error naming sheet, column and rows, never adding it as CNY', () => {
    const u = unrated.wb.expect.unrated!;
    const errors = unrated.summary.diagnostics.filter((d) => d.code === 'finance.fx.missing-rate');
    for (const [sheet, rows] of [
      ['Platform spend', u.platformRows],
      ['Invoices', u.invoiceRows],
    ] as const) {
      const d = errors.find((x) => x.where?.sheet === sheet);
      expect(d, sheet).toBeDefined();
      expect(d!.severity).toBe('error');
      // The generator's rows of the EUR campaign (Excel rows, first five named, all counted).
      expect(d!.where).toMatchObject({ column: 'Currency', rows: rows.slice(0, 5), count: rows.length });
      expect(d!.message.en).toContain(`${rows.length} row(s) are in EUR`);
    }
    // The EUR lines are in no total: the platform total is the generator's sum without them.
    const f = unrated.summary.analyses.reconciliation.figures;
    expect(cents(f.platform_total!)).toBe(cents(unrated.wb.expect.platformTotalCny));
    expect(cents(f.invoice_total!)).toBe(cents(unrated.wb.expect.invoiceTotalCny));
  });
});
