/**
 * Issue 8, "Must show": on Hillstrom (tests/reference-data/hillstrom), the lift of each e-mail arm against
 * `No E-Mail` within each value of `newbie`, `channel`, `zip_code` and `history_segment` equals the same
 * test run on that subset alone — for both places Loopbook shows lift by segment:
 *  - the experiment analysis's "Lift by segment" table (Lift sheet), and
 *  - the closed loop's segment-response experiment cells and matrix (Segment response sheet).
 * "The same test on the subset alone" is checked two ways: the whole experiment analysis run on the filtered
 * rows as its own data set, and the public two-sample functions of `src/stats/tests.ts` on sums taken here
 * from the filtered CSV columns. A few figures are also pinned to a hand computation (Python `math.fsum`
 * over the CSV, independent of the TypeScript code).
 */
import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import { analyzeExperiment } from '../../../src/analysis/marketing/experiment/index.js';
import {
  computeSegmentResponse,
  runSegmentResponse,
  type ExperimentCell,
} from '../../../src/analysis/loop/segment-response.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import type { CellValue, Diagnostic } from '../../../src/types.js';
import {
  absoluteDifference,
  proportionSummary,
  relativeDifference,
  summaryFromSums,
  type Comparison,
  type SampleSummary,
} from '../../../src/stats/tests.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { pickInputs } from '../../../src/run/detect.js';
import { common } from '../helpers.js';
import { hillstromDataset, readHillstrom } from '../marketing/hillstrom.js';
import { deepFreeze, gridOf, parseCsv } from '../../ingest/helpers/csv.js';
import { readReference } from '../../reference-data.js';

const COMMON = common('2008-12-31');
const CONTROL = 'No E-Mail';
const ARMS = ['Mens E-Mail', 'Womens E-Mail'] as const;
const SEGMENT_COLUMNS = ['newbie', 'channel', 'zip_code', 'history_segment'] as const;
const METRICS = ['visit', 'conversion', 'spend'] as const;
type Metric = (typeof METRICS)[number];
const TOL = 1e-9;

/** |a − b| ≤ 1e-9 (relative for large values); both null counts as equal. */
function same(a: CellValue | undefined, b: number | null | undefined, what: string): void {
  if (b === null || b === undefined) {
    expect(a ?? null, what).toBeNull();
    return;
  }
  expect(typeof a, what).toBe('number');
  expect(Math.abs((a as number) - b), `${what}: ${a as number} vs ${b}`).toBeLessThanOrEqual(
    TOL * Math.max(1, Math.abs(b)),
  );
}

const cols = readHillstrom(); // the CSV is read once
const snapshot = JSON.stringify([cols.spend, cols.newbie, cols.segment].map((c) => c.slice(0, 200)));
const data = hillstromDataset(cols);
const N = cols.segment.length;

/** Column values of the rows where `column` reads `value` (labels as the analyses write them). */
function subsetColumns(column: string, value: string): Record<string, CellValue[]> {
  const keep: number[] = [];
  for (let i = 0; i < N; i++) if (String(cols[column][i]) === value) keep.push(i);
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, keep.map((i) => v[i])]));
}

/** The segment values of a column, sorted as the Lift by segment table sorts them. */
function valuesOf(column: string): string[] {
  return [...new Set(cols[column].map((v) => String(v)))].sort();
}

/** Summary of one arm and metric computed here from the (subset) columns: n, Σy, Σy². */
function armSummary(c: Record<string, CellValue[]>, arm: string, metric: Metric): SampleSummary {
  let n = 0,
    s = 0,
    ss = 0;
  for (let i = 0; i < c.segment.length; i++) {
    if (c.segment[i] !== arm) continue;
    const y = c[metric][i] as number;
    n++;
    s += y;
    ss += y * y;
  }
  // visit and conversion are 0/1: proportion variance p(1 − p); spend: VAR.S.
  return metric === 'spend' ? summaryFromSums(n, s, ss) : proportionSummary(s, n);
}

interface Expected {
  ctl: SampleSummary;
  trt: SampleSummary;
  abs: Comparison;
  rel: Comparison;
}

/** The same tests on one subset alone, from the public stats functions. */
function subsetTests(c: Record<string, CellValue[]>, arm: string, metric: Metric): Expected {
  const ctl = armSummary(c, CONTROL, metric);
  const trt = armSummary(c, arm, metric);
  return { ctl, trt, abs: absoluteDifference(ctl, trt), rel: relativeDifference(ctl, trt) };
}

/** Every subset once: (column, value) → its columns, its own experiment analysis, and the stats per arm × metric. */
const subsets = new Map<
  string,
  { columns: Record<string, CellValue[]>; alone: AnalysisResult; tests: Map<string, Expected> }
>();
for (const column of SEGMENT_COLUMNS) {
  for (const value of valuesOf(column)) {
    const columns = subsetColumns(column, value);
    const alone = analyzeExperiment(hillstromDataset(columns), COMMON, { segments: [], bayesian: false, cuped: false });
    const tests = new Map<string, Expected>();
    for (const arm of ARMS) for (const m of METRICS) tests.set(`${arm}|${m}`, subsetTests(columns, arm, m));
    subsets.set(`${column}|${value}`, { columns, alone, tests });
  }
}
const CELLS = [...subsets.keys()].length * ARMS.length * METRICS.length; // 15 values × 2 arms × 3 metrics = 90

describe('Hillstrom subsets: the test run on a subset alone (two independent routes agree)', () => {
  it('15 segment values; the experiment analysis on each subset equals the stats functions on its sums', () => {
    // newbie 0/1, channel Multichannel/Phone/Web, zip_code Rural/Surburban/Urban, history_segment 1) … 7).
    expect(SEGMENT_COLUMNS.map((c) => valuesOf(c).length)).toEqual([2, 3, 3, 7]);
    expect(CELLS).toBe(90);
    for (const [key, s] of subsets) {
      const cmp = s.alone.tables.find((t) => t.name === 'comparisons')!;
      expect(
        s.alone.tables.some((t) => t.name === 'segments'),
        key,
      ).toBe(false);
      for (const arm of ARMS) {
        for (const m of METRICS) {
          const row = cmp.rows.find((x) => x.arm === arm && x.metric === m && x.method === 'plain')!;
          const e = s.tests.get(`${arm}|${m}`)!;
          const what = `${key} ${arm} ${m}`;
          same(row.control_value, e.ctl.mean, `${what} control`);
          same(row.arm_value, e.trt.mean, `${what} arm`);
          same(row.abs_lift, e.abs.estimate, `${what} abs`);
          same(row.abs_ci_low, e.abs.ciLow, `${what} abs low`);
          same(row.abs_ci_high, e.abs.ciHigh, `${what} abs high`);
          same(row.lift, e.rel.estimate, `${what} lift`);
          same(row.ci_low, e.rel.ciLow, `${what} low`);
          same(row.ci_high, e.rel.ciHigh, `${what} high`);
          same(row.p_value, e.abs.pValue, `${what} p`);
        }
      }
    }
  });

  it('newbie = 1, spend, Mens E-Mail vs No E-Mail matches a hand computation from the CSV', () => {
    // By hand (Python, math.fsum over hillstrom.csv rows with newbie = 1):
    //   No E-Mail   n 10695, Σ spend 3983.33,  VAR.S 71.32920895031693
    //   Mens E-Mail n 10686, Σ spend 14238.75, VAR.S 301.8163685003614
    //   difference 14238.75/10686 − 3983.33/10695 = 0.9600198419292102
    //   se √(71.329209/10695 + 301.816369/10686) = 0.1868515182738387, t 5.1378755216870164
    //   Welch df (v₁/n₁ + v₂/n₂)² / ((v₁/n₁)²/(n₁−1) + (v₂/n₂)²/(n₂−1)) = 15465.364635963722
    //   relative 0.9600198/0.3724479 = 2.5775951802720094, delta-method se 0.90497582274279
    //   normal two-sided p 2·(1 − Φ(5.13788)) = 2.778618e-7 (the t tail with df 15465 is ~1.2% heavier)
    const e = subsets.get('newbie|1')!.tests.get('Mens E-Mail|spend')!;
    const rel = (a: number | null, b: number): number => Math.abs((a ?? NaN) - b) / Math.abs(b);
    expect(e.ctl.n).toBe(10695);
    expect(e.trt.n).toBe(10686);
    expect(rel(e.ctl.mean, 3983.33 / 10695)).toBeLessThan(1e-12);
    expect(rel(e.ctl.variance, 71.32920895031693)).toBeLessThan(1e-9);
    expect(rel(e.trt.variance, 301.8163685003614)).toBeLessThan(1e-9);
    expect(rel(e.abs.estimate, 0.9600198419292102)).toBeLessThan(1e-9);
    expect(rel(e.abs.se, 0.1868515182738387)).toBeLessThan(1e-9);
    expect(rel(e.abs.statistic, 5.1378755216870164)).toBeLessThan(1e-9);
    expect(rel(e.abs.df, 15465.364635963722)).toBeLessThan(1e-9);
    expect(rel(e.rel.estimate, 2.5775951802720094)).toBeLessThan(1e-9);
    expect(rel(e.rel.se, 0.90497582274279)).toBeLessThan(1e-9);
    expect(e.abs.pValue! / 2.778618295145031e-7).toBeGreaterThan(1);
    expect(e.abs.pValue! / 2.778618295145031e-7).toBeLessThan(1.02);
    // 95% CI = estimate ± T.INV(0.975, df) × se (t quantile from jStat directly, not through src/stats).
    const q = jStat.studentt.inv(0.975, 15465.364635963722);
    expect(rel(e.abs.ciLow, 0.9600198419292102 - q * 0.1868515182738387)).toBeLessThan(1e-9);
    expect(rel(e.abs.ciHigh, 0.9600198419292102 + q * 0.1868515182738387)).toBeLessThan(1e-9);
    expect(rel(e.abs.pValue, 2 * (1 - jStat.studentt.cdf(5.1378755216870164, 15465.364635963722)))).toBeLessThan(1e-6);
  });

  it('two more cells match the hand computation (visit by channel, conversion by zip code)', () => {
    // By hand (Python over the CSV): channel = Phone, visit, Womens vs No E-Mail: 1246/9454 − 813/9327 =
    //   0.044629773745575654, relative 0.5120072567342978, se (p(1−p)/n) 0.004542510396352353.
    const phone = subsets.get('channel|Phone')!.tests.get('Womens E-Mail|visit')!;
    expect(phone.ctl.n).toBe(9327);
    expect(phone.trt.n).toBe(9454);
    expect(phone.abs.estimate!).toBeCloseTo(0.044629773745575654, 12);
    expect(phone.rel.estimate!).toBeCloseTo(0.5120072567342978, 12);
    expect(phone.abs.se!).toBeCloseTo(0.004542510396352353, 12);
    // zip_code = Rural, conversion, Mens vs No E-Mail: 44/3243 − 26/3139 = 0.00528479160201643,
    //   relative 0.6380369553357529, se 0.002596876650801305, Welch df 6116.280719965687.
    const rural = subsets.get('zip_code|Rural')!.tests.get('Mens E-Mail|conversion')!;
    expect([rural.ctl.n, rural.trt.n]).toEqual([3139, 3243]);
    expect(rural.abs.estimate!).toBeCloseTo(0.00528479160201643, 12);
    expect(rural.rel.estimate!).toBeCloseTo(0.6380369553357529, 12);
    expect(rural.abs.se!).toBeCloseTo(0.002596876650801305, 12);
    expect(rural.abs.df!).toBeCloseTo(6116.280719965687, 6);
  });
});

describe('Experiment analysis, Lift by segment table (Lift sheet)', () => {
  const r = analyzeExperiment(data, COMMON, { segments: [...SEGMENT_COLUMNS] });
  const seg = r.tables.find((t) => t.name === 'segments')!;

  it('has one row per arm × segment value × metric, each equal to the test on that subset alone', () => {
    expect(seg.rows).toHaveLength(CELLS);
    let withLift = 0;
    for (const row of seg.rows) {
      const s = subsets.get(`${row.segment_column as string}|${row.segment as string}`);
      expect(s, `${row.segment_column as string}|${row.segment as string}`).toBeDefined();
      const e = s!.tests.get(`${row.arm as string}|${row.metric as string}`)!;
      const what = `${row.segment_column as string}=${row.segment as string} ${row.arm as string} ${row.metric as string}`;
      expect(row.n_control, what).toBe(e.ctl.n);
      expect(row.n_arm, what).toBe(e.trt.n);
      same(row.control_value, e.ctl.mean, `${what} control`);
      same(row.arm_value, e.trt.mean, `${what} arm`);
      same(row.lift, e.rel.estimate, `${what} lift`);
      same(row.ci_low, e.rel.ciLow, `${what} CI low`);
      same(row.ci_high, e.rel.ciHigh, `${what} CI high`);
      same(row.abs_lift, e.abs.estimate, `${what} abs`);
      same(row.p_value, e.abs.pValue, `${what} p`);
      if (row.lift !== null) withLift++;
    }
    // Every segment has ≥ 100 units per arm here and a non-zero control rate: all 90 cells carry a lift.
    expect(withLift).toBe(CELLS);
  });

  it('the pinned newbie = 1 spend cell reads the hand-computed figures', () => {
    const row = seg.rows.find(
      (x) => x.segment_column === 'newbie' && x.segment === '1' && x.arm === 'Mens E-Mail' && x.metric === 'spend',
    )!;
    expect(row.lift as number).toBeCloseTo(2.5775951802720094, 9);
    expect(row.abs_lift as number).toBeCloseTo(0.9600198419292102, 9);
  });
});

describe('Closed loop, segment × campaign response (Segment response sheet)', () => {
  /** Cells of the loop's experiment part segmented by one column of the experiment table. */
  function loopCells(options: Parameters<typeof computeSegmentResponse>[2]): {
    cells: ExperimentCell[];
    column: string;
    diags: Diagnostic[];
  } {
    const diags: Diagnostic[] = [];
    const d = computeSegmentResponse({ experiment: data }, COMMON, options, diags);
    expect(d?.experiment, JSON.stringify(diags.map((x) => x.code))).toBeTruthy();
    return { cells: d!.experiment!.cells, column: d!.experiment!.segmentColumn, diags };
  }

  function checkCells(column: string, cells: ExperimentCell[]): void {
    expect(cells).toHaveLength(valuesOf(column).length * ARMS.length * METRICS.length);
    for (const c of cells) {
      const e = subsets.get(`${column}|${c.segment}`)!.tests.get(`${c.arm}|${c.metric}`)!;
      const what = `${column}=${c.segment} ${c.arm} ${c.metric}`;
      expect(c.control, what).toBe(CONTROL);
      expect([c.ctl.n, c.trt.n], what).toEqual([e.ctl.n, e.trt.n]);
      same(c.ctl.mean, e.ctl.mean, `${what} control`);
      same(c.trt.mean, e.trt.mean, `${what} arm`);
      for (const k of ['estimate', 'ciLow', 'ciHigh', 'pValue', 'se'] as const) {
        same(c.abs?.[k], e.abs[k], `${what} abs ${k}`);
        same(c.rel?.[k], e.rel[k], `${what} rel ${k}`);
      }
      // Holm across the outcome's segment × arm cells can only raise p.
      expect(c.pHolm!, what).toBeGreaterThanOrEqual(c.abs!.pValue! - 1e-15);
    }
  }

  for (const column of SEGMENT_COLUMNS) {
    it(`segmented by ${column}: every arm × value × outcome equals the test on that subset alone`, () => {
      const { cells, column: used } = loopCells({ segmentBy: column });
      expect(used).toBe(column);
      checkCells(column, cells);
    });
  }

  it("with no orders and default options, the experiment's own segment column is used (no error)", () => {
    // An experiment table alone: segments cannot be judged from purchases, so the experiment's first
    // attribute column with ≤ 20 values is used (history_segment, 7 values) — as the option docs say.
    const { cells, column, diags } = loopCells({});
    expect(diags.filter((x) => x.severity === 'error')).toEqual([]);
    expect(column).toBe('history_segment');
    checkCells('history_segment', cells);
    const chosen = loopCells({ experimentSegment: 'zip_code' });
    expect(chosen.column).toBe('zip_code');
    checkCells('zip_code', chosen.cells);
  });

  it('the report tables show the same figures (rounded to 6 decimals, p to 8)', () => {
    const res = runSegmentResponse({ experiment: data }, COMMON, { segmentBy: 'newbie' });
    const cellsT = res.tables.find((t) => t.name === 'experiment_cells')!;
    expect(cellsT.rows).toHaveLength(2 * ARMS.length * METRICS.length);
    for (const row of cellsT.rows) {
      const e = subsets
        .get(`newbie|${row.segment as string}`)!
        .tests.get(`${row.arm as string}|${row.metric as string}`)!;
      const near = (a: CellValue | undefined, b: number | null, dp: number): void => {
        expect(Math.abs((a as number) - (b as number))).toBeLessThanOrEqual(0.5 * 10 ** -dp + 1e-12);
      };
      expect([row.n_control, row.n_arm]).toEqual([e.ctl.n, e.trt.n]);
      near(row.lift, e.rel.estimate, 6);
      near(row.ci_low, e.rel.ciLow, 6);
      near(row.ci_high, e.rel.ciHigh, 6);
      near(row.abs_lift, e.abs.estimate, 6);
      near(row.abs_ci_low, e.abs.ciLow, 6);
      near(row.abs_ci_high, e.abs.ciHigh, 6);
      near(row.p_value, e.abs.pValue, 8);
    }
    // Matrix: spend (the money outcome), one row per newbie value, one column per arm.
    const matrix = res.tables.find((t) => t.name === 'experiment_matrix')!;
    expect(matrix.title.en).toContain('spend');
    const one = matrix.rows.find((x) => x.segment === '1')!;
    // Hand computation above: newbie = 1, spend, Mens relative lift 2.5775951802720094.
    expect(one.arm_1).toBe(2.577595);
    expect(one.arm_2 as number).toBeCloseTo(
      subsets.get('newbie|1')!.tests.get('Womens E-Mail|spend')!.rel.estimate!,
      6,
    );
  });
});

describe('As a real run reads it: the CSV through ingest, default options', () => {
  // Cells as text, roles detected by ingest (no hand-set roles): what a user's workbook gives.
  const grid = deepFreeze(gridOf('Hillstrom', parseCsv(readReference('hillstrom/hillstrom.csv.gz', 'utf8'))));
  const inputs = pickInputs([ingestGrid(grid)]);

  it("the Lift sheet's default Lift by segment covers the four columns, each cell equal to its subset alone", () => {
    const seg = analyzeExperiment(inputs.experiment!, COMMON).tables.find((t) => t.name === 'segments')!;
    const rows = seg.rows.filter((x) => (SEGMENT_COLUMNS as readonly string[]).includes(x.segment_column as string));
    expect(new Set(rows.map((x) => x.segment_column))).toEqual(new Set(SEGMENT_COLUMNS));
    expect(rows).toHaveLength(CELLS);
    for (const row of rows) {
      const e = subsets
        .get(`${row.segment_column as string}|${row.segment as string}`)!
        .tests.get(`${row.arm as string}|${row.metric as string}`)!;
      const what = `${row.segment_column as string}=${row.segment as string} ${row.arm as string} ${row.metric as string}`;
      expect([row.n_control, row.n_arm], what).toEqual([e.ctl.n, e.trt.n]);
      same(row.lift, e.rel.estimate, `${what} lift`);
      same(row.ci_low, e.rel.ciLow, `${what} CI low`);
      same(row.ci_high, e.rel.ciHigh, `${what} CI high`);
      same(row.abs_lift, e.abs.estimate, `${what} abs`);
      same(row.p_value, e.abs.pValue, `${what} p`);
    }
  });

  it('the Segment response sheet, default options, segments by one of the four and matches its subsets', () => {
    const diags: Diagnostic[] = [];
    const d = computeSegmentResponse(inputs, COMMON, {}, diags);
    expect(diags.filter((x) => x.severity === 'error')).toEqual([]);
    const column = d!.experiment!.segmentColumn;
    expect(SEGMENT_COLUMNS as readonly string[]).toContain(column);
    const cells = d!.experiment!.cells;
    expect(cells).toHaveLength(valuesOf(column).length * ARMS.length * METRICS.length);
    for (const c of cells) {
      const e = subsets.get(`${column}|${c.segment}`)!.tests.get(`${c.arm}|${c.metric}`)!;
      for (const k of ['estimate', 'ciLow', 'ciHigh', 'pValue'] as const) {
        same(c.abs?.[k], e.abs[k], `${column}=${c.segment} ${c.arm} ${c.metric} abs ${k}`);
        same(c.rel?.[k], e.rel[k], `${column}=${c.segment} ${c.arm} ${c.metric} rel ${k}`);
      }
    }
  });
});

describe('input', () => {
  it('the CSV columns were not changed by any analysis', () => {
    expect(JSON.stringify([cols.spend, cols.newbie, cols.segment].map((c) => c.slice(0, 200)))).toBe(snapshot);
    expect(data.table.numRows()).toBe(64000);
  });
});
