/**
 * Total rows and columns are never counted: labelled totals anywhere, pivot subtotals, an export's unlabelled
 * summary row, and total columns. Each expected row number is read off the grid written in the test (Excel rows
 * are 1-based, the grid starts at A1).
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { isTotalLabel } from '../../src/ingest/totals.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

function ingest(rows: CellValue[][], extra: Partial<CellGrid> = {}) {
  const grid = deepFreeze(gridOf('Sheet1', rows, extra));
  const before = structuredClone(grid);
  const ds = ingestGrid(grid);
  expect(grid).toEqual(before);
  return ds;
}
const diag = (ds: ReturnType<typeof ingestGrid>, code: string) => ds.diagnostics.find((d) => d.code === code);
const sum = (ds: ReturnType<typeof ingestGrid>, name: string) =>
  (ds.table.array(name) as (number | null)[]).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('total labels', () => {
  it.each([
    'Total',
    'Total:',
    'Total: Account',
    'Total: Search',
    'Total: Campaigns',
    'Grand total',
    'Subtotal',
    '合计',
    '总计',
    '小计',
    '合计：华东',
    '总计（元）',
    'Total - Search',
    // Blank around the label (trimmed first): spaces, a tab, a no-break space, an ideographic space.
    '  Total ',
    '\tGrand total',
    'Subtotal\u00a0',
    '\u3000合计\u3000',
  ])('%s labels a total', (label) => {
    expect(isTotalLabel(label)).toBe(true);
  });
  it.each([
    'Total Wine',
    'Totally Fit',
    'Summer sale',
    'Search',
    '合计划',
    'Total spend on search ads this month',
    'O0000001',
    'T-1',
    ' S1 ',
  ])('%s does not', (label) => {
    expect(isTotalLabel(label)).toBe(false);
  });
});

describe('total rows', () => {
  it('leaves out Google Ads total rows under a title, each named with its row', () => {
    // Layout of a Google Ads campaign report download: report title, date range, header, campaigns, then
    // "Total: …" rows with "--" in the label columns.
    const ds = ingest([
      ['Campaign report'],
      ['June 1, 2024 - June 30, 2024'],
      ['Campaign', 'Campaign type', 'Cost', 'Clicks'],
      ['Brand', 'Search', '120.50', '300'],
      ['Generic', 'Search', '80.25', '150'],
      ['Remarketing', 'Display', '40.00', '90'],
      ['Total: Account', '--', '240.75', '540'],
      ['Total: Search', '--', '200.75', '450'],
      ['Total: Display', '--', '40.00', '90'],
      ['Total: Campaigns', '--', '240.75', '540'],
    ]);
    expect(ds.rowNumbers).toEqual([4, 5, 6]);
    // 120.50 + 80.25 + 40.00: the three campaigns only.
    expect(sum(ds, 'Cost')).toBeCloseTo(240.75, 9);
    const d = diag(ds, 'total-rows-excluded')!;
    expect(d.where).toMatchObject({ sheet: 'Sheet1', rows: [7, 8, 9, 10], count: 4 });
    expect(d.message.en).toContain('Total: Account');
  });

  it('leaves out subtotal rows in the middle of a table with a warning naming them', () => {
    const ds = ingest([
      ['Channel', 'Campaign', 'Spend'],
      ['Search', 'Brand', 100],
      ['Search', 'Generic', 50],
      ['Total: Search', '', 150],
      ['Social', 'Launch', 70],
      ['小计', '', 70],
      ['Video', 'Teaser', 30],
    ]);
    expect(ds.rowNumbers).toEqual([2, 3, 5, 7]);
    expect(sum(ds, 'Spend')).toBe(250); // 100 + 50 + 70 + 30
    expect(diag(ds, 'subtotal-rows-excluded')).toMatchObject({
      severity: 'warning',
      where: { rows: [4, 6], count: 2 },
    });
  });

  it('leaves out pivot-table subtotals ("Search Total") whose prefix is a value of the column', () => {
    const ds = ingest([
      ['Channel', 'Campaign', 'Spend'],
      ['Search', 'Brand', 100],
      ['Search', 'Generic', 50],
      ['Search Total', '', 150],
      ['Social', 'Launch', 70],
      ['Social Total', '', 70],
      ['Grand Total', '', 220],
    ]);
    expect(ds.rowNumbers).toEqual([2, 3, 5]);
    expect(diag(ds, 'subtotal-rows-excluded')?.where).toMatchObject({ rows: [4] });
    expect(diag(ds, 'total-rows-excluded')?.where).toMatchObject({ rows: [6, 7] });
  });

  it('keeps a label ending in "Total" that is no other row\'s value', () => {
    const ds = ingest([
      ['Product', 'Amount'],
      ['Face Total', 10],
      ['Hair Care', 5],
      ['Body Care', 7],
    ]);
    expect(ds.table.numRows()).toBe(3);
  });

  it("leaves out an export's unlabelled summary row whose numbers are the sums", () => {
    // Meta Ads Manager's "summary row": dates filled, campaign name blank, sums of the rows below
    // (reach is de-duplicated there, so it is not a sum; spend and impressions are).
    const ds = ingest([
      ['Reporting starts', 'Reporting ends', 'Campaign name', 'Reach', 'Impressions', 'Amount spent (USD)'],
      ['2024-06-01', '2024-06-30', '', 5000, 9100, 330.5],
      ['2024-06-01', '2024-06-30', 'Launch', 3000, 5000, 200.25],
      ['2024-06-01', '2024-06-30', 'Retarget', 2600, 4100, 130.25],
      ['2024-06-01', '2024-06-30', 'Video', 100, 0, 0],
    ]);
    expect(ds.rowNumbers).toEqual([3, 4, 5]);
    expect(diag(ds, 'summary-row-excluded')?.where).toMatchObject({ rows: [2], count: 1 });
  });

  it('keeps a first row with a blank label when its numbers are not the sums', () => {
    const ds = ingest([
      ['Customer', 'Amount', 'Quantity'],
      ['', 12, 1],
      ['Ann', 5, 2],
      ['Bob', 7, 3],
    ]);
    expect(ds.table.numRows()).toBe(3);
    expect(diag(ds, 'summary-row-excluded')).toBeUndefined();
  });
});

describe('total columns', () => {
  it('leaves out a 合计 column and a 合计 row of a budget kept by finance, under a title row', () => {
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
    const rows: CellValue[][] = [['2024 年营销预算（元）'], ['渠道', ...months, '合计']];
    const channels: [string, number][] = [
      ['搜索', 1000],
      ['信息流', 2000],
      ['短视频', 1500],
    ];
    for (const [ch, base] of channels) {
      const vals = months.map((_, i) => base + i * 10);
      rows.push([ch, ...vals, vals.reduce((a, b) => a + b, 0)]);
    }
    const colSums = months.map((_, i) => channels.reduce((a, [, base]) => a + base + i * 10, 0));
    rows.push(['合计', ...colSums, colSums.reduce((a, b) => a + b, 0)]);
    const ds = ingest(rows);
    // Unpivoted (tests/ingest/unpivot.test.ts): one row per channel and month, channels from sheet rows 3–5.
    expect(ds.columns.map((c) => c.header)).toEqual(['渠道', '月份', '预算']);
    expect(ds.rowNumbers).toEqual([3, 4, 5].flatMap((r) => Array<number>(12).fill(r)));
    expect(diag(ds, 'total-column-excluded')?.where).toMatchObject({ column: '合计', columnLetter: 'N' });
    expect(diag(ds, 'total-rows-excluded')?.where).toMatchObject({ rows: [6] });
  });

  it('leaves out a Total column holding the row sums of the other number columns', () => {
    const ds = ingest([
      ['Region', 'Online', 'Retail', 'Total'],
      ['North', 10.5, 20, 30.5],
      ['South', 7, 8.25, 15.25],
      ['East', 1, 2, 3],
    ]);
    expect(ds.columns.map((c) => c.header)).toEqual(['Region', 'Online', 'Retail']);
    expect(diag(ds, 'total-column-excluded')?.where).toMatchObject({ columnLetter: 'D' });
  });

  it("keeps an order's Total column (Shopify), which is no row sum and has no periods beside it", () => {
    const ds = ingest([
      ['Name', 'Email', 'Subtotal', 'Shipping', 'Discount Amount', 'Total'],
      ['#1001', 'a@x.com', 50, 5, 10, 45],
      ['#1002', 'b@x.com', 20, 5, 0, 25],
      ['#1003', 'c@x.com', 30, 0, 5, 25],
    ]);
    expect(ds.columns.map((c) => c.header)).toContain('Total');
    expect(diag(ds, 'total-column-excluded')).toBeUndefined();
  });
});
