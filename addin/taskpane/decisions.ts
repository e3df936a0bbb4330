/**
 * The Data step's choices about how a table is read, apart from React: which roles are the user's own (kept when
 * the table is read in another format), the status meanings offered, and the status lines kept in place.
 */
import { STATUS_CLASSES } from '../../src/ingest/types.js';
import type { Role, StatusClass } from '../../src/ingest/types.js';
import type { TableDecisions } from '../worker/protocol.js';

/**
 * The roles the user set themselves: those differing from the roles the table reads with (`read`, by header).
 * @example keptRoles({ 金额: null, 实付金额: 'amount' }, { 金额: 'amount', 实付金额: null }) // → { 金额: null, 实付金额: 'amount' }
 */
export function keptRoles(
  roles: Readonly<Record<string, Role | null>>,
  read: Readonly<Record<string, Role | null>>,
): Record<string, Role | null> {
  const out: Record<string, Role | null> = {};
  for (const [header, role] of Object.entries(roles)) if (role !== (read[header] ?? null)) out[header] = role;
  return out;
}

/** The meanings a status can be given, in the order the pane lists them. */
export const STATUS_CHOICES: readonly StatusClass[] = STATUS_CLASSES;

/**
 * The new decisions with each table's status lines in the order the pane showed them before (new values last), so
 * a line whose meaning the user changes stays where it was instead of jumping to the counted ones.
 * @example keepStatusOrder({ t: { statuses: [b, a] } }, { t: { statuses: [a, b] } }).t.statuses // → [b, a]
 */
export function keepStatusOrder(
  before: Readonly<Record<string, TableDecisions>>,
  next: Record<string, TableDecisions>,
): Record<string, TableDecisions> {
  const out: Record<string, TableDecisions> = {};
  for (const [id, d] of Object.entries(next)) {
    const order = before[id]?.statuses.map((s) => s.value) ?? [];
    const rank = (v: string): number => {
      const i = order.indexOf(v);
      return i < 0 ? order.length : i;
    };
    // Array.prototype.sort is stable: values new to the pane keep their own order after the known ones.
    out[id] = { ...d, statuses: [...d.statuses].sort((x, y) => rank(x.value) - rank(y.value)) };
  }
  return out;
}
