/** Public surface of the plan stage: Report → Plan (host-neutral WorkbookOps). */
export type * from './types.js';
export { buildPlan, chunkedWrites, DEFAULT_MAX_REQUEST_BYTES } from './build-plan.js';
export { needsTextGuard, toPlanValue, planText } from './text-safety.js';
export { cell, range, columnLetter, columnIndex, parseRange, quoteSheet, absoluteRef } from './a1.js';
