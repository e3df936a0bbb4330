/**
 * Bench: the whole `loopbook analyze` command, phase by phase, as the command line runs it (the same
 * `analyzeCommand`), with CPU time (user + system) and the peak RSS so far at the end of each phase.
 * Without a file it analyses the sample workbook, as `npm run demo` does. Issue 13's targets: the 1M-order
 * CSV ≤ 10 s, 5M orders ≤ 60 s and ≤ 2 GB, the demo's write phase ≤ 3 s.
 *   npx tsx bench/cli.ts [file.csv|file.xlsx …] [--as-of YYYY-MM-DD] [--json]
 * With --json it prints one JSON line (command, phases with cpu_s, wall_s and peak_rss_mb) instead of a table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { analyzeCommand } from '../src/cli/commands.js';
import type { Reporter } from '../src/cli/progress.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const at = args.indexOf('--as-of');
const asOf = at >= 0 ? args[at + 1] : undefined;
const files = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (files.length === 0) files.push('assets/sample/loopbook-sample.xlsx');

interface Phase {
  name: string;
  cpu_s: number;
  wall_s: number;
  peak_rss_mb: number;
}
const phases: Phase[] = [];
let current = 'start';
let c0 = process.cpuUsage();
let t0 = performance.now();
/** Closes the running phase (work between two phases counts to the one before). */
const close = (next: string) => {
  const cpu = process.cpuUsage(c0);
  const now = performance.now();
  const peak = process.resourceUsage().maxRSS / 1024;
  const last = phases.at(-1);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const wallS = (now - t0) / 1000;
  if (last && last.name === current) {
    last.cpu_s += cpuS;
    last.wall_s += wallS;
    last.peak_rss_mb = peak;
  } else phases.push({ name: current, cpu_s: cpuS, wall_s: wallS, peak_rss_mb: peak });
  current = next;
  c0 = process.cpuUsage();
  t0 = now;
};
const reporter: Reporter = {
  lang: 'en',
  phase: (label) => {
    close(label.replace(/^Reading \S+$/, 'Reading the file'));
  },
  tick: () => undefined,
  end: () => undefined,
  info: () => undefined,
};
const sink = new Writable({
  write: (_c, _e, cb) => {
    cb();
  },
});
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-bench-cli-'));
const started = process.cpuUsage();
const code = await analyzeCommand(
  files,
  { lang: 'en', out: path.join(dir, 'out.xlsx'), json: path.join(dir, 'summary.json'), periodYear: [], asOf },
  reporter,
  sink,
);
close('end');
rmSync(dir, { recursive: true, force: true });
const all = process.cpuUsage(started);
const total = { cpu_s: (all.user + all.system) / 1e6, peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
const round = (x: number) => Math.round(x * 1000) / 1000;
if (json) {
  const command = `loopbook analyze ${files.join(' ')}${asOf ? ` --as-of ${asOf}` : ''}`;
  const out = phases.map((p) => ({
    ...p,
    cpu_s: round(p.cpu_s),
    wall_s: round(p.wall_s),
    peak_rss_mb: round(p.peak_rss_mb),
  }));
  console.log(
    JSON.stringify({
      command,
      exit: code,
      phases: out,
      total_cpu_s: round(total.cpu_s),
      peak_rss_mb: round(total.peak_rss_mb),
    }),
  );
} else {
  for (const p of phases)
    console.log(
      `${p.name.padEnd(30)} ${p.cpu_s.toFixed(2).padStart(6)} s cpu ${p.wall_s.toFixed(2).padStart(6)} s wall  peak ${p.peak_rss_mb.toFixed(0)} MB`,
    );
  console.log(
    `${'total (after module load)'.padEnd(30)} ${total.cpu_s.toFixed(2).padStart(6)} s cpu  peak ${total.peak_rss_mb.toFixed(0)} MB  exit ${code}`,
  );
}
