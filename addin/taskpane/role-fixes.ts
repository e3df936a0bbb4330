/**
 * The Data step's hand fixes, apart from React and the engine: a kind or role change that takes something from
 * another table or column says so in a notice (with the state before it, for Undo); what the user set by hand is
 * remembered per source and header, and put back after "Look again" where the table and header still exist.
 */
import type { Role, StatusClass, TableKind } from '../../src/ingest/types.js';
import { MULTI } from '../../src/ingest/roles.js';
import type { SourceView } from '../worker/protocol.js';
import { roleTypeWarning } from './roles.js';

export interface Assignment {
  /** null = not used. */
  kind: TableKind | null;
  roles: Record<string, Role | null>;
  /** The export format the user chose (a format id, or `none` for the general rules); absent = recognised. */
  format?: string;
  /** What status values mean, as the user set them. */
  statuses?: Record<string, StatusClass>;
  /** The year of a wide sheet's year-less period headers, as the user gave it. */
  periodYear?: number;
}

/** What the user (or the saved recipe) set by hand on one source; absent fields were not touched. */
export interface ManualFixes {
  kind?: TableKind | null;
  /** By header; null = the user took the role away (or gave it to another column). */
  roles: Record<string, Role | null>;
  format?: string;
  statuses: Record<string, StatusClass>;
  /** null: the user took a year they had given away again. */
  periodYear?: number | null;
}

export interface ColumnName {
  header: string;
  letter: string;
}

/** A table as a notice names it: `Orders (Orders!A1:E41)`. */
export interface TableName {
  name: string;
  where: string;
}

/** One thing a change did besides what the user picked, or a doubt about it. */
export type ChangeLine =
  | { type: 'role-moved'; role: Role; from: ColumnName; to: ColumnName }
  | { type: 'kind-unset'; kind: TableKind; table: TableName }
  | { type: 'money-on-id' | 'id-on-money'; role: Role; column: ColumnName };

/** What the pane had before a change, for Undo: per affected source id, null where there was nothing. */
export interface Before {
  assignments: Record<string, Assignment | null>;
  manual: Record<string, ManualFixes | null>;
  /** A source the change added (a selection), taken away again by Undo. */
  added?: string;
}

/** Shown beside the change: on the source's card, under the role picker of `header` (null: under the kind). */
export interface ChangeNotice {
  id: number;
  source: string;
  header: string | null;
  lines: ChangeLine[];
  before: Before;
}

/** A fix put back after "Look again" (only those that differ from what Loopbook found by itself). */
export type KeptLine =
  | { type: 'kind'; source: string; table: TableName; kind: TableKind | null }
  | { type: 'role'; source: string; table: TableName; column: ColumnName; role: Role | null }
  | { type: 'format'; source: string; table: TableName; format: string }
  | { type: 'status'; source: string; table: TableName; value: string; cls: StatusClass }
  | { type: 'periodYear'; source: string; table: TableName; year: number | null };

/** A fix that could not be put back: its column or its table is no longer there. */
export type LostLine =
  { type: 'column'; table: TableName; header: string; role: Role } | { type: 'table'; table: TableName };

export interface RescanReport {
  kept: KeptLine[];
  lost: LostLine[];
}

/** The part of the pane's state the fixes read and change. */
export interface FixState {
  sources: SourceView[];
  assignments: Record<string, Assignment>;
  manual: Record<string, ManualFixes>;
  notices: ChangeNotice[];
}

type FixPatch = Pick<FixState, 'assignments' | 'manual' | 'notices'>;

const emptyFixes = (): ManualFixes => ({ roles: {}, statuses: {} });

export function tableName(view: Pick<SourceView, 'sheet' | 'address' | 'tableName'>): TableName {
  return { name: view.tableName ?? view.sheet, where: `${view.sheet}!${view.address}` };
}

function columnName(view: SourceView | undefined, header: string): ColumnName {
  return { header, letter: view?.columns.find((c) => c.header === header)?.letter ?? '?' };
}

/** The state of `ids` now, to put back on Undo. */
function before(s: FixState, ids: Iterable<string>): Before {
  const out: Before = { assignments: {}, manual: {} };
  for (const id of ids) {
    out.assignments[id] = s.assignments[id] ?? null;
    out.manual[id] = s.manual[id] ?? null;
  }
  return out;
}

/** Notices about other sources: one whose sources a new change touches could no longer be undone exactly. */
function othersThan(notices: readonly ChangeNotice[], touched: ReadonlySet<string>): ChangeNotice[] {
  return notices.filter((n) => !Object.keys(n.before.assignments).some((id) => touched.has(id)));
}

const nextId = (notices: readonly ChangeNotice[]): number => Math.max(0, ...notices.map((n) => n.id)) + 1;

/**
 * Source `id` holds `kind` now (null: not used); another source of that kind becomes "Not used", and the notice
 * says so. Both are the user's: a "Look again" keeps them.
 * @example withKind(s, 'Spend!A1:D9', 'orders') // Orders!A1:E41 → kind null, notice "kind-unset" on Spend!A1:D9
 */
export function withKind(s: FixState, id: string, kind: TableKind | null): FixPatch {
  const losers = kind
    ? Object.keys(s.assignments).filter((other) => other !== id && s.assignments[other].kind === kind)
    : [];
  const touched = new Set([id, ...losers]);
  const assignments = { ...s.assignments };
  const manual = { ...s.manual };
  for (const other of losers) {
    assignments[other] = { ...assignments[other], kind: null };
    manual[other] = { ...(manual[other] ?? emptyFixes()), kind: null };
  }
  assignments[id] = { ...(assignments[id] ?? { roles: {} }), kind };
  manual[id] = { ...(manual[id] ?? emptyFixes()), kind };
  const notices = othersThan(s.notices, touched);
  if (kind && losers.length > 0) {
    const lines: ChangeLine[] = losers.map((other) => {
      const view = s.sources.find((v) => v.id === other);
      return { type: 'kind-unset', kind, table: view ? tableName(view) : { name: other, where: other } };
    });
    notices.push({ id: nextId(s.notices), source: id, header: null, lines, before: before(s, touched) });
  }
  return { assignments, manual, notices };
}

/**
 * Column `header` of source `id` plays `role` now (null: none). A role one column plays (all but attributes,
 * outcomes, covariates and costs per result) leaves the column that had it, and the notice says so; a money role on
 * a column ingest read as identifiers, or an identifier role on one it read as amounts, adds a doubt to it.
 * @example withRole(s, 'S!A1:E25', '实付金额', 'customer_id') // 客户ID → null; notice "role-moved" 客户ID → 实付金额
 */
export function withRole(s: FixState, id: string, header: string, role: Role | null): FixPatch {
  const a = s.assignments[id] ?? { kind: null, roles: {} };
  const view = s.sources.find((v) => v.id === id);
  const roles = { ...a.roles };
  const fixes: ManualFixes = { ...(s.manual[id] ?? emptyFixes()) };
  fixes.roles = { ...fixes.roles };
  const lines: ChangeLine[] = [];
  if (role && !MULTI.has(role))
    for (const h of Object.keys(roles))
      if (h !== header && roles[h] === role) {
        roles[h] = null;
        fixes.roles[h] = null;
        lines.push({ type: 'role-moved', role, from: columnName(view, h), to: columnName(view, header) });
      }
  roles[header] = role;
  fixes.roles[header] = role;
  const type = view?.columns.find((c) => c.header === header)?.type;
  const doubt = role && type ? roleTypeWarning(role, type) : null;
  if (doubt && role) lines.push({ type: doubt, role, column: columnName(view, header) });
  const notices = othersThan(s.notices, new Set([id]));
  if (lines.length > 0) notices.push({ id: nextId(s.notices), source: id, header, lines, before: before(s, [id]) });
  return { assignments: { ...s.assignments, [id]: { ...a, roles } }, manual: { ...s.manual, [id]: fixes }, notices };
}

/** Status `value` of source `id` means `cls`, as the user said. */
export function withStatus(s: FixState, id: string, value: string, cls: StatusClass): FixPatch | null {
  const a = s.assignments[id];
  if (!a) return null;
  const fixes = s.manual[id] ?? emptyFixes();
  return {
    assignments: { ...s.assignments, [id]: { ...a, statuses: { ...a.statuses, [value]: cls } } },
    manual: { ...s.manual, [id]: { ...fixes, statuses: { ...fixes.statuses, [value]: cls } } },
    notices: othersThan(s.notices, new Set([id])),
  };
}

/** Records that the user chose `format` for source `id` (the flow reads the table in it). */
export function withFormatFix(s: FixState, id: string, format: string): Pick<FixState, 'manual' | 'notices'> {
  return {
    manual: { ...s.manual, [id]: { ...(s.manual[id] ?? emptyFixes()), format } },
    notices: othersThan(s.notices, new Set([id])),
  };
}

/** The year of source `id`'s year-less period headers, as the user gave it (null: taken away again). */
export function withPeriodYear(s: FixState, id: string, year: number | null): FixPatch | null {
  const a = s.assignments[id];
  if (!a) return null;
  const { periodYear: _, ...rest } = a;
  return {
    assignments: { ...s.assignments, [id]: year === null ? rest : { ...rest, periodYear: year } },
    manual: { ...s.manual, [id]: { ...(s.manual[id] ?? emptyFixes()), periodYear: year } },
    notices: othersThan(s.notices, new Set([id])),
  };
}

/**
 * "Use selection": the selection `view` is used as `assignment`, and every other source of its kind becomes
 * "Not used"; the notice (on the selection's card) says which, and Undo takes the selection away again.
 */
export function withSelection(
  s: FixState,
  view: SourceView,
  assignment: Assignment,
): FixPatch & Pick<FixState, 'sources'> {
  const isNew = !s.sources.some((v) => v.id === view.id);
  const sources = [view, ...s.sources.filter((v) => v.id !== view.id)];
  const patch = withKind(
    { ...s, sources, assignments: { ...s.assignments, [view.id]: assignment } },
    view.id,
    assignment.kind,
  );
  // The new notice's "before" is the pane before the selection came in (without it, when it is new).
  const notices = patch.notices.map((n) =>
    s.notices.some((x) => x.id === n.id)
      ? n
      : { ...n, before: { ...before(s, Object.keys(n.before.assignments)), ...(isNew ? { added: view.id } : {}) } },
  );
  return { ...patch, notices, sources };
}

/** The pane as it was before notice `noticeId`'s change; null when there is no such notice. */
export function undone(s: FixState, noticeId: number): (FixPatch & Pick<FixState, 'sources'>) | null {
  const n = s.notices.find((x) => x.id === noticeId);
  if (!n) return null;
  const back = <T>(now: Record<string, T>, then: Record<string, T | null>): Record<string, T> => {
    const out = Object.fromEntries(Object.entries(now).filter(([id]) => !(id in then)));
    for (const [id, x] of Object.entries(then)) if (x) out[id] = x;
    return out;
  };
  const assignments = back(s.assignments, n.before.assignments);
  const manual = back(s.manual, n.before.manual);
  const sources = n.before.added ? s.sources.filter((v) => v.id !== n.before.added) : s.sources;
  return { assignments, manual, notices: s.notices.filter((x) => x.id !== noticeId), sources };
}

/**
 * The source among `views` that `id` stood for: the same id, or else the one range on the same sheet starting at the
 * same cell (rows added below a table change its address, not what it is).
 */
export function successor(
  id: string,
  previous: SourceView | undefined,
  views: readonly SourceView[],
): SourceView | undefined {
  const same = views.find((v) => v.id === id);
  if (same || !previous || previous.tableName) return same;
  const start = previous.address.split(':')[0];
  const grown = views.filter((v) => !v.tableName && v.sheet === previous.sheet && v.address.split(':')[0] === start);
  return grown.length === 1 ? grown[0] : undefined;
}

/**
 * After "Look again": the fixes in `manual` put back over what Loopbook found by itself (`found`), on the source
 * each stood for (`successor`) where its header still exists; `formatRoles` are the roles a source reads with in its
 * chosen format (by new source id). Says which fixes were kept (those that differ from `found`) and which were lost.
 */
export function reapply(
  manual: Readonly<Record<string, ManualFixes>>,
  previous: readonly SourceView[],
  views: readonly SourceView[],
  found: Readonly<Record<string, Assignment>>,
  formatRoles: Readonly<Record<string, Record<string, Role | null>>> = {},
): { assignments: Record<string, Assignment>; manual: Record<string, ManualFixes>; report: RescanReport } {
  const assignments: Record<string, Assignment> = {};
  for (const [id, a] of Object.entries(found)) assignments[id] = { ...a, roles: { ...a.roles } };
  const kept: KeptLine[] = [];
  const lost: LostLine[] = [];
  const next: Record<string, ManualFixes> = {};
  const byHand = new Set<string>();
  for (const [id, fixes] of Object.entries(manual)) {
    const old = previous.find((v) => v.id === id);
    const view = successor(id, old, views);
    const table = old ? tableName(old) : view ? tableName(view) : { name: id, where: id };
    if (!view) {
      const worth =
        fixes.kind ||
        Object.values(fixes.roles).some((r) => r) ||
        fixes.format ||
        Object.keys(fixes.statuses).length > 0 ||
        fixes.periodYear;
      if (worth) lost.push({ type: 'table', table });
      continue;
    }
    const at = tableName(view);
    const a = assignments[view.id];
    const kept1: KeptLine[] = [];
    const own: ManualFixes = { roles: {}, statuses: { ...fixes.statuses } };
    if (fixes.kind !== undefined) {
      own.kind = fixes.kind;
      byHand.add(view.id);
      if (a.kind !== fixes.kind) kept1.push({ type: 'kind', source: view.id, table: at, kind: fixes.kind });
      a.kind = fixes.kind;
    }
    if (fixes.format !== undefined) {
      own.format = fixes.format;
      if (a.format !== fixes.format) kept1.push({ type: 'format', source: view.id, table: at, format: fixes.format });
      a.format = fixes.format;
      if (formatRoles[view.id]) a.roles = { ...a.roles, ...formatRoles[view.id] };
    }
    for (const [header, role] of Object.entries(fixes.roles)) {
      const column = view.columns.find((c) => c.header === header);
      if (!column) {
        if (role) lost.push({ type: 'column', table: at, header, role });
        continue;
      }
      own.roles[header] = role;
      if (role && !MULTI.has(role))
        for (const h of Object.keys(a.roles))
          if (h !== header && a.roles[h] === role && !(h in fixes.roles)) a.roles[h] = null;
      if ((a.roles[header] ?? null) !== role)
        kept1.push({ type: 'role', source: view.id, table: at, column: { header, letter: column.letter }, role });
      a.roles[header] = role;
    }
    for (const [value, cls] of Object.entries(fixes.statuses)) {
      if (a.statuses?.[value] !== cls) kept1.push({ type: 'status', source: view.id, table: at, value, cls });
    }
    if (Object.keys(fixes.statuses).length > 0) a.statuses = { ...a.statuses, ...fixes.statuses };
    if (fixes.periodYear !== undefined) {
      own.periodYear = fixes.periodYear;
      if ((a.periodYear ?? null) !== fixes.periodYear)
        kept1.push({ type: 'periodYear', source: view.id, table: at, year: fixes.periodYear });
      if (fixes.periodYear === null) delete a.periodYear;
      else a.periodYear = fixes.periodYear;
    }
    kept.push(...kept1);
    next[view.id] = own;
  }
  // A kind the user gave a table is played by that table alone: one Loopbook picked by itself gives way.
  for (const id of byHand) {
    const kind = assignments[id].kind;
    if (!kind) continue;
    for (const [other, a] of Object.entries(assignments))
      if (other !== id && !byHand.has(other) && a.kind === kind) assignments[other] = { ...a, kind: null };
  }
  return { assignments, manual: next, report: { kept, lost } };
}
