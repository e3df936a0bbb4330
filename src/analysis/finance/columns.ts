/**
 * Reading finance inputs by column role, with diagnostics that name the sheet, the column and up to five
 * Excel rows (from `dataset.rowNumbers`). Nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic, I18nText, Severity, Where } from '../../types.js';
import { currencyDigits, normaliseCurrencyCode, parseAmount } from './money.js';
import { columnValues } from '../../ingest/column-values.js';

/** The first column with one of `roles`, in order of preference. */
export function roleColumn(data: Dataset, ...roles: Role[]): ColumnInfo | undefined {
  for (const r of roles) {
    const c = data.columns.find((x) => x.role === r);
    if (c) return c;
  }
  return undefined;
}

/** Raw values of a column. */
export function raw(data: Dataset, col: ColumnInfo): ArrayLike<unknown> {
  return columnValues(data, col.name);
}

/** Cell text, trimmed; null for blank. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '').trim();
  return s === '' ? null : s;
}

/** Texts of a column (null for blank), or all null when the column is absent. */
export function texts(data: Dataset, col: ColumnInfo | undefined): (string | null)[] {
  const n = data.table.numRows();
  if (!col) return new Array<string | null>(n).fill(null);
  const r = raw(data, col);
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) out[i] = cellText(r[i]);
  return out;
}

/** Where: sheet, column, ≤ 5 Excel rows of the 0-based table rows, and their count. */
export function where(data: Dataset, col: ColumnInfo | undefined, rows: readonly number[] = []): Where {
  const w: Where = { sheet: data.sheet };
  if (col) {
    w.column = col.header;
    w.columnLetter = col.letter;
  }
  if (rows.length > 0) {
    w.rows = rows.slice(0, 5).map((i) => data.rowNumbers[i] ?? i + 2);
    w.count = rows.length;
  }
  return w;
}

export function diag(code: string, severity: Severity, message: I18nText, w?: Where): Diagnostic {
  return w ? { code, severity, message, where: w } : { code, severity, message };
}

/** Excel row of a table row. */
export function excelRow(data: Dataset, i: number): number {
  return data.rowNumbers[i] ?? i + 2;
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
  const values = raw(data, col);
  const curRaw = currencyCol ? raw(data, currencyCol) : null;
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

/** The standard diagnostic for a required column that is missing. */
export function missingColumn(data: Dataset, code: string, what: I18nText, analysis: I18nText): Diagnostic {
  return diag(
    code,
    'error',
    {
      en: `${analysis.en} needs a ${what.en} column in sheet "${data.sheet}"; none was found (set the column's role).`,
      'zh-CN': `${analysis['zh-CN']}需要工作表"${data.sheet}"中的"${what['zh-CN']}"列，但未找到（请设置该列的角色）。`,
    },
    { sheet: data.sheet },
  );
}
