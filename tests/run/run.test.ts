/**
 * The runner (src/run/run.ts): options checked against each definition, analyses run once in dependency
 * order with the user's options, results handed over in `deps`, and analyses that need no date run on
 * date-less data. Fake definitions pin the runner's rules; real ones show the outcome on real analyses.
 */
import { describe, expect, it } from 'vitest';
import type { AnalysisDef, AnalysisDeps, CommonOptions } from '../../src/analysis/registry-types.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { emptyResult, RunMemo, t } from '../../src/analysis/common/index.js';
import { runAnalyses } from '../../src/run/run.js';
import { makeDataset } from '../analysis/helpers.js';
import { recipeOf } from './recipe.js';

interface Call {
  kind: string;
  options: object;
  deps: string[];
  asOf: number;
}

/** A fake analysis that records each call (options, deps it was handed) and returns an empty result. */
function fake(
  kind: string,
  calls: Call[],
  extra: Partial<AnalysisDef<{ alpha: number; by: string }>> = {},
): AnalysisDef {
  const def: AnalysisDef<{ alpha: number; by: string }> = {
    kind,
    title: t(`Fake ${kind}`, `假 ${kind}`),
    question: t('q', '问'),
    requires: [],
    needs: t('n', '需'),
    defaults: { alpha: 0.05, by: 'channel' },
    run(_inputs, common: CommonOptions, options, deps?: AnalysisDeps): AnalysisResult {
      calls.push({ kind, options, deps: [...(deps?.keys() ?? [])], asOf: common.asOf });
      return emptyResult({ kind, title: def.title, sheetName: def.title, question: def.question }, []);
    },
    ...extra,
  };
  return def;
}

const ASOF = 46_022; // Excel =DATE(2025,12,31)

describe('options are checked against the definition', () => {
  it('an out-of-range number and an unknown choice fall back to the default, each with a warning naming both', () => {
    const calls: Call[] = [];
    // alpha and by have specs in the shared catalogue: alpha 0.001–0.2, by channel | campaign.
    const out = runAnalyses({}, recipeOf({ a: { alpha: 0.5, by: 'region' } }), ASOF, { analyses: [fake('a', calls)] });
    expect(calls[0].options).toEqual({ alpha: 0.05, by: 'channel' });
    const bad = out.diagnostics.filter((d) => d.code === 'run.bad-option');
    expect(bad.map((d) => d.message.en)).toEqual([
      'Fake a: option "alpha" (Accepted chance of a false alarm) is 0.5; allowed: a number from 0.001 to 0.2. The default 0.05 was used.',
      'Fake a: option "by" (Give credit to) is "region"; allowed: one of "channel", "campaign". The default "channel" was used.',
    ]);
    expect(bad[0].message['zh-CN']).toBe(
      '假 a：选项“alpha”（可接受的误报概率）的值 0.5 不可用，应为0.001 到 0.2 之间的数字；已使用默认值 0.05。',
    );
    expect(bad.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('valid values pass unchanged; a wrong type and an option the analysis lacks are refused', () => {
    const calls: Call[] = [];
    const out = runAnalyses({}, recipeOf({ a: { alpha: 0.1, by: 'campaign', minSize: 5 } }), ASOF, {
      analyses: [fake('a', calls)],
    });
    expect(calls[0].options).toEqual({ alpha: 0.1, by: 'campaign' });
    expect(out.diagnostics.map((d) => d.code)).toEqual(['run.unknown-option']);
    expect(out.diagnostics[0].message.en).toContain('"minSize" is not one of its options (alpha, by)');
    const typed = runAnalyses({}, recipeOf({ a: { alpha: '0.1' } }), ASOF, { analyses: [fake('a', [])] });
    expect(typed.diagnostics.map((d) => d.code)).toEqual(['run.bad-option']);
  });

  it('every analysis accepts its own defaults (no warning on a detected recipe)', async () => {
    const { ANALYSES } = await import('../../src/analysis/registry.js');
    const { validateOptions } = await import('../../src/analysis/common/index.js');
    for (const def of ANALYSES) expect(validateOptions(def, { ...def.defaults }).diagnostics, def.kind).toEqual([]);
  });
});

describe('declared dependencies', () => {
  it('runs what an analysis uses first, once, and hands the results over in deps', () => {
    const calls: Call[] = [];
    const analyses = [
      fake('top', calls, { uses: ['mid', 'base'] }),
      fake('mid', calls, { uses: ['base'] }),
      fake('base', calls),
    ];
    const out = runAnalyses({}, recipeOf({ top: {}, mid: { alpha: 0.01 } }), ASOF, { analyses });
    expect(calls.map((c) => c.kind)).toEqual(['base', 'mid', 'top']);
    expect(calls.find((c) => c.kind === 'top')!.deps).toEqual(['mid', 'base']);
    // The user's options for an analysis that is also used: the ones in the recipe.
    expect(calls.find((c) => c.kind === 'mid')!.options).toEqual({ alpha: 0.01, by: 'channel' });
    // Results in the recipe's order; base, not asked for, ran for the others and says so, without a sheet.
    expect(out.results.map((r) => r.kind)).toEqual(['top', 'mid']);
    expect(out.diagnostics.map((d) => [d.code, d.severity])).toEqual([['run.ran-for-another', 'info']]);
    expect(out.diagnostics[0].message.en).toBe(
      'Fake base is not switched on in the recipe but ran with its default options because Fake mid, Fake top use its results; its sheet is not written.',
    );
  });

  it('a cycle is an error naming it; the analyses outside it still run', () => {
    const calls: Call[] = [];
    const analyses = [fake('a', calls, { uses: ['b'] }), fake('b', calls, { uses: ['a'] }), fake('c', calls)];
    const out = runAnalyses({}, recipeOf({ a: {}, c: {} }), ASOF, { analyses });
    expect(calls.map((c) => c.kind)).toEqual(['c']);
    const cycle = out.diagnostics.find((d) => d.code === 'run.dependency-cycle')!;
    expect(cycle.severity).toBe('error');
    expect(cycle.message.en).toContain('a → b → a');
  });

  it('one call per analysis: earlier results of the same run (the pane runs one per call) are reused', () => {
    const calls: Call[] = [];
    const analyses = [fake('top', calls, { uses: ['base'] }), fake('base', calls)];
    const recipe = recipeOf({ base: { alpha: 0.02 }, top: {} });
    const done = new Map<string, AnalysisResult>();
    const memo = new RunMemo();
    const first = runAnalyses({}, recipe, ASOF, { analyses, only: ['base'], done, memo });
    const second = runAnalyses({}, recipe, ASOF, { analyses, only: ['top'], done, memo });
    expect(calls.map((c) => c.kind)).toEqual(['base', 'top']);
    expect(first.results.map((r) => r.kind)).toEqual(['base']);
    expect(second.results.map((r) => r.kind)).toEqual(['top']);
    expect([...first.diagnostics, ...second.diagnostics]).toEqual([]);
  });
});

describe('as-of only where needed', () => {
  const abTest = makeDataset('experiment', [
    { name: 'unit', role: 'unit_id', values: Array.from({ length: 400 }, (_, i) => `u${i}`) },
    {
      name: 'arm',
      role: 'arm',
      values: Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 'control' : 'treatment')),
    },
    // Converted: 20% in control, 30% in treatment (every 5th control unit, every 10th unit of three in treatment).
    {
      name: 'converted',
      role: 'outcome',
      values: Array.from({ length: 400 }, (_, i) =>
        i % 2 === 0 ? (i % 10 === 0 ? 1 : 0) : i % 10 === 1 || i % 10 === 3 || i % 10 === 5 ? 1 : 0,
      ),
    },
  ]);

  it('a date-less A/B file runs the experiment; RFM is skipped with a message saying how to give a date', () => {
    const out = runAnalyses({ experiment: abTest }, recipeOf({ experiment: {}, rfm: {} }));
    expect(out.asOf).toBeNull();
    expect(out.results.map((r) => r.kind)).toEqual(['experiment']);
    const rates = out.results[0].tables
      .flatMap((tb) => tb.rows)
      .filter((r) => r.arm === 'treatment' || r.arm === 'control');
    expect(rates.length).toBeGreaterThan(0);
    const noDate = out.diagnostics.find((d) => d.code === 'run.no-dates')!;
    expect(noDate.severity).toBe('warning');
    expect(noDate.message.en).toContain('these analyses need one and were skipped: RFM segments.');
    expect(noDate.message.en).toContain('--as-of YYYY-MM-DD');
    expect(noDate.message['zh-CN']).toContain('--as-of YYYY-MM-DD');
  });

  it('analyses that need a date run as before when there is one', () => {
    const calls: Call[] = [];
    const out = runAnalyses({}, recipeOf({ a: {} }), undefined, { analyses: [fake('a', calls)] });
    expect(out.results).toEqual([]);
    expect(calls).toEqual([]);
    const dated = runAnalyses({}, recipeOf({ a: {} }, { asOf: '2025-12-31' }), undefined, {
      analyses: [fake('a', calls)],
    });
    expect(dated.asOf).toBe(ASOF);
    expect(calls.map((c) => c.asOf)).toEqual([ASOF]);
  });
});
