/**
 * Funnel: impression → click → visit → sign-up → first purchase → repurchase, with whichever steps the
 * data has, overall, by channel and by campaign: counts, step conversion, drop-off, and where the
 * biggest loss is. When no customers or orders exist, the campaigns' own conversions close the funnel.
 *
 * Phases: `read.ts` counts each stage from its sheet → `compute.ts` (steps, weakest step, channel
 * shortfalls; pure) → `present.ts` (tables, figures, charts, notes) and `findings.ts`.
 */
import type { Diagnostic } from '../../../types.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, Finding, ResultTable } from '../../types.js';
import { defineAnalysis, diag, emptyResult } from '../../common/index.js';
import { channelShortfalls, funnelStages, sameCustomers, weakestStep } from './compute.js';
import { shortfallFinding, weakestStepFinding } from './findings.js';
import { FUNNEL_DEFAULTS, FUNNEL_HEAD, type FunnelOptions } from './options.js';
import { funnelCharts, funnelFigures, funnelNotes, groupTable, stepRatesTable, stepsTable } from './present.js';
import { countFunnel } from './read.js';

export { FUNNEL_DEFAULTS, STAGES, type FunnelOptions, type Stage } from './options.js';

/**
 * Funnel from whichever of campaigns, touchpoints, customers and orders are given.
 * Validates its inputs and returns diagnostics; never throws on bad data.
 */
export function buildFunnel(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<FunnelOptions> = {},
): AnalysisResult {
  const o = { ...FUNNEL_DEFAULTS, ...options };
  const lang = common.lang;
  const diagnostics: Diagnostic[] = [];
  const counts = countFunnel(inputs, common.asOf, lang, diagnostics, common.currency, common.memo);
  const stages = funnelStages(counts.present);
  if (stages.length < 2) {
    diagnostics.push(
      diag('marketing.funnel.too-few-steps', 'error', {
        en: 'A funnel needs at least two steps: impressions and clicks (campaigns), visits (touchpoint events), sign-ups (customers) or purchases (orders).',
        'zh-CN': '漏斗至少需要两个步骤：曝光和点击（活动表）、访问（触点事件）、注册（客户表）或购买（订单表）。',
      }),
    );
    return emptyResult(FUNNEL_HEAD, diagnostics);
  }
  const { total } = counts;
  const same = sameCustomers(counts);

  const tables: ResultTable[] = [stepsTable(counts, stages, lang), stepRatesTable(counts, stages, lang)];
  const chT = groupTable(counts.byChannel, 'channels', 'channel', stages, same);
  if (chT) tables.push(chT);
  const campStages = stages.filter((s) => s === 'impressions' || s === 'clicks' || s === 'conversions');
  const cpT = campStages.length >= 2 ? groupTable(counts.byCampaign, 'campaigns', 'campaign', campStages) : null;
  if (cpT) tables.push(cpT);

  const findings: Finding[] = [];
  const weakest = weakestStep(total, stages, same);
  const weakestFinding = weakestStepFinding(counts, stages, weakest);
  if (weakestFinding) findings.push(weakestFinding);
  const shortfalls = channelShortfalls(counts, stages, o.minStepBase).map((s) =>
    shortfallFinding(s, stages, common.currency),
  );
  shortfalls.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  findings.push(...shortfalls.slice(0, 8));
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  return {
    ...FUNNEL_HEAD,
    figures: funnelFigures(total, stages, same),
    tables,
    charts: funnelCharts(stages, chT !== null, same),
    findings,
    notes: funnelNotes(counts.sources),
    diagnostics,
  };
}

/**
 * The funnel as a registered analysis (inputs: campaigns, and optionally touchpoints, customers, orders).
 * No as-of date needed: it only leaves out rows dated after one when there is one, and campaign clicks
 * without dates still make a funnel.
 */
export const funnelAnalysis = defineAnalysis<FunnelOptions>({
  kind: 'funnel',
  title: FUNNEL_HEAD.title,
  question: FUNNEL_HEAD.question,
  requires: [{ kind: 'campaigns', roles: ['clicks'] }],
  optionalInputs: ['fx_rates'],
  needs: {
    en: 'A campaigns sheet with impressions or clicks; customers (acquisition channel) and orders add sign-ups, first purchase and repurchase.',
    'zh-CN': '需要包含曝光或点击的活动表；有客户表（获客渠道）和订单表时会加入注册、首次购买和复购。',
  },
  defaults: FUNNEL_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    minStepBase: {
      basic: true,
      label: {
        en: 'Compare a step only when at least this many people reach it',
        'zh-CN': '某一步至少有多少人到达才参与比较？',
      },
    },
  },
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: FunnelOptions): AnalysisResult {
    return buildFunnel(inputs, common, options);
  },
});
