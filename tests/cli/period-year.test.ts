/**
 * A wide budget whose month headers carry no year (`渠道 | 1月 2月 3月 | 合计` under the title `营销预算（元）`, which
 * names none): the year given with `--period-year` or a recipe source's `periodYear` reaches ingest, is saved with
 * the source so a refresh reads the months alike, and the CLI names the header cells (not unpivoted rows) when it
 * warns. Expected budgets are the generated cells below, month by month.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseRecipe } from '../../src/recipe/parse-recipe.js';
import type { Recipe } from '../../src/recipe/types.js';
import type { Summary } from '../../src/run/summary.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-period-year-'));
const file = path.join(dir, 'budget.xlsx');
/** Budget per channel for 1月, 2月, 3月 (sheet rows 4 and 5, columns B–D). */
const BUDGET: Record<string, number[]> = { 百度推广: [1000, 2000, 3000], 巨量引擎: [500, 600, 700] };

async function writeBudget(): Promise<void> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('预算');
  ws.addRow(['营销预算（元）']);
  ws.addRow([]);
  ws.addRow(['渠道', '1月', '2月', '3月', '合计']);
  for (const [ch, v] of Object.entries(BUDGET)) ws.addRow([ch, ...v, v[0] + v[1] + v[2]]);
  writeFileSync(file, new Uint8Array(await book.xlsx.writeBuffer()));
}

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  let out = '';
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, err, out };
}

/** `analyze` (or `refresh`) with `--json`; the budget rows as [channel, month, budget] and the diagnostics' codes. */
async function budgetOf(name: string, args: string[]) {
  const json = path.join(dir, `${name}.json`);
  const { code, err } = await run([...args, '--json', json]);
  const s = JSON.parse(readFileSync(json, 'utf8')) as Summary;
  const rows = s.analyses.budget.tables.budget.map((r) => [r.channel, r.month, r.budget]);
  return { code, err, rows: rows.sort(), codes: s.diagnostics.map((d) => d.code) };
}

/** The generated budget as [channel, month, budget] rows of `year`. */
const expected = (year: number) =>
  Object.entries(BUDGET)
    .flatMap(([ch, v]) => v.map((b, m) => [ch, `${year}-0${m + 1}`, b]))
    .sort();

describe('periodYear from the command line and the recipe', () => {
  beforeAll(writeBudget);

  it('without a year, warns naming the header cells and reads the months in the as-of year', async () => {
    const r = await budgetOf('none', ['analyze', file, '--as-of', '2024-06-30', '--out', path.join(dir, 'none.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.codes).toContain('wide-year-missing');
    // The warning's place is the header cells B3:D3 of the sheet, not rows of the unpivoted table.
    expect(r.err).toContain('warning [预算, cells B3, C3, D3]:');
    expect(r.rows).toEqual(expected(2024));
  });

  it('--period-year gives the year, is saved with the source, and a refresh reads the months alike', async () => {
    const out = path.join(dir, 'flag.xlsx');
    const r = await budgetOf('flag', [
      'analyze',
      file,
      '--as-of',
      '2024-06-30',
      '--period-year',
      '预算=2023',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.codes).not.toContain('wide-year-missing');
    expect(r.rows).toEqual(expected(2023));
    // The saved recipe carries the year: the refresh has no flag and still reads 2023.
    const again = await budgetOf('refresh', ['refresh', out, '--out', path.join(dir, 'refreshed.xlsx')]);
    expect(again.codes).not.toContain('wide-year-missing');
    expect(again.rows).toEqual(expected(2023));
    // A year for every sheet, and a year for another sheet only (this one keeps its warning).
    const all = await budgetOf('all', [
      'analyze',
      file,
      '--as-of',
      '2024-06-30',
      '--period-year',
      '2022',
      '--out',
      out,
    ]);
    expect(all.rows).toEqual(expected(2022));
    const other = await budgetOf('other', [
      'analyze',
      file,
      '--as-of',
      '2024-06-30',
      '--period-year',
      'Plan=2022',
      '--out',
      out,
    ]);
    expect(other.codes).toContain('wide-year-missing');
  });

  it('inspect takes --period-year too', async () => {
    const without = await run(['inspect', file]);
    expect(without.out).toContain('warning [预算, cells B3, C3, D3]');
    const given = await run(['inspect', file, '--period-year', '2023']);
    expect(given.code).toBe(0);
    // The same sheet, the year given: no warning about its headers.
    expect(given.out).toContain('has months across its columns (B3:D3)');
    expect(given.out).not.toContain('name no year');
  });

  it("a recipe source's periodYear gives the year", async () => {
    const recipe: Recipe = {
      loopbook: 'recipe',
      version: 2,
      sources: [{ id: 'budget', sheet: '预算', kind: 'budget', roles: {}, periodYear: 2021 }],
      analyses: [{ kind: 'budget', enabled: true, options: {} }],
      asOf: '2024-06-30',
      currency: 'CNY',
      lang: 'en',
    };
    const rf = path.join(dir, 'recipe.json');
    writeFileSync(rf, JSON.stringify(recipe));
    const r = await budgetOf('recipe', ['analyze', file, '--recipe', rf, '--out', path.join(dir, 'recipe.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.rows).toEqual(expected(2021));
  });

  it('refuses a year that is not one, on the command line (exit 2) and in the recipe', async () => {
    const r = await run(['analyze', file, '--period-year', '24', '--out', path.join(dir, 'bad.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--period-year must be a year such as 2024');
    const parsed = parseRecipe({
      loopbook: 'recipe',
      version: 2,
      sources: [{ id: 'budget', sheet: '预算', kind: 'budget', roles: {}, periodYear: 20245 }],
      analyses: [],
      asOf: null,
      currency: 'CNY',
      lang: 'en',
    });
    expect(parsed.recipe).toBeNull();
    expect(parsed.diagnostics[0].message.en).toContain('sources[0].periodYear');
  });
});
