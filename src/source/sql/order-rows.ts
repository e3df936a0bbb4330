/**
 * The orders table's rows as the user analyses read them (src/analysis/user/orders.ts `readOrders`), compiled to
 * SQL: each row's fate (kept, left out for its status, dropped for a missing customer, date or amount, or a line
 * item of an order seen before) and, for the rows kept, the customer, the day, the amount counted and whether it is
 * a refund. The rules are readOrders' own, in the same order:
 * 1. a row with an order id and no amount, whose order had a row with an amount before it, is a line item of that
 *    order: dropped without a word;
 * 2. a status meaning cancelled, lost or open, or refunded on the order's own first row with a positive amount (an
 *    order export's refunded order: paid and paid back) leaves the row out;
 * 3. no customer, no date, no amount: dropped (and reported);
 * 4. kept: a refund when its amount is negative or its status means refunded; otherwise the amount less any
 *    refunded amount (a partial refund).
 * Row positions (`rn`, 0-based in file order) order customers by first appearance and ties of equal dates.
 */
import type { StatusClass } from '../../ingest/types.js';
import { need, type Dialect, type SqlType } from './dialect.js';

/** Source columns of the roles readOrders uses, with their engine types. */
export interface OrderColumns {
  customer: { name: string; type: SqlType };
  date: { name: string; type: 'date' | 'timestamp' };
  amount: { name: string };
  orderId?: { name: string; type: SqlType };
  status?: { name: string };
  refundedAmount?: { name: string };
  channel?: { name: string; type: SqlType };
}

export interface OrderRowsSpec {
  /** The relation to read: it has the source columns and `lb_rn`, the 0-based row position. */
  from: string;
  columns: OrderColumns;
  /** Meaning of each status value found in the source (statusClassOf on the dataset), values without one omitted. */
  statuses: readonly (readonly [string, StatusClass])[];
  /**
   * False when no row has an order id with no amount or a refunded status (firstRowsNeededSql found none): then no
   * order has a first row that matters, and the rows are classified in one pass without grouping the orders.
   */
  firstRows?: boolean;
}

/** SQL of `n`, the rows for which orderRowsSql must find their order's first row (OrderRowsSpec.firstRows). */
export function firstRowsNeededSql(spec: Omit<OrderRowsSpec, 'firstRows'>, d: Dialect): string {
  const c = spec.columns;
  const refunded = spec.statuses.filter(([, k]) => k === 'refunded').map(([v]) => d.literal(v));
  const status =
    c.status && refunded.length ? ` OR CAST(${d.ident(c.status.name)} AS VARCHAR) IN (${refunded.join(', ')})` : '';
  return `SELECT count(*) AS n FROM ${spec.from} WHERE ${d.double(d.ident(c.amount.name))} IS NULL${status}`;
}

/**
 * A text cell as ingest reads it: trimmed, and none when blank (a ClickHouse String column writes a missing one as
 * ''). An id of `type` 'number' is written as Loopbook reads it (Dialect.text) and needs neither.
 */
export function textCellSql(expr: string, d: Dialect): string {
  return d.cell ? d.cell(expr) : `nullif(${need(d, 'trim')(expr)}, '')`;
}

/** An id column's cell as ingest reads it: as text (Dialect.text), trimmed and none when blank (textCellSql). */
export function idCellSql(expr: string, type: SqlType, d: Dialect): string {
  return type === 'number' ? d.text(expr, type) : textCellSql(d.text(expr, type), d);
}

export type RowFate = 'kept' | 'line_item' | 'left_out' | 'bad_id' | 'bad_date' | 'bad_amount';

/**
 * SELECT of every source row with its fate: `rn, fate, status, cust, ts, day, amt, written, refund, oid, cls, ch` (amt
 * is the amount counted: net of a partial refund; written: the amount as written; ch: the channel, null when blank).
 */
export function orderRowsSql(spec: OrderRowsSpec, d: Dialect): string {
  const c = spec.columns;
  const col = (name: string) => d.ident(name);
  const id = (k: { name: string; type: SqlType }) => idCellSql(col(k.name), k.type, d);
  const statusCases = spec.statuses.length
    ? `CASE status ${spec.statuses.map(([v, k]) => `WHEN ${d.literal(v)} THEN ${d.literal(k)}`).join(' ')} END`
    : 'CAST(NULL AS VARCHAR)';
  const refundedValues = spec.statuses.filter(([, k]) => k === 'refunded').map(([v]) => d.literal(v));
  const src = [
    'lb_rn AS rn',
    `${id(c.customer)} AS cust`,
    `${d.serial(col(c.date.name), c.date.type)} AS ts`,
    `${d.day(col(c.date.name), c.date.type)} AS day`,
    `${d.double(col(c.amount.name))} AS amt0`,
    c.orderId ? `${id(c.orderId)} AS oid` : 'CAST(NULL AS VARCHAR) AS oid',
    c.status ? `CAST(${col(c.status.name)} AS VARCHAR) AS status` : 'CAST(NULL AS VARCHAR) AS status',
    c.refundedAmount ? `${d.double(col(c.refundedAmount.name))} AS back` : 'CAST(NULL AS DOUBLE) AS back',
    c.channel ? `${d.text(col(c.channel.name), c.channel.type)} AS chan` : 'CAST(NULL AS VARCHAR) AS chan',
  ];
  // The first row with an amount of each order that matters here (a row without an amount, a refunded row): rule
  // 1 and the "own first row" of rule 2. Only those orders are grouped, so an export without them pays nothing.
  const firstRow =
    c.orderId && spec.firstRows !== false
      ? `LEFT JOIN (SELECT oid, min(rn) AS first_rn FROM lb_s WHERE amt0 IS NOT NULL AND oid IS NOT NULL AND oid <> ''
         AND oid IN (SELECT oid FROM lb_s WHERE amt0 IS NULL${refundedValues.length ? ` OR status IN (${refundedValues.join(', ')})` : ''})
         GROUP BY oid) lb_f USING (oid)`
      : '';
  const firstRn = c.orderId && spec.firstRows !== false ? 'lb_f.first_rn' : 'CAST(NULL AS BIGINT)';
  return `WITH lb_s AS (SELECT ${src.join(', ')} FROM ${spec.from}),
lb_c AS (SELECT lb_s.*, ${statusCases} AS cls, ${firstRn} AS first_rn FROM lb_s ${firstRow})
SELECT rn, status, cust, ts, day, oid, amt0 AS written,
  CASE
    WHEN amt0 IS NULL AND oid IS NOT NULL AND first_rn < rn THEN 'line_item'
    WHEN cls IN ('cancelled', 'lost', 'open') OR (cls = 'refunded' AND first_rn = rn AND amt0 > 0) THEN 'left_out'
    WHEN cust IS NULL THEN 'bad_id'
    WHEN day IS NULL THEN 'bad_date'
    WHEN amt0 IS NULL OR NOT isFinite(amt0) THEN 'bad_amount'
    ELSE 'kept'
  END AS fate,
  coalesce(amt0 < 0 OR cls = 'refunded', false) AS refund,
  CASE WHEN NOT coalesce(amt0 < 0 OR cls = 'refunded', false) AND back IS NOT NULL AND isFinite(back) THEN amt0 - back ELSE amt0 END AS amt,
  cls,
  CASE WHEN chan = '' THEN NULL ELSE chan END AS ch
FROM lb_c`;
}
