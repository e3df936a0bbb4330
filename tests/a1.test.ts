// src/a1.ts: column letters, A1 rectangles and sheet-qualified addresses. Expected values are Excel's own:
// column 16,384 is XFD (the last column), row 1,048,576 the last row, and Excel writes a reference to a
// sheet named "My sheet" as 'My sheet'!A1 (Name Box, Go To), to one named "Q1" as 'Q1'!A1.
import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetter, formatA1, parseA1, sheetAddress, splitSheetAddress } from '../src/a1.js';

describe('column letters', () => {
  it('maps 0-based indexes to letters and back at the edges of each letter width', () => {
    const pairs: [number, string][] = [
      [0, 'A'],
      [25, 'Z'],
      [26, 'AA'],
      [701, 'ZZ'],
      [702, 'AAA'],
      [16383, 'XFD'],
    ];
    for (const [i, l] of pairs) {
      expect(columnLetter(i)).toBe(l);
      expect(columnIndex(l)).toBe(i);
    }
    expect(columnIndex('xfd')).toBe(16383);
  });
});

describe('parseA1 / formatA1', () => {
  it('reads a cell and a block, with or without $', () => {
    expect(parseA1('B4')).toEqual({ r0: 3, c0: 1, rows: 1, cols: 1 });
    // B..F is 5 columns, rows 4..120 are 117 rows.
    expect(parseA1('$B$4:F120')).toEqual({ r0: 3, c0: 1, rows: 117, cols: 5 });
    expect(parseA1('b4:$f$120')).toEqual({ r0: 3, c0: 1, rows: 117, cols: 5 });
  });

  it('normalises corners given in either order', () => {
    expect(parseA1('F120:B4')).toEqual(parseA1('B4:F120'));
  });

  it('reads the last cell of the grid', () => {
    expect(parseA1('XFD1048576')).toEqual({ r0: 1048575, c0: 16383, rows: 1, cols: 1 });
  });

  it('rejects what is not a cell or a block of cells', () => {
    for (const bad of ['', 'A', '3', 'A:C', '3:10', 'Sheet1!A1', 'ABCD1', 'A12345678', 'A1:B', 'Sales', 'A1,B2']) {
      expect(parseA1(bad), bad).toBeNull();
    }
  });

  it('writes one cell without a colon and round-trips a block', () => {
    expect(formatA1({ r0: 3, c0: 1, rows: 1, cols: 1 })).toBe('B4');
    expect(formatA1({ r0: 0, c0: 0, rows: 1, cols: 3 })).toBe('A1:C1');
    expect(formatA1(parseA1('AA10:AC12')!)).toBe('AA10:AC12');
  });
});

describe('sheet-qualified addresses', () => {
  it('splits at the last ! and unquotes the sheet', () => {
    expect(splitSheetAddress('Orders!A1:H50')).toEqual({ sheet: 'Orders', address: 'A1:H50' });
    expect(splitSheetAddress("'My sheet'!B4")).toEqual({ sheet: 'My sheet', address: 'B4' });
    expect(splitSheetAddress("'Q1 ''24'!A1")).toEqual({ sheet: "Q1 '24", address: 'A1' });
    expect(splitSheetAddress("'a!b'!C3")).toEqual({ sheet: 'a!b', address: 'C3' });
    expect(splitSheetAddress('C3')).toEqual({ sheet: '', address: 'C3' });
  });

  it('quotes a sheet name only where Excel does', () => {
    expect(sheetAddress('Dashboard', 'A1')).toBe('Dashboard!A1');
    expect(sheetAddress('Sheet_1.x', 'A1')).toBe('Sheet_1.x!A1');
    for (const name of ['My sheet', 'Q1', 'XFD1', 'R1C1', 'R', 'C2', '2024', '销售', "It's"]) {
      expect(sheetAddress(name, 'A1'), name).toBe(`'${name.replace(/'/g, "''")}'!A1`);
    }
  });

  it('round-trips through splitSheetAddress', () => {
    for (const name of ['Dashboard', 'My sheet', "Q1 '24", 'a!b', 'R1C1']) {
      expect(splitSheetAddress(sheetAddress(name, 'B2:C3'))).toEqual({ sheet: name, address: 'B2:C3' });
    }
  });
});
