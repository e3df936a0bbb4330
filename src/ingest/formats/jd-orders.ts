/**
 * 京东 商家后台 › 订单管理 › 订单导出: 订单号, 商品ID, 商品名称, 订购数量, 支付方式, 下单时间, 京东价, 订单金额
 * (list value), 结算金额, 应付金额 (what the buyer pays: the amount), 订单状态, 下单帐号 (the customer), 客户姓名.
 * 订单状态: 等待出库, 等待确认收货, 完成 (paid), 已取消 / 锁定 / 等待付款.
 * 京东商家帮助中心 "订单导出" (https://helpcenter.jd.com/).
 */
import type { ExportFormat } from './types.js';

export const jdOrders: ExportFormat = {
  id: 'jd-orders',
  name: { en: 'JD.com order export', 'zh-CN': '京东订单导出' },
  docs: 'https://helpcenter.jd.com/',
  kind: 'orders',
  signatures: [['订单号', '下单帐号', '应付金额', '订单状态']],
  columns: [
    { header: '订单号', role: 'order_id' },
    { header: '下单帐号', role: 'customer_id' },
    { header: '客户姓名', role: null },
    { header: '下单时间', role: 'date' },
    { header: '应付金额', role: 'amount' },
    { header: '订单金额', role: null },
    { header: '结算金额', role: null },
    { header: '订单状态', role: 'status' },
    { header: '订购数量', role: 'quantity' },
    { header: '京东价', role: 'unit_price' },
  ],
  statuses: {
    完成: 'paid',
    等待出库: 'paid',
    等待确认收货: 'paid',
    已取消: 'cancelled',
    取消: 'cancelled',
    锁定: 'open',
    等待付款: 'open',
    暂停: 'open',
  },
};
