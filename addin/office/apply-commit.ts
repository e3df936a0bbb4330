/**
 * The applier's last steps (see applier.ts): the commit, which deletes the renamed-aside sheets, puts the
 * new sheets in the old ones' places and activates the run's active sheet (alone: a new sheet is never part
 * of a group of selected tabs, so activating it ends any group); and the undo of a failed apply.
 */
import type { AddSheetOp, Plan } from '../../src/plan/types.js';
import type { XlContext } from './excel-api.js';

const lower = (s: string): string => s.toLowerCase();

/** What an apply changed so far, for the swap, the commit and the undo. */
export interface RunState {
  tag: string;
  stagingNames: Set<string>;
  /** Final name → new sheet's id (known after the build sync that created it). */
  newIds: Map<string, string>;
  /** Old owned sheets to remove: id, original name, aside name. */
  old: { id: string; name: string; aside: string; visibility: string }[];
  /** Old tables renamed aside: original → aside. */
  oldTables: { name: string; aside: string }[];
  activeBefore: string;
}

/** Deletes the renamed-aside sheets, puts new sheets where the old ones were, activates the Dashboard. */
export async function commit(ctx: XlContext, plan: Plan, state: RunState, sync: () => Promise<void>): Promise<void> {
  const ws = ctx.workbook.worksheets;
  ws.load(['id', 'name']);
  await sync();
  const order = ws.items.map((s) => s.name);
  await finishCommit(ctx, plan, state, order, sync);
}

/** Target order: each old sheet's place goes to its replacement; other new sheets go to the end in plan order. */
function targetOrder(adds: AddSheetOp[], state: RunState, orderNow: string[]): string[] {
  const replacement = new Map(adds.filter((a) => a.replaces !== null).map((a) => [lower(a.replaces!), a.sheet]));
  const asideToOld = new Map(state.old.map((o) => [lower(o.aside), o.name]));
  const target: string[] = [];
  for (const name of orderNow) {
    const old = asideToOld.get(lower(name));
    if (old !== undefined) {
      const rep = replacement.get(lower(old));
      if (rep !== undefined) target.push(rep);
    } else if (!adds.some((a) => lower(a.sheet) === lower(name))) {
      target.push(name);
    }
  }
  for (const a of adds) if (!target.some((n) => lower(n) === lower(a.sheet))) target.push(a.sheet);
  return target;
}

async function finishCommit(
  ctx: XlContext,
  plan: Plan,
  state: RunState,
  orderNow: string[],
  sync: () => Promise<void>,
): Promise<void> {
  const ws = ctx.workbook.worksheets;
  const adds = plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
  const target = targetOrder(adds, state, orderNow);
  for (const o of state.old) {
    if (!orderNow.some((n) => lower(n) === lower(o.aside))) continue;
    const s = ws.getItem(o.aside);
    if (o.visibility === 'VeryHidden') s.visibility = 'Hidden';
    s.delete();
  }
  target.forEach((name, i) => {
    if (adds.some((a) => lower(a.sheet) === lower(name))) ws.getItem(name).position = i;
  });
  const activate = [...plan.ops].reverse().find((o) => o.op === 'activateSheet');
  if (activate) ws.getItem(activate.sheet).activate();
  await sync();
}

/**
 * Undoes a failed apply: deletes new sheets (staging or final names), renames aside tables and sheets back,
 * re-activates the sheet that was active. After a commit that deleted old sheets, finishes it instead.
 */
export async function undo(
  ctx: XlContext,
  plan: Plan,
  state: RunState,
  sync: () => Promise<void>,
  inCommit: boolean,
): Promise<'rolledBack' | 'finished'> {
  const wb = ctx.workbook;
  wb.worksheets.load(['id', 'name', 'visibility']);
  wb.tables.load('name');
  await sync();
  const now = wb.worksheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
  const has = (pred: (s: { id: string; name: string }) => boolean): boolean => now.some(pred);
  if (inCommit && state.old.some((o) => !has((s) => s.id === o.id))) {
    await finishCommit(
      ctx,
      plan,
      state,
      now.map((s) => s.name),
      sync,
    );
    return 'finished';
  }
  const newIds = new Set(state.newIds.values());
  for (const s of now) {
    if (newIds.has(s.id) || state.stagingNames.has(lower(s.name))) {
      const p = wb.worksheets.getItem(s.id);
      if (s.visibility === 'VeryHidden') p.visibility = 'Hidden';
      p.delete();
    }
  }
  const tableNames = new Set(wb.tables.items.map((x) => lower(x.name)));
  for (const x of state.oldTables) if (tableNames.has(lower(x.aside))) wb.tables.getItem(x.aside).name = x.name;
  for (const o of state.old) {
    const s = now.find((x) => x.id === o.id);
    if (s && s.name !== o.name) wb.worksheets.getItem(o.id).name = o.name;
  }
  wb.worksheets.getItem(state.activeBefore).activate();
  await sync();
  return 'rolledBack';
}
