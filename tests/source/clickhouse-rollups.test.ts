// The lifecycle, channel-performance and funnel rollups (src/source/sql/lifecycle.ts, channel-revenue.ts,
// funnel-buyers.ts) on the real ClickHouse engine, in-process with chDB (tests/source/chdb.ts), through
// ClickHouseEngine and the ClickHouse dialect. The in-memory analyses are the definition, so every expected value here
// is theirs on the same rows: runLifecycle over readOrders (src/analysis/user/lifecycle.ts), orderRevenueByChannel
// and channel performance (src/analysis/marketing/channel-performance), funnelBuyers and buildFunnel
// (src/analysis/marketing/funnel): tables, figures, findings and notes equal, sums to the bit.
// The rows are random but seeded and span two years (as tests/source/lifecycle-sql.test.ts, channel-revenue-sql and
// funnel-sql for DuckDB). Besides what those hold (refunds, cancelled rows, rows without customer, date or amount,
// several purchases on a day, rows after the as-of date, order lines, customers buying often, once, or only a
// refund), the texts carry white space JavaScript's trim removes and some it does not (U+0085, U+180E, U+200B), at
// either end of customer ids, order ids and channels, and letters sharing a byte with a space (à is C3 A0, U+00A0
// is C2 A0) or whose lower case JavaScript writes differently from one code point at a time (a final Σ, İ).
// Dates are a DateTime64 in Asia/Shanghai holding the wall-clock time (a sheet's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../analysis/helpers.js';
import { fullTableOf } from '../../src/analysis/common/index.js';
import {
  LIFECYCLE_DEFAULTS,
  lifecycleKey,
  lifecycleOptions,
  runLifecycle,
  type LifecycleOptions,
} from '../../src/analysis/user/lifecycle.js';
import { channelPerformanceAnalysis } from '../../src/analysis/marketing/channel-performance/index.js';
import { ORDER_REVENUE_KEY, orderRevenueByChannel } from '../../src/analysis/marketing/channel-performance/check.js';
import { CHANNEL_PERFORMANCE_DEFAULTS } from '../../src/analysis/marketing/channel-performance/options.js';
import { buildFunnel, FUNNEL_DEFAULTS } from '../../src/analysis/marketing/funnel/index.js';
import { funnelBuyers, funnelBuyersKey } from '../../src/analysis/marketing/funnel/read.js';
import type { AnalysisInputs, CommonOptions } from '../../src/analysis/registry-types.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { Diagnostic } from '../../src/types.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import type { ClickHouseEngine } from '../../src/source/clickhouse/engine.js';
import { clickhouseDialect as ch } from '../../src/source/sql/clickhouse-dialect.js';
import { JS_WHITESPACE } from '../../src/source/sql/dialect.js';
import type { PushedOrders } from '../../src/source/duckdb/orders.js';
import { pushedLifecycle } from '../../src/source/duckdb/lifecycle.js';
import { pushedChannelRevenue } from '../../src/source/duckdb/channels.js';
import { pushedFunnelBuyers } from '../../src/source/duckdb/funnel.js';
import { mulberry32 } from '../../src/stats/random.js';
import {
  LIFECYCLE_HAND_RESULT,
  LIFECYCLE_HAND_ROWS,
  SIGNED_UP_CUSTOMERS as customers,
  pushedMemo,
  type OrderRows,
} from './orders-fixture.js';
import { chdbSessionForFile, padded as padWith, pushRowsToChdb, type Types } from './clickhouse-fixture.js';

const chdb = chdbSessionForFile();

/** The rows as a chDB table, pushed down through a new engine (clickhouse-fixture.ts; close it after). */
function pushRows(rows: OrderRows, types: Types = 'nullable') {
  return pushRowsToChdb(chdb(), rows, types);
}

/** White space around a text: none mostly, else what JavaScript's trim removes, or keeps (U+0085, U+180E, U+200B). */
const padded = (r: () => number, s: string): string =>
  padWith(r, s, { plain: 0.7, trimmed: 0.9, kept: ['\u0085', '\u180e', '\u200b'] });

/**
 * `n` random rows over `customers` customers and 730 days from serial 45000 (2023-03-15), times in eighths of a
 * day, with order ids, statuses and channels; then a customer buying every 9 to 12 days (60 purchases), ten customers
 * buying once for 50 on the same day, and a customer with only a refund.
 */
function randomRows(seed: number, n: number, customers: number): Required<Omit<OrderRows, 'campaign'>> {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: Required<Omit<OrderRows, 'campaign'>> = {
    cust: [],
    date: [],
    amount: [],
    oid: [],
    status: [],
    channel: [],
  };
  const push = (c: string | null, d: number | null, a: number | null, o: string | null, s: string | null) => {
    rows.cust.push(c);
    rows.date.push(d);
    rows.amount.push(a);
    rows.oid.push(o);
    rows.status.push(s);
    rows.channel.push(
      pick(['Search', 'search', 'SEARCH', 'Social', 'Email', 'ΟΔΟΣ', 'οδος', 'İnfluencer', 'à la carte', '', null]),
    );
  };
  let last = 'O0';
  for (let i = 0; i < n; i++) {
    // Customers buy at their own pace: low codes often, high codes rarely.
    const c = Math.floor(customers * r() ** 2);
    const oid = r() < 0.25 ? last : r() < 0.08 ? pick([null, '', ' ']) : padded(r, `O${i}`);
    if (oid) last = oid;
    push(
      r() < 0.02 ? null : padded(r, `C${c}`),
      r() < 0.02 ? null : 45_000 + Math.floor(r() * 730) + (r() < 0.5 ? Math.floor(r() * 8) / 8 : 0),
      r() < 0.03 ? null : r() < 0.05 ? 0 : Math.round((r() * 400 - 30) * 100) / 100,
      oid,
      // A status of white space only is blank (no status), not one Loopbook does not know.
      pick(['paid', 'paid', 'paid', 'completed', 'refunded', 'cancelled', 'Awaiting pickup', '\t', '\u3000', null]),
    );
  }
  // Channels with white space around them: the same channel as written plainly, for revenue and the funnel.
  for (let i = 0; i < rows.channel.length; i++) if (rows.channel[i]) rows.channel[i] = padded(r, rows.channel[i]!);
  for (let k = 0, d = 45_010; k < 60; k++, d += 9 + Math.floor(r() * 4)) push('VIP', d, 80, `V${k}`, 'paid');
  for (let k = 0; k < 10; k++) push(`ONCE${k}`, 45_100.25, 50, `N${k}`, 'paid');
  push('REFUNDONLY', 45_200, -40, null, null);
  return rows;
}

const LIFECYCLE_OPTIONS: [string, Partial<LifecycleOptions>, number][] = [
  ['defaults, months', {}, 45_700],
  [
    'weeks, 2 gaps, 10 days new, 25 customers shown, half a day past midnight',
    { period: 'week', periods: 20, minIntervals: 2, newDays: 10, maxCustomerRows: 25 },
    45_650.5,
  ],
  [
    'one snapshot, other factors and windows, no floor',
    {
      periods: 1,
      factors: { active: 1.2, atRisk: 2.5, dormant: 4 },
      windows: { active: 30, atRisk: 60, dormant: 120 },
      minWindowDays: 0,
      maxCustomerRows: 0,
    },
    45_730,
  ],
];

/** Campaigns of the channels (and one without orders), with spend, clicks and platform-reported revenue. */
const campaigns: Dataset = makeDataset('campaigns', [
  {
    name: 'channel',
    role: 'channel',
    values: ['Search', 'Social', 'Email', 'Display', 'οδος', 'İnfluencer'],
    type: 'text',
  },
  { name: 'campaign', role: 'campaign', values: ['S1', 'So1', 'E1', 'D1', 'G1', 'I1'], type: 'text' },
  { name: 'impressions', role: 'impressions', values: [90_000, 60_000, 30_000, 5000, 8000, 7000], type: 'number' },
  { name: 'clicks', role: 'clicks', values: [3000, 1500, 900, 100, 300, 250], type: 'number' },
  { name: 'spend', role: 'spend', values: [1200, 800, 150, 300, 90, 400], type: 'number' },
  { name: 'revenue', role: 'revenue', values: [5000, 2100, 900, 200, 300, 1100], type: 'number' },
]);

describe.each([
  [1, 800, 40, 'nullable'],
  [2, 6000, 300, 'nullable'],
  [4, 3000, 150, 'plain'],
] as const)(
  'on ClickHouse (chDB), random orders seed %i (%i rows, %i customers, %s columns)',
  (seed, n, nCustomers, types) => {
    const rows = randomRows(seed, n, nCustomers);
    let engine: ClickHouseEngine;
    let pushed: PushedOrders;
    let orders: Dataset;

    beforeAll(async () => {
      ({ engine, pushed, dataset: orders } = await pushRows(rows, types));
    });
    afterAll(async () => {
      await engine.close();
    });

    it('says what readOrders says of the rows (rows skipped, statuses left out or unknown)', () => {
      const diagnostics: Diagnostic[] = [];
      readOrders({ orders }, diagnostics);
      const key = (d: Diagnostic) => `${d.code} ${d.message.en} ${JSON.stringify(d.where)}`;
      expect(pushed.diagnostics.map(key).sort()).toEqual(diagnostics.map(key).sort());
      expect(diagnostics.find((d) => d.code === 'user.status_unknown')?.message.en).toMatch(
        /^\d+ orders have a status Loopbook does not know and were counted as paid: Awaiting pickup \(\d+\)\.$/,
      );
    });

    it.each(LIFECYCLE_OPTIONS)(
      'lifecycle, %s: every table, figure, finding and note equals the in-memory result',
      async (_, given, asOf) => {
        const inputs = { orders };
        const common = { asOf, currency: 'CNY', lang: 'en' as const };
        const want = runLifecycle(inputs, common, given);
        const opts = lifecycleOptions(given, []);
        const memo = await pushedMemo(inputs, pushed, async (m, read) => {
          const built = await pushedLifecycle(engine, opts, asOf, read.customers);
          m.get(read, lifecycleKey(opts, asOf), () => built);
        });
        const got = runLifecycle(inputs, { ...common, memo }, given);
        // The whole customers table, written next to the workbook when the sheet shows only its first rows.
        const full = (r: typeof want) => {
          const f = fullTableOf(r.tables.find((t) => t.name === 'customers')!);
          return f && Array.from({ length: f.rows }, (_k, k) => f.row(k));
        };
        expect(full(got)).toEqual(full(want));
        // The case is not trivial: customers in several stages, some judged on their own interval, moves.
        const stages = want.tables.find((t) => t.name === 'stages')!.rows;
        expect(stages.filter((s) => (s.customers as number) > 0).length).toBeGreaterThanOrEqual(4);
        expect(want.notes[1].en).not.toMatch(/^0 /);
        expect(got).toEqual(want);
      },
    );

    it('order revenue by channel is the map orderRevenueByChannel gives, to the bit', async () => {
      const want = orderRevenueByChannel(orders)!;
      // Trimmed and lower-cased as JavaScript does: a final sigma (ς) and İ (i̇) included; white space trim keeps
      // stays.
      const keys = [...want.keys()];
      expect(keys).toEqual(expect.arrayContaining(['email', 'i̇nfluencer', 'search', 'social', 'οδος', 'à la carte']));
      expect(keys.some((k) => /^[\u0085\u180e\u200b]/.test(k))).toBe(true);
      const got = await pushedChannelRevenue(engine);
      expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
    });

    it('channel performance: every table, figure, finding and note equals the in-memory result', async () => {
      const inputs: AnalysisInputs = { orders, campaigns };
      const common = { asOf: 45_700, currency: 'USD', lang: 'en' as const };
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

    it.each(['en', 'zh-CN'] as const)(
      'funnel buyers are what funnelBuyers gives, to the bit (%s blank label)',
      async (lang) => {
        const blank = lang === 'en' ? '(blank)' : '（空白）';
        const asOf = 45_500;
        const want = funnelBuyers(orders, asOf, blank)!;
        // Not trivial: repeat buyers, buyers without a channel, ids trimmed into one buyer.
        expect(want.orders.some((k) => k >= 2)).toBe(true);
        expect(want.channel).toContain(blank);
        const got = await pushedFunnelBuyers(engine, { asOf, blank, orderIds: true });
        expect(got).toEqual(want);
      },
    );

    it.each([
      ['campaigns and orders', { campaigns }],
      ['campaigns, customers and orders', { campaigns, customers }],
    ])('the funnel of %s equals the in-memory result', async (_, others) => {
      const inputs: AnalysisInputs = { ...others, orders };
      const asOf = 45_500;
      const common = { asOf, currency: 'USD', lang: 'en' as const };
      const want = buildFunnel(inputs, common, FUNNEL_DEFAULTS);
      expect(want.tables.length).toBeGreaterThan(0);
      const buyers = await pushedFunnelBuyers(engine, { asOf, blank: '(blank)', orderIds: true });
      const memo = await pushedMemo(inputs, pushed, (m) => {
        m.get(orders, funnelBuyersKey(asOf, '(blank)'), () => buyers);
      });
      expect(buildFunnel(inputs, { ...common, memo }, FUNNEL_DEFAULTS)).toEqual(want);
    });
  },
);

describe('funnel buyers on ClickHouse without an order id column', () => {
  it('count every valid row as an order, as funnelBuyers does', async () => {
    const all = randomRows(3, 2000, 60);
    const { engine, dataset } = await pushRows({ ...all, oid: undefined });
    try {
      const want = funnelBuyers(dataset, 45_300, '(blank)')!;
      expect(want.orders.some((k) => k >= 3)).toBe(true);
      expect(await pushedFunnelBuyers(engine, { asOf: 45_300, blank: '(blank)', orderIds: false })).toEqual(want);
    } finally {
      await engine.close();
    }
  });
});

describe('the lifecycle on ClickHouse: hand-made histories', () => {
  it('judges A at risk on a 6.5-day interval and B new', async () => {
    // The hand case of orders-fixture.ts (worked there; median 6.5 is lifecycle-history.test.ts's medianGap example).
    const { engine, pushed } = await pushRows(LIFECYCLE_HAND_ROWS);
    try {
      const built = await pushedLifecycle(engine, LIFECYCLE_DEFAULTS, 45_050, pushed.customers);
      expect(built.customers).toBe(LIFECYCLE_HAND_RESULT.customers);
      expect([0, 1].map((k) => built.list.at(k))).toEqual(LIFECYCLE_HAND_RESULT.list);
      expect(built.stages.transitions).toEqual(LIFECYCLE_HAND_RESULT.transitions);
    } finally {
      await engine.close();
    }
  });

  it('puts customers of one stage and revenue in id order', async () => {
    // Five customers buy once for 50 on 45000; as of 45100 each is 100 days from it, beyond 90 and within 180 on the
    // fixed windows: at risk, revenue 50 each. The ties go by id, as in memory.
    const ids = ['T5', 'T1', 'T4', 'T2', 'T3'];
    const { engine, pushed } = await pushRows({ cust: ids, date: ids.map(() => 45_000), amount: ids.map(() => 50) });
    try {
      const built = await pushedLifecycle(engine, LIFECYCLE_DEFAULTS, 45_100, pushed.customers);
      expect([0, 1, 2, 3, 4].map((k) => built.list.at(k).id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
      expect(built.customers).toBe(5);
    } finally {
      await engine.close();
    }
  });
});

describe('the ClickHouse dialect on chDB: trim, lower, lag and lead, median', () => {
  const run = (sql: string): unknown[][] =>
    chdb()
      .query(sql, 'JSONCompactEachRow')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown[]);
  const one = (sql: string) => run(sql)[0][0];

  it('trims what String.prototype.trim trims, whole characters only', () => {
    // Each of JavaScript's white space characters alone, around text, and doubled; the characters trim keeps
    // (U+0085, U+180E, U+200B, U+2060); letters whose UTF-8 shares bytes with a space (à C3 A0 / U+00A0 C2 A0,
    // ‡ E2 80 A1 / U+2000 E2 80 80, 〡 E3 80 A1 / U+3000 E3 80 80, ﻼ EF BB BC / U+FEFF EF BB BF); text only of
    // white space, empty text and null.
    const texts: (string | null)[] = Array.from(JS_WHITESPACE).flatMap((w) => [w, `${w}a b${w}`, `${w}${w}中${w}${w}`]);
    texts.push(
      '\u0085x\u0085',
      '\u180ex',
      'x\u200b',
      '\u2060x',
      'à',
      'àà',
      '‡',
      '〡',
      'ﻼ',
      ` ${JS_WHITESPACE}`,
      '',
      'x',
      null,
    );
    const got = run(
      `SELECT ${ch.trim!('s')} FROM (SELECT arrayJoin([${texts.map((x) => (x === null ? 'NULL' : ch.literal(x))).join(', ')}]) AS s)`,
    ).map((r) => r[0]);
    expect(got).toEqual(texts.map((s) => (s === null ? null : s.trim())));
  });

  it('lower-cases as toLowerCase, a final sigma and a dotted capital I included', () => {
    for (const s of ['ΟΔΟΣ', 'ΟΔΟΣ Α', 'Σ', 'İstanbul', 'ẞ', 'ÀÉÎ', 'ǅ', 'MiXeD'])
      expect(one(`SELECT ${ch.lower(ch.literal(s))}`), s).toBe(s.toLowerCase());
  });

  it('lag and lead are null at the edges of each partition', () => {
    const got =
      run(`SELECT p, x, ${ch.lag('x', 'PARTITION BY p ORDER BY x')}, ${ch.lead('x', 'PARTITION BY p ORDER BY x')}
      FROM (SELECT arrayJoin([(1, 10), (1, 12), (1, 15), (2, 7)]) AS t, t.1 AS p, t.2 AS x) ORDER BY p, x`);
    expect(got).toEqual([
      [1, 10, null, 12],
      [1, 12, 10, 15],
      [1, 15, 12, null],
      [2, 7, null, null],
    ]);
  });

  it('the median is exact, type 7: the middle value, or the mean of the two middle ones', () => {
    // 1, 3, 20, 10 sorted: 1 3 10 20, median (3 + 10) / 2 = 6.5; with 4 more: 4. Nulls are left out. Over the
    // 20,000 values 0 … 19999: (9999 + 10000) / 2, where ClickHouse's own `median` (a sample of 8192) is not.
    const q = (xs: string) => one(`SELECT ${ch.median!('x')} FROM (SELECT arrayJoin(${xs}) AS x)`);
    expect(q('[1, 3, 20, 10]')).toBe(6.5);
    expect(q('[1, 3, 20, 10, 4]')).toBe(4);
    expect(q('[toNullable(1), NULL, 3, 20, 10]')).toBe(6.5);
    const many = (f: string) => one(`SELECT ${f} FROM (SELECT toFloat64(number) AS x FROM numbers(20000))`);
    expect(many(ch.median!('x'))).toBe(9999.5);
    expect(many('median(x)')).not.toBe(9999.5);
  });

  it('firstBy with a filter is null when no row holds for it', () => {
    const got =
      run(`SELECT g, ${ch.firstBy('v', 'o', 'o > 1')} FROM (SELECT arrayJoin([(1, 'a', 1), (1, 'b', 3), (1, 'c', 2), (2, 'd', 1)]) AS t,
      t.1 AS g, t.2 AS v, t.3 AS o) GROUP BY g ORDER BY g`);
    expect(got).toEqual([
      [1, 'c'],
      [2, null],
    ]);
  });
});
