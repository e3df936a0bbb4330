/** Test helper: a recipe of the given analyses (kind → options), no sources, the data's latest date. */
import { RECIPE_VERSION, type Recipe } from '../../src/recipe/types.js';
import type { Lang } from '../../src/types.js';

export function recipeOf(
  analyses: Readonly<Record<string, Record<string, unknown>>>,
  opts: { currency?: string; lang?: Lang; asOf?: string | null } = {},
): Recipe {
  return {
    loopbook: 'recipe',
    version: RECIPE_VERSION,
    sources: [],
    analyses: Object.entries(analyses).map(([kind, options]) => ({ kind, enabled: true, options })),
    asOf: opts.asOf ?? null,
    currency: opts.currency ?? 'CNY',
    lang: opts.lang ?? 'en',
  };
}
