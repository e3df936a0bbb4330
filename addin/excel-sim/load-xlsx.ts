/**
 * Node-only: loads a .xlsx file's sheets (values, formulas, number formats, visibility), Excel tables,
 * defined names, date system, active sheet and selected tabs into a stand-in workbook, with ExcelJS; column
 * widths, row heights, PivotTables and slicers with load-pivots.ts. Keep it out of browser bundles.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { parseAddress, splitSheetAddress } from './address.js';
import { loadPivotsAndSlicers } from './load-pivots.js';
import { NOT_EVALUATED } from './formulas.js';
import { WorkbookModel } from './model.js';
import type { Stored } from './model.js';

const MS_PER_DAY = 86_400_000;

/** Excel serial of a date ExcelJS produced (it reads serials as UTC dates). */
function serial(d: Date, date1904: boolean): number {
  return d.getTime() / MS_PER_DAY + (date1904 ? 24_107 : 25_569);
}

function cellValue(v: ExcelJS.CellValue, date1904: boolean): { value: Stored; formula?: string } {
  if (v === null || v === undefined) return { value: undefined };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'string') return { value: v === '' ? undefined : v };
  if (v instanceof Date) return { value: serial(v, date1904) };
  if ('richText' in v) return { value: v.richText.map((r) => r.text).join('') };
  if ('error' in v) return { value: v.error };
  if ('formula' in v || 'sharedFormula' in v) {
    const f = v as ExcelJS.CellFormulaValue;
    const res = f.result;
    // The result the file cached (an error as its text); none, and the stand-in has no value to show
    // (Excel would calculate one): NOT_EVALUATED, never a made-up 0 (see formulas.ts).
    const inner: { value: Stored } =
      res === undefined || res === null
        ? { value: NOT_EVALUATED }
        : typeof res === 'object' && 'error' in res
          ? { value: res.error }
          : typeof res !== 'object' || res instanceof Date
            ? cellValue(res, date1904)
            : { value: NOT_EVALUATED };
    const formula = 'formula' in v && typeof v.formula === 'string' ? `=${v.formula}` : undefined;
    return formula === undefined ? inner : { value: inner.value, formula };
  }
  if ('hyperlink' in v) return { value: v.text };
  return { value: undefined };
}

const xmlText = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Names of the sheets whose `sheetView` has `tabSelected` (ExcelJS drops the attribute, so it is read here). */
function tabSelectedSheets(bytes: Uint8Array): Set<string> {
  const files = unzipSync(bytes, {
    filter: (f) =>
      f.name === 'xl/workbook.xml' ||
      f.name === 'xl/_rels/workbook.xml.rels' ||
      f.name.startsWith('xl/worksheets/sheet'),
  });
  const text = (name: string): string => (files[name] ? strFromU8(files[name]) : '');
  const targets = new Map<string, string>();
  for (const m of text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id !== undefined && target !== undefined)
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const selected = new Set<string>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid === undefined ? undefined : targets.get(rid);
    if (name === undefined || part === undefined) continue;
    if (/<sheetView\b[^>]*\btabSelected="(1|true)"/.test(text(part))) selected.add(xmlText(name));
  }
  return selected;
}

/**
 * The file's active sheet (`workbookView/@activeTab`, an index over all sheets; the first visible sheet
 * when absent or hidden) and the sheets grouped with it (`sheetView/@tabSelected`).
 */
function loadTabSelection(wb: ExcelJS.Workbook, bytes: Uint8Array, model: WorkbookModel): void {
  const visible = model.visibleSheets();
  if (visible.length === 0) return;
  const tab = (wb.views as Partial<ExcelJS.WorkbookView>[] | undefined)?.[0]?.activeTab;
  const atTab = tab === undefined ? undefined : model.sheets[tab];
  model.active = atTab?.visibility === 'Visible' ? atTab : visible[0];
  for (const name of tabSelectedSheets(bytes)) {
    const sheet = model.findSheet(name);
    if (sheet && sheet.visibility === 'Visible' && sheet !== model.active) model.grouped.add(sheet);
  }
}

/** Loads `.xlsx` bytes into a stand-in workbook. */
export async function loadXlsxModel(bytes: Uint8Array): Promise<WorkbookModel> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const date1904 = wb.properties.date1904;
  const model = new WorkbookModel({ date1904 });
  for (const ws of wb.worksheets) {
    const sheet = model.addSheet(ws.name);
    const state = ws.state as string;
    sheet.visibility = state === 'veryHidden' ? 'VeryHidden' : state === 'hidden' ? 'Hidden' : 'Visible';
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // ExcelJS repeats a merged area's value in every cell of it; in Excel only the top-left cell holds it.
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const { value, formula } = cellValue(cell.value, date1904);
        if (value !== undefined || formula !== undefined) sheet.setRaw(r - 1, c - 1, value, formula);
        const fmt = cell.numFmt;
        if (fmt && fmt !== 'General') sheet.setFormat(r - 1, c - 1, fmt);
      });
    });
    for (const t of Object.values(
      (ws as unknown as { tables: Record<string, { table?: { name: string; tableRef?: string; ref?: string } }> })
        .tables ?? {},
    )) {
      const ref = t.table?.tableRef ?? t.table?.ref;
      if (!t.table || !ref) continue;
      const table = model.addTable(sheet, parseAddress(ref), true);
      model.renameTable(table, t.table.name);
    }
  }
  loadTabSelection(wb, bytes, model);
  loadPivotsAndSlicers(model, unzipSync(bytes));
  // The PivotTables were laid out anew (refreshOnLoad): formulas that read them (GETPIVOTDATA) are calculated
  // from them; those the stand-in does not evaluate keep the values the file cached.
  model.calcDirty = true;
  model.calculate();
  // Defined names that refer to one range.
  const names = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
  for (const n of names) {
    if (n.ranges.length !== 1) continue;
    const { sheet, address } = splitSheetAddress(n.ranges[0]);
    const s = sheet === null ? undefined : model.findSheet(sheet);
    if (!s) continue;
    try {
      model.addName(n.name, s, parseAddress(address.replace(/\$/g, '')));
    } catch {
      // Names Excel allows but the stand-in's rules reject (e.g. _xlnm.Print_Area) are skipped.
    }
  }
  return model;
}
