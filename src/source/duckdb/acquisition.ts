/**
 * Acquisition quality on a pushed-down orders table (sql/acquisition.ts): the first-order channels and the reduced
 * purchase lines (AcquisitionLines) the analysis would compute from the rows, computed from the kept rows (`lb_kept`).
 */
import type {
  AcquisitionLines,
  AcquisitionOptions,
  FirstOrderChannels,
} from '../../analysis/loop/acquisition-quality.js';
import {
  acquisitionLinesSql,
  acquisitionSql,
  acquisitionStartsSql,
  firstOrderChannelsSql,
} from '../sql/acquisition.js';
import { sequentially, type SqlEngine } from '../engine.js';
import { KEPT } from './orders.js';

const CUSTOMERS = 'lb_acq_c',
  LINES = 'lb_acq_l';

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/**
 * Each customer's first-order channel and its day, with each customer's code in the maps' order (the customers by
 * code: the orders read's `customers`, one row per code, so the maps keep one entry per row in the rows' order).
 */
export async function pushedFirstOrderChannels(
  engine: SqlEngine,
  customers: readonly string[],
): Promise<FirstOrderChannels> {
  const rows = await engine.rows(firstOrderChannelsSql(KEPT, engine.dialect));
  const channelOf = new Map<string, string>();
  const startOf = new Map<string, number>();
  const codes = new Int32Array(rows.length);
  rows.forEach((r, k) => {
    const c = n(r.code);
    const id = customers[c];
    codes[k] = c;
    channelOf.set(id, String(r.channel));
    startOf.set(id, n(r.first_day));
  });
  return { channelOf, startOf, codes };
}

/** One customer of the analysis: its code in the orders (undefined: none), channel and sign-up day if known. */
export interface AcquisitionEntry {
  code: number | undefined;
  channel: string;
  start: number | undefined;
}

/** The AcquisitionLines of the customers, in their order, as acquisitionLines gives them from the rows. */
export async function pushedAcquisitionLines(
  engine: SqlEngine,
  entries: readonly AcquisitionEntry[],
  asOf: number,
  o: Pick<AcquisitionOptions, 'margin' | 'maxPaybackMonths'>,
): Promise<AcquisitionLines> {
  const d = engine.dialect;
  const channels: string[] = [];
  const chIndex = new Map<string, number>();
  const rows: number[][] = [];
  entries.forEach((e, k) => {
    let ch = chIndex.get(e.channel);
    if (ch === undefined) {
      ch = channels.length;
      chIndex.set(e.channel, ch);
      channels.push(e.channel);
    }
    if (e.code !== undefined) rows.push([k, e.code, ch, e.start ?? 0, e.start === undefined ? 0 : 1]);
  });
  const N = entries.length;
  const M = o.maxPaybackMonths;
  const out: AcquisitionLines = {
    start: Float64Array.from(entries, (e) => e.start ?? NaN),
    purchases: new Int32Array(N),
    first: new Float64Array(N).fill(NaN),
    next: new Float64Array(N).fill(NaN),
    perMonth: new Float64Array(N * M),
    revenue: new Map(),
  };
  await engine.insert(
    CUSTOMERS,
    ['k', 'code', 'ch', 'start', 'known'].map((name) => ({ name, type: 'integer' as const })),
    rows,
  );
  const so = { asOf, margin: o.margin, maxPaybackMonths: M };
  try {
    for (const r of await engine.rows(acquisitionStartsSql(KEPT, CUSTOMERS))) out.start[n(r.k)] = n(r.s);
    await sequentially(engine, async () => {
      await engine.createTable(LINES, acquisitionLinesSql(KEPT, CUSTOMERS, so, d));
      const q = acquisitionSql(LINES, so, d);
      const { columns } = await engine.columns(q.customers);
      // No row: DuckDB gives no columns.
      const [k = [], purchases, first, next] = columns;
      k.forEach((kk, j) => {
        const i = n(kk);
        out.purchases[i] = n(purchases[j]);
        if (first[j] !== null) out.first[i] = n(first[j]);
        if (next[j] !== null) out.next[i] = n(next[j]);
      });
      for (const r of await engine.rows(q.months)) out.perMonth[n(r.k) * M + n(r.m)] = n(r.mv);
      // Every channel of a customer, in order of its first customer, as acquisitionLines sets them: 0 for one whose
      // customers have no line up to the as-of date (no group in the SQL).
      for (const ch of channels) out.revenue.set(ch, 0);
      for (const r of await engine.rows(q.channels)) out.revenue.set(channels[n(r.ch)], n(r.revenue));
    });
  } finally {
    await engine.dropTable(CUSTOMERS);
    await engine.dropTable(LINES);
  }
  return out;
}
