/**
 * The reference data sets the tests reproduce published results on, kept in the repository under
 * `tests/reference-data/` (sources, licences, row counts and checksums: tests/reference-data/README.md).
 * Large files are stored gzipped; `readReference` gunzips a `.gz` file, so a caller names the file as
 * stored and gets its content.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The folder as a file URL ending in `/`. */
export const REFERENCE_DATA: URL = new URL('./reference-data/', import.meta.url);

/**
 * A file of the reference data, e.g. `readReference('rfm/rfm_data_orders.csv', 'utf8')`; a `.gz` file is
 * gunzipped. Without an encoding, the bytes (as a .csv reader would receive them).
 */
export function readReference(file: string): Buffer;
export function readReference(file: string, encoding: 'utf8'): string;
export function readReference(file: string, encoding?: 'utf8'): Buffer | string {
  const stored = readFileSync(new URL(file, REFERENCE_DATA));
  const bytes = file.endsWith('.gz') ? gunzipSync(stored) : stored;
  return encoding ? bytes.toString(encoding) : bytes;
}
