/**
 * Reconciliation, phase 2 (match; pure): which invoice pays for which platform spend. Steps 2–5 of the
 * method in index.ts, each its own function: lines outside the period are set aside, platform lines are
 * grouped by channel × campaign × month, duplicate invoices are set aside, invoices are linked by name
 * (reference, alias, normalised, several, fuzzy, description, whole channel), the rest by amount, and
 * linked invoices and groups are joined into match sets (union-find). `matchLedger` runs them in order and
 * hands the sets to the statuses phase.
 */
import type { I18nText } from '../../../types.js';
import type { CommonOptions } from '../../registry-types.js';
import { ChannelResolver } from '../channels.js';
import { msg } from '../messages.js';
import { currencyDigits, scaleDecimal, toPpb, withinTolerance } from '../money.js';
import { monthLabel, monthRangeLabel } from '../months.js';
import { nameKey } from '../names.js';
import { Dsu, Matcher, push } from './matcher.js';
import type { Invoices, MatchMethod, Platform, Reconciliation, ReconciliationOptions, ReconPeriod } from './model.js';
import { buildSets, linesOf, refFailure, tally } from './statuses.js';
import { list } from '../../common/index.js';

/** The tolerance in minor units and parts per billion of platform spend. */
export interface Tolerance {
  absMinor: number;
  pctPpb: bigint;
}

/** Lines outside the reconciled period (1 = outside), and the first and last month of such platform lines. */
export interface Outside {
  platform: Uint8Array;
  invoice: Uint8Array;
  months: [number, number];
}

/** Platform lines grouped by channel × campaign × month ("groups"), with the campaign lookups. */
export interface Grouping {
  /** Group of each platform line, −1 when it takes no part. */
  groupOf: Int32Array;
  gEntity: number[];
  gMonth: number[];
  gSum: number[];
  count: number;
  matcher: Matcher;
  /** Channel key → the channel as first written on the platform sheet. */
  channelLabel: Map<string, string>;
  entitiesByChannel: Map<string, number[]>;
  resolver: ChannelResolver;
}

/** Per-invoice outcome of the name stages. */
export interface InvoiceLink {
  groups: number[];
  method: MatchMethod | null;
  /** Why there is no link (for `no_spend`). */
  why: I18nText | null;
  score?: number;
}

/** Invoices and groups joined by their links. */
export interface Component {
  inv: number[];
  groups: number[];
  pMinor: number;
  iMinor: number;
}

/**
 * Reconcile parsed inputs (inner function: computes only; `reconcileSpend` validates).
 *
 * @example
 *   matchLedger(platform, invoices, RECONCILIATION_DEFAULTS, { asOf, currency: 'CNY', lang: 'en' }, null)
 *   // → { sets: [{ id: 'M0001', status: 'variance', … }, …], lines: […], totals: { platform: { source: 1231030n, … } } }
 */
export function matchLedger(
  p: Platform,
  inv: Invoices,
  opts: ReconciliationOptions,
  common: CommonOptions,
  period: ReconPeriod | null,
): Reconciliation {
  const digits = currencyDigits(common.currency);
  const tol: Tolerance = {
    absMinor: scaleDecimal(String(Math.max(0, opts.toleranceAbs)), digits)?.value ?? 0,
    pctPpb: toPpb(opts.tolerancePct),
  };
  const outside = outsidePeriod(p, inv, period);
  const grp = groupPlatform(p, outside.platform, opts);
  const dupOf = opts.flagDuplicates ? findDuplicates(inv, outside.invoice) : new Int32Array(inv.n).fill(-1);
  const { links, claimed, pending } = linkByName(p, inv, grp, dupOf, outside.invoice);
  linkByAmount(p, inv, grp, links, pending, claimed, tol);
  const components = joinComponents(inv, grp, links);
  const { sets, setOfInvoice } = buildSets(components, p, inv, grp, links, {
    digits,
    currency: common.currency,
    opts,
    tol,
  });
  const lines = linesOf({ p, inv, sets, setOfInvoice, links, dupOf, outside, period, currency: common.currency });
  const ratesUsed = [...new Set([...p.ratesUsed, ...inv.ratesUsed])];
  return { digits, sets, lines, totals: tally(p, inv, lines), ratesUsed, period, outsideMonths: outside.months };
}

/** Lines outside the reconciled period take no part in the match (a line without a month stays in). */
export function outsidePeriod(p: Platform, inv: Invoices, period: ReconPeriod | null): Outside {
  const out: Outside = { platform: new Uint8Array(p.n), invoice: new Uint8Array(inv.n), months: [-1, -1] };
  if (period === null) return out;
  for (let i = 0; i < p.n; i++) {
    const m = p.month[i];
    if (p.minor[i] !== p.minor[i] || m < 0 || (m >= period.from && m <= period.to)) continue;
    out.platform[i] = 1;
    if (out.months[0] < 0 || m < out.months[0]) out.months[0] = m;
    if (m > out.months[1]) out.months[1] = m;
  }
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] === inv.minor[i] && inv.m0[i] >= 0 && (inv.m1[i] < period.from || inv.m0[i] > period.to))
      out.invoice[i] = 1;
  }
  return out;
}

/** Platform groups: channel × campaign × month, with each campaign registered for the name lookups. */
export function groupPlatform(p: Platform, outside: Uint8Array, opts: ReconciliationOptions): Grouping {
  const groupOf = new Int32Array(p.n).fill(-1);
  const gEntity: number[] = [];
  const gMonth: number[] = [];
  const gSum: number[] = [];
  const matcher = new Matcher(opts.minSimilarity, opts.aliases);
  const channelLabel = new Map<string, string>();
  const gIndex = new Map<string, number>();
  const entityIndex = new Map<string, number>();
  for (let i = 0; i < p.n; i++) {
    const v = p.minor[i];
    if (v !== v || outside[i]) continue;
    const ek = `${p.chKey[i]}\u0001${p.campKey[i]}`;
    let e = entityIndex.get(ek);
    if (e === undefined) {
      e = matcher.addEntity({
        ch: p.chKey[i],
        key: p.campKey[i],
        label: p.campLabel[i],
        chLabel: p.chLabel[i],
        groups: new Map(),
        prepared: null,
      });
      entityIndex.set(ek, e);
      if (!channelLabel.has(p.chKey[i])) channelLabel.set(p.chKey[i], p.chLabel[i]);
    }
    const gk = `${ek}\u0001${p.month[i]}`;
    let g = gIndex.get(gk);
    if (g === undefined) {
      g = gEntity.length;
      gIndex.set(gk, g);
      gEntity.push(e);
      gMonth.push(p.month[i]);
      gSum.push(0);
      matcher.entities[e].groups.set(p.month[i], g);
    }
    groupOf[i] = g;
    gSum[g] += v;
  }
  const entitiesByChannel = new Map<string, number[]>();
  for (let e = 0; e < matcher.entities.length; e++) push(entitiesByChannel, matcher.entities[e].ch, e);
  const resolver = new ChannelResolver(channelLabel.values(), opts.vendorChannels, opts.minSimilarity);
  return { groupOf, gEntity, gMonth, gSum, count: gEntity.length, matcher, channelLabel, entitiesByChannel, resolver };
}

/**
 * Possible duplicates among usable invoices: the row of the first line with the same vendor and invoice
 * number — or, without a number, the same vendor, reference, service period, amount and currency; −1 for
 * the first of each.
 */
export function findDuplicates(inv: Invoices, outside: Uint8Array): Int32Array {
  const dupOf = new Int32Array(inv.n).fill(-1);
  const seen = new Map<string, number>();
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] !== inv.minor[i] || outside[i]) continue;
    const vendor = nameKey(inv.chText[i] ?? '');
    const id = inv.id[i];
    const key =
      id !== null
        ? `id\u0001${vendor}\u0001${nameKey(id)}`
        : `c\u0001${vendor}\u0001${nameKey(inv.ref[i] ?? inv.desc[i] ?? '')}\u0001${inv.m0[i]}\u0001${inv.m1[i]}\u0001${inv.origMinor[i]}\u0001${inv.currency[i]}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else dupOf[i] = first;
  }
  return dupOf;
}

/** Whether group `g` falls in the months a..b (an unknown month on either side fits every month). */
function inRange(grp: Grouping, g: number, a: number, b: number): boolean {
  return a < 0 || grp.gMonth[g] < 0 || (grp.gMonth[g] >= a && grp.gMonth[g] <= b);
}

/** Outcome of the name stages: a link per usable invoice, the groups claimed, the invoices left for the amount stage. */
interface NameStage {
  links: (InvoiceLink | null)[];
  claimed: Uint8Array;
  pending: number[];
}

/** Name stages for every usable invoice that is neither a duplicate nor outside the period. */
export function linkByName(
  p: Platform,
  inv: Invoices,
  grp: Grouping,
  dupOf: Int32Array,
  outside: Uint8Array,
): NameStage {
  const stage: NameStage = {
    links: new Array<InvoiceLink | null>(inv.n).fill(null),
    claimed: new Uint8Array(grp.count),
    pending: [],
  };
  // Invoices without a reference share one group list per channel-period; its groups are claimed once.
  const channelPeriods = new Map<string, number[]>();
  const claimedLists = new Set<number[]>();
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] !== inv.minor[i] || dupOf[i] >= 0 || outside[i]) continue;
    const { link, toAmount } = linkInvoice(i, p, inv, grp, channelPeriods);
    if (toAmount) stage.pending.push(i);
    if (!claimedLists.has(link.groups)) for (const g of link.groups) stage.claimed[g] = 1;
    if (link.method === 'channel') claimedLists.add(link.groups);
    stage.links[i] = link;
  }
  return stage;
}

/** The channel scope an invoice is looked up in: '' without platform channels, its channel, or `*` (all). */
function invoiceScope(p: Platform, grp: Grouping, chText: string | null): { scope: string; resolved: boolean } {
  if (!p.hasChannel) return { scope: '', resolved: true };
  if (chText !== null) {
    const r = grp.resolver.resolve(chText);
    if (r.key !== null) return { scope: r.key, resolved: true };
  }
  return { scope: '*', resolved: false };
}

/** One invoice's name link; `toAmount` when it should still be tried by amount. */
function linkInvoice(
  i: number,
  p: Platform,
  inv: Invoices,
  grp: Grouping,
  channelPeriods: Map<string, number[]>,
): { link: InvoiceLink; toAmount: boolean } {
  const chText = inv.chText[i];
  const ref = inv.ref[i];
  const desc = inv.desc[i];
  const { scope, resolved } = invoiceScope(p, grp, chText);
  const link: InvoiceLink = { groups: [], method: null, why: null };
  let entities: number[] = [];
  if (ref !== null) {
    const h = grp.matcher.campaigns(scope, ref);
    if (h.ok) {
      entities = h.entities;
      link.method = h.method;
      if (h.score !== undefined) link.score = h.score;
    } else {
      link.why = refFailure(ref, scope, chText, resolved, h, grp.channelLabel);
    }
  }
  if (entities.length === 0 && desc !== null) {
    const d = grp.matcher.inDescription(scope, desc);
    if (d.length > 0) {
      entities = d;
      link.method = 'description';
      link.why = null;
    }
  }
  if (entities.length > 0) return { link, toAmount: campaignGroups(link, entities, inv.m0[i], inv.m1[i], grp) };
  if (ref === null && resolved) {
    channelGroups(link, scope, chText, inv.m0[i], inv.m1[i], grp, channelPeriods);
    return { link, toAmount: false };
  }
  if (!resolved && chText !== null && ref === null) link.why = msg('recon.why.vendor-unknown', { vendor: chText });
  else link.why ??= msg('recon.why.unknown-line');
  return { link, toAmount: resolved };
}

/**
 * The groups of the campaigns found that fall in the invoice's months. With none, the link says where the
 * campaigns do have spend and the invoice goes on to the amount stage (returns true).
 */
function campaignGroups(link: InvoiceLink, entities: number[], a: number, b: number, grp: Grouping): boolean {
  const spendMonths = new Set<number>();
  for (const e of entities) {
    for (const [m, g] of grp.matcher.entities[e].groups) {
      if (inRange(grp, g, a, b)) link.groups.push(g);
      else spendMonths.add(m);
    }
  }
  if (link.groups.length > 0) return false;
  const names = entities.map((e) => grp.matcher.entities[e].label);
  const months = [...spendMonths].sort((x, y) => x - y).map(monthLabel);
  link.why = msg('recon.why.no-spend-in-period', {
    campaigns: (l) => list(names, l, 3),
    period: monthRangeLabel(a, b),
    elsewhere: months.length ? msg('recon.why.spend-elsewhere', { months: (l) => list(months, l, 4) }) : msg('none'),
  });
  link.method = null;
  return true;
}

/**
 * No reference at all: the invoice covers its whole channel in its period (e.g. a monthly platform bill).
 * Many such invoices share one channel-period, so its groups are listed (and later joined) once.
 */
function channelGroups(
  link: InvoiceLink,
  scope: string,
  chText: string | null,
  a: number,
  b: number,
  grp: Grouping,
  channelPeriods: Map<string, number[]>,
): void {
  const ck = `${scope}\u0001${a}\u0001${b}`;
  let shared = channelPeriods.get(ck);
  if (!shared) {
    shared = [];
    for (const e of grp.entitiesByChannel.get(scope) ?? [])
      for (const g of grp.matcher.entities[e].groups.values()) if (inRange(grp, g, a, b)) shared.push(g);
    channelPeriods.set(ck, shared);
  }
  link.groups = shared;
  if (shared.length > 0) link.method = 'channel';
  else
    link.why = msg('recon.why.channel-no-spend', {
      channel: grp.channelLabel.get(scope) ?? chText ?? '',
      months: a < 0 ? msg('recon.why.any-month') : monthRangeLabel(a, b),
    });
}

/**
 * Amount stage: an unmatched invoice takes one unclaimed campaign-month (or campaign across its months) of
 * its channel whose spend is within tolerance, when exactly one is closest.
 */
export function linkByAmount(
  p: Platform,
  inv: Invoices,
  grp: Grouping,
  links: (InvoiceLink | null)[],
  pending: readonly number[],
  claimed: Uint8Array,
  tol: Tolerance,
): void {
  for (const i of pending) {
    const link = links[i]!;
    const chText = inv.chText[i];
    const scope = !p.hasChannel ? '' : chText !== null ? grp.resolver.resolve(chText).key : null;
    if (scope === null) continue;
    const best = closestByAmount(
      inv.minor[i],
      inv.m0[i],
      inv.m1[i],
      grp.entitiesByChannel.get(scope) ?? [],
      grp,
      claimed,
      tol,
    );
    if (best) {
      link.groups = best;
      link.method = 'amount';
      for (const g of best) claimed[g] = 1;
    }
  }
}

/** The unclaimed group, or all unclaimed groups of one campaign, closest to `target` within tolerance; null on a tie or none. */
function closestByAmount(
  target: number,
  a: number,
  b: number,
  entities: readonly number[],
  grp: Grouping,
  claimed: Uint8Array,
  tol: Tolerance,
): number[] | null {
  let best: number[] | null = null;
  let bestDiff = Infinity;
  let tie = false;
  for (const e of entities) {
    const gs: number[] = [];
    let sum = 0;
    for (const g of grp.matcher.entities[e].groups.values()) {
      if (claimed[g] || !inRange(grp, g, a, b)) continue;
      gs.push(g);
      sum += grp.gSum[g];
      const d = Math.abs(target - grp.gSum[g]);
      if (withinTolerance(target - grp.gSum[g], grp.gSum[g], tol.absMinor, tol.pctPpb)) {
        if (d < bestDiff) {
          bestDiff = d;
          best = [g];
          tie = false;
        } else if (d === bestDiff && (best === null || best.length !== 1 || best[0] !== g)) tie = true;
      }
    }
    if (gs.length > 1 && withinTolerance(target - sum, sum, tol.absMinor, tol.pctPpb)) {
      const d = Math.abs(target - sum);
      if (d < bestDiff) {
        bestDiff = d;
        best = gs;
        tie = false;
      } else if (d === bestDiff) tie = true;
    }
  }
  return best && !tie ? best : null;
}

/** Invoices and groups that share a link form one component (union-find); every group is in one, linked or not. */
export function joinComponents(inv: Invoices, grp: Grouping, links: readonly (InvoiceLink | null)[]): Component[] {
  const dsu = new Dsu(inv.n + grp.count);
  const joined = new Set<number[]>();
  for (let i = 0; i < inv.n; i++) {
    const l = links[i];
    if (!l || l.groups.length === 0) continue;
    if (joined.has(l.groups)) {
      // A shared channel-period list already joined: one link makes this invoice part of it.
      dsu.union(i, inv.n + l.groups[0]);
      continue;
    }
    for (const g of l.groups) dsu.union(i, inv.n + g);
    if (l.method === 'channel') joined.add(l.groups);
  }
  const comps = new Map<number, Component>();
  const compOf = (node: number): Component => {
    const r = dsu.find(node);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = { inv: [], groups: [], pMinor: 0, iMinor: 0 }));
    return c;
  };
  for (let i = 0; i < inv.n; i++) {
    if (links[i] === null) continue;
    const c = compOf(i);
    c.inv.push(i);
    c.iMinor += inv.minor[i];
  }
  for (let g = 0; g < grp.count; g++) {
    const c = compOf(inv.n + g);
    c.groups.push(g);
    c.pMinor += grp.gSum[g];
  }
  return [...comps.values()];
}
