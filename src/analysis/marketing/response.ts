/**
 * Response curves and budget: per channel, from weekly spend and outcome (revenue, else conversions),
 * fit geometric adstock and Hill saturation with bounds (Levenberg–Marquardt over a grid of carry-over
 * rates), read the marginal return at current spend, and reallocate a fixed total budget so that marginal
 * returns are equal within user-set minimum and maximum spend per channel. The expected change comes
 * with a range from refits on resampled residuals (seeded), and with the caveat that curves fitted on
 * observational data suggest rather than prove.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Figure, Finding, ResultTable } from '../types.js';
import { mulberry32 } from '../../stats/random.js';
import { quantileSorted } from '../../stats/quantile.js';
import { allocateBudget, marginalResponse, response, type ResponseCurve } from './budget.js';
import { BLANK, columnByRole, diag, firstRole, labels, numbers } from './columns.js';
import { geometricAdstock, hill } from './media-curves.js';
import { weekStart } from './periods.js';
import { both, money, num, pct, ratio } from './text.js';

export interface ResponseOptions {
  /** Carry-over weeks of the geometric adstock. */
  maxLag: number;
  /** Carry-over rates tried (each fit keeps the best). */
  alphaGrid: number[];
  /** Channels with fewer weeks are not fitted. */
  minWeeks: number;
  /** Current spend = mean weekly spend over the last this many weeks. */
  recentWeeks: number;
  /** Total weekly budget to allocate; default: the current total. */
  totalBudget: number | null;
  /** Default bounds as multiples of current spend. */
  minMultiple: number;
  maxMultiple: number;
  /** Per-channel bounds on weekly spend, overriding the multiples. */
  bounds: Record<string, { min?: number; max?: number }> | null;
  /** A fit explaining less than this share of the weekly variation holds the channel at current spend. */
  minR2: number;
  /** Residual-bootstrap refits for the range of the expected change. */
  bootstrap: number;
  seed: number;
  /** Weeks over which the expected change is stated in findings. */
  horizonWeeks: number;
}

export const responseDefaults: ResponseOptions = {
  maxLag: 8,
  alphaGrid: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
  minWeeks: 20,
  recentWeeks: 13,
  totalBudget: null,
  minMultiple: 0.5,
  maxMultiple: 2,
  bounds: null,
  minR2: 0.3,
  bootstrap: 40,
  seed: 20240601,
  horizonWeeks: 13,
};

const TITLE: I18nText = { en: 'Response curves and budget', 'zh-CN': '响应曲线与预算分配' };
const QUESTION: I18nText = {
  en: 'Where would the next unit of budget do the most, and how should a fixed budget be split across channels?',
  'zh-CN': '下一笔预算投到哪里效果最好？固定总预算应如何在渠道间分配？',
};
const SHEET: I18nText = { en: 'Budget response', 'zh-CN': '预算响应' };

/** A fitted channel: the curve of weekly steady-state spend, baseline and fit quality. */
export interface ChannelFit {
  alpha: number;
  curve: ResponseCurve;
  baseline: number;
  r2: number;
  sse: number;
}

/** Model value for normalised adstocked spend z: b0 + β · hill(z; κ, s). */
function model(p: number[]): (z: number) => number {
  return (z) => p[0] + p[1] * hill(z, p[2], p[3]);
}

function jacobian(p: number[]): (z: number) => number[] {
  return (z) => {
    const h = hill(z, p[2], p[3]);
    const dk = z > 0 ? (-p[1] * h * (1 - h) * p[3]) / p[2] : 0;
    const ds = z > 0 ? p[1] * h * (1 - h) * Math.log(z / p[2]) : 0;
    return [1, h, dk, ds];
  };
}

/**
 * Fit b0, β, κ, s by bounded Levenberg–Marquardt to (z, y), both scaled; returns parameters and SSE.
 * ml-levenberg-marquardt always runs its full iteration count, so it is called in short rounds and
 * stopped once a round improves the squared error by less than one part in a million (≤ `rounds` rounds).
 */
function lmFit(z: Float64Array, y: Float64Array, init: number[], yMax: number, rounds = 15): { p: number[]; sse: number } {
  let p = init;
  let prev = Infinity;
  try {
    for (let r = 0; r < rounds; r++) {
      const res = levenbergMarquardt({ x: z, y }, model, {
        initialValues: p,
        minValues: [0, 0, 0.05, 0.5],
        maxValues: [yMax, 20 * yMax + 1e-9, 10, 3],
        maxIterations: 15,
        errorTolerance: 1e-14,
        damping: 1e-2,
        jacobianFunction: jacobian,
      });
      p = res.parameterValues;
      const err = res.parameterError;
      if (!Number.isFinite(err)) break;
      if (prev - err <= 1e-6 * err) {
        prev = err;
        break;
      }
      prev = err;
    }
  } catch {
    return { p: init, sse: Infinity };
  }
  const f = model(p);
  let sse = 0;
  for (let i = 0; i < z.length; i++) sse += (y[i] - f(z[i])) ** 2;
  return { p, sse: Number.isFinite(sse) ? sse : Infinity };
}

/**
 * Fit adstock and Hill saturation to one channel's weekly spend and outcome. The carry-over rate is
 * chosen from `alphaGrid`; κ is relative to mean spend (κ · scale is the half-saturation weekly spend).
 * Null when the spend does not vary or has no positive weeks.
 */
export function fitChannel(spend: ArrayLike<number>, outcome: ArrayLike<number>, o: Pick<ResponseOptions, 'maxLag' | 'alphaGrid'>): ChannelFit | null {
  const n = spend.length;
  let sPos = 0;
  let nPos = 0;
  let yMax = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    if (spend[i] > 0) {
      sPos += spend[i];
      nPos++;
    }
    yMax = Math.max(yMax, outcome[i]);
    yMean += outcome[i] / n;
  }
  if (nPos < 3 || !(yMax > 0)) return null;
  const scale = sPos / nPos;
  const y = Float64Array.from(outcome, (v) => v / yMax);
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (outcome[i] - yMean) ** 2;
  let best: { alpha: number; p: number[]; sse: number } | null = null;
  for (const alpha of o.alphaGrid) {
    const z = geometricAdstock(spend, alpha, o.maxLag, true).map((v) => v / scale);
    for (const k0 of [0.5, 1, 2]) {
      const r = lmFit(z, y, [0.01, 1.5, k0, 1.2], 1);
      if (!best || r.sse < best.sse) best = { alpha, p: r.p, sse: r.sse };
    }
  }
  if (!best || !Number.isFinite(best.sse)) return null;
  const sse = best.sse * yMax * yMax;
  return {
    alpha: best.alpha,
    curve: { beta: best.p[1] * yMax, kappa: best.p[2], slope: best.p[3], scale },
    baseline: best.p[0] * yMax,
    r2: sst > 0 ? 1 - sse / sst : 0,
    sse,
  };
}

/** Refit on fitted values plus resampled residuals, carry-over fixed; returns the curves. */
function bootstrapCurves(spend: Float64Array, outcome: Float64Array, fit: ChannelFit, o: ResponseOptions, seed: number): ResponseCurve[] {
  const n = spend.length;
  const z = geometricAdstock(spend, fit.alpha, o.maxLag, true).map((v) => v / fit.curve.scale);
  const fitted = Float64Array.from(z, (v) => fit.baseline + fit.curve.beta * hill(v, fit.curve.kappa, fit.curve.slope));
  const resid = Float64Array.from(outcome, (v, i) => v - fitted[i]);
  const rng = mulberry32(seed);
  const out: ResponseCurve[] = [];
  let yMax = 0;
  for (let i = 0; i < n; i++) yMax = Math.max(yMax, outcome[i]);
  if (!(yMax > 0)) return out;
  const init = [fit.baseline / yMax, fit.curve.beta / yMax, fit.curve.kappa, fit.curve.slope];
  for (let b = 0; b < o.bootstrap; b++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.max(0, fitted[i] + resid[Math.floor(rng() * n)]) / yMax;
    const r = lmFit(z, y, init, 1, 4);
    if (Number.isFinite(r.sse)) out.push({ beta: r.p[1] * yMax, kappa: r.p[2], slope: r.p[3], scale: fit.curve.scale });
  }
  return out;
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'response', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/**
 * Fit response curves per channel from a campaigns Dataset (roles: channel, date or period_start, spend,
 * revenue or conversions) and propose a reallocation of the weekly budget.
 */
export function fitResponseAndBudget(data: Dataset, common: CommonOptions, options: Partial<ResponseOptions> = {}): AnalysisResult {
  const o: ResponseOptions = { ...responseDefaults, ...options };
  const lang = common.lang;
  const cur = common.currency;
  const diagnostics: Diagnostic[] = [];
  const chCol = columnByRole(data, 'channel') ?? columnByRole(data, 'campaign');
  const dateCol = firstRole(data, ['period_start', 'date', 'period_end']);
  const spCol = columnByRole(data, 'spend');
  const outCol = columnByRole(data, 'revenue') ?? columnByRole(data, 'conversions');
  if (!chCol || !dateCol || !spCol || !outCol) {
    diagnostics.push(diag('marketing.response.missing-roles', 'error', { en: 'Response curves need channel, date, spend and revenue (or conversions) columns.', 'zh-CN': '响应曲线需要渠道、日期、花费以及收入（或转化）列。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }
  const isRevenue = outCol.role === 'revenue';
  const n = data.table.numRows();
  const ch = labels(data, chCol, BLANK[lang]);
  const dates = numbers(data, dateCol, diagnostics);
  const sp = numbers(data, spCol, diagnostics, { nonNegative: true });
  const out = numbers(data, outCol, diagnostics, { nonNegative: true });

  // Weekly grid shared by all channels.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (d === d && d <= common.asOf) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
  }
  if (!(lo <= hi)) {
    diagnostics.push(diag('marketing.response.no-dates', 'error', { en: 'No dated rows on or before the as-of date.', 'zh-CN': '没有截止日期前的带日期数据。' }, { sheet: data.sheet }));
    return emptyResult(diagnostics);
  }
  const w0 = weekStart(lo);
  const W = Math.floor((weekStart(hi) - w0) / 7) + 1;
  const chIdx = new Map<string, number>();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!chIdx.has(ch[i])) {
      chIdx.set(ch[i], names.length);
      names.push(ch[i]);
    }
  }
  const C = names.length;
  const wsp = Array.from({ length: C }, () => new Float64Array(W));
  const wout = Array.from({ length: C }, () => new Float64Array(W));
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (!(d === d) || d > common.asOf) continue;
    const w = Math.floor((weekStart(d) - w0) / 7);
    const c = chIdx.get(ch[i])!;
    if (sp[i] === sp[i]) wsp[c][w] += sp[i];
    if (out[i] === out[i]) wout[c][w] += out[i];
  }

  // Fit each channel.
  const recent = Math.min(o.recentWeeks, W);
  const fits: (ChannelFit | null)[] = [];
  const current: number[] = [];
  const reasons: (I18nText | null)[] = [];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let w = W - recent; w < W; w++) s += wsp[c][w];
    current.push(s / recent);
    let active = 0;
    for (let w = 0; w < W; w++) if (wsp[c][w] > 0) active++;
    if (W < o.minWeeks || active < o.minWeeks) {
      fits.push(null);
      reasons.push({ en: `only ${active} week(s) with spend (needs ${o.minWeeks})`, 'zh-CN': `仅 ${active} 周有花费（至少需要 ${o.minWeeks} 周）` });
      continue;
    }
    const f = fitChannel(wsp[c], wout[c], o);
    if (!f) {
      fits.push(null);
      reasons.push({ en: 'spend or outcome does not vary enough to fit a curve', 'zh-CN': '花费或结果变化不足，无法拟合曲线' });
    } else if (f.r2 < o.minR2) {
      fits.push(f);
      reasons.push({ en: `the curve explains only ${pct(f.r2, 'en', 0)} of the weekly variation`, 'zh-CN': `曲线仅解释了 ${pct(f.r2, 'zh-CN', 0)} 的周度波动` });
    } else {
      fits.push(f);
      reasons.push(null);
    }
  }
  const usable = names.map((_, c) => c).filter((c) => fits[c] !== null && reasons[c] === null);
  for (let c = 0; c < C; c++) {
    if (reasons[c]) {
      diagnostics.push(diag('marketing.response.channel-held', 'info', { en: `${names[c]}: held at current spend — ${reasons[c]!.en}.`, 'zh-CN': `${names[c]}：保持当前花费——${reasons[c]!['zh-CN']}。` }, { sheet: data.sheet, column: chCol.header, columnLetter: chCol.letter }));
    }
  }

  // Allocation over the channels with a usable curve; the others keep their current spend.
  const heldSpend = names.reduce((a, _, c) => a + (usable.includes(c) ? 0 : current[c]), 0);
  const currentTotal = current.reduce((a, b) => a + b, 0);
  const total = o.totalBudget ?? currentTotal;
  const budgetForFitted = Math.max(0, total - heldSpend);
  const lower = usable.map((c) => Math.max(0, o.bounds?.[names[c]]?.min ?? current[c] * o.minMultiple));
  const upper = usable.map((c, i) => Math.max(lower[i], o.bounds?.[names[c]]?.max ?? current[c] * o.maxMultiple));
  const curves = usable.map((c) => fits[c]!.curve);
  const alloc = allocateBudget(curves, budgetForFitted, lower, upper);
  if (!alloc.feasible && usable.length > 0) {
    diagnostics.push(diag('marketing.response.bounds-infeasible', 'warning', { en: 'The budget cannot be met within the spend bounds; spend is held at the nearest bound.', 'zh-CN': '在花费上下限内无法满足总预算，已按最接近的界限分配。' }));
  }
  const proposed = [...current];
  usable.forEach((c, i) => (proposed[c] = alloc.spend[i]));

  // Uncertainty: bootstrap the change of the fitted channels' total weekly outcome.
  const changes: number[] = [];
  if (usable.length > 0 && o.bootstrap > 0) {
    const boots = usable.map((c, i) => bootstrapCurves(wsp[c], wout[c], fits[c]!, o, o.seed + i));
    const B = Math.min(...boots.map((b) => b.length));
    for (let b = 0; b < B; b++) {
      let d = 0;
      usable.forEach((c, i) => (d += response(boots[i][b], proposed[c]) - response(boots[i][b], current[c])));
      changes.push(d);
    }
    changes.sort((a, b) => a - b);
  }
  const expected = usable.reduce((a, c) => a + response(fits[c]!.curve, proposed[c]) - response(fits[c]!.curve, current[c]), 0);
  const range: [number, number] | null = changes.length >= 10 ? [quantileSorted(changes, 0.05)!, quantileSorted(changes, 0.95)!] : null;

  // Tables.
  const tables: ResultTable[] = [];
  const outLabel: I18nText = isRevenue ? { en: 'revenue', 'zh-CN': '收入' } : { en: 'conversions', 'zh-CN': '转化' };
  const kindOut = isRevenue ? 'currency' : 'number';
  tables.push({
    name: 'allocation',
    title: { en: 'Weekly budget: current and proposed', 'zh-CN': '每周预算：当前与建议' },
    columns: [
      { key: 'channel', label: { en: 'Channel', 'zh-CN': '渠道' }, kind: 'text' },
      { key: 'current_spend', label: { en: 'Current weekly spend', 'zh-CN': '当前每周花费' }, kind: 'currency' },
      { key: 'proposed_spend', label: { en: 'Proposed weekly spend', 'zh-CN': '建议每周花费' }, kind: 'currency' },
      { key: 'change', label: { en: 'Change', 'zh-CN': '变化' }, kind: 'percent', highlight: 'colorScale' },
      { key: 'min_spend', label: { en: 'Minimum', 'zh-CN': '下限' }, kind: 'currency' },
      { key: 'max_spend', label: { en: 'Maximum', 'zh-CN': '上限' }, kind: 'currency' },
      { key: 'current_outcome', label: { en: `Weekly ${outLabel.en} now (model)`, 'zh-CN': `当前每周${outLabel['zh-CN']}（模型）` }, kind: kindOut, decimals: 2 },
      { key: 'proposed_outcome', label: { en: `Weekly ${outLabel.en} proposed (model)`, 'zh-CN': `建议方案每周${outLabel['zh-CN']}（模型）` }, kind: kindOut, decimals: 2 },
      { key: 'marginal_current', label: { en: isRevenue ? 'Marginal ROAS now' : 'Marginal conversions per unit spend now', 'zh-CN': isRevenue ? '当前边际 ROAS' : '当前每单位花费边际转化' }, kind: 'ratio', decimals: isRevenue ? 2 : 4 },
      { key: 'marginal_proposed', label: { en: isRevenue ? 'Marginal ROAS proposed' : 'Marginal conversions per unit spend proposed', 'zh-CN': isRevenue ? '建议方案边际 ROAS' : '建议方案每单位花费边际转化' }, kind: 'ratio', decimals: isRevenue ? 2 : 4 },
      { key: 'note', label: { en: 'Note', 'zh-CN': '说明' }, kind: 'text' },
    ],
    rows: names.map((name, c) => {
      const f = fits[c];
      const i = usable.indexOf(c);
      const useCurve = f !== null && reasons[c] === null;
      return {
        channel: name,
        current_spend: current[c],
        proposed_spend: proposed[c],
        change: ratio(proposed[c] - current[c], current[c]),
        min_spend: i >= 0 ? lower[i] : null,
        max_spend: i >= 0 ? upper[i] : null,
        current_outcome: useCurve ? f.baseline + response(f.curve, current[c]) : null,
        proposed_outcome: useCurve ? f.baseline + response(f.curve, proposed[c]) : null,
        marginal_current: useCurve ? marginalResponse(f.curve, current[c]) : null,
        marginal_proposed: useCurve ? marginalResponse(f.curve, proposed[c]) : null,
        note: reasons[c] ? reasons[c][lang] : '',
      } satisfies Record<string, CellValue>;
    }),
    note: { en: 'Empty cells: no usable curve for the channel (see its note); it keeps its current spend.', 'zh-CN': '空白单元格：该渠道没有可用曲线（见说明），保持当前花费。' },
  });
  tables.push({
    name: 'fits',
    title: { en: 'Fitted curves', 'zh-CN': '拟合曲线参数' },
    columns: [
      { key: 'channel', label: { en: 'Channel', 'zh-CN': '渠道' }, kind: 'text' },
      { key: 'weeks', label: { en: 'Weeks', 'zh-CN': '周数' }, kind: 'integer' },
      { key: 'carryover', label: { en: 'Carry-over (adstock α)', 'zh-CN': '延续效应（adstock α）' }, kind: 'number', decimals: 2 },
      { key: 'half_saturation', label: { en: 'Half-saturation weekly spend', 'zh-CN': '半饱和每周花费' }, kind: 'currency' },
      { key: 'slope', label: { en: 'Hill slope', 'zh-CN': 'Hill 斜率' }, kind: 'number', decimals: 2 },
      { key: 'max_outcome', label: { en: `Weekly ${outLabel.en} at saturation`, 'zh-CN': `饱和时每周${outLabel['zh-CN']}` }, kind: kindOut, decimals: 2 },
      { key: 'baseline', label: { en: 'Baseline', 'zh-CN': '基线' }, kind: kindOut, decimals: 2 },
      { key: 'r2', label: { en: 'R²', 'zh-CN': 'R²' }, kind: 'number', decimals: 2 },
    ],
    rows: names.map((name, c) => {
      const f = fits[c];
      return {
        channel: name,
        weeks: W,
        carryover: f ? f.alpha : null,
        half_saturation: f ? f.curve.kappa * f.curve.scale : null,
        slope: f ? f.curve.slope : null,
        max_outcome: f ? f.curve.beta : null,
        baseline: f ? f.baseline : null,
        r2: f ? f.r2 : null,
      };
    }),
  });
  // Curves for line charts: outcome at multiples of current spend.
  const curveRows: Record<string, CellValue>[] = [];
  for (let k = 0; k <= 30; k++) {
    const m = k / 10;
    const r: Record<string, CellValue> = { multiple: m };
    for (const c of usable) r[names[c]] = response(fits[c]!.curve, m * current[c]);
    curveRows.push(r);
  }
  tables.push({
    name: 'curves',
    title: { en: `Weekly ${outLabel.en} by spend (× current spend)`, 'zh-CN': `不同花费下的每周${outLabel['zh-CN']}（当前花费的倍数）` },
    columns: [{ key: 'multiple', label: { en: '× current spend', 'zh-CN': '当前花费倍数' }, kind: 'number', decimals: 1 }, ...usable.map((c) => ({ key: names[c], label: { en: names[c], 'zh-CN': names[c] }, kind: kindOut, decimals: 2 } as const))],
    rows: curveRows,
  });

  const figures: Figure[] = [
    { key: 'weekly_budget', label: { en: 'Weekly budget', 'zh-CN': '每周预算' }, value: total, kind: 'currency' },
    { key: 'expected_change', label: { en: `Expected change in weekly ${outLabel.en}`, 'zh-CN': `每周${outLabel['zh-CN']}预计变化` }, value: usable.length > 0 ? expected : null, kind: kindOut, decimals: 2, ...(range ? { note: { en: `90% of refits: ${num(range[0], 'en', 2)} to ${num(range[1], 'en', 2)}`, 'zh-CN': `90% 的重拟合结果：${num(range[0], 'zh-CN', 2)} 至 ${num(range[1], 'zh-CN', 2)}` } } : {}) },
    { key: 'channels_fitted', label: { en: 'Channels with a usable curve', 'zh-CN': '有可用曲线的渠道' }, value: usable.length, kind: 'integer' },
  ];
  const charts: ChartHint[] = [
    { name: 'allocation', title: { en: 'Current and proposed weekly spend', 'zh-CN': '当前与建议每周花费' }, kind: 'column', table: 'allocation', category: 'channel', series: ['current_spend', 'proposed_spend'] },
  ];
  if (usable.length > 0) charts.push({ name: 'curves', title: { en: 'Response curves', 'zh-CN': '响应曲线' }, kind: 'line', table: 'curves', category: 'multiple', series: usable.map((c) => names[c]) });

  // Findings.
  const findings: Finding[] = [];
  const fmtOut = (x: number, l: 'en' | 'zh-CN'): string => (isRevenue ? money(x, cur, l) : num(x, l, 1));
  if (usable.length > 0) {
    const moves = usable.map((c) => ({ c, d: proposed[c] - current[c] })).filter((m) => Math.abs(m.d) > 0.01 * (current[m.c] || 1));
    const up = moves.filter((m) => m.d > 0).sort((a, b) => b.d - a.d);
    const down = moves.filter((m) => m.d < 0).sort((a, b) => a.d - b.d);
    const H = o.horizonWeeks;
    const list = (ms: typeof up, l: 'en' | 'zh-CN'): string => ms.map((m) => `${names[m.c]} ${money(Math.abs(m.d), cur, l)}`).join(l === 'en' ? ', ' : '、');
    const rangeText = (l: 'en' | 'zh-CN'): string =>
      range
        ? l === 'en'
          ? `; in 90% of refits on resampled weeks the change lies between ${fmtOut(range[0] * H, l)} and ${fmtOut(range[1] * H, l)}`
          : `；在对周数据重抽样的重拟合中，90% 的结果介于 ${fmtOut(range[0] * H, l)} 与 ${fmtOut(range[1] * H, l)} 之间`
        : '';
    if (up.length > 0 && down.length > 0) {
      findings.push({
        key: 'reallocate',
        text: both((l) =>
          l === 'en'
            ? `Moving weekly budget from ${list(down, l)} to ${list(up, l)} is expected to add about ${fmtOut(expected * H, l)} of ${outLabel.en} over ${H} weeks at the same total spend${rangeText(l)}. The curves are fitted on past, non-randomised spend: they suggest, not prove; test the move before committing to it.`
            : `将每周预算从 ${list(down, l)} 调整到 ${list(up, l)}，在总花费不变的情况下，预计 ${H} 周内可增加约 ${fmtOut(expected * H, l)} 的${outLabel['zh-CN']}${rangeText(l)}。曲线基于过去的非随机花费拟合，只能提示方向而不能证明因果；请先小规模测试再全面调整。`,
        ),
        atStake: isRevenue ? Math.max(0, expected * H) : null,
        evidence: both((l) =>
          usable.map((c) => (l === 'en' ? `${names[c]}: marginal ${isRevenue ? 'ROAS' : 'return'} ${num(marginalResponse(fits[c]!.curve, current[c]), l, 2)} now, R² ${num(fits[c]!.r2, l, 2)}` : `${names[c]}：当前边际${isRevenue ? ' ROAS' : '回报'} ${num(marginalResponse(fits[c]!.curve, current[c]), l, 2)}，R² ${num(fits[c]!.r2, l, 2)}`)).join(l === 'en' ? '; ' : '；'),
        ),
        observational: true,
      });
    }
    if (isRevenue) {
      for (const c of usable) {
        const m = marginalResponse(fits[c]!.curve, current[c]);
        if (m < 1 && current[c] > 0) {
          // Spend above the point where the next unit returns exactly one unit of revenue.
          findings.push({
            key: `saturated:${names[c]}`,
            text: both((l) =>
              l === 'en'
                ? `${names[c]} is past the point of break-even: the next ${money(1, cur, l)} of weekly spend returns about ${money(m, cur, l)} in revenue (marginal ROAS ${num(m, l, 2)}, average ROAS ${num(ratio(response(fits[c]!.curve, current[c]), current[c]), l, 2)}).`
                : `${names[c]} 已超过盈亏平衡点：每周再多花 ${money(1, cur, l)}，约带来 ${money(m, cur, l)} 收入（边际 ROAS ${num(m, l, 2)}，平均 ROAS ${num(ratio(response(fits[c]!.curve, current[c]), current[c]), l, 2)}）。`,
            ),
            // What the last 10% of weekly spend costs beyond the revenue it brings, over the horizon.
            atStake: Math.max(0, 0.1 * current[c] - (response(fits[c]!.curve, current[c]) - response(fits[c]!.curve, 0.9 * current[c]))) * o.horizonWeeks,
            observational: true,
          });
        }
      }
    }
  }
  findings.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));

  const notes: I18nText[] = [
    { en: `Model per channel: weekly ${outLabel.en} = baseline + maximum × Hill(adstocked spend), geometric adstock over ${o.maxLag} weeks (normalised, so a steady spend counts at face value), fitted by bounded Levenberg–Marquardt.`, 'zh-CN': `每个渠道的模型：每周${outLabel['zh-CN']} = 基线 + 上限 × Hill（adstock 后花费），几何 adstock 延续 ${o.maxLag} 周（已归一化，稳定花费按原值计），用带边界的 Levenberg–Marquardt 拟合。` },
    { en: `Current spend is the mean weekly spend of the last ${recent} week(s). Proposed spend equalises marginal returns within ${pct(o.minMultiple, 'en', 0)}–${pct(o.maxMultiple, 'en', 0)} of current spend unless bounds are set.`, 'zh-CN': `当前花费为最近 ${recent} 周的平均每周花费。建议方案在当前花费的 ${pct(o.minMultiple, 'zh-CN', 0)}–${pct(o.maxMultiple, 'zh-CN', 0)} 范围内（除非另设上下限）使各渠道边际回报相等。` },
    { en: 'These curves are fitted on observational data: spend was not randomised, so seasonality, promotions and targeting can bend them. They suggest where to test, not what is proven. The range comes from refitting on resampled weekly residuals.', 'zh-CN': '这些曲线基于观察数据拟合：花费并非随机分配，季节、促销和定向都可能影响曲线。它们提示在哪里值得测试，而非已被证实的结论。区间来自对周残差重抽样后的重新拟合。' },
  ];
  return { kind: 'response', title: TITLE, sheetName: SHEET, question: QUESTION, figures, tables, charts, findings, notes, diagnostics };
}

/** Response curves and budget reallocation as a registered analysis (input: `campaigns`). */
export const responseCurves: AnalysisDef<ResponseOptions> = {
  kind: 'response',
  title: TITLE,
  question: QUESTION,
  requires: [{ kind: 'campaigns', roles: ['channel', 'spend'] }],
  needs: {
    en: `A campaigns sheet with channel, date, spend and revenue (or conversions), at least ${responseDefaults.minWeeks} weeks per channel.`,
    'zh-CN': `需要一张活动表：渠道、日期、花费以及收入（或转化），每个渠道至少 ${responseDefaults.minWeeks} 周数据。`,
  },
  defaults: responseDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ResponseOptions): AnalysisResult {
    const data = inputs.campaigns;
    if (!data) return emptyResult([diag('marketing.response.missing', 'error', { en: 'No campaigns table was given.', 'zh-CN': '没有提供活动表。' })]);
    return fitResponseAndBudget(data, common, options);
  },
};
