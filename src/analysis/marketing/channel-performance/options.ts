/**
 * What the channel-performance analysis is (kind, titles) and how it can be set.
 */
import type { ResultHead } from '../../common/index.js';

export interface ChannelPerformanceOptions {
  /** Period for the over-time table: `auto` picks months for data spanning ≥ 13 weeks, else weeks. */
  period: 'auto' | 'week' | 'month';
  /** Smallest gap between share of revenue and share of spend (fraction) worth a finding. */
  minShareGap: number;
}

export const CHANNEL_PERFORMANCE_DEFAULTS: ChannelPerformanceOptions = { period: 'auto', minShareGap: 0.05 };

/** Kind and titles of the analysis, the head of every result it returns. */
export const CHANNEL_PERFORMANCE_HEAD: ResultHead = {
  kind: 'channel-performance',
  title: { en: 'Channel and campaign performance', 'zh-CN': '渠道与活动表现' },
  sheetName: { en: 'Channel performance', 'zh-CN': '渠道表现' },
  question: {
    en: 'Which channels and campaigns earn their budget, and how did the last period compare with the one before?',
    'zh-CN': '哪些渠道和活动值得投入预算？最近一期与上一期相比如何？',
  },
};
