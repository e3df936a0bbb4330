/**
 * The Data step's "What Loopbook decided" for one table: the same lines the command line prints
 * (`src/run/decisions.ts`, `src/run/money-decisions.ts`), without the recipe hints (the pane offers each change
 * beside its line), with what the pane needs to change them: the format recognised, each status's meaning and
 * figures, and the money roles the values did not settle.
 */
import type { Dataset, DatasetFormat, Role, StatusClass, TableKind } from '../../src/ingest/types.js';
import { formatLine, money, periodLines, statusDecisions } from '../../src/run/decisions.js';
import { moneyDecisions } from '../../src/run/money-decisions.js';
import type { AmbiguousView, StatusTotals, StatusView, TableDecisions } from './protocol.js';

/** Tables whose money decisions (rates, grain) are about the table itself. */
const MONEY_KINDS: ReadonlySet<TableKind> = new Set(['campaigns', 'budget', 'fx_rates']);

export interface DecisionsInput {
  id: string;
  kind: TableKind;
  /** The table as read in its format, before the user's roles and statuses. */
  read: Dataset;
  /** The table as the run uses it (`datasetForSource`: roles and statuses applied). */
  used: Dataset;
  /** The format the headers match (the first read's), when one does. */
  recognised: DatasetFormat | undefined;
  /** The format the user chose (an id or `none`), when they chose one. */
  format: string | undefined;
  currency: string;
  /** The year the user gave a wide sheet's year-less headers. */
  periodYear?: number;
}

/** Statuses whose orders count as revenue (an unknown status counts as paid, as the analyses read it). */
const COUNTED: ReadonlySet<StatusClass | null> = new Set<StatusClass | null>([
  'paid',
  'won',
  'partially_refunded',
  null,
]);

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The status lines summed: what counts as revenue (each line's amount less what was refunded) and what is left out.
 * @example statusTotals([{ cls: 'paid', orders: 2, amount: 30, refunded: 0, … }, { cls: 'cancelled', orders: 1, amount: 5, … }])
 *   // → { counted: { orders: 2, amount: 30, money: '¥30.00' }, left: { orders: 1, amount: 5, money: '¥5.00' }, … }
 */
export function statusTotals(statuses: readonly StatusView[]): StatusTotals | null {
  if (statuses.length === 0) return null;
  const counted = { orders: 0, amount: 0 };
  const left = { orders: 0, amount: 0 };
  for (const s of statuses) {
    if (COUNTED.has(s.cls)) {
      counted.orders += s.orders;
      counted.amount += s.amount - s.refunded;
    } else {
      left.orders += s.orders;
      left.amount += s.amount;
    }
  }
  const currency = statuses[0].currency;
  const done = (x: { orders: number; amount: number }) => ({
    orders: x.orders,
    amount: round2(x.amount),
    money: money(round2(x.amount), currency),
  });
  const deals = statuses.some((s) => s.cls === 'won' || s.cls === 'lost');
  return { counted: done(counted), left: done(left), currency, deals };
}

/** The candidates of each ambiguous role of `read`, with the one holding the role in `used`. */
function ambiguousOf(read: Dataset, used: Dataset): AmbiguousView[] {
  return (read.ambiguous ?? []).map((a) => {
    const holder = a.candidates.find((c) => used.columns.find((x) => x.name === c.name)?.role === a.role);
    return {
      role: a.role,
      candidates: a.candidates.map((c) => ({ header: c.header, letter: c.letter })),
      chosen: holder?.header ?? null,
    };
  });
}

/**
 * What Loopbook decided about one table, for the Data step.
 * @example tableDecisions({ id, kind: 'orders', read, used, recognised: read.format, format: undefined, currency: 'CNY' })
 *   .statuses.map((s) => [s.value, s.cls]) // → [['交易成功', 'paid'], …, ['交易关闭', 'cancelled']]
 */
export function tableDecisions(input: DecisionsInput): TableDecisions {
  const { read, used, recognised, format, currency } = input;
  const opts = { currency, recipeHints: false };
  const readRoles: Record<string, Role | null> = {};
  for (const c of read.columns) readRoles[c.header] = c.role;
  const statuses: StatusView[] = statusDecisions(used, opts).map((s) => ({
    value: s.value,
    cls: s.cls,
    text: s.text,
    orders: s.orders,
    amount: s.amount,
    refunded: s.refunded,
    currency: s.currency,
  }));
  return {
    id: input.id,
    format: {
      text: formatLine(used, format === 'none', false).text,
      recognised: recognised ? { id: recognised.id, name: recognised.name } : null,
      using: used.format?.id ?? 'none',
    },
    statuses,
    totals: statusTotals(statuses),
    periods: periodLines(used).map((d) => d.text),
    money: MONEY_KINDS.has(input.kind) ? moneyDecisions({ [input.kind]: used }, currency).map((d) => d.text) : [],
    ambiguous: ambiguousOf(read, used),
    year: read.unpivot
      ? {
          missing: read.diagnostics.some((d) => d.code === 'wide-year-missing'),
          given: input.periodYear ?? null,
        }
      : null,
    readRoles,
  };
}
