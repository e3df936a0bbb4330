/**
 * Sheets with periods across their columns (a budget by month): the header is found even when Excel made
 * the period headers dates, they read as `2024-01`, and the sheet is unpivoted (tests/ingest/unpivot.test.ts has
 * the rest); asked not to unpivot, the message says which columns and what to do.
 * Serials by hand: 2024-01-01 = 45292, 2024-02-01 = 45323, 2024-03-01 = 45352 (Excel =DATE(2024,m,1)).
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { isPeriodHeaderCell } from '../../src/ingest/wide-periods.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

describe('periods across the columns', () => {
  it('text period headers (a .csv), not unpivoted: the sheet is named, with the period columns and how to unpivot them', () => {
    const grid = deepFreeze(
      gridOf('Budget', [
        ['channel', '2024-01', '2024-02', '2024-03', '2024-04'],
        ['Search', '10000', '12000', '11000', '9000'],
        ['Social', '8000', '8000', '9000', '9500'],
      ]),
    );
    // By default: 2 channels × 4 months.
    const long = ingestGrid(grid);
    expect(long.kind).toBe('budget');
    expect(long.table.numRows()).toBe(8);
    expect(long.diagnostics.map((x) => x.code)).toEqual(['wide-unpivoted']);
    const ds = ingestGrid(grid, { unpivot: false });
    expect(ds.kind).toBeNull();
    const d = ds.diagnostics.find((x) => x.code === 'wide-periods')!;
    expect(d.where).toEqual({ sheet: 'Budget' });
    expect(d.message.en).toContain('("2024-01", "2024-02", "2024-03", "…" in B:E)');
    expect(d.message.en).toContain('Unpivot Columns');
    expect(d.message['zh-CN']).toContain('逆透视列');
    expect(ds.diagnostics.map((x) => x.code)).not.toContain('kind-unrecognised');
  });

  it('date cells as headers (what Excel makes of a typed 2024-01) are a header row and read as months', () => {
    const values = [
      ['渠道', 45292, 45323, 45352],
      ['搜索', 10000, 12000, 11000],
      ['社交', 8000, 8000, 9000],
    ];
    const numberFormats = [
      ['General', 'yyyy-mm', 'yyyy-mm', 'mmm-yy'],
      ...Array(2).fill(['General', '#,##0', '#,##0', '#,##0']),
    ];
    const ds = ingestGrid(deepFreeze({ sheet: '预算', address: 'A1:D3', values, numberFormats }), { unpivot: false });
    expect(ds.columns.map((c) => c.header)).toEqual(['渠道', '2024-01', '2024-02', '2024-03']);
    expect(ds.headerRows).toEqual([1]);
    expect(ds.table.numRows()).toBe(2);
    expect(ds.diagnostics.map((x) => x.code)).toEqual(['wide-periods']);
    // Unpivoted: the months as the date cells show them, 2 channels × 3 months.
    const long = ingestGrid(deepFreeze({ sheet: '预算', address: 'A1:D3', values, numberFormats }));
    expect(long.table.array('月份')).toEqual(['2024-01', '2024-02', '2024-03', '2024-01', '2024-02', '2024-03']);
    // A day format keeps the day.
    const daily = ingestGrid(
      deepFreeze({
        sheet: 'D',
        address: 'A1:C2',
        values: [
          ['channel', 45292, 45293],
          ['Search', 1, 2],
        ],
        numberFormats: [
          ['General', 'yyyy-mm-dd', 'yyyy-mm-dd'],
          ['General', 'General', 'General'],
        ],
      }),
      { unpivot: false },
    );
    expect(daily.columns.map((c) => c.header)).toEqual(['channel', '2024-01-01', '2024-01-02']);
  });

  it('years typed as numbers over amounts are a header row (a budget by year)', () => {
    const values = [
      ['渠道', 2024, 2025],
      ['搜索', 120000, 130000],
      ['社交', 80000, 90000],
    ];
    const ds = ingestGrid(deepFreeze({ sheet: '年度预算', address: 'A1:C3', values }));
    expect(ds.headerRows).toEqual([1]);
    expect(ds.columns.map((c) => c.header)).toEqual(['渠道', '年度', '预算']);
    expect(ds.table.objects()).toEqual([
      { 渠道: '搜索', 年度: '2024', 预算: 120000 },
      { 渠道: '搜索', 年度: '2025', 预算: 130000 },
      { 渠道: '社交', 年度: '2024', 预算: 80000 },
      { 渠道: '社交', 年度: '2025', 预算: 90000 },
    ]);
    // Years over years (a table of order years without its header) stay data.
    const data = ingestGrid(
      deepFreeze({
        sheet: 'T',
        address: 'A1:C2',
        values: [
          ['a', 2020, 2021],
          ['b', 2022, 2023],
        ],
      }),
    );
    expect(data.headerRows).toEqual([]);
    expect(data.table.numRows()).toBe(2);
  });

  it('rows of dates over dates are data, not a header (a touchpoints sheet without its header row)', () => {
    const values = [
      ['C1', 'email', 45292, 45293],
      ['C2', 'sms', 45300, 45301],
      ['C3', 'email', 45310, 45312],
    ];
    const numberFormats = values.map(() => ['General', 'General', 'yyyy-mm-dd', 'yyyy-mm-dd']);
    const ds = ingestGrid(deepFreeze({ sheet: 'T', address: 'A1:D3', values, numberFormats }));
    expect(ds.headerRows).toEqual([]);
    expect(ds.table.numRows()).toBe(3);
    expect(ds.diagnostics.map((x) => x.code)).not.toContain('wide-periods');
  });

  it('recognises the usual ways of writing a period, and not other headers', () => {
    for (const h of [
      '2024-01',
      '2024/1',
      '2024年1月',
      '01/2024',
      'Jan 2024',
      'Jan-24',
      'January',
      '1月',
      'Q1',
      '2024 Q1',
      'Q1 2024',
      '1季度',
      '一季度',
      '一月',
      '十二月',
      'FY2024',
      '2024',
    ]) {
      expect(isPeriodHeaderCell(h, 'General'), h).toBe(true);
    }
    for (const h of ['channel', 'amount', 'Q1 target', '2024 revenue', 'Janet', 'C001']) {
      expect(isPeriodHeaderCell(h, 'General'), h).toBe(false);
    }
    expect(isPeriodHeaderCell(45292, 'yyyy-mm')).toBe(true);
    expect(isPeriodHeaderCell(2024, 'General')).toBe(true);
    expect(isPeriodHeaderCell(45292, 'General')).toBe(false);
  });
});
