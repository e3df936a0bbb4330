#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts in its own Node process (with --expose-gc), one after another,
// so each phase's time and peak memory are its own. `npm run bench -- ingest` runs only matching files.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2];
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.startsWith('_') && (!filter || f.includes(filter))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', `bench/${file}`], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
