/**
 * Cohorts and repurchase: customers grouped by the month (or week) of their first purchase, and by
 * acquisition channel when known. Retention triangle in counts and percent, revenue per cohort,
 * second-purchase rate within N days, time to second purchase, and an sBG projection of survival.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { Dataset } from '../../ingest/types.js';
import {
  checkChoice,
  checkNumber,
  columnByRole,
  columnValues,
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
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { quantileSorted } from '../../stats/quantile.js';
import { columnCodes } from '../../ingest/column-values.js';
import type { RefundMode } from './customer-summary.js';
import { taken, type Take } from './customer-models.js';
import { percent1, userMsg } from './messages.js';
import {
  groupedOrders,
  periodLabel,
  periodOf,
  readOrders,
  sortedNumbers,
  type GroupedOrders,
  type OrderArrays,
} from './orders.js';
import { fitSbg, sbgSurvival, type SbgFit } from './sbg.js';

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

export const COHORT_DEFAULTS: CohortOptions = {
  period: 'month',
  maxPeriods: 12,
  maxCohorts: 36,
  secondPurchaseDays: 90,
  refunds: 'net',
};

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

/** A cohort of period `fp` with no customer yet, its arrays sized up to the as-of period `asOfP`. */
export function emptyCohort(fp: number, asOfP: number): Cohort {
  const span = asOfP - fp;
  return {
    period: fp,
    size: 0,
    active: new Array<number>(span + 1).fill(0),
    revenue: new Array<number>(span + 1).fill(0),
    survivors: new Array<number>(Math.max(0, span)).fill(0),
  };
}

/** Customers of one acquisition channel, pooled over cohorts. */
export interface ChannelGroup {
  customers: number;
  /** activeAt[k]: customers buying at offset k; observableAt[k]: customers whose cohort reached offset k. */
  activeAt: number[];
  observableAt: number[];
  revenue: number;
  /** Customers old enough to judge the second-purchase rate, and those of them who bought again in time. */
  eligible: number;
  within: number;
}

export interface CohortData {
  cohorts: Cohort[];
  /** Per channel ('' when unknown), pooled over cohorts: activity by offset, revenue, second purchases. */
  byChannel: Map<string, ChannelGroup>;
  secondPurchase: { eligible: number; within: number; daysToSecond: number[] };
}

/** Orders grouped by customer, their columns in that order (see groupedOrders), and the as-of date: what each step below reads. */
interface Purchases {
  g: GroupedOrders;
  asOf: number;
}

/**
 * Build cohorts (pure). Refund rows never count as activity; with `refunds = 'net'` they reduce revenue.
 * `channelOf(code)` gives a customer's acquisition channel (or null).
 */
export function buildCohorts(
  o: OrderArrays,
  asOf: number,
  opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>,
  channelOf: (code: number) => string | null,
): CohortData {
  const pc: Purchases = { g: groupedOrders(o), asOf };
  const asOfP = periodOf(asOf, opts.period);
  const byChannel: CohortData['byChannel'] = new Map();
  const sp = { eligible: 0, within: 0, daysToSecond: [] as number[] };
  const fd = firstDays(pc);
  if (fd.lo === Infinity) return { cohorts: [], byChannel, secondPurchase: sp };
  const per = periodCache(fd.lo, asOf, opts.period);
  // Periods pLo … asOfP: a cohort's index is its period − pLo, an offset at most asOfP − pLo.
  const pLo = per.of(fd.lo);
  const width = asOfP - pLo + 1;
  const tally = new CohortTally(width, pLo);
  const slots = channelSlots(channelOf);
  const channels: ChannelTally[] = [];
  const day0 = per.first,
    table = per.table,
    net = opts.refunds === 'net',
    window = opts.secondPurchaseDays;
  const { start, date, amount, refund } = pc.g;
  // The offsets customer c bought in: seen[k] === c + 1 (one array for every customer, no Set each).
  const seen = new Int32Array(width);
  const daysToSecond = new Float64Array(o.customers.length);
  let nSecond = 0;
  for (let c = 0; c < o.customers.length; c++) {
    const first = fd.first[c],
      second = fd.second[c];
    if (first === Infinity) continue;
    const fp = per.of(first);
    const span = asOfP - fp;
    const ci = fp - pLo;
    const co = tally.cohort(ci, span);
    const slot = slots.of(c);
    const ch = (channels[slot] ??= new ChannelTally(width));
    const chActive = ch.active;
    co.size++;
    const mark = c + 1;
    let lastOff = 0,
      revenue = 0;
    // The customer's rows (see addToCohort before issue 13's fold: each offset's revenue and first activity).
    for (let j = start[c]; j < start[c + 1]; j++) {
      const d = Math.floor(date[j]);
      if (d > asOf) continue;
      const t = d - day0;
      const known = table !== null && t >= 0 && t < table.length ? table[t] : UNKNOWN_PERIOD;
      const off = (known !== UNKNOWN_PERIOD ? known : per.of(d)) - fp;
      if (off < 0) continue; // a refund before the first purchase
      if (refund[j]) {
        if (net) {
          co.revenue[off] -= Math.abs(amount[j]);
          revenue -= Math.abs(amount[j]);
        }
        continue;
      }
      co.revenue[off] += amount[j];
      revenue += amount[j];
      if (seen[off] !== mark) {
        seen[off] = mark;
        co.active[off]++;
        chActive[off]++;
      }
      if (off > lastOff) lastOff = off;
    }
    co.lastAt[lastOff]++;
    const eligible = first <= asOf - window;
    const within = eligible && second - first <= window;
    if (eligible) {
      sp.eligible++;
      if (within) sp.within++;
    }
    if (second !== Infinity) daysToSecond[nSecond++] = second - first;
    ch.add(span, revenue, eligible, within);
  }
  for (let k = 0; k < slots.keys.length; k++) byChannel.set(slots.keys[k], channels[k].group());
  // Whole days: sorted by counting (sortedNumbers), as the comparator did, without a call per comparison.
  sp.daysToSecond = Array.from(sortedNumbers(daysToSecond.subarray(0, nSecond)));
  return { cohorts: tally.cohorts(asOfP), byChannel, secondPurchase: sp };
}

/**
 * One cohort as it is counted: per offset its active customers and revenue (typed arrays, filled in place), and
 * `lastAt[k]`, the customers whose last purchase is at offset k (survivors are their running sums from the end).
 */
interface CohortCount {
  size: number;
  span: number;
  active: Int32Array;
  revenue: Float64Array;
  lastAt: Int32Array;
}

/** The cohorts of periods pLo … pLo + width − 1, by index (period − pLo), made when first met. */
class CohortTally {
  private readonly byIndex: (CohortCount | undefined)[];
  constructor(
    width: number,
    private readonly pLo: number,
  ) {
    this.byIndex = new Array<CohortCount | undefined>(width);
  }
  /** Cohort `ci` (its span: asOfP − its period), made when first met. */
  cohort(ci: number, span: number): CohortCount {
    let co = this.byIndex[ci];
    if (!co) {
      co = {
        size: 0,
        span,
        active: new Int32Array(span + 1),
        revenue: new Float64Array(span + 1),
        lastAt: new Int32Array(span + 1),
      };
      this.byIndex[ci] = co;
    }
    return co;
  }
  /**
   * The cohorts met, by period, as `Cohort`s: revenue rounded to cents, survivors[k] the customers whose last
   * purchase is at offset ≥ k, over complete periods only (offsets 0 … span − 1).
   */
  cohorts(asOfP: number): Cohort[] {
    const out: Cohort[] = [];
    for (let ci = 0; ci < this.byIndex.length; ci++) {
      const c = this.byIndex[ci];
      if (!c) continue;
      const co = emptyCohort(this.pLo + ci, asOfP);
      co.size = c.size;
      for (let k = 0; k <= c.span; k++) {
        co.active[k] = c.active[k];
        co.revenue[k] = Math.round(c.revenue[k] * 100) / 100;
      }
      let alive = 0;
      for (let k = c.span; k >= 0; k--) {
        alive += c.lastAt[k];
        if (k < co.survivors.length) co.survivors[k] = alive;
      }
      out.push(co);
    }
    return out;
  }
}

/**
 * One channel's customers as they are counted: activity per offset (in place, as the cohorts'), `spans[k]` the
 * customers whose cohort reached offset k and no further (observableAt: their running sums from the end).
 */
class ChannelTally {
  readonly active: Int32Array;
  private readonly spans: Int32Array;
  private maxSpan = -1;
  private customers = 0;
  private revenue = 0;
  private eligible = 0;
  private within = 0;
  constructor(width: number) {
    this.active = new Int32Array(width);
    this.spans = new Int32Array(width);
  }
  add(span: number, revenue: number, eligible: boolean, within: boolean): void {
    this.customers++;
    this.revenue += revenue;
    this.spans[span]++;
    if (span > this.maxSpan) this.maxSpan = span;
    if (eligible) {
      this.eligible++;
      if (within) this.within++;
    }
  }
  /** The channel's ChannelGroup: activity and observable customers at offsets 0 … its widest span. */
  group(): ChannelGroup {
    const n = this.maxSpan + 1;
    const observableAt = new Array<number>(n);
    let reached = 0;
    for (let k = n - 1; k >= 0; k--) observableAt[k] = reached += this.spans[k];
    return {
      customers: this.customers,
      activeAt: Array.from(this.active.subarray(0, n)),
      observableAt,
      revenue: this.revenue,
      eligible: this.eligible,
      within: this.within,
    };
  }
}

/**
 * Each customer's channel as a slot (`of(c)`), numbered in the order first met, and the slots' keys (the channel,
 * '' when unknown). A lookup made from the channel column's codes (`channelCodesOfFirstOrders`) is read by code,
 * without a text per customer; another through a Map of its texts.
 */
function channelSlots(channelOf: (code: number) => string | null): { of: (c: number) => number; keys: string[] } {
  const keys: string[] = [];
  const coded = CHANNEL_CODES.get(channelOf);
  if (coded) {
    const { first, dict } = coded;
    // slotOf[code + 1]: code −1 (no channel) at 0.
    const slotOf = new Int32Array(dict.length + 1).fill(-1);
    return {
      keys,
      of: (c) => {
        const k = first[c] + 1;
        let s = slotOf[k];
        if (s < 0) {
          s = slotOf[k] = keys.length;
          keys.push(k === 0 ? '' : dict[k - 1]);
        }
        return s;
      },
    };
  }
  const index = new Map<string, number>();
  return {
    keys,
    of: (c) => {
      const ch = channelOf(c) ?? '';
      let s = index.get(ch);
      if (s === undefined) {
        s = keys.length;
        index.set(ch, s);
        keys.push(ch);
      }
      return s;
    },
  };
}

/**
 * Each customer's cohort (the period of their first purchase, as its label) and acquisition channel: the
 * cohorts result's handover, from which the report builds its per-customer fact table. Customers without a
 * purchase up to the as-of date are left out, as they are from the cohorts.
 */
export interface CohortMembers {
  period: CohortOptions['period'];
  ids: string[];
  cohort: string[];
  /** null when acquisition channels are not known; '' for a customer whose channel is unknown. */
  channel: string[] | null;
}

/** Cohort label and channel of every customer with a purchase up to the as-of date (pure). */
export function cohortMembers(
  o: OrderArrays,
  asOf: number,
  period: CohortOptions['period'],
  channelOf: ((code: number) => string | null) | null,
): CohortMembers {
  const pc: Purchases = { g: groupedOrders(o), asOf };
  const out: CohortMembers = { period, ids: [], cohort: [], channel: channelOf ? [] : null };
  const labels = new Map<number, string>();
  const fd = firstDays(pc);
  const per = periodCache(fd.lo, asOf, period);
  for (let c = 0; c < o.customers.length; c++) {
    const first = fd.first[c];
    if (first === Infinity) continue;
    const p = per.of(first);
    let label = labels.get(p);
    if (label === undefined) labels.set(p, (label = periodLabel(p, period)));
    out.ids.push(o.customers[c]);
    out.cohort.push(label);
    if (channelOf) out.channel!.push(channelOf(c) ?? '');
  }
  return out;
}

/** A day's period not worked out yet, in `DayPeriods.table` (no period index is this low). */
const UNKNOWN_PERIOD = -0x80000000;

/**
 * `periodOf(day, period)` remembered per whole day: `of(day)`. Over the days from the first first purchase to the
 * as-of date (the days whose periods the cohorts count, at most 100,000), `table[day − first]` holds the periods
 * worked out so far (UNKNOWN_PERIOD otherwise), for a caller to read in its own loop without a call per order row
 * (issue 13); `table` is null (a Map behind `of`) for a wider span. Other days go through `periodOf` (a refund
 * before a customer's first purchase).
 */
interface DayPeriods {
  of: (day: number) => number;
  first: number;
  table: Int32Array | null;
}

function periodCache(lo: number, hi: number, period: CohortOptions['period']): DayPeriods {
  const first = Math.floor(lo);
  const span = Math.floor(hi) - first + 1;
  if (!(span > 0 && span <= 100_000)) {
    const cache = new Map<number, number>();
    const of = (d: number): number => {
      let p = cache.get(d);
      if (p === undefined) cache.set(d, (p = periodOf(d, period)));
      return p;
    };
    return { of, first: 0, table: null };
  }
  const table = new Int32Array(span).fill(UNKNOWN_PERIOD);
  const of = (d: number): number => {
    const k = Math.floor(d) - first;
    // Days outside the span (a refund before a first purchase) go through periodOf.
    if (!(k >= 0 && k < span)) return periodOf(d, period);
    if (table[k] === UNKNOWN_PERIOD) table[k] = periodOf(d, period);
    return table[k];
  };
  return { of, first, table };
}

/**
 * Every customer's first and second purchase days up to the as-of date (refunds are not purchases; Infinity if none),
 * by customer code, and the earliest first day (`lo`). Made once per grouping and as-of date and shared: the cohorts
 * and their members both read them (each made its own in a pass over the 1,000,000 orders, issue 13). Read-only.
 */
interface FirstDays {
  first: Float64Array;
  second: Float64Array;
  lo: number;
  /**
   * Each customer's first purchase row at any date (the as-of date aside), as a position of the grouping (−1: none):
   * the earliest date, the first such row in table order (see channelCodesOfFirstOrders).
   */
  firstRow: Int32Array;
}

const firstDaysMade = new WeakMap<GroupedOrders, Map<number, FirstDays>>();

function firstDays(pc: Purchases): FirstDays {
  const { g, asOf } = pc;
  let byAsOf = firstDaysMade.get(g);
  if (!byAsOf) firstDaysMade.set(g, (byAsOf = new Map<number, FirstDays>()));
  let fd = byAsOf.get(asOf);
  if (!fd) byAsOf.set(asOf, (fd = firstTwoPurchaseDays(g, asOf)));
  return fd;
}

/** `FirstDays` of the customers of `g` up to `asOf`, in one pass over the grouped rows. */
function firstTwoPurchaseDays(g: GroupedOrders, asOf: number): FirstDays {
  const { start, refund, date } = g;
  const nCust = start.length - 1;
  const firstOf = new Float64Array(nCust),
    secondOf = new Float64Array(nCust),
    firstRow = new Int32Array(nCust);
  let lo = Infinity;
  for (let c = 0; c < nCust; c++) {
    let first = Infinity,
      second = Infinity,
      earliest = Infinity,
      row = -1;
    for (let j = start[c]; j < start[c + 1]; j++) {
      if (refund[j]) continue;
      // A group's rows are in table order: the first row of the earliest date (strictly earlier replaces).
      if (date[j] < earliest) {
        earliest = date[j];
        row = j;
      }
      const d = Math.floor(date[j]);
      if (d > asOf) continue;
      if (d < first) {
        second = first;
        first = d;
      } else if (d > first && d < second) second = d;
    }
    firstOf[c] = first;
    secondOf[c] = second <= first ? Infinity : second;
    firstRow[c] = row;
    if (first < lo) lo = first;
  }
  return { first: firstOf, second: secondOf, lo, firstRow };
}

const HEAD = {
  kind: 'cohorts',
  title: t('Cohorts and repurchase', '同期群与复购'),
  sheetName: t('Cohorts', '同期群'),
  question: t(
    'Do new customers come back, and does it differ by when and where they came from?',
    '新客户会回来吗？不同时期和渠道的客户有何不同？',
  ),
};

/** Acquisition channel per customer code: customers table (acquisition_channel) first, else the first order's channel. */
export function channelLookup(inputs: AnalysisInputs, o: OrderArrays): ((code: number) => string | null) | null {
  const cust: Dataset | undefined = inputs.customers;
  if (cust) {
    const idC = columnByRole(cust, 'customer_id'),
      chC = columnByRole(cust, 'acquisition_channel');
    if (idC && chC) {
      const ids = columnValues(cust, idC.name),
        chs = columnValues(cust, chC.name);
      const m = new Map<string, string>();
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i],
          ch = chs[i];
        if ((typeof id === 'string' || typeof id === 'number') && (typeof ch === 'string' || typeof ch === 'number'))
          m.set(String(id), String(ch));
      }
      return (code) => m.get(o.customers[code]) ?? null;
    }
  }
  const fromCodes = channelCodesOfFirstOrders(o);
  if (fromCodes) return fromCodes;
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

/**
 * `channelLookup`'s first-order channels read from the channel column's dictionary codes, when the orders read kept
 * every row of a table whose channel column is kept as codes (a .csv): the same texts `o.channel` would give (a code
 * below 0 is null), without making that column's 1,000,000 texts (issue 13: 27 ms and a million-entry array for the
 * collector, for 100,000 first orders). Null otherwise (then `o.channel`).
 */
export function channelCodesOfFirstOrders(o: OrderArrays): ((code: number) => string | null) | null {
  const ds = o.dataset;
  const col = ds ? columnByRole(ds, 'channel') : undefined;
  // No rows: a read whose rows stay in a database (src/source: its channel is null), or nothing to look up.
  if (!col || o.code.length === 0 || o.code.length !== ds.table.numRows()) return null;
  const cc = columnCodes(ds, col.name);
  if (!cc) return null;
  const codes = cc.codes;
  // Each customer's first purchase row as the cohorts' first days found it (made once per grouping, a pass over the
  // grouped rows the cohorts make anyway; this pass over the table's rows in order cost ~9 ms of 1,000,000, cold):
  // the first row in table order of the customer's earliest date, refunds aside, as a pass in table order finds it.
  const g = groupedOrders(o);
  const made = firstDaysMade.get(g);
  const { firstRow } = made && made.size > 0 ? made.values().next().value! : firstDays({ g, asOf: Infinity });
  const firstCode = new Int32Array(o.customers.length);
  const { idx } = g;
  for (let c = 0; c < firstCode.length; c++) firstCode[c] = firstRow[c] < 0 ? -1 : codes[idx[firstRow[c]]];
  return channelLookupOfCodes(firstCode, cc.dict);
}

/**
 * The first-order channel lookup of customer `c`'s channel code `first[c]` into `dict` (−1: none), known to
 * `buildCohorts` as codes (`channelSlots`). Also how the command line's worker thread rebuilds the lookup.
 */
export function channelLookupOfCodes(first: Int32Array, dict: readonly string[]): (code: number) => string | null {
  const lookup = (c: number): string | null => (first[c] < 0 ? null : dict[first[c]]);
  CHANNEL_CODES.set(lookup, { first, dict });
  return lookup;
}

/** The codes behind the lookups `channelCodesOfFirstOrders` made: each customer's first channel code and their texts. */
const CHANNEL_CODES = new WeakMap<(code: number) => string | null, { first: Int32Array; dict: readonly string[] }>();

/** Validate cohort options; invalid values fall back to the defaults with a warning. No cross-field rule. */
export function checkCohortOptions(o: CohortOptions, d: Diagnostic[]): CohortOptions {
  const D = COHORT_DEFAULTS;
  return {
    period: checkChoice(d, 'period', o.period, D.period, ['month', 'week'] as const),
    maxPeriods: checkNumber(d, 'maxPeriods', o.maxPeriods, D.maxPeriods, 1, 520, true),
    maxCohorts: checkNumber(d, 'maxCohorts', o.maxCohorts, D.maxCohorts, 1, 5000, true),
    secondPurchaseDays: checkNumber(d, 'secondPurchaseDays', o.secondPurchaseDays, D.secondPurchaseDays, 1, 3650, true),
    refunds: checkChoice(d, 'refunds', o.refunds, D.refunds, ['net', 'exclude'] as const),
  };
}

/** One point of the pooled retention curve (offset `period` after the first purchase). */
export interface CurvePoint {
  period: number;
  /** Share buying in the period, of the customers whose cohorts reached it; null when none has. */
  retention: number | null;
  /** Share still buying (last purchase at this offset or later), over complete periods. */
  survival: number | null;
  sbg_survival: number | null;
  cohort_customers: number;
}

/** Pooled retention curve over offsets 0..maxPeriods, weighted by the cohorts that reached each offset (pure). */
export function retentionCurve(cohorts: readonly Cohort[], maxPeriods: number, sbg: SbgFit | null): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let k = 0; k <= maxPeriods; k++) {
    let act = 0,
      obs = 0,
      sv = 0,
      svObs = 0;
    for (const c of cohorts) {
      if (k < c.active.length) {
        act += c.active[k];
        obs += c.size;
      }
      if (k < c.survivors.length) {
        sv += c.survivors[k];
        svObs += c.size;
      }
    }
    points.push({
      period: k,
      retention: obs > 0 ? round(act / obs) : null,
      survival: svObs > 0 ? round(sv / svObs) : null,
      sbg_survival: sbg ? round(sbgSurvival(sbg.params, k)) : null,
      cohort_customers: obs,
    });
  }
  return points;
}

/** Upper bounds (days) of the time-to-second-purchase buckets; the last bucket is open. */
const SECOND_PURCHASE_EDGES = [7, 30, 60, 90, 180, 365];

/** Customers per time-to-second-purchase bucket (1–7, 8–30 … > 365 days). */
export function secondPurchaseBuckets(daysToSecond: readonly number[]): number[] {
  const edges = SECOND_PURCHASE_EDGES;
  const buckets = new Array<number>(edges.length + 1).fill(0);
  for (const d of daysToSecond) {
    let b = 0;
    while (b < edges.length && d > edges[b]) b++;
    buckets[b]++;
  }
  return buckets;
}

/** What the present phase of cohorts shows. */
interface CohortsComputed {
  data: CohortData;
  /** Whether acquisition channels are known (customers table or the orders' channel). */
  hasChannels: boolean;
  customers: number;
  sbg: SbgFit | null;
  curve: CurvePoint[];
  /** Share of the customers old enough to judge who bought again within the window; null when none is. */
  spRate: number | null;
  /** Median days from the first to the second purchase (Excel MEDIAN); null without repeat buyers. */
  median: number | null;
}

/** What runCohorts builds from the order rows: the cohorts, whether channels are known, the handover. */
export interface CohortsBuilt {
  data: CohortData;
  hasChannels: boolean;
  members: CohortMembers;
}

/**
 * The run memo's key of the CohortsBuilt for these options and as-of date (owner: the orders read). A source that
 * keeps the orders in a database (src/source) puts the cohorts it computed there under this key.
 */
export function cohortsKey(
  opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>,
  asOf: number,
): string {
  return `cohorts|${opts.period}|${opts.secondPurchaseDays}|${opts.refunds}|${asOf}`;
}

/**
 * Somewhere besides this thread to build cohorts (the command line's worker thread, src/cli/aside.ts): handed an orders
 * read, the as-of date, the options and each customer's first-order channel (`slot[c]` into `names`, −1: none), it
 * returns how to take the cohorts (customer-models.ts `Take`: waiting for them, or building them here when it has not
 * begun), or null to leave them here. It runs `buildCohorts` on the same numbers: the same cohorts to the last bit.
 */
export interface CohortsAside {
  /** Fewest customers an orders read must have for its cohorts to be built aside. */
  minCustomers: number;
  build(
    o: OrderArrays,
    asOf: number,
    opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>,
    channel: AsideChannels | null,
  ): Take<CohortData> | null;
}

/**
 * Each customer's first-order channel, handed aside: `slot[c]` into `names` (−1: none); `coded` when they are the
 * channel column's codes and texts (`channelLookupOfCodes` rebuilds the same lookup).
 */
export interface AsideChannels {
  slot: Int32Array;
  names: readonly string[];
  coded: boolean;
}

/** The lookup `channel` was made of (`startCohortsAside`), for `buildCohorts` aside: the same channels, in order. */
export function asideChannelLookup(channel: AsideChannels | null): (code: number) => string | null {
  if (!channel) return () => null;
  const { slot, names, coded } = channel;
  return coded ? channelLookupOfCodes(slot, names) : (c) => (slot[c] < 0 ? null : names[slot[c]]);
}

let aside: CohortsAside | null = null;
/**
 * Cohorts started aside, by orders read and cohorts key (`cohortsKey`), with the first-order channel lookup they were
 * started with (`runCohorts` takes it too, rather than looking the channels up again).
 */
const STARTED = new WeakMap<
  OrderArrays,
  Map<string, { take: Take<CohortData>; lookup: ((code: number) => string | null) | null }>
>();

/** Builds cohorts through `a` from now on (null: on this thread again). */
export function buildCohortsAside(a: CohortsAside | null): void {
  aside = a;
}

/**
 * Starts aside the cohorts `runCohorts` with `options` will build, when there is somewhere to (`buildCohortsAside`)
 * and enough customers: they are then built while the analyses before cohorts run here. The orders are read, grouped
 * and their first days found now (the run's memo keeps them), and each customer's first-order channel looked up.
 */
export function startCohortsAside(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<CohortOptions>,
): void {
  if (!aside || !Number.isFinite(common.asOf)) return;
  const opts = checkCohortOptions({ ...COHORT_DEFAULTS, ...options }, []);
  let o: OrderArrays | null;
  try {
    o = readOrders(inputs, [], common.memo);
  } catch {
    return; // a sealed memo (the orders stayed in a database): nothing to build from here
  }
  if (!o || o.code.length === 0 || o.customers.length < aside.minCustomers) return;
  const key = cohortsKey(opts, common.asOf);
  if (common.memo?.has(o, key) || STARTED.get(o)?.has(key)) return;
  firstDays({ g: groupedOrders(o), asOf: common.asOf });
  const lookup = channelLookup(inputs, o);
  let channel: AsideChannels | null = null;
  if (lookup) {
    // The codes the lookup was made of (a .csv's channel column), else each customer's channel text numbered here.
    const coded = CHANNEL_CODES.get(lookup);
    if (coded) channel = { slot: coded.first, names: coded.dict, coded: true };
    else {
      const slot = new Int32Array(o.customers.length);
      const names: string[] = [];
      const index = new Map<string, number>();
      for (let c = 0; c < slot.length; c++) {
        const ch = lookup(c);
        let k = ch === null ? -1 : index.get(ch);
        if (k === undefined) index.set(ch!, (k = names.push(ch!) - 1));
        slot[c] = k;
      }
      channel = { slot, names, coded: false };
    }
  }
  const take = aside.build(o, common.asOf, opts, channel);
  if (!take) return;
  const byKey = STARTED.get(o) ?? new Map<string, { take: Take<CohortData>; lookup: typeof lookup }>();
  STARTED.set(o, byKey.set(key, { take, lookup }));
}

/** Run the cohort analysis on the orders table (and the customers table for acquisition channels). */
export function runCohorts(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<CohortOptions> = {},
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkCohortOptions({ ...COHORT_DEFAULTS, ...options }, diagnostics);
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const key = cohortsKey(opts, common.asOf);
  const { data, hasChannels, members } = memoized(common.memo, o, key, () => {
    // Started aside (`startCohortsAside`, given up once taken): its channel lookup, and the cohorts taken from it
    // (built here when the aside has not begun them, or failed).
    const started = STARTED.get(o)?.get(key);
    STARTED.get(o)?.delete(key);
    // The first days first: the channel lookup reads each customer's first row from them (channelCodesOfFirstOrders).
    firstDays({ g: groupedOrders(o), asOf: common.asOf });
    const lookup = started ? started.lookup : channelLookup(inputs, o);
    const here = (): CohortData => buildCohorts(o, common.asOf, opts, lookup ?? (() => null));
    const built: CohortsBuilt = {
      data: started ? taken(started.take, here).make() : here(),
      hasChannels: lookup !== null,
      members: cohortMembers(o, common.asOf, opts.period, lookup),
    };
    return built;
  });
  const customers = data.cohorts.reduce((s, c) => s + c.size, 0);
  if (customers === 0) {
    diagnostics.push(diag('user.no_purchases', 'error', userMsg('noPurchases'), where(o.dataset)));
    return emptyResult(HEAD, diagnostics);
  }
  const sp = data.secondPurchase;
  if (sp.daysToSecond.length === 0) {
    diagnostics.push(diag('cohorts.no_repeat', 'info', userMsg('cohortsNoRepeat'), where(o.dataset)));
  }
  if (sp.eligible === 0) {
    const message = userMsg('cohortsTooRecent', { days: opts.secondPurchaseDays });
    diagnostics.push(diag('cohorts.too_recent', 'info', message, where(o.dataset)));
  }
  const sbg = fitSbg(data.cohorts.map((c) => c.survivors).filter((s) => s.length >= 2));
  const computed: CohortsComputed = {
    data,
    hasChannels,
    customers,
    sbg,
    curve: retentionCurve(data.cohorts, opts.maxPeriods, sbg),
    spRate: sp.eligible > 0 ? sp.within / sp.eligible : null,
    median: quantileSorted(sp.daysToSecond, 0.5),
  };
  return { ...HEAD, ...presentCohorts(computed, opts, common), diagnostics, handover: members };
}

/** Tables, charts, figures, findings and notes of cohorts. */
function presentCohorts(
  c: CohortsComputed,
  opts: CohortOptions,
  common: CommonOptions,
): Omit<AnalysisResult, keyof typeof HEAD | 'diagnostics'> {
  const { data } = c;
  const unit = opts.period === 'month' ? t('Month', '月') : t('Week', '周');
  const tables = [...triangleTables(data.cohorts.slice(-opts.maxCohorts), opts, unit), curveTable(c.curve, unit)];
  const charts: ChartHint[] = [
    chart('retention_curve', t('Retention curve', '留存曲线'), 'line', 'period', [
      'retention',
      'survival',
      'sbg_survival',
    ]),
    chart('cohort_revenue', t('Revenue per customer by cohort', '各同期群客均收入'), 'column', 'cohort', [
      'revenue_per_customer',
    ]),
  ];
  if (c.hasChannels && data.byChannel.size > 0) {
    tables.push(channelTable(data.byChannel, opts.secondPurchaseDays, unit, common.lang));
    charts.push(
      chart('channel_cohorts', t('Second-purchase rate by channel', '各渠道二次购买率'), 'bar', 'channel', [
        'second_purchase_rate',
      ]),
    );
  }
  if (data.secondPurchase.daysToSecond.length > 0) {
    tables.push(timeToSecondTable(data.secondPurchase.daysToSecond));
    charts.push(chart('time_to_second', t('Time to second purchase', '二次购买间隔'), 'column', 'days', ['customers']));
  }
  return {
    figures: cohortsFigures(c, opts.secondPurchaseDays, unit),
    tables,
    charts,
    findings: cohortsFindings(data.secondPurchase, c.spRate, c.median, opts.secondPurchaseDays),
    notes: cohortsNotes(data.cohorts.length, Math.min(data.cohorts.length, opts.maxCohorts), opts, common.asOf),
  };
}

/** A chart of the result table of the same name. */
function chart(name: string, title: I18nText, kind: ChartHint['kind'], category: string, series: string[]): ChartHint {
  return { name, title, kind, table: name, category, series };
}

function cohortsFigures(c: CohortsComputed, secondPurchaseDays: number, unit: I18nText): Figure[] {
  return [
    { key: 'cohorts', label: t('Cohorts', '同期群数'), value: c.data.cohorts.length, kind: 'integer' },
    { key: 'customers', label: t('Customers', '客户数'), value: c.customers, kind: 'integer' },
    {
      key: 'retention_period_1',
      label: t(`Buying again in ${unit.en.toLowerCase()} 1`, `第 1 ${unit['zh-CN']}回购率`),
      value: c.curve[1]?.retention ?? null,
      kind: 'percent',
    },
    {
      key: 'second_purchase_rate',
      label: t(`Second purchase within ${secondPurchaseDays} days`, `${secondPurchaseDays} 天内二次购买率`),
      value: round(c.spRate),
      kind: 'percent',
    },
    {
      key: 'median_days_to_second',
      label: t('Median days to second purchase', '二次购买间隔中位数（天）'),
      value: c.median,
      kind: 'number',
      decimals: 0,
    },
    { key: 'sbg_alpha', label: t('sBG α', 'sBG α'), value: round(c.sbg?.params.alpha), kind: 'number', decimals: 4 },
    { key: 'sbg_beta', label: t('sBG β', 'sBG β'), value: round(c.sbg?.params.beta), kind: 'number', decimals: 4 },
  ];
}

/** The retention triangle in percent and in counts, and revenue per cohort, for the cohorts shown. */
function triangleTables(shown: readonly Cohort[], opts: CohortOptions, unit: I18nText): ResultTable[] {
  const K = opts.maxPeriods;
  const offCols = (kind: ResultColumn['kind']): ResultColumn[] =>
    Array.from({ length: K + 1 }, (_, k) => ({
      key: `p${k}`,
      label: t(`${unit.en} ${k}`, `第 ${k} ${unit['zh-CN']}`),
      kind,
      highlight: 'colorScale' as const,
    }));
  const cohortCols: ResultColumn[] = [
    { key: 'cohort', label: t('Cohort (first purchase)', '同期群（首购）'), kind: 'text' },
    { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
  ];
  const offsets = (c: Cohort, value: (k: number) => CellValue): Record<string, CellValue> =>
    Object.fromEntries(Array.from({ length: K + 1 }, (_, k) => [`p${k}`, k < c.active.length ? value(k) : null]));
  const counts: ResultTable = {
    name: 'retention_counts',
    title: t('Active customers by period since first purchase', '首购后各期活跃客户数'),
    columns: [...cohortCols, ...offCols('integer')],
    rows: shown.map((c) => ({
      cohort: periodLabel(c.period, opts.period),
      customers: c.size,
      ...offsets(c, (k) => c.active[k]),
    })),
    note: userMsg('cohortsPeriodsNote'),
  };
  const percent: ResultTable = {
    name: 'retention_percent',
    title: t('Retention by period since first purchase', '首购后各期留存率'),
    columns: [...cohortCols, ...offCols('percent')],
    rows: shown.map((c) => ({
      cohort: periodLabel(c.period, opts.period),
      customers: c.size,
      ...offsets(c, (k) => round(c.active[k] / c.size)),
    })),
    note: counts.note,
  };
  const revenue: ResultTable = {
    name: 'cohort_revenue',
    title: t('Revenue per cohort', '各同期群收入'),
    columns: [
      ...cohortCols,
      { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
      {
        key: 'revenue_per_customer',
        label: t('Revenue per customer', '客均收入'),
        kind: 'currency',
        highlight: 'dataBar',
      },
      { key: 'first_period_revenue', label: t('Revenue in first period', '首期收入'), kind: 'currency' },
    ],
    rows: shown.map((c) => {
      const total = c.revenue.reduce((s, v) => s + v, 0);
      return {
        cohort: periodLabel(c.period, opts.period),
        customers: c.size,
        revenue: round(total, 2),
        revenue_per_customer: round(total / c.size, 2),
        first_period_revenue: round(c.revenue[0], 2),
      };
    }),
  };
  return [percent, counts, revenue];
}

function curveTable(curve: CurvePoint[], unit: I18nText): ResultTable {
  return {
    name: 'retention_curve',
    title: t('Retention curve (all cohorts)', '留存曲线（全部同期群）'),
    columns: [
      { key: 'period', label: unit, kind: 'integer' },
      { key: 'retention', label: t('Buying in the period', '当期购买占比'), kind: 'percent' },
      { key: 'survival', label: t('Still buying (this period or later)', '仍在购买（当期或之后）'), kind: 'percent' },
      { key: 'sbg_survival', label: t('sBG model', 'sBG 模型'), kind: 'percent' },
      { key: 'cohort_customers', label: t('Customers observed', '观察客户数'), kind: 'integer' },
    ],
    rows: curve.map((p) => ({ ...p })),
    note: userMsg('cohortsCurveNote'),
  };
}

function channelTable(
  byChannel: CohortData['byChannel'],
  secondPurchaseDays: number,
  unit: I18nText,
  lang: Lang,
): ResultTable {
  const rows = [...byChannel.entries()]
    .map(([ch, g]) => ({
      channel: ch === '' ? t('(unknown)', '（未知）')[lang] : ch,
      customers: g.customers,
      retention_p1: g.observableAt[1] ? round(g.activeAt[1] / g.observableAt[1]) : null,
      retention_p3: g.observableAt[3] ? round(g.activeAt[3] / g.observableAt[3]) : null,
      second_purchase_rate: g.eligible > 0 ? round(g.within / g.eligible) : null,
      revenue_per_customer: round(g.revenue / g.customers, 2),
    }))
    .sort((a, b) => b.customers - a.customers);
  return {
    name: 'channel_cohorts',
    title: t('Repurchase by acquisition channel', '按获客渠道的复购'),
    columns: [
      { key: 'channel', label: t('Channel', '渠道'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
      {
        key: 'retention_p1',
        label: t(`Buying in ${unit.en.toLowerCase()} 1`, `第 1 ${unit['zh-CN']}购买占比`),
        kind: 'percent',
      },
      {
        key: 'retention_p3',
        label: t(`Buying in ${unit.en.toLowerCase()} 3`, `第 3 ${unit['zh-CN']}购买占比`),
        kind: 'percent',
      },
      {
        key: 'second_purchase_rate',
        label: t(`Second purchase within ${secondPurchaseDays} days`, `${secondPurchaseDays} 天内二次购买率`),
        kind: 'percent',
      },
      { key: 'revenue_per_customer', label: t('Revenue per customer', '客均收入'), kind: 'currency' },
    ],
    rows,
    note: userMsg('cohortsChannelNote'),
  };
}

/** Days from first to second purchase, in buckets, for the customers with a second purchase. */
function timeToSecondTable(daysToSecond: readonly number[]): ResultTable {
  const edges = SECOND_PURCHASE_EDGES;
  let cum = 0;
  return {
    name: 'time_to_second',
    title: t('Days from first to second purchase', '首购到二次购买的天数'),
    columns: [
      { key: 'days', label: t('Days', '天数'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'share', label: t('Share of repeat buyers', '占复购客户比例'), kind: 'percent' },
      { key: 'cumulative_share', label: t('Cumulative share', '累计占比'), kind: 'percent' },
    ],
    rows: secondPurchaseBuckets(daysToSecond).map((c, b) => {
      cum += c;
      const lo = b === 0 ? 1 : edges[b - 1] + 1;
      return {
        days: b === edges.length ? `> ${edges[b - 1]}` : `${lo}–${edges[b]}`,
        customers: c,
        share: round(c / daysToSecond.length),
        cumulative_share: round(cum / daysToSecond.length),
      };
    }),
  };
}

function cohortsFindings(
  sp: CohortData['secondPurchase'],
  spRate: number | null,
  median: number | null,
  days: number,
): Finding[] {
  if (spRate === null) return [];
  return [
    {
      key: 'cohorts.second_purchase',
      text: userMsg('cohortsSecondPurchase', {
        rate: percent1(spRate),
        days,
        median: median !== null ? userMsg('cohortsSecondPurchaseMedian', { median }) : '',
      }),
      atStake: null,
      evidence: userMsg('cohortsSecondPurchaseEvidence', {
        within: countText(sp.within),
        eligible: countText(sp.eligible),
      }),
      observational: true,
      descriptive: true,
    },
  ];
}

const PERIOD_TEXT = { month: t('month', '月'), week: t('week', '周') };

function cohortsNotes(cohorts: number, shown: number, opts: CohortOptions, asOf: number): I18nText[] {
  return [
    userMsg('cohortsNoteCohorts', {
      period: PERIOD_TEXT[opts.period],
      asOf: isoDate(asOf),
      cohorts,
      shown: cohorts > shown ? userMsg('cohortsNoteLatestShown', { shown }) : '',
    }),
    userMsg('cohortsNoteSurvival'),
    userMsg('cohortsNoteSecondPurchase', { days: opts.secondPurchaseDays }),
  ];
}

/**
 * Cohorts need an as-of date: purchases after it are left out, it ends the last (incomplete) period, and
 * the second-purchase rate counts only customers whose first purchase is far enough before it.
 */
export const cohortsAnalysis = defineAnalysis<Partial<CohortOptions>>({
  kind: 'cohorts',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t(
    'An orders table with customer, order date and amount; a customers table with acquisition channel adds channel cohorts.',
    '需要一张包含客户、下单日期和金额的订单表；客户表有获客渠道时，可按渠道分析。',
  ),
  defaults: COHORT_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    period: {
      basic: true,
      label: {
        en: 'Group new customers by the month or the week of their first purchase?',
        'zh-CN': '按首次购买的月份还是周来划分新客户？',
      },
      choices: [
        { value: 'month', label: { en: 'Month', 'zh-CN': '月' } },
        { value: 'week', label: { en: 'Week', 'zh-CN': '周' } },
      ],
    },
    secondPurchaseDays: {
      basic: true,
      label: { en: 'Within how many days does a second purchase count?', 'zh-CN': '多少天内的再次购买算作复购？' },
    },
    refunds: {
      basic: true,
      label: { en: 'How should refunds be counted?', 'zh-CN': '退款如何计算？' },
    },
  },
  needsAsOf: true,
  run: runCohorts,
});
