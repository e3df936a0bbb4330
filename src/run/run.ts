/**
 * Runs a recipe's analyses on ingested datasets: host-neutral, shared by the command line and the task
 * pane's worker. Roles the recipe states override the ones ingest proposed; an analysis that fails is
 * reported as a diagnostic and the others still run.
 */
import type { ColumnInfo, Dataset, Role, StatusClass } from '../ingest/types.js';
import { ingestGrid } from '../ingest/ingest-grid.js';
import { statusKey } from '../ingest/status.js';
import type { AnalysisDef, AnalysisDeps, AnalysisInputs, CommonOptions } from '../analysis/registry-types.js';
import type { AnalysisResult } from '../analysis/types.js';
import { ANALYSES } from '../analysis/registry.js';
import { RunMemo, validateOptions } from '../analysis/common/index.js';
import type { Recipe, Source } from '../recipe/types.js';
import type { CellGrid, Diagnostic, I18nText } from '../types.js';
import { isoToSerial } from '../serial-date.js';
import { columnValues } from '../ingest/column-values.js';

/**
 * The dataset with the recipe's roles applied (columns the recipe does not mention keep theirs) and the status
 * meanings it sets (they win over the format's and the general vocabulary).
 */
export function withRoles(ds: Dataset, source: Source): Dataset {
  const columns: ColumnInfo[] = ds.columns.map((c) =>
    c.header in source.roles ? { ...c, role: source.roles[c.header], roleConfidence: 1 } : c,
  );
  const out: Dataset = { ...ds, kind: source.kind, kindConfidence: 1, columns };
  if (source.statuses && Object.keys(source.statuses).length > 0) {
    const own: Record<string, StatusClass> = {};
    for (const [value, cls] of Object.entries(source.statuses)) own[statusKey(value)] = cls;
    out.statusOverrides = own;
  }
  return out;
}

/**
 * The dataset a recipe source reads: the sheet read again as the source's `format` when that differs from the one
 * ingest recognised (`none`: the general rules), or with its `periodYear` (the year of a wide sheet's year-less
 * period headers), then its roles and statuses applied. `grid` is the cells the dataset came from; without it the
 * dataset is used as read.
 * @example datasetForSource(ds, grid, { …, format: 'none' }).format // → undefined
 */
export function datasetForSource(ds: Dataset, grid: CellGrid | undefined, source: Source): Dataset {
  const wanted = source.format;
  const has = ds.format?.id ?? 'none';
  const reformat = wanted !== undefined && wanted !== has;
  const read =
    !grid || (!reformat && source.periodYear === undefined)
      ? ds
      : ingestGrid(grid, {
          ...(wanted === undefined ? {} : { format: wanted === 'none' ? false : wanted }),
          ...(source.periodYear === undefined ? {} : { periodYear: source.periodYear }),
          sheetKindHint: source.kind,
        });
  return withRoles(read, source);
}

const DATE_ROLES: ReadonlySet<Role> = new Set(['date', 'timestamp', 'period_start', 'period', 'period_end']);

/** The latest date in any date-role column of the inputs, as an Excel serial (whole day). */
export function latestDate(inputs: AnalysisInputs): number | null {
  let max = -Infinity;
  for (const ds of Object.values(inputs)) {
    for (const c of ds.columns) {
      if (!c.role || !DATE_ROLES.has(c.role) || (c.type !== 'date' && c.type !== 'datetime')) continue;
      const values = columnValues(ds, c.name);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v === 'number' && v > max) max = v;
      }
    }
  }
  return Number.isFinite(max) ? Math.floor(max) : null;
}

export interface RunOutcome {
  results: AnalysisResult[];
  asOf: number | null;
  diagnostics: Diagnostic[];
}

/** How a call of `runAnalyses` runs (the pane runs one analysis per call, sharing one memo). */
export interface RunControl {
  /** Run only these kinds (and the analyses they use), with the recipe's options; default: every enabled one. */
  only?: readonly string[];
  /** The run's memo, when several calls make one run; default: a new one. */
  memo?: RunMemo;
  /**
   * Results of earlier calls of the same run, by kind: used as dependencies instead of running them again.
   * Results of this call are added to it when given.
   */
  done?: Map<string, AnalysisResult>;
  /** The analyses to choose from; default: the registry (tests pass their own). */
  analyses?: readonly AnalysisDef[];
  /**
   * Called once before the first analysis runs, with the run's options (its as-of date and memo): where a host starts
   * work aside that a later analysis will take (the command line's cohorts and model fits, src/cli/aside.ts).
   */
  beforeAnalyses?: (common: CommonOptions) => void;
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/**
 * Runs every enabled analysis of `recipe` on `inputs`, each once, after the analyses it uses, with its
 * options checked against its definition (a refused value: a warning and the default). Without an as-of
 * date only the analyses that need none run; the others are listed in one warning that says how to give a
 * date. Never throws for data problems: an analysis that throws is a bug, reported as an error diagnostic
 * naming it, and the run goes on. Results come in the recipe's order.
 */
export function runAnalyses(
  inputs: AnalysisInputs,
  recipe: Recipe,
  asOfOverride?: number,
  control: RunControl = {},
): RunOutcome {
  const diagnostics: Diagnostic[] = [];
  const registry = control.analyses ?? ANALYSES;
  const find = (kind: string) => registry.find((d) => d.kind === kind);
  const asOf = asOfOverride ?? (recipe.asOf ? isoToSerial(recipe.asOf) : null) ?? latestDate(inputs);
  const wanted = wantedKinds(recipe, control.only, find, diagnostics);
  const order = runOrder(wanted, find, diagnostics);
  const specs = new Map(recipe.analyses.map((a) => [a.kind, a]));
  const undated = order.filter((d) => skippedForNoDate(d, asOf));
  if (undated.length > 0) diagnostics.push(noDateDiagnostic(undated));
  // Without a date the analyses that need none see NaN as the as-of date and never read it.
  const common: CommonOptions = {
    asOf: asOf ?? Number.NaN,
    currency: recipe.currency,
    lang: recipe.lang,
    memo: control.memo ?? new RunMemo(),
  };
  const done = control.done ?? new Map<string, AnalysisResult>();
  const ran = new Map<string, AnalysisResult>();
  control.beforeAnalyses?.(common);
  for (const def of order) {
    if (undated.includes(def)) continue;
    const prior = done.get(def.kind);
    if (prior) {
      ran.set(def.kind, prior);
      continue;
    }
    const spec = specs.get(def.kind);
    // Enabled but outside `only`: the pane runs it in its own call, which writes its sheet.
    if (!wanted.has(def.kind) && !spec?.enabled) diagnostics.push(ranForOthers(def, order, spec !== undefined));
    const checked = validateOptions(def, spec?.options);
    diagnostics.push(...checked.diagnostics);
    const deps = new Map<string, AnalysisResult>();
    for (const k of def.uses ?? []) {
      const r = ran.get(k);
      if (r) deps.set(k, r);
    }
    const result = runOne(def, inputs, common, checked.options, deps, diagnostics);
    if (result) {
      ran.set(def.kind, result);
      done.set(def.kind, result);
    }
  }
  const results: AnalysisResult[] = [];
  for (const kind of wanted) {
    const r = ran.get(kind);
    if (r) results.push(r);
  }
  return { results, asOf, diagnostics };
}

/** The kinds the user asked for, in the recipe's order; unknown kinds are reported and left out. */
function wantedKinds(
  recipe: Recipe,
  only: readonly string[] | undefined,
  find: (k: string) => AnalysisDef | undefined,
  diagnostics: Diagnostic[],
): Set<string> {
  const wanted = new Set<string>();
  for (const spec of recipe.analyses) {
    if (!spec.enabled || (only && !only.includes(spec.kind))) continue;
    if (!find(spec.kind)) {
      diagnostics.push({
        code: 'run.unknown-analysis',
        severity: 'warning',
        message: {
          en: `The recipe asks for an analysis this version of Loopbook does not know: "${spec.kind}". It was skipped.`,
          'zh-CN': `配置中包含本版本 Loopbook 不认识的分析“${spec.kind}”，已跳过。`,
        },
      });
      continue;
    }
    wanted.add(spec.kind);
  }
  return wanted;
}

/**
 * The analyses to run, each after those it uses (depth-first, so the recipe's order holds where the
 * dependencies allow). A cycle of `uses` is an error naming it; its analyses (and those using them) are
 * left out, the others run.
 */
export function runOrder(
  wanted: ReadonlySet<string>,
  find: (k: string) => AnalysisDef | undefined,
  diagnostics: Diagnostic[],
): AnalysisDef[] {
  const order: AnalysisDef[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'broken'>();
  const visit = (kind: string, path: string[]): boolean => {
    const s = state.get(kind);
    if (s === 'done') return true;
    if (s === 'broken') return false;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(kind)), kind].join(' → ');
      diagnostics.push({
        code: 'run.dependency-cycle',
        severity: 'error',
        message: {
          en: `These analyses use each other in a circle, so none of them can run first: ${cycle}. They were skipped; please report this.`,
          'zh-CN': `以下分析相互依赖成环，无法确定先后：${cycle}。已跳过；请报告此问题。`,
        },
      });
      return false;
    }
    const def = find(kind);
    if (!def) {
      diagnostics.push({
        code: 'run.unknown-dependency',
        severity: 'error',
        message: {
          en: `${path.at(-1) ?? kind} uses an analysis this version does not know: "${kind}". It was skipped; please report this.`,
          'zh-CN': `${path.at(-1) ?? kind}依赖本版本不认识的分析“${kind}”，已跳过；请报告此问题。`,
        },
      });
      return false;
    }
    state.set(kind, 'visiting');
    const ok = (def.uses ?? []).every((k) => visit(k, [...path, kind]));
    state.set(kind, ok ? 'done' : 'broken');
    if (ok) order.push(def);
    return ok;
  };
  for (const kind of wanted) visit(kind, []);
  return order;
}

/**
 * Whether `def` is skipped for want of an as-of date (`asOf` null: none given and none in the data). The rule
 * `runAnalyses` applies; the task pane asks it too, so it never offers an analysis the run would skip.
 */
export function skippedForNoDate(def: Pick<AnalysisDef, 'needsAsOf'>, asOf: number | null): boolean {
  return asOf === null && def.needsAsOf !== false;
}

/** The warning listing the analyses skipped for want of an as-of date, and how to give one. */
export function noDateDiagnostic(skipped: readonly AnalysisDef[]): Diagnostic {
  const en = skipped.map((d) => d.title.en).join(', ');
  const zh = skipped.map((d) => d.title['zh-CN']).join('、');
  return {
    code: 'run.no-dates',
    severity: 'warning',
    message: {
      en: `No dates were found in the inputs, so there is no as-of date; these analyses need one and were skipped: ${en}. Give a date with --as-of YYYY-MM-DD, as "asOf" in the recipe, or under Options → As-of date in the pane.`,
      'zh-CN': `输入中没有找到日期，无法确定截止日期；以下分析需要截止日期，已跳过：${zh}。请用 --as-of YYYY-MM-DD、配置中的“asOf”或任务窗格“选项 → 截止日期”指定。`,
    },
  };
}

/** Info: an analysis the user did not ask for ran because others use it (its sheet is not written). */
function ranForOthers(def: AnalysisDef, order: readonly AnalysisDef[], inRecipe: boolean): Diagnostic {
  const users = order.filter((d) => d.uses?.includes(def.kind));
  return {
    code: 'run.ran-for-another',
    severity: 'info',
    message: {
      en: `${def.title.en} is not switched on in the recipe but ran ${inRecipe ? 'with its options from the recipe' : 'with its default options'} because ${users.map((d) => d.title.en).join(', ')} use${users.length === 1 ? 's' : ''} its results; its sheet is not written.`,
      'zh-CN': `${users.map((d) => d.title['zh-CN']).join('、')}需要${def.title['zh-CN']}的结果，该分析虽未在配置中启用，仍已${inRecipe ? '按配置中的选项' : '按默认选项'}运行；其结果表不写入工作簿。`,
    },
  };
}

function runOne(
  def: AnalysisDef,
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: object,
  deps: AnalysisDeps,
  diagnostics: Diagnostic[],
): AnalysisResult | null {
  try {
    return def.run(inputs, common, options, deps);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    diagnostics.push({
      code: 'run.analysis-failed',
      severity: 'error',
      message: t(
        `${def.title.en} stopped with an internal error (${why}). The other analyses still ran; please report this.`,
        `${def.title['zh-CN']}因内部错误停止（${why}）。其他分析已照常完成；请报告此问题。`,
      ),
    });
    return null;
  }
}
