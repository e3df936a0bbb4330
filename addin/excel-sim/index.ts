/**
 * The strict Excel stand-in (see docs/DESIGN.md, "The Excel stand-in"): `run` behaves like
 * `Excel.run`, `office.context` like `Office.context`. Browser-safe; the .xlsx loader is in load-xlsx.ts.
 *
 * @example
 * const sim = createSimExcel({ excelApi: '1.9' });
 * sim.model.addSheet('Data').setRaw(0, 0, 'id');
 * await sim.run(async (ctx) => { const r = ctx.workbook.worksheets.getItem('Data').getRange('A1'); r.load('values'); await ctx.sync(); return r.values; });
 * // → [['id']]
 */
import { SimError } from './errors.js';
import { parseAddress } from './address.js';
import { PAYLOAD_LIMIT_BYTES, SimContext, versionAtLeast } from './context.js';
import type { FailureInjection, SimCounters, SimHost } from './context.js';
import { WorkbookModel } from './model.js';
import type { WorkbookSnapshot } from './model.js';
import { SimWorkbook } from './objects.js';
import type { XlContext, XlOfficeContext, XlRun } from '../office/excel-api.js';

export { SimError, officeErrorCode } from './errors.js';
export type { SimErrorCode } from './errors.js';
export { PAYLOAD_LIMIT_BYTES, MAX_CELLS_PER_READ, jsonBytes } from './context.js';
export type { FailureInjection, SimCounters, SyncRecord } from './context.js';
export { WorkbookModel, SheetModel, coerceString } from './model.js';
export type { WorkbookSnapshot, SheetSnapshot, Stored } from './model.js';
export { columnLetter, columnIndex, parseAddress, formatRect, MAX_ROWS, MAX_COLS } from './address.js';
export type * from '../office/excel-api.js';

export interface SimExcelOptions {
  /** Highest ExcelApi requirement set supported (default `1.17`); newer members throw `ApiNotFound`. */
  excelApi?: string;
  /** Other requirement sets answered by `isSetSupported` (name → highest version). */
  requirementSets?: Record<string, string>;
  /** `Office.context.displayLanguage` (default `en-US`). */
  displayLanguage?: string;
  /** Request/response payload limit per sync in bytes (default 5 MB, Excel on the web). */
  payloadLimit?: number;
  /** Start from this workbook (e.g. one loaded by `loadXlsxModel`). */
  model?: WorkbookModel;
  date1904?: boolean;
}

export interface SimExcel {
  /** `Excel.run`. */
  run: XlRun;
  /** `Office` as far as Loopbook uses it. */
  office: { context: XlOfficeContext };
  model: WorkbookModel;
  counters: SimCounters;
  /** Fail the Nth sync (counted from now, 1-based; and any `alsoAt`) — or clear with null. */
  injectFailure(failure: FailureInjection | null): void;
  /** Zero the counters (syncs are counted from here on). */
  resetCounters(): void;
  /** Select one or more areas on a sheet, like a user would. */
  select(sheet: string, ...addresses: string[]): void;
  snapshot(): WorkbookSnapshot;
  /** Sets `globalThis.Excel.run` and `globalThis.Office.context` (for the playground). */
  install(target?: Record<string, unknown>): void;
}

function emptyCounters(): SimCounters {
  return { syncs: 0, requestBytes: 0, responseBytes: 0, maxRequestBytes: 0, maxResponseBytes: 0, log: [] };
}

/** Creates a stand-in Excel with an empty workbook (or `options.model`). */
export function createSimExcel(options: SimExcelOptions = {}): SimExcel {
  const excelApi = options.excelApi ?? '1.17';
  const host: SimHost = {
    model: options.model ?? new WorkbookModel({ date1904: options.date1904 ?? false }),
    counters: emptyCounters(),
    failure: null,
    excelApi,
    payloadLimit: options.payloadLimit ?? PAYLOAD_LIMIT_BYTES,
  };
  const sets: Record<string, string> = { ExcelApi: excelApi, ...options.requirementSets };
  const office = {
    context: {
      displayLanguage: options.displayLanguage ?? 'en-US',
      requirements: {
        isSetSupported(name: string, minVersion?: string): boolean {
          const have = Object.entries(sets).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
          return have !== undefined && (minVersion === undefined || versionAtLeast(have, minVersion));
        },
      },
    },
  };

  const run: XlRun = async <T>(batch: (context: XlContext) => Promise<T>): Promise<T> => {
    const ctx = new SimContext(host);
    const context = { workbook: new SimWorkbook(ctx), sync: <U>(v?: U) => ctx.sync(v) };
    try {
      const p = batch(context) as unknown;
      if (!(p instanceof Promise))
        throw new SimError('RunMustReturnPromise', 'The batch function passed to Excel.run must return a promise.');
      const result = (await p) as T;
      if (ctx.pending > 0) await ctx.sync();
      return result;
    } finally {
      ctx.close();
    }
  };

  const sim: SimExcel = {
    run,
    office,
    model: host.model,
    counters: host.counters,
    injectFailure(failure) {
      const at = (k: number): number => host.counters.syncs + k;
      host.failure =
        failure === null ? null : { ...failure, atSync: at(failure.atSync), alsoAt: failure.alsoAt?.map(at) };
    },
    resetCounters() {
      Object.assign(host.counters, emptyCounters());
      host.failure = null;
    },
    select(sheet, ...addresses) {
      const s = host.model.sheet(sheet);
      host.model.activate(s);
      host.model.selection = { sheet: s, rects: addresses.map((a) => parseAddress(a)) };
    },
    snapshot: () => host.model.snapshot(),
    install(target = globalThis) {
      target.Excel = { run };
      target.Office = { context: office.context, onReady: () => Promise.resolve({ host: null, platform: null }) };
    },
  };
  return sim;
}
