// The pane's flow without React: detect → confirm → run → results, with an in-memory host and the engine
// in-process. A failed or cancelled run leaves the (fake) workbook exactly as it was.
import { describe, expect, it, vi } from 'vitest';
import { createFlow } from '../../addin/taskpane/flow.js';
import { FakeHost, inProcessEngine, notesGrid, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

const AT = '2025-01-02T03:04:05.000Z';

async function started(host = new FakeHost([ordersGrid(20), notesGrid()])) {
  const engine = inProcessEngine();
  const flow = createFlow(host, engine, () => AT);
  await flow.start();
  return { host, engine, flow };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('task pane flow', () => {
  it('detects the tables, proposes kinds and roles, and picks the analyses the data supports', async () => {
    const { flow } = await started();
    const s = flow.getState();
    expect(s.scan.status).toBe('ready');
    expect(s.sources.map((v) => v.sheet).sort()).toEqual(['Notes', 'Orders']);
    const orders = s.sources.find((v) => v.sheet === 'Orders')!;
    expect(s.assignments[orders.id].kind).toBe('orders');
    expect(s.assignments[orders.id].roles.Amount).toBe('amount');
    expect(s.availability['orders-total']).toEqual({ ok: true });
    expect(s.availability['spend-check'].ok).toBe(false);
    expect(s.chosen).toEqual({ 'orders-total': true });
    expect(s.options['orders-total']).toEqual({ top: 3 });
  });

  it('a role moved to another column leaves the first one without it; availability follows', async () => {
    const { flow } = await started();
    const id = flow.getState().sources.find((v) => v.sheet === 'Orders')!.id;
    flow.setRole(id, 'Channel', 'amount');
    expect(flow.getState().assignments[id].roles).toMatchObject({ Amount: null, Channel: 'amount' });
    flow.setRole(id, 'Channel', null);
    await until(() => !flow.getState().availability['orders-total']?.ok);
    flow.setKind(id, null);
    expect(flow.getState().assignments[id].kind).toBeNull();
  });

  it('runs: reads again, analyses, applies the plan, shows results and saves the recipe', async () => {
    const { flow, host } = await started();
    await flow.runNow('en');
    const s = flow.getState();
    expect(s.run.status).toBe('done');
    expect(host.applied).toHaveLength(1);
    // Sum of 10..29 = 390 (by hand).
    expect(s.results!.results[0].figures[0].value).toBe(390);
    expect(s.saved?.recipe.sources[0]).toMatchObject({
      id: 'orders',
      sheet: 'Orders',
      range: 'A1:D21',
      kind: 'orders',
    });
    expect(s.saved?.log.runs[0]).toMatchObject({ at: AT, host: 'addin' });
    expect(s.run.phases.writing.done).toBe(s.run.phases.writing.total);
  });

  it('a failed write says so in words with what to do next, and the workbook is unchanged', async () => {
    const { flow, host } = await started();
    const before = structuredClone([...host.sheets]);
    host.failApply = new Error('GeneralException at sync 7');
    await flow.runNow('zh-CN');
    const s = flow.getState();
    expect(s.run.status).toBe('failed');
    expect(s.run.error?.text['zh-CN']).toMatch(/GeneralException/);
    expect(s.run.error?.next?.en).toMatch(/not changed/);
    expect([...host.sheets]).toEqual(before);
    expect(host.store).toBeNull();
  });

  it('Cancel during writing stops the run; nothing is written', async () => {
    const { flow, host, engine } = await started();
    host.pauseApply = true;
    const run = flow.runNow('en');
    await until(() => host.applyStarted.mock.calls.length === 1);
    flow.cancel();
    host.resume();
    await run;
    expect(flow.getState().run.status).toBe('cancelled');
    expect(host.applied).toHaveLength(0);
    // The engine was restarted (a fresh worker in the pane).
    expect(engine.starts).toBe(2);
    // And the next run works on the fresh engine.
    host.pauseApply = false;
    await flow.runNow('en');
    expect(flow.getState().run.status).toBe('done');
  });

  it('refresh re-runs the saved recipe; an edit to a source marks the results stale', async () => {
    const { flow, host } = await started();
    await flow.runNow('en');
    host.edit('Orders', 1, 2, 1000);
    expect(flow.getState().stale).toBe(true);
    await flow.refresh('en');
    const s = flow.getState();
    expect(s.stale).toBe(false);
    expect(host.applied).toHaveLength(2);
    // 390 − 10 + 1000 = 1380.
    expect(s.results!.results[0].figures[0].value).toBe(1380);
  });

  it('a workbook whose sources changed since the saved run opens stale', async () => {
    const first = await started();
    await first.flow.runNow('en');
    const host = first.host;
    host.sheets.get('Orders')!.values[2][2] = 5;
    const { flow } = await started(host);
    expect(flow.getState().saved).not.toBeNull();
    expect(flow.getState().stale).toBe(true);
  });

  it('a workbook with a saved recipe opens with its choices; Refresh runs what the pane shows now', async () => {
    const first = await started();
    first.flow.setOption('orders-total', 'top', 5); // the default is 3 (test-analyses.ts)
    await first.flow.runNow('en');
    const { flow, host } = await started(first.host);
    // The saved choice, not the default, is what the pane shows.
    expect(flow.getState().options['orders-total']).toEqual({ top: 5 });
    flow.setOption('orders-total', 'top', 2);
    await flow.refresh('en');
    expect(flow.getState().run.status).toBe('done');
    // The run saved the value shown (2), not the recipe's 5.
    expect(host.store?.recipe?.analyses.find((a) => a.kind === 'orders-total')?.options).toEqual({ top: 2 });
  });

  it('refresh without a saved recipe explains what to do first', async () => {
    const { flow } = await started();
    await flow.refresh('en');
    expect(flow.getState().run.error?.next?.en).toMatch(/Run once/);
  });

  it('part of a detected table stops with the fixes; "use only these rows" then replaces the table', async () => {
    const host = new FakeHost([ordersGrid(20)]);
    host.selected = { sheet: 'Orders', address: 'A1:D11' };
    const { flow } = await started(host);
    const before = flow.getState().assignments;
    await flow.useSelection();
    const stopped = flow.getState();
    expect(stopped.selection?.code).toBe('pane.selection-partial');
    expect(stopped.selection?.fixes.map((f) => f.label.en)).toEqual([
      'Use the whole table Orders!A1:D21',
      'Use only A1:D11',
    ]);
    // Nothing changed: the detected table is still the orders table, and no selection source was added.
    expect(stopped.assignments).toEqual(before);
    expect(stopped.sources.some((v) => v.id.startsWith('selection:'))).toBe(false);
    await flow.fixSelection(1);
    const s = flow.getState();
    expect(s.selection).toBeNull();
    const sel = s.sources.find((v) => v.id.startsWith('selection:'))!;
    expect(s.assignments[sel.id].kind).toBe('orders');
    expect(Object.values(s.assignments).filter((a) => a.kind === 'orders')).toHaveLength(1);
    // Not silently: the selection's card says which table it replaced, and Undo puts the pane back as it was.
    expect(s.notices.map((n) => [n.source, n.lines])).toEqual([
      [sel.id, [{ type: 'kind-unset', kind: 'orders', table: { name: 'Orders', where: 'Orders!A1:D21' } }]],
    ]);
    flow.undo(s.notices[0].id);
    expect(flow.getState().sources.map((v) => v.id)).toEqual(['Orders!A1:D21']);
    expect(flow.getState().assignments).toEqual(before);
    expect(flow.getState().manual).toEqual({});
  });
});
