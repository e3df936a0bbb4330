/** Payload sizes of Office.js requests and responses (JSON, UTF-8): the plan's measure, one budget. */

/** Each request and response is kept under this (Excel on the web rejects more than 5 MB). */
export const TARGET_PAYLOAD_BYTES = 4_000_000;

export { jsonBytes } from '../../src/plan/json-bytes.js';
