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
