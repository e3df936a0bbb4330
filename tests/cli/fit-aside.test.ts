import { afterEach, describe, expect, it } from 'vitest';
import { fitRepeatBuyersInWorker, workerAside } from '../../src/cli/fit-aside.js';
import {
  distinctValues,
  fitGammaGamma,
  fitRepeatBuyers,
  ggLogLikOne,
  repeatBuyers,
} from '../../src/analysis/user/gamma-gamma.js';
import {
  customerModels,
  fitGammaGammaAside,
  startGammaGamma,
  type GammaGammaAside,
} from '../../src/analysis/user/customer-models.js';
import type { CustomerSummary } from '../../src/analysis/user/customer-summary.js';
import { mulberry32 } from '../../src/stats/random.js';
import { cdnowPublishedSummary } from '../analysis/user/cdnow.js';

/**
 * Seeded customers: x repeat purchases (0 for a fifth), zbar their mean spend in cents (0 for one-time buyers), so
 * x·zbar repeats across customers as in real data.
 */
function seeded(n: number, seed = 11): { x: Float64Array; zbar: Float64Array } {
  const rnd = mulberry32(seed);
  const x = new Float64Array(n),
    zbar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rnd() < 0.2 ? 0 : 1 + Math.floor(-Math.log(1 - rnd()) * 4);
    zbar[i] = x[i] === 0 ? 0 : Math.round(100 * (5 + 60 * rnd() * rnd())) / 100;
  }
  return { x, zbar };
}

/** The summary fields the models read, around `x` and `zbar` (t_x and T seeded, t_x ≤ T). */
function summaryOf(x: Float64Array, zbar: Float64Array): CustomerSummary {
  const rnd = mulberry32(3);
  const n = x.length;
  const T = Float64Array.from({ length: n }, () => 10 + Math.floor(rnd() * 90));
  const t_x = Float64Array.from(T, (t, i) => (x[i] === 0 ? 0 : Math.floor(rnd() * t)));
  return { ids: Array.from({ length: n }, (_, i) => `C${i}`), x, zbar, t_x, T } as unknown as CustomerSummary;
}

afterEach(() => {
  fitGammaGammaAside(null);
});

describe('Gamma-Gamma on repeat buyers', () => {
  it('sums the same likelihood as ggLogLikOne customer by customer (values looked up per distinct x·zbar)', () => {
    // Expected: the per-customer formula (F&H 2013 eq. as in ggLogLikOne), summed independently at the fit's optimum.
    const { x, zbar } = seeded(3000);
    const fit = fitGammaGamma(x, zbar)!;
    let ll = 0;
    for (let i = 0; i < x.length; i++) if (x[i] > 0) ll += ggLogLikOne(fit.params, x[i], zbar[i]);
    expect(fit.n).toBe(x.filter((v) => v > 0).length);
    expect(fit.logLik / ll).toBeCloseTo(1, 10); // regrouped sums: the same to rounding
  });

  it('distinctValues: first appearance, −0 as 0', () => {
    const d = distinctValues(Float64Array.of(2.5, 7, 2.5, -0, 0, 7, 1e300));
    expect(Array.from(d.values)).toEqual([2.5, 7, 0, 1e300]);
    expect(Array.from(d.index)).toEqual([0, 1, 0, 2, 2, 1, 3]);
    const big = Float64Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 1000);
    const e = distinctValues(big);
    expect(e.values.length).toBe(1000);
    for (let i = 0; i < big.length; i += 997) expect(e.values[e.index[i]]).toBe(big[i]);
  });

  it('repeatBuyers keeps x > 0 and zbar > 0 in order; fitRepeatBuyers of them is fitGammaGamma', () => {
    const rows = cdnowPublishedSummary();
    const x = rows.map((r) => r.x),
      z = rows.map((r) => r.zbar);
    const r = repeatBuyers(x, z);
    expect(r.x.length).toBe(946); // CDNOW's repeat buyers (F&H 2013)
    expect(fitRepeatBuyers(r.x, r.zbar)).toEqual(fitGammaGamma(x, z));
  });
});

describe('the Gamma-Gamma fit in a worker thread', () => {
  it('gives the main thread fit to the last bit, and moves the arrays to the thread', () => {
    const { x, zbar } = seeded(20_000);
    const here = fitGammaGamma(x, zbar);
    const r = repeatBuyers(x, zbar);
    const wait = fitRepeatBuyersInWorker(r.x, r.zbar);
    expect(r.x.length).toBe(0); // transferred, not copied
    const there = wait();
    expect(there).not.toBeNull();
    expect(there).toEqual(here);
    expect(wait()).toBe(there); // asked again: the same fit, no second wait
  });

  it("throws the thread's error (no wait without end)", () => {
    const r = repeatBuyers(...(Object.values(seeded(100)) as [Float64Array, Float64Array]));
    const wait = fitRepeatBuyersInWorker(r.x, r.zbar, new URL('./no-such-module.ts', import.meta.url).href);
    expect(() => wait()).toThrow(/Gamma-Gamma fit thread/);
  });

  it('customerModels takes the fit started aside (workerAside) and it equals the fit here', () => {
    const { x, zbar } = seeded(20_000, 5);
    const want = customerModels(summaryOf(x, zbar));
    let started = 0;
    const counting: GammaGammaAside = {
      start: (xs, zs) => {
        started++;
        return workerAside(0).start(xs, zs);
      },
    };
    fitGammaGammaAside(counting);
    const s = summaryOf(x, zbar);
    startGammaGamma(s);
    startGammaGamma(s); // once per summary
    const got = customerModels(s);
    expect(started).toBe(1);
    expect(got.gg).toEqual(want.gg);
    expect(got.bg).toEqual(want.bg);
  });

  it('leaves small customer bases to the main thread', () => {
    const { x, zbar } = seeded(1000);
    const r = repeatBuyers(x, zbar);
    expect(workerAside().start(r.x, r.zbar)).toBeNull();
    expect(r.x.length).toBeGreaterThan(0); // not moved
  });
});
