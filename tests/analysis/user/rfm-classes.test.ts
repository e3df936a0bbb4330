/**
 * The eight RFM classes of Chinese practice (重要价值客户 … 一般挽留客户): R, F and M each high or low against the
 * customers' plain averages. Every expected count below is computed in this file from the rows, with
 * `reduce` averages and `<` / `>` comparisons, never with Loopbook's classifier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runRfm } from '../../../src/analysis/user/rfm.js';
import type { AnalysisInputs } from '../../../src/analysis/registry-types.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { detectRecipe } from '../../../src/run/detect.js';
import { runAnalyses } from '../../../src/run/run.js';
import { readFile } from '../../../src/xlsx/read.js';
import { readReference } from '../../reference-data.js';
import { common, deepFreeze, makeOrders, serial } from '../helpers.js';

const ZH_NAMES = [
  '重要价值客户',
  '重要发展客户',
  '重要保持客户',
  '重要挽留客户',
  '一般价值客户',
  '一般发展客户',
  '一般保持客户',
  '一般挽留客户',
];

/** The class name from high/low flags, written out as the Chinese literature tabulates it (M, then R and F). */
function className(rHigh: boolean, fHigh: boolean, mHigh: boolean): string {
  const head = mHigh ? '重要' : '一般';
  const tail = rHigh ? (fHigh ? '价值' : '发展') : fHigh ? '保持' : '挽留';
  return `${head}${tail}客户`;
}

/** Counts per class name from per-customer recency (days), frequency and monetary, by plain averages. */
function expectedCounts(rows: { recency: number; frequency: number; monetary: number }[]): Record<string, number> {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avgR = mean(rows.map((r) => r.recency));
  const avgF = mean(rows.map((r) => r.frequency));
  const avgM = mean(rows.map((r) => r.monetary));
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const name = className(r.recency < avgR, r.frequency > avgF, r.monetary > avgM);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const countsOf = (res: AnalysisResult, table: string): Record<string, number> =>
  Object.fromEntries(
    res.tables.find((x) => x.name === table)!.rows.map((r) => [r.segment_name as string, r.customers as number]),
  );

describe('RFM eight classes on rfm_data_orders.csv (R package rfm, as of 2006-12-31)', () => {
  // Per customer from the CSV rows: last order date, number of orders, sum of revenue (no refunds in this file).
  const text = readReference('rfm/rfm_data_orders.csv', 'utf8');
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  for (const line of text.trim().split(/\r?\n/).slice(1)) {
    const m = /^"([^"]*)","([^"]*)",([^,]*),/.exec(line)!;
    customer.push(m[1]);
    date.push(serial(m[2]));
    amount.push(Number(m[3]));
  }
  const asOf = serial('2006-12-31');
  const per = new Map<string, { last: number; frequency: number; monetary: number }>();
  customer.forEach((c, i) => {
    const p = per.get(c) ?? { last: -Infinity, frequency: 0, monetary: 0 };
    per.set(c, { last: Math.max(p.last, date[i]), frequency: p.frequency + 1, monetary: p.monetary + amount[i] });
  });
  const rows = [...per.values()].map((p) => ({ recency: asOf - p.last, frequency: p.frequency, monetary: p.monetary }));
  const ds = deepFreeze(makeOrders({ customer, date, amount }));

  it('Chinese by default: the eight classes first, with counts equal to plain averages and comparisons', () => {
    const res = runRfm({ orders: ds }, { ...common('2006-12-31'), lang: 'zh-CN' }, {});
    expect(rows.length).toBe(995);
    const expected = expectedCounts(rows);
    expect(Object.keys(expected).length).toBe(8); // every class occurs in this data, so none is vacuous
    expect(countsOf(res, 'rfm_classes')).toEqual(expected);
    expect(res.tables.map((x) => x.name)).toEqual([
      'rfm_classes',
      'segments',
      'business_segments',
      'rf_grid',
      'customers',
    ]);
    expect(res.charts.every((c) => c.table === 'rfm_classes')).toBe(true);
    // The headline figures speak of the classes: 重要价值客户, and 重要保持 + 重要挽留 revenue.
    const fig = Object.fromEntries(res.figures.map((f) => [f.key, f.value]));
    expect(fig.important_value).toBe(expected['重要价值客户']);
    expect(fig.champions).toBeUndefined();
    // Each customer row names its class, and the class agrees with the customer's own measures.
    const customers = res.tables.find((x) => x.name === 'customers')!.rows;
    expect(new Set(customers.map((r) => r.rfm_class))).toEqual(new Set(ZH_NAMES));
    // The R package's ten segments stay in the result, in Chinese words (counts: the package README, rfm.test.ts).
    expect(countsOf(res, 'segments')['核心客户']).toBe(35);
  });

  it('English by default keeps the R package segments first, with no class column', () => {
    const res = runRfm({ orders: ds }, common('2006-12-31'), {});
    expect(res.tables.map((x) => x.name)).toEqual(['segments', 'business_segments', 'rf_grid', 'customers']);
    expect(res.tables.find((x) => x.name === 'customers')!.columns.map((c) => c.key)).not.toContain('rfm_class');
    expect(res.figures.map((f) => f.key)).toContain('champions');
  });

  it('one choice away in both languages: eight classes in English, the ten segments in Chinese', () => {
    const en = runRfm({ orders: ds }, common('2006-12-31'), { segmentMap: 'eight' });
    const expected = expectedCounts(rows);
    const enCounts = countsOf(en, 'rfm_classes');
    expect(Object.values(enCounts).reduce((a, b) => a + b, 0)).toBe(995);
    expect(enCounts['Important: valuable']).toBe(expected['重要价值客户']);
    expect(enCounts['General: to win back']).toBe(expected['一般挽留客户']);
    const zh = runRfm({ orders: ds }, { ...common('2006-12-31'), lang: 'zh-CN' }, { segmentMap: 'rfm' });
    expect(zh.tables[0].name).toBe('segments');
    expect(zh.tables.map((x) => x.name)).not.toContain('rfm_classes');
  });
});

describe('RFM eight classes, by hand', () => {
  it('a value equal to the average is low; R is high below the average days', () => {
    // As of 2024-03-01. a: last order 2024-02-29 (1 day), 3 orders, 300; b: 2024-02-01 (29 days), 1 order, 100;
    // c: 2024-01-01 (60 days), 2 orders, 200. Averages: R (1 + 29 + 60) / 3 = 30, F 2, M 200.
    // a: R high, F high, M high → 重要价值; b: R high, F low, M low → 一般发展; c: R low, F = avg → low, M = avg → low
    // → 一般挽留.
    const ds = makeOrders({
      customer: ['a', 'a', 'a', 'b', 'c', 'c'],
      date: ['2024-02-27', '2024-02-28', '2024-02-29', '2024-02-01', '2023-12-01', '2024-01-01'].map(serial),
      amount: [100, 100, 100, 100, 100, 100],
    });
    const res = runRfm({ orders: ds }, { ...common('2024-03-01'), lang: 'zh-CN' }, {});
    const rows = res.tables.find((x) => x.name === 'customers')!.rows;
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r.rfm_class]));
    expect(byId).toEqual({ a: '重要价值客户', b: '一般发展客户', c: '一般挽留客户' });
    expect(res.notes.some((n) => n['zh-CN'].includes('（30 天）'))).toBe(true);
  });
});

describe('loopbook analyze on the sample workbook in Chinese (assets/sample/loopbook-sample.xlsx)', () => {
  let inputs: AnalysisInputs;
  let res: AnalysisResult;
  beforeAll(async () => {
    const file = await readFile('assets/sample/loopbook-sample.xlsx');
    // The command line's path without a recipe: detect, then run with each analysis's defaults.
    const detected = detectRecipe(
      file.grids.map((g) => ingestGrid(g)),
      { asOf: null, currency: 'CNY', lang: 'zh-CN' },
    );
    inputs = detected.inputs;
    res = runAnalyses(inputs, detected.recipe, undefined, { only: ['rfm'] }).results[0];
  }, 120_000);

  it('writes the eight classes, each count equal to plain averages over the per-customer measures', () => {
    const customers = res.tables.find((x) => x.name === 'customers')!;
    // Every customer is listed (7,618 < 10,000 rows), so the table carries each one's measures.
    const total = res.figures.find((f) => f.key === 'customers')!.value;
    expect(customers.rows.length).toBe(total);
    const rows = customers.rows.map((r) => ({
      recency: r.recency_days as number,
      frequency: r.frequency as number,
      monetary: r.monetary as number,
    }));
    const expected = expectedCounts(rows);
    expect(Object.keys(expected).sort()).toEqual([...ZH_NAMES].sort());
    expect(res.tables[0].name).toBe('rfm_classes');
    expect(countsOf(res, 'rfm_classes')).toEqual(expected);
  });
});
