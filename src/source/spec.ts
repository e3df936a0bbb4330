/**
 * Where a source's rows live when they are not in a sheet: `duckdb:<file or glob>` (CSV or Parquet, read where it
 * lies) or `duckdb:<database file>#<table>`. The text is kept as the user wrote it, in the recipe's `location`.
 */

/** A source read by an engine, as parsed from its spec. */
export interface EngineSource {
  engine: 'duckdb';
  /** The spec as given: `duckdb:orders.parquet`, `duckdb:shop.duckdb#orders`. */
  spec: string;
  /** The file, glob or database file, as given (relative paths are relative to the working directory). */
  path: string;
  /** `csv`, `parquet` (by the file's extension), or `database` (a DuckDB file and a table in it). */
  format: 'csv' | 'parquet' | 'database';
  /** The table, for a database file. */
  table?: string;
  /** The name results and messages use for the source, as a sheet's name: the file's (or table's) base name. */
  label: string;
}

/** Why a spec was refused, in words for the user. */
export class SourceSpecError extends Error {}

const CSV = /\.(csv|tsv|txt)(\.gz|\.zst)?$/i;
const PARQUET = /\.parquet$/i;
const DATABASE = /\.(duckdb|db|ddb)$/i;

/**
 * Parses `duckdb:<file or glob>` or `duckdb:<database file>#<table>`.
 * @example parseSourceSpec('duckdb:data/orders-*.parquet') // → { format: 'parquet', label: 'orders-_', … }
 * @example parseSourceSpec('duckdb:shop.duckdb#orders') // → { format: 'database', table: 'orders', label: 'orders', … }
 */
export function parseSourceSpec(spec: string): EngineSource {
  const m = /^duckdb:(.+)$/.exec(spec.trim());
  if (!m)
    throw new SourceSpecError(
      `"${spec}" is not a source Loopbook knows: write duckdb:<file.csv|file.parquet|glob> or duckdb:<file.duckdb>#<table>.`,
    );
  const rest = m[1];
  const hash = rest.lastIndexOf('#');
  if (hash >= 0) {
    const path = rest.slice(0, hash);
    const table = rest.slice(hash + 1);
    if (!path || !/^[A-Za-z_][\w.]*$/.test(table))
      throw new SourceSpecError(
        `"${spec}": after # comes the name of a table in the DuckDB file (letters, digits, _ and .), such as duckdb:shop.duckdb#orders.`,
      );
    return { engine: 'duckdb', spec, path, format: 'database', table, label: sheetLabel(table) };
  }
  if (DATABASE.test(rest))
    throw new SourceSpecError(`"${spec}" is a DuckDB database file: name the table too, as ${spec}#orders.`);
  const format = PARQUET.test(rest) ? 'parquet' : CSV.test(rest) ? 'csv' : null;
  if (!format)
    throw new SourceSpecError(
      `"${spec}": Loopbook reads .csv (.tsv, .txt, optionally .gz) and .parquet files through DuckDB, or a table of a .duckdb file (file.duckdb#table).`,
    );
  const base = rest.split(/[\\/]/).pop() ?? rest;
  return { engine: 'duckdb', spec, path: rest, format, label: sheetLabel(base.replace(CSV, '').replace(PARQUET, '')) };
}

/** A sheet-like name (≤ 31 characters, none of `: \ / ? * [ ]`), as results and messages name a source. */
function sheetLabel(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean || 'source';
}
