/**
 * Budget against actual, phase 3 (present): the channel × month table, the by-month table and its chart,
 * key figures and notes. Only wording and layout; every number comes from the compute phase.
 */
import type { CellValue, I18nText } from '../../../types.js';
import type { ChartHint, Figure, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { col } from '../result-column.js';
import { fromMinor } from '../money.js';
import { monthLabel } from '../months.js';
import { servicePeriodNote } from '../service-period.js';
import { headline, monthTotals } from './compute.js';
import {
  FLAG_LABELS,
  MONTHLY_CURRENT_LABEL,
  STATE_LABELS,
  type BudgetOptions,
  type Calendar,
  type Channels,
  type Paced,
} from './model.js';
import type { BudgetSources } from './read.js';
import { pct, ratio } from '../../common/index.js';

/** What the tables need besides the paced cells. */
export interface Presentation {
  sources: BudgetSources;
  channels: Channels;
  cal: Calendar;
  opts: BudgetOptions;
  currency: string;
  digits: number;
  lang: 'en' | 'zh-CN';
}

/** The channel × month table. */
export function budgetTable(paced: readonly Paced[], x: Presentation): ResultTable {
  const { lang, cal, opts } = x;
  const out = (m: number | null): number | null => (m === null ? null : fromMinor(m, x.digits));
  const allChannels = msg('budget.all-channels')[lang];
  const rows: Record<string, CellValue>[] = paced.map(({ ch, m, c, p }) => {
    const actual = opts.actual === 'platform' ? c.platform : c.invoiced;
    return {
      channel: x.channels.byChannel ? (x.channels.labels.get(ch) ?? ch) : allChannels,
      month: monthLabel(m),
      state: (p.monthly ? MONTHLY_CURRENT_LABEL : STATE_LABELS[p.state])[lang],
      budget: out(c.budget),
      platform: x.sources.platform ? out(c.platform) : null,
      invoiced: x.sources.invoiced ? out(c.invoiced) : null,
      variance: p.state === 'future' ? null : out(actual - c.budget),
      pct_used: ratio(actual, c.budget),
      expected_to_date: out(p.expected),
      pacing: p.expected !== null ? ratio(actual, p.expected) : null,
      projected: out(p.projected),
      projected_variance: p.projected === null ? null : out(p.projected - c.budget),
      flag: FLAG_LABELS[p.flag][lang],
      flag_code: p.flag,
    };
  });
  return {
    name: 'budget',
    title: { en: 'Budget against actual by channel and month', 'zh-CN': '按渠道和月份的预算执行' },
    columns: [
      col('channel', 'Channel', '渠道', 'text'),
      col('month', 'Month', '月份', 'text'),
      col('state', 'Month state', '月份状态', 'text'),
      col('budget', 'Budget', '预算', 'currency'),
      col('platform', 'Platform-reported', '平台报告花费', 'currency'),
      col('invoiced', 'Invoiced', '开票金额', 'currency'),
      col('variance', `Actual − budget`, '实际 − 预算', 'currency', { highlight: 'colorScale' }),
      col('pct_used', 'Budget used', '预算使用率', 'percent', { highlight: 'dataBar' }),
      col('expected_to_date', 'Expected to date', '按进度应花费', 'currency'),
      col('pacing', 'Pacing', '花费进度', 'percent'),
      col('projected', 'Projected month-end', '预计月末花费', 'currency'),
      col('projected_variance', 'Projected − budget', '预计 − 预算', 'currency', { highlight: 'colorScale' }),
      col('flag', 'Flag', '标记', 'text'),
      col('flag_code', 'Flag code', '标记代码', 'text', { code: true }),
    ],
    rows,
    note: msg('budget.table-note', {
      actual: msg(opts.actual === 'platform' ? 'budget.actual.platform' : 'budget.actual.invoiced'),
      month: monthLabel(cal.current),
      day: cal.elapsed,
      days: cal.days,
    }),
  };
}

/** All channels by month (the chart's table). */
export function monthTable(paced: readonly Paced[], x: Presentation): ResultTable {
  const out = (m: number): number => fromMinor(m, x.digits);
  const rows = monthTotals(paced).map((t) => ({
    month: monthLabel(t.m),
    budget: out(t.budget),
    platform: x.sources.platform ? out(t.platform) : null,
    invoiced: x.sources.invoiced ? out(t.invoiced) : null,
    projected: t.m <= x.cal.current && !t.monthly ? out(t.projected) : null,
    pct_used: ratio(x.opts.actual === 'platform' ? t.platform : t.invoiced, t.budget),
  }));
  return {
    name: 'by_month',
    title: { en: 'Budget against actual by month', 'zh-CN': '按月预算执行' },
    columns: [
      col('month', 'Month', '月份', 'text'),
      col('budget', 'Budget', '预算', 'currency'),
      col('platform', 'Platform-reported', '平台报告花费', 'currency'),
      col('invoiced', 'Invoiced', '开票金额', 'currency'),
      col('projected', 'Projected month-end', '预计月末花费', 'currency'),
      col('pct_used', 'Budget used', '预算使用率', 'percent'),
    ],
    rows,
  };
}

export function budgetCharts(x: Presentation): ChartHint[] {
  const series = ['budget'];
  if (x.sources.platform) series.push('platform');
  if (x.sources.invoiced) series.push('invoiced');
  return [
    {
      name: 'budget_vs_actual',
      title: { en: 'Budget against actual by month', 'zh-CN': '各月预算与实际' },
      kind: 'column',
      table: 'by_month',
      category: 'month',
      series,
      yTitle: { en: x.currency, 'zh-CN': x.currency },
    },
  ];
}

/** Figures: the month in progress, and the year so far (months up to the current one). */
export function budgetFigures(paced: readonly Paced[], x: Presentation): Figure[] {
  const h = headline(paced, x.cal.current);
  const out = (m: number): number => fromMinor(m, x.digits);
  const month = monthLabel(x.cal.current);
  const fig = (key: string, en: string, zh: string, value: number | null, kind: Figure['kind']): Figure => ({
    key,
    label: { en, 'zh-CN': zh },
    value,
    kind,
  });
  return [
    fig('month_budget', `Budget ${month}`, `${month} 预算`, out(h.budget), 'currency'),
    fig('month_to_date', 'Spent month to date', '本月至今花费', out(h.actual), 'currency'),
    fig(
      'month_pacing',
      'Pacing (to date ÷ expected)',
      '花费进度（至今 ÷ 应花）',
      h.monthly ? null : ratio(h.actual, h.expected),
      'percent',
    ),
    fig('month_projected', 'Projected month-end', '预计月末花费', h.monthly ? null : out(h.projected), 'currency'),
    fig(
      'month_projected_variance',
      'Projected − budget',
      '预计 − 预算',
      h.monthly ? null : out(h.projected - h.budget),
      'currency',
    ),
    fig('budget_to_date', 'Budget, months to date', '截至本月的预算', out(h.budgetToDate), 'currency'),
    fig('actual_to_date', 'Actual, months to date', '截至本月的实际花费', out(h.actualToDate), 'currency'),
  ];
}

export function budgetNotes(x: Presentation, invoicesSheet: string | undefined, monthlySheet?: string): I18nText[] {
  const notes: I18nText[] = [
    msg('budget.note.projection'),
    msg('budget.note.flags', { threshold: (l) => pct(x.opts.flagThreshold, l, 0) }),
  ];
  const grainCol = x.sources.platform?.grain.column;
  if (monthlySheet !== undefined && grainCol)
    notes.push(
      msg('budget.note.monthly', { sheet: monthlySheet, column: grainCol.header, month: monthLabel(x.cal.current) }),
    );
  const inv = x.sources.invoiced;
  if (inv) {
    notes.push(msg('budget.note.spread'));
    const spNote = invoicesSheet !== undefined ? servicePeriodNote(inv.service, invoicesSheet) : null;
    if (spNote) notes.push(spNote);
  }
  return notes;
}
