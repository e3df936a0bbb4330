#!/usr/bin/env node
// `npm run bench -- peers`: Loopbook beside pandas and DuckDB on the same 1,000,000-order CSV, in one run
// (bench/peers/, copied from the shared peer harness; bench/peer.ts is Loopbook's tool). Sets up what is
// missing first: Debian's python3-pandas and python3-scipy (root with apt), @duckdb/node-api in the git-ignored
// bench/.peer-node (a peer, not a Loopbook dependency), and the generated orders file in bench/.data/.
// Then prints the harness's table and Loopbook's ratios to each peer; the JSON record goes to bench/results/.
//
// Options (environment): PEER_ORDERS (1000000), PEER_CUSTOMERS (100000), PEER_RUNS (3), PEER_AS_OF (2024-12-31).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PY = '/usr/bin/python3';
const orders = process.env.PEER_ORDERS ?? '1000000';
const customers = process.env.PEER_CUSTOMERS ?? '100000';
const runs = process.env.PEER_RUNS ?? '3';
const asOf = process.env.PEER_AS_OF ?? '2024-12-31';
const DUCKDB = '@duckdb/node-api@1.5.6-r.1';

const pyHas = (mod) => spawnSync(PY, ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;

function ensurePython() {
  if (pyHas('pandas') && pyHas('scipy')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) throw new Error('The pandas peer needs python3-pandas and python3-scipy: apt-get install them as root.');
  console.log('[bench] installing python3-pandas python3-scipy with apt-get …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', 'python3-pandas', 'python3-scipy'], {
    stdio: 'inherit',
    env,
  });
}

function ensureDuckdb(dir) {
  if (existsSync(join(dir, 'node_modules', '@duckdb', 'node-api'))) return;
  console.log(`[bench] installing ${DUCKDB} into ${dir} (the DuckDB peer; not a Loopbook dependency) …`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', DUCKDB], { cwd: dir, stdio: 'inherit' });
}

function ratioLines(record) {
  const median = (tool) => record.tools[tool]?.phases_median_s ?? {};
  const lb = median('loopbook');
  const sum = (p, keys) => keys.reduce((s, k) => s + (p[k] ?? NaN), 0);
  const model = ['read', 'rfm', 'cohorts', 'bgnbd_fit', 'gg_fit', 'scoring'];
  const agg = ['read', 'rfm', 'cohorts'];
  const lines = [];
  const pd = median('pandas');
  const dk = median('duckdb');
  // Loopbook's ingest (type inference, roles) is work pandas does inside read_csv: it counts as reading.
  const lbRead = { ...lb, read: (lb.read ?? 0) + (lb.ingest ?? 0) };
  if (pd.total) {
    const r = sum(lbRead, model) / sum(pd, model);
    lines.push(`Loopbook ÷ pandas, read + RFM + cohorts + BG/NBD + Gamma-Gamma + scoring: ${r.toFixed(2)}×`);
  }
  if (dk.total) {
    const r = sum(lbRead, agg) / sum(dk, agg);
    lines.push(`Loopbook ÷ DuckDB, read + RFM + cohorts: ${r.toFixed(2)}×`);
  }
  for (const tool of ['pandas', 'duckdb', 'loopbook']) {
    const t = record.tools[tool];
    if (t) lines.push(`${tool} peak RSS (median of ${t.runs}): ${t.peak_rss_mb_median} MB`);
  }
  return lines;
}

ensurePython();
const peerNode = resolve('bench/.peer-node');
ensureDuckdb(peerNode);
const data = resolve(`bench/.data/orders_${orders}_${customers}_s1.csv`);
mkdirSync('bench/.data', { recursive: true });
mkdirSync('bench/results', { recursive: true });
const out = resolve(`bench/results/peers-${new Date().toISOString().slice(0, 10)}.json`);
const r = spawnSync(
  PY,
  [
    'bench/peers/run_bench.py',
    '--only',
    'pandas,duckdb',
    '--orders',
    orders,
    '--customers',
    customers,
    '--runs',
    runs,
    '--as-of',
    asOf,
    '--data',
    data,
    '--out',
    out,
    '--tool',
    `loopbook=TZ=UTC node --max-old-space-size=4096 --import tsx bench/peer.ts {orders} --as-of {as_of}`,
  ],
  { stdio: 'inherit', env: { ...process.env, PEER_NODE_DIR: peerNode } },
);
if (existsSync(out)) for (const line of ratioLines(JSON.parse(readFileSync(out, 'utf8')))) console.log(line);
process.exit(r.status ?? 1);
