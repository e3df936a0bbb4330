/**
 * Reading finance money columns (`readMoney`), plus deprecated re-exports of the analysis toolkit.
 * Diagnostics name the sheet, the column and up to five Excel rows. Nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import { currencyDigits, normaliseCurrencyCode, parseAmount } from './money.js';
import { cellText, columnValues, diag, where } from '../common/index.js';

/**
 * @deprecated import from ../common/index.js (the analysis toolkit): `columnByRole` replaces `roleColumn`,
 * `columnValues(data, col.name)` replaces `raw(data, col)`. These re-exports go once nothing uses them.
 */
export { cellText, columnByRole as roleColumn, diag, excelRow, missingColumn, texts, where } from '../common/index.js';

/** @deprecated use `columnValues(data, col.name)` from ../common/index.js. */
export function raw(data: Dataset, col: ColumnInfo): ArrayLike<unknown> {
  return columnValues(data, col.name);
}

/** Parsed money column: minor units (NaN where unusable) and the currency of each row. */
export interface MoneyColumn {
  minor: Float64Array;
  /** ISO code per row (the currency column, a symbol in the cell, the column's format, or the report currency). */
  currency: string[];
}

/**
 * Read an amount column into minor units of each row's currency, reporting blank, unparseable and
 * too-large cells (one diagnostic each, naming rows) and sub-cent rounding (info).
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
  const blank: number[] = [];
  const bad: number[] = [];
  const large: number[] = [];
  const rounded: number[] = [];
  for (let i = 0; i < n; i++) {
    let cur = curRaw ? normaliseCurrencyCode(curRaw[i], colCurrency) : colCurrency;
    const p = parseAmount(values[i], currencyDigits(cur));
    if (p.ok) {
      if (p.currency && !(curRaw && cellText(curRaw[i]) !== null)) {
        const c2 = normaliseCurrencyCode(p.currency, reportCurrency);
        if (c2 !== cur && currencyDigits(c2) !== currencyDigits(cur)) {
          const again = parseAmount(values[i], currencyDigits(c2));
          if (again.ok) p.minor = again.minor;
        }
        cur = c2;
      }
      minor[i] = p.minor;
      if (p.rounded) rounded.push(i);
    } else {
      minor[i] = NaN;
      if (p.problem === 'blank') blank.push(i);
      else if (p.problem === 'too-large') large.push(i);
      else bad.push(i);
    }
    currency[i] = cur;
  }
  if (blank.length > 0) {
    diags.push(
      diag(
        `${codePrefix}.blank-amount`,
        'warning',
        {
          en: `${blank.length} row(s) of "${data.sheet}" have no amount in "${col.header}" (${label.en}); they are listed as excluded.`,
          'zh-CN': `"${data.sheet}" 中有 ${blank.length} 行的"${col.header}"（${label['zh-CN']}）为空，已列为"已排除"。`,
        },
        where(data, col, blank),
      ),
    );
  }
  if (bad.length > 0) {
    diags.push(
      diag(
        `${codePrefix}.unparseable-amount`,
        'warning',
        {
          en: `${bad.length} row(s) of "${data.sheet}" have an amount in "${col.header}" that is not a number; they are listed as excluded.`,
          'zh-CN': `"${data.sheet}" 中有 ${bad.length} 行的"${col.header}"不是数字，已列为"已排除"。`,
        },
        where(data, col, bad),
      ),
    );
  }
  if (large.length > 0) {
    diags.push(
      diag(
        `${codePrefix}.amount-too-large`,
        'error',
        {
          en: `${large.length} row(s) of "${data.sheet}" have an amount in "${col.header}" too large to add up exactly (over 90 trillion minor units); they are listed as excluded.`,
          'zh-CN': `"${data.sheet}" 中有 ${large.length} 行的"${col.header}"金额过大，无法精确求和，已列为"已排除"。`,
        },
        where(data, col, large),
      ),
    );
  }
  if (rounded.length > 0) {
    diags.push(
      diag(
        `${codePrefix}.sub-cent-amount`,
        'info',
        {
          en: `${rounded.length} amount(s) in "${col.header}" of "${data.sheet}" have more decimals than the currency's smallest unit; they are rounded half away from zero (Excel ROUND).`,
          'zh-CN': `"${data.sheet}" 的"${col.header}"中有 ${rounded.length} 个金额的小数位多于货币最小单位，已四舍五入（同 Excel ROUND）。`,
        },
        where(data, col, rounded),
      ),
    );
  }
  return { minor, currency };
}
