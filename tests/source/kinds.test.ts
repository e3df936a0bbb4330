// Which analyses run on a pushed-down orders table (src/source/duckdb/run.ts): those that read the orders table
// beyond the per-customer summary must be listed in ORDER_ROW_KINDS, or they would run on the sample of rows that
// detection read. Each analysis runs here on the sample workbook with its inputs watched: one that touches
// `inputs.orders` and is not a pushed kind must be in the list, and each listed one must touch it.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analysis/registry.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { pickInputs } from '../../src/run/detect.js';
import { ORDER_ROW_KINDS, PUSHED_KINDS } from '../../src/source/index.js';
import { sampleDatasets } from './export.js';

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
