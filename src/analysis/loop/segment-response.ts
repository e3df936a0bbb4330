/**
 * Segment × campaign response: which segments answer which campaigns, channels or experiment arms.
 *
 * - Experiment: each arm against control within each segment (Welch t for money outcomes, two proportions for
 *   0/1 outcomes, relative lift by the delta method; `src/stats/tests.ts`), Holm-corrected across the
 *   segment × arm cells of each outcome. Randomised, so causal.
 * - Touchpoints: customers reached by a channel (or campaign) against the same segment's customers reached
 *   only by others (the segment's own baseline), and against the other segments reached by it; two-proportion
 *   tests on conversion. Observational: reach is not random.
 * A customer's segment is judged on the day of the first touch (or the experiment start) from purchases before it.
 * Cells with fewer than `minSize` customers on either side show counts and rates but no comparison.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, ResultColumn, ResultTable } from '../types.js';
import { holm } from '../../stats/multiple.js';
import {
  absoluteDifference,
  proportionSummary,
  relativeDifference,
  type Comparison,
  type SampleSummary,
} from '../../stats/tests.js';
import { detectControl, findArmColumn } from '../marketing/arms.js';
import {
  cellText,
  columnByRole,
  columnValues,
  diag,
  emptyResult,
  labels,
  round as r,
  t,
  where,
  defineAnalysis,
  type RunMemo,
} from '../common/index.js';
import { customerIndex, readOrders, type OrderArrays } from '../user/orders.js';
import { lineConverter } from '../finance/fx.js';
import {
  buildHistories,
  DEFAULT_WINDOWS,
  NO_PURCHASE,
  readTouches,
  segmentName,
  segmentsAt,
  segmentsOn,
  spendBy,
  totalsBefore,
  totalsBeforeEach,
  type EachTotals,
  windowSegment,
  type BusinessWindows,
  type Histories,
  type SegmentBasis,
  type Touches,
} from './common.js';
import { experimentFinding, touchFindings } from './findings.js';

export interface SegmentResponseOptions {
  /** `business` (default), `rfm`, `lifecycle`, or the name of an attribute column (customers or experiment table). */
  segmentBy: string;
  windows: BusinessWindows;
  /** Touchpoint columns of the matrix: channels (default) or campaigns. */
  touchColumns: 'channel' | 'campaign';
  /** Fewest customers on each side of a comparison for it to be shown (default 50). */
  minSize: number;
  alpha: number;
  /** Experiment start (Excel serial) to judge units' segments from orders; without it the experiment's own segment column is used. */
  experimentStart: number | null;
  /** The experiment's segment column; default: its first attribute column with ≤ `maxSegments` values. */
  experimentSegment: string | null;
  maxSegments: number;
  /** Most matrix columns (channels or campaigns by customers reached); the rest are left out with a note. */
  maxColumns: number;
}

export const SEGMENT_RESPONSE_DEFAULTS: SegmentResponseOptions = {
  segmentBy: 'business',
  windows: DEFAULT_WINDOWS,
  touchColumns: 'channel',
  minSize: 50,
  alpha: 0.05,
  experimentStart: null,
  experimentSegment: null,
  maxSegments: 20,
  maxColumns: 20,
};

const HEAD = {
  kind: 'segment-response',
  title: t('Segment × campaign response', '分群 × 活动响应'),
  sheetName: t('Segment response', '分群响应'),
  question: t('Which customer segments answer which campaigns and channels?', '哪些客户分群对哪些活动和渠道有反应？'),
};

/** One segment × channel cell of the touchpoint matrix. */
export interface TouchCell {
  segment: string;
  column: string;
  /** Customers of the segment reached by the column, and those of them who converted. */
  n: number;
  conv: number;
  value: number;
  /** Customers of the segment reached only by other columns (own baseline). */
  baseN: number;
  baseConv: number;
  /** Customers of other segments reached by the column (segments answering it specially left out). */
  othersN: number;
  othersConv: number;
  vsBaseline: Comparison | null;
  vsOthers: Comparison | null;
}

/** One segment × arm × outcome cell of the experiment. */
export interface ExperimentCell {
  segment: string;
  arm: string;
  control: string;
  metric: string;
  binary: boolean;
  ctl: SampleSummary;
  trt: SampleSummary;
  /** Units of the segment in all arms. */
  segmentUnits: number;
  abs: Comparison | null;
  rel: Comparison | null;
  pHolm: number | null;
}

export interface SegmentResponseData {
  basis: SegmentBasis;
  segmentOrder: string[];
  touch: {
    cells: TouchCell[];
    columns: string[];
    customers: number;
    dropped: number;
    firstDay: number;
    lastDay: number;
  } | null;
  experiment: {
    cells: ExperimentCell[];
    arms: string[];
    control: string;
    segmentColumn: string;
    metrics: string[];
  } | null;
  /** Customers per segment on the as-of date (who could be targeted now). */
  segmentNow: Map<string, number>;
  /** Mean converted value per touch conversion overall (for money at stake). */
  meanConversionValue: number | null;
  /** Spend per touch column inside the touch window, when a campaigns table exists. */
  columnSpend: Map<string, number> | null;
  /** Per customer, the campaigns they responded to (`respondedCampaigns`); null when the touches name no campaign. */
  responded: Map<string, string[]> | null;
}

/**
 * Per customer, the campaigns of their converted touches (a customer responded to a campaign when a touch
 * of it converted), in the order of each campaign's first converted touch (ties by name); null when the
 * touches have no campaign column. Customers with no converted touch are not listed.
 * Example: C1 converts on spring (day 3) and on autumn (day 1), C2 touched by spring without converting →
 * { C1: [autumn, spring] }.
 */
export function respondedCampaigns(tc: Touches): Map<string, string[]> | null {
  if (!tc.campaign) return null;
  const first = new Map<string, Map<string, number>>();
  for (let i = 0; i < tc.n; i++) {
    const id = tc.customer[i];
    if (!tc.converted[i] || id === null) continue;
    let m = first.get(id);
    if (!m) first.set(id, (m = new Map<string, number>()));
    const c = tc.campaign[i];
    // readTouches' label for an empty campaign cell: no campaign to have responded to.
    if (c === '(blank)') continue;
    const day = tc.time[i] === tc.time[i] ? tc.time[i] : Infinity;
    if (!m.has(c) || day < m.get(c)!) m.set(c, day);
  }
  const out = new Map<string, string[]>();
  for (const [id, m] of first)
    out.set(
      id,
      [...m.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[0]),
    );
  return out;
}

function basisOf(segmentBy: string): SegmentBasis {
  return segmentBy === 'business' || segmentBy === 'rfm' || segmentBy === 'lifecycle' ? segmentBy : 'attribute';
}

/** Attribute of each customer from the customers table (by column name or header). */
function customerAttribute(ds: Dataset | undefined, name: string): Map<string, string> | null {
  if (!ds) return null;
  const col = ds.columns.find((c) => c.name === name || c.header === name);
  const id = columnByRole(ds, 'customer_id');
  if (!col || !id) return null;
  const ids = columnValues(ds, id.name);
  const vals = labels(ds, col, '(blank)');
  const m = new Map<string, string>();
  for (let i = 0; i < vals.length; i++) {
    const k = cellText(ids[i]);
    if (k !== null) m.set(k, vals[i]);
  }
  return m;
}

/** Segment of customer `id` on day `d` (purchases before d), per basis; `no_purchase` when none. */
function segmenter(
  h: Segmented,
  basis: SegmentBasis,
  w: BusinessWindows,
  attr: Map<string, string> | null,
  rfmAt: (string | null)[] | null,
  at: EachTotals | null,
) {
  return (id: string, d: number): string | null => {
    if (basis === 'attribute') return attr?.get(id) ?? null;
    const c = h?.index.get(id);
    if (h === null || c === undefined) return NO_PURCHASE;
    if (basis === 'rfm') return rfmAt?.[c] ?? NO_PURCHASE;
    if (basis === 'lifecycle') return segmentsAtOne(buildHistories(h.orders, h.memo), c, d);
    // Business: the purchases before `d`, which is the day `at` holds for the customer.
    const n = at!.n[c];
    return n === 0 ? NO_PURCHASE : windowSegment(n, at!.first[c], at!.last[c], d, w)!;
  };
}

/** The orders the segments are judged from: the orders read, its customers' codes, and the run's memo. */
interface SegmentSource {
  orders: OrderArrays;
  index: ReadonlyMap<string, number>;
  memo: RunMemo | undefined;
}

/**
 * Day of each touched customer's first touch (whole day), by customer code (NaN: not touched or not a buyer): the
 * day touchResponse segments the customer on.
 */
export function firstTouchDays(tc: Touches, index: ReadonlyMap<string, number>, customers: number): Float64Array {
  const out = new Float64Array(customers).fill(NaN);
  for (let i = 0; i < tc.n; i++) {
    const id = tc.customer[i];
    const ts = tc.time[i];
    if (id === null || ts !== ts) continue;
    const c = index.get(id);
    if (c === undefined) continue;
    const d = Math.floor(ts);
    if (!(out[c] <= d)) out[c] = d;
  }
  return out;
}

/** The first touch time of the touchpoints (any row), whose day RFM segments are judged on. */
export function firstTouchTime(tc: Touches): number {
  let first = Infinity;
  for (let i = 0; i < tc.n; i++) if (tc.time[i] < first) first = tc.time[i];
  return first;
}

function segmentsAtOne(h: Histories, c: number, d: number): string {
  const one: Histories = {
    ids: [h.ids[c]],
    index: new Map(),
    start: Int32Array.from([0, h.start[c + 1] - h.start[c]]),
    day: h.day.subarray(h.start[c], h.start[c + 1]),
    amount: h.amount.subarray(h.start[c], h.start[c + 1]),
  };
  return segmentsAt(one, d, 'lifecycle')[0] ?? NO_PURCHASE;
}

/**
 * Touchpoint response per segment × column (pure). Each customer counts once: segment on the day of the first
 * touch, reached by every column that touched them, converted when any touch converted.
 * Example: segment A has 4 customers, 2 reached by Community (1 converts), 2 only by Search (0 convert) →
 * cell A × Community: n 2, conv 1, baseline n 2, baseline conv 0.
 */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function touchResponse(
  tc: Touches,
  seg: (id: string, day: number) => string | null,
  opts: Pick<SegmentResponseOptions, 'touchColumns' | 'minSize' | 'alpha' | 'maxColumns'>,
): {
  cells: TouchCell[];
  columns: string[];
  customers: number;
  dropped: number;
  firstDay: number;
  lastDay: number;
  segments: string[];
} {
  const colOf = (opts.touchColumns === 'campaign' ? tc.campaign : tc.channel) ?? tc.campaign ?? tc.channel!;
  const byCust = new Map<string, { first: number; cols: Set<string>; conv: number; value: number }>();
  let firstDay = Infinity,
    lastDay = -Infinity;
  for (let i = 0; i < tc.n; i++) {
    const id = tc.customer[i];
    const ts = tc.time[i];
    if (id === null || ts !== ts) continue;
    let c = byCust.get(id);
    if (!c) {
      c = { first: ts, cols: new Set(), conv: 0, value: 0 };
      byCust.set(id, c);
    }
    if (ts < c.first) c.first = ts;
    c.cols.add(colOf[i]);
    if (tc.converted[i]) c.conv = 1;
    c.value += tc.value[i];
    if (ts < firstDay) firstDay = ts;
    if (ts > lastDay) lastDay = ts;
  }
  // Columns by customers reached, capped.
  const reach = new Map<string, number>();
  for (const c of byCust.values()) for (const col of c.cols) reach.set(col, (reach.get(col) ?? 0) + 1);
  const columns = [...reach.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.maxColumns)
    .map((e) => e[0]);
  const K = columns.length;
  const colIdx = new Map(columns.map((c, k) => [c, k]));
  const segIdx = new Map<string, number>();
  const segNames: string[] = [];
  const acc: { n: number; conv: number; rn: number[]; rc: number[]; rv: number[] }[] = [];
  let dropped = 0;
  for (const [id, c] of byCust) {
    const s = seg(id, Math.floor(c.first));
    if (s === null) {
      dropped++;
      continue;
    }
    let si = segIdx.get(s);
    if (si === undefined) {
      si = segNames.length;
      segIdx.set(s, si);
      segNames.push(s);
      acc.push({
        n: 0,
        conv: 0,
        rn: new Array<number>(K).fill(0),
        rc: new Array<number>(K).fill(0),
        rv: new Array<number>(K).fill(0),
      });
    }
    const a = acc[si];
    a.n++;
    a.conv += c.conv;
    for (const col of c.cols) {
      const k = colIdx.get(col);
      if (k === undefined) continue;
      a.rn[k]++;
      a.rc[k] += c.conv;
      a.rv[k] += c.value;
    }
  }
  // Pass 1: each cell against the segment's own baseline; Holm across the cells.
  const cells: TouchCell[] = [];
  segNames.forEach((s, si) => {
    const a = acc[si];
    for (let k = 0; k < K; k++) {
      const n = a.rn[k],
        conv = a.rc[k];
      const baseN = a.n - n,
        baseConv = a.conv - conv;
      cells.push({
        segment: s,
        column: columns[k],
        n,
        conv,
        value: a.rv[k],
        baseN,
        baseConv,
        othersN: 0,
        othersConv: 0,
        vsBaseline:
          n >= opts.minSize && baseN >= opts.minSize
            ? absoluteDifference(proportionSummary(baseConv, baseN), proportionSummary(conv, n), opts.alpha)
            : null,
        vsOthers: null,
      });
    }
  });
  // Pass 2: against the other segments reached by the column, leaving out segments that answer it
  // specially (a Holm-significant positive lift over their own baseline): they are not the norm.
  const pBase = holm(cells.map((c) => c.vsBaseline?.pValue ?? null));
  const special = cells.map((c, i) => (c.vsBaseline?.estimate ?? 0) > 0 && pBase[i] !== null && pBase[i] < opts.alpha);
  for (let k = 0; k < K; k++) {
    let tn = 0,
      tc2 = 0;
    cells.forEach((c, i) => {
      if (c.column === columns[k] && !special[i]) {
        tn += c.n;
        tc2 += c.conv;
      }
    });
    cells.forEach((c, i) => {
      if (c.column !== columns[k]) return;
      c.othersN = special[i] ? tn : tn - c.n;
      c.othersConv = special[i] ? tc2 : tc2 - c.conv;
      c.vsOthers =
        c.n >= opts.minSize && c.othersN >= opts.minSize
          ? absoluteDifference(proportionSummary(c.othersConv, c.othersN), proportionSummary(c.conv, c.n), opts.alpha)
          : null;
    });
  }
  return { cells, columns, customers: byCust.size - dropped, dropped, firstDay, lastDay, segments: segNames };
}

const PRE_PERIOD = /(^|[^a-z])(pre|before|baseline|prior|covariate)([^a-z]|$)|^pre_|前|基线/i;

/** Experiment response per segment × arm × outcome (pure); Holm across each outcome's cells. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function experimentResponse(
  ds: Dataset,
  segOfRow: (i: number) => string | null,
  opts: Pick<SegmentResponseOptions, 'minSize' | 'alpha'>,
  diags: Diagnostic[],
): (SegmentResponseData['experiment'] & { segments: string[] }) | null {
  const armCol = findArmColumn(ds);
  const outcomes = ds.columns.filter((c) => c.role === 'outcome' && c !== armCol && !PRE_PERIOD.test(c.header));
  if (!armCol || outcomes.length === 0) {
    diags.push(
      diag(
        'loop.experiment_roles',
        'warning',
        t(
          'The experiment table needs an arm column and an outcome column; it was not used.',
          '实验表需要分组列和结果列；未使用该表。',
        ),
        where(ds),
      ),
    );
    return null;
  }
  const n = ds.table.numRows();
  const arm = labels(ds, armCol, '\u0000');
  const armNames = [...new Set(arm.filter((a) => a !== '\u0000'))].sort();
  const control = detectControl(armNames) ?? armNames[0];
  if (armNames.length < 2) {
    diags.push(
      diag(
        'loop.experiment_one_arm',
        'warning',
        t('The experiment has fewer than two arms; it was not used.', '实验分组少于两个；未使用该表。'),
        where(ds, armCol),
      ),
    );
    return null;
  }
  // Segment and arm of each row as indexes (−1: none), so the sums below are plain array cells.
  const segOf = new Int32Array(n).fill(-1),
    armOf = new Int32Array(n).fill(-1);
  const segNames: string[] = [];
  const segIndex = new Map<string, number>();
  const armIndex = new Map(armNames.map((a, k) => [a, k]));
  for (let i = 0; i < n; i++) {
    const sv = segOfRow(i);
    if (sv !== null) {
      let k = segIndex.get(sv);
      if (k === undefined) {
        k = segNames.length;
        segIndex.set(sv, k);
        segNames.push(sv);
      }
      segOf[i] = k;
    }
    armOf[i] = armIndex.get(arm[i]) ?? -1;
  }
  const S = segNames.length,
    A = armNames.length;
  // Units of each segment in all arms.
  const segUnits = new Float64Array(S);
  for (let i = 0; i < n; i++) if (segOf[i] >= 0 && armOf[i] >= 0) segUnits[segOf[i]]++;
  const cells: ExperimentCell[] = [];
  for (const oc of outcomes) {
    const raw = columnValues(ds, oc.name);
    const y = new Float64Array(n);
    let binary = true;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      y[i] = v === true ? 1 : v === false ? 0 : typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      if (y[i] === y[i] && y[i] !== 0 && y[i] !== 1) binary = false;
    }
    // Count, Σy and Σy² per (segment, arm).
    const cnt = new Float64Array(S * A),
      sum = new Float64Array(S * A),
      ss = new Float64Array(S * A);
    for (let i = 0; i < n; i++) {
      const si = segOf[i],
        ai = armOf[i];
      if (si < 0 || ai < 0 || y[i] !== y[i]) continue;
      const j = si * A + ai;
      cnt[j]++;
      sum[j] += y[i];
      ss[j] += y[i] * y[i];
    }
    const summ = (si: number, ai: number): SampleSummary => {
      const j = si * A + ai,
        c = cnt[j];
      const mean = c > 0 ? sum[j] / c : 0;
      return {
        n: c,
        mean,
        variance: binary ? mean * (1 - mean) : c > 1 ? Math.max(0, (ss[j] - c * mean * mean) / (c - 1)) : 0,
      };
    };
    const block: ExperimentCell[] = [];
    const c0 = armIndex.get(control)!;
    for (let si = 0; si < S; si++) {
      const ctl = summ(si, c0);
      for (let ai = 0; ai < A; ai++) {
        if (ai === c0) continue;
        const trt = summ(si, ai);
        const ok = ctl.n >= opts.minSize && trt.n >= opts.minSize;
        block.push({
          segment: segNames[si],
          arm: armNames[ai],
          control,
          metric: oc.header,
          binary,
          ctl,
          trt,
          segmentUnits: segUnits[si],
          abs: ok ? absoluteDifference(ctl, trt, opts.alpha) : null,
          rel: ok ? relativeDifference(ctl, trt, opts.alpha) : null,
          pHolm: null,
        });
      }
    }
    const adj = holm(block.map((c) => c.abs?.pValue ?? null));
    block.forEach((c, i) => (c.pHolm = adj[i]));
    cells.push(...block);
  }
  return {
    cells,
    arms: armNames.filter((a) => a !== control),
    control,
    segmentColumn: '',
    metrics: outcomes.map((o) => o.header),
    segments: segNames,
  };
}

/** The segment × campaign data of a run (validated; diagnostics pushed), the Segment response sheet's numbers. */
export function computeSegmentResponse(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<SegmentResponseOptions>,
  diags: Diagnostic[],
): SegmentResponseData | null {
  return computeUncached(inputs, common, options, diags);
}

// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
function computeUncached(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<SegmentResponseOptions>,
  diags: Diagnostic[],
): SegmentResponseData | null {
  const o: SegmentResponseOptions = {
    ...SEGMENT_RESPONSE_DEFAULTS,
    ...options,
    windows: { ...DEFAULT_WINDOWS, ...options.windows },
  };
  const basis = basisOf(o.segmentBy);
  const quiet: Diagnostic[] = [];
  const orders = inputs.orders ? readOrders(inputs, basis === 'attribute' ? quiet : diags, common.memo) : null;
  if (!inputs.touchpoints && !inputs.experiment) {
    diags.push(
      diag(
        'loop.no_campaign_data',
        'error',
        t(
          'Segment response needs a touchpoints table (who was reached by which channel or campaign) or an experiment table (arms).',
          '分群响应需要触点表（谁被哪个渠道或活动触达）或实验表（分组）。',
        ),
      ),
    );
    return null;
  }
  // The histories only once there is something to segment (a source keeping the orders in a database has none).
  const h: Segmented = orders ? { orders, index: customerIndex(orders, common.memo), memo: common.memo } : null;
  // Segments judged from purchases need orders, except for an experiment segmented by its own column
  // (no start date given): that part still runs, and only the touchpoints are left out.
  const noOrders = basis !== 'attribute' && !h;
  const ownExperimentSegments = !!inputs.experiment && o.experimentStart === null;
  const noOrdersText = t(
    `Segments "${o.segmentBy}" are judged from purchases: add an orders table, or segment by an attribute column.`,
    `分群“${o.segmentBy}”依据购买记录判定：请提供订单表，或按属性列分群。`,
  );
  if (noOrders && !ownExperimentSegments) {
    diags.push(diag('loop.no_orders_for_segments', 'error', noOrdersText));
    return null;
  }
  const attr = basis === 'attribute' ? customerAttribute(inputs.customers, o.segmentBy) : null;
  let touch: SegmentResponseData['touch'] = null;
  let responded: SegmentResponseData['responded'] = null;
  let segmentOrder: string[] = [];
  let meanConversionValue: number | null = null;
  let columnSpend: Map<string, number> | null = null;
  if (inputs.touchpoints && noOrders) {
    diags.push(
      diag(
        'loop.no_orders_for_segments',
        'warning',
        t(`${noOrdersText.en} The touchpoints were not used.`, `${noOrdersText['zh-CN']}未使用触点表。`),
        where(inputs.touchpoints),
      ),
    );
  } else if (inputs.touchpoints && (basis !== 'attribute' || attr)) {
    const tc = readTouches(inputs.touchpoints, diags);
    if (tc && tc.n > 0) {
      const first = firstTouchTime(tc);
      const rfmAt = basis === 'rfm' && h ? segmentsOn(h.orders, Math.floor(first), 'rfm', o.windows, h.memo) : null;
      const at =
        basis === 'business' && h
          ? totalsBeforeEach(h.orders, firstTouchDays(tc, h.index, h.orders.customers.length), FIRST_TOUCH, h.memo)
          : null;
      const res = touchResponse(tc, segmenter(h, basis, o.windows, attr, rfmAt, at), o);
      touch = res;
      responded = respondedCampaigns(tc);
      segmentOrder = res.segments;
      let cv = 0,
        cn = 0;
      for (let i = 0; i < tc.n; i++)
        if (tc.converted[i] && tc.value[i] > 0) {
          cv += tc.value[i];
          cn++;
        }
      meanConversionValue = cn > 0 ? cv / cn : null;
      columnSpend = spendBy(
        inputs.campaigns,
        o.touchColumns === 'campaign' && tc.campaign ? 'campaign' : 'channel',
        common.asOf,
        quiet,
        Math.floor(res.firstDay) - 6,
        Math.floor(res.lastDay) + 1,
        inputs.campaigns && lineConverter(inputs.campaigns, inputs.fx_rates, common.currency, diags),
      );
      if (res.dropped > 0) {
        diags.push(
          diag(
            'loop.touch_no_segment',
            'info',
            t(
              `${res.dropped} touched customers have no segment (no value in "${o.segmentBy}") and were left out.`,
              `${res.dropped} 位被触达客户没有分群（“${o.segmentBy}”为空），已排除。`,
            ),
            where(inputs.touchpoints, undefined, [], res.dropped),
          ),
        );
      }
    } else if (tc) {
      diags.push(
        diag(
          'loop.touches_empty',
          'warning',
          t('The touchpoints table has no rows.', '触点表没有数据行。'),
          where(inputs.touchpoints),
        ),
      );
    }
  } else if (inputs.touchpoints) {
    diags.push(
      diag(
        'loop.segment_column_missing',
        'warning',
        t(
          `No column "${o.segmentBy}" in the customers table: touchpoints cannot be segmented by it.`,
          `客户表中没有列“${o.segmentBy}”：无法按其对触点分群。`,
        ),
      ),
    );
  }

  const experiment = experimentPart(inputs, h, attr, o, segmentOrder, diags);
  if (!touch && !experiment) {
    if (noOrders) {
      const said = diags.find((d) => d.code === 'loop.no_orders_for_segments');
      if (said) said.severity = 'error';
      else diags.push(diag('loop.no_orders_for_segments', 'error', noOrdersText));
    } else if (!diags.some((d) => d.severity === 'error')) {
      diags.push(
        diag(
          'loop.no_response_data',
          'error',
          t(
            'No usable touchpoints or experiment rows: nothing to compare.',
            '没有可用的触点或实验数据：无可比较内容。',
          ),
        ),
      );
    }
    return null;
  }
  const segmentNow = segmentSizesNow(h, attr, basis, o, common.asOf);
  sortSegments(segmentOrder, basis);
  return { basis, segmentOrder, touch, experiment, segmentNow, meanConversionValue, columnSpend, responded };
}

type Segmented = SegmentSource | null;

/** The name of the totals before each touched customer's first touch in the run memo (common.ts eachKey). */
export const FIRST_TOUCH = 'first-touch';
type Attribute = ReturnType<typeof customerAttribute>;

/**
 * The experiment's arms by segment (segments judged at `experimentStart` from orders or an attribute, else the
 * experiment's own segment column); adds its segments to `segmentOrder`. Null without a usable experiment.
 */
function experimentPart(
  inputs: AnalysisInputs,
  h: Segmented,
  attr: Attribute,
  o: SegmentResponseOptions,
  segmentOrder: string[],
  diags: Diagnostic[],
): SegmentResponseData['experiment'] {
  let experiment: SegmentResponseData['experiment'] = null;
  const ex = inputs.experiment;
  const basis = basisOf(o.segmentBy);
  if (ex && ex.table.numRows() > 0) {
    const unitCol = columnByRole(ex, 'unit_id') ?? columnByRole(ex, 'customer_id');
    const units = unitCol ? columnValues(ex, unitCol.name) : null;
    let segCol: ColumnInfo | undefined;
    let segOfRow: ((i: number) => string | null) | null = null;
    let segColName = '';
    if (o.experimentStart !== null && units && (h || attr)) {
      const d = Math.floor(o.experimentStart);
      const rfmAt = basis === 'rfm' && h ? segmentsOn(h.orders, d, 'rfm', o.windows, h.memo) : null;
      const tot = basis === 'business' && h ? totalsBefore(h.orders, d, h.memo) : null;
      const f = segmenter(h, basis, o.windows, attr, rfmAt, tot);
      segOfRow = (i) => {
        const id = cellText(units[i]);
        return id === null ? null : f(id, d);
      };
      segColName = basis === 'attribute' ? o.segmentBy : `${basis}@${d}`;
    } else {
      segCol = o.experimentSegment
        ? ex.columns.find((c) => c.name === o.experimentSegment || c.header === o.experimentSegment)
        : (ex.columns.find((c) => c.name === o.segmentBy || c.header === o.segmentBy) ??
          ex.columns.find(
            (c) => c.role === 'attribute' && new Set(Array.from(columnValues(ex, c.name))).size <= o.maxSegments,
          ));
      if (segCol) {
        const vals = labels(ex, segCol, '\u0000');
        segOfRow = (i) => (vals[i] === '\u0000' ? null : vals[i]);
        segColName = segCol.header;
      } else {
        diags.push(
          diag(
            'loop.experiment_no_segment',
            'info',
            t(
              'The experiment has no segment column, and no start date was given to judge segments from orders: arms are compared overall only on the Experiment sheet.',
              '实验表没有分群列，也未提供开始日期以按订单判定分群：各组仅在“实验”表中整体比较。',
            ),
            where(ex),
          ),
        );
      }
    }
    if (segOfRow) {
      const res = experimentResponse(ex, segOfRow, o, diags);
      if (res) {
        experiment = {
          cells: res.cells,
          arms: res.arms,
          control: res.control,
          segmentColumn: segColName,
          metrics: res.metrics,
        };
        for (const s of res.segments) if (!segmentOrder.includes(s)) segmentOrder.push(s);
      }
    }
  }
  return experiment;
}

/** Customers per segment today (as-of + 1), for sizing what a campaign would reach. */
function segmentSizesNow(
  h: Segmented,
  attr: Attribute,
  basis: ReturnType<typeof basisOf>,
  o: SegmentResponseOptions,
  asOf: number,
): Map<string, number> {
  const segmentNow = new Map<string, number>();
  if (h && basis !== 'attribute') {
    for (const s of segmentsOn(h.orders, asOf + 1, basis, o.windows, h.memo))
      if (s !== null) segmentNow.set(s, (segmentNow.get(s) ?? 0) + 1);
  } else if (attr) {
    for (const s of attr.values()) segmentNow.set(s, (segmentNow.get(s) ?? 0) + 1);
  }
  return segmentNow;
}

/** Business order for known bases, then others; attribute values alphabetically. */
function sortSegments(segmentOrder: string[], basis: ReturnType<typeof basisOf>): void {
  if (basis !== 'attribute') {
    const known = [
      'high_value',
      'potential',
      'new',
      'churn_warning',
      'lost',
      'Champions',
      'Potential Loyalist',
      'Loyal Customers',
      'Promising',
      'New Customers',
      "Can't Lose Them",
      'At Risk',
      'Need Attention',
      'About To Sleep',
      'Lost',
      'Others',
      'active',
      'at_risk',
      'dormant',
      'churned',
      NO_PURCHASE,
    ];
    segmentOrder.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  } else segmentOrder.sort();
}

const pctCol = (key: string, en: string, zh: string, extra: Partial<ResultColumn> = {}): ResultColumn => ({
  key,
  label: t(en, zh),
  kind: 'percent',
  ...extra,
});

/** Run segment × campaign response. */
export function runSegmentResponse(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<SegmentResponseOptions> = {},
): AnalysisResult {
  return build(inputs, common, options);
}

// Reads, computes and words the segment × campaign response in one body; its split (and its sentences into
// messages.ts) is issue 16 follow-up work, as the other loop analyses had.
// eslint-disable-next-line max-lines-per-function -- see above
function build(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<SegmentResponseOptions>,
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const o: SegmentResponseOptions = { ...SEGMENT_RESPONSE_DEFAULTS, ...options };
  const d = computeSegmentResponse(inputs, common, options, diagnostics);
  if (!d) return emptyResult(HEAD, diagnostics);
  const lang = common.lang;
  const name = (k: string): string => segmentName(d.basis, k)[lang];
  const tables: ResultTable[] = [];
  const charts: ChartHint[] = [];
  const figures: Figure[] = [];
  const findings: AnalysisResult['findings'] = [];
  const notes: I18nText[] = [];

  if (d.experiment) {
    const ex = d.experiment;
    const money = ex.metrics.find((m) => ex.cells.some((c) => c.metric === m && !c.binary)) ?? ex.metrics[0];
    const cols: ResultColumn[] = [{ key: 'segment', label: t('Segment', '分群'), kind: 'text' }];
    ex.arms.forEach((a, k) =>
      cols.push(pctCol(`arm_${k + 1}`, `${a}: lift in ${money}`, `${a}：${money}提升`, { highlight: 'colorScale' })),
    );
    tables.push({
      name: 'experiment_matrix',
      title: t(
        `Experiment lift by segment (${money}, each arm against ${ex.control})`,
        `分群实验提升（${money}，各组对比${ex.control}）`,
      ),
      columns: cols,
      rows: d.segmentOrder
        .filter((s) => ex.cells.some((c) => c.segment === s))
        .map((s) => {
          const row: Record<string, CellValue> = { segment: name(s) };
          ex.arms.forEach((a, k) => {
            row[`arm_${k + 1}`] = r(
              ex.cells.find((c) => c.segment === s && c.arm === a && c.metric === money)?.rel?.estimate,
            );
          });
          return row;
        }),
      note: t(
        `Relative lift = (arm − control) ÷ control within the segment. Empty: fewer than ${o.minSize} units on a side, or control zero. Segments: "${ex.segmentColumn}".`,
        `相对提升 =（实验组 − 对照组）÷ 对照组（分群内）。空白：任一侧少于 ${o.minSize} 个样本，或对照组为零。分群依据：“${ex.segmentColumn}”。`,
      ),
    });
    tables.push({
      name: 'experiment_cells',
      title: t('Experiment: each arm against control within each segment', '实验：各分群内各组与对照组比较'),
      columns: [
        { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
        { key: 'metric', label: t('Outcome', '结果指标'), kind: 'text' },
        { key: 'arm', label: t('Arm', '分组'), kind: 'text' },
        { key: 'n_control', label: t('Control units', '对照组样本'), kind: 'integer' },
        { key: 'n_arm', label: t('Arm units', '实验组样本'), kind: 'integer' },
        { key: 'control_value', label: t('Control', '对照组'), kind: 'number', decimals: 4 },
        { key: 'arm_value', label: t('Arm', '实验组'), kind: 'number', decimals: 4 },
        { key: 'abs_lift', label: t('Difference', '差值'), kind: 'number', decimals: 4 },
        { key: 'abs_ci_low', label: t('Difference CI low', '差值区间下限'), kind: 'number', decimals: 4 },
        { key: 'abs_ci_high', label: t('Difference CI high', '差值区间上限'), kind: 'number', decimals: 4 },
        pctCol('lift', 'Relative lift', '相对提升', { highlight: 'colorScale' }),
        pctCol('ci_low', 'CI low', '区间下限'),
        pctCol('ci_high', 'CI high', '区间上限'),
        { key: 'p_value', label: t('p-value', 'p 值'), kind: 'number', decimals: 4 },
        { key: 'p_holm', label: t('p (Holm)', 'p（Holm 校正）'), kind: 'number', decimals: 4 },
        { key: 'segment_units', label: t('Units in segment', '分群样本数'), kind: 'integer' },
        {
          key: 'value_if_rolled_out',
          label: t('Difference × units in segment', '差值 × 分群样本数'),
          kind: 'currency',
        },
      ],
      rows: ex.cells.map((c) => ({
        segment: name(c.segment),
        metric: c.metric,
        arm: c.arm,
        n_control: c.ctl.n,
        n_arm: c.trt.n,
        control_value: c.ctl.n > 0 ? r(c.ctl.mean) : null,
        arm_value: c.trt.n > 0 ? r(c.trt.mean) : null,
        abs_lift: r(c.abs?.estimate),
        abs_ci_low: r(c.abs?.ciLow),
        abs_ci_high: r(c.abs?.ciHigh),
        lift: r(c.rel?.estimate),
        ci_low: r(c.rel?.ciLow),
        ci_high: r(c.rel?.ciHigh),
        p_value: r(c.abs?.pValue, 8),
        p_holm: r(c.pHolm, 8),
        segment_units: c.segmentUnits,
        value_if_rolled_out:
          c.binary || !c.abs || c.abs.estimate === null ? null : r(c.abs.estimate * c.segmentUnits, 2),
      })),
      note: t(
        `Welch t for amounts, two proportions for 0/1 outcomes; ${Math.round((1 - o.alpha) * 100)}% intervals; Holm across each outcome's segment × arm cells.`,
        `金额用 Welch t 检验，0/1 结果用两比例检验；${Math.round((1 - o.alpha) * 100)}% 置信区间；每个结果指标的分群 × 分组单元格做 Holm 校正。`,
      ),
    });
    charts.push({
      name: 'experiment_matrix',
      title: t(`Lift in ${money} by segment`, `各分群${money}提升`),
      kind: 'bar',
      table: 'experiment_matrix',
      category: 'segment',
      series: ex.arms.map((_, k) => `arm_${k + 1}`),
    });
    for (const c of ex.cells) {
      const f = experimentFinding(c, d, common, o.alpha);
      if (f) findings.push(f);
    }
    figures.push({
      key: 'experiment_units',
      label: t('Experiment units', '实验样本数'),
      value: ex.cells.filter((c) => c.metric === money && c.arm === ex.arms[0]).reduce((a, c) => a + c.segmentUnits, 0),
      kind: 'integer',
    });
    notes.push(
      t(
        'Experiment comparisons are randomised: a lift found here is caused by the arm, for customers like those in the test.',
        '实验比较是随机分组的：此处的提升由该分组造成，适用于与实验对象相似的客户。',
      ),
    );
  }

  if (d.touch) {
    const tr = d.touch;
    const segs = d.segmentOrder.filter((s) => tr.cells.some((c) => c.segment === s));
    const cols = (prefix: string, kind: ResultColumn['kind']): ResultColumn[] =>
      tr.columns.map((c, k) => ({
        key: `${prefix}${k + 1}`,
        label: t(c, c),
        kind,
        highlight: 'colorScale' as const,
        ...(kind === 'number' ? { decimals: 1 } : {}),
      }));
    const rate = (n: number, x: number): number | null => (n > 0 ? r(x / n) : null);
    tables.push({
      name: 'response_matrix',
      title: t(
        `Conversion of reached customers by segment × ${o.touchColumns}`,
        `各分群 × ${o.touchColumns === 'campaign' ? '活动' : '渠道'}被触达客户的转化率`,
      ),
      columns: [
        { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
        { key: 'customers', label: t('Customers reached', '被触达客户'), kind: 'integer' },
        { key: 'rate', label: t('Conversion, any touch', '整体转化率'), kind: 'percent' },
        ...cols('c', 'percent'),
      ],
      rows: segs.map((s) => {
        const cs = tr.cells.filter((c) => c.segment === s);
        const n = cs[0] ? cs[0].n + cs[0].baseN : 0,
          conv = cs[0] ? cs[0].conv + cs[0].baseConv : 0;
        const row: Record<string, CellValue> = { segment: name(s), customers: n, rate: rate(n, conv) };
        tr.columns.forEach((col, k) => {
          const c = cs.find((x) => x.column === col);
          row[`c${k + 1}`] = c && c.n >= o.minSize ? rate(c.n, c.conv) : null;
        });
        return row;
      }),
      note: t(
        `Share of the segment's customers reached by the ${o.touchColumns} who converted. Empty: fewer than ${o.minSize} customers.`,
        `该分群中被此${o.touchColumns === 'campaign' ? '活动' : '渠道'}触达的客户的转化比例。空白：少于 ${o.minSize} 位客户。`,
      ),
    });
    tables.push({
      name: 'lift_matrix',
      title: t(
        "Conversion lift against the segment's own baseline (percentage points)",
        '相对分群自身基线的转化提升（百分点）',
      ),
      columns: [{ key: 'segment', label: t('Segment', '分群'), kind: 'text' }, ...cols('c', 'number')],
      rows: segs.map((s) => {
        const row: Record<string, CellValue> = { segment: name(s) };
        tr.columns.forEach((col, k) => {
          const c = tr.cells.find((x) => x.segment === s && x.column === col);
          row[`c${k + 1}`] = r(
            c?.vsBaseline?.estimate === null || c?.vsBaseline?.estimate === undefined
              ? null
              : c.vsBaseline.estimate * 100,
            2,
          );
        });
        return row;
      }),
      note: t(
        'Reached by the column minus reached only by others, within the segment, in percentage points. Observational: who is reached is not random.',
        '分群内被该列触达与仅被其他列触达的转化率之差（百分点）。观察性结果：触达对象并非随机。',
      ),
    });
    tables.push({
      name: 'touch_cells',
      title: t('Each segment × column with its baselines', '各分群 × 列及其基线'),
      columns: [
        { key: 'segment', label: t('Segment', '分群'), kind: 'text' },
        {
          key: 'column',
          label: t(
            o.touchColumns === 'campaign' ? 'Campaign' : 'Channel',
            o.touchColumns === 'campaign' ? '活动' : '渠道',
          ),
          kind: 'text',
        },
        { key: 'n', label: t('Reached', '被触达'), kind: 'integer' },
        { key: 'converted', label: t('Converted', '转化'), kind: 'integer' },
        pctCol('rate', 'Conversion', '转化率'),
        { key: 'baseline_n', label: t('Segment, others only', '分群（仅其他触达）'), kind: 'integer' },
        pctCol('baseline_rate', 'Baseline conversion', '基线转化率'),
        pctCol('lift', 'Lift vs baseline', '相对基线提升', { decimals: 2, highlight: 'colorScale' }),
        pctCol('ci_low', 'CI low', '区间下限', { decimals: 2 }),
        pctCol('ci_high', 'CI high', '区间上限', { decimals: 2 }),
        { key: 'p_value', label: t('p-value', 'p 值'), kind: 'number', decimals: 4 },
        { key: 'others_n', label: t('Other segments reached', '其他分群被触达'), kind: 'integer' },
        pctCol('others_rate', "Other segments' conversion", '其他分群转化率'),
        pctCol('vs_others', 'Difference vs other segments', '与其他分群之差', { decimals: 2 }),
        pctCol('vs_others_ci_low', 'CI low', '区间下限', { decimals: 2 }),
        pctCol('vs_others_ci_high', 'CI high', '区间上限', { decimals: 2 }),
        { key: 'value', label: t('Converted value', '转化金额'), kind: 'currency' },
      ],
      rows: tr.cells.map((c) => ({
        segment: name(c.segment),
        column: c.column,
        n: c.n,
        converted: c.conv,
        rate: rate(c.n, c.conv),
        baseline_n: c.baseN,
        baseline_rate: rate(c.baseN, c.baseConv),
        lift: r(c.vsBaseline?.estimate),
        ci_low: r(c.vsBaseline?.ciLow),
        ci_high: r(c.vsBaseline?.ciHigh),
        p_value: r(c.vsBaseline?.pValue, 8),
        others_n: c.othersN,
        others_rate: rate(c.othersN, c.othersConv),
        vs_others: r(c.vsOthers?.estimate),
        vs_others_ci_low: r(c.vsOthers?.ciLow),
        vs_others_ci_high: r(c.vsOthers?.ciHigh),
        value: r(c.value, 2),
      })),
    });
    charts.push({
      name: 'response_matrix',
      title: t('Conversion by segment and channel', '各分群与渠道的转化率'),
      kind: 'column',
      table: 'response_matrix',
      category: 'segment',
      series: tr.columns.map((_, k) => `c${k + 1}`),
    });
    findings.push(...touchFindings(tr.cells, d, common, o.alpha, tr.columns.length));
    let conv = 0;
    for (const s of segs) {
      const c = tr.cells.find((x) => x.segment === s);
      if (c) conv += c.conv + c.baseConv;
    }
    figures.unshift(
      { key: 'customers_reached', label: t('Customers reached', '被触达客户'), value: tr.customers, kind: 'integer' },
      {
        key: 'touch_conversion',
        label: t('Conversion of reached customers', '被触达客户转化率'),
        value: tr.customers > 0 ? r(conv / tr.customers) : null,
        kind: 'percent',
      },
    );
    notes.push(
      t(
        `Touchpoints: each customer counts once, in the segment they were in on the day of their first touch (judged from purchases before it), reached by every ${o.touchColumns} that touched them, converted when any touch converted. Comparisons are observational (two-proportion tests, ${Math.round((1 - o.alpha) * 100)}% intervals).`,
        `触点：每位客户计一次，分群按首次触达当天（依据此前购买）判定，计入所有触达过他的${o.touchColumns === 'campaign' ? '活动' : '渠道'}，任一触点转化即视为转化。比较为观察性结果（两比例检验，${Math.round((1 - o.alpha) * 100)}% 置信区间）。`,
      ),
    );
  }
  notes.push(segmentNote(d.basis, o));
  findings.sort((a, b) => (b.atStake ?? -1) - (a.atStake ?? -1));
  figures.push({
    key: 'segments',
    label: t('Segments compared', '比较的分群数'),
    value: d.segmentOrder.length,
    kind: 'integer',
  });
  const ordered = d.touch
    ? [...charts.filter((c) => c.name !== 'experiment_matrix'), ...charts.filter((c) => c.name === 'experiment_matrix')]
    : charts;
  return { ...HEAD, figures, tables, charts: ordered, findings, notes, diagnostics, handover: d };
}

/** The computed data behind a Segment response result (for the analyses that use it), or null. */
export function segmentResponseData(result: AnalysisResult | undefined): SegmentResponseData | null {
  return result?.kind === HEAD.kind && result.handover ? (result.handover as SegmentResponseData) : null;
}

function segmentNote(basis: SegmentBasis, o: SegmentResponseOptions): I18nText {
  const w = o.windows;
  if (basis === 'business') {
    return t(
      `Segments (business map, judged from purchases before the day): new — first purchase ≤ ${w.newDays} days before; lost — last purchase > ${w.lostDays} days before; churn warning — > ${w.atRiskDays} days; high value — ≥ ${w.highValueOrders} purchases; potential — the rest. Refunds are not purchases.`,
      `分群（业务规则，依据当天之前的购买判定）：新客 — 首购在 ${w.newDays} 天内；已流失 — 最近购买超过 ${w.lostDays} 天；流失预警 — 超过 ${w.atRiskDays} 天；高价值 — 购买 ≥ ${w.highValueOrders} 次；潜力 — 其余。退款不计为购买。`,
    );
  }
  if (basis === 'rfm')
    return t(
      'Segments: the R package rfm map, scored by quintiles among customers who had bought before the day.',
      '分群：R 包 rfm 规则，在该日之前有购买的客户中按五分位评分。',
    );
  if (basis === 'lifecycle')
    return t(
      "Segments: lifecycle stages judged against each customer's own purchase interval (Lifecycle sheet rules).",
      '分群：按每位客户自身购买间隔判定的生命周期阶段（同“生命周期”表规则）。',
    );
  return t(`Segments: the column "${o.segmentBy}".`, `分群：列“${o.segmentBy}”。`);
}

export const segmentResponseAnalysis = defineAnalysis<Partial<SegmentResponseOptions>>({
  kind: 'segment-response',
  title: HEAD.title,
  question: HEAD.question,
  requires: [],
  requiresOneOf: [
    { kind: 'touchpoints', roles: ['customer_id'] },
    { kind: 'experiment', roles: ['arm'] },
  ],
  optionalInputs: ['fx_rates'],
  needs: t(
    'A touchpoints table (customer, channel or campaign, time, converted) or an experiment table with arms, plus orders to judge segments.',
    '需要触点表（客户、渠道或活动、时间、是否转化）或带分组的实验表，以及用于划分客户分群的订单表。',
  ),
  defaults: SEGMENT_RESPONSE_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    segmentBy: {
      basic: true,
      label: { en: 'How should customers be grouped?', 'zh-CN': '客户按什么分组？' },
    },
    touchColumns: {
      basic: true,
      label: { en: 'Compare responses by channel or by campaign?', 'zh-CN': '按渠道还是按活动比较响应？' },
    },
  },
  needsAsOf: true,
  run: runSegmentResponse,
});
