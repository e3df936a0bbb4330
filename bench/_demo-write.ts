/**
 * Bench (by hand, not run by `npm run bench`: it needs a dumped Plan): the demo's write step alone, as the
 * first call in a process (issue 13: ≤ 3 s). Reads a Plan dumped as JSON and the workbook it applies to,
 * applies it once (or `--repeat N` times) and prints CPU seconds.
 *   node --import tsx bench/_demo-write.ts PLAN.json assets/sample/loopbook-sample.xlsx [OUT.xlsx] [--repeat N]
 * PLAN.json: the demo's Plan, e.g. `JSON.stringify(plan)` written from writeWorkbook (src/cli/commands.ts) for
 * one `npm run demo` (the Plan is plain JSON: both hosts take it as it is). CPU seconds are process.cpuUsage
 * (user + system, every thread: V8's background compilers included).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { applyPlanToXlsx } from '../src/xlsx/apply.js';
import type { Plan } from '../src/plan/types.js';

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 1;
const [planPath, inPath, outPath] = args;
const plan = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
const bytes = new Uint8Array(readFileSync(inPath));
for (let i = 0; i < repeat; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await applyPlanToXlsx(bytes, plan);
  const c = process.cpuUsage(c0);
  console.log(
    `apply ${i + 1}: ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${out.length} bytes`,
  );
  if (outPath && i === 0) writeFileSync(outPath, out);
}
