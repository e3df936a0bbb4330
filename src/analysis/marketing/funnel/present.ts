/**
 * Funnel, phase 3a: tables, figures, charts and notes from the counts.
 */
import type { CellValue, I18nText, Lang } from '../../../types.js';
import type { ChartHint, Figure, ResultColumn, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { ratio } from '../../common/index.js';
import { STAGE_LABEL, type Stage } from './options.js';
import type { Counts, Groups } from './read.js';

/** Overall steps: count, conversion from the previous and from the first step, drop-off. */
export function stepsTable(total: Counts, stages: readonly Stage[], lang: Lang): ResultTable {
  const rows: Record<string, CellValue>[] = stages.map((s, i) => {
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
  return {
    name: 'steps',
    title: { en: 'Funnel steps', 'zh-CN': '漏斗步骤' },
    columns: [
      { key: 'step', label: { en: 'Step', 'zh-CN': '步骤' }, kind: 'text' },
      { key: 'stage', label: { en: 'Stage key', 'zh-CN': '步骤代码' }, kind: 'text' },
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
    note: {
      en: 'Steps come from different sheets matched by channel name; a step can exceed the one before when the sheets count different people (e.g. sign-ups that never clicked an ad).',
      'zh-CN':
        '各步骤来自不同工作表，按渠道名称匹配；当各表统计的人群不同（如未点击广告的注册用户）时，后一步可能大于前一步。',
    },
  };
}

/**
 * Each step's conversion on its own: the chart a manager reads first. Counts span orders of magnitude
 * (the sample: 255 million impressions against 7,618 buyers), so a bar chart of counts shows one bar;
 * the rates show where people are lost.
 */
export function stepRatesTable(total: Counts, stages: readonly Stage[], lang: Lang): ResultTable {
  return {
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
  };
}

/** Counts and step rates per channel or campaign, largest first step first; null with no groups. */
export function groupTable(
  g: Groups,
  name: string,
  key: 'channel' | 'campaign',
  st: readonly Stage[],
): ResultTable | null {
  if (g.counts.size === 0) return null;
  const byChannel = key === 'channel';
  const cols: ResultColumn[] = [
    { key, label: byChannel ? { en: 'Channel', 'zh-CN': '渠道' } : { en: 'Campaign', 'zh-CN': '活动' }, kind: 'text' },
  ];
  st.forEach((s, i) => {
    cols.push({ key: s, label: STAGE_LABEL[s], kind: 'integer' });
    if (i > 0)
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
        if (i > 0) r[`${s}_rate`] = ratio(c[s], c[st[i - 1]]);
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

/** The count of every step and the end-to-end conversion. */
export function funnelFigures(total: Counts, stages: readonly Stage[]): Figure[] {
  const figures: Figure[] = stages.map((s) => ({ key: s, label: STAGE_LABEL[s], value: total[s], kind: 'integer' }));
  const last = stages[stages.length - 1];
  figures.push({
    key: 'end_to_end',
    label: { en: 'End-to-end conversion', 'zh-CN': '全流程转化率' },
    value: ratio(total[last], total[stages[0]]),
    kind: 'percent',
    decimals: 3,
  });
  return figures;
}

/** Step rates, the funnel itself, and step rates by channel when there is a channel table. */
export function funnelCharts(stages: readonly Stage[], withChannels: boolean): ChartHint[] {
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
      .slice(1)
      .filter((s) => s !== 'clicks')
      .map((s) => `${s}_rate`);
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
