// A/B in one process: the same kept rows, pushedSummaries and pushedCohorts with the fork (A) and without (B).
import { openRunSources } from '../src/cli/engine-sources.ts';
import { pushOrders, pushedSummaries } from '../src/source/duckdb/orders.ts';
import { pushedCohorts } from '../src/source/duckdb/cohorts.ts';
import { summaryOptions, cohortOptions } from '../src/source/duckdb/run.ts';
import { isoToSerial } from '../src/serial-date.ts';
import { createHash } from 'node:crypto';
const file = process.argv[2];
const reps = Number(process.argv[3] ?? 3);
const what = (process.argv[4] ?? 'sum,coh').split(',');
const recipe: any = { analyses: [{ kind: 'rfm', enabled: true, options: {} }, { kind: 'cohorts', enabled: true, options: {} }, { kind: 'clv', enabled: true, options: {} }] };
const asOf = isoToSerial('2024-12-31')!;
const src = (await openRunSources([`duckdb:${file}`], null, undefined))!;
const t = src.tables[0];
const engine: any = t.engine;
const pushed = await pushOrders(engine, t.opened, t.dataset, t.rows);
const fork = engine.fork;
const hash = (x: unknown) => createHash('sha1').update(JSON.stringify(x, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v as any) : v instanceof Map ? [...v] : v))).digest('hex').slice(0, 10);
const timed = async (label: string, f: () => Promise<unknown>) => {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  return { label, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, h: hash(r), load: (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0] };
};
const out: any[] = [];
for (let r = 0; r < reps; r++)
  for (const ab of r % 2 ? ['B', 'A'] : ['A', 'B']) {
    engine.fork = ab === 'A' ? fork : undefined;
    if (what.includes('sum')) out.push({ ab, ...(await timed('sum', () => pushedSummaries(engine, summaryOptions(recipe, asOf), pushed.customers))) });
    if (what.includes('coh')) for (const o of cohortOptions(recipe)) out.push({ ab, ...(await timed('coh', async () => (await pushedCohorts(engine, o, asOf, pushed.customers, 'orders')).data)) });
    for (const x of out.slice(-what.length)) console.log(JSON.stringify(x));
  }
await src.dispose();
