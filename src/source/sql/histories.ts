/**
 * The loop analyses' purchase histories (src/analysis/loop/common.ts `buildHistories`) reduced to what they read,
 * compiled to SQL over the kept order rows (customer-summary.ts `keptRowsSql`). Definitions are the analyses' own:
 * - a customer's history: their kept rows that are not refunds, in time then file order, a row whose order id
 *   repeats the previous row's left out (the same order line entered twice; '' is no order id, as a ClickHouse String
 *   column writes a missing one and ingest reads a blank cell as none), each on its whole day;
 * - totals before a day (`totalsBefore`): how many lines before it, the first and last day, and the spend;
 * - window totals (`windowTotals`): lines and spend in the days [from, to);
 * - spend is added line by line in history order (so the doubles equal the in-memory ones to the bit: the lines are
 *   stored in that order and summed by one thread, see Dialect.sequentialSum).
 * A campaign's buyers (before-after.ts `campaignBuyers`) are read from every row of the source as written.
 * Only one row per customer (or per campaign) comes back.
 */
import type { Dialect, SqlType } from './dialect.js';
import { idCellSql, textCellSql } from './order-rows.js';

function num(x: number, what: string): string {
  if (!Number.isFinite(x)) throw new Error(`histories SQL: ${what} ${x} is not a number`);
  return String(x);
}

/**
 * SQL of the history rows `code, day, amt, ts, rn` of the kept rows `kept`, in no order; run with the `sequential`
 * settings. DuckDB reads the kept rows in stored order (customer code, time, file position) by one thread, so the row
 * before each, `lag(…) OVER ()`, is the customer's previous row when its code is the same: one streamed scan instead
 * of a window sorting every row by customer (as customer-summary.ts customerSummariesSql). ClickHouse numbers the
 * rows in its window by customer, time and file position.
 */
export function historyRowsSql(kept: string, d: Dialect): string {
  if (d.name === 'duckdb')
    return `SELECT code, day, amt, ts, rn FROM (
  SELECT code, day, amt, ts, rn, oid, lag(code) OVER () AS pc, lag(oid) OVER () AS prev FROM ${kept} WHERE NOT refund) lb_o
WHERE oid IS NULL OR oid = '' OR pc IS DISTINCT FROM code OR prev IS NULL OR oid <> prev`;
  return `SELECT code, day, amt, ts, rn FROM (
  SELECT code, day, amt, ts, rn, oid, ${d.lag('oid', 'PARTITION BY code ORDER BY ts, rn')} AS prev FROM ${kept} WHERE NOT refund) lb_o
WHERE oid IS NULL OR oid = '' OR prev IS NULL OR oid <> prev`;
}

/** SQL of the history lines `code, day, amt`, to be stored in customer, time and file order; run with `sequential`. */
export function historyLinesSql(kept: string, d: Dialect): string {
  // DuckDB: the history rows come out of the scan in the kept rows' stored order, one thread keeping it (no sort).
  if (d.name === 'duckdb') return `SELECT code, day, amt FROM (${historyRowsSql(kept, d)}) lb_hr`;
  return `SELECT code, day, amt FROM (
  SELECT code, day, amt, ts, rn, oid, ${d.lag('oid', 'PARTITION BY code ORDER BY ts, rn')} AS prev FROM ${kept} WHERE NOT refund) lb_o
WHERE oid IS NULL OR oid = '' OR prev IS NULL OR oid <> prev
ORDER BY code, ts, rn`;
}

/** SQL of `code, n, first, last, spend` of the stored lines before day `d`; run with the `sequential` settings. */
export function totalsBeforeSql(lines: string, d: number, dialect: Dialect): string {
  return `SELECT code, count(*) AS n, min(day) AS first, max(day) AS last, ${dialect.sequentialSum('amt')} AS spend
FROM ${lines} WHERE day < ${num(d, 'day')} GROUP BY code`;
}

/** SQL of `code, orders, spend` of the stored lines in [from, to); run with the `sequential` settings. */
export function windowTotalsSql(lines: string, from: number, to: number, dialect: Dialect): string {
  return `SELECT code, count(*) AS orders, ${dialect.sequentialSum('amt')} AS spend
FROM ${lines} WHERE day >= ${num(from, 'day')} AND day < ${num(to, 'day')} GROUP BY code`;
}

/** The source columns a campaign's buyers are read from. */
export interface CampaignColumns {
  campaign: string;
  customer: { name: string; type: SqlType };
  /** A date or timestamp column, or one holding the Excel serial already (a text column read as ingest reads it). */
  date: { name: string; type: 'date' | 'timestamp' } | { name: string; serial: true };
}

/**
 * SQL of the campaign with the most distinct customer values (a missing one counts as a value), ties to the campaign
 * seen first: `name`; over the rows of `from` (the source with `lb_rn`) with a campaign not blank.
 */
export function topCampaignSql(from: string, c: CampaignColumns, d: Dialect): string {
  const camp = campaignOf(c, d),
    cust = customerOf(c, d);
  return `SELECT ${camp} AS name FROM ${from} WHERE ${camp} IS NOT NULL
GROUP BY ${camp} ORDER BY count(DISTINCT ${cust}) + max(CASE WHEN ${cust} IS NULL THEN 1 ELSE 0 END) DESC, min(lb_rn) LIMIT 1`;
}

const campaignOf = (c: CampaignColumns, d: Dialect) => textCellSql(d.ident(c.campaign), d);
const customerOf = (c: CampaignColumns, d: Dialect) => idCellSql(d.ident(c.customer.name), c.customer.type, d);

/**
 * SQL of the buyers of campaign `name`: `id` (the customer as text) once each, in order of their first row, and
 * `lo, hi`, the first and last date (Excel serials) of the campaign's rows with a date and a customer.
 */
export function campaignBuyersSql(from: string, c: CampaignColumns, name: string, d: Dialect): string {
  const cust = customerOf(c, d);
  const where = `${campaignOf(c, d)} = ${d.literal(name)} AND ${d.ident(c.date.name)} IS NOT NULL AND ${cust} IS NOT NULL`;
  const serial = 'serial' in c.date ? d.ident(c.date.name) : d.serial(d.ident(c.date.name), c.date.type);
  return `SELECT ${cust} AS id, min(${serial}) AS lo,
  max(${serial}) AS hi
FROM ${from} WHERE ${where} GROUP BY id ORDER BY min(lb_rn)`;
}

/**
 * SQL of `code, n, first, last` of the stored lines of each customer of `days` (`code, d`) before their own day `d`:
 * the purchases their business segment on that day reads.
 */
export function totalsBeforeEachSql(lines: string, days: string): string {
  return `SELECT l.code AS code, count(*) AS n, min(l.day) AS first, max(l.day) AS last
FROM ${lines} l JOIN ${days} t ON t.code = l.code WHERE l.day < t.d GROUP BY l.code`;
}
