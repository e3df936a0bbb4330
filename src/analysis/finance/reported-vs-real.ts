/**
 * Reported against real: what the ad platforms say they brought (conversions and revenue in the campaigns
 * table, by their own attribution) against the orders the business recorded for each channel (the orders
 * table's channel). Each platform counts every conversion it touched, so the reported figures usually add
 * up to more than the real ones; the inflation ratio per channel puts ROI on real revenue.
 *
 * Definitions (per channel, over the dates the campaigns table covers, up to the as-of date):
 * - revenue inflation = reported revenue ÷ real revenue (Excel `=SUMIFS(Reported,…)/SUMIFS(Orders[Amount],…)`);
 * - conversion inflation = reported conversions ÷ real orders (distinct order ids when present, else rows);
 * - ROAS real = real revenue ÷ spend; ROI real = (real revenue − spend) ÷ spend.
 * A ratio with a zero denominator is empty, never Infinity. Money is summed in integer minor units.
 */
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { ChannelResolver } from './channels.js';
import { diag, missingColumn, raw, readMoney, roleColumn, texts, where } from './columns.js';
import { currencyDigits, fromMinor } from './money.js';
import { serialFromCell } from './months.js';
import { nameKey } from './names.js';
import { both, money, pct, ratio } from './text.js';

/** The order id a refund line refers to: `SO123-R`, `SO123_refund`, `SO123退款` → `SO123`. */
function refundBase(id: string): string {
  return id.replace(/[\s_-]*(r|rf|ref|refund|return|退款|退货|退)\d*$/iu, '');
}

/**
 * Last day covered by the row starting `last`, when row dates are period starts: every date a month's
 * 1st → the month's end; dates 7 days apart (weeks) → `last + 6`; else `last`.
 */
function periodEnd(starts: ReadonlySet<number>, last: number): number {
  if (starts.size < 2) return last;
  const sorted = [...starts].sort((a, b) => a - b);
  const firsts = sorted.every((x) => new Date((x - 25_569) * 86_400_000).getUTCDate() === 1);
  if (firsts) {
    const d = new Date((last - 25_569) * 86_400_000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000 + 25_569 - 1;
  }
  for (let k = 1; k < sorted.length; k++) if ((sorted[k] - sorted[0]) % 7 !== 0) return last;
  return last + 6;
}

export interface ReportedVsRealOptions {
  /** Order statuses that are not real revenue (compared after NFKC and lower-casing). */
  excludeStatuses: string[];
  /** Only orders dated within the campaigns table's date span (true), or every order up to the as-of date. */
  sameWindow: boolean;
  /** Revenue inflation above 1 + this is worth a finding (0.2 = reported 20% above real). */
  minInflation: number;
  /** Smallest similarity for tying an order channel name to a platform channel. */
  minSimilarity: number;
  /** Order channel text → platform channel text, for names no rule can match. */
  channelMap: Record<string, string>;
}

export const reportedVsRealDefaults: ReportedVsRealOptions = {
  excludeStatuses: ['cancelled', 'canceled', 'refunded', 'returned', 'void', '取消', '已取消', '退款', '已退款', '退货', '已退货'],
  sameWindow: true,
  minInflation: 0.2,
  minSimilarity: 0.85,
  channelMap: {},
};

const TITLE: I18nText = { en: 'Reported against real results', 'zh-CN': '平台报告与真实结果' };
const QUESTION: I18nText = {
  en: 'How much of the conversions and revenue the platforms report shows up in real orders, and what is ROI on real revenue?',
  'zh-CN': '平台报告的转化和收入有多少体现在真实订单中？按真实收入计算的投资回报率是多少？',
};
const SHEET: I18nText = { en: 'Reported vs real', 'zh-CN': '报告与真实' };

interface Acc {
  spend: number;
  conv: number;
  rev: number;
  orders: Set<string> | number;
  real: number;
  fromCampaigns: boolean;
}

function col(key: string, en: string, zh: string, kind: ResultColumn['kind'], extra: Partial<ResultColumn> = {}): ResultColumn {
  return { key, label: { en, 'zh-CN': zh }, kind, ...extra };
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'reported-vs-real', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/**
 * Reported against real by channel from a campaigns Dataset (channel, spend, conversions and/or revenue,
 * date) and an orders Dataset (channel, amount, date; order id and status when present).
 * Never throws: diagnostics name the sheet, column and rows.
 */
export function reportedVsReal(campaigns: Dataset, orders: Dataset, common: CommonOptions, options: Partial<ReportedVsRealOptions> = {}): AnalysisResult {
  const opts: ReportedVsRealOptions = { ...reportedVsRealDefaults, ...options };
  const diagnostics: Diagnostic[] = [];
  const lang = common.lang;
  const cur = common.currency;
  const digits = currencyDigits(cur);

  const cCh = roleColumn(campaigns, 'channel');
  const cSpend = roleColumn(campaigns, 'spend');
  const cConv = roleColumn(campaigns, 'conversions');
  const cRev = roleColumn(campaigns, 'revenue');
  const oCh = roleColumn(orders, 'channel', 'acquisition_channel');
  const oAmt = roleColumn(orders, 'amount', 'revenue');
  if (!cCh) diagnostics.push(missingColumn(campaigns, 'finance.rvr.missing-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE));
  if (!cConv && !cRev) diagnostics.push(missingColumn(campaigns, 'finance.rvr.missing-reported', { en: 'conversions or revenue', 'zh-CN': '转化或收入' }, TITLE));
  if (!oCh) diagnostics.push(missingColumn(orders, 'finance.rvr.missing-order-channel', { en: 'channel', 'zh-CN': '渠道' }, TITLE));
  if (!oAmt) diagnostics.push(missingColumn(orders, 'finance.rvr.missing-order-amount', { en: 'amount', 'zh-CN': '金额' }, TITLE));
  if (!cCh || (!cConv && !cRev) || !oCh || !oAmt) return emptyResult(diagnostics);
  if (campaigns.table.numRows() === 0 || orders.table.numRows() === 0) {
    diagnostics.push(diag('finance.rvr.empty', 'error', { en: 'The campaigns or the orders table has no rows.', 'zh-CN': '活动表或订单表没有数据行。' }));
    return emptyResult(diagnostics);
  }

  // Platform side.
  const chT = texts(campaigns, cCh);
  const acc = new Map<string, Acc>();
  const labels = new Map<string, string>();
  const get = (k: string, label: string, fromCampaigns: boolean): Acc => {
    let a = acc.get(k);
    if (!a) {
      acc.set(k, (a = { spend: 0, conv: 0, rev: 0, orders: 0, real: 0, fromCampaigns }));
      labels.set(k, label);
    }
    return a;
  };
  const cDate = roleColumn(campaigns, 'date', 'period_start');
  const cEnd = roleColumn(campaigns, 'period_end');
  const cd = cDate ? raw(campaigns, cDate) : null;
  const ce = cEnd ? raw(campaigns, cEnd) : null;
  let lo = Infinity;
  let hi = -Infinity;
  const starts = new Set<number>();
  const n = chT.length;
  const spend = cSpend ? readMoney(campaigns, cSpend, undefined, cur, diagnostics, 'finance.rvr.spend', { en: 'spend', 'zh-CN': '花费' }).minor : null;
  const rev = cRev ? readMoney(campaigns, cRev, undefined, cur, diagnostics, 'finance.rvr.revenue', { en: 'revenue', 'zh-CN': '收入' }).minor : null;
  const conv = cConv ? (raw(campaigns, cConv)) : null;
  const badConv: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = cd ? serialFromCell(cd[i]) : null;
    if (s !== null && Math.floor(s) > common.asOf) continue;
    if (s !== null) {
      lo = Math.min(lo, Math.floor(s));
      hi = Math.max(hi, Math.floor(s));
    }
    const e = ce ? serialFromCell(ce[i]) : null;
    if (e !== null) hi = Math.max(hi, Math.floor(Math.min(e, common.asOf)));
    if (s !== null && e === null) starts.add(Math.floor(s));
    const label = chT[i] ?? '';
    const a = get(nameKey(label), label, true);
    if (spend && spend[i] === spend[i]) a.spend += spend[i];
    if (rev && rev[i] === rev[i]) a.rev += rev[i];
    if (conv) {
      const v = conv[i];
      if (typeof v === 'number' && Number.isFinite(v)) a.conv += v;
      else if (v !== null && v !== undefined) badConv.push(i);
    }
  }
  if (badConv.length > 0 && cConv) {
    diagnostics.push(
      diag(
        'finance.rvr.bad-conversions',
        'warning',
        { en: `${badConv.length} conversion cell(s) are not numbers; they count as zero.`, 'zh-CN': `${badConv.length} 个转化单元格不是数字，按零计。` },
        where(campaigns, cConv, badConv),
      ),
    );
  }

  // Orders side.
  const resolver = new ChannelResolver(labels.values(), opts.channelMap, opts.minSimilarity);
  const oChT = texts(orders, oCh);
  const oAmount = readMoney(orders, oAmt, undefined, cur, diagnostics, 'finance.rvr.order', { en: 'amount', 'zh-CN': '金额' }).minor;
  const oDateCol = roleColumn(orders, 'date', 'timestamp');
  const od = oDateCol ? raw(orders, oDateCol) : null;
  const oIdCol = roleColumn(orders, 'order_id');
  const oId = oIdCol ? texts(orders, oIdCol) : null;
  const oStatusCol = roleColumn(orders, 'status');
  const oStatus = oStatusCol ? texts(orders, oStatusCol) : null;
  const skip = new Set(opts.excludeStatuses.map((s) => s.normalize('NFKC').toLowerCase().trim()));
  // A row dated by its period's start (a week's Monday, a month's 1st) covers the whole period, so the
  // window ends with the last row's period, not on its start date.
  if (Number.isFinite(hi) && starts.has(hi)) hi = Math.min(Math.max(hi, periodEnd(starts, hi)), Math.floor(common.asOf));
  const windowed = opts.sameWindow && Number.isFinite(lo);
  // Refund lines (negative amounts) are netted even when their status is a refund status; they are left
  // out only with the order they refund (same id, or the id with a refund suffix such as "-R").
  const excludedIds = new Set<string>();
  if (oStatus && oId) {
    for (let i = 0; i < oChT.length; i++) {
      if (oId[i] !== null && oStatus[i] !== null && oAmount[i] >= 0 && skip.has(oStatus[i]!.normalize('NFKC').toLowerCase())) excludedIds.add(oId[i]!);
    }
  }
  let outside = 0;
  let cancelled = 0;
  const undated: number[] = [];
  const noChannel: number[] = [];
  for (let i = 0; i < oChT.length; i++) {
    const v = oAmount[i];
    if (v !== v) continue;
    if (oStatus && oStatus[i] !== null && skip.has(oStatus[i]!.normalize('NFKC').toLowerCase())) {
      const refundOfKept = v < 0 && !(oId && oId[i] !== null && (excludedIds.has(oId[i]!) || excludedIds.has(refundBase(oId[i]!))));
      if (!refundOfKept) {
        cancelled++;
        continue;
      }
    }
    const s = od ? serialFromCell(od[i]) : null;
    if (od && s === null) {
      undated.push(i);
      continue;
    }
    if (s !== null && (Math.floor(s) > common.asOf || (windowed && (Math.floor(s) < lo || Math.floor(s) > hi)))) {
      outside++;
      continue;
    }
    const t = oChT[i];
    if (t === null) {
      noChannel.push(i);
      continue;
    }
    const r = resolver.resolve(t);
    const a = r.key !== null ? acc.get(r.key)! : get(nameKey(t), t, false);
    a.real += v;
    const id = oId ? oId[i] : null;
    if (id !== null) {
      if (typeof a.orders === 'number') a.orders = new Set<string>();
      a.orders.add(id);
    } else if (typeof a.orders === 'number') a.orders++;
    else a.orders.add(`\u0000row${i}`);
  }
  if (undated.length > 0) {
    diagnostics.push(
      diag(
        'finance.rvr.undated-orders',
        'warning',
        { en: `${undated.length} order(s) have no readable date and are left out.`, 'zh-CN': `${undated.length} 个订单没有可识别的日期，已排除。` },
        where(orders, oDateCol, undated),
      ),
    );
  }
  if (noChannel.length > 0) {
    diagnostics.push(
      diag(
        'finance.rvr.orders-without-channel',
        'info',
        { en: `${noChannel.length} order(s) have no channel; they count in no channel.`, 'zh-CN': `${noChannel.length} 个订单没有渠道，未计入任何渠道。` },
        where(orders, oCh, noChannel),
      ),
    );
  }

  // Rows.
  const out = (m: number): number => fromMinor(m, digits);
  const count = (o: Set<string> | number): number => (typeof o === 'number' ? o : o.size);
  const entries = [...acc.entries()].sort((a, b) => b[1].spend - a[1].spend || b[1].real - a[1].real || (labels.get(a[0]) ?? '').localeCompare(labels.get(b[0]) ?? ''));
  const rows: Record<string, CellValue>[] = entries.map(([k, a]) => rowOf(labels.get(k) ?? k, a, count(a.orders), out, !!cConv, !!cRev));
  const tot: Acc = { spend: 0, conv: 0, rev: 0, orders: 0, real: 0, fromCampaigns: true };
  let totOrders = 0;
  for (const [, a] of entries) {
    tot.spend += a.spend;
    tot.conv += a.conv;
    tot.rev += a.rev;
    tot.real += a.real;
    totOrders += count(a.orders);
  }
  rows.push(rowOf(lang === 'en' ? 'Total' : '合计', tot, totOrders, out, !!cConv, !!cRev));
  const columns: ResultColumn[] = [col('channel', 'Channel', '渠道', 'text'), col('spend', 'Spend', '花费', 'currency')];
  if (cConv) columns.push(col('reported_conversions', 'Reported conversions', '平台报告转化', 'number', { decimals: 0 }));
  columns.push(col('real_orders', 'Real orders', '真实订单数', 'integer'));
  if (cConv) columns.push(col('conversion_inflation', 'Conversion inflation', '转化虚高倍数', 'ratio', { decimals: 2, highlight: 'colorScale' }));
  if (cRev) columns.push(col('reported_revenue', 'Reported revenue', '平台报告收入', 'currency'));
  columns.push(col('real_revenue', 'Real revenue (orders)', '真实收入（订单）', 'currency'));
  if (cRev) {
    columns.push(col('revenue_inflation', 'Revenue inflation', '收入虚高倍数', 'ratio', { decimals: 2, highlight: 'colorScale' }));
    columns.push(col('over_reported', 'Reported − real revenue', '报告收入 − 真实收入', 'currency'));
    columns.push(col('roas_reported', 'ROAS reported', '报告 ROAS', 'ratio', { decimals: 2 }));
  }
  columns.push(col('roas_real', 'ROAS real', '真实 ROAS', 'ratio', { decimals: 2 }), col('roi_real', 'ROI real', '真实投资回报率', 'percent', { highlight: 'colorScale' }));
  const table: ResultTable = {
    name: 'channels',
    title: { en: 'Reported against real by channel', 'zh-CN': '各渠道平台报告与真实结果' },
    columns,
    rows,
    note: {
      en: 'Ratios are empty where their denominator is zero (no real orders, no spend). Channels with orders but no campaigns (e.g. organic, direct) show no spend.',
      'zh-CN': '分母为零（无真实订单、无花费）时比率留空。有订单但无投放的渠道（如自然流量、直接访问）花费为空。',
    },
  };

  const figures: Figure[] = [
    { key: 'spend', label: { en: 'Spend', 'zh-CN': '花费' }, value: out(tot.spend), kind: 'currency' },
    { key: 'real_revenue', label: { en: 'Real revenue', 'zh-CN': '真实收入' }, value: out(tot.real), kind: 'currency' },
    { key: 'roi_real', label: { en: 'ROI on real revenue', 'zh-CN': '按真实收入的投资回报率' }, value: ratio(tot.real - tot.spend, tot.spend), kind: 'percent' },
  ];
  if (cRev) {
    figures.splice(1, 0, { key: 'reported_revenue', label: { en: 'Reported revenue', 'zh-CN': '平台报告收入' }, value: out(tot.rev), kind: 'currency' });
    figures.push({ key: 'revenue_inflation', label: { en: 'Revenue inflation', 'zh-CN': '收入虚高倍数' }, value: ratio(tot.rev, tot.real), kind: 'ratio', decimals: 2 });
    figures.push({ key: 'roi_reported', label: { en: 'ROI on reported revenue', 'zh-CN': '按报告收入的投资回报率' }, value: ratio(tot.rev - tot.spend, tot.spend), kind: 'percent' });
  }
  if (cConv) figures.push({ key: 'conversion_inflation', label: { en: 'Conversion inflation', 'zh-CN': '转化虚高倍数' }, value: ratio(tot.conv, totOrders), kind: 'ratio', decimals: 2 });
  for (const f of figures) if (f.value === null) f.note = { en: 'No value: its denominator is zero.', 'zh-CN': '无数值：分母为零。' };

  const findings: Finding[] = [];
  for (const [k, a] of entries) {
    if (!a.fromCampaigns) continue;
    const name = labels.get(k) ?? k;
    const infl = ratio(a.rev, a.real);
    if (cRev && a.rev > 0 && (infl === null || infl >= 1 + opts.minInflation)) {
      const over = out(a.rev - a.real);
      findings.push({
        key: `inflated:${k}`,
        text: both((l) =>
          l === 'en'
            ? `${name} reports ${money(out(a.rev), cur, l)} of revenue but orders show ${money(out(a.real), cur, l)}${infl === null ? '' : ` (${infl.toFixed(2)}×)`}: ROI is ${pct(ratio(a.real - a.spend, a.spend), l)} on real revenue, not ${pct(ratio(a.rev - a.spend, a.spend), l)}.`
            : `${name} 报告收入 ${money(out(a.rev), cur, l)}，订单显示只有 ${money(out(a.real), cur, l)}${infl === null ? '' : `（${infl.toFixed(2)} 倍）`}：按真实收入的投资回报率为 ${pct(ratio(a.real - a.spend, a.spend), l)}，而非 ${pct(ratio(a.rev - a.spend, a.spend), l)}。`,
        ),
        atStake: over,
        evidence: both((l) => (l === 'en' ? `Spend ${money(out(a.spend), cur, l)}; ${count(a.orders)} real order(s).` : `花费 ${money(out(a.spend), cur, l)}；真实订单 ${count(a.orders)} 个。`)),
        observational: true,
      });
    }
    if (cRev && a.spend > 0 && a.rev >= a.spend && a.real < a.spend) {
      findings.push({
        key: `loses-money:${k}`,
        text: both((l) =>
          l === 'en'
            ? `${name} looks profitable on the platform's numbers but loses ${money(out(a.spend - a.real), cur, l)} on real revenue.`
            : `${name} 按平台数据看似盈利，但按真实收入亏损 ${money(out(a.spend - a.real), cur, l)}。`,
        ),
        atStake: out(a.spend - a.real),
        observational: true,
      });
    }
  }
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  const notes: I18nText[] = [
    {
      en: 'Reported figures are each platform’s own attribution (a conversion touched by two platforms is counted by both); real figures are the orders attributed to the channel in the orders sheet. The gap shows over-counting, not causation.',
      'zh-CN': '报告数据来自各平台自身的归因（同一转化被两个平台接触会被重复计算）；真实数据为订单表中归属该渠道的订单。差距反映的是重复计算，而非因果关系。',
    },
    both((l) =>
      l === 'en'
        ? `Orders counted: ${windowed ? 'dated within the campaigns table’s dates' : 'all dates'} up to the as-of date (a weekly or monthly row covers its whole week or month); ${cancelled} order(s) with an excluded status and ${outside} outside the window are left out; refund lines (negative amounts) are netted unless the order they refund is left out. Order channels are tied to platform channels by normalised name (NFKC, case, punctuation) or a unique similar name.`
        : `计入的订单：${windowed ? '日期在活动表日期范围内' : '所有日期'}且不晚于截止日期（按周或按月的行覆盖整周或整月）；排除 ${cancelled} 个状态为取消/退款的订单和 ${outside} 个窗口外订单；退款行（负金额）冲减收入，除非其对应的原订单已被排除。订单渠道按规范化名称（NFKC、大小写、标点）或唯一的相似名称对应到平台渠道。`,
    ),
  ];
  const charts = cRev
    ? [
        {
          name: 'reported_vs_real_revenue',
          title: { en: 'Reported and real revenue by channel', 'zh-CN': '各渠道报告收入与真实收入' },
          kind: 'column' as const,
          table: 'channels',
          category: 'channel',
          series: ['reported_revenue', 'real_revenue'],
          maxRows: 20,
        },
      ]
    : [];
  return { kind: 'reported-vs-real', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables: [table], charts, findings, notes, diagnostics };
}

function rowOf(name: string, a: Acc, orders: number, out: (m: number) => number, hasConv: boolean, hasRev: boolean): Record<string, CellValue> {
  const r: Record<string, CellValue> = { channel: name, spend: a.fromCampaigns ? out(a.spend) : null };
  if (hasConv) r.reported_conversions = a.fromCampaigns ? a.conv : null;
  r.real_orders = orders;
  if (hasConv) r.conversion_inflation = a.fromCampaigns ? ratio(a.conv, orders) : null;
  if (hasRev) r.reported_revenue = a.fromCampaigns ? out(a.rev) : null;
  r.real_revenue = out(a.real);
  if (hasRev) {
    r.revenue_inflation = a.fromCampaigns ? ratio(a.rev, a.real) : null;
    r.over_reported = a.fromCampaigns ? out(a.rev - a.real) : null;
    r.roas_reported = a.fromCampaigns ? ratio(a.rev, a.spend) : null;
  }
  r.roas_real = a.fromCampaigns ? ratio(a.real, a.spend) : null;
  r.roi_real = a.fromCampaigns ? ratio(a.real - a.spend, a.spend) : null;
  return r;
}

/** Reported against real as a registered analysis (inputs: `campaigns` and `orders`). */
export const reportedVsRealAnalysis: AnalysisDef<ReportedVsRealOptions> = {
  kind: 'reported-vs-real',
  title: TITLE,
  question: QUESTION,
  requires: [
    { kind: 'campaigns', roles: ['channel'] },
    { kind: 'orders', roles: ['channel', 'amount'] },
  ],
  needs: {
    en: 'A campaigns sheet with channel, spend and reported conversions or revenue, and an orders sheet with each order’s channel and amount.',
    'zh-CN': '需要一张包含渠道、花费和平台报告转化或收入的活动表，以及一张包含每个订单渠道和金额的订单表。',
  },
  defaults: reportedVsRealDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ReportedVsRealOptions): AnalysisResult {
    if (!inputs.campaigns || !inputs.orders) {
      return emptyResult([diag('finance.rvr.missing-input', 'error', { en: 'Reported against real needs a campaigns sheet and an orders sheet.', 'zh-CN': '报告与真实对比需要活动表和订单表。' })]);
    }
    return reportedVsReal(inputs.campaigns, inputs.orders, common, options);
  },
};
