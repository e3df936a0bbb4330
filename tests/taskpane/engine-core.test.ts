// The pane's engine (what runs in the Web Worker): grids arrive in chunks, are ingested once, and a run
// turns confirmed sources into a Plan plus result views; with a small registry whose sums are known.
import { describe, expect, it, vi } from 'vitest';
import { createEngineCore, displayValue } from '../../addin/worker/engine-core.js';
import type { RunRequest } from '../../addin/worker/protocol.js';
import { hashCells } from '../../src/recipe/hash.js';
import { jsonBytes } from '../../src/plan/json-bytes.js';
import { notesGrid, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

const meta = { id: 'Orders!A1:D21', sheet: 'Orders', address: 'A1:D21' };

function loaded(n = 20, opts: { textAt?: number } = {}) {
  const engine = createEngineCore();
  const grid = Object.freeze(ordersGrid(n, opts));
  const before = JSON.stringify(grid);
  engine.beginGrid(
    { ...meta, address: grid.address },
    { ...grid, values: grid.values.slice(0, 5), numberFormats: grid.numberFormats!.slice(0, 5) },
  );
  engine.appendRows(meta.id, grid.values.slice(5), grid.numberFormats!.slice(5));
  const view = engine.endGrid(meta.id);
  expect(JSON.stringify(grid)).toBe(before);
  return { engine, view, grid };
}

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  sources: [
    {
      id: meta.id,
      kind: 'orders',
      roles: { 'Customer ID': 'customer_id', 'Order date': 'date', Amount: 'amount', Channel: 'channel' },
    },
  ],
  analyses: [
    { kind: 'orders-total', enabled: true, options: { top: 3 } },
    { kind: 'spend-check', enabled: false, options: {} },
  ],
  asOf: null,
  currency: 'CNY',
  lang: 'en',
  workbook: { existingSheetNames: ['Orders'], ownedSheets: [], existingNames: [] },
  previousLog: { version: 1, runs: [] },
  at: '2025-01-02T03:04:05.000Z',
  ...over,
});

describe('engine core', () => {
  it('ingests a grid sent in chunks: kind, roles, preview, hash, latest date', () => {
    const { view, grid } = loaded();
    expect(view.kind).toBe('orders');
    expect(view.rows).toBe(20);
    expect(view.columns.map((c) => c.role)).toEqual(['customer_id', 'date', 'amount', 'channel']);
    // Serial 45292 is 2024-01-01 (Excel DATE(2024,1,1)); the first preview row is grid row 2.
    expect(view.preview[0].slice(0, 3)).toEqual(['C000', '2024-01-01', '10']);
    expect(view.previewRows[0]).toBe(2);
    // 45292 + 19 = 2024-01-20, the last order date.
    expect(view.latestDate).toBe('2024-01-20');
    // The hash is hashCells over the whole grid as read, the same the CLI stores in the run log.
    expect(view.hash).toBe(hashCells(grid.values));
  });

  it('a currency column naming one currency on every line is the table’s currency; a mixed one is not', () => {
    // A Google Ads report's `Currency code` column (USD on each line) makes the pane's default report currency
    // USD; a column with USD and CNY lines leaves the choice to exchange rates and the user.
    const view = (codes: string[]) => {
      const engine = createEngineCore();
      const values = [
        ['Campaign', 'Day', 'Cost', 'Currency code'],
        ...codes.map((c, i) => [`Camp ${i}`, 45292 + i, 100 + i, c]),
      ];
      const grid = {
        sheet: 'Ads',
        address: `A1:D${values.length}`,
        values,
        numberFormats: values.map(() => ['General', 'yyyy-mm-dd', '#,##0.00', 'General']),
      };
      const id = { id: 'Ads!A1', sheet: 'Ads', address: grid.address };
      engine.beginGrid(id, grid);
      return engine.endGrid(id.id);
    };
    expect(view(['USD', 'USD', 'usd ', 'USD']).currencies).toEqual(['USD']);
    expect(view(['USD', 'CNY', 'USD', 'USD']).currencies).toEqual([]);
  });

  it('says which analyses the confirmed sources support, and what the others need', () => {
    const { engine } = loaded();
    const a = engine.availability(request().sources);
    expect(a['orders-total']).toEqual({ ok: true });
    expect(a['spend-check']).toEqual({
      ok: false,
      needs: { en: 'a campaign table with a spend column', 'zh-CN': '需要包含花费列的活动表' },
    });
    // Without an amount role the orders analysis is no longer possible.
    const noAmount = engine.availability([
      { ...request().sources[0], roles: { 'Customer ID': 'customer_id', Amount: null } },
    ]);
    expect(noAmount['orders-total'].ok).toBe(false);
  });

  it('runs: plan with result, dashboard and store sheets; views carry figures, a chart and sheet names', () => {
    const { engine } = loaded();
    const progress: number[] = [];
    const r = engine.run(request(), (p) => progress.push(p.done));
    expect(r.ok).toBe(true);
    // Sum of 10..29 = 20 × (10 + 29) / 2 = 390 (by hand).
    expect(r.results[0].figures[0].value).toBe(390);
    expect(r.results[0].sheet).toBeTruthy();
    expect(r.dashboard).toBeTruthy();
    expect(r.plan!.sheets).toEqual(expect.arrayContaining([r.results[0].sheet, r.dashboard, '_loopbook']));
    // Channels: Search gets rows 0,3,…,18 → amounts 10,13,…,28: 7 values, sum 133 (by hand).
    const chart = r.results[0].charts[0];
    expect(chart.labels).toEqual(['Search', 'Social', 'Email']);
    expect(chart.series[0].values[0]).toBe(133);
    expect(r.asOf).toBe('2024-01-20');
    expect(progress.at(-1)).toBe(2);
    // The ops come separately, in slices (no single message holds the whole plan).
    expect(r.plan!.ops).toEqual([]);
    const ops = [...engine.planOps(0, 3), ...engine.planOps(3, 10_000)];
    expect(ops).toHaveLength(r.opsPending!);
    expect(ops.find((o) => o.op === 'saveRecipe')).toBeDefined();
    // With a byte cap a slice stops before the op that would pass it, and holds one op at least.
    expect(engine.planOps(0, 10_000, 0)).toEqual(ops.slice(0, 1));
    expect(engine.planOps(1, 10_000, jsonBytes(ops[1]) + jsonBytes(ops[2]))).toEqual(ops.slice(1, 3));
  });

  it('an amount written as text gives a diagnostic and the run still completes', () => {
    const { engine, view } = loaded(20, { textAt: 4 });
    expect(view.diagnostics.length).toBeGreaterThan(0);
    const r = engine.run(request(), () => undefined);
    expect(r.ok).toBe(true);
    // Row 4 (amount 14) is text now: 390 − 14 = 376.
    expect(r.results[0].figures[0].value).toBe(376);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it('fails in words when no source is chosen or no analysis is enabled', () => {
    const { engine } = loaded();
    const none = engine.run(request({ sources: [] }), () => undefined);
    expect(none.ok).toBe(false);
    expect(none.diagnostics[0].message.en).toMatch(/Data step/);
    const off = engine.run(
      request({ analyses: [{ kind: 'orders-total', enabled: false, options: {} }] }),
      () => undefined,
    );
    expect(off.ok).toBe(false);
    expect(off.diagnostics[0].message['zh-CN']).toMatch(/分析/);
  });

  it('an empty or unrecognised grid gives a view without a kind, never a throw', () => {
    const engine = createEngineCore();
    const g = notesGrid();
    engine.beginGrid({ id: 'n', sheet: g.sheet, address: g.address }, g);
    const v = engine.endGrid('n');
    expect(v.kind).toBeNull();
    engine.beginGrid({ id: 'e', sheet: 'Empty', address: 'A1' }, { sheet: 'Empty', address: 'A1', values: [] });
    expect(engine.endGrid('e').rows).toBe(0);
  });

  it('shows values as users read them', () => {
    expect(displayValue(45292, 'date')).toBe('2024-01-01');
    expect(displayValue(45292.5, 'datetime')).toBe('2024-01-01 12:00');
    expect(displayValue(0.125, 'percent')).toBe('12.5%');
    expect(displayValue(null, 'text')).toBe('');
    expect(displayValue(1234.5, 'number')).toBe('1,234.5');
  });
});
