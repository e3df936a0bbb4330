/**
 * Experiments and campaign lift: per-arm rates and means, each arm against control with absolute and
 * relative lift and their intervals, Holm correction across arms, the sample-ratio-mismatch check, CUPED
 * when a pre-period covariate exists, power and minimum detectable effect, Bayesian chance to beat
 * control, lift by segment with a minimum-size guard, and a plain verdict per comparison.
 *
 * Phases: `check.ts` reads the inputs → `compute.ts` (pure statistics) and `segments.ts` → `present.ts`
 * (tables, figures, notes) and `findings.ts` (verdicts and findings, words from `../messages.ts`).
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, Finding } from '../../types.js';
import { defineAnalysis, diag, emptyResult } from '../../common/index.js';
import { readExperiment } from './check.js';
import { computeExperiment } from './compute.js';
import { segmentFindings, verdict, verdictFindings } from './findings.js';
import { EXPERIMENT_DEFAULTS, EXPERIMENT_HEAD, type ExperimentOptions } from './options.js';
import {
  armsTable,
  comparisonsTable,
  EXPERIMENT_CHARTS,
  experimentFigures,
  experimentNotes,
  intervalsTable,
  sampleRatioDiagnostic,
  srmTable,
} from './present.js';
import { segmentLift } from './segments.js';

export { EXPERIMENT_DEFAULTS, type ExperimentOptions } from './options.js';

/**
 * Analyse an experiment Dataset (roles: arm, outcome; optional covariate, attribute, unit_id).
 * Validates its input and returns diagnostics; never throws on bad data.
 */
export function analyzeExperiment(
  data: Dataset,
  common: CommonOptions,
  options: Partial<ExperimentOptions> = {},
): AnalysisResult {
  const o: ExperimentOptions = { ...EXPERIMENT_DEFAULTS, ...options };
  const diagnostics: Diagnostic[] = [];
  const input = readExperiment(data, o, diagnostics);
  if (!input) return emptyResult(EXPERIMENT_HEAD, diagnostics);

  const stats = computeExperiment(input, o);
  const srmDiagnostic = sampleRatioDiagnostic(data, input, stats.ratio);
  if (srmDiagnostic) diagnostics.push(srmDiagnostic);

  const verdicts = stats.rows.map((r) => verdict(r, input.control, o));
  const plain = stats.rows.filter((r) => r.method === 'plain');
  const tables = [
    armsTable(stats, input.control),
    comparisonsTable(stats.rows, verdicts, stats.treatments.length, o, common.lang),
    srmTable(stats, o),
  ];
  const segTable = segmentLift(data, o, input.armOf, stats, diagnostics);
  if (segTable) tables.push(segTable);
  tables.push(intervalsTable(plain));

  const findings: Finding[] = verdictFindings(stats.rows, verdicts);
  if (segTable) findings.push(...segmentFindings(segTable, input.metrics, input.control, o));
  // Money first (spend-type outcomes), then the rest in table order; a sample-ratio mismatch leads.
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  if (srmDiagnostic && stats.ratio.flagged)
    findings.unshift({ key: 'srm', text: srmDiagnostic.message, atStake: null, observational: false });

  return {
    ...EXPERIMENT_HEAD,
    figures: experimentFigures(stats, plain),
    tables,
    charts: [...EXPERIMENT_CHARTS],
    findings,
    notes: experimentNotes(stats, input, o),
    diagnostics,
  };
}

/**
 * The experiment analysis as a registered analysis (input: the `experiment` table). No as-of date: an
 * experiment compares arms over the units it holds and reads no date.
 */
export const experimentAnalysis = defineAnalysis<ExperimentOptions>({
  kind: 'experiment',
  title: EXPERIMENT_HEAD.title,
  question: EXPERIMENT_HEAD.question,
  requires: [{ kind: 'experiment', roles: ['arm', 'outcome'] }],
  needs: {
    en: 'An experiment sheet with one row per unit, an arm column (e.g. control / treatment) and at least one outcome column.',
    'zh-CN': '需要一张实验表：每行一个样本，包含分组列（如对照组/实验组）和至少一个结果指标列。',
  },
  defaults: EXPERIMENT_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    arm: {
      basic: true,
      label: { en: 'Which column says who was in which group?', 'zh-CN': '哪一列标明了每位客户所在的分组？' },
    },
    control: {
      basic: true,
      label: { en: 'Which group is the control?', 'zh-CN': '哪一组是对照组？' },
    },
    metrics: {
      basic: true,
      label: { en: 'Which results do you want to compare?', 'zh-CN': '要比较哪些结果指标？' },
    },
    cuped: {
      basic: true,
    },
  },
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ExperimentOptions): AnalysisResult {
    const data = inputs.experiment;
    if (!data)
      return emptyResult(EXPERIMENT_HEAD, [
        diag('marketing.experiment.missing', 'error', {
          en: 'No experiment table was given.',
          'zh-CN': '没有提供实验表。',
        }),
      ]);
    return analyzeExperiment(data, common, options);
  },
});
