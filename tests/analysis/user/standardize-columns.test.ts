/**
 * `standardizeColumns` (the clusters' z-scores from feature columns) against the row-wise z-scores it replaced,
 * written out here as they were (means and sums of squares added row by row), to the last bit; and one case by hand.
 */
import { describe, expect, it } from 'vitest';
import { standardizeColumns } from '../../../src/stats/kmeans.js';
import { mulberry32 } from '../../../src/stats/random.js';

function plainRows(rows: number[][]): { data: number[][]; means: number[]; sds: number[] } {
  const n = rows.length,
    d = rows[0].length;
  const means = new Array<number>(d).fill(0),
    sds = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) means[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < d; j++) sds[j] += (r[j] - means[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const s = n > 1 ? Math.sqrt(sds[j] / (n - 1)) : 0;
    sds[j] = s > 0 ? s : 1;
  }
  return { data: rows.map((r) => r.map((v, j) => (v - means[j]) / sds[j])), means, sds };
}

describe('standardizeColumns', () => {
  it('by hand: [1, 2, 3] has mean 2 and STDEV.S 1 → [−1, 0, 1]; a constant column stays 0', () => {
    const z = standardizeColumns([new Float64Array([1, 2, 3]), new Float64Array([4, 4, 4])], 3);
    expect(z.data).toEqual([
      [-1, 0],
      [0, 0],
      [1, 0],
    ]);
    expect(z.means).toEqual([2, 4]);
    expect(z.sds).toEqual([1, 1]);
  });
  it('equals the row-wise z-scores to the last bit (skewed and signed columns, 10,001 rows)', () => {
    const rnd = mulberry32(21);
    const n = 10_001;
    const cols = [
      Float64Array.from({ length: n }, () => Math.log1p(Math.exp(rnd() * 8))),
      Float64Array.from({ length: n }, () => rnd() * 2e6 - 1e6),
      Float64Array.from({ length: n }, () => Math.floor(rnd() * 5)),
    ];
    const rows = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
    expect(standardizeColumns(cols, n)).toEqual(plainRows(rows));
  });
});
