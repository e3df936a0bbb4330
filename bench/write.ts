/**
 * Bench: write a 100,000-row result table with six native charts through buildReport → buildPlan →
 * the .xlsx applier. Target (issue 3): ≤ 10 s. Prints each phase's time and the peak RSS.
 *   npx tsx bench/write.ts [rows]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { bigResult as result } from '../tests/office/big-write.js';
import { buildReport } from '../src/report/build-report.js';
import { buildPlan } from '../src/plan/build-plan.js';
import { applyPlanToXlsx, excelize, readLoopbookStore, sheetNames } from '../src/xlsx/apply.js';
import { emptyRunLog, ownedSheets } from '../src/recipe/store.js';

const rows = Number(process.argv[2] ?? 100_000);

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);

// Wall time and CPU time (user + system) per phase: on a shared machine the CPU time is the fair figure.
const phases: [string, number, number][] = [];
let t0 = performance.now();
let c0 = process.cpuUsage();
const mark = (name: string) => {
  sample();
  const now = performance.now();
  const cpu = process.cpuUsage(c0);
  phases.push([name, now - t0, (cpu.user + cpu.system) / 1000]);
  t0 = now;
  c0 = process.cpuUsage();
};
await excelize();
mark('excelize init');
const r = result(rows);
mark('generate result');
const report = buildReport([r], { lang: 'en', asOf: 45657, currency: 'CNY', sources: ['bench'], diagnostics: [] });
mark('buildReport');
const run = { at: new Date(0).toISOString(), host: 'cli' as const, loopbook: 'bench', inputs: [] };
const plan = buildPlan(report, {
  existingSheetNames: [],
  ownedSheets: [],
  store: { recipe: null, log: emptyRunLog(), run },
});
mark(`buildPlan (${plan.ops.length} ops)`);
const out = await applyPlanToXlsx(null, plan);
mark('applyPlanToXlsx');
// Refresh in place: the same result again into the workbook just written (its 100,000-row sheet is owned
// and replaced), as `loopbook refresh` does.
const log = (await readLoopbookStore(out)).store?.log ?? emptyRunLog();
const again = buildPlan(report, {
  existingSheetNames: await sheetNames(out),
  ownedSheets: ownedSheets(log),
  store: { recipe: null, log, run },
});
const refreshed = await applyPlanToXlsx(out, again);
mark('refresh in place (plan+apply)');
clearInterval(timer);
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/write.xlsx', out);
const write = phases.filter(([n]) => /^build|^apply/.test(n));
const total = write.reduce((a, [, ms]) => a + ms, 0);
const totalCpu = write.reduce((a, [, , cpu]) => a + cpu, 0);
for (const [n, ms, cpu] of phases)
  console.log(`${n.padEnd(30)} ${(ms / 1000).toFixed(2)} s wall  ${(cpu / 1000).toFixed(2)} s cpu`);
console.log(
  `${'write total (report→bytes)'.padEnd(30)} ${(total / 1000).toFixed(2)} s wall  ${(totalCpu / 1000).toFixed(2)} s cpu  (target ≤ 10 s)`,
);
console.log(
  `${'output'.padEnd(30)} ${(out.length / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows, 6 charts; refreshed ${(refreshed.length / 1e6).toFixed(1)} MB`,
);
console.log(`${'peak RSS'.padEnd(30)} ${(peak / 1e6).toFixed(0)} MB`);
