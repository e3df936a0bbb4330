/**
 * TikTok Ads Manager campaign report (English) and 巨量引擎 (Ocean Engine) 广告数据报表 (Chinese), the same
 * platform family: cost / 消耗 is the spend; CPC, CPM, CPA / 平均点击单价, 平均千次展现费用, 转化成本 are ratios.
 * Metric glossary: TikTok Ads Manager Help Center (https://ads.tiktok.com/help/), "All metrics";
 * 巨量引擎 帮助中心 (https://support.oceanengine.com/), "数据指标说明".
 */
import type { ExportFormat } from './types.js';

export const tiktokAds: ExportFormat = {
  id: 'tiktok-ads',
  name: { en: 'TikTok Ads / 巨量引擎 report', 'zh-CN': 'TikTok 广告 / 巨量引擎报表' },
  docs: 'https://ads.tiktok.com/help/',
  kind: 'campaigns',
  signatures: [
    ['Campaign name', 'Cost', 'Impressions', /^clicks( \(destination\))?$/i, /^(cpc|cpc \(destination\))$/i],
    ['消耗', '展示数', '点击数', /^(广告计划|计划名称|广告计划名称|项目名称|广告组名称)$/],
  ],
  columns: [
    { header: /^(campaign name|ad group name)$/i, role: 'campaign' },
    { header: /^(广告计划|计划名称|广告计划名称|项目名称|广告组名称)$/, role: 'campaign' },
    { header: /^(date|by day|stat time day|日期|时间)$/i, role: 'date' },
    { header: /^(cost|消耗)$/i, role: 'spend' },
    { header: /^(impressions|展示数)$/i, role: 'impressions' },
    { header: /^(reach|覆盖人数)$/i, role: 'reach' },
    { header: /^(clicks|clicks \(destination\)|点击数)$/i, role: 'clicks' },
    { header: /^(conversions|转化数)$/i, role: 'conversions' },
    {
      header: /^(cpc|cpc \(destination\)|cpm|cpa|cost per conversion|平均点击单价|平均千次展现费用|转化成本)$/i,
      role: 'cost_per_result',
    },
    { header: /^(total purchase value|purchase value|付费金额|成交金额|支付金额)$/i, role: 'revenue' },
  ],
};
