/**
 * Bench: write a 100,000-row result table with six native charts through buildReport → buildPlan →
 * the .xlsx applier. Target (issue 3): ≤ 10 s. Prints each phase's time and the peak RSS.
 *   npx tsx bench/write.ts [rows]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import type { AnalysisResult } from '../src/analysis/types.js';
import { buildReport } from '../src/report/build-report.js';
import { buildPlan } from '../src/plan/build-plan.js';
import { applyPlanToXlsx, excelize, readLoopbookStore, sheetNames } from '../src/xlsx/apply.js';
import { emptyRunLog, ownedSheets } from '../src/recipe/store.js';

const t = (en: string) => ({ en, 'zh-CN': en });
const rows = Number(process.argv[2] ?? 100_000);

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);

function result(n: number): AnalysisResult {
  const channels = ['Paid search', 'Paid social', '社群', 'E-mail/SMS', 'Content', 'Affiliate'];
  const data = new Array<Record<string, string | number>>(n);
  // Seeded LCG so every run writes the same numbers.
  let s = 42;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    const spend = Math.round(rnd() * 10000) / 100;
    const revenue = Math.round(spend * (0.5 + rnd() * 5) * 100) / 100;
    data[i] = { id: `C${String(i).padStart(6, '0')}`, channel: channels[i % 6], day: 45292 + (i % 730), spend, revenue, roas: revenue / spend || 0, conv: Math.floor(rnd() * 50) };
  }
  return {
    kind: 'bench',
    title: t('Bench result'),
    sheetName: t('Bench'),
    question: t('How fast is the writer?'),
    figures: [{ key: 'rows', label: t('Rows'), value: n, kind: 'integer' }],
    tables: [
      {
        name: 'big',
        title: t('Big table'),
        columns: [
          { key: 'id', label: t('Customer'), kind: 'text' },
          { key: 'channel', label: t('Channel'), kind: 'text' },
          { key: 'day', label: t('Day'), kind: 'date' },
          { key: 'spend', label: t('Spend'), kind: 'currency', highlight: 'dataBar' },
          { key: 'revenue', label: t('Revenue'), kind: 'currency', highlight: 'colorScale' },
          { key: 'roas', label: t('ROAS'), kind: 'ratio', highlight: 'iconSet' },
          { key: 'conv', label: t('Conversions'), kind: 'integer' },
        ],
        rows: data,
      },
    ],
    charts: [
      { name: 'c1', title: t('Spend'), kind: 'column', table: 'big', category: 'id', series: ['spend'] },
      { name: 'c2', title: t('Revenue'), kind: 'bar', table: 'big', category: 'id', series: ['revenue'] },
      { name: 'c3', title: t('Trend'), kind: 'line', table: 'big', category: 'day', series: ['spend', 'revenue'] },
      { name: 'c4', title: t('Share'), kind: 'pie', table: 'big', category: 'id', series: ['spend'] },
      { name: 'c5', title: t('Spend vs revenue'), kind: 'scatter', table: 'big', category: 'spend', series: ['revenue'] },
      { name: 'c6', title: t('Combo'), kind: 'combo', table: 'big', category: 'id', series: ['spend', 'revenue'], secondary: ['roas'] },
    ],
    findings: [],
    notes: [],
    diagnostics: [],
  };
}

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
const plan = buildPlan(report, { existingSheetNames: [], ownedSheets: [], store: { recipe: null, log: emptyRunLog(), run } });
mark(`buildPlan (${plan.ops.length} ops)`);
const out = await applyPlanToXlsx(null, plan);
mark('applyPlanToXlsx');
// Refresh in place: the same result again into the workbook just written (its 100,000-row sheet is owned
// and replaced), as `loopbook refresh` does.
const log = (await readLoopbookStore(out)).store?.log ?? emptyRunLog();
const again = buildPlan(report, { existingSheetNames: await sheetNames(out), ownedSheets: ownedSheets(log), store: { recipe: null, log, run } });
const refreshed = await applyPlanToXlsx(out, again);
mark('refresh in place (plan+apply)');
clearInterval(timer);
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/write.xlsx', out);
const write = phases.filter(([n]) => /^build|^apply/.test(n));
const total = write.reduce((a, [, ms]) => a + ms, 0);
const totalCpu = write.reduce((a, [, , cpu]) => a + cpu, 0);
for (const [n, ms, cpu] of phases) console.log(`${n.padEnd(30)} ${(ms / 1000).toFixed(2)} s wall  ${(cpu / 1000).toFixed(2)} s cpu`);
console.log(`${'write total (report→bytes)'.padEnd(30)} ${(total / 1000).toFixed(2)} s wall  ${(totalCpu / 1000).toFixed(2)} s cpu  (target ≤ 10 s)`);
console.log(`${'output'.padEnd(30)} ${(out.length / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows, 6 charts; refreshed ${(refreshed.length / 1e6).toFixed(1)} MB`);
console.log(`${'peak RSS'.padEnd(30)} ${(peak / 1e6).toFixed(0)} MB`);
