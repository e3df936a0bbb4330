/**
 * Funnel: impression → click → visit → sign-up → first purchase → repurchase, with whichever steps the
 * data has, overall, by channel and by campaign: counts, step conversion, drop-off, and where the
 * biggest loss is.
 *
 * Steps come from different sheets joined by channel name (ignoring case): impressions and clicks from
 * campaigns, visits from touchpoint events, sign-ups from customers (acquisition channel), first purchase
 * and repurchase from orders (channel of the customer's acquisition, else of their first order). When no
 * customers or orders exist, the campaigns' own conversions close the funnel.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { BLANK, columnByRole, diag, firstRole, labels, numbers } from './columns.js';
import { both, money, num, pct, ratio } from './text.js';

export interface FunnelOptions {
  /** A channel's step must start from at least this many to be compared with the average. */
  minStepBase: number;
}

export const funnelDefaults: FunnelOptions = { minStepBase: 30 };

export const STAGES = ['impressions', 'clicks', 'visits', 'signups', 'conversions', 'first_purchase', 'repurchase'] as const;
export type Stage = (typeof STAGES)[number];

/** Which sheet a stage is counted from; a step between two sources joins different populations. */
const SOURCE: Record<Stage, 'media' | 'touch' | 'customer'> = {
  impressions: 'media',
  clicks: 'media',
  visits: 'touch',
  signups: 'customer',
  conversions: 'media',
  first_purchase: 'customer',
  repurchase: 'customer',
};

/** A rate as a percentage with enough decimals to show small rates (0.04% rather than 0.0%). */
function pctAuto(x: number, l: Lang): string {
  return pct(x, l, x < 0.001 ? 3 : x < 0.01 ? 2 : 1);
}

const STAGE_LABEL: Record<Stage, I18nText> = {
  impressions: { en: 'Impressions', 'zh-CN': '曝光' },
  clicks: { en: 'Clicks', 'zh-CN': '点击' },
  visits: { en: 'Visits', 'zh-CN': '访问' },
  signups: { en: 'Sign-ups', 'zh-CN': '注册' },
  conversions: { en: 'Conversions (platform)', 'zh-CN': '转化（平台）' },
  first_purchase: { en: 'First purchase', 'zh-CN': '首次购买' },
  repurchase: { en: 'Repurchase', 'zh-CN': '复购' },
};

const TITLE: I18nText = { en: 'Funnel', 'zh-CN': '转化漏斗' };
const QUESTION: I18nText = {
  en: 'Where do people drop out between seeing an ad and buying again, and in which channels most?',
  'zh-CN': '从看到广告到再次购买，用户在哪一步流失最多？哪些渠道最严重？',
};
const SHEET: I18nText = { en: 'Funnel', 'zh-CN': '漏斗' };

const VISIT_EVENT = /visit|session|landing|page.?view|访问|浏览|到访|进店/i;
const CANCELLED = /cancel|refund|return|void|取消|退款|退货|作废/i;

/** Counts per stage for one group (NaN: stage not measured for this group). */
type Counts = Record<Stage, number>;

function zero(): Counts {
  return { impressions: 0, clicks: 0, visits: 0, signups: 0, conversions: 0, first_purchase: 0, repurchase: 0 };
}

interface Groups {
  display: Map<string, string>;
  counts: Map<string, Counts>;
}

function bump(g: Groups, name: string, stage: Stage, by: number): void {
  const key = name.toLowerCase();
  if (!g.display.has(key)) g.display.set(key, name);
  let c = g.counts.get(key);
  if (!c) {
    c = zero();
    g.counts.set(key, c);
  }
  c[stage] += by;
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'funnel', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/**
 * Funnel from whichever of campaigns, touchpoints, customers and orders are given.
 * Validates its inputs and returns diagnostics; never throws on bad data.
 */
export function buildFunnel(inputs: AnalysisInputs, common: CommonOptions, options: Partial<FunnelOptions> = {}): AnalysisResult {
  const o = { ...funnelDefaults, ...options };
  const lang = common.lang;
  const diagnostics: Diagnostic[] = [];
  const blank = BLANK[lang];
  const byChannel: Groups = { display: new Map(), counts: new Map() };
  const byCampaign: Groups = { display: new Map(), counts: new Map() };
  const total = zero();
  const present = new Set<Stage>();
  const sources: string[] = [];
  /** Total value and number of valid orders, when orders have amounts. */
  let orderValue: { total: number; orders: number } | null = null;
  /** Platform-reported revenue of the campaigns sheet, when it has one. */
  let campaignRevenue: number | null = null;

  // Campaigns: impressions, clicks (and platform conversions).
  const camp = inputs.campaigns;
  if (camp && camp.table.numRows() > 0) {
    const ch = columnByRole(camp, 'channel');
    const cp = columnByRole(camp, 'campaign');
    const dateCol = firstRole(camp, ['period_start', 'date', 'period_end']);
    const dates = dateCol ? numbers(camp, dateCol, []) : null;
    const chs = ch ? labels(camp, ch, blank) : null;
    const cps = cp ? labels(camp, cp, blank) : null;
    const rc = columnByRole(camp, 'revenue');
    if (rc) {
      const rv = numbers(camp, rc, []);
      campaignRevenue = 0;
      for (let i = 0; i < rv.length; i++) if (rv[i] === rv[i] && !(dates && dates[i] > common.asOf)) campaignRevenue += rv[i];
    }
    for (const stage of ['impressions', 'clicks', 'conversions'] as const) {
      const col = columnByRole(camp, stage);
      if (!col) continue;
      present.add(stage);
      const v = numbers(camp, col, diagnostics, { nonNegative: true });
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (!(x === x) || (dates && dates[i] > common.asOf)) continue;
        total[stage] += x;
        if (chs) bump(byChannel, chs[i], stage, x);
        if (cps) bump(byCampaign, cps[i], stage, x);
      }
    }
    sources.push(camp.sheet);
  }

  // Touchpoints: distinct customers with a visit event, by the channel of their first visit.
  const tp = inputs.touchpoints;
  if (tp && tp.table.numRows() > 0) {
    const ev = columnByRole(tp, 'event');
    const cu = columnByRole(tp, 'customer_id');
    const ch = columnByRole(tp, 'channel');
    if (ev && cu) {
      const evs = labels(tp, ev, '');
      const cus = labels(tp, cu, '');
      const chs = ch ? labels(tp, ch, blank) : null;
      const seen = new Set<string>();
      for (let i = 0; i < evs.length; i++) {
        if (cus[i] === '' || !VISIT_EVENT.test(evs[i]) || seen.has(cus[i])) continue;
        seen.add(cus[i]);
        total.visits++;
        if (chs) bump(byChannel, chs[i], 'visits', 1);
      }
      if (seen.size > 0) {
        present.add('visits');
        sources.push(tp.sheet);
      }
    }
  }

  // Customers: sign-ups by acquisition channel.
  const cust = inputs.customers;
  const acqOf = new Map<string, string>();
  if (cust && cust.table.numRows() > 0) {
    const id = columnByRole(cust, 'customer_id');
    const ch = columnByRole(cust, 'acquisition_channel') ?? columnByRole(cust, 'channel');
    const sd = columnByRole(cust, 'signup_date');
    if (id) {
      const ids = labels(cust, id, '');
      const chs = ch ? labels(cust, ch, blank) : null;
      const sds = sd ? numbers(cust, sd, []) : null;
      const seen = new Set<string>();
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === '' || seen.has(ids[i]) || (sds && sds[i] > common.asOf)) continue;
        seen.add(ids[i]);
        total.signups++;
        if (chs) {
          bump(byChannel, chs[i], 'signups', 1);
          acqOf.set(ids[i], chs[i]);
        }
      }
      present.add('signups');
      sources.push(cust.sheet);
    }
  }

  // Orders: customers with at least one and at least two valid orders.
  const ord = inputs.orders;
  if (ord && ord.table.numRows() > 0) {
    const id = columnByRole(ord, 'customer_id');
    if (id) {
      const ids = labels(ord, id, '');
      const dc = columnByRole(ord, 'date');
      const dates = dc ? numbers(ord, dc, []) : null;
      const am = columnByRole(ord, 'amount');
      const amounts = am ? numbers(ord, am, []) : null;
      const st = columnByRole(ord, 'status');
      const sts = st ? labels(ord, st, '') : null;
      const ch = columnByRole(ord, 'channel');
      const chs = ch ? labels(ord, ch, blank) : null;
      const oid = columnByRole(ord, 'order_id');
      const oids = oid ? labels(ord, oid, '') : null;
      const orders = new Map<string, { n: number; first: number; ch: string | null; ids: Set<string> | null }>();
      let value = 0;
      let valueN = 0;
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === '') continue;
        if (dates && dates[i] > common.asOf) continue;
        if (amounts && !(amounts[i] > 0)) continue;
        if (sts && CANCELLED.test(sts[i])) continue;
        let e = orders.get(ids[i]);
        if (!e) {
          e = { n: 0, first: Infinity, ch: null, ids: oids ? new Set() : null };
          orders.set(ids[i], e);
        }
        if (amounts) value += amounts[i];
        if (e.ids && oids) {
          if (e.ids.has(oids[i])) continue; // order lines of one order count once
          e.ids.add(oids[i]);
        }
        e.n++;
        valueN++;
        const d = dates ? dates[i] : i;
        if (d < e.first) {
          e.first = d;
          e.ch = chs ? chs[i] : null;
        }
      }
      for (const [cid, e] of orders) {
        const chName = acqOf.get(cid) ?? (acqOf.size === 0 ? e.ch : null);
        total.first_purchase++;
        if (chName !== null) bump(byChannel, chName, 'first_purchase', 1);
        if (e.n >= 2) {
          total.repurchase++;
          if (chName !== null) bump(byChannel, chName, 'repurchase', 1);
        }
      }
      present.add('first_purchase');
      present.add('repurchase');
      sources.push(ord.sheet);
      orderValue = amounts && valueN > 0 ? { total: value, orders: valueN } : null;
    }
  }
  // Platform conversions close the funnel only when there are no customers or orders.
  if (present.has('signups') || present.has('first_purchase')) present.delete('conversions');

  const stages = STAGES.filter((s) => present.has(s));
  if (stages.length < 2) {
    diagnostics.push(diag('marketing.funnel.too-few-steps', 'error', {
      en: 'A funnel needs at least two steps: impressions and clicks (campaigns), visits (touchpoint events), sign-ups (customers) or purchases (orders).',
      'zh-CN': '漏斗至少需要两个步骤：曝光和点击（活动表）、访问（触点事件）、注册（客户表）或购买（订单表）。',
    }));
    return emptyResult(diagnostics);
  }
  const value = orderValue;

  const tables: ResultTable[] = [];
  // Overall steps.
  const stepRows: Record<string, CellValue>[] = stages.map((s, i) => {
    const prev = i > 0 ? total[stages[i - 1]] : null;
    return {
      step: STAGE_LABEL[s][lang],
      stage: s,
      count: total[s],
      step_conversion: prev === null ? null : ratio(total[s], prev),
      overall_conversion: ratio(total[s], total[stages[0]]),
      drop_off: prev === null ? null : prev - total[s],
    };
  });
  tables.push({
    name: 'steps',
    title: { en: 'Funnel steps', 'zh-CN': '漏斗步骤' },
    columns: [
      { key: 'step', label: { en: 'Step', 'zh-CN': '步骤' }, kind: 'text' },
      { key: 'stage', label: { en: 'Stage key', 'zh-CN': '步骤代码' }, kind: 'text' },
      { key: 'count', label: { en: 'Count', 'zh-CN': '数量' }, kind: 'integer', highlight: 'dataBar' },
      { key: 'step_conversion', label: { en: 'From previous step', 'zh-CN': '上一步转化率' }, kind: 'percent', decimals: 2 },
      { key: 'overall_conversion', label: { en: 'From first step', 'zh-CN': '相对首步转化率' }, kind: 'percent', decimals: 3 },
      { key: 'drop_off', label: { en: 'Drop-off', 'zh-CN': '流失数' }, kind: 'integer' },
    ],
    rows: stepRows,
    note: {
      en: 'Steps come from different sheets matched by channel name; a step can exceed the one before when the sheets count different people (e.g. sign-ups that never clicked an ad).',
      'zh-CN': '各步骤来自不同工作表，按渠道名称匹配；当各表统计的人群不同（如未点击广告的注册用户）时，后一步可能大于前一步。',
    },
  });

  // Each step's conversion on its own: the chart a manager reads first. Counts span orders of magnitude
  // (the sample: 255 million impressions against 7,618 buyers), so a bar chart of counts shows one bar; the rates
  // show where people are lost.
  tables.push({
    name: 'step_rates',
    title: { en: 'Conversion at each step', 'zh-CN': '各步骤转化率' },
    columns: [
      { key: 'transition', label: { en: 'Step', 'zh-CN': '步骤' }, kind: 'text' },
      { key: 'rate', label: { en: 'Conversion', 'zh-CN': '转化率' }, kind: 'percent', decimals: 2 },
      { key: 'lost', label: { en: 'Lost', 'zh-CN': '流失数' }, kind: 'integer' },
    ],
    rows: stages.slice(1).map((s, i) => ({
      transition: `${STAGE_LABEL[stages[i]][lang]} → ${STAGE_LABEL[s][lang]}`,
      rate: ratio(total[s], total[stages[i]]),
      lost: total[stages[i]] - total[s],
    })),
  });

  // By channel and by campaign.
  const groupTable = (g: Groups, name: string, key: 'channel' | 'campaign', st: readonly Stage[]): ResultTable | null => {
    if (g.counts.size === 0) return null;
    const cols: ResultColumn[] = [{ key, label: key === 'channel' ? { en: 'Channel', 'zh-CN': '渠道' } : { en: 'Campaign', 'zh-CN': '活动' }, kind: 'text' }];
    st.forEach((s, i) => {
      cols.push({ key: s, label: STAGE_LABEL[s], kind: 'integer' });
      if (i > 0) cols.push({ key: `${s}_rate`, label: { en: `${STAGE_LABEL[s].en} ÷ ${STAGE_LABEL[st[i - 1]].en}`, 'zh-CN': `${STAGE_LABEL[s]['zh-CN']} ÷ ${STAGE_LABEL[st[i - 1]]['zh-CN']}` }, kind: 'percent', decimals: 2, highlight: 'colorScale' });
    });
    const rows = [...g.counts.entries()]
      .sort((a, b) => b[1][st[0]] - a[1][st[0]] || (a[0] < b[0] ? -1 : 1))
      .map(([k, c]) => {
        const r: Record<string, CellValue> = { [key]: g.display.get(k)! };
        st.forEach((s, i) => {
          r[s] = c[s];
          if (i > 0) r[`${s}_rate`] = ratio(c[s], c[st[i - 1]]);
        });
        return r;
      });
    return { name, title: key === 'channel' ? { en: 'By channel', 'zh-CN': '按渠道' } : { en: 'By campaign', 'zh-CN': '按活动' }, columns: cols, rows, note: { en: 'A rate is empty where the step before has no one.', 'zh-CN': '上一步为零时转化率留空。' } };
  };
  const chT = groupTable(byChannel, 'channels', 'channel', stages);
  if (chT) tables.push(chT);
  const campStages = stages.filter((s) => s === 'impressions' || s === 'clicks' || s === 'conversions');
  const cpT = campStages.length >= 2 ? groupTable(byCampaign, 'campaigns', 'campaign', campStages) : null;
  if (cpT) tables.push(cpT);

  // Findings. A step joining two sheets (e.g. clicks → sign-ups) compares different populations, so it is
  // shown but neither called the weakest step nor used to compare channels.
  const findings: Finding[] = [];
  const cur = common.currency;
  const last = stages[stages.length - 1];
  const bridge = (i: number): boolean => SOURCE[stages[i]] !== SOURCE[stages[i - 1]];
  const fp = stages.indexOf('first_purchase');
  const perBuyer = value !== null && total.first_purchase > 0 ? value.total / total.first_purchase : null;
  const perOrder = value !== null ? value.total / value.orders : null;
  const stepRate = (c: Counts, i: number): number | null => ratio(c[stages[i]], c[stages[i - 1]]);
  /** Money behind one more person (or click) reaching step i. */
  const worth = (i: number): number | null => {
    const st = stages[i];
    if (st === 'clicks' || st === 'conversions') return campaignRevenue !== null ? ratio(campaignRevenue, total[st]) : null;
    if (st === 'repurchase') return perOrder;
    if (fp >= 0 && perBuyer !== null && i <= fp && SOURCE[st] === 'customer') {
      let onward = 1;
      for (let j = i + 1; j <= fp; j++) onward *= stepRate(total, j) ?? 0;
      return onward * perBuyer;
    }
    return null;
  };
  let weakest = -1;
  for (let i = 1; i < stages.length; i++) {
    if (stages[i] === 'clicks' || bridge(i)) continue;
    const r = stepRate(total, i);
    if (r !== null && (weakest < 0 || r < stepRate(total, weakest)!)) weakest = i;
  }
  if (weakest > 0) {
    const r = stepRate(total, weakest)!;
    const lost = total[stages[weakest - 1]] - total[stages[weakest]];
    findings.push({
      key: 'weakest-step',
      text: both((l) =>
        l === 'en'
          ? `The biggest loss is from ${STAGE_LABEL[stages[weakest - 1]].en.toLowerCase()} to ${STAGE_LABEL[stages[weakest]].en.toLowerCase()}: only ${pctAuto(r, l)} go on (${num(lost, l, 0)} lost).`
          : `流失最大的一步是从${STAGE_LABEL[stages[weakest - 1]]['zh-CN']}到${STAGE_LABEL[stages[weakest]]['zh-CN']}：只有 ${pctAuto(r, l)} 继续（流失 ${num(lost, l, 0)}）。`,
      ),
      atStake: null,
      observational: true,
    });
  }
  // Every channel step at least 10% below the all-channel rate, ranked by money (or by people lost).
  const shortfalls: Finding[] = [];
  for (const [k, c] of byChannel.counts) {
    const name = byChannel.display.get(k)!;
    for (let i = 1; i < stages.length; i++) {
      if (bridge(i)) continue;
      const base = c[stages[i - 1]];
      const avg = stepRate(total, i);
      const rate = stepRate(c, i);
      if (base < o.minStepBase || avg === null || rate === null || rate > 0.9 * avg) continue;
      const lost = (avg - rate) * base;
      const w = worth(i);
      const atStake = w === null ? null : lost * w;
      const from = STAGE_LABEL[stages[i - 1]];
      const to = STAGE_LABEL[stages[i]];
      shortfalls.push({
        key: `channel-loss:${name}:${stages[i]}`,
        text: both((l: Lang) =>
          l === 'en'
            ? `${name}: ${pctAuto(rate, l)} go on from ${from.en.toLowerCase()} to ${to.en.toLowerCase()}, against ${pctAuto(avg, l)} across channels — about ${num(lost, l, 0)} fewer${atStake !== null ? ` (≈ ${money(atStake, cur, l)} of revenue)` : ''}.`
            : `${name}：从${from['zh-CN']}到${to['zh-CN']}的转化率为 ${pctAuto(rate, l)}，全渠道为 ${pctAuto(avg, l)}，约少 ${num(lost, l, 0)}${atStake !== null ? `（约 ${money(atStake, cur, l)} 收入）` : ''}。`,
        ),
        atStake,
        evidence: both((l) => `${num(c[stages[i - 1]], l, 0)} → ${num(c[stages[i]], l, 0)}`),
        observational: true,
        // A gap against the average channel describes the data; it is not a measured effect.
        descriptive: true,
      });
    }
  }
  shortfalls.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  findings.push(...shortfalls.slice(0, 8));
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  const figures: Figure[] = stages.map((s) => ({ key: s, label: STAGE_LABEL[s], value: total[s], kind: 'integer' }));
  figures.push({ key: 'end_to_end', label: { en: 'End-to-end conversion', 'zh-CN': '全流程转化率' }, value: ratio(total[last], total[stages[0]]), kind: 'percent', decimals: 3 });
  const charts: ChartHint[] = [
    { name: 'step_rates', title: { en: 'Conversion at each step', 'zh-CN': '各步骤转化率' }, kind: 'bar', table: 'step_rates', category: 'transition', series: ['rate'] },
    { name: 'funnel', title: { en: 'Funnel', 'zh-CN': '转化漏斗' }, kind: 'bar', table: 'steps', category: 'step', series: ['count'] },
  ];
  if (chT && stages.length >= 2) charts.push({ name: 'step_rates_by_channel', title: { en: 'Step conversion by channel', 'zh-CN': '各渠道步骤转化率' }, kind: 'column', table: 'channels', category: 'channel', series: stages.slice(1).filter((s) => s !== 'clicks').map((s) => `${s}_rate`), maxRows: 12 });
  const notes: I18nText[] = [
    { en: `Sources: ${sources.join(', ')}. Sign-ups and purchases are distinct customers; impressions and clicks are counts from the campaigns sheet. Cancelled or refunded orders and orders of zero or less are left out.`, 'zh-CN': `数据来源：${sources.join('、')}。注册和购买按去重客户计数；曝光和点击为活动表中的次数。已取消、退款或金额不大于零的订单不计入。` },
    { en: 'Channels are compared with the all-channel rate of the same step; the gap is observational (channels reach different people).', 'zh-CN': '各渠道与同一步骤的全渠道转化率比较；差异为观察性结果（不同渠道触达的人群不同）。' },
  ];
  return { kind: 'funnel', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables, charts, findings, notes, diagnostics };
}

/** The funnel as a registered analysis (inputs: campaigns, and optionally touchpoints, customers, orders). */
export const funnel: AnalysisDef<FunnelOptions> = {
  kind: 'funnel',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'campaigns', roles: ['clicks'] }],
  needs: {
    en: 'A campaigns sheet with impressions or clicks; customers (acquisition channel) and orders add sign-ups, first purchase and repurchase.',
    'zh-CN': '需要包含曝光或点击的活动表；有客户表（获客渠道）和订单表时会加入注册、首次购买和复购。',
  },
  defaults: funnelDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: FunnelOptions): AnalysisResult {
    return buildFunnel(inputs, common, options);
  },
};
