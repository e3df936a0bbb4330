/**
 * Golden-file comparison for plain-JSON stages (Report, Plan), Plot-style: long decimals are rounded,
 * and a mismatch writes `<name>-changed.json` next to the golden so a reviewer can diff the two.
 * A missing golden is written on the first run (review and commit it).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

function round(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(10));
  if (Array.isArray(v)) return v.map(round);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
  return v;
}

export function expectGolden(dir: string, name: string, actual: unknown): void {
  const file = join(dir, 'golden', `${name}.json`);
  const changed = join(dir, 'golden', `${name}-changed.json`);
  const text = JSON.stringify(round(actual), null, 1) + '\n';
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, text);
    return;
  }
  const golden = readFileSync(file, 'utf8');
  if (golden === text) {
    if (existsSync(changed)) rmSync(changed);
    return;
  }
  writeFileSync(changed, text);
  expect(text, `${name} differs from its golden; see ${changed}`).toBe(golden);
}
