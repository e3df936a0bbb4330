/**
 * placeColumns (src/source/duckdb/orders.ts): the per-range summary queries' columns copied into the whole summary's as
 * each range returns. Expected values written out by hand: the parts one after another.
 */
import { describe, expect, it } from 'vitest';
import { placeColumns } from '../../src/source/duckdb/orders.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('placeColumns', () => {
  it('puts each part after the previous one, in columns sized once from the row count', () => {
    let whole: Float64Array[] = [];
    whole = placeColumns(whole, 0, [f(1, 2), f(10, 20)], 5);
    const first = whole[0];
    whole = placeColumns(whole, 2, [f(3, 4, 5), f(30, 40, 50)], 5);
    expect(whole[0]).toBe(first); // not reallocated: the five rows were known
    expect([...whole[0]]).toEqual([1, 2, 3, 4, 5]);
    expect([...whole[1]]).toEqual([10, 20, 30, 40, 50]);
  });

  it('grows when the parts hold more rows than announced, keeping what was placed', () => {
    let whole = placeColumns([], 0, [f(1, 2)], 2);
    whole = placeColumns(whole, 2, [f(3)], 2);
    expect(whole[0].length).toBeGreaterThanOrEqual(3);
    expect([...whole[0].subarray(0, 3)]).toEqual([1, 2, 3]);
  });

  it('leaves zeros past the last part when fewer rows came', () => {
    const whole = placeColumns([], 0, [f(7)], 3);
    expect([...whole[0]]).toEqual([7, 0, 0]);
  });
});
