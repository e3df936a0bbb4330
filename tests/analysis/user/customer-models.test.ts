import { describe, expect, it } from 'vitest';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { summarizeCustomers } from '../../../src/analysis/user/customer-summary.js';
import { customerModels, customerSummary } from '../../../src/analysis/user/customer-models.js';
import { compress, fitBgNbd } from '../../../src/analysis/user/bg-nbd.js';
import { RunMemo } from '../../../src/analysis/common/index.js';
import { CDNOW_CAL_END, cdnowOrders } from './cdnow.js';

describe('customer models shared across a run', () => {
  const o = readOrders({ orders: cdnowOrders() }, [])!;
  const opts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: CDNOW_CAL_END };

  it('gives the CLV sheet (calibration end = as-of) and the loop (no calibration end) one summary', () => {
    const memo = new RunMemo(); // one run's memo (CommonOptions.memo)
    const loop = customerSummary(o, opts, memo);
    const clv = customerSummary(o, { ...opts, calibrationEnd: CDNOW_CAL_END }, memo);
    expect(clv).toBe(loop);
    // Without a memo (a direct call) nothing is kept: a fresh summary each time.
    expect(customerSummary(o, opts)).not.toBe(loop);
    // …and it is the summary summarizeCustomers computes (2,357 CDNOW customers, tests/reference-data/README.md).
    expect(loop).toEqual(summarizeCustomers(o, opts));
    expect(loop.ids.length).toBe(2357);
    // Other options are another summary.
    const days = customerSummary(o, { ...opts, timeUnit: 'days' }, memo);
    expect(days).not.toBe(loop);
    expect(days.t_x[0]).toBeCloseTo(loop.t_x[0] * 7, 9);
  });

  it('fits once per summary and penalty, and fits what fitBgNbd fits', () => {
    const memo = new RunMemo();
    const s = customerSummary(o, opts, memo);
    const m = customerModels(s, 0, memo);
    expect(customerModels(s, 0, memo)).toBe(m);
    expect(customerModels(s, 0.1, memo)).not.toBe(m);
    expect(memo.computed('bg-nbd')).toBe(2);
    expect(m.bg.params).toEqual(fitBgNbd(compress(s.x, s.t_x, s.T)).params);
    // Published BG/NBD fit on the 2,357 CDNOW calibration summaries (tests/reference-data/README.md): r 0.243, α 4.414.
    expect(m.bg.params.r).toBeCloseTo(0.243, 3);
    expect(m.bg.params.alpha).toBeCloseTo(4.414, 2);
  });
});
