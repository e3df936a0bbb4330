import { describe, expect, it } from 'vitest';
import { allocateBudget, response, type ResponseCurve } from '../../../src/analysis/marketing/budget-allocation.js';
import { geometricAdstock, hill, hillDerivative } from '../../../src/analysis/marketing/media-curves.js';
import { fitChannel, fitResponseAndBudget, responseAnalysis } from '../../../src/analysis/marketing/response/index.js';
import { mulberry32 } from '../../../src/stats/random.js';
import { common, makeDataset, serial } from '../helpers.js';

describe('media transforms (conventions of PyMC-Marketing and Robyn, tests/reference-data/README.md)', () => {
  it('geometric adstock α = 0.5, 4 lags on [1,0,0,0,0,2,0,0] → [1,.5,.25,.125,0,2,1,.5]', () => {
    const x = Object.freeze([1, 0, 0, 0, 0, 2, 0, 0]);
    expect(Array.from(geometricAdstock(x, 0.5, 4))).toEqual([1, 0.5, 0.25, 0.125, 0, 2, 1, 0.5]);
    expect(x).toEqual([1, 0, 0, 0, 0, 2, 0, 0]);
  });
  it('normalised weights (÷ 1.875): [.533333, .266667, .133333, .066667, 0, 1.066667, .533333, .266667]', () => {
    const y = geometricAdstock([1, 0, 0, 0, 0, 2, 0, 0], 0.5, 4, true);
    [0.533333, 0.266667, 0.133333, 0.066667, 0, 1.066667, 0.533333, 0.266667].forEach((v, i) => {
      expect(y[i]).toBeCloseTo(v, 6);
    });
  });
  it('Hill s = 2, κ = 1 at 0, .5, 1, 2, 4 → 0, .2, .5, .8, .941176', () => {
    [0, 0.2, 0.5, 0.8, 0.941176].forEach((v, i) => {
      expect(hill([0, 0.5, 1, 2, 4][i], 1, 2)).toBeCloseTo(v, 6);
    });
  });
  it('Hill derivative matches a central difference (by hand)', () => {
    const h = 1e-6;
    expect(hillDerivative(1.3, 0.8, 1.7)).toBeCloseTo((hill(1.3 + h, 0.8, 1.7) - hill(1.3 - h, 0.8, 1.7)) / (2 * h), 6);
  });
  it('empty input, NaN-free', () => {
    expect(geometricAdstock([], 0.5, 4).length).toBe(0);
    expect(hill(Number.NaN, 1, 2)).toBe(0);
  });
});

describe('budget allocation', () => {
  it('s = 1 curves: the closed-form optimum x_c = √(β_c κ_c / λ) − κ_c (by hand)', () => {
    const curves: ResponseCurve[] = [
      { beta: 100, kappa: 10, slope: 1, scale: 1 },
      { beta: 200, kappa: 30, slope: 1, scale: 1 },
      { beta: 50, kappa: 5, slope: 1, scale: 1 },
    ];
    const B = 60;
    // √(1/λ) = (B + Σκ) / Σ√(βκ)
    const sq = curves.map((c) => Math.sqrt(c.beta * c.kappa));
    const r = (B + 45) / sq.reduce((a, b) => a + b, 0);
    const exact = curves.map((c, i) => sq[i] * r - c.kappa);
    const a = allocateBudget(curves, B, [0, 0, 0], [1000, 1000, 1000]);
    a.spend.forEach((x, i) => {
      expect(x).toBeCloseTo(exact[i], 6);
    });
    // equal marginal returns
    expect(a.marginal[0]).toBeCloseTo(a.marginal[1], 8);
    expect(a.spend.reduce((x, y) => x + y, 0)).toBeCloseTo(B, 9);
  });
  it('S-shaped curves (s = 2.5 and 1.5) match a brute-force search over the split within 0.1%', () => {
    const curves: ResponseCurve[] = [
      { beta: 500, kappa: 1, slope: 2.5, scale: 40 },
      { beta: 300, kappa: 0.5, slope: 1.5, scale: 40 },
    ];
    const B = 100;
    let best = -Infinity;
    let bestX = 0;
    for (let x = 0; x <= B; x += 0.01) {
      const v = response(curves[0], x) + response(curves[1], B - x);
      if (v > best) {
        best = v;
        bestX = x;
      }
    }
    const a = allocateBudget(curves, B, [0, 0], [B, B]);
    const got = response(curves[0], a.spend[0]) + response(curves[1], a.spend[1]);
    expect(got).toBeGreaterThanOrEqual(best * 0.999);
    expect(Math.abs(a.spend[0] - bestX)).toBeLessThan(0.02 * B);
  });
  it('bounds bind and infeasible totals are clipped and reported', () => {
    const c: ResponseCurve = { beta: 100, kappa: 1, slope: 1, scale: 1 };
    const a = allocateBudget([c, { ...c, beta: 1000 }], 10, [0, 0], [8, 3]);
    expect(a.spend[1]).toBeCloseTo(3, 9);
    expect(a.spend[0]).toBeCloseTo(7, 9);
    const inf = allocateBudget([c, c], 100, [0, 0], [10, 10]);
    expect(inf.feasible).toBe(false);
    expect(inf.spend).toEqual([10, 10]);
    expect(allocateBudget([], 0, [], []).spend).toEqual([]);
  });
});

/** Synthetic weekly data with known curves (seeded). */
function synthetic(
  weeks: number,
  truth: { alpha: number; curve: ResponseCurve; base: number }[],
  noise: number,
  seed: number,
) {
  const rng = mulberry32(seed);
  return truth.map((t) => {
    const spend = Float64Array.from({ length: weeks }, () => t.curve.scale * (0.2 + 2.3 * rng()));
    const ad = geometricAdstock(spend, t.alpha, 8, true);
    const outcome = Float64Array.from(ad, (z) => (t.base + response(t.curve, z)) * (1 + noise * (rng() * 2 - 1)));
    return { spend, outcome };
  });
}

const TRUTH = [
  { alpha: 0.5, curve: { beta: 5000, kappa: 1.2, slope: 1.8, scale: 1000 }, base: 200 },
  { alpha: 0.2, curve: { beta: 3000, kappa: 0.6, slope: 1.0, scale: 800 }, base: 100 },
  { alpha: 0.0, curve: { beta: 2000, kappa: 1.5, slope: 2.2, scale: 600 }, base: 50 },
];

describe('fitting adstock + Hill on synthetic channels with known curves', () => {
  const data = synthetic(156, TRUTH, 0.01, 7);
  const fits = data.map((d) =>
    fitChannel(d.spend, d.outcome, { maxLag: 8, alphaGrid: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] })!,
  );

  it('recovers the carry-over rate and a curve close to the truth over the observed range', () => {
    fits.forEach((f, i) => {
      expect(f.alpha).toBeCloseTo(TRUTH[i].alpha, 5);
      expect(f.r2).toBeGreaterThan(0.95);
      for (const m of [0.5, 1, 2]) {
        const x = m * TRUTH[i].curve.scale;
        expect(response(f.curve, x) + f.baseline).toBeCloseTo(
          response(TRUTH[i].curve, x) + TRUTH[i].base,
          -Math.log10(0.03 * (response(TRUTH[i].curve, x) + TRUTH[i].base)),
        );
      }
    });
  });

  it('the budget optimiser on the fitted curves recovers the known optimum within 2%', () => {
    const total = 2400;
    const lo = [0, 0, 0];
    const hi = [2500, 2000, 1500]; // within the observed spend range of each channel
    const truthAlloc = allocateBudget(
      TRUTH.map((t) => t.curve),
      total,
      lo,
      hi,
    );
    const fitAlloc = allocateBudget(
      fits.map((f) => f.curve),
      total,
      lo,
      hi,
    );
    fitAlloc.spend.forEach((x, i) => {
      expect(Math.abs(x - truthAlloc.spend[i]) / total).toBeLessThan(0.02);
    });
    const value = (xs: number[]) => xs.reduce((a, x, i) => a + response(TRUTH[i].curve, x), 0);
    expect(value(fitAlloc.spend) / value(truthAlloc.spend)).toBeGreaterThan(0.98);
  });
});

describe('response analysis on a campaigns sheet', () => {
  const weeks = 80;
  const data = synthetic(weeks, TRUTH, 0.03, 11);
  const names = ['Search', 'Social', 'Email'];
  const rows = { ch: [] as string[], date: [] as number[], spend: [] as number[], rev: [] as number[] };
  data.forEach((d, c) => {
    for (let w = 0; w < weeks; w++) {
      rows.ch.push(names[c]);
      rows.date.push(serial('2023-01-02') + 7 * w);
      rows.spend.push(d.spend[w]);
      rows.rev.push(d.outcome[w]);
    }
  });
  rows.ch.push('Tiny');
  rows.date.push(serial('2023-01-02'));
  rows.spend.push(10);
  rows.rev.push(5);
  const ds = makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: rows.ch },
    { name: 'Week', role: 'date', values: rows.date, type: 'date' },
    { name: 'Spend', role: 'spend', values: rows.spend, type: 'currency' },
    { name: 'Revenue', role: 'revenue', values: rows.rev, type: 'currency' },
  ]);
  const r = fitResponseAndBudget(ds, common('2030-01-01'));

  it('keeps the total, respects bounds, equalises marginal ROAS of channels not at a bound', () => {
    const t = r.tables.find((x) => x.name === 'allocation')!;
    const cur = t.rows.reduce((a, x) => a + (x.current_spend as number), 0);
    const prop = t.rows.reduce((a, x) => a + (x.proposed_spend as number), 0);
    expect(prop).toBeCloseTo(cur, 6);
    for (const x of t.rows.filter((y) => y.min_spend !== null)) {
      expect(x.proposed_spend as number).toBeGreaterThanOrEqual((x.min_spend as number) - 1e-9);
      expect(x.proposed_spend as number).toBeLessThanOrEqual((x.max_spend as number) + 1e-9);
    }
    const tiny = t.rows.find((x) => x.channel === 'Tiny')!;
    expect(tiny.proposed_spend).toBe(tiny.current_spend);
    expect(tiny.marginal_current).toBeNull();
    expect(r.diagnostics.some((d) => d.code === 'marketing.response.channel-held')).toBe(true);
  });

  it('states the expected change with a range and the observational caveat, in both languages', () => {
    const f = r.figures.find((x) => x.key === 'expected_change')!;
    expect(f.value as number).toBeGreaterThanOrEqual(0);
    expect(f.note?.en).toMatch(/90% of refits/);
    expect(r.notes.some((n) => /suggest where to test/.test(n.en) && /提示/.test(n['zh-CN']))).toBe(true);
    let finite = true;
    JSON.stringify(r, (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) finite = false;
      return v;
    });
    expect(finite).toBe(true);
  });

  it('same seed, same result', () => {
    const again = fitResponseAndBudget(ds, common('2030-01-01'));
    expect(again.figures).toEqual(r.figures);
  });

  it('missing roles and no input: error diagnostics, no throw', () => {
    const bad = makeDataset('campaigns', [{ name: 'Channel', role: 'channel', values: ['A'] }]);
    expect(fitResponseAndBudget(bad, common('2030-01-01')).diagnostics[0].code).toBe(
      'marketing.response.missing-roles',
    );
    expect(responseAnalysis.run({}, common('2030-01-01'), responseAnalysis.defaults).diagnostics[0].code).toBe(
      'marketing.response.missing',
    );
  });
});
