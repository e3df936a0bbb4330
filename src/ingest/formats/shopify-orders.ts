/**
 * Shopify orders export (Admin › Orders › Export, CSV): one row per line item; order-level fields (Financial
 * Status, Paid at, Subtotal, Total, Refunded Amount …) on the first row of each order only; `Email` identifies the
 * customer; `Created at` carries a time-zone offset (`2024-06-01 13:45:10 +0800`). Financial statuses: paid,
 * partially_refunded, refunded, pending, authorized, partially_paid, voided, expired.
 * Shopify Help Center, "Exporting orders" (https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders)
 * and "Financial status" of an order (https://help.shopify.com/en/manual/orders/order-status).
 */
import type { ExportFormat } from './types.js';

export const shopifyOrders: ExportFormat = {
  id: 'shopify-orders',
  name: { en: 'Shopify orders export', 'zh-CN': 'Shopify 订单导出' },
  docs: 'https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders',
  kind: 'orders',
  signatures: [['Name', 'Email', 'Financial Status', 'Paid at', 'Lineitem quantity', 'Lineitem name']],
  columns: [
    { header: 'Name', role: 'order_id' },
    { header: 'Email', role: 'customer_id' },
    { header: 'Created at', role: 'date' },
    { header: 'Total', role: 'amount' },
    { header: 'Financial Status', role: 'status' },
    { header: 'Refunded Amount', role: 'refunded_amount' },
    { header: 'Lineitem quantity', role: 'quantity' },
    { header: 'Lineitem price', role: 'unit_price' },
    { header: 'Source', role: 'channel' },
    { header: 'Subtotal', role: null },
    { header: 'Paid at', role: null },
  ],
  statuses: {
    paid: 'paid',
    partially_refunded: 'partially_refunded',
    refunded: 'refunded',
    pending: 'open',
    authorized: 'open',
    partially_paid: 'open',
    unpaid: 'open',
    voided: 'cancelled',
    expired: 'cancelled',
  },
};
