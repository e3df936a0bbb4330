/**
 * Google Ads campaign report, as downloaded from the Campaigns table (CSV or Excel): a title row and a date-range
 * row above the header, one row per campaign (or campaign and day with the `Day` segment), then `Total: …` rows
 * (left out by totals.ts). Column display names as documented by Google:
 * https://developers.google.com/adwords/api/docs/appendix/reports/v201705/campaign-performance-report (Display Name of
 * each field: Campaign, Campaign type, Budget, Impr., Clicks, Avg. CPC, Cost, Conversions, Cost / conv.,
 * Conv. value, Currency code) and Google Ads Help (support.google.com/google-ads), "Download and schedule
 * reports" and "Statistics table totals".
 */
import type { ExportFormat } from './types.js';

export const googleAds: ExportFormat = {
  id: 'google-ads-campaigns',
  name: { en: 'Google Ads campaign report', 'zh-CN': 'Google Ads 广告系列报告' },
  docs: 'https://developers.google.com/adwords/api/docs/appendix/reports/v201705/campaign-performance-report',
  kind: 'campaigns',
  signatures: [['Campaign', 'Impr.', 'Clicks', 'Cost']],
  columns: [
    { header: 'Campaign', role: 'campaign' },
    { header: 'Campaign type', role: 'channel' },
    { header: /^(day|date|week|month)$/i, role: 'date' },
    { header: 'Budget', role: 'budget' },
    { header: 'Impr.', role: 'impressions' },
    { header: 'Clicks', role: 'clicks' },
    { header: 'Avg. CPC', role: 'cost_per_result' },
    { header: 'Cost', role: 'spend' },
    { header: 'Conversions', role: 'conversions' },
    { header: 'Cost / conv.', role: 'cost_per_result' },
    { header: 'Conv. value', role: 'revenue' },
    { header: 'All conv.', role: null },
    { header: 'All conv. value', role: null },
    { header: 'Conv. value / cost', role: null },
  ],
};
