/**
 * Hand-made per-customer results for the fact table and pivot tests: six customers, their segments, stages,
 * cohorts and channels written out below, so every expected figure is counted from these lines.
 */
import type { AnalysisResult, Figure, ResultTable } from '../../src/analysis/types.js';
import type { CohortMembers } from '../../src/analysis/user/cohorts.js';

const t = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** customer, segment, orders, revenue, stage, cohort, channel */
export const CUSTOMERS: [string, string, number, number, string, string, string][] = [
  ['C1', 'Champions', 9, 900, 'Active', '2024-01', 'Search'],
  ['C2', 'Champions', 7, 700, 'Active', '2024-02', 'Social'],
  ['C3', 'At Risk', 4, 400, 'At risk', '2024-01', 'Search'],
  ['C4', 'Lost', 1, 50, 'Churned', '2024-01', 'Email'],
  ['C5', 'Lost', 1, 40, 'Churned', '2024-03', ''],
  ['=C6', 'New Customers', 1, 30, 'New', '2024-03', 'Social'],
];

function result(kind: string, tables: ResultTable[], handover?: unknown, figures: Figure[] = []): AnalysisResult {
  return {
    kind,
    title: t(kind, kind),
    sheetName: t(kind, kind),
    question: t('?', '？'),
    figures,
    tables,
    charts: [],
    findings: [],
    notes: [],
    diagnostics: [],
    ...(handover ? { handover } : {}),
  };
}

function customersTable(
  columns: ResultTable['columns'],
  row: (c: (typeof CUSTOMERS)[number]) => ResultTable['rows'][number],
  note?: boolean,
): ResultTable {
  return {
    name: 'customers',
    title: t('Customers', '客户'),
    columns: [{ key: 'customer_id', label: t('Customer', '客户'), kind: 'text' }, ...columns],
    rows: CUSTOMERS.map((c) => ({ customer_id: c[0], ...row(c) })),
    ...(note ? { note: t('Shown: the first 6 of 9 customers.', '仅显示 9 位客户中的前 6 位。') } : {}),
  };
}

const figure = (key: string, value: number, kind: Figure['kind']): Figure => ({ key, label: t(key, key), value, kind });

/**
 * The figures the analyses would report for CUSTOMERS: 6 customers; revenue 900 + 700 + 400 + 50 + 40 + 30 =
 * 2,120; Active: C1, C2; At risk: C3 with 400 of revenue. `revenue` replaces the RFM revenue figure.
 */
export const FIGURES = { customers: 6, revenue: 2120, active: 2, atRisk: 1, atRiskRevenue: 400 };

/** The lifecycle stages table: stage codes and the labels the stage column shows. */
const STAGES = [
  ['new', 'New'],
  ['active', 'Active'],
  ['at_risk', 'At risk'],
  ['dormant', 'Dormant'],
  ['churned', 'Churned'],
];

export function results({
  lifecycle = true,
  capped = false,
  revenue = FIGURES.revenue,
}: { lifecycle?: boolean; capped?: boolean; revenue?: number } = {}): AnalysisResult[] {
  const members: CohortMembers = {
    period: 'month',
    ids: CUSTOMERS.map((c) => c[0]),
    cohort: CUSTOMERS.map((c) => c[5]),
    channel: CUSTOMERS.map((c) => c[6]),
  };
  return [
    result(
      'rfm',
      [
        customersTable(
          [
            { key: 'frequency', label: t('Orders', '订单数'), kind: 'integer' },
            { key: 'monetary', label: t('Revenue', '收入'), kind: 'currency' },
            { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
            { key: 'business_segment', label: t('Business segment', '业务分群'), kind: 'text' },
          ],
          (c) => ({ frequency: c[2], monetary: c[3], segment: c[1], business_segment: c[3] >= 400 ? 'High' : 'Low' }),
          capped,
        ),
      ],
      undefined,
      [figure('customers', FIGURES.customers, 'integer'), figure('revenue', revenue, 'currency')],
    ),
    ...(lifecycle
      ? [
          result(
            'lifecycle',
            [
              {
                name: 'stages',
                title: t('Stages', '阶段'),
                columns: [
                  { key: 'stage', label: t('Stage key', '阶段键'), kind: 'text', code: true },
                  { key: 'stage_name', label: t('Stage', '阶段'), kind: 'text' },
                ],
                rows: STAGES.map(([stage, stage_name]) => ({ stage, stage_name })),
              },
              customersTable([{ key: 'stage', label: t('Stage', '阶段'), kind: 'text' }], (c) => ({ stage: c[4] })),
            ],
            undefined,
            [
              figure('active', FIGURES.active, 'integer'),
              figure('at_risk', FIGURES.atRisk, 'integer'),
              figure('at_risk_revenue', FIGURES.atRiskRevenue, 'currency'),
            ],
          ),
        ]
      : []),
    result('cohorts', [], members),
  ];
}
