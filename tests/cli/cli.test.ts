// The `loopbook` command end to end, in process: exit codes, the JSON summary, and a user's workbook
// analysed in place keeping everything it had.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { excelize } from '../../src/xlsx/apply.js';
import { userWorkbook } from '../xlsx/apply-fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-cli-'));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

/** Orders of 40 customers over 2024 (hand-made: customer i buys (i % 4) + 1 times, 100 + i each time). */
function ordersCsv(): string {
  const lines = ['order_id,customer_id,order_date,amount'];
  let n = 0;
  for (let i = 0; i < 40; i++) {
    for (let k = 0; k <= i % 4; k++) {
      const day = 1 + ((i * 7 + k * 53) % 360);
      const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
      lines.push(`O${++n},C${String(i).padStart(3, '0')},${date},${100 + i}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function parts(bytes: Uint8Array, re: RegExp): Record<string, string> {
  const files = unzipSync(bytes, { filter: (f) => re.test(f.name) });
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

describe('loopbook command line', () => {
  it('usage errors exit with 2 and say what is wrong', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    const badDate = await run(['analyze', 'x.csv', '--as-of', '31/12/2024']);
    expect(badDate.code).toBe(2);
    expect(badDate.err).toMatch(/--as-of must be a date written YYYY-MM-DD/);
    expect((await run(['analyze', 'x.csv', '--lang', 'fr'])).code).toBe(2);
  });

  it('an empty sheet stops with exit code 1 and a clear message, writing nothing', async () => {
    const file = path.join(dir, 'empty.csv');
    writeFileSync(file, '');
    const out = path.join(dir, 'empty-out.xlsx');
    const r = await run(['analyze', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing to analyse: "empty.csv" holds no cell with a value');
    expect(existsSync(out)).toBe(false);
  });

  it('analyses a .csv of orders: prints its decisions, writes the workbook and a JSON summary', async () => {
    const file = path.join(dir, 'orders.csv');
    writeFileSync(file, ordersCsv());
    const out = path.join(dir, 'orders-out.xlsx');
    const json = path.join(dir, 'summary.json');
    const r = await run(['analyze', file, '--out', out, '--json', json, '--as-of', '2024-12-31']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/read as orders/);
    expect(r.out).toContain(`Wrote ${out}`);
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.loopbook).toBe('0.1.0');
    expect(summary.asOf).toBe('2024-12-31');
    expect(summary.inputs).toEqual([{ source: 'orders', sheet: 'orders', kind: 'orders', rows: 100 }]);
    // 40 customers, 100 orders: Σ_{i<40} ((i % 4) + 1) = 10 × (1 + 2 + 3 + 4) = 100.
    expect(summary.analyses.rfm.figures.customers).toBe(40);
    expect(summary.analyses.rfm.figures.orders).toBe(100);
    // Revenue recomputed independently from the rule that made the file: Σ_i ((i % 4) + 1)(100 + i).
    let revenue = 0;
    for (let i = 0; i < 40; i++) revenue += ((i % 4) + 1) * (100 + i);
    expect(summary.analyses.rfm.figures.revenue).toBeCloseTo(revenue, 6);
    const sheets = Object.keys(parts(readFileSync(out), /^xl\/worksheets\/sheet\d+\.xml$/));
    expect(sheets.length).toBeGreaterThanOrEqual(3);
    const wb = parts(readFileSync(out), /^xl\/workbook\.xml$/)['xl/workbook.xml'];
    expect(wb).toMatch(/name="Dashboard"/);
    expect(wb).toMatch(/<sheet (?=[^>]*name="_loopbook")(?=[^>]*state="veryHidden")[^>]*>/);
  });

  it("--in-place keeps the user's chart, table, pivot table and defined names; refresh replaces only its own sheets", async () => {
    const ex = await excelize();
    const f = ex.OpenReader(await userWorkbook(), {});
    f.NewSheet('Orders');
    const rows = ordersCsv()
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    rows.forEach((r, i) => {
      const values = i === 0 ? r : [r[0], r[1], r[2], Number(r[3])];
      f.SetSheetRow('Orders', `A${i + 1}`, values);
    });
    const buf = f.WriteToBuffer();
    if (buf.error) throw new Error(buf.error);
    const file = path.join(dir, 'user.xlsx');
    writeFileSync(file, buf.buffer as Uint8Array);
    const before = parts(readFileSync(file), /^xl\/(tables|charts|pivotTables|pivotCache)\//);
    expect(Object.keys(before).some((k) => k.startsWith('xl/pivotTables/'))).toBe(true);

    const r = await run(['analyze', file, '--in-place', '--as-of', '2024-12-31']);
    expect(r.code).toBe(0);
    const after = readFileSync(file);
    const kept = parts(after, /^xl\/(tables|charts|pivotTables|pivotCache)\//);
    for (const [name, xml] of Object.entries(before)) expect(kept[name]).toBe(xml);
    const wb = parts(after, /^xl\/workbook\.xml$/)['xl/workbook.xml'];
    expect(wb).toMatch(/<definedName name="SpendRange"/);
    expect(wb).toMatch(/name="Data"/);
    // The user's own sheet named Dashboard is kept; Loopbook's dashboard gets another name.
    expect(wb).toMatch(/name="Dashboard"/);
    expect(wb).toMatch(/name="Dashboard \(2\)"/);
    // No temporary file is left beside the workbook.
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);

    const sheetCount = (wb.match(/<sheet /g) ?? []).length;
    const refreshed = await run(['refresh', file]);
    expect(refreshed.code).toBe(0);
    const wb2 = parts(readFileSync(file), /^xl\/workbook\.xml$/)['xl/workbook.xml'];
    expect((wb2.match(/<sheet /g) ?? []).length).toBe(sheetCount);
    expect(wb2).not.toMatch(/Dashboard \(3\)/);
    // Loopbook's tables keep their names on refresh (no "_2" suffixes creeping in).
    const tableNames = (bytes: Uint8Array) =>
      Object.values(parts(bytes, /^xl\/tables\/table\d+\.xml$/))
        .map((x) => /displayName="([^"]+)"/.exec(x)?.[1])
        .sort();
    const firstNames = tableNames(after);
    expect(tableNames(readFileSync(file))).toEqual(firstNames);
    expect(firstNames.some((n) => /_2$/.test(n ?? ''))).toBe(false);
  });

  it('says under each analysis why it is empty: one customer is no basis for a model', async () => {
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, 'customer_id,order_date,amount\nC1,2024-01-05,100\nC1,2024-02-05,50\n');
    const r = await run(['analyze', file, '--out', path.join(dir, 'one-out.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /Customer lifetime value and churn risk\n {2}error \[one\]: The models need repeat purchases from several customers/,
    );
    expect(r.out).toMatch(/RFM segments\n(.*\n)*? {2}warning \[one\]: Only one customer/);
    // Orders alone name no channel and no campaign: those analyses are skipped with what they need.
    expect(r.err).toMatch(/Skip Acquisition quality by channel: .*channel column in the orders/);
    expect(r.err).toMatch(/Skip Behaviour before and after the campaign/);
  });

  it('an A/B file with no date column runs the experiment without --as-of (issue 12)', async () => {
    // 400 units alternating A/B: B (odd i) converts when i % 8 = 1, 50 of 200 = 0.25; A (even i) when i % 16 = 0,
    // 25 of 200 = 0.125 (counted by hand from the construction).
    const lines = ['unit_id,variant,converted'];
    for (let i = 0; i < 400; i++)
      lines.push(`U${i},${i % 2 ? 'B' : 'A'},${(i % 2 ? i % 8 === 1 : i % 16 === 0) ? 1 : 0}`);
    const file = path.join(dir, 'ab-no-dates.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = path.join(dir, 'ab-no-dates.xlsx');
    const json = path.join(dir, 'ab-no-dates.json');
    const r = await run(['analyze', file, '--out', out, '--json', json]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as {
      asOf: string | null;
      analyses: Record<string, unknown>;
    };
    expect(summary.asOf).toBeNull();
    expect(Object.keys(summary.analyses)).toContain('experiment');
    const arms = JSON.stringify(summary.analyses.experiment);
    expect(arms).toContain('0.25');
    expect(arms).toContain('0.125');
    expect(existsSync(out)).toBe(true);
  });

  it('refresh on a workbook never analysed says so and exits 1', async () => {
    const ex = await excelize();
    const f = ex.NewFile();
    f.SetSheetRow('Sheet1', 'A1', ['x']);
    const buf = f.WriteToBuffer();
    const file = path.join(dir, 'plain.xlsx');
    writeFileSync(file, buf.buffer as Uint8Array);
    const r = await run(['refresh', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no saved Loopbook recipe/);
  });

  it('inspect prints types and roles', async () => {
    const file = path.join(dir, 'orders.csv');
    const r = await run(['inspect', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/customer_id\s+identifier\s+customer_id/);
    expect(r.out).toMatch(/amount\s+\w+\s+amount/);
  });
});
