/**
 * A source's rows as a CellGrid, the form ingest reads a sheet in: dates as Excel serials with a date number
 * format, numbers as numbers, text as text. A sample of the first rows gives role detection what a sheet gives it
 * (column names and values); a table small enough for a sheet (customers, campaigns …) is read whole.
 */
import type { CellGrid, CellValue } from '../../types.js';
import { SourceError, sequentially, type SqlEngine, type OpenedSource } from '../engine.js';

/** Rows of a sample for role detection. */
export const SAMPLE_ROWS = 2000;
/** The most rows a source read whole may have: a sheet's. */
export const SHEET_ROWS = 1_048_575;

/** The first `limit` rows (all when undefined) of a source as a CellGrid named for the source. */
export async function sourceGrid(engine: SqlEngine, src: OpenedSource, limit?: number): Promise<CellGrid> {
  const d = engine.dialect;
  const select = src.columns.map((c) => {
    const q = d.ident(c.name);
    if (c.type === 'date' || c.type === 'timestamp') return `${d.serial(q, c.type)} AS ${q}`;
    if (c.type === 'number') return `${d.double(q)} AS ${q}`;
    if (c.type === 'other') return `${d.text(q, 'other')} AS ${q}`;
    return q;
  });
  const sql = `SELECT ${select.join(', ')} FROM ${src.view} ORDER BY lb_rn${limit === undefined ? '' : ` LIMIT ${limit}`}`;
  // DuckDB: the first rows without reading the rest (a top-N over every row took seconds at 10M rows). With the
  // insertion order kept (Dialect.sequential), LIMIT takes the first rows in file order; they are sorted all the same.
  const first =
    limit !== undefined && d.name === 'duckdb'
      ? `SELECT ${src.columns.map((c) => d.ident(c.name)).join(', ')} FROM (SELECT ${select.join(', ')}, lb_rn AS lb_first FROM ${src.view} LIMIT ${limit}) lb_s ORDER BY lb_first`
      : null;
  const { columns } = await engine.guard(src.source, () =>
    first ? sequentially(engine, () => engine.columns(first)) : engine.columns(sql),
  );
  const nRows = columns[0]?.length ?? 0;
  const formats = src.columns.map((c) =>
    c.type === 'date' ? 'yyyy-mm-dd' : c.type === 'timestamp' ? 'yyyy-mm-dd hh:mm:ss' : 'General',
  );
  const values: CellValue[][] = [src.columns.map((c) => c.name)];
  const numberFormats: string[][] = [src.columns.map(() => 'General')];
  for (let i = 0; i < nRows; i++) {
    values.push(columns.map((col) => cell(col[i])));
    numberFormats.push(formats);
  }
  return {
    sheet: src.source.label,
    address: `A1:${letter(src.columns.length - 1)}${nRows + 1}`,
    values,
    numberFormats,
  };
}

/** The whole source as a CellGrid, when it fits a sheet; else a SourceError saying so. */
export async function wholeGrid(engine: SqlEngine, src: OpenedSource, rows: number): Promise<CellGrid> {
  if (rows > SHEET_ROWS)
    throw new SourceError(
      `${src.source.spec}: ${rows.toLocaleString('en-US')} rows. Loopbook pushes the orders table down to ${engine.name}; other tables are read whole and must fit a sheet (${SHEET_ROWS.toLocaleString('en-US')} rows).`,
    );
  return await sourceGrid(engine, src);
}

function cell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Excel column letters of a 0-based index. */
export function letter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
