// Issue 12 §3 in the production pane, in Debian's Chromium with the stand-in Excel: three corpus files opened in
// the playground — a Shopify orders export (English), a Taobao/Tmall 订单报表 (Chinese) and a Google Ads campaign
// report (English). The Data step says what Loopbook decided (format, statuses with their orders and money); a run
// writes the generator's figures (`c.expect`, plain sums in tests/corpus/cases.ts) to the result sheets; and a
// status given another meaning in the Data step moves revenue by exactly that status's amount, summed here from
// the generated cells. Screenshots of the 350 px pane go to $LOOPBOOK_SHOTS or a temp folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { money } from '../../src/run/decisions.js';
import { corpusCases, type Cell, type CorpusCase } from '../corpus/cases.js';
import { writeCase } from '../corpus/files.js';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { axeSerious, paneShot, resultSheets, shotsDir, waitForScan } from './playground-helpers.js';

const byFile = (f: string): CorpusCase => corpusCases().find((c) => c.file === f)!;
const cents = (x: number): number => Math.round(x * 100);
const work = mkdtempSync(path.join(tmpdir(), 'loopbook-pane-decisions-'));

/** The case as an .xlsx a user opens (a csv export saved from Excel keeps its cells as text). */
async function xlsxOf(c: CorpusCase): Promise<Uint8Array> {
  const file = c.file.endsWith('.csv')
    ? { ...c, file: c.file.replace(/\.csv$/, '.xlsx'), sheet: c.sheet ?? 'orders_export' }
    : c;
  return new Uint8Array(readFileSync(await writeCase(file, work)));
}

/** Orders of one status (each order id once, as on its first row) and the sum of a money column over them. */
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
  return { orders, sum: cents(sum) / 100 };
}

/** Opens an empty playground, then the case's workbook in it, and waits for the pane to look through it. */
async function openCase(browser: Browser, url: string, lang: string, c: CorpusCase): Promise<Page> {
  // Tall, so the screenshots show the whole Data step of one table.
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/playground.html?lang=${lang}&sample=none`);
  await page.waitForFunction(() => window.loopbookPlayground?.ready === true, undefined, { timeout: 60_000 });
  const bytes = [...(await xlsxOf(c))];
  await page.evaluate(
    ({ b, name }) => {
      window.loopbookPlayground!.open(new Uint8Array(b), name);
    },
    { b: bytes, name: c.file },
  );
  await waitForScan(page);
  await page.getByTestId('decisions').first().waitFor({ timeout: 60_000 });
  page.on('close', () => {
    expect(errors).toEqual([]);
  });
  return page;
}

/** Runs the analyses and waits for the end of the run. */
async function run(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label }).click();
  await page.waitForFunction(() => !document.querySelector('.pg-pane [data-testid^="progress-"]'), undefined, {
    timeout: 120_000,
  });
  await page.locator('.pg-pane [role="status"] .fui-MessageBar').first().waitFor({ timeout: 120_000 });
  // The pane turns to the Results step, whose cards name the sheets written.
  await page.locator('.pg-pane [data-testid^="result-"]').first().waitFor({ timeout: 60_000 });
}

/**
 * A key figure as the result sheet holds it: the number under the first cell reading `label` (the key-figure tiles
 * come first on a result sheet: a label, its value below).
 */
async function sheetFigure(page: Page, sheet: string, label: string): Promise<number | null> {
  return await page.evaluate(
    ({ name, label }) => {
      const s = window.loopbookPlayground!.sim().model.sheet(name);
      const r = s.usedRect();
      if (!r) return null;
      for (let i = r.r0; i < r.r0 + r.rows; i++)
        for (let j = r.c0; j < r.c0 + r.cols; j++) {
          if (s.getValue(i, j) !== label) continue;
          const v = s.getValue(i + 1, j);
          if (typeof v === 'number') return v;
        }
      return null;
    },
    { name: sheet, label },
  );
}

const statusTexts = async (page: Page): Promise<string[]> =>
  (await page.getByTestId('status-line').getByTestId('status-text').allTextContents()).map((s) => s.trim());

describe.skipIf(!hasChromium)('the Data step says what Loopbook decided, and a change moves the figures', () => {
  let browser: Browser;
  let url: string;
  let server: Server;
  const dir = shotsDir();

  beforeAll(async () => {
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
    console.log(`[pane-decisions e2e] screenshots in ${dir}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('Shopify orders export (English): statuses with orders and money; "pending" made paid adds its total', async () => {
    const c = byFile('shopify-orders.csv');
    const page = await openCase(browser, url, 'en-US', c);
    expect(await page.getByTestId('format-line').textContent()).toMatch(
      /: Shopify orders export — Email as customer, Name as order, Total as amount/,
    );
    const pending = tally(c, 'Financial Status', 'pending', 'Name', 'Total');
    const voided = tally(c, 'Financial Status', 'voided', 'Name', 'Total');
    expect(pending.orders).toBeGreaterThan(0);
    const lines = await statusTexts(page);
    expect(lines).toContain(
      `${pending.orders} orders pending not counted (not paid yet), ${money(pending.sum, 'USD')}`,
    );
    expect(lines).toContain(
      `${voided.orders} orders voided not counted (cancelled or closed), ${money(voided.sum, 'USD')}`,
    );
    // The lines add up to the generator's revenue (paid, and partial refunds less what was refunded).
    expect(await page.getByTestId('status-totals').textContent()).toContain(
      `Counted as revenue: ${money(c.expect.revenue!, 'USD')} from ${c.expect.counted!.orders} orders.`,
    );
    await paneShot(page, dir, 'en-decisions-shopify');

    await run(page, 'Run analyses');
    const rfm = (await resultSheets(page)).rfm;
    expect(rfm, 'RFM wrote its sheet').toBeDefined();
    expect(cents((await sheetFigure(page, rfm, 'Revenue'))!)).toBe(cents(c.expect.revenue!));
    expect(await sheetFigure(page, rfm, 'Orders')).toBe(c.expect.counted!.orders);

    // "pending" means paid, said in the Data step: its orders and their total now count.
    await page.getByRole('tab', { name: /Data/ }).click();
    const line = page.locator('[data-testid="status-line"][data-status="pending"]');
    await line.locator('select').selectOption('paid');
    await expect
      .poll(() => line.getByTestId('status-text').textContent())
      .toBe(`${pending.orders} orders pending counted, ${money(pending.sum, 'USD')}`);
    await run(page, 'Run analyses');
    const after = (await resultSheets(page)).rfm;
    expect(cents((await sheetFigure(page, after, 'Revenue'))!)).toBe(cents(c.expect.revenue!) + cents(pending.sum));
    expect(await sheetFigure(page, after, 'Orders')).toBe(c.expect.counted!.orders + pending.orders);
    await page.close();
  });

  it('Taobao/Tmall 订单报表 (Chinese): 交易关闭 left out with its money; made 已付款, revenue grows by exactly it', async () => {
    const c = byFile('taobao-orders.xlsx');
    const page = await openCase(browser, url, 'zh-CN', c);
    expect(await page.getByTestId('format-line').textContent()).toMatch(
      /淘宝\/天猫订单报表——买家会员名 作为客户.*买家实际支付金额 作为金额/,
    );
    const closed = tally(c, '订单状态', '交易关闭', '订单编号', '买家实际支付金额');
    const success = tally(c, '订单状态', '交易成功', '订单编号', '买家实际支付金额');
    const lines = await statusTexts(page);
    expect(lines).toContain(`${closed.orders} 笔“交易关闭”订单未计入（已取消或关闭），${money(closed.sum, 'CNY')}`);
    expect(lines).toContain(`${success.orders} 笔“交易成功”订单计入，${money(success.sum, 'CNY')}`);
    expect(await page.getByTestId('status-totals').textContent()).toBe(
      `计入收入：${c.expect.counted!.orders} 笔订单，${money(c.expect.revenue!, 'CNY')}；未计入：${40 - c.expect.counted!.orders} 笔订单，` +
        `${money(closed.sum, 'CNY')}。`,
    );
    await paneShot(page, dir, 'zh-decisions-taobao');
    // The Data step's new controls have their names, in Chinese too (axe-core: nothing serious or critical).
    expect(await axeSerious(page, '.pg-pane')).toEqual([]);

    await run(page, '运行分析');
    const rfm = (await resultSheets(page)).rfm;
    expect(cents((await sheetFigure(page, rfm, '收入'))!)).toBe(cents(c.expect.revenue!));
    expect(await sheetFigure(page, rfm, '客户数')).toBe(c.expect.counted!.customers);

    await page.getByRole('tab', { name: /数据/ }).click();
    const line = page.locator('[data-testid="status-line"][data-status="交易关闭"]');
    await line.locator('select').selectOption('paid');
    await expect
      .poll(() => line.getByTestId('status-text').textContent())
      .toBe(`${closed.orders} 笔“交易关闭”订单计入，${money(closed.sum, 'CNY')}`);
    await paneShot(page, dir, 'zh-decisions-taobao-changed');
    await run(page, '运行分析');
    const after = (await resultSheets(page)).rfm;
    expect(cents((await sheetFigure(page, after, '收入'))!)).toBe(cents(c.expect.revenue!) + cents(closed.sum));
    await page.close();
  });

  it('Google Ads campaign report (English): the format and grain said; spend and conversion value as generated', async () => {
    const c = byFile('google-ads.xlsx');
    const page = await openCase(browser, url, 'en-US', c);
    expect(await page.getByTestId('format-line').textContent()).toMatch(
      /: Google Ads campaign report — Campaign as campaign, Cost as spend, Conv\. value as conversion value/,
    );
    expect(await page.getByTestId('money-lines').textContent()).toMatch(/Grain of the money tables: "Campaign report"/);
    // No status column: no status lines.
    expect(await page.getByTestId('status-line').count()).toBe(0);
    await paneShot(page, dir, 'en-decisions-google-ads');
    await run(page, 'Run analyses');
    const perf = (await resultSheets(page))['channel-performance'];
    expect(perf, 'channel performance wrote its sheet').toBeDefined();
    expect(cents((await sheetFigure(page, perf, 'Total spend'))!)).toBe(cents(c.expect.spend!));
    expect(cents((await sheetFigure(page, perf, 'Revenue'))!)).toBe(cents(c.expect.revenue!));
    await page.close();
  });

  it('two columns that could be the amount (Chinese): the pane asks, naming both with their letters; the pick is used', async () => {
    const c = byFile('orders-two-amounts.csv');
    const page = await openCase(browser, url, 'zh-CN', c);
    const question = page.getByTestId('ambiguous-amount');
    // c.expect.ambiguous: 金额 (D) and 实付金额 (E), the first taken until the user picks.
    expect(await question.textContent()).toContain(
      '金额（D 列）和实付金额（E 列）都可能是“金额”，数值无法判断。在您选择之前，Loopbook 使用金额（D 列）。',
    );
    await paneShot(page, dir, 'zh-decisions-ambiguous');
    await question.getByRole('radio', { name: '实付金额（E 列）' }).check();
    await expect.poll(() => question.textContent()).toContain('您选择了实付金额（E 列）作为“金额”');
    await run(page, '运行分析');
    const rfm = (await resultSheets(page)).rfm;
    // Revenue is now 实付金额's total (the generator's column total), not 金额's.
    expect(cents((await sheetFigure(page, rfm, '收入'))!)).toBe(cents(c.expect.columnTotals!.实付金额));
    await page.close();
  });
});
