#!/usr/bin/env node
// The `loopbook` command. The engine is TypeScript: the command works straight from a clone after `npm install`,
// with no separate build step.
//
// Start-up (issue 13): loading the engine's 250 modules one by one through tsx's loader cost about 1 CPU s of every
// run (1.7 s for `--help`). So the command runs one bundle of src/ (esbuild, which tsx brings; packages stay
// imports), built on the first run after any change to src/ and kept in .cache/cli/ under a hash of the sources'
// bytes; each run only hashes src/ (a few ms). Each module keeps its own `import.meta.url` (a worker thread loads
// src/analysis/user/gamma-gamma.ts beside its caller). LOOPBOOK_BUNDLE=0, or a bundle that cannot be built or
// written (a read-only clone), runs the sources through tsx's loader as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runWithEngineFlags } from './engine-flags.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Whether a core is free for the .csv reader's second thread, as src/xlsx/read-csv-parallel.ts
 * `defaultParallelMinBytes` judges it at a command's start: the machine's run queue sampled 8 times 0.5 ms apart
 * (Linux), fewer than cores - 1.5 other tasks wanting one on average; elsewhere the 1-minute load average below
 * cores - 0.5.
 */
function coreFree() {
  const cores = availableParallelism();
  if (cores < 2) return false;
  try {
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    let others = 0;
    for (let i = 0; i < 8; i++) {
      if (i > 0) Atomics.wait(sleep, 0, 0, 0.5);
      const n = Number.parseInt(readFileSync('/proc/loadavg', 'latin1').split(' ')[3] ?? '', 10);
      if (!(n >= 1)) throw new Error('no run queue');
      others += (n - 1) / 8;
    }
    return others < cores - 1.5;
  } catch {
    return loadavg()[0] < cores - 0.5;
  }
}

/**
 * The .csv reader's worker started now, before the engine loads (about 1 s, which the worker's own start overlaps),
 * for `analyze` or `inspect` of a .csv input of 8 MB or more (or a .gz) on a machine with a core free; left for the
 * engine under a registered symbol (src/xlsx/read-csv-parallel.ts `EARLY`), which takes it for that file or ends it.
 * The input is the first .csv argument not after an option (an option's value such as `--json out.csv` is not one;
 * a file after a flag is left to the engine's own start). Only the worker's bundle already built and up to date is
 * started (.cache/cli/csv-worker.json, src/xlsx/worker-thread.ts `workerBundle`). Anything amiss: no worker.
 */
function startCsvWorkerEarly(argv) {
  try {
    if (argv[0] !== 'analyze' && argv[0] !== 'inspect') return;
    const input = argv.find((a, i) => i > 0 && /\.csv(\.gz)?$/i.test(a) && !argv[i - 1].startsWith('-'));
    const threads = process.env.LOOPBOOK_CSV_THREADS;
    if (!input || threads === '1') return;
    if (!/\.gz$/i.test(input) && statSync(input).size < 8 * 2 ** 20) return;
    if (threads !== '2' && !coreFree()) return;
    const dir = path.join(root, '.cache', 'cli');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'csv-worker.json'), 'utf8'));
    const h = createHash('sha256');
    for (const f of manifest.inputs)
      h.update(`${f}\0`)
        .update(readFileSync(path.join(root, f)))
        .update('\0');
    if (h.digest('hex').slice(0, 20) !== manifest.key) return;
    const loaded = new SharedArrayBuffer(4);
    const worker = new Worker(pathToFileURL(path.join(dir, manifest.file)), { workerData: { loaded } });
    worker.unref();
    const slot = Symbol.for('loopbook.csv.earlyWorker');
    const early = { worker, loaded, path: input };
    // Stopped before the engine took it (or never taken): out of the slot, so that no read waits on it.
    const drop = () => {
      if (globalThis[slot] === early) globalThis[slot] = undefined;
      void worker.terminate();
    };
    worker.once('error', drop);
    worker.once('exit', drop);
    setTimeout(() => globalThis[slot] === early && drop(), 30_000).unref();
    globalThis[slot] = early;
  } catch {
    // No early worker: the engine starts its own.
  }
}

/** A hash of every file under src/ (path and bytes), of tsconfig.json, of this file and of esbuild's version. */
function sourceKey() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile())
        h.update(`${path.relative(root, p)}\0`)
          .update(readFileSync(p))
          .update('\0');
    }
  };
  walk(path.join(root, 'src'));
  for (const f of ['tsconfig.json', 'bin/loopbook.js', 'node_modules/esbuild/package.json'])
    h.update(`${f}\0`).update(readFileSync(path.join(root, f)));
  return h.digest('hex').slice(0, 20);
}

/** Bundles src/cli/main.ts into `file` (written beside it, then renamed: another run may be reading). */
async function build(file) {
  const { build: esbuild } = await import('esbuild');
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    packages: 'external',
    outfile: tmp,
    logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.json'),
    plugins: [
      {
        // Each module's own `import.meta.url`, not the bundle's.
        name: 'module-urls',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  renameSync(tmp, file);
  // Bundles of earlier sources are not needed any more.
  for (const old of readdirSync(dir))
    if (old !== path.basename(file) && /^main-[0-9a-f]+\.mjs$/.test(old)) rmSync(path.join(dir, old), { force: true });
}

/** The bundled engine, or null (LOOPBOOK_BUNDLE=0, or it could not be built). */
async function bundled() {
  if (process.env.LOOPBOOK_BUNDLE === '0') return null;
  let file;
  try {
    file = path.join(root, '.cache', 'cli', `main-${sourceKey()}.mjs`);
    if (!existsSync(file)) await build(file);
  } catch {
    return null;
  }
  return await import(pathToFileURL(file).href);
}

runWithEngineFlags();
startCsvWorkerEarly(process.argv.slice(2));
let engine = await bundled();
if (!engine) {
  const { register } = await import('tsx/esm/api');
  register();
  engine = await import('../src/cli/main.ts');
}
process.exitCode = await engine.main(process.argv.slice(2));
