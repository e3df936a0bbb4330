/**
 * Attribution, phase 3b: findings. Where last touch and the Markov model disagree most (by at least 5
 * points of share), in money when there is value. Sentences from `../messages.ts`.
 */
import type { Lang } from '../../../types.js';
import type { Finding } from '../../types.js';
import { money, num, pct } from '../../common/index.js';
import { msg } from '../messages.js';
import type { AttributionView } from './present.js';

export function modelGapFindings(v: AttributionView, totalValue: number, cur: string): Finding[] {
  const findings: Finding[] = [];
  const unit = v.hasValue ? 'revenue' : 'conversions';
  const fmt =
    (x: number) =>
    (l: Lang): string =>
      v.hasValue ? money(x, cur, l) : num(x, l, 1);
  for (const c of v.order) {
    const a = v.credit.last[unit][c];
    const b = v.credit.markov[unit][c];
    const sa = a / (v.hasValue ? totalValue || 1 : v.nConv);
    const sb = b / (v.hasValue ? totalValue || 1 : v.nConv);
    if (Math.abs(sa - sb) < 0.05) continue;
    findings.push({
      key: `model-gap:${v.paths.channels[c]}`,
      text: msg('attribution.modelGap', {
        name: v.paths.channels[c],
        lastShare: (l) => pct(sa, l),
        markovShare: (l) => pct(sb, l),
        last: fmt(a),
        markov: fmt(b),
        role: sb > sa ? msg('attribution.opens') : msg('attribution.closes'),
      }),
      atStake: v.hasValue ? Math.abs(a - b) : null,
      evidence: msg('attribution.removalEvidence', {
        effect: (l) => pct(v.removalEffect[c], l),
        touches: (l) => num(v.touches[c], l, 0),
      }),
      observational: true,
    });
  }
  findings.sort((x, y) => (y.atStake ?? 0) - (x.atStake ?? 0));
  return findings;
}
