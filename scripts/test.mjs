#!/usr/bin/env node
// `npm test`: installs missing Debian test packages (as root with apt) and chDB for the ClickHouse tests (into
// .cache/chdb, never a dependency: scripts/ensure-chdb.mjs), then type-checks, lints, checks the formatting
// (Prettier), runs the unit tests and the end-to-end tests in Chromium. Each step stops the run when it fails.
import { spawnSync } from 'node:child_process';
import { ensureSystemDeps } from './system-deps.mjs';
import { ensureChdb } from './ensure-chdb.mjs';

ensureSystemDeps();
ensureChdb();

const env = { ...process.env, TZ: 'UTC', LANG: process.env.LANG ?? 'C.UTF-8' };
const steps = [
  ['typecheck', ['npx', 'tsc', '--noEmit', '-p', '.']],
  ['lint', ['npx', 'eslint', '.', '--max-warnings', '0']],
  ['format', ['npx', 'prettier', '--check', '.']],
  ['unit tests', ['npx', 'vitest', 'run', ...process.argv.slice(2)]],
  ['end-to-end tests', ['npx', 'vitest', 'run', '--config', 'vitest.e2e.config.ts']],
];
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n[loopbook] ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  console.log(
    `[loopbook] ${name}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
