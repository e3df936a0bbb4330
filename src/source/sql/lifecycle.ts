/**
 * The lifecycle analysis's rollup (src/analysis/user/lifecycle.ts `buildLifecycle`: `purchaseHistory`,
 * `judgeSnapshots`, `stageFrom`), compiled to SQL over the kept order rows (customer-summary.ts `keptRowsSql`).
 * Definitions are lifecycle.ts' own:
 * - a customer's purchase days: the distinct whole days of their purchases (refunds are not purchases) on or before
 *   the as-of date; customers without one are left out;
 * - at a snapshot date d, the days ≤ d count: first and last of them, and the usual interval: the exact median
 *   (type 7, Dialect.median) of the gaps between consecutive days, when there are at least `minIntervals` gaps;
 * - the stage at d: new when d − first ≤ newDays; else by d − last against max(factor · interval, minWindowDays)
 *   (own interval) or the fixed windows (without one): active, at risk, dormant, else churned;
 * - revenue to date: purchase amounts less refunds (as positive numbers) on or before the as-of date, added
 *   customer by customer, each customer's rows in file order (so the doubles equal the in-memory ones to the bit:
 *   the rows are stored in that order, see Dialect.sequentialSum).
 * Each customer's days are grouped by the first snapshot on or after them; at the last day of each group, the median
 * is taken over the gaps up to it (a join of the customer's gaps, cheaper than a running-median window); each
 * snapshot takes the state of the last group on or before it. Only aggregates come back (per snapshot and stage, per move between the last two snapshots, per
 * stage now) and the customers table's rows.
 */
import { need, type Dialect } from './dialect.js';

export interface LifecycleSqlOptions {
  /** Snapshot dates (Excel serials), ascending; the last one is the as-of date. */
  snapshots: readonly number[];
  newDays: number;
  minIntervals: number;
  factors: { active: number; atRisk: number; dormant: number };
  windows: { active: number; atRisk: number; dormant: number };
  minWindowDays: number;
}

/** Names of the tables the aggregates read. */
export interface LifecycleTables {
  /** `lifecycleStatesSql`'s rows: `code, k, stage, iv, since, days`. */
  states: string;
  /** `lifecycleNowSql`: one row per customer at the last snapshot with revenue, by code. */
  now: string;
}

/** A double literal of exactly `x` (a decimal literal would be DECIMAL in some engines). */
function dbl(x: number, d: Dialect): string {
  if (!Number.isFinite(x)) throw new Error(`lifecycle SQL: ${x} is not a number`);
  return d.double(d.literal(String(x)));
}

/** The first snapshot on or after `day`: each customer's days are grouped by it. */
function bucketOf(snaps: readonly number[], d: Dialect): string {
  return snaps.length === 1
    ? '0'
    : `CASE ${snaps
        .slice(0, -1)
        .map((s, k) => `WHEN day <= ${dbl(s, d)} THEN ${k}`)
        .join(' ')} ELSE ${snaps.length - 1} END`;
}

/**
 * SQL of each customer's purchase days up to the as-of date: `code, day, b` (the first snapshot on or after it),
 * `gap` (days since the one before, null for the first), `n` (its place, 1-based), `first` (the first day).
 */
export function lifecycleDaysSql(kept: string, o: LifecycleSqlOptions, d: Dialect): string {
  const snaps = o.snapshots;
  if (snaps.length === 0) throw new Error('lifecycle SQL: no snapshot');
  return `SELECT code, day, ${bucketOf(snaps, d)} AS b, day - ${d.lag('day', 'PARTITION BY code ORDER BY day')} AS gap,
  row_number() OVER (PARTITION BY code ORDER BY day) AS n, min(day) OVER (PARTITION BY code) AS first
FROM (SELECT DISTINCT code, day FROM ${kept} WHERE NOT refund AND day <= ${dbl(snaps[snaps.length - 1], d)}) lb_d`;
}

/**
 * SQL of each customer's state at each snapshot k (0-based) by which they had bought, from `days`
 * (lifecycleDaysSql's table): `code, k, stage` (the index in lifecycle.ts STAGES: new, active, at_risk, dormant,
 * churned), `iv` (the usual interval, null on the fixed windows), `since` (days since the last purchase), `days`
 * (purchase days so far).
 */
export function lifecycleStatesSql(days: string, o: LifecycleSqlOptions, d: Dialect): string {
  const values = o.snapshots.map((s, k) => `(${k}, ${dbl(s, d)})`).join(', ');
  const threshold = (factor: number, window: number) =>
    `CASE WHEN iv IS NULL THEN ${dbl(window, d)} ELSE greatest(${dbl(factor, d)} * iv, ${dbl(o.minWindowDays, d)}) END`;
  const f = o.factors,
    w = o.windows;
  return `WITH lb_e AS (SELECT code, b, min(first) AS first, max(day) AS last, max(n) AS n FROM ${days} GROUP BY code, b),
lb_m AS (SELECT lb_e.code AS code, lb_e.b AS b, ${need(d, 'median')('g.gap')} AS med FROM lb_e
  JOIN ${days} g ON g.code = lb_e.code AND g.n >= 2 AND g.n <= lb_e.n
  WHERE lb_e.n - 1 >= ${o.minIntervals} GROUP BY lb_e.code, lb_e.b),
lb_b AS (SELECT lb_e.code AS code, lb_e.b AS b, ${d.lead('lb_e.b', 'PARTITION BY lb_e.code ORDER BY lb_e.b')} AS nb,
  first, last, n, lb_m.med AS iv FROM lb_e LEFT JOIN lb_m ON lb_m.code = lb_e.code AND lb_m.b = lb_e.b),
lb_s (k, d) AS (VALUES ${values}),
lb_j AS (SELECT lb_b.code AS code, lb_s.k AS k, lb_s.d AS d, first, last, n, iv FROM lb_b CROSS JOIN lb_s
  WHERE lb_s.k >= lb_b.b AND (lb_b.nb IS NULL OR lb_s.k < lb_b.nb))
SELECT code, k, CASE
    WHEN d - first <= ${dbl(o.newDays, d)} THEN 0
    WHEN d - last <= ${threshold(f.active, w.active)} THEN 1
    WHEN d - last <= ${threshold(f.atRisk, w.atRisk)} THEN 2
    WHEN d - last <= ${threshold(f.dormant, w.dormant)} THEN 3
    ELSE 4
  END AS stage, iv, d - last AS since, n AS days
FROM lb_j`;
}

/** SQL of the rows revenue adds, `code, v` (refunds negative), to be stored by code then file position. */
export function lifecycleRevenueRowsSql(kept: string, asOf: number, d: Dialect): string {
  return `SELECT code, CASE WHEN refund THEN -abs(amt) ELSE amt END AS v FROM ${kept} WHERE day <= ${dbl(asOf, d)}
ORDER BY code, rn`;
}

/**
 * SQL of each customer at the last snapshot with revenue to date, by code: `code, stage, iv, since, days, rev`.
 * Run with the dialect's `sequential` settings over `revenueRows` stored in order.
 */
export function lifecycleNowSql(states: string, revenueRows: string, last: number, d: Dialect): string {
  return `SELECT s.code, s.stage, s.iv, s.since, s.days, r.rev FROM ${states} s JOIN (
  SELECT code, ${d.sequentialSum('v')} AS rev FROM ${revenueRows} GROUP BY code
) r USING (code) WHERE s.k = ${last} ORDER BY s.code`;
}

/**
 * The aggregate queries, each read back whole, and `customers`: one row per customer (`code, stage, iv, since, days,
 * rev`) in the customers table's order as far as the engine can tell it (`rank[s]` is where stage s comes, lifecycle.ts
 * SHOW_RANK; then revenue, then code): TypeScript puts ties of revenue in id order as JavaScript compares ids.
 */
export function lifecycleAggregatesSql(
  t: LifecycleTables,
  snapshots: number,
  rank: readonly number[],
  d: Dialect,
): Record<'counts' | 'transitions' | 'stages' | 'customers', string> {
  const last = snapshots - 1;
  const showRank = `CASE stage ${rank.map((r, s) => `WHEN ${s} THEN ${r}`).join(' ')} END`;
  return {
    /** Customers per snapshot and stage. */
    counts: `SELECT k, stage, count(*) AS n FROM ${t.states} GROUP BY k, stage`,
    /** Moves from the stage at the snapshot before the last (-1: not yet a customer) to the last. */
    transitions:
      snapshots >= 2
        ? `SELECT coalesce(p.stage, -1) AS prev, c.stage AS stage, count(*) AS n FROM ${t.states} c
  LEFT JOIN ${t.states} p ON p.code = c.code AND p.k = ${last - 1} WHERE c.k = ${last} GROUP BY coalesce(p.stage, -1), c.stage`
        : `SELECT -1 AS prev, 0 AS stage, 0 AS n WHERE false`,
    /** Per stage now: customers, revenue (in code order), days since the last purchase, on their own interval. */
    stages: `SELECT stage, count(*) AS n, ${d.sequentialSum('rev')} AS revenue, ${d.sequentialSum('since')} AS since,
  count(*) FILTER (WHERE iv IS NOT NULL) AS personal FROM ${t.now} GROUP BY stage`,
    /** Every customer, in about the table's order. */
    customers: `SELECT code, stage, iv, since, days, rev FROM ${t.now} ORDER BY ${showRank}, rev DESC, code`,
  };
}
