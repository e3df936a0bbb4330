/**
 * Channel performance's split-out phases on plain columns: grouped sums, periods, and the findings'
 * wording (the sentences of the pre-refactor channel-performance.ts, commit 8f42618).
 */
import { describe, expect, it } from 'vitest';
import {
  campaignChannels,
  comparePeriods,
  groupSums,
  periodSeries,
  totalOf,
} from '../../../src/analysis/marketing/channel-performance/compute.js';
import { earnTheirBudget, periodFindings } from '../../../src/analysis/marketing/channel-performance/findings.js';

const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);

describe('channel performance compute', () => {
  it('sums by key skip excluded rows and missing values (by hand)', () => {
    const spend = Float64Array.of(10, 20, NaN, 40);
    const include = Uint8Array.of(1, 1, 1, 0);
    const m = groupSums(['a', 'b', 'a', 'a'], [spend, null, null, null, null], include);
    expect(m.get('a')![0]).toBe(10);
    expect(m.get('b')![0]).toBe(20);
    expect(totalOf(m.values())[0]).toBe(30);
  });

  it("a campaign's channels, most spend first", () => {
    const m = campaignChannels(['c1', 'c1', 'c1'], ['Social', 'Search', 'Search'], Float64Array.of(30, 20, 20), all(3));
    expect(m.get('c1')).toBe('Search, Social');
  });

  it('weekly periods from Monday 2024-01-01 (serial 45292) to 2024-01-15, the empty week kept; the last two compared', () => {
    const dates = Float64Array.of(45292, 45306, 45307);
    const spend = Float64Array.of(100, 50, 25);
    const s = periodSeries(dates, [spend, null, null, null, null], all(3), 'auto')!;
    expect(s.unit).toBe('week'); // 15 days < 91
    expect(s.starts).toEqual([45292, 45299, 45306]);
    const c = comparePeriods(s, ['x', 'x', 'y'], [spend, null, null, null, null])!;
    expect(c.prev[0]).toBe(0); // the empty week of 2024-01-08
    expect(c.last[0]).toBe(75);
    expect(c.lastBy.get('y')![0]).toBe(25);
    expect([c.prevLabel, c.lastLabel]).toEqual(['2024-01-08', '2024-01-15']);
  });
});

describe('channel performance findings (wording before the split)', () => {
  const present = { spend: true, impressions: false, clicks: false, conversions: false, revenue: true };

  // Money in sentences uses the narrow symbol in both languages (common/text.ts money()).
  it('earn their budget: 1 of 2 channels, the other $50 short', () => {
    const order: [string, Float64Array][] = [
      ['Search', Float64Array.of(100, 0, 0, 0, 400)],
      ['Social', Float64Array.of(100, 0, 0, 0, 50)],
    ];
    const f = earnTheirBudget(order, Float64Array.of(200, 0, 0, 0, 450), 'USD', true)!;
    expect(f.text.en).toBe(
      '1 of 2 channels return at least what they cost (ROAS ≥ 1): Search (4). Social (0.5) return less than they cost, $50 short in total.',
    );
    expect(f.text['zh-CN']).toBe(
      '2 个渠道中有 1 个收回了成本（ROAS ≥ 1）：Search（4）。Social（0.5）收入低于花费，合计亏欠 $50。',
    );
    expect(f.atStake).toBe(50);
  });

  it('period change with no previous revenue says so', () => {
    const [f] = periodFindings(
      {
        prev: Float64Array.of(100, 0, 0, 0, 0),
        last: Float64Array.of(150, 0, 0, 0, 300),
        prevLabel: '2024-01',
        lastLabel: '2024-02',
        prevUnits: 1,
        lastUnits: 1,
        grain: 'month',
      },
      present,
      'USD',
    );
    expect(f.text.en).toBe(
      'In 2024-02 spend was $150 (50.0%) and revenue $300 (no previous revenue) against 2024-01; ROAS went from 0 to 2.',
    );
  });
});
