/**
 * The .csv reader on two threads (issue 13), for a large file: the main thread reads from the start while a worker
 * thread (./read-csv-worker.ts) reads from the first line start after the middle to the end, each into columns of
 * its own; the worker's columns are then appended to the main thread's as if it had read on (its distinct values
 * looked up in the main thread's dictionaries in their order of first appearance, its codes renumbered in one
 * pass), so the result is the one-thread read's, value for value and code for code.
 *
 * Exact by construction: the main thread reads from the true start, so where it stands is certain. It reads up to
 * the first record start at or past the split; if that is the split itself, the records after it are the worker's
 * (a record start is all a read's state, besides its count). If the split was inside a quoted field (a line break
 * in a value), the main thread is past it, and it drops the worker's answer and reads on alone; so it does when
 * the worker fails, hits a limit (the error is then the one-thread read's, with its row) or cannot start.
 *
 * Two ways in: a plain UTF-8 file on disk is read by each thread in its own share, the worker's share claimed while
 * the main thread reads (`parseCsvFileParallel`, which `readCsv` uses); other text (a .gz inflated, a file in
 * another encoding decoded) is in memory already, and the worker is given its share of it at a fixed split
 * (`parseCsvBytesParallel`).
 *
 * From the TypeScript sources (the CLI and the benches), the worker runs as one file that esbuild builds and
 * .cache/cli/ keeps (./worker-thread.ts `workerBundle`); failing that, it registers tsx's CommonJS hooks itself
 * (tsx's ES-module hooks start a loader thread of their own, about 0.4 s more on a busy machine).
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './worker-thread.js';
import {
  CSV_WINDOW,
  CSV_WORKER_READY,
  CsvBytesReader,
  FileWindow,
  readRange,
  runWindows,
  WINDOW_SLACK,
  type CsvWorkerData,
  parseCsvBytes,
  threadCpuMs,
  type ParsedCsvColumns,
} from './read-csv-bytes.js';
import type { CsvDelimiter, CsvParseLimits } from './read-csv.js';
import type { CsvJob, CsvJobAnswer, CsvJobResult } from './read-csv-worker.js';

/** Files of fewer bytes are read on one thread: the worker's start (0.1–0.3 s) would not pay. */
export const CSV_PARALLEL_MIN_BYTES = 8 * 2 ** 20;

/** The machine's CPU milliseconds so far, summed over its cores: idle, and in all; null when unknown. */
function cpuTimes(): CoreTimes | null {
  try {
    let idle = 0;
    let all = 0;
    for (const { times } of cpus()) {
      idle += times.idle;
      all += times.user + times.nice + times.sys + times.idle + times.irq;
    }
    return all > 0 ? { idle, all } : null;
  } catch {
    return null;
  }
}

/**
 * The cores' times when this module was loaded (at the command's start: the CLI loads the reader with everything
 * else), the start of the window over which `idleCores` measures.
 */
const loaded = cpuTimes();

/**
 * A window shorter than this (milliseconds a core; the times count 10 ms ticks) says too little:
 * `decideParallelMinBytes` waits for the rest of it, `defaultParallelMinBytes` goes by the load average.
 */
export const MIN_WINDOW_MS = 80;

/** Idle cores (on average, over the window `idleCores` measures) from which a second thread is started. */
export const FREE_CORE = 0.5;

/** CPU times of a machine's cores, summed (milliseconds): idle, and in all. */
export interface CoreTimes {
  idle: number;
  all: number;
}

/**
 * Cores that were idle on average between the times `since` (default: this module's load) and `now`, over `n`
 * cores, and the window's length a core in milliseconds (NaN when the times are unknown); `cores` null when the
 * times are unknown or the window is shorter than `MIN_WINDOW_MS`.
 */
export function idleCores(
  since: CoreTimes | null = loaded,
  now: CoreTimes | null = cpuTimes(),
  n = cpus().length,
): { cores: number | null; windowMs: number } {
  if (!since || !now || n < 1) return { cores: null, windowMs: NaN };
  const all = now.all - since.all;
  const windowMs = all / n;
  return { cores: windowMs >= MIN_WINDOW_MS ? (n * (now.idle - since.idle)) / all : null, windowMs };
}

/** Instant run-queue samples `othersRunning` takes, and the sleep between two (milliseconds): 4 ms in all. */
const RUN_QUEUE_SAMPLES = 8;
const RUN_QUEUE_GAP_MS = 0.5;

/** Tasks running or ready to run on the machine right now (Linux's /proc/loadavg, "running/total"); null elsewhere. */
function runnableNow(): number | null {
  try {
    const n = Number.parseInt(readFileSync('/proc/loadavg', 'latin1').split(' ')[3] ?? '', 10);
    return Number.isFinite(n) && n >= 1 ? n : null;
  } catch {
    return null;
  }
}

/**
 * Tasks other than this thread that want a core now, on average over instant samples of the machine's run queue
 * (`sample`, taken `RUN_QUEUE_SAMPLES` times `RUN_QUEUE_GAP_MS` apart, this thread asleep in between): each sample
 * counts this thread itself, which runs as it samples. Null when the run queue cannot be read (not Linux).
 */
export function othersRunning(sample: () => number | null = runnableNow, samples = RUN_QUEUE_SAMPLES): number | null {
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    if (i > 0) Atomics.wait(sleep, 0, 0, RUN_QUEUE_GAP_MS);
    const n = sample();
    if (n === null) return null;
    sum += n - 1;
  }
  return sum / samples;
}

/**
 * Whether a core is free for a second thread, by the first signal that can tell (see `defaultParallelMinBytes`):
 * idle cores over a long enough window, else the other tasks running now, else the 1-minute load average.
 */
export function coreIsFree(idle: number | null, others: number | null, load: number, cores: number): boolean {
  if (idle !== null) return idle >= FREE_CORE;
  if (others !== null) return others < cores - 1 - FREE_CORE;
  return load < cores - 0.5;
}

/**
 * `readCsv`'s threshold when its caller gives none: `LOOPBOOK_CSV_THREADS=1` one thread, `=2` two threads from
 * `CSV_PARALLEL_MIN_BYTES`. Unset: two threads from `CSV_PARALLEL_MIN_BYTES` when the machine can run two at once
 * (`os.availableParallelism()`) and a core is free now, else one. Free, by the first of these that can tell:
 * - at least `FREE_CORE` of a core was idle on average since the command started (`idleCores`: the cores' idle time,
 *   of which this command's own start kept one core busy), once that window is `MIN_WINDOW_MS` long (a pane or a
 *   script that reads after other work; the command line reads 20-40 ms after its start, too soon to tell);
 * - the run queue, sampled now (`othersRunning`, 4 ms, Linux): fewer than cores − 1 − `FREE_CORE` other tasks want
 *   a core on average, so one is left for the worker beside this thread;
 * - the last minute's load average below the cores less one half (which lags: a load that ended a minute ago still
 *   counts).
 * The second thread costs CPU (its start, the merge: on the 1M-order file 1.4-1.6 s of read CPU against 1.1-1.3 s)
 * that only buys wall time when it runs beside the first; on a busy machine it runs instead of it.
 * `LOOPBOOK_CSV_TRACE=1` prints the decision.
 */
export function defaultParallelMinBytes(): number {
  const threads = process.env.LOOPBOOK_CSV_THREADS;
  if (threads === '1') return Infinity;
  if (threads === '2') return CSV_PARALLEL_MIN_BYTES;
  const cores = availableParallelism();
  if (cores < 2) return Infinity;
  const idle = idleCores();
  const others = idle.cores === null ? othersRunning() : null;
  const load = loadavg()[0];
  const free = coreIsFree(idle.cores, others, load, cores);
  if (process.env.LOOPBOOK_CSV_TRACE === '1') {
    const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
    const line = {
      csvTwoThreads: free,
      idleCores: round(idle.cores),
      windowMs: round(idle.windowMs),
      othersRunning: round(others),
      load1: round(load),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  }
  return free ? CSV_PARALLEL_MIN_BYTES : Infinity;
}

/** `parse()`, its thread CPU and wall time printed to stderr when `LOOPBOOK_CSV_TRACE=1` (a one-thread read). */
export function traced<T>(parse: () => T): T {
  if (process.env.LOOPBOOK_CSV_TRACE !== '1') return parse();
  const t0 = performance.now();
  const cpu0 = threadCpuMs();
  const out = parse();
  const line = { csvThreads: 1, readMs: Math.round(performance.now() - t0), readCpuMs: threadCpuMs() - cpu0 };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  return out;
}

/**
 * The main thread's share of text in memory (`parseCsvBytesParallel`; a file on disk is shared as the worker claims,
 * `parseCsvFileParallel`): a little under half. The merge of the worker's columns cannot start before
 * the worker's answer, so what counts is that both reads end together; the worker is ready for the job 5-30 ms after
 * it is posted (its start overlaps the file's read), and reads a byte at about the main thread's rate. On the
 * 1M-order file at 0.45 (`LOOPBOOK_CSV_TRACE=1`, 3 runs, load 13 on 2 cores) the main thread read its share in
 * 430-450 ms of CPU, the worker its 55% in 510-560 (on either, 0.96-1.0 s a whole file's worth), and the worker
 * ended 220-320 ms after the main thread, which waited for it: balanced at 0.475-0.49.
 */
const MAIN_SHARE = 0.48;

/** A worker thread started ahead of the read, for one job. */
export interface CsvHelper {
  /** The worker's read of a job (./read-csv-worker.ts `runCsvJob`); `ok` false when it failed or could not run. */
  run(job: CsvJob): Promise<CsvJobResult>;
  /**
   * The last answer's thread CPU milliseconds (the read's, and the worker's in all, its start included), and when
   * its read started and ended (milliseconds since the epoch).
   */
  cpu?: { readMs: number; totalMs: number; startedAt: number; endedAt: number };
  /**
   * Settles when the worker's module is loaded and it waits for a job (true), or when it stopped or was closed first
   * (false). Absent on helpers that are not a worker (tests).
   */
  ready?: Promise<boolean>;
  /** Ends the worker (idempotent). */
  close(): void;
}

/**
 * Whether the worker loaded its module (true) or stopped first (false), listened for only now (and until it comes):
 * the worker posts CSV_WORKER_READY after it sets `loaded`, so a flag still 0 here means the message is still to come.
 */
function whenLoaded(worker: Worker, loaded: Int32Array, closed: () => boolean): Promise<boolean> {
  if (Atomics.load(loaded, 0) === 1 || closed()) return Promise.resolve(!closed());
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean): void => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(ok);
    };
    const onMessage = (m: unknown): void => {
      if (m === CSV_WORKER_READY) done(true);
    };
    const onExit = (): void => {
      done(false);
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** Starts the worker; null when it cannot be started (the read is then on one thread). */
export function startCsvHelper(): CsvHelper | null {
  // Set to 1 by the worker once its module is loaded (`ready`), seen without a message listener: a listener on the
  // worker's messages holds the process open (Node 20), and an unused worker must not.
  const loaded = new Int32Array(new SharedArrayBuffer(4));
  const workerData: CsvWorkerData = { loaded: loaded.buffer };
  let worker: Worker;
  try {
    const ts = import.meta.url.endsWith('.ts');
    worker = startModuleWorker(
      new URL(ts ? './read-csv-worker.ts' : './read-csv-worker.js', import.meta.url),
      'csv-worker',
      workerData,
    );
  } catch {
    return null;
  }
  return helperOf(worker, loaded);
}

/** The helper of a started worker of ./read-csv-worker.ts, whose `workerData.loaded` is `loaded`'s memory. */
function helperOf(worker: Worker, loaded: Int32Array): CsvHelper {
  worker.unref();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    void worker.terminate();
  };
  // An error before any job (the module not found) must not become an uncaught exception.
  worker.on('error', close);
  let ready: Promise<boolean> | null = null;
  const helper: CsvHelper = {
    get ready() {
      ready ??= whenLoaded(worker, loaded, () => closed);
      return ready;
    },
    run(job) {
      return new Promise((resolve) => {
        if (closed) {
          resolve({ ok: false, error: 'closed' });
          return;
        }
        const fail = (): void => {
          close();
          resolve({ ok: false, error: 'the worker stopped' });
        };
        // The first message may be the worker's CSV_WORKER_READY (a job posted before it was loaded): not the answer.
        const onAnswer = (answer: CsvJobAnswer | typeof CSV_WORKER_READY): void => {
          if (answer === CSV_WORKER_READY) return;
          worker.off('message', onAnswer);
          const { cpuMs: readMs, totalCpuMs: totalMs, startedAt, endedAt, ...result } = answer;
          helper.cpu = { readMs, totalMs, startedAt, endedAt };
          close();
          resolve(result);
        };
        worker.on('message', onAnswer);
        worker.once('error', fail);
        worker.once('exit', fail);
        worker.once('messageerror', fail);
        const buffer = 'bytes' in job ? job.bytes.buffer : null;
        worker.postMessage(job, buffer && !(buffer instanceof SharedArrayBuffer) ? [buffer] : []);
      });
    },
    close,
  };
  return helper;
}

/**
 * Where a worker started ahead of a read waits (`prestartCsvHelper`) until a read takes it: on `globalThis` under a
 * registered symbol, so that another copy of this module (the command's bundle and a bench's sources load their
 * own) hands it over too.
 */
const PRESTARTED = Symbol.for('loopbook.csv.prestartedHelper');

/** A prestarted worker no read has taken after this long is ended (milliseconds). */
export const PRESTART_IDLE_MS = 30_000;

type PrestartSlot = { [PRESTARTED]?: { helper: CsvHelper; timer: ReturnType<typeof setTimeout> } };

/**
 * Starts the .csv reader's worker ahead of the read that will use it, so that its start (a thread, the worker's
 * module, 64-257 ms on the 1M-order file in stop 35's traces, when only the main thread read) overlaps what the
 * caller does before reading: the command's own start-up, or a benchmark's set-up (DuckDB's peer creates its
 * instance, its thread pool, before its timed read). The next `readCsv` of a file large enough for two threads
 * takes it; a second read starts its own. Started only when `path` (if given) is a .gz or at least
 * `CSV_PARALLEL_MIN_BYTES`, and when `defaultParallelMinBytes` (the machine has a free core now) would read on two
 * threads; the read that takes it keeps that decision (deciding again would count the booting worker as another
 * task wanting a core). The worker is unref'd: unused, it never keeps the process alive, and it is ended after
 * `idleMs` (`start`: how it is started, a test's watch). Returns null when no worker was started, else the worker
 * waiting, whose `ready()` a caller with nothing else to do meanwhile (a benchmark) may await. Node only (worker threads); the pane never calls it.
 * A worker bin/loopbook.js started for the same `path` before the engine loaded (`EARLY`) is taken instead, on
 * its judgement; one started for another file is ended.
 */
export function prestartCsvHelper(
  path?: string,
  { idleMs = PRESTART_IDLE_MS, start = startCsvHelper }: { idleMs?: number; start?: () => CsvHelper | null } = {},
): Prestarted | null {
  const slot = globalThis as PrestartSlot;
  const early = takeEarlyCsvWorker();
  const already = slot[PRESTARTED];
  if (already) {
    void early?.worker.terminate();
    return prestarted(already.helper);
  }
  // Started by bin/loopbook.js for this file, on its own judgement of the machine (made before the engine loaded,
  // and not made again: the booting worker would count as a task wanting a core).
  if (early && path !== undefined && early.path === path)
    return keepPrestarted(helperOf(early.worker, new Int32Array(early.loaded)), idleMs);
  void early?.worker.terminate();
  if (path !== undefined && !/\.gz$/i.test(path)) {
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      return null;
    }
    if (size < CSV_PARALLEL_MIN_BYTES) return null;
  }
  if (defaultParallelMinBytes() === Infinity) return null;
  const helper = start();
  return helper ? keepPrestarted(helper, idleMs) : null;
}

/** `helper` in the slot until a read takes it, ended after `idleMs` if none does. */
function keepPrestarted(helper: CsvHelper, idleMs: number): Prestarted {
  const slot = globalThis as PrestartSlot;
  const waiting = {
    helper,
    timer: setTimeout(() => {
      if (slot[PRESTARTED] === waiting) slot[PRESTARTED] = undefined;
      helper.close();
    }, idleMs),
  };
  waiting.timer.unref();
  slot[PRESTARTED] = waiting;
  return prestarted(helper);
}

/**
 * Where bin/loopbook.js leaves the .csv worker it starts before it loads the engine (about 1 s of the command's
 * start, which the worker's own start, 60-250 ms, then overlaps: started from the engine, the worker took its job
 * 80-118 ms after the main thread posted it on the 1M-order file, load 5 on 2 cores): the worker of
 * ./read-csv-worker.ts's bundle, its `workerData.loaded` flag's memory, and the .csv path it was started for. The
 * first `prestartCsvHelper` takes it (for that path; else ends it), so does `dropEarlyCsvWorker`.
 */
const EARLY = Symbol.for('loopbook.csv.earlyWorker');

/** A worker started by bin/loopbook.js (see `EARLY`). */
export interface EarlyCsvWorker {
  worker: Worker;
  loaded: SharedArrayBuffer;
  path: string;
}

type EarlySlot = { [EARLY]?: EarlyCsvWorker };

/** The worker bin/loopbook.js started, taken from its slot; null when none. */
function takeEarlyCsvWorker(): EarlyCsvWorker | null {
  const slot = globalThis as EarlySlot;
  const early = slot[EARLY] ?? null;
  slot[EARLY] = undefined;
  return early;
}

/** Ends the worker bin/loopbook.js started, if any (the command names no .csv input after all). */
export function dropEarlyCsvWorker(): void {
  void takeEarlyCsvWorker()?.worker.terminate();
}

/** A prestarted worker, for its caller: `ready()` settles when it is loaded (true) or stopped first (false). */
export interface Prestarted {
  ready(): Promise<boolean>;
}

/** Asked for only when called: listening for the worker's message holds the process open until it comes. */
const prestarted = (helper: CsvHelper): Prestarted => ({ ready: () => helper.ready ?? Promise.resolve(true) });

/** The worker `prestartCsvHelper` started, taken (the next call gets null until another is prestarted). */
export function takePrestartedCsvHelper(): CsvHelper | null {
  const slot = globalThis as PrestartSlot;
  const waiting = slot[PRESTARTED];
  if (!waiting) return null;
  slot[PRESTARTED] = undefined;
  clearTimeout(waiting.timer);
  return waiting.helper;
}

/**
 * `parseCsvBytes` with the records after the middle read by `helper`'s worker: the same columns (`threads`: 2 when
 * the worker's records were taken, 1 when the main thread read them all). The worker's share starts at the first line
 * start after `middle` (`MAIN_SHARE` of the text unless a test places it). The worker reads the second half where it
 * is when `src` is in shared memory (`readCsv` reads a large file so), else a copy of it (transferred).
 */
export async function parseCsvBytesParallel(
  src: Buffer,
  start: number,
  delimiter: CsvDelimiter,
  limits: CsvParseLimits,
  helper: CsvHelper,
  middle = start + Math.floor((src.length - start) * MAIN_SHARE),
): Promise<ParsedCsvColumns & { threads: 1 | 2 }> {
  const n = src.length;
  const reader = new CsvBytesReader(src, start, delimiter, limits);
  if (n <= start) {
    helper.close();
    return { ...reader.result(), threads: 1 };
  }
  const lf = src.indexOf(10, Math.max(start, middle));
  const split = lf < 0 ? n : lf + 1;
  if (split >= n) {
    helper.close();
    reader.run(start, Infinity);
    return { ...reader.result(), threads: 1 };
  }
  // Bytes in shared memory (a file read for two threads) are the worker's as they are; others, a copy.
  let bytes: Uint8Array = src.subarray(split);
  if (!(src.buffer instanceof SharedArrayBuffer)) {
    bytes = new Uint8Array(n - split);
    bytes.set(src.subarray(split));
  }
  const { maxRows, maxColumns, maxCellChars } = limits;
  const trace = process.env.LOOPBOOK_CSV_TRACE === '1';
  const t0 = performance.now();
  const cpu0 = trace ? threadCpuMs() : 0;
  const pending = helper.run({ bytes, delimiter, maxRows, maxColumns, maxCellChars });
  let at = reader.run(start, split);
  let threads: 1 | 2 = 1;
  const t1 = performance.now();
  const cpu1 = trace ? threadCpuMs() : 0;
  let t2 = t1;
  if (at === split) {
    const answer = await pending;
    t2 = performance.now();
    limits.clock?.check(limits.part);
    if (answer.ok && reader.rows + answer.part.rows <= maxRows) {
      reader.absorb(answer.part);
      at = n;
      threads = 2;
    }
  } else helper.close();
  if (at < n) reader.run(at, Infinity);
  const result = reader.result();
  if (trace) {
    const ms = (x: number): number => Math.round(x);
    const line = {
      csvThreads: threads,
      mainReadMs: ms(t1 - t0),
      mainReadCpuMs: cpu1 - cpu0,
      waitMs: ms(t2 - t1),
      mergeMs: ms(performance.now() - t2),
      mergeCpuMs: threadCpuMs() - cpu1,
      workerReadCpuMs: helper.cpu?.readMs,
      workerTotalCpuMs: helper.cpu?.totalMs,
      // Where each thread stood, from the job's post (t0): when the worker began and ended its read, and when the
      // main thread ended its own; the answer's delivery after the worker's end.
      workerStartMs: helper.cpu && ms(helper.cpu.startedAt - performance.timeOrigin - t0),
      workerEndMs: helper.cpu && ms(helper.cpu.endedAt - performance.timeOrigin - t0),
      mainEndMs: ms(t1 - t0),
      deliveryMs: helper.cpu && ms(t2 - (helper.cpu.endedAt - performance.timeOrigin)),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  }
  return { ...result, threads };
}

/** Bytes the main thread reads first, before the worker's job is posted: what the sniffing reads (`textPrefix`). */
export const CSV_HEAD_BYTES = 1_300_000;

/**
 * Bytes past the middle the main thread reads beyond its share, to find the split (the first line start after the
 * middle) and to see a quoted field run past it. A line longer than this at the middle: one thread.
 */
export const SPLIT_SLACK = 1 << 20;

/**
 * The main thread's window onto a file read on two threads (`FileWindow`: `CSV_STEP` and `SPLIT_SLACK` and a
 * `CSV_WINDOW` more, grown when a record needs it), its first `CSV_HEAD_BYTES` read at once for the sniffing. A
 * buffer the size of the file (64 MB for the 1M-order file) cost the main thread a page fault a page when first
 * read into. (It also made V8 collect its young objects at the next two allocations of an array, GC reason "external
 * memory pressure", 10-25 ms; the columns' codes, 26 MB allocated at the read's start, still do, a little later.)
 */
export class CsvFileShare extends FileWindow {
  /** `capacity` and `head`: smaller in tests. */
  constructor(path: string, size: number, capacity = CSV_STEP + SPLIT_SLACK + CSV_WINDOW, head = CSV_HEAD_BYTES) {
    super(path, size, 0, capacity);
    try {
      this.readTo(head);
    } catch (err) {
      this.close();
      throw err;
    }
  }
}

/**
 * Bytes the main thread reads and splits between two looks at whether the worker has claimed the end of the file
 * (`parseCsvFileParallel`): the worker claims from at most this much past where the main thread stands.
 */
export const CSV_STEP = 1 << 20;

/** Bytes left after the main thread's promise below which the worker claims none: its merge would not pay. */
export const MIN_CLAIM = 4 * 2 ** 20;

/**
 * A file read on two threads, the worker reading its share itself (`runCsvJob`'s file job) while the main thread
 * reads its own: the columns of `parseCsvBytes` over the whole file, as `parseCsvBytesParallel` gives them, or null
 * when its bytes are not well-formed UTF-8 after all (the caller's sniffing saw only the head: the file is then read
 * as one text). `share` holds the head; the text starts at `start` (past a BOM or a `sep=` line).
 *
 * Where the worker's share starts is not fixed ahead: the main thread reads and splits `step` bytes at a time from
 * the start, promising each step before it reads it, and the worker, when it is ready, claims half of what is left
 * after the promise (`claimFileEnd`, one compare-and-swap against the main thread's next promise). A worker slow to
 * start (a busy machine, 40-200 ms) leaves the main thread less to wait for, and one that never starts leaves it
 * reading alone; neither thread waits for the other before it reads. The split is the first line start at or after
 * the claimed offset, which both threads find in their own bytes.
 *
 * The whole file is well-formed UTF-8 when the bytes before the split (checked here, a step at a time, each ending
 * at a record start) and those after it (checked by the worker) are: a cut after an ASCII byte ends a character.
 * Where the worker's answer is not taken (see `parseCsvBytesParallel`) the main thread reads the rest of the file and
 * reads on; where a record ran past the bytes read so far (a quoted field longer than `SPLIT_SLACK` at a step, or
 * than `WINDOW_SLACK` past a window), it reads the whole file again from the start (the worker, its share).
 *
 * Each thread reads its bytes through a window onto the file that it moves on as it splits (`runWindows`), not into
 * a buffer of its share's size. `options` (tests): the step, the middle, the least claim, and the windows' size and
 * slack (the slack also for the bytes read past a step).
 */
export async function parseCsvFileParallel(
  share: CsvFileShare,
  start: number,
  delimiter: CsvDelimiter,
  limits: CsvParseLimits,
  helper: CsvHelper,
  options: { step?: number; middle?: number; minClaim?: number; window?: number; slack?: number } = {},
): Promise<(ParsedCsvColumns & { threads: 1 | 2 }) | null> {
  const { path, size } = share;
  const { maxRows, maxColumns, maxCellChars } = limits;
  const trace = process.env.LOOPBOOK_CSV_TRACE === '1';
  const t0 = performance.now();
  const cpu0 = trace ? threadCpuMs() : 0;
  const { slack } = options;
  const main = new MainShare(share, start, delimiter, limits, options.step ?? CSV_STEP, slack, slack, options.window);
  const { middle, window } = options;
  const file = { path, size, state: main.state, middle, minClaim: options.minClaim ?? MIN_CLAIM, window, slack };
  const pending = helper.run({ file, delimiter, maxRows, maxColumns, maxCellChars });
  const split = main.stepUntilClaimed();
  const times = { t0, cpu0, steps: main.steps, split, stepsEnd: performance.now(), mainEnd: 0, cpu1: 0, answered: 0 };
  times.mainEnd = times.answered = times.stepsEnd;
  let out: (ParsedCsvColumns & { threads: 1 | 2 }) | null = null;
  if (split >= 0) {
    const { reader } = main;
    const at = main.runTo(split);
    times.mainEnd = performance.now();
    times.cpu1 = trace ? threadCpuMs() : 0;
    if (at) {
      const answer = await pending;
      times.answered = performance.now();
      limits.clock?.check(limits.part);
      if (!answer.ok && answer.notUtf8) return null;
      if (answer.ok && answer.split === split && reader.rows + answer.part.rows <= maxRows) {
        reader.absorb(answer.part);
        out = { ...reader.result(), threads: 2 };
      }
    }
  }
  if (!out) {
    helper.close();
    const one = main.alone();
    if (!one) return null;
    out = { ...one, threads: 1 };
  }
  if (trace) traceFileRead(out.threads, times, helper);
  return out;
}

/**
 * The main thread's side of `parseCsvFileParallel`: its reader, how far it has read (`at`, a record start, a file
 * offset) and promised (`state`, shared with the worker), and how far its bytes are known to be UTF-8 (`checked`).
 * The reader reads the share's window, whose offset 0 is the file's `share.base`.
 */
class MainShare {
  readonly reader: CsvBytesReader;
  readonly state = new BigInt64Array(new SharedArrayBuffer(8));
  at: number;
  steps = 0;
  private promised: number;
  private checked: number;
  private notUtf8 = false;
  /** A record ran past the bytes read: the reader is spoilt, and the file is read again from the start. */
  private cut = false;

  constructor(
    private readonly share: CsvFileShare,
    private readonly start: number,
    private readonly delimiter: CsvDelimiter,
    private readonly limits: CsvParseLimits,
    private readonly step: number,
    /** The slack of the windows (`runWindows`), and the bytes read past a promise (`SPLIT_SLACK`); tests: less. */
    private readonly slack = WINDOW_SLACK,
    private readonly splitSlack = SPLIT_SLACK,
    private readonly window = CSV_WINDOW,
  ) {
    this.promised = Math.min(share.size, start + step);
    this.state[0] = BigInt(this.promised);
    const src = share.readTo(this.promised + splitSlack);
    this.reader = new CsvBytesReader(src, start - share.base, delimiter, limits, share.size - share.base);
    this.at = start;
    this.checked = start;
  }

  /** Bytes `[checked, to)` well-formed UTF-8 (`to` a record start, both in the window); `notUtf8` set when not. */
  private wellFormed(to: number): boolean {
    const { base } = this.share;
    this.notUtf8 = !isUtf8(this.share.bytes.subarray(this.checked - base, to - base));
    this.checked = to;
    return !this.notUtf8;
  }

  /** Whether the last run reached the end of the bytes read while more are left (its last record may be cut short). */
  private cutShort(): boolean {
    const { base, len, size } = this.share;
    return this.at >= base + len && base + len < size;
  }

  /**
   * Reads a step at a time (each step promised before it is read) until the worker claims the rest or the file
   * ends: the split (the first line start after the claim, before the end of the file, at or after where the reader
   * stands), or -1 when there is none to take.
   */
  stepUntilClaimed(): number {
    const share = this.share;
    const size = share.size;
    for (;;) {
      if (this.at < this.promised) {
        this.reader.slide(share.bytes);
        this.at = share.base + this.reader.run(this.at - share.base, this.promised - share.base);
      }
      this.steps++;
      if (this.cutShort()) this.cut = true;
      if (this.cut || !this.wellFormed(this.at) || this.at >= size) return -1;
      const next = Math.min(size, this.promised + this.step);
      const seen = Atomics.compareExchange(this.state, 0, BigInt(this.promised), BigInt(next));
      if (seen !== BigInt(this.promised)) {
        const split = lineStartAfter(share, Number(-seen));
        return split > 0 && this.at <= split ? split : -1;
      }
      this.promised = next;
      share.readTo(next + this.splitSlack, this.at);
    }
  }

  /** Reads on up to the split: whether it stopped there, its bytes well-formed UTF-8. */
  runTo(split: number): boolean {
    if (this.at < split) {
      const to = runWindows(this.reader, this.share, this.at, split, this.slack, this.window);
      if (to === 'cut') this.cut = true;
      else if (to === 'notUtf8') this.notUtf8 = true;
      else this.at = this.checked = to;
    }
    return this.at === split && !this.cut && !this.notUtf8;
  }

  /**
   * The whole file read on this thread from where it stands (or, after a cut record, from the start again); null
   * when its bytes are not well-formed UTF-8.
   */
  alone(): ParsedCsvColumns | null {
    if (this.notUtf8) return null;
    if (!this.cut) {
      const to = runWindows(this.reader, this.share, this.at, Infinity, this.slack, this.window);
      if (to === 'notUtf8') return null;
      if (to !== 'cut') return this.reader.result();
    }
    const all = readRange(this.share.path, 0, this.share.size);
    if (!isUtf8(all.subarray(this.start))) return null;
    return parseCsvBytes(all, this.start, this.delimiter, this.limits);
  }
}

/**
 * The first line start after the byte at `middle` (the split), looked for in the `SPLIT_SLACK` bytes from there
 * (read apart from `share`'s window); -1 when there is none there or it is the end of the file.
 */
function lineStartAfter(share: CsvFileShare, middle: number): number {
  const bytes = readRange(share.path, middle, Math.min(share.size, middle + SPLIT_SLACK));
  const lf = bytes.indexOf(10);
  return lf >= 0 && middle + lf + 1 < share.size ? middle + lf + 1 : -1;
}

/** The trace line of `parseCsvFileParallel` (`LOOPBOOK_CSV_TRACE=1`): where each thread stood, from the job's post. */
function traceFileRead(
  threads: 1 | 2,
  t: {
    t0: number;
    cpu0: number;
    steps: number;
    split: number;
    stepsEnd: number;
    mainEnd: number;
    cpu1: number;
    answered: number;
  },
  helper: CsvHelper,
): void {
  const ms = (x: number): number => Math.round(x);
  const line = {
    csvThreads: threads,
    fileShares: true,
    steps: t.steps,
    split: t.split,
    mainStepsMs: ms(t.stepsEnd - t.t0),
    mainReadMs: ms(t.mainEnd - t.t0),
    mainReadCpuMs: t.cpu1 - t.cpu0,
    waitMs: ms(t.answered - t.mainEnd),
    mergeMs: ms(performance.now() - t.answered),
    mergeCpuMs: threadCpuMs() - t.cpu1,
    workerReadCpuMs: helper.cpu?.readMs,
    workerTotalCpuMs: helper.cpu?.totalMs,
    workerStartMs: helper.cpu && ms(helper.cpu.startedAt - performance.timeOrigin - t.t0),
    workerEndMs: helper.cpu && ms(helper.cpu.endedAt - performance.timeOrigin - t.t0),
    deliveryMs: helper.cpu && ms(t.answered - (helper.cpu.endedAt - performance.timeOrigin)),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
