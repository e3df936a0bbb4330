import { describe, expect, it } from 'vitest';
import {
  channelPerformanceAnalysis,
  summarizeChannels,
} from '../../../src/analysis/marketing/channel-performance/index.js';
import { marketingAnalyses } from '../../../src/analysis/marketing/index.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import type { CellValue } from '../../../src/types.js';
import { common, deepFreeze, makeDataset, serial } from '../helpers.js';

function campaigns(rows: [string, string, string, number | null, number, number, number, number][]) {
  const col = (i: number) => rows.map((r) => r[i] as CellValue);
  return makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: col(0), type: 'category' },
    { name: 'Campaign', role: 'campaign', values: col(1), type: 'category' },
    { name: 'Date', role: 'date', values: rows.map((r) => serial(r[2])), type: 'date' },
    { name: 'Spend', role: 'spend', values: col(3), type: 'currency' },
    { name: 'Impressions', role: 'impressions', values: col(4), type: 'integer' },
    { name: 'Clicks', role: 'clicks', values: col(5), type: 'integer' },
    { name: 'Conversions', role: 'conversions', values: col(6), type: 'integer' },
    { name: 'Revenue', role: 'revenue', values: col(7), type: 'currency' },
  ]);
}

// Hand-made sheet; every expected figure below is computed by hand from these five rows.
const ROWS: [string, string, string, number | null, number, number, number, number][] = [
  ['Search', 'S1', '2024-01-10', 100, 1000, 50, 5, 400],
  ['Search', 'S2', '2024-04-10', 100, 1000, 50, 5, 600],
  ['Social', 'P1', '2024-01-15', 300, 10000, 100, 3, 150],
  ['Social', 'P1', '2024-04-15', 200, 5000, 0, 0, 0],
  ['Email', 'E1', '2024-03-20', 0, 2000, 40, 4, 200],
];

function allNumbersFinite(r: AnalysisResult): boolean {
  let ok = true;
  JSON.stringify(r, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) ok = false;
    return v;
  });
  return ok;
}

describe('channel performance', () => {
  const data = campaigns(ROWS);
  const before = data.table.objects();
  const r = summarizeChannels(data, common('2024-12-31'));

  it('is listed first among the marketing analyses', () => {
    expect(marketingAnalyses[0].kind).toBe('channel-performance');
  });

  it('sums and ratios by channel, sorted by spend (hand computed)', () => {
    const t = r.tables.find((x) => x.name === 'channels')!;
    expect(t.rows.map((x) => x.channel)).toEqual(['Social', 'Search', 'Email']);
    const search = t.rows[1];
    // Search: spend 200, impressions 2000, clicks 100, conversions 10, revenue 1000.
    expect(search).toMatchObject({ spend: 200, impressions: 2000, clicks: 100, conversions: 10, revenue: 1000 });
    expect(search.ctr).toBeCloseTo(0.05, 12); // 100/2000
    expect(search.cvr).toBeCloseTo(0.1, 12); // 10/100
    expect(search.cpc).toBeCloseTo(2, 12); // 200/100
    expect(search.cpa).toBeCloseTo(20, 12); // 200/10
    expect(search.roas).toBeCloseTo(5, 12); // 1000/200
    expect(search.roi).toBeCloseTo(4, 12); // (1000-200)/200
    expect(search.share_spend).toBeCloseTo(200 / 700, 12);
    expect(search.share_revenue).toBeCloseTo(1000 / 1350, 12);
    expect(search.share_gap).toBeCloseTo(1000 / 1350 - 200 / 700, 12);
    const social = t.rows[0];
    expect(social.roas).toBeCloseTo(150 / 500, 12);
    expect(social.cpa).toBeCloseTo(500 / 3, 10);
  });

  it('zero spend gives empty ROAS/ROI with a note, never Infinity', () => {
    const t = r.tables.find((x) => x.name === 'channels')!;
    const email = t.rows[2];
    expect(email.roas).toBeNull();
    expect(email.roi).toBeNull();
    expect(email.cpc).toBe(0); // 0 spend / 40 clicks
    expect(t.note?.en).toMatch(/spend is zero/);
    expect(t.note?.['zh-CN']).toMatch(/花费为零/);
    expect(allNumbersFinite(r)).toBe(true);
  });

  it('key figures (hand computed totals: spend 700, revenue 1350, conversions 17)', () => {
    const f = Object.fromEntries(r.figures.map((x) => [x.key, x]));
    expect(f.total_spend.value).toBe(700);
    expect(f.total_revenue.value).toBe(1350);
    expect(f.roas.value).toBeCloseTo(1350 / 700, 12);
    expect(f.cpa.value).toBeCloseTo(700 / 17, 12);
    expect(f.ctr.value).toBeCloseTo(240 / 19000, 12);
    // Last month April (spend 300, revenue 600) against March (spend 0, revenue 200). The rows are daily and
    // end on 15 April, so April holds 15 days against March's 31 and revenue compares per day:
    // (600 / 15) ÷ (200 / 31) − 1 = 5.2.
    expect(f.total_spend.change).toBeNull();
    expect(f.total_revenue.change).toBeCloseTo(600 / 15 / (200 / 31) - 1, 12);
    expect(f.total_revenue.note?.en).toBe(
      'Change per day: 2024-04 holds 15 days of data and 2024-03 31, so each total is divided by its days before the two are compared.',
    );
  });

  it('months when the data spans ≥ 13 weeks, with empty months filled and the last two compared', () => {
    const t = r.tables.find((x) => x.name === 'periods')!;
    expect(t.rows.map((x) => x.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(t.rows[0].period_start).toBe(serial('2024-01-01'));
    expect(t.rows[1]).toMatchObject({ spend: 0, revenue: 0, roas: null });
    const pop = r.tables.find((x) => x.name === 'period_compare')!;
    const social = pop.rows.find((x) => x.channel === 'Social')!;
    expect(social).toMatchObject({ spend_prev: 0, spend_last: 200, spend_change: null, revenue_last: 0 });
    const total = pop.rows[pop.rows.length - 1];
    expect(total).toMatchObject({ channel: 'Total', spend_last: 300, revenue_prev: 200, revenue_last: 600 });
  });

  it('weeks for a short span (ISO weeks start on Monday)', () => {
    const short = campaigns([
      ['A', 'a', '2024-05-01', 10, 100, 10, 1, 30], // Wednesday → week of Mon 2024-04-29
      ['A', 'a', '2024-05-08', 20, 100, 10, 1, 30],
    ]);
    const rr = summarizeChannels(short, common('2024-12-31'));
    const t = rr.tables.find((x) => x.name === 'periods')!;
    expect(t.rows.map((x) => x.period)).toEqual(['2024-04-29', '2024-05-06']);
    expect(rr.figures.find((x) => x.key === 'total_spend')!.change).toBeCloseTo(1, 12); // 10 → 20
  });

  it('campaign table names the channel', () => {
    const t = r.tables.find((x) => x.name === 'campaigns')!;
    expect(t.rows[0]).toMatchObject({ campaign: 'P1', channel: 'Social', spend: 500, clicks: 100 });
  });

  it('charts: combo spend vs revenue on a secondary axis and a ROAS bar', () => {
    const combo = r.charts.find((c) => c.name === 'spend_revenue_by_channel')!;
    expect(combo).toMatchObject({
      kind: 'combo',
      table: 'channels',
      category: 'channel',
      series: ['spend', 'revenue'],
      secondary: ['revenue'],
    });
    expect(r.charts.find((c) => c.name === 'roas_by_channel')).toMatchObject({ kind: 'bar', series: ['roas'] });
    for (const c of r.charts) {
      const t = r.tables.find((x) => x.name === c.table)!;
      for (const s of [c.category, ...c.series]) expect(t.columns.map((x) => x.key)).toContain(s);
    }
  });

  it('findings in both languages with money at stake: Social loses 350 (spend 500, revenue 150)', () => {
    const earn = r.findings.find((x) => x.key === 'earn-their-budget')!;
    expect(earn.atStake).toBeCloseTo(350, 10);
    expect(earn.text.en).toMatch(/1 of 2 channels/);
    expect(earn.text['zh-CN']).toMatch(/Social/);
    // Social: 500/700 of spend vs 150/1350 of revenue → over-funded; excess = 500 − 150/(1350/700).
    const gap = r.findings.find((x) => x.key === 'share-gap-over:Social')!;
    expect(gap.atStake).toBeCloseTo(500 - 150 / (1350 / 700), 8);
    expect(r.findings.every((x) => x.observational === true)).toBe(true);
    for (let i = 1; i < r.findings.length; i++)
      expect(r.findings[i - 1].atStake ?? 0).toBeGreaterThanOrEqual(r.findings[i].atStake ?? 0);
  });

  it('does not change its input', () => {
    expect(data.table.objects()).toEqual(before);
    const frozen = deepFreeze(ROWS.map((x) => [...x]));
    expect(() => summarizeChannels(campaigns(frozen as typeof ROWS), common('2024-12-31'))).not.toThrow();
  });

  it('nulls and NaN in spend count as empty with a warning naming the Excel rows', () => {
    const bad = campaigns([
      ['A', 'a', '2024-05-01', null, 100, 10, 1, 30],
      ['A', 'a', '2024-05-02', Number.NaN, 100, 10, 1, 30],
      ['A', 'a', '2024-05-03', 5, 100, 10, 1, 30],
    ]);
    const rr = summarizeChannels(bad, common('2024-12-31'));
    const d = rr.diagnostics.find((x) => x.code === 'marketing.missing-number')!;
    expect(d.where).toMatchObject({ sheet: 'campaigns', column: 'Spend', columnLetter: 'D', rows: [2, 3], count: 2 });
    expect(rr.figures.find((x) => x.key === 'total_spend')!.value).toBe(5);
    expect(allNumbersFinite(rr)).toBe(true);
  });

  it('one row, and rows after the as-of date are left out', () => {
    const one = campaigns([['A', 'a', '2024-05-01', 10, 0, 0, 0, 0]]);
    const rr = summarizeChannels(one, common('2024-12-31'));
    const row = rr.tables[0].rows[0];
    expect(row).toMatchObject({ ctr: null, cvr: null, cpc: null, cpa: null, roas: 0 });
    expect(allNumbersFinite(rr)).toBe(true);
    const late = summarizeChannels(campaigns(ROWS), common('2024-03-31'));
    expect(late.figures.find((x) => x.key === 'total_spend')!.value).toBe(400);
    expect(late.diagnostics.find((x) => x.code === 'marketing.campaigns.after-as-of')!.where?.count).toBe(2);
  });

  it('empty input and missing roles give an error diagnostic, not a throw', () => {
    const empty = campaigns([]);
    expect(summarizeChannels(empty, common('2024-12-31')).diagnostics[0].code).toBe('marketing.campaigns.empty');
    const noSpend = makeDataset('campaigns', [{ name: 'Channel', role: 'channel', values: ['A'] }]);
    expect(summarizeChannels(noSpend, common('2024-12-31')).diagnostics[0].severity).toBe('error');
    expect(
      channelPerformanceAnalysis.run({}, common('2024-12-31'), channelPerformanceAnalysis.defaults).diagnostics[0].code,
    ).toBe('marketing.campaigns.missing');
  });

  it('adds order revenue per channel when an orders sheet has a channel column', () => {
    const orders = makeDataset('orders', [
      { name: 'customer', role: 'customer_id', values: ['c1', 'c2', 'c3'] },
      { name: 'amount', role: 'amount', values: [10, 20, 5] },
      { name: 'channel', role: 'channel', values: ['search', 'Search', 'Other'] },
    ]);
    const rr = channelPerformanceAnalysis.run(
      { campaigns: data, orders },
      common('2024-12-31'),
      channelPerformanceAnalysis.defaults,
    );
    const t = rr.tables.find((x) => x.name === 'channels')!;
    expect(t.rows.find((x) => x.channel === 'Search')!.orders_revenue).toBe(30);
    expect(t.rows.find((x) => x.channel === 'Email')!.orders_revenue).toBe(0);
  });
});
