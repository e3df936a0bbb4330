import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnLetter, parseCellRef, readXlsx, sliceGrid } from '../../src/xlsx/read-xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-xlsx-'));

/** Rewrites parts of an .xlsx (to plant what ExcelJS's writer cannot produce). */
function patchZip(bytes: Uint8Array, edit: (parts: Record<string, string>) => void): Uint8Array {
  const files = unzipSync(bytes);
  const text: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) if (/\.(xml|rels)$/.test(k)) text[k] = strFromU8(v);
  edit(text);
  for (const [k, v] of Object.entries(text)) files[k] = strToU8(v);
  return zipSync(files);
}

async function save(name: string, wb: ExcelJS.Workbook): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, new Uint8Array(await wb.xlsx.writeBuffer()));
  return p;
}

// Serials by hand: 2024-01-01 is 45292 in the 1900 system (Excel =DATE(2024,1,1)); 2024-01-15 is 45306;
// noon adds 0.5; the 1904 system is 1462 days less (Excel's documented offset).
const JAN15 = new Date(Date.UTC(2024, 0, 15));
const JAN15_NOON = new Date(Date.UTC(2024, 0, 15, 12));

let mainPath = '';
beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const orders = wb.addWorksheet('Orders');
  orders.addRow(['order_id', 'date', 'amount', 'paid', 'note', 'calc', 'text calc']);
  orders.addRow([
    'O1',
    JAN15,
    128.5,
    true,
    { richText: [{ text: 'Hello ' }, { font: { bold: true }, text: 'World' }] },
    { formula: 'C2*2', result: 257 },
    { error: '#N/A' },
  ]);
  orders.addRow([
    'O2',
    JAN15_NOON,
    -3,
    false,
    '',
    { formula: '1/0', result: { error: '#DIV/0!' } },
    { formula: '"a"&"b"', result: 'ab' },
  ]);
  orders.getCell('B2').numFmt = 'yyyy-mm-dd';
  orders.getCell('B3').numFmt = 'yyyy-mm-dd hh:mm';
  orders.getCell('C2').numFmt = '#,##0.00';
  orders.getCell('C3').numFmt = '#,##0.00';
  orders.getCell('A5').value = '合计';
  orders.mergeCells('A5:B5');
  orders.getCell('C5').value = 125.5;

  const offset = wb.addWorksheet('Offset');
  offset.getCell('C3').value = '客户ID';
  offset.getCell('D3').value = '金额';
  offset.getCell('C4').value = 'C001';
  offset.getCell('E5').value = 9;

  wb.addWorksheet('Empty');
  const hidden = wb.addWorksheet('Hidden', { state: 'hidden' });
  hidden.getCell('A1').value = 'h';
  const lb = wb.addWorksheet('_loopbook', { state: 'veryHidden' });
  lb.getCell('A1').value = '{"version":1}';

  const tbl = wb.addWorksheet('Tbl');
  tbl.addTable({
    name: 'Sales',
    ref: 'B2',
    headerRow: true,
    columns: [{ name: 'region' }, { name: 'revenue' }],
    rows: [
      ['华东', 10],
      ['华北', 20],
    ],
  });
  mainPath = await save('main.xlsx', wb);
});

describe('readXlsx', () => {
  it('reads values, dates as serials with their formats, booleans, rich text, formulas and errors', async () => {
    const r = await readXlsx(mainPath);
    const orders = r.grids.find((g) => g.sheet === 'Orders')!;
    expect(orders.address).toBe('A1:G5');
    expect(orders.date1904).toBe(false);
    expect(orders.values).toEqual([
      ['order_id', 'date', 'amount', 'paid', 'note', 'calc', 'text calc'],
      ['O1', 45306, 128.5, true, 'Hello World', 257, '#N/A'],
      ['O2', 45306.5, -3, false, null, '#DIV/0!', 'ab'],
      [null, null, null, null, null, null, null], // blank row 4 stays, so row numbers match Excel's
      ['合计', null, 125.5, null, null, null, null], // merged A5:B5 → value in A5 only
    ]);
    expect(orders.numberFormats![1].slice(0, 3)).toEqual(['General', 'yyyy-mm-dd', '#,##0.00']);
    expect(orders.numberFormats![2].slice(0, 3)).toEqual(['General', 'yyyy-mm-dd hh:mm', '#,##0.00']);
    expect(orders.numberFormats![0]).toEqual(Array(7).fill('General'));
    // The workbook's one blank sheet is said (issue 17), as information: it is not an error to have one.
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.where?.sheet])).toEqual([
      ['read.empty_sheet', 'info', 'Empty'],
    ]);
  });

  it('addresses a grid from the top-left of the used range', async () => {
    const r = await readXlsx(mainPath);
    const g = r.grids.find((x) => x.sheet === 'Offset')!;
    expect(g.address).toBe('C3:E5');
    expect(g.values).toEqual([
      ['客户ID', '金额', null],
      ['C001', null, null],
      [null, null, 9],
    ]);
  });

  it('lists every sheet with its state, skips empty ones and keeps _loopbook apart', async () => {
    const r = await readXlsx(mainPath);
    expect(r.sheets.map((s) => [s.name, s.state, s.address])).toEqual([
      ['Orders', 'visible', 'A1:G5'],
      ['Offset', 'visible', 'C3:E5'],
      ['Empty', 'visible', null],
      ['Hidden', 'hidden', 'A1'],
      ['Tbl', 'visible', 'B2:C4'],
    ]);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Orders', 'Offset', 'Hidden', 'Tbl']);
    expect(r.loopbook?.values).toEqual([['{"version":1}']]);
    const without = await readXlsx(mainPath, { loopbook: false });
    expect(without.loopbook).toBeUndefined();
  });

  it('reports Excel tables and cuts them out of the sheet grid', async () => {
    const r = await readXlsx(mainPath);
    expect(r.tables).toEqual([{ name: 'Sales', sheet: 'Tbl', ref: 'B2:C4', headerRow: true, totalsRow: false }]);
    const sheet = r.grids.find((g) => g.sheet === 'Tbl')!;
    const t = sliceGrid(sheet, r.tables[0].ref, 'Sales');
    expect(t).toMatchObject({
      sheet: 'Tbl',
      address: 'B2:C4',
      tableName: 'Sales',
      values: [
        ['region', 'revenue'],
        ['华东', 10],
        ['华北', 20],
      ],
    });
  });

  it('reads only the sheets asked for (case-insensitive)', async () => {
    const r = await readXlsx(mainPath, { sheets: ['offset'] });
    expect(r.grids.map((g) => g.sheet)).toEqual(['Offset']);
  });

  it('keeps 1904-system serials as stored and says so', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('D');
    ws.getCell('A1').value = JAN15;
    ws.getCell('A1').numFmt = 'yyyy-mm-dd';
    const r = await readXlsx(await save('d1904.xlsx', wb));
    expect(r.date1904).toBe(true);
    // 45306 − 1462 = 43844 (1904 system), as Excel stores it; ingest shifts it back.
    expect(r.grids[0]).toMatchObject({ values: [[43844]], date1904: true, numberFormats: [['yyyy-mm-dd']] });
  });

  it('handles hand-written XML: inline rich strings, phonetic runs, refs left out, t="d", date1904="true", zh-CN built-in formats', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('X');
    ws.getCell('A1').value = 1;
    ws.getCell('A1').numFmt = 'mm-dd-yy'; // built-in id 14, patched to id 31 below
    const bytes = patchZip(new Uint8Array(await wb.xlsx.writeBuffer()), (p) => {
      p['xl/workbook.xml'] = p['xl/workbook.xml'].replace(/<workbookPr\b/, '<workbookPr date1904="true"');
      p['xl/styles.xml'] = p['xl/styles.xml'].replace('numFmtId="14"', 'numFmtId="31"');
      const sid = /<c r="A1" s="(\d+)"/.exec(p['xl/worksheets/sheet1.xml'])![1];
      p['xl/worksheets/sheet1.xml'] = p['xl/worksheets/sheet1.xml'].replace(
        /<sheetData>[\s\S]*<\/sheetData>/,
        '<sheetData>' +
          `<row r="2"><c r="B2" s="${sid}"><v>43844</v></c>` +
          '<c t="inlineStr"><is><r><t>春季</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 大促</t></r><rPh sb="0" eb="2"><t>chunji</t></rPh></is></c>' +
          '<c t="d"><v>2024-01-15T12:00:00</v></c></row>' +
          '<row><c r="B3" t="b"><v>1</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c t="str"><f>A1</f><v>a&amp;b</v></c></row>' +
          '</sheetData>',
      );
    });
    const p = join(dir, 'hand.xlsx');
    writeFileSync(p, bytes);
    const r = await readXlsx(p);
    expect(r.date1904).toBe(true);
    expect(r.grids[0].address).toBe('B2:D3');
    expect(r.grids[0].values).toEqual([
      [43844, '春季 大促', 45306.5 - 1462],
      [true, '#DIV/0!', 'a&b'],
    ]);
    expect(r.grids[0].numberFormats![0][0]).toBe('yyyy"年"m"月"d"日"');
  });

  it('decodes Chinese text that straddles zip chunks (shared strings, inline strings, sheet names)', async () => {
    // ExcelJS 4.4.0's own reader garbled these (客户ID → 客���ID) by decoding each chunk alone; 10,000 rows
    // of ~100 bytes of UTF-8 (about 1 MB of sheet XML) span many of the reader's 64 KB inflate chunks,
    // so some three-byte character lands on a chunk boundary.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户名单');
    const expected: string[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const row = [`客户${i}号·上海市浦东新区`, `社群运营活动第${i % 97}期`];
      expected.push(row);
      ws.addRow(row);
    }
    ws.getCell('C1').value = { richText: [{ text: '春季' }, { font: { bold: true }, text: '大促' }] };
    const r = await readXlsx(await save('zh.xlsx', wb));
    expect(r.sheets[0].name).toBe('客户名单');
    const values = r.grids[0].values;
    expect(values.map((row) => row.slice(0, 2))).toEqual(expected);
    expect(values[0][2]).toBe('春季大促');
  });

  it('finds every part through the zip directory whatever order the writer stored them in', async () => {
    // ExcelJS's streaming reader (used here before) walked the entries in stored order and, under load,
    // intermittently lost the last one (exceljs issue #3064): CI once read main.xlsx without its last
    // sheet. Stored here with the workbook, shared strings and styles first and the worksheets in
    // reverse after them, the table's sheet (sheet6.xml) is the archive's last entry; the reader must
    // return exactly what it reads from the original (ExcelJS's order: worksheets, then shared strings,
    // styles, and workbook.xml last).
    const files = unzipSync(new Uint8Array(readFileSync(mainPath)));
    const names = Object.keys(files);
    const isSheet = (n: string): boolean => /^xl\/worksheets\/sheet\d+\.xml$/.test(n);
    const order = [...names.filter((n) => !isSheet(n)), ...names.filter(isSheet).reverse()];
    const reordered: Record<string, Uint8Array> = {};
    for (const name of [...order.filter((n) => n !== 'xl/worksheets/sheet6.xml'), 'xl/worksheets/sheet6.xml']) {
      reordered[name] = files[name];
    }
    expect(Object.keys(reordered).at(-1)).toBe('xl/worksheets/sheet6.xml');
    expect(names.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet6.xml'));
    const path = join(dir, 'reordered.xlsx');
    writeFileSync(path, zipSync(reordered));
    const original = await readXlsx(mainPath);
    const r = await readXlsx(path);
    expect(r.grids).toEqual(original.grids);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Orders', 'Offset', 'Hidden', 'Tbl']);
    expect(r.tables).toEqual(original.tables);
    expect(r.loopbook).toEqual(original.loopbook);
  });

  it('returns an error diagnostic, never throws, for a missing or broken file', async () => {
    const missing = await readXlsx(join(dir, 'nope.xlsx'));
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['read.unreadable']);
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, 'this is not a zip');
    const b = await readXlsx(broken);
    expect(b.grids).toEqual([]);
    expect(b.diagnostics[0]).toMatchObject({ code: 'read.unreadable', severity: 'error' });
  });
});

describe('address helpers', () => {
  it('converts column numbers and references', () => {
    // Excel: column 26 is Z, 27 AA, 16384 XFD (the last column).
    expect([1, 26, 27, 52, 16384].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'XFD']);
    expect(parseCellRef('$AB$12')).toEqual({ row: 12, col: 28 });
    expect(parseCellRef('12')).toBeNull();
  });

  it('slices with cells outside the grid read as null, and leaves the grid unchanged', () => {
    const grid = Object.freeze({
      sheet: 'S',
      address: 'B2:C3',
      values: Object.freeze([Object.freeze([1, 2]), Object.freeze([3, 4])]),
    }) as never;
    expect(sliceGrid(grid, 'C3:D4')?.values).toEqual([
      [4, null],
      [null, null],
    ]);
    expect(sliceGrid(grid, 'nonsense')).toBeNull();
  });
});
