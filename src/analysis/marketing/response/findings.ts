/**
 * Response curves, phase 3b: findings. The proposed move of weekly budget with its expected gain and
 * range, and the channels past break-even (marginal ROAS below 1). Sentences from `../messages.ts`.
 */
import type { Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { money, num, ratio } from '../../common/index.js';
import { marginalResponse, response } from '../budget-allocation.js';
import { msg, NONE } from '../messages.js';
import type { ChannelFits } from './compute.js';
import type { ResponseOptions } from './options.js';
import { outcomeOf } from './present.js';
import type { WeeklyData } from './weekly.js';

/** One channel's proposed change of weekly spend. */
interface Move {
  c: number;
  d: number;
}

/** Moving budget from the channels cut to the channels raised, when some are cut and some raised. */
export function reallocateFinding(
  w: WeeklyData,
  f: ChannelFits,
  proposed: readonly number[],
  expected: number,
  range: [number, number] | null,
  o: ResponseOptions,
  cur: string,
): Finding | null {
  const { usable, current, fits } = f;
  const moves: Move[] = usable
    .map((c) => ({ c, d: proposed[c] - current[c] }))
    .filter((m) => Math.abs(m.d) > 0.01 * (current[m.c] || 1));
  const up = moves.filter((m) => m.d > 0).sort((a, b) => b.d - a.d);
  const down = moves.filter((m) => m.d < 0).sort((a, b) => a.d - b.d);
  if (up.length === 0 || down.length === 0) return null;
  const H = o.horizonWeeks;
  const fmtOut =
    (x: number) =>
    (l: Lang): string =>
      w.isRevenue ? money(x, cur, l) : num(x, l, 1);
  const list =
    (ms: readonly Move[]) =>
    (l: Lang): string =>
      ms.map((m) => `${w.names[m.c]} ${money(Math.abs(m.d), cur, l)}`).join(l === 'en' ? ', ' : '、');
  const evidence = usable.map((c) =>
    msg('response.marginalEvidence', {
      channel: w.names[c],
      what: w.isRevenue ? msg('response.roasWord') : msg('response.returnWord'),
      marginal: (l) => num(marginalResponse(fits[c]!.curve, current[c]), l, 2),
      r2: (l) => num(fits[c]!.r2, l, 2),
    }),
  );
  return {
    key: 'reallocate',
    text: msg('response.reallocate', {
      from: list(down),
      to: list(up),
      amount: fmtOut(expected * H),
      outcome: outcomeOf(w.isRevenue).label,
      weeks: H,
      range: range ? msg('response.reallocateRange', { low: fmtOut(range[0] * H), high: fmtOut(range[1] * H) }) : NONE,
    }),
    atStake: w.isRevenue ? Math.max(0, expected * H) : null,
    evidence: { en: evidence.map((e) => e.en).join('; '), 'zh-CN': evidence.map((e) => e['zh-CN']).join('；') },
    observational: true,
  };
}

/** With revenue: channels where the next unit of weekly spend returns less than it costs. */
export function saturatedFindings(w: WeeklyData, f: ChannelFits, o: ResponseOptions, cur: string): Finding[] {
  if (!w.isRevenue) return [];
  const out: Finding[] = [];
  for (const c of f.usable) {
    const curve = f.fits[c]!.curve;
    const x = f.current[c];
    const m = marginalResponse(curve, x);
    if (!(m < 1 && x > 0)) continue;
    // Spend above the point where the next unit returns exactly one unit of revenue.
    out.push({
      key: `saturated:${w.names[c]}`,
      text: msg('response.saturated', {
        channel: w.names[c],
        unit: (l) => money(1, cur, l),
        returns: (l) => money(m, cur, l),
        marginal: (l) => num(m, l, 2),
        average: (l) => num(ratio(response(curve, x), x), l, 2),
      }),
      // What the last 10% of weekly spend costs beyond the revenue it brings, over the horizon.
      atStake: Math.max(0, 0.1 * x - (response(curve, x) - response(curve, 0.9 * x))) * o.horizonWeeks,
      observational: true,
    });
  }
  return out;
}
