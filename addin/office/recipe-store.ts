/**
 * The recipe and run log in the very hidden `_loopbook` sheet, in the layout `src/recipe/store.ts` defines
 * (the command line reads and writes the same cells, so either host can refresh the other's workbook).
 */
import type { Diagnostic } from '../../src/types.js';
import type { Plan, PlanValue } from '../../src/plan/types.js';
import { STORE_SHEET, storeFromCells, storeToCells } from '../../src/recipe/store.js';
import type { Store } from '../../src/recipe/types.js';
import type { XlContext } from './excel-api.js';
import { applyPlan } from './applier.js';
import type { ApplyOptions, ApplyResult } from './applier.js';
import { readGrid } from './reader.js';

/**
 * Reads the store; `store: null` without diagnostics when the workbook has no `_loopbook` sheet yet.
 * @example const { store } = await Excel.run((ctx) => readStore(ctx)); // store?.log.runs.at(-1)?.sheets
 */
export async function readStore(ctx: XlContext): Promise<{ store: Store | null; diagnostics: Diagnostic[] }> {
  const r = await readGrid(ctx, { kind: 'usedRange', sheet: STORE_SHEET }, { numberFormats: false });
  if (!r.grid) {
    const missing = r.diagnostics.every((d) => d.code === 'read.sheetMissing' || d.code === 'read.sheetEmpty');
    return { store: null, diagnostics: missing ? [] : r.diagnostics };
  }
  // The store starts in A1; anything else means the sheet was edited by hand.
  if (!r.grid.address.startsWith('A1')) return storeFromCells([]);
  return storeFromCells(r.grid.values);
}

/** A Plan that (re)writes only the store sheet, all or nothing, very hidden. */
export function storePlan(store: Store, existingSheetNames: string[]): Plan {
  const cells = storeToCells(store);
  const taken = new Set(existingSheetNames.map((s) => s.toLowerCase()));
  let i = 1;
  while (taken.has(`_lbstage_${i}`)) i++;
  const exists = taken.has(STORE_SHEET.toLowerCase());
  const values: PlanValue[][] = cells.map((c) => [{ text: c }]);
  return {
    version: 1,
    ops: [
      {
        op: 'addSheet',
        sheet: STORE_SHEET,
        key: STORE_SHEET,
        role: 'store',
        staging: `_lbstage_${i}`,
        replaces: exists ? STORE_SHEET : null,
      },
      { op: 'saveRecipe', sheet: STORE_SHEET, address: `A1:A${cells.length}`, values },
      { op: 'hideSheet', sheet: STORE_SHEET, mode: 'veryHidden' },
    ],
    sheets: [STORE_SHEET],
    maxRequestBytes: 4_000_000,
  };
}

/** Saves a recipe/run log without a run (e.g. after the user edits roles), replacing the old store sheet. */
export async function writeStore(
  ctx: XlContext,
  store: Store,
  options: Omit<ApplyOptions, 'ownedSheets'> = {},
): Promise<ApplyResult> {
  const ws = ctx.workbook.worksheets;
  ws.load('name');
  await ctx.sync();
  const names = ws.items.map((s) => s.name);
  return await applyPlan(ctx, storePlan(store, names), { ...options, ownedSheets: [STORE_SHEET] });
}
