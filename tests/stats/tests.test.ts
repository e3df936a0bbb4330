import { describe, expect, it } from 'vitest';
import {
  absoluteDifference,
  chiSquareGoodnessOfFit,
  proportionSummary,
  relativeDifference,
  studentT,
  summaryFromSums,
  welchDf,
} from '../../src/stats/tests.js';

// GrowthBook stats engine (gbstats, MIT), unit tests of its frequentist two-sided t-test
// (as quoted in tests/reference-data/README.md).
const A = Object.freeze(summaryFromSums(3407, 1396.87, 52377.9767));
const B = Object.freeze(summaryFromSums(3461, 2422.7, 134698.29));

describe('difference of means (GrowthBook test vectors)', () => {
  it('relative lift 0.70732, se 0.37879, CI (−0.03526, 1.44989), p 0.06191', () => {
    const r = relativeDifference(A, B);
    expect(r.estimate).toBeCloseTo(0.70732, 5);
    expect(r.se).toBeCloseTo(0.37879, 5);
    expect(r.ciLow).toBeCloseTo(-0.03526, 5);
    expect(r.ciHigh).toBeCloseTo(1.44989, 5);
    expect(r.pValue).toBeCloseTo(0.06191, 5);
  });
  it('absolute 0.29, CI (0.04538, 0.53462), p 0.02016', () => {
    const r = absoluteDifference(A, B);
    expect(r.estimate).toBeCloseTo(0.29, 10);
    expect(r.ciLow).toBeCloseTo(0.04538, 5);
    expect(r.ciHigh).toBeCloseTo(0.53462, 5);
    expect(r.pValue).toBeCloseTo(0.02016, 5);
  });
  it('does not change its inputs', () => {
    expect(Object.isFrozen(A)).toBe(true);
    expect(A.n).toBe(3407);
  });
});

describe('difference of proportions (GrowthBook test vector)', () => {
  it('14/28 vs 16/30 relative: 0.06667, CI (−0.47767, 0.61101), p 0.80707', () => {
    const r = relativeDifference(proportionSummary(14, 28), proportionSummary(16, 30));
    expect(r.estimate).toBeCloseTo(0.06667, 5);
    expect(r.ciLow).toBeCloseTo(-0.47767, 5);
    expect(r.ciHigh).toBeCloseTo(0.61101, 5);
    expect(r.pValue).toBeCloseTo(0.80707, 5);
  });
  it('variance p(1 − p), no n − 1 (by hand: 14/28 → 0.25)', () => {
    expect(proportionSummary(14, 28).variance).toBe(0.25);
  });
});

describe('edge cases', () => {
  it('zero control mean: relative lift undefined (null), never Infinity', () => {
    const r = relativeDifference(proportionSummary(0, 100), proportionSummary(3, 100));
    expect(r.estimate).toBeNull();
    expect(r.pValue).toBeNull();
  });
  it('zero variance in both arms: estimate kept, no interval', () => {
    const r = absoluteDifference(proportionSummary(0, 100), proportionSummary(0, 100));
    expect(r.estimate).toBe(0);
    expect(r.ciLow).toBeNull();
  });
  it('one unit per arm: nothing to test', () => {
    expect(absoluteDifference(summaryFromSums(1, 3, 9), summaryFromSums(1, 4, 16)).estimate).toBeNull();
  });
  it('Welch df equals n − 1 + n − 1 for equal sizes and variances (by hand)', () => {
    const s = { n: 10, mean: 0, variance: 2 };
    expect(welchDf(s, s)).toBeCloseTo(18, 10);
  });
});

describe('Student t, pooled variance', () => {
  it('matches the textbook example (by hand: x̄ 5 vs 7, s² 2 and 2, n 10 each → t = 2/√0.4 = 3.1623, df 18)', () => {
    const r = studentT({ n: 10, mean: 5, variance: 2 }, { n: 10, mean: 7, variance: 2 });
    expect(r.statistic).toBeCloseTo(2 / Math.sqrt(0.4), 10);
    expect(r.df).toBe(18);
    // scipy.stats: 2 * t.sf(3.16227766, 18) → 0.0053911564 (Excel =T.DIST.2T(3.16227766, 18))
    expect(r.pValue).toBeCloseTo(0.0053911564, 9);
  });
});

describe('χ² goodness of fit (sample-ratio mismatch)', () => {
  it('Hillstrom arms 21307/21387/21306 against equal thirds: p = 0.903693 (tests/reference-data/README.md)', () => {
    const r = chiSquareGoodnessOfFit([21307, 21387, 21306], [1, 1, 1])!;
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.903693, 6);
  });
  it('Excel CHISQ.TEST([60,40],[50,50]) → 0.0455003', () => {
    expect(chiSquareGoodnessOfFit([60, 40], [0.5, 0.5])!.pValue).toBeCloseTo(0.0455003, 6);
  });
  it('one category or no units: null', () => {
    expect(chiSquareGoodnessOfFit([5], [1])).toBeNull();
    expect(chiSquareGoodnessOfFit([0, 0], [1, 1])).toBeNull();
  });
});
