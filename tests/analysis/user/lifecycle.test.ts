import { describe, expect, it } from 'vitest';
import { judgeStage, LIFECYCLE_DEFAULTS, lifecycleAnalysis } from '../../../src/analysis/user/lifecycle.js';
import { common, makeOrders, serial } from '../helpers.js';

// Expected stages computed by hand from the dates below (as of 2024-06-30; previous snapshot 2024-05-31).
const dates: [string, string, number][] = [
  ['p', '2024-01-01', 10],
  ['p', '2024-01-31', 10],
  ['p', '2024-03-01', 10],
  ['p', '2024-03-31', 10],
  ['p', '2024-04-30', 10],
  ['f', '2024-01-10', 50],
  ['f', '2024-05-20', 50],
  ['n', '2024-06-15', 20],
  ['d', '2023-12-01', 70],
  ['c', '2023-01-01', 5],
  ['r', '2024-06-01', -9],
];
const ds = () =>
  makeOrders({
    customer: dates.map((d) => d[0]),
    date: dates.map((d) => serial(d[1])),
    amount: dates.map((d) => d[2]),
  });

describe('lifecycle (computed by hand)', () => {
  const res = lifecycleAnalysis.run({ orders: ds() }, common('2024-06-30'), { periods: 2 });
  const table = (n: string) => res.tables.find((x) => x.name === n)!;

  it('judges each customer against their own interval or fixed windows', () => {
    const rows = Object.fromEntries(table('customers').rows.map((r) => [r.customer_id, r]));
    // p: median gap 30 → active ≤ 45, at risk ≤ 90; 61 days since Apr 30 → at risk
    expect([rows.p.stage, rows.p.days_since_last, rows.p.usual_interval, rows.p.basis]).toEqual([
      'At risk',
      61,
      30,
      'own interval',
    ]);
    expect([rows.f.stage, rows.f.basis]).toEqual(['Active', 'fixed window']); // 41 days ≤ 90
    expect(rows.n.stage).toBe('New'); // first purchase 15 days ago
    expect(rows.d.stage).toBe('Dormant'); // 212 days: 180 < 212 ≤ 365
    expect(rows.c.stage).toBe('Churned'); // 546 days
    expect(rows.r).toBeUndefined(); // refunds only: not a customer
    expect(table('customers').rows[0].customer_id).toBe('p'); // at risk first
  });

  it('counts by stage over time and movement between the last two snapshots', () => {
    expect(table('stage_trend').rows.map((r) => [r.period, r.new, r.active, r.at_risk, r.dormant, r.churned])).toEqual([
      ['2024-05', 0, 2, 0, 1, 1],
      ['2024-06-30', 1, 1, 1, 1, 1],
    ]);
    const tr = Object.fromEntries(table('transitions').rows.map((r) => [r.from, r]));
    expect(tr.Active.at_risk).toBe(1); // p
    expect(tr.Active.active).toBe(1); // f
    expect(tr['(not yet a customer)'].new).toBe(1); // n
    expect(tr.Dormant.dormant).toBe(1);
    expect(tr.Churned.churned).toBe(1);
  });

  it('figures, finding with money at stake, no NaN', () => {
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    expect([f.customers, f.new, f.active, f.at_risk, f.dormant, f.churned]).toEqual([5, 1, 1, 1, 1, 1]);
    expect(f.at_risk_revenue).toBe(50);
    expect(res.findings.find((x) => x.key === 'lifecycle.at_risk')!.atStake).toBe(50);
    expect(JSON.stringify(res)).not.toMatch(/NaN|Infinity/);
  });

  it('says how the active count moved between the two period ends (stage_trend above: 2 → 1)', () => {
    expect(res.findings.find((x) => x.key === 'lifecycle.active_change')!.text.en).toBe(
      'Active customers fell from 2 to 1 since the previous period end.',
    );
  });

  it('judgeStage example from its doc comment', () => {
    const days = [0, 30, 60, 90, 120];
    expect(judgeStage(days, 5, 170, LIFECYCLE_DEFAULTS)!.stage).toBe('at_risk');
    expect(judgeStage(days, 0, 170, LIFECYCLE_DEFAULTS)).toBeNull();
  });
});

describe('lifecycle edge cases', () => {
  it('no "rose from 0 to 0" when every customer is new, and no change said as such', () => {
    // Two customers whose first purchase is within the 30-day "new" window at both period ends' view of them:
    // by hand, no one is active at either end, so no movement is reported.
    const allNew = lifecycleAnalysis.run(
      {
        orders: makeOrders({
          customer: ['a', 'b'],
          date: [serial('2024-06-20'), serial('2024-06-25')],
          amount: [5, 7],
        }),
      },
      common('2024-06-30'),
      { periods: 2 },
    );
    expect(allNew.findings.find((x) => x.key === 'lifecycle.active_change')).toBeUndefined();
    // One customer active at both ends (orders every 10 days from January): held, not "rose from 1 to 1".
    const days = ['2024-04-01', '2024-04-11', '2024-04-21', '2024-05-01', '2024-05-11', '2024-05-21', '2024-06-25'];
    const steady = lifecycleAnalysis.run(
      { orders: makeOrders({ customer: days.map(() => 's'), date: days.map(serial), amount: days.map(() => 3) }) },
      common('2024-06-30'),
      { periods: 2 },
    );
    expect(steady.tables.find((x) => x.name === 'stage_trend')!.rows.map((r) => r.active)).toEqual([1, 1]);
    expect(steady.findings.find((x) => x.key === 'lifecycle.active_change')!.text).toEqual({
      en: 'Active customers held at 1 since the previous period end.',
      'zh-CN': '活跃客户与上期末持平，仍为 1 位。',
    });
  });

  it('empty and all-refund input → error diagnostic', () => {
    const e = lifecycleAnalysis.run(
      { orders: makeOrders({ customer: [], date: [], amount: [] }) },
      common('2024-06-30'),
      {},
    );
    expect(e.diagnostics.map((d) => d.code)).toEqual(['user.no_purchases']);
    const r = lifecycleAnalysis.run(
      { orders: makeOrders({ customer: ['a'], date: [serial('2024-01-01')], amount: [-1] }) },
      common('2024-06-30'),
      {},
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.no_purchases']);
  });
  it('one customer without history uses fixed windows and says so', () => {
    const r = lifecycleAnalysis.run(
      { orders: makeOrders({ customer: ['a'], date: [serial('2024-01-01')], amount: [3] }) },
      common('2024-06-30'),
      {},
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['lifecycle.fixed_only']);
    expect(r.tables[1].rows).toHaveLength(12);
  });
});
