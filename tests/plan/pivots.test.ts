// The Customer facts sheet (report), the Explore sheet's pivots and slicers, the Dashboard tiles that read
// the first pivot and the slicers beside result tables (plan), from hand-made per-customer results
// (pivot-fixtures.ts): every expected figure is counted from its CUSTOMERS lines.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parseRange } from '../../src/plan/a1.js';
import type {
  AddChartOp,
  AddPivotSlicerOp,
  AddPivotTableOp,
  AddSlicerOp,
  AddTableOp,
  AddTableSlicerOp,
  Plan,
  PivotValueOp,
  WriteValuesOp,
} from '../../src/plan/types.js';
import { combinations, getPivotDataFormula, placePivots } from '../../src/plan/pivots.js';
import { columnPx, DEFAULT_WIDTH } from '../../src/plan/layout.js';
import type { PivotBlock, TableBlock } from '../../src/report/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import { context, deepFreeze } from '../report/fixtures.js';
import { CUSTOMERS, FIGURES, results } from './pivot-fixtures.js';

const factsOf = (p: ReturnType<typeof buildReport>) =>
  p.sheets.find((s) => s.key === 'customer-facts')!.blocks.find((b): b is TableBlock => b.type === 'table')!;

const isPivotSlicer = (o: Plan['ops'][number]): o is AddPivotSlicerOp => o.op === 'addSlicer' && 'pivot' in o;
const isTableSlicer = (o: Plan['ops'][number]): o is AddTableSlicerOp => o.op === 'addSlicer' && 'table' in o;

function plan(lang: 'en' | 'zh-CN' = 'en', existingNames: string[] = []): Plan {
  return buildPlan(buildReport(deepFreeze(results()), context(lang)), {
    existingSheetNames: [],
    ownedSheets: [],
    existingNames,
  });
}

describe('Customer facts (report)', () => {
  it('holds one row per customer with the columns of the analyses that ran, values as they computed them', () => {
    const facts = factsOf(buildReport(deepFreeze(results()), context('en')));
    expect(facts.columns.map((c) => c.header)).toEqual([
      'Customer',
      'Acquisition channel',
      'First purchase month',
      'RFM segment',
      'Business segment',
      'Lifecycle stage',
      'Orders',
      'Revenue',
    ]);
    expect(facts.rows).toEqual(
      CUSTOMERS.map((c) => [c[0], c[6], c[5], c[1], c[3] >= 400 ? 'High' : 'Low', c[4], c[2], c[3]]),
    );
  });

  it('leaves out the columns and the pivot of an analysis that did not run, and says when a source was capped', () => {
    const report = buildReport(deepFreeze(results({ lifecycle: false, capped: true })), context('en'));
    const facts = factsOf(report);
    expect(facts.columns.map((c) => c.key)).not.toContain('lifecycle_stage');
    const explore = report.sheets.find((s) => s.key === 'explore')!;
    // Without lifecycle stages only the segments pivot remains, and it has no lifecycle slicer.
    const pivots = explore.blocks.filter((b) => b.type === 'pivot');
    // Without lifecycle stages the customer base is shown by RFM segment, and the segments pivot remains.
    expect(pivots.map((b) => b.key)).toEqual(['explore.base', 'explore.segments']);
    expect(pivots[0].type === 'pivot' && [pivots[0].rows, pivots[0].slicers]).toEqual([
      ['segment'],
      ['acquisition_channel', 'cohort'],
    ]);
    expect(pivots[1].type === 'pivot' && pivots[1].slicers).toEqual(['cohort']);
    const notes = report.sheets.find((s) => s.key === 'customer-facts')!.blocks.find((b) => b.type === 'notes');
    expect(notes?.type === 'notes' && notes.items[0].text).toBe(
      'rfm: Shown: the first 6 of 9 customers. This table holds the customers it lists, so its totals are those of these customers.',
    );
  });

  it('without pivots (the add-in, which cannot write them yet): the fact sheet alone, saying how to pivot it', () => {
    const report = buildReport(deepFreeze(results()), { ...context('en'), pivots: false });
    expect(report.sheets.map((s) => s.key)).not.toContain('explore');
    expect(factsOf(report).rows).toHaveLength(CUSTOMERS.length);
    const title = report.sheets.find((s) => s.key === 'customer-facts')!.blocks[0];
    expect(title.type === 'title' && title.subtitle?.at(-1)).toMatch(/Insert › PivotTable/);
    const ops = buildPlan(report, { existingSheetNames: [], ownedSheets: [], existingNames: [] }).ops;
    expect(ops.filter((o) => o.op === 'addPivotTable' || o.op === 'addSlicer')).toEqual([]);
  });

  it('names its sheets in the run’s language', () => {
    const names = buildReport(deepFreeze(results()), context('zh-CN')).sheets.map((s) => s.name);
    expect(names.slice(-2)).toEqual(['客户明细', '探索']);
  });
});

describe('pivots and slicers (plan)', () => {
  it('builds each pivot over the fact table by its Excel table name, its fields named by the header row', () => {
    const p = plan();
    const table = p.ops.find((o): o is AddTableOp => o.op === 'addTable' && o.sheet === 'Customer facts')!;
    const header = p.ops.find(
      (o): o is WriteValuesOp =>
        o.op === 'writeValues' && o.sheet === 'Customer facts' && o.address.startsWith(table.address.split(':')[0]),
    )!.values[0];
    const pivots = p.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
    expect(pivots.map((o) => o.name)).toEqual(['LB_explore_base', 'LB_explore_segments', 'LB_explore_stages']);
    for (const pv of pivots) {
      expect(pv.source).toEqual({ sheet: 'Customer facts', table: table.name, address: table.address });
      for (const f of [...pv.rows, ...pv.columns, ...pv.values.map((v) => v.field)]) expect(header).toContain(f);
      // A value field's name must differ from every field's (Excel refuses a pivot otherwise).
      for (const v of pv.values) expect(header).not.toContain(v.name);
    }
    expect(pivots[0].rows).toEqual(['Lifecycle stage']);
    expect(pivots[0].values.map((v) => [v.field, v.summary, v.name])).toEqual([
      ['Customer', 'count', 'Customers'],
      ['Revenue', 'sum', 'Total revenue'],
    ]);
    expect(pivots[1].rows).toEqual(['RFM segment', 'Acquisition channel']);
    expect(pivots[1].values.map((v) => [v.field, v.summary])).toEqual([
      ['Customer', 'count'],
      ['Revenue', 'sum'],
    ]);
    expect(pivots[2].rows).toEqual(['First purchase month']);
    expect(pivots[2].columns).toEqual(['Lifecycle stage']);
  });

  it('sizes each pivot from the data and puts the next one below it and its slicers', () => {
    const p = plan();
    const [base, seg, stages] = p.ops.filter((o): o is AddPivotTableOp => o.op === 'addPivotTable');
    const z = parseRange(base.location);
    // The base: 4 stages present (Active, At risk, Churned, New), 2 header rows, 1 total; 1 row field + 2 values.
    expect(z.row2 - z.row1 + 1).toBe(2 + 4 + 1);
    expect(z.col2 - z.col1 + 1).toBe(3);
    const a = parseRange(seg.location);
    // Segments × channel, from CUSTOMERS: 5 (segment, channel) pairs … Champions: Search, Social; At Risk:
    // Search; Lost: Email, (blank); New Customers: Social → 6 pairs, 4 subtotals, 2 header rows, 1 total.
    expect(a.row2 - a.row1 + 1).toBe(2 + 6 + 4 + 1);
    // 2 row fields + 2 values.
    expect(a.col2 - a.col1 + 1).toBe(4);
    const b = parseRange(stages.location);
    // 3 cohorts + 2 header rows + total; 1 row field + 4 stages + total.
    expect(b.row2 - b.row1 + 1).toBe(6);
    expect(b.col2 - b.col1 + 1).toBe(6);
    const slicers = p.ops.filter(isPivotSlicer);
    const baseBottom = Math.max(
      z.row2,
      ...slicers.filter((s) => s.pivot.name === base.name).map((s) => parseRange(s.anchor.from).row1 + 11),
    );
    expect(a.row1).toBeGreaterThan(baseBottom);
    const lowest = Math.max(
      a.row2,
      ...slicers.filter((s) => s.pivot.name === seg.name).map((s) => parseRange(s.anchor.from).row1 + 11),
    );
    expect(b.row1).toBeGreaterThan(lowest);
  });

  it('makes value columns wide enough for the grand total, so no host shows it as ###', () => {
    // Three customers of ¥400,000,000.00 each: the sum's total is ¥1,200,000,000.00, 17 characters; the count's
    // is 3. LibreOffice does not fit a pivot's columns when it recalculates, and showed the sample's
    // ¥13,852,618.62 total as ### in 14-character columns.
    const source: TableBlock = {
      type: 'table',
      key: 'facts',
      columns: [
        { key: 'segment', header: 'Segment', kind: 'text', numberFormat: '@' },
        { key: 'revenue', header: 'Revenue', kind: 'currency', numberFormat: '"¥"#,##0.00' },
      ],
      rows: [
        ['A', 400_000_000],
        ['B', 400_000_000],
        ['A', 400_000_000],
      ],
      style: 'TableStyleLight9',
      freezeHeader: false,
      conditionalFormats: [],
    };
    const block: PivotBlock = {
      type: 'pivot',
      key: 'p',
      title: 'By segment',
      table: 'facts',
      rows: ['segment'],
      columns: [],
      values: [
        { column: 'segment', summary: 'count', label: 'Customers', kind: 'integer' },
        { column: 'revenue', summary: 'sum', label: 'Total revenue', kind: 'currency' },
      ],
      slicers: [],
    };
    const widths = new Map<number, number>();
    placePivots('Explore', 0, [{ block, source, headers: ['Segment', 'Revenue'] }], widths);
    expect('¥1,200,000,000.00'.length).toBe(17);
    expect(widths.get(1)!).toBeGreaterThan(17);
    expect(widths.get(2)!).toBeGreaterThan(17);
  });

  it('gives each field one slicer per pivot, each with a name and a cache name no other has', () => {
    const p = plan('en', ['Slicer_RFM_segment']);
    const slicers = p.ops.filter(isPivotSlicer);
    expect(slicers.map((s) => [s.name, s.field, s.pivot.name, s.cache])).toEqual([
      ['Acquisition channel', 'Acquisition channel', 'LB_explore_base', 'Slicer_Acquisition_channel'],
      ['First purchase month', 'First purchase month', 'LB_explore_base', 'Slicer_First_purchase_month'],
      ['RFM segment', 'RFM segment', 'LB_explore_base', 'Slicer_RFM_segment2'],
      ['First purchase month 1', 'First purchase month', 'LB_explore_segments', 'Slicer_First_purchase_month2'],
      ['Lifecycle stage', 'Lifecycle stage', 'LB_explore_segments', 'Slicer_Lifecycle_stage'],
      ['Acquisition channel 1', 'Acquisition channel', 'LB_explore_stages', 'Slicer_Acquisition_channel2'],
      ['RFM segment 1', 'RFM segment', 'LB_explore_stages', 'Slicer_RFM_segment3'],
    ]);
    // Slicers sit right of their pivot, never on it.
    for (const s of slicers) {
      const pv = p.ops.find((o): o is AddPivotTableOp => o.op === 'addPivotTable' && o.name === s.pivot.name)!;
      expect(parseRange(s.anchor.from).col1).toBeGreaterThan(parseRange(pv.location).col2);
    }
  });

  it('orders the ops: tables, then charts, pivots, slicers, then the store', () => {
    const p = buildPlan(buildReport(deepFreeze(results()), context('en')), {
      existingSheetNames: [],
      ownedSheets: [],
      store: {
        recipe: null,
        log: emptyRunLog(),
        run: { at: '2025-01-01T00:00:00.000Z', host: 'cli', loopbook: '0.1.0', inputs: [] },
      },
    });
    const kinds = p.ops.map((o) => o.op);
    const last = (k: string) => kinds.lastIndexOf(k as never);
    const first = (k: string) => kinds.indexOf(k as never);
    expect(last('addTable')).toBeLessThan(first('addPivotTable'));
    expect(last('addPivotTable')).toBeLessThan(first('addSlicer'));
    expect(last('addSlicer')).toBeLessThan(first('saveRecipe'));
  });
});

const tilesOf = (r: ReturnType<typeof buildReport>) =>
  r.sheets[0].blocks.flatMap((b) => (b.type === 'kpis' ? b.tiles : []));

describe('Dashboard tiles that read the customer base pivot', () => {
  it('read the base pivot where its totals are the figures (FIGURES, counted from CUSTOMERS)', () => {
    const tiles = tilesOf(buildReport(deepFreeze(results()), context('en')));
    const read = Object.fromEntries(tiles.map((t) => [t.key, [t.value, t.pivot]]));
    // Value 0 of the base pivot is the customer count, 1 the revenue sum (see the base pivot test above).
    expect(read['rfm.revenue']).toEqual([FIGURES.revenue, { block: 'explore.base', value: 1 }]);
    expect(read['rfm.customers']).toEqual([FIGURES.customers, { block: 'explore.base', value: 0 }]);
    expect(read['lifecycle.at_risk_revenue']).toEqual([
      FIGURES.atRiskRevenue,
      { block: 'explore.base', value: 1, item: { column: 'lifecycle_stage', text: 'At risk' } },
    ]);
    expect(read['lifecycle.active']).toEqual([
      FIGURES.active,
      { block: 'explore.base', value: 0, item: { column: 'lifecycle_stage', text: 'Active' } },
    ]);
  });

  it('keep a plain value where the pivot would not give the figure, a source is capped, or there are no pivots', () => {
    // Revenue one unit off the fact table's sum: the figure stays, the pivot is not read.
    const off = tilesOf(buildReport(deepFreeze(results({ revenue: FIGURES.revenue + 1 })), context('en')));
    expect(off.find((t) => t.key === 'rfm.revenue')).toMatchObject({ value: FIGURES.revenue + 1 });
    expect(off.find((t) => t.key === 'rfm.revenue')!.pivot).toBeUndefined();
    // The customer count still reads it.
    expect(off.find((t) => t.key === 'rfm.customers')!.pivot).toBeDefined();
    const capped = tilesOf(buildReport(deepFreeze(results({ capped: true })), context('en')));
    expect(capped.filter((t) => t.pivot !== undefined)).toEqual([]);
    const pane = buildReport(deepFreeze(results()), { ...context('en'), pivots: false });
    expect(tilesOf(pane).filter((t) => t.pivot !== undefined)).toEqual([]);
    // Without pivots the tiles are exactly those of a run whose figures no pivot recomputes.
    const plain = tilesOf(buildReport(deepFreeze(results({ revenue: FIGURES.revenue + 1 })), context('en'))).map(
      (t) => t.key,
    );
    expect(tilesOf(pane).map((t) => t.key)).toEqual(plain);
  });

  it('become GETPIVOTDATA formulas on the tile value cells, naming the base pivot, a value field and a row item', () => {
    const p = plan();
    const reads = p.ops.filter((o): o is PivotValueOp => o.op === 'pivotValue');
    const base = p.ops.find((o): o is AddPivotTableOp => o.op === 'addPivotTable' && o.name === 'LB_explore_base')!;
    const top = base.location.split(':')[0];
    const values = p.ops.filter((o): o is WriteValuesOp => o.op === 'writeValues' && o.sheet === 'Dashboard');
    const valueAt = (address: string) => {
      const at = parseRange(address);
      const w = values.find((v) => {
        const r = parseRange(v.address);
        return r.row1 <= at.row1 && at.row1 <= r.row2 && r.col1 <= at.col1 && at.col1 <= r.col2;
      })!;
      const r = parseRange(w.address);
      return w.values[at.row1 - r.row1][at.col1 - r.col1];
    };
    // Revenue, at-risk revenue, active and all customers are headlines; at-risk customers fill the sixth tile.
    expect(reads.map((r) => [r.dataField, r.item?.text ?? null, r.cached]).sort()).toEqual(
      [
        ['Customers', null, FIGURES.customers],
        ['Customers', 'Active', FIGURES.active],
        ['Customers', 'At risk', FIGURES.atRisk],
        ['Total revenue', null, FIGURES.revenue],
        ['Total revenue', 'At risk', FIGURES.atRiskRevenue],
      ].sort(),
    );
    for (const r of reads) {
      expect(r.sheet).toBe('Dashboard');
      // The cell already holds the figure, the formula's cached result.
      expect(valueAt(r.cell)).toBe(r.cached);
      expect(r.pivot).toEqual({ sheet: 'Explore', name: base.name, cell: top });
      expect(base.values.map((v) => v.name)).toContain(r.dataField);
      if (r.item) expect(base.rows).toContain(r.item.field);
    }
    const atRisk = reads.find((r) => r.item?.text === 'At risk')!;
    expect(getPivotDataFormula(atRisk)).toBe(
      `=IFERROR(GETPIVOTDATA("Total revenue",'Explore'!$A$${top.slice(1)},"Lifecycle stage","At risk"),0)`,
    );
    // They come after the pivots they read.
    const kinds = p.ops.map((o) => o.op);
    expect(kinds.indexOf('pivotValue')).toBeGreaterThan(kinds.lastIndexOf('addPivotTable'));
  });

  it('quotes the sheet and every name, and refuses a name no header or label could be', () => {
    const op = {
      pivot: { sheet: "Bob's sheet", name: 'P', cell: 'B7' },
      dataField: 'Sales "net"',
      item: { field: 'Stage', text: '=1+1' },
    };
    // The item is a text argument: quoted, so never a formula of its own.
    expect(getPivotDataFormula(op)).toBe(
      `=IFERROR(GETPIVOTDATA("Sales ""net""",'Bob''s sheet'!$B$7,"Stage","=1+1"),0)`,
    );
    expect(() => getPivotDataFormula({ ...op, dataField: 'a\nb' })).toThrow(/not a pivot field/);
    expect(() => getPivotDataFormula({ ...op, dataField: 'x'.repeat(256) })).toThrow(/not a pivot field/);
  });
});

/** Cells (`col:row`) a sheet's writeValues ops write something into. */
function writtenCells(p: Plan, sheet: string): Set<string> {
  const out = new Set<string>();
  for (const o of p.ops) {
    if (o.op !== 'writeValues' || o.sheet !== sheet) continue;
    const r = parseRange(o.address);
    o.values.forEach((row, i) => {
      row.forEach((v, j) => {
        if (v !== null) out.add(`${r.col1 + j}:${r.row1 + i}`);
      });
    });
  }
  return out;
}

/** The columns and rows a slicer covers, from the sheet's column widths and 20 px rows. */
function slicerArea(p: Plan, s: AddSlicerOp) {
  const widths = new Map<number, number>();
  for (const o of p.ops)
    if (o.op === 'setColumnWidths' && o.sheet === s.sheet)
      for (const c of o.columns) widths.set(parseRange(`${c.column}1`).col1, c.width);
  const from = parseRange(s.anchor.from);
  let col = from.col1;
  for (let px = columnPx(widths.get(col) ?? DEFAULT_WIDTH); px < s.anchor.widthPx;)
    px += columnPx(widths.get(++col) ?? DEFAULT_WIDTH);
  return { col1: from.col1, col2: col, row1: from.row1, row2: from.row1 + Math.ceil(s.anchor.heightPx / 20) - 1 };
}

describe('slicers on result tables', () => {
  it('filter the RFM and lifecycle customer tables by segment and stage, by the Excel table name', () => {
    const p = plan();
    const slicers = p.ops.filter(isTableSlicer);
    const tables = p.ops.filter((o): o is AddTableOp => o.op === 'addTable');
    expect(slicers.map((s) => [s.sheet, s.table.name, s.field, s.name, s.cache])).toEqual([
      ['rfm', 'LB_rfm_customers', 'Segment', 'Segment', 'Slicer_Segment'],
      ['lifecycle', 'LB_lifecycle_customers', 'Stage', 'Stage', 'Slicer_Stage'],
    ]);
    for (const s of slicers) expect(tables.find((t) => t.name === s.table.name)?.sheet).toBe(s.table.sheet);
    // Only where the host writes slicers.
    const pane = buildPlan(buildReport(deepFreeze(results()), { ...context('en'), pivots: false }), {
      existingSheetNames: [],
      ownedSheets: [],
    });
    expect(pane.ops.filter((o) => o.op === 'addSlicer')).toEqual([]);
  });

  it('cover no written cell, table, chart, pivot or other slicer', () => {
    const p = plan();
    const slicers = p.ops.filter((o): o is AddSlicerOp => o.op === 'addSlicer');
    const overlaps = (
      a: { col1: number; col2: number; row1: number; row2: number },
      b: { col1: number; col2: number; row1: number; row2: number },
    ) => a.col1 <= b.col2 && b.col1 <= a.col2 && a.row1 <= b.row2 && b.row1 <= a.row2;
    for (const s of slicers) {
      const area = slicerArea(p, s);
      for (const k of writtenCells(p, s.sheet)) {
        const [col, row] = k.split(':').map(Number);
        expect(overlaps(area, { col1: col, col2: col, row1: row, row2: row }), `${s.name} covers ${k}`).toBe(false);
      }
      const others = [
        ...p.ops.filter((o): o is AddTableOp => o.op === 'addTable' && o.sheet === s.sheet).map((o) => o.address),
        ...p.ops
          .filter((o): o is AddPivotTableOp => o.op === 'addPivotTable' && o.sheet === s.sheet)
          .map((o) => o.location),
        ...p.ops
          .filter((o): o is AddChartOp => o.op === 'addChart' && o.sheet === s.sheet)
          .map((o) => `${o.anchor.from}:${o.anchor.to}`),
      ];
      for (const a of others) expect(overlaps(area, parseRange(a)), `${s.name} covers ${a}`).toBe(false);
      for (const t of slicers)
        if (t !== s && t.sheet === s.sheet)
          expect(overlaps(area, slicerArea(p, t)), `${s.name} / ${t.name}`).toBe(false);
    }
  });
});

describe('combinations', () => {
  // Rows listed by hand; the pairs counted by hand below (values compared as text, as the pivot's items are).
  const table = (rows: (string | number | null)[][]): TableBlock => ({
    type: 'table',
    key: 't',
    columns: ['a', 'b', 'c'].map((key) => ({ key, header: key, kind: 'text' as const, numberFormat: 'General' })),
    rows,
    style: 'TableStyleLight9',
    freezeHeader: false,
    conditionalFormats: [],
  });
  const rows = [
    ['Loyal', 'Email', 1],
    ['Loyal', 'Email', 2],
    ['Loyal', 'Search', 1],
    ['Lost', 'Email', 1],
    ['Lost', null, 1],
    ['Lost', 'null', 1], // the text "null" is the same item as an empty cell's String(null)
    [1, 'Email', 1],
    ['1', 'Email', 1], // the number 1 and the text "1" are one item
  ];
  it('counts the distinct pairs of two columns: (Loyal, Email), (Loyal, Search), (Lost, Email), (Lost, null), (1, Email)', () => {
    expect(combinations(table(rows), [0, 1])).toBe(5);
  });
  it('counts one column and three columns alike', () => {
    expect(combinations(table(rows), [1])).toBe(3); // Email, Search, null
    // (Loyal, Email, 1), (Loyal, Email, 2), (Loyal, Search, 1), (Lost, Email, 1), (Lost, null, 1), (1, Email, 1)
    expect(combinations(table(rows), [0, 1, 2])).toBe(6);
  });
});
