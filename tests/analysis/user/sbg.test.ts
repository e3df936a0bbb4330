import { describe, expect, it } from 'vitest';
import { fitSbg, sbgLogLik, sbgRetention, sbgSurvival } from '../../../src/analysis/user/sbg.js';
import { lbeta } from '../../../src/stats/special.js';

// Fader & Hardie 2007, "How to project customer retention": survivors of 1000 customers, years 0..7
// (tests/reference-data/README.md). The paper fits years 0..7 and reports High End α 0.668, β 3.806;
// Regular α 0.704, β 1.182.
const HIGH = Object.freeze([1000, 869, 743, 653, 593, 551, 517, 491]);
const REGULAR = Object.freeze([1000, 631, 468, 382, 326, 289, 262, 241]);

describe('sBG (Fader & Hardie 2007)', () => {
  it('High End: α 0.668, β 3.806', () => {
    const f = fitSbg([HIGH])!;
    expect(f.params.alpha).toBeCloseTo(0.668, 3);
    expect(f.params.beta).toBeCloseTo(3.806, 2);
    expect(f.se).not.toBeNull();
  });
  it('Regular: α 0.704, β 1.182', () => {
    const f = fitSbg([REGULAR])!;
    expect(f.params.alpha).toBeCloseTo(0.704, 3);
    expect(f.params.beta).toBeCloseTo(1.182, 3);
  });
  it('survival and retention closed forms (by hand)', () => {
    const p = { alpha: 0.668, beta: 3.806 };
    expect(sbgSurvival(p, 1)).toBeCloseTo(3.806 / 4.474, 12); // S(1) = β/(α+β)
    expect(sbgRetention(p, 2)).toBeCloseTo(4.806 / 5.474, 12);
    expect(sbgSurvival(p, 2)).toBeCloseTo((3.806 / 4.474) * (4.806 / 5.474), 12);
    expect(sbgLogLik(p, [[10]])).toBe(0);
  });
  it('log-likelihood: each ln P(T = t) and ln S(t) made once per t gives the per-term sum to the last bit', () => {
    // The formula term by term (sbgLogLik before it kept the terms per t), on cohorts of different lengths
    // (the paper's two curves, their tails and a short one with nobody lost in a period).
    const perTerm = (p: { alpha: number; beta: number }, curves: readonly (readonly number[])[]): number => {
      let ll = 0;
      const lb = lbeta(p.alpha, p.beta);
      for (const c of curves) {
        for (let t = 1; t < c.length; t++) {
          const lost = c[t - 1] - c[t];
          if (lost > 0) ll += lost * (lbeta(p.alpha + 1, p.beta + t - 1) - lb);
        }
        const K = c.length - 1;
        if (K >= 1 && c[K] > 0) ll += c[K] * (lbeta(p.alpha, p.beta + K) - lb);
      }
      return ll;
    };
    const curves = [HIGH, REGULAR, HIGH.slice(0, 4), REGULAR.slice(0, 2), [50, 50, 40], [7]];
    for (const p of [
      { alpha: 0.668, beta: 3.806 },
      { alpha: 0.05, beta: 12.5 },
      { alpha: 3.2, beta: 0.4 },
    ])
      expect(sbgLogLik(p, curves)).toBe(perTerm(p, curves));
  });
  it('degenerate input gives null', () => {
    expect(fitSbg([[5]])).toBeNull();
    expect(fitSbg([])).toBeNull();
    expect(fitSbg([[100, 100, 100]])).toBeNull(); // nobody churns: α → 0
  });
});
