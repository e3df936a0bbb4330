/**
 * Funnel, phase 3a: tables, figures, charts and notes from the counts.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, ResultColumn, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { ratio } from '../../common/index.js';
import { STAGE_LABEL, type Stage } from './options.js';
import { isBridge, populationStart, sameCustomers } from './compute.js';
import { breakList } from './findings.js';
import type { Counts, FunnelCounts, Groups } from './read.js';

/**
 * Overall steps: count, conversion from the previous step and from the first step measured on the same
 * population, drop-off. A step joining two sheets has no rate and no drop-off, and the note names it.
 */
export function stepsTable(
  f: Pick<FunnelCounts, 'total' | 'sheetOf' | 'buyersOutside'>,
  stages: readonly Stage[],
  lang: Lang,
): ResultTable {
  const { total } = f;
  const same = sameCustomers(f);
  const rows: Record<string, CellValue>[] = stages.map((s, i) => {
    const joined = i > 0 && !isBridge(stages, i, same);
    const prev = joined ? total[stages[i - 1]] : null;
    return {
      step: STAGE_LABEL[s][lang],
      stage: s,
      count: total[s],
      step_conversion: prev === null ? null : ratio(total[s], prev),
      overall_conversion: ratio(total[s], total[stages[populationStart(stages, i, same)]]),
      drop_off: prev === null ? null : prev - total[s],
    };
  });
  const list = breakList(f, stages);
  return {
    name: 'steps',
    title: { en: 'Funnel steps', 'zh-CN': '漏斗步骤' },
    columns: [
      { key: 'step', label: { en: 'Step', 'zh-CN': '步骤' }, kind: 'text' },
      { key: 'stage', label: { en: 'Stage key', 'zh-CN': '步骤代码' }, kind: 'text', code: true },
      { key: 'count', label: { en: 'Count', 'zh-CN': '数量' }, kind: 'integer', highlight: 'dataBar' },
      {
        key: 'step_conversion',
        label: { en: 'From previous step', 'zh-CN': '上一步转化率' },
        kind: 'percent',
        decimals: 2,
      },
      {
        key: 'overall_conversion',
        label: { en: 'From first step', 'zh-CN': '相对首步转化率' },
        kind: 'percent',
        decimals: 3,
      },
      { key: 'drop_off', label: { en: 'Drop-off', 'zh-CN': '流失数' }, kind: 'integer' },
    ],
    rows,
    note: list
      ? msg('funnel.breaksNote', { list })
      : {
          en: 'Every step is counted on the same people, so each rate is a conversion.',
          'zh-CN': '各步骤针对同一批人统计，每个比率都是转化率。',
        },
  };
}

/**
 * Each step's conversion on its own: the chart a manager reads first. Counts span orders of magnitude
 * (the sample: 255 million impressions against 7,618 buyers), so a bar chart of counts shows one bar;
 * the rates show where people are lost. A step joining two sheets is listed without a rate.
 */
export function stepRatesTable(
  f: Pick<FunnelCounts, 'total' | 'sheetOf' | 'buyersOutside'>,
  stages: readonly Stage[],
  lang: Lang,
): ResultTable {
  const { total } = f;
  const same = sameCustomers(f);
  const list = breakList(f, stages);
  return {
    name: 'step_rates',
    title: { en: 'Conversion at each step', 'zh-CN': '各步骤转化率' },
    columns: [
      { key: 'transition', label: { en: 'Step', 'zh-CN': '步骤' }, kind: 'text' },
      { key: 'rate', label: { en: 'Conversion', 'zh-CN': '转化率' }, kind: 'percent', decimals: 2 },
      { key: 'lost', label: { en: 'Lost', 'zh-CN': '流失数' }, kind: 'integer' },
    ],
    rows: stages.slice(1).map((s, i) => {
      const bridge = isBridge(stages, i + 1, same);
      return {
        transition: `${STAGE_LABEL[stages[i]][lang]} → ${STAGE_LABEL[s][lang]}`,
        rate: bridge ? null : ratio(total[s], total[stages[i]]),
        lost: bridge ? null : total[stages[i]] - total[s],
      };
    }),
    ...(list ? { note: msg('funnel.breaks', { list }) } : {}),
  };
}

/** Counts and step rates per channel or campaign, largest first step first; null with no groups. */
export function groupTable(
  g: Groups,
  name: string,
  key: 'channel' | 'campaign',
  st: readonly Stage[],
  same = true,
): ResultTable | null {
  if (g.counts.size === 0) return null;
  const byChannel = key === 'channel';
  const cols: ResultColumn[] = [
    { key, label: byChannel ? { en: 'Channel', 'zh-CN': '渠道' } : { en: 'Campaign', 'zh-CN': '活动' }, kind: 'text' },
  ];
  st.forEach((s, i) => {
    cols.push({ key: s, label: STAGE_LABEL[s], kind: 'integer' });
    // A step joining two sheets divides counts of different people: no rate column.
    if (i > 0 && !isBridge(st, i, same))
      cols.push({
        key: `${s}_rate`,
        label: msg('funnel.rateLabel', { step: STAGE_LABEL[s], previous: STAGE_LABEL[st[i - 1]] }),
        kind: 'percent',
        decimals: 2,
        highlight: 'colorScale',
      });
  });
  const rows = [...g.counts.entries()]
    .sort((a, b) => b[1][st[0]] - a[1][st[0]] || (a[0] < b[0] ? -1 : 1))
    .map(([k, c]) => {
      const r: Record<string, CellValue> = { [key]: g.display.get(k)! };
      st.forEach((s, i) => {
        r[s] = c[s];
        if (i > 0 && !isBridge(st, i, same)) r[`${s}_rate`] = ratio(c[s], c[st[i - 1]]);
      });
      return r;
    });
  const title = byChannel ? { en: 'By channel', 'zh-CN': '按渠道' } : { en: 'By campaign', 'zh-CN': '按活动' };
  return {
    name,
    title,
    columns: cols,
    rows,
    note: { en: 'A rate is empty where the step before has no one.', 'zh-CN': '上一步为零时转化率留空。' },
  };
}

/**
 * The count of every step and the end-to-end conversion, over the last run of steps measured on the same
 * population (the whole funnel when no step joins two sheets; then the label stays "End-to-end conversion").
 */
export function funnelFigures(total: Counts, stages: readonly Stage[], same = true): Figure[] {
  const figures: Figure[] = stages.map((s) => ({ key: s, label: STAGE_LABEL[s], value: total[s], kind: 'integer' }));
  const lastI = stages.length - 1;
  const firstI = populationStart(stages, lastI, same);
  if (firstI === lastI) return figures;
  figures.push({
    key: 'end_to_end',
    label:
      firstI === 0
        ? { en: 'End-to-end conversion', 'zh-CN': '全流程转化率' }
        : msg('funnel.endToEndOf', { from: STAGE_LABEL[stages[firstI]], to: STAGE_LABEL[stages[lastI]] }),
    value: ratio(total[stages[lastI]], total[stages[firstI]]),
    kind: 'percent',
    decimals: 3,
  });
  return figures;
}

/** Step rates, the funnel itself, and step rates by channel when there is a channel table. */
export function funnelCharts(stages: readonly Stage[], withChannels: boolean, same = true): ChartHint[] {
  const charts: ChartHint[] = [
    {
      name: 'step_rates',
      title: { en: 'Conversion at each step', 'zh-CN': '各步骤转化率' },
      kind: 'bar',
      table: 'step_rates',
      category: 'transition',
      series: ['rate'],
    },
    {
      name: 'funnel',
      title: { en: 'Funnel', 'zh-CN': '转化漏斗' },
      kind: 'bar',
      table: 'steps',
      category: 'step',
      series: ['count'],
    },
  ];
  if (withChannels && stages.length >= 2) {
    const series = stages
      .map((s, i) => ({ s, i }))
      .filter(({ s, i }) => i > 0 && s !== 'clicks' && !isBridge(stages, i, same))
      .map(({ s }) => `${s}_rate`);
    charts.push({
      name: 'step_rates_by_channel',
      title: { en: 'Step conversion by channel', 'zh-CN': '各渠道步骤转化率' },
      kind: 'column',
      table: 'channels',
      category: 'channel',
      series,
      maxRows: 12,
    });
  }
  return charts;
}

/** Where the counts come from and how channels are compared. */
export function funnelNotes(sources: readonly string[]): I18nText[] {
  return [
    msg('funnel.sourcesNote', { sources: (l) => sources.join(l === 'en' ? ', ' : '、') }),
    {
      en: 'Channels are compared with the all-channel rate of the same step; the gap is observational (channels reach different people).',
      'zh-CN': '各渠道与同一步骤的全渠道转化率比较；差异为观察性结果（不同渠道触达的人群不同）。',
    },
  ];
}
