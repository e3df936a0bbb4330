import { describe, expect, it } from 'vitest';
import { chanceToBeatControl } from '../../src/stats/bayes.js';
import { proportionSummary } from '../../src/stats/tests.js';

describe('chance to beat control, flat prior', () => {
  it('GrowthBook test vector 49/100 vs 51/100: chance 0.60918, CI (−0.24779, 0.32943)', () => {
    const r = chanceToBeatControl(proportionSummary(49, 100), proportionSummary(51, 100))!;
    expect(r.chance).toBeCloseTo(0.60918, 5);
    expect(r.ciLow).toBeCloseTo(-0.24779, 5);
    expect(r.ciHigh).toBeCloseTo(0.32943, 5);
  });
  it('equal arms: 50%; zero control: null', () => {
    expect(chanceToBeatControl(proportionSummary(10, 100), proportionSummary(10, 100))!.chance).toBeCloseTo(0.5, 12);
    expect(chanceToBeatControl(proportionSummary(0, 100), proportionSummary(10, 100))).toBeNull();
  });
});
