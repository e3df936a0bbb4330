/**
 * The sample workbook (assets/sample/loopbook-sample.xlsx): the closed-loop analyses find the effects its
 * generator planted (assets/sample/README.md "Planted effects") and rank them first among the findings, on
 * the Findings sheet and on the Dashboard built from the loop results.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisInputs } from '../../../src/analysis/registry-types.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { loopAnalyses } from '../../../src/analysis/loop/index.js';
import { buildReport } from '../../../src/report/build-report.js';
import { pickInputs } from '../../../src/run/detect.js';
import { readFile } from '../../../src/xlsx/read.js';
import { runAnalyses } from '../../../src/run/run.js';
import { recipeOf } from '../../run/recipe.js';

const SAMPLE = 'assets/sample/loopbook-sample.xlsx';
const common = { asOf: 46022, currency: 'CNY', lang: 'en' as const }; // Excel =DATE(2025,12,31), the README's as-of
let inputs: AnalysisInputs;
let results: Map<string, AnalysisResult>;
let ordersBefore: string;

/** The planted effects, as finding keys (README "Planted effects" 1–4; the win-back is valued by effect 4). */
const PLANTED = [
  'loop.acquisition.volume_not_value:Paid Social', // 3. paid social brings volume, not value
  'loop.target:potential:Community', // 1. potential customers respond to community
  'loop.exclude:high_value:Paid Social', // 2. high-value customers barely react to ads
  'loop.experiment:流失预警:满减券:spend_30d', // 4. the coupon lifts at-risk customers only
];

beforeAll(async () => {
  const file = await readFile(SAMPLE);
  inputs = pickInputs(file.grids.map((g) => ingestGrid(g)));
  ordersBefore = JSON.stringify(inputs.orders!.table.objects({ limit: 2000 }));
  // Through the runner, as the CLI and the pane run them: recommendations reads its siblings' results.
  const recipe = recipeOf(Object.fromEntries(loopAnalyses.map((a) => [a.kind, { ...a.defaults }])), {
    currency: common.currency,
    lang: common.lang,
  });
  results = new Map(runAnalyses(inputs, recipe, common.asOf).results.map((r) => [r.kind, r]));
}, 60_000);

describe('closed loop on the sample workbook', () => {
  it('runs all four analyses without errors or non-finite numbers, and leaves the inputs alone', () => {
    for (const r of results.values()) {
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const t of r.tables)
        for (const row of t.rows)
          for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      for (const f of r.findings) {
        expect(f.text.en).not.toBe('');
        expect(f.text['zh-CN']).not.toBe('');
      }
    }
    expect(JSON.stringify(inputs.orders!.table.objects({ limit: 2000 }))).toBe(ordersBefore);
  });

  it('finds potential customers answering community touches (README: 28.5% vs 6.3%)', () => {
    const cells = results.get('segment-response')!.tables.find((t) => t.name === 'touch_cells')!.rows;
    const c = cells.find((r) => r.segment === 'Potential' && r.column === 'Community')!;
    // Our segment rule leaves refunded/cancelled orders out (the generator counts them), so n differs by a few.
    expect(c.rate as number).toBeGreaterThan(0.26);
    expect(c.rate as number).toBeLessThan(0.31);
    expect(c.baseline_rate as number).toBeCloseTo(0.063, 2);
    expect(c.ci_low as number).toBeGreaterThan(0.1);
  });

  it('finds high-value customers barely reacting to paid social', () => {
    const cells = results.get('segment-response')!.tables.find((t) => t.name === 'touch_cells')!.rows;
    const c = cells.find((r) => r.segment === 'High value' && r.column === 'Paid Social')!;
    expect(c.vs_others_ci_high as number).toBeLessThan(0);
  });

  it('finds the coupon lifting at-risk spend only (README: 112%, |z| < 2 elsewhere)', () => {
    const cells = results
      .get('segment-response')!
      .tables.find((t) => t.name === 'experiment_cells')!
      .rows.filter((r) => r.metric === 'spend_30d');
    const atRisk = cells.find((r) => r.segment === 'Churn warning' && r.arm === '满减券')!;
    expect(atRisk.lift as number).toBeCloseTo(1.12, 2);
    expect(atRisk.p_holm as number).toBeLessThan(0.05);
    for (const r of cells) if (r !== atRisk) expect((r.p_holm ?? 1) as number).toBeGreaterThanOrEqual(0.05);
  });

  it('finds paid social bringing customers who rarely buy again (README: 26.7% vs 68.3%)', () => {
    const rows = results.get('acquisition-quality')!.tables[0].rows;
    const ps = rows.find((r) => r.channel === 'Paid Social')!;
    expect(ps.second_purchase as number).toBeCloseTo(0.267, 2);
    expect(ps.flag).toBe('Volume, not value');
    expect(rows.filter((r) => r.flag !== null).length).toBe(1);
    expect(ps.ltv_cac as number).toBeLessThan(
      Math.min(...rows.filter((r) => r !== ps && r.ltv_cac !== null).map((r) => r.ltv_cac as number)),
    );
  });

  it('ranks the planted effects first on the Findings sheet', () => {
    const rows = results.get('recommendations')!.tables.find((t) => t.name === 'findings')!.rows;
    const keys = rows.map((r) => r.key as string);
    const firstUnplanted = keys.findIndex((k) => !PLANTED.includes(k) && k !== 'loop.win_back');
    for (const k of PLANTED) {
      expect(keys).toContain(k);
      expect(keys.indexOf(k)).toBeLessThan(firstUnplanted);
    }
    // Money at stake is non-increasing down the list (empty amounts last).
    const stakes = rows.map((r) => (r.at_stake ?? -1) as number);
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));
    expect(results.get('recommendations')!.tables.find((t) => t.name === 'win_back')!.rows.length).toBe(500);
  });

  it('feeds the Dashboard: the planted effects are its top findings, with links to their sheets', () => {
    const report = buildReport([...results.values()], {
      lang: 'en',
      asOf: common.asOf,
      currency: 'CNY',
      sources: [],
      diagnostics: [],
    });
    const dash = report.sheets[0];
    const top = dash.blocks.find((b) => b.key === 'dashboard.findings');
    expect(top?.type).toBe('notes');
    const items = top!.type === 'notes' ? top!.items : [];
    expect(items[0].text).toMatch(/^Paid Social brings many customers/);
    expect(items.slice(0, 5).map((i) => i.link)).toEqual([
      'acquisition-quality',
      'segment-response',
      'recommendations',
      'segment-response',
      'segment-response',
    ]);
    expect(dash.blocks.filter((b) => b.type === 'chart').length).toBe(4);
  });
});
