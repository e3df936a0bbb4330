/**
 * Hillstrom through the real pipeline front half (CSV reader → ingest → experiment analysis), the way
 * `loopbook analyze hillstrom.csv` sees it: roles are whatever ingest proposes, not set by hand.
 */
import { readReference } from '../../reference-data.js';
import { describe, expect, it } from 'vitest';
import { experimentAnalysis } from '../../../src/analysis/marketing/experiment/index.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';
import { common } from '../helpers.js';
import { HILLSTROM_CSV } from './hillstrom.js';

describe('Hillstrom via CSV reader and ingest (tests/reference-data/README.md)', () => {
  const { grid } = csvBytesToGrid(new Uint8Array(readReference(HILLSTROM_CSV)), 'hillstrom');
  const data = ingestGrid(grid!);
  const r = experimentAnalysis.run({ experiment: data }, common('2008-12-31'), experimentAnalysis.defaults);

  it('finds the arms and reproduces the published per-arm figures', () => {
    const arms = r.tables.find((t) => t.name === 'arms')!;
    const mens = arms.rows.find((x) => x.arm === 'Mens E-Mail')!;
    expect(arms.rows[0].arm).toBe('No E-Mail');
    expect(mens.n).toBe(21307);
    expect(mens.visit).toBeCloseTo(0.182757, 6);
    expect(mens.conversion).toBeCloseTo(0.012531, 6);
    expect(mens.spend).toBeCloseTo(1.422617, 6);
    expect(r.figures.find((f) => f.key === 'srm_p')!.value).toBeCloseTo(0.903693, 6);
  });

  it('lift by newbie, channel, zip_code and history_segment', () => {
    const seg = r.tables.find((t) => t.name === 'segments')!;
    const cols = new Set(seg.rows.map((x) => x.segment_column));
    for (const c of ['newbie', 'channel', 'zip_code', 'history_segment']) expect(cols).toContain(c);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
