/**
 * Budget against actual, by channel and calendar month: budget, platform-reported spend, invoiced amount,
 * variance, percent used; for the month holding the as-of date, month-to-date pacing and the projected
 * month-end at the current run rate; over- and under-spend flags.
 *
 * Definitions (Excel equivalents, with A = actual month to date, B = month budget, e = days elapsed
 * including the as-of day, D = days in the month):
 * - variance = actual − budget; percent used = actual ÷ budget (empty when the budget is 0);
 * - expected to date = B × e ÷ D (straight-line pacing); pacing = A ÷ expected to date;
 * - projected month-end = A ÷ e × D (`=A/e*DAY(EOMONTH(asOf,0))`); closed months project their actual;
 * - flag: over when projected (closed: actual) > B × (1 + threshold), under when < B × (1 − threshold);
 *   spend without a budget is flagged "no budget".
 * Money is summed in integer minor units; projections are rounded to the cent (half away from zero).
 * An invoice covering several months is spread evenly over them, the leftover cents to the first months.
 */
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { ChannelResolver } from './channels.js';
import { diag, missingColumn, raw, readMoney, roleColumn, texts, where } from './columns.js';
import { buildRates, toReportCurrency, type FxRates } from './fx.js';
import { currencyDigits, divRound, fromMinor } from './money.js';
import { daysInMonth, monthFromCell, monthLabel, monthOf, monthOfYearFromCell, monthStartSerial, serialFromCell } from './months.js';
import { nameKey } from './names.js';
import { readServicePeriod, servicePeriodNote, type ServicePeriod } from './service-period.js';
import { both, money, pct, ratio } from './text.js';

export interface BudgetOptions {
  /** What counts as actual spend: the platforms' report (timely) or the invoices (what is owed). */
  actual: 'platform' | 'invoiced';
  /** Relative band around the budget before a month is flagged over or under (0.1 = ±10%). */
  flagThreshold: number;
  /** Vendor (or invoice channel) text → budget channel text. */
  vendorChannels: Record<string, string>;
  /** Exchange rates for invoices in other currencies (see reconciliation). */
  rates: FxRates;
  /** Smallest similarity for tying a platform or invoice channel name to a budget channel. */
  minSimilarity: number;
}

export const budgetDefaults: BudgetOptions = { actual: 'platform', flagThreshold: 0.1, vendorChannels: {}, rates: [], minSimilarity: 0.85 };

const TITLE: I18nText = { en: 'Budget against actual', 'zh-CN': '预算与实际' };
const QUESTION: I18nText = {
  en: 'Is each channel spending to budget this month, and where will it end the month at the current pace?',
  'zh-CN': '各渠道本月是否按预算花费？按当前速度，月底会落在哪里？',
};
const SHEET: I18nText = { en: 'Budget vs actual', 'zh-CN': '预算执行' };

export type BudgetFlag = 'over' | 'under' | 'on_track' | 'no_budget' | 'future';
const FLAG_LABELS: Record<BudgetFlag, I18nText> = {
  over: { en: 'Over budget', 'zh-CN': '超支' },
  under: { en: 'Under budget', 'zh-CN': '花费不足' },
  on_track: { en: 'On track', 'zh-CN': '正常' },
  no_budget: { en: 'Spend without budget', 'zh-CN': '无预算花费' },
  future: { en: 'Not started', 'zh-CN': '未开始' },
};
type State = 'closed' | 'current' | 'future';
const STATE_LABELS: Record<State, I18nText> = {
  closed: { en: 'Closed', 'zh-CN': '已结束' },
  current: { en: 'In progress', 'zh-CN': '进行中' },
  future: { en: 'Future', 'zh-CN': '未来' },
};

interface Cell {
  budget: number;
  platform: number;
  invoiced: number;
  hasBudget: boolean;
}

function col(key: string, en: string, zh: string, kind: ResultColumn['kind'], extra: Partial<ResultColumn> = {}): ResultColumn {
  return { key, label: { en, 'zh-CN': zh }, kind, ...extra };
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'budget', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/** One budget row's computed pacing, all money in minor units. */
export interface PacingRow {
  state: State;
  actual: number;
  /** Budget × elapsed ÷ days (current month only). */
  expected: number | null;
  /** Actual ÷ elapsed × days (current month), actual (closed), null (future). */
  projected: number | null;
  flag: BudgetFlag;
}

/**
 * Pacing of one channel-month (inner function, minor units). `elapsed` counts the as-of day itself.
 * @example pace(10_000_00, 4_000_00, 10, 30, 'current', 0.1)
 *   // expected 3,333.33; projected 4,000 ÷ 10 × 30 = 12,000.00 → over
 */
export function pace(budget: number, actual: number, elapsed: number, days: number, state: State, threshold: number, hasBudget = true): PacingRow {
  if (state === 'future') return { state, actual, expected: null, projected: null, flag: actual !== 0 && !hasBudget ? 'no_budget' : 'future' };
  let expected: number | null = null;
  let projected = actual;
  if (state === 'current') {
    expected = Number(divRound(BigInt(budget) * BigInt(elapsed), BigInt(days)));
    projected = Number(divRound(BigInt(actual) * BigInt(days), BigInt(elapsed)));
  }
  let flag: BudgetFlag = 'on_track';
  if (!hasBudget || budget === 0) flag = projected !== 0 ? 'no_budget' : 'on_track';
  else if (projected > budget * (1 + threshold)) flag = 'over';
  else if (projected < budget * (1 - threshold)) flag = 'under';
  return { state, actual, expected, projected, flag };
}

/**
 * Budget against actual from a budget Dataset (channel, period/month, amount) and a campaigns Dataset
 * (channel, date, spend), with invoices when given. Never throws: diagnostics name sheet, column and rows.
 */
export function budgetVsActual(
  budget: Dataset,
  campaigns: Dataset | undefined,
  invoices: Dataset | undefined,
  common: CommonOptions,
  options: Partial<BudgetOptions> = {},
): AnalysisResult {
  const opts: BudgetOptions = { ...budgetDefaults, ...options };
  if (!(opts.flagThreshold >= 0 && opts.flagThreshold < 1)) opts.flagThreshold = budgetDefaults.flagThreshold;
  const diagnostics: Diagnostic[] = [];
  const lang = common.lang;
  const cur = common.currency;
  const digits = currencyDigits(cur);
  const lookup = buildRates(opts.rates, cur, diagnostics);

  const bAmount = roleColumn(budget, 'amount', 'spend');
  const bPeriod = roleColumn(budget, 'period', 'date', 'period_start');
  if (!bAmount || !bPeriod) {
    if (!bAmount) diagnostics.push(missingColumn(budget, 'finance.budget.missing-amount', { en: 'budget amount', 'zh-CN': '预算金额' }, TITLE));
    if (!bPeriod) diagnostics.push(missingColumn(budget, 'finance.budget.missing-period', { en: 'month (period)', 'zh-CN': '月份（期间）' }, TITLE));
    return emptyResult(diagnostics);
  }
  if (budget.table.numRows() === 0) {
    diagnostics.push(diag('finance.budget.empty', 'error', { en: 'The budget table has no rows.', 'zh-CN': '预算表没有数据行。' }, { sheet: budget.sheet }));
    return emptyResult(diagnostics);
  }
  if (!Number.isFinite(common.asOf)) {
    diagnostics.push(diag('finance.budget.no-as-of', 'error', { en: 'An as-of date is needed for pacing.', 'zh-CN': '计算进度需要分析截止日期。' }));
    return emptyResult(diagnostics);
  }
  const asOf = Math.floor(common.asOf);
  const current = monthOf(asOf);
  const elapsed = asOf - monthStartSerial(current) + 1;
  const daysCur = daysInMonth(current);

  // Channels: the budget's names are the reference; platform and invoice names are tied to them.
  const bChannelCol = roleColumn(budget, 'channel');
  const byChannel = !!bChannelCol;
  const bCh = texts(budget, bChannelCol);
  const labels = new Map<string, string>();
  for (const c of bCh) if (c !== null && !labels.has(nameKey(c))) labels.set(nameKey(c), c);
  const resolver = new ChannelResolver(labels.values(), opts.vendorChannels, opts.minSimilarity);
  const channelOf = (text: string | null): string => {
    if (!byChannel) return '';
    if (text === null) return '';
    const r = resolver.resolve(text);
    if (r.key !== null) return r.key;
    const k = nameKey(text);
    if (!labels.has(k)) labels.set(k, text);
    return k;
  };

  const cells = new Map<string, Cell>();
  const cell = (ch: string, m: number): Cell => {
    const key = `${ch}\u0001${m}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { budget: 0, platform: 0, invoiced: 0, hasBudget: false }));
    return c;
  };

  // Budget.
  const bMoney = readMoney(budget, bAmount, roleColumn(budget, 'currency'), cur, diagnostics, 'finance.budget.budget', { en: 'budget', 'zh-CN': '预算' });
  const bRaw = raw(budget, bPeriod);
  const badPeriod: number[] = [];
  const bMonths = new Int32Array(budget.table.numRows()).fill(-1);
  // Months named without a year (3月, March, or 3 in a month column) are months of the as-of date's year.
  const asOfYear = Math.floor(current / 12);
  const yearless: number[] = [];
  const periodText = bPeriod.role === 'period';
  for (let i = 0; i < bMonths.length; i++) {
    const mo = periodText ? monthOfYearFromCell(bRaw[i]) : null;
    const m = mo !== null ? asOfYear * 12 + mo - 1 : periodText ? monthFromCell(bRaw[i]) : toMonth(bRaw[i]);
    if (mo !== null) yearless.push(i);
    if (m === null) badPeriod.push(i);
    else bMonths[i] = m;
  }
  if (yearless.length > 0) {
    diagnostics.push(
      diag(
        'finance.budget.yearless-months',
        'info',
        {
          en: `${yearless.length} budget row(s) name a month without a year in "${bPeriod.header}" (such as "${String(bRaw[yearless[0]])}"); they are read as months of ${asOfYear}, the year of the as-of date. Write 2024-03 or 2024年3月 to say otherwise.`,
          'zh-CN': `${yearless.length} 行预算的"${bPeriod.header}"只写了月份没有年份（如"${String(bRaw[yearless[0]])}"），按分析截止日期所在的 ${asOfYear} 年读取。如需其他年份，请写成 2024-03 或 2024年3月。`,
        },
        where(budget, bPeriod, yearless),
      ),
    );
  }
  const bConv = toReportCurrency(budget, bMoney.minor, bMoney.currency, bMonths, cur, lookup, roleColumn(budget, 'currency'), bAmount, diagnostics);
  if (badPeriod.length > 0) {
    diagnostics.push(
      diag(
        'finance.budget.bad-period',
        'warning',
        {
          en: `${badPeriod.length} budget row(s) have no readable month in "${bPeriod.header}" (use 2024-03, 2024年3月 or a date); they are left out.`,
          'zh-CN': `${badPeriod.length} 行预算的"${bPeriod.header}"无法识别为月份（请使用 2024-03、2024年3月或日期），已排除。`,
        },
        where(budget, bPeriod, badPeriod),
      ),
    );
  }
  for (let i = 0; i < bMonths.length; i++) {
    const v = bConv.minor[i];
    if (bMonths[i] < 0 || v !== v) continue;
    const c = cell(channelOf(bCh[i]), bMonths[i]);
    c.budget += v;
    c.hasBudget = true;
  }

  // Platform spend up to the as-of date.
  let platformPresent = false;
  if (campaigns) {
    const spend = roleColumn(campaigns, 'spend', 'amount');
    const dateCol = roleColumn(campaigns, 'date', 'period_start', 'period_end', 'period');
    if (!spend || !dateCol) {
      diagnostics.push(missingColumn(campaigns, 'finance.budget.campaigns-columns', { en: 'spend and date', 'zh-CN': '花费和日期' }, TITLE));
    } else {
      platformPresent = true;
      const ch = texts(campaigns, roleColumn(campaigns, 'channel'));
      const d = raw(campaigns, dateCol);
      const months = new Int32Array(ch.length).fill(-1);
      const undated: number[] = [];
      let late = 0;
      for (let i = 0; i < ch.length; i++) {
        const s = dateCol.role === 'period' ? null : serialFromCell(d[i]);
        const m = s !== null ? monthOf(s) : monthFromCell(d[i]);
        if (m === null) undated.push(i);
        else if (s !== null && Math.floor(s) > asOf) late++;
        else months[i] = m;
      }
      const mon = readMoney(campaigns, spend, roleColumn(campaigns, 'currency'), cur, diagnostics, 'finance.budget.platform', { en: 'spend', 'zh-CN': '花费' });
      const conv = toReportCurrency(campaigns, mon.minor, mon.currency, months, cur, lookup, roleColumn(campaigns, 'currency'), spend, diagnostics);
      for (let i = 0; i < ch.length; i++) {
        const v = conv.minor[i];
        if (months[i] < 0 || v !== v) continue;
        cell(channelOf(ch[i]), months[i]).platform += v;
      }
      if (undated.length > 0) {
        diagnostics.push(
          diag(
            'finance.budget.undated-spend',
            'warning',
            { en: `${undated.length} platform row(s) have no readable date; they are left out of the months.`, 'zh-CN': `${undated.length} 行平台数据没有可识别的日期，未计入任何月份。` },
            where(campaigns, dateCol, undated),
          ),
        );
      }
      if (late > 0) {
        diagnostics.push(
          diag('finance.budget.after-as-of', 'info', {
            en: `${late} platform row(s) are dated after the as-of date and are left out.`,
            'zh-CN': `${late} 行平台数据晚于分析截止日期，已排除。`,
          }),
        );
      }
    }
  }

  // Invoiced, spread over service months.
  let invoicedPresent = false;
  let servicePeriod: ServicePeriod | null = null;
  if (invoices) {
    const amount = roleColumn(invoices, 'amount');
    // Invoices count in the months of their service period, not the month they are dated.
    const sp = amount ? readServicePeriod(invoices, diagnostics, 'finance.budget') : null;
    if (amount && sp && (sp.start || sp.dateCol)) {
      invoicedPresent = true;
      servicePeriod = sp;
      const ch = texts(invoices, roleColumn(invoices, 'channel', 'vendor'));
      const n = ch.length;
      const { m0, m1 } = sp;
      const mon = readMoney(invoices, amount, roleColumn(invoices, 'currency'), cur, diagnostics, 'finance.budget.invoice', { en: 'amount', 'zh-CN': '金额' });
      const conv = toReportCurrency(invoices, mon.minor, mon.currency, m0, cur, lookup, roleColumn(invoices, 'currency'), amount, diagnostics);
      for (let i = 0; i < n; i++) {
        const v = conv.minor[i];
        if (m0[i] < 0 || v !== v) continue;
        const k = m1[i] - m0[i] + 1;
        const sign = v < 0 ? -1 : 1;
        const abs = Math.abs(v);
        const base = Math.floor(abs / k);
        const extra = abs - base * k;
        const key = channelOf(ch[i]);
        for (let j = 0; j < k; j++) cell(key, m0[i] + j).invoiced += sign * (base + (j < extra ? 1 : 0));
      }
    }
  }
  if (!platformPresent && !(opts.actual === 'invoiced' && invoicedPresent)) {
    diagnostics.push(
      diag('finance.budget.no-actual', 'warning', {
        en: 'No platform spend (campaigns sheet with spend and date) to compare with the budget; actual shows as zero.',
        'zh-CN': '没有可与预算比较的平台花费（需要包含花费和日期的活动表）；实际花费显示为零。',
      }),
    );
  }

  // Rows by channel and month.
  const out = (m: number | null): number | null => (m === null ? null : fromMinor(m, digits));
  const entries = [...cells.entries()].map(([k, c]) => {
    const [ch, m] = k.split('\u0001');
    return { ch, m: Number(m), c };
  });
  entries.sort((x, y) => x.m - y.m || (labels.get(x.ch) ?? '').localeCompare(labels.get(y.ch) ?? ''));
  const rows: Record<string, CellValue>[] = [];
  const paced: { ch: string; m: number; c: Cell; p: PacingRow }[] = [];
  for (const { ch, m, c } of entries) {
    const state: State = m < current ? 'closed' : m === current ? 'current' : 'future';
    const actual = opts.actual === 'platform' ? c.platform : c.invoiced;
    const p = pace(c.budget, actual, elapsed, daysCur, state, opts.flagThreshold, c.hasBudget);
    paced.push({ ch, m, c, p });
    rows.push({
      channel: byChannel ? (labels.get(ch) ?? ch) : lang === 'en' ? 'All channels' : '全部渠道',
      month: monthLabel(m),
      state: STATE_LABELS[state][lang],
      budget: out(c.budget),
      platform: platformPresent ? out(c.platform) : null,
      invoiced: invoicedPresent ? out(c.invoiced) : null,
      variance: state === 'future' ? null : out(actual - c.budget),
      pct_used: ratio(actual, c.budget),
      expected_to_date: out(p.expected),
      pacing: p.expected !== null ? ratio(actual, p.expected) : null,
      projected: out(p.projected),
      projected_variance: p.projected === null ? null : out(p.projected - c.budget),
      flag: FLAG_LABELS[p.flag][lang],
      flag_code: p.flag,
    });
  }
  const actualLabel: I18nText = opts.actual === 'platform' ? { en: 'platform-reported', 'zh-CN': '平台报告' } : { en: 'invoiced', 'zh-CN': '开票' };
  const table: ResultTable = {
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
      col('flag_code', 'Flag code', '标记代码', 'text'),
    ],
    rows,
    note: both((l) =>
      l === 'en'
        ? `Actual is ${actualLabel.en} spend. Percent used and pacing are empty where the budget is zero. Projection and expected-to-date apply to the month in progress (${monthLabel(current)}, day ${elapsed} of ${daysCur}).`
        : `实际花费为${actualLabel['zh-CN']}金额。预算为零时，使用率和进度留空。预计值和按进度应花费仅适用于进行中的月份（${monthLabel(current)}，第 ${elapsed}/${daysCur} 天）。`,
    ),
  };

  // By month, all channels: the chart's table.
  const byMonth = new Map<number, { budget: number; platform: number; invoiced: number; projected: number }>();
  for (const { m, c, p } of paced) {
    let t = byMonth.get(m);
    if (!t) byMonth.set(m, (t = { budget: 0, platform: 0, invoiced: 0, projected: 0 }));
    t.budget += c.budget;
    t.platform += c.platform;
    t.invoiced += c.invoiced;
    t.projected += p.projected ?? 0;
  }
  const monthRows = [...byMonth.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([m, t]) => ({
      month: monthLabel(m),
      budget: out(t.budget),
      platform: platformPresent ? out(t.platform) : null,
      invoiced: invoicedPresent ? out(t.invoiced) : null,
      projected: m <= current ? out(t.projected) : null,
      pct_used: ratio(opts.actual === 'platform' ? t.platform : t.invoiced, t.budget),
    }));
  const monthTable: ResultTable = {
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
    rows: monthRows,
  };
  const series = ['budget'];
  if (platformPresent) series.push('platform');
  if (invoicedPresent) series.push('invoiced');
  const charts: ChartHint[] = [
    {
      name: 'budget_vs_actual',
      title: { en: 'Budget against actual by month', 'zh-CN': '各月预算与实际' },
      kind: 'column',
      table: 'by_month',
      category: 'month',
      series,
      yTitle: { en: cur, 'zh-CN': cur },
    },
  ];

  // Figures: the month in progress, and the year so far (months up to the current one).
  const curRows = paced.filter((x) => x.m === current);
  const sum = (xs: typeof paced, f: (x: (typeof paced)[number]) => number): number => xs.reduce((a, x) => a + f(x), 0);
  const curBudget = sum(curRows, (x) => x.c.budget);
  const curActual = sum(curRows, (x) => x.p.actual);
  const curProjected = sum(curRows, (x) => x.p.projected ?? 0);
  const curExpected = sum(curRows, (x) => x.p.expected ?? 0);
  const toDate = paced.filter((x) => x.m <= current);
  const fig = (key: string, en: string, zh: string, value: number | null, kind: Figure['kind']): Figure => ({ key, label: { en, 'zh-CN': zh }, value, kind });
  const figures: Figure[] = [
    fig('month_budget', `Budget ${monthLabel(current)}`, `${monthLabel(current)} 预算`, out(curBudget), 'currency'),
    fig('month_to_date', 'Spent month to date', '本月至今花费', out(curActual), 'currency'),
    fig('month_pacing', 'Pacing (to date ÷ expected)', '花费进度（至今 ÷ 应花）', ratio(curActual, curExpected), 'percent'),
    fig('month_projected', 'Projected month-end', '预计月末花费', out(curProjected), 'currency'),
    fig('month_projected_variance', 'Projected − budget', '预计 − 预算', out(curProjected - curBudget), 'currency'),
    fig('budget_to_date', 'Budget, months to date', '截至本月的预算', out(sum(toDate, (x) => x.c.budget)), 'currency'),
    fig('actual_to_date', 'Actual, months to date', '截至本月的实际花费', out(sum(toDate, (x) => x.p.actual)), 'currency'),
  ];

  const findings = budgetFindings(paced, labels, byChannel, current, cur, digits, elapsed, daysCur);
  const notes: I18nText[] = [
    {
      en: 'Projected month-end = spend to date ÷ days elapsed × days in the month (the as-of day counts as elapsed); expected to date = budget × days elapsed ÷ days in the month. Closed months project their actual.',
      'zh-CN': '预计月末花费 = 至今花费 ÷ 已过天数 × 当月天数（截止日当天计为已过）；按进度应花费 = 预算 × 已过天数 ÷ 当月天数。已结束月份的预计值即实际值。',
    },
    both((l) =>
      l === 'en'
        ? `Flags: over when the projection (closed months: actual) exceeds the budget by more than ${pct(opts.flagThreshold, l, 0)}, under when it falls short by more than ${pct(opts.flagThreshold, l, 0)}.`
        : `标记：预计值（已结束月份为实际值）超出预算 ${pct(opts.flagThreshold, l, 0)} 以上为超支，低于预算 ${pct(opts.flagThreshold, l, 0)} 以上为花费不足。`,
    ),
  ];
  if (invoicedPresent) {
    notes.push({
      en: 'Invoices covering several months are spread evenly over them to the cent (leftover cents go to the first months).',
      'zh-CN': '跨多个月的发票按月平均分摊到分（余下的分计入最早的月份）。',
    });
    const spNote = servicePeriod && invoices ? servicePeriodNote(servicePeriod, invoices.sheet) : null;
    if (spNote) notes.push(spNote);
  }
  return { kind: 'budget', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables: [table, monthTable], charts, findings, notes, diagnostics };
}

function toMonth(v: unknown): number | null {
  const s = serialFromCell(v);
  return s !== null ? monthOf(s) : monthFromCell(v);
}

/** Months of one channel, year and direction that a finding gathers. */
interface Run {
  ch: string;
  year: number;
  months: { m: number; budget: number; actual: number }[];
}

/**
 * Findings, one per channel, year and direction (over budget, under budget, spend without budget), with
 * the month detail in the evidence (and in the table). The month in progress has its own projection
 * finding when it is still in progress; once its last day is the as-of date it counts as a closed month.
 * Years before the as-of year describe the past (descriptive); the as-of year's are decisions.
 */
function budgetFindings(
  paced: { ch: string; m: number; c: Cell; p: PacingRow }[],
  labels: Map<string, string>,
  byChannel: boolean,
  current: number,
  cur: string,
  digits: number,
  elapsed: number,
  days: number,
): Finding[] {
  const out: Finding[] = [];
  const name = (ch: string, l: Lang): string => (byChannel ? (labels.get(ch) ?? ch) : l === 'en' ? 'All channels' : '全部渠道');
  const complete = elapsed >= days;
  const asOfYear = Math.floor(current / 12);
  // Months counted as closed, per channel and year: months before the current one, and the current one
  // when it is complete.
  const closed = new Map<string, { ch: string; year: number; n: number; budget: number; actual: number }>();
  const runs = new Map<string, Run>();
  const add = (kind: string, ch: string, m: number, budget: number, actual: number): void => {
    const k = `${kind}\u0001${ch}\u0001${Math.floor(m / 12)}`;
    let r = runs.get(k);
    if (!r) runs.set(k, (r = { ch, year: Math.floor(m / 12), months: [] }));
    r.months.push({ m, budget, actual });
  };
  for (const { ch, m, c, p } of paced) {
    const isClosed = m < current || (m === current && complete);
    if (m === current && !complete && (p.flag === 'over' || p.flag === 'under') && p.projected !== null) {
      const projected = p.projected;
      const gap = fromMinor(projected - c.budget, digits);
      out.push({
        key: `pacing:${ch}`,
        text: both((l) =>
          l === 'en'
            ? `${name(ch, l)} is on course to ${p.flag === 'over' ? 'overspend' : 'underspend'} ${monthLabel(m)}: ${money(fromMinor(p.actual, digits), cur, l)} spent by day ${elapsed} of ${days}, projected ${money(fromMinor(projected, digits), cur, l)} against a budget of ${money(fromMinor(c.budget, digits), cur, l)} (${money(gap, cur, l)}).`
            : `${name(ch, l)} 在 ${monthLabel(m)} 预计${p.flag === 'over' ? '超支' : '花费不足'}：第 ${elapsed}/${days} 天已花费 ${money(fromMinor(p.actual, digits), cur, l)}，预计月末 ${money(fromMinor(projected, digits), cur, l)}，预算 ${money(fromMinor(c.budget, digits), cur, l)}（${money(gap, cur, l)}）。`,
        ),
        atStake: Math.abs(gap),
      });
    }
    if (m === current && !complete && p.flag === 'no_budget') add('no-budget', ch, m, c.budget, p.actual);
    if (!isClosed) continue;
    const ck = `${ch}\u0001${Math.floor(m / 12)}`;
    let t = closed.get(ck);
    if (!t) closed.set(ck, (t = { ch, year: Math.floor(m / 12), n: 0, budget: 0, actual: 0 }));
    t.n++;
    t.budget += c.budget;
    t.actual += p.actual;
    if (p.flag === 'over') add('overspent', ch, m, c.budget, p.actual);
    else if (p.flag === 'under') add('underspent', ch, m, c.budget, p.actual);
    else if (p.flag === 'no_budget') add('no-budget', ch, m, c.budget, p.actual);
  }
  for (const [k, r] of runs) {
    const kind = k.split('\u0001')[0];
    const t = closed.get(`${r.ch}\u0001${r.year}`);
    const n = t?.n ?? 0;
    const partYear = r.year === asOfYear && !(current % 12 === 11 && complete);
    const yearText = (l: Lang): string => (l === 'en' ? `${partYear ? 'closed months of ' : 'months of '}${r.year}` : `${r.year} 年${partYear ? '已结束的' : ''}月份`);
    const share = t ? ratio(t.actual, t.budget) : null;
    const shareText = (l: Lang): string =>
      share === null ? '' : l === 'en' ? ` (${pct(share, l, 0)} of its ${r.year} budget${partYear ? ' to date' : ''})` : `（占 ${r.year} 年${partYear ? '至今' : ''}预算的 ${pct(share, l, 0)}）`;
    const months = [...r.months].sort((x, y) => x.m - y.m);
    const descriptive = r.year < asOfYear;
    if (kind === 'no-budget') {
      const v = fromMinor(months.reduce((a, x) => a + x.actual, 0), digits);
      out.push({
        key: `no-budget:${r.ch}:${r.year}`,
        text: both((l) =>
          l === 'en'
            ? `${name(r.ch, l)} spent ${money(v, cur, l)} without a budget in ${months.length} month(s) of ${r.year} (${months.map((x) => monthLabel(x.m)).join(', ')}).`
            : `${name(r.ch, l)} 在 ${r.year} 年有 ${months.length} 个月无预算却花费了 ${money(v, cur, l)}（${months.map((x) => monthLabel(x.m)).join('、')}）。`,
        ),
        atStake: Math.abs(v),
        ...(descriptive ? { descriptive: true } : {}),
      });
      continue;
    }
    const over = kind === 'overspent';
    const gap = fromMinor(Math.abs(months.reduce((a, x) => a + x.actual - x.budget, 0)), digits);
    const detail = (l: Lang): string => months.map((x) => `${monthLabel(x.m)} ${pct(ratio(x.actual, x.budget), l, 0)}`).join(l === 'en' ? ', ' : '、');
    out.push({
      key: `${kind}:${r.ch}:${r.year}`,
      text: both((l) =>
        l === 'en'
          ? `${name(r.ch, l)} spent ${over ? 'more' : 'less'} than budget in ${months.length} of ${n} ${yearText(l)}, ${money(gap, cur, l)} ${over ? 'over' : 'under'} in total${shareText(l)}.`
          : `${name(r.ch, l)} 在 ${r.year} 年${partYear ? '已结束的' : ''} ${n} 个月中有 ${months.length} 个月${over ? '超支' : '花费不足'}，合计${over ? '超出' : '少花'} ${money(gap, cur, l)}${shareText(l)}。`,
      ),
      atStake: gap,
      evidence: both((l) => (l === 'en' ? `Budget used by month: ${detail(l)}.` : `各月预算使用率：${detail(l)}。`)),
      ...(descriptive ? { descriptive: true } : {}),
    });
  }
  out.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  return out;
}

/** Budget against actual as a registered analysis (inputs: `budget`, with `campaigns` and `invoices` when present). */
export const budgetAnalysis: AnalysisDef<BudgetOptions> = {
  kind: 'budget',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'budget', roles: ['amount'] }],
  needs: {
    en: 'A budget sheet (channel, month, amount) and a campaigns sheet with spend and dates; invoices add the invoiced column.',
    'zh-CN': '需要一张预算表（渠道、月份、金额）和一张包含花费与日期的活动表；有发票表时会增加开票金额列。',
  },
  defaults: budgetDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: BudgetOptions): AnalysisResult {
    if (!inputs.budget) return emptyResult([diag('finance.budget.missing-input', 'error', { en: 'No budget sheet was given.', 'zh-CN': '没有提供预算表。' })]);
    return budgetVsActual(inputs.budget, inputs.campaigns, inputs.invoices, common, options);
  },
};
