/**
 * The Report: what Loopbook writes, as plain validated JSON (see docs/DESIGN.md).
 *
 *   AnalysisResult[] ──buildReport──▶ Report ──buildPlan──▶ Plan ──applier──▶ workbook
 *
 * A Report is written in ONE language (`lang`): every text in it is already chosen. It says WHAT goes on
 * each sheet (blocks, top to bottom); it says nothing about cell addresses — the plan stage lays blocks out.
 *
 * Values: numbers are finite JS numbers (never NaN/Infinity; an unknown value is `null` and shown as an
 * empty cell); dates are Excel serial numbers (1900 system) shown through a date number format.
 */
import { z } from 'zod';

/** An Excel number format code, e.g. `#,##0`, `0.0%`, `"¥"#,##0.00`, `yyyy-mm-dd`, `@`. */
export const NumberFormatSchema = z.string().min(1).max(255);

/** Excel sheet names: 1–31 characters, none of `: \ / ? * [ ]`, not starting or ending with `'`. */
export const SheetNameSchema = z
  .string()
  .min(1)
  .max(31)
  .refine((s) => !/[:\\/?*[\]]/.test(s) && !s.startsWith("'") && !s.endsWith("'") && s.toLowerCase() !== 'history', {
    message: 'not a valid Excel sheet name',
  });

/** Stable identifiers (sheet keys, block keys, column keys): letters, digits, `_ . -`. */
export const KeySchema = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/);

/** A cell value in a Report: finite number, text, boolean or empty. */
export const ReportValueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type ReportValue = z.infer<typeof ReportValueSchema>;

export const ValueKindSchema = z.enum([
  'text',
  'integer',
  'number',
  'currency',
  'percent',
  'ratio',
  'date',
  'datetime',
]);

/** Title block: a large title and subtitle lines (as-of date, sources, the question answered). */
export const TitleBlockSchema = z.object({
  type: z.literal('title'),
  key: KeySchema,
  title: z.string(),
  /** Lines under the title, e.g. `As of: 2024-12-31`, `Sources: Orders (A1:F20001)`. */
  subtitle: z.array(z.string()),
});

/** One KPI tile: label above a large value, the change against the previous period, a note. */
export const KpiTileSchema = z.object({
  key: KeySchema,
  label: z.string(),
  value: z.number().nullable(),
  numberFormat: NumberFormatSchema,
  /** Relative change (0.12 = +12%), shown with `changeFormat`; null or absent when unknown. */
  change: z.number().nullable().optional(),
  changeFormat: NumberFormatSchema.optional(),
  note: z.string().optional(),
  /** Key of a sheet in this Report the tile links to (the Dashboard links to result sheets). */
  link: KeySchema.optional(),
  /**
   * The pivot the tile reads its value from, so that a slicer on that pivot moves it (GETPIVOTDATA): a value
   * field of a pivot block of this Report and, optionally, one item of one of its row or column fields. `value`
   * stays the figure, shown until the host recalculates.
   */
  pivot: z
    .object({
      /** Key of a pivot block. */
      block: KeySchema,
      /** Index of the value field in the block's `values`. */
      value: z.number().int().nonnegative(),
      /** A row or column field of the block (column key) and one of its items (Loopbook's own label). */
      item: z.object({ column: KeySchema, text: z.string().min(1) }).optional(),
    })
    .optional(),
});

export const KpisBlockSchema = z.object({
  type: z.literal('kpis'),
  key: KeySchema,
  title: z.string().optional(),
  tiles: z.array(KpiTileSchema),
});

export const TableColumnSchema = z.object({
  key: KeySchema,
  header: z.string(),
  kind: ValueKindSchema,
  numberFormat: NumberFormatSchema,
  /** Column width in Excel character units; absent = chosen by the plan from the content. */
  width: z.number().positive().max(255).optional(),
});

const ColorSchema = z.string().regex(/^#[0-9A-Fa-f]{6}$/);

/** Conditional formats, one column each (the column's data cells, header excluded). */
export const ConditionalFormatSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('colorScale'),
    column: KeySchema,
    /** Colours for the lowest, (optional) 50th percentile and highest values. */
    minColor: ColorSchema,
    midColor: ColorSchema.optional(),
    maxColor: ColorSchema,
  }),
  z.object({ type: z.literal('dataBar'), column: KeySchema, color: ColorSchema }),
  z.object({
    type: z.literal('iconSet'),
    column: KeySchema,
    /** Excel icon set names (Office.js `Excel.IconSet` and OOXML `iconSet` share them). */
    iconSet: z.enum(['3Arrows', '3TrafficLights1', '3Symbols', '3Flags', '4Arrows', '5Arrows']),
    reverse: z.boolean().optional(),
  }),
]);
export type ConditionalFormat = z.infer<typeof ConditionalFormatSchema>;

/** Excel table styles Loopbook uses (built into Excel and LibreOffice). */
export const TableStyleSchema = z.string().regex(/^TableStyle(Light|Medium|Dark)\d{1,2}$/);

/**
 * A table block becomes an Excel table (header row + data rows). `rows` are row arrays in column order.
 * Its `key` is unique in the whole Report: charts on any sheet refer to it.
 */
export const TableBlockSchema = z
  .object({
    type: z.literal('table'),
    key: KeySchema,
    title: z.string().optional(),
    columns: z.array(TableColumnSchema).min(1),
    rows: z.array(z.array(ReportValueSchema)),
    style: TableStyleSchema,
    /** Freeze the panes below the header row (only honoured for the first table of a sheet). */
    freezeHeader: z.boolean(),
    conditionalFormats: z.array(ConditionalFormatSchema),
    note: z.string().optional(),
    /**
     * Columns that get a slicer filtering the table, placed beside it (hosts that cannot write slicers leave
     * them out). Each slicer's name is its column's header, so a column key appears once.
     */
    slicers: z.array(KeySchema).optional(),
  })
  .refine((t) => t.rows.every((r) => r.length === t.columns.length), {
    message: 'every row must have one value per column',
  });

export const ChartTypeSchema = z.enum([
  'column',
  'stackedColumn',
  'bar',
  'stackedBar',
  'line',
  'pie',
  'doughnut',
  'scatter',
  'combo',
]);
export type ChartType = z.infer<typeof ChartTypeSchema>;

export const AxisSchema = z.object({
  title: z.string().optional(),
  numberFormat: NumberFormatSchema.optional(),
});

export const ChartSeriesSchema = z.object({
  /** Column key in the chart's table block. */
  column: KeySchema,
  /** `secondary` draws on a secondary value axis (combo charts). */
  axis: z.enum(['primary', 'secondary']),
  /** Mark for this series in a combo chart; other chart types draw every series with the chart's type. */
  mark: z.enum(['column', 'line']).optional(),
});

/** A native chart drawn from one table block's columns (the table may sit on another sheet). */
export const ChartBlockSchema = z.object({
  type: z.literal('chart'),
  key: KeySchema,
  chartType: ChartTypeSchema,
  title: z.string(),
  /** Key of a table block in this Report. */
  table: KeySchema,
  /** Column key for categories (x values for scatter). */
  category: KeySchema,
  series: z.array(ChartSeriesSchema).min(1),
  /** Draw only the first N data rows (tables come sorted by importance). */
  maxRows: z.number().int().positive().optional(),
  xAxis: AxisSchema.optional(),
  yAxis: AxisSchema.optional(),
  y2Axis: AxisSchema.optional(),
});
export type ChartBlock = z.infer<typeof ChartBlockSchema>;

export const NoteItemSchema = z.object({
  kind: z.enum(['question', 'finding', 'method', 'assumption', 'diagnostic', 'note']),
  text: z.string(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  /** Key of a sheet in this Report the item links to. */
  link: KeySchema.optional(),
});

export const NotesBlockSchema = z.object({
  type: z.literal('notes'),
  key: KeySchema,
  title: z.string(),
  items: z.array(NoteItemSchema),
});

/** One summarised column of a pivot: Excel's Count, Sum or Average over a table column. */
export const PivotValueSchema = z.object({
  /** Column key in the pivot's source table. */
  column: KeySchema,
  summary: z.enum(['count', 'sum', 'average']),
  /** The value field's caption; unique in the pivot and different from every column header. */
  label: z.string().min(1),
  kind: ValueKindSchema,
});

/**
 * A native PivotTable over a table block (on any sheet), with slicers on some of that table's columns.
 * Rows nest in the order given (the first with subtotals); `columns` spread across.
 */
export const PivotBlockSchema = z.object({
  type: z.literal('pivot'),
  key: KeySchema,
  title: z.string(),
  /** Key of the source table block in this Report. */
  table: KeySchema,
  rows: z.array(KeySchema).min(1),
  columns: z.array(KeySchema),
  values: z.array(PivotValueSchema).min(1),
  /** Columns of the source table that get a slicer filtering this pivot (at most once per pivot). */
  slicers: z.array(KeySchema),
});

export const BlockSchema = z.union([
  TitleBlockSchema,
  KpisBlockSchema,
  TableBlockSchema,
  ChartBlockSchema,
  NotesBlockSchema,
  PivotBlockSchema,
]);

export const ReportSheetSchema = z.object({
  /** Stable key: `dashboard` or the analysis kind. */
  key: KeySchema,
  /** Proposed sheet name; the plan makes it unique against the user's sheets. */
  name: SheetNameSchema,
  role: z.enum(['dashboard', 'result']),
  blocks: z.array(BlockSchema),
});

export const ReportSchema = z
  .object({
    lang: z.enum(['en', 'zh-CN']),
    /** As-of date, Excel serial (1900 system); null when the data had no date and only date-free analyses ran. */
    asOf: z.number().nullable(),
    title: z.string(),
    sheets: z.array(ReportSheetSchema),
  })
  .superRefine((r, ctx) => {
    const sheetKeys = new Set<string>();
    const names = new Set<string>();
    const tables = new Map<string, TableBlock>();
    const pivots = new Map<string, PivotBlock>();
    for (const s of r.sheets) {
      if (sheetKeys.has(s.key)) ctx.addIssue({ code: 'custom', message: `duplicate sheet key ${s.key}` });
      sheetKeys.add(s.key);
      if (names.has(s.name.toLowerCase())) ctx.addIssue({ code: 'custom', message: `duplicate sheet name ${s.name}` });
      names.add(s.name.toLowerCase());
      for (const b of s.blocks)
        if (b.type === 'table') {
          if (tables.has(b.key)) ctx.addIssue({ code: 'custom', message: `duplicate table key ${b.key}` });
          tables.set(b.key, b);
        } else if (b.type === 'pivot') pivots.set(b.key, b);
    }
    for (const s of r.sheets)
      for (const b of s.blocks) {
        if (b.type === 'chart') {
          const t = tables.get(b.table);
          if (!t) {
            ctx.addIssue({ code: 'custom', message: `chart ${b.key} refers to unknown table ${b.table}` });
            continue;
          }
          const cols = new Set(t.columns.map((c) => c.key));
          for (const k of [b.category, ...b.series.map((x) => x.column)])
            if (!cols.has(k))
              ctx.addIssue({ code: 'custom', message: `chart ${b.key}: table ${b.table} has no column ${k}` });
        }
        if (b.type === 'pivot') {
          const t = tables.get(b.table);
          const cols = new Set(t?.columns.map((c) => c.key) ?? []);
          if (!t) ctx.addIssue({ code: 'custom', message: `pivot ${b.key} refers to unknown table ${b.table}` });
          else
            for (const k of [...b.rows, ...b.columns, ...b.values.map((v) => v.column), ...b.slicers])
              if (!cols.has(k))
                ctx.addIssue({ code: 'custom', message: `pivot ${b.key}: table ${b.table} has no column ${k}` });
        }
        if (b.type === 'table') {
          const cols = new Set(b.columns.map((c) => c.key));
          for (const cf of b.conditionalFormats)
            if (!cols.has(cf.column))
              ctx.addIssue({
                code: 'custom',
                message: `table ${b.key}: conditional format on unknown column ${cf.column}`,
              });
          for (const k of b.slicers ?? [])
            if (!cols.has(k))
              ctx.addIssue({ code: 'custom', message: `table ${b.key}: slicer on unknown column ${k}` });
        }
        if (b.type === 'kpis')
          for (const tile of b.tiles) {
            if (!tile.pivot) continue;
            const p = pivots.get(tile.pivot.block);
            const item = tile.pivot.item;
            if (!p || tile.pivot.value >= p.values.length)
              ctx.addIssue({ code: 'custom', message: `tile ${tile.key} reads an unknown pivot value` });
            else if (item && !p.rows.includes(item.column) && !p.columns.includes(item.column))
              ctx.addIssue({ code: 'custom', message: `tile ${tile.key}: ${item.column} is not a field of its pivot` });
          }
        const links =
          b.type === 'kpis' ? b.tiles.map((t) => t.link) : b.type === 'notes' ? b.items.map((i) => i.link) : [];
        for (const l of links)
          if (l !== undefined && !sheetKeys.has(l))
            ctx.addIssue({ code: 'custom', message: `link to unknown sheet ${l}` });
      }
  });

export type TitleBlock = z.infer<typeof TitleBlockSchema>;
export type KpiTile = z.infer<typeof KpiTileSchema>;
export type KpisBlock = z.infer<typeof KpisBlockSchema>;
export type TableColumn = z.infer<typeof TableColumnSchema>;
export type TableBlock = z.infer<typeof TableBlockSchema>;
export type ChartSeries = z.infer<typeof ChartSeriesSchema>;
export type Axis = z.infer<typeof AxisSchema>;
export type NoteItem = z.infer<typeof NoteItemSchema>;
export type NotesBlock = z.infer<typeof NotesBlockSchema>;
export type PivotValue = z.infer<typeof PivotValueSchema>;
export type PivotBlock = z.infer<typeof PivotBlockSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type ReportSheet = z.infer<typeof ReportSheetSchema>;
export type Report = z.infer<typeof ReportSchema>;
