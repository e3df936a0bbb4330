/**
 * Test fixture: Kevin Hillstrom's MineThatData e-mail experiment (tests/reference-data/hillstrom/hillstrom.csv.gz)
 * as an experiment Dataset with roles set by hand (segment → arm; visit, conversion, spend → outcome;
 * history → covariate; newbie, channel, zip_code, history_segment → attribute).
 */
import type { Dataset } from '../../../src/ingest/types.js';
import type { CellValue } from '../../../src/types.js';
import { makeDataset, type ColumnSpec } from '../helpers.js';
import { readReference } from '../../reference-data.js';

/** The file, for `readReference`. */
export const HILLSTROM_CSV = 'hillstrom/hillstrom.csv.gz';

/** Split one CSV line; fields may be quoted (e.g. `"6) $750 - $1,000"`). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parsed columns of the CSV. */
export function readHillstrom(): Record<string, CellValue[]> {
  const text = readReference(HILLSTROM_CSV, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const cols: Record<string, CellValue[]> = Object.fromEntries(header.map((h) => [h, [] as CellValue[]]));
  const numeric = new Set(['recency', 'history', 'mens', 'womens', 'newbie', 'visit', 'conversion', 'spend']);
  for (let i = 1; i < lines.length; i++) {
    const f = splitCsv(lines[i]);
    for (let j = 0; j < header.length; j++) cols[header[j]].push(numeric.has(header[j]) ? Number(f[j]) : f[j]);
  }
  return cols;
}

export function hillstromDataset(cols = readHillstrom()): Dataset {
  const spec: ColumnSpec[] = [
    { name: 'recency', role: null, values: cols.recency, type: 'integer' },
    { name: 'history_segment', role: 'attribute', values: cols.history_segment, type: 'category' },
    { name: 'history', role: 'covariate', values: cols.history, type: 'number' },
    { name: 'mens', role: null, values: cols.mens, type: 'integer' },
    { name: 'womens', role: null, values: cols.womens, type: 'integer' },
    { name: 'zip_code', role: 'attribute', values: cols.zip_code, type: 'category' },
    { name: 'newbie', role: 'attribute', values: cols.newbie, type: 'integer' },
    { name: 'channel', role: 'attribute', values: cols.channel, type: 'category' },
    { name: 'segment', role: 'arm', values: cols.segment, type: 'category' },
    { name: 'visit', role: 'outcome', values: cols.visit, type: 'integer' },
    { name: 'conversion', role: 'outcome', values: cols.conversion, type: 'integer' },
    { name: 'spend', role: 'outcome', values: cols.spend, type: 'number' },
  ];
  return { ...makeDataset('experiment', spec), sheet: 'hillstrom' };
}
