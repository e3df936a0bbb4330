/**
 * Browser-side .xlsx → Excel stand-in workbook, for the playground (the sample workbook and files the user
 * opens). Unzips with fflate and reads the XML with the browser's DOMParser: values (shared, inline and
 * formula strings, numbers, booleans, errors), formulas, number formats (custom and built-in), sheet
 * visibility, Excel tables, defined names and the 1904 date system. What the playground does not need
 * (styles beyond number formats, charts already in the file, comments) is left out.
 */
import { strFromU8, unzipSync } from 'fflate';
import { WorkbookModel } from '../excel-sim/model.js';
import type { SheetModel, Stored } from '../excel-sim/model.js';
import { parseAddress } from '../excel-sim/address.js';
import { resolveTarget } from '../../src/opc-paths.js';

/** Excel's built-in number formats that matter for reading (ids without a format code in styles.xml). */
const BUILTIN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  49: '@',
};

const NS_ALL = '*';

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'application/xml');
}

function all(node: Document | Element, tag: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(NS_ALL, tag));
}

function first(node: Document | Element, tag: string): Element | undefined {
  return node.getElementsByTagNameNS(NS_ALL, tag)[0];
}

/** The `r:id` attribute, whatever prefix the relationships namespace has. */
function relId(el: Element): string | null {
  for (const a of Array.from(el.attributes))
    if (a.localName === 'id' && a.namespaceURI?.includes('relationships')) return a.value;
  return el.getAttribute('r:id');
}

function rels(files: Record<string, Uint8Array>, part: string): Map<string, string> {
  const slash = part.lastIndexOf('/');
  const relPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
  const out = new Map<string, string>();
  const bytes = files[relPath];
  if (!bytes) return out;
  for (const r of all(parse(strFromU8(bytes)), 'Relationship')) {
    out.set(r.getAttribute('Id') ?? '', resolveTarget(part, r.getAttribute('Target') ?? ''));
  }
  return out;
}

/** Text of a string item (`<si>` or `<is>`): plain or rich runs joined, phonetic runs left out. */
function itemText(si: Element): string {
  let s = '';
  for (const t of all(si, 't')) if (t.parentElement?.localName !== 'rPh') s += t.textContent ?? '';
  return s;
}

function colRow(ref: string): { r: number; c: number } {
  let c = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    c = c * 26 + code - 64;
  }
  return { r: Number(ref.slice(i)) - 1, c: c - 1 };
}

type Files = Record<string, Uint8Array>;

/** Number format per cell style index (`cellXfs`), custom formats first, then Excel's built-in ones. */
function readStyleFormats(files: Files): (string | undefined)[] {
  const styleFormats: (string | undefined)[] = [];
  if (!files['xl/styles.xml']) return styleFormats;
  const st = parse(strFromU8(files['xl/styles.xml']));
  const custom = new Map<number, string>();
  for (const f of all(st, 'numFmt'))
    custom.set(Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? 'General');
  const xfs = first(st, 'cellXfs');
  if (xfs) {
    for (const xf of Array.from(xfs.children).filter((e) => e.localName === 'xf')) {
      const id = Number(xf.getAttribute('numFmtId') ?? 0);
      styleFormats.push(custom.get(id) ?? BUILTIN_FORMATS[id]);
    }
  }
  return styleFormats;
}

/** A worksheet part's cells: values, formulas and number formats. */
function readCells(sheet: SheetModel, doc: Document, shared: string[], styleFormats: (string | undefined)[]): void {
  for (const c of all(doc, 'c')) {
    const ref = c.getAttribute('r');
    if (!ref) continue;
    const { r, c: col } = colRow(ref);
    const t = c.getAttribute('t');
    const v = first(c, 'v')?.textContent ?? null;
    const f = first(c, 'f')?.textContent ?? null;
    let value: Stored;
    if (t === 's') value = v === null ? undefined : shared[Number(v)];
    else if (t === 'inlineStr') value = itemText(first(c, 'is') ?? c);
    else if (t === 'str' || t === 'e') value = v ?? undefined;
    else if (t === 'b') value = v === '1';
    else value = v === null || v === '' ? undefined : Number(v);
    if (value === '') value = undefined;
    const formula = f ? `=${f}` : undefined;
    if (value !== undefined || formula !== undefined) sheet.setRaw(r, col, value ?? 0, formula);
    const s = c.getAttribute('s');
    const fmt = s === null ? undefined : styleFormats[Number(s)];
    if (fmt && fmt !== 'General') sheet.setFormat(r, col, fmt);
  }
}

/** The Excel tables of a worksheet part. */
function readTables(model: WorkbookModel, sheet: SheetModel, files: Files, path: string, doc: Document): void {
  const sheetRels = rels(files, path);
  for (const tp of all(doc, 'tablePart')) {
    const tPath = sheetRels.get(relId(tp) ?? '');
    if (!tPath || !files[tPath]) continue;
    const tEl = parse(strFromU8(files[tPath])).documentElement;
    const tRef = tEl.getAttribute('ref');
    const tName = tEl.getAttribute('name') ?? tEl.getAttribute('displayName');
    if (!tRef || !tName) continue;
    try {
      const table = model.addTable(sheet, parseAddress(tRef), true);
      model.renameTable(table, tName);
    } catch {
      // A table the stand-in's rules reject (overlap, odd name) is read as plain cells.
    }
  }
}

/** Defined names that refer to one range on a sheet. */
function readDefinedNames(model: WorkbookModel, wbDoc: Document): void {
  for (const dn of all(wbDoc, 'definedName')) {
    const name = dn.getAttribute('name') ?? '';
    const ref = (dn.textContent ?? '').trim();
    const bang = ref.lastIndexOf('!');
    if (bang < 0 || name.startsWith('_xlnm')) continue;
    let sheetName = ref.slice(0, bang);
    if (sheetName.startsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    const s = model.findSheet(sheetName);
    if (!s) continue;
    try {
      model.addName(name, s, parseAddress(ref.slice(bang + 1).replace(/\$/g, '')));
    } catch {
      // Names the stand-in rejects are skipped.
    }
  }
}

/** Loads .xlsx bytes into a stand-in workbook. Throws an Error with a plain message when it is no .xlsx. */
export function xlsxToModel(bytes: Uint8Array): WorkbookModel {
  let files: Files;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  } catch {
    throw new Error('This file is not an .xlsx workbook (it could not be unzipped).');
  }
  const wbPath = 'xl/workbook.xml';
  if (!files[wbPath]) throw new Error('This file is not an .xlsx workbook (xl/workbook.xml is missing).');
  const wbDoc = parse(strFromU8(files[wbPath]));
  const date1904 = ['1', 'true'].includes(first(wbDoc, 'workbookPr')?.getAttribute('date1904') ?? '');
  const model = new WorkbookModel({ date1904 });
  const wbRels = rels(files, wbPath);
  const shared: string[] = files['xl/sharedStrings.xml']
    ? all(parse(strFromU8(files['xl/sharedStrings.xml'])), 'si').map(itemText)
    : [];
  const styleFormats = readStyleFormats(files);
  for (const el of all(wbDoc, 'sheet')) {
    const name = el.getAttribute('name') ?? `Sheet${model.sheets.length + 1}`;
    const path = wbRels.get(relId(el) ?? '');
    const sheet = model.addSheet(name);
    const state = el.getAttribute('state');
    sheet.visibility = state === 'veryHidden' ? 'VeryHidden' : state === 'hidden' ? 'Hidden' : 'Visible';
    if (!path || !files[path]) continue;
    const doc = parse(strFromU8(files[path]));
    readCells(sheet, doc, shared, styleFormats);
    readTables(model, sheet, files, path, doc);
  }
  const visible = model.visibleSheets();
  if (visible.length > 0) model.active = visible[0];
  readDefinedNames(model, wbDoc);
  return model;
}
