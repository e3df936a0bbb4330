/**
 * What the Dashboard shows of each analysis, in words a manager uses:
 * - `HEADLINES`: the six to eight figures that answer "how are we doing", each named plainly
 *   (the analyses' own labels are written for their sheets, e.g. "Total CLV", "CAC, paid channels");
 * - `isModelParameter`: figures that describe a model or a test rather than the business (sBG α, BG/NBD r,
 *   log-likelihoods, a p-value, a random seed). They leave the key-figure tiles for the method notes.
 */
import type { AnalysisResult, Figure } from '../analysis/types.js';
import type { I18nText } from '../types.js';

export interface Headline {
  /** `AnalysisResult.kind` and `Figure.key` of the figure shown; the first one present is used. */
  from: readonly { kind: string; key: string }[];
  /** Plain label; absent = the figure's own label (already plain). */
  label?: I18nText;
}

/** The Dashboard's headline figures, most important first; at most `MAX_HEADLINES` are shown. */
export const HEADLINES: readonly Headline[] = [
  {
    from: [{ kind: 'recommendations', key: 'at_stake_total' }],
    label: { en: 'Money at stake in the findings', 'zh-CN': '各项发现涉及金额合计' },
  },
  {
    from: [{ kind: 'rfm', key: 'revenue' }],
    label: { en: 'Revenue from orders', 'zh-CN': '订单收入' },
  },
  {
    from: [
      { kind: 'channel-performance', key: 'total_spend' },
      { kind: 'reported-vs-real', key: 'spend' },
    ],
    label: { en: 'Marketing spend', 'zh-CN': '营销花费' },
  },
  {
    from: [{ kind: 'clv', key: 'total_clv' }],
    label: { en: 'Value today’s customers are expected to bring', 'zh-CN': '现有客户预计带来的价值' },
  },
  {
    from: [
      { kind: 'lifecycle', key: 'at_risk_revenue' },
      { kind: 'rfm', key: 'at_risk_revenue' },
    ],
    label: { en: 'Past revenue of customers at risk of leaving', 'zh-CN': '有流失风险客户的累计收入' },
  },
  {
    from: [{ kind: 'acquisition-quality', key: 'blended_cac' }],
    label: { en: 'Cost of one new customer (paid channels)', 'zh-CN': '每位新客户的获客成本（付费渠道）' },
  },
  {
    from: [{ kind: 'cohorts', key: 'second_purchase_rate' }],
    label: { en: 'New customers who came back to buy again', 'zh-CN': '新客户中回来再次购买的比例' },
  },
  {
    from: [{ kind: 'experiment', key: 'best_lift' }],
    label: { en: 'Lift of the best tested offer', 'zh-CN': '效果最好的测试方案带来的提升' },
  },
  {
    from: [{ kind: 'budget', key: 'month_pacing' }],
    label: { en: 'This month’s spend against its budget', 'zh-CN': '本月花费占预算的比例' },
  },
  {
    from: [{ kind: 'lifecycle', key: 'active' }],
    label: { en: 'Active customers', 'zh-CN': '活跃客户' },
  },
  {
    from: [{ kind: 'rfm', key: 'customers' }],
    label: { en: 'Customers who bought', 'zh-CN': '购买过的客户' },
  },
];

export const MIN_HEADLINES = 6;
export const MAX_HEADLINES = 8;

/**
 * Figures that are parameters of a fitted model or statistics of a test: shown on the analysis sheet's
 * method notes, never as a key-figure tile. Keys as the analyses name them (`clv.ts`, `cohorts.ts`,
 * `clusters.ts`, `experiment/present.ts`).
 */
const PARAMETER_KEYS = /^(sbg_|bgnbd_|gg_)|(^|_)(loglik|seed|silhouette)$|(^|_)p$|^srm_p$|_p_value$|^p_value$/;

export function isModelParameter(f: Pick<Figure, 'key'>): boolean {
  return PARAMETER_KEYS.test(f.key);
}

export interface PickedHeadline {
  result: AnalysisResult;
  figure: Figure;
  label?: I18nText;
}

/**
 * The Dashboard's headline figures: the catalogue's figures that are present and known (value not null),
 * in catalogue order, at most `MAX_HEADLINES`; when fewer than `MIN_HEADLINES` are found (a run with few
 * analyses), the first other figures of the results that are not model parameters fill up to the minimum.
 */
export function pickHeadlines(results: readonly AnalysisResult[]): PickedHeadline[] {
  const out: PickedHeadline[] = [];
  const used = new Set<Figure>();
  const find = (kind: string, key: string) => {
    for (const result of results) {
      if (result.kind !== kind) continue;
      const figure = result.figures.find((f) => f.key === key && f.value !== null && Number.isFinite(f.value));
      if (figure) return { result, figure };
    }
    return null;
  };
  for (const h of HEADLINES) {
    if (out.length >= MAX_HEADLINES) break;
    for (const src of h.from) {
      const hit = find(src.kind, src.key);
      if (hit && !used.has(hit.figure)) {
        used.add(hit.figure);
        out.push({ ...hit, ...(h.label ? { label: h.label } : {}) });
        break;
      }
    }
  }
  for (const result of results) {
    for (const figure of result.figures) {
      if (out.length >= MIN_HEADLINES) return out;
      if (used.has(figure) || isModelParameter(figure) || figure.value === null || !Number.isFinite(figure.value))
        continue;
      used.add(figure);
      out.push({ result, figure });
    }
  }
  return out;
}
