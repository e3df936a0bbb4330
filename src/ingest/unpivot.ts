/**
 * Wide tables unpivoted: a sheet with periods across its columns (a budget kept by finance: a title row
 * `2024年营销预算`, `渠道 | 1月 … 12月 | 合计`, a `合计` row) becomes one row per key and period
 * (`渠道 | 月份 | 预算`), the total column and total rows left out (locate-table.ts, totals.ts).
 *
 * - Each value keeps its original cell: a diagnostic about a value names it (`预算!F7`), and the Dataset records
 *   the column letter of every row's value (`Dataset.unpivot`), its row being `rowNumbers[i]`.
 * - Months without a year (`1月`, `Jan`) take the year of the title rows (`2024年营销预算`), or the caller's
 *   `periodYear`; with neither, a warning names the header cells and the months stay as written.
 * - A total column (and a quarter subtotal among months) is checked against the sum of the periods it covers,
 *   row by row, to the cent: a budget that does not add up is worth telling finance.
 * - The values are a budget (kind `budget`, roles channel / period / amount), or spend (kind `campaigns`,
 *   roles channel / period / spend) when the title or headers say spend and not budget.
 *
 * Phases: planWide (which columns are keys, periods, totals; the year) → readWide (columns read and
 * unpivoted, the sums checked) → wideInfo (the message saying what was done, once roles are known).
 */
import type { CellValue, Diagnostic, Where } from '../types.js';
import type { ColumnInfo, Role, TableKind, Unpivoted } from './types.js';
import { columnLetter, type TopLeft } from './address.js';
import { isBlankCell } from './cells.js';
import type { ColumnData } from './convert-column.js';
import { plainColumn } from './coded-texts.js';
import { convertColumn } from './convert-column.js';
import { exampleText, ingestDiagnostic, RowCollector } from './diagnostics.js';
import { isExcelError } from './excel-errors.js';
import { inferColumn, type ColumnPlan } from './infer-column.js';
import type { TableLocation } from './locate-table.js';
import { readColumn, type ColumnSource, type ReadColumns } from './read-column.js';
import { cellNumber } from './totals.js';
import {
  isPeriodHeaderCell,
  parsePeriodHeader,
  periodLabel,
  yearsInCell,
  type Period,
  type PeriodGrain,
} from './wide-periods.js';

/** What planWide decided. Column indexes `j` are indexes into `TableLocation.columns`. */
export interface WidePlan {
  /** Label columns kept on every row (渠道, Channel …). */
  keys: number[];
  /** The period columns, in sheet order, with what each names, how the table writes it, and its letter. */
  periods: { j: number; period: Period; label: string; letter: string }[];
  /** Coarser period columns among finer ones (一季度 among months): subtotals, left out and checked. */
  rollups: { j: number; period: Period }[];
  /** Number columns that name no period (one number per row): left out. */
  leftOut: number[];
  grain: PeriodGrain;
  /** The year given to headers written without one, and the cell it came from; null when none was needed or found. */
  year: { value: number; cell: string; text: string; given: boolean } | null;
  /** Headers written without a year that got none. */
  yearless: boolean;
  /** Years seen in the title rows when none could be chosen (several). */
  yearsSeen: number[];
  measure: 'budget' | 'spend';
  kind: TableKind;
  /** Chinese names for the new columns (the sheet's headers are Chinese). */
  zh: boolean;
}

export interface WideOptions {
  sheetKindHint?: TableKind;
  periodYear?: number;
  locale?: string;
}

type Cell = (r: number, c: number) => CellValue | undefined;

const GRAIN_ORDER: readonly PeriodGrain[] = ['day', 'month', 'quarter', 'year'];
const SPEND_WORDS = /\b(spend|spent|cost|costs|actuals?|expenses?)\b|花费|消耗|实际|支出|费用/i;
const BUDGET_WORDS = /\b(budgets?|plan|planned|forecast|allocation|target)\b|预算|计划|目标|分配/i;
const CJK = /[\u3400-\u9fff]/;

/**
 * The plan for unpivoting the located table, or null when it is not a wide table: at least two period columns
 * (headers that name distinct periods, values that are numbers) and a label column.
 */
export function planWide(
  values: readonly (readonly CellValue[])[],
  formats: readonly (readonly string[])[] | undefined,
  top: TopLeft,
  loc: TableLocation,
  options: WideOptions,
): WidePlan | null {
  const hint = options.sheetKindHint;
  if (loc.headerRows.length === 0 || (hint !== undefined && hint !== 'budget' && hint !== 'campaigns')) return null;
  const h = loc.headerRows[loc.headerRows.length - 1];
  const cell: Cell = (r, c) => values[r]?.[c];
  // Cheap first: most sheets have fewer than two period headers, and their values need not be looked at.
  let periodHeaders = 0;
  for (const c of loc.columns) if (isPeriodHeaderCell(cell(h, c), formats?.[h]?.[c])) periodHeaders++;
  if (periodHeaders < 2) return null;
  const found: { j: number; period: Period }[] = [];
  const keys: number[] = [];
  const leftOut: number[] = [];
  loc.columns.forEach((c, j) => {
    const segments = loc.headers[j].split(' / ');
    const period = isPeriodHeaderCell(cell(h, c), formats?.[h]?.[c])
      ? parsePeriodHeader(segments[segments.length - 1])
      : null;
    const kind = valuesKind(loc.dataRows, c, cell);
    if (period && kind !== 'labels') {
      // A two-row header may carry the year in its group row (`2024 / 1月`).
      if (period.year === null) {
        const years = segments.slice(0, -1).flatMap((s) => yearsInCell(s));
        if (years.length === 1) period.year = years[0];
      }
      found.push({ j, period });
    } else if (kind === 'labels') keys.push(j);
    else if (kind === 'numbers') leftOut.push(j);
  });
  if (found.length < 2 || keys.length === 0) return null;
  // Date headers on the 1st of a month (what Excel makes of a typed `Jan 2024`, shown in a day format) are months.
  if (found.some((f) => f.period.grain === 'day') && found.every((f) => f.period.grain !== 'day' || f.period.day === 1))
    for (const f of found)
      if (f.period.grain === 'day') f.period = { grain: 'month', year: f.period.year, n: f.period.n };
  const grain = GRAIN_ORDER.find((g) => found.some((f) => f.period.grain === g))!;
  const fine = found.filter((f) => f.period.grain === grain);
  const rollups = found.filter((f) => f.period.grain !== grain);
  if (fine.length < 2 || (grain === 'day' && rollups.length > 0)) return null;
  const seen = new Set<string>();
  for (const f of fine) {
    const key = `${f.period.year ?? '?'}-${f.period.n}-${f.period.day ?? 0}`;
    // The same period twice (Budget / 1月 and Actual / 1月): not one measure across the columns.
    if (seen.has(key)) return null;
    seen.add(key);
  }
  const titleCells = titleRowCells(values, loc, top);
  const headerTexts = loc.headers.filter((_, j) => keys.includes(j) || loc.headerRows.length > 1);
  const { year, yearsSeen } = chooseYear(fine, titleCells, options.periodYear);
  const yearless = fine.some((f) => f.period.year === null) && year === null;
  if (year) giveYear(fine, year.value);
  const words = [...titleCells.map((t) => t.text), ...headerTexts].join(' ');
  const spendWords = SPEND_WORDS.test(words) && !BUDGET_WORDS.test(words);
  const measure: WidePlan['measure'] =
    hint === 'campaigns' ? 'spend' : hint === 'budget' ? 'budget' : spendWords ? 'spend' : 'budget';
  return {
    keys,
    periods: fine.map((f) => ({
      ...f,
      label: periodLabel(f.period, lastSegment(loc.headers[f.j])),
      letter: columnLetter(top.col + loc.columns[f.j]),
    })),
    rollups,
    leftOut,
    grain,
    year,
    yearless,
    yearsSeen,
    measure,
    kind: measure === 'spend' ? 'campaigns' : 'budget',
    zh: CJK.test(words) || loc.headers.some((x) => CJK.test(x)),
  };
}

function lastSegment(header: string): string {
  const s = header.split(' / ');
  return s[s.length - 1];
}

/** What a column's data cells hold: mostly numbers (Excel errors and `-` count as number cells), mostly labels, or nothing. */
function valuesKind(rows: Int32Array, c: number, cell: Cell): 'numbers' | 'labels' | 'empty' {
  let filled = 0;
  let numbers = 0;
  for (let i = 0; i < rows.length && filled < 5000; i++) {
    const v = cell(rows[i], c);
    if (isBlankCell(v)) continue;
    filled++;
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'string') {
      const t = v.trim();
      if (!Number.isNaN(cellNumber(t)) || isExcelError(t) || /^[-–—]+$/.test(t)) numbers++;
    }
  }
  if (filled === 0) return 'empty';
  return numbers >= filled / 2 ? 'numbers' : 'labels';
}

interface TitleCell {
  cell: string;
  text: string;
  years: number[];
}

/** The non-blank cells of the rows above the header (the title rows), in reading order. */
function titleRowCells(values: readonly (readonly CellValue[])[], loc: TableLocation, top: TopLeft): TitleCell[] {
  const out: TitleCell[] = [];
  for (let r = 0; r < loc.headerRows[0]; r++) {
    const row = values[r];
    if (!Array.isArray(row)) continue;
    row.forEach((v: CellValue, c: number) => {
      if (isBlankCell(v)) return;
      out.push({ cell: `${columnLetter(top.col + c)}${top.row + r}`, text: String(v).trim(), years: yearsInCell(v) });
    });
  }
  return out;
}

/**
 * The year for headers written without one: the caller's, else the one year of the first title row that names
 * any (several different years there choose none). Null when every header has its year.
 */
function chooseYear(
  fine: readonly { period: Period }[],
  title: readonly TitleCell[],
  given: number | undefined,
): { year: WidePlan['year']; yearsSeen: number[] } {
  if (!fine.some((f) => f.period.year === null)) return { year: null, yearsSeen: [] };
  if (given !== undefined) return { year: { value: given, cell: '', text: '', given: true }, yearsSeen: [] };
  const first = title.find((t) => t.years.length > 0);
  if (!first) return { year: null, yearsSeen: [] };
  const row = first.cell.replace(/^[A-Z]+/, '');
  const years = [...new Set(title.filter((t) => t.cell.replace(/^[A-Z]+/, '') === row).flatMap((t) => t.years))];
  if (years.length !== 1) return { year: null, yearsSeen: years };
  return { year: { value: years[0], cell: first.cell, text: exampleText(first.text), given: false }, yearsSeen: [] };
}

/** Give yearless periods the year; months that wrap round (4月 … 12月, 1月 … 3月: a fiscal year) take the next. */
function giveYear(fine: { period: Period }[], year: number): void {
  let y = year;
  let prev = 0;
  for (const f of fine) {
    if (f.period.year !== null) continue;
    if (f.period.n < prev) y++;
    prev = f.period.n;
    f.period.year = y;
  }
}

/** What readWide builds: the long columns, each row's Excel row, and where each value came from. */
export interface WideRead {
  read: ReadColumns;
  rowNumbers: number[];
  unpivot: Unpivoted;
  /** Roles the layout settles: period and value columns (by index into `read.columns`). */
  forced: (Role | null | undefined)[];
  /** Data rows of the sheet (one per key), for the message. */
  keys: number;
}

/**
 * Read the key columns and the period columns of a wide table and unpivot them: one row per key row and period
 * whose cell is not blank. Diagnostics about values name their cells; totals are checked.
 */
export function readWide(src: ColumnSource, loc: TableLocation, plan: WidePlan, diagnostics: Diagnostic[]): WideRead {
  const { rows, top, values } = src;
  const sheet = src.grid.sheet;
  const keyRead: ReadColumns = { columns: [], data: new Map(), roleCols: [] };
  for (const j of plan.keys) readColumn(src, loc.columns[j], loc.names[j], loc.headers[j], keyRead, diagnostics);
  diagnostics.push(...leftOutDiagnostics(sheet, top, loc, plan));
  const conv = readPeriodValues(src, loc, plan, diagnostics);

  // Long rows: key row i × period p, where the cell is not blank.
  const idx: number[] = [];
  const per: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let p = 0; p < plan.periods.length; p++) {
      if (isBlankCell(values[rows[i]]?.[loc.columns[plan.periods[p].j]])) continue;
      idx.push(i);
      per.push(p);
    }
  }
  const read: ReadColumns = { columns: [], data: new Map(), roleCols: [] };
  keyRead.columns.forEach((info, k) => {
    const data = repeatRows(plainColumn(keyRead.data.get(info.name)!), idx);
    read.data.set(info.name, data);
    read.columns.push({ ...info, nulls: countNulls(data) });
    read.roleCols.push(keyRead.roleCols[k]);
  });
  const periodName = uniqueName(PERIOD_NAMES[plan.grain][plan.zh ? 1 : 0], read.columns);
  const periodData = per.map((p) => plan.periods[p].label);
  read.data.set(periodName, periodData);
  read.columns.push({
    name: periodName,
    header: periodName,
    letter: '',
    type: 'category',
    role: null,
    roleConfidence: 0,
    nulls: 0,
  });
  const labels = [...new Set(plan.periods.map((p) => p.label.toLowerCase()))];
  read.roleCols.push({
    header: periodName,
    type: 'category',
    distinct: labels.length,
    sampleValues: labels.slice(0, 20),
  });

  const valueName = uniqueName(MEASURE_NAMES[plan.measure][plan.zh ? 1 : 0], read.columns);
  addValueColumn(read, valueName, conv, idx, per);
  checkTotals(src, loc, plan, diagnostics);
  checkTotalRow(src, loc, plan, diagnostics);
  const letters = plan.periods.map((p) => p.letter);
  const headerRow = top.row + loc.headerRows[loc.headerRows.length - 1];
  const forced: (Role | null | undefined)[] = read.columns.map(() => undefined);
  forced[read.columns.length - 2] = 'period';
  forced[read.columns.length - 1] = plan.measure === 'spend' ? 'spend' : 'amount';
  return {
    read,
    rowNumbers: idx.map((i) => top.row + rows[i]),
    unpivot: {
      valueColumn: valueName,
      periodColumn: periodName,
      sourceLetters: per.map((p) => letters[p]),
      headerRow,
      headerRange: `${letters[0]}${headerRow}:${letters[letters.length - 1]}${headerRow}`,
    },
    forced,
    keys: rows.length,
  };
}

/** Number columns that name no period, and subtotal columns among the periods: each left out, said once. */
function leftOutDiagnostics(sheet: string, top: TopLeft, loc: TableLocation, plan: WidePlan): Diagnostic[] {
  const at = (j: number) => ({ sheet, column: loc.names[j], columnLetter: columnLetter(top.col + loc.columns[j]) });
  return [
    ...plan.leftOut.map((j) => ingestDiagnostic('wide-column-left-out', at(j))),
    ...plan.rollups.map(({ j }) => ingestDiagnostic('total-column-excluded', at(j))),
  ];
}

/** The value column of the long table: row k holds period `per[k]`'s value of key row `idx[k]`. */
function addValueColumn(
  read: ReadColumns,
  name: string,
  conv: { data: ColumnData[]; currency?: string },
  idx: readonly number[],
  per: readonly number[],
): void {
  const n = idx.length;
  const values: (number | null)[] = new Array<number | null>(n);
  let nulls = 0;
  let allInt = true;
  for (let k = 0; k < n; k++) {
    const v = conv.data[per[k]][idx[k]];
    const x = typeof v === 'number' ? v : null;
    values[k] = x;
    if (x === null) nulls++;
    else if (!Number.isInteger(x)) allInt = false;
  }
  read.data.set(name, nulls === 0 ? Float64Array.from(values as number[]) : values);
  const type: ColumnInfo['type'] = conv.currency !== undefined ? 'currency' : allInt ? 'integer' : 'number';
  const info: ColumnInfo = { name, header: name, letter: '', type, role: null, roleConfidence: 0, nulls };
  if (conv.currency) info.currency = conv.currency;
  read.columns.push(info);
  read.roleCols.push({ header: name, type });
}

const PERIOD_NAMES: Record<PeriodGrain, [string, string]> = {
  day: ['Date', '日期'],
  month: ['Month', '月份'],
  quarter: ['Quarter', '季度'],
  year: ['Year', '年度'],
};
const MEASURE_NAMES: Record<WidePlan['measure'], [string, string]> = {
  budget: ['Budget', '预算'],
  spend: ['Spend', '花费'],
};

/**
 * The period columns read as numbers of one plan (the first money plan among them, so `¥` in one column reads
 * the same in all), each naming its own cells in diagnostics.
 */
function readPeriodValues(
  src: ColumnSource,
  loc: TableLocation,
  plan: WidePlan,
  diagnostics: Diagnostic[],
): { data: ColumnData[]; currency?: string } {
  const { values, formats, rows, top } = src;
  const plans = plan.periods.map(({ j }) =>
    inferColumn({ values, formats, rows, col: loc.columns[j], header: loc.headers[j], locale: src.options.locale }),
  );
  const money = plans.find((p) => p.type === 'currency') ?? plans.find((p) => p.type === 'number');
  const base: ColumnPlan = money ?? {
    type: 'number',
    decimalComma: false,
    dateOrderAmbiguous: false,
    compactDates: false,
    serialDates: false,
    zeroPad: 0,
    mixed: false,
    examples: [],
  };
  let currency: string | undefined;
  let exampled = false;
  const data = plan.periods.map(({ j }) => {
    const c = loc.columns[j];
    const where: Where = { sheet: src.grid.sheet, column: loc.names[j], columnLetter: columnLetter(top.col + c) };
    const ctx = { values, rows, col: c, topRow: top.row, date1904: src.grid.date1904 === true, where, cells: true };
    // The decimal-comma note once, not once per period.
    const conv = convertColumn(ctx, exampled ? { ...base, examples: [] } : base);
    exampled ||= base.decimalComma;
    currency ??= conv.currency;
    diagnostics.push(...conv.diagnostics);
    // Cells of a row-major grid (no dictionary codes): never `CodedTexts`.
    return conv.data as ColumnData;
  });
  const out: { data: ColumnData[]; currency?: string } = { data };
  if (base.type === 'currency' || currency !== undefined) out.currency = currency ?? base.currency ?? '';
  return out;
}

/** Money in cents, for sums that must agree to the cent. */
const toCents = (x: number): number => Math.round(x * 100);
const fmtMoney = (cents: number): string =>
  (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Does a coarser period (a total column: null; a quarter; a year) cover a finer one? */
function covers(rollup: Period | null, p: Period): boolean {
  if (rollup === null) return true;
  if (rollup.year !== null && p.year !== null && rollup.year !== p.year) return false;
  if (rollup.grain === 'year') return true;
  if (rollup.grain === 'quarter' && p.grain === 'month') return Math.ceil(p.n / 3) === rollup.n;
  return false;
}

/**
 * Each total column (and each subtotal among the periods) against the sum of the periods it covers, row by row,
 * to the cent. A row where a covered cell is not a number is not checked.
 */
function checkTotals(src: ColumnSource, loc: TableLocation, plan: WidePlan, diagnostics: Diagnostic[]): void {
  const { values, rows, top } = src;
  const totals: { col: number; name: string; period: Period | null }[] = [
    ...loc.totalColumns.map((t) => ({ col: t.col, name: t.header, period: null })),
    ...plan.rollups.map((r) => ({ col: loc.columns[r.j], name: loc.names[r.j], period: r.period })),
  ];
  const labelCol = loc.columns[plan.keys[0]];
  for (const t of totals) {
    const covered = plan.periods.filter((p) => covers(t.period, p.period)).map((p) => loc.columns[p.j]);
    // A quarter needs its three months, a year its twelve, to be checked.
    const need = t.period === null ? 2 : t.period.grain === 'quarter' ? 3 : 12;
    if (covered.length < need) continue;
    const bad = new RowCollector();
    const notes: string[] = [];
    for (const r of rows) {
      const x = cellNumber(values[r]?.[t.col]);
      if (Number.isNaN(x)) continue;
      let sum = 0;
      let ok = true;
      for (const c of covered) {
        const v = values[r]?.[c];
        if (isBlankCell(v)) continue;
        const y = cellNumber(v);
        if (Number.isNaN(y)) ok = false;
        else sum += toCents(y);
      }
      if (!ok || sum === toCents(x)) continue;
      bad.add(top.row + r);
      if (notes.length < 3)
        notes.push(`"${exampleText(values[r]?.[labelCol] ?? '')}" ${fmtMoney(toCents(x))} vs ${fmtMoney(sum)}`);
    }
    if (bad.count === 0) continue;
    const letter = columnLetter(top.col + t.col);
    diagnostics.push(
      ingestDiagnostic(
        'wide-total-mismatch',
        {
          sheet: src.grid.sheet,
          column: t.name,
          columnLetter: letter,
          rows: bad.rows,
          count: bad.count,
          cells: bad.rows.map((r) => `${letter}${r}`),
        },
        { examples: notes, grain: plan.grain === 'day' ? 'day' : plan.grain },
      ),
    );
  }
}

/**
 * The one total row at the end of the table (`合计`) against the sum of the rows above it, period by period, to
 * the cent; not checked when subtotal rows sit inside the table (their sums would count twice).
 */
function checkTotalRow(src: ColumnSource, loc: TableLocation, plan: WidePlan, diagnostics: Diagnostic[]): void {
  const { values, rows, top } = src;
  if (loc.totalRows.trailing.length !== 1 || loc.totalRows.inside.length > 0) return;
  const t = loc.totalRows.trailing[0];
  const bad: string[] = [];
  const notes: string[] = [];
  let count = 0;
  for (const p of plan.periods) {
    const c = loc.columns[p.j];
    const x = cellNumber(values[t]?.[c]);
    if (Number.isNaN(x)) continue;
    let sum = 0;
    let ok = true;
    for (const r of rows) {
      const v = values[r]?.[c];
      if (isBlankCell(v)) continue;
      const y = cellNumber(v);
      if (Number.isNaN(y)) ok = false;
      else sum += toCents(y);
    }
    if (!ok || sum === toCents(x)) continue;
    count++;
    if (bad.length < 5) bad.push(`${p.letter}${top.row + t}`);
    if (notes.length < 3) notes.push(`"${p.label}" ${fmtMoney(toCents(x))} vs ${fmtMoney(sum)}`);
  }
  if (count === 0) return;
  const label = exampleText(loc.columns.map((c) => values[t]?.[c]).find((v) => typeof v === 'string') ?? '');
  diagnostics.push(
    ingestDiagnostic(
      'wide-total-row-mismatch',
      { sheet: src.grid.sheet, rows: [top.row + t], count, cells: bad },
      { examples: notes, value: label, grain: plan.grain },
    ),
  );
}

/**
 * The messages saying what was unpivoted (after roles are known: the keys are channels, campaigns or rows), and
 * the warning for headers with no year.
 */
export function wideDiagnostics(
  sheet: string,
  plan: WidePlan,
  wide: WideRead,
  columns: readonly ColumnInfo[],
): Diagnostic[] {
  const keyRoles = new Set(columns.filter((c) => c.letter !== '').map((c) => c.role));
  const keyNoun = keyRoles.has('channel') ? 'channel' : keyRoles.has('campaign') ? 'campaign' : 'row';
  const out: Diagnostic[] = [];
  const year = plan.year && !plan.year.given ? plan.year : null;
  out.push(
    ingestDiagnostic(
      'wide-unpivoted',
      { sheet },
      {
        value: wide.unpivot.headerRange,
        n: plan.periods.length,
        keys: wide.keys,
        keyNoun,
        grain: plan.grain,
        measure: plan.measure,
        ...(year ? { other: String(year.value), examples: [year.cell, year.text] } : {}),
      },
    ),
  );
  if (plan.yearless) {
    const letters = plan.periods.filter((p) => p.period.year === null);
    out.push(
      ingestDiagnostic(
        'wide-year-missing',
        {
          sheet,
          rows: [wide.unpivot.headerRow],
          count: letters.length,
          cells: letters.slice(0, 5).map((p) => `${p.letter}${wide.unpivot.headerRow}`),
        },
        {
          examples: letters.slice(0, 3).map((p) => p.label),
          grain: plan.grain,
          ...(plan.yearsSeen.length > 0 ? { value: plan.yearsSeen.join(', ') } : {}),
        },
      ),
    );
  }
  return out;
}

function repeatRows(data: ColumnData, idx: readonly number[]): ColumnData {
  if (data instanceof Float64Array) {
    const out = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = data[idx[k]];
    return out;
  }
  return idx.map((i) => data[i]) as ColumnData;
}

function countNulls(data: ColumnData): number {
  if (data instanceof Float64Array) return 0;
  let n = 0;
  for (const v of data) if (v === null) n++;
  return n;
}

function uniqueName(base: string, columns: readonly ColumnInfo[]): string {
  const used = new Set(columns.map((c) => c.name.toLowerCase()));
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base} (${k})`;
  return name;
}

/**
 * The original cells of table rows `rows` (0-based) of an unpivoted Dataset in column `column`: the value cells
 * for the value column, the period header cells for the period column; null for any other column or table.
 * @example unpivotCells(budget, '预算', [0, 13]) // → ['B4', 'C5']
 */
export function unpivotCells(
  data: { unpivot?: Unpivoted; rowNumbers: readonly number[] },
  column: string,
  rows: readonly number[],
): string[] | null {
  const u = data.unpivot;
  if (!u || (column !== u.valueColumn && column !== u.periodColumn)) return null;
  const value = column === u.valueColumn;
  return rows.map((i) => `${u.sourceLetters[i] ?? ''}${value ? (data.rowNumbers[i] ?? '') : u.headerRow}`);
}
