/**
 * Experiment, phase 3b: the words. A plain verdict per comparison (with its interval, never "significant"
 * alone), its evidence, and the segments that responded. Sentences come from the marketing catalogue.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { Finding, ResultTable } from '../../types.js';
import { msg, NONE } from '../messages.js';
import { num, pct } from '../../common/index.js';
import type { MetricData } from './check.js';
import type { ComparisonRow } from './compute.js';
import type { ExperimentOptions } from './options.js';

/** Label of a metric's summary value: "visit rate" for 0/1 outcomes, "spend per customer" otherwise. */
export function metricPhrase(m: Pick<MetricData, 'header' | 'binary'>, unit: I18nText): I18nText {
  return m.binary
    ? msg('experiment.metricRate', { metric: m.header })
    : msg('experiment.metricPerUnit', { metric: m.header, unit });
}

/** A p-value as "p < 0.001" or "p = 0.012"; "–" when unknown. */
export function fmtP(p: number | null, lang: Lang): string {
  if (p === null) return '–';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${num(p, lang, 3)}`;
}

/** "95% CI 3% to 12%" for a relative interval. */
function interval(o: ExperimentOptions, low: number, high: number): I18nText {
  return msg('experiment.interval', {
    confidence: (l) => pct(1 - o.alpha, l, 0),
    low: (l) => pct(low, l, 0),
    high: (l) => pct(high, l, 0),
  });
}

/**
 * A plain sentence for one comparison, with the interval — never "significant" alone. A lift is
 * claimed only when the Holm-corrected p-value is below alpha.
 */
export function verdict(r: ComparisonRow, control: string, o: ExperimentOptions): I18nText {
  const what = metricPhrase(r.metric, o.unitLabel);
  const rel = r.rel;
  if (rel.estimate === null || rel.ciLow === null || rel.ciHigh === null) {
    const why = r.control.mean === 0 ? msg('experiment.controlZero') : msg('experiment.controlFlat');
    return msg('experiment.verdictNoData', { arm: r.arm, control, what, why });
  }
  const estimate = rel.estimate;
  const p = r.pHolm ?? r.abs.pValue ?? 1;
  const tail = r.method === 'cuped' ? msg('experiment.adjustedTail') : NONE;
  const ci = interval(o, rel.ciLow, rel.ciHigh);
  if (p < o.alpha && (rel.ciLow > 0 || rel.ciHigh < 0)) {
    const direction = estimate > 0 ? msg('experiment.raised') : msg('experiment.lowered');
    return msg('experiment.verdictLift', {
      arm: r.arm,
      direction,
      what,
      lift: (l) => pct(Math.abs(estimate), l, 0),
      control,
      interval: ci,
      tail,
    });
  }
  // Significant before the Holm correction only: say that the correction is what took it away.
  const corrected =
    r.pHolm !== null && r.abs.pValue !== null && r.abs.pValue < o.alpha ? msg('experiment.correctedTail') : NONE;
  return msg('experiment.verdictUnclear', {
    arm: r.arm,
    what,
    lift: (l) => pct(estimate, l, 0),
    control,
    interval: ci,
    tail,
    corrected,
  });
}

/** The figures behind a verdict: both arms, the absolute difference with its interval, p and Holm p. */
export function evidence(r: ComparisonRow): I18nText {
  const fmt =
    (x: number) =>
    (l: Lang): string =>
      r.metric.binary ? pct(x, l, 2) : num(x, l, 4);
  const { ciLow, ciHigh } = r.abs;
  return msg('experiment.evidence', {
    arm: r.arm,
    armValue: fmt(r.treatment.mean),
    armUnits: (l) => num(r.treatment.n, l, 0),
    controlValue: fmt(r.control.mean),
    controlUnits: (l) => num(r.control.n, l, 0),
    difference: fmt(r.abs.estimate ?? 0),
    interval: ciLow !== null ? msg('experiment.evidenceInterval', { low: fmt(ciLow), high: fmt(ciHigh!) }) : NONE,
    p: (l) => fmtP(r.abs.pValue, l),
    holm: r.pHolm !== null ? msg('experiment.evidenceHolm', { p: (l) => fmtP(r.pHolm, l) }) : NONE,
  });
}

/** True when a confidence interval lies entirely on one side of zero. */
export function clearOfZero(low: number | null | undefined, high: number | null | undefined): boolean {
  return low !== null && low !== undefined && high !== null && high !== undefined && (low > 0 || high < 0);
}

/** One finding per plain comparison: its verdict, evidence, and the money at stake. */
export function verdictFindings(rows: readonly ComparisonRow[], verdicts: readonly I18nText[]): Finding[] {
  const out: Finding[] = [];
  rows.forEach((r, i) => {
    if (r.method !== 'plain') return;
    const diff = r.abs.estimate ?? 0;
    out.push({
      key: `verdict:${r.metric.key}:${r.arm}`,
      text: verdicts[i],
      // Money at stake only for money-like (non-binary) outcomes whose interval is clear of zero: the
      // difference per unit over the arm. A result the data cannot tell from no effect puts nothing at stake.
      atStake: r.metric.binary || !clearOfZero(r.abs.ciLow, r.abs.ciHigh) ? null : Math.abs(diff) * r.treatment.n,
      evidence: evidence(r),
      observational: false,
    });
  });
  return out;
}

/**
 * Segments that responded: the test and the relative interval agree (interval clear of zero); each is a
 * lead, not proof (no correction for the many cells). The six with the most money at stake.
 */
export function segmentFindings(
  segTable: ResultTable,
  metrics: readonly MetricData[],
  control: string,
  o: ExperimentOptions,
): Finding[] {
  const out: Finding[] = [];
  for (const row of segTable.rows) {
    const p = row.p_value as number | null;
    const lift = row.lift as number | null;
    const lo = row.ci_low as number | null;
    const hi = row.ci_high as number | null;
    if (p === null || lift === null || lo === null || hi === null || p >= o.alpha || (lo <= 0 && hi >= 0)) continue;
    const m = metrics.find((x) => x.key === row.metric)!;
    out.push({
      key: `segment:${String(row.segment_column)}:${String(row.segment)}:${String(row.metric)}:${String(row.arm)}`,
      text: segmentSentence(row, m, control, o, segTable.rows.length),
      atStake: m.binary ? null : Math.abs(row.abs_lift as number) * (row.n_arm as number),
      observational: false,
    });
  }
  out.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  return out.slice(0, 6);
}

function segmentSentence(
  row: Record<string, CellValue>,
  m: MetricData,
  control: string,
  o: ExperimentOptions,
  comparisons: number,
): I18nText {
  const lift = row.lift as number;
  return msg('experiment.segmentLift', {
    segment: `${String(row.segment_column)} = ${String(row.segment)}`,
    arm: String(row.arm),
    direction: lift > 0 ? msg('experiment.raised') : msg('experiment.lowered'),
    what: metricPhrase(m, o.unitLabel),
    lift: (l) => pct(Math.abs(lift), l, 0),
    control,
    interval: interval(o, row.ci_low as number, row.ci_high as number),
    armUnits: (l) => num(row.n_arm as number, l, 0),
    controlUnits: (l) => num(row.n_control as number, l, 0),
    comparisons,
  });
}
