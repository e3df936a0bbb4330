/**
 * @deprecated import from ../common/index.js (the analysis toolkit): `columnByRole(data, ...roles)` replaces
 * `firstRole(data, roles)`, `where` replaces `whereRows`. These re-exports go once nothing uses them.
 */
import type { ColumnInfo, Dataset, Role } from '../../ingest/types.js';
import { columnByRole } from '../common/index.js';

export { BLANK, columnByRole, columnValues, diag, factorize, labels, numbers, where as whereRows, type Factor } from '../common/index.js';

/** @deprecated use `columnByRole(data, ...roles)` from ../common/index.js. */
export function firstRole(data: Dataset, roles: readonly Role[]): ColumnInfo | undefined {
  return columnByRole(data, ...roles);
}
