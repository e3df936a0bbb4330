/**
 * The one order in which findings are shown (Dashboard, task pane): effects and decisions before
 * descriptions of the data (`Finding.descriptive`), then the largest money at stake first; findings
 * without an amount after those with one. Use with a stable sort to keep ties in their given order.
 */
import type { Finding } from '../analysis/types.js';

const stake = (f: Pick<Finding, 'atStake'>): number =>
  typeof f.atStake === 'number' && Number.isFinite(f.atStake) ? f.atStake : Number.NEGATIVE_INFINITY;

export function compareFindings(
  a: Pick<Finding, 'atStake' | 'descriptive'>,
  b: Pick<Finding, 'atStake' | 'descriptive'>,
): number {
  return Number(a.descriptive === true) - Number(b.descriptive === true) || stake(b) - stake(a);
}
