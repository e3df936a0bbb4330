/**
 * Reported against real, phase 1 (read and check): the columns both sheets need, and each side's values
 * (channel text, dates as Excel serials, money in minor units). Problems become diagnostics naming sheet,
 * column and rows; nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import { diag, missingColumn, raw, roleColumn, texts } from '../columns.js';
import { msg } from '../messages.js';
import { readMoney } from '../money-columns.js';
import { serialFromCell } from '../months.js';
import { TITLE } from './model.js';

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
}

/** The columns required on both sheets, or null (with an error diagnostic per missing column, or for empty sheets). */
export function checkColumns(campaigns: Dataset, orders: Dataset, diagnostics: Diagnostic[]): boolean {
  const cCh = roleColumn(campaigns, 'channel');
  const cConv = roleColumn(campaigns, 'conversions');
  const cRev = roleColumn(campaigns, 'revenue');
  const oCh = roleColumn(orders, 'channel', 'acquisition_channel');
  const oAmt = roleColumn(orders, 'amount', 'revenue');
  if (!cCh) diagnostics.push(missingColumn(campaigns, 'finance.rvr.missing-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE));
  if (!cConv && !cRev) diagnostics.push(missingColumn(campaigns, 'finance.rvr.missing-reported', { en: 'conversions or revenue', 'zh-CN': '转化或收入' }, TITLE));
  if (!oCh) diagnostics.push(missingColumn(orders, 'finance.rvr.missing-order-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE));
  if (!oAmt) diagnostics.push(missingColumn(orders, 'finance.rvr.missing-order-amount', { en: 'amount', 'zh-CN': '金额' }, TITLE));
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
  const v = raw(data, col);
  return Array.from({ length: n }, (_, i) => serialFromCell(v[i]));
};

/** The campaigns side (after checkColumns). */
export function readCampaignRows(campaigns: Dataset, cur: string, diagnostics: Diagnostic[]): CampaignRows {
  const cSpend = roleColumn(campaigns, 'spend');
  const cRev = roleColumn(campaigns, 'revenue');
  const convCol = roleColumn(campaigns, 'conversions');
  return {
    channel: texts(campaigns, roleColumn(campaigns, 'channel')),
    start: serials(campaigns, roleColumn(campaigns, 'date', 'period_start')),
    end: serials(campaigns, roleColumn(campaigns, 'period_end')),
    spend: cSpend ? readMoney(campaigns, cSpend, undefined, cur, diagnostics, 'finance.rvr.spend', { en: 'spend', 'zh-CN': '花费' }).minor : null,
    revenue: cRev ? readMoney(campaigns, cRev, undefined, cur, diagnostics, 'finance.rvr.revenue', { en: 'revenue', 'zh-CN': '收入' }).minor : null,
    conversions: convCol ? raw(campaigns, convCol) : null,
    convCol,
  };
}

/** The orders side (after checkColumns). */
export function readOrderRows(orders: Dataset, cur: string, diagnostics: Diagnostic[]): OrderRows {
  const channelCol = roleColumn(orders, 'channel', 'acquisition_channel')!;
  const amountCol = roleColumn(orders, 'amount', 'revenue')!;
  const dateCol = roleColumn(orders, 'date', 'timestamp');
  const idCol = roleColumn(orders, 'order_id');
  const statusCol = roleColumn(orders, 'status');
  const channel = texts(orders, channelCol);
  return {
    channel,
    channelCol,
    amount: readMoney(orders, amountCol, undefined, cur, diagnostics, 'finance.rvr.order', { en: 'amount', 'zh-CN': '金额' }).minor,
    date: dateCol ? serials(orders, dateCol) : null,
    dateCol,
    id: idCol ? texts(orders, idCol) : null,
    status: statusCol ? texts(orders, statusCol) : null,
  };
}
