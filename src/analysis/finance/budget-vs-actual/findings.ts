/**
 * Budget against actual, findings: one per channel, year and direction (over budget, under budget, spend
 * without budget), with the month detail in the evidence (and in the table). The month in progress has
 * its own projection finding while it is in progress; once its last day is the as-of date it counts as a
 * closed month. Years before the as-of year describe the past (descriptive); the as-of year's are decisions.
 */
import type { Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { msg } from '../messages.js';
import { fromMinor } from '../money.js';
import { monthLabel } from '../months.js';
import type { Calendar, Channels, Paced } from './model.js';
import { moneyExact, pct, ratio } from '../../common/index.js';

type RunKind = 'overspent' | 'underspent' | 'no-budget';

/** Months of one channel, year and direction that a finding gathers. */
export interface Run {
  kind: RunKind;
  ch: string;
  year: number;
  months: { m: number; budget: number; actual: number }[];
}

/** Closed months of one channel and year: how many, and their budget and actual (minor units). */
export interface ClosedYear {
  n: number;
  budget: number;
  actual: number;
}

/** What the finding sentences need. */
interface Wording {
  channels: Channels;
  cal: Calendar;
  currency: string;
  digits: number;
}

export function budgetFindings(
  paced: readonly Paced[],
  channels: Channels,
  cal: Calendar,
  currency: string,
  digits: number,
): Finding[] {
  const w: Wording = { channels, cal, currency, digits };
  const complete = cal.elapsed >= cal.days;
  const out: Finding[] = [];
  for (const x of paced) {
    if (x.m === cal.current && !complete && (x.p.flag === 'over' || x.p.flag === 'under') && x.p.projected !== null)
      out.push(pacingFinding(x, x.p.projected, w));
    if (x.m === cal.current && !complete && x.p.monthly && x.p.flag === 'over') out.push(monthlyOverFinding(x, w));
  }
  const { runs, closed } = gatherRuns(paced, cal);
  for (const r of runs) out.push(runFinding(r, closed.get(`${r.ch}\u0001${r.year}`), w));
  out.sort((a, b) => (b.atStake ?? 0) - (a.atStake ?? 0));
  return out;
}

function channelName(ch: string, channels: Channels): (l: Lang) => string {
  return (l) => (channels.byChannel ? (channels.labels.get(ch) ?? ch) : msg('budget.all-channels')[l]);
}

/** The month in progress projected over or under its budget. */
function pacingFinding({ ch, m, c, p }: Paced, projected: number, w: Wording): Finding {
  const gap = fromMinor(projected - c.budget, w.digits);
  const amount =
    (minor: number) =>
    (l: Lang): string =>
      moneyExact(fromMinor(minor, w.digits), w.currency, l);
  return {
    key: `pacing:${ch}`,
    text: msg('budget.finding.pacing', {
      channel: channelName(ch, w.channels),
      direction: msg(p.flag === 'over' ? 'budget.pacing.over' : 'budget.pacing.under'),
      month: monthLabel(m),
      spent: amount(p.actual),
      day: w.cal.elapsed,
      days: w.cal.days,
      projected: amount(projected),
      budget: amount(c.budget),
      gap: (l) => moneyExact(gap, w.currency, l),
    }),
    atStake: Math.abs(gap),
  };
}

/** The month in progress, a monthly total already past its budget band (no projection). */
function monthlyOverFinding({ ch, m, c, p }: Paced, w: Wording): Finding {
  const gap = fromMinor(p.actual - c.budget, w.digits);
  const amount =
    (minor: number) =>
    (l: Lang): string =>
      moneyExact(fromMinor(minor, w.digits), w.currency, l);
  return {
    key: `monthly:${ch}`,
    text: msg('budget.finding.monthly-over', {
      channel: channelName(ch, w.channels),
      month: monthLabel(m),
      spent: amount(p.actual),
      budget: amount(c.budget),
      gap: (l) => moneyExact(gap, w.currency, l),
    }),
    atStake: Math.abs(gap),
  };
}

/**
 * Flagged months gathered per direction, channel and year (in order of first appearance), and the closed
 * months per channel and year they are counted against. Closed: months before the current one, and the
 * current one when its last day is the as-of date. Spend without budget in the month in progress counts too.
 */
export function gatherRuns(paced: readonly Paced[], cal: Calendar): { runs: Run[]; closed: Map<string, ClosedYear> } {
  const complete = cal.elapsed >= cal.days;
  const closed = new Map<string, ClosedYear>();
  const runs = new Map<string, Run>();
  const add = (kind: RunKind, ch: string, m: number, budget: number, actual: number): void => {
    const year = Math.floor(m / 12);
    const k = `${kind}\u0001${ch}\u0001${year}`;
    let r = runs.get(k);
    if (!r) runs.set(k, (r = { kind, ch, year, months: [] }));
    r.months.push({ m, budget, actual });
  };
  for (const { ch, m, c, p } of paced) {
    const isClosed = m < cal.current || (m === cal.current && complete);
    if (m === cal.current && !complete && p.flag === 'no_budget') add('no-budget', ch, m, c.budget, p.actual);
    if (!isClosed) continue;
    const ck = `${ch}\u0001${Math.floor(m / 12)}`;
    let t = closed.get(ck);
    if (!t) closed.set(ck, (t = { n: 0, budget: 0, actual: 0 }));
    t.n++;
    t.budget += c.budget;
    t.actual += p.actual;
    if (p.flag === 'over') add('overspent', ch, m, c.budget, p.actual);
    else if (p.flag === 'under') add('underspent', ch, m, c.budget, p.actual);
    else if (p.flag === 'no_budget') add('no-budget', ch, m, c.budget, p.actual);
  }
  return { runs: [...runs.values()], closed };
}

/** The finding of one run: spend without budget, or over/under budget against the closed months of its year. */
function runFinding(r: Run, t: ClosedYear | undefined, w: Wording): Finding {
  const asOfYear = Math.floor(w.cal.current / 12);
  const months = [...r.months].sort((x, y) => x.m - y.m);
  const descriptive = r.year < asOfYear ? { descriptive: true } : {};
  const channel = channelName(r.ch, w.channels);
  if (r.kind === 'no-budget') {
    const v = fromMinor(
      months.reduce((a, x) => a + x.actual, 0),
      w.digits,
    );
    return {
      key: `no-budget:${r.ch}:${r.year}`,
      text: msg('budget.finding.no-budget', {
        channel,
        amount: (l) => moneyExact(v, w.currency, l),
        count: months.length,
        year: r.year,
        months: (l) => months.map((x) => monthLabel(x.m)).join(l === 'en' ? ', ' : '、'),
      }),
      atStake: Math.abs(v),
      ...descriptive,
    };
  }
  // The as-of year is a part year unless the as-of date is its last day.
  const partYear = r.year === asOfYear && !(w.cal.current % 12 === 11 && w.cal.elapsed >= w.cal.days);
  const share = t ? ratio(t.actual, t.budget) : null;
  const gap = fromMinor(Math.abs(months.reduce((a, x) => a + x.actual - x.budget, 0)), w.digits);
  const detail = (l: Lang): string =>
    months.map((x) => `${monthLabel(x.m)} ${pct(ratio(x.actual, x.budget), l, 0)}`).join(l === 'en' ? ', ' : '、');
  let shareText = msg('none');
  if (share !== null)
    shareText = msg(partYear ? 'budget.finding.share-to-date' : 'budget.finding.share', {
      share: (l) => pct(share, l, 0),
      year: r.year,
    });
  return {
    key: `${r.kind}:${r.ch}:${r.year}`,
    text: msg(r.kind === 'overspent' ? 'budget.finding.overspent' : 'budget.finding.underspent', {
      channel,
      count: months.length,
      closed: t?.n ?? 0,
      months: msg(partYear ? 'budget.finding.months.part-year' : 'budget.finding.months.year', { year: r.year }),
      year: r.year,
      part: msg(partYear ? 'budget.finding.part-year' : 'none'),
      gap: (l) => moneyExact(gap, w.currency, l),
      share: shareText,
    }),
    atStake: gap,
    evidence: msg('budget.finding.evidence', { months: detail }),
    ...descriptive,
  };
}
