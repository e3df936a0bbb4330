/**
 * Applies a Plan to the open workbook through Office.js, all or nothing.
 *
 * 1. Preflight (2 syncs): sheet and table names; refuses a Plan that would write to a sheet it does not
 *    create, replace a sheet Loopbook does not own, or collide with a user's sheet.
 * 2. Build: every new sheet is created under its `staging` name and filled; ops are batched so each
 *    request stays under 4 MB, one `sync()` per batch, calculation (and, on ExcelApi 1.9, screen updating)
 *    suspended. Tables whose name an old Loopbook table still holds get a temporary name.
 * 3. Swap (1 sync): old owned sheets and their colliding tables are renamed aside, staging sheets and
 *    tables get their final names. Every step so far can be undone.
 * 4. Commit (1 sync): the renamed-aside sheets are deleted, new sheets take the old ones' places, the
 *    Dashboard is activated.
 *
 * A failure before the commit (or a commit that deleted nothing) is rolled back in fresh syncs: the
 * workbook is exactly as before. A commit that deleted part of the old sheets cannot be undone; it is
 * finished instead (the new results are complete by then).
 */
import type { Diagnostic, I18nText } from '../../src/types.js';
import type {
  AddChartOp, AddSheetOp, AddTableOp, ConditionalFormatOp, FormatRangeOp, Plan, PlanChartSeries, PlanValue, RangeRef, WorkbookOp,
} from '../../src/plan/types.js';
import type { ChartType } from '../../src/report/types.js';
import { needsTextGuard } from '../../src/plan/text-safety.js';
import type { ChartTypeName, IconSetName, XlChart, XlContext, XlRange, XlWorksheet } from './excel-api.js';
import { jsonBytes, TARGET_PAYLOAD_BYTES } from './payload.js';
import { ALL_CAPS } from './requirements.js';
import type { HostCaps } from './requirements.js';

export interface ApplyProgress {
  phase: 'preflight' | 'build' | 'swap' | 'commit' | 'rollback';
  opsDone: number;
  opsTotal: number;
}

export interface ApplyOptions {
  caps?: HostCaps;
  /** Sheets Loopbook owns (from the run log); `replaces`/`deleteSheet` may name only these. */
  ownedSheets?: string[];
  /** Request budget per sync (default 4,000,000 bytes). */
  maxRequestBytes?: number;
  onProgress?: (p: ApplyProgress) => void;
}

export interface ApplyResult {
  ok: boolean;
  /** What the workbook holds now: `applied`, `rolledBack` (exactly as before), `refused` (nothing done). */
  outcome: 'applied' | 'rolledBack' | 'refused' | 'rollbackFailed';
  /** Final names of the sheets written (the run log's `sheets`). */
  sheets: string[];
  syncs: number;
  diagnostics: Diagnostic[];
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });
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

function sheetRef(sheet: string, address: string): string {
  const q = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${q}!${address}`;
}

function rectSize(address: string): { rows: number; cols: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(address);
  if (!m) return { rows: 1, cols: 1 };
  const col = (s: string): number => {
    let n = 0;
    for (let k = 0; k < s.length; k++) n = n * 26 + s.toUpperCase().charCodeAt(k) - 64;
    return n;
  };
  const rows = m[4] === undefined ? 1 : Math.abs(Number(m[4]) - Number(m[2])) + 1;
  const cols = m[3] === undefined ? 1 : Math.abs(col(m[3]) - col(m[1])) + 1;
  return { rows, cols };
}

/** Request bytes an op will cost (values, expanded formats, the rest). */
function opBytes(op: WorkbookOp): number {
  switch (op.op) {
    case 'writeValues':
    case 'saveRecipe':
      return jsonBytes(op.values) + 200;
    case 'numberFormat': {
      const { rows, cols } = rectSize(op.address);
      return rows * (cols * (jsonBytes(op.format) + 1) + 3) + 200;
    }
    default:
      return jsonBytes(op) + 400;
  }
}

interface RunState {
  tag: string;
  stagingNames: Set<string>;
  /** Final name → new sheet's id (known after the build sync that created it). */
  newIds: Map<string, string>;
  /** Old owned sheets to remove: id, original name, aside name. */
  old: { id: string; name: string; aside: string; visibility: string }[];
  /** Old tables renamed aside: original → aside. */
  oldTables: { name: string; aside: string }[];
  activeBefore: string;
}

/**
 * Executes a Plan in the open workbook (see the module comment for the phases).
 * @example
 * const r = await Excel.run((ctx) => applyPlan(ctx, plan, { ownedSheets, caps }));
 * // r.outcome === 'applied', r.syncs ≈ 4 + payload / 4 MB
 */
export async function applyPlan(ctx: XlContext, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const caps = options.caps ?? ALL_CAPS;
  const budget = options.maxRequestBytes ?? TARGET_PAYLOAD_BYTES;
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs++;
    await ctx.sync();
  };
  const refuse = (code: string, message: I18nText): ApplyResult => ({
    ok: false, outcome: 'refused', sheets: [], syncs, diagnostics: [{ code, severity: 'error', message }],
  });
  if ((plan.version as number) !== 1) {
    return refuse('apply.planVersion', t(`Plan version ${String(plan.version)} is not supported.`, `不支持计划版本 ${String(plan.version)}。`));
  }
  const adds = plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
  const created = new Set(adds.map((a) => lower(a.sheet)));
  const report = (phase: ApplyProgress['phase'], opsDone: number): void => options.onProgress?.({ phase, opsDone, opsTotal: plan.ops.length });

  // ── 1. preflight (reads only: a failure here changes nothing) ──
  const wb = ctx.workbook;
  const active = wb.worksheets.getActiveWorksheet();
  let sheets: { id: string; name: string; visibility: string }[];
  let tables: { name: string; ws: XlWorksheet }[];
  try {
    wb.worksheets.load(['id', 'name', 'visibility']);
    wb.tables.load('name');
    active.load('id');
    await sync();
    sheets = wb.worksheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
    tables = wb.tables.items.map((tb) => {
      const ws = tb.worksheet;
      ws.load('name');
      return { name: tb.name, ws };
    });
    await sync();
  } catch (e) {
    return failed(e, syncs);
  }
  const byName = new Map(sheets.map((s) => [lower(s.name), s]));
  report('preflight', 0);

  for (const op of plan.ops) {
    if (op.op !== 'addSheet' && op.op !== 'deleteSheet' && !created.has(lower(op.sheet))) {
      return refuse('apply.foreignSheet', t(
        `The plan writes to "${op.sheet}", a sheet it does not create; Loopbook writes only to its own sheets.`,
        `计划要写入“${op.sheet}”，但该工作表不是本次创建的；Loopbook 只写入自己的工作表。`,
      ));
    }
  }
  const owned = options.ownedSheets ? new Set(options.ownedSheets.map(lower)) : null;
  const toRemove = new Set<string>();
  for (const op of plan.ops) {
    const name = op.op === 'addSheet' ? op.replaces : op.op === 'deleteSheet' ? op.sheet : null;
    if (name === null || !byName.has(lower(name))) continue;
    if (owned && !owned.has(lower(name))) {
      return refuse('apply.notOwned', t(
        `The sheet "${name}" was not written by Loopbook; it is left alone.`,
        `工作表“${name}”不是 Loopbook 写入的，不会改动。`,
      ));
    }
    toRemove.add(lower(name));
  }
  for (const a of adds) {
    if (byName.has(lower(a.staging))) {
      return refuse('apply.stagingTaken', t(`A sheet named "${a.staging}" already exists.`, `已存在名为“${a.staging}”的工作表。`));
    }
    if (byName.has(lower(a.sheet)) && !toRemove.has(lower(a.sheet))) {
      return refuse('apply.nameTaken', t(
        `A sheet named "${a.sheet}" already exists and is not Loopbook's.`,
        `已存在名为“${a.sheet}”的工作表，且不属于 Loopbook。`,
      ));
    }
  }
  const tableSheets = new Map(tables.map((x) => [lower(x.name), lower(x.ws.name)]));
  for (const op of plan.ops) {
    if (op.op !== 'addTable') continue;
    const on = tableSheets.get(lower(op.name));
    if (on !== undefined && !toRemove.has(on)) {
      return refuse('apply.tableTaken', t(`A table named "${op.name}" already exists.`, `已存在名为“${op.name}”的表格。`));
    }
  }

  const tag = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1296).toString(36);
  const state: RunState = {
    tag,
    stagingNames: new Set(adds.map((a) => lower(a.staging))),
    newIds: new Map(),
    old: [...toRemove].map((n, i) => {
      const s = byName.get(n)!;
      return { id: s.id, name: s.name, aside: `_lbold_${tag}_${i}`, visibility: s.visibility };
    }),
    oldTables: tables
      .filter((x) => toRemove.has(lower(x.ws.name)) && plan.ops.some((o) => o.op === 'addTable' && lower(o.name) === lower(x.name)))
      .map((x, i) => ({ name: x.name, aside: `lbold_${tag}_${i}` })),
    activeBefore: active.id,
  };
  const tempTables = new Map(state.oldTables.map((x, i) => [lower(x.name), `lbnew_${tag}_${i}`]));

  let phase: ApplyProgress['phase'] = 'build';
  try {
    // ── 2. build ──
    const staged = new Map<string, XlWorksheet>();
    const newSheetProxies: { name: string; ws: XlWorksheet }[] = [];
    const sheetProxy = (name: string): XlWorksheet => staged.get(lower(name)) ?? wb.worksheets.getItem(name);
    const rangeOf = (ref: RangeRef): XlRange => sheetProxy(ref.sheet).getRange(ref.address);
    let batchBytes = 0;
    let batchOps = 0;
    let done = 0;
    const startBatch = (): void => {
      wb.application.suspendApiCalculationUntilNextSync();
      if (caps.screenUpdating) wb.application.suspendScreenUpdatingUntilNextSync();
    };
    const flush = async (): Promise<void> => {
      if (batchOps === 0) return;
      await sync();
      for (const p of newSheetProxies.splice(0)) state.newIds.set(lower(p.name), p.ws.id);
      batchBytes = 0;
      batchOps = 0;
      report('build', done);
    };
    for (const op of plan.ops) {
      if (op.op === 'deleteSheet' || op.op === 'activateSheet') {
        done++;
        continue;
      }
      const cost = opBytes(op);
      if (batchOps > 0 && batchBytes + cost > budget) await flush();
      if (batchOps === 0) startBatch();
      queueOp(op);
      batchBytes += cost;
      batchOps++;
      done++;
    }
    await flush();

    function queueOp(op: WorkbookOp): void {
      switch (op.op) {
        case 'addSheet': {
          const ws = wb.worksheets.add(op.staging);
          ws.load('id');
          staged.set(lower(op.sheet), ws);
          newSheetProxies.push({ name: op.sheet, ws });
          if (op.tabColor) ws.tabColor = op.tabColor;
          if (op.print && caps.screenUpdating) {
            // Page layout needs ExcelApi 1.9 (the same set as screen updating).
            ws.pageLayout.orientation = op.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
            const zoom: Excel.PageLayoutZoomOptions = { horizontalFitToPages: op.print.fitToWidth };
            if (op.print.fitToHeight > 0) zoom.verticalFitToPages = op.print.fitToHeight;
            ws.pageLayout.zoom = zoom;
          }
          return;
        }
        case 'writeValues':
        case 'saveRecipe':
          sheetProxy(op.sheet).getRange(op.address).values = op.values.map((row) => row.map(officeValue));
          return;
        case 'numberFormat': {
          const { rows, cols } = rectSize(op.address);
          const row = new Array<string>(cols).fill(op.format);
          sheetProxy(op.sheet).getRange(op.address).numberFormat = Array.from({ length: rows }, () => row);
          return;
        }
        case 'formatRange':
          formatRange(sheetProxy(op.sheet).getRange(op.address), op);
          return;
        case 'mergeCells':
          sheetProxy(op.sheet).getRange(op.address).merge(false);
          return;
        case 'setColumnWidths': {
          const ws = sheetProxy(op.sheet);
          // Office.js widths are points: Excel character units × 7 px × 0.75 pt/px.
          for (const c of op.columns) ws.getRange(`${c.column}:${c.column}`).format.columnWidth = c.width * 7 * 0.75;
          return;
        }
        case 'setRowHeights': {
          const ws = sheetProxy(op.sheet);
          // Points in both the Plan and Office.js.
          for (const r of op.rows) ws.getRange(`${r.row}:${r.row}`).format.rowHeight = r.height;
          return;
        }
        case 'freezePanes': {
          const ws = sheetProxy(op.sheet);
          if (op.rows > 0 && op.columns > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, op.rows, op.columns));
          else if (op.rows > 0) ws.freezePanes.freezeRows(op.rows);
          else if (op.columns > 0) ws.freezePanes.freezeColumns(op.columns);
          return;
        }
        case 'addTable':
          addTable(sheetProxy(op.sheet), op);
          return;
        case 'conditionalFormat':
          conditionalFormat(sheetProxy(op.sheet).getRange(op.address), op);
          return;
        case 'addChart':
          addChart(sheetProxy(op.sheet), op);
          return;
        case 'hyperlink':
          sheetProxy(op.sheet).getRange(op.cell).hyperlink = {
            documentReference: sheetRef(op.target.sheet, op.target.address),
            textToDisplay: op.text,
          };
          return;
        case 'hideSheet':
          sheetProxy(op.sheet).visibility = op.mode === 'veryHidden' ? 'VeryHidden' : 'Hidden';
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

    function formatRange(r: XlRange, op: FormatRangeOp): void {
      if (op.bold !== undefined) r.format.font.bold = op.bold;
      if (op.italic !== undefined) r.format.font.italic = op.italic;
      if (op.size !== undefined) r.format.font.size = op.size;
      if (op.color !== undefined) r.format.font.color = op.color;
      if (op.underline !== undefined) r.format.font.underline = op.underline ? 'Single' : 'None';
      if (op.fill !== undefined) r.format.fill.color = op.fill;
      if (op.wrap !== undefined) r.format.wrapText = op.wrap;
      if (op.horizontal !== undefined) r.format.horizontalAlignment = op.horizontal === 'left' ? 'Left' : op.horizontal === 'center' ? 'Center' : 'Right';
      if (op.vertical !== undefined) r.format.verticalAlignment = op.vertical === 'top' ? 'Top' : op.vertical === 'center' ? 'Center' : 'Bottom';
    }

    function addTable(ws: XlWorksheet, op: AddTableOp): void {
      const table = ws.tables.add(ws.getRange(op.address), true);
      table.name = tempTables.get(lower(op.name)) ?? op.name;
      table.style = op.style;
      table.showBandedRows = op.showBandedRows;
      table.showFilterButton = op.showFilterButton;
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
          i === 0 ? ({} as Excel.ConditionalIconCriterion) : { type: 'Percent', operator: 'GreaterThanOrEqual', formula: `=${p}` },
        );
      }
    }

    function addChart(ws: XlWorksheet, op: AddChartOp): void {
      const first = op.series[0];
      if (first === undefined) return;
      const chartType = op.type === 'combo' ? excelChartType(first.mark) : excelChartType(op.type);
      // Series by columns, stated explicitly: the chart starts from the first series' values (one column,
      // so Excel makes exactly one series), then each series gets its values, categories and name.
      const chart: XlChart = ws.charts.add(chartType, rangeOf(first.values), 'Columns');
      chart.name = op.name;
      chart.title.text = op.title;
      op.series.forEach((s, i) => {
        const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.nameText);
        series.name = s.nameText;
        if (i > 0) series.setValues(rangeOf(s.values));
        series.setXAxisValues(rangeOf(s.categories));
        if (op.type === 'combo' && i > 0) series.chartType = excelChartType(s.mark);
        if (s.axis === 'secondary' && caps.chartDetails) series.axisGroup = 'Secondary';
      });
      if (caps.chartDetails && op.series.length === 1) chart.series.getItemAt(0).varyByCategories = op.varyColors;
      if (op.type !== 'pie' && op.type !== 'doughnut') {
        if (op.xAxis.title) chart.axes.categoryAxis.title.text = op.xAxis.title;
        if (op.yAxis.title) chart.axes.valueAxis.title.text = op.yAxis.title;
        if (caps.chartDetails && op.yAxis.numberFormat) chart.axes.valueAxis.numberFormat = op.yAxis.numberFormat;
        if (caps.chartDetails && op.y2Axis && op.series.some((s) => s.axis === 'secondary')) {
          const y2 = chart.axes.getItem('Value', 'Secondary');
          if (op.y2Axis.title) y2.title.text = op.y2Axis.title;
          if (op.y2Axis.numberFormat) y2.numberFormat = op.y2Axis.numberFormat;
        }
      }
      if (op.legend === 'none') chart.legend.visible = false;
      else chart.legend.position = op.legend === 'bottom' ? 'Bottom' : 'Right';
      chart.setPosition(op.anchor.from, op.anchor.to);
    }

    // ── 3. swap ──
    phase = 'swap';
    const ws = wb.worksheets;
    for (const o of state.old) ws.getItem(o.id).name = o.aside;
    for (const x of state.oldTables) wb.tables.getItem(x.name).name = x.aside;
    for (const a of adds) ws.getItem(state.newIds.get(lower(a.sheet)) ?? a.staging).name = a.sheet;
    for (const [name, temp] of tempTables) {
      const op = plan.ops.find((o): o is AddTableOp => o.op === 'addTable' && lower(o.name) === name)!;
      wb.tables.getItem(temp).name = op.name;
    }
    await sync();
    report('swap', plan.ops.length);

    // ── 4. commit ──
    phase = 'commit';
    await commit(ctx, plan, state, sync);
    report('commit', plan.ops.length);
    return { ok: true, outcome: 'applied', sheets: [...plan.sheets], syncs, diagnostics: [] };
  } catch (e) {
    const failedAt = phase;
    const message = e instanceof Error ? e.message : String(e);
    report('rollback', plan.ops.length);
    try {
      const undone = await undo(ctx, plan, state, sync, failedAt === 'commit');
      if (undone === 'rolledBack') return failed(e, syncs);
      return {
        ok: true, outcome: 'applied', sheets: [...plan.sheets], syncs,
        diagnostics: [{ code: 'apply.finishedAfterRetry', severity: 'warning', message: t(
          `Removing the previous results failed once (${message}) and was retried; the new results are complete.`,
          `删除旧结果时出错一次（${message}），已重试；新结果已完整写入。`,
        ) }],
      };
    } catch (e2) {
      const m2 = e2 instanceof Error ? e2.message : String(e2);
      return {
        ok: false, outcome: 'rollbackFailed', sheets: [], syncs,
        diagnostics: [{ code: 'apply.rollbackFailed', severity: 'error', message: t(
          `Writing the results failed (${message}) and undoing it failed too (${m2}). Sheets whose names start with "_lbold_" hold your previous results.`,
          `写入结果失败（${message}），撤销也失败（${m2}）。名称以“_lbold_”开头的工作表保存着之前的结果。`,
        ) }],
      };
    }
  }
}

function failed(e: unknown, syncs: number): ApplyResult {
  const message = e instanceof Error ? e.message : String(e);
  return {
    ok: false, outcome: 'rolledBack', sheets: [], syncs,
    diagnostics: [{ code: 'apply.rolledBack', severity: 'error', message: t(
      `Writing the results failed (${message}); the workbook was left exactly as it was.`,
      `写入结果失败（${message}）；工作簿保持原样，未做任何更改。`,
    ) }],
  };
}

/** Deletes the renamed-aside sheets, puts new sheets where the old ones were, activates the Dashboard. */
async function commit(ctx: XlContext, plan: Plan, state: RunState, sync: () => Promise<void>): Promise<void> {
  const ws = ctx.workbook.worksheets;
  ws.load(['id', 'name']);
  await sync();
  const order = ws.items.map((s) => s.name);
  await finishCommit(ctx, plan, state, order, sync);
}

async function finishCommit(ctx: XlContext, plan: Plan, state: RunState, orderNow: string[], sync: () => Promise<void>): Promise<void> {
  const ws = ctx.workbook.worksheets;
  const adds = plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
  // Target order: each old sheet's place goes to its replacement; other new sheets go to the end in plan order.
  const replacement = new Map(adds.filter((a) => a.replaces !== null).map((a) => [lower(a.replaces!), a.sheet]));
  const asideToOld = new Map(state.old.map((o) => [lower(o.aside), o.name]));
  const target: string[] = [];
  for (const name of orderNow) {
    const old = asideToOld.get(lower(name));
    if (old !== undefined) {
      const rep = replacement.get(lower(old));
      if (rep !== undefined) target.push(rep);
    } else if (!adds.some((a) => lower(a.sheet) === lower(name))) {
      target.push(name);
    }
  }
  for (const a of adds) if (!target.some((n) => lower(n) === lower(a.sheet))) target.push(a.sheet);
  for (const o of state.old) {
    if (!orderNow.some((n) => lower(n) === lower(o.aside))) continue;
    const s = ws.getItem(o.aside);
    if (o.visibility === 'VeryHidden') s.visibility = 'Hidden';
    s.delete();
  }
  target.forEach((name, i) => {
    if (adds.some((a) => lower(a.sheet) === lower(name))) ws.getItem(name).position = i;
  });
  const activate = [...plan.ops].reverse().find((o) => o.op === 'activateSheet');
  if (activate) ws.getItem(activate.sheet).activate();
  await sync();
}

/**
 * Undoes a failed apply: deletes new sheets (staging or final names), renames aside tables and sheets back,
 * re-activates the sheet that was active. After a commit that deleted old sheets, finishes it instead.
 */
async function undo(ctx: XlContext, plan: Plan, state: RunState, sync: () => Promise<void>, inCommit: boolean): Promise<'rolledBack' | 'finished'> {
  const wb = ctx.workbook;
  wb.worksheets.load(['id', 'name', 'visibility']);
  wb.tables.load('name');
  await sync();
  const now = wb.worksheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
  const has = (pred: (s: { id: string; name: string }) => boolean): boolean => now.some(pred);
  if (inCommit && state.old.some((o) => !has((s) => s.id === o.id))) {
    await finishCommit(ctx, plan, state, now.map((s) => s.name), sync);
    return 'finished';
  }
  const newIds = new Set(state.newIds.values());
  for (const s of now) {
    if (newIds.has(s.id) || state.stagingNames.has(lower(s.name))) {
      const p = wb.worksheets.getItem(s.id);
      if (s.visibility === 'VeryHidden') p.visibility = 'Hidden';
      p.delete();
    }
  }
  const tableNames = new Set(wb.tables.items.map((x) => lower(x.name)));
  for (const x of state.oldTables) if (tableNames.has(lower(x.aside))) wb.tables.getItem(x.aside).name = x.name;
  for (const o of state.old) {
    const s = now.find((x) => x.id === o.id);
    if (s && s.name !== o.name) wb.worksheets.getItem(o.id).name = o.name;
  }
  wb.worksheets.getItem(state.activeBefore).activate();
  await sync();
  return 'rolledBack';
}
