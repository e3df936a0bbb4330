// "Use selection" checks (addin/taskpane/selection-check.ts): below a table's header row, part of a table,
// values in the first row. The tables and addresses are written out here; each expected fix is read off them.
import { describe, expect, it } from 'vitest';
import { checkSelection } from '../../addin/taskpane/selection-check.js';
import type { SourceView } from '../../addin/worker/protocol.js';

// A detected orders table on Orders!A3:F3006: header in row 3, 3,003 data rows, six columns.
const table = { id: 'Orders!A3:F3006', sheet: 'Orders', address: 'A3:F3006' } as SourceView;
const sel = (address: string, sheet = 'Orders') => ({ id: `${sheet}!${address}`, sheet, address, rows: 0, columns: 0 });

describe('checkSelection', () => {
  it('the whole table, or a range elsewhere with text headers: no problem', () => {
    expect(checkSelection(sel('A3:F3006'), [table], ['订单号', '客户'])).toBeNull();
    expect(checkSelection(sel('A1:C9', 'Spend'), [table], ['Week', 'Channel', 'Spend'])).toBeNull();
  });

  it('below the header row: stops, offers the whole table, and the header row when it is just above', () => {
    const p = checkSelection(sel('A4:F200'), [table], ['SO-1', 'C001', 45600, 99]);
    expect(p?.code).toBe('pane.selection-no-header');
    expect(p?.text.en).toContain('below the header row (row 3) of the table Orders!A3:F3006');
    expect(p?.text['zh-CN']).toContain('标题行（第 3 行）');
    expect(p?.fixes.map((f) => f.label.en)).toEqual([
      'Use the whole table Orders!A3:F3006',
      'Add the header row: use A3:F200',
    ]);
    expect(p?.fixes[1]).toMatchObject({ use: 'range', address: 'A3:F200' });
    // Further down: only the whole table (rows 4–49 would come with the header row).
    expect(checkSelection(sel('A50:F60'), [table], null)?.fixes).toHaveLength(1);
  });

  it('part of the table, header included: stops, offers the whole table or just the selection', () => {
    const p = checkSelection(sel('A3:D100'), [table], ['订单号', '客户', '日期', '金额']);
    expect(p?.code).toBe('pane.selection-partial');
    // 97 of 3,003 data rows (rows 4–100; 4–3006), 4 of 6 columns.
    expect(p?.text.en).toContain('(97 of 3,003 data rows, 4 of 6 columns)');
    expect(p?.fixes.map((f) => f.label['zh-CN'])).toEqual(['使用整张表 Orders!A3:F3006', '仅使用 A3:D100']);
  });

  it('values in the first row of a range no table covers: stops, offers the row above as the header', () => {
    const p = checkSelection(sel('B5:D20', 'Sheet2'), [table], ['SO-7', 45600, 120.5]);
    expect(p?.code).toBe('pane.selection-values-header');
    expect(p?.text.en).toContain('holds values (45600, 120.5)');
    expect(p?.text['zh-CN']).toContain('第一行是数值（45600、120.5）');
    expect(p?.fixes.map((f) => f.label.en)).toEqual(['Use row 4 as the header: B4:D20', 'Use it as it is']);
    // In row 1 there is no row above: only "as it is".
    expect(checkSelection(sel('A1:C5', 'Sheet2'), [], [1, 2, 3])?.fixes.map((f) => f.label.en)).toEqual([
      'Use it as it is',
    ]);
  });
});
