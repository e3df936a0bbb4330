/**
 * Intervals drawn as intervals. An analysis asks for a chart of a low / estimate / high triple (its chart
 * hint's series end in `low` and `high`, e.g. the experiment's `ci_low, lift, ci_high`); drawn as three
 * bars it reads as three results. Neither writer can draw custom error bars (Office.js sets no custom
 * error amounts, excelize writes none), so the interval is drawn with what both draw alike, an XY scatter:
 * each comparison's interval is a vertical line of close points from its low to its high end, in its own
 * colour and named in the legend, and the estimate a short horizontal line across it. The points live in a chart-data table
 * written under the sheet's other tables.
 */
import type { ChartHint } from '../analysis/types.js';
import type { Lang } from '../types.js';
import type { ChartBlock, ReportValue, TableBlock, TableColumn } from './types.js';

/** Points per interval: close enough for the markers to touch on a 600 px chart. */
export const INTERVAL_POINTS = 41;
/** Points of the estimate's mark: a short horizontal line across the interval, `±ESTIMATE_HALF_WIDTH` wide. */
export const ESTIMATE_POINTS = 9;
export const ESTIMATE_HALF_WIDTH = 0.15;
/** Comparisons drawn at most (one legend entry each). */
export const MAX_INTERVALS = 8;
/** An axis format that hides the labels: the x positions only separate the comparisons. */
export const HIDDEN_LABELS = ';;;';

const WORDS = {
  position: { en: 'Position', 'zh-CN': '位置' },
  estimate: { en: 'Estimate', 'zh-CN': '估计值' },
  title: { en: 'Chart data: {chart}', 'zh-CN': '图表数据：{chart}' },
  xTitle: {
    en: 'Each vertical line: the interval, low to high; the crossbar: the estimate',
    'zh-CN': '竖线为区间（下限至上限），横线为估计值',
  },
} as const;

const word = (k: keyof typeof WORDS, lang: Lang, chart = ''): string => WORDS[k][lang].replace('{chart}', chart);

/** True when a chart hint asks for a low / estimate / high triple. */
export function isIntervalHint(h: Pick<ChartHint, 'series' | 'kind'>): boolean {
  return (
    h.series.length === 3 && /(^|_)low$/i.test(h.series[0]) && /(^|_)high$/i.test(h.series[2]) && h.kind !== 'scatter'
  );
}

/**
 * The chart-data table and the chart for an interval hint drawn from `source` (the table the hint names).
 * Null when the source lacks the columns or has no row with an estimate.
 * @example intervalChart(hint, table, 'Lift.chart', 'en') // { table: {…41 points per row…}, chart: { chartType: 'scatter', … } }
 */
export function intervalChart(
  key: string,
  chartTitle: string,
  hint: Pick<ChartHint, 'category' | 'series'>,
  source: TableBlock,
  lang: Lang,
): { table: TableBlock; chart: ChartBlock } | null {
  const idx = (k: string) => source.columns.findIndex((c) => c.key === k);
  const [lo, mid, hi, cat] = [idx(hint.series[0]), idx(hint.series[1]), idx(hint.series[2]), idx(hint.category)];
  if (lo < 0 || mid < 0 || hi < 0 || cat < 0) return null;
  const num = (v: ReportValue | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const items = source.rows
    .map((r) => ({ name: String(r[cat] ?? ''), lo: num(r[lo]), mid: num(r[mid]), hi: num(r[hi]) }))
    .filter((x) => x.mid !== null || (x.lo !== null && x.hi !== null))
    .slice(0, MAX_INTERVALS);
  if (items.length === 0) return null;
  const valueColumn = source.columns[mid];
  const n = items.length;
  const columns: TableColumn[] = [
    { key: 'x', header: word('position', lang), kind: 'number', numberFormat: '0.00' },
    ...items.map((it, i): TableColumn => ({
      key: `interval_${i + 1}`,
      // Headers name the legend entries; an empty comparison name still needs a unique header.
      header: it.name.trim() || `${i + 1}`,
      kind: valueColumn.kind,
      numberFormat: valueColumn.numberFormat,
    })),
    { key: 'estimate', header: word('estimate', lang), kind: valueColumn.kind, numberFormat: valueColumn.numberFormat },
  ];
  const rows: ReportValue[][] = [];
  const blank = (): ReportValue[] => new Array<ReportValue>(n + 2).fill(null);
  items.forEach((it, i) => {
    if (it.lo === null || it.hi === null) return;
    for (let p = 0; p < INTERVAL_POINTS; p++) {
      const row = blank();
      row[0] = i + 1;
      row[1 + i] = it.lo + ((it.hi - it.lo) * p) / (INTERVAL_POINTS - 1);
      rows.push(row);
    }
  });
  items.forEach((it, i) => {
    if (it.mid === null) return;
    for (let p = 0; p < ESTIMATE_POINTS; p++) {
      const row = blank();
      row[0] = i + 1 - ESTIMATE_HALF_WIDTH + (2 * ESTIMATE_HALF_WIDTH * p) / (ESTIMATE_POINTS - 1);
      row[n + 1] = it.mid;
      rows.push(row);
    }
  });
  const table: TableBlock = {
    type: 'table',
    key: `${key}.data`,
    title: word('title', lang, chartTitle),
    columns,
    rows,
    style: 'TableStyleLight1',
    freezeHeader: false,
    conditionalFormats: [],
  };
  const percent = valueColumn.kind === 'percent';
  const chart: ChartBlock = {
    type: 'chart',
    key,
    chartType: 'scatter',
    title: chartTitle,
    table: table.key,
    category: 'x',
    series: columns.slice(1).map((c) => ({ column: c.key, axis: 'primary' as const })),
    xAxis: { title: word('xTitle', lang), numberFormat: HIDDEN_LABELS },
    yAxis: { title: valueColumn.header, numberFormat: percent ? '0%' : valueColumn.numberFormat },
  };
  return { table, chart };
}
