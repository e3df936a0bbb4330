// Every option a user sees in the pane has a label in English and Chinese, and a default that its choices
// allow (src/analysis/option-specs.ts).
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analysis/registry.js';
import { OPTION_SPECS, optionSpecsFor } from '../../src/analysis/option-specs.js';

/** Options set from the data (columns, arms, dates) rather than typed by hand: the pane shows them as picks. */
const FROM_DATA = new Set([
  'arm',
  'control',
  'metrics',
  'covariate',
  'segments',
  'expectedShares',
  'campaign',
  'start',
  'end',
  'experimentStart',
  'experimentSegment',
]);

describe('option specs', () => {
  it('every catalogue entry speaks both languages, and its bounds make sense', () => {
    for (const [key, spec] of Object.entries(OPTION_SPECS)) {
      expect(spec.label?.en, key).toBeTruthy();
      expect(spec.label?.['zh-CN'], key).toMatch(/[\u4e00-\u9fff]/);
      for (const c of spec.choices ?? [])
        expect([c.label.en.length > 0, /[\u4e00-\u9fff]|\d/.test(c.label['zh-CN'])], `${key}=${c.value}`).toEqual([
          true,
          true,
        ]);
      if (spec.min !== undefined && spec.max !== undefined) expect(spec.min, key).toBeLessThan(spec.max);
    }
  });

  it('every scalar option of every analysis has a spec, and a default its choices and bounds allow', () => {
    const missing: string[] = [];
    for (const def of ANALYSES) {
      const specs = optionSpecsFor(def.defaults, def.optionSpecs);
      for (const [key, value] of Object.entries(def.defaults)) {
        const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
        if (!scalar || FROM_DATA.has(key)) continue;
        const spec = specs[key];
        if (!spec) {
          missing.push(`${def.kind}.${key}`);
          continue;
        }
        if (spec.choices && value !== null)
          expect(
            spec.choices.map((c) => c.value),
            `${def.kind}.${key}`,
          ).toContain(value);
        if (typeof value === 'number' && spec.min !== undefined)
          expect(value, `${def.kind}.${key}`).toBeGreaterThanOrEqual(spec.min);
        if (typeof value === 'number' && spec.max !== undefined)
          expect(value, `${def.kind}.${key}`).toBeLessThanOrEqual(spec.max);
      }
    }
    expect(missing).toEqual([]);
  });
});
