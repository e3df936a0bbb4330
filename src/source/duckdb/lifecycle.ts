/**
 * The lifecycle analysis on a pushed-down orders table: sql/lifecycle.ts judges every customer at every snapshot in
 * the engine, and the aggregates that come back are put together here into the LifecycleBuilt buildLifecycle would
 * give on the same rows (lifecycle.ts reads it from the run's memo).
 */
import {
  SHOW_RANK,
  STAGES,
  showOrder,
  snapshotDates,
  type LifecycleBuilt,
  type LifecycleCustomer,
  type LifecycleOptions,
  type Stage,
} from '../../analysis/user/lifecycle.js';
import { duckdbDialect as d } from '../sql/dialect.js';
import {
  lifecycleAggregatesSql,
  lifecycleDaysSql,
  lifecycleNowSql,
  lifecycleRevenueRowsSql,
  lifecycleStatesSql,
} from '../sql/lifecycle.js';
import type { DuckEngine } from './engine.js';
import { KEPT } from './orders.js';

const DAYS = 'lb_lc_d',
  STATES = 'lb_lc_s',
  REVENUE = 'lb_lc_v',
  NOW = 'lb_lc_n';

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const emptyCounts = (): Record<Stage, number> => ({ new: 0, active: 0, at_risk: 0, dormant: 0, churned: 0 });

/**
 * The lifecycle for `opts` at `asOf`, computed in the engine from the kept rows (pushOrders). `customers` are the
 * ids by code.
 */
export async function pushedLifecycle(
  engine: DuckEngine,
  opts: LifecycleOptions,
  asOf: number,
  customers: readonly string[],
): Promise<LifecycleBuilt> {
  const snaps = snapshotDates(asOf, opts.period, opts.periods);
  const K = snaps.length;
  const o = { ...opts, snapshots: snaps.map((s) => s.date) };
  const agg: Record<string, Record<string, unknown>[]> = {};
  try {
    // The windows and the join run on every thread; only the sums need the rows in order on one.
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${DAYS} AS ${lifecycleDaysSql(KEPT, o, d)}`);
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${STATES} AS ${lifecycleStatesSql(DAYS, o, d)}`);
    const [{ saved }] = await engine.rows(d.sequential.saved);
    for (const sql of d.sequential.begin) await engine.run(sql);
    try {
      await engine.run(`CREATE OR REPLACE TEMP TABLE ${REVENUE} AS ${lifecycleRevenueRowsSql(KEPT, asOf, d)}`);
      await engine.run(`CREATE OR REPLACE TEMP TABLE ${NOW} AS ${lifecycleNowSql(STATES, REVENUE, K - 1, d)}`);
      const rank = STAGES.map((s) => SHOW_RANK[s]);
      const queries = lifecycleAggregatesSql({ states: STATES, now: NOW }, K, rank, opts.maxCustomerRows, d);
      for (const [name, sql] of Object.entries(queries)) agg[name] = await engine.rows(sql);
    } finally {
      for (const sql of d.sequential.end(String(saved))) await engine.run(sql);
    }
  } finally {
    for (const t of [DAYS, STATES, REVENUE, NOW]) await engine.run(`DROP TABLE IF EXISTS ${t}`);
  }
  return lifecycleBuilt(agg, K, customers, opts.maxCustomerRows);
}

/**
 * LifecycleBuilt of the aggregates (pure): judgeSnapshots' counts and sums, and the customers table's first `rows`
 * rows of the candidates.
 */
export function lifecycleBuilt(
  agg: Record<string, Record<string, unknown>[]>,
  snapshots: number,
  customers: readonly string[],
  rows: number,
): LifecycleBuilt {
  const counts = Array.from({ length: snapshots }, emptyCounts);
  for (const r of agg.counts) counts[n(r.k)][STAGES[n(r.stage)]] = n(r.n);
  const transitions = new Map<string, number>();
  for (const r of agg.transitions)
    transitions.set(`${n(r.prev) < 0 ? 'none' : STAGES[n(r.prev)]}>${STAGES[n(r.stage)]}`, n(r.n));
  const revenue = emptyCounts(),
    daysSince = emptyCounts();
  let personal = 0,
    total = 0;
  for (const r of agg.stages) {
    const s = STAGES[n(r.stage)];
    revenue[s] = n(r.revenue);
    daysSince[s] = n(r.since);
    personal += n(r.personal);
    total += n(r.n);
  }
  const candidates: LifecycleCustomer[] = agg.shown.map((r) => {
    const iv = r.iv === null ? null : n(r.iv);
    return {
      id: customers[n(r.code)],
      judgement: {
        stage: STAGES[n(r.stage)],
        basis: iv === null ? 'fixed' : 'personal',
        interval: iv,
        daysSince: n(r.since),
      },
      purchaseDays: n(r.days),
      revenue: n(r.rev),
    };
  });
  return {
    customers: total,
    stages: { counts, transitions, personal, revenue, daysSince },
    shown: candidates.sort(showOrder).slice(0, rows),
  };
}
