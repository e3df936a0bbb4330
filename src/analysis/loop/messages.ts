/**
 * The closed loop's sentences (findings and their evidence), in English and Simplified Chinese, with named
 * parameters (common/messages.ts). Figures come formatted by the caller (money(), num() …, per language).
 * A clause that is present or not is its own message, passed as a parameter (or '' when absent).
 */
import { defineMessages } from '../common/index.js';

export const loopMessage = defineMessages({
  winBack: {
    en: 'Win back {count} customers who have gone quiet (last purchase {atRiskDays}–{lostDays} days ago) now{measured}{value}. The list is on the Findings sheet, most valuable first.',
    'zh-CN':
      '立即挽回 {count} 位沉寂客户（最近购买在 {atRiskDays}–{lostDays} 天前）{measured}{value}。名单见“结论与建议”表，按价值从高到低排列。',
  },
  winBackMeasured: {
    en: ', with {arm}: in the test it raised {metric} of such customers by {each} each, about {stake} for all of them',
    'zh-CN': '，使用“{arm}”：实验中它使此类客户人均“{metric}”提高 {each}，全部挽回约 {stake}',
  },
  winBackValue: {
    en: '. They hold {value} of predicted value',
    'zh-CN': '。他们的预测价值为 {value}',
  },
  winBackEvidence: {
    en: '{count} customers in the churn-warning segment on {date}{detail}. Sheet: Findings.',
    'zh-CN': '{date} 处于流失预警分群的客户 {count} 位{detail}。见“结论与建议”表。',
  },
  winBackEvidenceExperiment: {
    en: '; experiment {arm} vs {control} in {segment}: {nArm} vs {nControl} units, Holm p {p}',
    'zh-CN': '；实验中“{arm}”对比“{control}”（{segment}）：{nArm} 对 {nControl} 个样本，Holm p {p}',
  },
  winBackEvidenceNoExperiment: {
    en: '; no experiment measured how such customers respond, so no amount is claimed',
    'zh-CN': '；没有实验测量此类客户的反应，故不给出金额',
  },
  // Acquisition quality.
  acquisitionTableNote: {
    en: 'CAC = spend ÷ new customers who signed up within the spend dates ({from} … {to}); empty without spend. LTV = revenue to date (net of refunds{margin}) + predicted value, per new customer including those who never bought. Payback: first month since sign-up when cumulative revenue per new customer (customers observed that long) reaches CAC; empty when not reached. Channels with fewer than {minCustomers} new customers show no rates.',
    'zh-CN':
      '获客成本 = 花费 ÷ 花费期间（{from} … {to}）内注册的新客户数；无花费时留空。LTV = 累计收入（扣除退款{margin}）+ 预测价值，按全部新客户（含未购买者）平均。回本周期：注册后每位新客户累计收入（仅计观察期足够长的客户）首次达到获客成本的月份；未达到则留空。新客户少于 {minCustomers} 的渠道不显示比率。',
  },
  acquisitionMargin: {
    en: ', × margin {margin}',
    'zh-CN': '，× 毛利率 {margin}',
  },
  volumeNotValue: {
    en: '{channel} brings many customers ({share} of new customers) but little value: {second} buy a second time against {othersSecond} elsewhere{ltv}{ltvCac}. Cut or re-target its budget{stake}.',
    'zh-CN':
      '{channel} 带来大量客户（占新客户 {share}）但价值低：二次购买率 {second}，其他渠道为 {othersSecond}{ltv}{ltvCac}。建议削减或重新定向其预算{stake}。',
  },
  volumeLtv: {
    en: ', LTV {ltv} per new customer against {othersLtv}',
    'zh-CN': '；每位新客户 LTV {ltv}，其他渠道 {othersLtv}',
  },
  volumeLtvCac: {
    en: ', LTV/CAC {ltvCac}{others}',
    'zh-CN': '；LTV/CAC {ltvCac}{others}',
  },
  volumeOthersLtvCac: {
    en: ' against {value}',
    'zh-CN': '，其他渠道 {value}',
  },
  volumeStake: {
    en: '; about {stake} of its spend earns less than the other channels would',
    'zh-CN': '；其花费中约 {stake} 的回报低于其他渠道',
  },
  volumeEvidence: {
    en: '{newCustomers} new customers, {buyers} buyers; spend {spend}, CAC {cac}; repeat within {days} days {repeat}. Sheet: Acquisition quality.',
    'zh-CN':
      '{newCustomers} 位新客户，{buyers} 位购买；花费 {spend}，获客成本 {cac}；{days} 天内复购率 {repeat}。见“获客质量”表。',
  },
  acquisitionGrow: {
    en: '{channel} acquires the most valuable customers for their cost: LTV/CAC {ltvCac}{payback}. Grow it first, watching whether CAC rises with spend (Response curves sheet).',
    'zh-CN':
      '{channel} 的获客性价比最高：LTV/CAC {ltvCac}{payback}。优先加大投入，并关注花费增加后获客成本是否上升（见响应曲线表）。',
  },
  acquisitionGrowPayback: {
    en: ', paid back in {months} month(s)',
    'zh-CN': '，{months} 个月回本',
  },
  acquisitionGrowEvidence: {
    en: '{newCustomers} new customers, CAC {cac}, LTV {ltv}, second purchase {second}. Sheet: Acquisition quality.',
    'zh-CN': '{newCustomers} 位新客户，获客成本 {cac}，LTV {ltv}，二次购买率 {second}。见“获客质量”表。',
  },
  // Before and after.
  beforeAfterSpend: {
    en: 'Customers reached by {campaign} spent {change} {direction} each over {days} days than comparable customers in the same segment (difference in differences); across {participants} participants that is {worth}.',
    'zh-CN':
      '被“{campaign}”触达的客户在 {days} 天内人均比同分群的可比客户{direction}消费 {amount}（双重差分）；{participants} 位参与者合计 {worth}。',
  },
  beforeAfterMore: { en: 'more', 'zh-CN': '多' },
  beforeAfterLess: { en: 'less', 'zh-CN': '少' },
  beforeAfterSpendUnclear: {
    en: 'Customers reached by {campaign} changed their spend by {change} each against comparable customers: the data cannot tell this from no change.',
    'zh-CN': '被“{campaign}”触达的客户人均消费相对可比客户变化 {change}：数据无法将其与无变化区分。',
  },
  beforeAfterSpendEvidence: {
    en: '{ci} per customer; purchases {purchases} per customer ({purchasesCi}); {participants} participants. Sheet: Before and after.',
    'zh-CN': '每位客户 {ci}；购买次数每人 {purchases}（{purchasesCi}）；{participants} 位参与者。见“活动前后”表。',
  },
  beforeAfterWinBack: {
    en: '{participants} of at-risk or lost participants were active again (potential or high value) {days} days after the start, against {others} of comparable customers.',
    'zh-CN':
      '活动开始 {days} 天后，{participants} 的流失预警或已流失参与者重新活跃（潜力或高价值），可比客户为 {others}。',
  },
  beforeAfterWinBackEvidence: {
    en: '{px} of {pn} participants; {cx} of {cn} others; difference {ci}. Sheet: Before and after.',
    'zh-CN': '参与者 {pn} 人中 {px} 人；其他 {cn} 人中 {cx} 人；差值 {ci}。见“活动前后”表。',
  },
});
