/** Public surface of the recipe stage: schema, parsing with migration, run log, `_loopbook` store cells. */
export * from './types.js';
export { parseRecipe } from './parse-recipe.js';
export { hashCells, hashGrid } from './hash.js';
export {
  STORE_SHEET,
  STORE_MARKER,
  STORE_FORMAT,
  CHUNK_CHARS,
  MAX_RUNS,
  emptyRunLog,
  appendRun,
  ownedSheets,
  splitChunks,
  storeToCells,
  storeFromCells,
} from './store.js';
export { runInputs, sourceLines, notInputSheets } from './run-inputs.js';
export type { InputRead } from './run-inputs.js';
