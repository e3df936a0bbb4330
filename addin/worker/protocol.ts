/**
 * What the task pane and its analysis Web Worker send each other: plain structured-clone data only.
 * The worker holds the ingested Datasets (Arquero tables) and never sends them back; the pane sees
 * summaries (`SourceView`), availability, and the result of a run (a Plan to apply plus `ResultView`s).
 */
import type { CellGrid, CellValue, Diagnostic, I18nText, Lang } from '../../src/types.js';
import type { ColumnType, Role, StatusClass, TableKind } from '../../src/ingest/types.js';
import type { ChartKind, Figure, Finding } from '../../src/analysis/types.js';
import type { Plan, WorkbookOp } from '../../src/plan/types.js';
import type { RunLog } from '../../src/recipe/types.js';
import type { Summary } from '../../src/run/summary.js';
import type { OptionSpec } from '../../src/analysis/option-specs.js';

/** Where a grid came from, as the pane identifies it (sheet + address, or an Excel table). */
export interface GridMeta {
  /** Stable id of the source inside one pane session, e.g. `Orders!A1:F201` or `table:SalesTable`. */
  id: string;
  sheet: string;
  address: string;
  tableName?: string;
}

export interface ColumnView {
  name: string;
  header: string;
  letter: string;
  type: ColumnType;
  role: Role | null;
  roleConfidence: number;
  currency?: string;
  nulls: number;
  /** Latest value of a date column, ISO (for the as-of hint). */
  latest?: string;
}

/** What the pane shows about one detected table. */
export interface SourceView extends GridMeta {
  kind: TableKind | null;
  kindConfidence: number;
  rows: number;
  columns: ColumnView[];
  /** The first rows as display text (dates as YYYY-MM-DD). */
  preview: string[][];
  /** Excel row numbers of the preview rows. */
  previewRows: number[];
  diagnostics: Diagnostic[];
  /** Content hash of the grid's values (`hashCells`), for staleness. */
  hash: string;
  /** Latest date in a date column, ISO, when there is one. */
  latestDate: string | null;
  /** Currency codes or symbols seen in currency columns. */
  currencies: string[];
}

/** The user's confirmed use of a source: which kind it is and the role of each column (by header). */
export interface SourceAssignment {
  id: string;
  kind: TableKind;
  roles: Record<string, Role | null>;
  /** The export format to read it as (a format id, or `none` for the general rules); absent = recognised. */
  format?: string;
  /** What status values mean, as the user set them (a recipe source's `statuses`). */
  statuses?: Record<string, StatusClass>;
  /** The year of a wide sheet's year-less period headers, as the user gave it (a recipe source's `periodYear`). */
  periodYear?: number;
}

/** One status value of a table: what it means now, its line, and its orders and money (each order once). */
export interface StatusView {
  value: string;
  /** null: no rule knows it (counted as paid). */
  cls: StatusClass | null;
  text: I18nText;
  orders: number;
  amount: number;
  refunded: number;
  currency: string;
}

/** The status lines summed: revenue counted (refunds subtracted) and money left out, with their orders. */
export interface StatusTotals {
  /** `money` is the amount as the status lines write it (`¥8,001.71`). */
  counted: { orders: number; amount: number; money: string };
  left: { orders: number; amount: number; money: string };
  currency: string;
  /** CRM deals (a won or lost status) rather than orders. */
  deals: boolean;
}

/** Two or more columns that could take a money role, the values not settling which: the pane asks. */
export interface AmbiguousView {
  role: Role;
  candidates: { header: string; letter: string }[];
  /** Header of the candidate holding the role now (the first until the user picks), or null when none does. */
  chosen: string | null;
}

/** What Loopbook decided about one table as the pane uses it (`src/run/decisions.ts`, `money-decisions.ts`). */
export interface TableDecisions {
  id: string;
  format: {
    text: I18nText;
    /** The format the headers match, when one does: the pane offers it or the general rules. */
    recognised: { id: string; name: I18nText } | null;
    /** The format read with: its id, or `none`. */
    using: string;
  };
  statuses: StatusView[];
  /** What the statuses add up to: orders (or deals) and money counted as revenue and left out; null without statuses. */
  totals: StatusTotals | null;
  periods: I18nText[];
  /** Exchange rates (an FX table) and the grain (campaigns, budget). */
  money: I18nText[];
  ambiguous: AmbiguousView[];
  /**
   * A table with periods across its columns (unpivoted): whether its headers name no year Loopbook could find
   * (`missing`: read in the as-of date's year until the user gives one) and the year the user gave; null otherwise.
   */
  year: { missing: boolean; given: number | null } | null;
  /** Each column's role as the table reads in its format, before the user's roles (by header). */
  readRoles: Record<string, Role | null>;
}

/** One analysis as the pane's cards show it (from `ANALYSES`). */
export interface AnalysisCard {
  kind: string;
  title: I18nText;
  question: I18nText;
  needs: I18nText;
  requires: { kind: TableKind; roles: Role[] }[];
  defaults: Record<string, unknown>;
  /** Optional per-option metadata when the analysis provides it (`optionSpecs`). */
  optionSpecs?: Record<string, OptionSpec>;
}

/** Optional description of an analysis option (label, allowed values, bounds). */
export type { OptionSpec };

export type Availability = Record<string, { ok: true } | { ok: false; needs: I18nText }>;

export interface RunRequest {
  sources: SourceAssignment[];
  analyses: { kind: string; enabled: boolean; options: Record<string, unknown> }[];
  /** YYYY-MM-DD, or null for the latest date in the data. */
  asOf: string | null;
  currency: string;
  lang: Lang;
  workbook: { existingSheetNames: string[]; ownedSheets: string[]; existingNames: string[] };
  previousLog: RunLog;
  /** ISO time the run started (passed in so tests are deterministic). */
  at: string;
}

export interface ChartView {
  name: string;
  title: I18nText;
  kind: ChartKind;
  labels: string[];
  series: { key: string; label: I18nText; values: (number | null)[]; secondary: boolean }[];
}

export interface ResultView {
  kind: string;
  title: I18nText;
  question: I18nText;
  /** Final sheet name written by the plan, or null. */
  sheet: string | null;
  figures: Figure[];
  charts: ChartView[];
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** An analysis the user chose that wrote no results, or finished with an error, and why. */
export interface SkippedAnalysis {
  kind: string;
  title: I18nText;
  why: I18nText;
  /** True when it ran and wrote results but reported an error; false when it wrote nothing. */
  ran: boolean;
}

export interface RunResponse {
  ok: boolean;
  /** The chosen analyses that were skipped or finished with an error (empty: every one ran cleanly). */
  skipped?: SkippedAnalysis[];
  /**
   * The plan to apply. From the worker it comes with `ops` empty and `opsPending` set: the pane fetches the
   * ops in slices (`planOps`), so no single message holds the whole plan.
   */
  plan: Plan | null;
  opsPending?: number;
  results: ResultView[];
  /** The Dashboard sheet's final name, when written. */
  dashboard: string | null;
  asOf: string | null;
  /** Run-level diagnostics (ingest, run): shown under the results. */
  diagnostics: Diagnostic[];
  summary: Summary | null;
}

export type Phase = 'reading' | 'analysing' | 'writing';

export interface PhaseProgress {
  phase: Phase;
  done: number;
  total: number;
  /** What is being worked on, e.g. the analysis's title. */
  label?: I18nText;
}

/** The worker's API (exposed with comlink). Grids arrive in row chunks so no single message is huge. */
export interface EngineApi {
  catalogue(): AnalysisCard[];
  beginGrid(meta: GridMeta, header: CellGrid): void;
  appendRows(id: string, values: CellValue[][], numberFormats?: string[][]): void;
  /** Ingests the grid assembled so far and returns what it looks like. */
  endGrid(id: string): SourceView;
  forget(id: string): void;
  /** Which analyses can run on these sources, by the run's own rules (`asOf`: the pane's date, or null). */
  availability(sources: SourceAssignment[], asOf?: string | null): Availability;
  /** What Loopbook decided about each source as assigned (format, statuses, periods, money, ambiguous roles), by id. */
  decisions(sources: SourceAssignment[], currency: string): Record<string, TableDecisions>;
  run(request: RunRequest, onProgress: (p: PhaseProgress) => void): RunResponse;
  /**
   * Ops `from … from + count − 1` of the last run's plan; with `maxBytes`, only as many of them as stay
   * within that many bytes of JSON together (at least one), so no message is large.
   */
  planOps(from: number, count: number, maxBytes?: number): WorkbookOp[];
}
