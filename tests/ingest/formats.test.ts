/**
 * Known export formats: recognition is a strong hint, never a silent override (a kind the caller gives wins,
 * `format: false` turns it off), and statuses mean what the format's documentation says. Amounts in the
 * expectations are sums of the cells written in each test.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, IngestUsageError, ingestGrid, recognizeFormat } from '../../src/ingest/index.js';
import { classifyStatus, statusClassOf, summariseStatuses } from '../../src/ingest/status.js';
import type { CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

const TAOBAO: CellValue[][] = [
  ['订单编号', '买家会员名', '买家支付宝账号', '总金额', '买家实际支付金额', '订单状态', '订单创建时间'],
  ['1001', 'tb_a', '138****5678', 100, 90, '交易成功', '2024-06-01 10:00:00'],
  ['1002', 'tb_b', '138****5678', 50, 50, '交易关闭', '2024-06-02 10:00:00'],
  ['1003', 'tb_a', '138****5678', 80, 75.5, '交易成功', '2024-06-03 10:00:00'],
  ['1004', 'tb_c', '138****5678', 60, 0, '等待买家付款', '2024-06-04 10:00:00'],
];
const taobao = () =>
  deepFreeze(
    gridOf(
      '订单报表',
      TAOBAO.map((r) => [...r]),
    ),
  );

describe('recognition', () => {
  it('every format has an id of its own, a name in both languages and documentation', () => {
    const ids = EXPORT_FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of EXPORT_FORMATS) {
      expect(f.name.en && f.name['zh-CN']).toBeTruthy();
      expect(f.docs).toMatch(/^https:\/\//);
      expect(f.signatures.length).toBeGreaterThan(0);
    }
  });
  it('recognises nothing in ordinary headers', () => {
    expect(recognizeFormat(['Customer ID', 'Order Date', 'Amount'])).toBeNull();
    expect(recognizeFormat(['Campaign', 'Spend', 'Clicks'])).toBeNull();
  });
  it('reads a Taobao report the format way and records it', () => {
    const ds = ingestGrid(taobao());
    expect(ds.format).toMatchObject({ id: 'taobao-orders', name: { 'zh-CN': '淘宝/天猫订单报表' } });
    const roles = Object.fromEntries(ds.columns.map((c) => [c.header, c.role]));
    expect(roles).toMatchObject({
      买家会员名: 'customer_id',
      买家支付宝账号: null,
      买家实际支付金额: 'amount',
      总金额: null,
      订单状态: 'status',
    });
    const d = ds.diagnostics.find((x) => x.code === 'format-recognised')!;
    expect(d.message.en).toContain('"买家实际支付金额" → amount');
    expect(d.message['zh-CN']).toContain('淘宝/天猫订单报表');
  });
  it('without the format, the general rules take the paid amount, never above the total, and say so', () => {
    const ds = ingestGrid(taobao(), { format: false });
    expect(ds.format).toBeUndefined();
    expect(ds.columns.find((c) => c.role === 'amount')?.header).toBe('买家实际支付金额');
    const d = ds.diagnostics.find((x) => x.code === 'money-column-paid')!;
    expect(d.message.en).toContain('"总金额"');
    expect(d.where).toMatchObject({ column: '买家实际支付金额' });
    expect(ds.ambiguous).toBeUndefined();
  });
  it('a kind the caller gives wins over the format, and says so', () => {
    const ds = ingestGrid(taobao(), { sheetKindHint: 'invoices' });
    expect(ds.kind).toBe('invoices');
    expect(ds.format).toBeUndefined();
    expect(ds.diagnostics.some((x) => x.code === 'format-kind-differs')).toBe(true);
  });
  it('an unknown format id is a usage error', () => {
    expect(() => ingestGrid(taobao(), { format: 'no-such-export' })).toThrow(IngestUsageError);
  });
});

describe('statuses', () => {
  it.each([
    ['paid', 'paid'],
    ['partially_refunded', 'partially_refunded'],
    ['Partially refunded', 'partially_refunded'],
    ['refunded', 'refunded'],
    ['交易关闭', 'cancelled'],
    ['Closed Won', 'won'],
    ['closedlost', 'lost'],
    ['closed', 'cancelled'],
    ['On hold', 'open'],
    ['Refund requested', null],
  ])('the general vocabulary reads %s as %s', (value, cls) => {
    expect(classifyStatus(value)).toBe(cls);
  });
  it("a format's own statuses come first", () => {
    const ds = ingestGrid(
      deepFreeze(
        gridOf('deals', [
          ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Associated Company'],
          ['1', 'A', 'contractsent', 10, '2024-06-01', 'Acme'],
          ['2', 'B', 'closedwon', 20, '2024-06-02', 'Acme'],
        ]),
      ),
    );
    const cls = statusClassOf(ds);
    expect(ds.format?.id).toBe('hubspot-deals');
    expect(cls('contractsent')).toBe('open');
    expect(cls('closedwon')).toBe('won');
    expect(cls(null)).toBeNull();
  });
  it('summarises rows and money per status class: 交易关闭 50.00 left out, 交易成功 90 + 75.5 counted', () => {
    const s = summariseStatuses(ingestGrid(taobao()))!;
    expect(s.classes).toEqual({
      paid: { rows: 2, amount: 165.5 },
      cancelled: { rows: 1, amount: 50 },
      open: { rows: 1, amount: 0 },
    });
    expect(s.unknown).toEqual([]);
  });
});
