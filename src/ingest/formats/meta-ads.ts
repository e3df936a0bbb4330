/**
 * Meta (Facebook/Instagram) Ads Manager export (Reports › Export table data, CSV or xlsx): `Reporting starts` and
 * `Reporting ends` (the date range, on every row), campaign name, `Results` with its `Result indicator`, `Reach`,
 * `Impressions`, `Cost per results`, `Amount spent (<currency>)`, and an optional summary row with a blank
 * campaign name (left out by totals.ts). Metric definitions: Meta Business Help Center
 * (https://www.facebook.com/business/help), "Export data from Ads Manager", "Amount spent", "Cost per result"
 * (= amount spent ÷ results) and "Reach" (accounts that saw an ad, not impressions).
 * Results count conversions only when the result indicator is a conversion (money-columns.ts decides it).
 */
import type { ExportFormat } from './types.js';

const SPENT = /^amount spent( \([a-z]{3}\))?$/i;

export const metaAds: ExportFormat = {
  id: 'meta-ads-manager',
  name: { en: 'Meta Ads Manager export', 'zh-CN': 'Meta 广告管理工具导出' },
  docs: 'https://www.facebook.com/business/help',
  kind: 'campaigns',
  signatures: [
    ['Reporting starts', 'Reporting ends', SPENT],
    [/^campaign name$/i, SPENT, 'Impressions'],
  ],
  columns: [
    { header: /^(campaign name|ad set name|ad name)$/i, role: 'campaign' },
    { header: 'Reporting starts', role: 'period_start' },
    { header: 'Reporting ends', role: 'period_end' },
    { header: /^day$/i, role: 'date' },
    { header: SPENT, role: 'spend' },
    { header: 'Impressions', role: 'impressions' },
    { header: 'Reach', role: 'reach' },
    { header: 'Frequency', role: null },
    { header: /^cost per results?$/i, role: 'cost_per_result' },
    { header: /^(link clicks|clicks \(all\))$/i, role: 'clicks' },
    { header: /^(purchases|website purchases)$/i, role: 'conversions' },
    {
      header: /^(purchases conversion value|website purchases conversion value|purchase conversion value)$/i,
      role: 'revenue',
    },
    { header: /^(result indicator|result type)$/i, role: null },
  ],
};
