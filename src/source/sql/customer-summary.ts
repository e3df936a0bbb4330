/**
 * The per-customer summary behind RFM, CLV and clusters (src/analysis/user/customer-summary.ts
 * `summarizeCustomers`), compiled to SQL over the order rows (order-rows.ts) so only one row per customer comes
 * back. Definitions are summarizeCustomers' own, for purchases on or before the calibration end:
 * - first, last: first and last purchase day; days: distinct purchase days;
 * - orders: distinct order ids, plus each purchase row without one;
 * - revenue: purchase amounts, less refunds (as positive numbers) up to the calibration end when refunds are
 *   `net`, added one after another in date then file order (so the double equals the in-memory one to the bit:
 *   the rows are stored in that order and summed by one thread, see Dialect.sequentialSum);
 * - events: days (mergeSameDay) or orders; x = events − 1; zbar = the repeat events' mean value (0 when x = 0);
 * - t_x, T in days or weeks; recency: days from the last purchase to the as-of date;
 * - holdout: purchase events after the calibration end up to the as-of date.
 * Customers come in order of first appearance of any kept row (readOrders numbers them so).
 */
import type { CustomerSummary, SummaryOptions } from '../../analysis/user/customer-summary.js';
import type { Dialect } from './dialect.js';

/** Tables the rollup reads: the kept order rows in order, and each customer's code (first appearance). */
export interface SummaryTables {
  /** `keptRowsSql`'s rows, stored in its order. */
  kept: string;
  /** `(cust, code)`: code 0, 1, … in order of the customer's first kept row. */
  customers: string;
}

/** The whole days summarizeCustomers works with: the as-of day and the calibration end. */
export function summaryDays(opts: SummaryOptions): { asOf: number; calEnd: number; unit: number } {
  const asOf = Math.floor(opts.asOf);
  const calEnd = Math.min(opts.calibrationEnd ?? asOf, asOf);
  return { asOf, calEnd, unit: opts.timeUnit === 'weeks' ? 7 : 1 };
}

/**
 * SQL of `fate, cust, r0, n, latest` over the order rows: each fate's rows by customer, with the first row position,
 * the count and the latest day. One pass gives both the customers' codes (customerCodesSql) and the rows by fate
 * (fateCountsSql): at 100M rows a second pass over the source cost as much as the first.
 */
export function fateGroupsSql(rows: string): string {
  return `SELECT fate, cust, min(rn) AS r0, count(*) AS n, max(day) AS latest FROM ${rows} GROUP BY fate, cust`;
}

/**
 * SQL of `(cust, code, n)` over fateGroupsSql's table: customers in order of their first kept row, and their kept
 * rows (codeBucketsSql).
 */
export function customerCodesSql(groups: string): string {
  return `SELECT cust, CAST(row_number() OVER (ORDER BY r0) - 1 AS INTEGER) AS code, n FROM ${groups} WHERE fate = 'kept'`;
}

/** SQL of `fate, n, latest` over fateGroupsSql's table: the rows of each fate and their latest day. */
export function fateCountsSql(groups: string): string {
  return `SELECT fate, sum(n) AS n, max(latest) AS latest FROM ${groups} GROUP BY fate`;
}

/**
 * DuckDB: fateGroupsSql's two uses from one pass grouped by customer alone, not by fate and customer: rows with
 * `by_cust` true are each customer's (`cust, r0, n` over its kept rows: `r0` null and `n` 0 for a customer with none),
 * rows with `by_cust` false each fate's (`fate, rows, latest`). The grouping key is the customer id alone (10M rows:
 * 3.0 against 3.4 CPU s for the pass).
 */
export function fateGroupingSetsSql(rows: string): string {
  return `SELECT fate, cust, grouping(fate) = 1 AS by_cust, min(rn) FILTER (WHERE fate = 'kept') AS r0,
  count(*) FILTER (WHERE fate = 'kept') AS n, count(*) AS rows, max(day) AS latest
FROM ${rows} GROUP BY GROUPING SETS ((cust), (fate))`;
}

/**
 * DuckDB: customerCodesSql's customers over fateGroupingSetsSql's table, stored in code order (by their first kept
 * row) without the code: each one's code is its row id (a view over the table, orders.ts).
 */
export function customersInCodeOrderSql(groups: string): string {
  return `SELECT cust, n FROM ${groups} WHERE by_cust AND n > 0 ORDER BY r0`;
}

/** DuckDB: fateCountsSql over fateGroupingSetsSql's table. */
export function fateCountsOfSetsSql(groups: string): string {
  return `SELECT fate, rows AS n, latest FROM ${groups} WHERE NOT by_cust`;
}

/**
 * SQL of the kept rows by customer code, then time, then file position: the order summarizeCustomers reads a
 * customer's rows in. Stored in this order, the summary's sums add in it (Dialect.sequentialSum).
 */
export function keptRowsSql(rows: string, customers: string): string {
  // Aliased: ClickHouse would name a column taken from the joined table `c.code`.
  return `SELECT c.code AS code, r.rn AS rn, r.ts AS ts, r.day AS day, r.amt AS amt, r.refund AS refund, r.oid AS oid, r.ch AS ch
FROM ${rows} r JOIN ${customers} c USING (cust)
WHERE r.fate = 'kept' ORDER BY c.code, r.ts, r.rn`;
}

/**
 * DuckDB: keptRowsSql's rows narrowed for the sort that stores them (at 100M rows it spills to disk, so every byte of
 * a row counts twice): the code and the day as INTEGER, and no `ts` when the date column holds whole days (a DATE):
 * then `ts` is the day, and the view keptViewSql gives it back as a DOUBLE. Stored in the same order. `everyRowKept`:
 * no row has another fate (fateCountsSql), so the rows are not classified again to find the kept ones (keptFilter).
 */
export function keptRowsNarrowSql(rows: string, customers: string, wholeDays: boolean, everyRowKept = false): string {
  const ts = wholeDays ? '' : ' r.ts AS ts,';
  return `SELECT c.code AS code, r.rn AS rn,${ts} CAST(r.day AS INTEGER) AS day, r.amt AS amt, r.refund AS refund, r.oid AS oid, r.ch AS ch
FROM ${rows} r JOIN ${customers} c USING (cust)${keptFilter(everyRowKept)} ORDER BY c.code, ${wholeDays ? 'r.day' : 'r.ts'}, r.rn`;
}

/**
 * The WHERE clause of the kept rows among orderRowsSql's rows `r`: none when every row is kept (the usual export, no
 * status left out, no row without a customer, date or amount), where the fate is then never computed: its CASE reads
 * the trimmed customer id, the date and the amount once more for every row (10M rows, the kept rows' pass: 7.8
 * against 8.7 CPU s).
 */
function keptFilter(everyRowKept: boolean): string {
  return everyRowKept ? '' : `\nWHERE r.fate = 'kept'`;
}

/**
 * DuckDB: keptRowsNarrowSql's rows unsorted (one pass over the rows, no sort), with `lb_part`, the index of the range
 * of customer codes `ranges` (in code order, both ends included) the row's customer is in: written with COPY …
 * PARTITION_BY (lb_part), a file per range, each sorted on its own (keptPartSql) when the kept rows do not fit in
 * memory at once. The range is found once per customer (in the customers table), not once per row. `everyRowKept` as
 * for keptRowsNarrowSql.
 */
export function keptRowsPartedSql(
  rows: string,
  customers: string,
  wholeDays: boolean,
  ranges: readonly (readonly [number, number])[],
  everyRowKept = false,
): string {
  const ts = wholeDays ? '' : ' r.ts AS ts,';
  const part = ranges.length
    ? `CASE ${ranges
        .slice(0, -1)
        .map(([, to], i) => `WHEN code <= ${codeOf(to)} THEN ${i}`)
        .join(' ')} ELSE ${ranges.length - 1} END`
    : '0';
  return `SELECT c.code AS code, r.rn AS rn,${ts} CAST(r.day AS INTEGER) AS day, r.amt AS amt, r.refund AS refund, r.oid AS oid, r.ch AS ch, c.lb_part AS lb_part
FROM ${rows} r JOIN (SELECT cust, code, ${part} AS lb_part FROM ${customers}) c USING (cust)${keptFilter(everyRowKept)}`;
}

/**
 * The statements that make `table` of `select` over each part in turn, in the parts' order: the first creates it
 * (CREATE OR REPLACE, a TEMP table unless `temp` is false), the others append to it (INSERT INTO). How every table
 * made range of customer codes by range is stored (the kept rows, the summaries' groupings, the cohorts').
 * @example partsTableSql('t', [1, 2], (p) => `SELECT ${p}`) // ['CREATE OR REPLACE TEMP TABLE t AS SELECT 1', 'INSERT INTO t SELECT 2']
 */
export function partsTableSql<P>(
  table: string,
  parts: readonly P[],
  select: (part: P, i: number) => string,
  temp = true,
): string[] {
  return parts.map((part, i) =>
    i === 0
      ? `CREATE OR REPLACE ${temp ? 'TEMP ' : ''}TABLE ${table} AS ${select(part, i)}`
      : `INSERT INTO ${table} ${select(part, i)}`,
  );
}

/** ` AND code BETWEEN a AND b` for a range of customer codes; '' for none (every customer). */
export function codeWithin(range: readonly [number, number] | undefined): string {
  return range ? ` AND code BETWEEN ${codeOf(range[0])} AND ${codeOf(range[1])}` : '';
}

/**
 * DuckDB: the kept rows of customers `from` … `to` (codes, both included) from `part`, the relation of their range's
 * rows (keptRowsPartedSql's file), in keptRowsNarrowSql's order. Appended range after range in code order, they are
 * keptRowsNarrowSql's table row for row: each range's sort fits in memory where the whole table's spilled to disk
 * (100M rows: 6-7 GB).
 */
export function keptPartSql(part: string, wholeDays: boolean, from: number, to: number): string {
  const ts = wholeDays ? '' : ' ts,';
  return `SELECT code, rn,${ts} day, amt, refund, oid, ch FROM ${part} WHERE code BETWEEN ${codeOf(from)} AND ${codeOf(to)} ORDER BY code, ${wholeDays ? 'day' : 'ts'}, rn`;
}

function codeOf(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`kept rows SQL: ${x} is not a customer code`);
  return String(x);
}

/**
 * Ranges of customer codes `[from, to]` (both included) covering codes 0 … customers − 1 in order, each of at most
 * `rowsPerRange` kept rows where it can be (pure). `buckets[i]`: the kept rows of codes i·size … (i+1)·size − 1
 * (codeBucketsSql); a bucket above `rowsPerRange` is a range of its own. One range when every row fits.
 */
export function codeRanges(
  buckets: readonly number[],
  size: number,
  customers: number,
  rowsPerRange: number,
): [number, number][] {
  const out: [number, number][] = [];
  let from = 0,
    rows = 0;
  for (const [i, n] of buckets.entries()) {
    const start = i * size;
    if (start >= customers) break;
    if (rows > 0 && rows + n > rowsPerRange) {
      out.push([from, start - 1]);
      from = start;
      rows = 0;
    }
    rows += n;
  }
  if (customers > from) out.push([from, customers - 1]);
  return out;
}

/** SQL of `b, n`: the kept rows of customers by bucket of `size` codes (customerCodesSql's table), by bucket. */
export function codeBucketsSql(customers: string, size: number): string {
  return `SELECT CAST(floor(code / ${codeOf(size)}) AS BIGINT) AS b, sum(n) AS n FROM ${customers} GROUP BY b ORDER BY b`;
}

/** DuckDB: the view of keptRowsNarrowSql's table `table` with keptRowsSql's columns (read in stored order). */
export function keptViewSql(table: string, wholeDays: boolean): string {
  const ts = wholeDays ? 'CAST(day AS DOUBLE)' : 'ts';
  return `SELECT code, rn, ${ts} AS ts, day, amt, refund, oid, ch FROM ${table}`;
}

/**
 * SQL of one row per customer with purchases up to the calibration end, by code:
 * `code, id, first, last, orders, days, revenue, events, repeat_sum, holdout`. Run with the dialect's `sequential`
 * settings, so each sum adds its rows in time order (as stored), and the repeat events in event order.
 *
 * Events by order: a customer whose purchase rows all have distinct order ids (or none), the common case, has one
 * event per row, so the repeat events' sum is that of every purchase row but the first (in time, then file order),
 * added in stored order: no window is needed. Only the other customers' rows go through the windows that number
 * events (about half the work of the summary when every customer took them). Events by day: the distinct purchase
 * days, which also count `days`.
 */
export function customerSummarySql(t: SummaryTables, opts: SummaryOptions, d: Dialect): string {
  const { asOf, calEnd } = summaryDays(opts);
  const revenueRows = opts.refunds === 'net' ? `day <= ${calEnd}` : `day <= ${calEnd} AND NOT refund`;
  const holdout = opts.mergeSameDay ? 'count(DISTINCT day)' : 'count(*)';
  const kept = `lb_k AS (SELECT * FROM ${t.kept} WHERE day <= ${asOf}),
lb_p AS (SELECT * FROM lb_k WHERE NOT refund AND day <= ${calEnd}),`;
  // Distinct order ids in two steps (cheaper than count(DISTINCT) beside other aggregates), plus rows without one.
  const ids = `lb_o AS (SELECT code, count(*) AS ids FROM (SELECT code, oid FROM lb_p WHERE oid IS NOT NULL GROUP BY code, oid) lb_q GROUP BY code),`;
  const revenue = `lb_r AS (SELECT code, ${d.sequentialSum('CASE WHEN refund THEN -abs(amt) ELSE amt END', revenueRows)} AS revenue,
  ${holdout} FILTER (WHERE NOT refund AND day > ${calEnd}) AS holdout FROM lb_k GROUP BY code)`;
  if (opts.mergeSameDay)
    return `WITH ${kept}
${ids}
lb_a AS (SELECT code, count(*) FILTER (WHERE oid IS NULL) AS nulls FROM lb_p GROUP BY code),
lb_e AS (SELECT code, min(e) AS first, max(e) AS last, count(*) AS events, ${d.sequentialSum('v', 'en > 1')} AS repeat_sum
  FROM (SELECT *, row_number() OVER (PARTITION BY code ORDER BY e) AS en
    FROM (SELECT code, day AS e, ${d.sequentialSum('amt')} AS v FROM lb_p GROUP BY code, day) lb_v) lb_n GROUP BY code),
${revenue}
SELECT e.code AS code, c.cust AS id, e.first AS first, e.last AS last, coalesce(o.ids, 0) + a.nulls AS orders,
  e.events AS days, r.revenue AS revenue, e.events AS events, e.repeat_sum AS repeat_sum, r.holdout AS holdout
FROM lb_e e JOIN lb_a a USING (code) LEFT JOIN lb_o o USING (code) JOIN lb_r r USING (code) JOIN ${t.customers} c USING (code)
ORDER BY e.code`;
  // A row whose order id is new for the customer, in time order, starts an event, and the rows after it until the
  // next such row join it (readOrders' rule: a later line of an earlier order joins the event open at the time).
  const windows = orderEventsSql('lb_x', d);
  return `WITH ${kept}
lb_f AS (SELECT code, min(ts) AS t0 FROM lb_p GROUP BY code),
lb_g AS (SELECT p.code AS code, min(p.rn) AS r0 FROM lb_p p JOIN lb_f f ON p.code = f.code AND p.ts = f.t0 GROUP BY p.code),
${ids}
lb_d AS (SELECT code, count(*) AS days FROM (SELECT code, day FROM lb_p GROUP BY code, day) lb_w GROUP BY code),
lb_a AS (SELECT code, min(day) AS first, max(day) AS last, count(*) AS n, count(*) FILTER (WHERE oid IS NULL) AS nulls,
  ${d.sequentialSum('amt', 'rn <> r0')} AS rest FROM lb_p JOIN lb_g USING (code) GROUP BY code),
lb_b AS (SELECT a.code AS code, a.first AS first, a.last AS last, a.n AS n, a.rest AS rest, w.days AS days,
  coalesce(o.ids, 0) + a.nulls AS orders FROM lb_a a JOIN lb_d w USING (code) LEFT JOIN lb_o o USING (code)),
lb_x AS (SELECT * FROM lb_p WHERE code IN (SELECT code FROM lb_b WHERE orders < n)),
lb_e AS (SELECT code, count(*) AS events, ${d.sequentialSum('v', 'en > 1')} AS repeat_sum
  FROM (SELECT *, row_number() OVER (PARTITION BY code ORDER BY e) AS en FROM (${windows}) lb_v) lb_n GROUP BY code),
${revenue}
SELECT b.code AS code, c.cust AS id, b.first AS first, b.last AS last, b.orders AS orders, b.days AS days,
  r.revenue AS revenue, CASE WHEN b.orders = b.n THEN b.n ELSE e.events END AS events,
  CASE WHEN b.orders = b.n THEN b.rest ELSE e.repeat_sum END AS repeat_sum, r.holdout AS holdout
FROM lb_b b LEFT JOIN lb_e e USING (code) JOIN lb_r r USING (code) JOIN ${t.customers} c USING (code)
ORDER BY b.code`;
}

/** Options whose summaries one pass computes (customerSummariesSql): the same as-of day, calibration end, refunds. */
export function summaryGroupKey(opts: SummaryOptions): string {
  const { asOf, calEnd } = summaryDays(opts);
  return `${opts.refunds}|${asOf}|${calEnd}`;
}

/**
 * The statements of customerSummariesSql: temp tables made first, the queries (one per range of customer codes, in
 * code order: their rows one after another are the summary's), the tables to drop after.
 */
export interface SummaryStatements {
  setup: string[];
  selects: string[];
  drop: string[];
}

/**
 * DuckDB: the summaries by order and by day (mergeSameDay) of options sharing summaryGroupKey in one pass, with
 * summarizeCustomers' definitions (customerSummarySql's header). Run with the dialect's `sequential` settings: the
 * kept rows are read in stored order (customer code, time, file position) by one thread, so `lag(…) OVER ()` gives
 * each row the row before it in that order and every sum adds its rows in the order summarizeCustomers does.
 *
 * One scan of the purchase rows (lb_s1) counts, per customer, rows, rows without an order id, distinct days (a row
 * whose day differs from the row before's, the customer's rows being in time order) and the sum of every purchase
 * row but the first (the repeat events' sum when each row is an event). Order ids: runs of equal ids in stored order;
 * when each run's id is above the run before's (ids rising with time, the usual export) the runs are the distinct
 * ids; a customer with an id at or below the one before it is counted exactly (count DISTINCT), only those. No hash
 * table of (customer, day) or (customer, order id) pairs over every row, which were most of the work at 100M rows.
 * Events by day of a customer with several rows on a day: the day's rows summed (one run of equal days each), then
 * the days but the first summed in day order. Events by order of a customer with fewer orders than rows: the event
 * windows of customerSummarySql, on those customers' rows only.
 *
 * Columns: `code, first, last, orders, days, revenue`, then for orders `events_o, repeat_o, holdout_o` and for days
 * `events_d, repeat_d, holdout_d` (null when not asked for), one row per customer with a purchase up to the
 * calibration end, by code.
 */
export function customerSummariesSql(
  kept: string,
  opts: SummaryOptions,
  modes: { orders: boolean; days: boolean },
  d: Dialect,
  split?: { ranges: readonly (readonly [number, number])[]; schema: string | undefined; alone?: boolean },
): SummaryStatements {
  const { asOf, calEnd } = summaryDays(opts);
  const purchases = `${kept} WHERE NOT refund AND day <= ${calEnd}`;
  // With several ranges, the groupings by customer are made range after range (each a tenth of the customers at 100M
  // rows, where one grouping of 10M customers spilled): the kept rows are stored by code, so each reads its own rows.
  // `alone`: the statements of the one range given, its customers only, in temp tables of their own (a range's
  // statements run beside another's on a second connection: pushedSummaries).
  const ranges: readonly (readonly [number, number] | undefined)[] =
    split && split.ranges.length > (split.alone ? 0 : 1) ? split.ranges : [undefined];
  const setup = partsTableSql('lb_s1', ranges, (range) => purchaseScanSql(`${purchases}${codeWithin(range)}`, d));
  const drop = ['lb_s1'];
  const dv = split?.schema ? `${split.schema}.lb_dv` : 'lb_dv';
  if (modes.days) {
    setup.push(...dayValuesSql(dv, purchases, split, d));
    drop.push(dv);
  }
  const revenueRows = opts.refunds === 'net' ? `day <= ${calEnd}` : `day <= ${calEnd} AND NOT refund`;
  const later = `NOT refund AND day > ${calEnd}`;
  const holdRows = modes.orders ? (calEnd < asOf ? `count(*) FILTER (WHERE ${later})` : '0') : 'NULL';
  const holdDays = modes.days ? (calEnd < asOf ? `count(DISTINCT day) FILTER (WHERE ${later})` : '0') : 'NULL';
  const revenue = (range: readonly [number, number] | undefined): string =>
    `SELECT code, ${d.sequentialSum('CASE WHEN refund THEN -abs(amt) ELSE amt END', revenueRows)} AS revenue,
  ${holdRows} AS hold_o, ${holdDays} AS hold_d FROM ${kept} WHERE day <= ${asOf}${codeWithin(range)} GROUP BY code`;
  if (ranges.length > 1) {
    setup.push(...partsTableSql('lb_rv', ranges, revenue));
    drop.push('lb_rv');
  }
  // The final query range after range too: its joins then hold one range's customers (at 100M rows, one query joining
  // tables of 10M customers and sorting them by code cost 55 CPU s, 29 times its cost at 10M rows).
  const selects = ranges.map((range) => {
    const within = codeWithin(range);
    const only = (table: string) => (range ? `(SELECT * FROM ${table} WHERE true${within})` : table);
    const rows = `${purchases}${within}`;
    const ctes = [
      `lb_r AS (${ranges.length > 1 ? `SELECT * FROM lb_rv WHERE true${within}` : revenue(range)})`,
      // The suspect customers' rows by an inner join on lb_s1 (one row per code) rather than `code IN (…)`: 10M rows
      // in 10 ranges, the whole select 1.41 against 1.67 CPU s. A count, so the join may give the rows in any order
      // (not so for the sums: a join's build side may be either table, and its rows come out in the probe's order).
      `lb_o AS (SELECT k.code AS code, count(DISTINCT k.oid) AS ids FROM ${kept} k JOIN lb_s1 s ON k.code = s.code
  WHERE NOT k.refund AND k.day <= ${calEnd} AND s.sus > 0${range ? ` AND k.code BETWEEN ${codeOf(range[0])} AND ${codeOf(range[1])} AND s.code BETWEEN ${codeOf(range[0])} AND ${codeOf(range[1])}` : ''}
  GROUP BY k.code)`,
      `lb_b AS (SELECT s.*, coalesce(o.ids, s.runs) + s.nulls AS orders FROM ${only('lb_s1')} s LEFT JOIN lb_o o USING (code))`,
    ];
    const cols = [
      'b.code AS code',
      'b.first AS first',
      'b.last AS last',
      'b.orders AS orders',
      'b.days AS days',
      'r.revenue AS revenue',
    ];
    const joins = ['JOIN lb_r r USING (code)'];
    if (modes.orders) {
      ctes.push(
        `lb_x AS (SELECT code, ts, rn, amt, oid FROM ${rows} AND code IN (SELECT code FROM lb_b WHERE orders < n))`,
      );
      ctes.push(`lb_e AS (SELECT code, count(*) AS events, ${d.sequentialSum('v', 'en > 1')} AS repeat_sum
  FROM (SELECT *, row_number() OVER (PARTITION BY code ORDER BY e) AS en FROM (${orderEventsSql('lb_x', d)}) lb_v) lb_n GROUP BY code)`);
      cols.push(
        'CASE WHEN b.orders = b.n THEN b.n ELSE e.events END AS events_o',
        'CASE WHEN b.orders = b.n THEN b.rest ELSE e.repeat_sum END AS repeat_o',
        'r.hold_o AS holdout_o',
      );
      joins.push('LEFT JOIN lb_e e USING (code)');
    } else cols.push('NULL AS events_o', 'NULL AS repeat_o', 'NULL AS holdout_o');
    if (modes.days) {
      // The customer's day values in day order (dayValuesSql): each but the first is a repeat event's.
      ctes.push(`lb_de AS (SELECT code, count(*) AS events, ${d.sequentialSum('v', 'pc = code')} AS repeat_sum
  FROM (SELECT code, v, lag(code) OVER () AS pc FROM ${dv}${range ? ` WHERE true${within}` : ''}) lb_q GROUP BY code)`);
      cols.push(
        'CASE WHEN b.days = b.n THEN b.n ELSE de.events END AS events_d',
        'CASE WHEN b.days = b.n THEN b.rest ELSE de.repeat_sum END AS repeat_d',
        'r.hold_d AS holdout_d',
      );
      joins.push('LEFT JOIN lb_de de USING (code)');
    } else cols.push('NULL AS events_d', 'NULL AS repeat_d', 'NULL AS holdout_d');
    return `WITH ${ctes.join(',\n')}
SELECT ${cols.join(', ')}
FROM lb_b b ${joins.join(' ')}
ORDER BY b.code`;
  });
  return { setup, selects, drop };
}

/**
 * customerSummariesSql's table `lb_s1`: one scan of the purchase rows `purchases` in stored order, per customer (its
 * header says what each column counts).
 */
function purchaseScanSql(purchases: string, d: Dialect): string {
  return `SELECT code, min(day) AS first, max(day) AS last, count(*) AS n,
  count(*) FILTER (WHERE oid IS NULL) AS nulls,
  count(*) FILTER (WHERE pc IS DISTINCT FROM code OR pd <> day) AS days,
  count(*) FILTER (WHERE oid IS NOT NULL AND (pc IS DISTINCT FROM code OR po IS NULL OR po <> oid)) AS runs,
  count(*) FILTER (WHERE oid IS NOT NULL AND pc = code AND (po IS NULL OR po > oid)) AS sus,
  ${d.sequentialSum('amt', 'pc = code')} AS rest
FROM (SELECT code, day, oid, amt, lag(code) OVER () AS pc, lag(day) OVER () AS pd, lag(oid) OVER () AS po
  FROM ${purchases}) lb_l
GROUP BY code`;
}

/**
 * customerSummariesSql's table `dv`: one row per (customer, day) of the customers with several rows on a day, in code
 * then day order (`code, day, v`), from the purchase rows `purchases` in stored order: `v` adds the day's rows in
 * that order (one thread, as stored: Dialect.sequentialSum). With `split`, range of customer codes after range,
 * appended in code order, in `split.schema`: at 100M rows the grouping of every range at once held tens of millions
 * of groups and spilled (196 s at load 10 against 4.4 s at 10M rows). Each range's customers are looked up among its
 * own only. A plain grouping by day: numbering the days with windows over every purchase row first (a running count
 * of day changes) cost about twice as much (10M rows: 3.3 against 1.8 CPU s).
 */
function dayValuesSql(
  dv: string,
  purchases: string,
  split: { ranges: readonly (readonly [number, number])[]; schema: string | undefined } | undefined,
  d: Dialect,
): string[] {
  const ranges: readonly (readonly [number, number] | undefined)[] = split?.ranges.length ? split.ranges : [undefined];
  return partsTableSql(
    dv,
    ranges,
    (range) => {
      const within = codeWithin(range);
      return `SELECT code, day, ${d.sequentialSum('amt')} AS v FROM ${purchases}${within}
  AND code IN (SELECT code FROM lb_s1 WHERE days < n${within})
GROUP BY code, day ORDER BY code, day`;
    },
    !split?.schema,
  );
}

/**
 * SQL of `code, e, v`: the events by order of the purchase rows `rows` (`code, ts, rn, amt, oid`), each event's value
 * summed in time order. A row whose order id is new for the customer, in time order, starts an event, and the rows
 * after it until the next such row join it (readOrders' rule: a later line of an earlier order joins the event open
 * at the time).
 */
function orderEventsSql(rows: string, d: Dialect): string {
  return `SELECT code, e, ${d.sequentialSum('amt')} AS v FROM (
    SELECT code, ts, rn, amt, sum(CASE WHEN oid IS NULL OR nr = 1 THEN 1 ELSE 0 END)
      OVER (PARTITION BY code ORDER BY ts, rn ROWS UNBOUNDED PRECEDING) AS e
    FROM (SELECT code, ts, rn, amt, oid, row_number() OVER (PARTITION BY code, oid ORDER BY ts, rn) AS nr FROM ${rows}) lb_y) lb_z
  GROUP BY code, e`;
}

/** SQL of the run-wide counts summarizeCustomers reports (refund rows and total, rows after the as-of date). */
export function summaryCountsSql(kept: string, opts: SummaryOptions): string {
  const { asOf, calEnd } = summaryDays(opts);
  return `SELECT count(*) FILTER (WHERE refund AND day <= ${calEnd}) AS refund_rows,
  coalesce(sum(abs(amt)) FILTER (WHERE refund AND day <= ${calEnd}), 0) AS refund_total,
  count(*) FILTER (WHERE day > ${asOf}) AS future_rows
FROM ${kept}`;
}

/**
 * SQL of CLV's tracking chart's counts (src/analysis/user/clv.ts `repeatDays`): `day, n`, each day on which `n`
 * customers bought having bought on an earlier day, over every kept purchase row (any date), by day. A few hundred
 * rows, however many orders: the (customer, day) pairs stay in the engine.
 */
export function repeatDaysSql(kept: string): string {
  return `SELECT day, count(*) AS n FROM (
  SELECT d.day AS day FROM (SELECT code, day FROM ${kept} WHERE NOT refund GROUP BY code, day) d
  JOIN (SELECT code, min(day) AS f FROM ${kept} WHERE NOT refund GROUP BY code) f ON d.code = f.code
  WHERE d.day > f.f) lb_x
GROUP BY day ORDER BY day`;
}

/**
 * DuckDB: repeatDaysSql's counts from the kept rows in stored order (run with the dialect's `sequential` settings):
 * a purchase row on another day than the purchase row before it, of the same customer, is a (customer, day) pair
 * after the customer's first day. One streamed scan instead of a hash table of every (customer, day) pair.
 */
export function repeatDaysInOrderSql(kept: string): string {
  return `SELECT day, count(*) AS n FROM (
  SELECT code, day, lag(code) OVER () AS pc, lag(day) OVER () AS pd FROM ${kept} WHERE NOT refund) lb_l
WHERE pc = code AND pd <> day
GROUP BY day ORDER BY day`;
}

/**
 * The columns of `customerSummarySql`'s rows, as the engine returns them: customer `j` is element `j` of each
 * (numbers as JS numbers, repeat_sum null without repeat events). Columns, not row objects: at millions of customers
 * an object per row would hold more memory than the summary itself.
 */
export interface SummaryColumns {
  id: ArrayLike<unknown>;
  first: ArrayLike<unknown>;
  last: ArrayLike<unknown>;
  orders: ArrayLike<unknown>;
  days: ArrayLike<unknown>;
  revenue: ArrayLike<unknown>;
  events: ArrayLike<unknown>;
  /** Null (NaN when read as a Float64Array, DuckEngine.numberColumns) without repeat events. */
  repeat_sum: ArrayLike<unknown>;
  holdout: ArrayLike<unknown>;
}

/**
 * The CustomerSummary of the columns and counts the SQL returned (pure): what summarizeCustomers would give.
 * `same`: a summary already made of the same rows at the same as-of day (another mode or time unit of one pass,
 * customerSummariesSql): its ids, first, last, orders, days, revenue and recency, which depend on neither, are shared,
 * not made again (read-only like every summary's columns: at 10M customers each is 40-80 MB). A column of `rows` that
 * is already what the summary holds (`id` an array of strings, `first`, `last`, `revenue` Float64Arrays) becomes the
 * summary's own: the caller hands the columns over.
 */
export function summaryFromRows(
  rows: SummaryColumns,
  counts: { refund_rows: number; refund_total: number; future_rows: number },
  opts: SummaryOptions,
  same?: CustomerSummary,
): CustomerSummary {
  const { asOf, calEnd, unit } = summaryDays(opts);
  const n = rows.id.length;
  if (same && same.ids.length !== n) throw new Error('summaryFromRows: the shared summary has other rows');
  const own = (col: ArrayLike<unknown>): Float64Array | undefined =>
    col instanceof Float64Array && col.length === n ? col : undefined;
  const ids = same?.ids ?? (stringArray(rows.id) ? rows.id : undefined);
  const s: CustomerSummary = {
    ids: ids ?? new Array<string>(n),
    first: same?.first ?? own(rows.first) ?? new Float64Array(n),
    last: same?.last ?? own(rows.last) ?? new Float64Array(n),
    orders: same?.orders ?? new Int32Array(n),
    days: same?.days ?? new Int32Array(n),
    revenue: same?.revenue ?? own(rows.revenue) ?? new Float64Array(n),
    x: new Float64Array(n),
    t_x: new Float64Array(n),
    T: new Float64Array(n),
    zbar: new Float64Array(n),
    recency: same?.recency ?? new Float64Array(n),
    holdout: new Float64Array(n),
    refundRows: counts.refund_rows,
    refundTotal: counts.refund_total,
    futureRows: counts.future_rows,
  };
  const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
  const fill = !same;
  for (let j = 0; j < n; j++) {
    const first = num(rows.first[j]),
      last = num(rows.last[j]),
      events = num(rows.events[j]);
    if (fill) {
      if (!ids) s.ids[j] = String(rows.id[j]);
      s.first[j] = first;
      s.last[j] = last;
      s.orders[j] = num(rows.orders[j]);
      s.days[j] = num(rows.days[j]);
      s.revenue[j] = num(rows.revenue[j]);
      s.recency[j] = asOf - last;
    }
    s.x[j] = events - 1;
    s.t_x[j] = (last - first) / unit;
    s.T[j] = (calEnd - first) / unit;
    const repeat = rows.repeat_sum[j];
    s.zbar[j] = events > 1 ? (repeat === null || Number.isNaN(repeat) ? 0 : num(repeat)) / (events - 1) : 0;
    s.holdout[j] = num(rows.holdout[j]);
  }
  return s;
}

/** Whether `col` is an array of strings (a summary's ids as they are). */
function stringArray(col: ArrayLike<unknown>): col is string[] {
  if (!Array.isArray(col)) return false;
  for (const v of col) if (typeof v !== 'string') return false;
  return true;
}
