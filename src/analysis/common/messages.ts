/**
 * Message catalogues: each analysis domain keeps its sentences (findings, verdicts, notes) in one catalogue
 * per domain, in English and Simplified Chinese, with named parameters filled in at the call, in the manner
 * of Vega-Lite's `log/message.ts`. A catalogue holds words only: the caller formats the figures (money(),
 * pct() …), per language where the format differs.
 *
 * @example
 *   const msg = defineMessages({ spendUp: { en: 'Spend rose {change} in {month}.', 'zh-CN': '{month}花费上升 {change}。' } });
 *   msg('spendUp', { change: (lang) => pct(0.12, lang), month: '2025-06' })
 *   // → { en: 'Spend rose 12.0% in 2025-06.', 'zh-CN': '2025-06花费上升 12.0%。' }
 */
import type { I18nText, Lang } from '../../types.js';

export type Catalogue = Readonly<Record<string, Readonly<Record<Lang, string>>>>;

/** A parameter: the same text in both languages, a text per language, or a function of the language. */
export type MessageParam = string | number | I18nText | ((lang: Lang) => string);

export type MessageParams = Readonly<Record<string, MessageParam>>;

const LANGS: readonly Lang[] = ['en', 'zh-CN'];

function paramText(value: MessageParam, lang: Lang): string {
  if (typeof value === 'function') return value(lang);
  if (typeof value === 'object') return value[lang];
  return String(value);
}

/** Fills `{name}` placeholders; a placeholder without a parameter is a programming error and throws. */
export function fillTemplate(template: string, params: MessageParams, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`Message parameter "${name}" missing for: ${template}`);
    return paramText(params[name], lang);
  });
}

/** A function giving the catalogue's message `key` in both languages, with `params` filled in. */
export function defineMessages<C extends Catalogue>(
  catalogue: C,
): (key: keyof C & string, params?: MessageParams) => I18nText {
  return (key, params = {}) => {
    const entry = catalogue[key];
    const out = {} as Record<Lang, string>;
    for (const lang of LANGS) out[lang] = fillTemplate(entry[lang], params, lang);
    return out;
  };
}
