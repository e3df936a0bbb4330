/**
 * What the response-curve analysis is (kind, titles) and how it can be set.
 */
import type { ResultHead } from '../../common/index.js';

export interface ResponseOptions {
  /** Carry-over weeks of the geometric adstock. */
  maxLag: number;
  /** Carry-over rates tried (each fit keeps the best). */
  alphaGrid: number[];
  /** Channels with fewer weeks are not fitted. */
  minWeeks: number;
  /** Current spend = mean weekly spend over the last this many weeks. */
  recentWeeks: number;
  /** Total weekly budget to allocate; default: the current total. */
  totalBudget: number | null;
  /** Default bounds as multiples of current spend. */
  minMultiple: number;
  maxMultiple: number;
  /** Per-channel bounds on weekly spend, overriding the multiples. */
  bounds: Record<string, { min?: number; max?: number }> | null;
  /** A fit explaining less than this share of the weekly variation holds the channel at current spend. */
  minR2: number;
  /** Residual-bootstrap refits for the range of the expected change. */
  bootstrap: number;
  seed: number;
  /** Weeks over which the expected change is stated in findings. */
  horizonWeeks: number;
}

export const RESPONSE_DEFAULTS: ResponseOptions = {
  maxLag: 8,
  alphaGrid: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
  minWeeks: 20,
  recentWeeks: 13,
  totalBudget: null,
  minMultiple: 0.5,
  maxMultiple: 2,
  bounds: null,
  minR2: 0.3,
  bootstrap: 40,
  seed: 20240601,
  horizonWeeks: 13,
};

/** Kind and titles of the analysis, the head of every result it returns. */
export const RESPONSE_HEAD: ResultHead = {
  kind: 'response',
  title: { en: 'Response curves and budget', 'zh-CN': '响应曲线与预算分配' },
  sheetName: { en: 'Budget response', 'zh-CN': '预算响应' },
  question: {
    en: 'Where would the next unit of budget do the most, and how should a fixed budget be split across channels?',
    'zh-CN': '下一笔预算投到哪里效果最好？固定总预算应如何在渠道间分配？',
  },
};
