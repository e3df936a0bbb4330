/**
 * Node-only, with load-xlsx.ts: a .xlsx file's column widths, row heights, PivotTables and slicers into a
 * stand-in workbook, as Excel opens them — each PivotTable read from its source table and laid out anew
 * (what a file saved with `refreshOnLoad` asks for), each slicer placed at its drawing anchor's top-left
 * corner. Column widths in characters become points as the Office applier sets them (× 7 px × 0.75).
 */
import { strFromU8 } from 'fflate';
import { parseAddress } from './address.js';
import { newId } from './model.js';
import type { SheetModel, TableModel, WorkbookModel } from './model.js';
import { cellOffset, readSource, renderPivot } from './pivot-model.js';
import type { PivotModel, SlicerModel, Summary } from './pivot-model.js';

type Files = Record<string, Uint8Array>;

const xmlText = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string): string | undefined => {
  const v = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return v === undefined ? undefined : xmlText(v);
};
const tags = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);
const truthy = (v: string | undefined, dflt: boolean): boolean => (v === undefined ? dflt : v === '1' || v === 'true');

/** `dir/name.xml` → `dir/_rels/name.xml.rels`. */
function relsOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** A relationship target resolved against its source part. */
function resolve(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function rels(files: Files, part: string): { id: string; type: string; target: string }[] {
  const r = files[relsOf(part)] as Uint8Array | undefined;
  if (!r) return [];
  return tags(strFromU8(r), 'Relationship')
    .filter((t) => attr(t, 'TargetMode') !== 'External')
    .map((t) => ({
      id: attr(t, 'Id') ?? '',
      type: attr(t, 'Type') ?? '',
      target: resolve(part, attr(t, 'Target') ?? ''),
    }));
}

const text = (files: Files, part: string): string => (part in files ? strFromU8(files[part]) : '');

/** Excel's built-in number formats a PivotTable's data field may name by id. */
const BUILT_IN: Record<string, string> = {
  '0': 'General',
  '1': '0',
  '2': '0.00',
  '3': '#,##0',
  '4': '#,##0.00',
  '9': '0%',
  '10': '0.00%',
};

const SUBTOTALS: Record<string, Summary> = {
  sum: 'Sum',
  count: 'Count',
  average: 'Average',
  max: 'Max',
  min: 'Min',
  countNums: 'CountNumbers',
};

/** The sheets' parts by name (workbook.xml and its relationships). */
function sheetParts(files: Files): Map<string, string> {
  const byId = new Map(rels(files, 'xl/workbook.xml').map((r) => [r.id, r.target]));
  const out = new Map<string, string>();
  for (const t of tags(text(files, 'xl/workbook.xml'), 'sheet')) {
    const part = byId.get(attr(t, 'r:id') ?? '');
    const name = attr(t, 'name');
    if (part !== undefined && name !== undefined) out.set(name, part);
  }
  return out;
}

function loadGeometry(sheet: SheetModel, xml: string): void {
  for (const c of tags(xml, 'col')) {
    const w = Number(attr(c, 'width'));
    if (!truthy(attr(c, 'customWidth'), false) || !Number.isFinite(w)) continue;
    for (let i = Number(attr(c, 'min')); i <= Number(attr(c, 'max')); i++) sheet.columnWidths.set(i - 1, w * 7 * 0.75);
  }
  for (const r of tags(xml, 'row')) {
    const ht = Number(attr(r, 'ht'));
    if (truthy(attr(r, 'customHeight'), false) && Number.isFinite(ht))
      sheet.rowHeights.set(Number(attr(r, 'r')) - 1, ht);
  }
}

function customFormats(files: Files): Map<string, string> {
  return new Map(
    tags(text(files, 'xl/styles.xml'), 'numFmt').map((t) => [attr(t, 'numFmtId') ?? '', attr(t, 'formatCode') ?? '']),
  );
}

function loadPivot(
  model: WorkbookModel,
  files: Files,
  sheet: SheetModel,
  part: string,
  formats: Map<string, string>,
): PivotModel | null {
  const xml = text(files, part);
  const head = tags(xml, 'pivotTableDefinition')[0] ?? '';
  const cache = rels(files, part).find((r) => r.type.endsWith('/pivotCacheDefinition'))?.target ?? '';
  const cacheXml = text(files, cache);
  const tableName = attr(tags(cacheXml, 'worksheetSource')[0] ?? '', 'name');
  const table = model.tables.find((t) => t.name.toLowerCase() === tableName?.toLowerCase());
  if (!table) return null;
  const names = tags(cacheXml, 'cacheField').map((t) => attr(t, 'name') ?? '');
  const fieldTags = tags(xml, 'pivotField');
  const fieldsOf = (area: string): string[] => {
    const block = new RegExp(`<${area}\\b[^>]*>([\\s\\S]*?)</${area}>`).exec(xml)?.[1] ?? '';
    return tags(block, 'field')
      .map((t) => Number(attr(t, 'x')))
      .filter((x) => x >= 0)
      .map((x) => names[x]);
  };
  const rows = fieldsOf('rowFields');
  const columns = fieldsOf('colFields');
  const location = parseAddress(attr(tags(xml, 'location')[0] ?? '', 'ref') ?? 'A1');
  const compact = truthy(attr(fieldTags.find((t) => attr(t, 'axis') !== undefined) ?? '', 'compact'), true);
  const outline = truthy(attr(fieldTags.find((t) => attr(t, 'axis') !== undefined) ?? '', 'outline'), true);
  const p: PivotModel = {
    id: newId('pivot'),
    name: attr(head, 'name') ?? '',
    sheet,
    source: { table },
    fields: [],
    records: [],
    anchor: { r0: location.r0, c0: location.c0 },
    rows,
    columns,
    data: tags(xml, 'dataField').map((t) => {
      const id = attr(t, 'numFmtId') ?? '0';
      return {
        field: names[Number(attr(t, 'fld'))],
        name: attr(t, 'name') ?? '',
        summarizeBy: SUBTOTALS[attr(t, 'subtotal') ?? 'sum'],
        numberFormat: formats.get(id) ?? BUILT_IN[id] ?? 'General',
      };
    }),
    subtotals: new Map(
      fieldTags.flatMap((t, i) =>
        attr(t, 'axis') ? [[names[i].toLowerCase(), truthy(attr(t, 'defaultSubtotal'), true)]] : [],
      ),
    ),
    layoutType: compact ? 'Compact' : outline ? 'Outline' : 'Tabular',
    showRowGrandTotals: truthy(attr(head, 'rowGrandTotals'), true),
    showColumnGrandTotals: truthy(attr(head, 'colGrandTotals'), true),
    area: { r0: 0, c0: 0, rows: 0, cols: 0 },
    body: null,
    deleted: false,
  };
  Object.assign(p, readSource(model, p.source));
  // What the file holds in the PivotTable's place is its last layout: cleared, then laid out anew.
  sheet.clear(location);
  renderPivot(model, p);
  return p;
}

/** A cell and the offsets into it, in EMU, as a drawing anchor's `from` or `to`. */
interface AnchorCell {
  col: number;
  row: number;
  colOff: number;
  rowOff: number;
}

/** Each slicer's drawing anchor (top-left cell and offsets in EMU) and size, by slicer name. */
function anchors(files: Files, drawing: string): Map<string, AnchorCell & { to: AnchorCell }> {
  const out = new Map<string, AnchorCell & { to: AnchorCell }>();
  const xml = text(files, drawing);
  const num = (s: string, tag: string): number =>
    Number(new RegExp(`<xdr:${tag}>(-?\\d+)</xdr:${tag}>`).exec(s)?.[1] ?? 0);
  const at = (s: string) => ({
    col: num(s, 'col'),
    row: num(s, 'row'),
    colOff: num(s, 'colOff'),
    rowOff: num(s, 'rowOff'),
  });
  for (const m of xml.matchAll(/<xdr:twoCellAnchor\b[\s\S]*?<\/xdr:twoCellAnchor>/g)) {
    const name = /<sle:slicer\b[^>]*\bname="([^"]*)"/.exec(m[0])?.[1];
    const from = /<xdr:from>([\s\S]*?)<\/xdr:from>/.exec(m[0])?.[1];
    const to = /<xdr:to>([\s\S]*?)<\/xdr:to>/.exec(m[0])?.[1];
    if (name !== undefined && from !== undefined && to !== undefined)
      out.set(xmlText(name), { ...at(from), to: at(to) });
  }
  return out;
}

/** Slicer caches by name: their PivotTable's name or their table's id and column. */
function slicerCaches(
  files: Files,
): Map<string, { field: string; pivot: string | null; table: { id: string; column: number } | null }> {
  const out = new Map<string, { field: string; pivot: string | null; table: { id: string; column: number } | null }>();
  for (const r of rels(files, 'xl/workbook.xml').filter((x) => x.type.endsWith('/slicerCache'))) {
    const xml = text(files, r.target);
    const head = tags(xml, 'slicerCacheDefinition')[0] ?? '';
    const pivot = attr(tags(xml, 'pivotTable')[0] ?? '', 'name') ?? null;
    const tableTag = tags(xml, 'x15:tableSlicerCache')[0];
    out.set(attr(head, 'name') ?? '', {
      field: attr(head, 'sourceName') ?? '',
      pivot,
      table: tableTag ? { id: attr(tableTag, 'tableId') ?? '', column: Number(attr(tableTag, 'column')) } : null,
    });
  }
  return out;
}

/** Tables by the id their part gives them (table slicers name their table by id). */
function tablesById(files: Files, model: WorkbookModel): Map<string, TableModel> {
  const out = new Map<string, TableModel>();
  for (const part of Object.keys(files).filter((p) => /^xl\/tables\/[^/]+\.xml$/.test(p))) {
    const head = tags(text(files, part), 'table')[0] ?? '';
    const t = model.tables.find((x) => x.name === attr(head, 'name'));
    if (t) out.set(attr(head, 'id') ?? '', t);
  }
  return out;
}

/** Loads column widths, row heights, PivotTables and slicers of the package `files` into `model`. */
export function loadPivotsAndSlicers(model: WorkbookModel, files: Files): void {
  const parts = sheetParts(files);
  const formats = customFormats(files);
  const caches = slicerCaches(files);
  const byId = tablesById(files, model);
  const offset = (s: SheetModel, a: { col: number; row: number; colOff: number; rowOff: number }) => {
    const o = cellOffset(s, a.row, a.col);
    return { left: o.left + a.colOff / 12_700, top: o.top + a.rowOff / 12_700 };
  };
  for (const sheet of model.sheets) {
    const part = parts.get(sheet.name);
    if (part === undefined) continue;
    loadGeometry(sheet, text(files, part));
  }
  for (const sheet of model.sheets) {
    const part = parts.get(sheet.name);
    if (part === undefined) continue;
    const own = rels(files, part);
    for (const r of own.filter((x) => x.type.endsWith('/pivotTable'))) {
      const p = loadPivot(model, files, sheet, r.target, formats);
      if (p) model.pivots.push(p);
    }
    const drawn = new Map(own.filter((x) => x.type.endsWith('/drawing')).flatMap((x) => [...anchors(files, x.target)]));
    for (const r of own.filter((x) => x.type.endsWith('/slicer'))) {
      for (const t of tags(text(files, r.target), 'slicer')) {
        const name = attr(t, 'name') ?? '';
        const cache = caches.get(attr(t, 'cache') ?? '');
        const at = drawn.get(name);
        if (!cache || !at) continue;
        const pivot = cache.pivot === null ? null : (model.pivots.find((p) => p.name === cache.pivot) ?? null);
        const table = cache.table ? (byId.get(cache.table.id) ?? null) : null;
        if (!pivot && !table) continue;
        const from = offset(sheet, at);
        const to = offset(sheet, at.to);
        const s: SlicerModel = {
          id: newId('slicer'),
          name,
          sheet,
          pivot,
          table,
          field: cache.field,
          caption: attr(t, 'caption') ?? cache.field,
          ...from,
          width: Math.max(1, to.left - from.left),
          height: Math.max(1, to.top - from.top),
          deleted: false,
        };
        model.slicers.push(s);
      }
    }
  }
}
