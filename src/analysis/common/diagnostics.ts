/**
 * Diagnostics of the analyses: `{ code, severity, message (en, zh-CN), where }`, where `where` names the
 * sheet, the column and up to five example Excel rows. Returned, never logged.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import { unpivotCells } from '../../ingest/unpivot.js';
import type { Diagnostic, I18nText, Severity, Where } from '../../types.js';

/**
 * Where: the sheet, the column (when given), ≤ 5 Excel rows of the 0-based table rows `rows`, and a count
 * (`count` when given, else the number of `rows` when there are any).
 *
 * @example
 *   where(orders, amountCol, [0, 7]) // → { sheet: 'Orders', column: 'Amount', columnLetter: 'C', rows: [2, 9], count: 2 }
 */
export function where(data: Dataset, col?: ColumnInfo, rows: readonly number[] = [], count?: number): Where {
  const w: Where = { sheet: data.sheet };
  if (col) {
    w.column = col.header;
    w.columnLetter = col.letter;
  }
  if (rows.length > 0) w.rows = rows.slice(0, 5).map((i) => excelRow(data, i));
  // A value Loopbook unpivoted from across the columns: its own cell, not a row of the unpivoted table.
  const cells = col && rows.length > 0 ? unpivotCells(data, col.name, rows.slice(0, 5)) : null;
  if (cells) {
    w.cells = cells;
    w.columnLetter = cells[0].replace(/\d+$/, '');
  }
  if (count !== undefined) w.count = count;
  else if (rows.length > 0) w.count = rows.length;
  return w;
}

/** Excel row number of a 0-based table row. */
export function excelRow(data: Dataset, i: number): number {
  return data.rowNumbers[i] ?? i + 2;
}

/** A diagnostic; `where` says where in the workbook (omitted for run-wide messages). */
export function diag(code: string, severity: Severity, message: I18nText, w?: Where): Diagnostic {
  return w ? { code, severity, message, where: w } : { code, severity, message };
}

/** The standard error for a required column that is missing: names the analysis, the sheet and the column. */
export function missingColumn(data: Dataset, code: string, what: I18nText, analysis: I18nText): Diagnostic {
  return diag(
    code,
    'error',
    {
      en: `${analysis.en} needs a ${what.en} column in sheet "${data.sheet}"; none was found (set the column's role).`,
      'zh-CN': `${analysis['zh-CN']}需要工作表“${data.sheet}”中的“${what['zh-CN']}”列，但未找到（请设置该列的角色）。`,
    },
    { sheet: data.sheet },
  );
}
