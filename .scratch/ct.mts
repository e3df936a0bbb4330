import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/dp2/ct-');
const inst = await DuckDBInstance.create(':memory:');
const a = await inst.connect();
await a.run('SET threads = 1'); await a.run('SET preserve_insertion_order = true');
await a.run(`ATTACH '${dir}/x.duckdb' AS disk`);
await a.run(`ATTACH ':memory:' AS mem`);
const b = await inst.connect();
const sel = (k: number) => `SELECT i AS code, i % 1000 AS first, i % 77 AS second, 'chan' || (i % 6) AS ch, i * 0.5 AS rev, i % 13 AS lastoff FROM range(${k * 1000000}, ${(k + 1) * 1000000}) r(i)`;
const c0 = () => process.cpuUsage();
for (const where of ['disk', 'mem', 'temp'] as const) {
  const name = (k: number) => (where === 'temp' ? `t_${k}` : `${where}.t_${k}`);
  const make = (c: any, k: number) => c.run(`CREATE OR REPLACE ${where === 'temp' ? 'TEMP ' : ''}TABLE ${name(k)} AS ${sel(k)}`);
  let t = performance.now(); let cu = c0();
  for (let k = 0; k < 4; k++) await make(a, k);
  let cc = process.cpuUsage(cu);
  console.log(where, 'serial', ((performance.now() - t) / 1000).toFixed(2), ((cc.user + cc.system) / 1e6).toFixed(2));
  if (where === 'temp') continue;
  t = performance.now(); cu = c0();
  await Promise.all([(async () => { for (const k of [0, 2]) await make(a, k); })(), (async () => { for (const k of [1, 3]) await make(b, k); })()]);
  cc = process.cpuUsage(cu);
  console.log(where, 'pair', ((performance.now() - t) / 1000).toFixed(2), ((cc.user + cc.system) / 1e6).toFixed(2));
}
