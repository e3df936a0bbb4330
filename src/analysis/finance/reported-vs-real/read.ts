/**
 * Reported against real, phase 1 (read and check): the columns both sheets need, and each side's values
 * (channel text, dates as Excel serials, money in minor units). Problems become diagnostics naming sheet,
 * column and rows; nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset, StatusClass } from '../../../ingest/types.js';
import { statusClassOf } from '../../../ingest/status.js';
import type { Diagnostic } from '../../../types.js';
import { msg } from '../messages.js';
import { buildRates, moneyInReport, type RateLookup } from '../fx.js';
import { readMoney } from '../money-columns.js';
import { serialFromCell } from '../months.js';
import { TITLE } from './model.js';
import { columnByRole, columnValues, diag, missingColumn, texts } from '../../common/index.js';

/** The campaigns sheet, row by row. */
export interface CampaignRows {
  channel: (string | null)[];
  /** Row date (or period start) and period end, Excel serials; null where absent or unreadable. */
  start: (number | null)[];
  end: (number | null)[];
  spend: Float64Array | null;
  revenue: Float64Array | null;
  conversions: ArrayLike<unknown> | null;
  convCol: ColumnInfo | undefined;
}

/** The orders sheet, row by row. */
export interface OrderRows {
  channel: (string | null)[];
  channelCol: ColumnInfo;
  amount: Float64Array;
  /** Order date, Excel serial; null where unreadable; the whole array null without a date column. */
  date: (number | null)[] | null;
  dateCol: ColumnInfo | undefined;
  id: (string | null)[] | null;
  status: (string | null)[] | null;
  /**
   * What each row's status means (src/ingest/status.ts, the classes the user analyses count by: the recipe's
   * statuses, the format's, then the general vocabulary); null without a status column.
   */
  statusClass?: (StatusClass | null)[] | null;
  /** Amount refunded on the row's order (minor units; NaN where blank), when a refunded-amount column is there. */
  refunded?: Float64Array | null;
}

/** The columns required on both sheets, or null (with an error diagnostic per missing column, or for empty sheets). */
export function checkColumns(campaigns: Dataset, orders: Dataset, diagnostics: Diagnostic[]): boolean {
  const cCh = columnByRole(campaigns, 'channel');
  const cConv = columnByRole(campaigns, 'conversions');
  const cRev = columnByRole(campaigns, 'revenue');
  const oCh = columnByRole(orders, 'channel', 'acquisition_channel');
  const oAmt = columnByRole(orders, 'amount', 'revenue');
  if (!cCh)
    diagnostics.push(
      missingColumn(campaigns, 'finance.rvr.missing-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE),
    );
  if (!cConv && !cRev)
    diagnostics.push(
      missingColumn(
        campaigns,
        'finance.rvr.missing-reported',
        { en: 'conversions or revenue', 'zh-CN': '转化或收入' },
        TITLE,
      ),
    );
  if (!oCh)
    diagnostics.push(
      missingColumn(orders, 'finance.rvr.missing-order-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE),
    );
  if (!oAmt)
    diagnostics.push(
      missingColumn(orders, 'finance.rvr.missing-order-amount', { en: 'amount', 'zh-CN': '金额' }, TITLE),
    );
  if (!cCh || (!cConv && !cRev) || !oCh || !oAmt) return false;
  if (campaigns.table.numRows() === 0 || orders.table.numRows() === 0) {
    diagnostics.push(diag('finance.rvr.empty', 'error', msg('rvr.empty')));
    return false;
  }
  return true;
}

const serials = (data: Dataset, col: ColumnInfo | undefined): (number | null)[] => {
  const n = data.table.numRows();
  if (!col) return new Array<number | null>(n).fill(null);
  const v = columnValues(data, col.name);
  return Array.from({ length: n }, (_, i) => serialFromCell(v[i]));
};

/** The campaigns side (after checkColumns). */
export function readCampaignRows(
  campaigns: Dataset,
  cur: string,
  diagnostics: Diagnostic[],
  lookup: RateLookup = buildRates(undefined, cur, []),
): CampaignRows {
  const cSpend = columnByRole(campaigns, 'spend');
  const cRev = columnByRole(campaigns, 'revenue');
  const convCol = columnByRole(campaigns, 'conversions');
  const start = serials(campaigns, columnByRole(campaigns, 'date', 'period_start'));
  // A Currency column converts spend and revenue line by line (fx.ts); without one, both are in `cur`.
  return {
    channel: texts(campaigns, columnByRole(campaigns, 'channel')),
    start,
    end: serials(campaigns, columnByRole(campaigns, 'period_end')),
    spend: cSpend
      ? moneyInReport(campaigns, cSpend, start, cur, lookup, diagnostics, 'finance.rvr.spend', {
          en: 'spend',
          'zh-CN': '花费',
        })
      : null,
    revenue: cRev
      ? moneyInReport(campaigns, cRev, start, cur, lookup, diagnostics, 'finance.rvr.revenue', {
          en: 'revenue',
          'zh-CN': '收入',
        })
      : null,
    conversions: convCol ? columnValues(campaigns, convCol.name) : null,
    convCol,
  };
}

/** The orders side (after checkColumns). */
export function readOrderRows(orders: Dataset, cur: string, diagnostics: Diagnostic[]): OrderRows {
  const channelCol = columnByRole(orders, 'channel', 'acquisition_channel')!;
  const amountCol = columnByRole(orders, 'amount', 'revenue')!;
  const dateCol = columnByRole(orders, 'date', 'timestamp');
  const idCol = columnByRole(orders, 'order_id');
  const statusCol = columnByRole(orders, 'status');
  const refundedCol = columnByRole(orders, 'refunded_amount');
  const channel = texts(orders, channelCol);
  const status = statusCol ? texts(orders, statusCol) : null;
  const classify = statusClassOf(orders);
  return {
    channel,
    channelCol,
    amount: readMoney(orders, amountCol, undefined, cur, diagnostics, 'finance.rvr.order', {
      en: 'amount',
      'zh-CN': '金额',
    }).minor,
    date: dateCol ? serials(orders, dateCol) : null,
    dateCol,
    id: idCol ? texts(orders, idCol) : null,
    status,
    statusClass: status ? status.map((v) => classify(v)) : null,
    refunded: refundedCol
      ? readMoney(orders, refundedCol, undefined, cur, diagnostics, 'finance.rvr.refunded', {
          en: 'refunded amount',
          'zh-CN': '退款金额',
        }).minor
      : null,
  };
}
