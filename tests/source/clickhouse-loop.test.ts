// The loop analyses on a pushed-down orders table in ClickHouse: acquisition quality (src/source/sql/acquisition.ts),
// before/after, segment response and the recommendations' win-back list (src/source/sql/histories.ts), through
// ClickHouseEngine and the ClickHouse dialect on the real engine, in-process with chDB (tests/source/chdb.ts). The
// in-memory analyses over the orders Dataset (src/analysis/loop) are the definition, so every expected value here is
// what they give on the same rows without the pushdown: reduced lines, history totals and whole results equal, sums
// to the bit. The rows (as tests/source/loop-sql.test.ts and acquisition-sql.test.ts for DuckDB) hold refunds
// (negative amounts and a refunded status), cancelled rows, order ids repeated on consecutive rows (order lines) and
// missing, several rows on a day, fractional times, rows after the as-of date, amounts in cents (so sums depend on
// their order), customers buying on the same day (ties), and campaigns in the middle of the period; besides, texts
// carry white space JavaScript's trim removes and some it does not (U+0085, U+200B) at either end of customer ids,
// order ids and channels, and channels and campaigns whose letters share a byte with a space (à is C3 A0, U+00A0 is
// C2 A0) or lower-case differently one code point at a time (a final Σ, İ).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { readOrders, type OrderArrays } from '../../src/analysis/user/orders.js';
import { summaryKey } from '../../src/analysis/user/customer-models.js';
import {
  ACQUISITION_DEFAULTS,
  FIRST_ORDER_CHANNELS,
  acquisitionLinesKey,
  runAcquisitionQuality,
  type AcquisitionLines,
  type AcquisitionOptions,
  type FirstOrderChannels,
} from '../../src/analysis/loop/acquisition-quality.js';
import { buildHistories, historyTotals, totalsBeforeEach } from '../../src/analysis/loop/common.js';
import { runBeforeAfter, type BeforeAfterOptions } from '../../src/analysis/loop/before-after.js';
import { RECOMMENDATION_DEFAULTS, winBackList } from '../../src/analysis/loop/recommendations.js';
import { runSegmentResponse, type SegmentResponseOptions } from '../../src/analysis/loop/segment-response.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { Recipe } from '../../src/recipe/types.js';
import { runAnalyses } from '../../src/run/run.js';
import type { ClickHouseEngine } from '../../src/source/clickhouse/engine.js';
import type { OpenedSource } from '../../src/source/engine.js';
import { pushedSummary, type PushedOrders } from '../../src/source/duckdb/orders.js';
import { dropHistories, pushedTotals, pushedTotalsEach, storeHistories } from '../../src/source/duckdb/histories.js';
import { seedAcquisition, seedHistories } from '../../src/source/duckdb/run.js';
import { mulberry32 } from '../../src/stats/random.js';
import { pushedMemo, type OrderRows } from './orders-fixture.js';
import { chdbSessionForFile, padded as padWith, pushRowsToChdb, type Types } from './clickhouse-fixture.js';

const AS_OF = 45_600;

const chdb = chdbSessionForFile();

/** White space around a text: none mostly, else what JavaScript's trim removes, or keeps (U+0085, U+200B). */
const padded = (r: () => number, s: string): string =>
  padWith(r, s, { plain: 0.75, trimmed: 0.93, kept: ['\u0085', '\u200b'] });

const CHANNELS = ['Search', 'search', 'Social', 'Email', 'ΟΔΟΣ', 'οδος', 'İnfluencer', 'à la carte', '', null];

/**
 * `n` random rows over 150 customers and 700 days from serial 45000 (some after the as-of date); C120 … C149 stop
 * buying on day 45400 (the win-back list's customers); ten customers buy once for 50 at the same time (ties).
 */
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
    const c = Math.floor(r() * 150);
    rows.cust.push(r() < 0.02 ? null : padded(r, `C${c >= 120 && day >= 45_400 ? c - 60 : c}`));
    rows.date.push(r() < 0.02 ? null : day + (r() < 0.4 ? Math.floor(r() * 8) / 8 : 0));
    rows.amount.push(r() < 0.03 ? null : Math.round((r() * 300 - 30) * 100) / 100);
    rows.status!.push(pick(['paid', 'paid', 'paid', 'completed', 'refunded', 'cancelled', '\u3000', null]));
    const ch = pick(CHANNELS);
    rows.channel!.push(ch ? padded(r, ch) : ch);
    rows.campaign!.push(
      day >= 45_300 && day < 45_340 && r() < 0.6 ? pick(['Spring', 'Spring', 'Flash à', 'ΟΔΟΣ']) : pick(['', null]),
    );
    // No '' order id: a String column (plain) writes a missing one so, and ingest reads a blank cell as null.
    const oid = r() < 0.25 ? last : r() < 0.1 ? pick([null, ' ']) : padded(r, `O${i}`);
    if (oid) last = oid;
    rows.oid!.push(oid);
  }
  for (let k = 0; k < 10; k++) {
    rows.cust.push(`ONCE${k}`);
    rows.date.push(45_350.25);
    rows.amount.push(50);
    rows.oid!.push(`N${k}`);
    rows.status!.push('paid');
    rows.channel!.push(k % 2 ? 'à la carte' : ' ΟΔΟΣ');
    rows.campaign!.push(null);
  }
  return rows;
}

/** Customers C0 … C89 and N90 … N99 (who never ordered) with a channel; every fourth without a sign-up date. */
const customers: Dataset = makeDataset('customers', [
  {
    name: 'id',
    role: 'customer_id',
    values: Array.from({ length: 100 }, (_, c) => `${c < 90 ? 'C' : 'N'}${c}`),
    type: 'text',
  },
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

const common = { asOf: AS_OF, currency: 'USD', lang: 'en' as const };

describe.each<[number, number, Types]>([
  [1, 4000, 'nullable'],
  [2, 9000, 'nullable'],
  [3, 5000, 'plain'],
])('loop analyses pushed down to ClickHouse (chDB), random orders seed %i (%i rows, %s columns)', (seed, n, types) => {
  const rows = randomRows(seed, n);
  let engine: ClickHouseEngine;
  let pushed: PushedOrders;
  let orders: Dataset;
  let src: OpenedSource;

  beforeAll(async () => {
    ({ engine, pushed, dataset: orders, opened: src } = await pushRowsToChdb(chdb(), rows, types));
  });
  afterAll(async () => {
    await engine.close();
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
      if (!kinds.includes('acquisition-quality'))
        await seedHistories(engine, src, inputs, r, AS_OF, read, memo, {
          beforeAfter: true,
          segmentResponse: true,
          winBack,
        });
    });
  }

  /** The in-memory acquisition result and the lines it computed from the rows, read from its memo. */
  function acquisitionInMemory(inputs: AnalysisInputs, o: Partial<AcquisitionOptions>) {
    const memo = new RunMemo();
    const result = runAcquisitionQuality(inputs, { ...common, memo }, o);
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
    return { result, lines, first };
  }

  it.each<[string, Partial<AcquisitionOptions>]>([
    ['defaults', {}],
    ['margin 0.37, 5 payback months, few customers', { margin: 0.37, maxPaybackMonths: 5, minCustomers: 3 }],
  ])('acquisition quality, channels from the customers table, %s: lines to the bit, the same result', async (_, o) => {
    const inputs: AnalysisInputs = { orders, customers, campaigns };
    const want = acquisitionInMemory(inputs, o);
    // Not trivial: buyers, repeat buyers, refunds netted, customers without a sign-up date or without orders.
    expect(want.result.tables.length).toBeGreaterThan(0);
    expect(Math.max(...want.lines.purchases)).toBeGreaterThan(2);
    expect(want.lines.perMonth.some((v) => v < 0)).toBe(true);
    expect(want.result.diagnostics.some((d) => d.code === 'loop.no_start_date')).toBe(true);
    const memo = await pushedRun(inputs, recipe([{ kind: 'acquisition-quality', enabled: true, options: o }]));
    const read = memo.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const got = memo.get(read, acquisitionLinesKey(AS_OF, { ...ACQUISITION_DEFAULTS, ...o }, 'en'), () => null);
    expect(got).toEqual(want.lines);
    expect(runAcquisitionQuality(inputs, { ...common, memo }, o)).toEqual(want.result);
  });

  it("acquisition quality, channels from each customer's first order: the same channels, lines and result", async () => {
    const inputs: AnalysisInputs = { orders, campaigns };
    const want = acquisitionInMemory(inputs, {});
    // Not trivial: many customers, the channels as trimmed and cased by readOrders (ΟΔΟΣ and οδος, İnfluencer).
    expect(want.first!.channelOf.size).toBeGreaterThan(100);
    expect(new Set(want.first!.channelOf.values()).size).toBeGreaterThan(5);
    const memo = await pushedRun(inputs, recipe([{ kind: 'acquisition-quality', enabled: true, options: {} }]));
    const read = memo.get<{ orders: OrderArrays } | null>(orders, 'orders', () => null)!.orders;
    const first = memo.get<FirstOrderChannels | null>(read, FIRST_ORDER_CHANNELS, () => null)!;
    // Maps compare by entries in order: the customers in order of their first row with a channel.
    expect([...first.channelOf]).toEqual([...want.first!.channelOf]);
    expect([...first.startOf]).toEqual([...want.first!.startOf]);
    const gotLines = memo.get<AcquisitionLines>(
      read,
      acquisitionLinesKey(AS_OF, ACQUISITION_DEFAULTS, 'en'),
      () => null as never,
    );
    // Maps compare by entries in order: channels in order of their first customer, those without revenue too.
    expect([...gotLines.revenue]).toEqual([...want.lines.revenue]);
    // Not trivial: a channel whose customers bought nothing up to the as-of date is listed with 0.
    expect([...want.lines.revenue.values()].filter((v) => v === 0).length).toBeGreaterThan(0);
    expect(gotLines).toEqual(want.lines);
    expect(runAcquisitionQuality(inputs, { ...common, memo }, {})).toEqual(want.result);
  });

  it('history totals before a day, and before each customer’s own day, are what the histories give, to the bit', async () => {
    const read: OrderArrays = readOrders({ orders }, [])!;
    const h = buildHistories(read);
    await storeHistories(engine);
    try {
      for (const d of [45_001, 45_300, 45_351, 45_455, AS_OF + 1]) {
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
    [
      'the campaign named with a letter sharing a byte with a space, 30 days after',
      { campaign: 'Flash à', followDays: 30 },
      false,
    ],
    ['touchpoints as participants', {}, true],
  ])('before/after, %s: the same result', async (_, o, touches) => {
    const inputs: AnalysisInputs = touches ? { orders, touchpoints } : { orders };
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
    const want = runSegmentResponse(inputs, { ...common, memo: new RunMemo() }, o);
    expect(want.tables.length).toBeGreaterThan(0);
    const memo = await pushedRun(inputs, recipe([{ kind: 'segment-response', enabled: true, options: o }]));
    expect(runSegmentResponse(inputs, { ...common, memo }, o)).toEqual(want);
  });

  it('the win-back list and the whole recommendations run (its siblings first) are the same', async () => {
    const inputs: AnalysisInputs = { orders, touchpoints };
    const wantList = winBackList(inputs, { ...common, memo: new RunMemo() }, RECOMMENDATION_DEFAULTS, []);
    expect(wantList!.total).toBeGreaterThan(5);
    const r = recipe([{ kind: 'recommendations', enabled: true, options: {} }]);
    const memo = await pushedRun(inputs, r);
    const gotList = winBackList(inputs, { ...common, memo }, RECOMMENDATION_DEFAULTS, []);
    expect(gotList!.rows).toEqual(wantList!.rows);
    expect([gotList!.ids, gotList!.total, gotList!.value]).toEqual([wantList!.ids, wantList!.total, wantList!.value]);
    const want = runAnalyses(inputs, r, AS_OF);
    expect(want.results[0].findings.length).toBeGreaterThan(0);
    expect(runAnalyses(inputs, r, AS_OF, { memo })).toEqual(want);
  });
});

describe('loop analyses on ClickHouse without an order id column', () => {
  it('history totals, acquisition lines and the recommendations run are what the in-memory ones give', async () => {
    const all = randomRows(5, 2000);
    // No order ids: every purchase row is a line of the histories (none is a repeat of the row before).
    const { engine, pushed, dataset, opened } = await pushRowsToChdb(chdb(), { ...all, oid: undefined });
    try {
      const read: OrderArrays = readOrders({ orders: dataset }, [])!;
      const h = buildHistories(read);
      await storeHistories(engine);
      try {
        expect(await pushedTotals(engine, AS_OF + 1, read.customers.length)).toEqual(historyTotals(h, AS_OF + 1));
      } finally {
        await dropHistories(engine);
      }
      const inputs: AnalysisInputs = { orders: dataset, customers, campaigns };
      const r = recipe([
        { kind: 'acquisition-quality', enabled: true, options: {} },
        { kind: 'recommendations', enabled: true, options: {} },
      ]);
      const want = runAnalyses(inputs, r, AS_OF);
      // Not trivial: both ran to tables (the win-back list among the recommendations').
      expect(want.results.find((x) => x.kind === 'acquisition-quality')!.tables.length).toBeGreaterThan(0);
      expect(want.results.find((x) => x.kind === 'recommendations')!.tables.map((t) => t.name)).toContain('win_back');
      const opts = { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: AS_OF } as const;
      const summary = await pushedSummary(engine, opts);
      const memo = await pushedMemo(inputs, pushed, async (m, o) => {
        m.get(o, `summary|${summaryKey(opts)}`, () => summary);
        await seedAcquisition(engine, inputs, r, AS_OF, o, m);
        // What preparePushdown seeds when the recommendations run (before/after and segment response first).
        await seedHistories(engine, opened, inputs, r, AS_OF, o, m, {
          beforeAfter: true,
          segmentResponse: true,
          winBack: true,
        });
      });
      expect(runAnalyses(inputs, r, AS_OF, { memo })).toEqual(want);
    } finally {
      await engine.close();
    }
  });
});
