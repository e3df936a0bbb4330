/**
 * The engine's own labels (report headings, sheet names), in English and Simplified Chinese.
 * Analyses bring their own texts as `I18nText`; this catalogue holds only what the report stage adds.
 */
import type { I18nText, Lang } from '../types.js';

export const LABELS = {
  dashboard: { en: 'Dashboard', 'zh-CN': '仪表板' },
  reportTitle: { en: 'Loopbook results', 'zh-CN': 'Loopbook 分析结果' },
  asOf: { en: 'As of', 'zh-CN': '截至' },
  sources: { en: 'Sources', 'zh-CN': '数据来源' },
  notes: { en: 'Notes', 'zh-CN': '说明' },
  keyFigures: { en: 'Key figures', 'zh-CN': '关键指标' },
  findings: { en: 'Findings', 'zh-CN': '发现' },
  topFindings: { en: 'Top findings (by money at stake)', 'zh-CN': '主要发现（按涉及金额排序）' },
  question: { en: 'Question', 'zh-CN': '问题' },
  method: { en: 'Method', 'zh-CN': '方法' },
  diagnostic: { en: 'Data quality', 'zh-CN': '数据质量' },
  atStake: { en: 'At stake', 'zh-CN': '涉及金额' },
  observational: { en: 'observational, not a randomised comparison', 'zh-CN': '观察性结论，非随机对照' },
  change: { en: 'Change', 'zh-CN': '变化' },
  see: { en: 'See sheet', 'zh-CN': '见工作表' },
  results: { en: 'Results', 'zh-CN': '结果' },
  noResults: { en: 'No analysis could run on these inputs.', 'zh-CN': '这些输入数据无法运行任何分析。' },
  error: { en: 'Error', 'zh-CN': '错误' },
  warning: { en: 'Warning', 'zh-CN': '警告' },
  info: { en: 'Info', 'zh-CN': '提示' },
  rows: { en: 'rows', 'zh-CN': '行' },
  shownFirst: { en: 'Chart shows the first {n} rows.', 'zh-CN': '图表仅显示前 {n} 行。' },
} as const satisfies Record<string, I18nText>;

export type LabelKey = keyof typeof LABELS;

/** The label in `lang`, with `{name}` placeholders filled from `vars`. */
export function label(key: LabelKey, lang: Lang, vars: Record<string, string | number> = {}): string {
  return LABELS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Pick the text of an `I18nText` in `lang` (falls back to English when empty). */
export function pick(text: I18nText, lang: Lang): string {
  return text[lang] || text.en;
}
