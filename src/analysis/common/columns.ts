/**
 * Reading a Dataset's columns by role, for every analysis domain: the column of a role, its raw values,
 * numbers into Float64Array (NaN marks a missing cell, internally only), labels and texts into string
 * arrays, integer codes of a category column. Diagnostics name the sheet, column and Excel rows.
 * Nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic, I18nText } from '../../types.js';
import { columnValues } from '../../ingest/column-values.js';
import { diag, where } from './diagnostics.js';

export { columnValues };

/**
 * The first column carrying one of `roles`, trying the roles in order (the first role present wins).
 *
 * @example
 *   columnByRole(campaigns, 'period_start', 'date') // → the period-start column, else the date column
 */
export function columnByRole(data: Dataset, ...roles: Role[]): ColumnInfo | undefined {
  for (const r of roles) {
    const c = data.columns.find((x) => x.role === r);
    if (c) return c;
  }
  return undefined;
}

/**
 * A cell as text, trimmed; null for a blank cell (null, undefined, empty or whitespace-only text).
 * Numbers and booleans read as `String(v)` (3 → `3`, true → `true`). Ingest produces no other cell values;
 * anything else reads as its JSON text, so an unexpected value shows in the output instead of vanishing.
 *
 * @example
 *   cellText('  C-1 ') // → 'C-1'
 *   cellText(42)       // → '42'
 *   cellText('   ')    // → null
 */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s =
    typeof v === 'string'
      ? v.trim()
      : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        ? String(v)
        : JSON.stringify(v);
  return s === '' ? null : s;
}

/** Texts of a column (null for blank, see `cellText`), or all null when the column is absent. */
export function texts(data: Dataset, col: ColumnInfo | undefined): (string | null)[] {
  const n = data.table.numRows();
  if (!col) return new Array<string | null>(n).fill(null);
  const r = columnValues(data, col.name);
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) out[i] = cellText(r[i]);
  return out;
}

/** Labels of a column as strings (see `cellText`); a blank cell becomes `blank` (e.g. "(blank)"). */
export function labels(data: Dataset, col: ColumnInfo, blank: string): string[] {
  const raw = columnValues(data, col.name);
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = cellText(raw[i]) ?? blank;
  return out;
}

/** Label used for a blank category in the run's language. */
export const BLANK: I18nText = { en: '(blank)', 'zh-CN': '（空白）' };

/**
 * Numbers of a column as Float64Array; missing, non-numeric, non-finite (and negative when
 * `nonNegative`) cells become NaN and are reported once in `diags`.
 */
export function numbers(
  data: Dataset,
  col: ColumnInfo,
  diags: Diagnostic[],
  opts: {
    nonNegative?: boolean;
    label?: I18nText;
    /** Blank cells are expected (a value only on conversion rows): they become NaN without a warning. */
    blankOk?: boolean;
  } = {},
): Float64Array {
  const raw = columnValues(data, col.name);
  const n = raw.length;
  const out = new Float64Array(n);
  const missing: number[] = [];
  const negative: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (opts.nonNegative && v < 0) {
        negative.push(i);
        out[i] = NaN;
      } else out[i] = v;
    } else {
      out[i] = NaN;
      if (!(opts.blankOk && (v === null || v === undefined))) missing.push(i);
    }
  }
  const label = opts.label ?? { en: col.header, 'zh-CN': col.header };
  if (missing.length > 0) {
    diags.push(
      diag(
        'marketing.missing-number',
        'warning',
        {
          en: `${missing.length} row(s) have no usable number in "${label.en}"; they count as empty.`,
          'zh-CN': `“${label['zh-CN']}”中有 ${missing.length} 行没有可用的数字，按空值处理。`,
        },
        where(data, col, missing),
      ),
    );
  }
  if (negative.length > 0) {
    diags.push(
      diag(
        'marketing.negative-number',
        'warning',
        {
          en: `${negative.length} row(s) have a negative value in "${label.en}"; they are left out.`,
          'zh-CN': `“${label['zh-CN']}”中有 ${negative.length} 行为负数，已排除。`,
        },
        where(data, col, negative),
      ),
    );
  }
  return out;
}

/** Integer codes of a column's values: `codes[i]` indexes `levels`, −1 for blank cells. */
export interface Factor {
  codes: Int32Array;
  levels: string[];
}

/**
 * Factorise a column: each distinct value (as `cellText`; non-finite numbers count as blank) gets an
 * integer code in order of first appearance. Reads the raw column once and builds each label once per
 * distinct raw value, so a 1,000,000-row column costs one map lookup per row (and none for runs of equal
 * values).
 */
export function factorize(data: Dataset, col: ColumnInfo): Factor {
  const raw = columnValues(data, col.name);
  const n = raw.length;
  const codes = new Int32Array(n);
  const byRaw = new Map<unknown, number>();
  const byLabel = new Map<string, number>();
  const levels: string[] = [];
  let last: unknown = undefined;
  let lastCode = -2;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (v === last && lastCode !== -2) {
      codes[i] = lastCode;
      continue;
    }
    let c = byRaw.get(v);
    if (c === undefined) {
      const label = typeof v === 'number' && !Number.isFinite(v) ? null : cellText(v);
      if (label === null) c = -1;
      else {
        c = byLabel.get(label);
        if (c === undefined) {
          c = levels.length;
          levels.push(label);
          byLabel.set(label, c);
        }
      }
      byRaw.set(v, c);
    }
    codes[i] = c;
    last = v;
    lastCode = c;
  }
  return { codes, levels };
}
