/** Finding the table in a grid: blanks, titles, headers, totals, names. Row numbers are Excel's. */
import { describe, expect, it } from 'vitest';
import { ingestGrid, IngestUsageError } from '../../src/ingest/index.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

function ingest(rows: CellValue[][], extra: Partial<CellGrid> & { origin?: string } = {}) {
  const grid = deepFreeze(gridOf('Sheet1', rows, extra));
  const before = structuredClone(grid);
  const ds = ingestGrid(grid);
  expect(grid).toEqual(before);
  return ds;
}
const codes = (ds: ReturnType<typeof ingestGrid>) => ds.diagnostics.map((d) => d.code);

describe('empty input', () => {
  it('an empty grid gives an empty dataset and one error', () => {
    const ds = ingest([]);
    expect(ds.table.numRows()).toBe(0);
    expect(ds.columns).toEqual([]);
    expect(ds.diagnostics).toHaveLength(1);
    expect(ds.diagnostics[0]).toMatchObject({ code: 'empty-sheet', severity: 'error', where: { sheet: 'Sheet1' } });
    expect(ds.diagnostics[0].message['zh-CN']).toContain('没有数据');
  });
  it('a grid of blanks is empty too', () => {
    const ds = ingest([
      [null, '', '  '],
      ['', null, '\u3000'],
    ]);
    expect(codes(ds)).toEqual(['empty-sheet']);
  });
  it('a header without rows says so', () => {
    const ds = ingest([['Customer', 'Amount']]);
    expect(ds.table.numRows()).toBe(0);
    expect(ds.columns.map((c) => c.name)).toEqual(['Customer', 'Amount']);
    expect(codes(ds)).toContain('no-data-rows');
  });
  it('one data row is a table', () => {
    const ds = ingest([
      ['Name', 'Amount'],
      ['Ann', 3],
    ]);
    expect(ds.table.objects()).toEqual([{ Name: 'Ann', Amount: 3 }]);
    expect(ds.rowNumbers).toEqual([2]);
  });
});

describe('blank leading rows and columns, titles', () => {
  it('skips them and keeps Excel row numbers and letters', () => {
    const ds = ingest(
      [
        ['', '', ''],
        ['', 'Name', 'Amount'],
        ['', 'Ann', 3],
        ['', 'Bob', 4],
      ],
      { origin: 'C5' },
    );
    expect(ds.headerRows).toEqual([6]);
    expect(ds.rowNumbers).toEqual([7, 8]);
    expect(ds.columns.map((c) => c.letter)).toEqual(['D', 'E']);
    expect(ds.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
  it('skips a title and a spacer row above the header, with an info naming them', () => {
    const ds = ingest([
      ['Sales report Q2', '', ''],
      ['', '', ''],
      ['Name', 'Channel', 'Amount'],
      ['Ann', 'Email', 3],
      ['Bob', 'Email', 4],
    ]);
    expect(ds.headerRows).toEqual([3]);
    expect(ds.columns.map((c) => c.name)).toEqual(['Name', 'Channel', 'Amount']);
    const d = ds.diagnostics.find((x) => x.code === 'rows-above-header')!;
    expect(d.where?.rows).toEqual([1]);
    expect(d.severity).toBe('info');
  });
  it('names columns after their letters when there is no header', () => {
    const ds = ingest(
      [
        [1, 2],
        [3, 4],
      ],
      { origin: 'B2' },
    );
    expect(ds.columns.map((c) => c.name)).toEqual(['Column B', 'Column C']);
    expect(ds.headerRows).toEqual([]);
    expect(ds.rowNumbers).toEqual([2, 3]);
    expect(codes(ds)).toContain('no-header');
  });
});

describe('two-row headers', () => {
  it('merges a group row (merged cells: value, then blanks) with the sub-header row', () => {
    const ds = ingest([
      ['Channel', 'Q1', '', 'Q2', ''],
      ['', 'Spend', 'Clicks', 'Spend', 'Clicks'],
      ['Email', 100, 10, 120, 12],
      ['Search', 200, 20, 220, 22],
    ]);
    expect(ds.columns.map((c) => c.header)).toEqual([
      'Channel',
      'Q1 / Spend',
      'Q1 / Clicks',
      'Q2 / Spend',
      'Q2 / Clicks',
    ]);
    expect(ds.headerRows).toEqual([1, 2]);
    expect(ds.rowNumbers).toEqual([3, 4]);
    expect(codes(ds)).toContain('two-row-header');
  });
  it('does not merge a header with a first data row of text', () => {
    const ds = ingest([
      ['Name', 'City', ''],
      ['Ann', 'Paris', 'x'],
      ['Bob', 'Paris', 'y'],
      ['Cy', 'Oslo', 'x'],
    ]);
    expect(ds.headerRows).toEqual([1]);
    expect(ds.table.numRows()).toBe(3);
  });
});

describe('blank rows, totals, subtotals', () => {
  it('drops fully blank rows inside the table with an info listing them', () => {
    const ds = ingest([
      ['Name', 'Amount'],
      ['Ann', 1],
      ['', ''],
      ['Bob', 2],
      [null, null],
      ['Cy', 3],
    ]);
    expect(ds.rowNumbers).toEqual([2, 4, 6]);
    const d = ds.diagnostics.find((x) => x.code === 'blank-rows-dropped')!;
    expect(d.where).toMatchObject({ rows: [3, 5], count: 2 });
  });
  it.each(['Total', 'Grand Total', '合计', '总计', '小计', 'TOTAL:', '合计：'])(
    'excludes a trailing %s row',
    (label) => {
      const ds = ingest([
        ['Name', 'Amount'],
        ['Ann', 1],
        ['Bob', 2],
        [label, 3],
      ]);
      expect(ds.table.numRows()).toBe(2);
      const d = ds.diagnostics.find((x) => x.code === 'total-rows-excluded')!;
      expect(d.where?.rows).toEqual([4]);
    },
  );
  it('excludes several trailing total rows and a label in a later column', () => {
    const ds = ingest([
      ['Region', 'Name', 'Amount'],
      ['N', 'Ann', 1],
      ['S', 'Bob', 2],
      ['', 'Subtotal', 3],
      ['', 'Grand Total', 3],
    ]);
    expect(ds.rowNumbers).toEqual([2, 3]);
    expect(ds.diagnostics.find((x) => x.code === 'total-rows-excluded')?.where).toMatchObject({
      rows: [4, 5],
      count: 2,
    });
  });
  it('excludes subtotal rows inside the table with a warning', () => {
    const ds = ingest([
      ['Name', 'Amount'],
      ['Ann', 1],
      ['小计', 1],
      ['Bob', 2],
      ['Cy', 3],
    ]);
    expect(ds.rowNumbers).toEqual([2, 4, 5]);
    expect(ds.diagnostics.find((x) => x.code === 'subtotal-rows-excluded')).toMatchObject({
      severity: 'warning',
      where: { rows: [3] },
    });
  });
  it('keeps a value that merely contains the word total', () => {
    const ds = ingest([
      ['Store', 'Amount'],
      ['Total Wine', 1],
      ['Totally Fit', 2],
    ]);
    expect(ds.table.numRows()).toBe(2);
  });
});

describe('header names', () => {
  it('makes duplicate and empty names unique, and says so', () => {
    const ds = ingest([
      ['Amount', 'amount', '', 'Amount'],
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(ds.columns.map((c) => c.name)).toEqual(['Amount', 'amount (2)', 'Column C', 'Amount (3)']);
    expect(ds.columns.map((c) => c.header)).toEqual(['Amount', 'amount', '', 'Amount']);
    expect(ds.table.columnNames()).toEqual(['Amount', 'amount (2)', 'Column C', 'Amount (3)']);
    expect(codes(ds).filter((c) => c.startsWith('header-'))).toEqual([
      'header-empty',
      'header-duplicate',
      'header-duplicate',
    ]);
    const dup = ds.diagnostics.find((d) => d.code === 'header-duplicate')!;
    expect(dup.where).toMatchObject({ column: 'amount (2)', columnLetter: 'B' });
  });
  it('drops a blank column inside the table', () => {
    const ds = ingest([
      ['Name', '', 'Amount'],
      ['Ann', '', 1],
      ['Bob', null, 2],
    ]);
    expect(ds.columns.map((c) => [c.name, c.letter])).toEqual([
      ['Name', 'A'],
      ['Amount', 'C'],
    ]);
    expect(ds.diagnostics.find((d) => d.code === 'blank-column-dropped')?.where?.columnLetter).toBe('B');
  });
});

describe('jagged rows and misuse', () => {
  it('reads missing cells of short rows as blank, with a warning', () => {
    const grid = deepFreeze({
      sheet: 'S',
      address: 'A1:C3',
      values: [
        ['A', 'B', 'C'],
        [1, 2],
        [4, 5, 6],
      ],
    });
    const ds = ingestGrid(grid);
    expect(ds.table.objects()).toEqual([
      { A: 1, B: 2, C: null },
      { A: 4, B: 5, C: 6 },
    ]);
    expect(ds.diagnostics.find((d) => d.code === 'jagged-rows')?.where?.rows).toEqual([2]);
  });
  it('throws typed errors only for programmer misuse', () => {
    expect(() => ingestGrid(null as unknown as CellGrid)).toThrow(IngestUsageError);
    expect(() => ingestGrid({ sheet: 'S', address: 'A1' } as unknown as CellGrid)).toThrow(IngestUsageError);
    expect(() => ingestGrid({ sheet: 'S', address: 'A1', values: [] }, { sheetKindHint: 'nope' as never })).toThrow(
      IngestUsageError,
    );
  });
});
