/**
 * RFM segmentation (R package `rfm` conventions): recency = days from the last purchase to the as-of date,
 * frequency = orders (or distinct purchase days), monetary = revenue (sum, or mean per order).
 * Scores 1..5 by quintile edges (quantile type 7, Excel `PERCENTILE.INC`) plus 1, as the package's code
 * does (R/utils.R `bins()`): intervals [min, q1 + 1), [q1 + 1, q2 + 1), …, [q4 + 1, max + 1); F and M score
 * upwards, R reversed (most recent = 5). In Excel: score = 1 + COUNTIF(edges, "<=" & value).
 * The eight classes of Chinese practice (segment-maps.ts `RFM_CLASSES`) compare the measures themselves with
 * the customers' averages instead: in Excel, R high = days < AVERAGE(days), F high = orders > AVERAGE(orders).
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import {
  countText,
  attachFullTable,
  fullTableOfFields,
  rowOfFields,
  checkChoice,
  checkNumber,
  defineAnalysis,
  diag,
  emptyResult,
  isoDate,
  num,
  round,
  t,
  where,
  type RunMemo,
} from '../common/index.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Figure, Finding, ResultTable } from '../types.js';
import { quantileOfRanked, quantileSorted } from '../../stats/quantile.js';
import { descendingOrder } from '../common/descending.js';
import { customerSummary, summaryCodes } from './customer-models.js';
import { summaryDiagnostics, type CustomerSummary, type RefundMode } from './customer-summary.js';
import { moneyParam, percent1, userMsg } from './messages.js';
import { readOrders, sortedNumbers } from './orders.js';
import {
  BUSINESS_SEGMENTS,
  businessSegment,
  businessSegmentLabel,
  DEFAULT_BUSINESS,
  RFM_CLASSES,
  RFM_SEGMENTS,
  rfmClass,
  rfmClassLabel,
  rfmSegment,
  rfmSegmentLabel,
  type BusinessThresholds,
  type RfmAverages,
} from './segment-maps.js';

export interface RfmOptions {
  /** 5 = quintiles (default, `rfm` package), 4 = quartiles. */
  bins: 4 | 5;
  frequency: 'orders' | 'days';
  monetary: 'sum' | 'mean';
  refunds: RefundMode;
  /**
   * Which map the segment summary and chart use first: `auto` (default) the eight classes in Chinese and the
   * `rfm` package's ten segments in English; `eight` the eight classes; `rfm`; `business`.
   */
  segmentMap: 'auto' | 'eight' | 'rfm' | 'business';
  business: BusinessThresholds;
  /** Per-customer rows written at most (sorted by monetary, descending). */
  maxCustomerRows: number;
}

export const RFM_DEFAULTS: RfmOptions = {
  bins: 5,
  frequency: 'orders',
  monetary: 'sum',
  refunds: 'net',
  segmentMap: 'auto',
  business: DEFAULT_BUSINESS,
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
  // Recency and frequency are whole numbers: sorted by counting (sortedNumbers); monetary by the plain sort.
  const s = sortedNumbers(v);
  const e: number[] = [];
  // The `rfm` package adds 1 to each quantile edge (R/utils.R `bins()`), so a value equal to a
  // type-7 quantile stays in the lower bin; we follow it to reproduce its scores.
  for (let k = 1; k < bins; k++) e.push((quantileSorted(s, k / bins) ?? 0) + 1);
  return e;
}

/**
 * `edgesOf(v, bins)` read through `order`, the indexes of `v` by value descending (`descendingOrder`): the k-th smallest
 * value is v[order[n − 1 − k]], so each quantile reads two values instead of sorting them all (RFM lists its customers
 * by monetary value anyway; sorting 100,000 doubles again cost about 10 ms). The same edges: equal values at each rank,
 * and a −0 where the sort has +0 (or the reverse) changes no quantile once 1 is added. With a NaN, `descendingOrder`
 * is the comparator's sort, not an order of the values: then `edgesOf`.
 */
function edgesOfOrder(v: ArrayLike<number>, order: Int32Array, bins: number): number[] {
  const n = v.length;
  if (order.length !== n) return edgesOf(v, bins);
  for (let i = 0; i < n; i++) if (Number.isNaN(v[i])) return edgesOf(v, bins);
  const ranked = (k: number): number => v[order[n - 1 - k]];
  const e: number[] = [];
  for (let k = 1; k < bins; k++) e.push((quantileOfRanked(n, k / bins, ranked) ?? 0) + 1);
  return e;
}

function binOf(v: number, edges: readonly number[]): number {
  let b = 1;
  for (const e of edges) if (v >= e) b++;
  return b;
}

/**
 * `out[i] = binOf(v[i], edges)` (`from − binOf(…)` when `from` > 0: recency scores downwards) for every customer: a
 * small loop with the edges in locals, optimised at once (issue 13: binOf's loop over the edges, called per value and
 * score, was most of scoreRfm's 45 ms on 100,000 customers, cold).
 */
function binAll(v: ArrayLike<number>, edges: readonly number[], out: Int8Array, from: number): void {
  const e = Float64Array.from(edges);
  const k = e.length;
  for (let i = 0; i < out.length; i++) {
    const x = v[i];
    let b = 1;
    for (let j = 0; j < k; j++) if (x >= e[j]) b++;
    out[i] = from > 0 ? from - b : b;
  }
}

/**
 * Score customers (pure). Ties get the same score because bins depend only on the value. `monetaryOrder`, when
 * given: the customers by monetary value descending (`descendingOrder(monetary, ids)`), which the monetary edges are
 * read through instead of sorting the values.
 * Example: recency [1, 50, 100, 200, 400], frequency [50, 40, 30, 20, 10], monetary the same, 5 bins
 * → r [5, 4, 3, 2, 1], f [5, 4, 3, 2, 1], m [5, 4, 3, 2, 1].
 */
export function scoreRfm(
  recency: ArrayLike<number>,
  frequency: ArrayLike<number>,
  monetary: ArrayLike<number>,
  bins: 4 | 5 = 5,
  monetaryOrder?: Int32Array,
): RfmScores {
  const edges = {
    recency: edgesOf(recency, bins),
    frequency: edgesOf(frequency, bins),
    monetary: monetaryOrder ? edgesOfOrder(monetary, monetaryOrder, bins) : edgesOf(monetary, bins),
  };
  const n = recency.length;
  const r = new Int8Array(n),
    f = new Int8Array(n),
    m = new Int8Array(n);
  binAll(recency, edges.recency, r, bins + 1);
  binAll(frequency, edges.frequency, f, 0);
  binAll(monetary, edges.monetary, m, 0);
  return { r, f, m, edges };
}

/** Scores one at a time (`binOf`), the plain form `scoreRfm` computes in whole columns: for the tests to compare. */
export function scoreRfmEach(
  recency: ArrayLike<number>,
  frequency: ArrayLike<number>,
  monetary: ArrayLike<number>,
  bins: 4 | 5 = 5,
): Pick<RfmScores, 'r' | 'f' | 'm'> {
  const e = { recency: edgesOf(recency, bins), frequency: edgesOf(frequency, bins), monetary: edgesOf(monetary, bins) };
  const n = recency.length;
  const r = new Int8Array(n),
    f = new Int8Array(n),
    m = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = bins + 1 - binOf(recency[i], e.recency);
    f[i] = binOf(frequency[i], e.frequency);
    m[i] = binOf(monetary[i], e.monetary);
  }
  return { r, f, m };
}

const HEAD = {
  kind: 'rfm',
  title: t('RFM segments', 'RFM 客户分群'),
  sheetName: t('RFM', 'RFM分群'),
  question: t('Who are our best, newest and slipping customers?', '谁是我们最好的、最新的和正在流失的客户？'),
};

/** Group sums of the customers in a segment. */
interface Group {
  customers: number;
  orders: number;
  revenue: number;
  recency: number;
  frequency: number;
  monetary: number;
}

function segmentTable(
  name: string,
  title: I18nText,
  keys: readonly string[],
  label: (k: string) => I18nText,
  groups: Map<string, Group>,
  totals: { customers: number; revenue: number },
  lang: CommonOptions['lang'],
): ResultTable {
  const rows: Record<string, CellValue>[] = [];
  for (const k of keys) {
    const g = groups.get(k);
    if (!g) continue;
    rows.push({
      segment: k,
      segment_name: label(k)[lang],
      customers: g.customers,
      customers_share: round(g.customers / totals.customers),
      orders: g.orders,
      revenue: round(g.revenue, 2),
      revenue_share: totals.revenue !== 0 ? round(g.revenue / totals.revenue) : null,
      avg_recency: round(g.recency / g.customers, 1),
      avg_frequency: round(g.frequency / g.customers, 2),
      avg_monetary: round(g.monetary / g.customers, 2),
    });
  }
  rows.sort((a, b) => (b.customers as number) - (a.customers as number));
  return {
    name,
    title,
    columns: [
      { key: 'segment', label: t('Segment key', '分群键'), kind: 'text', code: true },
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
  const D = RFM_DEFAULTS,
    B = DEFAULT_BUSINESS;
  const bins = checkChoice(d, 'bins', o.bins, D.bins, [4, 5] as const);
  const b = o.business;
  return {
    bins,
    frequency: checkChoice(d, 'frequency', o.frequency, D.frequency, ['orders', 'days'] as const),
    monetary: checkChoice(d, 'monetary', o.monetary, D.monetary, ['sum', 'mean'] as const),
    refunds: checkChoice(d, 'refunds', o.refunds, D.refunds, ['net', 'exclude'] as const),
    segmentMap: checkChoice(d, 'segmentMap', o.segmentMap, D.segmentMap, ['auto', 'eight', 'rfm', 'business'] as const),
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

/** The map a run shows first: `auto` resolved by the language (Chinese: the eight classes). */
export function resolveSegmentMap(map: RfmOptions['segmentMap'], lang: Lang): 'eight' | 'rfm' | 'business' {
  if (map === 'auto') return lang === 'zh-CN' ? 'eight' : 'rfm';
  return map;
}

/** Customers segmented by every map, with each segment's sums, the R × F grid and the totals. */
export interface RfmSegmentation {
  /** rfm-package segment key per customer. */
  seg: string[];
  /** Business segment key per customer. */
  biz: string[];
  /** Eight-class key per customer. */
  cls: string[];
  segGroups: Map<string, Group>;
  bizGroups: Map<string, Group>;
  clsGroups: Map<string, Group>;
  /** The customers' averages the eight classes compare with. */
  averages: RfmAverages;
  /** grid[bins − r][f − 1]: customers with that R and F score. */
  grid: number[][];
  totalRevenue: number;
  totalOrders: number;
}

/** The per-customer measures RFM scores: the summary, frequency and monetary as chosen, and the scores. */
export interface RfmMeasures {
  s: CustomerSummary;
  freq: ArrayLike<number>;
  mon: Float64Array;
  scores: RfmScores;
  /** The customers by monetary value descending, ties by id (`descendingOrder`), when made: the customers table's order. */
  order?: Int32Array;
}

/**
 * Frequency and monetary value as the options define them, the customers in order of the latter (`order`, shared
 * through `memo`), and the scores, their monetary edges read through that order.
 */
export function rfmMeasures(
  s: CustomerSummary,
  opts: Pick<RfmOptions, 'frequency' | 'monetary' | 'bins'>,
  memo?: RunMemo,
): RfmMeasures {
  const n = s.ids.length;
  // As doubles, like recency and monetary: the scoring's loops (sortedNumbers, binAll) then see one kind of array and
  // are optimised once (an Int32Array among the Float64Arrays cost each a deoptimisation and a second compile).
  const freq = Float64Array.from(opts.frequency === 'days' ? s.days : s.orders);
  const mon = new Float64Array(n);
  const byMean = opts.monetary === 'mean';
  for (let i = 0; i < n; i++) mon[i] = byMean ? s.revenue[i] / Math.max(1, s.orders[i]) : s.revenue[i];
  // By revenue itself when M is the revenue (the same values; the clusters sheet lists customers in its order too).
  const order = descendingOrder(byMean ? mon : s.revenue, s.ids, memo);
  return { s, freq, mon, scores: scoreRfm(s.recency, freq, mon, opts.bins, order), order };
}

/** The plain means of recency, frequency and monetary over the customers (Excel AVERAGE); n > 0. */
export function rfmAverages(m: RfmMeasures): RfmAverages {
  const n = m.s.ids.length;
  const { recency } = m.s,
    { freq, mon } = m;
  let r = 0,
    f = 0,
    v = 0;
  for (let i = 0; i < n; i++) {
    r += recency[i];
    f += freq[i];
    v += mon[i];
  }
  return { recency: r / n, frequency: f / n, monetary: v / n };
}

/**
 * `rfmAverages` (the same sums in the same order) and the R×F grid with the totals in one pass over the customers (each sum in customer order, as in a loop of its
 * own): grid[bins − r][f − 1] the customers with that R and F score, the revenue and orders summed. One small loop
 * less to run cold (issue 13).
 */
function averagesAndGrid(
  m: RfmMeasures,
  bins: number,
): { averages: RfmAverages; grid: number[][]; totalRevenue: number; totalOrders: number } {
  const n = m.s.ids.length;
  const { recency, revenue, orders } = m.s,
    { freq, mon } = m,
    { r: rs, f: fs } = m.scores;
  const counts = new Float64Array(bins * bins);
  let r = 0,
    f = 0,
    v = 0,
    totalRevenue = 0,
    totalOrders = 0;
  for (let i = 0; i < n; i++) {
    r += recency[i];
    f += freq[i];
    v += mon[i];
    totalRevenue += revenue[i];
    totalOrders += orders[i];
    counts[(bins - rs[i]) * bins + fs[i] - 1]++;
  }
  const grid = Array.from({ length: bins }, (_, k) => Array.from(counts.subarray(k * bins, (k + 1) * bins)));
  return { averages: { recency: r / n, frequency: f / n, monetary: v / n }, grid, totalRevenue, totalOrders };
}

/**
 * The segments of one map: `slotOf[code]` the segment (an index into `keys`, −1 not met yet) of a customer whose
 * key has that code, and per segment its sums (Group's fields), in Float64Arrays indexed by segment.
 */
class GroupSums {
  readonly keys: string[] = [];
  readonly slotOf: Int32Array;
  private readonly index = new Map<string, number>();
  // customers, orders, revenue, recency, frequency, monetary: 6 sums per segment.
  sums = new Float64Array(6 * 16);
  constructor(codes: number) {
    this.slotOf = new Int32Array(codes).fill(-1);
  }
  /** The segment of key `k` (code `code`), made when first met. */
  slot(code: number, k: string): number {
    let s = this.index.get(k);
    if (s === undefined) {
      s = this.keys.length;
      this.keys.push(k);
      this.index.set(k, s);
      if (6 * (s + 1) > this.sums.length) {
        const grown = new Float64Array(this.sums.length * 2);
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    this.slotOf[code] = s;
    return s;
  }
  /** The segments as a Map, in the order first met (as the customers were added), each Group's sums. */
  groups(): Map<string, Group> {
    const out = new Map<string, Group>();
    const a = this.sums;
    this.keys.forEach((k, s) => {
      const b = 6 * s;
      out.set(k, {
        customers: a[b],
        orders: a[b + 1],
        revenue: a[b + 2],
        recency: a[b + 3],
        frequency: a[b + 4],
        monetary: a[b + 5],
      });
    });
    return out;
  }
}

/**
 * Add customers to the segments: customer i's segment is `slot[i]`, its sums the customer's measures, added in
 * customer order (as one Group object per segment was). A small loop, optimised at once (issue 13).
 */
function addToGroups(
  sums: Float64Array,
  slot: Int32Array,
  orders: ArrayLike<number>,
  revenue: ArrayLike<number>,
  recency: ArrayLike<number>,
  freq: ArrayLike<number>,
  mon: ArrayLike<number>,
): void {
  for (let i = 0; i < slot.length; i++) {
    const b = 6 * slot[i];
    sums[b]++;
    sums[b + 1] += orders[i];
    sums[b + 2] += revenue[i];
    sums[b + 3] += recency[i];
    sums[b + 4] += freq[i];
    sums[b + 5] += mon[i];
  }
}

/**
 * Each customer's code of every map (one small loop): `seg` the scores (3 bits each), `biz` those and whether the
 * orders reach the business map's "new" limit, `cls` the three comparisons with the averages. Each map's key depends
 * on these few values only.
 */
function mapCodes(
  m: RfmMeasures,
  newMax: number,
  avg: RfmAverages,
): { seg: Int32Array; biz: Int32Array; cls: Int32Array } {
  const { r, f, m: ms } = m.scores;
  const { orders, recency } = m.s,
    { freq, mon } = m;
  const avgR = avg.recency,
    avgF = avg.frequency,
    avgM = avg.monetary;
  const n = r.length;
  const seg = new Int32Array(n),
    biz = new Int32Array(n),
    cls = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const code = (r[i] << 6) | (f[i] << 3) | ms[i];
    seg[i] = code;
    biz[i] = (code << 1) | (orders[i] <= newMax ? 1 : 0);
    cls[i] = (recency[i] < avgR ? 4 : 0) | (freq[i] > avgF ? 2 : 0) | (mon[i] > avgM ? 1 : 0);
  }
  return { seg, biz, cls };
}

/** `firstAt[code]`: the first customer with each code (−1: none); a small loop without calls. */
function firstOfCodes(codes: Int32Array, firstAt: Int32Array): void {
  for (let i = 0; i < codes.length; i++) if (firstAt[codes[i]] < 0) firstAt[codes[i]] = i;
}

/** `slot[i] = slotOf[codes[i]]` and `keys[i]` that slot's key: a small loop without calls. */
function slotsOfCodes(
  codes: Int32Array,
  slotOf: Int32Array,
  slotKeys: readonly string[],
  slot: Int32Array,
  keys: string[],
): void {
  for (let i = 0; i < codes.length; i++) {
    const k = slotOf[codes[i]];
    slot[i] = k;
    keys[i] = slotKeys[k];
  }
}

/**
 * Each customer's segment of one map by its code (`mapCodes`): `slot[i]` and its key `keys[i]`, segments numbered in
 * the order first met, each code's key made once by `keyOf` of the first customer with that code. The codes in order
 * of their first customer, then every customer's slot: two loops without calls (a loop that called `keyOf` and
 * `GroupSums.slot` on a new code, inlining both, took tens of ms to optimise).
 */
function segmentsOf(
  sums: GroupSums,
  codes: Int32Array,
  keyOf: (i: number) => string,
): { slot: Int32Array; keys: string[] } {
  const n = codes.length;
  const firstAt = new Int32Array(sums.slotOf.length).fill(-1);
  firstOfCodes(codes, firstAt);
  const met: number[] = [];
  firstAt.forEach((i, code) => {
    if (i >= 0) met.push(code);
  });
  met.sort((a, b) => firstAt[a] - firstAt[b]);
  for (const code of met) sums.slot(code, keyOf(firstAt[code]));
  const slot = new Int32Array(n),
    keys: string[] = new Array<string>(n);
  slotsOfCodes(codes, sums.slotOf, sums.keys, slot, keys);
  return { slot, keys };
}

/** Segment every customer with every map and sum each segment (pure). */
export function segmentCustomers(m: RfmMeasures, opts: Pick<RfmOptions, 'bins' | 'business'>): RfmSegmentation {
  const { s, freq, mon, scores: sc } = m;
  const { averages, grid, totalRevenue, totalOrders } = averagesAndGrid(m, opts.bins);
  const { orders, revenue, recency } = s;
  const { r, f, m: ms } = sc;
  const business = opts.business;
  const segs = new GroupSums(512),
    bizs = new GroupSums(1024),
    clss = new GroupSums(8);
  const codes = mapCodes(m, business.newMaxOrders, averages);
  const { slot: segSlot, keys: seg } = segmentsOf(segs, codes.seg, (i) => rfmSegment(r[i], f[i], ms[i]));
  const { slot: bizSlot, keys: biz } = segmentsOf(bizs, codes.biz, (i) =>
    businessSegment(r[i], f[i], ms[i], orders[i], business),
  );
  const { slot: clsSlot, keys: cls } = segmentsOf(clss, codes.cls, (i) =>
    rfmClass(recency[i], freq[i], mon[i], averages),
  );
  addToGroups(segs.sums, segSlot, orders, revenue, recency, freq, mon);
  addToGroups(bizs.sums, bizSlot, orders, revenue, recency, freq, mon);
  addToGroups(clss.sums, clsSlot, orders, revenue, recency, freq, mon);
  return {
    seg,
    biz,
    cls,
    segGroups: segs.groups(),
    bizGroups: bizs.groups(),
    clsGroups: clss.groups(),
    averages,
    grid,
    totalRevenue,
    totalOrders,
  };
}

/**
 * Run RFM on the orders table: validates roles, builds the per-customer summary, scores, segments with both
 * maps, and returns segment summaries, an R × F grid and per-customer scores (capped).
 */
export function runRfm(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<RfmOptions> = {},
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkRfmOptions(
    { ...RFM_DEFAULTS, ...options, business: { ...DEFAULT_BUSINESS, ...options.business } },
    diagnostics,
  );
  const orders = readOrders(inputs, diagnostics, common.memo);
  if (!orders) return emptyResult(HEAD, diagnostics);
  const sOpts = { refunds: opts.refunds, mergeSameDay: false, timeUnit: 'days' as const, asOf: common.asOf };
  const s = customerSummary(orders, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, orders, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  const m = rfmMeasures(s, opts, common.memo);
  if (n === 1) diagnostics.push(diag('rfm.one_customer', 'warning', userMsg('rfmOneCustomer'), where(orders.dataset)));
  const repeat = repeatCustomers(m.freq);
  if (repeat === 0) diagnostics.push(diag('rfm.no_repeat', 'info', userMsg('rfmNoRepeat'), where(orders.dataset)));
  const g = segmentCustomers(m, opts);
  const lang = common.lang;
  const totals = { customers: n, revenue: g.totalRevenue };
  const segments = segmentTable(
    'segments',
    t('RFM segments (rfm package map)', 'RFM 分群（rfm 包规则）'),
    [...RFM_SEGMENTS.map((x) => x.key), 'Others'],
    rfmSegmentLabel,
    g.segGroups,
    totals,
    lang,
  );
  const business = segmentTable(
    'business_segments',
    t('Business segments', '业务分群'),
    BUSINESS_SEGMENTS.map((x) => x.key),
    businessSegmentLabel,
    g.bizGroups,
    totals,
    lang,
  );
  const map = resolveSegmentMap(opts.segmentMap, lang);
  const first =
    map === 'eight'
      ? [classTable(g, totals, lang), segments, business]
      : map === 'business'
        ? [business, segments]
        : [segments, business];
  const eight = map === 'eight';
  const headline = eight ? classHeadline(g.clsGroups) : headlineGroups(g.segGroups);
  return {
    ...HEAD,
    figures: rfmFigures(n, repeat, g, headline),
    tables: [...first, rfGridTable(g.grid, opts.bins), rfmCustomersTable(m, g, opts, lang, eight, common.memo)],
    charts: [
      {
        name: 'segment_sizes',
        title: t('Customers per segment', '各分群客户数'),
        kind: 'bar',
        table: first[0].name,
        category: 'segment_name',
        series: ['customers'],
      },
      {
        name: 'segment_revenue',
        title: t('Revenue share per segment', '各分群收入占比'),
        kind: 'column',
        table: first[0].name,
        category: 'segment_name',
        series: ['customers_share', 'revenue_share'],
      },
    ],
    findings: rfmFindings(n, g.totalRevenue, headline, common.currency),
    notes: rfmNotes(n, m.scores, opts, common.asOf, eight ? g.averages : null, common.currency),
    diagnostics,
  };
}

function repeatCustomers(freq: ArrayLike<number>): number {
  let repeat = 0;
  for (let i = 0; i < freq.length; i++) if (freq[i] > 1) repeat++;
  return repeat;
}

/** What the key figures and findings speak of: the best customers, and the valuable ones gone quiet. */
interface Headline {
  /** `rfm`: Champions and At Risk + Can't Lose Them; `eight`: 重要价值 and 重要保持 + 重要挽留. */
  map: 'rfm' | 'eight';
  atRisk: { customers: number; revenue: number };
  champ: Group | undefined;
}

function sumGroups(groups: Map<string, Group>, keys: readonly string[]): { customers: number; revenue: number } {
  return keys.reduce(
    (acc, k) => {
      const g = groups.get(k);
      return { customers: acc.customers + (g?.customers ?? 0), revenue: acc.revenue + (g?.revenue ?? 0) };
    },
    { customers: 0, revenue: 0 },
  );
}

/** The eight classes' headline: 重要价值客户, and 重要保持 + 重要挽留客户 (high M, last order longer ago than average). */
function classHeadline(clsGroups: Map<string, Group>): Headline {
  return {
    map: 'eight',
    atRisk: sumGroups(clsGroups, ['important_keep', 'important_win_back']),
    champ: clsGroups.get('important_value'),
  };
}

/** The `rfm` map's headline: At Risk + Can't Lose Them together, and Champions. */
function headlineGroups(segGroups: Map<string, Group>): Headline {
  const atRisk = ['At Risk', "Can't Lose Them"].reduce(
    (acc, k) => {
      const g = segGroups.get(k);
      return { customers: acc.customers + (g?.customers ?? 0), revenue: acc.revenue + (g?.revenue ?? 0) };
    },
    { customers: 0, revenue: 0 },
  );
  return { map: 'rfm', atRisk, champ: segGroups.get('Champions') };
}

function rfGridTable(grid: number[][], bins: number): ResultTable {
  return {
    name: 'rf_grid',
    title: t('Customers by recency × frequency score', '按最近度 × 频次评分的客户数'),
    columns: [
      { key: 'r_score', label: t('R score', 'R 评分'), kind: 'integer' },
      ...Array.from({ length: bins }, (_, j) => ({
        key: `f${j + 1}`,
        label: t(`F = ${j + 1}`, `F = ${j + 1}`),
        kind: 'integer' as const,
        highlight: 'colorScale' as const,
      })),
    ],
    rows: grid.map((row, k) => ({ r_score: bins - k, ...Object.fromEntries(row.map((v, j) => [`f${j + 1}`, v])) })),
  };
}

/** The eight classes' summary, one row per class that has customers. */
function classTable(g: RfmSegmentation, totals: { customers: number; revenue: number }, lang: Lang): ResultTable {
  return segmentTable(
    'rfm_classes',
    t('RFM classes (R, F, M against the averages)', 'RFM 八类客户（R、F、M 与平均值比较）'),
    RFM_CLASSES.map((c) => c.key),
    rfmClassLabel,
    g.clsGroups,
    totals,
    lang,
  );
}

/**
 * Row `i`'s RFM score as text (`${r}${f}${m}`, e.g. "545"), each distinct text made once: the full table asks for
 * every customer's (10,000,000 strings made, then looked up by the writer's coded texts), of a few dozen distinct.
 */
function scoreTexts(sc: Pick<RfmScores, 'r' | 'f' | 'm'>): (i: number) => string {
  const made = new Map<number, string>();
  return (i) => {
    const key = ((sc.r[i] + 128) << 16) | ((sc.f[i] + 128) << 8) | (sc.m[i] + 128);
    let text = made.get(key);
    if (text === undefined) {
      text = `${sc.r[i]}${sc.f[i]}${sc.m[i]}`;
      made.set(key, text);
    }
    return text;
  };
}

/**
 * Row `i`'s segment name in `lang` (`label(keys[i])[lang]`), each key's looked up once: a few distinct among every
 * customer's.
 */
function labelTexts(keys: readonly string[], label: (key: string) => I18nText, lang: Lang): (i: number) => string {
  const made = new Map<string, string>();
  return (i) => {
    const key = keys[i];
    let text = made.get(key);
    if (text === undefined) {
      text = label(key)[lang];
      made.set(key, text);
    }
    return text;
  };
}

/** The customers sheet's columns: F and M as the options define them, then the orders and revenue when they are not. */
function customerColumns(byDays: boolean, byMean: boolean, withClass: boolean): ResultTable['columns'] {
  return [
    { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
    { key: 'last_order', label: t('Last order', '最近下单'), kind: 'date' },
    { key: 'recency_days', label: t('Days since last order', '距上次购买天数'), kind: 'integer' },
    {
      key: 'frequency',
      label: byDays ? t('Purchase days', '购买天数') : t('Orders', '订单数'),
      kind: 'integer',
    },
    {
      key: 'monetary',
      label: byMean ? t('Revenue per order', '每单平均收入') : t('Revenue', '收入'),
      kind: 'currency',
    },
    ...(byDays ? [{ key: 'orders', label: t('Orders', '订单数'), kind: 'integer' as const }] : []),
    ...(byMean ? [{ key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' as const }] : []),
    { key: 'r', label: t('R', 'R'), kind: 'integer' },
    { key: 'f', label: t('F', 'F'), kind: 'integer' },
    { key: 'm', label: t('M', 'M'), kind: 'integer' },
    { key: 'rfm_score', label: t('RFM', 'RFM'), kind: 'text' },
    { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
    { key: 'business_segment', label: t('Business segment', '业务分群'), kind: 'text' },
    ...(withClass ? [{ key: 'rfm_class', label: t('RFM class', 'RFM 八类'), kind: 'text' as const }] : []),
  ];
}

type Field = [string, (i: number) => CellValue];

/**
 * The customers sheet's cells of customer `i`: `fields` (the columns' keys in order, a getter each), which the full
 * table and its columns read, and `row(i)`, the sheet's row. With the usual columns (F the orders, M the revenue) a
 * row is one object literal of the same values in the same order: a tenth of the time of adding the keys one by one
 * through `rowOfFields` (cold, 10,000 rows); tests hold the two to each other.
 */
function customerCells(
  m: RfmMeasures,
  g: RfmSegmentation,
  opts: RfmOptions,
  lang: Lang,
  withClass: boolean,
): { fields: Field[]; row: (i: number) => Record<string, CellValue> } {
  const { s, freq, mon, scores: sc } = m;
  const byDays = opts.frequency === 'days';
  const byMean = opts.monetary === 'mean';
  const score = scoreTexts(sc),
    segment = labelTexts(g.seg, rfmSegmentLabel, lang),
    business = labelTexts(g.biz, businessSegmentLabel, lang),
    rfmClass = labelTexts(g.cls, rfmClassLabel, lang);
  const fields: Field[] = [
    ['customer_id', (i) => s.ids[i]],
    ['last_order', (i) => s.last[i]],
    ['recency_days', (i) => s.recency[i]],
    ['frequency', (i) => freq[i]],
    ['monetary', (i) => round(mon[i], 2)],
    ...(byDays ? [['orders', (i: number) => s.orders[i]] as Field] : []),
    ...(byMean ? [['revenue', (i: number) => round(s.revenue[i], 2)] as Field] : []),
    ['r', (i) => sc.r[i]],
    ['f', (i) => sc.f[i]],
    ['m', (i) => sc.m[i]],
    ['rfm_score', score],
    ['segment', segment],
    ['business_segment', business],
    ...(withClass ? [['rfm_class', rfmClass] as Field] : []),
  ];
  if (byDays || byMean) return { fields, row: (i) => rowOfFields(fields, i) };
  const row = (i: number): Record<string, CellValue> => {
    const r: Record<string, CellValue> = {
      customer_id: s.ids[i],
      last_order: s.last[i],
      recency_days: s.recency[i],
      frequency: freq[i],
      monetary: round(mon[i], 2),
      r: sc.r[i],
      f: sc.f[i],
      m: sc.m[i],
      rfm_score: score(i),
      segment: segment(i),
      business_segment: business(i),
    };
    if (withClass) r.rfm_class = rfmClass(i);
    return r;
  };
  return { fields, row };
}

/** Per-customer scores, highest monetary value first, at most `maxRows`; with the eight classes when shown. */
function rfmCustomersTable(
  m: RfmMeasures,
  g: RfmSegmentation,
  opts: RfmOptions,
  lang: Lang,
  withClass: boolean,
  memo: RunMemo | undefined,
): ResultTable {
  const { s, mon } = m;
  const maxRows = opts.maxCustomerRows;
  // F and M as the options define them; when they are not the orders and the revenue, those follow as columns of
  // their own (the Customer facts sheet reads them).
  const byDays = opts.frequency === 'days';
  const byMean = opts.monetary === 'mean';
  const n = s.ids.length;
  const order = m.order ?? descendingOrder(byMean ? mon : s.revenue, s.ids, memo);
  const shown = Array.from(order.subarray(0, maxRows));
  const { fields, row } = customerCells(m, g, opts, lang, withClass);
  const customers: ResultTable = {
    name: 'customers',
    title: t('Customers with RFM scores', '客户 RFM 评分'),
    columns: customerColumns(byDays, byMean, withClass),
    rows: shown.map((i) => row(i)),
  };
  if (n > shown.length)
    customers.note = userMsg('rfmCustomersShown', { shown: countText(shown.length), total: countText(n) });
  attachFullTable(
    customers,
    fullTableOfFields(
      n,
      (k) => order[k],
      fields,
      () => summaryCodes(s),
    ),
  );
  return customers;
}

/** The two headline figures of a map: its best customers, and the revenue of its valuable ones gone quiet. */
function headlineFigures(h: Headline): Figure[] {
  if (h.map === 'eight')
    return [
      {
        key: 'important_value',
        label: t('Important: valuable', '重要价值客户'),
        value: h.champ?.customers ?? 0,
        kind: 'integer',
      },
      {
        key: 'important_lapsing_revenue',
        label: t('Revenue of Important: to keep + to win back', '重要保持客户与重要挽留客户的收入'),
        value: round(h.atRisk.revenue, 2),
        kind: 'currency',
      },
    ];
  return [
    { key: 'champions', label: t('Champions', '核心客户'), value: h.champ?.customers ?? 0, kind: 'integer' },
    {
      key: 'at_risk_revenue',
      label: t("Revenue of At Risk + Can't Lose Them", '流失风险客户与重点挽回客户的收入'),
      value: round(h.atRisk.revenue, 2),
      kind: 'currency',
    },
  ];
}

function rfmFigures(n: number, repeat: number, g: RfmSegmentation, h: Headline): Figure[] {
  return [
    { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
    { key: 'orders', label: t('Orders', '订单数'), value: g.totalOrders, kind: 'integer' },
    { key: 'revenue', label: t('Revenue', '收入'), value: round(g.totalRevenue, 2), kind: 'currency' },
    {
      key: 'revenue_per_customer',
      label: t('Revenue per customer', '客均收入'),
      value: round(g.totalRevenue / n, 2),
      kind: 'currency',
    },
    { key: 'repeat_share', label: t('Repeat customers', '复购客户占比'), value: round(repeat / n), kind: 'percent' },
    ...headlineFigures(h),
  ];
}

function rfmFindings(n: number, totalRevenue: number, h: Headline, currency: string): Finding[] {
  const { atRisk, champ } = h;
  const eight = h.map === 'eight';
  const findings: Finding[] = [];
  if (atRisk.customers > 0) {
    findings.push({
      key: eight ? 'rfm.important_lapsing_revenue' : 'rfm.at_risk_revenue',
      text: userMsg(eight ? 'rfmImportantLapsingRevenue' : 'rfmAtRiskRevenue', {
        customers: atRisk.customers,
        revenue: moneyParam(atRisk.revenue, currency),
      }),
      atStake: round(atRisk.revenue, 2),
      evidence: userMsg(eight ? 'rfmImportantLapsingEvidence' : 'rfmAtRiskEvidence', {
        revenueShare: percent1(atRisk.revenue / (totalRevenue || 1)),
      }),
      observational: true,
      descriptive: true,
    });
  }
  if (champ) {
    findings.push({
      key: eight ? 'rfm.important_value_share' : 'rfm.champions_share',
      text: userMsg(eight ? 'rfmImportantValueShare' : 'rfmChampionsShare', {
        customerShare: percent1(champ.customers / n),
        revenueShare: percent1(champ.revenue / (totalRevenue || 1)),
      }),
      atStake: round(champ.revenue, 2),
      observational: true,
      descriptive: true,
    });
  }
  return findings;
}

const FREQUENCY_TEXT = { orders: t('orders', '订单数'), days: t('distinct purchase days', '不同购买日数') };
const MONETARY_TEXT = { sum: t('total revenue', '总收入'), mean: t('mean revenue per order', '每单平均收入') };
const REFUNDS_TEXT = { net: t(' net of refunds', '（已扣除退款）'), exclude: t(' (refunds excluded)', '（不含退款）') };
const BINS_TEXT = { 4: t('quartiles', '四分位'), 5: t('quintiles', '五分位') };

function rfmNotes(
  n: number,
  sc: RfmScores,
  opts: RfmOptions,
  asOf: number,
  avg: RfmAverages | null,
  currency: string,
): I18nText[] {
  const edges = (e: number[]): string => e.map((v) => round(v, 2)).join(' / ');
  const b = opts.business;
  return [
    userMsg('rfmNoteAsOf', { asOf: isoDate(asOf), customers: n }),
    userMsg('rfmNoteMeasures', {
      frequency: FREQUENCY_TEXT[opts.frequency],
      monetary: MONETARY_TEXT[opts.monetary],
      refunds: REFUNDS_TEXT[opts.refunds],
    }),
    ...(avg
      ? [
          userMsg('rfmNoteClasses', {
            avgR: (l) => num(avg.recency, l, 1),
            avgF: (l) => num(avg.frequency, l, 2),
            avgM: moneyParam(avg.monetary, currency),
            frequency: FREQUENCY_TEXT[opts.frequency],
            monetary: MONETARY_TEXT[opts.monetary],
          }),
        ]
      : []),
    userMsg('rfmNoteScores', {
      bins: opts.bins,
      binName: BINS_TEXT[opts.bins],
      edgesR: edges(sc.edges.recency),
      edgesF: edges(sc.edges.frequency),
      edgesM: edges(sc.edges.monetary),
    }),
    userMsg('rfmNoteBusiness', {
      lostMaxR: b.lostMaxR,
      warningMaxR: b.warningMaxR,
      newMaxOrders: b.newMaxOrders,
      highMinF: b.highMinF,
      highMinM: b.highMinM,
    }),
  ];
}

/**
 * RFM needs an as-of date: recency is counted in days back from it, and orders after it are left out.
 */
export const rfmAnalysis = defineAnalysis<Partial<RfmOptions>>({
  kind: 'rfm',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '需要一张包含客户、下单日期和金额的订单表。'),
  defaults: RFM_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    segmentMap: {
      basic: true,
      label: { en: 'Which segment names do you want?', 'zh-CN': '用哪种分群方式？' },
    },
    monetary: {
      basic: true,
      label: {
        en: 'Value a customer by total spend or by average order?',
        'zh-CN': '按累计金额还是平均订单金额衡量客户价值？',
      },
    },
    refunds: {
      basic: true,
      label: { en: 'How should refunds be counted?', 'zh-CN': '退款如何计算？' },
    },
  },
  needsAsOf: true,
  run: runRfm,
});
