/**
 * Experiment, phase 3a: tables, figures, charts and notes from the statistics of `compute.ts`.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, ResultColumn, ResultTable } from '../../types.js';
import type { Dataset } from '../../../ingest/types.js';
import { msg } from '../messages.js';
import { diag, num, pct, where } from '../../common/index.js';
import type { ExperimentInput } from './check.js';
import { summary, type ComparisonRow, type ExperimentStats, type SampleRatio } from './compute.js';
import type { ExperimentOptions } from './options.js';

/** The planned split as "30% / 35% / 35%". */
function planText(shares: readonly number[]): (l: Lang) => string {
  const sum = shares.reduce((a, b) => a + b, 0);
  return (l) => shares.map((x) => pct(x / sum, l, 0)).join(' / ');
}

/** The sample-ratio diagnostic: a mismatch (warning), an assumed holdout plan (info), or none. */
export function sampleRatioDiagnostic(data: Dataset, input: ExperimentInput, ratio: SampleRatio): Diagnostic | null {
  const p = ratio.srm === null ? null : ratio.srm.pValue;
  const at = where(data, input.armCol, []);
  if (ratio.flagged) {
    return diag(
      'marketing.experiment.srm',
      'warning',
      msg('experiment.srm', { plan: planText(ratio.shares), p: (p ?? 0).toExponential(2) }),
      at,
    );
  }
  if (ratio.assumedPlan) {
    return diag(
      'marketing.experiment.srm-assumed-plan',
      'info',
      msg('experiment.srmAssumedPlan', { plan: planText(ratio.shares), p: (l) => num(p, l, 4) }),
      at,
    );
  }
  return null;
}

/** Units, share and each metric's rate or mean (and standard deviation) per arm, control first. */
export function armsTable(s: ExperimentStats, control: string): ResultTable {
  const { metrics, armN, acc, armNames, c0, treatments } = s;
  const M = metrics.length;
  const totalN = armN.reduce((a, b) => a + b, 0);
  const columns: ResultColumn[] = [
    { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
    { key: 'n', label: { en: 'Units', 'zh-CN': '样本数' }, kind: 'integer' },
    { key: 'share', label: { en: 'Share of units', 'zh-CN': '样本占比' }, kind: 'percent' },
  ];
  for (const m of metrics) {
    const label = m.binary
      ? msg('experiment.metricRate', { metric: m.header })
      : msg('experiment.metricMean', { metric: m.header });
    columns.push({ key: m.key, label, kind: m.binary ? 'percent' : 'number', decimals: m.binary ? 2 : 4 });
    if (!m.binary)
      columns.push({
        key: `${m.key}_sd`,
        label: msg('experiment.metricSd', { metric: m.header }),
        kind: 'number',
        decimals: 4,
      });
  }
  return {
    name: 'arms',
    title: { en: 'Arms', 'zh-CN': '分组' },
    columns,
    rows: [c0, ...treatments].map((k) => {
      const r: Record<string, CellValue> = {
        arm: armNames[k],
        n: armN[k],
        share: totalN > 0 ? armN[k] / totalN : null,
      };
      metrics.forEach((m, mi) => {
        const sm = summary(acc, k * M + mi, m.binary);
        r[m.key] = sm.n > 0 ? sm.mean : null;
        if (!m.binary) r[`${m.key}_sd`] = sm.n > 1 ? Math.sqrt(sm.variance) : null;
      });
      return r;
    }),
    note: msg('experiment.armsNote', { control }),
  };
}

/** Each arm against control, one row per comparison, with its verdict in the run's language. */
export function comparisonsTable(
  rows: readonly ComparisonRow[],
  verdicts: readonly I18nText[],
  treatments: number,
  o: ExperimentOptions,
  lang: Lang,
): ResultTable {
  const columns: ResultColumn[] = [
    { key: 'metric', label: { en: 'Metric', 'zh-CN': '指标' }, kind: 'text' },
    { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
    {
      key: 'method',
      label: { en: 'Method', 'zh-CN': '方法' },
      kind: 'text',
      values: { plain: { en: 'plain', 'zh-CN': '未调整' }, cuped: { en: 'cuped', 'zh-CN': 'CUPED 调整' } },
    },
    { key: 'control_value', label: { en: 'Control', 'zh-CN': '对照组' }, kind: 'number', decimals: 4 },
    { key: 'arm_value', label: { en: 'Arm', 'zh-CN': '实验组' }, kind: 'number', decimals: 4 },
    { key: 'abs_lift', label: { en: 'Absolute lift', 'zh-CN': '绝对提升' }, kind: 'number', decimals: 4 },
    { key: 'abs_ci_low', label: { en: 'Abs. CI low', 'zh-CN': '绝对提升下限' }, kind: 'number', decimals: 4 },
    { key: 'abs_ci_high', label: { en: 'Abs. CI high', 'zh-CN': '绝对提升上限' }, kind: 'number', decimals: 4 },
    { key: 'lift', label: { en: 'Relative lift', 'zh-CN': '相对提升' }, kind: 'percent', highlight: 'colorScale' },
    { key: 'ci_low', label: { en: 'CI low', 'zh-CN': '置信区间下限' }, kind: 'percent' },
    { key: 'ci_high', label: { en: 'CI high', 'zh-CN': '置信区间上限' }, kind: 'percent' },
    { key: 'p_value', label: { en: 'p-value', 'zh-CN': 'p 值' }, kind: 'number', decimals: 4 },
    { key: 'p_holm', label: { en: 'p (Holm)', 'zh-CN': 'p（Holm 校正）' }, kind: 'number', decimals: 4 },
  ];
  if (o.bayesian)
    columns.push({
      key: 'chance_to_win',
      label: { en: 'Chance to beat control', 'zh-CN': '优于对照组的概率' },
      kind: 'percent',
    });
  columns.push(
    { key: 'mde', label: { en: 'Min. detectable lift', 'zh-CN': '最小可检测提升' }, kind: 'percent' },
    {
      key: 'n_needed',
      label: msg('experiment.unitsNeeded', { lift: (l) => pct(o.targetRelativeLift, l, 0) }),
      kind: 'integer',
    },
    { key: 'verdict', label: { en: 'Verdict', 'zh-CN': '结论' }, kind: 'text' },
  );
  return {
    name: 'comparisons',
    title: { en: 'Each arm against control', 'zh-CN': '各组与对照组比较' },
    columns,
    rows: rows.map((r, i) => {
      const row: Record<string, CellValue> = {
        metric: r.metric.key,
        arm: r.arm,
        method: r.method,
        control_value: r.control.n > 0 ? r.control.mean : null,
        arm_value: r.treatment.n > 0 ? r.treatment.mean : null,
        abs_lift: r.abs.estimate,
        abs_ci_low: r.abs.ciLow,
        abs_ci_high: r.abs.ciHigh,
        lift: r.rel.estimate,
        ci_low: r.rel.ciLow,
        ci_high: r.rel.ciHigh,
        p_value: r.abs.pValue,
        p_holm: r.pHolm,
      };
      if (o.bayesian) row.chance_to_win = r.chance;
      row.mde = r.mdeRel;
      row.n_needed = r.needed;
      row.verdict = verdicts[i][lang];
      return row;
    }),
    note: msg('experiment.comparisonsNote', { confidence: (l) => pct(1 - o.alpha, l, 0), arms: treatments }),
  };
}

/** Units per arm against the units the planned split expects, with the χ² test in the note. */
export function srmTable(s: ExperimentStats, o: ExperimentOptions): ResultTable {
  const { srm, shares } = s.ratio;
  const totalN = s.armN.reduce((a, b) => a + b, 0);
  const sw = shares.reduce((x, y) => x + y, 0);
  return {
    name: 'srm',
    title: { en: 'Sample ratio check', 'zh-CN': '样本比例检查' },
    columns: [
      { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
      { key: 'n', label: { en: 'Units', 'zh-CN': '样本数' }, kind: 'integer' },
      { key: 'expected_n', label: { en: 'Expected', 'zh-CN': '期望样本数' }, kind: 'number', decimals: 1 },
    ],
    rows: s.armNames.map((a, k) => ({ arm: a, n: s.armN[k], expected_n: sw > 0 ? (totalN * shares[k]) / sw : null })),
    note: srm
      ? msg('experiment.srmNote', {
          statistic: (l) => num(srm.statistic, l, 3),
          df: srm.df,
          p: (l) => num(srm.pValue, l, 6),
          threshold: o.srmThreshold,
        })
      : msg('experiment.srmNoteMissing'),
  };
}

/** One row per (arm, metric) without CUPED duplicates, so the chart has one bar group per comparison. */
export function intervalsTable(plain: readonly ComparisonRow[]): ResultTable {
  return {
    name: 'intervals',
    title: { en: 'Relative lift and interval per comparison', 'zh-CN': '各比较的相对提升与区间' },
    columns: [
      { key: 'comparison', label: { en: 'Comparison', 'zh-CN': '比较' }, kind: 'text' },
      { key: 'ci_low', label: { en: 'CI low', 'zh-CN': '置信区间下限' }, kind: 'percent' },
      { key: 'lift', label: { en: 'Relative lift', 'zh-CN': '相对提升' }, kind: 'percent' },
      { key: 'ci_high', label: { en: 'CI high', 'zh-CN': '置信区间上限' }, kind: 'percent' },
    ],
    rows: plain.map((r) => ({
      comparison: `${r.arm} · ${r.metric.header}`,
      ci_low: r.rel.ciLow,
      lift: r.rel.estimate,
      ci_high: r.rel.ciHigh,
    })),
  };
}

/** Units, arms, the sample-ratio p-value and the best plain relative lift. */
export function experimentFigures(s: ExperimentStats, plain: readonly ComparisonRow[]): Figure[] {
  const figures: Figure[] = [
    {
      key: 'units',
      label: { en: 'Units', 'zh-CN': '样本数' },
      value: s.armN.reduce((a, b) => a + b, 0),
      kind: 'integer',
    },
    { key: 'arms', label: { en: 'Arms', 'zh-CN': '分组数' }, value: s.armNames.length, kind: 'integer' },
    {
      key: 'srm_p',
      label: { en: 'Sample ratio p-value', 'zh-CN': '样本比例 p 值' },
      value: s.ratio.srm ? s.ratio.srm.pValue : null,
      kind: 'number',
      decimals: 4,
    },
  ];
  const best = [...plain].sort((a, b) => (b.rel.estimate ?? -Infinity) - (a.rel.estimate ?? -Infinity))[0];
  if (best?.rel.estimate !== null && best !== undefined) {
    figures.push({
      key: 'best_lift',
      label: msg('experiment.bestLift', { arm: best.arm, metric: best.metric.header }),
      value: best.rel.estimate,
      kind: 'percent',
    });
  }
  return figures;
}

export const EXPERIMENT_CHARTS: readonly ChartHint[] = [
  {
    name: 'lift_intervals',
    title: { en: 'Relative lift with its interval', 'zh-CN': '相对提升及置信区间' },
    kind: 'bar',
    table: 'intervals',
    category: 'comparison',
    series: ['ci_low', 'lift', 'ci_high'],
  },
];

/** Method notes: how outcomes are compared, the minimum detectable lift, Bayes and CUPED when used. */
export function experimentNotes(s: ExperimentStats, input: ExperimentInput, o: ExperimentOptions): I18nText[] {
  const notes: I18nText[] = [
    {
      en: 'Conversion-type outcomes (0/1) are compared as proportions, others as means (Welch t-test). Relative lift = (arm − control) ÷ control.',
      'zh-CN': '0/1 型结果按比例比较，其余按均值比较（Welch t 检验）。相对提升 =（实验组 − 对照组）÷ 对照组。',
    },
    msg('experiment.mdeNote', { power: (l) => pct(o.power, l, 0), alpha: o.alpha }),
  ];
  if (o.bayesian)
    notes.push({
      en: 'Chance to beat control: flat prior, normal approximation of the relative lift.',
      'zh-CN': '优于对照组的概率：平坦先验，相对提升的正态近似。',
    });
  if (s.cuped.some((c) => c !== null)) {
    const reductions = (l: Lang): string =>
      s.metrics
        .map((m, i) => {
          const fit = s.cuped[i];
          if (!fit) return null;
          const cov = input.covariates[fit.covariate].col.header;
          return l === 'en'
            ? `${m.header} ← "${cov}" (${pct(fit.r2, l, 1)})`
            : `${m.header} ←“${cov}”（${pct(fit.r2, l, 1)}）`;
        })
        .filter((x): x is string => x !== null)
        .join(l === 'en' ? ', ' : '，');
    notes.push(msg('experiment.cupedNote', { reductions }));
  }
  return notes;
}
