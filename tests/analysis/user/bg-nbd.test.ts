import { describe, expect, it } from 'vitest';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { summarizeCustomers } from '../../../src/analysis/user/customer-summary.js';
import {
  bgnbdLogLik,
  bgnbdLogLikOne,
  bgnbdLogLikPrepared,
  bgnbdHessian,
  bgnbdValueGrad,
  compress,
  distinctTriplets,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  pAlive,
  prepareBgNbd,
  probPurchases,
} from '../../../src/analysis/user/bg-nbd.js';
import { CDNOW_CAL_END, cdnowOrders, cdnowPublishedSummary } from './cdnow.js';

const PUB = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005; tests/reference-data/README.md)', () => {
  const rows = cdnowPublishedSummary();
  const d = compress(
    rows.map((r) => r.x),
    rows.map((r) => r.t_x),
    rows.map((r) => r.T),
  );
  const fit = fitBgNbd(d);

  it('fits r, α, a, b within 0.5% and LL −9582.4 ± 0.1', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[k] / PUB[k] - 1)).toBeLessThan(0.005);
    }
    expect(Math.abs(fit.logLik - -9582.4)).toBeLessThan(0.1);
    // To 6 places as well (README: r 0.242593, α 4.413532, a 0.792886, b 2.425752): relative 2e-6.
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit.params[k] / PUB[k] - 1)).toBeLessThan(2e-6);
    // Standard errors as printed by the Python `lifetimes` BetaGeoFitter summary on the same data:
    // r 0.012557, α 0.378221, a 0.185719, b 0.705345 (numerical Hessians differ slightly: 1%).
    const se = fit.se!;
    expect(se.r / 0.012557).toBeCloseTo(1, 2);
    expect(se.alpha / 0.378221).toBeCloseTo(1, 2);
    expect(se.a / 0.185719).toBeCloseTo(1, 2);
    expect(se.b / 0.705345).toBeCloseTo(1, 2);
    expect(fit.uniqueRows).toBeLessThan(rows.length);
  });

  it('fits the same from the summary built out of the raw transactions', () => {
    const o = readOrders({ orders: cdnowOrders() }, [])!;
    const s = summarizeCustomers(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: CDNOW_CAL_END });
    const f2 = fitBgNbd(compress(s.x, s.t_x, s.T));
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(f2.params[k] / PUB[k] - 1)).toBeLessThan(0.005);
  });

  it('conditional expectation for ID 1 over 39 weeks is 1.226 (FHL 2005)', () => {
    expect(conditionalExpectedPurchases(PUB, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('unconditional E[X(t)] as published (BTYD walkthrough)', () => {
    const ts = [0.1429, 1, 3, 31.8571, 32, 78];
    const want = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    // The published list is quoted to 4 places, but its last value is off in the 4th: an exact evaluation
    // (mpmath.hyp2f1 at the same parameters) gives E[X(78)] = 1.857972, as we do. So: 4 places for
    // t ≤ 32, 3 places (|Δ| < 5e-4) for t = 78, and the mpmath value to 6 places.
    ts.forEach((t, i) => {
      expect(expectedPurchases(PUB, t)).toBeCloseTo(want[i], t <= 32 ? 4 : 3);
    });
    expect(expectedPurchases(PUB, 78)).toBeCloseTo(1.857972, 6); // mpmath
    expect(expectedPurchases(PUB, 32)).toBeCloseTo(1.043737, 6); // mpmath
  });

  it('P(N(t) = n) as in BTYD', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(probPurchases(p, 39, 0)).toBeCloseTo(0.5737864, 7);
    expect(probPurchases(p, 2, 10) / 1.07869e-7).toBeCloseTo(1, 4);
  });

  it('top-5 E[Y(1 week)] IDs 509, 841, 1981, 157, 1516', () => {
    const e = rows.map((r) => ({ id: r.ID, v: conditionalExpectedPurchases(PUB, 1, r.x, r.t_x, r.T) }));
    e.sort((u, v) => v.v - u.v);
    const top = e.slice(0, 5).reverse();
    expect(top.map((u) => u.id)).toEqual(['509', '841', '1981', '157', '1516']);
    [0.424877, 0.474738, 0.486526, 0.662396, 0.710623].forEach((w, i) => {
      expect(top[i].v).toBeCloseTo(w, 5);
    });
  });

  it('P(alive) follows the closed form; 1 for x = 0', () => {
    expect(pAlive(PUB, 0, 0, 38.86)).toBe(1);
    const hand = 1 / (1 + (PUB.a / (PUB.b + 1)) * ((PUB.alpha + 38.86) / (PUB.alpha + 30.43)) ** (PUB.r + 2));
    expect(pAlive(PUB, 2, 30.43, 38.86)).toBeCloseTo(hand, 12);
  });
});

describe('BG/NBD prepared likelihood', () => {
  it('equals the per-customer sum (FHL 2005 eq. 6) on CDNOW', () => {
    const rows = cdnowPublishedSummary();
    const d = compress(
      rows.map((r) => r.x),
      rows.map((r) => r.t_x),
      rows.map((r) => r.T),
    );
    let slow = 0;
    for (const r of rows) slow += bgnbdLogLikOne(PUB, r.x, r.t_x, r.T);
    expect(bgnbdLogLikPrepared(PUB, prepareBgNbd(d))).toBeCloseTo(slow, 8);
    expect(bgnbdLogLik(PUB, d)).toBeCloseTo(slow, 8);
    expect(slow).toBeCloseTo(-9582.43, 1);
  });
});

/** The published CDNOW summary (x, t_x, T), compressed and prepared for the likelihood. */
function cdnowPrepared(): ReturnType<typeof prepareBgNbd> {
  const rows = cdnowPublishedSummary();
  return prepareBgNbd(
    compress(
      rows.map((r) => r.x),
      rows.map((r) => r.t_x),
      rows.map((r) => r.T),
    ),
  );
}

describe('BG/NBD analytic gradient', () => {
  it('matches central differences of the likelihood (computed numerically)', () => {
    const prep = cdnowPrepared();
    const p = { r: 0.3, alpha: 5, a: 0.9, b: 2.1 };
    const [ll, g] = bgnbdValueGrad(p, prep);
    expect(ll).toBeCloseTo(bgnbdLogLikPrepared(p, prep), 8);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    keys.forEach((k, i) => {
      const h = 1e-6 * p[k];
      const num =
        (bgnbdLogLikPrepared({ ...p, [k]: p[k] + h }, prep) - bgnbdLogLikPrepared({ ...p, [k]: p[k] - h }, prep)) /
        (2 * h);
      expect(g[i] / num).toBeCloseTo(1, 5);
    });
  });
});

describe('BG/NBD analytic Hessian', () => {
  it('matches central differences of the analytic gradient (computed numerically), with and without a penalty', () => {
    const prep = cdnowPrepared();
    // Away from the optimum, so every term (w₃, w₄ strictly between 0 and 1 on many rows) counts.
    const p = { r: 0.3, alpha: 5, a: 0.9, b: 2.1 };
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    for (const penalty of [0, 0.5]) {
      const H = bgnbdHessian(p, prep, penalty);
      keys.forEach((k, i) => {
        const h = 1e-5 * p[k];
        const up = bgnbdValueGrad({ ...p, [k]: p[k] + h }, prep, penalty)[1];
        const down = bgnbdValueGrad({ ...p, [k]: p[k] - h }, prep, penalty)[1];
        keys.forEach((_, j) => {
          const num = (up[j] - down[j]) / (2 * h);
          expect(Math.abs(H[i][j] - num)).toBeLessThan(1e-6 * (1 + Math.abs(num)));
          expect(H[i][j]).toBe(H[j][i]);
        });
      });
    }
  });
});

describe('compress (unique (x, t_x, T) rows)', () => {
  it('keeps rows in order of first appearance with their counts, as Map keys compare (−0 is 0, NaN is NaN)', () => {
    // By hand: rows 0, 2 and 5 are (1, 2, 5); rows 1 and 4 are (0, 0, 5) (−0 counts as 0, the first value kept);
    // row 3 is (1, 3, 5): t_x differs; row 6 is (1, 2, 6): T differs; rows 7 and 8 hold NaN, one group.
    const d = compress([1, 0, 1, 1, 0, 1, 1, NaN, NaN], [2, 0, 2, 3, -0, 2, 2, 1, 1], [5, 5, 5, 5, 5, 5, 6, 9, 9]);
    expect(Array.from(d.x)).toEqual([1, 0, 1, 1, NaN]);
    expect(Array.from(d.tx)).toEqual([2, 0, 3, 2, 1]);
    expect(Object.is(d.tx[1], 0)).toBe(true);
    expect(Array.from(d.T)).toEqual([5, 5, 5, 6, 9]);
    expect(Array.from(d.w)).toEqual([3, 2, 1, 1, 2]);
  });
});

describe('compress: distinct (x, t_x, T) rows in order of first appearance', () => {
  it('equals grouping by a Map of the three values, past the table growing many times (−0 as 0, NaN as one)', () => {
    // Expected: the plain grouping written out here (a Map keyed by the values' text; −0 and 0 one key, NaN one key),
    // on 60,000 rows of about 20,000 distinct triplets, so the table (first 4,096 slots) doubles several times.
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = 60_000;
    const x: number[] = [],
      tx: number[] = [],
      T: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rnd() * 20_000);
      x.push(k % 13);
      tx.push(k % 5 === 0 ? -0 : (k % 97) / 7);
      T.push(k === 5 ? NaN : Math.floor(k / 13) / 7);
    }
    const groups = new Map<string, number>();
    const xs: number[] = [],
      w: number[] = [];
    const key = (v: number) => (Object.is(v, -0) ? '0' : String(v));
    for (let i = 0; i < n; i++) {
      const k = `${key(x[i])}|${key(tx[i])}|${key(T[i])}`;
      let g = groups.get(k);
      if (g === undefined) {
        g = xs.length;
        groups.set(k, g);
        xs.push(x[i]);
        w.push(0);
      }
      w[g]++;
    }
    const d = compress(x, tx, T);
    expect(groups.size).toBeGreaterThan(10_000);
    expect(Array.from(d.x)).toEqual(xs);
    expect(Array.from(d.w)).toEqual(w);
  });
  it('hands its rows to distinctTriplets once (CLV scores the customers the fit compressed), then they are made again', () => {
    const x = [0, 1, 0, 2, 1],
      tx = [0, 3, 0, 5, 3],
      T = [9, 9, 9, 9, 9];
    // Rows 0 and 2 alike, 1 and 4 alike: three groups, first at rows 0, 1, 3.
    const expected = { first: [0, 1, 3], index: [0, 1, 0, 2, 1], groups: 3 };
    const plain = (r: { first: Int32Array; index: Int32Array; groups: number }) => ({
      first: Array.from(r.first),
      index: Array.from(r.index),
      groups: r.groups,
    });
    compress(x, tx, T);
    const taken = distinctTriplets(x, tx, T);
    expect(plain(taken)).toEqual(expected);
    const again = distinctTriplets(x, tx, T);
    expect(again).not.toBe(taken);
    expect(plain(again)).toEqual(expected);
    // Other t_x with the same x: not compress's rows.
    compress(x, tx, T);
    expect(distinctTriplets(x, [0, 3, 1, 5, 3], T).groups).toBe(4);
  });
});
