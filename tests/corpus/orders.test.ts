/**
 * The orders of the corpus files with a customer column, read as the user analyses read them (readOrders):
 * customers and revenue must be the corpus generator's own plain sums (tests/corpus/cases.ts, each documented
 * status meaning written there), to the cent. Before statuses were wired in, Taobao counted 交易关闭 and
 * 等待买家付款 orders (12,072.73 instead of the generator's figure).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import type { Diagnostic } from '../../src/types.js';
import { readFile } from '../../src/xlsx/read.js';
import { corpusCases } from './cases.js';
import { writeCase } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-corpus-orders-'));
const FILES = [
  'taobao-orders.xlsx',
  'taobao-orders.gb18030.csv',
  'shopify-orders.csv',
  'hubspot-deals.csv',
  'stripe-payments.csv',
];

describe.each(
  corpusCases()
    .filter((c) => FILES.includes(c.file))
    .map((c) => [c.file, c] as const),
)('%s', (_f, c) => {
  it('readOrders counts the orders, customers and revenue the generator computed', async () => {
    const path = await writeCase(c, dir);
    const read = await readFile(path);
    const grid = c.sheet && path.endsWith('.xlsx') ? read.grids.find((g) => g.sheet === c.sheet)! : read.grids[0];
    const ds = ingestGrid(grid);
    const diagnostics: Diagnostic[] = [];
    const o = readOrders({ orders: ds }, diagnostics);
    expect(o, JSON.stringify(diagnostics)).not.toBeNull();
    let revenue = 0,
      orders = 0;
    const buyers = new Set<number>();
    for (let i = 0; i < o!.amount.length; i++) {
      if (o!.refund[i]) continue;
      revenue += o!.amount[i];
      orders++;
      buyers.add(o!.code[i]);
    }
    expect(Math.round(revenue * 100)).toBe(Math.round(c.expect.revenue! * 100));
    expect({ orders, customers: buyers.size }).toEqual(c.expect.counted);
  });
});
