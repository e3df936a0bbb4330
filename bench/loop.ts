/**
 * Bench: the closed-loop analyses (issue 8 target: segment response + acquisition quality + before/after +
 * findings ≤ 3 s on 1,000,000 orders). Data: the sample workbook's generator (`scripts/sample/generate.ts`,
 * seeded) at scale 12 (about 100,000 customers, with touches, campaigns and the experiment), repeat rate
 * raised so the orders exceed the target, then thinned at random (seeded) to exactly the target; the sheets
 * go through `ingestGrid` and `pickInputs` as a real run's do. Generation and ingest are not timed.
 *
 * The orders read (`readOrders`, shared with the user analyses of a run) is timed first and counted in the
 * total. Each analysis is timed on the same inputs object, in report order, as one run computes them: the findings
 * (recommendations) re-read the other three's cached results, so its own time is its own work (win-back
 * list, CLV scoring, ranking). Its cold time on a fresh inputs object is printed too.
 *
 * Run: `node --expose-gc --import tsx bench/loop.ts [orders]` (`--json` prints one JSON line).
 */
import { pathToFileURL } from 'node:url';
import type { CellGrid } from '../src/types.js';
import type { AnalysisInputs, CommonOptions } from '../src/analysis/registry-types.js';
import { ingestGrid } from '../src/ingest/index.js';
import { readOrders } from '../src/analysis/user/orders.js';
import { pickInputs } from '../src/run/detect.js';
import { mulberry32 } from '../src/stats/random.js';
import { runSegmentResponse } from '../src/analysis/loop/segment-response.js';
import { runAcquisitionQuality } from '../src/analysis/loop/acquisition-quality.js';
import { runBeforeAfter } from '../src/analysis/loop/before-after.js';
import { runRecommendations } from '../src/analysis/loop/recommendations.js';
import { AS_OF_SERIAL, makeSample } from '../scripts/sample/generate.js';

const SEED = 3;
const SCALE = 12;
/** Repeat rate at which scale 12 gives a little over 1,000,000 order lines (2.2 → 977,594; 2.6 → 1,122,379). */
const REPEAT_RATE = 2.35;

/** Keep exactly `target` data rows of a grid (header kept), chosen at random with a seeded PRNG (order kept). */
function thin(g: CellGrid, target: number, seed: number): CellGrid {
  const rows = g.values.length - 1;
  if (rows <= target) return g;
  const rnd = mulberry32(seed);
  const values = [g.values[0]];
  const formats = g.numberFormats ? [g.numberFormats[0]] : undefined;
  let need = target;
  for (let i = 1, left = rows; i <= rows; i++, left--) {
    if (rnd() * left < need) {
      values.push(g.values[i]);
      formats?.push(g.numberFormats![i]);
      need--;
    }
  }
  const last = /^A1:([A-Z]+)\d+$/.exec(g.address)?.[1] ?? 'Z';
  return { ...g, address: `A1:${last}${values.length}`, values, ...(formats ? { numberFormats: formats } : {}) };
}

/** Wall time and CPU time (user + system, all threads: a shared machine slows wall time, less so CPU time). */
function timed<T>(f: () => T): { s: number; cpu: number; r: T } {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  return { s: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, r };
}

export function main(argv: string[] = process.argv.slice(2)): Record<string, number | string> {
  const target = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const t0 = performance.now();
  const sample = makeSample({ seed: SEED, scale: SCALE, repeatRate: REPEAT_RATE, clean: true });
  const grids = sample.grids.map((g) => (g.sheet === 'Orders' ? thin(g, target, 8) : g));
  const genS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const inputs: AnalysisInputs = pickInputs(grids.map((g) => ingestGrid(g)));
  const ingestS = (performance.now() - t1) / 1000;
  sample.grids.length = 0;
  grids.length = 0;
  const common: CommonOptions = { asOf: AS_OF_SERIAL, currency: 'CNY', lang: 'en' };

  // The orders read (user/orders.ts) is shared with the user analyses of a run; timed apart, and counted.
  const read = timed(() => readOrders(inputs, []));
  const seg = timed(() => runSegmentResponse(inputs, common));
  const acq = timed(() => runAcquisitionQuality(inputs, common));
  const ba = timed(() => runBeforeAfter(inputs, common));
  const rec = timed(() => runRecommendations(inputs, common));
  // Cold: copies of the datasets, so no cached read, histories, CLV fit or results are found.
  const fresh = Object.fromEntries(Object.entries(inputs).map(([k, d]) => [k, { ...d }])) as AnalysisInputs;
  const cold = timed(() => runRecommendations(fresh, common));
  const errors = [seg, acq, ba, rec].flatMap((x) =>
    x.r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${x.r.kind}: ${d.code}`),
  );
  const rows = (k: keyof AnalysisInputs): number => inputs[k]?.table.numRows() ?? 0;
  return {
    orders: rows('orders'),
    customers: rows('customers'),
    touchpoints: rows('touchpoints'),
    campaigns: rows('campaigns'),
    experiment: rows('experiment'),
    generateSeconds: genS,
    ingestSeconds: ingestS,
    segmentResponseSeconds: seg.s,
    acquisitionQualitySeconds: acq.s,
    beforeAfterSeconds: ba.s,
    recommendationsSeconds: rec.s,
    readOrdersSeconds: read.s,
    totalSeconds: read.s + seg.s + acq.s + ba.s + rec.s,
    readOrdersCpu: read.cpu,
    segmentResponseCpu: seg.cpu,
    acquisitionQualityCpu: acq.cpu,
    beforeAfterCpu: ba.cpu,
    recommendationsCpu: rec.cpu,
    totalCpu: read.cpu + seg.cpu + acq.cpu + ba.cpu + rec.cpu,
    recommendationsColdSeconds: cold.s,
    findings: [seg, acq, ba, rec].reduce((a, x) => a + x.r.findings.length, 0),
    errors: errors.join('; '),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else {
    const s = (k: string): string => `${(r[k] as number).toFixed(2)} s`;
    console.log(
      `loop analyses on ${r.orders.toLocaleString('en')} orders / ${r.customers.toLocaleString('en')} customers, ${r.touchpoints.toLocaleString('en')} touches, ${r.campaigns.toLocaleString('en')} campaign rows, ${r.experiment.toLocaleString('en')} experiment units`,
    );
    console.log(`  (not timed: generate ${s('generateSeconds')}, ingest ${s('ingestSeconds')})`);
    console.log(
      `  orders read ${s('readOrdersSeconds')} (shared with the user analyses), segment response ${s('segmentResponseSeconds')}, acquisition quality ${s('acquisitionQualitySeconds')}, before/after ${s('beforeAfterSeconds')}, findings ${s('recommendationsSeconds')}`,
    );
    console.log(
      `  total ${s('totalSeconds')} (target ≤ 3 s); findings alone, cold (nothing cached) ${s('recommendationsColdSeconds')}`,
    );
    console.log(
      `  CPU time: ${s('readOrdersCpu')} + ${s('segmentResponseCpu')} + ${s('acquisitionQualityCpu')} + ${s('beforeAfterCpu')} + ${s('recommendationsCpu')} = ${s('totalCpu')}`,
    );
    if (r.errors) console.log(`  errors: ${r.errors}`);
    console.log(`  peak RSS ${r.peakRssMB} MB`);
  }
}
