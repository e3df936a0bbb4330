import { afterEach, describe, expect, it } from 'vitest';
import { ASIDE_MIN_CUSTOMERS, AsideThread, startAside, useAsides, workerAsides } from '../../src/cli/aside.js';
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
  type SummaryMade,
} from '../../src/analysis/user/customer-models.js';
import {
  buildCohorts,
  buildCohortsAside,
  channelLookup,
  COHORT_DEFAULTS,
  runCohorts,
  type CohortData,
} from '../../src/analysis/user/cohorts.js';
import type { Dataset } from '../../src/ingest/types.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { readFile } from '../../src/xlsx/read.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOrders, serial } from '../analysis/helpers.js';
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
  useAsides(null);
  delete process.env.LOOPBOOK_ASIDE_THREAD;
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

/** Until every part posted to `thread` is made (its first start builds the worker's bundle: seconds on a busy machine). */
async function settled(thread: AsideThread): Promise<void> {
  for (const t0 = Date.now(); !thread.settled();) {
    if (Date.now() - t0 > 60_000) throw new Error('the worker did not answer in a minute');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The models' aside on `thread` for summaries of any size, counting the work handed to it. */
function counting(
  thread = new AsideThread(),
  minCustomers = 0,
): { aside: ModelsAside; jobs: string[]; thread: AsideThread } {
  const inner = workerAsides(thread, minCustomers).models;
  const jobs: string[] = [];
  return {
    jobs,
    thread,
    aside: {
      minCustomers,
      bgNbd: (d, penalty) => (jobs.push('bg-nbd'), inner.bgNbd(d, penalty)),
      gammaGamma: (x, zbar) => (jobs.push('gamma-gamma'), inner.gammaGamma(x, zbar)),
      summaryAndModels: (o, opts, penalty) => (jobs.push('summary'), inner.summaryAndModels(o, opts, penalty)),
    },
  };
}

/** A worker module that never listens (tests/cli/fixtures): every job posted to it is left for the main thread. */
const IDLE_WORKER = new URL('./fixtures/idle-aside-worker.ts', import.meta.url);
/** A worker module that claims every part of every job and answers with an error. */
const FAILING_WORKER = new URL('./fixtures/failing-aside-worker.ts', import.meta.url);

describe('the model fits in a worker thread', () => {
  const o = readOrders({ orders: cdnowOrders() }, [])!;
  const opts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: CDNOW_CAL_END };

  it('Gamma-Gamma: the main thread fit to the last bit, the arrays moved to the thread', async () => {
    const { x, zbar } = seeded(20_000);
    const here = fitGammaGamma(x, zbar);
    const r = repeatBuyers(x, zbar);
    const thread = new AsideThread();
    const take = workerAsides(thread, 0).models.gammaGamma(r.x, r.zbar);
    expect(r.x.length).toBe(0); // transferred, not copied
    await settled(thread); // the worker has made the part: taken here it would be null (`here`)
    const there = take!(() => null);
    expect(there).not.toBeNull();
    expect(there).toEqual(here);
    expect(take!(() => null)).toBe(there); // asked again: the same fit, no second wait
  });

  it('BG/NBD: the main thread fit to the last bit', async () => {
    const s = summarizeCustomers(o, opts);
    const d = compress(s.x, s.t_x, s.T);
    let fittedHere = false;
    const thread = new AsideThread();
    const take = workerAsides(thread, 0).models.bgNbd(d, 0.1);
    await settled(thread); // the worker has made the part: its answer is taken, nothing fitted here
    expect(take!(() => ((fittedHere = true), fitBgNbd(d, 0.1)))).toEqual(fitBgNbd(d, 0.1));
    expect(fittedHere).toBe(false);
  });

  it('the summary and both fits made aside equal those made here (CDNOW, 2,357 customers), and CLV finds the triplets', async () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting();
    fitModelsAside(c.aside);
    const memo = new RunMemo();
    expect(startSummaryAside(o, opts)).toBe(true);
    expect(startSummaryAside(o, opts)).toBe(true); // once per orders read and summary
    await settled(c.thread); // the worker has made the summary and both fits: they are taken, not made here
    const s = customerSummary(o, opts, memo);
    // Equal to the summary made here, ids included (the worker names customers by code; they are put back).
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

  it('takes a summary made aside with its fits made here when the worker has not begun them', async () => {
    const want = customerModels(summarizeCustomers(o, opts));
    let takes: ReturnType<ModelsAside['summaryAndModels']> = null;
    let summaryHere = false;
    const thread = new AsideThread();
    const inner = workerAsides(thread, 0).models;
    fitModelsAside({
      ...inner,
      minCustomers: 0,
      summaryAndModels: (...args) => {
        takes = inner.summaryAndModels(...args);
        if (!takes) return null;
        const { summary } = takes;
        // Watched: whether the summary's part was made here (`here` called) or taken from the worker.
        const watch = (here: () => SummaryMade | null): SummaryMade | null =>
          summary(() => ((summaryHere = true), here()));
        return { ...takes, summary: Object.assign(watch, { begun: summary.begun }) };
      },
    });
    expect(startSummaryAside(o, opts)).toBe(true);
    // The main thread takes both fits before the worker can begin them (it is still starting): made here.
    let bgHere = false;
    const bg = takes!.bg(() => ((bgHere = true), want.bg));
    expect(bgHere).toBe(true);
    expect(bg).toBe(want.bg);
    expect(takes!.gg(() => want.gg)).toBe(want.gg);
    await settled(thread);
    // The summary, made by the worker meanwhile, is still the worker's.
    expect(customerSummary(o, opts, new RunMemo())).toEqual(summarizeCustomers(o, opts));
    expect(summaryHere).toBe(false);
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
    expect(got.gg).toEqual(want.gg);
    expect(got.bg).toEqual(want.bg);
    // Models already fitted in the run's memo (a database run's predicted values fit them first): nothing posted.
    const memo = new RunMemo();
    const s2 = summaryOf(x, zbar);
    customerModels(s2, 0, memo);
    startModels(s2, 0, memo);
    expect(c.jobs).toEqual(['gamma-gamma', 'bg-nbd', 'gamma-gamma', 'bg-nbd']); // only customerModels' own
    startModels(s2, 0.5, memo);
    expect(c.jobs.at(-1)).toBe('bg-nbd'); // another penalty is another BG/NBD fit (Gamma-Gamma has none: shared)
    expect(c.jobs.length).toBe(5);
  });

  it('makes here the work the worker has not begun (a worker that never takes any)', () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting(new AsideThread(IDLE_WORKER));
    fitModelsAside(c.aside);
    expect(startSummaryAside(o, opts)).toBe(true);
    const s = customerSummary(o, opts, new RunMemo());
    expect(s).toEqual(summarizeCustomers(o, opts));
    const got = customerModels(s);
    // The summary was taken here, so its fits were posted when CLV asked (and taken here too).
    expect(c.jobs).toEqual(['summary', 'gamma-gamma', 'bg-nbd']);
    expect(got.bg).toEqual(want.bg);
    expect(got.gg).toEqual(want.gg);
  });

  it("makes here the work whose worker failed (the thread's error is not the user's)", async () => {
    const want = customerModels(summarizeCustomers(o, opts));
    const c = counting(new AsideThread(FAILING_WORKER));
    fitModelsAside(c.aside);
    expect(startSummaryAside(o, opts)).toBe(true);
    const got = customerModels(customerSummary(o, opts, new RunMemo()));
    expect(got.bg).toEqual(want.bg);
    expect(got.gg).toEqual(want.gg);
    const failing = new AsideThread(FAILING_WORKER);
    const take = workerAsides(failing, 0).models.bgNbd(compress([1], [1], [2]), 0);
    await settled(failing); // claimed by the worker, which answered with its error
    expect(() =>
      take!(() => {
        throw new Error('fitted here');
      }),
    ).toThrow(/worker thread: a failing worker/);
  });

  it('leaves small customer bases, and LOOPBOOK_ASIDE_THREAD=0, to the main thread', () => {
    const c = counting(new AsideThread(), ASIDE_MIN_CUSTOMERS); // 20,000 customers at least: CDNOW has 2,357
    fitModelsAside(c.aside);
    expect(startSummaryAside(o, opts)).toBe(false);
    const { x, zbar } = seeded(1000);
    const s = summaryOf(x, zbar);
    startModels(s);
    expect(s.x.length).toBe(1000); // nothing moved
    expect(c.jobs).toEqual([]); // nothing posted
    process.env.LOOPBOOK_ASIDE_THREAD = '0';
    expect(new AsideThread().prestart()).toBe(false);
    fitModelsAside(workerAsides(new AsideThread(), 0).models);
    expect(startSummaryAside(o, opts)).toBe(false);
  });
});

describe('cohorts built in a worker thread', () => {
  /**
   * 30,000 seeded customers over two years with a channel each ('' and none among them), some refunds, as rows of a
   * table: customer, date (ISO), amount, channel.
   */
  function seededRows(): string[][] {
    const rnd = mulberry32(7);
    const rows: string[][] = [];
    const channels = ['Search', 'Social', 'Email', ''];
    const start = Date.UTC(2023, 0, 1);
    for (let c = 0; c < 30_000; c++) {
      const ch = channels[Math.floor(rnd() * channels.length)];
      let day = Math.floor(rnd() * 700);
      for (let k = 0; k < 1 + Math.floor(rnd() * 4) && day < 730; k++) {
        const amount = rnd() < 0.03 ? -20 : Math.round(rnd() * 10000) / 100;
        rows.push([`C${c}`, new Date(start + day * 86_400_000).toISOString().slice(0, 10), String(amount), ch]);
        day += 1 + Math.floor(rnd() * 120);
      }
    }
    return rows;
  }
  const asOf = serial('2024-12-31');

  /** The cohorts' aside on a new worker, recording whether runCohorts took its work and whether it was made here. */
  function watched(thread: AsideThread): { taken: boolean; madeHere: boolean } {
    const inner = workerAsides(thread, 0).cohorts;
    const seen = { taken: false, madeHere: false };
    buildCohortsAside({
      minCustomers: 0,
      build: (...args) => {
        const take = inner.build(...args);
        if (!take) return null;
        const watch = (here: () => CohortData): CohortData => {
          seen.taken = true;
          return take(() => ((seen.madeHere = true), here()));
        };
        return Object.assign(watch, { begun: take.begun });
      },
    });
    return seen;
  }

  async function sameAside(ds: Dataset): Promise<void> {
    const want = runCohorts({ orders: ds }, { asOf, currency: 'USD', lang: 'en', memo: new RunMemo() }, {});
    const thread = new AsideThread();
    const seen = watched(thread);
    const common = { asOf, currency: 'USD', lang: 'en' as const, memo: new RunMemo() };
    startAside({ orders: ds }, [{ kind: 'cohorts', enabled: true }], common);
    await settled(thread); // the worker has built them
    const got = runCohorts({ orders: ds }, common, {});
    expect(seen).toEqual({ taken: true, madeHere: false });
    expect(got).toEqual(want);
    // Every channel has its group, the empty one and none among them ('' both: one group, as here).
    const o = readOrders({ orders: ds }, [], common.memo)!;
    const here = buildCohorts(o, asOf, COHORT_DEFAULTS, channelLookup({ orders: ds }, o)!);
    expect([...here.byChannel.keys()].sort()).toEqual(['', 'Email', 'Search', 'Social']);
  }

  it('runCohorts takes the cohorts made aside, equal to those made here: channels as texts', async () => {
    const rows = seededRows();
    const col = (j: number) => rows.map((r) => r[j]);
    await sameAside(
      makeOrders({
        customer: col(0),
        date: col(1).map((d) => serial(d)),
        amount: col(2).map(Number),
        channel: col(3).map((c) => (c === '' ? null : c)),
      }),
    );
  });

  it("… and channels as a .csv's codes", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lb-aside-')), 'orders.csv');
    const lines = seededRows().map((r) => r.join(','));
    writeFileSync(file, `customer_id,order_date,amount,channel\n${lines.join('\n')}\n`);
    const read = await readFile(file);
    await sameAside(ingestGrid(read.grids[0]));
  });
});
