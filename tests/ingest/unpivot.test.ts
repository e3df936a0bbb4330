/**
 * Wide tables unpivoted by ingest (src/ingest/unpivot.ts): a budget kept by finance (title row, months across the
 * columns, a total column, a total row) becomes one row per channel and month. Every expected figure is read off
 * the grid written in the test: Excel rows are 1-based and the grids start at A1, so the header row of a sheet with
 * a title row and a blank row is row 3, its first channel row 4; column A holds the channel, B–M the months.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid, type IngestOptions } from '../../src/ingest/index.js';
import { parsePeriodHeader, yearsInCell } from '../../src/ingest/wide-periods.js';
import { where } from '../../src/analysis/common/diagnostics.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { deepFreeze } from './helpers/csv.js';

const MONTHS_ZH = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const CHANNELS = ['搜索', '信息流', '社交', '短视频', '电商', '线下'];
/** Budget of channel k in month m (1-based): a plain formula, so the test can recompute every cell. */
const budgetOf = (k: number, m: number): number => 10_000 * (k + 1) + 250 * m;

/** Ingest rows padded to one width with blanks, as a host reads a sheet's used range. */
function ingest(rows: CellValue[][], extra: Partial<CellGrid> = {}, options: IngestOptions = {}) {
  const width = Math.max(...rows.map((r) => r.length));
  const values = rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill(null)]);
  const grid = deepFreeze({ sheet: '预算', address: 'A1', values, ...extra });
  const before = structuredClone(grid);
  const ds = ingestGrid(grid, options);
  expect(grid).toEqual(before);
  return ds;
}
const codes = (ds: ReturnType<typeof ingestGrid>) => ds.diagnostics.map((d) => d.code);
const diag = (ds: ReturnType<typeof ingestGrid>, code: string) => ds.diagnostics.find((d) => d.code === code)!;

/** 2024年营销预算 / blank / 渠道 | 1月 … 12月 | 合计 / six channels / 合计. */
function financeBudget(title = '2024年营销预算'): CellValue[][] {
  const rows: CellValue[][] = [[title], [], ['渠道', ...MONTHS_ZH, '合计']];
  CHANNELS.forEach((ch, k) => {
    const months = MONTHS_ZH.map((_, i) => budgetOf(k, i + 1));
    rows.push([ch, ...months, months.reduce((a, b) => a + b, 0)]);
  });
  const colSums = MONTHS_ZH.map((_, i) => CHANNELS.reduce((a, _c, k) => a + budgetOf(k, i + 1), 0));
  rows.push(['合计', ...colSums, colSums.reduce((a, b) => a + b, 0)]);
  return rows;
}

describe('a budget kept by finance, months across the columns', () => {
  it('becomes one row per channel and month of the title year, total column and total row left out', () => {
    const ds = ingest(financeBudget());
    expect(ds.kind).toBe('budget');
    expect(ds.columns.map((c) => [c.header, c.role])).toEqual([
      ['渠道', 'channel'],
      ['月份', 'period'],
      ['预算', 'amount'],
    ]);
    // 6 channels × 12 months, channel by channel in sheet order.
    const expected = CHANNELS.flatMap((ch, k) =>
      MONTHS_ZH.map((_, i) => ({ 渠道: ch, 月份: `2024-${String(i + 1).padStart(2, '0')}`, 预算: budgetOf(k, i + 1) })),
    );
    expect(ds.table.objects()).toEqual(expected);
    // Each value traceable: channel k sits on sheet row 4 + k, month m in column B + m − 1.
    expect(ds.rowNumbers).toEqual(CHANNELS.flatMap((_, k) => Array<number>(12).fill(4 + k)));
    expect(ds.unpivot).toMatchObject({ valueColumn: '预算', periodColumn: '月份', headerRow: 3, headerRange: 'B3:M3' });
    expect(ds.unpivot!.sourceLetters.slice(0, 13)).toEqual([
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      'I',
      'J',
      'K',
      'L',
      'M',
      'B',
    ]);
    expect(codes(ds)).toEqual(['rows-above-header', 'total-rows-excluded', 'total-column-excluded', 'wide-unpivoted']);
    const info = diag(ds, 'wide-unpivoted');
    expect(info.severity).toBe('info');
    expect(info.message.en).toMatch(
      /^Sheet "预算" has months across its columns \(B3:M3\): read as 12 months × 6 channels\. The year 2024 comes from cell 预算!A1 \("2024年营销预算"\)\./,
    );
    expect(info.message['zh-CN']).toContain('已按 12 个月 × 6 个渠道读取');
    expect(diag(ds, 'total-rows-excluded').where).toMatchObject({ rows: [10] });
    expect(diag(ds, 'total-column-excluded').where).toMatchObject({ column: '合计', columnLetter: 'N' });
  });

  it('names the original cell of text in a number cell and of an Excel error', () => {
    const rows = financeBudget();
    // 社交 (sheet row 6), 5月 (column F) holds text; 电商 (row 8), 3月 (column D) an error.
    rows[5][5] = '待定';
    rows[7][3] = '#REF!';
    const ds = ingest(rows);
    const stray = diag(ds, 'stray-values');
    expect(stray.where).toMatchObject({ sheet: '预算', column: '5月', columnLetter: 'F', rows: [6], cells: ['F6'] });
    expect(stray.message.en).toContain('(cell 预算!F6)');
    expect(stray.message['zh-CN']).toContain('（单元格 预算!F6）');
    const error = diag(ds, 'excel-errors');
    expect(error.where).toMatchObject({ column: '3月', columnLetter: 'D', rows: [8], cells: ['D8'] });
    expect(error.message.en).toContain('预算!D8');
    // Both rows stay, their value blank, so an analysis can name the same cell.
    const i = ds.rowNumbers.findIndex((r, k) => r === 6 && ds.unpivot!.sourceLetters[k] === 'F');
    expect(ds.table.array('预算')[i]).toBeNull();
    const amount = ds.columns.find((c) => c.role === 'amount')!;
    expect(where(ds, amount, [i])).toMatchObject({ sheet: '预算', columnLetter: 'F', rows: [6], cells: ['F6'] });
    const period = ds.columns.find((c) => c.role === 'period')!;
    expect(where(ds, period, [i])).toMatchObject({ cells: ['F3'] });
  });

  it('writes a sheet name that needs quoting as Excel does in a cell reference', () => {
    const rows = financeBudget();
    rows[5][5] = '待定';
    const ds = ingest(rows, { sheet: "Budget '24" });
    expect(diag(ds, 'stray-values').message.en).toContain("(cell 'Budget ''24'!F6)");
  });

  it('warns, naming the row, when the total column does not add up to the months', () => {
    const rows = financeBudget();
    // 信息流 (sheet row 5): 合计 (N5) 100.00 more than its months.
    rows[4][13] = (rows[4][13] as number) + 100;
    const ds = ingest(rows);
    const d = diag(ds, 'wide-total-mismatch');
    expect(d.severity).toBe('warning');
    expect(d.where).toMatchObject({
      sheet: '预算',
      column: '合计',
      columnLetter: 'N',
      rows: [5],
      count: 1,
      cells: ['N5'],
    });
    // Months of 信息流 (k = 1): 12 × 20,000 + 250 × (1 + … + 12) = 240,000 + 19,500 = 259,500.
    expect(d.message.en).toContain('(total vs sum): "信息流" 259,600.00 vs 259,500.00');
    expect(d.message.en).toContain('(cell 预算!N5)');
    // The months are used, not the total.
    expect(ds.table.numRows()).toBe(72);
  });

  it('warns, naming the cells, when the total row does not add up to the channels', () => {
    const rows = financeBudget();
    // 合计 row (sheet row 10), 2月 (column C): 0.01 less than the six channels' February budgets.
    rows[9][2] = (rows[9][2] as number) - 0.01;
    const ds = ingest(rows);
    const d = diag(ds, 'wide-total-row-mismatch');
    expect(d.where).toMatchObject({ sheet: '预算', rows: [10], count: 1, cells: ['C10'] });
    // February of channel k is 10,000 × (k + 1) + 500: 210,000 + 3,000 = 213,000.00 for the six.
    expect(d.message.en).toContain('"2024-02" 212,999.99 vs 213,000.00 (cell 预算!C10)');
    expect(codes(ingest(financeBudget()))).not.toContain('wide-total-row-mismatch');
  });

  it('warns, naming the header cells, when no year can be found; periodYear gives it', () => {
    const ds = ingest(financeBudget('营销预算（元）'));
    const d = diag(ds, 'wide-year-missing');
    expect(d.severity).toBe('warning');
    expect(d.where).toMatchObject({ sheet: '预算', rows: [3], count: 12, cells: ['B3', 'C3', 'D3', 'E3', 'F3'] });
    expect(d.message.en).toContain('"1月", "2月", "3月"');
    expect(d.message.en).toContain('periodYear');
    // Kept as written: the budget analysis reads 1月 as January of its as-of year.
    expect(ds.table.array('月份').slice(0, 2)).toEqual(['1月', '2月']);
    const given = ingest(financeBudget('营销预算（元）'), {}, { periodYear: 2025 });
    expect(codes(given)).not.toContain('wide-year-missing');
    expect(given.table.array('月份').slice(0, 2)).toEqual(['2025-01', '2025-02']);
    // Given, the year wins over the title's.
    expect(ingest(financeBudget(), {}, { periodYear: 2025 }).table.array('月份')[0]).toBe('2025-01');
    // Two different years in the title row choose none.
    const two = ingest(financeBudget('2024年预算（2023年实际）'));
    expect(diag(two, 'wide-year-missing').message.en).toContain('(found: 2024, 2023)');
  });

  it('a fiscal year from April: months after December take the next year', () => {
    const months = ['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月'];
    const ds = ingest([['FY2024 预算'], ['渠道', ...months], ['搜索', ...months.map((_, i) => 100 + i)]]);
    expect(ds.table.array('月份')).toEqual([
      ...['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2024-${m}`),
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
  });
});

describe('other ways of writing the periods', () => {
  it('English months, a Total column and a Total row; a spend title reads as spend', () => {
    const months = ['Jan 2024', 'Feb 2024', 'Mar 2024'];
    const rows: CellValue[][] = [
      ['Ad spend by channel'],
      ['Channel', ...months, 'Total'],
      ['Search', 1200.5, 1300, 1250, 3750.5],
      ['Social', 800, 820.25, 790, 2410.25],
      ['Total', 2000.5, 2120.25, 2040, 6160.75],
    ];
    const ds = ingest(rows, { sheet: 'Spend' });
    expect(ds.kind).toBe('campaigns');
    expect(ds.columns.map((c) => [c.header, c.role])).toEqual([
      ['Channel', 'channel'],
      ['Month', 'period'],
      ['Spend', 'spend'],
    ]);
    expect(ds.table.array('Spend')).toEqual([1200.5, 1300, 1250, 800, 820.25, 790]);
    expect(ds.table.array('Month')).toEqual(['2024-01', '2024-02', '2024-03', '2024-01', '2024-02', '2024-03']);
    expect(diag(ds, 'wide-unpivoted').message.en).toContain(
      'Sheet "Spend" has months across its columns (B2:D2): read as 3 months × 2 channels.',
    );
    expect(codes(ds)).not.toContain('wide-total-mismatch');
  });

  it('months Excel turned into dates (serials shown as mmm-yy), the year in the cells themselves', () => {
    // Excel =DATE(2024,1,1) = 45292, =DATE(2024,2,1) = 45323, =DATE(2024,3,1) = 45352.
    const values: CellValue[][] = [
      ['Channel', 45292, 45323, 45352],
      ['Search', 10, 20, 30],
      ['Video', 5, 6, 7],
    ];
    const numberFormats = [['General', 'mmm-yy', 'mmm-yy', 'mmm-yy'], ...Array(2).fill(Array(4).fill('General'))];
    const ds = ingest(values, { sheet: 'Budget', numberFormats });
    expect(ds.table.objects()[0]).toEqual({ Channel: 'Search', Month: '2024-01', Budget: 10 });
    expect(ds.table.array('Month').slice(0, 3)).toEqual(['2024-01', '2024-02', '2024-03']);
    // Date cells on the 1st of each month in a day format (what a writer without a month format leaves) are months too.
    const daily = ingest(values, {
      sheet: 'Budget',
      numberFormats: [
        ['General', 'yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy-mm-dd'],
        ...Array(2).fill(Array(4).fill('General')),
      ],
    });
    expect(daily.table.array('Month').slice(0, 3)).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('quarters written as Q1 2024, 2024Q1 and 一季度 (the year from the title)', () => {
    const q1 = ingest(
      [
        ['Channel', 'Q1 2024', 'Q2 2024'],
        ['Search', 1, 2],
      ],
      { sheet: 'Q' },
    );
    expect(q1.table.array('Quarter')).toEqual(['2024-Q1', '2024-Q2']);
    const q2 = ingest(
      [
        ['Channel', '2024Q1', '2024Q2'],
        ['Search', 1, 2],
      ],
      { sheet: 'Q' },
    );
    expect(q2.table.array('Quarter')).toEqual(['2024-Q1', '2024-Q2']);
    const zh = ingest([['2024年季度预算'], ['渠道', '一季度', '二季度', '三季度', '四季度'], ['搜索', 1, 2, 3, 4]]);
    expect(zh.table.array('季度')).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(diag(zh, 'wide-unpivoted').message.en).toContain('read as 4 quarters × 1 channel');
  });

  it('months as 2024-01 text with quarter subtotal columns: the subtotals are left out and checked', () => {
    const ds = ingest([
      ['渠道', '2024-01', '2024-02', '2024-03', '一季度', '2024-04'],
      ['搜索', 100, 200, 300, 600, 50],
      ['社交', 10, 20, 30, 99, 5],
    ]);
    expect(ds.table.array('月份')).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
    ]);
    expect(diag(ds, 'total-column-excluded').where).toMatchObject({ column: '一季度', columnLetter: 'E' });
    // 社交 (row 3): 10 + 20 + 30 = 60, not 99.
    expect(diag(ds, 'wide-total-mismatch').where).toMatchObject({ column: '一季度', rows: [3], cells: ['E3'] });
  });

  it('a number column that names no period is left out; blank cells make no rows', () => {
    const ds = ingest([
      ['渠道', '负责人', '年度目标', '2024-01', '2024-02'],
      ['搜索', '王', 5000, 100, null],
      ['社交', '李', 3000, 10, 20],
    ]);
    expect(ds.columns.map((c) => c.header)).toEqual(['渠道', '负责人', '月份', '预算']);
    expect(ds.table.numRows()).toBe(3);
    expect(diag(ds, 'wide-column-left-out').where).toMatchObject({ column: '年度目标', columnLetter: 'C' });
  });

  it('the same month twice (Budget / Actual groups) is not one measure: not unpivoted', () => {
    const ds = ingest([
      ['Channel', 'Budget', null, 'Actual', null],
      [null, 'Jan 2024', 'Feb 2024', 'Jan 2024', 'Feb 2024'],
      ['Search', 1, 2, 3, 4],
      ['Social', 1, 2, 3, 4],
    ]);
    expect(ds.unpivot).toBeUndefined();
  });
});

describe('period headers', () => {
  it('read the month, quarter or year each names', () => {
    expect(parsePeriodHeader('2024年3月')).toEqual({ grain: 'month', year: 2024, n: 3 });
    expect(parsePeriodHeader('03/2024')).toEqual({ grain: 'month', year: 2024, n: 3 });
    expect(parsePeriodHeader("Mar '24")).toEqual({ grain: 'month', year: 2024, n: 3 });
    expect(parsePeriodHeader('2024 March')).toEqual({ grain: 'month', year: 2024, n: 3 });
    expect(parsePeriodHeader('March')).toEqual({ grain: 'month', year: null, n: 3 });
    expect(parsePeriodHeader('十一月')).toEqual({ grain: 'month', year: null, n: 11 });
    expect(parsePeriodHeader('第三季度')).toEqual({ grain: 'quarter', year: null, n: 3 });
    expect(parsePeriodHeader('2024年第三季度')).toEqual({ grain: 'quarter', year: 2024, n: 3 });
    expect(parsePeriodHeader('FY2024')).toEqual({ grain: 'year', year: 2024, n: 0 });
    expect(parsePeriodHeader('13月')).toBeNull();
    expect(parsePeriodHeader('渠道')).toBeNull();
  });

  it('find stand-alone years in a title, not parts of longer numbers', () => {
    expect(yearsInCell('2024年营销预算')).toEqual([2024]);
    expect(yearsInCell('Budget FY2024 v2')).toEqual([2024]);
    expect(yearsInCell('单号 120245')).toEqual([]);
    expect(yearsInCell(2025)).toEqual([2025]);
    expect(yearsInCell(45292)).toEqual([]);
  });
});
