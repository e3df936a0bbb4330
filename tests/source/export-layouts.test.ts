// Real export layouts through the pushed-down path (issue 14), each read as `--source duckdb:<file.csv>` reads it
// (the first rows sampled for ingest's detection, the orders classified and summarised in the engine), and as a
// ClickHouse table made from the same file in chDB. The expected figures are computed in this file by a plain
// reading of the CSV text (UCI Online Retail: quantity × unit price per line, a cancellation's negative lines
// subtracted) or by hand (the small files below, each sum written out), never by Loopbook's own code; the in-memory
// path (ingest + readOrders + summarizeCustomers) is checked equal to the pushed-down one as well, to the last bit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckEngine } from '../../src/source/duckdb/engine.js';
import { ClickHouseEngine } from '../../src/source/clickhouse/engine.js';
import { SourceError, type SqlEngine } from '../../src/source/engine.js';
import { parseSourceSpec, type ClickHouseSource } from '../../src/source/spec.js';
import { SAMPLE_ROWS, sourceGrid } from '../../src/source/duckdb/grid.js';
import { pushOrders, pushedSummary } from '../../src/source/duckdb/orders.js';
import { pushedCampaignBuyers } from '../../src/source/duckdb/histories.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import { summarizeCustomers, type CustomerSummary } from '../../src/analysis/user/customer-summary.js';
import { readReference } from '../reference-data.js';
import { parseCsv } from '../ingest/helpers/csv.js';
import { asExpected, day, expectSame, inMemory, OPTS, withCustomer, type Expected } from './summary-parity.js';
import { chdbTransport, loadChdb, type ChdbSession } from './chdb.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-layouts-'));
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The summary of `file` pushed down to `engine` (opened as source `spec`), as a run does it (run.ts). */
async function pushedFile(engine: SqlEngine, spec: string, customer?: string): Promise<CustomerSummary> {
  const source = parseSourceSpec(spec);
  const opened = await engine.open(source, 0);
  const [count] = await engine.rows(`SELECT count(*) AS n FROM ${opened.raw}`);
  const ds = withCustomer(ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS)), customer);
  expect(ds.kind).toBe('orders');
  await pushOrders(engine, opened, ds, Number(count.n));
  return await pushedSummary(engine, OPTS);
}

async function viaDuckdb(file: string, customer?: string): Promise<CustomerSummary> {
  const engine = await DuckEngine.create();
  try {
    return await pushedFile(engine, `duckdb:${file}`, customer);
  } finally {
    engine.close();
  }
}

let session: ChdbSession;
let databases = 0;
beforeAll(() => {
  session = new (loadChdb().Session)();
  session.query('SET max_block_size = 1000');
});
afterAll(() => {
  session.close();
});

/**
 * The file as a ClickHouse table (types as ClickHouse infers them from the CSV, rows in file order); with `textDates`,
 * dates stay the text they are in the file (inferred as DateTime, `… -0500` would be stored as its instant in UTC, the
 * wall clock written gone).
 */
async function viaClickhouse(file: string, textDates = false, customer?: string): Promise<CustomerSummary> {
  const db = `layouts${++databases}`;
  session.query(`CREATE DATABASE ${db}`);
  session.query(
    `CREATE TABLE ${db}.orders ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM file('${file}', 'CSVWithNames') SETTINGS max_threads = 1${textDates ? ', input_format_try_infer_datetimes = 0' : ''}`,
  );
  const spec = `clickhouse://chdb:8123/${db}#orders`;
  const engine = await ClickHouseEngine.connect(parseSourceSpec(spec) as ClickHouseSource, {
    transport: () => chdbTransport(session, db),
  });
  try {
    return await pushedFile(engine, spec, customer);
  } finally {
    await engine.close();
  }
}

describe('UCI Online Retail (no amount column: Quantity × UnitPrice), the first 20,000 lines of the real file', () => {
  const text = readReference('online-retail/online_retail.csv.gz', 'utf8').split('\n').slice(0, 20_001).join('\n');
  const file = write('online_retail_20000.csv', `${text}\n`);

  // A plain reading of the lines: a customer's net revenue is the sum of quantity × unit price over its lines (a
  // cancellation's lines have negative quantities and subtract); its orders are the invoices of its lines that are
  // not negative; lines without CustomerID belong to no one.
  const expected: Expected = new Map();
  const [header, ...lines] = parseCsv(text);
  const at = (name: string) => header.indexOf(name);
  const sums = new Map<string, { invoices: Set<string>; first: number; last: number; revenue: number }>();
  for (const f of lines) {
    const cust = f[at('CustomerID')];
    if (!cust) continue;
    const amount = Number(f[at('Quantity')]) * Number(f[at('UnitPrice')]);
    const d = day(f[at('InvoiceDate')]);
    const e = sums.get(cust) ?? { invoices: new Set<string>(), first: Infinity, last: -Infinity, revenue: 0 };
    e.revenue += amount;
    if (amount >= 0) {
      e.invoices.add(f[at('InvoiceNo')]);
      e.first = Math.min(e.first, d);
      e.last = Math.max(e.last, d);
    }
    sums.set(cust, e);
  }
  // A customer with cancellations only is no customer of the summary.
  for (const [id, e] of sums)
    if (e.invoices.size > 0)
      expected.set(id, {
        orders: e.invoices.size,
        first: e.first,
        last: e.last,
        revenue: Math.round(e.revenue * 100) / 100,
      });

  let duck: CustomerSummary;
  beforeAll(async () => {
    duck = await viaDuckdb(file);
  }, 120_000);

  it('holds cancellations, lines without a customer and free lines (what the slice must exercise)', () => {
    expect(lines.filter((f) => f[at('InvoiceNo')].startsWith('C')).length).toBeGreaterThan(100);
    expect(lines.filter((f) => f[at('CustomerID')] === '').length).toBeGreaterThan(1000);
    expect(lines.filter((f) => Number(f[at('UnitPrice')]) === 0).length).toBeGreaterThan(0);
    expect(expected.size).toBeGreaterThan(500);
  });

  it('DuckDB: every customer, its orders, first and last day and net revenue to the cent', () => {
    expect(asExpected(duck)).toEqual(expected);
  });

  it('DuckDB equals the in-memory path to the last bit', () => {
    expectSame(duck, inMemory(file, text));
  });

  it('ClickHouse (chDB) equals DuckDB to the last bit', async () => {
    expectSame(await viaClickhouse(file), duck);
  }, 120_000);
});

describe('a Shopify orders export: line items, order-level fields on the first line only, offsets in the dates', () => {
  // Shopify's layout (src/ingest/formats/shopify-orders.ts): Total, Financial Status and Refunded Amount on an order's
  // first line, blank on its other lines; Created at with the shop's UTC offset, kept as written (wall clock).
  const text = [
    'Name,Email,Financial Status,Paid at,Created at,Lineitem quantity,Lineitem name,Lineitem price,Subtotal,Total,Refunded Amount,Source',
    '#1001,a@example.com,paid,2024-06-01 13:50:00 +0800,2024-06-01 13:45:10 +0800,2,Mug,10.00,20.00,30.00,0.00,web',
    '#1001,a@example.com,,,2024-06-01 13:45:10 +0800,1,Tea,10.00,,,,web',
    '#1002,b@example.com,refunded,2024-06-02 09:01:00 +0800,2024-06-02 09:00:00 +0800,1,Pot,20.00,20.00,20.00,20.00,web',
    '#1003,a@example.com,partially_refunded,2024-06-03 23:31:00 -0500,2024-06-03 23:30:00 -0500,5,Cup,10.00,50.00,50.00,15.00,pos',
    '#1004,c@example.com,pending,,2024-06-04 08:00:00 +0800,1,Mug,10.00,10.00,10.00,0.00,web',
    '#1005,c@example.com,voided,,2024-06-04 09:00:00 +0800,1,Mug,10.00,10.00,10.00,0.00,web',
    '#1006,b@example.com,paid,2024-06-05 10:00:00 +0800,2024-06-05 10:00:00 +0800,1,Tea,5.00,12.50,12.50,0.00,web',
    '#1006,b@example.com,,,2024-06-05 10:00:00 +0800,1,Tea,5.00,,,,web',
    '#1006,b@example.com,,,2024-06-05 10:00:00 +0800,1,Spoon,2.50,,,,web',
  ].join('\n');
  const file = write('orders_export_1.csv', `${text}\n`);
  // By hand: a: #1001 30.00 (its second line is the same order) and #1003 50.00 − 15.00 refunded = 65.00, 2 orders,
  // 2024-06-01 to 2024-06-03 (23:30 at −05:00 is still the 3rd as written); b: #1002 refunded in full (counts
  // nothing), #1006 12.50, 1 order on 2024-06-05; c: pending and voided orders only, no customer.
  const expected: Expected = new Map([
    ['a@example.com', { orders: 2, first: day('2024-06-01'), last: day('2024-06-03'), revenue: 65 }],
    ['b@example.com', { orders: 1, first: day('2024-06-05'), last: day('2024-06-05'), revenue: 12.5 }],
  ]);

  it('DuckDB (which reads Created at as text) gives the figures by hand and the in-memory path', async () => {
    const duck = await viaDuckdb(file);
    expect(asExpected(duck)).toEqual(expected);
    expectSame(duck, inMemory(file, text));
  });

  it('ClickHouse (chDB), Created at kept as text in the table, too', async () => {
    expect(asExpected(await viaClickhouse(file, true))).toEqual(expected);
  });
});

describe('amounts written as text: currency signs, thousands separators, accounting negatives', () => {
  const text = [
    'order_id,customer,order_date,amount',
    'A1,U1,2024-03-01,"¥1,234.00"',
    'A2,U2,2024-03-01,¥56.50',
    'A3,U1,2024-03-02,"¥2,000.10"',
    'A4,U1,2024-03-05,(¥12.00)',
    'A5,U3,2024-03-06,',
    'A6,U3,2024-03-07,n/a',
    'A7,U2,2024-03-08,"¥1,000,000.00"',
    'A8,U4,2024-03-09,-¥3.25',
  ].join('\n');
  const file = write('text-amounts.csv', `${text}\n`);
  // By hand: U1 1,234.00 + 2,000.10 − 12.00 (a refund, in brackets) = 3,222.10 over 2 orders; U2 56.50 +
  // 1,000,000.00 = 1,000,056.50 over 2; U3 has no amount (blank, n/a): no customer; U4 only a refund: none.
  const expected: Expected = new Map([
    ['U1', { orders: 2, first: day('2024-03-01'), last: day('2024-03-02'), revenue: 3222.1 }],
    ['U2', { orders: 2, first: day('2024-03-01'), last: day('2024-03-08'), revenue: 1_000_056.5 }],
  ]);

  it('DuckDB gives the figures by hand and the in-memory path', async () => {
    const duck = await viaDuckdb(file);
    expect(asExpected(duck)).toEqual(expected);
    expectSame(duck, inMemory(file, text));
  });

  it('ClickHouse (chDB) too', async () => {
    expect(asExpected(await viaClickhouse(file))).toEqual(expected);
  });

  it('a decimal comma (1.234,56 €) is read as the sheet reads it', async () => {
    const eu = [
      'order_id,customer,order_date,amount',
      'E1,K1,2024-03-01,"1.234,56 €"',
      'E2,K1,2024-03-04,"12,50 €"',
      'E3,K2,2024-03-04,"0,99 €"',
    ].join('\n');
    const euFile = write('eu-amounts.csv', `${eu}\n`);
    // By hand: K1 1,234.56 + 12.50 = 1,247.06; K2 0.99.
    const duck = await viaDuckdb(euFile);
    expect(asExpected(duck)).toEqual(
      new Map([
        ['K1', { orders: 2, first: day('2024-03-01'), last: day('2024-03-04'), revenue: 1247.06 }],
        ['K2', { orders: 1, first: day('2024-03-04'), last: day('2024-03-04'), revenue: 0.99 }],
      ]),
    );
    expectSame(duck, inMemory(euFile, eu));
  });

  it('amounts in two currencies are summed as written, with the warning a sheet gets', async () => {
    const mixed = [
      'order_id,customer,order_date,amount',
      'M1,W1,2024-03-01,¥10.00',
      'M2,W1,2024-03-02,$5.00',
      'M3,W2,2024-03-02,¥7.00',
    ];
    const mixedFile = write('mixed-currencies.csv', `${mixed.join('\n')}\n`);
    const engine = await DuckEngine.create();
    try {
      const opened = await engine.open(parseSourceSpec(`duckdb:${mixedFile}`), 0);
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS));
      const pushed = await pushOrders(engine, opened, ds, 3);
      // By hand: W1 10.00 + 5.00 = 15.00 (not converted, as on a sheet); W2 7.00.
      expect(asExpected(await pushedSummary(engine, OPTS))).toEqual(
        new Map([
          ['W1', { orders: 2, first: day('2024-03-01'), last: day('2024-03-02'), revenue: 15 }],
          ['W2', { orders: 1, first: day('2024-03-02'), last: day('2024-03-02'), revenue: 7 }],
        ]),
      );
      const warning = pushed.diagnostics.find((x) => x.code === 'mixed-currencies');
      expect(warning?.message.en).toMatch(/"amount".* mixes currencies \(¥, \$\)/);
    } finally {
      engine.close();
    }
  });

  it('amounts written as words in most rows: a SourceError naming the source and column', async () => {
    const lines = ['order_id,customer,order_date,amount'];
    // The first 2,000 rows (ingest's sample of the source) are numbers; most of the file, words.
    for (let i = 0; i < 12_000; i++) lines.push(`O${i},U${i % 50},2024-03-01,${i < 2000 ? '12.50' : 'twelve'}`);
    const words = write('word-amounts.csv', `${lines.join('\n')}\n`);
    const error = await viaDuckdb(words).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(
      /^duckdb:.*word-amounts\.csv: column "amount" \(the amount column\) holds text, not numbers, in too many of its rows; for example "twelve"/,
    );
  });
});

describe('a 抖店 order export: the order-level 订单应付金额 repeated on every 子订单 row', () => {
  // The layout of src/ingest/formats/douyin-orders.ts; the export has no buyer id, so 买家ID here is one a shop adds,
  // given the customer role as a recipe gives it.
  const head = '主订单编号,子订单编号,选购商品,商品数量,商品金额,订单应付金额,订单提交时间,订单状态,买家ID';
  const rows = [
    'P1,P1-1,茶,1,20.00,30.50,2024-05-01 10:00:00,已完成,B1',
    'P1,P1-2,杯,1,10.50,30.50,2024-05-01 10:00:00,已完成,B1',
    'P2,P2-1,茶,2,9.90,9.90,2024-05-02 11:00:00,已发货,B2',
    'P3,P3-1,壶,1,10.00,10.00,2024-05-03 12:00:00,已关闭,B1',
    'P4,P4-1,茶,1,5.00,15.00,2024-05-04 09:00:00,已完成,B2',
    'P4,P4-2,杯,2,10.00,15.00,2024-05-04 09:00:00,已完成,B2',
  ];

  it('counts each order once (DuckDB, ClickHouse and the in-memory path)', async () => {
    const text = [head, ...rows].join('\n');
    const file = write('douyin.csv', `${text}\n`);
    // By hand: B1 P1 30.50 once (P3 已关闭: cancelled); B2 P2 9.90 + P4 15.00 once = 24.90, 2 orders.
    const expected: Expected = new Map([
      ['B1', { orders: 1, first: day('2024-05-01'), last: day('2024-05-01'), revenue: 30.5 }],
      ['B2', { orders: 2, first: day('2024-05-02'), last: day('2024-05-04'), revenue: 24.9 }],
    ]);
    const duck = await viaDuckdb(file, '买家ID');
    expect(asExpected(duck)).toEqual(expected);
    expectSame(duck, inMemory(file, text, '买家ID'));
    expect(asExpected(await viaClickhouse(file, false, '买家ID'))).toEqual(expected);
  });

  it("leaves the column as written when an order's rows disagree (not copies)", async () => {
    const text = [head, ...rows.map((r) => (r.startsWith('P1,P1-2') ? r.replace('30.50', '31.50') : r))].join('\n');
    const file = write('douyin-differs.csv', `${text}\n`);
    // By hand, every row counted as written: B1 30.50 + 31.50 = 62.00 (one order); B2 9.90 + 15.00 + 15.00 = 39.90.
    const expected: Expected = new Map([
      ['B1', { orders: 1, first: day('2024-05-01'), last: day('2024-05-01'), revenue: 62 }],
      ['B2', { orders: 2, first: day('2024-05-02'), last: day('2024-05-04'), revenue: 39.9 }],
    ]);
    const duck = await viaDuckdb(file, '买家ID');
    expect(asExpected(duck)).toEqual(expected);
    expectSame(duck, inMemory(file, text, '买家ID'));
    expect(asExpected(await viaClickhouse(file, false, '买家ID'))).toEqual(expected);
  });
});

describe('dates written day and month both ways possible (03/04/2024)', () => {
  it('are read as a sheet reads them (month first when nothing says otherwise), not as DuckDB guesses them', async () => {
    const text = [
      'order_id,customer,order_date,amount',
      'A1,U1,03/04/2024,10',
      'A2,U2,05/06/2024,20',
      'A3,U1,07/08/2024,5',
    ].join('\n');
    const file = write('xy-dates.csv', `${text}\n`);
    // By hand, month first (ingest's default without a locale): U1 2024-03-04 and 2024-07-08, 15.00; U2 2024-05-06.
    // DuckDB's own reading takes the day first (2024-04-03 …).
    const expected: Expected = new Map([
      ['U1', { orders: 2, first: day('2024-03-04'), last: day('2024-07-08'), revenue: 15 }],
      ['U2', { orders: 1, first: day('2024-05-06'), last: day('2024-05-06'), revenue: 20 }],
    ]);
    const duck = await viaDuckdb(file);
    expect(asExpected(duck)).toEqual(expected);
    expectSame(duck, inMemory(file, text));
  });

  it("so are a campaign's buyers and days (before/after)", async () => {
    const text = [
      'order_id,customer,order_date,amount,campaign',
      'A1,U1,03/04/2024,10,Spring',
      'A2,U2,05/06/2024,20,Spring',
      'A3,U1,07/08/2024,5,Summer',
    ].join('\n');
    const file = write('xy-campaigns.csv', `${text}\n`);
    const engine = await DuckEngine.create();
    try {
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}`), 0);
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS));
      await pushOrders(engine, opened, ds, 3);
      // By hand, month first: Spring's buyers U1 (2024-03-04) and U2 (2024-05-06).
      expect(await pushedCampaignBuyers(engine, opened, ds, null)).toEqual({
        ids: ['U1', 'U2'],
        from: day('2024-03-04'),
        to: day('2024-05-06'),
        name: 'Spring',
      });
    } finally {
      engine.close();
    }
  });
});

describe('times with a UTC offset that DuckDB reads as TIMESTAMP WITH TIME ZONE (2024-06-03T23:30:00-05:00)', () => {
  it('are read as written, as a sheet reads them, with the recipe naming the orders table', async () => {
    const text = [
      'order_id,customer,created,amount',
      'A1,U1,2024-06-01T13:45:10+08:00,10',
      'A2,U2,2024-06-03T23:30:00-05:00,20',
    ].join('\n');
    const file = write('zoned.csv', `${text}\n`);
    // By hand: a sheet keeps 2024-06-03 23:30 as written (DuckDB's instant would be 2024-06-04 04:30 UTC): U1 10.00
    // on 2024-06-01, U2 20.00 on 2024-06-03. More of such files in offset-dates.test.ts.
    const engine = await DuckEngine.create();
    try {
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}`), 0);
      expect(opened.columns.find((c) => c.name === 'created')?.engineType).toBe('VARCHAR');
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS), { sheetKindHint: 'orders' });
      await pushOrders(engine, opened, ds, 2);
      const duck = await pushedSummary(engine, OPTS);
      expect(asExpected(duck)).toEqual(
        new Map([
          ['U1', { orders: 1, first: day('2024-06-01'), last: day('2024-06-01'), revenue: 10 }],
          ['U2', { orders: 1, first: day('2024-06-03'), last: day('2024-06-03'), revenue: 20 }],
        ]),
      );
      const grid = csvBytesToGrid(Buffer.from(text), 'zoned').grid!;
      const orders = readOrders({ orders: ingestGrid(grid, { sheetKindHint: 'orders' }) }, [])!;
      expectSame(duck, summarizeCustomers(orders, OPTS));
    } finally {
      engine.close();
    }
  });
});
