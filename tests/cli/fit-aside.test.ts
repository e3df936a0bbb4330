import { afterEach, describe, expect, it } from 'vitest';
import { FitThread, workerAside } from '../../src/cli/fit-aside.js';
import {
  distinctValues,
  fitGammaGamma,
  fitRepeatBuyers,
  ggLogLikOne,
  repeatBuyers,
} from '../../src/analysis/user/gamma-gamma.js';
import {
  customerModels,
  customerSummary,
  fitModelsAside,
  startModels,
  startSummaryAside,
  type ModelsAside,
} from '../../src/analysis/user/customer-models.js';
import { summarizeCustomers, type CustomerSummary } from '../../src/analysis/user/customer-summary.js';
import { compress, distinctTriplets, fitBgNbd } from '../../src/analysis/user/bg-nbd.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { CDNOW_CAL_END, cdnowOrders } from '../analysis/user/cdnow.js';
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
  fitModelsAside(null);
  delete process.env.LOOPBOOK_FIT_THREAD;
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

/** Gives the event loop (and the worker threads) `ms` milliseconds. */
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An aside that counts the jobs handed to it, on `thread`, for summaries of any size. */
function counting(thread = new FitThread()): { aside: ModelsAside; jobs: string[] } {
  const inner = workerAside(thread, 0);
  const jobs: string[] = [];
  return {
    jobs,
    aside: {
      minCustomers: 0,
      bgNbd: (d, penalty, here) => (jobs.push('bg-nbd'), inner.bgNbd(d, penalty, here)),
      gammaGamma: (x, zbar, here) => (jobs.push('gamma-gamma'), inner.gammaGamma(x, zbar, here)),
      summaryAndModels: (o, opts, penalty) => (jobs.push('summary'), inner.summaryAndModels(o, opts, penalty)),
    },
  };
}

/** A worker module that never listens (tests/cli/fixtures): every job posted to it is left for the main thread. */
const IDLE_WORKER = new URL('./fixtures/idle-fit-worker.ts', import.meta.url);
/** A worker module that claims every job and answers with an error. */
const FAILING_WORKER = new URL('./fixtures/failing-fit-worker.ts', import.meta.url);

describe('the model fits in a worker thread', () => {
  const o = readOrders({ orders: cdnowOrders() }, [])!;
  const opts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: CDNOW_CAL_END };

  it('Gamma-Gamma: the main thread fit to the last bit, the arrays moved to the thread', async () => {
    const { x, zbar } = seeded(20_000);
    const here = fitGammaGamma(x, zbar);
    const r = repeatBuyers(x, zbar);
    const take = workerAside(new FitThread(), 0).gammaGamma(r.x, r.zbar, () => null);
    expect(r.x.length).toBe(0); // transferred, not copied
    await idle(3000); // the worker has begun the job (taken here, it would be null: `here`)
    const there = take!();
    expect(there).not.toBeNull();
    expect(there).toEqual(here);
    expect(take!()).toBe(there); // asked again: the same fit, no second wait
  });

  it('BG/NBD: the main thread fit to the last bit', async () => {
    const s = summarizeCustomers(o, opts);
    const d = compress(s.x, s.t_x, s.T);
    let fittedHere = false;
    const take = new FitThread().post(
      { kind: 'bg-nbd', d, penalty: 0.1 },
      () => ((fittedHere = true), fitBgNbd(d, 0.1)),
    );
    await idle(3000); // the worker has begun (and ended) the job: its answer is taken, nothing fitted here
    expect(take!()).toEqual(fitBgNbd(d, 0.1));
    expect(fittedHere).toBe(false);
  });

  it('the summary and both fits made aside equal those made here (CDNOW, 2,357 customers), and CLV finds the triplets', async () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting();
    fitModelsAside(c.aside);
    const memo = new RunMemo();
    expect(startSummaryAside(o, opts)).toBe(true);
    expect(startSummaryAside(o, opts)).toBe(true); // once per orders read and summary
    await idle(3000); // the worker has begun the job: its summary and fits are taken
    const s = customerSummary(o, opts, memo);
    expect(s).toEqual(summarizeCustomers(o, opts));
    const got = customerModels(s, 0, memo);
    expect(c.jobs).toEqual(['summary']); // the fits came with the summary: none posted again
    expect(got.bg).toEqual(want.bg);
    expect(got.gg).toEqual(want.gg);
    // Published BG/NBD fit on the CDNOW calibration summaries (tests/reference-data/README.md): r 0.243, α 4.414.
    expect(got.bg.params.r).toBeCloseTo(0.243, 3);
    expect(got.bg.params.alpha).toBeCloseTo(4.414, 2);
    // The triplets the worker grouped are the ones CLV's scores take (distinctTriplets), equal to grouping them here.
    const rows = distinctTriplets(s.x, s.t_x, s.T);
    const again = distinctTriplets(s.x, s.t_x, s.T); // taken once: made here the second time
    expect(rows).not.toBe(again);
    expect(rows).toEqual(again);
  });

  it('customerModels takes the fits started aside once per summary, and they equal the fits here', () => {
    const { x, zbar } = seeded(20_000, 5);
    const want = customerModels(summaryOf(x, zbar));
    const c = counting();
    fitModelsAside(c.aside);
    const s = summaryOf(x, zbar);
    startModels(s);
    startModels(s); // once per summary and penalty
    const got = customerModels(s);
    expect(c.jobs).toEqual(['gamma-gamma', 'bg-nbd']);
    // Models already fitted in the run's memo (a database run's predicted values fit them first): nothing posted.
    const memo = new RunMemo();
    const s2 = summaryOf(x, zbar);
    customerModels(s2, 0, memo);
    startModels(s2, 0, memo);
    expect(c.jobs).toEqual(['gamma-gamma', 'bg-nbd', 'gamma-gamma', 'bg-nbd']); // only customerModels' own
    startModels(s2, 0.5, memo);
    expect(c.jobs.at(-1)).toBe('bg-nbd'); // another penalty is another BG/NBD fit (Gamma-Gamma has none: shared)
    expect(c.jobs.length).toBe(5);
    expect(got.gg).toEqual(want.gg);
    expect(got.bg).toEqual(want.bg);
  });

  it('fits here the jobs the worker has not begun (a worker that never takes one)', () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting(new FitThread(IDLE_WORKER));
    fitModelsAside(c.aside);
    expect(startSummaryAside(o, opts)).toBe(true);
    const s = customerSummary(o, opts, new RunMemo());
    expect(s).toEqual(summarizeCustomers(o, opts));
    const got = customerModels(s);
    // The summary job was taken here, so its fits were posted when CLV asked (and taken here too).
    expect(c.jobs).toEqual(['summary', 'gamma-gamma', 'bg-nbd']);
    expect(got.bg).toEqual(want.bg);
    expect(got.gg).toEqual(want.gg);
  });

  it("fits here the jobs whose worker failed (the thread's error is not the user's)", async () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting(new FitThread(FAILING_WORKER));
    fitModelsAside(c.aside);
    expect(startSummaryAside(o, opts)).toBe(true);
    const got = customerModels(customerSummary(o, opts, new RunMemo()));
    expect(got.bg).toEqual(want.bg);
    expect(got.gg).toEqual(want.gg);
    const take = new FitThread(FAILING_WORKER).post({ kind: 'bg-nbd', d: compress([1], [1], [2]), penalty: 0 }, () => {
      throw new Error('fitted here');
    });
    await idle(3000); // claimed by the worker, which answered with its error
    expect(() => take!()).toThrow(/fit thread: a failing fit worker/);
  });

  it('leaves small customer bases, and LOOPBOOK_FIT_THREAD=0, to the main thread', () => {
    fitModelsAside(workerAside()); // 20,000 customers at least: CDNOW has 2,357
    expect(startSummaryAside(o, opts)).toBe(false);
    const { x, zbar } = seeded(1000);
    const s = summaryOf(x, zbar);
    startModels(s);
    expect(s.x.length).toBe(1000); // nothing moved
    process.env.LOOPBOOK_FIT_THREAD = '0';
    expect(new FitThread().prestart()).toBe(false);
    fitModelsAside(workerAside(new FitThread(), 0));
    expect(startSummaryAside(o, opts)).toBe(false);
  });
});
