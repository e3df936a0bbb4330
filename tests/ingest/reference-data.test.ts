/**
 * Smaller reference data sets read through ingest as a sheet would hold them (cells as text).
 * Expected numbers come from tests/reference-data/README.md unless a comment says otherwise.
 */
import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ingestGrid } from '../../src/ingest/index.js';
import { deepFreeze, gridOf, parseCsv, parseWhitespace } from './helpers/csv.js';
import { readReference } from '../reference-data.js';

const byName = (ds: ReturnType<typeof ingestGrid>, name: string) => ds.columns.find((c) => c.name === name)!;

describe('rfm_data_orders.csv', () => {
  const ds = ingestGrid(
    deepFreeze(gridOf('rfm_data_orders', parseCsv(readReference('rfm/rfm_data_orders.csv', 'utf8')))),
  );

  it('has 4,906 orders of 995 customers (README)', () => {
    expect(ds.table.numRows()).toBe(4906);
    expect(ds.table.rollup({ n: aq.op.distinct('customer_id') }).get('n', 0)).toBe(995);
  });

  it('is an orders table: customer_id, order_date as a date, revenue as the amount', () => {
    expect(ds.kind).toBe('orders');
    expect(byName(ds, 'customer_id')).toMatchObject({ type: 'identifier', role: 'customer_id' });
    expect(byName(ds, 'order_date')).toMatchObject({ type: 'date', role: 'date', nulls: 0 });
    expect(byName(ds, 'revenue')).toMatchObject({ role: 'amount', nulls: 0 });
    expect(['integer', 'number']).toContain(byName(ds, 'revenue').type);
    expect(ds.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it("reproduces Abbey O'Reilly's 6 orders worth 472, last on 2006-06-09 (README: recency 205 at 2006-12-31)", () => {
    const r = ds.table
      .params({ who: "Abbey O'Reilly" })
      .filter((d: { customer_id: string }, $: { who: string }) => d.customer_id === $.who)
      .rollup({ n: aq.op.count(), m: aq.op.sum('revenue'), last: aq.op.max('order_date') })
      .object() as { n: number; m: number; last: number };
    expect(r.n).toBe(6);
    expect(r.m).toBe(472);
    expect(r.last).toBe(39082 - 205); // =DATE(2006,12,31) is 39082
  });
});

describe('hillstrom.csv', () => {
  const ds = ingestGrid(deepFreeze(gridOf('hillstrom', parseCsv(readReference('hillstrom/hillstrom.csv.gz', 'utf8')))));

  it('has 64,000 customers (README)', () => {
    expect(ds.table.numRows()).toBe(64_000);
  });

  it('types the attributes and outcomes', () => {
    const types = Object.fromEntries(ds.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      recency: 'integer',
      history_segment: 'category',
      history: 'number',
      mens: 'integer',
      womens: 'integer',
      zip_code: 'category',
      newbie: 'integer',
      channel: 'category',
      segment: 'category',
      visit: 'integer',
      conversion: 'integer',
      spend: 'number',
    });
  });

  it('is an experiment: segment is the arm, visit / conversion / spend are outcomes', () => {
    expect(ds.kind).toBe('experiment');
    expect(byName(ds, 'segment').role).toBe('arm');
    for (const o of ['visit', 'conversion', 'spend']) expect(byName(ds, o).role).toBe('outcome');
  });

  it('reproduces the published arm sizes and overall spend per customer (README table)', () => {
    const arms = ds.table.groupby('segment').count().orderby('segment').objects() as {
      segment: string;
      count: number;
    }[];
    expect(arms).toEqual([
      { segment: 'Mens E-Mail', count: 21_307 },
      { segment: 'No E-Mail', count: 21_306 },
      { segment: 'Womens E-Mail', count: 21_387 },
    ]);
    expect(ds.table.rollup({ s: aq.op.mean('spend') }).get('s', 0)).toBeCloseTo(1.05091, 5);
  });
});

describe('CDNOW_master.txt (whitespace-separated, header line)', () => {
  const ds = ingestGrid(
    deepFreeze(gridOf('CDNOW_master', parseWhitespace(readReference('cdnow/CDNOW_master.txt.gz', 'utf8')))),
  );

  it('has 69,659 transactions of 23,570 customers (README)', () => {
    expect(ds.table.numRows()).toBe(69_659);
    expect(ds.table.rollup({ n: aq.op.distinct('customer_id') }).get('n', 0)).toBe(23_570);
  });

  it('keeps customer ids with their leading zeros and reads yyyymmdd as dates', () => {
    expect(byName(ds, 'customer_id').type).toBe('identifier');
    expect(ds.table.get('customer_id', 0)).toBe('00001'); // first line of the file
    expect(byName(ds, 'date').type).toBe('date');
    expect(ds.table.get('date', 0)).toBe(35431); // 19970101 → =DATE(1997,1,1)
  });

  it('is an orders table with customer, date, quantity and amount', () => {
    expect(ds.kind).toBe('orders');
    expect(ds.columns.map((c) => c.role)).toEqual(['customer_id', 'date', 'quantity', 'amount']);
    expect(ds.table.get('dollar_value', 0)).toBe(11.77); // first line of the file
  });
});
