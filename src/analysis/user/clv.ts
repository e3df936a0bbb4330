/**
 * Customer lifetime value and churn risk: BG/NBD (purchases, P(alive)) × Gamma-Gamma (spend per purchase),
 * discounted monthly over a horizon, in the data's real time unit; churn-risk tiers from P(alive);
 * calibration/holdout validation by frequency and a tracking table of cumulative repeat purchases.
 */
import type { CellValue, Diagnostic } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import { money } from '../text.js';
import type { AnalysisResult, Figure, ResultTable } from '../types.js';
import {
  aliveDenominator, conditionalExpectedPurchases, expectationNumerator, expectedPurchases, type BgNbdParams,
} from './bg-nbd.js';
import { customerModels, customerSummary } from './customer-models.js';
import { summaryDiagnostics, type CustomerSummary, type RefundMode, type TimeUnit } from './customer-summary.js';
import { conditionalExpectedSpend, spendFrequencyCorrelation, type GammaGammaFit } from './gamma-gamma.js';
import { checkChoice, checkNumber, diagnostic, emptyResult, isoDate, readOrders, round, t, type OrderArrays } from './inputs.js';

export interface ClvOptions {
  /** Model time unit (default weeks, as in Fader, Hardie & Lee 2005). Horizons are converted, never assumed. */
  timeUnit: TimeUnit;
  /** CLV horizon in months (default 12). */
  horizonMonths: number;
  /** Annual discount rate (default 0.10), applied monthly: (1 + d)^(1/12) − 1. */
  annualDiscountRate: number;
  /** Gross margin applied to spend (default 1 = revenue). */
  margin: number;
  /** Days at the end held out for validation (default 0 = none). */
  holdoutDays: number;
  /** L2 penalty on BG/NBD parameters (default 0). */
  penalty: number;
  refunds: RefundMode;
  /** P(alive) below `high` → high risk; below `medium` → medium risk; else low (defaults 0.3, 0.7). */
  riskTiers: { high: number; medium: number };
  maxCustomerRows: number;
}

export const CLV_DEFAULTS: ClvOptions = {
  timeUnit: 'weeks', horizonMonths: 12, annualDiscountRate: 0.1, margin: 1, holdoutDays: 0, penalty: 0,
  refunds: 'net', riskTiers: { high: 0.3, medium: 0.7 }, maxCustomerRows: 10_000,
};

const HEAD = {
  kind: 'clv',
  title: t('Customer lifetime value and churn risk', '客户终身价值与流失风险'),
  sheetName: t('CLV', '客户价值'),
  question: t('What is each customer worth, and who is slipping away?', '每位客户值多少钱？谁正在流失？'),
};

const DAYS_PER_MONTH = 365.25 / 12;

/** Per-customer scores of the fitted models. */
export interface ClvScores {
  pAlive: Float64Array;
  /** Expected purchases over the horizon. */
  purchases: Float64Array;
  /** Expected spend per purchase (Gamma-Gamma); null where the model has no finite mean. */
  spend: (number | null)[];
  /** Discounted value over the horizon (× margin); null where spend is null. */
  clv: (number | null)[];
}

/**
 * Score customers (pure): P(alive), expected purchases over `horizonMonths`, expected spend, and
 * CLV = Σₘ (E[Y(tₘ)] − E[Y(tₘ₋₁)]) · spend · margin / (1 + d)^m over months m = 1..H, with tₘ in model units.
 * The hypergeometric part is computed once per distinct (x, T), so large customer bases cost little.
 */
export function scoreClv(
  s: Pick<CustomerSummary, 'x' | 't_x' | 'T' | 'zbar'>, bg: BgNbdParams, gg: GammaGammaFit['params'] | null,
  opts: Pick<ClvOptions, 'timeUnit' | 'horizonMonths' | 'annualDiscountRate' | 'margin'>,
): ClvScores {
  const n = s.x.length;
  const unitDays = opts.timeUnit === 'weeks' ? 7 : 1;
  const H = Math.max(0, Math.round(opts.horizonMonths));
  const dm = Math.pow(1 + opts.annualDiscountRate, 1 / 12) - 1;
  // The numerator of E[Y(t) | x, t_x, T] depends on (x, T) only: compute its monthly path once per pair.
  const cache = new Map<number, Map<number, [number, number]>>(); // x → T → [numerator at H, discounted increments]
  const out: ClvScores = { pAlive: new Float64Array(n), purchases: new Float64Array(n), spend: [], clv: [] };
  for (let i = 0; i < n; i++) {
    const x = s.x[i], T = s.T[i];
    let byT = cache.get(x);
    if (!byT) { byT = new Map(); cache.set(x, byT); }
    let v = byT.get(T);
    if (!v) {
      let prev = 0, disc = 0;
      for (let m = 1; m <= H; m++) {
        const e = expectationNumerator(bg, (m * DAYS_PER_MONTH) / unitDays, x, T);
        disc += (e - prev) / Math.pow(1 + dm, m);
        prev = e;
      }
      v = [prev, disc];
      byT.set(T, v);
    }
    const den = aliveDenominator(bg, x, s.t_x[i], T);
    out.pAlive[i] = 1 / den;
    out.purchases[i] = v[0] / den;
    const sp = gg ? conditionalExpectedSpend(gg, x, s.zbar[i]) : null;
    out.spend.push(sp);
    const disc = v[1] / den;
    out.clv.push(sp === null || !Number.isFinite(disc) ? null : disc * sp * opts.margin);
  }
  return out;
}

/**
 * Cumulative repeat purchases (same-day purchases merged, each customer's first purchase excluded) at the end
 * of each period of `periodDays` from `start` (Excel serial): element k counts repeats dated before
 * start + (k + 1)·periodDays. Refund rows are not purchases.
 * Example (CDNOW sample, weekly from 1997-01-01): weeks 20..25 → 1359, 1414, 1484, 1517, 1573, 1672.
 */
export function cumulativeRepeats(o: OrderArrays, start: number, periodDays: number, periods: number): number[] {
  const keys: number[] = [];
  for (let i = 0; i < o.code.length; i++) if (!o.refund[i]) keys.push(o.code[i] * 1e6 + Math.floor(o.date[i]) - start + 5e5);
  const sorted = Float64Array.from(keys).sort();
  const hist = new Array<number>(periods).fill(0);
  let prevCode = -1, prevKey = -1;
  for (const k of sorted) {
    if (k === prevKey) continue;
    prevKey = k;
    const code = Math.floor(k / 1e6);
    if (code !== prevCode) { prevCode = code; continue; } // first purchase
    const day = (k % 1e6) - 5e5;
    const p = Math.floor(day / periodDays);
    if (p >= 0 && p < periods) hist[p]++;
  }
  for (let p = 1; p < periods; p++) hist[p] += hist[p - 1];
  return hist;
}

function riskTier(p: number, tiers: ClvOptions['riskTiers']): 'high' | 'medium' | 'low' {
  return p < tiers.high ? 'high' : p < tiers.medium ? 'medium' : 'low';
}

const TIER_LABEL = {
  high: t('High risk', '高风险'), medium: t('Medium risk', '中风险'), low: t('Low risk', '低风险'),
};

/** Validate CLV options; invalid values fall back to the defaults with a warning. */
export function checkClvOptions(o: ClvOptions, d: Diagnostic[]): ClvOptions {
  const D = CLV_DEFAULTS;
  const high = checkNumber(d, 'riskTiers.high', o.riskTiers.high, D.riskTiers.high, 0, 1);
  return {
    timeUnit: checkChoice(d, 'timeUnit', o.timeUnit, D.timeUnit, ['weeks', 'days'] as const),
    horizonMonths: checkNumber(d, 'horizonMonths', o.horizonMonths, D.horizonMonths, 1, 120, true),
    annualDiscountRate: checkNumber(d, 'annualDiscountRate', o.annualDiscountRate, D.annualDiscountRate, 0, 1),
    margin: checkNumber(d, 'margin', o.margin, D.margin, 0, 1),
    holdoutDays: checkNumber(d, 'holdoutDays', o.holdoutDays, D.holdoutDays, 0, 36_500, true),
    penalty: checkNumber(d, 'penalty', o.penalty, D.penalty, 0, 1e6),
    refunds: checkChoice(d, 'refunds', o.refunds, D.refunds, ['net', 'exclude'] as const),
    riskTiers: { high, medium: checkNumber(d, 'riskTiers.medium', o.riskTiers.medium, Math.max(high, D.riskTiers.medium), high, 1) },
    maxCustomerRows: checkNumber(d, 'maxCustomerRows', o.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
}

/** Run CLV and churn risk on the orders table. */
export function runClv(inputs: AnalysisInputs, common: CommonOptions, options: Partial<ClvOptions> = {}): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkClvOptions({ ...CLV_DEFAULTS, ...options, riskTiers: { ...CLV_DEFAULTS.riskTiers, ...options.riskTiers } }, diagnostics);
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const unitDays = opts.timeUnit === 'weeks' ? 7 : 1;
  const unitName = opts.timeUnit === 'weeks' ? t('weeks', '周') : t('days', '天');
  const calEnd = common.asOf - Math.max(0, opts.holdoutDays);
  const sOpts = { refunds: opts.refunds, mergeSameDay: true, timeUnit: opts.timeUnit, asOf: common.asOf, calibrationEnd: calEnd };
  const s = customerSummary(o, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, o, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (s.x[i] > 0) repeaters++;
  if (n < 10 || repeaters < 3) {
    diagnostics.push(diagnostic('clv.too_little_history', 'error', t(
      `The models need repeat purchases from several customers; found ${n} customers and ${repeaters} repeat buyers.`,
      `模型需要多位客户的重复购买；目前只有 ${n} 位客户、${repeaters} 位复购客户。`), o.dataset));
    return emptyResult(HEAD, diagnostics);
  }
  const { bg, gg } = customerModels(s, opts.penalty, common.memo);
  if (!bg.converged) {
    diagnostics.push(diagnostic('clv.bgnbd_not_converged', 'warning', t(
      'The BG/NBD fit stopped at its iteration cap; treat the figures with care.', 'BG/NBD 拟合达到迭代上限仍未收敛；请谨慎使用结果。')));
  }
  const corr = spendFrequencyCorrelation(s.x, s.zbar);
  if (corr !== null && Math.abs(corr) > 0.3) {
    diagnostics.push(diagnostic('clv.spend_frequency_correlated', 'warning', t(
      `Spend per purchase and frequency are correlated (r = ${corr.toFixed(2)}); the Gamma-Gamma model assumes they are not, so CLV may be biased.`,
      `客单价与购买频次相关（r = ${corr.toFixed(2)}）；Gamma-Gamma 模型假设二者独立，CLV 可能有偏。`)));
  }
  if (gg && gg.params.q <= 1) {
    diagnostics.push(diagnostic('clv.gg_no_mean', 'warning', t(
      'The spend model has no finite mean (q ≤ 1): CLV is left empty.', '消费模型均值不存在（q ≤ 1）：CLV 留空。')));
  }
  const sc = scoreClv(s, bg.params, gg?.params ?? null, opts);

  // Per-customer table (capped, by CLV then expected purchases).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    (sc.clv[b] ?? -1) - (sc.clv[a] ?? -1) || sc.purchases[b] - sc.purchases[a] || (s.ids[a] < s.ids[b] ? -1 : 1));
  const shown = order.slice(0, opts.maxCustomerRows);
  const lang = common.lang;
  const customers: ResultTable = {
    name: 'customers', title: t('Customer value and churn risk', '客户价值与流失风险'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'x', label: t('Repeat purchases', '重复购买次数'), kind: 'integer' },
      { key: 't_x', label: t(`Last purchase (${unitName.en} since first)`, `最近购买（距首购${unitName['zh-CN']}）`), kind: 'number' },
      { key: 'T', label: t(`Observed (${unitName.en})`, `观察期（${unitName['zh-CN']}）`), kind: 'number' },
      { key: 'p_alive', label: t('P(alive)', '存活概率'), kind: 'percent', highlight: 'colorScale' },
      { key: 'risk', label: t('Churn risk', '流失风险'), kind: 'text' },
      { key: 'expected_purchases', label: t(`Expected purchases, next ${opts.horizonMonths} months`, `未来 ${opts.horizonMonths} 个月预计购买次数`), kind: 'number' },
      { key: 'expected_spend', label: t('Expected spend per purchase', '预计客单价'), kind: 'currency' },
      { key: 'clv', label: t(`CLV, ${opts.horizonMonths} months (discounted)`, `${opts.horizonMonths} 个月 CLV（折现）`), kind: 'currency', highlight: 'dataBar' },
    ],
    rows: shown.map((i) => ({
      customer_id: s.ids[i], x: s.x[i], t_x: round(s.t_x[i], 2), T: round(s.T[i], 2), p_alive: round(sc.pAlive[i]),
      risk: TIER_LABEL[riskTier(sc.pAlive[i], opts.riskTiers)][lang], expected_purchases: round(sc.purchases[i], 4),
      expected_spend: round(sc.spend[i], 2), clv: round(sc.clv[i], 2),
    })),
  };
  if (n > shown.length) customers.note = t(`Showing the ${shown.length} most valuable of ${n} customers.`, `仅显示价值最高的 ${shown.length} 位客户（共 ${n} 位）。`);

  // Risk tiers.
  const tierAgg = { high: { c: 0, clv: 0, rev: 0 }, medium: { c: 0, clv: 0, rev: 0 }, low: { c: 0, clv: 0, rev: 0 } };
  let totalClv = 0, totalPurchases = 0, clvCount = 0;
  for (let i = 0; i < n; i++) {
    const g = tierAgg[riskTier(sc.pAlive[i], opts.riskTiers)];
    g.c++; g.rev += s.revenue[i]; g.clv += sc.clv[i] ?? 0;
    if (sc.clv[i] !== null) { totalClv += sc.clv[i]!; clvCount++; }
    totalPurchases += sc.purchases[i];
  }
  const tiers: ResultTable = {
    name: 'risk_tiers', title: t('Churn-risk tiers (from P(alive))', '流失风险分层（基于存活概率）'),
    columns: [
      { key: 'tier', label: t('Tier', '分层'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'past_revenue', label: t('Past revenue', '历史收入'), kind: 'currency' },
      { key: 'clv', label: t('CLV', 'CLV'), kind: 'currency' },
    ],
    rows: (['high', 'medium', 'low'] as const).map((k) => ({
      tier: TIER_LABEL[k][lang], customers: tierAgg[k].c, share: round(tierAgg[k].c / n), past_revenue: round(tierAgg[k].rev, 2), clv: round(tierAgg[k].clv, 2),
    })),
  };

  const p = bg.params, se = bg.se;
  const params: ResultTable = {
    name: 'parameters', title: t('Model parameters', '模型参数'),
    columns: [
      { key: 'model', label: t('Model', '模型'), kind: 'text' },
      { key: 'parameter', label: t('Parameter', '参数'), kind: 'text' },
      { key: 'value', label: t('Estimate', '估计值'), kind: 'number', decimals: 6 },
      { key: 'se', label: t('Std. error', '标准误'), kind: 'number', decimals: 6 },
    ],
    rows: [
      { model: 'BG/NBD', parameter: 'r', value: round(p.r), se: round(se?.r) },
      { model: 'BG/NBD', parameter: 'alpha', value: round(p.alpha), se: round(se?.alpha) },
      { model: 'BG/NBD', parameter: 'a', value: round(p.a), se: round(se?.a) },
      { model: 'BG/NBD', parameter: 'b', value: round(p.b), se: round(se?.b) },
      ...(gg ? [
        { model: 'Gamma-Gamma', parameter: 'p', value: round(gg.params.p), se: round(gg.se?.p) },
        { model: 'Gamma-Gamma', parameter: 'q', value: round(gg.params.q), se: round(gg.se?.q) },
        { model: 'Gamma-Gamma', parameter: 'v', value: round(gg.params.v), se: round(gg.se?.v) },
      ] : []),
    ],
  };

  const tables: ResultTable[] = [tiers, customers, params];
  const charts: AnalysisResult['charts'] = [
    { name: 'risk_tiers', title: t('Customers by churn risk', '各流失风险层客户数'), kind: 'column', table: 'risk_tiers', category: 'tier', series: ['customers'] },
  ];
  const figures: Figure[] = [
    { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
    { key: 'total_clv', label: t('Total CLV', 'CLV 合计'), value: clvCount > 0 ? round(totalClv, 2) : null, kind: 'currency' },
    { key: 'mean_clv', label: t('CLV per customer', '客均 CLV'), value: clvCount > 0 ? round(totalClv / clvCount, 2) : null, kind: 'currency' },
    { key: 'expected_purchases', label: t(`Expected purchases, next ${opts.horizonMonths} months`, `未来 ${opts.horizonMonths} 个月预计购买次数`), value: round(totalPurchases, 1), kind: 'number', decimals: 1 },
    { key: 'high_risk_customers', label: t('High-risk customers', '高风险客户数'), value: tierAgg.high.c, kind: 'integer' },
    { key: 'bgnbd_r', label: t('BG/NBD r', 'BG/NBD r'), value: round(p.r), kind: 'number', decimals: 6 },
    { key: 'bgnbd_alpha', label: t('BG/NBD α', 'BG/NBD α'), value: round(p.alpha), kind: 'number', decimals: 6 },
    { key: 'bgnbd_a', label: t('BG/NBD a', 'BG/NBD a'), value: round(p.a), kind: 'number', decimals: 6 },
    { key: 'bgnbd_b', label: t('BG/NBD b', 'BG/NBD b'), value: round(p.b), kind: 'number', decimals: 6 },
    { key: 'bgnbd_loglik', label: t('BG/NBD log-likelihood', 'BG/NBD 对数似然'), value: round(bg.logLik, 4), kind: 'number', decimals: 4 },
    { key: 'gg_p', label: t('Gamma-Gamma p', 'Gamma-Gamma p'), value: round(gg?.params.p), kind: 'number', decimals: 6 },
    { key: 'gg_q', label: t('Gamma-Gamma q', 'Gamma-Gamma q'), value: round(gg?.params.q), kind: 'number', decimals: 6 },
    { key: 'gg_v', label: t('Gamma-Gamma v', 'Gamma-Gamma v'), value: round(gg?.params.v), kind: 'number', decimals: 6 },
    { key: 'gg_loglik', label: t('Gamma-Gamma log-likelihood', 'Gamma-Gamma 对数似然'), value: round(gg?.logLik, 4), kind: 'number', decimals: 4 },
  ];

  // Validation: calibration/holdout by calibration frequency.
  if (opts.holdoutDays > 0) {
    const h = opts.holdoutDays / unitDays;
    const maxX = 7;
    const agg = Array.from({ length: maxX + 1 }, () => ({ c: 0, actual: 0, pred: 0 }));
    let totA = 0, totP = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.min(maxX, s.x[i]);
      const pr = conditionalExpectedPurchases(p, h, s.x[i], s.t_x[i], s.T[i]);
      agg[k].c++; agg[k].actual += s.holdout[i]; agg[k].pred += pr;
      totA += s.holdout[i]; totP += pr;
    }
    tables.push({
      name: 'validation', title: t('Holdout check: actual vs predicted purchases by calibration frequency', '验证：按校准期购买次数比较实际与预测购买'),
      columns: [
        { key: 'frequency', label: t('Repeat purchases in calibration', '校准期重复购买次数'), kind: 'text' },
        { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
        { key: 'actual', label: t('Actual purchases per customer (holdout)', '验证期人均实际购买'), kind: 'number', decimals: 3 },
        { key: 'predicted', label: t('Predicted purchases per customer (holdout)', '验证期人均预测购买'), kind: 'number', decimals: 3 },
      ],
      rows: agg.map((g, k) => ({
        frequency: k === maxX ? `${maxX}+` : String(k), customers: g.c,
        actual: g.c > 0 ? round(g.actual / g.c, 4) : null, predicted: g.c > 0 ? round(g.pred / g.c, 4) : null,
      })),
      note: t('Empty cells: no customer with that frequency.', '空白：没有该购买次数的客户。'),
    });
    charts.push({
      name: 'validation', title: t('Predicted vs actual purchases in the holdout', '验证期预测与实际购买对比'), kind: 'line', table: 'validation',
      category: 'frequency', series: ['actual', 'predicted'],
      xTitle: t('Repeat purchases in calibration', '校准期重复购买次数'), yTitle: t('Purchases per customer', '人均购买次数'),
    });
    figures.push(
      { key: 'holdout_actual', label: t('Holdout purchases, actual', '验证期实际购买'), value: totA, kind: 'integer' },
      { key: 'holdout_predicted', label: t('Holdout purchases, predicted', '验证期预测购买'), value: round(totP, 1), kind: 'number', decimals: 1 },
    );
  }

  // Tracking: cumulative repeat purchases per period, actual vs model.
  let minFirst = Infinity;
  for (let i = 0; i < n; i++) minFirst = Math.min(minFirst, s.first[i]);
  const trackDays = opts.timeUnit === 'weeks' ? 7 : Math.max(1, Math.ceil((common.asOf - minFirst + 1) / 200));
  const periods = Math.max(1, Math.ceil((common.asOf + 1 - minFirst) / trackDays));
  if (periods <= 2000) {
    const actual = cumulativeRepeats(o, minFirst, trackDays, periods);
    const byFirst = new Map<number, number>();
    for (let i = 0; i < n; i++) byFirst.set(s.first[i], (byFirst.get(s.first[i]) ?? 0) + 1);
    const rows: Record<string, CellValue>[] = [];
    for (let k = 0; k < periods; k++) {
      const end = minFirst + (k + 1) * trackDays; // exclusive
      let e = 0;
      for (const [d, c] of byFirst) if (d < end) e += c * expectedPurchases(p, (end - 1 - d) / unitDays);
      rows.push({ period: k + 1, period_end: end - 1, actual: actual[k], predicted: round(e, 2) });
    }
    tables.push({
      name: 'tracking', title: t('Cumulative repeat purchases: actual vs model', '累计重复购买：实际与模型'),
      columns: [
        { key: 'period', label: t(opts.timeUnit === 'weeks' ? 'Week' : 'Period', opts.timeUnit === 'weeks' ? '周' : '期'), kind: 'integer' },
        { key: 'period_end', label: t('Period end', '期末'), kind: 'date' },
        { key: 'actual', label: t('Actual', '实际'), kind: 'integer' },
        { key: 'predicted', label: t('Model', '模型'), kind: 'number', decimals: 1 },
      ],
      rows,
      note: t('Model curve: expected repeat purchases of each customer since their first purchase, at the calibration parameters.',
        '模型曲线：按校准期参数，每位客户自首购以来的预期重复购买之和。'),
    });
    charts.push({ name: 'tracking', title: t('Cumulative repeat purchases', '累计重复购买'), kind: 'line', table: 'tracking', category: 'period', series: ['actual', 'predicted'] });
  }

  const findings: AnalysisResult['findings'] = [];
  if (tierAgg.high.c > 0) {
    findings.push({
      key: 'clv.high_risk',
      text: t(`${tierAgg.high.c} customers (${round((tierAgg.high.c / n) * 100, 1)}%) have probably stopped buying (P(alive) < ${opts.riskTiers.high}); they spent ${money(tierAgg.high.rev, common.currency, 'en')} in the past.`,
        `${tierAgg.high.c} 位客户（${round((tierAgg.high.c / n) * 100, 1)}%）很可能已停止购买（存活概率 < ${opts.riskTiers.high}）；他们过去共消费 ${money(tierAgg.high.rev, common.currency, 'zh-CN')}。`),
      atStake: round(tierAgg.high.rev, 2), observational: true, descriptive: true,
    });
  }
  if (clvCount > 0) {
    const top = Math.max(1, Math.round(n * 0.1));
    const topSum = order.slice(0, top).reduce((acc, i) => acc + (sc.clv[i] ?? 0), 0);
    findings.push({
      key: 'clv.concentration',
      text: t(`The top 10% of customers (${top}) hold ${round((topSum / (totalClv || 1)) * 100, 1)}% of the predicted ${opts.horizonMonths}-month value.`,
        `前 10% 的客户（${top} 位）占未来 ${opts.horizonMonths} 个月预测价值的 ${round((topSum / (totalClv || 1)) * 100, 1)}%。`),
      atStake: round(topSum, 2), observational: true, descriptive: true,
    });
  }
  const seTxt = se ? `SE r ${se.r.toFixed(4)}, α ${se.alpha.toFixed(4)}, a ${se.a.toFixed(4)}, b ${se.b.toFixed(4)}` : 'SE unavailable (singular Hessian)';
  const seZh = se ? `标准误 r ${se.r.toFixed(4)}，α ${se.alpha.toFixed(4)}，a ${se.a.toFixed(4)}，b ${se.b.toFixed(4)}` : '标准误不可用（Hessian 奇异）';
  return {
    ...HEAD, figures, tables, charts, findings,
    notes: [
      t(`Calibration period up to ${isoDate(calEnd)}${opts.holdoutDays > 0 ? `, holdout to ${isoDate(common.asOf)}` : ''}; same-day purchases merged; time unit: ${unitName.en}. The ${opts.horizonMonths}-month horizon is ${round((opts.horizonMonths * DAYS_PER_MONTH) / unitDays, 2)} ${unitName.en}.`,
        `校准期截至 ${isoDate(calEnd)}${opts.holdoutDays > 0 ? `，验证期至 ${isoDate(common.asOf)}` : ''}；同日购买合并；时间单位：${unitName['zh-CN']}。${opts.horizonMonths} 个月的预测期等于 ${round((opts.horizonMonths * DAYS_PER_MONTH) / unitDays, 2)} ${unitName['zh-CN']}。`),
      t(`BG/NBD (Fader, Hardie & Lee 2005) fitted by maximum likelihood on ${bg.uniqueRows} unique (x, t_x, T) rows: r ${p.r.toFixed(4)}, α ${p.alpha.toFixed(4)}, a ${p.a.toFixed(4)}, b ${p.b.toFixed(4)}, log-likelihood ${bg.logLik.toFixed(2)}; ${seTxt}.`,
        `BG/NBD（Fader、Hardie 和 Lee 2005）以最大似然法在 ${bg.uniqueRows} 个不同 (x, t_x, T) 组合上拟合：r ${p.r.toFixed(4)}，α ${p.alpha.toFixed(4)}，a ${p.a.toFixed(4)}，b ${p.b.toFixed(4)}，对数似然 ${bg.logLik.toFixed(2)}；${seZh}。`),
      gg
        ? t(`Gamma-Gamma (Fader & Hardie 2013) on ${gg.n} repeat buyers' mean repeat spend: p ${gg.params.p.toFixed(4)}, q ${gg.params.q.toFixed(4)}, v ${gg.params.v.toFixed(4)}; spend–frequency correlation ${corr === null ? 'n/a' : corr.toFixed(3)}.`,
          `Gamma-Gamma（Fader 和 Hardie 2013）基于 ${gg.n} 位复购客户的平均复购金额：p ${gg.params.p.toFixed(4)}，q ${gg.params.q.toFixed(4)}，v ${gg.params.v.toFixed(4)}；客单价与频次相关系数 ${corr === null ? '无' : corr.toFixed(3)}。`)
        : t('Too few repeat buyers for the spend model: CLV is left empty.', '复购客户太少，无法拟合消费模型：CLV 留空。'),
      t(`CLV = expected purchases per month × expected spend × margin ${opts.margin}, discounted at ${(opts.annualDiscountRate * 100).toFixed(1)}% a year. Customers with no repeat purchase have P(alive) = 1 by the model's construction; their value comes from the population averages. The figures hold for customers like those in the data, buying in the same way.`,
        `CLV = 每月预计购买次数 × 预计客单价 × 毛利率 ${opts.margin}，按年折现率 ${(opts.annualDiscountRate * 100).toFixed(1)}% 折现。没有重复购买的客户按模型定义存活概率为 1，其价值来自总体平均。结果适用于与数据中客户相似、购买方式不变的客户。`),
    ],
    diagnostics,
  };
}

export const clvAnalysis: AnalysisDef<Partial<ClvOptions>> = {
  kind: 'clv',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount, with repeat purchases.', '包含客户、下单日期和金额且有重复购买的订单表。'),
  defaults: CLV_DEFAULTS,
  run: runClv,
};
