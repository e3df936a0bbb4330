/**
 * Multi-touch attribution from touchpoint paths: first touch, last touch, linear, time decay (half-life),
 * position-based (40/20/40) and the first-order Markov chain removal effect, solved exactly on the
 * absorbing chain (no simulation), with and without non-converting paths. Credited conversions, revenue
 * and (when a campaigns sheet gives spend) ROAS per channel under each model, side by side.
 *
 * Phases: `options.ts` checks the options, `read.ts` builds paths → `models.ts` (credit, pure) →
 * `present.ts` (tables, figures, notes) and `findings.ts`.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import { columnByRole, defineAnalysis, diag, emptyResult } from '../../common/index.js';
import { lineConverter } from '../../finance/fx.js';
import type { AnalysisInputs, CommonOptions } from '../../registry-types.js';
import type { AnalysisResult, ResultTable } from '../../types.js';
import { modelGapFindings } from './findings.js';
import { heuristicCredit, markovCredit, type Credit } from './models.js';
import {
  ATTRIBUTION_DEFAULTS,
  ATTRIBUTION_HEAD,
  checkAttributionOptions,
  type AttributionOptions,
  type Model,
} from './options.js';
import {
  attributionCharts,
  attributionFigures,
  attributionNotes,
  creditTable,
  pathsTable,
  revenueTable,
  spendTable,
  type AttributionView,
} from './present.js';
import { buildPaths, spendByChannel } from './read.js';

export { ATTRIBUTION_DEFAULTS, MODELS, type AttributionOptions, type Model } from './options.js';
export { heuristicCredit, markovCredit, type Credit, type MarkovResult } from './models.js';
export { buildPaths, type Paths } from './read.js';

/**
 * Attribution of a touchpoints Dataset (roles: customer_id, channel or campaign, timestamp or date,
 * converted or event, optional value); spend per channel from `campaigns` when given, converted line by line
 * with the exchange-rate sheet `fx` when the campaigns have a Currency column (fx.ts).
 *
 * @example
 *   // paths google (conv) ×2, mailing (conv), google > mailing (conv), google (no conv):
 *   // markov credit google 2.4, mailing 1.6; first touch 3 / 1; last touch 2 / 2; linear 2.5 / 1.5
 */
export function attribute(
  data: Dataset,
  common: CommonOptions,
  options: Partial<AttributionOptions> = {},
  campaigns?: Dataset,
  fx?: Dataset,
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const o = checkAttributionOptions({ ...ATTRIBUTION_DEFAULTS, ...options }, diagnostics);
  const paths = buildPaths(data, o.by, diagnostics);
  if (!paths) return emptyResult(ATTRIBUTION_HEAD, diagnostics);
  const P = paths.start.length - 1;
  let nConv = 0;
  let totalValue = 0;
  for (let q = 0; q < P; q++) {
    if (paths.converted[q] === 1) {
      nConv++;
      totalValue += paths.value[q];
    }
  }
  if (P === 0 || nConv === 0) {
    diagnostics.push(
      diag(
        'marketing.attribution.no-conversions',
        'error',
        { en: 'No converting path was found: nothing to attribute.', 'zh-CN': '没有找到转化路径，无可归因的内容。' },
        { sheet: data.sheet },
      ),
    );
    return emptyResult(ATTRIBUTION_HEAD, diagnostics);
  }

  const mk = markovCredit(paths, false);
  const credit: Record<Model, Credit> = {
    ...heuristicCredit(paths, o),
    markov: mk.credit,
    markov_conv_only: markovCredit(paths, true).credit,
  };
  const touches = new Float64Array(paths.channels.length);
  for (let i = 0; i < paths.touch.length; i++) touches[paths.touch[i]]++;
  const order = paths.channels
    .map((_, c) => c)
    .sort((a, b) => credit.markov.conversions[b] - credit.markov.conversions[a] || touches[b] - touches[a]);
  const hasValue = !!columnByRole(data, 'value', 'revenue', 'amount');
  const view: AttributionView = {
    paths,
    credit,
    removalEffect: mk.removalEffect,
    touches,
    order,
    key: o.by,
    hasValue,
    nConv,
  };

  const tables: ResultTable[] = [creditTable(view)];
  if (hasValue) tables.push(revenueTable(view));
  const spend = campaigns
    ? spendByChannel(campaigns, o.by, lineConverter(campaigns, fx, common.currency, diagnostics))
    : null;
  const bySpend = spend ? spendTable(view, spend) : null;
  if (bySpend) tables.push(bySpend.table);
  tables.push(pathsTable(paths, o.topPaths));

  return {
    ...ATTRIBUTION_HEAD,
    figures: attributionFigures(view, mk.pConversion, totalValue),
    tables,
    charts: attributionCharts(o.by),
    findings: modelGapFindings(view, totalValue, common.currency),
    notes: attributionNotes(o, bySpend?.unmatched ?? 0),
    diagnostics,
  };
}

/**
 * Multi-touch attribution as a registered analysis (input: `touchpoints`; `campaigns` adds spend). No
 * as-of date: it credits the conversions on the paths observed and reads no cut-off date.
 */
export const attributionAnalysis = defineAnalysis<AttributionOptions>({
  kind: 'attribution',
  title: ATTRIBUTION_HEAD.title,
  question: ATTRIBUTION_HEAD.question,
  requires: [{ kind: 'touchpoints', roles: ['customer_id', 'channel'] }],
  optionalInputs: ['fx_rates'],
  needs: {
    en: 'A touchpoints sheet: customer, channel, time, and whether (or which event) converted; a value column adds revenue, a campaigns sheet adds ROAS.',
    'zh-CN': '需要一张触点表：客户、渠道、时间，以及是否转化（或转化事件）；有价值列可计算收入，有活动表可计算 ROAS。',
  },
  defaults: ATTRIBUTION_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    by: {
      basic: true,
      label: { en: 'Give credit to channels or to campaigns?', 'zh-CN': '功劳归到渠道还是活动？' },
    },
    halfLifeDays: {
      basic: true,
      label: { en: 'How many days until a touch loses half its credit?', 'zh-CN': '触点的功劳多少天后减半？' },
    },
  },
  needsAsOf: false,
  run(inputs: AnalysisInputs, common: CommonOptions, options: AttributionOptions): AnalysisResult {
    const data = inputs.touchpoints;
    if (!data)
      return emptyResult(ATTRIBUTION_HEAD, [
        diag('marketing.attribution.missing', 'error', {
          en: 'No touchpoints table was given.',
          'zh-CN': '没有提供触点表。',
        }),
      ]);
    return attribute(data, common, options, inputs.campaigns, inputs.fx_rates);
  },
});
