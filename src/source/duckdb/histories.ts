/**
 * The loop analyses' history totals and a campaign's buyers on a pushed-down orders table (sql/histories.ts): what
 * totalsBefore, windowTotals and campaignBuyers give on the same rows, computed from the kept rows (`lb_kept`) and
 * the source.
 */
import type { Dataset } from '../../ingest/types.js';
import type { EachTotals, HistoryTotals, WindowTotals } from '../../analysis/loop/common.js';
import type { CampaignBuyers } from '../../analysis/loop/before-after.js';
import { columnByRole } from '../../analysis/common/index.js';
import {
  campaignBuyersSql,
  historyLinesSql,
  topCampaignSql,
  totalsBeforeEachSql,
  totalsBeforeSql,
  windowTotalsSql,
  type CampaignColumns,
} from '../sql/histories.js';
import { sequentially, type OpenedSource, type SqlEngine } from '../engine.js';
import { KEPT, pushedDates, sourceColumn } from './orders.js';

/** The history lines, stored in order (historyLinesSql) until dropHistories. */
const LINES = 'lb_hist',
  DAYS = 'lb_hist_d';

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** Stores the history lines; the totals read them. */
export async function storeHistories(engine: SqlEngine): Promise<void> {
  await sequentially(engine, () => engine.createTable(LINES, historyLinesSql(KEPT, engine.dialect)));
}

export async function dropHistories(engine: SqlEngine): Promise<void> {
  await engine.dropTable(LINES);
}

/** The totals before day `d` of the `customers` customers (by code). */
export async function pushedTotals(engine: SqlEngine, d: number, customers: number): Promise<HistoryTotals> {
  const out: HistoryTotals = {
    n: new Int32Array(customers),
    first: new Float64Array(customers).fill(NaN),
    last: new Float64Array(customers).fill(NaN),
    spend: new Float64Array(customers),
  };
  const { columns } = await sequentially(engine, () => engine.columns(totalsBeforeSql(LINES, d, engine.dialect)));
  // No row: DuckDB gives no columns.
  const [code = [], count, first, last, spend] = columns;
  code.forEach((c, j) => {
    const k = n(c);
    out.n[k] = n(count[j]);
    out.first[k] = n(first[j]);
    out.last[k] = n(last[j]);
    out.spend[k] = n(spend[j]);
  });
  return out;
}

/** The totals of each customer before their own day (`days` by code, NaN: not asked), as totalsBeforeEach. */
export async function pushedTotalsEach(engine: SqlEngine, days: Float64Array): Promise<EachTotals> {
  const nC = days.length;
  const out: EachTotals = {
    n: new Int32Array(nC),
    first: new Float64Array(nC).fill(NaN),
    last: new Float64Array(nC).fill(NaN),
  };
  const rows: number[][] = [];
  days.forEach((d, c) => {
    if (d === d) rows.push([c, d]);
  });
  await engine.insert(
    DAYS,
    ['code', 'd'].map((name) => ({ name, type: 'integer' as const })),
    rows,
  );
  try {
    const { columns } = await engine.columns(totalsBeforeEachSql(LINES, DAYS));
    // No row: DuckDB gives no columns.
    const [code = [], count, first, last] = columns;
    code.forEach((c, j) => {
      const k = n(c);
      out.n[k] = n(count[j]);
      out.first[k] = n(first[j]);
      out.last[k] = n(last[j]);
    });
  } finally {
    await engine.dropTable(DAYS);
  }
  return out;
}

/** The window totals of [from, to) of the `customers` customers (by code). */
export async function pushedWindow(
  engine: SqlEngine,
  from: number,
  to: number,
  customers: number,
): Promise<WindowTotals> {
  const out: WindowTotals = { orders: new Int32Array(customers), spend: new Float64Array(customers) };
  const { columns } = await sequentially(engine, () =>
    engine.columns(windowTotalsSql(LINES, from, to, engine.dialect)),
  );
  const [code = [], orders, spend] = columns;
  code.forEach((c, j) => {
    out.orders[n(c)] = n(orders[j]);
    out.spend[n(c)] = n(spend[j]);
  });
  return out;
}

/** The buyers of `campaign` (null: the one with most buyers) over every row of the source; null as campaignBuyers. */
export async function pushedCampaignBuyers(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  campaign: string | null,
): Promise<CampaignBuyers | null> {
  const info = columnByRole(ds, 'campaign');
  const idInfo = columnByRole(ds, 'customer_id');
  const dateInfo = columnByRole(ds, 'date');
  if (!info || !idInfo || !dateInfo) return null;
  const campCol = sourceColumn(src, info);
  // Only text is a campaign name (a number never equals one).
  if (campCol.type !== 'text') return null;
  const id = sourceColumn(src, idInfo),
    date = sourceColumn(src, dateInfo);
  // Dates ingest reads from text (text-cells.ts): the source with each row's serial (pushedDates).
  const dated = pushedDates(engine);
  const c: CampaignColumns = {
    campaign: campCol.name,
    customer: { name: id.name, type: id.type },
    date: dated ? { name: dated.serial, serial: true } : { name: date.name, type: date.type as 'date' | 'timestamp' },
  };
  const rel = dated?.from ?? src.view;
  const d = engine.dialect;
  let name = campaign;
  if (name === null) {
    const [top] = await engine.rows(topCampaignSql(rel, c, d));
    if (!top) return null;
    name = String(top.name);
  }
  const rows = await engine.rows(campaignBuyersSql(rel, c, name, d));
  if (rows.length === 0) return null;
  let from = Infinity,
    to = -Infinity;
  for (const r of rows) {
    from = Math.min(from, n(r.lo));
    to = Math.max(to, n(r.hi));
  }
  return { ids: rows.map((r) => String(r.id)), from, to, name };
}
