/**
 * Reported against real counts the orders the user analyses count: a status is judged by the shared status
 * classes (src/ingest/status.ts), so closed, unpaid, lost and refunded orders are left out whatever language or
 * export wrote them, a partial refund counts what was kept, and a recipe's own status meaning wins. Figures are
 * computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { common as commonFor, deepFreeze, makeDataset, serial } from '../helpers.js';
import { reportedVsReal } from '../../../src/analysis/finance/reported-vs-real/index.js';
import { rfmAnalysis } from '../../../src/analysis/user/rfm.js';
import { statusKey } from '../../../src/ingest/status.js';
import type { Dataset } from '../../../src/ingest/types.js';
import type { CellValue } from '../../../src/types.js';

const common = { ...commonFor('2024-06-30'), currency: 'CNY' };
const SHIPPED = '卖家已发货，等待买家确认';

const CAMPAIGNS = deepFreeze(
  makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: ['Tmall', 'Tmall'] },
    { name: 'Date', role: 'date', values: ['2024-06-01', '2024-06-30'].map(serial), type: 'date' },
    { name: 'Spend', role: 'spend', values: [500, 500], type: 'currency' },
    { name: 'Revenue', role: 'revenue', values: [3000, 2000], type: 'currency' },
  ]),
);

/** One order per status, all on channel Tmall in June; O4 partially refunded by 100. */
const ORDERS = deepFreeze(
  makeDataset('orders', [
    { name: 'Order', role: 'order_id', values: ['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8'], type: 'identifier' },
    { name: 'Buyer', role: 'customer_id', values: ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'g'], type: 'identifier' },
    {
      name: 'Date',
      role: 'date',
      values: ['02', '03', '04', '05', '06', '07', '08', '09'].map((d) => serial(`2024-06-${d}`)),
      type: 'date',
    },
    { name: 'Paid', role: 'amount', values: [100, 200, 300, 400, 500, 600, 700, 800], type: 'currency' },
    {
      name: 'Status',
      role: 'status',
      values: ['交易成功', '交易关闭', '等待买家付款', 'partially_refunded', 'closedlost', 'Refunded', 'paid', SHIPPED],
      type: 'category',
    },
    { name: 'Refunded', role: 'refunded_amount', values: [0, 0, 0, 100, 0, 600, 0, 0], type: 'currency' },
    { name: 'Channel', role: 'channel', values: Array<CellValue>(8).fill('Tmall'), type: 'category' },
  ]),
);

function tmall(orders: Dataset): Record<string, CellValue> {
  return reportedVsReal(CAMPAIGNS, orders, common).tables[0].rows.find((r) => r.channel === 'Tmall')!;
}

describe('reportedVsReal: statuses by the shared classes', () => {
  it('leaves out closed (交易关闭), unpaid (等待买家付款), lost and refunded orders; nets a partial refund', () => {
    // Counted: O1 100, O4 400 − 100 = 300, O7 700, and O8 800 (a status no rule knows counts as paid, as in the
    // user analyses) = 1,900 on 4 orders. 交易关闭, 等待买家付款 and closedlost are not in excludeStatuses' list:
    // before the shared classes O2, O3 and O5 were counted and O4 whole (3,000 on 7 orders).
    expect(tmall(ORDERS)).toMatchObject({ real_orders: 4, real_revenue: 1900, reported_revenue: 5000 });
  });

  it('counts what the user analyses count: the same revenue as RFM on the same orders', () => {
    const rfm = rfmAnalysis.run({ orders: ORDERS }, common, rfmAnalysis.defaults);
    expect(rfm.figures.find((f) => f.key === 'revenue')!.value).toBe(1900);
  });

  it("a recipe's status meaning wins: 卖家已发货，等待买家确认 set to open leaves out O8", () => {
    const own: Dataset = { ...ORDERS, statusOverrides: { [statusKey(SHIPPED)]: 'open' } };
    // 1,900 − O8 800 = 1,100 on 3 orders.
    expect(tmall(own)).toMatchObject({ real_orders: 3, real_revenue: 1100 });
    expect(
      rfmAnalysis.run({ orders: own }, common, rfmAnalysis.defaults).figures.find((f) => f.key === 'revenue')!.value,
    ).toBe(1100);
  });
});
