// The Office-backed host on the Excel stand-in (what the playground and Excel run): detection through the
// addin/office reader, a run written by the all-or-nothing applier, the store read back, and Cancel during
// writing rolled back so the workbook is exactly as before.
import { describe, expect, it, vi } from 'vitest';
import { createSimExcel } from '../../addin/excel-sim/index.js';
import { createOfficeHost } from '../../addin/office/office-host.js';
import { officeApplier } from '../../addin/office/pane-applier.js';
import { createFlow } from '../../addin/taskpane/flow.js';
import { inProcessEngine, ordersGrid } from '../taskpane/helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('../taskpane/test-analyses.js')).testRegistry());

function workbook(rows = 20) {
  const sim = createSimExcel({ displayLanguage: 'zh-CN' });
  const g = ordersGrid(rows);
  const sheet = sim.model.addSheet('Orders');
  g.values.forEach((row, r) => {
    row.forEach((v, c) => {
      sheet.setRaw(r, c, v ?? undefined);
      const f = g.numberFormats![r][c];
      if (f !== 'General') sheet.setFormat(r, c, f);
    });
  });
  sim.model.addSheet('Notes').setRaw(0, 0, 'keep me');
  return sim;
}

function hostFor(sim: ReturnType<typeof createSimExcel>, maxRequestBytes?: number) {
  return createOfficeHost({
    run: sim.run,
    office: sim.office,
    kind: 'playground',
    apply: officeApplier(sim.office, maxRequestBytes ? { maxRequestBytes } : {}),
  });
}

describe('Office-backed host on the stand-in', () => {
  it('finds the regions, reads them, runs, writes the result sheets and the store', async () => {
    const sim = workbook();
    const host = hostFor(sim);
    expect(host.displayLanguage).toBe('zh-CN');
    const regions = await host.findRegions();
    expect(regions.map((r) => `${r.sheet}!${r.address}:${r.rows}`)).toEqual(['Orders!A1:D21:20', 'Notes!A1:0']);
    const flow = createFlow(host, inProcessEngine(), () => '2025-01-01T00:00:00.000Z');
    await flow.start();
    await flow.runNow('en');
    expect(flow.getState().run.status).toBe('done');
    const names = sim.model.sheets.map((s) => `${s.name}:${s.visibility}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Orders:Visible',
        'Notes:Visible',
        'Dashboard:Visible',
        'Order totals:Visible',
        '_loopbook:VeryHidden',
      ]),
    );
    // Sum of 10..29 = 390 (by hand), written on the result sheet.
    const res = sim.model.sheet('Order totals');
    const r = res.usedRect()!;
    const numbers: unknown[] = [];
    for (let i = r.r0; i < r.r0 + r.rows; i++)
      for (let j = r.c0; j < r.c0 + r.cols; j++) numbers.push(res.getValue(i, j));
    expect(numbers).toContain(390);
    const { store } = await host.loadStore();
    expect(store?.log.runs[0].sheets).toEqual(expect.arrayContaining(['Dashboard', 'Order totals', '_loopbook']));
    // A second run replaces exactly the owned sheets: no "Order totals (2)".
    await flow.runNow('en');
    expect(sim.model.sheets.map((s) => s.name).filter((n) => n.startsWith('Order totals'))).toEqual(['Order totals']);
  });

  it('Cancel while writing: the applier rolls back and the workbook is exactly as it was', async () => {
    const sim = workbook(400);
    // Small batches so writing takes several syncs and Cancel lands in the middle.
    const host = hostFor(sim, 2_000);
    const flow = createFlow(host, inProcessEngine());
    await flow.start();
    const before = JSON.stringify(sim.snapshot());
    const plain = host.applyPlan.bind(host);
    let calls = 0;
    host.applyPlan = (plan, onProgress, signal) =>
      plain(
        plan,
        (p) => {
          onProgress?.(p);
          if (++calls === 3) flow.cancel();
        },
        signal,
      );
    await flow.runNow('en');
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(flow.getState().run.status).toBe('cancelled');
    expect(JSON.stringify(sim.snapshot())).toBe(before);
  });

  it('a failure at a sync while writing leaves the workbook as it was and says so in words', async () => {
    const sim = workbook();
    const host = hostFor(sim);
    const flow = createFlow(host, inProcessEngine());
    await flow.start();
    const before = JSON.stringify(sim.snapshot());
    const plain = host.applyPlan.bind(host);
    host.applyPlan = async (plan, onProgress, signal) => {
      sim.injectFailure({ atSync: 4 });
      await plain(plan, onProgress, signal);
    };
    await flow.runNow('zh-CN');
    const s = flow.getState();
    expect(s.run.status).toBe('failed');
    expect(s.run.error?.next?.['zh-CN']).toMatch(/未被修改/);
    expect(JSON.stringify(sim.snapshot())).toBe(before);
  });

  it('the selection: one area is read as a table; several areas are refused in words', async () => {
    const sim = workbook();
    const host = hostFor(sim);
    sim.select('Orders', 'A1:D11');
    expect(await host.selection()).toMatchObject({ sheet: 'Orders', address: 'A1:D11', rows: 10 });
    sim.select('Orders', 'A1:B3', 'D1:D3');
    await expect(host.selection()).rejects.toMatchObject({ code: 'read.selectionAreas' });
  });
});
