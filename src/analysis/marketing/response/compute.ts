/**
 * Response curves, phase 2: fit each channel, reallocate the weekly budget so that marginal returns are
 * equal within the spend bounds, and bootstrap the range of the expected change. Pure functions of the
 * weekly grid.
 */
import type { I18nText } from '../../../types.js';
import { quantileSorted } from '../../../stats/quantile.js';
import { pct } from '../../common/index.js';
import { allocateBudget, response } from '../budget-allocation.js';
import { msg } from '../messages.js';
import { bootstrapCurves, fitChannel, type ChannelFit } from './fit.js';
import type { ResponseOptions } from './options.js';
import type { WeeklyData } from './weekly.js';

/** Each channel's current spend and fit, and why a channel is held at current spend (null: usable). */
export interface ChannelFits {
  /** Weeks averaged for the current spend. */
  recent: number;
  /** Mean weekly spend over the last `recent` weeks, per channel. */
  current: number[];
  fits: (ChannelFit | null)[];
  reasons: (I18nText | null)[];
  /** Channels with a usable curve. */
  usable: number[];
}

/** Fit every channel with enough weeks of spend; a fit explaining too little holds its channel. */
export function fitChannels(w: Pick<WeeklyData, 'names' | 'W' | 'spend' | 'outcome'>, o: ResponseOptions): ChannelFits {
  const { W } = w;
  const recent = Math.min(o.recentWeeks, W);
  const current: number[] = [];
  const fits: (ChannelFit | null)[] = [];
  const reasons: (I18nText | null)[] = [];
  for (let c = 0; c < w.names.length; c++) {
    let s = 0;
    for (let k = W - recent; k < W; k++) s += w.spend[c][k];
    current.push(s / recent);
    let active = 0;
    for (let k = 0; k < W; k++) if (w.spend[c][k] > 0) active++;
    if (W < o.minWeeks || active < o.minWeeks) {
      fits.push(null);
      reasons.push(msg('response.fewWeeks', { active, min: o.minWeeks }));
      continue;
    }
    const f = fitChannel(w.spend[c], w.outcome[c], o);
    fits.push(f);
    if (!f) reasons.push(msg('response.noVariation'));
    else if (f.r2 < o.minR2) reasons.push(msg('response.lowR2', { r2: (l) => pct(f.r2, l, 0) }));
    else reasons.push(null);
  }
  const usable = w.names.map((_, c) => c).filter((c) => fits[c] !== null && reasons[c] === null);
  return { recent, current, fits, reasons, usable };
}

/** The proposed weekly spend: usable channels by equal marginal returns, the others held. */
export interface Reallocation {
  /** The weekly budget allocated. */
  total: number;
  /** Bounds of the usable channels, in `usable` order. */
  lower: number[];
  upper: number[];
  proposed: number[];
  feasible: boolean;
}

/** Allocate the budget left after the held channels over the usable ones, within their bounds. */
export function reallocate(names: readonly string[], f: ChannelFits, o: ResponseOptions): Reallocation {
  const { current, usable, fits } = f;
  const heldSpend = names.reduce((a, _, c) => a + (usable.includes(c) ? 0 : current[c]), 0);
  const currentTotal = current.reduce((a, b) => a + b, 0);
  const total = o.totalBudget ?? currentTotal;
  const budgetForFitted = Math.max(0, total - heldSpend);
  const lower = usable.map((c) => Math.max(0, o.bounds?.[names[c]]?.min ?? current[c] * o.minMultiple));
  const upper = usable.map((c, i) => Math.max(lower[i], o.bounds?.[names[c]]?.max ?? current[c] * o.maxMultiple));
  const alloc = allocateBudget(
    usable.map((c) => fits[c]!.curve),
    budgetForFitted,
    lower,
    upper,
  );
  const proposed = [...current];
  usable.forEach((c, i) => (proposed[c] = alloc.spend[i]));
  return { total, lower, upper, proposed, feasible: alloc.feasible };
}

/**
 * The expected change of the usable channels' total weekly outcome, and the 5%–95% range of that change
 * over bootstrap refits (null with fewer than 10 refits).
 */
export function expectedChange(
  w: Pick<WeeklyData, 'spend' | 'outcome'>,
  f: ChannelFits,
  proposed: readonly number[],
  o: ResponseOptions,
): { expected: number; range: [number, number] | null } {
  const { usable, fits, current } = f;
  const changes: number[] = [];
  if (usable.length > 0 && o.bootstrap > 0) {
    const boots = usable.map((c, i) => bootstrapCurves(w.spend[c], w.outcome[c], fits[c]!, o, o.seed + i));
    const B = Math.min(...boots.map((b) => b.length));
    for (let b = 0; b < B; b++) {
      let d = 0;
      usable.forEach((c, i) => (d += response(boots[i][b], proposed[c]) - response(boots[i][b], current[c])));
      changes.push(d);
    }
    changes.sort((a, b) => a - b);
  }
  const expected = usable.reduce(
    (a, c) => a + response(fits[c]!.curve, proposed[c]) - response(fits[c]!.curve, current[c]),
    0,
  );
  const range: [number, number] | null =
    changes.length >= 10 ? [quantileSorted(changes, 0.05)!, quantileSorted(changes, 0.95)!] : null;
  return { expected, range };
}
