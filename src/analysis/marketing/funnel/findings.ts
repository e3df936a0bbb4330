/**
 * Funnel, phase 3b: findings. The weakest step overall, and the channel steps furthest below the
 * all-channel rate, ranked by money (or by people lost). Sentences from `../messages.ts`.
 */
import type { I18nText, Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { msg, NONE } from '../messages.js';
import { money, num, pct } from '../../common/index.js';
import type { Shortfall } from './compute.js';
import { STAGE_LABEL, type Stage } from './options.js';
import type { Counts } from './read.js';

/** A rate as a percentage with enough decimals to show small rates (0.04% rather than 0.0%). */
export function pctAuto(x: number, l: Lang): string {
  return pct(x, l, x < 0.001 ? 3 : x < 0.01 ? 2 : 1);
}

/** A stage's name inside a sentence: lower case in English. */
function stageWord(s: Stage): I18nText {
  return { en: STAGE_LABEL[s].en.toLowerCase(), 'zh-CN': STAGE_LABEL[s]['zh-CN'] };
}

/** The step where the largest share of people is lost. */
export function weakestStepFinding(total: Counts, stages: readonly Stage[], weakest: number, rate: number): Finding {
  const lost = total[stages[weakest - 1]] - total[stages[weakest]];
  return {
    key: 'weakest-step',
    text: msg('funnel.weakestStep', {
      from: stageWord(stages[weakest - 1]),
      to: stageWord(stages[weakest]),
      rate: (l) => pctAuto(rate, l),
      lost: (l) => num(lost, l, 0),
    }),
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
