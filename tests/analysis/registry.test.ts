// The registry decides which analyses a user's data supports; these pin that decision.
import { describe, expect, it } from 'vitest';
import { ANALYSES, canRun, findAnalysis } from '../../src/analysis/registry.js';
import { makeDataset } from './helpers.js';

const orders = makeDataset('orders', [
  { name: 'customer', role: 'customer_id', values: ['a', 'b'], type: 'identifier' },
  { name: 'date', role: 'date', values: [45000, 45001], type: 'date' },
  { name: 'amount', role: 'amount', values: [10, 20], type: 'currency' },
]);

describe('analysis registry', () => {
  it('lists every analysis once, each with text in both languages', () => {
    const kinds = ANALYSES.map((a) => a.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const a of ANALYSES) {
      expect(
        a.title.en && a.title['zh-CN'] && a.question.en && a.question['zh-CN'] && a.needs.en && a.needs['zh-CN'],
      ).toBeTruthy();
    }
    expect(findAnalysis('rfm')?.kind).toBe('rfm');
    expect(findAnalysis('no-such-analysis')).toBeUndefined();
  });

  it('an analysis missing a required table cannot run, and says what it needs', () => {
    const channel = findAnalysis('channel-performance')!;
    const check = canRun(channel, { orders });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.needs.en).toMatch(/campaign/i);
    expect(canRun(findAnalysis('rfm')!, { orders }).ok).toBe(true);
  });

  it('segment response needs touchpoints or an experiment besides orders', () => {
    const def = findAnalysis('segment-response')!;
    expect(canRun(def, { orders }).ok).toBe(false);
    const experiment = makeDataset('experiment', [
      { name: 'arm', role: 'arm', values: ['control', 'coupon'], type: 'category' },
      { name: 'spend', role: 'outcome', values: [0, 5] },
    ]);
    expect(canRun(def, { orders, experiment }).ok).toBe(true);
  });

  it('acquisition quality needs a channel source and before/after a way to tell who took part', () => {
    // Orders alone (customer, date, amount) say neither: both are skipped with what they need, rather
    // than run into an error sheet.
    const acq = findAnalysis('acquisition-quality')!;
    const ba = findAnalysis('before-after')!;
    const a = canRun(acq, { orders });
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.needs.en).toMatch(/channel column in the orders/);
    expect(canRun(ba, { orders }).ok).toBe(false);
    const withChannel = makeDataset('orders', [
      { name: 'customer', role: 'customer_id', values: ['a', 'b'], type: 'identifier' },
      { name: 'date', role: 'date', values: [45000, 45001], type: 'date' },
      { name: 'amount', role: 'amount', values: [10, 20], type: 'currency' },
      { name: 'channel', role: 'channel', values: ['Search', 'Email'], type: 'category' },
      { name: 'campaign', role: 'campaign', values: ['Spring', 'Spring'], type: 'category' },
    ]);
    expect(canRun(acq, { orders: withChannel }).ok).toBe(true);
    expect(canRun(ba, { orders: withChannel }).ok).toBe(true);
    const touchpoints = makeDataset('touchpoints', [
      { name: 'customer', role: 'customer_id', values: ['a'], type: 'identifier' },
    ]);
    expect(canRun(acq, { orders, touchpoints }).ok).toBe(true);
    expect(canRun(ba, { orders, touchpoints }).ok).toBe(true);
  });

  it('a table with no rows does not count as present', () => {
    const empty = makeDataset('orders', [
      { name: 'customer', role: 'customer_id', values: [], type: 'identifier' },
      { name: 'date', role: 'date', values: [], type: 'date' },
      { name: 'amount', role: 'amount', values: [], type: 'currency' },
    ]);
    expect(canRun(findAnalysis('rfm')!, { orders: empty }).ok).toBe(false);
  });
});
