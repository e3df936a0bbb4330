/**
 * Reported against real: what the ad platforms say they brought (conversions and revenue in the campaigns
 * table, by their own attribution) against the orders the business recorded for each channel (the orders
 * table's channel). Each platform counts every conversion it touched, so the reported figures usually add
 * up to more than the real ones; the inflation ratio per channel puts ROI on real revenue.
 *
 * Definitions (per channel, over the dates the campaigns table covers, up to the as-of date):
 * - revenue inflation = reported revenue ÷ real revenue (Excel `=SUMIFS(Reported,…)/SUMIFS(Orders[Amount],…)`);
 * - conversion inflation = reported conversions ÷ real orders (distinct order ids when present, else rows);
 * - ROAS real = real revenue ÷ spend; ROI real = (real revenue − spend) ÷ spend.
 * A ratio with a zero denominator is empty, never Infinity. Money is summed in integer minor units.
 *
 * Phases: read.ts (read and check) → compute.ts (pure: platform totals and window, real orders) →
 * present.ts (table, figures, findings, notes); sentences from ../messages.ts.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult } from '../../types.js';
import { msg } from '../messages.js';
import { ratesFor } from '../fx.js';
import { currencyDigits } from '../money.js';
import { addOrders, platformTotals } from './compute.js';
import { HEAD, QUESTION, REPORTED_VS_REAL_DEFAULTS, TITLE, type ReportedVsRealOptions } from './model.js';
import {
  channelTable,
  rvrCharts,
  rvrFigures,
  rvrFindings,
  rvrNotes,
  sortedChannels,
  type Reported,
} from './present.js';
import { checkColumns, readCampaignRows, readOrderRows } from './read.js';
import { defineAnalysis, diag, emptyResult, where } from '../../common/index.js';

export { periodEnd, refundBase } from './compute.js';
export { REPORTED_VS_REAL_DEFAULTS } from './model.js';
export type { ReportedVsRealOptions } from './model.js';

/**
 * Reported against real by channel from a campaigns Dataset (channel, spend, conversions and/or revenue,
 * date; a currency column converts with the exchange-rate sheet `fx`) and an orders Dataset (channel,
 * amount, date; order id and status when present).
 * Never throws: diagnostics name the sheet, column and rows.
 */
export function reportedVsReal(
  campaigns: Dataset,
  orders: Dataset,
  common: CommonOptions,
  options: Partial<ReportedVsRealOptions> = {},
  fx?: Dataset,
): AnalysisResult {
  const opts: ReportedVsRealOptions = { ...REPORTED_VS_REAL_DEFAULTS, ...options };
  const diagnostics: Diagnostic[] = [];
  const cur = common.currency;
  const digits = currencyDigits(cur);
  if (!checkColumns(campaigns, orders, diagnostics)) return emptyResult(HEAD, diagnostics);

  const cRows = readCampaignRows(campaigns, cur, diagnostics, ratesFor(undefined, fx, cur, diagnostics));
  const { totals, lo, hi, badConv } = platformTotals(cRows, common.asOf);
  if (badConv.length > 0 && cRows.convCol) {
    diagnostics.push(
      diag(
        'finance.rvr.bad-conversions',
        'warning',
        msg('rvr.bad-conversions', { count: badConv.length }),
        where(campaigns, cRows.convCol, badConv),
      ),
    );
  }
  const oRows = readOrderRows(orders, cur, diagnostics);
  const tally = addOrders(totals, oRows, { lo, hi }, common.asOf, opts);
  if (tally.undated.length > 0) {
    diagnostics.push(
      diag(
        'finance.rvr.undated-orders',
        'warning',
        msg('rvr.undated-orders', { count: tally.undated.length }),
        where(orders, oRows.dateCol, tally.undated),
      ),
    );
  }
  if (tally.noChannel.length > 0) {
    diagnostics.push(
      diag(
        'finance.rvr.orders-without-channel',
        'info',
        msg('rvr.orders-without-channel', { count: tally.noChannel.length }),
        where(orders, oRows.channelCol, tally.noChannel),
      ),
    );
  }

  const has: Reported = { conversions: cRows.conversions !== null, revenue: cRows.revenue !== null };
  const entries = sortedChannels(totals);
  return {
    ...HEAD,
    figures: rvrFigures(entries, has, digits),
    tables: [channelTable(totals, entries, has, digits, common.lang)],
    charts: rvrCharts(has),
    findings: rvrFindings(totals, entries, has, opts, cur, digits),
    notes: rvrNotes(tally, totals, entries, cur, digits),
    diagnostics,
  };
}

/**
 * Reported against real as a registered analysis (inputs: `campaigns` and `orders`). needsAsOf true:
 * platform rows and orders dated after the as-of date are left out, and it closes the window of dates the
 * orders are compared over.
 */
export const reportedVsRealAnalysis = defineAnalysis<ReportedVsRealOptions>({
  kind: 'reported-vs-real',
  title: TITLE,
  question: QUESTION,
  requires: [
    { kind: 'campaigns', roles: ['channel'] },
    { kind: 'orders', roles: ['channel', 'amount'] },
  ],
  needs: {
    en: 'A campaigns sheet with channel, spend and reported conversions or revenue, and an orders sheet with each order’s channel and amount.',
    'zh-CN': '需要一张包含渠道、花费和平台报告转化或收入的活动表，以及一张包含每个订单渠道和金额的订单表。',
  },
  defaults: REPORTED_VS_REAL_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    sameWindow: {
      basic: true,
      label: { en: 'Count only orders placed during the campaigns?', 'zh-CN': '是否只统计活动期间的订单？' },
    },
    minInflation: {
      basic: true,
      label: {
        en: 'Flag platform revenue above real revenue by more than',
        'zh-CN': '平台报告收入高出真实收入多少时提示？',
      },
    },
  },
  optionalInputs: ['fx_rates'],
  needsAsOf: true,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ReportedVsRealOptions): AnalysisResult {
    if (!inputs.campaigns || !inputs.orders)
      return emptyResult(HEAD, [diag('finance.rvr.missing-input', 'error', msg('rvr.missing-input'))]);
    return reportedVsReal(inputs.campaigns, inputs.orders, common, options, inputs.fx_rates);
  },
});
