/**
 * Fuzzing both readers (issue 17): seeded fast-check mutations of a workbook cut from the sample workbook and of
 * CSV files (byte flips in compressed and stored streams, truncated files and parts, XML cut mid-tag, markup
 * inserted, wrong content types, missing parts and relationships, duplicate sheet names, shared-string, style,
 * row and cell indexes past every end). Every case must end within its budget with grids or a known, readable
 * diagnostic: never an exception, a hang, a ragged grid, or a JavaScript error text passed off as a message.
 *
 * `npm test` runs 240 workbook and 120 CSV cases (seed 17). The nightly size: LOOPBOOK_FUZZ_CASES=5000 (split
 * 2:1 the same way); another seed with LOOPBOOK_FUZZ_SEED. The outcome counts are printed at the end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellGrid } from '../../src/types.js';
import { readFile } from '../../src/xlsx/read.js';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';
import { mutateCsv, mutateXlsx, type CsvMutation, type Parts, type XlsxMutation } from './mutate.js';

const TOTAL = Number(process.env.LOOPBOOK_FUZZ_CASES ?? 360);
const SEED = Number(process.env.LOOPBOOK_FUZZ_SEED ?? 17);
const XLSX_CASES = Math.round((TOTAL * 2) / 3);
const CSV_CASES = TOTAL - XLSX_CASES;
/** Each read gets a 5 s reading budget; a case may take twice that (a loaded machine) before it counts as a hang. */
const READ_BUDGET_MS = 5_000;
const CASE_LIMIT_MS = 10_000;

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-fuzz-'));
const sample = path.join(path.dirname(new URL(import.meta.url).pathname), '../../assets/sample/loopbook-sample.xlsx');

type Outcome = 'read' | 'partial' | 'refused' | 'nothing';
const outcomes: Record<string, Record<Outcome, number>> = {};
const codes: Record<string, number> = {};
let slowest = 0;

/** Diagnostic codes the readers give: anything else is an error class nobody wrote a message for. */
const KNOWN =
  /^read\.(unreadable|sheet_unreadable|styles_unreadable|sheet_not_read|no_sheet_read|grid_truncated|empty_sheet|no_table|limit_\w+|file_\w+|csv_\w+)$/;
/** JavaScript's own error texts: a message holding one is a bug reported as "damaged". */
const JS_ERROR =
  /TypeError|ReferenceError|is not a function|Cannot read propert|of undefined|of null|Maximum call stack/;

function checkGrid(g: CellGrid): void {
  const width = g.values[0]?.length ?? 0;
  expect(g.values.length).toBeGreaterThan(0);
  for (const row of g.values) {
    expect(row.length).toBe(width);
    for (const v of row) expect(v === null || ['string', 'number', 'boolean'].includes(typeof v)).toBe(true);
  }
  if (g.numberFormats) expect(g.numberFormats.length).toBe(g.values.length);
}

async function readBounded(file: string, family: string): Promise<void> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => {
      resolve('hang');
    }, CASE_LIMIT_MS * 3);
  });
  const r = await Promise.race([readFile(file, { limits: { timeBudgetMs: READ_BUDGET_MS } }), hang]);
  clearTimeout(timer);
  const ms = performance.now() - t0;
  slowest = Math.max(slowest, ms);
  expect(r, `${file} did not finish`).not.toBe('hang');
  if (r === 'hang') return;
  expect(ms).toBeLessThan(CASE_LIMIT_MS);
  for (const g of r.grids) checkGrid(g);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(KNOWN);
    expect(d.message.en.length).toBeGreaterThan(10);
    expect(d.message['zh-CN'].length).toBeGreaterThan(5);
    expect(d.message.en).not.toMatch(JS_ERROR);
    codes[d.code] = (codes[d.code] ?? 0) + 1;
  }
  const error = r.diagnostics.some((d) => d.severity === 'error');
  const outcome: Outcome = r.grids.length > 0 ? (error ? 'partial' : 'read') : error ? 'refused' : 'nothing';
  const o = (outcomes[family] ??= { read: 0, partial: 0, refused: 0, nothing: 0 });
  o[outcome]++;
}

// ---------------------------------------------------------------------------------------------
// The sound inputs

let parts: Parts = {};
let csvs: { name: string; bytes: Uint8Array }[] = [];

/** The sample workbook cut to its first 20 rows per sheet, written by ExcelJS with shared strings and formats. */
async function miniSample(): Promise<Parts> {
  const read = await readXlsx(sample, { maxCells: 200_000 });
  const wb = new ExcelJS.Workbook();
  for (const g of read.grids) {
    const ws = wb.addWorksheet(g.sheet);
    g.values.slice(0, 20).forEach((row, r) => {
      row.forEach((v, c) => {
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = v;
        const fmt = g.numberFormats?.[r]?.[c];
        if (fmt && fmt !== 'General') cell.numFmt = fmt;
      });
    });
    if (g.sheet === read.grids[0].sheet) {
      ws.addTable({
        name: 'T1',
        ref: 'A30',
        headerRow: true,
        columns: [{ name: 'k' }, { name: 'v' }],
        rows: [
          ['a', 1],
          ['b', 2],
        ],
      });
    }
  }
  return unzipSync(new Uint8Array(await wb.xlsx.writeBuffer({ useSharedStrings: true, useStyles: true })));
}

function sampleCsvs(firstGrid: CellGrid): { name: string; bytes: Uint8Array }[] {
  const esc = (v: string | number | boolean | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const utf8 = firstGrid.values
    .slice(0, 40)
    .map((r) => r.map(esc).join(','))
    .join('\r\n');
  const zh = '客户ID;订单日期;金额\n"C001";2025-01-05;"1.234,50"\nC002;2025-01-06;80\n';
  return [
    { name: 'orders.csv', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8, 'utf8')]) },
    { name: 'zh.csv', bytes: iconv.encode(zh, 'gb18030') },
  ];
}

beforeAll(async () => {
  parts = await miniSample();
  const first = (await readXlsx(sample, { maxCells: 200_000 })).grids[0];
  csvs = sampleCsvs(first);
}, 120_000);

afterAll(() => {
  console.log(
    `fuzz (seed ${SEED}): ${XLSX_CASES} workbook + ${CSV_CASES} CSV cases; slowest ${Math.round(slowest)} ms\n` +
      `${JSON.stringify(outcomes)}\n${JSON.stringify(codes)}`,
  );
});

// ---------------------------------------------------------------------------------------------
// Arbitraries

const flips = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
  minLength: 1,
  maxLength: 6,
});
const hostileIndex = fc.constantFrom(
  '999999999',
  '-1',
  '4294967296',
  '1e308',
  'abc',
  '',
  '0x10',
  '18446744073709551616',
);
const markup = fc.constantFrom(
  '<',
  '</',
  '<c r="A1"',
  '&',
  '&bogus;',
  '&#0;',
  '&#x110000;',
  ']]>',
  '<![CDATA[',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
  '<c r="XFE1"><v>1</v></c>',
  '\u0000',
  '\uFFFF',
  '<?xml version="1.0"?>',
  '</sheetData>',
  '<sheetData>',
);
const xlsxMutation: fc.Arbitrary<XlsxMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flipCompressed' as const), flips }),
  fc.record({ kind: fc.constant('stored' as const), flips }),
  fc.record({ kind: fc.constant('truncateFile' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('cutPart' as const), part: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constant('contentTypes' as const), how: fc.constantFrom('drop', 'garbage', 'wrongMain') }),
  fc.record({ kind: fc.constant('dropPart' as const), part: fc.nat() }),
  fc.record({ kind: fc.constant('dropRelationship' as const), which: fc.nat({ max: 12 }) }),
  fc.record({ kind: fc.constant('duplicateSheetNames' as const), caseOnly: fc.boolean() }),
  fc.record({
    kind: fc.constant('sharedStringIndex' as const),
    value: hostileIndex,
    every: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('styleIndex' as const), value: hostileIndex, every: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('rowNumbers' as const), value: hostileIndex, every: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constant('cellRefs' as const),
    value: fc.constantFrom('', 'A0', '1A', 'ZZZZ1', 'XFE1', 'A99999999999', '$A$1', 'a1'),
    every: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('insertMarkup' as const), part: fc.nat(), at: fc.nat(), text: markup }),
);
const csvMutation: fc.Arbitrary<CsvMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), flips }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom('"', '\u0000', '\r', '""', 'sep=;\n', '\uFEFF', ';;;;'),
      fc.string({ maxLength: 20 }),
    ),
  }),
  fc.record({ kind: fc.constant('gzipFlip' as const), flips }),
);

// ---------------------------------------------------------------------------------------------

describe('fuzzed readers end with grids or a clear message, within budget', () => {
  it('the sound inputs read cleanly (the fuzz starts from files that work)', async () => {
    const p = path.join(dir, 'sound.xlsx');
    writeFileSync(p, mutateXlsx(parts, { kind: 'cellRefs', value: 'A1', every: 1_000_000_000 }));
    const r = await readFile(p);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.grids.length).toBeGreaterThanOrEqual(5);
    for (const c of csvs) {
      writeFileSync(path.join(dir, c.name), c.bytes);
      const x = await readFile(path.join(dir, c.name));
      expect(x.diagnostics).toEqual([]);
      expect(x.grids[0].values.length).toBeGreaterThan(2);
    }
  });

  it(`${XLSX_CASES} mutated workbooks`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(xlsxMutation, async (m) => {
        const p = path.join(dir, `x${n++}.xlsx`);
        writeFileSync(p, mutateXlsx(parts, m));
        await readBounded(p, `xlsx:${m.kind}`);
      }),
      { numRuns: XLSX_CASES, seed: SEED, endOnFailure: true },
    );
  }, 600_000);

  it(`${CSV_CASES} mutated CSV files`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: csvs.length - 1 }), csvMutation, async (which, m) => {
        const base = csvs[which];
        const gz = m.kind === 'gzipFlip';
        const p = path.join(dir, `c${n++}-${base.name}${gz ? '.gz' : ''}`);
        writeFileSync(
          p,
          mutateCsv(base.bytes, m, (b) => gzipSync(b)),
        );
        await readBounded(p, `csv:${m.kind}`);
      }),
      { numRuns: CSV_CASES, seed: SEED, endOnFailure: true },
    );
  }, 600_000);

  it('reads back what it wrote (the harness itself): a case file is the mutation, not a leftover', () => {
    const p = path.join(dir, 'probe.xlsx');
    const bytes = mutateXlsx(parts, { kind: 'truncateFile', keep: 100 });
    writeFileSync(p, bytes);
    expect(readFileSync(p).length).toBe(100);
  });
});
