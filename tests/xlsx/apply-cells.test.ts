import { describe, expect, it } from 'vitest';
import { escapeXml, unescapeXml } from '../../src/xlsx/apply-cells.js';

describe('escapeXml', () => {
  it('escapes markup, literal _xHHHH_ runs and characters XML cannot hold, and leaves other text as it is', () => {
    // Expected values written by hand from the rules in apply-cells.ts (XML entities; `_x005F_` before a literal
    // `_xHHHH_`, which Excel would decode; `_xHHHH_` for a control character).
    expect(escapeXml('Paid Social 社群 2024')).toBe('Paid Social 社群 2024');
    expect(escapeXml('a & b < c > "d"')).toBe('a &amp; b &lt; c &gt; &quot;d&quot;');
    expect(escapeXml('snake_case')).toBe('snake_case');
    expect(escapeXml('_x0041_')).toBe('_x005F_x0041_'); // the first underscore, as _x005F_
    expect(escapeXml('bell\u0007')).toBe('bell_x0007_');
    expect(escapeXml('tab\tand\nline')).toBe('tab\tand\nline');
    expect(unescapeXml(escapeXml('a & b < c > "d"'))).toBe('a & b < c > "d"');
  });
});
