/**
 * The recipe (what to analyse and how) and the run log (what was done), stored together in the very hidden
 * `_loopbook` sheet. The add-in and the command line read and write the same format (see docs/DESIGN.md).
 *
 * Versions: a recipe carries `version`; `parseRecipe` migrates older versions to the current one
 * (`RECIPE_VERSION`) and reports what it changed. Version history:
 * - 1: the skeleton's draft: `analyses` a list of kinds, `language` instead of `lang`, sources without `id`.
 * - 2: analyses with options and an `enabled` flag, source ids, `lang`.
 */
import { z } from 'zod';
import { STATUS_CLASSES, TABLE_KINDS } from '../ingest/types.js';
import type { Role, StatusClass, TableKind } from '../ingest/types.js';

export const RECIPE_VERSION = 2;
export const RUN_LOG_VERSION = 1;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const SourceSchema = z
  .object({
    /** Stable id used by the run log, e.g. `orders`. */
    id: z.string().min(1).max(80),
    sheet: z.string().min(1).max(31),
    /** A1 range on the sheet, e.g. `A1:F20001`; absent = the sheet's used range (or the table). */
    range: z
      .string()
      .regex(/^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/, 'expected an A1 range like A1:F100')
      .optional(),
    /** Excel table name, when the source is a table. */
    table: z.string().min(1).max(255).optional(),
    kind: z.enum(TABLE_KINDS as [TableKind, ...TableKind[]]),
    /** Role per column header (as shown in the sheet); null = no role. */
    roles: z.record(z.string(), z.string().nullable()),
    /**
     * The export format to read the sheet as: a known format's id (`taobao-orders`, src/ingest/formats/), or
     * `none` for the general rules; absent = recognised from the headers. Saved so a refresh reads the file alike.
     */
    format: z.string().min(1).max(80).optional(),
    /**
     * What status values mean, as the user set them (`{ "交易关闭": "cancelled", "Awaiting pickup": "paid" }`):
     * they win over the format's and the general vocabulary. Matched as statusKey() reads them (case, `_`, `-`).
     */
    statuses: z.record(z.string().min(1), z.enum(STATUS_CLASSES as [StatusClass, ...StatusClass[]])).optional(),
    /**
     * The year of period headers written without one (`1月` … `12月`, `Jan` … `Dec`) on a sheet with the periods
     * across its columns (a wide budget), for when its title does not say it; given, it wins over the title's.
     */
    periodYear: z.number().int().min(1900).max(9999).optional(),
    /**
     * Where the rows live when they are not in the workbook: `duckdb:<file.csv|file.parquet|glob>` or
     * `duckdb:<file.duckdb>#<table>`, read through DuckDB, or `clickhouse://[user@]host:port/database#table`
     * (src/source/spec.ts), a ClickHouse table; `sheet` then names the source in the results. Absent: a sheet of the
     * workbook (or an input file). A ClickHouse password is never kept here (LOOPBOOK_CLICKHOUSE_PASSWORD).
     */
    location: z
      .string()
      .max(4096)
      .regex(
        /^(duckdb:|clickhouses?:\/\/).+/,
        'expected duckdb:<file>, duckdb:<file.duckdb>#<table> or clickhouse://host:port/database#table',
      )
      .refine(
        (s) => !/^clickhouses?:\/\/[^@/#]*:[^@/#]*@/.test(s),
        'a ClickHouse password is never kept in the recipe: give it in LOOPBOOK_CLICKHOUSE_PASSWORD',
      )
      .optional(),
  })
  .strict();

export const AnalysisSpecSchema = z
  .object({
    kind: z.string().min(1).max(80),
    enabled: z.boolean().default(true),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const RecipeSchema = z
  .object({
    loopbook: z.literal('recipe'),
    version: z.literal(RECIPE_VERSION),
    sources: z.array(SourceSchema),
    analyses: z.array(AnalysisSpecSchema),
    /** As-of date; null = the latest date found in the data. */
    asOf: IsoDate.nullable(),
    /** ISO 4217 code, e.g. `CNY`. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO currency code like CNY'),
    lang: z.enum(['en', 'zh-CN']),
  })
  .strict();

export type Source = Omit<z.infer<typeof SourceSchema>, 'roles'> & { roles: Record<string, Role | null> };
export type AnalysisSpec = z.infer<typeof AnalysisSpecSchema>;
export type Recipe = Omit<z.infer<typeof RecipeSchema>, 'sources'> & { sources: Source[] };

export const RunInputSchema = z.object({
  source: z.string(),
  sheet: z.string(),
  range: z.string().optional(),
  rows: z.number().int().nonnegative(),
  /** Content hash of the input cells (`hashCells`), to tell when results are stale. */
  hash: z.string(),
});

export const RunEntrySchema = z.object({
  /** When the run finished, ISO 8601 UTC. */
  at: z.string(),
  host: z.enum(['cli', 'addin']),
  /** Loopbook version that wrote the results. */
  loopbook: z.string(),
  inputs: z.array(RunInputSchema),
  /** Sheets this run wrote (final names), the store sheet included: the sheets Loopbook owns. */
  sheets: z.array(z.string()),
});

export const RunLogSchema = z.object({
  version: z.literal(RUN_LOG_VERSION),
  /** Oldest first; only the last `MAX_RUNS` are kept. */
  runs: z.array(RunEntrySchema),
});

export type RunInput = z.infer<typeof RunInputSchema>;
export type RunEntry = z.infer<typeof RunEntrySchema>;
export type RunLog = z.infer<typeof RunLogSchema>;

/** What the `_loopbook` sheet holds. */
export interface Store {
  recipe: Recipe | null;
  log: RunLog;
}
