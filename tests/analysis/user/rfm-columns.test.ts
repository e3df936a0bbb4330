/**
 * scoreRfm and segmentCustomers work in whole columns (scores by binAll, segment sums in arrays per segment); here
 * against the plain forms they replace, written out in this file or kept beside (scoreRfmEach: binOf per value), on
 * customers drawn with a fixed seed. The by-hand examples of both are in rfm.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/stats/random.js';
import {
  RFM_DEFAULTS,
  rfmAverages,
  scoreRfm,
  scoreRfmEach,
  segmentCustomers,
  type RfmMeasures,
} from '../../../src/analysis/user/rfm.js';
import type { CustomerSummary } from '../../../src/analysis/user/customer-summary.js';
import { businessSegment, rfmClass, rfmSegment } from '../../../src/analysis/user/segment-maps.js';

function measures(n: number, seed: number, bins: 4 | 5): RfmMeasures {
  const next = mulberry32(seed);
  const orders = Int32Array.from({ length: n }, () => 1 + Math.floor(next() ** 3 * 20));
  const revenue = Float64Array.from(orders, (o) => Math.round(o * next() * 9000) / 100 - (next() < 0.02 ? 50 : 0));
  const recency = Float64Array.from({ length: n }, () => Math.floor(next() * 700));
  const s = {
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    orders,
    revenue,
    recency,
  } as unknown as CustomerSummary;
  return { s, freq: orders, mon: revenue, scores: scoreRfm(recency, orders, revenue, bins) };
}

describe('RFM in whole columns', () => {
  for (const bins of [4, 5] as const) {
    it(`scores as binOf does value by value (${bins} bins)`, () => {
      const m = measures(3000, bins, bins);
      const each = scoreRfmEach(m.s.recency, m.freq, m.mon, bins);
      expect(Array.from(m.scores.r)).toEqual(Array.from(each.r));
      expect(Array.from(m.scores.f)).toEqual(Array.from(each.f));
      expect(Array.from(m.scores.m)).toEqual(Array.from(each.m));
    });

    it(`segments and sums as one Group object per segment did (${bins} bins)`, () => {
      const m = measures(3000, 40 + bins, bins);
      const business = { ...RFM_DEFAULTS.business, newMaxOrders: 2 };
      const got = segmentCustomers(m, { bins, business });
      // The plain form: each customer's keys, and a Group added to in customer order, Maps in order first met.
      const avg = rfmAverages(m);
      const { s, freq, mon, scores: sc } = m;
      const groups = [new Map(), new Map(), new Map()] as Map<string, Record<string, number>>[];
      const keys: string[][] = [[], [], []];
      for (let i = 0; i < s.ids.length; i++) {
        const k = [
          rfmSegment(sc.r[i], sc.f[i], sc.m[i]),
          businessSegment(sc.r[i], sc.f[i], sc.m[i], s.orders[i], business),
          rfmClass(s.recency[i], freq[i], mon[i], avg),
        ];
        k.forEach((key, map) => {
          keys[map].push(key);
          let g = groups[map].get(key);
          if (!g)
            groups[map].set(key, (g = { customers: 0, orders: 0, revenue: 0, recency: 0, frequency: 0, monetary: 0 }));
          g.customers++;
          g.orders += s.orders[i];
          g.revenue += s.revenue[i];
          g.recency += s.recency[i];
          g.frequency += freq[i];
          g.monetary += mon[i];
        });
      }
      expect([got.seg, got.biz, got.cls]).toEqual(keys);
      expect([...got.segGroups]).toEqual([...groups[0]]);
      expect([...got.bizGroups]).toEqual([...groups[1]]);
      expect([...got.clsGroups]).toEqual([...groups[2]]);
      expect(got.segGroups.size).toBeGreaterThan(5); // the draw reaches many segments
      // The R × F grid and the totals, counted and summed customer by customer.
      const grid = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
      let revenue = 0,
        orders = 0;
      for (let i = 0; i < s.ids.length; i++) {
        grid[bins - sc.r[i]][sc.f[i] - 1]++;
        revenue += s.revenue[i];
        orders += s.orders[i];
      }
      expect(got.grid).toEqual(grid);
      expect([got.totalRevenue, got.totalOrders]).toEqual([revenue, orders]);
    });
  }
});
