// A user's workbook with a shared-string table large enough (≥ 32 KB) to be set aside while excelize works
// (apply-zip.ts), analysed with pivots over Customer facts (the one table excelize itself still makes).
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { excelize, applyPlanToXlsx, sheetNames } from '../../src/xlsx/apply.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { CUSTOMERS, results } from '../plan/pivot-fixtures.js';

async function bigStringsWorkbook(): Promise<Uint8Array> {
  const f = (await excelize()).NewFile();
  // 2,000 distinct texts of ~30 characters: a ~70 KB sharedStrings.xml.
  for (let i = 1; i <= 2000; i++) f.SetCellStr('Sheet1', `A${i}`, `customer note number ${i} of many`);
  const w = f.WriteToBuffer();
  return w.buffer instanceof Uint8Array ? w.buffer : new Uint8Array(w.buffer as ArrayBuffer);
}

const part = (bytes: Uint8Array, name: string) => unzipSync(bytes, { filter: (f) => f.name === name })[name];

describe('applyPlanToXlsx with a large shared-string table', () => {
  it('keeps the user’s table byte for byte, writes its own texts inline, and its pivots still find their fields', async () => {
    const user = await bigStringsWorkbook();
    const sst = part(user, 'xl/sharedStrings.xml');
    expect(sst.length).toBeGreaterThan(32 * 1024);
    const plan = buildPlan(buildReport(deepFreeze(results()), context('en')), {
      existingSheetNames: await sheetNames(user),
      ownedSheets: [],
      existingNames: [],
    });
    expect(plan.ops.some((o) => o.op === 'addPivotTable')).toBe(true);
    const out = await applyPlanToXlsx(user, plan);
    expect(strFromU8(part(out, 'xl/sharedStrings.xml'))).toBe(strFromU8(sst));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Sheet1')!.getCell('A1234').value).toBe('customer note number 1234 of many');
    // Customer facts: the header row (held by excelize for the pivots) and the first customer, as the fixture lists it.
    const facts = wb.getWorksheet('Customer facts')!;
    const header = facts.getRows(1, facts.rowCount)!.find((r) => r.getCell(1).value === 'Customer')!;
    expect(header.getCell(8).value).toBe('Revenue');
    expect(facts.getRow(header.number + 1).getCell(1).value).toBe(CUSTOMERS[0][0]);
    const files = unzipSync(out);
    const pivots = Object.entries(files).filter(([n]) => /^xl\/pivotCache\/pivotCacheDefinition\d+\.xml$/.test(n));
    expect(pivots.length).toBeGreaterThan(0);
    for (const [, x] of pivots) expect(strFromU8(x)).toContain('<cacheField name="Revenue"');
    // The new sheets use no shared string: the user's table is all the workbook's shared strings.
    const sheets = Object.entries(files).filter(
      ([n]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) && n !== 'xl/worksheets/sheet1.xml',
    );
    for (const [n, x] of sheets) expect(strFromU8(x), n).not.toMatch(/<c\b[^>]*\st="s"/);
  });
});
