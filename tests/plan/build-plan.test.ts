import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan, chunkedWrites } from '../../src/plan/build-plan.js';

/** Bytes of an op as JSON, measured by Node itself (independent of the plan's own measure). */
const jsonSize = (op: unknown): number => Buffer.byteLength(JSON.stringify(op), 'utf8');
import { needsTextGuard, toPlanValue } from '../../src/plan/text-safety.js';
import { columnIndex, columnLetter, parseRange } from '../../src/plan/a1.js';
import type { AddChartOp, AddSheetOp, AddTableOp, Plan, PlanValue, WriteValuesOp } from '../../src/plan/types.js';
import { emptyRunLog, storeFromCells } from '../../src/recipe/store.js';
import { channelResult, context, deepFreeze, rfmResult } from '../report/fixtures.js';
import { expectGolden } from '../report/golden.js';

const here = import.meta.dirname;
const run = {
  at: '2025-01-01T00:00:00.000Z',
  host: 'cli' as const,
  loopbook: '0.1.0',
  inputs: [{ source: 'campaigns', sheet: 'Campaigns', rows: 399, hash: '0123456789abcdef' }],
};

function plan(lang: 'en' | 'zh-CN' = 'en', existing: string[] = [], owned: string[] = []): Plan {
  const report = buildReport([channelResult(), rfmResult()], context(lang));
  return buildPlan(report, {
    existingSheetNames: existing,
    ownedSheets: owned,
    store: { recipe: null, log: emptyRunLog(), run },
  });
}

/** The value written to `sheet!ref` by the plan's writeValues ops (last write wins). */
function valueAt(p: Plan, sheet: string, ref: string): PlanValue | undefined {
  const t = parseRange(ref);
  let out: PlanValue | undefined;
  for (const op of p.ops) {
    if (op.op !== 'writeValues' || op.sheet !== sheet) continue;
    const r = parseRange(op.address);
    if (t.row1 >= r.row1 && t.row1 <= r.row2 && t.col1 >= r.col1 && t.col1 <= r.col2)
      out = op.values[t.row1 - r.row1][t.col1 - r.col1];
  }
  return out;
}

describe('buildPlan', () => {
  it('matches the golden Plan and leaves the Report unchanged', () => {
    const report = deepFreeze(buildReport([channelResult(), rfmResult()], context('en')));
    const before = JSON.stringify(report);
    const p = buildPlan(report, {
      existingSheetNames: ['Campaigns', 'Dashboard'],
      ownedSheets: [],
      store: { recipe: null, log: emptyRunLog(), run },
    });
    expect(JSON.stringify(report)).toBe(before);
    expectGolden(here, 'plan-en', p);
  });

  it('writes user text that could become a formula, number or error as { text }', () => {
    const p = plan();
    const sheet = 'Channel performance';
    // The channel table's header is on row 13 (title rows 1–4, KPIs 6–10, table title 12); data from row 14.
    expect(valueAt(p, sheet, 'A13')).toBe('Channel');
    expect(valueAt(p, sheet, 'A14')).toBe('Paid search');
    expect(valueAt(p, sheet, 'A18')).toEqual({ text: '=HYPERLINK("http://x","affiliate")' });
    expect(valueAt(p, 'RFM segments', 'A15')).toEqual({ text: '-At risk' });
    expect(valueAt(p, 'RFM segments', 'A16')).toEqual({ text: '@lost' });
    // No plain string anywhere in the plan starts with = + - @.
    for (const op of p.ops)
      if (op.op === 'writeValues' || op.op === 'saveRecipe')
        for (const row of op.values) for (const v of row) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@]/);
  });

  it('guards every string a host would reinterpret', () => {
    for (const s of [
      '=1+1',
      '+1',
      '-x',
      '@sum',
      '\t=1',
      "'quoted",
      '00123',
      '1/2',
      '2024-01-01',
      '12:30',
      '15%',
      '$1,000',
      '(12)',
      '1e5',
      'TRUE',
      'false',
      '#N/A',
      '#DIV/0!',
    ])
      expect(needsTextGuard(s), s).toBe(true);
    for (const s of ['Paid search', 'E-mail/SMS', '社群', '2024 Q1', 'Q1-2024', 'x=1', 'A1', '#1 channel', ''])
      expect(needsTextGuard(s), s).toBe(false);
    expect(toPlanValue('=A1')).toEqual({ text: '=A1' });
    expect(toPlanValue(Number.NaN)).toBeNull();
    expect(toPlanValue(Number.NEGATIVE_INFINITY)).toBeNull();
    expect(toPlanValue(undefined)).toBeNull();
    expect(toPlanValue(true)).toBe(true);
  });

  it('counts on from a numbered name: a clash with "Dashboard (2)" gives "Dashboard (3)", not "Dashboard (2) (2)"', () => {
    const p = plan('en', ['Dashboard', 'Dashboard (2)'], []);
    expect(p.sheets[0]).toBe('Dashboard (3)');
  });

  it('never takes a user sheet’s name, and replaces only sheets Loopbook owns', () => {
    const p = plan(
      'en',
      ['Dashboard', 'Channel performance', 'Old result', 'Data'],
      ['Channel performance', 'Old result', '_loopbook'],
    );
    const adds = p.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
    expect(adds.map((a) => [a.sheet, a.replaces])).toEqual([
      ['Dashboard (2)', null], // the user's Dashboard is kept
      ['Channel performance', 'Channel performance'], // owned: replaced
      ['RFM segments', null],
      ['_loopbook', null],
    ]);
    expect(p.ops.filter((o) => o.op === 'deleteSheet')).toEqual([{ op: 'deleteSheet', sheet: 'Old result' }]);
    expect(p.sheets).toEqual(['Dashboard (2)', 'Channel performance', 'RFM segments', '_loopbook']);
    // Staging names are unique and clash with nothing.
    const staging = adds.map((a) => a.staging);
    expect(new Set(staging).size).toBe(staging.length);
    // The last ops hide the store sheet, delete stale sheets and activate the Dashboard.
    expect(p.ops.slice(-3).map((o) => o.op)).toEqual(['hideSheet', 'deleteSheet', 'activateSheet']);
    expect(p.ops.at(-1)).toEqual({ op: 'activateSheet', sheet: 'Dashboard (2)' });
    // Only sheets created by the plan are written to.
    const created = new Set(adds.map((a) => a.sheet));
    for (const op of p.ops)
      if (op.op !== 'deleteSheet') expect(created.has(op.sheet), `${op.op} on ${op.sheet}`).toBe(true);
  });

  it('re-running on its own output replaces the same names (case-insensitive)', () => {
    const first = plan('en', ['Dashboard', 'Sheet1']);
    const second = plan('en', ['Dashboard', 'Sheet1', ...first.sheets.map((s) => s.toUpperCase())], first.sheets);
    expect(second.sheets).toEqual(first.sheets);
    const adds = second.ops.filter((o): o is AddSheetOp => o.op === 'addSheet');
    expect(adds.every((a) => a.replaces !== null)).toBe(true);
  });

  it('saves the recipe and a run log that lists the sheets written', () => {
    const p = plan('en', ['Dashboard'], []);
    const save = p.ops.find((o) => o.op === 'saveRecipe')!;
    expect(save.op === 'saveRecipe' && save.sheet).toBe('_loopbook');
    const values = save.op === 'saveRecipe' ? save.values.map((r) => (r[0] as { text: string }).text) : [];
    const { store, diagnostics } = storeFromCells(values);
    expect(diagnostics).toEqual([]);
    expect(store?.log.runs.at(-1)).toEqual({
      ...run,
      sheets: ['Dashboard (2)', 'Channel performance', 'RFM segments', '_loopbook'],
    });
    expect(p.ops).toContainEqual({ op: 'hideSheet', sheet: '_loopbook', mode: 'veryHidden' });
  });

  it('points chart series at the table’s header cell and data cells', () => {
    const p = plan();
    const tables = p.ops.filter((o): o is AddTableOp => o.op === 'addTable');
    expect(tables.map((t) => [t.sheet, t.name, t.address])).toEqual([
      ['Channel performance', 'LB_channel_performance_byChannel', 'A13:H18'],
      ['Channel performance', 'LB_channel_performance_weekly', 'A22:C26'],
      ['RFM segments', 'LB_rfm_segments', 'A13:C16'],
    ]);
    const charts = p.ops.filter((o): o is AddChartOp => o.op === 'addChart');
    const combo = charts.find((c) => c.sheet === 'Dashboard' && c.type === 'combo')!;
    expect(
      combo.series.map((s) => [s.name.address, s.nameText, s.values.address, s.categories.address, s.mark, s.axis]),
    ).toEqual([
      ['B13', 'Spend', 'B14:B18', 'A14:A18', 'column', 'primary'],
      ['C13', 'Revenue', 'C14:C18', 'A14:A18', 'column', 'primary'],
      ['E13', 'ROAS', 'E14:E18', 'A14:A18', 'line', 'secondary'],
    ]);
    expect(combo.series[0].values.sheet).toBe('Channel performance');
    expect(combo.y2Axis).toEqual({ title: 'ROAS', numberFormat: '0.00' });
    // maxRows 3 on the ROAS chart: rows 14–16 only.
    const roas = charts.find((c) => c.name === 'channel-performance.roas')!;
    expect(roas.series[0].values.address).toBe('E14:E16');
    expect(roas.varyColors).toBe(false);
    expect(charts.find((c) => c.type === 'pie')!.varyColors).toBe(true);
    // Anchors: `to` lies right of and below `from`; width covers whole columns.
    for (const c of charts) {
      const a = parseRange(c.anchor.from);
      const b = parseRange(c.anchor.to);
      expect(b.col1).toBeGreaterThan(a.col1);
      expect(b.row1 - a.row1 + 1).toBe(18);
      expect(c.anchor.heightPx).toBe(360);
    }
  });

  it('avoids table names already in the workbook', () => {
    const report = buildReport([rfmResult()], context('en'));
    const p = buildPlan(report, { existingSheetNames: [], ownedSheets: [], existingNames: ['lb_rfm_segments'] });
    expect(p.ops.find((o) => o.op === 'addTable')).toMatchObject({ name: 'LB_rfm_segments_2' });
    // A table on a sheet Loopbook owns goes with that sheet: its name is free for the new one.
    const again = buildPlan(report, {
      existingSheetNames: ['RFM segments', 'Mine'],
      ownedSheets: ['RFM segments'],
      existingNames: [
        { name: 'LB_rfm_segments', sheet: 'RFM segments' },
        { name: 'LB_rfm_segments_2', sheet: 'Mine' },
      ],
    });
    expect(again.ops.find((o) => o.op === 'addTable')).toMatchObject({ name: 'LB_rfm_segments' });
  });

  it('chunks large writes so each op stays under the payload limit, rows in order', () => {
    const rows: PlanValue[][] = Array.from({ length: 5000 }, (_, i) => [i, `row ${i} 社群`, { text: '=x' }, null]);
    const limit = 20_000;
    const ops = chunkedWrites('S', 1, 10, rows, limit) as WriteValuesOp[];
    expect(ops.length).toBeGreaterThan(5);
    let next = 10;
    for (const op of ops) {
      expect(jsonSize(op)).toBeLessThan(limit);
      const r = parseRange(op.address);
      expect([r.row1, r.col1, r.col2]).toEqual([next, 1, 4]);
      expect(r.row2 - r.row1 + 1).toBe(op.values.length);
      next = r.row2 + 1;
    }
    expect(next).toBe(5010);
    expect(ops.flatMap((o) => o.values)).toEqual(rows);
    expect(chunkedWrites('S', 0, 1, [], limit)).toEqual([]);
  });

  it('keeps every op of a 20,000-row result under 4 MB', () => {
    const big = channelResult();
    big.tables[0] = {
      ...big.tables[0],
      rows: Array.from({ length: 20_000 }, (_, i) => ({
        ...big.tables[0].rows[i % 4],
        channel: `渠道 ${i} `.repeat(20),
      })),
    };
    const p = buildPlan(buildReport([big], context('en')), {
      existingSheetNames: [],
      ownedSheets: [],
      maxRequestBytes: 1_000_000,
    });
    const writes = p.ops.filter((o) => o.op === 'writeValues');
    expect(writes.length).toBeGreaterThan(3);
    for (const op of p.ops) expect(jsonSize(op)).toBeLessThan(1_000_000);
  });

  it('without a limit (the file writer) writes each block as one op, the same cells as the chunked ops', () => {
    const big = channelResult();
    // Texts repeated down a column (checked once each) and formula-like ones, which must stay guarded every time.
    big.tables[0] = {
      ...big.tables[0],
      rows: Array.from({ length: 20_000 }, (_, i) => ({
        ...big.tables[0].rows[i % 4],
        channel: i % 3 === 0 ? '=SUM(A1)' : i % 3 === 1 ? 'Search' : `渠道 ${i}`,
      })),
    };
    const report = buildReport([big], context('en'));
    const opts = { existingSheetNames: [], ownedSheets: [] };
    const chunked = buildPlan(report, { ...opts, maxRequestBytes: 100_000 });
    const whole = buildPlan(report, { ...opts, maxRequestBytes: Number.POSITIVE_INFINITY });
    const writes = (p: Plan) => p.ops.filter((o): o is WriteValuesOp => o.op === 'writeValues');
    // The table's header and 20,000 rows (about 1 MB of JSON): eleven ops of at most 100 kB, or one.
    expect(writes(chunked).length).toBe(writes(whole).length + 10);
    expect(writes(whole).some((o) => o.values.length === 20_001)).toBe(true);
    const cells = (p: Plan) =>
      writes(p).flatMap((op) => {
        const r = parseRange(op.address);
        return op.values.flatMap((row, i) => row.map((v, j) => [r.row1 + i, r.col1 + j, v] as const));
      });
    expect(cells(whole)).toEqual(cells(chunked));
    const sheet = writes(whole).find((o) => o.values.length > 20_000)!;
    const channelCol = sheet.values[0].indexOf('Channel');
    expect(sheet.values[1][channelCol]).toEqual({ text: '=SUM(A1)' });
    expect(sheet.values[4][channelCol]).toEqual({ text: '=SUM(A1)' });
    expect(sheet.values[2][channelCol]).toBe('Search');
  });

  it('handles a result whose table is empty: one blank data row, no chart', () => {
    const empty = rfmResult();
    empty.tables[0] = { ...empty.tables[0], rows: [] };
    const p = buildPlan(buildReport([empty], context('en')), { existingSheetNames: [], ownedSheets: [] });
    expect(p.ops.find((o) => o.op === 'addTable')).toMatchObject({ address: 'A13:C14' });
    expect(p.ops.filter((o) => o.op === 'addChart')).toEqual([]);
  });
});

describe('A1 helpers', () => {
  it('converts column letters both ways', () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    expect(['A', 'z', 'AA', 'XFD'].map(columnIndex)).toEqual([0, 25, 26, 16383]);
    expect(parseRange('$B$4:F20')).toEqual({ col1: 1, row1: 4, col2: 5, row2: 20 });
  });
});
