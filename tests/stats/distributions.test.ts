import { describe, expect, it } from 'vitest';
import {
  betaCdf,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
  tTwoSidedP,
} from '../../src/stats/distributions.js';

// Expected values from Excel's functions (same digits in R: pnorm, qnorm, qt, pchisq, pbeta).
describe('distributions', () => {
  it('normal: NORM.S.INV(0.975) = 1.959963985, NORM.S.DIST(1, TRUE) = 0.841344746', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 8);
  });
  it('t: T.INV(0.975, 10) = 2.228138852, T.DIST(-2, 5, TRUE) = 0.050969739', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138852, 7);
    expect(tCdf(-2, 5)).toBeCloseTo(0.050969739, 8);
  });
  it('t far in the tail keeps precision (R: 2*pt(-12, 100) = 1.4e-21 order)', () => {
    const p = tTwoSidedP(12, 100);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-19);
  });
  it('χ²: CHISQ.DIST.RT(3.841458821, 1) = 0.05; x ≤ 0 → 1', () => {
    expect(chiSquareSf(3.841458821, 1)).toBeCloseTo(0.05, 9);
    expect(chiSquareSf(0, 3)).toBe(1);
  });
  it('beta: BETA.DIST(0.5, 2, 3, TRUE) = 0.6875', () => {
    expect(betaCdf(0.5, 2, 3)).toBeCloseTo(0.6875, 10);
  });
});
