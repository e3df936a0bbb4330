/**
 * Channel performance, phase 2: sums by group and by period, pure functions of columns. Ratios are
 * computed later from these sums (Excel: `=SUM(revenue)/SUM(spend)`), never averaged row by row.
 */
import { chooseUnit, nextPeriod, periodLabel, periodStart, type PeriodUnit } from '../periods.js';

export const METRICS = ['spend', 'impressions', 'clicks', 'conversions', 'revenue'] as const;
export const SPEND = 0;
export const IMPR = 1;
export const CLICKS = 2;
export const CONV = 3;
export const REV = 4;

/** Sums of the five base metrics for one group, indexed SPEND … REV. */
export type Sums = Float64Array;

/** Which of the five metrics the sheet has. */
export interface Present {
  spend: boolean;
  impressions: boolean;
  clicks: boolean;
  conversions: boolean;
  revenue: boolean;
}

/**
 * Sums per group key, columnar: one Float64Array of 5 per group, over rows with `include[i]` = 1.
 * NaN (missing) counts as nothing.
 *
 * @example groupSums(['a', 'b', 'a'], [Float64Array.of(1, 2, 3), null, null, null, null], Uint8Array.of(1, 1, 1)).get('a')[0] // → 4
 */
export function groupSums(
  keys: readonly string[],
  cols: readonly (Float64Array | null)[],
  include: Uint8Array,
): Map<string, Sums> {
  const m = new Map<string, Sums>();
  for (let i = 0; i < keys.length; i++) {
    if (include[i] === 0) continue;
    let s = m.get(keys[i]);
    if (!s) {
      s = new Float64Array(5);
      m.set(keys[i], s);
    }
    for (let k = 0; k < 5; k++) {
      const c = cols[k];
      if (c) {
        const v = c[i];
        if (v === v) s[k] += v;
      }
    }
  }
  return m;
}

export function totalOf(groups: Iterable<Sums>): Sums {
  const t = new Float64Array(5);
  for (const s of groups) for (let k = 0; k < 5; k++) t[k] += s[k];
  return t;
}

/** Groups sorted by spend, descending, then by key. */
export function bySpend(groups: Map<string, Sums>): [string, Sums][] {
  return [...groups.entries()].sort((a, b) => b[1][SPEND] - a[1][SPEND] || (a[0] < b[0] ? -1 : 1));
}

/** Per campaign, the channels carrying its spend, most spend first, as "Search, Social". */
export function campaignChannels(
  campaigns: readonly string[],
  channels: readonly string[],
  spend: Float64Array,
  include: Uint8Array,
): Map<string, string> {
  const byCampaign = new Map<string, Map<string, number>>();
  for (let i = 0; i < campaigns.length; i++) {
    if (include[i] === 0) continue;
    let m = byCampaign.get(campaigns[i]);
    if (!m) {
      m = new Map();
      byCampaign.set(campaigns[i], m);
    }
    const v = spend[i];
    m.set(channels[i], (m.get(channels[i]) ?? 0) + (v === v ? v : 0));
  }
  const out = new Map<string, string>();
  for (const [campaign, m] of byCampaign)
    out.set(
      campaign,
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .map((c) => c[0])
        .join(', '),
    );
  return out;
}

/** Sums per calendar period, every period from the first to the last (empty ones as zeros). */
export interface PeriodSeries {
  unit: PeriodUnit;
  starts: number[];
  /** Sums by period start (as text); a period with no rows is missing. */
  byPeriod: Map<string, Sums>;
  /** Period start (as text) per row; '' for rows left out or undated. */
  keys: string[];
  /** 1 for rows counted in a period. */
  counted: Uint8Array;
  /** What one row covers: a day, a week (every row on one weekday), or a month (every row on a 1st). */
  grain: Grain;
  /** Last dated day counted (Excel serial, whole day); weekly rows' weekday is its weekday. */
  lastDay: number;
}

/** What one dated row of the campaigns sheet covers. */
export type Grain = 'day' | 'week' | 'month';

const EPOCH = 25_569;
const DAY_MS = 86_400_000;

/**
 * The grain of the dated rows: `month` when every date is a month's 1st, `week` when every date falls on one
 * weekday, else `day`. A weekly export dates each row by its week's first day.
 *
 * @example rowGrain([45992, 45999, 46006]) // → 'week' (three Mondays)
 */
export function rowGrain(days: Iterable<number>): Grain {
  let firsts = true;
  let weekday = -1;
  let oneWeekday = true;
  let any = false;
  for (const d of days) {
    any = true;
    if (new Date((d - EPOCH) * DAY_MS).getUTCDate() !== 1) firsts = false;
    const w = (((d - EPOCH) % 7) + 7) % 7;
    if (weekday < 0) weekday = w;
    else if (w !== weekday) oneWeekday = false;
    if (!firsts && !oneWeekday) return 'day';
  }
  if (!any) return 'day';
  return firsts ? 'month' : oneWeekday ? 'week' : 'day';
}

/**
 * How many rows' worth of time (days, weeks or months of the grain) fall in the period starting `start`,
 * up to `lastDay` (the as-of date) for a period not over yet. Weekly rows count the dates of their weekday in the period
 * (December 2025 holds five Mondays, November four), daily rows the days.
 *
 * `onWeekday` is any day on the rows' weekday (for weekly rows).
 *
 * @example periodUnits(45992, 'month', 'week', 45992, 46020) // December 2025, Monday rows to 29 December → 5
 */
export function periodUnits(start: number, unit: PeriodUnit, grain: Grain, onWeekday: number, lastDay: number): number {
  if (grain === 'month' || (grain === 'week' && unit === 'week')) return 1;
  const end = Math.min(nextPeriod(start, unit) - 1, lastDay);
  if (grain === 'day') return Math.max(0, end - start + 1);
  let n = 0;
  for (let d = start; d <= end; d++) if ((((d - onWeekday) % 7) + 7) % 7 === 0) n++;
  return n;
}

/** The period series of the included dated rows, or null when no included row has a date. */
export function periodSeries(
  dates: Float64Array,
  arrays: readonly (Float64Array | null)[],
  include: Uint8Array,
  period: 'auto' | PeriodUnit,
): PeriodSeries | null {
  const n = dates.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (include[i] === 1 && d === d) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  }
  if (!(lo <= hi)) return null;
  const unit: PeriodUnit = period === 'auto' ? chooseUnit(lo, hi) : period;
  const keys = new Array<string>(n);
  const counted = new Uint8Array(n);
  const days = new Set<number>();
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (include[i] === 1 && d === d) {
      keys[i] = String(periodStart(d, unit));
      counted[i] = 1;
      days.add(Math.floor(d));
    } else keys[i] = '';
  }
  const byPeriod = groupSums(keys, arrays, counted);
  // Every period from first to last, empty ones as zero rows so the chart's time axis is regular.
  const first = periodStart(lo, unit);
  const lastStart = periodStart(hi, unit);
  const starts: number[] = [];
  for (let s = first, guard = 0; s <= lastStart && guard < 100_000; s = nextPeriod(s, unit), guard++) starts.push(s);
  return { unit, starts, byPeriod, keys, counted, grain: rowGrain(days), lastDay: Math.floor(hi) };
}

/** The last period against the one before: totals, and sums per group in each. */
export interface PeriodCompare {
  prev: Sums;
  last: Sums;
  prevLabel: string;
  lastLabel: string;
  unit: PeriodUnit;
  prevBy: Map<string, Sums>;
  lastBy: Map<string, Sums>;
  /** Rows' worth of time in each period: weeks for weekly rows, days for daily rows (see `periodUnits`). */
  prevUnits: number;
  lastUnits: number;
  grain: Grain;
}

/**
 * True when the two periods hold different amounts of time (a month of five week-starts against one of
 * four, a month cut short by the data's end), so totals must be compared per week or per day.
 */
export function unequalPeriods(c: Pick<PeriodCompare, 'prevUnits' | 'lastUnits'>): boolean {
  return c.prevUnits > 0 && c.lastUnits > 0 && c.prevUnits !== c.lastUnits;
}

/**
 * Relative change of metric `k` from the previous period to the last, per unit of time when the periods
 * are unequal (Excel: `=(last/5)/(prev/4)-1`), else of the totals. Null when the previous value is zero.
 */
export function periodChange(
  c: Pick<PeriodCompare, 'prevUnits' | 'lastUnits'>,
  prev: number,
  last: number,
): number | null {
  if (!unequalPeriods(c)) return prev === 0 ? null : (last - prev) / prev;
  const a = prev / c.prevUnits;
  const b = last / c.lastUnits;
  return a === 0 ? null : (b - a) / a;
}

/**
 * Compare the last two periods of `series` by `groupKeys`; null with fewer than two periods. A period is
 * counted up to where the data ends (the last row's day, or its week for weekly rows) and up to `asOf`: a
 * month the data stops in holds only the weeks or days it covers.
 */
export function comparePeriods(
  series: PeriodSeries,
  groupKeys: readonly string[],
  arrays: readonly (Float64Array | null)[],
  asOf = Infinity,
): PeriodCompare | null {
  const { starts, byPeriod, unit, keys, counted, grain, lastDay } = series;
  // The last day the data covers: a weekly row covers its week, a monthly row its month (then units are 1).
  const end = Math.min(Math.floor(asOf), grain === 'week' ? lastDay + 6 : lastDay);
  if (starts.length < 2) return null;
  const lastS = starts[starts.length - 1];
  const prevS = starts[starts.length - 2];
  const sel = (key: string): Uint8Array => {
    const u = new Uint8Array(keys.length);
    for (let i = 0; i < keys.length; i++) if (counted[i] === 1 && keys[i] === key) u[i] = 1;
    return u;
  };
  return {
    prev: byPeriod.get(String(prevS)) ?? new Float64Array(5),
    last: byPeriod.get(String(lastS)) ?? new Float64Array(5),
    prevLabel: periodLabel(prevS, unit),
    lastLabel: periodLabel(lastS, unit),
    unit,
    prevBy: groupSums(groupKeys, arrays, sel(String(prevS))),
    lastBy: groupSums(groupKeys, arrays, sel(String(lastS))),
    prevUnits: periodUnits(prevS, unit, grain, lastDay, end),
    lastUnits: periodUnits(lastS, unit, grain, lastDay, end),
    grain,
  };
}
