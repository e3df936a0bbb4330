/**
 * The Plan: the only contract between the engine and a host (see docs/DESIGN.md).
 *
 * A Plan is an ordered list of WorkbookOps with concrete A1 addresses, built by `buildPlan(report, …)`.
 * Both appliers — `src/xlsx/apply.ts` (excelize-wasm) and `addin/office` (Office.js) — execute the same
 * Plan and must produce the same sheet names, values, number formats, table ranges and chart series.
 *
 * Rules every applier follows:
 * - Ops run in order. Every op's `sheet` is the FINAL sheet name (already unique and valid).
 * - Addresses are A1 without the sheet (`B4:F120`); `RangeRef` adds the sheet where another sheet may be meant.
 * - **Text is text.** A `PlanValue` that is a plain JS string is safe to write as a value (it never begins
 *   with `= + - @`, a tab or CR, and does not look like a number, date, percentage or boolean). Text that
 *   would be reinterpreted is wrapped as `{ text }` and MUST be stored as a literal string:
 *   excelize: `SetCellStr`; Office.js: write `"'" + text` (Excel's quote prefix, not part of the value) —
 *   or set the cell's number format to `@` before writing the value.
 * - **All or nothing.** `addSheet.replaces` / `deleteSheet` name Loopbook-owned sheets from an earlier run.
 *   An applier builds the new sheets first (the Office applier under `addSheet.staging`, a name no user sheet
 *   has), and removes/renames only once everything else succeeded; the xlsx applier builds into a copy.
 * - Loopbook never writes to a sheet that is not created by an `addSheet` op of the same Plan.
 */
import type { ChartType } from '../report/types.js';
import type { Recipe, RunEntry, RunLog } from '../recipe/types.js';

/** A cell value in a Plan. `{ text }` = literal text that must not be parsed (see rules above). */
export type PlanValue = number | string | boolean | null | { text: string };

/** A range on a named sheet (charts may read from another sheet than the one they sit on). */
export interface RangeRef {
  sheet: string;
  /** A1 address without the sheet: `B5:B20` or a single cell `B4`. */
  address: string;
}

export interface AddSheetOp {
  op: 'addSheet';
  sheet: string;
  /** Report sheet key (`dashboard` or the analysis kind); `_loopbook` for the store sheet. */
  key: string;
  role: 'dashboard' | 'result' | 'store';
  /** A temporary name no sheet in the workbook has, for hosts that build before they swap. */
  staging: string;
  /** Name of a Loopbook-owned sheet this one replaces (same name, case-insensitive match), or null. */
  replaces: string | null;
  /** Sheet tab colour (`#RRGGBB`), optional. */
  tabColor?: string;
  /**
   * Page setup for printing (optional): orientation, and fit to N pages wide / tall (0 = as many as needed).
   * Office.js: `worksheet.pageLayout.orientation` and `zoom = { horizontalFitToPages, verticalFitToPages }`.
   */
  print?: { orientation: 'portrait' | 'landscape'; fitToWidth: number; fitToHeight: number };
}

/** Remove a Loopbook-owned sheet of an earlier run that this run no longer writes. */
export interface DeleteSheetOp {
  op: 'deleteSheet';
  sheet: string;
}

/** Write a 2-D block; `values` has exactly the shape of `address`. Large blocks come in row chunks. */
export interface WriteValuesOp {
  op: 'writeValues';
  sheet: string;
  address: string;
  values: PlanValue[][];
}

/** Apply one Excel number format code to every cell of `address`. */
export interface NumberFormatOp {
  op: 'numberFormat';
  sheet: string;
  address: string;
  format: string;
}

/** Font, fill and alignment of a range (titles, KPI values, labels). Absent fields are left unchanged. */
export interface FormatRangeOp {
  op: 'formatRange';
  sheet: string;
  address: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Font size in points. */
  size?: number;
  /** Font colour `#RRGGBB`. */
  color?: string;
  /** Solid fill colour `#RRGGBB`. */
  fill?: string;
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'center' | 'bottom';
}

export interface MergeCellsOp {
  op: 'mergeCells';
  sheet: string;
  address: string;
}

/** Column widths in Excel character units (Office.js: `format.columnWidth` takes points ≈ chars × 7 × 0.75). */
export interface SetColumnWidthsOp {
  op: 'setColumnWidths';
  sheet: string;
  columns: { column: string; width: number }[];
}

/** Row heights in points (Excel's default is 15 pt = 20 px; Office.js `format.rowHeight` is in points too). */
export interface SetRowHeightsOp {
  op: 'setRowHeights';
  sheet: string;
  rows: { row: number; height: number }[];
}

/** Freeze the top `rows` rows and the left `columns` columns. */
export interface FreezePanesOp {
  op: 'freezePanes';
  sheet: string;
  rows: number;
  columns: number;
}

/** An Excel table over `address` (header row included), no totals row. */
export interface AddTableOp {
  op: 'addTable';
  sheet: string;
  /** Unique in the workbook (checked against existing table and defined names). */
  name: string;
  address: string;
  style: string;
  showHeader: true;
  showBandedRows: boolean;
  /** Show the filter buttons. */
  showFilterButton: boolean;
}

export type ConditionalRule =
  | {
      type: 'colorScale';
      /** Lowest value → min colour, 50th percentile → mid colour (optional), highest value → max colour. */
      minColor: string;
      midColor?: string;
      maxColor: string;
    }
  | { type: 'dataBar'; color: string }
  | {
      type: 'iconSet';
      /** Excel icon set name, e.g. `3Arrows` (OOXML `iconSet`, Office.js `Excel.IconSet.threeArrows`). */
      iconSet: '3Arrows' | '3TrafficLights1' | '3Symbols' | '3Flags' | '4Arrows' | '5Arrows';
      reverse: boolean;
      /** Thresholds as percents of the range (Excel's default: 0, 33, 67 for three icons). */
      percents: number[];
    };

export interface ConditionalFormatOp {
  op: 'conditionalFormat';
  sheet: string;
  address: string;
  rule: ConditionalRule;
}

export interface PlanAxis {
  title?: string;
  numberFormat?: string;
}

export interface PlanChartSeries {
  /** The header cell holding the series name (series are named by cell reference). */
  name: RangeRef;
  /** The series' name as text (what `name` holds), for hosts that need a literal. */
  nameText: string;
  values: RangeRef;
  /** Categories (x values for scatter). */
  categories: RangeRef;
  /** How this series is drawn: the chart's own type, or `column`/`line` inside a combo chart. */
  mark: 'column' | 'stackedColumn' | 'bar' | 'stackedBar' | 'line' | 'pie' | 'doughnut' | 'scatter';
  axis: 'primary' | 'secondary';
}

/**
 * A native chart. Series are by columns, stated explicitly (one entry per series).
 * Position: Office.js `chart.setPosition(from, to)`; excelize: top-left `from` with `widthPx` × `heightPx`
 * (the same rectangle, computed from the plan's column widths and a 20 px row height).
 */
export interface AddChartOp {
  op: 'addChart';
  sheet: string;
  /** Unique on its sheet. */
  name: string;
  type: ChartType;
  title: string;
  series: PlanChartSeries[];
  anchor: { from: string; to: string; widthPx: number; heightPx: number };
  xAxis: PlanAxis;
  yAxis: PlanAxis;
  /** Only when a series uses the secondary axis. */
  y2Axis?: PlanAxis;
  legend: 'bottom' | 'right' | 'none';
  /** One colour per point (pie/doughnut); false for everything else, so single-series columns keep one colour. */
  varyColors: boolean;
}

/**
 * A native PivotTable over an Excel table of this Plan (the table's name, so the pivot follows its rows).
 * Fields are named by the table's header text. The pivot is written to be recalculated by the host when
 * the file opens (excelize: `refreshOnLoad`, no cache records); `location` is the area it fills then (an
 * estimate from the data, so that what is placed below does not overlap). Office.js:
 * `worksheet.pivotTables.add(name, table, location's first cell)`, then `rowHierarchies`, `columnHierarchies`,
 * `dataHierarchies` (summarizeBy, name, numberFormat) — ExcelApi 1.8.
 */
export interface AddPivotTableOp {
  op: 'addPivotTable';
  sheet: string;
  /** Unique among the workbook's pivot tables, tables and defined names. */
  name: string;
  source: { sheet: string; table: string; address: string };
  location: string;
  rows: string[];
  columns: string[];
  values: { field: string; summary: 'count' | 'sum' | 'average'; name: string; numberFormat: string }[];
  style: string;
}

/** What every slicer has: its top-left cell and size in pixels, and its cache (a workbook-level name). */
interface SlicerOpBase {
  op: 'addSlicer';
  sheet: string;
  /**
   * Unique among the workbook's slicers: the field's header, then `header 1`, `header 2` … for more slicers
   * on a field of that name (Excel's own naming).
   */
  name: string;
  /** The workbook-level defined name of the slicer's cache (`Slicer_…`, unique in the workbook). */
  cache: string;
  /** The field filtered: a field of the pivot, or a header of the table. */
  field: string;
  caption: string;
  anchor: { from: string; widthPx: number; heightPx: number };
}

/**
 * A slicer on one field of a pivot of this Plan. Office.js: `workbook.slicers.add(pivot, field, sheet)`
 * then `name`, `caption`, `left`, `top`, `width`, `height` — ExcelApi 1.10.
 */
export interface AddPivotSlicerOp extends SlicerOpBase {
  pivot: { sheet: string; name: string };
}

/**
 * A slicer on one column of an Excel table of this Plan (`x15:tableSlicerCache` in the file), beside the
 * table. Office.js: `workbook.slicers.add(table, column, sheet)` — the table by name
 * (`workbook.tables.getItem(table.name)`), the column by its header — then `name`, `caption`, `left`,
 * `top`, `width`, `height` — ExcelApi 1.10.
 */
export interface AddTableSlicerOp extends SlicerOpBase {
  table: { sheet: string; name: string };
}

/** A slicer: on a pivot (`'pivot' in op`) or on a table (`'table' in op`). */
export type AddSlicerOp = AddPivotSlicerOp | AddTableSlicerOp;

/**
 * A cell (already written with `cached`, the value shown until the host recalculates) that reads a value
 * of a pivot of this Plan: `=GETPIVOTDATA("<dataField>", '<sheet>'!<pivot cell>[, "<field>", "<item>"])`,
 * wrapped in `IFERROR(…, 0)` when it names an item (a slicer may filter the item away). The formula is
 * built from these parts by `getPivotDataFormula` (src/plan/pivots.ts) in both hosts, never taken as
 * text. Office.js: `range.formulas = [[getPivotDataFormula(op)]]`, after the pivot exists.
 */
export interface PivotValueOp {
  op: 'pivotValue';
  sheet: string;
  cell: string;
  /** The pivot's sheet, name and top-left cell (any cell of the pivot names it in GETPIVOTDATA). */
  pivot: { sheet: string; name: string; cell: string };
  /** A value field's name (`AddPivotTableOp.values[].name`). */
  dataField: string;
  /** A row or column field of the pivot and one of its items, or none for the grand total. */
  item?: { field: string; text: string };
  cached: number;
}

/** A hyperlink in `cell` to a place in this workbook; `text` is the cell's (already written) text. */
export interface HyperlinkOp {
  op: 'hyperlink';
  sheet: string;
  cell: string;
  target: RangeRef;
  text: string;
}

/** Hide a sheet; `veryHidden` sheets cannot be unhidden from Excel's menu. */
export interface HideSheetOp {
  op: 'hideSheet';
  sheet: string;
  mode: 'hidden' | 'veryHidden';
}

export interface ActivateSheetOp {
  op: 'activateSheet';
  sheet: string;
}

/**
 * Write the recipe and run log into the store sheet (`_loopbook`), already serialized to cells by
 * `src/recipe` (`storeToCells`): column A holds text chunks, every cell `{ text }`.
 */
export interface SaveRecipeOp {
  op: 'saveRecipe';
  sheet: string;
  address: string;
  values: PlanValue[][];
}

export type WorkbookOp =
  | AddSheetOp
  | DeleteSheetOp
  | WriteValuesOp
  | NumberFormatOp
  | FormatRangeOp
  | MergeCellsOp
  | SetColumnWidthsOp
  | SetRowHeightsOp
  | FreezePanesOp
  | AddTableOp
  | ConditionalFormatOp
  | AddChartOp
  | AddPivotTableOp
  | AddSlicerOp
  | PivotValueOp
  | HyperlinkOp
  | HideSheetOp
  | ActivateSheetOp
  | SaveRecipeOp;

export interface Plan {
  /** Plan format version; appliers refuse versions they do not know. */
  version: 1;
  ops: WorkbookOp[];
  /** Final names of the sheets this Plan writes (the new run log's `sheets`), store sheet included. */
  sheets: string[];
  /** The byte limit each op's JSON payload was kept under. */
  maxRequestBytes: number;
  /**
   * Present (true) when the Plan was built for a workbook in the 1904 date system: its date values are
   * already 1904 serials (see `BuildPlanOptions.date1904`). An applier writes values as they are, and
   * refuses a Plan whose date system is not the workbook's (the dates would be four years off).
   */
  date1904?: true;
}

export interface BuildPlanOptions {
  /** Every sheet name in the workbook now (user's and Loopbook's). */
  existingSheetNames: string[];
  /** Sheets Loopbook wrote in the previous run (from the run log); only these may be replaced. */
  ownedSheets: string[];
  /**
   * Table names and defined names already in the workbook (new table names avoid them). Give tables as
   * `{ name, sheet }`: the tables of sheets in `ownedSheets` are replaced with their sheet, so their names
   * are free again (otherwise every refresh would rename Loopbook's tables `…_2`, `…_3`).
   */
  existingNames?: (string | { name: string; sheet: string })[];
  /**
   * Per-op JSON payload limit in bytes (default 4,000,000); `Infinity` for an applier that sends no requests (the
   * command line's file writer): each block of rows is then one op.
   */
  maxRequestBytes?: number;
  /**
   * The workbook counts dates in the 1904 system (Excel's `workbookPr date1904`, Office.js
   * `Workbook.use1904DateSystem`). The Report's dates are 1900-system serials; with this set, every date
   * cell (table columns of kind `date`/`datetime`, key figures with a date format) is written 1,462 days
   * lower, so it shows the same day. A date before 1904-01-01, which that system cannot hold, is written as
   * ISO text.
   */
  date1904?: boolean;
  /**
   * What to save in the `_loopbook` store sheet: the recipe, the previous run log and this run (without
   * `sheets`, which the plan fills in with the final names). Absent = no store sheet is written.
   */
  store?: { recipe: Recipe | null; log: RunLog; run: Omit<RunEntry, 'sheets'> };
}
