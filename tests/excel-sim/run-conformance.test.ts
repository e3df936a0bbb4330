// The stand-in's `run` against the contract it implements: `Excel.run`'s batch form as @types/office-js
// types it (checked by `tsc`, which covers tests/), and as Office.js behaves: a new RequestContext per
// run; the batch must return a promise (OfficeExtension.ErrorCodes.runMustReturnPromise); commands still
// queued when the batch's promise resolves are synced; the run resolves to the batch's value or rejects
// with the batch's own error; tracked objects are released at the end, so they cannot be used after it.
// Sources: the doc comment of `Excel.run` in @types/office-js, and learn.microsoft.com, "Excel JavaScript
// object model in Office Add-ins" (run, sync and the proxy objects).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createSimExcel, SimError } from '../../addin/excel-sim/index.js';
import type { XlContext, XlRange, XlRun, XlTable, XlWorksheet } from '../../addin/office/excel-api.js';
import type { BatchRun, XlPivotTableCollection, XlSlicerCollection } from '../../addin/office/excel-api.js';

function withSheet() {
  const sim = createSimExcel();
  sim.model.addSheet('Data').setRaw(0, 0, 'id');
  return sim;
}

describe('the stand-in run conforms to Excel.run', () => {
  it('has the type of Excel.run’s batch form (compile-time)', () => {
    const sim = withSheet();
    expectTypeOf(sim.run).toEqualTypeOf<XlRun>();
    expectTypeOf<typeof Excel.run>().toExtend<BatchRun<Excel.RequestContext>>();
    expectTypeOf<typeof Excel.run>().toExtend<XlRun>();
    expectTypeOf<Parameters<XlRun>>().toEqualTypeOf<[batch: (context: XlContext) => Promise<unknown>]>();
  });

  it('is what install() puts at Excel.run', () => {
    const sim = withSheet();
    const target: Record<string, unknown> = {};
    sim.install(target);
    expect((target.Excel as { run: unknown }).run).toBe(sim.run);
  });

  it('resolves to the batch’s value, with a new context per run', async () => {
    const sim = withSheet();
    const contexts: XlContext[] = [];
    const a = await sim.run(async (ctx) => {
      contexts.push(ctx);
      const r = ctx.workbook.worksheets.getItem('Data').getRange('A1');
      r.load('values');
      await ctx.sync();
      return r.values[0][0];
    });
    const b = await sim.run(async (ctx) => {
      contexts.push(ctx);
      return await Promise.resolve(42);
    });
    expect(a).toBe('id');
    expect(b).toBe(42);
    expect(contexts[0]).not.toBe(contexts[1]);
  });

  it('rejects a batch that does not return a promise (RunMustReturnPromise) and syncs nothing', async () => {
    const sim = withSheet();
    const notAPromise = ((ctx: XlContext) => {
      ctx.workbook.worksheets.getItem('Data').getRange('B1').values = [[1]];
      return 1;
    }) as unknown as (ctx: XlContext) => Promise<number>;
    const err = await sim.run(notAPromise).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).code).toBe('RunMustReturnPromise');
    expect(sim.model.sheet('Data').getValue(0, 1)).toBe(''); // empty, as Excel reads an empty cell
    expect(sim.counters.syncs).toBe(0);
  });

  it('syncs commands still queued when the batch resolves', async () => {
    const sim = withSheet();
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('B1').values = [[7]];
      await Promise.resolve(); // the batch resolves with the write still queued
    });
    expect(sim.model.sheet('Data').getValue(0, 1)).toBe(7);
    expect(sim.counters.syncs).toBe(1);
  });

  it('rejects with the batch’s own error and drops what was queued after the last sync', async () => {
    const sim = withSheet();
    const boom = new Error('boom');
    const err = await sim
      .run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('Data');
        ws.getRange('B1').values = [[1]];
        await ctx.sync();
        ws.getRange('C1').values = [[2]];
        throw boom;
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBe(boom);
    expect(sim.model.sheet('Data').getValue(0, 1)).toBe(1);
    expect(sim.model.sheet('Data').getValue(0, 2)).toBe('');
  });

  it('releases the run’s context: queuing on it or syncing it after the run fails (InvalidRequestContext)', async () => {
    const sim = withSheet();
    let saved: XlContext | null = null;
    await sim.run(async (ctx) => {
      saved = ctx;
      return await ctx.sync();
    });
    const range = saved!.workbook.worksheets.getItem('Data').getRange('A1');
    expect(() => range.load('values')).toThrow(/finished Excel.run/);
    const err = await saved!.sync().then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as SimError).code).toBe('InvalidRequestContext');
  });

  // @types/office-js: PivotTableCollection.add(name: string, source: Range | string | Table, destination:
  // Range | string): PivotTable (ExcelApi 1.8); SlicerCollection.add(slicerSource: string | PivotTable | Table,
  // sourceField: string | PivotField | number | TableColumn, slicerDestination?: string | Worksheet): Slicer
  // (ExcelApi 1.10). The contract takes the same arguments by position (a slicer's field by name or index).
  it('declares PivotTableCollection.add and SlicerCollection.add as the real API types them (compile-time)', () => {
    expectTypeOf<Excel.PivotTableCollection>().toExtend<XlPivotTableCollection>();
    expectTypeOf<Excel.SlicerCollection>().toExtend<XlSlicerCollection>();
    expectTypeOf<Parameters<XlPivotTableCollection['add']>>().toEqualTypeOf<
      [name: string, source: XlRange | string | XlTable, destination: XlRange | string]
    >();
    expectTypeOf<Parameters<Excel.PivotTableCollection['add']>[0]>().toEqualTypeOf<string>();
    expectTypeOf<Parameters<XlSlicerCollection['add']>[1]>().toExtend<Parameters<Excel.SlicerCollection['add']>[1]>();
    expectTypeOf<Parameters<XlSlicerCollection['add']>[2]>().toEqualTypeOf<string | XlWorksheet | undefined>();
  });

  it('queues PivotTableCollection.add and SlicerCollection.add like any command: proxies usable before the sync', async () => {
    const sim = withSheet();
    sim.model.sheet('Data').setRaw(1, 0, 'a');
    sim.model.addTable(sim.model.sheet('Data'), { r0: 0, c0: 0, rows: 2, cols: 1 }, true);
    const names = await sim.run(async (ctx) => {
      const pt = ctx.workbook.worksheets.getItem('Data').pivotTables.add('PT', 'Table1', 'C1');
      const slicer = ctx.workbook.slicers.add(pt, 'id', 'Data');
      slicer.caption = 'Ids';
      expect(sim.model.pivots).toEqual([]);
      pt.load('name');
      slicer.load('name,caption');
      await ctx.sync();
      return [pt.name, slicer.name, slicer.caption];
    });
    expect(names).toEqual(['PT', 'id', 'Ids']);
    expect(sim.counters.syncs).toBe(1);
  });
});
