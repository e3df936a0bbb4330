/**
 * How analysis options are shown to users (task pane "Options" step): labels, help and choices in English
 * and Chinese, written for a manager rather than a statistician. One catalogue keyed by option name, because
 * the analyses share most names (`refunds`, `period`, `alpha` …); an AnalysisDef adds or overrides fields
 * with its own `optionSpecs` (merged over the catalogue entry), and marks there the two to four options it
 * asks as plain questions (`basic`); every other option sits under "Advanced".
 *
 * An option whose value is an object or a list says how it is edited (`editor`): the pane never shows a
 * JSON box. `editor` only describes the control; the engine checks values against the option's default
 * (src/analysis/common/validate-options.ts), so what a control writes is what the recipe stores.
 */
import type { Role, TableKind } from '../ingest/types.js';
import type { I18nText } from '../types.js';

/** One number or text inside an object, list or table option. */
export interface FieldSpec {
  label: I18nText;
  help?: I18nText;
  /** Default `number`. */
  type?: 'number' | 'text';
  min?: number;
  max?: number;
  step?: number;
  /** Shown and typed as a percentage; the option stores the fraction (25 % → 0.25). */
  percent?: boolean;
  /** May stay empty (the key is then left out). */
  optional?: boolean;
  /** Shown as a hint inside an empty text box. */
  placeholder?: I18nText;
  /** A text must match this (regular expression source); `example` (else the placeholder) is shown when not. */
  pattern?: string;
  example?: string;
}

/** How the pane edits an option whose value's type alone does not say it. */
export type OptionEditor =
  /**
   * Column(s) of the table of kind `table`, by column name; empty = Loopbook finds them (null) or none ([]).
   * `numeric`: number columns only; `skipRoles`: columns with these roles are not offered (an arm is no result).
   */
  | { kind: 'column'; table: TableKind; many?: boolean; numeric?: boolean; skipRoles?: readonly Role[] }
  /** A day, stored as an Excel serial (1900 date system); empty = null. */
  | { kind: 'date' }
  /** An object with exactly these keys. */
  | { kind: 'fields'; fields: Readonly<Record<string, FieldSpec>> }
  /** A list of numbers or texts; with `labels`, a fixed number of entries each with its own label. */
  | { kind: 'list'; item: FieldSpec; labels?: readonly I18nText[] }
  /** Free keys (typed by the user) → one value (`value`) or a few fields each (`fields`); empty = {} or null. */
  | { kind: 'map'; key: FieldSpec; value?: FieldSpec; fields?: Readonly<Record<string, FieldSpec>> }
  /** A list of records with these fields (one row per record). */
  | { kind: 'rows'; fields: Readonly<Record<string, FieldSpec>> }
  /** A text option with common values offered by name and any other value typed (`choices` are suggestions). */
  | { kind: 'choice-or-text'; choices: readonly { value: string; label: I18nText }[]; other: FieldSpec };

export interface OptionSpec {
  label?: I18nText;
  help?: I18nText;
  choices?: { value: string | number; label: I18nText }[];
  min?: number;
  max?: number;
  step?: number;
  /** Shown and typed as a percentage; the option stores the fraction. */
  percent?: boolean;
  /** Asked among the analysis's plain questions; every other option is under "Advanced". */
  basic?: boolean;
  editor?: OptionEditor;
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });
const choice = (value: string | number, en: string, zh: string) => ({ value, label: t(en, zh) });

/** The loop analyses' purchase-history segments (src/analysis/loop/common.ts `BusinessWindows`). */
const LOOP_WINDOWS: OptionSpec = {
  label: t('When a customer counts as new, at risk, lost or high value', '新客、流失预警、已流失与高价值的判定'),
  help: t(
    'Days since the first or last purchase, and the orders that make a customer high value.',
    '按距首次或最近一次购买的天数，以及成为高价值客户所需的订单数来判定。',
  ),
  editor: {
    kind: 'fields',
    fields: {
      newDays: { label: t('New: first purchase within (days)', '新客：首次购买在多少天内'), min: 1, step: 1 },
      atRiskDays: { label: t('At risk: no purchase for (days)', '流失预警：多少天未购买'), min: 1, step: 1 },
      lostDays: { label: t('Lost: no purchase for (days)', '已流失：多少天未购买'), min: 1, step: 1 },
      highValueOrders: { label: t('High value: at least (orders)', '高价值：至少多少笔订单'), min: 1, step: 1 },
    },
  },
};

const SEGMENTS: OptionSpec = {
  label: t('Group customers by', '客户分组方式'),
  choices: [
    choice('business', 'New, high value, at risk, lost …', '新客、高价值、流失预警、已流失等'),
    choice('rfm', 'RFM segments', 'RFM 分群'),
    choice('lifecycle', 'Lifecycle stage', '生命周期阶段'),
  ],
};

const RATES: OptionSpec = {
  label: t('Exchange rates', '汇率'),
  help: t(
    'Only for invoices in another currency when the workbook has no exchange-rate sheet: what one unit of that currency is worth in the report currency, for one month (such as 2025-03) or for all.',
    '仅在发票使用其他币种且工作簿没有汇率表时需要：1 单位该币种折合多少报告币种；可按月填写（如 2025-03），月份留空表示适用于所有月份。',
  ),
  editor: {
    kind: 'rows',
    fields: {
      currency: { label: t('Currency', '币种'), type: 'text', placeholder: t('USD', 'USD'), pattern: '^[A-Za-z]{3}$' },
      rate: { label: t('Rate', '汇率'), min: 0, step: 0.0001 },
      month: {
        label: t('Month', '月份'),
        type: 'text',
        optional: true,
        placeholder: t('All', '全部'),
        pattern: '^\\d{4}-\\d{2}$',
        example: '2025-03',
      },
    },
  },
};

const TEXT_MAP = (key: I18nText, value: I18nText, label: I18nText, help: I18nText): OptionSpec => ({
  label,
  help,
  editor: { kind: 'map', key: { label: key, type: 'text' }, value: { label: value, type: 'text' } },
});

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
    label: t('Compare by', '按什么周期比较'),
    choices: [
      choice('auto', 'Chosen from the data', '根据数据自动选择'),
      choice('week', 'Week', '周'),
      choice('month', 'Month', '月'),
    ],
  },
  minShareGap: {
    label: t(
      'Flag a channel when its share of spend and of results differ by more than',
      '渠道花费占比与成果占比相差超过多少时提示',
    ),
    min: 0,
    max: 1,
    step: 0.01,
    percent: true,
  },
  minStepBase: {
    label: t('Compare a step only when at least this many reach it', '某一步至少有多少人到达才参与比较'),
    min: 1,
    step: 1,
  },
  alpha: {
    label: t('Accepted chance of a false alarm', '可接受的误报概率'),
    help: t(
      '5 % means a difference is called real when we are 95 % sure of it. Lower is stricter.',
      '5% 表示有 95% 的把握才认定差异真实存在；数值越低越严格。',
    ),
    min: 0.001,
    max: 0.2,
    step: 0.005,
    percent: true,
  },
  srmThreshold: {
    label: t('Warn that the groups are unevenly split below this likelihood', '分组人数比例异常的告警线'),
    help: t(
      'A warning that the groups are not the sizes planned, which usually means the split itself went wrong. 0.1 % warns only when such an uneven split would happen by chance less than once in a thousand times.',
      '各组人数与计划比例不符时发出告警，这通常说明分组本身出了问题。0.1% 表示只有当这种偏差纯属偶然的可能性低于千分之一时才告警。',
    ),
    min: 0,
    max: 0.05,
    step: 0.001,
    percent: true,
  },
  cuped: {
    label: t('Use pre-period behaviour to tighten the result', '利用实验前的行为让结果更精确'),
    help: t(
      'Uses what each customer did before the test (a pre-period column) to narrow the range of the lift; the lift itself does not move.',
      '用每位客户实验前的表现（实验前指标列）缩小提升幅度的区间；提升本身不变。',
    ),
  },
  arm: {
    label: t('Column that says which group each customer was in', '标明每位客户所在分组的列'),
    help: t('Empty: the column marked as the group in the Data step.', '留空：使用数据步骤中标为分组的列。'),
    editor: { kind: 'column', table: 'experiment', skipRoles: ['unit_id', 'customer_id', 'outcome', 'covariate'] },
  },
  control: {
    label: t('Name of the control group', '对照组的名称'),
    help: t(
      'As written in the group column. Empty: found from names such as control, holdout or 对照.',
      '按分组列中的写法填写。留空：根据“对照”“对照组”等名称（包括常见的英文写法）自动识别。',
    ),
  },
  metrics: {
    label: t('Results to compare', '要比较的结果指标'),
    help: t(
      'None ticked: every column marked as a result in the Data step.',
      '都不勾选：使用数据步骤中标为结果指标的所有列。',
    ),
    editor: {
      kind: 'column',
      table: 'experiment',
      many: true,
      numeric: true,
      skipRoles: ['arm', 'unit_id', 'covariate'],
    },
  },
  segments: {
    label: t('Columns to break the lift down by', '按哪些列拆分提升效果'),
    help: t('None ticked: every descriptive column with few different values.', '都不勾选：使用所有取值较少的描述列。'),
    editor: {
      kind: 'column',
      table: 'experiment',
      many: true,
      skipRoles: ['arm', 'unit_id', 'customer_id', 'outcome', 'covariate'],
    },
  },
  expectedShares: {
    label: t('Planned share of customers per group', '各组计划的客户占比'),
    help: t(
      'Empty: equal groups. Used only to warn about an uneven split.',
      '留空：各组均分。仅用于检查分组比例是否异常。',
    ),
    editor: {
      kind: 'map',
      key: { label: t('Group', '分组'), type: 'text' },
      value: { label: t('Share', '占比'), min: 0, max: 1, step: 0.05, percent: true },
    },
  },
  unitLabel: {
    label: t('What one row of the experiment is', '实验表中每一行代表什么'),
    help: t('Used in sentences such as “spend per customer”.', '用于“每位客户的消费”这类句子。'),
    editor: {
      kind: 'fields',
      fields: {
        en: { label: t('In English', '英文写法'), type: 'text' },
        'zh-CN': { label: t('In Chinese', '中文写法'), type: 'text' },
      },
    },
  },
  factors: {
    label: t(
      'Customers with a rhythm: slipping after how many of their usual gaps',
      '有固定购买节奏的客户：超过平时间隔的几倍算下滑',
    ),
    help: t(
      'For customers with enough repeat purchases, measured against their own usual time between purchases.',
      '适用于复购次数足够的客户，以其自身平时的购买间隔为准。',
    ),
    editor: {
      kind: 'fields',
      fields: {
        active: { label: t('Still active up to (× usual gap)', '仍算活跃（平时间隔的几倍以内）'), min: 0.1, step: 0.5 },
        atRisk: { label: t('At risk up to (× usual gap)', '有流失风险（平时间隔的几倍以内）'), min: 0.1, step: 0.5 },
        dormant: { label: t('Dormant up to (× usual gap)', '沉睡（平时间隔的几倍以内）'), min: 0.1, step: 0.5 },
      },
    },
  },
  covariate: {
    label: t('Pre-period column', '实验前指标列'),
    help: t('Empty: the column marked as pre-period in the Data step.', '留空：使用数据步骤中标为实验前指标的列。'),
    editor: { kind: 'column', table: 'experiment', numeric: true, skipRoles: ['arm', 'unit_id', 'outcome'] },
  },
  bayesian: {
    label: t('Show the chance that each group beats the control', '显示各组胜过对照组的概率'),
  },
  minSegmentSize: {
    label: t('Show a segment only with at least this many per group', '每组至少多少人才显示该细分人群'),
    min: 1,
    step: 1,
  },
  maxSegmentValues: {
    label: t('Most different values in a segment column', '细分列最多可有多少个不同取值'),
    min: 1,
    step: 1,
  },
  targetRelativeLift: {
    label: t('Smallest lift worth detecting', '希望能检测到的最小提升'),
    help: t(
      'Used to say how many customers a test needs to see a lift this size.',
      '用于估算要发现这么大的提升，实验需要多少客户。',
    ),
    min: 0.001,
    max: 1,
    step: 0.01,
    percent: true,
  },
  power: {
    label: t('Chance of seeing that lift when it is there', '提升确实存在时能发现它的概率'),
    min: 0.5,
    max: 0.99,
    step: 0.05,
    percent: true,
  },
  halfLifeDays: {
    label: t('Days for a touch to lose half its credit', '触点的功劳减半需要多少天'),
    help: t('Used by the time-decay model: older touches get less credit.', '用于时间衰减模型：越早的触点功劳越少。'),
    min: 0.1,
    step: 1,
  },
  firstShare: {
    label: t('Credit to the first touch (position model)', '首次触点获得的功劳（位置模型）'),
    min: 0,
    max: 1,
    step: 0.05,
    percent: true,
  },
  lastShare: {
    label: t('Credit to the last touch (position model)', '最后一次触点获得的功劳（位置模型）'),
    min: 0,
    max: 1,
    step: 0.05,
    percent: true,
  },
  by: {
    label: t('Give credit to', '功劳归到'),
    choices: [choice('channel', 'Channels', '渠道'), choice('campaign', 'Campaigns', '活动')],
  },
  topPaths: { label: t('Customer journeys listed', '列出的客户路径数'), min: 1, step: 1 },
  maxLag: {
    label: t('Weeks an ad keeps working after it runs', '广告投放后持续起作用的周数'),
    min: 1,
    step: 1,
  },
  alphaGrid: {
    label: t('Carry-over rates tried', '尝试的延续效应比例'),
    help: t(
      'Each share of one week’s effect that carries into the next is tried; the best fit is kept.',
      '逐一尝试每周效果延续到下一周的比例，保留拟合最好的一个。',
    ),
    editor: { kind: 'list', item: { label: t('Rate', '比例'), min: 0, max: 0.99, step: 0.1 } },
  },
  minWeeks: {
    label: t('Fewest weeks of data for a channel’s curve', '拟合渠道曲线至少需要多少周数据'),
    min: 4,
    step: 1,
  },
  recentWeeks: {
    label: t('Recent weeks that set today’s spend', '用最近多少周计算当前花费'),
    min: 1,
    step: 1,
  },
  totalBudget: {
    label: t('Weekly budget to split', '每周要分配的预算'),
    help: t('Empty: the recent weekly spend.', '留空：使用近期每周花费。'),
    min: 0,
  },
  minMultiple: {
    label: t('Lowest spend per channel (× today)', '各渠道花费下限（当前的几倍）'),
    min: 0,
    step: 0.1,
  },
  maxMultiple: {
    label: t('Highest spend per channel (× today)', '各渠道花费上限（当前的几倍）'),
    min: 1,
    step: 0.1,
  },
  bounds: {
    label: t('Spend limits for single channels', '单个渠道的花费上下限'),
    help: t(
      'Weekly spend per channel; a channel not listed uses the lowest and highest multiple above.',
      '按渠道填写每周花费；未列出的渠道使用上方的倍数范围。',
    ),
    editor: {
      kind: 'map',
      key: { label: t('Channel', '渠道'), type: 'text' },
      fields: {
        min: { label: t('At least', '至少'), min: 0, optional: true },
        max: { label: t('At most', '至多'), min: 0, optional: true },
      },
    },
  },
  minR2: {
    label: t('Smallest R² for a channel’s curve to be trusted', '渠道曲线可信所需的最小 R²'),
    help: t(
      'How much of the week-to-week change the curve explains (0 to 1); below it the channel keeps its spend.',
      '曲线能解释的每周波动比例（0 到 1）；低于此值的渠道维持当前花费。',
    ),
    min: 0,
    max: 1,
    step: 0.05,
  },
  bootstrap: {
    label: t('Refits used for the likely range', '估算可能区间时的重算次数'),
    help: t(
      'More refits give a steadier range and take longer; 0 gives no range.',
      '次数越多区间越稳定，但耗时更长；0 表示不给区间。',
    ),
    min: 0,
    step: 10,
  },
  seed: {
    label: t('Starting number for the random draws', '随机抽样的起始数'),
    help: t(
      'Keeps results identical from run to run. Change it only to check that a result does not depend on chance.',
      '让每次运行的结果完全相同。仅在想确认结果不受偶然因素影响时才需要修改。',
    ),
    step: 1,
  },
  horizonWeeks: { label: t('Weeks over which to state the gain', '按多少周计算预期收益'), min: 1, step: 1 },
  bins: {
    label: t('Score scale', '评分档位'),
    choices: [
      choice(5, '1 to 5 (fifths)', '1 到 5 分（五等分）'),
      choice(4, '1 to 4 (quarters)', '1 到 4 分（四等分）'),
    ],
  },
  frequency: {
    label: t('Count how often a customer buys in', '购买频次的计算方式'),
    choices: [choice('orders', 'Orders', '订单数'), choice('days', 'Days with a purchase', '有购买的天数')],
  },
  monetary: {
    label: t('Value a customer by', '客户价值的计算方式'),
    choices: [choice('sum', 'Total spend', '累计金额'), choice('mean', 'Average order', '平均订单金额')],
  },
  segmentMap: {
    label: t('Segment names', '分群方式'),
    help: t(
      "By language: in Chinese the eight classes (recency, frequency and value each above or below the customers' average), in English the ten segments common in English-language reports.",
      '随报告语言而定：中文报告用 RFM 八类（最近一次消费时间、消费频率、消费金额分别与客户平均值比较，从重要价值客户到一般挽留客户），英文报告用英文报告常见的十类细分。',
    ),
    choices: [
      choice('auto', 'By language (eight classes in Chinese)', '随语言（中文用八类）'),
      choice('eight', 'Eight classes (against the averages)', 'RFM 八类（与平均值比较）'),
      choice('rfm', 'Ten segments (Champions, Loyal …)', '十类细分（英文报告常用）'),
      choice(
        'business',
        'High value / potential / new / churn warning / lost',
        '高价值 / 潜力 / 新客 / 流失预警 / 已流失',
      ),
    ],
  },
  business: {
    label: t('Rules for the five business segments', '五类业务分群的规则'),
    help: t(
      'Scores run from 1 (worst) to the top of the score scale; the first rule that fits decides.',
      '评分从 1 分（最差）到评分档位的最高分；按顺序套用，先符合哪条就归入哪类。',
    ),
    editor: {
      kind: 'fields',
      fields: {
        lostMaxR: { label: t('Lost: recency score at most', '已流失：最近购买评分不高于'), min: 1, max: 5, step: 1 },
        warningMaxR: {
          label: t('Churn warning: recency score at most', '流失预警：最近购买评分不高于'),
          min: 1,
          max: 5,
          step: 1,
        },
        newMaxOrders: { label: t('New: orders at most', '新客：订单数不超过'), min: 1, step: 1 },
        highMinF: {
          label: t('High value: frequency score at least', '高价值：购买频次评分不低于'),
          min: 1,
          max: 5,
          step: 1,
        },
        highMinM: {
          label: t('High value: spend score at least', '高价值：消费金额评分不低于'),
          min: 1,
          max: 5,
          step: 1,
        },
      },
    },
  },
  segmentBy: SEGMENTS,
  segmentBasis: SEGMENTS,
  windows: LOOP_WINDOWS,
  maxCustomerRows: { label: t('Most customers listed on the sheet', '结果表最多列出的客户数'), min: 100, step: 100 },
  newDays: {
    label: t('Days a customer stays new after the first purchase', '首次购买后多少天内算新客'),
    min: 1,
    step: 1,
  },
  minIntervals: {
    label: t('Repeat purchases needed to judge a customer by their own rhythm', '按客户自身购买节奏判断所需的复购次数'),
    min: 1,
    step: 1,
  },
  minWindowDays: {
    label: t('Shortest time without a purchase before a customer slips (days)', '判定客户下滑前至少间隔多少天'),
    min: 1,
    step: 1,
  },
  periods: { label: t('Periods shown', '显示的周期数'), min: 1, step: 1 },
  maxPeriods: { label: t('Periods followed after the first purchase', '首购后跟踪的周期数'), min: 1, step: 1 },
  maxCohorts: { label: t('Most recent groups of new customers shown', '显示最近多少批新客户'), min: 1, step: 1 },
  secondPurchaseDays: {
    label: t('A second purchase counts within (days)', '多少天内的再次购买算作复购'),
    min: 1,
    step: 1,
  },
  timeUnit: {
    label: t('Count time in', '时间单位'),
    help: t('Weeks suit most shops; days suit very frequent buyers.', '大多数店铺用周即可；购买非常频繁时用天。'),
    choices: [choice('days', 'Days', '天'), choice('weeks', 'Weeks', '周')],
  },
  horizonMonths: { label: t('Months ahead to value', '预测未来多少个月的价值'), min: 1, max: 120, step: 1 },
  annualDiscountRate: {
    label: t('Yearly discount on future money', '未来收入的年折现率'),
    help: t(
      'Money later is worth less than money now; 10 % a year is common.',
      '未来的钱不如现在的钱值钱；常用每年 10%。',
    ),
    min: 0,
    max: 1,
    step: 0.01,
    percent: true,
  },
  margin: {
    label: t('Share of revenue that is profit', '收入中利润的占比'),
    help: t(
      '100 % values customers on revenue; 30 % on a 30 % margin.',
      '100% 表示按收入计算价值；30% 表示按 30% 的毛利计算。',
    ),
    min: 0,
    max: 1,
    step: 0.05,
    percent: true,
  },
  holdoutDays: {
    label: t('Last days held back to test the forecast', '留出最后多少天检验预测'),
    help: t(
      '0: use all data. With 90, the model learns without the last 90 days and is checked on them.',
      '0：使用全部数据。填 90 则模型不看最后 90 天，再用这 90 天检验预测。',
    ),
    min: 0,
    step: 1,
  },
  penalty: {
    label: t('Smoothing of the model', '模型平滑程度'),
    help: t(
      '0: none. A small value (0.01) steadies the model on little data.',
      '0：不平滑。数据很少时设一个小值（如 0.01）能让模型更稳定。',
    ),
    min: 0,
    step: 0.01,
  },
  riskTiers: {
    label: t('When a customer is at high or medium risk', '高风险与中风险的判定'),
    help: t('By the chance that the customer still buys.', '依据客户仍会继续购买的概率。'),
    editor: {
      kind: 'fields',
      fields: {
        high: {
          label: t('High risk: chance still buying below', '高风险：仍会购买的概率低于'),
          min: 0,
          max: 1,
          step: 0.05,
          percent: true,
        },
        medium: {
          label: t('Medium risk: chance still buying below', '中风险：仍会购买的概率低于'),
          min: 0,
          max: 1,
          step: 0.05,
          percent: true,
        },
      },
    },
  },
  k: {
    label: t('Number of groups', '分成几组'),
    help: t(
      'Empty: Loopbook picks the number that separates customers best.',
      '留空：由 Loopbook 选择最能区分客户的组数。',
    ),
    min: 2,
    max: 20,
    step: 1,
  },
  features: {
    label: t('Group customers by', '按哪些特征分组'),
    choices: [
      choice('recency', 'Days since last purchase', '距上次购买天数'),
      choice('frequency', 'Orders', '订单数'),
      choice('monetary', 'Revenue', '收入'),
      choice('tenure', 'Days since first purchase', '距首次购买天数'),
      choice('aov', 'Average order value', '平均订单金额'),
      choice('clv', 'Predicted value (CLV)', '预测价值（CLV）'),
    ],
  },
  attributes: {
    label: t('Also use these customer columns', '同时使用这些客户列'),
    help: t('Numeric columns of the customers table.', '客户表中的数值列。'),
    editor: { kind: 'column', table: 'customers', many: true, numeric: true },
  },
  kMin: { label: t('Fewest groups tried', '最少尝试分成几组'), min: 2, step: 1 },
  kMax: { label: t('Most groups tried', '最多尝试分成几组'), min: 2, max: 20, step: 1 },
  selectionSample: {
    label: t('Customers sampled to pick the number of groups', '选择组数时抽样的客户数'),
    min: 100,
    step: 100,
  },
  logSkewed: {
    label: t('Soften a few very large values', '弱化少数特别大的数值'),
    help: t('So that a handful of big spenders do not form groups on their own.', '避免少数大额客户单独成组。'),
  },
  toleranceAbs: { label: t('Accept differences up to (amount)', '可接受的差额（金额）'), min: 0, step: 0.01 },
  tolerancePct: {
    label: t('…or up to (share of the amount)', '……或可接受的差额（占金额比例）'),
    min: 0,
    max: 1,
    step: 0.001,
    percent: true,
  },
  minSimilarity: {
    label: t('How alike two names must be to match', '名称相似到什么程度才算匹配'),
    help: t(
      '100 %: identical. Lower matches more loosely written names.',
      '100% 表示完全相同；越低越能匹配写法不同的名称。',
    ),
    min: 0.5,
    max: 1,
    step: 0.01,
    percent: true,
  },
  rates: RATES,
  vendorChannels: TEXT_MAP(
    t('Vendor or invoice channel', '供应商或发票渠道'),
    t('Channel', '渠道'),
    t('Vendors’ channels', '供应商对应的渠道'),
    t('Only for vendors whose channel Loopbook cannot tell from the name.', '仅用于无法从名称判断渠道的供应商。'),
  ),
  aliases: TEXT_MAP(
    t('Invoice reference', '发票引用'),
    t('Campaign name', '活动名称'),
    t('Invoice references that name a campaign differently', '与活动名称写法不同的发票引用'),
    t(
      'For names no rule can match, e.g. a Chinese reference for an English campaign name.',
      '用于无法自动匹配的名称，例如英文活动名对应的中文发票引用。',
    ),
  ),
  amountIncludesTax: { label: t('Invoice amounts include tax', '发票金额含税') },
  flagDuplicates: { label: t('Set aside possible duplicate invoices', '标出疑似重复的发票') },
  actual: {
    label: t('Count actual spend from', '实际花费的来源'),
    choices: [choice('platform', 'Platform reports', '平台报表'), choice('invoiced', 'Invoices', '发票')],
  },
  flagThreshold: {
    label: t('Flag a month over or under budget by more than', '超出或低于预算多少时提示'),
    min: 0,
    max: 1,
    step: 0.01,
    percent: true,
  },
  excludeStatuses: {
    label: t('Further order statuses that are not real revenue', '其他不计入真实收入的订单状态'),
    help: t('Cancelled, refunded and open orders are always left out.', '已取消、已退款和未完成的订单始终不计入。'),
    editor: { kind: 'list', item: { label: t('Status', '状态'), type: 'text' } },
  },
  sameWindow: { label: t('Count only orders in the campaign dates', '只统计活动期间的订单') },
  minInflation: {
    label: t('Flag platform revenue above real revenue by more than', '平台报告收入高出真实收入多少时提示'),
    min: 0,
    step: 0.05,
    percent: true,
  },
  channelMap: TEXT_MAP(
    t('Channel in the orders', '订单中的渠道'),
    t('Channel on the platform', '平台上的渠道'),
    t('Order channels that the platforms name differently', '与平台名称写法不同的订单渠道'),
    t('For names no rule can match.', '用于无法自动匹配的名称。'),
  ),
  touchColumns: {
    label: t('Compare responses by', '按什么比较响应'),
    choices: [choice('channel', 'Channel', '渠道'), choice('campaign', 'Campaign', '活动')],
  },
  experimentStart: {
    label: t('Experiment start', '实验开始日期'),
    help: t(
      'Given: customers are grouped by their purchases before this day. Empty: by the experiment sheet’s own segment column.',
      '填写后按此日期之前的购买记录给客户分组；留空则使用实验表自带的分群列。',
    ),
    editor: { kind: 'date' },
  },
  experimentSegment: {
    label: t('Segment column of the experiment sheet', '实验表的分群列'),
    help: t('Empty: its first column with few different values.', '留空：使用其中第一个取值较少的列。'),
    editor: {
      kind: 'column',
      table: 'experiment',
      skipRoles: ['unit_id', 'customer_id', 'arm', 'outcome', 'covariate'],
    },
  },
  minSize: { label: t('Smallest group compared (customers)', '参与比较的最小组（客户数）'), min: 1, step: 1 },
  maxSegments: { label: t('Most segments', '最多分群数'), min: 1, step: 1 },
  maxColumns: { label: t('Most campaigns or channels compared', '最多比较多少个活动或渠道'), min: 1, step: 1 },
  retentionDays: {
    label: t('Count repeat buyers within (days)', '在多少天内再次购买算复购'),
    editor: {
      kind: 'list',
      item: { label: t('Days', '天数'), min: 1, step: 1 },
      labels: [t('First window (days)', '第一个窗口（天）'), t('Second window (days)', '第二个窗口（天）')],
    },
  },
  volumeShare: {
    label: t(
      'A channel brings “many” new customers from this multiple of an even share',
      '渠道新客数达到平均份额的多少倍算“量大”',
    ),
    min: 0,
    step: 0.1,
  },
  valueRatio: {
    label: t(
      '…and “little” value below this share of the other channels’ value',
      '……且价值低于其他渠道的多少算“价值低”',
    ),
    min: 0,
    max: 1,
    step: 0.05,
    percent: true,
  },
  minCustomers: {
    label: t('Fewest new customers for a channel to be judged', '渠道至少有多少新客才参与评估'),
    min: 1,
    step: 1,
  },
  maxPaybackMonths: { label: t('Longest payback shown (months)', '显示的最长回本期（月）'), min: 1, step: 1 },
  participants: {
    label: t('Who took part', '哪些客户算参与者'),
    choices: [
      choice('touches', 'Customers the campaign reached', '活动触达的客户'),
      choice('orders', 'Customers who bought through the campaign', '通过活动下单的客户'),
    ],
  },
  campaign: {
    label: t('Which campaign or channel', '哪个活动或渠道'),
    help: t(
      'Its name as in the data. Empty: any touch counts (for orders, the campaign with most buyers).',
      '填写数据中的名称。留空：任何触达都算（按订单时取购买人数最多的活动）。',
    ),
  },
  start: {
    label: t('Campaign start', '活动开始日期'),
    help: t('Empty: the first touch (or campaign order).', '留空：使用第一次触达（或活动订单）的日期。'),
    editor: { kind: 'date' },
  },
  end: {
    label: t('Campaign end', '活动结束日期'),
    help: t('Empty: the last touch (or campaign order).', '留空：使用最后一次触达（或活动订单）的日期。'),
    editor: { kind: 'date' },
  },
  followDays: {
    label: t('Days compared before and after', '活动前后各比较多少天'),
    min: 7,
    step: 1,
  },
  maxWinBack: { label: t('Customers on the win-back list', '挽回名单的客户数'), min: 0, step: 50 },
};

/**
 * The specs for an analysis's options: the shared catalogue entry, with the analysis's own fields over it.
 * The analysis's own entries come first, in its order (the order the pane asks its questions in).
 */
export function optionSpecsFor(
  defaults: object,
  own?: Readonly<Record<string, OptionSpec>>,
): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  const keys = Object.keys(defaults);
  for (const key of [...Object.keys(own ?? {}).filter((k) => keys.includes(k)), ...keys]) {
    if (key in out) continue;
    const shared = OPTION_SPECS[key];
    const mine = own?.[key];
    if (shared || mine) out[key] = { ...shared, ...mine };
  }
  return out;
}
