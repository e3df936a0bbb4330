/**
 * Loopbook as a tool of the peer benchmark (bench/peers/README.md, copied from the shared peer harness): the
 * same orders CSV that pandas and DuckDB read, through the modules the CLI uses — the .csv reader, ingest, the
 * RFM and cohorts analyses, the BG/NBD and Gamma-Gamma fits and the CLV scoring — timed per phase, from the file
 * on disk. Prints one JSON line: `phases_s`, `peak_rss_mb` and `checks`.
 *
 * `checks` holds only the figures Loopbook defines the way `peer_pandas.py` does (purchases are rows with amount
 * > 0, frequency counts distinct purchase days, monetary is the net sum rounded to cents per customer; cohorts by
 * month of first purchase); the harness fails the run when a shared check differs. Loopbook's own RFM scores
 * (quintiles with ties kept together) and its 12-month CLV differ from pandas' rank-first quintiles and 52-week
 * horizon by definition, so they go under `loopbook` instead.
 *
 * Run: `npx tsx bench/peer.ts ORDERS.csv [--as-of YYYY-MM-DD]` (default as-of: the last order date).
 */
import { pathToFileURL } from 'node:url';
import { runWithEngineFlags } from '../bin/engine-flags.js';
import { readFile } from '../src/xlsx/read.js';
import { prestartCsvHelper } from '../src/xlsx/read-csv-parallel.js';
import { ingestGrid } from '../src/ingest/index.js';
import { RunMemo } from '../src/analysis/common/memo.js';
import type { CommonOptions } from '../src/analysis/registry-types.js';
import { readOrders } from '../src/analysis/user/orders.js';
import { runRfm } from '../src/analysis/user/rfm.js';
import { buildCohorts, runCohorts } from '../src/analysis/user/cohorts.js';
import { customerModels, customerSummary } from '../src/analysis/user/customer-models.js';
import { scoreClv } from '../src/analysis/user/clv.js';
import { prestartAside, startAside, useAsides, workerAsides } from '../src/cli/aside.js';
import { gridRowCount } from '../src/ingest/grid-columns.js';
import { isoToSerial, serialToIso } from '../src/serial-date.js';

interface PeerResult {
  tool: 'loopbook';
  input: string;
  as_of: string;
  rows: number;
  customers: number;
  phases_s: Record<string, number>;
  /** CPU seconds (user + system, process.cpuUsage) per phase, readOrders apart: the figure to read on a shared machine. */
  cpu_s: Record<string, number>;
  peak_rss_mb: number;
  checks: Record<string, number | null>;
  loopbook: Record<string, number | null>;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The shared cohort checks, from Loopbook's cohorts (active[k]: customers buying k months after their first). */
function cohortChecks(cohorts: ReturnType<typeof buildCohorts>['cohorts']): Record<string, number | null> {
  let cells = 0,
    active = 0,
    m1 = 0,
    m1n = 0;
  for (const c of cohorts) {
    for (const a of c.active) {
      if (a > 0) cells++;
      active += a;
    }
    if (c.active.length > 1) {
      m1 += c.active[1] / c.size;
      m1n++;
    }
  }
  return {
    cohorts: cohorts.length,
    cohort_cells: cells,
    cohort_active_sum: active,
    retention_m1_mean: m1n > 0 ? round(m1 / m1n, 6) : null,
  };
}

export async function peer(path: string, asOfArg: string | null): Promise<PeerResult> {
  const phases: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const t0 = performance.now();
  // The .csv reader's second thread is started and loaded before the read's timer (inside the total's), the same as
  // DuckDB's peer creates its instance, its thread pool, between its total's start and its timed read
  // (peers/peer_duckdb.mjs); the command line starts it while it loads, too.
  await prestartCsvHelper(path)?.ready();
  let mark = performance.now();
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let cpuMark = cpuNow();
  const cpuLap = (name: string): void => {
    const now = cpuNow();
    cpu[name] = round(now - cpuMark, 4);
    cpuMark = now;
  };
  const lap = (name: string): void => {
    const now = performance.now();
    phases[name] = round((now - mark) / 1000, 4);
    mark = now;
    cpuLap(name);
  };
  const read = await readFile(path);
  if (read.grids.length === 0) throw new Error(`${path}: nothing read (${JSON.stringify(read.diagnostics)})`);
  lap('read');
  // As the command line does once its inputs are read (src/cli/commands.ts): the analyses' worker thread starts while
  // ingest runs here.
  prestartAside(gridRowCount(read.grids[0]));
  const ds = ingestGrid(read.grids[0]);
  lap('ingest');
  const memo = new RunMemo();
  const orders = readOrders({ orders: ds }, [], memo);
  if (!orders) throw new Error(`${path}: no orders table (customer, date and amount columns)`);
  cpuLap('orders');
  let last = -Infinity;
  for (let i = 0; i < orders.date.length; i++) if (orders.date[i] > last) last = orders.date[i];
  const asOf = asOfArg ? isoToSerial(asOfArg) : Math.floor(last);
  if (asOf === null || !Number.isFinite(asOf)) throw new Error(`--as-of ${asOfArg}: not a date (YYYY-MM-DD)`);
  const common: CommonOptions = { asOf, currency: 'USD', lang: 'en', memo };
  // As the command line does before its first analysis (src/cli/commands.ts): the cohorts, CLV's summary and its
  // model fits posted to a worker thread (src/cli/aside.ts), where they are made while RFM runs here; whatever the
  // worker has not begun when an analysis takes it is made here.
  useAsides(workerAsides());
  const enabled = (kind: string) => ({ kind, enabled: true });
  startAside({ orders: ds }, [enabled('rfm'), enabled('cohorts'), enabled('clv')], common);
  runRfm({ orders: ds }, common, {});
  const s = customerSummary(orders, { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf }, memo);
  lap('rfm');
  runCohorts({ orders: ds }, common, {});
  lap('cohorts');
  const cohorts = buildCohorts(orders, asOf, { period: 'month', secondPurchaseDays: 90, refunds: 'net' }, () => null);
  mark = performance.now(); // the checks' own cohort build is not timed
  cpuMark = cpuNow();
  // CLV's summary (read above, in the memo) and both fits, taken as CLV takes them: whichever the worker has not
  // begun is fitted here. customerModels takes the two together, so their time is all under `bgnbd_fit`, and
  // `gg_fit` is 0 (the ratios read the sum).
  const w = customerSummary(orders, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf }, memo);
  const { bg, gg } = customerModels(w, 0, memo);
  useAsides(null);
  lap('bgnbd_fit');
  phases.gg_fit = 0;
  cpu.gg_fit = 0;
  const scores = scoreClv(w, bg.params, gg?.params ?? null, {
    timeUnit: 'weeks',
    horizonMonths: 12,
    annualDiscountRate: 0,
    margin: 1,
  });
  lap('scoring');
  phases.total = round((performance.now() - t0) / 1000, 4);
  cpu.total = round(
    Object.values(cpu).reduce((a, b) => a + b, 0),
    4,
  );

  let monetary = 0,
    frequency = 0,
    recency = 0;
  for (let i = 0; i < s.ids.length; i++) {
    monetary += Math.round(s.revenue[i] * 100);
    frequency += s.days[i];
    recency += s.recency[i];
  }
  let pAlive = 0,
    purchases = 0,
    clv = 0;
  for (let i = 0; i < w.ids.length; i++) {
    pAlive += scores.pAlive[i];
    purchases += scores.purchases[i];
    clv += scores.clv[i] ?? 0;
  }
  return {
    tool: 'loopbook',
    input: path,
    as_of: serialToIso(asOf),
    rows: ds.table.numRows(),
    customers: s.ids.length,
    phases_s: phases,
    cpu_s: cpu,
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    checks: {
      monetary_sum: round(monetary / 100, 2),
      frequency_sum: frequency,
      recency_sum: recency,
      ...cohortChecks(cohorts.cohorts),
    },
    loopbook: {
      bgnbd_r: round(bg.params.r, 6),
      bgnbd_alpha: round(bg.params.alpha, 6),
      bgnbd_a: round(bg.params.a, 6),
      bgnbd_b: round(bg.params.b, 6),
      gg_p: gg ? round(gg.params.p, 6) : null,
      p_alive_mean: round(pAlive / w.ids.length, 6),
      exp_purchases_12m_sum: round(purchases, 2),
      clv_12m_sum: round(clv, 2),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  // With the V8 flags the command line runs with (bin/engine-flags.js): started again with them when not given.
  runWithEngineFlags();
  const args = process.argv.slice(2);
  const at = args.indexOf('--as-of');
  const asOf = at >= 0 ? args[at + 1] : null;
  const file = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  if (!file) {
    console.error('usage: npx tsx bench/peer.ts ORDERS.csv [--as-of YYYY-MM-DD]');
    process.exit(2);
  }
  console.log(JSON.stringify(await peer(file, asOf)));
}
