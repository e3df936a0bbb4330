/**
 * @deprecated import the toolkit from ../common/index.js and the orders read from ./orders.js; these
 * re-exports go once nothing uses them.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { Diagnostic, I18nText, Severity } from '../../types.js';
import { diag, where } from '../common/index.js';

export { checkChoice, checkNumber, columnByRole, emptyResult, finite, isoDate, round, t } from '../common/index.js';
export { groupByCustomer, periodLabel, periodOf, periodStart, readOrders, type OrderArrays } from './orders.js';

/** @deprecated use `diag(code, severity, message, where(ds, col, rows, count))` from ../common/index.js. */
export function diagnostic(
  code: string,
  severity: Severity,
  message: I18nText,
  ds?: Dataset,
  col?: ColumnInfo,
  rowIndexes: number[] = [],
  count?: number,
): Diagnostic {
  return diag(code, severity, message, ds ? where(ds, col, rowIndexes, count) : undefined);
}
