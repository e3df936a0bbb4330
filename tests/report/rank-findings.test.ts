// The order findings are shown in, shared by the Dashboard and the task pane.
import { describe, expect, it } from 'vitest';
import { compareFindings } from '../../src/report/rank-findings.js';

const f = (key: string, atStake: number | null, descriptive?: boolean) => ({ key, atStake, descriptive });

describe('compareFindings', () => {
  it('puts effects and decisions before descriptions, then the largest amount first, amounts before none', () => {
    const list = [
      f('share of revenue', 6_000_000, true),
      f('no amount', null),
      f('coupon lift', 43_000),
      f('paid social', 1_264_545),
      f('NaN amount', Number.NaN),
      f('past revenue', 900_000, true),
    ];
    expect([...list].sort(compareFindings).map((x) => x.key)).toEqual([
      'paid social',
      'coupon lift',
      'no amount',
      'NaN amount',
      'share of revenue',
      'past revenue',
    ]);
  });
});
