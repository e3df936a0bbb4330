/**
 * Reported against real, phase 3 (present): the channel table with its total row, figures, findings,
 * notes and the chart. Only wording and layout; every number comes from the compute phase.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { col } from '../result-column.js';
import { fromMinor } from '../money.js';
import { orderCount, type OrderTally } from './compute.js';
import { type Acc, type ChannelTotals, type ReportedVsRealOptions } from './model.js';
import { countText, moneyExact, pct, ratio } from '../../common/index.js';

/** Which reported measures the campaigns sheet has. */
export interface Reported {
  conversions: boolean;
  revenue: boolean;
}

/** Channels by spend, then real revenue, then name. */
export function sortedChannels(t: ChannelTotals): [string, Acc][] {
  return [...t.acc.entries()].sort(
    (a, b) =>
      b[1].spend - a[1].spend ||
      b[1].real - a[1].real ||
      (t.labels.get(a[0]) ?? '').localeCompare(t.labels.get(b[0]) ?? ''),
  );
}

/**
 * A paid channel: on the campaigns sheet with spend in the window. Only its orders are revenue the spend can
 * be held against; orders of the other channels (organic, direct, a campaign row without spend) are shown apart.
 */
export function isPaid(a: Acc): boolean {
  return a.fromCampaigns && a.spend > 0;
}

/** All channels added up; `orders` is their number of real orders. */
export function grandTotal(entries: readonly [string, Acc][]): { total: Acc; orders: number } {
  const total: Acc = { spend: 0, conv: 0, rev: 0, orders: 0, real: 0, fromCampaigns: true };
  let orders = 0;
  for (const [, a] of entries) {
    total.spend += a.spend;
    total.conv += a.conv;
    total.rev += a.rev;
    total.real += a.real;
    orders += orderCount(a.orders);
  }
  return { total, orders };
}

function rowOf(
  name: string,
  a: Acc,
  orders: number,
  out: (m: number) => number,
  has: Reported,
): Record<string, CellValue> {
  const r: Record<string, CellValue> = { channel: name, spend: a.fromCampaigns ? out(a.spend) : null };
  if (has.conversions) r.reported_conversions = a.fromCampaigns ? a.conv : null;
  r.real_orders = orders;
  if (has.conversions) r.conversion_inflation = a.fromCampaigns ? ratio(a.conv, orders) : null;
  if (has.revenue) r.reported_revenue = a.fromCampaigns ? out(a.rev) : null;
  r.real_revenue = out(a.real);
  if (has.revenue) {
    r.revenue_inflation = a.fromCampaigns ? ratio(a.rev, a.real) : null;
    r.over_reported = a.fromCampaigns ? out(a.rev - a.real) : null;
    r.roas_reported = a.fromCampaigns ? ratio(a.rev, a.spend) : null;
  }
  r.roas_real = a.fromCampaigns ? ratio(a.real, a.spend) : null;
  r.roi_real = a.fromCampaigns ? ratio(a.real - a.spend, a.spend) : null;
  return r;
}

export function channelTable(
  t: ChannelTotals,
  entries: readonly [string, Acc][],
  has: Reported,
  digits: number,
  lang: Lang,
): ResultTable {
  const out = (m: number): number => fromMinor(m, digits);
  const row = ([k, a]: [string, Acc]) => rowOf(t.labels.get(k) ?? k, a, orderCount(a.orders), out, has);
  const paid = entries.filter(([, a]) => isPaid(a));
  const unpaid = entries.filter(([, a]) => !isPaid(a));
  // Paid channels and their total (the ratios), then the channels without spend, then all orders.
  const rows = paid.map(row);
  const p = grandTotal(paid);
  rows.push(rowOf(msg(unpaid.length > 0 ? 'rvr.total.paid' : 'rvr.total')[lang], p.total, p.orders, out, has));
  if (unpaid.length > 0) {
    rows.push(...unpaid.map(row));
    const all = grandTotal(entries);
    rows.push({
      ...rowOf(msg('rvr.total.all')[lang], { ...all.total, fromCampaigns: false }, all.orders, out, has),
      spend: out(all.total.spend),
    });
  }
  const columns: ResultColumn[] = [
    col('channel', 'Channel', '渠道', 'text'),
    col('spend', 'Spend', '花费', 'currency'),
  ];
  if (has.conversions)
    columns.push(col('reported_conversions', 'Reported conversions', '平台报告转化', 'number', { decimals: 0 }));
  columns.push(col('real_orders', 'Real orders', '真实订单数', 'integer'));
  if (has.conversions)
    columns.push(
      col('conversion_inflation', 'Conversion inflation', '转化虚高倍数', 'ratio', {
        decimals: 2,
        highlight: 'colorScale',
      }),
    );
  if (has.revenue) columns.push(col('reported_revenue', 'Reported revenue', '平台报告收入', 'currency'));
  columns.push(col('real_revenue', 'Real revenue (orders)', '真实收入（订单）', 'currency'));
  if (has.revenue) {
    columns.push(
      col('revenue_inflation', 'Revenue inflation', '收入虚高倍数', 'ratio', { decimals: 2, highlight: 'colorScale' }),
    );
    columns.push(col('over_reported', 'Reported − real revenue', '报告收入 − 真实收入', 'currency'));
    columns.push(col('roas_reported', 'ROAS reported', '报告 ROAS', 'ratio', { decimals: 2 }));
  }
  columns.push(
    col('roas_real', 'ROAS real', '真实 ROAS', 'ratio', { decimals: 2 }),
    col('roi_real', 'ROI real', '真实投资回报率', 'percent', { highlight: 'colorScale' }),
  );
  return {
    name: 'channels',
    title: { en: 'Reported against real by channel', 'zh-CN': '各渠道平台报告与真实结果' },
    columns,
    rows,
    note: {
      en: 'Ratios are empty where their denominator is zero (no real orders, no spend). Channels with orders but no spend (e.g. organic, direct) are listed after the paid total and count in no ratio; the last row adds up all orders.',
      'zh-CN':
        '分母为零（无真实订单、无花费）时比率留空。有订单但无花费的渠道（如自然流量、直接访问）列在付费渠道合计之后，不计入任何比率；最后一行为全部订单合计。',
    },
  };
}

/**
 * Key figures. Every ratio holds paid channels' real revenue against their spend; revenue of channels without
 * spend (organic) is its own figure, never in a ratio.
 */
export function rvrFigures(entries: readonly [string, Acc][], has: Reported, digits: number): Figure[] {
  const out = (m: number): number => fromMinor(m, digits);
  const { total: tot, orders } = grandTotal(entries.filter(([, a]) => isPaid(a)));
  const organic = entries.filter(([, a]) => !isPaid(a)).reduce((s, [, a]) => s + a.real, 0);
  const figures: Figure[] = [
    { key: 'spend', label: { en: 'Spend', 'zh-CN': '花费' }, value: out(tot.spend), kind: 'currency' },
    {
      key: 'real_revenue',
      label: { en: 'Real revenue, paid channels', 'zh-CN': '付费渠道真实收入' },
      value: out(tot.real),
      kind: 'currency',
    },
    {
      key: 'organic_revenue',
      label: { en: 'Revenue without spend (organic)', 'zh-CN': '无花费渠道收入（自然流量）' },
      value: out(organic),
      kind: 'currency',
    },
    {
      key: 'roi_real',
      label: { en: 'ROI on real revenue, paid channels', 'zh-CN': '付费渠道按真实收入的投资回报率' },
      value: ratio(tot.real - tot.spend, tot.spend),
      kind: 'percent',
    },
  ];
  if (has.revenue) {
    figures.splice(1, 0, {
      key: 'reported_revenue',
      label: { en: 'Reported revenue', 'zh-CN': '平台报告收入' },
      value: out(tot.rev),
      kind: 'currency',
    });
    figures.push({
      key: 'revenue_inflation',
      label: { en: 'Revenue inflation', 'zh-CN': '收入虚高倍数' },
      value: ratio(tot.rev, tot.real),
      kind: 'ratio',
      decimals: 2,
    });
    figures.push({
      key: 'roi_reported',
      label: { en: 'ROI on reported revenue', 'zh-CN': '按报告收入的投资回报率' },
      value: ratio(tot.rev - tot.spend, tot.spend),
      kind: 'percent',
    });
  }
  if (has.conversions)
    figures.push({
      key: 'conversion_inflation',
      label: { en: 'Conversion inflation', 'zh-CN': '转化虚高倍数' },
      value: ratio(tot.conv, orders),
      kind: 'ratio',
      decimals: 2,
    });
  for (const f of figures) if (f.value === null) f.note = msg('rvr.figure.zero-denominator');
  return figures;
}

/**
 * Per platform channel: reported revenue inflated by at least `minInflation` (or with no real revenue),
 * and a channel that is profitable on reported revenue but loses money on real revenue.
 */
export function rvrFindings(
  t: ChannelTotals,
  entries: readonly [string, Acc][],
  has: Reported,
  opts: ReportedVsRealOptions,
  currency: string,
  digits: number,
): Finding[] {
  const out = (m: number): number => fromMinor(m, digits);
  const amount =
    (m: number) =>
    (l: Lang): string =>
      moneyExact(out(m), currency, l);
  const findings: Finding[] = [];
  for (const [k, a] of entries) {
    if (!a.fromCampaigns || !has.revenue) continue;
    const channel = t.labels.get(k) ?? k;
    const infl = ratio(a.rev, a.real);
    if (a.rev > 0 && (infl === null || infl >= 1 + opts.minInflation)) {
      findings.push({
        key: `inflated:${k}`,
        text: msg('rvr.finding.inflated', {
          channel,
          reported: amount(a.rev),
          real: amount(a.real),
          times: infl === null ? msg('none') : msg('rvr.finding.inflated.times', { ratio: infl.toFixed(2) }),
          roiReal: (l) => pct(ratio(a.real - a.spend, a.spend), l),
          roiReported: (l) => pct(ratio(a.rev - a.spend, a.spend), l),
        }),
        atStake: out(a.rev - a.real),
        evidence: msg('rvr.finding.inflated.evidence', {
          spend: amount(a.spend),
          orders: countText(orderCount(a.orders)),
        }),
        observational: true,
      });
    }
    if (a.spend > 0 && a.rev >= a.spend && a.real < a.spend) {
      findings.push({
        key: `loses-money:${k}`,
        text: msg('rvr.finding.loses-money', { channel, loss: amount(a.spend - a.real) }),
        atStake: out(a.spend - a.real),
        observational: true,
      });
    }
  }
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  return findings;
}

/** The paid channels by name, and the revenue of the others with their names, for the notes. */
function paidNote(t: ChannelTotals, entries: readonly [string, Acc][], currency: string, digits: number): I18nText {
  const names = (xs: readonly [string, Acc][]) => (l: Lang) =>
    xs.map(([k]) => t.labels.get(k) ?? k).join(l === 'en' ? ', ' : '、');
  const paid = entries.filter(([, a]) => isPaid(a));
  const unpaid = entries.filter(([, a]) => !isPaid(a));
  if (unpaid.length === 0) return msg('rvr.note.paid.none', { paid: names(paid) });
  const organic = unpaid.reduce((s, [, a]) => s + a.real, 0);
  return msg('rvr.note.paid', {
    paid: names(paid),
    unpaid: names(unpaid),
    organic: (l) => moneyExact(fromMinor(organic, digits), currency, l),
  });
}

export function rvrNotes(
  tally: OrderTally,
  t: ChannelTotals,
  entries: readonly [string, Acc][],
  currency: string,
  digits: number,
): I18nText[] {
  return [
    paidNote(t, entries, currency, digits),
    msg('rvr.note.attribution'),
    msg('rvr.note.orders', {
      window: msg(tally.windowed ? 'rvr.note.orders.window' : 'rvr.note.orders.all'),
      cancelled: tally.cancelled,
      outside: tally.outside,
    }),
  ];
}

export function rvrCharts(has: Reported): ChartHint[] {
  if (!has.revenue) return [];
  return [
    {
      name: 'reported_vs_real_revenue',
      title: { en: 'Reported and real revenue by channel', 'zh-CN': '各渠道报告收入与真实收入' },
      kind: 'column' as const,
      table: 'channels',
      category: 'channel',
      series: ['reported_revenue', 'real_revenue'],
      maxRows: 20,
    },
  ];
}
