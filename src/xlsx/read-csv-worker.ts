/**
 * The .csv reader's second thread (./read-csv-parallel.ts): reads the records of one stretch of a file — from a
 * record start to the end — into columns of its own, and sends them back as typed arrays (transferred, no texts).
 * The stretch is given as bytes, or (a file read on two threads) as a place in a file: the worker then reads its
 * share of the file itself, from the middle to the end, while the main thread reads its own, and checks that it is
 * well-formed UTF-8. Any error is sent back as such; the reader then reads the stretch itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  CSV_WORKER_READY,
  runCsvJob,
  threadCpuMs,
  type CsvJob,
  type CsvJobResult,
  type CsvWorkerData,
} from './read-csv-bytes.js';

export type { CsvJob, CsvJobResult } from './read-csv-bytes.js';

/**
 * The worker's answer, with its thread's CPU milliseconds for the read and in all, and when its read started and
 * ended (milliseconds since the epoch, `performance.timeOrigin + performance.now()`), for the trace. A file job's
 * answer says where its records start (`split`: the first line start at or after the middle), or that its bytes are
 * not well-formed UTF-8 (`notUtf8`: the file is then read otherwise, as one text).
 */
export type CsvJobAnswer = CsvJobResult & {
  cpuMs: number;
  totalCpuMs: number;
  startedAt: number;
  endedAt: number;
};

/** Now, in milliseconds since the epoch: comparable between threads. */
const epochMs = (): number => performance.timeOrigin + performance.now();

parentPort?.on('message', (job: CsvJob) => {
  const startedAt = epochMs();
  const cpu0 = threadCpuMs();
  const result = runCsvJob(job);
  const transfer: ArrayBuffer[] = [];
  if (result.ok)
    for (const c of result.part.columns)
      transfer.push(...[c.codes, c.heap, c.starts].map((a) => a.buffer as ArrayBuffer));
  const cpu = threadCpuMs();
  const answer: CsvJobAnswer = { ...result, cpuMs: cpu - cpu0, totalCpuMs: cpu, startedAt, endedAt: epochMs() };
  parentPort?.postMessage(answer, transfer);
});

// Loaded and listening: a worker started ahead of its read (`prestartCsvHelper`) says so, for a caller that waits,
// first in the flag (seen without listening), then in a message (awaited).
const loaded = (workerData as CsvWorkerData | null)?.loaded;
if (loaded) Atomics.store(new Int32Array(loaded), 0, 1);
parentPort?.postMessage(CSV_WORKER_READY);
