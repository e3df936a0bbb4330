// The pane and the command line write the same lines for the same input: the "Sources" line of every
// result sheet and the run log's inputs come from one builder (src/recipe/run-inputs.ts). Here the pane's
// engine (addin/worker/engine-core.ts, what its Web Worker runs) and `loopbook analyze` get the same Orders
// sheet, the same roles and the same analysis.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadXlsxModel } from '../../addin/excel-sim/load-xlsx.js';
import { createEngineCore } from '../../addin/worker/engine-core.js';
import { main } from '../../src/cli/main.js';
import type { Plan } from '../../src/plan/types.js';
import { storeFromCells } from '../../src/recipe/store.js';
import type { RunEntry } from '../../src/recipe/types.js';
import { readLoopbookStore } from '../../src/xlsx/apply.js';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';
import { ordersWorkbook } from './workbook-1904.js';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-parity-'));
const book = path.join(dir, 'orders.xlsx');
const out = path.join(dir, 'orders-out.xlsx');

let pane: { plan: Plan; run: RunEntry };
let cli: { sources: string; run: RunEntry };

/** The text of the first cell of `sheet` in the Plan that starts with `prefix`. */
function planText(plan: Plan, sheet: string, prefix: string): string | undefined {
  for (const op of plan.ops) {
    if (op.op !== 'writeValues' || op.sheet !== sheet) continue;
    for (const row of op.values) for (const v of row) if (typeof v === 'string' && v.startsWith(prefix)) return v;
  }
  return undefined;
}

beforeAll(async () => {
  writeFileSync(book, ordersWorkbook(false));
  const grid = (await readXlsx(book)).grids[0];
  // The pane: the grid as its reader sends it, the roles as ingest proposes them (and the user confirms).
  const engine = createEngineCore();
  const meta = { id: `Orders!${grid.address}`, sheet: 'Orders', address: grid.address };
  engine.beginGrid(meta, grid);
  const view = engine.endGrid(meta.id);
  const roles = Object.fromEntries(view.columns.map((c) => [c.header, c.role]));
  const r = engine.run(
    {
      sources: [{ id: meta.id, kind: 'orders', roles }],
      analyses: [{ kind: 'rfm', enabled: true, options: {} }],
      asOf: '2024-12-31',
      currency: 'CNY',
      lang: 'en',
      workbook: { existingSheetNames: ['Orders'], ownedSheets: [], existingNames: [] },
      previousLog: { version: 1, runs: [] },
      at: '2025-01-02T03:04:05.000Z',
    },
    () => undefined,
  );
  if (!r.ok || !r.plan) throw new Error(JSON.stringify(r.diagnostics));
  const plan: Plan = { ...r.plan, ops: engine.planOps(0, r.opsPending ?? 0) };
  const save = plan.ops.find((o) => o.op === 'saveRecipe')!;
  const store = storeFromCells(save.values.map((row) => (row[0] as { text: string }).text)).store!;
  pane = { plan, run: store.log.runs[0] };
  // The command line, with the recipe the pane saved (same source, roles and analysis).
  const recipe = path.join(dir, 'recipe.json');
  writeFileSync(recipe, JSON.stringify(store.recipe));
  const code = await main(['analyze', book, '--out', out, '--recipe', recipe, '--as-of', '2024-12-31'], {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  expect(code).toBe(0);
  const rfm = (await readXlsx(out, { sheets: ['RFM'] })).grids[0];
  cli = {
    sources: rfm.values.flat().find((v): v is string => typeof v === 'string' && v.startsWith('Sources:'))!,
    run: (await readLoopbookStore(new Uint8Array(readFileSync(out)))).store!.log.runs[0],
  };
}, 300_000);

describe('pane and command line', () => {
  it('write the same PivotTables and slicers on the Explore sheet', async () => {
    // The command line's file, opened by the stand-in as Excel opens it; the pane's, as its Plan says.
    const model = await loadXlsxModel(new Uint8Array(readFileSync(out)));
    const fromCli = {
      pivots: model.pivots.map((p) => [p.name, p.sheet.name, p.rows, p.columns, p.data.map((d) => d.name)]),
      slicers: model.slicers.map((s) => [s.name, s.sheet.name, s.pivot?.name ?? s.table?.name, s.field, s.caption]),
    };
    const fromPane = {
      pivots: pane.plan.ops.flatMap((o) =>
        o.op === 'addPivotTable' ? [[o.name, o.sheet, o.rows, o.columns, o.values.map((v) => v.name)]] : [],
      ),
      slicers: pane.plan.ops.flatMap((o) =>
        o.op === 'addSlicer' ? [[o.name, o.sheet, 'pivot' in o ? o.pivot.name : o.table.name, o.field, o.caption]] : [],
      ),
    };
    // RFM alone: the customer base by segment and segments by customers and revenue (no channel or stage).
    expect(fromPane.pivots.map((p) => p[0])).toEqual(['LB_explore_base', 'LB_explore_segments']);
    expect(fromPane).toEqual(fromCli);
  });

  it('write the same Sources line', () => {
    // 100 orders: Σ_{i<40} ((i % 4) + 1) (workbook-1904.ts).
    expect(cli.sources).toBe('Sources: Orders (100 rows)');
    expect(planText(pane.plan, 'RFM', 'Sources:')).toBe(cli.sources);
  });

  it('record the same inputs in the run log, range included', () => {
    expect(cli.run.inputs).toEqual([
      { source: 'orders', sheet: 'Orders', range: 'A1:E101', rows: 100, hash: expect.stringMatching(/^[0-9a-f]{16}$/) },
    ]);
    expect(pane.run.inputs).toEqual(cli.run.inputs);
    // Apart from the time and the host, the run entries are the same: the Explore sheet of PivotTables included,
    // which both write.
    expect(cli.run.sheets).toContain('Explore');
    expect({ ...pane.run, at: '', host: 'cli' }).toEqual({ ...cli.run, at: '' });
  });
});
