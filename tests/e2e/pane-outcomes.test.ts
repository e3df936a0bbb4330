// Issue 18, in the production pane in Debian's Chromium, in English and in Chinese: a run ends "Done",
// "Done — N analyses skipped (why)" or "Stopped (why)", never a green Done beside an analysis that wrote
// nothing; "Use selection" below a table's header row or on part of a table stops with the fixes; Run and
// Refresh are explained where the buttons are, and Refresh runs what the pane shows; focus stays on a live
// control through run, cancel and finish. Screenshots of the 350 px pane go to
// $LOOPBOOK_SHOTS or a temp folder. The workbooks are the playground's generated orders sheet
// (`?orders=N`: Orders!A1:E(N+1), order_id, customer_id, order_date, amount, channel; N / 5 customers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { openPlayground, paneShot, shotsDir, snapshot } from './playground-helpers.js';

interface Words {
  query: string;
  run: string;
  useSelection: string;
  done: string;
  cancelled: RegExp;
  skippedTitle: RegExp;
  stopped: string;
  clvSkipped: RegExp;
  stoppedSel: string;
  belowHeader: RegExp;
  partOf: RegExp;
  whole: string;
  addHeader: string;
}

const LANGS: Record<'en' | 'zh', Words> = {
  en: {
    query: '?lang=en-US',
    run: 'Run analyses',
    useSelection: 'Use selection',
    done: 'Done: results are in your workbook.',
    cancelled: /The run was cancelled|Done/,
    skippedTitle: /^Done — (1 analysis|\d+ analyses) skipped\. The other results are in your workbook\.$/,
    stopped: 'Stopped: the run did not finish. Your workbook is as it was.',
    clvSkipped: /Customer lifetime value and churn risk was skipped: /,
    stoppedSel: 'The selection was not used',
    belowHeader: /starts below the header row \(row 1\) of the table Orders!A1:E41/,
    partOf: /is only part of the table Orders!A1:E41 \(19 of 40 data rows, 5 of 5 columns\)/,
    whole: 'Use the whole table Orders!A1:E41',
    addHeader: 'Add the header row: use A1:E30',
  },
  zh: {
    query: '?lang=zh-CN',
    run: '运行分析',
    useSelection: '使用所选区域',
    done: '完成：结果已写入工作簿。',
    cancelled: /已取消运行|完成/,
    skippedTitle: /^完成，但跳过了 \d+ 项分析；其余结果已写入工作簿。$/,
    stopped: '已停止：运行未完成。工作簿保持原样。',
    clvSkipped: /客户终身价值与流失风险已跳过：/,
    stoppedSel: '未使用所选区域',
    belowHeader: /从表 Orders!A1:E41 的标题行（第 1 行）下方开始/,
    partOf: /只是表 Orders!A1:E41 的一部分（40 行数据中的 19 行，5 列中的 5 列）/,
    whole: '使用整张表 Orders!A1:E41',
    addHeader: '加上标题行，使用 A1:E30',
  },
};

const status = (page: Page) => page.locator('.pg-pane [role="status"]');

/** Waits for the run to end, and returns what the status area says. */
async function runEnd(page: Page): Promise<string> {
  await page.waitForFunction(() => !document.querySelector('.pg-pane [data-testid^="progress-"]'), undefined, {
    timeout: 300_000,
  });
  await status(page).locator('.fui-MessageBar').first().waitFor({ timeout: 300_000 });
  return (await status(page).textContent()) ?? '';
}

/** What has focus: the tag and text of `document.activeElement`, and whether it is inside the pane. */
async function focused(page: Page): Promise<{ tag: string; text: string; inPane: boolean }> {
  return await page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName ?? '',
      text: el?.textContent ?? '',
      inPane: !!el && !!el.closest('.pg-pane'),
    };
  });
}

describe.skipIf(!hasChromium)('pane outcomes, selection checks and focus (production bundle)', () => {
  let browser: Browser;
  let url: string;
  let server: Server;
  const dir = shotsDir();

  beforeAll(async () => {
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
    console.log(`[pane-outcomes e2e] screenshots in ${dir}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  for (const [lang, w] of Object.entries(LANGS)) {
    it(`${lang}: "Use selection" below the header row, or on part of the table, stops and offers the fixes`, async () => {
      const { page, errors } = await openPlayground(browser, url, `${w.query}&orders=40`);
      const kindOf = () => page.locator('.pg-pane select[id^="kind-"]').first().inputValue();
      expect(await kindOf()).toBe('orders');
      // Rows 2–30 of Orders!A1:E41: no header row.
      await page.evaluate(() => {
        window.loopbookPlayground!.sim().select('Orders', 'A2:E30');
      });
      await page.getByRole('button', { name: w.useSelection }).click();
      const bar = page.getByTestId('selection-problem');
      await bar.waitFor({ timeout: 60_000 });
      expect(await bar.textContent()).toContain(w.stoppedSel);
      expect(await bar.textContent()).toMatch(w.belowHeader);
      await paneShot(page, dir, `${lang}-selection-no-header`);
      // Nothing changed: one source, still the orders table.
      expect(await page.locator('.pg-pane select[id^="kind-"]').count()).toBe(1);
      expect(await kindOf()).toBe('orders');
      // The second fix reads the block with the header row added, and uses it.
      await bar.getByRole('button', { name: w.addHeader }).click();
      await bar.waitFor({ state: 'detached', timeout: 60_000 });
      await expect.poll(() => page.locator('.pg-pane select[id^="kind-"]').count()).toBe(2);

      // Part of the table, header row included (A1:E20 of A1:E41).
      await page.evaluate(() => {
        window.loopbookPlayground!.sim().select('Orders', 'A1:E20');
      });
      await page.getByRole('button', { name: w.useSelection }).click();
      await bar.waitFor({ timeout: 60_000 });
      expect(await bar.textContent()).toMatch(w.partOf);
      await paneShot(page, dir, `${lang}-selection-partial`);
      await bar.getByRole('button', { name: w.whole }).click();
      await bar.waitFor({ state: 'detached', timeout: 60_000 });
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`${lang}: an analysis that writes nothing makes "Done — skipped (why)", never a green Done`, async () => {
      // 12 orders from 2 customers: RFM and the others run; customer lifetime value has too little history.
      const { page, errors } = await openPlayground(browser, url, `${w.query}&orders=12`);
      await page.getByRole('tab', { name: lang === 'en' ? /Analyses/ : /分析/ }).click();
      const clv = page.getByTestId('analysis-clv');
      // Offered: the data has what its card asks for.
      expect(await clv.getByRole('checkbox').isChecked()).toBe(true);
      await page.getByRole('button', { name: w.run }).click();
      const text = await runEnd(page);
      const title = await status(page).locator('.fui-MessageBarTitle').textContent();
      expect(title).toMatch(w.skippedTitle);
      expect(text).toMatch(w.clvSkipped);
      expect(text).not.toContain(w.done);
      expect(await status(page).locator('.fui-MessageBar').getAttribute('class')).not.toMatch(/success/);
      await paneShot(page, dir, `${lang}-outcome-skipped`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`${lang}: Excel refusing a request stops the run with why, and the workbook is unchanged`, async () => {
      const { page } = await openPlayground(browser, url, `${w.query}&orders=12`);
      const before = await snapshot(page);
      // The next sync fails, as when Excel refuses a request.
      await page.evaluate(() => {
        window.loopbookPlayground!.sim().injectFailure({ atSync: 1, code: 'GeneralException' });
      });
      await page.getByRole('button', { name: w.run }).click();
      const text = await runEnd(page);
      expect(await status(page).locator('.fui-MessageBarTitle').textContent()).toBe(w.stopped);
      expect(text.length).toBeGreaterThan(w.stopped.length + 10); // the why follows the title
      expect(text).not.toContain(w.done);
      await paneShot(page, dir, `${lang}-outcome-stopped`);
      await page.evaluate(() => {
        window.loopbookPlayground!.sim().injectFailure(null);
      });
      expect(await snapshot(page)).toBe(before);
      await page.close();
    });
  }

  for (const [lang, w] of Object.entries(LANGS)) {
    it(`${lang}: Run and Refresh are explained beside the buttons; Refresh keeps an analysis switched off`, async () => {
      const { page, errors } = await openPlayground(browser, url, `${w.query}&orders=40`);
      await page.getByRole('button', { name: w.run }).click();
      await runEnd(page);
      const explain = page.getByTestId('run-explain');
      expect(await explain.textContent()).toContain(
        lang === 'en' ? '“Refresh” does the same' : '“刷新”用于数据变化之后',
      );
      expect(await page.getByTestId('result-rfm').count()).toBe(1);
      // Switch RFM off, then Refresh: RFM stays off (the pane's choice, not the saved recipe's).
      await page.getByRole('tab', { name: lang === 'en' ? /Analyses/ : /分析/ }).click();
      await page.getByTestId('analysis-rfm').getByRole('checkbox').uncheck();
      await page.getByRole('button', { name: lang === 'en' ? 'Refresh' : '刷新' }).click();
      await page.getByRole('tab', { name: lang === 'en' ? /Results/ : /结果/ }).click();
      // Refresh reads the saved recipe before it starts, so the first run's outcome is still shown for a moment:
      // wait for the refreshed results (no RFM card) rather than for any outcome.
      await expect.poll(() => page.getByTestId('result-rfm').count(), { timeout: 300_000 }).toBe(0);
      await runEnd(page);
      expect(await page.getByTestId('result-lifecycle').count()).toBe(1);
      await paneShot(page, dir, `${lang}-refresh-explained`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('keyboard: Enter on Run keeps focus on a live control through the run and after it; Cancel hands it back to Run', async () => {
    const { page } = await openPlayground(browser, url, '?lang=en-US&orders=3000');
    const runButton = page.getByRole('button', { name: 'Run analyses' });
    await runButton.focus();
    // Record, every animation frame, whether focus ever leaves the pane's controls during the run.
    await page.evaluate(() => {
      const w = window as unknown as { __lost: string[]; __watch: boolean };
      w.__lost = [];
      w.__watch = true;
      const tick = () => {
        const el = document.activeElement;
        if (!el || el === document.body || !el.closest('.pg-pane')) w.__lost.push(el?.tagName ?? 'none');
        if (w.__watch) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.keyboard.press('Enter');
    await runEnd(page);
    await page.evaluate(() => {
      (window as unknown as { __watch: boolean }).__watch = false;
    });
    expect(await page.evaluate(() => (window as unknown as { __lost: string[] }).__lost)).toEqual([]);
    const after = await focused(page);
    expect(after).toMatchObject({ tag: 'BUTTON', inPane: true, text: 'Run analyses' });
    await paneShot(page, dir, 'en-keyboard-after-run');

    // Run again, Tab to Cancel (past Refresh, there since the first run saved a recipe), Enter: focus goes
    // back to Run, not to the page.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ timeout: 60_000 });
    const tabs: string[] = [];
    for (let i = 0; i < 3 && (await focused(page)).text !== 'Cancel'; i++) {
      await page.keyboard.press('Tab');
      tabs.push((await focused(page)).text);
    }
    expect(tabs).toEqual(['Refresh', 'Cancel']);
    await page.keyboard.press('Enter');
    await runEnd(page);
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', inPane: true, text: 'Run analyses' });
    expect(await status(page).textContent()).toMatch(LANGS.en.cancelled);
    await page.close();
  });
});
