/**
 * The four like-with-like rules (issue 18, item 4) on the sample workbook (assets/sample/loopbook-sample.xlsx,
 * as of 2025-12-31): each figure the findings state is recomputed here from the sheets' raw cells, or from
 * another analysis, not through the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { channelPerformanceAnalysis } from '../../src/analysis/marketing/channel-performance/index.js';
import { funnelAnalysis } from '../../src/analysis/marketing/funnel/index.js';
import { reportedVsRealAnalysis } from '../../src/analysis/finance/reported-vs-real/index.js';
import { clvAnalysis } from '../../src/analysis/user/clv.js';
import { lifecycleAnalysis } from '../../src/analysis/user/lifecycle.js';
import { rfmAnalysis } from '../../src/analysis/user/rfm.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { pickInputs } from '../../src/run/detect.js';
import { readFile } from '../../src/xlsx/read.js';
import type { CellGrid, CellValue } from '../../src/types.js';

const SAMPLE = 'assets/sample/loopbook-sample.xlsx';
const common = { asOf: 46022, currency: 'CNY', lang: 'en' as const }; // Excel =DATE(2025,12,31)
let grids: CellGrid[];
let inputs: AnalysisInputs;

beforeAll(async () => {
  const file = await readFile(SAMPLE);
  grids = file.grids;
  inputs = pickInputs(file.grids.map((g) => ingestGrid(g)));
}, 60_000);

/** A sheet's data rows as objects keyed by header (row 1). */
function rows(sheet: string): Record<string, CellValue>[] {
  const g = grids.find((x) => x.sheet === sheet)!;
  const [head, ...body] = g.values;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i]])));
}

const fig = (r: AnalysisResult, key: string) => r.figures.find((f) => f.key === key)!;

describe('the like-with-like rules on the sample workbook', () => {
  it('rule 1: December 2025 (five Mondays) against November (four) compares spend per week', () => {
    // From the Campaigns sheet: spend (花费) and distinct week dates (周) per month; Excel serials 45962 =
    // 2025-11-01, 45992 = 2025-12-01, 46023 = 2026-01-01.
    const month = (lo: number, hi: number) => {
      const rs = rows('Campaigns').filter((r) => typeof r['周'] === 'number' && r['周'] >= lo && r['周'] < hi);
      const spend = rs.reduce((s, r) => s + (typeof r['花费'] === 'number' ? r['花费'] : 0), 0);
      return { spend, weeks: new Set(rs.map((r) => r['周'])).size };
    };
    const nov = month(45962, 45992);
    const dec = month(45992, 46023);
    expect([nov.weeks, dec.weeks]).toEqual([4, 5]);
    const r = channelPerformanceAnalysis.run(inputs, common, channelPerformanceAnalysis.defaults);
    const perWeek = dec.spend / dec.weeks / (nov.spend / nov.weeks) - 1; // −17.0%, where the totals say +3.8%
    expect(fig(r, 'total_spend').change).toBeCloseTo(perWeek, 9);
    expect(r.findings.find((f) => f.key === 'period-change')!.text.en).toContain(
      `per week, spend changed by ${(perWeek * 100).toFixed(1)}%`,
    );
  });

  it('rule 2: ROI on real revenue holds paid channels against spend; organic revenue is apart', () => {
    const r = reportedVsRealAnalysis.run(inputs, common, reportedVsRealAnalysis.defaults);
    const rfm = rfmAnalysis.run(inputs, common, {});
    // Paid and organic together are every counted order: the RFM sheet's revenue, another analysis.
    const paid = fig(r, 'real_revenue').value!;
    const organic = fig(r, 'organic_revenue').value!;
    expect(paid + organic).toBeCloseTo(fig(rfm, 'revenue').value!, 2);
    const organicRow = r.tables[0].rows.find((x) => x.channel === 'Organic')!;
    expect(organic).toBe(organicRow.real_revenue);
    const spend = fig(r, 'spend').value!;
    expect(fig(r, 'roi_real').value).toBeCloseTo((paid - spend) / spend, 12);
    // Before: (paid + organic − spend) ÷ spend = 255.5% on the sample.
    expect(fig(r, 'roi_real').value).toBeLessThan((paid + organic - spend) / spend - 1);
  });

  it('rule 3: the funnel names the clicks → sign-ups break and does not chain across it', () => {
    const r = funnelAnalysis.run(inputs, common, funnelAnalysis.defaults);
    const w = r.findings.find((f) => f.key === 'weakest-step')!;
    expect(w.text.en).toContain('clicks → sign-ups (Campaigns / Customers)');
    // End to end from sign-ups (customers sheet) to repurchase, not from 255 million impressions.
    expect(fig(r, 'end_to_end').value).toBeCloseTo(fig(r, 'repurchase').value! / fig(r, 'signups').value!, 12);
  });

  it('rule 4: CLV names the one-time buyers its model cannot judge; Lifecycle states its windows', () => {
    // From the Orders sheet: customers whose completed orders of a positive amount fall on one day.
    const days = new Map<CellValue, Set<number>>();
    for (const r of rows('Orders')) {
      if (r.status !== 'completed' || typeof r.amount !== 'number' || r.amount <= 0) continue;
      if (typeof r.order_date !== 'number') continue;
      const s = days.get(r.customer_id) ?? new Set<number>();
      s.add(Math.floor(r.order_date));
      days.set(r.customer_id, s);
    }
    const oneTime = [...days.values()].filter((s) => s.size === 1).length; // 3,304 of 7,618
    const clv = clvAnalysis.run(inputs, common, {});
    expect(clv.findings.find((f) => f.key === 'clv.high_risk')!.text.en).toContain(
      `cannot judge the ${oneTime.toLocaleString('en-US')} customers with a single purchase`,
    );
    const life = lifecycleAnalysis.run(inputs, common, {});
    expect(life.findings.find((f) => f.key === 'lifecycle.at_risk')!.text.en).toContain(
      'CLV sheet’s “probably stopped buying” is another measure',
    );
  });
});
