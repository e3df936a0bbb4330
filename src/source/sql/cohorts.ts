/**
 * The cohorts analysis's rollup (src/analysis/user/cohorts.ts `buildCohorts`, `cohortMembers`), compiled to SQL over
 * the kept order rows (customer-summary.ts `keptRowsSql`). Definitions are buildCohorts' own, up to the as-of date:
 * - a customer's first and second purchase: the first and the next later purchase day (refunds are not purchases);
 *   customers without a purchase are left out; the cohort is the period of the first;
 * - a row's offset: its period less the cohort's; rows before the first purchase (offset < 0) count for nothing;
 * - active at an offset: customers with a purchase in it; revenue: purchase amounts, less refunds (as positive
 *   numbers) when refunds are `net`, added customer by customer, each customer's rows in file order (so the doubles
 *   equal the in-memory ones to the bit: the rows are stored in that order, see Dialect.sequentialSum);
 * - last offset: the latest offset with a purchase (survivors count it);
 * - eligible for the second-purchase rate: first ≤ as-of − N days; within: second − first ≤ N.
 * Only aggregates come back (per cohort × offset, channel × offset, channel, days to second), and the cohort and
 * channel of each customer, which the result hands over to the report.
 */
import type { Dialect } from './dialect.js';

export interface CohortSqlOptions {
  period: 'month' | 'week';
  secondPurchaseDays: number;
  refunds: 'net' | 'exclude';
  asOf: number;
}

/**
 * Where each customer's acquisition channel comes from: a table `(code, ch)` (the customers table, matched in
 * TypeScript), the kept rows' `ch` (the channel of the customer's earliest purchase row, ties in file order), or none.
 */
export type ChannelSource = { table: string } | 'orders' | null;

/** Names of the two tables the aggregates read. */
export interface CohortTables {
  /** One row per customer with a purchase, by code: `code, first, second, fp, ch, rev, lastoff`. */
  customers: string;
  /** The rows that count, by code then file position: `code, fp, ch, off, refund, v` (DuckDB: without `ch`). */
  rows: string;
}

function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cohorts SQL: ${x} is not a number`);
  return String(x);
}

// Columns taken from a table of a join are aliased: ClickHouse would name them `c.code` in the table created.

/** SQL creating `t.customers`' first part, `(code, first, second, fp, ch)` ordered by code, from the kept rows. */
export function cohortCustomersSql(kept: string, o: CohortSqlOptions, ch: ChannelSource, d: Dialect): string {
  const asOf = num(o.asOf);
  const chExpr = ch === null ? `''` : "coalesce(lb_ch.ch, '')";
  const chJoin =
    ch === null
      ? ''
      : ch === 'orders'
        ? `LEFT JOIN (SELECT code, ${d.firstBy('ch', 'ts, rn')} AS ch FROM ${kept} WHERE NOT refund GROUP BY code) lb_ch USING (code)`
        : `LEFT JOIN ${ch.table} lb_ch USING (code)`;
  return `WITH lb_p AS (SELECT code, day FROM ${kept} WHERE NOT refund AND day <= ${asOf}),
lb_f AS (SELECT code, min(day) AS first FROM lb_p GROUP BY code),
lb_s AS (SELECT lb_p.code, min(lb_p.day) AS second FROM lb_p JOIN lb_f USING (code) WHERE lb_p.day > lb_f.first GROUP BY lb_p.code)
SELECT lb_f.code AS code, lb_f.first AS first, lb_s.second AS second, ${d.period('lb_f.first', o.period)} AS fp, ${chExpr} AS ch
FROM lb_f LEFT JOIN lb_s USING (code) ${chJoin}
ORDER BY lb_f.code`;
}

/**
 * SQL of the rows that count (`code, fp, ch, off, refund, v`), by code then file position; with `range`, those of
 * customers `range[0]` … `range[1]` (codes, both included): DuckDB sorts them range by range when the kept rows do
 * not fit in memory (duckdb/orders.ts `keptRanges`), appended in code order. `narrow` (DuckDB): only `code, fp, off, v`.
 * DuckDB counts the active customers by channel from the kept rows (duckdb/cohorts.ts activeCounts) and takes the last
 * offset from the firsts (cohortCustomerTotalsSql's `lastOffFromFirsts`); a text in every row stored made it dearer by half (10M rows: 4.5-5.0
 * CPU s against 2.8), the refund flag by a tenth.
 */
export function cohortRowsSql(
  kept: string,
  firsts: string,
  o: CohortSqlOptions,
  d: Dialect,
  range?: readonly [number, number],
  narrow = false,
): string {
  const refunds = (o.refunds === 'net' ? '' : ' AND NOT k.refund') + inRange('k.code', range);
  // The range's customers only on both sides: the join's hash table of a tenth of them, not all (100M rows: 10M).
  const c = range ? `(SELECT * FROM ${firsts} WHERE true${inRange('code', range)})` : firsts;
  // Ordered by file position, which is not kept: at 100M rows every byte of the sorted rows counts (written to disk).
  return `SELECT code, fp,${narrow ? '' : ' ch,'} off,${narrow ? '' : ' refund,'} v FROM (
  SELECT k.code AS code, k.rn AS rn, c.fp AS fp,${narrow ? '' : ' c.ch AS ch,'} ${d.period('k.day', o.period)} - c.fp AS off, k.refund AS refund,
    CASE WHEN k.refund THEN -abs(k.amt) ELSE k.amt END AS v
  FROM ${kept} k JOIN ${c} c USING (code) WHERE k.day <= ${num(o.asOf)}${refunds})
WHERE off >= 0 ORDER BY code, rn`;
}

/**
 * SQL of `t.customers`: the firsts with each customer's revenue and last offset, by code (sums in stored order). With
 * `lastOffFromFirsts` (DuckDB, cohortRowsSql's `narrow` rows, which have no refund flag) the last offset is the firsts'
 * own (cohortCustomersStreamSql, with or without its checks), else it is read from the rows.
 */
export function cohortCustomerTotalsSql(
  firsts: string,
  rows: string,
  d: Dialect,
  range?: readonly [number, number],
  lastOffFromFirsts = false,
): string {
  const f = range ? `(SELECT * FROM ${firsts} WHERE true${inRange('code', range)})` : firsts;
  const r = range ? `${rows} WHERE true${inRange('code', range)}` : rows;
  const lastoff = lastOffFromFirsts ? 'c.lastoff' : 'x.lastoff';
  const fromRows = lastOffFromFirsts ? '' : ', max(off) FILTER (WHERE NOT refund) AS lastoff';
  return `SELECT c.code AS code, c.first AS first, c.second AS second, c.fp AS fp, c.ch AS ch, x.rev AS rev, ${lastoff} AS lastoff
FROM ${f} c JOIN (SELECT code, ${d.sequentialSum('v')} AS rev${fromRows} FROM ${r} GROUP BY code) x USING (code) ORDER BY c.code`;
}

/** ` AND col BETWEEN from AND to` for customers `range` (codes, both included); '' without one. */
function inRange(col: string, range: readonly [number, number] | undefined): string {
  return range ? ` AND ${col} BETWEEN ${num(range[0])} AND ${num(range[1])}` : '';
}

/** cohortAggregatesSql's `offsets` without its distinct count: revenue per cohort and offset (sums in stored order). */
export function offsetRevenueSql(t: CohortTables, d: Dialect): string {
  return `SELECT fp, off, ${d.sequentialSum('v')} AS revenue FROM ${t.rows} GROUP BY fp, off`;
}

/** The aggregate queries, each read back whole (a handful of rows per cohort or channel). */
export function cohortAggregatesSql(t: CohortTables, o: CohortSqlOptions, d: Dialect): Record<string, string> {
  const elig = `first <= ${num(o.asOf)} - ${num(o.secondPurchaseDays)}`;
  const within = `${elig} AND second - first <= ${num(o.secondPurchaseDays)}`;
  return {
    /** Per cohort and offset: customers active, revenue (customers in code order, rows in file order). */
    offsets: `SELECT fp, off, count(DISTINCT code) FILTER (WHERE NOT refund) AS active, ${d.sequentialSum('v')} AS revenue
FROM ${t.rows} GROUP BY fp, off`,
    /** Per cohort and last offset: customers (size and survivors). */
    lastOffsets: `SELECT fp, lastoff, count(*) AS n FROM ${t.customers} GROUP BY fp, lastoff`,
    /** Per channel: first code (its place in the Map), customers, revenue, second-purchase counts. */
    channels: `SELECT ch, min(code) AS first_code, count(*) AS customers, ${d.sequentialSum('rev')} AS revenue,
  count(*) FILTER (WHERE ${elig}) AS eligible, count(*) FILTER (WHERE ${within}) AS within
FROM ${t.customers} GROUP BY ch`,
    /** Per channel and cohort: customers (how far each could be observed). */
    channelCohorts: `SELECT ch, fp, count(*) AS n FROM ${t.customers} GROUP BY ch, fp`,
    /** Per channel and offset: customers active. */
    channelOffsets: `SELECT ch, off, count(DISTINCT code) AS n FROM ${t.rows} WHERE NOT refund GROUP BY ch, off`,
    /** Days from first to second purchase, with how many customers. */
    daysToSecond: `SELECT second - first AS days, count(*) AS n FROM ${t.customers} WHERE second IS NOT NULL GROUP BY days ORDER BY days`,
    /** Second-purchase counts over every customer. */
    secondPurchase: `SELECT count(*) FILTER (WHERE ${elig}) AS eligible, count(*) FILTER (WHERE ${within}) AS within FROM ${t.customers}`,
  };
}

/**
 * DuckDB: cohortCustomersSql's table with cohortCustomerTotalsSql's `rev, lastoff`, from one read of the kept
 * rows in stored order (customer code, time, file position), and what says whether that order gives buildCohorts' sums
 * and counts to the bit (cohortStreamSql): `disorder`, the customer's rows read after a later one (file position
 * below the previous row's: buildCohorts adds a customer's rows in file order); `early`, whether a refund read before
 * the customer's first purchase (the stream leaves it out) is in its period (buildCohorts counts it at offset 0).
 * The first purchase is known as soon as it is read: a running maximum (a streaming window, no join) over purchase
 * rows of `code · 2³² + (2³¹ − 1 − day)` (codes rise, days do not fall within a customer), `m ≥ code · 2³²` once the
 * customer's is read, `m` then giving its day; the revenue adds the rows from there on, the second purchase is the
 * first later day. Run with the dialect's `sequential` settings; with `range`, the customers of it. Without `checks`,
 * the same table with only what the cohorts need when their rows are stored again in file order (storeRows: `code,
 * first, second, fp, ch, lastoff`; `rev` null, `disorder` 0, `early` false), from the purchase rows alone: at 10M rows
 * 1.3 CPU s against 1.8.
 */
export function cohortCustomersStreamSql(
  kept: string,
  o: CohortSqlOptions,
  ch: ChannelSource,
  d: Dialect,
  range?: readonly [number, number],
  checks = true,
): string {
  const refunds = o.refunds === 'net' ? '' : ' AND NOT refund';
  const chExpr = ch === null ? `''` : ch === 'orders' ? "coalesce(f.ch0, '')" : "coalesce(lb_ch.ch, '')";
  const chTable = ch !== null && ch !== 'orders' ? ch.table : undefined;
  const chJoin = chTable
    ? `LEFT JOIN ${range ? `(SELECT * FROM ${chTable} WHERE true${inRange('code', range)})` : chTable} lb_ch USING (code)`
    : '';
  const m = streamMax('day');
  const fp = d.period('f.first', o.period);
  if (!checks)
    return `SELECT f.code AS code, f.first AS first, f.second AS second, ${fp} AS fp, ${chExpr} AS ch, CAST(NULL AS DOUBLE) AS rev,
  ${d.period('f.last', o.period)} - ${fp} AS lastoff, CAST(0 AS BIGINT) AS disorder, false AS early
FROM (SELECT code, min(day) AS first, min(day) FILTER (WHERE day > ${STREAM_HALF - 1} - (m - code * ${STREAM_BASE})) AS second,
    max(day) AS last, first(ch) AS ch0
  FROM (SELECT code, day, ch, ${m} AS m FROM ${kept} WHERE NOT refund AND day <= ${num(o.asOf)}${inRange('code', range)}) lb_l
  GROUP BY code) f ${chJoin}
ORDER BY f.code`;
  return `SELECT f.code AS code, f.first AS first, f.second AS second, ${fp} AS fp, ${chExpr} AS ch, f.rev AS rev,
  ${d.period('f.last', o.period)} - ${fp} AS lastoff, f.disorder AS disorder, coalesce(${d.period('f.early', o.period)} = ${fp}, false) AS early
FROM (SELECT code, min(day) FILTER (WHERE NOT refund) AS first, min(day) FILTER (WHERE NOT refund AND day > ${STREAM_HALF - 1} - (m - code * ${STREAM_BASE})) AS second,
    max(day) FILTER (WHERE NOT refund) AS last, first(ch) FILTER (WHERE NOT refund) AS ch0,
    ${d.sequentialSum('CASE WHEN refund THEN -abs(amt) ELSE amt END', `m >= code * ${STREAM_BASE}`)} AS rev,
    max(day) FILTER (WHERE refund AND (m IS NULL OR m < code * ${STREAM_BASE})) AS early,
    count(*) FILTER (WHERE pc = code AND pr > rn) AS disorder
  FROM (SELECT code, rn, day, amt, refund, ch, ${m} AS m, lag(code) OVER () AS pc, lag(rn) OVER () AS pr
    FROM ${kept} WHERE day <= ${num(o.asOf)}${refunds}${inRange('code', range)}) lb_l
  GROUP BY code) f ${chJoin}
WHERE f.first IS NOT NULL
ORDER BY f.code`;
}

/** DuckDB: the customers cohortCustomersStreamSql found the stream not exact for (`disorder`, `early`): 0 to stream. */
export function streamBlockersSql(customers: string): string {
  return `SELECT count(*) FILTER (WHERE disorder > 0 OR early) AS n FROM ${customers}`;
}

/**
 * DuckDB: the rows that count (cohortRowsSql's `code, fp, off, refund, v`) in stored order, with no join and no sort:
 * a row's cohort is its customer's first purchase period, read before it. A running maximum over the rows read so far
 * (a streaming window) of `code · 2³² + (2³¹ − 1 − period)` over purchase rows holds it: codes rise and, within a
 * customer, periods do not fall, so once `m ≥ code · 2³²` the customer's first purchase has been read and `m` gives its
 * period (whole numbers of either sign below 2³¹: month, year · 12; week, days / 7). Rows read before their customer's
 * first purchase are left out: refunds before it (none in its period, where they would count: cohortCustomersStreamSql
 * `early`) and customers without a purchase. Run with the dialect's `sequential` settings; with `range`, the rows of
 * its customers.
 */
export function cohortStreamSql(
  kept: string,
  o: CohortSqlOptions,
  d: Dialect,
  range?: readonly [number, number],
): string {
  const refunds = o.refunds === 'net' ? '' : ' AND NOT refund';
  const m = streamMax('per');
  return `SELECT code, refund, v, fp, per - fp AS off FROM (
  SELECT code, refund, v, per, ${STREAM_HALF - 1} - (m - code * ${STREAM_BASE}) AS fp FROM (
    SELECT code, refund, v, per, ${m} AS m FROM (
      SELECT code, refund, CASE WHEN refund THEN -abs(amt) ELSE amt END AS v, ${d.period('day', o.period)} AS per
      FROM ${kept} WHERE day <= ${num(o.asOf)}${refunds}${inRange('code', range)}) lb_r) lb_m
  WHERE m >= code * ${STREAM_BASE}) lb_s`;
}

/** The running maxima's unit per customer code, and half of it (cohortStreamSql, cohortCustomersStreamSql). */
const STREAM_BASE = 2 ** 32,
  STREAM_HALF = 2 ** 31;

/** The running maximum of `code · 2³² + (2³¹ − 1 − v)` over the purchase rows read so far (the streams' `m`). */
const streamMax = (v: string): string =>
  `max(CASE WHEN NOT refund THEN code * ${STREAM_BASE} + (${STREAM_HALF - 1} - ${v}) END) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

/** DuckDB: revenue per cohort and offset (offsetRevenueSql) from the stream (cohortStreamSql), in stored order. */
export function streamRevenueSql(kept: string, o: CohortSqlOptions, d: Dialect): string {
  return `SELECT fp, off, ${d.sequentialSum('v')} AS revenue FROM (${cohortStreamSql(kept, o, d)}) lb_v GROUP BY fp, off`;
}

/**
 * DuckDB: customers active per cohort, channel and offset (`fp, ch, off, n`), for the customers of `range`: each
 * customer's periods with a purchase found as the kept purchase rows are read in stored order (a row whose customer or
 * period differs from the previous purchase row's: periods do not fall within a customer), no grouping by customer and
 * period; each joined with its customer's cohort and channel (counts: the join's order does not matter). Summed over
 * channels, the `active` of cohortAggregatesSql's offsets; over cohorts, its channelOffsets. Run with the dialect's
 * `sequential` settings (stored order).
 */
export function streamActiveSql(
  kept: string,
  firsts: string,
  o: CohortSqlOptions,
  d: Dialect,
  range?: readonly [number, number],
): string {
  const f = range ? `(SELECT * FROM ${firsts} WHERE true${inRange('code', range)})` : firsts;
  return `SELECT f.fp AS fp, f.ch AS ch, p.per - f.fp AS off, count(*) AS n FROM (
  SELECT code, per FROM (
    SELECT code, per, lag(code) OVER () AS pc, lag(per) OVER () AS pp FROM (
      SELECT code, ${d.period('day', o.period)} AS per FROM ${kept} WHERE NOT refund AND day <= ${num(o.asOf)}${inRange('code', range)}) lb_d) lb_l
  WHERE pc IS DISTINCT FROM code OR pp <> per) p
JOIN ${f} f USING (code) GROUP BY f.fp, f.ch, off`;
}
