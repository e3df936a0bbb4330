/**
 * The PaneHost over Office.js-shaped APIs: `addin/office`'s reader and applier on an `Excel.run`
 * function. Real Excel passes `Excel.run`; the playground passes the Excel stand-in's `run`, so the pane
 * runs the same code in both. No `Excel`/`Office` globals here: it takes `run` and `office` as arguments.
 */
import type { Diagnostic, I18nText } from '../../src/types.js';
import type { Plan } from '../../src/plan/types.js';
import { STORE_SHEET } from '../../src/recipe/store.js';
import type { Store } from '../../src/recipe/types.js';
import type { XlOfficeContext, XlRun } from './excel-api.js';
import { a1, parseFullAddress, readGrid, readRegions } from './reader.js';
import type { ReadSource } from './reader.js';
import { checkRequirements } from './requirements.js';
import { readStore } from './recipe-store.js';
import { HostError, regionId } from '../taskpane/host.js';
import type { HostTheme, PaneHost, ProgressFn, Region, SourceRef } from '../taskpane/host.js';

/** Applies a plan all-or-nothing (addin/office's applier), reporting ops done. */
export type PlanApplier = (run: XlRun, plan: Plan, options: { onProgress?: ProgressFn; signal?: AbortSignal }) => Promise<void>;

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
  throw new HostError(d?.code ?? 'read.failed', d?.message ?? fallback, text('Check the sheet or the selection, then try again.', '请检查工作表或所选区域后重试。'));
}

function toReadSource(ref: SourceRef): ReadSource {
  if ('table' in ref) return { kind: 'table', name: ref.table };
  return ref.address ? { kind: 'range', sheet: ref.sheet, address: ref.address } : { kind: 'usedRange', sheet: ref.sheet };
}

export function createOfficeHost(options: OfficeHostOptions): PaneHost {
  const { run } = options;
  const caps = () => checkRequirements(options.office.context).caps;
  return {
    kind: options.kind,
    displayLanguage: options.office.context.displayLanguage || 'en-US',
    theme: () => options.theme?.() ?? null,
    ...(options.onThemeChanged ? { onThemeChanged: options.onThemeChanged } : {}),
    ...(options.onChanged ? { onChanged: options.onChanged } : {}),

    async findRegions(): Promise<Region[]> {
      const { regions } = await run(async (ctx) => await readRegions(ctx, { previewRows: 1, exclude: [STORE_SHEET], caps: caps() }));
      return regions.map((r) => {
        const loc = parseFullAddress(`${r.sheet}!${r.address}`);
        const tableName = r.source.kind === 'table' ? r.source.name : undefined;
        return {
          id: regionId({ sheet: r.sheet, address: r.address, ...(tableName ? { tableName } : {}) }),
          sheet: r.sheet,
          address: r.address,
          ...(tableName ? { tableName } : {}),
          rows: Math.max(0, loc.rows - 1),
          columns: loc.cols,
        };
      });
    },

    async selection(): Promise<Region> {
      const res = await run(async (ctx) => await readGrid(ctx, { kind: 'selection' }, { maxRows: 1, caps: caps() }));
      if (!res.grid) failFrom(res.diagnostics, text('The selection could not be read.', '无法读取所选区域。'));
      const loc = parseFullAddress(`${res.grid.sheet}!${res.grid.address}`);
      const address = a1(loc.r0, loc.c0, res.totalRows, loc.cols);
      if (res.totalRows < 2) {
        throw new HostError(
          'pane.selection-small',
          text(`The selection (${res.grid.sheet}!${address}) is too small to be a table.`, `所选区域（${res.grid.sheet}!${address}）太小，不像一张表。`),
          text('Select the whole table, its header row included, then press “Use selection” again.', '请选中整张表（包括标题行），再点击“使用所选区域”。'),
        );
      }
      return { id: regionId({ sheet: res.grid.sheet, address }), sheet: res.grid.sheet, address, rows: res.totalRows - 1, columns: loc.cols };
    },

    async read(ref, onProgress, signal) {
      const res = await run(
        async (ctx) =>
          await readGrid(ctx, toReadSource(ref), {
            caps: caps(),
            ...(options.readBytes ? { maxResponseBytes: options.readBytes } : {}),
            ...(signal ? { signal } : {}),
            ...(onProgress ? { onProgress: (p: { rowsRead: number; totalRows: number }) => { onProgress({ done: p.rowsRead, total: p.totalRows }); } } : {}),
          }),
      );
      if (!res.grid) failFrom(res.diagnostics, text('The data could not be read.', '无法读取数据。'));
      const grid = res.grid;
      const loc = parseFullAddress(`${grid.sheet}!${grid.address}`);
      const region: Region = {
        id: regionId({ sheet: grid.sheet, address: grid.address, ...(grid.tableName ? { tableName: grid.tableName } : {}) }),
        sheet: grid.sheet,
        address: grid.address,
        ...(grid.tableName ? { tableName: grid.tableName } : {}),
        rows: Math.max(0, loc.rows - 1),
        columns: loc.cols,
      };
      return { region, grid };
    },

    async workbookNames() {
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
    },

    async loadStore(): Promise<{ store: Store | null; diagnostics: Diagnostic[] }> {
      return await run(async (ctx) => await readStore(ctx));
    },

    async applyPlan(plan, onProgress, signal) {
      await options.apply(run, plan, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
    },

    async goTo(sheet, address) {
      await run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
        ws.load('name');
        await ctx.sync();
        if (ws.isNullObject) {
          throw new HostError('pane.sheet-missing', text(`There is no sheet named "${sheet}" any more.`, `工作表“${sheet}”已不存在。`), text('Run the analyses again to write it.', '请重新运行分析以写入该表。'));
        }
        ws.activate();
        if (address) {
          ws.getRange(address).select();
        }
        await ctx.sync();
      });
    },
  };
}
