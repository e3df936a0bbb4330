/**
 * readOrders' order id, channel, date and amount per kept row (issue 13: the Dataset's own arrays when every row is
 * kept, copies from the first row left out). The expected arrays are written by hand from the tables below: a row
 * without an amount is dropped (the other columns then follow the rows kept), a blank channel is null, a numeric
 * order id is its text; dates are Excel serials (2024-01-02 = 45293, counted from 1900-01-00 with Excel's 1900 leap
 * day: 45292 is 2024-01-01).
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../../src/ingest/index.js';
import { columnCodes, columnValues } from '../../../src/ingest/column-values.js';
import { readOrders } from '../../../src/analysis/user/orders.js';
import type { CellValue, Diagnostic } from '../../../src/types.js';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';

const HEAD = ['order_id', 'customer_id', 'order_date', 'amount', 'channel'];

function read(rows: CellValue[][]) {
  const ds = ingestGrid({ sheet: 'orders', address: `A1:E${rows.length + 1}`, values: [HEAD, ...rows] });
  const diagnostics: Diagnostic[] = [];
  const o = readOrders({ orders: ds }, diagnostics);
  expect(o, JSON.stringify(diagnostics)).not.toBeNull();
  return { o: o!, ds, diagnostics };
}

describe('readOrders: order ids and channels of the kept rows', () => {
  it('every row kept: the texts as the table holds them, a blank channel null', () => {
    const { o } = read([
      ['A-1', 'c1', '2024-01-02', 10, 'Email'],
      ['A-2', 'c2', '2024-01-03', 20, null],
      ['A-3', 'c1', '2024-01-04', 30, 'Paid Social'],
    ]);
    expect(o.orderId).toEqual(['A-1', 'A-2', 'A-3']);
    expect(o.channel).toEqual(['Email', null, 'Paid Social']);
    expect(Array.from(o.source)).toEqual([0, 1, 2]);
  });

  it('every row kept, from a .csv (columns): the Dataset column itself, not a copy', () => {
    const csv = 'order_id,customer_id,order_date,amount,channel\nA-1,c1,2024-01-02,10,Email\nA-2,c2,2024-01-03,20,\n';
    const grid = csvBytesToGrid(Buffer.from(csv), 'orders').grid!;
    const ds = ingestGrid(grid);
    const o = readOrders({ orders: ds }, [])!;
    expect(o.orderId).toEqual(['A-1', 'A-2']);
    expect(o.channel).toEqual(['Email', null]);
    expect(o.orderId).toBe(columnValues(ds, 'order_id'));
  });

  it('a row dropped: the ids and channels of the rows kept, in order', () => {
    const { o, diagnostics } = read([
      ['A-1', 'c1', '2024-01-02', 10, 'Email'],
      ['A-2', 'c2', '2024-01-03', 'n/a', 'Search'],
      ['A-3', 'c1', '2024-01-04', 30, null],
      ['A-4', 'c3', '2024-01-05', 40, 'Search'],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['user.rows_skipped']);
    expect(o.orderId).toEqual(['A-1', 'A-3', 'A-4']);
    expect(o.channel).toEqual(['Email', null, 'Search']);
    expect(Array.from(o.source)).toEqual([0, 2, 3]);
    expect(Array.from(o.amount)).toEqual([10, 30, 40]);
  });

  it('numeric order ids: their text', () => {
    const { o } = read([
      [1001, 'c1', '2024-01-02', 10, 'Email'],
      [1002, 'c2', '2024-01-03', 20, 'Email'],
    ]);
    expect(o.orderId).toEqual(['1001', '1002']);
  });
});

describe('readOrders: dates and amounts of the kept rows', () => {
  const table: CellValue[][] = [
    ['A-1', 'c1', '2024-01-02', 10, 'Email'],
    ['A-2', 'c2', '2024-01-03', 20.5, 'Search'],
    ['A-3', 'c1', '2024-01-04', -5, 'Email'],
    ['A-4', 'c3', '2024-01-05', 40, 'Search'],
  ];
  const without = (drop: number[]): CellValue[][] =>
    table.map((r, i) => (drop.includes(i) ? [r[0], r[1], r[2], null, r[4]] : r));

  it('every row kept: the Dataset columns themselves', () => {
    const { o, ds } = read(table);
    expect(Array.from(o.date)).toEqual([45293, 45294, 45295, 45296]);
    expect(Array.from(o.amount)).toEqual([10, 20.5, -5, 40]);
    expect(Array.from(o.refund)).toEqual([0, 0, 1, 0]);
    expect(o.date).toBe(columnValues(ds, 'order_date'));
    expect(o.amount).toBe(columnValues(ds, 'amount'));
  });

  it.each([
    ['the first row', [0], [45294, 45295, 45296], [20.5, -5, 40], [1, 2, 3]],
    ['a middle row', [1], [45293, 45295, 45296], [10, -5, 40], [0, 2, 3]],
    ['the last row', [3], [45293, 45294, 45295], [10, 20.5, -5], [0, 1, 2]],
    ['two rows', [0, 2], [45294, 45296], [20.5, 40], [1, 3]],
  ])('%s left out: the kept rows, in order, in new arrays', (_name, drop, dates, amounts, source) => {
    const { o, ds } = read(without(drop));
    expect(Array.from(o.date)).toEqual(dates);
    expect(Array.from(o.amount)).toEqual(amounts);
    expect(Array.from(o.source)).toEqual(source);
    expect(o.date).not.toBe(columnValues(ds, 'order_date'));
    expect(o.date.length).toBe(dates.length);
  });
});

describe('readOrders: order codes of the kept rows (a .csv read into codes)', () => {
  const head = 'order_id,customer_id,order_date,amount\n';
  const body = ['A-1,c1,2024-01-02,10', 'A-2,c2,2024-01-03,20', 'A-1,c1,2024-01-02,5', 'A-3,c3,2024-01-04,30'];
  const orders = (lines: string[]) => {
    const ds = ingestGrid(csvBytesToGrid(Buffer.from(head + lines.join('\n') + '\n'), 'orders').grid!);
    return { ds, o: readOrders({ orders: ds }, [])! };
  };

  it('every row kept: ingest codes themselves (equal ids, equal codes)', () => {
    const { ds, o } = orders(body);
    // Codes in order of first appearance in the file, the header 'order_id' first (0): A-1 1, A-2 2, A-3 3.
    expect(Array.from(o.orderCode!)).toEqual([1, 2, 1, 3]);
    expect(o.orderCode).toBe(columnCodes(ds, 'order_id')!.codes);
  });

  it('a row left out: the kept rows’ codes in a new array', () => {
    const { ds, o } = orders(body.map((l, i) => (i === 1 ? 'A-2,c2,2024-01-03,' : l)));
    expect(Array.from(o.orderCode!)).toEqual([1, 1, 3]);
    expect(Array.from(o.source)).toEqual([0, 2, 3]);
    expect(o.orderCode).not.toBe(columnCodes(ds, 'order_id')!.codes);
  });
});
