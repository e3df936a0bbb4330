/**
 * The Data step's choices about how a table is read, apart from React: which roles are the user's own (kept when
 * the table is read in another format), and the labels of the status meanings offered.
 */
import { STATUS_CLASSES } from '../../src/ingest/types.js';
import type { Role, StatusClass } from '../../src/ingest/types.js';

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
