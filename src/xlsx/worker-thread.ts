/**
 * Worker threads that run the engine's own modules (Node only: the command line and the benches; the pane has its own
 * Web Worker). The engine is TypeScript, run from its sources: a worker's module is bundled once into .cache/cli/
 * (`workerBundle`) and started as JavaScript (`startModuleWorker`), or registers tsx itself when no bundle can be
 * made. Used by the .csv reader's second thread (./read-csv-parallel.ts) and the analyses' (src/cli/aside.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** What `workerBundle` keeps beside the bundle: the sources it was built from, and their hash. */
interface BundleManifest {
  file: string;
  inputs: string[];
  key: string;
}

/** A hash of files' paths and bytes (relative to `root`). */
function inputsKey(root: string, inputs: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of inputs)
    h.update(`${f}\0`)
      .update(readFileSync(join(root, f)))
      .update('\0');
  return h.digest('hex').slice(0, 20);
}

/**
 * Run from the TypeScript sources (the command line's bundle and the benches keep the sources' module URLs), a
 * worker's module as one JavaScript file built by esbuild (which tsx brings) and kept in .cache/cli/ beside the
 * command's bundle, under a hash of the sources it was built from (listed in `<name>.json`, checked at each start: a
 * few files). Registering tsx in the worker instead cost the .csv reader's worker 60-100 ms of its CPU before it
 * could read, while the main thread read its share (the 1M-order file), and a worker that registers tsx's ES-module
 * hooks starts a loader thread of its own (about 0.2 s, 0.4 s on a busy machine). `entry`: the worker's .ts module;
 * `name`: the bundle's name in .cache/cli/. Null when the bundle cannot be built or kept (no esbuild, a read-only
 * clone).
 */
export function workerBundle(entry: URL, name: string): string | null {
  try {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dir = join(root, '.cache', 'cli');
    const manifestFile = join(dir, `${name}.json`);
    if (existsSync(manifestFile)) {
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
      if (existsSync(join(dir, m.file)) && inputsKey(root, m.inputs) === m.key) return join(dir, m.file);
    }
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [fileURLToPath(entry)],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs).sort();
    const key = inputsKey(root, inputs);
    const file = `${name}-${key}.mjs`;
    mkdirSync(dir, { recursive: true });
    // Written beside, then renamed: another run may be reading.
    const tmp = (f: string): string => join(dir, `${f}.${process.pid}.tmp`);
    writeFileSync(tmp(file), built.outputFiles[0].contents);
    renameSync(tmp(file), join(dir, file));
    const manifest: BundleManifest = { file, inputs, key };
    writeFileSync(tmp(`${name}.json`), JSON.stringify(manifest));
    renameSync(tmp(`${name}.json`), manifestFile);
    const stale = new RegExp(`^${name}-[0-9a-f]+\\.mjs$`);
    for (const old of readdirSync(dir)) if (old !== file && stale.test(old)) rmSync(join(dir, old), { force: true });
    return join(dir, file);
  } catch {
    return null;
  }
}

/** Flags that load tsx (`--import tsx`, tsx's own `--require …/preflight.cjs --import …/loader.mjs`). */
const TSX_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The process's Node flags less those that load tsx: the bundled worker is JavaScript, and tsx's hooks cost its
 * thread 50-100 ms of CPU before it could read (its loader, its CommonJS lexer) under `npx tsx` (the benches).
 * Other flags (`--cpu-prof`, `--max-old-space-size`) are kept.
 * @example withoutTsx(['--import', 'tsx', '--cpu-prof']) // ['--cpu-prof']
 */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (TSX_FLAGS.has(flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : (execArgv[i + 1] ?? '');
      if (/(^|[\\/@])tsx([\\/@]|$)/.test(value)) {
        if (eq < 0) i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/**
 * A worker given explicit Node flags, less those Node refuses in a worker: V8's and the process's own
 * (`--max-old-space-size=4096`, which the peer benchmark runs with) make `new Worker` throw
 * ERR_WORKER_INVALID_EXEC_ARGV naming them, where inherited flags are silently ignored. Started again without
 * the flags the error names; any other failure is thrown.
 */
export function workerWithFlags(target: URL | string, options: WorkerOptions & { execArgv: string[] }): Worker {
  try {
    return new Worker(target, options);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    const named = (e as Error).message.split(': ').pop() ?? '';
    const refused = new Set(named.split(/,\s*/));
    return new Worker(target, { ...options, execArgv: options.execArgv.filter((a) => !refused.has(a)) });
  }
}

/**
 * A worker thread running the module `entry` (a URL of one of the engine's .ts modules, or of its compiled .js), with
 * `workerData`: from the sources, its bundle (`workerBundle`, started without tsx's flags), else a worker that
 * registers tsx's CommonJS hooks and requires it; a compiled engine runs the .js beside. Throws when no worker can
 * be started.
 */
export function startModuleWorker(entry: URL, name: string, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const bundle = workerBundle(entry, name);
  if (bundle) return workerWithFlags(pathToFileURL(bundle), { execArgv: withoutTsx(process.execArgv), workerData });
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register();require(${JSON.stringify(fileURLToPath(entry))});`;
  return new Worker(code, { eval: true, workerData });
}
