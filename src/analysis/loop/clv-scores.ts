/**
 * Predicted value per customer for the loop analyses, reusing the user analysis models: BG/NBD (purchases,
 * P(alive)) × Gamma-Gamma (spend per purchase), 12 months ahead, discounted 10% a year, weeks as the unit —
 * the CLV sheet's defaults, so the figures agree with it.
 */
import type { Diagnostic } from '../../types.js';
import { CLV_DEFAULTS, modelScores } from '../user/clv.js';
import { customerModels, customerSummary } from '../user/customer-models.js';
import { customerIndex, type OrderArrays } from '../user/orders.js';
import { diag, memoized, t, where, type RunMemo } from '../common/index.js';

export interface PredictedValue {
  /**
   * Predicted discounted value over the horizon by customer code (index into the orders read's `customers`,
   * which is also the purchase-history index); null where the spend model has no mean or the customer
   * was not scored.
   */
  clv: (number | null)[];
  /** P(alive) by customer code; null where not scored. */
  pAlive: (number | null)[];
  horizonMonths: number;
}

/**
 * Fit the models on purchases up to `asOf` and score every customer. Null (with a warning) when there are
 * fewer than 10 customers or 3 repeat buyers, as the CLV analysis requires. With the run's `memo`, one fit
 * per run, orders read, as-of date and horizon: acquisition quality and the win-back list share it.
 */
export function predictValue(
  o: OrderArrays,
  asOf: number,
  diags: Diagnostic[],
  memo?: RunMemo,
  horizonMonths = CLV_DEFAULTS.horizonMonths,
): PredictedValue | null {
  const r = memoized(memo, o, `predict|${asOf}|${horizonMonths}`, () => {
    const d: Diagnostic[] = [];
    return { v: fit(o, asOf, d, horizonMonths, memo), d };
  });
  diags.push(...r.d);
  return r.v;
}

function fit(
  o: OrderArrays,
  asOf: number,
  diags: Diagnostic[],
  horizonMonths: number,
  memo: RunMemo | undefined,
): PredictedValue | null {
  const s = customerSummary(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf }, memo);
  let repeaters = 0;
  for (let i = 0; i < s.x.length; i++) if (s.x[i] > 0) repeaters++;
  if (s.ids.length < 10 || repeaters < 3) {
    diags.push(
      diag(
        'loop.clv_too_little_history',
        'warning',
        t(
          `Predicted value needs repeat purchases from several customers (found ${s.ids.length} customers, ${repeaters} repeat buyers); it is left empty.`,
          `预测价值需要多位客户的重复购买（目前 ${s.ids.length} 位客户、${repeaters} 位复购客户）；留空。`,
        ),
        where(o.dataset),
      ),
    );
    return null;
  }
  // The CLV sheet's fit when it ran in the same run with its defaults (customer-models.ts).
  const sc = modelScores(customerModels(s, 0, memo), { ...CLV_DEFAULTS, horizonMonths }, memo);
  const nC = o.customers.length;
  const clv = new Array<number | null>(nC).fill(null),
    pAlive = new Array<number | null>(nC).fill(null);
  // The summary lists customers in code order, some left out: step forward a little, else look the id up.
  let index: ReadonlyMap<string, number> | null = null;
  for (let i = 0, c = 0; i < s.ids.length; i++) {
    const id = s.ids[i];
    let code = -1;
    for (let step = 0; step < 64 && c + step < nC; step++)
      if (o.customers[c + step] === id) {
        code = c + step;
        break;
      }
    if (code < 0) {
      index ??= customerIndex(o, memo);
      code = index.get(id) ?? -1;
    }
    if (code < 0) continue;
    clv[code] = sc.clv[i];
    pAlive[code] = sc.pAlive[i];
    c = code + 1;
  }
  return { clv, pAlive, horizonMonths };
}
