/**
 * Funnel, phase 3b: findings. The weakest step overall, and the channel steps furthest below the
 * all-channel rate, ranked by money (or by people lost). Sentences from `../messages.ts`.
 */
import type { I18nText, Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { msg, NONE } from '../messages.js';
import { money, num, pct } from '../../common/index.js';
import { bridges, sameCustomers, type Shortfall } from './compute.js';
import { SOURCE, STAGE_LABEL, type Stage } from './options.js';
import type { FunnelCounts } from './read.js';

/** A rate as a percentage with enough decimals to show small rates (0.04% rather than 0.0%). */
export function pctAuto(x: number, l: Lang): string {
  return pct(x, l, x < 0.001 ? 3 : x < 0.01 ? 2 : 1);
}

/** A stage's name inside a sentence: lower case in English. */
function stageWord(s: Stage): I18nText {
  return { en: STAGE_LABEL[s].en.toLowerCase(), 'zh-CN': STAGE_LABEL[s]['zh-CN'] };
}

/**
 * The steps that join two populations, named with their sheets ("clicks → sign-ups (Campaigns / Customers)"),
 * or null when there are none.
 */
export function breakList(
  f: Pick<FunnelCounts, 'sheetOf' | 'buyersOutside'>,
  stages: readonly Stage[],
): I18nText | null {
  const same = sameCustomers(f);
  const items = bridges(stages, same).map((i) => {
    const from = stageWord(stages[i - 1]);
    const to = stageWord(stages[i]);
    if (SOURCE[stages[i]] === SOURCE[stages[i - 1]])
      return msg('funnel.breakBuyers', {
        from,
        to,
        count: f.buyersOutside ?? 0,
        sheet: f.sheetOf[stages[i - 1]] ?? '',
      });
    return msg('funnel.break', {
      from,
      to,
      fromSheet: f.sheetOf[stages[i - 1]] ?? '',
      toSheet: f.sheetOf[stages[i]] ?? '',
    });
  });
  if (items.length === 0) return null;
  return { en: items.map((x) => x.en).join('; '), 'zh-CN': items.map((x) => x['zh-CN']).join('；') };
}

/**
 * The step where the largest share of people is lost, among steps measured on one population; when the
 * funnel joins sheets, the sentence says so and names the steps left out. With no such step but with breaks,
 * a finding that names the breaks.
 */
export function weakestStepFinding(
  f: Pick<FunnelCounts, 'total' | 'sheetOf' | 'buyersOutside'>,
  stages: readonly Stage[],
  weakest: number,
): Finding | null {
  const list = breakList(f, stages);
  if (weakest < 1) {
    if (!list) return null;
    return { key: 'funnel-breaks', text: msg('funnel.breaksOnly', { list }), atStake: null, observational: true };
  }
  const { total } = f;
  const rate = total[stages[weakest]] / total[stages[weakest - 1]];
  const lost = total[stages[weakest - 1]] - total[stages[weakest]];
  const params = {
    from: stageWord(stages[weakest - 1]),
    to: stageWord(stages[weakest]),
    rate: (l: Lang) => pctAuto(rate, l),
    lost: (l: Lang) => num(lost, l, 0),
  };
  return {
    key: 'weakest-step',
    text: list
      ? msg('funnel.weakestStepSamePeople', { ...params, breaks: msg('funnel.breaks', { list }) })
      : msg('funnel.weakestStep', params),
    atStake: null,
    observational: true,
  };
}

/** A channel step below the all-channel rate, with the revenue behind the people lost when known. */
export function shortfallFinding(s: Shortfall, stages: readonly Stage[], cur: string): Finding {
  const atStake = s.atStake;
  return {
    key: `channel-loss:${s.name}:${stages[s.step]}`,
    text: msg('funnel.channelLoss', {
      name: s.name,
      rate: (l) => pctAuto(s.rate, l),
      from: stageWord(stages[s.step - 1]),
      to: stageWord(stages[s.step]),
      average: (l) => pctAuto(s.average, l),
      lost: (l) => num(s.lost, l, 0),
      revenue: atStake !== null ? msg('funnel.lossRevenue', { money: (l) => money(atStake, cur, l) }) : NONE,
    }),
    atStake,
    evidence: msg('funnel.counts', { from: (l) => num(s.from, l, 0), to: (l) => num(s.to, l, 0) }),
    observational: true,
    // A gap against the average channel describes the data; it is not a measured effect.
    descriptive: true,
  };
}
