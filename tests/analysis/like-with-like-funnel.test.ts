/**
 * Findings compare like with like (issue 18, item 4), rule 3: the funnel's "biggest loss" and its step rates
 * only across steps measured on the same population; a step joining two sheets is not chained, and the
 * finding names it.
 */
import { describe, expect, it } from 'vitest';
import { buildFunnel } from '../../src/analysis/marketing/funnel/index.js';
import { common, makeDataset, serial } from './helpers.js';

/** `makeDataset` on a sheet with its own name. */
const onSheet = (sheet: string, d: ReturnType<typeof makeDataset>) => ({ ...d, sheet });

// Hand-made sheets; every expected number below is counted by hand from them.
// Ads: 10,000 impressions, 100 clicks. Customers: c1 … c50 signed up.
const ads = onSheet(
  'Ads',
  makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: ['Search'] },
    { name: 'Impressions', role: 'impressions', values: [10_000] },
    { name: 'Clicks', role: 'clicks', values: [100] },
  ]),
);
const ids = Array.from({ length: 50 }, (_, i) => `c${i + 1}`);
const customers = onSheet(
  'Customers',
  makeDataset('customers', [
    { name: 'Customer', role: 'customer_id', values: ids },
    { name: 'Channel', role: 'acquisition_channel', values: ids.map(() => 'Search') },
  ]),
);

/** Orders sheet: each [customer, how many orders]; every order worth 10, on 2024-02-01 + k days. */
function orders(buyers: [string, number][]) {
  const rows: { c: string; id: string; d: number }[] = [];
  for (const [c, n] of buyers) for (let k = 0; k < n; k++) rows.push({ c, id: `${c}-${k}`, d: k });
  return onSheet(
    'Orders',
    makeDataset('orders', [
      { name: 'Customer', role: 'customer_id', values: rows.map((x) => x.c) },
      { name: 'Order', role: 'order_id', values: rows.map((x) => x.id) },
      { name: 'Date', role: 'date', values: rows.map((x) => serial('2024-02-01') + x.d), type: 'date' },
      { name: 'Amount', role: 'amount', values: rows.map(() => 10) },
    ]),
  );
}

const range = (p: string, from: number, to: number, n: number): [string, number][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [`${p}${from + i}`, n]);

describe('the funnel compares only steps measured on the same people', () => {
  it('names the step that joins two sheets in the biggest-loss finding, in both languages', () => {
    // c1 … c40 buy: c1 … c30 twice. Sign-ups 50 → first purchase 40 (80%) → repurchase 30 (75%).
    // Clicks 100 → sign-ups 50 would read "50%" but divides ad clicks by customers: not a step.
    const r = buildFunnel(
      { campaigns: ads, customers, orders: orders([...range('c', 1, 30, 2), ...range('c', 31, 40, 1)]) },
      common('2024-12-31'),
    );
    const w = r.findings.find((f) => f.key === 'weakest-step')!;
    expect(w.text.en).toBe(
      'Among the steps measured on the same people, the biggest loss is from first purchase to repurchase: only 75.0% go on (10 lost). Not compared, because the two steps count different people over different dates: clicks → sign-ups (Ads / Customers).',
    );
    expect(w.text['zh-CN']).toBe(
      '在针对同一批人统计的步骤中，流失最大的一步是从首次购买到复购：只有 75.0% 继续（流失 10）。以下步骤前后统计的人群和时间不同，未作比较：点击 → 注册（Ads / Customers）。',
    );
    const rates = r.tables.find((t) => t.name === 'step_rates')!;
    // Impressions → clicks 100 / 10,000; clicks → sign-ups none; 40 / 50; 30 / 40.
    expect(rates.rows.map((x) => x.rate)).toEqual([100 / 10_000, null, 40 / 50, 30 / 40]);
    expect(rates.note?.en).toContain('clicks → sign-ups (Ads / Customers)');
    // End to end within the customers: 30 repurchasers of 50 sign-ups, not 30 of 10,000 impressions.
    expect(r.figures.find((f) => f.key === 'end_to_end')!.value).toBeCloseTo(30 / 50, 12);
  });

  it('does not chain sign-ups to buyers who are not on the customers sheet', () => {
    // c1 … c20 buy (c1 … c18 twice); x1 … x5 are not on Customers and buy twice. Buyers 25, repurchasers 23.
    // Sign-ups 50 → buyers 25 would read "50%, 25 lost", the smallest rate, but 5 of the 25 never signed up:
    // the biggest loss among one population is first purchase → repurchase, 23 / 25 = 92%, 2 lost.
    const r = buildFunnel(
      {
        campaigns: ads,
        customers,
        orders: orders([...range('c', 1, 18, 2), ...range('c', 19, 20, 1), ...range('x', 1, 5, 2)]),
      },
      common('2024-12-31'),
    );
    const w = r.findings.find((f) => f.key === 'weakest-step')!;
    expect(w.text.en).toBe(
      'Among the steps measured on the same people, the biggest loss is from first purchase to repurchase: only 92.0% go on (2 lost). Not compared, because the two steps count different people over different dates: clicks → sign-ups (Ads / Customers); sign-ups → first purchase (5 buyers are not on Customers).',
    );
    expect(w.text['zh-CN']).toContain('注册 → 首次购买（5 位购买客户不在 Customers 中）');
    const steps = r.tables.find((t) => t.name === 'steps')!;
    expect(steps.rows.map((x) => x.step_conversion)).toEqual([null, 100 / 10_000, null, null, 23 / 25]);
    // Only the last run of one population remains end to end: 23 of 25 buyers.
    expect(r.figures.find((f) => f.key === 'end_to_end')!.value).toBeCloseTo(23 / 25, 12);
  });

  it('keeps the plain wording when every step is counted on the same people', () => {
    // Customers and orders only: sign-ups 50 → buyers 40 (80%) → repurchase 30 (75%).
    const r = buildFunnel(
      { customers, orders: orders([...range('c', 1, 30, 2), ...range('c', 31, 40, 1)]) },
      common('2024-12-31'),
    );
    expect(r.findings.find((f) => f.key === 'weakest-step')!.text.en).toBe(
      'The biggest loss is from first purchase to repurchase: only 75.0% go on (10 lost).',
    );
    expect(r.figures.find((f) => f.key === 'end_to_end')!.value).toBeCloseTo(30 / 50, 12);
  });
});
