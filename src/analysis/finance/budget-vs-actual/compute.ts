/**
 * Budget against actual, phase 2 (compute; pure): channel names tied to the budget's, amounts gathered
 * into channel × month cells (invoices spread over their service months), each cell paced against the
 * as-of date, and the totals the figures show. Money in integer minor units throughout.
 */
import { ChannelResolver } from '../channels.js';
import { divRound } from '../money.js';
import { monthShares } from '../service-period.js';
import { nameKey } from '../names.js';
import type { BudgetSources } from './read.js';
import type { BudgetFlag, BudgetOptions, Calendar, Cell, Channels, Paced, PacingRow, State } from './model.js';

/**
 * Pacing of one channel-month (inner function, minor units). `elapsed` counts the as-of day itself.
 * @example pace(10_000_00, 4_000_00, 10, 30, 'current', 0.1)
 *   // expected 3,333.33; projected 4,000 ÷ 10 × 30 = 12,000.00 → over
 */
export function pace(
  budget: number,
  actual: number,
  elapsed: number,
  days: number,
  state: State,
  threshold: number,
  hasBudget = true,
): PacingRow {
  if (state === 'future')
    return {
      state,
      actual,
      expected: null,
      projected: null,
      flag: actual !== 0 && !hasBudget ? 'no_budget' : 'future',
    };
  let expected: number | null = null;
  let projected = actual;
  if (state === 'current') {
    expected = Number(divRound(BigInt(budget) * BigInt(elapsed), BigInt(days)));
    projected = Number(divRound(BigInt(actual) * BigInt(days), BigInt(elapsed)));
  }
  let flag: BudgetFlag = 'on_track';
  if (!hasBudget || budget === 0) flag = projected !== 0 ? 'no_budget' : 'on_track';
  else if (projected > budget * (1 + threshold)) flag = 'over';
  else if (projected < budget * (1 - threshold)) flag = 'under';
  return { state, actual, expected, projected, flag };
}

/**
 * The month in progress when its actual is a monthly total: compared with the budget as it stands, with no
 * pace and no projection (a partial month's total is not one day's spend). Over when the total already
 * exceeds the budget band; otherwise on track, since the month is not over.
 * @example compareMonth(10_000_00, 12_000_00, 0.1) // → { state: 'current', actual: 1_200_000, expected: null, projected: null, flag: 'over', monthly: true }
 */
export function compareMonth(budget: number, actual: number, threshold: number, hasBudget = true): PacingRow {
  let flag: BudgetFlag = 'on_track';
  if (!hasBudget || budget === 0) flag = actual !== 0 ? 'no_budget' : 'on_track';
  else if (actual > budget * (1 + threshold)) flag = 'over';
  return { state: 'current', actual, expected: null, projected: null, flag, monthly: true };
}

/**
 * Channel keys: the budget's channel names are the reference; a platform or invoice name is tied to one of
 * them (vendor map, same name, shared words, similar name) or kept as a channel of its own.
 */
export function budgetChannels(
  budgetChannelTexts: readonly (string | null)[],
  byChannel: boolean,
  opts: Pick<BudgetOptions, 'vendorChannels' | 'minSimilarity'>,
): Channels {
  const labels = new Map<string, string>();
  for (const c of budgetChannelTexts) if (c !== null && !labels.has(nameKey(c))) labels.set(nameKey(c), c);
  const resolver = new ChannelResolver(labels.values(), opts.vendorChannels, opts.minSimilarity);
  const channelOf = (text: string | null): string => {
    if (!byChannel || text === null) return '';
    const r = resolver.resolve(text);
    if (r.key !== null) return r.key;
    const k = nameKey(text);
    if (!labels.has(k)) labels.set(k, text);
    return k;
  };
  return { byChannel, labels, channelOf };
}

/**
 * `minor` spread evenly over `k` months to the unit: the leftover units go to the first months, the sign
 * kept. Excel: `=INT(ABS(x)/k) + (month ≤ MOD(ABS(x), k))`, times `SIGN(x)`.
 * @example spreadEvenly(10_000, 3) // → [3_334, 3_333, 3_333]
 */
export function spreadEvenly(minor: number, k: number): number[] {
  const sign = minor < 0 ? -1 : 1;
  const abs = Math.abs(minor);
  const base = Math.floor(abs / k);
  const extra = abs - base * k;
  return Array.from({ length: k }, (_, j) => sign * (base + (j < extra ? 1 : 0)));
}

/** Budget, platform spend and invoiced amounts gathered by channel × month (key `channel\u0001month`). */
export function gatherCells(src: BudgetSources, channels: Channels): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const cell = (ch: string, m: number): Cell => {
    const key = `${ch}\u0001${m}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { budget: 0, platform: 0, invoiced: 0, hasBudget: false }));
    return c;
  };
  const b = src.budget;
  for (let i = 0; i < b.month.length; i++) {
    const v = b.minor[i];
    if (b.month[i] < 0 || v !== v) continue;
    const c = cell(channels.channelOf(b.channel[i]), b.month[i]);
    c.budget += v;
    c.hasBudget = true;
  }
  const p = src.platform;
  if (p) {
    for (let i = 0; i < p.channel.length; i++) {
      const v = p.minor[i];
      if (p.month[i] < 0 || v !== v) continue;
      cell(channels.channelOf(p.channel[i]), p.month[i]).platform += v;
    }
  }
  const inv = src.invoiced;
  if (inv) {
    for (let i = 0; i < inv.channel.length; i++) {
      const v = inv.minor[i];
      if (inv.m0[i] < 0 || v !== v) continue;
      const key = channels.channelOf(inv.channel[i]);
      // A day range (one "Service period" text) is shared by days; start/end months evenly, as before.
      const parts = Number.isNaN(inv.service.d0[i])
        ? spreadEvenly(v, inv.m1[i] - inv.m0[i] + 1)
        : monthShares(inv.service, i, v);
      parts.forEach((part, j) => (cell(key, inv.m0[i] + j).invoiced += part));
    }
  }
  return cells;
}

/**
 * Every cell paced against the as-of date, by month then channel label; with `monthly` (the actuals are one
 * row per month), the month in progress is compared as it stands instead (compareMonth).
 */
export function paceCells(
  cells: ReadonlyMap<string, Cell>,
  labels: ReadonlyMap<string, string>,
  cal: Calendar,
  opts: Pick<BudgetOptions, 'actual' | 'flagThreshold'>,
  monthly = false,
): Paced[] {
  const entries = [...cells.entries()].map(([k, c]) => {
    const [ch, m] = k.split('\u0001');
    return { ch, m: Number(m), c };
  });
  entries.sort((x, y) => x.m - y.m || (labels.get(x.ch) ?? '').localeCompare(labels.get(y.ch) ?? ''));
  return entries.map(({ ch, m, c }) => {
    const state: State = m < cal.current ? 'closed' : m === cal.current ? 'current' : 'future';
    const actual = opts.actual === 'platform' ? c.platform : c.invoiced;
    const p =
      state === 'current' && monthly
        ? compareMonth(c.budget, actual, opts.flagThreshold, c.hasBudget)
        : pace(c.budget, actual, cal.elapsed, cal.days, state, opts.flagThreshold, c.hasBudget);
    return { ch, m, c, p };
  });
}

/** All channels of a month added up, in month order: the chart's series. */
export function monthTotals(
  paced: readonly Paced[],
): { m: number; budget: number; platform: number; invoiced: number; projected: number; monthly: boolean }[] {
  type Total = { budget: number; platform: number; invoiced: number; projected: number; monthly: boolean };
  const byMonth = new Map<number, Total>();
  for (const { m, c, p } of paced) {
    let t = byMonth.get(m);
    if (!t) byMonth.set(m, (t = { budget: 0, platform: 0, invoiced: 0, projected: 0, monthly: false }));
    t.budget += c.budget;
    t.platform += c.platform;
    t.invoiced += c.invoiced;
    t.projected += p.projected ?? 0;
    if (p.monthly) t.monthly = true;
  }
  return [...byMonth.entries()].sort((a, b) => a[0] - b[0]).map(([m, t]) => ({ m, ...t }));
}

/** The month in progress and the months up to it, summed (minor units). */
export function headline(
  paced: readonly Paced[],
  current: number,
): {
  budget: number;
  actual: number;
  projected: number;
  expected: number;
  budgetToDate: number;
  actualToDate: number;
  /** The month in progress holds monthly totals: no pace, no projection. */
  monthly: boolean;
} {
  const sum = (xs: readonly Paced[], f: (x: Paced) => number): number => xs.reduce((a, x) => a + f(x), 0);
  const cur = paced.filter((x) => x.m === current);
  const toDate = paced.filter((x) => x.m <= current);
  return {
    budget: sum(cur, (x) => x.c.budget),
    actual: sum(cur, (x) => x.p.actual),
    projected: sum(cur, (x) => x.p.projected ?? 0),
    expected: sum(cur, (x) => x.p.expected ?? 0),
    budgetToDate: sum(toDate, (x) => x.c.budget),
    actualToDate: sum(toDate, (x) => x.p.actual),
    monthly: cur.some((x) => x.p.monthly),
  };
}
