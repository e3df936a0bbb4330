/**
 * Experiments and campaign lift: per-arm rates and means, each arm against control with absolute and
 * relative lift and their intervals, Holm correction across arms, the sample-ratio-mismatch check, CUPED
 * when a pre-period covariate exists, power and minimum detectable effect, Bayesian chance to beat
 * control, lift by segment with a minimum-size guard, and a plain verdict per comparison.
 *
 * Statistics follow GrowthBook's engine (see `src/stats/tests.ts`): Welch degrees of freedom, t intervals,
 * delta-method relative lift, proportion variance p(1 − p).
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { chanceToBeatControl } from '../../stats/bayes.js';
import { holm } from '../../stats/multiple.js';
import { minimumDetectableEffect, sampleSizePerArm } from '../../stats/power.js';
import {
  absoluteDifference,
  chiSquareGoodnessOfFit,
  relativeDifference,
  type Comparison,
  type SampleSummary,
} from '../../stats/tests.js';
import { detectControl, findArmColumn } from './arms.js';
import { BLANK, columnValues, diag, factorize, numbers, whereRows } from './columns.js';
import { both, num, pct } from './text.js';

export interface ExperimentOptions {
  /** Arm column name; default: the column with role `arm`, or a header like arm/variant/group/分组. */
  arm: string | null;
  /** Control arm value; default: detected (control, holdout, No …, 对照). */
  control: string | null;
  /** Outcome columns; default: every column with role `outcome`. */
  metrics: string[] | null;
  /** Pre-period covariate column for CUPED; default: the column with role `covariate`. */
  covariate: string | null;
  /** Segment columns for lift by segment; default: every `attribute` column with ≤ `maxSegmentValues` values. */
  segments: string[] | null;
  /** Two-sided significance level; intervals are (1 − alpha). */
  alpha: number;
  /** Sample-ratio mismatch is flagged below this χ² p-value. */
  srmThreshold: number;
  /** Planned share of units per arm (by arm label); default: equal shares. */
  expectedShares: Record<string, number> | null;
  cuped: boolean;
  bayesian: boolean;
  /** Smallest number of units per arm within a segment value for its lift to be shown. */
  minSegmentSize: number;
  maxSegmentValues: number;
  /** Relative lift for which the needed sample is computed. */
  targetRelativeLift: number;
  power: number;
  /** What one unit is, for verdicts ("spend per customer"). */
  unitLabel: I18nText;
}

export const experimentDefaults: ExperimentOptions = {
  arm: null,
  control: null,
  metrics: null,
  covariate: null,
  segments: null,
  alpha: 0.05,
  srmThreshold: 0.001,
  expectedShares: null,
  cuped: true,
  bayesian: true,
  minSegmentSize: 100,
  maxSegmentValues: 20,
  targetRelativeLift: 0.05,
  power: 0.8,
  unitLabel: { en: 'customer', 'zh-CN': '客户' },
};

const TITLE: I18nText = { en: 'Experiment and campaign lift', 'zh-CN': '实验与活动提升' };
const QUESTION: I18nText = {
  en: 'Did the treatment change behaviour compared with control, by how much, and for which segments?',
  'zh-CN': '与对照组相比，处理组的行为是否发生变化？变化多大？哪些细分人群有反应？',
};
const SHEET: I18nText = { en: 'Lift', 'zh-CN': '实验增量' };

/** One outcome metric read from the data. */
interface MetricData {
  key: string;
  header: string;
  binary: boolean;
  values: Float64Array;
}

/** Per (arm, metric) sums over units with a value. */
interface Acc {
  n: Float64Array;
  s: Float64Array;
  ss: Float64Array;
}

function newAcc(size: number): Acc {
  return { n: new Float64Array(size), s: new Float64Array(size), ss: new Float64Array(size) };
}

/** Summary of cell `i` of an accumulator: proportion variance for binary metrics, else VAR.S. */
function summary(acc: Acc, i: number, binary: boolean): SampleSummary {
  const n = acc.n[i];
  const mean = n > 0 ? acc.s[i] / n : 0;
  const variance = binary ? mean * (1 - mean) : n > 1 ? Math.max(0, (acc.ss[i] - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'experiment', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

function byName(data: Dataset, name: string): ColumnInfo | undefined {
  return data.columns.find((c) => c.name === name || c.header === name);
}

/** Outcome values as numbers (booleans → 1/0) and whether every value is 0 or 1. */
function readMetric(data: Dataset, col: ColumnInfo, diags: Diagnostic[]): MetricData {
  const raw = columnValues(data, col.name);
  let hasBool = false;
  for (let i = 0; i < raw.length && !hasBool; i++) hasBool = typeof raw[i] === 'boolean';
  let values: Float64Array;
  if (hasBool) {
    values = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      values[i] = v === true ? 1 : v === false ? 0 : typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
  } else values = numbers(data, col, diags);
  let binary = true;
  for (let i = 0; i < values.length && binary; i++) {
    const v = values[i];
    if (v === v && v !== 0 && v !== 1) binary = false;
  }
  return { key: col.name, header: col.header, binary, values };
}

/** Label of a metric's summary value: "visit rate" for 0/1 outcomes, "spend per customer" otherwise. */
function metricPhrase(m: MetricData, unit: I18nText, lang: Lang): string {
  if (lang === 'en') return m.binary ? `${m.header} rate` : `${m.header} per ${unit.en}`;
  return m.binary ? `${m.header}率` : `每${unit['zh-CN']}${m.header}`;
}

/** One row of the comparisons table before formatting. */
interface ComparisonRow {
  metric: MetricData;
  arm: string;
  method: 'plain' | 'cuped';
  control: SampleSummary;
  treatment: SampleSummary;
  abs: Comparison;
  rel: Comparison;
  pHolm: number | null;
  chance: number | null;
  mdeRel: number | null;
  needed: number | null;
}

/**
 * Analyse an experiment Dataset (roles: arm, outcome; optional covariate, attribute, unit_id).
 * Validates its input and returns diagnostics; never throws on bad data.
 */
export function analyzeExperiment(data: Dataset, common: CommonOptions, options: Partial<ExperimentOptions> = {}): AnalysisResult {
  const o: ExperimentOptions = { ...experimentDefaults, ...options };
  const lang = common.lang;
  const diagnostics: Diagnostic[] = [];
  const n = data.table.numRows();

  const armCol = findArmColumn(data, o.arm);
  if (!armCol) {
    diagnostics.push(diag('marketing.experiment.no-arm', 'error', { en: 'No arm (variant/group) column was found; choose it in the options.', 'zh-CN': '未找到分组（实验组/对照组）列，请在选项中指定。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }
  const metricCols = (o.metrics ? o.metrics.map((m) => byName(data, m)).filter((c): c is ColumnInfo => !!c) : data.columns.filter((c) => c.role === 'outcome')).filter((c) => c !== armCol);
  if (metricCols.length === 0) {
    diagnostics.push(diag('marketing.experiment.no-outcome', 'error', { en: 'No outcome column was found (conversion, revenue …); mark at least one.', 'zh-CN': '未找到结果指标列（转化、收入等），请至少指定一列。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }
  if (n === 0) {
    diagnostics.push(diag('marketing.experiment.empty', 'error', { en: 'The experiment table has no rows.', 'zh-CN': '实验表没有数据行。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }

  // Arms: index per row; blank arms are left out.
  const armF = factorize(data, armCol);
  const armOf = armF.codes;
  const armNames = armF.levels;
  const armIndex = new Map(armNames.map((a, k) => [a, k]));
  const blankRows: number[] = [];
  for (let i = 0; i < n; i++) if (armOf[i] < 0) blankRows.push(i);
  if (blankRows.length > 0) {
    diagnostics.push(diag('marketing.experiment.blank-arm', 'warning', { en: `${blankRows.length} row(s) have no arm and are left out.`, 'zh-CN': `${blankRows.length} 行没有分组，已排除。` }, whereRows(data, armCol, blankRows)));
  }
  const K = armNames.length;
  if (K < 2) {
    diagnostics.push(diag('marketing.experiment.one-arm', 'error', { en: 'The experiment needs at least two arms.', 'zh-CN': '实验至少需要两个分组。' }, whereRows(data, armCol, [])));
    return emptyResult(diagnostics);
  }
  if (K > 50) {
    diagnostics.push(diag('marketing.experiment.too-many-arms', 'error', { en: `The arm column "${armCol.header}" has ${K} values; it does not look like an arm column.`, 'zh-CN': `分组列"${armCol.header}"有 ${K} 个取值，不像分组列。` }, whereRows(data, armCol, [])));
    return emptyResult(diagnostics);
  }
  let control = detectControl(armNames, o.control);
  if (o.control && control !== o.control) {
    diagnostics.push(diag('marketing.experiment.control-not-found', 'warning', { en: `The chosen control "${o.control}" is not an arm; detecting it instead.`, 'zh-CN': `所选对照组"${o.control}"不存在，改为自动识别。` }, whereRows(data, armCol, [])));
  }
  if (control === null) {
    control = [...armNames].sort()[0];
    diagnostics.push(diag('marketing.experiment.control-assumed', 'info', { en: `No arm is named like a control; "${control}" is used as control. Choose another in the options.`, 'zh-CN': `没有名称像对照组的分组，暂以"${control}"为对照组，可在选项中更改。` }, whereRows(data, armCol, [])));
  }
  const c0 = armIndex.get(control)!;

  const metrics = metricCols.map((c) => readMetric(data, c, diagnostics));
  const M = metrics.length;
  const acc = newAcc(K * M);
  const armN = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const k = armOf[i];
    if (k < 0) continue;
    armN[k]++;
    for (let m = 0; m < M; m++) {
      const v = metrics[m].values[i];
      if (v === v) {
        const j = k * M + m;
        acc.n[j]++;
        acc.s[j] += v;
        acc.ss[j] += v * v;
      }
    }
  }

  // CUPED: θ = cov(Y, X) / var(X) pooled over all units; Y' = Y − θ (X − X̄). Among several numeric
  // pre-period covariates, each metric uses the one that explains most of its variance (largest ρ²).
  const NUMERIC = new Set(['integer', 'number', 'currency', 'percent']);
  const covCols: ColumnInfo[] = !o.cuped
    ? []
    : o.covariate
      ? [byName(data, o.covariate)].filter((c): c is ColumnInfo => !!c)
      : data.columns.filter((c) => c.role === 'covariate' && NUMERIC.has(c.type));
  let cupedAcc: Acc | null = null;
  const varianceReduction: (number | null)[] = metrics.map(() => null);
  const covUsed: (ColumnInfo | null)[] = metrics.map(() => null);
  if (covCols.length > 0) {
    const xs = covCols.map((c) => numbers(data, c, diagnostics));
    cupedAcc = newAcc(K * M);
    for (let m = 0; m < M; m++) {
      const y = metrics[m].values;
      let best: { ci: number; theta: number; mx: number; r2: number } | null = null;
      for (let ci = 0; ci < xs.length; ci++) {
        const x = xs[ci];
        let cn = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (let i = 0; i < n; i++) {
          const xv = x[i], yv = y[i];
          if (armOf[i] >= 0 && xv === xv && yv === yv) {
            cn++; sx += xv; sy += yv; sxx += xv * xv; sxy += xv * yv; syy += yv * yv;
          }
        }
        const vx = sxx - (sx * sx) / cn;
        const cxy = sxy - (sx * sy) / cn;
        const vy = syy - (sy * sy) / cn;
        if (!(cn > 2) || !(vx > 0) || !(vy > 0)) continue;
        const r2 = (cxy * cxy) / (vx * vy);
        if (!best || r2 > best.r2) best = { ci, theta: cxy / vx, mx: sx / cn, r2 };
      }
      if (best === null) continue;
      const { ci, theta, mx, r2 } = best;
      const x = xs[ci];
      varianceReduction[m] = r2;
      covUsed[m] = covCols[ci];
      for (let i = 0; i < n; i++) {
        const k = armOf[i];
        const xv = x[i], yv = y[i];
        if (k >= 0 && xv === xv && yv === yv) {
          const adj = yv - theta * (xv - mx);
          const j = k * M + m;
          cupedAcc.n[j]++;
          cupedAcc.s[j] += adj;
          cupedAcc.ss[j] += adj * adj;
        }
      }
    }
  }

  // Comparisons, each arm against control, per metric; Holm within each metric and method.
  const rows: ComparisonRow[] = [];
  const treatments = armNames.map((_, k) => k).filter((k) => k !== c0);
  const compareAll = (a: Acc, method: 'plain' | 'cuped'): void => {
    for (let m = 0; m < M; m++) {
      // CUPED on a 0/1 outcome gives a continuous one: use VAR.S then.
      const binary = metrics[m].binary && method === 'plain';
      if (method === 'cuped' && varianceReduction[m] === null) continue;
      const cs = summary(a, c0 * M + m, binary);
      const block: ComparisonRow[] = treatments.map((k) => {
        const ts = summary(a, k * M + m, binary);
        const abs = absoluteDifference(cs, ts, o.alpha);
        const rel = relativeDifference(cs, ts, o.alpha);
        const chance = o.bayesian ? (chanceToBeatControl(cs, ts, o.alpha)?.chance ?? null) : null;
        const mde = minimumDetectableEffect(cs.variance, cs.n, ts.variance, ts.n, o.alpha, o.power);
        const needed = cs.mean !== 0 ? sampleSizePerArm(cs.mean * o.targetRelativeLift, cs.variance, cs.variance, o.alpha, o.power) : null;
        return { metric: metrics[m], arm: armNames[k], method, control: cs, treatment: ts, abs, rel, pHolm: null, chance, mdeRel: mde !== null && cs.mean !== 0 ? mde / Math.abs(cs.mean) : null, needed };
      });
      const adj = holm(block.map((r) => r.abs.pValue));
      block.forEach((r, i) => (r.pHolm = adj[i]));
      rows.push(...block);
    }
  };
  compareAll(acc, 'plain');
  if (cupedAcc) compareAll(cupedAcc, 'cuped');

  // Sample-ratio mismatch, against the planned split (default: equal). When no plan is given, equal
  // shares do not fit, and a holdout design in round numbers (control 30%, treatments 35% each …) does,
  // that split is taken as the likely plan and said so, rather than flagging a deliberate design.
  let shares = armNames.map((a) => (o.expectedShares ? (o.expectedShares[a] ?? 0) : 1));
  let srm = chiSquareGoodnessOfFit(Array.from(armN), shares);
  let assumedPlan: number[] | null = null;
  if (!o.expectedShares && srm !== null && srm.pValue < o.srmThreshold) {
    const tot = armN.reduce((a, b) => a + b, 0);
    const round = Array.from(armN, (x) => Math.round((20 * x) / tot) / 20);
    // Only the usual holdout design: three or more arms, every treatment with the same share and a
    // control of a different size. Anything else stays a mismatch (a missing 20% is a real bug).
    const treatShares = round.filter((_, k) => k !== c0);
    const holdoutDesign = K >= 3 && treatShares.every((x) => x === treatShares[0]) && round[c0] !== treatShares[0];
    if (holdoutDesign && Math.abs(round.reduce((a, b) => a + b, 0) - 1) < 1e-9 && round.every((x) => x > 0)) {
      const alt = chiSquareGoodnessOfFit(Array.from(armN), round);
      if (alt !== null && alt.pValue >= o.srmThreshold) {
        assumedPlan = round;
        shares = round;
        srm = alt;
      }
    }
  }
  const srmP = srm === null ? null : srm.pValue;
  const srmFlag = srmP !== null && srmP < o.srmThreshold;
  const planText = (l: Lang): string => shares.map((x) => pct(x / shares.reduce((a, b) => a + b, 0), l, 0)).join(' / ');
  if (srmFlag) {
    diagnostics.push(diag('marketing.experiment.srm', 'warning', {
      en: `Sample ratio mismatch: arm sizes differ from the planned split (${planText('en')}) more than chance allows (χ² p = ${(srmP ?? 0).toExponential(2)}). Check how units were assigned before trusting the lifts, or set the planned split in the options.`,
      'zh-CN': `样本比例失衡：各组人数与计划比例（${planText('zh-CN')}）的差异超出随机范围（χ² p = ${(srmP ?? 0).toExponential(2)}）。请先检查分组方式再解读提升结果，或在选项中设置计划比例。`,
    }, whereRows(data, armCol, [])));
  } else if (assumedPlan) {
    diagnostics.push(diag('marketing.experiment.srm-assumed-plan', 'info', {
      en: `Arm sizes are unequal; they match a planned split of ${planText('en')} (χ² p = ${num(srmP, 'en', 4)}). If the plan was different, set it in the options: a mismatch would mean units were not assigned as planned.`,
      'zh-CN': `各组人数不相等，与 ${planText('zh-CN')} 的计划比例相符（χ² p = ${num(srmP, 'zh-CN', 4)}）。如果计划比例不同，请在选项中设置：不符说明分组未按计划执行。`,
    }, whereRows(data, armCol, [])));
  }

  // Tables.
  const tables: ResultTable[] = [];
  const totalN = armN.reduce((a, b) => a + b, 0);
  const armColumns: ResultColumn[] = [
    { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
    { key: 'n', label: { en: 'Units', 'zh-CN': '样本数' }, kind: 'integer' },
    { key: 'share', label: { en: 'Share of units', 'zh-CN': '样本占比' }, kind: 'percent' },
  ];
  for (const m of metrics) {
    armColumns.push({ key: m.key, label: m.binary ? { en: `${m.header} rate`, 'zh-CN': `${m.header}率` } : { en: `${m.header} mean`, 'zh-CN': `${m.header}均值` }, kind: m.binary ? 'percent' : 'number', decimals: m.binary ? 2 : 4 });
    if (!m.binary) armColumns.push({ key: `${m.key}_sd`, label: { en: `${m.header} std. dev.`, 'zh-CN': `${m.header}标准差` }, kind: 'number', decimals: 4 });
  }
  const armOrder = [c0, ...treatments];
  tables.push({
    name: 'arms',
    title: { en: 'Arms', 'zh-CN': '分组' },
    columns: armColumns,
    rows: armOrder.map((k) => {
      const r: Record<string, CellValue> = { arm: armNames[k], n: armN[k], share: totalN > 0 ? armN[k] / totalN : null };
      metrics.forEach((m, mi) => {
        const s = summary(acc, k * M + mi, m.binary);
        r[m.key] = s.n > 0 ? s.mean : null;
        if (!m.binary) r[`${m.key}_sd`] = s.n > 1 ? Math.sqrt(s.variance) : null;
      });
      return r;
    }),
    note: { en: `Control: ${control}. Rates are shares of units with the outcome; means are per unit (standard deviation as STDEV.S).`, 'zh-CN': `对照组：${control}。比率为发生该结果的样本占比；均值为每个样本的平均值（标准差按 STDEV.S）。` },
  });

  const verdictRows = rows.map((r) => verdict(r, control, o));
  const cmpCols: ResultColumn[] = [
    { key: 'metric', label: { en: 'Metric', 'zh-CN': '指标' }, kind: 'text' },
    { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
    { key: 'method', label: { en: 'Method', 'zh-CN': '方法' }, kind: 'text' },
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
  if (o.bayesian) cmpCols.push({ key: 'chance_to_win', label: { en: 'Chance to beat control', 'zh-CN': '优于对照组的概率' }, kind: 'percent' });
  cmpCols.push(
    { key: 'mde', label: { en: 'Min. detectable lift', 'zh-CN': '最小可检测提升' }, kind: 'percent' },
    { key: 'n_needed', label: { en: `Units per arm for ${pct(o.targetRelativeLift, 'en', 0)} lift`, 'zh-CN': `检测 ${pct(o.targetRelativeLift, 'zh-CN', 0)} 提升所需每组样本` }, kind: 'integer' },
    { key: 'verdict', label: { en: 'Verdict', 'zh-CN': '结论' }, kind: 'text' },
  );
  tables.push({
    name: 'comparisons',
    title: { en: 'Each arm against control', 'zh-CN': '各组与对照组比较' },
    columns: cmpCols,
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
      row.verdict = verdictRows[i][lang];
      return row;
    }),
    note: {
      en: `Intervals are ${pct(1 - o.alpha, 'en', 0)} two-sided (Welch t); relative lift uses the delta method. p (Holm) corrects for ${treatments.length} arm(s) compared with control. "cuped" rows are adjusted for the pre-period covariate.`,
      'zh-CN': `区间为 ${pct(1 - o.alpha, 'zh-CN', 0)} 双侧置信区间（Welch t）；相对提升采用 delta 方法。p（Holm 校正）针对 ${treatments.length} 个实验组与对照组的比较进行了校正。"cuped" 行已按实验前协变量调整。`,
    },
  });

  tables.push({
    name: 'srm',
    title: { en: 'Sample ratio check', 'zh-CN': '样本比例检查' },
    columns: [
      { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
      { key: 'n', label: { en: 'Units', 'zh-CN': '样本数' }, kind: 'integer' },
      { key: 'expected_n', label: { en: 'Expected', 'zh-CN': '期望样本数' }, kind: 'number', decimals: 1 },
    ],
    rows: armNames.map((a, k) => {
      const sw = shares.reduce((x, y) => x + y, 0);
      return { arm: a, n: armN[k], expected_n: sw > 0 ? (totalN * shares[k]) / sw : null };
    }),
    note: srm
      ? { en: `Pearson χ² = ${num(srm.statistic, 'en', 3)}, df ${srm.df}, p = ${num(srm.pValue, 'en', 6)}; flagged below ${o.srmThreshold}.`, 'zh-CN': `Pearson χ² = ${num(srm.statistic, 'zh-CN', 3)}，自由度 ${srm.df}，p = ${num(srm.pValue, 'zh-CN', 6)}；低于 ${o.srmThreshold} 时提示。` }
      : { en: 'The check could not be computed.', 'zh-CN': '无法计算该检查。' },
  });

  // Lift by segment.
  const segTable = segmentLift(data, o, armOf, K, c0, treatments, armNames, metrics, diagnostics);
  if (segTable) tables.push(segTable);

  // Figures, charts, findings.
  const figures: Figure[] = [
    { key: 'units', label: { en: 'Units', 'zh-CN': '样本数' }, value: totalN, kind: 'integer' },
    { key: 'arms', label: { en: 'Arms', 'zh-CN': '分组数' }, value: K, kind: 'integer' },
    { key: 'srm_p', label: { en: 'Sample ratio p-value', 'zh-CN': '样本比例 p 值' }, value: srm ? srm.pValue : null, kind: 'number', decimals: 4 },
  ];
  const plain = rows.filter((r) => r.method === 'plain');
  const best = [...plain].sort((a, b) => (b.rel.estimate ?? -Infinity) - (a.rel.estimate ?? -Infinity))[0];
  if (best?.rel.estimate !== null && best !== undefined) {
    figures.push({ key: 'best_lift', label: { en: `Best lift (${best.arm}, ${best.metric.header})`, 'zh-CN': `最大提升（${best.arm}，${best.metric.header}）` }, value: best.rel.estimate, kind: 'percent' });
  }
  // One row per (arm, metric) without CUPED duplicates, so the chart has one bar group per comparison.
  tables.push({
    name: 'intervals',
    title: { en: 'Relative lift and interval per comparison', 'zh-CN': '各比较的相对提升与区间' },
    columns: [
      { key: 'comparison', label: { en: 'Comparison', 'zh-CN': '比较' }, kind: 'text' },
      { key: 'ci_low', label: { en: 'CI low', 'zh-CN': '置信区间下限' }, kind: 'percent' },
      { key: 'lift', label: { en: 'Relative lift', 'zh-CN': '相对提升' }, kind: 'percent' },
      { key: 'ci_high', label: { en: 'CI high', 'zh-CN': '置信区间上限' }, kind: 'percent' },
    ],
    rows: plain.map((r) => ({ comparison: `${r.arm} · ${r.metric.header}`, ci_low: r.rel.ciLow, lift: r.rel.estimate, ci_high: r.rel.ciHigh })),
  });
  const charts: ChartHint[] = [
    { name: 'lift_intervals', title: { en: 'Relative lift with its interval', 'zh-CN': '相对提升及置信区间' }, kind: 'bar', table: 'intervals', category: 'comparison', series: ['ci_low', 'lift', 'ci_high'] },
  ];
  const findings: Finding[] = plain.map((r) => {
    const v = verdictRows[rows.indexOf(r)];
    const diff = r.abs.estimate ?? 0;
    return {
      key: `verdict:${r.metric.key}:${r.arm}`,
      text: v,
      // Money at stake only for money-like (non-binary) outcomes whose interval is clear of zero: the
      // difference per unit over the arm. A result the data cannot tell from no effect puts nothing at stake.
      atStake: r.metric.binary || !clearOfZero(r.abs.ciLow, r.abs.ciHigh) ? null : Math.abs(diff) * r.treatment.n,
      evidence: both((l) => evidenceText(r, l)),
      observational: false,
    };
  });
  // Segments that responded: interval clear of zero, each a lead (no correction for the many cells).
  if (segTable) {
    const conf = pct(1 - o.alpha, 'en', 0);
    const segFindings: Finding[] = [];
    for (const row of segTable.rows) {
      const p = row.p_value as number | null;
      const lift = row.lift as number | null;
      const lo = row.ci_low as number | null;
      const hi = row.ci_high as number | null;
      // Claimed only when the test and the relative interval agree (the interval is clear of zero).
      if (p === null || lift === null || lo === null || hi === null || p >= o.alpha || (lo <= 0 && hi >= 0)) continue;
      const m = metrics.find((x) => x.key === row.metric)!;
      const seg = `${String(row.segment_column)} = ${String(row.segment)}`;
      const arm = String(row.arm);
      const up = lift > 0;
      segFindings.push({
        key: `segment:${String(row.segment_column)}:${String(row.segment)}:${String(row.metric)}:${arm}`,
        text: both((l) =>
          l === 'en'
            ? `Among ${seg}, ${arm} ${up ? 'raised' : 'lowered'} ${metricPhrase(m, o.unitLabel, l)} by ${pct(Math.abs(lift), l, 0)} against ${control} (${conf} CI ${pct(lo, l, 0)} to ${pct(hi, l, 0)}; ${num(row.n_arm as number, l, 0)} vs ${num(row.n_control as number, l, 0)} units). One of ${segTable.rows.length} segment comparisons: confirm before acting on it.`
            : `在 ${seg} 中，与${control}相比，${arm} 使${metricPhrase(m, o.unitLabel, l)}${up ? '提高' : '降低'}了 ${pct(Math.abs(lift), l, 0)}（${pct(1 - o.alpha, l, 0)} 置信区间 ${pct(lo, l, 0)} 至 ${pct(hi, l, 0)}；样本 ${num(row.n_arm as number, l, 0)} 对 ${num(row.n_control as number, l, 0)}）。这是 ${segTable.rows.length} 项细分比较之一，行动前请先验证。`,
        ),
        atStake: m.binary ? null : Math.abs(row.abs_lift as number) * (row.n_arm as number),
        observational: false,
      });
    }
    segFindings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
    findings.push(...segFindings.slice(0, 6));
  }
  // Money first (spend-type outcomes), then the rest in table order.
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  if (srmFlag) {
    findings.unshift({ key: 'srm', text: diagnostics.find((d) => d.code === 'marketing.experiment.srm')!.message, atStake: null, observational: false });
  }
  const notes: I18nText[] = [
    { en: 'Conversion-type outcomes (0/1) are compared as proportions, others as means (Welch t-test). Relative lift = (arm − control) ÷ control.', 'zh-CN': '0/1 型结果按比例比较，其余按均值比较（Welch t 检验）。相对提升 = (实验组 − 对照组) ÷ 对照组。' },
    { en: `Minimum detectable lift: the smallest relative change this sample finds ${pct(o.power, 'en', 0)} of the time at α = ${o.alpha}.`, 'zh-CN': `最小可检测提升：在 α = ${o.alpha} 下，当前样本量有 ${pct(o.power, 'zh-CN', 0)} 把握检测到的最小相对变化。` },
  ];
  if (o.bayesian) notes.push({ en: 'Chance to beat control: flat prior, normal approximation of the relative lift.', 'zh-CN': '优于对照组的概率：平坦先验，相对提升的正态近似。' });
  if (covUsed.some((c) => c !== null)) {
    const vr = (l: Lang): string =>
      metrics
        .map((m, i) => (covUsed[i] ? `${m.header} ← "${covUsed[i].header}" (${pct(varianceReduction[i], l, 1)})` : null))
        .filter((x): x is string => x !== null)
        .join(l === 'en' ? ', ' : '，');
    notes.push({
      en: `CUPED adjusts each metric for the pre-period covariate that explains most of it; variance reduced: ${vr('en')}.`,
      'zh-CN': `CUPED 用最能解释各指标的实验前协变量进行调整；方差降低：${vr('zh-CN')}。`,
    });
  }
  return { kind: 'experiment', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables, charts, findings, notes, diagnostics };
}

function fmtP(p: number | null, lang: Lang): string {
  if (p === null) return '–';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${num(p, lang, 3)}`;
}

function evidenceText(r: ComparisonRow, l: Lang): string {
  const fmt = (x: number): string => (r.metric.binary ? pct(x, l, 2) : num(x, l, 4));
  return l === 'en'
    ? `${r.arm}: ${fmt(r.treatment.mean)} over ${num(r.treatment.n, l, 0)} units; control: ${fmt(r.control.mean)} over ${num(r.control.n, l, 0)}; absolute difference ${fmt(r.abs.estimate ?? 0)}${r.abs.ciLow !== null ? ` (CI ${fmt(r.abs.ciLow)} to ${fmt(r.abs.ciHigh!)})` : ''}; ${fmtP(r.abs.pValue, l)}${r.pHolm !== null ? `, Holm ${fmtP(r.pHolm, l)}` : ''}.`
    : `${r.arm}：${fmt(r.treatment.mean)}（${num(r.treatment.n, l, 0)} 个样本）；对照组：${fmt(r.control.mean)}（${num(r.control.n, l, 0)} 个）；绝对差 ${fmt(r.abs.estimate ?? 0)}${r.abs.ciLow !== null ? `（区间 ${fmt(r.abs.ciLow)} 至 ${fmt(r.abs.ciHigh!)}）` : ''}；${fmtP(r.abs.pValue, l)}${r.pHolm !== null ? `，Holm 校正 ${fmtP(r.pHolm, l)}` : ''}。`;
}

/**
 * A plain sentence for one comparison, with the interval — never "significant" alone. A lift is
 * claimed only when the Holm-corrected p-value is below alpha.
 */
function verdict(r: ComparisonRow, control: string, o: ExperimentOptions): I18nText {
  const what = (l: Lang): string => metricPhrase(r.metric, o.unitLabel, l);
  const conf = (l: Lang): string => pct(1 - o.alpha, l, 0);
  const adj = r.method === 'cuped';
  const rel = r.rel;
  if (rel.estimate === null || rel.ciLow === null || rel.ciHigh === null) {
    return both((l) =>
      l === 'en'
        ? `${r.arm} against ${control} on ${what(l)}: not enough data to compare (control ${r.control.mean === 0 ? 'is zero' : 'has too few units or no variation'}).`
        : `${r.arm} 与 ${control} 在${what(l)}上：数据不足，无法比较（对照组${r.control.mean === 0 ? '为零' : '样本过少或没有变化'}）。`,
    );
  }
  const p = r.pHolm ?? r.abs.pValue ?? 1;
  const up = rel.estimate > 0;
  const ci = (l: Lang): string => (l === 'en' ? `${conf(l)} CI ${pct(rel.ciLow, l, 0)} to ${pct(rel.ciHigh, l, 0)}` : `${conf(l)} 置信区间 ${pct(rel.ciLow, l, 0)} 至 ${pct(rel.ciHigh, l, 0)}`);
  const tail = (l: Lang): string => (adj ? (l === 'en' ? ', adjusted for the pre-period' : '，已按实验前数据调整') : '');
  if (p < o.alpha && (rel.ciLow > 0 || rel.ciHigh < 0)) {
    return both((l) =>
      l === 'en'
        ? `${r.arm} ${up ? 'raised' : 'lowered'} ${what(l)} by ${pct(Math.abs(rel.estimate!), l, 0)} against ${control} (${ci(l)}${tail(l)}).`
        : `与${control}相比，${r.arm} 使${what(l)}${up ? '提高' : '降低'}了 ${pct(Math.abs(rel.estimate!), l, 0)}（${ci(l)}${tail(l)}）。`,
    );
  }
  return both((l) =>
    l === 'en'
      ? `${r.arm} changed ${what(l)} by ${pct(rel.estimate, l, 0)} against ${control} (${ci(l)}${tail(l)}): the data cannot tell this from no effect${r.pHolm !== null && r.abs.pValue !== null && r.abs.pValue < o.alpha ? ' once corrected for the several arms' : ''}.`
      : `与${control}相比，${r.arm} 使${what(l)}变化 ${pct(rel.estimate, l, 0)}（${ci(l)}${tail(l)}）：${r.pHolm !== null && r.abs.pValue !== null && r.abs.pValue < o.alpha ? '经多组校正后，' : ''}数据无法将其与无效果区分。`,
  );
}

/**
 * Lift of each arm against control within each value of each segment column (relative lift with its
 * interval). Values with fewer than `minSegmentSize` units in either arm are shown without statistics.
 */
function segmentLift(
  data: Dataset,
  o: ExperimentOptions,
  armOf: Int32Array,
  K: number,
  c0: number,
  treatments: number[],
  armNames: string[],
  metrics: MetricData[],
  diagnostics: Diagnostic[],
): ResultTable | null {
  const n = armOf.length;
  const M = metrics.length;
  // Default segments: attribute columns, plus categorical-looking columns with no role or a covariate
  // role (e.g. a history bucket, a 0/1 "newbie" flag); the latter are skipped quietly when they have
  // too many values to be segments.
  const SEGMENT_TYPES = new Set(['category', 'text', 'boolean', 'integer']);
  const explicit = o.segments !== null;
  const cols = o.segments
    ? o.segments.map((s) => byName(data, s)).filter((c): c is ColumnInfo => !!c)
    : data.columns.filter((c) => c.role === 'attribute' || ((c.role === null || c.role === 'covariate') && SEGMENT_TYPES.has(c.type)));
  const out: Record<string, CellValue>[] = [];
  let small = 0;
  for (const col of cols) {
    // Values to indexes straight from the raw column (no per-row string building); labels per value.
    const raw = columnValues(data, col.name);
    const idx = new Map<unknown, number>();
    const valOf = new Int32Array(n);
    const names: string[] = [];
    let lastRaw: unknown = undefined;
    let lastIdx = -1;
    for (let i = 0; i < n; i++) {
      const rv = raw[i];
      if (rv === lastRaw && lastIdx >= 0) {
        valOf[i] = lastIdx;
        continue;
      }
      let v = idx.get(rv);
      if (v === undefined) {
        const label = rv === null || rv === undefined || (typeof rv === 'number' && !Number.isFinite(rv)) ? BLANK.en : typeof rv === 'string' ? rv.trim() || BLANK.en : typeof rv === 'number' || typeof rv === 'boolean' ? String(rv) : JSON.stringify(rv);
        const same = names.indexOf(label);
        v = same >= 0 ? same : names.length;
        if (same < 0) names.push(label);
        idx.set(rv, v);
        if (names.length > o.maxSegmentValues) break;
      }
      valOf[i] = v;
      lastRaw = rv;
      lastIdx = v;
    }
    if (names.length > o.maxSegmentValues || names.length < 2) {
      if (names.length < 2 || (!explicit && col.role !== 'attribute')) continue;
      diagnostics.push(diag('marketing.experiment.segment-too-many', 'info', { en: `"${col.header}" has more than ${o.maxSegmentValues} values; no lift by segment for it.`, 'zh-CN': `"${col.header}"取值超过 ${o.maxSegmentValues} 个，不按其细分计算提升。` }, whereRows(data, col, [])));
      continue;
    }
    const V = names.length;
    const acc = newAcc(V * K * M);
    for (let i = 0; i < n; i++) {
      const k = armOf[i];
      if (k < 0) continue;
      const base = (valOf[i] * K + k) * M;
      for (let m = 0; m < M; m++) {
        const y = metrics[m].values[i];
        if (y === y) {
          acc.n[base + m]++;
          acc.s[base + m] += y;
          acc.ss[base + m] += y * y;
        }
      }
    }
    const order = names.map((_, v) => v).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    for (const v of order) {
      for (let m = 0; m < M; m++) {
        const cs = summary(acc, (v * K + c0) * M + m, metrics[m].binary);
        for (const k of treatments) {
          const ts = summary(acc, (v * K + k) * M + m, metrics[m].binary);
          const enough = cs.n >= o.minSegmentSize && ts.n >= o.minSegmentSize;
          const rel = enough ? relativeDifference(cs, ts, o.alpha) : null;
          const abs = enough ? absoluteDifference(cs, ts, o.alpha) : null;
          if (!enough) small++;
          out.push({
            segment_column: col.header,
            segment: names[v],
            metric: metrics[m].key,
            arm: armNames[k],
            n_control: cs.n,
            n_arm: ts.n,
            control_value: cs.n > 0 ? cs.mean : null,
            arm_value: ts.n > 0 ? ts.mean : null,
            lift: rel?.estimate ?? null,
            ci_low: rel?.ciLow ?? null,
            ci_high: rel?.ciHigh ?? null,
            abs_lift: abs?.estimate ?? null,
            p_value: abs?.pValue ?? null,
          });
        }
      }
    }
  }
  if (cols.length === 0) return null;
  return {
    name: 'segments',
    title: { en: 'Lift by segment', 'zh-CN': '细分人群提升' },
    columns: [
      { key: 'segment_column', label: { en: 'Segment by', 'zh-CN': '细分维度' }, kind: 'text' },
      { key: 'segment', label: { en: 'Segment', 'zh-CN': '细分' }, kind: 'text' },
      { key: 'metric', label: { en: 'Metric', 'zh-CN': '指标' }, kind: 'text' },
      { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
      { key: 'n_control', label: { en: 'Control units', 'zh-CN': '对照组样本' }, kind: 'integer' },
      { key: 'n_arm', label: { en: 'Arm units', 'zh-CN': '实验组样本' }, kind: 'integer' },
      { key: 'control_value', label: { en: 'Control', 'zh-CN': '对照组' }, kind: 'number', decimals: 4 },
      { key: 'arm_value', label: { en: 'Arm', 'zh-CN': '实验组' }, kind: 'number', decimals: 4 },
      { key: 'lift', label: { en: 'Relative lift', 'zh-CN': '相对提升' }, kind: 'percent', highlight: 'colorScale' },
      { key: 'ci_low', label: { en: 'CI low', 'zh-CN': '置信区间下限' }, kind: 'percent' },
      { key: 'ci_high', label: { en: 'CI high', 'zh-CN': '置信区间上限' }, kind: 'percent' },
      { key: 'abs_lift', label: { en: 'Absolute lift', 'zh-CN': '绝对提升' }, kind: 'number', decimals: 4 },
      { key: 'p_value', label: { en: 'p-value', 'zh-CN': 'p 值' }, kind: 'number', decimals: 4 },
    ],
    rows: out,
    note: {
      en: `Segments with fewer than ${o.minSegmentSize} units in either arm show no lift (${small} such cell(s)). Segment lifts are not corrected for the many comparisons: read them as leads to test, not proof.`,
      'zh-CN': `任一组样本少于 ${o.minSegmentSize} 的细分不显示提升（共 ${small} 项）。细分提升未对多重比较做校正，应视为待验证的线索而非定论。`,
    },
  };
}

/** The experiment analysis as a registered analysis (input: the `experiment` table). */
export const experiment: AnalysisDef<ExperimentOptions> = {
  kind: 'experiment',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'experiment', roles: ['arm', 'outcome'] }],
  needs: {
    en: 'An experiment sheet with one row per unit, an arm column (e.g. control / treatment) and at least one outcome column.',
    'zh-CN': '需要一张实验表：每行一个样本，包含分组列（如对照组/实验组）和至少一个结果指标列。',
  },
  defaults: experimentDefaults,
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ExperimentOptions): AnalysisResult {
    const data = inputs.experiment;
    if (!data) return emptyResult([diag('marketing.experiment.missing', 'error', { en: 'No experiment table was given.', 'zh-CN': '没有提供实验表。' })]);
    return analyzeExperiment(data, common, options);
  },
};

/** True when a confidence interval lies entirely on one side of zero. */
function clearOfZero(low: number | null | undefined, high: number | null | undefined): boolean {
  return low !== null && low !== undefined && high !== null && high !== undefined && (low > 0 || high < 0);
}
