/**
 * Bench: marketing analyses (issue 6 targets): attribution over 1,000,000 touchpoints (≤ 3 s) and
 * experiment analysis over 1,000,000 units with 20 segments (≤ 2 s; here 4 segment columns with 20
 * values in all, plus a CUPED covariate and two outcomes). Data are generated with a seeded PRNG.
 *
 * Run: `node --expose-gc --import tsx bench/marketing.ts [touchpoints] [units]` (`--json` prints one JSON line).
 */
import * as aq from 'arquero';
import { pathToFileURL } from 'node:url';
import type { ColumnInfo, ColumnType, Dataset, Role, TableKind } from '../src/ingest/types.js';
import type { CommonOptions } from '../src/analysis/registry-types.js';
import { mulberry32 } from '../src/stats/random.js';
import { attribute } from '../src/analysis/marketing/attribution/index.js';
import { analyzeExperiment } from '../src/analysis/marketing/experiment/index.js';

const COMMON: CommonOptions = { asOf: 45657, currency: 'USD', lang: 'en' };

function dataset(
  kind: TableKind,
  cols: { name: string; role: Role | null; type: ColumnType; values: unknown[] }[],
): Dataset {
  const n = cols[0].values.length;
  const columns: ColumnInfo[] = cols.map((c, i) => ({
    name: c.name,
    header: c.name,
    letter: String.fromCharCode(65 + i),
    type: c.type,
    role: c.role,
    roleConfidence: 1,
    nulls: 0,
  }));
  return {
    sheet: kind,
    kind,
    kindConfidence: 1,
    table: aq.table(Object.fromEntries(cols.map((c) => [c.name, c.values]))),
    columns,
    rowNumbers: Array.from({ length: n }, (_, i) => i + 2),
    headerRows: [1],
    diagnostics: [],
  };
}

export function generateTouchpoints(n: number, seed = 6): Dataset {
  const rnd = mulberry32(seed);
  const chs = ['paid search', 'paid social', 'community', 'email', 'content', 'affiliate', 'sms', 'display'];
  const customers = Math.max(1, Math.floor(n / 5));
  const cust: string[] = [],
    ch: string[] = [],
    t: number[] = [],
    conv: number[] = [],
    val: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * customers);
    cust.push(`C${c}`);
    // Channel preference depends on the customer, so paths are not pure noise.
    ch.push(chs[(c + Math.floor(rnd() * 3)) % chs.length]);
    t.push(45292 + rnd() * 365);
    const k = rnd() < 0.04 ? 1 : 0;
    conv.push(k);
    val.push(k ? Math.round(20 + rnd() * 200) : null);
  }
  return dataset('touchpoints', [
    { name: 'customer', role: 'customer_id', type: 'identifier', values: cust },
    { name: 'channel', role: 'channel', type: 'category', values: ch },
    { name: 'time', role: 'timestamp', type: 'datetime', values: t },
    { name: 'converted', role: 'converted', type: 'integer', values: conv },
    { name: 'value', role: 'value', type: 'currency', values: val },
  ]);
}

export function generateExperiment(n: number, seed = 7): Dataset {
  const rnd = mulberry32(seed);
  const arms = ['Control', 'Offer A', 'Offer B'];
  const region = ['north', 'south', 'east', 'west', 'central', 'online'];
  const stage = ['new', 'active', 'at risk', 'lost', 'champion'];
  const tier = ['bronze', 'silver', 'gold', 'platinum', 'vip'];
  const cols = {
    arm: [] as string[],
    conv: [] as number[],
    rev: [] as number[],
    pre: [] as number[],
    region: [] as string[],
    stage: [] as string[],
    tier: [] as string[],
    newbie: [] as number[],
  };
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rnd() * 3);
    const pre = rnd() * 100;
    const p = 0.05 + 0.01 * a + pre / 5000;
    const c = rnd() < p ? 1 : 0;
    cols.arm.push(arms[a]);
    cols.conv.push(c);
    cols.rev.push(c ? 30 + pre * 0.5 + rnd() * 40 : 0);
    cols.pre.push(pre);
    cols.region.push(region[Math.floor(rnd() * region.length)]);
    cols.stage.push(stage[Math.floor(rnd() * stage.length)]);
    cols.tier.push(tier[Math.floor(rnd() * tier.length)]);
    cols.newbie.push(rnd() < 0.4 ? 1 : 0);
  }
  return dataset('experiment', [
    { name: 'arm', role: 'arm', type: 'category', values: cols.arm },
    { name: 'converted', role: 'outcome', type: 'integer', values: cols.conv },
    { name: 'revenue', role: 'outcome', type: 'currency', values: cols.rev },
    { name: 'pre_revenue', role: 'covariate', type: 'currency', values: cols.pre },
    { name: 'region', role: 'attribute', type: 'category', values: cols.region },
    { name: 'stage', role: 'attribute', type: 'category', values: cols.stage },
    { name: 'tier', role: 'attribute', type: 'category', values: cols.tier },
    { name: 'newbie', role: 'attribute', type: 'integer', values: cols.newbie },
  ]);
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const json = process.argv.includes('--json');
  const nTouch = Number(args[0] ?? 1_000_000);
  const nUnits = Number(args[1] ?? 1_000_000);
  const tp = generateTouchpoints(nTouch);
  global.gc?.();
  const a = timed(() => attribute(tp, COMMON));
  const ex = generateExperiment(nUnits);
  global.gc?.();
  const e = timed(() => analyzeExperiment(ex, COMMON));
  const segments = e.value.tables.find((t) => t.name === 'segments')?.rows.length ?? 0;
  const out = {
    attribution: {
      touchpoints: nTouch,
      paths: a.value.figures.find((f) => f.key === 'paths')?.value,
      ms: Math.round(a.ms),
      targetMs: 3000,
    },
    experiment: { units: nUnits, segmentValues: 21, segmentRows: segments, ms: Math.round(e.ms), targetMs: 2000 },
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (json) console.log(JSON.stringify(out));
  else {
    console.log(
      `attribution: ${nTouch.toLocaleString('en')} touchpoints, ${String(out.attribution.paths)} paths → ${out.attribution.ms} ms (target ≤ 3000)`,
    );
    console.log(
      `experiment: ${nUnits.toLocaleString('en')} units, 3 arms, 2 outcomes + CUPED, 4 segment columns (21 values) → ${out.experiment.ms} ms (target ≤ 2000)`,
    );
    console.log(`peak RSS ${out.peakRssMB} MB`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
