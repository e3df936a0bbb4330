/**
 * The BG/NBD and Gamma-Gamma fits in a worker thread (./fit-aside-worker.ts), beside the analyses the main thread runs
 * before CLV (issues 13 and 14): on the 1M-order benchmark the two fits are about 0.2 s of one core, at 10,000,000
 * customers Gamma-Gamma alone about 10 s, and the command line otherwise leaves the machine's second core idle while
 * the main thread analyses.
 *
 * The analyses are synchronous (`runAnalyses`), so the fits are posted early (customer-models.ts `startModels`) and
 * taken without the event loop: each job has a state word in shared memory and a MessagePort; the worker claims a job
 * by its word, fits, posts the fit on the port and marks it done; the main thread, when CLV needs the fit, either
 * claims the job first (the worker has not begun it: the main thread fits it itself, so neither thread idles while a
 * fit is left) or waits on the word (`Atomics.wait`) and reads the port (`receiveMessageOnPort`). The worker runs the
 * same functions on the same numbers as the main thread would: the same fit to the last bit. A worker that fails
 * leaves the fit to the main thread (customer-models.ts).
 */
import { basename } from 'node:path';
import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { BgNbdFit } from '../analysis/user/bg-nbd.js';
import type { ModelsAside, SummaryAndModels, TakeFit } from '../analysis/user/customer-models.js';
import type { GammaGammaFit } from '../analysis/user/gamma-gamma.js';
import { distinctOrders, groupedOrders, type GroupedOrders } from '../analysis/user/orders.js';
import { startModuleWorker } from '../xlsx/worker-thread.js';
import { DONE, POSTED, TAKEN, type FitJob, type FitWork, type SummaryOrders } from './fit-jobs.js';

/**
 * Below this many customers the fits are left to the main thread: the worker's start (a thread and its bundled
 * module, 20-60 ms of the other core) and the handing over cost about what the fits do at that size.
 */
export const ASIDE_MIN_CUSTOMERS = 20_000;

/** The worker's module: its URL for `startModuleWorker` (another in tests). */
const WORKER_MODULE = new URL('./fit-aside-worker.ts', import.meta.url);

/** One worker thread, started on its first job (or by `prestart`), unref'd: it never holds the process open. */
export class FitThread {
  private worker: Worker | null = null;
  private failed = false;

  constructor(private readonly module: URL = WORKER_MODULE) {}

  /** Starts the thread ahead of its first job (its module loads meanwhile); false when it cannot start. */
  prestart(): boolean {
    if (this.worker || this.failed) return !this.failed;
    // LOOPBOOK_FIT_THREAD=0: every fit on the main thread (a comparison, or a machine where threads misbehave).
    if (process.env.LOOPBOOK_FIT_THREAD === '0') this.failed = true;
    if (this.failed) return false;
    try {
      this.worker = startModuleWorker(this.module, basename(this.module.pathname).replace(/\.[jt]s$/, ''), null);
      // A thread that fails marks its begun jobs done with an error (the worker's exit handler); jobs not begun are
      // taken by the main thread. The event here only must not go unhandled.
      this.worker.on('error', () => undefined);
      this.worker.unref();
    } catch {
      this.failed = true;
    }
    return !this.failed;
  }

  /**
   * Posts a job (`transfer`: buffers moved to the thread) and returns how to take it: the worker's fit, or `here()`
   * when the main thread claims the job first. Null when the thread cannot start.
   */
  post<T>(job: FitWork, here: () => T, transfer: ArrayBuffer[] = []): TakeFit<T> | null {
    if (!this.prestart()) return null;
    const state = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const posted: FitJob = { ...job, state, port: port2 };
    this.worker!.postMessage(posted, [port2, ...transfer]);
    let result: { fit: T } | undefined;
    return () => {
      if (!result) {
        const t0 = performance.now();
        const takenHere = Atomics.compareExchange(state, 0, POSTED, TAKEN) === POSTED;
        if (takenHere) result = { fit: here() };
        else {
          while (Atomics.load(state, 0) !== DONE) Atomics.wait(state, 0, Atomics.load(state, 0));
          const answer = receiveMessageOnPort(port1)?.message as { fit?: T; error?: string } | undefined;
          if (!answer || answer.error !== undefined || !('fit' in answer))
            throw new Error(`fit thread: ${answer?.error ?? 'no fit posted'}`);
          result = { fit: answer.fit as T };
        }
        port1.close();
        // LOOPBOOK_FIT_TRACE=1: where each fit was made, and how long this thread waited for it or made it.
        if (process.env.LOOPBOOK_FIT_TRACE === '1') {
          const ms = Math.round(performance.now() - t0);
          process.stderr.write(`${JSON.stringify({ fitJob: job.kind, madeIn: takenHere ? 'main' : 'worker', ms })}\n`);
        }
      }
      return result.fit;
    };
  }
}

/**
 * `a` in shared memory (a copy unless it is there already: the grouped columns are, orders.ts `scatterByCustomer`):
 * posted, it is not copied again (a typed array of an ArrayBuffer is serialised and copied into the worker, and the
 * serialised bytes live until collected).
 */
function shared<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * The command line's `ModelsAside`: the fits of summaries of at least `minCustomers` customers posted to `thread`,
 * smaller ones left to the main thread.
 */
export function workerAside(thread = new FitThread(), minCustomers = ASIDE_MIN_CUSTOMERS): ModelsAside {
  return {
    minCustomers,
    bgNbd: (d, penalty, here) => thread.post<BgNbdFit>({ kind: 'bg-nbd', d, penalty }, here),
    summaryAndModels: (o, opts, penalty) => {
      // Grouped here (the analyses before CLV read the same grouping) and shared, so the worker only summarises.
      const g = groupedOrders(o);
      const grouped: GroupedOrders = {
        start: shared(g.start),
        idx: shared(g.idx),
        date: shared(g.date),
        amount: shared(g.amount),
        refund: shared(g.refund),
        orderCode: g.orderCode && shared(g.orderCode),
      };
      const columns: SummaryOrders = {
        grouped,
        distinct: distinctOrders(g),
        customers: o.customers,
        orderCodes: o.orderCodes,
        hasOrderCode: o.orderCode !== undefined,
      };
      return thread.post<SummaryAndModels | null>({ kind: 'summary', o: columns, opts, penalty }, () => null);
    },
    gammaGamma: (x, zbar, here) =>
      thread.post<GammaGammaFit | null>({ kind: 'gamma-gamma', x, zbar }, here, [
        x.buffer as ArrayBuffer,
        zbar.buffer as ArrayBuffer,
      ]),
  };
}
