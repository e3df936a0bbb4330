// The stand-in cuts a long sync into tasks between commands (context.ts, SYNC_SLICE_MS) so that the page's
// main thread is not held for the whole batch — what each command does, which command an error names, and the
// order of syncs stay as they were.
import { describe, expect, it } from 'vitest';
import { SimContext, SYNC_SLICE_MS } from '../../addin/excel-sim/context.js';
import type { SimHost } from '../../addin/excel-sim/context.js';
import { SimError } from '../../addin/excel-sim/errors.js';
import { WorkbookModel } from '../../addin/excel-sim/model.js';

function host(): SimHost {
  return {
    model: new WorkbookModel({ date1904: false }),
    counters: { syncs: 0, requestBytes: 0, responseBytes: 0, maxRequestBytes: 0, maxResponseBytes: 0, log: [] },
    failure: null,
    excelApi: '1.17',
    payloadLimit: 5 * 1024 * 1024,
  };
}

/** Holds the thread for `ms` (a command that takes that long). */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

// Each command holds the thread a fifth of a slice; 40 of them are 8 slices' work, so a sync that never let
// other tasks in would run them all before any timer.
const STEP = SYNC_SLICE_MS / 5;
const COMMANDS = 40;

describe('Excel stand-in: a long sync runs in slices', () => {
  it('lets a timer in between commands, and still runs every command in order', async () => {
    const ctx = new SimContext(host());
    const ran: number[] = [];
    for (let i = 0; i < COMMANDS; i++)
      ctx.enqueue(`step ${i}`, 0, () => {
        spin(STEP);
        ran.push(i);
        return 0;
      });
    let seenByTimer = -1;
    setTimeout(() => (seenByTimer = ran.length), 0);
    await ctx.sync();
    expect(ran).toEqual([...Array(COMMANDS).keys()]);
    // The timer ran while the batch was under way: after some commands, before the last.
    expect(seenByTimer).toBeGreaterThan(0);
    expect(seenByTimer).toBeLessThan(COMMANDS);
  });

  it('names the failing command after a slice, and runs none after it (what ran before stays applied)', async () => {
    const ctx = new SimContext(host());
    const ran: number[] = [];
    for (let i = 0; i < COMMANDS; i++)
      ctx.enqueue(`step ${i}`, 0, () => {
        spin(STEP);
        if (i === 30) throw new SimError('InvalidArgument', 'step 30 refuses.');
        ran.push(i);
        return 0;
      });
    const err = await ctx.sync().then(
      () => null,
      (e: unknown) => e as SimError,
    );
    expect(err?.code).toBe('InvalidArgument');
    expect(err?.debugInfo.errorLocation).toBe('step 30');
    expect(ran).toEqual([...Array(30).keys()]);
  });

  it('runs a sync called while another is in its slices only after that one is done, in call order', async () => {
    const h = host();
    const long = new SimContext(h);
    const short = new SimContext(h);
    const order: string[] = [];
    for (let i = 0; i < COMMANDS; i++)
      long.enqueue(`long ${i}`, 0, () => {
        spin(STEP);
        order.push(`long ${i}`);
        return 0;
      });
    short.enqueue('short', 0, () => {
      order.push('short');
      return 0;
    });
    const first = long.sync();
    // Called once the long batch has let a timer in, i.e. while it is half done.
    const second = new Promise<void>((resolve, reject) =>
      setTimeout(() => {
        expect(order.length).toBeGreaterThan(0);
        short.sync().then(() => {
          resolve();
        }, reject);
      }, 0),
    );
    await Promise.all([first, second]);
    expect(order).toEqual([...[...Array(COMMANDS).keys()].map((i) => `long ${i}`), 'short']);
    expect(h.counters.log.map((r) => r.ops)).toEqual([COMMANDS, 1]);
  });
});
