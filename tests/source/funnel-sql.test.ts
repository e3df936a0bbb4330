// The funnel on a pushed-down orders table (src/source/sql/funnel-buyers.ts, src/source/duckdb/funnel.ts) equals the
// in-memory one on the same rows: buildFunnel with funnelBuyers over the orders Dataset
// (src/analysis/marketing/funnel) is the definition, so every expected value is what it gives without the pushdown.
// The buyers are read from every row: the rows hold amounts of zero, below zero and missing, refunded and cancelled
// statuses, rows after the as-of date and undated ones, customer ids with white space around, order ids repeated
// (order lines), blank and missing, and channels blank, missing and in several cases.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { buildFunnel, FUNNEL_DEFAULTS } from '../../src/analysis/marketing/funnel/index.js';
import { funnelBuyers, funnelBuyersKey } from '../../src/analysis/marketing/funnel/read.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { DuckEngine } from '../../src/source/duckdb/engine.js';
import type { PushedOrders } from '../../src/source/duckdb/orders.js';
import { pushedFunnelBuyers } from '../../src/source/duckdb/funnel.js';
import { mulberry32 } from '../../src/stats/random.js';
import { SIGNED_UP_CUSTOMERS as customers, pushRows, pushedMemo, type OrderRows } from './orders-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-funnelsql-'));
const AS_OF = 45_300;

/** `n` random rows over 60 customers and 365 days from serial 45000; with order ids unless `orderIds` is false. */
function randomRows(seed: number, n: number, orderIds: boolean): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: OrderRows = { cust: [], date: [], amount: [], status: [], channel: [], ...(orderIds ? { oid: [] } : {}) };
  let last = 'O0';
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * 60);
    rows.cust.push(r() < 0.03 ? null : r() < 0.1 ? ` C${c} ` : `C${c}`);
    rows.date.push(r() < 0.03 ? null : 45_000 + Math.floor(r() * 365) + (r() < 0.3 ? 0.5 : 0));
    rows.amount.push(r() < 0.04 ? null : pick([0, -15, 20, 35.5, 60.25, 99.99, 120]));
    rows.status!.push(pick(['paid', 'paid', 'completed', 'refunded', 'cancelled', null]));
    rows.channel!.push(pick(['Search', 'search', 'Social ', 'Email', '', '   ', null]));
    if (rows.oid) {
      const oid = r() < 0.3 ? last : r() < 0.1 ? pick([null, '', ' ']) : `O${i}`;
      if (oid) last = oid;
      rows.oid.push(oid);
    }
  }
  return rows;
}

const campaigns: Dataset = makeDataset('campaigns', [
  { name: 'channel', role: 'channel', values: ['Search', 'Social', 'Email'], type: 'text' },
  { name: 'impressions', role: 'impressions', values: [90_000, 60_000, 30_000], type: 'number' },
  { name: 'clicks', role: 'clicks', values: [3000, 1500, 900], type: 'number' },
  { name: 'spend', role: 'spend', values: [1200, 800, 150], type: 'number' },
]);

describe.each([
  [1, 600, true],
  [2, 5000, true],
  [3, 2000, false],
])('funnel buyers pushed down to DuckDB, random orders seed %i (%i rows, order ids: %s)', (seed, n, orderIds) => {
  const rows = randomRows(seed, n, orderIds);
  let engine: DuckEngine;
  let pushed: PushedOrders;
  let orders: Dataset;

  beforeAll(async () => {
    ({ engine, pushed, dataset: orders } = await pushRows(path.join(dir, `orders-${seed}.duckdb`), rows, dir));
  });
  afterAll(() => {
    engine.close();
  });

  it.each(['en', 'zh-CN'] as const)('are what funnelBuyers gives, to the bit (%s blank label)', async (lang) => {
    const blank = lang === 'en' ? '(blank)' : '（空白）';
    const want = funnelBuyers(orders, AS_OF, blank)!;
    // Not trivial: repeat buyers, buyers without a channel, buyers whose first order is undated.
    expect(want.orders.some((k) => k >= 2)).toBe(true);
    expect(want.channel).toContain(blank);
    const got = await pushedFunnelBuyers(engine, { asOf: AS_OF, blank, orderIds });
    expect(got).toEqual(want);
  });

  it.each([
    ['campaigns and orders', { campaigns }],
    ['campaigns, customers and orders', { campaigns, customers }],
  ])('the funnel of %s equals the in-memory result', async (_, others) => {
    const inputs: AnalysisInputs = { ...others, orders };
    const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const };
    const want = buildFunnel(inputs, common, FUNNEL_DEFAULTS);
    expect(want.tables.length).toBeGreaterThan(0);
    const buyers = await pushedFunnelBuyers(engine, { asOf: AS_OF, blank: '(blank)', orderIds });
    const memo = await pushedMemo(inputs, pushed, (m) => {
      m.get(orders, funnelBuyersKey(AS_OF, '(blank)'), () => buyers);
    });
    expect(buildFunnel(inputs, { ...common, memo }, FUNNEL_DEFAULTS)).toEqual(want);
  });
});
