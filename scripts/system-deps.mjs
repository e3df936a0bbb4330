#!/usr/bin/env node
// Installs the Debian packages the tests need when they are missing (machines here run as root with apt).
// Elsewhere it only says what is missing: tests that need a package skip with a clear reason.
import { execFileSync, spawnSync } from 'node:child_process';

/** command on PATH (or a Python module, or a font) → Debian package that provides it */
export const SYSTEM_DEPS = [
  { command: 'xmllint', pkg: 'libxml2-utils', why: 'manifest validation' },
  { command: 'chromium', pkg: 'chromium', why: 'end-to-end tests of the task pane' },
  { command: 'libreoffice', pkg: 'libreoffice-calc-nogui', why: 'rendering result workbooks' },
  { command: 'pdftoppm', pkg: 'poppler-utils', why: 'rendering result workbooks' },
  // Not a command: a font, so that Chinese sheets render as text rather than boxes.
  { font: 'WenQuanYi Micro Hei', pkg: 'fonts-wqy-microhei', why: 'rendering Chinese result sheets' },
  // Python modules of Debian's /usr/bin/python3, used by tools/ooxml-check (schema and structure checks).
  { python: 'lxml', pkg: 'python3-lxml', why: 'validating result workbooks against the OOXML schemas' },
  { python: 'openpyxl', pkg: 'python3-openpyxl', why: 'reading result workbooks with an independent reader' },
];

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const hasFont = (family) =>
  spawnSync('sh', ['-c', `fc-list 2>/dev/null | grep -qi "${family}"`], { stdio: 'ignore' }).status === 0;

/** Whether Debian's Python (not a virtualenv's) imports `module`. */
const hasPython = (module) =>
  spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;

export function missingDeps() {
  return SYSTEM_DEPS.filter((d) => (d.command ? !has(d.command) : d.python ? !hasPython(d.python) : !hasFont(d.font)));
}

export function ensureSystemDeps() {
  const missing = missingDeps();
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((d) => d.pkg))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !isRoot || !has('apt-get')) {
    console.warn(
      `[loopbook] Missing system packages: ${pkgs.join(', ')} (${missing.map((d) => d.why).join('; ')}). ` +
        'Install them for the full test suite; tests that need them will be skipped.',
    );
    return;
  }
  console.log(`[loopbook] Installing ${pkgs.join(' ')} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], { stdio: 'inherit', env });
  try {
    apt(['install', '-y', '--no-install-recommends', ...pkgs]);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', ...pkgs]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
