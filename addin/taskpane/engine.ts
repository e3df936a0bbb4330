/**
 * The pane's handle on the analysis engine. In the pane it is a Web Worker reached with comlink; in
 * component tests the same engine core runs in-process. Grids go over in row chunks so no single message
 * (and no single structured clone on the main thread) is large; Cancel terminates the worker and a fresh
 * one is started, with the grids sent again before the next call.
 */
import { proxy, wrap, releaseProxy } from 'comlink';
import type { Remote } from 'comlink';
import type { CellGrid } from '../../src/types.js';
import type { WorkbookOp } from '../../src/plan/types.js';
import type {
  AnalysisCard,
  Availability,
  EngineApi,
  GridMeta,
  PhaseProgress,
  RunRequest,
  RunResponse,
  SourceAssignment,
  SourceView,
  TableDecisions,
} from '../worker/protocol.js';

/** Rows per message when a grid is sent to the worker. */
export const ROWS_PER_MESSAGE = 5_000;
/** Plan ops per message when the plan comes back (a writeValues op holds up to a few MB). */
export const OPS_PER_MESSAGE = 8;
/** …and at most this many bytes of them (JSON), one op at least: a structured clone on the main thread. */
export const BYTES_PER_MESSAGE = 250_000;

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledError';
  }
}

export interface Engine {
  catalogue(): Promise<AnalysisCard[]>;
  /** Sends a grid to the engine and ingests it; `onProgress` gets rows sent so far. */
  load(meta: GridMeta, grid: CellGrid, onProgress?: (done: number, total: number) => void): Promise<SourceView>;
  forget(id: string): Promise<void>;
  availability(sources: SourceAssignment[], asOf?: string | null): Promise<Availability>;
  /** What Loopbook decided about each assigned source (the Data step's lines and choices), by source id. */
  decisions(sources: SourceAssignment[], currency: string): Promise<Record<string, TableDecisions>>;
  run(request: RunRequest, onProgress: (p: PhaseProgress) => void): Promise<RunResponse>;
  /** Stops whatever the engine is doing; a pending call rejects with `CancelledError`. */
  cancel(): void;
  dispose(): void;
}

/** Something that behaves like the engine API, sync (in-process) or async (comlink remote). */
type Backend = {
  [K in keyof EngineApi]: (
    ...args: Parameters<EngineApi[K]>
  ) => ReturnType<EngineApi[K]> | Promise<ReturnType<EngineApi[K]>>;
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Sends a grid in messages of `ROWS_PER_MESSAGE` rows, letting the page breathe in between. */
async function sendGrid(
  backend: Backend,
  meta: GridMeta,
  grid: CellGrid,
  onProgress?: (done: number, total: number) => void,
): Promise<SourceView> {
  const rows = grid.values.length;
  const head: CellGrid = { ...grid, values: grid.values.slice(0, ROWS_PER_MESSAGE) };
  if (grid.numberFormats) head.numberFormats = grid.numberFormats.slice(0, ROWS_PER_MESSAGE);
  await backend.beginGrid(meta, head);
  onProgress?.(Math.min(rows, ROWS_PER_MESSAGE), rows);
  for (let i = ROWS_PER_MESSAGE; i < rows; i += ROWS_PER_MESSAGE) {
    await yieldToEventLoop();
    await backend.appendRows(
      meta.id,
      grid.values.slice(i, i + ROWS_PER_MESSAGE),
      grid.numberFormats?.slice(i, i + ROWS_PER_MESSAGE),
    );
    onProgress?.(Math.min(rows, i + ROWS_PER_MESSAGE), rows);
  }
  return await backend.endGrid(meta.id);
}

/** A run's response with its plan's ops fetched in slices, one message each, letting the page breathe in between. */
async function withPlanOps(backend: Backend, response: RunResponse): Promise<RunResponse> {
  if (!response.plan || !response.opsPending) return response;
  const ops: WorkbookOp[] = [];
  while (ops.length < response.opsPending) {
    await yieldToEventLoop();
    const slice = await backend.planOps(ops.length, OPS_PER_MESSAGE, BYTES_PER_MESSAGE);
    if (slice.length === 0) break;
    ops.push(...slice);
  }
  const { opsPending: _done, ...rest } = response;
  return { ...rest, plan: { ...response.plan, ops } };
}

/**
 * An Engine over a backend factory: the factory is called again after `cancel()` (a fresh worker).
 * `wrapCallback` turns a progress callback into something the backend can call (comlink's `proxy`).
 */
export function createEngine(
  start: () => { backend: Backend; stop: () => void },
  wrapCallback: <F extends (...args: never[]) => void>(f: F) => F = (f) => f,
): Engine {
  let current = start();
  const grids = new Map<string, { meta: GridMeta; grid: CellGrid }>();
  let sent = new Set<string>();
  let cancelCurrent: ((e: Error) => void) | null = null;

  async function send(
    meta: GridMeta,
    grid: CellGrid,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SourceView> {
    const view = await sendGrid(current.backend, meta, grid, onProgress);
    sent.add(meta.id);
    return view;
  }

  /** Runs `task`, rejecting with CancelledError as soon as `cancel()` is called. */
  function cancellable<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      cancelCurrent = reject;
      task()
        .then(resolve, reject)
        .finally(() => {
          if (cancelCurrent === reject) cancelCurrent = null;
        });
    });
  }

  async function resend(): Promise<void> {
    for (const [id, g] of grids) if (!sent.has(id)) await send(g.meta, g.grid);
  }

  return {
    async catalogue() {
      return await current.backend.catalogue();
    },
    async load(meta, grid, onProgress) {
      grids.set(meta.id, { meta, grid });
      return await cancellable(() => send(meta, grid, onProgress));
    },
    async forget(id) {
      grids.delete(id);
      sent.delete(id);
      await current.backend.forget(id);
    },
    async availability(sources, asOf) {
      await resend();
      return await current.backend.availability(sources, asOf);
    },
    async decisions(sources, currency) {
      await resend();
      return await current.backend.decisions(sources, currency);
    },
    async run(request, onProgress) {
      return await cancellable(async () => {
        await resend();
        return await withPlanOps(current.backend, await current.backend.run(request, wrapCallback(onProgress)));
      });
    },
    cancel() {
      const reject = cancelCurrent;
      cancelCurrent = null;
      current.stop();
      current = start();
      sent = new Set();
      reject?.(new CancelledError());
    },
    dispose() {
      current.stop();
    },
  };
}

/** The engine in a Web Worker (the task pane and the playground). */
export function createWorkerEngine(): Engine {
  return createEngine(
    () => {
      const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { name: 'loopbook-engine' });
      const remote: Remote<EngineApi> = wrap<EngineApi>(worker);
      return {
        backend: remote,
        stop: () => {
          remote[releaseProxy]();
          worker.terminate();
        },
      };
    },
    (f) => proxy(f),
  );
}
