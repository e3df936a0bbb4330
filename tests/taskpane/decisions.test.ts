// The Data step's "What Loopbook decided" (issue 12 §3), without React: the engine's view of each table (the CLI's
// lines, with the figures behind each status) and the flow's changes — the format swapped for the general rules,
// a status given another meaning, the money column picked when two could be it — stored as the recipe stores them.
// Inputs are corpus files (tests/corpus/cases.ts); each expected count and amount is summed here from their cells.
import { describe, expect, it, vi } from 'vitest';
import { columnLetter } from '../../src/a1.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { STATUS_CLASSES, type StatusClass } from '../../src/ingest/types.js';
import { money, statusLines } from '../../src/run/decisions.js';
import { createEngineCore } from '../../addin/worker/engine-core.js';
import type { SourceAssignment, TableDecisions } from '../../addin/worker/protocol.js';
import { createFlow } from '../../addin/taskpane/flow.js';
import { keepStatusOrder, keptRoles } from '../../addin/taskpane/decisions.js';
import { statusTotals } from '../../addin/worker/decisions-view.js';
import { CATALOGUES } from '../../addin/taskpane/i18n/index.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { corpusCases, type Cell, type CorpusCase } from '../corpus/cases.js';
import { monthEndWorkbook } from '../corpus/month-end.js';
import { FakeHost, inProcessEngine, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

const byFile = (f: string): CorpusCase => corpusCases().find((c) => c.file === f)!;

/** The case's cells as a host reads them (the csv cells as text, the xlsx numbers as numbers). */
function gridOf(c: CorpusCase, sheet = c.sheet ?? 'Sheet1'): CellGrid {
  const width = Math.max(...c.rows.map((r) => r.length));
  const cell = (v: Cell | undefined): CellValue => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null));
  const values = c.rows.map((r) => Array.from({ length: width }, (_, i) => cell(r[i])));
  return { sheet, address: `A1:${columnLetter(width - 1)}${c.rows.length}`, values };
}

/** Orders of one status (each order id once) and the sum of a money column over their first rows. */
function tally(c: CorpusCase, statusHeader: string, status: string, orderHeader: string, moneyHeader: string) {
  const [header, ...rows] = c.rows;
  const at = (h: string) => header.indexOf(h);
  const seen = new Set<Cell>();
  let orders = 0;
  let sum = 0;
  for (const r of rows) {
    if (seen.has(r[at(orderHeader)])) continue;
    seen.add(r[at(orderHeader)]);
    if (r[at(statusHeader)] !== status) continue;
    orders++;
    sum += Number(r[at(moneyHeader)]);
  }
  return { orders, sum: Math.round(sum * 100) / 100 };
}

function loaded(c: CorpusCase) {
  const engine = createEngineCore();
  const grid = Object.freeze(gridOf(c));
  const before = JSON.stringify(grid);
  const meta = { id: `${grid.sheet}!${grid.address}`, sheet: grid.sheet, address: grid.address };
  engine.beginGrid(meta, grid);
  const view = engine.endGrid(meta.id);
  const source: SourceAssignment = {
    id: meta.id,
    kind: view.kind!,
    roles: Object.fromEntries(view.columns.map((x) => [x.header, x.role])),
  };
  return { engine, view, source, grid, before };
}

describe('the engine says what it decided about each table', () => {
  it('Taobao 订单报表: the format recognised, and each status with its orders and money, as the CLI words them', () => {
    const c = byFile('taobao-orders.xlsx');
    const { engine, source, grid, before } = loaded(c);
    const d = engine.decisions([source], 'CNY')[source.id];
    expect(d.format.recognised?.id).toBe('taobao-orders');
    expect(d.format.using).toBe('taobao-orders');
    expect(d.format.text.en).toMatch(
      /^Sheet ExportOrderList: Taobao \/ Tmall order report — .*买家实际支付金额 as amount/,
    );
    // The pane offers the change beside the line: no recipe hint in it.
    expect(d.format.text.en).not.toMatch(/recipe/);
    const closed = tally(c, '订单状态', '交易关闭', '订单编号', '买家实际支付金额');
    const line = d.statuses.find((s) => s.value === '交易关闭')!;
    expect(line).toMatchObject({ cls: 'cancelled', orders: closed.orders, amount: closed.sum, currency: 'CNY' });
    expect(line.text.en).toBe(
      `${closed.orders} orders 交易关闭 not counted (cancelled or closed), ${money(closed.sum, 'CNY')}`,
    );
    // The same lines as the command line's (src/run/decisions.ts), in the same order.
    const cli = statusLines(ingestGrid(gridOf(c)), { currency: 'CNY' });
    expect(d.statuses.map((s) => s.text)).toEqual(cli.map((l) => l.text));
    expect(JSON.stringify(grid)).toBe(before);
  });

  it('the totals: revenue counted is the generator’s (refunds of partial refunds subtracted), and the rest left out', () => {
    const c = byFile('shopify-orders.csv');
    const { engine, source } = loaded(c);
    const t = engine.decisions([source], 'CNY')[source.id].totals!;
    expect(t.counted).toEqual({
      orders: c.expect.counted!.orders,
      amount: c.expect.revenue,
      money: money(c.expect.revenue!, 'USD'),
    });
    // Left out: refunded, voided and pending orders, each order's Total once.
    const left = ['refunded', 'voided', 'pending'].map((st) => tally(c, 'Financial Status', st, 'Name', 'Total'));
    expect(t.left.orders).toBe(left.reduce((n, x) => n + x.orders, 0));
    expect(Math.round(t.left.amount * 100)).toBe(Math.round(left.reduce((n, x) => n + x.sum, 0) * 100));
    expect(t.deals).toBe(false);
    expect(statusTotals([])).toBeNull();
  });

  it('a status given another meaning moves its orders and money between counted and not counted', () => {
    const c = byFile('taobao-orders.xlsx');
    const { engine, source } = loaded(c);
    const closed = tally(c, '订单状态', '交易关闭', '订单编号', '买家实际支付金额');
    const d = engine.decisions([{ ...source, statuses: { 交易关闭: 'paid' } }], 'CNY')[source.id];
    const line = d.statuses.find((s) => s.value === '交易关闭')!;
    expect(line.cls).toBe('paid');
    expect(line.text['zh-CN']).toBe(`${closed.orders} 笔“交易关闭”订单计入，${money(closed.sum, 'CNY')}`);
  });

  it('Shopify: "none" reads the sheet by the general rules, and says so as the user chose it', () => {
    const c = byFile('shopify-orders.csv');
    const { engine, source } = loaded(c);
    const d = engine.decisions([{ ...source, format: 'none' }], 'USD')[source.id];
    expect(d.format.using).toBe('none');
    expect(d.format.recognised?.id).toBe('shopify-orders');
    expect(d.format.text.en).toBe('Sheet Sheet1: read by the general rules, as you chose');
    // The general rules do not take Email as the customer (the format does): its roles are the read roles.
    expect(d.readRoles.Email).not.toBe('customer_id');
    expect(engine.decisions([source], 'USD')[source.id].readRoles.Email).toBe('customer_id');
  });

  it('two columns that could be the amount: both named with their letters, the first holding it', () => {
    const c = byFile('orders-two-amounts.csv');
    const { engine, source } = loaded(c);
    const d = engine.decisions([source], 'CNY')[source.id];
    // c.expect.ambiguous: [{ role: 'amount', candidates: ['金额 (D)', '实付金额 (E)'] }].
    expect(d.ambiguous).toEqual([
      {
        role: 'amount',
        candidates: [
          { header: '金额', letter: 'D' },
          { header: '实付金额', letter: 'E' },
        ],
        chosen: '金额',
      },
    ]);
    const picked = engine.decisions([{ ...source, roles: { ...source.roles, 金额: null, 实付金额: 'amount' } }], 'CNY');
    expect(picked[source.id].ambiguous[0].chosen).toBe('实付金额');
  });

  it('a month-end workbook: the FX sheet says its rates, the platform spend its monthly grain', () => {
    const wb = monthEndWorkbook();
    const engine = createEngineCore();
    const sources: SourceAssignment[] = [];
    for (const name of ['FX', 'Platform spend']) {
      const sheet = wb.sheets.find((x) => x.name === name)!;
      const grid = gridOf(
        { file: `${name}.xlsx`, docs: '', rows: sheet.rows, expect: {} as CorpusCase['expect'] },
        name,
      );
      engine.beginGrid({ id: name, sheet: name, address: grid.address }, grid);
      const view = engine.endGrid(name);
      sources.push({
        id: name,
        kind: view.kind!,
        roles: Object.fromEntries(view.columns.map((x) => [x.header, x.role])),
      });
    }
    expect(sources.map((x) => x.kind)).toEqual(['fx_rates', 'campaigns']);
    const d = engine.decisions(sources, 'CNY');
    // One USD rate per data row of the generated FX sheet.
    const rates = wb.sheets.find((x) => x.name === 'FX')!.rows.length - 1;
    expect(d.FX.money[0].en).toMatch(new RegExp(`^Exchange rates: ${rates} rate\\(s\\) from "FX", USD → CNY, for `));
    expect(d['Platform spend'].money.map((m) => m.en)).toEqual([
      expect.stringMatching(/^Grain of the money tables: "Platform spend" one row per month/),
    ]);
  });

  it('campaign reports carry their grain, in the money decisions’ words', () => {
    const { engine, source } = loaded(byFile('google-ads.xlsx'));
    const d = engine.decisions([source], 'USD')[source.id];
    expect(d.money.map((m) => m.en)).toEqual([
      // The corpus's Google Ads campaign report has no date segment (tests/corpus/README or the file itself).
      'Grain of the money tables: "Campaign report" has no date column: each row is taken as a total for the period the export covers',
    ]);
  });
});

async function started(c: CorpusCase) {
  const host = new FakeHost([gridOf(c)]);
  const flow = createFlow(host, inProcessEngine(), () => '2025-01-02T03:04:05.000Z');
  await flow.start();
  const id = flow.getState().sources[0].id;
  return { host, flow, id };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('the flow changes how a table is read, and the recipe keeps it', () => {
  it('a status meaning set in the Data step updates its line and is saved under the source’s statuses', async () => {
    const c = byFile('taobao-orders.xlsx');
    const { flow, host, id } = await started(c);
    expect(flow.getState().decisions[id].statuses.find((s) => s.value === '交易关闭')?.cls).toBe('cancelled');
    flow.setStatus(id, '交易关闭', 'paid');
    await until(() => flow.getState().decisions[id].statuses.find((s) => s.value === '交易关闭')?.cls === 'paid');
    await flow.runNow('en');
    expect(flow.getState().run.status).toBe('done');
    expect(host.store?.recipe?.sources[0].statuses).toEqual({ 交易关闭: 'paid' });
  });

  it('"none" takes the general rules’ roles, keeps a role the user set, and is saved as the source’s format', async () => {
    const c = byFile('shopify-orders.csv');
    const { flow, host, id } = await started(c);
    expect(flow.getState().assignments[id].roles.Email).toBe('customer_id');
    flow.setRole(id, 'Lineitem name', 'attribute');
    await flow.setFormat(id, 'none');
    const s = flow.getState();
    expect(s.assignments[id].format).toBe('none');
    expect(s.decisions[id].format.using).toBe('none');
    // Roles as the general rules read the sheet, with the user's own over them.
    expect(s.assignments[id].roles).toEqual({ ...s.decisions[id].readRoles, 'Lineitem name': 'attribute' });
    expect(s.assignments[id].roles.Email).not.toBe('customer_id');
    // Back to the format: its roles again, the user's still kept.
    await flow.setFormat(id, 'shopify-orders');
    expect(flow.getState().assignments[id].roles).toMatchObject({ Email: 'customer_id', 'Lineitem name': 'attribute' });
    await flow.setFormat(id, 'none');
    flow.setRole(id, 'Email', 'customer_id');
    await flow.runNow('en');
    expect(flow.getState().run.status).toBe('done');
    expect(host.store?.recipe?.sources[0]).toMatchObject({ format: 'none', roles: { Email: 'customer_id' } });
  });

  it('the money column picked is a role fix: the other column loses the role, and the recipe says so', async () => {
    const c = byFile('orders-two-amounts.csv');
    const { flow, host, id } = await started(c);
    expect(flow.getState().decisions[id].ambiguous[0].chosen).toBe('金额');
    flow.setRole(id, '实付金额', 'amount');
    await until(() => flow.getState().decisions[id].ambiguous[0].chosen === '实付金额');
    await flow.runNow('en');
    expect(host.store?.recipe?.sources[0].roles).toMatchObject({ 金额: null, 实付金额: 'amount' });
    // The test registry's order total sums the amount column: now 实付金额's total (c.expect.columnTotals).
    const total = flow.getState().results!.results[0].figures[0].value!;
    expect(Math.round(total * 100)).toBe(Math.round(c.expect.columnTotals!.实付金额 * 100));
  });
});

/**
 * A budget kept by hand with months across the columns and no year anywhere (`营销预算（元）` over `渠道 | 1月 2月 3月 |
 * 合计`, as tests/cli/period-year.test.ts): the Data step says the year is missing and takes one, as the CLI's
 * `--period-year` does. Expected periods are the header months in the year given.
 */
const yearlessBudget = (): CellGrid => ({
  sheet: '预算',
  address: 'A1:E5',
  values: [
    ['营销预算（元）', null, null, null, null],
    [null, null, null, null, null],
    ['渠道', '1月', '2月', '3月', '合计'],
    ['百度推广', 1000, 2000, 3000, 6000],
    ['巨量引擎', 500, 600, 700, 1800],
  ],
});

describe('the year of a wide budget’s month headers', () => {
  it('the engine says the year is missing; a year given reads the months in it', () => {
    const engine = createEngineCore();
    const grid = yearlessBudget();
    const meta = { id: '预算!A1:E5', sheet: '预算', address: 'A1:E5' };
    engine.beginGrid(meta, grid);
    const view = engine.endGrid(meta.id);
    const source: SourceAssignment = {
      id: meta.id,
      kind: view.kind!,
      roles: Object.fromEntries(view.columns.map((x) => [x.header, x.role])),
    };
    const before = engine.decisions([source], 'CNY')[meta.id];
    expect(before.year).toEqual({ missing: true, given: null });
    expect(before.periods).toEqual([]);
    const after = engine.decisions([{ ...source, periodYear: 2023 }], 'CNY')[meta.id];
    expect(after.year).toEqual({ missing: true, given: 2023 });
    // 1月 of 2023: the first header month, read as the whole of January 2023.
    expect(after.periods[0].en).toContain('"2023-01" → 2023-01-01 – 2023-01-31');
    expect(after.money[0].en).toContain('one row per month');
  });

  it('the flow keeps the year, the run saves it with the source, and a pane opened later shows it', async () => {
    // Orders beside the budget, so the test registry's analysis runs and the run saves a recipe.
    const host = new FakeHost([ordersGrid(20), yearlessBudget()]);
    const flow = createFlow(host, inProcessEngine(), () => '2025-01-02T03:04:05.000Z');
    await flow.start();
    const id = flow.getState().sources.find((v) => v.sheet === '预算')!.id;
    await until(() => flow.getState().decisions[id]?.year?.missing === true);
    flow.setPeriodYear(id, 2023);
    await until(() => flow.getState().decisions[id]?.year?.given === 2023);
    expect(flow.getState().assignments[id].periodYear).toBe(2023);
    await flow.runNow('en');
    expect(flow.getState().run.status).toBe('done');
    expect(host.store?.recipe?.sources.find((x) => x.kind === 'budget')?.periodYear).toBe(2023);
    // Opened again on the saved workbook: the recipe's year is the pane's.
    const again = createFlow(host, inProcessEngine(), () => '2025-01-02T03:04:05.000Z');
    await again.start();
    await until(() => again.getState().decisions[id]?.year?.given === 2023);
    // Taken back: no year again.
    again.setPeriodYear(id, null);
    await until(() => again.getState().decisions[id]?.year?.given === null);
    expect(again.getState().assignments[id].periodYear).toBeUndefined();
  });
});

describe('the Data step’s own words', () => {
  it('the user’s roles are those differing from the roles the table reads with', () => {
    expect(
      keptRoles({ 金额: null, 实付金额: 'amount', 客户ID: 'customer_id' }, { 金额: 'amount', 客户ID: 'customer_id' }),
    ).toEqual({ 金额: null, 实付金额: 'amount' });
    expect(keptRoles({}, { 金额: 'amount' })).toEqual({});
  });

  it('status lines stay where the pane showed them when a meaning changes; new values come last', () => {
    const line = (value: string, cls: StatusClass) => ({
      value,
      cls,
      text: { en: value, 'zh-CN': value },
      orders: 1,
      amount: 1,
      refunded: 0,
      currency: 'CNY',
    });
    const table = (statuses: ReturnType<typeof line>[]) => ({ id: 't', statuses }) as unknown as TableDecisions;
    const before = { t: table([line('交易成功', 'paid'), line('交易关闭', 'cancelled')]) };
    const next = { t: table([line('交易关闭', 'paid'), line('新状态', 'open'), line('交易成功', 'paid')]) };
    expect(keepStatusOrder(before, next).t.statuses.map((s) => s.value)).toEqual(['交易成功', '交易关闭', '新状态']);
    // A table the pane had not shown keeps the engine's order.
    expect(keepStatusOrder({}, next).t.statuses.map((s) => s.value)).toEqual(['交易关闭', '新状态', '交易成功']);
  });

  it('every status meaning has a label in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const cls = (CATALOGUES[lang] as { decided: { cls: Record<string, string> } }).decided.cls;
      expect(Object.keys(cls).sort()).toEqual([...STATUS_CLASSES].sort());
    }
  });
});
