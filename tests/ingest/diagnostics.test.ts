/** The diagnostics catalogue: every code speaks both languages; clean sheets produce no warnings. */
import { describe, expect, it } from 'vitest';
import { INGEST_DIAGNOSTIC_CODES, ingestDiagnostic, ingestGrid } from '../../src/ingest/index.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

describe('catalogue', () => {
  it.each(INGEST_DIAGNOSTIC_CODES)('%s has an English and a Chinese message', (code) => {
    const d = ingestDiagnostic(
      code,
      { sheet: 'Sheet1', column: 'Amount', columnLetter: 'C', rows: [2, 3, 4, 5, 6, 7], count: 9 },
      {
        examples: ['x'],
        value: 'orders',
        other: 'amount',
      },
    );
    expect(d.code).toBe(code);
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.message.en.length).toBeGreaterThan(10);
    expect(d.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(d.message.en).not.toMatch(/undefined|\[object/);
    expect(d.message['zh-CN']).not.toMatch(/undefined|\[object/);
    expect(d.where?.rows).toEqual([2, 3, 4, 5, 6]); // cut to five examples
    expect(d.where?.count).toBe(9);
  });
});

describe('clean fixtures', () => {
  it('a tidy orders sheet from Excel yields no warnings or errors', () => {
    const values = [
      ['Order ID', 'Customer ID', 'Order Date', 'Amount', 'Quantity', 'Channel'],
      ['O-1', 'C-001', 45461, 12.5, 1, 'Email'],
      ['O-2', 'C-002', 45462, 8, 2, 'Search'],
      ['O-3', 'C-001', 45463, 30, 1, 'Email'],
    ];
    const numberFormats = values.map((_, r) => [
      'General',
      'General',
      r ? 'yyyy-mm-dd' : 'General',
      r ? '"$"#,##0.00' : 'General',
      'General',
      'General',
    ]);
    const ds = ingestGrid(deepFreeze({ sheet: 'Orders', address: 'A1:F4', values, numberFormats }));
    expect(ds.diagnostics).toEqual([]);
    expect(ds.kind).toBe('orders');
    expect(ds.columns.map((c) => c.type)).toEqual([
      'identifier',
      'identifier',
      'date',
      'currency',
      'integer',
      'category',
    ]);
  });
  it('a tidy campaign sheet from a .csv in Chinese yields no diagnostics', () => {
    const ds = ingestGrid(
      deepFreeze(
        gridOf('投放', [
          ['日期', '渠道', '消耗', '展现', '点击'],
          ['2024/6/1', '抖音', '1,000.00', '120000', '3000'],
          ['2024/6/2', '抖音', '1,200.00', '130000', '3200'],
          ['2024/6/1', '微信', '800.00', '90000', '2100'],
        ]),
      ),
    );
    expect(ds.diagnostics).toEqual([]);
    expect(ds.kind).toBe('campaigns');
  });
});
