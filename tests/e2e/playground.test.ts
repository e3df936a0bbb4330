// The production task pane in the playground, in Debian's Chromium: detect the sample workbook's tables,
// run every available analysis, and find the result sheets with the same key figures the command-line
// pipeline computes; the same in Chinese; a text amount gives a data check and the run still completes;
// Cancel leaves the workbook unchanged; a keyboard-only run; axe-core finds no serious violations.
// Screenshots of each step (English and Chinese) go to $LOOPBOOK_SHOTS or a temp folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPages, hasChromium, launch, root, serve } from './browser.js';
import {
  axeSerious,
  longest,
  openPlayground,
  paneShot,
  resetLongest,
  resultSheets,
  sheetNames,
  sheetNumbers,
  sheetTexts,
  shotsDir,
  snapshot,
} from './playground-helpers.js';
import { readFile } from '../../src/xlsx/read.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { detectRecipe } from '../../src/run/detect.js';
import { isModelParameter } from '../../src/report/headlines.js';
import { runAnalyses } from '../../src/run/run.js';
import type { AnalysisResult } from '../../src/analysis/types.js';

const SAMPLE = path.join(root, 'assets/sample/loopbook-sample.xlsx');

/** What the command line's pipeline computes on the sample (the figures the pane must write too). */
async function expectedResults(): Promise<AnalysisResult[]> {
  const read = await readFile(SAMPLE);
  const datasets = read.grids.map((g) => ingestGrid(g));
  const { recipe, inputs } = detectRecipe(datasets, { asOf: null, currency: 'CNY', lang: 'en' });
  return runAnalyses(inputs, recipe).results;
}

async function run(page: Page, button = 'Run analyses'): Promise<number> {
  await resetLongest(page);
  const t0 = Date.now();
  await page.getByRole('button', { name: button }).click();
  await page
    .locator('.pg-pane [role="status"]')
    .getByText(/Done|完成|did not finish|运行未完成/)
    .waitFor({ timeout: 300_000 });
  return Date.now() - t0;
}

async function stepShots(page: Page, dir: string, lang: string, tabs: string[]): Promise<void> {
  // Data: open the first table's columns and preview so the shot shows the role drop-downs.
  await page.locator('.pg-pane').getByRole('button', { name: tabs[4] }).first().click();
  await paneShot(page, dir, `${lang}-1-data`);
  await page.getByRole('tab', { name: tabs[1] }).click();
  await paneShot(page, dir, `${lang}-2-analyses`);
  await page.getByRole('tab', { name: tabs[2] }).click();
  await paneShot(page, dir, `${lang}-3-options`);
  await page.getByRole('tab', { name: tabs[0] }).click();
}

describe.skipIf(!hasChromium)('playground end to end (production bundle)', () => {
  let browser: Browser;
  let url: string;
  let server: Server;
  const dir = shotsDir();
  let expected: Promise<AnalysisResult[]>;

  beforeAll(async () => {
    expected = expectedResults();
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
    console.log(`[playground e2e] screenshots in ${dir}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('English: detect → run every available analysis → result sheets with the pipeline key figures', async () => {
    const { page, errors } = await openPlayground(browser, url, '?lang=en-US');
    const kinds = await page
      .locator('.pg-pane select[id^="kind-"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(kinds).toEqual(
      expect.arrayContaining(['orders', 'customers', 'campaigns', 'touchpoints', 'experiment', 'invoices', 'budget']),
    );
    expect(await axeSerious(page, '.pg-pane')).toEqual([]);
    await stepShots(page, dir, 'en', ['1 Data', '2 Analyses', '3 Options', '4 Results', 'Columns and roles']);
    const before = await sheetNames(page);
    const ms = await run(page);
    const longTask = await longest(page);
    console.log(`[playground e2e] sample run: ${ms} ms, longest main-thread task ${longTask.toFixed(0)} ms`);
    await expect.poll(() => page.getByText('Done: results are in your workbook.').count()).toBe(1);
    await paneShot(page, dir, 'en-4-results');
    await page.screenshot({ path: path.join(dir, 'en-playground.png') });
    expect(await axeSerious(page, '.pg-pane')).toEqual([]);

    const after = await sheetNames(page);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toEqual(expect.arrayContaining(['Dashboard', '_loopbook']));
    const sheets = await resultSheets(page);
    const results = await expected;
    expect(Object.keys(sheets).sort()).toEqual(results.map((r) => r.kind).sort());
    for (const r of results) {
      const numbers = await sheetNumbers(page, sheets[r.kind]);
      const texts = await sheetTexts(page, sheets[r.kind]);
      for (const f of r.figures) {
        if (f.value === null) continue;
        if (isModelParameter(f)) {
          // Model parameters and test statistics are written, rounded, in the sheet's method note (the report's
          // rule, src/report/headlines.ts), not as a key-figure cell.
          expect(
            texts.some((t) => t.startsWith('Model parameters and test statistics')),
            `${r.kind}.${f.key}: the method note on sheet ${sheets[r.kind]}`,
          ).toBe(true);
          continue;
        }
        // Relative 1e-6: fitted figures (optimisers) differ in the 8th digit between Node's V8 and Chromium's.
        const found = numbers.some((n) => Math.abs(n - f.value!) <= 1e-6 * Math.max(1, Math.abs(f.value!)));
        const closest = numbers.reduce(
          (best, n) => (Number.isNaN(best) || Math.abs(n - f.value!) < Math.abs(best - f.value!) ? n : best),
          Number.NaN,
        );
        expect(found, `${r.kind}.${f.key} = ${f.value} on sheet ${sheets[r.kind]} (closest there: ${closest})`).toBe(
          true,
        );
      }
    }
    // The viewer draws the Dashboard's native charts.
    expect(await page.locator('[data-testid="sim-chart"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Chinese: the pane, the result sheets and the findings in Simplified Chinese', async () => {
    const { page, errors } = await openPlayground(browser, url, '?lang=zh-CN');
    expect(await page.getByRole('tab', { name: '1 数据' }).count()).toBe(1);
    // The playground's own header and viewer speak Chinese too (addin/playground/text.ts).
    expect(await page.title()).toBe('Loopbook 演示台');
    expect(await page.getByText('打开 .xlsx…').count()).toBe(1);
    expect(await page.getByRole('tablist', { name: '工作表' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await stepShots(page, dir, 'zh', ['1 数据', '2 分析', '3 选项', '4 结果', '列与用途']);
    await run(page, '运行分析');
    await expect.poll(() => page.getByText('完成：结果已写入工作簿。').count()).toBe(1);
    await paneShot(page, dir, 'zh-4-results');
    expect(await sheetNames(page)).toEqual(expect.arrayContaining(['仪表板']));
    expect(await page.locator('.pg-pane ol li').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await axeSerious(page, '.pg-pane')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Cancel mid-run leaves the workbook exactly as it was', async () => {
    const { page } = await openPlayground(browser, url, '?lang=en-US');
    const before = await snapshot(page);
    await page.getByRole('button', { name: 'Run analyses' }).click();
    await page.getByTestId('progress-analysing').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('The run was cancelled. Your workbook is as it was.').waitFor({ timeout: 60_000 });
    expect(await snapshot(page)).toBe(before);
    // The pane can run again after a cancel (a fresh worker).
    expect(await page.getByRole('button', { name: 'Run analyses' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('text in an amount column: a data check with "go to cell", the run still completes (keyboard only); an edit marks results stale, Refresh updates them', async () => {
    const { page } = await openPlayground(browser, url, '?lang=en-US');
    // Orders!D5 is an amount; a user typed text into it.
    await page.evaluate(() => {
      window.loopbookPlayground!.edit('Orders', 'D5', 'twelve');
    });
    // Keyboard only from here: Tab to "Look again", Enter; then Tab to Run, Enter.
    const focusByTab = async (name: RegExp, max = 80) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => document.activeElement?.textContent ?? '');
        if (name.test(label)) return;
      }
      throw new Error(`could not reach ${String(name)} with Tab`);
    };
    await page.locator('.pg-pane h1').click();
    await focusByTab(/^Look again$/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.pg-pane [role="progressbar"]'), undefined, {
      timeout: 180_000,
    });
    const orders = page.getByTestId('source-Orders');
    await orders.getByRole('button', { name: /Data checks/ }).click();
    const go = orders.getByRole('button', { name: /^Go to Orders!D5$/ });
    expect(await go.count()).toBe(1);
    await go.click();
    await expect.poll(() => page.locator('.pg-tab-active').textContent()).toBe('Orders');
    await paneShot(page, dir, 'en-1-data-checks');
    await page.locator('.pg-pane h1').click();
    await focusByTab(/^Run analyses$/, 200);
    await page.keyboard.press('Enter');
    await page
      .locator('.pg-pane [role="status"]')
      .getByText(/Done|did not finish/)
      .waitFor({ timeout: 300_000 });
    expect(await page.getByText('Done: results are in your workbook.').count()).toBe(1);
    // The pane moves to the Results step once the outcome is shown (the same render or the next).
    await expect.poll(() => page.locator('.pg-pane').textContent()).toMatch(/Notes on the data/);
    // A source changes after the run: the results say they are stale; Refresh runs the saved recipe again.
    const store = async () =>
      await page.evaluate(() => window.loopbookPlayground!.sim().model.sheet('_loopbook').getValue(3, 0));
    const storeBefore = await store();
    await page.evaluate(() => {
      window.loopbookPlayground!.edit('Orders', 'D6', 1);
    });
    await page.getByText(/source data changed after these results were written/).waitFor({ timeout: 30_000 });
    await paneShot(page, dir, 'en-5-stale');
    await page.getByRole('button', { name: 'Refresh' }).first().click();
    await page
      .locator('.pg-pane [role="status"]')
      .getByText(/Done|did not finish/)
      .waitFor({ timeout: 300_000 });
    expect(await page.getByText('Done: results are in your workbook.').count()).toBe(1);
    expect(await page.getByText(/source data changed after these results were written/).count()).toBe(0);
    // The run log has a second run (its input hash differs from the first).
    expect(await store()).not.toBe(storeBefore);
    await page.close();
  });
});
