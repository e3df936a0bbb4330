/**
 * Acquisition quality by channel: how many customers each acquisition channel brings and what they are worth.
 * Per channel (the customers table's acquisition channel, else the first touch, else the first order's channel):
 * new customers, buyers, CAC = spend ÷ new customers (spend from the campaigns table by channel, over the
 * campaigns' dates; new customers signed up in the same dates), 30/90-day repeat (another purchase within
 * 30/90 days of the first; buyers observed that long), second-purchase rate, revenue to date, predicted
 * 12-month value (BG/NBD × Gamma-Gamma, as the CLV sheet), LTV = revenue to date + predicted value per new
 * customer, LTV/CAC, and the payback month (first month since sign-up when cumulative revenue per new customer
 * reaches CAC). Flags a channel that brings volume but not value.
 */
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Finding, ResultTable } from '../types.js';
import {
  cellText,
  columnByRole,
  columnValues,
  diag,
  emptyResult,
  labels,
  money,
  num,
  pct,
  round as r,
  t,
  where,
  defineAnalysis,
  memoized,
  type RunMemo,
} from '../common/index.js';
import { customerIndex, readOrders } from '../user/orders.js';
import { lineConverter } from '../finance/fx.js';
import { predictValue } from './clv-scores.js';
import { buildHistories, readTouches } from './common.js';
import { loopMessage } from './messages.js';

export interface AcquisitionOptions {
  /** Gross margin applied to revenue and predicted value (default 1: revenue). */
  margin: number;
  /** Repeat windows in days (default 30 and 90). */
  retentionDays: [number, number];
  /** A channel brings volume when its share of new customers is at least this multiple of an even share (default 1). */
  volumeShare: number;
  /** …and not value when its LTV per new customer is below this fraction of the other channels' (default 0.6). */
  valueRatio: number;
  /** Channels with fewer new customers get no ratios or flags (default 30). */
  minCustomers: number;
  /** Months of payback searched (default 36). */
  maxPaybackMonths: number;
}

export const ACQUISITION_DEFAULTS: AcquisitionOptions = {
  margin: 1,
  retentionDays: [30, 90],
  volumeShare: 1,
  valueRatio: 0.6,
  minCustomers: 30,
  maxPaybackMonths: 36,
};

const HEAD = {
  kind: 'acquisition-quality',
  title: t('Acquisition quality by channel', '各渠道获客质量'),
  sheetName: t('Acquisition quality', '获客质量'),
  question: t(
    'Which channels bring customers who stay and pay back what they cost?',
    '哪些渠道带来的客户会留下来并收回获客成本？',
  ),
};

const MONTH = 365.25 / 12;

/** Per-channel figures (pure output of `acquisitionByChannel`). */
export interface ChannelQuality {
  channel: string;
  newCustomers: number;
  buyers: number;
  /** New customers signed up within the spend window (CAC denominator). */
  newInSpendWindow: number;
  spend: number | null;
  cac: number | null;
  retention1: number | null;
  retention2: number | null;
  secondPurchase: number | null;
  revenue: number;
  predicted: number | null;
  ltv: number | null;
  ltvCac: number | null;
  paybackMonths: number | null;
}

/** Inputs of the pure computation: one entry per customer. */
export interface AcquisitionCustomers {
  channel: string[];
  /** Sign-up (or first purchase) day, Excel serial; NaN when neither is known (then the as-of date). */
  start: Float64Array;
  /**
   * Purchase days (ascending) and net amounts per customer; a refund is a negative amount and not a purchase. Or,
   * when `flat` is given, empty, and customer i's lines are `flat.day` and `flat.amount` at `flat.from[i]` ..
   * `flat.from[i + 1]` (the orders' histories as they are: a view per customer cost 0.4 s of 100,000).
   */
  days: ArrayLike<number>[];
  amounts: ArrayLike<number>[];
  flat?: { day: Float64Array; amount: Float64Array; from: Int32Array };
  /** Predicted value per customer (0 for never-buyers), or null when the model could not be fitted. */
  predicted: (number | null)[] | null;
}

/**
 * Per-channel acquisition figures (pure). `spend` maps lower-cased channel names to spend in
 * [spendFrom, spendTo]. Example: channel A, 4 new customers, spend 200 → CAC 50; two of them buy twice →
 * second-purchase rate 2 ÷ buyers.
 */
export function acquisitionByChannel(
  cs: AcquisitionCustomers,
  spend: Map<string, number> | null,
  spendFrom: number,
  spendTo: number,
  asOf: number,
  o: AcquisitionOptions,
): ChannelQuality[] {
  return channelQuality(cs.channel, cs.predicted, acquisitionLines(cs, asOf, o), spend, spendFrom, spendTo, asOf, o);
}

/**
 * What acquisitionByChannel reads of the purchase lines, reduced per customer (entry of `cs`) and channel: all a
 * source that keeps the orders in a database (src/source) has to compute there.
 */
export interface AcquisitionLines {
  /** Sign-up (or first purchase) day per customer; NaN when neither is known. */
  start: Float64Array;
  /** Purchases (lines with an amount above zero) up to the as-of date, per customer. */
  purchases: Int32Array;
  /** Day of the first purchase, and of the first later purchase on another day (NaN: none), per customer. */
  first: Float64Array;
  next: Float64Array;
  /**
   * Revenue × margin per customer and month since the start (customer i's months at `i × maxPaybackMonths`), each
   * added line by line in the lines' order; a line before the start counts in month 0, one after the last month in
   * none.
   */
  perMonth: Float64Array;
  /** Revenue × margin of every line up to the as-of date by channel, added customer by customer, line by line. */
  revenue: Map<string, number>;
}

/** The run memo's key of the AcquisitionLines of a run's channels (owner: the orders read). */
export function acquisitionLinesKey(asOf: number, o: AcquisitionOptions, lang: string): string {
  return `acquisition-lines|${asOf}|${o.margin}|${o.maxPaybackMonths}|${lang}`;
}

/** The lines of each customer reduced to what the per-channel figures read (pure). */
export function acquisitionLines(cs: AcquisitionCustomers, asOf: number, o: AcquisitionOptions): AcquisitionLines {
  const n = cs.channel.length;
  const M = o.maxPaybackMonths;
  const out: AcquisitionLines = {
    start: Float64Array.from(cs.start),
    purchases: new Int32Array(n),
    first: new Float64Array(n).fill(NaN),
    next: new Float64Array(n).fill(NaN),
    perMonth: new Float64Array(n * M),
    revenue: new Map(),
  };
  const flat = cs.flat;
  for (let i = 0; i < n; i++) {
    const s = cs.start[i] === cs.start[i] ? cs.start[i] : asOf;
    const d = flat ? flat.day : cs.days[i],
      a = flat ? flat.amount : cs.amounts[i];
    let revenue = out.revenue.get(cs.channel[i]) ?? 0;
    let purchases = 0,
      first = NaN,
      nextAfterFirst = NaN;
    const base = i * M;
    for (let k = flat ? flat.from[i] : 0, end = flat ? flat.from[i + 1] : d.length; k < end; k++) {
      if (d[k] > asOf) continue;
      revenue += a[k] * o.margin;
      const m = Math.floor((d[k] - s) / MONTH);
      if (m >= 0 && m < M) out.perMonth[base + m] += a[k] * o.margin;
      else if (m < 0) out.perMonth[base] += a[k] * o.margin;
      if (a[k] > 0) {
        purchases++;
        if (first !== first) first = d[k];
        else if (nextAfterFirst !== nextAfterFirst && d[k] > first) nextAfterFirst = d[k];
      }
    }
    out.revenue.set(cs.channel[i], revenue);
    out.purchases[i] = purchases;
    out.first[i] = first;
    out.next[i] = nextAfterFirst;
  }
  return out;
}

/** Per-channel acquisition figures from the reduced lines (pure); customers with a NaN start start on `asOf`. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function channelQuality(
  channels: readonly string[],
  predicted: readonly (number | null)[] | null,
  lines: AcquisitionLines,
  spend: Map<string, number> | null,
  spendFrom: number,
  spendTo: number,
  asOf: number,
  o: AcquisitionOptions,
): ChannelQuality[] {
  const by = new Map<string, number[]>();
  channels.forEach((ch, i) => {
    const l = by.get(ch);
    if (l) l.push(i);
    else by.set(ch, [i]);
  });
  const out: ChannelQuality[] = [];
  const [w1, w2] = o.retentionDays;
  const M = o.maxPaybackMonths;
  for (const [channel, idx] of by) {
    let buyers = 0,
      rep = 0,
      ret1n = 0,
      ret1 = 0,
      ret2n = 0,
      ret2 = 0,
      pred = 0,
      inWin = 0;
    const revenue = lines.revenue.get(channel) ?? 0;
    const cumSum = new Float64Array(M),
      cumN = new Float64Array(M);
    for (const i of idx) {
      const s = lines.start[i] === lines.start[i] ? lines.start[i] : asOf;
      if (s >= spendFrom && s <= spendTo) inWin++;
      if (predicted) pred += (predicted[i] ?? 0) * o.margin;
      // Cumulative revenue through month m, for customers observed at least m + 1 months.
      let cum = 0;
      for (let m = 0; m < M; m++) {
        cum += lines.perMonth[i * M + m];
        if (asOf - s >= (m + 1) * MONTH) {
          cumSum[m] += cum;
          cumN[m]++;
        } else break;
      }
      const purchases = lines.purchases[i];
      if (purchases === 0) continue;
      const first = lines.first[i],
        nextAfterFirst = lines.next[i];
      buyers++;
      if (purchases >= 2) rep++;
      if (asOf - first >= w1) {
        ret1n++;
        if (nextAfterFirst - first <= w1) ret1++;
      }
      if (asOf - first >= w2) {
        ret2n++;
        if (nextAfterFirst - first <= w2) ret2++;
      }
    }
    const n = idx.length;
    const sp = spend ? (spend.get(channel.toLowerCase()) ?? null) : null;
    const cac = sp !== null && inWin > 0 ? sp / inWin : null;
    const predictedMean = predicted ? pred / n : null;
    const ltv = predictedMean !== null ? revenue / n + predictedMean : null;
    let payback: number | null = null;
    if (cac !== null && cac > 0) {
      for (let m = 0; m < M; m++) {
        if (cumN[m] < o.minCustomers) break;
        if (cumSum[m] / cumN[m] >= cac) {
          payback = m + 1;
          break;
        }
      }
    } else if (cac === 0) payback = 0;
    out.push({
      channel,
      newCustomers: n,
      buyers,
      newInSpendWindow: inWin,
      spend: sp,
      cac,
      retention1: ret1n > 0 ? ret1 / ret1n : null,
      retention2: ret2n > 0 ? ret2 / ret2n : null,
      secondPurchase: buyers > 0 ? rep / buyers : null,
      revenue,
      predicted: predictedMean,
      ltv,
      ltvCac: ltv !== null && cac !== null && cac > 0 ? ltv / cac : null,
      paybackMonths: payback,
    });
  }
  return out.sort((a, b) => b.newCustomers - a.newCustomers || (a.channel < b.channel ? -1 : 1));
}

/** A channel that brings volume but not value, with the figures behind the flag. */
export interface VolumeFlag {
  channel: ChannelQuality;
  othersLtv: number;
  othersSecond: number | null;
  othersLtvCac: number | null;
  share: number;
}

/**
 * Channels whose share of new customers is at least `volumeShare` × an even share and whose LTV per new
 * customer (or, without a value model, second-purchase rate) is below `valueRatio` × that of the other
 * channels pooled.
 */
export function volumeNotValue(rows: ChannelQuality[], o: AcquisitionOptions): VolumeFlag[] {
  const total = rows.reduce((a, c) => a + c.newCustomers, 0);
  const K = rows.length;
  const out: VolumeFlag[] = [];
  if (K < 2 || total === 0) return out;
  for (const c of rows) {
    if (c.newCustomers < o.minCustomers) continue;
    const share = c.newCustomers / total;
    if (share < o.volumeShare / K) continue;
    const others = rows.filter((x) => x !== c);
    const n = others.reduce((a, x) => a + x.newCustomers, 0);
    const buyers = others.reduce((a, x) => a + x.buyers, 0);
    const othersLtv =
      others.every((x) => x.ltv !== null) && n > 0 ? others.reduce((a, x) => a + x.ltv! * x.newCustomers, 0) / n : NaN;
    const othersSecond =
      buyers > 0 ? others.reduce((a, x) => a + (x.secondPurchase ?? 0) * x.buyers, 0) / buyers : null;
    const spent = others.filter((x) => x.spend !== null && x.ltv !== null);
    const sp = spent.reduce((a, x) => a + x.spend!, 0);
    const othersLtvCac = sp > 0 ? spent.reduce((a, x) => a + x.ltv! * x.newInSpendWindow, 0) / sp : null;
    const low =
      c.ltv !== null && othersLtv === othersLtv
        ? c.ltv < o.valueRatio * othersLtv
        : c.secondPurchase !== null && othersSecond !== null && c.secondPurchase < o.valueRatio * othersSecond;
    if (low)
      out.push({ channel: c, othersLtv: othersLtv === othersLtv ? othersLtv : 0, othersSecond, othersLtvCac, share });
  }
  return out;
}

/** Run acquisition quality. */
export function runAcquisitionQuality(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<AcquisitionOptions> = {},
): AnalysisResult {
  return build(inputs, common, options);
}

/** Read (orders, channels, customers, spend) → compute (`acquisitionByChannel`, `volumeNotValue`) → present. */
function build(inputs: AnalysisInputs, common: CommonOptions, options: Partial<AcquisitionOptions>): AnalysisResult {
  const o: AcquisitionOptions = { ...ACQUISITION_DEFAULTS, ...options };
  const diagnostics: Diagnostic[] = [];
  const orders = readOrders(inputs, diagnostics, common.memo);
  if (!orders) return emptyResult(HEAD, diagnostics);
  const channels = readChannels(inputs, orders, common.lang, diagnostics, common.memo);
  if (!channels) return emptyResult(HEAD, diagnostics);
  const pv = predictValue(orders, common.asOf, diagnostics, common.memo);
  const lines = memoized(common.memo, orders, acquisitionLinesKey(common.asOf, o, common.lang), () =>
    acquisitionLines(assembleCustomers(orders, channels, common), common.asOf, o),
  );
  noStartNote(inputs, lines, diagnostics);
  const spend = readSpend(inputs, common.asOf, common.currency, diagnostics);
  const rows = channelQuality(
    [...channels.channelOf.values()],
    predictedByCustomer(orders, channels, pv, common.memo),
    lines,
    spend.spend,
    spend.from,
    spend.to,
    common.asOf,
    o,
  );
  const flags = volumeNotValue(rows, o);
  return present(rows, flags, {
    o,
    common,
    spend,
    source: channels.source,
    horizonMonths: pv?.horizonMonths ?? 12,
    diagnostics,
  });
}

type Orders = NonNullable<ReturnType<typeof readOrders>>;
type PredictedValue = ReturnType<typeof predictValue>;

/** Each customer's acquisition channel (and sign-up day where known), and where the channel came from. */
export interface Channels {
  channelOf: Map<string, string>;
  startOf: Map<string, number>;
  source: I18nText;
  /**
   * Each customer's code in the orders read's `customers`, in `channelOf`'s order, when the channels came from the
   * orders with their codes (`FirstOrderChannels.codes`): then the customers are not looked up by id.
   */
  codes?: Int32Array;
}

/** Spend by lower-cased channel over the campaigns' dates [from, to] (≤ as-of); null without a campaigns table. */
interface Spend {
  spend: Map<string, number> | null;
  from: number;
  to: number;
}

/**
 * Channel per customer, from the customers table's acquisition channel, else the first touch, else the first
 * order's channel; null (with an error) when none gives a channel.
 */
export function readChannels(
  inputs: AnalysisInputs,
  orders: Orders,
  lang: CommonOptions['lang'],
  diagnostics: Diagnostic[],
  memo?: RunMemo,
): Channels | null {
  let channelOf = new Map<string, string>();
  let startOf = new Map<string, number>();
  let codes: Int32Array | undefined;
  let source: I18nText;
  const cu = inputs.customers;
  const acq = cu ? (columnByRole(cu, 'acquisition_channel') ?? columnByRole(cu, 'channel')) : undefined;
  if (cu && acq && columnByRole(cu, 'customer_id')) {
    const ids = columnValues(cu, columnByRole(cu, 'customer_id')!.name);
    const ch = labels(cu, acq, lang === 'zh-CN' ? '（空白）' : '(blank)');
    const sc = columnByRole(cu, 'signup_date');
    const sd = sc ? columnValues(cu, sc.name) : null;
    for (let i = 0; i < ch.length; i++) {
      const id = cellText(ids[i]);
      if (id === null) continue;
      channelOf.set(id, ch[i]);
      const v = sd ? sd[i] : null;
      if (typeof v === 'number' && Number.isFinite(v)) startOf.set(id, Math.floor(v));
    }
    source = t(`the customers table's "${acq.header}"`, `客户表的“${acq.header}”`);
  } else if (inputs.touchpoints) {
    firstTouchChannels(inputs, channelOf, diagnostics);
    source = t('the first touch', '首次触点');
  } else {
    // The memo's maps themselves (read-only from here on): copying them cost 0.9 s on 1,000,000 customers.
    ({ channelOf, startOf, codes } = memoized(memo, orders, FIRST_ORDER_CHANNELS, () => firstOrderChannels(orders)));
    source = t("the first order's channel", '首单渠道');
  }
  if (channelOf.size === 0) {
    diagnostics.push(
      diag(
        'loop.no_acquisition_channel',
        'error',
        t(
          'No acquisition channel found: add a customers table with an acquisition channel column, touchpoints, or a channel column in the orders.',
          '未找到获客渠道：请提供含获客渠道列的客户表、触点表，或订单表中的渠道列。',
        ),
      ),
    );
    return null;
  }
  return { channelOf, startOf, source, ...(codes ? { codes } : {}) };
}

/** Channel of each customer's first touch (its channel, else its campaign). */
function firstTouchChannels(inputs: AnalysisInputs, channelOf: Map<string, string>, diagnostics: Diagnostic[]): void {
  const tc = readTouches(inputs.touchpoints!, diagnostics);
  if (!tc) return;
  const first = new Map<string, number>();
  const col = tc.channel ?? tc.campaign!;
  for (let i = 0; i < tc.n; i++) {
    const id = tc.customer[i];
    if (id === null || !(tc.time[i] === tc.time[i])) continue;
    const f = first.get(id);
    if (f === undefined || tc.time[i] < f) {
      first.set(id, tc.time[i]);
      channelOf.set(id, col[i]);
    }
  }
}

/**
 * The run memo's key of firstOrderChannels (owner: the orders read). A source that keeps the orders in a database
 * (src/source) puts the channels it computed there under this key.
 */
export const FIRST_ORDER_CHANNELS = 'first-order-channels';

/** First-order channels: each customer's channel and day, in order of the customer's first row with a channel. */
export interface FirstOrderChannels {
  channelOf: Map<string, string>;
  startOf: Map<string, number>;
  /**
   * Optional: each customer's code in the orders read's `customers`, in the maps' order (a maker that has the codes
   * gives them, so acquisition quality does not look 100,000s of ids up in a Map, about 0.2 µs each).
   */
  codes?: Int32Array;
}

/**
 * Channel and day of each customer's first (non-refund) order with a channel (earliest date, ties in row order), in
 * order of each customer's first such row; empty without a channel column.
 */
function firstOrderChannels(orders: Orders): FirstOrderChannels {
  const channelOf = new Map<string, string>();
  const startOf = new Map<string, number>();
  const ch = orders.channel;
  if (!ch) return { channelOf, startOf };
  // Per customer code first (NaN: no order yet), then into the maps in the order customers first appeared.
  const start = new Float64Array(orders.customers.length).fill(NaN);
  const chan = new Array<string>(orders.customers.length);
  const seen: number[] = [];
  for (let i = 0; i < orders.code.length; i++) {
    const c = orders.code[i];
    const x = ch[i];
    if (orders.refund[i] || x === null) continue;
    const s = start[c];
    if (Number.isNaN(s) || orders.date[i] < s) {
      if (Number.isNaN(s)) seen.push(c);
      start[c] = Math.floor(orders.date[i]);
      chan[c] = x;
    }
  }
  for (const c of seen) {
    const id = orders.customers[c];
    startOf.set(id, start[c]);
    channelOf.set(id, chan[c]);
  }
  return { channelOf, startOf, codes: Int32Array.from(seen) };
}

/**
 * Customers: one entry per customer with a channel, its purchase lines then its refund lines; start = sign-up,
 * else first purchase, else NaN.
 */
function assembleCustomers(
  orders: Orders,
  { channelOf, startOf, codes: known }: Channels,
  common: CommonOptions,
): AcquisitionCustomers {
  const h = buildHistories(orders, common.memo);
  const n = channelOf.size;
  const chan = new Array<string>(n);
  const start = new Float64Array(n);
  const refunds = refundLines(orders);
  // Each customer's lines copied into one pair of columns, in the channels' order: its purchases, then its refund
  // lines when it has some.
  const codes = new Int32Array(n);
  const from = new Int32Array(n + 1);
  let k = 0;
  for (const [id, ch] of channelOf) {
    const c = known ? known[k] : h.index.get(id);
    codes[k] = c ?? -1;
    const lines = c === undefined ? 0 : h.start[c + 1] - h.start[c] + (refunds.get(c)?.d.length ?? 0);
    from[k + 1] = from[k] + lines;
    chan[k] = ch;
    start[k] = startOf.get(id) ?? (c !== undefined && h.start[c + 1] > h.start[c] ? h.day[h.start[c]] : NaN);
    k++;
  }
  const day = new Float64Array(from[n]),
    amount = new Float64Array(from[n]);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c < 0) continue;
    let at = from[i];
    for (let j = h.start[c]; j < h.start[c + 1]; j++, at++) {
      day[at] = h.day[j];
      amount[at] = h.amount[j];
    }
    const rf = refunds.get(c);
    if (rf) {
      day.set(rf.d, at);
      amount.set(rf.a, at);
    }
  }
  return { channel: chan, start, days: [], amounts: [], flat: { day, amount, from }, predicted: null };
}

/** Predicted value per customer with a channel (0 for one not scored), or null without a value model. */
function predictedByCustomer(
  orders: Orders,
  { channelOf, codes }: Channels,
  pv: PredictedValue,
  memo: RunMemo | undefined,
): number[] | null {
  if (!pv) return null;
  const out = new Array<number>(channelOf.size);
  if (codes) {
    for (let k = 0; k < codes.length; k++) out[k] = pv.clv[codes[k]] ?? 0;
    return out;
  }
  const index = customerIndex(orders, memo);
  let k = 0;
  for (const id of channelOf.keys()) {
    const c = index.get(id);
    out[k++] = c === undefined ? 0 : (pv.clv[c] ?? 0);
  }
  return out;
}

/** A note on the customers with neither a sign-up date nor a purchase. */
function noStartNote(inputs: AnalysisInputs, lines: AcquisitionLines, diagnostics: Diagnostic[]): void {
  let noStart = 0;
  for (const s of lines.start) if (s !== s) noStart++;
  if (noStart === 0) return;
  const cu = inputs.customers;
  diagnostics.push(
    diag(
      'loop.no_start_date',
      'info',
      t(
        `${noStart} customers have neither a sign-up date nor a purchase; they count as new customers of their channel without revenue.`,
        `${noStart} 位客户既无注册日期也无购买；计为其渠道的新客户，收入为零。`,
      ),
      cu ? where(cu, undefined, [], noStart) : undefined,
    ),
  );
}

/** Refund lines with a negative amount (they net revenue), keyed by customer code (= history index). */
function refundLines(orders: Orders): Map<number, { d: number[]; a: number[] }> {
  const refunds = new Map<number, { d: number[]; a: number[] }>();
  for (let i = 0; i < orders.code.length; i++) {
    if (!orders.refund[i] || !(orders.amount[i] < 0)) continue;
    const e = refunds.get(orders.code[i]) ?? { d: [], a: [] };
    e.d.push(Math.floor(orders.date[i]));
    e.a.push(orders.amount[i]);
    refunds.set(orders.code[i], e);
  }
  return refunds;
}

/** Spend by channel over the campaigns' dates (≤ as-of), a Currency column's lines converted (fx.ts). */
function readSpend(inputs: AnalysisInputs, asOf: number, currency: string, diagnostics: Diagnostic[]): Spend {
  let spend: Map<string, number> | null = null;
  let spendFrom = -Infinity,
    spendTo = Infinity;
  const cp = inputs.campaigns;
  if (cp && columnByRole(cp, 'channel') && columnByRole(cp, 'spend')) {
    const ch = labels(cp, columnByRole(cp, 'channel')!, '');
    const spCol = columnByRole(cp, 'spend')!;
    const spc = lineConverter(
      cp,
      inputs.fx_rates,
      currency,
      diagnostics,
    )(
      spCol,
      Float64Array.from(columnValues(cp, spCol.name), (x) => (typeof x === 'number' && Number.isFinite(x) ? x : NaN)),
    );
    const dc = columnByRole(cp, 'period_start') ?? columnByRole(cp, 'date') ?? columnByRole(cp, 'period');
    const dates = dc ? columnValues(cp, dc.name) : null;
    spend = new Map();
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < ch.length; i++) {
      const v = spc[i];
      const d = dates ? dates[i] : null;
      if (dates && (typeof d !== 'number' || d > asOf)) continue; // total rows, undated rows, future rows
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || ch[i] === '') continue;
      spend.set(ch[i].toLowerCase(), (spend.get(ch[i].toLowerCase()) ?? 0) + v);
      if (typeof d === 'number') {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    if (lo <= hi) {
      spendFrom = Math.floor(lo);
      spendTo = Math.min(asOf, Math.floor(hi) + 6);
    }
  } else {
    diagnostics.push(
      diag(
        'loop.no_spend',
        'info',
        t(
          'No campaigns table with channel and spend: CAC, LTV/CAC and payback are left empty.',
          '没有含渠道和花费的活动表：CAC、LTV/CAC 和回本周期留空。',
        ),
      ),
    );
  }
  return { spend, from: spendFrom, to: spendTo };
}

/** What the present phase needs besides the computed rows and flags. */
interface PresentContext {
  o: AcquisitionOptions;
  common: CommonOptions;
  spend: Spend;
  source: I18nText;
  horizonMonths: number;
  diagnostics: Diagnostic[];
}

/** Figures, table, charts, findings and notes. */
function present(rows: ChannelQuality[], flags: VolumeFlag[], ctx: PresentContext): AnalysisResult {
  const { spend, horizonMonths } = ctx;
  const totN = rows.reduce((a, c) => a + c.newCustomers, 0);
  const totSpend = rows.reduce((a, c) => a + (c.spend ?? 0), 0);
  const paidN = rows.reduce((a, c) => a + (c.spend !== null ? c.newInSpendWindow : 0), 0);
  const ltvAll = rows.every((c) => c.ltv !== null)
    ? rows.reduce((a, c) => a + c.ltv! * c.newCustomers, 0) / totN
    : null;
  const paidLtv = rows
    .filter((c) => c.spend !== null && c.ltv !== null)
    .reduce((a, c) => a + c.ltv! * c.newInSpendWindow, 0);
  const hasSpend = spend.spend !== null;
  return {
    ...HEAD,
    figures: [
      { key: 'new_customers', label: t('New customers', '新客户'), value: totN, kind: 'integer' },
      {
        key: 'acquisition_spend',
        label: t('Acquisition spend', '获客花费'),
        value: hasSpend ? r(totSpend, 2) : null,
        kind: 'currency',
      },
      {
        key: 'blended_cac',
        label: t('CAC, paid channels', '付费渠道获客成本'),
        value: hasSpend && paidN > 0 ? r(totSpend / paidN, 2) : null,
        kind: 'currency',
      },
      { key: 'ltv', label: t('LTV per new customer', '每位新客户 LTV'), value: r(ltvAll, 2), kind: 'currency' },
      {
        key: 'ltv_cac',
        label: t('LTV/CAC, paid channels', '付费渠道 LTV/CAC'),
        value: hasSpend && totSpend > 0 && ltvAll !== null ? r(paidLtv / totSpend, 3) : null,
        kind: 'ratio',
        decimals: 2,
      },
      {
        key: 'channels_flagged',
        label: t('Channels: volume, not value', '量大质低渠道数'),
        value: flags.length,
        kind: 'integer',
      },
    ],
    tables: [channelTable(rows, flags, ctx)],
    charts: [
      {
        name: 'ltv_cac',
        title: t('New customers and LTV/CAC by channel', '各渠道新客户与 LTV/CAC'),
        kind: 'combo',
        table: 'channels',
        category: 'channel',
        series: ['new_customers'],
        secondary: ['ltv_cac'],
      },
      {
        name: 'repeat',
        title: t('Second-purchase rate by channel', '各渠道二次购买率'),
        kind: 'bar',
        table: 'channels',
        category: 'channel',
        series: ['second_purchase'],
      },
    ],
    findings: acquisitionFindings(rows, flags, ctx.o, ctx.common.currency),
    notes: [
      t(
        `Acquisition channel from ${ctx.source.en}. New customers: every customer with a channel, buyers or not; sign-up date or, without one, the first purchase.`,
        `获客渠道来自${ctx.source['zh-CN']}。新客户：所有有渠道的客户，无论是否购买；起始日为注册日期，缺失时为首次购买日期。`,
      ),
      t(
        `Predicted value: BG/NBD × Gamma-Gamma fitted on all customers' purchases to the as-of date (as on the CLV sheet), ${horizonMonths} months, discounted 10% a year. Observational: channels differ in whom they reach, not only in what they cause.`,
        `预测价值：以截至基准日全部客户的购买拟合 BG/NBD × Gamma-Gamma（同“客户价值”表），${horizonMonths} 个月，年折现率 10%。观察性结果：各渠道触达的人群不同，差异不全是渠道造成的。`,
      ),
    ],
    diagnostics: ctx.diagnostics,
  };
}

/** The per-channel table; channels with fewer than `minCustomers` new customers show no rates. */
function channelTable(
  rows: ChannelQuality[],
  flags: VolumeFlag[],
  { o, common, spend, horizonMonths }: PresentContext,
): ResultTable {
  const small = (c: ChannelQuality): boolean => c.newCustomers < o.minCustomers;
  const [from, to] = [c2iso(spend.from), c2iso(spend.to)];
  return {
    name: 'channels',
    title: t('Acquisition quality by channel', '各渠道获客质量'),
    columns: [
      { key: 'channel', label: t('Acquisition channel', '获客渠道'), kind: 'text' },
      { key: 'new_customers', label: t('New customers', '新客户'), kind: 'integer', highlight: 'dataBar' },
      { key: 'buyers', label: t('Buyers', '购买客户'), kind: 'integer' },
      { key: 'spend', label: t('Spend', '花费'), kind: 'currency' },
      { key: 'cac', label: t('CAC', '获客成本'), kind: 'currency' },
      {
        key: 'retention_30',
        label: t(`Repeat within ${o.retentionDays[0]} days`, `${o.retentionDays[0]} 天内复购率`),
        kind: 'percent',
      },
      {
        key: 'retention_90',
        label: t(`Repeat within ${o.retentionDays[1]} days`, `${o.retentionDays[1]} 天内复购率`),
        kind: 'percent',
      },
      {
        key: 'second_purchase',
        label: t('Second-purchase rate', '二次购买率'),
        kind: 'percent',
        highlight: 'colorScale',
      },
      {
        key: 'revenue_per_customer',
        label: t('Revenue to date per new customer', '每位新客户累计收入'),
        kind: 'currency',
      },
      {
        key: 'predicted_clv',
        label: t(
          `Predicted ${horizonMonths}-month value per new customer`,
          `每位新客户未来 ${horizonMonths} 个月预测价值`,
        ),
        kind: 'currency',
      },
      { key: 'ltv', label: t('LTV per new customer', '每位新客户 LTV'), kind: 'currency' },
      { key: 'ltv_cac', label: t('LTV/CAC', 'LTV/CAC'), kind: 'ratio', decimals: 2, highlight: 'colorScale' },
      { key: 'payback_months', label: t('Payback (months)', '回本周期（月）'), kind: 'integer' },
      { key: 'flag', label: t('Flag', '提示'), kind: 'text' },
    ],
    rows: rows.map((c): Record<string, CellValue> => ({
      channel: c.channel,
      new_customers: c.newCustomers,
      buyers: c.buyers,
      spend: r(c.spend, 2),
      cac: r(c.cac, 2),
      retention_30: small(c) ? null : r(c.retention1),
      retention_90: small(c) ? null : r(c.retention2),
      second_purchase: small(c) ? null : r(c.secondPurchase),
      revenue_per_customer: r(c.revenue / c.newCustomers, 2),
      predicted_clv: r(c.predicted, 2),
      ltv: r(c.ltv, 2),
      ltv_cac: small(c) ? null : r(c.ltvCac, 3),
      payback_months: c.paybackMonths,
      flag: flags.some((f) => f.channel === c) ? (common.lang === 'zh-CN' ? '量大质低' : 'Volume, not value') : null,
    })),
    note: loopMessage('acquisitionTableNote', {
      from,
      to,
      minCustomers: o.minCustomers,
      margin: o.margin !== 1 ? loopMessage('acquisitionMargin', { margin: o.margin }) : '',
    }),
  };
}

/** A finding per channel flagged volume-not-value, then the channel to grow (best LTV/CAC), if any. */
function acquisitionFindings(
  rows: ChannelQuality[],
  flags: VolumeFlag[],
  o: AcquisitionOptions,
  cur: string,
): Finding[] {
  const findings = flags.map((f) => volumeFinding(f, o, cur));
  // The channel to grow: best LTV/CAC among those with enough customers and spend.
  const ranked = rows
    .filter((c) => c.newCustomers >= o.minCustomers && c.ltvCac !== null && !flags.some((f) => f.channel === c))
    .sort((a, b) => b.ltvCac! - a.ltvCac!);
  const best = ranked[0];
  if (best && best.ltvCac! > 1 && ranked.length > 1) {
    findings.push({
      key: `loop.acquisition.grow:${best.channel}`,
      text: loopMessage('acquisitionGrow', {
        channel: best.channel,
        ltvCac: (l) => num(best.ltvCac, l, 2),
        payback:
          best.paybackMonths !== null ? loopMessage('acquisitionGrowPayback', { months: best.paybackMonths }) : '',
      }),
      atStake: null,
      evidence: loopMessage('acquisitionGrowEvidence', {
        newCustomers: (l) => num(best.newCustomers, l, 0),
        cac: (l) => money(best.cac, cur, l),
        ltv: (l) => money(best.ltv, cur, l),
        second: (l) => pct(best.secondPurchase, l, 0),
      }),
      observational: true,
    });
  }
  return findings;
}

/** "Brings many customers but little value", with the spend at stake. */
function volumeFinding(f: VolumeFlag, o: AcquisitionOptions, cur: string): Finding {
  const c = f.channel;
  const ratioGap =
    c.ltvCac !== null && f.othersLtvCac !== null && f.othersLtvCac > 0 ? 1 - c.ltvCac / f.othersLtvCac : null;
  const stake =
    c.spend !== null && ratioGap !== null && ratioGap > 0
      ? c.spend * ratioGap
      : c.ltv !== null
        ? (f.othersLtv - c.ltv) * c.newCustomers
        : null;
  const othersLtvCac =
    f.othersLtvCac !== null ? loopMessage('volumeOthersLtvCac', { value: (l) => num(f.othersLtvCac, l, 2) }) : '';
  return {
    key: `loop.acquisition.volume_not_value:${c.channel}`,
    text: loopMessage('volumeNotValue', {
      channel: c.channel,
      share: (l) => pct(f.share, l, 0),
      second: (l) => pct(c.secondPurchase, l, 0),
      othersSecond: (l) => pct(f.othersSecond, l, 0),
      ltv:
        c.ltv !== null
          ? loopMessage('volumeLtv', { ltv: (l) => money(c.ltv, cur, l), othersLtv: (l) => money(f.othersLtv, cur, l) })
          : '',
      ltvCac:
        c.ltvCac !== null
          ? loopMessage('volumeLtvCac', { ltvCac: (l) => num(c.ltvCac, l, 2), others: othersLtvCac })
          : '',
      stake: stake !== null ? loopMessage('volumeStake', { stake: (l) => money(stake, cur, l) }) : '',
    }),
    atStake: r(stake, 2),
    evidence: loopMessage('volumeEvidence', {
      newCustomers: (l) => num(c.newCustomers, l, 0),
      buyers: (l) => num(c.buyers, l, 0),
      spend: (l) => money(c.spend, cur, l),
      cac: (l) => money(c.cac, cur, l),
      days: o.retentionDays[1],
      repeat: (l) => pct(c.retention2, l, 0),
    }),
    observational: true,
  };
}

function c2iso(serial: number): string {
  if (!Number.isFinite(serial)) return '–';
  return new Date(Math.round((serial - 25_569) * 86_400_000)).toISOString().slice(0, 10);
}

export const acquisitionQualityAnalysis = defineAnalysis<Partial<AcquisitionOptions>>({
  kind: 'acquisition-quality',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  // Where each customer's acquisition channel comes from, in the order the analysis looks.
  requiresOneOf: [
    { kind: 'customers', roles: ['customer_id', 'acquisition_channel'] },
    { kind: 'customers', roles: ['customer_id', 'channel'] },
    { kind: 'touchpoints', roles: ['customer_id'] },
    { kind: 'orders', roles: ['channel'] },
  ],
  optionalInputs: ['fx_rates'],
  needs: t(
    'An orders table, and an acquisition channel: customers with a channel column, touchpoints, or a channel column in the orders; a campaigns table with spend by channel for CAC.',
    '需要订单表和获客渠道（客户表的渠道列、触点表或订单表的渠道列）；计算获客成本还需要活动表中按渠道的花费。',
  ),
  defaults: ACQUISITION_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    margin: {
      basic: true,
      label: { en: 'What share of revenue is profit?', 'zh-CN': '收入中有多少是利润？' },
    },
    retentionDays: {
      basic: true,
      label: { en: 'Within how many days does a repeat purchase count?', 'zh-CN': '多少天内再次购买算复购？' },
    },
  },
  needsAsOf: true,
  run: runAcquisitionQuality,
});
