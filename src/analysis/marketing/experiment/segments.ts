/**
 * Experiment: lift by segment. Each arm against control within each value of each segment column
 * (relative lift with its interval); values with fewer than `minSegmentSize` units in either arm are shown
 * without statistics. Read columns → code values → compute cells (pure) → table.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { CellValue, Diagnostic } from '../../../types.js';
import type { ResultTable } from '../../types.js';
import { absoluteDifference, relativeDifference } from '../../../stats/tests.js';
import { BLANK, columnValues, diag, where } from '../../common/index.js';
import { msg } from '../messages.js';
import { byName } from './check.js';
import { newAcc, summary, type ArmLayout } from './compute.js';
import type { ExperimentOptions } from './options.js';

const SEGMENT_TYPES = new Set(['category', 'text', 'boolean', 'integer']);

/**
 * The segment columns: the chosen ones, else attribute columns plus categorical-looking columns with no
 * role or a covariate role (e.g. a history bucket, a 0/1 "newbie" flag); the latter are skipped quietly
 * when they have too many values to be segments.
 */
export function segmentColumns(data: Dataset, segments: string[] | null): ColumnInfo[] {
  return segments
    ? segments.map((s) => byName(data, s)).filter((c): c is ColumnInfo => !!c)
    : data.columns.filter(
        (c) => c.role === 'attribute' || ((c.role === null || c.role === 'covariate') && SEGMENT_TYPES.has(c.type)),
      );
}

/** A segment value's label: trimmed text, numbers and booleans as text, blanks as "(blank)". */
function segmentLabel(rv: unknown): string {
  if (rv === null || rv === undefined || (typeof rv === 'number' && !Number.isFinite(rv))) return BLANK.en;
  if (typeof rv === 'string') return rv.trim() || BLANK.en;
  return typeof rv === 'number' || typeof rv === 'boolean' ? String(rv) : JSON.stringify(rv);
}

/**
 * Value index per row straight from the raw column (no per-row string building), labels per value.
 * Stops early once there are more than `maxValues` values (the column is then no segment column).
 *
 * @example segmentCodes(['a', 'b', 'a', null], 20) // → { valOf: [0, 1, 0, 2], names: ['a', 'b', '(blank)'] }
 */
export function segmentCodes(raw: ArrayLike<unknown>, maxValues: number): { valOf: Int32Array; names: string[] } {
  const n = raw.length;
  const idx = new Map<unknown, number>();
  const valOf = new Int32Array(n);
  const names: string[] = [];
  let lastRaw: unknown = undefined;
  let lastIdx = -1;
  for (let i = 0; i < n; i++) {
    const rv = raw[i];
    if (rv === lastRaw && lastIdx >= 0) {
      valOf[i] = lastIdx;
      continue;
    }
    let v = idx.get(rv);
    if (v === undefined) {
      const label = segmentLabel(rv);
      const same = names.indexOf(label);
      v = same >= 0 ? same : names.length;
      if (same < 0) names.push(label);
      idx.set(rv, v);
      if (names.length > maxValues) break;
    }
    valOf[i] = v;
    lastRaw = rv;
    lastIdx = v;
  }
  return { valOf, names };
}

/**
 * The cells of one segment column (pure): per value (sorted by label), metric and treatment arm, the
 * units, values and, when both arms have `minSegmentSize` units, the lifts. `small` counts the cells
 * shown without statistics.
 */
export function segmentCells(
  header: string,
  codes: { valOf: Int32Array; names: string[] },
  armOf: Int32Array,
  layout: ArmLayout,
  o: Pick<ExperimentOptions, 'alpha' | 'minSegmentSize'>,
): { rows: Record<string, CellValue>[]; small: number } {
  const { valOf, names } = codes;
  const { metrics, c0, treatments, armNames } = layout;
  const K = armNames.length;
  const M = metrics.length;
  const acc = newAcc(names.length * K * M);
  for (let i = 0; i < armOf.length; i++) {
    const k = armOf[i];
    if (k < 0) continue;
    const base = (valOf[i] * K + k) * M;
    for (let m = 0; m < M; m++) {
      const y = metrics[m].values[i];
      if (y === y) {
        acc.n[base + m]++;
        acc.s[base + m] += y;
        acc.ss[base + m] += y * y;
      }
    }
  }
  const rows: Record<string, CellValue>[] = [];
  let small = 0;
  const order = names.map((_, v) => v).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  for (const v of order) {
    for (let m = 0; m < M; m++) {
      const cs = summary(acc, (v * K + c0) * M + m, metrics[m].binary);
      for (const k of treatments) {
        const ts = summary(acc, (v * K + k) * M + m, metrics[m].binary);
        const enough = cs.n >= o.minSegmentSize && ts.n >= o.minSegmentSize;
        const rel = enough ? relativeDifference(cs, ts, o.alpha) : null;
        const abs = enough ? absoluteDifference(cs, ts, o.alpha) : null;
        if (!enough) small++;
        rows.push({
          segment_column: header,
          segment: names[v],
          metric: metrics[m].key,
          arm: armNames[k],
          n_control: cs.n,
          n_arm: ts.n,
          control_value: cs.n > 0 ? cs.mean : null,
          arm_value: ts.n > 0 ? ts.mean : null,
          lift: rel?.estimate ?? null,
          ci_low: rel?.ciLow ?? null,
          ci_high: rel?.ciHigh ?? null,
          abs_lift: abs?.estimate ?? null,
          p_value: abs?.pValue ?? null,
        });
      }
    }
  }
  return { rows, small };
}

function segmentTable(rows: Record<string, CellValue>[], small: number, o: ExperimentOptions): ResultTable {
  return {
    name: 'segments',
    title: { en: 'Lift by segment', 'zh-CN': '细分人群提升' },
    columns: [
      { key: 'segment_column', label: { en: 'Segment by', 'zh-CN': '细分维度' }, kind: 'text' },
      { key: 'segment', label: { en: 'Segment', 'zh-CN': '细分' }, kind: 'text' },
      { key: 'metric', label: { en: 'Metric', 'zh-CN': '指标' }, kind: 'text' },
      { key: 'arm', label: { en: 'Arm', 'zh-CN': '分组' }, kind: 'text' },
      { key: 'n_control', label: { en: 'Control units', 'zh-CN': '对照组样本' }, kind: 'integer' },
      { key: 'n_arm', label: { en: 'Arm units', 'zh-CN': '实验组样本' }, kind: 'integer' },
      { key: 'control_value', label: { en: 'Control', 'zh-CN': '对照组' }, kind: 'number', decimals: 4 },
      { key: 'arm_value', label: { en: 'Arm', 'zh-CN': '实验组' }, kind: 'number', decimals: 4 },
      { key: 'lift', label: { en: 'Relative lift', 'zh-CN': '相对提升' }, kind: 'percent', highlight: 'colorScale' },
      { key: 'ci_low', label: { en: 'CI low', 'zh-CN': '置信区间下限' }, kind: 'percent' },
      { key: 'ci_high', label: { en: 'CI high', 'zh-CN': '置信区间上限' }, kind: 'percent' },
      { key: 'abs_lift', label: { en: 'Absolute lift', 'zh-CN': '绝对提升' }, kind: 'number', decimals: 4 },
      { key: 'p_value', label: { en: 'p-value', 'zh-CN': 'p 值' }, kind: 'number', decimals: 4 },
    ],
    rows,
    note: msg('experiment.segmentNote', { min: o.minSegmentSize, small }),
  };
}

/** The lift-by-segment table, or null when there is no segment column at all. */
export function segmentLift(
  data: Dataset,
  o: ExperimentOptions,
  armOf: Int32Array,
  layout: ArmLayout,
  diagnostics: Diagnostic[],
): ResultTable | null {
  const explicit = o.segments !== null;
  const cols = segmentColumns(data, o.segments);
  if (cols.length === 0) return null;
  const rows: Record<string, CellValue>[] = [];
  let small = 0;
  for (const col of cols) {
    const codes = segmentCodes(columnValues(data, col.name), o.maxSegmentValues);
    const count = codes.names.length;
    if (count > o.maxSegmentValues || count < 2) {
      if (count < 2 || (!explicit && col.role !== 'attribute')) continue;
      diagnostics.push(
        diag(
          'marketing.experiment.segment-too-many',
          'info',
          msg('experiment.segmentTooMany', { column: col.header, max: o.maxSegmentValues }),
          where(data, col, []),
        ),
      );
      continue;
    }
    const cells = segmentCells(col.header, codes, armOf, layout, o);
    rows.push(...cells.rows);
    small += cells.small;
  }
  return segmentTable(rows, small, o);
}
