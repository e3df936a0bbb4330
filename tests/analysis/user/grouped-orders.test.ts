/**
 * groupedOrders: the purchase columns in groupByCustomer's order (customers in order of first appearance, each
 * customer's rows in table order). The expected arrays are written by hand from the tables below; the second is read
 * through the .csv reader, so that its order ids come as the reader's dictionary codes (OrderArrays.orderCode).
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/index.js';
import { distinctOrders, groupByCustomer, groupedOrders, readOrders } from '../../../src/analysis/user/orders.js';
import { summarizeCustomers } from '../../../src/analysis/user/customer-summary.js';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';
import { makeOrders } from '../helpers.js';

describe('groupedOrders', () => {
  it('holds row idx[j] of each column at position j (computed by hand)', () => {
    const o = readOrders(
      {
        orders: makeOrders({
          customer: ['b', 'a', 'b', 'a', 'c'],
          date: [45300, 45301, 45302, 45299, 45310],
          amount: [10, 20, -5, 40, 50],
        }),
      },
      [],
    )!;
    const g = groupedOrders(o);
    // Customers b (rows 0, 2), a (rows 1, 3), c (row 4).
    expect(Array.from(g.start)).toEqual([0, 2, 4, 5]);
    expect(Array.from(g.idx)).toEqual([0, 2, 1, 3, 4]);
    expect(Array.from(g.date)).toEqual([45300, 45302, 45301, 45299, 45310]);
    expect(Array.from(g.amount)).toEqual([10, -5, 20, 40, 50]);
    expect(Array.from(g.refund)).toEqual([0, 1, 0, 0, 0]); // the negative amount is a refund
    expect(g.orderCode).toBeNull(); // no order_id column
    // groupByCustomer's grouping itself, made once and shared.
    expect(g.idx).toBe(groupByCustomer(o).idx);
    expect(groupedOrders(o)).toBe(g);
  });

  it('carries the order codes of a .csv in the same order', () => {
    const csv =
      'order_id,customer_id,order_date,amount\nA1,c1,2024-01-02,10\nA2,c2,2024-01-03,20\nA3,c1,2024-01-04,30\n';
    const grid = csvBytesToGrid(Buffer.from(csv), 'orders').grid!;
    const o = readOrders({ orders: ingestGrid(grid) }, [])!;
    const g = groupedOrders(o);
    // c1: rows 0 and 2 (orders A1, A3); c2: row 1 (A2). Three distinct orders, three distinct codes.
    const code = Array.from(o.orderCode!);
    expect(new Set(code).size).toBe(3);
    expect(Array.from(g.idx)).toEqual([0, 2, 1]);
    expect(g.orderCode && Array.from(g.orderCode)).toEqual([code[0], code[2], code[1]]);
    expect(Array.from(g.amount)).toEqual([10, 30, 20]);
  });
});

describe('groupedOrders made in one pass', () => {
  it('equals the grouping made first and the columns gathered through it', () => {
    // The same .csv read twice: one read grouped first (groupByCustomer, then the gather), the other asked for the
    // columns at once (the one-pass scatter). Both must hold the same arrays; customers c2 and c1 interleave.
    const csv =
      'order_id,customer_id,order_date,amount\nA1,c2,2024-01-02,10\nA2,c1,2024-01-03,-20\nA3,c2,2024-01-01,30\nA3,c3,2024-01-05,5\nA4,c1,2024-01-04,7\n';
    const read = () => readOrders({ orders: ingestGrid(csvBytesToGrid(Buffer.from(csv), 'orders').grid!) }, [])!;
    const a = read(),
      b = read();
    groupByCustomer(a);
    const ga = groupedOrders(a),
      gb = groupedOrders(b);
    expect(gb.idx).toBe(groupByCustomer(b).idx);
    expect(Array.from(gb.idx)).toEqual([0, 2, 1, 4, 3]); // by hand: c2 rows 0, 2; c1 rows 1, 4; c3 row 3
    for (const k of ['start', 'idx', 'date', 'amount', 'refund', 'orderCode'] as const)
      expect(Array.from(gb[k] ?? []), k).toEqual(Array.from(ga[k] ?? []));
    expect(Array.from(gb.refund)).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('group starts', () => {
  it('come from the rows per customer the orders read counted, or are counted again when a row was left out', () => {
    // By hand: c2 has rows 0 and 2, c1 rows 1 and 4, c3 row 3 → starts 0, 2, 4, 5. plainOrders counts them while it
    // reads every row; with a row left out (no customer on row 2 of the second table) the grouping counts the rows
    // kept itself: c2 rows 0 (and none more), c1 rows 1, 3 → starts 0, 1, 3, 4.
    const read = (csv: string) =>
      readOrders({ orders: ingestGrid(csvBytesToGrid(Buffer.from(csv), 'orders').grid!) }, [])!;
    const head = 'order_id,customer_id,order_date,amount\n';
    const every = read(
      `${head}A1,c2,2024-01-02,10\nA2,c1,2024-01-03,20\nA3,c2,2024-01-01,30\nA4,c3,2024-01-05,5\nA5,c1,2024-01-04,7\n`,
    );
    expect(Array.from(groupByCustomer(every).start)).toEqual([0, 2, 4, 5]);
    const gap = read(
      `${head}A1,c2,2024-01-02,10\nA2,c1,2024-01-03,20\nA3,,2024-01-01,30\nA4,c3,2024-01-05,5\nA5,c1,2024-01-04,7\n`,
    );
    expect(gap.code.length).toBe(4);
    expect(Array.from(groupByCustomer(gap).start)).toEqual([0, 1, 3, 4]);
  });
});

describe('distinctOrders', () => {
  const read = (csv: string) =>
    readOrders({ orders: ingestGrid(csvBytesToGrid(Buffer.from(csv), 'orders').grid!) }, [])!;
  const head = 'order_id,customer_id,order_date,amount\n';

  it('is true only when no two rows share an order id, and the summaries count orders the same either way', () => {
    // By hand: c1 has orders A1 and A3 (A3 on two lines, one order), c2 has A2; three orders, four rows.
    const shared = read(`${head}A1,c1,2024-01-02,10\nA2,c2,2024-01-03,20\nA3,c1,2024-01-04,30\nA3,c1,2024-01-04,5\n`);
    const distinct = read(`${head}A1,c1,2024-01-02,10\nA2,c2,2024-01-03,20\nA3,c1,2024-01-04,30\nA4,c1,2024-01-04,5\n`);
    expect(distinctOrders(groupedOrders(shared))).toBe(false);
    expect(distinctOrders(groupedOrders(distinct))).toBe(true);
    const opts = { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf: 45400 } as const;
    expect(Array.from(summarizeCustomers(shared, opts).orders)).toEqual([2, 1]);
    expect(Array.from(summarizeCustomers(distinct, opts).orders)).toEqual([3, 1]);
    // Without order codes (no .csv dictionary): not known.
    const plain = readOrders(
      { orders: makeOrders({ customer: ['a'], date: [45300], amount: [1], orderId: ['X'] }) },
      [],
    )!;
    expect(distinctOrders(groupedOrders(plain))).toBe(false);
  });
});
