// Issue 18 ("Options for people"): every option of every registered analysis (src/analysis/registry.ts) is
// shown in English and in Chinese: a label in both languages, the Chinese not a copy of the English and
// free of Latin letters apart from the accepted terms below; the same for help texts, choices and the
// fields of list, map and table editors. Each analysis asks two to four plain questions (fewer only when it
// has fewer options) and edits no object or list option without an editor (no JSON box in the pane).
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analysis/registry.js';
import { optionSpecsFor, type FieldSpec, type OptionSpec } from '../../src/analysis/option-specs.js';
import type { I18nText } from '../../src/types.js';

/** Latin-letter terms a Chinese analyst writes as they are (abbreviations, a statistic, the product's name). */
const ACCEPTED = ['RFM', 'CLV', 'ROI', 'ROAS', 'A/B', 'R²', 'p', 'Loopbook'];

/** The Latin letters left in a Chinese text once the accepted terms are taken out, or '' when none. */
export function strayLatin(zh: string): string {
  let rest = zh;
  for (const term of ACCEPTED)
    rest = rest.replace(new RegExp(`(?<![A-Za-z])${term.replace('/', '\\/')}(?![A-Za-z])`, 'g'), '');
  return (rest.match(/[A-Za-z]+/g) ?? []).join(' ');
}

/** Every text of an option's spec, named by where it is used. */
function texts(spec: OptionSpec): [string, I18nText | undefined][] {
  const out: [string, I18nText | undefined][] = [['label', spec.label]];
  if (spec.help) out.push(['help', spec.help]);
  for (const c of spec.choices ?? []) out.push([`choice ${String(c.value)}`, c.label]);
  const field = (where: string, f: FieldSpec) => {
    out.push([`${where} label`, f.label]);
    if (f.help) out.push([`${where} help`, f.help]);
  };
  const e = spec.editor;
  if (e?.kind === 'fields' || e?.kind === 'rows') for (const [k, f] of Object.entries(e.fields)) field(k, f);
  if (e?.kind === 'list') {
    field('item', e.item);
    e.labels?.forEach((l, i) => out.push([`entry ${i + 1}`, l]));
  }
  if (e?.kind === 'map') {
    field('key', e.key);
    if (e.value) field('value', e.value);
    for (const [k, f] of Object.entries(e.fields ?? {})) field(k, f);
  }
  if (e?.kind === 'choice-or-text') {
    for (const c of e.choices) out.push([`choice ${c.value}`, c.label]);
    field('other', e.other);
  }
  return out;
}

/** What is wrong with one text, or null. */
function problem(text: I18nText | undefined): string | null {
  if (!text?.en?.trim()) return 'no English';
  const zh = text['zh-CN']?.trim();
  if (!zh) return 'no Chinese';
  if (zh === text.en.trim()) return 'Chinese is the English';
  const stray = strayLatin(zh);
  if (stray) return `Latin letters in Chinese: ${stray}`;
  if (/[,:;?!()]/.test(zh)) return 'ASCII punctuation in Chinese';
  return null;
}

describe('options in both languages', () => {
  it('the checker itself: accepted terms pass, any other Latin word or a copied label fails', () => {
    expect(strayLatin('渠道曲线可信所需的最小 R²')).toBe('');
    expect(strayLatin('RFM 八类（与平均值比较）')).toBe('');
    expect(strayLatin('p 值低于 0.05')).toBe('');
    expect(strayLatin('CUPED 方差缩减')).toBe('CUPED');
    expect(strayLatin('样本比例告警阈值 pvalue')).toBe('pvalue');
    expect(strayLatin('随机种子 seed')).toBe('seed');
    expect(problem({ en: 'Random seed', 'zh-CN': 'Random seed' })).toBe('Chinese is the English');
    expect(problem({ en: 'Random seed', 'zh-CN': '' })).toBe('no Chinese');
    expect(problem({ en: 'Period', 'zh-CN': '周期(天)' })).toBe('ASCII punctuation in Chinese');
    expect(problem(undefined)).toBe('no English');
  });

  it('every option of every registered analysis has a natural Chinese and an English text', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const def of ANALYSES) {
      const specs = optionSpecsFor(def.defaults, def.optionSpecs);
      for (const key of Object.keys(def.defaults)) {
        const spec = specs[key];
        if (!spec) {
          bad.push(`${def.kind}.${key}: no spec`);
          continue;
        }
        for (const [where, text] of texts(spec)) {
          checked++;
          const p = problem(text);
          if (p) bad.push(`${def.kind}.${key} ${where}: ${p} (${JSON.stringify(text)})`);
        }
      }
    }
    expect(bad).toEqual([]);
    // Every option has at least its label checked, and most have help, choices or fields as well.
    const options = ANALYSES.reduce((n, d) => n + Object.keys(d.defaults).length, 0);
    expect(options).toBeGreaterThan(100);
    expect(checked).toBeGreaterThan(options * 2);
  });

  it('each analysis asks two to four plain questions; objects and lists all have an editor', () => {
    const bad: string[] = [];
    for (const def of ANALYSES) {
      const specs = optionSpecsFor(def.defaults, def.optionSpecs);
      const keys = Object.keys(def.defaults);
      const basic = keys.filter((k) => specs[k]?.basic);
      if (basic.length < Math.min(2, keys.length) || basic.length > 4)
        bad.push(`${def.kind}: ${basic.length} questions`);
      for (const [k, v] of Object.entries(def.defaults)) {
        const structured = v !== null && typeof v === 'object';
        const multiChoice = Array.isArray(v) && !!specs[k]?.choices;
        if (structured && !specs[k]?.editor && !multiChoice) bad.push(`${def.kind}.${k}: no editor`);
      }
    }
    expect(bad).toEqual([]);
  });
});
