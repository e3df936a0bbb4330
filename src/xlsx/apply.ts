/**
 * The .xlsx host: applies a Plan to a workbook file with excelize-wasm (see src/plan/types.ts).
 *
 * - Works on a copy: the caller's bytes are never modified; on any error nothing is returned, so
 *   replacing Loopbook's sheets is all-or-nothing (the caller writes the new bytes or keeps the old).
 * - Keeps everything it does not own: other sheets (byte for byte), formulas, charts, tables, pivot
 *   tables, defined names. excelize never parses the user's large worksheets (see apply-zip.ts).
 * - Writes cell values, merged cells, conditional formats, hyperlinks, panes, column widths and row heights
 *   itself (apply-cells.ts, apply-sheet.ts) and lets excelize build styles, charts, pivot tables, slicers
 *   and the tables they read.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { createRequire } from 'node:module';
import { gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { init } from 'excelize-wasm';
import type { Chart, ChartAxis, ChartSeries, NewFile, PivotTableOptions, Style } from 'excelize-wasm';
import { absoluteRef, cell, columnIndex, parseRange } from '../plan/a1.js';
import { getPivotDataFormula } from '../plan/pivots.js';
import type { AddChartOp, AddPivotTableOp, AddTableOp, FormatRangeOp, Plan, WorkbookOp } from '../plan/types.js';
import { STORE_SHEET, storeFromCells } from '../recipe/store.js';
import type { Store } from '../recipe/types.js';
import type { Diagnostic } from '../types.js';
import { SheetCells, unescapeXml } from './apply-cells.js';
import { paneXml, SheetParts } from './apply-sheet.js';
import { finishPackage, preparePackage, workbookSheets } from './apply-zip.js';
import { tableColumnNames, type OwnTable } from './apply-tables.js';
import type { PlannedSlicer } from './apply-pivots.js';

type Excelize = Awaited<ReturnType<typeof init>>;

let excelizePromise: Promise<Excelize> | null = null;

/** The Go runtime class excelize-wasm defines on `globalThis` when it loads (its `init` makes one). */
interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

/** V8 options that decide how WebAssembly is compiled; given on the command line, the user's choice stands. */
const WASM_TIER_FLAGS = /--(no-)?(liftoff|liftoff-only|wasm-tier-up|wasm-dynamic-tiering)\b/;

/**
 * Runs `fn` with WebAssembly compiled by V8's baseline compiler only (Liftoff: `--liftoff-only`, which also
 * turns off tier-up to the optimising compiler), and V8's defaults back afterwards. V8 reads these options
 * whenever it compiles or tiers up a function, so they are on only while excelize runs: `fn` is synchronous.
 *
 * With the default tiering, optimising excelize's functions cost about 2 CPU s of the demo's 3.4–3.9 s
 * write (bench/_demo-write.ts, the first call in a process), more than the optimised code saves on the few
 * hundred calls a Plan makes: excelize never sees the result rows (apply-cells.ts writes them).
 */
function withLiftoffOnly<T>(fn: () => T): T {
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => WASM_TIER_FLAGS.test(a))) return fn();
  v8.setFlagsFromString('--liftoff-only');
  try {
    return fn();
  } finally {
    // `--liftoff-only` implies `--no-wasm-tier-up --no-wasm-dynamic-tiering`: all three go back.
    v8.setFlagsFromString('--no-liftoff-only');
    v8.setFlagsFromString('--wasm-tier-up');
    v8.setFlagsFromString('--wasm-dynamic-tiering');
  }
}

/**
 * What excelize-wasm's `init` does, with Node's zlib: `init` inflates the 4 MB .wasm.gz with its bundled
 * JavaScript inflater, 0.6 s of the CLI's start-up on the write path; zlib takes a twentieth of that. Falls
 * back to `init` if a later excelize-wasm no longer defines `globalThis.Go`. Compiled and started (the Go
 * program's initialisation) synchronously, Liftoff only (see withLiftoffOnly).
 */
function startExcelize(path: string): Promise<Excelize> {
  const scope = globalThis as { Go?: new () => GoRuntime; excelize?: Excelize };
  if (typeof scope.Go !== 'function') return init(path);
  const Go = scope.Go;
  const inflated = inflating;
  const start = (bytes: Buffer<ArrayBuffer>) => withLiftoffOnly(() => run(new Go(), new WebAssembly.Module(bytes)));
  // Inflated here after all when the inflating aside failed (the same bytes).
  if (inflated) return inflated.then(start, () => start(gunzipSync(readFileSync(path))));
  return Promise.resolve(start(gunzipSync(readFileSync(path))));
}

/** Starts the Go program of `module` (synchronously: its initialisation fills in `globalThis.excelize`). */
function run(go: GoRuntime, module: WebAssembly.Module): Excelize {
  const scope = globalThis as { excelize?: Excelize };
  const ex = {} as Excelize;
  scope.excelize = ex; // the Go program fills it in while it starts
  const instance = new WebAssembly.Instance(module, go.importObject);
  void go.run(instance); // resolves only when the Go program exits, which it never does
  return ex;
}

/** excelize's module being inflated aside (`prepareExcelize`), or null. */
let inflating: Promise<Buffer<ArrayBuffer>> | null = null;

const WASM_PATH = (): string => createRequire(import.meta.url).resolve('excelize-wasm/excelize.wasm.gz');

/**
 * Starts inflating excelize's 4 MB .wasm.gz in libuv's threads (zlib) beside whatever the caller does next, so that
 * `excelize()` only compiles and starts it (issue 13: 0.1–0.15 s of the command line's write phase on its main
 * thread). The inflater is given an output buffer of the whole module (the gzip trailer's size), so it runs in one go
 * without waiting for the event loop. Not compiled aside: a module V8 compiles with its default options tiers up while
 * excelize runs whatever the options then (the demo's write took 4.7 CPU s instead of 2.3), see withLiftoffOnly.
 * Nothing happens when excelize is started already; a failure leaves the work to `excelize()`.
 */
export function prepareExcelize(): void {
  if (excelizePromise || inflating) return;
  try {
    const gz = readFileSync(WASM_PATH());
    const size = gz.readUInt32LE(gz.length - 4);
    // zlib allocates its output in a plain ArrayBuffer.
    inflating = promisify(gunzip)(gz, { chunkSize: Math.max(64 * 1024, size + 1024) });
    inflating.catch(() => undefined);
  } catch {
    inflating = null;
  }
}

/** The excelize-wasm module, initialised once per process. */
export async function excelize(): Promise<Excelize> {
  excelizePromise ??= startExcelize(WASM_PATH());
  return await excelizePromise;
}

function check(result: { error: string | null | undefined }, what: string): void {
  if (result.error) throw new Error(`${what}: ${result.error}`);
}

/** Open workbook bytes; excelize-wasm needs its options object given explicitly. */
function open(ex: Excelize, bytes: Uint8Array): NewFile {
  const f = ex.OpenReader(bytes, {});
  const err = (f as unknown as { error?: string | null }).error;
  if (err) throw new Error(`Could not open the workbook: ${err}`);
  return f;
}

interface StyleSpec {
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  wrap?: boolean;
  horizontal?: string;
  vertical?: string;
}

/** excelize style ids for style specs, with merging cached by (base id, partial spec). */
class Styles {
  private readonly ids = new Map<string, number>();
  private readonly specs = new Map<number, StyleSpec>([[0, {}]]);
  private readonly merges = new Map<string, number>();
  private readonly family: string;
  constructor(private readonly f: NewFile) {
    // A font without a family renders in the viewer's fallback (a serif in LibreOffice): name the workbook's.
    this.family = f.GetDefaultFont().fontName || 'Calibri';
  }

  private idFor(spec: StyleSpec): number {
    const key = JSON.stringify(spec, Object.keys(spec).sort());
    let id = this.ids.get(key);
    if (id === undefined) {
      const style: Style = {};
      if (spec.numFmt !== undefined) style.CustomNumFmt = spec.numFmt;
      if (spec.bold || spec.italic || spec.underline || spec.size !== undefined || spec.color !== undefined)
        style.Font = {
          Family: this.family,
          ...(spec.bold ? { Bold: true } : {}),
          ...(spec.italic ? { Italic: true } : {}),
          ...(spec.underline ? { Underline: 'single' } : {}),
          ...(spec.size !== undefined ? { Size: spec.size } : {}),
          ...(spec.color !== undefined ? { Color: spec.color } : {}),
        };
      if (spec.fill !== undefined) style.Fill = { Type: 'pattern', Pattern: 1, Color: [spec.fill] };
      if (spec.wrap || spec.horizontal !== undefined || spec.vertical !== undefined)
        style.Alignment = {
          ...(spec.wrap ? { WrapText: true } : {}),
          ...(spec.horizontal !== undefined ? { Horizontal: spec.horizontal } : {}),
          ...(spec.vertical !== undefined ? { Vertical: spec.vertical } : {}),
        };
      const r = this.f.NewStyle(style);
      check(r, 'NewStyle');
      id = r.style;
      this.ids.set(key, id);
      this.specs.set(id, spec);
    }
    return id;
  }

  /** The style id of `base` with `partial` laid over it. */
  merge(base: number, partial: StyleSpec, partialKey: string): number {
    const k = `${base}|${partialKey}`;
    let id = this.merges.get(k);
    if (id === undefined) {
      id = this.idFor({ ...this.specs.get(base), ...partial });
      this.merges.set(k, id);
    }
    return id;
  }
}

/** Office's default series colours, for the few places a colour must be explicit. */
const PALETTE = ['#4472C4', '#ED7D31', '#A5A5A5', '#FFC000', '#5B9BD5', '#70AD47'];

const CHART_TYPES = {
  column: 'Col',
  stackedColumn: 'ColStacked',
  bar: 'Bar',
  stackedBar: 'BarStacked',
  line: 'Line',
  pie: 'Pie',
  doughnut: 'Doughnut',
  scatter: 'Scatter',
} as const;

function titleOf(text: string | undefined, size = 10): Chart['Title'] | undefined {
  return text ? { Paragraph: [{ Text: text, Font: { Bold: true, Size: size } }] } : undefined;
}

function axisOf(a: { title?: string; numberFormat?: string }, extra: ChartAxis = {}): ChartAxis {
  const t = titleOf(a.title);
  return {
    // excelize's default axis labels are a very light grey; dark grey reads on screen and on paper.
    Font: { Color: '#404040', Size: 9 },
    ...extra,
    ...(t ? { Title: t } : {}),
    ...(a.numberFormat !== undefined ? { NumFmt: { CustomNumFmt: a.numberFormat, SourceLinked: false } } : {}),
  };
}

function chartOf(ex: Excelize, op: AddChartOp): { main: Chart; combo?: Chart } {
  const series = (list: AddChartOp['series']): ChartSeries[] =>
    list.map((s, i) => ({
      Name: absoluteRef(s.name.sheet, s.name.address),
      Categories: absoluteRef(s.categories.sheet, s.categories.address),
      Values: absoluteRef(s.values.sheet, s.values.address),
      // Lines without markers; scatter points as markers without connecting lines.
      ...(s.mark === 'line' ? { Marker: { Symbol: 'none' } } : {}),
      // (An explicit marker fill: excelize leaves it empty, and LibreOffice then draws nothing.)
      ...(s.mark === 'scatter'
        ? {
            Marker: {
              Symbol: 'circle',
              Size: 6,
              Fill: { Type: 'pattern', Pattern: 1, Color: [PALETTE[i % PALETTE.length]] },
            },
            Line: { Type: ex.LineNone },
          }
        : {}),
    }));
  const isBar = op.type === 'bar' || op.type === 'stackedBar';
  const base: Omit<Chart, 'Type'> = {
    Dimension: { Width: op.anchor.widthPx, Height: op.anchor.heightPx },
    Format: { OffsetX: 0, OffsetY: 0 },
    Legend: { Position: op.legend === 'none' ? 'none' : op.legend, Font: { Color: '#404040', Size: 9 } },
    VaryColors: op.varyColors,
    ShowBlanksAs: 'gap',
    ...(titleOf(op.title, 12) ? { Title: titleOf(op.title, 12) } : {}),
    PlotArea: {},
  };
  if (op.type === 'combo') {
    const bars = op.series.filter((s) => s.mark !== 'line');
    const lines = op.series.filter((s) => s.mark === 'line');
    const mainSeries = bars.length > 0 ? bars : lines;
    const main: Chart = {
      ...base,
      Type: bars.length > 0 ? ex.Col : ex.Line,
      Series: series(mainSeries),
      XAxis: axisOf(op.xAxis),
      YAxis: axisOf(op.yAxis, { MajorGridLines: true }),
    };
    if (bars.length === 0 || lines.length === 0) return { main };
    const secondary = lines.some((s) => s.axis === 'secondary');
    const combo: Chart = {
      Type: ex.Line,
      Series: series(lines),
      VaryColors: false,
      YAxis: secondary ? axisOf(op.y2Axis ?? {}, { Secondary: true }) : axisOf(op.yAxis),
    };
    return { main, combo };
  }
  const type = ex[CHART_TYPES[op.type]];
  const pieLike = op.type === 'pie' || op.type === 'doughnut';
  const main: Chart = {
    ...base,
    Type: type,
    Series: series(op.series),
    ...(pieLike
      ? {}
      : {
          // Bars list the first row on top, as the table reads.
          XAxis: axisOf(op.xAxis, isBar ? { ReverseOrder: true } : {}),
          YAxis: axisOf(op.yAxis, { MajorGridLines: true }),
        }),
    ...(pieLike ? { PlotArea: { ShowPercent: true } } : {}),
    ...(op.type === 'doughnut' ? { HoleSize: 50 } : {}),
  };
  return { main };
}

const SUBTOTALS = { count: 'Count', sum: 'Sum', average: 'Average' } as const;

/**
 * excelize's options for a pivot: tabular, subtotals on the first of several row fields, grand totals,
 * recalculated by the viewer on open. Value formats are built-in ids (a pivot's `numFmtId`): `#,##0.00`
 * (4) for formats with decimals, `#,##0` (3) otherwise.
 */
function pivotOf(op: AddPivotTableOp): PivotTableOptions {
  return {
    DataRange: op.source.table,
    // excelize takes the sheet name unquoted (it splits at the last `!`).
    PivotTableRange: `${op.sheet}!${op.location}`,
    Name: op.name,
    Rows: op.rows.map((r, i) => ({ Data: r, DefaultSubtotal: i === 0 && op.rows.length > 1 })),
    Columns: op.columns.map((c) => ({ Data: c })),
    Data: op.values.map((v) => ({
      Data: v.field,
      Name: v.name,
      Subtotal: SUBTOTALS[v.summary],
      NumFmt: /0\.0/.test(v.numberFormat) ? 4 : 3,
    })),
    RowGrandTotals: true,
    ColGrandTotals: true,
    ShowDrill: true,
    ShowRowHeaders: true,
    ShowColHeaders: true,
    ShowLastColumn: true,
    PivotTableStyleName: op.style,
  };
}

function formatSpec(op: FormatRangeOp): StyleSpec {
  const s: StyleSpec = {};
  if (op.bold !== undefined) s.bold = op.bold;
  if (op.italic !== undefined) s.italic = op.italic;
  if (op.underline !== undefined) s.underline = op.underline;
  if (op.size !== undefined) s.size = op.size;
  if (op.color !== undefined) s.color = op.color;
  if (op.fill !== undefined) s.fill = op.fill;
  if (op.wrap !== undefined) s.wrap = op.wrap;
  if (op.horizontal !== undefined) s.horizontal = op.horizontal;
  if (op.vertical !== undefined) s.vertical = op.vertical;
  return s;
}

/**
 * Tables a pivot table reads or a slicer filters: excelize must make them (its AddPivotTable and AddSlicer
 * find the table by name).
 */
function pivotSources(ops: WorkbookOp[]): Set<string> {
  return new Set(
    ops.flatMap((o) =>
      o.op === 'addPivotTable' ? [o.source.table] : o.op === 'addSlicer' && 'table' in o ? [o.table.name] : [],
    ),
  );
}

/**
 * Cells excelize itself must hold: the header rows of the tables excelize makes (AddTable reads the column
 * names from them); the other tables are written by apply-tables.ts.
 */
function headerCells(ops: WorkbookOp[], viaExcelize: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const op of ops) {
    if (op.op !== 'addTable' || !viaExcelize.has(op.name)) continue;
    const r = parseRange(op.address);
    let set = out.get(op.sheet);
    if (!set) out.set(op.sheet, (set = new Set()));
    for (let c = r.col1; c <= r.col2; c++) set.add(`${r.row1}:${c}`);
  }
  return out;
}

/**
 * The tables apply-tables.ts writes, by sheet, with their column names; each header cell is set to its
 * column's name (text), as excelize's AddTable does.
 */
function tablesOf(ops: readonly AddTableOp[], cells: ReadonlyMap<string, SheetCells>): Map<string, OwnTable[]> {
  const out = new Map<string, OwnTable[]>();
  for (const op of ops) {
    const c = cells.get(op.sheet)!;
    const r = parseRange(op.address);
    const headers: string[] = [];
    for (let col = r.col1; col <= r.col2; col++) {
      const v = c.valueAt(r.row1, col);
      headers.push(v === null ? '' : typeof v === 'object' ? v.text : String(v));
    }
    const columns = tableColumnNames(headers);
    columns.forEach((name, j) => {
      c.setValue(r.row1, r.col1 + j, name);
    });
    let list = out.get(op.sheet);
    if (!list) out.set(op.sheet, (list = []));
    list.push({ name: op.name, ref: op.address, style: op.style, showRowStripes: op.showBandedRows, columns });
  }
  return out;
}

/**
 * Apply a Plan to a workbook (`null` = a new workbook) and return the new file's bytes.
 * Throws with a clear message when the Plan cannot be applied; the input bytes are never changed.
 * @example const out = await applyPlanToXlsx(await readFile('in.xlsx'), plan); await writeFile('out.xlsx', out);
 */
export async function applyPlanToXlsx(bytes: Uint8Array | null, plan: Plan): Promise<Uint8Array> {
  if ((plan.version as number) !== 1) throw new Error(`Plan version ${String(plan.version)} is not supported`);
  const ex = await excelize();
  return withLiftoffOnly(() => applyWith(ex, bytes, plan));
}

// One switch over the Plan's ops sharing the writer's state (cells, styles, row heights, hidden and active sheets);
// to be split with that state in one object (issue 16, follow-up).
// eslint-disable-next-line max-lines-per-function -- see above
function applyWith(ex: Excelize, bytes: Uint8Array | null, plan: Plan): Uint8Array {
  // Owned sheets the Plan replaces or deletes go first, at package level (see apply-zip.ts); the caller's
  // bytes are only read.
  const remove = plan.ops.flatMap((o) =>
    o.op === 'addSheet' && o.replaces !== null ? [o.replaces] : o.op === 'deleteSheet' ? [o.sheet] : [],
  );
  const prepared = bytes ? preparePackage(bytes, remove) : null;
  if (!bytes && remove.length > 0)
    throw new Error(`Plan replaces sheets (${remove.join(', ')}) of a workbook it was not given`);
  const workbook1904 = prepared?.date1904 ?? false;
  if ((plan.date1904 === true) !== workbook1904)
    throw new Error(
      `The Plan was built for a workbook in the ${plan.date1904 ? 1904 : 1900} date system, but this workbook uses the ${workbook1904 ? 1904 : 1900} system: its dates would be four years off (build it with date1904: ${workbook1904}).`,
    );
  const f = prepared ? open(ex, prepared.small) : ex.NewFile();
  const created = new Set<string>();
  const cells = new Map<string, SheetCells>();
  const parts = new Map<string, SheetParts>();
  const viaExcelize = pivotSources(plan.ops);
  const headers = headerCells(plan.ops, viaExcelize);
  // Sheets excelize anchors a drawing on (a chart or a slicer): it must know their column widths and row heights.
  const anchored = new Set(plan.ops.flatMap((o) => (o.op === 'addChart' || o.op === 'addSlicer' ? [o.sheet] : [])));
  const ownTables: AddTableOp[] = [];
  const styles = new Styles(f);
  const hidden: { sheet: string; mode: 'hidden' | 'veryHidden' }[] = [];
  let active: string | null = null;
  const slicers: PlannedSlicer[] = [];
  const sheetList = new Set(f.GetSheetList().list);
  // Slicer cache names are workbook-level defined names: the Plan's avoid the names it was told of, and
  // here also those the workbook has that nobody told it of (the command line passes table names only).
  const namesTaken = new Set((prepared?.definedNames ?? []).map((n) => n.toLowerCase()));
  const freeCacheName = (proposed: string) => {
    let name = proposed;
    // `Slicer_X2` (the Plan's second cache of X) taken goes on as `Slicer_X3`, not `Slicer_X22`.
    const base = proposed.replace(/\d+$/, '');
    for (let i = 2; namesTaken.has(name.toLowerCase()); i++) name = `${base}${i}`;
    namesTaken.add(name.toLowerCase());
    return name;
  };
  // Style ids on header cells (held by excelize), applied once all ops ran.
  const foreignStyles = new Map<string, Map<string, number>>();

  const cellsOf = (sheet: string): SheetCells => {
    const c = cells.get(sheet);
    if (!c || !created.has(sheet)) throw new Error(`Plan writes to sheet "${sheet}", which it did not create`);
    return c;
  };
  const partsOf = (sheet: string): SheetParts => {
    cellsOf(sheet);
    return parts.get(sheet)!;
  };
  // The header cells excelize holds, by sheet: row → columns.
  const headerRowsOf = new Map<string, Map<number, Set<number>>>();
  for (const [sheet, set] of headers) {
    const rows = new Map<number, Set<number>>();
    for (const k of set) {
      const [r, c] = k.split(':').map(Number);
      let cols = rows.get(r);
      if (!cols) rows.set(r, (cols = new Set()));
      cols.add(c);
    }
    headerRowsOf.set(sheet, rows);
  }
  const styleRange = (sheet: string, address: string, partial: StyleSpec) => {
    const c = cellsOf(sheet);
    const key = JSON.stringify(partial);
    const r = parseRange(address);
    c.addLayer(r.row1, r.col1, r.row2, r.col2, (base) => styles.merge(base, partial, key));
    // Header cells excelize holds get their styles there.
    for (const [row, cols] of headerRowsOf.get(sheet) ?? []) {
      if (row < r.row1 || row > r.row2) continue;
      for (const col of cols) {
        if (col < r.col1 || col > r.col2) continue;
        let m = foreignStyles.get(sheet);
        if (!m) foreignStyles.set(sheet, (m = new Map<string, number>()));
        const ref = cell(col, row);
        m.set(ref, styles.merge(m.get(ref) ?? 0, partial, key));
      }
    }
  };

  for (const op of plan.ops) {
    switch (op.op) {
      case 'addSheet': {
        // A sheet it replaces was removed by preparePackage: the name must be free now.
        if ([...sheetList].some((s) => s.toLowerCase() === op.sheet.toLowerCase()))
          throw new Error(`Plan adds sheet "${op.sheet}", but the workbook already has a sheet of that name`);
        check(f.NewSheet(op.sheet), `NewSheet ${op.sheet}`);
        sheetList.add(op.sheet);
        created.add(op.sheet);
        const c = new SheetCells();
        for (const [row, cols] of headerRowsOf.get(op.sheet) ?? []) for (const col of cols) c.skip(row, col);
        cells.set(op.sheet, c);
        // Rows of a fixed 15 pt (Excel's default), so every viewer anchors charts on the same rows (SheetParts
        // writes it; excelize must know it where it anchors drawings).
        if (anchored.has(op.sheet))
          check(
            f.SetSheetProps(op.sheet, { DefaultRowHeight: 15, CustomHeight: true }),
            'SetSheetProps DefaultRowHeight',
          );
        const p = new SheetParts(op.sheet);
        if (op.tabColor !== undefined) p.tabColor = op.tabColor;
        if (op.print) p.print = op.print;
        parts.set(op.sheet, p);
        break;
      }
      case 'deleteSheet':
        // Done by preparePackage (owned sheets only).
        break;
      case 'writeValues':
      case 'saveRecipe': {
        const c = cellsOf(op.sheet);
        const r = parseRange(op.address);
        if (op.values.length !== r.row2 - r.row1 + 1)
          throw new Error(`${op.op} ${op.sheet}!${op.address}: ${op.values.length} rows for the range`);
        const width = r.col2 - r.col1 + 1;
        for (let i = 0; i < op.values.length; i++)
          if (op.values[i].length !== width)
            throw new Error(
              `${op.op} ${op.sheet}!${op.address}: row ${i} has ${op.values[i].length} values for ${width} columns`,
            );
        c.setBlock(r.row1, r.col1, op.values);
        // Header cells of the tables excelize makes go to excelize too (one call per run of cells).
        for (const [row, cols] of headerRowsOf.get(op.sheet) ?? []) {
          if (row < r.row1 || row > r.row2) continue;
          const values = op.values[row - r.row1];
          let run: { col: number; values: (string | number | boolean)[] } | null = null;
          const flush = () => {
            if (run) check(f.SetSheetRow(op.sheet, cell(run.col, row), run.values), `SetSheetRow ${op.sheet}!${row}`);
            run = null;
          };
          for (let j = 0; j < width; j++) {
            const v = values[j];
            if (!cols.has(r.col1 + j) || v === null) {
              flush();
              continue;
            }
            run ??= { col: r.col1 + j, values: [] };
            run.values.push(typeof v === 'object' ? v.text : v);
          }
          flush();
        }
        break;
      }
      case 'numberFormat':
        styleRange(op.sheet, op.address, { numFmt: op.format });
        break;
      case 'formatRange':
        styleRange(op.sheet, op.address, formatSpec(op));
        break;
      case 'mergeCells':
        partsOf(op.sheet).merge(op.address);
        break;
      case 'setColumnWidths': {
        const p = partsOf(op.sheet);
        for (const c of op.columns) p.setWidth(c.column, c.width);
        // excelize anchors drawings on the widths: adjacent columns of one width in one call.
        if (anchored.has(op.sheet))
          for (let i = 0; i < op.columns.length;) {
            let j = i;
            while (
              j + 1 < op.columns.length &&
              op.columns[j + 1].width === op.columns[i].width &&
              columnIndex(op.columns[j + 1].column) === columnIndex(op.columns[j].column) + 1
            )
              j++;
            const a = op.columns[i].column;
            const b = op.columns[j].column;
            check(f.SetColWidth(op.sheet, a, b, op.columns[i].width), `SetColWidth ${op.sheet}!${a}:${b}`);
            i = j + 1;
          }
        break;
      }
      case 'setRowHeights': {
        const c = cellsOf(op.sheet);
        for (const r of op.rows) {
          if (anchored.has(op.sheet)) check(f.SetRowHeight(op.sheet, r.row, r.height), `SetRowHeight ${r.row}`);
          c.heights.set(r.row, r.height);
        }
        break;
      }
      case 'freezePanes':
        if (op.rows === 0 && op.columns === 0) break;
        partsOf(op.sheet).pane = paneXml(op);
        break;
      case 'addTable':
        cellsOf(op.sheet);
        if (!viaExcelize.has(op.name)) {
          ownTables.push(op);
          break;
        }
        check(
          f.AddTable(op.sheet, {
            Range: op.address,
            Name: op.name,
            StyleName: op.style,
            ShowRowStripes: op.showBandedRows,
          }),
          `AddTable ${op.name}`,
        );
        break;
      case 'conditionalFormat':
        partsOf(op.sheet).conditionalFormat(op.address, op.rule);
        break;
      case 'addChart': {
        const c = cellsOf(op.sheet);
        // excelize turns the chart's pixel height into rows at ceil(pt × 4 / 3.4) px per row; give it the
        // height that ends exactly on the Plan's `to` row, as Office's setPosition(from, to) does.
        const from = parseRange(op.anchor.from);
        const to = parseRange(op.anchor.to);
        let heightPx = 0;
        for (let r = from.row1; r <= to.row1; r++) heightPx += Math.ceil(((c.heights.get(r) ?? 15) * 4) / 3.4);
        const { main, combo } = chartOf(ex, { ...op, anchor: { ...op.anchor, heightPx } });
        check(
          combo ? f.AddChart(op.sheet, op.anchor.from, main, combo) : f.AddChart(op.sheet, op.anchor.from, main),
          `AddChart ${op.name}`,
        );
        break;
      }
      case 'addPivotTable':
        cellsOf(op.sheet);
        check(f.AddPivotTable(pivotOf(op)), `AddPivotTable ${op.name}`);
        break;
      case 'addSlicer': {
        cellsOf(op.sheet);
        // excelize finds a pivot or a table of that name (a table slicer gets an x15:tableSlicerCache).
        const source = 'table' in op ? op.table : op.pivot;
        check(
          f.AddSlicer(op.sheet, {
            Name: op.field,
            Cell: op.anchor.from,
            TableSheet: source.sheet,
            TableName: source.name,
            Caption: op.caption,
            Width: op.anchor.widthPx,
            Height: op.anchor.heightPx,
          }),
          `AddSlicer ${op.name}`,
        );
        slicers.push({
          sheet: op.sheet,
          name: op.name,
          field: op.field,
          cache: freeCacheName(op.cache),
          pivot: source.name,
        });
        break;
      }
      case 'pivotValue': {
        const at = parseRange(op.cell);
        cellsOf(op.sheet).setFormula(at.row1, at.col1, getPivotDataFormula(op).slice(1));
        break;
      }
      case 'hyperlink':
        partsOf(op.sheet).hyperlink(
          op.cell,
          absoluteRef(op.target.sheet, op.target.address).replace(/\$/g, ''),
          op.text,
        );
        break;
      case 'hideSheet':
        // Set in workbook.xml by finishPackage: excelize's SetSheetVisible loads every sheet, and has no very hidden.
        cellsOf(op.sheet);
        hidden.push({ sheet: op.sheet, mode: op.mode });
        break;
      case 'activateSheet':
        // Likewise: excelize's SetActiveSheet loads and rewrites every worksheet.
        if (!sheetList.has(op.sheet))
          throw new Error(`Plan activates sheet "${op.sheet}", which the workbook does not have`);
        active = op.sheet;
        break;
      default: {
        const unknown: never = op;
        throw new Error(`Unknown plan op ${JSON.stringify(unknown).slice(0, 80)}`);
      }
    }
  }

  // Every cell's style id, made now (excelize makes the styles) so styles.xml has them all.
  for (const c of cells.values()) c.resolveStyles();
  for (const [sheet, m] of foreignStyles)
    for (const [ref, id] of m) check(f.SetCellStyle(sheet, ref, ref, id), `SetCellStyle ${sheet}!${ref}`);
  // A new workbook starts with Sheet1; drop it when the Plan wrote sheets of its own.
  if (!bytes && created.size > 0 && !created.has('Sheet1') && sheetList.has('Sheet1')) {
    check(f.DeleteSheet('Sheet1'), 'DeleteSheet Sheet1');
    sheetList.delete('Sheet1');
  }
  const written = f.WriteToBuffer();
  check(written, 'WriteToBuffer');
  const raw = written.buffer instanceof Uint8Array ? written.buffer : new Uint8Array(written.buffer as ArrayBuffer);
  const ours = new Map([...cells].filter(([s]) => sheetList.has(s)));
  return finishPackage(raw, {
    tables: tablesOf(ownTables, cells),
    cells: ours,
    parts,
    originals: prepared?.originals ?? new Map<string, Uint8Array>(),
    userCharts: prepared?.userCharts ?? new Map<string, string>(),
    sharedStrings: prepared?.sharedStrings ?? null,
    ...(prepared ? { raw: prepared.raw } : {}),
    hidden,
    active,
    slicers,
  });
}

/** Text of a `<si>` or `<is>` element: its `<t>` runs joined, XML and `_xHHHH_` escapes decoded. */
function runText(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) out += m[1] ?? '';
  return unescapeXml(out).replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Read the recipe and run log from a workbook's `_loopbook` sheet, whichever host wrote it (inline or
 * shared strings). Reads only workbook.xml, that sheet and the shared strings — never the other sheets.
 * Returns `store: null` without diagnostics when the workbook has no such sheet.
 */
export function readLoopbookStore(bytes: Uint8Array): Promise<{ store: Store | null; diagnostics: Diagnostic[] }> {
  const index = unzipSync(bytes, {
    filter: (file) => file.name === 'xl/workbook.xml' || file.name === 'xl/_rels/workbook.xml.rels',
  });
  const sheet = workbookSheets(index).find((s) => s.name === STORE_SHEET);
  if (!sheet) return Promise.resolve({ store: null, diagnostics: [] });
  const files = unzipSync(bytes, {
    filter: (file) => file.name === sheet.part || file.name === 'xl/sharedStrings.xml',
  });
  const xml = files[sheet.part] ? strFromU8(files[sheet.part]) : '';
  let shared: string[] | null = null;
  const column: (string | null)[] = [];
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const ref = /\br="([A-Z]+)(\d+)"/.exec(m[1]);
    if (!ref || ref[1] !== 'A') continue;
    const type = /\bt="(\w+)"/.exec(m[1])?.[1];
    const body = m[2] ?? '';
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    let text: string | null;
    if (type === 'inlineStr') text = runText(body);
    else if (type === 's') {
      shared ??= files['xl/sharedStrings.xml']
        ? [...strFromU8(files['xl/sharedStrings.xml']).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((x) => runText(x[1]))
        : [];
      text = v === undefined ? null : (shared[Number(v)] ?? null);
    } else text = v === undefined ? null : unescapeXml(v);
    column[Number(ref[2]) - 1] = text;
  }
  return Promise.resolve(storeFromCells(Array.from(column, (c) => c ?? null)));
}

/** Names of the sheets in a workbook, in tab order (for `buildPlan`'s `existingSheetNames`); reads only workbook.xml. */
export function sheetNames(bytes: Uint8Array): Promise<string[]> {
  const files = unzipSync(bytes, {
    filter: (file) => file.name === 'xl/workbook.xml' || file.name === 'xl/_rels/workbook.xml.rels',
  });
  return Promise.resolve(workbookSheets(files).map((s) => s.name));
}
