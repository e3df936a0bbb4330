/**
 * Channel performance, phase 1: read the campaigns sheet into columns. Spend and a channel or campaign
 * column are required; impressions, clicks, conversions, revenue and a date are used when present.
 * Rows dated after the as-of date are left out (and said so); rows without a date still count in totals.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { Diagnostic, Lang } from '../../../types.js';
import { columnValues } from '../../../ingest/column-values.js';
import { BLANK, columnByRole, diag, labels, numbers, where } from '../../common/index.js';
import type { LineConverter } from '../../finance/fx.js';
import { msg } from '../messages.js';
import { LABELS } from './present.js';
import { METRICS, type Present } from './compute.js';

/** The campaigns sheet as columns. */
export interface CampaignColumns {
  n: number;
  present: Present;
  /** Spend, impressions, clicks, conversions, revenue (null: no such column); NaN marks a missing cell. */
  arrays: (Float64Array | null)[];
  channels: string[] | null;
  campaigns: string[] | null;
  /** Keys of the main grouping: channels, else campaigns. */
  primaryKeys: string[];
  primaryKey: 'channel' | 'campaign';
  dates: Float64Array | null;
  /** 1 for rows on or before the as-of date (or undated). */
  include: Uint8Array;
}

/** 1 for rows dated on or before `asOf` (or undated, or with no as-of date); later rows are reported. */
function onOrBefore(
  data: Dataset,
  dateCol: ColumnInfo,
  dates: Float64Array,
  asOf: number,
  diagnostics: Diagnostic[],
): Uint8Array {
  const include = new Uint8Array(dates.length).fill(1);
  if (!Number.isFinite(asOf)) return include;
  const late: number[] = [];
  for (let i = 0; i < dates.length; i++) {
    if (dates[i] > asOf) {
      include[i] = 0;
      late.push(i);
    }
  }
  if (late.length > 0) {
    const message = msg('channels.afterAsOf', { count: late.length });
    diagnostics.push(diag('marketing.campaigns.after-as-of', 'info', message, where(data, dateCol, late)));
  }
  return include;
}

/**
 * Read the campaigns sheet; null (with an error diagnostic) when spend or both names are missing. Spend and
 * revenue go through `convert` (fx.ts `lineConverter`: a Currency column's lines in the report currency).
 */
export function readCampaigns(
  data: Dataset,
  asOf: number,
  lang: Lang,
  diagnostics: Diagnostic[],
  convert: LineConverter = (_col, amounts) => amounts,
): CampaignColumns | null {
  const n = data.table.numRows();
  const channelCol = columnByRole(data, 'channel');
  const campaignCol = columnByRole(data, 'campaign');
  const spendCol = columnByRole(data, 'spend');
  if (!spendCol || (!channelCol && !campaignCol)) {
    diagnostics.push(
      diag(
        'marketing.campaigns.missing-roles',
        'error',
        {
          en: 'Channel performance needs a spend column and a channel or campaign column.',
          'zh-CN': '渠道表现分析需要“花费”列，以及“渠道”或“活动”列。',
        },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  if (n === 0) {
    diagnostics.push(
      diag(
        'marketing.campaigns.empty',
        'error',
        { en: 'The campaigns table has no rows.', 'zh-CN': '活动表没有数据行。' },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  const cols = METRICS.map((m) => (m === 'spend' ? spendCol : columnByRole(data, m)));
  const present: Present = {
    spend: true,
    impressions: !!cols[1],
    clicks: !!cols[2],
    conversions: !!cols[3],
    revenue: !!cols[4],
  };
  const arrays = METRICS.map((m, k) => {
    const c = cols[k];
    if (!c) return null;
    const v = numbers(data, c, diagnostics, { nonNegative: true, label: LABELS[m] });
    return m === 'spend' || m === 'revenue' ? convert(c, v) : v;
  });
  const blank = BLANK[lang];
  const channels = channelCol ? labels(data, channelCol, blank) : null;
  const campaigns = campaignCol ? labels(data, campaignCol, blank) : null;

  const dateCol = columnByRole(data, 'period_start', 'date', 'period_end');
  const dates = dateCol ? numbers(data, dateCol, diagnostics, { label: LABELS.period }) : null;
  const include = dateCol && dates ? onOrBefore(data, dateCol, dates, asOf, diagnostics) : new Uint8Array(n).fill(1);
  const primaryKeys = channels ?? campaigns!;
  return {
    n,
    present,
    arrays,
    channels,
    campaigns,
    primaryKeys,
    primaryKey: channels ? 'channel' : 'campaign',
    dates,
    include,
  };
}

/**
 * The run memo's key of `orderRevenueByChannel` (owner: the orders Dataset). A source that keeps the orders in a
 * database (src/source) puts the map it computed there under this key.
 */
export const ORDER_REVENUE_KEY = 'order-revenue-by-channel';

/** Order revenue per channel name (lower-cased) from an orders Dataset with channel and amount roles. */
export function orderRevenueByChannel(orders: Dataset): Map<string, number> | null {
  const ch = columnByRole(orders, 'channel');
  const am = columnByRole(orders, 'amount');
  if (!ch || !am) return null;
  const keys = labels(orders, ch, '');
  const vals = columnValues(orders, am.name);
  const m = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const v = vals[i];
    if (typeof v === 'number' && Number.isFinite(v) && keys[i] !== '') {
      const k = keys[i].toLowerCase();
      m.set(k, (m.get(k) ?? 0) + v);
    }
  }
  return m;
}
