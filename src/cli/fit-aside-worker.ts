/**
 * The models' worker thread (./fit-aside.ts): fits BG/NBD and Gamma-Gamma posted by the main thread, one job at a
 * time in the order posted. A job is skipped when the main thread took it first (its state word no longer 0: the
 * main thread fits it itself); else the fit, or its error, is posted on the job's port and its state set to done.
 */
import { parentPort } from 'node:worker_threads';
import { compress, distinctTriplets, fitBgNbd } from '../analysis/user/bg-nbd.js';
import type { SummaryAndModels } from '../analysis/user/customer-models.js';
import { summarizeCustomers, type SummaryOptions } from '../analysis/user/customer-summary.js';
import { fitGammaGamma, fitRepeatBuyers } from '../analysis/user/gamma-gamma.js';
import { adoptGroupedOrders, type OrderArrays } from '../analysis/user/orders.js';
import { BEGUN, DONE, POSTED, type FitJob, type SummaryOrders } from './fit-jobs.js';

/** Jobs begun here and not done: ended with an error if the thread ends, so that no wait is left without end. */
const running = new Set<FitJob>();

function answer(job: FitJob, message: { fit: unknown } | { error: string }, transfer: ArrayBuffer[] = []): void {
  running.delete(job);
  job.port.postMessage(message, transfer);
  job.port.close();
  Atomics.store(job.state, 0, DONE);
  Atomics.notify(job.state, 0);
}

process.on('exit', () => {
  for (const job of running) answer(job, { error: 'the fit thread ended before it posted a fit' });
});

parentPort?.on('message', (job: FitJob) => {
  if (Atomics.compareExchange(job.state, 0, POSTED, BEGUN) !== POSTED) {
    job.port.close();
    return;
  }
  running.add(job);
  try {
    if (job.kind === 'summary') {
      const made = summaryAndModels(job.o, job.opts, job.penalty);
      const { summary, rows } = made;
      const arrays = [summary.first, summary.last, summary.orders, summary.days, summary.revenue, summary.x];
      arrays.push(summary.t_x, summary.T, summary.zbar, summary.recency, summary.holdout, rows.first, rows.index);
      answer(job, { fit: made }, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
    } else
      answer(job, { fit: job.kind === 'bg-nbd' ? fitBgNbd(job.d, job.penalty) : fitRepeatBuyers(job.x, job.zbar) });
  } catch (e) {
    answer(job, { error: String((e as Error)?.stack ?? e) });
  }
});

/**
 * The customer summary of the orders' columns and both fits on it, as the main thread would make them
 * (customer-models.ts `customerSummary` and `customerModels`), with the distinct triplets CLV's scores read.
 */
function summaryAndModels(columns: SummaryOrders, opts: SummaryOptions, penalty: number): SummaryAndModels {
  // The summary reads the grouped columns, the customers, and whether and how many order codes there are
  // (customer-summary.ts; the order ids' texts only without codes): an orders read of no rows of its own.
  const { grouped, distinct, customers, orderCodes, hasOrderCode } = columns;
  const none = new Int32Array(0);
  const o: OrderArrays = {
    code: none,
    customers,
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
  const summary = summarizeCustomers(o, opts);
  const bg = fitBgNbd(compress(summary.x, summary.t_x, summary.T), penalty);
  const rows = distinctTriplets(summary.x, summary.t_x, summary.T);
  return { summary, rows, penalty, bg, gg: fitGammaGamma(summary.x, summary.zbar) };
}
