/**
 * Reconciliation, phase 3 (statuses; pure): step 5–6 of the method in index.ts. Each component of
 * invoices and campaign-months becomes a match set with its status and reason; every line of both
 * sheets takes its set's status, or its own (duplicate, outside the period, excluded); the tie-out
 * totals are summed in BigInt.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { I18nText, Lang } from '../../../types.js';
import { msg } from '../messages.js';
import { fromMinor, withinTolerance } from '../money.js';
import { monthLabel, monthRangeLabel } from '../months.js';
import type { Component, Grouping, InvoiceLink, Outside, Tolerance } from './match.js';
import {
  METHOD_LABELS,
  METHOD_RANK,
  RECON_STATUSES,
  STATUS_ORDER,
  type Invoices,
  type MatchMethod,
  type MatchSet,
  type Platform,
  type Reconciliation,
  type ReconciliationOptions,
  type ReconLine,
  type ReconPeriod,
  type ReconStatus,
  type StatusTotal,
} from './model.js';
import { excelRow, list, moneyExact, pct, ratio, rowRanges } from '../../common/index.js';

/** What a set's reason needs besides the set. */
export interface ReasonContext {
  digits: number;
  currency: string;
  opts: ReconciliationOptions;
  tol: Tolerance;
}

/** The status of a component from its two totals (minor units). */
export function setStatus(c: Pick<Component, 'inv' | 'groups' | 'iMinor' | 'pMinor'>, tol: Tolerance): ReconStatus {
  const diff = c.iMinor - c.pMinor;
  if (c.inv.length === 0) return 'not_invoiced';
  if (c.groups.length === 0) return 'no_spend';
  if (diff === 0) return 'matched';
  if (withinTolerance(diff, c.pMinor, tol.absMinor, tol.pctPpb)) return 'within_tolerance';
  return 'variance';
}

/** Platform lines of each group, in row order (compressed rows: lines of group g are `rows[start[g] … start[g+1])`). */
export function groupLines(p: Platform, grp: Grouping): { start: Int32Array; rows: Int32Array } {
  const G = grp.count;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < p.n; i++) if (grp.groupOf[i] >= 0) start[grp.groupOf[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const rows = new Int32Array(start[G]);
  const fill = start.slice(0, G);
  for (let i = 0; i < p.n; i++) if (grp.groupOf[i] >= 0) rows[fill[grp.groupOf[i]]++] = i;
  return { start, rows };
}

/**
 * Match sets from the components: problems first (STATUS_ORDER), larger differences first, then by first
 * row; ids `M0001` … in that order. Also the set of each invoice (−1 when none).
 */
export function buildSets(
  components: readonly Component[],
  p: Platform,
  inv: Invoices,
  grp: Grouping,
  links: readonly (InvoiceLink | null)[],
  ctx: ReasonContext,
): { sets: MatchSet[]; setOfInvoice: Int32Array } {
  const gl = groupLines(p, grp);
  const draft = components.map((c) => {
    const first = c.inv.length > 0 ? c.inv[0] : inv.n + gl.rows[gl.start[c.groups[0]]];
    return { c, status: setStatus(c, ctx.tol), diff: c.iMinor - c.pMinor, first };
  });
  draft.sort(
    (x, y) =>
      STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || Math.abs(y.diff) - Math.abs(x.diff) || x.first - y.first,
  );
  const width = Math.max(4, String(draft.length).length);
  const sets: MatchSet[] = [];
  const setOfInvoice = new Int32Array(inv.n).fill(-1);
  for (const { c, status } of draft) {
    const method = weakestMethod(c.inv, links);
    const ents = [...new Set(c.groups.map((g) => grp.gEntity[g]))];
    const campaigns = [...new Set(ents.map((e) => grp.matcher.entities[e].label))];
    const channels = [...new Set(ents.map((e) => grp.matcher.entities[e].chLabel))];
    const months = [...new Set(c.groups.map((g) => grp.gMonth[g]))]
      .sort((x, y) => x - y)
      .map((m) => (m < 0 ? '?' : monthLabel(m)));
    const platformRows: number[] = [];
    for (const g of c.groups) for (let k = gl.start[g]; k < gl.start[g + 1]; k++) platformRows.push(gl.rows[k]);
    platformRows.sort((x, y) => x - y);
    const invoiceRows = [...c.inv].sort((x, y) => x - y);
    const set: Omit<MatchSet, 'reason'> = {
      id: `M${String(sets.length + 1).padStart(width, '0')}`,
      status,
      method,
      invoiceRows,
      platformRows,
      platformMinor: c.pMinor,
      invoiceMinor: c.iMinor,
      channels,
      campaigns,
      months,
    };
    sets.push({ ...set, reason: setReason(set, links, ctx) });
    for (const i of c.inv) setOfInvoice[i] = sets.length - 1;
  }
  return { sets, setOfInvoice };
}

/** The weakest (highest-ranked) method among the invoices of a set, or null when none has one. */
function weakestMethod(invoiceRows: readonly number[], links: readonly (InvoiceLink | null)[]): MatchMethod | null {
  let method: MatchMethod | null = null;
  for (const i of invoiceRows) {
    const m = links[i]!.method;
    if (m !== null && (method === null || METHOD_RANK[m] > METHOD_RANK[method])) method = m;
  }
  return method;
}

/** Months of a set as one label: all of up to three, else first…last. */
export function monthRangeLabelList(months: readonly string[]): string {
  if (months.length === 0) return '';
  return months.length <= 3 ? months.join(', ') : `${months[0]}…${months[months.length - 1]}`;
}

/** Why a reference named no platform campaign: where it was looked for, and the closest name. */
export function refFailure(
  ref: string,
  scope: string,
  chText: string | null,
  chResolved: boolean,
  h: { why: 'none' | 'ambiguous'; closest: string | null; score: number },
  channels: Map<string, string>,
): I18nText {
  let where: I18nText;
  if (scope !== '*') where = msg('recon.why.scope.channel', { channel: channels.get(scope) ?? scope });
  else if (chText !== null && !chResolved) where = msg('recon.why.scope.vendor-unknown', { vendor: chText });
  else where = msg('recon.why.scope.any-channel');
  const closest = h.closest;
  let tail: I18nText;
  if (h.why === 'ambiguous' && closest) tail = msg('recon.why.closest.ambiguous', { closest });
  else if (closest) tail = msg('recon.why.closest.similar', { closest, score: Math.round(h.score * 100) / 100 });
  else tail = msg('period.end');
  return msg('recon.why.ref-unknown', { ref, scope: where, closest: tail });
}

/** The verdict of a match set, with its amounts, what it covers and how it was matched. */
export function setReason(
  s: Omit<MatchSet, 'reason'>,
  links: readonly (InvoiceLink | null)[],
  ctx: ReasonContext,
): I18nText {
  const { digits, currency: cur, opts } = ctx;
  const P = fromMinor(s.platformMinor, digits);
  const I = fromMinor(s.invoiceMinor, digits);
  const D = fromMinor(s.invoiceMinor - s.platformMinor, digits);
  const amount =
    (x: number) =>
    (l: Lang): string =>
      moneyExact(x, cur, l);
  const fuzzyScore = s.invoiceRows.map((i) => links[i]?.score).find((x) => x !== undefined);
  let how = msg('none');
  if (s.method && fuzzyScore !== undefined)
    how = msg('recon.reason.matched-by-similar', {
      method: METHOD_LABELS[s.method],
      score: Math.round(fuzzyScore * 100) / 100,
    });
  else if (s.method) how = msg('recon.reason.matched-by', { method: METHOD_LABELS[s.method] });
  const named = s.campaigns.length && s.campaigns.some((c) => c !== '') ? s.campaigns : s.channels;
  // Campaign and channel names are the user's own: quoted in Chinese, where a space would not set them apart.
  const what = (l: Lang): string =>
    `${list(l === 'en' ? named : named.map((x) => `“${x}”`), l, 3)} ${monthRangeLabelList(s.months)}`;
  const tolerance = msg('recon.reason.tolerance', {
    amount: amount(opts.toleranceAbs),
    share: (l) => pct(opts.tolerancePct, l, 2),
  });
  const params = { invoiced: amount(I), platform: amount(P), difference: amount(D), what, how, tolerance };
  switch (s.status) {
    case 'matched':
      return msg('recon.reason.matched', params);
    case 'within_tolerance':
      return msg('recon.reason.within-tolerance', params);
    case 'variance':
      return msg('recon.reason.variance', {
        ...params,
        direction: msg(D > 0 ? 'recon.reason.over-invoiced' : 'recon.reason.under-invoiced'),
        gap: amount(Math.abs(D)),
        share: (l) => pct(ratio(D, P), l, 2),
      });
    case 'not_invoiced':
      return msg('recon.reason.not-invoiced', {
        ...params,
        channels: (l) => s.channels.join(l === 'en' ? ', ' : '、') || '—',
      });
    case 'no_spend': {
      const first = s.invoiceRows.length > 0 ? links[s.invoiceRows[0]]?.why : null;
      return first ?? msg('recon.reason.no-spend');
    }
    default:
      return msg('none');
  }
}

/** Everything the lines need. */
export interface LineInputs {
  p: Platform;
  inv: Invoices;
  sets: readonly MatchSet[];
  setOfInvoice: Int32Array;
  links: readonly (InvoiceLink | null)[];
  dupOf: Int32Array;
  outside: Outside;
  period: ReconPeriod | null;
  currency: string;
}

/** Every line of both sheets exactly once: in set order (invoices, then platform lines), then duplicates, lines outside the period, excluded lines. */
export function linesOf(x: LineInputs): ReconLine[] {
  return [...setLines(x), ...duplicateLines(x), ...outOfPeriodLines(x), ...excludedLines(x)];
}

/** `Sheet rows 2–5, 9` for the lines a set holds on the other sheet; empty for none. */
function rowsText(rows: readonly number[], data: Dataset): I18nText {
  if (rows.length === 0) return msg('none');
  const ex = rows.map((r) => excelRow(data, r));
  return msg('recon.line.rows', { sheet: data.sheet, rows: (l) => rowRanges(ex, l) });
}

/** A text with `suffix` appended in each language where the text is not empty. */
function withSuffix(t: I18nText, suffix: I18nText): I18nText {
  return { en: t.en + (t.en ? suffix.en : ''), 'zh-CN': t['zh-CN'] + (t['zh-CN'] ? suffix['zh-CN'] : '') };
}

/** `(a, b, c …)` in English, `（a、b、c 等）` in Chinese; empty for no items. */
function listSuffix(items: readonly string[], max: number, tail = ''): I18nText {
  if (items.length === 0) return { en: '', 'zh-CN': '' };
  const shown = items.slice(0, max);
  const more = items.length > max;
  return {
    en: ` (${shown.join(', ')}${more ? ' …' : ''}${tail ? `; ${tail}` : ''})`,
    'zh-CN': `（${shown.join('、')}${more ? ' 等' : ''}${tail ? `，${tail}` : ''}）`,
  };
}

function setLines({ p, inv, sets, links }: LineInputs): ReconLine[] {
  const lines: ReconLine[] = [];
  for (const s of sets) {
    const ids = s.invoiceRows.map((r) => inv.id[r]).filter((x): x is string => x !== null);
    const campaignsText = listSuffix(s.campaigns, 3, monthRangeLabelList(s.months));
    const idSuffix = listSuffix(ids, 5);
    const invMatched = withSuffix(rowsText(s.platformRows, p.data), campaignsText);
    const platMatched = withSuffix(rowsText(s.invoiceRows, inv.data), idSuffix);
    for (const i of s.invoiceRows) {
      const own = s.status === 'no_spend' ? (links[i]!.why ?? s.reason) : s.reason;
      lines.push({
        side: 'invoice',
        row: i,
        status: s.status,
        setId: s.id,
        minor: inv.minor[i],
        reason: own,
        matchedTo: invMatched,
      });
    }
    for (const r of s.platformRows)
      lines.push({
        side: 'platform',
        row: r,
        status: s.status,
        setId: s.id,
        minor: p.minor[r],
        reason: s.reason,
        matchedTo: platMatched,
      });
  }
  return lines;
}

function duplicateLines({ inv, sets, setOfInvoice, dupOf }: LineInputs): ReconLine[] {
  const lines: ReconLine[] = [];
  for (let i = 0; i < inv.n; i++) {
    const o = dupOf[i];
    if (o < 0) continue;
    const row = excelRow(inv.data, o);
    const id = inv.id[i];
    lines.push({
      side: 'invoice',
      row: i,
      status: 'duplicate',
      setId: setOfInvoice[o] >= 0 ? sets[setOfInvoice[o]].id : null,
      minor: inv.minor[i],
      reason: id !== null ? msg('recon.line.duplicate-id', { id, row }) : msg('recon.line.duplicate-content', { row }),
      matchedTo: msg('recon.line.row', { sheet: inv.data.sheet, row }),
    });
  }
  return lines;
}

function outOfPeriodLines({ p, inv, outside, period }: LineInputs): ReconLine[] {
  if (period === null) return [];
  const reason = (what: I18nText): I18nText =>
    msg('recon.line.out-of-period', {
      what,
      range: monthRangeLabel(period.from, period.to),
      source: period.source === 'invoices' ? msg('recon.line.out-of-period.invoices') : msg('none'),
    });
  const lines: ReconLine[] = [];
  for (let i = 0; i < inv.n; i++) {
    if (!outside.invoice[i]) continue;
    const what = msg('recon.line.service-period', { range: monthRangeLabel(inv.m0[i], inv.m1[i]) });
    lines.push({
      side: 'invoice',
      row: i,
      status: 'out_of_period',
      setId: null,
      minor: inv.minor[i],
      reason: reason(what),
      matchedTo: msg('none'),
    });
  }
  for (let i = 0; i < p.n; i++) {
    if (!outside.platform[i]) continue;
    const what = msg('recon.line.month', { month: monthLabel(p.month[i]) });
    lines.push({
      side: 'platform',
      row: i,
      status: 'out_of_period',
      setId: null,
      minor: p.minor[i],
      reason: reason(what),
      matchedTo: msg('none'),
    });
  }
  return lines;
}

function excludedLines({ p, inv, currency }: LineInputs): ReconLine[] {
  const reason = (why: number, sheet: string): I18nText =>
    why === 2 ? msg('recon.line.no-rate', { currency }) : msg('recon.line.no-amount', { sheet });
  const lines: ReconLine[] = [];
  for (let i = 0; i < inv.n; i++) {
    if (inv.why[i] !== 0)
      lines.push({
        side: 'invoice',
        row: i,
        status: 'excluded',
        setId: null,
        minor: null,
        reason: reason(inv.why[i], inv.data.sheet),
        matchedTo: msg('none'),
      });
  }
  for (let i = 0; i < p.n; i++) {
    if (p.why[i] !== 0)
      lines.push({
        side: 'platform',
        row: i,
        status: 'excluded',
        setId: null,
        minor: null,
        reason: reason(p.why[i], p.data.sheet),
        matchedTo: msg('none'),
      });
  }
  return lines;
}

/** Totals, in BigInt: source totals straight from the parsed amounts, status sums from the lines. */
export function tally(
  p: Pick<Platform, 'minor' | 'n'>,
  inv: Pick<Invoices, 'minor' | 'n'>,
  lines: readonly ReconLine[],
): Reconciliation['totals'] {
  const zero = (): Record<ReconStatus, StatusTotal> =>
    Object.fromEntries(RECON_STATUSES.map((s) => [s, { lines: 0, minor: 0n }])) as Record<ReconStatus, StatusTotal>;
  const totals: Reconciliation['totals'] = {
    platform: { source: sumBig(p.minor), lines: p.n, byStatus: zero() },
    invoice: { source: sumBig(inv.minor), lines: inv.n, byStatus: zero() },
  };
  for (const l of lines) {
    const t = totals[l.side].byStatus[l.status];
    t.lines++;
    if (l.minor !== null) t.minor += BigInt(l.minor);
  }
  return totals;
}

/** Sum of the usable (non-NaN) values, exact: added in safe-integer chunks, then in BigInt, so no partial sum loses a cent. */
export function sumBig(a: Float64Array): bigint {
  let total = 0n;
  let acc = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    const next = acc + v;
    if (Number.isSafeInteger(next)) acc = next;
    else {
      total += BigInt(acc);
      acc = v;
    }
  }
  return total + BigInt(acc);
}
