import { describe, expect, it } from 'vitest';
import {
  buildCohorts,
  channelCodesOfFirstOrders,
  channelLookup,
  cohortMembers,
  cohortsAnalysis,
} from '../../../src/analysis/user/cohorts.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { common, makeDataset, makeOrders, serial } from '../helpers.js';

// All expected values computed by hand from the orders below (as of 2024-04-15, monthly cohorts).
const orders = () =>
  makeOrders({
    customer: ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'd'],
    date: [
      '2024-01-05',
      '2024-01-20',
      '2024-02-10',
      '2024-04-01',
      '2024-01-25',
      '2024-02-01',
      '2024-02-03',
      '2024-03-01',
      '2024-03-10',
    ].map(serial),
    amount: [10, 5, 20, 7, 8, -8, 30, 12, 9],
  });
const customers = () =>
  makeDataset('customers', [
    { name: 'id', role: 'customer_id', values: ['a', 'b', 'c'] },
    { name: 'src', role: 'acquisition_channel', values: ['Search', 'Social', 'Search'] },
  ]);

describe('cohorts (computed by hand)', () => {
  const res = cohortsAnalysis.run({ orders: orders(), customers: customers() }, common('2024-04-15'), {
    maxPeriods: 3,
  });
  const table = (n: string) => res.tables.find((x) => x.name === n)!;

  it('retention triangle in counts and percent; refunds are not activity', () => {
    expect(table('retention_counts').rows).toEqual([
      { cohort: '2024-01', customers: 2, p0: 2, p1: 1, p2: 0, p3: 1 },
      { cohort: '2024-02', customers: 1, p0: 1, p1: 1, p2: 0, p3: null },
      { cohort: '2024-03', customers: 1, p0: 1, p1: 0, p2: null, p3: null },
    ]);
    expect(table('retention_percent').rows[0]).toEqual({
      cohort: '2024-01',
      customers: 2,
      p0: 1,
      p1: 0.5,
      p2: 0,
      p3: 0.5,
    });
  });

  it('revenue per cohort nets refunds', () => {
    expect(table('cohort_revenue').rows[0]).toEqual({
      cohort: '2024-01',
      customers: 2,
      revenue: 42,
      revenue_per_customer: 21,
      first_period_revenue: 23,
    });
  });

  it('second-purchase rate within 90 days and median days to second purchase', () => {
    const f = Object.fromEntries(res.figures.map((x) => [x.key, x.value]));
    expect(f.second_purchase_rate).toBe(1); // only a is old enough; a returns after 15 days
    expect(f.median_days_to_second).toBe(21); // MEDIAN(15, 27)
    expect(f.customers).toBe(4);
    expect(f.cohorts).toBe(3);
  });

  it('time to second purchase in buckets', () => {
    const rows = table('time_to_second').rows;
    expect(rows.map((r) => [r.days, r.customers])).toEqual([
      ['1–7', 0],
      ['8–30', 2],
      ['31–60', 0],
      ['61–90', 0],
      ['91–180', 0],
      ['181–365', 0],
      ['> 365', 0],
    ]); // a: 15 days, c: 27 days
    expect(rows[1].cumulative_share).toBe(1);
  });

  it('channel cohorts from the customers table, unknown channel kept', () => {
    const ch = table('channel_cohorts').rows;
    expect(ch.map((r) => [r.channel, r.customers, r.retention_p1])).toEqual([
      ['Search', 2, 1],
      ['Social', 1, 0],
      ['(unknown)', 1, 0],
    ]);
  });

  it('pooled retention curve weights by cohorts that reached the period', () => {
    const c = table('retention_curve').rows;
    expect(c[1].retention).toBe(0.5); // (1 + 1 + 0) / 4
    expect(c[3].retention).toBe(0.5); // only the January cohort: 1 / 2
    expect(JSON.stringify(res)).not.toMatch(/NaN|Infinity/);
  });
});

describe('cohorts edge cases', () => {
  it('empty input → error diagnostic', () => {
    const r = cohortsAnalysis.run(
      { orders: makeOrders({ customer: [], date: [], amount: [] }) },
      common('2024-04-15'),
      {},
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['user.no_purchases']);
  });
  it('one customer, one order: no repeat, too recent', () => {
    const r = cohortsAnalysis.run(
      { orders: makeOrders({ customer: ['a'], date: [serial('2024-04-01')], amount: [5] }) },
      common('2024-04-15'),
      {},
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['cohorts.no_repeat', 'cohorts.too_recent']);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it('weekly cohorts start on Monday', () => {
    const r = cohortsAnalysis.run({ orders: orders() }, common('2024-04-15'), { period: 'week' });
    expect(r.tables[0].rows[0].cohort).toBe('2024-01-01'); // 2024-01-05 is a Friday; its week starts Monday 1 January
    expect(r.tables.find((x) => x.name === 'channel_cohorts')).toBeUndefined();
  });
});

describe('cohorts with a refund before the first purchase (computed by hand)', () => {
  // e: a refund in January (before any purchase), purchases on 5 and 20 March and 2 April; f: one purchase 7 March.
  // As of 2024-04-15, monthly: one cohort (2024-03) of 2; the January refund is before the cohort and left out.
  const o = readOrders(
    {
      orders: makeOrders({
        customer: ['e', 'f', 'e', 'e', 'e'],
        date: ['2024-01-10', '2024-03-07', '2024-03-05', '2024-03-20', '2024-04-02'].map(serial),
        amount: [-4, 10, 6, 3, 5],
      }),
    },
    [],
  )!;
  const asOf = serial('2024-04-15');
  const opts = { period: 'month', secondPurchaseDays: 90, refunds: 'net' } as const;

  it('counts the cohort without the refund, and its members', () => {
    const data = buildCohorts(o, asOf, opts, () => null);
    expect(data.cohorts).toEqual([
      { period: 2024 * 12 + 2, size: 2, active: [2, 1], revenue: [19, 5], survivors: [2] },
    ]);
    // e's second purchase 15 days after the first; nobody's first purchase is 90 days before the as-of date.
    expect(data.secondPurchase).toEqual({ eligible: 0, within: 0, daysToSecond: [15] });
    expect(cohortMembers(o, asOf, 'month', null)).toEqual({
      period: 'month',
      ids: ['e', 'f'],
      cohort: ['2024-03', '2024-03'],
      channel: null,
    });
  });
});

describe('acquisition channel of the first order, from a .csv', () => {
  // By hand: a's first order is row 4 (2 Jan, Email); b's row 2 is a refund, so its first is row 3 (4 Jan, no
  // channel: null); c: row 5 (Search).
  const csv =
    'order_id,customer_id,order_date,amount,channel\n1,a,2024-01-05,10,Search\n2,b,2024-01-03,-5,Social\n' +
    '3,b,2024-01-04,7,\n4,a,2024-01-02,3,Email\n5,c,2024-01-06,4,Search\n6,b,2024-01-09,2,Social\n';
  const ds = ingestGrid(csvBytesToGrid(Buffer.from(csv), 'orders').grid!);
  const o = readOrders({ orders: ds }, [])!;

  it('reads the channel codes, giving what the channel texts give', () => {
    const fast = channelCodesOfFirstOrders(o);
    expect(fast).not.toBeNull(); // a .csv keeps the channel as codes
    expect(o.customers.map((_, c) => fast!(c))).toEqual(['Email', null, 'Search']);
    const lookup = channelLookup({ orders: ds }, o)!;
    expect(o.customers.map((_, c) => lookup(c))).toEqual(['Email', null, 'Search']);
    // The texts' path (o.channel), as channelLookup takes it without codes.
    const firstDay = new Map<number, number>(),
      firstCh = new Map<number, string | null>();
    for (let i = 0; i < o.code.length; i++) {
      if (o.refund[i] || o.date[i] >= (firstDay.get(o.code[i]) ?? Infinity)) continue;
      firstDay.set(o.code[i], o.date[i]);
      firstCh.set(o.code[i], o.channel![i]);
    }
    expect(o.customers.map((_, c) => firstCh.get(c) ?? null)).toEqual(['Email', null, 'Search']);
  });

  it('takes the first row in table order of the earliest date, whatever the as-of date', () => {
    // By hand: x buys on 5 Jan (Search), then twice on 2 Jan (Email first, Social after): Email. y's only purchase
    // is after the as-of date below (Social), which the channel of the first order does not look at.
    const tie =
      'order_id,customer_id,order_date,amount,channel\n1,x,2024-01-05,10,Search\n2,x,2024-01-02,3,Email\n' +
      '3,x,2024-01-02,4,Social\n4,y,2024-03-01,5,Social\n';
    const d = ingestGrid(csvBytesToGrid(Buffer.from(tie), 'orders').grid!);
    const r = readOrders({ orders: d }, [])!;
    buildCohorts(r, serial('2024-01-31'), { period: 'month', secondPurchaseDays: 90, refunds: 'net' }, () => null);
    const lookup = channelCodesOfFirstOrders(r)!;
    expect(r.customers.map((_, c) => lookup(c))).toEqual(['Email', 'Social']);
  });

  it('builds the same cohorts and channels from the codes as from a plain lookup of the same texts', () => {
    // buildCohorts reads a coded lookup's channels by code (channelSlots) and any other lookup through a Map of
    // texts: the two must agree, channels in the order first met (a: Email, b: none, c: Search), each with its own
    // offsets (b bought in January only; a and c too).
    const opts = { period: 'month' as const, secondPurchaseDays: 90, refunds: 'net' as const };
    const asOf = serial('2024-03-31');
    const coded = channelCodesOfFirstOrders(o)!;
    const plain = (c: number): string | null => coded(c);
    const a = buildCohorts(o, asOf, opts, coded);
    const b = buildCohorts(o, asOf, opts, plain);
    expect([...a.byChannel.keys()]).toEqual(['Email', '', 'Search']);
    expect(a).toEqual(b);
    expect(a.byChannel.get('')).toEqual({
      customers: 1,
      activeAt: [1, 0, 0],
      observableAt: [1, 1, 1],
      revenue: 4, // 7 + 2 − 5 (net)
      eligible: 0,
      within: 0,
    });
  });
});
