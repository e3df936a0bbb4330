// `npm run demo` on the committed sample workbook: every analysis the sample supports runs, result sheets
// never take an input sheet's name, the Dashboard ranks the effects the generator planted first
// (assets/sample/README.md), and LibreOffice draws the Dashboard's charts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';
import type { Summary } from '../../src/run/summary.js';
import { coloured, readPpm } from '../xlsx/ppm.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../assets/sample/loopbook-sample.xlsx');
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-demo-'));
const out = path.join(dir, 'analysed.xlsx');
const json = path.join(dir, 'summary.json');
const INPUT_SHEETS = ['Customers', 'Orders', 'Campaigns', 'Touches', 'Experiment', 'Invoices', 'Budget'];
const haveTools = ['/usr/bin/libreoffice', '/usr/bin/pdftoppm'].every((p) => existsSync(p));

let code = -1;
let stderr = '';
let summary: Summary;

beforeAll(async () => {
  const err = new PassThrough();
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  code = await main(['analyze', SAMPLE, '--out', out, '--json', json], { stdout: new PassThrough(), stderr: err });
  summary = JSON.parse(readFileSync(json, 'utf8')) as Summary;
}, 300_000);

describe('the demo on the sample workbook', () => {
  it('runs every analysis the sample supports, with no internal error', () => {
    expect(code).toBe(0);
    expect(Object.keys(summary.analyses).sort()).toEqual(
      [
        'acquisition-quality',
        'attribution',
        'before-after',
        'budget',
        'channel-performance',
        'clusters',
        'clv',
        'cohorts',
        'experiment',
        'funnel',
        'lifecycle',
        'reconciliation',
        'recommendations',
        'reported-vs-real',
        'response',
        'rfm',
        'segment-response',
      ].sort(),
    );
    expect(summary.diagnostics.filter((d) => d.code === 'run.analysis-failed')).toEqual([]);
    // The mess planted in the sample is reported with sheet, column and row (assets/sample/README.md).
    expect(stderr).toMatch(/Orders!D "amount", row \d+\]: .*"待确认"/);
  });

  it("keeps the input sheets and gives no result sheet an input sheet's name", async () => {
    const read = await readXlsx(out);
    const names = read.sheets.map((s) => s.name);
    for (const input of INPUT_SHEETS) expect(names).toContain(input);
    expect(names.filter((n) => / \(\d+\)$/.test(n))).toEqual([]);
    // Loopbook's sheets follow the user's (whose order is never changed), the Dashboard first among them.
    expect(names.slice(0, INPUT_SHEETS.length)).toEqual(INPUT_SHEETS);
    expect(names[INPUT_SHEETS.length]).toBe('Dashboard');
  });

  it('ranks the planted effects first among the Dashboard findings', async () => {
    const read = await readXlsx(out, { sheets: ['Dashboard'] });
    // Each finding's link to its sheet sits in the cell after its text ("Segment response ›"): left out.
    const cells = read.grids[0].values.flat().filter((v): v is string => typeof v === 'string' && !v.endsWith(' ›'));
    const start = cells.findIndex((v) => /^What to act on first/.test(v));
    expect(start).toBeGreaterThan(-1);
    const top = cells.slice(start + 1, start + 11);
    const rank = (re: RegExp) => top.findIndex((line) => re.test(line));
    // The six effects assets/sample/README.md says the generator planted, each among the top ten:
    // 1 potential customers answer community; 2 high-value customers ignore ads; 3 paid social brings
    // sign-ups who rarely buy again; 4 the coupon lifts at-risk (流失预警) customers only;
    // 5 paid social's reported revenue is about 2× its orders; 6 paid social is over budget.
    const planted = {
      community: rank(/Potential.*Community/),
      highValue: rank(/High value.*Paid Social/),
      paidSocialRepeat: rank(/Paid Social.*buy a second time/),
      coupon: rank(/(Churn warning|at-risk|gone quiet).*满减券|满减券.*(Churn warning|at-risk)/),
      inflated: rank(/Paid Social reports .* \(2\.\d+×\)/),
      overBudget: rank(/Paid Social.*(over budget|overspen|more than budget)/),
    };
    const missing = Object.entries(planted)
      .filter(([, at]) => at < 0)
      .map(([effect]) => effect);
    expect(missing, `not among the top ten findings:\n${top.join('\n')}`).toEqual([]);
  });

  it.skipIf(!haveTools)(
    "LibreOffice draws the Dashboard's charts",
    () => {
      // Render only Loopbook's sheets: empty the (large) input sheets and the per-customer fact table in a
      // copy (its thousands of rows would only add pages after the Dashboard's); LibreOffice prints no page
      // for an empty sheet, so page 1 is the Dashboard.
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const wb = strFromU8(files['xl/workbook.xml']);
      const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
      for (const name of [...INPUT_SHEETS, 'Customer facts']) {
        const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
        const target = rid && new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
        const part = target && `xl/${target.replace(/^\/?xl\//, '')}`;
        if (!part || !files[part]) throw new Error(`no worksheet part for ${name}`);
        files[part] = strToU8(strFromU8(files[part]).replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>'));
      }
      const copy = path.join(dir, 'results-only.xlsx');
      writeFileSync(copy, zipSync(files));
      execFileSync(
        'libreoffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          copy,
        ],
        {
          stdio: 'ignore',
          timeout: 240_000,
        },
      );
      execFileSync('pdftoppm', [
        '-r',
        '50',
        '-f',
        '1',
        '-l',
        '6',
        path.join(dir, 'results-only.pdf'),
        path.join(dir, 'dash'),
      ]);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        '1',
        '-l',
        '6',
        path.join(dir, 'results-only.pdf'),
        path.join(dir, 'dash'),
      ]);
      const pages = readdirSync(dir)
        .filter((f) => /^dash-\d+\.ppm$/.test(f))
        .sort();
      expect(pages.length).toBeGreaterThan(0);
      let count = 0;
      let total = 0;
      for (const page of pages) {
        const img = readPpm(new Uint8Array(readFileSync(path.join(dir, page))));
        total += img.width * img.height;
        for (let i = 0; i < img.width * img.height; i++) if (coloured(img, i)) count++;
      }
      // The Dashboard's first six pages hold its KPI tiles (two pages), the findings and the first charts:
      // bars, lines and slices cover over 1% of them (about 2.5% here; the tiles' pages alone about 0.6%);
      // charts drawn as empty frames give almost none.
      expect(count / total).toBeGreaterThan(0.01);
      console.log(`Dashboard rendered to ${dir}/dash-*.png`);
      // LibreOffice may take its whole 240 s on a busy machine: the test waits for it.
    },
    300_000,
  );
});
