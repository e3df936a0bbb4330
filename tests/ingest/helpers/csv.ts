/**
 * Test helpers: parse the reference data "as a user's sheet would hold them" — every value a
 * string, as a .csv reader delivers it — and freeze inputs deeply.
 */
import type { CellGrid, CellValue } from '../../../src/types.js';
import { columnLetter } from '../../../src/ingest/address.js';

/**
 * A small RFC 4180 CSV parser: quoted fields with `""` escapes and separators inside quotes, CRLF or
 * LF line ends. Fields stay strings; an empty field is `''`.
 */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  // Field by field with indexOf: fast on large files, exact on quotes.
  while (i < n) {
    let value: string;
    if (text[i] === '"') {
      let j = i + 1;
      let acc = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          acc += text.slice(j);
          j = n;
          break;
        }
        acc += text.slice(j, q);
        if (text[q + 1] === '"') {
          acc += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      value = acc;
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const ch = text.charCodeAt(j);
        if (ch === 10 || ch === 13 || text[j] === sep) break;
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (i >= n) break;
    if (text[i] === sep) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    // End of line (CRLF or LF).
    if (text.charCodeAt(i) === 13) i++;
    if (text.charCodeAt(i) === 10) i++;
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Whitespace-separated text (CDNOW files): one row per non-empty line. */
export function parseWhitespace(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t !== '') rows.push(t.split(/\s+/));
  }
  return rows;
}

/** A CellGrid from rows of cells, anchored at A1 (or `origin`), padding short rows with ''. */
export function gridOf(
  sheet: string,
  rows: CellValue[][],
  options: Partial<CellGrid> & { origin?: string } = {},
): CellGrid {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) while (r.length < width) r.push('');
  const origin = options.origin ?? 'A1';
  const m = /^([A-Z]+)(\d+)$/.exec(origin)!;
  const startCol = m[1].split('').reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const startRow = Number(m[2]);
  const end = `${columnLetter(startCol + Math.max(width, 1) - 1)}${startRow + Math.max(rows.length, 1) - 1}`;
  const { origin: _o, ...rest } = options;
  return { sheet, address: `${origin}:${end}`, values: rows, ...rest };
}

/** Freeze an object and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) for (const v of value) deepFreeze(v);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Excel row bounds and column-letter set of a grid, to check that diagnostics point at real cells. */
export function gridBounds(grid: CellGrid): { firstRow: number; lastRow: number; letters: Set<string> } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)/.exec(grid.address.split('!').pop()!)!;
  const startCol =
    m[1]
      .toUpperCase()
      .split('')
      .reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const firstRow = Number(m[2]);
  const width = grid.values.reduce((w, r) => Math.max(w, Array.isArray(r) ? r.length : 0), 0);
  const letters = new Set<string>();
  for (let c = 0; c < width; c++) letters.add(columnLetter(startCol + c));
  return { firstRow, lastRow: firstRow + grid.values.length - 1, letters };
}
