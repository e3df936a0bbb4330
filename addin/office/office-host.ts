/**
 * The PaneHost over Office.js-shaped APIs: `addin/office`'s reader and applier on an `Excel.run`
 * function. Real Excel passes `Excel.run`; the playground passes the Excel stand-in's `run`, so the pane
 * runs the same code in both. No `Excel`/`Office` globals here: it takes `run` and `office` as arguments.
 */
import { formatA1, parseA1 } from '../../src/a1.js';
import type { CellRect } from '../../src/a1.js';
import type { CellGrid, Diagnostic, I18nText } from '../../src/types.js';
import type { Plan } from '../../src/plan/types.js';
import { notInputSheets } from '../../src/recipe/run-inputs.js';
import type { Store } from '../../src/recipe/types.js';
import type { XlOfficeContext, XlRun } from './excel-api.js';
import { readGrid, readRegions } from './reader.js';
import type { ReadSource } from './reader.js';
import { checkRequirements } from './requirements.js';
import type { HostCaps } from './requirements.js';
import { readStore } from './recipe-store.js';
import { HostError, regionId } from '../taskpane/host.js';
import type { HostTheme, PaneHost, ProgressFn, Region, SourceRef } from '../taskpane/host.js';
import './csp.js';

/** Applies a plan all-or-nothing (addin/office's applier), reporting ops done. */
export type PlanApplier = (
  run: XlRun,
  plan: Plan,
  options: { onProgress?: ProgressFn; signal?: AbortSignal },
) => Promise<void>;

export interface OfficeHostOptions {
  run: XlRun;
  office: { context: XlOfficeContext };
  kind: 'excel' | 'playground';
  apply: PlanApplier;
  theme?: () => HostTheme | null;
  onThemeChanged?: (listener: (theme: HostTheme) => void) => () => void;
  onChanged?: (listener: (sheet: string) => void) => () => void;
  /**
   * Response budget per read sync (default: addin/office's 4 MB). The playground's stand-in runs Excel's
   * side on the page's main thread, so it reads in smaller chunks to keep each task short.
   */
  readBytes?: number;
}

const text = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

function failFrom(diagnostics: Diagnostic[], fallback: I18nText): never {
  const d = diagnostics[0];
  throw new HostError(
    d?.code ?? 'read.failed',
    d?.message ?? fallback,
    text('Check the sheet or the selection, then try again.', '请检查工作表或所选区域后重试。'),
  );
}

function toReadSource(ref: SourceRef): ReadSource {
  if ('table' in ref) return { kind: 'table', name: ref.table };
  return ref.address
    ? { kind: 'range', sheet: ref.sheet, address: ref.address }
    : { kind: 'usedRange', sheet: ref.sheet };
}

/** The rectangle of an address the reader returned (always a valid A1 cell or block). */
function rectOf(address: string): CellRect {
  const rect = parseA1(address);
  if (!rect) throw new Error(`Unexpected address from the reader: ${address}`);
  return rect;
}

type HostContext = Pick<OfficeHostOptions, 'run' | 'readBytes'> & { caps: () => HostCaps };

/** Every table-like region of the workbook (Loopbook's store sheet left out), header row not counted. */
async function findRegions({ run, caps }: HostContext): Promise<Region[]> {
  // Loopbook's own sheets (the store and those the run log lists) are never inputs.
  const { regions } = await run(async (ctx) => {
    const { store } = await readStore(ctx);
    return await readRegions(ctx, { previewRows: 1, exclude: notInputSheets(store?.log), caps: caps() });
  });
  return regions.map((r) => {
    const rect = rectOf(r.address);
    const tableName = r.source.kind === 'table' ? r.source.name : undefined;
    return {
      id: regionId({ sheet: r.sheet, address: r.address, ...(tableName ? { tableName } : {}) }),
      sheet: r.sheet,
      address: r.address,
      ...(tableName ? { tableName } : {}),
      rows: Math.max(0, rect.rows - 1),
      columns: rect.cols,
    };
  });
}

/** The selected block as a region; refused when it is too small to be a table (header plus one row). */
async function selectedRegion({ run, caps }: HostContext): Promise<Region> {
  const res = await run(async (ctx) => await readGrid(ctx, { kind: 'selection' }, { maxRows: 1, caps: caps() }));
  if (!res.grid) failFrom(res.diagnostics, text('The selection could not be read.', '无法读取所选区域。'));
  const rect = rectOf(res.grid.address);
  const address = formatA1({ ...rect, rows: res.totalRows });
  if (res.totalRows < 2) {
    throw new HostError(
      'pane.selection-small',
      text(
        `The selection (${res.grid.sheet}!${address}) is too small to be a table.`,
        `所选区域（${res.grid.sheet}!${address}）太小，不像一张表。`,
      ),
      text(
        'Select the whole table, its header row included, then press “Use selection” again.',
        '请选中整张表（包括标题行），再点击“使用所选区域”。',
      ),
    );
  }
  return {
    id: regionId({ sheet: res.grid.sheet, address }),
    sheet: res.grid.sheet,
    address,
    rows: res.totalRows - 1,
    columns: rect.cols,
  };
}

/** Reads a source in full, with progress and Cancel. */
async function readSource(
  { run, caps, readBytes }: HostContext,
  ref: SourceRef,
  onProgress: ProgressFn | undefined,
  signal: AbortSignal | undefined,
): Promise<{ region: Region; grid: CellGrid }> {
  const res = await run(
    async (ctx) =>
      await readGrid(ctx, toReadSource(ref), {
        caps: caps(),
        ...(readBytes ? { maxResponseBytes: readBytes } : {}),
        ...(signal ? { signal } : {}),
        ...(onProgress
          ? {
              onProgress: (p: { rowsRead: number; totalRows: number }) => {
                onProgress({ done: p.rowsRead, total: p.totalRows });
              },
            }
          : {}),
      }),
  );
  if (!res.grid) failFrom(res.diagnostics, text('The data could not be read.', '无法读取数据。'));
  const grid = res.grid;
  const rect = rectOf(grid.address);
  const region: Region = {
    id: regionId({
      sheet: grid.sheet,
      address: grid.address,
      ...(grid.tableName ? { tableName: grid.tableName } : {}),
    }),
    sheet: grid.sheet,
    address: grid.address,
    ...(grid.tableName ? { tableName: grid.tableName } : {}),
    rows: Math.max(0, rect.rows - 1),
    columns: rect.cols,
  };
  return { region, grid };
}

/** Sheet names, and table and defined names, for the recipe's source pickers. */
async function workbookNames(run: XlRun): Promise<{ sheets: string[]; names: string[] }> {
  return await run(async (ctx) => {
    const wb = ctx.workbook;
    wb.worksheets.load('name');
    wb.tables.load('name');
    wb.names.load('name');
    await ctx.sync();
    return {
      sheets: wb.worksheets.items.map((s) => s.name),
      names: [...wb.tables.items.map((t) => t.name), ...wb.names.items.map((n) => n.name)],
    };
  });
}

/** Activates `sheet` (alone) and selects `address` on it. */
async function goTo(run: XlRun, sheet: string, address: string | undefined): Promise<void> {
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
    ws.load('name');
    await ctx.sync();
    if (ws.isNullObject) {
      throw new HostError(
        'pane.sheet-missing',
        text(`There is no sheet named "${sheet}" any more.`, `工作表“${sheet}”已不存在。`),
        text('Run the analyses again to write it.', '请重新运行分析以写入该表。'),
      );
    }
    ws.activate();
    if (address) {
      ws.getRange(address).select();
    }
    await ctx.sync();
  });
}

export function createOfficeHost(options: OfficeHostOptions): PaneHost {
  const { run } = options;
  const hc: HostContext = {
    run,
    caps: () => checkRequirements(options.office.context).caps,
    ...(options.readBytes ? { readBytes: options.readBytes } : {}),
  };
  return {
    kind: options.kind,
    displayLanguage: options.office.context.displayLanguage || 'en-US',
    theme: () => options.theme?.() ?? null,
    ...(options.onThemeChanged ? { onThemeChanged: options.onThemeChanged } : {}),
    ...(options.onChanged ? { onChanged: options.onChanged } : {}),
    findRegions: async () => await findRegions(hc),
    selection: async () => await selectedRegion(hc),
    read: async (ref, onProgress, signal) => await readSource(hc, ref, onProgress, signal),
    workbookNames: async () => await workbookNames(run),
    loadStore: async (): Promise<{ store: Store | null; diagnostics: Diagnostic[] }> =>
      await run(async (ctx) => await readStore(ctx)),
    applyPlan: async (plan, onProgress, signal) => {
      await options.apply(run, plan, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
    },
    goTo: async (sheet, address) => {
      await goTo(run, sheet, address);
    },
  };
}
