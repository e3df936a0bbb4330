/**
 * What the DuckDB pushdown holds in the process beside DuckDB (src/source/duckdb/orders.ts heldBytes, and the
 * summaries of one pass sharing their columns, src/source/sql/customer-summary.ts summaryFromRows). Expected values
 * worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { heldBytes } from '../../src/source/duckdb/orders.js';
import { summaryFromRows, type SummaryColumns } from '../../src/source/sql/customer-summary.js';
import type { SummaryOptions } from '../../src/analysis/user/customer-summary.js';

describe('heldBytes (pure)', () => {
  it('counts each typed array buffer once, 8 bytes a slot of an array, and with strings their V8 size', () => {
    const a = new Float64Array(10); // 80 bytes
    const view = a.subarray(2, 5); // the same buffer: nothing more
    const b = new Int32Array(4); // 16 bytes
    expect(heldBytes([a, view, b, null, 3])).toBe(96);
    // Two slots (16) + 'abc' (16 header + one 8-byte word) + 'abcdefghi' (16 + two words): 16 + 24 + 32 = 72.
    expect(heldBytes([['abc', 'abcdefghi']], true)).toBe(72);
    // Without `strings` only the slots.
    expect(heldBytes([['abc', 'abcdefghi']])).toBe(16);
  });
});

describe('summaryFromRows sharing a summary of the same rows', () => {
  // Two customers: A first bought on day 100, last 114, 3 orders on 2 days, revenue 60; B one order on day 107.
  const asOf = 121;
  const base = {
    id: ['A', 'B'],
    first: Float64Array.from([100, 107]),
    last: Float64Array.from([114, 107]),
    orders: Float64Array.from([3, 1]),
    days: Float64Array.from([2, 1]),
    revenue: Float64Array.from([60, 15]),
  };
  const byOrder: SummaryColumns = {
    ...base,
    events: Float64Array.from([3, 1]),
    repeat_sum: Float64Array.from([40, NaN]),
    holdout: Float64Array.from([0, 0]),
  };
  const byDay: SummaryColumns = {
    ...base,
    events: Float64Array.from([2, 1]),
    repeat_sum: Float64Array.from([30, NaN]),
    holdout: Float64Array.from([0, 0]),
  };
  const counts = { refund_rows: 0, refund_total: 0, future_rows: 0 };
  const days: SummaryOptions = { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf };
  const weeks: SummaryOptions = { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf };

  it('shares what depends on neither mode nor unit, and gives what a summary of its own gives', () => {
    const first = summaryFromRows(byOrder, counts, days);
    const second = summaryFromRows(byDay, counts, weeks, first);
    const alone = summaryFromRows({ ...byDay, id: [...base.id] }, counts, weeks);
    for (const k of ['ids', 'first', 'last', 'orders', 'days', 'revenue', 'recency'] as const)
      expect(second[k]).toBe(first[k]);
    for (const k of ['x', 't_x', 'T', 'zbar', 'holdout'] as const) expect(second[k]).not.toBe(first[k]);
    expect(second).toEqual(alone);
    // By hand, weeks: A x = 1, t_x = 14 / 7 = 2, T = (121 − 100) / 7 = 3, zbar = 30 / 1; recency 121 − 114 = 7.
    expect([...second.x]).toEqual([1, 0]);
    expect([...second.t_x]).toEqual([2, 0]);
    expect([...second.T]).toEqual([3, 2]);
    expect([...second.zbar]).toEqual([30, 0]);
    expect([...second.recency]).toEqual([7, 14]);
    // By order, days: A x = 2, zbar = 40 / 2, T = 21 days.
    expect([...first.x]).toEqual([2, 0]);
    expect([...first.zbar]).toEqual([20, 0]);
    expect([...first.T]).toEqual([21, 14]);
  });

  it('takes the ids and the read first, last and revenue columns as its own', () => {
    const s = summaryFromRows(byOrder, counts, days);
    expect(s.ids).toBe(base.id);
    expect(s.first).toBe(base.first);
    expect(s.last).toBe(base.last);
    expect(s.revenue).toBe(base.revenue);
    // Ids that are not all strings (numbers from an engine) are made strings, in an array of the summary's own.
    const t = summaryFromRows({ ...byOrder, id: [7, 'B'] }, counts, days);
    expect(t.ids).toEqual(['7', 'B']);
  });

  it('refuses a summary of other rows', () => {
    const first = summaryFromRows(byOrder, counts, days);
    const one: SummaryColumns = Object.fromEntries(
      Object.entries(byDay).map(([k, v]) => [
        k,
        (v as ArrayLike<unknown> & { slice(a: number, b: number): unknown }).slice(0, 1),
      ]),
    ) as unknown as SummaryColumns;
    expect(() => summaryFromRows(one, counts, weeks, first)).toThrow(/other rows/);
  });
});
