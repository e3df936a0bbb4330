import { describe, expect, it } from 'vitest';
import {
  attribute,
  attributionAnalysis,
  buildPaths,
  heuristicCredit,
  ATTRIBUTION_DEFAULTS,
} from '../../../src/analysis/marketing/attribution/index.js';
import type { AnalysisResult } from '../../../src/analysis/types.js';
import type { Diagnostic } from '../../../src/types.js';
import { common, deepFreeze, makeDataset, type ColumnSpec } from '../helpers.js';

type Row = [string, string | null, number, number | boolean | null, number | null];

function touchpoints(rows: Row[], withValue = true) {
  const c = (i: number) => rows.map((r) => r[i]);
  const cols: ColumnSpec[] = [
    { name: 'customer', role: 'customer_id', values: c(0) },
    { name: 'channel', role: 'channel', values: c(1) },
    { name: 'time', role: 'timestamp', values: c(2), type: 'datetime' },
    { name: 'converted', role: 'converted', values: c(3) },
  ];
  if (withValue) cols.push({ name: 'value', role: 'value', values: c(4) });
  return makeDataset('touchpoints', cols);
}

const rowOf = (r: AnalysisResult, table: string, ch: string) =>
  r.tables.find((t) => t.name === table)!.rows.find((x) => x.channel === ch)!;

// Worked example 1 (tests/reference-data/README.md "Multi-touch attribution"): google ×2 converting,
// mailing ×1 converting, google > mailing ×1 converting, google ×1 not converting.
const EX1: Row[] = deepFreeze([
  ['u1', 'google', 1, 1, 10],
  ['u2', 'google', 1, 1, 10],
  ['u3', 'mailing', 1, 1, 10],
  ['u4', 'google', 1, 0, null],
  ['u4', 'mailing', 2, 1, 10],
  ['u5', 'google', 1, 0, null],
]);
// Worked example 2: C1 > C2 > C3 converting, C1 not, C2 > C3 not.
const EX2: Row[] = [
  ['a', 'C1', 1, 0, null],
  ['a', 'C2', 2, 0, null],
  ['a', 'C3', 3, 1, 5],
  ['b', 'C1', 1, 0, null],
  ['c', 'C2', 1, 0, null],
  ['c', 'C3', 2, 0, null],
];

describe('attribution, worked example 1', () => {
  const data = touchpoints(EX1);
  const r = attribute(data, common('2024-01-01'));
  it('P(conversion) 0.8; removal effects google 0.75, mailing 0.50; Markov credit 2.4 / 1.6', () => {
    expect(r.figures.find((f) => f.key === 'conversion_probability')!.value).toBeCloseTo(0.8, 12);
    const g = rowOf(r, 'channels', 'google');
    const m = rowOf(r, 'channels', 'mailing');
    expect(g.removal_effect).toBeCloseTo(0.75, 12);
    expect(m.removal_effect).toBeCloseTo(0.5, 12);
    expect(g.markov).toBeCloseTo(2.4, 12);
    expect(m.markov).toBeCloseTo(1.6, 12);
    // Converting paths only: start→google 3/4, google→conv 2/3, google→mailing 1/3; removal effects
    // still 0.75 and 0.5 (by hand), so the same credit.
    expect(g.markov_conv_only).toBeCloseTo(2.4, 12);
  });
  it('first touch 3 / 1, last touch 2 / 2, linear 2.5 / 1.5', () => {
    const g = rowOf(r, 'channels', 'google');
    const m = rowOf(r, 'channels', 'mailing');
    expect([g.first, m.first]).toEqual([3, 1]);
    expect([g.last, m.last]).toEqual([2, 2]);
    expect(g.linear).toBeCloseTo(2.5, 12);
    expect(m.linear).toBeCloseTo(1.5, 12);
  });
  it('revenue credit follows the conversion credit (each conversion worth 10)', () => {
    expect(rowOf(r, 'revenue', 'google').markov).toBeCloseTo(24, 10);
    expect(rowOf(r, 'revenue', 'mailing').first).toBeCloseTo(10, 10);
  });
  it('leaves its input dataset unchanged (rows, column infos, diagnostics)', () => {
    const input = touchpoints(EX1);
    const before = JSON.stringify([input.table.objects(), input.columns, input.diagnostics, input.rowNumbers]);
    attribute(input, common('2024-01-01'));
    expect(JSON.stringify([input.table.objects(), input.columns, input.diagnostics, input.rowNumbers])).toBe(before);
  });
});

describe('attribution, worked example 2', () => {
  const r = attribute(touchpoints(EX2), common('2024-01-01'));
  it('P(conversion) = 1/3; removal effects 0.5 / 1 / 1; credit 0.2 / 0.4 / 0.4', () => {
    expect(r.figures.find((f) => f.key === 'conversion_probability')!.value).toBeCloseTo(1 / 3, 12);
    const ch = ['C1', 'C2', 'C3'].map((c) => rowOf(r, 'channels', c));
    expect(ch.map((x) => x.removal_effect as number)).toEqual(
      [0.5, 1, 1].map((v) => expect.closeTo(v, 12) as unknown as number),
    );
    expect(ch.map((x) => x.markov as number)).toEqual(
      [0.2, 0.4, 0.4].map((v) => expect.closeTo(v, 12) as unknown as number),
    );
    // Converting paths only: the single path C1 > C2 > C3; every removal kills it → 1/3 each.
    expect(ch.map((x) => x.markov_conv_only as number)).toEqual(
      [1, 1, 1].map(() => expect.closeTo(1 / 3, 12) as unknown as number),
    );
  });
  it('most common paths table', () => {
    const p = r.tables.find((t) => t.name === 'paths')!;
    expect(p.rows).toHaveLength(3);
    expect(p.rows.find((x) => x.path === 'C1 > C2 > C3')).toMatchObject({
      paths: 1,
      conversions: 1,
      conversion_rate: 1,
    });
  });
});

describe('heuristics on hand-checked paths', () => {
  it('time decay with half-life 7 days: touches 7 days and 0 days before the conversion get 1/3 and 2/3', () => {
    const d: Diagnostic[] = [];
    const p = buildPaths(
      touchpoints([
        ['x', 'A', 100, 0, null],
        ['x', 'B', 107, 1, 30],
      ]),
      'channel',
      d,
    )!;
    const h = heuristicCredit(p, ATTRIBUTION_DEFAULTS);
    expect(h.time_decay.conversions[0]).toBeCloseTo(1 / 3, 12);
    expect(h.time_decay.conversions[1]).toBeCloseTo(2 / 3, 12);
    expect(h.time_decay.revenue[1]).toBeCloseTo(20, 12);
  });
  it('position-based 40/20/40 over four touches: 0.4, 0.1, 0.1, 0.4; two touches 0.5 each', () => {
    const d: Diagnostic[] = [];
    const p = buildPaths(
      touchpoints([
        ['x', 'A', 1, 0, null],
        ['x', 'B', 2, 0, null],
        ['x', 'C', 3, 0, null],
        ['x', 'D', 4, 1, 1],
        ['y', 'A', 1, 0, null],
        ['y', 'B', 2, true, 1],
      ]),
      'channel',
      d,
    )!;
    const h = heuristicCredit(p, ATTRIBUTION_DEFAULTS);
    expect(Array.from(h.position.conversions)).toEqual(
      [0.9, 0.6, 0.1, 0.4].map((v) => expect.closeTo(v, 12) as unknown as number),
    );
  });
  it('rows out of time order are sorted per customer; a customer converting twice makes two paths', () => {
    const d: Diagnostic[] = [];
    const p = buildPaths(
      touchpoints([
        ['x', 'B', 2, 1, 5],
        ['x', 'A', 1, 0, null],
        ['x', 'C', 3, 1, 7],
        ['x', 'A', 4, 0, null],
      ]),
      'channel',
      d,
    )!;
    // paths: A > B (conv 5), C (conv 7), A (no conv)
    expect(Array.from(p.start)).toEqual([0, 2, 3, 4]);
    expect(p.channels).toEqual(['B', 'A', 'C']); // indexed in sheet order
    expect(Array.from(p.touch).map((c) => p.channels[c])).toEqual(['A', 'B', 'C', 'A']);
    expect(Array.from(p.converted)).toEqual([1, 1, 0]);
    expect(Array.from(p.value)).toEqual([5, 7, 0]);
  });
  it('conversion events without a channel end the path (event column, no converted column)', () => {
    const data = makeDataset('touchpoints', [
      { name: 'customer', role: 'customer_id', values: ['x', 'x', 'x'] },
      { name: 'channel', role: 'channel', values: ['Search', 'Email', null] },
      { name: 'time', role: 'timestamp', values: [1, 2, 3] },
      { name: 'event', role: 'event', values: ['click', 'open', 'purchase'] },
    ]);
    const r = attribute(data, common('2024-01-01'));
    expect(rowOf(r, 'channels', 'Email').last).toBe(1);
    expect(rowOf(r, 'channels', 'Search').first).toBe(1);
  });
});

describe('ROAS with a campaigns sheet, and edge cases', () => {
  it('ROAS per model = credited revenue ÷ spend (google spend 12 → Markov ROAS 24/12 = 2)', () => {
    const campaigns = makeDataset('campaigns', [
      { name: 'Channel', role: 'channel', values: ['Google', 'google', 'mailing'] },
      { name: 'Spend', role: 'spend', values: [8, 4, 0] },
    ]);
    const r = attributionAnalysis.run(
      { touchpoints: touchpoints(EX1), campaigns },
      common('2024-01-01'),
      ATTRIBUTION_DEFAULTS,
    );
    expect(rowOf(r, 'roas', 'google').markov).toBeCloseTo(2, 12);
    expect(rowOf(r, 'roas', 'mailing').markov).toBeNull(); // zero spend → empty cell
  });
  it('no conversions, empty, missing roles: error diagnostics; nulls left out with a warning', () => {
    expect(
      attribute(touchpoints([['x', 'A', 1, 0, null]]), common('2024-01-01')).diagnostics.map((d) => d.code),
    ).toContain('marketing.attribution.no-conversions');
    expect(attribute(touchpoints([]), common('2024-01-01')).diagnostics[0].severity).toBe('error');
    expect(
      attribute(makeDataset('touchpoints', [{ name: 'c', role: 'customer_id', values: ['x'] }]), common('2024-01-01'))
        .diagnostics[0].code,
    ).toBe('marketing.attribution.missing-roles');
    const r = attribute(
      touchpoints([
        [null as unknown as string, 'A', 1, 1, 1],
        ['x', 'A', Number.NaN, 1, Number.NaN],
      ]),
      common('2024-01-01'),
    );
    expect(r.diagnostics.find((d) => d.code === 'marketing.attribution.no-customer')!.where!.rows).toEqual([2]);
    expect(rowOf(r, 'channels', 'A').markov).toBeCloseTo(1, 12);
    let finite = true;
    JSON.stringify(r, (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) finite = false;
      return v;
    });
    expect(finite).toBe(true);
  });
});
