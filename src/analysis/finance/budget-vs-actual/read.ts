/**
 * Budget against actual, phase 1 (read and check): the budget, platform spend up to the as-of date and
 * invoiced amounts by service period, each as channel text, month and minor units of the report currency.
 * Problems become diagnostics naming sheet, column and rows; nothing here throws on bad data.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import type { CommonOptions } from '../../registry-types.js';
import { ratesFor, toReportCurrency, type RateLookup } from '../fx.js';
import { msg } from '../messages.js';
import { readMoney } from '../money-columns.js';
import {
  daysInMonth,
  monthFromCell,
  monthOf,
  monthOfCell,
  monthOfYearFromCell,
  monthStartSerial,
  serialFromCell,
} from '../months.js';
import { readServicePeriod, type ServicePeriod } from '../service-period.js';
import { tableGrain, type TableGrain } from '../grain.js';
import { BUDGET_DEFAULTS, TITLE, type BudgetOptions, type Calendar } from './model.js';
import { columnByRole, columnValues, diag, missingColumn, texts, where } from '../../common/index.js';

/** Amounts by channel text and month (−1: left out), in report-currency minor units (NaN: unusable). */
export interface MonthAmounts {
  channel: (string | null)[];
  month: Int32Array;
  minor: Float64Array;
}

/** Invoiced amounts over their service months m0..m1. */
export interface InvoicedAmounts {
  channel: (string | null)[];
  m0: Int32Array;
  m1: Int32Array;
  minor: Float64Array;
  service: ServicePeriod;
}

/** Platform spend by month, and whether its rows are days, weeks or whole months (grain.ts). */
export interface PlatformAmounts extends MonthAmounts {
  grain: TableGrain;
}

export interface BudgetSources {
  /** Whether the budget names channels (else one line, "All channels"). */
  byChannel: boolean;
  budget: MonthAmounts;
  /** Platform spend, or null without a usable campaigns sheet. */
  platform: PlatformAmounts | null;
  /** Invoiced amounts, or null without invoices that have a service period or date. */
  invoiced: InvoicedAmounts | null;
}

/** The options with defaults filled in; a flag threshold outside [0, 1) falls back to the default. */
export function checkBudgetOptions(options: Partial<BudgetOptions>): BudgetOptions {
  const opts: BudgetOptions = { ...BUDGET_DEFAULTS, ...options };
  if (!(opts.flagThreshold >= 0 && opts.flagThreshold < 1)) opts.flagThreshold = BUDGET_DEFAULTS.flagThreshold;
  return opts;
}

/** The month of the as-of date, the day of it (the as-of day counts as elapsed) and its length. */
export function calendarOf(asOfSerial: number): Calendar {
  const asOf = Math.floor(asOfSerial);
  const current = monthOf(asOf);
  return { asOf, current, elapsed: asOf - monthStartSerial(current) + 1, days: daysInMonth(current) };
}

/**
 * Every source read, or null (with an error diagnostic) when the budget lacks an amount or month column,
 * has no rows, or there is no as-of date.
 */
export function readBudgetSources(
  budget: Dataset,
  campaigns: Dataset | undefined,
  invoices: Dataset | undefined,
  common: CommonOptions,
  opts: BudgetOptions,
  diagnostics: Diagnostic[],
  fx?: Dataset,
): { sources: BudgetSources; cal: Calendar } | null {
  const lookup = ratesFor(opts.rates, fx, common.currency, diagnostics);
  const bAmount = columnByRole(budget, 'amount', 'spend');
  const bPeriod = columnByRole(budget, 'period', 'date', 'period_start');
  if (!bAmount || !bPeriod) {
    if (!bAmount)
      diagnostics.push(
        missingColumn(budget, 'finance.budget.missing-amount', { en: 'budget amount', 'zh-CN': '预算金额' }, TITLE),
      );
    if (!bPeriod)
      diagnostics.push(
        missingColumn(
          budget,
          'finance.budget.missing-period',
          { en: 'month (period)', 'zh-CN': '月份（期间）' },
          TITLE,
        ),
      );
    return null;
  }
  if (budget.table.numRows() === 0) {
    diagnostics.push(diag('finance.budget.empty', 'error', msg('budget.empty'), { sheet: budget.sheet }));
    return null;
  }
  if (!Number.isFinite(common.asOf)) {
    diagnostics.push(diag('finance.budget.no-as-of', 'error', msg('budget.no-as-of')));
    return null;
  }
  const cal = calendarOf(common.asOf);
  const bChannel = columnByRole(budget, 'channel');
  const sources: BudgetSources = {
    byChannel: !!bChannel,
    budget: readBudget(budget, common.currency, cal, lookup, diagnostics),
    platform: campaigns ? readPlatformSpend(campaigns, common.currency, cal, lookup, diagnostics) : null,
    invoiced: invoices ? readInvoiced(invoices, common.currency, lookup, diagnostics, common.asOf) : null,
  };
  return { sources, cal };
}

/** Budget rows by channel and month. Months named without a year (3月, March, 3) are months of the as-of date's year. */
function readBudget(
  budget: Dataset,
  cur: string,
  cal: Calendar,
  lookup: RateLookup,
  diagnostics: Diagnostic[],
): MonthAmounts {
  const bAmount = columnByRole(budget, 'amount', 'spend')!;
  const bPeriod = columnByRole(budget, 'period', 'date', 'period_start')!;
  const curCol = columnByRole(budget, 'currency');
  const bMoney = readMoney(budget, bAmount, curCol, cur, diagnostics, 'finance.budget.budget', {
    en: 'budget',
    'zh-CN': '预算',
  });
  const bRaw = columnValues(budget, bPeriod.name);
  const badPeriod: number[] = [];
  const month = new Int32Array(budget.table.numRows()).fill(-1);
  const asOfYear = Math.floor(cal.current / 12);
  const yearless: number[] = [];
  const periodText = bPeriod.role === 'period';
  for (let i = 0; i < month.length; i++) {
    const mo = periodText ? monthOfYearFromCell(bRaw[i]) : null;
    const m = mo !== null ? asOfYear * 12 + mo - 1 : periodText ? monthFromCell(bRaw[i]) : monthOfCell(bRaw[i]);
    if (mo !== null) yearless.push(i);
    if (m === null) badPeriod.push(i);
    else month[i] = m;
  }
  if (yearless.length > 0) {
    const text = msg('budget.yearless-months', {
      count: yearless.length,
      column: bPeriod.header,
      example: String(bRaw[yearless[0]]),
      year: asOfYear,
    });
    diagnostics.push(diag('finance.budget.yearless-months', 'info', text, where(budget, bPeriod, yearless)));
  }
  const conv = toReportCurrency(
    budget,
    bMoney.minor,
    bMoney.currency,
    month,
    cur,
    lookup,
    curCol,
    bAmount,
    diagnostics,
  );
  if (badPeriod.length > 0) {
    const text = msg('budget.bad-period', { count: badPeriod.length, column: bPeriod.header });
    diagnostics.push(diag('finance.budget.bad-period', 'warning', text, where(budget, bPeriod, badPeriod)));
  }
  return { channel: texts(budget, columnByRole(budget, 'channel')), month, minor: conv.minor };
}

/** Platform spend by channel and month, up to the as-of date; null when spend or date is missing. */
function readPlatformSpend(
  campaigns: Dataset,
  cur: string,
  cal: Calendar,
  lookup: RateLookup,
  diagnostics: Diagnostic[],
): PlatformAmounts | null {
  const spend = columnByRole(campaigns, 'spend', 'amount');
  const dateCol = columnByRole(campaigns, 'date', 'period_start', 'period_end', 'period');
  if (!spend || !dateCol) {
    diagnostics.push(
      missingColumn(
        campaigns,
        'finance.budget.campaigns-columns',
        { en: 'spend and date', 'zh-CN': '花费和日期' },
        TITLE,
      ),
    );
    return null;
  }
  const channel = texts(campaigns, columnByRole(campaigns, 'channel'));
  const d = columnValues(campaigns, dateCol.name);
  const month = new Int32Array(channel.length).fill(-1);
  const undated: number[] = [];
  let late = 0;
  for (let i = 0; i < channel.length; i++) {
    const s = dateCol.role === 'period' ? null : serialFromCell(d[i]);
    const m = s !== null ? monthOf(s) : monthFromCell(d[i]);
    if (m === null) undated.push(i);
    else if (s !== null && Math.floor(s) > cal.asOf) late++;
    else month[i] = m;
  }
  const curCol = columnByRole(campaigns, 'currency');
  const mon = readMoney(campaigns, spend, curCol, cur, diagnostics, 'finance.budget.platform', {
    en: 'spend',
    'zh-CN': '花费',
  });
  const conv = toReportCurrency(campaigns, mon.minor, mon.currency, month, cur, lookup, curCol, spend, diagnostics);
  if (undated.length > 0) {
    diagnostics.push(
      diag(
        'finance.budget.undated-spend',
        'warning',
        msg('budget.undated-spend', { count: undated.length }),
        where(campaigns, dateCol, undated),
      ),
    );
  }
  if (late > 0)
    diagnostics.push(diag('finance.budget.after-as-of', 'info', msg('budget.after-as-of', { count: late })));
  return { channel, month, minor: conv.minor, grain: tableGrain(campaigns) };
}

/**
 * Invoiced amounts by channel over their service months (not the month they are dated); null without an
 * amount column or without any service period or date.
 */
function readInvoiced(
  invoices: Dataset,
  cur: string,
  lookup: RateLookup,
  diagnostics: Diagnostic[],
  asOf: number,
): InvoicedAmounts | null {
  const amount = columnByRole(invoices, 'amount');
  const service = amount ? readServicePeriod(invoices, diagnostics, 'finance.budget', asOf) : null;
  if (!amount || !service || !(service.start || service.dateCol)) return null;
  const curCol = columnByRole(invoices, 'currency');
  const mon = readMoney(invoices, amount, curCol, cur, diagnostics, 'finance.budget.invoice', {
    en: 'amount',
    'zh-CN': '金额',
  });
  const conv = toReportCurrency(
    invoices,
    mon.minor,
    mon.currency,
    service.m0,
    cur,
    lookup,
    curCol,
    amount,
    diagnostics,
    service,
  );
  return {
    channel: texts(invoices, columnByRole(invoices, 'channel', 'vendor')),
    m0: service.m0,
    m1: service.m1,
    minor: conv.minor,
    service,
  };
}
