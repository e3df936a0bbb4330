/**
 * Reported against real, phase 2 (compute; pure): platform totals per channel and the date window they
 * cover, then real orders per channel inside that window (excluded statuses and their refunds left out,
 * order channels tied to platform channels). Money in integer minor units.
 */
import { ChannelResolver } from '../channels.js';
import { nameKey } from '../names.js';
import type { StatusClass } from '../../../ingest/types.js';
import type { Acc, ChannelTotals, ReportedVsRealOptions } from './model.js';
import type { CampaignRows, OrderRows } from './read.js';

/** The order id a refund line refers to: `SO123-R`, `SO123_refund`, `SO123退款` → `SO123`. */
export function refundBase(id: string): string {
  return id.replace(/[\s_-]*(r|rf|ref|refund|return|退款|退货|退)\d*$/iu, '');
}

/**
 * Last day covered by the row starting `last`, when row dates are period starts: every date a month's
 * 1st → the month's end; dates 7 days apart (weeks) → `last + 6`; else `last`.
 */
export function periodEnd(starts: ReadonlySet<number>, last: number): number {
  if (starts.size < 2) return last;
  const sorted = [...starts].sort((a, b) => a - b);
  const firsts = sorted.every((x) => new Date((x - 25_569) * 86_400_000).getUTCDate() === 1);
  if (firsts) {
    const d = new Date((last - 25_569) * 86_400_000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000 + 25_569 - 1;
  }
  for (let k = 1; k < sorted.length; k++) if ((sorted[k] - sorted[0]) % 7 !== 0) return last;
  return last + 6;
}

/** Number of real orders of a channel. */
export function orderCount(o: Set<string> | number): number {
  return typeof o === 'number' ? o : o.size;
}

function accOf(t: ChannelTotals, key: string, label: string, fromCampaigns: boolean): Acc {
  let a = t.acc.get(key);
  if (!a) {
    t.acc.set(key, (a = { spend: 0, conv: 0, rev: 0, orders: 0, real: 0, fromCampaigns }));
    t.labels.set(key, label);
  }
  return a;
}

/** Platform totals by channel up to the as-of date, the window of dates covered, and the rows whose conversions are not numbers. */
export function platformTotals(
  rows: CampaignRows,
  asOf: number,
): { totals: ChannelTotals; lo: number; hi: number; badConv: number[] } {
  const totals: ChannelTotals = { acc: new Map(), labels: new Map() };
  let lo = Infinity;
  let hi = -Infinity;
  const starts = new Set<number>();
  const badConv: number[] = [];
  for (let i = 0; i < rows.channel.length; i++) {
    const s = rows.start[i];
    if (s !== null && Math.floor(s) > asOf) continue;
    if (s !== null) {
      lo = Math.min(lo, Math.floor(s));
      hi = Math.max(hi, Math.floor(s));
    }
    const e = rows.end[i];
    if (e !== null) hi = Math.max(hi, Math.floor(Math.min(e, asOf)));
    if (s !== null && e === null) starts.add(Math.floor(s));
    const label = rows.channel[i] ?? '';
    const a = accOf(totals, nameKey(label), label, true);
    if (rows.spend && rows.spend[i] === rows.spend[i]) a.spend += rows.spend[i];
    if (rows.revenue && rows.revenue[i] === rows.revenue[i]) a.rev += rows.revenue[i];
    if (rows.conversions) {
      const v = rows.conversions[i];
      if (typeof v === 'number' && Number.isFinite(v)) a.conv += v;
      else if (v !== null && v !== undefined) badConv.push(i);
    }
  }
  // A row dated by its period's start (a week's Monday, a month's 1st) covers the whole period, so the
  // window ends with the last row's period, not on its start date.
  if (Number.isFinite(hi) && starts.has(hi)) hi = Math.min(Math.max(hi, periodEnd(starts, hi)), Math.floor(asOf));
  return { totals, lo, hi, badConv };
}

/** What happened to the orders: counted per channel, or left out and why. */
export interface OrderTally {
  cancelled: number;
  outside: number;
  undated: number[];
  noChannel: number[];
  /** Whether orders were limited to the campaigns' date window. */
  windowed: boolean;
}

/** Status classes that are not real revenue, as the user analyses count (src/analysis/user/orders.ts). */
const NOT_REVENUE: ReadonlySet<StatusClass> = new Set(['cancelled', 'refunded', 'open', 'lost']);

/**
 * Real orders added to the channel totals (in place). An order is left out when its status means cancelled or
 * closed, refunded, not paid yet or lost (the shared status classes, so the same orders count here as in the
 * user analyses), or when its status is one of `excludeStatuses`. Refund lines (negative amounts) are netted
 * even when their status is a refund status; they are left out only with the order they refund (same id, or the
 * id with a refund suffix such as "-R"). A partial refund counts the amount less the refunded amount column.
 */
export function addOrders(
  totals: ChannelTotals,
  rows: OrderRows,
  window: { lo: number; hi: number },
  asOf: number,
  opts: Pick<ReportedVsRealOptions, 'excludeStatuses' | 'sameWindow' | 'minSimilarity' | 'channelMap'>,
): OrderTally {
  const resolver = new ChannelResolver(totals.labels.values(), opts.channelMap, opts.minSimilarity);
  const skip = new Set(opts.excludeStatuses.map((s) => s.normalize('NFKC').toLowerCase().trim()));
  const excludedStatus = (i: number): boolean =>
    rows.status !== null &&
    rows.status[i] !== null &&
    (skip.has(rows.status[i].normalize('NFKC').toLowerCase()) ||
      (rows.statusClass?.[i] != null && NOT_REVENUE.has(rows.statusClass[i])));
  const { lo, hi } = window;
  const windowed = opts.sameWindow && Number.isFinite(lo);
  const excludedIds = new Set<string>();
  if (rows.status && rows.id) {
    for (let i = 0; i < rows.channel.length; i++)
      if (rows.id[i] !== null && rows.amount[i] >= 0 && excludedStatus(i)) excludedIds.add(rows.id[i]!);
  }
  const tally: OrderTally = { cancelled: 0, outside: 0, undated: [], noChannel: [], windowed };
  for (let i = 0; i < rows.channel.length; i++) {
    const v = rows.amount[i];
    if (v !== v) continue;
    if (excludedStatus(i)) {
      const id = rows.id ? rows.id[i] : null;
      const refundOfKept = v < 0 && !(id !== null && (excludedIds.has(id) || excludedIds.has(refundBase(id))));
      if (!refundOfKept) {
        tally.cancelled++;
        continue;
      }
    }
    const s = rows.date ? rows.date[i] : null;
    if (rows.date && s === null) {
      tally.undated.push(i);
      continue;
    }
    if (s !== null && (Math.floor(s) > asOf || (windowed && (Math.floor(s) < lo || Math.floor(s) > hi)))) {
      tally.outside++;
      continue;
    }
    const t = rows.channel[i];
    if (t === null) {
      tally.noChannel.push(i);
      continue;
    }
    const r = resolver.resolve(t);
    const back = v >= 0 && rows.refunded ? rows.refunded[i] : Number.NaN;
    addOrder(
      r.key !== null ? totals.acc.get(r.key)! : accOf(totals, nameKey(t), t, false),
      rows.id ? rows.id[i] : null,
      i,
      back === back ? v - back : v,
    );
  }
  return tally;
}

/** One order line into a channel: its amount, and its id (or row) among the channel's orders. */
function addOrder(a: Acc, id: string | null, row: number, amount: number): void {
  a.real += amount;
  if (id !== null) {
    if (typeof a.orders === 'number') a.orders = new Set<string>();
    a.orders.add(id);
  } else if (typeof a.orders === 'number') a.orders++;
  else a.orders.add(`\u0000row${row}`);
}
