// Availability and run outcomes in the pane's engine (addin/worker/engine-core.ts) follow the run's own rule
// (src/run/run.ts `skippedForNoDate`): an analysis that needs an as-of date is not offered when the chosen
// tables have no dates and no date is given, and a run reports each chosen analysis it skipped, with why.
import { describe, expect, it, vi } from 'vitest';
import { createEngineCore } from '../../addin/worker/engine-core.js';
import type { RunRequest } from '../../addin/worker/protocol.js';
import type { CellValue } from '../../src/types.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

// Orders without a date column: customer and amount (orders-total needs those two, and an as-of date by default).
const values: CellValue[][] = [
  ['Customer ID', 'Amount'],
  ...Array.from({ length: 6 }, (_, i) => [`C${i % 3}`, 10 + i]),
];
const grid = { sheet: 'Orders', address: 'A1:B7', values };
const source = {
  id: 'Orders!A1:B7',
  kind: 'orders' as const,
  roles: { 'Customer ID': 'customer_id' as const, Amount: 'amount' as const },
};

function loaded() {
  const engine = createEngineCore();
  engine.beginGrid({ id: source.id, sheet: 'Orders', address: 'A1:B7' }, grid);
  engine.endGrid(source.id);
  return engine;
}

const request = (asOf: string | null): RunRequest => ({
  sources: [source],
  analyses: [{ kind: 'orders-total', enabled: true, options: { top: 3 } }],
  asOf,
  currency: 'CNY',
  lang: 'en',
  workbook: { existingSheetNames: ['Orders'], ownedSheets: [], existingNames: [] },
  previousLog: { version: 1, runs: [] },
  at: '2025-01-02T03:04:05.000Z',
});

describe('availability by the run rule', () => {
  it('no dates and no as-of date: not offered, and the card says to set a date; a date given makes it available', () => {
    const engine = loaded();
    const without = engine.availability([source], null)['orders-total'];
    expect(without.ok).toBe(false);
    expect(!without.ok && without.needs.en).toMatch(/as-of date.*Options → As-of date/);
    expect(!without.ok && without.needs['zh-CN']).toMatch(/截止日期/);
    expect(engine.availability([source], '2025-01-31')['orders-total']).toEqual({ ok: true });
  });

  it('a run asked for it anyway skips it and says why; with a date it runs and nothing is skipped', () => {
    const engine = loaded();
    const skipped = engine.run(request(null), () => undefined);
    expect(skipped.ok).toBe(false);
    expect(skipped.skipped).toEqual([
      {
        kind: 'orders-total',
        title: expect.objectContaining({ en: expect.any(String) }),
        why: expect.objectContaining({ en: expect.stringMatching(/needs an as-of date/) }),
        ran: false,
      },
    ]);
    const ran = engine.run(request('2025-01-31'), () => undefined);
    expect(ran.ok).toBe(true);
    expect(ran.skipped).toEqual([]);
  });
});
