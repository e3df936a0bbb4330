/**
 * The marketing money analyses read a campaigns sheet with a Currency column line by line in the report
 * currency (issue 12: "a Currency column on any money table converts line by line, half-up to the cent; a
 * currency with no rate is a clear error naming the rows, never summed as another currency"), through the one
 * converter of src/analysis/finance/fx.ts (`lineConverter`).
 *
 * Expected figures are computed here from the sheet's cells and the FX sheet's rates with integer cents:
 * each line's `ROUND(amount × rate, 2)`, half up, rate of the line's month (the month-less rate otherwise),
 * never with Loopbook's code.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/ingest-grid.js';
import { lineConverter } from '../../../src/analysis/finance/fx.js';
import {
  channelPerformanceAnalysis,
  summarizeChannels,
} from '../../../src/analysis/marketing/channel-performance/index.js';
import { CHANNEL_PERFORMANCE_DEFAULTS } from '../../../src/analysis/marketing/channel-performance/options.js';
import { readWeekly } from '../../../src/analysis/marketing/response/weekly.js';
import { spendByChannel } from '../../../src/analysis/marketing/attribution/read.js';
import { countFunnel } from '../../../src/analysis/marketing/funnel/read.js';
import { spendBy } from '../../../src/analysis/loop/common.js';
import type { CellValue, Diagnostic } from '../../../src/types.js';
import { deepFreeze, serial } from '../helpers.js';
import { corpusCases } from '../../corpus/cases.js';

const grid = (sheet: string, values: CellValue[][]) => ingestGrid({ sheet, address: 'A1', values });

/** USD by month, HKD for every month (rates × 10,000 below); no EUR rate. */
const FX = grid('FX', [
  ['Currency', 'Month', 'Rate to CNY'],
  ['USD', '2024-05', 7.1],
  ['USD', '2024-06', 7.2],
  ['HKD', null, 0.9123],
]);
const RATE: Record<string, (month: string) => number | null> = {
  CNY: () => 10_000,
  USD: (m) => (m === '2024-05' ? 71_000 : m === '2024-06' ? 72_000 : null),
  HKD: () => 9_123,
  EUR: () => null,
};

type Line = [
  date: string,
  channel: string,
  campaign: string,
  currency: string,
  spend: number,
  clicks: number,
  revenue: number,
];
const LINES: Line[] = [
  ['2024-05-01', 'Google Ads', 'Brand', 'USD', 100.01, 50, 300],
  ['2024-05-15', 'Google Ads', 'Brand', 'USD', 0.15, 1, 0.05], // 0.15 × 7.1 = 1.065 → 1.07; 0.05 × 7.1 = 0.355 → 0.36
  ['2024-06-01', 'Google Ads', 'Brand', 'USD', 100.01, 50, 250],
  ['2024-06-01', '百度', 'Shoes', 'CNY', 500, 40, 1200],
  ['2024-06-01', 'Meta', 'Euro', 'EUR', 10, 5, 30], // Excel row 6: no EUR rate
  ['2024-06-02', 'Meta', 'Euro', 'EUR', 20, 5, 60], // Excel row 7
  ['2024-06-03', 'Meta', 'HK', 'HKD', 80, 8, 100],
];
const HEAD = ['Date', 'Channel', 'Campaign', 'Currency', 'Spend', 'Clicks', 'Revenue'];
const CAMPAIGNS = grid('Platform', [HEAD, ...LINES]);
/** The same lines without the Currency column, every amount as it stands. */
const PLAIN = grid('Platform', [
  HEAD.filter((h) => h !== 'Currency'),
  ...LINES.map((l) => l.filter((_, k) => k !== 3) as CellValue[]),
]);
/** The same lines with a Currency column saying CNY on every line. */
const ALL_CNY = grid('Platform', [HEAD, ...LINES.map((l) => l.map((v, k) => (k === 3 ? 'CNY' : v)))]);
deepFreeze(FX);
deepFreeze(CAMPAIGNS);

const common = { asOf: serial('2024-06-30'), currency: 'CNY', lang: 'en' as const };
const cents = (x: number): number => Math.round(x * 100);
/** One line in CNY cents: ROUND(amount × rate, 2), half up (all amounts here are positive). */
const lineCny = (l: Line, amount: number): number | null => {
  const r = RATE[l[3]](l[0].slice(0, 7));
  return r === null ? null : Math.floor((cents(amount) * r * 2 + 10_000) / 20_000);
};
/** Σ of the converted lines of a channel (null: every channel), lines with no rate left out. */
const expected = (k: 4 | 6, channel?: string): number =>
  LINES.filter((l) => channel === undefined || l[1] === channel).reduce((a, l) => a + (lineCny(l, l[k]) ?? 0), 0);

describe('marketing money from a campaigns sheet with a Currency column', () => {
  it('reads the test sheets as the analyses expect them', () => {
    expect(CAMPAIGNS.kind).toBe('campaigns');
    expect(CAMPAIGNS.columns.map((c) => c.role)).toEqual([
      'date',
      'channel',
      'campaign',
      'currency',
      'spend',
      'clicks',
      'revenue',
    ]);
    expect(FX.kind).toBe('fx_rates');
  });

  it('channel performance converts spend and revenue line by line at the month rate, half up to the cent', () => {
    const r = channelPerformanceAnalysis.run(
      { campaigns: CAMPAIGNS, fx_rates: FX },
      common,
      CHANNEL_PERFORMANCE_DEFAULTS,
    );
    const rows = r.tables.find((t) => t.name === 'channels')!.rows;
    for (const ch of ['Google Ads', '百度', 'Meta']) {
      const row = rows.find((x) => x.channel === ch)!;
      expect([cents(row.spend as number), cents(row.revenue as number)], ch).toEqual([
        expected(4, ch),
        expected(6, ch),
      ]);
    }
    // Google Ads: 710.07 + 1.07 + 720.07 (the 0.15 USD line, 1.065, rounds up); Meta: the HKD line alone.
    expect(expected(4, 'Google Ads')).toBe(143_121);
    expect(expected(4, 'Meta')).toBe(7_298);
    const figure = (key: string): number => cents(r.figures.find((f) => f.key === key)!.value!);
    expect([figure('total_spend'), figure('total_revenue')]).toEqual([expected(4), expected(6)]);
  });

  it('leaves a currency with no rate out of every sum, with an error naming sheet, column and rows', () => {
    const r = summarizeChannels(CAMPAIGNS, common, {}, undefined, FX);
    const errors = r.diagnostics.filter((d) => d.code === 'finance.fx.missing-rate');
    // One for spend, one for revenue: the two EUR lines, Excel rows 6 and 7.
    expect(errors.map((d) => [d.severity, d.where?.sheet, d.where?.column, d.where?.rows])).toEqual([
      ['error', 'Platform', 'Currency', [6, 7]],
      ['error', 'Platform', 'Currency', [6, 7]],
    ]);
    expect(errors[0].message.en).toContain('2 row(s) are in EUR');
    expect(errors[0].message.en).toContain('the exchange-rate sheet "FX"');
    // Meta's spend is its HKD line (80 × 0.9123 = 72.984 → 72.98), never 10 + 20 EUR added as yuan.
    const meta = r.tables.find((t) => t.name === 'channels')!.rows.find((x) => x.channel === 'Meta')!;
    expect(cents(meta.spend as number)).toBe(7_298);
  });

  it('changes nothing without a Currency column, or when every line is in the report currency', () => {
    const plain = summarizeChannels(PLAIN, common);
    // The FX sheet is not even read: same result, no diagnostic from it.
    expect(summarizeChannels(PLAIN, common, {}, undefined, FX)).toEqual(plain);
    const cny = summarizeChannels(ALL_CNY, common, {}, undefined, FX);
    expect([cny.tables, cny.figures, cny.findings, cny.diagnostics]).toEqual([
      plain.tables,
      plain.figures,
      plain.findings,
      plain.diagnostics,
    ]);
    // The plain sums are the cells as they stand: 100.01 + 0.15 + 100.01 for Google Ads.
    const g = plain.tables.find((t) => t.name === 'channels')!.rows.find((x) => x.channel === 'Google Ads')!;
    expect(cents(g.spend as number)).toBe(20_017);
  });

  it('response curves, attribution, the funnel and the loop read the same converted amounts', () => {
    const diags: Diagnostic[] = [];
    const weekly = readWeekly(CAMPAIGNS, common.asOf, 'en', diags, lineConverter(CAMPAIGNS, FX, 'CNY', diags))!;
    const g = weekly.names.indexOf('Google Ads');
    const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
    expect([cents(sum(weekly.spend[g])), cents(sum(weekly.outcome[g]))]).toEqual([
      expected(4, 'Google Ads'),
      expected(6, 'Google Ads'),
    ]);
    expect(weekly.isRevenue).toBe(true);

    const spend = spendByChannel(CAMPAIGNS, 'channel', lineConverter(CAMPAIGNS, FX, 'CNY', diags))!;
    expect(cents(spend.get('google ads')!)).toBe(expected(4, 'Google Ads'));
    expect(cents(spend.get('meta')!)).toBe(expected(4, 'Meta'));

    const funnel = countFunnel({ campaigns: CAMPAIGNS, fx_rates: FX }, common.asOf, 'en', diags, 'CNY');
    expect(cents(funnel.campaignRevenue!)).toBe(expected(6));

    const loop = spendBy(
      CAMPAIGNS,
      'channel',
      common.asOf,
      [],
      -Infinity,
      Infinity,
      lineConverter(CAMPAIGNS, FX, 'CNY', diags),
    )!;
    expect(cents(loop.get('Google Ads')!)).toBe(expected(4, 'Google Ads'));
    // Each reader reported the EUR lines (spend, and revenue where it reads revenue): 2 + 1 + 1 + 1.
    const missing = diags.filter((d) => d.code === 'finance.fx.missing-rate');
    expect(missing.length).toBe(5);
    expect(missing.every((d) => d.where?.rows?.join() === '6,7')).toBe(true);
  });

  it('a USD export in a CNY run with no rate: each line an error, nothing summed as yuan', () => {
    // The corpus Google Ads report (tests/corpus/cases.ts): six campaigns, `Currency code` USD on every line.
    const c = corpusCases().find((x) => x.file === 'google-ads.xlsx')!;
    const ds = ingestGrid({ sheet: c.sheet!, address: 'A1', values: c.rows as CellValue[][] });
    const cny = summarizeChannels(ds, common);
    const spend = (r: typeof cny): number => r.figures.find((f) => f.key === 'total_spend')!.value!;
    expect(spend(cny)).toBe(0);
    const err = cny.diagnostics.find((d) => d.code === 'finance.fx.missing-rate')!;
    expect([err.severity, err.where?.column, err.where?.count ?? err.where?.rows?.length]).toEqual([
      'error',
      'Currency code',
      c.expect.rows,
    ]);
    // Run in USD, the generator's spend.
    expect(cents(spend(summarizeChannels(ds, { ...common, currency: 'USD' })))).toBe(cents(c.expect.spend!));
  });
});
