/**
 * Hand-made AnalysisResult fixtures shaped like channel performance and RFM output.
 * Numbers are computed by hand from the rows below (ROAS = revenue / spend, CPA = spend / conversions).
 */
import { attachFullTable, fullTableOfFields, type CustomerCodes } from '../../src/analysis/common/index.js';
import type { AnalysisResult, ResultTable } from '../../src/analysis/types.js';
import type { CellValue } from '../../src/types.js';
import type { ReportContext } from '../../src/report/build-report.js';

const t = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** Five channels; `社群` spends least and returns most per yuan; affiliate has zero spend (ROAS empty). */
export function channelResult(): AnalysisResult {
  const rows = [
    {
      channel: 'Paid search',
      spend: 120000,
      revenue: 420000,
      conversions: 3000,
      roas: 3.5,
      cpa: 40,
      share_spend: 0.4,
      share_revenue: 0.35,
    },
    {
      channel: 'Paid social',
      spend: 100000,
      revenue: 180000,
      conversions: 2500,
      roas: 1.8,
      cpa: 40,
      share_spend: 0.3333,
      share_revenue: 0.15,
    },
    {
      channel: '社群',
      spend: 30000,
      revenue: 300000,
      conversions: 1500,
      roas: 10,
      cpa: 20,
      share_spend: 0.1,
      share_revenue: 0.25,
    },
    {
      channel: 'E-mail/SMS',
      spend: 50000,
      revenue: 240000,
      conversions: 2000,
      roas: 4.8,
      cpa: 25,
      share_spend: 0.1667,
      share_revenue: 0.2,
    },
    // A channel name a user typed that looks like a formula: must land as text.
    {
      channel: '=HYPERLINK("http://x","affiliate")',
      spend: 0,
      revenue: 60000,
      conversions: 600,
      roas: null,
      cpa: 0,
      share_spend: 0,
      share_revenue: 0.05,
    },
  ];
  return {
    kind: 'channel-performance',
    title: t('Channel performance', '渠道表现'),
    sheetName: t('Channel performance', '渠道表现'),
    question: t('Which channels return the most per unit spent?', '哪些渠道的投入产出最高？'),
    figures: [
      { key: 'spend', label: t('Spend', '花费'), value: 300000, kind: 'currency', decimals: 0, change: 0.12 },
      { key: 'revenue', label: t('Revenue', '收入'), value: 1200000, kind: 'currency', decimals: 0, change: -0.05 },
      {
        key: 'roas',
        label: t('ROAS', '广告支出回报率'),
        value: 4,
        kind: 'ratio',
        note: t('Revenue / spend', '收入 / 花费'),
      },
      { key: 'cvr', label: t('Conversion rate', '转化率'), value: 0.0321, kind: 'percent', decimals: 2, change: null },
    ],
    tables: [
      {
        name: 'byChannel',
        title: t('By channel', '按渠道'),
        columns: [
          { key: 'channel', label: t('Channel', '渠道'), kind: 'text' },
          { key: 'spend', label: t('Spend', '花费'), kind: 'currency', highlight: 'dataBar' },
          { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
          { key: 'conversions', label: t('Conversions', '转化'), kind: 'integer' },
          { key: 'roas', label: t('ROAS', '回报率'), kind: 'ratio', highlight: 'colorScale' },
          { key: 'cpa', label: t('CPA', '单次转化成本'), kind: 'currency', highlight: 'iconSet' },
          { key: 'share_spend', label: t('Share of spend', '花费占比'), kind: 'percent' },
          { key: 'share_revenue', label: t('Share of revenue', '收入占比'), kind: 'percent' },
        ],
        rows,
        note: t('ROAS is empty where spend is zero.', '花费为零时回报率留空。'),
      },
      {
        name: 'weekly',
        title: t('Weekly', '按周'),
        columns: [
          { key: 'week', label: t('Week', '周'), kind: 'date' },
          { key: 'spend', label: t('Spend', '花费'), kind: 'currency' },
          { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
        ],
        // 2024-01-01 is Excel serial 45292 (=DATE(2024,1,1)); weeks step by 7.
        rows: [0, 1, 2, 3].map((i) => ({ week: 45292 + 7 * i, spend: 10000 + 1000 * i, revenue: 40000 + 2500 * i })),
      },
    ],
    charts: [
      {
        name: 'spendRevenue',
        title: t('Spend and revenue by channel', '各渠道花费与收入'),
        kind: 'combo',
        table: 'byChannel',
        category: 'channel',
        series: ['spend', 'revenue'],
        secondary: ['roas'],
        yTitle: t('Amount', '金额'),
      },
      {
        name: 'roas',
        title: t('ROAS by channel', '各渠道回报率'),
        kind: 'bar',
        table: 'byChannel',
        category: 'channel',
        series: ['roas'],
        maxRows: 3,
      },
      {
        name: 'weeklyTrend',
        title: t('Weekly spend and revenue', '每周花费与收入'),
        kind: 'line',
        table: 'weekly',
        category: 'week',
        series: ['spend', 'revenue'],
      },
      {
        name: 'spendShare',
        title: t('Share of spend', '花费占比'),
        kind: 'pie',
        table: 'byChannel',
        category: 'channel',
        series: ['spend'],
      },
    ],
    findings: [
      {
        key: 'community',
        text: t('社群 returns ¥10 per ¥1 spent.', '社群渠道每投入 1 元带来 10 元收入。'),
        atStake: 50000,
        observational: true,
      },
      {
        key: 'social',
        text: t('Paid social returns least.', '付费社交回报最低。'),
        atStake: 80000,
        evidence: t('ROAS 1.8 on ¥100,000', '花费 10 万元，回报率 1.8'),
      },
    ],
    notes: [t('ROAS = revenue / spend (Excel: =C2/B2).', '回报率 = 收入 / 花费（Excel：=C2/B2）。')],
    diagnostics: [
      {
        code: 'spend.zero',
        severity: 'warning',
        message: t('Spend is zero for one channel; its ROAS is left empty.', '有一个渠道花费为零，其回报率留空。'),
        where: { sheet: 'Campaigns', column: 'Spend', columnLetter: 'E', rows: [14, 15], count: 2 },
      },
    ],
  };
}

/** A second, smaller result so the Dashboard gathers more than one analysis. */
export function rfmResult(): AnalysisResult {
  return {
    kind: 'rfm',
    title: t('RFM segments', 'RFM 客户分层'),
    sheetName: t('RFM segments', 'RFM 分层'),
    question: t('Who are the best customers and who is slipping away?', '谁是最好的客户，谁正在流失？'),
    figures: [{ key: 'customers', label: t('Customers', '客户数'), value: 1234, kind: 'integer' }],
    tables: [
      {
        name: 'segments',
        title: t('Segments', '分层'),
        columns: [
          { key: 'segment', label: t('Segment', '分层'), kind: 'text' },
          { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
          { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
        ],
        rows: [
          { segment: 'Champions', customers: 200, revenue: 500000 },
          { segment: '-At risk', customers: 300, revenue: Number.NaN },
          { segment: '@lost', customers: 734, revenue: 20000 },
        ],
      },
    ],
    charts: [
      {
        name: 'segmentRevenue',
        title: t('Revenue by segment', '各分层收入'),
        kind: 'column',
        table: 'segments',
        category: 'segment',
        series: ['revenue'],
      },
    ],
    findings: [{ key: 'atRisk', text: t('300 customers at risk.', '300 位客户有流失风险。'), atStake: 120000 }],
    notes: [],
    diagnostics: [],
  };
}

export function context(lang: 'en' | 'zh-CN' = 'en'): ReportContext {
  return {
    lang,
    // 2024-12-31 = Excel serial 45657 (=DATE(2024,12,31)).
    asOf: 45657,
    currency: 'CNY',
    sources: ['Campaigns!A1:H400 (399 rows)', 'Orders!A1:F20001 (20,000 rows)'],
    diagnostics: [
      {
        code: 'ingest.blankRows',
        severity: 'info',
        message: t('3 blank rows skipped.', '跳过了 3 个空行。'),
        where: { sheet: 'Orders', rows: [10, 11, 12] },
      },
    ],
  };
}

/** Deep-freeze a value so tests can assert inputs were not changed. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

const label = { en: 'x', 'zh-CN': 'x' };

/**
 * A result of `kind` whose `customers` table shows its first row and attaches every row of `fields`, coded by
 * `codes` (row i's code into `list`) when given. `idReads` counts reads of its customer ids.
 */
export function customersResult(
  kind: string,
  fields: Record<string, CellValue[]>,
  codes?: { list: readonly string[]; code: readonly number[] },
): { r: AnalysisResult; idReads: () => number } {
  const keys = Object.keys(fields);
  const rows = fields.customer_id.length;
  const row = (i: number) => Object.fromEntries(keys.map((k) => [k, fields[k][i]]));
  const table: ResultTable = {
    name: 'customers',
    title: label,
    columns: keys.map((key) => ({ key, label, kind: typeof fields[key][0] === 'number' ? 'number' : 'text' })),
    rows: [row(0)],
    note: { en: 'Showing the first row.', 'zh-CN': '仅显示第一行。' },
  };
  let reads = 0;
  const customers = codes ? (): CustomerCodes => ({ ids: codes.list, code: (i) => codes.code[i] }) : undefined;
  attachFullTable(
    table,
    fullTableOfFields(
      rows,
      (k) => k,
      keys.map(
        (k) => [k, k === 'customer_id' ? (i: number) => (reads++, fields[k][i]) : (i: number) => fields[k][i]] as const,
      ),
      customers,
    ),
  );
  const title = { en: kind, 'zh-CN': kind };
  const r: AnalysisResult = {
    kind,
    title,
    sheetName: title,
    question: label,
    figures: [],
    tables: [table],
    charts: [],
    findings: [],
    notes: [],
    diagnostics: [],
  };
  return { r, idReads: () => reads };
}
