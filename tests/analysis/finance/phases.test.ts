/**
 * The pure compute phases of the finance analyses, tested alone (each stood inside a 300–400-line
 * function before). Every expected number is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { serial } from '../helpers.js';
import { findDuplicates, outsidePeriod } from '../../../src/analysis/finance/reconciliation/match.js';
import { monthRangeLabelList, setStatus, sumBig } from '../../../src/analysis/finance/reconciliation/statuses.js';
import { restFindings } from '../../../src/analysis/finance/reconciliation/findings.js';
import type { Invoices, MatchSet, Platform } from '../../../src/analysis/finance/reconciliation/model.js';
import { calendarOf } from '../../../src/analysis/finance/budget-vs-actual/read.js';
import {
  budgetChannels,
  gatherCells,
  headline,
  paceCells,
  spreadEvenly,
} from '../../../src/analysis/finance/budget-vs-actual/compute.js';
import { gatherRuns } from '../../../src/analysis/finance/budget-vs-actual/findings.js';
import type { BudgetSources } from '../../../src/analysis/finance/budget-vs-actual/read.js';
import {
  addOrders,
  periodEnd,
  platformTotals,
  refundBase,
} from '../../../src/analysis/finance/reported-vs-real/compute.js';
import type { CampaignRows, OrderRows } from '../../../src/analysis/finance/reported-vs-real/read.js';
import { monthOfCell } from '../../../src/analysis/finance/months.js';
import { msg } from '../../../src/analysis/finance/messages.js';

const month = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const tol = { absMinor: 100, pctPpb: 5_000_000n }; // 1.00 and 0.5%, the reconciliation defaults in cents

describe('reconciliation phases', () => {
  it('sets a status from the two totals and the tolerance', () => {
    // Tolerance max(1.00, 0.5% of platform): on 10,000.00 platform that is 50.00.
    const c = (iMinor: number, pMinor: number, inv = [0], groups = [0]) => ({ inv, groups, iMinor, pMinor });
    expect(setStatus(c(1_000_000, 1_000_000), tol)).toBe('matched');
    expect(setStatus(c(1_005_000, 1_000_000), tol)).toBe('within_tolerance'); // +50.00 = 0.5% exactly
    expect(setStatus(c(1_005_001, 1_000_000), tol)).toBe('variance'); // +50.01
    expect(setStatus(c(10_080, 10_000), tol)).toBe('within_tolerance'); // +0.80 on 100.00: under the absolute 1.00
    expect(setStatus(c(0, 500, [], [0]), tol)).toBe('not_invoiced');
    expect(setStatus(c(500, 0, [0], []), tol)).toBe('no_spend');
  });

  it('adds minor units exactly past 2^53, skipping unusable (NaN) lines', () => {
    // 2^53 − 1 (the largest safe integer) + 2 + NaN = 2^53 + 1, which a float sum rounds to 2^53.
    const a = new Float64Array([Number.MAX_SAFE_INTEGER, 2, NaN]);
    expect(sumBig(a)).toBe(9_007_199_254_740_993n);
    expect(sumBig(new Float64Array([]))).toBe(0n);
  });

  it('labels a set’s months: up to three listed, else first…last', () => {
    expect(monthRangeLabelList([])).toBe('');
    expect(monthRangeLabelList(['2024-01', '2024-02', '2024-03'])).toBe('2024-01, 2024-02, 2024-03');
    expect(monthRangeLabelList(['2024-01', '2024-02', '2024-03', '2024-04'])).toBe('2024-01…2024-04');
  });

  const inv = (
    rows: {
      vendor: string;
      ref: string | null;
      id: string | null;
      m0: number;
      m1: number;
      minor: number;
      currency?: string;
    }[],
  ): Invoices =>
    ({
      n: rows.length,
      chText: rows.map((r) => r.vendor),
      ref: rows.map((r) => r.ref),
      desc: rows.map(() => null),
      id: rows.map((r) => r.id),
      m0: Int32Array.from(rows.map((r) => r.m0)),
      m1: Int32Array.from(rows.map((r) => r.m1)),
      minor: Float64Array.from(rows.map((r) => r.minor)),
      origMinor: Float64Array.from(rows.map((r) => r.minor)),
      currency: rows.map((r) => r.currency ?? 'CNY'),
    }) as unknown as Invoices;

  it('finds duplicates by vendor and number, or by content without a number', () => {
    const mar = month('2024-03');
    const d = findDuplicates(
      inv([
        { vendor: 'Google', ref: 'A', id: 'INV-1', m0: mar, m1: mar, minor: 100 }, // 0 first of INV-1
        { vendor: 'google', ref: 'B', id: 'inv-1', m0: mar, m1: mar, minor: 999 }, // 1 same vendor and number (normalised) → dup of 0
        { vendor: 'Meta', ref: 'A', id: 'INV-1', m0: mar, m1: mar, minor: 100 }, //   2 same number, other vendor → not a dup
        { vendor: 'Google', ref: 'A', id: null, m0: mar, m1: mar, minor: 100 }, //     3 first without a number
        { vendor: 'Google', ref: 'A', id: null, m0: mar, m1: mar, minor: 100 }, //     4 same content → dup of 3
        { vendor: 'Google', ref: 'A', id: null, m0: mar, m1: mar, minor: 101 }, //     5 one cent more → not a dup
        { vendor: 'Google', ref: 'A', id: null, m0: mar, m1: mar, minor: NaN }, //     6 no usable amount → never a dup
      ]),
      new Uint8Array(7),
    );
    expect([...d]).toEqual([-1, 0, -1, -1, 3, -1, -1]);
  });

  it('sets aside lines outside the period, keeping lines without a month', () => {
    // Period 2024-02…2024-03: platform Jan and Apr are outside (first and last month: Jan, Apr);
    // an invoice for Jan–Feb overlaps the period and stays in; one for April is outside.
    const p = {
      n: 4,
      month: Int32Array.from([month('2024-01'), month('2024-02'), -1, month('2024-04')]),
      minor: Float64Array.from([1, 1, 1, 1]),
    } as unknown as Platform;
    const i = inv([
      { vendor: 'G', ref: null, id: null, m0: month('2024-01'), m1: month('2024-02'), minor: 1 },
      { vendor: 'G', ref: null, id: null, m0: month('2024-04'), m1: month('2024-04'), minor: 1 },
    ]);
    const out = outsidePeriod(p, i, { from: month('2024-02'), to: month('2024-03'), source: 'option' });
    expect([...out.platform]).toEqual([1, 0, 0, 1]);
    expect([...out.invoice]).toEqual([0, 1]);
    expect(out.months).toEqual([month('2024-01'), month('2024-04')]);
    expect([...outsidePeriod(p, i, null).platform]).toEqual([0, 0, 0, 0]);
  });

  it('sums the variances beyond the first ten by direction', () => {
    // Over: +3.00 and +2.00 → 5.00 in two sets; under: −1.50 in one set.
    const set = (id: string, invoiceMinor: number, platformMinor: number): MatchSet =>
      ({
        id,
        status: 'variance',
        invoiceMinor,
        platformMinor,
        invoiceRows: [0],
        platformRows: [0],
      }) as unknown as MatchSet;
    const f = restFindings([set('M0011', 1300, 1000), set('M0012', 850, 1000), set('M0013', 1200, 1000)], 'CNY', 2);
    expect(f.map((x) => [x.key, x.atStake, x.evidence?.en])).toEqual([
      ['variance:rest-over', 5, 'Match sets M0011, M0013.'],
      ['variance:rest-under', 1.5, 'Match sets M0012.'],
    ]);
    expect(f[0].text.en).toBe('2 more match set(s) are over-invoiced, by ¥5.00 in total: query them before paying.');
  });
});

describe('budget phases', () => {
  it('spreads an invoice over its months to the cent, leftover cents first', () => {
    // 100.00 over 3 months: 33.33 × 3 = 99.99, the leftover cent to the first month.
    expect(spreadEvenly(10_000, 3)).toEqual([3_334, 3_333, 3_333]);
    // −0.05 over 2 months: 2 cents each and the fifth to the first, sign kept.
    expect(spreadEvenly(-5, 2)).toEqual([-3, -2]);
    expect(spreadEvenly(700, 1)).toEqual([700]);
  });

  it('reads the calendar of the as-of date, counting the as-of day', () => {
    // 2024-03-10: day 10 of March's 31; 2024-02-29: day 29 of a leap February's 29.
    expect(calendarOf(serial('2024-03-10'))).toEqual({
      asOf: serial('2024-03-10'),
      current: month('2024-03'),
      elapsed: 10,
      days: 31,
    });
    expect(calendarOf(serial('2024-02-29') + 0.75)).toMatchObject({
      asOf: serial('2024-02-29'),
      elapsed: 29,
      days: 29,
    });
  });

  it('gathers budget, spend and invoices by channel and month, and paces them', () => {
    const cal = calendarOf(serial('2024-03-10'));
    const src: BudgetSources = {
      byChannel: true,
      budget: {
        channel: ['Search', 'Search'],
        month: Int32Array.from([month('2024-02'), month('2024-03')]),
        minor: Float64Array.from([1_000_000, 3_100_000]),
      },
      // "search" ties to the budget's "Search"; "Display" has no budget and becomes its own channel.
      platform: {
        channel: ['search', 'Display'],
        month: Int32Array.from([month('2024-03'), month('2024-03')]),
        minor: Float64Array.from([400_000, 10_000]),
        grain: { grain: 'day' },
      },
      invoiced: null,
    };
    const channels = budgetChannels(src.budget.channel, true, { vendorChannels: {}, minSimilarity: 0.85 });
    const paced = paceCells(gatherCells(src, channels), channels.labels, cal, {
      actual: 'platform',
      flagThreshold: 0.1,
    });
    // Sorted by month, then channel label: Feb Search; Mar Display, Mar Search.
    expect(paced.map((x) => [channels.labels.get(x.ch), x.m === month('2024-03') ? 'Mar' : 'Feb', x.p.flag])).toEqual([
      ['Search', 'Feb', 'under'], // closed, 0 spent of 10,000.00
      ['Display', 'Mar', 'no_budget'],
      ['Search', 'Mar', 'under'], // 4,000.00 × 31 / 10 = 12,400.00 < 31,000 × 0.9
    ]);
    // March: budget 31,000.00; actual 4,000.00 + 100.00; projected 12,400.00 + 100 × 31/10 = 310.00;
    // expected 31,000 × 10/31 = 10,000.00 (Display has no budget: 0).
    expect(headline(paced, cal.current)).toEqual({
      budget: 3_100_000,
      actual: 410_000,
      projected: 1_271_000,
      expected: 1_000_000,
      budgetToDate: 4_100_000,
      actualToDate: 410_000,
      monthly: false, // daily spend rows: March is paced and projected
    });
    // February is closed and under budget; March's spend without budget, while March is in progress.
    const { runs, closed } = gatherRuns(paced, cal);
    expect(runs.map((r) => [r.kind, channels.labels.get(r.ch), r.months.length])).toEqual([
      ['underspent', 'Search', 1],
      ['no-budget', 'Display', 1],
    ]);
    expect([...closed.values()]).toEqual([{ n: 1, budget: 1_000_000, actual: 0 }]);
  });
});

describe('reported-vs-real phases', () => {
  it('finds the order a refund line refers to', () => {
    expect(['SO123-R', 'SO123_refund', 'SO123退款', 'SO123 RF2', 'SO123'].map(refundBase)).toEqual([
      'SO123',
      'SO123',
      'SO123',
      'SO123',
      'SO123',
    ]);
  });

  it('extends the window to the end of the last period', () => {
    // Monthly rows (every date a 1st): the last, 2024-03-01, covers March → 2024-03-31.
    expect(periodEnd(new Set([serial('2024-02-01'), serial('2024-03-01')]), serial('2024-03-01'))).toBe(
      serial('2024-03-31'),
    );
    // Weekly rows (7 days apart): the last Monday covers six more days.
    expect(periodEnd(new Set([serial('2024-03-04'), serial('2024-03-11')]), serial('2024-03-11'))).toBe(
      serial('2024-03-17'),
    );
    // Irregular dates: the last date itself.
    expect(periodEnd(new Set([serial('2024-03-04'), serial('2024-03-06')]), serial('2024-03-06'))).toBe(
      serial('2024-03-06'),
    );
  });

  it('totals the platform up to the as-of date and counts real orders in its window', () => {
    const asOf = serial('2024-04-30');
    const rows: CampaignRows = {
      channel: ['Google', 'Google', 'Google'],
      start: [serial('2024-03-01'), serial('2024-03-31'), serial('2024-05-02')], // the May row is after the as-of date
      end: [null, null, null],
      spend: Float64Array.from([100_00, 50_00, 999_00]),
      revenue: Float64Array.from([500_00, 250_00, 999_00]),
      conversions: [5, 'n/a', 1],
      convCol: undefined,
    };
    const { totals, lo, hi, badConv } = platformTotals(rows, asOf);
    // Spend 100 + 50 (May left out); dates 2024-03-01 … 2024-03-31; row 1's conversions are not a number.
    expect(totals.acc.get('google')).toMatchObject({ spend: 150_00, rev: 750_00, conv: 5 });
    expect([lo, hi, badConv]).toEqual([serial('2024-03-01'), serial('2024-03-31'), [1]]);
    const orders: OrderRows = {
      channel: ['google', 'Google', 'Google', 'Google', null],
      channelCol: undefined as never,
      amount: Float64Array.from([40_00, 60_00, -10_00, 70_00, 5_00]),
      date: [
        serial('2024-03-02'),
        serial('2024-03-05'),
        serial('2024-03-06'),
        serial('2024-04-02'),
        serial('2024-03-07'),
      ],
      dateCol: undefined,
      id: ['O1', 'O2', 'O2-R', 'O3', 'O4'],
      status: ['paid', 'paid', 'refunded', 'paid', 'paid'],
    };
    const tally = addOrders(totals, orders, { lo, hi }, asOf, {
      excludeStatuses: ['refunded'],
      sameWindow: true,
      minSimilarity: 0.85,
      channelMap: {},
    });
    // O1 40 + O2 60 − refund of kept O2 10 = 90.00 on orders O1, O2, O2-R; O3 in April is outside the
    // window; O4 has no channel.
    expect(totals.acc.get('google')).toMatchObject({ real: 90_00 });
    expect((totals.acc.get('google')!.orders as Set<string>).size).toBe(3);
    expect(tally).toEqual({ cancelled: 0, outside: 1, undated: [], noChannel: [4], windowed: true });
  });
});

describe('finance messages', () => {
  it('fills named parameters in both languages', () => {
    // The text of the reconciliation test's "rest over" finding, from its parts.
    expect(msg('recon.finding.rest-over', { count: 1, amount: (l) => (l === 'en' ? '¥200.00' : '¥200.00') })).toEqual({
      en: '1 more match set(s) are over-invoiced, by ¥200.00 in total: query them before paying.',
      'zh-CN': '另有 1 个匹配组多开发票，合计 ¥200.00：付款前请核实。',
    });
    expect(() => msg('recon.finding.rest-over', { count: 1 })).toThrow(/amount/);
  });

  it('reads a month from a date or a month text', () => {
    expect(monthOfCell(serial('2025-03-15'))).toBe(month('2025-03'));
    expect(monthOfCell('2025-03')).toBe(month('2025-03'));
    expect(monthOfCell('soon')).toBeNull();
  });
});
