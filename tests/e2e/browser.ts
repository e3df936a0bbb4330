// Shared helpers for end-to-end tests: build the pages with webpack, serve a folder on localhost,
// and start Debian's Chromium through playwright-core (never a downloaded browser).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const root = path.resolve(import.meta.dirname, '../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
  '.css': 'text/css',
  '.map': 'application/json',
};

const built = new Map<string, string>();

/** Builds the pages into a fresh folder (once per mode); `mode` production loads office.js from the CDN. */
export function buildPages(mode: 'production' | 'development'): string {
  const cached = built.get(mode);
  if (cached) return cached;
  const out = mkdtempSync(path.join(tmpdir(), `loopbook-${mode}-`));
  const r = spawnSync('npx', ['webpack', '--mode', mode, '--output-path', out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`webpack ${mode} failed:\n${r.stdout}\n${r.stderr}`);
  built.set(mode, out);
  return out;
}

/** Serves `dir` on 127.0.0.1 at a free port. */
export async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

export async function launch(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
