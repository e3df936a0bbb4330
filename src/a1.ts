/**
 * Excel column letters, shared by every stage (ingest, plan, the .xlsx reader and writer).
 * Columns are 0-based indexes here (A = 0).
 */

/** 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `A` → 0, `AA` → 26; case-insensitive. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A block of cells: 0-based first row and column (A1 = row 0, column 0) and its size. */
export interface CellRect {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

const A1_RANGE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/;

/**
 * A cell or cell-range address without a sheet (`B4`, `$B$4:F120`, corners in either order) → its
 * rectangle; `null` for anything else (whole columns `A:C`, whole rows `3:10`, names, sheet-qualified).
 * @example parseA1('B4:F120') // → { r0: 3, c0: 1, rows: 117, cols: 5 }
 */
export function parseA1(address: string): CellRect | null {
  const m = A1_RANGE.exec(address);
  if (!m) return null;
  const ra = Number(m[2]) - 1;
  const ca = columnIndex(m[1]);
  const rb = m[4] === undefined ? ra : Number(m[4]) - 1;
  const cb = m[3] === undefined ? ca : columnIndex(m[3]);
  const r0 = Math.min(ra, rb);
  const c0 = Math.min(ca, cb);
  return { r0, c0, rows: Math.max(ra, rb) - r0 + 1, cols: Math.max(ca, cb) - c0 + 1 };
}

/**
 * A rectangle → its address without a sheet: one cell as `B4`, a block as `B4:F120`.
 * @example formatA1({ r0: 3, c0: 1, rows: 117, cols: 5 }) // → 'B4:F120'
 */
export function formatA1(rect: CellRect): string {
  const tl = `${columnLetter(rect.c0)}${rect.r0 + 1}`;
  return rect.rows === 1 && rect.cols === 1
    ? tl
    : `${tl}:${columnLetter(rect.c0 + rect.cols - 1)}${rect.r0 + rect.rows}`;
}

/**
 * Splits `'My sheet'!B4:F120` at its last `!` into the sheet (quotes removed, doubled apostrophes
 * undone) and the address; `sheet` is `''` when there is no `!`.
 * @example splitSheetAddress("'Q1 ''24'!A1") // → { sheet: "Q1 '24", address: 'A1' }
 */
export function splitSheetAddress(full: string): { sheet: string; address: string } {
  const i = full.lastIndexOf('!');
  if (i < 0) return { sheet: '', address: full };
  let sheet = full.slice(0, i);
  if (sheet.length >= 2 && sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: full.slice(i + 1) };
}

/**
 * `sheet!address` as Excel writes a reference: the sheet name bare when it is a plain identifier that
 * cannot be read as a cell (`Dashboard`), quoted otherwise (`'My sheet'`, `'Q1'`, `'R1C1'`, `'R'`, `'2024'`).
 * The inverse of `splitSheetAddress`.
 * @example sheetAddress('My sheet', 'A1') // → "'My sheet'!A1"
 */
export function sheetAddress(sheet: string, address: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) &&
    !/^[A-Za-z]{1,3}\d+$/.test(sheet) &&
    !/^[Rr]\d*([Cc]\d*)?$|^[Cc]\d*$/.test(sheet);
  return `${bare ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${address}`;
}
