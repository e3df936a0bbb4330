/**
 * Reconciliation, phase 1 (read and check): the options are checked, both sheets are read into integer
 * minor units of the report currency (money-columns.ts, fx.ts) with their channel, campaign and months,
 * and the reconciled period is resolved. Every problem becomes a diagnostic naming sheet, column and
 * rows; nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../../types.js';
import type { CommonOptions } from '../../registry-types.js';
import { ratesFor, toReportCurrency, type RateLookup } from '../fx.js';
import { msg } from '../messages.js';
import { readMoney } from '../money-columns.js';
import { currencyDigits, parseAmount } from '../money.js';
import { monthFromCell, monthOfCell } from '../months.js';
import { nameKey } from '../names.js';
import { readServicePeriod } from '../service-period.js';
import {
  RECONCILIATION_DEFAULTS,
  TITLE,
  type Invoices,
  type Platform,
  type ReconciliationOptions,
  type ReconPeriod,
} from './model.js';
import { cellText, columnByRole, columnValues, diag, missingColumn, texts, where } from '../../common/index.js';

/**
 * The options with the defaults filled in; an out-of-range tolerance or similarity falls back to its
 * default with a warning.
 */
export function checkReconOptions(
  options: Partial<ReconciliationOptions>,
  diagnostics: Diagnostic[],
): ReconciliationOptions {
  const opts: ReconciliationOptions = { ...RECONCILIATION_DEFAULTS, ...options };
  const bad = (k: keyof ReconciliationOptions, ok: boolean): void => {
    if (ok) return;
    diagnostics.push(
      diag(
        'finance.recon.bad-option',
        'warning',
        msg('recon.bad-option', { option: k, value: JSON.stringify(RECONCILIATION_DEFAULTS[k]) }),
      ),
    );
    (opts as unknown as Record<string, unknown>)[k] = RECONCILIATION_DEFAULTS[k];
  };
  bad(
    'toleranceAbs',
    typeof opts.toleranceAbs === 'number' && Number.isFinite(opts.toleranceAbs) && opts.toleranceAbs >= 0,
  );
  bad(
    'tolerancePct',
    typeof opts.tolerancePct === 'number' &&
      Number.isFinite(opts.tolerancePct) &&
      opts.tolerancePct >= 0 &&
      opts.tolerancePct < 1,
  );
  bad('minSimilarity', typeof opts.minSimilarity === 'number' && opts.minSimilarity > 0 && opts.minSimilarity <= 1);
  return opts;
}

/**
 * Both sides read, or null (with diagnostics) when a required column is missing. Amounts in other currencies
 * convert with the exchange-rate sheet `fx` when there is one, the `rates` option overriding it.
 */
export function readLedgers(
  campaigns: Dataset,
  invoices: Dataset,
  common: CommonOptions,
  opts: ReconciliationOptions,
  diagnostics: Diagnostic[],
  fx?: Dataset,
): { p: Platform; inv: Invoices } | null {
  const lookup = ratesFor(opts.rates, fx, common.currency, diagnostics);
  const p = readPlatform(campaigns, common, lookup, diagnostics);
  const inv = readInvoices(invoices, common, opts, lookup, diagnostics);
  return p && inv ? { p, inv } : null;
}

function readPlatform(data: Dataset, common: CommonOptions, lookup: RateLookup, diags: Diagnostic[]): Platform | null {
  const spendCol = columnByRole(data, 'spend', 'amount');
  if (!spendCol) {
    diags.push(missingColumn(data, 'finance.recon.missing-spend', { en: 'spend', 'zh-CN': '花费' }, TITLE));
    return null;
  }
  const n = data.table.numRows();
  const chCol = columnByRole(data, 'channel');
  const campCol = columnByRole(data, 'campaign');
  if (!chCol && !campCol) {
    diags.push(
      missingColumn(
        data,
        'finance.recon.missing-campaign',
        { en: 'campaign or channel', 'zh-CN': '活动或渠道' },
        TITLE,
      ),
    );
    return null;
  }
  const chLabel = texts(data, chCol).map((c) => c ?? '');
  const campLabel = texts(data, campCol).map((c) => c ?? '');
  const month = readMonths(
    data,
    ['period_start', 'date', 'period_end', 'period'],
    diags,
    'finance.recon.platform-no-date',
    msg('recon.no-date.platform'),
  ).m0;
  const curCol = columnByRole(data, 'currency');
  const m = readMoney(data, spendCol, curCol, common.currency, diags, 'finance.recon.platform', {
    en: 'spend',
    'zh-CN': '花费',
  });
  const conv = toReportCurrency(data, m.minor, m.currency, month, common.currency, lookup, curCol, spendCol, diags);
  return {
    data,
    n,
    chKey: chLabel.map(nameKey),
    chLabel,
    campKey: campLabel.map(nameKey),
    campLabel,
    month,
    minor: conv.minor,
    origMinor: m.minor,
    currency: m.currency,
    why: amountProblems(conv.minor, conv.noRate),
    hasChannel: !!chCol,
    ratesUsed: conv.used,
  };
}

/** Per row: 0 when the amount is usable, 2 when its currency has no rate, 1 otherwise. */
function amountProblems(minor: Float64Array, noRate: ArrayLike<unknown>): Uint8Array {
  const why = new Uint8Array(minor.length);
  for (let i = 0; i < minor.length; i++) if (minor[i] !== minor[i]) why[i] = noRate[i] ? 2 : 1;
  return why;
}

/** Months of each row from the first date-like role present: start and end month, −1 when unknown. */
function readMonths(
  data: Dataset,
  roles: readonly ('period_start' | 'date' | 'period_end' | 'period' | 'invoice_date')[],
  diags: Diagnostic[],
  code: string,
  consequence: I18nText,
): { m0: Int32Array; m1: Int32Array; col: ColumnInfo | undefined } {
  const n = data.table.numRows();
  const m0 = new Int32Array(n).fill(-1);
  const m1 = new Int32Array(n).fill(-1);
  const startCol = columnByRole(data, ...roles);
  if (!startCol) return { m0, m1, col: undefined };
  const endCol = startCol.role === 'period_start' ? columnByRole(data, 'period_end') : undefined;
  const a = columnValues(data, startCol.name);
  const b = endCol ? columnValues(data, endCol.name) : null;
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = startCol.role === 'period' ? monthFromCell(a[i]) : monthOfCell(a[i]);
    const e = b ? monthOfCell(b[i]) : null;
    if (s === null && e === null) {
      missing.push(i);
      continue;
    }
    const x = s ?? e!;
    const y = e ?? s!;
    m0[i] = Math.min(x, y);
    m1[i] = Math.max(x, y);
  }
  if (missing.length > 0) {
    const text = msg('recon.no-date', {
      count: missing.length,
      sheet: data.sheet,
      column: startCol.header,
      consequence,
    });
    diags.push(diag(code, 'info', text, where(data, startCol, missing)));
  }
  return { m0, m1, col: startCol };
}

function readInvoices(
  data: Dataset,
  common: CommonOptions,
  opts: ReconciliationOptions,
  lookup: RateLookup,
  diags: Diagnostic[],
): Invoices | null {
  const amountCol = columnByRole(data, 'amount', 'spend');
  if (!amountCol) {
    diags.push(missingColumn(data, 'finance.recon.missing-amount', { en: 'amount', 'zh-CN': '金额' }, TITLE));
    return null;
  }
  const n = data.table.numRows();
  // The service period decides the months an invoice pays for (not its invoice date: July's invoice for
  // June's media is June's cost).
  const service = readServicePeriod(data, diags, 'finance.recon', common.asOf);
  const curCol = columnByRole(data, 'currency');
  const m = readMoney(data, amountCol, curCol, common.currency, diags, 'finance.recon.invoice', {
    en: 'amount',
    'zh-CN': '金额',
  });
  const origMinor = new Float64Array(m.minor);
  if (opts.amountIncludesTax) subtractTax(data, m.minor, m.currency, diags);
  const conv = toReportCurrency(
    data,
    m.minor,
    m.currency,
    service.m0,
    common.currency,
    lookup,
    curCol,
    amountCol,
    diags,
    service,
  );
  return {
    data,
    n,
    chText: texts(data, columnByRole(data, 'channel', 'vendor')),
    ref: texts(data, columnByRole(data, 'campaign_ref', 'campaign')),
    desc: texts(data, columnByRole(data, 'description')),
    id: texts(data, columnByRole(data, 'invoice_id')),
    m0: service.m0,
    m1: service.m1,
    minor: conv.minor,
    origMinor,
    currency: m.currency,
    why: amountProblems(conv.minor, conv.noRate),
    service,
    ratesUsed: conv.used,
  };
}

/** Net amounts: the tax column subtracted in place, in each row's currency; an unreadable tax leaves the row gross. */
function subtractTax(data: Dataset, minor: Float64Array, currency: readonly string[], diags: Diagnostic[]): void {
  const taxCol = columnByRole(data, 'tax');
  if (!taxCol) return;
  const t = columnValues(data, taxCol.name);
  const bad: number[] = [];
  for (let i = 0; i < minor.length; i++) {
    if (minor[i] !== minor[i] || cellText(t[i]) === null) continue;
    const p = parseAmount(t[i], currencyDigits(currency[i]));
    if (p.ok) minor[i] -= p.minor;
    else bad.push(i);
  }
  if (bad.length > 0)
    diags.push(
      diag(
        'finance.recon.unparseable-tax',
        'warning',
        msg('recon.unparseable-tax', { count: bad.length }),
        where(data, taxCol, bad),
      ),
    );
}

/**
 * The months to reconcile from the `period` option (see ReconciliationOptions.period). An unreadable
 * option falls back to `invoices` with a warning.
 */
export function resolvePeriod(option: string, inv: Invoices, diags: Diagnostic[]): ReconPeriod | null {
  const o = typeof option === 'string' ? option.normalize('NFKC').trim().toLowerCase() : '';
  if (o === 'all') return null;
  if (o !== 'invoices') {
    const fromOption = periodFromOption(o);
    if (fromOption) return fromOption;
    diags.push(diag('finance.recon.bad-option', 'warning', msg('recon.bad-period', { value: JSON.stringify(option) })));
  }
  let from = -1;
  let to = -1;
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] !== inv.minor[i] || inv.m0[i] < 0) continue;
    if (from < 0 || inv.m0[i] < from) from = inv.m0[i];
    if (inv.m1[i] > to) to = inv.m1[i];
  }
  return from < 0 ? null : { from, to, source: 'invoices' };
}

/** A month, a year or a range of either (`2025-01..2025-06`, `2024 至 2025`), or null when unreadable. */
function periodFromOption(o: string): ReconPeriod | null {
  const parts = o.split(/\s*(?:\.\.|…|~|至|到)\s*/u);
  const yearOrMonth = (t: string, end: boolean): number | null =>
    /^\d{4}$/.test(t) ? Number(t) * 12 + (end ? 11 : 0) : monthFromCell(t);
  if (parts.length > 2 || parts.some((x) => x === '')) return null;
  const a = yearOrMonth(parts[0], false);
  const b = yearOrMonth(parts[parts.length - 1], true);
  return a !== null && b !== null ? { from: Math.min(a, b), to: Math.max(a, b), source: 'option' } : null;
}
