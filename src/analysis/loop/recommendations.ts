/**
 * Findings and recommendations of the closed loop on one sheet: every finding of segment response,
 * acquisition quality and before/after, ranked by money at stake, each with its evidence and the sheet that
 * shows it; plus which customers to win back now (the list, capped), valued with the measured response of
 * at-risk customers when an experiment measured one.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDeps, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Finding, ResultTable } from '../types.js';
import { attachFullTable, defineAnalysis, diag, isoDate, money, num, round as r, t } from '../common/index.js';
import { BUSINESS_SEGMENTS } from '../user/segment-maps.js';
import { readOrders } from '../user/orders.js';
import { predictValue } from './clv-scores.js';
import { DEFAULT_WINDOWS, segmentsFromTotals, totalsBefore, type BusinessWindows } from './common.js';
import { rankFindings } from './findings.js';
import { loopMessage } from './messages.js';
import { segmentResponseData, type ExperimentCell } from './segment-response.js';

export interface RecommendationOptions {
  windows: BusinessWindows;
  /** Most customers in the win-back list (default 500). */
  maxWinBack: number;
  alpha: number;
}

export const RECOMMENDATION_DEFAULTS: RecommendationOptions = {
  windows: DEFAULT_WINDOWS,
  maxWinBack: 500,
  alpha: 0.05,
};

const HEAD = {
  kind: 'recommendations',
  title: t('Findings and recommendations', '结论与建议'),
  sheetName: t('Findings', '结论与建议'),
  question: t('What should we do next, and what is each step worth?', '下一步该做什么？每一步值多少钱？'),
};

/** A finding with the sheet that shows it. */
export interface RankedFinding {
  finding: Finding;
  sheet: I18nText;
  source: string;
}

/** At-risk customers to win back now, by predicted value. */
export interface WinBack {
  ids: string[];
  rows: Record<string, CellValue>[];
  /** Row `i` of the whole list (`total` rows), as `rows` are; the sheet shows the first `maxWinBack`. */
  row: (i: number) => Record<string, CellValue>;
  total: number;
  value: number | null;
}

/** Customers in the churn-warning segment on the as-of date, most valuable first (pure apart from fitting CLV). */
export function winBackList(
  inputs: AnalysisInputs,
  common: CommonOptions,
  o: RecommendationOptions,
  diags: Diagnostic[],
): WinBack | null {
  const quiet: Diagnostic[] = [];
  const orders = inputs.orders ? readOrders(inputs, quiet, common.memo) : null;
  if (!orders) return null;
  const tot = totalsBefore(orders, common.asOf + 1, common.memo);
  const seg = segmentsFromTotals(tot, common.asOf + 1, 'business', o.windows);
  const pv = predictValue(orders, common.asOf, diags, common.memo);
  const rows: { id: string; last: number; n: number; rev: number; clv: number | null; p: number | null }[] = [];
  seg.forEach((s, c) => {
    if (s !== 'churn_warning') return;
    const id = orders.customers[c];
    rows.push({
      id,
      last: tot.last[c],
      n: tot.n[c],
      rev: tot.spend[c],
      clv: pv?.clv[c] ?? null,
      p: pv?.pAlive[c] ?? null,
    });
  });
  rows.sort((a, b) => (b.clv ?? -1) - (a.clv ?? -1) || b.rev - a.rev || (a.id < b.id ? -1 : 1));
  const value = pv ? rows.reduce((a, x) => a + (x.clv ?? 0), 0) : null;
  const rowOf = (x: (typeof rows)[number]): Record<string, CellValue> => ({
    customer_id: x.id,
    last_purchase: x.last,
    days_since: common.asOf - x.last,
    purchases: x.n,
    revenue: r(x.rev, 2),
    p_alive: r(x.p, 4),
    predicted_value: r(x.clv, 2),
  });
  return {
    ids: rows.map((x) => x.id),
    total: rows.length,
    value,
    rows: rows.slice(0, o.maxWinBack).map(rowOf),
    row: (i) => rowOf(rows[i]),
  };
}

const CHURN_LABEL = BUSINESS_SEGMENTS.find((s) => s.key === 'churn_warning')!.label;
const CHURN_NAMES = new Set<string>([
  'churn_warning',
  CHURN_LABEL.en.toLowerCase(),
  CHURN_LABEL['zh-CN'],
  'at risk',
  'at-risk',
]);

/** The analyses whose findings the Findings sheet gathers; the runner runs them first, with the user's options. */
export const RECOMMENDATION_USES = ['segment-response', 'acquisition-quality', 'before-after'] as const;

/** The findings of the siblings in `deps` whose inputs are present, each with the sheet that shows it. */
function gatherFindings(
  inputs: AnalysisInputs,
  deps: AnalysisDeps,
): { results: AnalysisResult[]; gathered: RankedFinding[] } {
  const results: AnalysisResult[] = [];
  const dep = (kind: (typeof RECOMMENDATION_USES)[number]): AnalysisResult[] => {
    const r = deps.get(kind);
    return r ? [r] : [];
  };
  if (inputs.touchpoints || inputs.experiment) results.push(...dep('segment-response'));
  if (inputs.orders) results.push(...dep('acquisition-quality'), ...dep('before-after'));
  const gathered = results.flatMap((res) =>
    res.findings.map((f) => ({ finding: f, sheet: res.sheetName, source: res.kind })),
  );
  return { results, gathered };
}

/** The largest significant, positive money effect an experiment measured on at-risk customers, if any. */
function measuredWinBack(inputs: AnalysisInputs, deps: AnalysisDeps, alpha: number): ExperimentCell | undefined {
  const sr = inputs.experiment ? segmentResponseData(deps.get('segment-response')) : null;
  return sr?.experiment?.cells
    .filter(
      (c) =>
        !c.binary &&
        CHURN_NAMES.has(c.segment.toLowerCase()) &&
        c.abs?.estimate !== null &&
        c.abs?.estimate !== undefined &&
        c.abs.estimate > 0 &&
        c.pHolm !== null &&
        c.pHolm < alpha,
    )
    .sort((a, b) => b.abs!.estimate! - a.abs!.estimate!)[0];
}

/** The win-back finding: how many, the measured response (when an experiment measured one), the value held. */
function winBackFinding(
  wb: WinBack,
  measured: ExperimentCell | undefined,
  o: RecommendationOptions,
  common: CommonOptions,
): Finding {
  const cur = common.currency;
  const stake = measured ? measured.abs!.estimate! * wb.total : null;
  const count = (l: Lang): string => num(wb.total, l, 0);
  const text = loopMessage('winBack', {
    count,
    atRiskDays: o.windows.atRiskDays,
    lostDays: o.windows.lostDays,
    measured: measured
      ? loopMessage('winBackMeasured', {
          arm: measured.arm,
          metric: measured.metric,
          each: (l) => money(measured.abs!.estimate, cur, l),
          stake: (l) => money(stake, cur, l),
        })
      : '',
    value: wb.value !== null ? loopMessage('winBackValue', { value: (l) => money(wb.value, cur, l) }) : '',
  });
  const evidence = loopMessage('winBackEvidence', {
    count,
    date: isoDate(common.asOf),
    detail: measured
      ? loopMessage('winBackEvidenceExperiment', {
          arm: measured.arm,
          control: measured.control,
          segment: measured.segment,
          nArm: (l) => num(measured.trt.n, l, 0),
          nControl: (l) => num(measured.ctl.n, l, 0),
          p: (l) => num(measured.pHolm, l, 4),
        })
      : loopMessage('winBackEvidenceNoExperiment'),
  });
  return { key: 'loop.win_back', text, atStake: r(stake, 2), evidence, observational: !measured };
}

/**
 * Run the recommendations: gather the findings of the Segment response, Acquisition quality and Before and
 * after results in `deps` (the ones the user configured, so the Findings sheet never contradicts them),
 * rank them, add the win-back list. A dependency missing from `deps` adds nothing.
 */
export function runRecommendations(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<RecommendationOptions> = {},
  deps: AnalysisDeps = new Map(),
): AnalysisResult {
  const o: RecommendationOptions = {
    ...RECOMMENDATION_DEFAULTS,
    ...options,
    windows: { ...DEFAULT_WINDOWS, ...options.windows },
  };
  const diagnostics: Diagnostic[] = [];
  const { results, gathered } = gatherFindings(inputs, deps);
  // Win back now: at-risk customers, valued with the measured response of at-risk customers if any.
  const findings: Finding[] = [];
  const wb = winBackList(inputs, common, o, diagnostics);
  if (wb && wb.total > 0) {
    const f = winBackFinding(wb, measuredWinBack(inputs, deps, o.alpha), o, common);
    findings.push(f);
    gathered.push({ finding: f, sheet: HEAD.sheetName, source: HEAD.kind });
  }
  if (gathered.length === 0 && results.length === 0) {
    diagnostics.push(
      diag(
        'loop.nothing_to_recommend',
        'error',
        t(
          'No orders, touchpoints or experiment: the closed loop has nothing to join.',
          '没有订单、触点或实验数据：闭环分析无可关联的内容。',
        ),
      ),
    );
  }
  return present(
    rankFindings(gathered.map((g) => ({ ...g, atStake: g.finding.atStake }))),
    wb,
    findings,
    diagnostics,
    common.lang,
  );
}

/** The Findings sheet: ranked findings, the win-back list, figures and notes. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
function present(
  ranked: RankedFinding[],
  wb: WinBack | null,
  findings: Finding[],
  diagnostics: Diagnostic[],
  lang: Lang,
): AnalysisResult {
  const yes = lang === 'zh-CN' ? '观察性' : 'observational',
    no = lang === 'zh-CN' ? '随机实验' : 'randomised';
  const tables: AnalysisResult['tables'] = [
    {
      name: 'findings',
      title: t('Findings ranked by money at stake', '按涉及金额排序的结论'),
      columns: [
        { key: 'rank', label: t('Rank', '排名'), kind: 'integer' },
        { key: 'finding', label: t('Finding and recommendation', '结论与建议'), kind: 'text' },
        { key: 'at_stake', label: t('Money at stake', '涉及金额'), kind: 'currency', highlight: 'dataBar' },
        { key: 'evidence', label: t('Evidence', '证据'), kind: 'text' },
        { key: 'basis', label: t('Basis', '依据'), kind: 'text' },
        { key: 'sheet', label: t('Sheet', '工作表'), kind: 'text' },
        { key: 'key', label: t('Key', '键'), kind: 'text', code: true },
      ],
      rows: ranked.map((g, i) => ({
        rank: i + 1,
        finding: g.finding.text[lang],
        at_stake: r(g.finding.atStake, 2),
        evidence: g.finding.evidence?.[lang] ?? null,
        basis: g.finding.observational ? yes : no,
        sheet: g.sheet[lang],
        key: g.finding.key,
      })),
      note: t(
        'Money at stake: what the finding is worth as stated in it (incremental revenue, spend reaching the wrong audience, or spend earning less than elsewhere). Observational findings suggest; randomised ones show cause.',
        '涉及金额：结论中所述的金额（增量收入、触达错误人群的花费，或回报低于其他渠道的花费）。观察性结论仅供参考；随机实验结论可说明因果。',
      ),
    },
  ];
  if (wb) {
    const winBack: ResultTable = {
      name: 'win_back',
      title: t(
        'Customers to win back now (churn warning), most valuable first',
        '立即挽回的客户（流失预警），按价值排序',
      ),
      columns: [
        { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
        { key: 'last_purchase', label: t('Last purchase', '最近购买'), kind: 'date' },
        { key: 'days_since', label: t('Days since', '距今天数'), kind: 'integer' },
        { key: 'purchases', label: t('Purchases', '购买次数'), kind: 'integer' },
        { key: 'revenue', label: t('Revenue to date', '累计收入'), kind: 'currency' },
        { key: 'p_alive', label: t('P(alive)', '存活概率'), kind: 'percent' },
        {
          key: 'predicted_value',
          label: t('Predicted 12-month value', '未来 12 个月预测价值'),
          kind: 'currency',
          highlight: 'dataBar',
        },
      ],
      rows: wb.rows,
      ...(wb.total > wb.rows.length
        ? {
            note: t(
              `Showing the ${wb.rows.length} most valuable of ${wb.total}.`,
              `仅显示价值最高的 ${wb.rows.length} 位（共 ${wb.total} 位）。`,
            ),
          }
        : {}),
    };
    attachFullTable(winBack, { rows: wb.total, row: wb.row });
    tables.push(winBack);
  }
  const top = ranked[0];
  return {
    ...HEAD,
    figures: [
      { key: 'findings', label: t('Findings', '结论数'), value: ranked.length, kind: 'integer' },
      {
        key: 'at_stake_total',
        label: t('Money at stake, all findings', '全部结论涉及金额'),
        value: r(
          ranked.reduce((a, g) => a + (g.finding.atStake ?? 0), 0),
          2,
        ),
        kind: 'currency',
      },
      {
        key: 'top_at_stake',
        label: t('Money at stake, top finding', '首要结论涉及金额'),
        value: r(top?.finding.atStake ?? null, 2),
        kind: 'currency',
      },
      {
        key: 'win_back_customers',
        label: t('Customers to win back', '待挽回客户'),
        value: wb?.total ?? null,
        kind: 'integer',
      },
    ],
    tables,
    charts: [
      {
        name: 'at_stake',
        title: t('Money at stake by finding', '各结论涉及金额'),
        kind: 'bar',
        table: 'findings',
        category: 'rank',
        series: ['at_stake'],
        maxRows: 10,
      },
    ],
    findings,
    notes: [
      t(
        'Findings come from the Segment response, Acquisition quality and Before and after sheets; each is listed there too. The win-back list: customers whose last purchase was more than the at-risk window and at most the lost window ago.',
        '结论来自“分群响应”“获客质量”和“活动前后”表，各表中也有列出。挽回名单：最近购买超过流失预警窗口、但未超过已流失窗口的客户。',
      ),
    ],
    diagnostics,
  };
}

export const recommendationsAnalysis = defineAnalysis<Partial<RecommendationOptions>>({
  kind: 'recommendations',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t(
    'An orders table; touchpoints, an experiment, customers and campaigns make the recommendations richer.',
    '需要订单表；有触点、实验、客户和活动表时，建议会更完整。',
  ),
  defaults: RECOMMENDATION_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    maxWinBack: {
      basic: true,
      label: { en: 'How many customers on the win-back list?', 'zh-CN': '挽回名单列出多少位客户？' },
    },
    windows: {
      basic: true,
      label: {
        en: 'When does a customer count as new, at risk, lost or high value?',
        'zh-CN': '什么情况下客户算新客、流失预警、已流失或高价值？',
      },
    },
  },
  uses: RECOMMENDATION_USES,
  needsAsOf: true,
  run: runRecommendations,
});
