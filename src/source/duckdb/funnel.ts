/**
 * The funnel's buyers on a pushed-down orders table (sql/funnel-buyers.ts): what funnelBuyers gives on the same
 * rows, computed from the classified rows (pushOrders' `lb_rows`) before they are released.
 */
import type { FunnelBuyers } from '../../analysis/marketing/funnel/read.js';
import { funnelBuyersSql, funnelRowsSql, type FunnelBuyersOptions } from '../sql/funnel-buyers.js';
import type { SqlEngine } from '../engine.js';
import { ROWS } from './orders.js';

const STORED = 'lb_funnel';

/** The buyers, their valid orders and first channel, and the value of the valid rows. */
export async function pushedFunnelBuyers(engine: SqlEngine, o: FunnelBuyersOptions): Promise<FunnelBuyers> {
  const d = engine.dialect;
  const [{ saved }] = await engine.rows(d.sequential.saved);
  for (const sql of d.sequential.begin) await engine.run(sql);
  try {
    await engine.createTable(STORED, funnelRowsSql(ROWS, o, d));
    const q = funnelBuyersSql(STORED, d);
    const { columns } = await engine.columns(q.buyers);
    const [id, n, ch] = columns;
    const [value] = await engine.rows(q.value);
    const orders = n.map(Number);
    return {
      ids: id.map(String),
      orders,
      channel: ch.map((c) => (c === null ? null : (c as string))),
      value: Number(value.n) > 0 ? Number(value.value) : 0,
      valueN: orders.reduce((a, b) => a + b, 0),
    };
  } finally {
    for (const sql of d.sequential.end(String(saved))) await engine.run(sql);
    await engine.dropTable(STORED);
  }
}
