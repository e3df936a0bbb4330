/**
 * The part of the Office.js Excel API that Loopbook uses — and nothing more. Every member is typed as in
 * `@types/office-js`; the conformance check at the bottom fails to compile if real `Excel.RequestContext`
 * stops being assignable to `XlContext`. `addin/office` is written against these interfaces, so it runs
 * unchanged on real Excel and on the stand-in, and cannot use a member the stand-in lacks.
 */

/** What `load()` accepts (the string forms; Loopbook does not use the object form). */
export type LoadArg = string | string[];

export type SheetVisibilityName = `${Excel.SheetVisibility}`;
export type ChartTypeName = `${Excel.ChartType}`;
export type ChartSeriesByName = `${Excel.ChartSeriesBy}`;
export type ConditionalFormatTypeName = `${Excel.ConditionalFormatType}`;
export type IconSetName = `${Excel.IconSet}`;
export type LegendPositionName = `${Excel.ChartLegendPosition}`;
export type AxisGroupName = `${Excel.ChartAxisGroup}`;
export type AxisTypeName = `${Excel.ChartAxisType}`;
export type PivotLayoutTypeName = `${Excel.PivotLayoutType}`;
export type AggregationFunctionName = `${Excel.AggregationFunction}`;

/** `OfficeExtension.ClientResult<T>`. */
export interface XlClientResult<T> {
  readonly value: T;
}

/** `Excel.FunctionResult<T>`. */
export interface XlFunctionResult<T> {
  readonly value: T;
  load(propertyNames?: LoadArg): XlFunctionResult<T>;
}

export interface XlFunctions {
  /** `DATE(year, month, day)`: 1462 for 1904-01-01 in the 1900 date system, 0 in the 1904 system. */
  date(year: number, month: number, day: number): XlFunctionResult<number>;
}

export interface XlApplication {
  suspendApiCalculationUntilNextSync(): void;
  suspendScreenUpdatingUntilNextSync(): void;
}

export interface XlRangeFont {
  bold: boolean;
  italic: boolean;
  size: number;
  color: string;
  underline: Excel.RangeUnderlineStyle | 'None' | 'Single' | 'Double' | 'SingleAccountant' | 'DoubleAccountant';
}

export interface XlRangeFill {
  color: string;
}

export interface XlRangeFormat {
  readonly font: XlRangeFont;
  readonly fill: XlRangeFill;
  columnWidth: number;
  rowHeight: number;
  wrapText: boolean;
  horizontalAlignment:
    | Excel.HorizontalAlignment
    | 'General'
    | 'Left'
    | 'Center'
    | 'Right'
    | 'Fill'
    | 'Justify'
    | 'CenterAcrossSelection'
    | 'Distributed';
  verticalAlignment: Excel.VerticalAlignment | 'Center' | 'Distributed' | 'Top' | 'Bottom' | 'Justify';
  autofitColumns(): void;
}

export interface XlConditionalColorScale {
  criteria: Excel.ConditionalColorScaleCriteria;
}

export interface XlConditionalDataBarPositiveFormat {
  fillColor: string;
  gradientFill: boolean;
}

export interface XlConditionalDataBar {
  readonly positiveFormat: XlConditionalDataBarPositiveFormat;
}

export interface XlConditionalIconSet {
  style: Excel.IconSet | IconSetName;
  reverseIconOrder: boolean;
  criteria: Excel.ConditionalIconCriterion[];
}

export interface XlConditionalFormat {
  readonly colorScale: XlConditionalColorScale;
  readonly dataBar: XlConditionalDataBar;
  readonly iconSet: XlConditionalIconSet;
}

export interface XlConditionalFormatCollection {
  add(type: Excel.ConditionalFormatType | ConditionalFormatTypeName): XlConditionalFormat;
}

export interface XlRange {
  readonly address: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly isNullObject: boolean;
  /** Points from the sheet's left edge to the range's (at 100 % zoom), ExcelApi 1.3. */
  readonly left: number;
  /** Points from the sheet's top edge to the range's (at 100 % zoom), ExcelApi 1.3. */
  readonly top: number;
  // Office.js types these as any[][]; a read gives (string | number | boolean)[][].
  values: (string | number | boolean | null)[][];
  numberFormat: string[][];
  formulas: (string | number | boolean | null)[][];
  hyperlink: Excel.RangeHyperlink;
  readonly format: XlRangeFormat;
  readonly conditionalFormats: XlConditionalFormatCollection;
  getCell(row: number, column: number): XlRange;
  getResizedRange(deltaRows: number, deltaColumns: number): XlRange;
  merge(across?: boolean): void;
  /** Selects the range in the UI (ExcelApi 1.1); its sheet becomes active. */
  select(): void;
  load(propertyNames?: LoadArg): XlRange;
}

export interface XlRangeCollection {
  readonly items: XlRange[];
  load(propertyNames?: LoadArg): XlRangeCollection;
}

export interface XlRangeAreas {
  readonly address: string;
  readonly areaCount: number;
  readonly areas: XlRangeCollection;
  load(propertyNames?: LoadArg): XlRangeAreas;
}

export interface XlTable {
  readonly id: string;
  name: string;
  style: string;
  showHeaders: boolean;
  showBandedRows: boolean;
  showFilterButton: boolean;
  readonly isNullObject: boolean;
  readonly worksheet: XlWorksheet;
  getRange(): XlRange;
  getDataBodyRange(): XlRange;
  getHeaderRowRange(): XlRange;
  delete(): void;
  load(propertyNames?: LoadArg): XlTable;
}

export interface XlTableCollection {
  readonly items: XlTable[];
  add(address: XlRange | string, hasHeaders: boolean): XlTable;
  getItem(key: string): XlTable;
  getItemOrNullObject(key: string): XlTable;
  load(propertyNames?: LoadArg): XlTableCollection;
}

export interface XlChartTitle {
  text: string;
  visible: boolean;
}

export interface XlChartAxisTitle {
  text: string;
}

export interface XlChartAxis {
  readonly title: XlChartAxisTitle;
  numberFormat: string;
}

export interface XlChartAxes {
  readonly categoryAxis: XlChartAxis;
  readonly valueAxis: XlChartAxis;
  getItem(type: Excel.ChartAxisType | AxisTypeName, group?: Excel.ChartAxisGroup | AxisGroupName): XlChartAxis;
}

export interface XlChartLegend {
  visible: boolean;
  position: Excel.ChartLegendPosition | LegendPositionName;
}

export interface XlChartSeries {
  name: string;
  chartType: Excel.ChartType | ChartTypeName;
  axisGroup: Excel.ChartAxisGroup | AxisGroupName;
  varyByCategories: boolean;
  setValues(sourceData: XlRange): void;
  setXAxisValues(sourceData: XlRange): void;
  delete(): void;
  load(propertyNames?: LoadArg): XlChartSeries;
}

export interface XlChartSeriesCollection {
  readonly items: XlChartSeries[];
  readonly count: number;
  add(name?: string, index?: number): XlChartSeries;
  getItemAt(index: number): XlChartSeries;
  load(propertyNames?: LoadArg): XlChartSeriesCollection;
}

export interface XlChart {
  name: string;
  chartType: Excel.ChartType | ChartTypeName;
  readonly title: XlChartTitle;
  readonly axes: XlChartAxes;
  readonly legend: XlChartLegend;
  readonly series: XlChartSeriesCollection;
  setPosition(startCell: XlRange | string, endCell?: XlRange | string): void;
  delete(): void;
  load(propertyNames?: LoadArg): XlChart;
}

export interface XlChartCollection {
  readonly items: XlChart[];
  add(
    type: Excel.ChartType | ChartTypeName,
    sourceData: XlRange,
    seriesBy?: Excel.ChartSeriesBy | ChartSeriesByName,
  ): XlChart;
  load(propertyNames?: LoadArg): XlChartCollection;
}

/** `Excel.PivotField` (ExcelApi 1.8): a hierarchy's one field. */
export interface XlPivotField {
  readonly name: string;
  subtotals: Excel.Subtotals;
  load(propertyNames?: LoadArg): XlPivotField;
}

export interface XlPivotFieldCollection {
  getItem(name: string): XlPivotField;
}

/** `Excel.PivotHierarchy`: one column of the source, by its header text. */
export interface XlPivotHierarchy {
  readonly name: string;
  load(propertyNames?: LoadArg): XlPivotHierarchy;
}

export interface XlPivotHierarchyCollection {
  getItem(name: string): XlPivotHierarchy;
}

export interface XlRowColumnPivotHierarchy {
  readonly name: string;
  readonly fields: XlPivotFieldCollection;
  load(propertyNames?: LoadArg): XlRowColumnPivotHierarchy;
}

export interface XlRowColumnPivotHierarchyCollection {
  readonly items: XlRowColumnPivotHierarchy[];
  add(pivotHierarchy: XlPivotHierarchy): XlRowColumnPivotHierarchy;
  load(propertyNames?: LoadArg): XlRowColumnPivotHierarchyCollection;
}

export interface XlDataPivotHierarchy {
  name: string;
  numberFormat: string;
  summarizeBy: Excel.AggregationFunction | AggregationFunctionName;
  load(propertyNames?: LoadArg): XlDataPivotHierarchy;
}

export interface XlDataPivotHierarchyCollection {
  readonly items: XlDataPivotHierarchy[];
  add(pivotHierarchy: XlPivotHierarchy): XlDataPivotHierarchy;
  load(propertyNames?: LoadArg): XlDataPivotHierarchyCollection;
}

export interface XlPivotLayout {
  layoutType: Excel.PivotLayoutType | PivotLayoutTypeName;
  showRowGrandTotals: boolean;
  showColumnGrandTotals: boolean;
  /** The area the PivotTable fills (its filter area excluded). */
  getRange(): XlRange;
  getDataBodyRange(): XlRange;
  load(propertyNames?: LoadArg): XlPivotLayout;
}

/** `Excel.PivotTable`: the collection and its members ExcelApi 1.3, the hierarchies and layout 1.8. */
export interface XlPivotTable {
  readonly id: string;
  name: string;
  readonly worksheet: XlWorksheet;
  readonly hierarchies: XlPivotHierarchyCollection;
  readonly rowHierarchies: XlRowColumnPivotHierarchyCollection;
  readonly columnHierarchies: XlRowColumnPivotHierarchyCollection;
  readonly dataHierarchies: XlDataPivotHierarchyCollection;
  readonly layout: XlPivotLayout;
  delete(): void;
  load(propertyNames?: LoadArg): XlPivotTable;
}

export interface XlPivotTableCollection {
  readonly items: XlPivotTable[];
  /** ExcelApi 1.8. `source`: a table, a range or a table name / sheet-qualified address; `destination`: its first cell. */
  add(name: string, source: XlRange | string | XlTable, destination: XlRange | string): XlPivotTable;
  getItem(name: string): XlPivotTable;
  load(propertyNames?: LoadArg): XlPivotTableCollection;
}

/** `Excel.Slicer` (ExcelApi 1.10); positions and sizes in points. */
export interface XlSlicer {
  readonly id: string;
  name: string;
  caption: string;
  left: number;
  top: number;
  width: number;
  height: number;
  readonly worksheet: XlWorksheet;
  delete(): void;
  load(propertyNames?: LoadArg): XlSlicer;
}

export interface XlSlicerCollection {
  readonly items: XlSlicer[];
  /** ExcelApi 1.10: a slicer on `sourceField` (a field name) of a PivotTable or table, on `slicerDestination`. */
  add(
    slicerSource: string | XlPivotTable | XlTable,
    sourceField: string | number,
    slicerDestination?: string | XlWorksheet,
  ): XlSlicer;
  getItem(key: string): XlSlicer;
  load(propertyNames?: LoadArg): XlSlicerCollection;
}

export interface XlWorksheetFreezePanes {
  freezeRows(count?: number): void;
  freezeColumns(count?: number): void;
  freezeAt(frozenRange: XlRange | string): void;
  unfreeze(): void;
}

export interface XlPageLayout {
  orientation: Excel.PageOrientation | 'Portrait' | 'Landscape';
  zoom: Excel.PageLayoutZoomOptions;
}

export interface XlWorksheet {
  readonly id: string;
  name: string;
  position: number;
  visibility: Excel.SheetVisibility | SheetVisibilityName;
  tabColor: string;
  readonly isNullObject: boolean;
  readonly tables: XlTableCollection;
  readonly charts: XlChartCollection;
  readonly pivotTables: XlPivotTableCollection;
  readonly freezePanes: XlWorksheetFreezePanes;
  readonly pageLayout: XlPageLayout;
  getRange(address?: string): XlRange;
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): XlRange;
  getUsedRange(valuesOnly?: boolean): XlRange;
  getUsedRangeOrNullObject(valuesOnly?: boolean): XlRange;
  activate(): void;
  delete(): void;
  load(propertyNames?: LoadArg): XlWorksheet;
}

export interface XlWorksheetCollection {
  readonly items: XlWorksheet[];
  add(name?: string): XlWorksheet;
  getItem(key: string): XlWorksheet;
  getItemOrNullObject(key: string): XlWorksheet;
  getActiveWorksheet(): XlWorksheet;
  load(propertyNames?: LoadArg): XlWorksheetCollection;
}

export interface XlNamedItem {
  readonly name: string;
  readonly type: Excel.NamedItemType | 'String' | 'Integer' | 'Double' | 'Boolean' | 'Range' | 'Error' | 'Array';
  readonly value: unknown;
  readonly isNullObject: boolean;
  getRange(): XlRange;
  getRangeOrNullObject(): XlRange;
  load(propertyNames?: LoadArg): XlNamedItem;
}

export interface XlNamedItemCollection {
  readonly items: XlNamedItem[];
  add(name: string, reference: XlRange | string, comment?: string): XlNamedItem;
  getItem(name: string): XlNamedItem;
  getItemOrNullObject(name: string): XlNamedItem;
  load(propertyNames?: LoadArg): XlNamedItemCollection;
}

export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  readonly tables: XlTableCollection;
  readonly names: XlNamedItemCollection;
  readonly pivotTables: XlPivotTableCollection;
  readonly slicers: XlSlicerCollection;
  readonly application: XlApplication;
  readonly functions: XlFunctions;
  getSelectedRange(): XlRange;
  getSelectedRanges(): XlRangeAreas;
}

/** `Excel.RequestContext`, as far as Loopbook uses it. */
export interface XlContext {
  readonly workbook: XlWorkbook;
  sync<T>(passThroughValue?: T): Promise<T>;
}

/** `Excel.run`'s batch form over a context type `C`. */
export type BatchRun<C> = <T>(batch: (context: C) => Promise<T>) => Promise<T>;

/**
 * `Excel.run` (the batch form: a new context per call; the batch must return a promise; commands still
 * queued when that promise resolves are synced; the run resolves to the batch's value or rejects with its
 * error; proxies from the run cannot be used after it). The stand-in's `run` has this type, and
 * tests/excel-sim/run-conformance.test.ts checks the behaviour.
 */
export type XlRun = BatchRun<XlContext>;

/** `Office.context`, as far as Loopbook uses it. */
export interface XlOfficeContext {
  readonly displayLanguage: string;
  readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean };
}

// Conformance: the real API must satisfy the subset (compile-time only; erased at run time). Each entry
// must be `true`; a change in @types/office-js or here that breaks one fails `tsc`.
type Assignable<From, To> = [From] extends [To] ? true : false;
export const officeJsConforms: [
  Assignable<Excel.RequestContext, XlContext>,
  Assignable<Office.Context, XlOfficeContext>,
  // Real `Excel.run` has the batch form, with the same parameter and result types …
  Assignable<typeof Excel.run, BatchRun<Excel.RequestContext>>,
  // … so it is an `XlRun` as it is (addin/office/bindings.ts passes it on without a cast).
  Assignable<typeof Excel.run, XlRun>,
  // The batch form takes the batch alone: a run that also wanted options or objects would not be one.
  Assignable<Parameters<XlRun>, [batch: (context: XlContext) => Promise<unknown>]>,
  // PivotTables and slicers, spelled out (the context's assignability already implies them).
  Assignable<Excel.PivotTableCollection, XlPivotTableCollection>,
  Assignable<Excel.SlicerCollection, XlSlicerCollection>,
  Assignable<Excel.PivotLayout, XlPivotLayout>,
  Assignable<Excel.DataPivotHierarchy, XlDataPivotHierarchy>,
] = [true, true, true, true, true, true, true, true, true];
