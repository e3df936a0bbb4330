// The Customer facts sheet reads each per-customer table's whole rows (FullTable) by customer, whatever the table's
// order: the same order as the rows' source (RFM), another order, customers the facts do not list, and customers
// the table does not list. Tables written by hand: RFM lists A, B, C, D (by revenue, as given); the clusters the
// same order; the lifecycle table D, C, B, A; CLV B, X, A (X is no RFM customer; C and D are missing).
import { describe, expect, it } from 'vitest';
import { fullTableOf } from '../../src/analysis/common/index.js';
import { buildReport } from '../../src/report/build-report.js';
import type { TableBlock } from '../../src/report/types.js';
import type { CellValue } from '../../src/types.js';
import { context, customersResult } from './fixtures.js';

/** A result of `kind` whose `customers` table shows its first row and attaches every row of `fields`. */
const result = (kind: string, fields: Record<string, CellValue[]>) => customersResult(kind, fields).r;

const ids = ['A', 'B', 'C', 'D'];
const results = [
  result('rfm', {
    customer_id: ids,
    segment: ['Champions', 'Loyal', 'At Risk', 'Lost'],
    business_segment: ['High', 'High', 'Low', 'Low'],
    frequency: [5, 4, 2, 1],
    monetary: [500, 400, 200, 100],
  }),
  result('clusters', { customer_id: ids, name: ['k1', 'k1', 'k2', 'k2'] }),
  result('lifecycle', {
    customer_id: ['D', 'C', 'B', 'A'],
    stage: ['lost', 'at_risk', 'active', 'active'],
    revenue: [100, 200, 400, 500],
  }),
  result('clv', { customer_id: ['B', 'X', 'A'], clv: [40, 99, 50], risk: ['Low', 'High', 'Low'] }),
];

describe('Customer facts: each table read by customer, whatever its order', () => {
  it('stops reading a table once it has found every customer of the rows', () => {
    // The clusters list A–D in RFM's order, then Y and Z, whom the facts do not list: their ids are never read.
    const clusters = result('clusters', {
      customer_id: [...ids, 'Y', 'Z'],
      name: ['k1', 'k1', 'k2', 'k2', 'k3', 'k3'],
    });
    const full = fullTableOf(clusters.tables[0])!;
    const read: number[] = [];
    const column = full.column!.bind(full);
    full.column = (key) => {
      const get = column(key);
      return key === 'customer_id' && get ? (i) => (read.push(i), get(i)) : get;
    };
    const report = buildReport([results[0], clusters], context('en'));
    const block = report.sheets
      .find((s) => s.key === 'customer-facts')!
      .blocks.find((b): b is TableBlock => b.type === 'table')!;
    expect(block.rows.map((r) => [r[0], r[block.columns.findIndex((c) => c.key === 'cluster')]])).toEqual([
      ['A', 'k1'],
      ['B', 'k1'],
      ['C', 'k2'],
      ['D', 'k2'],
    ]);
    expect(read).toEqual([0, 1, 2, 3]);
  });

  it('puts every value on its customer’s row', () => {
    const report = buildReport(results, context('en'));
    const block = report.sheets
      .find((s) => s.key === 'customer-facts')!
      .blocks.find((b): b is TableBlock => b.type === 'table')!;
    const keys = block.columns.map((c) => c.key);
    const rows = block.rows.map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j]])));
    // Expected from the tables above: RFM's order; C and D have no CLV; X is not listed.
    expect(
      rows.map((r) => [r.customer, r.segment, r.lifecycle_stage, r.cluster, r.orders, r.clv, r.churn_risk]),
    ).toEqual([
      ['A', 'Champions', 'active', 'k1', 5, 50, 'Low'],
      ['B', 'Loyal', 'active', 'k1', 4, 40, 'Low'],
      ['C', 'At Risk', 'at_risk', 'k2', 2, null, null],
      ['D', 'Lost', 'lost', 'k2', 1, null, null],
    ]);
  });
});
