import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deflatedPieces, unzipPackage, zipPackage, type RawEntry } from '../../src/xlsx/zip-package.js';

const contains = (hay: Uint8Array, needle: string) => Buffer.from(hay).includes(Buffer.from(needle));

describe('zipPackage and unzipPackage', () => {
  it('writes a zip an independent reader (fflate) reads back part for part, names in UTF-8 included', () => {
    const files = {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet>' + '<row/>'.repeat(5000) + '</worksheet>'),
      'xl/media/图.txt': strToU8('中文'),
    };
    for (const level of [0, 3]) {
      const back = unzipSync(zipPackage(files, level));
      expect(Object.keys(back)).toEqual(Object.keys(files));
      for (const [name, data] of Object.entries(files)) expect(strFromU8(back[name]), name).toBe(strFromU8(data));
    }
  });

  it('copies an unchanged part compressed as it was read, and compresses a changed one', () => {
    // Written stored (fflate level 0): the text is in the archive as it is, so a copy keeps it readable there.
    const kept = 'K'.repeat(20_000);
    const changed = 'C'.repeat(20_000);
    const input = zipSync({ 'a.xml': strToU8(kept), 'b.xml': strToU8(changed) }, { level: 0 });
    const { files, raw } = unzipPackage(input);
    files['b.xml'] = strToU8(changed); // the same text, but a new array: it counts as changed
    const out = zipPackage(files, 6, raw);
    expect(contains(out, kept)).toBe(true);
    expect(contains(out, changed)).toBe(false);
    const back = unzipSync(out);
    expect([strFromU8(back['a.xml']), strFromU8(back['b.xml'])]).toEqual([kept, changed]);
  });

  it('writes a part given as pieces (texts and byte chunks) as the part they make joined', () => {
    // The expected part is the pieces joined; both readers check its size and CRC-32 as they inflate it.
    const row = (i: number) => `<row r="${i}"><c><is><t>社群 ${i}</t></is></c></row>`;
    const chunk = (from: number) => strToU8(Array.from({ length: 3000 }, (_, k) => row(from + k)).join(''));
    const pieces = [
      '<?xml version="1.0"?>',
      '<worksheet>',
      '<sheetData>',
      chunk(1),
      chunk(3001),
      '</sheetData>',
      '</worksheet>',
    ];
    const joined = pieces.map((x) => (typeof x === 'string' ? x : strFromU8(x))).join('');
    for (const list of [pieces, [], [chunk(1)], ['only text']]) {
      const raw = new WeakMap<Uint8Array, RawEntry>();
      const files = { 'a.xml': strToU8('<a/>'), 'xl/worksheets/sheet1.xml': deflatedPieces(list, 3, raw) };
      const out = zipPackage(files, 3, raw);
      const want = list === pieces ? joined : list.map((x) => (typeof x === 'string' ? x : strFromU8(x))).join('');
      expect(strFromU8(unzipSync(out)['xl/worksheets/sheet1.xml'])).toBe(want);
      expect(strFromU8(unzipPackage(out).files['xl/worksheets/sheet1.xml'])).toBe(want);
    }
  });

  it('says which part is damaged when its CRC-32 does not match', () => {
    const input = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }, { level: 0 });
    const at = Buffer.from(input).indexOf('<workbook/>');
    input[at + 1] = 'W'.charCodeAt(0); // same size, other bytes
    expect(() => unzipPackage(input)).toThrow(/xl\/workbook\.xml is damaged/);
  });
});
