/**
 * Which column roles each table kind offers in the Data step's drop-downs (DESIGN.md "Column roles"),
 * in the order they are listed. `attribute` (kept as a categorical attribute) is offered for every kind.
 */
import type { ColumnType, Role, TableKind } from '../../src/ingest/types.js';

export const KIND_ROLES: Record<TableKind, readonly Role[]> = {
  orders: [
    'customer_id',
    'date',
    'amount',
    'order_id',
    'channel',
    'campaign',
    'quantity',
    'unit_price',
    'status',
    'refunded_amount',
  ],
  customers: ['customer_id', 'signup_date', 'acquisition_channel', 'channel', 'date'],
  campaigns: [
    'campaign',
    'channel',
    'date',
    'period_start',
    'period_end',
    'spend',
    'impressions',
    'clicks',
    'conversions',
    'revenue',
    'reach',
    'budget',
    'cost_per_result',
  ],
  touchpoints: ['customer_id', 'channel', 'campaign', 'timestamp', 'event', 'converted', 'value'],
  experiment: ['unit_id', 'arm', 'outcome', 'covariate', 'customer_id', 'date'],
  invoices: [
    'vendor',
    'channel',
    'campaign_ref',
    'campaign',
    'invoice_id',
    'invoice_date',
    'period',
    'period_start',
    'period_end',
    'amount',
    'currency',
    'tax',
    'description',
  ],
  budget: ['channel', 'period', 'amount', 'campaign'],
  fx_rates: ['currency', 'rate', 'period'],
};

/** Roles offered for a column of a `kind` table; its current role stays offered even when unusual. */
export function rolesFor(kind: TableKind | null, current: Role | null): Role[] {
  const base: Role[] = kind ? [...KIND_ROLES[kind], 'attribute'] : ['attribute'];
  if (current && !base.includes(current)) base.push(current);
  return base;
}

/**
 * Every role, for the catalogue test (each has a label and a one-line hint in both languages). A `Record` over
 * `Role`, so a role added to the type without a line here does not compile.
 */
const EVERY_ROLE: Record<Role, true> = {
  customer_id: true,
  channel: true,
  campaign: true,
  amount: true,
  date: true,
  attribute: true,
  order_id: true,
  quantity: true,
  unit_price: true,
  status: true,
  refunded_amount: true,
  signup_date: true,
  acquisition_channel: true,
  spend: true,
  impressions: true,
  clicks: true,
  conversions: true,
  revenue: true,
  reach: true,
  budget: true,
  cost_per_result: true,
  period_start: true,
  period_end: true,
  timestamp: true,
  event: true,
  converted: true,
  value: true,
  unit_id: true,
  arm: true,
  outcome: true,
  covariate: true,
  vendor: true,
  campaign_ref: true,
  invoice_id: true,
  invoice_date: true,
  description: true,
  currency: true,
  tax: true,
  period: true,
  rate: true,
};
export const ALL_ROLES = Object.keys(EVERY_ROLE) as Role[];

/** Roles that hold money. */
const MONEY_ROLES: ReadonlySet<Role> = new Set<Role>([
  'amount',
  'unit_price',
  'refunded_amount',
  'spend',
  'revenue',
  'budget',
  'cost_per_result',
  'value',
  'tax',
]);
/** Roles that name one thing each (a customer, an order, a unit, an invoice). */
const ID_ROLES: ReadonlySet<Role> = new Set<Role>(['customer_id', 'order_id', 'unit_id', 'invoice_id']);

/**
 * A doubt about giving `role` to a column ingest typed `type` from its values (src/ingest/infer-column.ts): a money
 * role on a column read as identifiers (long digit strings, leading zeros, codes), or an identifier role on one read
 * as amounts (currency, or numbers with decimals). Nothing else is guessed here; null when there is no doubt.
 * @example roleTypeWarning('amount', 'identifier') // → 'money-on-id'
 */
export function roleTypeWarning(role: Role, type: ColumnType): 'money-on-id' | 'id-on-money' | null {
  if (MONEY_ROLES.has(role) && type === 'identifier') return 'money-on-id';
  if (ID_ROLES.has(role) && (type === 'currency' || type === 'number')) return 'id-on-money';
  return null;
}
