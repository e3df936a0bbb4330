/**
 * The applier at scale: a 100,000-row result with six native charts written through the stand-in, which
 * rejects any request or response over 5 MB. Its own file so it runs beside the parity tests.
 */
import { describe, expect, it } from 'vitest';
import { createSimExcel, PAYLOAD_LIMIT_BYTES } from '../../addin/excel-sim/index.js';
import { parseAddress } from '../../addin/excel-sim/address.js';
import { applyPlan } from '../../addin/office/applier.js';
import type { ApplyProgress } from '../../addin/office/applier.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { numberFormatFor } from '../../src/report/number-format.js';
import { deepFreeze } from '../report/fixtures.js';
import { bigResult } from './big-write.js';

const N = 100_000;

/** The Plan of bench/big-write's 100,000-row result, as the add-in would apply it. */
function bigPlan(result = deepFreeze(bigResult(N))) {
  const report = buildReport([result], {
    lang: 'en',
    asOf: 45657,
    currency: 'CNY',
    sources: ['bench'],
    diagnostics: [],
  });
  return deepFreeze(buildPlan(report, { existingSheetNames: [], ownedSheets: [] }));
}

describe('applier at 100,000 rows', () => {
  it('writes 100,000 rows and six charts in syncs of under 4 MB, of the order payload / 4 MB, none per row or per op', async () => {
    const result = deepFreeze(bigResult(N));
    const plan = bigPlan(result);
    const sim = createSimExcel();
    sim.model.addSheet('Data').setRaw(0, 0, 'x');
    const progress: ApplyProgress[] = [];
    const r = await sim.run((ctx) => applyPlan(ctx, plan, { ownedSheets: [], onProgress: (p) => progress.push(p) }));
    expect(r.diagnostics).toEqual([]);
    expect(r.outcome).toBe('applied');

    // Payload: every request within the Plan's 4 MB budget (and the 5 MB limit); responses are tiny.
    const log = sim.counters.log;
    expect(log.every((l) => l.failed === null)).toBe(true);
    expect(plan.maxRequestBytes).toBe(4_000_000);
    expect(Math.max(...log.map((l) => l.requestBytes))).toBeLessThanOrEqual(plan.maxRequestBytes);
    expect(Math.max(...log.map((l) => l.responseBytes))).toBeLessThan(PAYLOAD_LIMIT_BYTES);

    // Syncs: the build batches (calculation suspended) are packed up to 4 MB, so there are at least
    // ⌈payload / 4 MB⌉ and, packed greedily, fewer than 2 × payload / 4 MB + 1; around them 2 preflight,
    // 1 swap and 1 commit sync. ≈ 100,000 × 7 values + number formats ≈ 18 MB → a dozen syncs in all.
    expect(r.syncs).toBe(log.length);
    const build = log.filter((l) => l.calculationSuspended);
    const payload = build.reduce((a, l) => a + l.requestBytes, 0);
    expect(payload).toBeGreaterThan(10_000_000);
    expect(build.length).toBeGreaterThanOrEqual(Math.ceil(payload / plan.maxRequestBytes));
    expect(build.length).toBeLessThan((2 * payload) / plan.maxRequestBytes + 1);
    expect(r.syncs - build.length).toBe(4);
    expect(r.syncs).toBeLessThan(plan.ops.length / 4);
    // Screen updating suspended with calculation on every build sync (ExcelApi 1.9 is supported here).
    expect(build.every((l) => l.screenUpdatingSuspended)).toBe(true);
    expect(progress.filter((p) => p.phase === 'build').length).toBe(build.length);

    // The rows landed where the Plan put them: first, a formula-looking one, middle and last, every column.
    const benchName = plan.sheets.find((s) => s.startsWith('Bench'))!;
    const snap = sim.snapshot();
    const table = snap.tables.find((t) => t.sheet === benchName)!;
    expect(table.address).toBe(`A13:G${13 + N}`);
    const sheet = sim.model.sheet(benchName);
    const t0 = parseAddress(table.address);
    const rows = result.tables[0].rows;
    const keys = result.tables[0].columns.map((c) => c.key);
    for (const i of [0, 97, 4_850, N / 2, N - 1]) {
      expect(
        keys.map((_, c) => sheet.getValue(t0.r0 + 1 + i, c)),
        `row ${i}`,
      ).toEqual(keys.map((k) => rows[i][k]));
    }
    expect(sheet.getValue(t0.r0 + 1 + 97, 1)).toBe('=HYPERLINK("x")');
    // Formats reach the last row: Excel formats from numberFormatFor (day → yyyy-mm-dd, spend → "¥"#,##0.00…).
    const last = t0.r0 + N;
    expect(sheet.getFormat(last, 2)).toBe(numberFormatFor('date', 'CNY'));
    expect(sheet.getFormat(last, 3)).toBe(numberFormatFor('currency', 'CNY'));
    expect(sheet.getFormat(last, 6)).toBe(numberFormatFor('integer', 'CNY'));
    // Nothing anywhere became a formula (checked on the stored columns).
    expect(sim.model.sheets.every((s) => s.cols.every((col) => !col?.f || col.f.every((f) => f === undefined)))).toBe(
      true,
    );

    // Six charts on the result sheet, series stated by columns: line and scatter over all 100,000 rows,
    // categorical charts over the first rows only; the combo's ROAS line on the secondary axis.
    const charts = snap.charts.filter((c) => c.sheet === benchName);
    expect(charts.map((c) => c.chartType)).toEqual([
      'ColumnClustered',
      'BarClustered',
      'LineMarkers',
      'Pie',
      'XYScatter',
      'ColumnClustered',
    ]);
    const q = (a: string) =>
      /^[A-Za-z_][A-Za-z0-9_.]*$/.test(benchName) ? `${benchName}!${a}` : `'${benchName}'!${a}`;
    expect(charts[2].series.map((s) => [s.values, s.xValues])).toEqual([
      [q(`D14:D${13 + N}`), q(`C14:C${13 + N}`)],
      [q(`E14:E${13 + N}`), q(`C14:C${13 + N}`)],
    ]);
    expect(charts[4].series.map((s) => [s.values, s.xValues])).toEqual([[q(`E14:E${13 + N}`), q(`D14:D${13 + N}`)]]);
    for (const c of [charts[0], charts[1], charts[3], charts[5]]) {
      for (const s of c.series) expect(parseAddress(s.values!.split('!')[1]).rows).toBeLessThan(100);
    }
    expect(charts[5].series.map((s) => [s.name, s.chartType, s.axisGroup])).toEqual([
      ['Spend', null, 'Primary'],
      ['Revenue', 'ColumnClustered', 'Primary'],
      ['ROAS', 'LineMarkers', 'Secondary'],
    ]);
  });

  it('with a 1 MB budget (as in the playground), splits the 4 MB writes into row blocks: every sync under 1 MB, the same cells', async () => {
    const plan = bigPlan();
    const applied = async (maxRequestBytes?: number) => {
      const sim = createSimExcel();
      sim.model.addSheet('Data').setRaw(0, 0, 'x');
      const r = await sim.run((ctx) =>
        applyPlan(ctx, plan, { ownedSheets: [], ...(maxRequestBytes ? { maxRequestBytes } : {}) }),
      );
      expect(r.outcome).toBe('applied');
      return { sim, build: sim.counters.log.filter((l) => l.calculationSuspended) };
    };
    const big = await applied();
    const small = await applied(1_000_000);
    // The Plan's writes are up to 4 MB (so over 3 MB somewhere: ≈ 18 MB of values in 4 MB ops).
    expect(Math.max(...big.build.map((l) => l.requestBytes))).toBeGreaterThan(3_000_000);
    expect(Math.max(...small.build.map((l) => l.requestBytes))).toBeLessThanOrEqual(1_000_000);
    // At least ⌈payload / 1 MB⌉ syncs, and no more than twice that plus one (greedy packing).
    const payload = small.build.reduce((a, l) => a + l.requestBytes, 0);
    expect(small.build.length).toBeGreaterThanOrEqual(Math.ceil(payload / 1_000_000));
    expect(small.build.length).toBeLessThan((2 * payload) / 1_000_000 + 1);
    // The workbook is the same, cell for cell, format for format.
    expect(JSON.stringify(small.sim.snapshot())).toBe(JSON.stringify(big.sim.snapshot()));
  });
});
