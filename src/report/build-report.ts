/**
 * AnalysisResult[] → Report, generically: any analysis plugs in without changes here.
 */
import type { AnalysisResult, ChartHint, ResultColumn, ResultTable } from '../analysis/types.js';
import type { Diagnostic, Lang } from '../types.js';
import { label, pick } from '../i18n/labels.js';
import { CHANGE_FORMAT, moneyText, numberFormatFor, serialToIso } from './number-format.js';
import { ReportSchema } from './types.js';
import type {
  Block,
  ChartBlock,
  ChartSeries,
  ConditionalFormat,
  KpiTile,
  NoteItem,
  Report,
  ReportValue,
  TableBlock,
  TableColumn,
} from './types.js';
import { dashboardBlocks } from './dashboard.js';
import type { DashboardSource } from './dashboard.js';
import { isModelParameter } from './headlines.js';
import { intervalChart, isIntervalHint } from './interval-chart.js';
import { customerFactsSheets } from './customer-facts.js';

export interface ReportContext {
  lang: Lang;
  /** As-of date, Excel serial (1900 system). */
  /** Null when the inputs had no date: only analyses that need none ran (see `needsAsOf`). */
  asOf: number | null;
  /** ISO currency code for money formats, e.g. `CNY`. */
  currency: string;
  /** Input descriptions shown under titles, e.g. `Orders!A1:F20001 (20,000 rows)`. */
  sources: string[];
  /** Run-level diagnostics (reading, ingest), shown on the Dashboard. */
  diagnostics: Diagnostic[];
  /** False where the host cannot write pivot tables (the add-in, for now): no Explore sheet. Default true. */
  pivots?: boolean;
}

/** Excel's default three-colour scale (red – yellow – green) and data-bar blue. */
const COLOR_SCALE = { minColor: '#F8696B', midColor: '#FFEB84', maxColor: '#63BE7B' } as const;
const DATA_BAR = '#638EC6';
const TABLE_STYLE = 'TableStyleMedium2';
/** Rows a column, bar, pie or combo chart shows when the analysis does not say. */
const MAX_CATEGORY_ROWS = 50;

/**
 * Result tables that get a slicer where a business user filters them (when the host writes slicers): the
 * customers of an RFM segment, of a lifecycle stage, of a churn risk, and the campaigns of a channel.
 */
export const TABLE_SLICERS: readonly { kind: string; table: string; column: string }[] = [
  { kind: 'channel-performance', table: 'campaigns', column: 'channel' },
  { kind: 'rfm', table: 'customers', column: 'segment' },
  { kind: 'lifecycle', table: 'customers', column: 'stage' },
  { kind: 'clv', table: 'customers', column: 'risk' },
];

/** Make text a valid Excel sheet name (≤ 31 chars, none of `: \ / ? * [ ]`, no edge apostrophes). */
export function sanitizeSheetName(name: string): string {
  let s = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/^'+|'+$/g, '').trim();
  if (s.toLowerCase() === 'history') s = s + ' 1';
  s = Array.from(s).slice(0, 31).join('').trim();
  return s || 'Sheet';
}

/** Add ` (2)`, ` (3)` … until `name` is not in `taken` (case-insensitive); keeps ≤ 31 chars. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  for (let i = 2; i < 10_000; i++) {
    const suffix = ` (${i})`;
    const candidate =
      Array.from(name)
        .slice(0, 31 - suffix.length)
        .join('')
        .trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
  return name; // unreachable in practice: 10,000 clashes
}

function toKey(s: string): string {
  const k = s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80);
  return k || 'x';
}

/** A finite number, text or boolean; anything else (NaN, Infinity, undefined) → null. */
function cleanValue(v: unknown): ReportValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

function cleanNumber(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function conditionalFormats(columns: ResultColumn[]): ConditionalFormat[] {
  const out: ConditionalFormat[] = [];
  for (const c of columns) {
    const column = toKey(c.key);
    if (c.highlight === 'colorScale') out.push({ type: 'colorScale', column, ...COLOR_SCALE });
    else if (c.highlight === 'dataBar') out.push({ type: 'dataBar', column, color: DATA_BAR });
    else if (c.highlight === 'iconSet') out.push({ type: 'iconSet', column, iconSet: '3Arrows' });
  }
  return out;
}

/** A cell as the sheet shows it: a coded value in the column's words, else the value itself. */
function shownValue(v: unknown, c: ResultColumn, lang: Lang): ReportValue {
  const words = typeof v === 'string' ? c.values?.[v] : undefined;
  return words ? pick(words, lang) : cleanValue(v);
}

function tableBlock(sheetKey: string, t: ResultTable, ctx: ReportContext, first: boolean, kind: string): TableBlock {
  const n = t.rows.length;
  // A code column repeats its label column in English identifiers: a Chinese sheet shows the label only.
  const columns = ctx.lang === 'zh-CN' ? t.columns.filter((c) => !c.code) : t.columns;
  const rows: ReportValue[][] = new Array<ReportValue[]>(n);
  // Row-wise copy with a fixed column order; keys are looked up once per column.
  const keys = columns.map((c) => c.key);
  const coded = columns.some((c) => c.values);
  const slicers =
    ctx.pivots === false || n === 0
      ? []
      : TABLE_SLICERS.filter((x) => x.kind === kind && x.table === t.name && keys.includes(x.column)).map((x) =>
          toKey(x.column),
        );
  for (let i = 0; i < n; i++) {
    const src = t.rows[i];
    const row = new Array<ReportValue>(keys.length);
    if (coded) for (let j = 0; j < keys.length; j++) row[j] = shownValue(src[keys[j]], columns[j], ctx.lang);
    else for (let j = 0; j < keys.length; j++) row[j] = cleanValue(src[keys[j]]);
    rows[i] = row;
  }
  return {
    type: 'table',
    key: toKey(`${sheetKey}.${t.name}`),
    title: pick(t.title, ctx.lang),
    columns: columns.map((c) => ({
      key: toKey(c.key),
      header: pick(c.label, ctx.lang),
      kind: c.kind,
      numberFormat: numberFormatFor(c.kind, ctx.currency, c.decimals),
    })),
    rows,
    style: TABLE_STYLE,
    freezeHeader: first,
    conditionalFormats: conditionalFormats(columns),
    ...(t.note ? { note: pick(t.note, ctx.lang) } : {}),
    ...(slicers.length > 0 ? { slicers } : {}),
  };
}

/** Value axes show whole amounts: `¥450,000` rather than `¥450,000.00`. */
function axisFormat(c: TableColumn, ctx: ReportContext): string {
  if (c.kind === 'currency') return numberFormatFor('currency', ctx.currency, 0);
  if (c.kind === 'number' || c.kind === 'integer') return '#,##0';
  return c.numberFormat;
}

function chartBlock(key: string, hint: ChartHint, table: TableBlock, ctx: ReportContext): ChartBlock | null {
  const colByKey = new Map(table.columns.map((c) => [c.key, c]));
  const category = colByKey.get(toKey(hint.category));
  const secondary = new Set((hint.secondary ?? []).map(toKey));
  const seriesKeys = [...hint.series.map(toKey), ...[...secondary].filter((k) => !hint.series.map(toKey).includes(k))];
  const present = seriesKeys.filter((k) => colByKey.has(k));
  if (!category || present.length === 0) return null;
  const isCombo = hint.kind === 'combo';
  // Bars and slices beyond a few dozen are unreadable: categorical charts show the first rows only.
  const categorical = hint.kind !== 'line' && hint.kind !== 'scatter';
  const maxRows =
    hint.maxRows !== undefined
      ? Math.max(1, Math.floor(hint.maxRows))
      : categorical && table.rows.length > MAX_CATEGORY_ROWS
        ? MAX_CATEGORY_ROWS
        : undefined;
  const series: ChartSeries[] = present.map((column) => {
    const onSecondary = secondary.has(column);
    return {
      column,
      axis: onSecondary ? 'secondary' : 'primary',
      ...(isCombo ? { mark: onSecondary ? ('line' as const) : ('column' as const) } : {}),
    };
  });
  const firstPrimary = series.find((s) => s.axis === 'primary') ?? series[0];
  const firstSecondary = series.find((s) => s.axis === 'secondary');
  const xIsNumberAxis = hint.kind === 'scatter' || category.kind === 'date' || category.kind === 'datetime';
  const yTitle = hint.yTitle ? pick(hint.yTitle, ctx.lang) : undefined;
  const xTitle = hint.xTitle ? pick(hint.xTitle, ctx.lang) : undefined;
  return {
    type: 'chart',
    key,
    chartType: hint.kind,
    title: pick(hint.title, ctx.lang),
    table: table.key,
    category: category.key,
    series,
    ...(maxRows !== undefined ? { maxRows } : {}),
    xAxis: { ...(xTitle ? { title: xTitle } : {}), ...(xIsNumberAxis ? { numberFormat: category.numberFormat } : {}) },
    yAxis: { ...(yTitle ? { title: yTitle } : {}), numberFormat: axisFormat(colByKey.get(firstPrimary.column)!, ctx) },
    ...(firstSecondary
      ? {
          y2Axis: {
            title: colByKey.get(firstSecondary.column)!.header,
            numberFormat: axisFormat(colByKey.get(firstSecondary.column)!, ctx),
          },
        }
      : {}),
  };
}

function kpiTile(f: AnalysisResult['figures'][number], ctx: ReportContext, link?: string): KpiTile {
  const change = f.change === undefined ? undefined : cleanNumber(f.change);
  const value = cleanNumber(f.value);
  // A tile has room for about ten characters: large amounts drop their decimals (¥3,897,140, not ¥3,897,139.75).
  const large = value !== null && Math.abs(value) >= 10_000 && (f.kind === 'currency' || f.kind === 'number');
  return {
    key: toKey(f.key),
    label: pick(f.label, ctx.lang),
    value,
    numberFormat: numberFormatFor(f.kind, ctx.currency, large ? 0 : f.decimals),
    ...(change !== undefined ? { change, changeFormat: CHANGE_FORMAT } : {}),
    ...(f.note ? { note: pick(f.note, ctx.lang) } : {}),
    ...(link ? { link } : {}),
  };
}

/** A diagnostic as one line, e.g. `Warning: Amount has text … — Orders, column Amount (C), rows 5, 9 (12 rows)`. */
export function diagnosticText(d: Diagnostic, lang: Lang): string {
  const sev = label(d.severity, lang);
  let text = `${sev}${lang === 'zh-CN' ? '：' : ': '}${pick(d.message, lang)}`;
  const w = d.where;
  if (w) {
    const zh = lang === 'zh-CN';
    const parts: string[] = [w.sheet];
    // Values Loopbook unpivoted from across the columns are named by their own cells (each in its own column).
    const cells = w.cells?.length ? w.cells.slice(0, 5) : null;
    if (w.column !== undefined)
      parts.push(
        zh
          ? `“${w.column}”列${w.columnLetter && !cells ? `（${w.columnLetter} 列）` : ''}`
          : `column ${w.column}${w.columnLetter && !cells ? ` (${w.columnLetter})` : ''}`,
      );
    const shown = cells ?? (w.rows ?? []).slice(0, 5);
    const total = w.count ?? shown.length;
    if (cells) {
      const more =
        total > cells.length
          ? zh
            ? `等（共 ${total.toLocaleString('en-US')} 个）`
            : ` … (${total.toLocaleString('en-US')} cells)`
          : '';
      parts.push(
        zh
          ? `单元格 ${cells.join('、')}${more}`
          : `${cells.length === 1 ? 'cell' : 'cells'} ${cells.join(', ')}${more}`,
      );
    } else if (shown.length > 0) {
      const more =
        total > shown.length
          ? zh
            ? `等（共 ${total.toLocaleString('en-US')} 行）`
            : ` … (${total.toLocaleString('en-US')} rows)`
          : '';
      parts.push(
        zh ? `第 ${shown.join('、')} 行${more}` : `${shown.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${more}`,
      );
    } else if (w.count !== undefined) parts.push(`${w.count.toLocaleString('en-US')} ${label('rows', lang)}`);
    text += zh ? `——${parts.join('，')}` : ` — ${parts.join(', ')}`;
  }
  return text;
}

function subtitle(ctx: ReportContext, extra: string[] = []): string[] {
  const colon = ctx.lang === 'zh-CN' ? '：' : ': ';
  const lines = ctx.asOf === null ? [] : [`${label('asOf', ctx.lang)}${colon}${serialToIso(ctx.asOf)}`];
  if (ctx.sources.length > 0)
    lines.push(`${label('sources', ctx.lang)}${colon}${ctx.sources.join(ctx.lang === 'zh-CN' ? '；' : '; ')}`);
  return [...lines, ...extra];
}

/** A number for a sentence: thousands separated, at most four significant decimals (`0.3181`, `-92,864.19`). */
function plainNumber(v: number): string {
  const digits = Math.abs(v) >= 1 ? 2 : Math.max(0, 3 - Math.floor(Math.log10(Math.abs(v) || 1)));
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.min(6, digits) });
}

/** Model parameters and test statistics as one method note: `Model parameters (for analysts): sBG α 0.3181; …`. */
function parameterNote(figures: AnalysisResult['figures'], lang: Lang): NoteItem | null {
  const params = figures.filter((f) => isModelParameter(f) && cleanNumber(f.value) !== null);
  if (params.length === 0) return null;
  const zh = lang === 'zh-CN';
  const list = params.map((f) => `${pick(f.label, lang)} ${plainNumber(f.value!)}`).join(zh ? '；' : '; ');
  return {
    kind: 'method',
    text: zh
      ? `模型参数与检验统计量（供分析人员参考）：${list}`
      : `Model parameters and test statistics (for analysts): ${list}`,
  };
}

interface Built extends DashboardSource {
  tables: Map<string, TableBlock>;
}

function resultSheet(r: AnalysisResult, key: string, name: string, ctx: ReportContext): Built {
  const lang = ctx.lang;
  const blocks: Block[] = [
    {
      type: 'title',
      key: `${key}.title`,
      title: pick(r.title, lang),
      subtitle: subtitle(ctx, [pick(r.question, lang)]),
    },
  ];
  // Model parameters are not key figures: they go to the method notes (`parameterNote`).
  const keyFigures = r.figures.filter((f) => !isModelParameter(f));
  if (keyFigures.length > 0)
    blocks.push({
      type: 'kpis',
      key: `${key}.kpis`,
      title: label('keyFigures', lang),
      tiles: keyFigures.map((f) => kpiTile(f, ctx)),
    });
  if (r.findings.length > 0)
    blocks.push({
      type: 'notes',
      key: `${key}.findings`,
      title: label('findings', lang),
      items: r.findings.map((f) => findingItem(f, ctx, { evidence: true })),
    });
  const tables = new Map<string, TableBlock>();
  const tableBlocks = r.tables.map((t, i) => {
    const b = tableBlock(key, t, ctx, i === 0, r.kind);
    tables.set(t.name, b);
    return b;
  });
  const chartNotes: NoteItem[] = [];
  const charts: Built['charts'] = [];
  for (const hint of r.charts) {
    const t = tables.get(hint.table);
    if (t && isIntervalHint(hint)) {
      // Low / estimate / high: drawn as intervals from a chart-data table under the sheet's tables.
      const iv = intervalChart(toKey(`${key}.${hint.name}`), pick(hint.title, lang), hint, t, lang);
      if (iv) {
        blocks.push(iv.chart);
        tableBlocks.push(iv.table);
        charts.push({ name: hint.name, make: (k) => ({ ...iv.chart, key: k }) });
      }
      continue;
    }
    const c = t ? chartBlock(toKey(`${key}.${hint.name}`), hint, t, ctx) : null;
    if (c) {
      blocks.push(c);
      charts.push({ name: hint.name, make: (k) => chartBlock(k, hint, t!, ctx)! });
      if (c.maxRows !== undefined && t!.rows.length > c.maxRows)
        chartNotes.push({
          kind: 'note',
          text: `${c.title}${lang === 'zh-CN' ? '：' : ': '}${label('shownFirst', lang, { n: c.maxRows })}`,
        });
    }
  }
  const params = parameterNote(r.figures, lang);
  const notes: NoteItem[] = [
    ...r.notes.map((n) => ({ kind: 'method' as const, text: pick(n, lang) })),
    ...(params ? [params] : []),
    ...chartNotes,
    ...r.diagnostics.map((d) => ({ kind: 'diagnostic' as const, severity: d.severity, text: diagnosticText(d, lang) })),
  ];
  if (notes.length > 0) blocks.push({ type: 'notes', key: `${key}.notes`, title: label('notes', lang), items: notes });
  blocks.push(...tableBlocks);
  return { result: r, sheet: { key, name, role: 'result', blocks }, tables, charts };
}

/**
 * A finding as a line: its sentence, the money at stake, its evidence, and whether it is observational.
 * The Dashboard's lines leave the evidence out — a manager reads the sentence and follows the link to the
 * sheet, whose own findings list carries the evidence (figure, interval, sample size).
 */
function findingItem(
  f: AnalysisResult['findings'][number],
  ctx: ReportContext,
  { link, evidence }: { link?: string; evidence: boolean },
): NoteItem {
  const lang = ctx.lang;
  let text = pick(f.text, lang);
  const stake = cleanNumber(f.atStake);
  if (stake !== null)
    text +=
      lang === 'zh-CN'
        ? `（${label('atStake', lang)}：${moneyText(stake, ctx.currency)}）`
        : ` (${label('atStake', lang)}: ${moneyText(stake, ctx.currency)})`;
  if (evidence && f.evidence) text += ` — ${pick(f.evidence, lang)}`;
  if (f.observational)
    text += lang === 'zh-CN' ? `【${label('observational', lang)}】` : ` [${label('observational', lang)}]`;
  return { kind: 'finding', text, ...(link ? { link } : {}) };
}

/**
 * Build the Report of a run: a Dashboard sheet first, then one result sheet per AnalysisResult
 * (title with as-of date and sources, key figures, findings, charts, notes, tables).
 *
 * Number formats follow the value kinds (`currency` → `"¥"#,##0.00` for CNY, `percent` → `0.0%` …);
 * non-finite numbers become empty cells. The result is validated against `ReportSchema`.
 * @example buildReport([], { lang: 'en', asOf: 45657, currency: 'CNY', sources: [], diagnostics: [] }).sheets[0].name // 'Dashboard'
 */
export function buildReport(results: AnalysisResult[], ctx: ReportContext): Report {
  const lang = ctx.lang;
  const dashName = label('dashboard', lang);
  const takenNames = new Set<string>([dashName.toLowerCase()]);
  const takenKeys = new Set<string>(['dashboard']);
  const built: Built[] = results.map((r) => {
    let key = toKey(r.kind);
    for (let i = 2; takenKeys.has(key); i++) key = toKey(`${r.kind}-${i}`);
    takenKeys.add(key);
    const name = uniqueName(sanitizeSheetName(pick(r.sheetName, lang) || pick(r.title, lang)), takenNames);
    takenNames.add(name.toLowerCase());
    return resultSheet(r, key, name, ctx);
  });

  // The per-customer fact table and the pivots over it come last: they gather what the sheets before show
  // (built before the Dashboard, whose customer figures read the Explore sheet's first pivot).
  const facts = customerFactsSheets(results, {
    lang,
    currency: ctx.currency,
    ...(ctx.pivots === false ? { pivots: false } : {}),
    subtitle: subtitle(ctx),
    uniqueName: (proposed) => {
      const name = uniqueName(proposed, takenNames);
      takenNames.add(name.toLowerCase());
      return name;
    },
  });

  const dash = dashboardBlocks(built, {
    lang,
    currency: ctx.currency,
    title: { type: 'title', key: 'dashboard.title', title: label('reportTitle', lang), subtitle: subtitle(ctx) },
    findingItem: (f, link) => findingItem(f, ctx, { link, evidence: false }),
    diagnosticText: (d) => diagnosticText(d, lang),
    diagnostics: ctx.diagnostics,
    toKey,
    noResults: label('noResults', lang),
    tilePivot: facts.tilePivot,
  });

  const report: Report = {
    lang,
    asOf: ctx.asOf,
    title: label('reportTitle', lang),
    sheets: [
      { key: 'dashboard', name: dashName, role: 'dashboard', blocks: dash },
      ...built.map((b) => b.sheet),
      ...facts.sheets,
    ],
  };
  return parseReport(report);
}

/** Tables with more rows than this have their rows checked by `validRows` rather than by the schema. */
const SCHEMA_ROWS = 1000;

/** A cell value the schema accepts (`ReportValueSchema`: zod's numbers are finite). */
const isReportValue = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Whether every row has one value per column and every value is a `ReportValue`: what the schema checks of rows. */
function validRows(rows: readonly unknown[], width: number): boolean {
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== width) return false;
    for (let j = 0; j < width; j++) if (!isReportValue(row[j])) return false;
  }
  return true;
}

/**
 * `ReportSchema.parse(report)`, with the rows of large tables (the per-customer tables, 100,000s of rows) checked
 * by a plain loop and kept as they are instead of copied value by value (issue 13: a quarter of a second and its
 * garbage on the 1M-order run). Anything the loop refuses goes through the schema whole, so errors read the same.
 */
export function parseReport(report: Report): Report {
  // The rows set aside, by sheet and block position (the schema keeps both orders).
  const big = new Map<string, TableBlock['rows']>();
  const slim: Report = {
    ...report,
    sheets: report.sheets.map((s, si) => ({
      ...s,
      blocks: s.blocks.map((b, bi) => {
        if (b.type !== 'table' || b.rows.length <= SCHEMA_ROWS || !validRows(b.rows, b.columns.length)) return b;
        big.set(`${si}:${bi}`, b.rows);
        return { ...b, rows: [] };
      }),
    })),
  };
  if (big.size === 0) return ReportSchema.parse(report);
  const parsed = ReportSchema.parse(slim);
  parsed.sheets.forEach((s, si) => {
    s.blocks.forEach((b, bi) => {
      const rows = big.get(`${si}:${bi}`);
      if (rows && b.type === 'table') b.rows = rows;
    });
  });
  return parsed;
}
