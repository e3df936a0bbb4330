/**
 * Channel and campaign performance: spend, impressions, clicks, conversions, revenue and the ratios
 * marketers read (CTR, CVR, CPC, CPA, ROAS, ROI) by channel, by campaign and by period, the last period
 * against the one before, and each channel's share of spend against its share of revenue.
 *
 * Phases: `check.ts` reads the campaigns sheet → `compute.ts` (sums, pure) → `present.ts` (tables,
 * figures, charts, notes) and `findings.ts` (words from `../messages.ts`).
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, Finding, ResultTable } from '../../types.js';
import { defineAnalysis, diag, emptyResult, memoized } from '../../common/index.js';
import { lineConverter } from '../../finance/fx.js';
import { ORDER_REVENUE_KEY, orderRevenueByChannel, readCampaigns } from './check.js';
import { bySpend, campaignChannels, comparePeriods, groupSums, periodSeries, SPEND, totalOf } from './compute.js';
import { channelFindings, periodFindings } from './findings.js';
import { CHANNEL_PERFORMANCE_DEFAULTS, CHANNEL_PERFORMANCE_HEAD, type ChannelPerformanceOptions } from './options.js';
import {
  campaignTable,
  channelCharts,
  channelFigures,
  channelNotes,
  channelTable,
  periodCompareTable,
  periodTable,
} from './present.js';

export { CHANNEL_PERFORMANCE_DEFAULTS, type ChannelPerformanceOptions } from './options.js';

/**
 * Channel and campaign performance of a campaigns Dataset (roles: campaign and/or channel, spend, and any
 * of impressions, clicks, conversions, revenue; date or period_start for periods).
 *
 * Validates the input and returns diagnostics instead of throwing. Rows dated after `common.asOf` are left out.
 * With a Currency column, spend and revenue are converted line by line with the exchange-rate sheet `fx`
 * (fx.ts); lines in a currency with no rate are in no total and reported as an error.
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
  fx?: Dataset,
): AnalysisResult {
  const opts = { ...CHANNEL_PERFORMANCE_DEFAULTS, ...options };
  const diagnostics: Diagnostic[] = [];
  const convert = lineConverter(data, fx, common.currency, diagnostics);
  const cols = readCampaigns(data, common.asOf, common.lang, diagnostics, convert);
  if (!cols) return emptyResult(CHANNEL_PERFORMANCE_HEAD, diagnostics);
  const { present, arrays, channels, campaigns, primaryKeys, primaryKey, include } = cols;

  const byPrimary = groupSums(primaryKeys, arrays, include);
  const total = totalOf(byPrimary.values());
  const order = bySpend(byPrimary);
  const ordersByChannel =
    orders && channels ? memoized(common.memo, orders, ORDER_REVENUE_KEY, () => orderRevenueByChannel(orders)) : null;
  const series = cols.dates ? periodSeries(cols.dates, arrays, include, opts.period) : null;
  const compare = series ? comparePeriods(series, primaryKeys, arrays, common.asOf) : null;

  const tables: ResultTable[] = [channelTable(order, total, present, primaryKey, ordersByChannel)];
  if (channels && campaigns) {
    const byCampaign = bySpend(groupSums(campaigns, arrays, include));
    tables.push(
      campaignTable(byCampaign, total, present, campaignChannels(campaigns, channels, arrays[SPEND]!, include)),
    );
  }
  if (series) tables.push(periodTable(series, present));
  if (compare) tables.push(periodCompareTable(compare, order, present, primaryKey, common.lang));

  const findings: Finding[] = channelFindings(order, total, present, opts.minShareGap, common.currency, !!channels);
  if (compare) findings.push(...periodFindings(compare, present, common.currency));
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  return {
    ...CHANNEL_PERFORMANCE_HEAD,
    figures: channelFigures(total, present, compare),
    tables,
    charts: channelCharts(present, !!channels, series !== null),
    findings,
    notes: channelNotes(present, cols.dates !== null, compare, ordersByChannel !== null),
    diagnostics,
  };
}

/**
 * Channel and campaign performance as a registered analysis (input: the `campaigns` table; `orders` adds
 * order revenue by channel). No as-of date needed: it only cuts off rows dated after one when there is
 * one, and a campaigns sheet without dates still gives totals by channel and campaign.
 */
export const channelPerformanceAnalysis = defineAnalysis<ChannelPerformanceOptions>({
  kind: 'channel-performance',
  title: CHANNEL_PERFORMANCE_HEAD.title,
  question: CHANNEL_PERFORMANCE_HEAD.question,
  requires: [{ kind: 'campaigns', roles: ['spend'] }],
  optionalInputs: ['fx_rates'],
  needs: {
    en: 'A campaigns sheet with spend and a channel or campaign column (impressions, clicks, conversions, revenue and a date make it richer).',
    'zh-CN': '需要一张活动表，包含花费以及渠道或活动列（有曝光、点击、转化、收入和日期会更完整）。',
  },
  defaults: CHANNEL_PERFORMANCE_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    period: {
      basic: true,
      label: { en: 'Compare spend by week or by month?', 'zh-CN': '按周还是按月比较花费？' },
    },
    minShareGap: {
      basic: true,
      label: {
        en: 'Flag a channel when its share of spend and of results differ by more than',
        'zh-CN': '渠道的花费占比与成果占比相差超过多少时提示？',
      },
    },
  },
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ChannelPerformanceOptions): AnalysisResult {
    const data = inputs.campaigns;
    if (!data)
      return emptyResult(CHANNEL_PERFORMANCE_HEAD, [
        diag('marketing.campaigns.missing', 'error', {
          en: 'No campaigns table was given.',
          'zh-CN': '没有提供活动表。',
        }),
      ]);
    return summarizeChannels(data, common, options, inputs.orders, inputs.fx_rates);
  },
});
