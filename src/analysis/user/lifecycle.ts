/**
 * Customer lifecycle stages — new, active, at risk, dormant, churned — judged against each customer's own
 * usual interval between purchases where there is enough history, and against fixed windows otherwise;
 * counts at the end of each recent period and movement between stages.
 */
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import { money } from '../text.js';
import type { AnalysisResult, ResultTable } from '../types.js';
import { quantileSorted } from '../../stats/quantile.js';
import {
  checkChoice, checkNumber, diagnostic, emptyResult, groupByCustomer, isoDate, periodLabel, periodOf, periodStart, readOrders, round, t, type OrderArrays,
} from './inputs.js';

export type Stage = 'new' | 'active' | 'at_risk' | 'dormant' | 'churned';
export const STAGES: readonly Stage[] = ['new', 'active', 'at_risk', 'dormant', 'churned'];
export const STAGE_LABEL: Record<Stage, I18nText> = {
  new: t('New', '新客'), active: t('Active', '活跃'), at_risk: t('At risk', '有流失风险'), dormant: t('Dormant', '沉睡'), churned: t('Churned', '已流失'),
};

export interface LifecycleOptions {
  /** A customer is new for this many days after the first purchase (default 30). */
  newDays: number;
  /** Gaps between purchase days needed to use the customer's own interval (default 3). */
  minIntervals: number;
  /** Multiples of the customer's median interval ending active / at risk / dormant (defaults 1.5, 3, 6). */
  factors: { active: number; atRisk: number; dormant: number };
  /** Fixed windows in days since the last purchase, used without enough history (defaults 90, 180, 365). */
  windows: { active: number; atRisk: number; dormant: number };
  /** Personal thresholds are never shorter than this many days (default 14). */
  minWindowDays: number;
  /** Snapshots: month ends (or week ends) over this many periods up to the as-of date (default 12). */
  period: 'month' | 'week';
  periods: number;
  maxCustomerRows: number;
}

export const LIFECYCLE_DEFAULTS: LifecycleOptions = {
  newDays: 30, minIntervals: 3, factors: { active: 1.5, atRisk: 3, dormant: 6 }, windows: { active: 90, atRisk: 180, dormant: 365 },
  minWindowDays: 14, period: 'month', periods: 12, maxCustomerRows: 10_000,
};

/** A customer's purchase days (unique, ascending) and revenue. */
export interface PurchaseHistory { days: Float64Array; start: Int32Array; revenue: Float64Array; customers: string[] }

/** Unique purchase days per customer (refunds excluded), in one flat array with offsets. */
export function purchaseHistory(o: OrderArrays, asOf: number): PurchaseHistory {
  const { start, idx } = groupByCustomer(o);
  const days: number[] = [], offs: number[] = [0], revenue: number[] = [], customers: string[] = [];
  const buf: number[] = [];
  for (let c = 0; c < o.customers.length; c++) {
    buf.length = 0;
    let rev = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const i = idx[j];
      const d = Math.floor(o.date[i]);
      if (d > asOf) continue;
      if (o.refund[i]) { rev -= Math.abs(o.amount[i]); continue; }
      rev += o.amount[i];
      buf.push(d);
    }
    if (buf.length === 0) continue;
    buf.sort((a, b) => a - b);
    for (let k = 0; k < buf.length; k++) if (k === 0 || buf[k] !== buf[k - 1]) days.push(buf[k]);
    offs.push(days.length);
    revenue.push(rev);
    customers.push(o.customers[c]);
  }
  return { days: Float64Array.from(days), start: Int32Array.from(offs), revenue: Float64Array.from(revenue), customers };
}

export interface StageJudgement { stage: Stage; basis: 'personal' | 'fixed'; interval: number | null; daysSince: number }

/**
 * Stage of one customer at date `d` (pure), from their ascending unique purchase days up to `n` (those ≤ d).
 * Personal basis: median gap m (Excel MEDIAN) over ≥ minIntervals gaps; thresholds max(factor·m, minWindowDays).
 * Example: purchases every 30 days (4 gaps), 50 days since the last → at risk (45 < 50 ≤ 90).
 */
export function judgeStage(days: ArrayLike<number>, n: number, d: number, opts: LifecycleOptions): StageJudgement | null {
  if (n === 0) return null;
  return stageFrom(days[0], days[n - 1], medianGap(days, n, opts.minIntervals), d, opts);
}

/** Median gap (Excel MEDIAN) between the first n purchase days, or null with fewer than `minIntervals` gaps. */
export function medianGap(days: ArrayLike<number>, n: number, minIntervals: number, scratch?: Float64Array): number | null {
  if (n - 1 < minIntervals || n < 2) return null;
  const gaps = scratch && scratch.length >= n - 1 ? scratch.subarray(0, n - 1) : new Float64Array(n - 1);
  for (let k = 1; k < n; k++) gaps[k - 1] = days[k] - days[k - 1];
  gaps.sort();
  return quantileSorted(gaps, 0.5);
}

/** Stage from the first and last purchase day and the usual interval (null → fixed windows). */
export function stageFrom(first: number, last: number, interval: number | null, d: number, opts: LifecycleOptions): StageJudgement {
  const since = d - last;
  const basis = interval !== null ? 'personal' : 'fixed';
  const th = interval !== null
    ? {
      active: Math.max(opts.factors.active * interval, opts.minWindowDays),
      atRisk: Math.max(opts.factors.atRisk * interval, opts.minWindowDays),
      dormant: Math.max(opts.factors.dormant * interval, opts.minWindowDays),
    }
    : opts.windows;
  let stage: Stage;
  if (d - first <= opts.newDays) stage = 'new';
  else if (since <= th.active) stage = 'active';
  else if (since <= th.atRisk) stage = 'at_risk';
  else if (since <= th.dormant) stage = 'dormant';
  else stage = 'churned';
  return { stage, basis, interval, daysSince: since };
}

const SHOW_RANK: Record<Stage, number> = { at_risk: 0, dormant: 1, active: 2, new: 3, churned: 4 };

const HEAD = {
  kind: 'lifecycle',
  title: t('Customer lifecycle', '客户生命周期'),
  sheetName: t('Lifecycle', '生命周期'),
  question: t('How many customers are new, active, at risk, dormant or gone, and how are they moving?', '有多少客户处于新客、活跃、有风险、沉睡或流失阶段？他们如何变化？'),
};

/** Run the lifecycle analysis on the orders table. */
export function runLifecycle(inputs: AnalysisInputs, common: CommonOptions, options: Partial<LifecycleOptions> = {}): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const o0: LifecycleOptions = {
    ...LIFECYCLE_DEFAULTS, ...options,
    factors: { ...LIFECYCLE_DEFAULTS.factors, ...options.factors }, windows: { ...LIFECYCLE_DEFAULTS.windows, ...options.windows },
  };
  const D = LIFECYCLE_DEFAULTS;
  const num = (name: string, v: number, f: number, lo: number, hi: number, int = false): number => checkNumber(diagnostics, name, v, f, lo, hi, int);
  const fa = num('factors.active', o0.factors.active, D.factors.active, 0.1, 100);
  const fr = num('factors.atRisk', o0.factors.atRisk, Math.max(fa, D.factors.atRisk), fa, 100);
  const wa = num('windows.active', o0.windows.active, D.windows.active, 1, 3650, true);
  const wr = num('windows.atRisk', o0.windows.atRisk, Math.max(wa, D.windows.atRisk), wa, 3650, true);
  const opts: LifecycleOptions = {
    newDays: num('newDays', o0.newDays, D.newDays, 0, 3650, true),
    minIntervals: num('minIntervals', o0.minIntervals, D.minIntervals, 1, 1000, true),
    factors: { active: fa, atRisk: fr, dormant: num('factors.dormant', o0.factors.dormant, Math.max(fr, D.factors.dormant), fr, 100) },
    windows: { active: wa, atRisk: wr, dormant: num('windows.dormant', o0.windows.dormant, Math.max(wr, D.windows.dormant), wr, 3650, true) },
    minWindowDays: num('minWindowDays', o0.minWindowDays, D.minWindowDays, 0, 3650, true),
    period: checkChoice(diagnostics, 'period', o0.period, D.period, ['month', 'week'] as const),
    periods: num('periods', o0.periods, D.periods, 1, 520, true),
    maxCustomerRows: num('maxCustomerRows', o0.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const h = purchaseHistory(o, common.asOf);
  const nC = h.customers.length;
  if (nC === 0) {
    diagnostics.push(diagnostic('user.no_purchases', 'error', t(
      'No purchases on or before the as-of date: nothing to analyse.', '分析基准日及之前没有购买记录：无可分析内容。'), o.dataset));
    return emptyResult(HEAD, diagnostics);
  }
  const lang = common.lang;
  // Snapshot dates: end of each of the last `periods` periods, the last one being the as-of date.
  const asOfP = periodOf(common.asOf, opts.period);
  const snaps: { label: string; date: number }[] = [];
  for (let k = opts.periods - 1; k >= 1; k--) {
    const p = asOfP - k;
    snaps.push({ label: periodLabel(p, opts.period), date: periodStart(p + 1, opts.period) - 1 });
  }
  snaps.push({ label: isoDate(common.asOf), date: common.asOf });
  const counts = snaps.map(() => ({ new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 }));
  const trans = new Map<string, number>();
  const now: (StageJudgement | null)[] = new Array<StageJudgement | null>(nC).fill(null);
  let personal = 0, maxDays = 0;
  for (let c = 0; c < nC; c++) maxDays = Math.max(maxDays, h.start[c + 1] - h.start[c]);
  const scratch = new Float64Array(maxDays);
  for (let c = 0; c < nC; c++) {
    const s0 = h.start[c], s1 = h.start[c + 1];
    const days = h.days.subarray(s0, s1);
    let n = 0, prev: Stage | null = null, gapN = -1, interval: number | null = null;
    for (let k = 0; k < snaps.length; k++) {
      const d = snaps[k].date;
      while (n < days.length && days[n] <= d) n++;
      // The median gap only changes when a purchase was added since the previous snapshot.
      if (n !== gapN) { interval = medianGap(days, n, opts.minIntervals, scratch); gapN = n; }
      const j = n > 0 ? stageFrom(days[0], days[n - 1], interval, d, opts) : null;
      if (j) counts[k][j.stage]++;
      if (k === snaps.length - 1) {
        now[c] = j;
        if (j?.basis === 'personal') personal++;
        if (j && snaps.length >= 2) {
          const key = `${prev ?? 'none'}>${j.stage}`;
          trans.set(key, (trans.get(key) ?? 0) + 1);
        }
      }
      prev = j?.stage ?? null;
    }
  }
  const last = counts[counts.length - 1];
  const stageRevenue: Record<Stage, number> = { new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 };
  const stageSince: Record<Stage, number> = { new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 };
  for (let c = 0; c < nC; c++) {
    const j = now[c]!;
    stageRevenue[j.stage] += h.revenue[c];
    stageSince[j.stage] += j.daysSince;
  }
  const stages: ResultTable = {
    name: 'stages', title: t(`Lifecycle stages on ${isoDate(common.asOf)}`, `${isoDate(common.asOf)} 的生命周期阶段`),
    columns: [
      { key: 'stage', label: t('Stage key', '阶段键'), kind: 'text' },
      { key: 'stage_name', label: t('Stage', '阶段'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
      { key: 'avg_days_since_last', label: t('Avg. days since last purchase', '平均距上次购买天数'), kind: 'number', decimals: 0 },
    ],
    rows: STAGES.map((s) => ({
      stage: s, stage_name: STAGE_LABEL[s][lang], customers: last[s], share: round(last[s] / nC), revenue: round(stageRevenue[s], 2),
      avg_days_since_last: last[s] > 0 ? round(stageSince[s] / last[s], 1) : null,
    })),
  };
  const trend: ResultTable = {
    name: 'stage_trend', title: t('Customers by stage over time', '各阶段客户数变化'),
    columns: [
      { key: 'period', label: t('At end of', '期末'), kind: 'text' },
      { key: 'date', label: t('Date', '日期'), kind: 'date' },
      ...STAGES.map((s) => ({ key: s, label: STAGE_LABEL[s], kind: 'integer' as const })),
    ],
    rows: snaps.map((sn, k) => ({ period: sn.label, date: sn.date, ...counts[k] })),
  };
  const fromKeys: (Stage | 'none')[] = ['none', ...STAGES];
  const transitions: ResultTable = {
    name: 'transitions', title: t(`Movement since ${snaps.length >= 2 ? isoDate(snaps[snaps.length - 2].date) : ''}`, `自 ${snaps.length >= 2 ? isoDate(snaps[snaps.length - 2].date) : ''} 以来的阶段变化`),
    columns: [
      { key: 'from', label: t('From (previous period end)', '上期末阶段'), kind: 'text' },
      ...STAGES.map((s) => ({ key: s, label: t(`To ${STAGE_LABEL[s].en.toLowerCase()}`, `变为${STAGE_LABEL[s]['zh-CN']}`), kind: 'integer' as const, highlight: 'colorScale' as const })),
    ],
    rows: fromKeys.map((f) => ({
      from: f === 'none' ? t('(not yet a customer)', '（尚未成为客户）')[lang] : STAGE_LABEL[f][lang],
      ...Object.fromEntries(STAGES.map((s) => [s, trans.get(`${f}>${s}`) ?? 0])),
    })),
  };
  // Customer list: at risk first, then dormant, active, new, churned; within a stage by revenue.
  const rankOf = new Int8Array(nC);
  for (let c = 0; c < nC; c++) rankOf[c] = SHOW_RANK[now[c]!.stage];
  const order = Array.from({ length: nC }, (_, i) => i).sort((a, b) =>
    rankOf[a] - rankOf[b] || h.revenue[b] - h.revenue[a] || (h.customers[a] < h.customers[b] ? -1 : 1));
  const shown = order.slice(0, opts.maxCustomerRows);
  const customers: ResultTable = {
    name: 'customers', title: t('Customers by stage (at risk first)', '客户阶段（有风险者在前）'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'stage', label: t('Stage', '阶段'), kind: 'text' },
      { key: 'days_since_last', label: t('Days since last purchase', '距上次购买天数'), kind: 'integer' },
      { key: 'usual_interval', label: t('Usual interval (days)', '通常购买间隔（天）'), kind: 'number', decimals: 1 },
      { key: 'basis', label: t('Judged by', '判断依据'), kind: 'text' },
      { key: 'purchase_days', label: t('Purchase days', '购买天数'), kind: 'integer' },
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
    ],
    rows: shown.map((c): Record<string, CellValue> => {
      const j = now[c]!;
      return {
        customer_id: h.customers[c], stage: STAGE_LABEL[j.stage][lang], days_since_last: j.daysSince, usual_interval: round(j.interval, 1),
        basis: (j.basis === 'personal' ? t('own interval', '个人购买间隔') : t('fixed window', '固定窗口'))[lang],
        purchase_days: h.start[c + 1] - h.start[c], revenue: round(h.revenue[c], 2),
      };
    }),
  };
  if (nC > shown.length) customers.note = t(`Showing ${shown.length} of ${nC} customers.`, `仅显示 ${shown.length} 位客户（共 ${nC} 位）。`);
  if (personal === 0) {
    diagnostics.push(diagnostic('lifecycle.fixed_only', 'info', t(
      `No customer has ${opts.minIntervals + 1} or more purchase days: every stage uses the fixed windows.`,
      `没有客户有 ${opts.minIntervals + 1} 个及以上购买日：所有阶段均按固定窗口判断。`), o.dataset));
  }
  const atRiskRev = stageRevenue.at_risk;
  const findings: AnalysisResult['findings'] = [];
  if (last.at_risk > 0) {
    findings.push({
      key: 'lifecycle.at_risk',
      text: t(`${last.at_risk} customers are overdue against their usual rhythm (at risk); they have spent ${money(atRiskRev, common.currency, 'en')} so far. Reaching them now costs less than winning them back later.`,
        `${last.at_risk} 位客户已超过其通常的购买节奏（有流失风险）；他们累计消费 ${money(atRiskRev, common.currency, 'zh-CN')}。现在触达比日后挽回更省成本。`),
      atStake: round(atRiskRev, 2), observational: true, descriptive: true,
    });
  }
  if (snaps.length >= 2) {
    const prevC = counts[counts.length - 2];
    const d = last.active - prevC.active;
    findings.push({
      key: 'lifecycle.active_change',
      text: t(`Active customers ${d >= 0 ? 'rose' : 'fell'} from ${prevC.active} to ${last.active} since the previous period end.`,
        `活跃客户从上期末的 ${prevC.active} 位${d >= 0 ? '增至' : '降至'} ${last.active} 位。`),
      atStake: null, observational: true, descriptive: true,
    });
  }
  const w = opts.windows, f = opts.factors;
  return {
    ...HEAD,
    figures: [
      { key: 'customers', label: t('Customers', '客户数'), value: nC, kind: 'integer' },
      ...STAGES.map((s) => ({ key: s, label: STAGE_LABEL[s], value: last[s], kind: 'integer' as const })),
      { key: 'active_share', label: t('Active share', '活跃占比'), value: round((last.active + last.new) / nC), kind: 'percent' },
      { key: 'at_risk_revenue', label: t('Revenue of at-risk customers', '有风险客户累计收入'), value: round(atRiskRev, 2), kind: 'currency' },
    ],
    tables: [stages, trend, transitions, customers],
    charts: [
      { name: 'stages', title: t('Customers by stage', '各阶段客户数'), kind: 'bar', table: 'stages', category: 'stage_name', series: ['customers'] },
      { name: 'stage_trend', title: t('Stages over time', '阶段变化趋势'), kind: 'stackedColumn', table: 'stage_trend', category: 'period', series: [...STAGES] },
    ],
    findings,
    notes: [
      t(`As of ${isoDate(common.asOf)}. New: first purchase within ${opts.newDays} days. With ${opts.minIntervals} or more gaps between purchase days, a customer is judged against their own median gap m: active up to ${f.active}·m days since the last purchase, at risk up to ${f.atRisk}·m, dormant up to ${f.dormant}·m, then churned (never shorter than ${opts.minWindowDays} days). Otherwise fixed windows: active ≤ ${w.active} days, at risk ≤ ${w.atRisk}, dormant ≤ ${w.dormant}, then churned.`,
        `基准日 ${isoDate(common.asOf)}。新客：首购在 ${opts.newDays} 天内。有 ${opts.minIntervals} 个及以上购买间隔的客户按其本人间隔中位数 m 判断：距上次购买不超过 ${f.active}·m 天为活跃，不超过 ${f.atRisk}·m 为有风险，不超过 ${f.dormant}·m 为沉睡，否则为流失（阈值不少于 ${opts.minWindowDays} 天）。其余按固定窗口：活跃 ≤ ${w.active} 天，有风险 ≤ ${w.atRisk} 天，沉睡 ≤ ${w.dormant} 天，否则为流失。`),
      t(`${personal} of ${nC} customers (${round((personal / nC) * 100, 1)}%) are judged against their own interval. Refunds are not purchases. Stages are descriptive, not predictions; see the CLV sheet for P(alive).`,
        `${nC} 位客户中有 ${personal} 位（${round((personal / nC) * 100, 1)}%）按本人间隔判断。退款不算购买。阶段是描述而非预测；存活概率见 CLV 工作表。`),
    ],
    diagnostics,
  };
}

export const lifecycleAnalysis: AnalysisDef<Partial<LifecycleOptions>> = {
  kind: 'lifecycle',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '包含客户、下单日期和金额的订单表。'),
  defaults: LIFECYCLE_DEFAULTS,
  run: runLifecycle,
};
