/**
 * Which column roles each table kind offers in the Data step's drop-downs (DESIGN.md "Column roles"),
 * in the order they are listed. `attribute` (kept as a categorical attribute) is offered for every kind.
 */
import type { Role, TableKind } from '../../src/ingest/types.js';

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
