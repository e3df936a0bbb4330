/**
 * The pane's flow, apart from React: detect sources → confirm kinds and roles → choose analyses and
 * options → run (read on the main thread, analyse in the worker, write through the host) → results.
 * A small observable store; React reads it with `useSyncExternalStore` (see `use-flow.ts`).
 */
import type { Role, StatusClass, TableKind } from '../../src/ingest/types.js';
import type { Diagnostic, I18nText, Lang } from '../../src/types.js';
import type { Recipe, RunLog, Store } from '../../src/recipe/types.js';
import type {
  AnalysisCard,
  Availability,
  Phase,
  RunResponse,
  SourceAssignment,
  SourceView,
  TableDecisions,
} from '../worker/protocol.js';
import { keepStatusOrder, keptRoles } from './decisions.js';
import { CancelledError } from './engine.js';
import type { Engine } from './engine.js';
import { HostError, regionId } from './host.js';
import type { PaneHost, Region, SourceRef } from './host.js';
import { checkSelection } from './selection-check.js';
import type { SelectionProblem } from './selection-check.js';
import {
  reapply,
  successor,
  undone,
  withFormatFix,
  withKind,
  withPeriodYear,
  withRole,
  withSelection,
  withStatus,
} from './role-fixes.js';
import type { Assignment, ChangeNotice, ManualFixes, RescanReport } from './role-fixes.js';
import { agreedCurrency } from '../../src/run/currency.js';

export type { Assignment, ChangeNotice, ManualFixes, RescanReport } from './role-fixes.js';

export interface PhaseState {
  done: number;
  total: number;
  label?: I18nText;
}

/** An error said in words, with what to do next. */
export interface PaneError {
  text: I18nText;
  next?: I18nText;
}

export interface FlowState {
  catalogue: AnalysisCard[];
  scan: { status: 'idle' | 'scanning' | 'ready' | 'failed'; done: number; total: number; error?: PaneError };
  sources: SourceView[];
  assignments: Record<string, Assignment>;
  /** What Loopbook decided about each used source, by source id (the Data step shows it). */
  decisions: Record<string, TableDecisions>;
  availability: Availability;
  /** Analyses the user chose (kind → on). Unavailable ones are never run. */
  chosen: Record<string, boolean>;
  asOf: string;
  currency: string;
  /** Options per analysis kind (start as the analysis's defaults). */
  options: Record<string, Record<string, unknown>>;
  run: {
    status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
    phase: Phase | null;
    phases: Record<Phase, PhaseState>;
    error?: PaneError;
  };
  results: RunResponse | null;
  /** The recipe saved in the workbook, when there is one. */
  saved: { recipe: Recipe; log: RunLog } | null;
  /** True when a source changed after the last run (the run log's hashes differ). */
  stale: boolean;
  storeDiagnostics: Diagnostic[];
  /** Why the last "Use selection" stopped, with the fixes it offers; null when it did not. */
  selection: SelectionProblem | null;
  /** What the user (or the saved recipe) set by hand, by source id: "Look again" puts it back. */
  manual: Record<string, ManualFixes>;
  /** Changes that took a kind or a role from another table or column, or that look doubtful, each with its Undo. */
  notices: ChangeNotice[];
  /** After "Look again" with fixes of the user's: which were put back and which could not be. */
  rescan: RescanReport | null;
}

const emptyPhases = (): Record<Phase, PhaseState> => ({
  reading: { done: 0, total: 0 },
  analysing: { done: 0, total: 0 },
  writing: { done: 0, total: 0 },
});

function initialState(): FlowState {
  return {
    catalogue: [],
    scan: { status: 'idle', done: 0, total: 0 },
    sources: [],
    assignments: {},
    decisions: {},
    availability: {},
    chosen: {},
    asOf: '',
    currency: 'CNY',
    options: {},
    run: { status: 'idle', phase: null, phases: emptyPhases() },
    results: null,
    saved: null,
    stale: false,
    storeDiagnostics: [],
    selection: null,
    manual: {},
    notices: [],
    rescan: null,
  };
}

const msg = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/** A User Timing mark (seen in the browser's performance tools and by the bench). */
function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

/** Words for an unexpected error, with what to do next. */
export function paneError(error: unknown): PaneError {
  if (error instanceof HostError) return { text: error.text, ...(error.next ? { next: error.next } : {}) };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    text: msg(`Something went wrong: ${detail}`, `出现错误：${detail}`),
    next: msg(
      'Your workbook was not changed. Try again; if it happens again, save the workbook, reopen Loopbook and report the message above.',
      '工作簿未被修改。请重试；如果再次出现，请保存工作簿、重新打开 Loopbook，并报告上面的信息。',
    ),
  };
}

function assignmentOf(view: SourceView): Assignment {
  const roles: Record<string, Role | null> = {};
  for (const c of view.columns) roles[c.header] = c.role;
  return { kind: view.kind, roles };
}

export interface Flow {
  getState: () => FlowState;
  subscribe: (listener: () => void) => () => void;
  start(): Promise<void>;
  scan(): Promise<void>;
  useSelection(): Promise<void>;
  /** Takes fix `index` of the selection problem shown (the whole table, the header row, the range as it is). */
  fixSelection(index: number): Promise<void>;
  setKind(id: string, kind: TableKind | null): void;
  setRole(id: string, header: string, role: Role | null): void;
  /**
   * Reads the table as `format` (a format id, or `none` for the general rules): its roles become the ones that
   * format gives, except those the user changed; its status lines and amounts follow.
   */
  setFormat(id: string, format: string): Promise<void>;
  /** Sets what one status value of the table means; its status lines and amounts follow. */
  setStatus(id: string, value: string, cls: StatusClass): void;
  /** The year of source `id`'s year-less period headers (a wide budget's `1月 … 12月`); null: none given. */
  setPeriodYear(id: string, year: number | null): void;
  /** Puts back what the pane had before notice `id`'s change, exactly. */
  undo(id: number): void;
  /** Closes notice `id`, keeping its change. */
  dismiss(id: number): void;
  /** Closes the note on what "Look again" kept. */
  dismissRescan(): void;
  choose(kind: string, on: boolean): void;
  setAsOf(iso: string): void;
  setCurrency(code: string): void;
  setOption(kind: string, key: string, value: unknown): void;
  runNow(lang: Lang): Promise<void>;
  refresh(lang: Lang): Promise<void>;
  cancel(): void;
  goTo(sheet: string, address?: string): Promise<void>;
  dispose(): void;
}

type Patch = Partial<FlowState> | ((s: FlowState) => Partial<FlowState>);

/** The store and the steps the flow's actions share. */
interface Core {
  host: PaneHost;
  engine: Engine;
  now: () => string;
  listeners: Set<() => void>;
  abort: AbortController | null;
  state(): FlowState;
  set(patch: Patch): void;
  setPhase(phase: Phase, p: PhaseState): void;
  assignments(): SourceAssignment[];
  updateAvailability(): Promise<void>;
  readInto(ref: SourceRef, idFor?: (r: Region) => string): Promise<SourceView>;
  loadStore(): Promise<void>;
}

function createCore(host: PaneHost, engine: Engine, now: () => string): Core {
  let state = initialState();
  let availabilityTicket = 0;
  const core: Core = {
    host,
    engine,
    now,
    listeners: new Set(),
    abort: null,
    state: () => state,
    set(patch) {
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      for (const l of core.listeners) l();
    },
    setPhase(phase, p) {
      core.set((s) => ({ run: { ...s.run, phase, phases: { ...s.run.phases, [phase]: p } } }));
    },
    assignments() {
      return state.sources.flatMap((v) => {
        const a = state.assignments[v.id];
        if (!a?.kind) return [];
        return [
          {
            id: v.id,
            kind: a.kind,
            roles: a.roles,
            ...(a.format ? { format: a.format } : {}),
            ...(a.statuses ? { statuses: a.statuses } : {}),
            ...(a.periodYear !== undefined ? { periodYear: a.periodYear } : {}),
          },
        ];
      });
    },
    async updateAvailability() {
      const ticket = ++availabilityTicket;
      const availability = await engine.availability(core.assignments(), state.asOf || null);
      if (ticket !== availabilityTicket) return;
      core.set((s) => {
        const chosen = { ...s.chosen };
        for (const [kind, a] of Object.entries(availability)) {
          // Newly possible analyses start chosen; ones the user switched off stay off.
          if (a.ok && !(kind in chosen)) chosen[kind] = true;
        }
        return { availability, chosen };
      });
      // What was decided about each table follows the same changes (kind, roles, format, statuses, currency); it
      // sums the status column, so it comes after availability rather than holding it up.
      const decisions = await engine.decisions(core.assignments(), state.currency);
      if (ticket !== availabilityTicket) return;
      core.set((s) => ({ decisions: keepStatusOrder(s.decisions, decisions) }));
    },
    async readInto(ref, idFor) {
      const { region, grid } = await host.read(ref, undefined, core.abort?.signal);
      const id = idFor ? idFor(region) : region.id;
      return await engine.load(
        {
          id,
          sheet: region.sheet,
          address: region.address,
          ...(region.tableName ? { tableName: region.tableName } : {}),
        },
        grid,
      );
    },
    async loadStore() {
      const { store, diagnostics } = await host.loadStore();
      core.set({
        saved: store?.recipe ? { recipe: store.recipe, log: store.log } : null,
        storeDiagnostics: diagnostics,
      });
    },
  };
  return core;
}

/** The report currency the tables agree on (the CLI's rule without `--currency`); none: the default stays. */
function defaultsFromSources(sources: SourceView[]): Partial<FlowState> {
  // An exchange-rate sheet lists the currencies to convert from, not the report's.
  if (sources.some((s) => s.kind === 'fx_rates')) return {};
  const currency = agreedCurrency(sources.map((s) => s.currencies));
  return currency ? { currency } : {};
}

/** Compares the sources' hashes with the last run's, from the views already loaded. */
function staleFrom(views: SourceView[], store: FlowState['saved']): boolean {
  const last = store?.log.runs.at(-1);
  if (!last) return false;
  return last.inputs.some((input) => {
    const v = views.find((x) => x.sheet === input.sheet && (input.range ? x.address === input.range : true));
    return v ? v.hash !== input.hash : false;
  });
}

/** Reads the chosen sources again: the user may have edited them since they were detected. */
async function readChosen(core: Core, signal: AbortSignal): Promise<void> {
  const state = core.state();
  const used = state.sources.filter((v) => state.assignments[v.id]?.kind);
  if (used.length === 0)
    throw new HostError(
      'pane.no-sources',
      msg('No table is chosen as input.', '尚未选择任何输入表。'),
      msg(
        'In the Data step, say what at least one table holds (for example Orders).',
        '请在“数据”步骤中至少为一张表选择类型（例如“订单”）。',
      ),
    );
  const totalRows = used.reduce((n, v) => n + v.rows + 1, 0);
  let before = 0;
  const fresh: SourceView[] = [];
  for (const v of used) {
    const ref: SourceRef = v.tableName ? { table: v.tableName } : { sheet: v.sheet, address: v.address };
    const { region, grid } = await core.host.read(
      ref,
      (p) => {
        core.setPhase('reading', { done: before + p.done, total: totalRows });
      },
      signal,
    );
    if (signal.aborted) throw new CancelledError();
    fresh.push(
      await core.engine.load(
        {
          id: v.id,
          sheet: region.sheet,
          address: region.address,
          ...(region.tableName ? { tableName: region.tableName } : {}),
        },
        grid,
      ),
    );
    before += v.rows + 1;
    core.setPhase('reading', { done: before, total: totalRows });
  }
  core.set((s) => ({ sources: s.sources.map((v) => fresh.find((f) => f.id === v.id) ?? v) }));
}

/** Analyses the read sources in the engine, against the workbook's names and the saved run log. */
async function analyse(core: Core, lang: Lang): Promise<RunResponse> {
  await core.loadStore();
  const names = await core.host.workbookNames();
  const state = core.state();
  const previousLog: RunLog = state.saved?.log ?? { version: 1, runs: [] };
  const last = previousLog.runs.at(-1);
  const analyses = state.catalogue.map((c) => ({
    kind: c.kind,
    enabled: (state.chosen[c.kind] ?? false) && (state.availability[c.kind]?.ok ?? false),
    options: state.options[c.kind] ?? { ...c.defaults },
  }));
  core.setPhase('analysing', { done: 0, total: analyses.filter((a) => a.enabled).length + 1 });
  const response = await core.engine.run(
    {
      sources: core.assignments(),
      analyses,
      asOf: state.asOf || null,
      currency: state.currency,
      lang,
      workbook: {
        existingSheetNames: names.sheets,
        ownedSheets: last ? [...last.sheets] : [],
        existingNames: names.names,
      },
      previousLog,
      at: core.now(),
    },
    (p) => {
      core.setPhase('analysing', { done: p.done, total: p.total, ...(p.label ? { label: p.label } : {}) });
    },
  );
  mark('loopbook:analysed');
  return response;
}

/** Writes a successful run's plan through the host; a failed run shows its first error instead. */
async function write(core: Core, response: RunResponse, signal: AbortSignal): Promise<void> {
  if (!response.ok || !response.plan) {
    const first = response.diagnostics.find((d) => d.severity === 'error') ?? response.diagnostics[0];
    core.set({
      results: response,
      run: {
        ...core.state().run,
        status: 'failed',
        error: first ? { text: first.message } : paneError(new Error('no result')),
      },
    });
    return;
  }
  const plan = response.plan;
  core.setPhase('writing', { done: 0, total: plan.ops.length });
  await core.host.applyPlan(
    plan,
    (p) => {
      core.setPhase('writing', p);
    },
    signal,
  );
  core.set((s) => ({ results: response, run: { ...s.run, status: 'done', phase: null } }));
  await core.loadStore();
}

/** A run: read the chosen sources, analyse in the engine, write through the host. */
async function runFlow(core: Core, lang: Lang): Promise<void> {
  core.abort = new AbortController();
  const signal = core.abort.signal;
  core.set({ run: { status: 'running', phase: 'reading', phases: emptyPhases() }, stale: false });
  mark('loopbook:run');
  try {
    await readChosen(core, signal);
    const response = await analyse(core, lang);
    if (signal.aborted) throw new CancelledError();
    await write(core, response, signal);
  } catch (error) {
    const cancelled = error instanceof CancelledError || signal.aborted;
    core.set((s) => ({
      run: {
        ...s.run,
        status: cancelled ? 'cancelled' : 'failed',
        phase: null,
        ...(cancelled ? {} : { error: paneError(error) }),
      },
    }));
  } finally {
    core.abort = null;
  }
}

/**
 * Loads the catalogue and the saved recipe, watches the sources for changes, then scans; a workbook with a saved
 * recipe then shows its choices (tables, roles, analyses, options), which Refresh runs.
 */
async function startFlow(core: Core, unsubscribers: (() => void)[], scan: () => Promise<void>): Promise<void> {
  try {
    core.set({ catalogue: await core.engine.catalogue() });
    core.set({ options: Object.fromEntries(core.state().catalogue.map((c) => [c.kind, { ...c.defaults }])) });
    await core.loadStore();
  } catch (error) {
    core.set({ scan: { status: 'failed', done: 0, total: 0, error: paneError(error) } });
    return;
  }
  if (core.host.onChanged) {
    unsubscribers.push(
      core.host.onChanged((sheet) => {
        const state = core.state();
        if (state.run.status === 'running') return;
        const used = state.sources.some((v) => state.assignments[v.id]?.kind && v.sheet === sheet);
        if (used && state.results) core.set({ stale: true });
      }),
    );
  }
  await scan();
  const saved = core.state().saved;
  if (!saved || core.state().scan.status !== 'ready') return;
  try {
    await loadRecipe(core, saved.recipe);
  } catch (error) {
    core.set((s) => ({ scan: { ...s.scan, error: paneError(error) } }));
  }
}

/** Only the best-looking table of each kind is used at first; the user can change that. */
function firstAssignments(views: SourceView[]): Record<string, Assignment> {
  const assignments: Record<string, Assignment> = {};
  const taken = new Set<TableKind>();
  const ranked = [...views].sort((a, b) => b.kindConfidence - a.kindConfidence || b.rows - a.rows);
  for (const v of ranked) {
    const a = assignmentOf(v);
    if (a.kind && taken.has(a.kind)) a.kind = null;
    if (a.kind) taken.add(a.kind);
    assignments[v.id] = a;
  }
  return assignments;
}

/**
 * The roles each source with a format the user chose reads with in that format (by the new source's id), for
 * `reapply` to start from.
 */
async function formatRolesOf(
  core: Core,
  manual: Record<string, ManualFixes>,
  previous: SourceView[],
  views: SourceView[],
  found: Record<string, Assignment>,
): Promise<Record<string, Record<string, Role | null>>> {
  const out: Record<string, Record<string, Role | null>> = {};
  for (const [id, fixes] of Object.entries(manual)) {
    if (fixes.format === undefined) continue;
    const view = successor(
      id,
      previous.find((v) => v.id === id),
      views,
    );
    const kind = fixes.kind !== undefined ? fixes.kind : view ? found[view.id].kind : null;
    if (!view || !kind) continue;
    const source = { id: view.id, kind, roles: found[view.id].roles, format: fixes.format };
    const read = (await core.engine.decisions([source], core.state().currency))[view.id];
    if (read) out[view.id] = read.readRoles;
  }
  return out;
}

/**
 * Looks through the workbook again. The kinds, roles, formats and statuses the user set by hand are put back on the
 * same tables where their headers still exist, and a note says which were kept and which could not be.
 */
async function scanFlow(core: Core): Promise<void> {
  const { manual, sources: previous } = core.state();
  core.set({ scan: { status: 'scanning', done: 0, total: 0 }, notices: [], rescan: null });
  try {
    const regions = await core.host.findRegions();
    core.set({ scan: { status: 'scanning', done: 0, total: regions.length } });
    const views: SourceView[] = [];
    for (const [i, region] of regions.entries()) {
      const ref: SourceRef = region.tableName
        ? { table: region.tableName }
        : { sheet: region.sheet, address: region.address };
      views.push(await core.readInto(ref));
      core.set({ scan: { status: 'scanning', done: i + 1, total: regions.length } });
    }
    // A selection the user chose is theirs: read again, not dropped (gone, the note says so).
    const selections: SourceView[] = [];
    for (const v of previous)
      if (v.id.startsWith('selection:') && manual[v.id] && !views.some((x) => x.id === v.id))
        selections.push(
          ...(await core
            .readInto({ sheet: v.sheet, address: v.address }, () => v.id)
            .then(
              (x) => [x],
              (): SourceView[] => [],
            )),
        );
    const all = [...selections, ...views];
    const found = firstAssignments(all);
    const formatRoles = await formatRolesOf(core, manual, previous, all, found);
    const { assignments, manual: kept, report } = reapply(manual, previous, all, found, formatRoles);
    core.set({
      sources: all,
      assignments,
      manual: kept,
      rescan: report.kept.length + report.lost.length > 0 ? report : null,
      scan: { status: 'ready', done: regions.length, total: regions.length },
      stale: staleFrom(all, core.state().saved),
      ...defaultsFromSources(all),
    });
    await core.updateAvailability();
  } catch (error) {
    core.set({ scan: { status: 'failed', done: 0, total: 0, error: paneError(error) } });
  }
}

/**
 * Reads the selection (or `ref`, a fix the pane offered) and uses it as a source, unless it is below a table's
 * header row, part of a table, or starts with values: then it stops with the problem and its fixes.
 */
async function useSelectionFlow(core: Core, ref?: { sheet: string; address: string }): Promise<void> {
  try {
    core.set({ selection: null });
    const region = ref ?? (await core.host.selection());
    const read = await core.host.read({ sheet: region.sheet, address: region.address });
    if (!ref) {
      const problem = checkSelection(region, core.state().sources, read.grid.values[0] ?? null);
      if (problem) {
        core.set({ selection: problem });
        return;
      }
    }
    const view = await core.engine.load(
      { id: `selection:${regionId(read.region)}`, sheet: read.region.sheet, address: read.region.address },
      read.grid,
    );
    // The selection replaces whatever played its kind before, and the notice says which table that was.
    core.set((s) => withSelection(s, view, assignmentOf(view)));
    await core.updateAvailability();
  } catch (error) {
    core.set((s) => ({ scan: { ...s.scan, error: paneError(error) } }));
  }
}

/** Takes fix `index` of the selection problem shown (see `Flow.fixSelection`). */
async function fixSelectionFlow(core: Core, index: number): Promise<void> {
  const fix = core.state().selection?.fixes[index];
  if (!fix) return;
  if (fix.use === 'range') {
    await useSelectionFlow(core, { sheet: fix.sheet, address: fix.address });
    return;
  }
  const view = core.state().sources.find((v) => v.id === fix.sourceId);
  core.set((s) => ({
    selection: null,
    ...(view && !s.assignments[view.id]?.kind && view.kind ? withKind(s, view.id, view.kind) : {}),
  }));
  void core.updateAvailability().catch(() => undefined);
}

/** A change to the tables, then availability (and what was decided) asked again. */
function changeAndCheck(core: Core, change: (s: FlowState) => Partial<FlowState>): void {
  core.set(change);
  void core.updateAvailability().catch(() => undefined);
}

/** Reads source `id` as `format`: that format's roles, with the user's own kept over them (see `Flow.setFormat`). */
async function setFormatFlow(core: Core, id: string, format: string): Promise<void> {
  const s = core.state();
  const a = s.assignments[id];
  const view = s.sources.find((v) => v.id === id);
  if (!a?.kind || !view) return;
  const before = s.decisions[id]?.readRoles ?? Object.fromEntries(view.columns.map((c) => [c.header, c.role]));
  const own = keptRoles(a.roles, before);
  const next = { ...a, format };
  const source = { id, kind: a.kind, roles: a.roles, format, ...(a.statuses ? { statuses: a.statuses } : {}) };
  try {
    // Read in the new format first: its roles, then the user's own, make the assignment.
    const read = (await core.engine.decisions([source], s.currency))[id];
    core.set((x) => ({
      assignments: { ...x.assignments, [id]: { ...next, roles: { ...(read?.readRoles ?? a.roles), ...own } } },
      ...withFormatFix(x, id, format),
    }));
    await core.updateAvailability();
  } catch (error) {
    core.set((x) => ({ scan: { ...x.scan, error: paneError(error) } }));
  }
}

/** Reads the recipe's sources and takes its kinds, roles, analyses and options into the pane. */
async function loadRecipe(core: Core, recipe: Recipe): Promise<void> {
  const views: SourceView[] = [];
  const assignmentsNext: Record<string, Assignment> = {};
  // The recipe's choices count as the user's: "Look again" keeps them.
  const manualNext: Record<string, ManualFixes> = {};
  for (const source of recipe.sources) {
    const ref: SourceRef = source.table
      ? { table: source.table }
      : { sheet: source.sheet, ...(source.range ? { address: source.range } : {}) };
    // A source the scan has just read is not read again.
    const id = source.table ? `table:${source.table}` : source.range ? `${source.sheet}!${source.range}` : null;
    const view = core.state().sources.find((v) => v.id === id) ?? (await core.readInto(ref));
    views.push(view);
    assignmentsNext[view.id] = {
      kind: source.kind,
      roles: {
        ...view.columns.reduce<Record<string, Role | null>>((m, c) => ({ ...m, [c.header]: c.role }), {}),
        ...source.roles,
      },
      ...(source.format ? { format: source.format } : {}),
      ...(source.statuses ? { statuses: source.statuses } : {}),
      ...(source.periodYear !== undefined ? { periodYear: source.periodYear } : {}),
    };
    manualNext[view.id] = {
      kind: source.kind,
      roles: { ...source.roles },
      ...(source.format ? { format: source.format } : {}),
      statuses: { ...source.statuses },
      ...(source.periodYear !== undefined ? { periodYear: source.periodYear } : {}),
    };
  }
  core.set((s) => {
    const others = s.sources.filter((v) => !views.some((x) => x.id === v.id));
    const assignments: Record<string, Assignment> = { ...s.assignments };
    const manual: Record<string, ManualFixes> = { ...s.manual };
    for (const v of others) {
      assignments[v.id] = { ...(assignments[v.id] ?? assignmentOf(v)), kind: null };
      manual[v.id] = { ...(manual[v.id] ?? { roles: {}, statuses: {} }), kind: null };
    }
    Object.assign(assignments, assignmentsNext);
    Object.assign(manual, manualNext);
    const chosen: Record<string, boolean> = {};
    const options = { ...s.options };
    for (const a of recipe.analyses) {
      chosen[a.kind] = a.enabled;
      options[a.kind] = { ...(s.catalogue.find((c) => c.kind === a.kind)?.defaults ?? {}), ...a.options };
    }
    return {
      sources: [...views, ...others],
      assignments,
      manual,
      notices: [],
      chosen,
      options,
      asOf: recipe.asOf ?? '',
      currency: recipe.currency,
    };
  });
  await core.updateAvailability();
}

/**
 * Brings the results up to date: reads the sources again and runs with what the pane shows now (the saved
 * recipe's choices, loaded at start, with whatever the user changed since), never the saved recipe over them.
 */
async function refreshFlow(core: Core, lang: Lang): Promise<void> {
  await core.loadStore();
  const saved = core.state().saved;
  if (!saved) {
    core.set((s) => ({
      run: {
        ...s.run,
        status: 'failed',
        error: {
          text: msg('This workbook has no saved Loopbook recipe yet.', '此工作簿中还没有保存的 Loopbook 配置。'),
          next: msg(
            'Choose your tables and analyses, then press Run once; Refresh repeats that run later.',
            '请先选择表和分析并点击“运行”；之后可用“刷新”重复该运行。',
          ),
        },
      },
    }));
    return;
  }
  if (core.state().run.status === 'running') return;
  await runFlow(core, lang);
}

/** Undo and close for the Data step's notices. */
function noticeActions(core: Core): Pick<Flow, 'undo' | 'dismiss' | 'dismissRescan'> {
  return {
    undo(id) {
      const back = undone(core.state(), id);
      if (!back) return;
      core.set(back);
      void core.updateAvailability().catch(() => undefined);
    },
    dismiss(id) {
      core.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    dismissRescan() {
      core.set({ rescan: null });
    },
  };
}

/** A flow over `host` and `engine`; `now` gives the run's timestamp (tests pass a fixed one). */
export function createFlow(host: PaneHost, engine: Engine, now: () => string = () => new Date().toISOString()): Flow {
  const core = createCore(host, engine, now);
  const unsubscribers: (() => void)[] = [];
  const flow: Flow = {
    getState: () => core.state(),
    subscribe(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    start: () => startFlow(core, unsubscribers, () => flow.scan()),
    scan: () => scanFlow(core),
    useSelection: () => useSelectionFlow(core),
    fixSelection: (index) => fixSelectionFlow(core, index),
    setKind(id, kind) {
      core.set((s) => withKind(s, id, kind));
      void core.updateAvailability().catch(() => undefined);
    },
    setRole(id, header, role) {
      core.set((s) => withRole(s, id, header, role));
      void core.updateAvailability().catch(() => undefined);
    },
    setFormat: (id, format) => setFormatFlow(core, id, format),
    setStatus(id, value, cls) {
      core.set((s) => withStatus(s, id, value, cls) ?? {});
      void core.updateAvailability().catch(() => undefined);
    },
    setPeriodYear: (id, year) => {
      changeAndCheck(core, (s) => withPeriodYear(s, id, year) ?? {});
    },
    ...noticeActions(core),
    choose(kind, on) {
      core.set((s) => ({ chosen: { ...s.chosen, [kind]: on } }));
    },
    setAsOf(iso) {
      core.set({ asOf: iso });
      // Whether an analysis needing a date can run depends on it (the run's own rule).
      void core.updateAvailability().catch(() => undefined);
    },
    setCurrency(code) {
      core.set({ currency: code });
      // The amounts in the Data step's lines are written in it when a table names none.
      void core.updateAvailability().catch(() => undefined);
    },
    setOption(kind, key, value) {
      core.set((s) => ({ options: { ...s.options, [kind]: { ...s.options[kind], [key]: value } } }));
    },
    async runNow(lang) {
      if (core.state().run.status === 'running') return;
      await runFlow(core, lang);
    },
    refresh: (lang) => refreshFlow(core, lang),
    cancel() {
      if (core.state().run.status !== 'running') return;
      core.abort?.abort();
      engine.cancel();
    },
    async goTo(sheet, address) {
      try {
        await host.goTo(sheet, address);
      } catch (error) {
        core.set((s) => ({ scan: { ...s.scan, error: paneError(error) } }));
      }
    },
    dispose() {
      for (const u of unsubscribers) u();
      engine.dispose();
    },
  };
  return flow;
}

export type { Store };
