/**
 * Analyses' work in a worker thread (./aside-worker.ts), beside the analyses the main thread runs (issues 13 and 14):
 * cohorts, CLV's customer summary and its BG/NBD and Gamma-Gamma fits. On the 1M-order benchmark these are about
 * 0.4 s of one core, at 10,000,000 customers Gamma-Gamma alone about 10 s, and the command line otherwise leaves the
 * machine's second core idle while the main thread analyses.
 *
 * The analyses are synchronous (`runAnalyses`), so the work is posted before the first analysis (`startAside`) and
 * taken without the event loop: each part of a job has a state word in shared memory and a MessagePort; the worker
 * claims a part by its word, makes it, posts it on the port and marks it done; the main thread, when an analysis
 * needs it, either claims the part first (the worker has not begun it: the main thread makes it itself, so neither
 * thread idles while work is left) or waits on the word (`Atomics.wait`) and reads the port (`receiveMessageOnPort`).
 * The worker runs the same functions on the same numbers as the main thread would: the same results to the last bit.
 * A worker that fails leaves the work to the main thread.
 */
import { basename } from 'node:path';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { BgNbdFit } from '../analysis/user/bg-nbd.js';
import { buildCohortsAside, startCohortsAside, type CohortData, type CohortsAside } from '../analysis/user/cohorts.js';
import { fitModelsAside, type ModelsAside, type SummaryMade, type Take } from '../analysis/user/customer-models.js';
import type { GammaGammaFit } from '../analysis/user/gamma-gamma.js';
import { distinctOrders, groupedOrders, type GroupedOrders, type OrderArrays } from '../analysis/user/orders.js';
import { startClvModels } from '../analysis/user/clv.js';
import type { AnalysisInputs, CommonOptions } from '../analysis/registry-types.js';
import { startModuleWorker } from '../xlsx/worker-thread.js';
import {
  DONE,
  PARTS,
  POSTED,
  TAKEN,
  type AsideJob,
  type AsideWork,
  type GroupedColumns,
  type SummaryAnswer,
} from './aside-jobs.js';

/**
 * Below this many customers the work stays on the main thread: the worker's start (a thread and its bundled module,
 * 20-60 ms of the other core) and the handing over cost about what the work does at that size.
 */
export const ASIDE_MIN_CUSTOMERS = 20_000;

/** The command's one worker thread for analyses (`workerAsides`' default). */
let commandThread: AsideThread | null = null;

/**
 * Starts the command's worker thread now when an input has at least `ASIDE_MIN_CUSTOMERS` rows (`rows`: its largest),
 * so that its start (a thread and its module: 150-250 ms before it could take work on the 1M-order benchmark, when
 * started with the first job) overlaps the inputs' ingest, on a core the read no longer uses.
 */
export function prestartAside(rows: number): void {
  if (rows >= ASIDE_MIN_CUSTOMERS) (commandThread ??= new AsideThread()).prestart();
}

/**
 * Ends the command's worker thread once the analyses are done: idle, it would keep its heap (at 10,000,000
 * customers the Gamma-Gamma fit's buyers and their garbage) through the report and the workbook, where the run's
 * memory peaks.
 */
export function endAside(): void {
  commandThread?.close();
  commandThread = null;
}

/** The worker's module: its URL for `startModuleWorker` (another in tests). */
const WORKER_MODULE = new URL('./aside-worker.ts', import.meta.url);

/** One worker thread, started on its first job (or by `prestart`), unref'd: it never holds the process open. */
export class AsideThread {
  private worker: Worker | null = null;
  private failed = false;
  /** The state words of the jobs posted (see `settled`). */
  private readonly posted: Int32Array[] = [];

  constructor(private readonly module: URL = WORKER_MODULE) {}

  /** Starts the thread ahead of its first job (its module loads meanwhile); false when it cannot start. */
  prestart(): boolean {
    if (this.worker || this.failed) return !this.failed;
    // LOOPBOOK_ASIDE_THREAD=0: everything on the main thread (a comparison, or a machine where threads misbehave).
    if (process.env.LOOPBOOK_ASIDE_THREAD === '0') this.failed = true;
    if (this.failed) return false;
    try {
      this.worker = startModuleWorker(this.module, basename(this.module.pathname).replace(/\.[jt]s$/, ''), null);
      // A thread that fails marks its begun parts done with an error (the worker's exit handler); parts not begun
      // are taken by the main thread. The event here only must not go unhandled.
      this.worker.on('error', () => undefined);
      this.worker.unref();
    } catch {
      this.failed = true;
    }
    return !this.failed;
  }

  /** Ends the thread (what it holds is given back); a later job starts another. */
  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  /** Whether every part posted so far is made or taken (by either thread): what a test waits for. */
  settled(): boolean {
    return this.posted.every((states) => states.every((_, k) => Atomics.load(states, k) >= TAKEN));
  }

  /**
   * Posts `work` (`transfer`: buffers moved to the thread) and returns how to take each of its parts: the worker's
   * result, or `here()` when the main thread claims the part first. Null when the thread cannot start.
   */
  post(work: AsideWork, transfer: ArrayBuffer[] = []): Take<unknown>[] | null {
    if (!this.prestart()) return null;
    const parts = PARTS[work.kind];
    const states = new Int32Array(new SharedArrayBuffer(4 * parts));
    const channels = Array.from({ length: parts }, () => new MessageChannel());
    const ports = channels.map((c) => c.port2);
    const job: AsideJob = { ...work, states, ports };
    this.worker!.postMessage(job, [...ports, ...transfer]);
    this.posted.push(states);
    return channels.map((c, k) => taker(work.kind, k, states, c.port1));
  }
}

/** How to take part `k` of a job (see `AsideThread.post`): made once, then the same result each time. */
function taker(kind: string, k: number, states: Int32Array, port: MessagePort): Take<unknown> {
  let result: { made: unknown } | undefined;
  const take = (here: () => unknown): unknown => {
    if (!result) {
      const t0 = performance.now();
      const takenHere = Atomics.compareExchange(states, k, POSTED, TAKEN) === POSTED;
      try {
        if (takenHere) result = { made: here() };
        else {
          for (let s = Atomics.load(states, k); s !== DONE; s = Atomics.load(states, k)) Atomics.wait(states, k, s);
          const answer = receiveMessageOnPort(port)?.message as { made?: unknown; error?: string } | undefined;
          if (!answer || answer.error !== undefined || !('made' in answer))
            throw new Error(`worker thread: ${answer?.error ?? 'no answer posted'}`);
          result = { made: answer.made };
        }
      } finally {
        port.close();
      }
      // LOOPBOOK_ASIDE_TRACE=1: where each part was made, and how long this thread waited for it or made it.
      if (process.env.LOOPBOOK_ASIDE_TRACE === '1') {
        const line = {
          aside: kind,
          part: k,
          madeIn: takenHere ? 'main' : 'worker',
          ms: Math.round(performance.now() - t0),
        };
        process.stderr.write(`${JSON.stringify(line)}\n`);
      }
    }
    return result.made;
  };
  return Object.assign(take, { begun: () => Atomics.load(states, k) !== POSTED });
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

/** What the worker reads of `o`: its grouping (made here if not yet: the analyses read the same one), shared. */
function groupedColumns(o: OrderArrays): GroupedColumns {
  const g = groupedOrders(o);
  const distinct = distinctOrders(g);
  const grouped: GroupedOrders = {
    start: shared(g.start),
    idx: shared(g.idx),
    date: shared(g.date),
    amount: shared(g.amount),
    refund: shared(g.refund),
    // Rows each an order of their own: their grouped codes are not read (customer-summary.ts), nor made (orders.ts).
    orderCode: distinct ? null : g.orderCode && shared(g.orderCode),
  };
  return {
    grouped,
    distinct,
    customerCount: o.customers.length,
    orderCodes: o.orderCodes,
    hasOrderCode: o.orderCode !== undefined,
  };
}

/** A summary the worker made (its customers as codes: aside-jobs.ts `SummaryAnswer`), its ids put back from `o`'s. */
function withIds(o: OrderArrays, made: SummaryAnswer | null): SummaryMade | null {
  if (!made) return null;
  const { summary, rows, d, codes } = made;
  return { summary: { ...summary, ids: Array.from(codes, (c) => o.customers[c]) }, rows, d };
}

/**
 * The command line's asides (customer-models.ts `ModelsAside`, cohorts.ts `CohortsAside`): the work of orders reads
 * and summaries of at least `minCustomers` customers posted to `thread`, smaller ones left to the main thread.
 */
export function workerAsides(
  thread = (commandThread ??= new AsideThread()),
  minCustomers = ASIDE_MIN_CUSTOMERS,
): { models: ModelsAside; cohorts: CohortsAside } {
  const first = <T>(takes: Take<unknown>[] | null): Take<T> | null => (takes ? (takes[0] as Take<T>) : null);
  return {
    models: {
      minCustomers,
      bgNbd: (d, penalty) => first<BgNbdFit>(thread.post({ kind: 'bg-nbd', d, penalty })),
      gammaGamma: (x, zbar) =>
        first<GammaGammaFit | null>(
          thread.post({ kind: 'gamma-gamma', x, zbar }, [x.buffer as ArrayBuffer, zbar.buffer as ArrayBuffer]),
        ),
      summaryAndModels: (o, opts, penalty) => {
        if (!thread.prestart()) return null;
        const takes = thread.post({ kind: 'summary', o: groupedColumns(o), opts, penalty });
        if (!takes) return null;
        const [summary, bg, gg] = takes;
        return {
          summary: Object.assign(
            // The worker's summary (its ids put back), else — the main thread took the part first — `here`'s.
            (here: () => SummaryMade | null) =>
              withIds(
                o,
                (summary as Take<SummaryAnswer | null>)(() => null),
              ) ?? here(),
            { begun: summary.begun },
          ),
          bg: bg as Take<BgNbdFit>,
          gg: gg as Take<GammaGammaFit | null>,
        };
      },
    },
    cohorts: {
      minCustomers,
      build: (o, asOf, opts, channel) => {
        if (!thread.prestart()) return null;
        return first<CohortData>(thread.post({ kind: 'cohorts', o: groupedColumns(o), asOf, opts, channel }));
      },
    },
  };
}

/**
 * Starts aside what the enabled analyses of a run will take (the cohorts, CLV's summary and fits), before the first
 * runs: `runAnalyses`' `beforeAnalyses` in the command line, the peer benchmark's own order likewise. The cohorts go
 * first, as they are taken first.
 */
export function startAside(
  inputs: AnalysisInputs,
  analyses: readonly { kind: string; enabled: boolean; options?: Record<string, unknown> }[],
  common: CommonOptions,
): void {
  for (const a of analyses) if (a.enabled && a.kind === 'cohorts') startCohortsAside(inputs, common, a.options ?? {});
  for (const a of analyses)
    if (a.enabled && a.kind === 'clv') startClvModels(inputs, a.options ?? {}, common.asOf, common.memo!);
}

/** Makes the analyses hand their work to `asides` from now on (`workerAsides`; null: all on this thread again). */
export function useAsides(asides: { models: ModelsAside; cohorts: CohortsAside } | null): void {
  fitModelsAside(asides?.models ?? null);
  buildCohortsAside(asides?.cohorts ?? null);
}
