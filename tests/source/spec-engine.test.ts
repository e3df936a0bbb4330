// How a `duckdb:` spec is read (src/source/spec.ts), and the DuckDB engine's settings (src/source/duckdb/engine.ts):
// a memory limit and a spill directory, as the issue asks, so a file larger than memory spills rather than fails.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSourceSpec, SourceSpecError } from '../../src/source/spec.js';
import { DuckEngine } from '../../src/source/duckdb/engine.js';

describe('parseSourceSpec', () => {
  it('reads files by their extension, a glob included, and names them by their base name', () => {
    expect(parseSourceSpec('duckdb:data/orders.parquet')).toMatchObject({
      format: 'parquet',
      path: 'data/orders.parquet',
      label: 'orders',
    });
    // A sheet name cannot hold `*`: the label, which results name the source by, has `_` for it.
    expect(parseSourceSpec('duckdb:/x/orders-*.csv')).toMatchObject({ format: 'csv', label: 'orders-_' });
    expect(parseSourceSpec('duckdb:exports/o.csv.gz')).toMatchObject({ format: 'csv', label: 'o' });
  });

  it('reads a database file and a table after #', () => {
    expect(parseSourceSpec('duckdb:shop.duckdb#main.orders')).toMatchObject({
      format: 'database',
      path: 'shop.duckdb',
      table: 'main.orders',
      label: 'main.orders',
    });
  });

  it.each([
    ['orders.parquet', /not a source Loopbook knows/],
    ['duckdb:shop.duckdb', /name the table too, as duckdb:shop\.duckdb#orders/],
    ['duckdb:shop.duckdb#', /after # comes the name of a table/],
    ['duckdb:orders.xlsx', /\.csv .* and \.parquet files/],
  ])('refuses %s, saying what to write', (spec, says) => {
    expect(() => parseSourceSpec(spec)).toThrow(SourceSpecError);
    expect(() => parseSourceSpec(spec)).toThrow(says);
  });
});

describe('DuckEngine', () => {
  it('runs with the memory limit and the spill directory it is given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-spill-'));
    const engine = await DuckEngine.create({ memoryLimit: '300MB', tempDirectory: dir, threads: 1 });
    try {
      const [r] = await engine.rows(
        "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t, current_setting('threads') AS n",
      );
      // DuckDB shows 300 MB (10^6 bytes) in MiB: 300,000,000 / 2^20 = 286.1.
      expect(r.m).toBe('286.1 MiB');
      expect(r.t).toBe(dir);
      expect(r.n).toBe(1);
    } finally {
      engine.close();
    }
  });
});
