// Bench (npm run bench): a generated 100,000-row orders sheet in the production playground, from pressing
// Run to results written (reading, analysing in the worker, writing through the stand-in), and the longest
// main-thread task meanwhile. Targets: ≤ 10 s and ≤ 200 ms. Prints one JSON line.
// Usage: npx tsx tests/e2e/playground-bench.ts [rows]
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { longest, openPlayground, resetLongest } from './playground-helpers.js';

const rows = Number(process.argv[2] ?? 100_000);
if (!hasChromium) {
  console.log(JSON.stringify({ bench: 'playground-run', skipped: 'no /usr/bin/chromium' }));
  process.exit(0);
}
const { url, server } = await serve(buildPages('production'));
const browser = await launch();
try {
  const t0 = Date.now();
  const { page, errors } = await openPlayground(browser, url, `?lang=en-US&orders=${rows}`);
  const detectMs = Date.now() - t0;
  const detectLongest = await longest(page);
  await resetLongest(page);
  const start = Date.now();
  await page.getByRole('button', { name: 'Run analyses' }).click();
  await page
    .locator('.pg-pane [role="status"]')
    .getByText(/Done|did not finish/)
    .waitFor({ timeout: 600_000 });
  const runMs = Date.now() - start;
  const ok = (await page.getByText('Done: results are in your workbook.').count()) === 1;
  const runLongest = await longest(page);
  console.log(
    JSON.stringify({
      bench: 'playground-run',
      rows,
      ok,
      detectMs,
      detectLongestTaskMs: Math.round(detectLongest),
      runMs,
      runLongestTaskMs: Math.round(runLongest),
      targets: { runMs: 10_000, longestTaskMs: 200 },
      errors,
    }),
  );
} finally {
  await browser.close();
  server.close();
}
