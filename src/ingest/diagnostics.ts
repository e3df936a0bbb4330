/**
 * The one catalogue of ingest diagnostics, in English and Simplified Chinese. Every diagnostic the
 * ingest layer returns is built here, so wording stays consistent and a test can check each code.
 */
import type { Diagnostic, Severity, Where } from '../types.js';

/** What a message may mention. All fields optional; each template uses what it needs. */
export interface DiagParams {
  /** Example cell texts (already shortened). */
  examples?: string[];
  /** A single value, e.g. a new column name or a currency list. */
  value?: string;
  /** A second value, e.g. the old column name. */
  other?: string;
  /** A number such as a row count. */
  n?: number;
  /** Unpivoted sheets: the grain of the periods across the columns, what the rows are, and how many. */
  grain?: 'day' | 'month' | 'quarter' | 'year';
  keyNoun?: 'channel' | 'campaign' | 'row';
  keys?: number;
  /** Why the first of two money columns was taken. */
  reason?: 'better-header' | 'first-column' | 'first-money-column';
  /** Unpivoted sheets: what the values are read as. */
  measure?: 'budget' | 'spend' | 'value';
}

interface Entry {
  severity: Severity;
  en: (w: Where, p: DiagParams) => string;
  zh: (w: Where, p: DiagParams) => string;
}

const col = (w: Where): string =>
  w.column !== undefined ? `Column "${w.column}"${w.columnLetter ? ` (${w.columnLetter})` : ''}` : 'The table';
const colZh = (w: Where): string =>
  w.column !== undefined ? `列“${w.column}”${w.columnLetter ? `（${w.columnLetter} 列）` : ''}` : '该表';
const cnt = (w: Where): number => w.count ?? w.rows?.length ?? 0;
/** A cell with its sheet, as Excel writes a reference: `预算!F7`, `'Budget 2024'!F7`. */
export function cellRef(sheet: string, cell: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) ? `${sheet}!${cell}` : `'${sheet.replace(/'/g, "''")}'!${cell}`;
}
const cellsEn = (w: Where): string => {
  const cells = w.cells ?? [];
  const more = cnt(w) > cells.length ? ', …' : '';
  return ` (cell${cells.length > 1 ? 's' : ''} ${cells.map((c) => cellRef(w.sheet, c)).join(', ')}${more})`;
};
const cellsZh = (w: Where): string => {
  const cells = w.cells ?? [];
  const more = cnt(w) > cells.length ? '、…' : '';
  return `（单元格 ${cells.map((c) => cellRef(w.sheet, c)).join('、')}${more}）`;
};
const rowsEn = (w: Where): string => {
  if (w.cells?.length) return cellsEn(w);
  const rows = w.rows ?? [];
  if (rows.length === 0) return '';
  const more = cnt(w) > rows.length ? ', …' : '';
  return ` (row${rows.length > 1 ? 's' : ''} ${rows.join(', ')}${more})`;
};
const rowsZh = (w: Where): string => {
  if (w.cells?.length) return cellsZh(w);
  const rows = w.rows ?? [];
  if (rows.length === 0) return '';
  const more = cnt(w) > rows.length ? '、…' : '';
  return `（第 ${rows.join('、')}${more} 行）`;
};
const ex = (p: DiagParams): string => (p.examples?.length ? p.examples.map((e) => `"${e}"`).join(', ') : '');
const exZh = (p: DiagParams): string => (p.examples?.length ? p.examples.map((e) => `“${e}”`).join('、') : '');
const cells = (n: number): string => `${n} cell${n === 1 ? '' : 's'}`;
const rowsWord = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

export const INGEST_DIAGNOSTICS = {
  'empty-sheet': {
    severity: 'error',
    en: (w) => `Sheet "${w.sheet}" holds no data: there is nothing to analyse.`,
    zh: (w) => `工作表“${w.sheet}”没有数据，无法分析。`,
  },
  'no-data-rows': {
    severity: 'error',
    en: (w) => `Sheet "${w.sheet}" has a header row but no data rows below it.`,
    zh: (w) => `工作表“${w.sheet}”只有标题行，下面没有数据行。`,
  },
  'no-header': {
    severity: 'warning',
    en: (w) =>
      `No header row was found in sheet "${w.sheet}"; columns are named after their letters (Column A, Column B, …). Add a header row with column names for better results.`,
    zh: (w) => `工作表“${w.sheet}”中未找到标题行，各列按列字母命名（列 A、列 B……）。建议添加包含列名的标题行。`,
  },
  'rows-above-header': {
    severity: 'info',
    en: (w) =>
      `${rowsWord(cnt(w))} above the header row (titles or notes) ${cnt(w) === 1 ? 'was' : 'were'} skipped${rowsEn(w)}.`,
    zh: (w) => `跳过了标题行上方的 ${cnt(w)} 行（标题或备注）${rowsZh(w)}。`,
  },
  'two-row-header': {
    severity: 'info',
    en: (w) => `The header spans two rows${rowsEn(w)}; column names join both rows with " / ".`,
    zh: (w) => `标题占两行${rowsZh(w)}，列名由两行以“ / ”连接而成。`,
  },
  'blank-rows-dropped': {
    severity: 'info',
    en: (w) =>
      `${rowsWord(cnt(w))} inside the table ${cnt(w) === 1 ? 'is' : 'are'} completely blank and ${cnt(w) === 1 ? 'was' : 'were'} left out${rowsEn(w)}.`,
    zh: (w) => `表格中有 ${cnt(w)} 行完全空白，已忽略${rowsZh(w)}。`,
  },
  'total-rows-excluded': {
    severity: 'info',
    en: (w, p) =>
      `${rowsWord(cnt(w))} at the end of the table look${cnt(w) === 1 ? 's' : ''} like totals (${ex(p)}) and ${cnt(w) === 1 ? 'was' : 'were'} left out so nothing is counted twice${rowsEn(w)}.`,
    zh: (w, p) => `表格末尾有 ${cnt(w)} 行是合计行（${exZh(p)}），为避免重复计算已排除${rowsZh(w)}。`,
  },
  'subtotal-rows-excluded': {
    severity: 'warning',
    en: (w, p) =>
      `${rowsWord(cnt(w))} inside the table look${cnt(w) === 1 ? 's' : ''} like subtotals (${ex(p)}) and ${cnt(w) === 1 ? 'was' : 'were'} left out so nothing is counted twice${rowsEn(w)}. Check that these rows are not real data.`,
    zh: (w, p) =>
      `表格中有 ${cnt(w)} 行是小计行（${exZh(p)}），为避免重复计算已排除${rowsZh(w)}。请确认这些行不是实际数据。`,
  },
  'summary-row-excluded': {
    severity: 'info',
    en: (w) =>
      `${rowsWord(cnt(w))} of sheet "${w.sheet}" ${cnt(w) === 1 ? 'has' : 'have'} no label and ${cnt(w) === 1 ? 'its' : 'their'} numbers are the sums of the other rows (an export's summary row); left out so nothing is counted twice${rowsEn(w)}.`,
    zh: (w) =>
      `工作表“${w.sheet}”中有 ${cnt(w)} 行没有名称，数值等于其余各行之和（导出文件的汇总行），为避免重复计算已排除${rowsZh(w)}。`,
  },
  'total-column-excluded': {
    severity: 'info',
    en: (w) =>
      `${col(w)} of sheet "${w.sheet}" holds totals of the other columns and was left out so nothing is counted twice.`,
    zh: (w) => `工作表“${w.sheet}”的${colZh(w)}是其他列的合计，为避免重复计算已排除。`,
  },
  'header-empty': {
    severity: 'info',
    en: (w) => `Column ${w.columnLetter ?? ''} has no header; it is called "${w.column ?? ''}".`,
    zh: (w) => `${w.columnLetter ?? ''} 列没有列名，已命名为“${w.column ?? ''}”。`,
  },
  'header-duplicate': {
    severity: 'info',
    en: (w, p) =>
      `Header "${p.other ?? ''}" appears more than once; column ${w.columnLetter ?? ''} is called "${w.column ?? ''}".`,
    zh: (w, p) => `列名“${p.other ?? ''}”重复出现，${w.columnLetter ?? ''} 列已改名为“${w.column ?? ''}”。`,
  },
  'blank-column-dropped': {
    severity: 'info',
    en: (w) => `Column ${w.columnLetter ?? ''} is completely blank and was left out.`,
    zh: (w) => `${w.columnLetter ?? ''} 列完全空白，已忽略。`,
  },
  'column-empty': {
    severity: 'warning',
    en: (w) => `${col(w)} has a header but no values.`,
    zh: (w) => `${colZh(w)}有列名但没有任何数值。`,
  },
  'jagged-rows': {
    severity: 'warning',
    en: (w) =>
      `${rowsWord(cnt(w))} of sheet "${w.sheet}" ${cnt(w) === 1 ? 'is' : 'are'} shorter or longer than the others; missing cells are read as blank${rowsEn(w)}.`,
    zh: (w) => `工作表“${w.sheet}”中有 ${cnt(w)} 行长度与其他行不同，缺少的单元格按空白处理${rowsZh(w)}。`,
  },
  'excel-errors': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? 's' : ''} Excel errors (${ex(p)}) and ${cnt(w) === 1 ? 'is' : 'are'} read as blank${rowsEn(w)}. Fix the formulas to include these rows.`,
    zh: (w, p) =>
      `${colZh(w)}：${cnt(w)} 个单元格是 Excel 错误值（${exZh(p)}），按空白处理${rowsZh(w)}。修正公式后这些行才会计入。`,
  },
  'stray-values': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)} holds ${p.value ?? 'values'}, but ${cells(cnt(w))} cannot be read as such (${ex(p)}) and ${cnt(w) === 1 ? 'is' : 'are'} read as blank${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}应为${zhKind(p.value)}，但有 ${cnt(w)} 个单元格无法识别（${exZh(p)}），按空白处理${rowsZh(w)}。`,
  },
  'missing-markers': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)}: ${cells(cnt(w))} mark${cnt(w) === 1 ? 's' : ''} a missing value (${ex(p)}) and ${cnt(w) === 1 ? 'is' : 'are'} read as blank${rowsEn(w)}.`,
    zh: (w, p) => `${colZh(w)}：${cnt(w)} 个单元格表示缺失值（${exZh(p)}），按空白处理${rowsZh(w)}。`,
  },
  'invalid-numbers': {
    severity: 'warning',
    en: (w) =>
      `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? 's' : ''} a number that is not finite (NaN or infinity) and ${cnt(w) === 1 ? 'is' : 'are'} read as blank${rowsEn(w)}.`,
    zh: (w) => `${colZh(w)}：${cnt(w)} 个单元格不是有限数值（NaN 或无穷大），按空白处理${rowsZh(w)}。`,
  },
  'mixed-types': {
    severity: 'warning',
    en: (w) => `${col(w)} mixes numbers, dates and text with no clear majority; it is read as text.`,
    zh: (w) => `${colZh(w)}混有数字、日期和文本，无法判断类型，按文本处理。`,
  },
  'date-order-ambiguous': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)}: dates such as ${ex(p)} could be day/month or month/day; they were read as ${p.value === 'dmy' ? 'day/month/year' : 'month/day/year'}. Check a few rows${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}：${exZh(p)} 等日期无法区分日/月顺序，已按${p.value === 'dmy' ? '“日/月/年”' : '“月/日/年”'}读取，请核对${rowsZh(w)}。`,
  },
  'date-order-mixed': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)} mixes day/month and month/day dates; ${cells(cnt(w))} that contradict the column's order (${ex(p)}) are read as blank${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}混用了“日/月”和“月/日”顺序，与本列顺序矛盾的 ${cnt(w)} 个单元格（${exZh(p)}）按空白处理${rowsZh(w)}。`,
  },
  'date-1900-leap-bug': {
    severity: 'warning',
    en: (w) =>
      `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? 's' : ''} 29 February 1900 (Excel serial 60), a day that never existed (an old Excel quirk); read as blank${rowsEn(w)}.`,
    zh: (w) =>
      `${colZh(w)}：${cnt(w)} 个单元格为 1900 年 2 月 29 日（Excel 序列号 60），该日期实际不存在（Excel 的历史问题），按空白处理${rowsZh(w)}。`,
  },
  'date-out-of-range': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? 's' : ''} dates Excel cannot show (before 1900 or after 9999, e.g. ${ex(p)}); read as blank${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}：${cnt(w)} 个单元格的日期超出 Excel 范围（早于 1900 年或晚于 9999 年，如 ${exZh(p)}），按空白处理${rowsZh(w)}。`,
  },
  'date-1904-shifted': {
    severity: 'info',
    en: (w) => `${col(w)}: the workbook uses the 1904 date system; dates were shifted to the 1900 system (+1462 days).`,
    zh: (w) => `${colZh(w)}：工作簿使用 1904 日期系统，日期已换算为 1900 日期系统（+1462 天）。`,
  },
  'serials-as-dates': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} holds plain numbers (e.g. ${ex(p)}) that the header marks as dates; they were read as dates.`,
    zh: (w, p) => `${colZh(w)}为普通数字（如 ${exZh(p)}），但列名表明是日期，已按日期读取。`,
  },
  'mixed-currencies': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)} mixes currencies (${p.value ?? ''}); amounts are not converted, so sums mix currencies${rowsEn(w)}.`,
    zh: (w, p) => `${colZh(w)}混有多种币种（${p.value ?? ''}），金额未做换算，合计会混合币种${rowsZh(w)}。`,
  },
  'decimal-comma': {
    severity: 'info',
    en: (w, p) => `${col(w)} writes numbers with a decimal comma (e.g. ${ex(p)}); read as such.`,
    zh: (w, p) => `${colZh(w)}使用逗号作为小数点（如 ${exZh(p)}），已按此读取。`,
  },
  'leading-zeros-kept': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} holds numbers with leading zeros (e.g. ${ex(p)}); kept as identifiers (text) so the zeros stay.`,
    zh: (w, p) => `${colZh(w)}中的数字带前导零（如 ${exZh(p)}），按标识（文本）保留前导零。`,
  },
  'amount-derived': {
    severity: 'info',
    en: (w, p) =>
      `There is no amount column; "${w.column ?? ''}" was computed as ${p.value ?? ''} × ${p.other ?? ''} for each row.`,
    zh: (w, p) => `没有金额列；已按每行 ${p.value ?? ''} × ${p.other ?? ''} 计算出“${w.column ?? ''}”。`,
  },
  'spend-is-cost-per-result': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} equals "${p.value ?? ''}" divided by "${p.other ?? ''}" row by row: it is a cost per result, not an amount to add up. "${p.value ?? ''}" is used as the money column.`,
    zh: (w, p) =>
      `${colZh(w)}逐行等于“${p.value ?? ''}”除以“${p.other ?? ''}”，是单位成本，不能相加；已改用“${p.value ?? ''}”作为金额列。`,
  },
  'money-column-ambiguous': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}": columns "${w.column ?? ''}" (${w.columnLetter ?? ''}) and "${p.other ?? ''}" (${p.examples?.[0] ?? ''}) could both be the ${roleEn(p.value)}, and their values do not settle it (neither is the other per result, a part of it, or a paid amount never above it). "${w.column ?? ''}" was taken${REASON_EN[p.reason ?? 'first-column']}. To use "${p.other ?? ''}" instead, give it the role "${p.value ?? ''}" in the Data step or in the recipe's roles.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”：列“${w.column ?? ''}”（${w.columnLetter ?? ''} 列）和“${p.other ?? ''}”（${p.examples?.[0] ?? ''} 列）都可能是${roleZh(p.value)}，数值无法判断（既不是另一列的单位成本或组成部分，也不是始终不高于另一列的实付金额）。已采用“${w.column ?? ''}”${REASON_ZH[p.reason ?? 'first-column']}。如应使用“${p.other ?? ''}”，请在“数据”步骤或配置的列角色中为它指定角色“${p.value ?? ''}”。`,
  },
  'money-column-total': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} equals ${p.value ?? ''} row by row: it is the total, used as the money column; "${p.other ?? ''}" is a part of it.`,
    zh: (w, p) => `${colZh(w)}逐行等于 ${p.value ?? ''}：它是合计金额，已作为金额列；“${p.other ?? ''}”是其组成部分。`,
  },
  'money-column-paid': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} is a paid amount never above "${p.other ?? ''}" (${p.examples?.[0] ?? ''}), and below it on some rows (discounts): it is the money actually paid and is used as the money column.`,
    zh: (w, p) =>
      `${colZh(w)}是实付金额，始终不高于“${p.other ?? ''}”（${p.examples?.[0] ?? ''} 列），部分行更低（优惠）：它是实际支付的金额，已作为金额列。`,
  },
  'results-not-conversions': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)} counts the results of objectives that are not conversions (${ex(p)} in "${p.other ?? ''}"), so it is not used as conversions. If every row's results are conversions, give it the role "conversions" yourself.`,
    zh: (w, p) =>
      `${colZh(w)}统计的是非转化目标的成果（“${p.other ?? ''}”列中的 ${exZh(p)}），因此不作为转化数使用。如每行的成果都是转化，请手动为它指定角色“conversions”。`,
  },
  'format-recognised': {
    severity: 'info',
    en: (w, p) =>
      `Sheet "${w.sheet}" has the headers of a ${p.value ?? ''} (${p.examples?.[2] ?? ''}); its columns were read the way that export writes them: ${p.examples?.[0] ?? ''}.${p.examples?.[1] ? ` Not used: ${p.examples[1]}.` : ''} If a column means something else here, change its role in the Data step or in the recipe.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”的列名与${p.other ?? ''}一致（${p.examples?.[2] ?? ''}），已按该导出格式读取各列：${p.examples?.[0] ?? ''}。${p.examples?.[1] ? `不使用：${p.examples[1]}。` : ''}如某列含义不同，请在“数据”步骤或配置中修改其角色。`,
  },
  'format-kind-differs': {
    severity: 'info',
    en: (w, p) =>
      `Sheet "${w.sheet}" has the headers of a ${p.value ?? ''}, but it was marked as ${p.other ?? ''}; it is read as ${p.other ?? ''}.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”的列名与 ${p.value ?? ''} 一致，但已被指定为${zhKind(p.other)}，按${zhKind(p.other)}读取。`,
  },
  'kind-unrecognised': {
    severity: 'info',
    en: (w) =>
      `Loopbook could not tell what sheet "${w.sheet}" holds (orders, customers, campaigns …); choose the table kind and the column roles yourself.`,
    zh: (w) => `无法判断工作表“${w.sheet}”的内容（订单、客户、投放活动……），请手动选择表类型和列角色。`,
  },
  'wide-periods': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}" has periods across its columns (${ex(p)} in ${p.value ?? ''}). Loopbook reads one row per channel and period, with columns such as channel, month and amount. Turn the period columns into rows (Excel: Data › From Table/Range, then Transform › Unpivot Columns) and run again.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”的期间横向排在各列（${p.value ?? ''} 列的 ${exZh(p)}）。Loopbook 需要每个渠道、每个期间一行，例如渠道、月份、金额三列。请把期间列转为行（在 Excel 中选择“数据 › 来自表格/区域”，再选择“转换 › 逆透视列”）后再运行。`,
  },
  'wide-unpivoted': {
    severity: 'info',
    en: (w, p) =>
      `Sheet "${w.sheet}" has ${GRAIN_EN[p.grain ?? 'month']}s across its columns (${p.value ?? ''}): read as ${p.n ?? 0} ${GRAIN_EN[p.grain ?? 'month']}${p.n === 1 ? '' : 's'} × ${p.keys ?? 0} ${KEY_EN[p.keyNoun ?? 'row']}${p.keys === 1 ? '' : 's'}.${p.other ? ` The year ${p.other} comes from cell ${cellRef(w.sheet, p.examples?.[0] ?? '')} ("${p.examples?.[1] ?? ''}").` : ''} Each value is read as ${MEASURE_EN[p.measure ?? 'budget']}, one row per ${KEY_EN[p.keyNoun ?? 'row']} and ${GRAIN_EN[p.grain ?? 'month']}; messages about a value name its own cell.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”的${GRAIN_ZH[p.grain ?? 'month']}横向排在各列（${p.value ?? ''}）：已按 ${p.n ?? 0} ${GRAIN_ZH_COUNT[p.grain ?? 'month']} × ${p.keys ?? 0} 个${KEY_ZH[p.keyNoun ?? 'row']}读取。${p.other ? `年份 ${p.other} 取自单元格 ${cellRef(w.sheet, p.examples?.[0] ?? '')}（“${p.examples?.[1] ?? ''}”）。` : ''}每个数值按${MEASURE_ZH[p.measure ?? 'budget']}读取，每个${KEY_ZH[p.keyNoun ?? 'row']}每个${GRAIN_ZH[p.grain ?? 'month']}一行；关于数值的提示会指明其原单元格。`,
  },
  'wide-year-missing': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}": the ${GRAIN_EN[p.grain ?? 'month']} headers (${ex(p)}${rowsEn(w)}) name no year, and no single year was found in the title rows above them${p.value ? ` (found: ${p.value})` : ''}; they are kept as written, so an analysis puts them in the year of its as-of date. Put the year in the title (e.g. "2024 budget") or in the headers ("2024-01"), or give it: "Year of the period headers" in the task pane's Data step, --period-year on the command line, or periodYear on the recipe's source.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”：${GRAIN_ZH[p.grain ?? 'month']}列名（${exZh(p)}${rowsZh(w)}）没有年份，上方标题行中也没有找到唯一的年份${p.value ? `（找到：${p.value}）` : ''}；已按原文保留，分析时按截止日期所在年份处理。请在标题中写明年份（如“2024年预算”）或在列名中写明（如“2024-01”），或直接指定年份：任务窗格“数据”步骤中的“列名中期间的年份”，命令行的 --period-year，或配置中数据源的 periodYear。`,
  },
  'wide-total-mismatch': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}": the total ${col(w).replace(/^Column /, 'column ')} does not equal the sum of the ${GRAIN_EN[p.grain ?? 'month']}s in ${rowsWord(cnt(w))} (total vs sum): ${(p.examples ?? []).join('; ')}${rowsEn(w)}. The ${GRAIN_EN[p.grain ?? 'month']}s are used and the total is left out; check the figures with whoever keeps the sheet.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”：${colZh(w)}的合计与各${GRAIN_ZH[p.grain ?? 'month']}之和不符，共 ${cnt(w)} 行（合计 vs 各${GRAIN_ZH[p.grain ?? 'month']}之和）：${(p.examples ?? []).join('；')}${rowsZh(w)}。已使用各${GRAIN_ZH[p.grain ?? 'month']}数值、不计合计列；请与表格维护人核对。`,
  },
  'wide-total-row-mismatch': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}": the total row "${p.value ?? ''}" does not equal the sum of the rows above it in ${cnt(w)} ${GRAIN_EN[p.grain ?? 'month']}${cnt(w) === 1 ? '' : 's'} (total vs sum): ${(p.examples ?? []).join('; ')}${rowsEn(w)}. The rows are used and the total row is left out; check the figures with whoever keeps the sheet.`,
    zh: (w, p) =>
      `工作表“${w.sheet}”：合计行“${p.value ?? ''}”有 ${cnt(w)} 个${GRAIN_ZH[p.grain ?? 'month']}与上方各行之和不符（合计 vs 各行之和）：${(p.examples ?? []).join('；')}${rowsZh(w)}。已使用各行数值、不计合计行；请与表格维护人核对。`,
  },
  'wide-column-left-out': {
    severity: 'info',
    en: (w) =>
      `${col(w)} of sheet "${w.sheet}" holds one number per row, not one per period; it is left out of the table Loopbook makes of the periods across the columns.`,
    zh: (w) => `工作表“${w.sheet}”的${colZh(w)}每行只有一个数值，不按期间区分，未纳入按期间展开的表。`,
  },
  'order-amount-once': {
    severity: 'info',
    en: (w, p) =>
      `${col(w)} holds each order's amount on every one of its rows (a ${p.value ?? ''} writes one row per item): it is counted once per "${p.other ?? ''}", on the order's first row; ${rowsWord(cnt(w))} of ${p.n ?? 0} order${p.n === 1 ? '' : 's'} repeating it ${cnt(w) === 1 ? 'is' : 'are'} read as lines of their order${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}在订单的每一行都重复了整单金额（${p.value ?? ''}每个商品一行）：按“${p.other ?? ''}”每单只计一次，计在该单第一行；${p.n ?? 0} 个订单中重复该金额的 ${cnt(w)} 行按该单的明细行处理${rowsZh(w)}。`,
  },
  'order-amount-differs': {
    severity: 'warning',
    en: (w, p) =>
      `${col(w)} should hold each order's amount, repeated on its rows, but rows of the same "${p.other ?? ''}" (${ex(p)}) hold different amounts; the column is read row by row, so check those orders${rowsEn(w)}.`,
    zh: (w, p) =>
      `${colZh(w)}应为整单金额、在订单各行重复，但同一“${p.other ?? ''}”（${exZh(p)}）的各行金额不同；已逐行读取，请核对这些订单${rowsZh(w)}。`,
  },
  'role-missing': {
    severity: 'warning',
    en: (w, p) =>
      `Sheet "${w.sheet}" looks like ${p.value ?? ''}, but no column was found for: ${p.other ?? ''}. Choose it yourself.`,
    zh: (w, p) => `工作表“${w.sheet}”看起来是${zhKind(p.value)}，但未找到以下列：${p.other ?? ''}。请手动指定。`,
  },
} satisfies Record<string, Entry>;

export type IngestDiagnosticCode = keyof typeof INGEST_DIAGNOSTICS;
export const INGEST_DIAGNOSTIC_CODES = Object.keys(INGEST_DIAGNOSTICS) as IngestDiagnosticCode[];

const GRAIN_EN = { day: 'day', month: 'month', quarter: 'quarter', year: 'year' } as const;
const GRAIN_ZH = { day: '日期', month: '月份', quarter: '季度', year: '年度' } as const;
const GRAIN_ZH_COUNT = { day: '天', month: '个月', quarter: '个季度', year: '年' } as const;
const KEY_EN = { channel: 'channel', campaign: 'campaign', row: 'row' } as const;
const KEY_ZH = { channel: '渠道', campaign: '活动', row: '行' } as const;
const MEASURE_EN = { budget: 'a budget', spend: 'spend', value: 'an amount' } as const;
const MEASURE_ZH = { budget: '预算', spend: '花费', value: '金额' } as const;

const REASON_EN = {
  'better-header': ': its header fits the role better',
  'first-column': ': both headers fit as well, and it comes first',
  'first-money-column': ': no header names the role, and it is the first money column',
} as const;
const REASON_ZH = {
  'better-header': '（其列名更符合该角色）',
  'first-column': '（两列列名同样符合，它在前）',
  'first-money-column': '（没有列名指明该角色，它是第一个金额列）',
} as const;

const ROLE_WORDS: Record<string, [string, string]> = {
  spend: ['spend', '花费'],
  amount: ['amount', '金额'],
  revenue: ['revenue', '收入'],
};
const roleEn = (r: string | undefined): string => (r === undefined ? '' : (ROLE_WORDS[r]?.[0] ?? r));
const roleZh = (r: string | undefined): string => (r === undefined ? '' : (ROLE_WORDS[r]?.[1] ?? r));

const ZH_KINDS: Record<string, string> = {
  numbers: '数字',
  dates: '日期',
  'dates and times': '日期时间',
  'true/false values': '是/否值',
  percentages: '百分比',
  'money amounts': '金额',
  orders: '订单表',
  customers: '客户表',
  campaigns: '投放效果表',
  touchpoints: '触点表',
  experiment: '实验表',
  invoices: '发票/台账表',
  budget: '预算表',
  fx_rates: '汇率表',
};
/** A table kind in Chinese (`orders` → `订单表`), for messages. */
export function zhKind(v: string | undefined): string {
  return v === undefined ? '' : (ZH_KINDS[v] ?? v);
}

/**
 * Build a diagnostic from the catalogue. `where.rows` is cut to five example rows; `where.count`
 * keeps the total.
 */
export function ingestDiagnostic(code: IngestDiagnosticCode, where: Where, params: DiagParams = {}): Diagnostic {
  const entry: Entry = INGEST_DIAGNOSTICS[code];
  const w: Where = { ...where };
  if (w.rows) {
    if (w.count === undefined) w.count = w.rows.length;
    w.rows = w.rows.slice(0, 5);
  }
  if (w.cells) w.cells = w.cells.slice(0, 5);
  return {
    code,
    severity: entry.severity,
    message: { en: entry.en(w, params), 'zh-CN': entry.zh(w, params) },
    where: w,
  };
}

/** Shorten a cell text for a message: at most 30 characters, one line. */
export function exampleText(v: unknown): string {
  const s = String(v).replace(/\s+/g, ' ').trim();
  return s.length > 30 ? `${s.slice(0, 29)}…` : s;
}

/** Collects up to five example rows (and example values) while counting all occurrences. */
export class RowCollector {
  rows: number[] = [];
  examples: string[] = [];
  count = 0;
  add(excelRow: number, value?: unknown): void {
    this.count++;
    if (this.rows.length < 5) this.rows.push(excelRow);
    if (value !== undefined && this.examples.length < 3) {
      const t = exampleText(value);
      if (!this.examples.includes(t)) this.examples.push(t);
    }
  }
}
