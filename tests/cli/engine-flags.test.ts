import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS } from '../../bin/engine-flags.js';

const probe = fileURLToPath(new URL('./fixtures/engine-flags-probe.mjs', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [...args, probe], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('the engine V8 flags (bin/engine-flags.js)', () => {
  it('starts the script again with them, its output and exit status passed on', () => {
    const r = run([]);
    expect(ENGINE_V8_FLAGS).toContain('--no-concurrent-recompilation');
    expect(JSON.parse(r.stdout)).toEqual(ENGINE_V8_FLAGS); // printed once: by the child, which has them
    expect(r.status).toBe(3);
  });

  it('runs here when they are given, or with LOOPBOOK_V8_FLAGS=0', () => {
    expect(JSON.parse(run(ENGINE_V8_FLAGS).stdout)).toEqual(ENGINE_V8_FLAGS);
    const off = run([], { LOOPBOOK_V8_FLAGS: '0' });
    expect(JSON.parse(off.stdout)).toEqual([]);
    expect(off.status).toBe(3);
  });

  it('ends with the signal that ended the child', () => {
    const r = spawnSync(process.execPath, [probe, 'SIGTERM'], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGTERM');
    expect(r.status).toBeNull();
  });
});
