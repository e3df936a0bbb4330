/**
 * Customer lifetime value and churn risk: BG/NBD (purchases, P(alive)) × Gamma-Gamma (spend per purchase),
 * discounted monthly over a horizon, in the data's real time unit; churn-risk tiers from P(alive);
 * calibration/holdout validation by frequency and a tracking table of cumulative repeat purchases.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import {
  attachFullTable,
  fullTableOfFields,
  rowOfFields,
  checkChoice,
  checkNumber,
  defineAnalysis,
  diag,
  emptyResult,
  isoDate,
  round,
  t,
  where,
  countText,
  memoized,
  type RunMemo,
} from '../common/index.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultTable } from '../types.js';
import {
  aliveDenominator,
  distinctTriplets,
  conditionalExpectedPurchases,
  distinctPairs,
  expectationNumeratorOf,
  expectedPurchases,
  type BgNbdFit,
  type BgNbdParams,
} from './bg-nbd.js';
import {
  customerModels,
  customerSummary,
  modelsGoAside,
  startModels,
  startSummaryAside,
  summaryMemoKey,
  summaryCodes,
  type CustomerModels,
} from './customer-models.js';
import {
  summaryDiagnostics,
  type CustomerSummary,
  type RefundMode,
  type SummaryOptions,
  type TimeUnit,
} from './customer-summary.js';
import { conditionalExpectedSpend, spendFrequencyCorrelation, type GammaGammaFit } from './gamma-gamma.js';
import { moneyParam, percent1, userMsg } from './messages.js';
import { readOrders, type OrderArrays } from './orders.js';
import { atParameterLimit } from '../../stats/optimize.js';
import { descendingOrderThen } from '../common/descending.js';

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
  timeUnit: 'weeks',
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 1,
  holdoutDays: 0,
  penalty: 0,
  refunds: 'net',
  riskTiers: { high: 0.3, medium: 0.7 },
  maxCustomerRows: 10_000,
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
 * `scoreClv` of a run's fitted models (`customerModels`: their summary, BG/NBD and Gamma-Gamma), once per run (with
 * `memo`), models and options: the CLV sheet and the loop's predicted value (clv-scores.ts) score the same customers
 * with the same models and, at the CLV sheet's defaults, the same options (0.1 s of 100,000 customers each).
 * Read-only when memoized.
 */
export function modelScores(
  m: CustomerModels,
  opts: Pick<ClvOptions, 'timeUnit' | 'horizonMonths' | 'annualDiscountRate' | 'margin'>,
  memo?: RunMemo,
): ClvScores {
  const key = `clv-scores|${opts.timeUnit}|${opts.horizonMonths}|${opts.annualDiscountRate}|${opts.margin}`;
  return memoized(memo, m, key, () => scoreClv(m.summary, m.bg.params, m.gg?.params ?? null, opts));
}

/**
 * For each distinct (x, T) of `pairs`: the numerator of E[Y(t) | x, t_x, T] at the horizon's last month, and the sum
 * of its monthly increments each divided by `discount[m]` (t[m] in model units, m = 1 … t.length − 1). A function of
 * its own, so that the optimising compiler, entering its loop while it runs (on-stack replacement), compiles just
 * this loop and finds feedback for all of it: inside scoreClv the code after the loop had none, the compiled loop was
 * thrown away on leaving it and scoreClv compiled again for the customers' loop (two compilations of 45-50 ms CPU
 * on a busy machine, in the one call a run makes).
 */
function numeratorPaths(
  bg: BgNbdParams,
  pairs: { x: Float64Array; T: Float64Array },
  t: Float64Array,
  discount: Float64Array,
): { atH: Float64Array; discounted: Float64Array } {
  const np = pairs.x.length,
    H = t.length - 1;
  const atH = new Float64Array(np),
    discounted = new Float64Array(np);
  const numeratorOf = new Map<number, (t: number, T: number) => number>();
  for (let j = 0; j < np; j++) {
    const x = pairs.x[j],
      T = pairs.T[j];
    let numerator = numeratorOf.get(x);
    if (!numerator) {
      numerator = expectationNumeratorOf(bg, x);
      numeratorOf.set(x, numerator);
    }
    let prev = 0,
      disc = 0;
    for (let m = 1; m <= H; m++) {
      const e = numerator(t[m], T);
      disc += (e - prev) / discount[m];
      prev = e;
    }
    atH[j] = prev;
    discounted[j] = disc;
  }
  return { atH, discounted };
}

/**
 * Score customers (pure): P(alive), expected purchases over `horizonMonths`, expected spend, and
 * CLV = Σₘ (E[Y(tₘ)] − E[Y(tₘ₋₁)]) · spend · margin / (1 + d)^m over months m = 1..H, with tₘ in model units.
 * The hypergeometric part is computed once per distinct (x, T), so large customer bases cost little.
 */
export function scoreClv(
  s: Pick<CustomerSummary, 'x' | 't_x' | 'T' | 'zbar'>,
  bg: BgNbdParams,
  gg: GammaGammaFit['params'] | null,
  opts: Pick<ClvOptions, 'timeUnit' | 'horizonMonths' | 'annualDiscountRate' | 'margin'>,
): ClvScores {
  const n = s.x.length;
  const unitDays = opts.timeUnit === 'weeks' ? 7 : 1;
  const H = Math.max(0, Math.round(opts.horizonMonths));
  const dm = Math.pow(1 + opts.annualDiscountRate, 1 / 12) - 1;
  const t = new Float64Array(H + 1),
    discount = new Float64Array(H + 1);
  for (let m = 1; m <= H; m++) {
    t[m] = (m * DAYS_PER_MONTH) / unitDays;
    discount[m] = Math.pow(1 + dm, m);
  }
  // The numerator of E[Y(t) | x, t_x, T] depends on (x, T) only: its monthly path once per distinct pair (21,746 of
  // 100,000 customers on the 1M-order benchmark), its ₂F₁ series' coefficients once per x.
  const pairs = distinctPairs(s.x, s.T);
  const { atH, discounted } = numeratorPaths(bg, pairs, t, discount);
  // P(alive)'s denominator once per distinct (x, t_x, T), the triplets the BG/NBD fit grouped (distinctTriplets): at
  // 100,000 customers 75,513 triplets (grouping them again would cost more than the powers saved), at 6.33M 289,346
  // (0.8 s of powers per customer). The same values give the same denominators.
  const trip = distinctTriplets(s.x, s.t_x, s.T);
  const dens = new Float64Array(trip.groups);
  for (let g = 0; g < trip.groups; g++) {
    const k = trip.first[g];
    dens[g] = aliveDenominator(bg, s.x[k], s.t_x[k], s.T[k]);
  }
  const out: ClvScores = { pAlive: new Float64Array(n), purchases: new Float64Array(n), spend: [], clv: [] };
  for (let i = 0; i < n; i++) {
    const x = s.x[i],
      j = pairs.index[i];
    const den = dens[trip.index[i]];
    out.pAlive[i] = 1 / den;
    out.purchases[i] = atH[j] / den;
    const sp = gg ? conditionalExpectedSpend(gg, x, s.zbar[i]) : null;
    out.spend.push(sp);
    const disc = discounted[j] / den;
    out.clv.push(sp === null || !Number.isFinite(disc) ? null : disc * sp * opts.margin);
  }
  return out;
}

/**
 * Each day's repeat purchases, sparse: `n[j]` customers bought on day `day[j]` (whole days, Excel serials,
 * ascending) having bought on an earlier day. Same-day purchases are one; refund rows are not purchases.
 * What CLV's tracking chart counts, and all it needs of the order rows: an engine holding the orders computes it
 * there (src/source/duckdb/orders.ts) and hands it over through the run's memo under REPEAT_DAYS_KEY.
 */
export interface RepeatDays {
  day: Float64Array;
  n: Float64Array;
}

/** Memo key (owner: the orders read) of the orders' RepeatDays. */
export const REPEAT_DAYS_KEY = 'repeat-days';

/** The orders' RepeatDays (pure). */
export function repeatDays(o: OrderArrays): RepeatDays {
  // Customers (codes) and the whole days the purchases span.
  const n = o.code.length;
  let customers = 0,
    lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (o.refund[i]) continue;
    if (o.code[i] >= customers) customers = o.code[i] + 1;
    const d = Math.floor(o.date[i]);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (hi < lo) return { day: new Float64Array(0), n: new Float64Array(0) };
  if (!(hi - lo < 4_000_000)) return sortedRepeatDays(o);
  // The purchase rows by customer (a counting sort), then per customer each day once (a stamp per day), the first
  // left out: the distinct (customer, day) pairs the sorted keys gave, without sorting a million of them (issue 13).
  const from = new Int32Array(customers + 1);
  for (let i = 0; i < n; i++) if (!o.refund[i]) from[o.code[i] + 1]++;
  for (let c = 0; c < customers; c++) from[c + 1] += from[c];
  const at = from.slice(0, customers);
  const day = new Float64Array(from[customers]);
  for (let i = 0; i < n; i++) if (!o.refund[i]) day[at[o.code[i]]++] = Math.floor(o.date[i]);
  const stamp = new Int32Array(hi - lo + 1).fill(-1);
  const count = new Float64Array(hi - lo + 1);
  for (let c = 0; c < customers; c++) {
    let first = Infinity;
    for (let j = from[c]; j < from[c + 1]; j++) if (day[j] < first) first = day[j];
    for (let j = from[c]; j < from[c + 1]; j++) {
      const d = day[j];
      if (d === first || stamp[d - lo] === c) continue;
      stamp[d - lo] = c;
      count[d - lo]++;
    }
  }
  const days: number[] = [],
    counts: number[] = [];
  count.forEach((k, j) => {
    if (k > 0) {
      days.push(lo + j);
      counts.push(k);
    }
  });
  return { day: Float64Array.from(days), n: Float64Array.from(counts) };
}

/** `repeatDays` by sorting (customer, day) keys: for days spanning more than the stamps above are made for. */
function sortedRepeatDays(o: OrderArrays): RepeatDays {
  const keys: number[] = [];
  let lo = Infinity;
  for (let i = 0; i < o.code.length; i++) if (!o.refund[i]) lo = Math.min(lo, Math.floor(o.date[i]));
  for (let i = 0; i < o.code.length; i++) if (!o.refund[i]) keys.push(o.code[i] * 1e7 + Math.floor(o.date[i]) - lo);
  const sorted = Float64Array.from(keys).sort();
  const byDay = new Map<number, number>();
  let prevCode = -1,
    prevKey = -1;
  for (const k of sorted) {
    if (k === prevKey) continue;
    prevKey = k;
    const code = Math.floor(k / 1e7);
    if (code !== prevCode) {
      prevCode = code;
      continue;
    } // first purchase
    const day = (k % 1e7) + lo;
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  const days = Float64Array.from(byDay.keys()).sort();
  return { day: days, n: Float64Array.from(days, (d) => byDay.get(d)!) };
}

/**
 * Cumulative repeat purchases at the end of each period of `periodDays` from `start` (Excel serial), from each
 * day's repeats: element k counts repeats dated before start + (k + 1)·periodDays (and not before `start`).
 */
export function cumulativeFrom(r: RepeatDays, start: number, periodDays: number, periods: number): number[] {
  const hist = new Array<number>(periods).fill(0);
  for (let j = 0; j < r.day.length; j++) {
    const p = Math.floor((r.day[j] - start) / periodDays);
    if (p >= 0 && p < periods) hist[p] += r.n[j];
  }
  for (let p = 1; p < periods; p++) hist[p] += hist[p - 1];
  return hist;
}

/**
 * Cumulative repeat purchases (same-day purchases merged, each customer's first purchase excluded) at the end
 * of each period of `periodDays` from `start` (Excel serial): element k counts repeats dated before
 * start + (k + 1)·periodDays. Refund rows are not purchases.
 * Example (CDNOW sample, weekly from 1997-01-01): weeks 20..25 → 1359, 1414, 1484, 1517, 1573, 1672.
 */
export function cumulativeRepeats(o: OrderArrays, start: number, periodDays: number, periods: number): number[] {
  return cumulativeFrom(repeatDays(o), start, periodDays, periods);
}

function riskTier(p: number, tiers: ClvOptions['riskTiers']): 'high' | 'medium' | 'low' {
  return p < tiers.high ? 'high' : p < tiers.medium ? 'medium' : 'low';
}

const TIER_LABEL = {
  high: t('High risk', '高风险'),
  medium: t('Medium risk', '中风险'),
  low: t('Low risk', '低风险'),
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
    riskTiers: {
      high,
      medium: checkNumber(d, 'riskTiers.medium', o.riskTiers.medium, Math.max(high, D.riskTiers.medium), high, 1),
    },
    maxCustomerRows: checkNumber(d, 'maxCustomerRows', o.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
}

/** Customers, past revenue and CLV per churn-risk tier, and the totals over all customers. */
export interface ClvTotals {
  tiers: Record<'high' | 'medium' | 'low', { c: number; clv: number; rev: number }>;
  /** Sum of CLV over the customers that have one, and how many do. */
  totalClv: number;
  clvCount: number;
  totalPurchases: number;
  /** Customers with a single purchase (x = 0): BG/NBD gives them P(alive) = 1, so never a risk tier. */
  oneTime: number;
}

/** Sum customers into churn-risk tiers and total their value (pure). */
export function clvTotals(
  s: Pick<CustomerSummary, 'revenue' | 'x'>,
  sc: ClvScores,
  tiers: ClvOptions['riskTiers'],
): ClvTotals {
  const out: ClvTotals = {
    tiers: { high: { c: 0, clv: 0, rev: 0 }, medium: { c: 0, clv: 0, rev: 0 }, low: { c: 0, clv: 0, rev: 0 } },
    totalClv: 0,
    clvCount: 0,
    totalPurchases: 0,
    oneTime: 0,
  };
  for (let i = 0; i < sc.pAlive.length; i++) {
    if (s.x[i] === 0) out.oneTime++;
    const g = out.tiers[riskTier(sc.pAlive[i], tiers)];
    g.c++;
    g.rev += s.revenue[i];
    g.clv += sc.clv[i] ?? 0;
    if (sc.clv[i] !== null) {
      out.totalClv += sc.clv[i]!;
      out.clvCount++;
    }
    out.totalPurchases += sc.purchases[i];
  }
  return out;
}

/** Customers by calibration repeat purchases (7 = 7 or more): holdout purchases actual and predicted. */
export interface HoldoutCheck {
  byFrequency: { c: number; actual: number; pred: number }[];
  actual: number;
  predicted: number;
}

/** Compare the holdout purchases with the model's conditional expectation over `h` time units (pure). */
export function holdoutCheck(
  s: Pick<CustomerSummary, 'x' | 't_x' | 'T' | 'holdout'>,
  p: BgNbdParams,
  h: number,
): HoldoutCheck {
  const maxX = 7;
  const byFrequency = Array.from({ length: maxX + 1 }, () => ({ c: 0, actual: 0, pred: 0 }));
  let actual = 0,
    predicted = 0;
  for (let i = 0; i < s.x.length; i++) {
    const k = Math.min(maxX, s.x[i]);
    const pr = conditionalExpectedPurchases(p, h, s.x[i], s.t_x[i], s.T[i]);
    byFrequency[k].c++;
    byFrequency[k].actual += s.holdout[i];
    byFrequency[k].pred += pr;
    actual += s.holdout[i];
    predicted += pr;
  }
  return { byFrequency, actual, predicted };
}

/** One period of the tracking curve: cumulative repeat purchases, actual and expected by the model. */
export interface TrackingRow {
  period: number;
  period_end: number;
  actual: number;
  predicted: number | null;
}

/**
 * Cumulative repeat purchases per week (or per 1/200 of the span in days), actual against the model's
 * expectation from each customer's first purchase on (pure). Null beyond 2,000 periods.
 */
export function trackingCurve(
  repeats: RepeatDays,
  s: Pick<CustomerSummary, 'first'>,
  p: BgNbdParams,
  asOf: number,
  timeUnit: TimeUnit,
): TrackingRow[] | null {
  const n = s.first.length;
  const unitDays = timeUnit === 'weeks' ? 7 : 1;
  let minFirst = Infinity;
  for (let i = 0; i < n; i++) minFirst = Math.min(minFirst, s.first[i]);
  const trackDays = timeUnit === 'weeks' ? 7 : Math.max(1, Math.ceil((asOf - minFirst + 1) / 200));
  const periods = Math.max(1, Math.ceil((asOf + 1 - minFirst) / trackDays));
  if (periods > 2000) return null;
  const actual = cumulativeFrom(repeats, minFirst, trackDays, periods);
  const byFirst = new Map<number, number>();
  for (let i = 0; i < n; i++) byFirst.set(s.first[i], (byFirst.get(s.first[i]) ?? 0) + 1);
  const days = [...byFirst.keys()],
    counts = [...byFirst.values()];
  // E[X(t)] by the days elapsed, each computed once: the periods' ends less the first days repeat the same few
  // hundred gaps (100,000 customers tracked weekly over two years: 73,000 terms, 730 gaps).
  const expected = new Map<number, number>();
  const rows: TrackingRow[] = [];
  for (let k = 0; k < periods; k++) {
    const end = minFirst + (k + 1) * trackDays; // exclusive
    let e = 0;
    for (let j = 0; j < days.length; j++) {
      const d = days[j];
      if (!(d < end)) continue;
      const gap = end - 1 - d;
      let x = expected.get(gap);
      if (x === undefined) {
        x = expectedPurchases(p, gap / unitDays);
        expected.set(gap, x);
      }
      e += counts[j] * x;
    }
    rows.push({ period: k + 1, period_end: end - 1, actual: actual[k], predicted: round(e, 2) });
  }
  return rows;
}

/** What the present phase of CLV shows: the summary, the fits, the scores and the checks on them. */
interface ClvComputed {
  s: CustomerSummary;
  bg: BgNbdFit;
  gg: GammaGammaFit | null;
  /** Spend–frequency correlation of the repeat buyers (null when it cannot be computed). */
  corr: number | null;
  sc: ClvScores;
  totals: ClvTotals;
  /** Customers by CLV, then expected purchases: the customer table and the concentration finding. */
  order: number[];
  /** Null without a holdout. */
  holdout: HoldoutCheck | null;
  /** Null beyond 2,000 tracking periods. */
  tracking: TrackingRow[] | null;
  calEnd: number;
}

/**
 * Customers by CLV (none: −1) descending, then expected purchases descending, then id: the order of
 * `indexes.sort((a, b) => (clv[b] ?? −1) − (clv[a] ?? −1) || purchases[b] − purchases[a] || (ids[a] < ids[b] ? −1 : 1))`.
 * With distinct ids and no NaN among the keys that comparator is a total order, so the order is found by
 * `descendingOrderThen` (a native sort of the first key's top bits, runs of equal bits by the comparator). With a
 * NaN key, the comparator sort, as before. (A radix sort of CLV alone, ties by id, then runs of equal CLVs sorted again by the comparator was
 * 13 of the 10M-customer run's CPU s: a one-time buyer's CLV depends on T alone, so runs are thousands long.)
 */
export function clvOrder(
  clv: readonly (number | null)[],
  purchases: ArrayLike<number>,
  ids: readonly string[],
): number[] {
  const n = ids.length;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = clv[i] ?? -1;
  const order = descendingOrderThen(key, purchases, ids);
  if (order) return Array.from(order);
  // A NaN key: the comparator sort, as before.
  const cmp = (a: number, b: number) => key[b] - key[a] || purchases[b] - purchases[a] || (ids[a] < ids[b] ? -1 : 1);
  return Array.from({ length: n }, (_, i) => i).sort(cmp);
}

/** The customer summary CLV fits its models on (checked options; calibration up to `asOf` less the holdout). */
function clvSummaryOptions(opts: ClvOptions, asOf: number): SummaryOptions & { calibrationEnd: number } {
  return {
    refunds: opts.refunds,
    mergeSameDay: true,
    timeUnit: opts.timeUnit,
    asOf,
    calibrationEnd: asOf - Math.max(0, opts.holdoutDays),
  };
}

/**
 * Starts the model fits CLV with `options` will need (customer-models.ts `startModels`) before a run gets to CLV, when
 * they can go aside (`fitModelsAside`): they then run while the analyses before CLV run here. The orders and their
 * summary are read now (the run's `memo` keeps them for CLV). Nothing happens without an aside, a date, the orders,
 * or, with the summary pushed down to a database, without it in the memo (CLV says why when it runs).
 */
export function startClvModels(
  inputs: AnalysisInputs,
  options: Partial<ClvOptions>,
  asOf: number,
  memo: RunMemo,
): void {
  if (!modelsGoAside() || !Number.isFinite(asOf)) return;
  const opts = checkClvOptions(
    { ...CLV_DEFAULTS, ...options, riskTiers: { ...CLV_DEFAULTS.riskTiers, ...options.riskTiers } },
    [],
  );
  const sOpts = clvSummaryOptions(opts, asOf);
  let s: CustomerSummary;
  try {
    const o = readOrders(inputs, [], memo);
    if (!o) return;
    // The summary too when it is not in the memo yet (made from the orders read here, not pushed down).
    if (!memo.has(o, summaryMemoKey(sOpts)) && startSummaryAside(o, sOpts, opts.penalty)) return;
    s = customerSummary(o, sOpts, memo);
  } catch {
    // A sealed memo without that summary: CLV says why when it runs.
    return;
  }
  startModels(s, opts.penalty, memo);
}

/** Run CLV and churn risk on the orders table. */
export function runClv(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<ClvOptions> = {},
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkClvOptions(
    { ...CLV_DEFAULTS, ...options, riskTiers: { ...CLV_DEFAULTS.riskTiers, ...options.riskTiers } },
    diagnostics,
  );
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const sOpts = clvSummaryOptions(opts, common.asOf);
  const calEnd = sOpts.calibrationEnd;
  const s = customerSummary(o, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, o, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (s.x[i] > 0) repeaters++;
  if (n < 10 || repeaters < 3) {
    const message = userMsg('clvTooLittleHistory', { customers: countText(n), repeaters: countText(repeaters) });
    diagnostics.push(diag('clv.too_little_history', 'error', message, where(o.dataset)));
    return emptyResult(HEAD, diagnostics);
  }
  const models = customerModels(s, opts.penalty, common.memo);
  const { bg, gg } = models;
  const corr = spendFrequencyCorrelation(s.x, s.zbar);
  diagnostics.push(...modelDiagnostics(bg, gg, corr));
  const sc = modelScores(models, opts, common.memo);
  const order = clvOrder(sc.clv, sc.purchases, s.ids);
  const computed: ClvComputed = {
    s,
    bg,
    gg,
    corr,
    sc,
    totals: clvTotals(s, sc, opts.riskTiers),
    order,
    holdout: opts.holdoutDays > 0 ? holdoutCheck(s, bg.params, opts.holdoutDays / unitDaysOf(opts.timeUnit)) : null,
    tracking: trackingCurve(
      memoized(common.memo, o, REPEAT_DAYS_KEY, () => repeatDays(o)),
      s,
      bg.params,
      common.asOf,
      opts.timeUnit,
    ),
    calEnd,
  };
  return { ...HEAD, ...presentClv(computed, opts, common), diagnostics };
}

/** Tables, charts, figures, findings and notes of CLV. */
function presentClv(
  c: ClvComputed,
  opts: ClvOptions,
  common: CommonOptions,
): Omit<AnalysisResult, keyof typeof HEAD | 'diagnostics'> {
  const n = c.s.ids.length;
  const tables: ResultTable[] = [
    riskTiersTable(c.totals, n, common.lang),
    clvCustomersTable(c.s, c.sc, c.order, opts, common.lang),
    parametersTable(c.bg, c.gg),
  ];
  const charts: AnalysisResult['charts'] = [
    {
      name: 'risk_tiers',
      title: t('Customers by churn risk', '各流失风险层客户数'),
      kind: 'column',
      table: 'risk_tiers',
      category: 'tier',
      series: ['customers'],
    },
  ];
  const figures = clvFigures(n, c.totals, c.bg, c.gg, opts.horizonMonths, opts.riskTiers.high);
  if (c.holdout) {
    tables.push(validationTable(c.holdout));
    charts.push(validationChart());
    figures.push(...holdoutFigures(c.holdout));
  }
  if (c.tracking) {
    tables.push(trackingTable(c.tracking, opts.timeUnit));
    charts.push(trackingChart());
  }
  return {
    figures,
    tables,
    charts,
    findings: clvFindings(n, c.totals, c.order, c.sc, opts, common.currency),
    notes: clvNotes(c.bg, c.gg, c.corr, opts, c.calEnd, common.asOf),
  };
}

function unitDaysOf(timeUnit: TimeUnit): number {
  return timeUnit === 'weeks' ? 7 : 1;
}

const UNIT_TEXT = { weeks: t('weeks', '周'), days: t('days', '天') };

/**
 * What a fit at the edge of its parameter space means (`atLimit`): r and α without bound, rates that do not
 * differ; a near 0 or b without bound, nobody dropping out; q and ν without bound, one spend for all.
 */
function limitDiagnostics(bg: BgNbdFit, gg: GammaGammaFit | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  const big = (v: number) => atParameterLimit([Math.log(v)]);
  if (bg.atLimit) {
    const { r, alpha, a, b } = bg.params;
    const rates = big(r) || big(alpha);
    const dropout = big(a) || big(b);
    if (rates || !dropout) out.push(diag('clv.bgnbd_rates_at_limit', 'warning', userMsg('clvRatesAtLimit')));
    if (dropout) out.push(diag('clv.bgnbd_dropout_at_limit', 'warning', userMsg('clvDropoutAtLimit')));
  }
  if (gg?.atLimit) out.push(diag('clv.gg_at_limit', 'warning', userMsg('clvSpendAtLimit')));
  return out;
}

/** Warnings about the fits: not converged, at a limit, spend correlated with frequency, a spend model without a mean. */
function modelDiagnostics(bg: BgNbdFit, gg: GammaGammaFit | null, corr: number | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!bg.converged && !bg.atLimit) out.push(diag('clv.bgnbd_not_converged', 'warning', userMsg('clvNotConverged')));
  out.push(...limitDiagnostics(bg, gg));
  if (corr !== null && Math.abs(corr) > 0.3) {
    out.push(
      diag('clv.spend_frequency_correlated', 'warning', userMsg('clvSpendFrequencyCorrelated', { r: corr.toFixed(2) })),
    );
  }
  if (gg && gg.params.q <= 1) out.push(diag('clv.gg_no_mean', 'warning', userMsg('clvNoSpendMean')));
  return out;
}

/** Per-customer value and risk, in `order` (most valuable first), at most `opts.maxCustomerRows`. */
function clvCustomersTable(
  s: CustomerSummary,
  sc: ClvScores,
  order: readonly number[],
  opts: ClvOptions,
  lang: Lang,
): ResultTable {
  const unit = UNIT_TEXT[opts.timeUnit];
  const shown = order.slice(0, opts.maxCustomerRows);
  const customers: ResultTable = {
    name: 'customers',
    title: t('Customer value and churn risk', '客户价值与流失风险'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'x', label: t('Repeat purchases', '重复购买次数'), kind: 'integer' },
      {
        key: 't_x',
        label: t(`Last purchase (${unit.en} since first)`, `最近购买（距首购${unit['zh-CN']}）`),
        kind: 'number',
      },
      { key: 'T', label: t(`Observed (${unit.en})`, `观察期（${unit['zh-CN']}）`), kind: 'number' },
      { key: 'p_alive', label: t('P(alive)', '存活概率'), kind: 'percent', highlight: 'colorScale' },
      { key: 'risk', label: t('Churn risk', '流失风险'), kind: 'text' },
      {
        key: 'expected_purchases',
        label: t(
          `Expected purchases, next ${opts.horizonMonths} months`,
          `未来 ${opts.horizonMonths} 个月预计购买次数`,
        ),
        kind: 'number',
      },
      { key: 'expected_spend', label: t('Expected spend per purchase', '预计客单价'), kind: 'currency' },
      {
        key: 'clv',
        label: t(`CLV, ${opts.horizonMonths} months (discounted)`, `${opts.horizonMonths} 个月 CLV（折现）`),
        kind: 'currency',
        highlight: 'dataBar',
      },
    ],
    rows: [],
  };
  const fields: [string, (i: number) => CellValue][] = [
    ['customer_id', (i) => s.ids[i]],
    ['x', (i) => s.x[i]],
    ['t_x', (i) => round(s.t_x[i], 2)],
    ['T', (i) => round(s.T[i], 2)],
    ['p_alive', (i) => round(sc.pAlive[i])],
    ['risk', (i) => TIER_LABEL[riskTier(sc.pAlive[i], opts.riskTiers)][lang]],
    ['expected_purchases', (i) => round(sc.purchases[i], 4)],
    ['expected_spend', (i) => round(sc.spend[i], 2)],
    ['clv', (i) => round(sc.clv[i], 2)],
  ];
  customers.rows = shown.map((i) => rowOfFields(fields, i));
  if (order.length > shown.length)
    customers.note = userMsg('clvCustomersShown', { shown: countText(shown.length), total: countText(order.length) });
  attachFullTable(
    customers,
    fullTableOfFields(
      order.length,
      (k) => order[k],
      fields,
      () => summaryCodes(s),
    ),
  );
  return customers;
}

function riskTiersTable(totals: ClvTotals, n: number, lang: Lang): ResultTable {
  const g = totals.tiers;
  return {
    name: 'risk_tiers',
    title: t('Churn-risk tiers (from P(alive))', '流失风险分层（基于存活概率）'),
    columns: [
      { key: 'tier', label: t('Tier', '分层'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'past_revenue', label: t('Past revenue', '历史收入'), kind: 'currency' },
      { key: 'clv', label: t('CLV', 'CLV'), kind: 'currency' },
    ],
    rows: (['high', 'medium', 'low'] as const).map((k) => ({
      tier: TIER_LABEL[k][lang],
      customers: g[k].c,
      share: round(g[k].c / n),
      past_revenue: round(g[k].rev, 2),
      clv: round(g[k].clv, 2),
    })),
  };
}

function parametersTable(bg: BgNbdFit, gg: GammaGammaFit | null): ResultTable {
  const p = bg.params,
    se = bg.se;
  return {
    name: 'parameters',
    title: t('Model parameters', '模型参数'),
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
      ...(gg
        ? [
            { model: 'Gamma-Gamma', parameter: 'p', value: round(gg.params.p), se: round(gg.se?.p) },
            { model: 'Gamma-Gamma', parameter: 'q', value: round(gg.params.q), se: round(gg.se?.q) },
            { model: 'Gamma-Gamma', parameter: 'v', value: round(gg.params.v), se: round(gg.se?.v) },
          ]
        : []),
    ],
  };
}

function clvFigures(
  n: number,
  totals: ClvTotals,
  bg: BgNbdFit,
  gg: GammaGammaFit | null,
  horizonMonths: number,
  highThreshold: number,
): Figure[] {
  const p = bg.params,
    { totalClv, clvCount } = totals;
  return [
    { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
    {
      key: 'total_clv',
      label: t('Total CLV', 'CLV 合计'),
      value: clvCount > 0 ? round(totalClv, 2) : null,
      kind: 'currency',
    },
    {
      key: 'mean_clv',
      label: t('CLV per customer', '客均 CLV'),
      value: clvCount > 0 ? round(totalClv / clvCount, 2) : null,
      kind: 'currency',
    },
    {
      key: 'expected_purchases',
      label: t(`Expected purchases, next ${horizonMonths} months`, `未来 ${horizonMonths} 个月预计购买次数`),
      value: round(totals.totalPurchases, 1),
      kind: 'number',
      decimals: 1,
    },
    {
      key: 'high_risk_customers',
      label: t('Probably stopped buying (model)', '很可能已停止购买（模型）'),
      value: totals.tiers.high.c,
      kind: 'integer',
      note: userMsg('clvHighRiskNote', { threshold: highThreshold, oneTime: countText(totals.oneTime) }),
    },
    { key: 'bgnbd_r', label: t('BG/NBD r', 'BG/NBD r'), value: round(p.r), kind: 'number', decimals: 6 },
    { key: 'bgnbd_alpha', label: t('BG/NBD α', 'BG/NBD α'), value: round(p.alpha), kind: 'number', decimals: 6 },
    { key: 'bgnbd_a', label: t('BG/NBD a', 'BG/NBD a'), value: round(p.a), kind: 'number', decimals: 6 },
    { key: 'bgnbd_b', label: t('BG/NBD b', 'BG/NBD b'), value: round(p.b), kind: 'number', decimals: 6 },
    {
      key: 'bgnbd_loglik',
      label: t('BG/NBD log-likelihood', 'BG/NBD 对数似然'),
      value: round(bg.logLik, 4),
      kind: 'number',
      decimals: 4,
    },
    {
      key: 'gg_p',
      label: t('Gamma-Gamma p', 'Gamma-Gamma p'),
      value: round(gg?.params.p),
      kind: 'number',
      decimals: 6,
    },
    {
      key: 'gg_q',
      label: t('Gamma-Gamma q', 'Gamma-Gamma q'),
      value: round(gg?.params.q),
      kind: 'number',
      decimals: 6,
    },
    {
      key: 'gg_v',
      label: t('Gamma-Gamma v', 'Gamma-Gamma v'),
      value: round(gg?.params.v),
      kind: 'number',
      decimals: 6,
    },
    {
      key: 'gg_loglik',
      label: t('Gamma-Gamma log-likelihood', 'Gamma-Gamma 对数似然'),
      value: round(gg?.logLik, 4),
      kind: 'number',
      decimals: 4,
    },
  ];
}

function validationChart(): ChartHint {
  return {
    name: 'validation',
    title: t('Predicted vs actual purchases in the holdout', '验证期预测与实际购买对比'),
    kind: 'line',
    table: 'validation',
    category: 'frequency',
    series: ['actual', 'predicted'],
    xTitle: t('Repeat purchases in calibration', '校准期重复购买次数'),
    yTitle: t('Purchases per customer', '人均购买次数'),
  };
}

function trackingChart(): ChartHint {
  return {
    name: 'tracking',
    title: t('Cumulative repeat purchases', '累计重复购买'),
    kind: 'line',
    table: 'tracking',
    category: 'period',
    series: ['actual', 'predicted'],
  };
}

function holdoutFigures(check: HoldoutCheck): Figure[] {
  return [
    {
      key: 'holdout_actual',
      label: t('Holdout purchases, actual', '验证期实际购买'),
      value: check.actual,
      kind: 'integer',
    },
    {
      key: 'holdout_predicted',
      label: t('Holdout purchases, predicted', '验证期预测购买'),
      value: round(check.predicted, 1),
      kind: 'number',
      decimals: 1,
    },
  ];
}

function validationTable(check: HoldoutCheck): ResultTable {
  const maxX = check.byFrequency.length - 1;
  return {
    name: 'validation',
    title: t(
      'Holdout check: actual vs predicted purchases by calibration frequency',
      '验证：按校准期购买次数比较实际与预测购买',
    ),
    columns: [
      { key: 'frequency', label: t('Repeat purchases in calibration', '校准期重复购买次数'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
      {
        key: 'actual',
        label: t('Actual purchases per customer (holdout)', '验证期人均实际购买'),
        kind: 'number',
        decimals: 3,
      },
      {
        key: 'predicted',
        label: t('Predicted purchases per customer (holdout)', '验证期人均预测购买'),
        kind: 'number',
        decimals: 3,
      },
    ],
    rows: check.byFrequency.map((g, k) => ({
      frequency: k === maxX ? `${maxX}+` : String(k),
      customers: g.c,
      actual: g.c > 0 ? round(g.actual / g.c, 4) : null,
      predicted: g.c > 0 ? round(g.pred / g.c, 4) : null,
    })),
    note: userMsg('clvValidationNote'),
  };
}

function trackingTable(rows: readonly TrackingRow[], timeUnit: TimeUnit): ResultTable {
  return {
    name: 'tracking',
    title: t('Cumulative repeat purchases: actual vs model', '累计重复购买：实际与模型'),
    columns: [
      { key: 'period', label: timeUnit === 'weeks' ? t('Week', '周') : t('Period', '期'), kind: 'integer' },
      { key: 'period_end', label: t('Period end', '期末'), kind: 'date' },
      { key: 'actual', label: t('Actual', '实际'), kind: 'integer' },
      { key: 'predicted', label: t('Model', '模型'), kind: 'number', decimals: 1 },
    ],
    rows: rows.map((r) => ({ ...r })),
    note: userMsg('clvTrackingNote'),
  };
}

function clvFindings(
  n: number,
  totals: ClvTotals,
  order: readonly number[],
  sc: ClvScores,
  opts: ClvOptions,
  currency: string,
): Finding[] {
  const high = totals.tiers.high;
  const findings: Finding[] = [];
  // Each sentence names what it measures and how it differs from the Lifecycle sheet's "at risk".
  const difference = userMsg('clvRiskDifference', { oneTime: countText(totals.oneTime) });
  if (high.c > 0) {
    findings.push({
      key: 'clv.high_risk',
      text: userMsg('clvHighRisk', {
        customers: countText(high.c),
        share: percent1(high.c / n),
        threshold: opts.riskTiers.high,
        revenue: moneyParam(high.rev, currency),
        difference,
      }),
      atStake: round(high.rev, 2),
      observational: true,
      descriptive: true,
    });
  } else if (totals.oneTime > 0) {
    // "0 customers at risk" beside the Lifecycle sheet's count reads as a contradiction: say why.
    findings.push({
      key: 'clv.high_risk',
      text: userMsg('clvNoHighRisk', { threshold: opts.riskTiers.high, difference }),
      atStake: null,
      observational: true,
      descriptive: true,
    });
  }
  if (totals.clvCount > 0) {
    const top = Math.max(1, Math.round(n * 0.1));
    const topSum = order.slice(0, top).reduce((acc, i) => acc + (sc.clv[i] ?? 0), 0);
    findings.push({
      key: 'clv.concentration',
      text: userMsg('clvConcentration', {
        top,
        share: percent1(topSum / (totals.totalClv || 1)),
        horizonMonths: opts.horizonMonths,
      }),
      atStake: round(topSum, 2),
      observational: true,
      descriptive: true,
    });
  }
  return findings;
}

function clvNotes(
  bg: BgNbdFit,
  gg: GammaGammaFit | null,
  corr: number | null,
  opts: ClvOptions,
  calEnd: number,
  asOf: number,
): I18nText[] {
  const p = bg.params,
    se = bg.se;
  const f4 = (v: number): string => v.toFixed(4);
  return [
    userMsg('clvNoteCalibration', {
      calibrationEnd: isoDate(calEnd),
      holdout: opts.holdoutDays > 0 ? userMsg('clvNoteHoldout', { asOf: isoDate(asOf) }) : '',
      unit: UNIT_TEXT[opts.timeUnit],
      horizonMonths: opts.horizonMonths,
      horizonUnits: String(round((opts.horizonMonths * DAYS_PER_MONTH) / unitDaysOf(opts.timeUnit), 2)),
    }),
    userMsg('clvNoteBgNbd', {
      rows: bg.uniqueRows,
      r: f4(p.r),
      alpha: f4(p.alpha),
      a: f4(p.a),
      b: f4(p.b),
      logLik: bg.logLik.toFixed(2),
      se: se
        ? userMsg('clvNoteBgNbdSe', { r: f4(se.r), alpha: f4(se.alpha), a: f4(se.a), b: f4(se.b) })
        : userMsg('clvNoteBgNbdNoSe'),
    }),
    gg
      ? userMsg('clvNoteGammaGamma', {
          buyers: gg.n,
          p: f4(gg.params.p),
          q: f4(gg.params.q),
          v: f4(gg.params.v),
          correlation: corr === null ? t('n/a', '无') : corr.toFixed(3),
        })
      : userMsg('clvNoteNoGammaGamma'),
    userMsg('clvNoteMethod', { margin: opts.margin, discountRate: (opts.annualDiscountRate * 100).toFixed(1) }),
  ];
}

/**
 * CLV needs an as-of date: it ends the observation (T) of every customer, and the holdout, when asked,
 * is the days before it.
 */
export const clvAnalysis = defineAnalysis<Partial<ClvOptions>>({
  kind: 'clv',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t(
    'An orders table with customer, order date and amount, with repeat purchases.',
    '需要一张包含客户、下单日期和金额的订单表，且有客户重复购买。',
  ),
  defaults: CLV_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    horizonMonths: {
      basic: true,
      label: { en: 'How many months ahead should customers be valued?', 'zh-CN': '预测客户未来多少个月的价值？' },
    },
    margin: {
      basic: true,
      label: { en: 'What share of revenue is profit?', 'zh-CN': '收入中有多少是利润？' },
    },
    riskTiers: {
      basic: true,
      label: { en: 'When is a customer at high or medium risk?', 'zh-CN': '什么情况下客户算高风险或中风险？' },
    },
  },
  needsAsOf: true,
  run: runClv,
});
