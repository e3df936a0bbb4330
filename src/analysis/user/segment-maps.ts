/**
 * The two RFM segment maps: the R package `rfm`'s ten segments (default) and the simpler business map our
 * users speak (高价值 / 潜力 / 新客 / 流失预警 / 已流失) with thresholds they can change.
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
  { key: 'Champions', label: t('Champions', '冠军客户'), r: [5, 5], f: [5, 5], m: [5, 5] },
  { key: 'Potential Loyalist', label: t('Potential Loyalist', '潜在忠诚客户'), r: [3, 5], f: [3, 5], m: [2, 5] },
  { key: 'Loyal Customers', label: t('Loyal Customers', '忠诚客户'), r: [2, 4], f: [2, 4], m: [2, 4] },
  { key: 'Promising', label: t('Promising', '有潜力客户'), r: [3, 4], f: [1, 3], m: [3, 5] },
  { key: 'New Customers', label: t('New Customers', '新客户'), r: [4, 5], f: [1, 3], m: [1, 5] },
  { key: "Can't Lose Them", label: t("Can't Lose Them", '不能失去的客户'), r: [1, 2], f: [3, 4], m: [4, 5] },
  { key: 'At Risk', label: t('At Risk', '有流失风险'), r: [1, 2], f: [2, 5], m: [4, 5] },
  { key: 'Need Attention', label: t('Need Attention', '需要关注'), r: [1, 3], f: [3, 5], m: [3, 5] },
  { key: 'About To Sleep', label: t('About To Sleep', '即将沉睡'), r: [2, 3], f: [1, 3], m: [1, 4] },
  { key: 'Lost', label: t('Lost', '已流失'), r: [1, 1], f: [1, 5], m: [1, 5] },
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
