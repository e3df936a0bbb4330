/**
 * The committed sample workbook: up to date with its generator, deterministic, within 3 MB, and holding
 * the planted effects. Every aggregate below is computed here from the sheets' rows, independently of
 * the generator's own bookkeeping (SampleTruth), with the rule stated next to it.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSample, SAMPLE_PATH } from '../../scripts/make-sample.js';
import type { Sample } from '../../scripts/make-sample.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { readXlsx } from '../../src/xlsx/read-xlsx.js';

const JAN1_2025 = 45658; // Excel =DATE(2025,1,1)
const BASE = 45292; // Excel =DATE(2024,1,1)

const hashValues = (grids: readonly CellGrid[]): string =>
  createHash('sha256')
    .update(JSON.stringify(grids.map((g) => [g.sheet, g.address, g.values])))
    .digest('hex');

let sample: Sample;
let sheets: Map<string, CellValue[][]>;
const rows = (name: string): CellValue[][] => sheets.get(name)!.slice(1);
const num = (v: CellValue): number | null => (typeof v === 'number' ? v : null);

beforeAll(async () => {
  sample = makeSample();
  const file = await readXlsx(SAMPLE_PATH);
  expect(file.diagnostics).toEqual([]);
  sheets = new Map(file.grids.map((g) => [g.sheet, g.values]));
  // The committed file must be what the generator makes now (regenerate with scripts/make-sample.ts).
  expect(hashValues(file.grids)).toBe(hashValues(sample.grids));
});

describe('sample workbook', () => {
  it('is deterministic, and leaves its options object unchanged', () => {
    const options = Object.freeze({ seed: 7, scale: 0.05 });
    const a = makeSample(options);
    const b = makeSample(options);
    expect(hashValues(a.grids)).toBe(hashValues(b.grids));
    expect(hashValues(a.grids)).not.toBe(hashValues(makeSample({ seed: 8, scale: 0.05 }).grids));
    expect(options).toEqual({ seed: 7, scale: 0.05 });
  });

  it('is at most 3 MB and has the seven sheets at the documented sizes', () => {
    expect(statSync(SAMPLE_PATH).size).toBeLessThanOrEqual(3 * 2 ** 20);
    expect([...sheets.keys()]).toEqual([
      'Customers',
      'Orders',
      'Campaigns',
      'Touches',
      'Experiment',
      'Invoices',
      'Budget',
    ]);
    expect(rows('Customers').length).toBeGreaterThan(7000);
    expect(rows('Customers').length).toBeLessThan(9000);
    expect(rows('Orders').length).toBeGreaterThan(40_000);
    expect(rows('Orders').length).toBeLessThan(60_000);
    for (const g of sample.grids) for (const r of g.values) expect(r.length).toBe(g.values[0].length);
  });

  it('keeps dates as serials in 2024–2025 with date formats', () => {
    const dates = rows('Orders')
      .map((r) => num(r[2]))
      .filter((d): d is number => d !== null);
    expect(Math.min(...dates)).toBeGreaterThanOrEqual(BASE);
    expect(Math.max(...dates)).toBeLessThanOrEqual(46022); // =DATE(2025,12,31)
    expect(sample.grids[1].numberFormats![1][2]).toBe('yyyy-mm-dd');
  });

  it('holds the planted mess', () => {
    const orders = rows('Orders');
    const ids = orders.map((r) => r[0]).filter((x) => x !== null);
    expect(ids.length - new Set(ids).size).toBe(1); // one duplicate order id
    expect(orders.filter((r) => r.every((v) => v === null)).length).toBe(3); // blank rows
    expect(orders.filter((r) => r[3] === '待确认').length).toBe(1); // text in the amount column
    expect(orders.filter((r) => r[7] === '退款' && (num(r[3]) ?? 0) < 0).length).toBeGreaterThan(100); // refund lines
    const campaigns = rows('Campaigns');
    expect(campaigns.at(-1)![0]).toBe('合计');
    expect(campaigns.filter((r) => r[7] === '#N/A').length).toBe(1);
    expect(campaigns.filter((r) => r[3] === 0 && r[5] === 0).length).toBe(1); // zero-spend, zero-click week
  });

  it('paid social sign-ups rarely buy again', () => {
    // Second-purchase rate = customers with ≥ 2 order lines of positive amount ÷ customers with ≥ 1, by 获客渠道.
    const count = new Map<CellValue, number>();
    for (const r of rows('Orders')) if ((num(r[3]) ?? 0) > 0) count.set(r[1], (count.get(r[1]) ?? 0) + 1);
    const by = new Map<string, [number, number]>();
    for (const r of rows('Customers')) {
      if (r[0] === null) continue;
      const n = count.get(r[0]) ?? 0;
      if (n === 0) continue;
      const k = r[2] === 'Paid Social' ? 'ps' : 'other';
      const s = by.get(k) ?? [0, 0];
      by.set(k, [s[0] + 1, s[1] + (n >= 2 ? 1 : 0)]);
    }
    const ps = by.get('ps')!;
    const other = by.get('other')!;
    expect(ps[0]).toBeGreaterThan(1500); // many sign-ups that buy
    expect(ps[1] / ps[0]).toBeLessThan(0.5 * (other[1] / other[0]));
  });

  it('paid social platform revenue is about twice the order revenue; the others are within 1.3×', () => {
    const reported = new Map<CellValue, number>();
    for (const r of rows('Campaigns'))
      if (r[0] !== '合计') reported.set(r[1], (reported.get(r[1]) ?? 0) + (num(r[7]) ?? 0));
    const real = new Map<CellValue, number>();
    for (const r of rows('Orders')) real.set(r[4], (real.get(r[4]) ?? 0) + (num(r[3]) ?? 0));
    const ratio = (c: string): number => reported.get(c)! / real.get(c)!;
    expect(ratio('Paid Social')).toBeGreaterThan(1.8);
    expect(ratio('Paid Social')).toBeLessThan(2.2);
    for (const c of ['Paid Search', 'Community', 'Email/SMS', 'Content', 'Affiliate'])
      expect(ratio(c)).toBeLessThan(1.3);
  });

  it('paid social is over its 2025 budget; the other channels are within 10%', () => {
    const spent = new Map<CellValue, number>();
    for (const r of rows('Campaigns')) {
      if (r[0] !== '合计' && (num(r[2]) ?? 0) >= JAN1_2025) spent.set(r[1], (spent.get(r[1]) ?? 0) + num(r[3])!);
    }
    const budget = new Map<CellValue, number>();
    for (const r of rows('Budget')) if (num(r[1])! >= JAN1_2025) budget.set(r[0], (budget.get(r[0]) ?? 0) + num(r[2])!);
    const use = (c: string): number => spent.get(c)! / budget.get(c)!;
    expect(use('Paid Social')).toBeGreaterThan(1.2);
    for (const c of ['Paid Search', 'Community', 'Email/SMS', 'Content', 'Affiliate']) {
      expect(Math.abs(use(c) - 1)).toBeLessThan(0.1);
    }
  });

  it('the coupon lifts 30-day spend of at-risk (流失预警) customers only', () => {
    // Welch z of mean spend_30d, treatment against 对照, within each 客户分群.
    const cells = new Map<string, number[]>();
    for (const r of rows('Experiment')) {
      const k = `${String(r[2])}|${String(r[1])}`;
      const a = cells.get(k) ?? [];
      a.push(num(r[5])!);
      cells.set(k, a);
    }
    const stats = (x: number[]): [number, number, number] => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1); // STDEV.S²
      return [x.length, m, v];
    };
    const welch = (seg: string, arm: string): { z: number; lift: number } => {
      const [n0, m0, v0] = stats(cells.get(`${seg}|对照`)!);
      const [n1, m1, v1] = stats(cells.get(`${seg}|${arm}`)!);
      return { z: (m1 - m0) / Math.sqrt(v0 / n0 + v1 / n1), lift: (m1 - m0) / m0 };
    };
    const planted = welch('流失预警', '满减券');
    expect(planted.z).toBeGreaterThan(3);
    expect(planted.lift).toBeGreaterThan(0.5);
    for (const seg of ['新客', '高价值', '潜力', '流失预警', '已流失']) {
      for (const arm of ['满减券', '新品推荐']) {
        if (seg === '流失预警' && arm === '满减券') continue;
        expect(Math.abs(welch(seg, arm).z), `${seg} ${arm}`).toBeLessThan(2);
      }
    }
  });

  it('potential customers answer community touches; high-value customers ignore ads', () => {
    // Segment at the path start from the customer's positive order lines before that day (README rule).
    const buys = new Map<CellValue, number[]>();
    for (const r of rows('Orders')) {
      if ((num(r[3]) ?? 0) > 0) {
        const a = buys.get(r[1]) ?? [];
        a.push(num(r[2])!);
        buys.set(r[1], a);
      }
    }
    for (const a of buys.values()) a.sort((x, y) => x - y);
    const segment = (c: CellValue, t: number): string => {
      const d = (buys.get(c) ?? []).filter((x) => x < t);
      if (d.length === 0) return 'none';
      if (t - d[0] <= 60) return 'new';
      const r = t - d[d.length - 1];
      if (r > 270) return 'lost';
      if (r > 90) return 'at risk';
      return d.length >= 6 ? 'high' : 'potential';
    };
    const paths = new Map<CellValue, CellValue[][]>();
    for (const r of rows('Touches')) paths.set(r[0], [...(paths.get(r[0]) ?? []), r]);
    const tally = new Map<string, [number, number]>();
    const add = (k: string, conv: boolean): void => {
      const s = tally.get(k) ?? [0, 0];
      tally.set(k, [s[0] + 1, s[1] + (conv ? 1 : 0)]);
    };
    for (const [c, p] of paths) {
      const seg = segment(c, Math.floor(num(p[0][3])!));
      const conv = p.some((r) => r[5] === 1);
      const community = p.some((r) => r[1] === 'Community');
      const adsOnly = p.every((r) => r[1] === 'Paid Search' || r[1] === 'Paid Social');
      if (community) add(seg === 'potential' ? 'potential+community' : 'others+community', conv);
      if (adsOnly) add(seg === 'high' ? 'high+ads' : 'others+ads', conv);
    }
    const rate = (k: string): number => tally.get(k)![1] / tally.get(k)![0];
    expect(tally.get('potential+community')![0]).toBeGreaterThan(150);
    expect(rate('potential+community')).toBeGreaterThan(0.2);
    expect(rate('potential+community')).toBeGreaterThan(2.5 * rate('others+community'));
    expect(tally.get('high+ads')![0]).toBeGreaterThan(150);
    expect(rate('high+ads')).toBeLessThan(0.5 * rate('others+ads'));
  });

  it("invoices: exact lines equal the month's platform spend; planted cases are where the README says", () => {
    // Platform spend by campaign and month of the week's Monday, in cents.
    const monthOf = (serial: number): string => new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 7);
    const spend = new Map<string, number>();
    for (const r of rows('Campaigns')) {
      if (r[0] === '合计') continue;
      const k = `${String(r[0])}|${monthOf(num(r[2])!)}`;
      spend.set(k, (spend.get(k) ?? 0) + Math.round(num(r[3])! * 100));
    }
    const inv = rows('Invoices');
    const at = (excelRow: number): CellValue[] => inv[excelRow - 2];
    const cases = sample.truth.invoiceCases;
    const exact = cases.find((c) => c.case === 'exact')!;
    expect(exact.rows.length).toBeGreaterThan(100);
    for (const row of exact.rows) {
      const r = at(row);
      expect(Math.round(num(r[8])! * 100), `row ${row}`).toBe(spend.get(`${String(r[3])}|${monthOf(num(r[6])!)}`));
    }
    const dup = cases.find((c) => c.case === 'duplicate')!;
    expect(at(dup.rows[0])).toEqual(at(dup.rows[1]));
    const orphan = cases.find((c) => c.case === 'no_platform_spend')!;
    expect(rows('Campaigns').some((r) => r[0] === at(orphan.rows[0])[3])).toBe(false);
    for (const c of cases.filter((x) => x.case === 'not_invoiced')) {
      expect(spend.get(`${c.campaign!}|${c.month}`)).toBeGreaterThan(0);
      expect(inv.some((r) => r[3] === c.campaign && monthOf(num(r[6])!) === c.month)).toBe(false);
    }
    for (const c of cases.filter((x) => x.case === 'split')) {
      const total = c.rows.reduce((a, row) => a + Math.round(num(at(row)[8])! * 100), 0);
      expect(total).toBe(spend.get(`${c.campaign!}|${c.month}`));
    }
    expect(new Set(cases.map((c) => c.case))).toEqual(
      new Set([
        'exact',
        'split',
        'renamed',
        'chinese_name',
        'duplicate',
        'no_platform_spend',
        'not_invoiced',
        'tolerance',
        'variance',
      ]),
    );
  });
});
