// Before/after, segment response and the recommendations (win-back list) on a pushed-down orders table (src/source/sql/histories.ts,
// src/source/duckdb/histories.ts) equal the in-memory ones on the same rows: the analyses over the orders Dataset
// (src/analysis/loop) are the definition, so every expected value is what they give without the pushdown. The
// rows hold refunds, cancelled rows, order ids repeated on consecutive rows (order lines) and missing, several rows
// on a day, fractional times, rows after the as-of date, amounts in cents (so sums depend on their order), and a
// campaign column whose campaigns run in the middle of the period (so buyers have histories before them).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { readOrders, type OrderArrays } from '../../src/analysis/user/orders.js';
import { summaryKey } from '../../src/analysis/user/customer-models.js';
import { buildHistories, historyTotals, totalsBeforeEach } from '../../src/analysis/loop/common.js';
import { runBeforeAfter, type BeforeAfterOptions } from '../../src/analysis/loop/before-after.js';
import { RECOMMENDATION_DEFAULTS, winBackList } from '../../src/analysis/loop/recommendations.js';
import { runSegmentResponse, type SegmentResponseOptions } from '../../src/analysis/loop/segment-response.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { Recipe } from '../../src/recipe/types.js';
import { runAnalyses } from '../../src/run/run.js';
import type { DuckEngine, OpenedSource } from '../../src/source/duckdb/engine.js';
import { pushedSummary, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { dropHistories, pushedTotals, pushedTotalsEach, storeHistories } from '../../src/source/duckdb/histories.js';
import { seedAcquisition, seedHistories } from '../../src/source/duckdb/run.js';
import { parseSourceSpec } from '../../src/source/spec.js';
import { mulberry32 } from '../../src/stats/random.js';
import { ordersDataset, pushRows, pushedMemo, type OrderRows } from './orders-fixture.js';
import { pushedAcquisitionLines } from '../../src/source/duckdb/acquisition.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-loopsql-'));
const AS_OF = 45_600;

/** `n` random rows over 150 customers and 700 days from serial 45000 (some after the as-of date); 30 stop early. */
function randomRows(seed: number, n: number): OrderRows {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: OrderRows = { cust: [], date: [], amount: [], oid: [], status: [], channel: [], campaign: [] };
  let last = 'O0';
  for (let i = 0; i < n; i++) {
    if (i > 0 && r() < 0.12) {
      // A second line of the order before (the same customer, time and order id): one purchase in the histories.
      for (const col of Object.values(rows) as unknown[][]) col.push(col[i - 1]);
      rows.amount[i] = Math.round(r() * 100 * 100) / 100;
      continue;
    }
    const day = 45_000 + Math.floor(r() * 700);
    // C120 … C149 stop buying on day 45400 (the win-back list's customers, quiet 90–270 days on the as-of date).
    const c = Math.floor(r() * 150);
    rows.cust.push(r() < 0.02 ? null : `C${c >= 120 && day >= 45_400 ? c - 60 : c}`);
    rows.date.push(r() < 0.02 ? null : day + (r() < 0.4 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 300 - 30) * 100) / 100);
    rows.status!.push(pick(['paid', 'paid', 'paid', 'completed', 'refunded', 'cancelled', null]));
    rows.channel!.push(pick(['Search', 'Social', 'Email', null]));
    rows.campaign!.push(
      day >= 45_300 && day < 45_340 && r() < 0.6 ? pick(['Spring', 'Spring', 'Flash']) : pick(['', null]),
    );
    const oid = r() < 0.25 ? last : r() < 0.1 ? null : `O${i}`;
    if (oid) last = oid;
    rows.oid!.push(oid);
  }
  return rows;
}

/** Touches of 120 customers (some twice, C0 … C119) in [45350, 45380]; every third converted. */
const touchpoints: Dataset = makeDataset('touchpoints', [
  {
    name: 'customer',
    role: 'customer_id',
    values: Array.from({ length: 160 }, (_, i) => `C${(i * 7) % 120}`),
    type: 'text',
  },
  {
    name: 'channel',
    role: 'channel',
    values: Array.from({ length: 160 }, (_, i) => ['Email', 'SMS'][i % 2]),
    type: 'text',
  },
  {
    name: 'time',
    role: 'timestamp',
    values: Array.from({ length: 160 }, (_, i) => 45_350 + (i % 31) + (i % 4) / 4),
    type: 'datetime',
  },
  {
    name: 'converted',
    role: 'converted',
    values: Array.from({ length: 160 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    type: 'number',
  },
]);

function recipe(analyses: Recipe['analyses']): Recipe {
  return { loopbook: 'recipe', version: 2, sources: [], analyses, asOf: null, currency: 'USD', lang: 'en' };
}

describe.each([
  [1, 4000],
  [2, 9000],
])('loop histories pushed down to DuckDB, random orders seed %i (%i rows)', (seed, n) => {
  const rows = randomRows(seed, n);
  let engine: DuckEngine;
  let pushed: PushedOrders;
  let orders: Dataset;
  let src: OpenedSource;

  beforeAll(async () => {
    const file = path.join(dir, `orders-${seed}.duckdb`);
    ({ engine, pushed, dataset: orders } = await pushRows(file, rows, dir));
    // The source again, as a second spec of the run: campaign buyers are read from it.
    src = await engine.open(parseSourceSpec(`duckdb:${file}#orders`), 1);
  });
  afterAll(() => {
    engine.close();
  });

  /** The memo a pushed-down run prepares for `r` (preparePushdown's steps for these kinds). */
  async function pushedRun(inputs: AnalysisInputs, r: Recipe): Promise<RunMemo> {
    const opts = { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: AS_OF } as const;
    const summary = await pushedSummary(engine, opts);
    const kinds = r.analyses.filter((a) => a.enabled).map((a) => a.kind);
    const winBack = kinds.includes('recommendations');
    return await pushedMemo(inputs, pushed, async (memo, read) => {
      memo.get(read, `summary|${summaryKey(opts)}`, () => summary);
      if (winBack || kinds.includes('acquisition-quality')) await seedAcquisition(engine, inputs, r, AS_OF, read, memo);
      await seedHistories(engine, src, inputs, r, AS_OF, read, memo, {
        beforeAfter: true,
        segmentResponse: true,
        winBack,
      });
    });
  }

  it('totals before a day, and before each customer’s own day, are what the histories give, to the bit', async () => {
    const read: OrderArrays = readOrders({ orders }, [])!;
    const h = buildHistories(read);
    await storeHistories(engine);
    try {
      for (const d of [45_001, 45_300, 45_455, AS_OF + 1]) {
        const got = await pushedTotals(engine, d, read.customers.length);
        expect(got).toEqual(historyTotals(h, d));
      }
      // Each customer on their own day: the day of their third purchase (a purchase on the day is not before it).
      const days = Float64Array.from(read.customers, (_, c) =>
        h.start[c + 1] - h.start[c] > 3 ? h.day[h.start[c] + 2] : NaN,
      );
      const each = await pushedTotalsEach(engine, days);
      expect(each).toEqual(totalsBeforeEach(read, days, 'test'));
      expect(Math.max(...each.n)).toBeGreaterThanOrEqual(2);
    } finally {
      await dropHistories(engine);
    }
    // Not trivial: customers with several lines, refunds left out of the histories.
    expect(Math.max(...historyTotals(h, AS_OF + 1).n)).toBeGreaterThan(15);
  });

  it.each<[string, Partial<BeforeAfterOptions>, boolean]>([
    ['orders as participants, business segments', {}, false],
    ['orders as participants, RFM segments', { segmentBasis: 'rfm' }, false],
    ['the campaign named, 30 days after', { campaign: 'Flash', followDays: 30 }, false],
    ['touchpoints as participants', {}, true],
  ])('before/after, %s: the same result', async (_, o, touches) => {
    const inputs: AnalysisInputs = touches ? { orders, touchpoints } : { orders };
    const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const };
    const want = runBeforeAfter(inputs, { ...common, memo: new RunMemo() }, o);
    // Not trivial: a comparison was made (tables and figures, not an error).
    expect(want.tables.length).toBeGreaterThan(0);
    const memo = await pushedRun(inputs, recipe([{ kind: 'before-after', enabled: true, options: o }]));
    expect(runBeforeAfter(inputs, { ...common, memo }, o)).toEqual(want);
  });

  it.each<[string, Partial<SegmentResponseOptions>]>([
    ['business segments', {}],
    ['RFM segments', { segmentBy: 'rfm' }],
  ])('segment response to the touches, %s: the same result', async (_, o) => {
    const inputs: AnalysisInputs = { orders, touchpoints };
    const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const };
    const want = runSegmentResponse(inputs, { ...common, memo: new RunMemo() }, o);
    // Not trivial: touched customers segmented (a table of segments by channel).
    expect(want.tables.length).toBeGreaterThan(0);
    const memo = await pushedRun(inputs, recipe([{ kind: 'segment-response', enabled: true, options: o }]));
    expect(runSegmentResponse(inputs, { ...common, memo }, o)).toEqual(want);
  });

  it('with touchpoints, the whole recommendations run (all three siblings first) is the same', async () => {
    const inputs: AnalysisInputs = { orders, touchpoints };
    const r = recipe([{ kind: 'recommendations', enabled: true, options: {} }]);
    const want = runAnalyses(inputs, r, AS_OF);
    expect(want.results[0].findings.length).toBeGreaterThan(0);
    const memo = await pushedRun(inputs, r);
    expect(runAnalyses(inputs, r, AS_OF, { memo })).toEqual(want);
  });

  it('the win-back list and the whole recommendations run (its siblings first) are the same', async () => {
    const inputs: AnalysisInputs = { orders };
    const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const };
    const wantList = winBackList(inputs, { ...common, memo: new RunMemo() }, RECOMMENDATION_DEFAULTS, []);
    expect(wantList!.total).toBeGreaterThan(5);
    const r = recipe([{ kind: 'recommendations', enabled: true, options: {} }]);
    const memo = await pushedRun(inputs, r);
    const gotList = winBackList(inputs, { ...common, memo }, RECOMMENDATION_DEFAULTS, []);
    expect(gotList!.rows).toEqual(wantList!.rows);
    expect([gotList!.ids, gotList!.total, gotList!.value]).toEqual([wantList!.ids, wantList!.total, wantList!.value]);
    const want = runAnalyses(inputs, r, AS_OF);
    expect(want.results[0].tables.length).toBeGreaterThan(0);
    expect(runAnalyses(inputs, r, AS_OF, { memo })).toEqual(want);
  });
});

describe('history lines across customers in stored order (DuckDB reads the row before in the kept rows)', () => {
  // A's last purchase and B's first carry the same order id O2: B's row is B's first line, not a repeat of A's (the
  // row before it in stored order is A's). B's second O3 row is a second line of the order before: left out.
  const rows: OrderRows = {
    cust: ['A', 'A', 'B', 'B', 'B'],
    date: [45_010, 45_020, 45_005, 45_030, 45_030],
    amount: [10, 20, 30, 40, 5],
    oid: ['O1', 'O2', 'O2', 'O3', 'O3'],
  };
  let engine: DuckEngine;
  beforeAll(async () => {
    ({ engine } = await pushRows(path.join(dir, 'orders-shared-oid.duckdb'), rows, dir));
  });
  afterAll(() => {
    engine.close();
  });

  it('totals and acquisition lines count B’s O2 row, as buildHistories does', async () => {
    // By hand: A lines (45010, 10), (45020, 20); B lines (45005, 30), (45030, 40). Codes: A 0, B 1 (first rows).
    const want = { n: [2, 2], first: [45_010, 45_005], last: [45_020, 45_030], spend: [30, 70] };
    const h = buildHistories(readOrders({ orders: ordersDataset(rows) }, [])!);
    const fromMemory = historyTotals(h, AS_OF);
    expect([[...fromMemory.n], [...fromMemory.first], [...fromMemory.last], [...fromMemory.spend]]).toEqual(
      Object.values(want),
    );
    await storeHistories(engine);
    try {
      const got = await pushedTotals(engine, AS_OF, 2);
      expect([[...got.n], [...got.first], [...got.last], [...got.spend]]).toEqual(Object.values(want));
    } finally {
      await dropHistories(engine);
    }
    const entries = [0, 1].map((code) => ({ code, channel: 'Search', start: undefined }));
    const lines = await pushedAcquisitionLines(engine, entries, AS_OF, { margin: 1, maxPaybackMonths: 12 });
    expect([[...lines.purchases], [...lines.first], [...lines.next]]).toEqual([
      [2, 2],
      [45_010, 45_005],
      [45_020, 45_030],
    ]);
  });
});
