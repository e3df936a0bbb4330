/**
 * Response curves, phase 1: read the campaigns sheet into weekly spend and outcome per channel, on one
 * grid of ISO weeks (Monday) from the first to the last dated row on or before the as-of date.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { Diagnostic, Lang } from '../../../types.js';
import { BLANK, columnByRole, diag, labels, numbers } from '../../common/index.js';
import { weekStart } from '../periods.js';
import type { LineConverter } from '../../finance/fx.js';

/** Weekly spend and outcome per channel. */
export interface WeeklyData {
  /** The channel (else campaign) column, for diagnostics. */
  channelCol: ColumnInfo;
  /** True when the outcome is revenue, false for conversions. */
  isRevenue: boolean;
  /** Channel names in order of first appearance. */
  names: string[];
  /** Weeks in the grid. */
  W: number;
  /** Spend and outcome per channel and week. */
  spend: Float64Array[];
  outcome: Float64Array[];
}

/**
 * Sum rows into weeks per channel (pure): rows without a date, or dated after `asOf`, are left out;
 * missing values (NaN) count as nothing. Null when no row is dated on or before `asOf`.
 *
 * @example weeklyGrid(['a', 'a'], [45292, 45299], [10, 20], [1, 2], 45299)
 *   // → { names: ['a'], W: 2, spend: [[10, 20]], outcome: [[1, 2]] } (Monday 2024-01-01 and the week after)
 */
export function weeklyGrid(
  ch: readonly string[],
  dates: Float64Array | readonly number[],
  sp: Float64Array | readonly number[],
  out: Float64Array | readonly number[],
  asOf: number,
): Pick<WeeklyData, 'names' | 'W' | 'spend' | 'outcome'> | null {
  const n = ch.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (d === d && d <= asOf) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
  }
  if (!(lo <= hi)) return null;
  const w0 = weekStart(lo);
  const W = Math.floor((weekStart(hi) - w0) / 7) + 1;
  const chIdx = new Map<string, number>();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!chIdx.has(ch[i])) {
      chIdx.set(ch[i], names.length);
      names.push(ch[i]);
    }
  }
  const spend = names.map(() => new Float64Array(W));
  const outcome = names.map(() => new Float64Array(W));
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (!(d === d) || d > asOf) continue;
    const w = Math.floor((weekStart(d) - w0) / 7);
    const c = chIdx.get(ch[i])!;
    if (sp[i] === sp[i]) spend[c][w] += sp[i];
    if (out[i] === out[i]) outcome[c][w] += out[i];
  }
  return { names, W, spend, outcome };
}

/**
 * Read a campaigns Dataset (roles: channel or campaign, a date, spend, revenue or conversions). Spend and
 * revenue go through `convert` (fx.ts `lineConverter`: a Currency column's lines in the report currency).
 */
export function readWeekly(
  data: Dataset,
  asOf: number,
  lang: Lang,
  diagnostics: Diagnostic[],
  convert: LineConverter = (_col, amounts) => amounts,
): WeeklyData | null {
  const channelCol = columnByRole(data, 'channel') ?? columnByRole(data, 'campaign');
  const dateCol = columnByRole(data, 'period_start', 'date', 'period_end');
  const spCol = columnByRole(data, 'spend');
  const outCol = columnByRole(data, 'revenue') ?? columnByRole(data, 'conversions');
  if (!channelCol || !dateCol || !spCol || !outCol) {
    diagnostics.push(
      diag(
        'marketing.response.missing-roles',
        'error',
        {
          en: 'Response curves need channel, date, spend and revenue (or conversions) columns.',
          'zh-CN': '响应曲线需要渠道、日期、花费以及收入（或转化）列。',
        },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  const ch = labels(data, channelCol, BLANK[lang]);
  const dates = numbers(data, dateCol, diagnostics);
  const sp = convert(spCol, numbers(data, spCol, diagnostics, { nonNegative: true }));
  const outRead = numbers(data, outCol, diagnostics, { nonNegative: true });
  const out = outCol.role === 'revenue' ? convert(outCol, outRead) : outRead;
  const grid = weeklyGrid(ch, dates, sp, out, asOf);
  if (!grid) {
    diagnostics.push(
      diag(
        'marketing.response.no-dates',
        'error',
        { en: 'No dated rows on or before the as-of date.', 'zh-CN': '没有截止日期前的带日期数据。' },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  return { channelCol, isRevenue: outCol.role === 'revenue', ...grid };
}
