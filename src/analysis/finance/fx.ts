/**
 * Exchange rates from the user's table, applied exactly. A rate is "report-currency units for one unit of
 * `currency`" (e.g. `{ currency: 'USD', rate: 7.1234 }` when reporting in CNY). A rate may be given for one
 * month (`month: '2024-03'`); a rate without a month is the fallback for every month.
 *
 * Options accept either a list `[{ currency, rate, month? }]` or a plain record `{ USD: 7.1234 }`.
 */
import type { Dataset, ColumnInfo } from '../../ingest/types.js';
import type { Diagnostic } from '../../types.js';
import { convertMinor, currencyDigits, exactRate, normaliseCurrencyCode, type ExactRate } from './money.js';
import { monthFromCell, monthLabel } from './months.js';
import { diag, where } from '../common/index.js';

/** One exchange rate: report-currency units per one unit of `currency`, optionally for one month (`YYYY-MM`). */
export interface FxRate {
  currency: string;
  rate: number | string;
  month?: string;
}

/** Rates as the options carry them. */
export type FxRates = FxRate[] | Record<string, number | string>;

/** Looks up the rate of a currency in a month (−1 for unknown month); null when none was given. */
export type RateLookup = (currency: string, month: number) => ExactRate | null;

const ONE: ExactRate = { num: 1n, scale: 0 };

/**
 * Build a lookup from the options' rates, reporting rates that are not positive numbers.
 * @example buildRates({ USD: 7.1 }, 'CNY', diags)('USD', -1) // → { num: 71n, scale: 1 }
 */
export function buildRates(rates: FxRates | undefined, reportCurrency: string, diags: Diagnostic[]): RateLookup {
  const list: FxRate[] = Array.isArray(rates)
    ? rates
    : rates
      ? Object.entries(rates).map(([currency, rate]) => ({ currency, rate }))
      : [];
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
  return (currency, month) => {
    if (currency === reportCurrency) return ONE;
    return (month >= 0 ? monthly.get(`${currency}|${month}`) : undefined) ?? any.get(currency) ?? null;
  };
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
 * NaN and reported once per currency, naming the sheet, the currency column and ≤ 5 rows.
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
    const rate = lookup(cur, m);
    if (!rate) {
      out[i] = NaN;
      noRate[i] = 1;
      let l = missing.get(cur);
      if (!l) missing.set(cur, (l = []));
      l.push(i);
      continue;
    }
    const c = convertMinor(v, currencyDigits(cur), rate, toDigits);
    out[i] = c === null ? NaN : c;
    const key = `${cur}→${reportCurrency} ${rateText(rate)}`;
    if (!used.has(key)) used.set(key, key);
  }
  for (const [cur, rows] of missing) {
    diags.push(
      diag(
        'finance.fx.missing-rate',
        'warning',
        {
          en: `Sheet "${data.sheet}" mixes currencies: ${rows.length} row(s) are in ${cur} and no exchange rate to ${reportCurrency} was given (month ${months[rows[0]] >= 0 ? monthLabel(months[rows[0]]) : 'unknown'}). Add the rate in the options; until then these rows are excluded.`,
          'zh-CN': `工作表"${data.sheet}"包含多种货币：${rows.length} 行为 ${cur}，但未提供到 ${reportCurrency} 的汇率。请在选项中添加汇率；在此之前这些行被排除。`,
        },
        where(data, currencyCol ?? amountCol, rows),
      ),
    );
  }
  return { minor: out, used: [...used.values()], noRate };
}
