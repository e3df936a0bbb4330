/**
 * The one way to define an analysis. Every analysis module exports `xxxAnalysis = defineAnalysis({...})`
 * with its defaults as `XXX_DEFAULTS`; the registry lists them, and the runner validates each run's options
 * against the definition's option specs (src/analysis/option-specs.ts plus the definition's own) before
 * `run` sees them, for the command line and the task pane alike.
 */
import type { AnalysisDef } from '../registry-types.js';

export function defineAnalysis<O extends object>(def: AnalysisDef<O>): AnalysisDef<O> {
  return def;
}
