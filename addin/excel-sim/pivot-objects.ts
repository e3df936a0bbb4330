/**
 * Proxy objects for PivotTables (ExcelApi 1.3; creating and shaping them 1.8) and slicers (ExcelApi 1.10):
 * the members addin/office/excel-api.ts declares, each checked as Excel checks it — the source must exist
 * and have a header, hierarchy names must be fields of the source, PivotTable and slicer names unique in
 * the workbook, a data field's name no field's name, a slicer's PivotTable or table must exist. Layout:
 * pivot-model.ts.
 */
import { SimError } from './errors.js';
import { parseAddress, splitSheetAddress } from './address.js';
import { Binding, jsonBytes, SimObject } from './context.js';
import type { SimContext } from './context.js';
import { newId } from './model.js';
import type { SheetModel, TableModel } from './model.js';
import { changePivot, fieldIndex, readSource, renderPivot, SUMMARIES } from './pivot-model.js';
import type { PivotModel, SlicerModel, Summary } from './pivot-model.js';
import type {
  XlDataPivotHierarchy,
  XlDataPivotHierarchyCollection,
  XlPivotField,
  XlPivotFieldCollection,
  XlPivotHierarchy,
  XlPivotHierarchyCollection,
  XlPivotLayout,
  XlPivotTable,
  XlPivotTableCollection,
  XlRange,
  XlRowColumnPivotHierarchy,
  XlRowColumnPivotHierarchyCollection,
  XlSlicer,
  XlSlicerCollection,
  XlTable,
  XlWorksheet,
} from '../office/excel-api.js';

/** What the stand-in's other proxies give this module (objects.ts), without an import cycle at load time. */
export interface SimParts {
  rangeTarget(range: XlRange): Binding<{ sheet: SheetModel; rect: ReturnType<typeof parseAddress> }>;
  tableModel(table: XlTable): Binding<TableModel>;
  sheetModel(sheet: XlWorksheet): Binding<SheetModel>;
  range(
    ctx: SimContext,
    find: () => { sheet: SheetModel; rect: ReturnType<typeof parseAddress> },
    label: string,
  ): XlRange;
  worksheet(ctx: SimContext, sheet: Binding<SheetModel>): XlWorksheet;
}

const lower = (s: string): string => s.toLowerCase();

function items<C>(
  owner: SimObject,
  ctx: SimContext,
  list: () => C[],
  make: (c: C) => SimObject,
  arg: string | string[] | undefined,
): void {
  const raw =
    arg === undefined ? [] : (Array.isArray(arg) ? arg : arg.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const names = raw.map((n) => n.replace(/^items\/?/, '')).filter((n) => n !== '');
  ctx.enqueue(`${owner.constructor.name}.load`, jsonBytes(raw), () => {
    const made = list().map(make);
    let bytes = 2;
    for (const m of made) {
      const r = m.readNow(names.length > 0 ? names : m.defaultLoad());
      m.stageLoaded(r.values);
      bytes += r.bytes + 1;
    }
    owner.stageLoaded({ items: made });
    return bytes;
  });
}

abstract class SimList<C> extends SimObject {
  protected readonly loadable: readonly string[] = [];
  protected readProperty(name: string): unknown {
    throw new SimError('InvalidArgument', `Unknown property ${name}.`);
  }
  get items(): C[] {
    return this.get<C[]>('items');
  }
}

// ───────────────────────────── PivotTables ─────────────────────────────

class SimPivotField extends SimObject implements XlPivotField {
  protected readonly loadable = ['name'] as const;
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly field: string,
    private readonly axis: 'rows' | 'columns',
  ) {
    super(ctx);
  }
  protected readProperty(): unknown {
    const p = this.pivot.get();
    return p.fields[this.index(p)];
  }
  private index(p: PivotModel): number {
    const j = fieldIndex(p.fields, this.field);
    if (j < 0 || !p[this.axis].some((f) => lower(f) === lower(this.field)))
      throw new SimError('ItemNotFound', `The hierarchy has no field "${this.field}".`);
    return j;
  }
  get name(): string {
    return this.get('name');
  }
  get subtotals(): Excel.Subtotals {
    throw new SimError('PropertyNotLoaded', 'PivotField.subtotals is write-only in the stand-in.');
  }
  set subtotals(v: Excel.Subtotals) {
    this.ctx.requireApi('1.8', 'PivotField.subtotals');
    this.ctx.enqueue('PivotField.subtotals', jsonBytes(v), () => {
      const p = this.pivot.get();
      const f = p.fields[this.index(p)];
      const others = Object.entries(v).filter(([k, x]) => k !== 'automatic' && x === true);
      if (others.length > 0)
        throw new SimError('InvalidArgument', `The stand-in knows automatic subtotals only, not ${others[0][0]}.`);
      changePivot(this.ctx.model, p, () => p.subtotals.set(lower(f), v.automatic === true));
      return 0;
    });
  }
}

class SimPivotFieldCollection implements XlPivotFieldCollection {
  constructor(
    private readonly ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly hierarchy: string,
    private readonly axis: 'rows' | 'columns',
  ) {}
  getItem(name: string): XlPivotField {
    this.ctx.requireApi('1.8', 'PivotFieldCollection.getItem');
    // A hierarchy of a (non-OLAP) PivotTable holds exactly one field, of the same name.
    if (lower(name) !== lower(this.hierarchy))
      throw new SimError('ItemNotFound', `The hierarchy "${this.hierarchy}" has no field "${name}".`);
    return new SimPivotField(this.ctx, this.pivot, name, this.axis);
  }
}

class SimPivotHierarchy extends SimObject implements XlPivotHierarchy {
  protected readonly loadable = ['name'] as const;
  constructor(
    ctx: SimContext,
    readonly pivot: Binding<PivotModel>,
    readonly field: string,
  ) {
    super(ctx);
  }
  /** The field's name in the cache; ItemNotFound when the source has no such column. */
  resolve(): string {
    const p = this.pivot.get();
    const j = fieldIndex(p.fields, this.field);
    if (j < 0)
      throw new SimError(
        'ItemNotFound',
        `The PivotTable "${p.name}" has no field "${this.field}" (its source's header: ${p.fields.join(', ')}).`,
      );
    return p.fields[j];
  }
  protected readProperty(): unknown {
    return this.resolve();
  }
  get name(): string {
    return this.get('name');
  }
}

class SimPivotHierarchyCollection implements XlPivotHierarchyCollection {
  constructor(
    private readonly ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
  ) {}
  getItem(name: string): XlPivotHierarchy {
    this.ctx.requireApi('1.8', 'PivotHierarchyCollection.getItem');
    return new SimPivotHierarchy(this.ctx, this.pivot, name);
  }
}

function hierarchyOf(h: XlPivotHierarchy, pivot: Binding<PivotModel>): SimPivotHierarchy {
  if (!(h instanceof SimPivotHierarchy))
    throw new SimError('InvalidArgument', 'The hierarchy does not belong to this workbook.');
  if (h.pivot.get() !== pivot.get())
    throw new SimError('InvalidArgument', 'The hierarchy belongs to another PivotTable.');
  return h;
}

class SimRowColumnPivotHierarchy extends SimObject implements XlRowColumnPivotHierarchy {
  protected readonly loadable = ['name'] as const;
  readonly fields: SimPivotFieldCollection;
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly field: () => string,
    axis: 'rows' | 'columns',
    label: string,
  ) {
    super(ctx);
    this.fields = new SimPivotFieldCollection(ctx, pivot, label, axis);
  }
  protected readProperty(): unknown {
    this.pivot.get();
    return this.field();
  }
  get name(): string {
    return this.get('name');
  }
}

class SimRowColumnPivotHierarchyCollection
  extends SimList<XlRowColumnPivotHierarchy>
  implements XlRowColumnPivotHierarchyCollection
{
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly axis: 'rows' | 'columns',
  ) {
    super(ctx);
  }
  override load(arg?: string | string[]): this {
    this.ctx.requireApi('1.8', 'RowColumnPivotHierarchyCollection.load');
    items(
      this,
      this.ctx,
      () => this.pivot.get()[this.axis],
      (f) => new SimRowColumnPivotHierarchy(this.ctx, this.pivot, () => f, this.axis, f),
      arg,
    );
    return this;
  }
  add(pivotHierarchy: XlPivotHierarchy): XlRowColumnPivotHierarchy {
    this.ctx.requireApi('1.8', 'RowColumnPivotHierarchyCollection.add');
    const h = pivotHierarchy instanceof SimPivotHierarchy ? pivotHierarchy : null;
    let added = '';
    this.ctx.enqueue(`RowColumnPivotHierarchyCollection.add`, jsonBytes(h?.field ?? null), () => {
      const p = this.pivot.get();
      const field = hierarchyOf(pivotHierarchy, this.pivot).resolve();
      // Added to an axis, a hierarchy leaves the other one (Excel moves it).
      changePivot(this.ctx.model, p, () => {
        p.rows = p.rows.filter((f) => lower(f) !== lower(field));
        p.columns = p.columns.filter((f) => lower(f) !== lower(field));
        p[this.axis].push(field);
      });
      added = field;
      return 0;
    });
    return new SimRowColumnPivotHierarchy(this.ctx, this.pivot, () => added, this.axis, h?.field ?? '');
  }
}

class SimDataPivotHierarchy extends SimObject implements XlDataPivotHierarchy {
  protected readonly loadable = ['name', 'numberFormat', 'summarizeBy'] as const;
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly data: Binding<PivotModel['data'][number]>,
  ) {
    super(ctx);
  }
  protected readProperty(name: string): unknown {
    this.pivot.get();
    const d = this.live();
    return (d as unknown as Record<string, unknown>)[name];
  }
  private live(): PivotModel['data'][number] {
    const d = this.data.get();
    if (!this.pivot.get().data.includes(d)) throw new SimError('InvalidReference', 'The data hierarchy was removed.');
    return d;
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      const p = this.pivot.get();
      const d = this.live();
      if (typeof v !== 'string' || v.trim() === '') throw new SimError('InvalidArgument', 'A data field needs a name.');
      // Excel: "A PivotTable field name already exists." — a data field may not take a field's or another's name.
      if (fieldIndex(p.fields, v) >= 0 || p.data.some((x) => x !== d && lower(x.name) === lower(v)))
        throw new SimError('InvalidArgument', `The PivotTable field name "${v}" already exists.`);
      changePivot(this.ctx.model, p, () => (d.name = v));
    });
  }
  get numberFormat(): string {
    return this.get('numberFormat');
  }
  set numberFormat(v: string) {
    this.set('numberFormat', v, () => {
      const p = this.pivot.get();
      const d = this.live();
      if (typeof v !== 'string') throw new SimError('InvalidArgument', 'A number format is a string.');
      changePivot(this.ctx.model, p, () => (d.numberFormat = v));
    });
  }
  get summarizeBy(): XlDataPivotHierarchy['summarizeBy'] {
    return this.get('summarizeBy');
  }
  set summarizeBy(v: XlDataPivotHierarchy['summarizeBy']) {
    this.set('summarizeBy', v, () => {
      const p = this.pivot.get();
      const d = this.live();
      if (!(SUMMARIES as readonly string[]).includes(v))
        throw new SimError('InvalidArgument', `The stand-in does not summarize by "${v}".`);
      changePivot(this.ctx.model, p, () => {
        // Excel renames a data field that still has its default name ("Sum of Revenue" → "Count of Revenue").
        if (d.name === defaultDataName(d.summarizeBy, d.field)) {
          const renamed = defaultDataName(v as Summary, d.field);
          if (!p.data.some((x) => x !== d && lower(x.name) === lower(renamed))) d.name = renamed;
        }
        d.summarizeBy = v as Summary;
      });
    });
  }
}

const SUMMARY_WORD: Record<Summary, string> = {
  Sum: 'Sum',
  Count: 'Count',
  Average: 'Average',
  Max: 'Max',
  Min: 'Min',
  CountNumbers: 'Count',
};
const defaultDataName = (s: Summary, field: string): string => `${SUMMARY_WORD[s]} of ${field}`;

class SimDataPivotHierarchyCollection extends SimList<XlDataPivotHierarchy> implements XlDataPivotHierarchyCollection {
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
  ) {
    super(ctx);
  }
  override load(arg?: string | string[]): this {
    this.ctx.requireApi('1.8', 'DataPivotHierarchyCollection.load');
    items(
      this,
      this.ctx,
      () => this.pivot.get().data,
      (d) => new SimDataPivotHierarchy(this.ctx, this.pivot, Binding.of(d)),
      arg,
    );
    return this;
  }
  add(pivotHierarchy: XlPivotHierarchy): XlDataPivotHierarchy {
    this.ctx.requireApi('1.8', 'DataPivotHierarchyCollection.add');
    let created: PivotModel['data'][number] | null = null;
    this.ctx.enqueue('DataPivotHierarchyCollection.add', 16, () => {
      const p = this.pivot.get();
      const field = hierarchyOf(pivotHierarchy, this.pivot).resolve();
      // Excel's default: Sum when every value of the field is a number, Count otherwise.
      const j = fieldIndex(p.fields, field);
      const numeric = p.records.every((r) => r[j] === undefined || typeof r[j] === 'number');
      const summarizeBy: Summary = numeric ? 'Sum' : 'Count';
      let name = defaultDataName(summarizeBy, field);
      for (let k = 2; p.data.some((d) => lower(d.name) === lower(name)); k++)
        name = `${defaultDataName(summarizeBy, field)}${k}`;
      const d = { field, name, summarizeBy, numberFormat: 'General' };
      changePivot(this.ctx.model, p, () => p.data.push(d));
      created = d;
      return 0;
    });
    return new SimDataPivotHierarchy(this.ctx, this.pivot, new Binding(() => created, false, 'The new data hierarchy'));
  }
}

class SimPivotLayout extends SimObject implements XlPivotLayout {
  protected readonly loadable = ['layoutType', 'showRowGrandTotals', 'showColumnGrandTotals'] as const;
  constructor(
    ctx: SimContext,
    private readonly pivot: Binding<PivotModel>,
    private readonly parts: SimParts,
  ) {
    super(ctx);
  }
  protected readProperty(name: string): unknown {
    return (this.pivot.get() as unknown as Record<string, unknown>)[name];
  }
  private change(name: string, v: unknown, f: (p: PivotModel) => void): void {
    this.ctx.requireApi('1.8', `PivotLayout.${name}`);
    this.set(name, v, () => {
      const p = this.pivot.get();
      changePivot(this.ctx.model, p, () => {
        f(p);
      });
    });
  }
  get layoutType(): XlPivotLayout['layoutType'] {
    return this.get('layoutType');
  }
  set layoutType(v: XlPivotLayout['layoutType']) {
    this.change('layoutType', v, (p) => {
      if (v !== 'Compact' && v !== 'Tabular' && v !== 'Outline')
        throw new SimError('InvalidArgument', `Unknown PivotTable layout "${String(v)}".`);
      p.layoutType = v;
    });
  }
  get showRowGrandTotals(): boolean {
    return this.get('showRowGrandTotals');
  }
  set showRowGrandTotals(v: boolean) {
    this.change('showRowGrandTotals', v, (p) => (p.showRowGrandTotals = v));
  }
  get showColumnGrandTotals(): boolean {
    return this.get('showColumnGrandTotals');
  }
  set showColumnGrandTotals(v: boolean) {
    this.change('showColumnGrandTotals', v, (p) => (p.showColumnGrandTotals = v));
  }
  getRange(): XlRange {
    this.ctx.requireApi('1.8', 'PivotLayout.getRange');
    return this.parts.range(
      this.ctx,
      () => {
        const p = this.pivot.get();
        return { sheet: p.sheet, rect: p.area };
      },
      'PivotLayout.getRange',
    );
  }
  getDataBodyRange(): XlRange {
    this.ctx.requireApi('1.8', 'PivotLayout.getDataBodyRange');
    return this.parts.range(
      this.ctx,
      () => {
        const p = this.pivot.get();
        if (!p.body) throw new SimError('ItemNotFound', `The PivotTable "${p.name}" has no data body.`);
        return { sheet: p.sheet, rect: p.body };
      },
      'PivotLayout.getDataBodyRange',
    );
  }
}

export class SimPivotTable extends SimObject implements XlPivotTable {
  protected readonly loadable = ['id', 'name'] as const;
  readonly hierarchies: SimPivotHierarchyCollection;
  readonly rowHierarchies: SimRowColumnPivotHierarchyCollection;
  readonly columnHierarchies: SimRowColumnPivotHierarchyCollection;
  readonly dataHierarchies: SimDataPivotHierarchyCollection;
  readonly layout: SimPivotLayout;
  constructor(
    ctx: SimContext,
    readonly pivot: Binding<PivotModel>,
    private readonly parts: SimParts,
  ) {
    super(ctx);
    this.hierarchies = new SimPivotHierarchyCollection(ctx, pivot);
    this.rowHierarchies = new SimRowColumnPivotHierarchyCollection(ctx, pivot, 'rows');
    this.columnHierarchies = new SimRowColumnPivotHierarchyCollection(ctx, pivot, 'columns');
    this.dataHierarchies = new SimDataPivotHierarchyCollection(ctx, pivot);
    this.layout = new SimPivotLayout(ctx, pivot, parts);
  }
  protected readProperty(name: string): unknown {
    return (this.pivot.get() as unknown as Record<string, unknown>)[name];
  }
  get id(): string {
    return this.get('id');
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      const p = this.pivot.get();
      checkPivotName(this.ctx, v, p);
      p.name = v;
    });
  }
  get worksheet(): XlWorksheet {
    return this.parts.worksheet(
      this.ctx,
      new Binding(() => this.pivot.get().sheet, false, "The PivotTable's worksheet"),
    );
  }
  delete(): void {
    this.ctx.requireApi('1.8', 'PivotTable.delete');
    this.call('delete', null, () => {
      const p = this.pivot.get();
      p.sheet.clear(p.area);
      p.deleted = true;
      this.ctx.model.pivots = this.ctx.model.pivots.filter((x) => x !== p);
      // GETPIVOTDATA formulas that read it now give #REF!.
      this.ctx.model.calcDirty = true;
      this.ctx.model.dropOrphanSlicers();
    });
  }
}

function checkPivotName(ctx: SimContext, name: string, self: PivotModel | null): void {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255)
    throw new SimError('InvalidArgument', `"${name}" is not a valid PivotTable name.`);
  if (ctx.model.pivots.some((p) => p !== self && lower(p.name) === lower(name)))
    throw new SimError('ItemAlreadyExists', `A PivotTable named "${name}" already exists.`);
}

export class SimPivotTableCollection extends SimList<XlPivotTable> implements XlPivotTableCollection {
  constructor(
    ctx: SimContext,
    private readonly sheet: Binding<SheetModel> | null,
    private readonly parts: SimParts,
  ) {
    super(ctx);
    ctx.requireApi('1.3', 'pivotTables');
  }
  private list(): PivotModel[] {
    const s = this.sheet?.get();
    return this.ctx.model.pivots.filter((p) => s === undefined || p.sheet === s);
  }
  override load(arg?: string | string[]): this {
    items(
      this,
      this.ctx,
      () => this.list(),
      (p) => new SimPivotTable(this.ctx, Binding.of(p), this.parts),
      arg,
    );
    return this;
  }
  getItem(name: string): XlPivotTable {
    return new SimPivotTable(
      this.ctx,
      new Binding(
        () => this.list().find((p) => lower(p.name) === lower(name) || p.id === name) ?? null,
        false,
        `The PivotTable "${name}"`,
      ),
      this.parts,
    );
  }
  add(name: string, source: XlRange | string | XlTable, destination: XlRange | string): XlPivotTable {
    this.ctx.requireApi('1.8', 'PivotTableCollection.add');
    let created: PivotModel | null = null;
    const args = [
      name,
      typeof source === 'string' ? source : 'object',
      typeof destination === 'string' ? destination : 'range',
    ];
    this.ctx.enqueue('PivotTableCollection.add', jsonBytes(args), () => {
      const model = this.ctx.model;
      checkPivotName(this.ctx, name, null);
      const src = this.source(source);
      const dest = this.destination(destination);
      if (this.sheet && dest.sheet !== this.sheet.get())
        throw new SimError('InvalidArgument', 'The destination is on another sheet than the collection.');
      const { fields, records } = readSource(model, src);
      const p: PivotModel = {
        id: newId('pivot'),
        name,
        sheet: dest.sheet,
        source: src,
        fields,
        records,
        anchor: { r0: dest.rect.r0, c0: dest.rect.c0 },
        rows: [],
        columns: [],
        data: [],
        subtotals: new Map(),
        layoutType: 'Compact',
        showRowGrandTotals: true,
        showColumnGrandTotals: true,
        // Nothing yet: the first layout (its first cell) must find its place free — not in another
        // PivotTable or a table, and holding nothing.
        area: { r0: dest.rect.r0, c0: dest.rect.c0, rows: 0, cols: 0 },
        body: null,
        deleted: false,
      };
      renderPivot(model, p);
      model.pivots.push(p);
      created = p;
      return 0;
    });
    return new SimPivotTable(this.ctx, new Binding(() => created, false, 'The new PivotTable'), this.parts);
  }
  private source(source: XlRange | string | XlTable): PivotModel['source'] {
    const model = this.ctx.model;
    if (typeof source === 'string') {
      const byName = model.tables.find((t) => lower(t.name) === lower(source));
      if (byName) return { table: byName };
      const { sheet, address } = splitSheetAddress(source);
      if (sheet === null)
        throw new SimError(
          'InvalidArgument',
          `The PivotTable source "${source}" is neither a table nor a sheet-qualified range.`,
        );
      return { sheet: model.sheet(sheet), rect: parseAddress(address.replace(/\$/g, '')) };
    }
    try {
      return { table: this.parts.tableModel(source as XlTable).get() };
    } catch (e) {
      if (!(e instanceof SimError) || e.code !== 'InvalidArgument') throw e;
    }
    const t = this.parts.rangeTarget(source as XlRange).get();
    return { sheet: t.sheet, rect: t.rect };
  }
  private destination(destination: XlRange | string): { sheet: SheetModel; rect: ReturnType<typeof parseAddress> } {
    if (typeof destination !== 'string') return this.parts.rangeTarget(destination).get();
    const { sheet, address } = splitSheetAddress(destination);
    const s = sheet !== null ? this.ctx.model.sheet(sheet) : this.sheet?.get();
    if (!s) throw new SimError('InvalidArgument', 'A workbook-level PivotTable destination needs a sheet.');
    return { sheet: s, rect: parseAddress(address) };
  }
}

// ───────────────────────────── slicers ─────────────────────────────

export class SimSlicer extends SimObject implements XlSlicer {
  protected readonly loadable = ['id', 'name', 'caption', 'left', 'top', 'width', 'height'] as const;
  constructor(
    ctx: SimContext,
    readonly slicer: Binding<SlicerModel>,
    private readonly parts: SimParts,
  ) {
    super(ctx);
  }
  protected readProperty(name: string): unknown {
    return (this.slicer.get() as unknown as Record<string, unknown>)[name];
  }
  get id(): string {
    return this.get('id');
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.set('name', v, () => {
      const s = this.slicer.get();
      checkSlicerName(this.ctx, v, s);
      s.name = v;
    });
  }
  get caption(): string {
    return this.get('caption');
  }
  set caption(v: string) {
    this.set('caption', v, () => {
      if (typeof v !== 'string') throw new SimError('InvalidArgument', 'A slicer caption is a string.');
      this.slicer.get().caption = v;
    });
  }
  private points(name: 'left' | 'top' | 'width' | 'height', v: number): void {
    this.set(name, v, () => {
      const size = name === 'width' || name === 'height';
      // Office.js: InvalidArgument for a negative left/top, and for a width/height that is not positive.
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (size && v === 0))
        throw new SimError('InvalidArgument', `Slicer.${name} cannot be ${String(v)}.`);
      this.slicer.get()[name] = v;
    });
  }
  get left(): number {
    return this.get('left');
  }
  set left(v: number) {
    this.points('left', v);
  }
  get top(): number {
    return this.get('top');
  }
  set top(v: number) {
    this.points('top', v);
  }
  get width(): number {
    return this.get('width');
  }
  set width(v: number) {
    this.points('width', v);
  }
  get height(): number {
    return this.get('height');
  }
  set height(v: number) {
    this.points('height', v);
  }
  get worksheet(): XlWorksheet {
    return this.parts.worksheet(this.ctx, new Binding(() => this.slicer.get().sheet, false, "The slicer's worksheet"));
  }
  delete(): void {
    this.call('delete', null, () => {
      const s = this.slicer.get();
      s.deleted = true;
      this.ctx.model.slicers = this.ctx.model.slicers.filter((x) => x !== s);
    });
  }
}

function checkSlicerName(ctx: SimContext, name: string, self: SlicerModel | null): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new SimError('InvalidArgument', `"${name}" is not a valid slicer name.`);
  if (ctx.model.slicers.some((s) => s !== self && lower(s.name) === lower(name)))
    throw new SimError('ItemAlreadyExists', `A slicer named "${name}" already exists.`);
}

/** Excel's default slicer size in points (2 in × 2.65 in at 96 dpi: 192 × 254 px). */
const DEFAULT_SLICER = { width: 144, height: 190.5 };

export class SimSlicerCollection extends SimList<XlSlicer> implements XlSlicerCollection {
  constructor(
    ctx: SimContext,
    private readonly parts: SimParts,
  ) {
    super(ctx);
    ctx.requireApi('1.10', 'Workbook.slicers');
  }
  override load(arg?: string | string[]): this {
    items(
      this,
      this.ctx,
      () => this.ctx.model.slicers,
      (s) => new SimSlicer(this.ctx, Binding.of(s), this.parts),
      arg,
    );
    return this;
  }
  getItem(key: string): XlSlicer {
    return new SimSlicer(
      this.ctx,
      new Binding(
        () => this.ctx.model.slicers.find((s) => lower(s.name) === lower(key) || s.id === key) ?? null,
        false,
        `The slicer "${key}"`,
      ),
      this.parts,
    );
  }
  add(
    slicerSource: string | XlPivotTable | XlTable,
    sourceField: string | number,
    slicerDestination?: string | XlWorksheet,
  ): XlSlicer {
    let created: SlicerModel | null = null;
    const args = [
      typeof slicerSource === 'string' ? slicerSource : 'object',
      sourceField,
      typeof slicerDestination === 'string' ? slicerDestination : 'sheet',
    ];
    this.ctx.enqueue('SlicerCollection.add', jsonBytes(args), () => {
      const model = this.ctx.model;
      if (slicerDestination === undefined)
        throw new SimError('InvalidArgument', "The workbook's slicer collection needs the slicer's worksheet.");
      const sheet =
        typeof slicerDestination === 'string'
          ? (model.findSheet(slicerDestination) ?? model.sheets.find((s) => s.id === slicerDestination) ?? null)
          : this.parts.sheetModel(slicerDestination).get();
      if (!sheet || sheet.deleted)
        throw new SimError(
          'ItemNotFound',
          `The worksheet "${typeof slicerDestination === 'string' ? slicerDestination : '(deleted)'}" was not found.`,
        );
      const { pivot, table } = this.source(slicerSource);
      const fields = pivot ? pivot.fields : headerOf(table!);
      if (typeof sourceField !== 'string')
        throw new SimError('InvalidArgument', 'The stand-in takes a slicer field by name.');
      const j = fieldIndex(fields, sourceField);
      if (j < 0)
        throw new SimError(
          'ItemNotFound',
          `The slicer's source has no field "${sourceField}" (it has: ${fields.join(', ')}).`,
        );
      // Excel names a slicer after its field, "Field 1", "Field 2" … when the name is taken.
      let name = fields[j];
      for (let k = 1; model.slicers.some((s) => lower(s.name) === lower(name)); k++) name = `${fields[j]} ${k}`;
      const s: SlicerModel = {
        id: newId('slicer'),
        name,
        sheet,
        pivot,
        table,
        field: fields[j],
        caption: fields[j],
        left: 0,
        top: 0,
        ...DEFAULT_SLICER,
        deleted: false,
      };
      model.slicers.push(s);
      created = s;
      return 0;
    });
    return new SimSlicer(this.ctx, new Binding(() => created, false, 'The new slicer'), this.parts);
  }
  private source(src: string | XlPivotTable | XlTable): { pivot: PivotModel | null; table: TableModel | null } {
    const model = this.ctx.model;
    if (typeof src === 'string') {
      const p = model.pivots.find((x) => lower(x.name) === lower(src) || x.id === src);
      if (p) return { pivot: p, table: null };
      const t = model.tables.find((x) => lower(x.name) === lower(src) || x.id === src);
      if (t) return { pivot: null, table: t };
      throw new SimError('ItemNotFound', `There is no PivotTable or table named "${src}".`);
    }
    if (src instanceof SimPivotTable) return { pivot: src.pivot.get(), table: null };
    const t = this.parts.tableModel(src as XlTable).get();
    if (!model.tables.includes(t)) throw new SimError('ItemNotFound', 'The table was deleted.');
    return { pivot: null, table: t };
  }
}

function headerOf(t: TableModel): string[] {
  return Array.from({ length: t.rect.cols }, (_, c) => String(t.sheet.getValue(t.rect.r0, t.rect.c0 + c)));
}
