/**
 * A text column of an engine source that ingest reads as numbers or dates (`¥1,234.00`, `1.234,56`, `(12.50)`,
 * `2024-06-01 13:45:10 +0800`, `18/06/2024`): read by ingest's own code, not by SQL written to resemble it. How to
 * read it is decided as the in-memory path decides it for the same file (inferColumn on the rows its sample takes),
 * every distinct text of the column is converted by convertColumn with that plan, and the engine joins the result
 * as a table `(lb_t, lb_x)` (order-rows.ts NumberColumn.map). Where the in-memory path would decide on more than its
 * sample (most values unreadable the sample's way, or numbers with leading zeros turned into ids), the figures could
 * differ: a SourceError says so instead.
 */
import type { ColumnInfo } from '../../ingest/types.js';
import { inferColumn, sampleIndexes, type ColumnPlan } from '../../ingest/infer-column.js';
import { convertColumn } from '../../ingest/convert-column.js';
import { isExcelError } from '../../ingest/excel-errors.js';
import { MISSING_MARKERS, trimCell } from '../../ingest/cells.js';
import { parseNumberText } from '../../ingest/parse-number.js';
import { ingestDiagnostic } from '../../ingest/diagnostics.js';
import type { Diagnostic } from '../../types.js';
import { parseDateText } from '../../ingest/parse-date.js';
import { SourceError, type OpenedSource, type SourceColumn, type SqlEngine } from '../engine.js';

/** Distinct texts a column may have to be read through JS: beyond, the engine should convert it itself. */
export const MAX_DISTINCT_TEXTS = 5_000_000;
/** Text stray ratio above which ingest re-reads a column on every row (read-column.ts RECHECK_RATIO). */
const RECHECK_RATIO = 0.2;
const NUMBER_TYPES = new Set(['integer', 'number', 'currency', 'percent']);
const DATE_TYPES = new Set(['date', 'datetime']);

/**
 * Reads text column `col` (the dataset's `info`) of a source of `rows` rows as ingest would read it as `want`, into a
 * temp table `name` of `(lb_t, lb_x)`: each distinct text and its number (a date as its Excel serial). A SourceError
 * naming the source and column when the in-memory path could read it otherwise.
 */
export async function mapTextColumn(
  engine: SqlEngine,
  src: OpenedSource,
  col: SourceColumn,
  info: ColumnInfo,
  rows: number,
  want: 'number' | 'date',
  name: string,
): Promise<Diagnostic[]> {
  const d = engine.dialect;
  const q = d.ident(col.name);
  const spec = src.source.spec;
  const what = want === 'number' ? 'numbers' : 'dates';
  // The rows the in-memory path's inference looks at (infer-column.ts sampleIndexes), in file order.
  const positions = sampleIndexes(rows);
  const where = rows > positions.length ? ` WHERE lb_rn IN (${Array.from(positions).join(', ')})` : '';
  const sampled = await engine.guard(src.source, () =>
    engine.columns(`SELECT lb_rn AS rn, ${d.text(q, 'text')} AS v FROM ${src.view}${where}`),
  );
  const byRow = new Map<number, string | null>();
  sampled.columns[0].forEach((rn, i) => byRow.set(Number(rn), (sampled.columns[1][i] as string | null) ?? null));
  const sampleTexts = Array.from(positions, (p) => byRow.get(p) ?? null);
  const plan = inferColumn({
    values: [],
    formats: undefined,
    rows: Int32Array.from(sampleTexts.keys()),
    col: 0,
    header: info.header,
    full: true,
    text: textColumn(sampleTexts),
  });
  if (!(want === 'number' ? NUMBER_TYPES : DATE_TYPES).has(plan.type)) {
    const unread = [...new Set(sampleTexts)].filter(
      (t): t is string =>
        t !== null && (want === 'number' ? parseNumberText(trimCell(t)) : parseDateText(trimCell(t))) === null,
    );
    const examples = unread.slice(0, 3).map((t) => `"${t}"`);
    throw new SourceError(
      `${spec}: column "${col.name}" (the ${info.role ?? ''} column) holds text, not ${what}, in too many of its rows${examples.length ? `; for example ${examples.join(', ')}` : ''}. Fix the values, or give the role to another column in the recipe.`,
    );
  }
  const distinct = await engine.guard(src.source, () =>
    engine.columns(
      `SELECT v, count(*) AS n FROM (SELECT ${d.text(q, 'text')} AS v FROM ${src.raw}) lb_v WHERE v IS NOT NULL AND v <> '' GROUP BY v LIMIT ${MAX_DISTINCT_TEXTS + 1}`,
    ),
  );
  const texts = distinct.columns[0] as string[];
  const counts = distinct.columns[1].map(Number);
  if (texts.length > MAX_DISTINCT_TEXTS)
    throw new SourceError(
      `${spec}: column "${col.name}" (the ${info.role ?? ''} column) holds ${what} written as text with more than ${MAX_DISTINCT_TEXTS.toLocaleString('en-US')} different values. Store it as a number column (for example convert the file to Parquet with the column cast in DuckDB), or read the file as a sheet if it fits in one.`,
    );
  const values = convert(texts, plan, info, spec);
  checkLikeInMemory(texts, counts, values, plan, { spec, col: col.name, role: info.role ?? '', what, rows });
  const pairs: string[][] = [];
  values.forEach((x, i) => {
    if (x !== null) pairs.push([texts[i], String(x)]);
  });
  const raw = `${name}_in`;
  await engine.insert(
    raw,
    [
      { name: 'lb_t', type: 'text' },
      { name: 'lb_s', type: 'text' },
    ],
    pairs,
  );
  await engine.createTable(name, `SELECT lb_t, ${d.double('lb_s')} AS lb_x FROM ${raw}`);
  await engine.dropTable(raw);
  return want === 'number' ? mixedCurrencies(texts, counts, plan, info, src.source.label) : [];
}

/**
 * Ingest's warning for a money column written in more than one currency (convert-column.ts settleCurrency): the sums
 * mix them, on a sheet as here. Rows are not named: the engine's rows are not a sheet's.
 */
function mixedCurrencies(
  texts: readonly string[],
  counts: readonly number[],
  plan: ColumnPlan,
  info: ColumnInfo,
  sheet: string,
): Diagnostic[] {
  const seen = new Map<string, number>();
  texts.forEach((t, i) => {
    const c = parseNumberText(trimCell(t))?.currency;
    if (c) seen.set(c, (seen.get(c) ?? 0) + counts[i]);
  });
  if (seen.size < 2 && !(plan.currency && seen.size === 1 && !seen.has(plan.currency))) return [];
  const main = plan.currency ?? [...seen.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const list = [main, ...[...seen.keys()].filter((k) => k !== main)].join(', ');
  return [
    ingestDiagnostic('mixed-currencies', { sheet, column: info.name, columnLetter: info.letter }, { value: list }),
  ];
}

/** Texts as the dictionary-encoded column ingest reads a .csv into (grid-columns.ts), one row each. */
function textColumn(texts: readonly (string | null)[]): { codes: Int32Array; dict: string[] } {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(texts.length);
  texts.forEach((t, i) => {
    if (t === null || t === '') {
      codes[i] = -1;
      return;
    }
    let k = index.get(t);
    if (k === undefined) index.set(t, (k = dict.push(t) - 1));
    codes[i] = k;
  });
  return { codes, dict };
}

/** Each text's value as convertColumn reads it with `plan` (and the other day/month order where it would switch). */
function convert(texts: readonly string[], plan: ColumnPlan, info: ColumnInfo, spec: string): (number | null)[] {
  const text = { codes: Int32Array.from(texts.keys()), dict: [...texts] };
  const ctx = {
    values: [],
    rows: Int32Array.from(texts.keys()),
    col: 0,
    topRow: 0,
    date1904: false,
    where: { sheet: spec, column: info.name },
    text,
  };
  let conv = convertColumn(ctx, plan);
  // Whether the day/month order switches depends only on which texts occur (read-column.ts): the same on distinct ones.
  if (conv.switchOrder) conv = convertColumn(ctx, { ...plan, dateOrder: conv.switchOrder, dateOrderAmbiguous: false });
  if (conv.leadingZeros > 0 && (conv.type === 'integer' || conv.type === 'number'))
    throw new SourceError(
      `${spec}: column "${info.name}" (the ${info.role ?? ''} column) holds numbers written with leading zeros (such as "${texts.find((t) => /^0\d/.test(trimCell(t))) ?? ''}"), which Loopbook reads as ids, not amounts. Fix the values, or give the role to another column in the recipe.`,
    );
  return Array.from(conv.data as ArrayLike<number | null>, (x) => (typeof x === 'number' ? x : null));
}

/**
 * The in-memory path re-reads a column on every row when more than a fifth of its filled cells cannot be read the
 * sample's way (read-column.ts): then its plan, and so its figures, could be other than this one's.
 */
function checkLikeInMemory(
  texts: readonly string[],
  counts: readonly number[],
  values: readonly (number | null)[],
  plan: ColumnPlan,
  at: { spec: string; col: string; role: string; what: string; rows: number },
): void {
  let filled = 0;
  let strays = 0;
  const examples: string[] = [];
  texts.forEach((t, i) => {
    const v = trimCell(t);
    if (values[i] !== null) {
      filled += counts[i];
      return;
    }
    if (v === '' || isExcelError(v) || (v.length <= 6 && MISSING_MARKERS.has(v.toLowerCase()))) return;
    filled += counts[i];
    strays += counts[i];
    if (examples.length < 3) examples.push(`"${v}"`);
  });
  if (filled > 0 && strays > RECHECK_RATIO * filled && at.rows > 5000)
    throw new SourceError(
      `${at.spec}: column "${at.col}" (the ${at.role} column) holds ${strays.toLocaleString('en-US')} of ${filled.toLocaleString('en-US')} values that cannot be read as ${at.what} the way its other values are written${plan.decimalComma ? ' (with a decimal comma)' : ''}, for example ${examples.join(', ')}. Write them one way, or read the file as a sheet if it fits in one.`,
    );
}
