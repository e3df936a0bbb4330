/**
 * RFM reads what it has ordered already: the monetary edges through the customers' descending monetary order
 * (scoreRfm's `monetaryOrder`) instead of a sort of the values, and the customers sheet's rows as one object literal
 * each instead of `rowOfFields`. Both against the plain forms they replace: the edges of the sorted values
 * (scoreRfm without an order: `Float64Array.sort` and type-7 quantiles, whose by-hand examples are in rfm.test.ts),
 * and the rows of the full table, which `rowOfFields` builds from the same `fields`.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/stats/random.js';
import { runRfm, scoreRfm } from '../../../src/analysis/user/rfm.js';
import { descendingOrder } from '../../../src/analysis/common/descending.js';
import { fullTableOf } from '../../../src/analysis/common/index.js';
import type { Lang } from '../../../src/types.js';
import { common, makeOrders } from '../helpers.js';

/** n customers' measures drawn with a fixed seed: whole-cent revenues with ties, some ≤ 0 (refunds net), a −0. */
function draw(n: number, seed: number) {
  const next = mulberry32(seed);
  const ids = Array.from({ length: n }, (_, i) => `c${(i * 7919) % n}`);
  const recency = Float64Array.from({ length: n }, () => Math.floor(next() * 700));
  const orders = Int32Array.from({ length: n }, () => 1 + Math.floor(next() ** 3 * 20));
  const revenue = Float64Array.from(orders, (o) => Math.round(o * next() * 40) / 4 - (next() < 0.05 ? 30 : 0));
  revenue[n >> 1] = -0;
  return { ids, recency, orders, revenue };
}

describe('RFM monetary edges read through the descending order', () => {
  for (const [n, seed, bins] of [
    [1, 1, 5],
    [2, 2, 4],
    [7, 3, 5],
    [3000, 4, 5],
    [3001, 5, 4],
  ] as const) {
    it(`equal the sorted values' edges (${n} customers, ${bins} bins)`, () => {
      const { ids, recency, orders, revenue } = draw(n, seed);
      const order = descendingOrder(revenue, ids);
      const plain = scoreRfm(recency, orders, revenue, bins);
      const read = scoreRfm(recency, orders, revenue, bins, order);
      expect(read.edges).toEqual(plain.edges);
      expect(Array.from(read.m)).toEqual(Array.from(plain.m));
    });
  }

  it('with a NaN (no order of the values): the edges of the sort, NaN last', () => {
    const { ids, recency, orders, revenue } = draw(500, 6);
    revenue[3] = NaN;
    const plain = scoreRfm(recency, orders, revenue, 5);
    const read = scoreRfm(recency, orders, revenue, 5, descendingOrder(revenue, ids));
    expect(read.edges.monetary).toEqual(plain.edges.monetary);
  });

  it('by hand: revenue 10, 40, 20, 30, 50 → type-7 quintiles 18, 26, 34, 42, plus 1', () => {
    const revenue = [10, 40, 20, 30, 50];
    const order = descendingOrder(revenue, ['a', 'b', 'c', 'd', 'e']);
    const sc = scoreRfm([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], revenue, 5, Int32Array.from(order));
    expect(sc.edges.monetary).toEqual([19, 27, 35, 43]);
    expect(Array.from(sc.m)).toEqual([1, 4, 2, 3, 5]);
  });
});

describe('RFM customers sheet rows', () => {
  // 400 customers, a few orders each; the sheet shows 60 of them, the full table every one.
  const next = mulberry32(11);
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  for (let c = 0; c < 400; c++)
    for (let k = 1 + Math.floor(next() * 4); k > 0; k--) {
      customer.push(`C${(c * 37) % 400}`);
      date.push(45000 + Math.floor(next() * 600));
      amount.push(Math.round(next() * 20000) / 100);
    }
  const ds = makeOrders({ customer, date, amount });
  for (const lang of ['en', 'zh-CN'] as Lang[])
    for (const options of [{}, { frequency: 'days' as const }, { monetary: 'mean' as const }])
      it(`are the full table's rows, keys in order (${lang}, ${JSON.stringify(options)})`, () => {
        const res = runRfm({ orders: ds }, { ...common('2026-12-31'), lang }, { ...options, maxCustomerRows: 60 });
        const table = res.tables.find((x) => x.name === 'customers')!;
        const full = fullTableOf(table)!;
        expect(table.rows.length).toBe(60);
        expect(full.rows).toBe(400);
        for (let k = 0; k < table.rows.length; k++) {
          expect(Object.keys(table.rows[k])).toEqual(table.columns.map((c) => c.key));
          expect(table.rows[k]).toEqual(full.row(k));
        }
        if (lang === 'zh-CN') expect(table.rows[0].rfm_class).toMatch(/客户/);
      });
});
