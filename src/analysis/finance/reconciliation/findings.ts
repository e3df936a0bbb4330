/**
 * Reconciliation, phase 4 (present): findings, ranked by money at stake. The ten largest variances get
 * one finding each; the rest are summed by direction (over-invoiced: query before paying; under-invoiced:
 * accrue), never into one gross total. Then spend not invoiced, invoices without spend, duplicates and
 * lines without a usable amount.
 */
import type { Finding } from '../../types.js';
import type { Lang } from '../../../types.js';
import { msg } from '../messages.js';
import { fromMinor } from '../money.js';
import type { MatchSet, Reconciliation } from './model.js';
import { moneyExact } from '../../common/index.js';

/** How many variances get a finding of their own. */
const OWN_FINDINGS = 10;

export function reconFindings(r: Reconciliation, cur: string, d: number): Finding[] {
  const variances = r.sets.filter((s) => s.status === 'variance');
  const out = [
    ...varianceFindings(variances.slice(0, OWN_FINDINGS), d),
    ...restFindings(variances.slice(OWN_FINDINGS), cur, d),
    ...statusFindings(r, cur, d),
  ];
  out.sort((a, b) => (b.atStake ?? -1) - (a.atStake ?? -1));
  return out;
}

/** One finding per variance set, its absolute difference at stake. */
export function varianceFindings(sets: readonly MatchSet[], d: number): Finding[] {
  return sets.map((s) => ({
    key: `variance:${s.id}`,
    text: msg('recon.finding.variance', { id: s.id, reason: s.reason }),
    atStake: Math.abs(fromMinor(s.invoiceMinor - s.platformMinor, d)),
    evidence: msg('recon.finding.variance.evidence', {
      invoiceLines: s.invoiceRows.length,
      platformLines: s.platformRows.length,
    }),
  }));
}

/** The variances beyond the first ten, one finding per direction; each stake is its own direction's total. */
export function restFindings(rest: readonly MatchSet[], cur: string, d: number): Finding[] {
  const out: Finding[] = [];
  for (const over of [true, false]) {
    const sets = rest.filter((s) => s.invoiceMinor - s.platformMinor > 0 === over);
    if (sets.length === 0) continue;
    const v = fromMinor(
      sets.reduce((a, s) => a + Math.abs(s.invoiceMinor - s.platformMinor), 0),
      d,
    );
    const ids = (l: Lang): string =>
      `${sets
        .slice(0, 5)
        .map((s) => s.id)
        .join(l === 'en' ? ', ' : '、')}${sets.length > 5 ? ' …' : ''}`;
    out.push({
      key: over ? 'variance:rest-over' : 'variance:rest-under',
      text: msg(over ? 'recon.finding.rest-over' : 'recon.finding.rest-under', {
        count: sets.length,
        amount: (l) => moneyExact(v, cur, l),
      }),
      atStake: v,
      evidence: msg('recon.finding.rest.evidence', { ids }),
    });
  }
  return out;
}

/** Findings on the status totals: not invoiced, no spend, duplicates (money at stake) and excluded lines (none). */
function statusFindings(r: Reconciliation, cur: string, d: number): Finding[] {
  const out: Finding[] = [];
  const amount =
    (minor: bigint) =>
    (l: Lang): string =>
      moneyExact(fromMinor(minor, d), cur, l);
  const ni = r.totals.platform.byStatus.not_invoiced;
  if (ni.lines > 0 && ni.minor !== 0n) {
    const sets = r.sets.filter((s) => s.status === 'not_invoiced').length;
    out.push({
      key: 'not-invoiced',
      text: msg('recon.finding.not-invoiced', { amount: amount(ni.minor), sets, lines: ni.lines }),
      atStake: Math.abs(fromMinor(ni.minor, d)),
    });
  }
  const ns = r.totals.invoice.byStatus.no_spend;
  if (ns.lines > 0)
    out.push({
      key: 'no-spend',
      text: msg('recon.finding.no-spend', { lines: ns.lines, amount: amount(ns.minor) }),
      atStake: Math.abs(fromMinor(ns.minor, d)),
    });
  const du = r.totals.invoice.byStatus.duplicate;
  if (du.lines > 0)
    out.push({
      key: 'duplicates',
      text: msg('recon.finding.duplicates', { lines: du.lines, amount: amount(du.minor) }),
      atStake: Math.abs(fromMinor(du.minor, d)),
    });
  const ex = r.totals.invoice.byStatus.excluded.lines + r.totals.platform.byStatus.excluded.lines;
  if (ex > 0) out.push({ key: 'excluded', text: msg('recon.finding.excluded', { lines: ex }), atStake: null });
  return out;
}
