/**
 * How analysis options are shown to users (task pane "Options" step): labels, help and choices in English
 * and Chinese. One catalogue keyed by option name, because the analyses share most names (`refunds`,
 * `period`, `alpha` …); an AnalysisDef may add or override entries with its own `optionSpecs`.
 */
import type { I18nText } from '../types.js';

export interface OptionSpec {
  label?: I18nText;
  help?: I18nText;
  choices?: { value: string | number; label: I18nText }[];
  min?: number;
  max?: number;
  step?: number;
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });
const choice = (value: string | number, en: string, zh: string) => ({ value, label: t(en, zh) });

export const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = {
  refunds: {
    label: t('Refunds', '退款'),
    help: t(
      'Net refunds against the orders they refund, or leave refund lines out.',
      '将退款与原订单相抵，或剔除退款行。',
    ),
    choices: [choice('net', 'Net them', '相抵'), choice('exclude', 'Leave them out', '剔除')],
  },
  period: {
    label: t('Period', '周期'),
    choices: [
      choice('auto', 'Automatic', '自动'),
      choice('week', 'Week', '周'),
      choice('month', 'Month', '月'),
      choice('invoices', 'Months the invoices cover', '发票覆盖的月份'),
      choice('all', 'All', '全部'),
    ],
  },
  minShareGap: { label: t('Smallest share gap worth a finding', '值得提示的最小份额差'), min: 0, max: 1, step: 0.01 },
  minStepBase: { label: t('Smallest step base compared', '参与比较的最小基数'), min: 1, step: 1 },
  alpha: {
    label: t('Significance level', '显著性水平'),
    help: t('0.05 gives 95% intervals.', '0.05 对应 95% 置信区间。'),
    min: 0.001,
    max: 0.2,
    step: 0.005,
  },
  srmThreshold: { label: t('Sample-ratio alarm below p', '样本比例告警阈值 p'), min: 0, max: 0.05, step: 0.001 },
  cuped: { label: t('CUPED variance reduction', 'CUPED 方差缩减') },
  bayesian: { label: t('Chance to beat control', '胜过对照的概率') },
  minSegmentSize: { label: t('Smallest segment compared', '参与比较的最小分群'), min: 1, step: 1 },
  maxSegmentValues: { label: t('Most values per segment column', '每个分群列最多取值数'), min: 1, step: 1 },
  targetRelativeLift: { label: t('Lift to detect (power)', '需检测的提升（功效）'), min: 0.001, max: 1, step: 0.01 },
  power: { label: t('Power', '检验功效'), min: 0.5, max: 0.99, step: 0.05 },
  halfLifeDays: { label: t('Time-decay half-life (days)', '时间衰减半衰期（天）'), min: 0.1, step: 1 },
  firstShare: { label: t('Position-based: first touch share', '位置归因：首次触点占比'), min: 0, max: 1, step: 0.05 },
  lastShare: { label: t('Position-based: last touch share', '位置归因：末次触点占比'), min: 0, max: 1, step: 0.05 },
  by: {
    label: t('Credit by', '归因维度'),
    choices: [choice('channel', 'Channel', '渠道'), choice('campaign', 'Campaign', '活动')],
  },
  topPaths: { label: t('Paths listed', '列出的路径数'), min: 1, step: 1 },
  maxLag: { label: t('Longest carry-over (weeks)', '最长滞后（周）'), min: 1, step: 1 },
  minWeeks: { label: t('Fewest weeks for a curve', '拟合曲线的最少周数'), min: 4, step: 1 },
  recentWeeks: { label: t('Recent weeks as the base', '作为基准的近期周数'), min: 1, step: 1 },
  totalBudget: {
    label: t('Weekly budget to allocate', '每周待分配预算'),
    help: t('Empty: the recent weekly spend.', '留空：使用近期每周花费。'),
    min: 0,
  },
  minMultiple: { label: t('Lowest change per channel (× current)', '各渠道最低调整（× 当前）'), min: 0, step: 0.1 },
  maxMultiple: { label: t('Highest change per channel (× current)', '各渠道最高调整（× 当前）'), min: 1, step: 0.1 },
  minR2: { label: t('Smallest fit (R²) trusted', '可信拟合的最小 R²'), min: 0, max: 1, step: 0.05 },
  bootstrap: { label: t('Refits for the range', '区间估计的重抽样次数'), min: 0, step: 10 },
  horizonWeeks: { label: t('Horizon (weeks)', '预测期（周）'), min: 1, step: 1 },
  bins: {
    label: t('Score bins', '评分档数'),
    choices: [choice(5, 'Quintiles (1–5)', '五分位（1–5）'), choice(4, 'Quartiles (1–4)', '四分位（1–4）')],
  },
  frequency: {
    label: t('Frequency counts', '频次统计'),
    choices: [choice('orders', 'Orders', '订单数'), choice('days', 'Purchase days', '购买天数')],
  },
  monetary: {
    label: t('Monetary value', '金额口径'),
    choices: [choice('sum', 'Total spend', '累计金额'), choice('mean', 'Average order', '平均订单金额')],
  },
  segmentMap: {
    label: t('Segment names', '分群规则'),
    help: t(
      "By language: in Chinese the eight classes (R, F and M each above or below the customers' average, as Chinese teams use them), in English the R package rfm's ten segments.",
      '随语言：中文报告用 RFM 八类（R、F、M 分别与客户平均值比较，从重要价值客户到一般挽留客户），英文报告用 R 包 rfm 的十类。',
    ),
    choices: [
      choice('auto', 'By language (eight classes in Chinese)', '随语言（中文用八类）'),
      choice('eight', 'Eight classes (against the averages)', 'RFM 八类（与平均值比较）'),
      choice('rfm', 'R package rfm (ten segments)', 'R 包 rfm（十类）'),
      choice(
        'business',
        'High value / potential / new / churn warning / lost',
        '高价值 / 潜力 / 新客 / 流失预警 / 已流失',
      ),
    ],
  },
  segmentBy: {
    label: t('Segments', '分群依据'),
    choices: [
      choice('business', 'Business segments', '业务分群'),
      choice('rfm', 'RFM segments', 'RFM 分群'),
      choice('lifecycle', 'Lifecycle stage', '生命周期阶段'),
    ],
  },
  segmentBasis: {
    label: t('Segments', '分群依据'),
    choices: [
      choice('business', 'Business segments', '业务分群'),
      choice('rfm', 'RFM segments', 'RFM 分群'),
      choice('lifecycle', 'Lifecycle stage', '生命周期阶段'),
    ],
  },
  maxCustomerRows: { label: t('Most customers listed', '最多列出的客户数'), min: 100, step: 100 },
  newDays: { label: t('New for (days)', '新客期（天）'), min: 1, step: 1 },
  minIntervals: { label: t('Purchases needed for a personal rhythm', '判定个人节奏所需的购买间隔数'), min: 1, step: 1 },
  minWindowDays: { label: t('Shortest window (days)', '最短窗口（天）'), min: 1, step: 1 },
  periods: { label: t('Periods shown', '显示的周期数'), min: 1, step: 1 },
  maxPeriods: { label: t('Periods after first purchase', '首购后的周期数'), min: 1, step: 1 },
  maxCohorts: { label: t('Most recent cohorts', '最近的同期群数'), min: 1, step: 1 },
  secondPurchaseDays: { label: t('Second purchase within (days)', '复购窗口（天）'), min: 1, step: 1 },
  timeUnit: {
    label: t('Model time unit', '模型时间单位'),
    choices: [choice('days', 'Days', '天'), choice('weeks', 'Weeks', '周')],
  },
  horizonMonths: { label: t('Horizon (months)', '预测期（月）'), min: 1, max: 120, step: 1 },
  annualDiscountRate: { label: t('Annual discount rate', '年折现率'), min: 0, max: 1, step: 0.01 },
  margin: {
    label: t('Margin on revenue', '收入毛利率'),
    help: t('1 = value on revenue; 0.3 = on a 30% margin.', '1 = 按收入计价值；0.3 = 按 30% 毛利。'),
    min: 0,
    max: 1,
    step: 0.05,
  },
  holdoutDays: { label: t('Holdout for validation (days)', '验证留出期（天）'), min: 0, step: 1 },
  penalty: { label: t('Fit penalty', '拟合惩罚'), min: 0, step: 0.01 },
  k: {
    label: t('Number of clusters', '聚类数'),
    help: t('Empty: chosen by silhouette.', '留空：按轮廓系数自动选择。'),
    min: 2,
    max: 20,
    step: 1,
  },
  kMin: { label: t('Fewest clusters tried', '尝试的最少聚类数'), min: 2, step: 1 },
  kMax: { label: t('Most clusters tried', '尝试的最多聚类数'), min: 2, max: 20, step: 1 },
  seed: { label: t('Random seed', '随机种子'), step: 1 },
  selectionSample: { label: t('Customers sampled to choose k', '选择聚类数时的抽样客户数'), min: 100, step: 100 },
  bounds: {
    label: t('Per-channel spend bounds', '各渠道花费上下限'),
    help: t('Empty: the lowest and highest change above.', '留空：使用上方的最低和最高调整。'),
  },
  logSkewed: { label: t('Log-scale skewed features', '对偏态特征取对数') },
  toleranceAbs: { label: t('Tolerance (amount)', '容差（金额）'), min: 0, step: 0.01 },
  tolerancePct: { label: t('Tolerance (share)', '容差（比例）'), min: 0, max: 1, step: 0.001 },
  minSimilarity: { label: t('Name similarity to match', '名称匹配相似度'), min: 0.5, max: 1, step: 0.01 },
  amountIncludesTax: { label: t('Invoice amounts include tax', '发票金额含税') },
  flagDuplicates: { label: t('Flag possible duplicate invoices', '标记疑似重复发票') },
  actual: {
    label: t('Actual spend from', '实际花费来源'),
    choices: [choice('platform', 'Platform reports', '平台报表'), choice('invoiced', 'Invoices', '发票')],
  },
  flagThreshold: { label: t('Flag over/under by more than', '超支/欠支提示阈值'), min: 0, max: 1, step: 0.01 },
  sameWindow: { label: t('Orders in the campaign dates only', '仅统计活动期内订单') },
  minInflation: { label: t('Smallest inflation worth a finding', '值得提示的最小虚高比例'), min: 0, step: 0.05 },
  touchColumns: {
    label: t('Compare by', '比较维度'),
    choices: [choice('channel', 'Channel', '渠道'), choice('campaign', 'Campaign', '活动')],
  },
  minSize: { label: t('Smallest group compared', '参与比较的最小组'), min: 1, step: 1 },
  maxSegments: { label: t('Most segments', '最多分群数'), min: 1, step: 1 },
  maxColumns: { label: t('Most campaigns or channels', '最多活动或渠道数'), min: 1, step: 1 },
  volumeShare: { label: t('Volume share that counts as "many"', '视为“量大”的份额倍数'), min: 0, step: 0.1 },
  valueRatio: { label: t('Value ratio that counts as "little"', '视为“价值低”的比例'), min: 0, max: 1, step: 0.05 },
  minCustomers: { label: t('Fewest customers per channel', '每个渠道的最少客户数'), min: 1, step: 1 },
  maxPaybackMonths: { label: t('Longest payback shown (months)', '显示的最长回本期（月）'), min: 1, step: 1 },
  participants: {
    label: t('Participants from', '参与者来源'),
    choices: [choice('touches', 'Touchpoints', '触点'), choice('orders', 'Campaign orders', '活动订单')],
  },
  followDays: { label: t('Window before and after (days)', '前后对比窗口（天）'), min: 7, step: 1 },
  maxWinBack: { label: t('Customers on the win-back list', '挽回名单人数'), min: 0, step: 50 },
};

/** The specs for an analysis's options: the shared catalogue, then the analysis's own entries. */
export function optionSpecsFor(
  defaults: object,
  own?: Readonly<Record<string, OptionSpec>>,
): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  for (const key of Object.keys(defaults)) {
    const spec = own?.[key] ?? OPTION_SPECS[key];
    if (spec) out[key] = spec;
  }
  return out;
}
