/**
 * Fits at the edge of the parameter space (src/stats/optimize.ts `atParameterLimit`): data with no
 * heterogeneity has its likelihood maximum at infinity, BFGS stops on the ridge, and the Nelder–Mead fallback
 * used to walk along it (68 s for Gamma-Gamma and 11 s for BG/NBD on the playground's 1,048,575 generated
 * orders). The data here is built so that the limit is known by construction:
 * - a fixed-price subscription (every purchase 99.00): spend per purchase does not vary at all, so the
 *   Gamma-Gamma expectation for every customer is 99.00 (E[M] = p(ν + x·z̄)/(px + q − 1) → z̄ = 99 as q, ν, p → ∞);
 * - customers who buy exactly every 4 weeks up to the as-of date: one rate for all (r, α → ∞ with r/α = 1/4)
 *   and no one dropping out (a → 0), so P(alive) = 1 and every customer's expected purchases are the common rate times the horizon.
 */
import { describe, expect, it } from 'vitest';
import { compress, conditionalExpectedPurchases, fitBgNbd, pAlive } from '../../../src/analysis/user/bg-nbd.js';
import { clvAnalysis } from '../../../src/analysis/user/clv.js';
import { conditionalExpectedSpend, fitGammaGamma } from '../../../src/analysis/user/gamma-gamma.js';
import { common, makeOrders, serial } from '../helpers.js';

describe('fits at the limit of their parameter space', () => {
  it('Gamma-Gamma on a fixed price: at the limit, every customer expected to spend the price', () => {
    const x = Array.from({ length: 3000 }, (_, i) => 1 + (i % 12));
    const zbar = x.map(() => 99);
    const fit = fitGammaGamma(x, zbar)!;
    expect(fit.atLimit).toBe(true);
    expect(fit.converged).toBe(false);
    for (const k of [1, 6, 12]) expect(conditionalExpectedSpend(fit.params, k, 99)! / 99).toBeCloseTo(1, 3);
  });

  it('BG/NBD on customers buying every 4 weeks: at the limit, P(alive) 1 and one rate for every customer', () => {
    // Customer i joined (i mod 100) + 1 weeks before the as-of date and bought every 4 weeks since.
    const T = Array.from({ length: 3000 }, (_, i) => (i % 100) + 1);
    const x = T.map((t) => Math.floor(t / 4));
    const tx = x.map((k) => 4 * k);
    const fit = fitBgNbd(compress(x, tx, T));
    expect(fit.atLimit).toBe(true);
    expect(fit.converged).toBe(false);
    // With no dropout the likelihood is a Poisson one with exposure T, whose rate estimate is Σx / ΣT
    // (0.2426 a week here: floor(T/4) purchases in T weeks); r/α is that rate, and P(alive) is 1.
    const rate = x.reduce((s, v) => s + v, 0) / T.reduce((s, v) => s + v, 0);
    expect(fit.params.r / fit.params.alpha / rate).toBeCloseTo(1, 3);
    expect(pAlive(fit.params, 12, 48, 50)).toBeCloseTo(1, 3);
    // Expected purchases in the next 52 weeks: the rate times 52 (12.6), whatever the customer's history.
    expect(conditionalExpectedPurchases(fit.params, 52, 12, 48, 50) / (52 * rate)).toBeCloseTo(1, 2);
    expect(conditionalExpectedPurchases(fit.params, 52, 2, 8, 10) / (52 * rate)).toBeCloseTo(1, 2);
  });

  it('the CLV sheet says what the limits mean, not that the fit hit its iteration cap', () => {
    // 300 subscribers of a 99.00 box every 28 days: subscriber i started (i mod 30) × 7 days after 2024-01-01.
    const customer: string[] = [],
      date: number[] = [],
      amount: number[] = [];
    const asOf = serial('2024-12-31');
    for (let i = 0; i < 300; i++)
      for (let d = serial('2024-01-01') + (i % 30) * 7; d <= asOf; d += 28) {
        customer.push(`S${i}`);
        date.push(d);
        amount.push(99);
      }
    const res = clvAnalysis.run({ orders: makeOrders({ customer, date, amount }) }, common('2024-12-31'), {});
    const codes = res.diagnostics.map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining(['clv.bgnbd_rates_at_limit', 'clv.bgnbd_dropout_at_limit', 'clv.gg_at_limit']),
    );
    expect(codes).not.toContain('clv.bgnbd_not_converged');
  });
});
