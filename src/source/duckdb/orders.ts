/**
 * The orders table pushed down to DuckDB: its rows classified once into a temp table (order-rows.ts), then the
 * per-customer summaries, the run-wide counts and readOrders' diagnostics computed there. Only aggregates come
 * back: per customer, or per day (CLV's tracking chart's repeat purchases).
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic } from '../../types.js';
import { statusClassOf } from '../../ingest/status.js';
import { columnByRole, diag, num, t, where } from '../../analysis/common/index.js';
import type { CustomerSummary, SummaryOptions } from '../../analysis/user/customer-summary.js';
import type { RepeatDays } from '../../analysis/user/clv.js';
import { firstRowsNeededSql, orderRowsSql, type OrderColumns } from '../sql/order-rows.js';
import { need } from '../sql/dialect.js';
import {
  customerCodesSql,
  customerSummariesSql,
  fateCountsSql,
  fateGroupsSql,
  customerSummarySql,
  keptRowsNarrowSql,
  keptRowsSql,
  keptViewSql,
  repeatDaysInOrderSql,
  repeatDaysSql,
  summaryCountsSql,
  summaryFromRows,
  summaryGroupKey,
} from '../sql/customer-summary.js';
import { SourceError, sequentially, type SqlEngine, type OpenedSource, type SourceColumn } from '../engine.js';

/** The orders source, classified in the engine: ready for summaries. */
export interface PushedOrders {
  dataset: Dataset;
  /** Rows of the source. */
  rows: number;
  /** The latest day (Excel serial) of the date column, over every row: the as-of date a sheet would give. */
  latestDay: number | null;
  /** What readOrders would say of the rows (rows skipped, statuses left out or unknown). */
  diagnostics: Diagnostic[];
  /** Customer ids by code, in order of first appearance (readOrders' `customers`). */
  customers: string[];
}

/** Every source row with its fate (orderRowsSql), until releaseRows. */
export const ROWS = 'lb_rows';
const CUSTOMERS = 'lb_cust';
/** The rows by fate and customer (fateGroupsSql), while the codes and counts are read from them. */
const GROUPS = 'lb_fate_cust';
/** The kept rows by customer code, then time, then file position (keptRowsSql). */
export const KEPT = 'lb_kept';
/** DuckDB: the table behind the view KEPT (keptRowsNarrowSql). */
const KEPT_ROWS = 'lb_kept_rows';

/** The source column of a dataset column (the grid's columns are the source's, in order). */
export function sourceColumn(src: OpenedSource, c: ColumnInfo): SourceColumn {
  let i = 0;
  for (const ch of c.letter) i = i * 26 + (ch.charCodeAt(0) - 64);
  return src.columns[i - 1];
}

/** The role's source column, checked to hold what the role needs; a SourceError naming source and column if not. */
async function roleColumn(
  engine: SqlEngine,
  src: OpenedSource,
  ds: Dataset,
  role: Role,
  need: 'any' | 'number' | 'date',
): Promise<SourceColumn | undefined> {
  const info = columnByRole(ds, role);
  if (!info) return undefined;
  // A column ingest made (an amount from quantity × unit price) is not in the table: the SQL cannot read it.
  const col = sourceColumn(src, info) as SourceColumn | undefined;
  if (!col)
    throw new SourceError(
      `${src.source.spec}: the ${role} column "${info.header}" is one Loopbook computes while reading a sheet (for example an amount from quantity × unit price), not a column of the table, so it cannot be summarised where the rows lie. Read the file as a sheet (loopbook analyze <file>) if it fits in one, or add the ${role} column to the table.`,
    );
  const ok =
    need === 'any' || (need === 'number' ? col.type === 'number' : col.type === 'date' || col.type === 'timestamp');
  if (ok) return col;
  const d = engine.dialect;
  const q = d.ident(col.name);
  const bad = await engine.rows(
    `SELECT DISTINCT ${d.text(q, col.type)} AS v FROM ${src.raw} WHERE ${q} IS NOT NULL AND ${d.tryCast(q, need === 'number' ? 'double' : 'date')} IS NULL LIMIT 3`,
  );
  const examples = bad.map((r) => `"${String(r.v)}"`).join(', ');
  throw new SourceError(
    `${src.source.spec}: column "${col.name}" (the ${role} column) holds ${col.engineType}, not ${need === 'number' ? 'numbers' : 'dates'}${examples ? `; for example ${examples}` : ''}. Fix the values, or give the role to another column in the recipe.`,
  );
}

/**
 * Classifies the orders rows in the engine (temp tables `lb_rows`, `lb_cust`, `lb_kept`) and gathers readOrders'
 * messages. `lb_rows` stays until releaseRows.
 */
export async function pushOrders(engine: SqlEngine, src: OpenedSource, ds: Dataset): Promise<PushedOrders> {
  const d = engine.dialect;
  const customer = await roleColumn(engine, src, ds, 'customer_id', 'any');
  const date = await roleColumn(engine, src, ds, 'date', 'date');
  const amount = await roleColumn(engine, src, ds, 'amount', 'number');
  if (!customer || !date || !amount) {
    const missing = [!customer && 'customer_id', !date && 'date', !amount && 'amount'].filter(Boolean).join(', ');
    throw new SourceError(
      `${src.source.spec}: the orders table has no ${missing} column; name the column's role in the recipe.`,
    );
  }
  const orderId = await roleColumn(engine, src, ds, 'order_id', 'any');
  const status = await roleColumn(engine, src, ds, 'status', 'any');
  const refunded = await roleColumn(engine, src, ds, 'refunded_amount', 'number');
  const channel = await roleColumn(engine, src, ds, 'channel', 'any');
  const classify = statusClassOf(ds);
  const statuses: [string, NonNullable<ReturnType<typeof classify>>][] = [];
  if (status?.type === 'text') {
    const values = await engine.rows(`SELECT DISTINCT ${d.ident(status.name)} AS v FROM ${src.raw} LIMIT 100001`);
    for (const r of values) {
      const cls = classify(r.v);
      if (typeof r.v === 'string' && cls) statuses.push([r.v, cls]);
    }
  }
  const columns: OrderColumns = {
    customer: { name: customer.name, type: customer.type },
    date: { name: date.name, type: date.type as 'date' | 'timestamp' },
    amount: { name: amount.name },
    ...(orderId ? { orderId: { name: orderId.name, type: orderId.type } } : {}),
    ...(status ? { status: { name: status.name } } : {}),
    ...(refunded ? { refundedAmount: { name: refunded.name } } : {}),
    ...(channel ? { channel: { name: channel.name, type: channel.type } } : {}),
  };
  const spec = { from: src.view, columns, statuses };
  if (d.name === 'duckdb') {
    // A view, not a table: at 100M rows the classified rows (about 130 bytes each) were 13 GB, spilled to disk under
    // the memory limit; the few queries that read them classify the file's rows again, in one pass when no order
    // needs its first row found (the usual export).
    const [need] = orderId ? await engine.guard(src.source, () => engine.rows(firstRowsNeededSql(spec, d))) : [];
    const sql = orderRowsSql({ ...spec, firstRows: need === undefined || Number(need.n) > 0 }, d);
    await engine.guard(src.source, () => engine.run(`CREATE OR REPLACE TEMP VIEW ${ROWS} AS ${sql}`));
  } else await engine.guard(src.source, () => engine.createTable(ROWS, orderRowsSql(spec, d)));
  // The customers' codes and the rows by fate (with the latest day) from one pass over the rows.
  await engine.createTable(GROUPS, fateGroupsSql(ROWS));
  await engine.createTable(CUSTOMERS, customerCodesSql(GROUPS));
  const fates = await engine.rows(fateCountsSql(GROUPS));
  await engine.dropTable(GROUPS);
  if (d.name === 'duckdb') {
    const wholeDays = columns.date.type === 'date';
    await engine.createTable(KEPT_ROWS, keptRowsNarrowSql(ROWS, CUSTOMERS, wholeDays));
    await engine.run(`CREATE OR REPLACE TEMP VIEW ${KEPT} AS ${keptViewSql(KEPT_ROWS, wholeDays)}`);
  } else await engine.createTable(KEPT, keptRowsSql(ROWS, CUSTOMERS));
  const latest = fates
    .map((f) => f.latest)
    .filter((x) => x !== null && x !== undefined)
    .map(Number);
  const total = { n: fates.reduce((a, f) => a + Number(f.n), 0), latest: latest.length ? Math.max(...latest) : null };
  const customers = (await engine.columns(`SELECT cust FROM ${CUSTOMERS} ORDER BY code`)).columns[0] as string[];
  const diagnostics = await rowDiagnostics(engine, ds, fates, {
    customer: columnByRole(ds, 'customer_id')!,
    date: columnByRole(ds, 'date')!,
    amount: columnByRole(ds, 'amount')!,
    status: columnByRole(ds, 'status'),
  });
  return {
    dataset: ds,
    rows: total.n,
    latestDay: total.latest,
    diagnostics,
    customers: customers ?? [],
  };
}

/**
 * Drops the classified rows (`lb_rows`) once the rollups that read every row (order revenue by channel) are done:
 * the summaries read the kept rows only.
 */
export async function releaseRows(engine: SqlEngine): Promise<void> {
  if (engine.dialect.name === 'duckdb') await engine.run(`DROP VIEW IF EXISTS ${ROWS}`);
  else await engine.dropTable(ROWS);
}

/**
 * Drops the kept rows and the customers' codes once every rollup of the run has read them: at 100M rows DuckDB would
 * otherwise hold them (up to its memory limit) while the analyses, the report and the workbook are made.
 */
export async function releaseKept(engine: SqlEngine): Promise<void> {
  if (engine.dialect.name === 'duckdb') {
    await engine.run(`DROP VIEW IF EXISTS ${KEPT}`);
    await engine.dropTable(KEPT_ROWS);
  } else await engine.dropTable(KEPT);
  await engine.dropTable(CUSTOMERS);
}

/** readOrders' messages about the rows: those dropped for a missing value, statuses left out or not known. */
async function rowDiagnostics(
  engine: SqlEngine,
  ds: Dataset,
  counts: Record<string, unknown>[],
  cols: { customer: ColumnInfo; date: ColumnInfo; amount: ColumnInfo; status?: ColumnInfo },
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const d = engine.dialect;
  const fates = counts.some((f) => String(f.fate).startsWith('bad_'))
    ? await engine.rows(
        `SELECT fate, count(*) AS n, ${d.smallest('rn', 5)} AS rows FROM ${ROWS} WHERE fate LIKE 'bad_%' GROUP BY fate`,
      )
    : [];
  const what = {
    bad_id: [cols.customer, t('customer', '客户')],
    bad_date: [cols.date, t('date', '日期')],
    bad_amount: [cols.amount, t('amount', '金额')],
  } as const;
  for (const key of ['bad_id', 'bad_date', 'bad_amount'] as const) {
    const f = fates.find((r) => r.fate === key);
    if (!f) continue;
    const [col, label] = what[key];
    const rows = (f.rows as unknown[]).map(Number);
    out.push(
      diag(
        'user.rows_skipped',
        'warning',
        t(
          `${f.n as number} order rows have no usable ${label.en} and were left out.`,
          `${f.n as number} 行订单的${label['zh-CN']}无效，已排除。`,
        ),
        where(ds, col, rows, Number(f.n)),
      ),
    );
  }
  if (!cols.status) return out;
  const left = await engine.rows(
    `SELECT status, count(*) AS n, coalesce(sum(written) FILTER (WHERE isFinite(written)), 0) AS amount, ${d.smallest('rn', 5)} AS rows
     FROM ${ROWS} WHERE fate = 'left_out' GROUP BY status ORDER BY min(rn)`,
  );
  for (const r of left) {
    const a = money(Math.round(Number(r.amount) * 100) / 100, cols.amount.currency);
    const rows = (r.rows as unknown[]).map(Number);
    out.push(
      diag(
        'user.status_left_out',
        'info',
        t(
          `${num(Number(r.n), 'en', 0)} orders ${String(r.status)} not counted, ${a}.`,
          `${num(Number(r.n), 'zh-CN', 0)} 笔“${String(r.status)}”订单未计入，金额 ${a}。`,
        ),
        where(ds, cols.status, rows, Number(r.n)),
      ),
    );
  }
  const unknown = await engine.rows(
    `SELECT status, count(*) AS n FROM ${ROWS} WHERE fate = 'kept' AND cls IS NULL AND ${need(d, 'trim')("coalesce(status, '')")} <> ''
     GROUP BY status ORDER BY min(rn)`,
  );
  if (unknown.length > 0) {
    const list = unknown.map((r) => `${String(r.status)} (${r.n as number})`).join(', ');
    const n = unknown.reduce((a, r) => a + Number(r.n), 0);
    out.push(
      diag(
        'user.status_unknown',
        'info',
        t(
          `${n} orders have a status Loopbook does not know and were counted as paid: ${list}.`,
          `${n} 笔订单的状态无法识别，已按已付款计入：${list}。`,
        ),
        where(ds, cols.status),
      ),
    );
  }
  return out;
}

function money(x: number, cur: string | undefined): string {
  const num = x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (!cur) return num;
  return /^[A-Z]{3}$/.test(cur) ? `${num} ${cur}` : `${cur}${num}`;
}

/** The customer summary for `opts`, computed in the engine (one row per customer comes back). */
export async function pushedSummary(engine: SqlEngine, opts: SummaryOptions): Promise<CustomerSummary> {
  return (await pushedSummaries(engine, [opts]))[0];
}

/**
 * The customer summaries for each of `list`, computed in the engine. On DuckDB the summaries by order and by day of
 * options sharing the as-of day, calibration end and refunds come from one pass (customerSummariesSql), and the ids
 * from `customers` (the codes' ids, PushedOrders.customers; read from the engine when not given); elsewhere one
 * query per summary (customerSummarySql).
 */
export async function pushedSummaries(
  engine: SqlEngine,
  list: readonly SummaryOptions[],
  customers?: readonly string[],
): Promise<CustomerSummary[]> {
  const out = new Array<CustomerSummary>(list.length);
  if (engine.dialect.name !== 'duckdb') {
    for (const [i, opts] of list.entries()) out[i] = await oneSummary(engine, opts);
    return out;
  }
  const ids =
    customers ?? ((await engine.columns(`SELECT cust FROM ${CUSTOMERS} ORDER BY code`)).columns[0] as string[]);
  const groups = new Map<string, number[]>();
  list.forEach((o, i) => groups.set(summaryGroupKey(o), [...(groups.get(summaryGroupKey(o)) ?? []), i]));
  for (const members of groups.values()) {
    const opts = list[members[0]];
    const modes = {
      orders: members.some((i) => !list[i].mergeSameDay),
      days: members.some((i) => list[i].mergeSameDay),
    };
    const sql = customerSummariesSql(KEPT, opts, modes, engine.dialect);
    // One thread reading the stored order: each sum adds its rows as summarizeCustomers does (Dialect.sequentialSum).
    const { columns } = await sequentially(engine, async () => {
      try {
        for (const s of sql.setup) await engine.run(s);
        return await engine.columns(sql.select);
      } finally {
        for (const t of sql.drop) await engine.dropTable(t);
      }
    });
    const [code, first, last, orders, days, revenue, eventsO, repeatO, holdO, eventsD, repeatD, holdD] = columns;
    const id = code.map((c) => ids[c as number]);
    for (const i of members) {
      const byDay = list[i].mergeSameDay;
      const rows = {
        id,
        first,
        last,
        orders,
        days,
        revenue,
        events: byDay ? eventsD : eventsO,
        repeat_sum: byDay ? repeatD : repeatO,
        holdout: byDay ? holdD : holdO,
      };
      out[i] = summaryFromRows(rows, await summaryCounts(engine, list[i]), list[i]);
    }
  }
  return out;
}

/** The run-wide counts of summarizeCustomers for `opts`. */
async function summaryCounts(
  engine: SqlEngine,
  opts: SummaryOptions,
): Promise<{ refund_rows: number; refund_total: number; future_rows: number }> {
  const [c] = await engine.rows(summaryCountsSql(KEPT, opts));
  return {
    refund_rows: Number(c.refund_rows),
    refund_total: Number(c.refund_total),
    future_rows: Number(c.future_rows),
  };
}

/** One summary, one query (customerSummarySql): the engines without customerSummariesSql's `lag(…) OVER ()`. */
async function oneSummary(engine: SqlEngine, opts: SummaryOptions): Promise<CustomerSummary> {
  const sql = customerSummarySql({ kept: KEPT, customers: CUSTOMERS }, opts, engine.dialect);
  const { columns } = await sequentially(engine, () => engine.columns(sql));
  const [, id, first, last, orders, days, revenue, events, repeatSum, holdout] = columns;
  const rows = { id, first, last, orders, days, revenue, events, repeat_sum: repeatSum, holdout };
  return summaryFromRows(rows, await summaryCounts(engine, opts), opts);
}

/**
 * CLV's tracking chart's counts (clv.ts `RepeatDays`): each day's customers buying then having bought before, over
 * every kept purchase row, computed in the engine (repeatDaysSql).
 */
export async function pushedRepeatDays(engine: SqlEngine): Promise<RepeatDays> {
  const { columns } =
    engine.dialect.name === 'duckdb'
      ? await sequentially(engine, () => engine.columns(repeatDaysInOrderSql(KEPT)))
      : await engine.columns(repeatDaysSql(KEPT));
  const [day, n] = columns;
  return { day: Float64Array.from(day ?? [], Number), n: Float64Array.from(n ?? [], Number) };
}
