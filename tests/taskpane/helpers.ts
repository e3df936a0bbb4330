// Test doubles for the task pane: an in-memory workbook host (no Office), an in-process engine, and a
// small analysis registry whose numbers are easy to check by hand.
import { vi } from 'vitest';
import type { CellGrid, CellValue } from '../../src/types.js';
import type { Plan } from '../../src/plan/types.js';
import { storeFromCells } from '../../src/recipe/store.js';
import type { Store } from '../../src/recipe/types.js';
import { createEngine } from '../../addin/taskpane/engine.js';
import type { Engine } from '../../addin/taskpane/engine.js';
import { HostError, regionId } from '../../addin/taskpane/host.js';
import type { PaneHost, Region } from '../../addin/taskpane/host.js';
import { createEngineCore } from '../../addin/worker/engine-core.js';
export { TEST_ANALYSES, ordersTotal, spendCheck, testRegistry } from './test-analyses.js';

/** Orders: customer, date (serial), amount, channel. Amount of row i = 10 + i, so the total is known. */
export function ordersGrid(n: number, opts: { textAt?: number } = {}): CellGrid {
  const values: CellValue[][] = [['Customer ID', 'Order date', 'Amount', 'Channel']];
  const numberFormats: string[][] = [['General', 'General', 'General', 'General']];
  for (let i = 0; i < n; i++) {
    values.push([`C${String(i % 7).padStart(3, '0')}`, 45292 + i, 10 + i, ['Search', 'Social', 'Email'][i % 3]]);
    numberFormats.push(['General', 'yyyy-mm-dd', '#,##0.00', 'General']);
  }
  if (opts.textAt !== undefined) values[opts.textAt + 1][2] = 'n/a';
  return { sheet: 'Orders', address: `A1:D${n + 1}`, values, numberFormats };
}

export function notesGrid(): CellGrid {
  return {
    sheet: 'Notes',
    address: 'A1:A2',
    values: [['Remember'], ['call Li']],
    numberFormats: [['General'], ['General']],
  };
}

export function inProcessEngine(): Engine & { starts: number } {
  const counter = { starts: 0 };
  const engine = createEngine(() => {
    counter.starts++;
    return { backend: createEngineCore(), stop: () => undefined };
  });
  return Object.defineProperty(engine, 'starts', { get: () => counter.starts }) as Engine & { starts: number };
}

/** An in-memory workbook host: grids by sheet, plans recorded, failures and delays injectable. */
export class FakeHost implements PaneHost {
  readonly kind = 'test' as const;
  displayLanguage = 'en-US';
  sheets = new Map<string, CellGrid>();
  applied: Plan[] = [];
  store: Store | null = null;
  gone: { sheet: string; address?: string }[] = [];
  selected: { sheet: string; address: string } | null = null;
  failApply: Error | null = null;
  /** Resolve this to let a paused apply go on (set `pauseApply` first). */
  pauseApply = false;
  private release: (() => void) | null = null;
  applyStarted = vi.fn();
  private changeListeners = new Set<(sheet: string) => void>();

  constructor(grids: CellGrid[]) {
    for (const g of grids) this.sheets.set(g.sheet, g);
  }

  theme() {
    return null;
  }

  private region(g: CellGrid): Region {
    return {
      id: regionId(g),
      sheet: g.sheet,
      address: g.address,
      rows: g.values.length - 1,
      columns: g.values[0]?.length ?? 0,
    };
  }

  findRegions() {
    return Promise.resolve(
      [...this.sheets.values()].filter((g) => !g.sheet.startsWith('_')).map((g) => this.region(g)),
    );
  }

  selection() {
    if (!this.selected) return Promise.reject(new HostError('sel', { en: 'Nothing selected.', 'zh-CN': '未选择。' }));
    const g = this.sheets.get(this.selected.sheet)!;
    return Promise.resolve({
      ...this.region(g),
      id: regionId({ sheet: g.sheet, address: this.selected.address }),
      address: this.selected.address,
    });
  }

  read(
    ref: { sheet: string; address?: string } | { table: string },
    onProgress?: (p: { done: number; total: number }) => void,
  ) {
    const sheet = 'table' in ref ? ref.table : ref.sheet;
    const g = this.sheets.get(sheet);
    if (!g)
      return Promise.reject(
        new HostError('read.sheetMissing', {
          en: `There is no sheet named "${sheet}".`,
          'zh-CN': `没有名为“${sheet}”的工作表。`,
        }),
      );
    onProgress?.({ done: g.values.length, total: g.values.length });
    return Promise.resolve({ region: this.region(g), grid: structuredClone(g) });
  }

  workbookNames() {
    return Promise.resolve({ sheets: [...this.sheets.keys()], names: [] });
  }

  loadStore() {
    return Promise.resolve({ store: this.store ? structuredClone(this.store) : null, diagnostics: [] });
  }

  async applyPlan(plan: Plan, onProgress?: (p: { done: number; total: number }) => void, signal?: AbortSignal) {
    this.applyStarted();
    if (this.pauseApply) await new Promise<void>((resolve) => (this.release = resolve));
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (this.failApply) throw this.failApply;
    // All or nothing: only a complete plan changes the workbook.
    for (const op of plan.ops) {
      if (op.op === 'addSheet') this.sheets.set(op.sheet, { sheet: op.sheet, address: 'A1', values: [[op.key]] });
      if (op.op === 'saveRecipe')
        this.store = storeFromCells(
          op.values.map((r) => {
            const v = r[0];
            return v !== null && typeof v === 'object' ? v.text : v;
          }),
        ).store;
    }
    this.applied.push(plan);
    onProgress?.({ done: plan.ops.length, total: plan.ops.length });
  }

  resume() {
    this.release?.();
  }

  goTo(sheet: string, address?: string) {
    this.gone.push(address ? { sheet, address } : { sheet });
    return Promise.resolve();
  }

  onChanged(listener: (sheet: string) => void) {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Simulates a user edit. */
  edit(sheet: string, row: number, col: number, value: CellValue) {
    const g = this.sheets.get(sheet)!;
    g.values[row][col] = value;
    for (const l of this.changeListeners) l(sheet);
  }
}
