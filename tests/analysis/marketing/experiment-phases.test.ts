/**
 * The experiment's split-out phases, each alone: sums, CUPED, the sample-ratio check, segment coding and
 * the verdict sentences. Expected numbers are worked by hand (shown beside each); expected sentences are
 * the wording of the pre-refactor experiment.ts (commit 8f42618), which the golden files also pin.
 */
import { describe, expect, it } from 'vitest';
import { isBinary } from '../../../src/analysis/marketing/experiment/check.js';
import {
  accumulateArms,
  bestCovariate,
  checkSampleRatio,
  cupedAdjust,
  summary,
  type ComparisonRow,
} from '../../../src/analysis/marketing/experiment/compute.js';
import { evidence, verdict } from '../../../src/analysis/marketing/experiment/findings.js';
import { EXPERIMENT_DEFAULTS } from '../../../src/analysis/marketing/experiment/options.js';
import { segmentCodes } from '../../../src/analysis/marketing/experiment/segments.js';
import type { Comparison } from '../../../src/stats/tests.js';

describe('experiment sums', () => {
  it('summary: VAR.S for means (Excel VAR.S(1,2,3,4) = 1.666667), p(1 − p) for rates', () => {
    const acc = { n: Float64Array.of(4), s: Float64Array.of(10), ss: Float64Array.of(30) };
    const s = summary(acc, 0, false);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.variance).toBeCloseTo(5 / 3, 12);
    // 1 of 4 converted: p = 0.25, p(1 − p) = 0.1875
    expect(summary({ n: Float64Array.of(4), s: Float64Array.of(1), ss: Float64Array.of(1) }, 0, true).variance).toBe(
      0.1875,
    );
  });

  it('accumulateArms leaves out rows with no arm and missing values (by hand)', () => {
    const armOf = Int32Array.of(0, 1, 0, -1, 1);
    const y = Float64Array.of(1, 0, NaN, 1, 1);
    const { armN, acc } = accumulateArms(armOf, 2, [y]);
    expect(Array.from(armN)).toEqual([2, 2]);
    expect(Array.from(acc.n)).toEqual([1, 2]);
    expect(Array.from(acc.s)).toEqual([1, 1]);
  });

  it('isBinary: 0/1 with blanks is binary, 2 is not', () => {
    expect(isBinary(Float64Array.of(0, 1, NaN, 1))).toBe(true);
    expect(isBinary(Float64Array.of(0, 2))).toBe(false);
  });
});

describe('CUPED', () => {
  const armOf = Int32Array.of(0, 0, 1, 1);
  const x = Float64Array.of(1, 2, 3, 4);
  const y = Float64Array.of(3, 5, 7, 9); // y = 2x + 1 exactly

  it('θ = cov(Y, X) / var(X) = 2, X̄ = 2.5, ρ² = 1 for y = 2x + 1; the better covariate wins', () => {
    const noise = Float64Array.of(4, 1, 3, 2);
    const fit = bestCovariate(armOf, y, [noise, x])!;
    expect(fit.covariate).toBe(1);
    expect(fit.theta).toBeCloseTo(2, 12);
    expect(fit.mx).toBe(2.5);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('adjusted Y′ = Y − θ (X − X̄) is 6 for every unit (3 − 2·(1 − 2.5) = 6 …)', () => {
    const { acc, fits } = cupedAdjust(armOf, 2, [y], [x]);
    expect(fits[0]).not.toBeNull();
    expect(Array.from(acc.n)).toEqual([2, 2]);
    expect(acc.s[0]).toBeCloseTo(12, 10);
    expect(acc.s[1]).toBeCloseTo(12, 10);
    expect(acc.ss[0]).toBeCloseTo(72, 10);
  });

  it('a constant covariate gives no fit', () => {
    expect(bestCovariate(armOf, y, [Float64Array.of(1, 1, 1, 1)])).toBeNull();
  });
});

describe('sample-ratio check', () => {
  const o = { expectedShares: null, srmThreshold: 0.001 };

  it('3,000 / 3,500 / 3,500 fail equal shares (χ² = 50, p = e^−25) but fit a 30/35/35 holdout plan, said so', () => {
    const r = checkSampleRatio(Float64Array.of(3000, 3500, 3500), ['control', 'a', 'b'], 0, o);
    expect(r.assumedPlan).toEqual([0.3, 0.35, 0.35]);
    expect(r.flagged).toBe(false);
    expect(r.srm!.statistic).toBeCloseTo(0, 10);
  });

  it('3,000 / 7,000 with two arms stays a mismatch: χ² = 1,600 (by hand: 2·2,000²/5,000)', () => {
    const r = checkSampleRatio(Float64Array.of(3000, 7000), ['control', 'a'], 0, o);
    expect(r.assumedPlan).toBeNull();
    expect(r.flagged).toBe(true);
    expect(r.srm!.statistic).toBeCloseTo(1600, 6);
  });

  it('a planned split is used as given', () => {
    const r = checkSampleRatio(Float64Array.of(3000, 7000), ['control', 'a'], 0, {
      ...o,
      expectedShares: { control: 0.3, a: 0.7 },
    });
    expect(r.flagged).toBe(false);
    expect(r.shares).toEqual([0.3, 0.7]);
  });
});

describe('segment coding', () => {
  it('codes values in order of first appearance, blanks as "(blank)"', () => {
    const c = segmentCodes(['a', 'b', 'a', null, ' b '], 20);
    expect(Array.from(c.valOf)).toEqual([0, 1, 0, 2, 1]);
    expect(c.names).toEqual(['a', 'b', '(blank)']);
  });
  it('stops once there are more values than allowed', () => {
    expect(segmentCodes(['a', 'b', 'c', 'd'], 2).names).toEqual(['a', 'b', 'c']);
  });
});

describe('verdict sentences (wording of experiment.ts before the split)', () => {
  const cmp = (c: Partial<Comparison>): Comparison => ({
    estimate: null,
    se: null,
    ciLow: null,
    ciHigh: null,
    pValue: null,
    df: null,
    statistic: null,
    ...c,
  });
  const row = (
    rel: Partial<Comparison>,
    abs: Partial<Comparison>,
    pHolm: number | null,
    method: 'plain' | 'cuped' = 'plain',
  ): ComparisonRow => ({
    metric: { key: 'visit', header: 'visit', binary: true, values: new Float64Array(0) },
    arm: 'Email',
    method,
    control: { n: 1000, mean: 0.1, variance: 0.09 },
    treatment: { n: 1000, mean: 0.112, variance: 0.0995 },
    abs: cmp(abs),
    rel: cmp(rel),
    pHolm,
    chance: null,
    mdeRel: null,
    needed: null,
  });

  it('a clear lift names the direction, the interval and the adjustment', () => {
    const v = verdict(
      row({ estimate: 0.12, ciLow: 0.1, ciHigh: 0.14 }, { estimate: 0.012, pValue: 0.001 }, 0.002, 'cuped'),
      'Control',
      EXPERIMENT_DEFAULTS,
    );
    expect(v.en).toBe(
      'Email raised visit rate by 12% against Control (95% CI 10% to 14%, adjusted for the pre-period).',
    );
    expect(v['zh-CN']).toBe(
      '与“Control”相比，“Email”使“visit”比率提高了 12%（95% 置信区间 10% 至 14%，已按实验前数据调整）。',
    );
  });

  it('significant only before Holm: says the correction took it away', () => {
    const v = verdict(
      row({ estimate: 0.05, ciLow: -0.01, ciHigh: 0.11 }, { estimate: 0.005, pValue: 0.03 }, 0.06),
      'Control',
      EXPERIMENT_DEFAULTS,
    );
    expect(v.en).toBe(
      'Email changed visit rate by 5% against Control (95% CI -1% to 11%): the data cannot tell this from no effect once corrected for the several arms.',
    );
    expect(v['zh-CN']).toBe(
      '与“Control”相比，“Email”使“visit”比率变化 5%（95% 置信区间 -1% 至 11%）：经多组校正后，数据无法将其与无效果区分。',
    );
  });

  it('no interval: not enough data, and why', () => {
    const r = row({}, {}, null);
    r.control = { n: 1000, mean: 0, variance: 0 };
    expect(verdict(r, 'Control', EXPERIMENT_DEFAULTS).en).toBe(
      'Email against Control on visit rate: not enough data to compare (control is zero).',
    );
  });

  it('evidence: both arms, the difference with its interval, p and Holm p', () => {
    const e = evidence(
      row({ estimate: 0.12 }, { estimate: 0.012, ciLow: 0.004, ciHigh: 0.02, pValue: 0.0004 }, 0.0008),
    );
    expect(e.en).toBe(
      'Email: 11.20% over 1,000 units; control: 10.00% over 1,000; absolute difference 1.20% (CI 0.40% to 2.00%); p < 0.001, Holm p < 0.001.',
    );
    expect(e['zh-CN']).toBe(
      'Email：11.20%（1,000 个样本）；对照组：10.00%（1,000 个）；绝对差 1.20%（区间 0.40% 至 2.00%）；p < 0.001，Holm 校正 p < 0.001。',
    );
  });
});
