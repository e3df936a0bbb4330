/**
 * ingestGrid: CellGrid → Dataset. Finds the table, infers and converts each column into a typed
 * Arquero column, proposes the table kind and column roles, and reports what it found in one list
 * of diagnostics. Never mutates the grid; never throws on bad data.
 */
import * as aq from 'arquero';
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import type { AmbiguousRole, ColumnInfo, Dataset, Role, TableKind } from './types.js';
import { TABLE_KINDS } from './types.js';
import { parseTopLeft } from './address.js';
import type { ColumnData } from './convert-column.js';
import { ingestDiagnostic } from './diagnostics.js';
import { IngestUsageError } from './errors.js';
import { locateTable, type TableLocation } from './locate-table.js';
import { readColumn, type ColumnSource, type ReadColumns } from './read-column.js';
import { missingRoles, MULTI, proposeKind } from './roles.js';
import { planWide, readWide, wideDiagnostics, type WidePlan, type WideRead } from './unpivot.js';
import {
  datasetFormat,
  findFormat,
  formatRoles,
  orderLevelColumns,
  recognizeFormat,
  type ExportFormat,
} from './formats/index.js';
import { countOncePerOrder } from './order-level.js';
import { isPeriodHeaderCell } from './wide-periods.js';
import { settleMoneyColumns } from './money-columns.js';
import { gridColumns, textAt } from './grid-columns.js';
import { plainColumn } from './coded-texts.js';

export interface IngestOptions {
  /** The table kind the caller knows the sheet holds; roles are proposed for it. */
  sheetKindHint?: TableKind;
  /**
   * The user's locale (BCP 47, e.g. `en-US`, `en-GB`, `de-DE`, `zh-CN`): decides day/month order of
   * ambiguous dates (`03/04/2024`) and whether `1.234` means one thousand.
   */
  locale?: string;
  /**
   * A known export format: its id (`shopify-orders`) to read the sheet as that format, `false` to recognise
   * none; by default the format is recognised from the headers.
   */
  format?: string | false;
  /**
   * The year of period headers written without one (`1月` … `12月`, `Jan` … `Dec`, `一季度`) on a sheet with the
   * periods across its columns, when neither the title rows nor the headers say it (`2024年营销预算`, `2024-01`).
   * Given, it wins over a year in the title. Without it and with no year in the sheet, ingest warns
   * (`wide-year-missing`) and keeps the months as written.
   */
  periodYear?: number;
  /** `false` to leave a sheet with periods across its columns as it is (by default it is unpivoted). */
  unpivot?: boolean;
}

/**
 * Read a grid of cells (a sheet range, an Excel table or a .csv file) into a typed table.
 *
 * @param grid the cells as the host read them; never changed.
 * @param options optional table-kind hint and locale.
 * @returns the Dataset: an Arquero table (numbers, Excel 1900 serial dates, booleans, strings, nulls),
 *   column types and roles with confidences, the table kind, Excel row numbers, and diagnostics.
 * @throws IngestUsageError only when called wrongly (not a grid, unknown kind hint).
 * @example
 * ingestGrid({ sheet: 'Orders', address: 'A1:C3', values: [['Customer ID', 'Order Date', 'Amount'],
 *   ['C001', '2024-06-18', '$12.50'], ['C002', '2024-06-19', '$8.00']] }).table.objects()
 * // → [{ 'Customer ID': 'C001', 'Order Date': 45461, Amount: 12.5 }, { …: 'C002', …: 45462, Amount: 8 }]
 */
export function ingestGrid(grid: CellGrid, options: IngestOptions = {}): Dataset {
  // A columnar grid (the .csv reader's) is read from its columns while its rows have not been built.
  const cols = gridColumns(grid);
  validate(grid, options, cols !== null);
  const sheet = grid.sheet;
  const top = parseTopLeft(grid.address);
  const values: readonly (readonly CellValue[])[] = cols ? [] : grid.values;
  let width = 0;
  if (cols) width = cols.rows > 0 ? cols.columns.length : 0;
  else for (const row of values) if (Array.isArray(row) && row.length > width) width = row.length;
  const formats = Array.isArray(grid.numberFormats)
    ? (grid.numberFormats as readonly (readonly string[])[])
    : undefined;

  const loc = width > 0 ? locateTable(grid, top, width, cols) : null;
  if (!loc) {
    const diagnostics = [ingestDiagnostic('empty-sheet', { sheet })];
    return emptyDataset(grid, diagnostics);
  }
  // Periods across the columns (a budget by month) are unpivoted from the rows: a small sheet, read row-major.
  if (cols && periodHeaderCount(loc, (r, c) => textAt(cols, r, c), formats) >= 2)
    return ingestGrid({ ...grid }, options);
  const diagnostics: Diagnostic[] = [...loc.diagnostics];
  const source: ColumnSource = { grid, values, formats, rows: loc.dataRows, top, options, cols };
  const plan = cols ? null : chooseWide(values, formats, top, loc, options);
  let read: ReadColumns = { columns: [], data: new Map(), roleCols: [] };
  let wide: WideRead | null = null;
  const wideAt = diagnostics.length;
  if (plan) {
    wide = readWide(source, loc, plan, diagnostics);
    read = wide.read;
  } else {
    for (let j = 0; j < loc.columns.length; j++)
      readColumn(source, loc.columns[j], loc.names[j], loc.headers[j], read, diagnostics);
  }
  const { columns, data } = read;
  // Excel row numbers of the table's rows, made when first read (a million numbers a diagnostic rarely reads).
  let rowNumbers: number[] | null = wide ? wide.rowNumbers : null;
  const rowNumbersOf = (): number[] => (rowNumbers ??= excelRows(loc.dataRows, top.row));
  const n = wide ? wide.rowNumbers.length : loc.dataRows.length;

  if (n === 0) diagnostics.push(ingestDiagnostic('no-data-rows', { sheet }));

  const format = plan ? null : chooseFormat(sheet, columns, options, diagnostics);
  // Table kind and roles.
  const { best } = proposeKind(read.roleCols, plan?.kind ?? format?.kind ?? options.sheetKindHint);
  let kind: TableKind | null = null;
  let kindConfidence = 0;
  const ambiguous: AmbiguousRole[] = [];
  if (best && n > 0) {
    kind = best.kind;
    kindConfidence = options.sheetKindHint ? 1 : format ? 0.95 : plan ? 0.9 : round2(best.score);
    assignRoles(sheet, best, format, read, diagnostics, wide?.forced, ambiguous);
  } else if (n > 0) {
    const cell = (r: number, c: number): CellValue | undefined => (cols ? textAt(cols, r, c) : values[r]?.[c]);
    diagnostics.push(unrecognisedKind(sheet, widePeriodColumns(loc.columns, loc.headerRows, columns, cell, formats)));
  }
  if (plan && wide) diagnostics.splice(wideAt, 0, ...wideDiagnostics(sheet, plan, wide, columns));
  if (format?.orderLevel && kind !== null) {
    const cols = orderLevelColumns(
      format,
      columns.map((c) => c.header),
    );
    diagnostics.push(...countOncePerOrder(sheet, columns, data, cols, rowNumbersOf(), format.name.en));
  }

  const dataset: Dataset = {
    sheet,
    kind,
    kindConfidence,
    table: aq.table(data),
    columns,
    rowNumbers: [],
    headerRows: loc.headerRows.map((r) => top.row + r),
    diagnostics,
  };
  Object.defineProperty(dataset, 'rowNumbers', { enumerable: true, get: rowNumbersOf });
  if (grid.tableName !== undefined) dataset.tableName = grid.tableName;
  if (format && kind !== null) dataset.format = datasetFormat(format);
  if (wide) dataset.unpivot = wide.unpivot;
  if (ambiguous.length > 0) dataset.ambiguous = ambiguous;
  return dataset;
}

/** Cells of the (last) header row that name a period: two or more make a sheet with periods across its columns. */
function periodHeaderCount(
  loc: TableLocation,
  cell: (r: number, c: number) => CellValue | undefined,
  formats: readonly (readonly string[])[] | undefined,
): number {
  const h = loc.headerRows[loc.headerRows.length - 1];
  if (h === undefined) return 0;
  let n = 0;
  for (const c of loc.columns) if (isPeriodHeaderCell(cell(h, c), formats?.[h]?.[c])) n++;
  return n;
}

/** The wide layout to unpivot, unless the caller said not to or the headers are a known export's. */
function chooseWide(
  values: readonly (readonly CellValue[])[],
  formats: readonly (readonly string[])[] | undefined,
  top: { row: number; col: number },
  loc: TableLocation,
  options: IngestOptions,
): WidePlan | null {
  if (options.unpivot === false || (options.format !== undefined && options.format !== false)) return null;
  if (options.format !== false && recognizeFormat(loc.headers)) return null;
  return planWide(values, formats, top, loc, options);
}

/** The known export format the headers name (or the caller forced); none when it contradicts the caller's kind. */
function chooseFormat(
  sheet: string,
  columns: readonly ColumnInfo[],
  options: IngestOptions,
  diagnostics: Diagnostic[],
): ExportFormat | null {
  const format =
    options.format === false
      ? null
      : options.format
        ? (findFormat(options.format) ?? null)
        : recognizeFormat(columns.map((c) => c.header));
  if (format && options.sheetKindHint && options.sheetKindHint !== format.kind) {
    diagnostics.push(
      ingestDiagnostic('format-kind-differs', { sheet }, { value: format.name.en, other: options.sheetKindHint }),
    );
    return null;
  }
  return format;
}

type KindProposal = NonNullable<ReturnType<typeof proposeKind>['best']>;

/**
 * Roles from the proposal, then the format's own or the ones an unpivoted layout settles (which win), money
 * columns settled, amount derived.
 */
function assignRoles(
  sheet: string,
  best: KindProposal,
  format: ExportFormat | null,
  read: ReadColumns,
  diagnostics: Diagnostic[],
  forced?: readonly (Role | null | undefined)[],
  ambiguous: AmbiguousRole[] = [],
): void {
  const { columns, data } = read;
  best.roles.forEach((r, i) => {
    columns[i].role = r.role;
    columns[i].roleConfidence = round2(r.confidence);
  });
  const fixed = new Set<number>();
  if (format || forced) {
    const named =
      forced ??
      formatRoles(
        format!,
        columns.map((c) => c.header),
      );
    named.forEach((role, i) => {
      if (role === undefined) return;
      fixed.add(i);
      if (role !== null && !MULTI.has(role)) {
        for (const c of columns) if (c.role === role) c.role = null;
      }
      columns[i].role = role;
      columns[i].roleConfidence = role === null ? 0 : 0.95;
    });
    if (format) diagnostics.push(formatDiagnostic(sheet, format, columns, fixed));
  }
  const kind = best.kind;
  diagnostics.push(
    ...settleMoneyColumns({
      sheet,
      kind,
      columns,
      data,
      roleColumns: read.roleCols,
      rivals: format ? [] : best.rivals,
      fixed,
      ambiguous,
    }),
  );
  if (best.deriveAmount && !columns.some((c) => c.role === 'amount'))
    deriveAmount(sheet, best.deriveAmount, read, diagnostics);
  const missing = missingRoles(
    kind,
    columns.map((c) => c.role),
  );
  if (missing.length > 0) {
    diagnostics.push(
      ingestDiagnostic(
        'role-missing',
        { sheet },
        { value: best.kind, other: missing.map((g) => g.join(' / ')).join(', ') },
      ),
    );
  }
}

/** An amount column made of quantity × unit price, when the table has those and no amount. */
function deriveAmount(
  sheet: string,
  how: NonNullable<KindProposal['deriveAmount']>,
  { columns, data }: ReadColumns,
  diagnostics: Diagnostic[],
): void {
  const q = columns[how.quantity];
  const p = columns[how.unitPrice];
  const name = uniqueColumnName('amount', columns);
  const product = multiply(plainColumn(data.get(q.name)!), plainColumn(data.get(p.name)!));
  data.set(name, product);
  let nulls = 0;
  for (const v of product) if (v === null) nulls++;
  const info: ColumnInfo = {
    name,
    header: name,
    letter: '',
    type: p.type === 'currency' ? 'currency' : 'number',
    role: 'amount',
    roleConfidence: round2(how.confidence),
    nulls,
    derived: { quantity: q.name, unitPrice: p.name },
  };
  if (p.currency) info.currency = p.currency;
  columns.push(info);
  diagnostics.push(ingestDiagnostic('amount-derived', { sheet, column: name }, { value: q.name, other: p.name }));
}

/** Why no kind was found: periods across the columns (with how to unpivot), or nothing recognisable. */
function unrecognisedKind(sheet: string, wide: readonly ColumnInfo[]): Diagnostic {
  if (wide.length < 2) return ingestDiagnostic('kind-unrecognised', { sheet });
  return ingestDiagnostic(
    'wide-periods',
    { sheet },
    {
      examples: wide
        .slice(0, 3)
        .map((c) => c.header)
        .concat(wide.length > 3 ? ['…'] : []),
      value: `${wide[0].letter}:${wide[wide.length - 1].letter}`,
    },
  );
}

/** The info saying which format was recognised and which roles it set (money and ids first). */
function formatDiagnostic(
  sheet: string,
  format: ExportFormat,
  columns: readonly ColumnInfo[],
  fixed: ReadonlySet<number>,
): Diagnostic {
  const set = [...fixed]
    .filter((i) => columns[i].role !== null)
    .map((i) => `"${columns[i].name}" → ${columns[i].role ?? ''}`);
  const none = [...fixed].filter((i) => columns[i].role === null).map((i) => `"${columns[i].name}"`);
  return ingestDiagnostic(
    'format-recognised',
    { sheet },
    {
      value: format.name.en,
      other: format.name['zh-CN'],
      examples: [set.join(', '), none.join(', '), format.docs],
    },
  );
}

/** Excel row numbers of grid rows. */
function excelRows(rows: Int32Array, topRow: number): number[] {
  const out = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = topRow + rows[i];
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function emptyDataset(grid: CellGrid, diagnostics: Diagnostic[]): Dataset {
  const d: Dataset = {
    sheet: grid.sheet,
    kind: null,
    kindConfidence: 0,
    table: aq.table({}),
    columns: [],
    rowNumbers: [],
    headerRows: [],
    diagnostics,
  };
  if (grid.tableName !== undefined) d.tableName = grid.tableName;
  return d;
}

function uniqueColumnName(base: string, columns: readonly ColumnInfo[]): string {
  const used = new Set(columns.map((c) => c.name.toLowerCase()));
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base} (${k})`;
  return name;
}

/** Row-wise product of two numeric columns; null where either is null. Rounded to 1e-9 to avoid 0.1×3 noise. */
function multiply(a: ColumnData, b: ColumnData): Float64Array | (number | null)[] {
  const n = a.length;
  const out = new Float64Array(n);
  let isNull: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') out[i] = Math.round(x * y * 1e9) / 1e9;
    else (isNull ??= new Uint8Array(n))[i] = 1;
  }
  if (!isNull) return out;
  const arr: (number | null)[] = [];
  for (let i = 0; i < n; i++) arr.push(isNull[i] ? null : out[i]);
  return arr;
}

function validate(grid: CellGrid, options: IngestOptions, columnar = false): void {
  if (grid === null || typeof grid !== 'object')
    throw new IngestUsageError('invalid-grid', 'ingestGrid expects a CellGrid object');
  if (!columnar && !Array.isArray(grid.values))
    throw new IngestUsageError('invalid-grid', 'CellGrid.values must be an array of rows');
  if (typeof grid.sheet !== 'string') throw new IngestUsageError('invalid-grid', 'CellGrid.sheet must be a string');
  if (grid.numberFormats !== undefined && !Array.isArray(grid.numberFormats)) {
    throw new IngestUsageError('invalid-grid', 'CellGrid.numberFormats must be an array of rows when given');
  }
  if (options === null || typeof options !== 'object')
    throw new IngestUsageError('invalid-options', 'options must be an object');
  if (options.sheetKindHint !== undefined && !TABLE_KINDS.includes(options.sheetKindHint)) {
    throw new IngestUsageError('invalid-options', `Unknown table kind: ${options.sheetKindHint}`);
  }
  if (
    options.format !== undefined &&
    options.format !== false &&
    (typeof options.format !== 'string' || !findFormat(options.format))
  ) {
    throw new IngestUsageError('invalid-options', `Unknown export format: ${options.format}`);
  }
  if (
    options.periodYear !== undefined &&
    !(Number.isInteger(options.periodYear) && options.periodYear >= 1900 && options.periodYear <= 9999)
  ) {
    throw new IngestUsageError('invalid-options', 'options.periodYear must be a year such as 2024');
  }
  if (options.locale !== undefined && typeof options.locale !== 'string') {
    throw new IngestUsageError('invalid-options', 'options.locale must be a string such as "en-US"');
  }
}

const PERIOD_VALUE_TYPES: ReadonlySet<ColumnInfo['type']> = new Set(['integer', 'number', 'currency', 'empty']);
const LABEL_TYPES: ReadonlySet<ColumnInfo['type']> = new Set(['text', 'category', 'identifier']);

/**
 * The columns of an unrecognised table whose header is a period (2024-01, Jan 2024, a date cell, Q1) and
 * whose values are numbers, when the table also has a label column (channel, campaign …): a sheet in
 * wide layout. Empty when the table is not one.
 */
function widePeriodColumns(
  cols: readonly number[],
  headerRows: readonly number[],
  columns: readonly ColumnInfo[],
  cell: (r: number, c: number) => CellValue | undefined,
  formats: readonly (readonly string[])[] | undefined,
): ColumnInfo[] {
  const h = headerRows[headerRows.length - 1];
  if (h === undefined) return [];
  const out: ColumnInfo[] = [];
  let labels = 0;
  cols.forEach((c, j) => {
    const info = columns[j];
    if (isPeriodHeaderCell(cell(h, c), formats?.[h]?.[c]) && PERIOD_VALUE_TYPES.has(info.type)) out.push(info);
    else if (LABEL_TYPES.has(info.type)) labels++;
  });
  return labels > 0 ? out : [];
}
