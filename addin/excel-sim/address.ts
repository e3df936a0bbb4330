/** A1 addresses and Excel's grid limits (1,048,576 rows × 16,384 columns, `A1:XFD1048576`). */
import { SimError } from './errors.js';

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, 0-based, `rows`/`cols` ≥ 1. */
export interface Rect {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

/** 0 → `A`, 25 → `Z`, 26 → `AA`. */
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

/** `A` → 0, `XFD` → 16383; -1 when not letters. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLS = /^\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d{1,7})$/;

function bad(address: string): SimError {
  return new SimError('InvalidArgument', `The address "${address}" is not valid.`);
}

/**
 * Parses `B4`, `B4:F120`, `A:C` or `2:5` (no sheet part). Throws `InvalidArgument` outside the grid,
 * like Excel's `getRange`.
 */
export function parseAddress(address: string): Rect {
  const parts = address.trim().split(':');
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) throw bad(address);
  const a = parts[0];
  const b = parts[1] ?? parts[0];
  let m1 = CELL.exec(a);
  let m2 = CELL.exec(b);
  let r1: number, r2: number, c1: number, c2: number;
  if (m1 && m2) {
    c1 = columnIndex(m1[1]);
    c2 = columnIndex(m2[1]);
    r1 = Number(m1[2]) - 1;
    r2 = Number(m2[2]) - 1;
  } else if ((m1 = COLS.exec(a)) && (m2 = COLS.exec(b)) && parts.length === 2) {
    c1 = columnIndex(m1[1]);
    c2 = columnIndex(m2[1]);
    r1 = 0;
    r2 = MAX_ROWS - 1;
  } else if ((m1 = ROWS.exec(a)) && (m2 = ROWS.exec(b)) && parts.length === 2) {
    r1 = Number(m1[1]) - 1;
    r2 = Number(m2[1]) - 1;
    c1 = 0;
    c2 = MAX_COLS - 1;
  } else {
    throw bad(address);
  }
  const rect = { r0: Math.min(r1, r2), c0: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
  checkRect(rect, address);
  return rect;
}

/** Throws `InvalidArgument` when the rectangle leaves the grid. */
export function checkRect(rect: Rect, what = 'range'): void {
  if (
    !Number.isInteger(rect.r0) ||
    !Number.isInteger(rect.c0) ||
    !Number.isInteger(rect.rows) ||
    !Number.isInteger(rect.cols) ||
    rect.r0 < 0 ||
    rect.c0 < 0 ||
    rect.rows < 1 ||
    rect.cols < 1 ||
    rect.r0 + rect.rows > MAX_ROWS ||
    rect.c0 + rect.cols > MAX_COLS
  ) {
    throw new SimError('InvalidArgument', `The ${what} is outside the grid (1,048,576 rows × 16,384 columns).`);
  }
}

/** `{r0:3,c0:1,rows:2,cols:3}` → `B4:D5`; a single cell → `B4`. */
export function formatRect(rect: Rect): string {
  const tl = columnLetter(rect.c0) + String(rect.r0 + 1);
  if (rect.rows === 1 && rect.cols === 1) return tl;
  return `${tl}:${columnLetter(rect.c0 + rect.cols - 1)}${rect.r0 + rect.rows}`;
}

/** Sheet name as Excel writes it in an address: quoted when it holds anything but letters, digits, `_`, `.`. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Splits `'My sheet'!A1:B2` into sheet and address (sheet null when absent). */
export function splitSheetAddress(full: string): { sheet: string | null; address: string } {
  const i = full.lastIndexOf('!');
  if (i < 0) return { sheet: null, address: full };
  let sheet = full.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  if (sheet.startsWith('=')) sheet = sheet.slice(1);
  return { sheet, address: full.slice(i + 1) };
}
