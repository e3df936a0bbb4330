import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { numberFormatFor } from '../../src/report/number-format.js';
import { INTERVAL_POINTS, ESTIMATE_POINTS } from '../../src/report/interval-chart.js';
import type { Block, KpisBlock, NotesBlock, Report, TableBlock } from '../../src/report/types.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { layoutSheet } from '../../src/plan/layout.js';
import { channelResult, context, deepFreeze, rfmResult } from './fixtures.js';
import { fullRun, INTERVALS } from './run-fixtures.js';

/** Words of model parameters and raw test statistics, which belong on the method notes only. */
const JARGON = /sBG|BG\/NBD|Gamma-Gamma|log-likelihood|silhouette|\bseed\b|p-value|\bp\b|\bCI\b|[αβ]|inflation/i;

const dashboard = (r: Report) => r.sheets[0].blocks;
const ofType = <T extends Block['type']>(blocks: Block[], type: T) =>
  blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);

describe('the Dashboard', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`opens with the top findings, money at stake first, each linked to its sheet (${lang})`, () => {
      const r = buildReport(deepFreeze(fullRun()), context(lang));
      const [title, first] = dashboard(r);
      expect(title.type).toBe('title');
      expect(first).toMatchObject({ type: 'notes', key: 'dashboard.findings' });
      const items = (first as NotesBlock).items;
      // fullRun's findings: 900,000 (channel) > 300,000 (lifecycle) > 120,000 (clv) > 50,000 (budget), then
      // the one without an amount; the descriptive RFM one (5,000,000) comes after those, whatever its amount.
      expect(items.map((i) => i.link)).toEqual([
        'channel-performance',
        'lifecycle',
        'clv',
        'budget',
        'acquisition-quality',
        'rfm',
      ]);
      expect(items[0].text).toBe(
        lang === 'en' ? 'Cut Paid Social. (At stake: ¥900,000)' : '削减 Paid Social。（涉及金额：¥900,000）',
      );
    });
  }

  it('shows six to eight headline figures in plain words, in the catalogue’s order, each linked', () => {
    const r = buildReport(fullRun(), context('en'));
    const kpis = ofType(dashboard(r), 'kpis');
    expect(kpis).toHaveLength(1);
    const tiles = kpis[0].tiles;
    expect(tiles.length).toBeGreaterThanOrEqual(6);
    expect(tiles.length).toBeLessThanOrEqual(8);
    // All eight catalogue figures fullRun holds (src/report/headlines.ts, HEADLINES order).
    expect(tiles.map((t) => [t.label, t.value, t.link])).toEqual([
      ['Money at stake in the findings', 1456673.65, 'recommendations'],
      ['Revenue from orders', 13852617.75, 'rfm'],
      ['Marketing spend', 3897139.75, 'channel-performance'],
      ['Value today’s customers are expected to bring', 10105516.9, 'clv'],
      ['Past revenue of customers at risk of leaving', 2487449.56, 'lifecycle'],
      ['Cost of one new customer (paid channels)', 564.89, 'acquisition-quality'],
      ['New customers who came back to buy again', 0.472879, 'cohorts'],
      ['Lift of the best tested offer', 0.15, 'experiment'],
    ]);
    expect(tiles[2]).toMatchObject({ change: 0.058 });
  });

  it('fills up to six headline figures from a small run, never with a model parameter', () => {
    const cohorts = fullRun().find((x) => x.kind === 'cohorts')!;
    const r = buildReport([channelResult(), rfmResult(), cohorts], context('en'));
    const tiles = ofType(dashboard(r), 'kpis')[0].tiles;
    expect(tiles).toHaveLength(6);
    expect(tiles.map((t) => t.key)).not.toContain('cohorts.sbg_alpha');
  });

  it('has no model-parameter jargon in any Dashboard label, in either language', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const blocks = dashboard(buildReport(fullRun(), context(lang)));
      const labels = [
        ...ofType(blocks, 'kpis').flatMap((k) => [k.title ?? '', ...k.tiles.map((t) => t.label)]),
        ...ofType(blocks, 'notes').map((n) => n.title),
        ...ofType(blocks, 'chart').map((c) => c.title),
      ];
      expect(labels.filter((l) => JARGON.test(l))).toEqual([]);
    }
    // The regex does catch the labels the old Dashboard showed (its first six figures of each analysis).
    expect(['sBG α', 'BG/NBD r', 'Gamma-Gamma p', 'Sample-ratio p-value'].every((l) => JARGON.test(l))).toBe(true);
  });

  it('formats every amount on the Dashboard with one currency format, whole units', () => {
    const blocks = dashboard(buildReport(fullRun(), context('en')));
    const formats = new Set(
      ofType(blocks, 'kpis')
        .flatMap((k) => k.tiles)
        .map((t) => t.numberFormat)
        .filter((f) => f.includes('¥')),
    );
    // CPA-like small amounts (564.89) and large ones (13,852,617.75) alike: '"¥"#,##0;-"¥"#,##0'.
    expect([...formats]).toEqual([numberFormatFor('currency', 'CNY', 0)]);
  });

  it('carries four to six charts, the story’s analyses first, in sheet order', () => {
    const r = buildReport(fullRun(), context('en'));
    const charts = ofType(dashboard(r), 'chart');
    expect(charts.map((c) => c.key)).toEqual([
      'dashboard.channel-performance.main',
      'dashboard.experiment.lift_intervals',
      'dashboard.lifecycle.main',
      'dashboard.cohorts.main',
      'dashboard.acquisition-quality.main',
      'dashboard.budget.main',
    ]);
    // A run of two analyses outside the story list still gets their charts (up to four).
    const small = ofType(dashboard(buildReport([rfmResult(), fullRun()[5]], context('en'))), 'chart');
    expect(small.map((c) => c.key)).toEqual(['dashboard.rfm.segmentRevenue', 'dashboard.clv.main']);
  });

  it('links every analysis’s sheet from the Dashboard, after the charts', () => {
    const r = buildReport(fullRun(), context('en'));
    const blocks = dashboard(r);
    const last = blocks[blocks.length - 1] as NotesBlock;
    expect(last.key).toBe('dashboard.notes');
    const analyses = last.items.filter((i) => i.kind === 'note');
    expect(analyses.map((i) => i.link)).toEqual(r.sheets.slice(1).map((s) => s.key));
    // context() carries one run diagnostic: it follows the list, in words.
    expect(last.items.filter((i) => i.kind === 'diagnostic')).toHaveLength(context('en').diagnostics.length);
  });
});

describe('model parameters', () => {
  it('leave the key figures of their sheet for its method notes, as one sentence', () => {
    const r = buildReport(fullRun(), context('en'));
    const clv = r.sheets.find((s) => s.key === 'clv')!;
    const kpis = clv.blocks.find((b): b is KpisBlock => b.type === 'kpis')!;
    expect(kpis.tiles.map((t) => t.key)).toEqual(['total_clv']);
    const notes = clv.blocks.find((b): b is NotesBlock => b.type === 'notes' && b.key === 'clv.notes')!;
    // fullRun's clv figures: r 0.35042, log-likelihood -92,864.1865, p 2.219101 (four significant decimals at most).
    expect(notes.items.map((i) => i.text)).toContain(
      'Model parameters and test statistics (for analysts): BG/NBD r 0.3504; BG/NBD log-likelihood -92,864.19; Gamma-Gamma p 2.22',
    );
    const zh = buildReport(fullRun(), context('zh-CN')).sheets.find((s) => s.key === 'cohorts')!;
    const zhNotes = zh.blocks.find((b): b is NotesBlock => b.type === 'notes' && b.key === 'cohorts.notes')!;
    expect(zhNotes.items.map((i) => i.text)).toContain(
      '模型参数与检验统计量（供分析人员参考）：sBG α 0.3181；sBG β 0.5091',
    );
  });
});

describe('the lift chart', () => {
  it('draws each comparison’s interval as a line from its low to its high end, and the estimate across it', () => {
    const r = buildReport(fullRun(), context('en'));
    const sheet = r.sheets.find((s) => s.key === 'experiment')!;
    const chart = ofType(sheet.blocks, 'chart')[0];
    expect(chart).toMatchObject({
      chartType: 'scatter',
      category: 'x',
      series: [{ column: 'interval_1' }, { column: 'interval_2' }, { column: 'estimate' }],
      yAxis: { title: 'Relative lift', numberFormat: '0%' },
    });
    const data = sheet.blocks.find((b): b is TableBlock => b.type === 'table' && b.key === chart.table)!;
    expect(data.columns.map((c) => c.header)).toEqual(['Position', ...INTERVALS.map((i) => i.comparison), 'Estimate']);
    expect(data.rows).toHaveLength(2 * INTERVAL_POINTS + 2 * ESTIMATE_POINTS);
    INTERVALS.forEach((iv, i) => {
      const ys = data.rows.filter((row) => row[1 + i] !== null).map((row) => row[1 + i] as number);
      const xs = data.rows.filter((row) => row[1 + i] !== null).map((row) => row[0]);
      expect(xs.every((x) => x === i + 1)).toBe(true);
      expect(ys[0]).toBe(iv.ci_low);
      expect(ys[ys.length - 1]).toBeCloseTo(iv.ci_high, 12);
      expect(Math.min(...ys)).toBe(iv.ci_low);
      const est = data.rows.filter((row) => row[3] !== null && Math.round(row[0] as number) === i + 1);
      expect(est.map((row) => row[3])).toEqual(new Array(ESTIMATE_POINTS).fill(iv.lift));
    });
    // The Dashboard's copy reads the same chart data.
    const dash = ofType(dashboard(r), 'chart').find((c) => c.key === 'dashboard.experiment.lift_intervals');
    expect(dash?.table).toBe(chart.table);
  });
});

describe('the Dashboard’s plan', () => {
  it('puts the findings right under the title, then the headline tiles, each tile linking from its note row', () => {
    const r = buildReport(fullRun(), context('en'));
    const l = layoutSheet(r.sheets[0], 'Dashboard');
    // Title in row 1 with two subtitle lines (as-of, sources) and a blank row → findings title in row 5.
    expect(l.notes[0]).toMatchObject({ col: 0, titleRow: 5, firstItemRow: 6 });
    const findings = l.notes[0].block.items.length;
    expect(l.kpis[0].titleRow).toBe(6 + findings + 1);
    const plan = buildPlan(r, { existingSheetNames: [], ownedSheets: [] });
    const links = plan.ops.filter((o) => o.op === 'hyperlink' && o.sheet === 'Dashboard');
    const firstLine = l.kpis[0].lineRows[0];
    // The first tile line's six links sit on its note row (fourth row), with the sheet name as text.
    const tileLinks = links.filter((o) => o.op === 'hyperlink' && o.cell.endsWith(String(firstLine + 3)));
    // Sheet names as the report proposes them (≤ 31 characters).
    const name = (key: string) => r.sheets.find((s) => s.key === key)!.name;
    expect(tileLinks.map((o) => o.op === 'hyperlink' && o.text)).toEqual(
      ['recommendations', 'rfm', 'channel-performance', 'clv', 'lifecycle', 'acquisition-quality'].map(
        (k) => `${name(k)} ›`,
      ),
    );
  });
});
