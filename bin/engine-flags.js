// The V8 flags the engine runs with, and the command's start again with them (issue 13). Plain JavaScript: the
// command (./loopbook.js) reads it before it loads the engine; the peer benchmark (bench/peer.ts) too.
import { spawnSync } from 'node:child_process';

/**
 * `--no-concurrent-recompilation`: V8 optimises a hot function on the thread that runs it, not on a background
 * thread. The engine runs two threads of its own (the .csv reader's second thread, the analyses' worker) and is
 * measured on machines of two cores, where V8's background compiles took the cores from them: on the 1M-order peer
 * benchmark, read + ingest + RFM + cohorts took 0.69-0.73 s against 0.77-0.84 s, and the run 1.50-1.62 CPU s against
 * 1.71-2.00 (4 runs each, alternated, load 1.3-1.7).
 */
export const ENGINE_V8_FLAGS = ['--no-concurrent-recompilation'];

/**
 * Starts this script again in a child process with `ENGINE_V8_FLAGS` when this process lacks them, and exits with
 * its status; returns (doing nothing) when they are given, or with LOOPBOOK_V8_FLAGS=0. Node takes V8 flags only on
 * its command line: `v8.setFlagsFromString` after the start reaches only threads started later (measured: half the
 * gain). The child shares the terminal (standard input and output), its exit status is the command's, and a signal
 * that ended it ends this process with the same signal.
 */
export function runWithEngineFlags() {
  if (process.env.LOOPBOOK_V8_FLAGS === '0') return;
  if (ENGINE_V8_FLAGS.every((f) => process.execArgv.includes(f))) return;
  const args = [...ENGINE_V8_FLAGS, ...process.execArgv, process.argv[1], ...process.argv.slice(2)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (child.error) return; // could not start: run here, without the flags
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}
