/**
 * Experiment, phase 2: the statistics, pure functions of columns (no sheets, no words). Per-arm sums,
 * CUPED adjustment, each arm against control with Holm correction, and the sample-ratio check.
 *
 * Statistics follow GrowthBook's engine (see `src/stats/tests.ts`): Welch degrees of freedom, t intervals,
 * delta-method relative lift, proportion variance p(1 − p).
 */
import { chanceToBeatControl } from '../../../stats/bayes.js';
import { holm } from '../../../stats/multiple.js';
import { minimumDetectableEffect, sampleSizePerArm } from '../../../stats/power.js';
import {
  absoluteDifference,
  chiSquareGoodnessOfFit,
  relativeDifference,
  type ChiSquare,
  type Comparison,
  type SampleSummary,
} from '../../../stats/tests.js';
import type { ExperimentInput, MetricData } from './check.js';
import type { ExperimentOptions } from './options.js';

/** Per (arm, metric) sums over units with a value: count, sum, sum of squares. */
export interface Acc {
  n: Float64Array;
  s: Float64Array;
  ss: Float64Array;
}

export function newAcc(size: number): Acc {
  return { n: new Float64Array(size), s: new Float64Array(size), ss: new Float64Array(size) };
}

function add(acc: Acc, j: number, v: number): void {
  acc.n[j]++;
  acc.s[j] += v;
  acc.ss[j] += v * v;
}

/**
 * Summary of cell `i` of an accumulator: proportion variance p(1 − p) for binary metrics, else the
 * sample variance (Excel `VAR.S`).
 *
 * @example summary({ n: [4], s: [10], ss: [30] }, 0, false) // → { n: 4, mean: 2.5, variance: 1.6667 }
 */
export function summary(acc: Acc, i: number, binary: boolean): SampleSummary {
  const n = acc.n[i];
  const mean = n > 0 ? acc.s[i] / n : 0;
  const variance = binary ? mean * (1 - mean) : n > 1 ? Math.max(0, (acc.ss[i] - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** Units per arm and sums per (arm, metric) cell `k * M + m`; rows with no arm (code −1) are left out. */
export function accumulateArms(
  armOf: Int32Array,
  K: number,
  metrics: readonly Float64Array[],
): { armN: Float64Array; acc: Acc } {
  const M = metrics.length;
  const acc = newAcc(K * M);
  const armN = new Float64Array(K);
  for (let i = 0; i < armOf.length; i++) {
    const k = armOf[i];
    if (k < 0) continue;
    armN[k]++;
    for (let m = 0; m < M; m++) {
      const v = metrics[m][i];
      if (v === v) add(acc, k * M + m, v);
    }
  }
  return { armN, acc };
}

/** The CUPED fit of one metric: the covariate used, θ = cov(Y, X) / var(X), X̄ and ρ² (variance explained). */
export interface CupedFit {
  covariate: number;
  theta: number;
  mx: number;
  r2: number;
}

/** The covariate explaining most of `y` (largest ρ²) over units with an arm, or null when none varies. */
export function bestCovariate(armOf: Int32Array, y: Float64Array, xs: readonly Float64Array[]): CupedFit | null {
  const n = armOf.length;
  let best: CupedFit | null = null;
  for (let ci = 0; ci < xs.length; ci++) {
    const x = xs[ci];
    let cn = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0,
      syy = 0;
    for (let i = 0; i < n; i++) {
      const xv = x[i],
        yv = y[i];
      if (armOf[i] >= 0 && xv === xv && yv === yv) {
        cn++;
        sx += xv;
        sy += yv;
        sxx += xv * xv;
        sxy += xv * yv;
        syy += yv * yv;
      }
    }
    const vx = sxx - (sx * sx) / cn;
    const cxy = sxy - (sx * sy) / cn;
    const vy = syy - (sy * sy) / cn;
    if (!(cn > 2) || !(vx > 0) || !(vy > 0)) continue;
    const r2 = (cxy * cxy) / (vx * vy);
    if (!best || r2 > best.r2) best = { covariate: ci, theta: cxy / vx, mx: sx / cn, r2 };
  }
  return best;
}

/**
 * CUPED: θ = cov(Y, X) / var(X) pooled over all units; Y' = Y − θ (X − X̄). Among several numeric
 * pre-period covariates, each metric uses the one that explains most of its variance (largest ρ²).
 * Returns sums of Y' per (arm, metric) cell and the fit per metric (null: not adjusted).
 */
export function cupedAdjust(
  armOf: Int32Array,
  K: number,
  ys: readonly Float64Array[],
  xs: readonly Float64Array[],
): { acc: Acc; fits: (CupedFit | null)[] } {
  const M = ys.length;
  const acc = newAcc(K * M);
  const fits = ys.map((y, m) => {
    const fit = bestCovariate(armOf, y, xs);
    if (fit === null) return null;
    const x = xs[fit.covariate];
    for (let i = 0; i < armOf.length; i++) {
      const k = armOf[i];
      const xv = x[i],
        yv = y[i];
      if (k >= 0 && xv === xv && yv === yv) add(acc, k * M + m, yv - fit.theta * (xv - fit.mx));
    }
    return fit;
  });
  return { acc, fits };
}

/** One arm against control on one metric, before wording. */
export interface ComparisonRow {
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

/** The arms, the control and the metrics a comparison runs over. */
export interface ArmLayout {
  armNames: readonly string[];
  c0: number;
  /** Arm indexes other than control, in arm order. */
  treatments: readonly number[];
  metrics: readonly MetricData[];
}

/** One treatment arm against the control cell: lifts, chance to beat control, power. */
function compareOne(
  metric: MetricData,
  arm: string,
  method: 'plain' | 'cuped',
  cs: SampleSummary,
  ts: SampleSummary,
  o: ExperimentOptions,
): ComparisonRow {
  const abs = absoluteDifference(cs, ts, o.alpha);
  const rel = relativeDifference(cs, ts, o.alpha);
  const chance = o.bayesian ? (chanceToBeatControl(cs, ts, o.alpha)?.chance ?? null) : null;
  const mde = minimumDetectableEffect(cs.variance, cs.n, ts.variance, ts.n, o.alpha, o.power);
  const needed =
    cs.mean !== 0 ? sampleSizePerArm(cs.mean * o.targetRelativeLift, cs.variance, cs.variance, o.alpha, o.power) : null;
  const mdeRel = mde !== null && cs.mean !== 0 ? mde / Math.abs(cs.mean) : null;
  return { metric, arm, method, control: cs, treatment: ts, abs, rel, pHolm: null, chance, mdeRel, needed };
}

/**
 * Each arm against control, per metric, from the sums in `acc`; Holm within each metric. With `cuped`,
 * metrics without a CUPED fit (`adjusted[m]` false) are skipped, and 0/1 outcomes use VAR.S (the
 * adjusted outcome is continuous).
 */
export function compareArms(
  acc: Acc,
  method: 'plain' | 'cuped',
  layout: ArmLayout,
  o: ExperimentOptions,
  adjusted?: readonly boolean[],
): ComparisonRow[] {
  const { metrics, c0, treatments, armNames } = layout;
  const M = metrics.length;
  const rows: ComparisonRow[] = [];
  for (let m = 0; m < M; m++) {
    if (method === 'cuped' && !adjusted?.[m]) continue;
    const binary = metrics[m].binary && method === 'plain';
    const cs = summary(acc, c0 * M + m, binary);
    const block = treatments.map((k) =>
      compareOne(metrics[m], armNames[k], method, cs, summary(acc, k * M + m, binary), o),
    );
    const adj = holm(block.map((r) => r.abs.pValue));
    block.forEach((r, i) => (r.pHolm = adj[i]));
    rows.push(...block);
  }
  return rows;
}

/** The sample-ratio check: the χ² test against the shares used, and whether those were assumed. */
export interface SampleRatio {
  srm: ChiSquare | null;
  /** Planned share weights per arm (need not sum to 1). */
  shares: number[];
  /** The holdout split taken as the likely plan, when no plan was given; else null. */
  assumedPlan: number[] | null;
  /** True when the arm sizes differ from the plan more than chance allows. */
  flagged: boolean;
}

/**
 * Sample-ratio mismatch, against the planned split (default: equal). When no plan is given, equal
 * shares do not fit, and a holdout design in round numbers (control 30%, treatments 35% each …) does,
 * that split is taken as the likely plan and said so, rather than flagging a deliberate design.
 *
 * @example checkSampleRatio(Float64Array.of(300, 350, 350), ['c', 'a', 'b'], 0, opts).assumedPlan // → [0.3, 0.35, 0.35]
 */
export function checkSampleRatio(
  armN: Float64Array,
  armNames: readonly string[],
  c0: number,
  o: Pick<ExperimentOptions, 'expectedShares' | 'srmThreshold'>,
): SampleRatio {
  const K = armNames.length;
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
  const flagged = srm !== null && srm.pValue < o.srmThreshold;
  return { srm, shares, assumedPlan, flagged };
}

/** Everything the experiment's tables and findings are made of. */
export interface ExperimentStats extends ArmLayout {
  armN: Float64Array;
  /** Plain sums per (arm, metric). */
  acc: Acc;
  /** Comparisons: every plain one, then the CUPED ones. */
  rows: ComparisonRow[];
  /** CUPED fit per metric (null: not adjusted). */
  cuped: (CupedFit | null)[];
  ratio: SampleRatio;
}

/** The statistics of an experiment read by `readExperiment` (pure). */
export function computeExperiment(input: ExperimentInput, o: ExperimentOptions): ExperimentStats {
  const { armOf, armNames, c0, metrics } = input;
  const K = armNames.length;
  const ys = metrics.map((m) => m.values);
  const { armN, acc } = accumulateArms(armOf, K, ys);
  const treatments = armNames.map((_, k) => k).filter((k) => k !== c0);
  const layout: ArmLayout = { armNames, c0, treatments, metrics };
  const rows = compareArms(acc, 'plain', layout, o);
  let cuped: (CupedFit | null)[] = metrics.map(() => null);
  if (input.covariates.length > 0) {
    const adj = cupedAdjust(
      armOf,
      K,
      ys,
      input.covariates.map((c) => c.values),
    );
    cuped = adj.fits;
    rows.push(
      ...compareArms(
        adj.acc,
        'cuped',
        layout,
        o,
        cuped.map((f) => f !== null),
      ),
    );
  }
  return { ...layout, armN, acc, rows, cuped, ratio: checkSampleRatio(armN, armNames, c0, o) };
}
