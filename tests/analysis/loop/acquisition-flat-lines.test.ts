/**
 * acquisitionLines reads a customer's lines either from an array per customer or from the flat columns the
 * analysis builds (`flat`): the same lines must give the same figures to the last bit. The per-customer form is the
 * reference (the form the published tests use); one customer's figures also by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  ACQUISITION_DEFAULTS,
  acquisitionLines,
  type AcquisitionCustomers,
} from '../../../src/analysis/loop/acquisition-quality.js';
import { mulberry32 } from '../../../src/stats/random.js';

describe('acquisitionLines on flat columns', () => {
  it('by hand: start 100, lines on 100 (40) and 140 (−10, a refund) and 170 (25) → 2 purchases, next 170', () => {
    const cs: AcquisitionCustomers = {
      channel: ['Search'],
      start: new Float64Array([100]),
      days: [],
      amounts: [],
      flat: {
        day: new Float64Array([100, 170, 140]),
        amount: new Float64Array([40, 25, -10]),
        from: new Int32Array([0, 3]),
      },
      predicted: null,
    };
    const l = acquisitionLines(cs, 400, ACQUISITION_DEFAULTS);
    expect(Array.from(l.purchases)).toEqual([2]);
    expect([l.first[0], l.next[0]]).toEqual([100, 170]);
    expect(l.revenue.get('Search')).toBe((40 + 25 - 10) * ACQUISITION_DEFAULTS.margin);
  });
  it('equals the per-customer arrays: 500 customers, some without lines, refunds after purchases', () => {
    const rnd = mulberry32(4);
    const n = 500;
    const days: number[][] = [],
      amounts: number[][] = [];
    for (let i = 0; i < n; i++) {
      const k = i % 7 === 0 ? 0 : 1 + Math.floor(rnd() * 6);
      let d = 45_000 + Math.floor(rnd() * 300);
      const ds: number[] = [],
        as: number[] = [];
      for (let j = 0; j < k; j++, d += Math.floor(rnd() * 60)) {
        ds.push(d);
        as.push(Math.round(rnd() * 20_000) / 100);
      }
      if (k > 0 && i % 5 === 0) {
        ds.push(d + 3);
        as.push(-Math.round(rnd() * 5_000) / 100);
      }
      days.push(ds);
      amounts.push(as);
    }
    const from = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) from[i + 1] = from[i] + days[i].length;
    const base = {
      channel: Array.from({ length: n }, (_, i) => ['A', 'B', 'C'][i % 3]),
      start: Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : 45_000 + (i % 200))),
      predicted: null,
    };
    const asOf = 45_500;
    const perCustomer = acquisitionLines({ ...base, days, amounts }, asOf, ACQUISITION_DEFAULTS);
    const flat = acquisitionLines(
      {
        ...base,
        days: [],
        amounts: [],
        flat: { day: Float64Array.from(days.flat()), amount: Float64Array.from(amounts.flat()), from },
      },
      asOf,
      ACQUISITION_DEFAULTS,
    );
    expect(flat).toEqual(perCustomer);
  });
});
