// The per-customer summary checks shared by the tests of real export layouts on the pushed-down path
// (export-layouts.test.ts, offset-dates.test.ts): the options both paths summarise with, the in-memory path on a
// CSV's text, the summary as a map of figures written by hand, and two summaries compared to the last bit.
import path from 'node:path';
import { expect } from 'vitest';
import type { Dataset } from '../../src/ingest/index.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { readOrders } from '../../src/analysis/user/orders.js';
import { summarizeCustomers, type CustomerSummary } from '../../src/analysis/user/customer-summary.js';

/** As-of: after every date of the test files. */
export const AS_OF = 46_000;
export const OPTS = { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf: AS_OF } as const;

/** Per customer: orders, first and last day, net revenue, as a test expects them. */
export type Expected = Map<string, { orders: number; first: number; last: number; revenue: number }>;

/** Excel serial of a calendar day (1900 system). */
export const day = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25_569;

/** The dataset with column `customer` as the customer (what a recipe's role does), when given. */
export function withCustomer(ds: Dataset, customer?: string): Dataset {
  if (!customer) return ds;
  return { ...ds, columns: ds.columns.map((c) => (c.name === customer ? { ...c, role: 'customer_id' } : c)) };
}

/** The in-memory path on a CSV's text: read as cells, ingested, readOrders, summarizeCustomers. */
export function inMemory(file: string, text: string, customer?: string): CustomerSummary {
  const grid = csvBytesToGrid(Buffer.from(text), path.basename(file, '.csv')).grid!;
  const orders = readOrders({ orders: withCustomer(ingestGrid(grid), customer) }, [])!;
  return summarizeCustomers(orders, OPTS);
}

/** The summary as the expected map, money rounded to the cent. */
export function asExpected(s: CustomerSummary): Expected {
  const out: Expected = new Map();
  s.ids.forEach((id, j) =>
    out.set(id, {
      orders: s.orders[j],
      first: s.first[j],
      last: s.last[j],
      revenue: Math.round(s.revenue[j] * 100) / 100,
    }),
  );
  return out;
}

/** Every field of two summaries, equal to the last bit. */
export function expectSame(a: CustomerSummary, b: CustomerSummary): void {
  expect(a.ids).toEqual(b.ids);
  for (const k of ['first', 'last', 'orders', 'days', 'revenue', 'x', 't_x', 'T', 'zbar', 'recency'] as const)
    expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
  expect([a.refundRows, a.refundTotal, a.futureRows]).toEqual([b.refundRows, b.refundTotal, b.futureRows]);
}
