/**
 * 腾讯广告（广点通）投放管理平台 › 数据报表 download: 日期, 推广计划 / 广告, 曝光次数, 点击次数, 点击率, 点击均价,
 * 花费, 目标转化量, 目标转化成本, 千次曝光成本. 花费 is the spend; 点击均价, 目标转化成本 and 千次曝光成本 are ratios.
 * Metric definitions: 腾讯广告 帮助中心 "数据指标说明" (https://e.qq.com/ads/helpcenter/).
 */
import type { ExportFormat } from './types.js';

export const tencentAds: ExportFormat = {
  id: 'tencent-ads',
  name: { en: 'Tencent Ads report (腾讯广告)', 'zh-CN': '腾讯广告报表' },
  docs: 'https://e.qq.com/ads/helpcenter/',
  kind: 'campaigns',
  signatures: [['曝光次数', '点击次数', '花费']],
  columns: [
    { header: /^(日期|时间)$/, role: 'date' },
    { header: /^(推广计划|广告计划|计划名称|广告名称|广告)$/, role: 'campaign' },
    { header: '曝光次数', role: 'impressions' },
    { header: '点击次数', role: 'clicks' },
    { header: '花费', role: 'spend' },
    { header: /^(目标转化量|转化量|转化次数)$/, role: 'conversions' },
    { header: /^(点击均价|目标转化成本|转化成本|千次曝光成本)$/, role: 'cost_per_result' },
    { header: /^(下单金额|付费金额|转化金额)$/, role: 'revenue' },
  ],
};
