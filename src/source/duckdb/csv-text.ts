/**
 * CSV columns DuckDB would read other than a sheet does, read as text instead (engine.ts open, orders.ts
 * withTextDates): times written with a UTC offset, which DuckDB's sniffer makes TIMESTAMP WITH TIME ZONE (an instant
 * shown in the session's time zone) where a sheet keeps the wall clock as written. No DuckDB import here: orders.ts is
 * shared with the ClickHouse engine.
 */
import type { EngineSource } from '../spec.js';
import { duckdbDialect } from '../sql/dialect.js';

/** Per CSV source: the columns open() reads as text because DuckDB sniffed them as times with a UTC offset. */
const zonedText = new WeakMap<EngineSource, readonly string[]>();

/** Whether a DuckDB type is one of times with a UTC offset: TIMESTAMP WITH TIME ZONE (TIMESTAMPTZ). */
export function isZoned(engineType: string): boolean {
  return /TIME ZONE|^TIMESTAMPTZ/i.test(engineType);
}

/** The columns of CSV `source` read as text (set once by open() when given `columns`). */
export function textCsvColumns(source: EngineSource, columns?: readonly string[]): readonly string[] {
  if (columns) zonedText.set(source, columns);
  return zonedText.get(source) ?? [];
}

/** `read_csv` of `path` (a file or glob) with the `text` columns read as VARCHAR, the others as DuckDB sniffs them. */
export function readCsvSql(path: string, text: readonly string[]): string {
  const d = duckdbDialect;
  const types = [...new Set(text)].map((c) => `${d.literal(c)}: 'VARCHAR'`).join(', ');
  return `read_csv(${d.literal(path)}${types ? `, types = {${types}}` : ''})`;
}
