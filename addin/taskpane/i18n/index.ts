/**
 * The pane's text catalogues (English and Simplified Chinese) on i18next. Every UI string lives in
 * `en.json` / `zh-CN.json`; texts that come from the engine are `I18nText` and are picked with `pick`.
 */
import { createInstance } from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { I18nText, Lang } from '../../../src/types.js';
import en from './en.json';
import zhCN from './zh-CN.json';

export const CATALOGUES = { en, 'zh-CN': zhCN } as const;

/** `zh-CN` for any Chinese display language (zh, zh-CN, zh-Hans …), English otherwise. */
export function langFromDisplay(displayLanguage: string): Lang {
  return displayLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** A fresh i18next instance for one pane (tests create their own). */
export function createI18n(lang: Lang): I18n {
  const i18n = createInstance();
  void i18n.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return i18n;
}

/** The text of an engine `I18nText` in `lang` (English when the other is empty). */
export function pick(text: I18nText, lang: Lang): string {
  return text[lang] || text.en;
}

/**
 * The marks the pane puts between a label and its text, in `lang`: `Warning: …` / `警告：…`,
 * `Not available — Needs …` / `当前数据无法运行——需要…`.
 */
export function marks(lang: Lang): { colon: string; comma: string; semicolon: string; stop: string; aside: string } {
  return lang === 'zh-CN'
    ? { colon: '：', comma: '，', semicolon: '；', stop: '。', aside: '——' }
    : { colon: ': ', comma: ', ', semicolon: '; ', stop: '. ', aside: ' — ' };
}
