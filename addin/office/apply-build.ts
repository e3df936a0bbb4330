/**
 * The applier's build phase (see applier.ts): every Plan op queued as Office.js calls on the staging
 * sheets, in batches whose requests stay under the budget, one `sync()` per batch, with calculation (and,
 * on ExcelApi 1.9, screen updating) suspended. Date-formatted numbers are written in the workbook's date
 * system (date-system.ts).
 */
import { formatA1, parseA1, sheetAddress } from '../../src/a1.js';
import type { CellRect } from '../../src/a1.js';
import type {
  AddChartOp,
  AddPivotTableOp,
  AddSheetOp,
  AddSlicerOp,
  AddTableOp,
  ConditionalFormatOp,
  FormatRangeOp,
  PivotValueOp,
  Plan,
  PlanChartSeries,
  PlanValue,
  RangeRef,
  SaveRecipeOp,
  WorkbookOp,
  WriteValuesOp,
} from '../../src/plan/types.js';
import type { ChartType } from '../../src/report/types.js';
import type { Diagnostic } from '../../src/types.js';
import { needsTextGuard } from '../../src/plan/text-safety.js';
import { getPivotDataFormula } from '../../src/plan/pivots.js';
import { dateBlocks, valuesIn1904 } from './date-system.js';
import type {
  ChartTypeName,
  IconSetName,
  XlChart,
  XlPivotTable,
  XlRange,
  XlTable,
  XlWorkbook,
  XlWorksheet,
} from './excel-api.js';
import { jsonBytes } from './payload.js';
import type { HostCaps } from './requirements.js';

const lower = (s: string): string => s.toLowerCase();

/** Excel chart type for a Plan chart type or series mark. */
export function excelChartType(type: ChartType | PlanChartSeries['mark']): ChartTypeName {
  switch (type) {
    case 'column':
      return 'ColumnClustered';
    case 'stackedColumn':
      return 'ColumnStacked';
    case 'bar':
      return 'BarClustered';
    case 'stackedBar':
      return 'BarStacked';
    case 'line':
      return 'LineMarkers';
    case 'pie':
      return 'Pie';
    case 'doughnut':
      return 'Doughnut';
    case 'scatter':
      return 'XYScatter';
    case 'combo':
      return 'ColumnClustered';
  }
}

const ICON_SETS: Record<string, IconSetName> = {
  '3Arrows': 'ThreeArrows',
  '3TrafficLights1': 'ThreeTrafficLights1',
  '3Symbols': 'ThreeSymbols',
  '3Flags': 'ThreeFlags',
  '4Arrows': 'FourArrows',
  '5Arrows': 'FiveArrows',
};

/**
 * A Plan value as Office.js writes it. Text that Excel would turn into a formula, number, date or boolean
 * gets Excel's quote prefix (`'`), which marks the cell as text and is not part of the value — for `{ text }`
 * and, as a second line of defence, for any plain string that needs it.
 */
export function officeValue(v: PlanValue): string | number | boolean | null {
  if (v === null) return null;
  if (typeof v === 'object') return `'${v.text}`;
  if (typeof v === 'string') return needsTextGuard(v) ? `'${v}` : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

/** Rows and columns of a Plan address (the plan builder writes only A1 cells and blocks). */
function rectOf(address: string): CellRect {
  const rect = parseA1(address);
  if (!rect) throw new Error(`The plan has an address that is not a cell or a block of cells: "${address}".`);
  return rect;
}

/** Request bytes an op will cost (values, expanded formats, the rest). */
function opBytes(op: WorkbookOp): number {
  switch (op.op) {
    case 'writeValues':
    case 'saveRecipe':
      return jsonBytes(op.values) + 200;
    case 'numberFormat': {
      const { rows, cols } = rectOf(op.address);
      return rows * (cols * (jsonBytes(op.format) + 1) + 3) + 200;
    }
    default:
      return jsonBytes(op) + 400;
  }
}

/**
 * An op as pieces of at most `budget` request bytes each: a `writeValues` or `numberFormat` op larger than
 * the budget (the command line's plans write 4 MB blocks; the playground syncs 1 MB) becomes blocks of whole
 * rows, so no sync and no build step is larger than the budget. A single row larger than it goes alone.
 * Pieces come one at a time, each measured when it is asked for: a whole-table op of tens of MB is sized a
 * piece per turn of the caller's loop, not in one long task up front (the sizes are the same as measuring
 * the whole op first).
 */
export function* piecesOf(op: WorkbookOp, budget: number): Generator<{ op: WorkbookOp; bytes: number }, void> {
  if (op.op !== 'writeValues') {
    const bytes = opBytes(op);
    if (bytes <= budget || op.op !== 'numberFormat') {
      yield { op, bytes };
      return;
    }
  }
  // writeValues: its rows measured until they pass the budget (opBytes: the array's JSON plus 200).
  const known: number[] = [];
  if (op.op === 'writeValues') {
    const n = op.values.length;
    let sum = 0;
    let whole = 0;
    for (let i = 0; i < n; i++) {
      known.push(jsonBytes(op.values[i]));
      sum += known[i];
      whole = 2 + i + sum + 200;
      if (whole > budget) break;
    }
    if (known.length === n && (n === 0 || whole <= budget)) {
      yield { op, bytes: n === 0 ? opBytes(op) : whole };
      return;
    }
  }
  const rect = rectOf(op.address);
  if (rect.rows < 2) {
    yield { op, bytes: opBytes(op) };
    return;
  }
  const rowBytes =
    op.op === 'numberFormat'
      ? (): number => rect.cols * (jsonBytes(op.format) + 1) + 3
      : (i: number): number => (known[i] ?? jsonBytes(op.values[i])) + 1;
  const piece = (from: number, to: number, size: number): { op: WorkbookOp; bytes: number } => {
    const address = formatA1({ ...rect, r0: rect.r0 + from, rows: to - from });
    return {
      op: op.op === 'writeValues' ? { ...op, address, values: op.values.slice(from, to) } : { ...op, address },
      bytes: size,
    };
  };
  let start = 0;
  let size = 200;
  for (let i = 0; i < rect.rows; i++) {
    const rb = rowBytes(i);
    if (i > start && size + rb > budget) {
      yield piece(start, i, size);
      start = i;
      size = 200;
    }
    size += rb;
  }
  yield piece(start, rect.rows, size);
}

/** What the build phase works with, and what it leaves for the swap. */
export interface Build {
  wb: XlWorkbook;
  caps: HostCaps;
  /** Final name (lower case) → the new sheet's proxy, under its staging name. */
  staged: Map<string, XlWorksheet>;
  /** Final name (lower case) → the staging name the new sheet has until the swap. */
  stagingNames: Map<string, string>;
  /** Sheets added since the last sync, whose ids are read after it. */
  newSheetProxies: { name: string; ws: XlWorksheet }[];
  /** Final name (lower case) → new sheet's id, known after the sync that created it. */
  newIds: Map<string, string>;
  /** Table name (lower case) → the temporary name it gets while an old table still holds the name. */
  tempTables: Map<string, string>;
  /** The same for PivotTables and slicers (an old sheet's PivotTable or slicer still holds the name). */
  tempPivots: Map<string, string>;
  tempSlicers: Map<string, string>;
  /** Slicer name (lower case) → the name it gets where a user's slicer holds the Plan's (see applier.ts). */
  slicerNames: Map<string, string>;
  /** Tables and PivotTables this build created, by final name (lower case): the sources of what follows. */
  tables: Map<string, XlTable>;
  pivots: Map<string, XlPivotTable>;
  /** Each slicer's anchor cell, its `left` and `top` loaded before the slicers are added. */
  anchors: Map<AddSlicerOp, XlRange>;
  /** Per sheet, the date-formatted blocks to shift, when the workbook is in the 1904 date system. */
  date1904Blocks: Map<string, CellRect[]> | null;
  /** Per sheet, dates the 1904 system cannot show (written as text). */
  earlyDates: Map<string, number>;
  /** PivotTables and slicers of the Plan this host cannot write (see `pivotsNotWritten`). */
  skippedPivots: number;
  skippedSlicers: number;
}

/** Names the build gives PivotTables and slicers in place of the Plan's (see applier.ts, `runState`). */
export interface PivotNames {
  tempPivots: Map<string, string>;
  tempSlicers: Map<string, string>;
  slicerNames: Map<string, string>;
}

export function newBuild(
  wb: XlWorkbook,
  plan: Plan,
  caps: HostCaps,
  shared: { tempTables: Map<string, string>; newIds: Map<string, string> } & PivotNames,
  date1904: boolean,
): Build {
  return {
    wb,
    caps,
    tempTables: shared.tempTables,
    tempPivots: shared.tempPivots,
    tempSlicers: shared.tempSlicers,
    slicerNames: shared.slicerNames,
    tables: new Map(),
    pivots: new Map(),
    anchors: new Map(),
    newIds: shared.newIds,
    staged: new Map(),
    stagingNames: new Map(),
    newSheetProxies: [],
    // A Plan built with `date1904` already holds 1904 serials (src/plan shifts them); shift only a 1900-system Plan.
    date1904Blocks: date1904 && plan.date1904 !== true ? dateBlocks(plan) : null,
    earlyDates: new Map(),
    skippedPivots: 0,
    skippedSlicers: 0,
  };
}

/**
 * What a host without the requirement sets left out: without ExcelApi 1.8 the PivotTables and their slicers
 * (the Explore sheet keeps its titles, and the Customer facts table they read is written) and the Dashboard
 * tiles' GETPIVOTDATA formulas (the tiles keep their figures), without 1.10 the slicers only.
 */
export function pivotsNotWritten(b: Build): Diagnostic[] {
  if (b.skippedPivots > 0) {
    return [
      {
        code: 'apply.pivotsNotWritten',
        severity: 'info',
        message: {
          en: 'This version of Excel cannot create PivotTables from an add-in (Excel API 1.8 is missing), so the Explore sheet has no PivotTables or slicers, and the Dashboard’s customer figures are fixed values that no slicer moves. The Customer facts table they read is written: Insert › PivotTable builds one from it, and `loopbook refresh` on the command line writes them.',
          'zh-CN':
            '此版本的 Excel 不支持加载项创建数据透视表（缺少 Excel API 1.8），因此“探索”工作表中没有数据透视表和切片器，仪表板上的客户指标为固定数值，不随切片器变化。它们读取的客户明细表已写入：可通过“插入 › 数据透视表”基于该表创建，或在命令行运行 `loopbook refresh` 写入。',
        },
      },
    ];
  }
  if (b.skippedSlicers > 0) {
    return [
      {
        code: 'apply.slicersNotWritten',
        severity: 'info',
        message: {
          en: 'This version of Excel cannot add slicers from an add-in (Excel API 1.10 is missing): the PivotTables are written without them. Select a PivotTable and use PivotTable Analyze › Insert Slicer to add one, or run `loopbook refresh` on the command line.',
          'zh-CN':
            '此版本的 Excel 不支持加载项添加切片器（缺少 Excel API 1.10）：已写入数据透视表，但没有切片器。可选中数据透视表，使用“数据透视表分析 › 插入切片器”添加，或在命令行运行 `loopbook refresh`。',
        },
      },
    ];
  }
  return [];
}

/**
 * Request bytes queued between turns of the event loop while a batch is built: building a batch (sizing its
 * values, quoting text, the proxies' own bookkeeping) is main-thread work proportional to its bytes, so a
 * 4 MB batch is built in steps and the pane stays responsive. Nothing is sent until the batch's sync.
 */
const BUILD_STEP_BYTES = 256_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Queues every op in batches of at most `budget` request bytes, syncing after each batch. */
export async function buildSheets(
  b: Build,
  plan: Plan,
  budget: number,
  sync: () => Promise<void>,
  report: (done: number) => void,
): Promise<void> {
  let batchBytes = 0;
  let batchOps = 0;
  let stepBytes = 0;
  let done = 0;
  const flush = async (): Promise<void> => {
    if (batchOps === 0) return;
    await sync();
    for (const p of b.newSheetProxies.splice(0)) b.newIds.set(lower(p.name), p.ws.id);
    batchBytes = 0;
    batchOps = 0;
    report(done);
  };
  // Office leaves formulas written while calculation is suspended for the add-in to recalculate: the Dashboard
  // tiles' GETPIVOTDATA formulas (`pivotValue`) go in a batch of their own with calculation on, so Excel
  // calculates them as it writes them.
  let calculating = false;
  const startBatch = (calculate = false): void => {
    if (batchOps > 0) return;
    calculating = calculate;
    if (!calculate) b.wb.application.suspendApiCalculationUntilNextSync();
    if (b.caps.screenUpdating) b.wb.application.suspendScreenUpdatingUntilNextSync();
  };
  const slicers = plan.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');
  for (const op of plan.ops) {
    if (op.op === 'deleteSheet' || op.op === 'activateSheet') {
      done++;
      continue;
    }
    if (op.op === 'addSlicer' && canAddSlicers(b) && b.anchors.size === 0) {
      // A slicer is placed in points: its anchor cells' positions are read once the sheets have their
      // final column widths and row heights (one sync, ending the batch the loads join).
      startBatch();
      for (const s of slicers) b.anchors.set(s, sheetProxy(b, s.sheet).getRange(s.anchor.from).load(['left', 'top']));
      batchOps++;
      await flush();
    }
    const tile = op.op === 'pivotValue';
    if (tile && batchOps > 0 && !calculating) await flush();
    for (const piece of piecesOf(op, budget)) {
      if (batchOps > 0 && batchBytes + piece.bytes > budget) await flush();
      else if (batchOps > 0 && stepBytes + piece.bytes > BUILD_STEP_BYTES) await nextTurn();
      if (stepBytes + piece.bytes > BUILD_STEP_BYTES) stepBytes = 0;
      stepBytes += piece.bytes;
      startBatch(tile);
      queueOp(b, piece.op);
      batchBytes += piece.bytes;
      batchOps++;
    }
    done++;
  }
  await flush();
}

function sheetProxy(b: Build, name: string): XlWorksheet {
  return b.staged.get(lower(name)) ?? b.wb.worksheets.getItem(name);
}

function rangeOf(b: Build, ref: RangeRef): XlRange {
  return sheetProxy(b, ref.sheet).getRange(ref.address);
}

/** One op as Office.js calls (nothing is sent until the next sync). */
function queueOp(b: Build, op: WorkbookOp): void {
  switch (op.op) {
    case 'addSheet':
      addSheet(b, op);
      return;
    case 'writeValues':
    case 'saveRecipe':
      sheetProxy(b, op.sheet).getRange(op.address).values = valuesOf(b, op).map((row) => row.map(officeValue));
      return;
    case 'numberFormat': {
      const { rows, cols } = rectOf(op.address);
      const row = new Array<string>(cols).fill(op.format);
      sheetProxy(b, op.sheet).getRange(op.address).numberFormat = Array.from({ length: rows }, () => row);
      return;
    }
    case 'formatRange':
      formatRange(sheetProxy(b, op.sheet).getRange(op.address), op);
      return;
    case 'mergeCells':
      sheetProxy(b, op.sheet).getRange(op.address).merge(false);
      return;
    case 'setColumnWidths': {
      const ws = sheetProxy(b, op.sheet);
      // Office.js widths are points: Excel character units × 7 px × 0.75 pt/px.
      for (const c of op.columns) ws.getRange(`${c.column}:${c.column}`).format.columnWidth = c.width * 7 * 0.75;
      return;
    }
    case 'setRowHeights': {
      const ws = sheetProxy(b, op.sheet);
      // Points in both the Plan and Office.js.
      for (const r of op.rows) ws.getRange(`${r.row}:${r.row}`).format.rowHeight = r.height;
      return;
    }
    case 'freezePanes': {
      const ws = sheetProxy(b, op.sheet);
      if (op.rows > 0 && op.columns > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, op.rows, op.columns));
      else if (op.rows > 0) ws.freezePanes.freezeRows(op.rows);
      else if (op.columns > 0) ws.freezePanes.freezeColumns(op.columns);
      return;
    }
    case 'addTable':
      addTable(b, sheetProxy(b, op.sheet), op);
      return;
    case 'conditionalFormat':
      conditionalFormat(sheetProxy(b, op.sheet).getRange(op.address), op);
      return;
    case 'addChart':
      addChart(b, sheetProxy(b, op.sheet), op);
      return;
    case 'hyperlink':
      sheetProxy(b, op.sheet).getRange(op.cell).hyperlink = {
        documentReference: sheetAddress(op.target.sheet, op.target.address),
        textToDisplay: op.text,
      };
      return;
    case 'hideSheet':
      sheetProxy(b, op.sheet).visibility = op.mode === 'veryHidden' ? 'VeryHidden' : 'Hidden';
      return;
    case 'addPivotTable':
      if (b.caps.pivotTables) addPivotTable(b, sheetProxy(b, op.sheet), op);
      else b.skippedPivots++;
      return;
    case 'addSlicer':
      if (canAddSlicers(b)) addSlicer(b, op);
      else if (b.caps.pivotTables) b.skippedSlicers++;
      else b.skippedPivots++;
      return;
    case 'pivotValue':
      // The tile's value is already written; without its PivotTable (no ExcelApi 1.8) it stays that value.
      if (b.pivots.has(lower(op.pivot.name))) pivotValue(b, op);
      return;
    case 'deleteSheet':
    case 'activateSheet':
      return;
    default: {
      // Every op of the Plan must be handled: a new op type fails to compile here.
      const unhandled: never = op;
      throw new Error(`Unknown plan op ${JSON.stringify(unhandled)}`);
    }
  }
}

/** An op's values in the workbook's date system (the run log's cells are never dates). */
function valuesOf(b: Build, op: WriteValuesOp | SaveRecipeOp): PlanValue[][] {
  if (op.op === 'saveRecipe' || b.date1904Blocks === null) return op.values;
  const { values, early } = valuesIn1904(op, b.date1904Blocks.get(lower(op.sheet)));
  if (early > 0) b.earlyDates.set(op.sheet, (b.earlyDates.get(op.sheet) ?? 0) + early);
  return values;
}

function addSheet(b: Build, op: AddSheetOp): void {
  const ws = b.wb.worksheets.add(op.staging);
  ws.load('id');
  b.staged.set(lower(op.sheet), ws);
  b.stagingNames.set(lower(op.sheet), op.staging);
  b.newSheetProxies.push({ name: op.sheet, ws });
  if (op.tabColor) ws.tabColor = op.tabColor;
  if (op.print && b.caps.screenUpdating) {
    // Page layout needs ExcelApi 1.9 (the same set as screen updating).
    ws.pageLayout.orientation = op.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    const zoom: Excel.PageLayoutZoomOptions = { horizontalFitToPages: op.print.fitToWidth };
    if (op.print.fitToHeight > 0) zoom.verticalFitToPages = op.print.fitToHeight;
    ws.pageLayout.zoom = zoom;
  }
}

function formatRange(r: XlRange, op: FormatRangeOp): void {
  if (op.bold !== undefined) r.format.font.bold = op.bold;
  if (op.italic !== undefined) r.format.font.italic = op.italic;
  if (op.size !== undefined) r.format.font.size = op.size;
  if (op.color !== undefined) r.format.font.color = op.color;
  if (op.underline !== undefined) r.format.font.underline = op.underline ? 'Single' : 'None';
  if (op.fill !== undefined) r.format.fill.color = op.fill;
  if (op.wrap !== undefined) r.format.wrapText = op.wrap;
  if (op.horizontal !== undefined)
    r.format.horizontalAlignment = op.horizontal === 'left' ? 'Left' : op.horizontal === 'center' ? 'Center' : 'Right';
  if (op.vertical !== undefined)
    r.format.verticalAlignment = op.vertical === 'top' ? 'Top' : op.vertical === 'center' ? 'Center' : 'Bottom';
}

function addTable(b: Build, ws: XlWorksheet, op: AddTableOp): void {
  const table = ws.tables.add(ws.getRange(op.address), true);
  table.name = b.tempTables.get(lower(op.name)) ?? op.name;
  table.style = op.style;
  table.showBandedRows = op.showBandedRows;
  table.showFilterButton = op.showFilterButton;
  b.tables.set(lower(op.name), table);
}

const canAddSlicers = (b: Build): boolean => b.caps.pivotTables && b.caps.slicers;

const SUMMARIZE_BY = { count: 'Count', sum: 'Sum', average: 'Average' } as const;

/**
 * A PivotTable as the .xlsx applier writes it (src/xlsx/apply.ts, `pivotOf`): over the table the Plan names,
 * from the first cell of its location; tabular, subtotals on the first of several row fields only, grand
 * totals for rows and columns; each value field summarized, named and formatted as the op says. (Its style
 * is Excel's default for a new PivotTable, PivotStyleLight16, which Office.js cannot set.) The layout is set
 * before the fields, so the PivotTable never takes the compact form's shape on the way.
 */
function addPivotTable(b: Build, ws: XlWorksheet, op: AddPivotTableOp): void {
  const key = lower(op.source.table);
  const source = b.tables.get(key) ?? b.wb.tables.getItem(b.tempTables.get(key) ?? op.source.table);
  const first = op.location.split(':')[0];
  const pt = ws.pivotTables.add(b.tempPivots.get(lower(op.name)) ?? op.name, source, ws.getRange(first));
  pt.layout.layoutType = 'Tabular';
  op.rows.forEach((field, i) => {
    const h = pt.rowHierarchies.add(pt.hierarchies.getItem(field));
    h.fields.getItem(field).subtotals = { automatic: i === 0 && op.rows.length > 1 };
  });
  for (const field of op.columns) {
    const h = pt.columnHierarchies.add(pt.hierarchies.getItem(field));
    h.fields.getItem(field).subtotals = { automatic: false };
  }
  for (const v of op.values) {
    const d = pt.dataHierarchies.add(pt.hierarchies.getItem(v.field));
    d.summarizeBy = SUMMARIZE_BY[v.summary];
    d.name = v.name;
    d.numberFormat = v.numberFormat;
  }
  pt.layout.showRowGrandTotals = true;
  pt.layout.showColumnGrandTotals = true;
  b.pivots.set(lower(op.name), pt);
}

/**
 * A tile's GETPIVOTDATA formula (`getPivotDataFormula`, as the .xlsx applier writes it), naming the PivotTable's
 * sheet by its staging name. Excel keeps a formula's sheet references as references: the swap renames that
 * sheet to its final name and every formula naming it follows, so the formula ends as the Plan's. Naming the
 * final sheet here would point at the old run's sheet of that name, which the swap puts aside and the commit
 * deletes (the formula then reads #REF!), or, on a first run, at no sheet at all.
 */
function pivotValue(b: Build, op: PivotValueOp): void {
  const sheet = b.stagingNames.get(lower(op.pivot.sheet)) ?? op.pivot.sheet;
  const formula = getPivotDataFormula({ ...op, pivot: { ...op.pivot, sheet } });
  sheetProxy(b, op.sheet).getRange(op.cell).formulas = [[formula]];
}

/**
 * A slicer on its PivotTable's field or its table's column, its top-left corner on the anchor cell, its size
 * in points (px × 0.75).
 */
function addSlicer(b: Build, op: AddSlicerOp): void {
  const source =
    'table' in op
      ? (b.tables.get(lower(op.table.name)) ?? b.wb.tables.getItem(op.table.name))
      : (b.pivots.get(lower(op.pivot.name)) ?? b.wb.pivotTables.getItem(op.pivot.name));
  const slicer = b.wb.slicers.add(source, op.field, sheetProxy(b, op.sheet));
  const key = lower(op.name);
  slicer.name = b.tempSlicers.get(key) ?? b.slicerNames.get(key) ?? op.name;
  slicer.caption = op.caption;
  const at = b.anchors.get(op)!;
  slicer.left = at.left;
  slicer.top = at.top;
  slicer.width = op.anchor.widthPx * 0.75;
  slicer.height = op.anchor.heightPx * 0.75;
}

function conditionalFormat(r: XlRange, op: ConditionalFormatOp): void {
  const rule = op.rule;
  if (rule.type === 'colorScale') {
    const cf = r.conditionalFormats.add('ColorScale');
    const criteria: Excel.ConditionalColorScaleCriteria = {
      minimum: { type: 'LowestValue', color: rule.minColor },
      maximum: { type: 'HighestValue', color: rule.maxColor },
    };
    if (rule.midColor !== undefined) criteria.midpoint = { type: 'Percentile', formula: '50', color: rule.midColor };
    cf.colorScale.criteria = criteria;
  } else if (rule.type === 'dataBar') {
    r.conditionalFormats.add('DataBar').dataBar.positiveFormat.fillColor = rule.color;
  } else {
    const cf = r.conditionalFormats.add('IconSet');
    cf.iconSet.style = ICON_SETS[rule.iconSet];
    cf.iconSet.reverseIconOrder = rule.reverse;
    // The first criterion (lowest icon) is implicit in Excel; the others start at their percent.
    cf.iconSet.criteria = rule.percents.map((p, i) =>
      i === 0
        ? ({} as Excel.ConditionalIconCriterion)
        : { type: 'Percent', operator: 'GreaterThanOrEqual', formula: `=${p}` },
    );
  }
}

function addChart(b: Build, ws: XlWorksheet, op: AddChartOp): void {
  const first = op.series[0];
  if (first === undefined) return;
  const chartType = op.type === 'combo' ? excelChartType(first.mark) : excelChartType(op.type);
  // Series by columns, stated explicitly: the chart starts from the first series' values (one column,
  // so Excel makes exactly one series), then each series gets its values, categories and name.
  const chart: XlChart = ws.charts.add(chartType, rangeOf(b, first.values), 'Columns');
  chart.name = op.name;
  chart.title.text = op.title;
  op.series.forEach((s, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.nameText);
    series.name = s.nameText;
    if (i > 0) series.setValues(rangeOf(b, s.values));
    series.setXAxisValues(rangeOf(b, s.categories));
    if (op.type === 'combo' && i > 0) series.chartType = excelChartType(s.mark);
    if (s.axis === 'secondary' && b.caps.chartDetails) series.axisGroup = 'Secondary';
  });
  if (b.caps.chartDetails && op.series.length === 1) chart.series.getItemAt(0).varyByCategories = op.varyColors;
  if (op.type !== 'pie' && op.type !== 'doughnut') chartAxes(b, chart, op);
  if (op.legend === 'none') chart.legend.visible = false;
  else chart.legend.position = op.legend === 'bottom' ? 'Bottom' : 'Right';
  chart.setPosition(op.anchor.from, op.anchor.to);
}

function chartAxes(b: Build, chart: XlChart, op: AddChartOp): void {
  if (op.xAxis.title) chart.axes.categoryAxis.title.text = op.xAxis.title;
  if (op.yAxis.title) chart.axes.valueAxis.title.text = op.yAxis.title;
  if (b.caps.chartDetails && op.yAxis.numberFormat) chart.axes.valueAxis.numberFormat = op.yAxis.numberFormat;
  if (b.caps.chartDetails && op.y2Axis && op.series.some((s) => s.axis === 'secondary')) {
    const y2 = chart.axes.getItem('Value', 'Secondary');
    if (op.y2Axis.title) y2.title.text = op.y2Axis.title;
    if (op.y2Axis.numberFormat) y2.numberFormat = op.y2Axis.numberFormat;
  }
}
