/**
 * Find the table inside a grid: skip blank leading rows and columns and title rows, find the header
 * row (merging a two-row header), drop fully blank rows, exclude total and subtotal rows, and make
 * header names unique and non-empty.
 */
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import { columnLetter, type TopLeft } from './address.js';
import { headerText, isBlankCell, isLabelText } from './cells.js';
import { ingestDiagnostic, RowCollector } from './diagnostics.js';
import { classifyFormat } from './number-format.js';
import { serialToIso } from '../serial-date.js';
import { isPeriodHeaderCell } from './wide-periods.js';
import {
  endsLikeTotal,
  findTotalColumns,
  findTotalRows,
  isTotalLabel,
  LABEL_CELLS,
  type TotalRowTests,
} from './totals.js';
import { dictSize, dictText, specialMask, textAt, type GridColumns, type TextColumn } from './grid-columns.js';

export { isTotalLabel } from './totals.js';

export interface TableLocation {
  /** Grid row indexes of the header row(s): none, one or two. */
  headerRows: number[];
  /** Grid row indexes of the data rows, in order. */
  dataRows: Int32Array;
  /** Grid column indexes of the table's columns. */
  columns: number[];
  /** Header text per column as in the sheet (two rows joined with ` / `). */
  headers: string[];
  /** Unique, non-empty column names. */
  names: string[];
  /** Grid rows of the total rows left out: at the end of the table, and inside it (subtotals). */
  totalRows: { trailing: number[]; inside: number[] };
  /** Grid column indexes and header texts of the total columns left out (`合计` beside months). */
  totalColumns: { col: number; header: string }[];
  diagnostics: Diagnostic[];
}

const HEADER_SEARCH_ROWS = 20;

/**
 * Locate the table in `grid`. `top` maps indexes to Excel rows; `width` is the widest row's length.
 */
// eslint-disable-next-line max-lines-per-function -- not yet split into phases (issue 16, unfinished): scan, header, data rows, names.
export function locateTable(
  grid: CellGrid,
  top: TopLeft,
  width: number,
  cols: GridColumns | null = null,
): TableLocation | null {
  const values = cols ? [] : grid.values;
  const sheet = grid.sheet;
  const diagnostics: Diagnostic[] = [];
  const colCount = new Int32Array(width);
  const jagged = new RowCollector();
  const rowBlank = cols
    ? blankRowsOf(cols, colCount)
    : blankRows(values, width, colCount, (r) => {
        jagged.add(top.row + r);
      });
  // The first and the last non-blank row, looked for from either end (native searches, not a pass in script).
  const firstRow = rowBlank.indexOf(0);
  const lastRow = rowBlank.lastIndexOf(0);
  if (jagged.count > 0)
    diagnostics.push(ingestDiagnostic('jagged-rows', { sheet, rows: jagged.rows, count: jagged.count }));
  if (firstRow < 0) return null;

  const cell = cols
    ? (r: number, c: number): CellValue | undefined => textAt(cols, r, c)
    : (r: number, c: number): CellValue | undefined => (values[r] as CellValue[] | undefined)?.[c];
  const formats = Array.isArray(grid.numberFormats) ? grid.numberFormats : undefined;
  /** A number shown as a date (Excel turns a typed `2024-01` header into one). */
  const dateCell = (r: number, c: number): boolean => {
    const cls = classifyFormat(formats?.[r]?.[c]).cls;
    return (cls === 'date' || cls === 'datetime') && periodNumber(r, c);
  };
  /** A number that names a period (a date cell, a year): what a budget by month or year has as headers. */
  const periodNumber = (r: number, c: number): boolean =>
    typeof cell(r, c) === 'number' && isPeriodHeaderCell(cell(r, c), formats?.[r]?.[c]);
  /** A plain number that names no period: what sits under a period header. */
  const isMeasure = (r: number, c: number): boolean => typeof cell(r, c) === 'number' && !periodNumber(r, c);
  /** Header text of a cell; a date cell as `2024-01` (month formats) or `2024-01-15`. */
  const headerAt = (r: number, c: number): string => {
    const v = cell(r, c);
    if (!dateCell(r, c) || typeof v !== 'number') return headerText(v);
    const iso = serialToIso(Math.floor(v));
    const f = (formats?.[r]?.[c] ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '');
    return /d/i.test(f) ? iso : iso.slice(0, 7);
  };
  // Columns holding anything at or below a given row.
  const usedColsFrom = (r0: number): number[] => {
    const counts = Int32Array.from(colCount);
    for (let r = firstRow; r < r0; r++) for (let c = 0; c < width; c++) if (!isBlankCell(cell(r, c))) counts[c]--;
    const cols: number[] = [];
    for (let c = 0; c < width; c++) if (counts[c] > 0) cols.push(c);
    return cols;
  };

  // Header row: among the first non-blank rows, a row of labels filling at least half of the columns used.
  const candidates: { r: number; filled: number }[] = [];
  for (let r = firstRow, seen = 0; r <= lastRow && seen < HEADER_SEARCH_ROWS; r++) {
    if (rowBlank[r]) continue;
    seen++;
    const cols = usedColsFrom(r);
    let filled = 0;
    let labels = 0;
    // Periods across the columns (a budget by month): date cells over plain numbers count as labels.
    let periods = 0;
    for (const c of cols) {
      const v = cell(r, c);
      if (isBlankCell(v)) continue;
      filled++;
      if (isLabelText(v)) labels++;
      else if (periodNumber(r, c) && isMeasure(r + 1, c)) periods++;
    }
    if (periods < 2 || labels === 0) periods = 0;
    if (filled > 0 && filled >= Math.ceil(cols.length / 2) && (labels + periods) / filled >= 0.6)
      candidates.push({ r, filled });
  }
  let header = -1;
  for (let i = 0; i < candidates.length; i++) {
    const { r, filled } = candidates[i];
    const later = candidates.slice(i + 1);
    // A lone title cell, or a row followed by a blank spacer row, gives way to a fuller label row below.
    if (filled === 1 && later.some((c) => c.filled > 1)) continue;
    if (r + 1 <= lastRow && rowBlank[r + 1] && later.some((c) => c.filled >= filled)) continue;
    header = r;
    break;
  }

  const headerRows: number[] = [];
  let dataStart = firstRow;
  if (header >= 0) {
    headerRows.push(header);
    dataStart = header + 1;
    if (header > firstRow) {
      const skipped = new RowCollector();
      for (let r = firstRow; r < header; r++) if (!rowBlank[r]) skipped.add(top.row + r);
      diagnostics.push(ingestDiagnostic('rows-above-header', { sheet, rows: skipped.rows, count: skipped.count }));
    }
  }
  const columns = usedColsFrom(header >= 0 ? header : firstRow);

  // A two-row header: a group row with merged cells (value in the first cell, blanks after) above sub-headers.
  if (header >= 0 && header + 1 <= lastRow && !rowBlank[header + 1] && isSubHeaderRow(header, columns, cell, lastRow)) {
    headerRows.push(header + 1);
    dataStart = header + 2;
    diagnostics.push(ingestDiagnostic('two-row-header', { sheet, rows: [top.row + header, top.row + header + 1] }));
  }

  // Drop columns that are blank from the header down but lie between used ones (leading/trailing are not kept anyway).
  const allCols: number[] = [];
  if (columns.length > 0) for (let c = columns[0]; c <= columns[columns.length - 1]; c++) allCols.push(c);
  for (const c of allCols) {
    if (!columns.includes(c)) {
      diagnostics.push(ingestDiagnostic('blank-column-dropped', { sheet, columnLetter: columnLetter(top.col + c) }));
    }
  }

  // Data rows: non-blank rows below the header; trailing totals out; subtotals inside out.
  const blanks = new RowCollector();
  let n = 0;
  const rows = new Int32Array(Math.max(0, lastRow - dataStart + 1));
  // No blank row below the header (a native search): the data rows are every row down to the last.
  const blankAt = rowBlank.indexOf(1, dataStart);
  if (blankAt < 0 || blankAt > lastRow) n = fillRows(rows, dataStart);
  else {
    for (let r = dataStart; r <= lastRow; r++) {
      if (rowBlank[r]) blanks.add(top.row + r);
      else rows[n++] = r;
    }
  }
  const found = findTotalRows(rows, n, columns, cell, cols ? totalRowTests(cols, columns) : undefined);
  const totals = new RowCollector();
  const subtotals = new RowCollector();
  const summary = new RowCollector();
  const drop = new Set<number>(found.summary);
  for (const t of found.rows) {
    drop.add(t.r);
    (t.trailing ? totals : subtotals).add(top.row + t.r, t.label);
  }
  for (const r of found.summary) summary.add(top.row + r);
  let w = 0;
  if (drop.size === 0) w = n;
  else for (let i = 0; i < n; i++) if (!drop.has(rows[i])) rows[w++] = rows[i];
  if (blanks.count > 0)
    diagnostics.push(ingestDiagnostic('blank-rows-dropped', { sheet, rows: blanks.rows, count: blanks.count }));
  if (totals.count > 0) {
    diagnostics.push(
      ingestDiagnostic(
        'total-rows-excluded',
        { sheet, rows: totals.rows, count: totals.count },
        { examples: totals.examples },
      ),
    );
  }
  if (subtotals.count > 0) {
    diagnostics.push(
      ingestDiagnostic(
        'subtotal-rows-excluded',
        { sheet, rows: subtotals.rows, count: subtotals.count },
        { examples: subtotals.examples },
      ),
    );
  }
  if (summary.count > 0)
    diagnostics.push(ingestDiagnostic('summary-row-excluded', { sheet, rows: summary.rows, count: summary.count }));

  // Header texts, then total columns out, then unique names.
  const texts: string[] = [];
  let group = '';
  for (const c of columns) {
    let text = '';
    if (headerRows.length === 2) {
      const g = headerAt(headerRows[0], c);
      if (g !== '') group = g;
      const sub = headerAt(headerRows[1], c);
      text = group && sub ? `${group} / ${sub}` : sub || group;
    } else if (headerRows.length === 1) text = headerAt(headerRows[0], c);
    texts.push(text);
  }
  const hLast = headerRows[headerRows.length - 1];
  const periodHeader = columns.map(
    (c) => hLast !== undefined && isPeriodHeaderCell(cell(hLast, c), formats?.[hLast]?.[c]),
  );
  const dataRows = rows.subarray(0, w);
  const totalCols = new Set(
    headerRows.length > 0 ? findTotalColumns(columns, texts, periodHeader, dataRows, cell) : [],
  );
  for (const j of totalCols) {
    diagnostics.push(
      ingestDiagnostic('total-column-excluded', {
        sheet,
        column: texts[j],
        columnLetter: columnLetter(top.col + columns[j]),
      }),
    );
  }
  const kept = columns.filter((_, j) => !totalCols.has(j));
  const headers: string[] = [];
  const names: string[] = [];
  const used = new Set<string>();
  const pending: { i: number; base: string }[] = [];
  for (let i = 0; i < kept.length; i++) {
    const text = texts[columns.indexOf(kept[i])];
    headers.push(text);
    names.push('');
    if (text === '') continue;
    const key = text.toLowerCase();
    if (used.has(key)) pending.push({ i, base: text });
    else {
      used.add(key);
      names[i] = text;
    }
  }
  for (let i = 0; i < kept.length; i++) {
    if (headers[i] !== '') continue;
    const letter = columnLetter(top.col + kept[i]);
    names[i] = uniqueName(`Column ${letter}`, used);
    if (header >= 0)
      diagnostics.push(ingestDiagnostic('header-empty', { sheet, column: names[i], columnLetter: letter }));
  }
  for (const { i, base } of pending) {
    names[i] = uniqueName(base, used, 2);
    diagnostics.push(
      ingestDiagnostic(
        'header-duplicate',
        { sheet, column: names[i], columnLetter: columnLetter(top.col + kept[i]) },
        { other: base },
      ),
    );
  }
  if (header < 0) diagnostics.push(ingestDiagnostic('no-header', { sheet }));
  return {
    headerRows,
    dataRows,
    columns: kept,
    headers,
    names,
    totalRows: {
      trailing: found.rows.filter((t) => t.trailing).map((t) => t.r),
      inside: [...found.rows.filter((t) => !t.trailing).map((t) => t.r), ...found.summary],
    },
    totalColumns: [...totalCols].map((j) => ({ col: columns[j], header: texts[j] })),
    diagnostics,
  };
}

/**
 * `rows[i] = from + i` for every i; returns rows.length. A small function of its own: the same loop inside
 * `locateTable` ran a million times in the interpreter until the engine had optimised all of that long function
 * (issue 13: most of locateTable's ~20 ms, cold, on 1,000,000 rows).
 */
function fillRows(rows: Int32Array, from: number): number {
  const n = rows.length;
  for (let i = 0; i < n; i++) rows[i] = from + i;
  return n;
}

/** 1 for each blank row (no cell holding a value, or not a row at all), counting the filled cells per column. */
function blankRows(
  values: readonly (readonly CellValue[])[],
  width: number,
  colCount: Int32Array,
  jagged: (r: number) => void,
): Uint8Array {
  const rowBlank = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const row = values[r] as CellValue[] | undefined;
    if (!Array.isArray(row)) {
      rowBlank[r] = 1;
      jagged(r);
      continue;
    }
    if (row.length !== width) jagged(r);
    let any = false;
    for (let c = 0; c < row.length; c++) {
      if (!isBlankCell(row[c])) {
        colCount[c]++;
        any = true;
      }
    }
    if (!any) rowBlank[r] = 1;
  }
  return rowBlank;
}

/**
 * `blankRows` over columns: whether a text is blank is decided once per distinct text. A column with none of its
 * texts blank and its empty fields counted (the .csv reader's) needs no pass over its rows when some such column has
 * no empty field: no row is then blank, and its filled cells are its rows but the empty ones.
 */
function blankRowsOf(cols: GridColumns, colCount: Int32Array): Uint8Array {
  const masks = cols.columns.map((col) => {
    // Only the texts not known to be plain can be blank.
    const blank = specialMask(col);
    let any = false;
    const judge = (k: number): void => {
      if (blank[k] === 1) blank[k] = isBlankCell(dictText(col, k)) ? 1 : 0;
      if (blank[k] === 1) any = true;
    };
    // With `special` known, the other texts are plain (marked 0): only the special ones are judged.
    if (col.special) for (const k of col.special) judge(k);
    else for (let k = 0, size = dictSize(col); k < size; k++) judge(k);
    return { blank, counted: !any && col.empties !== undefined };
  });
  const full = cols.columns.some((col, c) => masks[c].counted && col.empties === 0);
  const rowBlank = new Uint8Array(cols.rows).fill(full ? 0 : 1);
  cols.columns.forEach((col, c) => {
    const { blank, counted } = masks[c];
    if (full && counted) {
      colCount[c] = cols.rows - col.empties!;
      return;
    }
    const codes = col.codes;
    let count = 0;
    for (let r = 0; r < codes.length; r++) {
      const k = codes[r];
      if (k >= 0 && blank[k] === 0) {
        count++;
        rowBlank[r] = 0;
      }
    }
    colCount[c] = count;
  });
  return rowBlank;
}

/**
 * The total-row tests of `findTotalRows` on a columnar grid, each text of a column judged once: a row is labelled
 * as a total when one of its first three filled cells (in `columns` order) is a total label; every value is text.
 * The rows are walked a column at a time over the codes (on a 1,000,000-row file a closure call per row and cell
 * was half of ingest).
 */
function totalRowTests(cols: GridColumns, columns: readonly number[]): TotalRowTests {
  const BLANK = 0;
  const LABEL = 1;
  const OTHER = 2;
  const endsMemo: (Int8Array | undefined)[] = [];
  const endsIn: (boolean | undefined)[] = [];
  return {
    labelRows: (rows, n, hits) => {
      // Each text of a column judged once (-1: not yet). When the columns hold no more texts than the rows' first
      // three cells, all are judged first: with no total label among them, no row is a total row.
      // A plain text (grid-columns.ts) is neither blank nor a total label: only the others are judged.
      const classes = columns.map((c) => {
        const col = cols.columns[c] as TextColumn | undefined;
        if (!col) return new Int8Array(0);
        const cls = new Int8Array(dictSize(col));
        if (!col.special) return cls.fill(-1);
        cls.fill(OTHER);
        for (const k of col.special) cls[k] = -1;
        return cls;
      });
      const classOf = (j: number, k: number): number => {
        const cls = classes[j];
        if (cls[k] < 0) {
          const v = dictText(cols.columns[columns[j]], k);
          cls[k] = isBlankCell(v) ? BLANK : isTotalLabel(v) ? LABEL : OTHER;
        }
        return cls[k];
      };
      if (classes.reduce((t, cls) => t + cls.length, 0) <= LABEL_CELLS * n) {
        let labels = 0;
        classes.forEach((cls, j) => {
          const special = cols.columns[columns[j]]?.special;
          if (special) for (const k of special) labels += classOf(j, k) === LABEL ? 1 : 0;
          else for (let k = 0; k < cls.length; k++) if (classOf(j, k) === LABEL) labels++;
        });
        if (labels === 0) return 0;
      }
      let marked = 0;
      // Filled cells looked at so far per row; a row is settled at LABEL_CELLS or at a label.
      const seen = new Uint8Array(n);
      columns.forEach((c, j) => {
        const col = cols.columns[c] as TextColumn | undefined;
        if (!col) return;
        const codes = col.codes;
        for (let i = 0; i < n; i++) {
          if (hits[i] === 1 || seen[i] >= LABEL_CELLS) continue;
          const k = codes[rows[i]];
          if (k < 0) continue;
          const m = classOf(j, k);
          if (m === LABEL) {
            hits[i] = 1;
            marked++;
          } else if (m === OTHER) seen[i]++;
        }
      });
      return marked;
    },
    endsLikeTotalAt: (r, c) => {
      const col = cols.columns[c] as TextColumn | undefined;
      const k = col ? col.codes[r] : -1;
      if (k < 0) return false;
      const m = (endsMemo[c] ??= unknownExceptPlain(col!));
      if (m[k] < 0) m[k] = endsLikeTotal(dictText(col!, k)) ? 1 : 0;
      return m[k] === 1;
    },
    endsLikeTotalIn: (c) => (endsIn[c] ??= endsLikeTotalIn(cols.columns[c])),
  };
}

/** Per text of a column: 0 for a plain one (it does not end like a total), -1 (not yet judged) for the others. */
function unknownExceptPlain(col: TextColumn): Int8Array {
  const m = new Int8Array(dictSize(col));
  if (!col.special) return m.fill(-1);
  for (const k of col.special) m[k] = -1;
  return m;
}

/** Whether some text of a column ends like a pivot subtotal's (a plain text does not). */
function endsLikeTotalIn(col: TextColumn | undefined): boolean {
  if (!col) return false;
  if (col.special) {
    for (const k of col.special) if (endsLikeTotal(dictText(col, k))) return true;
    return false;
  }
  return col.dict.some(endsLikeTotal);
}

function uniqueName(base: string, used: Set<string>, start = 0): string {
  let name = base;
  for (let k = start; used.has(name.toLowerCase()); k++) name = `${base} (${Math.max(k, 2)})`;
  used.add(name.toLowerCase());
  return name;
}

/** Is the row below the header a row of sub-headers under merged group cells? */
function isSubHeaderRow(
  h: number,
  cols: number[],
  cell: (r: number, c: number) => CellValue | undefined,
  lastRow: number,
): boolean {
  const sub = h + 1;
  let groupPattern = false;
  for (let i = 0; i + 1 < cols.length; i++) {
    const a = cols[i];
    const b = cols[i + 1];
    if (!isBlankCell(cell(h, a)) && isBlankCell(cell(h, b)) && !isBlankCell(cell(sub, b))) groupPattern = true;
  }
  if (!groupPattern) return false;
  let filled = 0;
  let labels = 0;
  let repeated = 0;
  for (const c of cols) {
    const v = cell(sub, c);
    if (isBlankCell(v)) continue;
    filled++;
    if (isLabelText(v)) labels++;
    // Headers do not repeat as values further down the same column; data usually does.
    const key = String(v).trim();
    for (let r = sub + 1; r <= Math.min(lastRow, sub + 50); r++) {
      const w = cell(r, c);
      if (typeof w === 'string' && w.trim() === key) {
        repeated++;
        break;
      }
    }
  }
  return filled >= Math.ceil(cols.length / 2) && labels / filled >= 0.6 && repeated <= filled * 0.2;
}
