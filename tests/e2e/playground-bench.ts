// Bench (npm run bench): a generated orders sheet in the production playground, from pressing Run to results
// written (reading, analysing in the worker, writing through the stand-in), the longest main-thread task
// meanwhile, and the peak memory of Chromium's renderer processes (the page, its analysis worker and the
// stand-in workbook together: a dedicated worker has no memory API of its own). Prints one JSON line.
// Targets: 100,000 rows ≤ 10 s; any size, longest task ≤ 200 ms.
// Usage: npx tsx tests/e2e/playground-bench.ts [rows]   (1048575 data rows + the header = Excel's full height)
import { execFileSync } from 'node:child_process';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import { longest, openPlayground, resetLongest } from './playground-helpers.js';

const rows = Number(process.argv[2] ?? 100_000);

/** Resident memory of Chromium's renderer processes, in MB (`ps`; 0 where ps is missing). */
function rendererRssMb(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
    let kb = 0;
    for (const line of out.split('\n'))
      if (line.includes('chromium') && line.includes('--type=renderer')) kb += Number(line.trim().split(/\s+/)[0]);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
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
  let peakMb = rendererRssMb();
  const poll = setInterval(() => (peakMb = Math.max(peakMb, rendererRssMb())), 250);
  const start = Date.now();
  await page.getByRole('button', { name: 'Run analyses' }).click();
  await page
    .locator('.pg-pane [role="status"]')
    .getByText(/Done|did not finish/)
    .waitFor({ timeout: 600_000 });
  const runMs = Date.now() - start;
  clearInterval(poll);
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
      rendererPeakMb: peakMb,
      targets: { ...(rows <= 100_000 ? { runMs: 10_000 } : {}), longestTaskMs: 200 },
      errors,
    }),
  );
} finally {
  await browser.close();
  server.close();
}
