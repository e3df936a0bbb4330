/**
 * What every analysis returns (pure: data + options → AnalysisResult). The report stage turns a
 * result into a sheet generically, so a new analysis plugs in without report or UI changes.
 * Analyses never import report or plan code.
 */
import type { CellValue, Diagnostic, I18nText } from '../types.js';

/** How a value is shown; the report maps each to an Excel number format. */
export type ValueKind = 'text' | 'integer' | 'number' | 'currency' | 'percent' | 'ratio' | 'date' | 'datetime';

export interface ResultColumn {
  /** Stable key used in rows and in the JSON summary. */
  key: string;
  label: I18nText;
  kind: ValueKind;
  /** Decimals for number/ratio/percent kinds (default: 2 for number, 1 for percent). */
  decimals?: number;
  /** Conditional format hint for the report. */
  highlight?: 'colorScale' | 'dataBar' | 'iconSet';
  /**
   * A machine code (`general_develop`, `on_track`) with a label column beside it saying the same in words:
   * kept in the JSON summary and on English sheets, left off Chinese sheets, where it would read as English.
   */
  code?: true;
  /** How a sheet shows the column's coded values (`cuped` → `CUPED 调整`); the JSON summary keeps the codes. */
  values?: Readonly<Record<string, I18nText>>;
}

/** A result table: rows keyed by column key. Dates are Excel serials (1900 system). */
export interface ResultTable {
  /** Stable name, used in the JSON summary and by chart hints. */
  name: string;
  title: I18nText;
  columns: ResultColumn[];
  rows: Record<string, CellValue>[];
  /** Explains empty cells or other caveats shown under the table. */
  note?: I18nText;
}

/** A key figure (KPI tile). */
export interface Figure {
  key: string;
  label: I18nText;
  value: number | null;
  kind: ValueKind;
  decimals?: number;
  /** Relative change against the previous period, when known. */
  change?: number | null;
  note?: I18nText;
}

export type ChartKind =
  'column' | 'stackedColumn' | 'bar' | 'stackedBar' | 'line' | 'pie' | 'doughnut' | 'scatter' | 'combo';

/** A chart drawn from one result table's columns. */
export interface ChartHint {
  name: string;
  title: I18nText;
  kind: ChartKind;
  /** Result table name. */
  table: string;
  /** Column key for categories (or x values for scatter). */
  category: string;
  /** Column keys drawn as series. For `combo`, `secondary` ones are lines on a secondary axis. */
  series: string[];
  secondary?: string[];
  xTitle?: I18nText;
  yTitle?: I18nText;
  /** Show at most this many rows (the table is expected sorted by importance). */
  maxRows?: number;
}

/** A plain-language conclusion with its evidence. */
export interface Finding {
  key: string;
  text: I18nText;
  /** Money at stake, in the data's currency, used to rank findings. */
  atStake: number | null;
  /** Evidence in words: figure, interval, sample size. */
  evidence?: I18nText;
  /** True when the finding is observational (no randomised comparison). */
  observational?: boolean;
  /**
   * True when the finding describes the data as it is (shares, past totals) rather than an effect that
   * was measured or a decision with its expected value. The Dashboard ranks such findings after the
   * others, so "what to do" comes before "what is".
   */
  descriptive?: boolean;
}

export interface AnalysisResult {
  /** Analysis kind, e.g. `channel-performance`, `rfm`. Stable; used for sheet and JSON keys. */
  kind: string;
  title: I18nText;
  /** Sheet name proposed for this result (≤ 31 characters) in both languages. */
  sheetName: I18nText;
  /** What the analysis answers, one sentence. */
  question: I18nText;
  figures: Figure[];
  tables: ResultTable[];
  charts: ChartHint[];
  findings: Finding[];
  /** Method, assumptions and for whom the figures hold. */
  notes: I18nText[];
  diagnostics: Diagnostic[];
  /**
   * The computed data behind the result, for the analyses that `use` this one (e.g. the experiment cells
   * the Findings sheet values the win-back list with). Not shown and not in the JSON summary.
   */
  handover?: unknown;
}
