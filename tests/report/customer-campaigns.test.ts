// The fact table's "Responded to campaigns" column: which campaigns a customer responded to (a touch of the
// campaign converted, `respondedCampaigns` in the segment-response analysis), joined in one cell and capped.
// Every expected value is worked out by hand from the touches and customers written below.
import { describe, expect, it } from 'vitest';
import { respondedCampaigns } from '../../src/analysis/loop/segment-response.js';
import type { Touches } from '../../src/analysis/loop/common.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { buildReport } from '../../src/report/build-report.js';
import { campaignsText, MAX_CAMPAIGNS_TEXT } from '../../src/report/customer-facts.js';
import type { TableBlock } from '../../src/report/types.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { context, deepFreeze } from './fixtures.js';
import { CUSTOMERS, results } from '../plan/pivot-fixtures.js';

/** customer, campaign, day, converted */
const TOUCHES: [string | null, string, number, 0 | 1][] = [
  ['C1', 'Spring', 10, 1],
  ['C1', 'Autumn', 5, 1],
  ['C1', 'Spring', 2, 1],
  ['C1', 'Winter', 1, 0],
  ['C2', '(blank)', 1, 1],
  ['C2', 'Summer', 3, 1],
  ['C3', 'Spring', 4, 0],
  [null, 'Spring', 4, 1],
  ['C4', 'B', 4, 1],
  ['C4', 'A', 4, 1],
];

function touches(withCampaign = true): Touches {
  return {
    customer: TOUCHES.map((x) => x[0]),
    channel: TOUCHES.map(() => 'Email'),
    campaign: withCampaign ? TOUCHES.map((x) => x[1]) : null,
    time: Float64Array.from(TOUCHES.map((x) => x[2])),
    converted: Uint8Array.from(TOUCHES.map((x) => x[3])),
    value: new Float64Array(TOUCHES.length),
    n: TOUCHES.length,
  };
}

describe('respondedCampaigns', () => {
  it('lists per customer the campaigns of converted touches, by first converted day, then name', () => {
    // C1: Spring first converts on day 2, Autumn on day 5 (Winter never converts). C2: an empty campaign
    // cell is no campaign. C3 never converts; a touch without a customer counts for nobody. C4: A and B on
    // the same day, by name.
    expect(respondedCampaigns(touches())).toEqual(
      new Map([
        ['C1', ['Spring', 'Autumn']],
        ['C2', ['Summer']],
        ['C4', ['A', 'B']],
      ]),
    );
    expect(respondedCampaigns(touches(false))).toBeNull();
  });
});

describe('campaignsText', () => {
  it('joins the campaigns in the run’s language and is empty without any', () => {
    expect(campaignsText(['Spring', 'Autumn'], 'en')).toBe('Spring, Autumn');
    expect(campaignsText(['春季促销', '双十一'], 'zh-CN')).toBe('春季促销、双十一');
    expect(campaignsText([], 'en')).toBeNull();
    expect(campaignsText(undefined, 'en')).toBeNull();
  });

  it(`cuts a long list to ${MAX_CAMPAIGNS_TEXT} characters ending in …`, () => {
    // "Campaign 01, " is 13 characters: 119 = 9 × 13 + 2, so nine whole campaigns, then "Ca" and "…".
    const many = Array.from({ length: 30 }, (_, i) => `Campaign ${String(i + 1).padStart(2, '0')}`);
    const nine = many.slice(0, 9).join(', ');
    expect(campaignsText(many, 'en')).toBe(`${nine}, Ca…`);
    expect(Array.from(campaignsText(many, 'en')!)).toHaveLength(MAX_CAMPAIGNS_TEXT);
    // Exactly at the limit: nothing cut.
    const exact = ['x'.repeat(MAX_CAMPAIGNS_TEXT)];
    expect(campaignsText(exact, 'en')).toBe(exact[0]);
  });
});

function segmentResponse(responded: Map<string, string[]> | null): AnalysisResult {
  const t = (s: string) => ({ en: s, 'zh-CN': s });
  return {
    kind: 'segment-response',
    title: t('Segment response'),
    sheetName: t('Segment response'),
    question: t('?'),
    figures: [],
    tables: [],
    charts: [],
    findings: [],
    notes: [],
    diagnostics: [],
    handover: { responded },
  };
}

const factsOf = (r: ReturnType<typeof buildReport>) =>
  r.sheets.find((s) => s.key === 'customer-facts')!.blocks.find((b): b is TableBlock => b.type === 'table')!;

describe('the fact table’s responded-to campaigns', () => {
  it('holds each customer’s campaigns, empty for customers who responded to none', () => {
    // CUSTOMERS: C1 … C5 and =C6; C1 and =C6 responded (the campaign name of =C6 looks like a formula).
    const responded = new Map([
      ['C1', ['Spring', 'Autumn']],
      ['=C6', ['=HYPERLINK("x")']],
      ['C99', ['Spring']],
    ]);
    const report = buildReport(deepFreeze([...results(), segmentResponse(responded)]), context('en'));
    const facts = factsOf(report);
    const j = facts.columns.findIndex((c) => c.key === 'campaigns');
    expect(facts.columns[j].header).toBe('Responded to campaigns');
    expect(facts.rows.map((r) => [r[0], r[j]])).toEqual(
      CUSTOMERS.map((c) => [c[0], c[0] === 'C1' ? 'Spring, Autumn' : c[0] === '=C6' ? '=HYPERLINK("x")' : null]),
    );
    // In the Plan the formula-like name is literal text.
    const plan = buildPlan(report, { existingSheetNames: [], ownedSheets: [] });
    const cells = plan.ops.flatMap((o) => (o.op === 'writeValues' && o.sheet === 'Customer facts' ? o.values : []));
    expect(cells.some((row) => row.some((v) => typeof v === 'object' && v?.text === '=HYPERLINK("x")'))).toBe(true);
    expect(cells.flat()).not.toContain('=HYPERLINK("x")');
  });

  it('is left out without campaign data', () => {
    for (const extra of [[], [segmentResponse(null)], [segmentResponse(new Map())]]) {
      const facts = factsOf(buildReport(deepFreeze([...results(), ...extra]), context('en')));
      expect(facts.columns.map((c) => c.key)).not.toContain('campaigns');
    }
  });
});
