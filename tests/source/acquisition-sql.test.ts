// Acquisition quality on a pushed-down orders table (src/source/sql/acquisition.ts, src/source/duckdb/acquisition.ts)
// equals the in-memory one on the same rows: runAcquisitionQuality over the orders Dataset (src/analysis/loop) is the
// definition, so every expected value is what it gives without the pushdown, read back from its run memo. The rows
// hold refunds (negative amounts and a refunded status), partial refunds by status, cancelled rows, order ids
// repeated on consecutive rows (order lines) and missing, several rows on a day, fractional times, rows after the
// as-of date, amounts in cents (so sums depend on their order), and channels blank and missing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import {
  ACQUISITION_DEFAULTS,
  FIRST_ORDER_CHANNELS,
  acquisitionLinesKey,
  runAcquisitionQuality,
  type AcquisitionLines,
  type AcquisitionOptions,
  type FirstOrderChannels,
} from '../../src/analysis/loop/acquisition-quality.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { readOrders, type OrderArrays } from '../../src/analysis/user/orders.js';
import { summaryKey } from '../../src/analysis/user/customer-models.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { Recipe } from '../../src/recipe/types.js';
import type { DuckEngine } from '../../src/source/duckdb/engine.js';
import { pushedSummary, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { seedAcquisition } from '../../src/source/duckdb/run.js';
import { mulberry32 } from '../../src/stats/random.js';
import { pushRows, pushedMemo, type OrderRows } from './orders-fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-acqsql-'));
const AS_OF = 45_600;

/** `n` random rows over 90 customers and 700 days from serial 45000 (some after the as-of date). */
function randomRows(seed: number, n: number): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: OrderRows = { cust: [], date: [], amount: [], oid: [], status: [], channel: [] };
  let last = 'O0';
  for (let i = 0; i < n; i++) {
    if (i > 0 && r() < 0.12) {
      // A second line of the order before (the same customer, time and order id): one purchase in the histories.
      for (const col of Object.values(rows) as unknown[][]) col.push(col[i - 1]);
      rows.amount[i] = Math.round(r() * 100 * 100) / 100;
      continue;
    }
    rows.cust.push(r() < 0.02 ? null : `C${Math.floor(r() * 90)}`);
    rows.date.push(r() < 0.02 ? null : 45_000 + Math.floor(r() * 700) + (r() < 0.4 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 300 - 30) * 100) / 100);
    rows.status!.push(pick(['paid', 'paid', 'paid', 'completed', 'refunded', 'cancelled', null]));
    rows.channel!.push(pick(['Search', 'Social', 'Email', 'Email', '', null]));
    const oid = r() < 0.25 ? last : r() < 0.1 ? null : `O${i}`;
    if (oid) last = oid;
    rows.oid!.push(oid);
  }
  return rows;
}

/** Customers C0 … C99 (ten never ordered) with a channel; every fourth without a sign-up date. */
const customers: Dataset = makeDataset('customers', [
  { name: 'id', role: 'customer_id', values: Array.from({ length: 100 }, (_, c) => `C${c}`), type: 'text' },
  {
    name: 'acq',
    role: 'acquisition_channel',
    values: Array.from({ length: 100 }, (_, c) => ['Search', 'Social', 'Email', null][c % 4]),
    type: 'text',
  },
  {
    name: 'signup',
    role: 'signup_date',
    values: Array.from({ length: 100 }, (_, c) => (c % 4 === 1 ? null : 44_950 + 5 * c)),
    type: 'date',
  },
]);

const campaigns: Dataset = makeDataset('campaigns', [
  { name: 'channel', role: 'channel', values: ['Search', 'Social', 'Email'], type: 'text' },
  { name: 'date', role: 'date', values: [45_100, 45_100, 45_100], type: 'date' },
  { name: 'spend', role: 'spend', values: [900, 600, 150], type: 'number' },
]);

const OPTIONS: [string, Partial<AcquisitionOptions>][] = [
  ['defaults', {}],
  ['margin 0.37, 5 payback months, few customers', { margin: 0.37, maxPaybackMonths: 5, minCustomers: 3 }],
];

describe.each([
  [1, 3000],
  [2, 8000],
])('acquisition quality pushed down to DuckDB, random orders seed %i (%i rows)', (seed, n) => {
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

  /** The in-memory result and what it computed from the rows, read from its memo. */
  function inMemory(inputs: AnalysisInputs, o: Partial<AcquisitionOptions>) {
    const memo = new RunMemo();
    const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const, memo };
    const result = runAcquisitionQuality(inputs, common, o);
    const read = readOrders(inputs, [], memo)!;
    const none = () => {
      throw new Error('not computed in memory');
    };
    const lines = memo.get<AcquisitionLines>(
      read,
      acquisitionLinesKey(AS_OF, { ...ACQUISITION_DEFAULTS, ...o }, 'en'),
      none,
    );
    const first = inputs.customers ? null : memo.get<FirstOrderChannels>(read, FIRST_ORDER_CHANNELS, none);
    return { common, result, lines, first };
  }

  /** The memo a pushed-down run prepares for acquisition quality with these options. */
  async function pushedRun(inputs: AnalysisInputs, o: Partial<AcquisitionOptions>): Promise<RunMemo> {
    const recipe: Recipe = {
      loopbook: 'recipe',
      version: 2,
      sources: [],
      analyses: [{ kind: 'acquisition-quality', enabled: true, options: o }],
      asOf: null,
      currency: 'USD',
      lang: 'en',
    };
    const opts = { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: AS_OF } as const;
    const summary = await pushedSummary(engine, opts);
    return await pushedMemo(inputs, pushed, async (memo, read) => {
      memo.get(read, `summary|${summaryKey(opts)}`, () => summary);
      await seedAcquisition(engine, inputs, recipe, AS_OF, read, memo);
    });
  }

  it.each(OPTIONS)('channels from the customers table, %s: lines to the bit, the same result', async (_, o) => {
    const inputs: AnalysisInputs = { orders, customers, campaigns };
    const want = inMemory(inputs, o);
    // Not trivial: buyers, repeat buyers, refunds netted, customers without a sign-up date or without orders.
    expect(want.result.tables.length).toBeGreaterThan(0);
    expect(Math.max(...want.lines.purchases)).toBeGreaterThan(2);
    expect(want.lines.perMonth.some((v) => v < 0)).toBe(true);
    expect(want.result.diagnostics.some((d) => d.code === 'loop.no_start_date')).toBe(true);
    const memo = await pushedRun(inputs, o);
    const read = memo.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const got = memo.get(read, acquisitionLinesKey(AS_OF, { ...ACQUISITION_DEFAULTS, ...o }, 'en'), () => null);
    expect(got).toEqual(want.lines);
    expect(runAcquisitionQuality(inputs, { ...want.common, memo }, o)).toEqual(want.result);
  });

  it("channels from each customer's first order: the same channels, lines and result", async () => {
    const inputs: AnalysisInputs = { orders, campaigns };
    const want = inMemory(inputs, {});
    expect(want.first!.channelOf.size).toBeGreaterThan(50);
    const memo = await pushedRun(inputs, {});
    const read = memo.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const first = memo.get<FirstOrderChannels | null>(read, FIRST_ORDER_CHANNELS, () => null)!;
    // Maps compare by entries in order: the customers in order of their first row with a channel.
    expect([...first.channelOf]).toEqual([...want.first!.channelOf]);
    expect([...first.startOf]).toEqual([...want.first!.startOf]);
    // The customers' codes, in the maps' order: those the in-memory firstOrderChannels gives (codes into the orders
    // read's customers, which the pushed customers list in the same order), each naming the customer of its entry.
    expect(first.codes).toBeDefined();
    expect(read.customers).toEqual(readOrders(inputs, [], new RunMemo())!.customers);
    expect(first.codes).toEqual(want.first!.codes);
    expect(Array.from(first.codes!, (c) => read.customers[c])).toEqual([...first.channelOf.keys()]);
    expect(memo.get(read, acquisitionLinesKey(AS_OF, ACQUISITION_DEFAULTS, 'en'), () => null)).toEqual(want.lines);
    expect(runAcquisitionQuality(inputs, { ...want.common, memo }, {})).toEqual(want.result);
  });

  it("the first-order channels' codes, not their ids, place each customer's lines", async () => {
    const inputs: AnalysisInputs = { orders, campaigns };
    const honest = await pushedRun(inputs, {});
    const read = honest.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const first = honest.get<FirstOrderChannels | null>(read, FIRST_ORDER_CHANNELS, () => null)!;
    const key = acquisitionLinesKey(AS_OF, ACQUISITION_DEFAULTS, 'en');
    const none = (): never => {
      throw new Error('not seeded');
    };
    const right = honest.get<AcquisitionLines>(read, key, none);
    // Two entries whose customers bought on different first days: their codes swapped, the ids left as they are.
    const a = right.first.findIndex((d) => d === d);
    const b = right.first.findIndex((d) => d === d && d !== right.first[a]);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    const codes = Int32Array.from(first.codes!);
    [codes[a], codes[b]] = [codes[b], codes[a]];
    const recipe: Recipe = {
      loopbook: 'recipe',
      version: 2,
      sources: [],
      analyses: [{ kind: 'acquisition-quality', enabled: true, options: {} }],
      asOf: null,
      currency: 'USD',
      lang: 'en',
    };
    const opts = { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: AS_OF } as const;
    const summary = await pushedSummary(engine, opts);
    const rigged = await pushedMemo(inputs, pushed, async (memo, r) => {
      memo.get(r, `summary|${summaryKey(opts)}`, () => summary);
      memo.get(r, FIRST_ORDER_CHANNELS, (): FirstOrderChannels => ({ ...first, codes }));
      await seedAcquisition(engine, inputs, recipe, AS_OF, r, memo);
    });
    const read2 = rigged.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const got = rigged.get<AcquisitionLines>(read2, key, none);
    // Entry a now has entry b's customer's purchases and first days, and b a's; every other entry as before.
    const swap = (k: number) => (k === a ? b : k === b ? a : k);
    const n = right.first.length;
    expect(Array.from(got.first)).toEqual(Array.from({ length: n }, (_, k) => right.first[swap(k)]));
    expect(Array.from(got.next)).toEqual(Array.from({ length: n }, (_, k) => right.next[swap(k)]));
    expect(Array.from(got.purchases)).toEqual(Array.from({ length: n }, (_, k) => right.purchases[swap(k)]));
  });
});
