import { describe, expect, it } from 'vitest';
import {
  cellXml,
  columnLetters,
  escapeXml,
  numberText,
  SheetCells,
  sheetDataXml,
  unescapeXml,
} from '../../src/xlsx/apply-cells.js';
import type { PlanValue } from '../../src/plan/types.js';
import { mulberry32 } from '../../src/stats/random.js';

describe('escapeXml', () => {
  it('escapes markup, literal _xHHHH_ runs and characters XML cannot hold, and leaves other text as it is', () => {
    // Expected values written by hand from the rules in apply-cells.ts (XML entities; `_x005F_` before a literal
    // `_xHHHH_`, which Excel would decode; `_xHHHH_` for a control character).
    expect(escapeXml('Paid Social 社群 2024')).toBe('Paid Social 社群 2024');
    expect(escapeXml('a & b < c > "d"')).toBe('a &amp; b &lt; c &gt; &quot;d&quot;');
    expect(escapeXml('snake_case')).toBe('snake_case');
    expect(escapeXml('_x0041_')).toBe('_x005F_x0041_'); // the first underscore, as _x005F_
    expect(escapeXml('bell\u0007')).toBe('bell_x0007_');
    expect(escapeXml('tab\tand\nline')).toBe('tab\tand\nline');
    expect(unescapeXml(escapeXml('a & b < c > "d"'))).toBe('a & b < c > "d"');
  });
});

describe('numberText', () => {
  // Reference: String(v), the text the cells held before the fast path; the values cover amounts of two decimals
  // (the fast path), integers, more decimals, tiny and huge magnitudes (String's exponent forms) and the edges of
  // the fast path (10^13, values just off a cent).
  it('gives exactly the text String gives', () => {
    const rnd = mulberry32(13);
    const values: number[] = [
      0,
      -0,
      0.1,
      0.01,
      -0.01,
      0.05,
      0.5,
      1.5,
      -1.5,
      2.3,
      0.29,
      1.005,
      123.45,
      31567.3,
      650.37,
      184.03,
      -89.38,
      1e-7,
      1.23e-7,
      1e21,
      1.5e21,
      123456789012.34,
      9999999999999.99,
      -9999999999999.99,
      1e13 + 0.5,
      99999999999999.98,
      0.1 + 0.2,
      1 / 3,
      Math.PI,
      2 ** 53,
      2 ** 53 + 2,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      4.35,
      4.345,
      1.1e-5,
    ];
    for (let i = 0; i < 20_000; i++) {
      const cents = Math.round((rnd() - 0.3) * 10 ** (1 + Math.floor(rnd() * 15)));
      values.push(cents / 100, cents / 10, cents / 1000, (cents / 100) * (1 + 1e-15), rnd() * 1e6);
    }
    expect(values.filter((v) => numberText(v) !== String(v)).map(String)).toEqual([]);
  });
});

describe('sheetDataXml cells', () => {
  // Reference: `cellXml`, the one-cell path, for each cell with its value and style; the rows repeat texts under
  // two styles (the markup kept per text and style must follow the style), texts that need escaping or
  // xml:space, numbers of two decimals and others, booleans and a styled empty cell.
  it('are the markup cellXml gives each cell', () => {
    const rows: PlanValue[][] = [];
    for (let i = 0; i < 40; i++)
      rows.push([
        i % 2 ? 'Paid Search' : ' two  spaces',
        i % 3 ? 'a & <b>' : 'Paid Search',
        i * 1.25,
        i / 7,
        i % 4 === 0,
        i % 5 === 0 ? null : -i * 100.01,
      ]);
    const cells = new SheetCells();
    cells.setBlock(3, 0, rows);
    cells.addLayer(3, 0, 22, 5, () => 7); // rows 3..22 style 7, rows 23..42 style 9
    cells.addLayer(23, 0, 42, 5, () => 9);
    const out = sheetDataXml(cells, new Map());
    const xml = Buffer.concat(out.parts).toString('utf8');
    let want = '';
    rows.forEach((row, k) => {
      const r = 3 + k;
      want += `<row r="${r}">`;
      row.forEach((v, c) => (want += cellXml(`${columnLetters(c)}${r}`, { v, s: r <= 22 ? 7 : 9 })));
      want += '</row>';
    });
    expect(xml).toBe(want);
  });
});
