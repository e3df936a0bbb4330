/**
 * Attribution's split-out path phases on plain arrays: grouping rows by customer and time, cutting paths
 * at conversions, conversion flags and path counts. Expected values are worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { pathCounts } from '../../../src/analysis/marketing/attribution/present.js';
import {
  conversionEvents,
  convertedFlags,
  customerOrder,
  cutPaths,
} from '../../../src/analysis/marketing/attribution/read.js';

describe('attribution paths', () => {
  it('rows by customer, then by time (unknown times last, ties in sheet order)', () => {
    const g = customerOrder(Int32Array.of(1, 0, 1, 0, -1, 0), 2, Float64Array.of(5, 9, 3, NaN, 1, 9));
    expect(Array.from(g.off)).toEqual([0, 3, 5]);
    expect(Array.from(g.order)).toEqual([1, 5, 3, 2, 0]);
  });

  it('a path ends at each conversion; touches after the last one form a non-converting path', () => {
    // One customer: A, B (converts, value 30), C, then a conversion row with no channel, then D.
    const chOf = Int32Array.of(0, 1, 2, -1, 3);
    const isConv = Uint8Array.of(0, 1, 0, 1, 0);
    const value = Float64Array.of(NaN, 30, NaN, 20, NaN);
    const p = cutPaths(
      ['A', 'B', 'C', 'D'],
      { chOf, isConv, time: null, value },
      { off: Int32Array.of(0, 5), order: Int32Array.of(0, 1, 2, 3, 4) },
    );
    expect(Array.from(p.start)).toEqual([0, 2, 3, 4]);
    expect(Array.from(p.converted)).toEqual([1, 1, 0]);
    expect(Array.from(p.value)).toEqual([30, 20, 0]);
    expect(Array.from(p.touch)).toEqual([0, 1, 2, 3]);
    expect(pathCounts(p, 20)).toEqual([
      ['A > B', 1, 1],
      ['C', 1, 1],
      ['D', 1, 0],
    ]);
  });

  it('conversion flags: true, positive numbers, yes-words; events that read like a conversion', () => {
    expect(Array.from(convertedFlags([true, 1, 0, 'yes', '是', 'no', null]))).toEqual([1, 1, 0, 1, 1, 0, 0]);
    expect(Array.from(conversionEvents(['page view', 'purchase', '下单', 'click']))).toEqual([0, 1, 1, 0]);
  });
});
