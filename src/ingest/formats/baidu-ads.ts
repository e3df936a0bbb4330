/**
 * 百度营销（百度推广 / 凤巢）推广报告 › 计划报告 download: 日期, 账户, 推广计划, 展现, 点击, 消费, 点击率,
 * 平均点击价格, and conversions when tracked. 消费 is the spend; 平均点击价格 a ratio.
 * Metric definitions: 百度营销中心帮助 "数据报告指标说明" (https://yingxiao.baidu.com/new/home/support/).
 */
import type { ExportFormat } from './types.js';

export const baiduAds: ExportFormat = {
  id: 'baidu-ads',
  name: { en: 'Baidu search ads report (百度推广)', 'zh-CN': '百度推广报告' },
  docs: 'https://yingxiao.baidu.com/new/home/support/',
  kind: 'campaigns',
  signatures: [['推广计划', '展现', '点击', '消费']],
  columns: [
    { header: /^(日期|时间)$/, role: 'date' },
    { header: '推广计划', role: 'campaign' },
    { header: '账户', role: null },
    { header: '展现', role: 'impressions' },
    { header: '点击', role: 'clicks' },
    { header: '消费', role: 'spend' },
    { header: '点击率', role: null },
    { header: /^(平均点击价格|千次展现消费)$/, role: 'cost_per_result' },
    { header: /^(转化|网页转化|转化\(网页\)|转化（网页）)$/, role: 'conversions' },
  ],
};
