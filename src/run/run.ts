/**
 * Runs a recipe's analyses on ingested datasets: host-neutral, shared by the command line and the task
 * pane's worker. Roles the recipe states override the ones ingest proposed; an analysis that fails is
 * reported as a diagnostic and the others still run.
 */
import type { ColumnInfo, Dataset, Role } from '../ingest/types.js';
import type { AnalysisInputs, CommonOptions } from '../analysis/registry-types.js';
import type { AnalysisResult } from '../analysis/types.js';
import { findAnalysis } from '../analysis/registry.js';
import type { Recipe, Source } from '../recipe/types.js';
import type { Diagnostic } from '../types.js';
import { isoToSerial } from '../serial-date.js';
import { columnValues } from '../ingest/column-values.js';

/** The dataset with the recipe's roles applied (columns the recipe does not mention keep theirs). */
export function withRoles(ds: Dataset, source: Source): Dataset {
  const columns: ColumnInfo[] = ds.columns.map((c) =>
    c.header in source.roles ? { ...c, role: source.roles[c.header], roleConfidence: 1 } : c,
  );
  return { ...ds, kind: source.kind, kindConfidence: 1, columns };
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

/**
 * Runs every enabled analysis of `recipe` on `inputs`. Never throws for data problems: an analysis that
 * throws is a bug, reported as an error diagnostic naming it, and the run goes on.
 */
export function runAnalyses(inputs: AnalysisInputs, recipe: Recipe, asOfOverride?: number): RunOutcome {
  const diagnostics: Diagnostic[] = [];
  const asOf = asOfOverride ?? (recipe.asOf ? isoToSerial(recipe.asOf) : null) ?? latestDate(inputs);
  if (asOf === null) {
    diagnostics.push({
      code: 'run.no-dates',
      severity: 'error',
      message: {
        en: 'No dates were found in the inputs, so there is no as-of date: give one with --as-of YYYY-MM-DD or in the recipe.',
        'zh-CN': '输入中没有找到日期，无法确定截止日期：请用 --as-of YYYY-MM-DD 或在配置中指定。',
      },
    });
    return { results: [], asOf: null, diagnostics };
  }
  const common: CommonOptions = { asOf, currency: recipe.currency, lang: recipe.lang };
  const results: AnalysisResult[] = [];
  for (const spec of recipe.analyses) {
    if (!spec.enabled) continue;
    const def = findAnalysis(spec.kind);
    if (!def) {
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
    try {
      results.push(def.run(inputs, common, { ...def.defaults, ...spec.options }));
    } catch (error) {
      diagnostics.push({
        code: 'run.analysis-failed',
        severity: 'error',
        message: {
          en: `${def.title.en} stopped with an internal error (${error instanceof Error ? error.message : String(error)}). The other analyses still ran; please report this.`,
          'zh-CN': `${def.title['zh-CN']}因内部错误停止（${error instanceof Error ? error.message : String(error)}）。其他分析已照常完成；请报告此问题。`,
        },
      });
    }
  }
  return { results, asOf, diagnostics };
}
