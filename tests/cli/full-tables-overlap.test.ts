// How the full tables' staging and copies overlap the caller's work (src/cli/full-tables.ts, issue 14): the tables
// are handed to a worker thread before `startFullTables` returns (staged and copied there while the caller's thread
// is busy without giving the event loop a turn); the worker writes the same files as the caller's own thread; and
// the customer ids, the same in two tables, are encoded and handed over once. The tables are made here: 3,000 customers C0…C2999
// (row k of a table: index (k × 7) mod 3,000), so every expected value is known by construction.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { expectedFullTables, prepareTable, startFullTables, type TextCache } from '../../src/cli/full-tables.js';
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

  it("writes in the worker thread the same files as on the caller's thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-thread-'));
    const results = [table('rfm', (i) => ids[i]), table('clv', (i) => ids[i])];
    const files = async (name: string, thread: boolean) => {
      const out = path.join(dir, `${name}.xlsx`);
      const under = await startFullTables(results, out, ['parquet', 'csv'], { thread });
      const written = await under.finish([]);
      expect(written).toEqual(expectedFullTables(results, out, ['parquet', 'csv']));
      return written.map((w) => readFileSync(w.file));
    };
    const inThread = await files('thread', true);
    const here = await files('here', false);
    expect(inThread.map((b, n) => b.equals(here[n]))).toEqual([true, true, true, true]);
    const want = Array.from({ length: N }, (_, k) => `C${at(k)}`);
    expect(await ids0(path.join(dir, 'thread.clv.customers.parquet'))).toEqual(want);
  }, 60_000);

  it('encodes the ids once for two tables of the same ids, again for other ids', () => {
    const cache: TextCache = { next: 0 };
    const columns = table('rfm', (i) => ids[i]).tables[0].columns;
    const prepared = (idOf: (i: number) => CellValue) =>
      prepareTable(fullTableOf(table('rfm', idOf).tables[0])!, columns, cache).columns[0];
    const first = prepared((i) => ids[i]);
    expect(first.type === 'text' && first.encoded?.state.length).toBe(N);
    // The same texts (equal strings, made again): named by the first's ref, not encoded again.
    const second = prepared((i) => `C${i}`);
    expect(second).toEqual({ key: 'customer_id', kind: 'text', type: 'text', ref: 0 });
    // One id differs (C17 → null): encoded anew, that row null (state 1); the first ones forgotten after it.
    const third = prepareTable(fullTableOf(table('rfm', (i) => (i === 17 ? null : ids[i])).tables[0])!, columns, cache);
    const c = third.columns[0];
    expect(c.type === 'text' && c.ref).toBe(1);
    expect(c.type === 'text' && c.encoded?.state[17]).toBe(1);
    expect(c.type === 'text' && c.encoded?.state[16]).toBe(0);
    expect(third.forget).toEqual([0]);
  });
});
