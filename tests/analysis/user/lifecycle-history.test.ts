// Purchase histories and median gaps on the few-orders path (insertion sort) and the long path (> 32 orders,
// a typed-array sort): each expected figure is worked out by hand in its comment.
import { describe, expect, it } from 'vitest';
import { medianGap, purchaseHistory } from '../../../src/analysis/user/lifecycle.js';

/** `purchaseHistory` of rows [customer code, day, amount, refund] over 40 days, no order ids or channels. */
function historyOf(rows: [number, number, number, number][], customers: string[]): ReturnType<typeof purchaseHistory> {
  return purchaseHistory(
    {
      code: Int32Array.from(rows.map((r) => r[0])),
      customers,
      date: Float64Array.from(rows.map((r) => r[1])),
      amount: Float64Array.from(rows.map((r) => r[2])),
      refund: Uint8Array.from(rows.map((r) => r[3])),
      orderId: null,
      channel: null,
    } as Parameters<typeof purchaseHistory>[0],
    40,
  );
}

describe('medianGap', () => {
  it('takes the Excel MEDIAN of the gaps between the first n days, in any order of gap sizes', () => {
    // Days 0, 10, 13, 33, 34: gaps 10, 3, 20, 1 → sorted 1, 3, 10, 20 → MEDIAN = (3 + 10) / 2 = 6.5.
    expect(medianGap([0, 10, 13, 33, 34], 5, 2)).toBe(6.5);
    // The first 4 days only: gaps 10, 3, 20 → MEDIAN = 10.
    expect(medianGap([0, 10, 13, 33, 34], 4, 2)).toBe(10);
    expect(medianGap([0, 10], 2, 2)).toBeNull(); // one gap, two needed
  });

  it('gives the same median past 32 gaps (gaps 1..40 shuffled: MEDIAN = 20.5)', () => {
    const gaps = Array.from({ length: 40 }, (_, i) => ((i * 17) % 40) + 1); // a permutation of 1..40
    const days = [0];
    for (const g of gaps) days.push(days[days.length - 1] + g);
    expect(medianGap(days, days.length, 2, new Float64Array(64))).toBe(20.5);
    expect(medianGap(days, 34, 2)).toBe([...gaps.slice(0, 33)].sort((a, b) => a - b)[16]);
  });
});

describe('purchaseHistory', () => {
  it('lists each customer’s unique purchase days ascending, refunds only in revenue, nothing after as-of', () => {
    // Customer a: orders on days 5, 3, 5, 9 (amounts 10, 20, 30, 40) and a refund of 15 on day 4; day 50 is after
    // as-of 40. Days 3, 5, 9; revenue 10 + 20 + 30 + 40 − 15 = 85.
    // Customer b: 40 orders on days 40, 39, …, 1 (1 each): days 1..40 ascending, revenue 40.
    const rows: [number, number, number, number][] = [
      [0, 5, 10, 0],
      [0, 3, 20, 0],
      [0, 5, 30, 0],
      [0, 4, 15, 1],
      [0, 9, 40, 0],
      [0, 50, 99, 0],
      ...Array.from({ length: 40 }, (_, i): [number, number, number, number] => [1, 40 - i + 0.5, 1, 0]),
    ];
    const h = historyOf(rows, ['a', 'b']);
    expect(h.customers).toEqual(['a', 'b']);
    expect(Array.from(h.start)).toEqual([0, 3, 43]);
    expect(Array.from(h.days.subarray(0, 3))).toEqual([3, 5, 9]);
    expect(Array.from(h.days.subarray(3))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(Array.from(h.revenue)).toEqual([85, 40]);
  });

  it('reads the rows of customers interleaved in the table by customer (rows by hand)', () => {
    // Rows: a day 7 (10), b day 2 (5), a day 3 (20), b day 4 refund of 3, c day 1 (8), a day 7 (1), b day 2 (6).
    // a: days 3, 7 (7 twice), revenue 10 + 20 + 1 = 31; b: day 2 (twice), refund → revenue 5 − 3 + 6 = 8; c: day 1, 8.
    const rows: [number, number, number, number][] = [
      [0, 7, 10, 0],
      [1, 2, 5, 0],
      [0, 3, 20, 0],
      [1, 4, -3, 1],
      [2, 1, 8, 0],
      [0, 7.5, 1, 0],
      [1, 2, 6, 0],
    ];
    const h = historyOf(rows, ['a', 'b', 'c']);
    expect(h.customers).toEqual(['a', 'b', 'c']);
    expect(Array.from(h.start)).toEqual([0, 2, 3, 4]);
    expect(Array.from(h.days)).toEqual([3, 7, 2, 1]);
    expect(Array.from(h.revenue)).toEqual([31, 8, 8]);
  });
});
