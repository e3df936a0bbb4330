// How the full tables' staging and copies overlap the caller's work (src/cli/full-tables.ts, issue 14): a copy is
// handed to DuckDB's thread before `startFullTables` returns (it goes on while the caller's thread is busy without
// giving the event loop a turn); the caller's `beside` work runs once, when the staging would wait for a copy; and
// the customer ids, the same in two tables, are encoded once. The tables are made here: 3,000 customers C0…C2999
// (row k of a table: index (k × 7) mod 3,000), so every expected value is known by construction.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { byIndexBlocks, expectedFullTables, startFullTables, type TextCache } from '../../src/cli/full-tables.js';
import { attachFullTable, fullTableOf, fullTableOfFields } from '../../src/analysis/common/index.js';
import type { AnalysisResult, ResultTable } from '../../src/analysis/types.js';
import type { CellValue } from '../../src/types.js';

const N = 3000;
const at = (k: number) => (k * 7) % N;
const ids = Array.from({ length: N }, (_, i) => `C${i}`);

function table(kind: string, idOf: (i: number) => CellValue): AnalysisResult {
  const t: ResultTable = {
    name: 'customers',
    title: { en: 'Customers', 'zh-CN': '客户' },
    columns: [
      { key: 'customer_id', label: { en: 'Customer', 'zh-CN': '客户' }, kind: 'text' },
      { key: 'value', label: { en: 'Value', 'zh-CN': '值' }, kind: 'number' },
    ],
    rows: [],
  };
  attachFullTable(
    t,
    fullTableOfFields(N, at, [
      ['customer_id', idOf],
      ['value', (i) => i / 4],
    ]),
  );
  return { kind, tables: [t] } as unknown as AnalysisResult;
}

async function ids0(file: string): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(`SELECT customer_id FROM '${file}'`)).getRows().map((r) => r[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('full tables beside the caller', () => {
  it("starts the last copy before returning: it goes on while the caller's thread is busy", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-overlap-'));
    const out = path.join(dir, 'book.xlsx');
    const under = await startFullTables([table('rfm', (i) => ids[i])], out, ['parquet']);
    // Busy here, as the report and the workbook keep the thread (no event-loop turn): the copy's temporary file
    // appears all the same (before, the copy waited for an awaited mkdir, so for the event loop).
    const until = Date.now() + 20_000;
    const started = () => readdirSync(dir).some((f) => f.includes('.loopbook-'));
    while (!started() && !existsSync(under.expected[0].file) && Date.now() < until);
    expect(Date.now()).toBeLessThan(until);
    const written = await under.finish([]);
    expect(written.map((w) => w.file)).toEqual([path.join(dir, 'book.rfm.customers.parquet')]);
    expect(written).toEqual(expectedFullTables([table('rfm', (i) => ids[i])], out, ['parquet']));
  }, 60_000);

  it('runs `beside` once, when the staging waits for a copy, and writes the same files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-beside-'));
    const results = [table('rfm', (i) => ids[i]), table('clv', (i) => ids[i])];
    let calls = 0;
    // Nothing may be held beside the caller (LOOPBOOK_FULL_TABLES_OVERLAP_BYTES = 0): the last copy is waited for.
    process.env.LOOPBOOK_FULL_TABLES_OVERLAP_BYTES = '0';
    let under: Awaited<ReturnType<typeof startFullTables>>;
    try {
      under = await startFullTables(results, path.join(dir, 'book.xlsx'), ['parquet', 'csv'], () => calls++);
    } finally {
      delete process.env.LOOPBOOK_FULL_TABLES_OVERLAP_BYTES;
    }
    expect(calls).toBe(1);
    const written = await under.finish([]);
    expect(written).toEqual(expectedFullTables(results, path.join(dir, 'book.xlsx'), ['parquet', 'csv']));
    // Small tables held beside the caller: nothing waited for, `beside` not run (the caller does its work after).
    let later = 0;
    const held = await startFullTables(results, path.join(dir, 'held.xlsx'), ['parquet'], () => later++);
    await held.finish([]);
    expect(later).toBe(0);
    const want = Array.from({ length: N }, (_, k) => `C${at(k)}`);
    for (const w of written.filter((x) => x.format === 'parquet')) expect(await ids0(w.file)).toEqual(want);
  }, 60_000);

  it('encodes the ids once for two tables of the same ids, again for other ids', () => {
    const cache: TextCache = {};
    const columns = table('rfm', (i) => ids[i]).tables[0].columns;
    const full = (idOf: (i: number) => CellValue) => fullTableOf(table('rfm', idOf).tables[0]) ?? null;
    const first = full((i) => ids[i]);
    expect(first).not.toBeNull();
    byIndexBlocks(first!, columns, 1024, cache);
    const encoded = cache.last?.encoded;
    expect(encoded?.state.length).toBe(N);
    // The same texts (equal strings, made again): the encoding is reused.
    byIndexBlocks(
      full((i) => `C${i}`)!,
      columns,
      1024,
      cache,
    );
    expect(cache.last?.encoded).toBe(encoded);
    // One id differs (C17 → null): encoded anew, that row null (state 1).
    byIndexBlocks(
      full((i) => (i === 17 ? null : ids[i]))!,
      columns,
      1024,
      cache,
    );
    expect(cache.last?.encoded).not.toBe(encoded);
    expect(cache.last?.encoded.state[17]).toBe(1);
    expect(cache.last?.encoded.state[16]).toBe(0);
  });
});
