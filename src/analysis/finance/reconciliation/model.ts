/**
 * What spend reconciliation works on and produces: its options, the parsed sides, match sets, lines and
 * totals, and the labels of statuses and match methods. Plain data shared by the phases
 * (read → match → statuses → result/findings); no logic.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { I18nText } from '../../../types.js';
import type { ResultHead } from '../../common/index.js';
import type { FxRates } from '../fx.js';
import type { ServicePeriod } from '../service-period.js';

/** The one status every line ends in. */
export type ReconStatus =
  | 'matched'
  | 'within_tolerance'
  | 'variance'
  | 'not_invoiced'
  | 'no_spend'
  | 'duplicate'
  | 'out_of_period'
  | 'excluded';

export const RECON_STATUSES: readonly ReconStatus[] = [
  'matched',
  'within_tolerance',
  'variance',
  'not_invoiced',
  'no_spend',
  'duplicate',
  'out_of_period',
  'excluded',
];

/** How an invoice was tied to platform spend, strongest first. */
export type MatchMethod =
  'reference' | 'alias' | 'normalised' | 'multiple' | 'fuzzy' | 'description' | 'channel' | 'amount';

/** Rank of each method; a match set reports the weakest method of its invoices. */
export const METHOD_RANK: Record<MatchMethod, number> = {
  reference: 0,
  alias: 1,
  normalised: 2,
  multiple: 3,
  fuzzy: 4,
  description: 5,
  channel: 6,
  amount: 7,
};

export interface ReconciliationOptions {
  /** Absolute tolerance in report-currency units (e.g. 1 = one yuan/dollar). */
  toleranceAbs: number;
  /** Relative tolerance as a fraction of platform spend (0.005 = 0.5%). */
  tolerancePct: number;
  /** Smallest Levenshtein similarity (0..1) for a fuzzy campaign-name match. */
  minSimilarity: number;
  /** Exchange rates: `[{ currency, rate, month? }]` or `{ USD: 7.1 }`; rate = report-currency units per unit. */
  rates: FxRates;
  /** Vendor (or invoice channel) text → platform channel text, e.g. `{ "Google Ireland Ltd": "Google Ads" }`. */
  vendorChannels: Record<string, string>;
  /** Invoice reference → platform campaign name, for names no rule can match (e.g. Chinese ↔ English). */
  aliases: Record<string, string>;
  /** True when the invoice amount includes the tax column (the net amount = amount − tax is compared). */
  amountIncludesTax: boolean;
  /** Set aside possible duplicate invoices. */
  flagDuplicates: boolean;
  /**
   * The months reconciled: `invoices` (default) — the first to the last month the invoices' service
   * periods cover, as a finance user reconciles the period the ledger covers; `all` — every month of
   * both sheets; or a range `2025-01..2025-12`, a month `2025-03` or a year `2025`. Lines outside it get
   * the status `out_of_period` (counted in the tie-out, not matched).
   */
  period: string;
}

export const RECONCILIATION_DEFAULTS: ReconciliationOptions = {
  toleranceAbs: 1,
  tolerancePct: 0.005,
  minSimilarity: 0.85,
  rates: [],
  vendorChannels: {},
  aliases: {},
  amountIncludesTax: false,
  flagDuplicates: true,
  period: 'invoices',
};

export const TITLE: I18nText = { en: 'Spend reconciliation', 'zh-CN': '花费对账' };
export const QUESTION: I18nText = {
  en: 'Do the invoices match what the ad platforms report, line by line and to the cent?',
  'zh-CN': '发票与广告平台报告的花费是否逐行一致、精确到分？',
};
export const SHEET: I18nText = { en: 'Reconciliation', 'zh-CN': '花费对账' };

/** What names the result. */
export const HEAD: ResultHead = { kind: 'reconciliation', title: TITLE, sheetName: SHEET, question: QUESTION };

export const STATUS_LABELS: Record<ReconStatus, I18nText> = {
  matched: { en: 'Matched', 'zh-CN': '一致' },
  within_tolerance: { en: 'Within tolerance', 'zh-CN': '容差内' },
  variance: { en: 'Variance', 'zh-CN': '有差异' },
  not_invoiced: { en: 'Platform spend not invoiced', 'zh-CN': '平台花费未开票' },
  no_spend: { en: 'Invoice without platform spend', 'zh-CN': '发票无对应平台花费' },
  duplicate: { en: 'Possible duplicate invoice', 'zh-CN': '疑似重复发票' },
  out_of_period: { en: 'Outside the reconciled period', 'zh-CN': '不在对账期间内' },
  excluded: { en: 'Excluded (no usable amount)', 'zh-CN': '已排除（金额不可用）' },
};

export const METHOD_LABELS: Record<MatchMethod, I18nText> = {
  reference: { en: 'exact reference', 'zh-CN': '引用完全一致' },
  alias: { en: 'your alias', 'zh-CN': '用户别名' },
  normalised: { en: 'normalised name', 'zh-CN': '名称规范化后一致' },
  multiple: { en: 'several references', 'zh-CN': '多个引用' },
  fuzzy: { en: 'similar name', 'zh-CN': '名称相近' },
  description: { en: 'name in description', 'zh-CN': '描述中的名称' },
  channel: { en: 'whole channel (no reference)', 'zh-CN': '整个渠道（无引用）' },
  amount: { en: 'amount', 'zh-CN': '金额' },
};

/** Display order of match sets: problems first. */
export const STATUS_ORDER: Record<ReconStatus, number> = {
  variance: 0,
  no_spend: 1,
  not_invoiced: 2,
  duplicate: 3,
  within_tolerance: 4,
  matched: 5,
  out_of_period: 6,
  excluded: 7,
};

/** Why a line has no usable amount: 0 it has one, 1 no (readable) amount, 2 no exchange rate. */
export type AmountProblem = 0 | 1 | 2;

/** Parsed platform side. */
export interface Platform {
  data: Dataset;
  n: number;
  chKey: string[];
  chLabel: string[];
  campKey: string[];
  campLabel: string[];
  month: Int32Array;
  minor: Float64Array;
  /** Each row's spend in its own currency (minor units of that currency), before conversion. */
  origMinor: Float64Array;
  /** Each row's currency (the Currency column, a symbol in the cell, else the report currency). */
  currency: string[];
  /** Why a row has no amount, for its reason (AmountProblem per row). */
  why: Uint8Array;
  hasChannel: boolean;
  ratesUsed: string[];
}

/** Parsed invoice side. */
export interface Invoices {
  data: Dataset;
  n: number;
  chText: (string | null)[];
  ref: (string | null)[];
  desc: (string | null)[];
  id: (string | null)[];
  m0: Int32Array;
  m1: Int32Array;
  minor: Float64Array;
  origMinor: Float64Array;
  currency: string[];
  /** Why a row has no amount, for its reason (AmountProblem per row). */
  why: Uint8Array;
  service: ServicePeriod;
  ratesUsed: string[];
}

/** A match set as the result reports it. */
export interface MatchSet {
  id: string;
  status: ReconStatus;
  method: MatchMethod | null;
  invoiceRows: number[];
  platformRows: number[];
  platformMinor: number;
  invoiceMinor: number;
  channels: string[];
  campaigns: string[];
  months: string[];
  reason: I18nText;
}

/** One line of either sheet with its final status. */
export interface ReconLine {
  side: 'platform' | 'invoice';
  /** 0-based row of its table. */
  row: number;
  status: ReconStatus;
  setId: string | null;
  /** Amount in report-currency minor units (null when excluded). */
  minor: number | null;
  reason: I18nText;
  matchedTo: I18nText;
}

/** Lines and amounts of one status on one side. */
export interface StatusTotal {
  lines: number;
  minor: bigint;
}

/** One side's source total (every usable line) and per-status sums, in minor units. */
export interface SideTotals {
  source: bigint;
  lines: number;
  byStatus: Record<ReconStatus, StatusTotal>;
}

/** The computed reconciliation, before it is turned into result tables. */
export interface Reconciliation {
  digits: number;
  sets: MatchSet[];
  lines: ReconLine[];
  /** Source totals (sum of every usable line) and per-status sums, both sides, in minor units. */
  totals: Record<'platform' | 'invoice', SideTotals>;
  ratesUsed: string[];
  /** The months reconciled (inclusive), or null for every month. */
  period: ReconPeriod | null;
  /** Platform lines outside the period: their first and last month (−1 when none). */
  outsideMonths: [number, number];
}

/** The reconciled months and where they came from. */
export interface ReconPeriod {
  from: number;
  to: number;
  source: 'invoices' | 'option';
}
