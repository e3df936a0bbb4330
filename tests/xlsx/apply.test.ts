import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { absoluteRef } from '../../src/plan/a1.js';
import type { AddChartOp, Plan } from '../../src/plan/types.js';
import { ownedSheets, storeFromCells, storeToCells } from '../../src/recipe/store.js';
import { applyPlanToXlsx, readLoopbookStore, sheetNames } from '../../src/xlsx/apply.js';
import { channelResult, rfmResult } from '../report/fixtures.js';
import { planFor, RUN, userWorkbook } from './apply-fixtures.js';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

function parts(bytes: Uint8Array, re: RegExp): Record<string, string> {
  const files = unzipSync(bytes, { filter: (f) => re.test(f.name) });
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

/** Chart parts as { types, refs }: plot types (`col`/`bar` for bar charts) and every series formula. */
function charts(bytes: Uint8Array): { name: string; types: string[]; refs: string[]; secondary: boolean }[] {
  return Object.entries(parts(bytes, /^xl\/charts\/chart\d+\.xml$/)).map(([name, xml]) => {
    const types = [...xml.matchAll(/<(barChart|lineChart|pieChart|doughnutChart|scatterChart)>([\s\S]*?)<\/\1>/g)].map(
      (m) =>
        m[1] === 'barChart'
          ? (/<barDir val="(\w+)"/.exec(m[2])?.[1] ?? 'bar') + (/<grouping val="stacked"/.test(m[2]) ? 'Stacked' : '')
          : m[1].replace('Chart', ''),
    );
    const refs = [...xml.matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1].replace(/&#39;|&apos;/g, "'"));
    return { name, types, refs, secondary: (xml.match(/<valAx>/g) ?? []).length > 1 };
  });
}

const expectedType: Record<AddChartOp['type'], string[]> = {
  column: ['col'],
  stackedColumn: ['colStacked'],
  bar: ['bar'],
  stackedBar: ['barStacked'],
  line: ['line'],
  pie: ['pie'],
  doughnut: ['doughnut'],
  scatter: ['scatter'],
  combo: ['col', 'line'],
};

let plan: Plan;
let out: Uint8Array;
let user: Uint8Array;

beforeAll(async () => {
  plan = planFor([], []);
  out = await applyPlanToXlsx(null, plan);
  user = await userWorkbook();
});

describe('applyPlanToXlsx on a new workbook', () => {
  it('writes the same package for the same plan, run after run', async () => {
    // excelize lists the content types' <Default> elements from a Go map, in a new order each run; orderDefaults
    // sorts them by extension. Three writes must unzip to the same parts, byte for byte.
    const parts = [out, await applyPlanToXlsx(null, plan), await applyPlanToXlsx(null, plan)].map((b) => unzipSync(b));
    for (const other of parts.slice(1)) {
      expect(Object.keys(other).sort()).toEqual(Object.keys(parts[0]).sort());
      for (const name of Object.keys(parts[0])) expect(strFromU8(other[name]), name).toBe(strFromU8(parts[0][name]));
    }
    const ct = strFromU8(parts[0]['[Content_Types].xml']);
    const extensions = [...ct.matchAll(/<Default\b[^>]*\bExtension="([^"]*)"/g)].map((m) => m[1]);
    expect(extensions.length).toBeGreaterThan(3);
    expect(extensions).toEqual([...extensions].sort());
  });

  it('writes the sheets in order, the store very hidden, the Dashboard active', async () => {
    const wb = await load(out);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Dashboard', 'visible'],
      ['Channel performance', 'visible'],
      ['RFM segments', 'visible'],
      ['_loopbook', 'veryHidden'],
    ]);
    const wbXml = parts(out, /^xl\/workbook\.xml$/)['xl/workbook.xml'];
    expect(wbXml).toMatch(/<sheet state="veryHidden" name="_loopbook"/);
    expect(/activeTab="(\d+)"/.exec(wbXml)?.[1] ?? '0').toBe('0');
  });

  it('reads back the values and number formats with an independent reader (ExcelJS)', async () => {
    const ws = (await load(out)).getWorksheet('Channel performance')!;
    expect(ws.getCell('A1').value).toBe('Channel performance');
    expect(ws.getCell('A2').value).toBe('As of: 2024-12-31');
    expect(ws.getCell('A13').value).toBe('Channel');
    expect(ws.getCell('B14').value).toBe(120000);
    expect(ws.getCell('B14').numFmt).toBe('"¥"#,##0.00;-"¥"#,##0.00');
    expect(ws.getCell('G14').numFmt).toBe('0.0%');
    expect(ws.getCell('E18').value).toBeNull(); // ROAS empty where spend is zero
    // Weekly table: 2024-01-01 = serial 45292 with a date format, read by ExcelJS as that date (UTC).
    expect(ws.getCell('A23').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('A23').value).toEqual(new Date(Date.UTC(2024, 0, 1)));
    // KPI tile: value, number format, and the change with its arrow format.
    expect(ws.getCell('A8').value).toBe(300000);
    expect(ws.getCell('A8').numFmt).toBe('"¥"#,##0;-"¥"#,##0');
    expect(ws.getCell('A8').font.bold).toBe(true);
    expect(ws.getCell('A9').value).toBe(0.12);
    expect(ws.getCell('A9').numFmt).toBe('"▲ "0.0%;"▼ "0.0%;0.0%');
    const zh = await load(await applyPlanToXlsx(null, planFor([], [], undefined, undefined, 'zh-CN')));
    expect(zh.worksheets.map((w) => w.name)).toEqual(['仪表板', '渠道表现', 'RFM 分层', '_loopbook']);
    expect(zh.getWorksheet('渠道表现')!.getCell('A13').value).toBe('渠道');
  });

  it('stores formula-looking user text as text, never as a formula', async () => {
    const wb = await load(out);
    const a18 = wb.getWorksheet('Channel performance')!.getCell('A18');
    expect(a18.type).toBe(ExcelJS.ValueType.String);
    expect(a18.value).toBe('=HYPERLINK("http://x","affiliate")');
    const rfm = wb.getWorksheet('RFM segments')!;
    expect([rfm.getCell('A15').value, rfm.getCell('A16').value]).toEqual(['-At risk', '@lost']);
    expect(rfm.getCell('A15').type).toBe(ExcelJS.ValueType.String);
    for (const [name, xml] of Object.entries(parts(out, /^xl\/worksheets\/sheet\d+\.xml$/)))
      expect(xml, name).not.toMatch(/<f>|<f /);
  });

  it('adds Excel tables, conditional formats, freeze panes and hyperlinks', () => {
    const tables = Object.values(parts(out, /^xl\/tables\/table\d+\.xml$/));
    const refs = tables.map((x) => [
      / name="([^"]+)"/.exec(x)?.[1],
      / ref="([^"]+)"/.exec(x)?.[1],
      /TableStyle\w+/.exec(x)?.[0],
    ]);
    expect(refs.sort()).toEqual([
      ['LB_channel_performance_byChannel', 'A13:H18', 'TableStyleMedium2'],
      ['LB_channel_performance_weekly', 'A22:C26', 'TableStyleMedium2'],
      ['LB_rfm_segments', 'A13:C16', 'TableStyleMedium2'],
    ]);
    const sheets = Object.values(parts(out, /^xl\/worksheets\/sheet\d+\.xml$/));
    const channel = sheets.find((x) => x.includes('LB_') || x.includes('dataBar'))!;
    expect(channel).toMatch(/<conditionalFormatting sqref="B14:B18">[\s\S]*?dataBar/);
    expect(channel).toMatch(/<conditionalFormatting sqref="E14:E18">[\s\S]*?colorScale/);
    expect(channel).toMatch(/<conditionalFormatting sqref="F14:F18">[\s\S]*?iconSet="3Arrows"/);
    const pane = /<pane [^>]*>/.exec(channel)?.[0];
    expect(pane).toMatch(/ySplit="13"/);
    expect(pane).toMatch(/state="frozen"/);
    const dash = sheets.find((x) => x.includes('location='))!;
    // Links sit in the row under the headline figures (one per tile) and in a cell right of each finding's
    // band, never on wrapped text (LibreOffice does not wrap a hyperlink cell). The fixture's findings start at
    // row 6 (title row 5), its five headline tiles at row 11 with their links at row 14.
    const dashXml = dash.replace(/&#39;/g, "'");
    expect(dashXml).toMatch(/<hyperlink ref="F6" location="'RFM segments'!A1" display="RFM segments ›"/);
    expect(dashXml).toMatch(/<hyperlink ref="B14" location="'Channel performance'!A1"/);
    expect(dashXml).toMatch(/<hyperlink ref="A14" location="'RFM segments'!A1"/);
    expect(dashXml).not.toMatch(/<hyperlink ref="A(6|7|8|37|38)"/);
  });

  it('draws native charts of the requested types on the requested series ranges', () => {
    const drawn = charts(out);
    const ops = plan.ops.filter((o): o is AddChartOp => o.op === 'addChart');
    expect(drawn).toHaveLength(ops.length);
    for (const op of ops) {
      const want = op.series.flatMap((s) => [
        absoluteRef(s.name.sheet, s.name.address),
        absoluteRef(s.categories.sheet, s.categories.address),
        absoluteRef(s.values.sheet, s.values.address),
      ]);
      const match = drawn.find((c) => want.every((r) => c.refs.includes(r)) && c.refs.length === want.length);
      expect(match, `chart ${op.name}`).toBeDefined();
      expect(match!.types, op.name).toEqual(expectedType[op.type]);
      expect(match!.secondary, op.name).toBe(op.series.some((s) => s.axis === 'secondary'));
    }
  });

  it('draws every chart type a Report can ask for', async () => {
    const r = channelResult();
    const kinds = [
      'column',
      'stackedColumn',
      'bar',
      'stackedBar',
      'line',
      'pie',
      'doughnut',
      'scatter',
      'combo',
    ] as const;
    r.charts = kinds.map((kind) => ({
      name: kind,
      title: { en: kind, 'zh-CN': kind },
      kind,
      table: 'byChannel',
      category: kind === 'scatter' ? 'spend' : 'channel',
      series: kind === 'pie' || kind === 'doughnut' || kind === 'scatter' ? ['revenue'] : ['spend', 'revenue'],
      ...(kind === 'combo' ? { secondary: ['roas'] } : {}),
    }));
    const p = planFor([], [], undefined, [r]);
    const bytes = await applyPlanToXlsx(null, p);
    const drawn = charts(bytes);
    const ops = p.ops.filter((o): o is AddChartOp => o.op === 'addChart' && o.sheet === 'Channel performance');
    expect(ops.map((o) => o.type)).toEqual([...kinds]);
    for (const op of ops) {
      const values = op.series.map((x) => absoluteRef(x.values.sheet, x.values.address));
      const match = drawn.find(
        (c) => values.every((v) => c.refs.includes(v)) && c.types.join() === expectedType[op.type].join(),
      );
      expect(match, op.type).toBeDefined();
    }
  });

  it('saves the recipe store, readable by the applier and by an independent reader', async () => {
    const mine = await readLoopbookStore(out);
    expect(mine.diagnostics).toEqual([]);
    expect(mine.store?.log.runs).toEqual([{ ...RUN, sheets: plan.sheets }]);
    const ws = (await load(out)).getWorksheet('_loopbook')!;
    const col: string[] = [];
    ws.getColumn(1).eachCell((c) => col.push(typeof c.value === 'string' ? c.value : JSON.stringify(c.value)));
    expect(storeFromCells(col).store).toEqual(mine.store);
    expect(await readLoopbookStore(user)).toEqual({ store: null, diagnostics: [] });
  });

  it('reads a store another host saved with shared strings (as Excel does)', async () => {
    const store = {
      recipe: null,
      log: { version: 1 as const, runs: [{ ...RUN, sheets: ['仪表板', 'A & <B>', '_loopbook'] }] },
    };
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Data').getCell('A1').value = 'x';
    const ws = wb.addWorksheet('_loopbook');
    storeToCells(store).forEach((text, i) => (ws.getCell(i + 1, 1).value = text));
    ws.state = 'veryHidden';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(
      strFromU8(unzipSync(bytes, { filter: (f) => f.name === 'xl/sharedStrings.xml' })['xl/sharedStrings.xml']),
    ).toContain('loopbook-store');
    expect(await readLoopbookStore(bytes)).toEqual({ store, diagnostics: [] });
    // And through the applier's own inline strings, with text that looks like an OOXML escape (`_x0041_`).
    // (ExcelJS writes such text unescaped, so it is left out of the shared-strings case above.)
    const tricky = { ...store, log: { ...store.log, runs: [{ ...RUN, sheets: ['_x0041_', 'A & <B>', '_loopbook'] }] } };
    const p = planFor([], []);
    const save = p.ops.find((o) => o.op === 'saveRecipe')!;
    if (save.op === 'saveRecipe') {
      save.values = storeToCells(tricky).map((t) => [{ text: t }]);
      save.address = `A1:A${save.values.length}`;
    }
    expect((await readLoopbookStore(await applyPlanToXlsx(null, p))).store).toEqual(tricky);
  });
});

describe('applyPlanToXlsx on a user’s workbook', () => {
  it('keeps the user’s sheets, formulas, table, chart, pivot table and defined names', async () => {
    const copy = user.slice();
    const p = planFor(await sheetNames(user), []);
    const result = await applyPlanToXlsx(user, p);
    expect(user).toEqual(copy); // the input bytes are never modified
    const wb = await load(result);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Data',
      'Pivot',
      'Big',
      'Dashboard',
      'Dashboard (2)',
      'Channel performance',
      'RFM segments',
      '_loopbook',
    ]);
    expect(wb.getWorksheet('Dashboard')!.getCell('A1').value).toBe('mine');
    expect(wb.getWorksheet('Data')!.getCell('D2').formula).toBe('C2/B2');
    expect(wb.getWorksheet('Data')!.getCell('B3').value).toBe(110);
    // Parts of the user's table, chart and pivot table come through byte for byte.
    const before = parts(user, /^xl\/(tables|charts|pivotTables|pivotCache)\//);
    const after = parts(result, /^xl\/(tables|charts|pivotTables|pivotCache)\//);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(4);
    for (const [name, xml] of Object.entries(before)) expect(after[name], name).toBe(xml);
    expect(Object.values(before).some((x) => x.includes('UserPivot'))).toBe(true);
    const wbXml = parts(result, /^xl\/workbook\.xml$/)['xl/workbook.xml'];
    expect(wbXml).toMatch(/<definedName name="SpendRange"[^>]*>Data!\$B\$2:\$B\$11<\/definedName>/);
    expect(wbXml).toMatch(/<definedName name="TaxRate"[^>]*>0\.06<\/definedName>/);
    // The big user sheet is byte for byte the same, apart from no longer being the selected tab.
    const sheetXml = (b: Uint8Array) =>
      Object.values(parts(b, /^xl\/worksheets\/sheet\d+\.xml$/)).find((x) => x.includes('r="A800"'))!;
    expect(sheetXml(user).length).toBeGreaterThan(32 * 1024);
    expect(sheetXml(result)).toBe(sheetXml(user).replace(/\s+tabSelected="(1|true)"/g, ''));
    // Only the Dashboard is selected, and it is the active tab.
    const selected = Object.values(parts(result, /^xl\/worksheets\/sheet\d+\.xml$/)).filter((x) =>
      /<sheetView\b[^>]*tabSelected="(1|true)"/.test(x),
    );
    expect(selected).toHaveLength(1);
    expect(selected[0]).toContain('Loopbook results');
    expect(/activeTab="(\d+)"/.exec(wbXml)?.[1]).toBe('4');
  });

  it('re-applying replaces only its own sheets and keeps the user’s "Dashboard"', async () => {
    const first = await applyPlanToXlsx(user, planFor(await sheetNames(user), []));
    const log = (await readLoopbookStore(first)).store!.log;
    const second = await applyPlanToXlsx(first, planFor(await sheetNames(first), ownedSheets(log), log));
    expect(await sheetNames(second)).toEqual(await sheetNames(first));
    const wb = await load(second);
    expect(wb.getWorksheet('Dashboard')!.getCell('A1').value).toBe('mine');
    expect(wb.getWorksheet('Dashboard (2)')!.getCell('A1').value).toBe('Loopbook results');
    // One table per name, the user's kept: no leftovers from the replaced sheets.
    const names = Object.values(parts(second, /^xl\/tables\/table\d+\.xml$/)).map(
      (x) => / name="([^"]+)"/.exec(x)?.[1],
    );
    expect(names.sort()).toEqual([
      'LB_channel_performance_byChannel',
      'LB_channel_performance_weekly',
      'LB_rfm_segments',
      'UserTable',
    ]);
    expect((await readLoopbookStore(second)).store!.log.runs).toHaveLength(2);
    // A third run with only RFM deletes the channel sheet it no longer writes.
    const log2 = (await readLoopbookStore(second)).store!.log;
    const third = await applyPlanToXlsx(
      second,
      planFor(await sheetNames(second), ownedSheets(log2), log2, [rfmResult()]),
    );
    expect(await sheetNames(third)).toEqual([
      'Data',
      'Pivot',
      'Big',
      'Dashboard',
      'Dashboard (2)',
      'RFM segments',
      '_loopbook',
    ]);
    // The user's formula into Loopbook's Dashboard survives the replacement (not turned into #REF!).
    expect((await load(third)).getWorksheet('Big')!.getCell('D1').formula).toBe("'Dashboard (2)'!A1");
  });

  it('is all or nothing: a Plan that would touch a user sheet fails and returns nothing', async () => {
    const copy = user.slice();
    const p = planFor([], []); // built as if the workbook had no "Dashboard": it would clash
    await expect(applyPlanToXlsx(user, p)).rejects.toThrow(/already has a sheet of that name/);
    const rogue: Plan = { ...p, ops: [...p.ops, { op: 'writeValues', sheet: 'Data', address: 'A1', values: [['x']] }] };
    await expect(applyPlanToXlsx(null, rogue)).rejects.toThrow(/did not create/);
    await expect(applyPlanToXlsx(null, { ...p, version: 2 as 1 })).rejects.toThrow(/version 2/);
    expect(user).toEqual(copy);
  });
});
