/**
 * Cohorts and repurchase: customers grouped by the month (or week) of their first purchase, and by
 * acquisition channel when known. Retention triangle in counts and percent, revenue per cohort,
 * second-purchase rate within N days, time to second purchase, and an sBG projection of survival.
 */
import type { CellValue, Diagnostic } from '../../types.js';
import type { Dataset } from '../../ingest/types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ResultColumn, ResultTable } from '../types.js';
import { quantileSorted } from '../../stats/quantile.js';
import type { RefundMode } from './customer-summary.js';
import {
  checkChoice, checkNumber, columnByRole, diagnostic, emptyResult, groupByCustomer, isoDate, periodLabel, periodOf, readOrders, round, t, type OrderArrays,
} from './inputs.js';
import { fitSbg, sbgSurvival, type SbgFit } from './sbg.js';
import { columnValues } from '../../ingest/column-values.js';

export interface CohortOptions {
  period: 'month' | 'week';
  /** Columns of the triangle: periods after the first (default 12). */
  maxPeriods: number;
  /** Most recent cohorts shown (default 36). */
  maxCohorts: number;
  /** Window for the second-purchase rate, in days (default 90). */
  secondPurchaseDays: number;
  refunds: RefundMode;
}

export const COHORT_DEFAULTS: CohortOptions = { period: 'month', maxPeriods: 12, maxCohorts: 36, secondPurchaseDays: 90, refunds: 'net' };

/** One cohort: customers by period offset after their first purchase. */
export interface Cohort {
  period: number;
  size: number;
  /** active[k]: customers buying in period first + k (k = 0 … observed). */
  active: number[];
  /** revenue[k]: revenue of the cohort in period first + k. */
  revenue: number[];
  /** survivors[k]: customers whose last purchase is at offset ≥ k (complete periods only). */
  survivors: number[];
}

export interface CohortData {
  cohorts: Cohort[];
  /** Per channel ('' when unknown), pooled over cohorts: activity by offset, revenue, second purchases. */
  byChannel: Map<string, { customers: number; activeAt: number[]; observableAt: number[]; revenue: number; eligible: number; within: number }>;
  secondPurchase: { eligible: number; within: number; daysToSecond: number[] };
}

/**
 * Build cohorts (pure). Refund rows never count as activity; with `refunds = 'net'` they reduce revenue.
 * `channelOf(code)` gives a customer's acquisition channel (or null).
 */
export function buildCohorts(
  o: OrderArrays, asOf: number, opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>,
  channelOf: (code: number) => string | null,
): CohortData {
  const { start, idx } = groupByCustomer(o);
  const asOfP = periodOf(asOf, opts.period);
  const cohorts = new Map<number, Cohort>();
  const byChannel: CohortData['byChannel'] = new Map();
  const sp = { eligible: 0, within: 0, daysToSecond: [] as number[] };
  const pCache = new Map<number, number>();
  const per = (d: number): number => {
    let p = pCache.get(d);
    if (p === undefined) { p = periodOf(d, opts.period); pCache.set(d, p); }
    return p;
  };
  for (let c = 0; c < o.customers.length; c++) {
    let first = Infinity, second = Infinity;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const i = idx[j];
      if (o.refund[i]) continue;
      const d = Math.floor(o.date[i]);
      if (d > asOf) continue;
      if (d < first) { second = first; first = d; } else if (d > first && d < second) second = d;
    }
    if (first === Infinity) continue;
    if (second <= first) second = Infinity;
    const fp = per(first);
    let co = cohorts.get(fp);
    const span = asOfP - fp;
    if (!co) {
      co = { period: fp, size: 0, active: new Array<number>(span + 1).fill(0), revenue: new Array<number>(span + 1).fill(0), survivors: new Array<number>(Math.max(0, span)).fill(0) };
      cohorts.set(fp, co);
    }
    co.size++;
    const seen = new Set<number>();
    let lastOff = 0, custRevenue = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const i = idx[j];
      const d = Math.floor(o.date[i]);
      if (d > asOf) continue;
      const off = per(d) - fp;
      if (off < 0) continue; // a refund before the first purchase
      if (o.refund[i]) {
        if (opts.refunds === 'net') { co.revenue[off] -= Math.abs(o.amount[i]); custRevenue -= Math.abs(o.amount[i]); }
        continue;
      }
      co.revenue[off] += o.amount[i];
      custRevenue += o.amount[i];
      if (!seen.has(off)) { seen.add(off); co.active[off]++; }
      if (off > lastOff) lastOff = off;
    }
    // Survivors over complete periods only (offsets 0 … span − 1).
    for (let k = 0; k < co.survivors.length && k <= lastOff; k++) co.survivors[k]++;
    const eligible = first <= asOf - opts.secondPurchaseDays;
    const within = eligible && second - first <= opts.secondPurchaseDays;
    if (eligible) { sp.eligible++; if (within) sp.within++; }
    if (second !== Infinity) sp.daysToSecond.push(second - first);
    const ch = channelOf(c) ?? '';
    let g = byChannel.get(ch);
    if (!g) { g = { customers: 0, activeAt: [], observableAt: [], revenue: 0, eligible: 0, within: 0 }; byChannel.set(ch, g); }
    g.customers++;
    g.revenue += custRevenue;
    for (let k = 0; k <= span; k++) {
      g.observableAt[k] = (g.observableAt[k] ?? 0) + 1;
      g.activeAt[k] = (g.activeAt[k] ?? 0) + (seen.has(k) ? 1 : 0);
    }
    if (eligible) { g.eligible++; if (within) g.within++; }
  }
  for (const co of cohorts.values()) {
    for (let k = 0; k < co.revenue.length; k++) co.revenue[k] = Math.round(co.revenue[k] * 100) / 100;
  }
  sp.daysToSecond.sort((a, b) => a - b);
  return { cohorts: [...cohorts.values()].sort((a, b) => a.period - b.period), byChannel, secondPurchase: sp };
}

const HEAD = {
  kind: 'cohorts',
  title: t('Cohorts and repurchase', '同期群与复购'),
  sheetName: t('Cohorts', '同期群'),
  question: t('Do new customers come back, and does it differ by when and where they came from?', '新客户会回来吗？不同时期和渠道的客户有何不同？'),
};

/** Acquisition channel per customer code: customers table (acquisition_channel) first, else the first order's channel. */
function channelLookup(inputs: AnalysisInputs, o: OrderArrays): ((code: number) => string | null) | null {
  const cust: Dataset | undefined = inputs.customers;
  if (cust) {
    const idC = columnByRole(cust, 'customer_id'), chC = columnByRole(cust, 'acquisition_channel');
    if (idC && chC) {
      const ids = columnValues(cust, idC.name), chs = columnValues(cust, chC.name);
      const m = new Map<string, string>();
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i], ch = chs[i];
        if ((typeof id === 'string' || typeof id === 'number') && (typeof ch === 'string' || typeof ch === 'number')) m.set(String(id), String(ch));
      }
      return (code) => m.get(o.customers[code]) ?? null;
    }
  }
  if (o.channel) {
    const firstCh = new Array<string | null>(o.customers.length).fill(null);
    const firstDay = new Float64Array(o.customers.length).fill(Infinity);
    for (let i = 0; i < o.code.length; i++) {
      if (o.refund[i] || o.date[i] >= firstDay[o.code[i]]) continue;
      firstDay[o.code[i]] = o.date[i];
      firstCh[o.code[i]] = o.channel[i];
    }
    return (code) => firstCh[code];
  }
  return null;
}

/** Run the cohort analysis on the orders table (and the customers table for acquisition channels). */
export function runCohorts(inputs: AnalysisInputs, common: CommonOptions, options: Partial<CohortOptions> = {}): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const o0: CohortOptions = { ...COHORT_DEFAULTS, ...options };
  const D = COHORT_DEFAULTS;
  const opts: CohortOptions = {
    period: checkChoice(diagnostics, 'period', o0.period, D.period, ['month', 'week'] as const),
    maxPeriods: checkNumber(diagnostics, 'maxPeriods', o0.maxPeriods, D.maxPeriods, 1, 520, true),
    maxCohorts: checkNumber(diagnostics, 'maxCohorts', o0.maxCohorts, D.maxCohorts, 1, 5000, true),
    secondPurchaseDays: checkNumber(diagnostics, 'secondPurchaseDays', o0.secondPurchaseDays, D.secondPurchaseDays, 1, 3650, true),
    refunds: checkChoice(diagnostics, 'refunds', o0.refunds, D.refunds, ['net', 'exclude'] as const),
  };
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const lookup = channelLookup(inputs, o);
  const data = buildCohorts(o, common.asOf, opts, lookup ?? (() => null));
  const nCust = data.cohorts.reduce((s, c) => s + c.size, 0);
  if (nCust === 0) {
    diagnostics.push(diagnostic('user.no_purchases', 'error', t(
      'No purchases on or before the as-of date: nothing to analyse.', '分析基准日及之前没有购买记录：无可分析内容。'), o.dataset));
    return emptyResult(HEAD, diagnostics);
  }
  const lang = common.lang;
  const K = opts.maxPeriods;
  const shown = data.cohorts.slice(-opts.maxCohorts);
  const unit = opts.period === 'month' ? t('Month', '月') : t('Week', '周');
  const offCols = (kind: ResultColumn['kind']): ResultColumn[] => Array.from({ length: K + 1 }, (_, k) => ({
    key: `p${k}`, label: t(`${unit.en} ${k}`, `第 ${k} ${unit['zh-CN']}`), kind, highlight: 'colorScale' as const,
  }));
  const cohortCols: ResultColumn[] = [
    { key: 'cohort', label: t('Cohort (first purchase)', '同期群（首购）'), kind: 'text' },
    { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
  ];
  const counts: ResultTable = {
    name: 'retention_counts', title: t('Active customers by period since first purchase', '首购后各期活跃客户数'),
    columns: [...cohortCols, ...offCols('integer')],
    rows: shown.map((c) => ({ cohort: periodLabel(c.period, opts.period), customers: c.size, ...Object.fromEntries(Array.from({ length: K + 1 }, (_, k) => [`p${k}`, k < c.active.length ? c.active[k] : null])) })),
    note: t('Empty cells: periods not yet reached. The latest period is still in progress.', '空白：尚未到达的期间。最近一期尚未结束。'),
  };
  const percent: ResultTable = {
    name: 'retention_percent', title: t('Retention by period since first purchase', '首购后各期留存率'),
    columns: [...cohortCols, ...offCols('percent')],
    rows: shown.map((c) => ({ cohort: periodLabel(c.period, opts.period), customers: c.size, ...Object.fromEntries(Array.from({ length: K + 1 }, (_, k) => [`p${k}`, k < c.active.length ? round(c.active[k] / c.size) : null])) })),
    note: counts.note,
  };
  const revenue: ResultTable = {
    name: 'cohort_revenue', title: t('Revenue per cohort', '各同期群收入'),
    columns: [
      ...cohortCols,
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
      { key: 'revenue_per_customer', label: t('Revenue per customer', '客均收入'), kind: 'currency', highlight: 'dataBar' },
      { key: 'first_period_revenue', label: t('Revenue in first period', '首期收入'), kind: 'currency' },
    ],
    rows: shown.map((c) => {
      const total = c.revenue.reduce((s, v) => s + v, 0);
      return { cohort: periodLabel(c.period, opts.period), customers: c.size, revenue: round(total, 2), revenue_per_customer: round(total / c.size, 2), first_period_revenue: round(c.revenue[0], 2) };
    }),
  };
  // Pooled retention curve, weighted by the cohorts that reached each offset, and the sBG projection.
  const curveRows: Record<string, CellValue>[] = [];
  const survCurves = data.cohorts.map((c) => c.survivors).filter((s) => s.length >= 2);
  const sbg: SbgFit | null = fitSbg(survCurves);
  for (let k = 0; k <= K; k++) {
    let act = 0, obs = 0, sv = 0, svObs = 0;
    for (const c of data.cohorts) {
      if (k < c.active.length) { act += c.active[k]; obs += c.size; }
      if (k < c.survivors.length) { sv += c.survivors[k]; svObs += c.size; }
    }
    curveRows.push({
      period: k, retention: obs > 0 ? round(act / obs) : null, survival: svObs > 0 ? round(sv / svObs) : null,
      sbg_survival: sbg ? round(sbgSurvival(sbg.params, k)) : null, cohort_customers: obs,
    });
  }
  const curve: ResultTable = {
    name: 'retention_curve', title: t('Retention curve (all cohorts)', '留存曲线（全部同期群）'),
    columns: [
      { key: 'period', label: unit, kind: 'integer' },
      { key: 'retention', label: t('Buying in the period', '当期购买占比'), kind: 'percent' },
      { key: 'survival', label: t('Still buying (this period or later)', '仍在购买（当期或之后）'), kind: 'percent' },
      { key: 'sbg_survival', label: t('sBG model', 'sBG 模型'), kind: 'percent' },
      { key: 'cohort_customers', label: t('Customers observed', '观察客户数'), kind: 'integer' },
    ],
    rows: curveRows,
    note: t('Empty cells: no cohort is that old yet.', '空白：尚无同期群达到该期。'),
  };
  const tables = [percent, counts, revenue, curve];
  const charts: AnalysisResult['charts'] = [
    { name: 'retention_curve', title: t('Retention curve', '留存曲线'), kind: 'line', table: 'retention_curve', category: 'period', series: ['retention', 'survival', 'sbg_survival'] },
    { name: 'cohort_revenue', title: t('Revenue per customer by cohort', '各同期群客均收入'), kind: 'column', table: 'cohort_revenue', category: 'cohort', series: ['revenue_per_customer'] },
  ];
  if (lookup && data.byChannel.size > 0) {
    const rows = [...data.byChannel.entries()].map(([ch, g]) => ({
      channel: ch === '' ? t('(unknown)', '（未知）')[lang] : ch, customers: g.customers,
      retention_p1: g.observableAt[1] ? round(g.activeAt[1] / g.observableAt[1]) : null,
      retention_p3: g.observableAt[3] ? round(g.activeAt[3] / g.observableAt[3]) : null,
      second_purchase_rate: g.eligible > 0 ? round(g.within / g.eligible) : null,
      revenue_per_customer: round(g.revenue / g.customers, 2),
    })).sort((a, b) => b.customers - a.customers);
    tables.push({
      name: 'channel_cohorts', title: t('Repurchase by acquisition channel', '按获客渠道的复购'),
      columns: [
        { key: 'channel', label: t('Channel', '渠道'), kind: 'text' },
        { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
        { key: 'retention_p1', label: t(`Buying in ${unit.en.toLowerCase()} 1`, `第 1 ${unit['zh-CN']}购买占比`), kind: 'percent' },
        { key: 'retention_p3', label: t(`Buying in ${unit.en.toLowerCase()} 3`, `第 3 ${unit['zh-CN']}购买占比`), kind: 'percent' },
        { key: 'second_purchase_rate', label: t(`Second purchase within ${opts.secondPurchaseDays} days`, `${opts.secondPurchaseDays} 天内二次购买率`), kind: 'percent' },
        { key: 'revenue_per_customer', label: t('Revenue per customer', '客均收入'), kind: 'currency' },
      ],
      rows,
      note: t('Empty cells: no customer of that channel is old enough.', '空白：该渠道暂无足够老的客户。'),
    });
    charts.push({ name: 'channel_cohorts', title: t('Second-purchase rate by channel', '各渠道二次购买率'), kind: 'bar', table: 'channel_cohorts', category: 'channel', series: ['second_purchase_rate'] });
  }
  const sp = data.secondPurchase;
  const spRate = sp.eligible > 0 ? sp.within / sp.eligible : null;
  const median = quantileSorted(sp.daysToSecond, 0.5);
  if (sp.daysToSecond.length === 0) {
    diagnostics.push(diagnostic('cohorts.no_repeat', 'info', t('No customer bought twice: retention after the first period is 0.', '没有客户二次购买：首期之后留存为 0。'), o.dataset));
  }
  if (sp.eligible === 0) {
    diagnostics.push(diagnostic('cohorts.too_recent', 'info', t(
      `No customer's first purchase is ${opts.secondPurchaseDays} days before the as-of date: the second-purchase rate is left empty.`,
      `没有客户的首购早于基准日 ${opts.secondPurchaseDays} 天：二次购买率留空。`), o.dataset));
  }
  // Time to second purchase, in buckets (customers with a second purchase).
  const edges = [7, 30, 60, 90, 180, 365];
  const buckets = new Array<number>(edges.length + 1).fill(0);
  for (const d of sp.daysToSecond) { let b = 0; while (b < edges.length && d > edges[b]) b++; buckets[b]++; }
  if (sp.daysToSecond.length > 0) {
    let cum = 0;
    tables.push({
      name: 'time_to_second', title: t('Days from first to second purchase', '首购到二次购买的天数'),
      columns: [
        { key: 'days', label: t('Days', '天数'), kind: 'text' },
        { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
        { key: 'share', label: t('Share of repeat buyers', '占复购客户比例'), kind: 'percent' },
        { key: 'cumulative_share', label: t('Cumulative share', '累计占比'), kind: 'percent' },
      ],
      rows: buckets.map((c, b) => {
        cum += c;
        const lo = b === 0 ? 1 : edges[b - 1] + 1;
        return {
          days: b === edges.length ? `> ${edges[b - 1]}` : `${lo}–${edges[b]}`, customers: c,
          share: round(c / sp.daysToSecond.length), cumulative_share: round(cum / sp.daysToSecond.length),
        };
      }),
    });
    charts.push({ name: 'time_to_second', title: t('Time to second purchase', '二次购买间隔'), kind: 'column', table: 'time_to_second', category: 'days', series: ['customers'] });
  }
  const p1 = curveRows[1]?.retention ?? null;
  const findings: AnalysisResult['findings'] = [];
  if (spRate !== null) {
    findings.push({
      key: 'cohorts.second_purchase',
      text: t(`${round(spRate * 100, 1)}% of new customers buy again within ${opts.secondPurchaseDays} days${median !== null ? `; those who return take a median of ${median} days` : ''}.`,
        `${round(spRate * 100, 1)}% 的新客户在 ${opts.secondPurchaseDays} 天内再次购买${median !== null ? `；回购客户的间隔中位数为 ${median} 天` : ''}。`),
      atStake: null, evidence: t(`${sp.within} of ${sp.eligible} customers old enough to judge.`, `${sp.eligible} 位可判断客户中的 ${sp.within} 位。`), observational: true, descriptive: true,
    });
  }
  return {
    ...HEAD,
    figures: [
      { key: 'cohorts', label: t('Cohorts', '同期群数'), value: data.cohorts.length, kind: 'integer' },
      { key: 'customers', label: t('Customers', '客户数'), value: nCust, kind: 'integer' },
      { key: 'retention_period_1', label: t(`Buying again in ${unit.en.toLowerCase()} 1`, `第 1 ${unit['zh-CN']}回购率`), value: typeof p1 === 'number' ? p1 : null, kind: 'percent' },
      { key: 'second_purchase_rate', label: t(`Second purchase within ${opts.secondPurchaseDays} days`, `${opts.secondPurchaseDays} 天内二次购买率`), value: round(spRate), kind: 'percent' },
      { key: 'median_days_to_second', label: t('Median days to second purchase', '二次购买间隔中位数（天）'), value: median, kind: 'number', decimals: 0 },
      { key: 'sbg_alpha', label: t('sBG α', 'sBG α'), value: round(sbg?.params.alpha), kind: 'number', decimals: 4 },
      { key: 'sbg_beta', label: t('sBG β', 'sBG β'), value: round(sbg?.params.beta), kind: 'number', decimals: 4 },
    ],
    tables, charts, findings,
    notes: [
      t(`Cohort = ${opts.period} of first purchase; as of ${isoDate(common.asOf)}; ${data.cohorts.length} cohorts${data.cohorts.length > shown.length ? `, the latest ${shown.length} shown` : ''}. A customer is active in a period when they bought in it; refunds are not purchases.`,
        `同期群 = 首购所在${opts.period === 'month' ? '月' : '周'}；基准日 ${isoDate(common.asOf)}；共 ${data.cohorts.length} 个同期群${data.cohorts.length > shown.length ? `，显示最近 ${shown.length} 个` : ''}。客户在某期有购买即为活跃；退款不算购买。`),
      t('"Still buying" counts customers whose last purchase is in that period or later, over complete periods; the sBG model (Fader & Hardie 2007) is fitted to these survivor curves and projects them. Recent cohorts are short, so their later periods are unknown, not zero.',
        '“仍在购买”指最近一次购买在该期或之后的客户（仅计完整期间）；sBG 模型（Fader 和 Hardie 2007）拟合这些留存曲线并外推。新近同期群观察期短，之后的期间是未知而非为零。'),
      t(`Second-purchase rate: among customers whose first purchase is at least ${opts.secondPurchaseDays} days before the as-of date, the share buying again (another day) within ${opts.secondPurchaseDays} days.`,
        `二次购买率：首购早于基准日至少 ${opts.secondPurchaseDays} 天的客户中，在 ${opts.secondPurchaseDays} 天内（另一天）再次购买的比例。`),
    ],
    diagnostics,
  };
}

export const cohortsAnalysis: AnalysisDef<Partial<CohortOptions>> = {
  kind: 'cohorts',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount; a customers table with acquisition channel adds channel cohorts.',
    '包含客户、下单日期和金额的订单表；若客户表有获客渠道，可按渠道分析。'),
  defaults: COHORT_DEFAULTS,
  run: runCohorts,
};
