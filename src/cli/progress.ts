/**
 * Progress and messages on stderr: a progress bar for long steps when stderr is a terminal, one line per
 * phase otherwise (CI logs, pipes).
 */
import cliProgress from 'cli-progress';
import type { Lang } from '../types.js';

export interface Reporter {
  lang: Lang;
  /** Starts a phase of `total` units (1 when unknown). */
  phase(label: string, total?: number): void;
  tick(done: number): void;
  end(): void;
  info(line: string): void;
}

/**
 * `LOOPBOOK_TRACE_MEM=1`: each phase's line also gives the process's CPU time in it (every thread) and the memory held
 * at its end (resident, JS heap, buffers).
 */
const TRACE_MEM = process.env.LOOPBOOK_TRACE_MEM === '1';

function memory(cpuFrom: NodeJS.CpuUsage | undefined): string {
  const m = process.memoryUsage();
  const mb = (x: number) => `${Math.round(x / 1048576)} MB`;
  const cpu = process.cpuUsage(cpuFrom);
  return ` (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, external ${mb(m.external)})`;
}

export function createReporter(stream: NodeJS.WritableStream, lang: Lang): Reporter {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let started: { label: string; at: number; cpu?: NodeJS.CpuUsage } | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
    if (started && !tty)
      stream.write(
        `  ${started.label}${lang === 'zh-CN' ? '：' : ': '}${((performance.now() - started.at) / 1000).toFixed(1)} ${lang === 'zh-CN' ? '秒' : 's'}${TRACE_MEM ? memory(started.cpu) : ''}\n`,
      );
    started = null;
  };
  return {
    lang,
    phase(label, total = 1) {
      stop();
      started = { label, at: performance.now(), ...(TRACE_MEM ? { cpu: process.cpuUsage() } : {}) };
      if (!tty) return;
      bar = new cliProgress.SingleBar(
        { format: `${label.padEnd(28)} [{bar}] {percentage}%`, stream, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick(done) {
      bar?.update(done);
    },
    end() {
      if (bar) bar.update(bar.getTotal());
      stop();
    },
    info(line) {
      stop();
      stream.write(`${line}\n`);
    },
  };
}
