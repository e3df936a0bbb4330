/**
 * Multi-touch attribution from touchpoint paths: first touch, last touch, linear, time decay (half-life),
 * position-based (40/20/40) and the first-order Markov chain removal effect, solved exactly on the
 * absorbing chain (no simulation), with and without non-converting paths. Credited conversions, revenue
 * and (when a campaigns sheet gives spend) ROAS per channel under each model, side by side.
 */
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { solveLinear } from '../../stats/linalg.js';
import { columnByRole, diag, factorize, firstRole, labels, numbers, whereRows } from './columns.js';
import { both, money, num, pct, ratio } from './text.js';
import { columnValues } from '../../ingest/column-values.js';

export interface AttributionOptions {
  /** Half-life of the time-decay model, in days. */
  halfLifeDays: number;
  /** Position-based shares of the first and last touch (the middle touches share the rest). */
  firstShare: number;
  lastShare: number;
  /** Attribute to `campaign` instead of `channel` when both exist. */
  by: 'channel' | 'campaign';
  /** Paths shown in the top-paths table. */
  topPaths: number;
}

export const attributionDefaults: AttributionOptions = { halfLifeDays: 7, firstShare: 0.4, lastShare: 0.4, by: 'channel', topPaths: 20 };

export const MODELS = ['first', 'last', 'linear', 'time_decay', 'position', 'markov', 'markov_conv_only'] as const;
export type Model = (typeof MODELS)[number];

const MODEL_LABEL: Record<Model, I18nText> = {
  first: { en: 'First touch', 'zh-CN': '首次触点' },
  last: { en: 'Last touch', 'zh-CN': '末次触点' },
  linear: { en: 'Linear', 'zh-CN': '线性' },
  time_decay: { en: 'Time decay', 'zh-CN': '时间衰减' },
  position: { en: 'Position-based', 'zh-CN': '位置加权' },
  markov: { en: 'Markov', 'zh-CN': '马尔可夫' },
  markov_conv_only: { en: 'Markov (converting paths only)', 'zh-CN': '马尔可夫（仅转化路径）' },
};

const TITLE: I18nText = { en: 'Multi-touch attribution', 'zh-CN': '多触点归因' };
const QUESTION: I18nText = {
  en: 'How much of the conversions and revenue does each channel earn under different attribution views?',
  'zh-CN': '在不同归因口径下，各渠道分别贡献了多少转化和收入？',
};
const SHEET: I18nText = { en: 'Attribution', 'zh-CN': '归因' };

/** Paths in compact columnar form: touches of path p are `touch[start[p] .. start[p+1])`. */
export interface Paths {
  channels: string[];
  /** Channel index per touch. */
  touch: Int32Array;
  /** Touch time per touch (Excel serial; NaN when unknown). */
  time: Float64Array;
  start: Int32Array;
  converted: Uint8Array;
  value: Float64Array;
  /** Time of the conversion (NaN for non-converting paths). */
  convTime: Float64Array;
}

/** Credit per channel under one model: conversions and revenue. */
export interface Credit {
  conversions: Float64Array;
  revenue: Float64Array;
}

/** Heuristic credit of every converting path (first, last, linear, time decay, position-based). */
export function heuristicCredit(p: Paths, o: AttributionOptions): Record<'first' | 'last' | 'linear' | 'time_decay' | 'position', Credit> {
  const C = p.channels.length;
  const mk = (): Credit => ({ conversions: new Float64Array(C), revenue: new Float64Array(C) });
  const out = { first: mk(), last: mk(), linear: mk(), time_decay: mk(), position: mk() };
  const P = p.start.length - 1;
  const lambda = Math.LN2 / o.halfLifeDays;
  const midShare = 1 - o.firstShare - o.lastShare;
  for (let q = 0; q < P; q++) {
    if (p.converted[q] === 0) continue;
    const a = p.start[q];
    const b = p.start[q + 1];
    const k = b - a;
    if (k === 0) continue;
    const v = p.value[q];
    const add = (cr: Credit, ch: number, w: number): void => {
      cr.conversions[ch] += w;
      cr.revenue[ch] += w * v;
    };
    add(out.first, p.touch[a], 1);
    add(out.last, p.touch[b - 1], 1);
    for (let i = a; i < b; i++) add(out.linear, p.touch[i], 1 / k);
    // Time decay: weight 2^(−age/half-life), age = days from touch to conversion.
    let wsum = 0;
    const tc = p.convTime[q];
    for (let i = a; i < b; i++) {
      const age = tc === tc && p.time[i] === p.time[i] ? Math.max(0, tc - p.time[i]) : 0;
      wsum += Math.exp(-lambda * age);
    }
    for (let i = a; i < b; i++) {
      const age = tc === tc && p.time[i] === p.time[i] ? Math.max(0, tc - p.time[i]) : 0;
      add(out.time_decay, p.touch[i], Math.exp(-lambda * age) / wsum);
    }
    // Position-based: one touch 100%, two touches half each, else first/last shares and the middle split.
    if (k === 1) add(out.position, p.touch[a], 1);
    else if (k === 2) {
      add(out.position, p.touch[a], 0.5);
      add(out.position, p.touch[a + 1], 0.5);
    } else {
      add(out.position, p.touch[a], o.firstShare);
      add(out.position, p.touch[b - 1], o.lastShare);
      for (let i = a + 1; i < b - 1; i++) add(out.position, p.touch[i], midShare / (k - 2));
    }
  }
  return out;
}

/** Result of the Markov model: conversion probability and each channel's removal effect. */
export interface MarkovResult {
  /** P(conversion) from the start state. */
  pConversion: number;
  /** 1 − P(conversion without the channel) / P(conversion); null when P(conversion) is 0. */
  removalEffect: (number | null)[];
  credit: Credit;
}

/**
 * First-order Markov removal effects, solved exactly: absorption probabilities x = Q x + r of the
 * transient channel states, P(conversion) = Σ start→j · x_j; removing a channel sends its incoming
 * transitions to the null state (x_c = 0). Credit shares are removal effects normalised to sum 1.
 * With `conversionsOnly`, non-converting paths are dropped first.
 */
export function markovCredit(p: Paths, conversionsOnly: boolean): MarkovResult {
  const C = p.channels.length;
  // Transition counts: rows 0..C-1 channels, C = start; columns 0..C-1 channels, C = conversion, C+1 = null.
  const W = C + 2;
  const cnt = new Float64Array((C + 1) * W);
  const P = p.start.length - 1;
  let totalConv = 0;
  let totalValue = 0;
  for (let q = 0; q < P; q++) {
    const conv = p.converted[q] === 1;
    if (conversionsOnly && !conv) continue;
    const a = p.start[q];
    const b = p.start[q + 1];
    if (b === a) continue;
    if (conv) {
      totalConv++;
      totalValue += p.value[q];
    }
    cnt[C * W + p.touch[a]]++;
    for (let i = a; i + 1 < b; i++) cnt[p.touch[i] * W + p.touch[i + 1]]++;
    cnt[p.touch[b - 1] * W + (conv ? C : C + 1)]++;
  }
  const rowSum = new Float64Array(C + 1);
  for (let i = 0; i <= C; i++) for (let j = 0; j < W; j++) rowSum[i] += cnt[i * W + j];
  const prob = (i: number, j: number): number => (rowSum[i] > 0 ? cnt[i * W + j] / rowSum[i] : 0);

  // Conversion probability with channel `removed` (−1: none) taken out of the chain.
  const pConv = (removed: number): number => {
    const keep: number[] = [];
    for (let c = 0; c < C; c++) if (c !== removed && rowSum[c] > 0) keep.push(c);
    const idx = new Map(keep.map((c, i) => [c, i]));
    const A = keep.map((c) => keep.map((d) => (c === d ? 1 : 0) - prob(c, d)));
    const bvec = keep.map((c) => prob(c, C));
    const x = keep.length > 0 ? solveLinear(A, bvec) : [];
    if (x === null) return NaN;
    let s = 0;
    for (const c of keep) s += prob(C, c) * x[idx.get(c)!];
    return s;
  };
  const base = pConv(-1);
  const re: (number | null)[] = [];
  for (let c = 0; c < C; c++) {
    if (!(base > 0) || rowSum[c] === 0) re.push(base > 0 ? 0 : null);
    else {
      const v = 1 - pConv(c) / base;
      re.push(Number.isFinite(v) ? Math.max(0, v) : null);
    }
  }
  const sum = re.reduce<number>((a, v) => a + (v ?? 0), 0);
  const credit: Credit = { conversions: new Float64Array(C), revenue: new Float64Array(C) };
  if (sum > 0) {
    for (let c = 0; c < C; c++) {
      const share = (re[c] ?? 0) / sum;
      credit.conversions[c] = share * totalConv;
      credit.revenue[c] = share * totalValue;
    }
  }
  return { pConversion: Number.isFinite(base) ? base : 0, removalEffect: re, credit };
}

const TRUTHY = /^(1|true|yes|y|converted|conversion|purchase|是|已转化|转化|成交|购买)$/i;
const CONVERSION_EVENT = /conver|purchase|order|checkout|sign.?up|购买|下单|转化|成交|支付|注册/i;

/**
 * Build paths from a touchpoints Dataset: per customer in time order, a path ends at each conversion
 * (a row whose `converted` is true, or whose event reads like a conversion); touches after the last
 * conversion form a non-converting path. A conversion row with a channel counts as that path's last touch.
 */
export function buildPaths(data: Dataset, by: 'channel' | 'campaign', diagnostics: Diagnostic[]): Paths | null {
  const n = data.table.numRows();
  const custCol = columnByRole(data, 'customer_id');
  const chCol = by === 'campaign' ? (columnByRole(data, 'campaign') ?? columnByRole(data, 'channel')) : (columnByRole(data, 'channel') ?? columnByRole(data, 'campaign'));
  if (!custCol || !chCol) {
    diagnostics.push(diag('marketing.attribution.missing-roles', 'error', { en: 'Attribution needs a customer column and a channel (or campaign) column.', 'zh-CN': '归因分析需要客户列和渠道（或活动）列。' }, { sheet: data.sheet }));
    return null;
  }
  const timeCol = firstRole(data, ['timestamp', 'date']);
  const convCol = columnByRole(data, 'converted');
  const eventCol = columnByRole(data, 'event');
  const valueCol = firstRole(data, ['value', 'revenue', 'amount']);
  if (!convCol && !eventCol) {
    diagnostics.push(diag('marketing.attribution.no-conversion', 'error', { en: 'Attribution needs a "converted" column or an event column naming conversions.', 'zh-CN': '归因分析需要"是否转化"列，或能标识转化的事件列。' }, { sheet: data.sheet }));
    return null;
  }
  const custF = factorize(data, custCol);
  const chF = factorize(data, chCol);
  const time = timeCol ? numbers(data, timeCol, diagnostics) : null;
  // A value only on the rows that converted: the blanks of the other touches are no data problem.
  const value = valueCol ? numbers(data, valueCol, diagnostics, { blankOk: true }) : null;
  const isConv = new Uint8Array(n);
  if (convCol) {
    const raw = columnValues(data, convCol.name);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      isConv[i] = v === true || (typeof v === 'number' && v > 0) || (typeof v === 'string' && TRUTHY.test(v.trim())) ? 1 : 0;
    }
  } else if (eventCol) {
    const ev = labels(data, eventCol, '');
    for (let i = 0; i < n; i++) isConv[i] = CONVERSION_EVENT.test(ev[i]) ? 1 : 0;
  }

  // Customers are integers already (factorised); a counting sort by customer keeps their rows together.
  const cid = custF.codes;
  const noCust: number[] = [];
  for (let i = 0; i < n; i++) if (cid[i] < 0) noCust.push(i);
  if (noCust.length > 0) diagnostics.push(diag('marketing.attribution.no-customer', 'warning', { en: `${noCust.length} row(s) have no customer and are left out.`, 'zh-CN': `${noCust.length} 行没有客户，已排除。` }, whereRows(data, custCol, noCust)));
  const U = custF.levels.length;
  const off = new Int32Array(U + 1);
  for (let i = 0; i < n; i++) if (cid[i] >= 0) off[cid[i] + 1]++;
  for (let u = 0; u < U; u++) off[u + 1] += off[u];
  const pos = off.slice(0, U);
  const order = new Int32Array(off[U]);
  for (let i = 0; i < n; i++) if (cid[i] >= 0) order[pos[cid[i]]++] = i;
  // Within a customer, by time (stable: ties keep sheet order; unknown times sort last).
  const tt = new Float64Array(n);
  for (let i = 0; i < n; i++) tt[i] = time && time[i] === time[i] ? time[i] : Infinity;
  for (let u = 0; u < U; u++) {
    const a = off[u];
    const b = off[u + 1];
    for (let i = a + 1; i < b; i++) {
      const x = order[i];
      const tx = tt[x];
      let j = i - 1;
      while (j >= a && tt[order[j]] > tx) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = x;
    }
  }

  // Channel index per row (−1: no channel).
  const channels = chF.levels;
  const chOf = chF.codes;
  const touch = new Int32Array(n);
  const ttime = new Float64Array(n);
  let nt = 0;
  const start: number[] = [0];
  const converted: number[] = [];
  const val: number[] = [];
  const convTime: number[] = [];
  for (let u = 0; u < U; u++) {
    for (let r = off[u]; r < off[u + 1]; r++) {
      const i = order[r];
      const c = chOf[i];
      if (c >= 0) {
        touch[nt] = c;
        ttime[nt] = time ? time[i] : NaN;
        nt++;
      }
      if (isConv[i] === 1 && nt > start[start.length - 1]) {
        start.push(nt);
        converted.push(1);
        const v = value ? value[i] : NaN;
        val.push(v === v ? v : 0);
        convTime.push(time ? time[i] : NaN);
      }
    }
    if (nt > start[start.length - 1]) {
      start.push(nt);
      converted.push(0);
      val.push(0);
      convTime.push(NaN);
    }
  }
  return {
    channels,
    touch: touch.slice(0, nt),
    time: ttime.slice(0, nt),
    start: Int32Array.from(start),
    converted: Uint8Array.from(converted),
    value: Float64Array.from(val),
    convTime: Float64Array.from(convTime),
  };
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'attribution', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/** Spend per channel (lower-cased name) from a campaigns Dataset. */
function spendByChannel(campaigns: Dataset | undefined, by: 'channel' | 'campaign'): Map<string, number> | null {
  if (!campaigns) return null;
  const key = columnByRole(campaigns, by) ?? columnByRole(campaigns, by === 'channel' ? 'campaign' : 'channel');
  const sp = columnByRole(campaigns, 'spend');
  if (!key || !sp) return null;
  const k = labels(campaigns, key, '');
  const v = columnValues(campaigns, sp.name);
  const m = new Map<string, number>();
  for (let i = 0; i < k.length; i++) {
    const x = v[i];
    if (k[i] !== '' && typeof x === 'number' && Number.isFinite(x)) m.set(k[i].toLowerCase(), (m.get(k[i].toLowerCase()) ?? 0) + x);
  }
  return m;
}

/**
 * Attribution of a touchpoints Dataset (roles: customer_id, channel or campaign, timestamp or date,
 * converted or event, optional value); spend per channel from `campaigns` when given.
 *
 * @example
 *   // paths google (conv) ×2, mailing (conv), google > mailing (conv), google (no conv):
 *   // markov credit google 2.4, mailing 1.6; first touch 3 / 1; last touch 2 / 2; linear 2.5 / 1.5
 */
export function attribute(data: Dataset, common: CommonOptions, options: Partial<AttributionOptions> = {}, campaigns?: Dataset): AnalysisResult {
  const o: AttributionOptions = { ...attributionDefaults, ...options };
  const cur = common.currency;
  const diagnostics: Diagnostic[] = [];
  if (!(o.halfLifeDays > 0) || o.firstShare < 0 || o.lastShare < 0 || o.firstShare + o.lastShare > 1) {
    diagnostics.push(diag('marketing.attribution.bad-options', 'warning', { en: 'Half-life must be positive and position shares between 0 and 1; defaults are used.', 'zh-CN': '半衰期须为正数，位置权重须在 0 到 1 之间；已改用默认值。' }));
    o.halfLifeDays = attributionDefaults.halfLifeDays;
    o.firstShare = attributionDefaults.firstShare;
    o.lastShare = attributionDefaults.lastShare;
  }
  const paths = buildPaths(data, o.by, diagnostics);
  if (!paths) return emptyResult(diagnostics);
  const P = paths.start.length - 1;
  let nConv = 0;
  let totalValue = 0;
  for (let q = 0; q < P; q++) {
    if (paths.converted[q] === 1) {
      nConv++;
      totalValue += paths.value[q];
    }
  }
  if (P === 0 || nConv === 0) {
    diagnostics.push(diag('marketing.attribution.no-conversions', 'error', { en: 'No converting path was found: nothing to attribute.', 'zh-CN': '没有找到转化路径，无可归因的内容。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }
  const hasValue = !!firstRole(data, ['value', 'revenue', 'amount']);
  const heur = heuristicCredit(paths, o);
  const mk = markovCredit(paths, false);
  const mkc = markovCredit(paths, true);
  const credit: Record<Model, Credit> = { ...heur, markov: mk.credit, markov_conv_only: mkc.credit };
  const C = paths.channels.length;
  const spend = spendByChannel(campaigns, o.by);

  // Touches per channel.
  const touches = new Float64Array(C);
  for (let i = 0; i < paths.touch.length; i++) touches[paths.touch[i]]++;
  const order = paths.channels.map((_, c) => c).sort((a, b) => credit.markov.conversions[b] - credit.markov.conversions[a] || touches[b] - touches[a]);

  const key = o.by;
  const keyCol: ResultColumn = { key, label: key === 'channel' ? { en: 'Channel', 'zh-CN': '渠道' } : { en: 'Campaign', 'zh-CN': '活动' }, kind: 'text' };
  const modelCols = (kind: ResultColumn['kind'], decimals: number): ResultColumn[] => MODELS.map((m) => ({ key: m, label: MODEL_LABEL[m], kind, decimals }));
  const tables: ResultTable[] = [];
  tables.push({
    name: 'channels',
    title: { en: 'Credited conversions by model', 'zh-CN': '各模型归因转化数' },
    columns: [keyCol, { key: 'touches', label: { en: 'Touches', 'zh-CN': '触点数' }, kind: 'integer' }, ...modelCols('number', 2), { key: 'removal_effect', label: { en: 'Removal effect', 'zh-CN': '移除效应' }, kind: 'percent' }],
    rows: order.map((c) => {
      const r: Record<string, CellValue> = { [key]: paths.channels[c], touches: touches[c] };
      for (const m of MODELS) r[m] = credit[m].conversions[c];
      r.removal_effect = mk.removalEffect[c];
      return r;
    }),
    note: { en: `Each model shares out the same ${nConv} conversion(s).`, 'zh-CN': `各模型分配的是同样的 ${nConv} 次转化。` },
  });
  if (hasValue) {
    tables.push({
      name: 'revenue',
      title: { en: 'Credited revenue by model', 'zh-CN': '各模型归因收入' },
      columns: [keyCol, ...modelCols('currency', 2)],
      rows: order.map((c) => {
        const r: Record<string, CellValue> = { [key]: paths.channels[c] };
        for (const m of MODELS) r[m] = credit[m].revenue[c];
        return r;
      }),
    });
  }
  let unmatched = 0;
  if (spend) {
    const why = { zero: false };
    const rows = order.map((c) => {
      const s = spend.get(paths.channels[c].toLowerCase());
      if (s === undefined) unmatched++;
      const r: Record<string, CellValue> = { [key]: paths.channels[c], spend: s ?? null };
      for (const m of MODELS) {
        r[m] = hasValue ? ratio(credit[m].revenue[c], s ?? null) : ratio(s ?? null, credit[m].conversions[c]);
        if (r[m] === null) why.zero = true;
      }
      return r;
    });
    tables.push({
      name: hasValue ? 'roas' : 'cpa',
      title: hasValue ? { en: 'ROAS by model', 'zh-CN': '各模型 ROAS' } : { en: 'Cost per credited conversion by model', 'zh-CN': '各模型单次归因转化成本' },
      columns: [keyCol, { key: 'spend', label: { en: 'Spend', 'zh-CN': '花费' }, kind: 'currency' }, ...modelCols(hasValue ? 'ratio' : 'currency', 2)],
      rows,
      ...(why.zero || unmatched > 0
        ? { note: { en: 'Empty where the campaigns sheet has no spend for the channel, or the denominator is zero.', 'zh-CN': '活动表中没有该渠道花费或分母为零时留空。' } }
        : {}),
    });
  }

  // Top paths.
  const pathCount = new Map<string, [number, number]>();
  const sep = ' > ';
  for (let q = 0; q < P; q++) {
    const parts: string[] = [];
    for (let i = paths.start[q]; i < paths.start[q + 1] && parts.length < 12; i++) parts.push(paths.channels[paths.touch[i]]);
    const k = parts.join(sep) + (paths.start[q + 1] - paths.start[q] > 12 ? `${sep}…` : '');
    const e = pathCount.get(k) ?? [0, 0];
    e[0]++;
    e[1] += paths.converted[q];
    pathCount.set(k, e);
  }
  tables.push({
    name: 'paths',
    title: { en: 'Most common paths', 'zh-CN': '最常见路径' },
    columns: [
      { key: 'path', label: { en: 'Path', 'zh-CN': '路径' }, kind: 'text' },
      { key: 'paths', label: { en: 'Paths', 'zh-CN': '路径数' }, kind: 'integer' },
      { key: 'conversions', label: { en: 'Conversions', 'zh-CN': '转化' }, kind: 'integer' },
      { key: 'conversion_rate', label: { en: 'Conversion rate', 'zh-CN': '转化率' }, kind: 'percent' },
    ],
    rows: [...pathCount.entries()]
      .sort((a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1))
      .slice(0, o.topPaths)
      .map(([k, [cnt, conv]]) => ({ path: k, paths: cnt, conversions: conv, conversion_rate: cnt > 0 ? conv / cnt : null })),
  });

  const figures: Figure[] = [
    { key: 'paths', label: { en: 'Paths', 'zh-CN': '路径数' }, value: P, kind: 'integer' },
    { key: 'conversions', label: { en: 'Conversions', 'zh-CN': '转化' }, value: nConv, kind: 'integer' },
    { key: 'conversion_probability', label: { en: 'Path conversion rate (Markov)', 'zh-CN': '路径转化率（马尔可夫）' }, value: mk.pConversion, kind: 'percent', decimals: 2 },
  ];
  if (hasValue) figures.push({ key: 'revenue', label: { en: 'Converted value', 'zh-CN': '转化价值' }, value: totalValue, kind: 'currency' });

  const charts: ChartHint[] = [
    { name: 'credit_by_model', title: { en: 'Credited conversions by channel and model', 'zh-CN': '各渠道在不同模型下的归因转化' }, kind: 'column', table: 'channels', category: key, series: ['first', 'last', 'linear', 'time_decay', 'position', 'markov'], maxRows: 12 },
  ];

  // Findings: where last touch and Markov disagree most, in money when there is value.
  const findings: Finding[] = [];
  const unit = hasValue ? 'revenue' : 'conversions';
  for (const c of order) {
    const a = credit.last[unit][c];
    const b = credit.markov[unit][c];
    const sa = a / (hasValue ? totalValue || 1 : nConv);
    const sb = b / (hasValue ? totalValue || 1 : nConv);
    if (Math.abs(sa - sb) < 0.05) continue;
    const name = paths.channels[c];
    const fmt = (x: number, l: 'en' | 'zh-CN'): string => (hasValue ? money(x, cur, l) : num(x, l, 1));
    findings.push({
      key: `model-gap:${name}`,
      text: both((l) =>
        l === 'en'
          ? `${name} gets ${pct(sa, l)} of the credit under last touch but ${pct(sb, l)} under the Markov model (${fmt(a, l)} vs ${fmt(b, l)}): ${sb > sa ? 'it opens or assists paths that other channels close' : 'it mostly closes paths that other channels started'}.`
          : `${name} 在末次触点模型下获得 ${pct(sa, l)} 的功劳，在马尔可夫模型下为 ${pct(sb, l)}（${fmt(a, l)} 对 ${fmt(b, l)}）：${sb > sa ? '它更多是开启或助攻路径，由其他渠道完成转化' : '它主要收尾由其他渠道开启的路径'}。`,
      ),
      atStake: hasValue ? Math.abs(a - b) : null,
      evidence: both((l) => (l === 'en' ? `Removal effect ${pct(mk.removalEffect[c], l)}; ${num(touches[c], l, 0)} touches.` : `移除效应 ${pct(mk.removalEffect[c], l)}；触点 ${num(touches[c], l, 0)} 次。`)),
      observational: true,
    });
  }
  findings.sort((x, y) => (y.atStake ?? 0) - (x.atStake ?? 0));

  const notes: I18nText[] = [
    { en: `Time decay halves a touch's weight every ${num(o.halfLifeDays, 'en', 1)} day(s) before the conversion. Position-based gives ${pct(o.firstShare, 'en', 0)} to the first touch, ${pct(o.lastShare, 'en', 0)} to the last and shares the rest among the middle touches.`, 'zh-CN': `时间衰减：触点距转化每早 ${num(o.halfLifeDays, 'zh-CN', 1)} 天，权重减半。位置加权：首次触点 ${pct(o.firstShare, 'zh-CN', 0)}、末次触点 ${pct(o.lastShare, 'zh-CN', 0)}，其余由中间触点平分。` },
    { en: 'The Markov model credits each channel by how much the conversion probability falls when the channel is removed from the first-order transition chain (solved exactly). "Converting paths only" ignores paths that never converted.', 'zh-CN': '马尔可夫模型按"移除该渠道后转化概率下降多少"分配功劳（一阶转移链，精确求解）。"仅转化路径"不考虑从未转化的路径。' },
    { en: 'Attribution describes the paths observed; it does not prove that a channel caused a conversion. Use an experiment (holdout) to measure causal lift.', 'zh-CN': '归因描述的是观察到的路径，不能证明渠道导致了转化。如需衡量因果提升，请使用实验（保留组）。' },
  ];
  if (spend && unmatched > 0) notes.push({ en: `${unmatched} channel(s) have no spend in the campaigns sheet (names are matched ignoring case).`, 'zh-CN': `${unmatched} 个渠道在活动表中没有花费（名称匹配不区分大小写）。` });
  return { kind: 'attribution', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables, charts, findings, notes, diagnostics };
}

/** Multi-touch attribution as a registered analysis (input: `touchpoints`; `campaigns` adds spend). */
export const attribution: AnalysisDef<AttributionOptions> = {
  kind: 'attribution',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'touchpoints', roles: ['customer_id', 'channel'] }],
  needs: {
    en: 'A touchpoints sheet: customer, channel, time, and whether (or which event) converted; a value column adds revenue, a campaigns sheet adds ROAS.',
    'zh-CN': '需要一张触点表：客户、渠道、时间，以及是否转化（或转化事件）；有价值列可计算收入，有活动表可计算 ROAS。',
  },
  defaults: attributionDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: AttributionOptions): AnalysisResult {
    const data = inputs.touchpoints;
    if (!data) return emptyResult([diag('marketing.attribution.missing', 'error', { en: 'No touchpoints table was given.', 'zh-CN': '没有提供触点表。' })]);
    return attribute(data, common, options, inputs.campaigns);
  },
};
