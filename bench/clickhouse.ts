/**
 * Bench: `loopbook analyze --source clickhouse://` against the in-memory path on the peer benchmark's synthetic 1M
 * orders (../shared/bench/gen_orders.py, seed 1, as bench/duckdb.ts), with a campaigns table of their channels (so
 * channel performance runs). ClickHouse is chDB in this process, loaded with the same CSV files (a MergeTree
 * without a sorting key, rows in file order) and served over ClickHouse's HTTP interface (tests/source/chdb.ts); the
 * `loopbook` command talks to it through `@clickhouse/client`, as to a server. Both paths run every analysis a
 * pushed-down orders table runs (RFM, CLV, clusters, cohorts, lifecycle, channel performance, funnel) as-of
 * 2024-12-31; the `--json` summaries must agree (figures to the cent, parameters to 1e-6 relative, counts exact) or
 * the bench fails.
 *
 * Each run is a separate `loopbook` process under `/usr/bin/time -v`: wall seconds, CPU seconds of that process and
 * its peak RSS. ClickHouse's own work runs in this process (chDB), so the ClickHouse run's CPU and RSS leave it out:
 * its wall time holds it, and `clickhouse_s` says how much of it chDB took. The machine is shared: wall time is
 * indicative only.
 *
 * Run: `npx tsx bench/clickhouse.ts [--data /tmp/loopbook-bench] [--out bench/results/clickhouse-DATE.json]
 * [--kinds rfm,clv,…]` (the analyses to run; the default is the list above).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { differences } from '../tests/source/differences.js';
import { loadChdb, serveChdb } from '../tests/source/chdb.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DATA = opt('--data', '/tmp/loopbook-bench');
const OUT = opt('--out', `bench/results/clickhouse-${new Date().toISOString().slice(0, 10)}.json`);
const GEN = path.resolve('../shared/bench/gen_orders.py');
const AS_OF = '2024-12-31';
// `--kinds a,b`: other analyses (e.g. the loop ones: acquisition-quality,before-after,recommendations).
const KINDS = opt('--kinds', 'rfm,clv,clusters,cohorts,lifecycle,channel-performance,funnel').split(',');
const PASSWORD = 'bench-only';

mkdirSync(path.join(DATA, 'ch'), { recursive: true });
const generated = path.join(DATA, 'orders_1000000_100000_s1.csv');
if (!existsSync(generated)) execFileSync('/usr/bin/python3', [GEN, '1000000', '100000', generated, '--seed', '1']);
// Named as the ClickHouse tables are, so the sheet names the findings quote are the same on both paths.
const orders = path.join(DATA, 'ch', 'orders.csv');
rmSync(orders, { force: true });
symlinkSync(path.resolve(generated), orders);

/** A campaigns table of the orders' channels: one campaign per channel and quarter, spend and clicks made up. */
function campaigns(): string {
  const file = path.join(DATA, 'ch', 'campaigns.csv');
  const channels = [
    ...new Set(
      readFileSync(orders, 'utf8')
        .split('\n')
        .slice(1, 20_001)
        .map((l) => l.split(',')[4])
        .filter(Boolean),
    ),
  ].sort();
  const lines = ['campaign,channel,week,spend,impressions,clicks'];
  channels.forEach((ch, i) => {
    for (let q = 0; q < 8; q++) {
      const week = `${2023 + Math.floor(q / 4)}-${String((q % 4) * 3 + 1).padStart(2, '0')}-01`;
      lines.push(
        `${ch}-Q${q + 1},${ch},${week},${1000 + 250 * i + 40 * q},${50_000 + 1000 * i},${1500 + 30 * i + 7 * q}`,
      );
    }
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
const camp = campaigns();

/** The recipe of a run: the orders and campaigns sources (by their sheet names; at `locations` when given). */
function recipe(name: string, locations?: { orders: string; campaigns: string }): string {
  const src = (id: 'orders' | 'campaigns', file: string) => ({
    id,
    sheet: locations ? id : path.basename(file).replace(/\.csv$/, ''),
    kind: id,
    roles: {},
    ...(locations ? { location: locations[id] } : {}),
  });
  const r = {
    loopbook: 'recipe',
    version: 2,
    sources: [src('orders', orders), src('campaigns', camp)],
    analyses: KINDS.map((kind) => ({ kind, enabled: true, options: {} })),
    asOf: AS_OF,
    currency: 'USD',
    lang: 'en',
  };
  const out = path.join(DATA, `recipe-ch-${name}.json`);
  writeFileSync(out, JSON.stringify(r));
  return out;
}

interface Measure {
  wall_s: number;
  cpu_s: number;
  peak_rss_mb: number;
  /** ClickHouse run: chDB's wall seconds on the run's queries, and the HTTP requests the run made. */
  clickhouse_s?: number;
  requests?: number;
}

/** One `loopbook analyze` under /usr/bin/time -v, asynchronously (this process serves ClickHouse meanwhile). */
async function measure(name: string, analyzeArgs: string[]): Promise<{ m: Measure; json: string }> {
  const json = path.join(DATA, `ch-${name}.json`);
  const child = spawn(
    '/usr/bin/time',
    [
      '-v',
      'node',
      'bin/loopbook.js',
      'analyze',
      ...analyzeArgs,
      '--out',
      path.join(DATA, `ch-${name}.xlsx`),
      '--json',
      json,
    ],
    { env: { ...process.env, TZ: 'UTC', LOOPBOOK_CLICKHOUSE_PASSWORD: PASSWORD } },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${stderr.slice(-3000)}`);
  const num = (re: RegExp): number => Number(re.exec(stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  return {
    json,
    m: {
      wall_s: wall
        ? Math.round((Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) * 100) / 100
        : NaN,
      cpu_s:
        Math.round((num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 100) / 100,
      peak_rss_mb: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
    },
  };
}

const session = new (loadChdb().Session)();
const t0 = performance.now();
session.query('CREATE DATABASE shop');
for (const [table, file] of [
  ['orders', orders],
  ['campaigns', camp],
])
  session.query(
    `CREATE TABLE shop.${table} ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM file('${file}', CSVWithNames)`,
  );
const loadS = Math.round(performance.now() - t0) / 1000;
// The time chDB spends on the run's queries (wall, in this process).
let busyMs = 0;
const query = session.query.bind(session);
session.query = (sql: string, format?: string) => {
  const start = performance.now();
  try {
    return query(sql, format);
  } finally {
    busyMs += performance.now() - start;
  }
};
const server = await serveChdb(session, { user: 'bench', password: PASSWORD });
const spec = (t: string) => `clickhouse://bench@127.0.0.1:${server.port}/shop#${t}`;

const record: Record<string, unknown> = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, mem_gib: Math.round(os.totalmem() / 2 ** 30) },
  load_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
  note: 'One run each. Wall seconds of the loopbook process; its CPU seconds and peak RSS leave out ClickHouse (chDB runs in the bench process). Machine shared with three other engineers: wall time is indicative only.',
  as_of: AS_OF,
  analyses: KINDS,
  chdb_load_s: loadS,
  runs: {},
  parity: [],
};
const runs = record.runs as Record<string, Measure>;
try {
  const mem = await measure('memory-csv-1m', [orders, camp, '--recipe', recipe('memory')]);
  runs['memory-csv-1m'] = mem.m;
  process.stderr.write(`memory: ${JSON.stringify(mem.m)}\n`);
  const ch = await measure('clickhouse-1m', [
    '--recipe',
    recipe('clickhouse', { orders: spec('orders'), campaigns: spec('campaigns') }),
  ]);
  runs['clickhouse-1m'] = { ...ch.m, clickhouse_s: Math.round(busyMs) / 1000, requests: server.seen.length };
  process.stderr.write(`clickhouse: ${JSON.stringify(ch.m)}\n`);
  const analyses = (file: string) =>
    (JSON.parse(readFileSync(file, 'utf8')) as { analyses: Record<string, unknown> }).analyses;
  const a = analyses(mem.json),
    b = analyses(ch.json);
  const missing = KINDS.filter((k) => !(k in a) || !(k in b));
  record.parity = [...missing.map((k) => `${k}: not in both summaries`), ...differences(a, b)];
  record.sums = sumsByThreads();
} finally {
  await server.close();
  session.close();
}

/**
 * Whether the ClickHouse rollups could leave one thread: per-customer sums of the 1M orders' amounts (100,000
 * customers) as the dialect adds them (`arraySum(groupArray(x))` over rows stored in order: exact only when one
 * thread reads them) and in an explicit order (`arraySort` of (date, row, amount) per customer: exact on any number
 * of threads), on 1 and 2 threads, three runs each (ms); `exact`: every run's hash of the sums equals the first
 * one-thread stored-order one (the in-memory engine's sums, as tests/source/clickhouse-sql.test.ts shows).
 */
function sumsByThreads(): Record<string, { ms: number[]; exact: boolean }> {
  session.query(`CREATE TABLE shop.kept ENGINE = Memory AS SELECT * FROM (
      SELECT customer_id AS code, toFloat64(toInt32(order_date) + 25569) AS ts, toInt64(rowNumberInAllBlocks()) AS rn,
        toFloat64(assumeNotNull(amount)) AS amt
      FROM shop.orders LIMIT 18446744073709551615) ORDER BY code, ts, rn SETTINGS max_threads = 1`);
  const sums = {
    stored: 'arraySum(groupArray(amt))',
    explicit: 'arraySum(arrayMap(p -> p.3, arraySort(groupArray((ts, rn, amt)))))',
  };
  const out: Record<string, { ms: number[]; exact: boolean }> = {};
  let reference = '';
  for (const [name, sum] of Object.entries(sums))
    for (const threads of [1, 2]) {
      const ms: number[] = [];
      let exact = true;
      for (let r = 0; r < 3; r++) {
        const start = performance.now();
        const hash = session.query(
          `SELECT sum(cityHash64(code, v)) FROM (SELECT code, ${sum} AS v FROM shop.kept GROUP BY code) SETTINGS max_threads = ${threads}`,
          'CSV',
        );
        ms.push(Math.round(performance.now() - start));
        reference ||= hash;
        exact &&= hash === reference;
      }
      out[`${name}, ${threads} thread${threads > 1 ? 's' : ''}`] = { ms, exact };
    }
  return out;
}
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(record, null, 1)}\n`);
process.stdout.write(`${JSON.stringify(record)}\n`);
if ((record.parity as string[]).length > 0) {
  process.stderr.write(`Results differ:\n${(record.parity as string[]).slice(0, 20).join('\n')}\n`);
  process.exitCode = 1;
}
