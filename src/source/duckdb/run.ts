/**
 * Engine sources in a run (`duckdb:`, `clickhouse://`). Each source is opened and its first rows sampled for ingest's
 * detection (kind, roles), as a sheet's cells are. The orders table stays in its engine: the per-customer summaries
 * RFM, CLV and clusters read, the cohorts' and the lifecycle's rollups, the order revenue by channel (channel
 * performance), the funnel's buyers, acquisition quality's reduced purchase lines and first-order channels, and the
 * loop's history totals (before/after, segment response, the recommendations' win-back list) and a campaign's buyers
 * are computed there, on DuckDB and ClickHouse alike, and handed to the analyses through the run's memo. Any other
 * table is read whole, as a sheet would be, when it fits one.
 *
 * Analyses that need the orders' rows themselves (ORDER_ROW_KINDS: reported vs real) do not run on a pushed-down
 * orders table, nor those that can only with some options, with others (CONDITIONAL_KINDS): each is named in a
 * warning saying why, never run on the sample.
 */
import type { Dataset, TableKind } from '../../ingest/types.js';
import { ingestGrid } from '../../ingest/ingest-grid.js';
import type { AnalysisInputs } from '../../analysis/registry-types.js';
import { ANALYSES } from '../../analysis/registry.js';
import { BLANK, RunMemo, columnByRole, validateOptions } from '../../analysis/common/index.js';
import {
  COHORT_DEFAULTS,
  channelLookup,
  checkCohortOptions,
  cohortsKey,
  type CohortOptions,
} from '../../analysis/user/cohorts.js';
import { summaryKey, summaryMemoKey } from '../../analysis/user/customer-models.js';
import { REPEAT_DAYS_KEY } from '../../analysis/user/clv.js';
import { lifecycleKey, lifecycleOptions, type LifecycleOptions } from '../../analysis/user/lifecycle.js';
import { ORDER_REVENUE_KEY } from '../../analysis/marketing/channel-performance/check.js';
import { funnelBuyersKey } from '../../analysis/marketing/funnel/read.js';
import {
  ACQUISITION_DEFAULTS,
  FIRST_ORDER_CHANNELS,
  acquisitionLinesKey,
  readChannels,
  type AcquisitionOptions,
} from '../../analysis/loop/acquisition-quality.js';
import { predictValue } from '../../analysis/loop/clv-scores.js';
import { eachKey, readTouches, totalsKey, windowKey } from '../../analysis/loop/common.js';
import {
  FIRST_TOUCH,
  SEGMENT_RESPONSE_DEFAULTS,
  firstTouchDays,
  firstTouchTime,
  type SegmentResponseOptions,
} from '../../analysis/loop/segment-response.js';
import { beforeAfterDays, campaignBuyersKey, type BeforeAfterOptions } from '../../analysis/loop/before-after.js';
import { RECOMMENDATION_USES } from '../../analysis/loop/recommendations.js';
import type { OrderArrays } from '../../analysis/user/orders.js';
import type { SummaryOptions, RefundMode, TimeUnit } from '../../analysis/user/customer-summary.js';
import type { Recipe } from '../../recipe/types.js';
import type { CellGrid, Diagnostic } from '../../types.js';
import { isoToSerial } from '../../serial-date.js';
import { parseSourceSpec, type EngineSource } from '../spec.js';
import { SourceError, type OpenedSource, type SqlEngine } from '../engine.js';
import { ClickHouseEngine, type ClickHouseOptions } from '../clickhouse/engine.js';
import { DuckEngine, type EngineOptions } from './engine.js';
import { SAMPLE_ROWS, sourceGrid, wholeGrid } from './grid.js';
import {
  heldBytes,
  pushOrders,
  pushedRepeatDays,
  pushedSummaries,
  releaseKept,
  releaseRows,
  yieldMemory,
} from './orders.js';
import { pushedCohorts } from './cohorts.js';
import { pushedLifecycle } from './lifecycle.js';
import { pushedChannelRevenue } from './channels.js';
import { pushedFunnelBuyers } from './funnel.js';
import { pushedAcquisitionLines, pushedFirstOrderChannels, type AcquisitionEntry } from './acquisition.js';
import {
  dropHistories,
  pushedCampaignBuyers,
  pushedTotals,
  pushedTotalsEach,
  pushedWindow,
  storeHistories,
} from './histories.js';

/** Analyses that run on a pushed-down orders table: they read only the per-customer summary, or their own rollups. */
export const PUSHED_KINDS: readonly string[] = [
  'rfm',
  'clv',
  'clusters',
  'cohorts',
  'lifecycle',
  'channel-performance',
  'funnel',
  'acquisition-quality',
  'before-after',
  'segment-response',
  'recommendations',
];

/**
 * Pushed kinds that run on a pushed-down table only with some options (leaveOut says why otherwise): before/after
 * and segment response except with segments judged by lifecycle stage (each customer's purchase days, not pushed
 * down); the recommendations, which run segment response, acquisition quality and before/after first, when all of
 * them can.
 */
export const CONDITIONAL_KINDS: readonly string[] = ['before-after', 'segment-response', 'recommendations'];

/**
 * Pushed kinds whose rollups run on DuckDB only so far: on another engine they are left out with the ORDER_ROW_KINDS.
 * None now: every rollup of src/source/sql/ runs on ClickHouse too (tests/source/clickhouse-rollups.test.ts and
 * clickhouse-loop.test.ts hold them equal to the in-memory analyses on chDB).
 */
export const DUCKDB_ONLY_KINDS: readonly string[] = [];

/**
 * Analyses that read the orders' rows (readOrders or the orders dataset) beyond the summary: they do not run on a
 * pushed-down orders table. tests/source/kinds.test.ts runs every analysis and checks the list against what it reads.
 */
export const ORDER_ROW_KINDS: readonly string[] = ['reported-vs-real'];

/** One engine source of a run. */
export interface EngineTable {
  source: EngineSource;
  /** The engine the source is read by (one DuckDB for the run, one ClickHouse client per server and database). */
  engine: SqlEngine;
  opened: OpenedSource;
  /** Rows of the source. */
  rows: number;
  /** The cells ingest read: the sample of a pushed-down table, or the whole table. */
  grid: CellGrid;
  dataset: Dataset;
  /** True for the orders table, which stays in its engine. */
  pushed: boolean;
}

/** The engines of a run and their sources. */
export interface EngineSources {
  engines: SqlEngine[];
  tables: EngineTable[];
  /** Closes every engine. */
  close(): Promise<void>;
}

/** How a run's engines are made: DuckDB's settings, and ClickHouse's (the password from the environment). */
export interface RunEngineOptions extends EngineOptions {
  clickhouse?: ClickHouseOptions;
}

/**
 * Opens every spec: `duckdb:` ones in one DuckDB instance, `clickhouse://` ones through one client per server,
 * user and database. A source is pushed down when ingest sees an orders table in its sample (or `kindOf`, the
 * recipe, says it is one); any other is read whole. Errors (SourceError) name the source.
 */
export async function openEngineSources(
  specs: readonly string[],
  opts: RunEngineOptions,
  kindOf: (spec: string) => TableKind | undefined = () => undefined,
): Promise<EngineSources> {
  const engines = new Map<string, SqlEngine>();
  const close = async () => {
    for (const e of engines.values()) await e.close();
  };
  const engineOf = async (source: EngineSource): Promise<SqlEngine> => {
    const key = source.engine === 'duckdb' ? 'duckdb' : `${source.url}|${source.user ?? ''}|${source.database}`;
    let engine = engines.get(key);
    if (!engine) {
      engine =
        source.engine === 'duckdb'
          ? await DuckEngine.create(opts)
          : await ClickHouseEngine.connect(source, opts.clickhouse);
      engines.set(key, engine);
    }
    return engine;
  };
  const tables: EngineTable[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const source = parseSourceSpec(spec);
      const engine = await engineOf(source);
      const opened = await engine.open(source, i);
      const [count] = await engine.guard(source, () => engine.rows(`SELECT count(*) AS n FROM ${opened.raw}`));
      const rows = Number(count.n);
      const sample = await sourceGrid(engine, opened, SAMPLE_ROWS);
      const hint = kindOf(spec);
      const sampled = ingestGrid(sample, hint ? { sheetKindHint: hint } : {});
      const pushed = (hint ?? sampled.kind) === 'orders';
      const grid = pushed ? sample : await wholeGrid(engine, opened, rows);
      const dataset = pushed ? sampled : ingestGrid(grid, hint ? { sheetKindHint: hint } : {});
      tables.push({ source, engine, opened, rows, grid, dataset, pushed });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { engines: [...engines.values()], tables, close };
}

/** What a run on a pushed-down orders table needs besides its inputs. */
export interface PushedRun {
  /** The recipe to run: analyses that need order rows switched off. */
  recipe: Recipe;
  /** The as-of date (Excel serial): given, the recipe's, or the latest date of the inputs. */
  asOf: number;
  /** The run's memo, holding the orders read and the summaries the analyses will ask for. */
  memo: RunMemo;
  /** Warnings to show: the analyses left out and why. */
  diagnostics: Diagnostic[];
  /** Rows of the orders source. */
  rows: number;
}

/**
 * The run's as-of date: the one given, the recipe's, or the latest day of the pushed orders and the other inputs.
 * Without one the analyses would take it from the sample rows: a SourceError says so instead.
 */
function pushedAsOf(
  spec: string,
  inputs: AnalysisInputs,
  recipe: Recipe,
  asOfGiven: number | undefined,
  latestDay: number | null,
  latestOther: (inputs: AnalysisInputs) => number | null,
): number {
  const others: AnalysisInputs = { ...inputs };
  delete others.orders;
  const latest = [latestDay, latestOther(others)].filter((x): x is number => x !== null);
  const asOf =
    asOfGiven ?? (recipe.asOf ? isoToSerial(recipe.asOf) : null) ?? (latest.length > 0 ? Math.max(...latest) : null);
  if (asOf === null)
    throw new SourceError(`${spec}: no order has a date, so there is no as-of date; give one with --as-of YYYY-MM-DD.`);
  return asOf;
}

/**
 * Prepares the run when the orders input is a pushed-down table (else null): classifies its rows in the engine,
 * computes the summaries the enabled analyses will ask for, and seeds the memo with them; the memo is sealed on
 * the orders read, so an analysis asking for anything else stops with an error rather than computing a figure from
 * the sample.
 */
export async function preparePushdown(
  sources: EngineSources,
  inputs: AnalysisInputs,
  recipe: Recipe,
  asOfGiven: number | undefined,
  latestOther: (inputs: AnalysisInputs) => number | null,
): Promise<PushedRun | null> {
  const ds = inputs.orders;
  const table = ds && sources.tables.find((t) => t.pushed && t.source.label === ds.sheet);
  if (!ds || !table) return null;
  const { engine } = table;
  const pushed = await pushOrders(engine, table.opened, ds, table.rows);
  const { analyses, diagnostics } = leaveOut(recipe, inputs, table.source.spec, engine.name);
  const enabled = (kind: string) => analyses.some((a) => a.enabled && a.kind === kind);
  // What runs: the enabled kinds, and those the recommendations use (the runner runs them first).
  const runs = (kind: string) =>
    enabled(kind) || (enabled('recommendations') && (RECOMMENDATION_USES as readonly string[]).includes(kind));
  const runRecipe: Recipe = { ...recipe, analyses };
  const asOf = pushedAsOf(table.source.spec, inputs, recipe, asOfGiven, pushed.latestDay, latestOther);
  // Rollups over every row first: then only the kept rows stay in the engine. Order revenue by channel: null
  // without a channel or amount column, as orderRevenueByChannel says; undefined when no analysis asks.
  const byChannel = !enabled('channel-performance')
    ? undefined
    : columnByRole(ds, 'channel') && columnByRole(ds, 'amount')
      ? await engine.guard(table.source, () => pushedChannelRevenue(engine))
      : null;
  const blank = BLANK[recipe.lang];
  const buyers = enabled('funnel')
    ? await engine.guard(table.source, () =>
        pushedFunnelBuyers(engine, { asOf, blank, orderIds: columnByRole(ds, 'order_id') !== undefined }),
      )
    : undefined;
  await releaseRows(engine);
  const memo = new RunMemo();
  const orders = ordersRead(ds, pushed.customers);
  memo.get(ds, 'orders', () => ({ orders, diagnostics: pushed.diagnostics }));
  if (enabled('clv')) {
    const repeats = await engine.guard(table.source, () => pushedRepeatDays(engine));
    memo.get(orders, REPEAT_DAYS_KEY, () => repeats);
  }
  if (byChannel !== undefined) memo.get(ds, ORDER_REVENUE_KEY, () => byChannel);
  if (buyers) memo.get(ds, funnelBuyersKey(asOf, blank), () => buyers);
  const wanted = summaryOptions(runRecipe, asOf);
  const summaries = await engine.guard(table.source, () => pushedSummaries(engine, wanted, orders.customers));
  wanted.forEach((opts, i) => memo.get(orders, summaryMemoKey(opts), () => summaries[i]));
  for (const opts of cohortOptions(runRecipe)) {
    const lookup = channelLookup(inputs, orders);
    const channels = lookup
      ? { byCode: orders.customers.map((_, code) => lookup(code)) }
      : columnByRole(ds, 'channel')
        ? ('orders' as const)
        : null;
    const built = await engine.guard(table.source, () => pushedCohorts(engine, opts, asOf, orders.customers, channels));
    const { ids, cohort, channel } = built.members;
    await yieldMemory(engine, heldBytes([ids === orders.customers ? null : ids, cohort, channel]));
    memo.get(orders, cohortsKey(opts, asOf), () => built);
  }
  for (const opts of lifecycleRunOptions(runRecipe)) {
    const built = await engine.guard(table.source, () => pushedLifecycle(engine, opts, asOf, orders.customers));
    memo.get(orders, lifecycleKey(opts, asOf), () => built);
  }
  if (runs('acquisition-quality'))
    await engine.guard(table.source, () =>
      seedAcquisition(engine, { ...inputs, orders: ds }, runRecipe, asOf, orders, memo),
    );
  if (runs('before-after') || runs('segment-response') || enabled('recommendations'))
    await engine.guard(table.source, () =>
      seedHistories(engine, table.opened, { ...inputs, orders: ds }, runRecipe, asOf, orders, memo, {
        beforeAfter: runs('before-after'),
        segmentResponse: runs('segment-response'),
        winBack: enabled('recommendations'),
      }),
    );
  const why = `The orders of ${table.source.spec} stay in ${engine.name} and only the summaries prepared for this run came back`;
  await releaseKept(engine);
  memo.seal(orders, why);
  // The dataset holds only the sample detection read: nothing may be computed from its rows either.
  memo.seal(ds, why);
  return { recipe: runRecipe, asOf, memo, diagnostics, rows: pushed.rows };
}

/**
 * Seeds what acquisition quality reads of the orders: the first-order channels, the predicted values (from the
 * summary already in the memo) and, for each enabled analysis's options, the reduced purchase lines of the customers
 * the analysis will find channels for (its own readChannels, on the same inputs).
 */
export async function seedAcquisition(
  engine: SqlEngine,
  inputs: AnalysisInputs,
  recipe: Recipe,
  asOf: number,
  orders: OrderArrays,
  memo: RunMemo,
): Promise<void> {
  const first =
    orders.dataset && columnByRole(orders.dataset, 'channel')
      ? await pushedFirstOrderChannels(engine, orders.customers)
      : { channelOf: new Map<string, string>(), startOf: new Map<string, number>() };
  memo.get(orders, FIRST_ORDER_CHANNELS, () => first);
  predictValue(orders, asOf, [], memo);
  const channels = readChannels(inputs, orders, recipe.lang, [], memo);
  if (!channels) return;
  // The first-order channels carry each customer's code (in channelOf's order); channels from the customers table or
  // the touchpoints are looked up by id (a customer without orders has no code).
  const { codes } = channels;
  let code: (id: string, k: number) => number | undefined;
  if (codes) code = (_, k) => codes[k];
  else {
    const index = new Map<string, number>();
    orders.customers.forEach((id, c) => index.set(id, c));
    code = (id) => index.get(id);
  }
  const entries: AcquisitionEntry[] = [];
  for (const [id, channel] of channels.channelOf)
    entries.push({ code: code(id, entries.length), channel, start: channels.startOf.get(id) });
  for (const o of runOptions<AcquisitionOptions>(recipe, 'acquisition-quality', ACQUISITION_DEFAULTS)) {
    const key = acquisitionLinesKey(asOf, o, recipe.lang);
    const lines = await pushedAcquisitionLines(engine, entries, asOf, o);
    memo.get(orders, key, () => lines);
  }
}

/**
 * The options `kind` runs with in the recipe: each enabled spec's; else, when the recommendations run it first, its
 * spec's (switched off) or the defaults, as the runner does; `base` the analysis's own defaults under them.
 */
function runOptions<O extends object>(recipe: Recipe, kind: string, base: O): O[] {
  const def = ANALYSES.find((d) => d.kind === kind);
  if (!def) return [];
  const opts = (given: Record<string, unknown> | undefined): O => ({
    ...base,
    ...(validateOptions(def, given).options as Partial<O>),
  });
  const enabled = recipe.analyses.filter((a) => a.enabled && a.kind === kind);
  if (enabled.length > 0) return enabled.map((a) => opts(a.options));
  const usedBy = recipe.analyses.some((a) => a.enabled && a.kind === 'recommendations');
  return usedBy ? [opts(recipe.analyses.find((a) => a.kind === kind)?.options)] : [];
}

/**
 * Seeds what before/after, segment response and the win-back list read of the histories: the campaign's buyers
 * (orders as participants), the totals before the days before/after will segment on (its own beforeAfterDays on the
 * same inputs) and in its two windows; the totals before each touched customer's first touch (business segments),
 * the first touch's day (RFM) and the experiment's start; and the totals before the day after the as-of date.
 */
export async function seedHistories(
  engine: SqlEngine,
  src: OpenedSource,
  inputs: AnalysisInputs,
  recipe: Recipe,
  asOf: number,
  orders: OrderArrays,
  memo: RunMemo,
  what: { beforeAfter: boolean; segmentResponse: boolean; winBack: boolean },
): Promise<void> {
  const nC = orders.customers.length;
  await storeHistories(engine);
  try {
    const seeded = new Set<number>();
    const totals = async (d: number) => {
      if (seeded.has(d)) return;
      seeded.add(d);
      const tot = await pushedTotals(engine, d, nC);
      memo.get(orders, totalsKey(d), () => tot);
    };
    if (what.winBack) await totals(asOf + 1);
    if (what.segmentResponse)
      for (const o of runOptions<Partial<SegmentResponseOptions>>(recipe, 'segment-response', {})) {
        const basis = o.segmentBy ?? SEGMENT_RESPONSE_DEFAULTS.segmentBy;
        if (basis !== 'business' && basis !== 'rfm') continue;
        const tc = inputs.touchpoints ? readTouches(inputs.touchpoints, []) : null;
        if (tc && tc.n > 0 && basis === 'rfm') await totals(Math.floor(firstTouchTime(tc)));
        if (tc && tc.n > 0 && basis === 'business') {
          const index = new Map<string, number>();
          orders.customers.forEach((id, c) => index.set(id, c));
          const each = await pushedTotalsEach(engine, firstTouchDays(tc, index, nC));
          memo.get(orders, eachKey(FIRST_TOUCH), () => each);
        }
        if (inputs.experiment && o.experimentStart != null) await totals(Math.floor(o.experimentStart));
        await totals(asOf + 1);
      }
    if (!what.beforeAfter) return;
    const common = { asOf, currency: recipe.currency, lang: recipe.lang, memo };
    for (const o of runOptions<Partial<BeforeAfterOptions>>(recipe, 'before-after', {})) {
      const ds = inputs.orders!;
      const buyers = await pushedCampaignBuyers(engine, src, ds, o.campaign ?? null);
      memo.get(ds, campaignBuyersKey(o.campaign ?? null), () => buyers);
      const days = beforeAfterDays(inputs, common, o);
      if (!days || days.basis === 'lifecycle') continue;
      for (const d of [days.s, days.aTo]) await totals(d);
      for (const [from, to] of [
        [days.bFrom, days.s],
        [days.s, days.aTo],
      ]) {
        const w = await pushedWindow(engine, from, to, nC);
        memo.get(orders, windowKey(from, to), () => w);
      }
    }
  } finally {
    await dropHistories(engine);
  }
}

/** Whether an enabled before/after or segment response of the recipe segments by lifecycle stage. */
function byStage(recipe: Recipe): boolean {
  return recipe.analyses.some(
    (a) =>
      (a.kind === 'before-after' && a.options?.segmentBasis === 'lifecycle') ||
      (a.kind === 'segment-response' && a.options?.segmentBy === 'lifecycle'),
  );
}

/** The recipe's analyses with those that need order rows switched off, and a warning naming them. */
function leaveOut(
  recipe: Recipe,
  inputs: AnalysisInputs,
  spec: string,
  engineName: string,
): { analyses: Recipe['analyses']; diagnostics: Diagnostic[] } {
  const rowKinds = engineName === 'DuckDB' ? ORDER_ROW_KINDS : [...ORDER_ROW_KINDS, ...DUCKDB_ONLY_KINDS];
  const cannot = (kind: string, options: Record<string, unknown> | undefined): boolean => {
    if (rowKinds.includes(kind)) return true;
    if (kind === 'before-after') return options?.segmentBasis === 'lifecycle';
    if (kind === 'segment-response') return options?.segmentBy === 'lifecycle';
    if (kind !== 'recommendations') return false;
    // The recommendations run these first, enabled or not: all must be able to.
    return RECOMMENDATION_USES.some((k) => cannot(k, recipe.analyses.find((a) => a.kind === k)?.options));
  };
  const off = recipe.analyses.filter((a) => a.enabled && cannot(a.kind, a.options));
  // Why: order rows the engine keeps, or segments by lifecycle stage (each customer's stage on a campaign's days).
  const needRows = off.some(
    (a) =>
      rowKinds.includes(a.kind) ||
      (a.kind === 'recommendations' && RECOMMENDATION_USES.some((k) => rowKinds.includes(k))),
  );
  const needStages = byStage(recipe) && off.length > 0;
  if (off.length === 0) return { analyses: recipe.analyses, diagnostics: [] };
  const title = (kind: string) => ANALYSES.find((d) => d.kind === kind)?.title ?? { en: kind, 'zh-CN': kind };
  const titles = off.map((a) => title(a.kind));
  // What does run there: the pushed kinds this engine has rollups for.
  const ran = PUSHED_KINDS.filter((k) => !rowKinds.includes(k) && !off.some((a) => a.kind === k)).map(title);
  // A file can be read as a sheet instead; a database table must be exported first.
  const fix =
    engineName === 'DuckDB'
      ? {
          en: 'Read the file as a sheet (loopbook analyze file.csv) for them.',
          'zh-CN': '如需这些分析，请把文件作为表格读取（loopbook analyze file.csv）。',
        }
      : {
          en: 'Export the table to a file and read it as a sheet (loopbook analyze file.csv) for them.',
          'zh-CN': '如需这些分析，请把表导出为文件并作为表格读取（loopbook analyze file.csv）。',
        };
  const stages = {
    en: `segmented by lifecycle stage, they need each customer's stage on the campaign's days, which ${engineName} does not compute yet (business or RFM segments run there)`,
    'zh-CN': `按生命周期阶段分群时，它们需要每位客户在活动期间各天的阶段，${engineName} 中尚不能计算（按业务分群或 RFM 分群可在其中运行）`,
  };
  const rows = {
    en: `They need the order rows, which stay in ${engineName}`,
    'zh-CN': `它们需要逐行订单数据，而订单保留在 ${engineName} 中`,
  };
  const why =
    needRows && needStages
      ? { en: `${rows.en}; ${stages.en}`, 'zh-CN': `${rows['zh-CN']}；${stages['zh-CN']}` }
      : needRows
        ? rows
        : {
            en: `They need segments by lifecycle stage: ${stages.en}`,
            'zh-CN': `它们需要按生命周期阶段分群：${stages['zh-CN']}`,
          };
  const diagnostics: Diagnostic[] = [
    {
      code: 'source.left_out',
      severity: 'warning',
      message: {
        en: `Not run on ${spec}: ${titles.map((x) => x.en).join(', ')}. ${why.en}; only ${ran.map((x) => x.en).join(', ')} are computed there so far. ${fix.en}`,
        'zh-CN': `未在 ${spec} 上运行：${titles.map((x) => x['zh-CN']).join('、')}。${why['zh-CN']}；目前只在其中计算${ran.map((x) => x['zh-CN']).join('、')}。${fix['zh-CN']}`,
      },
      where: { sheet: spec },
    },
  ];
  return {
    analyses: recipe.analyses.map((a) => (off.includes(a) ? { ...a, enabled: false } : a)),
    diagnostics,
  };
}

/** The options each enabled cohorts analysis of the recipe runs with (runCohorts' own checks). */
export function cohortOptions(recipe: Recipe): CohortOptions[] {
  const def = ANALYSES.find((d) => d.kind === 'cohorts');
  if (!def) return [];
  const out = new Map<string, CohortOptions>();
  for (const spec of recipe.analyses) {
    if (!spec.enabled || spec.kind !== 'cohorts') continue;
    const given = validateOptions(def, spec.options).options as Partial<CohortOptions>;
    const o = checkCohortOptions({ ...COHORT_DEFAULTS, ...given }, []);
    out.set(cohortsKey(o, 0), o);
  }
  return [...out.values()];
}

/** The options each enabled lifecycle analysis of the recipe runs with (runLifecycle's own checks). */
export function lifecycleRunOptions(recipe: Recipe): LifecycleOptions[] {
  const def = ANALYSES.find((d) => d.kind === 'lifecycle');
  if (!def) return [];
  const out = new Map<string, LifecycleOptions>();
  for (const spec of recipe.analyses) {
    if (!spec.enabled || spec.kind !== 'lifecycle') continue;
    const o = lifecycleOptions(validateOptions(def, spec.options).options, []);
    out.set(lifecycleKey(o, 0), o);
  }
  return [...out.values()];
}

/** The summary options RFM, CLV and clusters will ask for with the recipe's options (each analysis's own rule). */
export function summaryOptions(recipe: Recipe, asOf: number): SummaryOptions[] {
  const out = new Map<string, SummaryOptions>();
  const add = (o: SummaryOptions) => out.set(summaryKey(o), o);
  for (const spec of recipe.analyses) {
    if (!spec.enabled || !PUSHED_KINDS.includes(spec.kind)) continue;
    const def = ANALYSES.find((d) => d.kind === spec.kind);
    if (!def) continue;
    const o = validateOptions(def, spec.options).options as {
      refunds?: RefundMode;
      timeUnit?: TimeUnit;
      holdoutDays?: number;
    };
    if (spec.kind === 'rfm') add({ refunds: o.refunds ?? 'net', mergeSameDay: false, timeUnit: 'days', asOf });
    // Clusters, and the predicted value of acquisition quality (loop/clv-scores.ts).
    if (spec.kind === 'clusters' || spec.kind === 'acquisition-quality' || spec.kind === 'recommendations')
      add({ refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf });
    if (spec.kind === 'clv')
      add({
        refunds: o.refunds ?? 'net',
        mergeSameDay: true,
        timeUnit: o.timeUnit ?? 'weeks',
        asOf,
        calibrationEnd: asOf - Math.max(0, o.holdoutDays ?? 0),
      });
  }
  return [...out.values()];
}

/**
 * The orders read the analyses receive: no order rows, only the customers (CLV's tracking chart has its counts
 * from the engine, REPEAT_DAYS_KEY); amounts would be NaN, so no figure could be made of them unnoticed.
 */
export function ordersRead(ds: Dataset, customers: string[]): OrderArrays {
  return {
    code: new Int32Array(0),
    customers,
    date: new Float64Array(0),
    amount: new Float64Array(0),
    refund: new Uint8Array(0),
    orderId: null,
    channel: null,
    source: new Int32Array(0),
    dataset: ds,
  };
}
