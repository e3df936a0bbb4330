// The Options step's plain logic (addin/taskpane/components/options/option-values.ts): which options are asked
// first, typed numbers read in the user's unit and checked against their bounds, days as Excel serials, and
// map lines turned into the stored object. Expected values are worked by hand in each comment.
import { describe, expect, it } from 'vitest';
import {
  entriesToMap,
  isoToSerial,
  rateRows,
  readNumber,
  serialToIso,
  shownNumber,
  splitOptions,
} from '../../addin/taskpane/components/options/option-values.js';
import { ANALYSES } from '../../src/analysis/registry.js';
import { optionSpecsFor } from '../../src/analysis/option-specs.js';

describe('option values as the pane shows and stores them', () => {
  it('asks the marked questions first, the rest under Advanced; unmarked analyses show their first four', () => {
    const rfm = ANALYSES.find((a) => a.kind === 'rfm')!;
    const split = splitOptions(Object.keys(rfm.defaults), optionSpecsFor(rfm.defaults, rfm.optionSpecs));
    // rfm.ts marks segmentMap, monetary and refunds, in that order; its other four options are advanced.
    expect(split.basic).toEqual(['segmentMap', 'monetary', 'refunds']);
    expect(split.advanced).toEqual(['bins', 'frequency', 'business', 'maxCustomerRows']);
    expect(splitOptions(['a', 'b', 'c', 'd', 'e'], undefined)).toEqual({
      basic: ['a', 'b', 'c', 'd'],
      advanced: ['e'],
    });
  });

  it('reads percentages as fractions with no float noise, and checks bounds in the unit shown', () => {
    // 7 % → 0.07 exactly (7 / 100 in JS is 0.07); 0.07 shows as 7, not 7.000000000000001.
    expect(readNumber('7', { percent: true, min: 0, max: 1 })).toEqual({ value: 0.07 });
    expect(shownNumber(0.07, true)).toBe('7');
    expect(readNumber('5 %', { percent: true })).toEqual({ value: 0.05 });
    expect(readNumber('150', { percent: true, min: 0, max: 1 })).toEqual({
      problem: { key: 'range', min: '0', max: '100' },
    });
    expect(readNumber('0', { min: 1, step: 1 })).toEqual({ problem: { key: 'atLeast', min: '1' } });
    expect(readNumber('2.5', { min: 1, step: 1 })).toEqual({ problem: { key: 'whole' } });
    expect(readNumber('abc', {})).toEqual({ problem: { key: 'number' } });
    expect(readNumber('  ', { min: 0 })).toEqual({ value: null });
    expect(readNumber('1,000', { min: 0 })).toEqual({ value: 1000 });
  });

  it('turns days into Excel serials and back (Excel: =DATE(2025,12,31) is 46022)', () => {
    expect(isoToSerial('2025-12-31')).toBe(46022);
    expect(serialToIso(46022)).toBe('2025-12-31');
    expect(isoToSerial('31/12/2025')).toBeNull();
  });

  it('stores map lines as an object; a blank or repeated name is refused; no lines is {} or null', () => {
    expect(
      entriesToMap(
        [
          { key: ' Baidu ', value: 'search' },
          { key: 'Douyin', value: 'social' },
        ],
        false,
      ),
    ).toEqual({ value: { Baidu: 'search', Douyin: 'social' } });
    expect(
      entriesToMap(
        [
          { key: 'A', value: 1 },
          { key: 'A ', value: 2 },
        ],
        false,
      ),
    ).toEqual({
      problem: { key: 'twice', name: 'A' },
    });
    expect(entriesToMap([{ key: ' ', value: 1 }], false)).toEqual({ problem: { key: 'blankKey' } });
    expect(entriesToMap([], false)).toEqual({ value: {} });
    expect(entriesToMap([], true)).toEqual({ value: null });
  });

  it('shows exchange rates as rows whichever form the recipe holds', () => {
    expect(rateRows({ USD: 7.1, EUR: '7.8' })).toEqual([
      { currency: 'USD', rate: 7.1 },
      { currency: 'EUR', rate: '7.8' },
    ]);
    const list = [{ currency: 'USD', rate: 7, month: '2025-03' }];
    const rows = rateRows(list);
    expect(rows).toEqual(list);
    expect(rows[0]).not.toBe(list[0]);
  });
});
