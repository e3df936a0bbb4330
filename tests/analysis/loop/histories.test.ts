import { describe, expect, it } from 'vitest';
import { buildHistories } from '../../../src/analysis/loop/common.js';
import type { OrderArrays } from '../../../src/analysis/user/orders.js';
import { mulberry32 } from '../../../src/stats/random.js';

/**
 * The histories as first written (reference): each customer's rows in row order through the plain grouping, refunds
 * left out, sorted by date (ties by row) when out of order, a repeated order id (as text) in a row kept once.
 */
function reference(o: OrderArrays): { start: number[]; day: number[]; amount: number[] } {
  const groups: number[][] = o.customers.map(() => []);
  for (let i = 0; i < o.code.length; i++) groups[o.code[i]].push(i);
  const start = [0],
    day: number[] = [],
    amount: number[] = [];
  for (const g of groups) {
    const rows = g.filter((i) => !o.refund[i]).sort((a, b) => o.date[a] - o.date[b] || a - b);
    let prev: string | null = null;
    for (const i of rows) {
      const id = o.orderId ? o.orderId[i] : null;
      if (o.orderId && id !== null && id === prev) continue;
      prev = id;
      day.push(Math.floor(o.date[i]));
      amount.push(o.amount[i]);
    }
    start.push(day.length);
  }
  return { start, day, amount };
}

/** Orders of `nC` customers in random row order; customers below `nC / 2` have their rows in date order. */
function randomOrders(seed: number, n: number, nC: number, coded: boolean): OrderArrays {
  const rnd = mulberry32(seed);
  const code = new Int32Array(n),
    date = new Float64Array(n),
    amount = new Float64Array(n),
    refund = new Uint8Array(n),
    orderCode = new Int32Array(n);
  const orderId: (string | null)[] = [];
  const last = new Float64Array(nC);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * nC);
    code[i] = c;
    const inOrder = c < nC / 2;
    // Whole days mostly, some with a time of day; ties on the same day are common.
    const d = inOrder ? last[c] + Math.floor(rnd() * 3) : 45_000 + Math.floor(rnd() * 20);
    date[i] = rnd() < 0.2 ? d + 0.5 : d;
    if (inOrder) last[c] = d;
    amount[i] = Math.round(rnd() * 10_000) / 100;
    refund[i] = rnd() < 0.1 ? 1 : 0;
    if (refund[i]) amount[i] = -amount[i];
    // Order ids: blank sometimes, the previous row's id sometimes (a line entered twice), else new.
    const r = rnd();
    const id = r < 0.1 ? null : r < 0.3 && i > 0 ? orderId[i - 1] : `O${i}`;
    orderId.push(id);
    if (id !== null && !ids.includes(id)) ids.push(id);
    orderCode[i] = id === null ? -1 : ids.indexOf(id);
  }
  return {
    code,
    customers: Array.from({ length: nC }, (_, c) => `C${c}`),
    date,
    amount,
    refund,
    orderId,
    ...(coded ? { orderCode, orderCodes: ids.length } : {}),
    channel: null,
    source: Int32Array.from({ length: n }, (_, i) => i),
    dataset: null as unknown as OrderArrays['dataset'],
  };
}

describe('purchase histories from the grouped columns', () => {
  // Reference: the first implementation (above), on random orders; both paths (rows already in date order, taken
  // in place; rows out of order, sorted) and both ways of telling a repeated order (by code, by id text).
  for (const coded of [true, false])
    it(`equal the plain per-row build (order ids ${coded ? 'coded' : 'as text'})`, () => {
      for (const seed of [1, 2, 3]) {
        const o = randomOrders(seed, 2000, 60, coded);
        const h = buildHistories(o);
        const want = reference(o);
        expect(Array.from(h.start)).toEqual(want.start);
        expect(Array.from(h.day)).toEqual(want.day);
        expect(Array.from(h.amount)).toEqual(want.amount);
      }
    });

  it('drop a refund and a repeated order among rows in date order (by hand)', () => {
    // Customer a: days 1, 2 (refund), 3, 3 (same order O3 again), 4.5 → days 1, 3, 4 with amounts 10, 30, 40.
    const o: OrderArrays = {
      code: Int32Array.from([0, 0, 0, 0, 0]),
      customers: ['a'],
      date: Float64Array.from([1, 2, 3, 3, 4.5]),
      amount: Float64Array.from([10, -20, 30, 30, 40]),
      refund: Uint8Array.from([0, 1, 0, 0, 0]),
      orderId: ['O1', 'O2', 'O3', 'O3', 'O4'],
      orderCode: Int32Array.from([0, 1, 2, 2, 3]),
      orderCodes: 4,
      channel: null,
      source: Int32Array.from([0, 1, 2, 3, 4]),
      dataset: null as unknown as OrderArrays['dataset'],
    };
    const h = buildHistories(o);
    expect(Array.from(h.start)).toEqual([0, 3]);
    expect(Array.from(h.day)).toEqual([1, 3, 4]);
    expect(Array.from(h.amount)).toEqual([10, 30, 40]);
  });
});
