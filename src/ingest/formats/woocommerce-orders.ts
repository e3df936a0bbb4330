/**
 * WooCommerce Analytics › Orders report, "Download" (CSV): Date, Order #, Status, Customer, Customer type,
 * Product(s), Items sold, Coupon(s), Net Sales. Order statuses: Pending payment, Failed, Processing, Completed,
 * On hold, Cancelled, Refunded, Draft (processing = paid, awaiting fulfilment).
 * WooCommerce docs, "Orders report" (https://woocommerce.com/document/woocommerce-analytics/orders-report/) and
 * "Order statuses" (https://woocommerce.com/document/managing-orders/order-statuses/).
 */
import type { ExportFormat } from './types.js';

export const woocommerceOrders: ExportFormat = {
  id: 'woocommerce-orders',
  name: { en: 'WooCommerce orders report', 'zh-CN': 'WooCommerce 订单报表' },
  docs: 'https://woocommerce.com/document/woocommerce-analytics/orders-report/',
  kind: 'orders',
  signatures: [['Date', 'Order #', 'Status', 'Customer', 'Net Sales']],
  columns: [
    { header: 'Date', role: 'date' },
    { header: 'Order #', role: 'order_id' },
    { header: 'Status', role: 'status' },
    { header: 'Customer', role: 'customer_id' },
    { header: 'Customer type', role: null },
    { header: 'Items sold', role: 'quantity' },
    { header: 'Net Sales', role: 'amount' },
    { header: 'Attribution', role: 'channel' },
  ],
  statuses: {
    completed: 'paid',
    processing: 'paid',
    'on hold': 'open',
    'pending payment': 'open',
    pending: 'open',
    draft: 'open',
    'checkout draft': 'open',
    cancelled: 'cancelled',
    failed: 'cancelled',
    refunded: 'refunded',
  },
};
