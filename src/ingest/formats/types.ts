/**
 * A known export format, declared: its header signature, the role of each column it names, and what its
 * status values mean. One small module per format in this folder, each citing the format's public
 * documentation; index.ts lists them and recognises one from a sheet's headers.
 */
import type { I18nText } from '../../types.js';
import type { Role, StatusClass, TableKind } from '../types.js';

/** A header as the format writes it: exact text (case, spaces and `_` ignored) or a pattern for variants. */
export type HeaderPattern = string | RegExp;

export interface ExportFormat {
  /** Stable id, e.g. `shopify-orders`. */
  id: string;
  name: I18nText;
  /** The public documentation the layout follows. */
  docs: string;
  kind: TableKind;
  /**
   * Header sets that identify the format: every header of one set must be present. Several sets when the
   * format comes in several languages or versions.
   */
  signatures: readonly (readonly HeaderPattern[])[];
  /** Roles of the columns the format names; `null` for a column that must take no role (a masked id, a gross total). */
  columns: readonly { header: HeaderPattern; role: Role | null }[];
  /** Status values (any case; `_`/`-` read as spaces) → what they mean. */
  statuses?: Readonly<Record<string, StatusClass>>;
  /**
   * Columns holding an order-level amount the export repeats on every row (line item) of the order: counted once
   * per order (the column with the `order_id` role), the other rows' copies left blank (order-level.ts).
   */
  orderLevel?: readonly HeaderPattern[];
}
