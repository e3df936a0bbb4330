/**
 * The sample workbook's tables written out as files an analyst would keep beside it: CSV (values as ingest read
 * them: numbers, dates as YYYY-MM-DD, date-times as YYYY-MM-DD HH:MM:SS, unreadable cells blank) and Parquet
 * (DuckDB's COPY of that CSV). Both paths of the parity test read these same rows.
 */
import { writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from '../../src/xlsx/read.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { columnValues } from '../../src/ingest/column-values.js';
import type { Dataset } from '../../src/ingest/types.js';

const SAMPLE = 'assets/sample/loopbook-sample.xlsx';

function isoDateTime(serial: number, withTime: boolean): string {
  const d = new Date(Math.round((serial - 25_569) * 86_400_000));
  const iso = d.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10);
}

function csvCell(v: unknown, type: string): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  if (typeof v === 'number' && (type === 'date' || type === 'datetime')) return isoDateTime(v, type === 'datetime');
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A dataset as CSV text: its headers, then each row's values as ingest typed them. */
export function datasetCsv(ds: Dataset): string {
  const cols = ds.columns.map((c) => ({ c, v: columnValues(ds, c.name) }));
  const lines = [cols.map(({ c }) => csvCell(c.header, 'text')).join(',')];
  for (let i = 0; i < ds.table.numRows(); i++) lines.push(cols.map(({ c, v }) => csvCell(v[i], c.type)).join(','));
  return `${lines.join('\n')}\n`;
}

/** The sample's datasets of these kinds, read and ingested as `loopbook analyze` reads them. */
export async function sampleDatasets(kinds: readonly string[]): Promise<Dataset[]> {
  const read = await readFile(SAMPLE, { skipLoopbookSheets: true });
  return read.grids.map((g) => ingestGrid(g)).filter((d) => d.kind !== null && kinds.includes(d.kind));
}

/** Writes `<dir>/<kind>.csv` and `<dir>/<kind>.parquet` for each kind; returns the paths by kind. */
export async function exportSample(
  dir: string,
  kinds: readonly string[],
): Promise<Record<string, { csv: string; parquet: string }>> {
  const out: Record<string, { csv: string; parquet: string }> = {};
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    for (const ds of await sampleDatasets(kinds)) {
      const csv = `${dir}/${ds.kind}.csv`,
        parquet = `${dir}/${ds.kind}.parquet`;
      await writeFile(csv, datasetCsv(ds));
      await con.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
      out[ds.kind!] = { csv, parquet };
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  return out;
}
