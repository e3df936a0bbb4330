/**
 * The grain of a money table: one row per day, week or month (per campaign or channel). A platform export
 * of monthly totals is dated the 1st of each month; read as daily spend, the month in progress is
 * projected thirty-fold. Analyses that extrapolate from days (month-to-date pacing) ask the grain first.
 *
 * Rules, on the table's date column (role `date`, else `period_start`, else `period`):
 * - month: every date is the 1st of its month and there are at least two distinct dates, or every value is
 *   a month written as text (`2024-06`, `2024年6月`, `June 2024`), or a start/end pair spans whole months;
 * - week: at least two distinct dates, all on the same weekday (or start/end pairs of 7 days);
 * - day: at least two distinct dates otherwise;
 * - unknown: no readable date, or a single date (one day cannot tell a daily from a monthly table).
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import { monthFromCell, monthOf, monthStartSerial, serialFromCell } from './months.js';
import { cellText, columnByRole, columnValues } from '../common/index.js';

export type Grain = 'day' | 'week' | 'month' | 'unknown';

/** A table's grain and the column it was read from. */
export interface TableGrain {
  grain: Grain;
  column?: ColumnInfo;
}

/** A month written as text, with no day: `2024-06`, `2024/6`, `2024年6月`, `Jun 2024`, `202406`. */
function isMonthText(v: unknown): boolean {
  const t = cellText(v);
  if (t === null) return false;
  return monthFromCell(t) !== null && (serialFromCell(t) === null || /^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$/u.test(t));
}

/**
 * The grain of one column of dates or months (Excel serials or text). Blank cells are skipped.
 * @example grainOfValues([45292, 45323, 45352]) // 2024-01-01, 2024-02-01, 2024-03-01 → 'month'
 */
export function grainOfValues(values: ArrayLike<unknown>): Grain {
  const days = new Set<number>();
  let texts = 0;
  let monthTexts = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (cellText(v) === null) continue;
    if (typeof v === 'string') {
      texts++;
      if (isMonthText(v)) {
        monthTexts++;
        continue;
      }
    }
    const s = serialFromCell(v);
    if (s !== null) days.add(Math.floor(s));
  }
  if (monthTexts > 0 && monthTexts === texts && days.size === 0) return 'month';
  if (days.size < 2) return 'unknown';
  const list = [...days];
  if (list.every((d) => d === monthStartSerial(monthOf(d)))) return 'month';
  // Excel serials: serial mod 7 is the weekday (1 = Sunday), the same for every date of a weekly table.
  const weekday = list[0] % 7;
  if (list.every((d) => d % 7 === weekday)) return 'week';
  return 'day';
}

/** Start/end pairs: whole months, 7-day weeks, single days; null when the pairs do not agree. */
function grainOfRanges(a: ArrayLike<unknown>, b: ArrayLike<unknown>): Grain | null {
  let seen: Grain | null = null;
  for (let i = 0; i < a.length; i++) {
    const s = serialFromCell(a[i]);
    const e = serialFromCell(b[i]);
    if (s === null || e === null) continue;
    const d0 = Math.floor(s);
    const d1 = Math.floor(e);
    const m = monthOf(d0);
    const g: Grain =
      d0 === monthStartSerial(m) && d1 === monthStartSerial(monthOf(d1) + 1) - 1
        ? 'month'
        : d1 - d0 === 6
          ? 'week'
          : d1 === d0
            ? 'day'
            : 'unknown';
    if (seen !== null && g !== seen) return null;
    seen = g;
  }
  return seen;
}

/**
 * The grain of a table from its date column (see the file comment for the rules).
 * @example tableGrain(platformSpend) // → { grain: 'month', column: Month }
 */
export function tableGrain(data: Dataset): TableGrain {
  const col = columnByRole(data, 'date', 'period_start', 'period', 'timestamp', 'invoice_date');
  if (!col) return { grain: 'unknown' };
  const end = col.role === 'period_start' ? columnByRole(data, 'period_end') : undefined;
  if (end) {
    const g = grainOfRanges(columnValues(data, col.name), columnValues(data, end.name));
    if (g !== null && g !== 'unknown') return { grain: g, column: col };
  }
  return { grain: grainOfValues(columnValues(data, col.name)), column: col };
}
