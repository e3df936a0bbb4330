/**
 * The worksheet elements the applier writes itself for the sheets a Plan creates, and the worksheet XML
 * they end up in.
 *
 * Each excelize-wasm call costs a millisecond or more (its MergeCell 2–4 ms: the demo's 175 merged note rows
 * were half a second), so what is plain SpreadsheetML is written here, as excelize writes it: sheet
 * properties (tab colour, fit to page), the frozen pane, the default row height, column widths, merged
 * cells, conditional formats, internal hyperlinks and the page setup. excelize keeps what needs its
 * bookkeeping across parts: styles, drawings and charts, pivot tables, slicers, and the tables they read.
 * Sheets with a chart or a slicer still get their column widths and row heights through excelize as well,
 * since it anchors drawings on them.
 *
 * `worksheetXml` then puts excelize's worksheet (small: its `<sheetData>` holds a few header rows at most)
 * and these elements together in CT_Worksheet's order, with the applier's `<sheetData>` (apply-cells.ts).
 */
import type { ConditionalRule, FreezePanesOp } from '../plan/types.js';
import { cell, columnIndex, parseRange } from '../plan/a1.js';
import { columnLetters, parseSheetRows, sheetDataXml, type SheetCells } from './apply-cells.js';
import { DeflatedRun } from './zip-package.js';

/** CT_Worksheet's children, in schema order (ECMA-376 Part 1, 18.3.1.99). */
const WORKSHEET_ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];
const RANK = new Map(WORKSHEET_ORDER.map((name, i) => [name, i]));

/** An attribute value: XML escapes, and line breaks and tabs as character references (else read as spaces). */
function attr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;')
    .replace(/\t/g, '&#x9;');
}

/** `#RRGGBB` (or `RRGGBB`) as an opaque ARGB colour, as excelize writes it. */
function argb(color: string): string {
  return 'FF' + color.replace(/^#/, '').toUpperCase();
}

/**
 * One conditional format as excelize's SetConditionalFormat writes it for the options apply.ts used to give it
 * (colour scales with min/max `val="0"`, a 50th-percentile midpoint; data bars min to max; icon sets with
 * their thresholds in percent).
 */
export function conditionalFormatXml(sqref: string, rule: ConditionalRule, priority: number): string {
  let body: string;
  let type: string;
  if (rule.type === 'colorScale') {
    type = 'colorScale';
    const mid = rule.midColor !== undefined;
    body =
      `<colorScale><cfvo type="min" val="0"/>` +
      (mid ? `<cfvo type="percentile" val="50"/>` : '') +
      `<cfvo type="max" val="0"/><color rgb="${argb(rule.minColor)}"/>` +
      (mid ? `<color rgb="${argb(rule.midColor!)}"/>` : '') +
      `<color rgb="${argb(rule.maxColor)}"/></colorScale>`;
  } else if (rule.type === 'dataBar') {
    type = 'dataBar';
    body = `<dataBar showValue="1"><cfvo type="min"/><cfvo type="max"/><color rgb="${argb(rule.color)}"/></dataBar>`;
  } else {
    type = 'iconSet';
    const cfvos = rule.percents.map((p) => `<cfvo type="percent" val="${p}"/>`).join('');
    body = `<iconSet iconSet="${attr(rule.iconSet)}" showValue="1"${rule.reverse ? ' reverse="1"' : ''}>${cfvos}</iconSet>`;
  }
  return `<conditionalFormatting sqref="${attr(sqref)}"><cfRule type="${type}" priority="${priority}">${body}</cfRule></conditionalFormatting>`;
}

/** The `<pane>` and `<selection>` of a frozen pane, as excelize's SetPanes writes them. */
export function paneXml(op: Pick<FreezePanesOp, 'rows' | 'columns'>): string {
  const topLeft = cell(op.columns, op.rows + 1);
  const pane = op.rows > 0 && op.columns > 0 ? 'bottomRight' : op.rows > 0 ? 'bottomLeft' : 'topRight';
  return (
    `<pane${op.columns > 0 ? ` xSplit="${op.columns}"` : ''}${op.rows > 0 ? ` ySplit="${op.rows}"` : ''}` +
    ` topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`
  );
}

/** `<cols>` from widths by 0-based column, adjacent columns of one width in one `<col>` (as excelize does). */
export function colsXml(widths: ReadonlyMap<number, number>): string {
  const cols = [...widths].sort((a, b) => a[0] - b[0]);
  let out = '';
  for (let i = 0; i < cols.length;) {
    let j = i;
    while (j + 1 < cols.length && cols[j + 1][0] === cols[j][0] + 1 && cols[j + 1][1] === cols[i][1]) j++;
    out += `<col min="${cols[i][0] + 1}" max="${cols[j][0] + 1}" width="${cols[i][1]}" customWidth="1"/>`;
    i = j + 1;
  }
  return out ? `<cols>${out}</cols>` : '';
}

/** What the applier writes itself into one new sheet (see the module comment). */
export class SheetParts {
  tabColor: string | null = null;
  print: { orientation: string; fitToWidth: number; fitToHeight: number } | null = null;
  pane: string | null = null;
  /** Column widths (characters) by 0-based column. */
  readonly widths = new Map<number, number>();
  private readonly merges: { ref: string; r: ReturnType<typeof parseRange> }[] = [];
  private readonly formats: string[] = [];
  private readonly links: string[] = [];

  constructor(readonly sheet: string) {}

  setWidth(column: string, width: number): void {
    this.widths.set(columnIndex(column), width);
  }

  /** Merge a range; a range overlapping one merged before is refused (Excel would repair the file). */
  merge(address: string): void {
    const r = parseRange(address);
    const clash = this.merges.find(
      (m) => m.r.col1 <= r.col2 && r.col1 <= m.r.col2 && m.r.row1 <= r.row2 && r.row1 <= m.r.row2,
    );
    if (clash)
      throw new Error(`mergeCells ${this.sheet}!${address}: overlaps ${this.sheet}!${clash.ref}, merged before`);
    this.merges.push({ ref: address, r });
  }

  conditionalFormat(address: string, rule: ConditionalRule): void {
    this.formats.push(conditionalFormatXml(address, rule, this.formats.length + 1));
  }

  /** An internal link on `ref` to `location` (e.g. `'Findings'!A1`), shown as `display`. */
  hyperlink(ref: string, location: string, display: string): void {
    this.links.push(`<hyperlink ref="${ref}" location="${attr(location)}" display="${attr(display)}"/>`);
  }

  /** Elements by name, to be laid over excelize's (each replaces the element of that name). */
  elements(): Map<string, string> {
    const out = new Map<string, string>();
    if (this.tabColor !== null || this.print)
      out.set(
        'sheetPr',
        `<sheetPr>${this.tabColor !== null ? `<tabColor rgb="${argb(this.tabColor)}"/>` : ''}${this.print ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`,
      );
    out.set('sheetFormatPr', '<sheetFormatPr defaultRowHeight="15" customHeight="1"/>');
    const cols = colsXml(this.widths);
    if (cols) out.set('cols', cols);
    if (this.merges.length > 0)
      out.set(
        'mergeCells',
        `<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m.ref}"/>`).join('')}</mergeCells>`,
      );
    if (this.formats.length > 0) out.set('conditionalFormatting', this.formats.join(''));
    if (this.links.length > 0) out.set('hyperlinks', `<hyperlinks>${this.links.join('')}</hyperlinks>`);
    if (this.print)
      out.set(
        'pageSetup',
        `<pageSetup orientation="${this.print.orientation}" fitToWidth="${this.print.fitToWidth}" fitToHeight="${this.print.fitToHeight}"/>`,
      );
    return out;
  }
}

interface Child {
  name: string;
  xml: string;
}

/** The worksheet's start (XML declaration and `<worksheet …>`) and its child elements, in order. */
function worksheetChildren(xml: string): { head: string; children: Child[]; tail: string } {
  const open = /<worksheet\b[^>]*>/.exec(xml);
  if (!open) throw new Error('worksheet XML without <worksheet>');
  const head = xml.slice(0, open.index + open[0].length);
  const close = xml.lastIndexOf('</worksheet>');
  if (close < 0) throw new Error('worksheet XML without </worksheet>');
  const children: Child[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)\b[^>]*?(\/?)>/g;
  tag.lastIndex = head.length;
  let depth = 0;
  let start = -1;
  let name = '';
  for (let m = tag.exec(xml); m && m.index < close; m = tag.exec(xml)) {
    if (m[1]) {
      depth--;
      if (depth === 0) children.push({ name, xml: xml.slice(start, m.index + m[0].length) });
    } else {
      if (depth === 0) {
        start = m.index;
        name = m[2].replace(/^.*:/, '');
      }
      if (m[3]) {
        if (depth === 0) children.push({ name, xml: m[0] });
      } else depth++;
    }
  }
  return { head, children, tail: xml.slice(close) };
}

/** The sheet's `<sheetViews>`: excelize's first view (its attributes), holding the frozen pane when there is one. */
function sheetViewsXml(theirs: string | undefined, pane: string | null): string | undefined {
  if (pane === null) return theirs;
  const view = (theirs && /<sheetView\b[^>]*?(?=\/?>)/.exec(theirs)?.[0]) || '<sheetView workbookViewId="0"';
  return `<sheetViews>${view}>${pane}</sheetView></sheetViews>`;
}

/**
 * The final XML of a new sheet, as strings and UTF-8 chunks (its rows) to be encoded one after another: excelize's worksheet with the
 * applier's elements laid over it (each replaces excelize's of that name) and its `<sheetData>` made from
 * `cells` merged with excelize's header rows.
 */
export function worksheetXml(
  xml: string,
  cells: SheetCells,
  parts: SheetParts | undefined,
  level?: number,
): (string | Uint8Array | DeflatedRun)[] {
  const { head, children, tail } = worksheetChildren(xml);
  const byName = new Map<string, string>();
  const order: string[] = [];
  for (const c of children) {
    if (!byName.has(c.name)) order.push(c.name);
    byName.set(c.name, (byName.get(c.name) ?? '') + c.xml);
  }
  const theirRows = byName.get('sheetData') ?? '';
  const inner = /^<sheetData\b[^>]*\/>$/.test(theirRows)
    ? ''
    : theirRows.slice(theirRows.indexOf('>') + 1, theirRows.lastIndexOf('</sheetData>'));
  // Given a compression level, the rows are deflated as they are made (never held whole: see DeflatedRun).
  const run = level === undefined ? undefined : new DeflatedRun(level);
  const data = sheetDataXml(cells, parseSheetRows(inner), run);
  const ours = parts?.elements() ?? new Map<string, string>();
  const views = sheetViewsXml(byName.get('sheetViews'), parts?.pane ?? null);
  if (views !== undefined) ours.set('sheetViews', views);
  const dim = data.maxRow > 0 ? `A1:${columnLetters(data.maxCol)}${data.maxRow}` : 'A1';
  ours.set('dimension', `<dimension ref="${dim}"/>`);
  for (const [name, x] of ours) {
    if (!byName.has(name)) order.push(name);
    byName.set(name, x);
  }
  if (!byName.has('sheetData')) order.push('sheetData');
  const known = order.filter((n) => RANK.has(n));
  if (known.length !== order.length)
    throw new Error(
      `worksheet of ${parts?.sheet ?? 'a new sheet'}: unknown element(s) ${order.filter((n) => !RANK.has(n)).join(', ')}`,
    );
  known.sort((a, b) => RANK.get(a)! - RANK.get(b)!);
  const out: (string | Uint8Array | DeflatedRun)[] = [head];
  for (const name of known) {
    if (name === 'sheetData') out.push('<sheetData>', ...(run ? [run] : data.parts), '</sheetData>');
    else out.push(byName.get(name)!);
  }
  out.push(tail);
  return out;
}
