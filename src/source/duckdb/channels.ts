/**
 * Order revenue by channel on a pushed-down orders table (sql/channel-revenue.ts): the map orderRevenueByChannel
 * gives on the same rows, computed from the classified rows (pushOrders' `lb_rows`) before they are released.
 */
import { channelRevenueRowsSql, channelRevenueSql } from '../sql/channel-revenue.js';
import type { SqlEngine } from '../engine.js';
import { ROWS } from './orders.js';

const STORED = 'lb_chrev';

/** Revenue per lower-cased channel over every order row with a channel and an amount. */
export async function pushedChannelRevenue(engine: SqlEngine): Promise<Map<string, number>> {
  const d = engine.dialect;
  const [{ saved }] = await engine.rows(d.sequential.saved);
  for (const sql of d.sequential.begin) await engine.run(sql);
  try {
    await engine.createTable(STORED, channelRevenueRowsSql(ROWS, d));
    const rows = await engine.rows(channelRevenueSql(STORED, d));
    return new Map(rows.map((r) => [String(r.k), Number(r.revenue)]));
  } finally {
    for (const sql of d.sequential.end(String(saved))) await engine.run(sql);
    await engine.dropTable(STORED);
  }
}
