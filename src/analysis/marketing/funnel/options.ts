/**
 * What the funnel analysis is (kind, titles, stages) and how it can be set.
 */
import type { I18nText } from '../../../types.js';
import type { ResultHead } from '../../common/index.js';

export interface FunnelOptions {
  /** A channel's step must start from at least this many to be compared with the average. */
  minStepBase: number;
}

export const FUNNEL_DEFAULTS: FunnelOptions = { minStepBase: 30 };

export const STAGES = [
  'impressions',
  'clicks',
  'visits',
  'signups',
  'conversions',
  'first_purchase',
  'repurchase',
] as const;
export type Stage = (typeof STAGES)[number];

/** Which sheet a stage is counted from; a step between two sources joins different populations. */
export const SOURCE: Record<Stage, 'media' | 'touch' | 'customer'> = {
  impressions: 'media',
  clicks: 'media',
  visits: 'touch',
  signups: 'customer',
  conversions: 'media',
  first_purchase: 'customer',
  repurchase: 'customer',
};

export const STAGE_LABEL: Record<Stage, I18nText> = {
  impressions: { en: 'Impressions', 'zh-CN': '曝光' },
  clicks: { en: 'Clicks', 'zh-CN': '点击' },
  visits: { en: 'Visits', 'zh-CN': '访问' },
  signups: { en: 'Sign-ups', 'zh-CN': '注册' },
  conversions: { en: 'Conversions (platform)', 'zh-CN': '转化（平台）' },
  first_purchase: { en: 'First purchase', 'zh-CN': '首次购买' },
  repurchase: { en: 'Repurchase', 'zh-CN': '复购' },
};

/** Kind and titles of the analysis, the head of every result it returns. */
export const FUNNEL_HEAD: ResultHead = {
  kind: 'funnel',
  title: { en: 'Funnel', 'zh-CN': '转化漏斗' },
  sheetName: { en: 'Funnel', 'zh-CN': '漏斗' },
  question: {
    en: 'Where do people drop out between seeing an ad and buying again, and in which channels most?',
    'zh-CN': '从看到广告到再次购买，用户在哪一步流失最多？哪些渠道最严重？',
  },
};
