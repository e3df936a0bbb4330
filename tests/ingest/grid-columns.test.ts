/**
 * A columnar grid (what the .csv reader builds, src/ingest/grid-columns.ts) ingests to the same Dataset as the
 * same cells held row-major, and the analyses read the same orders from it. The row-major copy is the reference:
 * spreading the grid builds its rows, and a copy has no columns behind it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { gridColumns } from '../../src/ingest/grid-columns.js';
import { columnCodes, columnValues } from '../../src/ingest/column-values.js';
import { CodedTexts } from '../../src/ingest/coded-texts.js';
import { ingestGrid } from '../../src/ingest/index.js';
import type { Dataset } from '../../src/ingest/types.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import { summarizeCustomers } from '../../src/analysis/user/customer-summary.js';
import type { CellGrid } from '../../src/types.js';
import { hashCells, hashGrid } from '../../src/recipe/hash.js';

// Hand-written: ids with stray spaces (trimmed to one customer), an Excel error, a blank line, a repeated order id
// (two lines of one order), a refund, a money column with symbols, a text date column, a pivot subtotal inside
// (`C3 Total`, C3 being a customer) and a trailing total row.
const csv = [
  'Order ID,Customer ID,Order Date,Amount,Channel',
  'O1,C1,2024-01-05,$10.00,Email',
  'O2, C2 ,2024-01-06,$20.50,Search',
  'O2,C2,2024-01-06,$5.00,Search',
  '',
  'O3,#N/A,2024-01-07,$7.00,Email',
  'O4,C1,2024-02-01,-$3.00,Email',
  'O5,C3,2024-02-03,"$1,200.00",',
  'O7,C3 Total,2024-03-10,$5.00,Email',
  'O6,C1 ,2024-03-09,$12.25,Search',
  'Total,,,"$1,251.75",',
].join('\r\n');

function both(): { columnar: CellGrid; rows: CellGrid } {
  const { grid } = csvBytesToGrid(Buffer.from(csv, 'utf8'), 'orders');
  const rows = csvBytesToGrid(Buffer.from(csv, 'utf8'), 'orders').grid!;
  return { columnar: grid!, rows: { ...rows } };
}

const plain = (ds: Dataset) => ({ ...ds, table: ds.table.objects() });

describe('ingesting a columnar grid', () => {
  it('gives the Dataset the row-major grid gives: values, types, roles, rows and diagnostics', () => {
    const { columnar, rows } = both();
    expect(gridColumns(columnar)).not.toBeNull();
    expect(gridColumns(rows)).toBeNull();
    const a = ingestGrid(columnar);
    expect(gridColumns(columnar)).not.toBeNull(); // ingest read the columns, never the rows
    const b = ingestGrid(rows);
    expect(plain(a)).toEqual(plain(b));
    // The rows the diagnostics name: the blank line (5), the subtotal (9), the total row (11).
    const codes = a.diagnostics.map((d) => [d.code, d.where?.rows]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['blank-rows-dropped', [5]],
        ['subtotal-rows-excluded', [9]],
        ['total-rows-excluded', [11]],
      ]),
    );
  });

  it('finds a total label among the first three filled cells of a row, as the row-major grid does', () => {
    // Hand-written: a label in the third filled cell (a total row), one in the fourth (not looked at: a data row),
    // one after two blank cells (the third filled cell again), and an order id `O0000001` starting like `overall`.
    const text = [
      'Order ID,Customer ID,Region,Note,Amount',
      'O0000001,C1,North,x,10',
      'O0000002,C2,South,y,20',
      'O0000003,C2,Grand total,,30',
      'O0000004,C3,East,Total,40',
      ',,Subtotal,,70',
      'O0000005,C1,West,z,5',
    ].join('\n');
    const columnar = csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid!;
    const rows = { ...csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid! };
    const a = ingestGrid(columnar);
    expect(plain(a)).toEqual(plain(ingestGrid(rows)));
    expect(a.rowNumbers).toEqual([2, 3, 5, 7]);
    expect(a.diagnostics.map((d) => [d.code, d.where?.rows])).toEqual(
      expect.arrayContaining([['subtotal-rows-excluded', [4, 6]]]),
    );
  });

  it('finds total rows the same way when its columns hold fewer texts than its rows (all judged first)', () => {
    // Hand-written pattern: 40 rows over two customers and three regions (few texts, so every text is judged
    // before the rows are walked), a subtotal labelled in the third cell inside and a total row at the end.
    const lines = ['Customer ID,Region,Note,Amount'];
    for (let i = 0; i < 40; i++) lines.push(`C${i % 2},${['North', 'South', 'East'][i % 3]},x,${i + 1}`);
    lines.splice(21, 0, ',,Subtotal,210');
    lines.push('Total,,,820');
    const text = lines.join('\n');
    const columnar = csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid!;
    const a = ingestGrid(columnar);
    expect(plain(a)).toEqual(plain(ingestGrid({ ...csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid! })));
    expect(a.rowNumbers).toHaveLength(40);
    expect(a.diagnostics.map((d) => [d.code, d.where?.rows])).toEqual(
      expect.arrayContaining([
        ['subtotal-rows-excluded', [22]],
        ['total-rows-excluded', [43]],
      ]),
    );
  });

  it('keeps dictionary codes of its string columns: equal ids (after trimming) have equal codes', () => {
    const ds = ingestGrid(both().columnar);
    const ids = columnCodes(ds, 'Customer ID')!;
    const values = ds.table.array('Customer ID') as (string | null)[];
    for (let i = 0; i < values.length; i++) {
      expect(ids.codes[i] < 0 ? null : ids.dict[ids.codes[i]]).toBe(values[i]);
      for (let j = 0; j < values.length; j++)
        if (values[i] !== null) expect(ids.codes[i] === ids.codes[j]).toBe(values[i] === values[j]);
    }
    // A row-major grid's columns carry none.
    expect(columnCodes(ingestGrid(both().rows), 'Customer ID')).toBeNull();
  });

  it('reads the same orders and customer summary through the codes as through the strings', () => {
    const { columnar, rows } = both();
    const a = readOrders({ orders: ingestGrid(columnar) }, []);
    const b = readOrders({ orders: ingestGrid(rows) }, []);
    expect(a?.orderCode).toBeDefined();
    expect(b?.orderCode).toBeUndefined();
    expect(a?.customers).toEqual(['C1', 'C2', 'C3']);
    expect(a?.customers).toEqual(b?.customers);
    expect(a?.code).toEqual(b?.code);
    expect(a?.orderId).toEqual(b?.orderId);
    // Order O2's two lines are one order of C2: orders 1, not 2.
    const opts = { refunds: 'net' as const, mergeSameDay: false, timeUnit: 'days' as const, asOf: 45_400 };
    const sa = summarizeCustomers(a!, opts);
    expect(sa).toEqual(summarizeCustomers(b!, opts));
    expect(sa.orders[sa.ids.indexOf('C2')]).toBe(1);
  });
});

describe('the run log hash of a columnar grid', () => {
  it('is hashCells over the same cells, and leaves the rows unbuilt', () => {
    const { columnar, rows } = both();
    const h = hashGrid(columnar);
    // The row-major copy is the reference: the run log must not change with the reader's layout.
    expect(h).toBe(hashCells(rows.values));
    expect(gridColumns(columnar)).not.toBeNull();
    // A changed cell changes it (the hash reads every cell).
    const changed = rows.values.map((r) => [...r]);
    changed[1][3] = '$10.01';
    expect(hashCells(changed)).not.toBe(h);
  });
});

describe('text columns kept as codes', () => {
  it('makes no order id text while the orders are read and summarised through the codes', () => {
    // The order ids are told apart by code (orderCode); their texts are made only when an analysis reads orderId.
    const ds = ingestGrid(both().columnar);
    const col = ds.table.column('Order ID') as unknown as CodedTexts;
    expect(col).toBeInstanceOf(CodedTexts);
    const o = readOrders({ orders: ds }, [])!;
    summarizeCustomers(o, { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf: 45_400 });
    expect(col.made).toBe(false);
    // Read as text, they are the row-major grid's (the reference), and made once.
    const ref = readOrders({ orders: ingestGrid(both().rows) }, [])!;
    expect(o.orderId).toEqual(ref.orderId);
    expect(o.channel).toEqual(ref.channel);
    expect(col.made).toBe(true);
    expect(columnValues(ds, 'Order ID')).toBe(columnValues(ds, 'Order ID'));
  });

  it('ingests random text columns as the row-major grid does (fast-check, fixed seed)', () => {
    // Cells that trimming changes or empties, Excel errors, repeats, non-ASCII text, numbers and dates; the
    // row-major copy of the same text (its cells as strings) is the reference, values and codes alike.
    const cell = fc.constantFrom('C1', ' C1', 'C1 ', 'C2', '#N/A', ' ', '', '客户', 'x"y', '12', '2024-01-05', 'O1');
    const lines = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(lines, (rows) => {
        const text = [
          'a,b,c',
          ...rows.map((r) => r.map((v) => (v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v)).join(',')),
        ].join('\n');
        const columnar = csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid!;
        const rowMajor = { ...csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid! };
        const a = ingestGrid(columnar);
        const b = ingestGrid(rowMajor);
        expect(plain(a)).toEqual(plain(b));
        for (const c of a.columns) {
          const codes = columnCodes(a, c.name);
          if (!codes) continue;
          const values = b.table.array(c.name) as unknown[];
          values.forEach((v, i) => {
            expect(codes.codes[i] < 0 ? null : codes.dict[codes.codes[i]]).toBe(v);
          });
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
