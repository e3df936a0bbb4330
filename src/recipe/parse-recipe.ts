/**
 * Recipe parsing with migration from older versions and clear, bilingual errors.
 */
import type { Diagnostic, I18nText } from '../types.js';
import { EXPORT_FORMATS, findFormat } from '../ingest/formats/index.js';
import { RECIPE_VERSION, RecipeSchema } from './types.js';
import type { Recipe } from './types.js';

const msg = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One migration step per version: `MIGRATIONS[v]` turns version v into v + 1. */
const MIGRATIONS: Record<number, (r: Json) => Json> = {
  // v1 → v2: analyses were a list of kinds; `language` became `lang`; sources got ids.
  1: (r) => {
    const { language, analyses, sources, ...rest } = r;
    const srcs: unknown[] = Array.isArray(sources) ? (sources as unknown[]) : [];
    const seen = new Map<string, number>();
    return {
      ...rest,
      version: 2,
      lang: rest.lang ?? language ?? 'en',
      analyses: (Array.isArray(analyses) ? (analyses as unknown[]) : []).map((a) =>
        typeof a === 'string' ? { kind: a, enabled: true, options: {} } : a,
      ),
      sources: srcs.map((s) => {
        if (!isObject(s) || typeof s.id === 'string') return s;
        const base = typeof s.kind === 'string' ? s.kind : 'source';
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        return { id: n === 1 ? base : `${base}-${n}`, ...s };
      }),
    };
  },
};

function where(path: PropertyKey[]): string {
  return path.length > 0
    ? path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
    : '(root)';
}

/**
 * Validate a recipe (parsed JSON), migrating older versions to `RECIPE_VERSION`. Never throws.
 * Returns the recipe, or null with error diagnostics naming the offending field; a migration adds an info.
 * @example parseRecipe({ loopbook: 'recipe', version: 1, sources: [], analyses: ['rfm'], asOf: null, currency: 'CNY', language: 'zh-CN' }).recipe?.lang // 'zh-CN'
 */
export function parseRecipe(input: unknown): { recipe: Recipe | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, m: I18nText) => {
    diagnostics.push({ code, severity: 'error', message: m });
    return { recipe: null, diagnostics };
  };
  if (!isObject(input))
    return error('recipe.notObject', msg('The recipe is not a JSON object.', '配方不是 JSON 对象。'));
  if (input.loopbook !== 'recipe')
    return error(
      'recipe.marker',
      msg(
        'This JSON is not a Loopbook recipe (missing "loopbook": "recipe").',
        '该 JSON 不是 Loopbook 配方：缺少 loopbook 字段（其值应为 recipe）。',
      ),
    );
  let version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return error('recipe.version', msg('The recipe has no valid "version".', '配方缺少有效的版本号（version 字段）。'));
  if (version > RECIPE_VERSION)
    return error(
      'recipe.newer',
      msg(
        `The recipe is version ${version}, newer than this Loopbook understands (${RECIPE_VERSION}). Update Loopbook.`,
        `配方版本为 ${version}，高于当前 Loopbook 支持的版本（${RECIPE_VERSION}）。请更新 Loopbook。`,
      ),
    );
  let doc: Json = input;
  const from = version;
  // At most RECIPE_VERSION steps: each step raises the version by one.
  while (version < RECIPE_VERSION) {
    doc = MIGRATIONS[version](doc);
    version += 1;
  }
  if (from < RECIPE_VERSION)
    diagnostics.push({
      code: 'recipe.migrated',
      severity: 'info',
      message: msg(
        `The recipe was upgraded from version ${from} to ${RECIPE_VERSION}.`,
        `配方已从版本 ${from} 升级到 ${RECIPE_VERSION}。`,
      ),
    });
  const parsed = RecipeSchema.safeParse(doc);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 10)) {
      const at = where(issue.path);
      diagnostics.push({
        code: 'recipe.invalid',
        severity: 'error',
        message: msg(`Recipe field ${at}: ${issue.message}`, `配方字段 ${at}：${issue.message}`),
      });
    }
    return { recipe: null, diagnostics };
  }
  const ids = new Set<string>();
  for (const s of parsed.data.sources) {
    if (ids.has(s.id))
      return error(
        'recipe.duplicateSource',
        msg(`Two sources share the id "${s.id}".`, `有两个数据源使用相同的 id “${s.id}”。`),
      );
    ids.add(s.id);
    if (s.format !== undefined && s.format !== 'none' && !findFormat(s.format)) {
      const known = ['none', ...EXPORT_FORMATS.map((f) => f.id)].join(', ');
      return error(
        'recipe.unknownFormat',
        msg(
          `Source "${s.id}" asks for the export format "${s.format}", which Loopbook does not know. Use one of: ${known}.`,
          `数据源“${s.id}”指定的导出格式“${s.format}”无法识别。可用：${known}。`,
        ),
      );
    }
  }
  return { recipe: parsed.data as Recipe, diagnostics };
}
