/**
 * The funnel's split-out compute phase, on counts built by hand (no sheets). Every expected number is
 * worked out in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import {
  channelShortfalls,
  funnelStages,
  stepWorth,
  weakestStep,
} from '../../../src/analysis/marketing/funnel/compute.js';
import { type FunnelCounts, zero } from '../../../src/analysis/marketing/funnel/read.js';

function counts(): FunnelCounts {
  const total = { ...zero(), impressions: 1000, clicks: 100, signups: 50, first_purchase: 10, repurchase: 4 };
  const a = { ...zero(), signups: 40, first_purchase: 4, repurchase: 2 };
  const b = { ...zero(), signups: 10, first_purchase: 6, repurchase: 2 };
  return {
    total,
    byChannel: {
      display: new Map([
        ['a', 'A'],
        ['b', 'B'],
      ]),
      counts: new Map([
        ['a', a],
        ['b', b],
      ]),
    },
    byCampaign: { display: new Map(), counts: new Map() },
    present: new Set(['impressions', 'clicks', 'signups', 'first_purchase', 'repurchase'] as const),
    sources: [],
    orderValue: { total: 1000, orders: 14 },
    campaignRevenue: 500,
    sheetOf: {},
    buyersOutside: null,
  };
}

describe('funnel compute', () => {
  it('platform conversions close the funnel only without customers or orders', () => {
    expect(funnelStages(new Set(['clicks', 'impressions', 'conversions', 'signups']))).toEqual([
      'impressions',
      'clicks',
      'signups',
    ]);
    expect(funnelStages(new Set(['clicks', 'impressions', 'conversions']))).toEqual([
      'impressions',
      'clicks',
      'conversions',
    ]);
  });

  it('weakest step: first purchase (10 ÷ 50 = 20%) beats repurchase (4 ÷ 10 = 40%); clicks and the clicks → sign-ups bridge are skipped', () => {
    const f = counts();
    const stages = funnelStages(f.present);
    expect(stages).toEqual(['impressions', 'clicks', 'signups', 'first_purchase', 'repurchase']);
    expect(weakestStep(f.total, stages)).toBe(3);
  });

  it('money behind one more person at each step', () => {
    const f = counts();
    const stages = funnelStages(f.present);
    expect(stepWorth(f, stages, 1)).toBe(5); // a click: campaign revenue 500 ÷ 100 clicks
    expect(stepWorth(f, stages, 2)).toBeCloseTo(20, 12); // a sign-up: 20% go on to buy × 1,000 ÷ 10 buyers
    expect(stepWorth(f, stages, 3)).toBe(100); // a buyer: 1,000 ÷ 10 buyers
    expect(stepWorth(f, stages, 4)).toBeCloseTo(1000 / 14, 12); // a repurchase: value per order
  });

  it('channel A converts sign-ups at 10% against 20%: 0.1 × 40 = 4 fewer buyers, 4 × 100 = 400 at stake', () => {
    const f = counts();
    const s = channelShortfalls(f, funnelStages(f.present), 30);
    expect(s).toHaveLength(1); // B starts from 10 sign-ups, below the minimum base of 30
    expect(s[0].name).toBe('A');
    expect(s[0].rate).toBeCloseTo(0.1, 12);
    expect(s[0].average).toBeCloseTo(0.2, 12);
    expect(s[0].lost).toBeCloseTo(4, 12);
    expect(s[0].atStake).toBeCloseTo(400, 10);
  });
});
