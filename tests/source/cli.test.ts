// `loopbook analyze --source duckdb:…` against the in-memory path on the same rows: the sample workbook's orders,
// customers and campaigns written to CSV (and Parquet by DuckDB, and a DuckDB file), then analysed both ways. The
// in-memory run of the CSV files is the reference: the analyses that run on a pushed-down orders table
// (PUSHED_KINDS: RFM, CLV, clusters, cohorts, lifecycle, channel performance, funnel, acquisition quality) must give
// the same `--json` figures and tables (money to the cent, fitted parameters to 1e-6 relative, counts exact). Bad
// sources stop with exit code 1 and a message naming the source, and nothing is written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readLoopbookStore } from '../../src/xlsx/apply.js';
import { ORDER_ROW_KINDS, PUSHED_KINDS } from '../../src/source/index.js';
import { ANALYSES } from '../../src/analysis/registry.js';
import { exportSample } from './export.js';
import { differences } from './differences.js';
import { sink } from '../cli/sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-duckdb-cli-'));

interface Run {
  code: number;
  stderr: string;
  summary: Summary | null;
  out: string;
}
interface Summary {
  asOf: string;
  inputs: { source: string; rows: number }[];
  analyses: Record<string, unknown>;
  diagnostics: { code: string; message: { en: string } }[];
}

async function analyze(name: string, args: string[]): Promise<Run> {
  const out = path.join(dir, `${name}.xlsx`),
    json = path.join(dir, `${name}.json`);
  const stdout = sink(),
    stderr = sink();
  const code = await main(['analyze', ...args, '--out', out, '--json', json], {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const summary = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Summary) : null;
  return { code, stderr: stderr.text(), summary, out };
}

let files: Record<string, { csv: string; parquet: string }>;
let memory: Run, csv: Run, parquet: Run;

const db = path.join(dir, 'shop.duckdb');

beforeAll(async () => {
  files = await exportSample(dir, ['orders', 'customers', 'campaigns', 'touchpoints']);
  const inst = await DuckDBInstance.create(db);
  const con = await inst.connect();
  await con.run(`CREATE TABLE orders AS SELECT * FROM read_csv('${files.orders.csv}')`);
  con.closeSync();
  inst.closeSync();
  memory = await analyze('memory', [files.orders.csv, files.customers.csv, files.campaigns.csv]);
  csv = await analyze(
    'csv',
    ['orders', 'customers', 'campaigns'].flatMap((k) => ['--source', `duckdb:${files[k].csv}`]),
  );
  parquet = await analyze(
    'parquet',
    ['orders', 'customers', 'campaigns'].flatMap((k) => ['--source', `duckdb:${files[k].parquet}`]),
  );
}, 300_000);

describe('--source duckdb: equals the in-memory path on the sample workbook', () => {
  it('runs', () => {
    for (const r of [memory, csv, parquet]) expect(r.code, r.stderr).toBe(0);
    expect(csv.summary!.asOf).toBe(memory.summary!.asOf);
    // The orders rows are counted in DuckDB; the customers table is read whole.
    expect(csv.summary!.inputs).toEqual(memory.summary!.inputs);
  });

  // Segment response needs touchpoints or an experiment: compared in the run with touchpoints below.
  it.each(PUSHED_KINDS.filter((k) => k !== 'segment-response').map((k) => [k]))(
    '%s: the same figures and tables (CSV and Parquet)',
    (kind) => {
      const want = memory.summary!.analyses[kind];
      expect(want).toBeDefined();
      expect(differences(want, csv.summary!.analyses[kind])).toEqual([]);
      expect(differences(want, parquet.summary!.analyses[kind])).toEqual([]);
    },
  );

  it('RFM segment counts are exact', () => {
    type Seg = { segment: string; customers: number }[];
    const counts = (r: Run) =>
      (r.summary!.analyses.rfm as { tables: { segments: Seg } }).tables.segments.map(
        (s) => `${s.segment}:${s.customers}`,
      );
    expect(counts(parquet)).toEqual(counts(memory));
    expect(counts(memory).length).toBeGreaterThan(5);
  });

  it('leaves out the analyses that need order rows, and says so naming the source', () => {
    const ran = Object.keys(csv.summary!.analyses).sort();
    const expected = Object.keys(memory.summary!.analyses).filter((k) => !ORDER_ROW_KINDS.includes(k));
    expect(ran).toEqual(expected.sort());
    const note = csv.summary!.diagnostics.find((d) => d.code === 'source.left_out');
    expect(note?.message.en).toContain(`duckdb:${files.orders.csv}`);
    // The titles of the listed analyses that ran in memory (they read order rows: tests/source/kinds.test.ts), and
    // none of the pushed ones.
    const left = Object.keys(memory.summary!.analyses).filter((k) => ORDER_ROW_KINDS.includes(k));
    expect(left.length).toBeGreaterThan(0);
    // The note names what was not run, then what runs in DuckDB.
    const [notRun, runs] = note!.message.en.split('. They need the order rows');
    for (const k of left) expect(notRun).toContain(ANALYSES.find((d) => d.kind === k)!.title.en);
    for (const k of PUSHED_KINDS) {
      expect(notRun).not.toContain(ANALYSES.find((d) => d.kind === k)!.title.en);
      expect(runs).toContain(ANALYSES.find((d) => d.kind === k)!.title.en);
    }
  });

  it('keeps the sources in the saved recipe with their location and roles; --recipe runs them again', async () => {
    const store = (await readLoopbookStore(new Uint8Array(readFileSync(parquet.out)))).store!;
    const orders = store.recipe!.sources.find((s) => s.kind === 'orders')!;
    expect(orders.location).toBe(`duckdb:${files.orders.parquet}`);
    expect(orders.roles).toMatchObject({ customer_id: 'customer_id', order_date: 'date', amount: 'amount' });
    const recipe = path.join(dir, 'recipe.json');
    writeFileSync(recipe, JSON.stringify(store.recipe));
    const again = await analyze('again', ['--recipe', recipe]);
    expect(again.code, again.stderr).toBe(0);
    expect(differences(parquet.summary!.analyses, again.summary!.analyses)).toEqual([]);
  });
});

describe('with touchpoints: before/after compares the customers reached, segment response segments them', () => {
  let mem: Run, duck: Run;
  beforeAll(async () => {
    const kinds = ['orders', 'customers', 'touchpoints'];
    mem = await analyze(
      'touches-memory',
      kinds.map((k) => files[k].csv),
    );
    duck = await analyze(
      'touches-duckdb',
      kinds.flatMap((k) => ['--source', `duckdb:${k === 'orders' ? files[k].parquet : files[k].csv}`]),
    );
  }, 300_000);

  it.each([['before-after'], ['acquisition-quality'], ['segment-response'], ['recommendations']])(
    '%s: the same figures and tables',
    (kind) => {
      expect(duck.code, duck.stderr).toBe(0);
      const want = mem.summary!.analyses[kind] as { figures: Record<string, unknown> };
      // Not trivial: figures computed (the in-memory run's).
      expect(Object.keys(want.figures).length).toBeGreaterThan(0);
      expect(differences(want, duck.summary!.analyses[kind])).toEqual([]);
    },
  );

  it('runs every analysis the in-memory path runs, leaving nothing out', () => {
    expect(Object.keys(duck.summary!.analyses).sort()).toEqual(Object.keys(mem.summary!.analyses).sort());
    expect(duck.summary!.diagnostics.find((d) => d.code === 'source.left_out')).toBeUndefined();
  });
});

describe('refresh', () => {
  it('reads the saved duckdb: sources again and gives the same results', async () => {
    const out = path.join(dir, 'refreshed.xlsx'),
      json = path.join(dir, 'refreshed.json');
    const stderr = sink();
    const code = await main(['refresh', parquet.out, '--out', out, '--json', json], {
      stdout: sink().stream,
      stderr: stderr.stream,
    });
    expect(code, stderr.text()).toBe(0);
    const again = JSON.parse(readFileSync(json, 'utf8')) as Summary;
    expect(differences(parquet.summary!.analyses, again.analyses)).toEqual([]);
  });
});

describe('--source duckdb:<file.duckdb>#<table>', () => {
  it('reads a table of a DuckDB file as the CSV', async () => {
    const r = await analyze('db', [
      '--source',
      `duckdb:${db}#orders`,
      ...['customers', 'campaigns'].flatMap((k) => ['--source', `duckdb:${files[k].csv}`]),
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const kind of PUSHED_KINDS)
      expect(differences(csv.summary!.analyses[kind], r.summary!.analyses[kind])).toEqual([]);
  });
});

describe('bad sources: a clear error naming the source, exit code 1, nothing written', () => {
  const refused = async (name: string, args: string[], says: RegExp) => {
    const r = await analyze(name, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(says);
    expect(existsSync(r.out)).toBe(false);
    expect(r.summary).toBeNull();
  };

  it('a missing file', async () => {
    const missing = path.join(dir, 'no-such-orders.parquet');
    await refused('missing', ['--source', `duckdb:${missing}`], /duckdb:.*no-such-orders\.parquet: no file matches/);
  });

  it('a wrong table name', async () => {
    await refused('table', ['--source', `duckdb:${db}#order`], /duckdb:.*shop\.duckdb#order: .*no table "order"/);
  });

  it('a column of the wrong type', async () => {
    const bad = path.join(dir, 'bad-amounts.csv');
    const rows = readFileSync(files.orders.csv, 'utf8').split('\n');
    // Amounts written as words from line 3,000 on (most of the file): DuckDB reads the column as text, and the rows the
    // in-memory path infers the column's type from are mostly words, so it is no amount column there either.
    for (let i = 3000; i < rows.length; i++) rows[i] = rows[i].replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1twelve');
    writeFileSync(bad, rows.join('\n'));
    await refused(
      'type',
      ['--source', `duckdb:${bad}`],
      /duckdb:.*bad-amounts\.csv: column "amount" \(the amount column\) holds text, not numbers, in too many of its rows; for example "twelve"/,
    );
  });

  it('a spec Loopbook does not know', async () => {
    await refused('spec', ['--source', 'duckdb:orders.xlsx'], /duckdb:orders\.xlsx.*\.parquet/);
  });
});
