// Issue 18 ("Options for people"), in the production pane in Debian's Chromium at the pane's real 350 px, in
// English and in Chinese, on the playground's sample workbook (every table kind, so every analysis is offered):
// the Options step opens each registered analysis (src/analysis/registry.ts), its plain questions and its
// Advanced section (with a line added to every list, map and table editor), and nothing is wider than the pane: neither the pane's scroll width nor any element's
// right edge passes the pane's content box. No text box for JSON anywhere. One screenshot per analysis and
// language goes to $LOOPBOOK_SHOTS or a temp folder (printed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { openPlayground, shotsDir } from './playground-helpers.js';
import { ANALYSES } from '../../src/analysis/registry.js';

interface Overflow {
  paneScroll: number;
  paneClient: number;
  pageScroll: number;
  pageClient: number;
  /** Elements whose right edge passes the pane's content box, with how far (px). */
  over: { what: string; by: number }[];
  textareas: number;
}

/** Widths of the pane and its page, and every visible element of the pane past its right edge. */
async function measure(page: Page): Promise<Overflow> {
  return await page.evaluate(() => {
    const pane = document.querySelector<HTMLElement>('.pg-pane')!;
    const box = pane.getBoundingClientRect();
    const right = box.left + pane.clientLeft + pane.clientWidth;
    const over: { what: string; by: number }[] = [];
    const step = pane.querySelector('section[data-testid="step-options"]')!;
    for (const el of pane.querySelectorAll<HTMLElement>('*')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if (b.right > right + 0.5)
        over.push({
          what: `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').slice(0, 40)} “${(el.textContent ?? '').slice(0, 40)}”`,
          by: Math.round(b.right - right),
        });
    }
    return {
      paneScroll: pane.scrollWidth,
      paneClient: pane.clientWidth,
      pageScroll: document.documentElement.scrollWidth,
      pageClient: document.documentElement.clientWidth,
      over: over.slice(0, 10),
      textareas: step.querySelectorAll('textarea').length,
    };
  });
}

/** Opens a collapsed section (Fluent accordion header) and waits until it says it is open. */
async function expand(header: Locator): Promise<void> {
  for (let i = 0; i < 5 && (await header.getAttribute('aria-expanded')) !== 'true'; i++) {
    await header.click();
    await header.page().waitForTimeout(200);
  }
  expect(await header.getAttribute('aria-expanded')).toBe('true');
}

const LANGS = {
  en: { query: '?lang=en-US', options: /Options/, advanced: /^Advanced \(\d+\)$/, add: 'Add a line' },
  zh: { query: '?lang=zh-CN', options: /选项/, advanced: /^高级选项（\d+ 项）$/, add: '添加一行' },
} as const;

describe.skipIf(!hasChromium)('options at the pane width (production bundle)', () => {
  let browser: Browser;
  let url: string;
  let server: Server;
  const dir = shotsDir();

  beforeAll(async () => {
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
    console.log(`[options-width e2e] screenshots in ${dir}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  for (const [lang, w] of Object.entries(LANGS)) {
    it(`${lang}: every analysis's questions and Advanced options fit in 350 px, with no JSON box`, async () => {
      const { page, errors } = await openPlayground(browser, url, w.query);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.locator('.pg-pane').getByRole('tab', { name: w.options }).click();
      const items = page.locator('.pg-pane [data-testid^="options-"]');
      await items.first().waitFor({ timeout: 60_000 });
      const kinds = await items.evaluateAll((els) =>
        els.map((e) => e.getAttribute('data-testid')!.slice('options-'.length)),
      );
      // The sample workbook holds every table kind: every registered analysis is offered and chosen.
      expect(kinds.sort()).toEqual(ANALYSES.map((a) => a.kind).sort());
      const failures: string[] = [];
      for (const kind of kinds) {
        const item = page.getByTestId(`options-${kind}`);
        const header = item.locator('button').first();
        await expand(header);
        const advanced = item.getByRole('button', { name: w.advanced });
        if ((await advanced.count()) > 0) {
          await expand(advanced);
          await item.getByTestId(`advanced-${kind}`).waitFor();
        }
        // One empty line in every list, map and table editor: their lines are the widest controls.
        const adds = item.getByRole('button', { name: w.add });
        for (let i = await adds.count(); i > 0; i--) await adds.nth(i - 1).click();
        // Measured as in Excel (the pane scrolls, so a scroll bar takes its share of the 350 px), and again
        // with a window tall enough that one analysis's options fit on one screenshot of the pane.
        for (const height of [900, 2600]) {
          await page.setViewportSize({ width: 1280, height });
          const m = await measure(page);
          if (m.paneScroll > m.paneClient || m.pageScroll > m.pageClient || m.over.length > 0)
            failures.push(`${kind} at ${height} px high: ${JSON.stringify(m)}`);
          if (m.textareas > 0) failures.push(`${kind}: ${m.textareas} text boxes`);
        }
        await item.scrollIntoViewIfNeeded();
        await item.screenshot({ path: path.join(dir, `options-${lang}-${kind}.png`) });
        await page.setViewportSize({ width: 1280, height: 900 });
        await header.click(); // closed again, so the next one starts at the same place
      }
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
