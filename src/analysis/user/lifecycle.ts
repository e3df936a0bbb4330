/**
 * Customer lifecycle stages — new, active, at risk, dormant, churned — judged against each customer's own
 * usual interval between purchases where there is enough history, and against fixed windows otherwise;
 * counts at the end of each recent period and movement between stages.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import {
  codesInOrder,
  attachFullTable,
  checkChoice,
  checkNumber,
  defineAnalysis,
  diag,
  emptyResult,
  isoDate,
  memoized,
  round,
  t,
  where,
  countText,
} from '../common/index.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultTable } from '../types.js';
import { quantileSorted } from '../../stats/quantile.js';
import { descendingOrder } from '../common/descending.js';
import { moneyParam, percent1, userMsg } from './messages.js';
import { groupedOrders, periodLabel, periodOf, periodStart, readOrders, type OrderArrays } from './orders.js';

export type Stage = 'new' | 'active' | 'at_risk' | 'dormant' | 'churned';
export const STAGES: readonly Stage[] = ['new', 'active', 'at_risk', 'dormant', 'churned'];
export const STAGE_LABEL: Record<Stage, I18nText> = {
  new: t('New', '新客'),
  active: t('Active', '活跃'),
  at_risk: t('At risk', '有流失风险'),
  dormant: t('Dormant', '沉睡'),
  churned: t('Churned', '已流失'),
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
  newDays: 30,
  minIntervals: 3,
  factors: { active: 1.5, atRisk: 3, dormant: 6 },
  windows: { active: 90, atRisk: 180, dormant: 365 },
  minWindowDays: 14,
  period: 'month',
  periods: 12,
  maxCustomerRows: 10_000,
};

/** A customer's purchase days (unique, ascending) and revenue. */
export interface PurchaseHistory {
  days: Float64Array;
  start: Int32Array;
  revenue: Float64Array;
  customers: string[];
}

/** Unique purchase days per customer (refunds excluded), in one flat array with offsets. */
export function purchaseHistory(o: OrderArrays, asOf: number): PurchaseHistory {
  // The purchase columns in customer order (shared, made once per orders read): read in sequence, not through the
  // grouping's row numbers (a cache miss a row).
  const { start, date, amount, refund } = groupedOrders(o);
  // Sized for every row and customer, cut at the end.
  const days = new Float64Array(o.date.length),
    offs = new Int32Array(o.customers.length + 1),
    revenue = new Float64Array(o.customers.length),
    customers: string[] = [];
  let nDays = 0;
  let longest = 0;
  for (let c = 0; c < o.customers.length; c++) longest = Math.max(longest, start[c + 1] - start[c]);
  const scratch = new Float64Array(longest);
  for (let c = 0; c < o.customers.length; c++) {
    let len = 0;
    let rev = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const d = Math.floor(date[j]);
      if (d > asOf) continue;
      if (refund[j]) {
        rev -= Math.abs(amount[j]);
        continue;
      }
      rev += amount[j];
      // Kept ascending as they come (an insertion sort: a customer has a few orders); a long history is
      // sorted once at the end.
      let k = len++;
      if (len <= 32)
        while (k > 0 && scratch[k - 1] > d) {
          scratch[k] = scratch[k - 1];
          k--;
        }
      scratch[k] = d;
    }
    if (len === 0) continue;
    const buf = scratch.subarray(0, len);
    if (len > 32) buf.sort();
    for (let k = 0; k < len; k++) if (k === 0 || buf[k] !== buf[k - 1]) days[nDays++] = buf[k];
    revenue[customers.length] = rev;
    customers.push(o.customers[c]);
    offs[customers.length] = nDays;
  }
  const m = customers.length;
  return { days: days.slice(0, nDays), start: offs.slice(0, m + 1), revenue: revenue.slice(0, m), customers };
}

export interface StageJudgement {
  stage: Stage;
  basis: 'personal' | 'fixed';
  interval: number | null;
  daysSince: number;
}

/**
 * Stage of one customer at date `d` (pure), from their ascending unique purchase days up to `n` (those ≤ d).
 * Personal basis: median gap m (Excel MEDIAN) over ≥ minIntervals gaps; thresholds max(factor·m, minWindowDays).
 * Example: purchases every 30 days (4 gaps), 50 days since the last → at risk (45 < 50 ≤ 90).
 */
export function judgeStage(
  days: ArrayLike<number>,
  n: number,
  d: number,
  opts: LifecycleOptions,
): StageJudgement | null {
  if (n === 0) return null;
  return stageFrom(days[0], days[n - 1], medianGap(days, n, opts.minIntervals), d, opts);
}

/** Median gap (Excel MEDIAN) between the first n purchase days, or null with fewer than `minIntervals` gaps. */
export function medianGap(
  days: ArrayLike<number>,
  n: number,
  minIntervals: number,
  scratch?: Float64Array,
): number | null {
  if (n - 1 < minIntervals || n < 2) return null;
  const m = n - 1;
  if (m > 32) {
    const gaps = scratch && scratch.length >= m ? scratch.subarray(0, m) : new Float64Array(m);
    for (let k = 1; k < n; k++) gaps[k - 1] = days[k] - days[k - 1];
    gaps.sort();
    return quantileSorted(gaps, 0.5);
  }
  // The usual few gaps: an insertion sort in place and quantileSorted's type-7 median written out, without
  // a typed-array view and a sort call per customer and snapshot (the same figures).
  const gaps = scratch && scratch.length >= m ? scratch : new Float64Array(m);
  for (let k = 1; k < n; k++) {
    const g = days[k] - days[k - 1];
    let j = k - 1;
    while (j > 0 && gaps[j - 1] > g) {
      gaps[j] = gaps[j - 1];
      j--;
    }
    gaps[j] = g;
  }
  const h = (m - 1) * 0.5;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  return gaps[lo] + (h - lo) * (gaps[hi] - gaps[lo]);
}

/**
 * The index in `STAGES` of the stage `stageFrom` judges (pure, no objects made): the same comparisons with the
 * same thresholds, for the snapshots whose judgement is only counted.
 */
export function stageIndex(
  first: number,
  last: number,
  interval: number | null,
  d: number,
  opts: LifecycleOptions,
): number {
  const since = d - last;
  if (d - first <= opts.newDays) return 0;
  let active: number, atRisk: number, dormant: number;
  if (interval !== null) {
    active = Math.max(opts.factors.active * interval, opts.minWindowDays);
    atRisk = Math.max(opts.factors.atRisk * interval, opts.minWindowDays);
    dormant = Math.max(opts.factors.dormant * interval, opts.minWindowDays);
  } else {
    active = opts.windows.active;
    atRisk = opts.windows.atRisk;
    dormant = opts.windows.dormant;
  }
  return since <= active ? 1 : since <= atRisk ? 2 : since <= dormant ? 3 : 4;
}

/** Stage from the first and last purchase day and the usual interval (null → fixed windows). */
export function stageFrom(
  first: number,
  last: number,
  interval: number | null,
  d: number,
  opts: LifecycleOptions,
): StageJudgement {
  const basis = interval !== null ? 'personal' : 'fixed';
  return { stage: STAGES[stageIndex(first, last, interval, d, opts)], basis, interval, daysSince: d - last };
}

/** Where a stage comes in the customers table: at risk first, then dormant, active, new, churned. */
export const SHOW_RANK: Record<Stage, number> = { at_risk: 0, dormant: 1, active: 2, new: 3, churned: 4 };

const HEAD = {
  kind: 'lifecycle',
  title: t('Customer lifecycle', '客户生命周期'),
  sheetName: t('Lifecycle', '生命周期'),
  question: t(
    'How many customers are new, active, at risk, dormant or gone, and how are they moving?',
    '有多少客户处于新客、活跃、有风险、沉睡或流失阶段？他们如何变化？',
  ),
};

/**
 * Validate lifecycle options; invalid values fall back to the defaults with a warning. Cross-field rules
 * (beyond what an option spec's bounds say): the factors and the windows must not decrease from active to
 * at risk to dormant, so each later bound starts at the one before.
 */
export function checkLifecycleOptions(o: LifecycleOptions, d: Diagnostic[]): LifecycleOptions {
  const D = LIFECYCLE_DEFAULTS;
  const num = (name: string, v: number, f: number, lo: number, hi: number, int = false): number =>
    checkNumber(d, name, v, f, lo, hi, int);
  const fa = num('factors.active', o.factors.active, D.factors.active, 0.1, 100);
  const fr = num('factors.atRisk', o.factors.atRisk, Math.max(fa, D.factors.atRisk), fa, 100);
  const wa = num('windows.active', o.windows.active, D.windows.active, 1, 3650, true);
  const wr = num('windows.atRisk', o.windows.atRisk, Math.max(wa, D.windows.atRisk), wa, 3650, true);
  return {
    newDays: num('newDays', o.newDays, D.newDays, 0, 3650, true),
    minIntervals: num('minIntervals', o.minIntervals, D.minIntervals, 1, 1000, true),
    factors: {
      active: fa,
      atRisk: fr,
      dormant: num('factors.dormant', o.factors.dormant, Math.max(fr, D.factors.dormant), fr, 100),
    },
    windows: {
      active: wa,
      atRisk: wr,
      dormant: num('windows.dormant', o.windows.dormant, Math.max(wr, D.windows.dormant), wr, 3650, true),
    },
    minWindowDays: num('minWindowDays', o.minWindowDays, D.minWindowDays, 0, 3650, true),
    period: checkChoice(d, 'period', o.period, D.period, ['month', 'week'] as const),
    periods: num('periods', o.periods, D.periods, 1, 520, true),
    maxCustomerRows: num('maxCustomerRows', o.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
}

/** A snapshot date: the end of a period (the last one is the as-of date itself). */
export interface Snapshot {
  label: string;
  date: number;
}

/** Snapshot dates: the end of each of the last `periods` periods, the last one being the as-of date. */
export function snapshotDates(asOf: number, period: LifecycleOptions['period'], periods: number): Snapshot[] {
  const asOfP = periodOf(asOf, period);
  const snaps: Snapshot[] = [];
  for (let k = periods - 1; k >= 1; k--) {
    const p = asOfP - k;
    snaps.push({ label: periodLabel(p, period), date: periodStart(p + 1, period) - 1 });
  }
  snaps.push({ label: isoDate(asOf), date: asOf });
  return snaps;
}

/** Stages at every snapshot: counts per snapshot, each customer's stage now, and moves since the last one. */
export interface LifecycleStages {
  counts: Record<Stage, number>[];
  /** Customers moving `from>to` (from = 'none' before the first purchase) between the last two snapshots. */
  transitions: Map<string, number>;
  /** Judgement per customer at the last snapshot (every customer has bought by then). */
  now: StageJudgement[];
  /** Customers judged against their own interval at the last snapshot. */
  personal: number;
  /** Revenue to date and summed days since the last purchase, per stage now. */
  revenue: Record<Stage, number>;
  daysSince: Record<Stage, number>;
}

/** Judge every customer at every snapshot (pure). */
export function judgeSnapshots(
  h: PurchaseHistory,
  snaps: readonly Snapshot[],
  opts: LifecycleOptions,
): LifecycleStages {
  const nC = h.customers.length;
  // Stage counts per snapshot as STAGES indexes; only the last snapshot's judgements are kept as objects.
  const tally = snaps.map(() => new Float64Array(STAGES.length));
  const last = snaps.length - 1;
  const transitions = new Map<string, number>();
  const now: (StageJudgement | null)[] = new Array<StageJudgement | null>(nC).fill(null);
  let personal = 0,
    maxDays = 0;
  for (let c = 0; c < nC; c++) maxDays = Math.max(maxDays, h.start[c + 1] - h.start[c]);
  const scratch = new Float64Array(maxDays);
  for (let c = 0; c < nC; c++) {
    const days = h.days.subarray(h.start[c], h.start[c + 1]);
    let n = 0,
      prev = -1,
      gapN = -1,
      interval: number | null = null;
    for (let k = 0; k <= last; k++) {
      const d = snaps[k].date;
      while (n < days.length && days[n] <= d) n++;
      // The median gap only changes when a purchase was added since the previous snapshot.
      if (n !== gapN) {
        interval = medianGap(days, n, opts.minIntervals, scratch);
        gapN = n;
      }
      if (k < last) {
        prev = n > 0 ? stageIndex(days[0], days[n - 1], interval, d, opts) : -1;
        if (prev >= 0) tally[k][prev]++;
        continue;
      }
      const j = n > 0 ? stageFrom(days[0], days[n - 1], interval, d, opts) : null;
      if (j) tally[k][STAGES.indexOf(j.stage)]++;
      now[c] = j;
      if (j?.basis === 'personal') personal++;
      if (j && snaps.length >= 2) {
        const key = `${prev >= 0 ? STAGES[prev] : 'none'}>${j.stage}`;
        transitions.set(key, (transitions.get(key) ?? 0) + 1);
      }
    }
  }
  const counts = tally.map((t) => ({ new: t[0], active: t[1], at_risk: t[2], dormant: t[3], churned: t[4] }));
  const revenue: Record<Stage, number> = { new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 };
  const daysSince: Record<Stage, number> = { new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 };
  for (let c = 0; c < nC; c++) {
    const j = now[c]!;
    revenue[j.stage] += h.revenue[c];
    daysSince[j.stage] += j.daysSince;
  }
  return { counts, transitions, now: now as StageJudgement[], personal, revenue, daysSince };
}

/** The options as given, completed with the defaults (factors and windows field by field) and checked. */
export function lifecycleOptions(options: Partial<LifecycleOptions>, diagnostics: Diagnostic[]): LifecycleOptions {
  return checkLifecycleOptions(
    {
      ...LIFECYCLE_DEFAULTS,
      ...options,
      factors: { ...LIFECYCLE_DEFAULTS.factors, ...options.factors },
      windows: { ...LIFECYCLE_DEFAULTS.windows, ...options.windows },
    },
    diagnostics,
  );
}

/** One row of the customers table: a customer, their stage now, purchase days and revenue to date. */
export interface LifecycleCustomer {
  id: string;
  /** The customer's code in the orders read's `customers` (`ids[code] === id`), when the maker knows it. */
  code?: number;
  judgement: StageJudgement;
  purchaseDays: number;
  revenue: number;
}

/**
 * What the lifecycle's tables are made of: the stages at every snapshot and every customer in the customers table's
 * order. Computed from the orders read (`buildLifecycle`), or in the database that keeps the orders
 * (src/source/sql/lifecycle.ts), which puts it in the run memo under `lifecycleKey`.
 */
export interface LifecycleBuilt {
  /** Customers with a purchase on or before the as-of date. */
  customers: number;
  stages: Omit<LifecycleStages, 'now'>;
  /**
   * The customers in the customers table's order (`showOrder`): `at(k)` for k below `customers`; `codeAt(k)`, when
   * given, is `at(k).code` without building the row (a database's list of millions).
   */
  list: { at(k: number): LifecycleCustomer; codeAt?(k: number): number };
}

/**
 * The run memo's key of the LifecycleBuilt for these options and as-of date (owner: the orders read). A source that
 * keeps the orders in a database (src/source) puts the lifecycle it computed there under this key.
 */
export function lifecycleKey(opts: LifecycleOptions, asOf: number): string {
  const f = opts.factors,
    w = opts.windows;
  return `lifecycle|${opts.newDays}|${opts.minIntervals}|${f.active}|${f.atRisk}|${f.dormant}|${w.active}|${w.atRisk}|${w.dormant}|${opts.minWindowDays}|${opts.period}|${opts.periods}|${asOf}`;
}

/**
 * Customers in the customers table's order: `rank` ascending, then revenue descending, then id — the order of
 * `indexes.sort((a, b) => rank[a] − rank[b] || revenue[b] − revenue[a] || (ids[a] < ids[b] ? −1 : 1))`. With distinct
 * ids and no NaN revenue that comparator is a total order, so it is found as the revenue order of
 * `descendingOrder` (a radix sort, ties by id) split by rank keeping that order (a stable counting sort on the
 * rank). With a NaN revenue the comparator is not an order: the comparator sort, as before. On the 100,000
 * customers of the 1M-order benchmark: 0.2 s of comparator sort → about 20 ms.
 */
export function showOrder(rank: Int8Array, revenue: ArrayLike<number>, ids: readonly string[]): Int32Array | number[] {
  const n = ids.length;
  let nan = false;
  for (let i = 0; i < n && !nan; i++) nan = Number.isNaN(revenue[i]);
  if (nan)
    return Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => rank[a] - rank[b] || revenue[b] - revenue[a] || (ids[a] < ids[b] ? -1 : 1),
    );
  const byRevenue = descendingOrder(revenue, ids);
  const start = new Int32Array(129);
  for (let i = 0; i < n; i++) start[rank[i] + 1]++;
  for (let r = 0; r < 128; r++) start[r + 1] += start[r];
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = byRevenue[p];
    order[start[rank[i]]++] = i;
  }
  return order;
}

/** The lifecycle of the orders read at `asOf` (pure): every customer judged at every snapshot. */
export function buildLifecycle(o: OrderArrays, asOf: number, opts: LifecycleOptions): LifecycleBuilt {
  const h = purchaseHistory(o, asOf);
  const st = judgeSnapshots(h, snapshotDates(asOf, opts.period, opts.periods), opts);
  const { now, ...stages } = st;
  const nC = h.customers.length;
  const rankOf = new Int8Array(nC);
  for (let c = 0; c < nC; c++) rankOf[c] = SHOW_RANK[now[c].stage];
  const order = showOrder(rankOf, h.revenue, h.customers);
  // The history lists the customers it keeps in code order: their codes from one walk along both lists.
  const codes = codesInOrder(o.customers, h.customers);
  const at = (k: number): LifecycleCustomer => {
    const c = order[k];
    return {
      id: h.customers[c],
      ...(codes ? { code: codes[c] } : {}),
      judgement: now[c],
      purchaseDays: h.start[c + 1] - h.start[c],
      revenue: h.revenue[c],
    };
  };
  return { customers: nC, stages, list: { at } };
}

/** Run the lifecycle analysis on the orders table. */
export function runLifecycle(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<LifecycleOptions> = {},
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = lifecycleOptions(options, diagnostics);
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const built = memoized(common.memo, o, lifecycleKey(opts, common.asOf), () => buildLifecycle(o, common.asOf, opts));
  const nC = built.customers;
  if (nC === 0) {
    diagnostics.push(diag('user.no_purchases', 'error', userMsg('noPurchases'), where(o.dataset)));
    return emptyResult(HEAD, diagnostics);
  }
  const snaps = snapshotDates(common.asOf, opts.period, opts.periods);
  const st = built.stages;
  const lang = common.lang;
  const customers = lifecycleCustomersTable(built.list, nC, opts.maxCustomerRows, lang, o.customers);
  if (st.personal === 0) {
    diagnostics.push(
      diag(
        'lifecycle.fixed_only',
        'info',
        userMsg('lifecycleFixedOnly', { purchaseDays: opts.minIntervals + 1 }),
        where(o.dataset),
      ),
    );
  }
  return {
    ...HEAD,
    figures: lifecycleFigures(st, nC),
    tables: [
      stagesTable(st, nC, common.asOf, lang),
      trendTable(snaps, st.counts),
      transitionsTable(snaps, st.transitions, lang),
      customers,
    ],
    charts: lifecycleCharts(),
    findings: lifecycleFindings(st, common.currency, opts),
    notes: lifecycleNotes(opts, st.personal, nC, common.asOf),
    diagnostics,
  };
}

function lifecycleFigures(st: LifecycleBuilt['stages'], nC: number): Figure[] {
  const last = st.counts[st.counts.length - 1];
  return [
    { key: 'customers', label: t('Customers', '客户数'), value: nC, kind: 'integer' },
    ...STAGES.map((s) => ({ key: s, label: STAGE_LABEL[s], value: last[s], kind: 'integer' as const })),
    {
      key: 'active_share',
      label: t('Active share', '活跃占比'),
      value: round((last.active + last.new) / nC),
      kind: 'percent',
    },
    {
      key: 'at_risk_revenue',
      label: t('Revenue of at-risk customers', '有风险客户累计收入'),
      value: round(st.revenue.at_risk, 2),
      kind: 'currency',
    },
  ];
}

function lifecycleCharts(): ChartHint[] {
  return [
    {
      name: 'stages',
      title: t('Customers by stage', '各阶段客户数'),
      kind: 'bar',
      table: 'stages',
      category: 'stage_name',
      series: ['customers'],
    },
    {
      name: 'stage_trend',
      title: t('Stages over time', '阶段变化趋势'),
      kind: 'stackedColumn',
      table: 'stage_trend',
      category: 'period',
      series: [...STAGES],
    },
  ];
}

function stagesTable(st: LifecycleBuilt['stages'], nC: number, asOf: number, lang: Lang): ResultTable {
  const last = st.counts[st.counts.length - 1];
  return {
    name: 'stages',
    title: t(`Lifecycle stages on ${isoDate(asOf)}`, `${isoDate(asOf)} 的生命周期阶段`),
    columns: [
      { key: 'stage', label: t('Stage key', '阶段键'), kind: 'text', code: true },
      { key: 'stage_name', label: t('Stage', '阶段'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
      {
        key: 'avg_days_since_last',
        label: t('Avg. days since last purchase', '平均距上次购买天数'),
        kind: 'number',
        decimals: 0,
      },
    ],
    rows: STAGES.map((s) => ({
      stage: s,
      stage_name: STAGE_LABEL[s][lang],
      customers: last[s],
      share: round(last[s] / nC),
      revenue: round(st.revenue[s], 2),
      avg_days_since_last: last[s] > 0 ? round(st.daysSince[s] / last[s], 1) : null,
    })),
  };
}

function trendTable(snaps: readonly Snapshot[], counts: LifecycleStages['counts']): ResultTable {
  return {
    name: 'stage_trend',
    title: t('Customers by stage over time', '各阶段客户数变化'),
    columns: [
      { key: 'period', label: t('At end of', '期末'), kind: 'text' },
      { key: 'date', label: t('Date', '日期'), kind: 'date' },
      ...STAGES.map((s) => ({ key: s, label: STAGE_LABEL[s], kind: 'integer' as const })),
    ],
    rows: snaps.map((sn, k) => ({ period: sn.label, date: sn.date, ...counts[k] })),
  };
}

function transitionsTable(snaps: readonly Snapshot[], transitions: Map<string, number>, lang: Lang): ResultTable {
  const fromKeys: (Stage | 'none')[] = ['none', ...STAGES];
  const since = snaps.length >= 2 ? isoDate(snaps[snaps.length - 2].date) : '';
  return {
    name: 'transitions',
    title: t(`Movement since ${since}`, `自 ${since} 以来的阶段变化`),
    columns: [
      { key: 'from', label: t('From (previous period end)', '上期末阶段'), kind: 'text' },
      ...STAGES.map((s) => ({
        key: s,
        label: t(`To ${STAGE_LABEL[s].en.toLowerCase()}`, `变为${STAGE_LABEL[s]['zh-CN']}`),
        kind: 'integer' as const,
        highlight: 'colorScale' as const,
      })),
    ],
    rows: fromKeys.map((f) => ({
      from: f === 'none' ? t('(not yet a customer)', '（尚未成为客户）')[lang] : STAGE_LABEL[f][lang],
      ...Object.fromEntries(STAGES.map((s) => [s, transitions.get(`${f}>${s}`) ?? 0])),
    })),
  };
}

const BASIS_TEXT = { personal: t('own interval', '个人购买间隔'), fixed: t('fixed window', '固定窗口') };

/**
 * Customer list: every customer in the table's order (at risk first, then dormant, active, new, churned; within a
 * stage by revenue); the sheet shows the first `maxRows`, the whole list is attached (attachFullTable).
 */
function lifecycleCustomersTable(
  list: LifecycleBuilt['list'],
  nC: number,
  maxRows: number,
  lang: Lang,
  ids: readonly string[],
): ResultTable {
  const rowOf = (k: number): Record<string, CellValue> => {
    const c = list.at(k);
    const j = c.judgement;
    return {
      customer_id: c.id,
      stage: STAGE_LABEL[j.stage][lang],
      days_since_last: j.daysSince,
      usual_interval: round(j.interval, 1),
      basis: BASIS_TEXT[j.basis][lang],
      purchase_days: c.purchaseDays,
      revenue: round(c.revenue, 2),
    };
  };
  const shown = Math.min(nC, maxRows);
  const customers: ResultTable = {
    name: 'customers',
    title: t('Customers by stage (at risk first)', '客户阶段（有风险者在前）'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'stage', label: t('Stage', '阶段'), kind: 'text' },
      { key: 'days_since_last', label: t('Days since last purchase', '距上次购买天数'), kind: 'integer' },
      { key: 'usual_interval', label: t('Usual interval (days)', '通常购买间隔（天）'), kind: 'number', decimals: 1 },
      { key: 'basis', label: t('Judged by', '判断依据'), kind: 'text' },
      { key: 'purchase_days', label: t('Purchase days', '购买天数'), kind: 'integer' },
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
    ],
    rows: Array.from({ length: shown }, (_, k) => rowOf(k)),
  };
  if (nC > shown)
    customers.note = userMsg('lifecycleCustomersShown', { shown: countText(shown), total: countText(nC) });
  // Codes into the run's customer list when the list's maker gives them (FullTable.customers).
  const coded = nC > 0 && list.at(0).code !== undefined;
  const codeAt = list.codeAt?.bind(list) ?? ((k: number) => list.at(k).code ?? -1);
  attachFullTable(customers, {
    rows: nC,
    row: rowOf,
    customers: () => (coded ? { ids, code: codeAt } : undefined),
  });
  return customers;
}

const DIRECTION_TEXT = { up: t('rose', '增至'), down: t('fell', '降至') };

function lifecycleFindings(st: LifecycleBuilt['stages'], currency: string, opts: LifecycleOptions): Finding[] {
  const last = st.counts[st.counts.length - 1];
  const findings: Finding[] = [];
  if (last.at_risk > 0) {
    findings.push({
      key: 'lifecycle.at_risk',
      // The definition in the sentence: the CLV sheet's "probably stopped buying" is another measure.
      text: userMsg('lifecycleAtRisk', {
        customers: countText(last.at_risk),
        revenue: moneyParam(st.revenue.at_risk, currency),
        factorActive: opts.factors.active,
        factorAtRisk: opts.factors.atRisk,
        windowActive: opts.windows.active,
        windowAtRisk: opts.windows.atRisk,
      }),
      atStake: round(st.revenue.at_risk, 2),
      observational: true,
      descriptive: true,
    });
  }
  const prev = st.counts.length >= 2 ? st.counts[st.counts.length - 2] : null;
  // No change is said as such, and two empty period ends (every customer new) say nothing.
  if (prev && (prev.active > 0 || last.active > 0)) {
    findings.push({
      key: 'lifecycle.active_change',
      text:
        prev.active === last.active
          ? userMsg('lifecycleActiveSame', { count: countText(last.active) })
          : userMsg('lifecycleActiveChange', {
              direction: last.active > prev.active ? DIRECTION_TEXT.up : DIRECTION_TEXT.down,
              from: countText(prev.active),
              to: countText(last.active),
            }),
      atStake: null,
      observational: true,
      descriptive: true,
    });
  }
  return findings;
}

function lifecycleNotes(opts: LifecycleOptions, personal: number, nC: number, asOf: number): I18nText[] {
  const w = opts.windows,
    f = opts.factors;
  return [
    userMsg('lifecycleNoteStages', {
      asOf: isoDate(asOf),
      newDays: opts.newDays,
      minIntervals: opts.minIntervals,
      factorActive: f.active,
      factorAtRisk: f.atRisk,
      factorDormant: f.dormant,
      minWindowDays: opts.minWindowDays,
      windowActive: w.active,
      windowAtRisk: w.atRisk,
      windowDormant: w.dormant,
    }),
    userMsg('lifecycleNotePersonal', {
      personal: countText(personal),
      customers: countText(nC),
      share: percent1(personal / nC),
    }),
  ];
}

/**
 * The lifecycle needs an as-of date: stages are judged by the days from each customer's last purchase to
 * it, and the snapshots are the period ends before it.
 */
export const lifecycleAnalysis = defineAnalysis<Partial<LifecycleOptions>>({
  kind: 'lifecycle',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '需要一张包含客户、下单日期和金额的订单表。'),
  defaults: LIFECYCLE_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    newDays: {
      basic: true,
      label: {
        en: 'For how many days after the first purchase is a customer new?',
        'zh-CN': '首次购买后多少天内算新客？',
      },
    },
    windows: {
      basic: true,
      label: {
        en: 'How many days without a purchase make a customer at risk, dormant or lost?',
        'zh-CN': '多少天未购买分别算有流失风险、沉睡和已流失？',
      },
      help: {
        en: 'Days since the last purchase. Used for customers with too few purchases to judge by their own rhythm.',
        'zh-CN': '按距最近一次购买的天数判断，适用于购买次数太少、无法按自身节奏判断的客户。',
      },
      editor: {
        kind: 'fields',
        fields: {
          active: {
            label: { en: 'Active: last purchase within (days)', 'zh-CN': '活跃：最近一次购买在多少天内' },
            min: 1,
            step: 1,
          },
          atRisk: {
            label: { en: 'At risk: up to (days)', 'zh-CN': '有流失风险：最多多少天未购买' },
            min: 1,
            step: 1,
          },
          dormant: {
            label: { en: 'Dormant: up to (days); longer is lost', 'zh-CN': '沉睡：最多多少天未购买（更久算已流失）' },
            min: 1,
            step: 1,
          },
        },
      },
    },
    period: {
      basic: true,
      label: { en: 'Show the stages month by month or week by week?', 'zh-CN': '按月还是按周显示各阶段？' },
      choices: [
        { value: 'month', label: { en: 'Month', 'zh-CN': '月' } },
        { value: 'week', label: { en: 'Week', 'zh-CN': '周' } },
      ],
    },
  },
  needsAsOf: true,
  run: runLifecycle,
});
