/**
 * Contracts shared by every stage of the pipeline (see docs/DESIGN.md):
 * read → ingest → analyse → report → plan → apply. Everything here is plain JSON-able data.
 */

/** Text shown to users, always in both languages Loopbook speaks. */
export interface I18nText {
  en: string;
  'zh-CN': string;
}

export type Lang = keyof I18nText;
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/**
 * A cell value as hosts deliver it. Excel error values (`#N/A`, `#DIV/0!` …) arrive as
 * their text, exactly as Office.js `Range.values` gives them.
 */
export type CellValue = string | number | boolean | null;

/** A rectangular block of cells read from a sheet, a table, a selection or a .csv file. */
export interface CellGrid {
  /** Sheet name (for a .csv file: the file's base name). */
  sheet: string;
  /**
   * A1 address of the block without the sheet, e.g. `A1:J100`. Its top-left cell tells how grid
   * indexes map to the row numbers and column letters the user sees in Excel.
   */
  address: string;
  /** Row-major values; every row has the same length. */
  values: CellValue[][];
  /** Excel number formats, same shape as `values` (`General` where unknown). Absent for .csv. */
  numberFormats?: string[][];
  /** True when the workbook uses the 1904 date system. */
  date1904?: boolean;
  /** An Excel table's name when the grid is a table. */
  tableName?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Where a diagnostic points, in the terms the user sees in Excel. */
export interface Where {
  sheet: string;
  /** Column header as shown to the user (after de-duplication). */
  column?: string;
  /** Column letter(s) in Excel, e.g. `C`. */
  columnLetter?: string;
  /** Up to five example row numbers as Excel shows them (1-based). */
  rows?: number[];
  /** Total number of rows concerned when more than `rows` shows. */
  count?: number;
  /**
   * Up to five example cells (`F7`) on this sheet, when the cells concerned are not one column's: values Loopbook
   * unpivoted from across the columns (src/ingest/unpivot.ts) keep their original cell.
   */
  cells?: string[];
}

/** A finding about the data or a run: returned, never logged. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: I18nText;
  where?: Where;
}
