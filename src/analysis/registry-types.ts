/**
 * An analysis as the pipeline and the task pane see it: what it needs, and a pure run function.
 * Each analysis module exports one `AnalysisDef`; `src/analysis/registry.ts` lists them all, and the
 * CLI, the report and the task pane pick new ones up from there with no other change.
 */
import type { Dataset, Role, TableKind } from '../ingest/types.js';
import type { I18nText, Lang } from '../types.js';
import type { AnalysisResult } from './types.js';
import type { OptionSpec } from './option-specs.js';
import type { RunMemo } from './common/memo.js';

/** The confirmed input tables of a run, one per kind (the first of each kind wins). */
export type AnalysisInputs = Partial<Record<TableKind, Dataset>>;

/** Options every analysis receives; analysis-specific options come under `options`. */
export interface CommonOptions {
  /** As-of date, Excel serial (1900 system). */
  asOf: number;
  /** ISO currency code used in number formats, e.g. `CNY`, `USD`. */
  currency: string;
  lang: Lang;
  /**
   * Work shared by the analyses of one run (orders read, customer summary, model fits), made by the runner
   * for each run; absent when an analysis is called on its own, which then computes afresh.
   */
  memo?: RunMemo;
}

export interface Requirement {
  kind: TableKind;
  roles: Role[];
}

export interface AnalysisDef<O extends object = object> {
  kind: string;
  title: I18nText;
  /** What the analysis answers, for the task pane card. */
  question: I18nText;
  /** Tables and roles the analysis cannot run without (all must be present). */
  requires: Requirement[];
  /**
   * Input kinds the analysis reads when they are present and runs without (e.g. the exchange-rate sheet,
   * `fx_rates`, of the money analyses). They never decide whether it can run.
   */
  optionalInputs?: readonly TableKind[];
  /** Alternatives of which at least one must be present too (e.g. touchpoints or an experiment). */
  requiresOneOf?: Requirement[];
  /** What the user must add when requirements are not met, in words. */
  needs: I18nText;
  defaults: O;
  /** How options are shown, where the shared catalogue (option-specs.ts) does not say it right. */
  optionSpecs?: Readonly<Record<string, OptionSpec>>;
  /**
   * Kinds of the analyses whose results this one reads. The runner runs them first, once, with the user's
   * options for them, and hands their results over in `deps` (keyed by kind); a dependency that could not
   * run is missing from `deps`. An analysis never re-runs a sibling itself.
   */
  uses?: readonly string[];
  /** Whether the analysis needs an as-of date (default true); those that do not run on date-less data. */
  needsAsOf?: boolean;
  run(inputs: AnalysisInputs, common: CommonOptions, options: O, deps?: AnalysisDeps): AnalysisResult;
}

/** Results of the analyses an analysis `uses`, keyed by kind. */
export type AnalysisDeps = ReadonlyMap<string, AnalysisResult>;
