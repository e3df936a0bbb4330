/**
 * The analysis engine behind the task pane: ingest, analyse, report and plan — everything but reading
 * and writing the workbook, which stay on the main thread with Office. Pure JS over `src/`; the Web
 * Worker (`worker.ts`) exposes it with comlink, and tests call it in-process.
 */
import { ingestGrid } from '../../src/ingest/index.js';
import type { Dataset, TableKind } from '../../src/ingest/types.js';
import { ANALYSES, canRun, findAnalysis } from '../../src/analysis/registry.js';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { AnalysisResult, ChartHint, ResultTable } from '../../src/analysis/types.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { datasetForSource, latestDate, noDateDiagnostic, runAnalyses, skippedForNoDate } from '../../src/run/run.js';
import { buildSummary } from '../../src/run/summary.js';
import { datasetCurrencies } from '../../src/run/currency.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { hashCells } from '../../src/recipe/hash.js';
import { runInputs, sourceLines } from '../../src/recipe/run-inputs.js';
import type { InputRead } from '../../src/recipe/run-inputs.js';
import { RECIPE_VERSION } from '../../src/recipe/types.js';
import type { Recipe, Source } from '../../src/recipe/types.js';
import type { WorkbookOp } from '../../src/plan/types.js';
import { isoToSerial, serialToIso } from '../../src/serial-date.js';
import { LOOPBOOK_VERSION } from '../../src/version.js';
import type { CellGrid, CellValue, Diagnostic, I18nText } from '../../src/types.js';
import type {
  AnalysisCard,
  Availability,
  ChartView,
  ColumnView,
  EngineApi,
  GridMeta,
  PhaseProgress,
  ResultView,
  RunRequest,
  RunResponse,
  SkippedAnalysis,
  SourceAssignment,
  SourceView,
  TableDecisions,
} from './protocol.js';
import { tableDecisions } from './decisions-view.js';
import { compareFindings } from '../../src/report/rank-findings.js';
import { optionSpecsFor } from '../../src/analysis/option-specs.js';

const PREVIEW_ROWS = 5;
/** Categories a chart preview shows at most (the sheet's native chart shows more). */
const PREVIEW_CATEGORIES = 12;
const DATE_TYPES = new Set(['date', 'datetime']);

interface Held {
  meta: GridMeta;
  grid: CellGrid;
  /** The grid as ingest reads it by default (its format recognised from the headers). */
  dataset: Dataset | null;
  hash: string;
  /** The grid read again in another format than the recognised one (or `none`), by format and kind. */
  reread: Map<string, Dataset>;
}

/** Display text of a dataset value for the preview. */
export function displayValue(v: unknown, type: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (DATE_TYPES.has(type)) return serialToIso(v) + (type === 'datetime' && v % 1 !== 0 ? ` ${timeOf(v)}` : '');
    if (type === 'percent') return `${(v * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
    return v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function timeOf(serial: number): string {
  const s = Math.round((serial % 1) * 86_400);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}`;
}

function viewOf(held: Held): SourceView {
  const ds = held.dataset;
  const base = { ...held.meta, hash: held.hash };
  if (!ds) {
    return {
      ...base,
      kind: null,
      kindConfidence: 0,
      rows: 0,
      columns: [],
      preview: [],
      previewRows: [],
      diagnostics: [],
      latestDate: null,
      currencies: [],
    };
  }
  const columns: ColumnView[] = ds.columns.map((c) => ({
    name: c.name,
    header: c.header,
    letter: c.letter,
    type: c.type,
    role: c.role,
    roleConfidence: c.roleConfidence,
    ...(c.currency ? { currency: c.currency } : {}),
    nulls: c.nulls,
  }));
  const n = Math.min(PREVIEW_ROWS, ds.table.numRows());
  const arrays = ds.columns.map((c) => ds.table.array(c.name) as ArrayLike<unknown>);
  const preview: string[][] = [];
  for (let r = 0; r < n; r++) preview.push(ds.columns.map((c, j) => displayValue(arrays[j][r], c.type)));
  let latest = -Infinity;
  ds.columns.forEach((c, j) => {
    if (!DATE_TYPES.has(c.type)) return;
    const a = arrays[j];
    let colMax = -Infinity;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === 'number' && v > colMax) colMax = v;
    }
    if (Number.isFinite(colMax)) columns[j].latest = serialToIso(Math.floor(colMax));
    if (colMax > latest) latest = colMax;
  });
  return {
    ...base,
    kind: ds.kind,
    kindConfidence: ds.kindConfidence,
    rows: ds.table.numRows(),
    columns,
    preview,
    previewRows: ds.rowNumbers.slice(0, n),
    diagnostics: ds.diagnostics,
    latestDate: Number.isFinite(latest) ? serialToIso(Math.floor(latest)) : null,
    currencies: datasetCurrencies(ds),
  };
}

function chartView(hint: ChartHint, tables: readonly ResultTable[]): ChartView | null {
  const table = tables.find((t) => t.name === hint.table);
  if (!table) return null;
  const catCol = table.columns.find((c) => c.key === hint.category);
  const rows = table.rows.slice(0, Math.min(hint.maxRows ?? PREVIEW_CATEGORIES, PREVIEW_CATEGORIES));
  const labels = rows.map((r) => displayValue(r[hint.category], catCol?.kind ?? 'text'));
  const secondary = new Set(hint.secondary ?? []);
  const series = hint.series.flatMap((key) => {
    const col = table.columns.find((c) => c.key === key);
    if (!col) return [];
    const values = rows.map((r) => {
      const v: CellValue | undefined = r[key];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    return [{ key, label: col.label, values, secondary: secondary.has(key) }];
  });
  if (series.length === 0) return null;
  return { name: hint.name, title: hint.title, kind: hint.kind, labels, series };
}

function resultView(r: AnalysisResult, sheet: string | null): ResultView {
  return {
    kind: r.kind,
    title: r.title,
    question: r.question,
    sheet,
    figures: r.figures,
    charts: r.charts.flatMap((h) => {
      const v = chartView(h, r.tables);
      return v ? [v] : [];
    }),
    findings: [...r.findings].sort(compareFindings),
    diagnostics: r.diagnostics,
  };
}

const runDiag = (code: string, en: string, zh: string): Diagnostic => ({
  code,
  severity: 'error',
  message: { en, 'zh-CN': zh },
});

const failed = (d: Diagnostic): RunResponse => ({
  ok: false,
  plan: null,
  results: [],
  dashboard: null,
  asOf: null,
  diagnostics: [d],
  summary: null,
});

/**
 * The held grid read as `format` (an id, or `none`), as `datasetForSource` reads a recipe source: the default read
 * when that is the format already, else ingest again, once per format and kind (the table's other reads are kept).
 */
function readAs(h: Held & { dataset: Dataset }, format: string | undefined, kind: TableKind): Dataset {
  if (format === undefined || format === (h.dataset.format?.id ?? 'none')) return h.dataset;
  const key = `${format}|${kind}`;
  let ds = h.reread.get(key);
  if (!ds) {
    ds = ingestGrid(h.grid, { format: format === 'none' ? false : format, sheetKindHint: kind });
    h.reread.set(key, ds);
  }
  return ds;
}

interface Input {
  held: Held & { dataset: Dataset };
  source: Source;
  /** The grid as read in the source's format, before its roles and statuses. */
  read: Dataset;
  /** As the run uses it. */
  used: Dataset;
}

/** The held datasets the assignments name, one per kind, with the recipe sources they stand for. */
function inputList(held: ReadonlyMap<string, Held>, sources: readonly SourceAssignment[]): Map<string, Input> {
  const out = new Map<string, Input>();
  const kinds = new Set<TableKind>();
  for (const s of sources) {
    const h = held.get(s.id);
    if (!h?.dataset || kinds.has(s.kind)) continue;
    kinds.add(s.kind);
    const source: Source = {
      id: s.kind,
      sheet: h.meta.sheet,
      ...(h.meta.tableName ? { table: h.meta.tableName } : { range: h.meta.address }),
      kind: s.kind,
      roles: s.roles,
      ...(s.format ? { format: s.format } : {}),
      ...(s.statuses && Object.keys(s.statuses).length > 0 ? { statuses: s.statuses } : {}),
      ...(s.periodYear !== undefined ? { periodYear: s.periodYear } : {}),
    };
    const withData = h as Held & { dataset: Dataset };
    const read = readAs(withData, s.format, s.kind);
    // The command line's way (run.ts): read in the source's format, then its roles and statuses applied.
    out.set(s.id, { held: withData, source, read, used: datasetForSource(read, h.grid, source) });
  }
  return out;
}

function inputsOf(
  held: ReadonlyMap<string, Held>,
  sources: readonly SourceAssignment[],
): { inputs: AnalysisInputs; recipeSources: Source[] } {
  const inputs: AnalysisInputs = {};
  const recipeSources: Source[] = [];
  for (const x of inputList(held, sources).values()) {
    inputs[x.source.kind] = x.used;
    recipeSources.push(x.source);
  }
  return { inputs, recipeSources };
}

function cardOf(def: (typeof ANALYSES)[number]): AnalysisCard {
  return {
    kind: def.kind,
    title: def.title,
    question: def.question,
    needs: def.needs,
    requires: def.requires.map((r) => ({ kind: r.kind, roles: [...r.roles] })),
    defaults: structuredClone(def.defaults) as Record<string, unknown>,
    optionSpecs: optionSpecsFor(def.defaults, def.optionSpecs),
  };
}

/** Ingests a completed grid into `h` and returns its view, led by a diagnostic when ingest failed. */
function ingestHeld(h: Held): SourceView {
  h.hash = hashCells(h.grid.values);
  h.reread.clear();
  let failure: Diagnostic | null = null;
  try {
    h.dataset = h.grid.values.length === 0 ? null : ingestGrid(h.grid);
  } catch (error) {
    // ingest throws only for misuse (a malformed grid); say so rather than lose the pane.
    h.dataset = null;
    failure = {
      code: 'pane.ingest-failed',
      severity: 'error',
      message: {
        en: `This range could not be read as a table (${error instanceof Error ? error.message : String(error)}).`,
        'zh-CN': `无法把此区域读取为表格（${error instanceof Error ? error.message : String(error)}）。`,
      },
      where: { sheet: h.meta.sheet },
    };
  }
  const view = viewOf(h);
  return failure ? { ...view, diagnostics: [failure, ...view.diagnostics] } : view;
}

function recipeOf(req: RunRequest, recipeSources: Source[]): Recipe {
  return {
    loopbook: 'recipe',
    version: RECIPE_VERSION,
    sources: recipeSources,
    analyses: req.analyses.map((a) => ({ kind: a.kind, enabled: a.enabled, options: a.options })),
    asOf: req.asOf,
    currency: req.currency,
    lang: req.lang,
  };
}

const NO_DATE_WHY: I18nText = {
  en: 'It needs an as-of date, and the chosen tables have no dates. Set one under Options → As-of date.',
  'zh-CN': '该分析需要截止日期，而所选表中没有日期。请在“选项 → 截止日期”中设置。',
};

/** Why one analysis call wrote nothing, or finished with an error: its first error, else its first warning. */
function skippedOf(
  spec: RunRequest['analyses'][number],
  result: AnalysisResult | undefined,
  callDiagnostics: readonly Diagnostic[],
): SkippedAnalysis | null {
  const def = findAnalysis(spec.kind)!;
  const own = [...callDiagnostics, ...(result?.diagnostics ?? [])];
  const wroteNothing = !result || (result.tables.length === 0 && result.figures.length === 0);
  const error = own.find((d) => d.severity === 'error');
  if (!wroteNothing && !error) return null;
  const why = (error ?? own.find((d) => d.severity === 'warning') ?? own[0])?.message ?? {
    en: 'It found nothing to report in this data.',
    'zh-CN': '在这些数据中没有可报告的内容。',
  };
  return { kind: spec.kind, title: def.title, why, ran: !wroteNothing };
}

/** Runs each enabled analysis on its own, so progress can name the one running; says which were skipped and why. */
function analyseEach(
  inputs: AnalysisInputs,
  recipe: Recipe,
  req: RunRequest,
  asOf: number | null,
  onProgress: (p: PhaseProgress) => void,
): { results: AnalysisResult[]; diagnostics: Diagnostic[]; total: number; skipped: SkippedAnalysis[] } {
  const diagnostics: Diagnostic[] = [...Object.values(inputs).flatMap((d) => d.diagnostics)];
  let enabled = req.analyses.filter((a) => a.enabled && findAnalysis(a.kind));
  const skipped: SkippedAnalysis[] = [];
  // No date in the data: the analyses that need one are skipped (the run's own rule), named in one warning.
  const undated = enabled.map((a) => findAnalysis(a.kind)!).filter((d) => skippedForNoDate(d, asOf));
  if (undated.length > 0) {
    diagnostics.push(noDateDiagnostic(undated));
    for (const d of undated) skipped.push({ kind: d.kind, title: d.title, why: NO_DATE_WHY, ran: false });
    enabled = enabled.filter((a) => !undated.some((d) => d.kind === a.kind));
  }
  const results: AnalysisResult[] = [];
  const total = enabled.length + 1;
  // One run in one call per analysis (for progress): one memo, and each analysis's result reused by those using it.
  const done = new Map<string, AnalysisResult>();
  const memo = new RunMemo();
  enabled.forEach((spec, i) => {
    const def = findAnalysis(spec.kind);
    onProgress({ phase: 'analysing', done: i, total, ...(def ? { label: def.title } : {}) });
    const outcome = runAnalyses(inputs, recipe, asOf ?? undefined, { only: [spec.kind], done, memo });
    results.push(...outcome.results);
    diagnostics.push(...outcome.diagnostics);
    const s = skippedOf(
      spec,
      outcome.results.find((r) => r.kind === spec.kind),
      outcome.diagnostics,
    );
    if (s) skipped.push(s);
  });
  onProgress({ phase: 'analysing', done: enabled.length, total });
  return { results, diagnostics, total, skipped };
}

interface Analysed {
  inputs: AnalysisInputs;
  recipeSources: Source[];
  recipe: Recipe;
  asOf: number | null;
  results: AnalysisResult[];
  diagnostics: Diagnostic[];
  skipped: SkippedAnalysis[];
}

/** The report and the plan that writes it, with the store's run entry (hashes from the held grids). */
function planOf(held: ReadonlyMap<string, Held>, req: RunRequest, a: Analysed): ReturnType<typeof buildPlan> {
  const { inputs, recipeSources } = a;
  // What was read, described by the same builder as the command line's (Sources line and run log).
  const read: InputRead[] = recipeSources.flatMap((s) => {
    const d = inputs[s.kind];
    const h = [...held.values()].find(
      (x) => x.meta.sheet === s.sheet && (s.table ? x.meta.tableName === s.table : x.meta.address === s.range),
    );
    return d ? [{ source: s.id, dataset: d, ...(h ? { range: h.meta.address } : {}), hash: h?.hash ?? '' }] : [];
  });
  const report = buildReport(a.results, {
    lang: req.lang,
    asOf: a.asOf,
    currency: req.currency,
    sources: sourceLines(read, req.lang),
    diagnostics: a.diagnostics,
  });
  return buildPlan(report, {
    existingSheetNames: req.workbook.existingSheetNames,
    ownedSheets: req.workbook.ownedSheets,
    existingNames: req.workbook.existingNames,
    store: {
      recipe: a.recipe,
      log: req.previousLog,
      run: {
        at: req.at,
        host: 'addin',
        loopbook: LOOPBOOK_VERSION,
        inputs: runInputs(read),
      },
    },
  });
}

/** The successful response: views of the results with the sheets the plan puts them on. */
function responseOf(plan: ReturnType<typeof buildPlan>, a: Analysed): RunResponse {
  const sheetOf = new Map<string, string>();
  let dashboard: string | null = null;
  for (const op of plan.ops) {
    if (op.op !== 'addSheet') continue;
    if (op.role === 'dashboard') dashboard = op.sheet;
    else if (op.role === 'result') sheetOf.set(op.key, op.sheet);
  }
  const summary = buildSummary(a.results, {
    asOf: a.asOf,
    inputs: a.recipeSources.map((s) => ({
      source: s.id,
      sheet: s.sheet,
      kind: s.kind,
      rows: a.inputs[s.kind]?.table.numRows() ?? 0,
    })),
    diagnostics: a.diagnostics,
  });
  return {
    ok: true,
    skipped: a.skipped,
    plan: { ...plan, ops: [] },
    opsPending: plan.ops.length,
    results: a.results.map((r) => resultView(r, sheetOf.get(r.kind) ?? null)),
    dashboard,
    asOf: a.asOf === null ? null : serialToIso(a.asOf),
    diagnostics: a.diagnostics,
    summary,
  };
}

/** A run over the held grids; `ops` is the full plan, which the pane then pages through `planOps`. */
function runEngine(
  held: ReadonlyMap<string, Held>,
  req: RunRequest,
  onProgress: (p: PhaseProgress) => void,
): { response: RunResponse; ops: WorkbookOp[] | null } {
  const { inputs, recipeSources } = inputsOf(held, req.sources);
  if (recipeSources.length === 0) {
    return {
      response: failed(
        runDiag(
          'pane.no-sources',
          'No table is selected as input. Go to the Data step and choose what at least one table holds.',
          '尚未选择任何输入表。请回到“数据”步骤，至少为一张表选择类型。',
        ),
      ),
      ops: null,
    };
  }
  const recipe = recipeOf(req, recipeSources);
  const asOf = (req.asOf ? isoToSerial(req.asOf) : null) ?? latestDate(inputs);
  const { results, diagnostics, total, skipped } = analyseEach(inputs, recipe, req, asOf, onProgress);
  if (results.length === 0) {
    const nothing = failed(
      runDiag(
        'pane.nothing-ran',
        'No analysis could run. Check the Analyses step: each card says what data it needs.',
        '没有可运行的分析。请查看“分析”步骤：每张卡片都写明了所需的数据。',
      ),
    );
    return {
      response: { ...nothing, skipped, diagnostics: [...nothing.diagnostics, ...diagnostics] },
      ops: null,
    };
  }
  const analysed: Analysed = { inputs, recipeSources, recipe, asOf, results, diagnostics, skipped };
  const plan = planOf(held, req, analysed);
  onProgress({ phase: 'analysing', done: total, total });
  return { response: responseOf(plan, analysed), ops: plan.ops };
}

/** A fresh engine holding no data. */
export function createEngineCore(): EngineApi {
  const held = new Map<string, Held>();
  let lastOps: WorkbookOp[] = [];

  return {
    catalogue(): AnalysisCard[] {
      return ANALYSES.map(cardOf);
    },

    beginGrid(meta, header) {
      held.set(meta.id, {
        meta,
        grid: {
          ...header,
          values: [...header.values],
          ...(header.numberFormats ? { numberFormats: [...header.numberFormats] } : {}),
        },
        dataset: null,
        hash: '',
        reread: new Map(),
      });
    },

    appendRows(id, values, numberFormats) {
      const h = held.get(id);
      if (!h) throw new Error(`No grid ${id} was begun.`);
      for (const row of values) h.grid.values.push(row);
      if (numberFormats && h.grid.numberFormats) for (const row of numberFormats) h.grid.numberFormats.push(row);
    },

    endGrid(id) {
      const h = held.get(id);
      if (!h) throw new Error(`No grid ${id} was begun.`);
      return ingestHeld(h);
    },

    forget(id) {
      held.delete(id);
    },

    planOps(from, count) {
      return lastOps.slice(from, from + count);
    },

    availability(sources, asOfIso = null) {
      const { inputs } = inputsOf(held, sources);
      const out: Availability = {};
      // The run's as-of date (runEngine), found once and only when an analysis could need it.
      let asOf: { serial: number | null } | null = null;
      for (const def of ANALYSES) {
        const can = canRun(def, inputs);
        if (can.ok && def.needsAsOf !== false)
          asOf ??= { serial: (asOfIso ? isoToSerial(asOfIso) : null) ?? latestDate(inputs) };
        out[def.kind] = can.ok && skippedForNoDate(def, asOf?.serial ?? null) ? { ok: false, needs: NO_DATE_WHY } : can;
      }
      return out;
    },

    decisions(sources, currency) {
      const out: Record<string, TableDecisions> = {};
      for (const [id, x] of inputList(held, sources)) {
        out[id] = tableDecisions({
          id,
          kind: x.source.kind,
          read: x.read,
          used: x.used,
          recognised: x.held.dataset.format,
          format: x.source.format,
          currency,
          ...(x.source.periodYear !== undefined ? { periodYear: x.source.periodYear } : {}),
        });
      }
      return out;
    },

    run(req: RunRequest, onProgress: (p: PhaseProgress) => void): RunResponse {
      const { response, ops } = runEngine(held, req, onProgress);
      if (ops) lastOps = ops;
      return response;
    },
  };
}
