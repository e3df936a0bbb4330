/**
 * Budget against actual, by channel and calendar month: budget, platform-reported spend, invoiced amount,
 * variance, percent used; for the month holding the as-of date, month-to-date pacing and the projected
 * month-end at the current run rate; over- and under-spend flags.
 *
 * Definitions (Excel equivalents, with A = actual month to date, B = month budget, e = days elapsed
 * including the as-of day, D = days in the month):
 * - variance = actual − budget; percent used = actual ÷ budget (empty when the budget is 0);
 * - expected to date = B × e ÷ D (straight-line pacing); pacing = A ÷ expected to date;
 * - projected month-end = A ÷ e × D (`=A/e*DAY(EOMONTH(asOf,0))`); closed months project their actual;
 * - flag: over when projected (closed: actual) > B × (1 + threshold), under when < B × (1 − threshold);
 *   spend without a budget is flagged "no budget".
 * When the platform spend has one row per month (grain.ts: dates on the 1st, or month texts), the month in
 * progress is compared as it stands (actual against budget, flagged over only when already past the band),
 * with no expected-to-date and no projection: a monthly total is not one day's spend.
 * Money is summed in integer minor units; projections are rounded to the cent (half away from zero).
 * An invoice covering several months is spread evenly over them, the leftover cents to the first months.
 *
 * Phases: read.ts (read and check) → compute.ts (pure: channels, cells, pacing) → present.ts (tables,
 * chart, figures, notes) and findings.ts; sentences from ../messages.ts.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult } from '../../types.js';
import { msg } from '../messages.js';
import { currencyDigits } from '../money.js';
import { budgetChannels, gatherCells, paceCells } from './compute.js';
import { budgetFindings } from './findings.js';
import { BUDGET_DEFAULTS, HEAD, QUESTION, TITLE, type BudgetOptions } from './model.js';
import { budgetCharts, budgetFigures, budgetNotes, budgetTable, monthTable, type Presentation } from './present.js';
import { checkBudgetOptions, readBudgetSources } from './read.js';
import { defineAnalysis, diag, emptyResult } from '../../common/index.js';

export { compareMonth, pace, spreadEvenly } from './compute.js';
export { BUDGET_DEFAULTS } from './model.js';
export type { BudgetFlag, BudgetOptions, PacingRow } from './model.js';

/**
 * Budget against actual from a budget Dataset (channel, period/month, amount) and a campaigns Dataset
 * (channel, date, spend), with invoices when given. Never throws: diagnostics name sheet, column and rows.
 */
export function budgetVsActual(
  budget: Dataset,
  campaigns: Dataset | undefined,
  invoices: Dataset | undefined,
  common: CommonOptions,
  options: Partial<BudgetOptions> = {},
  fx?: Dataset,
): AnalysisResult {
  const opts = checkBudgetOptions(options);
  const diagnostics: Diagnostic[] = [];
  const read = readBudgetSources(budget, campaigns, invoices, common, opts, diagnostics, fx);
  if (!read) return emptyResult(HEAD, diagnostics);
  const { sources, cal } = read;
  if (!sources.platform && !(opts.actual === 'invoiced' && sources.invoiced)) {
    diagnostics.push(diag('finance.budget.no-actual', 'warning', msg('budget.no-actual')));
  }
  const channels = budgetChannels(sources.budget.channel, sources.byChannel, opts);
  // Monthly platform totals are not paced (issue 12: a June total read as one day's spend, projected 30-fold).
  const monthly = opts.actual === 'platform' && sources.platform?.grain.grain === 'month';
  const paced = paceCells(gatherCells(sources, channels), channels.labels, cal, opts, monthly);
  const digits = currencyDigits(common.currency);
  const x: Presentation = { sources, channels, cal, opts, currency: common.currency, digits, lang: common.lang };
  return {
    ...HEAD,
    figures: budgetFigures(paced, x),
    tables: [budgetTable(paced, x), monthTable(paced, x)],
    charts: budgetCharts(x),
    findings: budgetFindings(paced, channels, cal, common.currency, digits),
    notes: budgetNotes(x, invoices?.sheet, monthly ? campaigns?.sheet : undefined),
    diagnostics,
  };
}

/**
 * Budget against actual as a registered analysis (inputs: `budget`, with `campaigns` and `invoices` when
 * present). needsAsOf true: the month in progress, its pacing and projection, which months are closed,
 * and the year of budget months written without one all come from the as-of date.
 */
export const budgetAnalysis = defineAnalysis<BudgetOptions>({
  kind: 'budget',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'budget', roles: ['amount'] }],
  needs: {
    en: 'A budget sheet (channel, month, amount) and a campaigns sheet with spend and dates; invoices add the invoiced column.',
    'zh-CN': '需要一张预算表（渠道、月份、金额）和一张包含花费与日期的活动表；有发票表时会增加开票金额列。',
  },
  defaults: BUDGET_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    actual: {
      basic: true,
      label: {
        en: 'Count actual spend from the platforms or from the invoices?',
        'zh-CN': '实际花费按平台报表还是按发票计算？',
      },
    },
    flagThreshold: {
      basic: true,
      label: { en: 'Flag a month over or under budget by more than', 'zh-CN': '超出或低于预算多少时提示？' },
    },
  },
  optionalInputs: ['campaigns', 'invoices', 'fx_rates'],
  needsAsOf: true,
  run(inputs: AnalysisInputs, common: CommonOptions, options: BudgetOptions): AnalysisResult {
    if (!inputs.budget)
      return emptyResult(HEAD, [diag('finance.budget.missing-input', 'error', msg('budget.missing-input'))]);
    return budgetVsActual(inputs.budget, inputs.campaigns, inputs.invoices, common, options, inputs.fx_rates);
  },
});
