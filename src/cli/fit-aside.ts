/**
 * The Gamma-Gamma fit of a large customer base in a worker thread, beside the BG/NBD fit and the analyses that run
 * before CLV on the main thread (issue 14): at 10,000,000 customers the fit is about 10 s of one core, and the command
 * line otherwise leaves the machine's second core idle while the main thread analyses.
 *
 * The analyses are synchronous (`runAnalyses`), so the fit is started early and its result taken without the event
 * loop: the thread posts the fit on a MessagePort and raises a flag in shared memory; the main thread, when CLV needs
 * the fit, waits on the flag (`Atomics.wait`) and reads the port (`receiveMessageOnPort`). The thread runs the same
 * `fitRepeatBuyers` as the main thread would, on the repeat buyers' x and zbar moved to it (not copied), so the fit is
 * the same to the last bit. A thread that fails leaves the fit to the main thread (`customerModels`).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { GammaGammaAside } from '../analysis/user/customer-models.js';
import type { GammaGammaFit } from '../analysis/user/gamma-gamma.js';

/** Below this many repeat buyers the fit is quicker than starting a thread (its loader, about 0.2 s). */
export const ASIDE_MIN_BUYERS = 200_000;

/**
 * The thread: registers tsx's loader (the engine is TypeScript), fits, posts the fit or the error, raises the flag.
 * Plain JavaScript (CommonJS), evaluated.
 */
const WORKER_SOURCE = `const { workerData } = require('node:worker_threads');
const { flag, port, tsx, module: url, x, zbar } = workerData;
const done = (message) => {
  port.postMessage(message);
  port.close();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
process.on('exit', () => {
  if (Atomics.load(flag, 0) === 0) done({ error: 'the fit thread ended before it posted a fit' });
});
(async () => {
  (await import(tsx)).register();
  const { fitRepeatBuyers } = await import(url);
  done({ fit: fitRepeatBuyers(x, zbar) });
})().catch((e) => done({ error: String((e && e.stack) || e) }));`;

/**
 * Starts `fitRepeatBuyers(x, zbar)` in a worker thread; `x` and `zbar` move to it (their buffers are detached here).
 * The function returned waits for the fit (blocking this thread) and gives it, or throws the thread's error.
 * `module`: the module whose `fitRepeatBuyers` the thread runs (gamma-gamma.ts; another in tests).
 */
export function fitRepeatBuyersInWorker(
  x: Float64Array,
  zbar: Float64Array,
  module = new URL('../analysis/user/gamma-gamma.ts', import.meta.url).href,
): () => GammaGammaFit | null {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      flag,
      port: port2,
      tsx: import.meta.resolve('tsx/esm/api'),
      module,
      x,
      zbar,
    },
    transferList: [port2, x.buffer as ArrayBuffer, zbar.buffer as ArrayBuffer],
  });
  // An error is also posted (and waited for) by the thread itself: the event here only must not go unhandled.
  worker.on('error', () => undefined);
  worker.unref();
  let result: { fit?: GammaGammaFit | null; error?: string } | undefined;
  return () => {
    if (!result) {
      Atomics.wait(flag, 0, 0);
      result = (receiveMessageOnPort(port1)?.message as typeof result) ?? { error: 'no fit posted' };
      port1.close();
    }
    if (result.error !== undefined) throw new Error(`Gamma-Gamma fit thread: ${result.error}`);
    return result.fit ?? null;
  };
}

/**
 * The command line's `GammaGammaAside`: customer bases of at least `minBuyers` repeat buyers fitted in a worker
 * thread, smaller ones left to the main thread.
 */
export function workerAside(minBuyers = ASIDE_MIN_BUYERS): GammaGammaAside {
  return { start: (x, zbar) => (x.length < minBuyers ? null : fitRepeatBuyersInWorker(x, zbar)) };
}
