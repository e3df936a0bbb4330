// The worksheet elements the applier now writes itself (apply-sheet.ts) against what excelize-wasm writes for
// the same request: the expected XML in each case comes from excelize itself (the calls apply.ts made before
// issue 13), compared after normalising what XML does not distinguish (attribute order, `true`/`1`, `<x></x>`/`<x/>`).
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ConditionalRule } from '../../src/plan/types.js';
import { SheetCells, sheetDataXml } from '../../src/xlsx/apply-cells.js';
import { colsXml, conditionalFormatXml, paneXml, SheetParts, worksheetXml } from '../../src/xlsx/apply-sheet.js';
import { DeflatedRun } from '../../src/xlsx/zip-package.js';
import { constants, crc32, inflateRawSync } from 'node:zlib';
import { excelize } from '../../src/xlsx/apply.js';

/** Elements with sorted attributes, booleans as 1/0, empty elements self-closed. */
function normal(xml: string): string {
  return xml
    .replace(/<([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>/g, (_m, tag: string, attrs: string, close: string) => {
      const list = [...attrs.matchAll(/([\w:]+)="([^"]*)"/g)]
        .map((a) => `${a[1]}="${a[2] === 'true' ? '1' : a[2] === 'false' ? '0' : a[2]}"`)
        .sort();
      return `<${tag}${list.map((a) => ' ' + a).join('')}${close}>`;
    })
    .replace(/<([\w:]+)([^>]*)><\/\1>/g, '<$1$2/>')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '&quot;');
}

/** Strings and UTF-8 chunks as one string. */
/** The pieces as text; a run deflated as it was made is inflated (its chunks end in sync flushes, not a final block). */
const text = (pieces: readonly (string | Uint8Array | DeflatedRun)[]) =>
  pieces
    .map((p) =>
      typeof p === 'string'
        ? p
        : p instanceof DeflatedRun
          ? strFromU8(inflateRawSync(Buffer.concat(p.data), { finishFlush: constants.Z_SYNC_FLUSH }))
          : strFromU8(p),
    )
    .join('');

async function excelizeSheet(build: (f: ReturnType<Awaited<ReturnType<typeof excelize>>['NewFile']>) => void) {
  const f = (await excelize()).NewFile();
  build(f);
  const w = f.WriteToBuffer();
  const bytes = w.buffer instanceof Uint8Array ? w.buffer : new Uint8Array(w.buffer as ArrayBuffer);
  return strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
}

const element = (xml: string, name: string) =>
  new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'g').exec(xml)?.[0] ?? '';
const all = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'g'))].map((m) => m[0]).join('');

describe('worksheet elements written by the applier', () => {
  it('writes conditional formats as excelize does for the options apply.ts gave it', async () => {
    const rules: [string, ConditionalRule, object][] = [
      [
        'A1:A5',
        { type: 'colorScale', minColor: '#F8696B', midColor: '#FFEB84', maxColor: '#63BE7B' },
        {
          Type: '3_color_scale',
          Criteria: '=',
          MinType: 'min',
          MidType: 'percentile',
          MidValue: '50',
          MaxType: 'max',
          MinColor: '#F8696B',
          MidColor: '#FFEB84',
          MaxColor: '#63BE7B',
        },
      ],
      [
        'B1:B5',
        { type: 'colorScale', minColor: '#FFFFFF', maxColor: '#63BE7B' },
        {
          Type: '2_color_scale',
          Criteria: '=',
          MinType: 'min',
          MaxType: 'max',
          MinColor: '#FFFFFF',
          MaxColor: '#63BE7B',
        },
      ],
      [
        'C1:C5',
        { type: 'dataBar', color: '#638EC6' },
        { Type: 'data_bar', Criteria: '=', MinType: 'min', MaxType: 'max', BarColor: '#638EC6' },
      ],
      // Thresholds as build-plan.ts makes them (round(100 i / n)), which are excelize's defaults.
      [
        'D1:D5',
        { type: 'iconSet', iconSet: '3Arrows', reverse: true, percents: [0, 33, 67] },
        { Type: 'icon_set', IconStyle: '3Arrows', ReverseIcons: true },
      ],
      [
        'E1:E5',
        { type: 'iconSet', iconSet: '5Arrows', reverse: false, percents: [0, 20, 40, 60, 80] },
        { Type: 'icon_set', IconStyle: '5Arrows', ReverseIcons: false },
      ],
    ];
    const theirs = await excelizeSheet((f) => {
      for (const [ref, , options] of rules) f.SetConditionalFormat('Sheet1', ref, [options]);
    });
    const ours = rules.map(([ref, rule], i) => conditionalFormatXml(ref, rule, i + 1)).join('');
    expect(normal(ours)).toBe(normal(all(theirs, 'conditionalFormatting')));
  });

  it('writes frozen panes, column widths, merges, links, sheet properties and page setup as excelize does', async () => {
    const parts = new SheetParts('Sheet1');
    parts.tabColor = '#1f4e79';
    parts.print = { orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 };
    parts.pane = paneXml({ rows: 3, columns: 2 });
    for (const [c, w] of [
      ['A', 18],
      ['B', 18],
      ['C', 12.5],
      ['E', 12.5],
    ] as const)
      parts.setWidth(c, w);
    parts.merge('A7:C7');
    parts.hyperlink('A9', "'My & <sheet>'!A1", 'Go "there" ›');
    const theirs = await excelizeSheet((f) => {
      f.SetSheetProps('Sheet1', { TabColorRGB: 'FF1F4E79' });
      f.SetSheetProps('Sheet1', { FitToPage: true });
      f.SetPageLayout('Sheet1', { Orientation: 'landscape', FitToWidth: 1, FitToHeight: 0 });
      f.SetPanes('Sheet1', {
        Freeze: true,
        Split: false,
        XSplit: 2,
        YSplit: 3,
        TopLeftCell: 'C4',
        ActivePane: 'bottomRight',
        Selection: [{ SQRef: 'C4', ActiveCell: 'C4', Pane: 'bottomRight' }],
      });
      f.SetColWidth('Sheet1', 'A', 'B', 18);
      f.SetColWidth('Sheet1', 'C', 'C', 12.5);
      f.SetColWidth('Sheet1', 'E', 'E', 12.5);
      f.MergeCell('Sheet1', 'A7', 'C7');
      f.SetCellHyperLink('Sheet1', 'A9', "'My & <sheet>'!A1", 'Location', { Display: 'Go "there" ›' });
    });
    const ours = parts.elements();
    for (const name of ['sheetPr', 'cols', 'mergeCells', 'hyperlinks', 'pageSetup'])
      expect(normal(ours.get(name) ?? ''), name).toBe(normal(element(theirs, name)));
    const view = element(theirs, 'sheetView');
    expect(normal(parts.pane)).toBe(normal(view.replace(/^<sheetView\b[^>]*>|<\/sheetView>$/g, '')));
  });

  it('refuses a merge overlapping an earlier one, naming the sheet and both ranges', () => {
    const parts = new SheetParts('RFM');
    parts.merge('M17:V17');
    expect(() => {
      parts.merge('N17:N18');
    }).toThrow('mergeCells RFM!N17:N18: overlaps RFM!M17:V17, merged before');
  });

  it('joins adjacent columns of one width', () => {
    // By hand: A–B at 18 are one <col>, C at 9 another, E (not adjacent to C) a third.
    const widths = new Map([
      [0, 18],
      [1, 18],
      [2, 9],
      [4, 9],
    ]);
    expect(colsXml(widths)).toBe(
      '<cols><col min="1" max="2" width="18" customWidth="1"/><col min="3" max="3" width="9" customWidth="1"/><col min="5" max="5" width="9" customWidth="1"/></cols>',
    );
  });
});

describe('SheetCells', () => {
  it('lets a later write and a later format win, folds formats per cell, and skips the cells excelize holds', () => {
    const c = new SheetCells();
    c.setBlock(2, 0, [
      ['a', 1],
      ['b', 2],
    ]);
    c.setBlock(3, 1, [[20, 'x']]); // over B3, and C3 beside the first block
    c.setValue(2, 0, 'A2'); // a single value wins over every block
    c.skip(2, 1); // B2 is excelize's
    // Formats as style ids: each layer adds its digit to the id it lays over (so the fold order shows in the id).
    c.addLayer(2, 0, 3, 1, (base) => base * 10 + 1);
    c.addLayer(3, 0, 3, 0, (base) => base * 10 + 2);
    c.heights.set(5, 24);
    const { parts, maxRow, maxCol } = sheetDataXml(c, new Map());
    // Expected by hand from the calls above.
    expect(text(parts)).toBe(
      '<row r="2"><c r="A2" s="1" t="inlineStr"><is><t>A2</t></is></c></row>' +
        '<row r="3"><c r="A3" s="12" t="inlineStr"><is><t>b</t></is></c><c r="B3" s="1"><v>20</v></c>' +
        '<c r="C3" t="inlineStr"><is><t>x</t></is></c></row>' +
        '<row r="5" ht="24" customHeight="1"/>',
    );
    expect([maxRow, maxCol]).toEqual([3, 2]);
    expect(c.valueAt(3, 1)).toBe(20);
    expect(c.valueAt(2, 0)).toBe('A2');
  });

  it('keeps spaces that a reader would otherwise drop', () => {
    const c = new SheetCells();
    c.setRow(1, 0, [' lead', 'two  spaces', 'plain text']);
    expect(text(sheetDataXml(c, new Map()).parts)).toBe(
      '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> lead</t></is></c>' +
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve">two  spaces</t></is></c>' +
        '<c r="C1" t="inlineStr"><is><t>plain text</t></is></c></row>',
    );
  });

  it('writes any text as UTF-8, across chunks', () => {
    const c = new SheetCells();
    // 40,000 rows of about 60 bytes: more than one 1 MB chunk; Chinese, an emoji (a surrogate pair) and markup.
    const rows = Array.from({ length: 40_000 }, (_, i) => [`渠道 ${i} 😀 <a&b>`, i]);
    c.setBlock(1, 0, rows);
    const { parts } = sheetDataXml(c, new Map());
    expect(parts.length).toBeGreaterThan(1);
    const xml = text(parts);
    // Expected: each row as the rules above write it (markup escaped, no space to preserve).
    expect(xml.startsWith('<row r="1"><c r="A1" t="inlineStr"><is><t>渠道 0 😀 &lt;a&amp;b&gt;</t></is></c>')).toBe(
      true,
    );
    expect(xml).toContain(
      '<row r="40000"><c r="A40000" t="inlineStr"><is><t>渠道 39999 😀 &lt;a&amp;b&gt;</t></is></c><c r="B40000"><v>39999</v></c></row>',
    );
    expect(xml.match(/<row /g)?.length).toBe(40_000);
  });

  it('deflates the rows as they are made to the same XML, with their size and CRC-32 (issue 14)', () => {
    const c = new SheetCells();
    // 40,000 rows of about 60 bytes: several 1 MB chunks, each handed to the run and its buffer reused.
    c.setBlock(
      1,
      0,
      Array.from({ length: 40_000 }, (_, i) => [`渠道 ${i} 😀 <a&b>`, i]),
    );
    const xml = '<?xml version="1.0"?>\n<worksheet xmlns="m"><sheetData/></worksheet>';
    const held = worksheetXml(xml, c, undefined);
    const streamed = worksheetXml(xml, c, undefined, 3);
    const run = streamed.find((p) => p instanceof DeflatedRun);
    expect(run).toBeInstanceOf(DeflatedRun);
    expect(run!.data.length).toBeGreaterThan(1);
    // Expected: the XML the held chunks make, and the run's size and CRC-32 those of the rows' bytes (node's zlib).
    expect(text(streamed)).toBe(text(held));
    const rows = Buffer.concat(held.filter((p): p is Uint8Array => p instanceof Uint8Array));
    expect([run!.size, run!.crc]).toEqual([rows.length, crc32(rows)]);
  });

  it('puts its elements in schema order around what excelize wrote', () => {
    const c = new SheetCells();
    c.setRow(1, 0, ['x']);
    const parts = new SheetParts('S');
    parts.merge('A1:B1');
    const xml =
      '<?xml version="1.0"?>\n<worksheet xmlns="m"><sheetViews><sheetView workbookViewId="0"></sheetView></sheetViews>' +
      '<sheetData/><drawing r:id="rId1"></drawing></worksheet>';
    expect(text(worksheetXml(xml, c, parts))).toBe(
      '<?xml version="1.0"?>\n<worksheet xmlns="m"><dimension ref="A1:A1"/>' +
        '<sheetViews><sheetView workbookViewId="0"></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15" customHeight="1"/>' +
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>' +
        '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><drawing r:id="rId1"></drawing></worksheet>',
    );
  });
});
