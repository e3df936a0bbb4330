/**
 * Per-customer summary of an orders table: the inputs of RFM and of the BG/NBD and Gamma-Gamma models.
 *
 * For each customer, from purchases on or before the calibration end:
 * - `first`, `last`: first and last purchase date (Excel serials, whole days);
 * - `orders`: purchase rows (or distinct order ids); `days`: distinct purchase days;
 * - `revenue`: sum of purchase amounts, minus refunds when `refunds = 'net'`;
 * - `x`: repeat purchases = purchase events − 1 (an event is a day when `mergeSameDay`, else an order);
 * - `t_x`: time of the last event since the first; `T`: time from the first purchase to the calibration end;
 * - `zbar`: mean value of the repeat events (the first event excluded), 0 when x = 0;
 * - `recency`: days from the last purchase to the as-of date;
 * - `holdout`: purchase events after the calibration end up to the as-of date.
 * Times `t_x` and `T` are in `timeUnit` (days or weeks).
 */
import type { Diagnostic } from '../../types.js';
import { diag, t, where } from '../common/index.js';
import { distinctOrders, groupedOrders, type OrderArrays } from './orders.js';

export type RefundMode = 'net' | 'exclude';
export type TimeUnit = 'days' | 'weeks';

export interface SummaryOptions {
  /** `net`: refunds reduce revenue; `exclude`: refund rows are ignored. Refunds never count as purchases. */
  refunds: RefundMode;
  /** Merge purchases by the same customer on the same day into one event (BG/NBD convention). */
  mergeSameDay: boolean;
  timeUnit: TimeUnit;
  /** As-of date (Excel serial): purchases after it are ignored. */
  asOf: number;
  /** End of the calibration period (Excel serial); defaults to `asOf`. */
  calibrationEnd?: number;
}

export interface CustomerSummary {
  ids: string[];
  first: Float64Array;
  last: Float64Array;
  orders: Int32Array;
  days: Int32Array;
  revenue: Float64Array;
  x: Float64Array;
  t_x: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
  recency: Float64Array;
  holdout: Float64Array;
  /** Refund rows and their total (positive number) before the calibration end. */
  refundRows: number;
  refundTotal: number;
  /** Purchase rows after the as-of date that were ignored. */
  futureRows: number;
}

/**
 * Build the per-customer summary (pure). Customers whose purchases all fall after the calibration end,
 * or who only have refunds, are left out. Customers come out in order of first appearance in the table.
 * Example: one customer buying on days 0, 7 and 21 with asOf 28 and weeks → x 2, t_x 3, T 4.
 */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function summarizeCustomers(o: OrderArrays, opts: SummaryOptions): CustomerSummary {
  // Purchases are whole days; a fractional as-of (a date-time) counts as its whole day.
  const asOf = Math.floor(opts.asOf);
  const calEnd = Math.min(opts.calibrationEnd ?? asOf, asOf);
  const unit = opts.timeUnit === 'weeks' ? 7 : 1;
  const nCust = o.customers.length;
  // Rows by customer (the run's one counting sort, shared), then each group by date: O(n) plus small sorts. The
  // columns are read in that order (groupedOrders: position j holds row idx[j]), in sequence.
  const grouped = groupedOrders(o);
  const { start, idx } = grouped;

  const ids: string[] = [];
  // Columns sized for every customer, cut to the customers kept at the end.
  const first = new Float64Array(nCust),
    last = new Float64Array(nCust),
    orders = new Int32Array(nCust),
    days = new Int32Array(nCust),
    revenue = new Float64Array(nCust);
  const x = new Float64Array(nCust),
    tx = new Float64Array(nCust),
    T = new Float64Array(nCust),
    zbar = new Float64Array(nCust),
    recency = new Float64Array(nCust),
    holdout = new Float64Array(nCust);
  let refundRows = 0,
    refundTotal = 0,
    futureRows = 0;
  const seenOrder = new Set<string>();
  // With dense order codes: the customer that last had each order (-1 none), instead of a set of id strings.
  // Every row an order of its own (distinctOrders: the usual order export read from a .csv): nothing to tell apart.
  // (Known only of a grouping with order codes; their grouped column is then not read, nor made: orders.ts.)
  const everyRowNew = distinctOrders(grouped);
  const orderCode = o.orderCode;
  const orderOwner = orderCode && !everyRowNew ? new Int32Array(o.orderCodes ?? 0).fill(-1) : null;
  // The columns and options read once, outside the rows' loop.
  const date = grouped.date,
    amount = grouped.amount,
    refund = grouped.refund,
    groupedCode = everyRowNew ? null : grouped.orderCode,
    // The order id texts only without codes (reading them makes them: ./orders.ts), by table row.
    orderId = orderCode ? null : o.orderId;
  const net = opts.refunds === 'net',
    mergeSameDay = opts.mergeSameDay;
  for (let c = 0; c < nCust; c++) {
    // Rows of a group are in table order; most tables are already in date order, so sort only when not.
    // Positions into the grouped columns: in order unless the group is not in date order (then sorted, in `g`).
    let g: Int32Array | null = null;
    let from = start[c],
      to = start[c + 1];
    for (let k = from + 1; k < to; k++) {
      if (date[k] < date[k - 1]) {
        // By date, then table row (positions of a group follow the table's rows).
        g = Int32Array.from({ length: to - from }, (_, p) => from + p).sort((a, b) => date[a] - date[b] || a - b);
        from = 0;
        to = g.length;
        break;
      }
    }
    let nOrders = 0,
      nDays = 0,
      rev = 0,
      firstDay = NaN,
      lastDay = NaN,
      prevDay = NaN;
    let events = 0,
      eventValue = 0,
      repeatSum = 0,
      firstEventDone = false,
      hold = 0,
      prevHoldDay = NaN;
    if (!orderOwner && !everyRowNew) seenOrder.clear();
    for (let k = from; k < to; k++) {
      const i = g ? g[k] : k;
      const day = Math.floor(date[i]);
      if (day > asOf) {
        futureRows++;
        continue;
      }
      if (refund[i]) {
        if (day <= calEnd) {
          refundRows++;
          refundTotal += Math.abs(amount[i]);
          if (net) rev -= Math.abs(amount[i]);
        }
        continue;
      }
      if (day > calEnd) {
        if (mergeSameDay) {
          if (day !== prevHoldDay) hold++;
          prevHoldDay = day;
        } else hold++;
        continue;
      }
      let newOrder: boolean;
      if (everyRowNew) newOrder = true;
      else if (groupedCode && orderOwner) {
        const oc = groupedCode[i];
        newOrder = oc < 0 || orderOwner[oc] !== c;
        if (oc >= 0) orderOwner[oc] = c;
      } else {
        const oid = orderId ? orderId[idx[i]] : null;
        newOrder = oid === null || !seenOrder.has(oid);
        if (oid !== null) seenOrder.add(oid);
      }
      if (newOrder) nOrders++;
      rev += amount[i];
      const newDay = day !== prevDay;
      if (newDay) nDays++;
      if (Number.isNaN(firstDay)) firstDay = day;
      lastDay = day;
      const newEvent = mergeSameDay ? newDay : newOrder;
      if (newEvent) {
        // Close the event before: the first is not a repeat; the others add their value to the repeats'.
        if (events > 0) {
          if (firstEventDone) repeatSum += eventValue;
          else firstEventDone = true;
        }
        events++;
        eventValue = 0;
      }
      eventValue += amount[i];
      prevDay = day;
    }
    if (events === 0) continue;
    if (firstEventDone) repeatSum += eventValue;
    const j = ids.length;
    ids.push(o.customers[c]);
    first[j] = firstDay;
    last[j] = lastDay;
    orders[j] = nOrders;
    days[j] = nDays;
    revenue[j] = rev;
    x[j] = events - 1;
    tx[j] = (lastDay - firstDay) / unit;
    T[j] = (calEnd - firstDay) / unit;
    zbar[j] = events > 1 ? repeatSum / (events - 1) : 0;
    recency[j] = asOf - lastDay;
    holdout[j] = hold;
  }
  const m = ids.length;
  // Every customer kept (the usual case): the columns as they are. Copies of eleven columns were 8.8 MB more on
  // 100,000 customers, enough new buffers to set off a young collection of their own (issue 13).
  const cut = <T extends Float64Array | Int32Array>(a: T): T => (m === nCust ? a : (a.slice(0, m) as T));
  return {
    ids,
    first: cut(first),
    last: cut(last),
    orders: cut(orders),
    days: cut(days),
    revenue: cut(revenue),
    x: cut(x),
    t_x: cut(tx),
    T: cut(T),
    zbar: cut(zbar),
    recency: cut(recency),
    holdout: cut(holdout),
    refundRows,
    refundTotal,
    futureRows,
  };
}

/** Diagnostics about a summary: refunds seen, future rows ignored, empty or degenerate customer bases. */
export function summaryDiagnostics(s: CustomerSummary, o: OrderArrays, opts: SummaryOptions): Diagnostic[] {
  const d: Diagnostic[] = [];
  const ds = o.dataset;
  if (s.refundRows > 0) {
    d.push(
      diag(
        'user.refunds',
        'info',
        t(
          `${s.refundRows} refund or cancellation rows (total ${s.refundTotal.toFixed(2)}) were ${opts.refunds === 'net' ? 'subtracted from revenue' : 'excluded'}; they never count as purchases.`,
          `${s.refundRows} 行退款或取消（合计 ${s.refundTotal.toFixed(2)}）已${opts.refunds === 'net' ? '从收入中扣除' : '排除'}；它们不计为购买。`,
        ),
        where(ds, undefined, [], s.refundRows),
      ),
    );
  }
  if (s.futureRows > 0) {
    d.push(
      diag(
        'user.after_asof',
        'info',
        t(
          `${s.futureRows} order rows are dated after the as-of date and were ignored.`,
          `${s.futureRows} 行订单日期晚于分析基准日，已忽略。`,
        ),
        where(ds, undefined, [], s.futureRows),
      ),
    );
  }
  if (s.ids.length === 0) {
    d.push(
      diag(
        'user.no_purchases',
        'error',
        t(
          o.code.length > 0 && s.refundRows === o.code.length
            ? 'Every order row is a refund or cancellation: there are no purchases to analyse.'
            : 'No purchases on or before the as-of date: nothing to analyse.',
          o.code.length > 0 && s.refundRows === o.code.length
            ? '所有订单行都是退款或取消：没有可分析的购买。'
            : '分析基准日及之前没有购买记录：无可分析内容。',
        ),
        ds,
      ),
    );
  }
  return d;
}
