// Issue 19, Office side: the run's active sheet opens alone (never a group of selected tabs), and result
// dates are written in the workbook's own date system. Dates are read back from the stand-in's cells and
// turned into calendar days with each system's own epoch (1900 system: serial 0 = 1899-12-30 for serials
// after 1900-02-28; 1904 system: serial 0 = 1904-01-01 — ECMA-376 Part 1, 18.17.4.1), independently of
// the applier's code.
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import type { SimExcel } from '../../addin/excel-sim/index.js';
import { loadXlsxModel } from '../../addin/excel-sim/load-xlsx.js';
import { applyPlan } from '../../addin/office/applier.js';
import { valuesIn1904 } from '../../addin/office/date-system.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { Plan, WriteValuesOp } from '../../src/plan/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import { applyPlanToXlsx } from '../../src/xlsx/apply.js';
import { channelResult, context, deepFreeze, rfmResult } from '../report/fixtures.js';

const RUN = { at: '2025-01-01T00:00:00Z', host: 'addin' as const, loopbook: '0.1.0', inputs: [] };
const DAY = 86_400_000;
const iso1900 = (serial: number): string => new Date(Date.UTC(1899, 11, 30) + serial * DAY).toISOString().slice(0, 10);
const iso1904 = (serial: number): string => new Date(Date.UTC(1904, 0, 1) + serial * DAY).toISOString().slice(0, 10);

function planFor(existingSheetNames: string[]): Plan {
  const report = buildReport([channelResult(), rfmResult()], context('en'));
  return deepFreeze(
    buildPlan(report, { existingSheetNames, ownedSheets: [], store: { recipe: null, log: emptyRunLog(), run: RUN } }),
  );
}

/** The Plan's date-formatted week column on the channel sheet (the fixture's weekly table). */
function weekCells(plan: Plan): { sheet: string; r0: number; serials: number[] } {
  const nf = plan.ops.find((o) => o.op === 'numberFormat' && o.format === 'yyyy-mm-dd')!;
  expect(nf).toMatchObject({ sheet: 'Channel performance', address: 'A23:A26' });
  const w = plan.ops.find(
    (o): o is WriteValuesOp => o.op === 'writeValues' && o.sheet === nf.sheet && o.address.startsWith('A22:'),
  )!;
  return { sheet: nf.sheet, r0: 22, serials: w.values.slice(1).map((row) => row[0] as number) };
}

async function applied(sim: SimExcel, plan: Plan) {
  const r = await sim.run((ctx) => applyPlan(ctx, plan));
  expect(r.outcome).toBe('applied');
  return r;
}

describe('dates in the workbook’s date system', () => {
  it('writes the same calendar dates into a 1904 workbook as into a 1900 one; other numbers unchanged', async () => {
    const plan = planFor(['Orders']);
    const { sheet, r0, serials } = weekCells(plan);
    // The fixture's weeks: 2024-01-01 is serial 45292 in the 1900 system, then weekly.
    expect(serials.map(iso1900)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
    const books = await Promise.all(
      [false, true].map(async (date1904) => {
        const sim = createSimExcel({ date1904 });
        sim.model.addSheet('Orders').setRaw(0, 0, 'id');
        const r = await applied(sim, plan);
        expect(r.diagnostics).toEqual([]);
        const s = sim.model.sheet(sheet);
        return {
          dates: serials.map((_, i) => s.getValue(r0 + i, 0) as number),
          spend: serials.map((_, i) => s.getValue(r0 + i, 1)),
        };
      }),
    );
    expect(books[0].dates.map(iso1900)).toEqual(serials.map(iso1900));
    expect(books[1].dates.map(iso1904)).toEqual(serials.map(iso1900));
    // In the 1904 book, the stored serials are 1,462 lower (4 years and a day).
    expect(books[1].dates).toEqual(serials.map((v) => v - 1462));
    // Spend beside the dates (10,000 + 1,000 a week in the fixture) is not a date and stays as it is.
    expect(books[1].spend).toEqual([10000, 11000, 12000, 13000]);
    expect(books[1].spend).toEqual(books[0].spend);
  });

  it('writes dates the 1904 system cannot show as ISO text, with a warning naming the sheet', async () => {
    const plan = deepFreeze<Plan>({
      version: 1,
      sheets: ['Out'],
      maxRequestBytes: 4_000_000,
      ops: [
        { op: 'addSheet', sheet: 'Out', key: 'dashboard', role: 'dashboard', staging: 'Out_lbnew', replaces: null },
        {
          op: 'writeValues',
          sheet: 'Out',
          address: 'A1:B2',
          values: [
            [100, 100],
            [45292, 'x'],
          ],
        },
        { op: 'numberFormat', sheet: 'Out', address: 'A1:A2', format: 'yyyy-mm-dd' },
        { op: 'activateSheet', sheet: 'Out' },
      ],
    });
    const sim = createSimExcel({ date1904: true });
    sim.model.addSheet('Sheet1');
    const r = await applied(sim, plan);
    const s = sim.model.sheet('Out');
    // Serial 100 is 1900-04-09 (before 1904): text. 45292 is 2024-01-01: 43830 in the 1904 system.
    expect([s.getValue(0, 0), s.getValue(1, 0)]).toEqual(['1900-04-09', 43830]);
    expect(iso1904(43830)).toBe('2024-01-01');
    expect(s.getValue(0, 1)).toBe(100); // B1 is not date-formatted
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['apply.date1904Early', 'warning']]);
    expect(r.diagnostics[0].message.en).toContain('Out (1)');
  });

  it('shifts only the date-formatted part of a block and leaves the plan’s arrays untouched', () => {
    const op: WriteValuesOp = deepFreeze({
      op: 'writeValues',
      sheet: 'S',
      address: 'B2:C3',
      values: [
        [45292, 45292],
        [null, { text: '45292' }],
      ],
    });
    // Only column C (C1:C9) is a date: B stays, C2 shifts, the text in C3 stays text.
    const { values, early } = valuesIn1904(op, [{ r0: 0, c0: 2, rows: 9, cols: 1 }]);
    expect(values).toEqual([
      [45292, 43830],
      [null, { text: '45292' }],
    ]);
    expect(early).toBe(0);
    expect(op.values[0][1]).toBe(45292);
    expect(valuesIn1904(op, undefined).values).toBe(op.values);
  });
});

/** A workbook whose Orders and Notes tabs are both selected (a group), Orders active, as a file stores it. */
async function groupedInput(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Orders').addRows([
    ['id', 'amount'],
    ['o1', 10],
  ]);
  wb.addWorksheet('Notes').getCell('A1').value = 'my notes';
  wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  const files = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  for (const part of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
    const xml = strFromU8(files[part]);
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

describe('the run’s active sheet opens alone', () => {
  it('ends a group of selected tabs: the Dashboard is active and the only selected sheet', async () => {
    const input = await groupedInput();
    const sim = createSimExcel({ model: await loadXlsxModel(input) });
    expect(sim.snapshot()).toMatchObject({ activeSheet: 'Orders', selectedSheets: ['Orders', 'Notes'] });
    const plan = planFor(['Orders', 'Notes']);
    await applied(sim, plan);
    expect(sim.snapshot()).toMatchObject({ activeSheet: plan.sheets[0], selectedSheets: [plan.sheets[0]] });
  });

  it('matches the .xlsx applier on the same plan: same active sheet, selected alone, fresh and in place', async () => {
    for (const input of [null, await groupedInput()]) {
      const plan = planFor(input ? ['Orders', 'Notes'] : []);
      const sim = input ? createSimExcel({ model: await loadXlsxModel(input) }) : createSimExcel();
      if (!input) sim.model.addSheet('Sheet1');
      await applied(sim, plan);
      const office = sim.snapshot();
      const xlsx = createSimExcel({ model: await loadXlsxModel(await applyPlanToXlsx(input, plan)) }).snapshot();
      const pick = (s: typeof office) => ({ activeSheet: s.activeSheet, selectedSheets: s.selectedSheets });
      expect(pick(office)).toEqual({ activeSheet: 'Dashboard', selectedSheets: ['Dashboard'] });
      expect(pick(xlsx)).toEqual(pick(office));
    }
  });
});
