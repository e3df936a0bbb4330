/**
 * Proxy objects of the stand-in: every member the add-in uses (the contract in addin/office/excel-api.ts,
 * which this stand-in implements), each queuing commands that run at `sync()`. Members from newer
 * requirement sets check the configured ExcelApi version (`ApiNotFound`).
 */
import { SimError } from './errors.js';
import { checkRect, formatRect, parseAddress, quoteSheet, splitSheetAddress } from './address.js';
import type { Rect } from './address.js';
import { Binding, jsonBytes, MAX_CELLS_PER_READ, SimObject } from './context.js';
import type { SimContext } from './context.js';
import { overlaps } from './model.js';
import { NOT_EVALUATED } from './formulas.js';
import { cellOffset } from './pivot-model.js';
import { SimPivotTableCollection, SimSlicerCollection } from './pivot-objects.js';
import type { SimParts } from './pivot-objects.js';
import type {
  AxisModel,
  ChartModel,
  ConditionalFormatModel,
  NameModel,
  SeriesModel,
  SheetModel,
  TableModel,
} from './model.js';
import type {
  AxisGroupName,
  AxisTypeName,
  ChartSeriesByName,
  ChartTypeName,
  ConditionalFormatTypeName,
  XlApplication,
  XlChart,
  XlChartAxes,
  XlChartAxis,
  XlChartAxisTitle,
  XlChartCollection,
  XlChartLegend,
  XlChartSeries,
  XlChartSeriesCollection,
  XlChartTitle,
  XlConditionalColorScale,
  XlConditionalDataBar,
  XlConditionalDataBarPositiveFormat,
  XlConditionalFormat,
  XlConditionalFormatCollection,
  XlConditionalIconSet,
  XlFunctionResult,
  XlFunctions,
  XlNamedItem,
  XlNamedItemCollection,
  XlRange,
  XlRangeAreas,
  XlRangeCollection,
  XlRangeFill,
  XlRangeFont,
  XlRangeFormat,
  XlTable,
  XlTableCollection,
  XlWorkbook,
  XlWorksheet,
  XlPageLayout,
  XlPivotTableCollection,
  XlSlicerCollection,
  XlWorksheetCollection,
  XlWorksheetFreezePanes,
} from '../office/excel-api.js';

interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

/** The binding behind a range proxy; a range from another context or host is an `InvalidArgument`. */
function targetOf(range: XlRange): Binding<RangeTarget> {
  if (!(range instanceof SimRange))
    throw new SimError('InvalidArgument', 'The range does not belong to this workbook.');
  return range.target;
}

/**
 * Throws when column `j` of a values read holds a formula the stand-in does not evaluate (see formulas.ts):
 * Excel would give its result, the stand-in has none to give.
 */
function notEvaluated(sheet: SheetModel, rect: Rect, j: number, out: unknown[][]): void {
  const i = out.findIndex((row) => row[j] === NOT_EVALUATED);
  if (i < 0) return;
  const at = formatRect({ r0: rect.r0 + i, c0: rect.c0 + j, rows: 1, cols: 1 });
  throw new SimError(
    'InvalidOperation',
    `The stand-in does not evaluate the formula ${String(sheet.getFormula(rect.r0 + i, rect.c0 + j))} in ${quoteSheet(sheet.name)}!${at}: it evaluates GETPIVOTDATA and IFERROR only (addin/excel-sim/formulas.ts).`,
  );
}

function live(sheet: SheetModel): SheetModel {
  if (sheet.deleted) throw new SimError('InvalidReference', `The worksheet "${sheet.name}" was deleted.`);
  return sheet;
}

/** Loads a collection's items: `load('items/name')`, `load('name')` or `load()` (Office.js accepts all three). */
function loadItems<M>(
  owner: SimObject & { stageItems(items: unknown[]): void },
  ctx: SimContext,
  arg: string | string[] | undefined,
  list: () => M[],
  make: (m: M) => SimObject,
): void {
  const raw =
    arg === undefined ? [] : (Array.isArray(arg) ? arg : arg.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const names = raw.map((n) => n.replace(/^items\/?/, '')).filter((n) => n !== '');
  ctx.enqueue(`${owner.constructor.name}.load`, jsonBytes(raw), () => {
    const items = list().map(make);
    let bytes = 2;
    for (const item of items) {
      const r = item.readNow(names.length > 0 ? names : item.defaultLoad());
      item.stageLoaded(r.values);
      bytes += r.bytes + 1;
    }
    owner.stageItems(items);
    return bytes;
  });
}

abstract class SimItem extends SimObject {}

abstract class SimCollection<C> extends SimObject {
  protected readonly loadable: readonly string[] = [];
  protected readProperty(name: string): unknown {
    throw new SimError('InvalidArgument', `Unknown property ${name}.`);
  }
  get items(): C[] {
    return this.get<C[]>('items');
  }
  stageItems(items: unknown[]): void {
    this.stageLoaded({ items });
  }
}

// ───────────────────────────── ranges ─────────────────────────────

class SimRangeFont extends SimObject implements XlRangeFont {
  protected readonly loadable = ['bold', 'italic', 'size', 'color', 'underline'] as const;
  constructor(
    ctx: SimContext,
    private readonly range: Binding<RangeTarget>,
  ) {
    super(ctx);
  }
  protected readProperty(name: string): unknown {
    const t = this.range.get();
    const key = `font.${name}`;
    let v: unknown = { bold: false, italic: false, size: 11, color: '#000000', underline: 'None' }[name];
    for (const f of live(t.sheet).formats) if (f.address === formatRect(t.rect) && key in f.props) v = f.props[key];
    return v;
  }
  private record(name: string, value: string | number | boolean): void {
    this.set(name, value, () => {
      recordFormat(this.range.get(), `font.${name}`, value);
    });
  }
  get bold(): boolean {
    return this.get('bold');
  }
  set bold(v: boolean) {
    this.record('bold', v);
  }
  get italic(): boolean {
    return this.get('italic');
  }
  set italic(v: boolean) {
    this.record('italic', v);
  }
  get size(): number {
    return this.get('size');
  }
  set size(v: number) {
    this.record('size', v);
  }
  get color(): string {
    return this.get('color');
  }
  set color(v: string) {
    this.record('color', v);
  }
  get underline(): XlRangeFont['underline'] {
    return this.get('underline');
  }
  set underline(v: XlRangeFont['underline']) {
    this.record('underline', v);
  }
}

function recordFormat(t: RangeTarget, key: string, value: string | number | boolean): void {
  const sheet = live(t.sheet);
  const address = formatRect(t.rect);
  let rec = sheet.formats.find((f) => f.address === address);
  if (!rec) {
    rec = { address, props: {} };
    sheet.formats.push(rec);
  }
  rec.props[key] = value;
}

class SimRangeFill extends SimObject implements XlRangeFill {
  protected readonly loadable = ['color'] as const;
  constructor(
    ctx: SimContext,
    private readonly range: Binding<RangeTarget>,
  ) {
    super(ctx);
  }
  protected readProperty(): unknown {
    const t = this.range.get();
    const f = live(t.sheet).formats.find((x) => x.address === formatRect(t.rect));
    return f?.props['fill.color'] ?? '#FFFFFF';
  }
  get color(): string {
    return this.get('color');
  }
  set color(v: string) {
    this.set('color', v, () => {
      recordFormat(this.range.get(), 'fill.color', v);
    });
  }
}

class SimRangeFormat extends SimObject implements XlRangeFormat {
  protected readonly loadable = [
    'columnWidth',
    'rowHeight',
    'wrapText',
    'horizontalAlignment',
    'verticalAlignment',
  ] as const;
  readonly font: SimRangeFont;
  readonly fill: SimRangeFill;
  constructor(
    ctx: SimContext,
    private readonly range: Binding<RangeTarget>,
  ) {
    super(ctx);
    this.font = new SimRangeFont(ctx, range);
    this.fill = new SimRangeFill(ctx, range);
  }
  protected readProperty(name: string): unknown {
    const t = this.range.get();
    if (name === 'columnWidth') return live(t.sheet).columnWidths.get(t.rect.c0) ?? 48;
    if (name === 'rowHeight') return live(t.sheet).rowHeights.get(t.rect.r0) ?? 15;
    const f = live(t.sheet).formats.find((x) => x.address === formatRect(t.rect));
    return f?.props[name] ?? { wrapText: false, horizontalAlignment: 'General', verticalAlignment: 'Bottom' }[name];
  }
  get columnWidth(): number {
    return this.get('columnWidth');
  }
  set columnWidth(v: number) {
    this.set('columnWidth', v, () => {
      const t = this.range.get();
      if (!(v >= 0 && v <= 255 * 7.5)) throw new SimError('InvalidArgument', `Column width ${v} is out of range.`);
      for (let c = t.rect.c0; c < t.rect.c0 + t.rect.cols; c++) live(t.sheet).columnWidths.set(c, v);
    });
  }
  get rowHeight(): number {
    return this.get('rowHeight');
  }
  set rowHeight(v: number) {
    this.set('rowHeight', v, () => {
      const t = this.range.get();
      // Excel's limit is 409 points.
      if (!(v >= 0 && v <= 409)) throw new SimError('InvalidArgument', `Row height ${v} is out of range.`);
      for (let r = t.rect.r0; r < t.rect.r0 + t.rect.rows; r++) live(t.sheet).rowHeights.set(r, v);
    });
  }
  get wrapText(): boolean {
    return this.get('wrapText');
  }
  set wrapText(v: boolean) {
    this.set('wrapText', v, () => {
      recordFormat(this.range.get(), 'wrapText', v);
    });
  }
  get horizontalAlignment(): XlRangeFormat['horizontalAlignment'] {
    return this.get('horizontalAlignment');
  }
  set horizontalAlignment(v: XlRangeFormat['horizontalAlignment']) {
    this.set('horizontalAlignment', v, () => {
      recordFormat(this.range.get(), 'horizontalAlignment', v);
    });
  }
  get verticalAlignment(): XlRangeFormat['verticalAlignment'] {
    return this.get('verticalAlignment');
  }
  set verticalAlignment(v: XlRangeFormat['verticalAlignment']) {
    this.set('verticalAlignment', v, () => {
      recordFormat(this.range.get(), 'verticalAlignment', v);
    });
  }
  autofitColumns(): void {
    this.ctx.requireApi('1.2', 'RangeFormat.autofitColumns');
    this.call('autofitColumns', null, () => {
      recordFormat(this.range.get(), 'autofitColumns', true);
    });
  }
}

class SimConditionalFormat implements XlConditionalFormat {
  readonly colorScale: XlConditionalColorScale;
  readonly dataBar: XlConditionalDataBar;
  readonly iconSet: XlConditionalIconSet;
  constructor(ctx: SimContext, cf: Binding<ConditionalFormatModel>) {
    const setter =
      (key: string) =>
      (v: unknown): void => {
        ctx.enqueue(`ConditionalFormat.${key}`, jsonBytes(v), () => {
          cf.get().settings[key] = structuredClone(v);
          return 0;
        });
      };
    const notLoaded = (): never => {
      throw new SimError('PropertyNotLoaded', 'Conditional format settings are write-only in the stand-in.');
    };
    const positiveFormat: XlConditionalDataBarPositiveFormat = {
      get fillColor(): string {
        return notLoaded();
      },
      set fillColor(v: string) {
        setter('dataBar.positiveFormat.fillColor')(v);
      },
      get gradientFill(): boolean {
        return notLoaded();
      },
      set gradientFill(v: boolean) {
        setter('dataBar.positiveFormat.gradientFill')(v);
      },
    };
    this.colorScale = {
      get criteria(): Excel.ConditionalColorScaleCriteria {
        return notLoaded();
      },
      set criteria(v: Excel.ConditionalColorScaleCriteria) {
        setter('colorScale.criteria')(v);
      },
    };
    this.dataBar = { positiveFormat };
    this.iconSet = {
      get style(): XlConditionalIconSet['style'] {
        return notLoaded();
      },
      set style(v: XlConditionalIconSet['style']) {
        setter('iconSet.style')(v);
      },
      get reverseIconOrder(): boolean {
        return notLoaded();
      },
      set reverseIconOrder(v: boolean) {
        setter('iconSet.reverseIconOrder')(v);
      },
      get criteria(): Excel.ConditionalIconCriterion[] {
        return notLoaded();
      },
      set criteria(v: Excel.ConditionalIconCriterion[]) {
        setter('iconSet.criteria')(v);
      },
    };
  }
}

class SimConditionalFormatCollection implements XlConditionalFormatCollection {
  constructor(
    private readonly ctx: SimContext,
    private readonly range: Binding<RangeTarget>,
  ) {}
  add(type: Excel.ConditionalFormatType | ConditionalFormatTypeName): XlConditionalFormat {
    this.ctx.requireApi('1.6', 'ConditionalFormatCollection.add');
    let created: ConditionalFormatModel | null = null;
    this.ctx.enqueue('ConditionalFormatCollection.add', jsonBytes(type), () => {
      const t = this.range.get();
      const known = [
        'ColorScale',
        'DataBar',
        'IconSet',
        'Custom',
        'CellValue',
        'TopBottom',
        'PresetCriteria',
        'ContainsText',
      ];
      if (!known.includes(type)) throw new SimError('InvalidArgument', `Unknown conditional format type ${type}.`);
      created = { sheet: live(t.sheet), rect: t.rect, type, settings: {} };
      this.ctx.model.conditionalFormats.push(created);
      return 0;
    });
    return new SimConditionalFormat(this.ctx, new Binding(() => created, false, 'The conditional format'));
  }
}

export class SimRange extends SimObject implements XlRange {
  protected readonly loadable = [
    'address',
    'rowCount',
    'columnCount',
    'rowIndex',
    'columnIndex',
    'left',
    'top',
    'values',
    'numberFormat',
    'formulas',
  ] as const;
  readonly format: SimRangeFormat;
  readonly conditionalFormats: SimConditionalFormatCollection;

  constructor(
    ctx: SimContext,
    readonly target: Binding<RangeTarget>,
    private readonly nullable = false,
  ) {
    super(ctx);
    this.format = new SimRangeFormat(ctx, target);
    this.conditionalFormats = new SimConditionalFormatCollection(ctx, target);
    if (nullable) {
      ctx.enqueue('Range.resolve', 0, () => {
        this.stageLoaded({ isNullObject: target.peek() === null });
        return 10;
      });
    }
  }

  protected readProperty(name: string): unknown {
    const { sheet, rect } = this.target.get();
    live(sheet);
    switch (name) {
      case 'address':
        return `${quoteSheet(sheet.name)}!${formatRect(rect)}`;
      case 'rowCount':
        return rect.rows;
      case 'columnCount':
        return rect.cols;
      case 'rowIndex':
        return rect.r0;
      case 'columnIndex':
        return rect.c0;
      case 'left':
        return cellOffset(sheet, rect.r0, rect.c0).left;
      case 'top':
        return cellOffset(sheet, rect.r0, rect.c0).top;
      default: {
        if (rect.rows * rect.cols > MAX_CELLS_PER_READ) {
          throw new SimError(
            'RangeExceedsLimit',
            `The range has ${rect.rows * rect.cols} cells; a read is limited to ${MAX_CELLS_PER_READ}.`,
          );
        }
        if (name === 'values') this.ctx.calculateForRead();
        // Column-wise over the stored arrays (hot path: million-row reads).
        const out: unknown[][] = new Array<unknown[]>(rect.rows);
        for (let i = 0; i < rect.rows; i++) out[i] = new Array<unknown>(rect.cols);
        for (let j = 0; j < rect.cols; j++) {
          const col = sheet.cols[rect.c0 + j];
          if (name === 'numberFormat') {
            const nf = col?.nf;
            for (let i = 0; i < rect.rows; i++) out[i][j] = nf?.[rect.r0 + i] ?? 'General';
          } else {
            const v = col?.v;
            const f = name === 'formulas' ? col?.f : null;
            for (let i = 0; i < rect.rows; i++) out[i][j] = f?.[rect.r0 + i] ?? v?.[rect.r0 + i] ?? '';
            if (name === 'values' && col?.f) notEvaluated(sheet, rect, j, out);
          }
        }
        return out;
      }
    }
  }

  get address(): string {
    return this.get('address');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get left(): number {
    return this.get('left');
  }
  get top(): number {
    return this.get('top');
  }
  get isNullObject(): boolean {
    return this.nullable ? this.get('isNullObject') : false;
  }
  protected override resolvesToNull(): boolean {
    return this.nullable && this.target.peek() === null;
  }

  private write(name: string, value: unknown, cell: (s: SheetModel, r: number, c: number, v: unknown) => void): void {
    this.set(name, value, () => {
      const { sheet, rect } = this.target.get();
      live(sheet);
      if (
        !Array.isArray(value) ||
        value.length !== rect.rows ||
        value.some((row) => !Array.isArray(row) || row.length !== rect.cols)
      ) {
        const got = Array.isArray(value)
          ? `${value.length} × ${Array.isArray(value[0]) ? (value[0] as unknown[]).length : '?'}`
          : typeof value;
        throw new SimError(
          'InvalidArgument',
          `The number of rows or columns in the input array (${got}) doesn't match the size or dimensions of the range (${rect.rows} × ${rect.cols}).`,
        );
      }
      if (name !== 'numberFormat' && this.ctx.model.pivots.some((p) => p.sheet === sheet && overlaps(p.area, rect)))
        throw new SimError('InvalidOperation', "We can't make this change: it would change part of a PivotTable.");
      for (let i = 0; i < rect.rows; i++) {
        const row = value[i] as unknown[];
        for (let j = 0; j < rect.cols; j++) cell(sheet, rect.r0 + i, rect.c0 + j, row[j]);
      }
    });
  }

  get values(): (string | number | boolean | null)[][] {
    return this.get('values');
  }
  set values(v: (string | number | boolean | null)[][]) {
    this.write('values', v, (s, r, c, x) => {
      s.writeValue(r, c, x);
    });
  }
  get formulas(): (string | number | boolean | null)[][] {
    return this.get('formulas');
  }
  set formulas(v: (string | number | boolean | null)[][]) {
    this.write('formulas', v, (s, r, c, x) => {
      s.writeFormula(r, c, x);
    });
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this.write('numberFormat', v, (s, r, c, x) => {
      if (x === null || x === undefined) return;
      if (typeof x !== 'string') throw new SimError('InvalidArgument', 'Number formats must be strings.');
      s.setFormat(r, c, x);
    });
  }

  get hyperlink(): Excel.RangeHyperlink {
    throw new SimError('PropertyNotLoaded', 'Range.hyperlink is write-only in the stand-in.');
  }
  set hyperlink(v: Excel.RangeHyperlink) {
    this.ctx.requireApi('1.7', 'Range.hyperlink');
    this.set('hyperlink', v, () => {
      const { sheet, rect } = this.target.get();
      live(sheet).hyperlinks.set(formatRect({ ...rect, rows: 1, cols: 1 }), {
        documentReference: v.documentReference ?? '',
        textToDisplay: v.textToDisplay ?? '',
      });
      if (v.textToDisplay) sheet.setRaw(rect.r0, rect.c0, v.textToDisplay);
    });
  }

  private derive(label: string, f: (t: RangeTarget) => RangeTarget): SimRange {
    return new SimRange(this.ctx, new Binding(() => f(this.target.get()), false, label));
  }

  getCell(row: number, column: number): XlRange {
    return this.derive('Range.getCell', ({ sheet, rect }) => {
      const r = { r0: rect.r0 + row, c0: rect.c0 + column, rows: 1, cols: 1 };
      checkRect(r, 'cell');
      return { sheet, rect: r };
    });
  }

  getResizedRange(deltaRows: number, deltaColumns: number): XlRange {
    return this.derive('Range.getResizedRange', ({ sheet, rect }) => {
      const r = { ...rect, rows: rect.rows + deltaRows, cols: rect.cols + deltaColumns };
      checkRect(r, 'resized range');
      return { sheet, rect: r };
    });
  }

  select(): void {
    this.ctx.requireApi('1.1', 'Range.select');
    this.call('select', null, () => {
      const { sheet, rect } = this.target.get();
      live(sheet);
      this.ctx.model.activate(sheet);
      this.ctx.model.selection = { sheet, rects: [rect] };
    });
  }

  merge(across?: boolean): void {
    this.ctx.requireApi('1.2', 'Range.merge');
    this.call('merge', across ?? false, () => {
      const { sheet, rect } = this.target.get();
      live(sheet);
      const parts = across
        ? Array.from({ length: rect.rows }, (_, i) => ({ ...rect, r0: rect.r0 + i, rows: 1 }))
        : [rect];
      for (const p of parts) {
        if (sheet.merges.some((m) => overlaps(m, p)))
          throw new SimError('InvalidOperation', 'The range overlaps a merged area.');
        sheet.merges.push(p);
        // Excel keeps only the top-left value of a merged area.
        for (let r = p.r0; r < p.r0 + p.rows; r++) {
          for (let c = p.c0; c < p.c0 + p.cols; c++) if (r !== p.r0 || c !== p.c0) sheet.setRaw(r, c, undefined);
        }
      }
    });
  }
}

class SimRangeCollection extends SimCollection<XlRange> implements XlRangeCollection {
  constructor(
    ctx: SimContext,
    private readonly list: () => RangeTarget[],
  ) {
    super(ctx);
  }
  override load(arg?: string | string[]): this {
    loadItems(this, this.ctx, arg, this.list, (t) => new SimRange(this.ctx, Binding.of(t)));
    return this;
  }
}

class SimRangeAreas extends SimObject implements XlRangeAreas {
  protected readonly loadable = ['address', 'areaCount'] as const;
  readonly areas: SimRangeCollection;
  constructor(
    ctx: SimContext,
    private readonly targets: Binding<RangeTarget[]>,
  ) {
    super(ctx);
    this.areas = new SimRangeCollection(ctx, () => targets.get());
  }
  protected readProperty(name: string): unknown {
    const ts = this.targets.get();
    if (name === 'areaCount') return ts.length;
    return ts.map((t) => `${quoteSheet(t.sheet.name)}!${formatRect(t.rect)}`).join(',');
  }
  get address(): string {
    return this.get('address');
  }
  get areaCount(): number {
    return this.get('areaCount');
  }
}

// ───────────────────────────── tables ─────────────────────────────

class SimTable extends SimItem implements XlTable {
  protected readonly loadable = ['id', 'name', 'style', 'showHeaders', 'showBandedRows', 'showFilterButton'] as const;
  constructor(
    ctx: SimContext,
    readonly table: Binding<TableModel>,
    private readonly nullable = false,
  ) {
    super(ctx);
    if (nullable) {
      ctx.enqueue('Table.resolve', 0, () => {
        this.stageLoaded({ isNullObject: table.peek() === null });
        return 10;
      });
    }
  }
  protected readProperty(name: string): unknown {
    const t = this.table.get();
    return (t as unknown as Record<string, unknown>)[name];
  }
  get id(): string {
    return this.get('id');
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      this.ctx.model.renameTable(this.table.get(), v);
    });
  }
  get style(): string {
    return this.get('style');
  }
  set style(v: string) {
    this.set('style', v, () => {
      if (!/^TableStyle(Light([1-9]|1\d|2[01])|Medium([1-9]|1\d|2[0-8])|Dark([1-9]|1[01]))$/.test(v) && v !== '') {
        throw new SimError('InvalidArgument', `Unknown table style "${v}".`);
      }
      this.table.get().style = v;
    });
  }
  get showHeaders(): boolean {
    return this.get('showHeaders');
  }
  set showHeaders(v: boolean) {
    this.set('showHeaders', v, () => {
      this.table.get().showHeaders = v;
    });
  }
  get showBandedRows(): boolean {
    return this.get('showBandedRows');
  }
  set showBandedRows(v: boolean) {
    this.set('showBandedRows', v, () => {
      this.table.get().showBandedRows = v;
    });
  }
  get showFilterButton(): boolean {
    return this.get('showFilterButton');
  }
  set showFilterButton(v: boolean) {
    this.ctx.requireApi('1.3', 'Table.showFilterButton');
    this.set('showFilterButton', v, () => {
      this.table.get().showFilterButton = v;
    });
  }
  get isNullObject(): boolean {
    return this.nullable ? this.get('isNullObject') : false;
  }
  protected override resolvesToNull(): boolean {
    return this.nullable && this.table.peek() === null;
  }
  get worksheet(): XlWorksheet {
    return new SimWorksheet(this.ctx, new Binding(() => this.table.get().sheet, false, "The table's worksheet"));
  }
  private part(label: string, f: (t: TableModel) => Rect): XlRange {
    return new SimRange(
      this.ctx,
      new Binding(
        () => {
          const t = this.table.get();
          return { sheet: t.sheet, rect: f(t) };
        },
        false,
        label,
      ),
    );
  }
  getRange(): XlRange {
    return this.part('Table.getRange', (t) => t.rect);
  }
  getHeaderRowRange(): XlRange {
    return this.part('Table.getHeaderRowRange', (t) => ({ ...t.rect, rows: 1 }));
  }
  getDataBodyRange(): XlRange {
    return this.part('Table.getDataBodyRange', (t) => {
      if (t.rect.rows < 2) throw new SimError('ItemNotFound', 'The table has no data rows.');
      return { ...t.rect, r0: t.rect.r0 + 1, rows: t.rect.rows - 1 };
    });
  }
  delete(): void {
    this.call('delete', null, () => {
      const t = this.table.get();
      this.ctx.model.tables = this.ctx.model.tables.filter((x) => x !== t);
      this.ctx.model.dropOrphanSlicers();
    });
  }
}

class SimTableCollection extends SimCollection<XlTable> implements XlTableCollection {
  constructor(
    ctx: SimContext,
    private readonly sheet: Binding<SheetModel> | null,
  ) {
    super(ctx);
  }
  private list(): TableModel[] {
    const s = this.sheet?.get();
    return this.ctx.model.tables.filter((t) => s === undefined || t.sheet === s);
  }
  override load(arg?: string | string[]): this {
    loadItems(
      this,
      this.ctx,
      arg,
      () => this.list(),
      (t) => new SimTable(this.ctx, Binding.of(t)),
    );
    return this;
  }
  add(address: XlRange | string, hasHeaders: boolean): XlTable {
    let created: TableModel | null = null;
    this.ctx.enqueue('TableCollection.add', jsonBytes(typeof address === 'string' ? address : 'range'), () => {
      if (!hasHeaders) throw new SimError('InvalidArgument', 'The stand-in supports tables with a header row only.');
      let target: RangeTarget;
      if (typeof address === 'string') {
        const { sheet, address: a } = splitSheetAddress(address);
        const s = sheet !== null ? this.ctx.model.sheet(sheet) : this.sheet?.get();
        if (!s) throw new SimError('InvalidArgument', 'A workbook-level table address needs a sheet.');
        target = { sheet: s, rect: parseAddress(a) };
      } else {
        target = targetOf(address).get();
      }
      if (this.sheet && target.sheet !== this.sheet.get())
        throw new SimError('InvalidArgument', 'The range is on another sheet.');
      created = this.ctx.model.addTable(live(target.sheet), target.rect, hasHeaders);
      return 0;
    });
    return new SimTable(this.ctx, new Binding(() => created, false, 'The new table'));
  }
  getItem(key: string): XlTable {
    return new SimTable(this.ctx, new Binding(() => this.find(key), false, `The table "${key}"`));
  }
  getItemOrNullObject(key: string): XlTable {
    this.ctx.requireApi('1.4', 'TableCollection.getItemOrNullObject');
    return new SimTable(this.ctx, new Binding(() => this.find(key), true, `The table "${key}"`), true);
  }
  private find(key: string): TableModel | null {
    const k = key.toLowerCase();
    return this.list().find((t) => t.name.toLowerCase() === k || t.id === key) ?? null;
  }
}

// ───────────────────────────── charts ─────────────────────────────

class SimChartAxisTitle implements XlChartAxisTitle {
  constructor(
    private readonly ctx: SimContext,
    private readonly axis: Binding<AxisModel>,
  ) {}
  get text(): string {
    throw new SimError('PropertyNotLoaded', 'ChartAxisTitle.text is write-only in the stand-in.');
  }
  set text(v: string) {
    this.ctx.enqueue('ChartAxisTitle.text', jsonBytes(v), () => {
      this.axis.get().title = v;
      return 0;
    });
  }
}

class SimChartAxis extends SimObject implements XlChartAxis {
  protected readonly loadable = ['numberFormat'] as const;
  readonly title: SimChartAxisTitle;
  constructor(
    ctx: SimContext,
    private readonly axis: Binding<AxisModel>,
  ) {
    super(ctx);
    this.title = new SimChartAxisTitle(ctx, axis);
  }
  protected readProperty(): unknown {
    return this.axis.get().numberFormat;
  }
  get numberFormat(): string {
    return this.get('numberFormat');
  }
  set numberFormat(v: string) {
    this.ctx.requireApi('1.8', 'ChartAxis.numberFormat');
    this.set('numberFormat', v, () => {
      this.axis.get().numberFormat = v;
    });
  }
}

class SimChartAxes implements XlChartAxes {
  readonly categoryAxis: SimChartAxis;
  readonly valueAxis: SimChartAxis;
  constructor(
    private readonly ctx: SimContext,
    private readonly chart: Binding<ChartModel>,
  ) {
    this.categoryAxis = new SimChartAxis(ctx, new Binding(() => chart.get().categoryAxis, false, 'The category axis'));
    this.valueAxis = new SimChartAxis(ctx, new Binding(() => chart.get().valueAxis, false, 'The value axis'));
  }
  getItem(type: Excel.ChartAxisType | AxisTypeName, group?: Excel.ChartAxisGroup | AxisGroupName): XlChartAxis {
    this.ctx.requireApi('1.7', 'ChartAxes.getItem');
    return new SimChartAxis(
      this.ctx,
      new Binding(
        () => {
          const c = this.chart.get();
          if (type === 'Category') return c.categoryAxis;
          if (type === 'Value') {
            if (group !== 'Secondary') return c.valueAxis;
            if (!c.series.some((s) => s.axisGroup === 'Secondary'))
              throw new SimError('ItemNotFound', 'The chart has no secondary value axis.');
            return c.secondaryValueAxis;
          }
          throw new SimError('InvalidArgument', `Unknown axis type ${type}.`);
        },
        false,
        'The axis',
      ),
    );
  }
}

class SimChartTitle implements XlChartTitle {
  constructor(
    private readonly ctx: SimContext,
    private readonly chart: Binding<ChartModel>,
  ) {}
  get text(): string {
    throw new SimError('PropertyNotLoaded', 'ChartTitle.text is write-only in the stand-in.');
  }
  set text(v: string) {
    this.ctx.enqueue('ChartTitle.text', jsonBytes(v), () => {
      const c = this.chart.get();
      c.title = v;
      c.titleVisible = v !== '';
      return 0;
    });
  }
  get visible(): boolean {
    throw new SimError('PropertyNotLoaded', 'ChartTitle.visible is write-only in the stand-in.');
  }
  set visible(v: boolean) {
    this.ctx.enqueue('ChartTitle.visible', 5, () => {
      this.chart.get().titleVisible = v;
      return 0;
    });
  }
}

class SimChartLegend implements XlChartLegend {
  constructor(
    private readonly ctx: SimContext,
    private readonly chart: Binding<ChartModel>,
  ) {}
  get visible(): boolean {
    throw new SimError('PropertyNotLoaded', 'ChartLegend.visible is write-only in the stand-in.');
  }
  set visible(v: boolean) {
    this.ctx.enqueue('ChartLegend.visible', 5, () => {
      this.chart.get().legend.visible = v;
      return 0;
    });
  }
  get position(): XlChartLegend['position'] {
    throw new SimError('PropertyNotLoaded', 'ChartLegend.position is write-only in the stand-in.');
  }
  set position(v: XlChartLegend['position']) {
    this.ctx.enqueue('ChartLegend.position', jsonBytes(v), () => {
      if (!['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(v))
        throw new SimError('InvalidArgument', `Unknown legend position ${v}.`);
      this.chart.get().legend.position = v;
      return 0;
    });
  }
}

class SimChartSeries extends SimItem implements XlChartSeries {
  protected readonly loadable = ['name', 'chartType', 'axisGroup'] as const;
  constructor(
    ctx: SimContext,
    private readonly series: Binding<SeriesModel>,
    private readonly chart: Binding<ChartModel>,
  ) {
    super(ctx);
  }
  protected readProperty(name: string): unknown {
    const s = this.series.get();
    if (name === 'chartType') return s.chartType ?? this.chart.get().chartType;
    return (s as unknown as Record<string, unknown>)[name];
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      this.series.get().name = v;
    });
  }
  get chartType(): XlChartSeries['chartType'] {
    return this.get('chartType');
  }
  set chartType(v: XlChartSeries['chartType']) {
    this.ctx.requireApi('1.7', 'ChartSeries.chartType');
    this.set('chartType', v, () => {
      this.series.get().chartType = v;
    });
  }
  get axisGroup(): XlChartSeries['axisGroup'] {
    return this.get('axisGroup');
  }
  set axisGroup(v: XlChartSeries['axisGroup']) {
    this.ctx.requireApi('1.8', 'ChartSeries.axisGroup');
    this.set('axisGroup', v, () => {
      this.series.get().axisGroup = v;
    });
  }
  get varyByCategories(): boolean {
    throw new SimError('PropertyNotLoaded', 'ChartSeries.varyByCategories is write-only in the stand-in.');
  }
  set varyByCategories(v: boolean) {
    this.ctx.requireApi('1.8', 'ChartSeries.varyByCategories');
    this.set('varyByCategories', v, () => {
      this.series.get();
      this.chart.get().varyByCategories = v;
    });
  }
  setValues(sourceData: XlRange): void {
    this.ctx.requireApi('1.7', 'ChartSeries.setValues');
    this.call('setValues', null, () => {
      this.series.get().values = targetOf(sourceData).get();
    });
  }
  setXAxisValues(sourceData: XlRange): void {
    this.ctx.requireApi('1.7', 'ChartSeries.setXAxisValues');
    this.call('setXAxisValues', null, () => {
      this.series.get().xValues = targetOf(sourceData).get();
    });
  }
  delete(): void {
    this.ctx.requireApi('1.7', 'ChartSeries.delete');
    this.call('delete', null, () => {
      const s = this.series.get();
      const c = this.chart.get();
      c.series = c.series.filter((x) => x !== s);
    });
  }
}

class SimChartSeriesCollection extends SimCollection<XlChartSeries> implements XlChartSeriesCollection {
  protected override readonly loadable = ['count'] as const;
  constructor(
    ctx: SimContext,
    private readonly chart: Binding<ChartModel>,
  ) {
    super(ctx);
  }
  protected override readProperty(name: string): unknown {
    if (name === 'count') return this.chart.get().series.length;
    return super.readProperty(name);
  }
  get count(): number {
    return this.get('count');
  }
  override load(arg?: string | string[]): this {
    if (arg === 'count') return super.load(arg);
    loadItems(
      this,
      this.ctx,
      arg,
      () => this.chart.get().series,
      (s) => new SimChartSeries(this.ctx, Binding.of(s), this.chart),
    );
    return this;
  }
  add(name?: string, index?: number): XlChartSeries {
    this.ctx.requireApi('1.7', 'ChartSeriesCollection.add');
    let created: SeriesModel | null = null;
    this.ctx.enqueue('ChartSeriesCollection.add', jsonBytes(name ?? null), () => {
      const c = this.chart.get();
      created = {
        name: name ?? `Series${c.series.length + 1}`,
        values: null,
        xValues: null,
        chartType: null,
        axisGroup: 'Primary',
      };
      c.series.splice(index ?? c.series.length, 0, created);
      return 0;
    });
    return new SimChartSeries(this.ctx, new Binding(() => created, false, 'The new series'), this.chart);
  }
  getItemAt(index: number): XlChartSeries {
    return new SimChartSeries(
      this.ctx,
      new Binding(() => this.chart.get().series[index] ?? null, false, `Series ${index}`),
      this.chart,
    );
  }
}

const CHART_TYPES = new Set([
  'ColumnClustered',
  'ColumnStacked',
  'ColumnStacked100',
  'BarClustered',
  'BarStacked',
  'BarStacked100',
  'Line',
  'LineMarkers',
  'LineStacked',
  'Pie',
  'Doughnut',
  'XYScatter',
  'XYScatterLines',
  'XYScatterSmooth',
  'Area',
  'AreaStacked',
  'Radar',
  'Bubble',
]);

class SimChart extends SimItem implements XlChart {
  protected readonly loadable = ['name', 'chartType'] as const;
  readonly title: SimChartTitle;
  readonly axes: SimChartAxes;
  readonly legend: SimChartLegend;
  readonly series: SimChartSeriesCollection;
  constructor(
    ctx: SimContext,
    private readonly chart: Binding<ChartModel>,
  ) {
    super(ctx);
    this.title = new SimChartTitle(ctx, chart);
    this.axes = new SimChartAxes(ctx, chart);
    this.legend = new SimChartLegend(ctx, chart);
    this.series = new SimChartSeriesCollection(ctx, chart);
  }
  protected readProperty(name: string): unknown {
    return (this.chart.get() as unknown as Record<string, unknown>)[name];
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      this.chart.get().name = v;
    });
  }
  get chartType(): XlChart['chartType'] {
    return this.get('chartType');
  }
  set chartType(v: XlChart['chartType']) {
    this.set('chartType', v, () => {
      if (!CHART_TYPES.has(v)) throw new SimError('InvalidArgument', `Unknown chart type ${v}.`);
      this.chart.get().chartType = v;
    });
  }
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void {
    this.call(
      'setPosition',
      [typeof startCell === 'string' ? startCell : 'range', typeof endCell === 'string' ? endCell : 'range'],
      () => {
        const c = this.chart.get();
        const cell = (x: XlRange | string): string => {
          if (typeof x === 'string') return formatRect(parseAddress(splitSheetAddress(x).address));
          return formatRect(targetOf(x).get().rect);
        };
        c.from = cell(startCell).split(':')[0];
        c.to = endCell === undefined ? c.from : cell(endCell).split(':').pop()!;
      },
    );
  }
  delete(): void {
    this.call('delete', null, () => {
      const c = this.chart.get();
      this.ctx.model.charts = this.ctx.model.charts.filter((x) => x !== c);
    });
  }
}

class SimChartCollection extends SimCollection<XlChart> implements XlChartCollection {
  constructor(
    ctx: SimContext,
    private readonly sheet: Binding<SheetModel>,
  ) {
    super(ctx);
  }
  override load(arg?: string | string[]): this {
    loadItems(
      this,
      this.ctx,
      arg,
      () => this.ctx.model.charts.filter((c) => c.sheet === this.sheet.get()),
      (c) => new SimChart(this.ctx, Binding.of(c)),
    );
    return this;
  }
  add(
    type: Excel.ChartType | ChartTypeName,
    sourceData: XlRange,
    seriesBy?: Excel.ChartSeriesBy | ChartSeriesByName,
  ): XlChart {
    let created: ChartModel | null = null;
    this.ctx.enqueue('ChartCollection.add', jsonBytes([type, seriesBy ?? 'Auto']), () => {
      if (!CHART_TYPES.has(type)) throw new SimError('InvalidArgument', `Unknown chart type ${type}.`);
      const sheet = live(this.sheet.get());
      const src = targetOf(sourceData).get();
      live(src.sheet);
      const c = this.ctx.model.newChart(sheet, type);
      const by =
        seriesBy === 'Rows'
          ? 'Rows'
          : seriesBy === 'Columns'
            ? 'Columns'
            : src.rect.rows >= src.rect.cols
              ? 'Columns'
              : 'Rows';
      const { rect } = src;
      // Like Excel: a first row (by columns) of text becomes series names, a first column of text categories.
      const isText = (r: number, c0: number): boolean =>
        typeof src.sheet.getValue(r, c0) === 'string' && src.sheet.getValue(r, c0) !== '';
      if (by === 'Columns') {
        const header =
          rect.rows > 1 && Array.from({ length: rect.cols }, (_, j) => isText(rect.r0, rect.c0 + j)).every(Boolean);
        const cats =
          rect.cols > 1 &&
          Array.from({ length: rect.rows - (header ? 1 : 0) }, (_, i) =>
            isText(rect.r0 + i + (header ? 1 : 0), rect.c0),
          ).every(Boolean);
        const r0 = rect.r0 + (header ? 1 : 0);
        const rows = rect.rows - (header ? 1 : 0);
        for (let j = cats ? 1 : 0; j < rect.cols; j++) {
          c.series.push({
            name: header ? String(src.sheet.getValue(rect.r0, rect.c0 + j)) : `Series${c.series.length + 1}`,
            values: { sheet: src.sheet, rect: { r0, c0: rect.c0 + j, rows, cols: 1 } },
            xValues: cats ? { sheet: src.sheet, rect: { r0, c0: rect.c0, rows, cols: 1 } } : null,
            chartType: null,
            axisGroup: 'Primary',
          });
        }
      } else {
        for (let i = 0; i < rect.rows; i++) {
          c.series.push({
            name: `Series${i + 1}`,
            values: { sheet: src.sheet, rect: { ...rect, r0: rect.r0 + i, rows: 1 } },
            xValues: null,
            chartType: null,
            axisGroup: 'Primary',
          });
        }
      }
      created = c;
      return 0;
    });
    return new SimChart(this.ctx, new Binding(() => created, false, 'The new chart'));
  }
}

// ───────────────────────────── worksheets ─────────────────────────────

class SimFreezePanes implements XlWorksheetFreezePanes {
  constructor(
    private readonly ctx: SimContext,
    private readonly sheet: Binding<SheetModel>,
  ) {
    ctx.requireApi('1.7', 'Worksheet.freezePanes');
  }
  private apply(label: string, f: (s: SheetModel) => void): void {
    this.ctx.enqueue(`WorksheetFreezePanes.${label}`, 8, () => {
      f(live(this.sheet.get()));
      return 0;
    });
  }
  freezeRows(count = 1): void {
    this.apply('freezeRows', (s) => {
      s.freeze = { rows: count, columns: 0 };
    });
  }
  freezeColumns(count = 1): void {
    this.apply('freezeColumns', (s) => {
      s.freeze = { rows: 0, columns: count };
    });
  }
  freezeAt(frozenRange: XlRange | string): void {
    this.apply('freezeAt', (s) => {
      const rect = typeof frozenRange === 'string' ? parseAddress(frozenRange) : targetOf(frozenRange).get().rect;
      if (rect.r0 !== 0 || rect.c0 !== 0) {
        // Excel freezes the rows above and columns left of the range's bottom-right corner.
      }
      s.freeze = { rows: rect.r0 + rect.rows, columns: rect.c0 + rect.cols };
    });
  }
  unfreeze(): void {
    this.apply('unfreeze', (s) => {
      s.freeze = { rows: 0, columns: 0 };
    });
  }
}

class SimPageLayout implements XlPageLayout {
  constructor(
    private readonly ctx: SimContext,
    private readonly sheet: Binding<SheetModel>,
  ) {
    ctx.requireApi('1.9', 'Worksheet.pageLayout');
  }
  get orientation(): XlPageLayout['orientation'] {
    throw new SimError('PropertyNotLoaded', 'PageLayout.orientation is write-only in the stand-in.');
  }
  set orientation(v: XlPageLayout['orientation']) {
    this.ctx.enqueue('PageLayout.orientation', jsonBytes(v), () => {
      if (v !== 'Portrait' && v !== 'Landscape')
        throw new SimError('InvalidArgument', `Unknown orientation ${String(v)}.`);
      live(this.sheet.get()).pageLayout.orientation = v;
      return 0;
    });
  }
  get zoom(): Excel.PageLayoutZoomOptions {
    throw new SimError('PropertyNotLoaded', 'PageLayout.zoom is write-only in the stand-in.');
  }
  set zoom(v: Excel.PageLayoutZoomOptions) {
    this.ctx.enqueue('PageLayout.zoom', jsonBytes(v), () => {
      const z: Record<string, number> = {};
      for (const [k, x] of Object.entries(v)) if (typeof x === 'number') z[k] = x;
      live(this.sheet.get()).pageLayout.zoom = z;
      return 0;
    });
  }
}

export class SimWorksheet extends SimItem implements XlWorksheet {
  protected readonly loadable = ['id', 'name', 'position', 'visibility', 'tabColor'] as const;
  readonly tables: SimTableCollection;
  readonly charts: SimChartCollection;

  constructor(
    ctx: SimContext,
    readonly sheet: Binding<SheetModel>,
    private readonly nullable = false,
  ) {
    super(ctx);
    this.tables = new SimTableCollection(ctx, sheet);
    this.charts = new SimChartCollection(ctx, sheet);
    if (nullable) {
      ctx.enqueue('Worksheet.resolve', 0, () => {
        this.stageLoaded({ isNullObject: sheet.peek() === null });
        return 10;
      });
    }
  }
  protected readProperty(name: string): unknown {
    const s = live(this.sheet.get());
    if (name === 'position') return this.ctx.model.sheets.indexOf(s);
    return (s as unknown as Record<string, unknown>)[name];
  }
  get freezePanes(): XlWorksheetFreezePanes {
    return new SimFreezePanes(this.ctx, this.sheet);
  }
  get pivotTables(): XlPivotTableCollection {
    return new SimPivotTableCollection(this.ctx, this.sheet, PARTS);
  }
  get pageLayout(): XlPageLayout {
    return new SimPageLayout(this.ctx, this.sheet);
  }
  get id(): string {
    return this.get('id');
  }
  get isNullObject(): boolean {
    return this.nullable ? this.get('isNullObject') : false;
  }
  protected override resolvesToNull(): boolean {
    return this.nullable && this.sheet.peek() === null;
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      this.ctx.model.renameSheet(live(this.sheet.get()), v);
    });
  }
  get position(): number {
    return this.get('position');
  }
  set position(v: number) {
    this.ctx.requireApi('1.7', 'Worksheet.position');
    this.set('position', v, () => {
      this.ctx.model.moveSheet(live(this.sheet.get()), v);
    });
  }
  get visibility(): XlWorksheet['visibility'] {
    return this.get('visibility');
  }
  set visibility(v: XlWorksheet['visibility']) {
    this.set('visibility', v, () => {
      this.ctx.model.setVisibility(live(this.sheet.get()), v);
    });
  }
  get tabColor(): string {
    return this.get('tabColor');
  }
  set tabColor(v: string) {
    this.ctx.requireApi('1.7', 'Worksheet.tabColor');
    this.set('tabColor', v, () => {
      if (v !== '' && !/^#[0-9A-Fa-f]{6}$/.test(v))
        throw new SimError('InvalidArgument', `Tab colour "${v}" is not #RRGGBB.`);
      live(this.sheet.get()).tabColor = v;
    });
  }
  private range(label: string, f: (s: SheetModel) => Rect | null, nullable = false): SimRange {
    return new SimRange(
      this.ctx,
      new Binding(
        () => {
          const s = live(this.sheet.get());
          const rect = f(s);
          return rect ? { sheet: s, rect } : null;
        },
        nullable,
        label,
      ),
      nullable,
    );
  }
  getRange(address?: string): XlRange {
    return this.range('Worksheet.getRange', () =>
      address === undefined ? { r0: 0, c0: 0, rows: 1_048_576, cols: 16_384 } : parseAddress(address),
    );
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XlRange {
    this.ctx.requireApi('1.7', 'Worksheet.getRangeByIndexes');
    return this.range('Worksheet.getRangeByIndexes', () => {
      const rect = { r0: startRow, c0: startColumn, rows: rowCount, cols: columnCount };
      checkRect(rect);
      return rect;
    });
  }
  getUsedRange(_valuesOnly?: boolean): XlRange {
    return this.range('Worksheet.getUsedRange', (s) => s.usedRect() ?? { r0: 0, c0: 0, rows: 1, cols: 1 });
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): XlRange {
    this.ctx.requireApi('1.4', 'Worksheet.getUsedRangeOrNullObject');
    return this.range('Worksheet.getUsedRangeOrNullObject', (s) => s.usedRect(), true);
  }
  activate(): void {
    this.call('activate', null, () => {
      this.ctx.model.activate(live(this.sheet.get()));
    });
  }
  delete(): void {
    this.call('delete', null, () => {
      this.ctx.model.deleteSheet(live(this.sheet.get()));
    });
  }
}

class SimWorksheetCollection extends SimCollection<XlWorksheet> implements XlWorksheetCollection {
  override load(arg?: string | string[]): this {
    loadItems(
      this,
      this.ctx,
      arg,
      () => this.ctx.model.sheets,
      (s) => new SimWorksheet(this.ctx, Binding.of(s)),
    );
    return this;
  }
  add(name?: string): XlWorksheet {
    let created: SheetModel | null = null;
    this.ctx.enqueue('WorksheetCollection.add', jsonBytes(name ?? null), () => {
      created = this.ctx.model.addSheet(name);
      return 0;
    });
    return new SimWorksheet(this.ctx, new Binding(() => created, false, 'The new worksheet'));
  }
  private find(key: string): SheetModel | null {
    return this.ctx.model.findSheet(key) ?? this.ctx.model.sheets.find((s) => s.id === key) ?? null;
  }
  getItem(key: string): XlWorksheet {
    return new SimWorksheet(this.ctx, new Binding(() => this.find(key), false, `The worksheet "${key}"`));
  }
  getItemOrNullObject(key: string): XlWorksheet {
    this.ctx.requireApi('1.4', 'WorksheetCollection.getItemOrNullObject');
    return new SimWorksheet(this.ctx, new Binding(() => this.find(key), true, `The worksheet "${key}"`), true);
  }
  getActiveWorksheet(): XlWorksheet {
    return new SimWorksheet(this.ctx, new Binding(() => this.ctx.model.active, false, 'The active worksheet'));
  }
}

// ───────────────────────────── names, workbook ─────────────────────────────

class SimNamedItem extends SimItem implements XlNamedItem {
  protected readonly loadable = ['name', 'type', 'value', 'visible'] as const;
  constructor(
    ctx: SimContext,
    private readonly item: Binding<NameModel>,
    private readonly nullable = false,
  ) {
    super(ctx);
    if (nullable) {
      ctx.enqueue('NamedItem.resolve', 0, () => {
        this.stageLoaded({ isNullObject: item.peek() === null });
        return 10;
      });
    }
  }
  protected readProperty(name: string): unknown {
    const n = this.item.get();
    if (name === 'type') return 'Range';
    if (name === 'value') {
      const abs = formatRect(n.rect).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
      return `${quoteSheet(n.sheet.name)}!${abs}`;
    }
    return (n as unknown as Record<string, unknown>)[name];
  }
  get name(): string {
    return this.get('name');
  }
  get type(): XlNamedItem['type'] {
    return this.get('type');
  }
  get value(): unknown {
    return this.get('value');
  }
  get isNullObject(): boolean {
    return this.nullable ? this.get('isNullObject') : false;
  }
  protected override resolvesToNull(): boolean {
    return this.nullable && this.item.peek() === null;
  }
  getRange(): XlRange {
    this.ctx.requireApi('1.3', 'NamedItem.getRange');
    return new SimRange(
      this.ctx,
      new Binding(
        () => {
          const n = this.item.get();
          return { sheet: live(n.sheet), rect: n.rect };
        },
        false,
        'The named range',
      ),
    );
  }
  getRangeOrNullObject(): XlRange {
    this.ctx.requireApi('1.4', 'NamedItem.getRangeOrNullObject');
    return new SimRange(
      this.ctx,
      new Binding(
        () => {
          const n = this.item.peek();
          return n && !n.sheet.deleted ? { sheet: n.sheet, rect: n.rect } : null;
        },
        true,
        'The named range',
      ),
      true,
    );
  }
}

class SimNamedItemCollection extends SimCollection<XlNamedItem> implements XlNamedItemCollection {
  override load(arg?: string | string[]): this {
    loadItems(
      this,
      this.ctx,
      arg,
      () => this.ctx.model.names,
      (n) => new SimNamedItem(this.ctx, Binding.of(n)),
    );
    return this;
  }
  add(name: string, reference: XlRange | string, comment?: string): XlNamedItem {
    this.ctx.requireApi('1.4', 'NamedItemCollection.add');
    let created: NameModel | null = null;
    this.ctx.enqueue(
      'NamedItemCollection.add',
      jsonBytes([name, typeof reference === 'string' ? reference : 'range', comment ?? '']),
      () => {
        let t: RangeTarget;
        if (typeof reference === 'string') {
          const { sheet, address } = splitSheetAddress(reference.replace(/^=/, ''));
          if (sheet === null)
            throw new SimError('InvalidArgument', 'A defined name needs a sheet-qualified reference.');
          t = { sheet: this.ctx.model.sheet(sheet), rect: parseAddress(address.replace(/\$/g, '')) };
        } else {
          t = targetOf(reference).get();
        }
        created = this.ctx.model.addName(name, live(t.sheet), t.rect, comment ?? '');
        return 0;
      },
    );
    return new SimNamedItem(this.ctx, new Binding(() => created, false, 'The new name'));
  }
  private find(name: string): NameModel | null {
    const k = name.toLowerCase();
    return this.ctx.model.names.find((n) => n.name.toLowerCase() === k) ?? null;
  }
  getItem(name: string): XlNamedItem {
    return new SimNamedItem(this.ctx, new Binding(() => this.find(name), false, `The name "${name}"`));
  }
  getItemOrNullObject(name: string): XlNamedItem {
    this.ctx.requireApi('1.4', 'NamedItemCollection.getItemOrNullObject');
    return new SimNamedItem(this.ctx, new Binding(() => this.find(name), true, `The name "${name}"`), true);
  }
}

class SimFunctionResult extends SimObject implements XlFunctionResult<number> {
  protected readonly loadable = ['value'] as const;
  constructor(
    ctx: SimContext,
    private readonly compute: () => number,
  ) {
    super(ctx);
  }
  protected readProperty(): unknown {
    return this.compute();
  }
  get value(): number {
    return this.get('value');
  }
}

class SimFunctions implements XlFunctions {
  constructor(private readonly ctx: SimContext) {
    ctx.requireApi('1.2', 'Workbook.functions');
  }
  date(year: number, month: number, day: number): XlFunctionResult<number> {
    return new SimFunctionResult(this.ctx, () => {
      const days = Date.UTC(year, month - 1, day) / 86_400_000;
      return this.ctx.model.date1904 ? days - Date.UTC(1904, 0, 1) / 86_400_000 : days + 25_569;
    });
  }
}

class SimApplication implements XlApplication {
  constructor(private readonly ctx: SimContext) {}
  suspendApiCalculationUntilNextSync(): void {
    this.ctx.requireApi('1.6', 'Application.suspendApiCalculationUntilNextSync');
    this.ctx.suspendCalculation();
    this.ctx.enqueue('Application.suspendApiCalculationUntilNextSync', 0, () => 0);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.ctx.requireApi('1.9', 'Application.suspendScreenUpdatingUntilNextSync');
    this.ctx.suspendScreenUpdating();
    this.ctx.enqueue('Application.suspendScreenUpdatingUntilNextSync', 0, () => 0);
  }
}

export class SimWorkbook implements XlWorkbook {
  readonly worksheets: SimWorksheetCollection;
  readonly tables: SimTableCollection;
  readonly names: SimNamedItemCollection;
  readonly application: SimApplication;
  constructor(private readonly ctx: SimContext) {
    this.worksheets = new SimWorksheetCollection(ctx);
    this.tables = new SimTableCollection(ctx, null);
    this.names = new SimNamedItemCollection(ctx);
    this.application = new SimApplication(ctx);
  }
  get functions(): XlFunctions {
    return new SimFunctions(this.ctx);
  }
  get pivotTables(): XlPivotTableCollection {
    return new SimPivotTableCollection(this.ctx, null, PARTS);
  }
  get slicers(): XlSlicerCollection {
    return new SimSlicerCollection(this.ctx, PARTS);
  }
  getSelectedRange(): XlRange {
    return new SimRange(
      this.ctx,
      new Binding(
        () => {
          const sel = this.ctx.model.selection;
          if (!sel || sel.rects.length === 0)
            return { sheet: live(this.ctx.model.active!), rect: { r0: 0, c0: 0, rows: 1, cols: 1 } };
          if (sel.rects.length > 1)
            throw new SimError('InvalidOperation', 'The selection has several areas; getSelectedRange supports one.');
          return { sheet: sel.sheet, rect: sel.rects[0] };
        },
        false,
        'The selection',
      ),
    );
  }
  getSelectedRanges(): XlRangeAreas {
    this.ctx.requireApi('1.9', 'Workbook.getSelectedRanges');
    return new SimRangeAreas(
      this.ctx,
      new Binding(
        () => {
          const sel = this.ctx.model.selection;
          if (!sel || sel.rects.length === 0)
            return [{ sheet: live(this.ctx.model.active!), rect: { r0: 0, c0: 0, rows: 1, cols: 1 } }];
          return sel.rects.map((rect) => ({ sheet: sel.sheet, rect }));
        },
        false,
        'The selection',
      ),
    );
  }
}

/** What pivot-objects.ts needs of the proxies here. */
const PARTS: SimParts = {
  rangeTarget: (range) => targetOf(range),
  tableModel: (table) => {
    if (!(table instanceof SimTable))
      throw new SimError('InvalidArgument', 'The table does not belong to this workbook.');
    return table.table;
  },
  sheetModel: (sheet) => {
    if (!(sheet instanceof SimWorksheet))
      throw new SimError('InvalidArgument', 'The worksheet does not belong to this workbook.');
    return sheet.sheet;
  },
  range: (ctx, find, label) => new SimRange(ctx, new Binding(find, false, label)),
  worksheet: (ctx, sheet) => new SimWorksheet(ctx, sheet),
};

export function isoNow(): string {
  return new Date().toISOString();
}
