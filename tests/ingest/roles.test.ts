/** Table kind and column roles from English and Chinese headers and from the values. */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import type { CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';
import { proposeKind, proposeRoles, type RoleColumn } from '../../src/ingest/roles.js';
import { TABLE_KINDS } from '../../src/ingest/types.js';

function ingest(rows: CellValue[][], hint?: Parameters<typeof ingestGrid>[1]) {
  return ingestGrid(deepFreeze(gridOf('Sheet1', rows)), hint);
}
const roles = (ds: ReturnType<typeof ingestGrid>) => Object.fromEntries(ds.columns.map((c) => [c.name, c.role]));
const warnings = (ds: ReturnType<typeof ingestGrid>) => ds.diagnostics.filter((d) => d.severity !== 'info');

describe('orders', () => {
  it('English headers', () => {
    const ds = ingest([
      ['Order ID', 'Customer ID', 'Order Date', 'Amount', 'Channel', 'Campaign', 'Status'],
      ['O1', 'C1', '2024-06-18', 12.5, 'Email', 'Summer', 'paid'],
      ['O2', 'C2', '2024-06-19', 8, 'Search', 'Summer', 'paid'],
      ['O3', 'C1', '2024-06-20', 3, 'Email', 'Launch', 'refunded'],
    ]);
    expect(ds.kind).toBe('orders');
    expect(roles(ds)).toEqual({
      'Order ID': 'order_id',
      'Customer ID': 'customer_id',
      'Order Date': 'date',
      Amount: 'amount',
      Channel: 'channel',
      Campaign: 'campaign',
      Status: 'status',
    });
    expect(warnings(ds)).toEqual([]);
  });
  it('Chinese headers: 客户ID, 下单时间, 实付金额, 渠道, 活动', () => {
    const ds = ingest([
      ['订单号', '客户ID', '下单时间', '实付金额', '渠道', '活动'],
      ['D1', 'U1', '2024年6月18日', '¥12.50', '抖音', '618大促'],
      ['D2', 'U2', '2024年6月19日', '¥8.00', '微信', '618大促'],
      ['D3', 'U1', '2024年6月20日', '¥3.00', '抖音', '新品'],
    ]);
    expect(ds.kind).toBe('orders');
    expect(roles(ds)).toEqual({
      订单号: 'order_id',
      客户ID: 'customer_id',
      下单时间: 'date',
      实付金额: 'amount',
      渠道: 'channel',
      活动: 'campaign',
    });
    expect(ds.columns[3]).toMatchObject({ type: 'currency', currency: '¥' });
  });
  it('derives amount from quantity × unit price, and says so', () => {
    const ds = ingest([
      ['Customer', 'Date', 'Qty', 'Unit Price'],
      ['Ann', '2024-06-18', 2, 2.5],
      ['Bob', '2024-06-19', 3, 0.1],
      ['Ann', '2024-06-20', 1, '#N/A'],
    ]);
    expect(ds.kind).toBe('orders');
    const amount = ds.columns.find((c) => c.role === 'amount')!;
    expect(amount).toMatchObject({ name: 'amount', type: 'number', nulls: 1 });
    expect(Array.from(ds.table.array('amount'))).toEqual([5, 0.3, null]); // 2 × 2.5, 3 × 0.1 (not 0.30000000000000004), error → null
    expect(ds.diagnostics.find((d) => d.code === 'amount-derived')?.message.en).toContain('Qty × Unit Price');
  });
  it('falls back on the values when headers say nothing, with lower confidence', () => {
    const ds = ingest([
      ['A', 'B', 'C'],
      ['C-001', '2024-06-18', '$12.00'],
      ['C-002', '2024-06-19', '$8.00'],
      ['C-003', '2024-06-20', '$3.00'],
    ]);
    expect(ds.kind).toBe('orders');
    expect(roles(ds)).toEqual({ A: 'customer_id', B: 'date', C: 'amount' });
    expect(ds.kindConfidence).toBeLessThan(0.6);
    for (const c of ds.columns) expect(c.roleConfidence).toBeLessThanOrEqual(0.5);
  });
});

describe('other kinds', () => {
  it('campaign performance in Chinese: 日期 渠道 活动 花费 曝光 点击 转化 收入', () => {
    const ds = ingest([
      ['日期', '渠道', '活动', '花费', '曝光', '点击', '转化', '收入'],
      ['2024-06-01', '抖音', 'A', 100, 10000, 300, 12, 900],
      ['2024-06-01', '微信', 'B', 80, 8000, 200, 9, 700],
      ['2024-06-02', '抖音', 'A', 120, 12000, 320, 14, 1000],
    ]);
    expect(ds.kind).toBe('campaigns');
    expect(ds.columns.map((c) => c.role)).toEqual([
      'date',
      'channel',
      'campaign',
      'spend',
      'impressions',
      'clicks',
      'conversions',
      'revenue',
    ]);
  });
  it('campaign performance in English with 消耗/展现-style synonyms (cost, views)', () => {
    const ds = ingest([
      ['Week', 'Source', 'Cost', 'Views', 'Clicks'],
      ['2024-06-03', 'Google', 100, 1000, 30],
      ['2024-06-10', 'Meta', 90, 900, 20],
    ]);
    expect(ds.kind).toBe('campaigns');
    expect(ds.columns.map((c) => c.role)).toEqual(['date', 'channel', 'spend', 'impressions', 'clicks']);
  });
  it('customers: 用户ID, 注册日期, 注册渠道', () => {
    const ds = ingest([
      ['用户ID', '注册日期', '注册渠道', '城市'],
      ['U1', '2024-01-05', '抖音', '上海'],
      ['U2', '2024-02-11', '微信', '上海'],
      ['U3', '2024-03-02', '抖音', '北京'],
    ]);
    expect(ds.kind).toBe('customers');
    expect(ds.columns.map((c) => c.role)).toEqual(['customer_id', 'signup_date', 'acquisition_channel', 'attribute']);
  });
  it('touchpoints', () => {
    const ds = ingest([
      ['user_id', 'timestamp', 'channel', 'event', 'converted'],
      ['U1', '2024-06-18 10:00', 'email', 'click', 'FALSE'],
      ['U1', '2024-06-18 11:00', 'search', 'visit', 'TRUE'],
      ['U2', '2024-06-18 12:00', 'email', 'click', 'FALSE'],
    ]);
    expect(ds.kind).toBe('touchpoints');
    expect(ds.columns.map((c) => c.role)).toEqual(['customer_id', 'timestamp', 'channel', 'event', 'converted']);
  });
  it('experiment: arm with control/treatment, outcomes', () => {
    const ds = ingest([
      ['user_id', 'group', 'converted', 'revenue'],
      ['U1', 'control', 0, 0],
      ['U2', 'treatment', 1, 12.5],
      ['U3', 'control', 1, 3],
      ['U4', 'treatment', 0, 0],
    ]);
    expect(ds.kind).toBe('experiment');
    expect(ds.columns.map((c) => c.role)).toEqual(['unit_id', 'arm', 'outcome', 'outcome']);
  });
  it('experiment: a pre-period measure is the covariate, not an outcome (pre_spend_90d, 历史消费)', () => {
    // The sample workbook's Experiment sheet: the pre-period spend names an outcome metric ("spend") but
    // is measured before assignment, so it can only be a covariate (CUPED), never an outcome.
    for (const pre of ['pre_spend_90d', '历史消费']) {
      const ds = ingest([
        ['user_id', '组别', pre, 'converted', 'spend_30d'],
        ['U1', '对照', 120, 0, 0],
        ['U2', '满减券', 80, 1, 55],
        ['U3', '对照', 0, 1, 30],
        ['U4', '满减券', 300, 0, 0],
      ]);
      expect(ds.kind).toBe('experiment');
      expect(ds.columns.map((c) => c.role)).toEqual(['unit_id', 'arm', 'covariate', 'outcome', 'outcome']);
    }
  });
  it('invoices: 发票号, 供应商, 开票日期, 金额, 税额, 币种', () => {
    const ds = ingest([
      ['发票号', '供应商', '开票日期', '金额', '税额', '币种'],
      ['INV-1', '巨量引擎', '2024-06-30', 10000, 600, 'CNY'],
      ['INV-2', '腾讯广告', '2024-06-30', 8000, 480, 'CNY'],
      ['INV-3', '巨量引擎', '2024-07-31', 9000, 540, 'CNY'],
    ]);
    expect(ds.kind).toBe('invoices');
    expect(ds.columns.map((c) => c.role)).toEqual([
      'invoice_id',
      'vendor',
      'invoice_date',
      'amount',
      'tax',
      'currency',
    ]);
  });
  it("invoices: the service period columns are the period start and end (the sample's service_start, service_end)", () => {
    // assets/sample/README.md: invoices carry a service period; an invoice dated 2025-07-05 bills June.
    const ds = ingest([
      ['invoice_id', 'vendor', 'invoice_date', 'service_start', 'service_end', 'amount'],
      ['INV-1', 'Baidu', '2025-07-05', '2025-06-01', '2025-06-30', 50569.6],
      ['INV-2', 'Baidu', '2025-08-05', '2025-07-01', '2025-07-31', 15644],
      ['INV-3', 'Tencent', '2025-08-05', '2025-07-01', '2025-07-31', 9000],
    ]);
    expect(ds.kind).toBe('invoices');
    expect(ds.columns.map((c) => c.role)).toEqual([
      'invoice_id',
      'vendor',
      'invoice_date',
      'period_start',
      'period_end',
      'amount',
    ]);
  });
  it('budget: 渠道, 月份, 预算', () => {
    const ds = ingest([
      ['渠道', '月份', '预算'],
      ['抖音', '2024-06', 10000],
      ['微信', '2024-06', 8000],
      ['抖音', '2024-07', 12000],
    ]);
    expect(ds.kind).toBe('budget');
    expect(ds.columns.map((c) => c.role)).toEqual(['channel', 'period', 'amount']);
  });
});

describe('hints and unknown tables', () => {
  it('a kind hint wins and missing roles are named', () => {
    const ds = ingest(
      [
        ['Customer ID', 'Channel'],
        ['C1', 'Email'],
        ['C2', 'Search'],
      ],
      { sheetKindHint: 'orders' },
    );
    expect(ds.kind).toBe('orders');
    expect(ds.kindConfidence).toBe(1);
    const d = ds.diagnostics.find((x) => x.code === 'role-missing')!;
    expect(d.severity).toBe('warning');
    expect(d.message.en).toContain('date, amount');
  });
  it('an unrecognised table has no kind and an info saying so', () => {
    const ds = ingest([
      ['Name', 'Colour'],
      ['Ann', 'red'],
      ['Bob', 'blue'],
    ]);
    expect(ds.kind).toBeNull();
    expect(ds.kindConfidence).toBe(0);
    expect(ds.diagnostics.map((d) => [d.code, d.severity])).toEqual([['kind-unrecognised', 'info']]);
  });
});

describe('header scores matched once for every table kind', () => {
  it('gives each kind the proposal it gets on its own', () => {
    // Hand-made headers of several kinds (orders, customers, campaign spend, an experiment, Chinese headers): the
    // proposals of proposeKind, which matches each rule's header once for all kinds, against proposeRoles per kind.
    const sets: RoleColumn[][] = [
      [
        { header: 'Order ID', type: 'identifier' },
        { header: 'Customer ID', type: 'identifier' },
        { header: 'Order Date', type: 'date' },
        { header: 'Amount', type: 'number' },
        { header: 'Channel', type: 'category', distinct: 5, sampleValues: ['email', 'paid'] },
      ],
      [
        { header: 'Campaign', type: 'category', distinct: 4, sampleValues: ['a'] },
        { header: 'Date', type: 'date' },
        { header: 'Spend', type: 'currency' },
        { header: 'Clicks', type: 'integer' },
        { header: 'Conversion rate', type: 'percent' },
      ],
      [
        { header: 'user', type: 'identifier' },
        { header: 'group', type: 'category', distinct: 2, sampleValues: ['control', 'treatment'] },
        { header: 'converted', type: 'boolean' },
      ],
      [
        { header: '客户编号', type: 'identifier' },
        { header: '下单日期', type: 'date' },
        { header: '金额', type: 'number' },
        { header: '数量', type: 'integer' },
        { header: '单价', type: 'number' },
      ],
    ];
    for (const columns of sets) {
      const byKind = new Map(TABLE_KINDS.map((k) => [k, proposeRoles(columns, k)]));
      for (const p of proposeKind(columns).all) expect(p).toEqual(byKind.get(p.kind));
    }
  });
});
