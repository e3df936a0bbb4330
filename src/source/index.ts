/**
 * Sources beyond the workbook: `duckdb:` files and tables, `clickhouse://` tables, their rows kept in the engine
 * (issue 14).
 */
export {
  parseSourceSpec,
  SourceSpecError,
  CLICKHOUSE_PASSWORD_VARIABLE,
  type EngineSource,
  type DuckSource,
  type ClickHouseSource,
} from './spec.js';
export { SourceError, type SqlEngine } from './engine.js';
export { type EngineOptions } from './duckdb/engine.js';
export { type ClickHouseOptions } from './clickhouse/engine.js';
export {
  openEngineSources,
  preparePushdown,
  summaryOptions,
  PUSHED_KINDS,
  DUCKDB_ONLY_KINDS,
  CONDITIONAL_KINDS,
  ORDER_ROW_KINDS,
  type EngineSources,
  type EngineTable,
  type PushedRun,
  type RunEngineOptions,
} from './duckdb/run.js';
