/**
 * Issue 17: a failure at any sync of a 100,000-row re-run, in any phase and however much of that sync's
 * batch Excel had applied, leaves the workbook as it was — or, once the commit has deleted an old sheet
 * (which nothing can undo), as a successful run leaves it. Its own file: it applies the big Plan ~30 times.
 * The same holds for a re-run with PivotTables and slicers (issue 15), whose old ones hold the new ones' names.
 *
 * Workbooks are compared by `fingerprint()` (the snapshot with each sheet's cells hashed), because a full
 * snapshot of 100,000 rows takes seconds. A rolled-back apply leaves the workbook as before, so one
 * workbook serves every rolled-back case.
 */
import { describe, expect, it } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import type { SimExcel } from '../../addin/excel-sim/index.js';
import { applyPlan } from '../../addin/office/applier.js';
import { readStore } from '../../addin/office/recipe-store.js';
import { buildReport } from '../../src/report/build-report.js';
import type { Report } from '../../src/report/types.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { results as pivotResults } from '../plan/pivot-fixtures.js';
import { bigResult } from './big-write.js';

const N = 100_000;
const RUN = { at: '2025-01-01T00:00:00Z', host: 'addin' as const, loopbook: '0.1.0', inputs: [] };
const report: Report = buildReport([bigResult(N)], {
  lang: 'en',
  asOf: 45657,
  currency: 'CNY',
  sources: ['bench'],
  diagnostics: [],
});

/** The Plan a run makes of the workbook as it is (the store's run log says which sheets Loopbook owns). */
async function planFor(sim: SimExcel, of: Report = report): Promise<Plan> {
  const { store } = await sim.run((ctx) => readStore(ctx));
  const log = store?.log ?? emptyRunLog();
  const owned = log.runs.at(-1)?.sheets ?? [];
  return deepFreeze(
    buildPlan(of, {
      existingSheetNames: sim.model.sheets.map((s) => s.name),
      ownedSheets: owned,
      existingNames: sim.model.tables.filter((t) => !owned.includes(t.sheet.name)).map((t) => t.name),
      store: { recipe: null, log, run: RUN },
    }),
  );
}

/** A user's Data sheet and one earlier run's results, its Dashboard still active (as a run leaves it). */
async function ranOnce(of: Report = report): Promise<SimExcel> {
  const sim = createSimExcel();
  sim.model.addSheet('Data').setRaw(0, 0, 'x');
  const plan = await planFor(sim, of);
  const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: [] }));
  expect(r.outcome).toBe('applied');
  return sim;
}

describe('applier at 100,000 rows, a failure at every sync', () => {
  it('rolls back every failure before the first deletion and finishes every one after it', async () => {
    // A successful re-run: its syncs by phase, and the workbook it leaves.
    const ref = await ranOnce();
    const plan = await planFor(ref);
    const ownedSheets = plan.sheets;
    ref.resetCounters();
    const ok = await ref.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
    expect(ok.outcome).toBe('applied');
    const total = ref.counters.syncs;
    const build = ref.counters.log.filter((l) => l.calculationSuspended).map((l) => l.index);
    // 2 preflight syncs, then the build (≈ 18 MB in batches of ≤ 4 MB), 1 swap, 1 commit.
    expect(build).toEqual(Array.from({ length: total - 4 }, (_, i) => i + 3));
    expect(build.length).toBeGreaterThanOrEqual(5);
    const after = ref.model.fingerprint();
    expect(ref.model.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ['Data', 'Visible'],
      ...plan.sheets.map((n) => [n, n === '_loopbook' ? 'VeryHidden' : 'Visible']),
    ]);

    const sim = await ranOnce();
    expect(await planFor(sim)).toEqual(plan);
    const before = sim.model.fingerprint();
    expect(before).not.toBe(after);
    // The syncs failed: in `half` mode (part of a batch applied, the likeliest real failure) every one; in
    // `none` and `all` every preflight, swap and commit sync and the first, a middle and the last build sync
    // (the build syncs between are alike, and each case re-applies up to ~18 MB).
    const sampled = new Set([1, 2, build[0], build[build.length >> 1], build.at(-1)!, total - 1, total]);
    let cases = 0;
    for (const applied of ['none', 'half', 'all'] as const) {
      for (let k = 1; k <= total; k++) {
        // The commit's sync with part or all of it applied goes forward (below); everything else rolls back.
        if ((applied !== 'half' && !sampled.has(k)) || (k === total && applied !== 'none')) continue;
        const at = `failure at sync ${k}/${total} (${applied})`;
        sim.injectFailure({ atSync: k, applied });
        const res = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
        expect(res.outcome, at).toBe('rolledBack');
        expect(res.syncs, at).toBe(k <= 2 ? k : k + 2);
        expect(sim.model.fingerprint(), at).toBe(before);
        cases++;
      }
    }
    expect(cases).toBe(total - 1 + 7 + 6);

    // The commit's sync, part or all of its deletions done: the results are complete, the old ones gone.
    for (const [applied, codes] of [
      ['half', ['apply.finishedAfterRetry']],
      ['all', []],
    ] as const) {
      const w = applied === 'half' ? sim : await ranOnce();
      w.injectFailure({ atSync: total, applied });
      const res = await w.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
      expect(res.outcome, applied).toBe('applied');
      expect(
        res.diagnostics.map((d) => d.code),
        applied,
      ).toEqual(codes);
      expect(w.model.fingerprint(), applied).toBe(after);
    }
  }, 300_000);
});

describe('applier on a Plan with PivotTables and slicers, a failure at every sync', () => {
  it('rolls back every failure before the first deletion, old PivotTables and slicers with their names back', async () => {
    const pivots = buildReport(deepFreeze(pivotResults()), context('en'));
    const ref = await ranOnce(pivots);
    const plan = await planFor(ref, pivots);
    const ownedSheets = plan.sheets;
    // The re-run's PivotTables and slicers take the names the first run's still hold (built under others).
    expect(ref.model.pivots.map((p) => p.name)).toEqual(
      plan.ops.flatMap((o) => (o.op === 'addPivotTable' ? [o.name] : [])),
    );
    // 3 + 2 + 2 slicers on the PivotTables, 2 on the RFM and lifecycle customer tables.
    expect(ref.model.slicers.length).toBe(9);
    ref.resetCounters();
    const ok = await ref.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
    expect(ok.outcome).toBe('applied');
    const total = ref.counters.syncs;
    const after = ref.model.fingerprint();

    const sim = await ranOnce(pivots);
    expect(await planFor(sim, pivots)).toEqual(plan);
    // The first run's Dashboard tiles read its Explore sheet (GETPIVOTDATA): the swap renames that sheet aside
    // and back on a rollback, and the formulas follow; the fingerprint covers their text and values.
    const tiles = plan.ops.filter((o) => o.op === 'pivotValue').length;
    expect(tiles).toBeGreaterThan(0);
    expect(
      sim.snapshot().sheets.flatMap((s) => Object.values(s.formulas).filter((f) => f.includes("'Explore'!"))),
    ).toHaveLength(tiles);
    const before = sim.model.fingerprint();
    expect(before).not.toBe(after);
    let cases = 0;
    for (const applied of ['none', 'half', 'all'] as const) {
      for (let k = 1; k <= total; k++) {
        if (k === total && applied !== 'none') continue;
        const at = `failure at sync ${k}/${total} (${applied})`;
        sim.injectFailure({ atSync: k, applied });
        const res = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
        expect(res.outcome, at).toBe('rolledBack');
        expect(sim.model.fingerprint(), at).toBe(before);
        cases++;
      }
    }
    expect(cases).toBe(3 * total - 2);
    for (const applied of ['half', 'all'] as const) {
      const w = applied === 'half' ? sim : await ranOnce(pivots);
      w.injectFailure({ atSync: total, applied });
      const res = await w.run((ctx) => applyPlan(ctx, plan, { ownedSheets }));
      expect(res.outcome, applied).toBe('applied');
      expect(w.model.fingerprint(), applied).toBe(after);
    }
  }, 120_000);
});
