/**
 * Channel and campaign performance: spend, impressions, clicks, conversions, revenue and the ratios
 * marketers read (CTR, CVR, CPC, CPA, ROAS, ROI) by channel, by campaign and by period, the last period
 * against the one before, and each channel's share of spend against its share of revenue.
 *
 * Ratios are computed from sums (Excel: `=SUM(revenue)/SUM(spend)`), never averaged row by row. A ratio
 * whose denominator is zero is an empty cell with a note, never Infinity or `#DIV/0!`.
 */
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { BLANK, columnByRole, diag, firstRole, labels, numbers, whereRows } from './columns.js';
import { chooseUnit, nextPeriod, periodLabel, periodStart, type PeriodUnit } from './periods.js';
import { both, money, num, pct, ratio } from './text.js';
import { columnValues } from '../../ingest/column-values.js';

export interface ChannelPerformanceOptions {
  /** Period for the over-time table: `auto` picks months for data spanning ≥ 13 weeks, else weeks. */
  period: 'auto' | 'week' | 'month';
  /** Smallest gap between share of revenue and share of spend (fraction) worth a finding. */
  minShareGap: number;
}

export const channelPerformanceDefaults: ChannelPerformanceOptions = { period: 'auto', minShareGap: 0.05 };

const METRICS = ['spend', 'impressions', 'clicks', 'conversions', 'revenue'] as const;
type Metric = (typeof METRICS)[number];
const SPEND = 0;
const IMPR = 1;
const CLICKS = 2;
const CONV = 3;
const REV = 4;

/** Sums of the five base metrics for one group. */
type Sums = Float64Array;

interface Present {
  spend: boolean;
  impressions: boolean;
  clicks: boolean;
  conversions: boolean;
  revenue: boolean;
}

/** Why cells were left empty, collected while building rows, turned into one note per table. */
interface NullReasons {
  zeroSpend: boolean;
  zeroClicks: boolean;
  zeroImpressions: boolean;
  zeroConversions: boolean;
}

const LABELS: Record<string, I18nText> = {
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

const TITLE: I18nText = { en: 'Channel and campaign performance', 'zh-CN': '渠道与活动表现' };
const QUESTION: I18nText = {
  en: 'Which channels and campaigns earn their budget, and how did the last period compare with the one before?',
  'zh-CN': '哪些渠道和活动值得投入预算？最近一期与上一期相比如何？',
};
const SHEET: I18nText = { en: 'Channel performance', 'zh-CN': '渠道表现' };

function col(key: string, kind: ResultColumn['kind'], extra: Partial<ResultColumn> = {}): ResultColumn {
  return { key, label: LABELS[key] ?? { en: key, 'zh-CN': key }, kind, ...extra };
}

/** Columns of a metrics table for the metrics present. */
function metricColumns(p: Present, withShares: boolean): ResultColumn[] {
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

/** The base sums and derived ratios of one group as result-row cells. */
function metricCells(s: Sums, p: Present, total: Sums | null, why: NullReasons): Record<string, CellValue> {
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

function nullNote(why: NullReasons): I18nText | undefined {
  const en: string[] = [];
  const zh: string[] = [];
  if (why.zeroSpend) {
    en.push('ROAS and ROI are empty where spend is zero');
    zh.push('花费为零时 ROAS 和 ROI 留空');
  }
  if (why.zeroClicks) {
    en.push('CVR and CPC are empty where clicks are zero');
    zh.push('点击为零时转化率和单次点击成本留空');
  }
  if (why.zeroImpressions) {
    en.push('CTR is empty where impressions are zero');
    zh.push('曝光为零时点击率留空');
  }
  if (why.zeroConversions) {
    en.push('CPA is empty where conversions are zero');
    zh.push('转化为零时单次转化成本留空');
  }
  if (en.length === 0) return undefined;
  return { en: `${en.join('; ')} (a ratio with a zero denominator has no value).`, 'zh-CN': `${zh.join('；')}（分母为零的比率没有数值）。` };
}

function noReasons(): NullReasons {
  return { zeroSpend: false, zeroClicks: false, zeroImpressions: false, zeroConversions: false };
}

/** Sums per group key, columnar: one Float64Array of 5 per group. */
function groupSums(keys: readonly string[], cols: readonly (Float64Array | null)[], include: Uint8Array): Map<string, Sums> {
  const m = new Map<string, Sums>();
  for (let i = 0; i < keys.length; i++) {
    if (include[i] === 0) continue;
    let s = m.get(keys[i]);
    if (!s) {
      s = new Float64Array(5);
      m.set(keys[i], s);
    }
    for (let k = 0; k < 5; k++) {
      const c = cols[k];
      if (c) {
        const v = c[i];
        if (v === v) s[k] += v; // NaN (missing) counts as nothing
      }
    }
  }
  return m;
}

function totalOf(groups: Iterable<Sums>): Sums {
  const t = new Float64Array(5);
  for (const s of groups) for (let k = 0; k < 5; k++) t[k] += s[k];
  return t;
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'channel-performance', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/**
 * Channel and campaign performance of a campaigns Dataset (roles: campaign and/or channel, spend, and any
 * of impressions, clicks, conversions, revenue; date or period_start for periods).
 *
 * Validates the input and returns diagnostics instead of throwing. Rows dated after `common.asOf` are left out.
 *
 * @example
 *   summarizeChannels(campaigns, { asOf, currency: 'USD', lang: 'en' }).tables[0].rows[0]
 *   // → { channel: 'Search', spend: 1000, clicks: 500, revenue: 4000, cpc: 2, roas: 4, roi: 3, … }
 */
export function summarizeChannels(
  data: Dataset,
  common: CommonOptions,
  options: Partial<ChannelPerformanceOptions> = {},
  orders?: Dataset,
): AnalysisResult {
  const opts = { ...channelPerformanceDefaults, ...options };
  const diagnostics: Diagnostic[] = [];
  const lang = common.lang;
  const cur = common.currency;
  const n = data.table.numRows();

  const channelCol = columnByRole(data, 'channel');
  const campaignCol = columnByRole(data, 'campaign');
  const spendCol = columnByRole(data, 'spend');
  if (!spendCol || (!channelCol && !campaignCol)) {
    diagnostics.push(
      diag(
        'marketing.campaigns.missing-roles',
        'error',
        {
          en: 'Channel performance needs a spend column and a channel or campaign column.',
          'zh-CN': '渠道表现分析需要"花费"列，以及"渠道"或"活动"列。',
        },
        { sheet: data.sheet },
      ),
    );
    return emptyResult(diagnostics);
  }
  if (n === 0) {
    diagnostics.push(diag('marketing.campaigns.empty', 'error', { en: 'The campaigns table has no rows.', 'zh-CN': '活动表没有数据行。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }

  const metricCols = {
    spend: spendCol,
    impressions: columnByRole(data, 'impressions'),
    clicks: columnByRole(data, 'clicks'),
    conversions: columnByRole(data, 'conversions'),
    revenue: columnByRole(data, 'revenue'),
  } satisfies Record<Metric, unknown>;
  const present: Present = {
    spend: true,
    impressions: !!metricCols.impressions,
    clicks: !!metricCols.clicks,
    conversions: !!metricCols.conversions,
    revenue: !!metricCols.revenue,
  };
  const arrays: (Float64Array | null)[] = METRICS.map((m) => {
    const c = metricCols[m];
    return c ? numbers(data, c, diagnostics, { nonNegative: true, label: LABELS[m] }) : null;
  });

  const blank = BLANK[lang];
  const channels = channelCol ? labels(data, channelCol, blank) : null;
  const campaigns = campaignCol ? labels(data, campaignCol, blank) : null;

  // Dates: rows after the as-of date are left out; rows without a date still count in the totals.
  const dateCol = firstRole(data, ['period_start', 'date', 'period_end']);
  const dates = dateCol ? numbers(data, dateCol, diagnostics, { label: LABELS.period }) : null;
  const include = new Uint8Array(n).fill(1);
  if (dates && Number.isFinite(common.asOf)) {
    const late: number[] = [];
    for (let i = 0; i < n; i++) {
      if (dates[i] > common.asOf) {
        include[i] = 0;
        late.push(i);
      }
    }
    if (late.length > 0) {
      diagnostics.push(
        diag(
          'marketing.campaigns.after-as-of',
          'info',
          {
            en: `${late.length} row(s) dated after the as-of date are left out.`,
            'zh-CN': `${late.length} 行日期晚于分析截止日期，已排除。`,
          },
          whereRows(data, dateCol, late),
        ),
      );
    }
  }

  // By channel (or by campaign when there is no channel column), sorted by spend.
  const primaryKeys = channels ?? campaigns!;
  const primaryKey = channels ? 'channel' : 'campaign';
  const byChannel = groupSums(primaryKeys, arrays, include);
  const total = totalOf(byChannel.values());
  const channelOrder = [...byChannel.entries()].sort((a, b) => b[1][SPEND] - a[1][SPEND] || (a[0] < b[0] ? -1 : 1));

  let ordersByChannel: Map<string, number> | null = null;
  if (orders && channels) ordersByChannel = orderRevenueByChannel(orders);

  const tables: ResultTable[] = [];
  const whyChannel = noReasons();
  const channelRows = channelOrder.map(([key, s]) => {
    const row: Record<string, CellValue> = { [primaryKey]: key, ...metricCells(s, present, total, whyChannel) };
    if (ordersByChannel) row.orders_revenue = ordersByChannel.get(key.toLowerCase()) ?? 0;
    return row;
  });
  const channelColumns = [col(primaryKey, 'text'), ...metricColumns(present, true)];
  if (ordersByChannel) channelColumns.push(col('orders_revenue', 'currency'));
  const channelTable: ResultTable = {
    name: 'channels',
    title: channels ? { en: 'By channel', 'zh-CN': '按渠道' } : { en: 'By campaign', 'zh-CN': '按活动' },
    columns: channelColumns,
    rows: channelRows,
  };
  const chNote = nullNote(whyChannel);
  if (chNote) channelTable.note = chNote;
  tables.push(channelTable);

  // By campaign, with the channel that carries most of its spend.
  if (channels && campaigns) {
    const byCampaign = groupSums(campaigns, arrays, include);
    const campaignChannel = new Map<string, Map<string, number>>();
    const sp = arrays[SPEND]!;
    for (let i = 0; i < n; i++) {
      if (include[i] === 0) continue;
      let m = campaignChannel.get(campaigns[i]);
      if (!m) {
        m = new Map();
        campaignChannel.set(campaigns[i], m);
      }
      const v = sp[i];
      m.set(channels[i], (m.get(channels[i]) ?? 0) + (v === v ? v : 0));
    }
    const why = noReasons();
    const rows = [...byCampaign.entries()]
      .sort((a, b) => b[1][SPEND] - a[1][SPEND] || (a[0] < b[0] ? -1 : 1))
      .map(([key, s]) => {
        const chs = [...(campaignChannel.get(key) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
        return { campaign: key, channel: chs.map((c) => c[0]).join(', '), ...metricCells(s, present, total, why) };
      });
    const t: ResultTable = {
      name: 'campaigns',
      title: { en: 'By campaign', 'zh-CN': '按活动' },
      columns: [col('campaign', 'text'), col('channel', 'text'), ...metricColumns(present, true)],
      rows,
    };
    const note = nullNote(why);
    if (note) t.note = note;
    tables.push(t);
  }

  // By period.
  const figures: Figure[] = [];
  const findings: Finding[] = [];
  const notes: I18nText[] = [];
  const charts: ChartHint[] = [];
  let compare: { prev: Sums; last: Sums; prevLabel: string; lastLabel: string; unit: PeriodUnit } | null = null;

  if (dates) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = dates[i];
      if (include[i] === 1 && d === d) {
        if (d < lo) lo = d;
        if (d > hi) hi = d;
      }
    }
    if (lo <= hi) {
      const unit: PeriodUnit = opts.period === 'auto' ? chooseUnit(lo, hi) : opts.period;
      const pkeys = new Array<string>(n);
      const pinc = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const d = dates[i];
        if (include[i] === 1 && d === d) {
          pkeys[i] = String(periodStart(d, unit));
          pinc[i] = 1;
        } else pkeys[i] = '';
      }
      const byPeriod = groupSums(pkeys, arrays, pinc);
      // Every period from first to last, empty ones as zero rows so the chart's time axis is regular.
      const first = periodStart(lo, unit);
      const lastStart = periodStart(hi, unit);
      const starts: number[] = [];
      for (let s = first, guard = 0; s <= lastStart && guard < 100_000; s = nextPeriod(s, unit), guard++) starts.push(s);
      const why = noReasons();
      const rows = starts.map((s) => ({
        period_start: s,
        period: periodLabel(s, unit),
        ...metricCells(byPeriod.get(String(s)) ?? new Float64Array(5), present, null, why),
      }));
      const t: ResultTable = {
        name: 'periods',
        title: unit === 'month' ? { en: 'By month', 'zh-CN': '按月' } : { en: 'By week', 'zh-CN': '按周' },
        columns: [col('period_start', 'date'), col('period', 'text'), ...metricColumns(present, false)],
        rows,
      };
      const note = nullNote(why);
      if (note) t.note = note;
      tables.push(t);
      charts.push({
        name: 'spend_revenue_by_period',
        title: { en: 'Spend and revenue over time', 'zh-CN': '花费与收入趋势' },
        kind: present.revenue ? 'combo' : 'column',
        table: 'periods',
        category: 'period',
        series: present.revenue ? ['spend', 'revenue'] : ['spend'],
        ...(present.revenue ? { secondary: ['revenue'] } : {}),
      });

      if (starts.length >= 2) {
        const lastS = starts[starts.length - 1];
        const prevS = starts[starts.length - 2];
        compare = {
          prev: byPeriod.get(String(prevS)) ?? new Float64Array(5),
          last: byPeriod.get(String(lastS)) ?? new Float64Array(5),
          prevLabel: periodLabel(prevS, unit),
          lastLabel: periodLabel(lastS, unit),
          unit,
        };
        // Period over period by channel.
        const prevKey = String(prevS);
        const lastKey = String(lastS);
        const sel = (key: string): Uint8Array => {
          const u = new Uint8Array(n);
          for (let i = 0; i < n; i++) if (pinc[i] === 1 && pkeys[i] === key) u[i] = 1;
          return u;
        };
        const prevBy = groupSums(primaryKeys, arrays, sel(prevKey));
        const lastBy = groupSums(primaryKeys, arrays, sel(lastKey));
        const zero = new Float64Array(5);
        const popRows: Record<string, CellValue>[] = channelOrder.map(([key]) => popRow(primaryKey, key, prevBy.get(key) ?? zero, lastBy.get(key) ?? zero, present));
        popRows.push(popRow(primaryKey, lang === 'en' ? 'Total' : '合计', compare.prev, compare.last, present));
        const popCols: ResultColumn[] = [col(primaryKey, 'text'), col('spend_prev', 'currency'), col('spend_last', 'currency'), col('spend_change', 'percent', { highlight: 'colorScale' })];
        if (present.revenue)
          popCols.push(col('revenue_prev', 'currency'), col('revenue_last', 'currency'), col('revenue_change', 'percent', { highlight: 'colorScale' }), col('roas_prev', 'ratio', { decimals: 2 }), col('roas_last', 'ratio', { decimals: 2 }));
        if (present.conversions) popCols.push(col('conversions_prev', 'number', { decimals: 0 }), col('conversions_last', 'number', { decimals: 0 }));
        tables.push({
          name: 'period_compare',
          title: {
            en: `${compare.lastLabel} against ${compare.prevLabel}`,
            'zh-CN': `${compare.lastLabel} 对比 ${compare.prevLabel}`,
          },
          columns: popCols,
          rows: popRows,
          note: {
            en: 'Change is empty where the previous period had nothing to compare with. The last period may be incomplete if the data ends before it does.',
            'zh-CN': '上一期没有数据可比时，变化留空。如果数据在最近一期结束前截止，最近一期可能不完整。',
          },
        });
        notes.push({
          en: `Periods are ${unit === 'month' ? 'calendar months' : 'ISO weeks (Monday to Sunday)'}; the last period (${compare.lastLabel}) is compared with the one before (${compare.prevLabel}).`,
          'zh-CN': `期间按${unit === 'month' ? '自然月' : 'ISO 周（周一至周日）'}划分；最近一期（${compare.lastLabel}）与上一期（${compare.prevLabel}）比较。`,
        });
      }
    }
  } else {
    notes.push({ en: 'No date column: no period comparison.', 'zh-CN': '没有日期列，无法进行期间比较。' });
  }

  // Key figures.
  const change = (k: number): number | null => (compare ? ratio(compare.last[k] - compare.prev[k], compare.prev[k]) : null);
  const changeOf = (f: (s: Sums) => number | null): number | null => {
    if (!compare) return null;
    const a = f(compare.prev);
    const b = f(compare.last);
    return a === null || b === null ? null : ratio(b - a, a);
  };
  const fig = (key: string, label: I18nText, value: number | null, kind: Figure['kind'], ch: number | null, decimals?: number): void => {
    const f: Figure = { key, label, value, kind, change: ch };
    if (decimals !== undefined) f.decimals = decimals;
    if (value === null) f.note = { en: 'No value: its denominator is zero.', 'zh-CN': '无数值：分母为零。' };
    figures.push(f);
  };
  fig('total_spend', { en: 'Total spend', 'zh-CN': '总花费' }, total[SPEND], 'currency', change(SPEND));
  if (present.revenue) {
    fig('total_revenue', { en: 'Revenue', 'zh-CN': '收入' }, total[REV], 'currency', change(REV));
    fig('roas', { en: 'ROAS', 'zh-CN': 'ROAS' }, ratio(total[REV], total[SPEND]), 'ratio', changeOf((s) => ratio(s[REV], s[SPEND])), 2);
    fig('roi', { en: 'ROI', 'zh-CN': '投资回报率' }, ratio(total[REV] - total[SPEND], total[SPEND]), 'percent', null);
  }
  if (present.conversions) {
    fig('conversions', { en: 'Conversions', 'zh-CN': '转化' }, total[CONV], 'number', change(CONV), 0);
    fig('cpa', { en: 'Cost per conversion', 'zh-CN': '单次转化成本' }, ratio(total[SPEND], total[CONV]), 'currency', changeOf((s) => ratio(s[SPEND], s[CONV])));
  }
  if (present.impressions && present.clicks) fig('ctr', { en: 'Click-through rate', 'zh-CN': '点击率' }, ratio(total[CLICKS], total[IMPR]), 'percent', changeOf((s) => ratio(s[CLICKS], s[IMPR])), 2);
  if (present.clicks && present.conversions) fig('cvr', { en: 'Conversion rate', 'zh-CN': '转化率' }, ratio(total[CONV], total[CLICKS]), 'percent', changeOf((s) => ratio(s[CONV], s[CLICKS])), 2);

  // Charts by channel.
  charts.unshift({
    name: 'spend_revenue_by_channel',
    title: channels ? { en: 'Spend and revenue by channel', 'zh-CN': '各渠道花费与收入' } : { en: 'Spend and revenue by campaign', 'zh-CN': '各活动花费与收入' },
    kind: present.revenue ? 'combo' : 'column',
    table: 'channels',
    category: primaryKey,
    series: present.revenue ? ['spend', 'revenue'] : ['spend'],
    ...(present.revenue ? { secondary: ['revenue'] } : {}),
    maxRows: 20,
  });
  if (present.revenue) {
    charts.splice(1, 0, {
      name: 'roas_by_channel',
      title: channels ? { en: 'ROAS by channel', 'zh-CN': '各渠道 ROAS' } : { en: 'ROAS by campaign', 'zh-CN': '各活动 ROAS' },
      kind: 'bar',
      table: 'channels',
      category: primaryKey,
      series: ['roas'],
      maxRows: 20,
    });
  }

  findings.push(...channelFindings(channelOrder, total, present, opts.minShareGap, cur, !!channels));
  if (compare) findings.push(...periodFindings(compare, present, cur));
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  notes.unshift({
    en: 'Ratios come from sums: CTR = clicks ÷ impressions, CVR = conversions ÷ clicks, CPC = spend ÷ clicks, CPA = spend ÷ conversions, ROAS = revenue ÷ spend, ROI = (revenue − spend) ÷ spend.',
    'zh-CN': '比率均由合计值计算：点击率 = 点击 ÷ 曝光，转化率 = 转化 ÷ 点击，单次点击成本 = 花费 ÷ 点击，单次转化成本 = 花费 ÷ 转化，ROAS = 收入 ÷ 花费，ROI = (收入 − 花费) ÷ 花费。',
  });
  if (present.revenue) {
    notes.push({
      en: 'Revenue is as reported in the campaigns sheet (usually the ad platforms’ own attribution); it shows association, not proof that the spend caused it.',
      'zh-CN': '收入取自活动表（通常是广告平台自身的归因口径），反映的是关联，不能证明由花费直接带来。',
    });
  }
  if (ordersByChannel) {
    notes.push({
      en: 'Order revenue comes from the orders sheet, matched to channels by name (all dates); compare it with the platform-reported revenue.',
      'zh-CN': '订单收入来自订单表，按渠道名称匹配（全部日期），可与平台报告的收入对照。',
    });
  }
  return { kind: 'channel-performance', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables, charts, findings, notes, diagnostics };
}

function popRow(primaryKey: string, key: string, prev: Sums, last: Sums, p: Present): Record<string, CellValue> {
  const r: Record<string, CellValue> = {
    [primaryKey]: key,
    spend_prev: prev[SPEND],
    spend_last: last[SPEND],
    spend_change: ratio(last[SPEND] - prev[SPEND], prev[SPEND]),
  };
  if (p.revenue) {
    r.revenue_prev = prev[REV];
    r.revenue_last = last[REV];
    r.revenue_change = ratio(last[REV] - prev[REV], prev[REV]);
    r.roas_prev = ratio(prev[REV], prev[SPEND]);
    r.roas_last = ratio(last[REV], last[SPEND]);
  }
  if (p.conversions) {
    r.conversions_prev = prev[CONV];
    r.conversions_last = last[CONV];
  }
  return r;
}

/** Order revenue per channel name (lower-cased) from an orders Dataset with channel and amount roles. */
function orderRevenueByChannel(orders: Dataset): Map<string, number> | null {
  const ch = columnByRole(orders, 'channel');
  const am = columnByRole(orders, 'amount');
  if (!ch || !am) return null;
  const keys = labels(orders, ch, '');
  const vals = columnValues(orders, am.name);
  const m = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const v = vals[i];
    if (typeof v === 'number' && Number.isFinite(v) && keys[i] !== '') {
      const k = keys[i].toLowerCase();
      m.set(k, (m.get(k) ?? 0) + v);
    }
  }
  return m;
}

function channelFindings(
  order: [string, Sums][],
  total: Sums,
  p: Present,
  minGap: number,
  cur: string,
  byChannel: boolean,
): Finding[] {
  const out: Finding[] = [];
  const what: I18nText = byChannel ? { en: 'channel', 'zh-CN': '渠道' } : { en: 'campaign', 'zh-CN': '活动' };
  if (p.revenue && total[SPEND] > 0) {
    const overall = total[REV] / total[SPEND];
    const funded = order.filter(([, s]) => s[SPEND] > 0);
    const earning = funded.filter(([, s]) => s[REV] >= s[SPEND]);
    const losing = funded.filter(([, s]) => s[REV] < s[SPEND]);
    const loss = losing.reduce((a, [, s]) => a + (s[SPEND] - s[REV]), 0);
    const list = (xs: [string, Sums][], l: Lang): string => xs.map(([k, s]) => `${k} (${num(s[REV] / s[SPEND], l, 2)})`).join(l === 'en' ? ', ' : '、');
    if (funded.length > 0) {
      out.push({
        key: 'earn-their-budget',
        text: both((l) =>
          l === 'en'
            ? `${earning.length} of ${funded.length} ${what.en}s return at least what they cost (ROAS ≥ 1)${earning.length ? `: ${list(earning, l)}` : ''}.` +
              (losing.length ? ` ${list(losing, l)} return less than they cost, ${money(loss, cur, l)} short in total.` : '')
            : `${funded.length} 个${what['zh-CN']}中有 ${earning.length} 个收回了成本（ROAS ≥ 1）${earning.length ? `：${list(earning, l)}` : ''}。` +
              (losing.length ? `${list(losing, l)} 收入低于花费，合计亏欠 ${money(loss, cur, l)}。` : ''),
        ),
        atStake: loss > 0 ? loss : null,
        evidence: both((l) =>
          l === 'en'
            ? `Overall ROAS ${num(overall, l, 2)} on ${money(total[SPEND], cur, l)} of spend.`
            : `总体 ROAS ${num(overall, l, 2)}，总花费 ${money(total[SPEND], cur, l)}。`,
        ),
        observational: true,
        descriptive: true,
      });
    }
    // Share of spend against share of revenue.
    if (total[REV] > 0) {
      for (const [key, s] of order) {
        const ss = s[SPEND] / total[SPEND];
        const sr = s[REV] / total[REV];
        const gap = sr - ss;
        if (Math.abs(gap) < minGap) continue;
        if (gap < 0) {
          // Spend beyond what its revenue would justify at the overall ROAS.
          const excess = s[SPEND] - s[REV] / overall;
          out.push({
            key: `share-gap-over:${key}`,
            text: both((l) =>
              l === 'en'
                ? `${key} takes ${pct(ss, l)} of spend but brings ${pct(sr, l)} of revenue: ${money(excess, cur, l)} of its spend earns less than the average ${what.en}.`
                : `${key} 占花费的 ${pct(ss, l)}，却只带来 ${pct(sr, l)} 的收入：其中 ${money(excess, cur, l)} 的花费回报低于${what['zh-CN']}平均水平。`,
            ),
            atStake: excess,
            evidence: both((l) =>
              l === 'en'
                ? `Spend ${money(s[SPEND], cur, l)}, revenue ${money(s[REV], cur, l)}, ROAS ${num(ratio(s[REV], s[SPEND]), l, 2)} against ${num(overall, l, 2)} overall.`
                : `花费 ${money(s[SPEND], cur, l)}，收入 ${money(s[REV], cur, l)}，ROAS ${num(ratio(s[REV], s[SPEND]), l, 2)}，总体为 ${num(overall, l, 2)}。`,
            ),
            observational: true,
        descriptive: true,
          });
        } else {
          const extra = s[REV] - s[SPEND] * overall;
          out.push({
            key: `share-gap-under:${key}`,
            text: both((l) =>
              l === 'en'
                ? `${key} brings ${pct(sr, l)} of revenue on ${pct(ss, l)} of spend: a candidate for more budget (check its response curve before moving money).`
                : `${key} 以 ${pct(ss, l)} 的花费带来 ${pct(sr, l)} 的收入，可考虑增加预算（调整前请先查看其响应曲线）。`,
            ),
            atStake: extra,
            evidence: both((l) =>
              l === 'en'
                ? `Spend ${money(s[SPEND], cur, l)}, revenue ${money(s[REV], cur, l)}, ROAS ${num(ratio(s[REV], s[SPEND]), l, 2)} against ${num(overall, l, 2)} overall.`
                : `花费 ${money(s[SPEND], cur, l)}，收入 ${money(s[REV], cur, l)}，ROAS ${num(ratio(s[REV], s[SPEND]), l, 2)}，总体为 ${num(overall, l, 2)}。`,
            ),
            observational: true,
        descriptive: true,
          });
        }
      }
    }
  } else if (p.conversions && total[CONV] > 0) {
    const avg = total[SPEND] / total[CONV];
    for (const [key, s] of order) {
      const cpa = ratio(s[SPEND], s[CONV]);
      if (cpa === null || cpa <= avg * 1.5) continue;
      const excess = s[SPEND] - s[CONV] * avg;
      out.push({
        key: `high-cpa:${key}`,
        text: both((l) =>
          l === 'en'
            ? `${key} pays ${money(cpa, cur, l)} per conversion, ${num(cpa / avg, l, 1)}× the average ${money(avg, cur, l)}.`
            : `${key} 的单次转化成本为 ${money(cpa, cur, l)}，是平均值 ${money(avg, cur, l)} 的 ${num(cpa / avg, l, 1)} 倍。`,
        ),
        atStake: excess,
        observational: true,
        descriptive: true,
      });
    }
  }
  return out;
}

function periodFindings(c: { prev: Sums; last: Sums; prevLabel: string; lastLabel: string }, p: Present, cur: string): Finding[] {
  const ds = ratio(c.last[SPEND] - c.prev[SPEND], c.prev[SPEND]);
  if (!p.revenue) {
    if (ds === null) return [];
    return [
      {
        key: 'period-change',
        text: both((l) =>
          l === 'en'
            ? `Spend changed by ${pct(ds, l)} in ${c.lastLabel} against ${c.prevLabel} (${money(c.prev[SPEND], cur, l)} → ${money(c.last[SPEND], cur, l)}).`
            : `${c.lastLabel} 的花费较 ${c.prevLabel} 变化 ${pct(ds, l)}（${money(c.prev[SPEND], cur, l)} → ${money(c.last[SPEND], cur, l)}）。`,
        ),
        atStake: Math.abs(c.last[SPEND] - c.prev[SPEND]),
        observational: true,
        descriptive: true,
      },
    ];
  }
  const dr = ratio(c.last[REV] - c.prev[REV], c.prev[REV]);
  const r0 = ratio(c.prev[REV], c.prev[SPEND]);
  const r1 = ratio(c.last[REV], c.last[SPEND]);
  return [
    {
      key: 'period-change',
      text: both((l) =>
        l === 'en'
          ? `In ${c.lastLabel} spend was ${money(c.last[SPEND], cur, l)} (${ds === null ? 'no previous spend' : pct(ds, l)}) and revenue ${money(c.last[REV], cur, l)} (${dr === null ? 'no previous revenue' : pct(dr, l)}) against ${c.prevLabel}; ROAS went from ${num(r0, l, 2)} to ${num(r1, l, 2)}.`
          : `${c.lastLabel} 花费 ${money(c.last[SPEND], cur, l)}（${ds === null ? '上期无花费' : pct(ds, l)}），收入 ${money(c.last[REV], cur, l)}（${dr === null ? '上期无收入' : pct(dr, l)}），对比 ${c.prevLabel}；ROAS 从 ${num(r0, l, 2)} 变为 ${num(r1, l, 2)}。`,
      ),
      atStake: Math.abs(c.last[REV] - c.prev[REV]),
      observational: true,
        descriptive: true,
    },
  ];
}

/** Channel and campaign performance as a registered analysis (input: the `campaigns` table). */
export const channelPerformance: AnalysisDef<ChannelPerformanceOptions> = {
  kind: 'channel-performance',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'campaigns', roles: ['spend'] }],
  needs: {
    en: 'A campaigns sheet with spend and a channel or campaign column (impressions, clicks, conversions, revenue and a date make it richer).',
    'zh-CN': '需要一张活动表，包含花费以及渠道或活动列（有曝光、点击、转化、收入和日期会更完整）。',
  },
  defaults: channelPerformanceDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ChannelPerformanceOptions): AnalysisResult {
    const data = inputs.campaigns;
    if (!data) {
      return emptyResult([
        diag('marketing.campaigns.missing', 'error', { en: 'No campaigns table was given.', 'zh-CN': '没有提供活动表。' }),
      ]);
    }
    return summarizeChannels(data, common, options, inputs.orders);
  },
};
