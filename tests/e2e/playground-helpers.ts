// Helpers for the playground end-to-end tests: open the production playground, wait for detection, run,
// take screenshots of the 350 px task pane, measure long tasks, and run axe-core in the page.
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** Where screenshots go: $LOOPBOOK_SHOTS, or a fresh temp folder (printed once). */
export function shotsDir(): string {
  const dir = process.env.LOOPBOOK_SHOTS ?? mkdtempSync(path.join(tmpdir(), 'loopbook-shots-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface Opened {
  page: Page;
  errors: string[];
}

/** Opens the playground and waits until the pane has looked through the workbook. `beforeGoto` runs on the
 * new page before it loads (to start a trace or a profile that covers the opening). */
export async function openPlayground(
  browser: Browser,
  url: string,
  query = '',
  beforeGoto?: (page: Page) => Promise<void>,
): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Longest main-thread task since the last reset, and each long task's span (Long Tasks API).
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number; __tasks: [number, number][] };
    w.__longest = 0;
    w.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longest = Math.max(w.__longest, e.duration);
        w.__tasks.push([e.startTime, e.duration]);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await beforeGoto?.(page);
  await page.goto(`${url}/playground.html${query}`);
  await waitForScan(page);
  return { page, errors };
}

export async function waitForScan(page: Page): Promise<void> {
  await page.locator('[data-testid="app-root"]').waitFor({ timeout: 60_000 });
  await page.locator('.pg-pane select[id^="kind-"]').first().waitFor({ timeout: 180_000 });
  // Scanning shows a progress bar; ready when it is gone and the Run button can be pressed.
  await page.waitForFunction(() => !document.querySelector('.pg-pane [role="progressbar"]'), undefined, {
    timeout: 180_000,
  });
}

/**
 * After the scan the pane asks the engine which analyses are available and what it decided about each table;
 * the opening ends when the Data step shows those decisions (a table of a known kind) and the page has drawn
 * a frame after them.
 */
export async function waitForDecisions(page: Page): Promise<void> {
  await page.locator('.pg-pane [data-testid="decisions"]').first().waitFor({ timeout: 180_000 });
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

export async function resetLongest(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: [number, number][] };
    w.__longest = 0;
    w.__tasks = [];
  });
}

export async function longest(page: Page): Promise<number> {
  return await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

/**
 * The longest long task (Long Tasks API) since the last reset, split by a user-timing measure the page left
 * (`performance.measure`): `inside` the tasks that overlap it, `outside` the others (0 where none).
 */
export async function longestSplitBy(page: Page, measure: string): Promise<{ inside: number; outside: number }> {
  return await page.evaluate((name) => {
    const spans = performance.getEntriesByName(name, 'measure').map((m) => [m.startTime, m.startTime + m.duration]);
    let inside = 0;
    let outside = 0;
    for (const [start, ms] of (window as unknown as { __tasks: [number, number][] }).__tasks) {
      if (spans.some(([from, to]) => start < to && start + ms > from)) inside = Math.max(inside, ms);
      else outside = Math.max(outside, ms);
    }
    return { inside, outside };
  }, measure);
}

/** Screenshot of the task pane column alone (350 px wide, as in Excel). */
export async function paneShot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await page.locator('.pg-pane').screenshot({ path: file });
  return file;
}

const require = createRequire(import.meta.url);

/** axe-core in the page: violations of impact serious or critical inside `selector`. */
export async function axeSerious(
  page: Page,
  selector: string,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not restrict.
  await page.evaluate(source);
  return await page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    // Fluent's focus manager (tabster) puts aria-hidden focus sentinels at the edges of tab lists; they pass
    // focus on at once and are a known axe false positive, so they are left out.
    const r = await axe.run({ include: [sel], exclude: ['[data-tabster-dummy]'] }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      }));
  }, selector);
}

/** Numbers in a stand-in sheet (every cell of its used range). */
export async function sheetNumbers(page: Page, sheet: string): Promise<number[]> {
  return await page.evaluate((name) => {
    const s = window.loopbookPlayground!.sim().model.sheet(name);
    const r = s.usedRect();
    const out: number[] = [];
    if (!r) return out;
    for (let i = r.r0; i < r.r0 + r.rows; i++)
      for (let j = r.c0; j < r.c0 + r.cols; j++) {
        const v = s.getValue(i, j);
        if (typeof v === 'number') out.push(v);
      }
    return out;
  }, sheet);
}

/** Texts in a stand-in sheet (every cell of its used range). */
export async function sheetTexts(page: Page, sheet: string): Promise<string[]> {
  return await page.evaluate((name) => {
    const s = window.loopbookPlayground!.sim().model.sheet(name);
    const r = s.usedRect();
    const out: string[] = [];
    if (!r) return out;
    for (let i = r.r0; i < r.r0 + r.rows; i++)
      for (let j = r.c0; j < r.c0 + r.cols; j++) {
        const v = s.getValue(i, j);
        if (typeof v === 'string') out.push(v);
      }
    return out;
  }, sheet);
}

export async function sheetNames(page: Page): Promise<string[]> {
  return await page.evaluate(() => window.loopbookPlayground!.sim().model.sheets.map((s) => s.name));
}

/** A JSON picture of the whole stand-in workbook (to compare before and after). */
export async function snapshot(page: Page): Promise<string> {
  return await page.evaluate(() => JSON.stringify(window.loopbookPlayground!.sim().snapshot()));
}

/** Result cards: analysis kind → the sheet its "Open sheet" link names. */
export async function resultSheets(page: Page): Promise<Record<string, string>> {
  return await page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const card of document.querySelectorAll('[data-testid^="result-"]')) {
      const kind = card.getAttribute('data-testid')!.slice('result-'.length);
      const link = [...card.querySelectorAll('button')].map((b) => b.textContent ?? '').find((t) => /“.+”/.test(t));
      const m = link ? /“(.+)”/.exec(link) : null;
      if (m) out[kind] = m[1];
    }
    return out;
  });
}
