import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../src/recipe/parse-recipe.js';
import {
  appendRun,
  emptyRunLog,
  MAX_RUNS,
  ownedSheets,
  splitChunks,
  storeFromCells,
  storeToCells,
} from '../../src/recipe/store.js';
import { hashCells, hashGrid } from '../../src/recipe/hash.js';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { gridColumns } from '../../src/ingest/grid-columns.js';
import type { Recipe, RunEntry } from '../../src/recipe/types.js';
import { deepFreeze } from '../report/fixtures.js';

const recipe: Recipe = {
  loopbook: 'recipe',
  version: 2,
  sources: [
    {
      id: 'orders',
      sheet: 'Orders',
      range: 'A1:F20001',
      kind: 'orders',
      roles: { 客户ID: 'customer_id', 订单日期: 'date', 金额: 'amount', 备注: null },
    },
    { id: 'campaigns', sheet: 'Campaigns', table: 'CampaignTable', kind: 'campaigns', roles: { Spend: 'spend' } },
  ],
  analyses: [{ kind: 'channel-performance', enabled: true, options: { top: 10 } }],
  asOf: '2024-12-31',
  currency: 'CNY',
  lang: 'zh-CN',
};

const run = (i: number): RunEntry => ({
  at: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
  host: i % 2 ? 'addin' : 'cli',
  loopbook: '0.1.0',
  inputs: [{ source: 'orders', sheet: 'Orders', range: 'A1:F20001', rows: 20000, hash: hashCells([[i]]) }],
  sheets: ['Dashboard', `Result ${i}`, '_loopbook'],
});

describe('parseRecipe', () => {
  it('accepts a current recipe unchanged, with no diagnostics', () => {
    const input = deepFreeze(structuredClone(recipe));
    expect(parseRecipe(input)).toEqual({ recipe, diagnostics: [] });
  });

  it('fills defaults for enabled and options', () => {
    const r = parseRecipe({ ...recipe, analyses: [{ kind: 'rfm' }] });
    expect(r.recipe?.analyses).toEqual([{ kind: 'rfm', enabled: true, options: {} }]);
  });

  it('migrates version 1 (kinds list, `language`, sources without ids) and says so', () => {
    const v1 = deepFreeze({
      loopbook: 'recipe',
      version: 1,
      sources: [
        { sheet: 'Orders', kind: 'orders', roles: {} },
        { sheet: 'Orders 2024', kind: 'orders', roles: {} },
      ],
      analyses: ['rfm', 'channel-performance'],
      asOf: null,
      currency: 'USD',
      language: 'en',
    });
    const r = parseRecipe(v1);
    expect(r.recipe).toEqual({
      loopbook: 'recipe',
      version: 2,
      sources: [
        { id: 'orders', sheet: 'Orders', kind: 'orders', roles: {} },
        { id: 'orders-2', sheet: 'Orders 2024', kind: 'orders', roles: {} },
      ],
      analyses: [
        { kind: 'rfm', enabled: true, options: {} },
        { kind: 'channel-performance', enabled: true, options: {} },
      ],
      asOf: null,
      currency: 'USD',
      lang: 'en',
    });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['recipe.migrated', 'info']]);
  });

  it('gives clear, bilingual errors naming the field', () => {
    const bad = parseRecipe({ ...recipe, currency: 'yuan', sources: [{ ...recipe.sources[0], kind: 'spreadsheet' }] });
    expect(bad.recipe).toBeNull();
    const texts = bad.diagnostics.map((d) => d.message.en);
    expect(texts).toContainEqual(expect.stringMatching(/^Recipe field sources\[0\]\.kind: /));
    expect(texts).toContainEqual('Recipe field currency: expected an ISO currency code like CNY');
    expect(bad.diagnostics.every((d) => d.severity === 'error' && d.message['zh-CN'].startsWith('配方字段'))).toBe(
      true,
    );
  });

  it('rejects what is not a recipe, newer versions and duplicate source ids', () => {
    expect(parseRecipe(null).diagnostics[0].code).toBe('recipe.notObject');
    expect(parseRecipe([]).diagnostics[0].code).toBe('recipe.notObject');
    expect(parseRecipe({ version: 2 }).diagnostics[0].code).toBe('recipe.marker');
    expect(parseRecipe({ loopbook: 'recipe', version: 'two' }).diagnostics[0].code).toBe('recipe.version');
    const newer = parseRecipe({ ...recipe, version: 3 });
    expect(newer.recipe).toBeNull();
    expect(newer.diagnostics[0].message.en).toMatch(/version 3, newer than this Loopbook understands \(2\)/);
    const dup = parseRecipe({ ...recipe, sources: [recipe.sources[0], recipe.sources[0]] });
    expect(dup.diagnostics[0].code).toBe('recipe.duplicateSource');
  });

  it('rejects unknown fields (a typo must not pass silently)', () => {
    expect(parseRecipe({ ...recipe, curency: 'CNY' }).recipe).toBeNull();
  });
});

describe('_loopbook store cells', () => {
  it('round-trips recipe and run log through column-A cells', () => {
    const store = deepFreeze({ recipe, log: appendRun(emptyRunLog(), run(1)) });
    const cells = storeToCells(store);
    expect(cells.slice(0, 3)).toEqual(['loopbook-store', '1', '1']);
    expect(storeFromCells(cells)).toEqual({ store, diagnostics: [] });
    // As a 2-D grid read from a sheet (column A used), with numbers where Excel typed them.
    const grid = cells.map((c, i) => [i === 1 ? 1 : c, 'ignored']);
    expect(storeFromCells(grid).store).toEqual(store);
  });

  it('splits long JSON into cells under Excel’s 32,767-character limit without breaking surrogate pairs', () => {
    const long = '社群😀'.repeat(40_000); // 120,000 UTF-16 units, with astral characters
    const chunks = splitChunks(long, 30_000);
    expect(chunks.every((c) => c.length <= 30_000)).toBe(true);
    expect(chunks.join('')).toBe(long);
    for (const c of chunks) expect(/^[\uDC00-\uDFFF]/.test(c) || /[\uD800-\uDBFF]$/.test(c)).toBe(false);
    const store = {
      recipe: { ...recipe, analyses: [{ kind: 'rfm', enabled: true, options: { note: long } }] },
      log: emptyRunLog(),
    };
    const cells = storeToCells(store);
    expect(cells.length).toBeGreaterThan(6);
    expect(cells.every((c) => c.length < 32_767)).toBe(true);
    expect(storeFromCells(cells).store).toEqual(store);
  });

  it('keeps the last 20 runs; the sheets of the last run are the owned ones', () => {
    let log = emptyRunLog();
    expect(ownedSheets(log)).toEqual([]);
    for (let i = 0; i < 25; i++) log = appendRun(log, run(i));
    expect(log.runs).toHaveLength(MAX_RUNS);
    expect(log.runs[0]).toEqual(run(5));
    expect(ownedSheets(log)).toEqual(['Dashboard', 'Result 24', '_loopbook']);
  });

  it('reports a damaged store without throwing', () => {
    expect(storeFromCells([]).diagnostics[0].code).toBe('store.damaged');
    expect(storeFromCells(['hello']).store).toBeNull();
    expect(storeFromCells(['loopbook-store', '9', '0']).diagnostics[0].message.en).toMatch(/format 9/);
    expect(storeFromCells(['loopbook-store', '1', '2', '{"a":']).diagnostics[0].message.en).toMatch(/incomplete/);
    expect(storeFromCells(['loopbook-store', '1', '1', '{"a":']).diagnostics[0].message.en).toMatch(/damaged JSON/);
    // A bad run log starts afresh; a bad recipe is dropped with its errors; neither throws.
    const r = storeFromCells([
      'loopbook-store',
      '1',
      '1',
      JSON.stringify({ recipe: { loopbook: 'recipe', version: 2 }, log: { version: 7 } }),
    ]);
    expect(r.store).toEqual({ recipe: null, log: emptyRunLog() });
    expect(r.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['store.runLog', 'recipe.invalid']));
  });
});

describe('hashCells', () => {
  it('is stable, and tells types, order and row breaks apart', () => {
    const grid = deepFreeze([
      ['a', 1, true, null],
      ['社群', 2.5, false, ''],
    ]);
    const h = hashCells(grid);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashCells(structuredClone(grid))).toBe(h);
    expect(hashCells([['1']])).not.toBe(hashCells([[1]]));
    expect(hashCells([[null]])).not.toBe(hashCells([['']]));
    expect(hashCells([['a', 'b']])).not.toBe(hashCells([['a'], ['b']]));
    expect(hashCells([['ab']])).not.toBe(hashCells([['a', 'b']]));
    expect(hashCells([])).toBe(hashCells([]));
  });

  it('gives the values the run logs already hold', () => {
    // Printed by hashCells/hashGrid as of commit e9f0dce (before the unit-by-unit rewrite, issue 13): workbooks
    // saved since carry these hashes, so a change here would report every source as changed.
    expect(
      hashCells([
        ['a', 1, true, null],
        ['社群', 2.5, false, ''],
        [-0, 1e21, 'x\u0000y', 'ok'],
      ]),
    ).toBe('f1c08b54e96cfa53');
    const csv = csvBytesToGrid(Buffer.from('id,名,v\n1,社群,2.5\n2,,x\n3,社群,"q,""r"""\n'), 's').grid!;
    expect(gridColumns(csv)).not.toBeNull();
    // The ASCII columns' units are laid out from the reader's bytes, the other's from its texts: both paths taken.
    expect(gridColumns(csv)!.columns.map((c) => c.ascii !== undefined)).toEqual([true, false, true]);
    expect(hashGrid(csv)).toBe('b30730f215ad7fa9');
    expect(hashCells(csv.values)).toBe('b30730f215ad7fa9');
  });
});
