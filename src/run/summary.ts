/**
 * The JSON summary of a run, for automation (`loopbook analyze --json`): stable names for every
 * analysis's key figures and tables, so runs can be compared.
 */
import type { AnalysisResult, Finding } from '../analysis/types.js';
import type { CellValue, Diagnostic } from '../types.js';
import { LOOPBOOK_VERSION } from '../version.js';
import { serialToIso } from '../serial-date.js';

export interface SummaryInput {
  source: string;
  sheet: string;
  kind: string | null;
  rows: number;
  range?: string;
}

export interface Summary {
  loopbook: string;
  asOf: string | null;
  inputs: SummaryInput[];
  analyses: Record<
    string,
    {
      figures: Record<string, number | null>;
      tables: Record<string, Record<string, CellValue>[]>;
      findings: Finding[];
    }
  >;
  diagnostics: Diagnostic[];
}

export function buildSummary(
  results: readonly AnalysisResult[],
  ctx: { asOf: number | null; inputs: SummaryInput[]; diagnostics: readonly Diagnostic[] },
): Summary {
  const analyses: Summary['analyses'] = {};
  const diagnostics: Diagnostic[] = [...ctx.diagnostics];
  for (const r of results) {
    analyses[r.kind] = {
      figures: Object.fromEntries(r.figures.map((f) => [f.key, f.value])),
      tables: Object.fromEntries(r.tables.map((t) => [t.name, t.rows])),
      findings: r.findings,
    };
    diagnostics.push(...r.diagnostics);
  }
  return {
    loopbook: LOOPBOOK_VERSION,
    asOf: ctx.asOf === null ? null : serialToIso(ctx.asOf),
    inputs: ctx.inputs,
    analyses,
    diagnostics,
  };
}
