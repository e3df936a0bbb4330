/**
 * UCI Online Retail read "as a user's sheet would hold it": the .csv's cells as text, one grid.
 * Expected numbers come from tests/reference-data/README.md unless a comment says otherwise.
 */
import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ingestGrid } from '../../src/ingest/index.js';
import type { Dataset } from '../../src/ingest/index.js';
import { deepFreeze, gridOf, parseCsv } from './helpers/csv.js';
import { readReference } from '../reference-data.js';

describe('online_retail.csv.gz through ingest', () => {
  const rows = parseCsv(readReference('online-retail/online_retail.csv.gz', 'utf8'));
  const grid = deepFreeze(gridOf('online_retail', rows));
  const firstRowBefore = [...rows[1]];
  const ds: Dataset = ingestGrid(grid);
  const col = (name: string) => ds.columns.find((c) => c.name === name)!;

  it('keeps every row: 541,909 (README) below one header row', () => {
    expect(ds.table.numRows()).toBe(541_909);
    expect(ds.headerRows).toEqual([1]);
    expect(ds.rowNumbers[0]).toBe(2);
    expect(ds.rowNumbers[ds.rowNumbers.length - 1]).toBe(541_910);
  });

  it('types the columns as the data set documents them', () => {
    expect(ds.columns.slice(0, 8).map((c) => [c.name, c.type])).toEqual([
      ['InvoiceNo', 'identifier'],
      ['StockCode', 'identifier'],
      ['Description', 'text'],
      ['Quantity', 'integer'],
      ['InvoiceDate', 'datetime'],
      ['UnitPrice', 'number'],
      ['CustomerID', 'identifier'],
      ['Country', 'category'],
    ]);
  });

  it('keeps ids as text: cancellations start with C (README), customer numbers stay strings', () => {
    const inv = ds.table.array('InvoiceNo') as string[];
    expect(inv[0]).toBe('536365'); // first data line of the file
    expect(inv.some((v) => v.startsWith('C'))).toBe(true);
    const cust = ds.table.array('CustomerID') as (string | null)[];
    expect(cust[0]).toBe('17850'); // first data line of the file
    expect(ds.table.array('StockCode')[0]).toBe('85123A');
  });

  it('counts 135,080 rows without CustomerID as nulls (README)', () => {
    expect(col('CustomerID').nulls).toBe(135_080);
    const nulls = ds.table.rollup({ n: aq.op.count(), valid: aq.op.valid('CustomerID') }).object() as {
      n: number;
      valid: number;
    };
    expect(nulls.n - nulls.valid).toBe(135_080);
  });

  it('reads InvoiceDate as Excel serials from 2010-12-01 to 2011-12-09 (README)', () => {
    // First line: 2010-12-01 08:26:00 → Excel =DATE(2010,12,1)+TIME(8,26,0) = 40513.3513888…
    expect(ds.table.get('InvoiceDate', 0)).toBeCloseTo(40513 + (8 * 60 + 26) / 1440, 9);
    const r = ds.table.rollup({ lo: aq.op.min('InvoiceDate'), hi: aq.op.max('InvoiceDate') }).object() as {
      lo: number;
      hi: number;
    };
    expect(Math.floor(r.lo)).toBe(40513); // =DATE(2010,12,1)
    expect(Math.floor(r.hi)).toBe(40886); // =DATE(2011,12,9)
  });

  it('is an orders table with customer, date, order id and an amount derived from Quantity × UnitPrice', () => {
    expect(ds.kind).toBe('orders');
    expect(ds.kindConfidence).toBeGreaterThan(0.6);
    expect(col('CustomerID').role).toBe('customer_id');
    expect(col('InvoiceDate').role).toBe('date');
    expect(col('InvoiceNo').role).toBe('order_id');
    expect(col('Quantity').role).toBe('quantity');
    expect(col('UnitPrice').role).toBe('unit_price');
    const amount = ds.columns.find((c) => c.role === 'amount')!;
    expect(amount.name).toBe('amount');
    expect(ds.table.get('amount', 0)).toBeCloseTo(15.3, 9); // first line: 6 × 2.55 by hand
    expect(ds.diagnostics.map((d) => d.code)).toEqual(['amount-derived']);
  });

  it('did not change its input', () => {
    expect(rows[1]).toEqual(firstRowBefore);
    expect(Object.isFrozen(grid.values[1])).toBe(true);
  });
});
