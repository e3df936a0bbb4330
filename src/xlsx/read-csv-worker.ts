/**
 * The .csv reader's second thread (./read-csv-parallel.ts): reads the records of one stretch of a file — from a
 * record start to the end — into columns of its own, and sends them back as typed arrays (transferred, no texts).
 * Any error is sent back as such; the reader then reads the stretch itself.
 */
import { parentPort } from 'node:worker_threads';
import { CsvBytesReader, threadCpuMs, type CsvBytesPart } from './read-csv-bytes.js';
import type { CsvDelimiter } from './read-csv.js';

/** One job: the bytes after the split point (transferred), and the read's limits. */
export interface CsvJob {
  bytes: Uint8Array;
  delimiter: CsvDelimiter;
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

/**
 * The worker's answer, with its thread's CPU milliseconds for the read and in all, and when its read started and
 * ended (milliseconds since the epoch, `performance.timeOrigin + performance.now()`), for the trace.
 */
export type CsvJobAnswer = ({ ok: true; part: CsvBytesPart } | { ok: false; error: string }) & {
  cpuMs: number;
  totalCpuMs: number;
  startedAt: number;
  endedAt: number;
};

/** Now, in milliseconds since the epoch: comparable between threads. */
const epochMs = (): number => performance.timeOrigin + performance.now();

parentPort?.on('message', (job: CsvJob) => {
  let answer: CsvJobAnswer;
  const transfer: ArrayBuffer[] = [];
  const startedAt = epochMs();
  const cpu0 = threadCpuMs();
  try {
    const src = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const reader = new CsvBytesReader(src, 0, job.delimiter, { ...job, part: '' });
    if (src.length > 0) reader.run(0, Infinity);
    const part = reader.part();
    for (const c of part.columns) transfer.push(...[c.codes, c.heap, c.starts].map((a) => a.buffer as ArrayBuffer));
    const cpu = threadCpuMs();
    answer = { ok: true, part, cpuMs: cpu - cpu0, totalCpuMs: cpu, startedAt, endedAt: epochMs() };
  } catch (err) {
    const cpu = threadCpuMs();
    const error = err instanceof Error ? err.message : String(err);
    answer = { ok: false, error, cpuMs: cpu - cpu0, totalCpuMs: cpu, startedAt, endedAt: epochMs() };
  }
  parentPort?.postMessage(answer, transfer);
});
