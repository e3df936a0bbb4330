/**
 * 淘宝/天猫 卖家中心 › 已卖出的宝贝 › 批量导出 订单报表 (xlsx, or csv in GB18030): 订单编号, 买家会员名,
 * 买家支付宝账号 (masked, e.g. `138****5678`: never the customer), 买家应付货款, 买家应付邮费, 总金额 (before
 * discounts: not what was paid), 买家实际支付金额 (what was paid: the amount), 订单状态, 订单创建时间, 订单付款时间,
 * 宝贝总数量, 退款金额, 店铺名称. 订单状态: 交易成功, 卖家已发货，等待买家确认, 买家已付款，等待卖家发货,
 * 等待买家付款, 交易关闭 (closed: never revenue).
 * 淘宝 千牛卖家中心 帮助 "订单报表导出字段说明" (https://myseller.taobao.com/ and https://helpcenter.taobao.com/).
 */
import type { ExportFormat } from './types.js';

export const taobaoOrders: ExportFormat = {
  id: 'taobao-orders',
  name: { en: 'Taobao / Tmall order report', 'zh-CN': '淘宝/天猫订单报表' },
  docs: 'https://helpcenter.taobao.com/',
  kind: 'orders',
  signatures: [['订单编号', '买家会员名', '买家实际支付金额', '订单状态']],
  columns: [
    { header: '订单编号', role: 'order_id' },
    { header: '买家会员名', role: 'customer_id' },
    { header: '买家支付宝账号', role: null },
    { header: '买家实际支付金额', role: 'amount' },
    { header: '总金额', role: null },
    { header: '买家应付货款', role: null },
    { header: '买家应付邮费', role: null },
    { header: '订单状态', role: 'status' },
    { header: '订单创建时间', role: 'date' },
    { header: '订单付款时间', role: null },
    { header: '宝贝总数量', role: 'quantity' },
    { header: '退款金额', role: 'refunded_amount' },
    { header: '店铺名称', role: 'channel' },
  ],
  statuses: {
    交易成功: 'paid',
    '卖家已发货，等待买家确认': 'paid',
    '买家已付款，等待卖家发货': 'paid',
    等待买家付款: 'open',
    交易关闭: 'cancelled',
  },
};
