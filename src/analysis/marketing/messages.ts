/**
 * The sentences of the marketing analyses (findings, verdicts, notes and data diagnostics), in English and
 * Simplified Chinese, with named parameters. Figures come in already formatted (money(), pct() …, per
 * language where the format differs); a sentence that differs in a fragment takes that fragment as a
 * parameter from this catalogue (e.g. `direction: msg('experiment.raised')`), never an inline ternary.
 */
import { defineMessages } from '../common/messages.js';

export const MARKETING_MESSAGES = {
  // ── Experiment ─────────────────────────────────────────────────────────────────────────────────────
  'experiment.noArm': {
    en: 'No arm (variant/group) column was found; choose it in the options.',
    'zh-CN': '未找到分组（实验组/对照组）列，请在选项中指定。',
  },
  'experiment.noOutcome': {
    en: 'No outcome column was found (conversion, revenue …); mark at least one.',
    'zh-CN': '未找到结果指标列（转化、收入等），请至少指定一列。',
  },
  'experiment.empty': { en: 'The experiment table has no rows.', 'zh-CN': '实验表没有数据行。' },
  'experiment.oneArm': { en: 'The experiment needs at least two arms.', 'zh-CN': '实验至少需要两个分组。' },
  'experiment.blankArm': {
    en: '{count} row(s) have no arm and are left out.',
    'zh-CN': '{count} 行没有分组，已排除。',
  },
  'experiment.tooManyArms': {
    en: 'The arm column "{column}" has {count} values; it does not look like an arm column.',
    'zh-CN': '分组列“{column}”有 {count} 个取值，不像分组列。',
  },
  'experiment.controlNotFound': {
    en: 'The chosen control "{control}" is not an arm; detecting it instead.',
    'zh-CN': '所选对照组“{control}”不存在，改为自动识别。',
  },
  'experiment.controlAssumed': {
    en: 'No arm is named like a control; "{control}" is used as control. Choose another in the options.',
    'zh-CN': '没有名称像对照组的分组，暂以“{control}”为对照组，可在选项中更改。',
  },
  'experiment.srm': {
    en: 'Sample ratio mismatch: arm sizes differ from the planned split ({plan}) more than chance allows (χ² p = {p}). Check how units were assigned before trusting the lifts, or set the planned split in the options.',
    'zh-CN':
      '样本比例失衡：各组人数与计划比例（{plan}）的差异超出随机范围（χ² p = {p}）。请先检查分组方式再解读提升结果，或在选项中设置计划比例。',
  },
  'experiment.srmAssumedPlan': {
    en: 'Arm sizes are unequal; they match a planned split of {plan} (χ² p = {p}). If the plan was different, set it in the options: a mismatch would mean units were not assigned as planned.',
    'zh-CN':
      '各组人数不相等，与 {plan} 的计划比例相符（χ² p = {p}）。如果计划比例不同，请在选项中设置：不符说明分组未按计划执行。',
  },
  'experiment.segmentTooMany': {
    en: '"{column}" has more than {max} values; no lift by segment for it.',
    'zh-CN': '“{column}”取值超过 {max} 个，不按其细分计算提升。',
  },
  'experiment.metricRate': { en: '{metric} rate', 'zh-CN': '“{metric}”比率' },
  'experiment.metricPerUnit': { en: '{metric} per {unit}', 'zh-CN': '每个{unit}的“{metric}”' },
  'experiment.metricMean': { en: '{metric} mean', 'zh-CN': '“{metric}”均值' },
  'experiment.metricSd': { en: '{metric} std. dev.', 'zh-CN': '“{metric}”标准差' },
  'experiment.raised': { en: 'raised', 'zh-CN': '提高' },
  'experiment.lowered': { en: 'lowered', 'zh-CN': '降低' },
  'experiment.interval': { en: '{confidence} CI {low} to {high}', 'zh-CN': '{confidence} 置信区间 {low} 至 {high}' },
  'experiment.adjustedTail': { en: ', adjusted for the pre-period', 'zh-CN': '，已按实验前数据调整' },
  'experiment.controlZero': { en: 'is zero', 'zh-CN': '为零' },
  'experiment.controlFlat': { en: 'has too few units or no variation', 'zh-CN': '样本过少或没有变化' },
  'experiment.verdictNoData': {
    en: '{arm} against {control} on {what}: not enough data to compare (control {why}).',
    'zh-CN': '“{arm}”与“{control}”在{what}上数据不足，无法比较（对照组{why}）。',
  },
  'experiment.verdictLift': {
    en: '{arm} {direction} {what} by {lift} against {control} ({interval}{tail}).',
    'zh-CN': '与“{control}”相比，“{arm}”使{what}{direction}了 {lift}（{interval}{tail}）。',
  },
  'experiment.correctedTail': { en: ' once corrected for the several arms', 'zh-CN': '经多组校正后，' },
  'experiment.verdictUnclear': {
    en: '{arm} changed {what} by {lift} against {control} ({interval}{tail}): the data cannot tell this from no effect{corrected}.',
    'zh-CN': '与“{control}”相比，“{arm}”使{what}变化 {lift}（{interval}{tail}）：{corrected}数据无法将其与无效果区分。',
  },
  'experiment.evidence': {
    en: '{arm}: {armValue} over {armUnits} units; control: {controlValue} over {controlUnits}; absolute difference {difference}{interval}; {p}{holm}.',
    'zh-CN':
      '{arm}：{armValue}（{armUnits} 个样本）；对照组：{controlValue}（{controlUnits} 个）；绝对差 {difference}{interval}；{p}{holm}。',
  },
  'experiment.evidenceInterval': { en: ' (CI {low} to {high})', 'zh-CN': '（区间 {low} 至 {high}）' },
  'experiment.evidenceHolm': { en: ', Holm {p}', 'zh-CN': '，Holm 校正 {p}' },
  'experiment.segmentLift': {
    en: 'Among {segment}, {arm} {direction} {what} by {lift} against {control} ({interval}; {armUnits} vs {controlUnits} units). One of {comparisons} segment comparisons: confirm before acting on it.',
    'zh-CN':
      '在“{segment}”中，与“{control}”相比，“{arm}”使{what}{direction}了 {lift}（{interval}；样本 {armUnits} 对 {controlUnits}）。这是 {comparisons} 项细分比较之一，行动前请先验证。',
  },
  'experiment.armsNote': {
    en: 'Control: {control}. Rates are shares of units with the outcome; means are per unit (standard deviation as STDEV.S).',
    'zh-CN': '对照组：{control}。比率为发生该结果的样本占比；均值为每个样本的平均值（标准差按 STDEV.S）。',
  },
  'experiment.unitsNeeded': { en: 'Units per arm for {lift} lift', 'zh-CN': '检测 {lift} 提升所需每组样本' },
  'experiment.comparisonsNote': {
    en: 'Intervals are {confidence} two-sided (Welch t); relative lift uses the delta method. p (Holm) corrects for {arms} arm(s) compared with control. "cuped" rows are adjusted for the pre-period covariate.',
    'zh-CN':
      '区间为 {confidence} 双侧置信区间（Welch t）；相对提升采用 delta 方法。p（Holm 校正）针对 {arms} 个实验组与对照组的比较进行了校正。“CUPED 调整”行已按实验前协变量调整。',
  },
  'experiment.srmNote': {
    en: 'Pearson χ² = {statistic}, df {df}, p = {p}; flagged below {threshold}.',
    'zh-CN': 'Pearson χ² = {statistic}，自由度 {df}，p = {p}；低于 {threshold} 时提示。',
  },
  'experiment.srmNoteMissing': { en: 'The check could not be computed.', 'zh-CN': '无法计算该检查。' },
  'experiment.segmentNote': {
    en: 'Segments with fewer than {min} units in either arm show no lift ({small} such cell(s)). Segment lifts are not corrected for the many comparisons: read them as leads to test, not proof.',
    'zh-CN':
      '任一组样本少于 {min} 的细分不显示提升（共 {small} 项）。细分提升未对多重比较做校正，应视为待验证的线索而非定论。',
  },
  'experiment.bestLift': { en: 'Best lift ({arm}, {metric})', 'zh-CN': '最大提升（{arm}，{metric}）' },
  'experiment.mdeNote': {
    en: 'Minimum detectable lift: the smallest relative change this sample finds {power} of the time at α = {alpha}.',
    'zh-CN': '最小可检测提升：在 α = {alpha}、检验功效 {power} 下，当前样本量能检测到的最小相对变化。',
  },
  'experiment.cupedNote': {
    en: 'CUPED adjusts each metric for the pre-period covariate that explains most of it; variance reduced: {reductions}.',
    'zh-CN': 'CUPED 用最能解释各指标的实验前协变量进行调整；方差降低：{reductions}。',
  },
  // ── Channel performance ────────────────────────────────────────────────────────────────────────────
  'channels.afterAsOf': {
    en: '{count} row(s) dated after the as-of date are left out.',
    'zh-CN': '{count} 行日期晚于分析截止日期，已排除。',
  },
  'channels.channel': { en: 'channel', 'zh-CN': '渠道' },
  'channels.campaign': { en: 'campaign', 'zh-CN': '活动' },
  'channels.earnTheirBudget': {
    en: '{earning} of {funded} {what}s return at least what they cost (ROAS ≥ 1){list}.{losing}',
    'zh-CN': '{funded} 个{what}中有 {earning} 个收回了成本（ROAS ≥ 1）{list}。{losing}',
  },
  'channels.earningList': { en: ': {list}', 'zh-CN': '：{list}' },
  'channels.losing': {
    en: ' {list} return less than they cost, {loss} short in total.',
    'zh-CN': '{list}收入低于花费，合计亏欠 {loss}。',
  },
  'channels.overallRoas': {
    en: 'Overall ROAS {roas} on {spend} of spend.',
    'zh-CN': '总体 ROAS {roas}，总花费 {spend}。',
  },
  'channels.shareGapOver': {
    en: '{name} takes {spendShare} of spend but brings {revenueShare} of revenue: {excess} of its spend earns less than the average {what}.',
    'zh-CN':
      '{name} 占花费的 {spendShare}，却只带来 {revenueShare} 的收入：其中 {excess} 的花费回报低于{what}平均水平。',
  },
  'channels.shareGapUnder': {
    en: '{name} brings {revenueShare} of revenue on {spendShare} of spend: a candidate for more budget (check its response curve before moving money).',
    'zh-CN': '{name} 以 {spendShare} 的花费带来 {revenueShare} 的收入，可考虑增加预算（调整前请先查看其响应曲线）。',
  },
  'channels.roasEvidence': {
    en: 'Spend {spend}, revenue {revenue}, ROAS {roas} against {overall} overall.',
    'zh-CN': '花费 {spend}，收入 {revenue}，ROAS {roas}，总体为 {overall}。',
  },
  'channels.highCpa': {
    en: '{name} pays {cpa} per conversion, {times}× the average {average}.',
    'zh-CN': '{name} 的单次转化成本为 {cpa}，是平均值 {average} 的 {times} 倍。',
  },
  'channels.spendChange': {
    en: 'Spend changed by {change} in {last} against {previous} ({from} → {to}).',
    'zh-CN': '{last} 的花费较 {previous} 变化 {change}（{from} → {to}）。',
  },
  'channels.periodChange': {
    en: 'In {last} spend was {spend} ({spendChange}) and revenue {revenue} ({revenueChange}) against {previous}; ROAS went from {roasFrom} to {roasTo}.',
    'zh-CN':
      '{last} 花费 {spend}（{spendChange}），收入 {revenue}（{revenueChange}），对比 {previous}；ROAS 从 {roasFrom} 变为 {roasTo}。',
  },
  'channels.spendRateChange': {
    en: 'Spend {perUnit} changed by {change} in {last} against {previous} ({from} over {prevUnits} {units} → {to} over {lastUnits} {units}).',
    'zh-CN':
      '按{perUnit}计，{last} 的花费较 {previous} 变化 {change}（{previous} {prevUnits} {units}共 {from} → {last} {lastUnits} {units}共 {to}）。',
  },
  'channels.periodRateChange': {
    en: 'In {last} ({lastUnits} {units}) spend was {spend} and revenue {revenue}, against {previous} ({prevUnits} {units}); {perUnit}, spend changed by {spendChange} and revenue by {revenueChange}; ROAS went from {roasFrom} to {roasTo}.',
    'zh-CN':
      '{last}（{lastUnits} {units}）花费 {spend}，收入 {revenue}，对比 {previous}（{prevUnits} {units}）；按{perUnit}计，花费变化 {spendChange}，收入变化 {revenueChange}；ROAS 从 {roasFrom} 变为 {roasTo}。',
  },
  'channels.units.week': { en: 'weeks', 'zh-CN': '周' },
  'channels.units.day': { en: 'days', 'zh-CN': '天' },
  'channels.perUnit.week': { en: 'per week', 'zh-CN': '周均' },
  'channels.perUnit.day': { en: 'per day', 'zh-CN': '日均' },
  'channels.rateNote': {
    en: 'Change {perUnit}: {last} holds {lastUnits} {units} of data and {previous} {prevUnits}, so each total is divided by its {units} before the two are compared.',
    'zh-CN':
      '变化按{perUnit}计算：{last} 有 {lastUnits} {units}的数据，{previous} 有 {prevUnits} {units}，因此先把各期合计除以其{units}数再比较。',
  },
  'channels.noPreviousSpend': { en: 'no previous spend', 'zh-CN': '上期无花费' },
  'channels.noPreviousRevenue': { en: 'no previous revenue', 'zh-CN': '上期无收入' },
  'channels.zeroSpend': { en: 'ROAS and ROI are empty where spend is zero', 'zh-CN': '花费为零时 ROAS 和 ROI 留空' },
  'channels.zeroClicks': {
    en: 'CVR and CPC are empty where clicks are zero',
    'zh-CN': '点击为零时转化率和单次点击成本留空',
  },
  'channels.zeroImpressions': { en: 'CTR is empty where impressions are zero', 'zh-CN': '曝光为零时点击率留空' },
  'channels.zeroConversions': { en: 'CPA is empty where conversions are zero', 'zh-CN': '转化为零时单次转化成本留空' },
  'channels.nullNote': {
    en: '{reasons} (a ratio with a zero denominator has no value).',
    'zh-CN': '{reasons}（分母为零的比率没有数值）。',
  },
  'channels.total': { en: 'Total', 'zh-CN': '合计' },
  'channels.periodCompareTitle': { en: '{last} against {previous}', 'zh-CN': '{last} 对比 {previous}' },
  'channels.months': { en: 'calendar months', 'zh-CN': '自然月' },
  'channels.weeks': { en: 'ISO weeks (Monday to Sunday)', 'zh-CN': 'ISO 周（周一至周日）' },
  'channels.periodsNote': {
    en: 'Periods are {unit}; the last period ({last}) is compared with the one before ({previous}).',
    'zh-CN': '期间按{unit}划分；最近一期（{last}）与上一期（{previous}）比较。',
  },
  // ── Funnel ─────────────────────────────────────────────────────────────────────────────────────────
  'funnel.weakestStep': {
    en: 'The biggest loss is from {from} to {to}: only {rate} go on ({lost} lost).',
    'zh-CN': '流失最大的一步是从{from}到{to}：只有 {rate} 继续（流失 {lost}）。',
  },
  'funnel.weakestStepSamePeople': {
    en: 'Among the steps measured on the same people, the biggest loss is from {from} to {to}: only {rate} go on ({lost} lost). {breaks}',
    'zh-CN': '在针对同一批人统计的步骤中，流失最大的一步是从{from}到{to}：只有 {rate} 继续（流失 {lost}）。{breaks}',
  },
  'funnel.breaks': {
    en: 'Not compared, because the two steps count different people over different dates: {list}.',
    'zh-CN': '以下步骤前后统计的人群和时间不同，未作比较：{list}。',
  },
  'funnel.breaksOnly': {
    en: 'The funnel joins sheets that count different people over different dates, so no step is compared across them: {list}.',
    'zh-CN': '漏斗连接了统计人群和时间都不同的工作表，跨表的步骤不作比较：{list}。',
  },
  'funnel.break': {
    en: '{from} → {to} ({fromSheet} / {toSheet})',
    'zh-CN': '{from} → {to}（{fromSheet} / {toSheet}）',
  },
  'funnel.breakBuyers': {
    en: '{from} → {to} ({count} buyers are not on {sheet})',
    'zh-CN': '{from} → {to}（{count} 位购买客户不在 {sheet} 中）',
  },
  'funnel.endToEndOf': { en: 'Conversion, {from} → {to}', 'zh-CN': '转化率（{from} → {to}）' },
  'funnel.breaksNote': {
    en: 'Steps joining two sheets have no rate, and rates "from first step" start again after them: {list}.',
    'zh-CN': '跨表的步骤不计转化率，“相对首步转化率”在其后重新起算：{list}。',
  },
  'funnel.channelLoss': {
    en: '{name}: {rate} go on from {from} to {to}, against {average} across channels — about {lost} fewer{revenue}.',
    'zh-CN': '{name}：从{from}到{to}的转化率为 {rate}，全渠道为 {average}，约少 {lost}{revenue}。',
  },
  'funnel.lossRevenue': { en: ' (≈ {money} of revenue)', 'zh-CN': '（约 {money} 收入）' },
  'funnel.counts': { en: '{from} → {to}', 'zh-CN': '{from} → {to}' },
  'funnel.rateLabel': { en: '{step} ÷ {previous}', 'zh-CN': '{step} ÷ {previous}' },
  'funnel.sourcesNote': {
    en: 'Sources: {sources}. Sign-ups and purchases are distinct customers; impressions and clicks are counts from the campaigns sheet. Cancelled or refunded orders and orders of zero or less are left out.',
    'zh-CN':
      '数据来源：{sources}。注册和购买按去重客户计数；曝光和点击为活动表中的次数。已取消、退款或金额不大于零的订单不计入。',
  },
  // ── Response curves and budget ─────────────────────────────────────────────────────────────────────
  'response.fewWeeks': {
    en: 'only {active} week(s) with spend (needs {min})',
    'zh-CN': '仅 {active} 周有花费（至少需要 {min} 周）',
  },
  'response.noVariation': {
    en: 'spend or outcome does not vary enough to fit a curve',
    'zh-CN': '花费或结果变化不足，无法拟合曲线',
  },
  'response.lowR2': {
    en: 'the curve explains only {r2} of the weekly variation',
    'zh-CN': '曲线仅解释了 {r2} 的周度波动',
  },
  'response.channelHeld': {
    en: '{channel}: held at current spend — {reason}.',
    'zh-CN': '{channel}：保持当前花费——{reason}。',
  },
  'response.revenue': { en: 'revenue', 'zh-CN': '收入' },
  'response.conversions': { en: 'conversions', 'zh-CN': '转化' },
  'response.outcomeNow': { en: 'Weekly {outcome} now (model)', 'zh-CN': '当前每周{outcome}（模型）' },
  'response.outcomeProposed': { en: 'Weekly {outcome} proposed (model)', 'zh-CN': '建议方案每周{outcome}（模型）' },
  'response.outcomeSaturation': { en: 'Weekly {outcome} at saturation', 'zh-CN': '饱和时每周{outcome}' },
  'response.curvesTitle': {
    en: 'Weekly {outcome} by spend (× current spend)',
    'zh-CN': '不同花费下的每周{outcome}（当前花费的倍数）',
  },
  'response.expectedChange': { en: 'Expected change in weekly {outcome}', 'zh-CN': '每周{outcome}预计变化' },
  'response.rangeNote': { en: '90% of refits: {low} to {high}', 'zh-CN': '90% 的重拟合结果：{low} 至 {high}' },
  'response.reallocate': {
    en: 'Moving weekly budget from {from} to {to} is expected to add about {amount} of {outcome} over {weeks} weeks at the same total spend{range}. The curves are fitted on past, non-randomised spend: they suggest, not prove; test the move before committing to it.',
    'zh-CN':
      '将每周预算从 {from} 调整到 {to}，在总花费不变的情况下，预计 {weeks} 周内可增加约 {amount} 的{outcome}{range}。曲线基于过去的非随机花费拟合，只能提示方向而不能证明因果；请先小规模测试再全面调整。',
  },
  'response.reallocateRange': {
    en: '; in 90% of refits on resampled weeks the change lies between {low} and {high}',
    'zh-CN': '；在对周数据重抽样的重拟合中，90% 的结果介于 {low} 与 {high} 之间',
  },
  'response.marginalEvidence': {
    en: '{channel}: marginal {what} {marginal} now, R² {r2}',
    'zh-CN': '{channel}：当前边际{what} {marginal}，R² {r2}',
  },
  'response.roasWord': { en: 'ROAS', 'zh-CN': ' ROAS' },
  'response.returnWord': { en: 'return', 'zh-CN': '回报' },
  'response.saturated': {
    en: '{channel} is past the point of break-even: the next {unit} of weekly spend returns about {returns} in revenue (marginal ROAS {marginal}, average ROAS {average}).',
    'zh-CN':
      '{channel} 已超过盈亏平衡点：每周再多花 {unit}，约带来 {returns} 收入（边际 ROAS {marginal}，平均 ROAS {average}）。',
  },
  'response.modelNote': {
    en: 'Model per channel: weekly {outcome} = baseline + maximum × Hill(adstocked spend), geometric adstock over {maxLag} weeks (normalised, so a steady spend counts at face value), fitted by bounded Levenberg–Marquardt.',
    'zh-CN':
      '每个渠道的模型：每周{outcome} = 基线 + 上限 × Hill（adstock 后花费），几何 adstock 延续 {maxLag} 周（已归一化，稳定花费按原值计），用带边界的 Levenberg–Marquardt 拟合。',
  },
  'response.spendNote': {
    en: 'Current spend is the mean weekly spend of the last {recent} week(s). Proposed spend equalises marginal returns within {min}–{max} of current spend unless bounds are set.',
    'zh-CN':
      '当前花费为最近 {recent} 周的平均每周花费。建议方案在当前花费的 {min}–{max} 范围内（除非另设上下限）使各渠道边际回报相等。',
  },
  // ── Attribution ────────────────────────────────────────────────────────────────────────────────────
  'attribution.noCustomer': {
    en: '{count} row(s) have no customer and are left out.',
    'zh-CN': '{count} 行没有客户，已排除。',
  },
  'attribution.creditNote': {
    en: 'Each model shares out the same {conversions} conversion(s).',
    'zh-CN': '各模型分配的是同样的 {conversions} 次转化。',
  },
  'attribution.modelGap': {
    en: '{name} gets {lastShare} of the credit under last touch but {markovShare} under the Markov model ({last} vs {markov}): {role}.',
    'zh-CN':
      '{name} 在末次触点模型下获得 {lastShare} 的功劳，在马尔可夫模型下为 {markovShare}（{last} 对 {markov}）：{role}。',
  },
  'attribution.opens': {
    en: 'it opens or assists paths that other channels close',
    'zh-CN': '它更多是开启或助攻路径，由其他渠道完成转化',
  },
  'attribution.closes': {
    en: 'it mostly closes paths that other channels started',
    'zh-CN': '它主要收尾由其他渠道开启的路径',
  },
  'attribution.removalEvidence': {
    en: 'Removal effect {effect}; {touches} touches.',
    'zh-CN': '移除效应 {effect}；触点 {touches} 次。',
  },
  'attribution.heuristicsNote': {
    en: "Time decay halves a touch's weight every {halfLife} day(s) before the conversion. Position-based gives {first} to the first touch, {last} to the last and shares the rest among the middle touches.",
    'zh-CN':
      '时间衰减：触点距转化每早 {halfLife} 天，权重减半。位置加权：首次触点 {first}、末次触点 {last}，其余由中间触点平分。',
  },
  'attribution.unmatchedNote': {
    en: '{count} channel(s) have no spend in the campaigns sheet (names are matched ignoring case).',
    'zh-CN': '{count} 个渠道在活动表中没有花费（名称匹配不区分大小写）。',
  },
} as const;

/** A marketing sentence in both languages, with `params` filled in. */
export const msg = defineMessages(MARKETING_MESSAGES);

/** An empty fragment, for an optional part of a sentence that does not apply. */
export const NONE = { en: '', 'zh-CN': '' } as const;
