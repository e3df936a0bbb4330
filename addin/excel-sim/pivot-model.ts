/**
 * PivotTables and slicers of the stand-in: what they hold, and how a PivotTable fills its cells.
 *
 * A PivotTable reads its source (a table, followed as it grows, or a fixed range) into a cache when it is
 * created and on `refresh`, and lays itself out from the cache after every change, as Excel does: the cells
 * it fills hold its labels and values (with the data fields' number formats), and nothing else may write
 * there. It may not overlap another PivotTable or a table, and — stricter than Excel, which asks the user —
 * it may not spread over cells that hold anything. An empty PivotTable fills only its first cell.
 *
 * Layout (Excel's, for at most one column field): the row fields' items sorted (numbers, then text
 * ignoring case, `(blank)` last), only the combinations present; tabular form (one column per row field,
 * an outer item's label on its first row only, subtotals below the group), outline form (subtotals on the
 * group's own row) or compact form (one `Row Labels` column); the data fields as columns (`Values` on
 * columns when there are several), a column field's items across, a `Grand Total` column and row.
 * Sum and average read numbers only, count every non-empty cell; an average of nothing is `#DIV/0!`.
 */
import { SimError } from './errors.js';
import { formatRect, MAX_COLS, MAX_ROWS, quoteSheet } from './address.js';
import type { Rect } from './address.js';
import type { SheetModel, Stored, TableModel, WorkbookModel, WorkbookSnapshot } from './model.js';
import { overlaps } from './model.js';

export type PivotLayoutType = 'Compact' | 'Tabular' | 'Outline';
/** The summaries the stand-in computes (Excel's `AggregationFunction` names). */
export const SUMMARIES = ['Sum', 'Count', 'Average', 'Max', 'Min', 'CountNumbers'] as const;
export type Summary = (typeof SUMMARIES)[number];

export interface PivotDataModel {
  field: string;
  name: string;
  summarizeBy: Summary;
  numberFormat: string;
}

export interface PivotModel {
  id: string;
  name: string;
  sheet: SheetModel;
  /** A table (followed at refresh) or a fixed range with its header row. */
  source: { table: TableModel } | { sheet: SheetModel; rect: Rect };
  /** The cache: field names (the source's header when last read) and records. */
  fields: string[];
  records: Stored[][];
  anchor: { r0: number; c0: number };
  rows: string[];
  columns: string[];
  data: PivotDataModel[];
  /** Field (lower case) → automatic subtotals; a field not listed has them (Excel's default). */
  subtotals: Map<string, boolean>;
  layoutType: PivotLayoutType;
  showRowGrandTotals: boolean;
  showColumnGrandTotals: boolean;
  /** The cells it fills now, and where its data body is (null when it has none). */
  area: Rect;
  body: Rect | null;
  /** Each data cell laid out, on the sheet: what GETPIVOTDATA can read (set by `renderPivot`). */
  values?: PivotValueCell[];
  deleted: boolean;
}

/**
 * A data cell of a laid-out PivotTable: where it is (0-based, on the sheet), its data field (an index into
 * `PivotModel.data`) and the items that describe it — row and column fields (indexes into `fields`) with
 * their items; none for the grand total.
 */
export interface PivotValueCell {
  r: number;
  c: number;
  data: number;
  items: [number, Key][];
}

export interface SlicerModel {
  id: string;
  name: string;
  sheet: SheetModel;
  /** Its source: a PivotTable, or a table (a table slicer). */
  pivot: PivotModel | null;
  table: TableModel | null;
  field: string;
  caption: string;
  /** Points. */
  left: number;
  top: number;
  width: number;
  height: number;
  deleted: boolean;
}

const BLANK: unique symbol = Symbol('blank');
const TOTAL: unique symbol = Symbol('total');
export type Key = string | number | boolean | typeof BLANK;

/** Whether `k`, an item of a field, is the item a formula names with `v` (text ignoring case; blank is `(blank)`). */
export function isItem(k: Key, v: string | number | boolean): boolean {
  if (k === BLANK) return typeof v === 'string' && lower(v) === '(blank)';
  if (typeof k === 'string') return typeof v === 'string' && lower(k) === lower(v);
  return k === v;
}

const lower = (s: string): string => s.toLowerCase();

/** The index of a field in the cache (case-insensitive, as Excel matches field names), or -1. */
export function fieldIndex(fields: readonly string[], name: string): number {
  return fields.findIndex((f) => lower(f) === lower(name));
}

/** Reads a source's header and records (throws when the table or its sheet is gone). */
export function readSource(
  model: WorkbookModel,
  source: PivotModel['source'],
): { fields: string[]; records: Stored[][] } {
  const { sheet, rect } =
    'table' in source
      ? { sheet: source.table.sheet, rect: source.table.rect }
      : { sheet: source.sheet, rect: source.rect };
  if (sheet.deleted || ('table' in source && !model.tables.includes(source.table)))
    throw new SimError('InvalidReference', 'The PivotTable source no longer exists.');
  if (rect.rows < 2) throw new SimError('InvalidArgument', 'The PivotTable source needs a header row and data.');
  const fields: string[] = [];
  for (let c = 0; c < rect.cols; c++) {
    const h = sheet.getValue(rect.r0, rect.c0 + c);
    if (h === '')
      throw new SimError(
        'InvalidArgument',
        `The PivotTable field name is not valid: the source's header cell ${formatRect({ r0: rect.r0, c0: rect.c0 + c, rows: 1, cols: 1 })} is empty.`,
      );
    if (fieldIndex(fields, String(h)) >= 0)
      throw new SimError('InvalidArgument', `The PivotTable source has two columns named "${String(h)}".`);
    fields.push(String(h));
  }
  const records: Stored[][] = [];
  for (let r = rect.r0 + 1; r < rect.r0 + rect.rows; r++) {
    const row: Stored[] = [];
    for (let c = 0; c < rect.cols; c++) {
      const v = sheet.getValue(r, rect.c0 + c);
      row.push(v === '' ? undefined : v);
    }
    records.push(row);
  }
  return { fields, records };
}

const keyOf = (v: Stored): Key => (v === undefined || v === '' ? BLANK : v);
const labelOf = (k: Key): string | number | boolean => (k === BLANK ? '(blank)' : k);

function compareKeys(a: Key, b: Key): number {
  const rank = (k: Key): number => (k === BLANK ? 3 : typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = lower(String(a));
  const y = lower(String(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Some of a cache's records, as their indexes in `PivotModel.records`, ascending (so sums add numbers in the
 * records' order). Groups and summaries work on these and on the cache's columns (`columnOf`): one array
 * per field read in a tight loop, not a field picked out of 200,000 record arrays.
 */
type Rows = Int32Array;

/**
 * Work already done, by the records it came from. A cache's records are never changed once read (a refresh
 * reads new ones) and what is built from them is only read, so the same records always give the same
 * columns, groups and summaries: building a PivotTable field by field (each change lays it out again, as
 * Excel does) reads each field, groups by each row field and sums each data field once, not once per change.
 */
const allCache = new WeakMap<Stored[][], Rows>();
const columnCache = new WeakMap<Stored[][], Map<number, Stored[]>>();
const groupCache = new WeakMap<Rows, Map<number, [Key, Rows][]>>();
const summaryCache = new WeakMap<Rows, Map<string, number | string>>();

/** Every record of the cache. */
function allRows(records: Stored[][]): Rows {
  let rows = allCache.get(records);
  if (!rows) {
    rows = new Int32Array(records.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    allCache.set(records, rows);
  }
  return rows;
}

/** Field `j` of every record, in the records' order. */
function columnOf(records: Stored[][], j: number): Stored[] {
  let byField = columnCache.get(records);
  if (!byField) columnCache.set(records, (byField = new Map<number, Stored[]>()));
  let col = byField.get(j);
  if (!col) {
    col = new Array<Stored>(records.length);
    for (let i = 0; i < records.length; i++) col[i] = records[i][j];
    byField.set(j, col);
  }
  return col;
}

/**
 * `rows` grouped by their key in field `j`, keys in Excel's item order (numbers, text, booleans, blank).
 * One pass (a Map on the key itself: primitives compare by value, blank is one symbol), each group keeping
 * the records' order.
 */
function groupsOf(records: Stored[][], rows: Rows, j: number): [Key, Rows][] {
  let byField = groupCache.get(rows);
  if (!byField) groupCache.set(rows, (byField = new Map<number, [Key, Rows][]>()));
  const cached = byField.get(j);
  if (cached) return cached;
  const col = columnOf(records, j);
  const groups = new Map<Key, number[]>();
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t];
    const k = keyOf(col[i]);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  }
  const sorted = [...groups]
    .sort((a, b) => compareKeys(a[0], b[0]))
    .map(([k, g]): [Key, Rows] => [k, Int32Array.from(g)]);
  byField.set(j, sorted);
  return sorted;
}

/** `summarizeField` of field `j` over `rows`, from summaryCache when these rows were summarised so before. */
function summaryOf(records: Stored[][], rows: Rows, j: number, summary: Summary): number | string {
  let bySummary = summaryCache.get(rows);
  if (!bySummary) summaryCache.set(rows, (bySummary = new Map<string, number | string>()));
  const key = `${j}|${summary}`;
  let v = bySummary.get(key);
  if (v === undefined) {
    v = summarizeField(columnOf(records, j), rows, summary);
    bySummary.set(key, v);
  }
  return v;
}

function itemsOf(records: Stored[][], j: number): Key[] {
  return groupsOf(records, allRows(records), j).map(([k]) => k);
}

/**
 * One data field's summary of some records (Excel's pivot rules; see the module comment): the field's
 * column at each of `rows` in one pass, numbers added in the records' order.
 */
export function summarizeField(col: readonly Stored[], rows: Rows, summary: Summary): number | string {
  let count = 0,
    nums = 0,
    sum = 0,
    max = -Infinity,
    min = Infinity;
  for (let t = 0; t < rows.length; t++) {
    const v = col[rows[t]];
    if (v !== undefined && v !== '') count++;
    if (typeof v === 'number') {
      nums++;
      sum += v;
      if (v > max) max = v;
      if (v < min) min = v;
    }
  }
  switch (summary) {
    case 'Count':
      return count;
    case 'CountNumbers':
      return nums;
    case 'Sum':
      return sum;
    case 'Average':
      return nums === 0 ? '#DIV/0!' : sum / nums;
    case 'Max':
      return nums === 0 ? 0 : max;
    case 'Min':
      return nums === 0 ? 0 : min;
  }
}

const NO_ROWS: Rows = new Int32Array(0);

type Cell = string | number | boolean | undefined;

/** What a PivotTable fills: its cells from `area`'s corner, the data body, and each data cell's format. */
export interface PivotLayout {
  cells: Cell[][];
  formats: (string | undefined)[][];
  /** Body rows and columns inside `cells` (null when there is no data). */
  body: { r0: number; c0: number; rows: number; cols: number } | null;
  /** Each data cell inside `cells`, with its data field and items (see `PivotValueCell`). */
  values: PivotValueCell[];
}

type ColKey = Key | typeof TOTAL | null;
type DataField = PivotDataModel & { j: number };

/** What a layout is made of: field indexes, label columns, and each data column's item and field. */
interface Shape {
  p: PivotModel;
  R: number[];
  C: number[];
  D: DataField[];
  compact: boolean;
  labelCols: number;
  colItems: ColKey[];
  dataCols: { k: ColKey; d: DataField | null }[];
  width: number;
}

function shapeOf(p: PivotModel): Shape {
  const idx = (f: string): number => {
    const j = fieldIndex(p.fields, f);
    if (j < 0) throw new SimError('ItemNotFound', `The PivotTable has no field "${f}".`);
    return j;
  };
  if (p.columns.length > 1)
    throw new SimError('InvalidOperation', 'The stand-in lays out PivotTables with at most one column field.');
  const R = p.rows.map(idx);
  const D = p.data.map((d) => ({ ...d, j: idx(d.field) }));
  const C = p.columns.map(idx);
  const compact = p.layoutType === 'Compact';
  const labelCols = compact ? Math.min(1, R.length) : R.length;
  // Data columns: per column item (or once) each data field, then the grand total columns.
  const total: ColKey[] = p.showRowGrandTotals ? [TOTAL] : [];
  const colItems: ColKey[] = C.length === 0 ? [null] : [...itemsOf(p.records, C[0]), ...total];
  // Without data fields, a column field's items still head their (empty) columns.
  const slots = D.length > 0 ? D : [null];
  const dataCols: Shape['dataCols'] = [];
  for (const k of colItems) if (D.length > 0 || k !== TOTAL) for (const d of slots) dataCols.push({ k, d });
  return { p, R, C, D, compact, labelCols, colItems, dataCols, width: Math.max(1, labelCols + dataCols.length) };
}

const blankRow = (sh: Shape): Cell[] => new Array<Cell>(sh.width).fill(undefined);

/** The header rows: data and column field captions, column items, row field names (or `Row Labels`). */
function headerRows(sh: Shape): Cell[][] {
  const { p, R, C, D, compact, labelCols, colItems, dataCols } = sh;
  const colName = C.length > 0 ? (compact ? 'Column Labels' : p.fields[C[0]]) : undefined;
  const names = blankRow(sh);
  (compact ? (R.length > 0 ? ['Row Labels'] : []) : R.map((j) => p.fields[j])).forEach((h, i) => {
    names[i] = h;
  });
  const itemLabel = (k: ColKey): Cell => (k === TOTAL ? 'Grand Total' : k === null ? undefined : labelOf(k));
  if (C.length > 0 && D.length > 1) {
    const top = blankRow(sh);
    top[labelCols] = colName;
    const mid = blankRow(sh);
    colItems.forEach((k, i) => {
      if (k !== TOTAL) mid[labelCols + i * D.length] = itemLabel(k);
      else
        D.forEach((d, t) => {
          mid[labelCols + i * D.length + t] = `Total ${d.name}`;
        });
    });
    dataCols.forEach((c, i) => {
      names[labelCols + i] = c.k === TOTAL ? undefined : c.d?.name;
    });
    return [top, mid, names];
  }
  if (C.length > 0) {
    const top = blankRow(sh);
    top[0] = D[0]?.name;
    top[labelCols] = colName;
    dataCols.forEach((c, i) => {
      names[labelCols + i] = itemLabel(c.k);
    });
    return [top, names];
  }
  D.forEach((d, i) => {
    names[labelCols + i] = d.name;
  });
  return [names];
}

/**
 * One row's data cells (and their formats) over some records; `items` are the row's items, to which each
 * column adds its own (the grand total column none).
 */
function dataCells(
  sh: Shape,
  recs: Rows,
  items: [number, Key][],
): { cells: Cell[]; fmts: (string | undefined)[]; values: { col: number; data: number; items: [number, Key][] }[] } {
  const cells: Cell[] = [];
  const fmts: (string | undefined)[] = [];
  const values: { col: number; data: number; items: [number, Key][] }[] = [];
  const records = sh.p.records;
  const byColumn = sh.C.length > 0 ? new Map(groupsOf(records, recs, sh.C[0])) : null;
  for (const { k, d } of sh.dataCols) {
    if (d !== null) {
      const own: [number, Key][] = k === null || k === TOTAL ? [] : [[sh.C[0], k]];
      values.push({ col: cells.length, data: sh.D.indexOf(d), items: [...items, ...own] });
    }
    const sub = d === null ? NO_ROWS : k === null || k === TOTAL ? recs : (byColumn?.get(k) ?? NO_ROWS);
    const none = d === null || sub.length === 0;
    cells.push(none ? undefined : summaryOf(records, sub, d.j, d.summarizeBy));
    fmts.push(none || d.numberFormat === '' || d.numberFormat === 'General' ? undefined : d.numberFormat);
  }
  return { cells, fmts, values };
}

/** The body rows: the row fields' items (grouped, with subtotals as the layout puts them) and the grand total. */
function bodyRows(sh: Shape, rows: Cell[][], fmts: (string | undefined)[][], values: PivotValueCell[]): void {
  const { p, R, D, compact, labelCols } = sh;
  const push = (at: number, label: Cell, recs: Rows | null, items: [number, Key][]): void => {
    const row = blankRow(sh);
    const fr = new Array<string | undefined>(sh.width).fill(undefined);
    if (at >= 0) row[at] = label;
    if (recs !== null) {
      const v = dataCells(sh, recs, items);
      v.cells.forEach((x, i) => (row[labelCols + i] = x));
      v.fmts.forEach((x, i) => (fr[labelCols + i] = x));
      for (const x of v.values) values.push({ r: rows.length, c: labelCols + x.col, data: x.data, items: x.items });
    }
    rows.push(row);
    fmts.push(fr);
  };
  const subtotalled = (j: number): boolean => p.subtotals.get(lower(p.fields[j])) ?? true;
  const group = (level: number, recs: Rows, outer: [number, Key][]): void => {
    const j = R[level];
    const at = compact ? 0 : level;
    for (const [k, sub] of groupsOf(p.records, recs, j)) {
      const items: [number, Key][] = [...outer, [j, k]];
      if (level === R.length - 1) push(at, labelOf(k), sub, items);
      else if (p.layoutType === 'Tabular') {
        const first = rows.length;
        group(level + 1, sub, items);
        // An outer item's label shows on its group's first row only; its subtotal comes below the group.
        rows[first][at] = labelOf(k);
        if (subtotalled(j)) push(at, `${String(labelOf(k))} Total`, sub, items);
      } else {
        push(at, labelOf(k), subtotalled(j) ? sub : null, items);
        group(level + 1, sub, items);
      }
    }
  };
  const all = allRows(p.records);
  if (R.length > 0) group(0, all, []);
  else if (D.length > 0) push(-1, undefined, all, []);
  if (R.length > 0 && p.showColumnGrandTotals && D.length > 0) push(0, 'Grand Total', all, []);
}

/** Lays a PivotTable out from its cache (see the module comment). */
export function layoutPivot(p: PivotModel): PivotLayout {
  const sh = shapeOf(p);
  if (sh.R.length === 0 && sh.D.length === 0 && sh.C.length === 0)
    return { cells: [[undefined]], formats: [[undefined]], body: null, values: [] };
  const rows = headerRows(sh);
  const headers = rows.length;
  const fmts = rows.map(() => new Array<string | undefined>(sh.width).fill(undefined));
  const values: PivotValueCell[] = [];
  bodyRows(sh, rows, fmts, values);
  const body = rows.length - headers;
  return {
    cells: rows,
    formats: fmts,
    values,
    body:
      sh.D.length === 0 || body === 0 ? null : { r0: headers, c0: sh.labelCols, rows: body, cols: sh.dataCols.length },
  };
}

/**
 * Lays `p` out again and writes its cells in place of the old ones; throws, changing nothing, when the new
 * area leaves the grid, overlaps another PivotTable or a table, or would cover a cell that holds anything.
 */
export function renderPivot(model: WorkbookModel, p: PivotModel): void {
  const lay = layoutPivot(p);
  const rect: Rect = { r0: p.anchor.r0, c0: p.anchor.c0, rows: lay.cells.length, cols: lay.cells[0].length };
  if (rect.r0 + rect.rows > MAX_ROWS || rect.c0 + rect.cols > MAX_COLS)
    throw new SimError('InvalidOperation', 'The PivotTable would extend beyond the edge of the sheet.');
  const sheet = p.sheet;
  for (const q of model.pivots)
    if (q !== p && q.sheet === sheet && overlaps(q.area, rect))
      throw new SimError('InvalidOperation', 'A PivotTable report cannot overlap another PivotTable report.');
  for (const t of model.tables)
    if (t.sheet === sheet && overlaps(t.rect, rect))
      throw new SimError('InvalidOperation', 'A PivotTable report cannot overlap a table.');
  const old = p.area;
  const inOld = (r: number, c: number): boolean =>
    r >= old.r0 && r < old.r0 + old.rows && c >= old.c0 && c < old.c0 + old.cols;
  for (let r = rect.r0; r < rect.r0 + rect.rows; r++)
    for (let c = rect.c0; c < rect.c0 + rect.cols; c++)
      if (!inOld(r, c) && sheet.getFormula(r, c) !== '')
        throw new SimError(
          'InvalidOperation',
          `There's already data in ${formatRect(rect)}: the PivotTable "${p.name}" would cover ${formatRect({ r0: r, c0: c, rows: 1, cols: 1 })}.`,
        );
  sheet.clear(old);
  lay.cells.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v !== undefined) sheet.setRaw(rect.r0 + i, rect.c0 + j, v);
      const f = lay.formats[i]?.[j];
      if (f !== undefined) sheet.setFormat(rect.r0 + i, rect.c0 + j, f);
    });
  });
  p.area = rect;
  p.values = lay.values.map((v) => ({ ...v, r: rect.r0 + v.r, c: rect.c0 + v.c }));
  // Formulas that read PivotTables (GETPIVOTDATA) are calculated anew.
  model.calcDirty = true;
  p.body = lay.body
    ? { r0: rect.r0 + lay.body.r0, c0: rect.c0 + lay.body.c0, rows: lay.body.rows, cols: lay.body.cols }
    : null;
}

/** Changes a PivotTable and lays it out again; when the new layout cannot be written, the change is undone. */
export function changePivot(model: WorkbookModel, p: PivotModel, change: () => void): void {
  const saved = {
    rows: [...p.rows],
    columns: [...p.columns],
    data: p.data.map((d) => ({ ...d })),
    subtotals: new Map(p.subtotals),
    layoutType: p.layoutType,
    showRowGrandTotals: p.showRowGrandTotals,
    showColumnGrandTotals: p.showColumnGrandTotals,
    fields: p.fields,
    records: p.records,
  };
  change();
  try {
    renderPivot(model, p);
  } catch (e) {
    Object.assign(p, saved);
    throw e;
  }
}

/** The cell whose area holds the point (`left`, `top`), from the sheet's column widths and row heights. */
export function cellAt(sheet: SheetModel, left: number, top: number): { r0: number; c0: number } {
  let c = 0;
  for (let x = 0; c < MAX_COLS - 1; c++) {
    const w = sheet.columnWidths.get(c) ?? DEFAULT_COLUMN_POINTS;
    if (x + w > left + 1e-9) break;
    x += w;
  }
  let r = 0;
  for (let y = 0; r < MAX_ROWS - 1; r++) {
    const h = sheet.rowHeights.get(r) ?? DEFAULT_ROW_POINTS;
    if (y + h > top + 1e-9) break;
    y += h;
  }
  return { r0: r, c0: c };
}

/** A cell's distance in points from the sheet's left and top edges. */
export function cellOffset(sheet: SheetModel, r0: number, c0: number): { left: number; top: number } {
  let left = 0;
  for (let c = 0; c < c0; c++) left += sheet.columnWidths.get(c) ?? DEFAULT_COLUMN_POINTS;
  let top = 0;
  for (let r = 0; r < r0; r++) top += sheet.rowHeights.get(r) ?? DEFAULT_ROW_POINTS;
  return { left, top };
}

/** Excel's default column width (8.43 characters, 64 px) and row height, in points. */
export const DEFAULT_COLUMN_POINTS = 48;
export const DEFAULT_ROW_POINTS = 15;

/** The PivotTables and slicers of a workbook snapshot (see `WorkbookModel.snapshot`). */
export function pivotSnapshots(model: WorkbookModel): Pick<WorkbookSnapshot, 'pivotTables' | 'slicers'> {
  return {
    pivotTables: model.pivots.map((p) => ({
      name: p.name,
      sheet: p.sheet.name,
      source:
        'table' in p.source ? p.source.table.name : `${quoteSheet(p.source.sheet.name)}!${formatRect(p.source.rect)}`,
      address: formatRect(p.area),
      layoutType: p.layoutType,
      rows: [...p.rows],
      columns: [...p.columns],
      data: p.data.map((d) => ({ ...d })),
      subtotals: Object.fromEntries(
        [...p.rows, ...p.columns].map((f) => [f, p.subtotals.get(f.toLowerCase()) ?? true]),
      ),
      showRowGrandTotals: p.showRowGrandTotals,
      showColumnGrandTotals: p.showColumnGrandTotals,
    })),
    slicers: model.slicers.map((s) => {
      const at = cellAt(s.sheet, s.left, s.top);
      return {
        name: s.name,
        sheet: s.sheet.name,
        pivot: s.pivot?.name ?? null,
        table: s.table?.name ?? null,
        field: s.field,
        caption: s.caption,
        from: formatRect({ ...at, rows: 1, cols: 1 }),
        left: s.left,
        top: s.top,
        width: s.width,
        height: s.height,
      };
    }),
  };
}
