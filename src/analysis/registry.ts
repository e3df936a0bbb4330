/**
 * Every analysis Loopbook knows, in the order the task pane and the command line list them. A new
 * analysis is added here and nowhere else: the CLI, the report and the pane pick it up from this list.
 */
import type { AnalysisDef, AnalysisInputs, Requirement } from './registry-types.js';
import type { I18nText } from '../types.js';
import { userAnalyses } from './user/index.js';
import { marketingAnalyses } from './marketing/index.js';
import { financeAnalyses } from './finance/index.js';
import { loopAnalyses } from './loop/index.js';

export const ANALYSES: readonly AnalysisDef[] = [
  ...marketingAnalyses,
  ...userAnalyses,
  ...financeAnalyses,
  ...loopAnalyses,
];

export function findAnalysis(kind: string): AnalysisDef | undefined {
  return ANALYSES.find((a) => a.kind === kind);
}

/** Whether `def` can run on `inputs`; when not, what the user must add, in words. */
export function canRun(def: AnalysisDef, inputs: AnalysisInputs): { ok: true } | { ok: false; needs: I18nText } {
  const met = (req: Requirement) => {
    const ds = inputs[req.kind];
    return !!ds && ds.table.numRows() > 0 && req.roles.every((role) => ds.columns.some((c) => c.role === role));
  };
  if (!def.requires.every(met)) return { ok: false, needs: def.needs };
  if (def.requiresOneOf?.length && !def.requiresOneOf.some(met)) return { ok: false, needs: def.needs };
  return { ok: true };
}
