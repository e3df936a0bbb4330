/**
 * Exchange rates, applied exactly. A rate is "report-currency units for one unit of `currency`" (e.g.
 * `{ currency: 'USD', rate: 7.1234 }` when reporting in CNY). A rate may be given for one month
 * (`month: '2024-03'`); a rate without a month is the fallback for every month.
 *
 * Two sources: the user's exchange-rate sheet (a table of kind `fx_rates`: currency, rate, optionally month;
 * `ratesFromSheet`) and the analysis option `rates` (a list `[{ currency, rate, month? }]` or a plain record
 * `{ USD: 7.1234 }`). A currency the options name takes its rates from the options only.
 */
import type { Dataset, ColumnInfo } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import { convertMinor, currencyDigits, exactRate, normaliseCurrencyCode, type ExactRate } from './money.js';
import { msg } from './messages.js';
import { readMoney } from './money-columns.js';
import { monthFromCell, monthLabel, monthOf, monthOfCell } from './months.js';
import { monthShares, type ServicePeriod } from './service-period.js';
import { cellText, columnByRole, columnValues, diag, where } from '../common/index.js';

/** One exchange rate: report-currency units per one unit of `currency`, optionally for one month (`YYYY-MM`). */
export interface FxRate {
  currency: string;
  rate: number | string;
  month?: string;
}

/** Rates as the options carry them. */
export type FxRates = FxRate[] | Record<string, number | string>;

/**
 * Looks up the rate of a currency in a month (−1 for unknown month); null when none was given. `fxSheet`
 * names the exchange-rate sheet the rates came from, when one was used.
 */
export type RateLookup = ((currency: string, month: number) => ExactRate | null) & { fxSheet?: string };

/** The rates of an exchange-rate sheet, and what they cover (for the run's decisions). */
export interface FxSheet {
  sheet: string;
  rates: FxRate[];
  /** Currencies with a rate, in order of first appearance. */
  currencies: string[];
  /** Months (`YYYY-MM`) with a rate, sorted; empty when every rate holds for all months. */
  months: string[];
}

/** `Rate to CNY`, `Rate (USD)`, `USD rate`… : the currency a rate header says the rates convert into. */
function baseOfHeader(header: string): string | null {
  const t = header.normalize('NFKC');
  const m = /\b(?:to|into|in)\s+([a-z]{3})\b|\(([a-z]{3})\)/i.exec(t);
  if (m) return (m[1] ?? m[2]).toUpperCase();
  if (/兑?人民币|折人民币/.test(t)) return 'CNY';
  if (/兑?美元/.test(t)) return 'USD';
  return null;
}

/** A rate cell as an exact rate (numbers, or decimal text with thousands separators); null when not positive. */
function rateOfCell(v: unknown): ExactRate | null {
  if (typeof v === 'number') return exactRate(v);
  const t = cellText(v);
  return t === null ? null : exactRate(t.replace(/[,\s]/g, ''));
}

/**
 * The rates of an exchange-rate sheet (kind `fx_rates`: roles `currency`, `rate`, optionally `period` or
 * `date` for the month). Rows with no currency, a rate that is not a positive number or an unreadable month
 * are reported in one warning and ignored; a second, different rate for the same currency and month is
 * reported and the first kept. Null (with a warning) when the rate header names another currency than the
 * report currency (`Rate to USD` in a CNY report), or when the sheet lacks a currency or rate column.
 * @example ratesFromSheet(fx, 'CNY', diags) // → { sheet: 'FX', rates: [{ currency: 'USD', rate: '7.1012', month: '2024-01' }, …], … }
 */
export function ratesFromSheet(data: Dataset, reportCurrency: string, diags: Diagnostic[]): FxSheet | null {
  const curCol = columnByRole(data, 'currency');
  const rateCol = columnByRole(data, 'rate');
  if (!curCol || !rateCol) return null;
  const base = baseOfHeader(rateCol.header);
  if (base !== null && base !== reportCurrency) {
    const text = msg('fx.other-base', { sheet: data.sheet, base, column: rateCol.header, report: reportCurrency });
    diags.push(diag('finance.fx.other-base', 'warning', text, where(data, rateCol)));
    return null;
  }
  const monthCol = columnByRole(data, 'period', 'date');
  const cur = columnValues(data, curCol.name);
  const rate = columnValues(data, rateCol.name);
  const mon = monthCol ? columnValues(data, monthCol.name) : null;
  const seen = new Map<string, { num: bigint; scale: number; row: number }>();
  const rates: FxRate[] = [];
  const bad: number[] = [];
  const currencies: string[] = [];
  const months = new Set<number>();
  for (let i = 0; i < cur.length; i++) {
    const code = normaliseCurrencyCode(cur[i], '');
    const r = rateOfCell(rate[i]);
    const hasMonth = mon !== null && cellText(mon[i]) !== null;
    const m = hasMonth ? monthFromCell(mon[i]) : -1;
    if (code === '' || !r || m === null) {
      if (code !== '' || cellText(rate[i]) !== null) bad.push(i);
      continue;
    }
    if (code === reportCurrency) continue;
    const key = `${code}|${m}`;
    const prior = seen.get(key);
    if (prior) {
      // 7.10 and 7.1 are the same rate: compare the exact rationals.
      if (prior.num * 10n ** BigInt(r.scale) !== r.num * 10n ** BigInt(prior.scale)) {
        const month = m >= 0 ? monthLabel(m) : msg('fx.unknown-month');
        const text = msg('fx.conflict', { sheet: data.sheet, currency: code, month, row: prior.row });
        diags.push(diag('finance.fx.conflict', 'warning', text, where(data, rateCol, [i])));
      }
      continue;
    }
    seen.set(key, { ...r, row: data.rowNumbers[i] ?? i + 2 });
    const text = r.num.toString().padStart(r.scale + 1, '0');
    const decimal =
      r.scale === 0 ? text : `${text.slice(0, text.length - r.scale)}.${text.slice(text.length - r.scale)}`;
    rates.push(m >= 0 ? { currency: code, rate: decimal, month: monthLabel(m) } : { currency: code, rate: decimal });
    if (!currencies.includes(code)) currencies.push(code);
    if (m >= 0) months.add(m);
  }
  if (bad.length > 0) {
    const text = msg('fx.bad-rows', { count: bad.length, sheet: data.sheet, column: (monthCol ?? rateCol).header });
    diags.push(diag('finance.fx.bad-rows', 'warning', text, where(data, rateCol, bad)));
  }
  const monthList = [...months].sort((a, b) => a - b).map(monthLabel);
  return { sheet: data.sheet, rates, currencies, months: monthList };
}

/**
 * The rates a money analysis converts with: the options' rates, then the exchange-rate sheet's for every
 * currency the options do not name (the options override the sheet currency by currency).
 */
export function ratesFor(
  options: FxRates | undefined,
  fx: Dataset | undefined,
  reportCurrency: string,
  diags: Diagnostic[],
): RateLookup {
  const sheet = fx ? ratesFromSheet(fx, reportCurrency, diags) : null;
  return buildRates(options, reportCurrency, diags, sheet);
}

const ONE: ExactRate = { num: 1n, scale: 0 };

/**
 * Build a lookup from the options' rates, reporting rates that are not positive numbers.
 * @example buildRates({ USD: 7.1 }, 'CNY', diags)('USD', -1) // → { num: 71n, scale: 1 }
 */
export function buildRates(
  rates: FxRates | undefined,
  reportCurrency: string,
  diags: Diagnostic[],
  sheet: FxSheet | null = null,
): RateLookup {
  const own: FxRate[] = Array.isArray(rates)
    ? rates
    : rates
      ? Object.entries(rates).map(([currency, rate]) => ({ currency, rate }))
      : [];
  const named = new Set(own.map((r) => normaliseCurrencyCode(r.currency, '')));
  const list = sheet ? [...own, ...sheet.rates.filter((r) => !named.has(r.currency))] : own;
  const any = new Map<string, ExactRate>();
  const monthly = new Map<string, ExactRate>();
  const bad: string[] = [];
  for (const r of list) {
    const code = normaliseCurrencyCode(r.currency, '');
    const rate = typeof r.rate === 'number' || typeof r.rate === 'string' ? exactRate(r.rate) : null;
    if (code === '' || !rate) {
      bad.push(`${r.currency}=${String(r.rate)}`);
      continue;
    }
    if (r.month !== undefined) {
      const m = monthFromCell(r.month);
      if (m === null) {
        bad.push(`${code}@${r.month}`);
        continue;
      }
      monthly.set(`${code}|${m}`, rate);
    } else any.set(code, rate);
  }
  if (bad.length > 0) {
    diags.push(
      diag('finance.fx.bad-rate', 'warning', {
        en: `Exchange rates that are not positive numbers (or have an unreadable month) are ignored: ${bad.slice(0, 5).join(', ')}.`,
        'zh-CN': `以下汇率不是正数（或月份无法识别），已忽略：${bad.slice(0, 5).join('、')}。`,
      }),
    );
  }
  const lookup: RateLookup = (currency, month) => {
    if (currency === reportCurrency) return ONE;
    return (month >= 0 ? monthly.get(`${currency}|${month}`) : undefined) ?? any.get(currency) ?? null;
  };
  if (sheet) lookup.fxSheet = sheet.sheet;
  return lookup;
}

/** Amounts converted to the report currency: minor units (NaN where impossible) and the rates used. */
export interface Converted {
  minor: Float64Array;
  /** `USD→CNY 7.1234 (2024-03)` for each rate used. */
  used: string[];
  /** Rows with no rate (0-based), for the lines' reasons. */
  noRate: Uint8Array;
}

function rateText(r: ExactRate): string {
  const s = r.num.toString().padStart(r.scale + 1, '0');
  return r.scale === 0 ? s : `${s.slice(0, s.length - r.scale)}.${s.slice(s.length - r.scale)}`;
}

/**
 * Convert each row's minor units into report-currency minor units. Rows in a currency without a rate are
 * NaN and reported once per currency (an error), naming the sheet, the currency column and ≤ 5 rows.
 * With `service` (invoice lines), a line whose service period spans several months is split over them by
 * days (monthShares) and each share converted at its own month's rate, each rounded to the cent.
 */
export function toReportCurrency(
  data: Dataset,
  minor: Float64Array,
  currency: readonly string[],
  months: ArrayLike<number>,
  reportCurrency: string,
  lookup: RateLookup,
  currencyCol: ColumnInfo | undefined,
  amountCol: ColumnInfo,
  diags: Diagnostic[],
  service?: ServicePeriod,
): Converted {
  const n = minor.length;
  const out = new Float64Array(n);
  const noRate = new Uint8Array(n);
  const missing = new Map<string, number[]>();
  const used = new Map<string, string>();
  const toDigits = currencyDigits(reportCurrency);
  for (let i = 0; i < n; i++) {
    const v = minor[i];
    const cur = currency[i];
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    if (cur === reportCurrency) {
      out[i] = v;
      continue;
    }
    const m = months[i];
    // A service period over several months: each month's share (by days) at that month's rate.
    const span = service && m >= 0 && service.m0[i] === m && service.m1[i] > m;
    const parts = span ? monthShares(service, i, v) : [v];
    const rates = parts.map((_, j) => lookup(cur, m >= 0 ? m + j : m));
    if (rates.some((r) => r === null)) {
      out[i] = NaN;
      noRate[i] = 1;
      let l = missing.get(cur);
      if (!l) missing.set(cur, (l = []));
      l.push(i);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < parts.length; j++) {
      const rate = rates[j]!;
      const c = convertMinor(parts[j], currencyDigits(cur), rate, toDigits);
      sum = c === null ? NaN : sum + c;
      const key = `${cur}→${reportCurrency} ${rateText(rate)}`;
      if (!used.has(key)) used.set(key, key);
    }
    out[i] = Number.isSafeInteger(sum) ? sum : NaN;
  }
  for (const [cur, rows] of missing) {
    // An error: these rows are in no total, and a total without them is not the user's total.
    const ms = [...new Set(rows.map((i) => months[i]))].sort((a, b) => a - b);
    const known = ms.filter((m) => m >= 0);
    const month = known.slice(0, 3).map(monthLabel).join(', ') + (known.length > 3 ? ' …' : '');
    const source = lookup.fxSheet ? msg('fx.source.sheet', { fxSheet: lookup.fxSheet }) : msg('fx.source.options');
    const col = currencyCol ?? amountCol;
    const text = msg('fx.missing-rate', {
      sheet: data.sheet,
      column: col.header,
      count: rows.length,
      currency: cur,
      report: reportCurrency,
      month: month === '' ? msg('fx.unknown-month') : month,
      source,
    });
    diags.push(diag('finance.fx.missing-rate', 'error', text, where(data, col, rows)));
  }
  return { minor: out, used: [...used.values()], noRate };
}

/**
 * A money column read and converted in one step: each row in its own currency (the `currency` column when
 * the sheet has one), converted at the rate of its month (`serials`: each row's date, null when unknown).
 * @example moneyInReport(campaigns, spendCol, dates, 'CNY', lookup, diags, 'finance.rvr.spend', { en: 'spend', 'zh-CN': '花费' })
 */
export function moneyInReport(
  data: Dataset,
  col: ColumnInfo,
  serials: readonly (number | null)[],
  reportCurrency: string,
  lookup: RateLookup,
  diags: Diagnostic[],
  codePrefix: string,
  label: I18nText,
): Float64Array {
  const curCol = columnByRole(data, 'currency');
  const m = readMoney(data, col, curCol, reportCurrency, diags, codePrefix, label);
  const months = serials.map((s) => (s === null ? -1 : monthOf(s)));
  return toReportCurrency(data, m.minor, m.currency, months, reportCurrency, lookup, curCol, col, diags).minor;
}

/** Converts one money column of a table, as read (`numbers`: major units, NaN where unusable), to the report currency. */
export type LineConverter = (col: ColumnInfo, amounts: Float64Array) => Float64Array;

const SILENT: I18nText = { en: '', 'zh-CN': '' };

/**
 * The converter the marketing analyses put their campaign money through (spend, revenue), line by line: each
 * row in the currency of the table's `currency` column, converted with `toReportCurrency` at the rate of its
 * month (the month of its date or period start; the month-less rate when it has none), half up to the cent.
 * A row in a currency with no rate becomes NaN, so it is in no total, and the rows are reported in one error
 * naming sheet, currency column and rows. Rows already in the report currency keep their value as read.
 *
 * Without a `currency` column, or when every line is in the report currency, it returns the amounts
 * unchanged (the same array) and reads no rates. The exchange-rate sheet is read once per converter, at the
 * first line that needs it.
 * @example lineConverter(campaigns, fx, 'CNY', diags)(spendCol, Float64Array.of(100.01, 500)) // USD, CNY rows at 7.1 → [710.07, 500]
 */
export function lineConverter(
  data: Dataset,
  fx: Dataset | undefined,
  reportCurrency: string,
  diags: Diagnostic[],
): LineConverter {
  const curCol = columnByRole(data, 'currency');
  if (!curCol) return (_col, amounts) => amounts;
  let lookup: RateLookup | null = null;
  let months: number[] | null = null;
  const scale = 10 ** currencyDigits(reportCurrency);
  return (col, amounts) => {
    // The caller's reading (`numbers`) has already reported blank and unreadable cells: not again here.
    const m = readMoney(data, col, curCol, reportCurrency, [], '', SILENT);
    if (m.currency.every((c, i) => c === reportCurrency || amounts[i] !== amounts[i])) return amounts;
    lookup ??= ratesFor(undefined, fx, reportCurrency, diags);
    if (!months) {
      const dateCol = columnByRole(data, 'period_start', 'date', 'period', 'period_end');
      const cells = dateCol ? columnValues(data, dateCol.name) : null;
      months = Array.from({ length: amounts.length }, (_, i) => (cells ? (monthOfCell(cells[i]) ?? -1) : -1));
    }
    // Only the rows the caller counts (NaN: unusable, already reported) are converted or reported.
    const minor = m.minor.map((v, i) => (amounts[i] === amounts[i] ? v : NaN));
    const conv = toReportCurrency(data, minor, m.currency, months, reportCurrency, lookup, curCol, col, diags);
    const out = Float64Array.from(amounts);
    for (let i = 0; i < out.length; i++) if (m.currency[i] !== reportCurrency) out[i] = conv.minor[i] / scale;
    return out;
  };
}
