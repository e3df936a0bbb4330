/**
 * Package-level work around excelize-wasm, so the user's workbook is never parsed or rewritten:
 *
 * - `preparePackage`: removes the Loopbook-owned sheets a Plan replaces or deletes (with their drawings,
 *   charts and tables), and swaps every large user worksheet for a tiny placeholder. excelize then opens a
 *   small package — its DeleteSheet, SetActiveSheet and SetSheetVisible load and re-serialise every sheet
 *   (47 s for one 100,000-row user sheet), so the applier does those here instead.
 * - `finishPackage`: puts the user's worksheets back byte for byte, writes the new sheets' rows and the
 *   elements the applier owns into their XML (apply-sheet.ts), sets sheet visibility (incl. `veryHidden`, which excelize-wasm cannot) and
 *   the active tab (alone selected), puts the new charts' series in schema order (see chart-xml.ts) and makes
 *   their category axes text axes, and brings the shared-string count and docProps/app.xml's sheet list in
 *   line with the content.
 *
 * Removing an owned sheet here (rather than with excelize) also keeps user formulas that point at it
 * (`=Dashboard!B7`) as they are: they resolve again once the sheet of the same name is re-created.
 */
import { strFromU8, strToU8 } from 'fflate';
import { unescapeXml } from './apply-cells.js';
import type { SheetCells } from './apply-cells.js';
import { worksheetXml, type SheetParts } from './apply-sheet.js';
import { relsPathOf, resolveTarget } from '../opc-paths.js';
import { fixValueAxes, orderChartSeries } from './chart-xml.js';
import { fixSlicerCaches, removePivotParts } from './apply-pivots.js';
import type { PlannedSlicer } from './apply-pivots.js';
import { addTables, type OwnTable } from './apply-tables.js';
import {
  deflatedPieces,
  unzipPackage,
  zipPackage,
  type DeflatedRun,
  type RawEntry,
  type Unzipped,
} from './zip-package.js';
/** Level 3: half the time of level 6 for ~10% larger files (100,000-row bench: 3.6 s vs 6.9 s, with fflate). */
const LEVEL = 3;

type Files = Record<string, Uint8Array>;

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
/** User worksheets larger than this are swapped for a placeholder while excelize works. */
const PLACEHOLDER_MIN_BYTES = 32 * 1024;
const PLACEHOLDER = strToU8(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/></worksheet>',
);

interface SheetEntry {
  name: string;
  rid: string;
  part: string;
  /** The whole `<sheet …/>` (or `<sheet …></sheet>`) element as written. */
  tag: string;
}

function relationships(files: Files, part: string): { id: string; target: string; external: boolean; tag: string }[] {
  const rels = files[relsPathOf(part)];
  if (!rels) return [];
  return [...strFromU8(rels).matchAll(/<Relationship\b[^>]*?(?:\/>|>\s*<\/Relationship>)/g)].map((m) => ({
    id: /\bId="([^"]+)"/.exec(m[0])?.[1] ?? '',
    target: unescapeXml(/\bTarget="([^"]+)"/.exec(m[0])?.[1] ?? ''),
    external: /\bTargetMode="External"/.test(m[0]),
    tag: m[0],
  }));
}

/** The workbook's sheets in tab order, with their parts. */
export function workbookSheets(files: Files): SheetEntry[] {
  const wb = strFromU8(files[WORKBOOK]);
  const targets = new Map(relationships(files, WORKBOOK).map((r) => [r.id, resolveTarget(WORKBOOK, r.target)]));
  return [...wb.matchAll(/<sheet\b[^>]*?(?:\/>|>\s*<\/sheet>)/g)].map((m) => {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? '';
    return { name, rid, part: targets.get(rid) ?? '', tag: m[0] };
  });
}

/** Sheet name → worksheet part path (e.g. `xl/worksheets/sheet3.xml`). */
export function sheetPaths(files: Files): Map<string, string> {
  return new Map(workbookSheets(files).map((s) => [s.name, s.part]));
}

/** Every part a worksheet brings along (drawings → charts, tables …), found through the rels. */
function dependentParts(files: Files, part: string, out: Set<string>): void {
  for (const r of relationships(files, part)) {
    if (r.external) continue;
    const target = resolveTarget(part, r.target);
    if (out.has(target) || !(target in files)) continue;
    // Shared parts (pivot caches, printer settings of other sheets …) are not Loopbook's: keep them.
    if (/^xl\/(pivotCache|pivotTables|externalLinks|connections)/.test(target)) continue;
    out.add(target);
    dependentParts(files, target, out);
  }
}

/** Remove one sheet and what it brings along from the package (our own sheets only). */
function removeSheet(files: Files, sheet: SheetEntry, index: number): void {
  // Its pivot tables, and the pivot and slicer caches only they use (workbook-level parts).
  removePivotParts(files, sheet.part);
  const doomed = new Set<string>([sheet.part]);
  dependentParts(files, sheet.part, doomed);
  for (const p of doomed) {
    Reflect.deleteProperty(files, p);
    Reflect.deleteProperty(files, relsPathOf(p));
  }
  let wb = strFromU8(files[WORKBOOK]);
  wb = wb.replace(sheet.tag, '');
  // Sheet-scoped defined names: drop the sheet's own, renumber those of the sheets after it.
  wb = wb.replace(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g, (all, attrs: string) => {
    const m = /\blocalSheetId="(\d+)"/.exec(attrs);
    if (!m) return all;
    const id = Number(m[1]);
    if (id === index) return '';
    return id > index ? all.replace(`localSheetId="${id}"`, `localSheetId="${id - 1}"`) : all;
  });
  wb = wb.replace(/<definedNames>\s*<\/definedNames>/, '');
  wb = wb.replace(/\b(activeTab|firstSheet)="(\d+)"/g, (all, attr: string, n: string) =>
    Number(n) >= index && Number(n) > 0 ? `${attr}="${Number(n) - 1}"` : all,
  );
  files[WORKBOOK] = strToU8(wb);
  const rel = relationships(files, WORKBOOK).find((r) => r.id === sheet.rid);
  if (rel) files[WORKBOOK_RELS] = strToU8(strFromU8(files[WORKBOOK_RELS]).replace(rel.tag, ''));
  const ct = strFromU8(files['[Content_Types].xml']).replace(
    /<Override\b[^>]*?\bPartName="\/([^"]+)"[^>]*?(?:\/>|>\s*<\/Override>)/g,
    (all, p: string) => (doomed.has(p) ? '' : all),
  );
  files['[Content_Types].xml'] = strToU8(ct);
}

export interface Prepared {
  /** The package excelize opens: owned sheets removed, large user sheets as placeholders. */
  small: Uint8Array;
  /** Original bytes of the worksheets replaced by placeholders, by part path. */
  originals: Map<string, Uint8Array>;
  /** Chart parts already in the package, name → XML (the user's charts, left as they are). */
  userCharts: Map<string, string>;
  /** The workbook counts dates in the 1904 system (`<workbookPr date1904="1">`). */
  date1904: boolean;
  /** Workbook-level defined names left once the owned sheets are removed (the user's: new names avoid them). */
  definedNames: string[];
  /** The user's shared strings, set aside like the large sheets (see `setAsideSharedStrings`). */
  sharedStrings: SetAside | null;
  /** The parts' compressed bytes as read: what comes back unchanged is not compressed again. */
  raw: Unzipped['raw'];
}

/** A part set aside while excelize works: its path and original bytes. */
export interface SetAside {
  part: string;
  bytes: Uint8Array;
}

const EMPTY_SST = strToU8(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>',
);

function sharedStringsPart(files: Files): string {
  const rel = relationships(files, WORKBOOK).find((r) => r.tag.includes('/relationships/sharedStrings"'));
  return rel ? resolveTarget(WORKBOOK, rel.target) : 'xl/sharedStrings.xml';
}

/**
 * A large shared-string table is swapped for an empty one while excelize works: excelize parses the whole
 * table the first time it sets a string (2 s for the sample's 1.3 MB), and only the applier's own sheets
 * get strings from it. `finishPackage` turns those into inline strings and puts the user's table back.
 */
function setAsideSharedStrings(files: Files): SetAside | null {
  const part = sharedStringsPart(files);
  const bytes = files[part] as Uint8Array | undefined;
  if (!bytes || bytes.length < PLACEHOLDER_MIN_BYTES) return null;
  files[part] = EMPTY_SST;
  return { part, bytes };
}

/**
 * Shared-string cells of a sheet excelize wrote as inline strings, from excelize's own table `sst`
 * (a `<si>` holds what an `<is>` does).
 */
function inlineSharedStrings(xml: string, sst: readonly string[]): string {
  return xml.replace(/<c\b([^>]*?)\st="s"([^>]*)>\s*<v>(\d+)<\/v>\s*<\/c>/g, (all, a: string, b: string, i: string) => {
    const si = sst[Number(i)];
    return si === undefined ? all : `<c${a} t="inlineStr"${b}><is>${si}</is></c>`;
  });
}

/** Whether workbook.xml sets the 1904 date system. */
export function isDate1904(workbookXml: string): boolean {
  const pr = /<workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
  return /\bdate1904="(1|true)"/.test(pr);
}

/**
 * Remove the named (Loopbook-owned) sheets and set the user's large worksheets aside.
 * Throws when a sheet to remove is not in the workbook (the Plan was built for another workbook).
 */
export function preparePackage(bytes: Uint8Array, remove: readonly string[]): Prepared {
  const { files, raw } = unzipPackage(bytes);
  if (!(WORKBOOK in files) || !(WORKBOOK_RELS in files))
    throw new Error('Not an .xlsx workbook (xl/workbook.xml is missing)');
  for (const name of remove) {
    const sheets = workbookSheets(files);
    const i = sheets.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new Error(`Plan removes sheet "${name}", which the workbook does not have`);
    removeSheet(files, sheets[i], i);
  }
  const originals = new Map<string, Uint8Array>();
  for (const s of workbookSheets(files)) {
    const data = files[s.part] as Uint8Array | undefined;
    if (data && data.length >= PLACEHOLDER_MIN_BYTES && s.part.startsWith('xl/worksheets/')) {
      originals.set(s.part, data);
      files[s.part] = PLACEHOLDER;
    }
  }
  const sharedStrings = setAsideSharedStrings(files);
  const userCharts = new Map<string, string>();
  for (const [name, data] of Object.entries(files))
    if (/^xl\/charts\/chart\d+\.xml$/.test(name)) userCharts.set(name, strFromU8(data));
  // Stored, not deflated: excelize reads it once and the work is thrown away.
  return {
    small: zipPackage(files, 0),
    originals,
    userCharts,
    date1904: isDate1904(strFromU8(files[WORKBOOK])),
    definedNames: [...strFromU8(files[WORKBOOK]).matchAll(/<definedName\b([^>]*)>/g)]
      .filter((m) => !/\blocalSheetId=/.test(m[1]))
      .map((m) => unescapeXml(/\bname="([^"]*)"/.exec(m[1])?.[1] ?? '')),
    sharedStrings,
    raw,
  };
}

/** Byte offset of ASCII `pattern` in `bytes` from `from`, or -1. */
function indexOfAscii(bytes: Uint8Array, pattern: string, from: number, limit: number): number {
  const first = pattern.charCodeAt(0);
  const end = Math.min(bytes.length - pattern.length, limit);
  outer: for (let i = from; i <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < pattern.length; j++) if (bytes[i + j] !== pattern.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** Rewrite only the `<sheetViews>` element of a worksheet (ASCII), leaving every other byte alone. */
function editSheetViews(bytes: Uint8Array, edit: (views: string) => string): Uint8Array {
  const start = indexOfAscii(bytes, '<sheetViews', 0, 1 << 20);
  if (start < 0) return bytes;
  const endTag = indexOfAscii(bytes, '</sheetViews>', start, start + (1 << 20));
  const selfClose = indexOfAscii(bytes, '/>', start, start + 200);
  const end = endTag >= 0 ? endTag + '</sheetViews>'.length : selfClose >= 0 ? selfClose + 2 : -1;
  if (end < 0) return bytes;
  const views = strFromU8(bytes.subarray(start, end));
  const edited = edit(views);
  if (edited === views) return bytes;
  const mid = strToU8(edited);
  const out = new Uint8Array(bytes.length - (end - start) + mid.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(mid, start);
  out.set(bytes.subarray(end), start + mid.length);
  return out;
}

const unselect = (views: string) => views.replace(/\s+tabSelected="(1|true)"/g, '');
const select = (views: string) => unselect(views).replace(/<sheetView\b/, '<sheetView tabSelected="1"');

export interface FinishOptions {
  /** Cells of the sheets the Plan created, by sheet name. */
  cells: Map<string, SheetCells>;
  /** The worksheet elements the applier writes itself, by sheet name (see apply-sheet.ts). */
  parts?: ReadonlyMap<string, SheetParts>;
  /** Worksheets set aside by `preparePackage`, restored byte for byte (apart from tab selection). */
  originals: Map<string, Uint8Array>;
  userCharts: ReadonlyMap<string, string>;
  hidden: { sheet: string; mode: 'hidden' | 'veryHidden' }[];
  /** Sheet to activate, or null to leave the tab selection alone. */
  active: string | null;
  /** The Plan's slicers, each to get a slicer cache of its own (see apply-pivots.ts). */
  slicers?: readonly PlannedSlicer[];
  /** Tables the applier writes itself, by sheet name (see apply-tables.ts). */
  tables?: ReadonlyMap<string, readonly OwnTable[]>;
  /** The user's shared strings set aside by `preparePackage`, to put back. */
  sharedStrings?: SetAside | null;
  /** `preparePackage`'s compressed parts, copied as they were where the part is unchanged. */
  raw?: Unzipped['raw'];
}

/**
 * `[Content_Types].xml` with its `<Default>` elements in the order of their extensions, each where a `<Default>`
 * was: excelize writes them from a Go map, in a different order each run, so two runs on the same input gave
 * different packages. The order means nothing to Excel (the schema's `xsd:choice`); the same bytes make workbooks
 * comparable. Everything else is left as it is.
 * @example orderDefaults('<Types><Default Extension="xml" ContentType="a"/><Default Extension="png" ContentType="b"/></Types>')
 *   // '<Types><Default Extension="png" ContentType="b"/><Default Extension="xml" ContentType="a"/></Types>'
 */
export function orderDefaults(ct: string): string {
  const element = /<Default\b[^>]*?(?:\/>|>\s*<\/Default>)/g;
  const found = ct.match(element) ?? [];
  const key = (e: string) => (/\bExtension="([^"]*)"/.exec(e)?.[1] ?? '').toLowerCase();
  const sorted = found
    .map((e, i) => ({ e, k: key(e), i }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.e);
  let at = 0;
  return ct.replace(element, () => sorted[at++]);
}

/** Turn the package excelize wrote into the final workbook (see the module comment). */
export function finishPackage(bytes: Uint8Array, opts: FinishOptions): Uint8Array {
  const { files } = unzipPackage(bytes);
  const sheets = workbookSheets(files);
  const partOf = new Map(sheets.map((s) => [s.name, s.part]));
  for (const [part, data] of opts.originals) files[part] = data;
  fixSlicerCaches(files, opts.slicers ?? []);
  const tables = new Map<string, readonly OwnTable[]>();
  for (const [sheet, list] of opts.tables ?? []) {
    const p = partOf.get(sheet);
    if (p === undefined || !(p in files)) throw new Error(`sheet ${sheet} not found in the written workbook`);
    tables.set(p, list);
  }
  addTables(files, tables);
  files['[Content_Types].xml'] = strToU8(orderDefaults(strFromU8(files['[Content_Types].xml'])));
  let excelizeSst: string[] | null = null;
  if (opts.sharedStrings) {
    const sst = files[opts.sharedStrings.part] as Uint8Array | undefined;
    excelizeSst = sst ? [...strFromU8(sst).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]) : [];
    files[opts.sharedStrings.part] = opts.sharedStrings.bytes;
  }
  let ownShared = 0;
  // The new sheets' XML as pieces (their rows as UTF-8 chunks), deflated at the end without being joined.
  const pieces = new Map<string, (string | Uint8Array | DeflatedRun)[]>();
  for (const [sheet, c] of opts.cells) {
    const p = partOf.get(sheet);
    if (p === undefined || !(p in files)) throw new Error(`sheet ${sheet} not found in the written workbook`);
    let xml = strFromU8(files[p]);
    if (excelizeSst) xml = inlineSharedStrings(xml, excelizeSst);
    // Shared strings in these sheets are excelize's cells only (the applier's are inline): counted here, small.
    ownShared += sharedStringCells(strToU8(xml));
    pieces.set(p, worksheetXml(xml, c, opts.parts?.get(sheet), LEVEL));
  }
  // Our charts: category axes are text axes (evenly spaced periods, labels in the axis number format).
  // excelize writes `auto=1`, which makes viewers turn date categories into a daily date axis; and it
  // writes `date1904 val=0` whatever the workbook's date system.
  const date1904 = isDate1904(strFromU8(files[WORKBOOK]));
  for (const name of Object.keys(files)) {
    if (!/^xl\/charts\/chart\d+\.xml$/.test(name)) continue;
    const xml = strFromU8(files[name]);
    if (opts.userCharts.get(name) === xml) continue;
    // (A scatter chart's x axis is a value axis: excelize gives it category-axis children that CT_ValAx forbids.)
    let fixed = fixValueAxes(orderChartSeries(xml)).replace(/<auto val="1"><\/auto>/g, '<auto val="0"></auto>');
    if (date1904) fixed = fixed.replace(/<date1904 val="0"\s*(\/>|><\/date1904>)/, '<date1904 val="1"$1');
    if (fixed !== xml) files[name] = strToU8(fixed);
  }
  let wb = strFromU8(files[WORKBOOK]);
  for (const h of opts.hidden) {
    const s = sheets.find((x) => x.name === h.sheet);
    if (!s) continue;
    const tag = s.tag.replace(/\s+state="[^"]*"/, '').replace(/^<sheet\b/, `<sheet state="${h.mode}"`);
    wb = wb.replace(s.tag, tag);
  }
  if (opts.active !== null) {
    const index = sheets.findIndex((s) => s.name === opts.active);
    if (index < 0) throw new Error(`sheet ${opts.active} to activate is not in the workbook`);
    if (/<workbookView\b[^>]*\bactiveTab="/.test(wb))
      wb = wb.replace(/(<workbookView\b[^>]*\bactiveTab=")\d+"/, `$1${index}"`);
    else if (/<workbookView\b/.test(wb)) wb = wb.replace(/<workbookView\b/, `<workbookView activeTab="${index}"`);
    // No view at all (files written by other tools): Excel would open the first sheet, grouped with the
    // selected one. CT_Workbook puts bookViews right before sheets.
    else
      wb = wb.replace(
        /<bookViews\s*\/>|<bookViews>\s*<\/bookViews>|(?=<sheets\b)/,
        `<bookViews><workbookView activeTab="${index}"/></bookViews>`,
      );
    // The first tab shown in the tab bar must not be hidden or after the active one.
    wb = wb.replace(/(<workbookView\b[^>]*?)\s+firstSheet="\d+"/, '$1');
    for (const s of sheets) {
      const edit = s.name === opts.active ? select : unselect;
      const own = pieces.get(s.part);
      // A new sheet's `<sheetViews>` is one of its pieces (see worksheetXml).
      if (own) {
        for (let i = 0; i < own.length; i++) {
          const x = own[i];
          if (typeof x === 'string' && x.startsWith('<sheetViews')) own[i] = edit(x);
        }
      } else if (s.part in files) files[s.part] = editSheetViews(files[s.part], edit);
    }
  }
  files[WORKBOOK] = strToU8(wb);
  // The applier's own sheets were counted before their cells went in.
  countSharedStrings(files, sheets, new Set([...opts.cells.keys()].map((name) => partOf.get(name))), ownShared);
  listSheetsInAppXml(files, workbookSheets(files));
  const raw = opts.raw ?? new WeakMap<Uint8Array, RawEntry>();
  for (const [p, list] of pieces) files[p] = deflatedPieces(list, LEVEL, raw);
  return zipPackage(files, LEVEL, raw);
}

/** The attribute searched for, as bytes (a string needle is converted again on every call: 0.3 s on the demo). */
const SHARED_TYPE = Buffer.from(' t="s"');

/** Occurrences of a shared-string cell (`<c … t="s" …>`) in worksheet bytes, without decoding them. */
function sharedStringCells(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buf.indexOf(SHARED_TYPE); i >= 0; i = buf.indexOf(SHARED_TYPE, i + 6)) {
    // Inside a tag only when the nearest '<' before it opens a <c> and no '>' comes between
    // (cell text and formulas cannot hold a raw '<').
    let j = i - 1;
    while (j >= 0 && buf[j] !== 0x3c && buf[j] !== 0x3e) j--;
    if (
      j >= 0 &&
      buf[j] === 0x3c &&
      buf[j + 1] === 0x63 /* c */ &&
      (buf[j + 2] === 0x20 || buf[j + 2] === 0x09 || buf[j + 2] === 0x0a || buf[j + 2] === 0x0d)
    )
      n++;
  }
  return n;
}

/**
 * Set `<sst count>` to the number of cells that use a shared string. excelize writes its own count (it
 * never sees the user's set-aside sheets), and other writers often write the unique count there. The sheets in
 * `counted` hold `countedCells` of them (the applier's sheets: not scanned again once their rows are in).
 */
function countSharedStrings(
  files: Files,
  sheets: SheetEntry[],
  counted: ReadonlySet<string | undefined>,
  countedCells: number,
): void {
  const part = sharedStringsPart(files);
  const sst = files[part] as Uint8Array | undefined;
  if (!sst) return;
  let count = countedCells;
  for (const s of sheets)
    if (s.part in files && s.part.startsWith('xl/worksheets/') && !counted.has(s.part))
      count += sharedStringCells(files[s.part]);
  // Only the start tag is rewritten: the strings themselves stay as they are.
  const head = strFromU8(sst.subarray(0, Math.min(sst.length, 1024)));
  const tag = /<sst\b[^>]*>/.exec(head);
  if (!tag) return;
  const edited = /\bcount="\d*"/.test(tag[0])
    ? tag[0].replace(/\bcount="\d*"/, `count="${count}"`)
    : tag[0].replace(/^<sst\b/, `<sst count="${count}"`);
  if (edited === tag[0]) return;
  const start = strToU8(head.slice(0, tag.index)).length;
  const end = start + strToU8(tag[0]).length;
  const mid = strToU8(edited);
  const out = new Uint8Array(sst.length - (end - start) + mid.length);
  out.set(sst.subarray(0, start), 0);
  out.set(mid, start);
  out.set(sst.subarray(end), start + mid.length);
  files[part] = out;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * docProps/app.xml lists the workbook's parts by kind (HeadingPairs: name and count; TitlesOfParts: the
 * names). The Worksheets entry is rewritten from workbook.xml, so added and removed sheets are listed;
 * other entries (named ranges, chart sheets) are kept as they were. Without both lists nothing is added.
 */
function listSheetsInAppXml(files: Files, sheets: SheetEntry[]): void {
  const part = 'docProps/app.xml';
  if (!(part in files)) return;
  const xml = strFromU8(files[part]);
  const pairsM = /<HeadingPairs>\s*<vt:vector\b[^>]*>([\s\S]*?)<\/vt:vector>\s*<\/HeadingPairs>/.exec(xml);
  const titlesM = /<TitlesOfParts>\s*<vt:vector\b[^>]*>([\s\S]*?)<\/vt:vector>\s*<\/TitlesOfParts>/.exec(xml);
  if (!pairsM || !titlesM) return;
  const variants = [...pairsM[1].matchAll(/<vt:variant>([\s\S]*?)<\/vt:variant>/g)].map((m) => m[1]);
  const titles = [...titlesM[1].matchAll(/<vt:lpstr>([\s\S]*?)<\/vt:lpstr>|<vt:lpstr\s*\/>/g)].map((m) => m[0]);
  const groups: { name: string; raw: string; titles: string[] }[] = [];
  let t = 0;
  for (let i = 0; i + 1 < variants.length; i += 2) {
    const name = /<vt:lpstr>([\s\S]*?)<\/vt:lpstr>/.exec(variants[i])?.[1] ?? '';
    const n = Number(/<vt:i4>(\d+)<\/vt:i4>/.exec(variants[i + 1])?.[1] ?? '0');
    groups.push({ name, raw: variants[i], titles: titles.slice(t, t + n) });
    t += n;
  }
  const worksheets = sheets
    .filter((s) => s.part.startsWith('xl/worksheets/'))
    .map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`);
  const ws = groups.find((g) => g.name === 'Worksheets' || g.name === '工作表');
  if (ws) ws.titles = worksheets;
  else groups.unshift({ name: 'Worksheets', raw: '<vt:lpstr>Worksheets</vt:lpstr>', titles: worksheets });
  const kept = groups.filter((g) => g.titles.length > 0);
  const pairs = kept
    .map((g) => `<vt:variant>${g.raw}</vt:variant><vt:variant><vt:i4>${g.titles.length}</vt:i4></vt:variant>`)
    .join('');
  const all = kept.flatMap((g) => g.titles);
  const out = xml
    .replace(
      pairsM[0],
      `<HeadingPairs><vt:vector size="${kept.length * 2}" baseType="variant">${pairs}</vt:vector></HeadingPairs>`,
    )
    .replace(
      titlesM[0],
      `<TitlesOfParts><vt:vector size="${all.length}" baseType="lpstr">${all.join('')}</vt:vector></TitlesOfParts>`,
    );
  if (out !== xml) files[part] = strToU8(out);
}
