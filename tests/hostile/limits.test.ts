/**
 * Limits enforced while reading (issue 17): Excel's sheet limits, the inflated-bytes and compression-ratio caps,
 * the time budget. Each breach stops that sheet with a message naming the sheet and the limit in both languages,
 * and the other sheets still load.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/xlsx/read-csv.js';
import { DEFAULT_READ_LIMITS } from '../../src/xlsx/read-limits.js';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';
import { readFile } from '../../src/xlsx/read.js';
import { openZip } from '../../src/xlsx/zip-entries.js';
import { writeBomb } from './bomb.js';
import { rowsXml, sheetEntry, textEntry, workbookParts, writeZip } from './zip-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-hostile-'));
const GiB = 2 ** 30;

/** The sound sheet every hostile workbook here carries beside the bad one (./zip-writer.ts, ./bomb.ts). */
const SOUND = [
  ['channel', 'spend'],
  ['search', 1200],
  ['social', 800],
];

function workbook(name: string, bad: string): string {
  const p = join(dir, name);
  writeZip(p, [...workbookParts(['Bad', 'Sound']), sheetEntry(1, bad), sheetEntry(2, rowsXml(SOUND))]);
  return p;
}

describe('a zip bomb: a ~10 MB workbook whose one sheet inflates to 2.5 GiB', () => {
  it('is refused in well under 10 s when the zip declares the size: the part cap, before inflating', async () => {
    const p = join(dir, 'bomb-declared.xlsx');
    const bomb = writeBomb(p, 2.5 * GiB);
    // The file is the size the issue reports, and the sheet really does inflate past the 2 GiB cap.
    expect(bomb.fileBytes).toBeGreaterThan(8e6);
    expect(bomb.fileBytes).toBeLessThan(12e6);
    expect(bomb.inflatedBytes).toBeGreaterThan(2.49 * GiB);
    const t0 = performance.now();
    const r = await readXlsx(p);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(r.grids[0].values).toEqual(SOUND);
    const d = r.diagnostics.find((x) => x.where?.sheet === 'Bomb');
    expect(d).toMatchObject({ code: 'read.limit_partBytes', severity: 'error' });
    // 2 GiB written in MB (2^20 bytes): 2,048 MB.
    expect(d?.message.en).toContain('Sheet "Bomb" was not read: its data unpacks to more than 2,048 MB');
    expect(d?.message['zh-CN']).toContain('未读取工作表“Bomb”：其数据解压后超过 2,048 MB');
  });

  it('is refused in well under 10 s when the zip lies about the size: the ratio cap, while inflating', async () => {
    const p = join(dir, 'bomb-lying.xlsx');
    const bomb = writeBomb(p, 2.5 * GiB, false);
    expect(openZip(p).names()).toContain('xl/worksheets/sheet1.xml');
    expect(bomb.inflatedBytes).toBeGreaterThan(2.49 * GiB);
    const t0 = performance.now();
    const r = await readXlsx(p);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    const d = r.diagnostics.find((x) => x.where?.sheet === 'Bomb');
    expect(d).toMatchObject({ code: 'read.limit_ratio', severity: 'error' });
    expect(d?.message.en).toContain('more than 100 times its packed size');
    expect(d?.message['zh-CN']).toContain('超过压缩大小的 100 倍');
  });

  it('a lying small part (the workbook part itself) is stopped at its cap, not inflated whole', async () => {
    const p = join(dir, 'lying-workbook.xml.xlsx');
    const wb = textEntry('xl/workbook.xml', `<workbook>${' '.repeat(20 * 2 ** 20)}</workbook>`);
    writeZip(p, [{ ...wb, size: 100 }, sheetEntry(1, rowsXml(SOUND))]);
    const r = await readXlsx(p);
    expect(r.grids).toEqual([]);
    // The workbook part is read whole up to 8 MB (zip-entries.ts `text`): 20 MB of it is refused at that cap.
    expect(r.diagnostics[0].code).toBe('read.limit_partBytes');
    expect(r.diagnostics[0].message.en).toContain('xl/workbook.xml');
  });
});

describe("Excel's sheet limits", () => {
  it('a row past 1,048,576 stops that sheet only', async () => {
    const p = workbook('rows.xlsx', '<row r="1"><c><v>1</v></c></row><row r="1048577"><c><v>2</v></c></row>');
    const r = await readXlsx(p);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'read.limit_rows', severity: 'error', where: { sheet: 'Bad' } });
    expect(r.diagnostics[0].message.en).toContain('more than 1,048,576 rows');
    expect(r.diagnostics[0].message['zh-CN']).toContain('超过 1,048,576 行');
    expect(r.sheets.find((s) => s.name === 'Bad')).toEqual({
      name: 'Bad',
      state: 'visible',
      address: null,
      rows: 0,
      columns: 0,
    });
  });

  it('rows without numbers count up to the limit too', async () => {
    // Limit lowered to 1,000 for speed: the same check as for 1,048,576, on the 1,001st numberless row.
    const p = workbook('rows-unnumbered.xlsx', '<row><c><v>1</v></c></row>'.repeat(1001));
    const r = await readXlsx(p, { limits: { maxRows: 1000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.limit_rows']);
    const ok = await readXlsx(workbook('rows-1000.xlsx', '<row><c><v>1</v></c></row>'.repeat(1000)), {
      limits: { maxRows: 1000 },
    });
    expect(ok.grids[0].values).toHaveLength(1000);
  });

  it('a column past XFD (16,384) stops that sheet only and names the cell', async () => {
    const p = workbook('cols.xlsx', '<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>');
    const r = await readXlsx(p);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(r.diagnostics[0]).toMatchObject({ code: 'read.limit_columns', where: { sheet: 'Bad' } });
    expect(r.diagnostics[0].message.en).toContain('more than 16,384 columns');
    expect(r.diagnostics[0].message.en).toContain('XFE1');
    // XFD itself is allowed: column 16,384 (X=24, F=6, D=4: 24·676 + 6·26 + 4).
    const edge = await readXlsx(workbook('cols-edge.xlsx', '<row r="1"><c r="XFD1"><v>2</v></c></row>'));
    expect(edge.grids[0]).toMatchObject({ sheet: 'Bad', address: 'XFD1', values: [[2]] });
  });

  it('a cell of more than 32,767 characters stops that sheet, inline, as a value or through a shared string', async () => {
    const long = 'x'.repeat(32_768);
    const inline = workbook(
      'chars-inline.xlsx',
      `<row r="3"><c r="B3" t="inlineStr"><is><t>${long}</t></is></c></row>`,
    );
    const a = await readXlsx(inline);
    expect(a.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(a.diagnostics[0]).toMatchObject({ code: 'read.limit_cellChars', where: { sheet: 'Bad' } });
    expect(a.diagnostics[0].message.en).toContain('cell B3 holds more than 32,767 characters');
    expect(a.diagnostics[0].message['zh-CN']).toContain('单元格 B3 超过 32,767 个字符');
    const v = await readXlsx(workbook('chars-str.xlsx', `<row r="1"><c r="A1" t="str"><v>${long}</v></c></row>`));
    expect(v.diagnostics[0].code).toBe('read.limit_cellChars');
    // Exactly 32,767 is allowed.
    const edge = await readXlsx(
      workbook('chars-edge.xlsx', `<row r="1"><c r="A1" t="str"><v>${long.slice(1)}</v></c></row>`),
    );
    expect(edge.diagnostics).toEqual([]);
    expect((edge.grids[0].values[0][0] as string).length).toBe(32_767);

    // A shared string too long: the sheets using it stop, one that does not still loads.
    const p = join(dir, 'chars-shared.xlsx');
    writeZip(p, [
      ...workbookParts(['Uses', 'Sound']),
      textEntry('xl/sharedStrings.xml', `<sst><si><t>short</t></si><si><t>${long}</t></si></sst>`),
      sheetEntry(1, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'),
      sheetEntry(2, rowsXml(SOUND)),
    ]);
    const s = await readXlsx(p);
    expect(s.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(s.diagnostics[0]).toMatchObject({ code: 'read.limit_cellChars', where: { sheet: 'Uses' } });
    expect(s.diagnostics[0].message.en).toContain('cell B1');
  });

  it('defaults are Excel’s own limits', () => {
    // Excel specifications and limits (support.microsoft.com): 1,048,576 rows by 16,384 columns; 32,767 characters.
    expect(DEFAULT_READ_LIMITS).toMatchObject({ maxRows: 1_048_576, maxColumns: 16_384, maxCellChars: 32_767 });
  });
});

describe('the time budget', () => {
  it('a spent budget stops the sheet being read and names the sheets not reached', async () => {
    const p = join(dir, 'time.xlsx');
    writeZip(p, [
      ...workbookParts(['One', 'Two', 'Three']),
      sheetEntry(1, rowsXml(SOUND)),
      sheetEntry(2, rowsXml(SOUND)),
      sheetEntry(3, rowsXml(SOUND)),
    ]);
    // A budget of 0 ms is spent at the first check, inside the first sheet.
    const r = await readXlsx(p, { limits: { timeBudgetMs: 0 } });
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.where?.sheet])).toEqual([
      ['read.limit_time', 'One'],
      ['read.limit_time_not_reached', 'Two'],
    ]);
    expect(r.diagnostics[1].message.en).toBe(
      'Sheets "Two", "Three" were not read: the 0 s budget for reading was spent before them.',
    );
    expect(r.diagnostics[1].message['zh-CN']).toBe('未读取工作表 “Two”、“Three”：读取前已用完 0 秒的读取时间上限。');
    // With the default budget (300 s) the same file reads whole.
    expect((await readXlsx(p)).grids).toHaveLength(3);
  });
});

describe('CSV limits', () => {
  it('a .csv.gz bomb is refused at the ratio cap while inflating', async () => {
    // 600 MB of one repeated line gzips about 1000 to 1; written as 60 gzip members of 10 MB (a valid .gz).
    const member = gzipSync(Buffer.from('a,b\n'.repeat(2.5 * 2 ** 20)), { level: 9 });
    const p = join(dir, 'bomb.csv.gz');
    writeFileSync(p, Buffer.concat(Array<Buffer>(60).fill(member)));
    expect(statSync(p).size).toBeLessThan(2e6);
    const t0 = performance.now();
    const r = await readCsv(p);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.limit_ratio']);
    // Named as the file it is, in both languages (a CSV is not a sheet).
    expect(r.diagnostics[0].message.en).toContain('File "bomb.csv.gz" was not read: it unpacks to more than');
    expect(r.diagnostics[0].message['zh-CN']).toContain('未读取文件“bomb.csv.gz”：解压后超过压缩大小的');
    expect(r.diagnostics[0].where).toEqual({ sheet: 'bomb' });
  });

  it('a file bigger than the text cap is refused before it is read', async () => {
    const p = join(dir, 'big.csv');
    writeFileSync(p, 'a,b\n1,2\n'.repeat(200));
    const r = await readCsv(p, { limits: { maxPartBytes: 1000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.limit_partBytes']);
    // 1000 bytes round to 0 MB in the message: the limit, as the option set it.
    expect(r.diagnostics[0].message.en).toBe(
      'File "big.csv" was not read: it holds (or unpacks to) more than 0 MB of text, Loopbook\'s limit for one CSV file. Split the file into smaller ones, or keep the data in a database and read aggregates.',
    );
  });

  it('rows, columns and characters per cell stop the file with its own message', async () => {
    const rows = join(dir, 'rows.csv');
    // 1,048,577 lines: a header and 1,048,576 data rows, one more than a sheet holds.
    writeFileSync(rows, `n\n${'1\n'.repeat(1_048_576)}`);
    const r = await readCsv(rows);
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.limit_rows']);
    expect(r.diagnostics[0].message.en).toContain('File "rows.csv" was not read: it has more than 1,048,576 rows');
    expect(r.diagnostics[0].message['zh-CN']).toContain('未读取文件“rows.csv”：它超过 1,048,576 行');
    expect(r.diagnostics[0].message.en).not.toContain('Sheet "');
    // What to do: read it through DuckDB (README, "Sources"), where the orders stay in the file.
    expect(r.diagnostics[0].message.en).toContain('`loopbook analyze --source duckdb:<file>`');
    expect(r.diagnostics[0].message['zh-CN']).toContain('`loopbook analyze --source duckdb:<文件>`');
    // A file of exactly the limit fits (limit lowered to 1,000 for speed: the same check).
    writeFileSync(rows, `n\n${'1\n'.repeat(999)}`);
    expect((await readCsv(rows, { limits: { maxRows: 1000 } })).grids[0].values).toHaveLength(1000);

    const cols = join(dir, 'cols.csv');
    writeFileSync(cols, `${Array.from({ length: 16_385 }, (_v, i) => `c${i}`).join(',')}\n1\n`);
    const c = await readCsv(cols);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['read.limit_columns']);
    expect(c.diagnostics[0].message.en).toContain('XFE1');

    const chars = join(dir, 'chars.csv');
    writeFileSync(chars, `a,b\n1,"${'y'.repeat(32_768)}"\n`);
    const h = await readCsv(chars);
    expect(h.diagnostics.map((d) => d.code)).toEqual(['read.limit_cellChars']);
    expect(h.diagnostics[0].message.en).toContain('cell B2');
  });

  it('readFile passes the limits to the CSV reader', async () => {
    const p = join(dir, 'few.csv');
    writeFileSync(p, 'a\n1\n2\n3\n');
    const r = await readFile(p, { limits: { maxRows: 3 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.limit_rows']);
  });
});
