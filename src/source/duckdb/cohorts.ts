/**
 * The cohorts analysis on a pushed-down orders table: sql/cohorts.ts computes its rollup in the engine, and the
 * aggregates that come back are put together here into the CohortsBuilt buildCohorts and cohortMembers would give
 * on the same rows (cohorts.ts reads it from the run's memo).
 */
import {
  emptyCohort,
  type CohortOptions,
  type CohortsBuilt,
  type CohortData,
  type Cohort,
  type ChannelGroup,
} from '../../analysis/user/cohorts.js';
import { periodLabel, periodOf } from '../../analysis/user/orders.js';
import {
  cohortAggregatesSql,
  cohortCustomerTotalsSql,
  cohortCustomersSql,
  cohortRowsSql,
  offsetRevenueSql,
  cohortCustomersStreamSql,
  streamActiveSql,
  streamBlockersSql,
  streamRevenueSql,
  type ChannelSource,
  type CohortSqlOptions,
} from '../sql/cohorts.js';
import { besideEachOther, sequentially, type SqlEngine } from '../engine.js';
import { holdMemory, KEPT, keptRanges } from './orders.js';
import { partsTableSql } from '../sql/customer-summary.js';

const FIRSTS = 'lb_coh_f',
  ROWS = 'lb_coh_r',
  CUSTOMERS = 'lb_coh_c',
  CHANNELS = 'lb_coh_ch',
  /** DuckDB: an in-memory database attached for tables two connections share (firstsBeside). */
  SHARED = 'lb_shared';

/** Where the channels come from: a customer's channel by code (the customers table), the orders' column, or none. */
export type CohortChannels = { byCode: readonly (string | null)[] } | 'orders' | null;

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/**
 * The cohorts for `opts` at `asOf`, computed in the engine from the kept rows (pushOrders). `customers` are the ids
 * by code.
 */
export async function pushedCohorts(
  engine: SqlEngine,
  opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>,
  asOf: number,
  customers: readonly string[],
  channels: CohortChannels,
): Promise<CohortsBuilt> {
  const o = { ...opts, asOf };
  const d = engine.dialect;
  let ch: ChannelSource = null;
  if (channels === 'orders') ch = 'orders';
  else if (channels) {
    const rows: [number, string][] = [];
    channels.byCode.forEach((c, code) => {
      if (c !== null) rows.push([code, c]);
    });
    await engine.insert(
      CHANNELS,
      [
        { name: 'code', type: 'integer' },
        { name: 'ch', type: 'text' },
      ],
      rows,
    );
    ch = { table: CHANNELS };
  }
  const agg: Record<string, Record<string, unknown>[]> = {};
  let members: Members;
  const made = new Set([FIRSTS, ROWS, CUSTOMERS, CHANNELS]);
  try {
    if (d.name === 'duckdb') members = await duckCohorts(engine, o, ch, agg, made);
    else
      members = await sequentially(engine, async () => {
        await engine.createTable(FIRSTS, cohortCustomersSql(KEPT, o, ch, d));
        await engine.createTable(ROWS, cohortRowsSql(KEPT, FIRSTS, o, d));
        await engine.createTable(CUSTOMERS, cohortCustomerTotalsSql(FIRSTS, ROWS, d));
        for (const [name, sql] of Object.entries(cohortAggregatesSql({ customers: CUSTOMERS, rows: ROWS }, o, d)))
          agg[name] = await engine.rows(sql);
        return await membersOf(engine);
      });
  } finally {
    for (const t of made) await engine.dropTable(t);
  }
  const data = cohortData(agg, periodOf(asOf, opts.period));
  const labels = new Map<number, string>();
  const label = (p: number): string => {
    let l = labels.get(p);
    if (l === undefined) labels.set(p, (l = periodLabel(p, opts.period)));
    return l;
  };
  // Each channel's text once (at 10M customers a string per customer was hundreds of MB held to the report).
  const texts = new Map<string, string>();
  const text = (c: unknown): string => {
    const k = String(c);
    let t = texts.get(k);
    if (t === undefined) texts.set(k, (t = k));
    return t;
  };
  // Read in place, not through a copy: at 10M customers every array made here is 80 MB more at the run's peak.
  let all = members.code.length === customers.length;
  for (let j = 0; all && j < members.code.length; j++) all = n(members.code[j]) === j;
  const { names } = members;
  const built: CohortsBuilt = {
    data,
    hasChannels: channels !== null,
    members: {
      period: opts.period,
      // Every customer bought (codes 0, 1, …), the usual case: the customers' own array, not a copy.
      ids: all ? (customers as string[]) : Array.from(members.code, (c) => customers[n(c)]),
      cohort: Array.from(members.fp, (p) => label(n(p))),
      channel: channels !== null ? Array.from(members.ch, names ? (k) => text(names[n(k) - 1]) : text) : null,
    },
  };
  await holdMemory(engine, READING_MEMBERS, 0);
  return built;
}

/**
 * Each customer's code, cohort (first period) and channel, by code; with `names`, each channel is its place (from 1)
 * among them.
 */
interface Members {
  code: ArrayLike<unknown>;
  fp: ArrayLike<unknown>;
  ch: ArrayLike<unknown>;
  names?: readonly string[];
}

/**
 * DuckDB, kept rows in a database file: holdMemory's name for what the members take in JavaScript while they are read
 * and made into the cohorts' arrays (pushedCohorts sets it back to nothing; the run holds what stays), about this
 * many bytes per customer: three columns of doubles read, and the arrays of codes' checks, cohorts and channels. At
 * 100M rows the run's peak was there (5.25-5.56 GB in three runs), 10M customers' members made beside a DuckDB still
 * at its limit, lowered only after.
 */
const READING_MEMBERS = 'reading members';
const MEMBER_BYTES = 48;

async function membersOf(engine: SqlEngine): Promise<Members> {
  const { columns } = await engine.columns(`SELECT code, fp, ch FROM ${CUSTOMERS} ORDER BY code`);
  return { code: columns[0], fp: columns[1], ch: columns[2] };
}

/**
 * DuckDB: membersOf from the customers table in stored order, read by one thread: duckCohorts makes it by code (range
 * after range, each sorted). At 100M rows sorting its 10M rows again cost 12 CPU s.
 */
async function storedMembers(engine: SqlEngine, table = CUSTOMERS): Promise<Members> {
  // The channels as their place among the distinct ones, when they are few: numbers, not a string per customer.
  const distinct = (await engine.rows(`SELECT DISTINCT ch FROM ${table} LIMIT ${MAX_CHANNELS + 1}`)).map((r) =>
    String(r.ch),
  );
  if (distinct.length > MAX_CHANNELS) {
    const { columns } = await sequentially(engine, () => engine.columns(`SELECT code, fp, ch FROM ${table}`));
    return { code: columns[0], fp: columns[1], ch: columns[2] };
  }
  const d = engine.dialect;
  const list = `[${distinct.map((c) => d.literal(c)).join(', ')}]`;
  const [{ count }] = await engine.rows(`SELECT count(*) AS count FROM ${table}`);
  await holdMemory(engine, READING_MEMBERS, MEMBER_BYTES * n(count));
  const { columns } = await sequentially(engine, () =>
    engine.numberColumns(`SELECT code, fp, list_position(${list}, ch) AS ch FROM ${table}`),
  );
  return { code: columns[0], fp: columns[1], ch: columns[2], names: distinct };
}

/** Per engine: how its last cohorts read the kept rows (cohortsRead). */
const howRead = new WeakMap<SqlEngine, 'stream' | 'sorted'>();

/**
 * DuckDB: how the engine's last cohorts read the kept rows: `stream`, as stored (streamCohorts), or `sorted`, the rows
 * that count stored again in file order (storeRows); undefined before any. Tests check which way was taken.
 */
export function cohortsRead(engine: SqlEngine): 'stream' | 'sorted' | undefined {
  return howRead.get(engine);
}

/** Channels read back as their place among the distinct ones (storedMembers) up to this many. */
const MAX_CHANNELS = 1024;

/**
 * DuckDB: the cohorts' tables and aggregates (into `agg`), the tables made added to `made`. Only what needs the stored
 * order runs on one thread: the firsts (read in order), the sums. Tables made with ORDER BY keep it however many
 * threads make them. With the kept rows in ranges of customer codes (orders.ts keptRanges), each grouping by customer
 * is made range after range, appended in code order, and the distinct customers counted range by range: at 100M rows
 * one grouping of 10M customers spilled.
 */
async function duckCohorts(
  engine: SqlEngine,
  o: CohortSqlOptions,
  ch: ChannelSource,
  agg: Record<string, Record<string, unknown>[]>,
  made: Set<string>,
): Promise<Members> {
  const d = engine.dialect;
  const { ranges, schema, view } = keptRanges(engine);
  const split = schema !== undefined && ranges.length > 1;
  const parts: readonly ([number, number] | undefined)[] = split ? ranges : [undefined];
  const byRange = async (table: string, sql: (range: [number, number] | undefined) => string): Promise<void> => {
    for (const statement of partsTableSql(table, parts, sql)) await engine.run(statement);
  };
  // The first range read with the checks; when a customer of it already needs the rows stored again, the others
  // without them (cohortCustomersStreamSql `checks`).
  let blocked = false;
  let early: Early | undefined;
  if (split && view && engine.fork) {
    early = await firstsBeside(engine, o, ch, ranges, view, made);
    blocked = early.blocked;
  } else
    await sequentially(engine, async () => {
      const firsts = partsTableSql(FIRSTS, parts, (range) => cohortCustomersStreamSql(KEPT, o, ch, d, range));
      await engine.run(firsts[0]);
      blocked = n((await engine.rows(streamBlockersSql(FIRSTS)))[0].n) > 0;
      const rest = blocked
        ? partsTableSql(FIRSTS, parts, (range) => cohortCustomersStreamSql(KEPT, o, ch, d, range, false)).slice(1)
        : firsts.slice(1);
      for (const statement of rest) await engine.run(statement);
    });
  if (!blocked && parts.length > 1) blocked = n((await engine.rows(streamBlockersSql(FIRSTS)))[0].n) > 0;
  howRead.set(engine, blocked ? 'sorted' : 'stream');
  if (!blocked) return await streamCohorts(engine, o, agg, parts, early);
  const rowsTable = await storeRows(engine, o);
  made.add(rowsTable);
  const tables = { customers: CUSTOMERS, rows: rowsTable };
  const aggregates = cohortAggregatesSql(tables, o, d);
  // The sums read in stored order by one thread (Dialect.sequentialSum); the customers active per offset counted as
  // the stream does (activeCounts), from the kept rows: their stored order (code, day) is all it needs. Counting
  // distinct (code, offset) pairs of the stored rows instead took their channel along in every row: at 10M rows
  // storing the rows cost 4.5-5.0 CPU s with it, 2.8 without, and the counts 1.4 CPU s against 0.55.
  let counts = early?.counts;
  await sequentially(engine, async () => {
    await byRange(CUSTOMERS, (range) => cohortCustomerTotalsSql(FIRSTS, rowsTable, d, range, true));
    agg.offsets = await engine.rows(offsetRevenueSql(tables, d));
    agg.channels = await engine.rows(aggregates.channels);
    counts ??= await activeCounts(engine, o, parts);
  });
  withCounts(agg, counts!);
  for (const name of ['lastOffsets', 'channelCohorts', 'daysToSecond', 'secondPurchase'])
    agg[name] = await engine.rows(aggregates[name]);
  return await storedMembers(engine);
}

/**
 * DuckDB, when the kept rows read in stored order add each customer's rows in file order and no refund is read before
 * its customer's first purchase in that purchase's period (cohortCustomersStreamSql's `disorder`, `early`): the
 * cohorts' aggregates from the kept rows as they are read, without storing the rows that count sorted by file
 * position again (storeRows: at 100M rows the largest step of the cohorts, 63 CPU s) nor grouping them by customer
 * and offset to count distinct customers. The customers' table is the firsts' (their revenue and last offset made in
 * the same read); revenue per cohort and offset from one read of every row (its sums in stored order,
 * cohortStreamSql); the customers active per cohort, channel and offset range of customer codes by range, added up
 * (no customer is in two ranges).
 */
async function streamCohorts(
  engine: SqlEngine,
  o: CohortSqlOptions,
  agg: Record<string, Record<string, unknown>[]>,
  parts: readonly ([number, number] | undefined)[],
  early?: Early,
): Promise<Members> {
  const d = engine.dialect;
  const aggregates = cohortAggregatesSql({ customers: FIRSTS, rows: '' }, o, d);
  let counts = early?.counts;
  await sequentially(engine, async () => {
    agg.offsets = early?.offsets ?? (await engine.rows(streamRevenueSql(KEPT, o, d)));
    agg.channels = await engine.rows(aggregates.channels);
    counts ??= await activeCounts(engine, o, parts);
  });
  withCounts(agg, counts!);
  for (const name of ['lastOffsets', 'channelCohorts', 'daysToSecond', 'secondPurchase'])
    agg[name] = await engine.rows(aggregates[name]);
  return await storedMembers(engine, FIRSTS);
}

/**
 * DuckDB: the rows that count (cohortRowsSql) stored by code then file position; returns the table's name. When the
 * kept rows were sorted in ranges of customer codes (orders.ts `keptRanges`), as many rows do not fit in memory
 * either: sorted range by range, in the kept rows' database file, appended in code order.
 */
async function storeRows(engine: SqlEngine, o: CohortSqlOptions): Promise<string> {
  const d = engine.dialect;
  const { ranges, schema } = keptRanges(engine);
  if (!schema) {
    await engine.createTable(ROWS, cohortRowsSql(KEPT, FIRSTS, o, d, undefined, true));
    return ROWS;
  }
  const table = `${schema}.${ROWS}`;
  for (const sql of partsTableSql(table, ranges, (range) => cohortRowsSql(KEPT, FIRSTS, o, d, range, true), false))
    await engine.run(sql);
  return table;
}

/** The customers active per cohort and offset (by `fp|off`) and the rows of cohortAggregatesSql's `channelOffsets`. */
interface ActiveCounts {
  active: Map<string, number>;
  channelOffsets: Record<string, unknown>[];
}

/**
 * DuckDB: ActiveCounts from the kept rows in stored order and the firsts (streamActiveSql), range of customer codes by
 * range, added up (no customer is in two ranges). Run with the dialect's `sequential` settings.
 */
async function activeCounts(
  engine: SqlEngine,
  o: CohortSqlOptions,
  parts: readonly ([number, number] | undefined)[],
): Promise<ActiveCounts> {
  const d = engine.dialect;
  const counted: Record<string, unknown>[][] = [];
  for (const range of parts) counted.push(await engine.rows(streamActiveSql(KEPT, FIRSTS, o, d, range)));
  return addedCounts(counted);
}

/** ActiveCounts of streamActiveSql's rows of each range (no customer is in two ranges: the counts add up). */
function addedCounts(counted: readonly Record<string, unknown>[][]): ActiveCounts {
  const active = new Map<string, number>();
  const byChannel = new Map<string, { ch: unknown; off: unknown; n: number }>();
  for (const rows of counted)
    for (const r of rows) {
      const a = `${n(r.fp)}|${n(r.off)}`;
      active.set(a, (active.get(a) ?? 0) + n(r.n));
      const c = `${String(r.ch)}|${n(r.off)}`;
      const g = byChannel.get(c);
      if (g) g.n += n(r.n);
      else byChannel.set(c, { ch: r.ch, off: r.off, n: n(r.n) });
    }
  return { active, channelOffsets: [...byChannel.values()] };
}

/**
 * What firstsBeside made beside the firsts: whether the stream is not exact (`blocked`, streamBlockersSql of the
 * first range), the active counts (activeCounts) and, when it was not known blocked in time, the revenue per cohort
 * and offset from the stream (streamRevenueSql).
 */
interface Early {
  blocked: boolean;
  counts: ActiveCounts;
  offsets?: Record<string, unknown>[];
}

/**
 * DuckDB, the kept rows in ranges of a database file: the firsts (FIRSTS, cohortCustomersStreamSql range by range, in
 * code order), each range's active counts (streamActiveSql) and the revenue from the stream (streamRevenueSql, one
 * statement over every row: its sums in stored order cannot be split by range), as jobs on two connections
 * (besideEachOther), each on one thread in stored order as before, so every sum adds the same doubles in the same
 * order. Each range's firsts go to a table of their own in an in-memory database both connections see, copied into
 * FIRSTS in code order once all are made. The first range's firsts are made with the checks (the second's too when
 * it starts before the first has answered), the others with or without them as the first says (cohortCustomersStreamSql
 * `checks`); the revenue is left out, or unused, when the stream turns out not exact (storeRows). At 100M rows these
 * statements were about 29 s on one thread with the second core idle (firsts 15.1, revenue 9.7, active counts 5.3).
 */
async function firstsBeside(
  engine: SqlEngine,
  o: CohortSqlOptions,
  ch: ChannelSource,
  ranges: readonly [number, number][],
  view: string,
  made: Set<string>,
): Promise<Early> {
  const d = engine.dialect;
  // Tables both connections read: in a database of the engine's own memory (a temp table is one connection's; tables
  // in the kept rows' database file are written to it when committed: two connections making four tables of 1M rows
  // each, 1.8 CPU s there against 0.9).
  await engine.run(`ATTACH IF NOT EXISTS ':memory:' AS ${SHARED}`);
  if (ch !== null && ch !== 'orders') {
    const table = `${SHARED}.${CHANNELS}`;
    made.add(table);
    await engine.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${ch.table}`);
    ch = { table };
  }
  const part = (i: number): string => `${SHARED}.${FIRSTS}_${i}`;
  let blocked: boolean | undefined;
  // Jobs: the first two ranges, the revenue, the other ranges. The second range starts beside the first, with the
  // checks while the first has not answered (its table is the same with them, but dearer); the revenue, the longest
  // job, starts once the first has answered, so that it is not made for nothing when the stream is not exact.
  const REVENUE = 2;
  const rangeOf = (job: number): number => (job < REVENUE ? job : job - 1);
  const counted: Record<string, unknown>[][] = [];
  let offsets: Record<string, unknown>[] | undefined;
  const parts: string[] = [];
  // The ranges' firsts copied into FIRSTS in code order by this connection, those done so far, between its own jobs
  // (while the other connection works); each range's table dropped once copied (at 100M rows, 1M rows each).
  const copy = partsTableSql(FIRSTS, ranges, (_, i) => `SELECT * FROM ${part(i)}`);
  const done = new Set<number>();
  let copied = 0;
  const copyDone = async (): Promise<void> => {
    for (; done.has(copied); copied++) {
      await engine.run(copy[copied]);
      await engine.dropTable(part(copied));
    }
  };
  try {
    await sequentially(engine, async () => {
      await besideEachOther(
        engine,
        ranges.length + 1,
        async (e, job) => {
          if (e === engine) await copyDone();
          if (job === REVENUE) return blocked ? undefined : await e.rows(streamRevenueSql(KEPT, o, d));
          const i = rangeOf(job);
          parts[i] = part(i);
          await e.run(
            `CREATE OR REPLACE TABLE ${part(i)} AS ${cohortCustomersStreamSql(KEPT, o, ch, d, ranges[i], blocked !== true)}`,
          );
          if (i === 0) blocked = n((await e.rows(streamBlockersSql(part(0))))[0].n) > 0;
          const active = await e.rows(streamActiveSql(KEPT, part(i), o, d, ranges[i]));
          done.add(i);
          return active;
        },
        (job, rows) => {
          if (job === REVENUE) offsets = rows;
          else counted[rangeOf(job)] = rows ?? [];
        },
        async (e) => {
          await e.run(view);
          for (const s of d.sequential.begin) await e.run(s);
        },
      );
      await copyDone();
    });
  } finally {
    for (const p of parts) if (p) await engine.dropTable(p);
  }
  return { blocked: blocked ?? false, counts: addedCounts(counted), ...(blocked ? {} : { offsets }) };
}

/** The counts into `agg`: `active` into the offsets' rows (revenue only until then), `channelOffsets`. */
function withCounts(agg: Record<string, Record<string, unknown>[]>, counts: ActiveCounts): void {
  agg.offsets = agg.offsets.map((r) => ({ ...r, active: counts.active.get(`${n(r.fp)}|${n(r.off)}`) ?? 0 }));
  agg.channelOffsets = counts.channelOffsets;
}

/** CohortData of the aggregates (pure): buildCohorts' arrays, filled from the counts and sums. */
export function cohortData(agg: Record<string, Record<string, unknown>[]>, asOfP: number): CohortData {
  const cohorts = new Map<number, Cohort>();
  const cohort = (fp: number): Cohort => {
    let co = cohorts.get(fp);
    if (!co) {
      co = emptyCohort(fp, asOfP);
      cohorts.set(fp, co);
    }
    return co;
  };
  for (const r of agg.lastOffsets) {
    const co = cohort(n(r.fp));
    const k = n(r.n);
    co.size += k;
    for (let j = 0; j < co.survivors.length && j <= n(r.lastoff); j++) co.survivors[j] += k;
  }
  for (const r of agg.offsets) {
    const co = cohort(n(r.fp));
    co.active[n(r.off)] = n(r.active);
    co.revenue[n(r.off)] = Math.round(n(r.revenue) * 100) / 100;
  }
  const byChannel: CohortData['byChannel'] = new Map();
  const chRows = [...agg.channels].sort((a, b) => n(a.first_code) - n(b.first_code));
  for (const r of chRows) {
    const g: ChannelGroup = {
      customers: n(r.customers),
      activeAt: [],
      observableAt: [],
      revenue: n(r.revenue),
      eligible: n(r.eligible),
      within: n(r.within),
    };
    byChannel.set(String(r.ch), g);
  }
  for (const r of agg.channelCohorts) {
    const g = byChannel.get(String(r.ch))!;
    const span = asOfP - n(r.fp);
    for (let k = 0; k <= span; k++) {
      g.observableAt[k] = (g.observableAt[k] ?? 0) + n(r.n);
      g.activeAt[k] = g.activeAt[k] ?? 0;
    }
  }
  for (const r of agg.channelOffsets) byChannel.get(String(r.ch))!.activeAt[n(r.off)] += n(r.n);
  const daysToSecond: number[] = [];
  for (const r of agg.daysToSecond) for (let k = n(r.n); k > 0; k--) daysToSecond.push(n(r.days));
  const [sp] = agg.secondPurchase;
  return {
    cohorts: [...cohorts.values()].sort((a, b) => a.period - b.period),
    byChannel,
    secondPurchase: { eligible: n(sp.eligible), within: n(sp.within), daysToSecond },
  };
}
