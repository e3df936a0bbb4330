/**
 * Budget against actual (src/analysis/finance/budget-vs-actual) reads a budget kept by finance in wide form
 * (title row, 渠道 | 1月 … 12月 | 合计, a 合计 row), once ingest has unpivoted it, exactly as it reads the same budget
 * written one row per channel and month: same tables, figures and findings. The comparison is wide against long, so
 * it holds whatever the pacing rules are; the budget column is also checked against the generator's own sums.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { budgetVsActual } from '../../src/analysis/finance/budget-vs-actual/index.js';
import type { CellValue } from '../../src/types.js';
import { serial } from '../analysis/helpers.js';

const CHANNELS = ['百度', '巨量引擎', '腾讯广告', 'Google Ads'];
/** Budget of channel k in month m (1-based), in yuan with cents. */
const budgetOf = (k: number, m: number): number => Math.round((20_000 + 1_500 * k + 333.33 * m) * 100) / 100;

function pad(rows: CellValue[][]): CellValue[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill(null)]);
}

function wideBudget(): CellValue[][] {
  const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  const rows: CellValue[][] = [['2024年营销预算（元）'], [], ['渠道', ...months, '合计']];
  CHANNELS.forEach((ch, k) => {
    const vals = months.map((_, i) => budgetOf(k, i + 1));
    rows.push([ch, ...vals, Math.round(vals.reduce((a, b) => a + b, 0) * 100) / 100]);
  });
  rows.push(['合计', ...months.map((_, i) => CHANNELS.reduce((a, _c, k) => a + budgetOf(k, i + 1), 0))]);
  return pad(rows);
}

function longBudget(): CellValue[][] {
  const rows: CellValue[][] = [['渠道', '月份', '预算']];
  CHANNELS.forEach((ch, k) => {
    for (let m = 1; m <= 12; m++) rows.push([ch, `2024-${String(m).padStart(2, '0')}`, budgetOf(k, m)]);
  });
  return rows;
}

/** Daily platform spend, January to mid-March 2024, per channel: 600 + 37 × k + day of month. */
function spend(): CellValue[][] {
  const rows: CellValue[][] = [['渠道', '日期', '花费']];
  for (let d = 0; d < 75; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    CHANNELS.forEach((ch, k) => rows.push([ch, date, 600 + 37 * k + Number(date.slice(8))]));
  }
  return rows;
}

describe('budget against actual on an unpivoted wide budget', () => {
  const common = { asOf: serial('2024-03-10'), currency: 'CNY', lang: 'zh-CN' as const };
  const campaigns = ingestGrid({ sheet: '投放', address: 'A1', values: spend() });
  const wide = ingestGrid({ sheet: '预算', address: 'A1', values: wideBudget() });
  const long = ingestGrid({ sheet: '预算', address: 'A1', values: longBudget() });

  it('reads the wide budget as the long one: kind, roles and the generator’s figures', () => {
    expect(wide.kind).toBe('budget');
    expect(long.kind).toBe('budget');
    const roles = (ds: typeof wide) => ds.columns.map((c) => [c.header, c.role]);
    expect(roles(wide)).toEqual(roles(long));
    expect(wide.table.objects()).toEqual(long.table.objects());
  });

  it('gives the same tables, figures and findings as the long budget', () => {
    const a = budgetVsActual(wide, campaigns, undefined, common);
    const b = budgetVsActual(long, campaigns, undefined, common);
    expect(a.tables).toEqual(b.tables);
    expect(a.figures).toEqual(b.figures);
    expect(a.findings).toEqual(b.findings);
    expect(a.diagnostics).toEqual(b.diagnostics);
    // Not two empty results: every channel-month of the budget is there, with the generator's budget.
    const rows = a.tables.find((t) => t.name === 'budget')!.rows;
    const march = rows.find((r) => r.channel === '腾讯广告' && r.month === '2024-03')!;
    expect(march.budget).toBe(budgetOf(2, 3));
    // Platform spend of 腾讯广告 (k = 2) over 1–10 March: 10 × (600 + 74) + (1 + … + 10) = 6,740 + 55 = 6,795.
    expect(march.platform).toBe(6795);
    const total = rows.reduce((s, r) => s + (typeof r.budget === 'number' ? r.budget : 0), 0);
    let expected = 0;
    for (let k = 0; k < CHANNELS.length; k++) for (let m = 1; m <= 12; m++) expected += budgetOf(k, m);
    expect(Math.round(total * 100)).toBe(Math.round(expected * 100));
  });
});
