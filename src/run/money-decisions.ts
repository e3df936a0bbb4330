/**
 * What a run decided about money, said beside the table and analysis decisions (detect.ts): the exchange
 * rates it converts with (which sheet, currencies, months) and the grain of the money tables (one row per
 * day, week or month), since budget pacing depends on it.
 */
import type { AnalysisInputs } from '../analysis/registry-types.js';
import { ratesFromSheet } from '../analysis/finance/fx.js';
import { tableGrain, type Grain } from '../analysis/finance/grain.js';
import type { Dataset } from '../ingest/types.js';
import type { I18nText } from '../types.js';
import type { Decision } from './detect.js';

const GRAIN_TEXT: Record<Grain, I18nText> = {
  day: { en: 'one row per day', 'zh-CN': '每天一行' },
  week: { en: 'one row per week', 'zh-CN': '每周一行' },
  month: { en: 'one row per month', 'zh-CN': '每月一行' },
  unknown: { en: 'grain unknown', 'zh-CN': '粒度未知' },
};

/**
 * What a table of unknown grain has: no date column (each row a total for the period the export covers, as
 * a Google Ads campaign report without a date segment), or dates that cannot tell daily rows from monthly
 * totals (a single date, or none readable).
 */
function unknownGrainText(column: string | undefined): I18nText {
  if (column === undefined)
    return {
      en: 'has no date column: each row is taken as a total for the period the export covers',
      'zh-CN': '没有日期列：每行视为导出所覆盖期间的合计',
    };
  return {
    en: `has dates ("${column}") that do not show whether a row is a day, a week or a month (a single date, or none readable)`,
    'zh-CN': `的日期（“${column}”列）看不出每行是一天、一周还是一个月（只有一个日期，或没有可读的日期）`,
  };
}

/** The exchange-rate sheet's rates (or that it has none usable), as a decision. */
function fxDecision(fx: Dataset, currency: string): Decision {
  const sheet = ratesFromSheet(fx, currency, []);
  if (!sheet || sheet.rates.length === 0)
    return {
      subject: 'fx_rates',
      text: {
        en: `Exchange rates: "${fx.sheet}" gives no usable rate to ${currency}; amounts in other currencies stop with an error naming their rows`,
        'zh-CN': `汇率：“${fx.sheet}”中没有可用的到 ${currency} 的汇率；其他币种的金额将报错并列出行号`,
      },
    };
  const months =
    sheet.months.length === 0
      ? { en: 'every month', 'zh-CN': '所有月份' }
      : sheet.months.length === 1
        ? { en: sheet.months[0], 'zh-CN': sheet.months[0] }
        : {
            en: `${sheet.months[0]} … ${sheet.months[sheet.months.length - 1]}`,
            'zh-CN': `${sheet.months[0]} 至 ${sheet.months[sheet.months.length - 1]}`,
          };
  const cur = sheet.currencies.join(', ');
  return {
    subject: 'fx_rates',
    text: {
      en: `Exchange rates: ${sheet.rates.length} rate(s) from "${fx.sheet}", ${cur} → ${currency}, for ${months.en}; every money analysis converts with them line by line (the rates option overrides a currency)`,
      'zh-CN': `汇率：取自“${fx.sheet}”的 ${sheet.rates.length} 个汇率，${cur} → ${currency}，适用于${months['zh-CN']}；所有金额分析逐行折算（rates 选项可覆盖某一币种）`,
    },
  };
}

/** The grain of the campaigns and budget tables, as one decision; null when neither is there. */
function grainDecision(inputs: AnalysisInputs): Decision | null {
  const parts = (['campaigns', 'budget'] as const).flatMap((kind) => {
    const ds = inputs[kind];
    if (!ds) return [];
    const g = tableGrain(ds);
    if (g.grain === 'unknown') {
      const t = unknownGrainText(g.column?.header);
      return [{ en: `"${ds.sheet}" ${t.en}`, 'zh-CN': `“${ds.sheet}”${t['zh-CN']}` }];
    }
    return [
      {
        en: `"${ds.sheet}" ${GRAIN_TEXT[g.grain].en}${g.column ? ` ("${g.column.header}")` : ''}`,
        'zh-CN': `“${ds.sheet}”${GRAIN_TEXT[g.grain]['zh-CN']}${g.column ? `（按“${g.column.header}”列）` : ''}`,
      },
    ];
  });
  if (parts.length === 0) return null;
  const monthly = inputs.campaigns && tableGrain(inputs.campaigns).grain === 'month';
  return {
    subject: 'grain',
    text: {
      en: `Grain of the money tables: ${parts.map((p) => p.en).join('; ')}${monthly ? '; budget against actual compares the month in progress as it stands, with no projection' : ''}`,
      'zh-CN': `金额表的粒度：${parts.map((p) => p['zh-CN']).join('；')}${monthly ? '；预算与实际对进行中的月份按现值比较，不做推算' : ''}`,
    },
  };
}

/**
 * The money decisions of a run: the exchange rates (when there is an exchange-rate sheet) and the grain of
 * the campaigns and budget tables (when there are any).
 * @example moneyDecisions({ campaigns, fx_rates }, 'CNY').map((d) => d.text.en)
 *   // → ['Exchange rates: 6 rate(s) from "FX", USD → CNY, for 2024-01 … 2024-06; …', 'Grain of the money tables: "Platform spend" one row per month ("Month"); …']
 */
export function moneyDecisions(inputs: AnalysisInputs, currency: string): Decision[] {
  const out: Decision[] = [];
  if (inputs.fx_rates) out.push(fxDecision(inputs.fx_rates, currency));
  const grain = grainDecision(inputs);
  if (grain) out.push(grain);
  return out;
}
