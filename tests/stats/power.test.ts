import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect, power, sampleSizePerArm } from '../../src/stats/power.js';

describe('power and sample size (normal approximation)', () => {
  it('10% vs 11%: n = (1.959964 + 0.841621)² (0.09 + 0.0979) / 0.01² = 14748.04 → 14749 (by hand)', () => {
    expect(sampleSizePerArm(0.01, 0.1 * 0.9, 0.11 * 0.89)).toBe(14749);
  });
  it('power at the minimum detectable effect is 80% (plus a negligible opposite tail)', () => {
    const mde = minimumDetectableEffect(0.09, 5000, 0.09, 5000)!;
    // by hand: 2.801585 × √(0.09/5000 · 2) = 0.016810
    expect(mde).toBeCloseTo(2.801585 * Math.sqrt(0.09 / 2500), 5);
    expect(power(mde, 0.09, 5000, 0.09, 5000)).toBeCloseTo(0.8, 4);
  });
  it('power of no effect is α', () => {
    expect(power(0, 1, 100, 1, 100)).toBeCloseTo(0.05, 10);
  });
  it('degenerate inputs give null', () => {
    expect(sampleSizePerArm(0, 1, 1)).toBeNull();
    expect(power(1, 0, 10, 0, 10)).toBeNull();
    expect(minimumDetectableEffect(1, 0, 1, 10)).toBeNull();
  });
});
