/**
 * The closed loop's sentences (findings and their evidence), in English and Simplified Chinese, with named
 * parameters (common/messages.ts). Figures come formatted by the caller (money(), num() …, per language).
 * A clause that is present or not is its own message, passed as a parameter (or '' when absent).
 */
import { defineMessages } from '../common/index.js';

export const loopMessage = defineMessages({
  winBack: {
    en: 'Win back {count} customers who have gone quiet (last purchase {atRiskDays}–{lostDays} days ago) now{measured}{value}. The list is on the Findings sheet, most valuable first.',
    'zh-CN': '立即挽回 {count} 位沉寂客户（最近购买在 {atRiskDays}–{lostDays} 天前）{measured}{value}。名单见“结论与建议”表，按价值从高到低排列。',
  },
  winBackMeasured: {
    en: ', with {arm}: in the test it raised {metric} of such customers by {each} each, about {stake} for all of them',
    'zh-CN': '，使用「{arm}」：实验中它使此类客户的{metric}人均提高 {each}，全部挽回约 {stake}',
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
    'zh-CN': '；实验 {arm} 对比 {control}（{segment}）：{nArm} 对 {nControl} 个样本，Holm p {p}',
  },
  winBackEvidenceNoExperiment: {
    en: '; no experiment measured how such customers respond, so no amount is claimed',
    'zh-CN': '；没有实验测量此类客户的反应，故不给出金额',
  },
});
