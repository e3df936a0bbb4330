/**
 * Shared plumbing of the closed-loop analyses: each customer's purchase history in flat columnar arrays,
 * the segment a customer was in on a given day (judged only from purchases before that day), and the
 * touchpoint, customer and campaign tables read by role.
 */
import type { Dataset } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import { scoreRfm } from '../user/rfm.js';
import { BUSINESS_SEGMENTS, rfmSegment, rfmSegmentLabel, RFM_SEGMENTS } from '../user/segment-maps.js';
import { judgeStage, LIFECYCLE_DEFAULTS, STAGE_LABEL, STAGES } from '../user/lifecycle.js';
import { customerIndex, groupedOrders, type OrderArrays } from '../user/orders.js';
import type { LineConverter } from '../finance/fx.js';
import {
  cellText,
  columnByRole,
  columnValues,
  diag,
  labels,
  memoized,
  numbers,
  t,
  where,
  type RunMemo,
} from '../common/index.js';

/**
 * Purchases per customer, sorted by date: customer c's purchases are rows `start[c] .. start[c + 1]` of
 * `day` (whole-day Excel serials) and `amount`. Refund and cancellation rows are left out (they are not
 * purchases); a repeated order id of the same customer counts once.
 */
export interface Histories {
  ids: string[];
  /** Customer id → index (the run's one, `customerIndex`). */
  index: ReadonlyMap<string, number>;
  start: Int32Array;
  day: Float64Array;
  amount: Float64Array;
}

/**
 * Build the purchase histories of an orders table (pure, O(n) plus a sort within a customer only when the
 * rows are not already in date order). With the run's `memo` the analyses of a run share one build per
 * orders read (histories are read-only).
 */
export function buildHistories(o: OrderArrays, memo?: RunMemo): Histories {
  return memoized(memo, o, 'histories', () => histories(o, memo));
}

function histories(o: OrderArrays, memo: RunMemo | undefined): Histories {
  // The purchase columns in customer order (shared with the customer summaries, made once per orders read): read
  // in sequence, not through the grouping's row numbers, and the order ids compared by their codes where ingest
  // coded them (issue 13: a cache miss a row and a string comparison a row, 0.34 CPU s of the 1M-order run).
  const { start, idx, date, amount: amt, refund, orderCode } = groupedOrders(o);
  const nC = o.customers.length;
  const n = idx.length;
  const orderId = o.orderId;
  const codes = orderId ? orderCode : null;
  const day = new Float64Array(n),
    amount = new Float64Array(n);
  const offs = new Int32Array(nC + 1);
  const g: number[] = [];
  const byDate = (a: number, b: number): number => date[a] - date[b] || idx[a] - idx[b];
  let k = 0;
  for (let c = 0; c < nC; c++) {
    const from = start[c],
      to = start[c + 1];
    // Rows of a group are in row order, so date order with ties by row is already there when the purchases are
    // in date order (as a .csv of orders usually has them): then they are taken in place, else sorted first.
    let sorted = true,
      prev = -Infinity;
    for (let j = from; j < to; j++) {
      if (refund[j]) continue;
      if (date[j] < prev) {
        sorted = false;
        break;
      }
      prev = date[j];
    }
    g.length = 0;
    if (!sorted) {
      for (let j = from; j < to; j++) if (!refund[j]) g.push(j);
      g.sort(byDate);
    }
    const m = sorted ? to - from : g.length;
    let prevCode = -1;
    let prevId: string | null = null;
    for (let q = 0; q < m; q++) {
      const j = sorted ? from + q : g[q];
      if (sorted && refund[j]) continue;
      if (codes) {
        const id = codes[j];
        if (id >= 0 && id === prevCode) continue; // the same order line entered twice
        prevCode = id;
      } else if (orderId) {
        const id = orderId[idx[j]];
        if (id !== null && id === prevId) continue;
        prevId = id;
      }
      day[k] = Math.floor(date[j]);
      amount[k] = amt[j];
      k++;
    }
    offs[c + 1] = k;
  }
  return {
    ids: o.customers,
    index: customerIndex(o, memo),
    start: offs,
    day: k === n ? day : day.slice(0, k),
    amount: k === n ? amount : amount.slice(0, k),
  };
}

/** Number of purchases of customer c strictly before day `d` (binary search). */
export function countBefore(h: Histories, c: number, d: number): number {
  let lo = h.start[c],
    hi = h.start[c + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h.day[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo - h.start[c];
}

/** Purchases and spend of customer c in the days [from, to) (whole-day serials). */
export function activity(h: Histories, c: number, from: number, to: number): { orders: number; spend: number } {
  let orders = 0,
    spend = 0;
  for (let j = h.start[c] + countBefore(h, c, from); j < h.start[c + 1] && h.day[j] < to; j++) {
    orders++;
    spend += h.amount[j];
  }
  return { orders, spend };
}

/**
 * Each customer's purchases before a day, by customer code (the history index): how many, the first and last day
 * (NaN without one), and the spend added line by line in history order. What the business and RFM segments on that
 * day and the win-back list read of the histories.
 */
export interface HistoryTotals {
  n: Int32Array;
  first: Float64Array;
  last: Float64Array;
  spend: Float64Array;
}

/**
 * The run memo's key of the totals before day `d` (owner: the orders read). A source that keeps the orders in a
 * database (src/source) puts the totals it computed there under this key.
 */
export function totalsKey(d: number): string {
  return `history-totals|${d}`;
}

/** The purchase totals of every customer before day `d` (through the run's memo: computed once per day). */
export function totalsBefore(o: OrderArrays, d: number, memo?: RunMemo): HistoryTotals {
  return memoized(memo, o, totalsKey(d), () => historyTotals(buildHistories(o, memo), d));
}

/** The totals before day `d` from the histories (pure). */
export function historyTotals(h: Histories, d: number): HistoryTotals {
  const nC = h.ids.length;
  const out: HistoryTotals = {
    n: new Int32Array(nC),
    first: new Float64Array(nC).fill(NaN),
    last: new Float64Array(nC).fill(NaN),
    spend: new Float64Array(nC),
  };
  for (let c = 0; c < nC; c++) {
    const n = countBefore(h, c, d);
    if (n === 0) continue;
    let s = 0;
    for (let j = h.start[c]; j < h.start[c] + n; j++) s += h.amount[j];
    out.n[c] = n;
    out.first[c] = h.day[h.start[c]];
    out.last[c] = h.day[h.start[c] + n - 1];
    out.spend[c] = s;
  }
  return out;
}

/** Purchases of each customer before their own day, by customer code: how many, the first and last day. */
export interface EachTotals {
  n: Int32Array;
  first: Float64Array;
  last: Float64Array;
}

/** The run memo's key of the totals before each customer's day named `name` (owner: the orders read). */
export function eachKey(name: string): string {
  return `history-each|${name}`;
}

/**
 * The purchases of each customer before their own day (`days` by code, NaN: not asked), through the run's memo
 * under `name`: what the business segment of a customer on that day reads.
 */
export function totalsBeforeEach(o: OrderArrays, days: Float64Array, name: string, memo?: RunMemo): EachTotals {
  return memoized(memo, o, eachKey(name), () => {
    const h = buildHistories(o, memo);
    const nC = h.ids.length;
    const out: EachTotals = {
      n: new Int32Array(nC),
      first: new Float64Array(nC).fill(NaN),
      last: new Float64Array(nC).fill(NaN),
    };
    for (let c = 0; c < nC; c++) {
      const d = days[c];
      if (d !== d) continue;
      const n = countBefore(h, c, d);
      if (n === 0) continue;
      out.n[c] = n;
      out.first[c] = h.day[h.start[c]];
      out.last[c] = h.day[h.start[c] + n - 1];
    }
    return out;
  });
}

/** Each customer's purchases and spend in the days [from, to), by customer code (`activity` of every customer). */
export interface WindowTotals {
  orders: Int32Array;
  spend: Float64Array;
}

/** The run memo's key of the window totals of [from, to) (owner: the orders read), as `totalsKey`. */
export function windowKey(from: number, to: number): string {
  return `history-window|${from}|${to}`;
}

/** Purchases and spend of every customer in [from, to) (through the run's memo). */
export function windowTotals(o: OrderArrays, from: number, to: number, memo?: RunMemo): WindowTotals {
  return memoized(memo, o, windowKey(from, to), () => {
    const h = buildHistories(o, memo);
    const nC = h.ids.length;
    const out: WindowTotals = { orders: new Int32Array(nC), spend: new Float64Array(nC) };
    for (let c = 0; c < nC; c++) {
      const a = activity(h, c, from, to);
      out.orders[c] = a.orders;
      out.spend[c] = a.spend;
    }
    return out;
  });
}

/**
 * Business or RFM segment of every customer on day `d` from the totals before it: what `segmentsAt` gives for
 * these bases (null: no purchase yet).
 */
export function segmentsFromTotals(
  tot: HistoryTotals,
  d: number,
  basis: 'business' | 'rfm',
  w: BusinessWindows = DEFAULT_WINDOWS,
): (string | null)[] {
  const nC = tot.n.length;
  const out = new Array<string | null>(nC).fill(null);
  if (basis === 'business') {
    for (let c = 0; c < nC; c++) if (tot.n[c] > 0) out[c] = windowSegment(tot.n[c], tot.first[c], tot.last[c], d, w);
    return out;
  }
  const who: number[] = [],
    rec: number[] = [],
    freq: number[] = [],
    mon: number[] = [];
  for (let c = 0; c < nC; c++) {
    if (tot.n[c] === 0) continue;
    who.push(c);
    rec.push(d - 1 - tot.last[c]);
    freq.push(tot.n[c]);
    mon.push(tot.spend[c]);
  }
  if (who.length === 0) return out;
  const sc = scoreRfm(rec, freq, mon, 5);
  who.forEach((k, j) => (out[k] = rfmSegment(sc.r[j], sc.f[j], sc.m[j])));
  return out;
}

/**
 * Segment of every customer on day `d` from purchases strictly before `d`, as `segmentsAt`: business and RFM
 * through the memo's totals (so a pushed-down orders table can give them), the lifecycle from the histories.
 */
export function segmentsOn(
  o: OrderArrays,
  d: number,
  basis: Exclude<SegmentBasis, 'attribute'>,
  w: BusinessWindows = DEFAULT_WINDOWS,
  memo?: RunMemo,
): (string | null)[] {
  if (basis === 'lifecycle') return segmentsAt(buildHistories(o, memo), d, basis, w);
  return segmentsFromTotals(totalsBefore(o, d, memo), d, basis, w);
}

/** How customers are segmented. `attribute` uses a column of the customers (or experiment) table. */
export type SegmentBasis = 'business' | 'rfm' | 'lifecycle' | 'attribute';

/**
 * Thresholds of the business map judged on a day from the purchases before it (first match wins):
 * new — first purchase at most `newDays` ago; lost — last purchase more than `lostDays` ago; churn warning
 * — more than `atRiskDays` ago; high value — at least `highValueOrders` purchases; potential — the rest.
 */
export interface BusinessWindows {
  newDays: number;
  atRiskDays: number;
  lostDays: number;
  highValueOrders: number;
}
export const DEFAULT_WINDOWS: BusinessWindows = { newDays: 60, atRiskDays: 90, lostDays: 270, highValueOrders: 6 };

/**
 * Business segment key (`new`, `lost`, `churn_warning`, `high_value`, `potential`; the keys and labels of
 * `user/segment-maps.ts`) from purchase count, first and last purchase day before `d`; null without purchases.
 * Example: first purchase 200 days ago, last 30 days ago, 3 purchases → potential.
 */
export function windowSegment(n: number, first: number, last: number, d: number, w: BusinessWindows): string | null {
  if (n === 0) return null;
  if (d - first <= w.newDays) return 'new';
  if (d - last > w.lostDays) return 'lost';
  if (d - last > w.atRiskDays) return 'churn_warning';
  if (n >= w.highValueOrders) return 'high_value';
  return 'potential';
}

/** Segment keys in display order with their labels, per basis. */
export function segmentCatalogue(basis: Exclude<SegmentBasis, 'attribute'>): { key: string; label: I18nText }[] {
  if (basis === 'business') return BUSINESS_SEGMENTS.map((s) => ({ key: s.key, label: s.label }));
  if (basis === 'rfm')
    return [
      ...RFM_SEGMENTS.map((s) => ({ key: s.key, label: s.label })),
      { key: 'Others', label: rfmSegmentLabel('Others') },
    ];
  return STAGES.map((s) => ({ key: s, label: STAGE_LABEL[s] }));
}

/** Segment key of customers with no purchase before the day. */
export const NO_PURCHASE = 'no_purchase';

/** Display name of a segment key (`no_purchase` → No purchase yet). */
export function segmentName(basis: SegmentBasis, key: string): I18nText {
  return key === NO_PURCHASE ? t('No purchase yet', '尚未购买') : segmentLabel(basis, key);
}

/** Label of a segment key under a basis (attributes label themselves). */
export function segmentLabel(basis: SegmentBasis, key: string): I18nText {
  const known = basis === 'attribute' ? undefined : segmentCatalogue(basis).find((s) => s.key === key)?.label;
  if (known) return known;
  // Values that name a business segment (高价值, churn warning …), e.g. an experiment's own segment column,
  // get both languages' labels.
  const k = key.trim().toLowerCase();
  return (
    BUSINESS_SEGMENTS.find((s) => s.key === k || s.label.en.toLowerCase() === k || s.label['zh-CN'] === key.trim())
      ?.label ?? t(key, key)
  );
}

/**
 * Segment of every customer on day `d` from purchases strictly before `d` (null: no purchase yet).
 * `rfm` scores the customers who have bought by then against each other (quintiles, the `rfm` package map);
 * `lifecycle` judges each against their own usual interval (user/lifecycle.ts defaults).
 */
export function segmentsAt(
  h: Histories,
  d: number,
  basis: Exclude<SegmentBasis, 'attribute'>,
  w: BusinessWindows = DEFAULT_WINDOWS,
): (string | null)[] {
  if (basis !== 'lifecycle') return segmentsFromTotals(historyTotals(h, d), d, basis, w);
  const nC = h.ids.length;
  const out = new Array<string | null>(nC).fill(null);
  const days: number[] = [];
  for (let c = 0; c < nC; c++) {
    const n = countBefore(h, c, d);
    if (n === 0) continue;
    days.length = 0;
    for (let j = h.start[c]; j < h.start[c] + n; j++)
      if (days.length === 0 || days[days.length - 1] !== h.day[j]) days.push(h.day[j]);
    out[c] = judgeStage(days, days.length, d - 1, LIFECYCLE_DEFAULTS)?.stage ?? null;
  }
  return out;
}

/** Touchpoints read by role: customer, channel, campaign (when present), time, converted, value. */
export interface Touches {
  customer: (string | null)[];
  channel: string[] | null;
  campaign: string[] | null;
  time: Float64Array;
  converted: Uint8Array;
  value: Float64Array;
  n: number;
}

/** Read the touchpoints table; null (with an error diagnostic) without customer and time columns. */
export function readTouches(ds: Dataset, diags: Diagnostic[]): Touches | null {
  const idCol = columnByRole(ds, 'customer_id');
  const timeCol = columnByRole(ds, 'timestamp') ?? columnByRole(ds, 'date');
  const chCol = columnByRole(ds, 'channel');
  const cpCol = columnByRole(ds, 'campaign');
  if (!idCol || !timeCol || (!chCol && !cpCol)) {
    diags.push(
      diag(
        'loop.touches_roles',
        'warning',
        t(
          'The touchpoints table needs customer, timestamp and channel or campaign columns; it was not used.',
          '触点表需要客户、时间以及渠道或活动列；未使用该表。',
        ),
        where(ds),
      ),
    );
    return null;
  }
  const n = ds.table.numRows();
  const ids = columnValues(ds, idCol.name);
  const customer = new Array<string | null>(n);
  for (let i = 0; i < n; i++) customer[i] = cellText(ids[i]);
  const time = numbers(ds, timeCol, diags);
  const convCol = columnByRole(ds, 'converted');
  const valCol = columnByRole(ds, 'value');
  const converted = new Uint8Array(n);
  if (convCol) {
    const raw = columnValues(ds, convCol.name);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      converted[i] =
        v === true ||
        (typeof v === 'number' && v > 0) ||
        (typeof v === 'string' && /^(1|yes|true|y|是|已转化)$/i.test(v.trim()))
          ? 1
          : 0;
    }
  }
  const value = new Float64Array(n);
  if (valCol) {
    const raw = columnValues(ds, valCol.name);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      value[i] = typeof v === 'number' && Number.isFinite(v) ? v : 0;
    }
  }
  return {
    customer,
    time,
    converted,
    value,
    n,
    channel: chCol ? labels(ds, chCol, '(blank)') : null,
    campaign: cpCol ? labels(ds, cpCol, '(blank)') : null,
  };
}

/**
 * Spend per key (channel or campaign) from the campaigns table, rows dated after `asOf` left out. Spend goes
 * through `convert` (fx.ts `lineConverter`: a Currency column's lines in the report currency).
 */
export function spendBy(
  ds: Dataset | undefined,
  key: 'channel' | 'campaign',
  asOf: number,
  diags: Diagnostic[],
  from = -Infinity,
  to = Infinity,
  convert: LineConverter = (_col, amounts) => amounts,
): Map<string, number> | null {
  if (!ds) return null;
  const kc = columnByRole(ds, key);
  const sc = columnByRole(ds, 'spend');
  if (!kc || !sc) return null;
  const keys = labels(ds, kc, '(blank)');
  const sp = convert(sc, numbers(ds, sc, diags, { nonNegative: true }));
  const dc = columnByRole(ds, 'period_start') ?? columnByRole(ds, 'date') ?? columnByRole(ds, 'period');
  const dates = dc ? columnValues(ds, dc.name) : null;
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const d = dates ? dates[i] : null;
    if (typeof d === 'number' && (d > asOf || d < from || d >= to)) continue;
    if (dates && typeof d !== 'number') continue; // total rows (合计) and undated rows
    const v = sp[i];
    if (v === v) out.set(keys[i], (out.get(keys[i]) ?? 0) + v);
  }
  return out;
}
