/**
 * The run's one scoring of the fitted models (`modelScores`): the CLV sheet and the loop's predicted value score the
 * same customers with the same models, so a run scores them once. The reference is `scoreClv` called directly on the
 * same summary and parameters (what both callers did before); CDNOW calibration data as in customer-models.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readOrders } from '../../../src/analysis/user/orders.js';
import { customerModels, customerSummary } from '../../../src/analysis/user/customer-models.js';
import { CLV_DEFAULTS, modelScores, scoreClv } from '../../../src/analysis/user/clv.js';
import { predictValue } from '../../../src/analysis/loop/clv-scores.js';
import { RunMemo } from '../../../src/analysis/common/index.js';
import { CDNOW_CAL_END, cdnowOrders } from './cdnow.js';

describe('modelScores', () => {
  const o = readOrders({ orders: cdnowOrders() }, [])!;
  const opts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: CDNOW_CAL_END };

  it('scores once per run, models and options, as scoreClv does', () => {
    const memo = new RunMemo();
    const m = customerModels(customerSummary(o, opts, memo), 0, memo);
    const sc = modelScores(m, CLV_DEFAULTS, memo);
    expect(sc).toEqual(scoreClv(m.summary, m.bg.params, m.gg?.params ?? null, CLV_DEFAULTS));
    expect(modelScores(m, { ...CLV_DEFAULTS }, memo)).toBe(sc);
    expect(memo.computed('clv-scores')).toBe(1);
    // Another horizon is another scoring, with its own figures (24 months expect more purchases than 12).
    const longer = modelScores(m, { ...CLV_DEFAULTS, horizonMonths: 24 }, memo);
    expect(longer).not.toBe(sc);
    expect(longer).toEqual(
      scoreClv(m.summary, m.bg.params, m.gg?.params ?? null, { ...CLV_DEFAULTS, horizonMonths: 24 }),
    );
    expect(longer.purchases[0]).toBeGreaterThan(sc.purchases[0]);
    expect(memo.computed('clv-scores')).toBe(2);
    // Without a memo: computed afresh each time.
    expect(modelScores(m, CLV_DEFAULTS)).not.toBe(sc);
  });

  it('gives the loop’s predicted value the scores of the CLV sheet’s models, without scoring again', () => {
    const memo = new RunMemo();
    const m = customerModels(customerSummary(o, opts, memo), 0, memo);
    const sc = modelScores(m, CLV_DEFAULTS, memo);
    const pv = predictValue(o, CDNOW_CAL_END, [], memo)!;
    expect(memo.computed('clv-scores')).toBe(1);
    // The summary lists CDNOW's customers in code order, all of them buyers: code i is summary row i.
    expect(m.summary.ids).toEqual(o.customers);
    expect(pv.clv).toEqual(sc.clv);
    expect(pv.pAlive).toEqual(Array.from(sc.pAlive));
  });
});
