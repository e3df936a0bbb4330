/**
 * The finance sentences: findings, reasons (the verdict of each match set and line), notes and
 * diagnostics of spend reconciliation, budget against actual and reported against real, in English and
 * Simplified Chinese. Parameters are named; the caller formats figures (money(), pct() …) per language.
 * Where a sentence has a variant (over/under, with or without a clause), the variant is its own entry,
 * passed in as a parameter, so no sentence is assembled from ternaries.
 */
import type { I18nText } from '../../types.js';
import { defineMessages } from '../common/messages.js';

export const msg = defineMessages({
  // Shared pieces.
  none: { en: '', 'zh-CN': '' },
  'period.end': { en: '.', 'zh-CN': '。' },

  // Service periods written as text (service-period.ts, period-text.ts).
  'period.unreadable': {
    en: '{count} invoice row(s) of "{sheet}" have a service period in "{column}" that is not a date range, month or quarter (e.g. "{example}"); the month of their invoice date is used instead, if any.',
    'zh-CN':
      '工作表“{sheet}”中有 {count} 行发票的“{column}”无法识别为日期区间、月份或季度（如“{example}”）；改用其发票日期所在月份（如有）。',
  },
  'period.no-year': {
    en: '{count} service period(s) in "{column}" of "{sheet}" give no year (e.g. "{example}"); the year of the row\'s invoice date is used, else that of the as-of date ({year}).',
    'zh-CN':
      '工作表“{sheet}”的“{column}”列中有 {count} 个服务期间未写年份（如“{example}”）；使用该行发票日期的年份，无发票日期时使用截止日期的年份（{year}）。',
  },
  'period.note.split-days': {
    en: ' {count} service period(s) span more than one month; each is split across its months in proportion to its days in each month.',
    'zh-CN': '有 {count} 个服务期间跨越多个月份，按各月所含天数比例拆分到各月。',
  },
  // Exchange rates (fx.ts).
  'fx.missing-rate': {
    en: 'Sheet "{sheet}", column "{column}": {count} row(s) are in {currency}, and there is no rate from {currency} to {report} for {month} in {source}. These rows are left out of every total, never added as {report}: add the rate.',
    'zh-CN':
      '工作表“{sheet}”的“{column}”列：{count} 行为 {currency}，但{source}中没有 {month} 从 {currency} 到 {report} 的汇率。这些行不计入任何合计，也不会按 {report} 相加：请补充汇率。',
  },
  'fx.source.sheet': {
    en: 'the exchange-rate sheet "{fxSheet}" or the `rates` option',
    'zh-CN': '汇率表“{fxSheet}”和 `rates` 选项',
  },
  'fx.source.options': {
    en: 'the `rates` option (no exchange-rate sheet was found)',
    'zh-CN': '`rates` 选项（未找到汇率表）',
  },
  'fx.bad-rows': {
    en: '{count} row(s) of the exchange-rate sheet "{sheet}" have no currency, a rate that is not a positive number, or an unreadable month in "{column}"; they are ignored.',
    'zh-CN': '汇率表“{sheet}”中有 {count} 行缺少币种、汇率不是正数或“{column}”的月份无法识别；这些行被忽略。',
  },
  'fx.other-base': {
    en: 'The exchange-rate sheet "{sheet}" gives rates to {base} ("{column}"), but the report currency is {report}; its rates are not used. Give rates to {report}, or run with --currency {base}.',
    'zh-CN':
      '汇率表“{sheet}”给出的是到 {base} 的汇率（“{column}”），而报告货币为 {report}；这些汇率未被使用。请提供到 {report} 的汇率，或使用 --currency {base} 运行。',
  },
  'fx.conflict': {
    en: 'The exchange-rate sheet "{sheet}" gives {currency} two different rates for {month}; the first (row {row}) is used.',
    'zh-CN': '汇率表“{sheet}”对 {currency} 在 {month} 给出了两个不同的汇率；使用第一个（第 {row} 行）。',
  },
  'fx.unknown-month': { en: 'an unknown month', 'zh-CN': '未知月份' },
  // Amount columns (money-columns.ts).
  'money.blank': {
    en: '{count} row(s) of "{sheet}" have no amount in "{column}" ({label}); they are listed as excluded.',
    'zh-CN': '工作表“{sheet}”中有 {count} 行的“{column}”列（{label}）为空，已列为“已排除”。',
  },
  'money.unparseable': {
    en: '{count} row(s) of "{sheet}" have an amount in "{column}" that is not a number; they are listed as excluded.',
    'zh-CN': '工作表“{sheet}”中有 {count} 行的“{column}”列不是数字，已列为“已排除”。',
  },
  'money.too-large': {
    en: '{count} row(s) of "{sheet}" have an amount in "{column}" too large to add up exactly (over 90 trillion minor units); they are listed as excluded.',
    'zh-CN': '工作表“{sheet}”中有 {count} 行的“{column}”列金额过大，无法精确求和，已列为“已排除”。',
  },
  'money.sub-cent': {
    en: `{count} amount(s) in "{column}" of "{sheet}" have more decimals than the currency's smallest unit; they are rounded half away from zero (Excel ROUND).`,
    'zh-CN': '工作表“{sheet}”的“{column}”列中有 {count} 个金额的小数位多于货币最小单位，已四舍五入（同 Excel ROUND）。',
  },

  // Reconciliation: reading and options.
  'recon.bad-option': {
    en: 'Option "{option}" is out of range; the default ({value}) is used.',
    'zh-CN': '选项“{option}”超出范围，已使用默认值（{value}）。',
  },
  'recon.bad-period': {
    en: 'Option "period" ({value}) is not "invoices", "all", a month (2025-03), a year (2025) or a range (2025-01..2025-06); the months the invoices cover are used.',
    'zh-CN':
      '选项“period”（{value}）不是“invoices”、“all”、月份（2025-03）、年份（2025）或区间（2025-01..2025-06），已使用发票覆盖的月份。',
  },
  'recon.no-date': {
    en: '{count} row(s) of "{sheet}" have no readable date or period in "{column}"; {consequence}.',
    'zh-CN': '工作表“{sheet}”中有 {count} 行的“{column}”列没有可识别的日期或期间；{consequence}。',
  },
  'recon.no-date.platform': {
    en: 'these platform lines match invoices of any period',
    'zh-CN': '这些平台行可与任何期间的发票匹配',
  },
  'recon.unparseable-tax': {
    en: '{count} tax cell(s) are not numbers; those invoices are compared gross.',
    'zh-CN': '{count} 个税额单元格不是数字，这些发票按含税金额比较。',
  },
  'recon.empty': { en: 'Both the campaigns and the invoices tables are empty.', 'zh-CN': '活动表和发票表都没有数据。' },
  'recon.missing-input.campaigns': { en: 'Reconciliation needs a campaigns sheet.', 'zh-CN': '对账需要活动表。' },
  'recon.missing-input.invoices': { en: 'Reconciliation needs an invoices sheet.', 'zh-CN': '对账需要发票表。' },
  'recon.missing-input.both': {
    en: 'Reconciliation needs a campaigns sheet and an invoices sheet.',
    'zh-CN': '对账需要活动表和发票表。',
  },

  // Reconciliation: why an invoice found no platform spend.
  'recon.why.no-spend-in-period': {
    en: 'Campaign {campaigns} has no platform spend in the service period {period}{elsewhere}.',
    'zh-CN': '活动 {campaigns} 在服务期间 {period} 没有平台花费{elsewhere}。',
  },
  'recon.why.spend-elsewhere': { en: ' (it has spend in {months})', 'zh-CN': '（在 {months} 有花费）' },
  'recon.why.channel-no-spend': {
    en: 'No platform spend for channel "{channel}" in {months}.',
    'zh-CN': '渠道“{channel}”在 {months} 都没有平台花费。',
  },
  'recon.why.any-month': { en: 'any month', 'zh-CN': '任何月份' },
  'recon.why.vendor-unknown': {
    en: 'Vendor "{vendor}" matches no platform channel and the line has no campaign reference (add it to the vendor → channel map).',
    'zh-CN': '供应商“{vendor}”无法对应到任何平台渠道，且该行没有活动引用（请在“供应商 → 渠道”映射中添加）。',
  },
  'recon.why.unknown-line': {
    en: 'The line names neither a channel nor a campaign that the platform data knows.',
    'zh-CN': '该行既没有平台数据中已知的渠道，也没有已知的活动。',
  },
  'recon.why.ref-unknown': {
    en: 'Campaign reference "{ref}" is not a platform campaign{scope}{closest}',
    'zh-CN': '活动引用“{ref}”不是平台中的活动{scope}{closest}',
  },
  'recon.why.scope.vendor-unknown': {
    en: ' (vendor "{vendor}" matches no platform channel, so all channels were searched)',
    'zh-CN': '（供应商“{vendor}”无法对应平台渠道，已在全部渠道中查找）',
  },
  'recon.why.scope.any-channel': { en: ' in any channel', 'zh-CN': '（全部渠道）' },
  'recon.why.scope.channel': { en: ' in channel "{channel}"', 'zh-CN': '（渠道“{channel}”）' },
  'recon.why.closest.ambiguous': {
    en: '; it is equally close to several names (e.g. "{closest}").',
    'zh-CN': '；它与多个名称同样接近（如“{closest}”）。',
  },
  'recon.why.closest.similar': {
    en: '; closest is "{closest}" (similarity {score}).',
    'zh-CN': '；最接近的是“{closest}”（相似度 {score}）。',
  },

  // Reconciliation: the verdict of a match set.
  'recon.reason.matched': {
    en: 'Invoiced {invoiced} equals platform spend for {what}{how}.',
    'zh-CN': '开票金额 {invoiced} 与{what} 的平台花费一致{how}。',
  },
  'recon.reason.within-tolerance': {
    en: 'Invoiced {invoiced} against platform {platform} for {what}: difference {difference} is within the tolerance of {tolerance}{how}.',
    'zh-CN': '{what}：开票 {invoiced}，平台 {platform}，差额 {difference} 在容差 {tolerance} 之内{how}。',
  },
  'recon.reason.variance': {
    en: 'Invoiced {invoiced} against platform {platform} for {what}: {direction} by {gap} ({share}), beyond the tolerance of {tolerance}{how}.',
    'zh-CN': '{what}：开票 {invoiced}，平台 {platform}，{direction} {gap}（{share}），超出容差 {tolerance}{how}。',
  },
  'recon.reason.over-invoiced': { en: 'over-invoiced', 'zh-CN': '多开' },
  'recon.reason.under-invoiced': { en: 'under-invoiced', 'zh-CN': '少开' },
  'recon.reason.not-invoiced': {
    en: 'No invoice covers {what} ({channels}): {platform} of platform spend to accrue or query.',
    'zh-CN': '没有发票覆盖{what}（{channels}）：平台花费 {platform} 需计提或核实。',
  },
  'recon.reason.no-spend': { en: 'No platform spend matches this invoice.', 'zh-CN': '没有与该发票对应的平台花费。' },
  'recon.reason.tolerance': { en: '{amount} or {share}', 'zh-CN': '{amount} 或 {share}' },
  'recon.reason.matched-by': { en: ' (matched by {method})', 'zh-CN': '（匹配方式：{method}）' },
  'recon.reason.matched-by-similar': {
    en: ' (matched by {method}, similarity {score})',
    'zh-CN': '（匹配方式：{method}，相似度 {score}）',
  },

  // Reconciliation: the reason of lines outside the match.
  'recon.line.duplicate-id': {
    en: 'Invoice number {id} from the same vendor already appears in row {row}; this line is left out of the match so it is not counted twice.',
    'zh-CN': '同一供应商的发票号 {id} 已在第 {row} 行出现；该行不参与匹配，以免重复计算。',
  },
  'recon.line.duplicate-content': {
    en: 'Same vendor, reference, service period, amount and currency as row {row}, and no invoice number; left out of the match so it is not counted twice.',
    'zh-CN': '与第 {row} 行的供应商、引用、服务期间、金额和货币都相同，且没有发票号；该行不参与匹配，以免重复计算。',
  },
  'recon.line.row': { en: '{sheet} row {row}', 'zh-CN': '{sheet} 第 {row} 行' },
  'recon.line.rows': { en: '{sheet} rows {rows}', 'zh-CN': '{sheet} 第 {rows} 行' },
  'recon.line.out-of-period': {
    en: '{what} is outside the reconciled period {range}{source}; not matched.',
    'zh-CN': '{what}不在对账期间 {range} 内{source}，未参与匹配。',
  },
  'recon.line.out-of-period.invoices': { en: ' (the months the invoices cover)', 'zh-CN': '（发票覆盖的月份）' },
  'recon.line.service-period': { en: 'Service period {range}', 'zh-CN': '服务期间 {range} ' },
  'recon.line.month': { en: 'Month {month}', 'zh-CN': '月份 {month} ' },
  'recon.line.no-rate': {
    en: `No exchange rate to {currency} for this line's currency; add the rate in the options.`,
    'zh-CN': '该行货币没有到 {currency} 的汇率，请在选项中添加。',
  },
  'recon.line.no-amount': {
    en: 'The amount is empty or not a number in "{sheet}".',
    'zh-CN': '工作表“{sheet}”中该行金额为空或不是数字。',
  },

  // Reconciliation: findings.
  'recon.finding.variance': { en: '{id}: {reason}', 'zh-CN': '{id}：{reason}' },
  'recon.finding.variance.evidence': {
    en: '{invoiceLines} invoice line(s), {platformLines} platform line(s).',
    'zh-CN': '{invoiceLines} 行发票，{platformLines} 行平台数据。',
  },
  'recon.finding.rest-over': {
    en: '{count} more match set(s) are over-invoiced, by {amount} in total: query them before paying.',
    'zh-CN': '另有 {count} 个匹配组多开发票，合计 {amount}：付款前请核实。',
  },
  'recon.finding.rest-under': {
    en: '{count} more match set(s) are under-invoiced, by {amount} in total: accrue the difference or expect further invoices.',
    'zh-CN': '另有 {count} 个匹配组少开发票，合计 {amount}：请计提差额或等待后续发票。',
  },
  'recon.finding.rest.evidence': { en: 'Match sets {ids}.', 'zh-CN': '匹配组 {ids}。' },
  'recon.finding.not-invoiced': {
    en: '{amount} of platform spend ({sets} campaign-month set(s), {lines} line(s)) has no invoice yet: accrue it or ask the vendor.',
    'zh-CN': '平台花费 {amount}（{sets} 个活动月份组，{lines} 行）尚无发票：请计提或向供应商核实。',
  },
  'recon.finding.no-spend': {
    en: '{lines} invoice line(s) totalling {amount} match no platform spend: check the reference, the service period or the vendor before paying.',
    'zh-CN': '{lines} 行发票共 {amount} 没有对应的平台花费：付款前请核对引用、服务期间或供应商。',
  },
  'recon.finding.duplicates': {
    en: '{lines} invoice line(s) totalling {amount} look like duplicates of earlier lines: do not pay them twice.',
    'zh-CN': '{lines} 行发票共 {amount} 疑似与前面的行重复：请勿重复付款。',
  },
  'recon.finding.excluded': {
    en: '{lines} line(s) could not be reconciled because their amount is missing, unreadable or in a currency without a rate.',
    'zh-CN': '{lines} 行因金额缺失、无法识别或货币缺少汇率而无法对账。',
  },

  // Reconciliation: figures and notes.
  'recon.figure.period': { en: 'Reconciled period {range}.', 'zh-CN': '对账期间 {range}。' },
  'recon.figure.no-spend': { en: 'No platform spend.', 'zh-CN': '没有平台花费。' },
  'recon.note.order': {
    en: 'Matching order: exact reference, your aliases, normalised name (Unicode NFKC so full- and half-width characters are the same, case, punctuation and spaces ignored), several references in one cell, a similar name (Levenshtein ratio), campaign names in the description, the whole channel for an invoice without a reference, and finally the amount.',
    'zh-CN':
      '匹配顺序：引用完全一致、用户别名、规范化名称（Unicode NFKC，全角半角视为相同，忽略大小写、标点和空格）、一格多个引用、相似名称（Levenshtein 比率）、描述中的活动名、无引用发票对应整个渠道，最后按金额匹配。',
  },
  'recon.note.tolerance': {
    en: 'Tolerance: a match set is "within tolerance" when |invoiced − platform| ≤ {amount} or ≤ {share} of platform spend; similar names need a similarity of at least {similarity}.',
    'zh-CN':
      '容差：当 |开票 − 平台| ≤ {amount} 或 ≤ 平台花费的 {share} 时，匹配组为“容差内”；相似名称的相似度至少为 {similarity}。',
  },
  'recon.note.exact': {
    en: 'Amounts are exact: parsed once into whole {currency} minor units (cents), added as integers, and rounded half away from zero only when a value has more decimals than the currency has. {tax}',
    'zh-CN':
      '金额精确计算：一次性解析为 {currency} 最小货币单位（分）的整数并按整数相加；仅当数值小数位多于货币最小单位时，四舍五入。{tax}',
  },
  'recon.note.tax-included': {
    en: 'Invoice amounts include tax; the net amount (amount − tax) is compared.',
    'zh-CN': '发票金额含税，比较的是净额（金额 − 税额）。',
  },
  'recon.note.tax-excluded': {
    en: 'Invoice amounts are taken as net of tax (the tax column is not added).',
    'zh-CN': '发票金额按不含税处理（不加税额列）。',
  },
  'recon.note.grouping': {
    en: 'Platform lines are grouped by channel, campaign and calendar month; an invoice covers the months of its service period (period start to end, else its period, else the month of its invoice date).',
    'zh-CN':
      '平台行按渠道、活动和自然月分组；发票覆盖其服务期间内的月份（期间开始至结束，否则为其期间，否则为发票日期所在月份）。',
  },
  'recon.note.fx': {
    en: 'Amounts in other currencies are converted to {currency} with the exchange rates in the options ({rates}), rounded to the cent once per line.',
    'zh-CN': '其他货币的金额按选项中的汇率（{rates}）换算为 {currency}，每行四舍五入到分一次。',
  },
  'recon.note.period': {
    en: 'Reconciled period: {range}, {why}.{outsidePlatform}{outsideInvoices} Platform spend inside the period with no invoice is "{notInvoiced}". Set the option "period" to "all" or a range (e.g. 2024-01..2025-12) to reconcile other months.',
    'zh-CN':
      '对账期间：{range}，即{why}。{outsidePlatform}{outsideInvoices}期间内没有发票的平台花费列为“{notInvoiced}”。如需核对其他月份，请将选项“period”设为“all”或区间（如 2024-01..2025-12）。',
  },
  'recon.note.period.invoices': {
    en: `the first to the last month the invoices' service periods cover{fallback}`,
    'zh-CN': '发票服务期间覆盖的第一个到最后一个月{fallback}',
  },
  'recon.note.period.invoice-dates': {
    en: ' (or their invoice dates where no service period is given)',
    'zh-CN': '（无服务期间的按发票日期）',
  },
  'recon.note.period.option': { en: 'set in the options', 'zh-CN': '由选项设定' },
  'recon.note.period.outside-platform': {
    en: ' Platform spend outside it — {amount} on {lines} line(s) in {months} — is left out and shown as "{status}"{ledger}.',
    'zh-CN': '期间外的平台花费（{months}，{lines} 行，{amount}）未参与对账，状态为“{status}”{ledger}。',
  },
  'recon.note.period.ledger': {
    en: ': the ledger does not cover those months, so it is not reported as spend not invoiced',
    'zh-CN': '：发票账未覆盖这些月份，因此不列为未开票花费',
  },
  'recon.note.period.outside-invoices': {
    en: ' {lines} invoice line(s) ({amount}) have a service period outside it and are left out too.',
    'zh-CN': '另有 {lines} 行发票（{amount}）的服务期间在对账期间外，同样未参与对账。',
  },

  // Budget against actual.
  'budget.empty': { en: 'The budget table has no rows.', 'zh-CN': '预算表没有数据行。' },
  'budget.no-as-of': { en: 'An as-of date is needed for pacing.', 'zh-CN': '计算进度需要分析截止日期。' },
  'budget.missing-input': { en: 'No budget sheet was given.', 'zh-CN': '没有提供预算表。' },
  'budget.yearless-months': {
    en: '{count} budget row(s) name a month without a year in "{column}" (such as "{example}"); they are read as months of {year}, the year of the as-of date. Write 2024-03 or 2024年3月 to say otherwise.',
    'zh-CN':
      '{count} 行预算的“{column}”只写了月份没有年份（如“{example}”），按分析截止日期所在的 {year} 年读取。如需其他年份，请写成 2024-03 或 2024年3月。',
  },
  'budget.bad-period': {
    en: '{count} budget row(s) have no readable month in "{column}" (use 2024-03, 2024年3月 or a date); they are left out.',
    'zh-CN': '{count} 行预算的“{column}”无法识别为月份（请使用 2024-03、2024年3月或日期），已排除。',
  },
  'budget.undated-spend': {
    en: '{count} platform row(s) have no readable date; they are left out of the months.',
    'zh-CN': '{count} 行平台数据没有可识别的日期，未计入任何月份。',
  },
  'budget.after-as-of': {
    en: '{count} platform row(s) are dated after the as-of date and are left out.',
    'zh-CN': '{count} 行平台数据晚于分析截止日期，已排除。',
  },
  'budget.no-actual': {
    en: 'No platform spend (campaigns sheet with spend and date) to compare with the budget; actual shows as zero.',
    'zh-CN': '没有可与预算比较的平台花费（需要包含花费和日期的活动表）；实际花费显示为零。',
  },
  'budget.all-channels': { en: 'All channels', 'zh-CN': '全部渠道' },
  'budget.actual.platform': { en: 'platform-reported', 'zh-CN': '平台报告' },
  'budget.actual.invoiced': { en: 'invoiced', 'zh-CN': '开票' },
  'budget.table-note': {
    en: 'Actual is {actual} spend. Percent used and pacing are empty where the budget is zero. Projection and expected-to-date apply to the month in progress ({month}, day {day} of {days}).',
    'zh-CN':
      '实际花费为{actual}金额。预算为零时，使用率和进度留空。预计值和按进度应花费仅适用于进行中的月份（{month}，第 {day}/{days} 天）。',
  },
  'budget.finding.pacing': {
    en: '{channel} is on course to {direction} {month}: {spent} spent by day {day} of {days}, projected {projected} against a budget of {budget} ({gap}).',
    'zh-CN':
      '{channel} 在 {month} 预计{direction}：第 {day}/{days} 天已花费 {spent}，预计月末 {projected}，预算 {budget}（{gap}）。',
  },
  'budget.pacing.over': { en: 'overspend', 'zh-CN': '超支' },
  'budget.pacing.under': { en: 'underspend', 'zh-CN': '花费不足' },
  'budget.finding.no-budget': {
    en: '{channel} spent {amount} without a budget in {count} month(s) of {year} ({months}).',
    'zh-CN': '{channel} 在 {year} 年有 {count} 个月无预算却花费了 {amount}（{months}）。',
  },
  'budget.finding.overspent': {
    en: '{channel} spent more than budget in {count} of {closed} {months}, {gap} over in total{share}.',
    'zh-CN': '{channel} 在 {year} 年{part} {closed} 个月中有 {count} 个月超支，合计超出 {gap}{share}。',
  },
  'budget.finding.underspent': {
    en: '{channel} spent less than budget in {count} of {closed} {months}, {gap} under in total{share}.',
    'zh-CN': '{channel} 在 {year} 年{part} {closed} 个月中有 {count} 个月花费不足，合计少花 {gap}{share}。',
  },
  'budget.finding.months.part-year': { en: 'closed months of {year}', 'zh-CN': '{year} 年已结束的月份' },
  'budget.finding.months.year': { en: 'months of {year}', 'zh-CN': '{year} 年月份' },
  'budget.finding.part-year': { en: '', 'zh-CN': '已结束的' },
  'budget.finding.share': { en: ' ({share} of its {year} budget)', 'zh-CN': '（占 {year} 年预算的 {share}）' },
  'budget.finding.share-to-date': {
    en: ' ({share} of its {year} budget to date)',
    'zh-CN': '（占 {year} 年至今预算的 {share}）',
  },
  'budget.finding.evidence': { en: 'Budget used by month: {months}.', 'zh-CN': '各月预算使用率：{months}。' },
  'budget.note.monthly': {
    en: 'The platform spend in "{sheet}" has one row per month ("{column}" holds the 1st of each month or a month): {month}, the month in progress, is compared with its budget as it stands, with no pacing and no projection from a partial month; it is flagged over only once its total exceeds the budget band.',
    'zh-CN':
      '工作表“{sheet}”中的平台花费每月一行（“{column}”为每月 1 日或月份）：进行中的 {month} 按现有合计与预算比较，不计算进度，也不按部分月份推算月末；仅当合计已超出预算区间时标记为超支。',
  },
  'budget.finding.monthly-over': {
    en: '{channel} has already spent {spent} in {month} against a budget of {budget} ({gap} over); its spend comes as monthly totals, so this is the total so far, not a projection.',
    'zh-CN':
      '{channel} 在 {month} 已花费 {spent}，预算 {budget}（超出 {gap}）；其花费为月度合计，此为当前合计而非推算。',
  },
  'budget.note.projection': {
    en: 'Projected month-end = spend to date ÷ days elapsed × days in the month (the as-of day counts as elapsed); expected to date = budget × days elapsed ÷ days in the month. Closed months project their actual.',
    'zh-CN':
      '预计月末花费 = 至今花费 ÷ 已过天数 × 当月天数（截止日当天计为已过）；按进度应花费 = 预算 × 已过天数 ÷ 当月天数。已结束月份的预计值即实际值。',
  },
  'budget.note.flags': {
    en: 'Flags: over when the projection (closed months: actual) exceeds the budget by more than {threshold}, under when it falls short by more than {threshold}.',
    'zh-CN': '标记：预计值（已结束月份为实际值）超出预算 {threshold} 以上为超支，低于预算 {threshold} 以上为花费不足。',
  },
  'budget.note.spread': {
    en: 'Invoices covering several months are spread evenly over them to the cent (leftover cents go to the first months).',
    'zh-CN': '跨多个月的发票按月平均分摊到分（余下的分计入最早的月份）。',
  },

  // Reported against real.
  'rvr.empty': { en: 'The campaigns or the orders table has no rows.', 'zh-CN': '活动表或订单表没有数据行。' },
  'rvr.missing-input': {
    en: 'Reported against real needs a campaigns sheet and an orders sheet.',
    'zh-CN': '报告与真实对比需要活动表和订单表。',
  },
  'rvr.bad-conversions': {
    en: '{count} conversion cell(s) are not numbers; they count as zero.',
    'zh-CN': '{count} 个转化单元格不是数字，按零计。',
  },
  'rvr.undated-orders': {
    en: '{count} order(s) have no readable date and are left out.',
    'zh-CN': '{count} 个订单没有可识别的日期，已排除。',
  },
  'rvr.orders-without-channel': {
    en: '{count} order(s) have no channel; they count in no channel.',
    'zh-CN': '{count} 个订单没有渠道，未计入任何渠道。',
  },
  'rvr.total': { en: 'Total', 'zh-CN': '合计' },
  'rvr.total.paid': { en: 'Total, paid channels', 'zh-CN': '合计（付费渠道）' },
  'rvr.total.all': { en: 'Total, all orders', 'zh-CN': '合计（全部订单）' },
  'rvr.note.paid': {
    en: 'ROI, ROAS and inflation count only paid channels (channels with spend: {paid}), their real revenue against their spend. {organic} of real revenue came through channels without spend ({unpaid}); it is organic, not earned by the spend, and is shown apart.',
    'zh-CN':
      '投资回报率、ROAS 和虚高倍数只计付费渠道（有花费的渠道：{paid}），即其真实收入对比其花费。另有 {organic} 的真实收入来自没有花费的渠道（{unpaid}），属于自然流量收入，并非花费带来，单独列示。',
  },
  'rvr.note.paid.none': {
    en: 'ROI, ROAS and inflation count only paid channels (channels with spend: {paid}), their real revenue against their spend; every order came through a paid channel.',
    'zh-CN':
      '投资回报率、ROAS 和虚高倍数只计付费渠道（有花费的渠道：{paid}），即其真实收入对比其花费；所有订单都来自付费渠道。',
  },
  'rvr.figure.zero-denominator': { en: 'No value: its denominator is zero.', 'zh-CN': '无数值：分母为零。' },
  'rvr.finding.inflated': {
    en: '{channel} reports {reported} of revenue but orders show {real}{times}: ROI is {roiReal} on real revenue, not {roiReported}.',
    'zh-CN':
      '{channel} 报告收入 {reported}，订单显示只有 {real}{times}：按真实收入的投资回报率为 {roiReal}，而非 {roiReported}。',
  },
  'rvr.finding.inflated.times': { en: ' ({ratio}×)', 'zh-CN': '（{ratio} 倍）' },
  'rvr.finding.inflated.evidence': {
    en: 'Spend {spend}; {orders} real order(s).',
    'zh-CN': '花费 {spend}；真实订单 {orders} 个。',
  },
  'rvr.finding.loses-money': {
    en: `{channel} looks profitable on the platform's numbers but loses {loss} on real revenue.`,
    'zh-CN': '{channel} 按平台数据看似盈利，但按真实收入亏损 {loss}。',
  },
  'rvr.note.attribution': {
    en: 'Reported figures are each platform’s own attribution (a conversion touched by two platforms is counted by both); real figures are the orders attributed to the channel in the orders sheet. The gap shows over-counting, not causation.',
    'zh-CN':
      '报告数据来自各平台自身的归因（同一转化被两个平台接触会被重复计算）；真实数据为订单表中归属该渠道的订单。差距反映的是重复计算，而非因果关系。',
  },
  'rvr.note.orders': {
    en: 'Orders counted: {window} up to the as-of date (a weekly or monthly row covers its whole week or month); {cancelled} order(s) with an excluded status and {outside} outside the window are left out; refund lines (negative amounts) are netted unless the order they refund is left out. Order channels are tied to platform channels by normalised name (NFKC, case, punctuation) or a unique similar name.',
    'zh-CN':
      '计入的订单：{window}且不晚于截止日期（按周或按月的行覆盖整周或整月）；排除 {cancelled} 个状态为取消/退款的订单和 {outside} 个窗口外订单；退款行（负金额）冲减收入，除非其对应的原订单已被排除。订单渠道按规范化名称（NFKC、大小写、标点）或唯一的相似名称对应到平台渠道。',
  },
  'rvr.note.orders.window': { en: 'dated within the campaigns table’s dates', 'zh-CN': '日期在活动表日期范围内' },
  'rvr.note.orders.all': { en: 'all dates', 'zh-CN': '所有日期' },
});

/** Texts joined end to end, per language. */
export function concat(...parts: readonly I18nText[]): I18nText {
  return { en: parts.map((p) => p.en).join(''), 'zh-CN': parts.map((p) => p['zh-CN']).join('') };
}
