/**
 * The column pass of ingest: one grid column inferred, converted (rechecked on the whole column where the sample
 * missed) and recorded with what role proposal needs to know of it.
 */
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import type { ColumnInfo } from './types.js';
import { columnLetter } from './address.js';
import { convertColumn, type ColumnData, type Converted } from './convert-column.js';
import { CodedTexts } from './coded-texts.js';
import { ingestDiagnostic } from './diagnostics.js';
import { inferColumn, type ColumnPlan } from './infer-column.js';
import type { RoleColumn } from './roles.js';
import type { GridColumns } from './grid-columns.js';

/** Text stray ratio above which a sample-based plan is re-checked on the whole column. */
const RECHECK_RATIO = 0.2;

/** What the column pass builds. A Map keeps column order (an object would put names such as "2024" first). */
export interface ReadColumns {
  columns: ColumnInfo[];
  data: Map<string, ColumnData | CodedTexts>;
  roleCols: RoleColumn[];
}

export interface ColumnSource {
  grid: CellGrid;
  values: readonly (readonly CellValue[])[];
  formats: readonly (readonly string[])[] | undefined;
  rows: Int32Array;
  top: { row: number; col: number };
  options: { locale?: string };
  /** The grid's columns when it is columnar (./grid-columns.ts); `values` is then empty and never read. */
  cols?: GridColumns | null;
}

/** Infers, converts and records one column (grid column `c`), rechecking the inference where the sample missed. */
export function readColumn(
  src: ColumnSource,
  c: number,
  name: string,
  header: string,
  out: ReadColumns,
  diagnostics: Diagnostic[],
): void {
  const { values, formats, rows, top, options } = src;
  const n = rows.length;
  const letter = columnLetter(top.col + c);
  const where = { sheet: src.grid.sheet, column: name, columnLetter: letter };
  const text = src.cols?.columns[c];
  const ctx = { values, rows, col: c, topRow: top.row, date1904: src.grid.date1904 === true, where, text };
  const inferInput = { values, formats, rows, col: c, header, locale: options.locale, text };
  let plan: ColumnPlan = inferColumn(inferInput);
  let conv: Converted = convertColumn(ctx, plan);
  if (conv.switchOrder) {
    plan = { ...plan, dateOrder: conv.switchOrder, dateOrderAmbiguous: false };
    conv = convertColumn(ctx, plan);
  }
  if (conv.filled > 0 && conv.strays > RECHECK_RATIO * conv.filled && n > 5000) {
    // The sample missed what most of the column holds: look at every row.
    const full = inferColumn({ ...inferInput, full: true });
    if (full.type !== plan.type || full.decimalComma !== plan.decimalComma || full.dateOrder !== plan.dateOrder) {
      plan = full;
      conv = convertColumn(ctx, plan);
      if (conv.switchOrder)
        conv = convertColumn(ctx, (plan = { ...plan, dateOrder: conv.switchOrder, dateOrderAmbiguous: false }));
    }
  }
  if (conv.leadingZeros > 0 && (conv.type === 'integer' || conv.type === 'number')) {
    // Ids such as 00123 beyond the sample: keep every value as text.
    plan = { ...plan, type: 'identifier', idReason: 'leading-zeros', examples: [] };
    conv = convertColumn(ctx, plan);
  }
  if (conv.type === 'empty' && header !== '' && n > 0) diagnostics.push(ingestDiagnostic('column-empty', where));
  diagnostics.push(...conv.diagnostics);
  out.data.set(name, conv.data);
  const info: ColumnInfo = { name, header, letter, type: conv.type, role: null, roleConfidence: 0, nulls: conv.nulls };
  if (conv.currency) info.currency = conv.currency;
  if (
    conv.dateOrder &&
    (conv.type === 'date' || conv.type === 'datetime') &&
    plan.dateOrder &&
    plan.dateOrder !== 'ymd'
  ) {
    info.dateOrder = conv.dateOrder;
  } else if (conv.dateOrder === 'ymd') info.dateOrder = 'ymd';
  out.columns.push(info);
  out.roleCols.push(roleColumn(header || name, conv));
}

/** What role proposal sees of a column: its type, and for labels a few distinct values. */
export function roleColumn(header: string, conv: Converted): RoleColumn {
  const rc: RoleColumn = { header, type: conv.type };
  if (conv.distinct !== undefined) {
    rc.distinct = conv.distinct;
    const seen = new Set<string>();
    const d = conv.data;
    const coded = d instanceof CodedTexts ? d : null;
    const texts = d as (string | null)[];
    for (let i = 0; i < d.length && i < 5000 && seen.size < 20; i++) {
      const v = coded ? coded.at(i) : texts[i];
      if (v !== null) seen.add(v.toLowerCase());
    }
    rc.sampleValues = [...seen];
  }
  return rc;
}
