/**
 * What reported against real works on: options, labels, and the per-channel totals. Plain data shared
 * by the phases (read → compute → present); no logic.
 */
import type { I18nText } from '../../../types.js';
import type { ResultHead } from '../../common/index.js';

export interface ReportedVsRealOptions {
  /**
   * Further order statuses that are not real revenue (compared after NFKC and lower-casing), beyond those whose
   * shared status class is cancelled, refunded, open or lost (src/ingest/status.ts), which are always left out.
   */
  excludeStatuses: string[];
  /** Only orders dated within the campaigns table's date span (true), or every order up to the as-of date. */
  sameWindow: boolean;
  /** Revenue inflation above 1 + this is worth a finding (0.2 = reported 20% above real). */
  minInflation: number;
  /** Smallest similarity for tying an order channel name to a platform channel. */
  minSimilarity: number;
  /** Order channel text → platform channel text, for names no rule can match. */
  channelMap: Record<string, string>;
}

export const REPORTED_VS_REAL_DEFAULTS: ReportedVsRealOptions = {
  excludeStatuses: [
    'cancelled',
    'canceled',
    'refunded',
    'returned',
    'void',
    '取消',
    '已取消',
    '退款',
    '已退款',
    '退货',
    '已退货',
  ],
  sameWindow: true,
  minInflation: 0.2,
  minSimilarity: 0.85,
  channelMap: {},
};

export const TITLE: I18nText = { en: 'Reported against real results', 'zh-CN': '平台报告与真实结果' };
export const QUESTION: I18nText = {
  en: 'How much of the conversions and revenue the platforms report shows up in real orders, and what is ROI on real revenue?',
  'zh-CN': '平台报告的转化和收入有多少体现在真实订单中？按真实收入计算的投资回报率是多少？',
};
export const SHEET: I18nText = { en: 'Reported vs real', 'zh-CN': '报告与真实' };

/** What names the result. */
export const HEAD: ResultHead = { kind: 'reported-vs-real', title: TITLE, sheetName: SHEET, question: QUESTION };

/** One channel's totals: platform spend, conversions and revenue; real orders and revenue (minor units). */
export interface Acc {
  spend: number;
  conv: number;
  rev: number;
  /** Distinct order ids (a Set) once any order has one, else a count of rows. */
  orders: Set<string> | number;
  real: number;
  /** The channel appears on the campaigns sheet (not only in orders, as organic or direct do). */
  fromCampaigns: boolean;
}

/** Channel totals by channel key, with each channel's label as first written. */
export interface ChannelTotals {
  acc: Map<string, Acc>;
  labels: Map<string, string>;
}
