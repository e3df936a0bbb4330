/**
 * A whole run in miniature: nine hand-made results with the kinds and figure keys the analyses use
 * (recommendations, rfm, channel-performance, clv, lifecycle, acquisition-quality, cohorts, experiment,
 * budget), model parameters among their first figures as the analyses put them, one chart each.
 * Values are round numbers chosen by hand; the interval rows are the experiment's `intervals` table shape.
 */
import type { AnalysisResult, ChartHint, Figure, Finding } from '../../src/analysis/types.js';

const t = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function result(
  kind: string,
  title: [string, string],
  figures: Figure[],
  findings: Finding[] = [],
  chart?: Partial<ChartHint>,
): AnalysisResult {
  const rows = [
    { name: 'A', v: 10, w: 0.5 },
    { name: 'B', v: 20, w: 0.25 },
  ];
  return {
    kind,
    title: t(...title),
    sheetName: t(...title),
    question: t(`What does ${title[0]} say?`, `${title[1]}说明了什么？`),
    figures,
    tables: [
      {
        name: 'main',
        title: t(title[0], title[1]),
        columns: [
          { key: 'name', label: t('Name', '名称'), kind: 'text' },
          { key: 'v', label: t('Amount', '金额'), kind: 'currency' },
          { key: 'w', label: t('Share', '占比'), kind: 'percent' },
        ],
        rows,
      },
    ],
    charts: [
      {
        name: 'main',
        title: t(`${title[0]} chart`, `${title[1]}图`),
        kind: 'column',
        table: 'main',
        category: 'name',
        series: ['v'],
        ...chart,
      },
    ],
    findings,
    notes: [t(`How ${title[0]} is computed.`, `${title[1]}的计算方法。`)],
    diagnostics: [],
  };
}

const fig = (key: string, en: string, value: number, kind: Figure['kind'], decimals?: number): Figure => ({
  key,
  label: t(en, en),
  value,
  kind,
  ...(decimals !== undefined ? { decimals } : {}),
});

/** The experiment: two comparisons; B's interval straddles zero. */
export const INTERVALS = [
  { comparison: 'Coupon · converted', ci_low: 0.05, lift: 0.15, ci_high: 0.25 },
  { comparison: 'Gift · converted', ci_low: -0.1, lift: 0.02, ci_high: 0.14 },
];

function experiment(): AnalysisResult {
  const r = result(
    'experiment',
    ['Experiment and campaign lift', '实验与活动增量'],
    [
      fig('units', 'Units', 6000, 'integer'),
      fig('arms', 'Arms', 3, 'integer'),
      fig('srm_p', 'Sample-ratio p-value', 0.0061, 'number', 4),
      fig('best_lift', 'Best lift (Coupon, converted)', 0.15, 'percent'),
    ],
  );
  r.tables.push({
    name: 'intervals',
    title: t('Relative lift and interval per comparison', '各比较的相对提升与区间'),
    columns: [
      { key: 'comparison', label: t('Comparison', '比较'), kind: 'text' },
      { key: 'ci_low', label: t('CI low', '置信区间下限'), kind: 'percent' },
      { key: 'lift', label: t('Relative lift', '相对提升'), kind: 'percent' },
      { key: 'ci_high', label: t('CI high', '置信区间上限'), kind: 'percent' },
    ],
    rows: INTERVALS.map((x) => ({ ...x })),
  });
  r.charts = [
    {
      name: 'lift_intervals',
      title: t('Relative lift with its interval', '相对提升及置信区间'),
      kind: 'bar',
      table: 'intervals',
      category: 'comparison',
      series: ['ci_low', 'lift', 'ci_high'],
    },
  ];
  return r;
}

/** Nine results in the order the CLI runs them. Findings at stake: 900,000 > 300,000 > 120,000 > 50,000; one without. */
export function fullRun(): AnalysisResult[] {
  return [
    result(
      'channel-performance',
      ['Channel and campaign performance', '渠道与活动表现'],
      [
        { ...fig('total_spend', 'Total spend', 3897139.75, 'currency'), change: 0.058 },
        fig('total_revenue', 'Revenue', 9666613.04, 'currency'),
        fig('roas', 'ROAS', 2.48, 'ratio'),
        fig('cpa', 'Cost per conversion', 122.74, 'currency'),
      ],
      [{ key: 'cut', text: t('Cut Paid Social.', '削减 Paid Social。'), atStake: 900000 }],
      { kind: 'combo', series: ['v'], secondary: ['w'] },
    ),
    experiment(),
    result(
      'rfm',
      ['RFM segments', 'RFM 分层'],
      [
        fig('customers', 'Customers', 7618, 'integer'),
        fig('revenue', 'Revenue', 13852617.75, 'currency'),
        fig('revenue_per_customer', 'Revenue per customer', 1818.41, 'currency'),
        fig('at_risk_revenue', "Revenue of At Risk + Can't Lose Them", 925162.68, 'currency'),
      ],
      [
        {
          key: 'seg',
          text: t('Champions hold half the revenue.', '冠军客户贡献一半收入。'),
          atStake: 5e6,
          descriptive: true,
        },
      ],
    ),
    result(
      'lifecycle',
      ['Customer lifecycle', '客户生命周期'],
      [
        fig('active', 'Active', 2457, 'integer'),
        fig('at_risk_revenue', 'Revenue of at-risk customers', 2487449.56, 'currency'),
      ],
      [{ key: 'risk', text: t('1,345 customers are slipping away.', '1,345 位客户正在流失。'), atStake: 300000 }],
      { kind: 'bar' },
    ),
    result(
      'cohorts',
      ['Cohorts and repurchase', '同期群与复购'],
      [
        fig('sbg_alpha', 'sBG α', 0.318056, 'number', 4),
        fig('sbg_beta', 'sBG β', 0.509141, 'number', 4),
        fig('second_purchase_rate', 'Second purchase within 90 days', 0.472879, 'percent'),
      ],
      [],
      { kind: 'line' },
    ),
    result(
      'clv',
      ['Customer lifetime value and churn risk', '客户终身价值与流失风险'],
      [
        fig('bgnbd_r', 'BG/NBD r', 0.35042, 'number', 6),
        fig('bgnbd_loglik', 'BG/NBD log-likelihood', -92864.1865, 'number', 2),
        fig('total_clv', 'Total CLV', 10105516.9, 'currency'),
        fig('gg_p', 'Gamma-Gamma p', 2.219101, 'number', 6),
      ],
      [{ key: 'vip', text: t('Keep the top 400.', '留住前 400 位。'), atStake: 120000 }],
    ),
    result(
      'acquisition-quality',
      ['Acquisition quality by channel', '各渠道获客质量'],
      [fig('blended_cac', 'CAC, paid channels', 564.89, 'currency'), fig('ltv_cac', 'LTV/CAC', 4.713, 'ratio')],
      [{ key: 'grow', text: t('Grow Community.', '加大 Community 投入。'), atStake: null }],
      { kind: 'combo', series: ['v'], secondary: ['w'] },
    ),
    result(
      'budget',
      ['Budget against actual', '预算与实际'],
      [fig('month_pacing', 'Pacing to date', 1.295, 'percent')],
      [{ key: 'over', text: t('Paid Social is over budget.', 'Paid Social 超预算。'), atStake: 50000 }],
    ),
    result(
      'recommendations',
      ['Findings and recommendations', '发现与建议'],
      [
        fig('findings', 'Findings', 7, 'integer'),
        fig('at_stake_total', 'Money at stake, all findings', 1456673.65, 'currency'),
      ],
      [],
    ),
  ];
}
