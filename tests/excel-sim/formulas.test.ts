// The formulas the stand-in evaluates (addin/excel-sim/formulas.ts, calc.ts): GETPIVOTDATA and IFERROR with
// Excel's rules from Microsoft's GETPIVOTDATA page, and sheet renames and deletions rewriting formula text.
// Every expected figure is summed here by hand from the four rows of SALES:
//   East = 10 + 5 = 15, West = 20 + 7 = 27, all = 42; East and Pens = 10.
import { describe, expect, it } from 'vitest';
import { createSimExcel, SimError } from '../../addin/excel-sim/index.js';
import type { SimExcel, XlContext } from '../../addin/excel-sim/index.js';
import { NOT_EVALUATED } from '../../addin/excel-sim/formulas.js';

const SALES: (string | number)[][] = [
  ['Region', 'Product', 'Sales'],
  ['East', 'Pens', 10],
  ['East', 'Ink', 5],
  ['West', 'Pens', 20],
  ['West', 'Ink', 7],
];

/** Data (the table Sales), Report (a PivotTable at A3: rows by Region, Sum of Sales), Tiles (empty). */
async function workbook(): Promise<SimExcel> {
  const sim = createSimExcel();
  const s = sim.model.addSheet('Data');
  SALES.forEach((r, i) => {
    r.forEach((v, j) => {
      s.setRaw(i, j, v);
    });
  });
  sim.model.renameTable(sim.model.addTable(s, { r0: 0, c0: 0, rows: SALES.length, cols: 3 }, true), 'Sales');
  sim.model.addSheet('Report');
  sim.model.addSheet('Tiles');
  await sim.run(async (ctx) => {
    const pt = ctx.workbook.worksheets.getItem('Report').pivotTables.add('PT', 'Sales', 'A3');
    pt.rowHierarchies.add(pt.hierarchies.getItem('Region'));
    pt.dataHierarchies.add(pt.hierarchies.getItem('Sales'));
    await ctx.sync();
  });
  return sim;
}

/** Writes `formulas` down Tiles!A1 through Office.js and reads their values back the same way. */
async function values(sim: SimExcel, formulas: string[]): Promise<unknown[]> {
  return await sim.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem('Tiles').getRange(`A1:A${formulas.length}`);
    r.formulas = formulas.map((f) => [f]);
    r.load('values');
    await ctx.sync();
    return r.values.map((row) => row[0]);
  });
}

async function read(sim: SimExcel, address: string, what: 'values' | 'formulas'): Promise<unknown[]> {
  return await sim.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem('Tiles').getRange(address);
    r.load(what);
    await ctx.sync();
    return r[what].map((row) => row[0]);
  });
}

const run = (sim: SimExcel, batch: (ctx: XlContext) => void) =>
  sim.run(async (ctx) => {
    batch(ctx);
    await ctx.sync();
  });

describe('stand-in GETPIVOTDATA and IFERROR', () => {
  it('reads the grand total, an item, by data field or source field name, ignoring case', async () => {
    const sim = await workbook();
    // The PivotTable as laid out: Row Labels | Sum of Sales; East 15; West 27; Grand Total 42 (A3:B6).
    expect(
      await values(sim, [
        `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3)`,
        `=GETPIVOTDATA("sales",Report!$B$5)`,
        `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"region","east")`,
        `=GETPIVOTDATA( "Sum of Sales" , Report!A4 , "Region" , "West" )`,
      ]),
    ).toEqual([42, 42, 15, 27]);
  });

  it('gives #REF! outside a PivotTable and for a field, item or data field it does not show; IFERROR → 0', async () => {
    const sim = await workbook();
    expect(
      await values(sim, [
        `=GETPIVOTDATA("Sum of Sales",'Report'!$D$3)`,
        `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Region","North")`,
        `=IFERROR(GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Region","North"),0)`,
        `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Product","Pens")`,
        `=GETPIVOTDATA("Count of Sales",'Report'!$A$3)`,
        `=GETPIVOTDATA("Sum of Sales",Data!$A$1)`,
        `=IFERROR(GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Region","East"),0)`,
      ]),
    ).toEqual(['#REF!', '#REF!', 0, '#REF!', '#REF!', '#REF!', 15]);
  });

  it('reads only visible cells: a leaf by its items in any order, a subtotal only while it is shown', async () => {
    const sim = await workbook();
    await run(sim, (ctx) => {
      const pt = ctx.workbook.pivotTables.getItem('PT');
      pt.layout.layoutType = 'Tabular';
      pt.rowHierarchies.add(pt.hierarchies.getItem('Product'));
    });
    const subtotal = `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Region","East")`;
    const leaf = `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Product","Pens","Region","East")`;
    // Subtotals on Region (Excel's default): East Total 15; East, Pens 10; Pens alone is no cell of it.
    const inner = `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3,"Product","Pens")`;
    expect(await values(sim, [subtotal, leaf, inner])).toEqual([15, 10, '#REF!']);
    await sim.run(async (ctx) => {
      const rows = ctx.workbook.pivotTables.getItem('PT').rowHierarchies.load('items');
      await ctx.sync();
      rows.items[0].fields.getItem('Region').subtotals = { automatic: false };
      await ctx.sync();
    });
    // The subtotal row is gone: the formula, calculated again, gives #REF!; the leaf still 10.
    expect(await read(sim, 'A1:A2', 'values')).toEqual(['#REF!', 10]);
  });

  it('calculates again when the PivotTable changes, not when its source does (no refresh, as in Excel)', async () => {
    const sim = await workbook();
    await values(sim, [`=GETPIVOTDATA("Sum of Sales",'Report'!$A$3)`, `=GETPIVOTDATA("Total",'Report'!$A$3)`]);
    // A data field renamed: the old name no longer reads it, the new one does.
    await sim.run(async (ctx) => {
      const d = ctx.workbook.pivotTables.getItem('PT').dataHierarchies.load('items');
      await ctx.sync();
      d.items[0].name = 'Total';
      await ctx.sync();
    });
    expect(await read(sim, 'A1:A2', 'values')).toEqual(['#REF!', 42]);
    // The source's cells change (East, Pens 10 → 1000): the PivotTable's cache, and so the value, do not.
    await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('C2').values = [[1000]];
    });
    expect(await read(sim, 'A2', 'values')).toEqual([42]);
    // The PivotTable deleted: #REF!.
    await run(sim, (ctx) => {
      ctx.workbook.pivotTables.getItem('PT').delete();
    });
    expect(await read(sim, 'A2', 'values')).toEqual(['#REF!']);
  });

  it('rewrites formulas when their sheet is renamed, and leaves #REF! when it is deleted', async () => {
    const sim = await workbook();
    const quoted = `=GETPIVOTDATA("Sum of Sales",'Report'!$A$3)`;
    const bare = `=IFERROR(GETPIVOTDATA("Sum of Sales",Report!$A$3,"Region","East"),0)`;
    // Text naming the sheet inside a string is text, not a reference: it stays.
    const text = `=IFERROR(GETPIVOTDATA("Report!A3",Report!$A$3),0)`;
    expect(await values(sim, [quoted, bare, text])).toEqual([42, 15, 0]);
    await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem('Report').name = "Bob's pivots";
    });
    // A quoted reference stays quoted; a bare one is quoted as the new name needs; the values stay.
    expect(await read(sim, 'A1:A3', 'formulas')).toEqual([
      `=GETPIVOTDATA("Sum of Sales",'Bob''s pivots'!$A$3)`,
      `=IFERROR(GETPIVOTDATA("Sum of Sales",'Bob''s pivots'!$A$3,"Region","East"),0)`,
      `=IFERROR(GETPIVOTDATA("Report!A3",'Bob''s pivots'!$A$3),0)`,
    ]);
    expect(await read(sim, 'A1:A3', 'values')).toEqual([42, 15, 0]);
    await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem("Bob's pivots").delete();
    });
    expect(await read(sim, 'A1:A2', 'formulas')).toEqual([
      `=GETPIVOTDATA("Sum of Sales",#REF!$A$3)`,
      `=IFERROR(GETPIVOTDATA("Sum of Sales",#REF!$A$3,"Region","East"),0)`,
    ]);
    // IFERROR hides the #REF!: only the formula's text shows the reference is gone.
    expect(await read(sim, 'A1:A2', 'values')).toEqual(['#REF!', 0]);
  });

  it('rewrites the references of formulas it does not evaluate too, but not another workbook’s sheet', async () => {
    const sim = await workbook();
    await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem('Tiles').getRange('A1').formulas = [
        [`=SUM(Report!B4:B5)+[Other.xlsx]Report!A1+'[Other.xlsx]Report'!A2`],
      ];
    });
    await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem('Report').name = 'Pivots';
    });
    expect(await read(sim, 'A1', 'formulas')).toEqual([
      `=SUM(Pivots!B4:B5)+[Other.xlsx]Report!A1+'[Other.xlsx]Report'!A2`,
    ]);
    // Its value is none the stand-in can give: NOT_EVALUATED, and a values read says so.
    expect(sim.model.sheet('Tiles').getValue(0, 0)).toBe(NOT_EVALUATED);
    await expect(read(sim, 'A1', 'values')).rejects.toThrow(/does not evaluate the formula =SUM/);
  });

  it('refuses a formula naming a sheet the workbook does not have (stricter than Excel, which asks)', async () => {
    const sim = await workbook();
    const e = await run(sim, (ctx) => {
      ctx.workbook.worksheets.getItem('Tiles').getRange('A1').formulas = [
        [`=GETPIVOTDATA("Sum of Sales",'Explore'!$A$3)`],
      ];
    }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).code).toBe('InvalidArgument');
    expect((e as SimError).message).toMatch(/"Explore"/);
    expect(sim.model.sheet('Tiles').getFormula(0, 0)).toBe('');
  });

  it('calculates nothing in a sync with calculation suspended; the next sync does', async () => {
    const sim = await workbook();
    await run(sim, (ctx) => {
      ctx.workbook.application.suspendApiCalculationUntilNextSync();
      ctx.workbook.worksheets.getItem('Tiles').getRange('A1').formulas = [
        [`=GETPIVOTDATA("Sum of Sales",'Report'!$A$3)`],
      ];
    });
    expect(sim.model.sheet('Tiles').getValue(0, 0)).toBe(NOT_EVALUATED);
    expect(await read(sim, 'A1', 'values')).toEqual([42]);
  });
});
