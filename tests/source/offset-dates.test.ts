// Order dates written with a UTC offset, read through `--source duckdb:` as the same file read as a sheet reads them:
// the wall clock as written, the offset ignored (src/ingest/parse-date.ts). DuckDB's CSV sniffer makes some such
// writings (`2024-06-01T13:45:10-04:00`, `2024-06-01 13:45:10-0400`) TIMESTAMP WITH TIME ZONE, an instant shown in
// the session's zone; Shopify's own writing (`2024-06-01 13:45:10 -0400`, a space before the offset) it leaves text.
// Each writing is checked: detected as a Shopify orders export without a recipe, the figures by hand below, and the
// pushed-down path equal to the in-memory one (the summary to the last bit, the `--json` of a whole run as
// tests/source/cli.test.ts compares it). A Parquet TIMESTAMPTZ (the offset gone) is read as its time in UTC.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckEngine } from '../../src/source/duckdb/engine.js';
import { parseSourceSpec } from '../../src/source/spec.js';
import { SAMPLE_ROWS, sourceGrid } from '../../src/source/duckdb/grid.js';
import { pushOrders, pushedSummary } from '../../src/source/duckdb/orders.js';
import { PUSHED_KINDS } from '../../src/source/index.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { main } from '../../src/cli/main.js';
import { differences } from './differences.js';
import { sink } from '../cli/sink.js';
import { asExpected, day, expectSame, inMemory, OPTS, type Expected } from './summary-parity.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-offsets-'));
/** A time with its offset (`-04:00`), written one of the ways files write it. */
type Writing = (date: string, time: string, offset: string) => string;
const WRITINGS: [string, Writing, string][] = [
  ['Shopify (2024-06-01 13:45:10 -0400)', (d, t, o) => `${d} ${t} ${o.replace(':', '')}`, 'VARCHAR'],
  ['ISO 8601 (2024-06-01T13:45:10-04:00)', (d, t, o) => `${d}T${t}${o}`, 'TIMESTAMP WITH TIME ZONE'],
  ['no space (2024-06-01 13:45:10-0400)', (d, t, o) => `${d} ${t}${o.replace(':', '')}`, 'TIMESTAMP WITH TIME ZONE'],
];

/**
 * Shopify's order export (Help Center, "Exporting orders": one row per line item; Financial Status, Paid at,
 * Fulfillment Status, Currency, Subtotal, Shipping, Taxes, Total, Discount Code … on an order's first line only),
 * its columns in Shopify's order, with Created at written by `w`.
 */
function shopifyCsv(w: Writing): string {
  const head =
    'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Refunded Amount,Source';
  // [name, email, status, created (date, time, offset), order-level money (subtotal, shipping, taxes, total, code,
  // discount, refunded) on the first line, line items (quantity, name, price, sku)]
  const orders: [string, string, string, [string, string, string], string[], [number, string, string, string][]][] = [
    [
      '#1001',
      'a@example.com',
      'paid',
      ['2024-06-01', '13:45:10', '-04:00'],
      ['30.00', '5.00', '0.00', '35.00', '', '0.00', '0.00'],
      [
        [2, 'Mug', '10.00', 'MUG-1'],
        [1, 'Tea', '10.00', 'TEA-1'],
      ],
    ],
    [
      '#1002',
      'b@example.com',
      'paid',
      ['2024-06-02', '00:15:00', '+08:00'],
      ['20.00', '0.00', '0.00', '20.00', '', '0.00', '0.00'],
      [[1, 'Pot', '20.00', 'POT-1']],
    ],
    [
      '#1003',
      'a@example.com',
      'paid',
      ['2024-06-03', '23:30:00', '-05:00'],
      ['50.00', '5.00', '0.00', '50.00', 'SUMMER5', '5.00', '0.00'],
      [[5, 'Cup', '10.00', 'CUP-1']],
    ],
    [
      '#1004',
      'c@example.com',
      'pending',
      ['2024-06-04', '08:00:00', '+00:00'],
      ['10.00', '0.00', '0.00', '10.00', '', '0.00', '0.00'],
      [[1, 'Mug', '10.00', 'MUG-1']],
    ],
    [
      '#1005',
      'b@example.com',
      'partially_refunded',
      ['2024-06-05', '10:00:00', '+05:30'],
      ['40.00', '0.00', '0.00', '40.00', '', '0.00', '15.00'],
      [
        [2, 'Tea', '5.00', 'TEA-1'],
        [1, 'Spoon', '10.00', 'SPN-1'],
        [1, 'Pot', '20.00', 'POT-1'],
      ],
    ],
    [
      '#1006',
      'c@example.com',
      'paid',
      ['2024-06-06', '23:59:59', '-07:00'],
      ['12.50', '0.00', '0.00', '12.50', '', '0.00', '0.00'],
      [[1, 'Tea', '12.50', 'TEA-2']],
    ],
    [
      '#1007',
      'd@example.com',
      'refunded',
      ['2024-06-07', '12:00:00', '-04:00'],
      ['30.00', '0.00', '0.00', '30.00', '', '0.00', '30.00'],
      [[3, 'Mug', '10.00', 'MUG-1']],
    ],
  ];
  const lines = [head];
  for (const [name, email, status, [d, t, o], money, items] of orders) {
    const [subtotal, shipping, taxes, total, code, discount, refunded] = money;
    const created = w(d, t, o);
    const paidAt = status === 'pending' ? '' : created;
    items.forEach(([qty, item, price, sku], i) => {
      const first = i === 0;
      const order = first
        ? [
            status,
            paidAt,
            'fulfilled',
            paidAt,
            'yes',
            'USD',
            subtotal,
            shipping,
            taxes,
            total,
            code,
            discount,
            'Standard',
          ]
        : ['', '', '', '', '', '', '', '', '', '', '', '', ''];
      lines.push([name, email, ...order, created, qty, item, price, sku, first ? refunded : '', 'web'].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}

// By hand, each order's Total on its first line, the day as written: a: #1001 35.00 on 2024-06-01 and #1003 50.00
// on 2024-06-03 (23:30 at −05:00; 2024-06-04 in UTC) = 85.00, 2 orders; b: #1002 20.00 on 2024-06-02 (00:15 at
// +08:00; 2024-06-01 in UTC) and #1005 40.00 − 15.00 refunded on 2024-06-05 = 45.00, 2 orders; c: #1004 pending (not
// counted), #1006 12.50 on 2024-06-06 (23:59:59 at −07:00; 2024-06-07 in UTC); d: #1007 refunded in full, nothing.
const EXPECTED: Expected = new Map([
  ['a@example.com', { orders: 2, first: day('2024-06-01'), last: day('2024-06-03'), revenue: 85 }],
  ['b@example.com', { orders: 2, first: day('2024-06-02'), last: day('2024-06-05'), revenue: 45 }],
  ['c@example.com', { orders: 1, first: day('2024-06-06'), last: day('2024-06-06'), revenue: 12.5 }],
]);

async function analyze(name: string, args: string[]): Promise<{ code: number; stderr: string; json: any }> {
  const json = path.join(dir, `${name}.json`);
  const stdout = sink(),
    stderr = sink();
  const code = await main(['analyze', ...args, '--out', path.join(dir, `${name}.xlsx`), '--json', json], {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stderr: stderr.text(), json: existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : null };
}

describe.each(WRITINGS)('a Shopify orders export, Created at written %s', (label, w, sniffed) => {
  const text = shopifyCsv(w);
  const file = path.join(dir, `orders_export_${WRITINGS.findIndex((x) => x[0] === label)}.csv`);
  writeFileSync(file, text);

  it(`is the case it is meant to be: DuckDB's own reading makes Created at ${sniffed}`, async () => {
    const engine = await DuckEngine.create();
    try {
      const [t] = await engine.rows(
        `SELECT column_type AS t FROM (DESCRIBE SELECT * FROM read_csv('${file}')) WHERE column_name = 'Created at'`,
      );
      expect(t.t).toBe(sniffed);
    } finally {
      engine.close();
    }
  });

  it('without a recipe: detected as Shopify orders with Created at as the date; the figures by hand, as in memory', async () => {
    const engine = await DuckEngine.create();
    try {
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}`), 0);
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS));
      expect(ds.kind).toBe('orders');
      expect(ds.format?.id).toBe('shopify-orders');
      expect(ds.columns.find((c) => c.role === 'date')?.header).toBe('Created at');
      const [count] = await engine.rows(`SELECT count(*) AS n FROM ${opened.raw}`);
      await pushOrders(engine, opened, ds, Number(count.n));
      const duck = await pushedSummary(engine, OPTS);
      expect(asExpected(duck)).toEqual(EXPECTED);
      expectSame(duck, inMemory(file, text));
    } finally {
      engine.close();
    }
  });

  it('the whole run (--json) equals the in-memory run of the same file', async () => {
    const memory = await analyze(`memory-${label.split(' ')[0]}`, [file, '--as-of', '2025-01-01']);
    const duck = await analyze(`duck-${label.split(' ')[0]}`, ['--source', `duckdb:${file}`, '--as-of', '2025-01-01']);
    expect(memory.code, memory.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.json.inputs).toEqual(memory.json.inputs);
    const kinds = PUSHED_KINDS.filter((k) => memory.json.analyses[k] !== undefined);
    expect(kinds).toContain('rfm');
    expect(kinds).toContain('cohorts');
    for (const k of kinds) expect(differences(memory.json.analyses[k], duck.json.analyses[k]), k).toEqual([]);
  }, 120_000);
});

describe('dates day and month both ways possible (03/04/2024) beside a column of times with an offset', () => {
  it('reads the dates as a sheet does and keeps the offset column text', async () => {
    const text = [
      'order_id,customer,order_date,amount,updated_at',
      'A1,U1,03/04/2024,10,2024-06-01T13:45:10-04:00',
      'A2,U2,05/06/2024,20,2024-06-02T00:15:00+08:00',
      'A3,U1,07/08/2024,5,2024-06-03T23:30:00-05:00',
    ].join('\n');
    const file = path.join(dir, 'xy-and-offsets.csv');
    writeFileSync(file, `${text}\n`);
    const engine = await DuckEngine.create();
    try {
      const opened = await engine.open(parseSourceSpec(`duckdb:${file}`), 0);
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS));
      await pushOrders(engine, opened, ds, 3);
      // The day/month re-read (orders.ts withTextDates) took order_date as text and left updated_at text too.
      const types = await engine.rows(`SELECT column_name AS c, column_type AS t FROM (DESCRIBE lb_txt_raw)`);
      expect(types.filter((r) => r.c === 'order_date' || r.c === 'updated_at').map((r) => r.t)).toEqual([
        'VARCHAR',
        'VARCHAR',
      ]);
      // By hand, month first (ingest's default without a locale): U1 2024-03-04 and 2024-07-08, 15.00; U2 2024-05-06.
      const duck = await pushedSummary(engine, OPTS);
      expect(asExpected(duck)).toEqual(
        new Map([
          ['U1', { orders: 2, first: day('2024-03-04'), last: day('2024-07-08'), revenue: 15 }],
          ['U2', { orders: 1, first: day('2024-05-06'), last: day('2024-05-06'), revenue: 20 }],
        ]),
      );
      expectSame(duck, inMemory(file, text));
    } finally {
      engine.close();
    }
  });
});

describe('a Parquet or DuckDB-table TIMESTAMPTZ (the offset gone once stored)', () => {
  const rows = `(VALUES ('A1', 'U1', TIMESTAMPTZ '2024-06-01 13:45:10-04:00', 10.0),
                        ('A2', 'U2', TIMESTAMPTZ '2024-06-02 00:15:00+08:00', 20.0),
                        ('A3', 'U1', TIMESTAMPTZ '2024-06-03 23:30:00-05:00', 5.0)) t(order_id, customer, created, amount)`;
  const parquet = path.join(dir, 'zoned.parquet'),
    db = path.join(dir, 'zoned.duckdb');

  it.each([
    ['Parquet', `duckdb:${parquet}`],
    ['a DuckDB table', `duckdb:${db}#orders`],
  ])("%s: read as the instant's time in UTC, whatever the session's time zone", async (_what, spec) => {
    const make = await DuckEngine.create();
    try {
      await make.run(`COPY (SELECT * FROM ${rows}) TO '${parquet}' (FORMAT parquet)`);
      await make.run(`ATTACH IF NOT EXISTS '${db}' AS made`);
      await make.run(`CREATE OR REPLACE TABLE made.orders AS SELECT * FROM ${rows}`);
      await make.run('DETACH made');
    } finally {
      make.close();
    }
    const engine = await DuckEngine.create();
    try {
      // Not the session's zone: DuckDB would show the instants in Shanghai time here.
      await engine.run(`SET TimeZone = 'Asia/Shanghai'`);
      const opened = await engine.open(parseSourceSpec(spec), 0);
      expect(opened.columns.find((c) => c.name === 'created')?.engineType).toBe('TIMESTAMP');
      const ds = ingestGrid(await sourceGrid(engine, opened, SAMPLE_ROWS), { sheetKindHint: 'orders' });
      await pushOrders(engine, opened, ds, 3);
      // By hand, in UTC: A1 2024-06-01 17:45:10, A2 2024-06-01 16:15 (the 2nd at +08:00), A3 2024-06-04 04:30 (the
      // 3rd at −05:00). U1 10 + 5 = 15.00 from 2024-06-01 to 2024-06-04; U2 20.00 on 2024-06-01.
      expect(asExpected(await pushedSummary(engine, OPTS))).toEqual(
        new Map([
          ['U1', { orders: 2, first: day('2024-06-01'), last: day('2024-06-04'), revenue: 15 }],
          ['U2', { orders: 1, first: day('2024-06-01'), last: day('2024-06-01'), revenue: 20 }],
        ]),
      );
    } finally {
      engine.close();
    }
  });
});
