import { describe, expect, it } from 'vitest';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { summarizeCustomers, summaryDiagnostics } from '../../../src/analysis/user/customer-summary.js';
import type { Diagnostic } from '../../../src/types.js';
import { makeOrders, serial } from '../helpers.js';
import { CDNOW_CAL_END, cdnowOrders, cdnowPublishedSummary } from './cdnow.js';

describe('customer summary', () => {
  it('reproduces cdnow_customers_summary_with_transactions.csv from CDNOW_sample.txt', () => {
    // Source: tests/reference-data/README.md — same-day purchases merged, calibration ends 1997-09-30, weeks;
    // x, t_x, T equal to 2 decimals, zbar within 0.006.
    const d: Diagnostic[] = [];
    const o = readOrders({ orders: cdnowOrders() }, d)!;
    const s = summarizeCustomers(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: CDNOW_CAL_END });
    const pub = cdnowPublishedSummary();
    expect(s.ids.length).toBe(2357);
    const at = new Map(s.ids.map((id, i) => [id, i]));
    let worstZ = 0;
    for (const p of pub) {
      const i = at.get(p.ID)!;
      expect(s.x[i]).toBe(p.x);
      expect(Math.abs(s.t_x[i] - p.t_x)).toBeLessThan(0.005 + 1e-9);
      expect(Math.abs(s.T[i] - p.T)).toBeLessThan(0.005 + 1e-9);
      worstZ = Math.max(worstZ, Math.abs(s.zbar[i] - p.zbar));
    }
    expect(worstZ).toBeLessThan(0.006);
  });

  const orders = () =>
    makeOrders({
      customer: ['a', 'a', 'a', 'a', 'b', 'b', null, 'c'],
      date: [0, 0, 7, 21, 3, 10, 5, 40].map((v) => v + serial('2024-01-01')),
      amount: [10, 5, 20, 30, 8, -8, 1, 99],
    });

  it('merges same-day purchases and nets refunds (computed by hand)', () => {
    const d: Diagnostic[] = [];
    const o = readOrders({ orders: orders() }, d)!;
    expect(d.map((x) => x.code)).toEqual(['user.rows_skipped']);
    expect(d[0].where?.rows).toEqual([8]); // 7th data row → Excel row 8
    const asOf = serial('2024-01-29'); // day 28
    const s = summarizeCustomers(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf });
    expect(s.ids).toEqual(['a', 'b']); // c buys after as-of
    // a: events day 0 (15), 7 (20), 21 (30) → x 2, t_x 3 w, T 4 w, zbar 25, revenue 65, orders 4
    expect([s.x[0], s.t_x[0], s.T[0], s.zbar[0], s.revenue[0], s.orders[0], s.days[0]]).toEqual([
      2, 3, 4, 25, 65, 4, 3,
    ]);
    // b: one purchase of 8 and a refund of 8 → x 0, revenue 0
    expect([s.x[1], s.revenue[1], s.recency[1]]).toEqual([0, 0, 25]);
    expect(s.refundRows).toBe(1);
    expect(s.futureRows).toBe(1);
    const ex = summarizeCustomers(o, { refunds: 'exclude', mergeSameDay: false, timeUnit: 'days', asOf });
    expect([ex.x[0], ex.t_x[0], ex.zbar[0], ex.revenue[1]]).toEqual([3, 21, (5 + 20 + 30) / 3, 8]);
  });

  it('gives the same summary whatever order the rows come in', () => {
    // The hand-computed example above, rows reversed: each customer's rows must be put in date order
    // again (the summary sorts a customer's rows only when they are out of order).
    const asOf = serial('2024-01-29');
    const sorted = summarizeCustomers(readOrders({ orders: orders() }, [])!, {
      refunds: 'net',
      mergeSameDay: true,
      timeUnit: 'weeks',
      asOf,
    });
    const reversed = summarizeCustomers(
      readOrders(
        {
          orders: makeOrders({
            customer: ['c', null, 'b', 'b', 'a', 'a', 'a', 'a'],
            date: [40, 5, 10, 3, 21, 7, 0, 0].map((v) => v + serial('2024-01-01')),
            amount: [99, 1, -8, 8, 30, 20, 5, 10],
          }),
        },
        [],
      )!,
      { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf },
    );
    const at = reversed.ids.indexOf('a');
    expect([reversed.x[at], reversed.t_x[at], reversed.T[at], reversed.zbar[at], reversed.revenue[at]]).toEqual([
      2, 3, 4, 25, 65,
    ]);
    expect([sorted.x[0], sorted.t_x[0], sorted.zbar[0]]).toEqual([reversed.x[at], reversed.t_x[at], reversed.zbar[at]]);
  });

  it('splits calibration and holdout', () => {
    const o = readOrders({ orders: orders() }, [])!;
    const s = summarizeCustomers(o, {
      refunds: 'net',
      mergeSameDay: true,
      timeUnit: 'days',
      asOf: serial('2024-03-01'),
      calibrationEnd: serial('2024-01-08'),
    });
    expect(s.ids).toEqual(['a', 'b']);
    expect([s.x[0], s.holdout[0], s.T[0]]).toEqual([1, 1, 7]);
    expect([s.holdout[1]]).toEqual([0]); // refund is not a purchase
  });

  it('all refunds and empty input give clear diagnostics, never NaN', () => {
    const o = readOrders({ orders: makeOrders({ customer: ['a'], date: [45000], amount: [-5] }) }, [])!;
    const opts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'days' as const, asOf: 45100 };
    const s = summarizeCustomers(o, opts);
    expect(s.ids).toEqual([]);
    expect(summaryDiagnostics(s, o, opts).map((x) => x.code)).toEqual(['user.refunds', 'user.no_purchases']);
    const e = readOrders({ orders: makeOrders({ customer: [], date: [], amount: [] }) }, [])!;
    const se = summarizeCustomers(e, opts);
    expect(summaryDiagnostics(se, e, opts).map((x) => x.code)).toEqual(['user.no_purchases']);
    const missing: Diagnostic[] = [];
    expect(readOrders({}, missing)).toBeNull();
    expect(missing[0].code).toBe('user.no_orders');
  });
});
