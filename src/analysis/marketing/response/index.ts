/**
 * Response curves and budget: per channel, from weekly spend and outcome (revenue, else conversions),
 * fit geometric adstock and Hill saturation with bounds (Levenberg–Marquardt over a grid of carry-over
 * rates), read the marginal return at current spend, and reallocate a fixed total budget so that marginal
 * returns are equal within user-set minimum and maximum spend per channel. The expected change comes
 * with a range from refits on resampled residuals (seeded), and with the caveat that curves fitted on
 * observational data suggest rather than prove.
 *
 * Phases: `weekly.ts` reads the weekly grid → `compute.ts` (fits with `fit.ts`, reallocation with
 * `../budget-allocation.ts`, bootstrap range; pure) → `present.ts` and `findings.ts`.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import { defineAnalysis, diag, emptyResult } from '../../common/index.js';
import { lineConverter } from '../../finance/fx.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, Finding } from '../../types.js';
import { msg } from '../messages.js';
import { expectedChange, fitChannels, reallocate } from './compute.js';
import { reallocateFinding, saturatedFindings } from './findings.js';
import { RESPONSE_DEFAULTS, RESPONSE_HEAD, type ResponseOptions } from './options.js';
import { allocationTable, curvesTable, fitsTable, responseCharts, responseFigures, responseNotes } from './present.js';
import { readWeekly } from './weekly.js';

export { RESPONSE_DEFAULTS, type ResponseOptions } from './options.js';
export { fitChannel, type ChannelFit } from './fit.js';

/**
 * Fit response curves per channel from a campaigns Dataset (roles: channel, date or period_start, spend,
 * revenue or conversions) and propose a reallocation of the weekly budget. With a Currency column, spend and
 * revenue are converted line by line with the exchange-rate sheet `fx` (fx.ts).
 */
export function fitResponseAndBudget(
  data: Dataset,
  common: CommonOptions,
  options: Partial<ResponseOptions> = {},
  fx?: Dataset,
): AnalysisResult {
  const o: ResponseOptions = { ...RESPONSE_DEFAULTS, ...options };
  const diagnostics: Diagnostic[] = [];
  const convert = lineConverter(data, fx, common.currency, diagnostics);
  const weekly = readWeekly(data, common.asOf, common.lang, diagnostics, convert);
  if (!weekly) return emptyResult(RESPONSE_HEAD, diagnostics);

  const fits = fitChannels(weekly, o);
  const at = { sheet: data.sheet, column: weekly.channelCol.header, columnLetter: weekly.channelCol.letter };
  weekly.names.forEach((channel, c) => {
    const reason = fits.reasons[c];
    if (reason)
      diagnostics.push(
        diag('marketing.response.channel-held', 'info', msg('response.channelHeld', { channel, reason }), at),
      );
  });
  const plan = reallocate(weekly.names, fits, o);
  if (!plan.feasible && fits.usable.length > 0) {
    diagnostics.push(
      diag('marketing.response.bounds-infeasible', 'warning', {
        en: 'The budget cannot be met within the spend bounds; spend is held at the nearest bound.',
        'zh-CN': '在花费上下限内无法满足总预算，已按最接近的界限分配。',
      }),
    );
  }
  const { expected, range } = expectedChange(weekly, fits, plan.proposed, o);

  const findings: Finding[] = [];
  if (fits.usable.length > 0) {
    const move = reallocateFinding(weekly, fits, plan.proposed, expected, range, o, common.currency);
    if (move) findings.push(move);
    findings.push(...saturatedFindings(weekly, fits, o, common.currency));
  }
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  return {
    ...RESPONSE_HEAD,
    figures: responseFigures(weekly, fits, plan.total, expected, range),
    tables: [allocationTable(weekly, fits, plan, common.lang), fitsTable(weekly, fits), curvesTable(weekly, fits)],
    charts: responseCharts(weekly, fits),
    findings,
    notes: responseNotes(weekly, fits.recent, o),
    diagnostics,
  };
}

/**
 * Response curves and budget reallocation as a registered analysis (input: `campaigns`). Needs the as-of
 * date: the weekly grid ends at it and "current spend" is the mean of the weeks just before it.
 */
export const responseAnalysis = defineAnalysis<ResponseOptions>({
  kind: 'response',
  title: RESPONSE_HEAD.title,
  question: RESPONSE_HEAD.question,
  requires: [{ kind: 'campaigns', roles: ['channel', 'spend'] }],
  optionalInputs: ['fx_rates'],
  needs: {
    en: `A campaigns sheet with channel, date, spend and revenue (or conversions), at least ${RESPONSE_DEFAULTS.minWeeks} weeks per channel.`,
    'zh-CN': `需要一张活动表：渠道、日期、花费以及收入（或转化），每个渠道至少 ${RESPONSE_DEFAULTS.minWeeks} 周数据。`,
  },
  defaults: RESPONSE_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    totalBudget: {
      basic: true,
      label: { en: 'What weekly budget should be split across channels?', 'zh-CN': '每周要在各渠道间分配多少预算？' },
    },
    minMultiple: {
      basic: true,
      label: { en: 'How far may a channel’s spend fall? (× today)', 'zh-CN': '单个渠道的花费最多可以降到当前的几倍？' },
    },
    maxMultiple: {
      basic: true,
      label: { en: 'How far may a channel’s spend rise? (× today)', 'zh-CN': '单个渠道的花费最多可以升到当前的几倍？' },
    },
    horizonWeeks: {
      basic: true,
      label: { en: 'Over how many weeks should the gain be stated?', 'zh-CN': '预期收益按多少周计算？' },
    },
  },
  needsAsOf: true,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ResponseOptions): AnalysisResult {
    const data = inputs.campaigns;
    if (!data)
      return emptyResult(RESPONSE_HEAD, [
        diag('marketing.response.missing', 'error', {
          en: 'No campaigns table was given.',
          'zh-CN': '没有提供活动表。',
        }),
      ]);
    return fitResponseAndBudget(data, common, options, inputs.fx_rates);
  },
});
