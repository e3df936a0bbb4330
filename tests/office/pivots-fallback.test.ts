// The add-in does not write PivotTables and slicers yet (issue 15): on a Plan that has them it writes
// everything else, the Customer facts table included, skips the pivot and slicer ops, and says so.
import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import { applyPlan } from '../../addin/office/applier.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { CUSTOMERS, results } from '../plan/pivot-fixtures.js';

describe('applier on a Plan with pivots', () => {
  it('writes the fact table and the Explore sheet, skips the pivots and slicers with an info diagnostic', async () => {
    const sim = createSimExcel();
    sim.model.addSheet('Orders').setRaw(0, 0, 'customer');
    const plan = deepFreeze(
      buildPlan(buildReport(deepFreeze(results()), context('en')), { existingSheetNames: ['Orders'], ownedSheets: [] }),
    );
    // 3 pivots with 3 + 2 + 2 slicers, and slicers on the RFM and lifecycle customer tables.
    expect(plan.ops.filter((o) => o.op === 'addPivotTable' || o.op === 'addSlicer').length).toBe(12);
    const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: [] }));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['apply.pivotsNotWritten', 'info']]);
    expect(sim.model.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Customer facts', 'Explore']));
    const facts = sim.model.tables.find((t) => t.sheet.name === 'Customer facts')!;
    // One header row and one row per customer of pivot-fixtures.ts.
    expect(facts.rect.rows).toBe(1 + CUSTOMERS.length);
  });
});
