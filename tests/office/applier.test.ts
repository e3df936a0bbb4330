import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import type { SimExcel, WorkbookSnapshot } from '../../addin/excel-sim/index.js';
import { applyPlan, officeValue } from '../../addin/office/applier.js';
import type { ApplyOptions } from '../../addin/office/applier.js';
import { readStore } from '../../addin/office/recipe-store.js';
import { checkRequirements } from '../../addin/office/requirements.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import { channelResult, context, deepFreeze, rfmResult } from '../report/fixtures.js';

const RUN = { at: '2025-01-01T00:00:00Z', host: 'addin' as const, loopbook: '0.1.0', inputs: [] };

/** A workbook with a user's data sheet, as a user would have it. */
function userWorkbook(sim: SimExcel): void {
  const s = sim.model.addSheet('Orders');
  [
    ['customer', 'amount'],
    ['c1', 10],
    ['c2', 20],
  ].forEach((row, r) => {
    row.forEach((v, c) => {
      s.setRaw(r, c, v);
    });
  });
  sim.model.addSheet('Notes').setRaw(0, 0, 'my notes');
}

function names(sim: SimExcel): string[] {
  return sim.model.sheets.map((s) => s.name);
}

async function planFor(sim: SimExcel): Promise<Plan> {
  const { store } = await sim.run((ctx) => readStore(ctx));
  const log = store?.log ?? emptyRunLog();
  const owned = log.runs.at(-1)?.sheets ?? [];
  const report = buildReport([channelResult(), rfmResult()], context());
  return deepFreeze(
    buildPlan(report, {
      existingSheetNames: names(sim),
      ownedSheets: owned,
      // Tables on owned sheets go away with them, so their names are free again.
      existingNames: sim.model.tables.filter((t) => !owned.includes(t.sheet.name)).map((t) => t.name),
      store: { recipe: null, log, run: RUN },
    }),
  );
}

async function run(sim: SimExcel, options: ApplyOptions = {}) {
  const plan = await planFor(sim);
  const { store } = await sim.run((ctx) => readStore(ctx));
  const ownedSheets = store?.log.runs.at(-1)?.sheets ?? [];
  const before = JSON.stringify(plan);
  const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets, ...options }));
  expect(JSON.stringify(plan)).toBe(before);
  return { plan, r };
}

function allFormulas(s: WorkbookSnapshot): string[] {
  return s.sheets.flatMap((sh) => Object.values(sh.formulas));
}

describe('applier', () => {
  it('applies a plan: sheets, values as text, tables, charts, store, Dashboard active; user sheets untouched', async () => {
    const sim = createSimExcel();
    userWorkbook(sim);
    const userBefore = sim.snapshot().sheets;
    sim.resetCounters();
    const { plan, r } = await run(sim);
    expect(r.diagnostics).toEqual([]);
    expect(r.outcome).toBe('applied');
    const snap = sim.snapshot();
    expect(snap.sheets.slice(0, 2)).toEqual(userBefore);
    expect(snap.sheets.map((s) => s.name)).toEqual(['Orders', 'Notes', ...plan.sheets]);
    expect(snap.activeSheet).toBe(plan.sheets[0]);
    expect(snap.sheets.find((s) => s.name === '_loopbook')?.visibility).toBe('VeryHidden');
    // Formula-looking user text ('-At risk', '@lost') lands as text; nothing anywhere became a formula.
    expect(allFormulas(snap)).toEqual([]);
    const texts = snap.sheets.flatMap((s) => s.values.flat());
    expect(texts).toContain('-At risk');
    expect(texts).toContain('@lost');
    // Every table and chart of the plan exists, with its series stated explicitly.
    const planTables = plan.ops.filter((o) => o.op === 'addTable');
    expect(snap.tables.map((t) => [t.name, t.sheet, t.address])).toEqual(
      planTables.map((o) => [o.name, o.sheet, o.address]),
    );
    const planCharts = plan.ops.filter((o) => o.op === 'addChart');
    expect(snap.charts.length).toBe(planCharts.length);
    snap.charts.forEach((c, i) => {
      expect(c.series.map((s) => s.name)).toEqual(planCharts[i].series.map((s) => s.nameText));
      expect(c.series.every((s) => s.values !== null && s.xValues !== null)).toBe(true);
    });
    // Calculation suspended on every write sync.
    const writes = sim.counters.log.filter((l) => l.requestBytes > 5000);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((l) => l.calculationSuspended && l.screenUpdatingSuspended)).toBe(true);
    expect(r.syncs).toBeLessThan(15);
    // The store round-trips: the run log names exactly the sheets written.
    const { store } = await sim.run((ctx) => readStore(ctx));
    expect(store?.log.runs.at(-1)?.sheets).toEqual(plan.sheets);
  });

  it('a re-run replaces exactly the owned sheets, keeping names, places and table names', async () => {
    const sim = createSimExcel();
    userWorkbook(sim);
    const first = await run(sim);
    // The user moves the Dashboard to the front; it keeps its place on refresh.
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(first.plan.sheets[0]).position = 0;
      await ctx.sync();
    });
    const order = names(sim);
    const second = await run(sim);
    expect(second.r.outcome).toBe('applied');
    expect(names(sim)).toEqual(order);
    expect(sim.snapshot().tables.map((t) => t.name)).toEqual(
      first.plan.ops.filter((o) => o.op === 'addTable').map((o) => o.name),
    );
    expect(sim.model.sheets.some((s) => s.name.startsWith('_lb'))).toBe(false);
    const { store } = await sim.run((ctx) => readStore(ctx));
    expect(store?.log.runs.length).toBe(2);
  });

  /** A workbook after one run, with the user's Notes sheet active (so the swap's activation is visible). */
  async function ranOnce(): Promise<SimExcel> {
    const sim = createSimExcel();
    userWorkbook(sim);
    await run(sim);
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Notes').activate();
      await ctx.sync();
    });
    return sim;
  }

  /** The syncs of a successful re-run and the workbook it leaves. */
  async function successfulRerun(): Promise<{ plan: Plan; total: number; after: WorkbookSnapshot }> {
    const sim = await ranOnce();
    const plan = await planFor(sim);
    const before = sim.snapshot();
    sim.resetCounters();
    const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: plan.sheets }));
    expect(r.outcome).toBe('applied');
    const after = sim.snapshot();
    expect(after).not.toEqual(before);
    return { plan, total: sim.counters.syncs, after };
  }

  it('leaves the workbook exactly as before when any sync of a re-run fails, up to the first deletion', async () => {
    const { plan, total, after } = await successfulRerun();
    // preflight 2 + build ≥ 1 + swap 1 + commit 1: a failure can land in every phase.
    expect(total).toBeGreaterThanOrEqual(5);
    const ownedSheets = plan.sheets;
    for (const applied of ['none', 'half', 'all'] as const) {
      for (let k = 1; k <= total; k++) {
        const at = `failure at sync ${k}/${total} (${applied})`;
        const sim = await ranOnce();
        const before = sim.snapshot();
        sim.injectFailure({ atSync: k, applied });
        const res = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
        if (k < total || applied === 'none') {
          // Everything before the commit's deletions is undone: one sync reads, one undoes (the two
          // preflight syncs only read, so a failure there needs no undo).
          expect(res.outcome, at).toBe('rolledBack');
          expect(res.syncs, at).toBe(k <= 2 ? k : k + 2);
          expect(sim.snapshot(), at).toEqual(before);
        } else {
          // The commit deleted old sheets (half of them, or all): the apply goes forward, the rest is
          // deleted in one more sync (none is left when all were deleted), and the workbook is as after a success.
          expect(res.outcome, at).toBe('applied');
          expect(
            res.diagnostics.map((d) => d.code),
            at,
          ).toEqual(applied === 'half' ? ['apply.finishedAfterRetry'] : []);
          expect(sim.snapshot(), at).toEqual(after);
        }
      }
    }
  });

  it('when the commit and its retry both fail, the old results stay hidden and the next run removes them', async () => {
    const { plan, total, after } = await successfulRerun();
    const sim = await ranOnce();
    // A visible sheet that merely looks like an aside sheet is the user's: no run removes it.
    sim.model.addSheet('_lbold_abc12_0').setRaw(0, 0, 'mine');
    const mine = sim.snapshot().sheets.find((s) => s.name === '_lbold_abc12_0');
    // Sync total + 1 reads the workbook after the failure, total + 2 retries the deletions.
    sim.injectFailure({ atSync: total, applied: 'half', alsoAt: [total + 2] });
    const res = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: plan.sheets }));
    expect(res.outcome).toBe('applied');
    expect(res.diagnostics.map((d) => d.code)).toEqual(['apply.leftAside']);
    const snap = sim.snapshot();
    const left = snap.sheets.filter((s) => s.name.startsWith('_lbold_') && s.visibility === 'Hidden');
    // Four old sheets (Dashboard, two results, the store): the commit deleted two, the retry one of the rest.
    expect(left.length).toBe(1);
    for (const s of left) expect(res.diagnostics[0].message.en).toContain(`"${s.name}"`);
    // Apart from the hidden sheet (and the tables, charts and formats on it), the workbook is as after a success.
    const aside = new Set(left.map((s) => s.name));
    const on = <T extends { sheet: string }>(xs: T[]) => xs.filter((x) => !aside.has(x.sheet));
    expect({
      ...snap,
      sheets: snap.sheets.filter((s) => !aside.has(s.name) && s.name !== '_lbold_abc12_0'),
      tables: on(snap.tables),
      charts: on(snap.charts),
      conditionalFormats: on(snap.conditionalFormats),
    }).toEqual(after);
    expect(snap.sheets.find((s) => s.name === '_lbold_abc12_0')).toEqual(mine);

    // The next run deletes the hidden sheet with its own old ones, and nothing else.
    const next = await run(sim);
    expect(next.r.outcome).toBe('applied');
    expect(next.r.diagnostics).toEqual([]);
    expect(names(sim)).toEqual(['Orders', 'Notes', ...plan.sheets, '_lbold_abc12_0']);
  });

  it('refuses to write to a sheet it does not create or to replace a sheet it does not own', async () => {
    const sim = createSimExcel();
    userWorkbook(sim);
    const before = sim.snapshot();
    const foreign: Plan = {
      version: 1,
      sheets: [],
      maxRequestBytes: 4_000_000,
      ops: [{ op: 'writeValues', sheet: 'Orders', address: 'A1', values: [[1]] }],
    };
    const r1 = await sim.run((ctx) => applyPlan(ctx, foreign));
    expect(r1.outcome).toBe('refused');
    expect(r1.diagnostics[0].code).toBe('apply.foreignSheet');
    const replace: Plan = {
      version: 1,
      sheets: ['Orders'],
      maxRequestBytes: 4_000_000,
      ops: [{ op: 'addSheet', sheet: 'Orders', key: 'x', role: 'result', staging: '_lbstage_1', replaces: 'Orders' }],
    };
    const r2 = await sim.run((ctx) => applyPlan(ctx, replace, { ownedSheets: [] }));
    expect(r2.diagnostics[0].code).toBe('apply.notOwned');
    const clash: Plan = {
      ...replace,
      ops: [{ op: 'addSheet', sheet: 'orders', key: 'x', role: 'result', staging: '_lbstage_1', replaces: null }],
    };
    const r3 = await sim.run((ctx) => applyPlan(ctx, clash));
    expect(r3.diagnostics[0].code).toBe('apply.nameTaken');
    expect(sim.snapshot()).toEqual(before);
  });

  it('writes formula-looking text as text, whether or not the plan wrapped it', async () => {
    expect(officeValue({ text: '=1+1' })).toBe("'=1+1");
    expect(officeValue('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(officeValue('Paid search')).toBe('Paid search');
    expect(officeValue(Number.NaN)).toBeNull();
    const sim = createSimExcel();
    userWorkbook(sim);
    const plan: Plan = {
      version: 1,
      sheets: ['Out'],
      maxRequestBytes: 4_000_000,
      ops: [
        { op: 'addSheet', sheet: 'Out', key: 'x', role: 'result', staging: '_lbstage_1', replaces: null },
        {
          op: 'writeValues',
          sheet: 'Out',
          address: 'A1:F1',
          values: [[{ text: '=1+1' }, '+SUM(A1)', { text: '-2' }, '@x', { text: '00123' }, 'ok']],
        },
      ],
    };
    const r = await sim.run((ctx) => applyPlan(ctx, plan));
    expect(r.outcome).toBe('applied');
    const out = sim.snapshot().sheets.find((s) => s.name === 'Out')!;
    expect(out.values).toEqual([['=1+1', '+SUM(A1)', '-2', '@x', '00123', 'ok']]);
    expect(out.formulas).toEqual({});
  });

  it('degrades on ExcelApi 1.7: no screen-updating suspension, no secondary axis, still complete', async () => {
    const sim = createSimExcel({ excelApi: '1.7' });
    userWorkbook(sim);
    const { caps, diagnostics } = checkRequirements(sim.office.context);
    expect(caps).toEqual({
      supported: true,
      chartDetails: false,
      screenUpdating: false,
      selectedRanges: false,
      pivotTables: false,
      slicers: false,
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['host.chartDetails', 'host.selectedRanges']);
    const { r } = await run(sim, { caps });
    expect(r.outcome).toBe('applied');
    expect(sim.counters.log.some((l) => l.screenUpdatingSuspended)).toBe(false);
    expect(checkRequirements(createSimExcel({ excelApi: '1.6' }).office.context).caps.supported).toBe(false);
  });
});

describe('applier: every Plan op reaches Excel', () => {
  it('sets row heights (points) and underlines links as the plan says', async () => {
    const sim = createSimExcel();
    userWorkbook(sim);
    const plan = await planFor(sim);
    const heights = plan.ops.filter((o) => o.op === 'setRowHeights');
    const underlined = plan.ops.filter((o) => o.op === 'formatRange' && o.underline === true);
    // The report's Dashboard has a title row taller than the default and underlined sheet links.
    expect(heights.length).toBeGreaterThan(0);
    expect(underlined.length).toBeGreaterThan(0);
    const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: [] }));
    expect(r.outcome).toBe('applied');
    const snap = sim.snapshot();
    for (const op of heights) {
      if (op.op !== 'setRowHeights') continue;
      const sheet = snap.sheets.find((s) => s.name === op.sheet)!;
      for (const row of op.rows) expect(sheet.rowHeights[String(row.row - 1)]).toBe(row.height);
    }
    for (const op of underlined) {
      if (op.op !== 'formatRange') continue;
      const sheet = snap.sheets.find((s) => s.name === op.sheet)!;
      expect(sheet.formats.find((f) => f.address === op.address)?.props['font.underline']).toBe('Single');
    }
  });
});
