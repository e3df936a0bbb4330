import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import type { SimExcel, WorkbookSnapshot } from '../../addin/excel-sim/index.js';
import { sheetsNamedIn } from '../../addin/excel-sim/formulas.js';
import { readStore } from '../../addin/office/recipe-store.js';
import { getPivotDataFormula } from '../../src/plan/pivots.js';
import { buildSummary } from '../../src/run/summary.js';
import { parseAddress } from '../../addin/excel-sim/address.js';
import { loadXlsxModel } from '../../addin/excel-sim/load-xlsx.js';
import { applyPlan } from '../../addin/office/applier.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { applyPlanToXlsx } from '../../src/xlsx/apply.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import type { AddChartOp, AddPivotTableOp, AddSlicerOp, PivotValueOp, Plan } from '../../src/plan/types.js';
import { channelResult, context, deepFreeze, rfmResult } from '../report/fixtures.js';
import { chartKindsResult } from './chart-kinds.js';
import { results as pivotResults } from '../plan/pivot-fixtures.js';
import { normRef, snapshotCharts, xlsxCharts } from './chart-parts.js';
import type { NormChart } from './chart-parts.js';

const RUN = { at: '2025-01-01T00:00:00Z', host: 'addin' as const, loopbook: '0.1.0', inputs: [] };

describe('parity of the Office applier with the .xlsx applier', () => {
  it('yields the same sheets, values, number formats and tables as the .xlsx applier', async () => {
    const report = buildReport([channelResult(), rfmResult()], context('zh-CN'));
    const plan = buildPlan(report, {
      existingSheetNames: [],
      ownedSheets: [],
      store: { recipe: null, log: emptyRunLog(), run: RUN },
    });
    const sim = createSimExcel();
    sim.model.addSheet('Sheet1');
    const r = await sim.run((ctx) => applyPlan(ctx, plan));
    expect(r.outcome).toBe('applied');
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').delete();
      await ctx.sync();
    });
    const office = sim.snapshot();
    const xlsx = createSimExcel({ model: await loadXlsxModel(await applyPlanToXlsx(null, plan)) }).snapshot();
    // Number formats of cells that hold a value (an empty formatted cell may or may not be stored in a file).
    const filled = (sh: WorkbookSnapshot['sheets'][number]) => {
      const m = /^([A-Z]+)(\d+)/.exec(sh.usedRange ?? 'A1')!;
      const c0 = m[1].charCodeAt(0) - 65;
      const r0 = Number(m[2]) - 1;
      return Object.fromEntries(
        Object.entries(sh.numberFormats).filter(([a]) => {
          const x = /^([A-Z])(\d+)$/.exec(a)!;
          return sh.values[Number(x[2]) - 1 - r0]?.[x[1].charCodeAt(0) - 65 - c0] !== '';
        }),
      );
    };
    // Values without trailing empty rows and columns: merged or formatted empty cells widen Excel's used
    // range, while a file keeps no record of them.
    const trimmed = (values: WorkbookSnapshot['sheets'][number]['values']) => {
      const rows = values.map((row) => {
        let n = row.length;
        while (n > 0 && row[n - 1] === '') n--;
        return row.slice(0, n);
      });
      while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
      return rows;
    };
    const pick = (s: WorkbookSnapshot) => ({
      sheets: s.sheets.map((sh) => ({
        name: sh.name,
        visibility: sh.visibility,
        values: trimmed(sh.values),
        numberFormats: filled(sh),
      })),
      tables: s.tables.map((t) => [t.name, t.sheet, t.address]),
    });
    expect(pick(xlsx)).toEqual(pick(office));
  });

  it.each(['en', 'zh-CN'] as const)(
    'yields the same chart types and series as the .xlsx applier, for every chart kind (%s)',
    async (lang) => {
      const results = deepFreeze([chartKindsResult(), channelResult()]);
      const report = buildReport(results, context(lang));
      const plan: Plan = deepFreeze(
        buildPlan(report, {
          existingSheetNames: [],
          ownedSheets: [],
          store: { recipe: null, log: emptyRunLog(), run: RUN },
        }),
      );
      const before = JSON.stringify(plan);
      const planCharts = plan.ops.filter((o): o is AddChartOp => o.op === 'addChart');
      // The fixture reaches every kind the Plan knows (a kind the report dropped would make this test vacuous).
      expect(new Set(planCharts.map((c) => c.type))).toEqual(
        new Set(['column', 'stackedColumn', 'bar', 'stackedBar', 'line', 'pie', 'doughnut', 'scatter', 'combo']),
      );

      const sim = createSimExcel();
      sim.model.addSheet('Sheet1');
      const r = await sim.run((ctx) => applyPlan(ctx, plan));
      expect(r.outcome).toBe('applied');
      const snap = sim.snapshot();
      const bytes = await applyPlanToXlsx(null, plan);
      const xlsxModel = await loadXlsxModel(bytes);
      const fromXlsx = await xlsxCharts(bytes);
      expect(JSON.stringify(plan)).toBe(before);

      // Stand-in charts in sheet order, then creation order (the .xlsx lists them per sheet in drawing order).
      const sheetOrder = snap.sheets.map((s) => s.name);
      const office = snapshotCharts(snap)
        .map((c, i) => ({ c, i }))
        .sort((a, b) => sheetOrder.indexOf(a.c.sheet) - sheetOrder.indexOf(b.c.sheet) || a.i - b.i)
        .map(({ c }) => c);
      const bare = (c: NormChart): NormChart => ({
        sheet: c.sheet,
        title: c.title,
        series: c.series.map((s) => ({ type: s.type, values: s.values, categories: s.categories, axis: s.axis })),
      });
      expect(fromXlsx.map(bare)).toEqual(office.map(bare));

      // Both match the Plan: every chart with its series' type, values, categories (x values) and axis.
      const planOrder = planCharts
        .map((c, i) => ({ c, i }))
        .sort((a, b) => sheetOrder.indexOf(a.c.sheet) - sheetOrder.indexOf(b.c.sheet) || a.i - b.i)
        .map(({ c }) => c);
      const ref = (x: { sheet: string; address: string }) => `${x.sheet}!${x.address}`;
      const expected: NormChart[] = planOrder.map((c) => ({
        sheet: c.sheet,
        title: c.title,
        series: c.series.map((s) => ({
          type: c.type === 'combo' ? s.mark : c.type,
          values: ref(s.values),
          categories: ref(s.categories),
          axis: s.axis,
        })),
      }));
      expect(office.map(bare)).toEqual(expected);

      // Series names: the .xlsx names each series by its header cell; that cell holds the name the stand-in shows.
      expect(fromXlsx.map((c) => c.series.map((s) => s.nameRef))).toEqual(
        planOrder.map((c) => c.series.map((s) => ref(s.name))),
      );
      const cellText = (full: string | null): unknown => {
        const [sheet, address] = normRef(full)!.split(/!(?=[^!]*$)/);
        const { r0, c0 } = parseAddress(address);
        return xlsxModel.sheet(sheet).getValue(r0, c0);
      };
      expect(fromXlsx.map((c) => c.series.map((s) => cellText(s.nameRef)))).toEqual(office.map((c) => c.seriesNames));

      // The combo on its own sheet, spelled out: two columns on the primary axis, ROAS as a line on the secondary.
      const kindsSheet = plan.sheets.find((s) => s.includes("O'Neil"))!;
      const combo = fromXlsx.filter((c) => c.sheet === kindsSheet).find((c) => c.series.length === 3)!;
      expect(combo.series.map((s) => [s.type, s.axis])).toEqual([
        ['column', 'primary'],
        ['column', 'primary'],
        ['line', 'secondary'],
      ]);
      expect(
        snap.charts
          .find(
            (c) =>
              c.sheet === kindsSheet &&
              c.name === planCharts.find((p) => p.sheet === kindsSheet && p.type === 'combo')!.name,
          )!
          .series.map((s) => [s.chartType, s.axisGroup]),
      ).toEqual([
        [null, 'Primary'],
        ['ColumnClustered', 'Primary'],
        ['LineMarkers', 'Secondary'],
      ]);
    },
  );

  // Known gaps, found while writing the test above and pinned here exactly as they are (when the .xlsx applier
  // is fixed this fails: assert parity instead). The Plan allows a secondary axis on a non-combo chart and a
  // combo whose first series is the line; the Office applier follows the Plan, while the .xlsx applier
  // (src/xlsx/apply.ts, chartOf) draws non-combo secondary series on the primary axis and puts a combo's
  // columns before its lines. No analysis produces these shapes today.
  it('a secondary axis outside a combo, or a combo that starts with its line, is drawn alike by both hosts', async () => {
    const title = { en: 'Probe', 'zh-CN': '探针' };
    const result = deepFreeze({
      ...chartKindsResult(),
      charts: [
        {
          name: 'lineSecondary',
          title,
          kind: 'line' as const,
          table: 'weekly',
          category: 'week',
          series: ['spend'],
          secondary: ['revenue'],
        },
        {
          name: 'lineFirst',
          title,
          kind: 'combo' as const,
          table: 'byRegion',
          category: 'region',
          series: ['roas', 'spend'],
          secondary: ['roas'],
        },
      ],
    });
    const plan = deepFreeze(
      buildPlan(buildReport([result], context('en')), { existingSheetNames: [], ownedSheets: [] }),
    );
    const sim = createSimExcel();
    sim.model.addSheet('Sheet1');
    expect((await sim.run((ctx) => applyPlan(ctx, plan))).outcome).toBe('applied');
    // The result sheet's two charts (the Dashboard repeats the first one).
    const onSheet = (c: NormChart) => c.sheet.includes("O'Neil");
    const pick = (c: NormChart) => c.series.map((s) => [s.type, s.values?.split('!')[1], s.axis]);
    const office = snapshotCharts(sim.snapshot()).filter(onSheet).map(pick);
    const xlsx = (await xlsxCharts(await applyPlanToXlsx(null, plan))).filter(onSheet).map(pick);
    // Weekly spend in B21:B25, revenue in C21:C25; by region spend in B14:B17, ROAS in F14:F17 (the fixture's layout).
    // The plan keeps a secondary axis for combo charts only and lays a combo out columns first, lines
    // after, so both hosts draw the same chart.
    const expected = [
      [
        ['line', 'B21:B25', 'primary'],
        ['line', 'C21:C25', 'primary'],
      ],
      [
        ['column', 'B14:B17', 'primary'],
        ['line', 'F14:F17', 'secondary'],
      ],
    ];
    expect(office).toEqual(expected);
    expect(xlsx).toEqual(expected);
  });

  // The .xlsx is opened by the stand-in as Excel opens it (addin/excel-sim/load-pivots.ts): each PivotTable
  // laid out anew from its source table (the file asks for that: refreshOnLoad), each slicer at its anchor.
  it.each(['en', 'zh-CN'] as const)(
    'yields the same PivotTables and slicers as the .xlsx applier, with the same figures (%s)',
    async (lang) => {
      const plan: Plan = deepFreeze(
        buildPlan(buildReport(deepFreeze([channelResult(), ...pivotResults()]), context(lang)), {
          existingSheetNames: [],
          ownedSheets: [],
          store: { recipe: null, log: emptyRunLog(), run: RUN },
        }),
      );
      const pivots = plan.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
      const slicers = plan.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');
      // 3 PivotTables with 3 + 2 + 2 slicers, and slicers on the RFM and lifecycle customer tables.
      expect([pivots.length, slicers.length]).toEqual([3, 9]);
      const sim = createSimExcel();
      sim.model.addSheet('Sheet1');
      expect((await sim.run((ctx) => applyPlan(ctx, plan))).outcome).toBe('applied');
      await sim.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').delete();
        await ctx.sync();
      });
      const office = sim.snapshot();
      const xlsx = createSimExcel({ model: await loadXlsxModel(await applyPlanToXlsx(null, plan)) }).snapshot();

      // Names, sheets, sources, fields, layout, totals and where each starts and ends.
      const shape = (s: WorkbookSnapshot) =>
        s.pivotTables.map((p) => ({ ...p, data: p.data.map((d) => ({ ...d, numberFormat: null })) }));
      expect(shape(xlsx)).toEqual(shape(office));
      expect(office.pivotTables.map((p) => [p.name, p.sheet, p.source, p.rows, p.columns])).toEqual(
        pivots.map((op) => [op.name, op.sheet, op.source.table, op.rows, op.columns]),
      );
      // Their figures: the cells both laid out, row by row.
      const cells = (s: WorkbookSnapshot, p: WorkbookSnapshot['pivotTables'][number]) => {
        const sheet = s.sheets.find((x) => x.name === p.sheet)!;
        const used = parseAddress(sheet.usedRange!);
        const at = parseAddress(p.address);
        return sheet.values
          .slice(at.r0 - used.r0, at.r0 - used.r0 + at.rows)
          .map((row) => row.slice(at.c0 - used.c0, at.c0 - used.c0 + at.cols));
      };
      for (const [i, p] of office.pivotTables.entries())
        expect(cells(xlsx, xlsx.pivotTables[i])).toEqual(cells(office, p));
      // The grand total is the fixture's: six customers (the customer base: one row field, then its values).
      expect(cells(office, office.pivotTables[0]).at(-1)?.[1]).toBe(6);

      // Slicers: names, sheets, PivotTables, fields, captions and anchor cells.
      const placed = (s: WorkbookSnapshot) =>
        s.slicers.map((x) => [x.name, x.sheet, x.pivot, x.field, x.caption, x.from]);
      expect(placed(xlsx)).toEqual(placed(office));
      expect(placed(office)).toEqual(
        slicers.map((op) => [
          op.name,
          op.sheet,
          'pivot' in op ? op.pivot.name : null,
          op.field,
          op.caption,
          op.anchor.from,
        ]),
      );

      // Known gap, pinned as it is: the .xlsx applier writes a value field's format as a built-in id
      // (src/xlsx/apply.ts, `pivotOf`: #,##0.00 for formats with decimals, #,##0 otherwise), so a currency
      // format reaches Excel from the add-in only.
      const formats = (s: WorkbookSnapshot) => s.pivotTables.flatMap((p) => p.data.map((d) => d.numberFormat));
      expect(formats(office)).toEqual(pivots.flatMap((op) => op.values.map((v) => v.numberFormat)));
      expect(formats(xlsx)).toEqual(
        pivots.flatMap((op) => op.values.map((v) => (/0\.0/.test(v.numberFormat) ? '#,##0.00' : '#,##0'))),
      );
    },
  );
});

// The Dashboard's customer-base tiles (issue 15): live GETPIVOTDATA formulas through both appliers. The
// expected figures are the run's `--json` summary (src/run/summary.ts `buildSummary`, `analyses.<kind>.figures`)
// of the hand-made results in tests/plan/pivot-fixtures.ts: 6 customers, revenue 2,120, 2 active, 1 at risk
// with 400 of revenue (FIGURES there, counted from its CUSTOMERS lines).
describe('parity of the Dashboard tiles that read the customer base PivotTable', () => {
  const resultsOf = () => deepFreeze([channelResult(), ...pivotResults()]);

  /** The Plan of a run on the workbook as it is (owned sheets from its store), as the pane makes it. */
  async function planOf(sim: SimExcel, lang: 'en' | 'zh-CN'): Promise<{ plan: Plan; owned: string[] }> {
    const { store } = await sim.run((ctx) => readStore(ctx));
    const log = store?.log ?? emptyRunLog();
    const owned = log.runs.at(-1)?.sheets ?? [];
    const plan = deepFreeze(
      buildPlan(buildReport(resultsOf(), context(lang)), {
        existingSheetNames: sim.model.sheets.map((s) => s.name),
        ownedSheets: owned,
        existingNames: [...sim.model.tables.map((t) => t.name), ...sim.model.names.map((n) => n.name)],
        store: { recipe: null, log, run: RUN },
      }),
    );
    return { plan, owned };
  }

  /** Each tile that reads the PivotTable, with its op and the `--json` figure it must show. */
  function tiles(plan: Plan, lang: 'en' | 'zh-CN'): { op: PivotValueOp; figure: number }[] {
    const report = buildReport(resultsOf(), context(lang));
    const summary = buildSummary(resultsOf(), { asOf: null, inputs: [], diagnostics: [] });
    const reading = report.sheets[0].blocks.flatMap((b) => (b.type === 'kpis' ? b.tiles : [])).filter((t) => t.pivot);
    const ops = plan.ops.filter((o): o is PivotValueOp => o.op === 'pivotValue');
    // One op per tile that reads the PivotTable, in tile order (each holds its tile's figure as its cached value).
    expect(ops.map((o) => o.cached)).toEqual(reading.map((t) => t.value));
    return ops.map((op, i) => {
      const key = reading[i].key;
      const dot = key.indexOf('.');
      const figure = summary.analyses[key.slice(0, dot)].figures[key.slice(dot + 1)];
      expect(typeof figure, key).toBe('number');
      return { op, figure: figure! };
    });
  }

  /** A cell's formula and value, read through Office.js. */
  async function cellOf(sim: SimExcel, sheet: string, address: string): Promise<[unknown, unknown]> {
    return await sim.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem(sheet).getRange(address);
      r.load(['formulas', 'values']);
      await ctx.sync();
      return [r.formulas[0][0], r.values[0][0]];
    });
  }

  it.each(['en', 'zh-CN'] as const)(
    'write the .xlsx applier’s formula text, and both evaluate to the --json figures (%s)',
    async (lang) => {
      const sim = createSimExcel();
      sim.model.addSheet('Sheet1');
      const { plan } = await planOf(sim, lang);
      expect((await sim.run((ctx) => applyPlan(ctx, plan))).outcome).toBe('applied');
      const xlsx = await loadXlsxModel(await applyPlanToXlsx(null, plan));
      const read = tiles(plan, lang);
      // Active customers, customers, at-risk revenue and revenue (pivot-fixtures.ts FIGURES); the channel
      // analysis's headline takes the tile the at-risk customer count has without it.
      expect(read.map((t) => t.figure).sort((a, b) => a - b)).toEqual([2, 6, 400, 2120]);
      for (const { op, figure } of read) {
        const at = parseAddress(op.cell);
        const written = xlsx.sheet(op.sheet).getFormula(at.r0, at.c0);
        // The .xlsx applier's text is the Plan's formula (src/plan/pivots.ts), and the add-in's is the same.
        expect(written, op.cell).toBe(getPivotDataFormula(op));
        expect(await cellOf(sim, op.sheet, op.cell), op.cell).toEqual([written, figure]);
        // The .xlsx as the stand-in opens it: PivotTables laid out anew, the formulas calculated from them.
        expect(xlsx.sheet(op.sheet).getValue(at.r0, at.c0), op.cell).toBe(figure);
      }
      // Live, not copied figures: with the PivotTable gone, the grand totals read #REF! and the items (in
      // IFERROR) 0, in the opened .xlsx as in the add-in's workbook.
      const gone = read.map(({ op }) => (op.item ? 0 : '#REF!'));
      for (const opened of [sim, createSimExcel({ model: xlsx })]) {
        const values = await opened.run(async (ctx) => {
          ctx.workbook.pivotTables.getItem(read[0].op.pivot.name).delete();
          const cells = read.map(({ op }) =>
            ctx.workbook.worksheets.getItem(op.sheet).getRange(op.cell).load('values'),
          );
          await ctx.sync();
          return cells.map((c) => c.values[0][0]);
        });
        expect(values).toEqual(gone);
      }
      expect(gone).toContain('#REF!');
      expect(gone).toContain(0);
    },
  );

  it.each([2, 3])('keep reading the live Explore sheet after %i applies (a refresh), never #REF!', async (n) => {
    const sim = createSimExcel();
    sim.model.addSheet('Orders').setRaw(0, 0, 'customer');
    let plan: Plan | null = null;
    for (let i = 0; i < n; i++) {
      const next = await planOf(sim, 'en');
      const r = await sim.run((ctx) => applyPlan(ctx, next.plan, { ownedSheets: next.owned }));
      expect(r.outcome, `apply ${i + 1}`).toBe('applied');
      plan = next.plan;
    }
    const last = plan!;
    for (const { op, figure } of tiles(last, 'en')) {
      const [formula, value] = await cellOf(sim, op.sheet, op.cell);
      expect([formula, value], op.cell).toEqual([getPivotDataFormula(op), figure]);
      // It names the Explore sheet there is, which holds the PivotTable it reads.
      expect(sheetsNamedIn(String(formula))).toEqual([op.pivot.sheet]);
      expect(sim.model.pivots.find((p) => p.name === op.pivot.name)?.sheet).toBe(sim.model.sheet(op.pivot.sheet));
    }
    // Nothing anywhere lost its reference (IFERROR would hide it behind a 0).
    const formulas = sim.snapshot().sheets.flatMap((s) => Object.values(s.formulas));
    expect(formulas.length).toBe(tiles(last, 'en').length);
    expect(formulas.filter((f) => f.includes('#REF!'))).toEqual([]);
    expect(sim.model.sheets.map((s) => s.name)).toEqual(['Orders', ...last.sheets]);
  });

  it('are written naming the staging sheet of Explore, never the old run’s Explore that the swap deletes', async () => {
    const sim = createSimExcel();
    sim.model.addSheet('Orders').setRaw(0, 0, 'customer');
    const first = await planOf(sim, 'en');
    expect((await sim.run((ctx) => applyPlan(ctx, first.plan))).outcome).toBe('applied');
    const { plan, owned } = await planOf(sim, 'en');
    const staging = new Map(
      plan.ops.flatMap((o) => (o.op === 'addSheet' ? [[o.sheet.toLowerCase(), o.staging] as const] : [])),
    );
    const ops = tiles(plan, 'en').map((t) => t.op);
    // What the build wrote, seen when it has written every op and the swap has not run yet.
    let built: { formula: unknown; exploreHere: boolean }[] = [];
    const r = await sim.run((ctx) =>
      applyPlan(ctx, plan, {
        ownedSheets: owned,
        onProgress: (p) => {
          if (p.phase !== 'build' || p.opsDone !== p.opsTotal) return;
          built = ops.map((op) => {
            const at = parseAddress(op.cell);
            return {
              formula: sim.model.sheet(staging.get(op.sheet.toLowerCase())!).getFormula(at.r0, at.c0),
              // The old run's Explore is still there under its name: a formula naming it would read it.
              exploreHere: sim.model.findSheet(op.pivot.sheet) !== undefined,
            };
          });
        },
      }),
    );
    expect(r.outcome).toBe('applied');
    expect(built).toEqual(
      ops.map((op) => ({
        formula: getPivotDataFormula({
          ...op,
          pivot: { ...op.pivot, sheet: staging.get(op.pivot.sheet.toLowerCase())! },
        }),
        exploreHere: true,
      })),
    );
    // After the swap, the same cells read the final name.
    for (const op of ops) expect((await cellOf(sim, op.sheet, op.cell))[0]).toBe(getPivotDataFormula(op));
  });

  it('are written in a sync with calculation on, so Excel calculates them as it writes them', async () => {
    // Office: after suspendApiCalculationUntilNextSync "it is the developer's responsibility to re-calc the
    // workbook"; the build suspends calculation for every other batch.
    const sim = createSimExcel();
    sim.model.addSheet('Orders').setRaw(0, 0, 'customer');
    const { plan } = await planOf(sim, 'en');
    expect((await sim.run((ctx) => applyPlan(ctx, plan))).outcome).toBe('applied');
    const writing = sim.counters.log.filter((l) => l.formulaWrites > 0);
    expect(writing.reduce((n, l) => n + l.formulaWrites, 0)).toBe(tiles(plan, 'en').length);
    expect(writing.map((l) => l.calculationSuspended)).toEqual(writing.map(() => false));
    // The rest of the build still runs with calculation suspended.
    expect(sim.counters.log.filter((l) => l.calculationSuspended).length).toBeGreaterThan(0);
  });
});
