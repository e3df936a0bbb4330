/**
 * Before/after picks the campaign the most distinct customers bought under; on a columnar grid (the .csv
 * reader's, with dictionary codes) it counts on the codes. The row-major copy of the same cells has no codes
 * and takes the general path: both must give the same result. Its buyers (customers and first/last day) are read
 * on the codes too: the whole results are compared. The expected campaign is counted by hand below.
 */
import { describe, expect, it } from 'vitest';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';
import { columnCodes } from '../../../src/ingest/column-values.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { runBeforeAfter } from '../../../src/analysis/loop/before-after.js';
import { common } from '../helpers.js';

// By hand: Spring has 5 rows but 2 customers (C1, C2); Autumn has 3 customers (C3, C4, C5) and Summer 3 too
// (C1, C6, a customer #N/A read as null counts as one more value, as a set of ids holds it) — Summer is seen
// first, so the tie goes to Summer. Rows without a campaign count for none.
const csv = [
  'Order ID,Customer ID,Order Date,Amount,Campaign',
  'O1,C1,2024-01-05,10,Spring',
  'O2,C2,2024-01-06,20,Spring',
  'O3,C1,2024-01-07,7,Spring',
  'O4,C1,2024-06-01,30,Summer',
  'O5,C6,2024-06-02,12,Summer',
  'O6,#N/A,2024-06-03,12,Summer',
  'O7,C3,2024-09-01,40,Autumn',
  'O8,C4,2024-09-02,41,Autumn',
  'O9,C5,2024-09-03,42,Autumn',
  'O10,C2,2024-03-01,8,Spring',
  'O11,C2,2024-03-02,9,Spring',
  'O12,C7,2024-10-01,5,',
  'O13,C3,2024-11-01,15,',
  'O14,C6,2024-12-01,25,',
].join('\r\n');

describe('before/after: the campaign with the most buyers', () => {
  it('is the same through the dictionary codes as through the strings (Summer, by hand)', () => {
    const columnar = csvBytesToGrid(Buffer.from(csv, 'utf8'), 'orders').grid!;
    const rows = { ...csvBytesToGrid(Buffer.from(csv, 'utf8'), 'orders').grid! };
    const a = ingestGrid(columnar),
      b = ingestGrid(rows);
    expect(columnCodes(a, 'Campaign')).not.toBeNull();
    expect(columnCodes(b, 'Campaign')).toBeNull();
    const asOf = common('2024-12-31');
    const ra = runBeforeAfter({ orders: a }, asOf),
      rb = runBeforeAfter({ orders: b }, asOf);
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
    expect(JSON.stringify(ra)).toContain('Summer');
    expect(JSON.stringify(ra)).not.toContain('Autumn');
  });
});
