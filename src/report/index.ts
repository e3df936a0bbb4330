/** Public surface of the report stage: AnalysisResult[] → Report (plain, validated JSON). */
export * from './types.js';
export { buildReport, sanitizeSheetName, uniqueName, diagnosticText } from './build-report.js';
export type { ReportContext } from './build-report.js';
export { numberFormatFor, CHANGE_FORMAT, serialToIso, isoToSerial } from './number-format.js';
