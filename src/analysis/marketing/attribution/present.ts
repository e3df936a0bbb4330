/**
 * Attribution, phase 3a: credited conversions, revenue and ROAS (or cost per conversion) per channel under
 * each model side by side, the most common paths, figures, charts and notes.
 */
import type { CellValue, I18nText } from '../../../types.js';
import type { ChartHint, Figure, ResultColumn, ResultTable } from '../../types.js';
import { num, pct, ratio } from '../../common/index.js';
import { msg } from '../messages.js';
import type { Credit } from './models.js';
import { MODEL_LABEL, MODELS, type AttributionOptions, type Model } from './options.js';
import type { Paths } from './read.js';

/** What the tables are made of. */
export interface AttributionView {
  paths: Paths;
  credit: Record<Model, Credit>;
  removalEffect: (number | null)[];
  /** Touches per channel. */
  touches: Float64Array;
  /** Channels by Markov-credited conversions, then touches. */
  order: number[];
  key: 'channel' | 'campaign';
  hasValue: boolean;
  nConv: number;
}

function keyColumn(key: 'channel' | 'campaign'): ResultColumn {
  return {
    key,
    label: key === 'channel' ? { en: 'Channel', 'zh-CN': '渠道' } : { en: 'Campaign', 'zh-CN': '活动' },
    kind: 'text',
  };
}

function modelColumns(kind: ResultColumn['kind'], decimals: number): ResultColumn[] {
  return MODELS.map((m) => ({ key: m, label: MODEL_LABEL[m], kind, decimals }));
}

/** Credited conversions per channel under each model, with touches and the Markov removal effect. */
export function creditTable(v: AttributionView): ResultTable {
  return {
    name: 'channels',
    title: { en: 'Credited conversions by model', 'zh-CN': '各模型归因转化数' },
    columns: [
      keyColumn(v.key),
      { key: 'touches', label: { en: 'Touches', 'zh-CN': '触点数' }, kind: 'integer' },
      ...modelColumns('number', 2),
      { key: 'removal_effect', label: { en: 'Removal effect', 'zh-CN': '移除效应' }, kind: 'percent' },
    ],
    rows: v.order.map((c) => {
      const r: Record<string, CellValue> = { [v.key]: v.paths.channels[c], touches: v.touches[c] };
      for (const m of MODELS) r[m] = v.credit[m].conversions[c];
      r.removal_effect = v.removalEffect[c];
      return r;
    }),
    note: msg('attribution.creditNote', { conversions: v.nConv }),
  };
}

/** Credited revenue per channel under each model. */
export function revenueTable(v: AttributionView): ResultTable {
  return {
    name: 'revenue',
    title: { en: 'Credited revenue by model', 'zh-CN': '各模型归因收入' },
    columns: [keyColumn(v.key), ...modelColumns('currency', 2)],
    rows: v.order.map((c) => {
      const r: Record<string, CellValue> = { [v.key]: v.paths.channels[c] };
      for (const m of MODELS) r[m] = v.credit[m].revenue[c];
      return r;
    }),
  };
}

/**
 * ROAS per channel and model (with value), else cost per credited conversion; channels are matched to
 * the campaigns sheet by name ignoring case. `unmatched` counts the channels with no spend there.
 */
export function spendTable(v: AttributionView, spend: Map<string, number>): { table: ResultTable; unmatched: number } {
  let unmatched = 0;
  let zero = false;
  const rows = v.order.map((c) => {
    const s = spend.get(v.paths.channels[c].toLowerCase());
    if (s === undefined) unmatched++;
    const r: Record<string, CellValue> = { [v.key]: v.paths.channels[c], spend: s ?? null };
    for (const m of MODELS) {
      r[m] = v.hasValue ? ratio(v.credit[m].revenue[c], s ?? null) : ratio(s ?? null, v.credit[m].conversions[c]);
      if (r[m] === null) zero = true;
    }
    return r;
  });
  const table: ResultTable = {
    name: v.hasValue ? 'roas' : 'cpa',
    title: v.hasValue
      ? { en: 'ROAS by model', 'zh-CN': '各模型 ROAS' }
      : { en: 'Cost per credited conversion by model', 'zh-CN': '各模型单次归因转化成本' },
    columns: [
      keyColumn(v.key),
      { key: 'spend', label: { en: 'Spend', 'zh-CN': '花费' }, kind: 'currency' },
      ...modelColumns(v.hasValue ? 'ratio' : 'currency', 2),
    ],
    rows,
    ...(zero || unmatched > 0
      ? {
          note: {
            en: 'Empty where the campaigns sheet has no spend for the channel, or the denominator is zero.',
            'zh-CN': '活动表中没有该渠道花费或分母为零时留空。',
          },
        }
      : {}),
  };
  return { table, unmatched };
}

/**
 * Path counts and conversions by path text ("A > B > C", at most 12 touches then "…"), most common first.
 *
 * @example pathCounts(paths of [A (conv)], [A > B], [A (conv)]) // → [['A', 2, 2], ['A > B', 1, 0]]
 */
export function pathCounts(paths: Paths, top: number): [string, number, number][] {
  const counts = new Map<string, [number, number]>();
  const sep = ' > ';
  const P = paths.start.length - 1;
  for (let q = 0; q < P; q++) {
    const parts: string[] = [];
    for (let i = paths.start[q]; i < paths.start[q + 1] && parts.length < 12; i++)
      parts.push(paths.channels[paths.touch[i]]);
    const k = parts.join(sep) + (paths.start[q + 1] - paths.start[q] > 12 ? `${sep}…` : '');
    const e = counts.get(k) ?? [0, 0];
    e[0]++;
    e[1] += paths.converted[q];
    counts.set(k, e);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([k, [cnt, conv]]) => [k, cnt, conv]);
}

/** The most common paths with their conversions and conversion rate. */
export function pathsTable(paths: Paths, top: number): ResultTable {
  return {
    name: 'paths',
    title: { en: 'Most common paths', 'zh-CN': '最常见路径' },
    columns: [
      { key: 'path', label: { en: 'Path', 'zh-CN': '路径' }, kind: 'text' },
      { key: 'paths', label: { en: 'Paths', 'zh-CN': '路径数' }, kind: 'integer' },
      { key: 'conversions', label: { en: 'Conversions', 'zh-CN': '转化' }, kind: 'integer' },
      { key: 'conversion_rate', label: { en: 'Conversion rate', 'zh-CN': '转化率' }, kind: 'percent' },
    ],
    rows: pathCounts(paths, top).map(([k, cnt, conv]) => ({
      path: k,
      paths: cnt,
      conversions: conv,
      conversion_rate: cnt > 0 ? conv / cnt : null,
    })),
  };
}

/** Paths, conversions, the Markov path conversion rate and the converted value. */
export function attributionFigures(v: AttributionView, pConversion: number, totalValue: number): Figure[] {
  const figures: Figure[] = [
    { key: 'paths', label: { en: 'Paths', 'zh-CN': '路径数' }, value: v.paths.start.length - 1, kind: 'integer' },
    { key: 'conversions', label: { en: 'Conversions', 'zh-CN': '转化' }, value: v.nConv, kind: 'integer' },
    {
      key: 'conversion_probability',
      label: { en: 'Path conversion rate (Markov)', 'zh-CN': '路径转化率（马尔可夫）' },
      value: pConversion,
      kind: 'percent',
      decimals: 2,
    },
  ];
  if (v.hasValue)
    figures.push({
      key: 'revenue',
      label: { en: 'Converted value', 'zh-CN': '转化价值' },
      value: totalValue,
      kind: 'currency',
    });
  return figures;
}

export function attributionCharts(key: 'channel' | 'campaign'): ChartHint[] {
  return [
    {
      name: 'credit_by_model',
      title: { en: 'Credited conversions by channel and model', 'zh-CN': '各渠道在不同模型下的归因转化' },
      kind: 'column',
      table: 'channels',
      category: key,
      series: ['first', 'last', 'linear', 'time_decay', 'position', 'markov'],
      maxRows: 12,
    },
  ];
}

/** How the models work, the causal caveat, and the channels without spend. */
export function attributionNotes(o: AttributionOptions, unmatched: number): I18nText[] {
  const notes: I18nText[] = [
    msg('attribution.heuristicsNote', {
      halfLife: (l) => num(o.halfLifeDays, l, 1),
      first: (l) => pct(o.firstShare, l, 0),
      last: (l) => pct(o.lastShare, l, 0),
    }),
    {
      en: 'The Markov model credits each channel by how much the conversion probability falls when the channel is removed from the first-order transition chain (solved exactly). "Converting paths only" ignores paths that never converted.',
      'zh-CN':
        '马尔可夫模型按“移除该渠道后转化概率下降多少”分配功劳（一阶转移链，精确求解）。“仅转化路径”不考虑从未转化的路径。',
    },
    {
      en: 'Attribution describes the paths observed; it does not prove that a channel caused a conversion. Use an experiment (holdout) to measure causal lift.',
      'zh-CN': '归因描述的是观察到的路径，不能证明渠道导致了转化。如需衡量因果提升，请使用实验（保留组）。',
    },
  ];
  if (unmatched > 0) notes.push(msg('attribution.unmatchedNote', { count: unmatched }));
  return notes;
}
