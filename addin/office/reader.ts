/**
 * Reads sheet ranges into CellGrids through Office.js: the selection, an Excel table, a sheet's used range,
 * a named range or an address — values and number formats in row chunks whose responses stay under 4 MB,
 * one `sync()` per chunk, with progress. Problems the user can fix come back as diagnostics, never thrown.
 */
import { formatA1, parseA1, splitSheetAddress } from '../../src/a1.js';
import type { CellRect } from '../../src/a1.js';
import type { CellGrid, CellValue, Diagnostic, I18nText } from '../../src/types.js';
import type { XlContext, XlRange, XlWorksheet } from './excel-api.js';
import { queueDate1904 } from './date-system.js';
import { jsonBytes, TARGET_PAYLOAD_BYTES } from './payload.js';
import { ALL_CAPS } from './requirements.js';
import type { HostCaps } from './requirements.js';

/** What to read. */
export type ReadSource =
  | { kind: 'selection' }
  | { kind: 'table'; name: string }
  | { kind: 'usedRange'; sheet: string }
  | { kind: 'namedRange'; name: string }
  | { kind: 'range'; sheet: string; address: string };

export interface ReadProgress {
  rowsRead: number;
  totalRows: number;
}

export interface ReadOptions {
  /** Response budget per sync (default 4,000,000 bytes). */
  maxResponseBytes?: number;
  /** Rows of the first chunk, which measures bytes per row (default 100). */
  probeRows?: number;
  /** Read number formats too (default true; ingest uses them for dates and currency). */
  numberFormats?: boolean;
  /** Read at most this many rows (a preview); default all. */
  maxRows?: number;
  caps?: HostCaps;
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal;
}

export interface ReadResult {
  grid: CellGrid | null;
  diagnostics: Diagnostic[];
  /** Rows in the source (can exceed the grid's rows when `maxRows` cut it). */
  totalRows: number;
  /** `sync()` calls this read made. */
  syncs: number;
}

/** Excel's limit on cells per range read, halved so values and number formats both fit. */
const MAX_CELLS_PER_CHUNK = 2_500_000;

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

interface Located extends CellRect {
  sheet: string;
  tableName?: string;
}

function diag(code: string, message: I18nText, sheet = ''): Diagnostic {
  return { code, severity: 'error', message, where: { sheet } };
}

/** `'My sheet'!B4:F120`, as Excel returns a range's `address`, → sheet and 0-based rectangle. */
function locatedFrom(full: string): Located {
  const { sheet, address } = splitSheetAddress(full);
  const rect = parseA1(address);
  if (!rect) throw new Error(`Unexpected address from Excel: ${full}`);
  return { sheet, ...rect };
}

/** Finds the sheet and rectangle of a source (one or two syncs). */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
async function locate(
  ctx: XlContext,
  source: ReadSource,
  caps: HostCaps,
  count: () => void,
): Promise<Located | Diagnostic> {
  const wb = ctx.workbook;
  const sync = async (): Promise<void> => {
    count();
    await ctx.sync();
  };
  switch (source.kind) {
    case 'selection': {
      if (caps.selectedRanges) {
        const areas = wb.getSelectedRanges();
        areas.load(['address', 'areaCount']);
        await sync();
        if (areas.areaCount > 1) {
          return diag(
            'read.selectionAreas',
            t(
              `The selection has ${areas.areaCount} separate areas (${areas.address}). Select one block of cells, or pick a table or sheet instead.`,
              `所选内容包含 ${areas.areaCount} 个不相连的区域（${areas.address}）。请只选择一个连续的单元格区域，或改选表格或工作表。`,
            ),
          );
        }
        return locatedFrom(areas.address);
      }
      const r = wb.getSelectedRange();
      r.load('address');
      await sync();
      return locatedFrom(r.address);
    }
    case 'table': {
      const table = wb.tables.getItemOrNullObject(source.name);
      table.load('name');
      await sync();
      if (table.isNullObject) {
        return diag(
          'read.tableMissing',
          t(`There is no Excel table named "${source.name}".`, `没有名为“${source.name}”的 Excel 表格。`),
        );
      }
      const r = table.getRange();
      r.load('address');
      await sync();
      return { ...locatedFrom(r.address), tableName: table.name };
    }
    case 'namedRange': {
      const item = wb.names.getItemOrNullObject(source.name);
      item.load(['name', 'type']);
      await sync();
      if (item.isNullObject || item.type !== 'Range') {
        return diag(
          'read.nameMissing',
          t(`There is no named range "${source.name}".`, `没有名为“${source.name}”的命名区域。`),
        );
      }
      const r = item.getRangeOrNullObject();
      r.load('address');
      await sync();
      if (r.isNullObject)
        return diag(
          'read.nameMissing',
          t(`The name "${source.name}" does not refer to cells.`, `名称“${source.name}”未引用单元格。`),
        );
      return locatedFrom(r.address);
    }
    case 'usedRange':
    case 'range': {
      const ws = wb.worksheets.getItemOrNullObject(source.sheet);
      ws.load('name');
      await sync();
      if (ws.isNullObject) {
        return diag(
          'read.sheetMissing',
          t(`There is no sheet named "${source.sheet}".`, `没有名为“${source.sheet}”的工作表。`),
          source.sheet,
        );
      }
      if (source.kind === 'range') {
        if (parseA1(source.address) === null) {
          return diag(
            'read.badAddress',
            t(
              `"${source.address}" is not a cell range like A1:F100.`,
              `“${source.address}”不是类似 A1:F100 的单元格区域。`,
            ),
            source.sheet,
          );
        }
        const r = ws.getRange(source.address);
        r.load('address');
        await sync();
        return locatedFrom(r.address);
      }
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('address');
      await sync();
      if (used.isNullObject)
        return diag('read.sheetEmpty', t(`The sheet "${ws.name}" is empty.`, `工作表“${ws.name}”是空的。`), ws.name);
      return locatedFrom(used.address);
    }
  }
}

function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

function cleanValues(rows: (string | number | boolean | null)[][]): CellValue[][] {
  // Office.js gives "" for empty cells; Loopbook's grids use null (as the .xlsx reader does).
  for (const row of rows) for (let j = 0; j < row.length; j++) if (row[j] === '') row[j] = null;
  return rows;
}

/**
 * Reads a source into a CellGrid.
 *
 * Chunking: a first chunk of `probeRows` rows measures bytes per row; later chunks hold as many rows as fit
 * in `maxResponseBytes` with a 25 % margin (re-measured after every chunk, and halved if Excel still
 * rejects a response as too large). One `sync()` per chunk.
 */
export async function readGrid(ctx: XlContext, source: ReadSource, options: ReadOptions = {}): Promise<ReadResult> {
  let syncs = 0;
  const count = (): void => {
    syncs++;
  };
  const caps = options.caps ?? ALL_CAPS;
  const isDate1904 = queueDate1904(ctx);
  const loc = await locate(ctx, source, caps, count);
  if ('code' in loc) return { grid: null, diagnostics: [loc], totalRows: 0, syncs };
  const date1904 = isDate1904();
  const ws = ctx.workbook.worksheets.getItem(loc.sheet);
  const { values, numberFormats } = await readRows(ctx, ws, loc, options, count);
  const grid: CellGrid = {
    sheet: loc.sheet,
    address: formatA1({ ...loc, rows: values.length }),
    values,
    date1904,
  };
  if (numberFormats) grid.numberFormats = numberFormats;
  if (loc.tableName !== undefined) grid.tableName = loc.tableName;
  return { grid, diagnostics: [], totalRows: loc.rows, syncs };
}

async function readRows(
  ctx: XlContext,
  ws: XlWorksheet,
  loc: Located,
  options: ReadOptions,
  count: () => void,
): Promise<{ values: CellValue[][]; numberFormats: string[][] | null }> {
  const budget = options.maxResponseBytes ?? TARGET_PAYLOAD_BYTES;
  const withFormats = options.numberFormats ?? true;
  const total = Math.min(loc.rows, options.maxRows ?? loc.rows);
  const values: CellValue[][] = [];
  const formats: string[][] | null = withFormats ? [] : null;
  const maxRowsByCells = Math.max(1, Math.floor(MAX_CELLS_PER_CHUNK / loc.cols));
  let bytesPerRow = 0;
  let chunk = Math.min(options.probeRows ?? 100, maxRowsByCells);
  let done = 0;
  while (done < total) {
    if (options.signal?.aborted) throw new DOMException('The read was cancelled.', 'AbortError');
    const n = Math.max(1, Math.min(chunk, total - done));
    const range: XlRange = ws.getRangeByIndexes(loc.r0 + done, loc.c0, n, loc.cols);
    range.load(withFormats ? ['values', 'numberFormat'] : ['values']);
    try {
      count();
      await ctx.sync();
    } catch (e) {
      if ((e as { code?: string }).code === 'ResponsePayloadSizeLimitExceeded' && n > 1) {
        chunk = Math.floor(n / 2);
        continue;
      }
      throw e;
    }
    const v = range.values;
    // Bytes per row from every 8th row (enough to size the next chunk; the 25 % margin covers the rest).
    let sampled = 0;
    let bytes = 0;
    for (let i = 0; i < n; i += 8) {
      bytes += jsonBytes(v[i]) + (withFormats ? jsonBytes(range.numberFormat[i]) : 0);
      sampled++;
    }
    bytesPerRow = Math.max(bytesPerRow, bytes / sampled);
    for (const row of cleanValues(v)) values.push(row);
    if (formats) {
      // A row formatted like the one before it shares that row's array (read-only from here on): a million
      // rows of the same formats are then one array, not a million, on the pane's heap and in each message.
      for (const row of range.numberFormat) {
        const prev = formats.at(-1);
        formats.push(prev !== undefined && sameStrings(prev, row) ? prev : row);
      }
    }
    done += n;
    options.onProgress?.({ rowsRead: done, totalRows: total });
    chunk = Math.min(maxRowsByCells, Math.max(1, Math.floor(budget / (bytesPerRow * 1.25))));
  }
  return { values, numberFormats: formats };
}

/** A table-like block of the workbook, with a preview for detection. */
export interface RegionPreview {
  source: ReadSource;
  sheet: string;
  /** Full address of the region (A1, no sheet). */
  address: string;
  totalRows: number;
  /** The first rows (header included), values and number formats. */
  preview: CellGrid;
}

/**
 * Every table-like region of the workbook, for detection: each Excel table, and the used range of each
 * visible sheet that holds no table. Skips `exclude`d sheets (Loopbook's own). One sync for the list, one
 * for the tables' addresses, one for the used ranges, then one per preview.
 */
export async function readRegions(
  ctx: XlContext,
  options: { previewRows?: number; exclude?: string[]; caps?: HostCaps } = {},
): Promise<{ regions: RegionPreview[]; date1904: boolean; syncs: number }> {
  let syncs = 0;
  const count = (): void => {
    syncs++;
  };
  const exclude = new Set((options.exclude ?? []).map((s) => s.toLowerCase()));
  const wb = ctx.workbook;
  const isDate1904 = queueDate1904(ctx);
  wb.worksheets.load(['name', 'visibility']);
  wb.tables.load('name');
  count();
  await ctx.sync();
  const sheets = wb.worksheets.items.filter((s) => s.visibility === 'Visible' && !exclude.has(s.name.toLowerCase()));
  const tableRanges = wb.tables.items.map((tb) => {
    const r = tb.getRange();
    r.load('address');
    return { name: tb.name, range: r };
  });
  const used = sheets.map((s) => {
    const r = s.getUsedRangeOrNullObject(true);
    r.load('address');
    return { sheet: s.name, range: r };
  });
  count();
  await ctx.sync();
  const regions: Omit<RegionPreview, 'preview'>[] = [];
  const sheetsWithTables = new Set<string>();
  for (const tr of tableRanges) {
    const loc = locatedFrom(tr.range.address);
    if (exclude.has(loc.sheet.toLowerCase())) continue;
    sheetsWithTables.add(loc.sheet.toLowerCase());
    regions.push({
      source: { kind: 'table', name: tr.name },
      sheet: loc.sheet,
      address: formatA1(loc),
      totalRows: loc.rows,
    });
  }
  for (const u of used) {
    if (u.range.isNullObject || sheetsWithTables.has(u.sheet.toLowerCase())) continue;
    const loc = locatedFrom(u.range.address);
    regions.push({
      source: { kind: 'usedRange', sheet: u.sheet },
      sheet: u.sheet,
      address: formatA1(loc),
      totalRows: loc.rows,
    });
  }
  const date1904 = isDate1904();
  const out: RegionPreview[] = [];
  for (const r of regions) {
    const loc: Located = { sheet: r.sheet, ...parseA1(r.address)! };
    const { values, numberFormats } = await readRows(
      ctx,
      wb.worksheets.getItem(r.sheet),
      loc,
      { maxRows: options.previewRows ?? 200, probeRows: options.previewRows ?? 200 },
      count,
    );
    const preview: CellGrid = { sheet: r.sheet, address: formatA1({ ...loc, rows: values.length }), values, date1904 };
    if (numberFormats) preview.numberFormats = numberFormats;
    if (r.source.kind === 'table') preview.tableName = r.source.name;
    out.push({ ...r, preview });
  }
  return { regions: out, date1904, syncs };
}
