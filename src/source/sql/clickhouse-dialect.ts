/**
 * The rollups' SQL for ClickHouse (Dialect, dialect.ts). The engine runs each session with `join_use_nulls = 1` and
 * `cast_keep_nullable = 1` (clickhouse/engine.ts), so outer joins and casts keep NULL as DuckDB does and the
 * shared SQL means the same on both.
 *
 * Sums: ClickHouse's `sum` adds a block's values in several interleaved accumulators (a group of rows with one key is
 * added at once), which changes the last bits of a double. `arraySum(groupArray(x))` keeps the rows as they arrive
 * and adds them one after another: with one thread reading the stored order (`sequential`), the same double as the
 * in-memory engine (tests/source/clickhouse-sql.test.ts proves both). Sorting each group's rows by their order key
 * (`arraySort` of (date, row, amount)) would be exact on any number of threads, but it costs 2–5× the sum itself, and
 * two threads did not win that back on a 2-core machine (bench/clickhouse.ts `sums`), so the session keeps one thread.
 */
import { JS_WHITESPACE, type Dialect } from './dialect.js';

/** A ClickHouse string literal (backslash and quote escaped). */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Trimming JS_WHITESPACE: ClickHouse's `trim(BOTH set FROM x)` and `trimBoth(x, set)` take the set as bytes, so a
 * character sharing a byte with a multi-byte space (à is C3 A0, U+00A0 is C2 A0) would lose half of itself. RE2
 * reads the text as UTF-8 and matches whole characters; `\x{…}` keeps the SQL text ASCII. Only text starting or
 * ending with one of them goes through the expression (one hash lookup for the rest).
 */
const WS_CLASS = `[${Array.from(JS_WHITESPACE)
  .map((c) => `\\x{${c.codePointAt(0)!.toString(16)}}`)
  .join('')}]`;
const WS_EDGES = literal(`^${WS_CLASS}+|${WS_CLASS}+$`);
const WS_CHARS = Array.from(JS_WHITESPACE)
  .map((c) => `'${[...new TextEncoder().encode(c)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`)
  .join(', ');

/** A `Date32` of a whole-day serial (days since 1899-12-30; Date32 holds 1900-01-01 to 2299-12-31). */
const date32 = (day: string) => `addDays(toDate32('1970-01-01'), ${day} - 25569)`;

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  ident: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  literal,
  text: (expr, type) =>
    type === 'number'
      ? `if(${expr} = trunc(${expr}) AND abs(${expr}) < 1e15, toString(toInt64(${expr})), toString(${expr}))`
      : `toString(${expr})`,
  double: (expr) => `toFloat64(${expr})`,
  // Date and Date32 are whole days since 1970-01-01 (toInt32 reads them so); a DateTime's wall-clock time in its own
  // time zone, as a sheet shows it: seconds since 1970 plus the zone's offset, in microseconds as DuckDB's epoch().
  serial: (expr, type) =>
    type === 'date'
      ? `toFloat64(toInt32(${expr}) + 25569)`
      : `((toUnixTimestamp64Micro(toDateTime64(${expr}, 6)) + timeZoneOffset(${expr}) * 1000000) / 1e6 / 86400 + 25569)`,
  day: (expr, type) =>
    type === 'date' ? `(toInt64(toInt32(${expr})) + 25569)` : `(toInt64(toInt32(toDate32(${expr}))) + 25569)`,
  sequentialSum: (expr, filter) =>
    filter
      ? `if(countIf(${expr} IS NOT NULL AND (${filter})) = 0, NULL, arraySum(groupArrayIf(${expr}, ${filter})))`
      : `if(count(${expr}) = 0, NULL, arraySum(groupArray(${expr})))`,
  sequential: {
    saved: "SELECT getSetting('max_threads') AS saved",
    begin: ['SET max_threads = 1'],
    end: (saved) => [`SET max_threads = ${Number(saved) || 0}`],
  },
  period: (day, period) =>
    period === 'week'
      ? `toInt64(floor((${day} - 2) / 7.0))`
      : `(toInt64(toYear(${date32(day)})) * 12 + toMonth(${date32(day)}) - 1)`,
  // Exact (every value kept and sorted): `median` samples.
  median: (expr) => `quantileExactInclusive(0.5)(${expr})`,
  trim: (expr) =>
    `if(leftUTF8(${expr}, 1) IN (${WS_CHARS}) OR rightUTF8(${expr}, 1) IN (${WS_CHARS}), replaceRegexpAll(${expr}, ${WS_EDGES}, ''), ${expr})`,
  lower: (expr) => `lowerUTF8(${expr})`,
  // The InFrame functions see the window's frame only: here the whole partition.
  lag: (expr, over) =>
    `lagInFrame(toNullable(${expr}), 1, NULL) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
  lead: (expr, over) =>
    `leadInFrame(toNullable(${expr}), 1, NULL) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
  // A tuple is never Nullable, so a null value or key is compared rather than skipped (argMin skips null arguments).
  firstBy: (expr, order, filter) =>
    filter
      ? `if(countIf(${filter}) = 0, NULL, argMinIf(tuple(${expr}), tuple(${order}), ${filter}).1)`
      : `argMin(tuple(${expr}), tuple(${order})).1`,
  smallest: (expr, n) => `arraySlice(arraySort(groupArray(${expr})), 1, ${n})`,
  tryCast: (expr, to) =>
    to === 'double' ? `toFloat64OrNull(toString(${expr}))` : `parseDateTime64BestEffortOrNull(toString(${expr}))`,
  typeOf(engineType) {
    let t = engineType.trim();
    for (let m; (m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t));) t = m[2].trim();
    if (/^(U?Int(8|16|32|64|128|256)|Float(32|64)|BFloat16|Decimal(32|64|128|256)?)\b/.test(t)) return 'number';
    if (t === 'Date' || t === 'Date32') return 'date';
    if (/^DateTime(64)?\b/.test(t)) return 'timestamp';
    if (t === 'String' || /^(FixedString|Enum(8|16)?)\b/.test(t)) return 'text';
    if (t === 'Bool') return 'boolean';
    return 'other';
  },
};
