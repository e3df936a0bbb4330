/**
 * Stripe Dashboard › Payments › Export (unified_payments.csv): id, Created date (UTC), Amount, Amount Refunded,
 * Currency, Captured, Description, Fee, Refunded date (UTC), Status, Customer ID, Customer Email. A partial
 * refund keeps Status `Paid` with `Amount Refunded` > 0; a full refund is `Refunded`.
 * Stripe docs, the Charge object (status succeeded / pending / failed, amount_refunded, refunded)
 * (https://docs.stripe.com/api/charges/object) and "Refunds" (https://docs.stripe.com/refunds).
 */
import type { ExportFormat } from './types.js';

export const stripePayments: ExportFormat = {
  id: 'stripe-payments',
  name: { en: 'Stripe payments export', 'zh-CN': 'Stripe 付款导出' },
  docs: 'https://docs.stripe.com/api/charges/object',
  kind: 'orders',
  signatures: [['id', 'Amount', 'Amount Refunded', 'Status', /^created( date)? \(utc\)$/i]],
  columns: [
    { header: 'id', role: 'order_id' },
    { header: /^created( date)? \(utc\)$/i, role: 'date' },
    { header: 'Amount', role: 'amount' },
    { header: 'Amount Refunded', role: 'refunded_amount' },
    { header: 'Status', role: 'status' },
    { header: 'Customer ID', role: 'customer_id' },
    { header: 'Customer Email', role: null },
    { header: 'Fee', role: null },
    { header: /^converted amount( refunded)?$/i, role: null },
  ],
  statuses: {
    paid: 'paid',
    succeeded: 'paid',
    refunded: 'refunded',
    'partially refunded': 'partially_refunded',
    failed: 'cancelled',
    canceled: 'cancelled',
    cancelled: 'cancelled',
    pending: 'open',
    uncaptured: 'open',
    'requires action': 'open',
    'requires payment method': 'open',
  },
};
