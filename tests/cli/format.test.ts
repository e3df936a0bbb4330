/**
 * Where the command line says a diagnostic points: the rows of an ordinary sheet, and the original cells of
 * values Loopbook unpivoted from a wide sheet (src/types.ts `Where.cells`), never the unpivoted table's rows.
 * The sheet below is hand-made: 2月 of 巨量引擎 is cell C5 ("n/a"), the month headers are B3:D3.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/ingest-grid.js';
import { budgetVsActual } from '../../src/analysis/finance/budget-vs-actual/index.js';
import { formatDiagnostic } from '../../src/cli/format.js';
import type { CellValue, Diagnostic } from '../../src/types.js';
import { serial } from '../analysis/helpers.js';

const WIDE: CellValue[][] = [
  ['2024年营销预算', null, null, null, null],
  [null, null, null, null, null],
  ['渠道', '1月', '2月', '3月', '合计'],
  ['百度推广', 1000, 2000, 3000, 6000],
  ['巨量引擎', 500, 'n/a', 700, 1200],
];

describe('diagnostic locations on the command line', () => {
  const ds = ingestGrid({ sheet: '预算', address: 'A1', values: WIDE });
  const r = budgetVsActual(ds, undefined, undefined, { asOf: serial('2024-06-30'), currency: 'CNY', lang: 'en' });
  const noAmount = r.diagnostics.find((d) => d.where?.cells)!;

  it("names an unpivoted value's own cell, in English and Chinese", () => {
    // The budget analysis reports the 2月 value of 巨量引擎: sheet cell C5 (its unpivoted row is also 5, so
    // the text must say "cell", and no single column letter stands for cells across columns).
    expect(noAmount.where).toMatchObject({ sheet: '预算', cells: ['C5'] });
    expect(formatDiagnostic(noAmount, 'en')).toMatch(/^warning \[预算 "预算", cell C5\]: /);
    expect(formatDiagnostic(noAmount, 'zh-CN')).toMatch(/^警告【预算“预算”，单元格 C5】工作表“预算”/);
  });

  it('counts the cells not shown, and keeps rows for ordinary sheets as they were', () => {
    const many: Diagnostic = {
      code: 'x',
      severity: 'warning',
      message: { en: 'm', 'zh-CN': 'm' },
      where: {
        sheet: 'Budget',
        column: 'Budget',
        rows: [3, 3, 3, 3, 3],
        count: 12,
        cells: ['B3', 'C3', 'D3', 'E3', 'F3'],
      },
    };
    expect(formatDiagnostic(many, 'en')).toBe('warning [Budget "Budget", cells B3, C3, D3, E3, F3 (12 in all)]: m');
    expect(formatDiagnostic(many, 'zh-CN')).toBe('警告【Budget“Budget”，单元格 B3、C3、D3、E3、F3（共 12 个）】m');
    const rows: Diagnostic = {
      ...many,
      where: { sheet: 'Orders', column: 'Amount', columnLetter: 'D', rows: [12, 57], count: 9 },
    };
    expect(formatDiagnostic(rows, 'en')).toBe('warning [Orders!D "Amount", rows 12, 57 (9 in all)]: m');
    expect(formatDiagnostic(rows, 'zh-CN')).toBe('警告【Orders!D“Amount”，第 12、57 行（共 9 行）】m');
  });
});
