/**
 * The analyses' worker thread (./aside.ts): makes the parts of the work the main thread posts, one job at a time in
 * the order posted, each part in turn. A part is claimed by its state word; one the main thread took first is made
 * there (and so are the later parts of a job whose first part it took: they build on it). Each part's result, or its
 * error, is posted on its port and its state set to done.
 */
import { parentPort } from 'node:worker_threads';
import { compress, distinctTriplets, fitBgNbd } from '../analysis/user/bg-nbd.js';
import { asideChannelLookup, buildCohorts } from '../analysis/user/cohorts.js';
import { summarizeCustomers } from '../analysis/user/customer-summary.js';
import { fitRepeatBuyers, repeatBuyers } from '../analysis/user/gamma-gamma.js';
import { adoptGroupedOrders, type OrderArrays } from '../analysis/user/orders.js';
import {
  BEGUN,
  codeNames,
  DONE,
  POSTED,
  type AsideJob,
  type GroupedColumns,
  type SummaryAnswer,
} from './aside-jobs.js';

/** Parts begun here and not done: ended with an error if the thread ends, so that no wait is left without end. */
const running = new Map<AsideJob, number>();

function answer(
  job: AsideJob,
  part: number,
  message: { made: unknown } | { error: string },
  transfer: ArrayBuffer[] = [],
): void {
  running.delete(job);
  job.ports[part].postMessage(message, transfer);
  job.ports[part].close();
  Atomics.store(job.states, part, DONE);
  Atomics.notify(job.states, part);
}

process.on('exit', () => {
  for (const [job, part] of running) answer(job, part, { error: 'the worker thread ended before it answered' });
});

/** The buffers of typed arrays, once each. */
const buffersOf = (arrays: ArrayBufferView[]): ArrayBuffer[] => [
  ...new Set(arrays.map((a) => a.buffer as ArrayBuffer)),
];

/**
 * An orders read of no rows of its own whose grouping is `columns`' (the grouped columns are all an analysis made
 * here reads of the rows: the summary and the cohorts read the grouped columns, the customers' count, and whether
 * and how many order codes there are; the order ids' texts only without codes).
 */
function groupedRead(columns: GroupedColumns): OrderArrays {
  const { grouped, distinct, customerCount, orderCodes, hasOrderCode } = columns;
  const none = new Int32Array(0);
  const o: OrderArrays = {
    code: none,
    customers: codeNames(customerCount),
    date: new Float64Array(0),
    amount: new Float64Array(0),
    refund: new Uint8Array(0),
    orderId: null,
    ...(hasOrderCode ? { orderCode: none, orderCodes } : {}),
    channel: null,
    source: none,
    dataset: null as unknown as OrderArrays['dataset'],
  };
  adoptGroupedOrders(o, grouped, distinct);
  return o;
}

/** The parts of `job`, in order: each makes its result and the buffers to move with it. */
function partsOf(job: AsideJob): (() => [unknown, ArrayBuffer[]])[] {
  switch (job.kind) {
    case 'bg-nbd':
      return [() => [fitBgNbd(job.d, job.penalty), []]];
    case 'gamma-gamma':
      return [() => [fitRepeatBuyers(job.x, job.zbar), []]];
    case 'cohorts':
      return [() => [buildCohorts(groupedRead(job.o), job.asOf, job.opts, asideChannelLookup(job.channel)), []]];
    case 'summary': {
      // As customer-models.ts makes them here: the summary (`customerSummary`), its compressed triplets, the fits.
      let made: ReturnType<typeof summaryOf> | null = null;
      // Gamma-Gamma's customers, taken before the summary's columns move to the main thread.
      let buyers: ReturnType<typeof repeatBuyers> | null = null;
      return [
        () => {
          made = summaryOf(job.o, job.opts);
          buyers = repeatBuyers(made.summary.x, made.summary.zbar);
          const { summary: s, rows, d } = made;
          // The customers as their codes (the names this thread gave them), not as texts.
          const codes = Int32Array.from(s.ids, Number);
          const answer: SummaryAnswer = { summary: { ...s, ids: [] }, rows, d, codes };
          const arrays = [s.first, s.last, s.orders, s.days, s.revenue, s.x, s.t_x, s.T, s.zbar, s.recency];
          arrays.push(s.holdout, rows.first, rows.index, codes);
          // The compressed rows are small and stay here too (the BG/NBD part reads them): copied, not moved.
          return [answer, buffersOf(arrays)];
        },
        () => [fitBgNbd(made!.d, job.penalty), []],
        () => [fitRepeatBuyers(buyers!.x, buyers!.zbar), []],
      ];
    }
  }
}

/** The customer summary of `columns`, its distinct (x, t_x, T) rows (CLV's scores read them) and BG/NBD's data. */
function summaryOf(columns: GroupedColumns, opts: Parameters<typeof summarizeCustomers>[1]) {
  const summary = summarizeCustomers(groupedRead(columns), opts);
  const d = compress(summary.x, summary.t_x, summary.T);
  return { summary, rows: distinctTriplets(summary.x, summary.t_x, summary.T), d };
}

parentPort?.on('message', (job: AsideJob) => {
  const parts = partsOf(job);
  for (let k = 0; k < parts.length; k++) {
    if (Atomics.compareExchange(job.states, k, POSTED, BEGUN) !== POSTED) {
      // Taken by the main thread: made there. A first part taken there leaves this thread nothing to build on.
      job.ports[k].close();
      if (k === 0) {
        for (let j = 1; j < parts.length; j++) job.ports[j].close();
        return;
      }
      continue;
    }
    running.set(job, k);
    try {
      const [made, transfer] = parts[k]();
      answer(job, k, { made }, transfer);
    } catch (e) {
      answer(job, k, { error: String((e as Error)?.stack ?? e) });
    }
  }
});
