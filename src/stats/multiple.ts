/**
 * Multiple-comparison correction.
 */

/**
 * Holm's step-down adjusted p-values (R `p.adjust(p, "holm")`): sort ascending, multiply the i-th
 * smallest by (m − i), take the running maximum, cap at 1. Nulls stay null and do not count in m.
 *
 * @example holm([0.01, 0.04, 0.03]) // → [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null && Number.isFinite(p)) idx.push(i);
  });
  idx.sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach((i, rank) => {
    const adj = Math.min(1, (m - rank) * (pValues[i] as number));
    running = Math.max(running, adj);
    out[i] = running;
  });
  return out;
}
