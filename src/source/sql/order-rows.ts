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

/**
 * A number column of the source: read as the engine types it (a number column), or, for a text column ingest reads
 * as numbers (`¥1,234.00`, `1.234,56`), through `map`: a table `(lb_t, lb_x)` of each distinct text and the number
 * ingest reads of it (text-cells.ts), a text it cannot read absent (no number, as ingest's null).
 */
export interface NumberColumn {
  name: string;
  map?: string;
}

/** The date column: a date or timestamp column, or a text column read through `map` (text → Excel serial). */
export type DateColumn = { name: string; type: 'date' | 'timestamp' } | { name: string; map: string };

/**
 * The amount: a column, or ingest's derived one (ingest-grid.ts `deriveAmount`): quantity × unit price, rounded to
 * 1e-9 as it rounds it, none where either is none.
 */
export type AmountColumns = NumberColumn | { quantity: NumberColumn; unitPrice: NumberColumn };

/** Source columns of the roles readOrders uses, with their engine types. */
export interface OrderColumns {
  customer: { name: string; type: SqlType };
  date: DateColumn;
  amount: AmountColumns;
  orderId?: { name: string; type: SqlType };
  status?: { name: string };
  refundedAmount?: NumberColumn;
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
  /**
   * The amount is an order-level amount a known export repeats on every line of the order (order-level.ts
   * `countOncePerOrder`): each order keeps it on its first row and its copies on the order's other rows are none,
   * unless some order's rows disagree (more than half a cent), when the column is left as it is.
   */
  orderLevel?: boolean;
}

/** SQL of `n`, the rows for which orderRowsSql must find their order's first row (OrderRowsSpec.firstRows). */
export function firstRowsNeededSql(spec: Omit<OrderRowsSpec, 'firstRows'>, d: Dialect): string {
  const refunded = spec.statuses.filter(([, k]) => k === 'refunded').map(([v]) => d.literal(v));
  const status = spec.columns.status && refunded.length ? ` OR status IN (${refunded.join(', ')})` : '';
  return `WITH ${sourceRowsSql(spec, d)}
SELECT count(*) AS n FROM lb_s WHERE amt0 IS NULL${status}`;
}

/** Ingest's rounding of a product (ingest-grid.ts `multiply`): `Math.round(x × 1e9) / 1e9`, half-way up as in JS. */
function round9(x: string): string {
  const v = `(${x} * CAST(1000000000 AS DOUBLE))`;
  // Math.round: the nearest integer, halves toward +∞ (SQL's round takes them away from zero). v - floor(v) is exact.
  return `((floor(${v}) + CASE WHEN ${v} - floor(${v}) >= 0.5 THEN 1 ELSE 0 END) / CAST(1000000000 AS DOUBLE))`;
}

/**
 * The CTE `lb_s` of the source's rows as readOrders reads them: `rn, cust, ts, day, amt0, oid, status, back, chan`
 * (amt0: the amount as written, none when ingest reads none; back: a refunded amount). Text columns are read through
 * their maps (joined), the amount derived or counted once per order as ingest does.
 */
function sourceRowsSql(spec: Omit<OrderRowsSpec, 'firstRows'>, d: Dialect): string {
  const c = spec.columns;
  const col = (name: string) => `lb_in.${d.ident(name)}`;
  const id = (k: { name: string; type: SqlType }) => idCellSql(col(k.name), k.type, d);
  const joins: string[] = [];
  const num = (k: NumberColumn): string => {
    if (!k.map) return d.double(col(k.name));
    const alias = `lb_m${joins.length}`;
    joins.push(`LEFT JOIN ${k.map} AS ${alias} ON ${alias}.lb_t = ${d.text(col(k.name), 'text')}`);
    return `${alias}.lb_x`;
  };
  const amount =
    'quantity' in c.amount ? round9(`${num(c.amount.quantity)} * ${num(c.amount.unitPrice)}`) : num(c.amount);
  let ts: string, day: string;
  if ('map' in c.date) {
    ts = num(c.date);
    day = `CAST(floor(${ts}) AS BIGINT)`;
  } else {
    ts = d.serial(col(c.date.name), c.date.type);
    day = d.day(col(c.date.name), c.date.type);
  }
  const src = [
    'lb_in.lb_rn AS rn',
    `${id(c.customer)} AS cust`,
    `${ts} AS ts`,
    `${day} AS day`,
    `${amount} AS ${spec.orderLevel ? 'amt_w' : 'amt0'}`,
    c.orderId ? `${id(c.orderId)} AS oid` : 'CAST(NULL AS VARCHAR) AS oid',
    c.status ? `CAST(${col(c.status.name)} AS VARCHAR) AS status` : 'CAST(NULL AS VARCHAR) AS status',
    c.refundedAmount ? `${num(c.refundedAmount)} AS back` : 'CAST(NULL AS DOUBLE) AS back',
    c.channel ? `${d.text(col(c.channel.name), c.channel.type)} AS chan` : 'CAST(NULL AS VARCHAR) AS chan',
  ];
  const rows = `SELECT ${src.join(', ')} FROM ${spec.from} AS lb_in${joins.length ? `\n${joins.join('\n')}` : ''}`;
  if (!spec.orderLevel || !c.orderId) return `lb_s AS (${rows})`;
  // countOncePerOrder: each order's first row (by position) and its amount there; a copy that differs from it by
  // more than half a cent anywhere leaves the column as it is; else the amounts after the first row are none.
  return `lb_w AS (${rows}),
lb_o AS (SELECT oid, min(rn) AS o_rn, ${d.firstBy('amt_w', 'rn')} AS o_amt FROM lb_w WHERE oid IS NOT NULL GROUP BY oid),
lb_x AS (SELECT count(*) AS differ FROM lb_w JOIN lb_o ON lb_w.oid = lb_o.oid
  WHERE lb_w.amt_w IS NOT NULL AND lb_o.o_amt IS NOT NULL AND abs(lb_w.amt_w - lb_o.o_amt) > 0.005),
lb_s AS (SELECT lb_w.rn AS rn, cust, ts, day, lb_w.oid AS oid, status, back, chan,
  CASE WHEN lb_o.o_rn < lb_w.rn AND (SELECT differ FROM lb_x) = 0 THEN CAST(NULL AS DOUBLE) ELSE amt_w END AS amt0
  FROM lb_w LEFT JOIN lb_o ON lb_w.oid = lb_o.oid)`;
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
  const statusCases = spec.statuses.length
    ? `CASE status ${spec.statuses.map(([v, k]) => `WHEN ${d.literal(v)} THEN ${d.literal(k)}`).join(' ')} END`
    : 'CAST(NULL AS VARCHAR)';
  const refundedValues = spec.statuses.filter(([, k]) => k === 'refunded').map(([v]) => d.literal(v));
  // The first row with an amount of each order that matters here (a row without an amount, a refunded row): rule
  // 1 and the "own first row" of rule 2. Only those orders are grouped, so an export without them pays nothing.
  const firstRow =
    c.orderId && spec.firstRows !== false
      ? `LEFT JOIN (SELECT oid, min(rn) AS first_rn FROM lb_s WHERE amt0 IS NOT NULL AND oid IS NOT NULL AND oid <> ''
         AND oid IN (SELECT oid FROM lb_s WHERE amt0 IS NULL${refundedValues.length ? ` OR status IN (${refundedValues.join(', ')})` : ''})
         GROUP BY oid) lb_f USING (oid)`
      : '';
  const firsts = Boolean(c.orderId) && spec.firstRows !== false;
  const firstRn = firsts ? 'lb_f.first_rn' : 'CAST(NULL AS BIGINT)';
  // Without the first rows (first_rn none on every row) rules 1 and 2's "own first row" never hold: their tests are
  // left out, so that a query needing only the fate (the rows by fate and customer) reads no order id.
  const lineItem = firsts ? `\n    WHEN amt0 IS NULL AND oid IS NOT NULL AND first_rn < rn THEN 'line_item'` : '';
  const ownFirst = firsts ? ` OR (cls = 'refunded' AND first_rn = rn AND amt0 > 0)` : '';
  return `WITH ${sourceRowsSql(spec, d)},
lb_c AS (SELECT lb_s.*, ${statusCases} AS cls, ${firstRn} AS first_rn FROM lb_s ${firstRow})
SELECT rn, status, cust, ts, day, oid, amt0 AS written,
  CASE${lineItem}
    WHEN cls IN ('cancelled', 'lost', 'open')${ownFirst} THEN 'left_out'
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
