/** Sources beyond the workbook: `duckdb:` files and tables, their rows kept in the engine (issue 14). */
export { parseSourceSpec, SourceSpecError, type EngineSource } from './spec.js';
export { SourceError, type EngineOptions } from './duckdb/engine.js';
export {
  openEngineSources,
  preparePushdown,
  summaryOptions,
  PUSHED_KINDS,
  ORDER_ROW_KINDS,
  type EngineSources,
  type EngineTable,
  type PushedRun,
} from './duckdb/run.js';
