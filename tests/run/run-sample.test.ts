/**
 * The runner on the sample workbook (assets/sample/loopbook-sample.xlsx): the Findings sheet reads the
 * Segment response the user configured, and one run fits the customer models once for every analysis
 * that shares them (RFM, clusters, CLV, the loop's predicted value).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisInputs } from '../../src/analysis/registry-types.js';
import { RunMemo } from '../../src/analysis/common/index.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { pickInputs } from '../../src/run/detect.js';
import { runAnalyses } from '../../src/run/run.js';
import { readFile } from '../../src/xlsx/read.js';
import { recipeOf } from './recipe.js';

const ASOF = 46_022; // Excel =DATE(2025,12,31), the sample README's as-of
let inputs: AnalysisInputs;

beforeAll(async () => {
  const file = await readFile('assets/sample/loopbook-sample.xlsx');
  inputs = pickInputs(file.grids.map((g) => ingestGrid(g)));
}, 60_000);

describe('runner on the sample workbook', () => {
  it('the Findings sheet agrees with the Segment response sheet the user configured (not its defaults)', () => {
    // Non-default: RFM segments compared by campaign, at least 80 customers a cell.
    const sr = { segmentBy: 'rfm', touchColumns: 'campaign', minSize: 80 };
    const out = runAnalyses(inputs, recipeOf({ 'segment-response': sr, recommendations: {} }), ASOF);
    const byKind = new Map(out.results.map((r) => [r.kind, r]));
    const segment = byKind.get('segment-response')!;
    const findings = byKind.get('recommendations')!.tables.find((t) => t.name === 'findings')!.rows;
    const fromSegment = findings.filter((r) => r.sheet === segment.sheetName.en).map((r) => r.key);
    expect(fromSegment.length).toBeGreaterThan(0);
    expect(new Set(fromSegment)).toEqual(new Set(segment.findings.map((f) => f.key)));
    // RFM segment names (the rfm package map) and campaigns, never the default business segments × channels.
    expect(fromSegment.some((k) => String(k).includes(':potential:') || String(k).includes(':high_value:'))).toBe(
      false,
    );
    // The two siblings the recipe left out ran with their defaults for the Findings sheet, and said so.
    expect(out.results.map((r) => r.kind)).toEqual(['segment-response', 'recommendations']);
    expect(out.diagnostics.filter((d) => d.code === 'run.ran-for-another').length).toBe(2);
  }, 120_000);

  it('one orders read, one model summary and one BG/NBD fit per run, shared by RFM, clusters, CLV and the loop', () => {
    const memo = new RunMemo();
    const out = runAnalyses(
      inputs,
      recipeOf({ rfm: {}, clusters: {}, clv: {}, 'acquisition-quality': {}, recommendations: {} }),
      ASOF,
      { memo },
    );
    expect(out.results.map((r) => r.kind)).toEqual([
      'rfm',
      'clusters',
      'clv',
      'acquisition-quality',
      'recommendations',
    ]);
    expect(memo.computed('orders')).toBe(1);
    expect(memo.computed('bg-nbd')).toBe(1);
    // Two summaries: RFM counts every order in days (user/rfm.ts), the models purchase days in weeks, the
    // summary clusters, CLV and the loop share (user/clusters.ts, user/clv.ts, loop/clv-scores.ts).
    expect(memo.computed('summary')).toBe(2);
    expect(memo.computed('predict')).toBe(1);
  }, 120_000);
});
