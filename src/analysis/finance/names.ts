/**
 * Campaign, channel and vendor names as finance sees them: the same campaign is written `Spring Sale
 * 2024`, `spring-sale_2024`, `ＳＰＲＩＮＧ ＳＡＬＥ ２０２４` (full-width) or `【春季大促】2024` depending on who typed it.
 *
 * - `nameKey` is the normalised key used for exact-after-normalisation matching: Unicode NFKC (full-width
 *   letters, digits and punctuation become half-width), lower case, every character that is not a letter or
 *   a digit removed (so punctuation, spaces, brackets and Chinese punctuation do not count).
 * - `similarity` is for fuzzy matching: the better of the Levenshtein ratio of the keys and of the
 *   word-sorted forms (so `Search – Spring Sale` matches `Spring Sale Search`), computed with the
 *   `fastest-levenshtein` package. Chinese is compared character by character.
 */
import { distance } from 'fastest-levenshtein';

const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_WORD = /[^a-z0-9]+/g;
const HAN_RUN = /(\p{Script=Han}+)/gu;

/** Normalised matching key: NFKC, lower case, letters and digits only. `''` for blank. */
export function nameKey(s: string): string {
  // ASCII needs no NFKC and a simpler (much faster) pattern; the result is the same.
  if (ASCII.test(s)) return s.toLowerCase().replace(NOT_ASCII_WORD, '');
  return s.normalize('NFKC').toLowerCase().replace(NOT_WORD, '');
}

/** Words of a name after NFKC and lower-casing; a run of Chinese characters is one word. */
export function nameWords(s: string): string[] {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(HAN_RUN, ' $1 ')
    .replace(NOT_WORD, ' ')
    .split(' ')
    .filter((w) => w !== '');
}

/** A name prepared once for repeated fuzzy comparison. */
export interface PreparedName {
  key: string;
  sorted: string;
  words: string[];
}

/** Prepare a name for `similarity`. */
export function prepareName(s: string): PreparedName {
  const words = nameWords(s);
  return { key: words.join(''), sorted: [...words].sort().join(' '), words };
}

function ratio(a: string, b: string, min: number): number {
  const la = a.length;
  const lb = b.length;
  const max = la > lb ? la : lb;
  if (max === 0) return 0;
  // Levenshtein distance is at least the length difference: skip pairs that cannot reach `min`.
  if ((la < lb ? la : lb) / max < min) return 0;
  return 1 - distance(a, b) / max;
}

/**
 * Similarity 0..1 of two prepared names: max of the Levenshtein ratios (1 − distance / longer length) of the
 * keys and of the word-sorted forms. Pairs that cannot reach `min` by length alone return 0 early.
 * @example similarity(prepareName('Spring Sale Search'), prepareName('Search - Spring Sale')) // → 1
 */
export function similarity(a: PreparedName, b: PreparedName, min = 0): number {
  if (a.key === '' || b.key === '') return 0;
  if (a.key === b.key) return 1;
  const r1 = ratio(a.key, b.key, min);
  const r2 = a.words.length > 1 || b.words.length > 1 ? ratio(a.sorted, b.sorted, min) : 0;
  return r1 > r2 ? r1 : r2;
}

/** The best fuzzy candidate, or why there is none. */
export type FuzzyMatch =
  { ok: true; index: number; score: number } | { ok: false; reason: 'none' | 'ambiguous'; best: number; score: number };

/**
 * Best candidate at or above `min` similarity. When the runner-up is within `margin` of the best and is a
 * different name, the match is ambiguous and nothing is chosen (a finance match must be unambiguous).
 */
export function bestMatch(
  query: PreparedName,
  candidates: readonly PreparedName[],
  min: number,
  margin = 0.02,
): FuzzyMatch {
  let best = -1;
  let bestScore = 0;
  let second = 0;
  for (let i = 0; i < candidates.length; i++) {
    const s = similarity(query, candidates[i], min * 0.9);
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = i;
    } else if (s > second) second = s;
  }
  if (best < 0 || bestScore < min) return { ok: false, reason: 'none', best, score: bestScore };
  if (second >= min && bestScore - second < margin) return { ok: false, reason: 'ambiguous', best, score: bestScore };
  return { ok: true, index: best, score: bestScore };
}

/** Split a reference that lists several campaigns (`A; B`, `A、B`, `A | B`, `A + B`, newlines). */
export function splitRefs(ref: string): string[] {
  return ref
    .normalize('NFKC')
    .split(/\s*(?:[;|、\n+]|\s\/\s|,\s)\s*/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
