// The Customer facts sheet (report) and the Explore sheet's pivots and slicers (plan), from hand-made
// per-customer results (pivot-fixtures.ts): every expected figure is counted from its CUSTOMERS lines.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parseRange } from '../../src/plan/a1.js';
import type { AddPivotTableOp, AddSlicerOp, AddTableOp, Plan, WriteValuesOp } from '../../src/plan/types.js';
import type { TableBlock } from '../../src/report/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { CUSTOMERS, results } from './pivot-fixtures.js';

const factsOf = (p: ReturnType<typeof buildReport>) =>
  p.sheets.find((s) => s.key === 'customer-facts')!.blocks.find((b): b is TableBlock => b.type === 'table')!;

function plan(lang: 'en' | 'zh-CN' = 'en', existingNames: string[] = []): Plan {
  return buildPlan(buildReport(deepFreeze(results()), context(lang)), {
    existingSheetNames: [],
    ownedSheets: [],
    existingNames,
  });
}

describe('Customer facts (report)', () => {
  it('holds one row per customer with the columns of the analyses that ran, values as they computed them', () => {
    const facts = factsOf(buildReport(deepFreeze(results()), context('en')));
    expect(facts.columns.map((c) => c.header)).toEqual([
      'Customer',
      'Acquisition channel',
      'First purchase month',
      'RFM segment',
      'Business segment',
      'Lifecycle stage',
      'Orders',
      'Revenue',
    ]);
    expect(facts.rows).toEqual(
      CUSTOMERS.map((c) => [c[0], c[6], c[5], c[1], c[3] >= 400 ? 'High' : 'Low', c[4], c[2], c[3]]),
    );
  });

  it('leaves out the columns and the pivot of an analysis that did not run, and says when a source was capped', () => {
    const report = buildReport(deepFreeze(results({ lifecycle: false, capped: true })), context('en'));
    const facts = factsOf(report);
    expect(facts.columns.map((c) => c.key)).not.toContain('lifecycle_stage');
    const explore = report.sheets.find((s) => s.key === 'explore')!;
    // Without lifecycle stages only the segments pivot remains, and it has no lifecycle slicer.
    const pivots = explore.blocks.filter((b) => b.type === 'pivot');
    expect(pivots.map((b) => b.key)).toEqual(['explore.segments']);
    expect(pivots[0].type === 'pivot' && pivots[0].slicers).toEqual(['cohort']);
    const notes = report.sheets.find((s) => s.key === 'customer-facts')!.blocks.find((b) => b.type === 'notes');
    expect(notes?.type === 'notes' && notes.items[0].text).toBe(
      'rfm: Shown: the first 6 of 9 customers. This table holds the customers it lists, so its totals are those of these customers.',
    );
  });

  it('without pivots (the add-in, which cannot write them yet): the fact sheet alone, saying how to pivot it', () => {
    const report = buildReport(deepFreeze(results()), { ...context('en'), pivots: false });
    expect(report.sheets.map((s) => s.key)).not.toContain('explore');
    expect(factsOf(report).rows).toHaveLength(CUSTOMERS.length);
    const title = report.sheets.find((s) => s.key === 'customer-facts')!.blocks[0];
    expect(title.type === 'title' && title.subtitle?.at(-1)).toMatch(/Insert › PivotTable/);
    const ops = buildPlan(report, { existingSheetNames: [], ownedSheets: [], existingNames: [] }).ops;
    expect(ops.filter((o) => o.op === 'addPivotTable' || o.op === 'addSlicer')).toEqual([]);
  });

  it('names its sheets in the run’s language', () => {
    const names = buildReport(deepFreeze(results()), context('zh-CN')).sheets.map((s) => s.name);
    expect(names.slice(-2)).toEqual(['客户明细', '探索']);
  });
});

describe('pivots and slicers (plan)', () => {
  it('builds each pivot over the fact table by its Excel table name, its fields named by the header row', () => {
    const p = plan();
    const table = p.ops.find((o): o is AddTableOp => o.op === 'addTable' && o.sheet === 'Customer facts')!;
    const header = p.ops.find(
      (o): o is WriteValuesOp =>
        o.op === 'writeValues' && o.sheet === 'Customer facts' && o.address.startsWith(table.address.split(':')[0]),
    )!.values[0];
    const pivots = p.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
    expect(pivots.map((o) => o.name)).toEqual(['LB_explore_segments', 'LB_explore_stages']);
    for (const pv of pivots) {
      expect(pv.source).toEqual({ sheet: 'Customer facts', table: table.name, address: table.address });
      for (const f of [...pv.rows, ...pv.columns, ...pv.values.map((v) => v.field)]) expect(header).toContain(f);
      // A value field's name must differ from every field's (Excel refuses a pivot otherwise).
      for (const v of pv.values) expect(header).not.toContain(v.name);
    }
    expect(pivots[0].rows).toEqual(['RFM segment', 'Acquisition channel']);
    expect(pivots[0].values.map((v) => [v.field, v.summary])).toEqual([
      ['Customer', 'count'],
      ['Revenue', 'sum'],
    ]);
    expect(pivots[1].rows).toEqual(['First purchase month']);
    expect(pivots[1].columns).toEqual(['Lifecycle stage']);
  });

  it('sizes each pivot from the data and puts the next one below it and its slicers', () => {
    const p = plan();
    const [seg, stages] = p.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
    const a = parseRange(seg.location);
    // Segments × channel, from CUSTOMERS: 5 (segment, channel) pairs … Champions: Search, Social; At Risk:
    // Search; Lost: Email, (blank); New Customers: Social → 6 pairs, 4 subtotals, 2 header rows, 1 total.
    expect(a.row2 - a.row1 + 1).toBe(2 + 6 + 4 + 1);
    // 2 row fields + 2 values.
    expect(a.col2 - a.col1 + 1).toBe(4);
    const b = parseRange(stages.location);
    // 3 cohorts + 2 header rows + total; 1 row field + 4 stages + total.
    expect(b.row2 - b.row1 + 1).toBe(6);
    expect(b.col2 - b.col1 + 1).toBe(6);
    const slicers = p.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');
    const lowest = Math.max(
      a.row2,
      ...slicers.filter((s) => s.pivot.name === seg.name).map((s) => parseRange(s.anchor.from).row1 + 11),
    );
    expect(b.row1).toBeGreaterThan(lowest);
  });

  it('gives each field one slicer, each with a cache name no other name of the workbook has', () => {
    const p = plan('en', ['Slicer_RFM_segment']);
    const slicers = p.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');
    expect(slicers.map((s) => [s.field, s.pivot.name, s.cache])).toEqual([
      ['First purchase month', 'LB_explore_segments', 'Slicer_First_purchase_month'],
      ['Lifecycle stage', 'LB_explore_segments', 'Slicer_Lifecycle_stage'],
      ['Acquisition channel', 'LB_explore_stages', 'Slicer_Acquisition_channel'],
      ['RFM segment', 'LB_explore_stages', 'Slicer_RFM_segment2'],
    ]);
    // Slicers sit right of their pivot, never on it.
    for (const s of slicers) {
      const pv = p.ops.find((o): o is AddPivotTableOp => o.op === 'addPivotTable' && o.name === s.pivot.name)!;
      expect(parseRange(s.anchor.from).col1).toBeGreaterThan(parseRange(pv.location).col2);
    }
  });

  it('orders the ops: tables, then charts, pivots, slicers, then the store', () => {
    const p = buildPlan(buildReport(deepFreeze(results()), context('en')), {
      existingSheetNames: [],
      ownedSheets: [],
      store: {
        recipe: null,
        log: emptyRunLog(),
        run: { at: '2025-01-01T00:00:00.000Z', host: 'cli', loopbook: '0.1.0', inputs: [] },
      },
    });
    const kinds = p.ops.map((o) => o.op);
    const last = (k: string) => kinds.lastIndexOf(k as never);
    const first = (k: string) => kinds.indexOf(k as never);
    expect(last('addTable')).toBeLessThan(first('addPivotTable'));
    expect(last('addPivotTable')).toBeLessThan(first('addSlicer'));
    expect(last('addSlicer')).toBeLessThan(first('saveRecipe'));
  });
});
