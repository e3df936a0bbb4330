/**
 * Where a source's rows live when they are not in a sheet: `duckdb:<file or glob>` (CSV or Parquet, read where it
 * lies), `duckdb:<database file>#<table>`, or `clickhouse://[user@]host:port/database#table` (a table of a
 * ClickHouse server; a cluster's Distributed table is a table like any other). The text is kept as the user wrote
 * it, in the recipe's `location`; a ClickHouse password never is: it comes from the environment
 * (CLICKHOUSE_PASSWORD_VARIABLE).
 */

/** A source read by DuckDB embedded. */
export interface DuckSource {
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

/** A table of a ClickHouse server, read through its HTTP interface. */
export interface ClickHouseSource {
  engine: 'clickhouse';
  /** The spec as given: `clickhouse://127.0.0.1:8123/shop#orders`. */
  spec: string;
  /** The server's HTTP address: `http://host:port` (`https://` for `clickhouses://`). */
  url: string;
  /** The user, when the spec names one (ClickHouse's `default` otherwise). */
  user?: string;
  database: string;
  table: string;
  /** The table's name, as a sheet's. */
  label: string;
}

/** A source read by an engine, as parsed from its spec. */
export type EngineSource = DuckSource | ClickHouseSource;

/** The environment variable a ClickHouse source's password is read from (never from the spec or the recipe). */
export const CLICKHOUSE_PASSWORD_VARIABLE = 'LOOPBOOK_CLICKHOUSE_PASSWORD';

/** Why a spec was refused, in words for the user. */
export class SourceSpecError extends Error {}

const CSV = /\.(csv|tsv|txt)(\.gz|\.zst)?$/i;
const PARQUET = /\.parquet$/i;
const DATABASE = /\.(duckdb|db|ddb)$/i;
const NAME = /^[A-Za-z_][\w]*$/;

/**
 * Parses `duckdb:<file or glob>`, `duckdb:<database file>#<table>` or `clickhouse://[user@]host:port/database#table`.
 * @example parseSourceSpec('duckdb:data/orders-*.parquet') // → { format: 'parquet', label: 'orders-_', … }
 * @example parseSourceSpec('duckdb:shop.duckdb#orders') // → { format: 'database', table: 'orders', label: 'orders', … }
 * @example parseSourceSpec('clickhouse://ch1:8123/shop#orders') // → { url: 'http://ch1:8123', database: 'shop', … }
 */
export function parseSourceSpec(spec: string): EngineSource {
  const text = spec.trim();
  if (/^clickhouses?:/i.test(text)) return parseClickHouse(spec, text);
  const m = /^duckdb:(.+)$/.exec(text);
  if (!m)
    throw new SourceSpecError(
      `"${spec}" is not a source Loopbook knows: write duckdb:<file.csv|file.parquet|glob>, duckdb:<file.duckdb>#<table> or clickhouse://host:port/database#table.`,
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

/** `clickhouse://[user@]host:port/database#table` (`clickhouses://` for HTTPS). */
function parseClickHouse(spec: string, text: string): ClickHouseSource {
  const form = 'clickhouse://[user@]host:port/database#table, such as clickhouse://127.0.0.1:8123/shop#orders';
  const m = /^(clickhouses?):\/\/(?:([^@/#]*)@)?([^@/#:]+|\[[0-9a-fA-F:.]+\]):(\d+)\/([^/#?]*)(?:#(.*))?$/i.exec(text);
  if (!m) throw new SourceSpecError(`"${spec}": write a ClickHouse table as ${form}.`);
  const [, scheme, userInfo, host, port, database, table] = m;
  if (userInfo !== undefined && userInfo.includes(':'))
    throw new SourceSpecError(
      `"${spec}": a password is never written in the source (the recipe keeps the source); give it in the environment variable ${CLICKHOUSE_PASSWORD_VARIABLE} and write clickhouse://${userInfo.split(':')[0]}@${host}:${port}/${database}${table === undefined ? '' : `#${table}`}.`,
    );
  if (userInfo === '') throw new SourceSpecError(`"${spec}": no user before @; write ${form}.`);
  if (Number(port) < 1 || Number(port) > 65_535)
    throw new SourceSpecError(`"${spec}": ${port} is not a port (1 to 65535); ClickHouse's HTTP port is 8123.`);
  if (!NAME.test(database))
    throw new SourceSpecError(
      `"${spec}": after the port comes the database (letters, digits and _), then #table; write ${form}.`,
    );
  if (table === undefined || !NAME.test(table))
    throw new SourceSpecError(
      `"${spec}": name the table after # (letters, digits and _), one source per table; write ${form}.`,
    );
  const secure = scheme.toLowerCase() === 'clickhouses';
  return {
    engine: 'clickhouse',
    spec,
    url: `${secure ? 'https' : 'http'}://${host}:${port}`,
    ...(userInfo ? { user: decodeURIComponent(userInfo) } : {}),
    database,
    table,
    label: sheetLabel(table),
  };
}

/** A sheet-like name (≤ 31 characters, none of `: \ / ? * [ ]`), as results and messages name a source. */
function sheetLabel(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean || 'source';
}
