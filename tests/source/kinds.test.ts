// Which analyses run on a pushed-down orders table (src/source/duckdb/run.ts): those that read the orders table
// beyond what the pushdown prepares must be listed in ORDER_ROW_KINDS, or they would run on the sample of rows that
// detection read. Each analysis runs here on the sample workbook with its inputs watched: one that touches
// `inputs.orders` and is not a pushed kind must be in the list, and each listed one must touch it. Each pushed kind
// (PUSHED_KINDS) runs on the sample's orders pushed down to DuckDB, as `--source duckdb:` runs it, with the memo
// preparePushdown seeds and seals: it must run without asking for anything else and never read a row of the
// orders dataset (it holds only the sample).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analysis/registry.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { pickInputs } from '../../src/run/detect.js';
import {
  CONDITIONAL_KINDS,
  ORDER_ROW_KINDS,
  PUSHED_KINDS,
  openEngineSources,
  preparePushdown,
} from '../../src/source/index.js';
import type { EngineSources, PushedRun } from '../../src/source/index.js';
import type { Recipe } from '../../src/recipe/types.js';
import { exportSample, sampleDatasets } from './export.js';

let inputs: AnalysisInputs;

beforeAll(async () => {
  inputs = pickInputs(
    await sampleDatasets(['orders', 'customers', 'campaigns', 'touchpoints', 'experiment', 'invoices', 'budget']),
  );
});

/** Whether running `kind` reads the orders input (any access: a property read, `in`, a key listing). */
function readsOrders(kind: string): boolean {
  const def = ANALYSES.find((d) => d.kind === kind)!;
  let touched = false;
  const watched = new Proxy(inputs, {
    get(target, key, receiver) {
      if (key === 'orders') touched = true;
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (key === 'orders') touched = true;
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      touched = true;
      return Reflect.ownKeys(target);
    },
  });
  const common = { asOf: 46_022, currency: 'CNY', lang: 'en' as const, memo: new RunMemo() };
  try {
    def.run(watched, common, def.defaults, new Map());
  } catch {
    // A failure after reading still tells whether it read.
  }
  return touched;
}

describe('analyses left out on a pushed-down orders table', () => {
  it('the sample has an orders table to read', () => {
    expect(inputs.orders?.table.numRows()).toBeGreaterThan(40_000);
  });

  it.each(ANALYSES.filter((d) => !PUSHED_KINDS.includes(d.kind)).map((d) => [d.kind]))(
    '%s: listed if and only if it reads the orders',
    (kind) => {
      expect(readsOrders(kind)).toBe(ORDER_ROW_KINDS.includes(kind));
    },
  );

  it('every listed kind is an analysis', () => {
    for (const k of ORDER_ROW_KINDS) expect(ANALYSES.map((d) => d.kind)).toContain(k);
  });
});

describe('analyses run on a pushed-down orders table', () => {
  const KINDS = ['orders', 'customers', 'campaigns', 'touchpoints', 'experiment', 'invoices', 'budget'];
  let sources: EngineSources;
  let pushed: PushedRun;
  let pushedInputs: AnalysisInputs;
  let rowsRead: string[];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-kinds-'));
    const files = await exportSample(dir, ['orders']);
    sources = await openEngineSources([`duckdb:${files.orders.csv}`], {});
    const orders = sources.tables[0].dataset;
    // The orders dataset with its rows watched: an analysis reading them would compute from the sample. Counting
    // them (numRows: is there an orders table at all) is allowed.
    rowsRead = [];
    const table = new Proxy(orders.table, {
      get(target, key, receiver) {
        if (key === 'numRows') return () => target.numRows();
        rowsRead.push(String(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const watched = new Proxy(orders, {
      get(target, key, receiver) {
        return key === 'table' ? table : (Reflect.get(target, key, receiver) as unknown);
      },
    });
    const others = (await sampleDatasets(KINDS)).filter((d) => d.kind !== 'orders');
    pushedInputs = { ...pickInputs(others), orders: watched };
    const recipe: Recipe = {
      loopbook: 'recipe',
      version: 2,
      sources: [],
      analyses: PUSHED_KINDS.map((kind) => ({ kind, enabled: true, options: {} })),
      asOf: '2025-12-31',
      currency: 'CNY',
      lang: 'en',
    };
    pushed = (await preparePushdown(sources, pushedInputs, recipe, undefined, () => null))!;
    rowsRead.length = 0;
  }, 120_000);
  afterAll(async () => {
    await sources?.close();
  });

  it.each(PUSHED_KINDS.map((k) => [k]))('%s: runs from the memo alone, reading no order row', (kind) => {
    const def = ANALYSES.find((d) => d.kind === kind)!;
    const common = { asOf: pushed.asOf, currency: 'CNY', lang: 'en' as const, memo: pushed.memo };
    const result = def.run(pushedInputs, common, def.defaults, new Map());
    expect(rowsRead).toEqual([]);
    // It ran on the orders: a result with figures or tables, not an empty one for want of input.
    expect(result.tables.length).toBeGreaterThan(0);
  });

  it('with touchpoints and an experiment and the default options, no pushed kind is left out', () => {
    expect(pushed.recipe.analyses.filter((a) => !a.enabled).map((a) => a.kind)).toEqual([]);
    expect(pushed.diagnostics).toEqual([]);
    expect(CONDITIONAL_KINDS.every((k) => PUSHED_KINDS.includes(k))).toBe(true);
  });

  it('no kind is both pushed and listed', () => {
    expect(PUSHED_KINDS.filter((k) => ORDER_ROW_KINDS.includes(k))).toEqual([]);
  });
});
