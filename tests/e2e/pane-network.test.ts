// Issue 17: during a whole playground run — the sample workbook read, every available analysis run in the
// Web Worker, the results written into the stand-in workbook — no request leaves the page's own origin
// (the playground loads no office.js, the one host the pane may contact), and the page's policy is
// never tripped. Every request of the browser context goes through Playwright's interception: same-origin
// ones pass, anything else is recorded and aborted. A control run with the policy bypassed shows that the
// interception does see a request to another host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { sheetNames, waitForScan } from './playground-helpers.js';

describe.skipIf(!hasChromium)('nothing leaves the page during a playground run (production bundle)', () => {
  let browser: Browser;
  let url: string;
  let server: Server;

  beforeAll(async () => {
    ({ url, server } = await serve(buildPages('production')));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** A context whose every request is intercepted: same-origin passes, the rest is recorded and aborted. */
  async function intercepted(options: { bypassCSP?: boolean } = {}): Promise<{
    context: BrowserContext;
    seen: string[];
    external: string[];
  }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const seen: string[] = [];
    const external: string[] = [];
    await context.route('**/*', async (route) => {
      const u = route.request().url();
      seen.push(u);
      if (u.startsWith(`${url}/`)) {
        await route.continue();
        return;
      }
      external.push(u);
      await route.abort('blockedbyclient');
    });
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`);
      });
    });
    return { context, seen, external };
  }

  it('a whole run: every request to the page’s own origin, no policy violation, results written', async () => {
    const { context, seen, external } = await intercepted();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${url}/playground.html?lang=en-US`);
    await waitForScan(page);
    const before = await sheetNames(page);
    await page.getByRole('button', { name: 'Run analyses' }).click();
    await page
      .locator('.pg-pane [role="status"]')
      .getByText(/Done|did not finish/)
      .waitFor({ timeout: 300_000 });
    await expect.poll(() => page.getByText('Done: results are in your workbook.').count()).toBe(1);
    expect((await sheetNames(page)).length).toBeGreaterThan(before.length);

    // The interception saw the page, its bundle, the analysis worker's script and the sample workbook …
    expect(seen).toContain(`${url}/playground.html?lang=en-US`);
    expect(seen.some((u) => /\/playground\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);
    expect(seen).toContain(`${url}/sample/loopbook-sample.xlsx`);
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(w.startsWith(`${url}/`) || w.startsWith('blob:')).toBe(true);
    // … and nothing bound anywhere else, nor anything the policy had to stop.
    expect(external).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('control: with the policy bypassed, the interception records a request to another host', async () => {
    const { context, external } = await intercepted({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}/playground.html?lang=en-US`);
    await page.locator('[data-testid="app-root"]').waitFor({ timeout: 60_000 });
    const outcome = await page.evaluate(async () => {
      try {
        await fetch('https://example.com/collect', { method: 'POST', body: 'x' });
        return 'sent';
      } catch {
        return 'failed';
      }
    });
    // Aborted by the interception (the sandbox has no internet either way), and recorded.
    expect(outcome).toBe('failed');
    expect(external).toEqual(['https://example.com/collect']);
    await context.close();
  });
});
