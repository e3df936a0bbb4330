/**
 * An AnalysisResult with one chart of every kind Loopbook draws (column, stackedColumn, bar, stackedBar, line,
 * pie, doughnut, scatter, combo with a secondary axis — twice, the
 * second shaped like channel performance's), for parity of charts between the Office applier and
 * the .xlsx applier. The numbers are made up; only the shapes matter. The sheet name holds an apostrophe and
 * spaces so every series reference must be quoted (`'Chart kinds O''Neil'!$B$5`).
 */
import type { AnalysisResult } from '../../src/analysis/types.js';

const t = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export function chartKindsResult(): AnalysisResult {
  const regions = [
    { region: 'North', spend: 1200, revenue: 4200, newCustomers: 30, returning: 70, roas: 3.5 },
    { region: 'South', spend: 900, revenue: 1800, newCustomers: 25, returning: 40, roas: 2 },
    { region: '华东', spend: 300, revenue: 3000, newCustomers: 12, returning: 50, roas: 10 },
    // User text that looks like a formula stays text and still serves as a category.
    { region: '=West', spend: 500, revenue: 2400, newCustomers: 18, returning: 22, roas: 4.8 },
  ];
  // 2024-01-01 is Excel serial 45292 (=DATE(2024,1,1)); weeks step by 7.
  const weekly = [0, 1, 2, 3, 4].map((i) => ({ week: 45292 + 7 * i, spend: 100 + 10 * i, revenue: 400 + 25 * i }));
  return {
    kind: 'chart-kinds',
    title: t('Chart kinds', '图表类型'),
    sheetName: t("Chart kinds O'Neil", "图表 O'Neil"),
    question: t('Does every chart kind reach both hosts alike?', '每种图表在两个宿主中是否一致？'),
    figures: [{ key: 'regions', label: t('Regions', '区域'), value: regions.length, kind: 'integer' }],
    tables: [
      {
        name: 'byRegion',
        title: t('By region', '按区域'),
        columns: [
          { key: 'region', label: t('Region', '区域'), kind: 'text' },
          { key: 'spend', label: t('Spend', '花费'), kind: 'currency' },
          { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
          { key: 'newCustomers', label: t('New customers', '新客户'), kind: 'integer' },
          { key: 'returning', label: t('Returning customers', '回头客'), kind: 'integer' },
          { key: 'roas', label: t('ROAS', '回报率'), kind: 'ratio' },
        ],
        rows: regions,
      },
      {
        name: 'weekly',
        title: t('Weekly', '按周'),
        columns: [
          { key: 'week', label: t('Week', '周'), kind: 'date' },
          { key: 'spend', label: t('Spend', '花费'), kind: 'currency' },
          { key: 'revenue', label: t('Revenue', '收入'), kind: 'currency' },
        ],
        rows: weekly,
      },
    ],
    charts: [
      {
        name: 'col',
        title: t('Revenue by region', '各区域收入'),
        kind: 'column',
        table: 'byRegion',
        category: 'region',
        series: ['revenue'],
      },
      {
        name: 'stackCol',
        title: t('Customers by region', '各区域客户'),
        kind: 'stackedColumn',
        table: 'byRegion',
        category: 'region',
        series: ['newCustomers', 'returning'],
      },
      {
        name: 'bar',
        title: t('Spend by region', '各区域花费'),
        kind: 'bar',
        table: 'byRegion',
        category: 'region',
        series: ['spend'],
        maxRows: 3,
      },
      {
        name: 'stackBar',
        title: t('Customers (bars)', '客户（条形）'),
        kind: 'stackedBar',
        table: 'byRegion',
        category: 'region',
        series: ['newCustomers', 'returning'],
      },
      {
        name: 'line',
        title: t('Weekly trend', '每周趋势'),
        kind: 'line',
        table: 'weekly',
        category: 'week',
        series: ['spend', 'revenue'],
      },
      {
        name: 'pie',
        title: t('Share of spend', '花费占比'),
        kind: 'pie',
        table: 'byRegion',
        category: 'region',
        series: ['spend'],
      },
      {
        name: 'donut',
        title: t('Share of revenue', '收入占比'),
        kind: 'doughnut',
        table: 'byRegion',
        category: 'region',
        series: ['revenue'],
      },
      {
        name: 'scatter',
        title: t('Spend vs revenue', '花费与收入'),
        kind: 'scatter',
        table: 'byRegion',
        category: 'spend',
        series: ['revenue'],
      },
      {
        name: 'combo',
        title: t('Spend, revenue and ROAS', '花费、收入与回报率'),
        kind: 'combo',
        table: 'byRegion',
        category: 'region',
        series: ['spend', 'revenue'],
        secondary: ['roas'],
      },
      // The shape channel performance uses: revenue listed as a series and as secondary (a line on the right axis).
      {
        name: 'comboOverlap',
        title: t('Spend and revenue', '花费与收入'),
        kind: 'combo',
        table: 'byRegion',
        category: 'region',
        series: ['spend', 'revenue'],
        secondary: ['revenue'],
      },
    ],
    findings: [
      {
        key: 'east',
        text: t('华东 returns most per unit spent.', '华东每单位花费回报最高。'),
        atStake: null,
        descriptive: true,
      },
    ],
    notes: [],
    diagnostics: [],
  };
}
