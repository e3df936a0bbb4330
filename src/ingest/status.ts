/**
 * Order, payment and deal statuses in English and Chinese, and what each means for revenue (StatusClass).
 * A recognised export format declares its own statuses (src/ingest/formats/); this vocabulary covers the rest.
 * Matching is on the whole value (`Closed Won` is won, `closed` is cancelled), never on a word inside it: a
 * status that merely contains "refund" is not therefore a full refund.
 */
import type { Dataset, StatusClass } from './types.js';
import { columnValues } from './column-values.js';

/** The key a status is looked up by: lower-case, `_` and `-` as spaces, spaces collapsed, Chinese punctuation kept. */
export function statusKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[_\-\s]+/g, ' ');
}

const GENERAL: Record<StatusClass, readonly string[]> = {
  paid: [
    'paid',
    'completed',
    'complete',
    'succeeded',
    'success',
    'successful',
    'fulfilled',
    'delivered',
    'shipped',
    'settled',
    'captured',
    'processing',
    '已付款',
    '已支付',
    '支付成功',
    '付款成功',
    '交易成功',
    '已完成',
    '完成',
    '已发货',
    '已签收',
    '待发货',
    '已收货',
  ],
  refunded: [
    'refunded',
    'fully refunded',
    'returned',
    'chargeback',
    'charged back',
    '已退款',
    '退款',
    '退款成功',
    '全额退款',
    '已退货',
    '退货退款',
  ],
  partially_refunded: ['partially refunded', 'partial refund', 'partially returned', '部分退款', '部分退货'],
  cancelled: [
    'cancelled',
    'canceled',
    'void',
    'voided',
    'failed',
    'declined',
    'closed',
    'expired',
    'rejected',
    'abandoned',
    '已取消',
    '取消',
    '交易关闭',
    '已关闭',
    '关闭',
    '失败',
    '支付失败',
    '已作废',
    '作废',
  ],
  open: [
    'pending',
    'open',
    'on hold',
    'awaiting payment',
    'pending payment',
    'unpaid',
    'authorized',
    'draft',
    'new',
    '待付款',
    '等待付款',
    '等待买家付款',
    '待支付',
    '未付款',
    '处理中',
    '待审核',
    '待确认',
  ],
  won: ['won', 'closed won', 'closedwon', 'win', '赢单', '已成交'],
  lost: ['lost', 'closed lost', 'closedlost', 'loss', '输单', '丢单', '已流失'],
};

const LOOKUP = new Map<string, StatusClass>();
for (const [cls, words] of Object.entries(GENERAL) as [StatusClass, readonly string[]][])
  for (const w of words) LOOKUP.set(statusKey(w), cls);

/** What a status means by the general vocabulary, or null when it is not known. */
export function classifyStatus(value: string): StatusClass | null {
  return LOOKUP.get(statusKey(value)) ?? null;
}

/**
 * The status classifier of a dataset: the user's own meanings (a recipe's `statuses`) first, then its recognised
 * format's statuses, then the general vocabulary.
 * @example statusClassOf(shopifyOrders)('partially_refunded') // → 'partially_refunded'
 */
export function statusClassOf(ds: Pick<Dataset, 'format' | 'statusOverrides'>): (value: unknown) => StatusClass | null {
  const own: Record<string, StatusClass> = { ...ds.format?.statusClasses, ...ds.statusOverrides };
  const cache = new Map<string, StatusClass | null>();
  return (value) => {
    if (typeof value !== 'string' || value.trim() === '') return null;
    let c = cache.get(value);
    if (c === undefined) {
      const key = statusKey(value);
      c = own[key] ?? classifyStatus(value);
      cache.set(value, c);
    }
    return c;
  };
}

export interface StatusSummary {
  /** Per class: rows and the sum of the amount column over them (0 when there is no amount column). */
  classes: Partial<Record<StatusClass, { rows: number; amount: number }>>;
  /** Status values no rule knows, with their row counts. */
  unknown: { value: string; rows: number }[];
}

/**
 * Rows and money per status class over the dataset's `status` column and its `amount` column, for the
 * "what was counted and what was left out" lines the CLI and the pane show.
 */
export function summariseStatuses(ds: Dataset): StatusSummary | null {
  const st = ds.columns.find((c) => c.role === 'status');
  if (!st) return null;
  const amt = ds.columns.find((c) => c.role === 'amount');
  const classify = statusClassOf(ds);
  const values = columnValues(ds, st.name);
  const amounts = amt ? columnValues(ds, amt.name) : null;
  const out: StatusSummary = { classes: {}, unknown: [] };
  const unknown = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') continue;
    const c = classify(v);
    if (c === null) {
      unknown.set(v, (unknown.get(v) ?? 0) + 1);
      continue;
    }
    const e = (out.classes[c] ??= { rows: 0, amount: 0 });
    e.rows++;
    const a = amounts?.[i];
    if (typeof a === 'number') e.amount += a;
  }
  for (const [value, rows] of unknown) out.unknown.push({ value, rows });
  for (const e of Object.values(out.classes)) e.amount = Math.round(e.amount * 100) / 100;
  return out;
}

/** One status value of a dataset, each order counted once. */
export interface StatusBreakdown {
  /** The status exactly as the sheet writes it. */
  value: string;
  /** What it means (null: no rule knows it; the analyses count such orders as paid). */
  cls: StatusClass | null;
  /** Orders (distinct order ids; rows when there is no order id column). */
  orders: number;
  /** The amount column summed over those orders, each order's amount once. */
  amount: number;
  /** The refunded-amount column summed over them (0 when there is none). */
  refunded: number;
  /** Index of the first table row of each order, in table order (for row numbers). */
  rows: number[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Orders and money per status value over the dataset's `status` column, as the order analyses read them: an order
 * over several rows (line items, or sub-orders repeating the order total) is one order, counted once with its
 * first amount; its status is the first one it shows. Largest amount first. Null when there is no status column.
 * @example statusBreakdown(taobao)?.find((s) => s.value === '交易关闭') // → { cls: 'cancelled', orders: 5, amount: 1234.5, … }
 */
export function statusBreakdown(ds: Dataset): StatusBreakdown[] | null {
  const col = (role: string) => ds.columns.find((c) => c.role === role);
  const st = col('status');
  if (!st) return null;
  const num = (a: ArrayLike<unknown> | null, i: number): number | null => {
    const v = a?.[i];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const values = columnValues(ds, st.name);
  const amt = col('amount');
  const ref = col('refunded_amount');
  const ord = col('order_id');
  const amounts = amt ? columnValues(ds, amt.name) : null;
  const refunds = ref ? columnValues(ds, ref.name) : null;
  const ids = ord ? columnValues(ds, ord.name) : null;
  const classify = statusClassOf(ds);
  const byValue = new Map<string, StatusBreakdown>();
  // Per order: its status entry and whether its amount was taken already.
  const orders = new Map<string, { e: StatusBreakdown; counted: boolean }>();
  for (let i = 0; i < values.length; i++) {
    const id = ids?.[i];
    const key = typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
    const a = num(amounts, i);
    const seen = key === null ? undefined : orders.get(key);
    if (seen) {
      if (!seen.counted && a !== null) {
        seen.e.amount += a;
        seen.e.refunded += num(refunds, i) ?? 0;
        seen.counted = true;
      }
      continue;
    }
    const v = values[i];
    if (typeof v !== 'string' || v.trim() === '') continue;
    let e = byValue.get(v);
    if (!e) {
      e = { value: v, cls: classify(v), orders: 0, amount: 0, refunded: 0, rows: [] };
      byValue.set(v, e);
    }
    e.orders++;
    e.rows.push(i);
    if (a !== null) {
      e.amount += a;
      e.refunded += num(refunds, i) ?? 0;
    }
    if (key !== null) orders.set(key, { e, counted: a !== null });
  }
  const out = [...byValue.values()];
  for (const e of out) {
    e.amount = round2(e.amount);
    e.refunded = round2(e.refunded);
  }
  return out.sort((x, y) => y.amount - x.amount || y.orders - x.orders);
}
