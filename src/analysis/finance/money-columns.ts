/**
 * Reading an amount column into exact money: integer minor units of each row's currency, with one
 * diagnostic per kind of problem naming the sheet, the column and the rows. Finance logic (currencies,
 * minor units, Excel ROUND), so it lives here and not in the generic column helpers.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { Diagnostic, I18nText, Severity } from '../../types.js';
import { msg } from './messages.js';
import { currencyDigits, normaliseCurrencyCode, parseAmount } from './money.js';
import { cellText, columnValues, diag, where } from '../common/index.js';

/** Parsed money column: minor units (NaN where unusable) and the currency of each row. */
export interface MoneyColumn {
  minor: Float64Array;
  /** ISO code per row (the currency column, a symbol in the cell, the column's format, or the report currency). */
  currency: string[];
}

/** Rows of a money column that could not be read as they stand, by kind of problem. */
interface MoneyProblems {
  blank: number[];
  bad: number[];
  large: number[];
  rounded: number[];
}

/**
 * Read an amount column into minor units of each row's currency, reporting blank, unparseable and
 * too-large cells (one diagnostic each, naming rows) and sub-cent rounding (info).
 *
 * The currency of a row: the currency column when it has a value, else a symbol or code in the cell
 * itself (`US$ 12.50`), else the column's number format, else the report currency.
 *
 * @example
 *   readMoney(invoices, amountCol, currencyCol, 'CNY', diags, 'finance.recon.invoice', { en: 'amount', 'zh-CN': '金额' })
 *   // → { minor: Float64Array [123450, NaN, …], currency: ['CNY', 'USD', …] }
 */
export function readMoney(
  data: Dataset,
  col: ColumnInfo,
  currencyCol: ColumnInfo | undefined,
  reportCurrency: string,
  diags: Diagnostic[],
  codePrefix: string,
  label: I18nText,
): MoneyColumn {
  const n = data.table.numRows();
  const values = columnValues(data, col.name);
  const curRaw = currencyCol ? columnValues(data, currencyCol.name) : null;
  const colCurrency = col.currency ? normaliseCurrencyCode(col.currency, reportCurrency) : reportCurrency;
  const minor = new Float64Array(n);
  const currency = new Array<string>(n);
  const problems: MoneyProblems = { blank: [], bad: [], large: [], rounded: [] };
  for (let i = 0; i < n; i++) {
    let cur = curRaw ? normaliseCurrencyCode(curRaw[i], colCurrency) : colCurrency;
    const p = parseAmount(values[i], currencyDigits(cur));
    if (p.ok) {
      if (p.currency && !(curRaw && cellText(curRaw[i]) !== null)) {
        // A symbol in the cell names the currency; re-read when its minor unit differs (¥ → JPY has none).
        const c2 = normaliseCurrencyCode(p.currency, reportCurrency);
        if (c2 !== cur && currencyDigits(c2) !== currencyDigits(cur)) {
          const again = parseAmount(values[i], currencyDigits(c2));
          if (again.ok) p.minor = again.minor;
        }
        cur = c2;
      }
      minor[i] = p.minor;
      if (p.rounded) problems.rounded.push(i);
    } else {
      minor[i] = NaN;
      if (p.problem === 'blank') problems.blank.push(i);
      else if (p.problem === 'too-large') problems.large.push(i);
      else problems.bad.push(i);
    }
    currency[i] = cur;
  }
  reportMoneyProblems(data, col, problems, diags, codePrefix, label);
  return { minor, currency };
}

function reportMoneyProblems(
  data: Dataset,
  col: ColumnInfo,
  problems: MoneyProblems,
  diags: Diagnostic[],
  codePrefix: string,
  label: I18nText,
): void {
  const kinds: [rows: number[], code: string, severity: Severity, key: Parameters<typeof msg>[0]][] = [
    [problems.blank, 'blank-amount', 'warning', 'money.blank'],
    [problems.bad, 'unparseable-amount', 'warning', 'money.unparseable'],
    [problems.large, 'amount-too-large', 'error', 'money.too-large'],
    [problems.rounded, 'sub-cent-amount', 'info', 'money.sub-cent'],
  ];
  for (const [rows, code, severity, key] of kinds) {
    if (rows.length === 0) continue;
    const text = msg(key, { count: rows.length, sheet: data.sheet, column: col.header, label });
    diags.push(diag(`${codePrefix}.${code}`, severity, text, where(data, col, rows)));
  }
}
