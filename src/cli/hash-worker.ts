/**
 * The input hash of a large columnar grid computed in a worker thread while the analyses run (issue 13): on the
 * 1,000,000-order CSV, `hashGrid`'s loop over 64 million units is about 0.6 s of one core, and the command line
 * otherwise leaves the machine's second core idle. The hash is the same as `hashGrid`'s (the worker runs
 * `feedUnits`' own source text); a grid whose rows were built since (something changed the cells), a small grid, or
 * a worker that fails is hashed on the main thread instead.
 */
import { Worker } from 'node:worker_threads';
import { gridColumns } from '../ingest/grid-columns.js';
import { feedUnits, gridUnits, hashGrid, hashHex, type GridUnits } from '../recipe/hash.js';
import type { CellGrid } from '../types.js';

/** Below this many cells the hash is quicker than starting a thread (about 30 ms). */
export const ASIDE_MIN_CELLS = 500_000;

/** The worker: `feedUnits` of the posted units, posted back. Plain JavaScript, no loader needed. */
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
const feedUnits = ${feedUnits.toString()};
parentPort.once('message', (m) => parentPort.postMessage(feedUnits(m.units, m.ends, m.codes, m.rows)));`;

/**
 * Starts hashing `grid` (as `hashGrid`) in a worker thread when it is a large columnar grid; the function returned
 * gives the hash, waiting for the worker if it has not finished.
 * @example const hash = hashGridAside(grid); … ; await hash() === hashGrid(grid) // true
 */
export function hashGridAside(grid: CellGrid, minCells = ASIDE_MIN_CELLS): () => Promise<string> {
  const cols = gridColumns(grid);
  if (!cols || cols.rows * cols.columns.length < minCells) return () => Promise.resolve(hashGrid(grid));
  const result = feedInWorker(gridUnits(cols));
  // A failure is handled when the hash is asked for (main-thread hash), not reported as unhandled before.
  result.catch(() => undefined);
  return async () => {
    // Rows built since the start: the cells may have changed, so the hash is of the grid as it is now.
    if (gridColumns(grid) !== cols) return hashGrid(grid);
    try {
      const [h1, h2] = await result;
      return hashHex(h1, h2);
    } catch {
      return hashGrid(grid);
    }
  };
}

/**
 * `feedUnits(g)` in a worker thread: the two running hashes, or a rejection when the thread fails. The codes are
 * copied at their length (the grid keeps its own for the analyses); the copies and the laid-out units move to the
 * thread.
 */
export function feedInWorker(g: GridUnits): Promise<[number, number]> {
  const codes = g.codes.map((c) => c.slice(0, g.rows));
  const buffers = [...g.units, ...g.ends, ...codes].map((a) => a.buffer as ArrayBuffer);
  return new Promise<[number, number]>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    worker.once('message', (h: [number, number]) => {
      resolve(h);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`hash worker exited with code ${code}`));
    });
    worker.postMessage({ units: g.units, ends: g.ends, codes, rows: g.rows }, buffers);
  });
}
