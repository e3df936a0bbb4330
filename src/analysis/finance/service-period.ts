/**
 * The service period of invoice lines: the months each line pays for. An invoice dated 5 July for June's
 * media is June's cost, so the service period — not the invoice date — decides which platform spend an
 * invoice is compared with and which budget month it counts in.
 *
 * Columns, in order of preference:
 * 1. the roles `period_start` / `period_end` (start to end), else `period` (one month or a range);
 * 2. columns ingest left without a role whose header names a service period start, end or month
 *    (`service_start`, `service end`, `period from`, `服务开始日期`, `服务期间`, `账期` …) — ingest proposes
 *    period roles for campaign sheets only, so a ledger's service columns arrive unassigned;
 * 3. the month of the invoice date (`invoice_date`, else `date`), for rows without a service period.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import { monthFromCell, monthOf, monthOfCell, monthStartSerial as monthStartOf, serialFromCell } from './months.js';
import { periodDays } from './period-text.js';
import { msg } from './messages.js';
import { columnByRole, columnValues, diag, where } from '../common/index.js';

/** Where each invoice line's service months came from. */
export interface ServicePeriod {
  /** First and last month of each row (month index `year · 12 + month − 1`), −1 when unknown. */
  m0: Int32Array;
  m1: Int32Array;
  /**
   * First and last day (serials) of rows whose period is a text range, month or quarter in one column;
   * NaN otherwise. A range over several months is split across them by days (see `monthShares`).
   */
  d0: Float64Array;
  d1: Float64Array;
  /** Rows whose day range spans more than one month. */
  splitByDays: number;
  /** Rows whose months came from the invoice date. */
  fromDate: number;
  /** Rows with neither a service period nor an invoice date. */
  missing: number[];
  start?: ColumnInfo;
  end?: ColumnInfo;
  dateCol?: ColumnInfo;
  /** True when the start/end/period columns were recognised by header rather than by role. */
  byHeader: boolean;
}

/** A header as the recognisers see it: NFKC, lower case, `_ - . /` as spaces. */
function headerText(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\-./]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const PERIOD_WORD = String.raw`(\b(service|services|period|billing|billed|coverage|flight|delivery|campaign|media)\b|服务|期间|账期|计费|投放|结算)`;
const START_RE = new RegExp(
  String.raw`${PERIOD_WORD}.*(\b(start|from|begin|begins|starting)\b|开始|起始)|^(start|from|begin)( date)?$|^(开始|起始)(日期)?$`,
  'u',
);
const END_RE = new RegExp(
  String.raw`${PERIOD_WORD}.*(\b(end|to|until|through|thru|finish|ending)\b|结束|截止)|^(end|to|until)( date)?$|^(结束|截止)(日期)?$`,
  'u',
);
const MONTH_RE =
  /^(service|services|billing|billed|coverage|delivery) ?(period|month|months|date)$|^(period|month)( of service)?$|^(服务|计费|所属|结算)?(期间|月份|期)$|^账期$/u;

/** True when some of the first rows of a column read as a date or month. */
function readable(data: Dataset, col: ColumnInfo): boolean {
  const a = columnValues(data, col.name);
  const n = Math.min(a.length, 50);
  let ok = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v === null || v === undefined || v === '') continue;
    seen++;
    if (serialFromCell(v) !== null || monthFromCell(v) !== null || periodDays(v, 2000) !== null) ok++;
  }
  return seen > 0 && ok * 2 >= seen;
}

/**
 * The service-period columns of an invoices table: by role, else by header among columns without a role.
 * @example serviceColumns(ingestGrid(invoices)) // → { start: service_start, end: service_end, byHeader: true }
 */
export function serviceColumns(data: Dataset): { start?: ColumnInfo; end?: ColumnInfo; byHeader: boolean } {
  const rs = columnByRole(data, 'period_start');
  const re = columnByRole(data, 'period_end');
  if (rs || re) return { start: rs ?? re, end: rs && re ? re : undefined, byHeader: false };
  const rp = columnByRole(data, 'period');
  if (rp) return { start: rp, byHeader: false };
  // A categorical column left without a role comes as `attribute`: free all the same.
  const free = data.columns.filter((c) => c.role === null || c.role === undefined || c.role === 'attribute');
  const find = (r: RegExp, not?: RegExp): ColumnInfo | undefined =>
    free.find((c) => r.test(headerText(c.header)) && !(not && not.test(headerText(c.header))) && readable(data, c));
  const start = find(START_RE);
  const end = find(END_RE, START_RE);
  if (start || end) return { start: start ?? end, end: start && end ? end : undefined, byHeader: true };
  const month = find(MONTH_RE);
  return month ? { start: month, byHeader: true } : { byHeader: false };
}

/** Month (or month range) a period cell names: `2025-03`, `2025-03…2025-05`, `2025-03 ~ 2025-05`, a date. */
function periodCell(v: unknown): [number, number] | null {
  if (typeof v === 'string') {
    const parts = v.normalize('NFKC').split(/\s*(?:…|\.\.|~|至|到|–|—|\s-\s|\bto\b)\s*/u);
    if (parts.length === 2) {
      const a = monthOfCell(parts[0]);
      const b = monthOfCell(parts[1]);
      if (a !== null && b !== null) return [Math.min(a, b), Math.max(a, b)];
    }
  }
  const m = monthFromCell(v);
  return m === null ? null : [m, m];
}

/**
 * Service months of every invoice line (see the file comment for the order of sources). Rows with no
 * service period take their invoice date's month; rows with neither are reported in one info diagnostic
 * (`codePrefix.invoice-no-date`) and keep −1 (they match platform spend of any month).
 */
// eslint-disable-next-line max-lines-per-function -- one pass over the invoice rows choosing each line's period source in order
export function readServicePeriod(
  data: Dataset,
  diags: Diagnostic[],
  codePrefix: string,
  asOf?: number,
): ServicePeriod {
  const n = data.table.numRows();
  const m0 = new Int32Array(n).fill(-1);
  const m1 = new Int32Array(n).fill(-1);
  const d0 = new Float64Array(n).fill(NaN);
  const d1 = new Float64Array(n).fill(NaN);
  let splitByDays = 0;
  const { start, end, byHeader } = serviceColumns(data);
  const isPeriod =
    start !== undefined &&
    end === undefined &&
    (start.role === 'period' || (byHeader && MONTH_RE.test(headerText(start.header))));
  const dateCol = columnByRole(data, 'invoice_date', 'date');
  const d = dateCol ? columnValues(data, dateCol.name) : null;
  const asOfYear = asOf !== undefined && Number.isFinite(asOf) ? Math.floor(monthOf(asOf) / 12) : null;
  const unreadable: number[] = [];
  const noYear: number[] = [];
  if (start) {
    const a = columnValues(data, start.name);
    const b = end ? columnValues(data, end.name) : null;
    for (let i = 0; i < n; i++) {
      if (isPeriod) {
        const own = d ? serialFromCell(d[i]) : null;
        const days = periodDays(a[i], own !== null ? Math.floor(monthOf(own) / 12) : asOfYear);
        if (days) {
          d0[i] = days.d0;
          d1[i] = days.d1;
          m0[i] = monthOf(days.d0);
          m1[i] = monthOf(days.d1);
          if (m1[i] > m0[i]) splitByDays++;
          if (days.noYear) noYear.push(i);
          continue;
        }
        const r = periodCell(a[i]);
        if (r) [m0[i], m1[i]] = r;
        else if (typeof a[i] === 'string' && String(a[i]).trim() !== '') unreadable.push(i);
        continue;
      }
      const s = monthOfCell(a[i]);
      const e = b ? monthOfCell(b[i]) : null;
      if (s === null && e === null) continue;
      const x = s ?? e!;
      const y = e ?? s!;
      m0[i] = Math.min(x, y);
      m1[i] = Math.max(x, y);
    }
  }
  if (start && unreadable.length > 0) {
    const example = String(columnValues(data, start.name)[unreadable[0]]);
    diags.push(
      diag(
        `${codePrefix}.period-unreadable`,
        'warning',
        msg('period.unreadable', { count: unreadable.length, sheet: data.sheet, column: start.header, example }),
        where(data, start, unreadable),
      ),
    );
  }
  if (start && noYear.length > 0) {
    const example = String(columnValues(data, start.name)[noYear[0]]);
    const year = asOfYear !== null ? String(asOfYear) : '—';
    diags.push(
      diag(
        `${codePrefix}.period-no-year`,
        'info',
        msg('period.no-year', { count: noYear.length, sheet: data.sheet, column: start.header, example, year }),
        where(data, start, noYear),
      ),
    );
  }
  let fromDate = 0;
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    if (m0[i] >= 0) continue;
    const m = d ? monthOfCell(d[i]) : null;
    if (m !== null) {
      m0[i] = m1[i] = m;
      fromDate++;
    } else missing.push(i);
  }
  if (missing.length > 0 && (start || dateCol)) {
    diags.push(
      diag(
        `${codePrefix}.invoice-no-date`,
        'info',
        {
          en: `${missing.length} invoice row(s) of "${data.sheet}" have neither a service period nor an invoice date; they match platform spend of any month.`,
          'zh-CN': `“${data.sheet}”中有 ${missing.length} 行发票既无服务期间也无发票日期，可与任何月份的平台花费匹配。`,
        },
        where(data, start ?? dateCol, missing),
      ),
    );
  }
  const out: ServicePeriod = { m0, m1, d0, d1, splitByDays, fromDate, missing, byHeader };
  if (start) out.start = start;
  if (end) out.end = end;
  if (dateCol) out.dateCol = dateCol;
  return out;
}

/** A note saying which columns gave the service period (for the result's notes). */
export function servicePeriodNote(sp: ServicePeriod, sheet: string): I18nText | null {
  const cols = sp.start ? (sp.end ? `"${sp.start.header}" … "${sp.end.header}"` : `"${sp.start.header}"`) : null;
  const colsZh = sp.start ? (sp.end ? `“${sp.start.header}”至“${sp.end.header}”` : `“${sp.start.header}”列`) : null;
  const parts: I18nText = { en: '', 'zh-CN': '' };
  if (cols) {
    parts.en = `Service period of each invoice line: ${cols} of "${sheet}"${sp.byHeader ? ' (recognised by header; set the column roles to choose others)' : ''}.`;
    parts['zh-CN'] =
      `每行发票的服务期间：取自“${sheet}”的${colsZh}${sp.byHeader ? '（按列标题识别；可通过设置列角色改用其他列）' : ''}。`;
  }
  if (sp.splitByDays > 0) {
    const split = msg('period.note.split-days', { count: sp.splitByDays });
    parts.en += split.en;
    parts['zh-CN'] += split['zh-CN'];
  }
  if (sp.fromDate > 0 && sp.dateCol) {
    parts.en += `${parts.en ? ' ' : ''}${sp.fromDate} invoice line(s) have no service period; the month of their invoice date ("${sp.dateCol.header}") is used, which is often the month after the service.`;
    parts['zh-CN'] +=
      `${sp.fromDate} 行发票没有服务期间，使用发票日期（“${sp.dateCol.header}”）所在月份，这通常比服务月份晚一个月。`;
  }
  return parts.en ? parts : null;
}

/**
 * How row `i`'s amount (minor units) is shared over its service months m0..m1: by days when the period
 * is a day range (`2024-06-16 to 2024-07-15` → 15 days in June, 15 in July), else evenly. Parts sum to
 * the amount exactly: each part is rounded half away from zero on the running total.
 * @example monthShares(sp, i, 3_000) // → [1_500, 1_500] for 16 June – 15 July
 */
export function monthShares(sp: ServicePeriod, i: number, minor: number): number[] {
  const k = sp.m1[i] - sp.m0[i] + 1;
  const a = sp.d0[i];
  const b = sp.d1[i];
  const weights: number[] = [];
  for (let j = 0; j < k; j++) {
    if (Number.isNaN(a) || Number.isNaN(b)) weights.push(1);
    else {
      const m = sp.m0[i] + j;
      const first = Math.max(a, monthStartOf(m));
      const last = Math.min(b, monthStartOf(m + 1) - 1);
      weights.push(Math.max(0, last - first + 1));
    }
  }
  const total = weights.reduce((x, y) => x + y, 0);
  const out: number[] = [];
  let acc = 0;
  let given = 0;
  for (const w of weights) {
    acc += w;
    const upTo = Math.sign(minor) * Math.round((Math.abs(minor) * acc) / total);
    out.push(upTo - given);
    given = upTo;
  }
  return out;
}
