/**
 * Difference in differences on generated data with a known effect: participants (half the customers, drawn
 * at random) get one extra order of 100 with probability 0.5 in the after-window, so the true effect is
 * +0.5 purchases and +50 spend per participant. The estimate's interval must cover it, and cover 0 when
 * nothing is planted. Seeded (mulberry32), so the test is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { runBeforeAfter } from '../../../src/analysis/loop/before-after.js';
import { mulberry32 } from '../../../src/stats/random.js';
import { makeDataset, makeOrders } from '../helpers.js';

const BASE = 45292; // Excel =DATE(2024,1,1)

function generate(seed: number, effect: boolean) {
  const rng = mulberry32(seed);
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  const touchCustomer: string[] = [],
    touchTime: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = `c${i}`;
    const rate = 0.005 + rng() * 0.04; // purchases per day, customers differ
    const first = Math.floor(rng() * 140);
    for (let d = first; d < 400; d += Math.max(1, Math.floor(-Math.log(1 - rng()) / rate))) {
      customer.push(id);
      date.push(BASE + d);
      amount.push(Math.round(50 + rng() * 100));
    }
    if (rng() < 0.5) {
      touchCustomer.push(id);
      touchTime.push(BASE + 200 + rng() * 0.5);
      if (effect && rng() < 0.5) {
        customer.push(id);
        date.push(BASE + 210 + Math.floor(rng() * 150));
        amount.push(100);
      }
    }
  }
  const orders = makeOrders({ customer, date, amount });
  const touchpoints = makeDataset('touchpoints', [
    { name: 'customer_id', role: 'customer_id', values: touchCustomer },
    { name: 'channel', role: 'channel', values: touchCustomer.map(() => 'Email') },
    { name: 'timestamp', role: 'timestamp', values: touchTime },
  ]);
  return { orders, touchpoints };
}

const common = { asOf: BASE + 399, currency: 'USD', lang: 'en' as const };

describe('difference in differences on generated data', () => {
  it('covers the planted effect (+0.5 purchases, +50 spend per participant)', () => {
    const inputs = generate(7, true);
    // Windows: campaign on day 200 only, followDays 199 → after = days 200–399, before = days 0–199.
    const res = runBeforeAfter(inputs, common, { followDays: 199 });
    const did = (table: string) => res.tables.find((t) => t.name === table)!.rows.at(-1)!;
    const spend = did('did_spend'),
      orders = did('did_purchases');
    expect(res.figures.find((f) => f.key === 'window_days')!.value).toBe(200);
    expect(spend.ci_low as number).toBeLessThan(50);
    expect(spend.ci_high as number).toBeGreaterThan(50);
    expect(spend.ci_low as number).toBeGreaterThan(0); // 1,500 participants are enough to see it
    expect(orders.ci_low as number).toBeLessThan(0.5);
    expect(orders.ci_high as number).toBeGreaterThan(0.5);
    const f = res.findings.find((x) => x.key.startsWith('loop.before_after.spend'))!;
    expect(f.observational).toBe(true);
    expect(f.atStake).toBeGreaterThan(0);
  });

  it('covers zero when nothing is planted, and claims no money', () => {
    const res = runBeforeAfter(generate(11, false), common, { followDays: 199 });
    const spend = res.tables.find((t) => t.name === 'did_spend')!.rows.at(-1)!;
    expect(spend.ci_low as number).toBeLessThan(0);
    expect(spend.ci_high as number).toBeGreaterThan(0);
    expect(res.findings.find((x) => x.key.startsWith('loop.before_after.spend'))!.atStake).toBeNull();
  });
});
