/**
 * The workbook behind the stand-in: sheets with columnar cell storage, tables, charts, conditional formats,
 * defined names, selection. Proxy objects (objects.ts) change it only while `sync()` runs.
 * Browser-safe: no Node modules.
 */
import { SimError } from './errors.js';
import { formatRect, MAX_COLS, MAX_ROWS, quoteSheet } from './address.js';
import type { Rect } from './address.js';
import { pivotSnapshots } from './pivot-model.js';
import { recalculate } from './calc.js';
import { deleteSheetInFormula, NOT_EVALUATED, renameSheetInFormula, sheetsNamedIn } from './formulas.js';
import type { PivotModel, SlicerModel } from './pivot-model.js';

/** What a cell holds (empty cells are `undefined` in storage and read as `""`, like Office.js). */
export type Stored = string | number | boolean | undefined;
export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

interface Column {
  v: Stored[];
  /** Formula text per row (`=…`), or undefined. */
  f: (string | undefined)[] | null;
  /** Number format per row; undefined = `General`. */
  nf: (string | undefined)[] | null;
}

export interface FormatRecord {
  address: string;
  props: Record<string, string | number | boolean>;
}

export interface RangeRefModel {
  sheet: SheetModel;
  rect: Rect;
}

export interface SeriesModel {
  name: string;
  values: RangeRefModel | null;
  xValues: RangeRefModel | null;
  chartType: string | null;
  axisGroup: 'Primary' | 'Secondary';
}

export interface AxisModel {
  title: string;
  numberFormat: string;
}

export interface ChartModel {
  id: string;
  name: string;
  sheet: SheetModel;
  chartType: string;
  title: string;
  titleVisible: boolean;
  series: SeriesModel[];
  categoryAxis: AxisModel;
  valueAxis: AxisModel;
  secondaryValueAxis: AxisModel;
  legend: { visible: boolean; position: string };
  varyByCategories: boolean;
  from: string;
  to: string;
}

export interface ConditionalFormatModel {
  sheet: SheetModel;
  rect: Rect;
  type: string;
  /** Settings recorded as given (criteria, colours, icon style …). */
  settings: Record<string, unknown>;
}

export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  rect: Rect;
  style: string;
  showHeaders: boolean;
  showBandedRows: boolean;
  showFilterButton: boolean;
}

export interface NameModel {
  name: string;
  sheet: SheetModel;
  rect: Rect;
  comment: string;
  visible: boolean;
}

const SHEET_BAD = /[:\\/?*[\]]/;
const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

/** Excel's sheet-name rules: 1–31 characters, none of `: \ / ? * [ ]`, no leading/trailing `'`, not `History`. */
export function checkSheetName(name: string): void {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 31 ||
    SHEET_BAD.test(name) ||
    name.startsWith("'") ||
    name.endsWith("'") ||
    name.toLowerCase() === 'history'
  ) {
    throw new SimError('InvalidArgument', `The sheet name "${name}" is not valid.`);
  }
}

/** Excel's rules for table and defined names: letter/underscore/backslash first, no spaces, not a cell reference. */
export function checkTableName(name: string): void {
  const looksLikeCell = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name);
  if (typeof name !== 'string' || name.length === 0 || name.length > 255 || !TABLE_NAME.test(name) || looksLikeCell) {
    throw new SimError('InvalidArgument', `The name "${name}" is not valid for a table or a defined name.`);
  }
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What Excel makes of a string typed or written through `Range.values` into a non-text cell. */
export function coerceString(s: string): { value: Stored; formula?: string; format?: string } {
  if (s.startsWith("'")) return { value: s.slice(1) };
  const t = s.trim();
  if (NUMERIC.test(t)) return { value: Number(t) };
  if (PERCENT.test(t)) return { value: Number(t.slice(0, -1)) / 100, format: '0%' };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  const d = ISO_DATE.exec(t);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    if (!Number.isNaN(ms)) return { value: ms / 86_400_000 + 25_569, format: 'yyyy-mm-dd' };
  }
  // Office.js: "If the value starts with a plus, minus, or equal sign, Excel interprets this value as a formula."
  // `@` is the implicit-intersection operator in current Excel: treated the same way here (stricter).
  // Its value is calculated (calc.ts) when the stand-in evaluates it, and stays NOT_EVALUATED otherwise.
  if (s.length > 1 && (s[0] === '=' || s[0] === '+' || s[0] === '-' || s[0] === '@')) {
    return { value: NOT_EVALUATED, formula: s[0] === '=' ? s : `=${s}` };
  }
  return { value: s };
}

let idCounter = 0;
export function newId(prefix: string): string {
  idCounter += 1;
  return `{${prefix}-${String(idCounter).padStart(8, '0')}}`;
}

/** A cell's key in `SheetModel`'s set of formula cells. */
const cellKey = (r: number, c: number): number => r * MAX_COLS + c;

export class SheetModel {
  readonly id = newId('sheet');
  name: string;
  /** The workbook it belongs to (set by `WorkbookModel.addSheet`): formulas written through Office.js go by it. */
  book: WorkbookModel | null = null;
  /** The cells holding a formula (`cellKey`), so that calculation and sheet renames visit only those. */
  private readonly formulaKeys = new Set<number>();
  visibility: Visibility = 'Visible';
  tabColor = '';
  cols: (Column | undefined)[] = [];
  merges: Rect[] = [];
  columnWidths = new Map<number, number>();
  /** Row heights in points by 0-based row. */
  rowHeights = new Map<number, number>();
  formats: FormatRecord[] = [];
  hyperlinks = new Map<string, { documentReference: string; textToDisplay: string }>();
  freeze = { rows: 0, columns: 0 };
  pageLayout: { orientation: string; zoom: Record<string, number> } = { orientation: 'Portrait', zoom: {} };
  deleted = false;
  private bounds: { r1: number; r2: number; c1: number; c2: number } | null = null;
  private boundsDirty = false;

  constructor(name: string) {
    this.name = name;
  }

  private col(c: number): Column {
    let col = this.cols[c];
    if (!col) {
      col = { v: [], f: null, nf: null };
      this.cols[c] = col;
    }
    return col;
  }

  private touch(r: number, c: number): void {
    const b = this.bounds;
    if (!b) this.bounds = { r1: r, r2: r, c1: c, c2: c };
    else {
      if (r < b.r1) b.r1 = r;
      if (r > b.r2) b.r2 = r;
      if (c < b.c1) b.c1 = c;
      if (c > b.c2) b.c2 = c;
    }
  }

  /** Stores a value as-is (no coercion): test setup and the .xlsx loader. */
  setRaw(r: number, c: number, value: Stored, formula?: string): void {
    const col = this.col(c);
    if (formula !== undefined) this.formulaKeys.add(cellKey(r, c));
    else if (col.f?.[r] !== undefined) this.formulaKeys.delete(cellKey(r, c));
    if (value === undefined && formula === undefined) {
      if (col.v[r] !== undefined || col.f?.[r] !== undefined) this.boundsDirty = true;
      col.v[r] = undefined;
      if (col.f) col.f[r] = undefined;
      return;
    }
    col.v[r] = value;
    if (formula !== undefined) (col.f ??= [])[r] = formula;
    else if (col.f) col.f[r] = undefined;
    this.touch(r, c);
  }

  /** The formula cells: row, column and formula text. */
  *formulaCells(): Generator<[number, number, string]> {
    for (const k of this.formulaKeys) {
      const r = Math.floor(k / MAX_COLS);
      const c = k % MAX_COLS;
      const f = this.cols[c]?.f?.[r];
      if (f !== undefined) yield [r, c, f];
    }
  }

  /** Stores a formula cell's calculated value (its formula stays). */
  setCalculated(r: number, c: number, value: string | number | boolean): void {
    this.col(c).v[r] = value;
  }

  /** Replaces a formula cell's text (a sheet renamed or deleted), its value until it is calculated again. */
  setFormulaText(r: number, c: number, formula: string): void {
    const col = this.cols[c];
    if (col?.f?.[r] !== undefined) col.f[r] = formula;
  }

  /** Fills a whole column from row `r0` (fast path for generated test sheets). */
  setColumnRaw(c: number, r0: number, values: readonly Stored[]): void {
    const col = this.col(c);
    for (let i = 0; i < values.length; i++) col.v[r0 + i] = values[i];
    if (values.length > 0) {
      this.touch(r0, c);
      this.touch(r0 + values.length - 1, c);
    }
  }

  /** Writes one cell the way `Range.values` does (null = leave unchanged, "" = clear, strings coerced). */
  writeValue(r: number, c: number, raw: unknown): void {
    if (raw === null || raw === undefined) return;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) throw new SimError('InvalidArgument', 'A number written to a cell must be finite.');
      this.setRaw(r, c, raw);
    } else if (typeof raw === 'boolean') {
      this.setRaw(r, c, raw);
    } else if (typeof raw === 'string') {
      if (raw === '') {
        this.setRaw(r, c, undefined);
        return;
      }
      if (this.getFormat(r, c) === '@') {
        this.setRaw(r, c, raw);
        return;
      }
      const k = coerceString(raw);
      if (k.formula !== undefined) this.book?.acceptFormula(k.formula);
      this.setRaw(r, c, k.value, k.formula);
      if (k.format && this.getFormat(r, c) === 'General') this.setFormat(r, c, k.format);
    } else {
      throw new SimError('InvalidArgument', `Cell values must be strings, numbers or booleans, not ${typeof raw}.`);
    }
  }

  /** Writes one cell the way `Range.formulas` does (its value is calculated, see calc.ts). */
  writeFormula(r: number, c: number, raw: unknown): void {
    if (typeof raw === 'string' && raw.startsWith('=') && raw.length > 1) {
      this.book?.acceptFormula(raw);
      this.setRaw(r, c, NOT_EVALUATED, raw);
    } else this.writeValue(r, c, raw);
  }

  getValue(r: number, c: number): string | number | boolean {
    return this.cols[c]?.v[r] ?? '';
  }

  getFormula(r: number, c: number): string | number | boolean {
    const col = this.cols[c];
    return col?.f?.[r] ?? col?.v[r] ?? '';
  }

  getFormat(r: number, c: number): string {
    return this.cols[c]?.nf?.[r] ?? 'General';
  }

  setFormat(r: number, c: number, format: string): void {
    const col = this.col(c);
    (col.nf ??= [])[r] = format === 'General' ? undefined : format;
  }

  /** Bounding box of cells holding a value or formula, or null for an empty sheet. */
  usedRect(): Rect | null {
    if (this.boundsDirty) this.recomputeBounds();
    const b = this.bounds;
    return b ? { r0: b.r1, c0: b.c1, rows: b.r2 - b.r1 + 1, cols: b.c2 - b.c1 + 1 } : null;
  }

  private recomputeBounds(): void {
    this.bounds = null;
    this.boundsDirty = false;
    this.cols.forEach((col, c) => {
      if (!col) return;
      const n = Math.max(col.v.length, col.f?.length ?? 0);
      for (let r = 0; r < n; r++) if (col.v[r] !== undefined || col.f?.[r] !== undefined) this.touch(r, c);
    });
  }

  /** Clears values, formulas and formats of a rectangle. */
  clear(rect: Rect): void {
    for (let c = rect.c0; c < rect.c0 + rect.cols; c++) {
      const col = this.cols[c];
      if (!col) continue;
      for (let r = rect.r0; r < rect.r0 + rect.rows; r++) {
        col.v[r] = undefined;
        if (col.f?.[r] !== undefined) {
          col.f[r] = undefined;
          this.formulaKeys.delete(cellKey(r, c));
        }
        if (col.nf) col.nf[r] = undefined;
      }
    }
    this.boundsDirty = true;
  }
}

export interface WorkbookModelOptions {
  date1904?: boolean;
}

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  names: NameModel[] = [];
  charts: ChartModel[] = [];
  conditionalFormats: ConditionalFormatModel[] = [];
  pivots: PivotModel[] = [];
  slicers: SlicerModel[] = [];
  active: SheetModel | null = null;
  /**
   * Sheets whose tabs are selected besides the active one: with any, the sheets form a *group*, where an
   * edit goes to every sheet of it. Files set it (`tabSelected`); `activate()` ends it unless the sheet
   * activated is in the group (as clicking a tab does in Excel; Office.js cannot read or set the group).
   */
  grouped = new Set<SheetModel>();
  selection: { sheet: SheetModel; rects: Rect[] } | null = null;
  date1904: boolean;
  /** Something formulas read changed since the last calculation (see calc.ts). */
  calcDirty = false;

  constructor(options: WorkbookModelOptions = {}) {
    this.date1904 = options.date1904 ?? false;
  }

  findSheet(name: string): SheetModel | undefined {
    const k = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === k);
  }

  sheet(name: string): SheetModel {
    const s = this.findSheet(name);
    if (!s) throw new SimError('ItemNotFound', `The worksheet "${name}" does not exist.`);
    return s;
  }

  /** Adds a sheet at the end (Excel's rules: valid, unique ignoring case). The first sheet becomes active. */
  addSheet(name?: string): SheetModel {
    let n = name;
    if (n === undefined) {
      let i = this.sheets.length + 1;
      while (this.findSheet(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    checkSheetName(n);
    if (this.findSheet(n)) throw new SimError('ItemAlreadyExists', `A sheet named "${n}" already exists.`);
    const s = new SheetModel(n);
    s.book = this;
    this.sheets.push(s);
    this.active ??= s;
    return s;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    checkSheetName(name);
    const other = this.findSheet(name);
    if (other && other !== sheet) throw new SimError('ItemAlreadyExists', `A sheet named "${name}" already exists.`);
    // Excel rewrites every formula that refers to the sheet (see formulas.ts).
    const from = sheet.name;
    this.rewriteFormulas((f) => renameSheetInFormula(f, from, name));
    sheet.name = name;
  }

  /** Applies `change` to every formula's text; a changed formula is calculated again. */
  private rewriteFormulas(change: (formula: string) => string): void {
    for (const s of this.sheets) {
      for (const [r, c, f] of s.formulaCells()) {
        const next = change(f);
        if (next === f) continue;
        s.setFormulaText(r, c, next);
        this.calcDirty = true;
      }
    }
  }

  /**
   * Checks a formula written through Office.js: each sheet it names must exist (stricter than Excel, which asks
   * for a workbook of that name); marks the workbook for calculation.
   */
  acceptFormula(formula: string): void {
    for (const name of sheetsNamedIn(formula)) {
      if (!this.findSheet(name))
        throw new SimError(
          'InvalidArgument',
          `The formula ${formula} refers to the sheet "${name}", which this workbook does not have.`,
        );
    }
    this.calcDirty = true;
  }

  /** Calculates the formulas (calc.ts) when something they read changed. */
  calculate(): void {
    if (this.calcDirty) recalculate(this);
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === 'Visible');
  }

  setVisibility(sheet: SheetModel, v: Visibility): void {
    if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden')
      throw new SimError('InvalidArgument', `Unknown visibility "${String(v)}".`);
    if (v !== 'Visible' && sheet.visibility === 'Visible' && this.visibleSheets().length === 1) {
      throw new SimError('InvalidOperation', 'A workbook must keep at least one visible sheet.');
    }
    sheet.visibility = v;
    if (v !== 'Visible') this.grouped.delete(sheet);
    if (v !== 'Visible' && this.active === sheet) this.active = this.visibleSheets()[0] ?? null;
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === 'VeryHidden') {
      throw new SimError(
        'InvalidOperation',
        'A very hidden worksheet cannot be deleted; make it visible or hidden first.',
      );
    }
    if (sheet.visibility === 'Visible' && this.visibleSheets().length === 1) {
      throw new SimError('InvalidOperation', 'A workbook must keep at least one visible sheet.');
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    // Excel turns every reference to the sheet into #REF! (see formulas.ts).
    this.rewriteFormulas((f) => deleteSheetInFormula(f, sheet.name));
    this.tables = this.tables.filter((t) => t.sheet !== sheet);
    this.charts = this.charts.filter((c) => c.sheet !== sheet);
    this.conditionalFormats = this.conditionalFormats.filter((c) => c.sheet !== sheet);
    this.names = this.names.filter((n) => n.sheet !== sheet);
    // Its PivotTables and slicers go, and the slicers of those PivotTables and of its tables (a PivotTable
    // elsewhere that reads one of its tables keeps its cache).
    for (const p of this.pivots) if (p.sheet === sheet) p.deleted = true;
    if (this.pivots.some((p) => p.deleted)) this.calcDirty = true;
    this.pivots = this.pivots.filter((p) => !p.deleted);
    this.dropOrphanSlicers((s) => s.sheet === sheet);
    sheet.deleted = true;
    this.grouped.delete(sheet);
    if (this.active === sheet) this.active = this.visibleSheets()[0] ?? null;
    if (this.selection?.sheet === sheet) this.selection = null;
  }

  /** Removes the slicers `gone` names and those whose PivotTable or table no longer exists. */
  dropOrphanSlicers(gone: (s: SlicerModel) => boolean = () => false): void {
    for (const s of this.slicers) {
      const orphan = s.pivot ? !this.pivots.includes(s.pivot) : s.table !== null && !this.tables.includes(s.table);
      if (gone(s) || orphan) s.deleted = true;
    }
    this.slicers = this.slicers.filter((s) => !s.deleted);
  }

  moveSheet(sheet: SheetModel, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) {
      throw new SimError('InvalidArgument', `Sheet position ${position} is out of range.`);
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.sheets.splice(position, 0, sheet);
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== 'Visible') throw new SimError('InvalidOperation', 'A hidden sheet cannot be activated.');
    if (sheet === this.active) return;
    if (this.grouped.has(sheet)) {
      // A tab inside the group: the group stays, with this sheet now the active one.
      this.grouped.delete(sheet);
      if (this.active) this.grouped.add(this.active);
    } else {
      this.grouped.clear();
    }
    this.active = sheet;
  }

  /** The selected sheets in tab order: the active one and its group. */
  selectedSheets(): SheetModel[] {
    return this.sheets.filter((s) => s === this.active || this.grouped.has(s));
  }

  private nameTaken(name: string, except?: unknown): boolean {
    const k = name.toLowerCase();
    return (
      this.tables.some((t) => t !== except && t.name.toLowerCase() === k) ||
      this.names.some((n) => n !== except && n.name.toLowerCase() === k)
    );
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    for (const t of this.tables) {
      if (t.sheet === sheet && overlaps(t.rect, rect))
        throw new SimError('InvalidOperation', 'A table cannot overlap another table.');
    }
    let i = this.tables.length + 1;
    while (this.nameTaken(`Table${i}`)) i++;
    let r = rect;
    if (!hasHeaders) {
      // Excel inserts a header row above the data ("Column1" …), shifting nothing here: the first row becomes headers.
      if (rect.r0 + rect.rows >= MAX_ROWS) throw new SimError('InvalidArgument', 'No room for the header row.');
      r = { ...rect, rows: rect.rows + 1 };
    }
    const t: TableModel = {
      id: newId('table'),
      name: `Table${i}`,
      sheet,
      rect: r,
      style: 'TableStyleMedium2',
      showHeaders: true,
      showBandedRows: true,
      showFilterButton: true,
    };
    if (hasHeaders) {
      // Header cells must be distinct non-empty text; Excel fills blanks with "Column1"… and dedupes.
      const seen = new Set<string>();
      for (let c = 0; c < rect.cols; c++) {
        let h = String(sheet.getValue(rect.r0, rect.c0 + c));
        if (h === '') h = `Column${c + 1}`;
        let name = h;
        let k = 2;
        while (seen.has(name.toLowerCase())) name = `${h}${k++}`;
        seen.add(name.toLowerCase());
        if (name !== sheet.getValue(rect.r0, rect.c0 + c)) sheet.setRaw(rect.r0, rect.c0 + c, name);
      }
    }
    this.tables.push(t);
    return t;
  }

  renameTable(t: TableModel, name: string): void {
    checkTableName(name);
    if (this.nameTaken(name, t))
      throw new SimError('ItemAlreadyExists', `The name "${name}" is already used by a table or a defined name.`);
    t.name = name;
  }

  addName(name: string, sheet: SheetModel, rect: Rect, comment = ''): NameModel {
    checkTableName(name);
    if (this.nameTaken(name)) throw new SimError('ItemAlreadyExists', `The name "${name}" already exists.`);
    const n: NameModel = { name, sheet, rect, comment, visible: true };
    this.names.push(n);
    return n;
  }

  newChart(sheet: SheetModel, chartType: string): ChartModel {
    let i = this.charts.filter((c) => c.sheet === sheet).length + 1;
    while (this.charts.some((c) => c.sheet === sheet && c.name === `Chart ${i}`)) i++;
    const axis = (): AxisModel => ({ title: '', numberFormat: 'General' });
    const c: ChartModel = {
      id: newId('chart'),
      name: `Chart ${i}`,
      sheet,
      chartType,
      title: '',
      titleVisible: false,
      series: [],
      categoryAxis: axis(),
      valueAxis: axis(),
      secondaryValueAxis: axis(),
      legend: { visible: true, position: 'Right' },
      varyByCategories: false,
      from: 'A1',
      to: 'H15',
    };
    this.charts.push(c);
    return c;
  }

  /**
   * The snapshot as one string, with each sheet's cells (values, formulas, number formats) replaced by a
   * hash of what is stored: equal fingerprints mean equal snapshots (up to a 64-bit hash collision), at a
   * fraction of the cost on sheets of 100,000 rows, for tests that compare a workbook many times.
   */
  fingerprint(): string {
    return JSON.stringify(this.snapshot((s) => cellsHash(s)));
  }

  /**
   * A plain JSON picture of the whole workbook, for tests (compare before/after with `toEqual`). With
   * `digest`, each sheet's cells are one string it makes of the sheet (see `fingerprint`).
   */
  snapshot(digest?: (s: SheetModel) => string): WorkbookSnapshot {
    const ref = (r: RangeRefModel | null): string | null =>
      r ? `${quoteSheet(r.sheet.name)}!${formatRect(r.rect)}` : null;
    return {
      activeSheet: this.active?.name ?? null,
      selectedSheets: this.selectedSheets().map((s) => s.name),
      date1904: this.date1904,
      sheets: this.sheets.map((s) => {
        const used = s.usedRect();
        if (digest) {
          return { ...sheetProps(s, used), values: [[digest(s)]], formulas: {}, numberFormats: {} };
        }
        const values: (string | number | boolean)[][] = [];
        const formulas: Record<string, string> = {};
        const numberFormats: Record<string, string> = {};
        if (used) {
          for (let r = used.r0; r < used.r0 + used.rows; r++) {
            const row: (string | number | boolean)[] = [];
            for (let c = used.c0; c < used.c0 + used.cols; c++) {
              row.push(s.getValue(r, c));
              const f = s.cols[c]?.f?.[r];
              if (f !== undefined) formulas[formatRect({ r0: r, c0: c, rows: 1, cols: 1 })] = f;
            }
            values.push(row);
          }
        }
        s.cols.forEach((col, c) => {
          col?.nf?.forEach((f, r) => {
            if (f !== undefined) numberFormats[formatRect({ r0: r, c0: c, rows: 1, cols: 1 })] = f;
          });
        });
        return { ...sheetProps(s, used), values, formulas, numberFormats };
      }),
      tables: this.tables.map((t) => ({
        name: t.name,
        sheet: t.sheet.name,
        address: formatRect(t.rect),
        style: t.style,
        showHeaders: t.showHeaders,
        showBandedRows: t.showBandedRows,
        showFilterButton: t.showFilterButton,
      })),
      charts: this.charts.map((c) => ({
        name: c.name,
        sheet: c.sheet.name,
        chartType: c.chartType,
        title: c.title,
        from: c.from,
        to: c.to,
        legend: { ...c.legend },
        varyByCategories: c.varyByCategories,
        axes: {
          category: { ...c.categoryAxis },
          value: { ...c.valueAxis },
          secondaryValue: { ...c.secondaryValueAxis },
        },
        series: c.series.map((s) => ({
          name: s.name,
          values: ref(s.values),
          xValues: ref(s.xValues),
          chartType: s.chartType,
          axisGroup: s.axisGroup,
        })),
      })),
      conditionalFormats: this.conditionalFormats.map((f) => ({
        sheet: f.sheet.name,
        address: formatRect(f.rect),
        type: f.type,
        settings: structuredClone(f.settings),
      })),
      names: this.names.map((n) => ({
        name: n.name,
        reference: `${quoteSheet(n.sheet.name)}!${formatRect(n.rect)}`,
        comment: n.comment,
      })),
      ...pivotSnapshots(this),
    };
  }
}

/** A sheet's snapshot but its cells. */
function sheetProps(s: SheetModel, used: Rect | null): Omit<SheetSnapshot, 'values' | 'formulas' | 'numberFormats'> {
  return {
    name: s.name,
    visibility: s.visibility,
    tabColor: s.tabColor,
    usedRange: used ? formatRect(used) : null,
    merges: s.merges.map(formatRect),
    columnWidths: Object.fromEntries([...s.columnWidths].sort((a, b) => a[0] - b[0])),
    rowHeights: Object.fromEntries([...s.rowHeights].sort((a, b) => a[0] - b[0])),
    formats: s.formats.map((f) => ({ ...f, props: { ...f.props } })),
    hyperlinks: Object.fromEntries(s.hyperlinks),
    freeze: { ...s.freeze },
    pageLayout: { orientation: s.pageLayout.orientation, zoom: { ...s.pageLayout.zoom } },
  };
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/**
 * Two 32-bit FNV-1a-style hashes (different multipliers) over every stored value, formula and format with
 * its place and type; numbers are fed as their 64 bits, so no string is built per cell.
 */
function cellsHash(s: SheetModel): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const word = (w: number): void => {
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995);
  };
  const text = (t: string): void => {
    word(t.length);
    for (let i = 0; i < t.length; i++) word(t.charCodeAt(i));
  };
  const cell = (kind: number, r: number, x: unknown): void => {
    word(kind);
    word(r);
    if (typeof x === 'number') {
      f64[0] = x;
      word(1);
      word(f64Words[0]);
      word(f64Words[1]);
    } else if (typeof x === 'boolean') {
      word(x ? 3 : 2);
    } else {
      word(4);
      text(String(x));
    }
  };
  s.cols.forEach((col, c) => {
    if (!col) return;
    word(0xc0de);
    word(c);
    const parts = [col.v, col.f, col.nf];
    parts.forEach((arr, kind) => {
      arr?.forEach((x, r) => {
        if (x !== undefined) cell(kind, r, x);
      });
    });
  });
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

export interface SheetSnapshot {
  name: string;
  visibility: Visibility;
  tabColor: string;
  usedRange: string | null;
  values: (string | number | boolean)[][];
  formulas: Record<string, string>;
  numberFormats: Record<string, string>;
  merges: string[];
  columnWidths: Record<string, number>;
  rowHeights: Record<string, number>;
  formats: FormatRecord[];
  hyperlinks: Record<string, { documentReference: string; textToDisplay: string }>;
  freeze: { rows: number; columns: number };
  pageLayout: { orientation: string; zoom: Record<string, number> };
}

export interface WorkbookSnapshot {
  activeSheet: string | null;
  /** The active sheet and any grouped with it, in tab order (more than one: a group). */
  selectedSheets: string[];
  date1904: boolean;
  sheets: SheetSnapshot[];
  tables: {
    name: string;
    sheet: string;
    address: string;
    style: string;
    showHeaders: boolean;
    showBandedRows: boolean;
    showFilterButton: boolean;
  }[];
  charts: {
    name: string;
    sheet: string;
    chartType: string;
    title: string;
    from: string;
    to: string;
    legend: { visible: boolean; position: string };
    varyByCategories: boolean;
    axes: { category: AxisModel; value: AxisModel; secondaryValue: AxisModel };
    series: {
      name: string;
      values: string | null;
      xValues: string | null;
      chartType: string | null;
      axisGroup: string;
    }[];
  }[];
  conditionalFormats: { sheet: string; address: string; type: string; settings: Record<string, unknown> }[];
  names: { name: string; reference: string; comment: string }[];
  pivotTables: {
    name: string;
    sheet: string;
    /** The source table's name, or a sheet-qualified range. */
    source: string;
    /** The cells it fills. */
    address: string;
    layoutType: string;
    rows: string[];
    columns: string[];
    data: { field: string; name: string; summarizeBy: string; numberFormat: string }[];
    /** Automatic subtotals of each row and column field. */
    subtotals: Record<string, boolean>;
    showRowGrandTotals: boolean;
    showColumnGrandTotals: boolean;
  }[];
  slicers: {
    name: string;
    sheet: string;
    pivot: string | null;
    table: string | null;
    field: string;
    caption: string;
    /** The cell under its top-left corner. */
    from: string;
    left: number;
    top: number;
    width: number;
    height: number;
  }[];
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;
}

export { MAX_COLS, MAX_ROWS };
