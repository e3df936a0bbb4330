/**
 * The analysis toolkit every domain (user, marketing, finance, loop) builds on: column access, diagnostics,
 * rounding and ratios, empty results, sentence text, message catalogues and `defineAnalysis`.
 * Domain logic (reading orders, money parsing, purchase histories) stays in its domain folder.
 */
export {
  BLANK,
  cellText,
  columnByRole,
  columnValues,
  factorize,
  labels,
  numbers,
  texts,
  type Factor,
} from './columns.js';
export { diag, excelRow, missingColumn, where } from './diagnostics.js';
export { finite, ratio, round } from './math.js';
export { emptyResult, type ResultHead } from './result.js';
export { isoDate } from './dates.js';
export { both, countText, list, money, moneyExact, num, pct, rowRanges, t } from './text.js';
export { checkChoice, checkNumber } from './options.js';
export { defineMessages, fillTemplate, type Catalogue, type MessageParam, type MessageParams } from './messages.js';
export { defineAnalysis } from './define.js';
export { memoized, RunMemo } from './memo.js';
export { optionRules, validateOptions } from './validate-options.js';
export {
  attachFullTable,
  codesInOrder,
  fullTableOf,
  fullTableOfFields,
  rowOfFields,
  type CustomerCodes,
  type FullTable,
} from './full-table.js';
