// The built task pane opens in a real Chromium, renders its app root, and sends nothing anywhere:
// the development page loads office.js from the local server, the production page only from
// Microsoft's CDN (the one network call allowed), both under a Content-Security-Policy that the
// pages' own code never trips and that blocks inline scripts, eval and calls to other hosts (issue 17).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { buildPages, hasChromium, launch, serve } from './browser.js';

/** CSP violations the page reported so far (`directive blocked-uri`), collected from before its first script. */
async function violations(page: Page): Promise<string[]> {
  return await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

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
    // Injected through DevTools before any script of the page runs (and so not subject to its CSP).
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`);
      });
    });
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

  it('the pages hold no inline script, and their own code trips the policy nowhere while the pane starts', async () => {
    for (const mode of ['production', 'development'] as const) {
      const dir = buildPages(mode);
      for (const html of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
        const text = readFileSync(path.join(dir, html), 'utf8');
        const scripts = text.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, `${mode} ${html}`).toBeGreaterThan(0);
        // Every script is loaded from a file (no inline code the policy would have to allow), and no
        // element carries an inline event handler.
        for (const tag of scripts) expect(tag, `${mode} ${html}`).toMatch(/\ssrc="[^"]+"/);
        expect(text, `${mode} ${html}`).not.toMatch(/<script\b[^>]*>[^<]/);
        expect(text, `${mode} ${html}`).not.toMatch(/\son[a-z]+=/i);
      }
      const { page, errors } = await open(mode);
      expect(await page.getByRole('status').textContent()).toMatch(/Not running inside Excel/);
      expect(await violations(page), mode).toEqual([]);
      expect(errors, mode).toEqual([]);
      await page.close();
    }
  });

  it('the policy blocks an inline script, eval, new Function and string timers', async () => {
    const { page } = await open('production');
    // An inline script element added at run time (as injected markup would) does not run.
    const inline = await page.evaluate(async () => {
      const w = window as unknown as { __inlineRan?: boolean };
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.append(s);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return w.__inlineRan === true ? 'ran' : 'blocked';
    });
    expect(inline).toBe('blocked');
    // Code from strings: eval and new Function throw EvalError; a string timer never runs. They are tried in a
    // later task of the page, because DevTools lets code it evaluates itself use eval whatever the policy.
    const fromStrings = await page.evaluate(async () => {
      const w = window as unknown as { __timerRan?: boolean };
      const attempt = (f: () => unknown): string => {
        try {
          f();
          return 'ran';
        } catch (e) {
          return (e as Error).name;
        }
      };
      const indirectEval = eval;
      const out = { eval: '', newFunction: '', timer: 'blocked' };
      await new Promise<void>((resolve) => {
        setTimeout(() => {
          out.eval = attempt(() => indirectEval('1 + 1'));
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: the policy must stop it
          out.newFunction = attempt(() => new Function('return 1'));
          // A string handler, which setTimeout compiles like eval (typed as a function, called as the DOM allows).
          (setTimeout as unknown as (code: string, ms: number) => number)('window.__timerRan = true', 0);
          resolve();
        }, 0);
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (w.__timerRan === true) out.timer = 'ran';
      return out;
    });
    expect(fromStrings).toEqual({ eval: 'EvalError', newFunction: 'EvalError', timer: 'blocked' });
    // Each was reported as a violation of the script policy; nothing else was.
    const seen = await violations(page);
    expect(seen).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src eval']));
    expect(seen.every((v) => /^script-src(-elem)? (inline|eval)$/.test(v))).toBe(true);
  });
});
