/**
 * The lifecycle analysis on a pushed-down orders table: sql/lifecycle.ts judges every customer at every snapshot in
 * the engine, and the aggregates that come back are put together here into the LifecycleBuilt buildLifecycle would
 * give on the same rows (lifecycle.ts reads it from the run's memo).
 */
import {
  SHOW_RANK,
  STAGES,
  snapshotDates,
  type LifecycleBuilt,
  type LifecycleCustomer,
  type LifecycleOptions,
  type Stage,
} from '../../analysis/user/lifecycle.js';
import {
  lifecycleAggregatesSql,
  lifecycleDaysSql,
  lifecycleNowSql,
  lifecycleRevenueRowsSql,
  lifecycleStatesSql,
} from '../sql/lifecycle.js';
import type { SqlEngine } from '../engine.js';
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
  engine: SqlEngine,
  opts: LifecycleOptions,
  asOf: number,
  customers: readonly string[],
): Promise<LifecycleBuilt> {
  const d = engine.dialect;
  const snaps = snapshotDates(asOf, opts.period, opts.periods);
  const K = snaps.length;
  const o = { ...opts, snapshots: snaps.map((s) => s.date) };
  const agg: Record<string, Record<string, unknown>[]> = {};
  let list: unknown[][];
  try {
    // The windows and the joins run on every thread; only the sums need the rows in order on one.
    await engine.createTable(DAYS, lifecycleDaysSql(KEPT, o, d));
    await engine.createTable(STATES, lifecycleStatesSql(DAYS, o, d));
    const [{ saved }] = await engine.rows(d.sequential.saved);
    for (const sql of d.sequential.begin) await engine.run(sql);
    try {
      await engine.createTable(REVENUE, lifecycleRevenueRowsSql(KEPT, asOf, d));
      await engine.createTable(NOW, lifecycleNowSql(STATES, REVENUE, K - 1, d));
      const rank = STAGES.map((s) => SHOW_RANK[s]);
      const { customers: all, ...queries } = lifecycleAggregatesSql({ states: STATES, now: NOW }, K, rank, d);
      for (const [name, sql] of Object.entries(queries)) agg[name] = await engine.rows(sql);
      list = (await engine.columns(all)).columns;
    } finally {
      for (const sql of d.sequential.end(String(saved))) await engine.run(sql);
    }
  } finally {
    for (const t of [DAYS, STATES, REVENUE, NOW]) await engine.dropTable(t);
  }
  return lifecycleBuilt(agg, K, customerList(list, customers));
}

/** The customers' columns (`code, stage, iv, since, days, rev`) as typed arrays, ids by code. */
export interface LifecycleColumns {
  ids: readonly string[];
  code: Int32Array;
  stage: Int8Array;
  /** The usual interval, NaN on the fixed windows. */
  iv: Float64Array;
  since: Float64Array;
  days: Int32Array;
  rev: Float64Array;
}

function customerList(columns: unknown[][], ids: readonly string[]): LifecycleColumns {
  const [code, stage, iv, since, days, rev] = columns;
  return {
    ids,
    code: Int32Array.from(code, n),
    stage: Int8Array.from(stage, n),
    iv: Float64Array.from(iv, (v) => (v === null ? Number.NaN : n(v))),
    since: Float64Array.from(since, n),
    days: Int32Array.from(days, n),
    rev: Float64Array.from(rev, n),
  };
}

/**
 * LifecycleBuilt of the aggregates and the customers' columns (pure): judgeSnapshots' counts and sums, and the
 * customers in the table's order (showOrder, which puts ties of revenue in id order as JavaScript compares ids).
 */
export function lifecycleBuilt(
  agg: Record<string, Record<string, unknown>[]>,
  snapshots: number,
  c: LifecycleColumns,
): LifecycleBuilt {
  const counts = Array.from({ length: snapshots }, emptyCounts);
  for (const r of agg.counts) counts[n(r.k)][STAGES[n(r.stage)]] = n(r.n);
  const transitions = new Map<string, number>();
  for (const r of agg.transitions)
    transitions.set(`${n(r.prev) < 0 ? 'none' : STAGES[n(r.prev)]}>${STAGES[n(r.stage)]}`, n(r.n));
  const revenue = emptyCounts(),
    daysSince = emptyCounts();
  let personal = 0;
  for (const r of agg.stages) {
    const s = STAGES[n(r.stage)];
    revenue[s] = n(r.revenue);
    daysSince[s] = n(r.since);
    personal += n(r.personal);
  }
  const at = (i: number): LifecycleCustomer => {
    const iv = Number.isNaN(c.iv[i]) ? null : c.iv[i];
    return {
      id: c.ids[c.code[i]],
      // The code into the run's customer list (the orders' customers, passed as `ids`): Customer facts places the
      // row by it (FullTable.customers) instead of looking the id up.
      code: c.code[i],
      judgement: {
        stage: STAGES[c.stage[i]],
        basis: iv === null ? 'fixed' : 'personal',
        interval: iv,
        daysSince: c.since[i],
      },
      purchaseDays: c.days[i],
      revenue: c.rev[i],
    };
  };
  // The engine's order differs from JavaScript's only among equal revenue: a sort of an almost sorted list.
  const rank = STAGES.map((s) => SHOW_RANK[s]);
  const id = (i: number) => c.ids[c.code[i]];
  const order = Array.from({ length: c.code.length }, (_, i) => i).sort(
    (a, b) => rank[c.stage[a]] - rank[c.stage[b]] || c.rev[b] - c.rev[a] || (id(a) < id(b) ? -1 : 1),
  );
  return {
    customers: c.code.length,
    stages: { counts, transitions, personal, revenue, daysSince },
    list: { at: (k) => at(order[k]), codeAt: (k) => c.code[order[k]] },
  };
}
