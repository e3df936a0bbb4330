/**
 * 抖店 商家后台 › 订单管理 › 批量导出: 主订单编号, 子订单编号 (one row per 子订单: the order-level 订单应付金额 repeats
 * on each), 选购商品, 商品数量, 商品金额, 订单应付金额, 订单提交时间, 支付完成时间, 订单状态, 售后状态, 流量来源,
 * 达人昵称, 收件人 / 收件人手机号 (masked). The export has no stable buyer id, so no column is the customer.
 * 订单状态: 待支付, 待发货, 已发货, 已完成, 已关闭.
 * 抖店 商家帮助中心 "订单导出字段说明" (https://school.jinritemai.com/); "抖音订单报表使用说明": exported by 商品维度,
 * each 商品 (子订单) is a row, by 订单维度 each 主订单号 is one (http://gtc8.cn/baike/i103939.html).
 * So 订单应付金额 (实付款 where an export names it so) is the order's and counts once per 主订单编号; 商品金额 is the
 * 子订单's own and counts on every row.
 */
import type { ExportFormat } from './types.js';

export const douyinOrders: ExportFormat = {
  id: 'douyin-orders',
  name: { en: 'Douyin shop (抖店) order export', 'zh-CN': '抖店订单导出' },
  docs: 'https://school.jinritemai.com/',
  kind: 'orders',
  signatures: [['主订单编号', '子订单编号', '订单应付金额', '订单状态']],
  columns: [
    { header: '主订单编号', role: 'order_id' },
    { header: '子订单编号', role: null },
    { header: '订单提交时间', role: 'date' },
    { header: '订单应付金额', role: 'amount' },
    { header: '商品金额', role: null },
    { header: '订单状态', role: 'status' },
    { header: '商品数量', role: 'quantity' },
    { header: '流量来源', role: 'channel' },
    { header: /^收件人(手机号)?$/, role: null },
  ],
  orderLevel: ['订单应付金额', '实付款'],
  statuses: {
    已完成: 'paid',
    已发货: 'paid',
    待发货: 'paid',
    已支付: 'paid',
    已关闭: 'cancelled',
    已取消: 'cancelled',
    待支付: 'open',
  },
};
