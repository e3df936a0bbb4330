/**
 * Closed-loop analyses on small hand-computed cases: difference in differences, migration, CAC and the
 * acquisition figures, the business segment rule, the touch matrix; empty, one-customer and no-campaign
 * inputs give clear diagnostics and never NaN.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/ingest/types.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import {
  acquisitionByChannel,
  ACQUISITION_DEFAULTS,
  runAcquisitionQuality,
  volumeNotValue,
} from '../../../src/analysis/loop/acquisition-quality.js';
import { differenceInDifferences, migration, runBeforeAfter } from '../../../src/analysis/loop/before-after.js';
import { buildHistories, countBefore, DEFAULT_WINDOWS, windowSegment } from '../../../src/analysis/loop/common.js';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { RunMemo } from '../../../src/analysis/common/index.js';
import { runRecommendations } from '../../../src/analysis/loop/recommendations.js';
import { runSegmentResponse, touchResponse } from '../../../src/analysis/loop/segment-response.js';
import { loopAnalyses } from '../../../src/analysis/loop/index.js';
import { common, makeDataset, makeOrders, serial } from '../helpers.js';

/** Every number in a result is finite or null (never NaN/Infinity). */
function allFinite(res: AnalysisResult): boolean {
  const nums: unknown[] = [...res.figures.map((f) => f.value), ...res.findings.map((f) => f.atStake)];
  for (const t of res.tables) for (const r of t.rows) nums.push(...Object.values(r));
  return nums.every((v) => typeof v !== 'number' || Number.isFinite(v));
}
const snapshot = (ds: Dataset): string => JSON.stringify(ds.table.objects());

describe('difference in differences', () => {
  it('matches a hand computation over two segments', () => {
    // By hand. A: participants Δ = [2, 2] (mean 2, VAR.S 0); others Δ = [0, 1] (mean 0.5, VAR.S 0.5)
    //   → DiD 1.5, var 0/2 + 0.5/2 = 0.25.
    // B: participants Δ = [1, 3] (mean 2, VAR.S 2); others Δ = [1, 1, 1] (mean 1, VAR.S 0) → DiD 1, var 2/2 = 1.
    // Weights 2/4 each → DiD 1.25; var 0.25²·… = 0.5²·0.25 + 0.5²·1 = 0.3125; se 0.559017;
    // 95% CI 1.25 ± 1.959964 × 0.559017 = [0.154347, 2.345653] (NORM.S.INV(0.975) = 1.959964).
    const res = differenceInDifferences(
      [
        { segment: 'A', pBefore: [1, 2], pAfter: [3, 4], cBefore: [0, 1], cAfter: [0, 2] },
        { segment: 'B', pBefore: [0, 0], pAfter: [1, 3], cBefore: [1, 2, 3], cAfter: [2, 3, 4] },
      ],
      2,
      0.05,
    );
    expect(res.bySegment.map((s) => s.est.estimate)).toEqual([1.5, 1]);
    expect(res.overall.estimate).toBeCloseTo(1.25, 12);
    expect(res.overall.se).toBeCloseTo(0.559017, 6);
    expect(res.overall.ciLow).toBeCloseTo(0.154347, 5);
    expect(res.overall.ciHigh).toBeCloseTo(2.345653, 5);
    expect(res.used).toBe(4);
  });

  it('leaves out segments with too few comparison customers', () => {
    const res = differenceInDifferences(
      [{ segment: 'A', pBefore: [1, 2], pAfter: [3, 4], cBefore: [0], cAfter: [5] }],
      2,
      0.05,
    );
    expect(res.overall.estimate).toBeNull();
    expect(res.skipped).toBe(2);
  });

  it('counts segment migration by hand', () => {
    // a→a 1, a→b 1, b→b 1; c is not included; null before is left out.
    const m = migration(['a', 'a', 'b', 'c', null], ['a', 'b', 'b', 'a', 'a'], (i) => i !== 3);
    expect(Object.fromEntries(m)).toEqual({ 'a\u0001a': 1, 'a\u0001b': 1, 'b\u0001b': 1 });
  });
});

describe('purchase histories', () => {
  it('sort each customer by date, drop refunds and a repeated order line, and are built once per orders read', () => {
    // By hand. a: rows on days 30, 10, 20 (out of order) plus a refund on 25 → days 10, 20, 30.
    // b: order B1 entered twice on day 5, then B2 on day 7 → days 5, 7 (amounts 40, 60).
    const orders = makeOrders({
      customer: ['a', 'a', 'b', 'a', 'b', 'a', 'b'],
      date: [30, 10, 5, 20, 5, 25, 7],
      amount: [3, 1, 40, 2, 40, -2, 60],
      orderId: ['A3', 'A1', 'B1', 'A2', 'B1', 'R1', 'B2'],
      status: ['paid', 'paid', 'paid', 'paid', 'paid', 'refunded', 'paid'],
    });
    const memo = new RunMemo();
    const o = readOrders({ orders }, [], memo)!;
    const h = buildHistories(o, memo);
    const of = (id: string): number[][] => {
      const c = h.index.get(id)!;
      return [
        Array.from(h.day.subarray(h.start[c], h.start[c + 1])),
        Array.from(h.amount.subarray(h.start[c], h.start[c + 1])),
      ];
    };
    expect(of('a')).toEqual([
      [10, 20, 30],
      [1, 2, 3],
    ]);
    expect(of('b')).toEqual([
      [5, 7],
      [40, 60],
    ]);
    expect(countBefore(h, h.index.get('a')!, 20)).toBe(1); // day 10 only
    // Once per run (with the run's memo) and orders read: the same read and histories come back.
    expect(readOrders({ orders }, [], memo)).toBe(o);
    expect(buildHistories(o, memo)).toBe(h);
    expect(buildHistories(o)).not.toBe(h);
  });
});

describe('business segment rule', () => {
  it('follows new → lost → churn warning → high value → potential', () => {
    const w = DEFAULT_WINDOWS; // 60 / 90 / 270 / 6
    expect(windowSegment(0, 0, 0, 100, w)).toBeNull();
    expect(windowSegment(1, 50, 50, 100, w)).toBe('new'); // first purchase 50 days before
    expect(windowSegment(3, 0, 29, 300, w)).toBe('lost'); // last 271 days before
    expect(windowSegment(3, 0, 200, 300, w)).toBe('churn_warning'); // last 100 days before
    expect(windowSegment(6, 0, 250, 300, w)).toBe('high_value');
    expect(windowSegment(3, 0, 250, 300, w)).toBe('potential');
  });
});

describe('acquisition figures', () => {
  it('CAC, repeat, second purchase, LTV and payback by hand', () => {
    const rows = acquisitionByChannel(
      {
        channel: ['A', 'A', 'A', 'A', 'B', 'B'],
        start: Float64Array.from([0, 0, 0, 0, 0, 0]),
        days: [[10, 20], [5], [], [30, 200], [1], [2, 3]],
        amounts: [[100, 50], [80], [], [60, 40], [10], [10, 10]],
        predicted: [10, 0, 0, 20, 0, 0],
      },
      new Map([['a', 200]]),
      0,
      10,
      400,
      { ...ACQUISITION_DEFAULTS, minCustomers: 1 },
    );
    const a = rows.find((r) => r.channel === 'A')!;
    // CAC = 200 ÷ 4 new customers = 50. Buyers 3; second purchase 2 of 3.
    expect(a.cac).toBe(50);
    expect(a.buyers).toBe(3);
    expect(a.secondPurchase).toBeCloseTo(2 / 3, 12);
    // Within 30 days: customer 1 (day 10 → 20) yes, customer 4 (30 → 200) no, customer 2 single → 1 of 3; same within 90.
    expect(a.retention1).toBeCloseTo(1 / 3, 12);
    expect(a.retention2).toBeCloseTo(1 / 3, 12);
    // Revenue 150 + 80 + 100 = 330 → 82.5 per new customer; predicted (10 + 20) ÷ 4 = 7.5; LTV 90; LTV/CAC 1.8.
    expect(a.revenue).toBe(330);
    expect(a.predicted).toBe(7.5);
    expect(a.ltv).toBe(90);
    expect(a.ltvCac).toBeCloseTo(1.8, 12);
    // Month 0 (days 0–30.4): 150 + 80 + 60 = 290 → 72.5 per new customer ≥ CAC 50 → paid back in month 1.
    expect(a.paybackMonths).toBe(1);
    const b = rows.find((r) => r.channel === 'B')!;
    expect(b.cac).toBeNull();
    expect(b.ltvCac).toBeNull();
  });

  it('flags a channel with volume and no value', () => {
    const base = {
      buyers: 100,
      newInSpendWindow: 100,
      spend: 1000,
      cac: 10,
      retention1: 0.3,
      retention2: 0.5,
      revenue: 0,
      predicted: 0,
      paybackMonths: 1,
    };
    const rows = [
      { ...base, channel: 'Big', newCustomers: 300, secondPurchase: 0.2, ltv: 50, ltvCac: 15 },
      { ...base, channel: 'Good', newCustomers: 100, secondPurchase: 0.7, ltv: 200, ltvCac: 20 },
      { ...base, channel: 'Ok', newCustomers: 100, secondPurchase: 0.6, ltv: 180, ltvCac: 18 },
    ];
    const flags = volumeNotValue(rows, ACQUISITION_DEFAULTS);
    expect(flags.map((f) => f.channel.channel)).toEqual(['Big']);
    expect(flags[0].othersLtv).toBe(190); // (200·100 + 180·100) ÷ 200
  });
});

describe('touch response matrix', () => {
  it('counts reach and baseline per segment by hand', () => {
    // Segment A: c1, c2 reached by Community (c1 converts), c3, c4 only by Search. Segment B: c5 by both.
    const tc = {
      customer: ['c1', 'c2', 'c3', 'c4', 'c5', 'c5'],
      channel: ['Community', 'Community', 'Search', 'Search', 'Search', 'Community'],
      campaign: null,
      time: Float64Array.from([1, 1, 1, 1, 1, 2]),
      converted: Uint8Array.from([1, 0, 0, 0, 0, 0]),
      value: Float64Array.from([100, 0, 0, 0, 0, 0]),
      n: 6,
    };
    const seg = (id: string): string => (id === 'c5' ? 'B' : 'A');
    const res = touchResponse(tc, seg, { touchColumns: 'channel', minSize: 1, alpha: 0.05, maxColumns: 20 });
    const cell = res.cells.find((c) => c.segment === 'A' && c.column === 'Community')!;
    expect([cell.n, cell.conv, cell.baseN, cell.baseConv, cell.value]).toEqual([2, 1, 2, 0, 100]);
    const b = res.cells.find((c) => c.segment === 'B' && c.column === 'Search')!;
    expect([b.n, b.conv, b.baseN, b.othersN]).toEqual([1, 0, 0, 2]);
    expect(res.customers).toBe(5);
  });
});

describe('empty, one-customer and no-campaign inputs', () => {
  const asOf = common('2024-12-31');
  const oneCustomer = makeOrders({
    customer: Object.freeze(['x']) as string[],
    date: [serial('2024-06-01')],
    amount: [100],
  });
  const empty = makeOrders({ customer: [], date: [], amount: [] });

  it('exports four analyses with stable kinds', () => {
    expect(loopAnalyses.map((a) => a.kind)).toEqual([
      'segment-response',
      'acquisition-quality',
      'before-after',
      'recommendations',
    ]);
  });

  it('segment response without touchpoints or experiment says what it needs', () => {
    const res = runSegmentResponse({ orders: oneCustomer }, asOf);
    expect(res.diagnostics.map((d) => d.code)).toContain('loop.no_campaign_data');
    expect(res.tables).toEqual([]);
  });

  it('segment response without orders: an experiment uses its own segment column; touchpoints need orders', () => {
    // 120 units per arm in segments S and T; arm B converts 60/120 in S against 30/120 for A.
    const arm: string[] = [],
      seg: string[] = [],
      y: number[] = [];
    for (const [s, a, conv] of [
      ['S', 'A', 30],
      ['S', 'B', 60],
      ['T', 'A', 40],
      ['T', 'B', 40],
    ] as const) {
      for (let i = 0; i < 120; i++) {
        arm.push(a);
        seg.push(s);
        y.push(i < conv ? 1 : 0);
      }
    }
    const experiment = makeDataset('experiment', [
      { name: 'unit', role: 'unit_id', values: arm.map((_, i) => `u${i}`) },
      { name: 'arm', role: 'arm', values: arm },
      { name: 'seg', role: 'attribute', values: seg, type: 'category' },
      { name: 'converted', role: 'outcome', values: y },
    ]);
    const touchpoints = makeDataset('touchpoints', [
      { name: 'customer', role: 'customer_id', values: ['u1'] },
      { name: 'channel', role: 'channel', values: ['Search'] },
      { name: 'time', role: 'timestamp', values: [serial('2024-06-01')] },
    ]);
    const res = runSegmentResponse({ experiment, touchpoints }, asOf);
    // The touchpoints are left out with a warning (no orders to judge "business" segments), not an error.
    expect(res.diagnostics.map((d) => `${d.code}:${d.severity}`)).toEqual(['loop.no_orders_for_segments:warning']);
    const cell = res.tables.find((t) => t.name === 'experiment_cells')!.rows.find((r) => r.segment === 'S')!;
    expect(cell.abs_lift).toBe(0.25); // 60/120 − 30/120, by hand
    expect(res.tables.some((t) => t.name === 'response_matrix')).toBe(false);
    // A start date asks for segments judged from purchases: without orders, an error.
    const dated = runSegmentResponse({ experiment }, asOf, { experimentStart: serial('2024-06-01') });
    expect(dated.diagnostics.map((d) => `${d.code}:${d.severity}`)).toEqual(['loop.no_orders_for_segments:error']);
    // No segment column in the experiment and no orders: one error naming the missing orders.
    const plain = makeDataset('experiment', [
      { name: 'arm', role: 'arm', values: arm },
      { name: 'converted', role: 'outcome', values: y },
    ]);
    const none = runSegmentResponse({ experiment: plain, touchpoints }, asOf);
    expect(none.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'loop.no_orders_for_segments',
    ]);
    expect(none.tables).toEqual([]);
  });

  it('acquisition quality without a channel says so', () => {
    const before = snapshot(oneCustomer);
    const res = runAcquisitionQuality({ orders: oneCustomer }, asOf);
    expect(res.diagnostics.map((d) => d.code)).toContain('loop.no_acquisition_channel');
    expect(snapshot(oneCustomer)).toBe(before);
  });

  it('before/after without a campaign says so', () => {
    const res = runBeforeAfter({ orders: oneCustomer }, asOf);
    expect(res.diagnostics.map((d) => d.code)).toContain('loop.no_participants');
  });

  it('recommendations on one customer and on no orders run without NaN', () => {
    for (const orders of [oneCustomer, empty]) {
      const res = runRecommendations({ orders }, asOf);
      expect(allFinite(res)).toBe(true);
      expect(res.findings.every((f) => f.text.en.length > 0 && f.text['zh-CN'].length > 0)).toBe(true);
    }
    const acq = runAcquisitionQuality({ orders: empty }, asOf);
    expect(acq.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('one customer with a channel: figures without NaN, and the CLV model declines', () => {
    const customers = makeDataset('customers', [
      { name: 'id', role: 'customer_id', values: ['x'] },
      { name: 'acq', role: 'acquisition_channel', values: ['Search'] },
    ]);
    const res = runAcquisitionQuality({ orders: oneCustomer, customers }, asOf);
    expect(allFinite(res)).toBe(true);
    expect(res.diagnostics.map((d) => d.code)).toContain('loop.clv_too_little_history');
    expect(res.tables[0].rows[0]).toMatchObject({ channel: 'Search', new_customers: 1, buyers: 1 });
  });
});
