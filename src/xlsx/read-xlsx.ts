/**
 * .xlsx → CellGrid per sheet, streaming (DESIGN.md "One pipeline, two hosts"; issue 3 "Reader").
 *
 * The parts are found through the zip's central directory and inflated as streams (./zip-entries.ts):
 * shared strings and styles first, then each worksheet in workbook order, decoded as a UTF-8 stream (see
 * `utf8`) and fed to ExcelJS's SAX parser. The cells are assembled here from the SAX events rather than
 * through ExcelJS's `Row`/`Cell` objects, because those (a) turn date cells into JS Dates (local-time
 * pitfalls, lost precision), (b) read the cached result of an error formula as NaN, (c) keep only the last
 * run of a rich inline string, and (d) cost several objects per cell on a 1,000,000-row sheet.
 *
 * What a grid holds, as Office.js `Range.values` would:
 * - numbers as stored (dates are serial numbers in the workbook's date system; `date1904` tells which,
 *   ingest shifts 1904 serials), with the cell's number format in `numberFormats` (`General` if none);
 * - shared and inline strings as plain text (rich text runs joined, phonetic runs dropped), decoded as
 *   a UTF-8 stream (ExcelJS's own decoding garbles characters split between zip chunks);
 * - formulas as their cached result; error cells as their text (`#N/A`); booleans as booleans;
 * - empty cells and empty strings as null; merged areas hold their value in the top-left cell only.
 * `numberFormats` rows are shared between rows styled alike: treat grids as read-only.
 * Each grid is the dense rectangle of the sheet's used range (cells that hold a value), addressed from
 * its top-left cell. The very hidden `_loopbook` sheet (recipe and run log) is returned apart.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import type { CellGrid, CellValue, Diagnostic } from '../types.js';
import { openZip, type InflateLimits, type ZipArchive } from './zip-entries.js';
import { deadline, ReadLimitError, readLimits, type Deadline, type ReadLimits } from './read-limits.js';
import {
  emptySheetDiagnostic,
  fileLimitDiagnostic,
  limitDiagnostic,
  notReachedDiagnostic,
  sheetUnreadableDiagnostic,
  stylesDamagedDiagnostic,
} from './read-messages.js';
import { columnLetter as letterOf } from '../a1.js';
import { relsPathOf, resolveTarget } from '../opc-paths.js';
import { storeFromCells } from '../recipe/store.js';
import { notInputSheets } from '../recipe/run-inputs.js';

const WORKBOOK_PART = 'xl/workbook.xml';

/** Name of the very hidden sheet that holds Loopbook's recipe and run log (DESIGN.md "Recipe"). */
export const LOOPBOOK_SHEET = '_loopbook';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

/** A sheet of the workbook, whether or not a grid was returned for it. */
export interface SheetInfo {
  name: string;
  state: SheetState;
  /** Used range (`A1:H100`), or null when the sheet holds no value or was not read. */
  address: string | null;
  rows: number;
  columns: number;
}

/** An Excel table (ListObject) defined in a sheet. */
export interface TableInfo {
  /** Table name as formulas use it (`displayName` in the part). */
  name: string;
  sheet: string;
  /** A1 range including the header row, e.g. `A1:F200`. */
  ref: string;
  headerRow: boolean;
  totalsRow: boolean;
}

export interface ReadXlsxOptions {
  /** Read only these sheets (names, case-insensitive). Default: all but `_loopbook`. */
  sheets?: readonly string[];
  /** Also read the `_loopbook` sheet into `loopbook`. Default true (it is small). */
  loopbook?: boolean;
  /** Largest grid (rows × columns) kept per sheet; rows beyond it are dropped with a warning. Default 60,000,000. */
  maxCells?: number;
  /**
   * Leave out the sheets the run log in `_loopbook` says Loopbook wrote (its result sheets; see
   * `notInputSheets`): they are listed in `sheets` and `skipped` but not read. Default false.
   */
  skipLoopbookSheets?: boolean;
  /** Bounds on the read (./read-limits.ts); Excel's limits and Loopbook's caps unless overridden. */
  limits?: Partial<ReadLimits>;
}

/** What a file reader returns: grids plus what the workbook holds, and diagnostics (never thrown). */
export interface ReadResult {
  /** One grid per sheet that holds values, in workbook order. */
  grids: CellGrid[];
  /** Every sheet of the workbook in order, except `_loopbook`. */
  sheets: SheetInfo[];
  tables: TableInfo[];
  date1904: boolean;
  /** The `_loopbook` sheet when present and asked for. */
  loopbook?: CellGrid;
  /** Sheets left out because Loopbook wrote them (`skipLoopbookSheets`), in workbook order. */
  skipped?: string[];
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// ExcelJS internals used here (exceljs is pinned at 4.4.0; tests/xlsx/read-xlsx.test.ts covers them):
// its SAX parser and its styles part parser. The zip is read here (./zip-entries.ts), not by ExcelJS.

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
type SaxEvent =
  | { eventType: 'opentag'; value: SaxNode }
  | { eventType: 'closetag'; value: SaxNode }
  | { eventType: 'text'; value: string };
type ParseSax = (iterable: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>;

interface StyleManagerInternal {
  model: { styles: ({ numFmtId?: number } | undefined)[] };
  getStyleModel(id: number): { numFmt?: string } | null;
}

const require = createRequire(import.meta.url);
const parseSax = require('exceljs/lib/utils/parse-sax.js') as ParseSax;
const StyleManager = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as new () => StyleManagerInternal & {
  parseStream(iterable: AsyncIterable<unknown>): Promise<void>;
  init(): void;
};

/**
 * Decodes UTF-8 chunks with a streaming decoder. ExcelJS 4.4.0 decodes each zip chunk on its own, which
 * garbles a multi-byte character (any Chinese text) that straddles two chunks (客户ID → 客���ID);
 * handing its SAX parser strings instead of bytes avoids that.
 */
async function* utf8(iterable: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of iterable) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** What bounds a read while it streams: the limits, the clock, and the shared strings too long for a cell. */
interface Guard {
  limits: ReadLimits;
  clock: Deadline;
  inflate: InflateLimits;
  /** Indexes of shared strings longer than `maxCellChars` (stored as null): a cell using one breaks the limit. */
  longStrings: Set<number>;
}

/** Shared strings as plain text: the `<t>` runs of each `<si>` joined, phonetic (`<rPh>`) runs left out. */
async function readSharedStrings(
  iterable: AsyncIterable<unknown>,
  guard: Guard,
  part: string,
): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  let text: string | null = null;
  let tooLong = false;
  let inT = false;
  let inPhonetic = false;
  const maxChars = guard.limits.maxCellChars;
  for await (const events of parseSax(utf8(iterable))) {
    guard.clock.check(part);
    for (const ev of events) {
      if (ev.eventType === 'text') {
        if (inT && !inPhonetic && !tooLong) {
          text = text === null ? ev.value : text + ev.value;
          // Longer than a cell may hold: remembered as such and its text dropped, so no memory is spent on it.
          if (text.length > maxChars) {
            tooLong = true;
            text = null;
          }
        }
        continue;
      }
      const name = localName(ev.value.name);
      if (ev.eventType === 'opentag') {
        if (name === 'si') {
          text = null;
          tooLong = false;
        } else if (name === 't') inT = true;
        else if (name === 'rPh') inPhonetic = true;
      } else if (name === 't') inT = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') {
        if (tooLong) guard.longStrings.add(out.length);
        out.push(text === '' ? null : text);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** 1-based column number → letters (1 → A, 28 → AB). */
export function columnLetter(col: number): string {
  return col > 0 ? letterOf(col - 1) : '';
}

/** A1 range of a block whose top-left is (row, col), 1-based. */
export function rangeAddress(row: number, col: number, rows: number, cols: number): string {
  const tl = `${columnLetter(col)}${row}`;
  if (rows <= 1 && cols <= 1) return tl;
  return `${tl}:${columnLetter(col + Math.max(cols, 1) - 1)}${row + Math.max(rows, 1) - 1}`;
}

/** Parses `B3` → {row: 3, col: 2}; null when not a cell reference. */
export function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/**
 * Cuts the block `ref` (e.g. an Excel table's range) out of a sheet grid. Cells outside the grid
 * read as null. Returns null when `ref` is not an A1 range.
 */
export function sliceGrid(grid: CellGrid, ref: string, tableName?: string): CellGrid | null {
  const [a, b = a] = ref.split(':');
  const tl = parseCellRef(a);
  const br = parseCellRef(b);
  const origin = parseCellRef(grid.address.split(':')[0]);
  if (!tl || !br || !origin) return null;
  const rows = br.row - tl.row + 1;
  const cols = br.col - tl.col + 1;
  if (rows <= 0 || cols <= 0) return null;
  const values: CellValue[][] = [];
  const formats: string[][] | undefined = grid.numberFormats ? [] : undefined;
  for (let r = 0; r < rows; r++) {
    const src = grid.values[tl.row - origin.row + r] as CellValue[] | undefined;
    const fsrc = grid.numberFormats?.[tl.row - origin.row + r];
    const row: CellValue[] = new Array<CellValue>(cols);
    const frow: string[] = new Array<string>(cols);
    for (let c = 0; c < cols; c++) {
      const ci = tl.col - origin.col + c;
      row[c] = src && ci >= 0 ? (src[ci] ?? null) : null;
      frow[c] = fsrc && ci >= 0 ? (fsrc[ci] ?? 'General') : 'General';
    }
    values.push(row);
    formats?.push(frow);
  }
  const out: CellGrid = { sheet: grid.sheet, address: rangeAddress(tl.row, tl.col, rows, cols), values };
  if (formats) out.numberFormats = formats;
  if (grid.date1904 !== undefined) out.date1904 = grid.date1904;
  if (tableName !== undefined) out.tableName = tableName;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workbook structure from the zip's small parts

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENTITY[e],
  );
}
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const key = m[1].includes(':') && !m[1].startsWith('r:') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
    out[key] = decodeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}
function tags(xml: string, local: string): Record<string, string>[] {
  const re = new RegExp(`<(?:\\w+:)?${local}\\b([^>]*)>`, 'g');
  return [...xml.matchAll(re)].map((m) => attrs(m[1]));
}
function relsOf(xml: string | undefined): Map<string, { target: string; type: string }> {
  const out = new Map<string, { target: string; type: string }>();
  if (!xml) return out;
  // A relationship without an id or a target (a damaged part) points nowhere: left out.
  for (const a of tags(xml, 'Relationship'))
    if (a.Id && a.Target) out.set(a.Id, { target: a.Target, type: a.Type ?? '' });
  return out;
}

interface WorkbookStructure {
  date1904: boolean;
  /** Parts of the shared strings and styles, when the workbook has them. */
  sharedStrings: string | null;
  styles: string | null;
  /** Worksheet part path (`xl/worksheets/sheet1.xml`) → name and state, in workbook order. */
  sheets: { name: string; state: SheetState; part: string | null; worksheet: boolean }[];
  tables: TableInfo[];
}

function readStructure(zip: ZipArchive): WorkbookStructure {
  const wb = zip.text(WORKBOOK_PART) ?? '';
  const pr = tags(wb, 'workbookPr')[0] ?? {};
  const date1904 = pr.date1904 === '1' || pr.date1904 === 'true';
  const rels = relsOf(zip.text('xl/_rels/workbook.xml.rels'));
  let sheets = tags(wb, 'sheet').map((a) => {
    const rel = rels.get(a['r:id'] ?? a.id ?? '');
    const state: SheetState = a.state === 'hidden' ? 'hidden' : a.state === 'veryHidden' ? 'veryHidden' : 'visible';
    // Chart sheets and dialog sheets hold no cells: listed, never read.
    const worksheet = !rel || rel.type === '' || rel.type.endsWith('/worksheet');
    return { name: a.name ?? '', state, part: rel ? resolveTarget(WORKBOOK_PART, rel.target) : null, worksheet };
  });
  if (sheets.length === 0) {
    // No sheet list (a damaged or minimal file): read the worksheet parts there are, named as Excel would.
    sheets = zip
      .names()
      .map((n) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((x, y) => Number(x[1]) - Number(y[1]))
      .map((m) => ({ name: `Sheet${m[1]}`, state: 'visible' as const, part: m[0], worksheet: true }));
  }
  const partOf = (type: string, fallback: string): string | null => {
    for (const rel of rels.values()) if (rel.type.endsWith(`/${type}`)) return resolveTarget(WORKBOOK_PART, rel.target);
    return zip.has(fallback) ? fallback : null;
  };
  const tables: TableInfo[] = [];
  for (const s of sheets) {
    if (!s.part) continue;
    const relsPath = relsPathOf(s.part);
    for (const rel of relsOf(zip.text(relsPath)).values()) {
      if (!rel.type.endsWith('/table')) continue;
      const xml = zip.text(resolveTarget(s.part, rel.target));
      const t = xml ? tags(xml, 'table')[0] : undefined;
      if (!t?.ref) continue;
      tables.push({
        name: t.displayName ?? t.name ?? '',
        sheet: s.name,
        ref: t.ref,
        headerRow: t.headerRowCount !== '0',
        totalsRow: t.totalsRowCount !== undefined && t.totalsRowCount !== '0',
      });
    }
  }
  return {
    date1904,
    sharedStrings: partOf('sharedStrings', 'xl/sharedStrings.xml'),
    styles: partOf('styles', 'xl/styles.xml'),
    sheets,
    tables,
  };
}

// ---------------------------------------------------------------------------------------------
// Number formats

/** Built-in number formats ExcelJS does not resolve (locale-dependent ids), as Excel zh-CN shows them. */
const BUILTIN_ZH_CN: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

function numFmtResolver(styles: StyleManagerInternal): (styleId: number) => string {
  const cache = new Map<number, string>();
  return (id) => {
    let f = cache.get(id);
    if (f === undefined) {
      const model = styles.model.styles[id] ? styles.getStyleModel(id) : null;
      const numFmtId = styles.model.styles[id]?.numFmtId;
      f = model?.numFmt ?? (numFmtId !== undefined ? BUILTIN_ZH_CN[numFmtId] : undefined) ?? 'General';
      cache.set(id, f);
    }
    return f;
  };
}

// ---------------------------------------------------------------------------------------------
// One worksheet

interface RawSheet {
  /** Row r (1-based) at index r-1; each row's cell c (1-based) at index c-1. */
  values: (CellValue[] | undefined)[];
  /** Style id per cell where not 0, same shape. */
  styles: (number[] | undefined)[];
  minRow: number;
  maxRow: number;
  minCol: number;
  maxCol: number;
}

function colOfRef(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else if (c !== 36) break; // `$`
  }
  return col;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** ISO 8601 text (a `t="d"` cell) → serial in the workbook's date system. */
function isoToSerial(text: string, date1904: boolean): number | null {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes('T') ? text : `${text}Z`);
  if (Number.isNaN(ms)) return null;
  return ms / 86_400_000 + 25_569 - (date1904 ? 1462 : 0);
}

// eslint-disable-next-line max-lines-per-function -- SAX hot loop: one event switch, kept whole for speed
async function parseSheet(
  iterator: AsyncIterable<unknown>,
  strings: readonly (string | null)[],
  date1904: boolean,
  guard: Guard,
  part: string,
): Promise<RawSheet> {
  const { maxRows, maxColumns, maxCellChars } = guard.limits;
  const cellRef = (): string => `${columnLetter(col)}${rowNo}`;
  const sheet: RawSheet = { values: [], styles: [], minRow: Infinity, maxRow: 0, minCol: Infinity, maxCol: 0 };
  let rowNo = 0;
  let col = 0;
  let rowVals: CellValue[] | null = null;
  let rowStyles: number[] | null = null;
  let rowMin = Infinity;
  let rowMax = 0;
  let inCell = false;
  let t = '';
  let s = 0;
  let v: string | null = null;
  let inline: string | null = null;
  let collect = 0; // 0 none, 1 <v>, 2 <t> of an inline string
  let inPhonetic = false;
  let inSheetData = false;

  for await (const events of parseSax(utf8(iterator))) {
    guard.clock.check(part);
    for (const ev of events) {
      if (ev.eventType === 'text') {
        if (collect === 1) {
          v = v === null ? ev.value : v + ev.value;
          if (v.length > maxCellChars) throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
        } else if (collect === 2) {
          inline = inline === null ? ev.value : inline + ev.value;
          if (inline.length > maxCellChars) throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
        }
        continue;
      }
      const name = localName(ev.value.name);
      if (ev.eventType === 'opentag') {
        switch (name) {
          case 'sheetData':
            inSheetData = true;
            break;
          case 'row': {
            if (!inSheetData) break;
            const r = ev.value.attributes.r;
            // A row number that is not one (`r="x"`, `r="0"`) is read as the next row, as for a row without one.
            const given = r ? parseInt(r, 10) : NaN;
            rowNo = given >= 1 ? given : rowNo + 1;
            if (rowNo > maxRows) throw new ReadLimitError('rows', maxRows, part);
            col = 0;
            rowVals = null;
            rowStyles = null;
            rowMin = Infinity;
            rowMax = 0;
            break;
          }
          case 'c': {
            if (!inSheetData) break;
            const a = ev.value.attributes;
            col = (a.r ? colOfRef(a.r) : 0) || col + 1;
            if (col > maxColumns) throw new ReadLimitError('columns', maxColumns, part, a.r);
            t = a.t ?? 'n';
            s = a.s ? parseInt(a.s, 10) || 0 : 0;
            v = null;
            inline = null;
            inCell = true;
            break;
          }
          case 'v':
            if (inCell) collect = 1;
            break;
          case 'rPh':
            inPhonetic = true;
            break;
          case 't':
            if (inCell && !inPhonetic) collect = 2;
            break;
        }
      } else {
        switch (name) {
          case 'v':
          case 't':
            collect = 0;
            break;
          case 'rPh':
            inPhonetic = false;
            break;
          case 'c': {
            if (!inCell) break;
            inCell = false;
            let value: CellValue = null;
            switch (t) {
              case 's': {
                if (v !== null) {
                  const i = parseInt(v, 10);
                  if (guard.longStrings.has(i)) throw new ReadLimitError('cellChars', maxCellChars, part, cellRef());
                  value = strings[i] ?? null;
                }
                break;
              }
              case 'inlineStr':
                value = inline ?? v;
                break;
              case 'str':
                value = v;
                break;
              case 'e':
                value = v;
                break;
              case 'b':
                value = v === null ? null : v === '1' || v === 'true';
                break;
              case 'd':
                value = v === null ? null : isoToSerial(v, date1904);
                break;
              default:
                if (v !== null && v !== '') {
                  const n = Number(v);
                  value = Number.isFinite(n) ? n : v;
                }
            }
            if (value === '') value = null;
            if (value !== null) {
              rowVals ??= [];
              rowVals[col - 1] = value;
              if (s !== 0) {
                rowStyles ??= [];
                rowStyles[col - 1] = s;
              }
              if (col < rowMin) rowMin = col;
              if (col > rowMax) rowMax = col;
            }
            break;
          }
          case 'row':
            if (rowVals) {
              sheet.values[rowNo - 1] = rowVals;
              if (rowStyles) sheet.styles[rowNo - 1] = rowStyles;
              if (rowNo < sheet.minRow) sheet.minRow = rowNo;
              if (rowNo > sheet.maxRow) sheet.maxRow = rowNo;
              if (rowMin < sheet.minCol) sheet.minCol = rowMin;
              if (rowMax > sheet.maxCol) sheet.maxCol = rowMax;
            }
            rowVals = null;
            rowStyles = null;
            break;
          case 'sheetData':
            inSheetData = false;
            break;
        }
      }
    }
  }
  return sheet;
}

/** Dense grid from the raw rows, in place (the raw rows are reused to keep peak memory low). */
function densify(
  raw: RawSheet,
  name: string,
  date1904: boolean,
  numFmt: (id: number) => string,
  maxCells: number,
  diagnostics: Diagnostic[],
): CellGrid | null {
  if (raw.maxRow === 0) return null;
  const width = raw.maxCol - raw.minCol + 1;
  let height = raw.maxRow - raw.minRow + 1;
  if (height * width > maxCells) {
    const keep = Math.max(1, Math.floor(maxCells / width));
    diagnostics.push({
      code: 'read.grid_truncated',
      severity: 'warning',
      message: {
        en: `Sheet "${name}" is too large to read whole (${height} rows × ${width} columns); only the first ${keep} rows were read.`,
        'zh-CN': `工作表“${name}”太大，无法完整读取（${height} 行 × ${width} 列）；只读取了前 ${keep} 行。`,
      },
      where: { sheet: name, count: height - keep },
    });
    height = keep;
  }
  const off = raw.minCol - 1;
  const values: CellValue[][] = new Array<CellValue[]>(height);
  const formats: string[][] = new Array<string[]>(height);
  // Rows with the same styles share one (read-only) format row: a million rows need a handful.
  const formatRows = new Map<string, string[]>();
  const generalRow = new Array<string>(width).fill('General');
  for (let i = 0; i < height; i++) {
    const r = raw.minRow - 1 + i;
    const src = raw.values[r];
    const st = raw.styles[r];
    let row: CellValue[];
    if (src && off === 0) {
      // Reuse the raw row (no copy): fill holes, pad to the width.
      row = src;
      for (let c = 0; c < width; c++) if (row[c] === undefined) row[c] = null;
    } else {
      row = new Array<CellValue>(width);
      for (let c = 0; c < width; c++) row[c] = src ? (src[off + c] ?? null) : null;
    }
    values[i] = row;
    if (!st) formats[i] = generalRow;
    else {
      let key = '';
      for (let c = 0; c < width; c++) key += `${st[off + c] ?? 0},`;
      let frow = formatRows.get(key);
      if (!frow) {
        frow = new Array<string>(width);
        for (let c = 0; c < width; c++) {
          const sid = st[off + c];
          frow[c] = sid === undefined ? 'General' : numFmt(sid);
        }
        if (formatRows.size < 4096) formatRows.set(key, frow);
      }
      formats[i] = frow;
    }
    raw.values[r] = undefined;
    raw.styles[r] = undefined;
  }
  return {
    sheet: name,
    address: rangeAddress(raw.minRow, raw.minCol, height, width),
    values,
    numberFormats: formats,
    date1904,
  };
}

function unreadable(path: string, err: unknown): Diagnostic {
  if (err instanceof ReadLimitError) return fileLimitDiagnostic(err, path);
  const detail = err instanceof Error ? err.message : String(err);
  return {
    code: 'read.unreadable',
    severity: 'error',
    message: {
      en: `Cannot read "${path}" as an .xlsx workbook: ${detail}`,
      'zh-CN': `无法将“${path}”作为 .xlsx 工作簿读取：${detail}`,
    },
  };
}

/** The parts every sheet needs: shared strings and styles (the central directory finds them wherever they are). */
async function readSharedParts(
  zip: ZipArchive,
  structure: WorkbookStructure,
  guard: Guard,
): Promise<{ strings: (string | null)[]; styles: StyleManagerInternal; stylesDamaged: boolean }> {
  const ss = structure.sharedStrings;
  const strings = ss && zip.has(ss) ? await readSharedStrings(zip.stream(ss, guard.inflate), guard, ss) : [];
  let stylesDamaged = false;
  if (structure.styles && zip.has(structure.styles)) {
    const manager = new StyleManager();
    try {
      await manager.parseStream(utf8(zip.stream(structure.styles, guard.inflate)));
      // A styles part cut short parses without error but leaves no model behind.
      if (Array.isArray((manager.model as Partial<StyleManagerInternal['model']> | undefined)?.styles))
        return { strings, styles: manager, stylesDamaged };
    } catch (err) {
      if (err instanceof ReadLimitError) throw err;
    }
    stylesDamaged = true;
  }
  // No styles part, or a damaged one: the values still read, every number format as General.
  const manager = new StyleManager();
  manager.init();
  return { strings, styles: manager, stylesDamaged };
}

/** How the read of each sheet went: raw cells, or a diagnostic already given (`failed`). */
interface SheetReads {
  raws: Map<string, RawSheet>;
  /** Sheets read whole (their raw cells are freed once densified). */
  done: Set<string>;
  failed: Set<string>;
  /** Sheets not read because the time budget ran out on an earlier one. */
  notReached: string[];
  timedOut: boolean;
}

/**
 * Reads one worksheet part. A breached limit or damaged XML stops this sheet only: its diagnostic is given and
 * null returned, and the other sheets go on (issue 17).
 */
async function readSheet(
  zip: ZipArchive,
  info: { name: string; part: string },
  strings: readonly (string | null)[],
  date1904: boolean,
  guard: Guard,
  reads: SheetReads,
  diagnostics: Diagnostic[],
): Promise<RawSheet | null> {
  if (reads.timedOut) {
    reads.notReached.push(info.name);
    return null;
  }
  try {
    return await parseSheet(zip.stream(info.part, guard.inflate), strings, date1904, guard, info.part);
  } catch (err) {
    reads.failed.add(info.name);
    if (err instanceof ReadLimitError && err.kind === 'time') reads.timedOut = true;
    if (err instanceof ReadLimitError) diagnostics.push(limitDiagnostic(err, info.name));
    else diagnostics.push(sheetUnreadableDiagnostic(info.name, err instanceof Error ? err.message : String(err)));
    return null;
  }
}

/**
 * Sheets read and found empty, said as information (issue 17). A workbook with no value at all gives no grid
 * and no diagnostic: the command says there is nothing to analyse, naming the file.
 */
function emptySheets(result: ReadResult, reads: SheetReads): void {
  if (result.grids.length === 0) return;
  for (const s of result.sheets)
    if (s.address === null && reads.done.has(s.name)) result.diagnostics.push(emptySheetDiagnostic(s.name));
}

/**
 * Reads an .xlsx workbook into one CellGrid per sheet, streaming (a 1,000,000-row sheet needs no more
 * than the grid itself in memory). Never throws: an unreadable file gives an error diagnostic. Each sheet
 * is read within Excel's limits and Loopbook's caps (`options.limits`, ./read-limits.ts): a sheet that breaks
 * one is left out with a diagnostic naming it and the limit, and the other sheets still load.
 *
 * @example
 *   const { grids, tables } = await readXlsx('sales.xlsx');
 *   grids[0] // { sheet: 'Orders', address: 'A1:H5001', values: [['order_id', …], …], numberFormats, date1904: false }
 */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export async function readXlsx(path: string, options: ReadXlsxOptions = {}): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const empty: ReadResult = { grids: [], sheets: [], tables: [], date1904: false, diagnostics };
  if (!existsSync(path)) {
    diagnostics.push(unreadable(path, new Error('file not found')));
    return empty;
  }
  const limits = readLimits(options.limits);
  const guard: Guard = {
    limits,
    clock: deadline(limits.timeBudgetMs),
    inflate: { maxBytes: limits.maxPartBytes, maxRatio: limits.maxRatio, ratioGraceBytes: limits.ratioGraceBytes },
    longStrings: new Set(),
  };
  let structure: WorkbookStructure;
  let zip: ZipArchive;
  try {
    zip = openZip(path);
    structure = readStructure(zip);
  } catch (err) {
    diagnostics.push(unreadable(path, err));
    return empty;
  }
  const { date1904 } = structure;
  const wanted = options.sheets ? new Set(options.sheets.map((s) => s.toLowerCase())) : null;
  const wantLoopbook = options.loopbook ?? true;
  const maxCells = options.maxCells ?? 60_000_000;

  const reads: SheetReads = { raws: new Map(), done: new Set(), failed: new Set(), notReached: [], timedOut: false };
  const skip = new Set<string>();
  let storeGrid: CellGrid | null = null;
  let strings: (string | null)[];
  let styles: StyleManagerInternal;
  try {
    let stylesDamaged: boolean;
    ({ strings, styles, stylesDamaged } = await readSharedParts(zip, structure, guard));
    if (stylesDamaged) diagnostics.push(stylesDamagedDiagnostic(path));
  } catch (err) {
    diagnostics.push(unreadable(path, err));
    return { ...empty, tables: structure.tables, date1904 };
  }
  const numFmt = numFmtResolver(styles);
  // The store sheet first: with `skipLoopbookSheets`, its run log says which sheets are Loopbook's.
  const store = structure.sheets.find((s) => s.name === LOOPBOOK_SHEET && s.worksheet && s.part && zip.has(s.part));
  if (store?.part && (wantLoopbook || options.skipLoopbookSheets)) {
    const raw = await readSheet(
      zip,
      { name: store.name, part: store.part },
      strings,
      date1904,
      guard,
      reads,
      diagnostics,
    );
    storeGrid = raw ? densify(raw, store.name, date1904, numFmt, maxCells, diagnostics) : null;
    if (options.skipLoopbookSheets && storeGrid) {
      const log = storeFromCells(storeGrid.values).store?.log;
      for (const name of notInputSheets(log)) if (name !== LOOPBOOK_SHEET) skip.add(name.toLowerCase());
    }
  }
  // Sheet names are unique ignoring case in a sound workbook; a damaged one may repeat a name: read it once.
  for (const info of structure.sheets) {
    if (!info.worksheet || !info.part || !zip.has(info.part) || info.name === LOOPBOOK_SHEET) continue;
    if (skip.has(info.name.toLowerCase()) || reads.done.has(info.name) || reads.failed.has(info.name)) continue;
    if (wanted && !wanted.has(info.name.toLowerCase())) continue;
    const raw = await readSheet(
      zip,
      { name: info.name, part: info.part },
      strings,
      date1904,
      guard,
      reads,
      diagnostics,
    );
    if (raw) {
      reads.raws.set(info.name, raw);
      reads.done.add(info.name);
    }
  }
  if (reads.notReached.length > 0) diagnostics.push(notReachedDiagnostic(reads.notReached, limits.timeBudgetMs));

  const result: ReadResult = { grids: [], sheets: [], tables: structure.tables, date1904, diagnostics };
  const listed = new Set<string>();
  for (const { name } of structure.sheets) {
    if (listed.has(name)) continue;
    listed.add(name);
    const raw = reads.raws.get(name);
    const grid = raw ? densify(raw, name, date1904, numFmt, maxCells, diagnostics) : null;
    reads.raws.delete(name);
    if (name === LOOPBOOK_SHEET) {
      if (storeGrid && wantLoopbook) result.loopbook = storeGrid;
      continue;
    }
    if (skip.has(name.toLowerCase())) (result.skipped ??= []).push(name);
    const info = structure.sheets.find((s) => s.name === name);
    const state = info?.state ?? 'visible';
    const rows = grid?.values.length ?? 0;
    const columns = grid?.values[0]?.length ?? 0;
    result.sheets.push({ name, state, address: grid?.address ?? null, rows, columns });
    if (grid) result.grids.push(grid);
    else if (
      raw === undefined &&
      info?.worksheet !== false &&
      !skip.has(name.toLowerCase()) &&
      !reads.failed.has(name) &&
      !reads.notReached.includes(name) &&
      (!wanted || wanted.has(name.toLowerCase()))
    ) {
      diagnostics.push({
        code: 'read.sheet_not_read',
        severity: 'warning',
        message: {
          en: `Sheet "${name}" could not be read (its part was not found in the file).`,
          'zh-CN': `无法读取工作表“${name}”（文件中找不到它的内容部分）。`,
        },
        where: { sheet: name },
      });
    }
  }
  emptySheets(result, reads);
  return result;
}
