/**
 * Order-level amounts a known format says the export repeats on every row of an order (抖店: 订单应付金额 on each
 * 子订单 row) are kept once per order, on its first row; item amounts (商品金额) stay on every row. Rows below are
 * Excel rows: header on row 1, data from row 2.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import type { CellValue } from '../../src/types.js';
import { deepFreeze } from './helpers/csv.js';

const HEADER = ['主订单编号', '子订单编号', '商品数量', '商品金额', '订单应付金额', '订单提交时间', '订单状态'];
const row = (o: string, k: number, item: number, due: number): CellValue[] => [
  o,
  `${o}${k}`,
  1,
  item,
  due,
  '2024-06-01 21:00:00',
  '已完成',
];

describe('order-level amounts repeated on line-item rows', () => {
  it('抖店: 订单应付金额 counted once per 主订单编号, 商品金额 on every row', () => {
    // Order A: items 10.00 + 20.50 = 30.50 on rows 2–3; order B: one item of 9.90 on row 4; order C: 5 + 5 on rows 5–6.
    const values = [
      HEADER,
      row('A', 1, 10, 30.5),
      row('A', 2, 20.5, 30.5),
      row('B', 1, 9.9, 9.9),
      row('C', 1, 5, 10),
      row('C', 2, 5, 10),
    ];
    const ds = ingestGrid(deepFreeze({ sheet: '订单', address: 'A1', values }));
    expect(ds.format?.id).toBe('douyin-orders');
    expect(ds.table.array('订单应付金额')).toEqual([30.5, null, 9.9, 10, null]);
    expect(Array.from(ds.table.array('商品金额') as ArrayLike<number>)).toEqual([10, 20.5, 9.9, 5, 5]);
    const d = ds.diagnostics.find((x) => x.code === 'order-amount-once')!;
    expect(d.severity).toBe('info');
    expect(d.where).toMatchObject({ sheet: '订单', column: '订单应付金额', columnLetter: 'E', rows: [3, 6], count: 2 });
    expect(d.message.en).toContain('counted once per "主订单编号"');
    expect(d.message.en).toContain('2 rows of 2 orders');
    expect(ds.columns.find((c) => c.name === '订单应付金额')!.nulls).toBe(2);
  });

  it('rows of one order with different amounts are not copies: read row by row, and reported', () => {
    const values = [HEADER, row('A', 1, 10, 30.5), row('A', 2, 20.5, 31), row('B', 1, 9.9, 9.9)];
    const ds = ingestGrid(deepFreeze({ sheet: '订单', address: 'A1', values }));
    expect(Array.from(ds.table.array('订单应付金额') as ArrayLike<number>)).toEqual([30.5, 31, 9.9]);
    const d = ds.diagnostics.find((x) => x.code === 'order-amount-differs')!;
    expect(d.severity).toBe('warning');
    expect(d.where).toMatchObject({ column: '订单应付金额', columnLetter: 'E', rows: [3] });
    expect(ds.diagnostics.map((x) => x.code)).not.toContain('order-amount-once');
  });

  it('formats without the rule keep repeated amounts (two lines at one price are two lines)', () => {
    const ds = ingestGrid(
      deepFreeze({
        sheet: 'Orders',
        address: 'A1',
        values: [
          ['Order ID', 'Customer ID', 'Order Date', 'Amount'],
          ['O1', 'C1', '2024-06-01', 12],
          ['O1', 'C1', '2024-06-01', 12],
        ],
      }),
    );
    expect(Array.from(ds.table.array('Amount') as ArrayLike<number>)).toEqual([12, 12]);
  });
});
