/**
 * The sentences of the user analyses (findings, evidence, notes, diagnostics, table notes) in English and
 * Simplified Chinese, with named parameters (see src/analysis/common/messages.ts). Labels and titles stay
 * beside the tables they name. A part that a sentence has or lacks (a holdout clause, a median) is a
 * message of its own, passed in as a parameter, or '' when absent.
 *
 * @example
 *   userMsg('lifecycleActiveChange', { direction: { en: 'rose', 'zh-CN': '增至' }, from: 40, to: 52 }).en
 *   // → 'Active customers rose from 40 to 52 since the previous period end.'
 */
import type { I18nText, Lang } from '../../types.js';
import { defineMessages, money, round } from '../common/index.js';

export const userMsg = defineMessages({
  // Shared
  noPurchases: {
    en: 'No purchases on or before the as-of date: nothing to analyse.',
    'zh-CN': '分析基准日及之前没有购买记录：无可分析内容。',
  },

  // RFM
  rfmOneCustomer: {
    en: 'Only one customer: scores compare customers with each other, so they say nothing here.',
    'zh-CN': '只有一位客户：评分是客户之间的比较，此处没有意义。',
  },
  rfmNoRepeat: {
    en: 'No customer ordered more than once: every frequency score is the same.',
    'zh-CN': '没有客户重复购买：所有频次评分相同。',
  },
  rfmCustomersShown: {
    en: 'Showing the {shown} customers with the highest revenue of {total}.',
    'zh-CN': '仅显示收入最高的 {shown} 位客户（共 {total} 位）。',
  },
  rfmAtRiskRevenue: {
    en: "{customers} formerly valuable customers (At Risk, Can't Lose Them) have gone quiet; they brought {revenue} in revenue.",
    'zh-CN': '{customers} 位曾经的高价值客户（流失风险客户、重点挽回客户）已不活跃，他们贡献了 {revenue} 的收入。',
  },
  rfmAtRiskEvidence: {
    en: '{revenueShare}% of revenue; R score ≤ 2 with high F or M.',
    'zh-CN': '占收入 {revenueShare}%；R 评分 ≤ 2 且 F 或 M 较高。',
  },
  rfmChampionsShare: {
    en: 'Champions are {customerShare}% of customers and bring {revenueShare}% of revenue.',
    'zh-CN': '核心客户占客户数的 {customerShare}%，贡献了 {revenueShare}% 的收入。',
  },
  rfmImportantLapsingRevenue: {
    en: '{customers} high-spending customers have not ordered for longer than average (Important: to keep, Important: to win back); they brought {revenue} in revenue.',
    'zh-CN':
      '{customers} 位重要保持客户和重要挽留客户（消费金额高于平均，但距上次购买已超过平均天数）共贡献收入 {revenue}，值得优先召回。',
  },
  rfmImportantLapsingEvidence: {
    en: '{revenueShare}% of revenue; monetary above the average, days since the last order above the average.',
    'zh-CN': '占总收入的 {revenueShare}%；金额高于平均值，距上次购买天数也高于平均值。',
  },
  rfmImportantValueShare: {
    en: 'Important: valuable customers (recent, frequent and high-spending, all above average) are {customerShare}% of customers and bring {revenueShare}% of revenue.',
    'zh-CN':
      '重要价值客户（最近一次消费时间、消费频率和消费金额均优于平均）占客户总数的 {customerShare}%，贡献了 {revenueShare}% 的收入。',
  },
  rfmNoteClasses: {
    en: 'Eight classes: R, F and M each compared with the average of all customers. R is high when the days since the last order are below the average ({avgR} days); F is high when {frequency} are above the average ({avgF}); M is high when {monetary} is above the average ({avgM}). A value equal to the average counts as low. Important = M high, general = M low; valuable = R and F high, to develop = R high F low, to keep = R low F high, to win back = R and F low.',
    'zh-CN':
      'RFM 八类：R、F、M 各自与全体客户的平均值比较。距上次购买天数低于平均值（{avgR} 天）为 R 高；{frequency}高于平均值（{avgF}）为 F 高；{monetary}高于平均值（{avgM}）为 M 高；等于平均值记为低。M 高为“重要”，M 低为“一般”；R、F 都高为“价值”，R 高 F 低为“发展”，R 低 F 高为“保持”，R、F 都低为“挽留”。',
  },
  rfmNoteAsOf: {
    en: 'As of {asOf}; {customers} customers with at least one purchase on or before that date.',
    'zh-CN': '基准日 {asOf}；共 {customers} 位在该日及之前有购买的客户。',
  },
  rfmNoteMeasures: {
    en: 'Recency = days since the last order; frequency = {frequency}; monetary = {monetary}{refunds}.',
    'zh-CN': '最近度 = 距上次下单天数；频次 = {frequency}；金额 = {monetary}{refunds}。',
  },
  rfmNoteScores: {
    en: 'Scores 1–{bins} by {binName} (Excel PERCENTILE.INC); edges R {edgesR}, F {edgesF}, M {edgesM}. Most recent = highest R. Segments follow the R package rfm; scores compare customers with each other, not with a target.',
    'zh-CN':
      '评分 1–{bins}，按{binName}（Excel PERCENTILE.INC）；分界点 R {edgesR}，F {edgesF}，M {edgesM}。最近购买者 R 最高。分群规则沿用 R 包 rfm；评分是客户之间的相对比较。',
  },
  rfmNoteBusiness: {
    en: 'Business map thresholds: lost R ≤ {lostMaxR}; churn warning R ≤ {warningMaxR}; new ≤ {newMaxOrders} order(s); high value F ≥ {highMinF} and M ≥ {highMinM}; otherwise potential.',
    'zh-CN':
      '业务分群阈值：已流失 R ≤ {lostMaxR}；流失预警 R ≤ {warningMaxR}；新客：订单数 ≤ {newMaxOrders}；高价值 F ≥ {highMinF} 且 M ≥ {highMinM}；其余为潜力。',
  },

  // Lifecycle
  lifecycleCustomersShown: {
    en: 'Showing {shown} of {total} customers.',
    'zh-CN': '仅显示 {shown} 位客户（共 {total} 位）。',
  },
  lifecycleFixedOnly: {
    en: 'No customer has {purchaseDays} or more purchase days: every stage uses the fixed windows.',
    'zh-CN': '没有客户有 {purchaseDays} 个及以上购买日：所有阶段均按固定窗口判断。',
  },
  lifecycleAtRisk: {
    en: '{customers} customers are overdue against their usual rhythm (at risk: {factorActive}–{factorAtRisk}× their usual gap since the last purchase, or {windowActive}–{windowAtRisk} days without a usual gap); they have spent {revenue} so far. Reaching them now costs less than winning them back later. The CLV sheet’s “probably stopped buying” is another measure: the model’s P(alive), which cannot judge one-time buyers.',
    'zh-CN':
      '{customers} 位客户已超过其通常的购买节奏（有流失风险：距上次购买为其通常间隔的 {factorActive}–{factorAtRisk} 倍，无通常间隔者为 {windowActive}–{windowAtRisk} 天）；他们累计消费 {revenue}。现在触达比日后挽回更省成本。CLV 表中的“很可能已停止购买”是另一种衡量：模型估计的存活概率，无法判断只购买过一次的客户。',
  },
  lifecycleActiveChange: {
    en: 'Active customers {direction} from {from} to {to} since the previous period end.',
    'zh-CN': '活跃客户从上期末的 {from} 位{direction} {to} 位。',
  },
  lifecycleActiveSame: {
    en: 'Active customers held at {count} since the previous period end.',
    'zh-CN': '活跃客户与上期末持平，仍为 {count} 位。',
  },
  lifecycleNoteStages: {
    en: 'As of {asOf}. New: first purchase within {newDays} days. With {minIntervals} or more gaps between purchase days, a customer is judged against their own median gap m: active up to {factorActive}·m days since the last purchase, at risk up to {factorAtRisk}·m, dormant up to {factorDormant}·m, then churned (never shorter than {minWindowDays} days). Otherwise fixed windows: active ≤ {windowActive} days, at risk ≤ {windowAtRisk}, dormant ≤ {windowDormant}, then churned.',
    'zh-CN':
      '基准日 {asOf}。新客：首购在 {newDays} 天内。有 {minIntervals} 个及以上购买间隔的客户按其本人间隔中位数 m 判断：距上次购买不超过 {factorActive}·m 天为活跃，不超过 {factorAtRisk}·m 为有风险，不超过 {factorDormant}·m 为沉睡，否则为流失（阈值不少于 {minWindowDays} 天）。其余按固定窗口：活跃 ≤ {windowActive} 天，有风险 ≤ {windowAtRisk} 天，沉睡 ≤ {windowDormant} 天，否则为流失。',
  },
  lifecycleNotePersonal: {
    en: '{personal} of {customers} customers ({share}%) are judged against their own interval. Refunds are not purchases. Stages are descriptive, not predictions; see the CLV sheet for P(alive).',
    'zh-CN':
      '{customers} 位客户中有 {personal} 位（{share}%）按本人间隔判断。退款不算购买。阶段是描述而非预测；存活概率见 CLV 工作表。',
  },

  // Cohorts
  cohortsPeriodsNote: {
    en: 'Empty cells: periods not yet reached. The latest period is still in progress.',
    'zh-CN': '空白：尚未到达的期间。最近一期尚未结束。',
  },
  cohortsCurveNote: {
    en: 'Empty cells: no cohort is that old yet.',
    'zh-CN': '空白：尚无同期群达到该期。',
  },
  cohortsChannelNote: {
    en: 'Empty cells: no customer of that channel is old enough.',
    'zh-CN': '空白：该渠道暂无足够老的客户。',
  },
  cohortsNoRepeat: {
    en: 'No customer bought twice: retention after the first period is 0.',
    'zh-CN': '没有客户二次购买：首期之后留存为 0。',
  },
  cohortsTooRecent: {
    en: "No customer's first purchase is {days} days before the as-of date: the second-purchase rate is left empty.",
    'zh-CN': '没有客户的首购早于基准日 {days} 天：二次购买率留空。',
  },
  cohortsSecondPurchase: {
    en: '{rate}% of new customers buy again within {days} days{median}.',
    'zh-CN': '{rate}% 的新客户在 {days} 天内再次购买{median}。',
  },
  cohortsSecondPurchaseMedian: {
    en: '; those who return take a median of {median} days',
    'zh-CN': '；回购客户的间隔中位数为 {median} 天',
  },
  cohortsSecondPurchaseEvidence: {
    en: '{within} of {eligible} customers old enough to judge.',
    'zh-CN': '{eligible} 位可判断客户中的 {within} 位。',
  },
  cohortsNoteCohorts: {
    en: 'Cohort = {period} of first purchase; as of {asOf}; {cohorts} cohorts{shown}. A customer is active in a period when they bought in it; refunds are not purchases.',
    'zh-CN':
      '同期群 = 首购所在{period}；基准日 {asOf}；共 {cohorts} 个同期群{shown}。客户在某期有购买即为活跃；退款不算购买。',
  },
  cohortsNoteLatestShown: {
    en: ', the latest {shown} shown',
    'zh-CN': '，显示最近 {shown} 个',
  },
  cohortsNoteSurvival: {
    en: '"Still buying" counts customers whose last purchase is in that period or later, over complete periods; the sBG model (Fader & Hardie 2007) is fitted to these survivor curves and projects them. Recent cohorts are short, so their later periods are unknown, not zero.',
    'zh-CN':
      '“仍在购买”指最近一次购买在该期或之后的客户（仅计完整期间）；sBG 模型（Fader 和 Hardie 2007）拟合这些留存曲线并外推。新近同期群观察期短，之后的期间是未知而非为零。',
  },
  cohortsNoteSecondPurchase: {
    en: 'Second-purchase rate: among customers whose first purchase is at least {days} days before the as-of date, the share buying again (another day) within {days} days.',
    'zh-CN': '二次购买率：首购早于基准日至少 {days} 天的客户中，在 {days} 天内（另一天）再次购买的比例。',
  },

  // CLV
  clvTooLittleHistory: {
    en: 'The models need repeat purchases from several customers; found {customers} customers and {repeaters} repeat buyers.',
    'zh-CN': '模型需要多位客户的重复购买；目前只有 {customers} 位客户、{repeaters} 位复购客户。',
  },
  clvNotConverged: {
    en: 'The BG/NBD fit stopped at its iteration cap; treat the figures with care.',
    'zh-CN': 'BG/NBD 拟合达到迭代上限仍未收敛；请谨慎使用结果。',
  },
  clvRatesAtLimit: {
    en: 'Customers buy at about the same rate: the purchase model (BG/NBD) cannot tell frequent from occasional buyers, so its predicted purchases are close to the average for everyone.',
    'zh-CN':
      '客户的购买频率几乎相同：购买模型（BG/NBD）无法区分常客与偶尔购买的客户，因此每位客户的预测购买次数都接近平均值。',
  },
  clvDropoutAtLimit: {
    en: 'Almost no customer seems to have stopped buying in this data: the purchase model puts the chance of leaving near zero, so churn risk reads near 0 for everyone. A longer history, or one that includes customers who left, is needed to tell.',
    'zh-CN':
      '在这些数据中几乎看不到有客户停止购买，因此购买模型估计的流失概率接近零，每位客户的流失风险都接近 0。需要更长的历史，或包含已流失客户的数据，才能判断。',
  },
  clvSpendAtLimit: {
    en: 'Spend per purchase hardly differs between customers beyond chance: the spend model (Gamma-Gamma) gives every customer about the average spend per purchase.',
    'zh-CN': '客户之间的客单价差异不超出随机波动：消费模型（Gamma-Gamma）给每位客户的预期客单价都约等于总体平均值。',
  },
  clvSpendFrequencyCorrelated: {
    en: 'Spend per purchase and frequency are correlated (r = {r}); the Gamma-Gamma model assumes they are not, so CLV may be biased.',
    'zh-CN': '客单价与购买频次相关（r = {r}）；Gamma-Gamma 模型假设二者独立，CLV 可能有偏。',
  },
  clvNoSpendMean: {
    en: 'The spend model has no finite mean (q ≤ 1): CLV is left empty.',
    'zh-CN': '消费模型均值不存在（q ≤ 1）：CLV 留空。',
  },
  clvCustomersShown: {
    en: 'Showing the {shown} most valuable of {total} customers.',
    'zh-CN': '仅显示价值最高的 {shown} 位客户（共 {total} 位）。',
  },
  clvValidationNote: {
    en: 'Empty cells: no customer with that frequency.',
    'zh-CN': '空白：没有该购买次数的客户。',
  },
  clvTrackingNote: {
    en: 'Model curve: expected repeat purchases of each customer since their first purchase, at the calibration parameters.',
    'zh-CN': '模型曲线：按校准期参数，每位客户自首购以来的预期重复购买之和。',
  },
  clvHighRisk: {
    en: '{customers} customers ({share}%) have probably stopped buying (P(alive) < {threshold}); they spent {revenue} in the past. {difference}',
    'zh-CN':
      '{customers} 位客户（{share}%）很可能已停止购买（存活概率 < {threshold}）；他们过去共消费 {revenue}。{difference}',
  },
  clvNoHighRisk: {
    en: 'No customer has P(alive) below {threshold}. {difference}',
    'zh-CN': '没有客户的存活概率低于 {threshold}。{difference}',
  },
  clvRiskDifference: {
    en: 'This is the model’s estimate that a customer has stopped, not the Lifecycle sheet’s “at risk” (overdue against their own buying rhythm, still worth reaching). The model cannot judge the {oneTime} customers with a single purchase and counts them as alive; the Lifecycle sheet judges them by days since that purchase.',
    'zh-CN':
      '这是模型对客户已停止购买的估计，不同于“客户生命周期”表中的“有流失风险”（已超过其本人的购买节奏、仍值得触达）。模型无法判断只购买过一次的 {oneTime} 位客户，一律视为仍活跃；生命周期表按距该次购买的天数判断他们。',
  },
  clvHighRiskNote: {
    en: 'P(alive) below {threshold} from the BG/NBD model; not the Lifecycle sheet’s “at risk”. The {oneTime} customers with a single purchase always get P(alive) = 1 here.',
    'zh-CN':
      '依据 BG/NBD 模型存活概率低于 {threshold}；不同于生命周期表的“有流失风险”。只购买过一次的 {oneTime} 位客户在此存活概率恒为 1。',
  },
  clvConcentration: {
    en: 'The top 10% of customers ({top}) hold {share}% of the predicted {horizonMonths}-month value.',
    'zh-CN': '前 10% 的客户（{top} 位）占未来 {horizonMonths} 个月预测价值的 {share}%。',
  },
  clvNoteCalibration: {
    en: 'Calibration period up to {calibrationEnd}{holdout}; same-day purchases merged; time unit: {unit}. The {horizonMonths}-month horizon is {horizonUnits} {unit}.',
    'zh-CN':
      '校准期截至 {calibrationEnd}{holdout}；同日购买合并；时间单位：{unit}。{horizonMonths} 个月的预测期等于 {horizonUnits} {unit}。',
  },
  clvNoteHoldout: {
    en: ', holdout to {asOf}',
    'zh-CN': '，验证期至 {asOf}',
  },
  clvNoteBgNbd: {
    en: 'BG/NBD (Fader, Hardie & Lee 2005) fitted by maximum likelihood on {rows} unique (x, t_x, T) rows: r {r}, α {alpha}, a {a}, b {b}, log-likelihood {logLik}; {se}.',
    'zh-CN':
      'BG/NBD（Fader、Hardie 和 Lee 2005）以最大似然法在 {rows} 个不同的 x、t_x、T 组合上拟合：r {r}，α {alpha}，a {a}，b {b}，对数似然 {logLik}；{se}。',
  },
  clvNoteBgNbdSe: {
    en: 'SE r {r}, α {alpha}, a {a}, b {b}',
    'zh-CN': '标准误 r {r}，α {alpha}，a {a}，b {b}',
  },
  clvNoteBgNbdNoSe: {
    en: 'SE unavailable (singular Hessian)',
    'zh-CN': '标准误不可用（Hessian 奇异）',
  },
  clvNoteGammaGamma: {
    en: "Gamma-Gamma (Fader & Hardie 2013) on {buyers} repeat buyers' mean repeat spend: p {p}, q {q}, v {v}; spend–frequency correlation {correlation}.",
    'zh-CN':
      'Gamma-Gamma（Fader 和 Hardie 2013）基于 {buyers} 位复购客户的平均复购金额：p {p}，q {q}，v {v}；客单价与频次相关系数 {correlation}。',
  },
  clvNoteNoGammaGamma: {
    en: 'Too few repeat buyers for the spend model: CLV is left empty.',
    'zh-CN': '复购客户太少，无法拟合消费模型：CLV 留空。',
  },
  clvNoteMethod: {
    en: "CLV = expected purchases per month × expected spend × margin {margin}, discounted at {discountRate}% a year. Customers with no repeat purchase have P(alive) = 1 by the model's construction; their value comes from the population averages. The figures hold for customers like those in the data, buying in the same way.",
    'zh-CN':
      'CLV = 每月预计购买次数 × 预计客单价 × 毛利率 {margin}，按年折现率 {discountRate}% 折现。没有重复购买的客户按模型定义存活概率为 1，其价值来自总体平均。结果适用于与数据中客户相似、购买方式不变的客户。',
  },

  // Clusters
  clustersBadFeatures: {
    en: 'Option features may hold only {features}; unknown entries were dropped.',
    'zh-CN': '选项 features 只能包含 {features}；未知项已忽略。',
  },
  clustersNoClv: {
    en: 'CLV could not be computed; the CLV feature was left out.',
    'zh-CN': '无法计算 CLV；已去掉 CLV 特征。',
  },
  clustersAttributeMissing: {
    en: 'Attribute "{name}" was not found in the customers table.',
    'zh-CN': '客户表中找不到属性“{name}”。',
  },
  clustersAttributeImputed: {
    en: '{missing} customers have no value for "{name}"; the mean was used.',
    'zh-CN': '{missing} 位客户缺少“{name}”，已用均值代替。',
  },
  clustersNoFeatures: {
    en: 'No features to cluster on.',
    'zh-CN': '没有可用于聚类的特征。',
  },
  clustersTooFew: {
    en: 'Clustering needs more customers than clusters; found {customers}.',
    'zh-CN': '聚类需要的客户数应多于类别数；目前只有 {customers} 位。',
  },
  clustersCustomersShown: {
    en: 'Showing the {shown} highest-revenue of {total} customers.',
    'zh-CN': '仅显示收入最高的 {shown} 位客户（共 {total} 位）。',
  },
  clustersWeakStructure: {
    en: 'The clusters overlap (mean silhouette {silhouette} < 0.25): treat them as a convenient split rather than natural groups.',
    'zh-CN': '类别之间重叠较多（平均轮廓系数 {silhouette} < 0.25）：请视为便于管理的划分，而非天然分组。',
  },
  clustersTop: {
    en: 'Cluster 1 ({name}) is {customerShare}% of customers and {revenueShare}% of revenue.',
    'zh-CN': '类别 1（{name}）占客户的 {customerShare}%，占收入的 {revenueShare}%。',
  },
  clustersNoteMethod: {
    en: 'k-means (ml-kmeans, k-means++ starts, seed {seed}) on {features} of {customers} customers as of {asOf}; {logged}features standardised (STDEV.S). {kChoice} Same data and seed give the same clusters. A centre that loses all its customers keeps its previous position.',
    'zh-CN':
      'k-means（ml-kmeans，k-means++ 初始化，种子 {seed}），特征：{features}，共 {customers} 位客户，基准日 {asOf}；{logged}特征已标准化（STDEV.S）。{kChoice}相同数据和种子得到相同结果。失去全部客户的中心保持原位。',
  },
  clustersNoteLogged: {
    en: 'log(1 + x) applied to skewed {features}; ',
    'zh-CN': '偏态特征（{features}）取 log(1 + x) 变换；',
  },
  clustersNoteKFixed: {
    en: 'k fixed at {k}.',
    'zh-CN': 'k 固定为 {k}。',
  },
  clustersNoteKChosen: {
    en: 'k = {k} had the largest mean silhouette among {kMin}..{kMax} on a seeded sample of up to {sample} customers.',
    'zh-CN': '在最多 {sample} 位客户的随机样本上，k = {k} 在 {kMin}..{kMax} 中平均轮廓系数最大。',
  },
  clustersNoteNames: {
    en: 'Names are suggestions from the cluster means (recency, frequency, spend); rename them to fit your business.',
    'zh-CN': '名称是根据类别均值（最近度、频次、消费）给出的建议，可按业务需要重命名。',
  },
});

/** An amount of money as a message parameter, formatted per language (`money()` of src/analysis/common/text.ts). */
export function moneyParam(amount: number, currency: string): (lang: Lang) => string {
  return (lang) => money(amount, currency, lang);
}

/** A share as a percentage number with one decimal, the way these sentences write it: 0.1234 → `12.3`. */
export function percent1(share: number): string {
  return String(round(share * 100, 1));
}

/** Items as one parameter: `a, b, c` in English, `a、b、c` in Chinese. */
export function listParam(items: readonly string[]): I18nText {
  return { en: items.join(', '), 'zh-CN': items.join('、') };
}
