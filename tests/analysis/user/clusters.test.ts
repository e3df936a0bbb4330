import { describe, expect, it } from 'vitest';
import { clustersAnalysis, skewness, suggestName } from '../../../src/analysis/user/clusters.js';
import { common, makeDataset, makeOrders, serial } from '../helpers.js';
import { cdnowOrders } from './cdnow.js';

/** Three obvious groups: 10 loyal (12 orders, recent, 100 each), 10 lapsed (1 order, a year ago, 20), 10 middling. */
function groups() {
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  const base = serial('2024-01-01');
  for (let i = 0; i < 10; i++) {
    for (let k = 0; k < 12; k++) {
      customer.push(`L${i}`);
      date.push(base + 300 + k * 5 + i);
      amount.push(100 + i);
    }
    customer.push(`X${i}`);
    date.push(base + i);
    amount.push(20 + i);
    for (let k = 0; k < 4; k++) {
      customer.push(`M${i}`);
      date.push(base + 150 + k * 20 + i);
      amount.push(50 + i);
    }
  }
  return makeOrders({ customer, date, amount });
}

describe('clusters', () => {
  const c = common('2024-12-31');
  it('finds the three planted groups, deterministic for a seed, seed written into the result', () => {
    const a = clustersAnalysis.run({ orders: groups() }, c, {});
    const b = clustersAnalysis.run({ orders: groups() }, c, {});
    expect(a).toEqual(b);
    const f = Object.fromEntries(a.figures.map((x) => [x.key, x.value]));
    expect(f.k).toBe(3);
    expect(f.seed).toBe(42);
    const prof = a.tables.find((x) => x.name === 'clusters')!.rows;
    expect(prof.map((r) => r.customers)).toEqual([10, 10, 10]);
    expect(prof[0].name).toBe('Best customers');
    expect(prof[2].name).toBe('Lapsed');
    const cust = a.tables.find((x) => x.name === 'customers')!.rows;
    const clusterOf = (id: string) => cust.find((r) => r.customer_id === id)!.cluster;
    expect(new Set(['L0', 'L5', 'L9'].map(clusterOf)).size).toBe(1);
    expect(clusterOf('L0')).not.toBe(clusterOf('X0'));
    expect(a.tables.find((x) => x.name === 'k_selection')!.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('fixed k and numeric attributes from the customers table (missing values imputed and reported)', () => {
    const ids = Array.from({ length: 9 }, (_, i) => `L${i}`);
    const cust = makeDataset('customers', [
      { name: 'id', role: 'customer_id', values: ids },
      { name: 'age', role: 'attribute', values: ids.map((_, i) => 30 + i) },
    ]);
    const r = clustersAnalysis.run({ orders: groups(), customers: cust }, c, { k: 2, attributes: ['age'] });
    expect(r.figures.find((x) => x.key === 'k')!.value).toBe(2);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['clusters.attribute_imputed']);
    expect(r.diagnostics[0].where?.count).toBe(21);
    expect(r.tables[0].columns.map((x) => x.key)).toContain('attr_age');
  });

  it('CDNOW: runs on 2,357 customers with CLV as a feature, no NaN', () => {
    const r = clustersAnalysis.run({ orders: cdnowOrders() }, common('1997-09-30'), {
      features: ['recency', 'frequency', 'monetary', 'clv'],
    });
    expect(r.figures.find((x) => x.key === 'customers')!.value).toBe(2357);
    const k = r.figures.find((x) => x.key === 'k')!.value!;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThanOrEqual(8);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('skewness matches Excel SKEW; names follow centroids', () => {
    expect(skewness([1, 2, 3, 10])!).toBeCloseTo(1.7636, 4); // Excel SKEW(1,2,3,10)
    expect(skewness([1, 1, 1])).toBeNull();
    expect(suggestName({ recency: -1, frequency: 1, monetary: 1 }).en).toBe('Best customers');
    expect(suggestName({ recency: 1, frequency: -1, monetary: -1 })['zh-CN']).toBe('已流失客户');
  });

  it('too few customers, empty input → diagnostics', () => {
    const one = clustersAnalysis.run(
      { orders: makeOrders({ customer: ['a', 'b'], date: [45000, 45001], amount: [1, 2] }) },
      c,
      {},
    );
    expect(one.diagnostics.map((d) => d.code)).toEqual(['clusters.too_few']);
    const e = clustersAnalysis.run({ orders: makeOrders({ customer: [], date: [], amount: [] }) }, c, {});
    expect(e.diagnostics.map((d) => d.code)).toEqual(['user.no_purchases']);
  });
});
