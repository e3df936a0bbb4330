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
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Finding, ResultColumn, ResultTable } from '../types.js';
import { normalCdf, normalQuantile } from '../../stats/distributions.js';
import { absoluteDifference, proportionSummary } from '../../stats/tests.js';
import { both, columnValues, diag, emptyResult, isoDate, money, num, pct, round as r, t, defineAnalysis } from '../common/index.js';
import { readOrders } from '../user/orders.js';
import {
  activity, buildHistories, DEFAULT_WINDOWS, readTouches, segmentCatalogue, segmentName, segmentsAt,
  type BusinessWindows,
} from './common.js';
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
  participants: 'touches', campaign: null, start: null, end: null, followDays: 90, segmentBasis: 'business', windows: DEFAULT_WINDOWS, minSize: 30, alpha: 0.05,
};

const HEAD = {
  kind: 'before-after',
  title: t('Behaviour before and after the campaign', '活动前后的客户行为'),
  sheetName: t('Before and after', '活动前后'),
  question: t('Did customers who took part buy more afterwards than comparable customers who did not?', '参与活动的客户之后是否比可比的未参与客户买得更多？'),
};

/** One difference-in-differences estimate. */
export interface DidEstimate { estimate: number | null; se: number | null; ciLow: number | null; ciHigh: number | null; pValue: number | null }

/** Per-segment DiD input: participants' and others' before/after values (one entry per customer). */
export interface DidGroup { segment: string; pBefore: number[]; pAfter: number[]; cBefore: number[]; cAfter: number[] }

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
export function differenceInDifferences(groups: DidGroup[], minSize: number, alpha: number): {
  overall: DidEstimate; bySegment: { segment: string; np: number; nc: number; est: DidEstimate; pDelta: number; cDelta: number }[]; used: number; skipped: number;
} {
  const z = normalQuantile(1 - alpha / 2);
  const rows: { segment: string; np: number; nc: number; est: DidEstimate; pDelta: number; cDelta: number }[] = [];
  let used = 0, skipped = 0;
  const parts: { w: number; d: number; v: number }[] = [];
  for (const g of groups) {
    const dp = g.pAfter.map((a, i) => a - g.pBefore[i]);
    const dc = g.cAfter.map((a, i) => a - g.cBefore[i]);
    const [mp, vp] = meanVar(dp), [mc, vc] = meanVar(dc);
    const ok = dp.length >= 2 && dc.length >= minSize;
    const est = ok ? finish(mp - mc, Math.sqrt(vp / dp.length + vc / dc.length), z) : none();
    rows.push({ segment: g.segment, np: dp.length, nc: dc.length, est, pDelta: mp, cDelta: mc });
    if (ok) { used += dp.length; parts.push({ w: dp.length, d: mp - mc, v: vp / dp.length + vc / dc.length }); } else skipped += dp.length;
  }
  if (used === 0) return { overall: none(), bySegment: rows, used, skipped };
  let d = 0, v = 0;
  for (const p of parts) { const w = p.w / used; d += w * p.d; v += w * w * p.v; }
  return { overall: finish(d, Math.sqrt(v), z), bySegment: rows, used, skipped };
}

function none(): DidEstimate { return { estimate: null, se: null, ciLow: null, ciHigh: null, pValue: null }; }
function finish(d: number, se: number, z: number): DidEstimate {
  if (!(se > 0)) return { estimate: d, se: null, ciLow: null, ciHigh: null, pValue: null };
  return { estimate: d, se, ciLow: d - z * se, ciHigh: d + z * se, pValue: Math.min(1, 2 * normalCdf(-Math.abs(d / se))) };
}

/**
 * Migration counts (pure): `from[i]` → `to[i]` for the customers with `include[i]`, as a map keyed
 * `from\u0001to`. Example: from [a, a, b], to [a, b, b] → a→a 1, a→b 1, b→b 1.
 */
export function migration(from: (string | null)[], to: (string | null)[], include: (i: number) => boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < from.length; i++) {
    if (!include(i) || from[i] === null) continue;
    const k = `${from[i]}\u0001${to[i] ?? 'none'}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

interface Participation { ids: Set<string>; start: number; end: number; label: I18nText }

function participation(inputs: AnalysisInputs, o: BeforeAfterOptions, diags: Diagnostic[]): Participation | null {
  if (o.participants === 'touches' && inputs.touchpoints) {
    const tc = readTouches(inputs.touchpoints, diags);
    if (!tc) return null;
    const ids = new Set<string>();
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < tc.n; i++) {
      const id = tc.customer[i];
      if (id === null || !(tc.time[i] === tc.time[i])) continue;
      if (o.campaign !== null && tc.channel?.[i] !== o.campaign && tc.campaign?.[i] !== o.campaign) continue;
      ids.add(id); lo = Math.min(lo, tc.time[i]); hi = Math.max(hi, tc.time[i]);
    }
    if (ids.size === 0) return null;
    return { ids, start: Math.floor(o.start ?? lo), end: Math.floor(o.end ?? hi), label: o.campaign !== null ? t(o.campaign, o.campaign) : t('any touch', '任一触点') };
  }
  const ds = inputs.orders!;
  const col = ds.columns.find((c) => c.role === 'campaign');
  if (!col) return null;
  const camp = columnValues(ds, col.name);
  const idCol = ds.columns.find((c) => c.role === 'customer_id')!;
  const dateCol = ds.columns.find((c) => c.role === 'date')!;
  const ids = columnValues(ds, idCol.name);
  const dates = columnValues(ds, dateCol.name);
  let name = o.campaign;
  if (name === null) {
    const buyers = new Map<string, Set<unknown>>();
    for (let i = 0; i < camp.length; i++) { const c = camp[i]; if (typeof c === 'string' && c !== '') { const s = buyers.get(c) ?? new Set(); s.add(ids[i]); buyers.set(c, s); } }
    name = [...buyers.entries()].sort((a, b) => b[1].size - a[1].size)[0]?.[0] ?? null;
  }
  if (name === null) return null;
  const out = new Set<string>();
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < camp.length; i++) {
    const d = dates[i];
    if (camp[i] !== name || typeof d !== 'number' || ids[i] === null) continue;
    out.add(String(ids[i])); lo = Math.min(lo, d); hi = Math.max(hi, d);
  }
  return out.size > 0 ? { ids: out, start: Math.floor(o.start ?? lo), end: Math.floor(o.end ?? hi), label: t(name, name) } : null;
}

/** Run the before/after analysis. */
export function runBeforeAfter(inputs: AnalysisInputs, common: CommonOptions, options: Partial<BeforeAfterOptions> = {}): AnalysisResult {
  return build(inputs, common, options);
}

function build(inputs: AnalysisInputs, common: CommonOptions, options: Partial<BeforeAfterOptions>): AnalysisResult {
  const o: BeforeAfterOptions = { ...BEFORE_AFTER_DEFAULTS, ...options, windows: { ...DEFAULT_WINDOWS, ...options.windows } };
  if (!options.participants && !inputs.touchpoints) o.participants = 'orders';
  const diagnostics: Diagnostic[] = [];
  const orders = readOrders(inputs, diagnostics, common.memo);
  if (!orders) return emptyResult(HEAD, diagnostics);
  const h = buildHistories(orders, common.memo);
  const p = participation(inputs, o, diagnostics);
  if (!p) {
    diagnostics.push(diag('loop.no_participants', 'error', t(
      o.participants === 'touches' ? 'No campaign participants: the touchpoints table has no usable rows for the chosen campaign.' : 'No campaign participants: the orders have no campaign column or no order for the chosen campaign.',
      o.participants === 'touches' ? '没有活动参与者：触点表中没有所选活动的可用数据。' : '没有活动参与者：订单表没有活动列，或没有所选活动的订单。')));
    return emptyResult(HEAD, diagnostics);
  }
  // Equal windows: after = [start, end + followDays), before = the same length ending at the start.
  let L = p.end + 1 + o.followDays - p.start;
  if (p.start + L > common.asOf + 1) {
    L = common.asOf + 1 - p.start;
    diagnostics.push(diag('loop.after_window_short', 'info', t(
      `The after-window is cut at the as-of date: ${L} days from the campaign start.`, `活动后窗口截至基准日：自活动开始共 ${L} 天。`)));
  }
  if (L < 7) {
    diagnostics.push(diag('loop.after_window_too_short', 'error', t(
      'Less than a week of data after the campaign start: nothing to compare yet.', '活动开始后的数据不足一周：暂无可比较内容。')));
    return emptyResult(HEAD, diagnostics);
  }
  const s = p.start, bFrom = s - L, aTo = s + L;
  const segBefore = segmentsAt(h, s, o.segmentBasis, o.windows);
  const segAfter = segmentsAt(h, aTo, o.segmentBasis, o.windows);
  const nC = h.ids.length;
  const isP = new Uint8Array(nC);
  let pUnknown = 0, pNew = 0;
  for (const id of p.ids) { const c = h.index.get(id); if (c === undefined) pUnknown++; else if (segBefore[c] === null) pNew++; else isP[c] = 1; }
  const groups = new Map<string, { f: DidGroup; m: DidGroup }>();
  for (let c = 0; c < nC; c++) {
    const g0 = segBefore[c];
    if (g0 === null) continue;
    let g = groups.get(g0);
    if (!g) { g = { f: { segment: g0, pBefore: [], pAfter: [], cBefore: [], cAfter: [] }, m: { segment: g0, pBefore: [], pAfter: [], cBefore: [], cAfter: [] } }; groups.set(g0, g); }
    const b = activity(h, c, bFrom, s), a = activity(h, c, s, aTo);
    if (isP[c]) { g.f.pBefore.push(b.orders); g.f.pAfter.push(a.orders); g.m.pBefore.push(b.spend); g.m.pAfter.push(a.spend); }
    else { g.f.cBefore.push(b.orders); g.f.cAfter.push(a.orders); g.m.cBefore.push(b.spend); g.m.cAfter.push(a.spend); }
  }
  const order = segmentCatalogue(o.segmentBasis).map((x) => x.key).filter((k) => groups.has(k));
  const freq = differenceInDifferences(order.map((k) => groups.get(k)!.f), o.minSize, o.alpha);
  const spend = differenceInDifferences(order.map((k) => groups.get(k)!.m), o.minSize, o.alpha);
  const nP = freq.used + freq.skipped;
  if (nP === 0) {
    diagnostics.push(diag('loop.no_comparable', 'error', t(
      'No participant had bought before the campaign start, so none has a pre-period segment to be compared within.',
      '没有参与者在活动开始前购买过，因此无法在活动前分群内比较。')));
    return emptyResult(HEAD, diagnostics);
  }
  if (pNew + pUnknown > 0) {
    diagnostics.push(diag('loop.participants_without_history', 'info', t(
      `${pNew + pUnknown} participants had no purchase before the campaign start and are left out (no pre-period segment).`,
      `${pNew + pUnknown} 位参与者在活动开始前没有购买，无活动前分群，已排除。`)));
  }
  if (freq.skipped > 0) {
    diagnostics.push(diag('loop.segment_too_small', 'info', t(
      `${freq.skipped} participants are in segments with fewer than ${o.minSize} comparable non-participants and are left out of the estimate.`,
      `${freq.skipped} 位参与者所在分群的可比未参与者少于 ${o.minSize} 位，未计入估计。`)));
  }
  const lang = common.lang, cur = common.currency;
  const name = (k: string): string => (k === 'none' ? (lang === 'zh-CN' ? '无购买' : 'No purchase') : segmentName(o.segmentBasis, k)[lang]);
  const didRows = (kind: 'orders' | 'spend', d: typeof freq): Record<string, CellValue>[] => [
    ...d.bySegment.map((x) => ({ metric: kind, segment: name(x.segment), participants: x.np, comparison: x.nc, participants_change: r(x.pDelta, 4), comparison_change: r(x.cDelta, 4), did: r(x.est.estimate, 4), ci_low: r(x.est.ciLow, 4), ci_high: r(x.est.ciHigh, 4), p_value: r(x.est.pValue, 6) })),
    { metric: kind, segment: lang === 'zh-CN' ? '合计（按参与者加权）' : 'All (participant-weighted)', participants: d.used, comparison: d.bySegment.reduce((a, x) => a + x.nc, 0), participants_change: null, comparison_change: null, did: r(d.overall.estimate, 4), ci_low: r(d.overall.ciLow, 4), ci_high: r(d.overall.ciHigh, 4), p_value: r(d.overall.pValue, 6) },
  ];
  const didTable = (kind: 'orders' | 'spend', d: typeof freq): ResultTable => ({
    name: kind === 'spend' ? 'did_spend' : 'did_purchases',
    title: kind === 'spend' ? t('Spend per customer: difference in differences by pre-period segment', '人均消费：按活动前分群的双重差分')
      : t('Purchases per customer: difference in differences by pre-period segment', '人均购买次数：按活动前分群的双重差分'),
    columns: [
      { key: 'segment', label: t('Segment before', '活动前分群'), kind: 'text' },
      { key: 'participants', label: t('Participants', '参与者'), kind: 'integer' },
      { key: 'comparison', label: t('Comparison customers', '对照客户'), kind: 'integer' },
      { key: 'participants_change', label: t('Participants: after − before', '参与者：后 − 前'), kind: kind === 'spend' ? 'currency' : 'number' },
      { key: 'comparison_change', label: t('Comparison: after − before', '对照：后 − 前'), kind: kind === 'spend' ? 'currency' : 'number' },
      { key: 'did', label: t('Difference in differences', '双重差分'), kind: kind === 'spend' ? 'currency' : 'number', highlight: 'colorScale' },
      { key: 'ci_low', label: t('CI low', '区间下限'), kind: kind === 'spend' ? 'currency' : 'number' },
      { key: 'ci_high', label: t('CI high', '区间上限'), kind: kind === 'spend' ? 'currency' : 'number' },
      { key: 'p_value', label: t('p-value', 'p 值'), kind: 'number', decimals: 4 },
    ],
    rows: didRows(kind, d).map(({ metric: _m, ...x }) => x),
    note: t(`Windows of ${L} days: before ${isoDate(bFrom)} … ${isoDate(s - 1)}, after ${isoDate(s)} … ${isoDate(aTo - 1)}. Normal ${Math.round((1 - o.alpha) * 100)}% intervals.`,
      `窗口各 ${L} 天：活动前 ${isoDate(bFrom)} … ${isoDate(s - 1)}，活动后 ${isoDate(s)} … ${isoDate(aTo - 1)}。正态 ${Math.round((1 - o.alpha) * 100)}% 置信区间。`),
  });
  // Migration matrices.
  const keys = [...segmentCatalogue(o.segmentBasis).map((x) => x.key)];
  const migTable = (group: 0 | 1, tname: string, title: I18nText): ResultTable => {
    const m = migration(segBefore, segAfter, (i) => isP[i] === group);
    const cols: ResultColumn[] = [{ key: 'segment_before', label: t('Segment before', '活动前分群'), kind: 'text' }, { key: 'customers', label: t('Customers', '客户数'), kind: 'integer' }];
    keys.forEach((k, j) => cols.push({ key: `to_${j + 1}`, label: segmentName(o.segmentBasis, k), kind: 'percent', highlight: 'colorScale' }));
    const rows = keys.filter((k) => keys.some((k2) => m.has(`${k}\u0001${k2}`))).map((k) => {
      const n = keys.reduce((a, k2) => a + (m.get(`${k}\u0001${k2}`) ?? 0), 0);
      const row: Record<string, CellValue> = { segment_before: name(k), customers: n };
      keys.forEach((k2, j) => { row[`to_${j + 1}`] = n > 0 ? r((m.get(`${k}\u0001${k2}`) ?? 0) / n) : null; });
      return row;
    });
    return { name: tname, title, columns: cols, rows, note: t(`Share of each row's customers in each segment at ${isoDate(aTo - 1)}.`, `每行客户在 ${isoDate(aTo - 1)} 时各分群的占比。`) };
  };
  const migP = migTable(1, 'migration_participants', t('Segment migration: participants (before → after)', '分群迁移：参与者（前 → 后）'));
  const migC = migTable(0, 'migration_comparison', t('Segment migration: comparison customers (before → after)', '分群迁移：对照客户（前 → 后）'));

  // Win-back rate: at-risk or lost before → potential or high value after, participants vs comparison.
  const back = (group: 0 | 1): [number, number] => {
    let n = 0, x = 0;
    for (let c = 0; c < nC; c++) {
      if (isP[c] !== group || (segBefore[c] !== 'churn_warning' && segBefore[c] !== 'lost')) continue;
      n++; if (segAfter[c] === 'potential' || segAfter[c] === 'high_value') x++;
    }
    return [n, x];
  };
  const [bpn, bpx] = o.segmentBasis === 'business' ? back(1) : [0, 0];
  const [bcn, bcx] = o.segmentBasis === 'business' ? back(0) : [0, 0];

  const findings: Finding[] = [];
  const est = spend.overall;
  const worth = est.estimate !== null ? est.estimate * spend.used : null;
  if (est.estimate !== null && est.ciLow !== null && est.ciHigh !== null) {
    const clear = est.ciLow > 0 || est.ciHigh < 0;
    findings.push({
      key: `loop.before_after.spend:${p.label.en}`,
      text: both((l) => clear
        ? l === 'en'
          ? `Customers reached by ${p.label[l]} spent ${money(est.estimate, cur, l)} ${est.estimate! > 0 ? 'more' : 'less'} each over ${L} days than comparable customers in the same segment (difference in differences); across ${num(spend.used, l, 0)} participants that is ${money(worth, cur, l)}.`
          : `被「${p.label[l]}」触达的客户在 ${L} 天内人均比同分群的可比客户${est.estimate! > 0 ? '多' : '少'}消费 ${money(Math.abs(est.estimate!), cur, l)}（双重差分）；${num(spend.used, l, 0)} 位参与者合计 ${money(worth, cur, l)}。`
        : l === 'en'
          ? `Customers reached by ${p.label[l]} changed their spend by ${money(est.estimate, cur, l)} each against comparable customers: the data cannot tell this from no change.`
          : `被「${p.label[l]}」触达的客户人均消费相对可比客户变化 ${money(est.estimate, cur, l)}：数据无法将其与无变化区分。`),
      atStake: clear && worth !== null ? r(Math.abs(worth), 2) : null,
      evidence: both((l) => l === 'en'
        ? `${ciText(est.ciLow, est.ciHigh, o.alpha, l, (x) => money(x, cur, l))} per customer; purchases ${num(freq.overall.estimate, l, 3)} per customer (${ciText(freq.overall.ciLow, freq.overall.ciHigh, o.alpha, l, (x) => num(x, l, 3))}); ${num(spend.used, l, 0)} participants. Sheet: Before and after.`
        : `每位客户 ${ciText(est.ciLow, est.ciHigh, o.alpha, l, (x) => money(x, cur, l))}；购买次数每人 ${num(freq.overall.estimate, l, 3)}（${ciText(freq.overall.ciLow, freq.overall.ciHigh, o.alpha, l, (x) => num(x, l, 3))}）；${num(spend.used, l, 0)} 位参与者。见“活动前后”表。`),
      observational: true,
    });
  }
  const wb = bpn >= o.minSize && bcn >= o.minSize ? absoluteDifference(proportionSummary(bcx, bcn), proportionSummary(bpx, bpn), o.alpha) : null;
  if (wb && wb.ciLow !== null && wb.ciHigh !== null && (wb.ciLow > 0 || wb.ciHigh < 0)) {
    findings.push({
      key: `loop.before_after.winback:${p.label.en}`,
      text: both((l) => l === 'en'
        ? `${pct(bpx / bpn, l, 0)} of at-risk or lost participants were active again (potential or high value) ${L} days after the start, against ${pct(bcx / bcn, l, 0)} of comparable customers.`
        : `活动开始 ${L} 天后，${pct(bpx / bpn, l, 0)} 的流失预警或已流失参与者重新活跃（潜力或高价值），可比客户为 ${pct(bcx / bcn, l, 0)}。`),
      atStake: null,
      evidence: both((l) => l === 'en' ? `${num(bpx, l, 0)} of ${num(bpn, l, 0)} participants; ${num(bcx, l, 0)} of ${num(bcn, l, 0)} others; difference ${ciText(wb.ciLow, wb.ciHigh, o.alpha, l, (x) => pct(x, l, 1))}. Sheet: Before and after.` : `参与者 ${num(bpn, l, 0)} 人中 ${num(bpx, l, 0)} 人；其他 ${num(bcn, l, 0)} 人中 ${num(bcx, l, 0)} 人；差值 ${ciText(wb.ciLow, wb.ciHigh, o.alpha, l, (x) => pct(x, l, 1))}。见“活动前后”表。`),
      observational: true,
    });
  }
  return {
    ...HEAD,
    figures: [
      { key: 'participants', label: t('Participants compared', '参与比较的参与者'), value: spend.used, kind: 'integer' },
      { key: 'did_purchases', label: t('Extra purchases per participant', '每位参与者额外购买次数'), value: r(freq.overall.estimate, 4), kind: 'number', decimals: 3 },
      { key: 'did_spend', label: t('Extra spend per participant', '每位参与者额外消费'), value: r(est.estimate, 2), kind: 'currency' },
      { key: 'did_revenue', label: t('Revenue the change is worth', '变化对应的收入'), value: r(worth, 2), kind: 'currency' },
      { key: 'window_days', label: t('Window (days)', '窗口（天）'), value: L, kind: 'integer' },
    ],
    tables: [didTable('spend', spend), didTable('orders', freq), migP, migC],
    charts: [{ name: 'did', title: t('Difference in differences by segment', '各分群双重差分'), kind: 'bar', table: 'did_spend', category: 'segment', series: ['did'], maxRows: order.length + 1 }],
    findings,
    notes: [
      t(`Campaign "${p.label.en}", ${isoDate(p.start)} … ${isoDate(p.end)}; participants: ${o.participants === 'touches' ? 'customers reached in the touchpoints' : 'customers who bought through the campaign'}; comparison: customers who did not take part, in the same segment on the start day (judged from purchases before it).`,
        `活动“${p.label['zh-CN']}”，${isoDate(p.start)} … ${isoDate(p.end)}；参与者：${o.participants === 'touches' ? '触点表中被触达的客户' : '通过该活动购买的客户'}；对照：未参与、且在开始当天（依据此前购买）处于同一分群的客户。`),
      t('Observational: participants were not chosen at random. Matching on the pre-period segment removes differences between segments, not within them; read the estimate as what the campaign probably did, not proof.',
        '观察性结果：参与者并非随机选取。按活动前分群匹配只消除分群之间的差异，不消除分群内部的差异；结果应理解为活动可能的效果，而非定论。'),
    ],
    diagnostics,
  };
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
  needs: t('An orders table, and touchpoints (who was reached) or a campaign column in the orders.', '订单表，以及触点表（谁被触达）或订单中的活动列。'),
  defaults: BEFORE_AFTER_DEFAULTS,
  needsAsOf: true,
  run: runBeforeAfter,
});
