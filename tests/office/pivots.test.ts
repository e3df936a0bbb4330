// The Office applier writes the Plan's PivotTables and slicers (issue 15) on the stand-in, which lays a
// PivotTable out from its source table as Excel does. Expected figures are counted by hand from the six
// customers of tests/plan/pivot-fixtures.ts (segment, orders, revenue, stage, cohort, channel):
//   C1 Champions 900 Active 2024-01 Search · C2 Champions 700 Active 2024-02 Social · C3 At Risk 400 At risk
//   2024-01 Search · C4 Lost 50 Churned 2024-01 Email · C5 Lost 40 Churned 2024-03 (no channel) ·
//   =C6 New Customers 30 New 2024-03 Social.
import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import type { SimExcel } from '../../addin/excel-sim/index.js';
import { applyPlan } from '../../addin/office/applier.js';
import { readStore } from '../../addin/office/recipe-store.js';
import { checkRequirements } from '../../addin/office/requirements.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import type { AddPivotTableOp, AddSlicerOp, PivotValueOp, Plan } from '../../src/plan/types.js';
import { parseAddress } from '../../addin/excel-sim/address.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { CUSTOMERS, results } from '../plan/pivot-fixtures.js';

const RUN = { at: '2025-01-01T00:00:00Z', host: 'addin' as const, loopbook: '0.1.0', inputs: [] };
const pivotOps = (plan: Plan) => plan.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
const slicerOps = (plan: Plan) => plan.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');

function userWorkbook(excelApi?: string): SimExcel {
  const sim = createSimExcel(excelApi ? { excelApi } : {});
  sim.model.addSheet('Orders').setRaw(0, 0, 'customer');
  return sim;
}

/**
 * The Plan the pane makes of the workbook as it is: owned sheets from the store's run log, and, as the
 * pane passes them (addin/office/office-host.ts, `workbookNames`), every table and defined name as taken.
 */
async function planFor(sim: SimExcel): Promise<Plan> {
  const { store } = await sim.run((ctx) => readStore(ctx));
  const log = store?.log ?? emptyRunLog();
  return deepFreeze(
    buildPlan(buildReport(deepFreeze(results()), context('en')), {
      existingSheetNames: sim.model.sheets.map((s) => s.name),
      ownedSheets: log.runs.at(-1)?.sheets ?? [],
      existingNames: [...sim.model.tables.map((t) => t.name), ...sim.model.names.map((n) => n.name)],
      store: { recipe: null, log, run: RUN },
    }),
  );
}

async function applyOnce(sim: SimExcel): Promise<{ plan: Plan; r: Awaited<ReturnType<typeof applyPlan>> }> {
  const plan = await planFor(sim);
  const { store } = await sim.run((ctx) => readStore(ctx));
  const ownedSheets = store?.log.runs.at(-1)?.sheets ?? [];
  const caps = checkRequirements(sim.office.context).caps;
  const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets, caps }));
  return { plan, r };
}

/** A PivotTable's cells as the stand-in laid them out, read through Office.js. */
async function pivotCells(sim: SimExcel, name: string): Promise<(string | number | boolean | null)[][]> {
  return await sim.run(async (ctx) => {
    const range = ctx.workbook.pivotTables.getItem(name).layout.getRange();
    range.load('values');
    await ctx.sync();
    return range.values;
  });
}

describe('applier: PivotTables and slicers', () => {
  it('writes each PivotTable over the fact table: tabular, fields, summaries, names and formats of its op', async () => {
    const sim = userWorkbook();
    const { plan, r } = await applyOnce(sim);
    expect(r.outcome).toBe('applied');
    expect(r.diagnostics).toEqual([]);
    const ops = pivotOps(plan);
    // The customer base (which the Dashboard's tiles read), segments × channel, stages by cohort.
    expect(ops.length).toBe(3);
    const facts = sim.model.tables.find((t) => t.sheet.name === 'Customer facts')!;
    expect(sim.snapshot().pivotTables).toEqual(
      ops.map((op) => ({
        name: op.name,
        sheet: op.sheet,
        source: facts.name,
        // Where the PivotTable starts is the op's; how far it reaches, the data's (checked below).
        address: expect.stringMatching(new RegExp(`^${op.location.split(':')[0]}:`)) as unknown,
        layoutType: 'Tabular',
        rows: op.rows,
        columns: op.columns,
        data: op.values.map((v) => ({
          field: v.field,
          name: v.name,
          summarizeBy: { count: 'Count', sum: 'Sum', average: 'Average' }[v.summary],
          numberFormat: v.numberFormat,
        })),
        // As src/xlsx/apply.ts writes them: subtotals on the first of several row fields only.
        subtotals: Object.fromEntries([
          ...op.rows.map((f, i) => [f, i === 0 && op.rows.length > 1]),
          ...op.columns.map((f) => [f, false]),
        ]),
        showRowGrandTotals: true,
        showColumnGrandTotals: true,
      })),
    );
    expect(facts.name).toBe(ops[0].source.table);
  });

  it('fills the PivotTables with the fixture’s counts and sums, inside the area the Plan kept for them', async () => {
    const sim = userWorkbook();
    const { plan } = await applyOnce(sim);
    const [base, segments, stages] = pivotOps(plan);
    // The customer base by stage: Active C1, C2 (1,600); At risk C3 (400); Churned C4, C5 (90); New =C6 (30).
    expect(await pivotCells(sim, base.name)).toEqual([
      ['Lifecycle stage', 'Customers', 'Total revenue'],
      ['Active', 2, 1600],
      ['At risk', 1, 400],
      ['Churned', 2, 90],
      ['New', 1, 30],
      ['Grand Total', 6, 2120],
    ]);
    // Segment × channel: customers and revenue per pair, a subtotal per segment, the grand total (6, 2120).
    expect(await pivotCells(sim, segments.name)).toEqual([
      ['RFM segment', 'Acquisition channel', 'Customers', 'Total revenue'],
      ['At Risk', 'Search', 1, 400],
      ['At Risk Total', '', 1, 400],
      ['Champions', 'Search', 1, 900],
      ['', 'Social', 1, 700],
      ['Champions Total', '', 2, 1600],
      ['Lost', 'Email', 1, 50],
      ['', '(blank)', 1, 40],
      ['Lost Total', '', 2, 90],
      ['New Customers', 'Social', 1, 30],
      ['New Customers Total', '', 1, 30],
      ['Grand Total', '', 6, 2120],
    ]);
    // Stage by cohort month: 2024-01 holds C1 (Active), C3 (At risk), C4 (Churned); 2024-02 C2; 2024-03 C5, =C6.
    expect(await pivotCells(sim, stages.name)).toEqual([
      ['Customers', 'Lifecycle stage', '', '', '', ''],
      ['First purchase month', 'Active', 'At risk', 'Churned', 'New', 'Grand Total'],
      ['2024-01', 1, 1, 1, '', 3],
      ['2024-02', 1, '', '', '', 1],
      ['2024-03', '', '', 1, 1, 2],
      ['Grand Total', 2, 1, 2, 1, CUSTOMERS.length],
    ]);
    // The Plan's estimate holds the laid-out area (nothing placed below may be covered).
    const inside = (a: string, b: string) => {
      const [x, y] = [a, b].map((s) => /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(s)!);
      return x[1] === y[1] && Number(x[2]) === Number(y[2]) && x[3] <= y[3] && Number(x[4]) <= Number(y[4]);
    };
    for (const op of [base, segments, stages]) {
      const got = sim.snapshot().pivotTables.find((p) => p.name === op.name)!.address;
      expect(inside(got, op.location), `${got} within ${op.location}`).toBe(true);
    }
    // Value cells carry the op's number formats.
    const explore = sim.snapshot().sheets.find((s) => s.name === 'Explore')!;
    const firstData = Number(/\d+/.exec(segments.location)![0]) + 1;
    expect(explore.numberFormats[`D${firstData}`]).toBe(segments.values[1].numberFormat);
    expect(explore.numberFormats[`C${firstData}`]).toBe('#,##0');
  });

  it('adds each slicer on its PivotTable’s field, with its caption, on its anchor cell, at its size', async () => {
    const sim = userWorkbook();
    const { plan } = await applyOnce(sim);
    const ops = slicerOps(plan);
    // 3 + 2 + 2 on the PivotTables, 2 on the RFM and lifecycle customer tables.
    expect(ops.length).toBe(9);
    expect(sim.snapshot().slicers).toEqual(
      ops.map((op) => ({
        name: op.name,
        sheet: op.sheet,
        pivot: 'pivot' in op ? op.pivot.name : null,
        table: 'table' in op ? op.table.name : null,
        field: op.field,
        caption: op.caption,
        from: op.anchor.from,
        left: expect.any(Number) as unknown,
        top: expect.any(Number) as unknown,
        // Points: 180 × 220 px at 0.75 pt per px.
        width: op.anchor.widthPx * 0.75,
        height: op.anchor.heightPx * 0.75,
      })),
    );
  });

  it('on ExcelApi 1.9 writes the PivotTables without slicers, and says so in both languages', async () => {
    const sim = userWorkbook('1.9');
    const { plan, r } = await applyOnce(sim);
    expect(r.outcome).toBe('applied');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['apply.slicersNotWritten', 'info']]);
    expect(r.diagnostics[0].message.en).toMatch(/Excel API 1\.10/);
    expect(r.diagnostics[0].message['zh-CN']).toMatch(/Excel API 1\.10/);
    expect(sim.model.pivots.map((p) => p.name)).toEqual(pivotOps(plan).map((p) => p.name));
    expect(sim.model.slicers).toEqual([]);
  });

  it('on ExcelApi 1.7 writes everything else, the Customer facts table included, and says so', async () => {
    const sim = userWorkbook('1.7');
    const { plan, r } = await applyOnce(sim);
    expect(r.outcome).toBe('applied');
    // 3 PivotTables, 3 + 2 + 2 slicers on them, 2 on the RFM and lifecycle customer tables.
    expect(pivotOps(plan).length + slicerOps(plan).length).toBe(12);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['apply.pivotsNotWritten', 'info']]);
    expect(r.diagnostics[0].message.en).toMatch(/Excel API 1\.8/);
    expect(r.diagnostics[0].message['zh-CN']).toMatch(/Excel API 1\.8/);
    expect(sim.model.pivots).toEqual([]);
    expect(sim.model.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Customer facts', 'Explore']));
    const facts = sim.model.tables.find((t) => t.sheet.name === 'Customer facts')!;
    // One header row and one row per customer of pivot-fixtures.ts.
    expect(facts.rect.rows).toBe(1 + CUSTOMERS.length);
    // Without the PivotTable the Dashboard's tiles that would read it keep their figures, as plain values.
    const reads = plan.ops.filter((o): o is PivotValueOp => o.op === 'pivotValue');
    expect(reads.length).toBeGreaterThan(0);
    expect(sim.snapshot().sheets.flatMap((s) => Object.values(s.formulas))).toEqual([]);
    for (const op of reads) {
      const at = parseAddress(op.cell);
      expect(sim.model.sheet(op.sheet).getValue(at.r0, at.c0), op.cell).toBe(op.cached);
    }
  });
});

describe('applier: a re-run replaces the PivotTables and slicers (refresh in the pane)', () => {
  it.each([2, 3])('leaves after %i applies one PivotTable per op and one slicer per op, none orphaned', async (n) => {
    const sim = userWorkbook();
    let last: Plan | null = null;
    for (let i = 0; i < n; i++) {
      const { plan, r } = await applyOnce(sim);
      expect(r.outcome, `apply ${i + 1}`).toBe('applied');
      expect(r.diagnostics, `apply ${i + 1}`).toEqual([]);
      // Every run names its PivotTables and slicers alike: the old ones hold the names while the new are built.
      if (last) {
        expect(pivotOps(plan).map((p) => p.name)).toEqual(pivotOps(last).map((p) => p.name));
        expect(slicerOps(plan).map((p) => p.name)).toEqual(slicerOps(last).map((p) => p.name));
      }
      last = plan;
    }
    const plan = last!;
    const snap = sim.snapshot();
    expect(snap.pivotTables.map((p) => [p.name, p.sheet, p.source])).toEqual(
      pivotOps(plan).map((op) => [op.name, op.sheet, op.source.table]),
    );
    expect(snap.slicers.map((s) => [s.name, s.sheet, s.pivot, s.field])).toEqual(
      slicerOps(plan).map((op) => [op.name, op.sheet, 'pivot' in op ? op.pivot.name : null, op.field]),
    );
    // None orphaned: every PivotTable reads a table of the workbook, every slicer's PivotTable exists.
    for (const p of sim.model.pivots) expect(sim.model.tables).toContain('table' in p.source ? p.source.table : null);
    for (const s of sim.model.slicers)
      if (s.pivot) expect(sim.model.pivots).toContain(s.pivot);
      else expect(sim.model.tables).toContain(s.table);
    // Nothing left aside, and the sheets are the run's.
    expect(sim.model.sheets.map((s) => s.name)).toEqual(['Orders', ...plan.sheets]);
    // The figures are the fixture's, not doubled: six customers, ¥2,120.
    expect((await pivotCells(sim, pivotOps(plan)[0].name)).at(-1)).toEqual(['Grand Total', 6, 2120]);
  });

  it('keeps a user’s own PivotTable and slicer, refusing a PivotTable name they hold and renaming a slicer', async () => {
    const sim = userWorkbook();
    // The user's own table, PivotTable and slicer, on their sheet, with names Loopbook's Plan also uses.
    const mine = sim.model.sheet('Orders');
    [
      ['customer', 'RFM segment'],
      ['c1', 'Gold'],
      ['c2', 'Silver'],
    ].forEach((row, i) => {
      row.forEach((v, j) => {
        mine.setRaw(i, j, v);
      });
    });
    sim.model.renameTable(sim.model.addTable(mine, { r0: 0, c0: 0, rows: 3, cols: 2 }, true), 'Mine');
    await sim.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Orders');
      const pt = ws.pivotTables.add('MyPivot', 'Mine', 'E1');
      pt.rowHierarchies.add(pt.hierarchies.getItem('RFM segment'));
      ctx.workbook.slicers.add(pt, 'RFM segment', ws);
      await ctx.sync();
    });
    const before = sim.model.fingerprint();
    const { plan, r } = await applyOnce(sim);
    expect(r.outcome).toBe('applied');
    // The Plan's slicer "RFM segment" is named as Excel would name a second one.
    expect(slicerOps(plan).map((s) => s.name)).toContain('RFM segment');
    expect(sim.model.slicers.map((s) => s.name).sort()).toEqual(
      // The Plan's two slicers on the field move one name along: "RFM segment 1" and "RFM segment 2".
      [
        'RFM segment',
        ...slicerOps(plan).map((s) =>
          s.name === 'RFM segment' ? 'RFM segment 1' : s.name === 'RFM segment 1' ? 'RFM segment 2' : s.name,
        ),
      ].sort(),
    );
    expect(sim.model.slicers.find((s) => s.name === 'RFM segment')!.pivot!.name).toBe('MyPivot');

    // A PivotTable of theirs named like one of the Plan's: refused, nothing changed.
    const other = userWorkbook();
    const sheet = other.model.sheet('Orders');
    [['k'], ['a']].forEach((row, i) => {
      sheet.setRaw(i, 0, row[0]);
    });
    other.model.addTable(sheet, { r0: 0, c0: 0, rows: 2, cols: 1 }, true);
    const taken = pivotOps(firstPlanFor(other))[0].name;
    await other.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Orders').pivotTables.add(taken, 'Table1', 'C1');
      await ctx.sync();
    });
    const untouched = other.model.fingerprint();
    const refused = await applyOnce(other);
    expect(refused.r.outcome).toBe('refused');
    expect(refused.r.diagnostics.map((d) => d.code)).toEqual(['apply.pivotTaken']);
    expect(other.model.fingerprint()).toBe(untouched);
    expect(before).not.toBe(sim.model.fingerprint());
  });
});

function firstPlanFor(sim: SimExcel): Plan {
  return buildPlan(buildReport(deepFreeze(results()), context('en')), {
    existingSheetNames: sim.model.sheets.map((s) => s.name),
    ownedSheets: [],
  });
}
