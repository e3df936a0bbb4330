/**
 * Funnel, phase 2: which steps to show, the weakest step, and each channel's shortfall against the
 * all-channel rate of the same step, with the money behind it. Pure functions of the counts.
 *
 * A step joining two sheets (e.g. clicks → sign-ups) compares different populations, so it is shown but
 * neither called the weakest step nor used to compare channels.
 */
import { ratio } from '../../common/index.js';
import { SOURCE, STAGES, type Stage } from './options.js';
import type { Counts, FunnelCounts } from './read.js';

/**
 * The stages to show, in funnel order. Platform conversions close the funnel only when there are no
 * customers or orders.
 *
 * @example funnelStages(new Set(['clicks', 'impressions', 'conversions', 'signups'])) // → ['impressions', 'clicks', 'signups']
 */
export function funnelStages(present: ReadonlySet<Stage>): Stage[] {
  const shown = new Set(present);
  if (shown.has('signups') || shown.has('first_purchase')) shown.delete('conversions');
  return STAGES.filter((s) => shown.has(s));
}

/** Conversion from step i − 1 to step i of `c`; null when step i − 1 has no one. */
export function stepRate(c: Counts, stages: readonly Stage[], i: number): number | null {
  return ratio(c[stages[i]], c[stages[i - 1]]);
}

/**
 * True when step i joins two populations: two different sources (campaign counts, touch events, customers),
 * or sign-ups and purchases when some buyers are not on the customers sheet (`sameCustomers` false). Its
 * "rate" divides counts of different people over different dates, so it is neither a conversion nor chained.
 */
export function isBridge(stages: readonly Stage[], i: number, sameCustomers = true): boolean {
  if (SOURCE[stages[i]] !== SOURCE[stages[i - 1]]) return true;
  return !sameCustomers && stages[i - 1] === 'signups' && stages[i] === 'first_purchase';
}

/** Whether sign-ups and purchases count the same customers (every buyer is on the customers sheet). */
export function sameCustomers(f: Pick<FunnelCounts, 'buyersOutside'>): boolean {
  return f.buyersOutside === null || f.buyersOutside === 0;
}

/** The steps (indices ≥ 1) that join two populations. */
export function bridges(stages: readonly Stage[], same = true): number[] {
  const out: number[] = [];
  for (let i = 1; i < stages.length; i++) if (isBridge(stages, i, same)) out.push(i);
  return out;
}

/** Index of the first stage measured on the same population as stage i (after the last bridge up to i). */
export function populationStart(stages: readonly Stage[], i: number, same = true): number {
  let k = i;
  while (k > 0 && !isBridge(stages, k, same)) k--;
  return k;
}

/**
 * The step (index ≥ 1) with the lowest overall conversion among steps measured on one population, leaving
 * out clicks (impressions are ad views, not people) and bridges; −1 if none.
 */
export function weakestStep(total: Counts, stages: readonly Stage[], same = true): number {
  let weakest = -1;
  for (let i = 1; i < stages.length; i++) {
    if (stages[i] === 'clicks' || isBridge(stages, i, same)) continue;
    const r = stepRate(total, stages, i);
    if (r !== null && (weakest < 0 || r < stepRate(total, stages, weakest)!)) weakest = i;
  }
  return weakest;
}

/**
 * Money behind one more person (or click) reaching step i: campaign revenue per click or conversion;
 * value per order for a repurchase; for a customer step up to the first purchase, the value per buyer
 * times the share who go on to buy. Null when the data gives no value.
 */
export function stepWorth(f: FunnelCounts, stages: readonly Stage[], i: number): number | null {
  const { total, orderValue, campaignRevenue } = f;
  const st = stages[i];
  if (st === 'clicks' || st === 'conversions')
    return campaignRevenue !== null ? ratio(campaignRevenue, total[st]) : null;
  if (st === 'repurchase') return orderValue !== null ? orderValue.total / orderValue.orders : null;
  const fp = stages.indexOf('first_purchase');
  const perBuyer = orderValue !== null && total.first_purchase > 0 ? orderValue.total / total.first_purchase : null;
  if (
    fp >= 0 &&
    perBuyer !== null &&
    i <= fp &&
    SOURCE[st] === 'customer' &&
    populationStart(stages, fp, sameCustomers(f)) <= i
  ) {
    let onward = 1;
    for (let j = i + 1; j <= fp; j++) onward *= stepRate(total, stages, j) ?? 0;
    return onward * perBuyer;
  }
  return null;
}

/** One channel step at least 10% below the all-channel rate. */
export interface Shortfall {
  /** Channel name as first seen. */
  name: string;
  /** Step index (≥ 1) into the stages. */
  step: number;
  rate: number;
  average: number;
  /** People (or clicks) fewer than at the average rate. */
  lost: number;
  /** Revenue behind `lost`, when the data gives a value. */
  atStake: number | null;
  /** Counts before and after the step. */
  from: number;
  to: number;
}

/** Every channel step starting from at least `minBase` that converts at most 90% of the average rate. */
export function channelShortfalls(f: FunnelCounts, stages: readonly Stage[], minBase: number): Shortfall[] {
  const out: Shortfall[] = [];
  const same = sameCustomers(f);
  for (const [k, c] of f.byChannel.counts) {
    const name = f.byChannel.display.get(k)!;
    for (let i = 1; i < stages.length; i++) {
      if (isBridge(stages, i, same)) continue;
      const base = c[stages[i - 1]];
      const avg = stepRate(f.total, stages, i);
      const rate = stepRate(c, stages, i);
      if (base < minBase || avg === null || rate === null || rate > 0.9 * avg) continue;
      const lost = (avg - rate) * base;
      const w = stepWorth(f, stages, i);
      out.push({
        name,
        step: i,
        rate,
        average: avg,
        lost,
        atStake: w === null ? null : lost * w,
        from: base,
        to: c[stages[i]],
      });
    }
  }
  return out;
}
