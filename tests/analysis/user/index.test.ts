import { describe, expect, it } from 'vitest';
import { userAnalyses } from '../../../src/analysis/user/index.js';
import { common, makeOrders, serial } from '../helpers.js';

describe('userAnalyses registry', () => {
  it('lists five analyses with unique kinds, bilingual titles and short sheet names', () => {
    expect(userAnalyses.map((a) => a.kind)).toEqual(['rfm', 'lifecycle', 'cohorts', 'clv', 'clusters']);
    for (const a of userAnalyses) {
      expect(a.title.en && a.title['zh-CN']).toBeTruthy();
      expect(a.requires[0]).toEqual({ kind: 'orders', roles: ['customer_id', 'date', 'amount'] });
    }
  });

  it('every analysis survives missing, empty, NaN and one-row input with diagnostics, never throwing or NaN', () => {
    const c = common('2024-06-30');
    const inputs = [
      {},
      { orders: makeOrders({ customer: [], date: [], amount: [] }) },
      { orders: makeOrders({ customer: ['a'], date: [Number.NaN], amount: [Number.NaN] }) },
      { orders: makeOrders({ customer: ['a'], date: [serial('2024-01-01')], amount: [10] }) },
    ];
    for (const a of userAnalyses) {
      for (const inp of inputs) {
        const r = a.run(inp, c, a.defaults);
        expect(r.kind).toBe(a.kind);
        expect(r.sheetName.en.length).toBeLessThanOrEqual(31);
        expect(r.diagnostics.length).toBeGreaterThan(0);
        expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      }
    }
  });

  it('does not change its input', () => {
    const customer = Object.freeze(['a', 'a', 'b']) as string[];
    const date = Object.freeze([serial('2024-01-01'), serial('2024-02-01'), serial('2024-03-01')]) as number[];
    const amount = Object.freeze([1, 2, 3]) as number[];
    const ds = makeOrders({ customer, date, amount });
    const before = JSON.stringify(ds.table.objects());
    for (const a of userAnalyses) a.run({ orders: ds }, common('2024-06-30'), a.defaults);
    expect(JSON.stringify(ds.table.objects())).toBe(before);
  });
});

describe('option validation', () => {
  it('invalid options fall back to defaults with a warning naming the option', () => {
    const ds = makeOrders({
      customer: ['a', 'a', 'b'],
      date: [serial('2024-01-01'), serial('2024-02-01'), serial('2024-03-01')],
      amount: [1, 2, 3],
    });
    const c = common('2024-06-30');
    const bad = {
      bins: 7,
      horizonMonths: -1,
      maxPeriods: 0,
      newDays: Number.NaN,
      kMax: 99,
      features: ['recency', 'shoe size'],
    };
    for (const a of userAnalyses) {
      const r = a.run({ orders: ds }, c, { ...a.defaults, ...bad });
      const warn = r.diagnostics.filter((d) => d.code === 'user.bad_option');
      expect(warn.length).toBeGreaterThan(0);
      expect(warn.every((d) => d.severity === 'warning' && d.message['zh-CN'].length > 0)).toBe(true);
    }
    const rfm = userAnalyses[0].run({ orders: ds }, c, { bins: 7 });
    expect(rfm.diagnostics.find((d) => d.code === 'user.bad_option')!.message.en).toContain(
      'Option bins must be one of 4, 5',
    );
    expect(rfm.tables.find((x) => x.name === 'rf_grid')!.rows).toHaveLength(5);
  });
});
