/**
 * The RFM segment maps: the R package `rfm`'s ten segments (the default in English), the eight classes of
 * Chinese practice (重要价值客户 … 一般挽留客户; the default in Chinese), and the simpler business map our users
 * speak (高价值 / 潜力 / 新客 / 流失预警 / 已流失) with thresholds they can change.
 */
import type { I18nText } from '../../types.js';
import { t } from '../common/index.js';

interface Rule {
  key: string;
  label: I18nText;
  r: [number, number];
  f: [number, number];
  m: [number, number];
}

/** R package `rfm` segment rules (R, F, M score ranges, inclusive); the first match wins, else Others. */
export const RFM_SEGMENTS: readonly Rule[] = [
  { key: 'Champions', label: t('Champions', '核心客户'), r: [5, 5], f: [5, 5], m: [5, 5] },
  { key: 'Potential Loyalist', label: t('Potential Loyalist', '潜在忠诚客户'), r: [3, 5], f: [3, 5], m: [2, 5] },
  { key: 'Loyal Customers', label: t('Loyal Customers', '忠诚客户'), r: [2, 4], f: [2, 4], m: [2, 4] },
  { key: 'Promising', label: t('Promising', '潜力客户'), r: [3, 4], f: [1, 3], m: [3, 5] },
  { key: 'New Customers', label: t('New Customers', '新客户'), r: [4, 5], f: [1, 3], m: [1, 5] },
  { key: "Can't Lose Them", label: t("Can't Lose Them", '重点挽回客户'), r: [1, 2], f: [3, 4], m: [4, 5] },
  { key: 'At Risk', label: t('At Risk', '流失风险客户'), r: [1, 2], f: [2, 5], m: [4, 5] },
  { key: 'Need Attention', label: t('Need Attention', '需关注客户'), r: [1, 3], f: [3, 5], m: [3, 5] },
  { key: 'About To Sleep', label: t('About To Sleep', '即将沉睡客户'), r: [2, 3], f: [1, 3], m: [1, 4] },
  { key: 'Lost', label: t('Lost', '已流失客户'), r: [1, 1], f: [1, 5], m: [1, 5] },
];
export const OTHERS = t('Others', '其他');

const inR = (v: number, [lo, hi]: [number, number]): boolean => v >= lo && v <= hi;

/** Segment key of an (R, F, M) score triple under the `rfm` package's rules. Example: (3, 4, 3) → Potential Loyalist. */
export function rfmSegment(r: number, f: number, m: number): string {
  for (const s of RFM_SEGMENTS) if (inR(r, s.r) && inR(f, s.f) && inR(m, s.m)) return s.key;
  return 'Others';
}

/** Label of an `rfm` segment key in both languages. */
export function rfmSegmentLabel(key: string): I18nText {
  return RFM_SEGMENTS.find((s) => s.key === key)?.label ?? OTHERS;
}

/** Thresholds of the business map (scores 1..bins; orders are counts). */
export interface BusinessThresholds {
  /** R score at or below which a customer is lost (default 1). */
  lostMaxR: number;
  /** R score at or below which a customer gets a churn warning (default 2). */
  warningMaxR: number;
  /** Orders at or below which a recent customer is new (default 1). */
  newMaxOrders: number;
  /** F and M scores at or above which a customer is high value (default 4 and 4). */
  highMinF: number;
  highMinM: number;
}

export const DEFAULT_BUSINESS: BusinessThresholds = {
  lostMaxR: 1,
  warningMaxR: 2,
  newMaxOrders: 1,
  highMinF: 4,
  highMinM: 4,
};

export const BUSINESS_SEGMENTS: readonly { key: string; label: I18nText }[] = [
  { key: 'high_value', label: t('High value', '高价值') },
  { key: 'potential', label: t('Potential', '潜力') },
  { key: 'new', label: t('New', '新客') },
  { key: 'churn_warning', label: t('Churn warning', '流失预警') },
  { key: 'lost', label: t('Lost', '已流失') },
];

/**
 * Business segment, first match wins: lost (R ≤ lostMaxR), churn warning (R ≤ warningMaxR), new
 * (orders ≤ newMaxOrders), high value (F ≥ highMinF and M ≥ highMinM), otherwise potential.
 */
export function businessSegment(r: number, f: number, m: number, orders: number, th: BusinessThresholds): string {
  if (r <= th.lostMaxR) return 'lost';
  if (r <= th.warningMaxR) return 'churn_warning';
  if (orders <= th.newMaxOrders) return 'new';
  if (f >= th.highMinF && m >= th.highMinM) return 'high_value';
  return 'potential';
}

export function businessSegmentLabel(key: string): I18nText {
  return BUSINESS_SEGMENTS.find((s) => s.key === key)?.label ?? OTHERS;
}

/** Whether a customer's R, F or M is high (better than the customers' average) or low. */
type Level = 'high' | 'low';

interface ClassRule {
  key: string;
  label: I18nText;
  r: Level;
  f: Level;
  m: Level;
}

/**
 * The eight RFM classes of Chinese practice (FineBI's template as issue 18 reports it, Wyn Enterprise, Aliyun): R, F and
 * M each high or low against the average of all customers, 2 × 2 × 2 = eight classes. "重要" (important) means
 * M high, "一般" (general) M low; 价值 R high F high, 发展 R high F low, 保持 R low F high, 挽留 R low F low.
 * Sources: "将每个客户的R、F、M得分值与平均值做对比……将客户分为以下八种"
 * (https://blog.youkuaiyun.com/qq_23267585/article/details/121745900, Wyn Enterprise's RFM model);
 * "compares an individual customer's score to … the average score of the entire customer group"
 * (https://help.aliyun.com/en/document_detail/134842.html).
 */
export const RFM_CLASSES: readonly ClassRule[] = [
  { key: 'important_value', label: t('Important: valuable', '重要价值客户'), r: 'high', f: 'high', m: 'high' },
  { key: 'important_develop', label: t('Important: to develop', '重要发展客户'), r: 'high', f: 'low', m: 'high' },
  { key: 'important_keep', label: t('Important: to keep', '重要保持客户'), r: 'low', f: 'high', m: 'high' },
  { key: 'important_win_back', label: t('Important: to win back', '重要挽留客户'), r: 'low', f: 'low', m: 'high' },
  { key: 'general_value', label: t('General: valuable', '一般价值客户'), r: 'high', f: 'high', m: 'low' },
  { key: 'general_develop', label: t('General: to develop', '一般发展客户'), r: 'high', f: 'low', m: 'low' },
  { key: 'general_keep', label: t('General: to keep', '一般保持客户'), r: 'low', f: 'high', m: 'low' },
  { key: 'general_win_back', label: t('General: to win back', '一般挽留客户'), r: 'low', f: 'low', m: 'low' },
];

/** The customers' averages the eight classes compare with: days since the last order, frequency, monetary. */
export interface RfmAverages {
  recency: number;
  frequency: number;
  monetary: number;
}

/**
 * Class key of one customer (pure): R high when the days since the last order are below the average, F and M
 * high when above it; a value equal to the average is low (it is not better than average).
 * Example: 10 days, 3 orders, 500 against averages 30 / 2 / 400 → important_value.
 */
export function rfmClass(recency: number, frequency: number, monetary: number, avg: RfmAverages): string {
  const r: Level = recency < avg.recency ? 'high' : 'low';
  const f: Level = frequency > avg.frequency ? 'high' : 'low';
  const m: Level = monetary > avg.monetary ? 'high' : 'low';
  return RFM_CLASSES.find((c) => c.r === r && c.f === f && c.m === m)!.key;
}

/** Label of an eight-class key in both languages. */
export function rfmClassLabel(key: string): I18nText {
  return RFM_CLASSES.find((c) => c.key === key)?.label ?? OTHERS;
}
