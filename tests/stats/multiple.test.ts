import { describe, expect, it } from 'vitest';
import { holm } from '../../src/stats/multiple.js';

describe('Holm correction', () => {
  it('R: p.adjust(c(0.01, 0.04, 0.03), "holm") → 0.03 0.06 0.06', () => {
    const p = Object.freeze([0.01, 0.04, 0.03]);
    const r = holm(p);
    expect(r[0]).toBeCloseTo(0.03, 12);
    expect(r[1]).toBeCloseTo(0.06, 12);
    expect(r[2]).toBeCloseTo(0.06, 12);
    expect(p).toEqual([0.01, 0.04, 0.03]);
  });
  it('R: p.adjust(c(0.5, 0.9), "holm") → 1 1 (capped at 1, then kept monotone)', () => {
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });
  it('R: p.adjust(c(0.001, 0.2, 0.9), "holm") → 0.003 0.4 0.9', () => {
    const r = holm([0.001, 0.2, 0.9]);
    expect(r[0]).toBeCloseTo(0.003, 12);
    expect(r[1]).toBeCloseTo(0.4, 12);
    expect(r[2]).toBeCloseTo(0.9, 12);
  });
  it('nulls stay null and do not count; empty stays empty', () => {
    expect(holm([null, 0.02])).toEqual([null, 0.02]);
    expect(holm([])).toEqual([]);
  });
});
