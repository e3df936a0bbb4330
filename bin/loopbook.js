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
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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

let engine = await bundled();
if (!engine) {
  const { register } = await import('tsx/esm/api');
  register();
  engine = await import('../src/cli/main.ts');
}
process.exitCode = await engine.main(process.argv.slice(2));
