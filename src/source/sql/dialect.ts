/**
 * What differs between the SQL engines the rollups run on: quoting, casts, dates as Excel serials, ordered sums.
 * The rollups (order-rows.ts, customer-summary.ts, cohorts.ts, lifecycle.ts, channel-revenue.ts, funnel-buyers.ts) are
 * written once against this interface, implemented for DuckDB here and for ClickHouse in clickhouse-dialect.ts (issue
 * 14).
 */

/** A column's type as the rollups need to know it. */
export type SqlType = 'number' | 'date' | 'timestamp' | 'text' | 'boolean' | 'other';

export interface Dialect {
  name: 'duckdb' | 'clickhouse';
  /** A quoted identifier. */
  ident(name: string): string;
  /** A string literal. */
  literal(value: string): string;
  /** The expression as text, as Loopbook reads an id cell (an integral number without `.0`). */
  text(expr: string, type: SqlType): string;
  /** The expression as a double. */
  double(expr: string): string;
  /** Excel serial (1900 system, days since 1899-12-30, time as the fraction) of a date or timestamp. */
  serial(expr: string, type: 'date' | 'timestamp'): string;
  /** The whole day of a date or timestamp, as an Excel serial. */
  day(expr: string, type: 'date' | 'timestamp'): string;
  /**
   * A sum that adds the values one after another in the order the rows arrive, as the in-memory engine does, so both
   * give the same double to the last bit. The caller feeds the rows in order: a table stored sorted, read by one
   * thread (`sequential`). (DuckDB's `sum(x ORDER BY …)` gives the same bits but is ~50× slower on many groups.)
   */
  sequentialSum(expr: string, filter?: string): string;
  /** Statements that make the next queries read tables in stored order with one thread, and those that undo it. */
  sequential: { begin: string[]; end: (saved: string) => string[]; saved: string };
  /** The engine's name for a column type → what the rollups need to know of it. */
  typeOf(engineType: string): SqlType;
  /** Period index of a whole-day serial, as orders.ts `periodOf`: year·12 + month, or the Monday-based week. */
  period(day: string, period: 'month' | 'week'): string;
  /**
   * The exact median of `expr` over the rows of a group (an aggregate): the two middle values' mean for an even
   * count (type 7, Excel MEDIAN, src/stats/quantile.ts `quantileSorted(x, 0.5)`), a double; nulls ignored, null
   * when there is no value. Never an approximation: DuckDB `quantile_cont(x, 0.5)`; ClickHouse's `median` samples,
   * its exact type-7 one is `quantileExactInclusive(0.5)(x)`. Optional for a dialect to come: `need(d, 'median')`
   * names the gap.
   */
  median?(expr: string): string;
  /**
   * Text without the white space JavaScript's `String.prototype.trim` removes at either end (src/analysis/common
   * `cellText`): space, tab, line breaks (\n \r \u2028 \u2029), \v, \f, no-break and the other Unicode spaces
   * (\u00a0 \u1680 \u2000–\u200a \u202f \u205f \u3000) and the byte-order mark \ufeff; nothing else (JS_WHITESPACE).
   * Whole characters, never bytes of one. Optional as `median`.
   */
  trim?(expr: string): string;
  /**
   * A text cell as ingest reads it: `trim`med, and null when that leaves nothing (optional: textCellSql writes
   * `nullif(trim(x), '')` without it). DuckDB substitutes a view's column into each place that reads it, so an
   * expression that names `x` once is cheaper there than nullif's CASE, which names it twice.
   */
  cell?(expr: string): string;
  /**
   * Text in lower case as JavaScript's `toLowerCase` writes it where the engine can: ClickHouse's `lowerUTF8` equals
   * it on every code point and on a final sigma (ς); DuckDB's `lower` maps one code point to one, so a final sigma
   * becomes σ and a dotted capital I becomes i (JavaScript: i̇).
   */
  lower(expr: string): string;
  /**
   * The value of `expr` on the row before (`lag`) or after (`lead`) in the window `over` (`PARTITION BY … ORDER BY
   * …`), null at the partition's edge (ClickHouse's own functions give the type's default there, 0 or '').
   */
  lag(expr: string, over: string): string;
  lead(expr: string, over: string): string;
  /**
   * Aggregate: the value of `expr` on the group's first row by `order` (a comma list), null included; with `filter`,
   * the first of the rows it holds for, null when there is none.
   */
  firstBy(expr: string, order: string, filter?: string): string;
  /** Aggregate: the `n` smallest values of `expr`, ascending, as a list. */
  smallest(expr: string, n: number): string;
  /** `expr` read as a double or a date, null where it cannot be (for examples of bad values in messages). */
  tryCast(expr: string, to: 'double' | 'date'): string;
}

/** A dialect's optional method, or an error naming the dialect and the method when it has none yet. */
export function need<K extends 'median' | 'trim'>(d: Dialect, method: K): NonNullable<Dialect[K]> {
  const f = d[method];
  if (!f) throw new Error(`The ${d.name} dialect has no ${method} yet: this rollup runs on DuckDB only.`);
  return f.bind(d);
}

/** The characters JavaScript's `trim` removes (Dialect.trim). */
export const JS_WHITESPACE =
  ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const duckdbLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** DuckDB: whether text starts and ends with a printable ASCII character ('!'…'~'), none of JS_WHITESPACE. */
const plainEdges = (expr: string): string =>
  `(${expr} >= '!' AND ${expr} < chr(127) AND ${expr}[-1] BETWEEN '!' AND '~')`;

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  literal: duckdbLiteral,
  text: (expr, type) =>
    type === 'number'
      ? `CASE WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 1e15 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE CAST(${expr} AS VARCHAR) END`
      : `CAST(${expr} AS VARCHAR)`,
  double: (expr) => `CAST(${expr} AS DOUBLE)`,
  serial: (expr, type) =>
    type === 'date'
      ? `CAST(date_diff('day', DATE '1899-12-30', ${expr}) AS DOUBLE)`
      : `(epoch(${expr}) / 86400.0 + 25569)`,
  day: (expr, type) =>
    type === 'date'
      ? `CAST(date_diff('day', DATE '1899-12-30', ${expr}) AS BIGINT)`
      : `CAST(date_diff('day', DATE '1899-12-30', CAST(${expr} AS DATE)) AS BIGINT)`,
  sequentialSum: (expr, filter) => `sum(${expr})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  // The engine keeps preserve_insertion_order off (DuckEngine.create): tables made without ORDER BY need not keep
  // their input's order, which costs memory at 100M rows. Ordered reads switch it on, and back to what it was.
  sequential: {
    saved: "SELECT current_setting('threads') || ',' || current_setting('preserve_insertion_order') AS saved",
    begin: ['SET threads = 1', 'SET preserve_insertion_order = true'],
    end: (saved) => {
      const [threads, preserve] = saved.split(',');
      return [
        `SET threads = ${Number(threads) || 1}`,
        `SET preserve_insertion_order = ${preserve === 'false' ? 'false' : 'true'}`,
      ];
    },
  },
  period: (day, period) =>
    period === 'week'
      ? `CAST(floor((${day} - 2) / 7.0) AS BIGINT)`
      : `(year(DATE '1899-12-30' + CAST(${day} AS INTEGER)) * 12 + month(DATE '1899-12-30' + CAST(${day} AS INTEGER)) - 1)`,
  median: (expr) => `quantile_cont(${expr}, 0.5)`,
  // trim with a set of characters is slow on every row (1 µs): only text that does not start and end with a
  // printable ASCII character (every character of JS_WHITESPACE is outside '!'…'~') goes through it. Both tests are
  // comparisons of bytes: text ≥ '!' and < U+007F starts with one of '!'…'~' (UTF-8 orders text as code points), and
  // its last character is one. Much cheaper than left/right/contains (10M ids: 0.4 s against 3 s).
  trim: (expr) => `CASE WHEN ${plainEdges(expr)} THEN ${expr} ELSE trim(${expr}, ${duckdbLiteral(JS_WHITESPACE)}) END`,
  cell: (expr) =>
    `CASE WHEN ${plainEdges(expr)} THEN ${expr} ELSE nullif(trim(${expr}, ${duckdbLiteral(JS_WHITESPACE)}), '') END`,
  lower: (expr) => `lower(${expr})`,
  lag: (expr, over) => `lag(${expr}) OVER (${over})`,
  lead: (expr, over) => `lead(${expr}) OVER (${over})`,
  firstBy: (expr, order, filter) => `first(${expr} ORDER BY ${order})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  smallest: (expr, n) => `list(${expr} ORDER BY ${expr})[1:${n}]`,
  tryCast: (expr, to) => `TRY_CAST(${expr} AS ${to === 'double' ? 'DOUBLE' : 'DATE'})`,
  typeOf(engineType) {
    const t = engineType.toUpperCase();
    if (
      /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
        t,
      )
    )
      return 'number';
    if (t === 'DATE') return 'date';
    if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(t)) return 'timestamp';
    if (t === 'VARCHAR' || t.startsWith('VARCHAR')) return 'text';
    if (t === 'BOOLEAN') return 'boolean';
    return 'other';
  },
};
