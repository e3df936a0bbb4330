/**
 * Channel performance, phase 3b: findings. Which channels earn their budget (ROAS ≥ 1), which take a
 * larger share of spend than of revenue (or the reverse), which pay far above the average cost per
 * conversion, and how the last period compares with the one before. Sentences from `../messages.ts`.
 */
import type { I18nText, Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { msg, NONE } from '../messages.js';
import { money, num, pct, ratio } from '../../common/index.js';
import { CONV, periodChange, REV, SPEND, type PeriodCompare, type Present, type Sums } from './compute.js';
import { rateWords } from './present.js';

/** What is compared, for "3 of 4 channels …": the channels, or the campaigns without a channel column. */
function unitWord(byChannel: boolean): I18nText {
  return byChannel ? msg('channels.channel') : msg('channels.campaign');
}

/** "Search (4.00), Social (0.50)": names with their ROAS. */
function roasList(xs: readonly [string, Sums][]): (l: Lang) => string {
  return (l) =>
    l === 'en'
      ? xs.map(([k, s]) => `${k} (${num(s[REV] / s[SPEND], l, 2)})`).join(', ')
      : xs.map(([k, s]) => `${k}（${num(s[REV] / s[SPEND], l, 2)}）`).join('、');
}

/** How many funded groups return at least what they cost, and how much the others fall short. */
export function earnTheirBudget(
  order: readonly [string, Sums][],
  total: Sums,
  cur: string,
  byChannel: boolean,
): Finding | null {
  const funded = order.filter(([, s]) => s[SPEND] > 0);
  if (funded.length === 0) return null;
  const earning = funded.filter(([, s]) => s[REV] >= s[SPEND]);
  const losing = funded.filter(([, s]) => s[REV] < s[SPEND]);
  const loss = losing.reduce((a, [, s]) => a + (s[SPEND] - s[REV]), 0);
  const overall = total[REV] / total[SPEND];
  return {
    key: 'earn-their-budget',
    text: msg('channels.earnTheirBudget', {
      earning: earning.length,
      funded: funded.length,
      what: unitWord(byChannel),
      list: earning.length ? msg('channels.earningList', { list: roasList(earning) }) : NONE,
      losing: losing.length
        ? msg('channels.losing', { list: roasList(losing), loss: (l) => money(loss, cur, l) })
        : NONE,
    }),
    atStake: loss > 0 ? loss : null,
    evidence: msg('channels.overallRoas', {
      roas: (l) => num(overall, l, 2),
      spend: (l) => money(total[SPEND], cur, l),
    }),
    observational: true,
    descriptive: true,
  };
}

/** Groups whose share of revenue differs from their share of spend by at least `minGap`. */
export function shareGapFindings(
  order: readonly [string, Sums][],
  total: Sums,
  minGap: number,
  cur: string,
  byChannel: boolean,
): Finding[] {
  const out: Finding[] = [];
  const overall = total[REV] / total[SPEND];
  for (const [key, s] of order) {
    const ss = s[SPEND] / total[SPEND];
    const sr = s[REV] / total[REV];
    const gap = sr - ss;
    if (Math.abs(gap) < minGap) continue;
    const shares = { name: key, spendShare: (l: Lang) => pct(ss, l), revenueShare: (l: Lang) => pct(sr, l) };
    const evidence = msg('channels.roasEvidence', {
      spend: (l) => money(s[SPEND], cur, l),
      revenue: (l) => money(s[REV], cur, l),
      roas: (l) => num(ratio(s[REV], s[SPEND]), l, 2),
      overall: (l) => num(overall, l, 2),
    });
    if (gap < 0) {
      // Spend beyond what its revenue would justify at the overall ROAS.
      const excess = s[SPEND] - s[REV] / overall;
      out.push({
        key: `share-gap-over:${key}`,
        text: msg('channels.shareGapOver', {
          ...shares,
          excess: (l) => money(excess, cur, l),
          what: unitWord(byChannel),
        }),
        atStake: excess,
        evidence,
        observational: true,
        descriptive: true,
      });
    } else {
      out.push({
        key: `share-gap-under:${key}`,
        text: msg('channels.shareGapUnder', shares),
        atStake: s[REV] - s[SPEND] * overall,
        evidence,
        observational: true,
        descriptive: true,
      });
    }
  }
  return out;
}

/** Without revenue: groups paying more than 1.5× the average cost per conversion. */
export function highCpaFindings(order: readonly [string, Sums][], total: Sums, cur: string): Finding[] {
  const out: Finding[] = [];
  const avg = total[SPEND] / total[CONV];
  for (const [key, s] of order) {
    const cpa = ratio(s[SPEND], s[CONV]);
    if (cpa === null || cpa <= avg * 1.5) continue;
    out.push({
      key: `high-cpa:${key}`,
      text: msg('channels.highCpa', {
        name: key,
        cpa: (l) => money(cpa, cur, l),
        times: (l) => num(cpa / avg, l, 1),
        average: (l) => money(avg, cur, l),
      }),
      atStake: s[SPEND] - s[CONV] * avg,
      observational: true,
      descriptive: true,
    });
  }
  return out;
}

/** Findings by channel (or campaign): with revenue, ROAS and share gaps; else the cost per conversion. */
export function channelFindings(
  order: [string, Sums][],
  total: Sums,
  p: Present,
  minGap: number,
  cur: string,
  byChannel: boolean,
): Finding[] {
  if (p.revenue && total[SPEND] > 0) {
    const earn = earnTheirBudget(order, total, cur, byChannel);
    const gaps = total[REV] > 0 ? shareGapFindings(order, total, minGap, cur, byChannel) : [];
    return earn ? [earn, ...gaps] : gaps;
  }
  if (p.conversions && total[CONV] > 0) return highCpaFindings(order, total, cur);
  return [];
}

/**
 * The last period against the one before: spend (and revenue and ROAS when there is revenue). When the two
 * periods hold different amounts of time (a month of five week-starts against one of four), changes compare
 * amounts per week (or per day) and the sentence says so; money at stake is the revenue difference at the
 * last period's length.
 */
export function periodFindings(
  c: Pick<PeriodCompare, 'prev' | 'last' | 'prevLabel' | 'lastLabel' | 'prevUnits' | 'lastUnits' | 'grain'>,
  p: Present,
  cur: string,
): Finding[] {
  const ds = periodChange(c, c.prev[SPEND], c.last[SPEND]);
  const labels = { last: c.lastLabel, previous: c.prevLabel };
  const words = rateWords(c);
  const counts = words ? { ...words, prevUnits: c.prevUnits, lastUnits: c.lastUnits } : null;
  // The previous period scaled to the last one's length (itself when the two are equal).
  const scale = words ? c.lastUnits / c.prevUnits : 1;
  if (!p.revenue) {
    if (ds === null) return [];
    const amounts = {
      ...labels,
      change: (l: Lang) => pct(ds, l),
      from: (l: Lang) => money(c.prev[SPEND], cur, l),
      to: (l: Lang) => money(c.last[SPEND], cur, l),
    };
    const text = counts
      ? msg('channels.spendRateChange', { ...amounts, ...counts })
      : msg('channels.spendChange', amounts);
    return [
      {
        key: 'period-change',
        text,
        atStake: Math.abs(c.last[SPEND] - c.prev[SPEND] * scale),
        observational: true,
        descriptive: true,
      },
    ];
  }
  const dr = periodChange(c, c.prev[REV], c.last[REV]);
  const params = {
    ...labels,
    spend: (l: Lang) => money(c.last[SPEND], cur, l),
    spendChange: ds === null ? msg('channels.noPreviousSpend') : (l: Lang) => pct(ds, l),
    revenue: (l: Lang) => money(c.last[REV], cur, l),
    revenueChange: dr === null ? msg('channels.noPreviousRevenue') : (l: Lang) => pct(dr, l),
    roasFrom: (l: Lang) => num(ratio(c.prev[REV], c.prev[SPEND]), l, 2),
    roasTo: (l: Lang) => num(ratio(c.last[REV], c.last[SPEND]), l, 2),
  };
  const text = counts
    ? msg('channels.periodRateChange', { ...params, ...counts })
    : msg('channels.periodChange', params);
  return [
    {
      key: 'period-change',
      text,
      atStake: Math.abs(c.last[REV] - c.prev[REV] * scale),
      observational: true,
      descriptive: true,
    },
  ];
}
