#!/usr/bin/env node
// chDB (ClickHouse in-process, npm `chdb`, about 550 MB) for the ClickHouse tests only: installed into .cache/chdb
// when missing, never a dependency of the project, so `npm ci` stays lean. The tests load it from there
// (tests/source/chdb.ts). A failed install (offline) fails the test run: the ClickHouse tests never skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHDB_VERSION = '3.4.0';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHDB_PREFIX = path.join(root, '.cache', 'chdb');

function installed() {
  const pkg = path.join(CHDB_PREFIX, 'node_modules', 'chdb', 'package.json');
  return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === CHDB_VERSION;
}

/** Installs chdb@CHDB_VERSION into .cache/chdb unless it is there; exits the process when the install fails. */
export function ensureChdb() {
  if (installed()) return;
  console.log(`[loopbook] installing chdb@${CHDB_VERSION} into ${CHDB_PREFIX} for the ClickHouse tests (~550 MB)`);
  const r = spawnSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `chdb@${CHDB_VERSION}`,
      '--prefix',
      CHDB_PREFIX,
    ],
    { stdio: 'inherit', cwd: root },
  );
  if (r.status !== 0 || !installed()) {
    console.error(
      `[loopbook] could not install chdb@${CHDB_VERSION} into ${CHDB_PREFIX}: the ClickHouse tests (tests/source/clickhouse*.test.ts) cannot run.`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureChdb();
