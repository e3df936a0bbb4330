/** Reading a Dataset's column without copying it (the analyses' hot path on 1,000,000-row sheets). */
import type { Dataset } from './types.js';

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
  }
  return t.array(name) as ArrayLike<unknown>;
}
