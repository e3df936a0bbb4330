/**
 * RFM segmentation (R package `rfm` conventions): recency = days from the last purchase to the as-of date,
 * frequency = orders (or distinct purchase days), monetary = revenue (sum, or mean per order).
 * Scores 1..5 by quintile edges (quantile type 7, Excel `PERCENTILE.INC`) plus 1, as the package's code
 * does (R/utils.R `bins()`): intervals [min, q1 + 1), [q1 + 1, q2 + 1), …, [q4 + 1, max + 1); F and M score
 * upwards, R reversed (most recent = 5). In Excel: score = 1 + COUNTIF(edges, "<=" & value).
 */
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import { money } from '../text.js';
import type { AnalysisResult, ResultTable } from '../types.js';
import { quantileSorted } from '../../stats/quantile.js';
import { customerSummary } from './customer-models.js';
import { summaryDiagnostics, type RefundMode } from './customer-summary.js';
import { checkChoice, checkNumber, diagnostic, emptyResult, isoDate, readOrders, round, t } from './inputs.js';
import {
  BUSINESS_SEGMENTS, businessSegment, businessSegmentLabel, DEFAULT_BUSINESS, RFM_SEGMENTS, rfmSegment,
  rfmSegmentLabel, type BusinessThresholds,
} from './segment-maps.js';

export interface RfmOptions {
  /** 5 = quintiles (default, `rfm` package), 4 = quartiles. */
  bins: 4 | 5;
  frequency: 'orders' | 'days';
  monetary: 'sum' | 'mean';
  refunds: RefundMode;
  /** Which map the segment summary and chart use first. */
  segmentMap: 'rfm' | 'business';
  business: BusinessThresholds;
  /** Per-customer rows written at most (sorted by monetary, descending). */
  maxCustomerRows: number;
}

export const RFM_DEFAULTS: RfmOptions = {
  bins: 5, frequency: 'orders', monetary: 'sum', refunds: 'net', segmentMap: 'rfm', business: DEFAULT_BUSINESS,
  maxCustomerRows: 10_000,
};

export interface RfmScores {
  r: Int8Array;
  f: Int8Array;
  m: Int8Array;
  /** Bin edges (type-7 quantiles at 1/bins … (bins−1)/bins, plus 1) of recency, frequency, monetary. */
  edges: { recency: number[]; frequency: number[]; monetary: number[] };
}

function edgesOf(v: ArrayLike<number>, bins: number): number[] {
  const s = Float64Array.from(v).sort();
  const e: number[] = [];
  // The `rfm` package adds 1 to each quantile edge (R/utils.R `bins()`), so a value equal to a
  // type-7 quantile stays in the lower bin; we follow it to reproduce its scores.
  for (let k = 1; k < bins; k++) e.push((quantileSorted(s, k / bins) ?? 0) + 1);
  return e;
}

function binOf(v: number, edges: readonly number[]): number {
  let b = 1;
  for (const e of edges) if (v >= e) b++;
  return b;
}

/**
 * Score customers (pure). Ties get the same score because bins depend only on the value.
 * Example: recency [1, 50, 100, 200, 400], frequency [50, 40, 30, 20, 10], monetary the same, 5 bins
 * → r [5, 4, 3, 2, 1], f [5, 4, 3, 2, 1], m [5, 4, 3, 2, 1].
 */
export function scoreRfm(
  recency: ArrayLike<number>, frequency: ArrayLike<number>, monetary: ArrayLike<number>, bins: 4 | 5 = 5,
): RfmScores {
  const edges = { recency: edgesOf(recency, bins), frequency: edgesOf(frequency, bins), monetary: edgesOf(monetary, bins) };
  const n = recency.length;
  const r = new Int8Array(n), f = new Int8Array(n), m = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = bins + 1 - binOf(recency[i], edges.recency);
    f[i] = binOf(frequency[i], edges.frequency);
    m[i] = binOf(monetary[i], edges.monetary);
  }
  return { r, f, m, edges };
}

const HEAD = {
  kind: 'rfm',
  title: t('RFM segments', 'RFM 客户分群'),
  sheetName: t('RFM', 'RFM分群'),
  question: t('Who are our best, newest and slipping customers?', '谁是我们最好的、最新的和正在流失的客户？'),
};

interface Group { customers: number; orders: number; revenue: number; recency: number; frequency: number; monetary: number }

function segmentTable(
  name: string, title: I18nText, keys: readonly string[], label: (k: string) => I18nText, groups: Map<string, Group>,
  totals: { customers: number; revenue: number }, lang: CommonOptions['lang'],
): ResultTable {
  const rows: Record<string, CellValue>[] = [];
  for (const k of keys) {
    const g = groups.get(k);
    if (!g) continue;
    rows.push({
      segment: k, segment_name: label(k)[lang], customers: g.customers,
      customers_share: round(g.customers / totals.customers), orders: g.orders, revenue: round(g.revenue, 2),
      revenue_share: totals.revenue !== 0 ? round(g.revenue / totals.revenue) : null,
      avg_recency: round(g.recency / g.customers, 1), avg_frequency: round(g.frequency / g.customers, 2),
      avg_monetary: round(g.monetary / g.customers, 2),
    });
  }
  rows.sort((a, b) => (b.customers as number) - (a.customers as number));
  return {
    name, title,
    columns: [
      { key: 'segment', label: t('Segment key', '分群键'), kind: 'text' },
      { key: 'segment_name', label: t('Segment', '分群'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'customers_share', label: t('Share of customers', '客户占比'), kind: 'percent' },
      { key: 'orders', label: t('Orders', '订单数'), kind: 'integer' },
      { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
      { key: 'revenue_share', label: t('Share of revenue', '收入占比'), kind: 'percent' },
      { key: 'avg_recency', label: t('Avg. days since last order', '平均距上次购买天数'), kind: 'number', decimals: 1 },
      { key: 'avg_frequency', label: t('Avg. orders', '平均订单数'), kind: 'number' },
      { key: 'avg_monetary', label: t('Avg. revenue', '平均收入'), kind: 'currency' },
    ],
    rows,
  };
}

/** Validate RFM options; invalid values fall back to the defaults with a warning. */
export function checkRfmOptions(o: RfmOptions, d: Diagnostic[]): RfmOptions {
  const D = RFM_DEFAULTS, B = DEFAULT_BUSINESS;
  const bins = checkChoice(d, 'bins', o.bins, D.bins, [4, 5] as const);
  const b = o.business;
  return {
    bins,
    frequency: checkChoice(d, 'frequency', o.frequency, D.frequency, ['orders', 'days'] as const),
    monetary: checkChoice(d, 'monetary', o.monetary, D.monetary, ['sum', 'mean'] as const),
    refunds: checkChoice(d, 'refunds', o.refunds, D.refunds, ['net', 'exclude'] as const),
    segmentMap: checkChoice(d, 'segmentMap', o.segmentMap, D.segmentMap, ['rfm', 'business'] as const),
    business: {
      lostMaxR: checkNumber(d, 'business.lostMaxR', b.lostMaxR, B.lostMaxR, 0, bins, true),
      warningMaxR: checkNumber(d, 'business.warningMaxR', b.warningMaxR, B.warningMaxR, 0, bins, true),
      newMaxOrders: checkNumber(d, 'business.newMaxOrders', b.newMaxOrders, B.newMaxOrders, 0, 1e6, true),
      highMinF: checkNumber(d, 'business.highMinF', b.highMinF, B.highMinF, 1, bins, true),
      highMinM: checkNumber(d, 'business.highMinM', b.highMinM, B.highMinM, 1, bins, true),
    },
    maxCustomerRows: checkNumber(d, 'maxCustomerRows', o.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
}

/**
 * Run RFM on the orders table: validates roles, builds the per-customer summary, scores, segments with both
 * maps, and returns segment summaries, an R × F grid and per-customer scores (capped).
 */
export function runRfm(inputs: AnalysisInputs, common: CommonOptions, options: Partial<RfmOptions> = {}): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkRfmOptions({ ...RFM_DEFAULTS, ...options, business: { ...DEFAULT_BUSINESS, ...options.business } }, diagnostics);
  const orders = readOrders(inputs, diagnostics, common.memo);
  if (!orders) return emptyResult(HEAD, diagnostics);
  const sOpts = { refunds: opts.refunds, mergeSameDay: false, timeUnit: 'days' as const, asOf: common.asOf };
  const s = customerSummary(orders, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, orders, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  const freq = opts.frequency === 'days' ? s.days : s.orders;
  const mon = new Float64Array(n);
  for (let i = 0; i < n; i++) mon[i] = opts.monetary === 'mean' ? s.revenue[i] / Math.max(1, s.orders[i]) : s.revenue[i];
  const sc = scoreRfm(s.recency, freq, mon, opts.bins);
  if (n === 1) {
    diagnostics.push(diagnostic('rfm.one_customer', 'warning', t(
      'Only one customer: scores compare customers with each other, so they say nothing here.',
      '只有一位客户：评分是客户之间的比较，此处没有意义。'), orders.dataset));
  }
  let repeat = 0;
  for (let i = 0; i < n; i++) if (freq[i] > 1) repeat++;
  if (repeat === 0) {
    diagnostics.push(diagnostic('rfm.no_repeat', 'info', t(
      'No customer ordered more than once: every frequency score is the same.',
      '没有客户重复购买：所有频次评分相同。'), orders.dataset));
  }

  const seg: string[] = new Array<string>(n), biz: string[] = new Array<string>(n);
  const segG = new Map<string, Group>(), bizG = new Map<string, Group>();
  const add = (m: Map<string, Group>, k: string, i: number): void => {
    let g = m.get(k);
    if (!g) { g = { customers: 0, orders: 0, revenue: 0, recency: 0, frequency: 0, monetary: 0 }; m.set(k, g); }
    g.customers++; g.orders += s.orders[i]; g.revenue += s.revenue[i]; g.recency += s.recency[i]; g.frequency += freq[i]; g.monetary += mon[i];
  };
  let totalRevenue = 0, totalOrders = 0;
  const grid = Array.from({ length: opts.bins }, () => new Array<number>(opts.bins).fill(0));
  for (let i = 0; i < n; i++) {
    seg[i] = rfmSegment(sc.r[i], sc.f[i], sc.m[i]);
    biz[i] = businessSegment(sc.r[i], sc.f[i], sc.m[i], s.orders[i], opts.business);
    add(segG, seg[i], i); add(bizG, biz[i], i);
    totalRevenue += s.revenue[i]; totalOrders += s.orders[i];
    grid[opts.bins - sc.r[i]][sc.f[i] - 1]++;
  }
  const totals = { customers: n, revenue: totalRevenue };
  const lang = common.lang;
  const segments = segmentTable('segments', t('RFM segments (rfm package map)', 'RFM 分群（rfm 包规则）'),
    [...RFM_SEGMENTS.map((x) => x.key), 'Others'], rfmSegmentLabel, segG, totals, lang);
  const business = segmentTable('business_segments', t('Business segments', '业务分群'),
    BUSINESS_SEGMENTS.map((x) => x.key), businessSegmentLabel, bizG, totals, lang);

  const gridTable: ResultTable = {
    name: 'rf_grid', title: t('Customers by recency × frequency score', '按最近度 × 频次评分的客户数'),
    columns: [
      { key: 'r_score', label: t('R score', 'R 评分'), kind: 'integer' },
      ...Array.from({ length: opts.bins }, (_, j) => ({
        key: `f${j + 1}`, label: t(`F = ${j + 1}`, `F = ${j + 1}`), kind: 'integer' as const, highlight: 'colorScale' as const,
      })),
    ],
    rows: grid.map((row, k) => ({ r_score: opts.bins - k, ...Object.fromEntries(row.map((v, j) => [`f${j + 1}`, v])) })),
  };

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => mon[b] - mon[a] || (s.ids[a] < s.ids[b] ? -1 : 1));
  const shown = order.slice(0, opts.maxCustomerRows);
  const customers: ResultTable = {
    name: 'customers', title: t('Customers with RFM scores', '客户 RFM 评分'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'last_order', label: t('Last order', '最近下单'), kind: 'date' },
      { key: 'recency_days', label: t('Days since last order', '距上次购买天数'), kind: 'integer' },
      { key: 'frequency', label: t('Orders', '订单数'), kind: 'integer' },
      { key: 'monetary', label: t('Revenue', '收入'), kind: 'currency' },
      { key: 'r', label: t('R', 'R'), kind: 'integer' },
      { key: 'f', label: t('F', 'F'), kind: 'integer' },
      { key: 'm', label: t('M', 'M'), kind: 'integer' },
      { key: 'rfm_score', label: t('RFM', 'RFM'), kind: 'text' },
      { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
      { key: 'business_segment', label: t('Business segment', '业务分群'), kind: 'text' },
    ],
    rows: shown.map((i) => ({
      customer_id: s.ids[i], last_order: s.last[i], recency_days: s.recency[i], frequency: freq[i], monetary: round(mon[i], 2),
      r: sc.r[i], f: sc.f[i], m: sc.m[i], rfm_score: `${sc.r[i]}${sc.f[i]}${sc.m[i]}`,
      segment: rfmSegmentLabel(seg[i])[lang], business_segment: businessSegmentLabel(biz[i])[lang],
    })),
  };
  if (n > shown.length) {
    customers.note = t(`Showing the ${shown.length} customers with the highest revenue of ${n}.`,
      `仅显示收入最高的 ${shown.length} 位客户（共 ${n} 位）。`);
  }

  const atRiskKeys = ['At Risk', "Can't Lose Them"];
  const atRisk = atRiskKeys.reduce((acc, k) => {
    const g = segG.get(k);
    return { customers: acc.customers + (g?.customers ?? 0), revenue: acc.revenue + (g?.revenue ?? 0) };
  }, { customers: 0, revenue: 0 });
  const champ = segG.get('Champions');
  const findings: AnalysisResult['findings'] = [];
  if (atRisk.customers > 0) {
    findings.push({
      key: 'rfm.at_risk_revenue',
      text: t(`${atRisk.customers} formerly valuable customers (At Risk, Can't Lose Them) have gone quiet; they brought ${money(atRisk.revenue, common.currency, 'en')} in revenue.`,
        `${atRisk.customers} 位曾经高价值的客户（有流失风险、不能失去）已不活跃；他们贡献了 ${money(atRisk.revenue, common.currency, 'zh-CN')} 的收入。`),
      atStake: round(atRisk.revenue, 2),
      evidence: t(`${round((atRisk.revenue / (totalRevenue || 1)) * 100, 1)}% of revenue; R score ≤ 2 with high F or M.`,
        `占收入 ${round((atRisk.revenue / (totalRevenue || 1)) * 100, 1)}%；R 评分 ≤ 2 且 F 或 M 较高。`),
      observational: true, descriptive: true,
    });
  }
  if (champ) {
    findings.push({
      key: 'rfm.champions_share',
      text: t(`Champions are ${round((champ.customers / n) * 100, 1)}% of customers and bring ${round((champ.revenue / (totalRevenue || 1)) * 100, 1)}% of revenue.`,
        `冠军客户占客户数的 ${round((champ.customers / n) * 100, 1)}%，贡献收入的 ${round((champ.revenue / (totalRevenue || 1)) * 100, 1)}%。`),
      atStake: round(champ.revenue, 2), observational: true, descriptive: true,
    });
  }
  const fmtE = (e: number[]): string => e.map((v) => round(v, 2)).join(' / ');
  const first = opts.segmentMap === 'business' ? [business, segments] : [segments, business];
  return {
    ...HEAD,
    figures: [
      { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
      { key: 'orders', label: t('Orders', '订单数'), value: totalOrders, kind: 'integer' },
      { key: 'revenue', label: t('Revenue', '收入'), value: round(totalRevenue, 2), kind: 'currency' },
      { key: 'revenue_per_customer', label: t('Revenue per customer', '客均收入'), value: round(totalRevenue / n, 2), kind: 'currency' },
      { key: 'repeat_share', label: t('Repeat customers', '复购客户占比'), value: round(repeat / n), kind: 'percent' },
      { key: 'champions', label: t('Champions', '冠军客户'), value: champ?.customers ?? 0, kind: 'integer' },
      { key: 'at_risk_revenue', label: t("Revenue of At Risk + Can't Lose Them", '有流失风险+不能失去客户的收入'), value: round(atRisk.revenue, 2), kind: 'currency' },
    ],
    tables: [...first, gridTable, customers],
    charts: [
      { name: 'segment_sizes', title: t('Customers per segment', '各分群客户数'), kind: 'bar', table: first[0].name, category: 'segment_name', series: ['customers'] },
      { name: 'segment_revenue', title: t('Revenue share per segment', '各分群收入占比'), kind: 'column', table: first[0].name, category: 'segment_name', series: ['customers_share', 'revenue_share'] },
    ],
    findings,
    notes: [
      t(`As of ${isoDate(common.asOf)}; ${n} customers with at least one purchase on or before that date.`,
        `基准日 ${isoDate(common.asOf)}；共 ${n} 位在该日及之前有购买的客户。`),
      t(`Recency = days since the last order; frequency = ${opts.frequency === 'days' ? 'distinct purchase days' : 'orders'}; monetary = ${opts.monetary === 'mean' ? 'mean revenue per order' : 'total revenue'}${opts.refunds === 'net' ? ' net of refunds' : ' (refunds excluded)'}.`,
        `最近度 = 距上次下单天数；频次 = ${opts.frequency === 'days' ? '不同购买日数' : '订单数'}；金额 = ${opts.monetary === 'mean' ? '每单平均收入' : '总收入'}${opts.refunds === 'net' ? '（已扣除退款）' : '（不含退款）'}。`),
      t(`Scores 1–${opts.bins} by ${opts.bins === 5 ? 'quintiles' : 'quartiles'} (Excel PERCENTILE.INC); edges R ${fmtE(sc.edges.recency)}, F ${fmtE(sc.edges.frequency)}, M ${fmtE(sc.edges.monetary)}. Most recent = highest R. Segments follow the R package rfm; scores compare customers with each other, not with a target.`,
        `评分 1–${opts.bins}，按${opts.bins === 5 ? '五分位' : '四分位'}（Excel PERCENTILE.INC）；分界点 R ${fmtE(sc.edges.recency)}，F ${fmtE(sc.edges.frequency)}，M ${fmtE(sc.edges.monetary)}。最近购买者 R 最高。分群规则沿用 R 包 rfm；评分是客户之间的相对比较。`),
      t(`Business map thresholds: lost R ≤ ${opts.business.lostMaxR}; churn warning R ≤ ${opts.business.warningMaxR}; new ≤ ${opts.business.newMaxOrders} order(s); high value F ≥ ${opts.business.highMinF} and M ≥ ${opts.business.highMinM}; otherwise potential.`,
        `业务分群阈值：已流失 R ≤ ${opts.business.lostMaxR}；流失预警 R ≤ ${opts.business.warningMaxR}；新客 订单 ≤ ${opts.business.newMaxOrders}；高价值 F ≥ ${opts.business.highMinF} 且 M ≥ ${opts.business.highMinM}；其余为潜力。`),
    ],
    diagnostics,
  };
}

export const rfmAnalysis: AnalysisDef<Partial<RfmOptions>> = {
  kind: 'rfm',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '包含客户、下单日期和金额的订单表。'),
  defaults: RFM_DEFAULTS,
  run: runRfm,
};
