/**
 * Findings compare like with like (issue 18, item 4), rule 4: CLV's "probably stopped buying" (the BG/NBD
 * model's P(alive)) and Lifecycle's "at risk" (overdue against the customer's own rhythm) are two measures;
 * each sheet names its definition and the difference, so "0 high-risk customers" beside "152 at risk" no
 * longer reads as a contradiction.
 */
import { describe, expect, it } from 'vitest';
import { clvAnalysis } from '../../src/analysis/user/clv.js';
import { lifecycleAnalysis } from '../../src/analysis/user/lifecycle.js';
import { common, makeOrders, serial } from './helpers.js';
import { cdnowOrders } from './user/cdnow.js';

/** Customers with purchases on a single day, counted from the raw rows (not through the analysis). */
function oneDayCustomers(customer: readonly string[], date: readonly number[]): number {
  const days = new Map<string, Set<number>>();
  customer.forEach((c, i) => {
    const s = days.get(c) ?? new Set<number>();
    s.add(Math.floor(date[i]));
    days.set(c, s);
  });
  return [...days.values()].filter((s) => s.size === 1).length;
}

describe('CLV names what its risk measures and how it differs from Lifecycle', () => {
  const ds = cdnowOrders();
  const customer = ds.table.array('customer_id') as string[];
  const date = ds.table.array('date') as number[];
  // CDNOW sample (tests/reference-data/cdnow): customers whose purchases all fall on one day, the x = 0 of
  // FHL 2005, counted here from the raw file over the whole 78 weeks.
  const oneTime = oneDayCustomers(customer, date);
  const res = clvAnalysis.run({ orders: ds }, common('1998-06-30'), {});

  it('says the model cannot judge one-time buyers, with their number (grouped: 1,218)', () => {
    expect(oneTime).toBeGreaterThan(1000); // most CDNOW customers never come back (FHL 2005: 1,411 in 39 weeks)
    const f = res.findings.find((x) => x.key === 'clv.high_risk')!;
    expect(f.text.en).toContain(
      `not the Lifecycle sheet’s “at risk” (overdue against their own buying rhythm, still worth reaching). The model cannot judge the ${oneTime.toLocaleString('en-US')} customers with a single purchase and counts them as alive`,
    );
    expect(f.text['zh-CN']).toContain(
      `模型无法判断只购买过一次的 ${oneTime.toLocaleString('en-US')} 位客户，一律视为仍活跃`,
    );
    const fig = res.figures.find((x) => x.key === 'high_risk_customers')!;
    expect(fig.label.en).toBe('Probably stopped buying (model)');
    expect(fig.note?.en).toBe(
      `P(alive) below 0.3 from the BG/NBD model; not the Lifecycle sheet’s “at risk”. The ${oneTime.toLocaleString('en-US')} customers with a single purchase always get P(alive) = 1 here.`,
    );
  });
});

describe('the contradiction of issue 18: CLV "0 high-risk" beside Lifecycle "30 at risk"', () => {
  // Hand-made: r1 … r10 buy every 14 days up to the as-of date (11 purchases each, the last today), so the
  // model thinks them alive; o1 … o30 bought once, 120 days ago. Lifecycle judges o1 … o30 by the fixed
  // windows (no usual gap): 90 < 120 ≤ 180 days is at risk, so 30 at risk. BG/NBD gives a one-time buyer
  // P(alive) = 1 (FHL 2005, eq. 11 with x = 0), so no one is below 0.3.
  const asOf = serial('2025-12-31');
  const customer: string[] = [];
  const date: number[] = [];
  for (let i = 1; i <= 10; i++)
    for (let k = 0; k <= 10; k++) {
      customer.push(`r${i}`);
      date.push(asOf - 140 + 14 * k);
    }
  for (let i = 1; i <= 30; i++) {
    customer.push(`o${i}`);
    date.push(asOf - 120);
  }
  const orders = makeOrders({ customer, date, amount: customer.map((_, i) => 20 + (i % 7)) });
  const clv = clvAnalysis.run({ orders }, common('2025-12-31'), {});
  const life = lifecycleAnalysis.run({ orders }, common('2025-12-31'), {});

  it('shows both counts, and CLV says why its count is zero', () => {
    expect(life.figures.find((x) => x.key === 'at_risk')!.value).toBe(30);
    expect(clv.figures.find((x) => x.key === 'high_risk_customers')!.value).toBe(0);
    // Before, CLV had no finding here and its figure read "High-risk customers 0".
    const f = clv.findings.find((x) => x.key === 'clv.high_risk')!;
    expect(f.text.en).toBe(
      'No customer has P(alive) below 0.3. This is the model’s estimate that a customer has stopped, not the Lifecycle sheet’s “at risk” (overdue against their own buying rhythm, still worth reaching). The model cannot judge the 30 customers with a single purchase and counts them as alive; the Lifecycle sheet judges them by days since that purchase.',
    );
    expect(f.text['zh-CN']).toBe(
      '没有客户的存活概率低于 0.3。这是模型对客户已停止购买的估计，不同于“客户生命周期”表中的“有流失风险”（已超过其本人的购买节奏、仍值得触达）。模型无法判断只购买过一次的 30 位客户，一律视为仍活跃；生命周期表按距该次购买的天数判断他们。',
    );
  });
});

describe('Lifecycle names its definition of at risk and points to the other measure', () => {
  it('states the windows in the finding, in both languages', () => {
    // a bought once 120 days before the as-of date: no usual gap, so the fixed windows apply and
    // 90 < 120 ≤ 180 days is at risk (defaults 90 / 180). b bought 10 days ago and 200 days ago: active or
    // at risk does not matter here, a alone fixes the count of at-risk customers at 1 or more.
    const asOf = serial('2025-12-31');
    const orders = makeOrders({
      customer: ['a', 'b', 'b'],
      date: [asOf - 120, asOf - 200, asOf - 10],
      amount: [50, 20, 30],
    });
    const r = lifecycleAnalysis.run({ orders }, common('2025-12-31'), {});
    const f = r.findings.find((x) => x.key === 'lifecycle.at_risk')!;
    expect(f.text.en).toContain(
      'overdue against their usual rhythm (at risk: 1.5–3× their usual gap since the last purchase, or 90–180 days without a usual gap)',
    );
    expect(f.text.en).toContain(
      'The CLV sheet’s “probably stopped buying” is another measure: the model’s P(alive), which cannot judge one-time buyers.',
    );
    expect(f.text['zh-CN']).toContain('无通常间隔者为 90–180 天');
  });
});
