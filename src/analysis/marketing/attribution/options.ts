/**
 * What the attribution analysis is (kind, titles, models) and how it can be set.
 */
import type { Diagnostic, I18nText } from '../../../types.js';
import { diag, type ResultHead } from '../../common/index.js';

export interface AttributionOptions {
  /** Half-life of the time-decay model, in days. */
  halfLifeDays: number;
  /** Position-based shares of the first and last touch (the middle touches share the rest). */
  firstShare: number;
  lastShare: number;
  /** Attribute to `campaign` instead of `channel` when both exist. */
  by: 'channel' | 'campaign';
  /** Paths shown in the top-paths table. */
  topPaths: number;
}

export const ATTRIBUTION_DEFAULTS: AttributionOptions = {
  halfLifeDays: 7,
  firstShare: 0.4,
  lastShare: 0.4,
  by: 'channel',
  topPaths: 20,
};

export const MODELS = ['first', 'last', 'linear', 'time_decay', 'position', 'markov', 'markov_conv_only'] as const;
export type Model = (typeof MODELS)[number];

export const MODEL_LABEL: Record<Model, I18nText> = {
  first: { en: 'First touch', 'zh-CN': '首次触点' },
  last: { en: 'Last touch', 'zh-CN': '末次触点' },
  linear: { en: 'Linear', 'zh-CN': '线性' },
  time_decay: { en: 'Time decay', 'zh-CN': '时间衰减' },
  position: { en: 'Position-based', 'zh-CN': '位置加权' },
  markov: { en: 'Markov', 'zh-CN': '马尔可夫' },
  markov_conv_only: { en: 'Markov (converting paths only)', 'zh-CN': '马尔可夫（仅转化路径）' },
};

/** Kind and titles of the analysis, the head of every result it returns. */
export const ATTRIBUTION_HEAD: ResultHead = {
  kind: 'attribution',
  title: { en: 'Multi-touch attribution', 'zh-CN': '多触点归因' },
  sheetName: { en: 'Attribution', 'zh-CN': '归因' },
  question: {
    en: 'How much of the conversions and revenue does each channel earn under different attribution views?',
    'zh-CN': '在不同归因口径下，各渠道分别贡献了多少转化和收入？',
  },
};

/** The options to use: a non-positive half-life or position shares outside [0, 1] fall back to the defaults, with a warning. */
export function checkAttributionOptions(options: AttributionOptions, diagnostics: Diagnostic[]): AttributionOptions {
  const o = { ...options };
  if (!(o.halfLifeDays > 0) || o.firstShare < 0 || o.lastShare < 0 || o.firstShare + o.lastShare > 1) {
    diagnostics.push(
      diag('marketing.attribution.bad-options', 'warning', {
        en: 'Half-life must be positive and position shares between 0 and 1; defaults are used.',
        'zh-CN': '半衰期须为正数，位置权重须在 0 到 1 之间；已改用默认值。',
      }),
    );
    o.halfLifeDays = ATTRIBUTION_DEFAULTS.halfLifeDays;
    o.firstShare = ATTRIBUTION_DEFAULTS.firstShare;
    o.lastShare = ATTRIBUTION_DEFAULTS.lastShare;
  }
  return o;
}
