// The whole per-customer tables code each row's customer into the run's one customer list (FullTable.customers), so
// the Customer facts sheet places rows by code instead of by id string. The definition is the rows themselves: on
// the CDNOW transactions (2,357 customers, tests/reference-data/README.md) with 100 rows shown and one run memo,
// RFM's, CLV's, the lifecycle's and the clusters' whole tables must code into the same array, and `ids[code(i)]`
// must be row i's customer_id on every row. `codesInOrder` on lists written by hand.
import { describe, expect, it } from 'vitest';
import { codesInOrder, fullTableOf } from '../../../src/analysis/common/index.js';
import { RunMemo } from '../../../src/analysis/common/memo.js';
import { clvAnalysis } from '../../../src/analysis/user/clv.js';
import { clustersAnalysis } from '../../../src/analysis/user/clusters.js';
import { lifecycleAnalysis } from '../../../src/analysis/user/lifecycle.js';
import { rfmAnalysis } from '../../../src/analysis/user/rfm.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import { buildReport } from '../../../src/report/build-report.js';
import type { TableBlock } from '../../../src/report/types.js';
import { context } from '../../report/fixtures.js';
import { common } from '../helpers.js';
import { cdnowOrders } from '../user/cdnow.js';

describe('codesInOrder', () => {
  it('codes a list of some of the customers, in their order', () => {
    expect(Array.from(codesInOrder(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])!)).toEqual([0, 2, 3]);
    expect(Array.from(codesInOrder(['a', 'b'], [])!)).toEqual([]);
  });
  it('gives null for a list out of order or with a stranger', () => {
    expect(codesInOrder(['a', 'b', 'c'], ['c', 'a'])).toBeNull();
    expect(codesInOrder(['a', 'b', 'c'], ['a', 'x'])).toBeNull();
    expect(codesInOrder(['a', 'b'], ['a', 'b', 'b'])).toBeNull();
  });
});

describe('whole per-customer tables: customer codes into the run’s list', () => {
  const ds = cdnowOrders();
  const c = { ...common('1998-06-30'), memo: new RunMemo() };
  const results: [string, AnalysisResult][] = [
    ['rfm', rfmAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
    ['lifecycle', lifecycleAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
    ['clv', clvAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
    ['clusters', clustersAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
  ];
  const lists = new Set<readonly string[]>();
  it.each(results)('%s', (_, r) => {
    const full = fullTableOf(r.tables.find((t) => t.name === 'customers')!)!;
    expect(full.rows).toBe(2357);
    const codes = full.customers!()!;
    lists.add(codes.ids);
    for (let i = 0; i < full.rows; i++) expect(codes.ids[codes.code(i)]).toBe(full.row(i).customer_id);
  });
  it('all four code into the same array', () => {
    expect(lists.size).toBe(1);
  });

  it('the Customer facts sheet is the same placed by code as by id', () => {
    const facts = (rs: AnalysisResult[]) =>
      buildReport(rs, context('en'))
        .sheets.find((s) => s.key === 'customer-facts')!
        .blocks.find((b): b is TableBlock => b.type === 'table')!.rows;
    const coded = facts(results.map(([, r]) => r));
    // The same tables without their codes: every row placed by its id, as before codes.
    for (const [, r] of results) {
      const full = fullTableOf(r.tables.find((t) => t.name === 'customers')!)!;
      full.customers = () => undefined;
    }
    const byId = facts(results.map(([, r]) => r));
    expect(coded.length).toBe(2357);
    expect(coded).toEqual(byId);
  });
});
