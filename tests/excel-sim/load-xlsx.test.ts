import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import { loadXlsxModel } from '../../addin/excel-sim/load-xlsx.js';
import { NOT_EVALUATED } from '../../addin/excel-sim/formulas.js';
import { readGrid } from '../../addin/office/reader.js';

async function book(date1904: boolean): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  const ws = wb.addWorksheet('Orders');
  ws.addRow(['customer', 'date', 'amount', 'total']);
  ws.addRow(['c1', new Date(Date.UTC(2024, 0, 5)), 10.5, { formula: 'C2*2', result: 21 }]);
  ws.addRow(['c2', new Date(Date.UTC(2024, 0, 6)), 7, { formula: 'C3*2', result: 14 }]);
  ws.getCell('B2').numFmt = 'yyyy-mm-dd';
  ws.getCell('C2').numFmt = '#,##0.00';
  ws.addTable({
    name: 'OrdersT',
    ref: 'F1',
    headerRow: true,
    columns: [{ name: 'k' }, { name: 'v' }],
    rows: [
      ['a', 1],
      ['b', 2],
    ],
  });
  wb.definedNames.add("'Orders'!$C$1:$C$3", 'Amounts');
  const hidden = wb.addWorksheet('_loopbook', { state: 'veryHidden' });
  hidden.getCell('A1').value = 'loopbook-store';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('loadXlsxModel', () => {
  it('loads values, dates as serials, formulas, number formats, tables, names and visibility', async () => {
    const model = await loadXlsxModel(await book(false));
    const sim = createSimExcel({ model });
    const snap = sim.snapshot();
    expect(snap.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ['Orders', 'Visible'],
      ['_loopbook', 'VeryHidden'],
    ]);
    // 2024-01-05 = 45296 (=DATE(2024,1,5) in the 1900 system).
    expect(snap.sheets[0].values.slice(0, 3).map((r) => r.slice(0, 4))).toEqual([
      ['customer', 'date', 'amount', 'total'],
      ['c1', 45296, 10.5, 21],
      ['c2', 45297, 7, 14],
    ]);
    expect(snap.sheets[0].formulas).toMatchObject({ D2: '=C2*2', D3: '=C3*2' });
    expect(snap.sheets[0].numberFormats).toMatchObject({ B2: 'yyyy-mm-dd', C2: '#,##0.00' });
    expect(snap.tables.map((t) => [t.name, t.address])).toEqual([['OrdersT', 'F1:G3']]);
    expect(snap.names).toEqual([{ name: 'Amounts', reference: 'Orders!C1:C3', comment: '' }]);
    const r = await sim.run((ctx) => readGrid(ctx, { kind: 'namedRange', name: 'Amounts' }));
    expect(r.grid?.values).toEqual([['amount'], [10.5], [7]]);
  });

  it('keeps the 1904 date system', async () => {
    const model = await loadXlsxModel(await book(true));
    expect(model.date1904).toBe(true);
    // 2024-01-05 in the 1904 system = 45296 − 1462 = 43834.
    expect(model.sheet('Orders').getValue(1, 1)).toBe(43834);
  });
});

describe('loadXlsxModel: formulas', () => {
  it('keeps a cached result, an error as its text, and no made-up 0 where the file cached none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('F');
    ws.getCell('A1').value = 4;
    ws.getCell('B1').value = { formula: 'A1*2', result: 8 };
    ws.getCell('C1').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    ws.getCell('D1').value = { formula: 'A1*3' };
    const sim = createSimExcel({ model: await loadXlsxModel(new Uint8Array(await wb.xlsx.writeBuffer())) });
    const row = sim.snapshot().sheets[0];
    // 8 and #DIV/0! as the file cached them (the stand-in evaluates neither formula); D1 had no result.
    expect(row.values).toEqual([[4, 8, '#DIV/0!', NOT_EVALUATED]]);
    expect(row.formulas).toEqual({ B1: '=A1*2', C1: '=1/0', D1: '=A1*3' });
    // Read through Office.js, the missing result is an error naming the cell, not a value.
    const read = sim.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('F').getRange('A1:D1');
      r.load('values');
      await ctx.sync();
      return r.values;
    });
    await expect(read).rejects.toThrow(/does not evaluate the formula =A1\*3 in F!D1/);
  });
});

describe('loadXlsxModel: active sheet and selected tabs', () => {
  // A file that opens on its second sheet with the first grouped with it (both tabs selected), as the
  // issue-19 output did. ExcelJS writes activeTab but not tabSelected, so that is patched into the XML.
  async function grouped(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Orders').getCell('A1').value = 'id';
    wb.addWorksheet('Dash & board').getCell('A1').value = 'x';
    wb.addWorksheet('Notes').getCell('A1').value = 'n';
    wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
    const files = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      const xml = strFromU8(files[part]);
      // ExcelJS writes no sheetViews for these sheets; they go after <dimension>, as the schema orders them.
      expect(xml).toMatch(/<dimension [^>]*\/>/);
      files[part] = strToU8(
        xml.replace(
          /(<dimension [^>]*\/>)/,
          '$1<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>',
        ),
      );
    }
    return zipSync(files);
  }

  it('opens on activeTab, grouped with the other tabSelected sheets', async () => {
    const snap = createSimExcel({ model: await loadXlsxModel(await grouped()) }).snapshot();
    expect(snap.activeSheet).toBe('Dash & board');
    expect(snap.selectedSheets).toEqual(['Orders', 'Dash & board']);
  });

  it('activating a sheet outside the group leaves it selected alone; one inside keeps the group', async () => {
    const sim = createSimExcel({ model: await loadXlsxModel(await grouped()) });
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Orders').activate();
      await ctx.sync();
    });
    expect(sim.snapshot().selectedSheets).toEqual(['Orders', 'Dash & board']);
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Notes').activate();
      await ctx.sync();
    });
    expect(sim.snapshot()).toMatchObject({ activeSheet: 'Notes', selectedSheets: ['Notes'] });
  });

  it('opens on the first visible sheet, alone, when the file names no active tab', async () => {
    const snap = createSimExcel({ model: await loadXlsxModel(await book(false)) }).snapshot();
    expect(snap).toMatchObject({ activeSheet: 'Orders', selectedSheets: ['Orders'] });
  });
});
