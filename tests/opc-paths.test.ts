import { describe, expect, it } from 'vitest';
import { relsPathOf, resolveTarget } from '../src/opc-paths.js';

// Examples from the parts Excel writes (ECMA-376 Part 2, relationship targets relative to the source part).
describe('OPC paths', () => {
  it('resolves relationship targets from the part that holds them', () => {
    expect(resolveTarget('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/worksheets/sheet1.xml', '../drawings/drawing1.xml')).toBe('xl/drawings/drawing1.xml');
    expect(resolveTarget('xl/workbook.xml', '/xl/worksheets/sheet2.xml')).toBe('xl/worksheets/sheet2.xml');
    expect(resolveTarget('xl/workbook.xml', './styles.xml')).toBe('xl/styles.xml');
  });
  it('names the relationships part of a part', () => {
    expect(relsPathOf('xl/workbook.xml')).toBe('xl/_rels/workbook.xml.rels');
    expect(relsPathOf('xl/worksheets/sheet1.xml')).toBe('xl/worksheets/_rels/sheet1.xml.rels');
  });
});
