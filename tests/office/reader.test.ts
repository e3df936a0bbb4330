import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import { readGrid, readRegions } from '../../addin/office/reader.js';
import { checkRequirements } from '../../addin/office/requirements.js';

function orders() {
  const sim = createSimExcel();
  const s = sim.model.addSheet('Orders');
  const rows: (string | number)[][] = [
    ['customer', 'date', 'amount'],
    ['c1', 45000, 10.5],
    ['c2', 45001, ''],
    ['=not a formula', 45002, 7],
  ];
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      s.setRaw(r, c, v === '' ? undefined : v);
    });
  });
  s.setFormat(1, 1, 'yyyy-mm-dd');
  return sim;
}

describe('reader', () => {
  it('reads a used range with number formats, empty cells as null, and the 1900 date system', async () => {
    const sim = orders();
    const r = await sim.run((ctx) => readGrid(ctx, { kind: 'usedRange', sheet: 'orders' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.grid).toEqual({
      sheet: 'Orders',
      address: 'A1:C4',
      values: [
        ['customer', 'date', 'amount'],
        ['c1', 45000, 10.5],
        ['c2', 45001, null],
        ['=not a formula', 45002, 7],
      ],
      numberFormats: [
        ['General', 'General', 'General'],
        ['General', 'yyyy-mm-dd', 'General'],
        ['General', 'General', 'General'],
        ['General', 'General', 'General'],
      ],
      date1904: false,
    });
  });

  it('reads a table, a named range, an address and a one-area selection', async () => {
    const sim = orders();
    await sim.run(async (ctx) => {
      ctx.workbook.tables.add('Orders!A1:C4', true).name = 'OrdersTable';
      ctx.workbook.names.add('Amounts', ctx.workbook.worksheets.getItem('Orders').getRange('C1:C4'));
      await ctx.sync();
    });
    const table = await sim.run((ctx) => readGrid(ctx, { kind: 'table', name: 'orderstable' }));
    expect(table.grid).toMatchObject({ sheet: 'Orders', address: 'A1:C4', tableName: 'OrdersTable' });
    const named = await sim.run((ctx) => readGrid(ctx, { kind: 'namedRange', name: 'Amounts' }));
    expect(named.grid?.values).toEqual([['amount'], [10.5], [null], [7]]);
    const range = await sim.run((ctx) => readGrid(ctx, { kind: 'range', sheet: 'Orders', address: 'B2:C3' }));
    expect(range.grid).toMatchObject({
      address: 'B2:C3',
      values: [
        [45000, 10.5],
        [45001, null],
      ],
    });
    sim.select('Orders', 'A1:B2');
    const sel = await sim.run((ctx) => readGrid(ctx, { kind: 'selection' }));
    expect(sel.grid).toMatchObject({
      address: 'A1:B2',
      values: [
        ['customer', 'date'],
        ['c1', 45000],
      ],
    });
  });

  it('gives a clear message for a selection of several areas, and for missing sources', async () => {
    const sim = orders();
    sim.select('Orders', 'A1:A2', 'C1:C2');
    const sel = await sim.run((ctx) => readGrid(ctx, { kind: 'selection' }));
    expect(sel.grid).toBeNull();
    expect(sel.diagnostics[0].code).toBe('read.selectionAreas');
    expect(sel.diagnostics[0].message.en).toContain('2 separate areas');
    expect(sel.diagnostics[0].message['zh-CN']).toContain('2 个不相连的区域');
    for (const [source, code] of [
      [{ kind: 'table', name: 'Nope' }, 'read.tableMissing'],
      [{ kind: 'namedRange', name: 'Nope' }, 'read.nameMissing'],
      [{ kind: 'usedRange', sheet: 'Nope' }, 'read.sheetMissing'],
    ] as const) {
      const r = await sim.run((ctx) => readGrid(ctx, source));
      expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
    }
    sim.model.addSheet('Empty');
    const empty = await sim.run((ctx) => readGrid(ctx, { kind: 'usedRange', sheet: 'Empty' }));
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['read.sheetEmpty']);
  });

  it('falls back to the first area on ExcelApi 1.7 (no getSelectedRanges)', async () => {
    const sim = createSimExcel({ excelApi: '1.7', model: orders().model });
    sim.select('Orders', 'B1:C2');
    const { caps } = checkRequirements(sim.office.context);
    const sel = await sim.run((ctx) => readGrid(ctx, { kind: 'selection' }, { caps }));
    expect(sel.grid?.address).toBe('B1:C2');
  });

  it('reads the 1904 date system', async () => {
    const sim = createSimExcel({ date1904: true });
    sim.model.addSheet('S').setRaw(0, 0, 1);
    const r = await sim.run((ctx) => readGrid(ctx, { kind: 'usedRange', sheet: 'S' }));
    expect(r.grid?.date1904).toBe(true);
  });

  it('lists every table-like region with a preview, skipping excluded and hidden sheets', async () => {
    const sim = orders();
    const other = sim.model.addSheet('Spend');
    other.setRaw(2, 1, 'channel');
    other.setRaw(3, 1, 'search');
    sim.model.addSheet('_loopbook').visibility = 'VeryHidden';
    sim.model.addSheet('Dashboard').setRaw(0, 0, 'x');
    await sim.run(async (ctx) => {
      ctx.workbook.tables.add('Orders!A1:C3', true).name = 'OrdersT';
      await ctx.sync();
    });
    const r = await sim.run((ctx) => readRegions(ctx, { previewRows: 2, exclude: ['Dashboard'] }));
    expect(r.regions.map((x) => [x.sheet, x.address, x.totalRows, x.source.kind])).toEqual([
      ['Orders', 'A1:C3', 3, 'table'],
      ['Spend', 'B3:B4', 2, 'usedRange'],
    ]);
    expect(r.regions[0].preview.values).toEqual([
      ['customer', 'date', 'amount'],
      ['c1', 45000, 10.5],
    ]);
    expect(r.regions[0].preview.tableName).toBe('OrdersT');
  });
});
