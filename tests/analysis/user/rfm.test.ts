import { describe, expect, it } from 'vitest';
import { rfmAnalysis, runRfm, scoreRfm } from '../../../src/analysis/user/rfm.js';
import { businessSegment, DEFAULT_BUSINESS, rfmSegment } from '../../../src/analysis/user/segment-maps.js';
import { common, makeOrders, serial } from '../helpers.js';
import { readReference } from '../../reference-data.js';

function rfmOrders() {
  const text = readReference('rfm/rfm_data_orders.csv', 'utf8');
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const m = /^"([^"]*)","([^"]*)",([^,]*),/.exec(line)!;
    customer.push(m[1]);
    date.push(serial(m[2]));
    amount.push(Number(m[3]));
  }
  return makeOrders({ customer: Object.freeze(customer) as string[], date, amount });
}

describe('RFM on rfm_data_orders.csv (R package rfm README, as of 2006-12-31)', () => {
  const ds = rfmOrders();
  const res = runRfm({ orders: ds }, common('2006-12-31'), {});

  it("scores Abbey O'Reilly 205 / 6 / 472 → 3 4 3, Potential Loyalist", () => {
    const rows = res.tables.find((x) => x.name === 'customers')!.rows;
    const abbey = rows.find((r) => r.customer_id === "Abbey O'Reilly")!;
    expect([abbey.recency_days, abbey.frequency, abbey.monetary]).toEqual([205, 6, 472]);
    expect([abbey.r, abbey.f, abbey.m]).toEqual([3, 4, 3]);
    expect(abbey.segment).toBe('Potential Loyalist');
  });

  // The counts reproduce only with the package's own bin rule (quantile edges + 1, R/utils.R `bins()`);
  // without the +1 we get Potential Loyalist 429 etc. The README's "[min, e1)" omits the +1.
  it('gives the ten published segment counts exactly', () => {
    const seg = res.tables.find((x) => x.name === 'segments')!;
    const counts = Object.fromEntries(seg.rows.map((r) => [r.segment, r.customers]));
    expect(counts).toEqual({
      'Potential Loyalist': 342,
      'Loyal Customers': 170,
      Lost: 148,
      'New Customers': 104,
      'About To Sleep': 102,
      "Can't Lose Them": 47,
      Champions: 35,
      'At Risk': 28,
      'Need Attention': 10,
      Promising: 9,
    });
    expect(res.figures.find((f) => f.key === 'customers')!.value).toBe(995);
    expect(res.figures.find((f) => f.key === 'orders')!.value).toBe(4906);
    expect(res.diagnostics).toEqual([]);
    expect(res.tables.map((x) => x.name)).toEqual(['segments', 'business_segments', 'rf_grid', 'customers']);
    const grid = res.tables.find((x) => x.name === 'rf_grid')!;
    expect(grid.rows.reduce((s, r) => s + [1, 2, 3, 4, 5].reduce((a, j) => a + (r[`f${j}`] as number), 0), 0)).toBe(
      995,
    );
    expect(JSON.stringify(res)).not.toMatch(/NaN|Infinity/);
  });

  it('business map covers every customer', () => {
    const biz = res.tables.find((x) => x.name === 'business_segments')!;
    expect(biz.rows.reduce((s, r) => s + (r.customers as number), 0)).toBe(995);
  });
});

describe('RFM scoring and maps (computed by hand)', () => {
  it('quintile edges, reversed recency, ties share a score', () => {
    const s = scoreRfm([1, 50, 100, 200, 400], [50, 40, 30, 20, 10], [50, 40, 30, 20, 10]);
    expect(Array.from(s.r)).toEqual([5, 4, 3, 2, 1]);
    expect(Array.from(s.f)).toEqual([5, 4, 3, 2, 1]);
    expect(Array.from(s.m)).toEqual([5, 4, 3, 2, 1]);
    // PERCENTILE.INC({1,50,100,200,400}, 0.2) = 40.2, plus 1 (rfm package R/utils.R bins())
    expect(s.edges.recency[0]).toBeCloseTo(41.2, 12);
    // The +1 matters for integer counts: frequency 1..5 has edges 2.8/3.6/4.4/5.2, so 5 scores 4 and 1, 2 both 1.
    expect(Array.from(scoreRfm([1, 1, 1, 1, 1], [5, 4, 3, 2, 1], [1, 1, 1, 1, 1]).f)).toEqual([4, 3, 2, 1, 1]);
    const tie = scoreRfm([3, 3, 3], [1, 1, 1], [2, 2, 2]);
    expect(new Set(tie.r).size).toBe(1);
  });
  it('rfm map first match and business thresholds', () => {
    expect(rfmSegment(5, 5, 5)).toBe('Champions');
    expect(rfmSegment(3, 4, 3)).toBe('Potential Loyalist');
    expect(rfmSegment(1, 1, 1)).toBe('Lost');
    expect(rfmSegment(2, 1, 5)).toBe('Others');
    expect(businessSegment(1, 5, 5, 9, DEFAULT_BUSINESS)).toBe('lost');
    expect(businessSegment(2, 5, 5, 9, DEFAULT_BUSINESS)).toBe('churn_warning');
    expect(businessSegment(5, 1, 3, 1, DEFAULT_BUSINESS)).toBe('new');
    expect(businessSegment(5, 4, 4, 3, DEFAULT_BUSINESS)).toBe('high_value');
    expect(businessSegment(5, 3, 4, 3, DEFAULT_BUSINESS)).toBe('potential');
    expect(businessSegment(5, 3, 4, 3, { ...DEFAULT_BUSINESS, highMinF: 3 })).toBe('high_value');
  });
});

describe('RFM edge cases', () => {
  const c = common('2024-03-01');
  it('empty input → error diagnostic, no tables', () => {
    const r = rfmAnalysis.run({ orders: makeOrders({ customer: [], date: [], amount: [] }) }, c, {});
    expect(r.tables).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.no_purchases']);
  });
  it('no orders table → error diagnostic', () => {
    expect(rfmAnalysis.run({}, c, {}).diagnostics[0].code).toBe('user.no_orders');
  });
  it('one customer, nulls and NaN: diagnostics and no NaN', () => {
    const ds = makeOrders({
      customer: ['a', 'a', null, 'b'],
      date: [serial('2024-01-01'), serial('2024-02-01'), 1, Number.NaN],
      amount: [10, 20, 5, 1],
    });
    const r = rfmAnalysis.run({ orders: ds }, c, {});
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.rows_skipped', 'user.rows_skipped', 'rfm.one_customer']);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it('all refunds → clear diagnostic', () => {
    const ds = makeOrders({
      customer: ['a', 'b'],
      date: [serial('2024-01-01'), serial('2024-01-02')],
      amount: [-10, -5],
    });
    const r = rfmAnalysis.run({ orders: ds }, c, {});
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.refunds', 'user.no_purchases']);
  });
  it('no repeat buyers → info diagnostic; status refunds are excluded when asked', () => {
    const ds = makeOrders({
      customer: ['a', 'b', 'c', 'c'],
      date: [1, 2, 3, 4].map((d) => serial('2024-01-01') + d),
      amount: [10, 20, 30, 30],
      status: ['paid', 'paid', 'paid', 'Refunded'],
    });
    const r = rfmAnalysis.run({ orders: ds }, c, { refunds: 'exclude' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.refunds', 'rfm.no_repeat']);
    expect(r.figures.find((f) => f.key === 'revenue')!.value).toBe(60);
    const net = rfmAnalysis.run({ orders: ds }, c, {});
    expect(net.figures.find((f) => f.key === 'revenue')!.value).toBe(30);
  });
});

describe('RFM options (computed by hand)', () => {
  it('quartiles, distinct purchase days and mean order value', () => {
    // a: 2 orders on one day (10 + 30) and one later (20); b: one order of 50; c: one of 5; d: two days of 8.
    const ds = makeOrders({
      customer: ['a', 'a', 'a', 'b', 'c', 'd', 'd'],
      date: ['2024-01-01', '2024-01-01', '2024-02-01', '2024-01-15', '2023-06-01', '2024-01-20', '2024-02-20'].map(
        serial,
      ),
      amount: [10, 30, 20, 50, 5, 8, 8],
    });
    const r = runRfm({ orders: ds }, common('2024-03-01'), {
      bins: 4,
      frequency: 'days',
      monetary: 'mean',
      maxCustomerRows: 2,
    });
    const rows = r.tables.find((x) => x.name === 'customers')!.rows;
    // mean per order: b 50, a 20, d 8, c 5 → the two highest shown
    expect(rows.map((x) => [x.customer_id, x.frequency, x.monetary])).toEqual([
      ['b', 1, 50],
      ['a', 2, 20],
    ]);
    expect(r.tables.find((x) => x.name === 'customers')!.note!.en).toContain(
      '2 customers with the highest revenue of 4',
    );
    expect(r.tables.find((x) => x.name === 'rf_grid')!.rows).toHaveLength(4);
    // frequency (days) 2, 1, 1, 2: PERCENTILE.INC quartiles 1, 1.5, 2 (+1 → 2, 2.5, 3): 2 days → F 2, 1 day → F 1
    expect(rows[1].f).toBe(2);
    expect(rows[0].f).toBe(1);
  });
  it('a fractional as-of date (a date-time) counts as its day', () => {
    const ds = makeOrders({ customer: ['a', 'b'], date: [serial('2024-01-01'), serial('2024-01-02')], amount: [1, 2] });
    const r = runRfm({ orders: ds }, { ...common('2024-01-11'), asOf: serial('2024-01-11') + 0.75 }, {});
    const rows = r.tables.find((x) => x.name === 'customers')!.rows;
    expect(rows.map((x) => x.recency_days)).toEqual([9, 10]);
  });
});
