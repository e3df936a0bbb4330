/**
 * Bench: the Office.js host against the Excel stand-in — a 1,048,576 × 10 read and a 100,000-row,
 * six-chart write — with sync counts and payload bytes (each sync must stay under Excel on the web's 5 MB).
 *   npx tsx bench/office-sim.ts
 */
import { createSimExcel, MAX_ROWS } from '../addin/excel-sim/index.js';
import type { SimExcel } from '../addin/excel-sim/index.js';
import { readGrid } from '../addin/office/reader.js';
import { applyPlan } from '../addin/office/applier.js';
import { buildReport } from '../src/report/build-report.js';
import { buildPlan } from '../src/plan/build-plan.js';
import { bigResult } from '../tests/office/big-write.js';

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
function line(name: string, ms: number, sim: SimExcel) {
  const c = sim.counters;
  console.log(
    `${name.padEnd(34)} ${(ms / 1000).toFixed(2)} s  ${String(c.syncs).padStart(4)} syncs  request ${mb(c.requestBytes)} (max/sync ${mb(c.maxRequestBytes)})  response ${mb(c.responseBytes)} (max/sync ${mb(c.maxResponseBytes)})  peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

{
  const sim = createSimExcel();
  const s = sim.model.addSheet('Orders');
  const cols = 10;
  for (let c = 0; c < cols; c++) {
    const col = new Array<string | number>(MAX_ROWS);
    for (let r = 0; r < MAX_ROWS; r++)
      col[r] = c === 0 ? `C${r}` : c === 1 ? 45000 + (r % 700) : Math.round(r * 1.37 * c) / 100;
    s.setColumnRaw(c, 0, col);
  }
  const t0 = performance.now();
  const r = await sim.run((ctx) => readGrid(ctx, { kind: 'usedRange', sheet: 'Orders' }));
  line(`read ${r.grid!.values.length.toLocaleString('en-US')} × ${cols}`, performance.now() - t0, sim);
}

{
  const report = buildReport([bigResult(100_000)], {
    lang: 'en',
    asOf: 45657,
    currency: 'CNY',
    sources: ['bench'],
    diagnostics: [],
  });
  const plan = buildPlan(report, { existingSheetNames: [], ownedSheets: [] });
  const sim = createSimExcel();
  sim.model.addSheet('Data');
  const t0 = performance.now();
  const r = await sim.run((ctx) => applyPlan(ctx, plan));
  if (r.outcome !== 'applied') throw new Error(JSON.stringify(r.diagnostics));
  line(`write 100,000 rows + 6 charts (${plan.ops.length} ops)`, performance.now() - t0, sim);
}
