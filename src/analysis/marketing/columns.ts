/**
 * Reading a Dataset's columns by role for the marketing analyses: numbers into Float64Array (NaN marks a
 * missing cell, internally only), labels into string arrays, with diagnostics that name the sheet, column
 * and Excel rows. Nothing here throws on bad data.
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import type { Diagnostic, I18nText, Severity, Where } from '../../types.js';
import { columnValues } from '../../ingest/column-values.js';

/** The first column holding `role`, if any. */
export function columnByRole(data: Dataset, role: Role): ColumnInfo | undefined {
  return data.columns.find((c) => c.role === role);
}

/** The first present role of `roles`, in order. */
export function firstRole(data: Dataset, roles: readonly Role[]): ColumnInfo | undefined {
  for (const r of roles) {
    const c = columnByRole(data, r);
    if (c) return c;
  }
  return undefined;
}

/** Where-clause for a column and a list of 0-based table row indexes (shows ≤ 5 Excel row numbers). */
export function whereRows(data: Dataset, col: ColumnInfo | undefined, rows: readonly number[]): Where {
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

export { columnValues };

/** Build a diagnostic. */
export function diag(code: string, severity: Severity, message: I18nText, where?: Where): Diagnostic {
  return where ? { code, severity, message, where } : { code, severity, message };
}

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
          'zh-CN': `"${label['zh-CN']}" 中有 ${missing.length} 行没有可用的数字，按空值处理。`,
        },
        whereRows(data, col, missing),
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
          'zh-CN': `"${label['zh-CN']}" 中有 ${negative.length} 行为负数，已排除。`,
        },
        whereRows(data, col, negative),
      ),
    );
  }
  return out;
}

/** Labels of a column as strings; null/blank becomes `blank` (e.g. "(blank)"). */
export function labels(data: Dataset, col: ColumnInfo, blank: string): string[] {
  const raw = columnValues(data, col.name);
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v === null || v === undefined) out[i] = blank;
    else {
      const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)).trim();
      out[i] = s === '' ? blank : s;
    }
  }
  return out;
}

/** Integer codes of a column's values: `codes[i]` indexes `levels`, −1 for blank cells. */
export interface Factor {
  codes: Int32Array;
  levels: string[];
}

/**
 * Factorise a column: each distinct value (as trimmed text) gets an integer code in order of first
 * appearance. Reads the raw column once and builds each label once per distinct raw value, so a
 * 1,000,000-row column costs one map lookup per row (and none for runs of equal values).
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
      const label =
        v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))
          ? ''
          : (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)).trim();
      if (label === '') c = -1;
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

/** Label used for a blank category in the run's language. */
export const BLANK: I18nText = { en: '(blank)', 'zh-CN': '(空白)' };
