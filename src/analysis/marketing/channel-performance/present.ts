/**
 * Channel performance, phase 3a: tables, figures, charts and notes from the sums of `compute.ts`.
 * A ratio whose denominator is zero is an empty cell with a note, never Infinity or `#DIV/0!`.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, ResultColumn, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { periodLabel } from '../periods.js';
import { ratio } from '../../common/index.js';
import {
  CLICKS,
  CONV,
  IMPR,
  REV,
  periodChange,
  SPEND,
  unequalPeriods,
  type PeriodCompare,
  type PeriodSeries,
  type Present,
  type Sums,
} from './compute.js';

export const LABELS: Record<string, I18nText> = {
  channel: { en: 'Channel', 'zh-CN': '渠道' },
  campaign: { en: 'Campaign', 'zh-CN': '活动' },
  period_start: { en: 'Period start', 'zh-CN': '期间开始' },
  period: { en: 'Period', 'zh-CN': '期间' },
  spend: { en: 'Spend', 'zh-CN': '花费' },
  impressions: { en: 'Impressions', 'zh-CN': '曝光' },
  clicks: { en: 'Clicks', 'zh-CN': '点击' },
  conversions: { en: 'Conversions', 'zh-CN': '转化' },
  revenue: { en: 'Revenue', 'zh-CN': '收入' },
  ctr: { en: 'CTR', 'zh-CN': '点击率' },
  cvr: { en: 'CVR', 'zh-CN': '转化率' },
  cpc: { en: 'CPC', 'zh-CN': '单次点击成本' },
  cpa: { en: 'CPA', 'zh-CN': '单次转化成本' },
  roas: { en: 'ROAS', 'zh-CN': '广告支出回报率' },
  roi: { en: 'ROI', 'zh-CN': '投资回报率' },
  share_spend: { en: 'Share of spend', 'zh-CN': '花费占比' },
  share_revenue: { en: 'Share of revenue', 'zh-CN': '收入占比' },
  share_gap: { en: 'Revenue share − spend share', 'zh-CN': '收入占比 − 花费占比' },
  orders_revenue: { en: 'Order revenue (orders sheet)', 'zh-CN': '订单收入（订单表）' },
  metric: { en: 'Metric', 'zh-CN': '指标' },
  previous: { en: 'Previous period', 'zh-CN': '上一期' },
  last: { en: 'Last period', 'zh-CN': '最近一期' },
  change: { en: 'Change', 'zh-CN': '变化' },
  spend_prev: { en: 'Spend, previous', 'zh-CN': '上期花费' },
  spend_last: { en: 'Spend, last', 'zh-CN': '本期花费' },
  spend_change: { en: 'Spend change', 'zh-CN': '花费变化' },
  revenue_prev: { en: 'Revenue, previous', 'zh-CN': '上期收入' },
  revenue_last: { en: 'Revenue, last', 'zh-CN': '本期收入' },
  revenue_change: { en: 'Revenue change', 'zh-CN': '收入变化' },
  roas_prev: { en: 'ROAS, previous', 'zh-CN': '上期 ROAS' },
  roas_last: { en: 'ROAS, last', 'zh-CN': '本期 ROAS' },
  conversions_prev: { en: 'Conversions, previous', 'zh-CN': '上期转化' },
  conversions_last: { en: 'Conversions, last', 'zh-CN': '本期转化' },
};

/** Why cells were left empty, collected while building rows, turned into one note per table. */
export interface NullReasons {
  zeroSpend: boolean;
  zeroClicks: boolean;
  zeroImpressions: boolean;
  zeroConversions: boolean;
}

export function noReasons(): NullReasons {
  return { zeroSpend: false, zeroClicks: false, zeroImpressions: false, zeroConversions: false };
}

function col(key: string, kind: ResultColumn['kind'], extra: Partial<ResultColumn> = {}): ResultColumn {
  return { key, label: LABELS[key] ?? { en: key, 'zh-CN': key }, kind, ...extra };
}

/** Columns of a metrics table for the metrics present. */
export function metricColumns(p: Present, withShares: boolean): ResultColumn[] {
  const cols: ResultColumn[] = [];
  if (p.spend) cols.push(col('spend', 'currency', { highlight: 'dataBar' }));
  if (p.impressions) cols.push(col('impressions', 'integer'));
  if (p.clicks) cols.push(col('clicks', 'integer'));
  if (p.conversions) cols.push(col('conversions', 'number', { decimals: 0 }));
  if (p.revenue) cols.push(col('revenue', 'currency', { highlight: 'dataBar' }));
  if (p.impressions && p.clicks) cols.push(col('ctr', 'percent', { decimals: 2 }));
  if (p.clicks && p.conversions) cols.push(col('cvr', 'percent', { decimals: 2 }));
  if (p.spend && p.clicks) cols.push(col('cpc', 'currency'));
  if (p.spend && p.conversions) cols.push(col('cpa', 'currency'));
  if (p.spend && p.revenue) {
    cols.push(col('roas', 'ratio', { decimals: 2, highlight: 'colorScale' }));
    cols.push(col('roi', 'percent'));
  }
  if (withShares && p.spend) cols.push(col('share_spend', 'percent'));
  if (withShares && p.revenue) cols.push(col('share_revenue', 'percent'));
  if (withShares && p.spend && p.revenue) cols.push(col('share_gap', 'percent', { highlight: 'colorScale' }));
  return cols;
}

/**
 * The base sums and derived ratios of one group as result-row cells; shares of `total` when given.
 *
 * @example metricCells(Float64Array.of(1000, 0, 500, 0, 4000), { spend: true, clicks: true, revenue: true, … }, null, noReasons())
 *   // → { spend: 1000, clicks: 500, revenue: 4000, cpc: 2, roas: 4, roi: 3 }
 */
export function metricCells(s: Sums, p: Present, total: Sums | null, why: NullReasons): Record<string, CellValue> {
  const r: Record<string, CellValue> = {};
  if (p.spend) r.spend = s[SPEND];
  if (p.impressions) r.impressions = s[IMPR];
  if (p.clicks) r.clicks = s[CLICKS];
  if (p.conversions) r.conversions = s[CONV];
  if (p.revenue) r.revenue = s[REV];
  const put = (key: string, v: number | null, reason: keyof NullReasons): void => {
    r[key] = v;
    if (v === null) why[reason] = true;
  };
  if (p.impressions && p.clicks) put('ctr', ratio(s[CLICKS], s[IMPR]), 'zeroImpressions');
  if (p.clicks && p.conversions) put('cvr', ratio(s[CONV], s[CLICKS]), 'zeroClicks');
  if (p.spend && p.clicks) put('cpc', ratio(s[SPEND], s[CLICKS]), 'zeroClicks');
  if (p.spend && p.conversions) put('cpa', ratio(s[SPEND], s[CONV]), 'zeroConversions');
  if (p.spend && p.revenue) {
    put('roas', ratio(s[REV], s[SPEND]), 'zeroSpend');
    put('roi', ratio(s[REV] - s[SPEND], s[SPEND]), 'zeroSpend');
  }
  if (total) {
    if (p.spend) r.share_spend = ratio(s[SPEND], total[SPEND]);
    if (p.revenue) r.share_revenue = ratio(s[REV], total[REV]);
    if (p.spend && p.revenue) {
      const a = r.share_revenue as number | null;
      const b = r.share_spend as number | null;
      r.share_gap = a === null || b === null ? null : a - b;
    }
  }
  return r;
}

/** One note saying which ratios are empty and why; undefined when none is. */
export function nullNote(why: NullReasons): I18nText | undefined {
  const parts: I18nText[] = [];
  if (why.zeroSpend) parts.push(msg('channels.zeroSpend'));
  if (why.zeroClicks) parts.push(msg('channels.zeroClicks'));
  if (why.zeroImpressions) parts.push(msg('channels.zeroImpressions'));
  if (why.zeroConversions) parts.push(msg('channels.zeroConversions'));
  if (parts.length === 0) return undefined;
  return msg('channels.nullNote', { reasons: (l) => parts.map((x) => x[l]).join(l === 'en' ? '; ' : '；') });
}

/** A table of metric rows, with its empty-ratio note when it has one. */
function metricTable(
  name: string,
  title: I18nText,
  columns: ResultColumn[],
  rows: Record<string, CellValue>[],
  why: NullReasons,
): ResultTable {
  const t: ResultTable = { name, title, columns, rows };
  const note = nullNote(why);
  if (note) t.note = note;
  return t;
}

/** By channel (or by campaign without a channel column), sorted by spend, with shares of the total. */
export function channelTable(
  order: [string, Sums][],
  total: Sums,
  p: Present,
  primaryKey: 'channel' | 'campaign',
  ordersByChannel: Map<string, number> | null,
): ResultTable {
  const why = noReasons();
  const rows = order.map(([key, s]) => {
    const row: Record<string, CellValue> = { [primaryKey]: key, ...metricCells(s, p, total, why) };
    if (ordersByChannel) row.orders_revenue = ordersByChannel.get(key.toLowerCase()) ?? 0;
    return row;
  });
  const columns = [col(primaryKey, 'text'), ...metricColumns(p, true)];
  if (ordersByChannel) columns.push(col('orders_revenue', 'currency'));
  const title =
    primaryKey === 'channel' ? { en: 'By channel', 'zh-CN': '按渠道' } : { en: 'By campaign', 'zh-CN': '按活动' };
  return metricTable('channels', title, columns, rows, why);
}

/** By campaign, with the channels that carry its spend. */
export function campaignTable(
  order: [string, Sums][],
  total: Sums,
  p: Present,
  channelOf: Map<string, string>,
): ResultTable {
  const why = noReasons();
  const rows = order.map(([key, s]) => ({
    campaign: key,
    channel: channelOf.get(key) ?? '',
    ...metricCells(s, p, total, why),
  }));
  return metricTable(
    'campaigns',
    { en: 'By campaign', 'zh-CN': '按活动' },
    [col('campaign', 'text'), col('channel', 'text'), ...metricColumns(p, true)],
    rows,
    why,
  );
}

/** By month or week, every period from the first to the last. */
export function periodTable(series: PeriodSeries, p: Present): ResultTable {
  const why = noReasons();
  const rows = series.starts.map((s) => ({
    period_start: s,
    period: periodLabel(s, series.unit),
    ...metricCells(series.byPeriod.get(String(s)) ?? new Float64Array(5), p, null, why),
  }));
  const title = series.unit === 'month' ? { en: 'By month', 'zh-CN': '按月' } : { en: 'By week', 'zh-CN': '按周' };
  return metricTable(
    'periods',
    title,
    [col('period_start', 'date'), col('period', 'text'), ...metricColumns(p, false)],
    rows,
    why,
  );
}

function popRow(
  primaryKey: string,
  key: string,
  prev: Sums,
  last: Sums,
  p: Present,
  c: Pick<PeriodCompare, 'prevUnits' | 'lastUnits'>,
): Record<string, CellValue> {
  const r: Record<string, CellValue> = {
    [primaryKey]: key,
    spend_prev: prev[SPEND],
    spend_last: last[SPEND],
    spend_change: periodChange(c, prev[SPEND], last[SPEND]),
  };
  if (p.revenue) {
    r.revenue_prev = prev[REV];
    r.revenue_last = last[REV];
    r.revenue_change = periodChange(c, prev[REV], last[REV]);
    r.roas_prev = ratio(prev[REV], prev[SPEND]);
    r.roas_last = ratio(last[REV], last[SPEND]);
  }
  if (p.conversions) {
    r.conversions_prev = prev[CONV];
    r.conversions_last = last[CONV];
  }
  return r;
}

/** The last period against the one before, per group in spend order, then the total. */
export function periodCompareTable(
  c: PeriodCompare,
  order: [string, Sums][],
  p: Present,
  primaryKey: 'channel' | 'campaign',
  lang: Lang,
): ResultTable {
  const zero = new Float64Array(5);
  const rows = order.map(([key]) =>
    popRow(primaryKey, key, c.prevBy.get(key) ?? zero, c.lastBy.get(key) ?? zero, p, c),
  );
  rows.push(popRow(primaryKey, msg('channels.total')[lang], c.prev, c.last, p, c));
  const rate = rateNote(c);
  const columns: ResultColumn[] = [
    col(primaryKey, 'text'),
    col('spend_prev', 'currency'),
    col('spend_last', 'currency'),
    col('spend_change', 'percent', { highlight: 'colorScale' }),
  ];
  if (p.revenue)
    columns.push(
      col('revenue_prev', 'currency'),
      col('revenue_last', 'currency'),
      col('revenue_change', 'percent', { highlight: 'colorScale' }),
      col('roas_prev', 'ratio', { decimals: 2 }),
      col('roas_last', 'ratio', { decimals: 2 }),
    );
  if (p.conversions)
    columns.push(
      col('conversions_prev', 'number', { decimals: 0 }),
      col('conversions_last', 'number', { decimals: 0 }),
    );
  return {
    name: 'period_compare',
    title: msg('channels.periodCompareTitle', { last: c.lastLabel, previous: c.prevLabel }),
    columns,
    rows,
    note: rate
      ? { en: `${rate.en} ${EMPTY_CHANGE.en}`, 'zh-CN': `${rate['zh-CN']}${EMPTY_CHANGE['zh-CN']}` }
      : {
          en: 'Change is empty where the previous period had nothing to compare with. The last period may be incomplete if the data ends before it does.',
          'zh-CN': '上一期没有数据可比时，变化留空。如果数据在最近一期结束前截止，最近一期可能不完整。',
        },
  };
}

/**
 * The words for "per week" / "weeks" when the two periods hold different amounts of time (weekly rows:
 * weeks; daily rows: days), else null.
 */
export function rateWords(
  c: Pick<PeriodCompare, 'prevUnits' | 'lastUnits' | 'grain'>,
): { units: I18nText; perUnit: I18nText } | null {
  if (!unequalPeriods(c)) return null;
  const g = c.grain === 'week' ? 'week' : 'day';
  return { units: msg(`channels.units.${g}`), perUnit: msg(`channels.perUnit.${g}`) };
}

const EMPTY_CHANGE: I18nText = {
  en: 'Change is empty where the previous period had nothing to compare with.',
  'zh-CN': '上一期没有数据可比时，变化留空。',
};

/** "Change per week: 2025-12 holds 5 weeks of data and 2025-11 4 …" when the periods are unequal, else null. */
export function rateNote(
  c: Pick<PeriodCompare, 'prevUnits' | 'lastUnits' | 'grain' | 'prevLabel' | 'lastLabel'>,
): I18nText | null {
  const words = rateWords(c);
  if (!words) return null;
  return msg('channels.rateNote', {
    ...words,
    last: c.lastLabel,
    previous: c.prevLabel,
    lastUnits: c.lastUnits,
    prevUnits: c.prevUnits,
  });
}

/** Figures that are amounts (sums over a period), whose change is per week or day for unequal periods. */
const AMOUNTS: ReadonlySet<string> = new Set(['total_spend', 'total_revenue', 'conversions']);

/** Key figures: totals and overall ratios, each with its change against the previous period. */
export function channelFigures(total: Sums, p: Present, c: PeriodCompare | null): Figure[] {
  const figures: Figure[] = [];
  // Amounts change per week (or day) when the two periods hold different amounts of time; ratios need no such care.
  const change = (k: number): number | null => (c ? periodChange(c, c.prev[k], c.last[k]) : null);
  const perUnit = c ? rateNote(c) : null;
  const changeOf = (f: (s: Sums) => number | null): number | null => {
    if (!c) return null;
    const a = f(c.prev);
    const b = f(c.last);
    return a === null || b === null ? null : ratio(b - a, a);
  };
  const fig = (
    key: string,
    label: I18nText,
    value: number | null,
    kind: Figure['kind'],
    ch: number | null,
    decimals?: number,
  ): void => {
    const f: Figure = { key, label, value, kind, change: ch };
    if (decimals !== undefined) f.decimals = decimals;
    if (value === null) f.note = { en: 'No value: its denominator is zero.', 'zh-CN': '无数值：分母为零。' };
    else if (perUnit && ch !== null && AMOUNTS.has(key)) f.note = perUnit;
    figures.push(f);
  };
  fig('total_spend', { en: 'Total spend', 'zh-CN': '总花费' }, total[SPEND], 'currency', change(SPEND));
  if (p.revenue) {
    fig('total_revenue', { en: 'Revenue', 'zh-CN': '收入' }, total[REV], 'currency', change(REV));
    fig(
      'roas',
      { en: 'ROAS', 'zh-CN': 'ROAS' },
      ratio(total[REV], total[SPEND]),
      'ratio',
      changeOf((s) => ratio(s[REV], s[SPEND])),
      2,
    );
    fig('roi', { en: 'ROI', 'zh-CN': '投资回报率' }, ratio(total[REV] - total[SPEND], total[SPEND]), 'percent', null);
  }
  if (p.conversions) {
    fig('conversions', { en: 'Conversions', 'zh-CN': '转化' }, total[CONV], 'number', change(CONV), 0);
    fig(
      'cpa',
      { en: 'Cost per conversion', 'zh-CN': '单次转化成本' },
      ratio(total[SPEND], total[CONV]),
      'currency',
      changeOf((s) => ratio(s[SPEND], s[CONV])),
    );
  }
  if (p.impressions && p.clicks)
    fig(
      'ctr',
      { en: 'Click-through rate', 'zh-CN': '点击率' },
      ratio(total[CLICKS], total[IMPR]),
      'percent',
      changeOf((s) => ratio(s[CLICKS], s[IMPR])),
      2,
    );
  if (p.clicks && p.conversions)
    fig(
      'cvr',
      { en: 'Conversion rate', 'zh-CN': '转化率' },
      ratio(total[CONV], total[CLICKS]),
      'percent',
      changeOf((s) => ratio(s[CONV], s[CLICKS])),
      2,
    );
  return figures;
}

/** Spend and revenue (and ROAS) by channel, then over time when there are periods. */
export function channelCharts(p: Present, byChannel: boolean, hasPeriods: boolean): ChartHint[] {
  const revenueSeries = p.revenue ? { series: ['spend', 'revenue'], secondary: ['revenue'] } : { series: ['spend'] };
  const charts: ChartHint[] = [
    {
      name: 'spend_revenue_by_channel',
      title: byChannel
        ? { en: 'Spend and revenue by channel', 'zh-CN': '各渠道花费与收入' }
        : { en: 'Spend and revenue by campaign', 'zh-CN': '各活动花费与收入' },
      kind: p.revenue ? 'combo' : 'column',
      table: 'channels',
      category: byChannel ? 'channel' : 'campaign',
      ...revenueSeries,
      maxRows: 20,
    },
  ];
  if (p.revenue) {
    charts.push({
      name: 'roas_by_channel',
      title: byChannel
        ? { en: 'ROAS by channel', 'zh-CN': '各渠道 ROAS' }
        : { en: 'ROAS by campaign', 'zh-CN': '各活动 ROAS' },
      kind: 'bar',
      table: 'channels',
      category: byChannel ? 'channel' : 'campaign',
      series: ['roas'],
      maxRows: 20,
    });
  }
  if (hasPeriods) {
    charts.push({
      name: 'spend_revenue_by_period',
      title: { en: 'Spend and revenue over time', 'zh-CN': '花费与收入趋势' },
      kind: p.revenue ? 'combo' : 'column',
      table: 'periods',
      category: 'period',
      ...revenueSeries,
    });
  }
  return charts;
}

/** Method notes: how ratios are computed, the periods compared, where revenue comes from. */
export function channelNotes(p: Present, hasDates: boolean, c: PeriodCompare | null, withOrders: boolean): I18nText[] {
  const notes: I18nText[] = [
    {
      en: 'Ratios come from sums: CTR = clicks ÷ impressions, CVR = conversions ÷ clicks, CPC = spend ÷ clicks, CPA = spend ÷ conversions, ROAS = revenue ÷ spend, ROI = (revenue − spend) ÷ spend.',
      'zh-CN':
        '比率均由合计值计算：点击率 = 点击 ÷ 曝光，转化率 = 转化 ÷ 点击，单次点击成本 = 花费 ÷ 点击，单次转化成本 = 花费 ÷ 转化，ROAS = 收入 ÷ 花费，ROI =（收入 − 花费）÷ 花费。',
    },
  ];
  if (!hasDates) notes.push({ en: 'No date column: no period comparison.', 'zh-CN': '没有日期列，无法进行期间比较。' });
  if (c) {
    const unit = c.unit === 'month' ? msg('channels.months') : msg('channels.weeks');
    notes.push(msg('channels.periodsNote', { unit, last: c.lastLabel, previous: c.prevLabel }));
  }
  if (p.revenue) {
    notes.push({
      en: 'Revenue is as reported in the campaigns sheet (usually the ad platforms’ own attribution); it shows association, not proof that the spend caused it.',
      'zh-CN': '收入取自活动表（通常是广告平台自身的归因口径），反映的是关联，不能证明由花费直接带来。',
    });
  }
  if (withOrders) {
    notes.push({
      en: 'Order revenue comes from the orders sheet, matched to channels by name (all dates); compare it with the platform-reported revenue.',
      'zh-CN': '订单收入来自订单表，按渠道名称匹配（全部日期），可与平台报告的收入对照。',
    });
  }
  return notes;
}
