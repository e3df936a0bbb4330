// The stand-in's PivotTables and slicers, as strict as Excel (addin/excel-sim/pivot-objects.ts): every
// check below is one Excel makes (messages from Excel's UI and the Office.js reference, Excel.PivotTableCollection
// and Excel.SlicerCollection), and the layout's figures are summed here by hand from the five rows of `orders`.
import { describe, expect, it } from 'vitest';
import { createSimExcel, SimError } from '../../addin/excel-sim/index.js';
import type { SimExcel, XlContext } from '../../addin/excel-sim/index.js';

const ORDERS: (string | number)[][] = [
  ['Customer', 'Segment', 'Channel', 'Revenue'],
  ['C1', 'Champions', 'Search', 900],
  ['C2', 'Champions', 'Social', 700],
  ['C3', 'At Risk', 'Search', 400],
  ['C4', 'Lost', 'Email', 50],
  ['C5', 'Lost', '', 40],
];

function orders(excelApi?: string): SimExcel {
  const sim = createSimExcel(excelApi ? { excelApi } : {});
  const s = sim.model.addSheet('Data');
  ORDERS.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v !== '') s.setRaw(i, j, v);
    });
  });
  sim.model.renameTable(sim.model.addTable(s, { r0: 0, c0: 0, rows: ORDERS.length, cols: 4 }, true), 'Orders');
  sim.model.addSheet('P');
  return sim;
}

async function fails(sim: SimExcel, batch: (ctx: XlContext) => void): Promise<string> {
  const e = await sim
    .run(async (ctx) => {
      batch(ctx);
      await ctx.sync();
    })
    .then(
      () => null,
      (x: unknown) => x,
    );
  expect(e).toBeInstanceOf(SimError);
  return (e as SimError).code;
}

/** A PivotTable `name` at `at` on P: rows by Segment, Count of Customer and Sum of Revenue. */
function segments(ctx: XlContext, name = 'PT', at = 'A3') {
  const pt = ctx.workbook.worksheets.getItem('P').pivotTables.add(name, ctx.workbook.tables.getItem('Orders'), at);
  pt.layout.layoutType = 'Tabular';
  pt.rowHierarchies.add(pt.hierarchies.getItem('Segment'));
  const n = pt.dataHierarchies.add(pt.hierarchies.getItem('Customer'));
  n.summarizeBy = 'Count';
  n.name = 'Customers';
  pt.dataHierarchies.add(pt.hierarchies.getItem('Revenue')).name = 'Revenue total';
  return pt;
}

async function cells(sim: SimExcel, name: string) {
  return await sim.run(async (ctx) => {
    const r = ctx.workbook.pivotTables.getItem(name).layout.getRange();
    r.load('address,values');
    await ctx.sync();
    return { address: r.address, values: r.values };
  });
}

describe('stand-in PivotTables', () => {
  it('sums, counts and averages the source’s rows per item, with subtotals and grand totals', async () => {
    const sim = orders();
    await sim.run(async (ctx) => {
      const pt = segments(ctx);
      const avg = pt.dataHierarchies.add(pt.hierarchies.getItem('Revenue'));
      avg.summarizeBy = 'Average';
      await ctx.sync();
    });
    // At Risk: C3 (400); Champions: C1, C2 (900 + 700); Lost: C4, C5 (50 + 40). Sum of Revenue became
    // Average of Revenue with its summary (Excel renames a default name).
    expect(await cells(sim, 'PT')).toEqual({
      address: 'P!A3:D7',
      values: [
        ['Segment', 'Customers', 'Revenue total', 'Average of Revenue'],
        ['At Risk', 1, 400, 400],
        ['Champions', 2, 1600, 800],
        ['Lost', 2, 90, 45],
        ['Grand Total', 5, 2090, 418],
      ],
    });
  });

  it('gives each summary its own figures when a field’s summary changes back and forth (groups and sums are cached)', async () => {
    const sim = orders();
    const revenueColumn = async () => (await cells(sim, 'PT')).values.map((r) => r[1]);
    const seen: unknown[][] = [];
    await sim.run(async (ctx) => {
      const pt = ctx.workbook.worksheets.getItem('P').pivotTables.add('PT', 'Orders', 'A3');
      pt.layout.layoutType = 'Tabular';
      pt.rowHierarchies.add(pt.hierarchies.getItem('Segment'));
      const rev = pt.dataHierarchies.add(pt.hierarchies.getItem('Revenue'));
      rev.name = 'Revenue total';
      rev.summarizeBy = 'Max';
      rev.summarizeBy = 'Min';
      await ctx.sync();
      seen.push(await revenueColumn());
      rev.summarizeBy = 'Sum';
      rev.numberFormat = '0.00';
      await ctx.sync();
      seen.push(await revenueColumn());
      rev.summarizeBy = 'Min';
      await ctx.sync();
      seen.push(await revenueColumn());
    });
    // ORDERS above: At Risk 400; Champions 900 and 700; Lost 50 and 40.
    expect(seen).toEqual([
      ['Revenue total', 400, 700, 40, 40],
      ['Revenue total', 400, 1600, 90, 2090],
      ['Revenue total', 400, 700, 40, 40],
    ]);
  });

  it('lays out a column field’s items across, blanks as (blank), with subtotals on the outer row field', async () => {
    const sim = orders();
    await sim.run(async (ctx) => {
      const pt = ctx.workbook.worksheets.getItem('P').pivotTables.add('X', 'Orders', 'B2');
      pt.layout.layoutType = 'Tabular';
      pt.rowHierarchies.add(pt.hierarchies.getItem('Channel'));
      pt.columnHierarchies.add(pt.hierarchies.getItem('Segment'));
      pt.dataHierarchies.add(pt.hierarchies.getItem('Revenue'));
      await ctx.sync();
    });
    expect((await cells(sim, 'X')).values).toEqual([
      ['Sum of Revenue', 'Segment', '', '', ''],
      ['Channel', 'At Risk', 'Champions', 'Lost', 'Grand Total'],
      ['Email', '', '', 50, 50],
      ['Search', 400, 900, '', 1300],
      ['Social', '', 700, '', 700],
      ['(blank)', '', '', 40, 40],
      ['Grand Total', 400, 1600, 90, 2090],
    ]);
  });

  it('needs a source table that exists and hierarchy names from its header', async () => {
    const sim = orders();
    expect(await fails(sim, (ctx) => ctx.workbook.worksheets.getItem('P').pivotTables.add('A', 'Nope', 'A1'))).toBe(
      'InvalidArgument',
    );
    expect(
      await fails(sim, (ctx) =>
        ctx.workbook.worksheets.getItem('P').pivotTables.add('A', ctx.workbook.tables.getItem('Nope'), 'A1'),
      ),
    ).toBe('ItemNotFound');
    expect(
      await fails(sim, (ctx) => {
        const pt = ctx.workbook.worksheets.getItem('P').pivotTables.add('A', 'Orders', 'A1');
        pt.rowHierarchies.add(pt.hierarchies.getItem('Region'));
      }),
    ).toBe('ItemNotFound');
    // Nothing of a failed batch stays but what ran before the failing command: the PivotTable "A".
    expect(sim.model.pivots.map((p) => [p.name, p.rows])).toEqual([['A', []]]);
  });

  it('keeps PivotTable names unique in the workbook, and a data field’s name apart from the fields’', async () => {
    const sim = orders();
    sim.model.addSheet('Q');
    await sim.run(async (ctx) => {
      segments(ctx);
      await ctx.sync();
    });
    expect(await fails(sim, (ctx) => ctx.workbook.worksheets.getItem('Q').pivotTables.add('pt', 'Orders', 'A1'))).toBe(
      'ItemAlreadyExists',
    );
    expect(
      await fails(sim, (ctx) => {
        ctx.workbook.pivotTables
          .getItem('PT')
          .dataHierarchies.add(ctx.workbook.pivotTables.getItem('PT').hierarchies.getItem('Revenue')).name = 'Revenue';
      }),
    ).toBe('InvalidArgument');
  });

  it('refuses a PivotTable over another one, over a table, or over cells that hold anything', async () => {
    const sim = orders();
    sim.model.sheet('P').setRaw(9, 0, 'a note');
    await sim.run(async (ctx) => {
      segments(ctx);
      await ctx.sync();
    });
    // PT fills A3:D7 (five rows); a second one at B5 would overlap it.
    expect(await fails(sim, (ctx) => segments(ctx, 'Two', 'B5'))).toBe('InvalidOperation');
    expect(
      await fails(sim, (ctx) => ctx.workbook.worksheets.getItem('Data').pivotTables.add('T', 'Orders', 'B2')),
    ).toBe('InvalidOperation');
    // At A8 it would grow down over the note in A10.
    expect(await fails(sim, (ctx) => segments(ctx, 'Three', 'A8'))).toBe('InvalidOperation');
    expect(await fails(sim, (ctx) => (ctx.workbook.worksheets.getItem('P').getRange('B4').values = [[1]]))).toBe(
      'InvalidOperation',
    );
  });

  it('goes with its sheet, and takes its slicers along; a PivotTable elsewhere keeps its cache', async () => {
    const sim = orders();
    sim.model.addSheet('Q');
    await sim.run(async (ctx) => {
      const pt = segments(ctx);
      ctx.workbook.slicers.add(pt, 'Channel', 'Q');
      const q = ctx.workbook.worksheets.getItem('Q').pivotTables.add('Kept', 'Orders', 'A1');
      q.rowHierarchies.add(q.hierarchies.getItem('Channel'));
      await ctx.sync();
    });
    expect(sim.model.slicers.map((s) => s.name)).toEqual(['Channel']);
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('P').delete();
      ctx.workbook.worksheets.getItem('Data').delete();
      await ctx.sync();
    });
    expect(sim.model.pivots.map((p) => p.name)).toEqual(['Kept']);
    expect(sim.model.slicers).toEqual([]);
  });

  it('needs ExcelApi 1.8 to be created', async () => {
    const sim = orders('1.7');
    await expect(
      sim.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('P').pivotTables.add('A', 'Orders', 'A1');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
});

describe('stand-in slicers', () => {
  it('sit on a field of an existing PivotTable or table, named after it and unique in the workbook', async () => {
    const sim = orders();
    await sim.run(async (ctx) => {
      const pt = segments(ctx);
      const a = ctx.workbook.slicers.add(pt, 'Channel', 'P');
      a.left = 300;
      a.top = 30;
      ctx.workbook.slicers.add('Orders', 'Channel', ctx.workbook.worksheets.getItem('Data'));
      await ctx.sync();
    });
    // Excel's names: the field's, then "Channel 1".
    expect(sim.snapshot().slicers.map((s) => [s.name, s.pivot, s.table, s.field, s.from])).toEqual([
      ['Channel', 'PT', null, 'Channel', 'G3'],
      ['Channel 1', null, 'Orders', 'Channel', 'A1'],
    ]);
    expect(await fails(sim, (ctx) => ctx.workbook.slicers.add('Nope', 'Channel', 'P'))).toBe('ItemNotFound');
    expect(await fails(sim, (ctx) => ctx.workbook.slicers.add('PT', 'Region', 'P'))).toBe('ItemNotFound');
    expect(await fails(sim, (ctx) => (ctx.workbook.slicers.getItem('Channel 1').name = 'channel'))).toBe(
      'ItemAlreadyExists',
    );
    expect(await fails(sim, (ctx) => (ctx.workbook.slicers.getItem('Channel').width = 0))).toBe('InvalidArgument');
    // A PivotTable deleted takes its slicers.
    await sim.run(async (ctx) => {
      ctx.workbook.pivotTables.getItem('PT').delete();
      await ctx.sync();
    });
    expect(sim.model.slicers.map((s) => s.name)).toEqual(['Channel 1']);
  });

  it('need ExcelApi 1.10', async () => {
    const sim = orders('1.9');
    await expect(
      sim.run(async (ctx) => {
        ctx.workbook.slicers.add('Orders', 'Channel', 'P');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
});
