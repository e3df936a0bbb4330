/**
 * Funnel, phase 1: count each stage from the sheet that holds it, overall, by channel and by campaign.
 * Steps come from different sheets joined by channel name (ignoring case): impressions and clicks from
 * campaigns, visits from touchpoint events, sign-ups from customers (acquisition channel), first purchase
 * and repurchase from orders (channel of the customer's acquisition, else of their first order).
 * Rows dated after the as-of date are left out.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic, Lang } from '../../../types.js';
import type { AnalysisInputs } from '../../registry-types.js';
import { BLANK, columnByRole, labels, memoized, numbers, type RunMemo } from '../../common/index.js';
import { lineConverter, type LineConverter } from '../../finance/fx.js';
import type { Stage } from './options.js';
import { statusClassOf } from '../../../ingest/status.js';
import type { StatusClass } from '../../../ingest/types.js';

const VISIT_EVENT = /visit|session|landing|page.?view|访问|浏览|到访|进店/i;
/** Only paid, won and partially refunded orders count (src/ingest/status.ts); unknown statuses count as paid. */
const NOT_COUNTED: ReadonlySet<StatusClass> = new Set(['refunded', 'cancelled', 'lost', 'open']);

/** Counts per stage for one group. */
export type Counts = Record<Stage, number>;

export function zero(): Counts {
  return { impressions: 0, clicks: 0, visits: 0, signups: 0, conversions: 0, first_purchase: 0, repurchase: 0 };
}

/** Counts per group, keyed by lower-cased name, with the name as first seen for display. */
export interface Groups {
  display: Map<string, string>;
  counts: Map<string, Counts>;
}

function bump(g: Groups, name: string, stage: Stage, by: number): void {
  const key = name.toLowerCase();
  if (!g.display.has(key)) g.display.set(key, name);
  let c = g.counts.get(key);
  if (!c) {
    c = zero();
    g.counts.set(key, c);
  }
  c[stage] += by;
}

/** Everything counted from the inputs. */
export interface FunnelCounts {
  total: Counts;
  byChannel: Groups;
  byCampaign: Groups;
  /** Stages some sheet measured. */
  present: Set<Stage>;
  /** Sheets the counts come from, in reading order. */
  sources: string[];
  /** Total value and number of valid orders, when orders have amounts. */
  orderValue: { total: number; orders: number } | null;
  /** Platform-reported revenue of the campaigns sheet, when it has one. */
  campaignRevenue: number | null;
  /** The sheet each measured stage is counted from. */
  sheetOf: Partial<Record<Stage, string>>;
  /**
   * Buyers whose customer id is not on the customers sheet (null without one): when there are any, sign-ups
   * and purchases count different people, and the step between them is not a conversion.
   */
  buyersOutside: number | null;
}

/** Campaigns: impressions, clicks (and platform conversions) and reported revenue (through `convert`, fx.ts). */
function countCampaigns(
  camp: Dataset,
  f: FunnelCounts,
  asOf: number,
  blank: string,
  diagnostics: Diagnostic[],
  convert: LineConverter,
): void {
  const ch = columnByRole(camp, 'channel');
  const cp = columnByRole(camp, 'campaign');
  const dateCol = columnByRole(camp, 'period_start', 'date', 'period_end');
  const dates = dateCol ? numbers(camp, dateCol, []) : null;
  const chs = ch ? labels(camp, ch, blank) : null;
  const cps = cp ? labels(camp, cp, blank) : null;
  const rc = columnByRole(camp, 'revenue');
  if (rc) {
    const rv = convert(rc, numbers(camp, rc, []));
    let revenue = 0;
    for (let i = 0; i < rv.length; i++) if (rv[i] === rv[i] && !(dates && dates[i] > asOf)) revenue += rv[i];
    f.campaignRevenue = revenue;
  }
  for (const stage of ['impressions', 'clicks', 'conversions'] as const) {
    const col = columnByRole(camp, stage);
    if (!col) continue;
    f.present.add(stage);
    f.sheetOf[stage] = camp.sheet;
    const v = numbers(camp, col, diagnostics, { nonNegative: true });
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (!(x === x) || (dates && dates[i] > asOf)) continue;
      f.total[stage] += x;
      if (chs) bump(f.byChannel, chs[i], stage, x);
      if (cps) bump(f.byCampaign, cps[i], stage, x);
    }
  }
  f.sources.push(camp.sheet);
}

/** Touchpoints: distinct customers with a visit event, by the channel of their first visit. */
function countVisits(tp: Dataset, f: FunnelCounts, blank: string): void {
  const ev = columnByRole(tp, 'event');
  const cu = columnByRole(tp, 'customer_id');
  const ch = columnByRole(tp, 'channel');
  if (!ev || !cu) return;
  const evs = labels(tp, ev, '');
  const cus = labels(tp, cu, '');
  const chs = ch ? labels(tp, ch, blank) : null;
  const seen = new Set<string>();
  for (let i = 0; i < evs.length; i++) {
    if (cus[i] === '' || !VISIT_EVENT.test(evs[i]) || seen.has(cus[i])) continue;
    seen.add(cus[i]);
    f.total.visits++;
    if (chs) bump(f.byChannel, chs[i], 'visits', 1);
  }
  if (seen.size > 0) {
    f.present.add('visits');
    f.sheetOf.visits = tp.sheet;
    f.sources.push(tp.sheet);
  }
}

/**
 * Customers: sign-ups by acquisition channel; returns each customer's acquisition channel and the ids
 * counted (null without a customer id column).
 */
function countSignups(
  cust: Dataset,
  f: FunnelCounts,
  asOf: number,
  blank: string,
): { acqOf: Map<string, string>; ids: Set<string> | null } {
  const acqOf = new Map<string, string>();
  const id = columnByRole(cust, 'customer_id');
  if (!id) return { acqOf, ids: null };
  const ch = columnByRole(cust, 'acquisition_channel') ?? columnByRole(cust, 'channel');
  const sd = columnByRole(cust, 'signup_date');
  const ids = labels(cust, id, '');
  const chs = ch ? labels(cust, ch, blank) : null;
  const sds = sd ? numbers(cust, sd, []) : null;
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === '' || seen.has(ids[i]) || (sds && sds[i] > asOf)) continue;
    seen.add(ids[i]);
    f.total.signups++;
    if (chs) {
      bump(f.byChannel, chs[i], 'signups', 1);
      acqOf.set(ids[i], chs[i]);
    }
  }
  f.present.add('signups');
  f.sheetOf.signups = cust.sheet;
  f.sources.push(cust.sheet);
  return { acqOf, ids: seen };
}

/** Per customer: valid orders (order lines of one order count once), first order time and its channel. */
interface Buyer {
  n: number;
  first: number;
  ch: string | null;
  ids: Set<string> | null;
}

/**
 * The buyers of the orders sheet, in order of their first valid order row: valid orders of each (order lines of one
 * order count once) and the channel of the first (by date, then row; null when no valid order has a date); the
 * value and number of valid orders (value null without an amount column). Valid: a customer, dated on or before the
 * as-of date (or undated), an amount above zero, and a status that counts.
 */
export interface FunnelBuyers {
  ids: string[];
  orders: number[];
  channel: (string | null)[];
  value: number | null;
  valueN: number;
}

/**
 * The run memo's key of `funnelBuyers` (owner: the orders Dataset). A source that keeps the orders in a database
 * (src/source) puts the buyers it computed there under this key.
 */
export function funnelBuyersKey(asOf: number, blank: string): string {
  return `funnel-buyers|${asOf}|${blank}`;
}

/** The buyers of the orders sheet (null without a customer column); `blank` names a blank channel. */
export function funnelBuyers(ord: Dataset, asOf: number, blank: string): FunnelBuyers | null {
  const id = columnByRole(ord, 'customer_id');
  if (!id) return null;
  const ids = labels(ord, id, '');
  const dc = columnByRole(ord, 'date');
  const dates = dc ? numbers(ord, dc, []) : null;
  const am = columnByRole(ord, 'amount');
  const amounts = am ? numbers(ord, am, []) : null;
  const st = columnByRole(ord, 'status');
  const sts = st ? labels(ord, st, '') : null;
  const ch = columnByRole(ord, 'channel');
  const chs = ch ? labels(ord, ch, blank) : null;
  const oid = columnByRole(ord, 'order_id');
  const oids = oid ? labels(ord, oid, '') : null;
  const classify = statusClassOf(ord);
  const buyers = new Map<string, Buyer>();
  let value = 0;
  let valueN = 0;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === '') continue;
    if (dates && dates[i] > asOf) continue;
    if (amounts && !(amounts[i] > 0)) continue;
    if (sts) {
      const c = classify(sts[i]);
      if (c !== null && NOT_COUNTED.has(c)) continue;
    }
    let e = buyers.get(ids[i]);
    if (!e) {
      e = { n: 0, first: Infinity, ch: null, ids: oids ? new Set() : null };
      buyers.set(ids[i], e);
    }
    if (amounts) value += amounts[i];
    if (e.ids && oids) {
      if (e.ids.has(oids[i])) continue; // order lines of one order count once
      e.ids.add(oids[i]);
    }
    e.n++;
    valueN++;
    const d = dates ? dates[i] : i;
    if (d < e.first) {
      e.first = d;
      e.ch = chs ? chs[i] : null;
    }
  }
  const all = [...buyers.values()];
  return {
    ids: [...buyers.keys()],
    orders: all.map((e) => e.n),
    channel: all.map((e) => e.ch),
    value: amounts ? value : null,
    valueN,
  };
}

/**
 * Orders: customers with at least one and at least two valid orders (not cancelled or refunded, amount
 * above zero), each by the channel of their acquisition, else (no customers sheet) of their first order.
 */
function countOrders(
  ord: Dataset,
  f: FunnelCounts,
  acqOf: Map<string, string>,
  signedUp: Set<string> | null,
  asOf: number,
  blank: string,
  memo: RunMemo | undefined,
): void {
  const b = memoized(memo, ord, funnelBuyersKey(asOf, blank), () => funnelBuyers(ord, asOf, blank));
  if (!b) return;
  if (signedUp) {
    let outside = 0;
    for (const cid of b.ids) if (!signedUp.has(cid)) outside++;
    f.buyersOutside = outside;
  }
  for (let k = 0; k < b.ids.length; k++) {
    const chName = acqOf.get(b.ids[k]) ?? (acqOf.size === 0 ? b.channel[k] : null);
    f.total.first_purchase++;
    if (chName !== null) bump(f.byChannel, chName, 'first_purchase', 1);
    if (b.orders[k] >= 2) {
      f.total.repurchase++;
      if (chName !== null) bump(f.byChannel, chName, 'repurchase', 1);
    }
  }
  f.present.add('first_purchase');
  f.present.add('repurchase');
  f.sheetOf.first_purchase = ord.sheet;
  f.sheetOf.repurchase = ord.sheet;
  f.sources.push(ord.sheet);
  f.orderValue = b.value !== null && b.valueN > 0 ? { total: b.value, orders: b.valueN } : null;
}

/**
 * Count every stage the inputs measure; number diagnostics of the campaigns sheet go to `diagnostics`. With
 * `currency` (the report currency), the campaigns' reported revenue is converted line by line (fx.ts).
 */
export function countFunnel(
  inputs: AnalysisInputs,
  asOf: number,
  lang: Lang,
  diagnostics: Diagnostic[],
  currency?: string,
  memo?: RunMemo,
): FunnelCounts {
  const blank = BLANK[lang];
  const f: FunnelCounts = {
    total: zero(),
    byChannel: { display: new Map(), counts: new Map() },
    byCampaign: { display: new Map(), counts: new Map() },
    present: new Set<Stage>(),
    sources: [],
    orderValue: null,
    campaignRevenue: null,
    sheetOf: {},
    buyersOutside: null,
  };
  const { campaigns, touchpoints, customers, orders } = inputs;
  if (campaigns && campaigns.table.numRows() > 0) {
    // Reported revenue in the report currency: a Currency column's lines converted with the FX sheet.
    const convert: LineConverter =
      currency === undefined
        ? (_col, amounts) => amounts
        : lineConverter(campaigns, inputs.fx_rates, currency, diagnostics);
    countCampaigns(campaigns, f, asOf, blank, diagnostics, convert);
  }
  if (touchpoints && touchpoints.table.numRows() > 0) countVisits(touchpoints, f, blank);
  const signed =
    customers && customers.table.numRows() > 0
      ? countSignups(customers, f, asOf, blank)
      : { acqOf: new Map<string, string>(), ids: null };
  if (orders && orders.table.numRows() > 0) countOrders(orders, f, signed.acqOf, signed.ids, asOf, blank, memo);
  return f;
}
