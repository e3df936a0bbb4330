/**
 * Zip parts checked against their CRC-32 (issue 17): a part whose bytes differ from what the archive
 * recorded — a flipped bit that still inflates and parses, a stored part whose digits changed — is a
 * clear error naming the part, not silently different cells. The other sheets still load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';
import type { RawEntry } from './zip-writer.js';
import { rowsXml, SHEET_HEAD, SHEET_TAIL, sheetEntry, workbookParts, writeZip } from './zip-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-crc-'));
const SOUND = [
  ['channel', 'spend'],
  ['search', 1200],
  ['social', 800],
];

/** A stored (uncompressed) worksheet whose recorded CRC-32 is that of `recorded`, its bytes those of `actual`. */
function storedSheet(index: number, recorded: string, actual: string): RawEntry {
  const bytes = Buffer.from(actual);
  return {
    name: `xl/worksheets/sheet${index}.xml`,
    method: 0,
    pieces: [bytes],
    size: bytes.length,
    crc: crc32(Buffer.from(recorded)),
  };
}

describe('zip parts are checked against their CRC-32', () => {
  it('a stored sheet whose 1200 became 1300 is not read; the message names the part; the other sheet loads', async () => {
    const good = `${SHEET_HEAD}${rowsXml(SOUND)}${SHEET_TAIL}`;
    // One digit changed, the length the same: the XML parses, only the checksum tells.
    const bad = good.replace('<v>1200</v>', '<v>1300</v>');
    expect(bad).not.toBe(good);
    const p = join(dir, 'flipped.xlsx');
    writeZip(p, [...workbookParts(['Spend', 'Sound']), storedSheet(1, good, bad), sheetEntry(2, rowsXml(SOUND))]);
    const r = await readXlsx(p);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.where])).toEqual([
      ['read.sheet_unreadable', 'error', { sheet: 'Spend' }],
    ]);
    const hex = (x: number) => x.toString(16).padStart(8, '0');
    expect(r.diagnostics[0].message.en).toBe(
      `Sheet "Spend" could not be read, its content is damaged (part xl/worksheets/sheet1.xml fails its checksum: its CRC-32 is ${hex(crc32(bad))} where the archive records ${hex(crc32(good))}). Open the file in Excel, let it repair the file, and save it again.`,
    );
    // The same part with its true checksum reads, and 1200 is what it holds.
    writeZip(p, [...workbookParts(['Spend', 'Sound']), storedSheet(1, good, good), sheetEntry(2, rowsXml(SOUND))]);
    const ok = await readXlsx(p);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.grids[0].values[1]).toEqual(['search', 1200]);
  });

  it('a deflated sheet whose recorded checksum is off by one bit is not read', async () => {
    const p = join(dir, 'deflated.xlsx');
    const entry = sheetEntry(1, rowsXml(SOUND));
    writeZip(p, [
      ...workbookParts(['Spend', 'Sound']),
      { ...entry, crc: entry.crc ^ 1 },
      sheetEntry(2, rowsXml(SOUND)),
    ]);
    const r = await readXlsx(p);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Sound']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.sheet_unreadable']);
    expect(r.diagnostics[0].message.en).toContain('part xl/worksheets/sheet1.xml fails its checksum');
  });

  it('a workbook part read whole (xl/workbook.xml) that fails its checksum stops the file, naming the part', async () => {
    const p = join(dir, 'book.xlsx');
    const parts = workbookParts(['Sound']).map((e) => (e.name === 'xl/workbook.xml' ? { ...e, crc: e.crc ^ 0x80 } : e));
    writeZip(p, [...parts, sheetEntry(1, rowsXml(SOUND))]);
    const r = await readXlsx(p);
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['read.unreadable', 'error']]);
    expect(r.diagnostics[0].message.en).toContain('part xl/workbook.xml fails its checksum');
    expect(r.diagnostics[0].message['zh-CN']).toContain('part xl/workbook.xml fails its checksum');
  });
});
