// The whole per-customer tables give their columns without building rows (FullTable.column, read by the full-table
// files and the Customer facts sheet at millions of customers). The rows are the definition: on the CDNOW
// transactions (2,357 customers, tests/reference-data/README.md) with 100 rows shown, every column of RFM's, CLV's
// and the clusters' whole tables must equal, row by row, the value of the row object itself.
import { describe, expect, it } from 'vitest';
import { fullTableOf } from '../../../src/analysis/common/index.js';
import { clvAnalysis } from '../../../src/analysis/user/clv.js';
import { clustersAnalysis } from '../../../src/analysis/user/clusters.js';
import { rfmAnalysis } from '../../../src/analysis/user/rfm.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import { common } from '../helpers.js';
import { cdnowOrders } from '../user/cdnow.js';

describe('whole per-customer tables: columns equal the rows', () => {
  const ds = cdnowOrders();
  const c = common('1998-06-30');
  const results: [string, AnalysisResult][] = [
    ['rfm', rfmAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
    ['clv', clvAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
    ['clusters', clustersAnalysis.run({ orders: ds }, c, { maxCustomerRows: 100 })],
  ];
  it.each(results)('%s', (_, r) => {
    const table = r.tables.find((t) => t.name === 'customers')!;
    const full = fullTableOf(table)!;
    expect(full.rows).toBe(2357);
    expect(table.rows.length).toBe(100);
    for (const col of table.columns) {
      const get = full.column!(col.key)!;
      for (let i = 0; i < full.rows; i++) expect(get(i)).toBe(full.row(i)[col.key]);
    }
    // The sheet's rows are the whole table's first rows, and a key the rows have not has no column.
    expect(table.rows).toEqual(Array.from({ length: 100 }, (_x, i) => full.row(i)));
    expect(full.column!('no_such_column')).toBeUndefined();
  });
});
