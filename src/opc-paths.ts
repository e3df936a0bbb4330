/**
 * Paths inside an .xlsx package (Open Packaging Conventions): where a part's relationships live and what a
 * relationship's target names. Pure string work, shared by the .xlsx reader and writer, the browser
 * playground's loader and the tests that read written files.
 */

/**
 * The part a relationship target names, from the part that holds the relationship:
 * `../drawings/drawing1.xml` from `xl/worksheets/sheet1.xml` → `xl/drawings/drawing1.xml`;
 * a target starting with `/` is from the package root.
 */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}
