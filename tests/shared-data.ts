/**
 * Where the team's reference data sets live (`../shared/data/` from the project root, read-only).
 * A clone elsewhere can point at them with LOOPBOOK_SHARED_DATA; the tests fail loudly when they
 * cannot be found, rather than skip, because every analysis test depends on published numbers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

function locate(): string {
  const candidates = [
    process.env.LOOPBOOK_SHARED_DATA,
    path.join(ROOT, '../shared/data'),
    '/work/shared/data',
  ].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(path.join(d, 'README.md')));
  if (!found) {
    throw new Error(`The reference data sets were not found in ${candidates.join(', ')}; set LOOPBOOK_SHARED_DATA.`);
  }
  return found;
}

/** The shared data folder as a file URL ending in `/`. */
export const SHARED_DATA: URL = pathToFileURL(`${locate()}/`);

/** A file of the shared data sets, e.g. `sharedData('rfm/rfm_data_orders.csv')`. */
export function sharedData(relative: string): URL {
  return new URL(relative, SHARED_DATA);
}
