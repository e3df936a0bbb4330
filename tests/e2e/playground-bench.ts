// Bench (npm run bench): a generated orders sheet in the production playground, from pressing Run to results
// written (reading, analysing in the worker, writing through the stand-in), the longest main-thread task
// meanwhile, the peak memory of Chromium's renderer processes (the page, its analysis worker and the
// stand-in workbook together, from `ps`), and the peak JS heap (V8 heap plus ArrayBuffers) of the analysis
// worker and of the page, each asked over the DevTools protocol (cdp-bench.ts). Prints one JSON line.
// The opening (page load → tables detected → the Data step shows what was decided) is measured too, its long
// tasks split in two: the stand-in generating its N-row sheet (test scaffolding: in Excel the sheet exists
// already; the playground marks it with a user-timing measure, addin/playground/marks.ts) and everything
// else, which is the pane's own opening (loading its code, reading the sheet through the stand-in, sending
// it to the worker, drawing the Data step; the viewer's first draw and the stand-in's answers to each sync
// are counted there too, so it is an upper bound on the pane's share).
// Targets: 100,000 rows ≤ 10 s; any size, longest task of the run and of the pane's opening ≤ 200 ms.
// Usage: npx tsx tests/e2e/playground-bench.ts [rows] [--profile FILE.cpuprofile] [--profile-open FILE] [--dev]
//   (1048575 data rows + the header = Excel's full height). --profile records a CPU profile of the page's
//   main thread during the run (open it in DevTools) and adds its longest busy stretch, by function, to the
//   line; --profile-open records one of the opening and adds each main-thread task of 50 ms or more with the
//   functions that ran in it (and whether it is the stand-in's). Profiling slows the page, so take timings
//   from runs without it; it also hides one cost (V8 keeps source positions eagerly while profiling, so the
//   page's first task, evaluating the bundle, looks shorter than it is: webpack.config.js, splitChunks). --dev serves the development build (readable function names in the profile;
//   slower, so not for the record).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { buildPages, hasChromium, launch, serve } from './browser.js';
import {
  HeapSampler,
  longestBusyStretch,
  longestTasks,
  startProfile,
  stopProfile,
  tasksByFunction,
  tasksSplitBy,
} from './cdp-bench.js';
import type { AttributedTask } from './cdp-bench.js';
import { longest, longestSplitBy, openPlayground, resetLongest, waitForDecisions } from './playground-helpers.js';
import { STAND_IN_MEASURE } from '../../addin/playground/marks.js';

const args = process.argv.slice(2);
const profileAt = args.indexOf('--profile');
const profileFile = profileAt >= 0 ? args.splice(profileAt, 2)[1] : null;
const profileOpenAt = args.indexOf('--profile-open');
const profileOpenFile = profileOpenAt >= 0 ? args.splice(profileOpenAt, 2)[1] : null;
const devAt = args.indexOf('--dev');
const dev = devAt >= 0 && args.splice(devAt, 1).length > 0;
const rows = Number(args[0] ?? 100_000);

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
const { url, server } = await serve(buildPages(dev ? 'development' : 'production'));
const browser = await launch();
try {
  const t0 = Date.now();
  let openProfiler: Awaited<ReturnType<typeof startProfile>> | null = null;
  const { page, errors } = await openPlayground(browser, url, `?lang=en-US&orders=${rows}`, async (p) => {
    if (profileOpenFile) openProfiler = await startProfile(p);
    await browser.startTracing(p, { categories: ['toplevel', 'blink.user_timing'] });
  });
  const detectMs = Date.now() - t0;
  await waitForDecisions(page);
  const openMs = Date.now() - t0;
  const openTrace = await browser.stopTracing();
  const open = tasksSplitBy(openTrace, STAND_IN_MEASURE);
  let openTasks: AttributedTask[] | undefined;
  if (openProfiler) {
    const p = await stopProfile(openProfiler);
    writeFileSync(profileOpenFile!, JSON.stringify(p));
    openTasks = tasksByFunction(openTrace, p, { minMs: 50, measure: STAND_IN_MEASURE });
  }
  const detectLongest = await longest(page);
  const openSplit = await longestSplitBy(page, STAND_IN_MEASURE);
  await resetLongest(page);
  let peakMb = rendererRssMb();
  const poll = setInterval(() => (peakMb = Math.max(peakMb, rendererRssMb())), 250);
  const heaps = new HeapSampler(browser, ['loopbook-engine']);
  await heaps.start(250);
  const profiler = profileFile ? await startProfile(page) : null;
  await browser.startTracing(page, { categories: ['toplevel'] });
  const start = Date.now();
  await page.getByRole('button', { name: 'Run analyses' }).click();
  await page
    .locator('.pg-pane [role="status"]')
    .getByText(/Done|did not finish/)
    .waitFor({ timeout: 600_000 });
  const runMs = Date.now() - start;
  clearInterval(poll);
  const heap = await heaps.stop();
  const tasks = longestTasks(await browser.stopTracing());
  let profile: ReturnType<typeof longestBusyStretch> | undefined;
  if (profiler) {
    const p = await stopProfile(profiler);
    writeFileSync(profileFile!, JSON.stringify(p));
    profile = longestBusyStretch(p);
  }
  const ok = (await page.getByText('Done: results are in your workbook.').count()) === 1;
  const runLongest = await longest(page);
  console.log(
    JSON.stringify({
      bench: 'playground-run',
      rows,
      ...(dev ? { build: 'development' } : {}),
      ok,
      detectMs,
      // The whole opening, the stand-in's generation included (Long Tasks API; the figure of earlier records).
      detectLongestTaskMs: Math.round(detectLongest),
      openMs,
      // The stand-in generating its sheet: the measure's length, its task (Long Tasks API), and from the trace.
      openStandIn: {
        generateMs: open.measureMs,
        longestTaskMs: Math.round(openSplit.inside),
        trace: { wallMs: open.inside.wallMs, cpuMs: open.inside.cpuMs },
      },
      // Every other task of the opening: the pane's own (an upper bound, see above).
      openPane: { longestTaskMs: Math.round(openSplit.outside), trace: open.outside },
      runMs,
      runLongestTaskMs: Math.round(runLongest),
      // The same from a trace: wall and the main thread's own CPU time of its longest task (see longestTasks).
      traceLongestTask: tasks,
      rendererPeakMb: peakMb,
      workerHeapPeakMb: heap['loopbook-engine']?.peakMb ?? null,
      pageHeapPeakMb: heap.page?.peakMb ?? null,
      heapSamples: { worker: heap['loopbook-engine']?.samples ?? 0, page: heap.page?.samples ?? 0 },
      targets: { ...(rows <= 100_000 ? { runMs: 10_000 } : {}), longestTaskMs: 200 },
      errors,
      ...(profile ? { profile: { file: profileFile, longestBusy: profile } } : {}),
      ...(openTasks ? { profileOpen: { file: profileOpenFile, tasks: openTasks } } : {}),
    }),
  );
} finally {
  await browser.close();
  server.close();
}
