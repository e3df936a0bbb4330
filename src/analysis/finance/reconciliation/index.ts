/**
 * Marketing spend reconciliation: what the ad platforms report (the `campaigns` table) against invoices
 * and ledger lines (the `invoices` table), exactly to the cent.
 *
 * Method, in order (the phase and file of each step in brackets):
 * 1. Money is parsed once into integer minor units (money.ts); invoices in another currency are converted
 *    with the user's exchange rates (fx.ts), exactly, rounding half away from zero once per line. [read.ts]
 * 2. Possible duplicate invoices are set aside: the same invoice number from the same vendor, or — for lines
 *    without a number — the same vendor, reference, service period, amount and currency. [match.ts]
 * 3. Platform lines are grouped by channel, campaign and calendar month. Each invoice is tied to its channel
 *    (vendor map, same name, shared words, fuzzy; channels.ts) and then to campaigns: the exact reference,
 *    the user's aliases, the normalised name (NFKC, case, punctuation, full-/half-width), several references
 *    in one cell, a unique fuzzy name (Levenshtein ratio ≥ `minSimilarity`), campaign names found in the
 *    description, and — for an invoice without a reference — every campaign of its channel. Only months in
 *    the invoice's service period count (period start/end, else the period, else the invoice date's month).
 *    [match.ts, matcher.ts]
 * 4. Invoices still unmatched are tied by amount to one unclaimed campaign-month (or campaign over the
 *    invoice's months) of their channel, within tolerance and unambiguously. [match.ts]
 * 5. Invoices and campaign-months that share a link form a match set (union-find), so one invoice may cover
 *    several campaigns or months and one campaign several invoices. A set whose invoiced total equals the
 *    platform total is `matched`; within max(absolute, percent × platform) it is `within_tolerance`; else
 *    `variance`. A set with one side only is `not_invoiced` or `no_spend`. [match.ts, statuses.ts]
 * 6. Every line (both sheets) takes its set's status, reason and match id; duplicates and lines without a
 *    usable amount have their own status. A tie-out proves each side's source total equals the sum of its
 *    statuses, in integer arithmetic. [statuses.ts]
 * Then the result: tables, figures and notes [result.ts] and findings [findings.ts]; every sentence comes
 * from the finance catalogue (../messages.ts).
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult } from '../../types.js';
import { msg } from '../messages.js';
import { matchLedger } from './match.js';
import {
  HEAD,
  QUESTION,
  RECONCILIATION_DEFAULTS,
  TITLE,
  type Reconciliation,
  type ReconciliationOptions,
} from './model.js';
import { checkReconOptions, readLedgers, resolvePeriod } from './read.js';
import { buildResult } from './result.js';
import { defineAnalysis, diag, emptyResult } from '../../common/index.js';

export { RECON_STATUSES, RECONCILIATION_DEFAULTS, STATUS_LABELS } from './model.js';
export type {
  MatchMethod,
  MatchSet,
  Reconciliation,
  ReconciliationOptions,
  ReconLine,
  ReconPeriod,
  ReconStatus,
} from './model.js';

/**
 * Reconcile platform-reported spend (`campaigns`: campaign and/or channel, spend, date or period) against
 * invoices (`invoices`: amount; vendor or channel, campaign reference, description, invoice number, invoice
 * date, service period, currency, tax — all optional). Returns every line with its status, reason and match,
 * status counts and amounts, a tie-out, figures and findings. Never throws on bad data: diagnostics name the
 * sheet, column and rows.
 *
 * Excel equivalent of the tie-out: `=SUM(Spend)` equals `=SUMIFS(Amount, Status, …)` summed over statuses.
 *
 * @example
 *   reconcileSpend(campaigns, invoices, { asOf, currency: 'USD', lang: 'en' }).tables.find((t) => t.name === 'status')
 *   // rows like { side: 'platform', status: 'matched', lines: 31, amount: 12345.67, … }
 */
export function reconcileSpend(
  campaigns: Dataset,
  invoices: Dataset,
  common: CommonOptions,
  options: Partial<ReconciliationOptions> = {},
  fx?: Dataset,
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkReconOptions(options, diagnostics);
  const read = readLedgers(campaigns, invoices, common, opts, diagnostics, fx);
  if (!read) return emptyResult(HEAD, diagnostics);
  const { p, inv } = read;
  if (p.n === 0 && inv.n === 0) {
    diagnostics.push(diag('finance.recon.empty', 'error', msg('recon.empty')));
    return emptyResult(HEAD, diagnostics);
  }
  const r = matchLedger(p, inv, opts, common, resolvePeriod(opts.period, inv, diagnostics));
  return buildResult(r, p, inv, opts, common, diagnostics);
}

/**
 * The reconciliation itself as plain data (sets, lines with both languages, totals in BigInt), for tests,
 * the bench and callers that need more than the result tables. Reads like `reconcileSpend` but takes the
 * options as given (no range check); returns null (with diagnostics) when a required column is missing.
 */
export function computeReconciliation(
  campaigns: Dataset,
  invoices: Dataset,
  common: CommonOptions,
  options: Partial<ReconciliationOptions> = {},
  diagnostics: Diagnostic[] = [],
  fx?: Dataset,
): Reconciliation | null {
  const opts: ReconciliationOptions = { ...RECONCILIATION_DEFAULTS, ...options };
  const read = readLedgers(campaigns, invoices, common, opts, diagnostics, fx);
  if (!read) return null;
  return matchLedger(read.p, read.inv, opts, common, resolvePeriod(opts.period, read.inv, diagnostics));
}

/**
 * Spend reconciliation as a registered analysis (inputs: `campaigns` and `invoices`; an exchange-rate sheet,
 * `fx_rates`, when there is one).
 * needsAsOf false: it matches invoices to platform spend by the months each line names (service period,
 * platform date) and reconciles the months the invoices cover; no step reads the as-of date.
 */
export const reconciliationAnalysis = defineAnalysis<ReconciliationOptions>({
  kind: 'reconciliation',
  title: TITLE,
  question: QUESTION,
  requires: [
    { kind: 'campaigns', roles: ['spend'] },
    { kind: 'invoices', roles: ['amount'] },
  ],
  needs: {
    en: 'A campaigns sheet with spend (and campaign, channel, date) and an invoices sheet with amounts (and vendor or channel, campaign reference, service period, invoice number).',
    'zh-CN':
      '需要一张包含花费（以及活动、渠道、日期）的活动表，和一张包含金额（以及供应商或渠道、活动引用、服务期间、发票号）的发票表。',
  },
  defaults: RECONCILIATION_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    period: {
      basic: true,
      label: { en: 'Which months should be reconciled?', 'zh-CN': '核对哪些月份？' },
      // Any month, year or range is allowed (see ReconciliationOptions.period), so no fixed choices.
      choices: undefined,
      help: {
        en: 'A month (2025-03), a year (2025) or a range (2025-01..2025-06).',
        'zh-CN': '可填一个月（2025-03）、一年（2025）或一段时间（2025-01..2025-06）。',
      },
      editor: {
        kind: 'choice-or-text',
        choices: [
          { value: 'invoices', label: { en: 'The months the invoices cover', 'zh-CN': '发票覆盖的月份' } },
          { value: 'all', label: { en: 'Every month of both sheets', 'zh-CN': '两张表的所有月份' } },
        ],
        other: {
          label: { en: 'Chosen months', 'zh-CN': '指定月份' },
          type: 'text',
          placeholder: { en: '2025-01..2025-06', 'zh-CN': '2025-01..2025-06' },
          // A month, a year, or a range of either (ReconciliationOptions.period).
          pattern: '^\\d{4}(-\\d{2})?(\\.\\.\\d{4}(-\\d{2})?)?$',
        },
      },
    },
    toleranceAbs: {
      basic: true,
      label: { en: 'Accept differences up to what amount?', 'zh-CN': '差额在多少以内可以接受？' },
    },
    tolerancePct: {
      basic: true,
      label: { en: '…or up to what share of the amount?', 'zh-CN': '……或差额在金额的多少比例以内？' },
    },
    amountIncludesTax: {
      basic: true,
      label: { en: 'Do invoice amounts include tax?', 'zh-CN': '发票金额是否含税？' },
    },
  },
  optionalInputs: ['fx_rates'],
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ReconciliationOptions): AnalysisResult {
    const c = inputs.campaigns;
    const i = inputs.invoices;
    if (c && i) return reconcileSpend(c, i, common, options, inputs.fx_rates);
    const key =
      !c && !i ? 'recon.missing-input.both' : !c ? 'recon.missing-input.campaigns' : 'recon.missing-input.invoices';
    return emptyResult(HEAD, [diag('finance.recon.missing-input', 'error', msg(key))]);
  },
});
