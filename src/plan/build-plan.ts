/**
 * Report → Plan: concrete sheets, addresses, chunks and chart anchors (no host calls).
 */
import { appendRun, STORE_SHEET, storeToCells } from '../recipe/store.js';
import type { KpiTile, Report, ReportValue, TableBlock } from '../report/types.js';
import { cell, columnLetter, range } from './a1.js';
import { CHART_ROWS, CHART_WIDTH_PX, columnPx, DEFAULT_WIDTH, layoutSheet, ROW_PX, textWidth } from './layout.js';
import type { PlacedTable, SheetLayout } from './layout.js';
import { placePivots, placeTableSlicers, slicerCacheName, slicerName } from './pivots.js';
import type { PivotBlock } from '../report/types.js';
import { toPlanValue } from './text-safety.js';
import { jsonBytes } from './json-bytes.js';
import { classifyFormat } from '../ingest/number-format.js';
import { serialToIso } from '../serial-date.js';
import type {
  AddChartOp,
  AddPivotTableOp,
  AddSheetOp,
  AddSlicerOp,
  BuildPlanOptions,
  PivotValueOp,
  FormatRangeOp,
  PlanChartSeries,
  Plan,
  PlanValue,
  WorkbookOp,
} from './types.js';

export const DEFAULT_MAX_REQUEST_BYTES = 4_000_000;
/** JSON of an op's fields other than `values` stays far below this; it is reserved from the limit. */
const OP_OVERHEAD_BYTES = 1024;

const GREY = '#595959';
const LINK_BLUE = '#0563C1';
const SEVERITY_COLORS = { error: '#C00000', warning: '#9C5700', info: GREY } as const;

/**
 * `writeValues` ops for a block of rows starting at (col, row), split into row chunks whose JSON payload
 * stays under `maxBytes`. A single row larger than the limit still goes alone (it cannot be split); without a limit
 * (`maxBytes` infinite) the block is one op.
 */
export function chunkedWrites(
  sheet: string,
  col: number,
  row: number,
  rows: PlanValue[][],
  maxBytes: number,
): WorkbookOp[] {
  const ops: WorkbookOp[] = [];
  if (rows.length === 0) return ops;
  const width = rows[0].length;
  // No limit (the file applier, which sends no requests): one op, and no row sized (a number's size is its text,
  // made here for every cell: 3 s of the 5M-order run's report at 500,000 customers).
  if (maxBytes === Number.POSITIVE_INFINITY)
    return [
      { op: 'writeValues', sheet, address: range(col, row, col + width - 1, row + rows.length - 1), values: rows },
    ];
  const budget = Math.max(1, maxBytes - OP_OVERHEAD_BYTES);
  let start = 0;
  let bytes = 2;
  for (let i = 0; i < rows.length; i++) {
    // Sized without serializing: this runs once per row of every result table.
    const rb = jsonBytes(rows[i]) + 1;
    if (i > start && bytes + rb > budget) {
      ops.push({
        op: 'writeValues',
        sheet,
        address: range(col, row + start, col + width - 1, row + i - 1),
        values: rows.slice(start, i),
      });
      start = i;
      bytes = 2;
    }
    bytes += rb;
  }
  ops.push({
    op: 'writeValues',
    sheet,
    address: range(col, row + start, col + width - 1, row + rows.length - 1),
    values: rows.slice(start),
  });
  return ops;
}

/**
 * `toPlanValue` of a column's texts, kept for a column of few distinct texts (segments, stages, channels): each is
 * checked once instead of once a row (four patterns a cell: a second of the 5M-order run's plan at 500,000
 * customers). A column of more distinct texts than `MAX` (customer ids) is checked cell by cell.
 */
class TextGuards {
  private static readonly MAX = 256;
  private seen: Map<string, PlanValue> | null = new Map();

  of(v: string): PlanValue {
    const seen = this.seen;
    if (seen === null) return toPlanValue(v);
    let p = seen.get(v);
    if (p === undefined) {
      p = toPlanValue(v);
      if (seen.size < TextGuards.MAX) seen.set(v, p);
      else this.seen = null;
    }
    return p;
  }
}

/** Days from 1900-01-00 (serial 0 of the 1900 system) to 1904-01-01 (serial 0 of the 1904 system). */
const DAYS_1900_TO_1904 = 1462;

/** A date value (1900-system serial) as the workbook's date system holds it (see `BuildPlanOptions.date1904`). */
function dateIn(value: number, date1904: boolean): PlanValue {
  if (!date1904) return value;
  const shifted = value - DAYS_1900_TO_1904;
  return shifted >= 0 ? shifted : { text: serialToIso(value) };
}

const isDateFormat = (format: string) => {
  const cls = classifyFormat(format).cls;
  return cls === 'date' || cls === 'datetime';
};

/** Excel table name: letters, digits and `_`, starting with a letter or `_`, not a cell reference. */
function tableName(key: string, taken: Set<string>): string {
  let base = 'LB_' + key.replace(/[^A-Za-z0-9_]/g, '_');
  base = base.slice(0, 200);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Table headers must be non-empty and unique ignoring case (Excel renames them otherwise). */
function tableHeaders(t: TableBlock): string[] {
  const seen = new Set<string>();
  return t.columns.map((c, j) => {
    let h = c.header.trim() || `Column${j + 1}`;
    const base = h;
    for (let i = 2; seen.has(h.toLowerCase()); i++) h = `${base} ${i}`;
    seen.add(h.toLowerCase());
    return h;
  });
}

function resolveSheetNames(report: Report, opts: BuildPlanOptions) {
  const owned = new Set(opts.ownedSheets.map((s) => s.toLowerCase()));
  owned.add(STORE_SHEET.toLowerCase()); // the store sheet holds the run log itself: always Loopbook's
  const existing = new Map(opts.existingSheetNames.map((s) => [s.toLowerCase(), s]));
  // Names nobody may take: user sheets (existing, not owned).
  const taken = new Set([...existing.keys()].filter((k) => !owned.has(k)));
  const finals: { name: string; replaces: string | null }[] = [];
  const pick = (proposed: string) => {
    let name = proposed;
    if (taken.has(name.toLowerCase())) {
      // "Budget (2)" clashing again becomes "Budget (3)", not "Budget (2) (2)".
      const suffixFree = name.replace(/ \(\d+\)$/, '');
      for (let i = 2; taken.has(name.toLowerCase()) && i < 10_000; i++) {
        const suffix = ` (${i})`;
        name =
          Array.from(suffixFree)
            .slice(0, 31 - suffix.length)
            .join('')
            .trimEnd() + suffix;
      }
    }
    taken.add(name.toLowerCase());
    const replaces = existing.get(name.toLowerCase()) ?? null; // only owned names can still match here
    finals.push({ name, replaces });
    return { name, replaces };
  };
  const sheets = report.sheets.map((s) => pick(s.name));
  const store = opts.store ? pick(STORE_SHEET) : null;
  const stagingTaken = new Set([...existing.keys(), ...finals.map((f) => f.name.toLowerCase())]);
  let k = 0;
  const staging = () => {
    let s: string;
    do s = `~lb${++k}`;
    while (stagingTaken.has(s));
    return s;
  };
  const written = new Set(finals.map((f) => f.name.toLowerCase()));
  const stale = opts.existingSheetNames.filter((s) => owned.has(s.toLowerCase()) && !written.has(s.toLowerCase()));
  if (!opts.store) {
    // Without a store op the old store sheet stays: it is not stale, it is simply not rewritten.
    const i = stale.findIndex((s) => s.toLowerCase() === STORE_SHEET.toLowerCase());
    if (i >= 0) stale.splice(i, 1);
  }
  return { sheets, store, staging, stale };
}

/**
 * Turn a Report into a Plan for either host.
 *
 * - Sheet names: a report sheet keeps its name unless a sheet the user owns has it (case-insensitive);
 *   then it becomes `Name (2)`, `Name (3)` … Loopbook-owned sheets (`ownedSheets`, from the run log) of
 *   the same name are replaced; owned sheets this run no longer writes are deleted at the end.
 * - Values: strings a host would reinterpret (formulas, numbers, dates, booleans) become `{ text }`;
 *   every `writeValues` op stays under `maxRequestBytes` of JSON.
 * - With `store`, the `_loopbook` sheet receives the recipe and the run log with this run appended
 *   (its `sheets` = the final names), and is made very hidden. The first sheet (Dashboard) is activated.
 * - Dates: in the workbook's own date system (`date1904`), so a 1904 workbook shows the same days.
 */
// Emits every sheet's ops in the order Excel needs them, over shared layout state (ops, chart ops, placed tables);
// to be split with that state in one object (issue 16, follow-up).
// eslint-disable-next-line max-lines-per-function -- see above
export function buildPlan(report: Report, opts: BuildPlanOptions): Plan {
  const maxBytes = opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const date1904 = opts.date1904 === true;
  const names = resolveSheetNames(report, opts);
  const sheetNameByKey = new Map(report.sheets.map((s, i) => [s.key, names.sheets[i].name]));
  const ownedLower = new Set([...opts.ownedSheets, STORE_SHEET].map((n) => n.toLowerCase()));
  const tableNames = new Set(
    (opts.existingNames ?? [])
      .filter((n) => typeof n === 'string' || !ownedLower.has(n.sheet.toLowerCase()))
      .map((n) => (typeof n === 'string' ? n : n.name).toLowerCase()),
  );

  const ops: WorkbookOp[] = [];
  const addSheets: AddSheetOp[] = report.sheets.map((s, i) => ({
    op: 'addSheet',
    sheet: names.sheets[i].name,
    key: s.key,
    role: s.role,
    staging: names.staging(),
    replaces: names.sheets[i].replaces,
    ...(s.role === 'dashboard' ? { tabColor: '#1F4E79' } : {}),
    // Every sheet prints one page wide and as many pages tall as it needs (a whole Dashboard squeezed onto
    // one page is too small to read once a run has a dozen analyses).
    print: { orientation: 'landscape' as const, fitToWidth: 1, fitToHeight: 0 },
  }));
  ops.push(...addSheets);
  if (names.store) {
    ops.push({
      op: 'addSheet',
      sheet: names.store.name,
      key: STORE_SHEET,
      role: 'store',
      staging: names.staging(),
      replaces: names.store.replaces,
    });
  }

  const layouts: SheetLayout[] = report.sheets.map((s, i) => layoutSheet(s, names.sheets[i].name));
  const placedTables = new Map<string, PlacedTable>();
  for (const l of layouts) for (const t of l.tables) placedTables.set(t.block.key, t);

  // Excel table names, allocated in the order the tables are written (pivots name their source table).
  const excelTableNames = new Map<string, string>();
  for (const l of layouts)
    for (const t of l.tables) excelTableNames.set(t.block.key, tableName(t.block.key, tableNames));

  const chartOps: AddChartOp[] = [];
  const pivotOps: AddPivotTableOp[] = [];
  const slicerOps: AddSlicerOp[] = [];
  const slicerNames = new Set<string>();
  // Pivots by block key, and the tiles that read one (resolved once every pivot is placed).
  const pivotByBlock = new Map<string, { op: AddPivotTableOp; block: PivotBlock }>();
  const tileReads: { sheet: string; cell: string; cached: number; pivot: NonNullable<KpiTile['pivot']> }[] = [];
  // eslint-disable-next-line max-lines-per-function -- one sheet's blocks in order; shares buildPlan's state (see above).
  report.sheets.forEach((_s, si) => {
    const sheet = names.sheets[si].name;
    const l = layouts[si];
    const fmt = (address: string, f: Omit<FormatRangeOp, 'op' | 'sheet' | 'address'>) =>
      ops.push({ op: 'formatRange', sheet, address, ...f });
    const write = (col: number, row: number, values: PlanValue[][]) =>
      ops.push(...chunkedWrites(sheet, col, row, values, maxBytes));
    const link = (col: number, row: number, key: string | undefined, text: string) => {
      const target = key !== undefined ? sheetNameByKey.get(key) : undefined;
      if (target === undefined) return;
      ops.push({ op: 'hyperlink', sheet, cell: cell(col, row), target: { sheet: target, address: 'A1' }, text });
      fmt(cell(col, row), { color: LINK_BLUE, underline: true });
    };

    const pivotBlocks = report.sheets[si].blocks.flatMap((b) => {
      const source = b.type === 'pivot' ? placedTables.get(b.table) : undefined;
      return b.type === 'pivot' && source
        ? [{ block: b, source: source.block, headers: tableHeaders(source.block) }]
        : [];
    });
    const pivots = placePivots(sheet, l.bodyTop, pivotBlocks, l.widths);

    if (l.widths.size > 0)
      ops.push({
        op: 'setColumnWidths',
        sheet,
        columns: [...l.widths.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([c, w]) => ({ column: columnLetter(c), width: w })),
      });

    const heights: { row: number; height: number }[] = [];
    for (const t of l.titles) heights.push({ row: t.row, height: 24 });
    for (const k of l.kpis) {
      for (const r of k.lineRows) heights.push({ row: r, height: 24 }, { row: r + 1, height: 22 });
    }
    if (heights.length > 0) ops.push({ op: 'setRowHeights', sheet, rows: heights.sort((a, b) => a.row - b.row) });

    for (const t of l.titles) {
      write(0, t.row, [[toPlanValue(t.block.title)], ...t.block.subtitle.map((x) => [toPlanValue(x)])]);
      fmt(cell(0, t.row), { bold: true, size: 16, color: '#1F4E79' });
      if (t.block.subtitle.length > 0)
        fmt(range(0, t.row + 1, 0, t.row + t.block.subtitle.length), { size: 10, color: GREY });
    }

    for (const k of l.kpis) {
      const b = k.block;
      // LibreOffice neither wraps a cell that holds a hyperlink nor lets it spill (Excel wraps it): when
      // every tile links to the same sheet, the block's title carries the link and the labels stay plain.
      const shared =
        b.tiles.length > 0 && b.tiles.every((t) => t.link === b.tiles[0].link) ? b.tiles[0].link : undefined;
      const titleLinks = k.titleRow !== null && shared !== undefined;
      if (k.titleRow !== null) {
        write(0, k.titleRow, [[toPlanValue(b.title ?? '')]]);
        fmt(cell(0, k.titleRow), { bold: true, size: 12 });
        if (titleLinks) link(0, k.titleRow, shared, b.title ?? '');
      }
      // Tiles linking to different sheets (the Dashboard's headlines) carry the link on their note row,
      // `Sheet ›` when they have no note, so that their labels stay plain and wrap.
      const noteText = (t: (typeof b.tiles)[number]): string | null => {
        if (titleLinks || t.link === undefined || t.note !== undefined) return t.note ?? null;
        const target = sheetNameByKey.get(t.link);
        return target === undefined ? null : `${target} ›`;
      };
      k.lineRows.forEach((r, line) => {
        const tiles = b.tiles.slice(line * 6, line * 6 + 6);
        const n = tiles.length;
        write(0, r, [
          tiles.map((t) => toPlanValue(t.label)),
          tiles.map((t) => (t.value !== null && isDateFormat(t.numberFormat) ? dateIn(t.value, date1904) : t.value)),
          tiles.map((t) => (t.change === undefined ? null : t.change)),
          tiles.map((t) => toPlanValue(noteText(t))),
        ]);
        // Labels wrap onto two lines rather than run into the next tile.
        fmt(range(0, r, n - 1, r), { size: 9, color: GREY, wrap: true, vertical: 'bottom' });
        fmt(range(0, r + 1, n - 1, r + 1), { bold: true, size: 15, horizontal: 'left' });
        fmt(range(0, r + 2, n - 1, r + 2), { size: 9, horizontal: 'left' });
        fmt(range(0, r + 3, n - 1, r + 3), { italic: true, size: 9, color: GREY });
        tiles.forEach((t, j) => {
          ops.push({ op: 'numberFormat', sheet, address: cell(j, r + 1), format: t.numberFormat });
          if (t.pivot && t.value !== null && !isDateFormat(t.numberFormat))
            tileReads.push({ sheet, cell: cell(j, r + 1), cached: t.value, pivot: t.pivot });
          if (t.changeFormat !== undefined)
            ops.push({ op: 'numberFormat', sheet, address: cell(j, r + 2), format: t.changeFormat });
          const note = noteText(t);
          if (!titleLinks && note !== null) link(j, r + 3, t.link, note);
        });
      });
    }

    const noteHeights: { row: number; height: number }[] = [];
    for (const nb of l.notes) {
      const b = nb.block;
      write(nb.col, nb.titleRow, [[toPlanValue(b.title)], ...b.items.map((it) => [toPlanValue(it.text)])]);
      fmt(cell(nb.col, nb.titleRow), { bold: true, size: 12 });
      // Each item wraps inside a chart-wide band of merged cells instead of running off to the right
      // (where it would also stretch the printed page); its row grows to the lines it needs.
      const span = noteSpan(nb.col, l.widths);
      b.items.forEach((it, i) => {
        const r = nb.firstItemRow + i;
        const band = range(nb.col, r, nb.col + span.columns - 1, r);
        if (span.columns > 1) ops.push({ op: 'mergeCells', sheet, address: band });
        fmt(band, { wrap: true, vertical: 'top' });
        const lines = Math.max(1, Math.ceil(textWidth(it.text) / span.chars));
        if (lines > 1) noteHeights.push({ row: r, height: Math.min(409, lines * NOTE_LINE_PT + 3) });
        if (it.link !== undefined) {
          // The text stays plain so that it wraps in every viewer (LibreOffice does not wrap a hyperlink
          // cell); the link to the sheet sits just right of the band, where the row is free.
          const target = sheetNameByKey.get(it.link);
          if (target !== undefined) {
            const text = `${target} ›`;
            write(nb.col + span.columns, r, [[toPlanValue(text)]]);
            link(nb.col + span.columns, r, it.link, text);
            fmt(cell(nb.col + span.columns, r), { vertical: 'top', size: 9 });
          }
        } else if (it.kind === 'diagnostic' && it.severity !== undefined)
          fmt(cell(nb.col, r), { color: SEVERITY_COLORS[it.severity] });
      });
    }
    if (noteHeights.length > 0) ops.push({ op: 'setRowHeights', sheet, rows: noteHeights });

    for (const pt of l.tables) {
      const b = pt.block;
      const c0 = pt.col;
      const width = b.columns.length;
      if (pt.titleRow !== null) {
        write(c0, pt.titleRow, [[toPlanValue(b.title ?? '')]]);
        fmt(cell(c0, pt.titleRow), { bold: true, size: 12 });
      }
      const rows: PlanValue[][] = new Array<PlanValue[]>(1 + pt.dataRows);
      rows[0] = tableHeaders(b).map((h) => toPlanValue(h));
      if (b.rows.length === 0) rows[1] = new Array<PlanValue>(width).fill(null);
      const isDate = b.columns.map((c) => date1904 && (c.kind === 'date' || c.kind === 'datetime'));
      const texts = b.columns.map(() => new TextGuards());
      for (let i = 0; i < b.rows.length; i++) {
        const src: ReportValue[] = b.rows[i];
        // Most rows need no change (numbers, plain text): the report's row is written as it is (issue 13: a copy
        // of every row of a 100,000s-of-customers table, held until the workbook is written).
        let out: PlanValue[] | null = null;
        for (let j = 0; j < width; j++) {
          const v = src[j];
          const p =
            typeof v === 'string'
              ? texts[j].of(v)
              : isDate[j] && typeof v === 'number'
                ? dateIn(v, true)
                : toPlanValue(v);
          if (out) out[j] = p;
          else if (p !== v) {
            out = src.slice(0, width);
            out[j] = p;
          }
        }
        rows[i + 1] = out ?? (src.length === width ? src : src.slice(0, width));
      }
      write(c0, pt.headerRow, rows);
      fmt(range(c0, pt.headerRow, c0 + width - 1, pt.headerRow), { bold: true });
      const firstData = pt.headerRow + 1;
      const lastData = pt.headerRow + pt.dataRows;
      b.columns.forEach((c, j) => {
        if (c.numberFormat !== 'General')
          ops.push({
            op: 'numberFormat',
            sheet,
            address: range(c0 + j, firstData, c0 + j, lastData),
            format: c.numberFormat,
          });
      });
      ops.push({
        op: 'addTable',
        sheet,
        name: excelTableNames.get(b.key)!,
        address: range(c0, pt.headerRow, c0 + width - 1, lastData),
        style: b.style,
        showHeader: true,
        showBandedRows: true,
        showFilterButton: true,
      });
      if (b.rows.length > 0)
        for (const cf of b.conditionalFormats) {
          const j = b.columns.findIndex((c) => c.key === cf.column);
          const address = range(c0 + j, firstData, c0 + j, lastData);
          if (cf.type === 'colorScale')
            ops.push({
              op: 'conditionalFormat',
              sheet,
              address,
              rule: {
                type: 'colorScale',
                minColor: cf.minColor,
                ...(cf.midColor ? { midColor: cf.midColor } : {}),
                maxColor: cf.maxColor,
              },
            });
          else if (cf.type === 'dataBar')
            ops.push({ op: 'conditionalFormat', sheet, address, rule: { type: 'dataBar', color: cf.color } });
          else {
            const icons = Number(cf.iconSet[0]);
            const percents = Array.from({ length: icons }, (_, i) => Math.round((100 * i) / icons));
            ops.push({
              op: 'conditionalFormat',
              sheet,
              address,
              rule: { type: 'iconSet', iconSet: cf.iconSet, reverse: cf.reverse ?? false, percents },
            });
          }
        }
      if (pt.noteRow !== null) {
        write(c0, pt.noteRow, [[toPlanValue(b.note ?? '')]]);
        fmt(cell(c0, pt.noteRow), { italic: true, size: 9, color: GREY });
      }
    }

    for (const p of pivots) {
      const source = placedTables.get(p.block.table)!;
      write(0, p.titleRow, [[toPlanValue(p.block.title)]]);
      fmt(cell(0, p.titleRow), { bold: true, size: 12 });
      const name = tableName(p.block.key, tableNames);
      const pivotOp: AddPivotTableOp = {
        ...p.pivot,
        name,
        source: {
          sheet: source.sheet,
          table: excelTableNames.get(source.block.key)!,
          address: range(
            source.col,
            source.headerRow,
            source.col + source.block.columns.length - 1,
            source.headerRow + source.dataRows,
          ),
        },
      };
      pivotOps.push(pivotOp);
      pivotByBlock.set(p.block.key, { op: pivotOp, block: p.block });
      for (const sl of p.slicers)
        slicerOps.push({
          ...sl,
          name: slicerName(sl.field, slicerNames),
          cache: slicerCacheName(sl.field, tableNames),
          pivot: { sheet, name },
        });
    }

    for (const { table, slicer } of placeTableSlicers(sheet, l.tables, l.widths))
      slicerOps.push({
        ...slicer,
        name: slicerName(slicer.field, slicerNames),
        cache: slicerCacheName(slicer.field, tableNames),
        table: { sheet, name: excelTableNames.get(table.block.key)! },
      });

    if (l.freezeRows > 0) ops.push({ op: 'freezePanes', sheet, rows: l.freezeRows, columns: 0 });

    // Charts: anchors from the final column widths.
    const pxOf = (c: number) => columnPx(l.widths.get(c) ?? DEFAULT_WIDTH);
    let prevTo = -1;
    for (const pc of l.charts) {
      const b = pc.block;
      const t = placedTables.get(b.table);
      if (!t || t.block.rows.length === 0) continue;
      const col = pc.col >= 0 ? pc.col : prevTo + 2;
      let to = col;
      let widthPx = pxOf(col);
      // Cap on the loop: never wider than 200 columns.
      while (widthPx < CHART_WIDTH_PX && to < col + 200) widthPx += pxOf(++to);
      prevTo = to;
      const n = Math.min(t.block.rows.length, b.maxRows ?? Number.POSITIVE_INFINITY);
      const colOf = (key: string) => t.col + t.block.columns.findIndex((c) => c.key === key);
      const catCol = colOf(b.category);
      const first = t.headerRow + 1;
      const last = t.headerRow + n;
      const headers = tableHeaders(t.block);
      const combo = b.chartType === 'combo';
      const series: PlanChartSeries[] = b.series
        .map((s): PlanChartSeries => {
          const sc = colOf(s.column);
          return {
            name: { sheet: t.sheet, address: cell(sc, t.headerRow) },
            nameText: headers[sc - t.col],
            values: { sheet: t.sheet, address: range(sc, first, sc, last) },
            categories: { sheet: t.sheet, address: range(catCol, first, catCol, last) },
            mark: b.chartType === 'combo' ? (s.mark ?? 'column') : b.chartType,
            // A secondary axis only exists in a combo chart (both hosts draw it the same way there).
            axis: combo ? s.axis : 'primary',
          };
        })
        // Combo: columns first, then lines, as both Excel and the .xlsx writer lay them out.
        .sort((a, b2) => (combo ? Number(a.mark === 'line') - Number(b2.mark === 'line') : 0));
      const secondary = series.some((s) => s.axis === 'secondary');
      const pieLike = b.chartType === 'pie' || b.chartType === 'doughnut';
      chartOps.push({
        op: 'addChart',
        sheet,
        name: b.key,
        type: b.chartType,
        title: b.title,
        series,
        anchor: {
          from: cell(col, pc.row),
          to: cell(to, pc.row + CHART_ROWS - 1),
          widthPx,
          heightPx: CHART_ROWS * ROW_PX,
        },
        xAxis: { ...b.xAxis },
        yAxis: { ...b.yAxis },
        ...(secondary ? { y2Axis: { ...b.y2Axis } } : {}),
        legend: pieLike || series.length > 1 ? 'bottom' : 'none',
        varyColors: pieLike,
      });
    }
  });
  ops.push(...chartOps, ...pivotOps, ...slicerOps, ...pivotValueOps(tileReads, pivotByBlock));

  const written = [...names.sheets.map((s) => s.name), ...(names.store ? [names.store.name] : [])];
  if (names.store && opts.store) {
    const log = appendRun(opts.store.log, { ...opts.store.run, sheets: written });
    const cells = storeToCells({ recipe: opts.store.recipe, log });
    ops.push({
      op: 'saveRecipe',
      sheet: names.store.name,
      address: range(0, 1, 0, cells.length),
      values: cells.map((c) => [{ text: c }]),
    });
    ops.push({ op: 'hideSheet', sheet: names.store.name, mode: 'veryHidden' });
  }
  for (const s of names.stale) ops.push({ op: 'deleteSheet', sheet: s });
  if (names.sheets.length > 0) ops.push({ op: 'activateSheet', sheet: names.sheets[0].name });
  return {
    version: 1,
    ops,
    sheets: written,
    maxRequestBytes: maxBytes,
    ...(date1904 ? { date1904: true as const } : {}),
  };
}

/**
 * The `pivotValue` ops of the tiles that read a pivot: the pivot's top-left cell, its value field's name and
 * the header of the item's field, as the pivot op names them. A tile whose pivot the Plan has not placed
 * keeps its plain value.
 */
function pivotValueOps(
  reads: readonly { sheet: string; cell: string; cached: number; pivot: NonNullable<KpiTile['pivot']> }[],
  pivots: ReadonlyMap<string, { op: AddPivotTableOp; block: PivotBlock }>,
): PivotValueOp[] {
  return reads.flatMap((t) => {
    const p = pivots.get(t.pivot.block);
    if (!p) return [];
    const item = t.pivot.item;
    let field: string | undefined;
    if (item) {
      const r = p.block.rows.indexOf(item.column);
      const c = p.block.columns.indexOf(item.column);
      field = r >= 0 ? p.op.rows[r] : c >= 0 ? p.op.columns[c] : undefined;
      if (field === undefined) return [];
    }
    return [
      {
        op: 'pivotValue' as const,
        sheet: t.sheet,
        cell: t.cell,
        pivot: { sheet: p.op.sheet, name: p.op.name, cell: p.op.location.split(':')[0] },
        dataField: p.op.values[t.pivot.value].name,
        ...(item && field !== undefined ? { item: { field, text: item.text } } : {}),
        cached: t.cached,
      },
    ];
  });
}

/** Points per wrapped line of 11-pt text (Excel's default row is 15 pt for one line). */
const NOTE_LINE_PT = 14.5;

/**
 * The band a note item wraps in: columns from `col` until about a chart's width (CHART_WIDTH_PX), and how
 * many characters of the default font fit on one line of it.
 */
function noteSpan(col: number, widths: ReadonlyMap<number, number>): { columns: number; chars: number } {
  let px = 0;
  let chars = 0;
  let columns = 0;
  while (columns < 1 || px < CHART_WIDTH_PX) {
    const w = widths.get(col + columns) ?? DEFAULT_WIDTH;
    px += columnPx(w);
    chars += w;
    columns++;
    if (columns >= 26) break;
  }
  // Proportional text is a little narrower than Excel's character unit (the width of "0").
  return { columns, chars: Math.max(10, chars * 1.1) };
}
