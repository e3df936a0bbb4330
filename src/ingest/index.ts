/** Public API of the ingest layer: CellGrid → Dataset. */
export { ingestGrid } from './ingest-grid.js';
export type { IngestOptions } from './ingest-grid.js';
export { IngestUsageError } from './errors.js';
export { INGEST_DIAGNOSTICS, INGEST_DIAGNOSTIC_CODES, ingestDiagnostic } from './diagnostics.js';
export type { IngestDiagnosticCode } from './diagnostics.js';
export { columnLetter, parseTopLeft } from './address.js';
export { serialFromYmd, parseDateText } from './parse-date.js';
export { parseNumberText } from './parse-number.js';
export { classifyFormat } from './number-format.js';
export { EXCEL_ERRORS, isExcelError } from './excel-errors.js';
export { proposeKind, proposeRoles } from './roles.js';
export type * from './types.js';
export { TABLE_KINDS } from './types.js';
