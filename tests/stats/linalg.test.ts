import { describe, expect, it } from 'vitest';
import { solveLinear } from '../../src/stats/linalg.js';

describe('solveLinear', () => {
  it('2×2 by hand: 2x + y = 3, x + 3y = 5 → (0.8, 1.4)', () => {
    const A = Object.freeze([Object.freeze([2, 1]), Object.freeze([1, 3])]);
    const x = solveLinear(A, [3, 5])!;
    expect(x[0]).toBeCloseTo(0.8, 12);
    expect(x[1]).toBeCloseTo(1.4, 12);
    expect(A).toEqual([
      [2, 1],
      [1, 3],
    ]);
  });
  it('needs pivoting (zero on the diagonal): [[0,1],[1,0]] x = [2,3] → (3, 2)', () => {
    expect(
      solveLinear(
        [
          [0, 1],
          [1, 0],
        ],
        [2, 3],
      ),
    ).toEqual([3, 2]);
  });
  it('3×3 (numpy.linalg.solve([[4,-2,1],[-2,4,-2],[1,-2,4]],[11,-16,17]) → [1,-2,3])', () => {
    const x = solveLinear(
      [
        [4, -2, 1],
        [-2, 4, -2],
        [1, -2, 4],
      ],
      [11, -16, 17],
    )!;
    [1, -2, 3].forEach((v, i) => {
      expect(x[i]).toBeCloseTo(v, 12);
    });
  });
  it('singular or mis-shaped: null; empty system: empty solution', () => {
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
    expect(solveLinear([[1, 2]], [1])).toBeNull();
    expect(solveLinear([], [])).toEqual([]);
  });
});
