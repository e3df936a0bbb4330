/**
 * Small dense linear algebra: solving A x = b by Gaussian elimination with partial pivoting.
 * Meant for the tens of unknowns of a Markov chain over channels, not for large systems.
 */

/**
 * Solve A x = b for square A (row-major `number[][]`). Returns null when A is singular to working
 * precision. Inputs are not modified.
 *
 * @example solveLinear([[2, 1], [1, 3]], [3, 5]) // → [0.8, 1.4]
 */
export function solveLinear(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  if (A.length !== n || A.some((r) => r.length !== n)) return null;
  const m = A.map((row, i) => [...row, b[i]]);
  let scale = 0;
  for (const row of A) for (const v of row) scale = Math.max(scale, Math.abs(v));
  const eps = (scale || 1) * 1e-13;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (Math.abs(m[piv][col]) <= eps) return null;
    if (piv !== col) [m[piv], m[col]] = [m[col], m[piv]];
    const p = m[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x.every(Number.isFinite) ? x : null;
}
