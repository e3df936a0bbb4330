/**
 * Every corpus file (tests/corpus/cases.ts: one per known export format, in its documented layout) through
 * `loopbook analyze`, in process, as a user would run it: one run per file, checking what the user gets — the
 * analyses that ran and their figures in the `--json` summary, what the run said it decided and skipped, and no
 * error. Expected figures are the generator's own (`c.expect`: plain sums over the generated records, each status
 * meaning written there from the format's documentation), never Loopbook's code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Summary } from '../../src/run/summary.js';
import { corpusCases, type CorpusCase } from './cases.js';
import { writeCase } from './files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-corpus-analyze-'));
const cents = (x: number | null | undefined): number => Math.round((x ?? Number.NaN) * 100);

interface Run {
  code: number;
  err: string;
  summary: Summary | null;
}

async function analyze(c: CorpusCase): Promise<Run> {
  const file = await writeCase(c, dir);
  const json = path.join(dir, `${c.file}.json`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  stdout.resume();
  const args = ['analyze', file, '--out', path.join(dir, `${c.file}-loopbook.xlsx`), '--json', json];
  // No --currency, as a user runs it: a case whose money is in one other currency must be reported in it.
  const code = await main(args, { stdout, stderr });
  let summary: Summary | null = null;
  try {
    summary = JSON.parse(readFileSync(json, 'utf8')) as Summary;
  } catch {
    summary = null;
  }
  return { code, err, summary };
}

/** The headers the case gives a role, by role. */
const headersOf = (c: CorpusCase, role: string): string[] =>
  Object.entries(c.expect.roles)
    .filter(([, r]) => r === role)
    .map(([h]) => h);

/** The latest ISO day in the case's date or period-end columns, read from the generated cells; null when none. */
function latestDay(c: CorpusCase): string | null {
  const dated = [...headersOf(c, 'date'), ...headersOf(c, 'period_end')];
  const header = c.rows.find((r) => dated.some((h) => r.includes(h)));
  if (!header) return null;
  const cols = dated.map((h) => header.indexOf(h)).filter((i) => i >= 0);
  let max: string | null = null;
  for (const r of c.rows.slice(c.rows.indexOf(header) + 1))
    for (const i of cols) {
      const v = r[i];
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && (max === null || v.slice(0, 10) > max))
        max = v.slice(0, 10);
    }
  return max;
}

/** The "What Loopbook decided" lines the run printed (stderr), without their indentation. */
function decided(err: string): string[] {
  const lines = err.split('\n');
  const start = lines.findIndex((l) => /^What Loopbook decided:/.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('  ')) break;
    out.push(l.trim());
  }
  return out;
}

/** Money as the decision lines print it, back to a number: `¥1,204.50` → 1204.5. */
const amountOf = (s: string): number => Number(s.replace(/[^\d.-]/g, ''));

/**
 * The orders counted and the money they bring, read back from the status lines the run printed
 * ("12 orders 交易成功 counted, ¥3,373.75" and "4 orders partially_refunded counted, $629.37, $188.81 refunded
 * subtracted").
 */
function countedFromLines(lines: readonly string[]): { orders: number; revenue: number } {
  let orders = 0;
  let revenue = 0;
  for (const l of lines) {
    const m =
      /^(\d+) (?:orders|deals) .+ counted, ([^,]+(?:,\d{3})*\.\d{2})(?:, ([^,]+(?:,\d{3})*\.\d{2}) refunded subtracted)?$/.exec(
        l,
      );
    if (!m || / not counted /.test(l)) continue;
    orders += Number(m[1]);
    revenue += amountOf(m[2]) - (m[3] ? amountOf(m[3]) : 0);
  }
  return { orders, revenue };
}

/**
 * The analyses the run announced ("Run X: …") and declined ("Skip X: …"), by title. Every announced one must
 * either be in the summary or named in the warning that lists those skipped for want of a date.
 */
function announced(lines: readonly string[]): { run: string[]; skip: string[] } {
  const pick = (verb: string) =>
    lines.filter((l) => l.startsWith(`${verb} `)).map((l) => l.slice(verb.length + 1, l.indexOf(': ')));
  return { run: pick('Run'), skip: pick('Skip') };
}

/**
 * Error diagnostics the user may see on these small files, each the analysis declining for a documented reason:
 * the CLV models need more repeat buyers than a 20–40-order export holds (they say so and leave CLV empty).
 */
const DECLINED = new Set(['clv.too_little_history']);

const cases = corpusCases();

describe.each(cases.map((c) => [c.file, c] as const))('loopbook analyze %s', (_file, c) => {
  it('runs the analyses its data supports with the generator’s figures, says what it decided and skipped', async () => {
    const r = await analyze(c);
    const lines = decided(r.err);
    // The report currency: the case's own (every line's currency column), else CNY: unannounced when the data names
    // CNY, announced as the default when it names no currency.
    if (c.currency) expect(r.err).toContain(`Report currency: ${c.currency}, the one currency the data names`);
    else expect(r.err).not.toMatch(/Report currency: (?!CNY, the default: the data names no currency\.)/);
    // The format is named in the decisions with the columns it took for the customer, the money and the status; a
    // sheet of no known format is said to be read by the general rules.
    const formatLine = lines.find((l) => l.startsWith(`Sheet `) && (/ — /.test(l) || /general rules/.test(l)));
    expect(formatLine, r.err).toBeDefined();
    if (c.format)
      for (const role of ['customer_id', 'amount', 'spend', 'status'])
        for (const h of headersOf(c, role)) expect(formatLine).toContain(`${h} as `);
    else expect(formatLine).toMatch(/no known export format; read by the general rules$/);

    // Campaign reports run alone, and so do orders with a customer column. 抖店 exports name no buyer (收件人 is
    // masked), and a budget needs campaigns beside it: nothing runs, and the run says why.
    const alone =
      c.expect.kind === 'campaigns' || (c.expect.kind === 'orders' && headersOf(c, 'customer_id').length > 0);
    if (alone) expect(r.code, r.err).toBe(0);
    else {
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/No analysis could run/);
      if (c.expect.kind === 'orders') expect(r.err).toMatch(/no column was found for: customer_id/);
    }
    if (c.expect.kind === 'orders' && headersOf(c, 'status').length > 0) {
      // The status lines account for every order that counts and for the revenue, to the cent.
      const counted = countedFromLines(lines);
      expect(cents(counted.revenue)).toBe(cents(c.expect.revenue));
      if (c.expect.counted) expect(counted.orders).toBe(c.expect.counted.orders);
    }
    if (r.code !== 0) return;
    const s = r.summary!;
    expect(s.asOf).toBe(latestDay(c));

    if (c.expect.kind === 'campaigns') {
      const perf = s.analyses['channel-performance'];
      expect(perf, 'channel and campaign performance ran').toBeDefined();
      expect(cents(perf.figures.total_spend)).toBe(cents(c.expect.spend));
      // Spend per campaign, from whichever table lists campaigns (channels when the file has no channel column).
      const table = perf.tables.campaigns ?? perf.tables.channels;
      const bySheet = Object.fromEntries(table.map((row) => [String(row.campaign), cents(row.spend as number)]));
      const byGenerator = Object.fromEntries(Object.entries(c.expect.campaignSpend!).map(([k, v]) => [k, cents(v)]));
      expect(bySheet).toEqual(byGenerator);
      if (c.expect.revenue !== undefined) {
        expect(cents(perf.figures.total_revenue)).toBe(cents(c.expect.revenue));
        expect(perf.figures.roas).toBeCloseTo(c.expect.revenue / c.expect.spend!, 9);
      } else {
        expect(perf.figures.total_revenue ?? null).toBeNull();
        expect(perf.figures.roas ?? null).toBeNull();
      }
    } else {
      const rfm = s.analyses.rfm;
      expect(rfm, 'RFM ran').toBeDefined();
      if (c.expect.revenue !== undefined) expect(cents(rfm.figures.revenue)).toBe(cents(c.expect.revenue));
      if (c.expect.counted) {
        expect({ orders: rfm.figures.orders, customers: rfm.figures.customers }).toEqual(c.expect.counted);
        // Every analysis built on the customer summary counts the same customers.
        expect(s.analyses.lifecycle.figures.customers).toBe(c.expect.counted.customers);
        expect(s.analyses.cohorts.figures.customers).toBe(c.expect.counted.customers);
      }
    }

    // What was announced ran, or was skipped for want of a date with a message saying how to give one.
    const { run, skip } = announced(lines);
    const noDate = s.diagnostics.find((d) => d.code === 'run.no-dates');
    const ranTitles = run.filter((t) => !noDate?.message.en.includes(t));
    expect(Object.keys(s.analyses).length).toBe(ranTitles.length);
    if (s.asOf === null && noDate) {
      expect(noDate.message.en).toMatch(/--as-of YYYY-MM-DD/);
      expect(r.err).toContain(noDate.message.en);
    }
    if (s.asOf !== null) expect(noDate).toBeUndefined();
    // Google Ads reports carry channel (Campaign type), spend and conversion value but no date column: the budget
    // response curves need weeks of dates, so the run names them as skipped and says how to give a date.
    if (c.format === 'google-ads-campaigns')
      expect(noDate?.message.en).toMatch(/skipped: Response curves and budget\./);
    expect(skip.length + run.length).toBeGreaterThan(10);

    const errors = s.diagnostics.filter((d) => d.severity === 'error' && !DECLINED.has(d.code));
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('loopbook analyze on the corpus, across cases', () => {
  it('names each date-less campaign report and the analyses skipped for want of a date', () => {
    // Google Ads and TikTok reports hold no date column (their date range is in the title or not in the file).
    // (Budgets kept by month carry their periods in the header row, not in a date column: not campaign reports.)
    const undated = cases.filter((c) => c.expect.kind === 'campaigns' && latestDay(c) === null).map((c) => c.file);
    expect(undated).toEqual(['google-ads.csv', 'google-ads.xlsx', 'tiktok-ads.csv']);
  });
});
