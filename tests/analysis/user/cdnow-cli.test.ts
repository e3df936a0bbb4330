/**
 * Issue 5: "the same analyses through `loopbook analyze` on a CSV of the CDNOW transactions give the same
 * figures". Writes CDNOW_sample.txt as a CSV, runs the command line with --as-of 1997-09-30 (the end of
 * the calibration period) and checks the JSON summary against the published values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { readReference } from '../../reference-data.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-cdnow-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loopbook analyze on the CDNOW transactions (FHL 2005; Fader & Hardie 2013)', () => {
  it('reports the published BG/NBD and Gamma-Gamma figures under stable JSON keys', async () => {
    const src = readReference('cdnow/CDNOW_sample.txt', 'utf8');
    const lines = ['customer_id,order_date,amount'];
    for (const l of src.split(/\r?\n/)) {
      const f = l.trim().split(/\s+/);
      if (f.length >= 5)
        lines.push(`${Number(f[1])},${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)},${f[4]}`);
    }
    const csv = join(dir, 'cdnow.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const sink = new Writable({
      write(_c, _e, cb) {
        cb();
      },
    });
    const json = join(dir, 'summary.json');
    const code = await main(
      ['analyze', csv, '--as-of', '1997-09-30', '--json', json, '--out', join(dir, 'out.xlsx'), '--currency', 'USD'],
      { stdout: sink, stderr: sink },
    );
    expect(code).toBe(0);
    const s = JSON.parse(readFileSync(json, 'utf8')) as {
      analyses: Record<string, { figures: Record<string, number> }>;
    };
    const f = s.analyses.clv.figures;
    // Published (csv-rounded T) vs exact T from the transactions: < 1e-4 relative (see clv.test.ts).
    const pub: Record<string, number> = {
      bgnbd_r: 0.242593,
      bgnbd_alpha: 4.413532,
      bgnbd_a: 0.792886,
      bgnbd_b: 2.425752,
      gg_p: 6.2488,
      gg_q: 3.7446,
      gg_v: 15.4477,
    };
    for (const [k, v] of Object.entries(pub))
      expect(Math.abs(f[k] / v - 1)).toBeLessThan(k.startsWith('gg') ? 1e-3 : 1e-4);
    expect(Math.abs(f.bgnbd_loglik - -9582.4)).toBeLessThan(0.1);
    expect(f.customers).toBe(2357);
    expect(s.analyses.rfm.figures.customers).toBe(2357);
  });
});
