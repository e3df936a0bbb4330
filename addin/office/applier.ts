/**
 * Applies a Plan to the open workbook through Office.js, all or nothing.
 *
 * 1. Preflight (2 syncs): sheet and table names (PivotTable and slicer names too when the Plan has some), the
 *    date system; refuses a Plan that would write to a sheet it does not create, replace a sheet Loopbook does
 *    not own, or collide with a user's sheet, table or PivotTable.
 * 2. Build (apply-build.ts): every new sheet is created under its `staging` name and filled; ops are
 *    batched so each request stays under 4 MB, one `sync()` per batch, calculation (and, on ExcelApi 1.9,
 *    screen updating) suspended. Tables, PivotTables and slicers whose name an old Loopbook one still holds
 *    get a temporary name. PivotTables need ExcelApi 1.8 and slicers 1.10; a host without them gets the rest
 *    and a diagnostic. Before the first slicer, one sync reads its anchor cells' positions. A Dashboard tile
 *    that reads a PivotTable gets its GETPIVOTDATA formula naming the PivotTable's sheet by its staging name,
 *    which the swap's rename turns into the final one (without 1.8 the tile keeps its figure).
 * 3. Swap (1 sync, apply-commit.ts): the run's sheet (the Dashboard) is activated, alone, never as part of
 *    a group of selected tabs; old owned sheets and their colliding tables, PivotTables and slicers are renamed
 *    aside and hidden; staging sheets and the new tables, PivotTables and slicers get their final names, each
 *    new sheet the place of the one it replaces.
 * 4. Commit (1 sync): the aside sheets are deleted, and nothing else happens in that sync.
 *
 * Dates are written in the workbook's own date system (1900 or 1904; see date-system.ts).
 *
 * A failure in any sync before the commit's deletions took effect is rolled back in two fresh syncs (read,
 * undo): the workbook is exactly as before, except that Office.js can neither read nor restore a group of
 * selected tabs, so a group that the swap's activation ended stays ended. Deleting a sheet cannot be undone:
 * once the commit deleted one, the new results are complete and in place, and the apply goes forward — the
 * remaining aside sheets are deleted in one more sync, and if that fails too, they stay hidden and the next
 * apply deletes them; the result says so.
 */
import type { Diagnostic, I18nText } from '../../src/types.js';
import type { AddSheetOp, Plan, WorkbookOp } from '../../src/plan/types.js';
import { buildSheets, newBuild, pivotsNotWritten } from './apply-build.js';
import {
  asideName,
  commit,
  commitStarted,
  finishCommit,
  isLeftover,
  readWorkbook,
  swap,
  undo,
} from './apply-commit.js';
import type { RunState, SheetInfo } from './apply-commit.js';
import { earlyDatesWarning, queueDate1904 } from './date-system.js';
import type { XlContext, XlWorksheet } from './excel-api.js';
import type { PivotNames } from './apply-build.js';
import { TARGET_PAYLOAD_BYTES } from './payload.js';
import { ALL_CAPS } from './requirements.js';
import type { HostCaps } from './requirements.js';

export { excelChartType, officeValue } from './apply-build.js';

export interface ApplyProgress {
  phase: 'preflight' | 'build' | 'swap' | 'commit' | 'rollback';
  opsDone: number;
  opsTotal: number;
}

export interface ApplyOptions {
  caps?: HostCaps;
  /** Sheets Loopbook owns (from the run log); `replaces`/`deleteSheet` may name only these. */
  ownedSheets?: string[];
  /** Request budget per sync (default 4,000,000 bytes). */
  maxRequestBytes?: number;
  onProgress?: (p: ApplyProgress) => void;
}

export interface ApplyResult {
  ok: boolean;
  /** What the workbook holds now: `applied`, `rolledBack` (exactly as before), `refused` (nothing done). */
  outcome: 'applied' | 'rolledBack' | 'refused' | 'rollbackFailed';
  /** Final names of the sheets written (the run log's `sheets`). */
  sheets: string[];
  syncs: number;
  diagnostics: Diagnostic[];
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });
const lower = (s: string): string => s.toLowerCase();

/** One apply in progress: its context, plan and options, and the syncs made so far. */
interface Session {
  ctx: XlContext;
  plan: Plan;
  options: ApplyOptions;
  syncs: number;
  sync: () => Promise<void>;
  report: (phase: ApplyProgress['phase'], opsDone: number) => void;
}

/** What the preflight read: the workbook's sheets, tables, PivotTables and slicers, the active sheet, the date system. */
interface Preflight {
  /** In tab order. */
  sheets: SheetInfo[];
  tables: { name: string; ws: XlWorksheet }[];
  /** Read only when the Plan writes PivotTables (slicers) and the host can. */
  pivots: { name: string; ws: XlWorksheet }[];
  slicers: { name: string; ws: XlWorksheet }[];
  activeId: string;
  date1904: boolean;
}

/**
 * Executes a Plan in the open workbook (see the module comment for the phases).
 * @example
 * const r = await Excel.run((ctx) => applyPlan(ctx, plan, { ownedSheets, caps }));
 * // r.outcome === 'applied', r.syncs ≈ 4 + payload / 4 MB
 */
export async function applyPlan(ctx: XlContext, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const session: Session = {
    ctx,
    plan,
    options,
    syncs: 0,
    sync: async () => {
      session.syncs++;
      await ctx.sync();
    },
    report: (phase, opsDone) => options.onProgress?.({ phase, opsDone, opsTotal: plan.ops.length }),
  };
  if ((plan.version as number) !== 1) {
    return refused(
      session,
      'apply.planVersion',
      t(`Plan version ${String(plan.version)} is not supported.`, `不支持计划版本 ${String(plan.version)}。`),
    );
  }
  let pre: Preflight;
  try {
    pre = await preflight(session);
  } catch (e) {
    return failed(e, session.syncs);
  }
  session.report('preflight', 0);
  const checked = checkPlan(plan, pre, options.ownedSheets);
  if ('code' in checked) return refused(session, checked.code, checked.message);
  return await writeAll(session, pre, checked.toRemove);
}

function refused(session: Session, code: string, message: I18nText): ApplyResult {
  return {
    ok: false,
    outcome: 'refused',
    sheets: [],
    syncs: session.syncs,
    diagnostics: [{ code, severity: 'error', message }],
  };
}

/** Whether the Plan writes PivotTables, and slicers, that this host can write. */
function writesPivots(plan: Plan, caps: HostCaps): { pivots: boolean; slicers: boolean } {
  const has = (kind: WorkbookOp['op']) => plan.ops.some((o) => o.op === kind);
  const pivots = caps.pivotTables && has('addPivotTable');
  return { pivots, slicers: pivots && caps.slicers && has('addSlicer') };
}

/**
 * Reads only (a failure here changes nothing): sheets, tables and the sheet each sits on, the active sheet;
 * PivotTables and slicers, and their sheets, when the Plan writes some.
 */
async function preflight(session: Session): Promise<Preflight> {
  const wb = session.ctx.workbook;
  const writes = writesPivots(session.plan, session.options.caps ?? ALL_CAPS);
  const active = wb.worksheets.getActiveWorksheet();
  const isDate1904 = queueDate1904(session.ctx);
  wb.worksheets.load(['id', 'name', 'visibility']);
  wb.tables.load('name');
  const pivots = writes.pivots ? wb.pivotTables.load('name') : null;
  const slicers = writes.slicers ? wb.slicers.load('name') : null;
  active.load('id');
  await session.sync();
  const sheets = wb.worksheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility }));
  const withSheet = (items: { name: string; worksheet: XlWorksheet }[]) =>
    items.map((x) => {
      const ws = x.worksheet;
      ws.load('name');
      return { name: x.name, ws };
    });
  const tables = withSheet(wb.tables.items);
  const pivotItems = pivots ? withSheet(pivots.items) : [];
  const slicerItems = slicers ? withSheet(slicers.items) : [];
  await session.sync();
  return {
    sheets,
    tables,
    pivots: pivotItems,
    slicers: slicerItems,
    activeId: active.id,
    date1904: isDate1904(),
  };
}

type Refusal = { code: string; message: I18nText };

/**
 * Refuses a Plan that writes to a sheet it does not create, replaces a sheet Loopbook does not own, or
 * collides with a user's sheet or table; otherwise returns the (lower-case) names of the sheets to remove.
 */
function checkPlan(plan: Plan, pre: Preflight, ownedSheets: string[] | undefined): { toRemove: Set<string> } | Refusal {
  const adds = plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
  const created = new Set(adds.map((a) => lower(a.sheet)));
  for (const op of plan.ops) {
    if (op.op !== 'addSheet' && op.op !== 'deleteSheet' && !created.has(lower(op.sheet))) {
      return {
        code: 'apply.foreignSheet',
        message: t(
          `The plan writes to "${op.sheet}", a sheet it does not create; Loopbook writes only to its own sheets.`,
          `计划要写入“${op.sheet}”，但该工作表不是本次创建的；Loopbook 只写入自己的工作表。`,
        ),
      };
    }
  }
  const byName = new Set(pre.sheets.map((s) => lower(s.name)));
  const owned = ownedSheets ? new Set(ownedSheets.map(lower)) : null;
  const toRemove = new Set<string>();
  for (const op of plan.ops) {
    const name = op.op === 'addSheet' ? op.replaces : op.op === 'deleteSheet' ? op.sheet : null;
    if (name === null || !byName.has(lower(name))) continue;
    if (owned && !owned.has(lower(name))) {
      return {
        code: 'apply.notOwned',
        message: t(
          `The sheet "${name}" was not written by Loopbook; it is left alone.`,
          `工作表“${name}”不是 Loopbook 写入的，不会改动。`,
        ),
      };
    }
    toRemove.add(lower(name));
  }
  return checkNames(plan, adds, pre, byName, toRemove) ?? { toRemove };
}

/** New sheet and table names must be free, or held by what this run removes. */
function checkNames(
  plan: Plan,
  adds: AddSheetOp[],
  pre: Preflight,
  byName: Set<string>,
  toRemove: Set<string>,
): Refusal | null {
  for (const a of adds) {
    if (byName.has(lower(a.staging))) {
      return {
        code: 'apply.stagingTaken',
        message: t(`A sheet named "${a.staging}" already exists.`, `已存在名为“${a.staging}”的工作表。`),
      };
    }
    if (byName.has(lower(a.sheet)) && !toRemove.has(lower(a.sheet))) {
      return {
        code: 'apply.nameTaken',
        message: t(
          `A sheet named "${a.sheet}" already exists and is not Loopbook's.`,
          `已存在名为“${a.sheet}”的工作表，且不属于 Loopbook。`,
        ),
      };
    }
  }
  const tableSheets = new Map(pre.tables.map((x) => [lower(x.name), lower(x.ws.name)]));
  const pivotSheets = new Map(pre.pivots.map((x) => [lower(x.name), lower(x.ws.name)]));
  for (const op of plan.ops) {
    if (op.op !== 'addTable' && op.op !== 'addPivotTable') continue;
    const on = (op.op === 'addTable' ? tableSheets : pivotSheets).get(lower(op.name));
    if (on !== undefined && !toRemove.has(on)) {
      return op.op === 'addTable'
        ? {
            code: 'apply.tableTaken',
            message: t(`A table named "${op.name}" already exists.`, `已存在名为“${op.name}”的表格。`),
          }
        : {
            code: 'apply.pivotTaken',
            message: t(
              `A PivotTable named "${op.name}" already exists on the sheet "${on}".`,
              `工作表“${on}”上已存在名为“${op.name}”的数据透视表。`,
            ),
          };
    }
  }
  return null;
}

/**
 * Names for the Plan's PivotTables and slicers while the build runs. One that an old sheet's PivotTable or
 * slicer still holds gets a temporary name (the old one goes aside in the swap, as old tables do). A slicer
 * name a user's slicer holds — slicer names are unique in the workbook, and the Plan is built without them —
 * is taken as Excel would make it unique: `RFM segment 1`, `RFM segment 2` …
 */
function pivotNames(
  plan: Plan,
  pre: Preflight,
  toRemove: Set<string>,
  tag: string,
): PivotNames & { oldPivots: { name: string; aside: string }[]; oldSlicers: { name: string; aside: string }[] } {
  const out = {
    tempPivots: new Map<string, string>(),
    tempSlicers: new Map<string, string>(),
    slicerNames: new Map<string, string>(),
    oldPivots: [] as { name: string; aside: string }[],
    oldSlicers: [] as { name: string; aside: string }[],
  };
  const pivots = new Map(pre.pivots.map((x) => [lower(x.name), x]));
  const slicers = new Map(pre.slicers.map((x) => [lower(x.name), x]));
  const planned = new Set(plan.ops.flatMap((o) => (o.op === 'addSlicer' ? [lower(o.name)] : [])));
  for (const op of plan.ops) {
    const key = lower(op.op === 'addPivotTable' || op.op === 'addSlicer' ? op.name : '');
    if (op.op === 'addPivotTable' && pivots.has(key)) {
      const i = out.oldPivots.length;
      out.oldPivots.push({ name: pivots.get(key)!.name, aside: `lbold_${tag}_p${i}` });
      out.tempPivots.set(key, `lbnew_${tag}_p${i}`);
    }
    if (op.op !== 'addSlicer' || !slicers.has(key)) continue;
    if (toRemove.has(lower(slicers.get(key)!.ws.name))) {
      const i = out.oldSlicers.length;
      out.oldSlicers.push({ name: slicers.get(key)!.name, aside: `lbold_${tag}_s${i}` });
      out.tempSlicers.set(key, `lbnew_${tag}_s${i}`);
      continue;
    }
    let name = op.name;
    for (let k = 1; slicers.has(lower(name)) || (name !== op.name && planned.has(lower(name))); k++)
      name = `${op.name} ${k}`;
    planned.add(lower(name));
    out.slicerNames.set(key, name);
  }
  return out;
}

function runState(plan: Plan, pre: Preflight, toRemove: Set<string>): RunState & PivotNames {
  const tag = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1296).toString(36);
  const byName = new Map(pre.sheets.map((s) => [lower(s.name), s]));
  return {
    ...pivotNames(plan, pre, toRemove, tag),
    tag,
    stagingNames: new Set(plan.ops.filter((o): o is AddSheetOp => o.op === 'addSheet').map((a) => lower(a.staging))),
    newIds: new Map(),
    old: [...toRemove].map((n, i) => {
      const s = byName.get(n)!;
      return { id: s.id, name: s.name, aside: asideName(tag, i), visibility: s.visibility };
    }),
    oldTables: pre.tables
      .filter(
        (x) =>
          toRemove.has(lower(x.ws.name)) &&
          plan.ops.some((o) => o.op === 'addTable' && lower(o.name) === lower(x.name)),
      )
      .map((x, i) => ({ name: x.name, aside: `lbold_${tag}_${i}` })),
    leftovers: pre.sheets.filter((s) => isLeftover(s) && !toRemove.has(lower(s.name))),
    orderBefore: pre.sheets.map((s) => s.id),
    activeBefore: pre.activeId,
  };
}

/** Build, swap and commit; on a failure, undo (or finish a commit that cannot be undone). */
async function writeAll(session: Session, pre: Preflight, toRemove: Set<string>): Promise<ApplyResult> {
  const { ctx, plan, options } = session;
  if (plan.date1904 === true && !pre.date1904) {
    // The reverse (a 1900-system Plan in a 1904 workbook) is shifted while building; this one cannot be undone.
    throw new Error(
      'The Plan was built for a workbook in the 1904 date system, but this workbook uses the 1900 system: its dates would be four years off.',
    );
  }
  const state = runState(plan, pre, toRemove);
  const tempTables = new Map(state.oldTables.map((x, i) => [lower(x.name), `lbnew_${state.tag}_${i}`]));
  const build = newBuild(
    ctx.workbook,
    plan,
    options.caps ?? ALL_CAPS,
    {
      tempTables,
      newIds: state.newIds,
      tempPivots: state.tempPivots,
      tempSlicers: state.tempSlicers,
      slicerNames: state.slicerNames,
    },
    pre.date1904,
  );
  let phase: ApplyProgress['phase'] = 'build';
  try {
    await buildSheets(build, plan, options.maxRequestBytes ?? TARGET_PAYLOAD_BYTES, session.sync, (done) => {
      session.report('build', done);
    });
    phase = 'swap';
    await swap(ctx, plan, state, tempTables, session.sync);
    session.report('swap', plan.ops.length);
    phase = 'commit';
    await commit(ctx, state, session.sync);
    session.report('commit', plan.ops.length);
    return {
      ok: true,
      outcome: 'applied',
      sheets: [...plan.sheets],
      syncs: session.syncs,
      diagnostics: [...earlyDatesWarning(build.earlyDates), ...pivotsNotWritten(build)],
    };
  } catch (e) {
    return await recover(session, state, e, phase === 'commit', earlyDatesWarning(build.earlyDates));
  }
}

/**
 * After a failure: rolled back (exactly as before), finished (the commit had deleted an old sheet, so the
 * results are complete; the rest is deleted or, failing that, left hidden for the next apply), or stuck.
 */
async function recover(
  session: Session,
  state: RunState,
  e: unknown,
  inCommit: boolean,
  buildDiagnostics: Diagnostic[],
): Promise<ApplyResult> {
  const { ctx, plan } = session;
  const message = e instanceof Error ? e.message : String(e);
  session.report('rollback', plan.ops.length);
  try {
    const found = await readWorkbook(ctx, session.sync, state);
    if (!inCommit || !commitStarted(state, found.sheets)) {
      await undo(ctx, state, found, session.sync);
      return failed(e, session.syncs);
    }
    const { retried, left } = await finishCommit(ctx, state, found.sheets, session.sync);
    const applied = (diagnostics: Diagnostic[]): ApplyResult => ({
      ok: true,
      outcome: 'applied',
      sheets: [...plan.sheets],
      syncs: session.syncs,
      diagnostics: [...buildDiagnostics, ...diagnostics],
    });
    // Every deletion took effect though the sync reported a failure: the apply is complete as it is.
    if (!retried) return applied([]);
    if (left.length === 0) {
      return applied([
        {
          code: 'apply.finishedAfterRetry',
          severity: 'warning',
          message: t(
            `Removing the previous results failed once (${message}) and was retried; the new results are complete.`,
            `删除旧结果时出错一次（${message}），已重试；新结果已完整写入。`,
          ),
        },
      ]);
    }
    const list = left.map((n) => `"${n}"`).join(', ');
    return applied([
      {
        code: 'apply.leftAside',
        severity: 'warning',
        message: t(
          `The new results are complete, but removing the previous ones failed (${message}): the hidden sheets ${list} still hold them. The next run removes them; you can also delete them yourself (Unhide, then Delete).`,
          `新结果已完整写入，但删除旧结果失败（${message}）：隐藏的工作表 ${list} 仍保存着旧结果。下次运行会删除它们；也可以自行删除（取消隐藏后删除）。`,
        ),
      },
    ]);
  } catch (e2) {
    const m2 = e2 instanceof Error ? e2.message : String(e2);
    return {
      ok: false,
      outcome: 'rollbackFailed',
      sheets: [],
      syncs: session.syncs,
      diagnostics: [
        {
          code: 'apply.rollbackFailed',
          severity: 'error',
          message: t(
            `Writing the results failed (${message}) and undoing it failed too (${m2}). Previous results that are missing are in hidden sheets whose names start with "_lbold_" (Unhide to see them).`,
            `写入结果失败（${message}），撤销也失败（${m2}）。缺少的旧结果在名称以“_lbold_”开头的隐藏工作表中（取消隐藏即可查看）。`,
          ),
        },
      ],
    };
  }
}

function failed(e: unknown, syncs: number): ApplyResult {
  const message = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    outcome: 'rolledBack',
    sheets: [],
    syncs,
    diagnostics: [
      {
        code: 'apply.rolledBack',
        severity: 'error',
        message: t(
          `Writing the results failed (${message}); the workbook was left exactly as it was.`,
          `写入结果失败（${message}）；工作簿保持原样，未做任何更改。`,
        ),
      },
    ],
  };
}
