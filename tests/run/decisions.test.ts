/**
 * "What Loopbook decided" about how a table was read (src/run/decisions.ts): the format line, one line per status
 * with its orders and money (each order once), and the period parsing. Corpus files (tests/corpus/cases.ts) are
 * ingested as the CLI does; each expected count and amount is summed here from the generated cells.
 */
import { describe, expect, it } from 'vitest';
import { columnLetter } from '../../src/a1.js';
import { ingestGrid } from '../../src/ingest/index.js';
import type { Dataset } from '../../src/ingest/types.js';
import { formatLine, money, periodLines, statusLines, understood } from '../../src/run/decisions.js';
import { makeDataset, serial } from '../analysis/helpers.js';
import { corpusCases, type Cell, type CorpusCase } from '../corpus/cases.js';

const byFile = (f: string): CorpusCase => corpusCases().find((c) => c.file === f)!;

function ingest(c: CorpusCase): Dataset {
  const width = Math.max(...c.rows.map((r) => r.length));
  // A date cell reaches ingest as Excel gives it: a serial number.
  const cell = (v: Cell | undefined) => (v instanceof Date ? serial(v.toISOString().slice(0, 10)) : (v ?? null));
  const values = c.rows.map((r) => Array.from({ length: width }, (_, i) => cell(r[i])));
  return ingestGrid({ sheet: c.sheet ?? 'Sheet1', address: `A1:${columnLetter(width - 1)}${c.rows.length}`, values });
}

/** Orders with `status` in column `statusHeader` (each `orderHeader` once) and the sums of two money columns. */
function tally(c: CorpusCase, statusHeader: string, status: string, orderHeader: string, ...money: string[]) {
  const [header, ...rows] = c.rows;
  const at = (h: string) => header.indexOf(h);
  const seen = new Set<Cell>();
  const sums = money.map(() => 0);
  let orders = 0;
  for (const r of rows) {
    if (seen.has(r[at(orderHeader)])) continue;
    seen.add(r[at(orderHeader)]);
    if (r[at(statusHeader)] !== status) continue;
    orders++;
    money.forEach((h, k) => (sums[k] += Number(r[at(h)])));
  }
  return { orders, sums };
}

const text = (d: { text: { en: string } }[]): string[] => d.map((x) => x.text.en);

describe('what Loopbook decided about a table', () => {
  it('names the format and the columns it took, and the columns it leaves out (Taobao 订单报表)', () => {
    const line = formatLine(ingest(byFile('taobao-orders.xlsx'))).text.en;
    expect(line).toMatch(/^Sheet ExportOrderList: Taobao \/ Tmall order report — /);
    expect(line).toContain('买家会员名 as customer');
    expect(line).toContain('买家实际支付金额 as amount');
    expect(line).toMatch(/not used: .*买家支付宝账号.*总金额/);
  });

  it('says a table of no known format is read by the general rules', () => {
    const plain = { ...makeDataset('orders', [{ name: 'Amount', role: 'amount', values: [1] }]), sheet: 'Orders' };
    expect(formatLine(plain).text.en).toBe('Sheet Orders: no known export format; read by the general rules');
    expect(formatLine(plain, true).text.en).toMatch(/as the recipe says \("format": "none"\)/);
  });

  it('counts closed Taobao orders and their money: "N orders 交易关闭 not counted, ¥…"', () => {
    const c = byFile('taobao-orders.xlsx');
    const closed = tally(c, '订单状态', '交易关闭', '订单编号', '买家实际支付金额');
    const success = tally(c, '订单状态', '交易成功', '订单编号', '买家实际支付金额');
    const lines = text(statusLines(ingest(c), { currency: 'CNY' }));
    expect(lines).toContain(
      `${closed.orders} orders 交易关闭 not counted (cancelled or closed), ${money(closed.sums[0], 'CNY')}`,
    );
    expect(lines).toContain(`${success.orders} orders 交易成功 counted, ${money(success.sums[0], 'CNY')}`);
    // Counted lines first, then those left out.
    expect(lines.findIndex((l) => l.includes(' not counted'))).toBeGreaterThan(
      lines.findIndex((l) => l.includes('交易成功')),
    );
  });

  it('gives a partial refund with the amount refunded, in the currency of the Currency column (Shopify)', () => {
    const c = byFile('shopify-orders.csv');
    const partial = tally(c, 'Financial Status', 'partially_refunded', 'Name', 'Total', 'Refunded Amount');
    expect(partial.orders).toBeGreaterThan(0);
    expect(text(statusLines(ingest(c), { currency: 'CNY' }))).toContain(
      `${partial.orders} orders partially_refunded counted, ${money(partial.sums[0], 'USD')}, ${money(partial.sums[1], 'USD')} refunded subtracted`,
    );
  });

  it('counts an order over several rows once, with its order total once (抖店 sub-orders)', () => {
    const c = byFile('douyin-orders.xlsx');
    const closed = tally(c, '订单状态', '已关闭', '主订单编号', '订单应付金额');
    expect(text(statusLines(ingest(c), { currency: 'CNY' }))).toContain(
      `${closed.orders} orders 已关闭 not counted (cancelled or closed), ${money(closed.sums[0], 'CNY')}`,
    );
  });

  it('calls CRM records deals and says lost ones are not counted (HubSpot)', () => {
    const c = byFile('hubspot-deals.csv');
    const lost = tally(c, 'Deal Stage', 'closedlost', 'Record ID', 'Amount');
    expect(text(statusLines(ingest(c), { currency: 'USD' }))).toContain(
      `${lost.orders} deals closedlost not counted (lost), ${money(lost.sums[0], 'USD')}`,
    );
  });

  it('says how a text period column was read, and which texts were not', () => {
    const ds = {
      ...makeDataset('invoices', [
        { name: 'Amount', role: 'amount', values: [1, 2, 3] },
        {
          name: 'Service period',
          role: 'period',
          values: ['2024-06-01 to 2024-06-30', '2024/7/1-2024/7/31', 'soon'],
          type: 'text',
        },
      ]),
      sheet: 'Invoices',
    };
    expect(text(periodLines(ds))).toEqual([
      'Sheet Invoices: Service period read as periods, 2 of 3 rows ("2024-06-01 to 2024-06-30" → 2024-06-01 – 2024-06-30); not read: "soon"',
    ]);
  });

  it('gives the span of a start and end date column pair (Meta Reporting starts / ends)', () => {
    const ds = makeDataset('campaigns', [
      {
        name: 'Reporting starts',
        role: 'period_start',
        values: ['2024-06-01', '2024-05-01'].map(serial),
        type: 'date',
      },
      { name: 'Reporting ends', role: 'period_end', values: ['2024-06-30', '2024-05-31'].map(serial), type: 'date' },
    ]);
    expect(text(periodLines(ds))).toEqual([
      "Sheet campaigns: Reporting starts and Reporting ends read as each row's period (2024-05-01 to 2024-06-30)",
    ]);
  });

  it('writes money with the currency symbol, or the code when it has none', () => {
    expect([money(95669, 'CNY'), money(1204.5, 'USD'), money(-3.456, 'EUR'), money(12, 'CHF')]).toEqual([
      '¥95,669.00',
      '$1,204.50',
      '-€3.46',
      '12.00 CHF',
    ]);
  });

  it('leaves the dataset unchanged and says the same in Chinese', () => {
    const ds = ingest(byFile('taobao-orders.xlsx'));
    const before = JSON.stringify(ds.table.objects());
    const lines = understood(ds, { currency: 'CNY' });
    expect(JSON.stringify(ds.table.objects())).toBe(before);
    expect(lines.every((l) => l.text['zh-CN'].length > 0 && l.text['zh-CN'] !== l.text.en)).toBe(true);
    expect(lines[0].text['zh-CN']).toContain('买家会员名 作为客户');
  });
});
