// Issue 18 §7 in the production pane, in Debian's Chromium with the stand-in Excel, on the corpus's Chinese order
// export with two money columns (orders-two-amounts.csv saved as .xlsx: 订单号 A, 客户ID B, 下单日期 C, 金额 D,
// 实付金额 E; tests/corpus/cases.ts). Making 实付金额 the customer says that 客户ID lost the role (in English, and in
// Chinese after switching language), Undo puts both back; a fix (实付金额 as the amount) survives "Look again", and
// the note says so. Screenshots of the 350 px pane in both languages go to $LOOPBOOK_SHOTS or a temp folder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { corpusCases } from '../corpus/cases.js';
import { writeCase } from '../corpus/files.js';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { axeSerious, paneShot, shotsDir, waitForScan } from './playground-helpers.js';

const work = mkdtempSync(path.join(tmpdir(), 'loopbook-pane-roles-'));

/** The case as an .xlsx a user opens: a csv export saved from Excel, its cells kept as text. */
async function workbook(): Promise<Uint8Array> {
  const c = corpusCases().find((x) => x.file === 'orders-two-amounts.csv')!;
  const file = await writeCase({ ...c, file: 'orders-two-amounts.xlsx', sheet: 'orders_export' }, work);
  return new Uint8Array(readFileSync(file));
}

async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/playground.html?lang=en-US&sample=none`);
  await page.waitForFunction(() => window.loopbookPlayground?.ready === true, undefined, { timeout: 60_000 });
  const bytes = [...(await workbook())];
  await page.evaluate((b) => {
    window.loopbookPlayground!.open(new Uint8Array(b), 'orders-two-amounts.xlsx');
  }, bytes);
  await waitForScan(page);
  await page.getByTestId('decisions').first().waitFor({ timeout: 60_000 });
  return { page, errors };
}

/** Opens the card's "Columns and roles" when it is closed. */
async function openRoles(page: Page, label: string): Promise<void> {
  const button = page.locator('.pg-pane').getByRole('button', { name: label });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

const roleOf = (page: Page, name: string) => page.locator('.pg-pane').getByRole('combobox', { name, exact: true });

describe.skipIf(!hasChromium)('fixing roles in the Data step: conflicts said, Undo, fixes kept', () => {
  let browser: Browser;
  let url: string;
  let server: Server;
  const dir = shotsDir();

  beforeAll(async () => {
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
    console.log(`[pane-roles e2e] screenshots in ${dir}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('实付金额 made the customer: the notice in English and Chinese, Undo; a fix kept across "Look again"', async () => {
    const { page, errors } = await open(browser, url);
    await openRoles(page, 'Columns and roles');
    // Each role explained in a line under its picker.
    expect(await page.locator('.pg-pane').textContent()).toContain(
      'Who the customer is: the same value on every row of one customer.',
    );
    await roleOf(page, 'Role of “实付金额”').selectOption('customer_id');
    const notice = page.getByTestId('change-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain(
      '客户ID (column B) is no longer “Customer ID”; 实付金额 (column E) is.',
    );
    // 实付金额 holds amounts with decimals: the doubt is said too, the change is not blocked.
    expect(await notice.textContent()).toContain('The values of 实付金额 (column E) look like amounts');
    expect(await roleOf(page, 'Role of “客户ID”').inputValue()).toBe('');
    await notice.scrollIntoViewIfNeeded();
    await paneShot(page, dir, 'en-roles-moved');

    await page.locator('.pg-pane').getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => notice.textContent()).toContain('“客户ID”已从客户ID（B 列）改为实付金额（E 列）。');
    expect(await notice.textContent()).toContain('实付金额（E 列）的值看起来像金额');
    await notice.scrollIntoViewIfNeeded();
    await paneShot(page, dir, 'zh-roles-moved');
    expect(await axeSerious(page, '.pg-pane')).toEqual([]);

    await notice.getByRole('button', { name: '撤销' }).click();
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    // Focus is back on the picker the note was about (实付金额's), not on the page.
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName),
    ).toBe('“实付金额”的用途');
    expect(await roleOf(page, '“客户ID”的用途').inputValue()).toBe('customer_id');
    expect(await roleOf(page, '“实付金额”的用途').inputValue()).toBe('');

    // The fix: 实付金额 is the amount (金额 gives it up, said and kept).
    await roleOf(page, '“实付金额”的用途').selectOption('amount');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('“金额”已从金额（D 列）改为实付金额（E 列）。');
    await notice.getByRole('button', { name: '保留' }).click();
    await notice.waitFor({ state: 'detached', timeout: 30_000 });

    await page.locator('.pg-pane').getByRole('button', { name: '重新查找' }).click();
    const note = page.getByTestId('rescan-note');
    await note.waitFor({ timeout: 60_000 });
    await waitForScan(page);
    expect(await note.textContent()).toContain('已重新查找，您的修改均已保留');
    expect(await note.getByTestId('rescan-kept').textContent()).toContain('orders_export!A1:E25');
    expect(await note.getByTestId('rescan-kept').locator('li').allTextContents()).toEqual([
      '金额（D 列）：无用途',
      '实付金额（E 列）：“金额”',
    ]);
    await openRoles(page, '列与用途');
    expect(await roleOf(page, '“实付金额”的用途').inputValue()).toBe('amount');
    expect(await roleOf(page, '“金额”的用途').inputValue()).toBe('');
    await note.scrollIntoViewIfNeeded();
    await paneShot(page, dir, 'zh-roles-kept');
    expect(errors).toEqual([]);
    await page.close();
  });
});
