// The Customer facts sheet's Orders and Revenue columns stay the orders and the revenue whatever RFM's F and M
// are. With `frequency: 'days'` RFM's F counts distinct purchase days, with `monetary: 'mean'` its M is the revenue
// per order; the RFM sheet then labels them so and lists the orders and revenue beside them.
// Orders written by hand: A buys 10 + 20 on 2024-03-01 and 30 on 2024-03-05 (2 days, 3 orders, 60, 20 per order);
// B buys 50 once (1 day, 1 order, 50, 50 per order).
import { describe, expect, it } from 'vitest';
import { runRfm } from '../../src/analysis/user/rfm.js';
import { buildReport } from '../../src/report/build-report.js';
import type { TableBlock } from '../../src/report/types.js';
import { common, makeOrders, serial } from '../analysis/helpers.js';
import { context } from './fixtures.js';

const orders = makeOrders({
  customer: ['A', 'A', 'A', 'B'],
  date: ['2024-03-01', '2024-03-01', '2024-03-05', '2024-03-02'].map(serial),
  amount: [10, 20, 30, 50],
  orderId: ['o1', 'o2', 'o3', 'o4'],
});

function facts(options: Record<string, unknown>): Record<string, unknown>[] {
  const rfm = runRfm({ orders }, common('2024-12-31'), options);
  const report = buildReport([rfm], context('en'));
  const block = report.sheets
    .find((s) => s.key === 'customer-facts')!
    .blocks.find((b): b is TableBlock => b.type === 'table')!;
  const keys = block.columns.map((c) => c.key);
  return block.rows.map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j]])));
}

describe('Customer facts: orders and revenue under every RFM measure', () => {
  it('by orders and total revenue (the defaults)', () => {
    const rows = facts({});
    expect(rows.map((r) => [r.customer, r.orders, r.revenue])).toEqual([
      ['A', 3, 60],
      ['B', 1, 50],
    ]);
  });

  it('by purchase days and revenue per order', () => {
    const rfm = runRfm({ orders }, common('2024-12-31'), { frequency: 'days', monetary: 'mean' });
    const table = rfm.tables.find((t) => t.name === 'customers')!;
    const label = (key: string) => table.columns.find((c) => c.key === key)!.label.en;
    expect([label('frequency'), label('monetary'), label('orders'), label('revenue')]).toEqual([
      'Purchase days',
      'Revenue per order',
      'Orders',
      'Revenue',
    ]);
    // B (50 per order) ranks above A (20 per order) by M.
    expect(table.rows.map((r) => [r.customer_id, r.frequency, r.monetary, r.orders, r.revenue])).toEqual([
      ['B', 1, 50, 1, 50],
      ['A', 2, 20, 3, 60],
    ]);
    expect(facts({ frequency: 'days', monetary: 'mean' }).map((r) => [r.customer, r.orders, r.revenue])).toEqual([
      ['B', 1, 50],
      ['A', 3, 60],
    ]);
  });
});
