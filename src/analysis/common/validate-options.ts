/**
 * Checking a run's options against an analysis's definition before `run` sees them, for the command line
 * and the task pane alike (both go through `runAnalyses`). Each option's schema is built from its default
 * (the type: number, text, true/false, a list, an object with the default's keys) and its option spec
 * (`min`, `max`, `choices`; the shared catalogue in option-specs.ts, then the definition's own). A value the
 * schema refuses, or an option the analysis does not have, becomes a warning naming the analysis, the
 * option, the value and what is allowed, and the default is used for that option.
 *
 * @example
 *   validateOptions(segmentResponseAnalysis, { alpha: 0.5 }).options.alpha // → 0.05 (the default)
 *   // with one warning: 'Segment response: option "alpha" (Significance level) is 0.5; allowed: a number from 0.001 to 0.2. …'
 */
import { z } from 'zod';
import type { Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef } from '../registry-types.js';
import { optionSpecsFor, type OptionSpec } from '../option-specs.js';
import { diag } from './diagnostics.js';

/** A schema for one option and what it allows, in words. */
interface OptionRule {
  schema: z.ZodType;
  allowed: I18nText;
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

function numberRule(spec: OptionSpec | undefined): OptionRule {
  let schema = z.number();
  if (spec?.min !== undefined) schema = schema.min(spec.min);
  if (spec?.max !== undefined) schema = schema.max(spec.max);
  const { min, max } = spec ?? {};
  const allowed =
    min !== undefined && max !== undefined
      ? t(`a number from ${min} to ${max}`, `${min} 到 ${max} 之间的数字`)
      : min !== undefined
        ? t(`a number of at least ${min}`, `不小于 ${min} 的数字`)
        : max !== undefined
          ? t(`a number of at most ${max}`, `不大于 ${max} 的数字`)
          : t('a number', '数字');
  return { schema, allowed };
}

function choiceRule(choices: NonNullable<OptionSpec['choices']>): OptionRule {
  const values = choices.map((c) => c.value);
  const shown = values.map((v) => JSON.stringify(v));
  return {
    schema: z.union(values.map((v) => z.literal(v))),
    allowed: t(`one of ${shown.join(', ')}`, `${shown.join('、')} 之一`),
  };
}

/** The rule of a value shaped like `value` (an option's default, or a field of one). */
function ruleFor(value: unknown, spec: OptionSpec | undefined): OptionRule {
  if (spec?.choices && (value === null || typeof value === typeof spec.choices[0]?.value)) {
    const r = choiceRule(spec.choices);
    return value === null
      ? { schema: r.schema.nullable(), allowed: t(`${r.allowed.en}, or empty`, `${r.allowed['zh-CN']}，或留空`) }
      : r;
  }
  if (typeof value === 'number') return numberRule(spec);
  if (typeof value === 'boolean') return { schema: z.boolean(), allowed: t('true or false', 'true 或 false') };
  if (typeof value === 'string') return { schema: z.string(), allowed: t('text', '文本') };
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    const item = typeof first === 'number' ? z.number() : typeof first === 'string' ? z.string() : z.unknown();
    const what =
      typeof first === 'number'
        ? t('a list of numbers', '数字列表')
        : typeof first === 'string'
          ? t('a list of texts', '文本列表')
          : t('a list', '列表');
    return { schema: z.array(item), allowed: what };
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    // An empty default (a map the user fills, e.g. vendor → channel) takes any keys.
    if (keys.length === 0) return { schema: z.record(z.string(), z.unknown()), allowed: t('an object', '对象') };
    const shape: Record<string, z.ZodType> = {};
    for (const k of keys) shape[k] = ruleFor((value as Record<string, unknown>)[k], undefined).schema;
    return {
      schema: z.strictObject(shape),
      allowed: t(`an object with ${keys.join(', ')}`, `包含 ${keys.join('、')} 的对象`),
    };
  }
  // A null default without choices: a number when the spec bounds it, else anything (a column name, dates …).
  if (value === null && (spec?.min !== undefined || spec?.max !== undefined)) {
    const r = numberRule(spec);
    return { schema: r.schema.nullable(), allowed: t(`${r.allowed.en}, or empty`, `${r.allowed['zh-CN']}，或留空`) };
  }
  return { schema: z.unknown(), allowed: t('anything', '任意值') };
}

/** The rules of every option of `def`, keyed by option name. */
export function optionRules(def: Pick<AnalysisDef, 'defaults' | 'optionSpecs'>): Map<string, OptionRule> {
  const specs = optionSpecsFor(def.defaults, def.optionSpecs);
  const rules = new Map<string, OptionRule>();
  for (const [key, value] of Object.entries(def.defaults)) rules.set(key, ruleFor(value, specs[key]));
  return rules;
}

function shown(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * The options `def.run` receives: the defaults, overridden by each of `given` that passes its rule; a
 * warning for each value refused and each option the analysis does not have (left out).
 */
export function validateOptions<O extends object>(
  def: Pick<AnalysisDef<O>, 'kind' | 'title' | 'defaults' | 'optionSpecs'>,
  given: Readonly<Record<string, unknown>> | undefined,
): { options: O; diagnostics: Diagnostic[] } {
  const rules = optionRules(def);
  const specs = optionSpecsFor(def.defaults, def.optionSpecs);
  const options = { ...def.defaults } as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  for (const [key, value] of Object.entries(given ?? {})) {
    const rule = rules.get(key);
    if (!rule) {
      const known = [...rules.keys()].join(', ');
      diagnostics.push(
        diag('run.unknown-option', 'warning', {
          en: `${def.title.en}: "${key}" is not one of its options (${known}); the value ${shown(value)} was ignored.`,
          'zh-CN': `${def.title['zh-CN']}：没有选项“${key}”（可用选项：${known}）；已忽略其值 ${shown(value)}。`,
        }),
      );
      continue;
    }
    if (rule.schema.safeParse(value).success) {
      options[key] = value;
      continue;
    }
    const label = specs[key]?.label;
    const fallback = shown((def.defaults as Record<string, unknown>)[key]);
    diagnostics.push(
      diag('run.bad-option', 'warning', {
        en: `${def.title.en}: option "${key}"${label ? ` (${label.en})` : ''} is ${shown(value)}; allowed: ${rule.allowed.en}. The default ${fallback} was used.`,
        'zh-CN': `${def.title['zh-CN']}：选项“${key}”${label ? `（${label['zh-CN']}）` : ''}的值 ${shown(value)} 不可用，应为${rule.allowed['zh-CN']}；已使用默认值 ${fallback}。`,
      }),
    );
  }
  return { options: options as O, diagnostics };
}
