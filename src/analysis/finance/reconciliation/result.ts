/**
 * Reconciliation, phase 4 (present): the computed reconciliation as result tables (status counts,
 * tie-out, match sets, every line), key figures and notes. Only wording and layout; every number comes
 * from the Reconciliation.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../../types.js';
import type { CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, Figure, ResultTable } from '../../types.js';
import { msg } from '../messages.js';
import { col } from '../result-column.js';
import { currencyDigits, fromMinor } from '../money.js';
import { monthLabel, monthRangeLabel } from '../months.js';
import { servicePeriodNote, type ServicePeriod } from '../service-period.js';
import { reconFindings } from './findings.js';
import {
  METHOD_LABELS,
  HEAD,
  RECON_STATUSES,
  STATUS_LABELS,
  type Invoices,
  type MatchSet,
  type Platform,
  type Reconciliation,
  type ReconciliationOptions,
  type ReconLine,
  type ReconStatus,
} from './model.js';
import { monthRangeLabelList } from './statuses.js';
import { excelRow, moneyExact, pct, ratio } from '../../common/index.js';

const sideLabel = (side: 'platform' | 'invoice', lang: Lang): string => {
  if (side === 'platform') return lang === 'en' ? 'Platform' : '平台';
  return lang === 'en' ? 'Invoices' : '发票';
};

/** The result of a reconciliation: tables, figures, findings and notes, with the diagnostics gathered so far. */
export function buildResult(
  r: Reconciliation,
  p: Platform,
  inv: Invoices,
  opts: ReconciliationOptions,
  common: CommonOptions,
  diagnostics: Diagnostic[],
): AnalysisResult {
  const tie = tieOutTable(r, common);
  return {
    ...HEAD,
    figures: reconFigures(r, tie.tiesOut),
    tables: [statusTable(r, common), tie.table, setsTable(r, common), linesTable(r, p, inv, common)],
    charts: [],
    findings: reconFindings(r, common.currency, r.digits),
    notes: reconNotes(r, inv, opts, common.currency),
    diagnostics,
  };
}

/** One row of the lines table (keys in the order the JSON summary has always had them). */
function lineRow(
  l: ReconLine,
  s: MatchSet | undefined,
  r: Reconciliation,
  p: Platform,
  inv: Invoices,
  common: CommonOptions,
): Record<string, CellValue> {
  const { lang, currency: cur } = common;
  const out = (m: number | null): number | null => (m === null ? null : fromMinor(m, r.digits));
  const i = l.row;
  const isInv = l.side === 'invoice';
  // Set figures describe the set a line belongs to; a duplicate only points at its original's set.
  const inSet = s && l.status !== 'duplicate' ? s : undefined;
  const linked = inSet !== undefined && inSet.invoiceRows.length > 0 && inSet.platformRows.length > 0;
  const invPeriod = inv.m0[i] >= 0 ? monthRangeLabel(inv.m0[i], inv.m1[i]) : null;
  // Platform lines show their own currency only when it is not the report currency (a Currency column).
  const foreign = !isInv && p.currency[i] !== cur && p.origMinor[i] === p.origMinor[i];
  const original =
    isInv && inv.origMinor[i] === inv.origMinor[i]
      ? fromMinor(inv.origMinor[i], currencyDigits(inv.currency[i]))
      : foreign
        ? fromMinor(p.origMinor[i], currencyDigits(p.currency[i]))
        : null;
  return {
    match_id: l.setId,
    status: l.status,
    status_label: STATUS_LABELS[l.status][lang],
    side: isInv ? (lang === 'en' ? 'Invoice' : '发票') : lang === 'en' ? 'Platform' : '平台',
    sheet: isInv ? inv.data.sheet : p.data.sheet,
    row: excelRow(isInv ? inv.data : p.data, i),
    reference: isInv ? inv.id[i] : null,
    channel: isInv ? inv.chText[i] : p.chLabel[i] || null,
    campaign: isInv ? (inv.ref[i] ?? inv.desc[i]) : p.campLabel[i] || null,
    period: isInv ? invPeriod : p.month[i] >= 0 ? monthLabel(p.month[i]) : null,
    amount: out(l.minor),
    original_amount: original,
    currency: isInv ? inv.currency[i] : p.currency[i],
    set_platform: inSet ? out(inSet.platformMinor) : null,
    set_invoiced: inSet ? out(inSet.invoiceMinor) : null,
    set_variance: linked ? out(inSet.invoiceMinor - inSet.platformMinor) : null,
    method: inSet?.method ? METHOD_LABELS[inSet.method][lang] : null,
    matched_to: l.matchedTo[lang] || null,
    reason: l.reason[lang],
  };
}

function linesTable(r: Reconciliation, p: Platform, inv: Invoices, common: CommonOptions): ResultTable {
  const cur = common.currency;
  const setById = new Map(r.sets.map((s) => [s.id, s]));
  const columns = [
    col('match_id', 'Match set', '匹配组', 'text'),
    col('status_label', 'Status', '状态', 'text'),
    col('side', 'Side', '来源', 'text'),
    col('sheet', 'Sheet', '工作表', 'text'),
    col('row', 'Row', '行号', 'integer'),
    col('reference', 'Invoice no.', '发票号', 'text'),
    col('channel', 'Channel / vendor', '渠道/供应商', 'text'),
    col('campaign', 'Campaign / reference', '活动/引用', 'text'),
    col('period', 'Month / service period', '月份/服务期间', 'text'),
    col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency'),
    col('original_amount', 'Original amount', '原币金额', 'number', { decimals: 2 }),
    col('currency', 'Currency', '货币', 'text'),
    col('set_platform', 'Set: platform', '匹配组：平台', 'currency'),
    col('set_invoiced', 'Set: invoiced', '匹配组：开票', 'currency'),
    col('set_variance', 'Set: invoiced − platform', '匹配组：开票 − 平台', 'currency', { highlight: 'colorScale' }),
    col('method', 'Matched by', '匹配方式', 'text'),
    col('matched_to', 'Matched to', '对应行', 'text'),
    col('reason', 'Reason', '原因', 'text'),
    col('status', 'Status code', '状态代码', 'text', { code: true }),
  ];
  const rows = r.lines.map((l) => lineRow(l, l.setId !== null ? setById.get(l.setId) : undefined, r, p, inv, common));
  return {
    name: 'lines',
    title: { en: 'Every line with its status', 'zh-CN': '逐行对账状态' },
    columns,
    rows,
    note: {
      en: 'Each line takes the status of its match set (invoices and campaign-months linked to each other); set amounts repeat on every line of the set, so add up "Amount", not the set columns. Filter by status or match set.',
      'zh-CN':
        '每一行取其所在匹配组（相互关联的发票与活动月份）的状态；匹配组金额在组内每行重复显示，汇总请使用“金额”列。可按状态或匹配组筛选。',
    },
  };
}

function setsTable(r: Reconciliation, common: CommonOptions): ResultTable {
  const lang = common.lang;
  const out = (m: number): number => fromMinor(m, r.digits);
  const rows = r.sets.map((s) => ({
    match_id: s.id,
    status: s.status,
    status_label: STATUS_LABELS[s.status][lang],
    channel: s.channels.join(', ') || null,
    campaigns:
      s.campaigns
        .filter((c) => c !== '')
        .slice(0, 5)
        .join(', ') || null,
    months: monthRangeLabelList(s.months) || null,
    invoice_lines: s.invoiceRows.length,
    platform_lines: s.platformRows.length,
    platform: out(s.platformMinor),
    invoiced: out(s.invoiceMinor),
    variance: s.invoiceRows.length > 0 && s.platformRows.length > 0 ? out(s.invoiceMinor - s.platformMinor) : null,
    method: s.method ? METHOD_LABELS[s.method][lang] : null,
    reason: s.reason[lang],
  }));
  return {
    name: 'matches',
    title: { en: 'Match sets', 'zh-CN': '匹配组' },
    columns: [
      col('match_id', 'Match set', '匹配组', 'text'),
      col('status_label', 'Status', '状态', 'text'),
      col('channel', 'Channel', '渠道', 'text'),
      col('campaigns', 'Campaigns', '活动', 'text'),
      col('months', 'Months', '月份', 'text'),
      col('invoice_lines', 'Invoice lines', '发票行数', 'integer'),
      col('platform_lines', 'Platform lines', '平台行数', 'integer'),
      col('platform', 'Platform spend', '平台花费', 'currency'),
      col('invoiced', 'Invoiced', '开票金额', 'currency'),
      col('variance', 'Invoiced − platform', '开票 − 平台', 'currency', { highlight: 'colorScale' }),
      col('method', 'Matched by', '匹配方式', 'text'),
      col('reason', 'Reason', '原因', 'text'),
      col('status', 'Status code', '状态代码', 'text', { code: true }),
    ],
    rows,
    note: {
      en: 'Problems first: variances by size, then unmatched lines, then matches.',
      'zh-CN': '问题优先：先按金额列出差异，再列未匹配行，最后是已匹配。',
    },
  };
}

function statusTable(r: Reconciliation, common: CommonOptions): ResultTable {
  const { lang, currency: cur } = common;
  const rows: Record<string, CellValue>[] = [];
  for (const side of ['platform', 'invoice'] as const) {
    for (const s of RECON_STATUSES) {
      const t = r.totals[side].byStatus[s];
      if (t.lines === 0) continue;
      rows.push({
        side: sideLabel(side, lang),
        status: s,
        status_label: STATUS_LABELS[s][lang],
        lines: t.lines,
        amount: fromMinor(t.minor, r.digits),
      });
    }
  }
  return {
    name: 'status',
    title: { en: 'Lines and amounts by status', 'zh-CN': '按状态汇总的行数与金额' },
    columns: [
      col('side', 'Side', '来源', 'text'),
      col('status_label', 'Status', '状态', 'text'),
      col('lines', 'Lines', '行数', 'integer'),
      col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency', { highlight: 'dataBar' }),
      col('status', 'Status code', '状态代码', 'text', { code: true }),
    ],
    rows,
  };
}

/** The tie-out: each side's source total, its statuses, their sum and the difference (0 when it ties out). */
function tieOutTable(r: Reconciliation, common: CommonOptions): { table: ResultTable; tiesOut: boolean } {
  const { lang, currency: cur } = common;
  const d = r.digits;
  const rows: Record<string, CellValue>[] = [];
  let tiesOut = true;
  for (const side of ['platform', 'invoice'] as const) {
    const t = r.totals[side];
    const label = sideLabel(side, lang);
    let sum = 0n;
    let lines = 0;
    rows.push({
      side: label,
      item: lang === 'en' ? 'Source total (every usable line)' : '源数据合计（所有可用行）',
      lines: t.lines - t.byStatus.excluded.lines,
      amount: fromMinor(t.source, d),
    });
    for (const s of RECON_STATUSES) {
      const b = t.byStatus[s];
      sum += b.minor;
      lines += b.lines;
      if ((s === 'excluded' || s === 'out_of_period') && b.lines === 0) continue;
      rows.push({
        side: label,
        item: `  ${STATUS_LABELS[s][lang]}`,
        lines: b.lines,
        amount: s === 'excluded' ? null : fromMinor(b.minor, d),
      });
    }
    rows.push({
      side: label,
      item: lang === 'en' ? 'Sum of statuses' : '各状态合计',
      lines,
      amount: fromMinor(sum, d),
    });
    const diff = t.source - sum;
    if (diff !== 0n || lines !== t.lines) tiesOut = false;
    rows.push({
      side: label,
      item: lang === 'en' ? 'Difference (must be 0)' : '差额（必须为 0）',
      lines: t.lines - lines,
      amount: fromMinor(diff, d),
    });
  }
  const table: ResultTable = {
    name: 'tieout',
    title: { en: 'Tie-out', 'zh-CN': '总额核对' },
    columns: [
      col('side', 'Side', '来源', 'text'),
      col('item', 'Item', '项目', 'text'),
      col('lines', 'Lines', '行数', 'integer'),
      col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency'),
    ],
    rows,
    note: {
      en: 'Computed in integer minor units: each side’s source total equals the sum of its statuses exactly. Excluded lines have no usable amount and count in lines only.',
      'zh-CN': '以最小货币单位的整数计算：每一方的源数据合计与各状态合计严格相等。已排除的行没有可用金额，只计入行数。',
    },
  };
  return { table, tiesOut };
}

/** Key figures of the reconciled period (the whole sheets when no period applies). */
function reconFigures(r: Reconciliation, tiesOut: boolean): Figure[] {
  const d = r.digits;
  const sum = (side: 'platform' | 'invoice', s: ReconStatus): bigint => r.totals[side].byStatus[s].minor;
  const reconciled = sum('platform', 'matched') + sum('platform', 'within_tolerance');
  const pIn = r.totals.platform.source - sum('platform', 'out_of_period');
  const iIn = r.totals.invoice.source - sum('invoice', 'out_of_period');
  const varianceAbs = r.sets
    .filter((s) => s.status === 'variance')
    .reduce((a, s) => a + BigInt(Math.abs(s.invoiceMinor - s.platformMinor)), 0n);
  const fig = (key: string, en: string, zh: string, value: number | null, kind: Figure['kind']): Figure => ({
    key,
    label: { en, 'zh-CN': zh },
    value,
    kind,
  });
  const figures: Figure[] = [
    fig('platform_total', 'Platform spend', '平台花费', fromMinor(pIn, d), 'currency'),
    fig('invoice_total', 'Invoiced', '开票金额', fromMinor(iIn, d), 'currency'),
    fig('difference', 'Invoiced − platform', '开票 − 平台', fromMinor(iIn - pIn, d), 'currency'),
    fig(
      'reconciled_share',
      'Platform spend reconciled',
      '已对平的平台花费占比',
      ratio(Number(reconciled), Number(pIn)),
      'percent',
    ),
    fig('variance_abs', 'Variances (absolute)', '差异（绝对值）', fromMinor(varianceAbs, d), 'currency'),
    fig(
      'not_invoiced',
      'Platform spend not invoiced',
      '未开票的平台花费',
      fromMinor(sum('platform', 'not_invoiced'), d),
      'currency',
    ),
    fig(
      'no_spend',
      'Invoices without platform spend',
      '无平台花费的发票',
      fromMinor(sum('invoice', 'no_spend'), d),
      'currency',
    ),
    fig(
      'duplicates',
      'Possible duplicate invoices',
      '疑似重复发票',
      fromMinor(sum('invoice', 'duplicate'), d),
      'currency',
    ),
    fig('tie_out_ok', 'Totals tie out (1 = yes)', '总额核对通过（1 = 是）', tiesOut ? 1 : 0, 'integer'),
  ];
  if (r.period !== null) {
    figures.splice(
      3,
      0,
      fig(
        'out_of_period',
        'Platform spend outside the period',
        '对账期间外的平台花费',
        fromMinor(sum('platform', 'out_of_period'), d),
        'currency',
      ),
    );
    const note = msg('recon.figure.period', { range: monthRangeLabel(r.period.from, r.period.to) });
    for (const f of figures.slice(0, 3)) f.note = note;
  }
  const reconciledFig = figures[3];
  if (reconciledFig.value === null) reconciledFig.note = msg('recon.figure.no-spend');
  return figures;
}

/** Method notes: the reconciled period first (when there is one), matching, tolerance, exactness, grouping, rates, service periods. */
function reconNotes(r: Reconciliation, inv: Invoices, opts: ReconciliationOptions, cur: string): I18nText[] {
  const notes: I18nText[] = [
    msg('recon.note.order'),
    msg('recon.note.tolerance', {
      amount: (l) => moneyExact(opts.toleranceAbs, cur, l),
      share: (l) => pct(opts.tolerancePct, l, 2),
      similarity: opts.minSimilarity,
    }),
    msg('recon.note.exact', {
      currency: cur,
      tax: msg(opts.amountIncludesTax ? 'recon.note.tax-included' : 'recon.note.tax-excluded'),
    }),
    msg('recon.note.grouping'),
  ];
  if (r.ratesUsed.length > 0)
    notes.push(msg('recon.note.fx', { currency: cur, rates: (l) => r.ratesUsed.join(l === 'en' ? '; ' : '；') }));
  const sp = servicePeriodNote(inv.service, inv.data.sheet);
  if (sp) notes.push(sp);
  const periodNote = reconPeriodNote(r, inv.service, cur);
  if (periodNote) notes.unshift(periodNote);
  return notes;
}

/** What the period covers, and which platform spend was left out and why. */
export function reconPeriodNote(r: Reconciliation, sp: ServicePeriod, cur: string): I18nText | null {
  const period = r.period;
  if (period === null) return null;
  const d = r.digits;
  const outP = r.totals.platform.byStatus.out_of_period;
  const outI = r.totals.invoice.byStatus.out_of_period;
  const fromInvoices = period.source === 'invoices';
  const why = fromInvoices
    ? msg('recon.note.period.invoices', {
        fallback: sp.fromDate > 0 ? msg('recon.note.period.invoice-dates') : msg('none'),
      })
    : msg('recon.note.period.option');
  const outsidePlatform =
    outP.lines > 0
      ? msg('recon.note.period.outside-platform', {
          amount: (l) => moneyExact(fromMinor(outP.minor, d), cur, l),
          lines: outP.lines,
          months: monthRangeLabel(r.outsideMonths[0], r.outsideMonths[1]),
          status: STATUS_LABELS.out_of_period,
          ledger: fromInvoices ? msg('recon.note.period.ledger') : msg('none'),
        })
      : msg('none');
  const outsideInvoices =
    outI.lines > 0
      ? msg('recon.note.period.outside-invoices', {
          lines: outI.lines,
          amount: (l) => moneyExact(fromMinor(outI.minor, d), cur, l),
        })
      : msg('none');
  return msg('recon.note.period', {
    range: monthRangeLabel(period.from, period.to),
    why,
    outsidePlatform,
    outsideInvoices,
    notInvoiced: STATUS_LABELS.not_invoiced,
  });
}
