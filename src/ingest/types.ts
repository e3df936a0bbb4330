/**
 * Ingest contract: CellGrid → Dataset (a typed Arquero table with column roles and diagnostics).
 *
 * Values inside a Dataset's table:
 * - integer, number, currency, percent: JS numbers (percent as a fraction: 12% → 0.12);
 * - date, datetime: Excel serial numbers in the 1900 date system (1904 workbooks are shifted on ingest),
 *   fractional for times; never JS Date objects and never local time;
 * - boolean: true/false; category, text, identifier: strings (ids keep leading zeros);
 * - missing, blank or Excel error values: null.
 */
import type { ColumnTable } from 'arquero';
import type { Diagnostic, I18nText } from '../types.js';

export type ColumnType =
  | 'integer'
  | 'number'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'category'
  | 'text'
  | 'identifier'
  | 'empty';

export type TableKind =
  | 'orders'
  | 'customers'
  | 'campaigns'
  | 'touchpoints'
  | 'experiment'
  | 'invoices'
  | 'budget'
  /** A reference table of exchange rates: currency → rate, optionally by month (`Currency | Month | Rate to CNY`). */
  | 'fx_rates';

export const TABLE_KINDS: readonly TableKind[] = [
  'orders',
  'customers',
  'campaigns',
  'touchpoints',
  'experiment',
  'invoices',
  'budget',
  'fx_rates',
];

/**
 * Column roles per table kind (DESIGN.md "Column roles"). A column has at most one role; columns
 * with no role are kept as attributes (`attribute`) when they are categorical, else `null`.
 */
export type Role =
  // shared
  | 'customer_id'
  | 'channel'
  | 'campaign'
  | 'amount'
  | 'date'
  | 'attribute'
  // orders
  | 'order_id'
  | 'quantity'
  | 'unit_price'
  | 'status'
  /** The amount refunded on an order (Shopify `Refunded Amount`, Taobao `退款金额`): a partial refund subtracts this. */
  | 'refunded_amount'
  // customers
  | 'signup_date'
  | 'acquisition_channel'
  // campaigns
  | 'spend'
  | 'impressions'
  | 'clicks'
  | 'conversions'
  | 'revenue'
  /** People reached (unique): not impressions, never summed across rows of different audiences. */
  | 'reach'
  /** A campaign's budget beside its spend (Google Ads `Budget`): planned money, not money spent. */
  | 'budget'
  /** A cost per result, click or thousand impressions (CPA, CPC, CPM, `Cost per results`): a ratio, never summed. */
  | 'cost_per_result'
  | 'period_start'
  | 'period_end'
  // touchpoints
  | 'timestamp'
  | 'event'
  | 'converted'
  | 'value'
  // experiment
  | 'unit_id'
  | 'arm'
  | 'outcome'
  | 'covariate'
  // invoices
  | 'vendor'
  | 'campaign_ref'
  | 'invoice_id'
  | 'invoice_date'
  | 'description'
  | 'currency'
  | 'tax'
  // budget
  | 'period'
  // fx_rates (with `currency` and `period`)
  /** Report-currency units for one unit of the row's currency (`Rate to CNY`, `汇率`). */
  | 'rate';

export interface ColumnInfo {
  /** Column name in the Arquero table: the header, made unique and non-empty. */
  name: string;
  /** Header text exactly as in the sheet (two-row headers joined with ` / `). */
  header: string;
  /** Excel column letter, e.g. `C`. */
  letter: string;
  type: ColumnType;
  role: Role | null;
  /** 0..1 */
  roleConfidence: number;
  /** Currency symbol or ISO code seen in the column, when it is a currency. */
  currency?: string;
  /** Order of day and month for text dates, when detected. */
  dateOrder?: 'ymd' | 'dmy' | 'mdy';
  /** Number of null cells in the column (blank, error or unparseable). */
  nulls: number;
  /**
   * A column ingest made, not one of the sheet (no `letter`): the amount as quantity × unit price, with the names of
   * the columns it multiplies (ingest-grid.ts deriveAmount). An engine source computes it where the rows lie.
   */
  derived?: { quantity: string; unitPrice: string };
}

/**
 * What an order, payment or deal status means for revenue:
 * - `paid`: money received (counts as revenue);
 * - `refunded`: paid, then refunded in full (counts as nothing);
 * - `partially_refunded`: paid, then refunded in part (revenue minus the refunded amount, when a column holds it);
 * - `cancelled`: cancelled, closed, voided or failed before money stayed (never counts);
 * - `open`: pending, awaiting payment, on hold (not revenue yet);
 * - `won` / `lost`: a CRM deal closed won (counts) or closed lost (never counts).
 */
export type StatusClass = 'paid' | 'refunded' | 'partially_refunded' | 'cancelled' | 'open' | 'won' | 'lost';

export const STATUS_CLASSES: readonly StatusClass[] = [
  'paid',
  'refunded',
  'partially_refunded',
  'cancelled',
  'open',
  'won',
  'lost',
];

/** A known export format recognised by its header signature (src/ingest/formats/). */
export interface DatasetFormat {
  /** Stable id, e.g. `shopify-orders`. */
  id: string;
  name: I18nText;
  /** The public documentation of the layout. */
  docs: string;
  /** Status values (lower-case, `_`/`-` read as spaces) → what they mean; empty when the format has no status. */
  statusClasses: Record<string, StatusClass>;
}

export interface Dataset {
  /** Sheet (or .csv file) name. */
  sheet: string;
  tableName?: string;
  /** What the table looks like, with confidence 0..1; null when unrecognised. */
  kind: TableKind | null;
  kindConfidence: number;
  table: ColumnTable;
  columns: ColumnInfo[];
  /** Excel row number (1-based, as the user sees it) of each table row. */
  rowNumbers: number[];
  /** Excel row numbers of the header row(s). */
  headerRows: number[];
  diagnostics: Diagnostic[];
  /** The export format recognised by its headers, when one was: it set the kind and the roles it names. */
  format?: DatasetFormat;
  /** Present when the sheet had periods across its columns and Loopbook unpivoted it (src/ingest/unpivot.ts). */
  unpivot?: Unpivoted;
  /** Roles two or more columns could take, the values not settling which (money-columns.ts): the pane asks. */
  ambiguous?: AmbiguousRole[];
  /**
   * Status meanings the user set (a recipe source's `statuses`), keyed as statusKey() reads them: they win over the
   * format's and the general vocabulary (src/ingest/status.ts statusClassOf).
   */
  statusOverrides?: Record<string, StatusClass>;
}

/**
 * Where each row of an unpivoted table came from: row `i`'s value is cell `sourceLetters[i]` + `rowNumbers[i]`,
 * its period the header cell `sourceLetters[i]` + `headerRow`.
 */
export interface Unpivoted {
  /** Table column holding the values (`预算`, `Budget`, `Spend`). */
  valueColumn: string;
  /** Table column holding the period (`2024-03`, `2024-Q1`, or the header as written when it has no year). */
  periodColumn: string;
  /** Excel column letter of each row's value cell. */
  sourceLetters: string[];
  /** Excel row of the period headers. */
  headerRow: number;
  /** The period header cells, e.g. `B3:M3`. */
  headerRange: string;
}

/** A role two or more columns could take, the values not settling which. */
export interface AmbiguousRole {
  role: Role;
  /** The columns that could take it, the one that took it first. */
  candidates: { name: string; header: string; letter: string }[];
  /** Why the first was taken: its header fits better, it comes first (equal fit), or it is the first money column. */
  reason: 'better-header' | 'first-column' | 'first-money-column';
}
