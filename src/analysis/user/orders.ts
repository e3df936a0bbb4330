/**
 * The orders table of the user analyses, read into columnar arrays (customer codes, dates, amounts,
 * refunds), purchases grouped by customer, and calendar periods of Excel serials.
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import type { AnalysisInputs } from '../registry-types.js';
import { columnByRole, columnValues, diag, isoDate, memoized, num, t, where, type RunMemo } from '../common/index.js';
import { statusClassOf } from '../../ingest/status.js';
import { columnCodes } from '../../ingest/column-values.js';
import { CodedTexts } from '../../ingest/coded-texts.js';

/**
 * Orders read into columns; rows with a missing customer, date or amount are dropped (and reported). Read-only: while
 * no row is dropped, the arrays are the Dataset's own columns (no copy), shared by every analysis of the run.
 */
export interface OrderArrays {
  /** Customer code per kept row (index into `customers`). */
  code: Int32Array;
  customers: string[];
  date: Float64Array;
  amount: Float64Array;
  /** 1 when the row is a full refund (negative amount or a status that means refunded). */
  refund: Uint8Array;
  /** Order id per kept row, when the table has an order_id column. */
  orderId: (string | null)[] | null;
  /**
   * Order id as a dense code per kept row (-1: none), equal ids equal codes, below `orderCodes`: when ingest
   * built the column from dictionary codes (a .csv), so orders are told apart without hashing their ids.
   */
  orderCode?: Int32Array;
  orderCodes?: number;
  /** Channel per kept row, when the table has a channel column. */
  channel: (string | null)[] | null;
  /** Index of the kept row in the source table (for Excel row numbers). */
  source: Int32Array;
  dataset: Dataset;
}

/** Cell value as text (ids and categories). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/**
 * Read the orders table: customer_id, date and amount roles are required; order_id, status and channel are
 * used when present. Returns null (with an error diagnostic) when a required column is missing. With the
 * run's `memo` (CommonOptions.memo), the analyses of one run share one read.
 */
export function readOrders(inputs: AnalysisInputs, diagnostics: Diagnostic[], memo?: RunMemo): OrderArrays | null {
  const ds = inputs.orders;
  if (!ds || !memo) return readOrdersUncached(inputs, diagnostics);
  // One read per run, shared by the run's analyses (datasets are immutable); each gets the read's diagnostics.
  const hit = memo.get(ds, 'orders', () => {
    const own: Diagnostic[] = [];
    return { orders: readOrdersUncached(inputs, own), diagnostics: own };
  });
  diagnostics.push(...hit.diagnostics);
  return hit.orders;
}

// eslint-disable-next-line max-lines-per-function -- one pass over the rows (status, line items, bad cells); splitting it is follow-up work
function readOrdersUncached(inputs: AnalysisInputs, diagnostics: Diagnostic[]): OrderArrays | null {
  const ds = inputs.orders;
  if (!ds) {
    diagnostics.push(
      diag(
        'user.no_orders',
        'error',
        t(
          'No orders table: add a sheet with customer, order date and amount columns.',
          '缺少订单表：请提供包含客户、下单日期和金额列的工作表。',
        ),
      ),
    );
    return null;
  }
  const need: [Role, I18nText][] = [
    ['customer_id', t('customer', '客户')],
    ['date', t('order date', '下单日期')],
    ['amount', t('amount', '金额')],
  ];
  const cols: Partial<Record<Role, ColumnInfo>> = {};
  for (const [role, label] of need) {
    const c = columnByRole(ds, role);
    if (!c) {
      diagnostics.push(
        diag(
          'user.missing_role',
          'error',
          t(
            `The orders table has no ${label.en} column; mark one with the role "${role}".`,
            `订单表缺少${label['zh-CN']}列；请为一列指定角色“${role}”。`,
          ),
          where(ds),
        ),
      );
      return null;
    }
    cols[role] = c;
  }
  const idCol = cols.customer_id!,
    dateCol = cols.date!,
    amtCol = cols.amount!;
  const statusCol = columnByRole(ds, 'status');
  const refundedCol = columnByRole(ds, 'refunded_amount');
  const orderCol = columnByRole(ds, 'order_id');
  const channelCol = columnByRole(ds, 'channel');
  const n = ds.table.numRows();
  // Dictionary codes of the id columns (a .csv read into columns): customers and orders told apart as ints, and
  // their texts not made for every row (a code below 0 is an empty id); the order ids only if an analysis asks.
  const idCodes = columnCodes(ds, idCol.name);
  const oidCodes = orderCol ? columnCodes(ds, orderCol.name) : null;
  const ids = idCodes ? null : columnValues(ds, idCol.name);
  const dates = columnValues(ds, dateCol.name);
  const amts = columnValues(ds, amtCol.name);
  const stats = statusCol ? columnValues(ds, statusCol.name) : null;
  const oids = orderCol && !oidCodes ? columnValues(ds, orderCol.name) : null;
  const refunded = refundedCol ? columnValues(ds, refundedCol.name) : null;
  /** Row j's order id (null: none), from the codes or the values. */
  const oidAt = (j: number): unknown => {
    if (!oidCodes) return oids ? oids[j] : null;
    const c = oidCodes.codes[j];
    return c < 0 ? null : oidCodes.dict[c];
  };
  const custOf = idCodes ? new Int32Array(idCodes.size).fill(-1) : null;
  const classify = statusClassOf(ds);
  const status = statusTally();
  // Line items: an order over several rows may carry its order-level amount on the first row only (Shopify leaves
  // it blank after): such rows are the same order, counted once. Rows of one order that repeat an amount are kept:
  // two lines at the same price are two lines (an export that repeats an order total per line is a format rule).
  // Built only when the first such row is met (most exports have none): then from the rows before it, and kept up.
  let seenOrders: Set<string> | null = null;
  const isBlank = (v: unknown): boolean => v === null || v === undefined || v === '';
  const hasAmount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  const ordersBefore = (end: number): Set<string> => {
    const set = new Set<string>();
    for (let j = 0; j < end; j++) if (!isBlank(oidAt(j)) && hasAmount(amts[j])) set.add(text(oidAt(j)));
    return set;
  };

  const codeOf = new Map<string, number>();
  const customers: string[] = [];
  const code = new Int32Array(n),
    refund = new Uint8Array(n);
  // Source rows of the kept rows: made when a row is read by the pass below (the rows before it are rows 0, 1 …),
  // else (every row read by plainOrders, each kept as it is) on first read: rows 0 … n − 1, which only a text read
  // of a table with rows left out needs (keptTexts); 4 MB and a pass less on 1,000,000 orders (issue 13).
  let source: Int32Array | null = null;
  // Dates and amounts that are the Dataset's own Float64Arrays are not copied while every row is kept (the usual
  // case: 16 MB less on 1,000,000 orders); the first row left out starts a copy of the rows kept before it.
  const datesOwn = dates instanceof Float64Array ? dates : null;
  const amountsOwn = !refunded && amts instanceof Float64Array ? amts : null;
  let date: Float64Array | null = datesOwn ? null : new Float64Array(n),
    amount: Float64Array | null = amountsOwn ? null : new Float64Array(n);
  // Sized for every row and cut to the rows kept at the end: a million pushes onto growing arrays cost a fifth of
  // this pass (issue 13, profiled by line). The order id and channel texts are taken after the pass (keptTexts).
  // The order codes likewise: ingest's own codes while every row is kept.
  let orderCode: Int32Array | null = null;
  const bad: Record<'id' | 'date' | 'amount', number[]> = { id: [], date: [], amount: [] };
  // Customer codes, no status and no refunded column, dates and amounts with no gap (a .csv of orders): the rows up
  // to the first one the pass below would leave out or look at twice are read by a small loop (`plainOrders`).
  // Rows per customer as plainOrders codes them (at rows[c + 1], as groupStarts counts them): kept for the grouping
  // when it read every row.
  const perCustomer = idCodes && custOf ? new Int32Array(idCodes.size + 1) : null;
  const start =
    idCodes && custOf && perCustomer && !stats && !refunded && datesOwn && amountsOwn
      ? plainOrders(
          idCodes.codes,
          datesOwn,
          amountsOwn,
          custOf,
          customers,
          () => idCodes.dict,
          code,
          refund,
          perCustomer,
        )
      : 0;
  let k = start;
  for (let i = start; i < n; i++) {
    const dv = dates[i];
    const av = amts[i];
    // An order id is blank when its code is below 0; its text is read only where it is needed.
    const ov = oidCodes ? (oidCodes.codes[i] < 0 ? null : i) : oids ? oids[i] : null;
    // Whether a refunded row is its order's first (see below): only then is the order set needed for it.
    let firstOfOrder = false;
    if (!isBlank(ov)) {
      if (isBlank(av)) {
        seenOrders ??= ordersBefore(i);
        if (seenOrders.has(text(oidAt(i)))) continue;
      } else if (hasAmount(av)) {
        if (stats && classify(stats[i]) === 'refunded') {
          seenOrders ??= ordersBefore(i);
          firstOfOrder = !seenOrders.has(text(oidAt(i)));
        }
        if (seenOrders) seenOrders.add(text(oidAt(i)));
      }
    }
    const st = stats ? stats[i] : null;
    const cls = classify(st);
    // An order export gives each order once with its state: a refunded order there (its own first row, amount as
    // charged) was paid and paid back, so it counts nothing. Only a refund line of an order seen before, or one
    // in a table without order ids, or a negative amount, is a refund to subtract.
    const refundedOrder = cls === 'refunded' && firstOfOrder && typeof av === 'number' && av > 0;
    if (cls === 'cancelled' || cls === 'lost' || cls === 'open' || refundedOrder) {
      status.leftOut(text(st), typeof av === 'number' && Number.isFinite(av) ? av : 0, i);
      continue;
    }
    if (idCodes ? idCodes.codes[i] < 0 : isBlank(ids![i])) {
      bad.id.push(i);
      continue;
    }
    if (typeof dv !== 'number' || !Number.isFinite(dv)) {
      bad.date.push(i);
      continue;
    }
    if (typeof av !== 'number' || !Number.isFinite(av)) {
      bad.amount.push(i);
      continue;
    }
    if (cls === null && typeof st === 'string' && st.trim() !== '') status.unknown(st);
    let c: number | undefined;
    if (custOf && idCodes) {
      // Customers in order of first appearance, as the Map below numbers them.
      const dc = idCodes.codes[i];
      c = custOf[dc];
      if (c < 0) {
        c = custOf[dc] = customers.length;
        customers.push(idCodes.dict[dc]);
      }
    } else {
      const key = text(ids![i]);
      c = codeOf.get(key);
      if (c === undefined) {
        c = customers.length;
        codeOf.set(key, c);
        customers.push(key);
      }
    }
    const isRefund = av < 0 || cls === 'refunded';
    // A partial refund (Stripe keeps it `Paid` with Amount Refunded > 0) counts what was kept.
    const back = !isRefund && refunded ? refunded[i] : null;
    code[k] = c;
    source ??= rowsUpTo(start, n);
    if (k !== i) {
      // A row was left out: rows 0..k-1 were rows 0..k-1 of the columns.
      date ??= prefixCopy(datesOwn!, k, n);
      amount ??= prefixCopy(amountsOwn!, k, n);
      if (oidCodes) orderCode ??= prefixCopy(oidCodes.codes, k, n);
    }
    if (date) date[k] = dv;
    if (amount) amount[k] = typeof back === 'number' && Number.isFinite(back) ? av - back : av;
    source[k] = i;
    refund[k] = isRefund ? 1 : 0;
    if (orderCode && oidCodes) orderCode[k] = oidCodes.codes[i];
    k++;
  }
  const report = (rows: number[], col: ColumnInfo, what: I18nText): void => {
    if (rows.length === 0) return;
    diagnostics.push(
      diag(
        'user.rows_skipped',
        'warning',
        t(
          `${rows.length} order rows have no usable ${what.en} and were left out.`,
          `${rows.length} 行订单的${what['zh-CN']}无效，已排除。`,
        ),
        where(ds, col, rows),
      ),
    );
  };
  report(bad.id, idCol, t('customer', '客户'));
  report(bad.date, dateCol, t('date', '日期'));
  report(bad.amount, amtCol, t('amount', '金额'));
  if (statusCol) status.report(diagnostics, ds, statusCol, amtCol);
  // Every row kept (the usual case): the arrays filled are the arrays returned, not copied.
  const cut = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => (k === n ? a : (a.slice(0, k) as T));
  const made = source;
  let kept_: Int32Array | null = made ? cut(made) : null;
  const sourceOf = (): Int32Array => (kept_ ??= rowsUpTo(n, n));
  const out = {
    code: cut(code),
    customers,
    date: date ? cut(date) : kept(datesOwn!, k, n),
    amount: amount ? cut(amount) : kept(amountsOwn!, k, n),
    refund: cut(refund),
    ...(oidCodes
      ? {
          orderCode: orderCode ? cut(orderCode) : kept(oidCodes.codes, k, n),
          orderCodes: oidCodes.size,
        }
      : {}),
    dataset: ds,
  } as OrderArrays;
  Object.defineProperty(out, 'source', { enumerable: true, get: sourceOf });
  // The order id and channel texts when first read (most analyses of a .csv tell orders apart by code): a million
  // order ids are a million strings (issue 13).
  if (perCustomer && start === n) rowsPerCustomer.set(out, perCustomer);
  lazyTexts(out, 'orderId', () => (orderCol ? textsAt(ds, orderCol.name, sourceOf(), k, n, false) : null));
  lazyTexts(out, 'channel', () => (channelCol ? textsAt(ds, channelCol.name, sourceOf(), k, n, true) : null));
  return out;
}

/**
 * `readOrdersUncached`'s pass over rows 0, 1 … while each is kept as it is: a customer code (`dict` its texts), a
 * finite date and amount, no status (so no row is left out or an order looked up). Fills `code` and `refund` (a
 * negative amount) as that pass does (their source rows are their own: 0, 1 …), numbering customers in order of first appearance, and returns the
 * first row it did not read (`n` when it read all). Counts each customer's rows into `rows[c + 1]` (what
 * `groupStarts` would count, read there when this pass read every row: one pass over the codes less). A small function, so the engine optimises it at once (issue 13:
 * the whole pass, cold, cost 80 ms on 1,000,000 orders).
 */
function plainOrders(
  idCodes: Int32Array,
  date: Float64Array,
  amount: Float64Array,
  custOf: Int32Array,
  customers: string[],
  dict: () => readonly string[],
  code: Int32Array,
  refund: Uint8Array,
  rows: Int32Array,
): number {
  const n = code.length;
  let i = 0;
  for (; i < n; i++) {
    const dc = idCodes[i];
    const av = amount[i];
    if (dc < 0 || !Number.isFinite(date[i]) || !Number.isFinite(av)) break;
    let c = custOf[dc];
    if (c < 0) {
      c = custOf[dc] = customers.length;
      customers.push(dict()[dc]);
    }
    code[i] = c;
    refund[i] = av < 0 ? 1 : 0;
    rows[c + 1]++;
  }
  return i;
}

/**
 * Column `name`'s texts at the kept rows (`keptTexts`). A column kept as codes with every row kept is its values
 * (made once, shared): they are strings or null, never '' (so nothing to check row by row).
 */
function textsAt(
  ds: Dataset,
  name: string,
  source: Int32Array,
  k: number,
  n: number,
  blankIsNull: boolean,
): (string | null)[] {
  const col: unknown = ds.table.isFiltered() || ds.table.isOrdered() ? null : ds.table.column(name);
  if (k === n && col instanceof CodedTexts) return col.toArray();
  return keptTexts(columnValues(ds, name), source, k, n, blankIsNull);
}

/** Defines `o[key]` as the texts `make` gives, made on first read and kept (read-only, as every column here). */
function lazyTexts(o: OrderArrays, key: 'orderId' | 'channel', make: () => (string | null)[] | null): void {
  let value: (string | null)[] | null | undefined;
  Object.defineProperty(o, key, { enumerable: true, get: () => (value === undefined ? (value = make()) : value) });
}

/** A column of `n` source rows whose first `k` are rows 0 … k − 1 (the rest filled by the caller). */
function rowsUpTo(k: number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < k; i++) out[i] = i;
  return out;
}

/** A new column of `n` holding the first `k` values of `col`. */
function prefixCopy<T extends Float64Array | Int32Array>(col: T, k: number, n: number): T {
  const out = new (col.constructor as new (n: number) => T)(n);
  out.set(col.subarray(0, k));
  return out;
}

/** The first `k` of the `n` values of `col` (rows kept in order from the start): `col` itself when all are. */
function kept<T extends Float64Array | Int32Array>(col: T, k: number, n: number): T {
  return k === n ? col : (col.slice(0, k) as T);
}

/**
 * A text column at the kept rows (`source[0, k)`, of `n` rows): a non-text value as text, undefined (and '' when
 * `blankIsNull`) as null. When every row was kept and every value already is what it would become (a string, or
 * null; ingest's text columns), the column's own array, read-only (as the Dataset's): no copy of a million
 * pointers and no second array for the collector to trace (issue 13: a fifth of this read on 1,000,000 orders).
 */
function keptTexts(
  col: ArrayLike<unknown>,
  source: Int32Array,
  k: number,
  n: number,
  blankIsNull: boolean,
): (string | null)[] {
  if (k === n && Array.isArray(col)) {
    let same = true;
    for (let i = 0; i < n; i++) {
      const v: unknown = col[i];
      if (v === null || (typeof v === 'string' && !(blankIsNull && v === ''))) continue;
      same = false;
      break;
    }
    if (same) return col as (string | null)[];
  }
  const out = new Array<string | null>(k);
  for (let r = 0; r < k; r++) {
    const v = col[source[r]];
    out[r] = v === null || v === undefined || (blankIsNull && v === '') ? null : typeof v === 'string' ? v : text(v);
  }
  return out;
}

/** Status values left out (cancelled, lost, open) and values no rule knows, for the info diagnostics. */
function statusTally() {
  const out = new Map<string, { rows: number[]; amount: number }>();
  const unknown = new Map<string, number>();
  const fmt = (x: number, cur: string | undefined): string => {
    const num = x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (!cur) return num;
    return /^[A-Z]{3}$/.test(cur) ? `${num} ${cur}` : `${cur}${num}`;
  };
  return {
    leftOut(value: string, amount: number, row: number): void {
      const e = out.get(value) ?? { rows: [], amount: 0 };
      e.rows.push(row);
      e.amount += amount;
      out.set(value, e);
    },
    unknown(value: string): void {
      unknown.set(value, (unknown.get(value) ?? 0) + 1);
    },
    report(diagnostics: Diagnostic[], ds: Dataset, statusCol: ColumnInfo, amtCol: ColumnInfo): void {
      for (const [value, e] of out) {
        const a = fmt(Math.round(e.amount * 100) / 100, amtCol.currency);
        diagnostics.push(
          diag(
            'user.status_left_out',
            'info',
            t(
              `${num(e.rows.length, 'en', 0)} orders ${value} not counted, ${a}.`,
              `${num(e.rows.length, 'zh-CN', 0)} 笔“${value}”订单未计入，金额 ${a}。`,
            ),
            where(ds, statusCol, e.rows),
          ),
        );
      }
      if (unknown.size === 0) return;
      const list = [...unknown].map(([v, r]) => `${v} (${r})`).join(', ');
      const rows = [...unknown.values()].reduce((a, b) => a + b, 0);
      diagnostics.push(
        diag(
          'user.status_unknown',
          'info',
          t(
            `${rows} orders have a status Loopbook does not know and were counted as paid: ${list}.`,
            `${rows} 笔订单的状态无法识别，已按已付款计入：${list}。`,
          ),
          where(ds, statusCol),
        ),
      );
    },
  };
}

/**
 * Customer id → code (index into `o.customers`), made once per run with `memo` and shared by the analyses that look
 * customers up by id (histories, predicted value, before/after, segment response): on 1,000,000 customers each
 * made its own (about 1 s apiece in the profile of the 10M-order run). Keyed by the customers array, not the orders read: under a database source the read
 * is sealed (its rows stay in the database), while its customer list is here. Read-only.
 */
export function customerIndex(o: Pick<OrderArrays, 'customers'>, memo?: RunMemo): ReadonlyMap<string, number> {
  return memoized(memo, o.customers, 'customer-index', () => {
    const index = new Map<string, number>();
    const ids = o.customers;
    for (let c = 0; c < ids.length; c++) index.set(ids[c], c);
    return index;
  });
}

/** Groupings made, per orders read: every analysis of a run reads the same one (orders reads are immutable). */
const groupings = new WeakMap<OrderArrays, { start: Int32Array; idx: Int32Array }>();

/**
 * Row indexes grouped by customer code (counting sort, O(n)); group c is idx[start[c] .. start[c + 1]), rows in
 * table order. Made once per orders read and shared (the summaries, cohorts, histories): read-only.
 */
export function groupByCustomer(o: OrderArrays): { start: Int32Array; idx: Int32Array } {
  let g = groupings.get(o);
  if (!g) groupings.set(o, (g = countingSort(o)));
  return g;
}

/**
 * The purchase columns in `groupByCustomer`'s order: `date[j]`, `amount[j]`, `refund[j]` and `orderCode[j]` are
 * row `idx[j]`'s, so a pass over the customers reads them in sequence. Read per row through `idx`, the columns of
 * 1,000,000 orders (22 MB) cost a cache miss each a row, the most of the customer summaries' and cohorts' time
 * (issue 13); gathered once here (one pass with every address known ahead) and shared, they are read in order.
 */
export interface GroupedOrders {
  start: Int32Array;
  idx: Int32Array;
  date: Float64Array;
  amount: Float64Array;
  refund: Uint8Array;
  /** Null when the orders read has no order codes (`OrderArrays.orderCode`). */
  orderCode: Int32Array | null;
}

const groupedColumns = new WeakMap<OrderArrays, GroupedOrders>();

/** Groupings whose order codes are known to be all different (no order has two rows): see distinctOrders. */
const distinctCodes = new WeakSet<GroupedOrders>();

/**
 * True when no two rows of `g` share an order code (`orderCode` not null; rows without an order id, code −1, are
 * orders of their own): then every row is an order of its own, and a pass need not tell orders apart. Known when
 * the codes rise row by row (a .csv reader numbers ids in order of first appearance), found while grouping; false
 * when not known, so a caller falls back to telling orders apart.
 */
export function distinctOrders(g: GroupedOrders): boolean {
  return distinctCodes.has(g);
}

/**
 * Takes `g`, grouped elsewhere (another thread's `groupedOrders` of the same rows, `distinct`: its `distinctOrders`),
 * as the grouping of `o`: the columns a customer summary reads are then not grouped again.
 */
export function adoptGroupedOrders(o: OrderArrays, g: GroupedOrders, distinct: boolean): void {
  groupings.set(o, { start: g.start, idx: g.idx });
  groupedColumns.set(o, g);
  if (distinct) distinctCodes.add(g);
}

/** `groupByCustomer` with the purchase columns in its order (`GroupedOrders`); made once per orders read, read-only. */
export function groupedOrders(o: OrderArrays): GroupedOrders {
  let g = groupedColumns.get(o);
  if (!g) {
    // Not grouped yet (the usual case: the run's first analysis reading orders asks for the columns): grouped and
    // gathered in one pass (scatterByCustomer).
    if (!groupings.has(o)) {
      g = scatterByCustomer(o);
      groupings.set(o, { start: g.start, idx: g.idx });
      groupedColumns.set(o, g);
      return g;
    }
    const { start, idx } = groupByCustomer(o);
    const n = idx.length;
    const date = new Float64Array(n),
      amount = new Float64Array(n),
      refund = new Uint8Array(n);
    const oc = o.orderCode ?? null;
    const orderCode = oc ? new Int32Array(n) : null;
    const { date: d, amount: a, refund: r } = o;
    for (let j = 0; j < n; j++) {
      const i = idx[j];
      date[j] = d[i];
      amount[j] = a[i];
      refund[j] = r[i];
    }
    if (oc && orderCode) for (let j = 0; j < n; j++) orderCode[j] = oc[idx[j]];
    groupedColumns.set(o, (g = { start, idx, date, amount, refund, orderCode }));
  }
  return g;
}

/** Group starts by customer code: group c is positions start[c] .. start[c + 1]) (counts, then their running sums). */
function groupStarts(o: OrderArrays): Int32Array {
  const nCust = o.customers.length,
    n = o.code.length;
  const counted = rowsPerCustomer.get(o);
  const start = counted ? counted.slice(0, nCust + 1) : new Int32Array(nCust + 1);
  if (!counted) for (let i = 0; i < n; i++) start[o.code[i] + 1]++;
  for (let c = 0; c < nCust; c++) start[c + 1] += start[c];
  return start;
}

/** Rows per customer code of an orders read (at [c + 1]), when `plainOrders` counted them while reading every row. */
const rowsPerCustomer = new WeakMap<OrderArrays, Int32Array>();

function countingSort(o: OrderArrays): { start: Int32Array; idx: Int32Array } {
  const n = o.code.length;
  const start = groupStarts(o);
  const pos = start.slice(0, o.customers.length);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[pos[o.code[i]]++] = i;
  return { start, idx };
}

/**
 * Memory of `bytes` that a worker thread can be handed without a copy (src/cli/aside.ts hands the grouped columns to
 * the thread that builds cohorts and summarises for CLV: copied, the 1M-order benchmark's peak grew by 29 MB):
 * shared memory where there is (Node; a browser only when cross-origin isolated), else an ArrayBuffer.
 */
function shareable(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/**
 * `countingSort` and the gather of `groupedOrders` in one pass: each row, read in order, is written to its place in
 * every column. Reading the rows through `idx` afterwards missed the cache once a row per column (issue 13: 38 ms
 * on 1,000,000 orders); writes to scattered places do not hold the pass up the way reads do.
 */
function scatterByCustomer(o: OrderArrays): GroupedOrders {
  const n = o.code.length;
  const start = groupStarts(o);
  const pos = start.slice(0, o.customers.length);
  const idx = new Int32Array(shareable(4 * n)),
    date = new Float64Array(shareable(8 * n)),
    amount = new Float64Array(shareable(8 * n)),
    refund = new Uint8Array(shareable(n));
  const { code, date: d, amount: a, refund: r } = o;
  const oc = o.orderCode ?? null;
  // Order codes b, b + 1 … row by row (each row an order of its own, its id first seen there: the usual order export
  // read from a .csv, b = 1 after the header's text): the grouped codes are the grouped rows plus b, written in
  // sequence when first read (found by a pass that stops at the first other code), instead of a 4 MB column written
  // a row at a time to scattered places, a cache miss a row (issue 13).
  const base = oc && oc.length > 0 && oc[0] >= 0 && rowNumbers(oc, oc[0]) ? oc[0] : -1;
  let orderCode: Int32Array | null = oc && base < 0 ? new Int32Array(shareable(4 * n)) : null;
  // Whether the order codes (−1: none) rise row by row, found in the same pass (a pass of its own before): a .csv
  // reader's dictionary numbers ids as they first come, so they do when no id comes twice, and then no two rows share
  // an order (see `distinctOrders`).
  let rise = true,
    last = -1;
  for (let i = 0; i < n; i++) {
    const j = pos[code[i]]++;
    idx[j] = i;
    date[j] = d[i];
    amount[j] = a[i];
    refund[j] = r[i];
    if (orderCode) {
      const k = oc![i];
      orderCode[j] = k;
      if (k >= 0) {
        if (k <= last) rise = false;
        last = k;
      }
    }
  }
  const g: GroupedOrders = { start, idx, date, amount, refund, orderCode };
  if (base >= 0) {
    // Made when first read: the customer summaries, knowing every row an order of its own, do not read them.
    Object.defineProperty(g, 'orderCode', {
      enumerable: true,
      get: () => (orderCode ??= rowsPlus(idx, base)),
    });
  }
  if (oc && rise) distinctCodes.add(g);
  return g;
}

/** Whether `codes[i] === base + i` for every row `i`. */
function rowNumbers(codes: Int32Array, base: number): boolean {
  for (let i = 0; i < codes.length; i++) if (codes[i] !== base + i) return false;
  return true;
}

/** `idx[j] + base` for every j (`idx` itself for base 0: read-only, as every grouped column). */
function rowsPlus(idx: Int32Array, base: number): Int32Array {
  if (base === 0) return idx;
  const out = new Int32Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = idx[j] + base;
  return out;
}

/** Calendar period of an Excel serial: month index (year·12 + month) or Monday-based week index. */
export function periodOf(serial: number, period: 'month' | 'week'): number {
  const day = Math.floor(serial);
  if (period === 'week') return Math.floor((day - 2) / 7); // serial 2 (1900-01-02) is a Monday
  const d = new Date((day - 25_569) * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Label of a period index: `YYYY-MM` for months, the Monday's `YYYY-MM-DD` for weeks. */
export function periodLabel(p: number, period: 'month' | 'week'): string {
  if (period === 'week') return isoDate(p * 7 + 2);
  const y = Math.floor(p / 12),
    m = p - y * 12 + 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** Excel serial of the first day of a period index. */
export function periodStart(p: number, period: 'month' | 'week'): number {
  if (period === 'week') return p * 7 + 2;
  const y = Math.floor(p / 12),
    m = p - y * 12;
  return Date.UTC(y, m, 1) / 86_400_000 + 25_569;
}

/**
 * `Float64Array.from(v).sort()` (ascending), by counting when every value is a whole number and their range is at
 * most a few times their count (days, day counts, orders): O(n + range) instead of a comparison sort, which cold cost
 * about 16 ms per 100,000 values on the 1,000,000-order benchmark (issue 13). Other values: the plain sort. The one
 * difference: a −0 comes out as 0 (equal as numbers).
 */
export function sortedNumbers(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (!Number.isInteger(x)) return Float64Array.from(v).sort();
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (n === 0 || hi - lo > 4 * n + 1024) return Float64Array.from(v).sort();
  const counts = new Int32Array(hi - lo + 1);
  for (let i = 0; i < n; i++) counts[v[i] - lo]++;
  const out = new Float64Array(n);
  let k = 0;
  for (let b = 0; b < counts.length; b++) {
    const end = k + counts[b];
    if (end > k) out.fill(b + lo, k, end);
    k = end;
  }
  return out;
}
