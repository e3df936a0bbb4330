/**
 * The only way the task pane's React code touches the workbook. Two implementations: the Office-backed
 * host (`addin/office/office-host.ts`, over `addin/office`'s reader, applier and recipe store — real
 * Excel, or the Excel stand-in in the playground) and test fakes. React components never see `Excel` or
 * `Office`.
 */
import type { CellGrid, Diagnostic, I18nText } from '../../src/types.js';
import type { Plan } from '../../src/plan/types.js';
import type { Store } from '../../src/recipe/types.js';

/** A place in the workbook to read: a sheet range (address absent = the used range) or an Excel table. */
export type SourceRef = { sheet: string; address?: string } | { table: string };

/** A table-like region the host found, with its size. */
export interface Region {
  /** Stable within a pane session: `Sheet!A1:F20` or `table:Name`. */
  id: string;
  sheet: string;
  /** A1 address without the sheet. */
  address: string;
  tableName?: string;
  rows: number;
  columns: number;
}

export interface Progress {
  done: number;
  total: number;
}

export type ProgressFn = (p: Progress) => void;

/** Office theme colours (`Office.context.officeTheme`), when the host has them. */
export interface HostTheme {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

export interface WorkbookNames {
  /** Every sheet, hidden ones included. */
  sheets: string[];
  /** Table names and defined names. */
  names: string[];
}

/**
 * A failure the user can act on: what went wrong and what to do next, in both languages.
 * Hosts throw it for expected problems (several areas selected, sheet gone, request too large …).
 */
export class HostError extends Error {
  constructor(
    readonly code: string,
    readonly text: I18nText,
    readonly next?: I18nText,
  ) {
    super(text.en);
    this.name = 'HostError';
  }
}

export interface PaneHost {
  readonly kind: 'excel' | 'playground' | 'test';
  /** Office's display language (e.g. `zh-CN`), or the browser's outside Office. */
  readonly displayLanguage: string;
  theme(): HostTheme | null;
  /** Calls `listener` when the Office theme changes; returns an unsubscribe function. */
  onThemeChanged?(listener: (theme: HostTheme) => void): () => void;
  /** Every Excel table and every table-like region outside tables, on visible sheets. */
  findRegions(): Promise<Region[]>;
  /** Where the current selection is (one area), as a region. */
  selection(): Promise<Region>;
  /** Reads values and number formats, in chunks, reporting rows read. */
  read(ref: SourceRef, onProgress?: ProgressFn, signal?: AbortSignal): Promise<{ region: Region; grid: CellGrid }>;
  workbookNames(): Promise<WorkbookNames>;
  /** The `_loopbook` store (recipe and run log), or null when the workbook has none. */
  loadStore(): Promise<{ store: Store | null; diagnostics: Diagnostic[] }>;
  /** Applies a plan all-or-nothing: on failure or abort the workbook is as it was. */
  applyPlan(plan: Plan, onProgress?: ProgressFn, signal?: AbortSignal): Promise<void>;
  /** Shows a sheet (and selects `address` on it). */
  goTo(sheet: string, address?: string): Promise<void>;
  /** Calls `listener` with the sheet name when cells change; returns an unsubscribe function. */
  onChanged?(listener: (sheet: string) => void): () => void;
}

/** `table:Name` or `Sheet!A1:B2`: the id the pane gives a source. */
export function regionId(ref: { sheet: string; address: string; tableName?: string }): string {
  return ref.tableName ? `table:${ref.tableName}` : `${ref.sheet}!${ref.address}`;
}
