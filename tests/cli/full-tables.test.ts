// Per-customer tables longer than their sheet are written whole next to the workbook (issue 14, "results too big
// for a sheet"). The orders are generated here so every expected figure is known by construction: 10,250 customers
// (more than the 10,000 rows a customer table shows by default), customer i buying 1 + (i mod 3) times, order k
// of customer i worth 10 + (i mod 97) + k/4. The Parquet and CSV files must hold every customer, in the sheet's
// order, with the sheet's first rows identical to the `--json` summary's, and the sheet's note must name the files.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fullTablePath, parseFullTableFormats, withFileNote } from '../../src/cli/full-tables.js';
import { sink } from './sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-tables-'));
const CUSTOMERS = 10_250;
const csv = path.join(dir, 'orders.csv');
/** Per customer, by construction: orders and revenue (cents, to avoid float drift in the expectation). */
const expected = new Map<string, { orders: number; cents: number }>();

function generate(): void {
  const lines = ['order_id,customer_id,order_date,amount'];
  for (let i = 1; i <= CUSTOMERS; i++) {
    const id = `C${String(i).padStart(5, '0')}`;
    const n = 1 + (i % 3);
    let cents = 0;
    for (let k = 0; k < n; k++) {
      const day = new Date(Date.UTC(2024, 0, 1 + ((i * 7 + k * 30) % 330)));
      const amountCents = (10 + (i % 97)) * 100 + k * 25;
      cents += amountCents;
      lines.push(`O${i}-${k},${id},${day.toISOString().slice(0, 10)},${(amountCents / 100).toFixed(2)}`);
    }
    expected.set(id, { orders: n, cents });
  }
  writeFileSync(csv, `${lines.join('\n')}\n`);
}

async function analyze(name: string, extra: string[]): Promise<{ code: number; stderr: string; out: string }> {
  const out = path.join(dir, name, 'book.xlsx');
  mkdirSync(path.dirname(out), { recursive: true });
  const stdout = sink(),
    stderr = sink();
  const code = await main(
    ['analyze', csv, '--out', out, '--json', path.join(dir, name, 'summary.json'), '--as-of', '2024-12-31', ...extra],
    { stdout: stdout.stream, stderr: stderr.stream },
  );
  return { code, stderr: stderr.text(), out };
}

async function query<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every text of the workbook's sheets (inline strings and shared strings). */
function workbookTexts(file: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.entries(parts)
    .filter(([name]) => name.startsWith('xl/worksheets/sheet') || name === 'xl/sharedStrings.xml')
    .map(([, bytes]) => strFromU8(bytes))
    .join('\n');
}

describe('full tables next to the workbook', () => {
  let both: { code: number; stderr: string; out: string };
  beforeAll(async () => {
    generate();
    both = await analyze('both', ['--full-tables', 'parquet,csv']);
  }, 240_000);

  it('writes every customer of each capped per-customer table as Parquet', async () => {
    expect(both.code, both.stderr).toBe(0);
    for (const kind of ['rfm', 'lifecycle', 'clv', 'clusters']) {
      const file = fullTablePath(both.out, kind, 'customers', 'parquet');
      expect(existsSync(file), file).toBe(true);
      const [{ n, ids }] = await query<{ n: bigint; ids: bigint }>(
        `SELECT count(*) AS n, count(DISTINCT customer_id) AS ids FROM '${file}'`,
      );
      expect([Number(n), Number(ids)], kind).toEqual([CUSTOMERS, CUSTOMERS]);
    }
  });

  it('holds the figures of the generated orders: orders and revenue per customer, to the cent', async () => {
    const file = fullTablePath(both.out, 'rfm', 'customers', 'parquet');
    const rows = await query<{ customer_id: string; frequency: bigint; monetary: number; last_order: unknown }>(
      `SELECT customer_id, frequency, monetary, last_order FROM '${file}'`,
    );
    let wrong = 0;
    for (const r of rows) {
      const e = expected.get(r.customer_id)!;
      if (Number(r.frequency) !== e.orders || Math.round(r.monetary * 100) !== e.cents) wrong++;
    }
    expect(wrong).toBe(0);
    // Typed for the tools that read it: whole numbers as BIGINT, dates as DATE.
    const types = await query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM '${file}'`);
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
    expect(typeOf).toMatchObject({
      customer_id: 'VARCHAR',
      frequency: 'BIGINT',
      monetary: 'DOUBLE',
      last_order: 'DATE',
    });
  });

  it("keeps the sheet's order: its first rows are the summary's, the rest follow by revenue", async () => {
    const summary = JSON.parse(readFileSync(path.join(dir, 'both', 'summary.json'), 'utf8')) as {
      analyses: Record<string, { tables: Record<string, { customer_id: string; monetary: number }[]> }>;
    };
    const shown = summary.analyses.rfm.tables.customers;
    expect(shown.length).toBe(10_000);
    const file = fullTablePath(both.out, 'rfm', 'customers', 'parquet');
    const rows = await query<{ customer_id: string; monetary: number }>(`SELECT customer_id, monetary FROM '${file}'`);
    expect(rows.slice(0, shown.length).map((r) => r.customer_id)).toEqual(shown.map((r) => r.customer_id));
    // RFM lists by revenue, highest first: the rows the sheet leaves out earn no more than its last.
    const last = shown[shown.length - 1].monetary;
    expect(rows.slice(shown.length).every((r) => r.monetary <= last)).toBe(true);
  });

  it('writes the CSV with a BOM (Excel reads it as UTF-8) and one line per customer', () => {
    const file = fullTablePath(both.out, 'clv', 'customers', 'csv');
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['customer_id', 'x', 't_x']);
    expect(lines.length).toBe(CUSTOMERS + 1);
  });

  it("says on the sheet where the rest is, and in the command's messages", () => {
    const texts = workbookTexts(both.out);
    expect(texts).toContain(
      'All 10,250 rows are in book.rfm.customers.parquet and book.rfm.customers.csv, next to this workbook.',
    );
    expect(both.stderr).toContain(
      `rfm customers: all 10,250 rows written to ${fullTablePath(both.out, 'rfm', 'customers', 'parquet')}`,
    );
  });

  it('writes nothing with --full-tables none, and the note then names no file', async () => {
    const run = await analyze('none', ['--full-tables', 'none']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(fullTablePath(run.out, 'rfm', 'customers', 'parquet'))).toBe(false);
    expect(workbookTexts(run.out)).not.toContain('next to this workbook');
  }, 240_000);

  it('lists every customer on the Customer facts sheet, so the Dashboard tiles read its pivot', () => {
    const parts = unzipSync(new Uint8Array(readFileSync(both.out)));
    const facts = Object.entries(parts)
      .filter(([name]) => name.startsWith('xl/tables/'))
      .map(([, bytes]) => strFromU8(bytes))
      .find((xml) => xml.includes('name="LB_customer_facts_facts"'))!;
    // Header row plus one row per customer: A6:J10256 holds 10,250 customers.
    const [, top, bottom] = /ref="[A-Z]+(\d+):[A-Z]+(\d+)"/.exec(facts)!;
    expect(Number(bottom) - Number(top)).toBe(CUSTOMERS);
    // Only a fact table holding every customer recomputes the figures: then the tiles are GETPIVOTDATA formulas.
    expect(workbookTexts(both.out)).toContain(`<f>GETPIVOTDATA(&quot;Customers&quot;,'Explore'!$A$7)</f>`);
  });

  it('warns, names the file and still writes the workbook when a file cannot be written', async () => {
    const out = path.join(dir, 'blocked', 'book.xlsx');
    // A non-empty directory where the RFM file should go: the rename onto it fails.
    const blocked = fullTablePath(out, 'rfm', 'customers', 'parquet');
    mkdirSync(blocked, { recursive: true });
    writeFileSync(path.join(blocked, 'keep.txt'), 'the user’s');
    const run = await analyze('blocked', []);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `Could not write ${blocked}: a folder of that name is in the way. The sheet lists only its first 10,000 rows.`,
    );
    expect(readFileSync(path.join(blocked, 'keep.txt'), 'utf8')).toBe('the user’s');
    const texts = workbookTexts(run.out);
    expect(texts).not.toContain('All 10,250 rows are in book.rfm.customers.parquet');
    expect(texts).toContain('All 10,250 rows are in book.clv.customers.parquet, next to this workbook.');
  }, 240_000);

  it('writes on the main thread without the worker: the same files, the same warning', async () => {
    // LOOPBOOK_FULL_TABLES_THREAD=0 (as when no worker thread can start): the tables are staged and copied on the
    // main thread before the report. The files must be those of the worker's run (`both`), and a file that cannot be
    // written must still be warned about and left out of the notes.
    const out = path.join(dir, 'held', 'book.xlsx');
    const blocked = fullTablePath(out, 'rfm', 'customers', 'parquet');
    mkdirSync(blocked, { recursive: true });
    process.env.LOOPBOOK_FULL_TABLES_THREAD = '0';
    let run: Awaited<ReturnType<typeof analyze>>;
    try {
      run = await analyze('held', ['--full-tables', 'parquet,csv']);
    } finally {
      delete process.env.LOOPBOOK_FULL_TABLES_THREAD;
    }
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Could not write ${blocked}: a folder of that name is in the way.`);
    for (const kind of ['rfm', 'lifecycle', 'clv', 'clusters'])
      expect(
        readFileSync(fullTablePath(run.out, kind, 'customers', 'csv')).equals(
          readFileSync(fullTablePath(both.out, kind, 'customers', 'csv')),
        ),
        kind,
      ).toBe(true);
    const texts = workbookTexts(run.out);
    expect(texts).toContain('All 10,250 rows are in book.rfm.customers.csv, next to this workbook.');
    expect(texts).toContain(
      'All 10,250 rows are in book.clv.customers.parquet and book.clv.customers.csv, next to this workbook.',
    );
  }, 240_000);

  it('makes the folder of --out when it does not exist yet, and writes the full tables into it', async () => {
    // The full tables are written before the workbook: a first `npm run demo` on a clean clone (no demo/ folder)
    // used to warn "Cannot open file …tmp" and leave the RFM sheet without its file.
    const out = path.join(dir, 'fresh', 'deeper', 'book.xlsx');
    const stdout = sink(),
      stderr = sink();
    const code = await main(['analyze', csv, '--out', out, '--as-of', '2024-12-31'], {
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    expect(code, stderr.text()).toBe(0);
    expect(stderr.text()).not.toContain('Could not write');
    expect(existsSync(fullTablePath(out, 'rfm', 'customers', 'parquet'))).toBe(true);
    expect(existsSync(out)).toBe(true);
  }, 240_000);

  it('refuses a format it does not know before reading anything', async () => {
    const stderr = sink();
    const code = await main(['analyze', csv, '--out', path.join(dir, 'x.xlsx'), '--full-tables', 'xml'], {
      stdout: sink().stream,
      stderr: stderr.stream,
    });
    expect(code).toBe(2);
    expect(stderr.text()).toContain('--full-tables takes parquet, csv, parquet,csv or none, not "xml"');
    expect(existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });
});

describe('full-table names and notes', () => {
  it('parses the formats', () => {
    expect(parseFullTableFormats(undefined)).toEqual(['parquet']);
    expect(parseFullTableFormats('CSV, parquet')).toEqual(['csv', 'parquet']);
    expect(parseFullTableFormats('none')).toEqual([]);
    expect(parseFullTableFormats('xlsx')).toBeNull();
    expect(parseFullTableFormats('none,csv')).toBeNull();
  });
  it('names files after the workbook, the analysis and the table', () => {
    expect(fullTablePath(path.join('out', 'Book.XLSX'), 'clv', 'customers', 'csv')).toBe(
      path.join('out', 'Book.clv.customers.csv'),
    );
  });
  it('adds the files to the note in both languages', () => {
    expect(withFileNote({ en: 'Showing 2 of 3.', 'zh-CN': '仅显示 2 位（共 3 位）。' }, ['/a/b.parquet'], 3)).toEqual({
      en: 'Showing 2 of 3. All 3 rows are in b.parquet, next to this workbook.',
      'zh-CN': '仅显示 2 位（共 3 位）。全部 3 行见本工作簿旁的 b.parquet。',
    });
  });
});
