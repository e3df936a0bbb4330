import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipPackage, zipPackage } from '../../src/xlsx/zip-package.js';

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

  it('says which part is damaged when its CRC-32 does not match', () => {
    const input = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }, { level: 0 });
    const at = Buffer.from(input).indexOf('<workbook/>');
    input[at + 1] = 'W'.charCodeAt(0); // same size, other bytes
    expect(() => unzipPackage(input)).toThrow(/xl\/workbook\.xml is damaged/);
  });
});
