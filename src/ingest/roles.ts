/**
 * Column roles and the table kind: proposed from header names (English and Chinese) and, where no
 * header speaks, from the values (a lone date column, a money column, a column with few distinct
 * values). Every proposal carries a confidence 0..1; the user confirms.
 */
import type { AmbiguousRole, ColumnType, Role, TableKind } from './types.js';
import { TABLE_KINDS } from './types.js';
import { headerWords, isRatioHeader } from './header-hints.js';

/** What role proposal needs to know about a column. */
export interface RoleColumn {
  header: string;
  type: ColumnType;
  /** Distinct non-null values, counted up to 101 (string columns only). */
  distinct?: number;
  /** A few distinct values (string columns), lower-cased, for value-based hints. */
  sampleValues?: string[];
}

export interface RoleAssignment {
  role: Role | null;
  confidence: number;
}

export interface KindProposal {
  kind: TableKind;
  score: number;
  roles: RoleAssignment[];
  /** Required role groups with no column, e.g. `['amount']`. */
  missing: Role[][];
  /**
   * Money roles where another column's header fits as well (within 0.15) or where the value-based fallback had
   * more than one column to choose from: the values must settle which is which (money-columns.ts).
   */
  rivals: { role: Role; chosen: number; other: number; why: AmbiguousRole['reason'] }[];
  /** Orders without an amount column: amount = quantity × unit price (column indexes). */
  deriveAmount?: { quantity: number; unitPrice: number; confidence: number };
}

const ID: readonly ColumnType[] = ['identifier', 'text', 'integer', 'category'];
const DATE: readonly ColumnType[] = ['date', 'datetime'];
const MONEY: readonly ColumnType[] = ['number', 'currency', 'integer'];
const COUNT: readonly ColumnType[] = ['integer', 'number'];
const LABEL: readonly ColumnType[] = ['category', 'text', 'identifier'];
const FLAG: readonly ColumnType[] = ['boolean', 'integer'];
const OUTCOME: readonly ColumnType[] = ['integer', 'number', 'currency', 'boolean', 'percent'];
const COVARIATE: readonly ColumnType[] = ['integer', 'number', 'currency', 'percent', 'category', 'boolean'];
const PERIOD: readonly ColumnType[] = ['date', 'datetime', 'category', 'text', 'integer', 'identifier'];

interface Rule {
  role: Role;
  kinds: readonly TableKind[] | 'all';
  /** On the header's lower-case words (`customer id`). */
  en?: RegExp;
  /** On the raw header without spaces (`客户ID`). */
  zh?: RegExp;
  score: number;
  types: readonly ColumnType[];
}

const CUSTOMER_KINDS: readonly TableKind[] = ['orders', 'customers', 'touchpoints'];
const CUST = '(customer|cust|client|user|member|buyer|shopper|account|subscriber|visitor|contact)s?';
const IDW = '(id|no|nr|num|number|code|key|#)';

const RULES: Rule[] = [
  // customers and units
  {
    role: 'customer_id',
    kinds: CUSTOMER_KINDS,
    en: new RegExp(`^${CUST} ?${IDW}$`),
    zh: /^(客户|用户|会员|买家|顾客)(id|编号|号|代码|账号|编码)$/i,
    score: 0.95,
    types: ID,
  },
  {
    role: 'customer_id',
    kinds: CUSTOMER_KINDS,
    en: new RegExp(`^${CUST}( name)?$`),
    zh: /^(客户|用户|会员|买家|顾客)(名称|姓名|名)?$|^(买家|客户|用户)?(会员名|昵称|用户名)$/,
    score: 0.75,
    types: ID,
  },
  {
    role: 'customer_id',
    kinds: CUSTOMER_KINDS,
    en: new RegExp(`\\b${CUST}\\b.*\\b${IDW}$`),
    zh: /(客户|用户|会员|买家|顾客).*(id|编号)/i,
    score: 0.8,
    types: ID,
  },
  {
    role: 'unit_id',
    kinds: ['experiment'],
    en: new RegExp(`^(${CUST} ?${IDW}?|id|unit|unit id|uid|participant( id)?)$`),
    zh: /^(客户|用户|会员)(id|编号)?$|^id$/i,
    score: 0.9,
    types: ID,
  },
  // orders
  {
    role: 'order_id',
    kinds: ['orders'],
    en: new RegExp(`^(order|transaction|txn|invoice|receipt|purchase|sale|sales|basket|ticket) ?${IDW}$`),
    zh: /(订单|交易|流水|小票|销售单|单)(号|编号|id|号码)$/i,
    score: 0.95,
    types: ID,
  },
  { role: 'order_id', kinds: ['orders'], en: /^(order|invoice|transaction)$/, zh: /^订单$/, score: 0.6, types: ID },
  {
    role: 'date',
    kinds: ['orders'],
    en: /^(order|purchase|transaction|txn|invoice|sale|sales|payment|paid|booking|checkout) ?(date|time|datetime|at|timestamp|day|dt)$/,
    zh: /(下单|订单|购买|交易|支付|付款|成交|销售)(创建|提交|生成)?(日期|时间)/,
    score: 0.95,
    types: DATE,
  },
  {
    role: 'date',
    kinds: ['orders', 'campaigns', 'budget'],
    en: /^(date|day|datetime|time|timestamp|dt)$/,
    zh: /^(日期|时间|日)$/,
    score: 0.85,
    types: DATE,
  },
  {
    role: 'date',
    kinds: ['orders', 'campaigns'],
    en: /\b(date|time|datetime|timestamp)\b/,
    zh: /日期|时间/,
    score: 0.55,
    types: DATE,
  },
  {
    role: 'amount',
    kinds: ['orders'],
    en: /^(order |sales |sale |net |gross |total |paid |payment |transaction |line )?(amount|amt|revenue|sales|value|total|gmv|turnover|paid|payment)( paid| usd| eur| cny| rmb)?$/,
    zh: /金额|实付|销售额|收入|营收|成交额|付款|支付额|总价|总额|gmv/i,
    score: 0.9,
    types: MONEY,
  },
  {
    role: 'amount',
    kinds: ['orders'],
    en: /\b(amount|revenue|sales|value|dollars?|spend|spent)\b/,
    score: 0.7,
    types: MONEY,
  },
  {
    role: 'refunded_amount',
    kinds: ['orders'],
    en: /\b(refunded amount|refund amount|amount refunded|refunds?|refunded|refund total|total refunded)\b/,
    zh: /退款金额|退款额|已退款|退款/,
    score: 0.95,
    types: MONEY,
  },
  {
    role: 'quantity',
    kinds: ['orders'],
    en: /^(quantity|qty|units|unit count|pieces|pcs|items|item count|count|volume)$|\b(quantity|qty)\b|^(number|num|no) of\b/,
    zh: /数量|件数|个数|销量|购买量/,
    score: 0.85,
    types: COUNT,
  },
  {
    role: 'unit_price',
    kinds: ['orders'],
    en: /\b(unit ?price|price|unit cost|list price|sale price|price each)\b/,
    zh: /单价|价格|售价/,
    score: 0.9,
    types: MONEY,
  },
  { role: 'status', kinds: ['orders'], en: /\b(status|state|order status)\b/, zh: /状态/, score: 0.85, types: LABEL },
  // shared labels
  {
    role: 'channel',
    kinds: ['orders', 'campaigns', 'touchpoints', 'invoices', 'budget'],
    en: /\b(channel|source|medium|platform|media|utm source|utm medium|traffic source|network)\b/,
    zh: /渠道|来源|平台|媒体|媒介/,
    score: 0.85,
    types: LABEL,
  },
  {
    role: 'campaign',
    kinds: ['orders', 'campaigns', 'touchpoints'],
    en: /\b(campaign|campaigns|ad group|adgroup|promotion|promo|initiative)\b/,
    zh: /活动|广告系列|推广计划|计划名称|营销活动/,
    score: 0.9,
    types: LABEL,
  },
  // customers
  {
    role: 'signup_date',
    kinds: ['customers'],
    en: /\b(signup|sign up|registration|registered|register|join|joined|joining|created|first order|first purchase|acquisition|acquired|since|start)\b/,
    zh: /注册|入会|加入|开户|首次购买|首单|创建/,
    score: 0.9,
    types: DATE,
  },
  {
    role: 'acquisition_channel',
    kinds: ['customers'],
    en: /\b(acquisition|signup|registration|source|channel|referrer|referral)\b/,
    zh: /获客|注册渠道|来源|渠道/,
    score: 0.85,
    types: LABEL,
  },
  // campaign performance
  {
    role: 'spend',
    kinds: ['campaigns'],
    en: /\b(spend|spent|cost|costs|ad spend|media cost|expense|expenses|investment)\b/,
    zh: /花费|消耗|费用|成本|投放金额|消费|支出|投入/,
    score: 0.9,
    types: MONEY,
  },
  {
    role: 'cost_per_result',
    kinds: ['campaigns'],
    en: /\b(cost per|cpc|cpm|cpa|cpl|cpv|cpi|ecpm|ecpc)\b|^(avg |average )?cost (conv|convs|conversion|click|result|results|purchase|lead)\b/,
    zh: /(转化|点击|展现|展示|曝光|线索|激活|下单|付费|注册|订单|成交|获客|结果)(成本|费用|花费)|平均.*(价格|单价|费用|成本|消耗|花费)|(点击|转化|展现)(单价|均价)|千次.*(费用|成本|消耗|花费)|单次.*(成本|费用)/,
    score: 0.95,
    types: MONEY,
  },
  {
    role: 'budget',
    kinds: ['campaigns'],
    en: /\b(budget|budgets|daily budget|lifetime budget|campaign budget)\b/,
    zh: /预算/,
    score: 0.9,
    types: MONEY,
  },
  {
    role: 'impressions',
    kinds: ['campaigns'],
    en: /\b(impressions?|impr|imps|views)\b/,
    zh: /曝光|展现|展示|浏览量|阅读/,
    score: 0.9,
    types: COUNT,
  },
  // Reach counts people, impressions count showings: never the same role.
  {
    role: 'reach',
    kinds: ['campaigns'],
    en: /\b(reach|unique reach|people reached|accounts reached)\b/,
    zh: /覆盖人数|触达人数|覆盖用户|到达人数|触达|覆盖/,
    score: 0.9,
    types: COUNT,
  },
  {
    role: 'clicks',
    kinds: ['campaigns'],
    en: /\b(clicks?|click throughs?|link clicks)\b/,
    zh: /点击/,
    score: 0.9,
    types: COUNT,
  },
  // "All conv." and view-through conversions count more than the conversions a report means.
  {
    role: 'conversions',
    kinds: ['campaigns'],
    en: /^(?!all |view through )(?!.*\b(value|values|amount|cost)\b)(.*\b)?(conversions?|conv|convs|orders|purchases|leads|signups|acquisitions)\b/,
    zh: /^(?!.*(价值|金额)).*(转化|订单数|成交数|线索|下单数)/,
    score: 0.85,
    types: COUNT,
  },
  { role: 'conversions', kinds: ['campaigns'], en: /^(all conv|all conversions)\b/, score: 0.5, types: COUNT },
  // Meta's "Results" are whatever the objective counts (reach, clicks, purchases): a weaker hint, checked
  // against the result type in money-columns.ts.
  { role: 'conversions', kinds: ['campaigns'], en: /^results?$/, zh: /^成果$|^结果$/, score: 0.6, types: COUNT },
  {
    role: 'revenue',
    kinds: ['campaigns'],
    en: /\b(revenue|sales|gmv|income)\b/,
    zh: /收入|销售额|成交金额|营收|gmv|成交额|支付金额|订单金额/i,
    score: 0.9,
    types: MONEY,
  },
  {
    role: 'revenue',
    kinds: ['campaigns'],
    en: /^(?!all )(.*\b)?(conv value|conversion value|conversions value|purchase value|purchases value)\b/,
    zh: /转化价值|转化金额|购买价值/,
    score: 0.85,
    types: MONEY,
  },
  { role: 'revenue', kinds: ['campaigns'], en: /^all conv(ersions)? value\b/, score: 0.5, types: MONEY },
  {
    role: 'period_start',
    kinds: ['campaigns', 'invoices'],
    en: /\b(start|starts|from|begin|begins|starting)\b/,
    zh: /开始|起始/,
    score: 0.85,
    types: DATE,
  },
  {
    role: 'period_end',
    kinds: ['campaigns', 'invoices'],
    en: /\b(end|ends|to|until|finish|ending)\b/,
    zh: /结束|截止/,
    score: 0.85,
    types: DATE,
  },
  {
    role: 'date',
    kinds: ['campaigns'],
    en: /^(week|month|report date|reporting date|stat date)$/,
    zh: /^(周|月份|月|统计日期|报表日期)$/,
    score: 0.8,
    types: DATE,
  },
  // touchpoints
  {
    role: 'timestamp',
    kinds: ['touchpoints'],
    en: /\b(timestamp|event time|time|datetime|date|occurred|ts|visit time|click time)\b/,
    zh: /时间|日期|时间戳|时刻/,
    score: 0.9,
    types: DATE,
  },
  {
    role: 'event',
    kinds: ['touchpoints'],
    en: /\b(event|action|touchpoint|touch|interaction|activity|event type|type)\b/,
    zh: /事件|行为|动作|触点|类型/,
    score: 0.85,
    types: LABEL,
  },
  {
    role: 'converted',
    kinds: ['touchpoints'],
    en: /\b(converted|conversion|is converted|purchased|converted flag)\b/,
    zh: /是否转化|转化|是否购买|是否成交/,
    score: 0.85,
    types: FLAG,
  },
  {
    role: 'value',
    kinds: ['touchpoints'],
    en: /\b(value|revenue|amount|conversion value)\b/,
    zh: /价值|金额|收入/,
    score: 0.85,
    types: MONEY,
  },
  // experiment
  {
    role: 'arm',
    kinds: ['experiment'],
    en: /\b(arm|group|variant|variation|treatment|test group|cell|bucket|version|segment|assignment)\b/,
    zh: /组别|分组|实验组|版本|策略|组$/,
    score: 0.85,
    types: LABEL,
  },
  {
    role: 'outcome',
    kinds: ['experiment'],
    en: /\b(outcome|visit|visits|visited|conversion|converted|convert|spend|revenue|purchase|purchased|response|responded|clicked|click|result|sales)\b/,
    zh: /结果|转化|访问|消费|收入|购买|响应|点击/,
    score: 0.8,
    types: OUTCOME,
  },
  // A pre-period measure ("pre_spend_90d", "历史消费") is a covariate even though it names an outcome metric.
  {
    role: 'covariate',
    kinds: ['experiment'],
    en: /^(pre|prior|previous|past|baseline|history|historical)\b/,
    zh: /^(历史|前期|基线|之前|上期|实验前)/,
    score: 0.9,
    types: COVARIATE,
  },
  {
    role: 'covariate',
    kinds: ['experiment'],
    en: /\b(pre|prior|history|historical|baseline|recency|tenure|age|previous|past|last)\b/,
    zh: /历史|前期|基线|之前|上期/,
    score: 0.6,
    types: COVARIATE,
  },
  // invoices / ledger
  {
    role: 'vendor',
    kinds: ['invoices'],
    en: /\b(vendor|supplier|payee|agency|publisher|merchant|provider|seller)\b/,
    zh: /供应商|收款方|代理|服务商|商户|媒体/,
    score: 0.9,
    types: LABEL,
  },
  {
    role: 'campaign_ref',
    kinds: ['invoices'],
    en: /\b(campaign|po|purchase order|project|job)\b/,
    zh: /活动|项目|订单号|采购单/,
    score: 0.85,
    types: LABEL,
  },
  {
    role: 'invoice_id',
    kinds: ['invoices'],
    en: /\b(invoice|bill|voucher) ?(id|no|nr|num|number|#)\b/,
    zh: /发票号|发票编号|发票号码|单据号|凭证号/,
    score: 0.95,
    types: ID,
  },
  {
    role: 'invoice_date',
    kinds: ['invoices'],
    en: /\b(invoice|bill|billing|voucher|posting) ?(date|time)\b|^date$/,
    zh: /开票日期|发票日期|开票时间|记账日期|^日期$/,
    score: 0.9,
    types: DATE,
  },
  {
    role: 'description',
    kinds: ['invoices'],
    en: /\b(description|desc|memo|note|notes|remark|remarks|details|narrative|item)\b/,
    zh: /摘要|说明|描述|备注|内容|明细/,
    score: 0.8,
    types: ['text', 'category', 'identifier'],
  },
  {
    role: 'currency',
    kinds: ['invoices', 'campaigns', 'budget', 'fx_rates'],
    en: /^(currency|ccy|cur|currency code)$/,
    zh: /币种|货币/,
    score: 0.95,
    types: ['category', 'text', 'identifier'],
  },
  { role: 'tax', kinds: ['invoices'], en: /\b(tax|vat|gst)\b/, zh: /税/, score: 0.9, types: MONEY },
  {
    role: 'amount',
    kinds: ['invoices'],
    en: /\b(amount|total|net|gross|sum|invoice amount|value)\b/,
    zh: /金额|价税合计|总额|合计/,
    score: 0.85,
    types: MONEY,
  },
  {
    role: 'period',
    kinds: ['invoices', 'budget'],
    en: /^(period|month|quarter|year|week|fiscal period|fiscal month|budget period)$/,
    zh: /期间|月份|^月$|季度|年度|^周$/,
    score: 0.9,
    types: PERIOD,
  },
  // A ledger's service period in one column (`Service period` = `2024-06-01 to 2024-06-30`): the months it pays for.
  {
    role: 'period',
    kinds: ['invoices'],
    en: /^(service|services|billing|billed|coverage|delivery) ?(period|month|months)$/,
    zh: /^(服务|计费|结算)(期间|期|月份)$|^账期$/,
    score: 0.9,
    types: PERIOD,
  },
  // fx_rates: `Rate to CNY`, `FX rate`, `Exchange rate`, `汇率`, `兑人民币汇率`; a lone `Rate` only beside a currency
  {
    role: 'rate',
    kinds: ['fx_rates'],
    en: /^((fx|exchange|conversion|currency|average|avg|closing|month end|monthly)( exchange)? )?rates?( to [a-z]{3}| in [a-z]{3}| \([a-z]{3}\))?$|^(fx|exchange rate|[a-z]{3} per unit)$/,
    zh: /汇率|折算率|兑人民币/,
    score: 0.95,
    types: ['number', 'integer'],
  },
  {
    role: 'period',
    kinds: ['fx_rates'],
    en: /^(month|period|date|effective month|rate month|as of|valid for)$/,
    zh: /^(月份|月|期间|日期|生效月份|所属月份)$/,
    score: 0.85,
    types: PERIOD,
  },
  // budget
  {
    role: 'amount',
    kinds: ['budget'],
    en: /\b(budget|amount|plan|planned|allocation)\b/,
    zh: /预算|金额|计划/,
    score: 0.9,
    types: MONEY,
  },
];

/** Required role groups per kind (any one role of a group satisfies it) and optional roles. */
const KINDS: Record<TableKind, { required: Role[][]; optional: Role[] }> = {
  orders: {
    required: [['customer_id'], ['date'], ['amount']],
    optional: ['order_id', 'quantity', 'unit_price', 'channel', 'campaign', 'status'],
  },
  customers: { required: [['customer_id'], ['signup_date']], optional: ['acquisition_channel'] },
  campaigns: {
    required: [['campaign', 'channel'], ['spend']],
    optional: ['date', 'period_start', 'period_end', 'impressions', 'clicks', 'conversions', 'revenue'],
  },
  touchpoints: {
    required: [['customer_id'], ['channel', 'campaign'], ['timestamp']],
    optional: ['event', 'converted', 'value'],
  },
  experiment: { required: [['arm'], ['outcome']], optional: ['unit_id', 'covariate'] },
  invoices: {
    required: [['vendor', 'channel'], ['amount']],
    optional: [
      'campaign_ref',
      'invoice_id',
      'invoice_date',
      'description',
      'currency',
      'tax',
      'period',
      'period_start',
      'period_end',
    ],
  },
  budget: { required: [['channel'], ['period', 'date'], ['amount']], optional: [] },
  fx_rates: { required: [['currency'], ['rate']], optional: ['period'] },
};

/** Required role groups of a kind with no column among `roles` (after a format or the user set them). */
export function missingRoles(kind: TableKind, roles: readonly (Role | null)[]): Role[][] {
  return KINDS[kind].required.filter((g) => !g.some((r) => roles.includes(r)));
}

/** Roles several columns may share. */
export const MULTI: ReadonlySet<Role> = new Set(['outcome', 'covariate', 'attribute', 'cost_per_result']);

/** Roles a ratio header (`Cost per results`, `CTR`, `转化成本`) never takes. */
const NOT_RATIO: ReadonlySet<Role> = new Set([
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'revenue',
  'reach',
  'budget',
  'amount',
  'value',
  'quantity',
  'refunded_amount',
]);
/** Money roles whose rivals are reported. */
const MONEY_ROLES: ReadonlySet<Role> = new Set(['spend', 'amount', 'revenue']);

const CONTROL_WORDS =
  /\b(control|treatment|test|variant|holdout|no e-?mail|baseline|group [a-z]|[ab])\b|对照|实验|空白/;

/**
 * What `proposeRoles` reads of the headers, the same for every table kind: made once per `proposeKind` call, with
 * each rule's header score per column as first needed (the rules that apply to every kind were matched once per
 * kind, about 5 ms of regular expressions per table, cold; issue 13).
 */
interface HeaderFacts {
  words: string[];
  raws: string[];
  ratio: boolean[];
  /** Per rule, per column: `headerScore`, or -1 when not yet matched. */
  scores: Map<Rule, Float64Array>;
}

function headerFacts(columns: readonly RoleColumn[]): HeaderFacts {
  return {
    words: columns.map((c) => headerWords(c.header)),
    raws: columns.map((c) => c.header.replace(/\s+/g, '').toLowerCase()),
    ratio: columns.map((c) => isRatioHeader(c.header)),
    scores: new Map(),
  };
}

/** `headerScore` of `rule` for column `i`, matched once per `facts`. */
function ruleScore(facts: HeaderFacts, rule: Rule, i: number): number {
  let s = facts.scores.get(rule);
  if (!s) facts.scores.set(rule, (s = new Float64Array(facts.words.length).fill(-1)));
  if (s[i] < 0) s[i] = headerScore(rule, facts.words[i], facts.raws[i]);
  return s[i];
}

function headerScore(rule: Rule, words: string, raw: string): number {
  if (rule.en?.test(words)) return rule.score;
  if (rule.zh?.test(raw)) return rule.score;
  return 0;
}

/**
 * Propose roles for one table kind. Greedy: best header matches first, one column per role (except
 * outcome/covariate/attribute), then value-based fallbacks for missing required roles.
 */
export function proposeRoles(
  columns: readonly RoleColumn[],
  kind: TableKind,
  facts: HeaderFacts = headerFacts(columns),
): KindProposal {
  const spec = KINDS[kind];
  const { ratio } = facts;
  const cands: { col: number; role: Role; score: number }[] = [];
  for (const rule of RULES) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(kind)) continue;
    for (let i = 0; i < columns.length; i++) {
      if (!rule.types.includes(columns[i].type)) continue;
      if (ratio[i] && NOT_RATIO.has(rule.role)) continue;
      let score = ruleScore(facts, rule, i);
      if (score === 0) continue;
      // Values agree: an arm with a handful of labels such as "control" / "No E-Mail".
      if (rule.role === 'arm') {
        const d = columns[i].distinct ?? 999;
        if (d >= 2 && d <= 8 && columns[i].sampleValues?.some((v) => CONTROL_WORDS.test(v)))
          score = Math.max(score, 0.9);
        else if (d > 20) score *= 0.5;
      }
      cands.push({ col: i, role: rule.role, score });
    }
  }
  cands.sort((a, b) => b.score - a.score || a.col - b.col);
  const roles: RoleAssignment[] = columns.map(() => ({ role: null, confidence: 0 }));
  const taken = new Set<Role>();
  for (const c of cands) {
    if (roles[c.col].role !== null) continue;
    if (taken.has(c.role) && !MULTI.has(c.role)) continue;
    roles[c.col] = { role: c.role, confidence: c.score };
    taken.add(c.role);
  }
  const rivals = headerRivals(cands, roles);
  let deriveAmount: KindProposal['deriveAmount'];
  if (kind === 'orders' && !taken.has('amount') && taken.has('quantity') && taken.has('unit_price')) {
    const q = roles.findIndex((r) => r.role === 'quantity');
    const p = roles.findIndex((r) => r.role === 'unit_price');
    deriveAmount = { quantity: q, unitPrice: p, confidence: Math.min(roles[q].confidence, roles[p].confidence) * 0.9 };
  }
  // Value-based fallbacks for required roles no header names.
  for (const group of spec.required) {
    if (group.some((r) => taken.has(r))) continue;
    if (deriveAmount && group.includes('amount')) continue;
    for (const role of group) {
      const pick = fallback(columns, roles, role);
      if (pick) {
        roles[pick.col] = { role, confidence: pick.confidence };
        taken.add(role);
        if (pick.rival !== undefined)
          rivals.push({ role, chosen: pick.col, other: pick.rival, why: 'first-money-column' });
        break;
      }
    }
  }
  const missing: Role[][] = [];
  let sum = 0;
  for (const group of spec.required) {
    let best = 0;
    for (let i = 0; i < roles.length; i++)
      if (roles[i].role !== null && group.includes(roles[i].role!)) best = Math.max(best, roles[i].confidence);
    if (deriveAmount && group.includes('amount')) best = Math.max(best, deriveAmount.confidence);
    if (best === 0) missing.push(group);
    sum += best;
  }
  const optionalFound = spec.optional.filter((r) => taken.has(r)).length;
  // A kind missing a required role is a poor fit: halve its score.
  const score =
    (sum / spec.required.length) *
    (spec.optional.length ? 0.9 + 0.1 * (optionalFound / spec.optional.length) : 1) *
    (missing.length > 0 ? 0.5 : 1);
  const proposal: KindProposal = { kind, score, roles, missing, rivals };
  if (deriveAmount) proposal.deriveAmount = deriveAmount;
  return proposal;
}

/** Money roles whose header fits another, still free column as well (within 0.15). */
function headerRivals(
  cands: readonly { col: number; role: Role; score: number }[],
  roles: readonly RoleAssignment[],
): KindProposal['rivals'] {
  const rivals: KindProposal['rivals'] = [];
  for (const role of MONEY_ROLES) {
    const chosen = roles.findIndex((r) => r.role === role);
    if (chosen < 0) continue;
    for (const c of cands) {
      if (c.role !== role || c.col === chosen || c.score < roles[chosen].confidence - 0.15) continue;
      if (roles[c.col].role !== null || rivals.some((r) => r.other === c.col)) continue;
      const why = c.score < roles[chosen].confidence ? 'better-header' : 'first-column';
      rivals.push({ role, chosen, other: c.col, why });
    }
  }
  return rivals;
}

function fallback(
  columns: readonly RoleColumn[],
  roles: RoleAssignment[],
  role: Role,
): { col: number; confidence: number; rival?: number } | null {
  const free = (i: number): boolean => roles[i].role === null;
  const find = (pred: (c: RoleColumn) => boolean): number[] =>
    columns.flatMap((c, i) => (free(i) && pred(c) ? [i] : []));
  switch (role) {
    case 'customer_id':
    case 'unit_id': {
      const ids = find((c) => c.type === 'identifier');
      return ids.length ? { col: ids[0], confidence: 0.4 } : null;
    }
    case 'date':
    case 'timestamp':
    case 'signup_date':
    case 'invoice_date':
    case 'period': {
      const dates = find((c) => c.type === 'date' || c.type === 'datetime');
      return dates.length ? { col: dates[0], confidence: dates.length === 1 ? 0.5 : 0.35 } : null;
    }
    case 'amount':
    case 'spend': {
      const money = find((c) => c.type === 'currency');
      if (money.length > 1) return { col: money[0], confidence: 0.5, rival: money[1] };
      if (money.length) return { col: money[0], confidence: 0.5 };
      const nums = find((c) => c.type === 'number');
      return nums.length === 1 ? { col: nums[0], confidence: 0.35 } : null;
    }
    case 'channel':
    case 'vendor': {
      const cats = find((c) => c.type === 'category' && (c.distinct ?? 999) <= 20);
      return cats.length === 1 ? { col: cats[0], confidence: 0.35 } : null;
    }
    case 'arm': {
      const cats = find(
        (c) =>
          c.type === 'category' &&
          (c.distinct ?? 999) >= 2 &&
          (c.distinct ?? 999) <= 6 &&
          (c.sampleValues?.some((v) => CONTROL_WORDS.test(v)) ?? false),
      );
      return cats.length ? { col: cats[0], confidence: 0.6 } : null;
    }
    default:
      return null;
  }
}

/** Below this score no kind is proposed. */
export const MIN_KIND_SCORE = 0.3;

/**
 * Propose the table kind (best score) and its roles; with a hint, the hinted kind. Columns left
 * without a role become `attribute` when they are categories.
 */
export function proposeKind(
  columns: readonly RoleColumn[],
  hint?: TableKind,
): { best: KindProposal | null; all: KindProposal[] } {
  const facts = headerFacts(columns);
  const all = TABLE_KINDS.map((k) => proposeRoles(columns, k, facts)).sort((a, b) => b.score - a.score);
  let best: KindProposal | null = hint ? all.find((p) => p.kind === hint)! : all[0];
  if (!hint && best.score < MIN_KIND_SCORE) best = null;
  if (best) {
    for (let i = 0; i < columns.length; i++) {
      if (best.roles[i].role === null && columns[i].type === 'category')
        best.roles[i] = { role: 'attribute', confidence: 0.5 };
    }
  }
  return { best, all };
}
