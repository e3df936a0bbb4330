/**
 * Bench: `loopbook analyze --source duckdb:` (orders kept in DuckDB, per-customer summary pushed down) against the
 * in-memory path, on the peer benchmark's synthetic orders (../shared/bench/gen_orders.py, seed 1). Both paths run
 * the same recipe — RFM, CLV and clusters, the analyses a pushed-down table runs — as-of 2024-12-31, and write the
 * workbook and the `--json` summary; the summaries must agree (figures to the cent, parameters to 1e-6 relative,
 * counts exact) or the bench fails.
 *
 * Each run is a separate `loopbook` process under `/usr/bin/time -v`: CPU seconds (user + system, every thread:
 * the machine is shared, wall time says more about the neighbours than about Loopbook) and peak RSS.
 *
 * Run: `npx tsx bench/duckdb.ts [--data /tmp/loopbook-bench] [--runs 1] [--big 5000000] [--out bench/results/duckdb-DATE.json]`
 * The data (CSV and Parquet, never committed) is generated under --data when missing.
 * `--kinds cohorts --as cohorts` runs other analyses (comma-separated) and appends the record under that key of the
 * --out file, leaving the rest of it as it is (`--kinds lifecycle,funnel --as lifecycle-funnel`: the lifecycle and the
 * funnel, pushed down too; channel performance needs a campaigns table, which the generated data has not).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { differences } from '../tests/source/differences.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const DATA = opt('--data', '/tmp/loopbook-bench');
const RUNS = Number(opt('--runs', '1'));
const BIG = Number(opt('--big', '5000000'));
const OUT = opt('--out', `bench/results/duckdb-${new Date().toISOString().slice(0, 10)}.json`);
const GEN = path.resolve('../shared/bench/gen_orders.py');
const AS_OF = '2024-12-31';
const KINDS = opt('--kinds', 'rfm,clv,clusters').split(',');
const AS = opt('--as', '');

interface Measure {
  cpu_s: number;
  user_s: number;
  sys_s: number;
  wall_s: number;
  peak_rss_mb: number;
  /** Seconds per phase as the command printed them (wall). */
  phases_s: Record<string, number>;
}

/** The orders CSV and Parquet of `n` orders (n / 10 customers), made when missing. */
function data(n: number): { csv: string; parquet: string } {
  mkdirSync(DATA, { recursive: true });
  const base = path.join(DATA, `orders_${n}_${n / 10}_s1`);
  const csv = `${base}.csv`,
    parquet = `${base}.parquet`;
  if (!existsSync(csv)) execFileSync('/usr/bin/python3', [GEN, String(n), String(n / 10), csv, '--seed', '1']);
  if (!existsSync(parquet)) {
    const js = `import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
await c.run(\`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)\`);`;
    execFileSync('node', ['--input-type=module', '-e', js], { cwd: process.cwd() });
  }
  return { csv, parquet };
}

/** The recipe both paths run: the orders source (by its sheet name, the file's base name), three analyses. */
function recipe(file: string, location?: string): string {
  const sheet = path.basename(file).replace(/\.(csv|parquet)$/, '');
  const r = {
    loopbook: 'recipe',
    version: 2,
    sources: [{ id: 'orders', sheet, kind: 'orders', roles: {}, ...(location ? { location } : {}) }],
    analyses: KINDS.map((kind) => ({ kind, enabled: true, options: {} })),
    asOf: AS_OF,
    currency: 'USD',
    lang: 'en',
  };
  const out = path.join(DATA, `recipe-${sheet}-${location ? 'duckdb' : 'memory'}${AS ? `-${AS}` : ''}.json`);
  writeFileSync(out, JSON.stringify(r));
  return out;
}

/** One `loopbook analyze` under /usr/bin/time -v. */
function measure(name: string, analyzeArgs: string[]): { m: Measure; json: string } {
  const json = path.join(DATA, `${name}${AS ? `-${AS}` : ''}.json`);
  const res = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      'node',
      'bin/loopbook.js',
      'analyze',
      ...analyzeArgs,
      '--out',
      path.join(DATA, `${name}${AS ? `-${AS}` : ''}.xlsx`),
      '--json',
      json,
    ],
    { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (res.status !== 0) throw new Error(`${name} failed (${res.status}):\n${res.stderr.slice(-3000)}`);
  const num = (re: RegExp): number => Number(re.exec(res.stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(res.stderr);
  const phases: Record<string, number> = {};
  for (const m of res.stderr.matchAll(/^ {2}([A-Z][^:\n]+): ([\d.]+) s$/gm)) phases[m[1]] = Number(m[2]);
  const user = num(/User time \(seconds\): ([\d.]+)/),
    sys = num(/System time \(seconds\): ([\d.]+)/);
  return {
    json,
    m: {
      cpu_s: Math.round((user + sys) * 100) / 100,
      user_s: user,
      sys_s: sys,
      wall_s: wall
        ? Math.round((Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) * 100) / 100
        : NaN,
      peak_rss_mb: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
      phases_s: phases,
    },
  };
}

const analyses = (file: string): unknown => (JSON.parse(readFileSync(file, 'utf8')) as { analyses: unknown }).analyses;

/** Median of each field over the runs. */
function median(ms: Measure[]): Measure & { runs: number; cpu_all_s: number[] } {
  const mid = <T>(xs: T[], f: (m: T) => number) => xs.map(f).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    runs: ms.length,
    cpu_s: mid(ms, (m) => m.cpu_s),
    cpu_all_s: ms.map((m) => m.cpu_s),
    user_s: mid(ms, (m) => m.user_s),
    sys_s: mid(ms, (m) => m.sys_s),
    wall_s: mid(ms, (m) => m.wall_s),
    peak_rss_mb: mid(ms, (m) => m.peak_rss_mb),
    phases_s: ms[Math.floor(ms.length / 2)].phases_s,
  };
}

const record: Record<string, unknown> = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, mem_gib: Math.round(os.totalmem() / 2 ** 30) },
  note: 'CPU seconds = user + system of the loopbook process (all threads), /usr/bin/time -v; machine shared with three other engineers, so wall time is indicative only. Each run writes the workbook and the --json summary.',
  as_of: AS_OF,
  analyses: KINDS,
  runs: {},
  parity: {},
};
const runs = record.runs as Record<string, unknown>;
const parity = record.parity as Record<string, string[]>;

const one = data(1_000_000);
const paths: [string, string[]][] = [
  ['memory-csv-1m', [one.csv, '--recipe', recipe(one.csv)]],
  ['duckdb-csv-1m', ['--recipe', recipe(one.csv, `duckdb:${one.csv}`)]],
  ['duckdb-parquet-1m', ['--recipe', recipe(one.parquet, `duckdb:${one.parquet}`)]],
];
if (BIG > 0) {
  const big = data(BIG);
  paths.push([`duckdb-parquet-${BIG / 1e6}m`, ['--recipe', recipe(big.parquet, `duckdb:${big.parquet}`)]]);
}
const jsons: Record<string, string> = {};
for (const [name, a] of paths) {
  const ms: Measure[] = [];
  for (let r = 0; r < RUNS; r++) {
    const { m, json } = measure(name, a);
    ms.push(m);
    jsons[name] = json;
    process.stderr.write(`${name} run ${r + 1}: ${m.cpu_s} CPU s, ${m.peak_rss_mb} MB, ${m.wall_s} s wall\n`);
  }
  runs[name] = median(ms);
}
for (const name of ['duckdb-csv-1m', 'duckdb-parquet-1m'])
  parity[`${name} vs memory-csv-1m`] = differences(analyses(jsons['memory-csv-1m']), analyses(jsons[name]));
mkdirSync(path.dirname(OUT), { recursive: true });
const file: Record<string, unknown> = AS ? (JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>) : record;
if (AS) file[AS] = record;
writeFileSync(OUT, `${JSON.stringify(file, null, 1)}\n`);
process.stdout.write(`${JSON.stringify(record)}\n`);
const broken = Object.entries(parity).filter(([, d]) => d.length > 0);
if (broken.length > 0) {
  process.stderr.write(`Results differ:\n${broken.map(([k, d]) => `${k}: ${d.slice(0, 10).join('; ')}`).join('\n')}\n`);
  process.exitCode = 1;
}
