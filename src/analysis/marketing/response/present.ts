/**
 * Response curves, phase 3a: tables, figures, charts and notes.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, ResultTable } from '../../types.js';
import { num, pct, ratio } from '../../common/index.js';
import { marginalResponse, response } from '../budget-allocation.js';
import { msg } from '../messages.js';
import type { ChannelFits, Reallocation } from './compute.js';
import type { ResponseOptions } from './options.js';
import type { WeeklyData } from './weekly.js';

/** The outcome in words ("revenue" or "conversions") and how its values are shown. */
export function outcomeOf(isRevenue: boolean): { label: I18nText; kind: 'currency' | 'number' } {
  return isRevenue
    ? { label: msg('response.revenue'), kind: 'currency' }
    : { label: msg('response.conversions'), kind: 'number' };
}

const MARGINAL_LABELS = {
  revenue: {
    now: { en: 'Marginal ROAS now', 'zh-CN': '当前边际 ROAS' },
    proposed: { en: 'Marginal ROAS proposed', 'zh-CN': '建议方案边际 ROAS' },
  },
  conversions: {
    now: { en: 'Marginal conversions per unit spend now', 'zh-CN': '当前每单位花费边际转化' },
    proposed: { en: 'Marginal conversions per unit spend proposed', 'zh-CN': '建议方案每单位花费边际转化' },
  },
};

/** Current and proposed weekly spend per channel, with bounds, modelled outcome and marginal return. */
export function allocationTable(w: WeeklyData, f: ChannelFits, r: Reallocation, lang: Lang): ResultTable {
  const { label: out, kind } = outcomeOf(w.isRevenue);
  const marginal = w.isRevenue ? MARGINAL_LABELS.revenue : MARGINAL_LABELS.conversions;
  const decimals = w.isRevenue ? 2 : 4;
  const { current, fits, reasons, usable } = f;
  const { proposed, lower, upper } = r;
  return {
    name: 'allocation',
    title: { en: 'Weekly budget: current and proposed', 'zh-CN': '每周预算：当前与建议' },
    columns: [
      { key: 'channel', label: { en: 'Channel', 'zh-CN': '渠道' }, kind: 'text' },
      { key: 'current_spend', label: { en: 'Current weekly spend', 'zh-CN': '当前每周花费' }, kind: 'currency' },
      { key: 'proposed_spend', label: { en: 'Proposed weekly spend', 'zh-CN': '建议每周花费' }, kind: 'currency' },
      { key: 'change', label: { en: 'Change', 'zh-CN': '变化' }, kind: 'percent', highlight: 'colorScale' },
      { key: 'min_spend', label: { en: 'Minimum', 'zh-CN': '下限' }, kind: 'currency' },
      { key: 'max_spend', label: { en: 'Maximum', 'zh-CN': '上限' }, kind: 'currency' },
      { key: 'current_outcome', label: msg('response.outcomeNow', { outcome: out }), kind, decimals: 2 },
      { key: 'proposed_outcome', label: msg('response.outcomeProposed', { outcome: out }), kind, decimals: 2 },
      { key: 'marginal_current', label: marginal.now, kind: 'ratio', decimals },
      { key: 'marginal_proposed', label: marginal.proposed, kind: 'ratio', decimals },
      { key: 'note', label: { en: 'Note', 'zh-CN': '说明' }, kind: 'text' },
    ],
    rows: w.names.map((name, c) => {
      const fit = fits[c];
      const i = usable.indexOf(c);
      const useCurve = fit !== null && reasons[c] === null;
      return {
        channel: name,
        current_spend: current[c],
        proposed_spend: proposed[c],
        change: ratio(proposed[c] - current[c], current[c]),
        min_spend: i >= 0 ? lower[i] : null,
        max_spend: i >= 0 ? upper[i] : null,
        current_outcome: useCurve ? fit.baseline + response(fit.curve, current[c]) : null,
        proposed_outcome: useCurve ? fit.baseline + response(fit.curve, proposed[c]) : null,
        marginal_current: useCurve ? marginalResponse(fit.curve, current[c]) : null,
        marginal_proposed: useCurve ? marginalResponse(fit.curve, proposed[c]) : null,
        note: reasons[c] ? reasons[c][lang] : '',
      } satisfies Record<string, CellValue>;
    }),
    note: {
      en: 'Empty cells: no usable curve for the channel (see its note); it keeps its current spend.',
      'zh-CN': '空白单元格：该渠道没有可用曲线（见说明），保持当前花费。',
    },
  };
}

/** The fitted parameters of every channel that could be fitted. */
export function fitsTable(w: WeeklyData, f: ChannelFits): ResultTable {
  const { label: out, kind } = outcomeOf(w.isRevenue);
  return {
    name: 'fits',
    title: { en: 'Fitted curves', 'zh-CN': '拟合曲线参数' },
    columns: [
      { key: 'channel', label: { en: 'Channel', 'zh-CN': '渠道' }, kind: 'text' },
      { key: 'weeks', label: { en: 'Weeks', 'zh-CN': '周数' }, kind: 'integer' },
      {
        key: 'carryover',
        label: { en: 'Carry-over (adstock α)', 'zh-CN': '延续效应（adstock α）' },
        kind: 'number',
        decimals: 2,
      },
      {
        key: 'half_saturation',
        label: { en: 'Half-saturation weekly spend', 'zh-CN': '半饱和每周花费' },
        kind: 'currency',
      },
      { key: 'slope', label: { en: 'Hill slope', 'zh-CN': 'Hill 斜率' }, kind: 'number', decimals: 2 },
      { key: 'max_outcome', label: msg('response.outcomeSaturation', { outcome: out }), kind, decimals: 2 },
      { key: 'baseline', label: { en: 'Baseline', 'zh-CN': '基线' }, kind, decimals: 2 },
      { key: 'r2', label: { en: 'R²', 'zh-CN': 'R²' }, kind: 'number', decimals: 2 },
    ],
    rows: w.names.map((name, c) => {
      const fit = f.fits[c];
      return {
        channel: name,
        weeks: w.W,
        carryover: fit ? fit.alpha : null,
        half_saturation: fit ? fit.curve.kappa * fit.curve.scale : null,
        slope: fit ? fit.curve.slope : null,
        max_outcome: fit ? fit.curve.beta : null,
        baseline: fit ? fit.baseline : null,
        r2: fit ? fit.r2 : null,
      };
    }),
  };
}

/** Curves for line charts: the outcome at 0, 0.1 … 3 × current spend, one column per usable channel. */
export function curvesTable(w: WeeklyData, f: ChannelFits): ResultTable {
  const { label: out, kind } = outcomeOf(w.isRevenue);
  const rows: Record<string, CellValue>[] = [];
  for (let k = 0; k <= 30; k++) {
    const m = k / 10;
    const r: Record<string, CellValue> = { multiple: m };
    for (const c of f.usable) r[w.names[c]] = response(f.fits[c]!.curve, m * f.current[c]);
    rows.push(r);
  }
  return {
    name: 'curves',
    title: msg('response.curvesTitle', { outcome: out }),
    columns: [
      { key: 'multiple', label: { en: '× current spend', 'zh-CN': '当前花费倍数' }, kind: 'number', decimals: 1 },
      ...f.usable.map(
        (c) => ({ key: w.names[c], label: { en: w.names[c], 'zh-CN': w.names[c] }, kind, decimals: 2 }) as const,
      ),
    ],
    rows,
  };
}

/** The weekly budget, the expected change (with its bootstrap range) and how many curves are usable. */
export function responseFigures(
  w: WeeklyData,
  f: ChannelFits,
  total: number,
  expected: number,
  range: [number, number] | null,
): Figure[] {
  const { label: out, kind } = outcomeOf(w.isRevenue);
  const note = range
    ? { note: msg('response.rangeNote', { low: (l) => num(range[0], l, 2), high: (l) => num(range[1], l, 2) }) }
    : {};
  return [
    { key: 'weekly_budget', label: { en: 'Weekly budget', 'zh-CN': '每周预算' }, value: total, kind: 'currency' },
    {
      key: 'expected_change',
      label: msg('response.expectedChange', { outcome: out }),
      value: f.usable.length > 0 ? expected : null,
      kind,
      decimals: 2,
      ...note,
    },
    {
      key: 'channels_fitted',
      label: { en: 'Channels with a usable curve', 'zh-CN': '有可用曲线的渠道' },
      value: f.usable.length,
      kind: 'integer',
    },
  ];
}

export function responseCharts(w: WeeklyData, f: ChannelFits): ChartHint[] {
  const charts: ChartHint[] = [
    {
      name: 'allocation',
      title: { en: 'Current and proposed weekly spend', 'zh-CN': '当前与建议每周花费' },
      kind: 'column',
      table: 'allocation',
      category: 'channel',
      series: ['current_spend', 'proposed_spend'],
    },
  ];
  if (f.usable.length > 0)
    charts.push({
      name: 'curves',
      title: { en: 'Response curves', 'zh-CN': '响应曲线' },
      kind: 'line',
      table: 'curves',
      category: 'multiple',
      series: f.usable.map((c) => w.names[c]),
    });
  return charts;
}

/** The model, how current and proposed spend are set, and the observational caveat. */
export function responseNotes(w: WeeklyData, recent: number, o: ResponseOptions): I18nText[] {
  return [
    msg('response.modelNote', { outcome: outcomeOf(w.isRevenue).label, maxLag: o.maxLag }),
    msg('response.spendNote', { recent, min: (l) => pct(o.minMultiple, l, 0), max: (l) => pct(o.maxMultiple, l, 0) }),
    {
      en: 'These curves are fitted on observational data: spend was not randomised, so seasonality, promotions and targeting can bend them. They suggest where to test, not what is proven. The range comes from refitting on resampled weekly residuals.',
      'zh-CN':
        '这些曲线基于观察数据拟合：花费并非随机分配，季节、促销和定向都可能影响曲线。它们提示在哪里值得测试，而非已被证实的结论。区间来自对周残差重抽样后的重新拟合。',
    },
  ];
}
