#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts in its own Node process (with --expose-gc), one after another,
// so each phase's time and peak memory are its own. `npm run bench -- ingest` runs only matching files.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureChdb } from './ensure-chdb.mjs';

const filter = process.argv[2];
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .sort()
  .map((f) => ({ label: `bench/${f}`, args: [`bench/${f}`] }));
// Loopbook beside pandas and DuckDB on one 1,000,000-order CSV, in one run (bench/peers/, scripts/bench-peers.mjs).
files.push({ label: 'peers (pandas, DuckDB, Loopbook)', args: ['scripts/bench-peers.mjs'] });
// The task pane in the browser playground: 100,000 order rows, and a sheet at Excel's full height (1,048,575
// rows and the header), from Run to results written, with the longest main-thread task and the renderer's
// peak memory (needs Debian's Chromium; skips itself without it).
files.push({ label: 'playground (Chromium)', args: ['tests/e2e/playground-bench.ts', '100000'] });
files.push({ label: 'playground at full height (Chromium)', args: ['tests/e2e/playground-bench.ts', '1048575'] });
let failed = 0;
const chosen = files.filter((f) => !filter || f.label.includes(filter));
// bench/clickhouse.ts runs ClickHouse in-process (chDB, installed into .cache/chdb as for the tests).
if (chosen.some((f) => f.label.includes('clickhouse'))) ensureChdb();
for (const { label, args } of chosen) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', ...args], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
