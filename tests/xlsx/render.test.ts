/**
 * The applier's output rendered by an independent spreadsheet program: LibreOffice converts it to PDF,
 * poppler rasterises the pages, and the charts must be drawn — coloured bars, lines and slices, not empty
 * frames. Rendered twice: as planned, and with every series pointed at empty cells (frames, titles, axes and
 * legends, no marks), so what is coloured only in the first is exactly what the charts drew from the data.
 * A chart that reads the wrong range or nothing at all makes the count drop to about zero.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { applyPlanToXlsx } from '../../src/xlsx/apply.js';
import { planFor } from './apply-fixtures.js';
import { coloured, readPpm, type Image } from './ppm.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-render-'));
const haveTools = ['/usr/bin/libreoffice', '/usr/bin/pdftoppm'].every((p) => existsSync(p));

function render(name: string, bytes: Uint8Array): Image[] {
  const xlsx = join(dir, `${name}.xlsx`);
  writeFileSync(xlsx, bytes);
  // A private profile, so parallel runs (other engineers, CI) never share LibreOffice's lock.
  execFileSync(
    'libreoffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      xlsx,
    ],
    {
      stdio: 'ignore',
      timeout: 90_000,
    },
  );
  execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '2', join(dir, `${name}.pdf`), join(dir, name)], {
    timeout: 60_000,
  });
  return ['1', '2'].map((p) => {
    const file = [`${name}-${p}.ppm`, `${name}-0${p}.ppm`].map((f) => join(dir, f)).find((f) => existsSync(f));
    if (!file) throw new Error(`page ${p} of ${name} was not rendered`);
    return readPpm(new Uint8Array(readFileSync(file)));
  });
}

/** Pixels coloured in `a` but not in `b`, and their bounding box. */
function colourDiff(a: Image, b: Image): { count: number; left: number; right: number; xs: number[] } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let count = 0;
  let left = a.width;
  let right = 0;
  const xs = new Array<number>(a.width).fill(0);
  for (let i = 0; i < a.width * a.height; i++) {
    if (coloured(a, i) && !coloured(b, i)) {
      count++;
      const x = i % a.width;
      xs[x]++;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return { count, left, right, xs };
}

describe.skipIf(!haveTools)('LibreOffice renders the applier output', () => {
  let withCharts: Image[];
  let emptyCharts: Image[];
  beforeAll(async () => {
    const plan = planFor([], []);
    const empty: Plan = {
      ...plan,
      ops: plan.ops.map((o) =>
        o.op === 'addChart'
          ? { ...o, series: o.series.map((s) => ({ ...s, values: { ...s.values, address: 'Z900:Z904' } })) }
          : o,
      ),
    };
    withCharts = render('charts', await applyPlanToXlsx(null, plan));
    emptyCharts = render('empty', await applyPlanToXlsx(null, empty));
  }, 180_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws both Dashboard charts with coloured marks', () => {
    const d = colourDiff(withCharts[0], emptyCharts[0]);
    // At 40 dpi the Dashboard page is 440 × 340 px; each chart's bars cover hundreds of pixels.
    expect(d.count).toBeGreaterThan(400);
    // Two charts side by side: coloured marks on both sides of the middle of the drawn area.
    const mid = Math.floor((d.left + d.right) / 2);
    const leftCount = d.xs.slice(0, mid).reduce((a, b) => a + b, 0);
    const rightCount = d.xs.slice(mid).reduce((a, b) => a + b, 0);
    expect(leftCount).toBeGreaterThan(150);
    expect(rightCount).toBeGreaterThan(30);
  });

  it('draws the result sheet’s charts', () => {
    const d = colourDiff(withCharts[1], emptyCharts[1]);
    expect(d.count).toBeGreaterThan(400);
  });
});
