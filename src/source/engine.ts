/**
 * What the rollup runners (src/source/duckdb/orders.ts, cohorts.ts, grid.ts) need of an engine, whichever it is:
 * DuckDB embedded (duckdb/engine.ts) or a ClickHouse server (clickhouse/engine.ts). SQL text differs through the
 * engine's Dialect; running it, temp tables and reading results back go through this interface.
 */
import type { EngineSource } from './spec.js';
import type { Dialect, SqlType } from './sql/dialect.js';

/** A source's problem, in words naming it: the run stops (exit code 1), nothing is written. */
export class SourceError extends Error {}

export interface SourceColumn {
  name: string;
  /** The engine's type name, e.g. DuckDB's `VARCHAR`, ClickHouse's `Nullable(Float64)`. */
  engineType: string;
  type: SqlType;
}

/** A source opened in the engine: its relations and columns. */
export interface OpenedSource {
  source: EngineSource;
  /** Relation with the source's columns and `lb_rn`, the 0-based row position (a view's name or a subquery). */
  view: string;
  /** Relation with the source's columns only. */
  raw: string;
  columns: SourceColumn[];
}

/** A column of a table filled from JS values (SqlEngine.insert). */
export interface InsertColumn {
  name: string;
  type: 'integer' | 'text';
}

/** An engine of a run: open sources, run SQL, read rows back as plain JS values. */
export interface SqlEngine {
  /** `DuckDB`, `ClickHouse`: how messages name the engine. */
  readonly name: string;
  readonly dialect: Dialect;
  /** Rows of a query as objects of JS values (integers as numbers when they fit). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Columns of a query's result as arrays of JS values. */
  columns(sql: string): Promise<{ names: string[]; columns: unknown[][] }>;
  /**
   * Columns of a query whose columns are all numbers, each a Float64Array (NULL as NaN): a summary of 10M customers
   * as boxed JS values is gigabytes beside the engine's own memory. A column that is not numbers is an error.
   */
  numberColumns(sql: string): Promise<{ names: string[]; columns: Float64Array[] }>;
  /** Runs a statement. */
  run(sql: string): Promise<void>;
  /** Creates (or replaces) a temp table holding a query's rows, stored in the query's order. */
  createTable(name: string, sql: string): Promise<void>;
  /** Creates (or replaces) a temp table of the given rows. */
  insert(
    name: string,
    columns: readonly InsertColumn[],
    rows: readonly (readonly (number | string)[])[],
  ): Promise<void>;
  dropTable(name: string): Promise<void>;
  /** Opens a source (its relations and columns); what cannot be read is a SourceError naming the source. */
  open(source: EngineSource, index: number): Promise<OpenedSource>;
  /** `f`, with an engine error turned into a SourceError that names the source. */
  guard<T>(source: EngineSource, f: () => Promise<T>): Promise<T>;
  close(): void | Promise<void>;
  /**
   * A second connection to the same database, for statements that may run beside this connection's (DuckDB): it
   * shares the database's tables and its global settings (threads, memory limit, insertion order), not this
   * connection's temp tables and views nor its session settings. `disconnect` closes that connection only.
   */
  fork?(): Promise<SqlEngine & { disconnect(): void }>;
}

/** `f` with the engine reading tables in stored order with one thread (Dialect.sequential), then as before. */
export async function sequentially<T>(engine: SqlEngine, f: () => Promise<T>): Promise<T> {
  const d = engine.dialect;
  const [{ saved }] = await engine.rows(d.sequential.saved);
  for (const sql of d.sequential.begin) await engine.run(sql);
  try {
    return await f();
  } finally {
    for (const sql of d.sequential.end(String(saved))) await engine.run(sql);
  }
}

/**
 * `jobs` jobs (0 … jobs − 1), each run whole by `run` on one connection: `engine`'s, and a second one beside it when
 * the engine can fork (SqlEngine.fork: DuckDB), readied by `prepare` (its temp views, its session settings) before
 * its first job. Each connection takes the next job as it comes free. `done` gets the results in job order (a result
 * waits for those before it), so that they can be put one after another without holding them all. The first error
 * stops both connections from taking more jobs and is thrown once both are idle; the second connection is closed.
 *
 * What for: statements that must run on one thread to add their doubles in stored order leave the other core idle;
 * two of them, on two connections, run at once (DuckDB, `threads = 1`, two groupings of 10M rows: 755 ms against
 * 1,288 one after the other).
 */
export async function besideEachOther<T>(
  engine: SqlEngine,
  jobs: number,
  run: (e: SqlEngine, i: number) => Promise<T>,
  done: (i: number, result: T) => void,
  prepare: (e: SqlEngine) => Promise<void>,
): Promise<void> {
  const fork = jobs > 1 && engine.fork ? await engine.fork() : undefined;
  const waiting = new Map<number, T>();
  let next = 0,
    delivered = 0,
    failed = false;
  const worker = async (e: SqlEngine): Promise<void> => {
    while (!failed && next < jobs) {
      const i = next++;
      try {
        waiting.set(i, await run(e, i));
      } catch (error) {
        failed = true;
        throw error;
      }
      while (waiting.has(delivered)) {
        const r = waiting.get(delivered) as T;
        waiting.delete(delivered);
        done(delivered++, r);
      }
    }
  };
  try {
    const both = await Promise.allSettled([
      worker(engine),
      fork ? prepare(fork).then(() => worker(fork)) : Promise.resolve(),
    ]);
    const error = both.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (error) throw error.reason;
  } finally {
    fork?.disconnect();
  }
}
