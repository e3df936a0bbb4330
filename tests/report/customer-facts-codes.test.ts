// The Customer facts sheet places the rows of per-customer tables that code their customers (FullTable.customers:
// a code into the run's one customer list) by code, without reading their ids; tables without codes, with codes into
// another list, or with an uncoded row are read by id as before. Tables written by hand over the customer list
// ALL = W, A, B, C, D, X (codes 0–5): RFM lists A, B, C, D (codes 1–4, by revenue as given); the lifecycle table
// D, C, B, A; CLV B, X, A (X is no RFM customer; C and D are missing). Expected cells from these tables by hand.
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { buildReport } from '../../src/report/build-report.js';
import type { TableBlock } from '../../src/report/types.js';
import type { CellValue } from '../../src/types.js';
import { context, customersResult as result } from './fixtures.js';

const ALL = ['W', 'A', 'B', 'C', 'D', 'X'];

const rfmFields = {
  customer_id: ['A', 'B', 'C', 'D'],
  segment: ['Champions', 'Loyal', 'At Risk', 'Lost'],
  business_segment: ['High', 'High', 'Low', 'Low'],
  frequency: [5, 4, 2, 1],
  monetary: [500, 400, 200, 100],
};
const lifeFields = {
  customer_id: ['D', 'C', 'B', 'A'],
  stage: ['lost', 'at_risk', 'active', 'new'],
  revenue: [100, 200, 400, 500],
};
const clvFields = { customer_id: ['B', 'X', 'A'], clv: [40, 99, 50], risk: ['Low', 'High', 'Medium'] };

/** The fact rows (customer, segment, stage, orders, CLV, risk) of a report of `results`. */
function factRows(results: AnalysisResult[]): CellValue[][] {
  const block = buildReport(results, context('en'))
    .sheets.find((s) => s.key === 'customer-facts')!
    .blocks.find((b): b is TableBlock => b.type === 'table')!;
  const keys = block.columns.map((c) => c.key);
  return block.rows.map((r) => {
    const o = Object.fromEntries(keys.map((k, j) => [k, r[j]]));
    return [o.customer, o.segment, o.lifecycle_stage, o.orders, o.clv, o.churn_risk];
  });
}

// By hand from the tables above: RFM's order; C and D have no CLV; X is not listed.
const EXPECTED = [
  ['A', 'Champions', 'new', 5, 50, 'Medium'],
  ['B', 'Loyal', 'active', 4, 40, 'Low'],
  ['C', 'At Risk', 'at_risk', 2, null, null],
  ['D', 'Lost', 'lost', 1, null, null],
];

describe('Customer facts: tables placed by customer code', () => {
  it('places coded tables by code, reading none of their ids', () => {
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, 2, 3, 4] });
    const life = result('lifecycle', lifeFields, { list: ALL, code: [4, 3, 2, 1] });
    const clv = result('clv', clvFields, { list: ALL, code: [2, 5, 1] });
    expect(factRows([rfm.r, life.r, clv.r])).toEqual(EXPECTED);
    // The source of the rows reads its ids (the sheet's first column); the others none.
    expect(rfm.idReads()).toBe(4);
    expect(life.idReads()).toBe(0);
    expect(clv.idReads()).toBe(0);
  });

  it('places by code, not by id, when both are given (a code decides the row)', () => {
    // Codes that disagree with the ids on purpose: the lifecycle's first row (id D) is coded as A (code 1), and its
    // last (id A) as D. Placed by code, A gets 'lost' and D 'new'; by id it would be the other way round.
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, 2, 3, 4] });
    const life = result('lifecycle', lifeFields, { list: ALL, code: [1, 3, 2, 4] });
    expect(factRows([rfm.r, life.r]).map((r) => [r[0], r[2]])).toEqual([
      ['A', 'lost'],
      ['B', 'active'],
      ['C', 'at_risk'],
      ['D', 'new'],
    ]);
  });

  it('reads by id a table coded into another list, an uncoded table, and an uncoded row', () => {
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, 2, 3, 4] });
    // The same names in another array: not the run's list, so its codes say nothing here.
    const other = [...ALL].reverse();
    const life = result('lifecycle', lifeFields, { list: other, code: [1, 2, 3, 4] });
    const clv = result('clv', clvFields);
    expect(factRows([rfm.r, life.r, clv.r])).toEqual(EXPECTED);
    expect(life.idReads()).toBeGreaterThan(0);
    expect(clv.idReads()).toBeGreaterThan(0);
    // CLV's row of B uncoded (-1): B is found by id, the others by code.
    const clv2 = result('clv', clvFields, { list: ALL, code: [-1, 5, 1] });
    expect(factRows([rfm.r, clv2.r]).map((r) => [r[0], r[4], r[5]])).toEqual([
      ['A', 50, 'Medium'],
      ['B', 40, 'Low'],
      ['C', null, null],
      ['D', null, null],
    ]);
    expect(clv2.idReads()).toBe(1);
  });

  it('reads every table by id when the source of the rows has an uncoded row', () => {
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, -1, 3, 4] });
    const life = result('lifecycle', lifeFields, { list: ALL, code: [4, 3, 2, 1] });
    const clv = result('clv', clvFields, { list: ALL, code: [2, 5, 1] });
    expect(factRows([rfm.r, life.r, clv.r])).toEqual(EXPECTED);
    expect(life.idReads()).toBeGreaterThan(0);
  });

  // The cohorts' members (customers with a purchase, in the list's code order; C has none), cohort and channel each:
  // W 2024-01 ads, A 2024-02 seo, B 2024-03 (no channel), D 2024-04 ads, X 2024-05 mail.
  const members = {
    period: 'month' as const,
    ids: ['W', 'A', 'B', 'D', 'X'],
    cohort: ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05'],
    channel: ['ads', 'seo', '', 'ads', 'mail'],
  };
  const cohorts = (m: typeof members) => ({ ...result('cohorts', { customer_id: ['W'] }).r, handover: m });
  /** Customer, acquisition channel and cohort of each fact row. */
  const cohortCells = (results: AnalysisResult[]) => {
    const block = buildReport(results, context('en'))
      .sheets.find((s) => s.key === 'customer-facts')!
      .blocks.find((b): b is TableBlock => b.type === 'table')!;
    const at = (key: string) => block.columns.findIndex((c) => c.key === key);
    return block.rows.map((r) => [r[at('customer')], r[at('acquisition_channel')], r[at('cohort')]]);
  };
  // By hand from the members above: RFM's rows A, B, C, D; C is no member.
  const COHORT_CELLS = [
    ['A', 'seo', '2024-02'],
    ['B', '', '2024-03'],
    ['C', null, null],
    ['D', 'ads', '2024-04'],
  ];

  it("gives each fact row its cohort and channel, members in the list's order placed by code", () => {
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, 2, 3, 4] });
    expect(cohortCells([rfm.r, cohorts(members)])).toEqual(COHORT_CELLS);
  });

  it('gives the same cells by id: members in another order, or fact rows without codes', () => {
    const rfm = result('rfm', rfmFields, { list: ALL, code: [1, 2, 3, 4] });
    const reversed = {
      ...members,
      ids: [...members.ids].reverse(),
      cohort: [...members.cohort].reverse(),
      channel: [...members.channel].reverse(),
    };
    expect(cohortCells([rfm.r, cohorts(reversed)])).toEqual(COHORT_CELLS);
    expect(cohortCells([result('rfm', rfmFields).r, cohorts(members)])).toEqual(COHORT_CELLS);
  });
});
