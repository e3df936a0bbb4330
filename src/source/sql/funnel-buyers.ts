/**
 * The funnel's buyers (src/analysis/marketing/funnel/read.ts `funnelBuyers`), compiled to SQL over every row of the
 * orders table (order-rows.ts: any fate). Definitions are funnelBuyers' own:
 * - a valid row: a customer (trimmed, Dialect.trim, not blank), dated on or before the as-of date or undated, an
 *   amount as written above zero (and finite), a status that is not refunded, cancelled, lost or open;
 * - a buyer's valid orders: their valid rows, the rows of one order id (trimmed; a blank id is one order too)
 *   counted once, at the first in file order; without an order id column every row is an order;
 * - the buyer's channel: that of their earliest dated counted row (ties in file order), the blank label for a row
 *   without one, null when no counted row has a date;
 * - buyers come in order of their first valid row; the value adds every valid row's amount in file order (so the
 *   double equals the in-memory one to the bit: the rows are stored in that order, see Dialect.sequentialSum).
 */
import { need, type Dialect } from './dialect.js';

export interface FunnelBuyersOptions {
  asOf: number;
  /** The label of a blank channel in the run's language. */
  blank: string;
  /** Whether the orders table has an order id column. */
  orderIds: boolean;
}

/** SQL of the valid rows, `rn, id, ts, v, oid, ch`, to be stored in file order. */
export function funnelRowsSql(rows: string, o: FunnelBuyersOptions, d: Dialect): string {
  if (!Number.isFinite(o.asOf)) throw new Error(`funnel SQL: ${o.asOf} is not a date`);
  const oid = o.orderIds ? `coalesce(${need(d, 'trim')('oid')}, '')` : 'CAST(rn AS VARCHAR)';
  return `SELECT rn, id, ts, v, oid, CASE WHEN chan IS NULL OR chan = '' THEN ${d.literal(o.blank)} ELSE chan END AS ch
FROM (SELECT rn, ${need(d, 'trim')('cust')} AS id, ts, written AS v, ${oid} AS oid, ${need(d, 'trim')('ch')} AS chan FROM ${rows}
  WHERE cust IS NOT NULL AND (ts IS NULL OR ts <= ${d.double(d.literal(String(o.asOf)))}) AND written > 0
    AND isFinite(written) AND (cls IS NULL OR cls NOT IN ('refunded', 'cancelled', 'lost', 'open'))) lb_v
WHERE id <> ''
ORDER BY rn`;
}

/**
 * The queries over the stored valid rows: `buyers` (`id, n, ch` in order of the first valid row) and `value`
 * (`value, n`); run with the dialect's `sequential` settings.
 */
export function funnelBuyersSql(stored: string, d: Dialect): { buyers: string; value: string } {
  return {
    buyers: `SELECT id, count(*) FILTER (WHERE k = 1) AS n,
  ${d.firstBy('ch', 'ts, rn', 'k = 1 AND ts IS NOT NULL')} AS ch
FROM (SELECT *, row_number() OVER (PARTITION BY id, oid ORDER BY rn) AS k FROM ${stored}) lb_x
GROUP BY id ORDER BY min(rn)`,
    value: `SELECT ${d.sequentialSum('v')} AS value, count(*) AS n FROM ${stored}`,
  };
}
