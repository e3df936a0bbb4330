// The Customer facts table and the Explore sheet's pivot tables, end to end through the command line on a
// small orders workbook (workbook-1904.ts, 1900 system): the fact table's figures agree with the RFM
// sheet's segment table (computed here from the fact table's rows, independently of Loopbook's pivot), the
// pivot as LibreOffice recalculates it on open shows the same totals, the pivot and slicer parts are
// wired together, openpyxl opens the file, and two refreshes leave one pivot cache per pivot and no
// orphaned part, relationship, defined name or content-type override.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { relsPathOf, resolveTarget } from '../../src/opc-paths.js';
import { ordersWorkbook } from './workbook-1904.js';

const PY = '/usr/bin/python3';
const haveOpenpyxl = spawnSync(PY, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
const haveLibreOffice = spawnSync('libreoffice', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-pivots-'));
const book = path.join(dir, 'orders.xlsx');
const analysed = path.join(dir, 'orders-loopbook.xlsx');
const refreshed = path.join(dir, 'orders-refreshed-twice.xlsx');

async function run(args: string[]): Promise<void> {
  const err = new PassThrough();
  let text = '';
  err.on('data', (c: Buffer) => (text += c.toString()));
  const code = await main(args, { stdout: new PassThrough(), stderr: err });
  if (code !== 0) throw new Error(`loopbook ${args.join(' ')} exited with ${code}:\n${text}`);
}

type Files = Record<string, Uint8Array>;
const text = (files: Files, part: string) => strFromU8(files[part]);
const attrs = (xml: string, tag: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

/** Every relationship of the package: from part, type and resolved target. */
function relationships(files: Files): { from: string; type: string; target: string }[] {
  return Object.keys(files)
    .filter((p) => p.endsWith('.rels'))
    .flatMap((relsPart) => {
      // `dir/_rels/name.rels` holds the relationships of `dir/name`; `_rels/.rels` those of the package.
      const m = /^(.*?)_rels\/(.*)\.rels$/.exec(relsPart)!;
      const from = m[2] === '' ? '' : m[1] + m[2];
      return [...text(files, relsPart).matchAll(/<Relationship\b[^>]*>/g)]
        .filter((r) => !/TargetMode="External"/.test(r[0]))
        .map((r) => ({
          from,
          type: /Type="([^"]+)"/.exec(r[0])![1],
          target: resolveTarget(from === '' ? 'root' : from, /Target="([^"]+)"/.exec(r[0])![1]),
        }));
    });
}

/** The pivot and slicer wiring of a package, as counts and names (see the tests below for each rule). */
function pivotParts(files: Files) {
  const parts = Object.keys(files).sort();
  const wb = text(files, 'xl/workbook.xml');
  return {
    pivotTables: parts.filter((p) => /^xl\/pivotTables\/[^/]+\.xml$/.test(p)),
    caches: parts.filter((p) => /^xl\/pivotCache\/pivotCacheDefinition\d+\.xml$/.test(p)),
    records: parts.filter((p) => /^xl\/pivotCache\/pivotCacheRecords\d+\.xml$/.test(p)),
    slicerCaches: parts.filter((p) => /^xl\/slicerCaches\/[^/]+\.xml$/.test(p)),
    slicers: parts.filter((p) => /^xl\/slicers\/[^/]+\.xml$/.test(p)),
    workbookPivotCaches: attrs(wb, 'pivotCache', 'r:id'),
    workbookSlicerCaches: attrs(wb, 'x14:slicerCache', 'r:id'),
    slicerNames: attrs(wb, 'definedName', 'name').filter((n) => n.startsWith('Slicer_')),
  };
}

let first: Files;
let twice: Files;

beforeAll(async () => {
  writeFileSync(book, ordersWorkbook(false));
  await run(['analyze', book, '--out', analysed, '--as-of', '2024-12-31']);
  first = unzipSync(new Uint8Array(readFileSync(analysed)));
  copyFileSync(analysed, refreshed);
  await run(['refresh', refreshed]);
  await run(['refresh', refreshed]);
  twice = unzipSync(new Uint8Array(readFileSync(refreshed)));
}, 600_000);

/** The fact table and the RFM segment table as openpyxl reads them (through their Excel tables). */
function readTables(file: string): {
  facts: Record<string, string | number | null>[];
  segments: Record<string, string | number | null>[];
} {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def table(sheet, name):
    ws = wb[sheet]
    rows = [[c.value for c in r] for r in ws[ws.tables[name].ref]]
    return [dict(zip(rows[0], r)) for r in rows[1:]]
print(json.dumps({'facts': table('Customer facts', 'LB_customer_facts_facts'), 'segments': table('RFM', 'LB_rfm_segments')}))
`;
  const r = spawnSync(PY, ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ReturnType<typeof readTables>;
}

/** Per segment: customers and revenue, summed here from the fact table's rows. */
function bySegment(
  facts: Record<string, string | number | null>[],
): Map<string, { customers: number; revenue: number }> {
  const out = new Map<string, { customers: number; revenue: number }>();
  for (const f of facts) {
    const s = String(f['RFM segment']);
    const g = out.get(s) ?? { customers: 0, revenue: 0 };
    g.customers += 1;
    g.revenue += Number(f.Revenue);
    out.set(s, g);
  }
  return out;
}

describe('Customer facts and Explore, through the command line', () => {
  it.skipIf(!haveOpenpyxl)(
    "holds one row per customer whose segment counts and revenue are the RFM sheet's segment table",
    () => {
      const { facts, segments } = readTables(analysed);
      // workbook-1904.ts: 40 customers, each with at least one order in 2024.
      expect(facts.length).toBe(40);
      expect(new Set(facts.map((f) => f.Customer)).size).toBe(40);
      // Its orders carry a channel: the first order's channel is the acquisition channel (customer i → CHANNELS[i % 4]).
      const channels = ['Search', 'Social', 'Email', 'Community'];
      for (const f of facts) expect(f['Acquisition channel']).toBe(channels[Number(String(f.Customer).slice(1)) % 4]);
      const mine = bySegment(facts);
      expect(segments.length).toBe(mine.size);
      for (const s of segments) {
        const g = mine.get(String(s.Segment));
        expect(g, String(s.Segment)).toBeDefined();
        expect(g!.customers).toBe(s.Customers);
        expect(g!.revenue).toBeCloseTo(Number(s.Revenue), 2);
      }
    },
  );

  it.skipIf(!haveOpenpyxl || !haveLibreOffice)(
    'shows in LibreOffice, which recalculates the pivot on open, the totals summed from the fact table',
    () => {
      const out = path.join(dir, 'csv');
      mkdirSync(out, { recursive: true });
      const r = spawnSync(
        'libreoffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
          '--outdir',
          out,
          analysed,
        ],
        { encoding: 'utf8', timeout: 300_000 },
      );
      expect(r.status).toBe(0);
      const csv = readdirSync(out).find((f) => f.endsWith('-Explore.csv'));
      expect(csv).toBeDefined();
      const rows = readFileSync(path.join(out, csv!), 'utf8')
        .split('\n')
        .map((l) => l.split(','));
      const mine = bySegment(readTables(analysed).facts);
      // Tabular layout: "<segment> Result" rows hold the segment's subtotals (customers, total revenue).
      for (const [segment, g] of mine) {
        const row = rows.find((x) => x[0] === `${segment} Result`);
        expect(row, segment).toBeDefined();
        expect(Number(row![2])).toBe(g.customers);
        expect(Number(row![3])).toBeCloseTo(g.revenue, 2);
      }
      const totals = rows.filter((x) => x[0] === 'Total Result');
      // Both pivots end with a grand total of all 40 customers.
      expect(totals.length).toBe(2);
      expect(Number(totals[0][2])).toBe(40);
      expect(Number(totals[1].filter((v) => v.trim() !== '').at(-1))).toBe(40);
    },
    300_000,
  );

  it('wires two pivots to their caches and four slicers to caches of their own', () => {
    const p = pivotParts(first);
    expect(p.pivotTables.length).toBe(2);
    expect(p.caches.length).toBe(2);
    // Each pivot names its own cache; the workbook lists each cache once.
    const rels = relationships(first);
    const cacheOf = p.pivotTables.map(
      (t) => rels.find((r) => r.from === t && r.type.endsWith('/pivotCacheDefinition'))!.target,
    );
    expect(new Set(cacheOf)).toEqual(new Set(p.caches));
    expect(p.workbookPivotCaches.length).toBe(2);
    // Slicers: on first purchase month and lifecycle stage (segments pivot), channel and segment (stages pivot).
    expect(p.slicerCaches.length).toBe(4);
    const caches = p.slicerCaches.map((c) => ({
      name: attrs(text(first, c), 'slicerCacheDefinition', 'name')[0],
      source: attrs(text(first, c), 'slicerCacheDefinition', 'sourceName')[0],
      pivot: attrs(text(first, c), 'pivotTable', 'name')[0],
    }));
    expect(caches.map((c) => `${c.source} → ${c.pivot}`).sort()).toEqual([
      'Acquisition channel → LB_explore_stages',
      'First purchase month → LB_explore_segments',
      'Lifecycle stage → LB_explore_segments',
      'RFM segment → LB_explore_stages',
    ]);
    const slicerXml = p.slicers.map((s) => text(first, s)).join('');
    for (const c of caches) {
      // The slicer of a field uses the cache of that field, whose defined name exists.
      expect(slicerXml).toContain(`name="${c.source}" cache="${c.name}"`);
      expect(p.slicerNames).toContain(c.name);
    }
    expect(p.workbookSlicerCaches.length).toBe(4);
  });

  it('leaves after two refreshes one cache per pivot and no orphan', () => {
    const before = pivotParts(first);
    const after = pivotParts(twice);
    expect(after.pivotTables.length).toBe(2);
    expect(after.caches.length).toBe(after.pivotTables.length);
    expect(after.records).toEqual([]);
    expect(after.slicerCaches.length).toBe(4);
    expect(after.workbookPivotCaches.length).toBe(2);
    expect(after.workbookSlicerCaches.length).toBe(4);
    expect(after.slicerNames.sort()).toEqual(before.slicerNames.sort());
    // Every relationship points at a part, every part but the package's own has a content type, and every
    // content-type override names a part.
    const parts = new Set(Object.keys(twice));
    for (const r of relationships(twice)) expect(parts.has(r.target), `${r.from} → ${r.target}`).toBe(true);
    const ct = text(twice, '[Content_Types].xml');
    const overrides = attrs(ct, 'Override', 'PartName').map((p) => p.slice(1));
    for (const o of overrides) expect(parts.has(o), o).toBe(true);
    for (const part of [...after.pivotTables, ...after.caches, ...after.slicerCaches, ...after.slicers])
      expect(overrides).toContain(part);
    // Every pivot, slicer and slicer-cache part is reachable from the workbook (no part left behind).
    const reachable = new Set(relationships(twice).map((r) => r.target));
    for (const part of [...after.pivotTables, ...after.caches, ...after.slicerCaches, ...after.slicers])
      expect(reachable.has(part), part).toBe(true);
    expect(relsPathOf('xl/workbook.xml') in twice).toBe(true);
  });

  it("keeps a user's defined name that a slicer cache would take, and names the cache otherwise", async () => {
    const files = unzipSync(ordersWorkbook(false));
    files['xl/workbook.xml'] = strToU8(
      text(files, 'xl/workbook.xml').replace(
        '</sheets>',
        '</sheets><definedNames><definedName name="Slicer_RFM_segment">Orders!$A$1</definedName></definedNames>',
      ),
    );
    const input = path.join(dir, 'with-name.xlsx');
    const output = path.join(dir, 'with-name-loopbook.xlsx');
    writeFileSync(input, zipSync(files));
    await run(['analyze', input, '--out', output, '--as-of', '2024-12-31']);
    const out = unzipSync(new Uint8Array(readFileSync(output)));
    const wb = text(out, 'xl/workbook.xml');
    const names = attrs(wb, 'definedName', 'name');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(wb).toContain('<definedName name="Slicer_RFM_segment">Orders!$A$1</definedName>');
    const caches = pivotParts(out).slicerCaches.map((c) => text(out, c));
    const segment = caches.find((c) => c.includes('sourceName="RFM segment"'))!;
    expect(attrs(segment, 'slicerCacheDefinition', 'name')).toEqual(['Slicer_RFM_segment2']);
    expect(names).toContain('Slicer_RFM_segment2');
    expect(
      pivotParts(out)
        .slicers.map((p) => text(out, p))
        .join(''),
    ).toContain('cache="Slicer_RFM_segment2"');
  });
});
