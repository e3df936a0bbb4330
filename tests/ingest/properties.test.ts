/**
 * Property-based tests over random malformed grids (fast-check, fixed seed): ingest never throws,
 * never changes its input, returns a consistent Dataset, and every diagnostic points at real cells.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnLetter, ingestGrid, EXCEL_ERRORS } from '../../src/ingest/index.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { deepFreeze, gridBounds } from './helpers/csv.js';

const errors = [...EXCEL_ERRORS];
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<CellValue>(null, '', ' ', '\u3000') },
  { weight: 3, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) },
  { weight: 2, arbitrary: fc.double({ noDefaultInfinity: false, noNaN: false }) },
  { weight: 2, arbitrary: fc.constantFrom(...errors) },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '2024-06-18',
      '18/06/2024',
      '06/18/2024',
      '2024年6月18日',
      '2024/6/18 10:30',
      '$1,234.50',
      '(1,234)',
      '1.234,56',
      '12%',
      '¥5',
      '00123',
      'TRUE',
      '是',
      '否',
      'N',
      'Total',
      '合计',
      '小计',
      'Grand Total',
      '-',
      'N/A',
      'Email',
      'Search',
      '抖音',
      '客户ID',
      '金额',
      'Order Date',
      'Amount',
      'Customer ID',
      'Qty',
      'Unit Price',
      '1.2万',
      '19970101',
      '#',
      '=SUM(A1)',
      '😀 emoji',
      'a\nb',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** Random grids: jagged rows, a header-ish first row or a merged group header, an offset address. */
const grid: fc.Arbitrary<CellGrid> = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 25 }),
    header: fc.option(
      fc.array(fc.constantFrom('Amount', 'Amount', '', 'Date', '客户ID', 'Q1', 'Spend'), {
        minLength: 1,
        maxLength: 7,
      }),
    ),
    col: fc.integer({ min: 0, max: 30 }),
    row: fc.integer({ min: 1, max: 1000 }),
    formats: fc.boolean(),
    date1904: fc.boolean(),
    fmt: fc.constantFrom('General', 'yyyy-mm-dd', '0.00%', '"$"#,##0.00', '000000', 'm/d/yyyy h:mm', '@'),
  })
  .map(({ rows, header, col, row, formats, date1904, fmt }) => {
    const values: CellValue[][] = header ? [header, ...rows] : rows;
    const width = values.reduce((w, r) => Math.max(w, r.length), 1);
    const g: CellGrid = {
      sheet: 'Fuzz',
      address: `${columnLetter(col)}${row}:${columnLetter(col + width - 1)}${row + Math.max(values.length, 1) - 1}`,
      values,
      date1904,
    };
    if (formats) g.numberFormats = values.map((r) => r.map(() => fmt));
    return g;
  });

describe('ingestGrid on random malformed grids', () => {
  it('never throws, never changes its input, and stays consistent', () => {
    fc.assert(
      fc.property(grid, (g) => {
        const before = structuredClone(g);
        deepFreeze(g);
        const ds = ingestGrid(g);
        expect(g).toEqual(before);
        const { firstRow, lastRow, letters } = gridBounds(g);
        const names = new Set(ds.columns.map((c) => c.name));
        expect(names.size).toBe(ds.columns.length);
        expect(ds.table.numRows()).toBe(ds.rowNumbers.length);
        expect(ds.table.columnNames()).toEqual(ds.columns.map((c) => c.name));
        for (const r of [...ds.rowNumbers, ...ds.headerRows]) expect(r >= firstRow && r <= lastRow).toBe(true);
        for (const c of ds.columns) {
          if (c.letter !== '') expect(letters.has(c.letter)).toBe(true);
          // no NaN or Infinity in the table: nulls instead
          for (const v of ds.table.array(c.name) as Iterable<unknown>) {
            if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
          }
          expect(c.roleConfidence >= 0 && c.roleConfidence <= 1).toBe(true);
        }
        for (const d of ds.diagnostics) {
          expect(d.message.en).not.toBe('');
          expect(d.message['zh-CN']).not.toBe('');
          const w = d.where;
          if (!w) continue;
          expect(w.sheet).toBe('Fuzz');
          if (w.columnLetter !== undefined) expect(letters.has(w.columnLetter)).toBe(true);
          if (w.column !== undefined && w.columnLetter !== undefined) {
            const info = ds.columns.find((c) => c.name === w.column);
            if (info) expect(info.letter).toBe(w.columnLetter);
          }
          if (w.rows) {
            expect(w.rows.length).toBeLessThanOrEqual(5);
            expect(w.count ?? w.rows.length).toBeGreaterThanOrEqual(w.rows.length);
            for (const r of w.rows) expect(Number.isInteger(r) && r >= firstRow && r <= lastRow).toBe(true);
          }
        }
      }),
      { seed: 20240618, numRuns: 400 },
    );
  });

  it('reports an empty sheet, never throws, for grids of blanks and errors only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom<CellValue>(null, '', '  '), { maxLength: 5 }), { maxLength: 10 }),
        (rows) => {
          const ds = ingestGrid(deepFreeze({ sheet: 'S', address: 'A1', values: rows }));
          expect(ds.table.numRows()).toBe(0);
          expect(ds.diagnostics[0].code).toBe('empty-sheet');
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
