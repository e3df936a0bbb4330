/**
 * The applier's last steps (see applier.ts): the swap, which puts the new sheets in place and the old ones
 * aside (hidden, every step undoable); the commit, which only deletes the aside sheets; and what happens
 * after a failure — the undo, or, once the commit deleted something, finishing it.
 *
 * The commit is the only step that cannot be undone, so it is the last sync and holds nothing else: by then
 * every new sheet has its final name, place and visibility and the run's sheet is active. If it fails after
 * deleting part of the aside sheets, the results are complete all the same; the rest of the aside sheets
 * are deleted in one more sync, and if that fails too they stay hidden and the next apply deletes them
 * (`isLeftover`).
 */
import type { AddSheetOp, Plan } from '../../src/plan/types.js';
import type { XlContext, XlWorksheet } from './excel-api.js';

type Visibility = XlWorksheet['visibility'];

const lower = (s: string): string => s.toLowerCase();

/** Name of the `i`th old sheet of the run `tag` while it is aside. */
export const asideName = (tag: string, i: number): string => `_lbold_${tag}_${i}`;

/**
 * A sheet an earlier apply put aside and could not delete: named as `asideName` makes them and hidden (the
 * swap makes every aside sheet `Hidden`, so a visible or very hidden sheet with such a name is not one).
 */
export function isLeftover(s: SheetInfo): boolean {
  return /^_lbold_[0-9a-z]+_\d+$/.test(s.name) && s.visibility === 'Hidden';
}

/** A sheet as the preflight or the recovery read it. */
export interface SheetInfo {
  id: string;
  name: string;
  visibility: Visibility;
}

/** What an apply changed so far, for the swap, the commit and the undo. */
export interface RunState {
  tag: string;
  stagingNames: Set<string>;
  /** Final name (lower case) → new sheet's id (known after the build sync that created it). */
  newIds: Map<string, string>;
  /** Old owned sheets to remove: id, original name and visibility, aside name. */
  old: (SheetInfo & { aside: string })[];
  /** Old tables renamed aside: original → aside. */
  oldTables: { name: string; aside: string }[];
  /** Old sheets' PivotTables and slicers renamed aside (their names are the new ones'), and the new ones' temporary names. */
  oldPivots: { name: string; aside: string }[];
  oldSlicers: { name: string; aside: string }[];
  tempPivots: Map<string, string>;
  tempSlicers: Map<string, string>;
  /** Final slicer names where they differ from the Plan's (see applier.ts). */
  slicerNames: Map<string, string>;
  /** Sheets earlier applies left aside (`isLeftover`); the commit deletes them with this run's. */
  leftovers: SheetInfo[];
  /** Every sheet's id in tab order before the apply. */
  orderBefore: string[];
  activeBefore: string;
}

/** The sheet the run activates: the Plan's last `activateSheet`, if any. */
function runActiveSheet(plan: Plan): string | null {
  const op = [...plan.ops].reverse().find((o) => o.op === 'activateSheet');
  return op ? op.sheet : null;
}

/**
 * Target tab order: each new sheet right before the old sheet it replaces (so it has the old one's place
 * once that is deleted), the other new sheets at the end in Plan order. Ids only.
 */
function targetOrder(adds: AddSheetOp[], state: RunState): string[] {
  const newId = (a: AddSheetOp): string => state.newIds.get(lower(a.sheet))!;
  const oldById = new Map(state.old.map((o) => [o.id, o]));
  const placed = new Set<AddSheetOp>();
  const target: string[] = [];
  for (const id of state.orderBefore) {
    const o = oldById.get(id);
    const rep = o ? adds.find((a) => a.replaces !== null && lower(a.replaces) === lower(o.name)) : undefined;
    if (rep && !placed.has(rep)) {
      target.push(newId(rep));
      placed.add(rep);
    }
    target.push(id);
  }
  for (const a of adds) if (!placed.has(a)) target.push(newId(a));
  return target;
}

/**
 * One sync, every step undoable: the run's sheet is activated (so no sheet about to be hidden is the active
 * one), old owned sheets and their colliding tables go aside and are hidden, staging sheets and tables take
 * their final names and the new sheets their places.
 */
export async function swap(
  ctx: XlContext,
  plan: Plan,
  state: RunState,
  tempTables: Map<string, string>,
  sync: () => Promise<void>,
): Promise<void> {
  const wb = ctx.workbook;
  const ws = wb.worksheets;
  const adds = plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
  const activate = runActiveSheet(plan);
  if (activate !== null) ws.getItem(state.newIds.get(lower(activate)) ?? activate).activate();
  for (const o of state.old) ws.getItem(o.id).name = o.aside;
  for (const x of state.oldTables) wb.tables.getItem(x.name).name = x.aside;
  for (const a of adds) ws.getItem(state.newIds.get(lower(a.sheet)) ?? a.staging).name = a.sheet;
  for (const [name, temp] of tempTables) {
    const op = plan.ops.find((o) => o.op === 'addTable' && lower(o.name) === name)!;
    if (op.op === 'addTable') wb.tables.getItem(temp).name = op.name;
  }
  for (const x of state.oldPivots) wb.pivotTables.getItem(x.name).name = x.aside;
  for (const x of state.oldSlicers) wb.slicers.getItem(x.name).name = x.aside;
  for (const op of plan.ops) {
    const temp =
      op.op === 'addPivotTable'
        ? state.tempPivots.get(lower(op.name))
        : op.op === 'addSlicer'
          ? state.tempSlicers.get(lower(op.name))
          : undefined;
    if (temp === undefined) continue;
    if (op.op === 'addPivotTable') wb.pivotTables.getItem(temp).name = op.name;
    else if (op.op === 'addSlicer') wb.slicers.getItem(temp).name = op.name;
  }
  const isNew = new Set(state.newIds.values());
  targetOrder(adds, state).forEach((id, i) => {
    if (isNew.has(id)) ws.getItem(id).position = i;
  });
  // Hidden, not very hidden: Excel deletes only a visible or hidden sheet.
  for (const o of state.old) if (o.visibility !== 'Hidden') ws.getItem(o.id).visibility = 'Hidden';
  await sync();
}

/** The last sync: deletes the aside sheets (and earlier applies' leftovers), and nothing else. */
export async function commit(ctx: XlContext, state: RunState, sync: () => Promise<void>): Promise<void> {
  const ws = ctx.workbook.worksheets;
  for (const s of [...state.old, ...state.leftovers]) ws.getItem(s.id).delete();
  await sync();
}

/** What the workbook holds after a failure: sheets (tab order), table, PivotTable and slicer names. */
export interface Found {
  sheets: SheetInfo[];
  tables: string[];
  /** Read only when the run put some aside (and so the host has them). */
  pivots: string[];
  slicers: string[];
}

/**
 * Reads every sheet's id, name and visibility and every table's name — and the PivotTables' and slicers'
 * when the run put some of them aside (the first sync after a failure).
 */
export async function readWorkbook(
  ctx: XlContext,
  sync: () => Promise<void>,
  state?: Pick<RunState, 'oldPivots' | 'oldSlicers'>,
): Promise<Found> {
  const wb = ctx.workbook;
  wb.worksheets.load(['id', 'name', 'visibility']);
  wb.tables.load('name');
  const pivots = state && state.oldPivots.length > 0 ? wb.pivotTables.load('name') : null;
  const slicers = state && state.oldSlicers.length > 0 ? wb.slicers.load('name') : null;
  await sync();
  return {
    sheets: wb.worksheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility })),
    tables: wb.tables.items.map((x) => x.name),
    pivots: pivots ? pivots.items.map((x) => x.name) : [],
    slicers: slicers ? slicers.items.map((x) => x.name) : [],
  };
}

/** Whether the commit deleted any of this run's aside sheets (then the apply can only go forward). */
export function commitStarted(state: RunState, now: SheetInfo[]): boolean {
  return state.old.some((o) => !now.some((s) => s.id === o.id));
}

/**
 * Finishes a commit that deleted part of the aside sheets: deletes the rest, in one sync. Returns whether
 * anything was left to delete, and the names of the sheets still aside if that sync fails too (they are
 * hidden; the next apply deletes them).
 */
export async function finishCommit(
  ctx: XlContext,
  state: RunState,
  now: SheetInfo[],
  sync: () => Promise<void>,
): Promise<{ retried: boolean; left: string[] }> {
  const left = [...state.old, ...state.leftovers].filter((o) => now.some((s) => s.id === o.id));
  if (left.length === 0) return { retried: false, left: [] };
  const ws = ctx.workbook.worksheets;
  for (const o of left) ws.getItem(o.id).delete();
  try {
    await sync();
    return { retried: true, left: [] };
  } catch {
    return { retried: true, left: left.map((o) => now.find((s) => s.id === o.id)!.name) };
  }
}

/**
 * Undoes a failed apply in one sync: old sheets get their visibility back, new sheets (staging or final
 * names) are deleted, aside tables and sheets get their names back, the sheet that was active is again.
 * Moving the new sheets did not change the order of the others, so deleting them restores the tab order.
 */
export async function undo(ctx: XlContext, state: RunState, found: Found, sync: () => Promise<void>): Promise<void> {
  const wb = ctx.workbook;
  const now = found.sheets;
  for (const o of state.old) {
    const s = now.find((x) => x.id === o.id);
    if (s && s.visibility !== o.visibility) wb.worksheets.getItem(o.id).visibility = o.visibility;
  }
  const newIds = new Set(state.newIds.values());
  for (const s of now) {
    if (newIds.has(s.id) || state.stagingNames.has(lower(s.name))) {
      const p = wb.worksheets.getItem(s.id);
      if (s.visibility === 'VeryHidden') p.visibility = 'Hidden';
      p.delete();
    }
  }
  const tableNames = new Set(found.tables.map(lower));
  for (const x of state.oldTables) if (tableNames.has(lower(x.aside))) wb.tables.getItem(x.aside).name = x.name;
  // The new PivotTables and slicers went with their sheets above, so the old ones can take their names back.
  const pivotNames = new Set(found.pivots.map(lower));
  for (const x of state.oldPivots) if (pivotNames.has(lower(x.aside))) wb.pivotTables.getItem(x.aside).name = x.name;
  const slicerNames = new Set(found.slicers.map(lower));
  for (const x of state.oldSlicers) if (slicerNames.has(lower(x.aside))) wb.slicers.getItem(x.aside).name = x.name;
  for (const o of state.old) {
    const s = now.find((x) => x.id === o.id);
    if (s && s.name !== o.name) wb.worksheets.getItem(o.id).name = o.name;
  }
  wb.worksheets.getItem(state.activeBefore).activate();
  await sync();
}
