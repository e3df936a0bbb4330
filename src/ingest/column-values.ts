/** Reading a Dataset's column without copying it (the analyses' hot path on 1,000,000-row sheets). */
import type { Dataset } from './types.js';
import { CodedTexts } from './coded-texts.js';

/**
 * A column's values in table order, read-only. When the table is neither filtered nor ordered and the
 * column is a plain or typed array, that array itself is returned (no copy: 1,000,000-row sheets);
 * otherwise Arquero's `array()` copy. Callers must never write to the result.
 */
export function columnValues(data: Dataset, name: string): ArrayLike<unknown> {
  const t = data.table;
  if (!t.isFiltered() && !t.isOrdered()) {
    const c: unknown = t.column(name);
    if (Array.isArray(c) || ArrayBuffer.isView(c)) return c as ArrayLike<unknown>;
    // A text column kept as codes (./coded-texts.ts): its values, made once and shared.
    if (c instanceof CodedTexts) return c.toArray();
  }
  return t.array(name) as ArrayLike<unknown>;
}

/**
 * A string column's dictionary codes: `codes[i]` is row i's index into `dict` (-1 for null); equal strings have
 * equal codes, so a group-by is a counting pass over ints instead of a hash of every string. `dict` may hold
 * entries no row uses and entries that repeat another (its rows then carry the other's code).
 */
export interface ColumnCodes {
  codes: Int32Array;
  dict: readonly string[];
  /** `dict.length`, known without making the texts (a column kept as codes makes them on first access). */
  size: number;
}

/**
 * The dictionary codes of a Dataset's string column, in table order, when ingest built the column from codes and
 * the table is neither filtered nor ordered (rows then are the column's own); null otherwise. Read-only.
 */
export function columnCodes(data: Dataset, name: string): ColumnCodes | null {
  const t = data.table;
  if (t.isFiltered() || t.isOrdered()) return null;
  const c: unknown = t.column(name);
  if (!(c instanceof CodedTexts)) return null;
  // Entries no row uses read as null: no caller reads them (their codes are not in `codes`).
  const out = { codes: c.codes, size: c.size } as ColumnCodes;
  Object.defineProperty(out, 'dict', { enumerable: true, get: () => c.dict });
  return out;
}
