/**
 * What acquisition quality reads of the orders (src/analysis/loop/acquisition-quality.ts `acquisitionLines`,
 * `firstOrderChannels`), compiled to SQL over the kept order rows (customer-summary.ts `keptRowsSql`). Definitions
 * are the analysis's own:
 * - a customer's lines: their purchase history (loop/common.ts `buildHistories`: kept rows that are not refunds, in
 *   time then file order, a row whose order id repeats the previous row's left out, '' being none), then their
 *   refund rows with an amount below zero, in file order; each on its whole day; only lines up to the as-of date
 *   count;
 * - the start: the sign-up day the analysis found (pushed in with the customer's channel), else the day of the
 *   first purchase line (any date), else the as-of date for the months (and null back, as the analysis notes it);
 * - purchases: lines with an amount above zero; first: the earliest of their days; next: the earliest later day;
 * - month since the start: ⌊(day − start) ÷ (365.25 ÷ 12)⌋, a line before the start in month 0, one after the last
 *   month in none; revenue per customer and month, and per channel, is amount × margin added line by line in the
 *   lines' order, customer by customer (so the doubles equal the in-memory ones to the bit: the lines are stored in
 *   that order and summed by one thread, see Dialect.sequentialSum);
 * - first-order channel: the channel of a customer's earliest-day purchase row with a channel (ties in file order),
 *   customers in order of their first such row.
 * Only one row per customer, per customer and month, and per channel comes back.
 */
import type { Dialect } from './dialect.js';
import { historyRowsSql } from './histories.js';

export interface AcquisitionSqlOptions {
  asOf: number;
  margin: number;
  maxPaybackMonths: number;
}

function num(x: number, what: string): string {
  if (!Number.isFinite(x)) throw new Error(`acquisition SQL: ${what} ${x} is not a number`);
  return String(x);
}

/**
 * SQL of `code, channel, first_day` per customer with a purchase row with a channel, in order of the first such row.
 * (Named apart from the columns they come from: ClickHouse would read an alias `ch` in the WHERE, `day` in firstBy.)
 */
export function firstOrderChannelsSql(kept: string, d: Dialect): string {
  return `SELECT code, ${d.firstBy('ch', 'day, rn')} AS channel, min(day) AS first_day FROM ${kept}
WHERE NOT refund AND ch IS NOT NULL GROUP BY code ORDER BY min(rn)`;
}

/**
 * SQL of the lines up to the as-of date of the customers in `customers` (`k, code, ch, start, known`: entry, customer
 * code, channel index, sign-up day when `known` = 1), to be stored in entry then line order:
 * `k, ch, day, a, v, s, part` (a the amount, v = a × margin, s the start, null when not known). Run with the
 * `sequential` settings (the history rows read the kept rows in stored order: histories.ts historyRowsSql).
 */
export function acquisitionLinesSql(kept: string, customers: string, o: AcquisitionSqlOptions, d: Dialect): string {
  const asOf = num(o.asOf, 'as-of date');
  const margin = d.double(d.literal(num(o.margin, 'margin')));
  return `WITH lb_h AS (${historyRowsSql(kept, d)}),
lb_fd AS (SELECT code, min(day) AS fd FROM lb_h GROUP BY code),
lb_l AS (SELECT code, day, amt, 0 AS part, ts AS o1, rn FROM lb_h
  UNION ALL SELECT code, day, amt, 1 AS part, 0 AS o1, rn FROM ${kept} WHERE refund AND amt < 0)
SELECT c.k AS k, c.ch AS ch, l.day AS day, l.amt AS a, l.amt * ${margin} AS v,
  CASE WHEN c.known = 1 THEN ${d.double('c.start')} ELSE ${d.double('f.fd')} END AS s, l.part AS part
FROM lb_l l JOIN ${customers} c ON c.code = l.code LEFT JOIN lb_fd f ON f.code = l.code
WHERE l.day <= ${asOf}
ORDER BY c.k, l.part, l.o1, l.rn`;
}

/** SQL of the start of each customer of `customers` with a purchase line (any date) and no sign-up day: `k, s`. */
export function acquisitionStartsSql(kept: string, customers: string): string {
  return `SELECT c.k AS k, min(r.day) AS s FROM ${customers} c JOIN ${kept} r ON r.code = c.code
WHERE c.known = 0 AND NOT r.refund GROUP BY c.k`;
}

/**
 * The queries over the stored lines, each run with the dialect's `sequential` settings: `customers` (`k, purchases,
 * first, next`), `months` (`k, m, v`: revenue × margin per customer and month) and `channels` (`ch, revenue`).
 */
export function acquisitionSql(
  lines: string,
  o: AcquisitionSqlOptions,
  d: Dialect,
): { customers: string; months: string; channels: string } {
  const asOf = num(o.asOf, 'as-of date');
  const M = num(o.maxPaybackMonths, 'months');
  return {
    customers: `SELECT k, count(*) FILTER (WHERE a > 0) AS purchases, min(day) FILTER (WHERE a > 0) AS first,
  min(day) FILTER (WHERE a > 0 AND day > f) AS next
FROM (SELECT k, a, day, min(CASE WHEN a > 0 THEN day END) OVER (PARTITION BY k) AS f FROM ${lines}) lb_p
GROUP BY k ORDER BY k`,
    // Not named `v` again: ClickHouse would read that alias inside the sum.
    months: `SELECT k, m, ${d.sequentialSum('v')} AS mv FROM (
  SELECT k, v, greatest(floor((${d.double('day')} - coalesce(s, ${d.double(asOf)})) / ${d.double(d.literal('30.4375'))}), 0) AS m
  FROM ${lines}) lb_m
WHERE m < ${M} GROUP BY k, m`,
    channels: `SELECT ch, ${d.sequentialSum('v')} AS revenue FROM ${lines} GROUP BY ch`,
  };
}
