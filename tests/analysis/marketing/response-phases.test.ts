/**
 * Response curves' split-out phases: the weekly grid and the reallocation, on hand-made curves whose
 * optimum has a closed form (s = 1: x_c = √(β_c κ_c / λ) − κ_c, as in response.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { reallocate, type ChannelFits } from '../../../src/analysis/marketing/response/compute.js';
import { RESPONSE_DEFAULTS } from '../../../src/analysis/marketing/response/options.js';
import { weeklyGrid } from '../../../src/analysis/marketing/response/weekly.js';

describe('weekly grid', () => {
  it('Monday 2024-01-01 (serial 45292) to the week of 2024-01-10; rows after the as-of date and undated rows are left out', () => {
    const g = weeklyGrid(
      ['a', 'b', 'a', 'a', 'a'],
      [45292, 45293, 45301, NaN, 45310],
      [10, 5, 20, 99, 99],
      [1, 2, 3, 99, 99],
      45301,
    )!;
    expect(g.names).toEqual(['a', 'b']);
    expect(g.W).toBe(2);
    expect(Array.from(g.spend[0])).toEqual([10, 20]);
    expect(Array.from(g.outcome[1])).toEqual([2, 0]);
  });
  it('no dated row on or before the as-of date: null', () => {
    expect(weeklyGrid(['a'], [45310], [1], [1], 45301)).toBeNull();
  });
});

describe('reallocation', () => {
  const fit = (beta: number) => ({
    alpha: 0,
    curve: { beta, kappa: 1, slope: 1, scale: 1 },
    baseline: 0,
    r2: 0.9,
    sse: 0,
  });
  const fits: ChannelFits = {
    recent: 13,
    current: [1.5, 1.5, 5],
    fits: [fit(100), fit(400), null],
    reasons: [null, null, { en: 'held', 'zh-CN': '保持' }],
    usable: [0, 1],
  };

  it('the held channel keeps its spend; the rest is split by equal marginal returns within 0.5×–2× of current', () => {
    // Budget 8 − held 5 = 3 for the two curves. Unbounded: √(1/λ) = (3 + 2) / (√100 + √400) = 1/6, so
    // x = 10/6 − 1 = 0.667 and 20/6 − 1 = 2.333; the first is below its floor 0.75, so 0.75 and 2.25.
    const r = reallocate(['A', 'B', 'C'], fits, RESPONSE_DEFAULTS);
    expect(r.total).toBe(8);
    expect(r.lower).toEqual([0.75, 0.75]);
    expect(r.upper).toEqual([3, 3]);
    expect(r.proposed[0]).toBeCloseTo(0.75, 6);
    expect(r.proposed[1]).toBeCloseTo(2.25, 6);
    expect(r.proposed[2]).toBe(5);
    expect(r.feasible).toBe(true);
  });

  it('per-channel bounds override the multiples', () => {
    const r = reallocate(['A', 'B', 'C'], fits, { ...RESPONSE_DEFAULTS, bounds: { B: { max: 2 } } });
    expect(r.upper[1]).toBe(2);
    expect(r.proposed[1]).toBeCloseTo(2, 6);
    expect(r.proposed[0]).toBeCloseTo(1, 6);
  });
});
