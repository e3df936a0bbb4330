// Channel performance on a pushed-down orders table (src/source/sql/channel-revenue.ts, src/source/duckdb/channels.ts)
// equals the in-memory one on the same rows: summarizeChannels with orderRevenueByChannel over the orders Dataset
// (src/analysis/marketing/channel-performance) is the definition, so every expected value is what it gives without
// the pushdown. Order revenue by channel reads every row whatever its status: the rows hold refunds, cancelled rows,
// rows without a customer, date or amount, and channels written in several cases, with white space around, blank and
// missing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { channelPerformanceAnalysis } from '../../src/analysis/marketing/channel-performance/index.js';
import { ORDER_REVENUE_KEY, orderRevenueByChannel } from '../../src/analysis/marketing/channel-performance/check.js';
import { CHANNEL_PERFORMANCE_DEFAULTS } from '../../src/analysis/marketing/channel-performance/options.js';
import type { AnalysisInputs, CommonOptions } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { DuckEngine } from '../../src/source/duckdb/engine.js';
import type { PushedOrders } from '../../src/source/duckdb/orders.js';
import { pushedChannelRevenue } from '../../src/source/duckdb/channels.js';
import { mulberry32 } from '../../src/stats/random.js';
import { pushRows, pushedMemo, type OrderRows } from './orders-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-chrevsql-'));

/** `n` random rows; channels are Search, Social and Email in several spellings, blank or missing. */
function randomRows(seed: number, n: number): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Required<Pick<OrderRows, 'cust' | 'date' | 'amount' | 'status' | 'channel'>> = {
    cust: [],
    date: [],
    amount: [],
    status: [],
    channel: [],
  };
  for (let i = 0; i < n; i++) {
    rows.cust.push(r() < 0.02 ? null : `C${Math.floor(r() * 50)}`);
    rows.date.push(r() < 0.02 ? null : 45_000 + Math.floor(r() * 365));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 300 - 40) * 100) / 100);
    rows.status.push(pick(['paid', 'paid', 'refunded', 'cancelled', null]));
    rows.channel.push(
      pick(['Search', 'search', ' SEARCH ', 'Social', 'social\t', 'Email', '\u00a0Email', '', '  ', null]),
    );
  }
  return rows;
}

/** Campaigns of the three channels (and one without orders), with spend and platform-reported revenue. */
const campaigns: Dataset = makeDataset('campaigns', [
  { name: 'channel', role: 'channel', values: ['Search', 'Social', 'Email', 'Display', 'Search'], type: 'text' },
  { name: 'campaign', role: 'campaign', values: ['S1', 'So1', 'E1', 'D1', 'S2'], type: 'text' },
  { name: 'spend', role: 'spend', values: [1200, 800, 150, 300, 400], type: 'number' },
  { name: 'revenue', role: 'revenue', values: [5000, 2100, 900, 200, 1500], type: 'number' },
]);

describe.each([
  [1, 500],
  [2, 5000],
])('order revenue by channel pushed down to DuckDB, random orders seed %i (%i rows)', (seed, n) => {
  const rows = randomRows(seed, n);
  let engine: DuckEngine;
  let pushed: PushedOrders;
  let orders: Dataset;

  beforeAll(async () => {
    ({ engine, pushed, dataset: orders } = await pushRows(path.join(dir, `orders-${seed}.duckdb`), rows, dir));
  });
  afterAll(() => {
    engine.close();
  });

  it('is the map orderRevenueByChannel gives, to the bit', async () => {
    const want = orderRevenueByChannel(orders)!;
    expect([...want.keys()].sort()).toEqual(['email', 'search', 'social']);
    const got = await pushedChannelRevenue(engine);
    expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
  });

  it('channel performance: every table, figure, finding and note equals the in-memory result', async () => {
    const inputs: AnalysisInputs = { orders, campaigns };
    const common = { asOf: 45_400, currency: 'USD', lang: 'en' as const };
    const run = (c: CommonOptions) =>
      channelPerformanceAnalysis.run(inputs, c, CHANNEL_PERFORMANCE_DEFAULTS, new Map());
    const want = run(common);
    expect(want.tables[0].columns.map((c) => c.key)).toContain('orders_revenue');
    const byChannel = await pushedChannelRevenue(engine);
    const memo = await pushedMemo(inputs, pushed, (m) => {
      m.get(orders, ORDER_REVENUE_KEY, () => byChannel);
    });
    expect(run({ ...common, memo })).toEqual(want);
  });
});

describe('channel performance asks the memo for the order revenue by channel', () => {
  it('without it there, the sealed memo stops it, naming the key', async () => {
    const rows = randomRows(3, 40);
    const { engine, pushed, dataset } = await pushRows(path.join(dir, 'sealed.duckdb'), rows, dir);
    engine.close();
    const inputs: AnalysisInputs = { orders: dataset, campaigns };
    const memo = await pushedMemo(inputs, pushed, () => {});
    expect(() =>
      channelPerformanceAnalysis.run(
        inputs,
        { asOf: 45_400, currency: 'USD', lang: 'en', memo },
        CHANNEL_PERFORMANCE_DEFAULTS,
        new Map(),
      ),
    ).toThrow(/sealed in the test \(no order-revenue-by-channel for order-revenue-by-channel\)/);
  });
});
