// The Customer facts table, the Explore sheet's pivot tables, the Dashboard tiles that read them and the
// slicers on result tables, end to end through the command line on a small orders workbook
// (workbook-1904.ts, 1900 system): the fact table's figures agree with the RFM sheet's segment table
// (computed here from the fact table's rows, independently of Loopbook's pivot), the pivot as LibreOffice
// recalculates it on open shows the same totals, the tiles' GETPIVOTDATA formulas cache the analysis figures
// (the --json summary) and LibreOffice, recalculating them, gets the same, the pivot and slicer parts are
// wired together, openpyxl opens the file, and two refreshes leave one pivot cache per pivot, one slicer
// cache per slicer and no orphaned part, relationship, defined name or content-type override.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { excelize } from '../../src/xlsx/apply.js';
import { relsPathOf, resolveTarget } from '../../src/opc-paths.js';
import { ordersWorkbook } from './workbook-1904.js';

const PY = '/usr/bin/python3';
const haveOpenpyxl = spawnSync(PY, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
const haveLibreOffice = spawnSync('libreoffice', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-pivots-'));
const book = path.join(dir, 'orders.xlsx');
const analysed = path.join(dir, 'orders-loopbook.xlsx');
const refreshed = path.join(dir, 'orders-refreshed-twice.xlsx');
const summaryFile = path.join(dir, 'summary.json');

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
    /** Every slicer of every slicers part: its name and cache. */
    slicerElements: parts
      .filter((p) => /^xl\/slicers\/[^/]+\.xml$/.test(p))
      .flatMap((p) => [...text(files, p).matchAll(/<slicer\b[^>]*>/g)].map((m) => m[0]))
      .map((tag) => ({ name: attrs(tag, 'slicer', 'name')[0], cache: attrs(tag, 'slicer', 'cache')[0] })),
  };
}

/** The worksheet part of a sheet, by name. */
function sheetPart(files: Files, sheet: string): string {
  const wb = text(files, 'xl/workbook.xml');
  const tag = [...wb.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => attrs(t, 'sheet', 'name')[0] === sheet)!;
  const rid = attrs(tag, 'sheet', 'r:id')[0];
  const rels = text(files, 'xl/_rels/workbook.xml.rels');
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${rid}"`))!;
  return resolveTarget('xl/workbook.xml', /Target="([^"]+)"/.exec(rel)![1]);
}

const unxml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The Dashboard's GETPIVOTDATA cells: address, formula parts and cached value. */
function tileFormulas(files: Files) {
  const xml = text(files, sheetPart(files, 'Dashboard'));
  return [...xml.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*><f>([^<]*GETPIVOTDATA[^<]*)<\/f><v>([^<]*)<\/v><\/c>/g)].map(
    (m) => {
      const formula = unxml(m[3]);
      // GETPIVOTDATA("data field",'Sheet'!$A$7) or IFERROR(GETPIVOTDATA("data field",'Sheet'!$A$7,"field","item"),0)
      const g =
        /GETPIVOTDATA\("((?:[^"]|"")*)",'((?:[^']|'')*)'!\$([A-Z]+)\$(\d+)(?:,"((?:[^"]|"")*)","((?:[^"]|"")*)")?\)/.exec(
          formula,
        );
      if (!g) throw new Error(`not a GETPIVOTDATA formula Loopbook writes: ${formula}`);
      const q = (x: string | undefined) => (x === undefined ? null : x.replace(/""/g, '"'));
      return {
        col: m[1],
        row: Number(m[2]),
        formula,
        dataField: q(g[1])!,
        sheet: g[2].replace(/''/g, "'"),
        cell: `${g[3]}${g[4]}`,
        field: q(g[5]),
        item: q(g[6]),
        cached: Number(m[4]),
      };
    },
  );
}

/** Each tile's analysis figure in the --json summary, by the pivot value it reads. */
const TILE_FIGURES: Record<string, [string, string]> = {
  'Customers|': ['rfm', 'customers'],
  'Total revenue|': ['rfm', 'revenue'],
  'Total CLV|': ['clv', 'total_clv'],
  'Customers|Active': ['lifecycle', 'active'],
  'Customers|At risk': ['lifecycle', 'at_risk'],
  'Total revenue|At risk': ['lifecycle', 'at_risk_revenue'],
};

function figureOf(t: { dataField: string; item: string | null }): number {
  const [kind, key] = TILE_FIGURES[`${t.dataField}|${t.item ?? ''}`];
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as {
    analyses: Record<string, { figures: Record<string, number> }>;
  };
  return summary.analyses[kind].figures[key];
}

let first: Files;
let twice: Files;

beforeAll(async () => {
  writeFileSync(book, ordersWorkbook(false));
  await run(['analyze', book, '--out', analysed, '--as-of', '2024-12-31', '--json', summaryFile]);
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
    'shows in LibreOffice, recalculating on open, the pivot totals summed from the fact table and the tiles’ figures',
    () => {
      // LibreOffice recalculates the pivots on open, and here every formula too (its profile says so): the
      // tiles' cached values are zeroed in the copy it opens, so their numbers can only come from the pivot.
      const profile = path.join(dir, 'lo-profile');
      mkdirSync(path.join(profile, 'user'), { recursive: true });
      writeFileSync(
        path.join(profile, 'user', 'registrymodifications.xcu'),
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>',
      );
      const zeroed = unzipSync(new Uint8Array(readFileSync(analysed)));
      const dash = sheetPart(zeroed, 'Dashboard');
      zeroed[dash] = strToU8(
        text(zeroed, dash).replace(/(<f>[^<]*GETPIVOTDATA[^<]*<\/f>)<v>[^<]*<\/v>/g, '$1<v>0</v>'),
      );
      const input = path.join(dir, 'orders-tiles-zeroed.xlsx');
      writeFileSync(input, zipSync(zeroed));
      const out = path.join(dir, 'csv');
      mkdirSync(out, { recursive: true });
      const r = spawnSync(
        'libreoffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
          '--outdir',
          out,
          input,
        ],
        { encoding: 'utf8', timeout: 300_000 },
      );
      expect(r.status).toBe(0);
      const sheetCsv = (name: string) => {
        const csv = readdirSync(out).find((f) => f.endsWith(`-${name}.csv`));
        expect(csv, name).toBeDefined();
        return readFileSync(path.join(out, csv!), 'utf8')
          .split('\n')
          .map((l) => l.split(','));
      };
      const rows = sheetCsv('Explore');
      const mine = bySegment(readTables(analysed).facts);
      // Tabular layout: "<segment> Result" rows hold the segment's subtotals (customers, total revenue).
      for (const [segment, g] of mine) {
        const row = rows.find((x) => x[0] === `${segment} Result`);
        expect(row, segment).toBeDefined();
        expect(Number(row![2])).toBe(g.customers);
        expect(Number(row![3])).toBeCloseTo(g.revenue, 2);
      }
      const totals = rows.filter((x) => x[0] === 'Total Result');
      // The three pivots (customer base, segments, stages) end with a grand total of all 40 customers.
      expect(totals.length).toBe(3);
      expect(Number(totals[0][1])).toBe(40);
      expect(Number(totals[1][2])).toBe(40);
      expect(Number(totals[2].filter((v) => v.trim() !== '').at(-1))).toBe(40);
      // The tiles, recalculated: the analysis figures again, amounts to the cent each of the 40 customers'
      // amounts was rounded to, counts exactly.
      const tiles = tileFormulas(first);
      expect(tiles.length).toBeGreaterThanOrEqual(3);
      const dashboard = sheetCsv('Dashboard');
      for (const t of tiles) {
        const shown = Number(dashboard[t.row - 1][t.col.charCodeAt(0) - 65]);
        const figure = figureOf(t);
        if (t.dataField === 'Customers') expect(shown, t.formula).toBe(figure);
        else expect(Math.abs(shown - figure), t.formula).toBeLessThanOrEqual(0.005 * 41);
      }
    },
    300_000,
  );

  it('writes the customer tiles as formulas that name an existing pivot and data field, caching the figures', () => {
    const tiles = tileFormulas(first);
    // workbook-1904.ts's run has the RFM revenue among its headlines; every tile reads a value it knows.
    expect(tiles.map((t) => `${t.dataField}|${t.item ?? ''}`)).toContain('Total revenue|');
    const rels = relationships(first);
    for (const t of tiles) {
      expect(Object.keys(TILE_FIGURES)).toContain(`${t.dataField}|${t.item ?? ''}`);
      expect(t.cached, t.formula).toBe(figureOf(t));
      // The pivot on the sheet named whose location starts at the cell named, and its data field of that name.
      const part = rels
        .filter((r) => r.from === sheetPart(first, t.sheet) && r.type.endsWith('/pivotTable'))
        .map((r) => r.target)
        .find((x) => attrs(text(first, x), 'location', 'ref')[0].split(':')[0] === t.cell);
      expect(part, t.formula).toBeDefined();
      const pivot = text(first, part!);
      expect(attrs(pivot, 'dataField', 'name')).toContain(t.dataField);
      if (t.field !== null) {
        // The item's field is a row field of that pivot: a cache field named so, listed in rowFields.
        const cache = rels.find((r) => r.from === part && r.type.endsWith('/pivotCacheDefinition'))!.target;
        const fields = attrs(text(first, cache), 'cacheField', 'name');
        const rowFields = [
          ...(/<rowFields\b[^>]*>([\s\S]*?)<\/rowFields>/.exec(pivot)?.[1] ?? '').matchAll(/<field x="(\d+)"/g),
        ].map((m) => fields[Number(m[1])]);
        expect(rowFields).toContain(t.field);
      }
    }
  });

  it('wires three pivots to their caches and each slicer, on a pivot or a table, to a cache of its own', () => {
    const p = pivotParts(first);
    expect(p.pivotTables.length).toBe(3);
    expect(p.caches.length).toBe(3);
    // Each pivot names its own cache; the workbook lists each cache once.
    const rels = relationships(first);
    const cacheOf = p.pivotTables.map(
      (t) => rels.find((r) => r.from === t && r.type.endsWith('/pivotCacheDefinition'))!.target,
    );
    expect(new Set(cacheOf)).toEqual(new Set(p.caches));
    expect(p.workbookPivotCaches.length).toBe(3);
    const caches = p.slicerCaches.map((c) => ({
      name: attrs(text(first, c), 'slicerCacheDefinition', 'name')[0],
      source: attrs(text(first, c), 'slicerCacheDefinition', 'sourceName')[0],
      pivot: attrs(text(first, c), 'pivotTable', 'name')[0],
      table: attrs(text(first, c), 'x15:tableSlicerCache', 'tableId')[0],
      column: attrs(text(first, c), 'x15:tableSlicerCache', 'column')[0],
    }));
    // Pivot slicers: channel, first purchase month and segment on the customer base; first purchase month
    // and lifecycle stage on the segments; channel and segment on the stages.
    expect(
      caches
        .filter((c) => c.pivot !== undefined)
        .map((c) => `${c.source} → ${c.pivot}`)
        .sort(),
    ).toEqual([
      'Acquisition channel → LB_explore_base',
      'Acquisition channel → LB_explore_stages',
      'First purchase month → LB_explore_base',
      'First purchase month → LB_explore_segments',
      'Lifecycle stage → LB_explore_segments',
      'RFM segment → LB_explore_base',
      'RFM segment → LB_explore_stages',
    ]);
    // Table slicers (x15:tableSlicerCache): segment on the RFM customers, stage on the lifecycle customers,
    // churn risk on the CLV customers; each names its table's id and the column of that header.
    const tables = Object.keys(first)
      .filter((k) => /^xl\/tables\/[^/]+\.xml$/.test(k))
      .map((k) => text(first, k));
    const onTables = caches.filter((c) => c.table !== undefined);
    expect(onTables.map((c) => c.source).sort()).toEqual(['Churn risk', 'Segment', 'Stage']);
    for (const c of onTables) {
      const table = tables.find((t) => attrs(t, 'table', 'id')[0] === c.table)!;
      expect(table, c.source).toBeDefined();
      expect(attrs(table, 'tableColumn', 'name')[Number(c.column) - 1]).toBe(c.source);
    }
    expect(
      attrs(
        tables.find((t) => attrs(t, 'table', 'id')[0] === onTables.find((c) => c.source === 'Segment')!.table)!,
        'table',
        'name',
      )[0],
    ).toBe('LB_rfm_customers');
    // One cache per slicer: the slicer of a field uses the cache of that field, whose defined name exists,
    // and the workbook lists each cache once.
    expect(p.slicerElements.length).toBe(caches.length);
    expect(new Set(p.slicerElements.map((e) => e.cache)).size).toBe(caches.length);
    for (const e of p.slicerElements) {
      const c = caches.find((x) => x.name === e.cache);
      expect(c, e.name).toBeDefined();
      expect(e.name.replace(/ \d+$/, '')).toBe(c!.source);
      expect(p.slicerNames).toContain(c!.name);
    }
    expect(new Set(p.slicerElements.map((e) => e.name)).size).toBe(caches.length);
    expect(p.workbookSlicerCaches.length).toBe(caches.length);
    expect(p.slicerNames.length).toBe(caches.length);
  });

  it('leaves after two refreshes one cache per pivot, one per slicer, and no orphan', () => {
    const before = pivotParts(first);
    const after = pivotParts(twice);
    expect(after.pivotTables.length).toBe(3);
    expect(after.caches.length).toBe(after.pivotTables.length);
    expect(after.records).toEqual([]);
    expect(after.slicerCaches.length).toBe(before.slicerCaches.length);
    expect(after.slicerElements.length).toBe(after.slicerCaches.length);
    expect(new Set(after.slicerElements.map((e) => e.cache)).size).toBe(after.slicerCaches.length);
    expect(after.slicerElements.map((e) => e.name).sort()).toEqual(before.slicerElements.map((e) => e.name).sort());
    expect(after.workbookPivotCaches.length).toBe(3);
    expect(after.workbookSlicerCaches.length).toBe(after.slicerCaches.length);
    expect(after.slicerNames.sort()).toEqual(before.slicerNames.sort());
    // The tiles still read the pivot, with the same figures.
    expect(tileFormulas(twice).map((t) => [t.formula, t.cached])).toEqual(
      tileFormulas(first).map((t) => [t.formula, t.cached]),
    );
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
    // Two slicers on the RFM segment (customer base and stages pivots): the user's name is skipped.
    const segment = caches.filter((c) => c.includes('sourceName="RFM segment"'));
    expect(segment.flatMap((c) => attrs(c, 'slicerCacheDefinition', 'name')).sort()).toEqual([
      'Slicer_RFM_segment2',
      'Slicer_RFM_segment3',
    ]);
    expect(names).toContain('Slicer_RFM_segment2');
    expect(names).toContain('Slicer_RFM_segment3');
    const slicers = pivotParts(out)
      .slicers.map((p) => text(out, p))
      .join('');
    expect(slicers).toContain('cache="Slicer_RFM_segment2"');
    expect(slicers).toContain('cache="Slicer_RFM_segment3"');
  });
});

describe("a user's own slicer", () => {
  it('keeps its name and cache when a slicer Loopbook adds has the same field name', async () => {
    // The orders workbook with a sheet of the user's: a table with a "Segment" column and a slicer on it,
    // the name Loopbook's slicer on the RFM customers' Segment column would take.
    const ex = await excelize();
    const f = ex.OpenReader(ordersWorkbook(false), {});
    f.NewSheet('Mine');
    [
      ['Segment', 'Note'],
      ['Gold', 'x'],
      ['Silver', 'y'],
    ].forEach((r, i) => f.SetSheetRow('Mine', `A${i + 1}`, r));
    expect(f.AddTable('Mine', { Range: 'A1:B3', Name: 'MyTable' }).error).toBeFalsy();
    expect(
      f.AddSlicer('Mine', { Name: 'Segment', Cell: 'D2', TableSheet: 'Mine', TableName: 'MyTable' }).error,
    ).toBeFalsy();
    const written = f.WriteToBuffer();
    const input = path.join(dir, 'with-slicer.xlsx');
    const output = path.join(dir, 'with-slicer-loopbook.xlsx');
    writeFileSync(input, written.buffer as Uint8Array);
    await run(['analyze', input, '--out', output, '--as-of', '2024-12-31']);
    const out = unzipSync(new Uint8Array(readFileSync(output)));
    const p = pivotParts(out);
    const caches = p.slicerCaches.map((c) => text(out, c));
    const tableOf = (cache: string) =>
      Object.keys(out)
        .filter((k) => /^xl\/tables\/[^/]+\.xml$/.test(k))
        .map((k) => text(out, k))
        .find((t) => attrs(t, 'table', 'id')[0] === attrs(cache, 'x15:tableSlicerCache', 'tableId')[0]);
    // The user's slicer and its cache, on the user's table, as they were.
    const mine = p.slicerElements.find((e) => e.name === 'Segment')!;
    expect(mine.cache).toBe('Slicer_Segment');
    const myCache = caches.find((c) => attrs(c, 'slicerCacheDefinition', 'name')[0] === 'Slicer_Segment')!;
    expect(attrs(tableOf(myCache)!, 'table', 'name')[0]).toBe('MyTable');
    // Loopbook's, named as excelize and Excel name a second one, with a cache of its own on its table.
    const ours = p.slicerElements.find((e) => e.name === 'Segment 1')!;
    expect(ours.cache).not.toBe('Slicer_Segment');
    const ourCache = caches.find((c) => attrs(c, 'slicerCacheDefinition', 'name')[0] === ours.cache)!;
    expect(attrs(tableOf(ourCache)!, 'table', 'name')[0]).toBe('LB_rfm_customers');
    expect(new Set(p.slicerElements.map((e) => e.cache)).size).toBe(p.slicerElements.length);
  });
});
