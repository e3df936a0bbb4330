/**
 * Order revenue by channel for the channel-performance analysis (src/analysis/marketing/channel-performance
 * check.ts `orderRevenueByChannel`), compiled to SQL over every row of the orders table (order-rows.ts: any fate,
 * any status). Definitions are orderRevenueByChannel's own: a row counts when its channel is not blank (after
 * trimming, Dialect.trim) and its amount as written is a finite number; the key is the channel in lower case; the
 * amounts are added in file order (so the doubles equal the in-memory ones to the bit: the rows are stored in that
 * order, see Dialect.sequentialSum). Lower case is the engine's (Dialect.lower): ClickHouse's is JavaScript's; DuckDB's
 * differs for a final sigma (σ, not ς) and a dotted capital I (i, not i̇).
 */
import { need, type Dialect } from './dialect.js';

/** SQL of the rows that count, `rn, k, v` (k the key, v the amount), to be stored in file order. */
export function channelRevenueRowsSql(rows: string, d: Dialect): string {
  return `SELECT rn, ${d.lower(need(d, 'trim')('ch'))} AS k, written AS v FROM ${rows}
WHERE ch IS NOT NULL AND ${need(d, 'trim')('ch')} <> '' AND written IS NOT NULL AND isFinite(written) ORDER BY rn`;
}

/** SQL of `k, revenue` per channel key; run with the dialect's `sequential` settings over the rows stored in order. */
export function channelRevenueSql(stored: string, d: Dialect): string {
  return `SELECT k, ${d.sequentialSum('v')} AS revenue FROM ${stored} GROUP BY k`;
}
