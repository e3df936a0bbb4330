/**
 * A recipe corrects how a file is read: a source's `statuses` (what a status value means) and `format` (a known
 * export format, or `none` for the general rules). The file is the corpus Taobao/Tmall 订单报表
 * (tests/corpus/cases.ts); expected revenue is the generator's, and the amount a status moves is summed here from
 * the generated cells (买家实际支付金额 of the orders with that 订单状态), never by Loopbook's code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseRecipe } from '../../src/recipe/parse-recipe.js';
import type { Recipe, Source } from '../../src/recipe/types.js';
import type { Summary } from '../../src/run/summary.js';
import { corpusCases, type CorpusCase } from '../corpus/cases.js';
import { writeCase } from '../corpus/files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-recipe-overrides-'));
const taobao = corpusCases().find((c) => c.file === 'taobao-orders.xlsx')!;
const cents = (x: number): number => Math.round(x * 100);
const SHIPPED = '卖家已发货，等待买家确认';

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  stdout.resume();
  const code = await main(args, { stdout, stderr });
  return { code, err };
}

function recipeFor(source: Partial<Source>): Recipe {
  return {
    loopbook: 'recipe',
    version: 2,
    sources: [{ id: 'orders', sheet: 'ExportOrderList', kind: 'orders', roles: {}, ...source }],
    analyses: [{ kind: 'rfm', enabled: true, options: {} }],
    asOf: null,
    currency: 'CNY',
    lang: 'en',
  };
}

/** Runs `analyze` on `c` with `recipe`; returns the exit code, stderr, the RFM figures and the output workbook. */
async function analyzeWith(c: CorpusCase, recipe: Recipe | null, name: string) {
  const file = await writeCase({ ...c, file: `${name}.xlsx` }, dir);
  const out = path.join(dir, `${name}-out.xlsx`);
  const json = path.join(dir, `${name}.json`);
  const args = ['analyze', file, '--out', out, '--json', json];
  if (recipe) {
    const r = path.join(dir, `${name}.recipe.json`);
    writeFileSync(r, JSON.stringify(recipe));
    args.push('--recipe', r);
  }
  const { code, err } = await run(args);
  const summary = code === 0 ? (JSON.parse(readFileSync(json, 'utf8')) as Summary) : null;
  return { code, err, rfm: summary?.analyses.rfm?.figures, out };
}

/** Orders with `status` and the sum of their 买家实际支付金额, from the generated cells. */
function ordersWith(c: CorpusCase, status: string): { orders: number; amount: number } {
  const [header, ...rows] = c.rows;
  const st = header.indexOf('订单状态');
  const paid = header.indexOf('买家实际支付金额');
  const hit = rows.filter((r) => r[st] === status);
  return { orders: hit.length, amount: hit.reduce((a, r) => a + (r[paid] as number), 0) };
}

describe('recipe sources: format and statuses', () => {
  it('parseRecipe keeps a format and statuses, and refuses an unknown format or status class by name', () => {
    const ok = parseRecipe(recipeFor({ format: 'taobao-orders', statuses: { 交易关闭: 'paid' } }));
    expect(ok.diagnostics).toEqual([]);
    expect(ok.recipe!.sources[0]).toMatchObject({ format: 'taobao-orders', statuses: { 交易关闭: 'paid' } });
    expect(parseRecipe(recipeFor({ format: 'none' })).recipe).not.toBeNull();
    const unknown = parseRecipe(recipeFor({ format: 'taobao' }));
    expect(unknown.recipe).toBeNull();
    expect(unknown.diagnostics[0].message.en).toMatch(
      /Source "orders" asks for the export format "taobao".*taobao-orders/,
    );
    const badClass = parseRecipe({
      ...recipeFor({}),
      sources: [{ ...recipeFor({}).sources[0], statuses: { x: 'gone' } }],
    });
    expect(badClass.recipe).toBeNull();
    expect(badClass.diagnostics[0].message.en).toMatch(/sources\[0\]\.statuses\.x/);
  });

  it(`a status set to "open" in the recipe moves revenue by exactly that status's amount; a refresh keeps it`, async () => {
    const shipped = ordersWith(taobao, SHIPPED);
    expect(shipped.orders).toBeGreaterThan(0);
    const base = await analyzeWith(taobao, null, 'base');
    expect(base.code, base.err).toBe(0);
    expect(cents(base.rfm!.revenue!)).toBe(cents(taobao.expect.revenue!));

    const moved = await analyzeWith(
      taobao,
      recipeFor({ format: 'taobao-orders', statuses: { [SHIPPED]: 'open' } }),
      'open',
    );
    expect(moved.code, moved.err).toBe(0);
    expect(cents(moved.rfm!.revenue!)).toBe(cents(taobao.expect.revenue! - shipped.amount));
    expect(moved.rfm!.orders).toBe(taobao.expect.counted!.orders - shipped.orders);
    expect(moved.err).toContain(`${shipped.orders} orders ${SHIPPED} not counted (not paid yet)`);

    // A colleague's refresh reads the recipe saved in the workbook: the same statuses, the same revenue.
    const json = path.join(dir, 'refresh.json');
    const again = await run(['refresh', moved.out, '--out', path.join(dir, 'refresh-out.xlsx'), '--json', json]);
    expect(again.code, again.err).toBe(0);
    const refreshed = JSON.parse(readFileSync(json, 'utf8')) as Summary;
    expect(refreshed.analyses.rfm.figures.revenue).toBe(moved.rfm!.revenue);
  }, 120_000);

  it('format "none" reads the sheet by the general rules and says so', async () => {
    const r = await analyzeWith(taobao, recipeFor({ format: 'none' }), 'none');
    expect(r.err).toContain('Sheet ExportOrderList: read by the general rules, as the recipe says ("format": "none")');
    expect(r.err).not.toContain('Taobao / Tmall order report —');
  }, 120_000);

  it('a format named in the recipe reads a sheet whose headers miss the signature as that format', async () => {
    // The export with 订单编号 renamed 订单号: the signature no longer holds, so nothing recognises it by itself.
    const renamed: CorpusCase = {
      ...taobao,
      rows: [taobao.rows[0].map((h) => (h === '订单编号' ? '订单号' : h)), ...taobao.rows.slice(1)],
    };
    const plain = await analyzeWith(renamed, null, 'renamed');
    expect(plain.err).not.toContain('Taobao / Tmall order report —');
    const forced = await analyzeWith(renamed, recipeFor({ format: 'taobao-orders' }), 'forced');
    expect(forced.code, forced.err).toBe(0);
    expect(forced.err).toContain('Sheet ExportOrderList: Taobao / Tmall order report — 买家会员名 as customer');
    expect(cents(forced.rfm!.revenue!)).toBe(cents(taobao.expect.revenue!));
    expect({ orders: forced.rfm!.orders, customers: forced.rfm!.customers }).toEqual(taobao.expect.counted);
  }, 120_000);
});
