// A CSV longer than an Excel sheet given as a plain file (`loopbook analyze orders.csv`): DuckDB is the default for
// data too big for a sheet (issue 14), so the command reads it through DuckDB where it lies, says so, and keeps the
// source with its location in the recipe. The expected counts and revenue are computed here from the rows written.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readLoopbookStore } from '../../src/xlsx/apply.js';
import { sink } from '../cli/sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-too-long-'));
const ROWS = 1_048_600; // 24 more than a sheet holds below its header
const CUSTOMERS = 5000;

interface Summary {
  inputs: { source: string; rows: number }[];
  analyses: Record<string, { figures: Record<string, number> }>;
}

let code: number, said: string, summary: Summary, out: string, csv: string;
let revenue = 0;

beforeAll(async () => {
  csv = path.join(dir, 'orders.csv');
  const lines = ['order_id,customer_id,order_date,amount'];
  const day0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const amount = 10 + (i % 7);
    revenue += amount;
    const date = new Date(day0 + (i % 300) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`O${i},C${i % CUSTOMERS},${date},${amount}.00`);
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
  out = path.join(dir, 'orders-analyzed.xlsx');
  const json = path.join(dir, 'summary.json');
  const stdout = sink(),
    stderr = sink();
  code = await main(['analyze', csv, '--as-of', '2024-12-31', '--out', out, '--json', json], {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  said = `${stdout.text()}\n${stderr.text()}`;
  summary = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Summary) : ({} as Summary);
}, 300_000);

describe('a CSV longer than a sheet, given as a file', () => {
  it('is summarised through DuckDB, and the command says so', () => {
    expect(code, said).toBe(0);
    expect(said).toContain('"orders.csv" has more than 1,048,576 rows');
    expect(said).toContain(`--source duckdb:${csv}`);
    expect(said).not.toContain('was not read');
  });

  it('counts every row: all orders, customers and revenue (computed from the rows written)', () => {
    expect(summary.inputs.find((i) => i.source === 'orders')?.rows).toBe(ROWS);
    const rfm = summary.analyses.rfm.figures;
    expect(rfm.customers).toBe(CUSTOMERS);
    expect(rfm.orders).toBe(ROWS);
    expect(rfm.revenue).toBeCloseTo(revenue, 2);
  });

  it('keeps the source with its location in the recipe, so a refresh reads it through DuckDB again', async () => {
    const { store } = await readLoopbookStore(new Uint8Array(readFileSync(out)));
    const source = store!.recipe!.sources.find((s) => s.kind === 'orders');
    expect(source?.location).toBe(`duckdb:${csv}`);
  });
});
