// DevTools-protocol helpers for the playground bench: the JS heap of the page's analysis worker and of the
// page itself (a dedicated worker has no memory API of its own — no performance.memory, no
// measureUserAgentSpecificMemory without cross-origin isolation — so the browser is asked over CDP), and a
// CPU profile of the page with its longest busy stretch summed up by function; the page's main-thread tasks
// from a trace, longest by wall and CPU time, split by a user-timing measure, and laid against a CPU profile.
import type { Browser, CDPSession, Page } from 'playwright-core';

/** JS heap of one thread: V8's used heap plus ArrayBuffer backing stores (typed arrays live outside the heap). */
interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

/**
 * Samples `Runtime.getHeapUsage` of the page and of its dedicated workers (matched by name, e.g.
 * `loopbook-engine`) every `everyMs`, keeping each one's peak. Worker targets are attached in the protocol's
 * non-flat mode through a browser session (Playwright's own sessions cannot send to a worker), so this
 * works whichever moment the page starts its worker.
 */
export class HeapSampler {
  private cdp: CDPSession | null = null;
  private sessions = new Map<string, { sessionId: string; name: string }>();
  private pending = new Map<number, (u: HeapUsage | null) => void>();
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  /** Peak used+backing bytes by target name ('page' for the page). */
  readonly peakBytes = new Map<string, number>();
  /** Samples answered, by target name (a worker busy in one long task still answers: V8 interrupts it). */
  readonly samples = new Map<string, number>();

  constructor(
    private readonly browser: Browser,
    private readonly workerNames: string[],
  ) {}

  async start(everyMs = 250): Promise<void> {
    this.cdp = await this.browser.newBrowserCDPSession();
    this.cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
      if (m.id === undefined) return;
      this.pending.get(m.id)?.(m.result ?? null);
      this.pending.delete(m.id);
    });
    await this.sample();
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  private async attachNew(): Promise<void> {
    const cdp = this.cdp!;
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; title: string }[];
    };
    for (const t of targetInfos) {
      if (this.sessions.has(t.targetId)) continue;
      const name =
        t.type === 'page' ? 'page' : t.type === 'worker' && this.workerNames.includes(t.title) ? t.title : null;
      if (name === null) continue;
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      this.sessions.set(t.targetId, { sessionId, name });
    }
  }

  private heapUsage(sessionId: string): Promise<HeapUsage | null> {
    const id = this.nextId++;
    const answer = new Promise<HeapUsage | null>((resolve) => {
      this.pending.set(id, resolve);
      // A thread gone (worker ended) never answers.
      setTimeout(() => {
        if (this.pending.delete(id)) resolve(null);
      }, 5_000);
    });
    void this.cdp!.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
    }).catch(() => {
      if (this.pending.delete(id)) this.pending.set(id, () => undefined);
    });
    return answer;
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.cdp) return;
    this.busy = true;
    try {
      await this.attachNew();
      await Promise.all(
        [...this.sessions.values()].map(async ({ sessionId, name }) => {
          const u = await this.heapUsage(sessionId);
          if (!u) return;
          const bytes = u.usedSize + (u.backingStorageSize ?? 0);
          this.peakBytes.set(name, Math.max(this.peakBytes.get(name) ?? 0, bytes));
          this.samples.set(name, (this.samples.get(name) ?? 0) + 1);
        }),
      );
    } catch {
      // The browser closing mid-sample.
    } finally {
      this.busy = false;
    }
  }

  /** One last sample, then stop; peaks in MB by target name. */
  async stop(): Promise<Record<string, { peakMb: number; samples: number }>> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.sample();
    const out: Record<string, { peakMb: number; samples: number }> = {};
    for (const [name, b] of this.peakBytes)
      out[name] = { peakMb: Math.round(b / 1024 / 1024), samples: this.samples.get(name) ?? 0 };
    await this.cdp?.detach().catch(() => undefined);
    return out;
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Starts the V8 sampling profiler on the page's main thread. */
export async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return cdp;
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.detach();
  return profile;
}

/**
 * The profile's longest stretch of samples with no `(idle)` or `(program)` sample between them (about one
 * main-thread task, to within the sampling interval), and the self time in it by function, largest first.
 */
export function longestBusyStretch(
  p: CpuProfile,
  top = 15,
): { ms: number; atMs: number; selfMs: { fn: string; ms: number }[]; totalMs: { fn: string; ms: number }[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id: number): boolean => {
    const f = byId.get(id)!.callFrame.functionName;
    return f === '(idle)' || f === '(program)';
  };
  let t = p.startTime;
  let best = { from: 0, to: 0, ms: 0, at: 0 };
  let from = -1;
  let fromT = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (idle(p.samples[i])) {
      if (from >= 0 && t - fromT > best.ms) best = { from, to: i, ms: t - fromT, at: fromT };
      from = -1;
    } else if (from < 0) {
      from = i;
      fromT = t;
    }
  }
  const name = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(name(p.samples[i]), (self.get(name(p.samples[i])) ?? 0) + ms);
    // Inclusive: each function on the sample's stack once.
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) seen.add(name(id));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>): { fn: string; ms: number }[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
  return {
    ms: Math.round(best.ms / 1000),
    atMs: Math.round((best.at - p.startTime) / 1000),
    selfMs: ranked(self),
    totalMs: ranked(total),
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

function traceEvents(traceJson: Buffer | string): TraceEvent[] {
  const parsed = JSON.parse(traceJson.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** The page's main-thread tasks: `ThreadControllerImpl::RunTask` events on the renderer's `CrRendererMain` thread. */
function mainTasks(events: TraceEvent[]): TraceEvent[] {
  const main = new Set<string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  return events.filter(
    (e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`),
  );
}

export interface TaskFigures {
  wallMs: number;
  cpuMs: number;
  tasks: number;
}

function longestOf(tasks: TraceEvent[]): TaskFigures {
  let wall = 0;
  let cpu = 0;
  for (const e of tasks) {
    wall = Math.max(wall, e.dur ?? 0);
    cpu = Math.max(cpu, e.tdur ?? 0);
  }
  return { wallMs: Math.round(wall / 1000), cpuMs: Math.round(cpu / 1000), tasks: tasks.length };
}

/**
 * The page's main-thread tasks from a Chromium trace of the `toplevel` category (`ThreadControllerImpl::RunTask`
 * events on the renderer's `CrRendererMain` thread): the longest by wall time and by the thread's own CPU time. On a busy
 * machine a task's wall time includes the time the thread waited for a core; its CPU time does not, so the
 * two together tell a long task from a starved one.
 */
export function longestTasks(traceJson: Buffer | string): TaskFigures {
  return longestOf(mainTasks(traceEvents(traceJson)));
}

/** Spans `[from, to]` (trace µs) of a user-timing measure (`blink.user_timing` begin/end events) by that name. */
function measureSpans(events: TraceEvent[], measure: string): { from: number; to: number }[] {
  const begins = events.filter((e) => e.name === measure && e.ph === 'b').sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === measure && e.ph === 'e').sort((a, b) => a.ts - b.ts);
  return begins.map((b, i) => ({ from: b.ts, to: ends[i]?.ts ?? b.ts }));
}

const overlaps = (e: TraceEvent, spans: { from: number; to: number }[]): boolean =>
  spans.some((s) => e.ts < s.to && e.ts + (e.dur ?? 0) > s.from);

/**
 * The longest main-thread tasks (as `longestTasks`) split by a user-timing measure the page leaves: `inside`
 * are the tasks that overlap it (the playground's stand-in generating its sheet), `outside` all the others.
 * `measureMs` is the measure's own length (0 if the page left none).
 */
export function tasksSplitBy(
  traceJson: Buffer | string,
  measure: string,
): { inside: TaskFigures; outside: TaskFigures; measureMs: number } {
  const events = traceEvents(traceJson);
  const spans = measureSpans(events, measure);
  const tasks = mainTasks(events);
  return {
    inside: longestOf(tasks.filter((e) => overlaps(e, spans))),
    outside: longestOf(tasks.filter((e) => !overlaps(e, spans))),
    measureMs: Math.round(spans.reduce((n, s) => n + s.to - s.from, 0) / 1000),
  };
}

export interface AttributedTask {
  /** Start, ms from the first main-thread task of the trace. */
  atMs: number;
  wallMs: number;
  cpuMs: number;
  /** The task overlaps the measure given (the stand-in's generation). */
  inMeasure: boolean;
  /** Inclusive time of the CPU profile's samples inside the task, by function, largest first. */
  totalMs: { fn: string; ms: number }[];
  /** Self time, by function, largest first (where the task's time went: e.g. `setRaw`, the garbage collector). */
  selfMs: { fn: string; ms: number }[];
}

const ranked = (m: Map<string, number>, top: number): { fn: string; ms: number }[] =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));

/**
 * Each main-thread task of at least `minMs` (wall) in a trace, with the functions a CPU profile recorded at the
 * same time inside it (V8's profiler and the trace share Chromium's monotonic clock, in µs), so a long task
 * can be laid at its owner's door. Use a development build (`--dev`) for readable names.
 */
export function tasksByFunction(
  traceJson: Buffer | string,
  p: CpuProfile,
  options: { minMs?: number; measure?: string; top?: number } = {},
): AttributedTask[] {
  const events = traceEvents(traceJson);
  const spans = options.measure ? measureSpans(events, options.measure) : [];
  const tasks = mainTasks(events).sort((a, b) => a.ts - b.ts);
  const t0 = tasks[0]?.ts ?? 0;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  };
  const at: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) at.push((t += d));
  const out: AttributedTask[] = [];
  for (const task of tasks) {
    if ((task.dur ?? 0) < (options.minMs ?? 50) * 1000) continue;
    const total = new Map<string, number>();
    const self = new Map<string, number>();
    for (let i = 0; i < at.length; i++) {
      if (at[i] < task.ts || at[i] > task.ts + (task.dur ?? 0)) continue;
      const ms = Math.max(0, at[i + 1] !== undefined ? at[i + 1] - at[i] : 0) / 1000;
      self.set(name(p.samples[i]), (self.get(name(p.samples[i])) ?? 0) + ms);
      const seen = new Set<string>();
      for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) seen.add(name(id));
      seen.delete('(root) :1');
      seen.delete('(root) :0');
      for (const k of seen) total.set(k, (total.get(k) ?? 0) + ms);
    }
    out.push({
      atMs: Math.round((task.ts - t0) / 1000),
      wallMs: Math.round((task.dur ?? 0) / 1000),
      cpuMs: Math.round((task.tdur ?? 0) / 1000),
      inMeasure: overlaps(task, spans),
      totalMs: ranked(total, options.top ?? 12),
      selfMs: ranked(self, 6),
    });
  }
  return out;
}
