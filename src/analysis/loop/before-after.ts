/**
 * Behaviour before and after a campaign: participants against comparable non-participants (the same segment
 * before the campaign). Difference in differences of purchases and spend per customer over equal windows
 * before and after the campaign start, estimated within each pre-period segment and averaged with the
 * participants' segment weights (exact stratification), with normal intervals; segment migration (segment
 * before → segment after) for both groups; the revenue the difference is worth. Observational.
 *
 * DiD in Excel terms: per customer Δ = after − before; per segment AVERAGE(Δ participants) − AVERAGE(Δ others);
 * overall SUMPRODUCT(weights, per-segment DiD) with weights = participants per segment ÷ participants.
 */
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Finding, ResultColumn, ResultTable } from '../types.js';
import { normalCdf, normalQuantile } from '../../stats/distributions.js';
import { absoluteDifference, proportionSummary } from '../../stats/tests.js';
import {
  columnValues,
  diag,
  emptyResult,
  isoDate,
  money,
  num,
  pct,
  round as r,
  t,
  defineAnalysis,
  memoized,
  type RunMemo,
} from '../common/index.js';
import { customerIndex, readOrders, type OrderArrays } from '../user/orders.js';
import type { Dataset } from '../../ingest/types.js';
import {
  DEFAULT_WINDOWS,
  readTouches,
  segmentCatalogue,
  segmentName,
  segmentsOn,
  windowTotals,
  type BusinessWindows,
} from './common.js';
import { loopMessage } from './messages.js';
import { columnCodes } from '../../ingest/column-values.js';
import { ciText } from './findings.js';

export interface BeforeAfterOptions {
  /** Who took part: customers reached in the touchpoints table (default), or buyers of a campaign in the orders. */
  participants: 'touches' | 'orders';
  /** Only this channel or campaign counts as the campaign (default: any touch; for orders, the campaign with most buyers). */
  campaign: string | null;
  /** Campaign start and end (Excel serials); default: first and last touch (or campaign order). */
  start: number | null;
  end: number | null;
  /** Days after the campaign end included in the after-window (default 90); the before-window has the same length. */
  followDays: number;
  segmentBasis: 'business' | 'rfm' | 'lifecycle';
  windows: BusinessWindows;
  /** Fewest comparison customers in a segment for it to be used (default 30). */
  minSize: number;
  alpha: number;
}

export const BEFORE_AFTER_DEFAULTS: BeforeAfterOptions = {
  participants: 'touches',
  campaign: null,
  start: null,
  end: null,
  followDays: 90,
  segmentBasis: 'business',
  windows: DEFAULT_WINDOWS,
  minSize: 30,
  alpha: 0.05,
};

const HEAD = {
  kind: 'before-after',
  title: t('Behaviour before and after the campaign', '活动前后的客户行为'),
  sheetName: t('Before and after', '活动前后'),
  question: t(
    'Did customers who took part buy more afterwards than comparable customers who did not?',
    '参与活动的客户之后是否比可比的未参与客户买得更多？',
  ),
};

/** One difference-in-differences estimate. */
export interface DidEstimate {
  estimate: number | null;
  se: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
}

/** Per-segment DiD input: participants' and others' before/after values (one entry per customer). */
export interface DidGroup {
  segment: string;
  pBefore: number[];
  pAfter: number[];
  cBefore: number[];
  cAfter: number[];
}

function meanVar(d: number[]): [number, number] {
  const n = d.length;
  if (n === 0) return [0, 0];
  let s = 0;
  for (const x of d) s += x;
  const m = s / n;
  let ss = 0;
  for (const x of d) ss += (x - m) * (x - m);
  return [m, n > 1 ? ss / (n - 1) : 0];
}

/**
 * Stratified difference in differences (pure). Per segment: mean(after − before | participants) −
 * mean(after − before | others), variance VAR.S(Δp)/np + VAR.S(Δc)/nc; overall: participant-weighted
 * average, variance Σ w² var; normal interval. Segments with fewer than `minSize` others or 2 participants
 * are left out (returned in `skipped`).
 * Example: participants 1→3 and 2→4 (Δ 2, 2), others 1→1 and 2→2 (Δ 0, 0) → DiD 2.
 */
export function differenceInDifferences(
  groups: DidGroup[],
  minSize: number,
  alpha: number,
): {
  overall: DidEstimate;
  bySegment: { segment: string; np: number; nc: number; est: DidEstimate; pDelta: number; cDelta: number }[];
  used: number;
  skipped: number;
} {
  const z = normalQuantile(1 - alpha / 2);
  const rows: { segment: string; np: number; nc: number; est: DidEstimate; pDelta: number; cDelta: number }[] = [];
  let used = 0,
    skipped = 0;
  const parts: { w: number; d: number; v: number }[] = [];
  for (const g of groups) {
    const dp = g.pAfter.map((a, i) => a - g.pBefore[i]);
    const dc = g.cAfter.map((a, i) => a - g.cBefore[i]);
    const [mp, vp] = meanVar(dp),
      [mc, vc] = meanVar(dc);
    const ok = dp.length >= 2 && dc.length >= minSize;
    const est = ok ? finish(mp - mc, Math.sqrt(vp / dp.length + vc / dc.length), z) : none();
    rows.push({ segment: g.segment, np: dp.length, nc: dc.length, est, pDelta: mp, cDelta: mc });
    if (ok) {
      used += dp.length;
      parts.push({ w: dp.length, d: mp - mc, v: vp / dp.length + vc / dc.length });
    } else skipped += dp.length;
  }
  if (used === 0) return { overall: none(), bySegment: rows, used, skipped };
  let d = 0,
    v = 0;
  for (const p of parts) {
    const w = p.w / used;
    d += w * p.d;
    v += w * w * p.v;
  }
  return { overall: finish(d, Math.sqrt(v), z), bySegment: rows, used, skipped };
}

function none(): DidEstimate {
  return { estimate: null, se: null, ciLow: null, ciHigh: null, pValue: null };
}
function finish(d: number, se: number, z: number): DidEstimate {
  if (!(se > 0)) return { estimate: d, se: null, ciLow: null, ciHigh: null, pValue: null };
  return {
    estimate: d,
    se,
    ciLow: d - z * se,
    ciHigh: d + z * se,
    pValue: Math.min(1, 2 * normalCdf(-Math.abs(d / se))),
  };
}

/**
 * Migration counts (pure): `from[i]` → `to[i]` for the customers with `include[i]`, as a map keyed
 * `from\u0001to`. Example: from [a, a, b], to [a, b, b] → a→a 1, a→b 1, b→b 1.
 */
export function migration(
  from: (string | null)[],
  to: (string | null)[],
  include: (i: number) => boolean,
): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < from.length; i++) {
    if (!include(i) || from[i] === null) continue;
    const k = `${from[i]}\u0001${to[i] ?? 'none'}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

interface Participation {
  ids: Set<string>;
  start: number;
  end: number;
  label: I18nText;
}

function participation(
  inputs: AnalysisInputs,
  o: BeforeAfterOptions,
  diags: Diagnostic[],
  memo?: RunMemo,
): Participation | null {
  if (o.participants === 'touches' && inputs.touchpoints) {
    const tc = readTouches(inputs.touchpoints, diags);
    if (!tc) return null;
    const ids = new Set<string>();
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < tc.n; i++) {
      const id = tc.customer[i];
      if (id === null || !(tc.time[i] === tc.time[i])) continue;
      if (o.campaign !== null && tc.channel?.[i] !== o.campaign && tc.campaign?.[i] !== o.campaign) continue;
      ids.add(id);
      lo = Math.min(lo, tc.time[i]);
      hi = Math.max(hi, tc.time[i]);
    }
    if (ids.size === 0) return null;
    return {
      ids,
      start: Math.floor(o.start ?? lo),
      end: Math.floor(o.end ?? hi),
      label: o.campaign !== null ? t(o.campaign, o.campaign) : t('any touch', '任一触点'),
    };
  }
  const b = memoized(memo, inputs.orders!, campaignBuyersKey(o.campaign), () =>
    campaignBuyers(inputs.orders!, o.campaign),
  );
  return b
    ? {
        ids: new Set(b.ids),
        start: Math.floor(o.start ?? b.from),
        end: Math.floor(o.end ?? b.to),
        label: t(b.name, b.name),
      }
    : null;
}

/** Buyers of a campaign in the orders: their ids, the first and last date of its orders, and its name. */
export interface CampaignBuyers {
  ids: string[];
  from: number;
  to: number;
  name: string;
}

/**
 * The run memo's key of campaignBuyers (owner: the orders Dataset). A source that keeps the orders in a database
 * (src/source) puts the buyers it computed there under this key.
 */
export function campaignBuyersKey(campaign: string | null): string {
  return `campaign-buyers|${campaign === null ? '' : `=${campaign}`}`;
}

/**
 * The buyers of `campaign` (null: the campaign with the most distinct customer values, ties to the first seen) over
 * every row of the orders: rows with that campaign, a date and a customer; null without a campaign column or buyer.
 */
function campaignBuyers(ds: Dataset, campaign: string | null): CampaignBuyers | null {
  const col = ds.columns.find((c) => c.role === 'campaign');
  if (!col) return null;
  const idCol = ds.columns.find((c) => c.role === 'customer_id')!;
  const dateCol = ds.columns.find((c) => c.role === 'date')!;
  const dates = columnValues(ds, dateCol.name);
  let name = campaign;
  if (name === null) name = campaignWithMostBuyers(ds, col.name, idCol.name);
  if (name !== null) {
    const coded = codedBuyers(ds, col.name, idCol.name, dates, name);
    if (coded !== undefined) return coded;
  }
  const camp = columnValues(ds, col.name);
  const ids = columnValues(ds, idCol.name);
  if (name === null) {
    const buyers = new Map<string, Set<unknown>>();
    for (let i = 0; i < camp.length; i++) {
      const c = camp[i];
      if (typeof c === 'string' && c !== '') {
        const s = buyers.get(c) ?? new Set();
        s.add(ids[i]);
        buyers.set(c, s);
      }
    }
    name = [...buyers.entries()].sort((a, b) => b[1].size - a[1].size)[0]?.[0] ?? null;
  }
  if (name === null) return null;
  const out = new Set<string>();
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < camp.length; i++) {
    const d = dates[i];
    if (camp[i] !== name || typeof d !== 'number' || ids[i] === null) continue;
    out.add(String(ids[i]));
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return out.size > 0 ? { ids: [...out], from: lo, to: hi, name } : null;
}

/**
 * `campaignBuyers`' buyers of campaign `name` on the dictionary codes of the campaign and customer columns: the rows
 * whose campaign code is one of `name`'s, compared as ints, the customer texts read only on those rows (the general
 * path reads every row's campaign and customer text, 1,000,000 of each). Undefined when a column has no codes.
 */
function codedBuyers(
  ds: Dataset,
  campName: string,
  idName: string,
  dates: ArrayLike<unknown>,
  name: string,
): CampaignBuyers | null | undefined {
  const camp = columnCodes(ds, campName);
  const cust = columnCodes(ds, idName);
  if (!camp || !cust) return undefined;
  // Every code whose text is `name` (a dictionary may repeat a text; its rows then carry one of the codes).
  const isName = new Uint8Array(camp.size);
  const dict = camp.dict;
  for (let c = 0; c < camp.size; c++) if (dict[c] === name) isName[c] = 1;
  const out = new Set<string>();
  let lo = Infinity,
    hi = -Infinity;
  const codes = camp.codes,
    custCodes = cust.codes,
    custDict = cust.dict;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0 || isName[c] === 0) continue;
    const d = dates[i];
    const u = custCodes[i];
    if (typeof d !== 'number' || u < 0) continue;
    out.add(custDict[u]);
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return out.size > 0 ? { ids: [...out], from: lo, to: hi, name } : null;
}

/** The before and after windows: [bFrom, s) and [s, aTo), `L` days each from the campaign start `s`. */
function windowsOf(p: Participation, L: number): { s: number; bFrom: number; aTo: number } {
  return { s: p.start, bFrom: p.start - L, aTo: p.start + L };
}

/**
 * The days the analysis would read the orders' histories on with these inputs and options (null when it stops
 * before): the campaign start `s`, the after-window's end `aTo` (segments before each) and the before-window's
 * start `bFrom`. A source that keeps the orders in a database computes the totals of these days there.
 */
export function beforeAfterDays(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<BeforeAfterOptions>,
): { s: number; bFrom: number; aTo: number; basis: BeforeAfterOptions['segmentBasis'] } | null {
  const o = resolveOptions(inputs, options);
  const p = participation(inputs, o, [], common.memo);
  const L = p && windowDays(p, o, common.asOf, []);
  return p && L !== null ? { ...windowsOf(p, L), basis: o.segmentBasis } : null;
}

function resolveOptions(inputs: AnalysisInputs, options: Partial<BeforeAfterOptions>): BeforeAfterOptions {
  const o: BeforeAfterOptions = {
    ...BEFORE_AFTER_DEFAULTS,
    ...options,
    windows: { ...DEFAULT_WINDOWS, ...options.windows },
  };
  if (!options.participants && !inputs.touchpoints) o.participants = 'orders';
  return o;
}

/**
 * The campaign (non-empty text) the most distinct customers bought under; ties go to the campaign seen first.
 * The same choice as a set of customers per campaign, made on the dictionary codes of the campaign and
 * customer columns: rows bucketed by campaign (a counting sort), each bucket's distinct customers counted
 * with one stamp per customer. Null when a column has no codes (the caller then takes the general path) or
 * no row names a campaign.
 */
function campaignWithMostBuyers(ds: Dataset, campName: string, idName: string): string | null {
  const camp = columnCodes(ds, campName);
  const cust = columnCodes(ds, idName);
  if (!camp || !cust) return null;
  const n = camp.codes.length;
  const nc = camp.dict.length;
  // Campaign codes a row can carry: non-negative and not the empty text.
  const rowsOf = new Int32Array(nc + 1);
  const firstRow = new Int32Array(nc).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = camp.codes[i];
    if (c < 0 || camp.dict[c] === '') continue;
    if (firstRow[c] < 0) firstRow[c] = i;
    rowsOf[c + 1]++;
  }
  for (let c = 0; c < nc; c++) rowsOf[c + 1] += rowsOf[c];
  const next = rowsOf.slice(0, nc);
  const byCamp = new Int32Array(rowsOf[nc]);
  for (let i = 0; i < n; i++) {
    const c = camp.codes[i];
    if (c < 0 || camp.dict[c] === '') continue;
    byCamp[next[c]++] = i;
  }
  // A null customer is one value of the set too (the general path adds it as `null`).
  const stamp = new Int32Array(cust.dict.length + 1).fill(-1);
  let best = -1,
    bestBuyers = -1;
  const order = Array.from({ length: nc }, (_, c) => c)
    .filter((c) => firstRow[c] >= 0)
    .sort((a, b) => firstRow[a] - firstRow[b]);
  for (const c of order) {
    let buyers = 0;
    for (let r = rowsOf[c]; r < rowsOf[c + 1]; r++) {
      const u = cust.codes[byCamp[r]] + 1;
      if (stamp[u] !== c) {
        stamp[u] = c;
        buyers++;
      }
    }
    if (buyers > bestBuyers) {
      best = c;
      bestBuyers = buyers;
    }
  }
  return best >= 0 ? camp.dict[best] : null;
}

/** Run the before/after analysis. */
export function runBeforeAfter(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<BeforeAfterOptions> = {},
): AnalysisResult {
  return build(inputs, common, options);
}

/** Read (orders, participants, windows) → compare (difference in differences, migration) → present. */
function build(inputs: AnalysisInputs, common: CommonOptions, options: Partial<BeforeAfterOptions>): AnalysisResult {
  const o = resolveOptions(inputs, options);
  const diagnostics: Diagnostic[] = [];
  const orders = readOrders(inputs, diagnostics, common.memo);
  if (!orders) return emptyResult(HEAD, diagnostics);
  const p = participation(inputs, o, diagnostics, common.memo);
  if (!p) {
    diagnostics.push(
      diag(
        'loop.no_participants',
        'error',
        t(
          o.participants === 'touches'
            ? 'No campaign participants: the touchpoints table has no usable rows for the chosen campaign.'
            : 'No campaign participants: the orders have no campaign column or no order for the chosen campaign.',
          o.participants === 'touches'
            ? '没有活动参与者：触点表中没有所选活动的可用数据。'
            : '没有活动参与者：订单表没有活动列，或没有所选活动的订单。',
        ),
      ),
    );
    return emptyResult(HEAD, diagnostics);
  }
  const L = windowDays(p, o, common.asOf, diagnostics);
  if (L === null) return emptyResult(HEAD, diagnostics);
  const cmp = compare(orders, p, L, o, common.memo);
  if (!checkComparison(cmp, o, diagnostics)) return emptyResult(HEAD, diagnostics);
  return present(cmp, p, o, common, diagnostics);
}

/**
 * Equal windows: after = [start, end + followDays), before = the same length ending at the start; the length
 * in days, or null (with an error) when less than a week follows the start.
 */
function windowDays(p: Participation, o: BeforeAfterOptions, asOf: number, diagnostics: Diagnostic[]): number | null {
  let L = p.end + 1 + o.followDays - p.start;
  if (p.start + L > asOf + 1) {
    L = asOf + 1 - p.start;
    diagnostics.push(
      diag(
        'loop.after_window_short',
        'info',
        t(
          `The after-window is cut at the as-of date: ${L} days from the campaign start.`,
          `活动后窗口截至基准日：自活动开始共 ${L} 天。`,
        ),
      ),
    );
  }
  if (L < 7) {
    diagnostics.push(
      diag(
        'loop.after_window_too_short',
        'error',
        t(
          'Less than a week of data after the campaign start: nothing to compare yet.',
          '活动开始后的数据不足一周：暂无可比较内容。',
        ),
      ),
    );
    return null;
  }
  return L;
}

type Did = ReturnType<typeof differenceInDifferences>;

/** Participants against non-participants of the same pre-period segment, over equal windows (pure). */
interface Comparison {
  L: number;
  s: number;
  bFrom: number;
  aTo: number;
  segBefore: (string | null)[];
  segAfter: (string | null)[];
  /** 1 for a participant with a pre-period segment, by customer code. */
  isP: Uint8Array;
  pUnknown: number;
  pNew: number;
  /** Segments present, in catalogue order. */
  order: string[];
  freq: Did;
  spend: Did;
}

function compare(
  orders: OrderArrays,
  p: Participation,
  L: number,
  o: BeforeAfterOptions,
  memo: RunMemo | undefined,
): Comparison {
  const { s, bFrom, aTo } = windowsOf(p, L);
  const segBefore = segmentsOn(orders, s, o.segmentBasis, o.windows, memo);
  const segAfter = segmentsOn(orders, aTo, o.segmentBasis, o.windows, memo);
  const before = windowTotals(orders, bFrom, s, memo),
    after = windowTotals(orders, s, aTo, memo);
  const nC = orders.customers.length;
  const index = customerIndex(orders, memo);
  const isP = new Uint8Array(nC);
  let pUnknown = 0,
    pNew = 0;
  for (const id of p.ids) {
    const c = index.get(id);
    if (c === undefined) pUnknown++;
    else if (segBefore[c] === null) pNew++;
    else isP[c] = 1;
  }
  const groups = new Map<string, { f: DidGroup; m: DidGroup }>();
  for (let c = 0; c < nC; c++) {
    const g0 = segBefore[c];
    if (g0 === null) continue;
    let g = groups.get(g0);
    if (!g) {
      g = {
        f: { segment: g0, pBefore: [], pAfter: [], cBefore: [], cAfter: [] },
        m: { segment: g0, pBefore: [], pAfter: [], cBefore: [], cAfter: [] },
      };
      groups.set(g0, g);
    }
    const b = { orders: before.orders[c], spend: before.spend[c] },
      a = { orders: after.orders[c], spend: after.spend[c] };
    if (isP[c]) {
      g.f.pBefore.push(b.orders);
      g.f.pAfter.push(a.orders);
      g.m.pBefore.push(b.spend);
      g.m.pAfter.push(a.spend);
    } else {
      g.f.cBefore.push(b.orders);
      g.f.cAfter.push(a.orders);
      g.m.cBefore.push(b.spend);
      g.m.cAfter.push(a.spend);
    }
  }
  const order = segmentCatalogue(o.segmentBasis)
    .map((x) => x.key)
    .filter((k) => groups.has(k));
  const freq = differenceInDifferences(
    order.map((k) => groups.get(k)!.f),
    o.minSize,
    o.alpha,
  );
  const spend = differenceInDifferences(
    order.map((k) => groups.get(k)!.m),
    o.minSize,
    o.alpha,
  );
  return { L, s, bFrom, aTo, segBefore, segAfter, isP, pUnknown, pNew, order, freq, spend };
}

/** False (with an error) when no participant is comparable; notes participants left out. */
function checkComparison(cmp: Comparison, o: BeforeAfterOptions, diagnostics: Diagnostic[]): boolean {
  const { freq, pNew, pUnknown } = cmp;
  if (freq.used + freq.skipped === 0) {
    diagnostics.push(
      diag(
        'loop.no_comparable',
        'error',
        t(
          'No participant had bought before the campaign start, so none has a pre-period segment to be compared within.',
          '没有参与者在活动开始前购买过，因此无法在活动前分群内比较。',
        ),
      ),
    );
    return false;
  }
  if (pNew + pUnknown > 0) {
    diagnostics.push(
      diag(
        'loop.participants_without_history',
        'info',
        t(
          `${pNew + pUnknown} participants had no purchase before the campaign start and are left out (no pre-period segment).`,
          `${pNew + pUnknown} 位参与者在活动开始前没有购买，无活动前分群，已排除。`,
        ),
      ),
    );
  }
  if (freq.skipped > 0) {
    diagnostics.push(
      diag(
        'loop.segment_too_small',
        'info',
        t(
          `${freq.skipped} participants are in segments with fewer than ${o.minSize} comparable non-participants and are left out of the estimate.`,
          `${freq.skipped} 位参与者所在分群的可比未参与者少于 ${o.minSize} 位，未计入估计。`,
        ),
      ),
    );
  }
  return true;
}

/** Segment label in the sheet's language ('none' = no purchase). */
function segmentLabel(o: BeforeAfterOptions, lang: Lang, k: string): string {
  return k === 'none' ? (lang === 'zh-CN' ? '无购买' : 'No purchase') : segmentName(o.segmentBasis, k)[lang];
}

// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
function present(
  cmp: Comparison,
  p: Participation,
  o: BeforeAfterOptions,
  common: CommonOptions,
  diagnostics: Diagnostic[],
): AnalysisResult {
  const { freq, spend, L } = cmp;
  const est = spend.overall;
  const worth = est.estimate !== null ? est.estimate * spend.used : null;
  return {
    ...HEAD,
    figures: [
      {
        key: 'participants',
        label: t('Participants compared', '参与比较的参与者'),
        value: spend.used,
        kind: 'integer',
      },
      {
        key: 'did_purchases',
        label: t('Extra purchases per participant', '每位参与者额外购买次数'),
        value: r(freq.overall.estimate, 4),
        kind: 'number',
        decimals: 3,
      },
      {
        key: 'did_spend',
        label: t('Extra spend per participant', '每位参与者额外消费'),
        value: r(est.estimate, 2),
        kind: 'currency',
      },
      {
        key: 'did_revenue',
        label: t('Revenue the change is worth', '变化对应的收入'),
        value: r(worth, 2),
        kind: 'currency',
      },
      { key: 'window_days', label: t('Window (days)', '窗口（天）'), value: L, kind: 'integer' },
    ],
    tables: [
      didTable('spend', spend, cmp, o, common.lang),
      didTable('orders', freq, cmp, o, common.lang),
      migrationTable(
        1,
        'migration_participants',
        t('Segment migration: participants (before → after)', '分群迁移：参与者（前 → 后）'),
        cmp,
        o,
        common.lang,
      ),
      migrationTable(
        0,
        'migration_comparison',
        t('Segment migration: comparison customers (before → after)', '分群迁移：对照客户（前 → 后）'),
        cmp,
        o,
        common.lang,
      ),
    ],
    charts: [
      {
        name: 'did',
        title: t('Difference in differences by segment', '各分群双重差分'),
        kind: 'bar',
        table: 'did_spend',
        category: 'segment',
        series: ['did'],
        maxRows: cmp.order.length + 1,
      },
    ],
    findings: beforeAfterFindings(cmp, p, o, common.currency),
    notes: [
      t(
        `Campaign "${p.label.en}", ${isoDate(p.start)} … ${isoDate(p.end)}; participants: ${o.participants === 'touches' ? 'customers reached in the touchpoints' : 'customers who bought through the campaign'}; comparison: customers who did not take part, in the same segment on the start day (judged from purchases before it).`,
        `活动“${p.label['zh-CN']}”，${isoDate(p.start)} … ${isoDate(p.end)}；参与者：${o.participants === 'touches' ? '触点表中被触达的客户' : '通过该活动购买的客户'}；对照：未参与、且在开始当天（依据此前购买）处于同一分群的客户。`,
      ),
      t(
        'Observational: participants were not chosen at random. Matching on the pre-period segment removes differences between segments, not within them; read the estimate as what the campaign probably did, not proof.',
        '观察性结果：参与者并非随机选取。按活动前分群匹配只消除分群之间的差异，不消除分群内部的差异；结果应理解为活动可能的效果，而非定论。',
      ),
    ],
    diagnostics,
  };
}

/** Difference in differences by pre-period segment, then the participant-weighted total. */
function didTable(kind: 'orders' | 'spend', d: Did, cmp: Comparison, o: BeforeAfterOptions, lang: Lang): ResultTable {
  const { L, bFrom, s, aTo } = cmp;
  const rows: Record<string, CellValue>[] = [
    ...d.bySegment.map((x) => ({
      segment: segmentLabel(o, lang, x.segment),
      participants: x.np,
      comparison: x.nc,
      participants_change: r(x.pDelta, 4),
      comparison_change: r(x.cDelta, 4),
      did: r(x.est.estimate, 4),
      ci_low: r(x.est.ciLow, 4),
      ci_high: r(x.est.ciHigh, 4),
      p_value: r(x.est.pValue, 6),
    })),
    {
      segment: lang === 'zh-CN' ? '合计（按参与者加权）' : 'All (participant-weighted)',
      participants: d.used,
      comparison: d.bySegment.reduce((a, x) => a + x.nc, 0),
      participants_change: null,
      comparison_change: null,
      did: r(d.overall.estimate, 4),
      ci_low: r(d.overall.ciLow, 4),
      ci_high: r(d.overall.ciHigh, 4),
      p_value: r(d.overall.pValue, 6),
    },
  ];
  const value = kind === 'spend' ? 'currency' : 'number';
  return {
    name: kind === 'spend' ? 'did_spend' : 'did_purchases',
    title:
      kind === 'spend'
        ? t('Spend per customer: difference in differences by pre-period segment', '人均消费：按活动前分群的双重差分')
        : t(
            'Purchases per customer: difference in differences by pre-period segment',
            '人均购买次数：按活动前分群的双重差分',
          ),
    columns: [
      { key: 'segment', label: t('Segment before', '活动前分群'), kind: 'text' },
      { key: 'participants', label: t('Participants', '参与者'), kind: 'integer' },
      { key: 'comparison', label: t('Comparison customers', '对照客户'), kind: 'integer' },
      { key: 'participants_change', label: t('Participants: after − before', '参与者：后 − 前'), kind: value },
      { key: 'comparison_change', label: t('Comparison: after − before', '对照：后 − 前'), kind: value },
      { key: 'did', label: t('Difference in differences', '双重差分'), kind: value, highlight: 'colorScale' },
      { key: 'ci_low', label: t('CI low', '区间下限'), kind: value },
      { key: 'ci_high', label: t('CI high', '区间上限'), kind: value },
      { key: 'p_value', label: t('p-value', 'p 值'), kind: 'number', decimals: 4 },
    ],
    rows,
    note: t(
      `Windows of ${L} days: before ${isoDate(bFrom)} … ${isoDate(s - 1)}, after ${isoDate(s)} … ${isoDate(aTo - 1)}. Normal ${Math.round((1 - o.alpha) * 100)}% intervals.`,
      `窗口各 ${L} 天：活动前 ${isoDate(bFrom)} … ${isoDate(s - 1)}，活动后 ${isoDate(s)} … ${isoDate(aTo - 1)}。正态 ${Math.round((1 - o.alpha) * 100)}% 置信区间。`,
    ),
  };
}

/** Share of each pre-period segment's customers (participants: group 1) in each segment at the window's end. */
function migrationTable(
  group: 0 | 1,
  tname: string,
  title: I18nText,
  cmp: Comparison,
  o: BeforeAfterOptions,
  lang: Lang,
): ResultTable {
  const keys = [...segmentCatalogue(o.segmentBasis).map((x) => x.key)];
  const m = migration(cmp.segBefore, cmp.segAfter, (i) => cmp.isP[i] === group);
  const cols: ResultColumn[] = [
    { key: 'segment_before', label: t('Segment before', '活动前分群'), kind: 'text' },
    { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' },
  ];
  keys.forEach((k, j) =>
    cols.push({ key: `to_${j + 1}`, label: segmentName(o.segmentBasis, k), kind: 'percent', highlight: 'colorScale' }),
  );
  const rows = keys
    .filter((k) => keys.some((k2) => m.has(`${k}\u0001${k2}`)))
    .map((k) => {
      const n = keys.reduce((a, k2) => a + (m.get(`${k}\u0001${k2}`) ?? 0), 0);
      const row: Record<string, CellValue> = { segment_before: segmentLabel(o, lang, k), customers: n };
      keys.forEach((k2, j) => {
        row[`to_${j + 1}`] = n > 0 ? r((m.get(`${k}\u0001${k2}`) ?? 0) / n) : null;
      });
      return row;
    });
  return {
    name: tname,
    title,
    columns: cols,
    rows,
    note: t(
      `Share of each row's customers in each segment at ${isoDate(cmp.aTo - 1)}.`,
      `每行客户在 ${isoDate(cmp.aTo - 1)} 时各分群的占比。`,
    ),
  };
}

/** Win-back: at-risk or lost before → potential or high value after, among group 1 (participants) or 0; [n, won back]. */
function wonBack(cmp: Comparison, group: 0 | 1): [number, number] {
  let n = 0,
    x = 0;
  for (let c = 0; c < cmp.isP.length; c++) {
    if (cmp.isP[c] !== group || (cmp.segBefore[c] !== 'churn_warning' && cmp.segBefore[c] !== 'lost')) continue;
    n++;
    if (cmp.segAfter[c] === 'potential' || cmp.segAfter[c] === 'high_value') x++;
  }
  return [n, x];
}

/** The spend change (clear or not), and the win-back rate when it differs clearly. */
function beforeAfterFindings(cmp: Comparison, p: Participation, o: BeforeAfterOptions, cur: string): Finding[] {
  const { freq, spend, L } = cmp;
  const findings: Finding[] = [];
  const est = spend.overall;
  const worth = est.estimate !== null ? est.estimate * spend.used : null;
  if (est.estimate !== null && est.ciLow !== null && est.ciHigh !== null) {
    const clear = est.ciLow > 0 || est.ciHigh < 0;
    const params = {
      campaign: p.label,
      days: L,
      participants: (l: Lang) => num(spend.used, l, 0),
      worth: (l: Lang) => money(worth, cur, l),
      change: (l: Lang) => money(est.estimate, cur, l),
      amount: (l: Lang) => money(Math.abs(est.estimate!), cur, l),
      direction: est.estimate > 0 ? loopMessage('beforeAfterMore') : loopMessage('beforeAfterLess'),
    };
    findings.push({
      key: `loop.before_after.spend:${p.label.en}`,
      text: loopMessage(clear ? 'beforeAfterSpend' : 'beforeAfterSpendUnclear', params),
      atStake: clear && worth !== null ? r(Math.abs(worth), 2) : null,
      evidence: loopMessage('beforeAfterSpendEvidence', {
        ci: (l) => ciText(est.ciLow, est.ciHigh, o.alpha, l, (x) => money(x, cur, l)),
        purchases: (l) => num(freq.overall.estimate, l, 3),
        purchasesCi: (l) => ciText(freq.overall.ciLow, freq.overall.ciHigh, o.alpha, l, (x) => num(x, l, 3)),
        participants: params.participants,
      }),
      observational: true,
    });
  }
  const [bpn, bpx] = o.segmentBasis === 'business' ? wonBack(cmp, 1) : [0, 0];
  const [bcn, bcx] = o.segmentBasis === 'business' ? wonBack(cmp, 0) : [0, 0];
  const wb =
    bpn >= o.minSize && bcn >= o.minSize
      ? absoluteDifference(proportionSummary(bcx, bcn), proportionSummary(bpx, bpn), o.alpha)
      : null;
  if (wb && wb.ciLow !== null && wb.ciHigh !== null && (wb.ciLow > 0 || wb.ciHigh < 0)) {
    findings.push({
      key: `loop.before_after.winback:${p.label.en}`,
      text: loopMessage('beforeAfterWinBack', {
        days: L,
        participants: (l) => pct(bpx / bpn, l, 0),
        others: (l) => pct(bcx / bcn, l, 0),
      }),
      atStake: null,
      evidence: loopMessage('beforeAfterWinBackEvidence', {
        px: (l) => num(bpx, l, 0),
        pn: (l) => num(bpn, l, 0),
        cx: (l) => num(bcx, l, 0),
        cn: (l) => num(bcn, l, 0),
        ci: (l) => ciText(wb.ciLow, wb.ciHigh, o.alpha, l, (x) => pct(x, l, 1)),
      }),
      observational: true,
    });
  }
  return findings;
}

export const beforeAfterAnalysis = defineAnalysis<Partial<BeforeAfterOptions>>({
  kind: 'before-after',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  // Who took part: customers reached in the touchpoints, or buyers of a campaign in the orders.
  requiresOneOf: [
    { kind: 'touchpoints', roles: ['customer_id'] },
    { kind: 'orders', roles: ['campaign'] },
  ],
  needs: t(
    'An orders table, and touchpoints (who was reached) or a campaign column in the orders.',
    '需要订单表，以及触点表（谁被触达）或订单表中的活动列。',
  ),
  defaults: BEFORE_AFTER_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    participants: {
      basic: true,
      label: { en: 'Who counts as taking part?', 'zh-CN': '哪些客户算参与了活动？' },
    },
    campaign: {
      basic: true,
      label: { en: 'Which campaign or channel?', 'zh-CN': '看哪个活动或渠道？' },
    },
    start: {
      basic: true,
      label: { en: 'When did the campaign start?', 'zh-CN': '活动哪天开始？' },
    },
    end: {
      basic: true,
      label: { en: 'When did it end?', 'zh-CN': '活动哪天结束？' },
    },
  },
  needsAsOf: true,
  run: runBeforeAfter,
});
