/**
 * Findings compare like with like (issue 18, item 4), rule 1: a period-over-period change between periods of
 * unequal length compares rates per week (or per day), and the finding says so in both languages.
 */
import { describe, expect, it } from 'vitest';
import { summarizeChannels } from '../../src/analysis/marketing/channel-performance/index.js';
import { periodUnits, rowGrain } from '../../src/analysis/marketing/channel-performance/compute.js';
import type { CellValue } from '../../src/types.js';
import { common, makeDataset, serial } from './helpers.js';

/** A weekly campaigns sheet: one row per Monday, as ad platforms export weekly spend. */
function weekly(rows: [string, number, number][]) {
  const col = (i: number) => rows.map((r) => r[i] as CellValue);
  return makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: rows.map(() => 'Search'), type: 'category' },
    { name: 'Week', role: 'date', values: rows.map((r) => serial(r[0])), type: 'date' },
    { name: 'Spend', role: 'spend', values: col(1), type: 'currency' },
    { name: 'Revenue', role: 'revenue', values: col(2), type: 'currency' },
  ]);
}

// October to December 2025 by week. November 2025 holds four Mondays (3, 10, 17, 24), December five
// (1, 8, 15, 22, 29): a calendar check, not the code under test.
const OCTOBER: [string, number, number][] = ['2025-10-06', '2025-10-13', '2025-10-20', '2025-10-27'].map((d) => [
  d,
  100,
  300,
]);
const NOVEMBER: [string, number, number][] = ['2025-11-03', '2025-11-10', '2025-11-17', '2025-11-24'].map((d) => [
  d,
  110,
  330,
]);
const DECEMBER: [string, number, number][] = ['2025-12-01', '2025-12-08', '2025-12-15', '2025-12-22', '2025-12-29'].map(
  (d) => [d, 128, 384],
);

describe('period changes compare per-week rates when the periods hold different numbers of weeks', () => {
  const r = summarizeChannels(weekly([...OCTOBER, ...NOVEMBER, ...DECEMBER]), common('2025-12-31'), {
    period: 'month',
  });
  const fig = Object.fromEntries(r.figures.map((f) => [f.key, f]));

  it('counts the week-starts of each month', () => {
    expect(rowGrain(DECEMBER.map((d) => serial(d[0])))).toBe('week');
    // December 2025 from 1 December, Monday rows, up to the as-of date 31 December: five Mondays.
    expect(periodUnits(serial('2025-12-01'), 'month', 'week', serial('2025-12-01'), serial('2025-12-31'))).toBe(5);
    expect(periodUnits(serial('2025-11-01'), 'month', 'week', serial('2025-12-01'), serial('2025-12-31'))).toBe(4);
    // A month the as-of date cuts short holds only the Mondays up to it: 1, 8 and 15 December.
    expect(periodUnits(serial('2025-12-01'), 'month', 'week', serial('2025-12-01'), serial('2025-12-16'))).toBe(3);
  });

  it('gives the spend change per week: +16.4%, not the +45.5% of the month totals', () => {
    // Totals: November 4 × 110 = 440, December 5 × 128 = 640, +45.5% (what the key figure said before).
    // Per week: 128 ÷ 110 − 1 = 0.163636…; revenue is 3 × spend every week, so the same change.
    expect(fig.total_spend.change).toBeCloseTo(128 / 110 - 1, 12);
    expect(fig.total_spend.change).not.toBeCloseTo(640 / 440 - 1, 3);
    expect(fig.total_revenue.change).toBeCloseTo(384 / 330 - 1, 12);
    // ROAS is a ratio of two amounts over the same weeks: 3 in both months, no change.
    expect(fig.roas.change).toBeCloseTo(0, 12);
    expect(fig.total_spend.note?.en).toBe(
      'Change per week: 2025-12 holds 5 weeks of data and 2025-11 4, so each total is divided by its weeks before the two are compared.',
    );
  });

  it('says "per week" in the finding, in English and in Chinese', () => {
    const f = r.findings.find((x) => x.key === 'period-change')!;
    expect(f.text.en).toBe(
      'In 2025-12 (5 weeks) spend was $640 and revenue $1,920, against 2025-11 (4 weeks); per week, spend changed by 16.4% and revenue by 16.4%; ROAS went from 3 to 3.',
    );
    expect(f.text['zh-CN']).toBe(
      '2025-12（5 周）花费 $640，收入 $1,920，对比 2025-11（4 周）；按周均计，花费变化 16.4%，收入变化 16.4%；ROAS 从 3 变为 3。',
    );
    // Money at stake: December's revenue against November's at December's length, 1,920 − 1,320 × 5/4 = 270.
    expect(f.atStake).toBeCloseTo(1920 - 1320 * (5 / 4), 9);
  });

  it('puts the per-week change in the comparison table and says why in its note', () => {
    const t = r.tables.find((x) => x.name === 'period_compare')!;
    const total = t.rows[t.rows.length - 1];
    expect(total.spend_prev).toBe(440);
    expect(total.spend_last).toBe(640);
    expect(total.spend_change).toBeCloseTo(128 / 110 - 1, 12);
    expect(t.note?.['zh-CN']).toMatch(/^变化按周均计算：2025-12 有 5 周的数据，2025-11 有 4 周/);
  });

  it('counts only the weeks the data covers in a month it stops in', () => {
    // The sheet ends with the week of 15 December (three Mondays: 1, 8, 15) while the as-of date is
    // 31 December: per week 128 ÷ 110 − 1 again, where the totals (384 against 440) would say −12.7%.
    const cut = summarizeChannels(weekly([...OCTOBER, ...NOVEMBER, ...DECEMBER.slice(0, 3)]), common('2025-12-31'), {
      period: 'month',
    });
    expect(cut.figures.find((x) => x.key === 'total_spend')!.change).toBeCloseTo(128 / 110 - 1, 12);
    expect(cut.findings.find((x) => x.key === 'period-change')!.text.en).toMatch(/^In 2025-12 \(3 weeks\)/);
  });

  it('keeps comparing totals when the periods hold the same number of weeks', () => {
    // October and November 2025 both hold four Mondays: totals 400 and 440, +10%, and the old wording.
    const s = summarizeChannels(weekly([...OCTOBER, ...NOVEMBER]), common('2025-11-30'), { period: 'month' });
    const f = s.findings.find((x) => x.key === 'period-change')!;
    expect(s.figures.find((x) => x.key === 'total_spend')!.change).toBeCloseTo(440 / 400 - 1, 12);
    expect(f.text.en).toBe(
      'In 2025-11 spend was $440 (10.0%) and revenue $1,320 (10.0%) against 2025-10; ROAS went from 3 to 3.',
    );
  });
});
