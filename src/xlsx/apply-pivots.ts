/**
 * Package-level work on pivot tables and slicers, around excelize-wasm (see apply-zip.ts):
 *
 * - `removePivotParts`: when an owned sheet goes, its pivot tables go with their pivot caches (cache
 *   definition and records, the workbook's `<pivotCache>` entry and relationship) unless a pivot that stays
 *   still uses them, and its slicers go with their slicer caches (part, relationship, the workbook's
 *   `<x14:slicerCache>` entry, the `Slicer_…` defined name). Content-type overrides of every removed part go
 *   too, so a refresh leaves no orphan behind.
 * - `fixSlicerCaches`: excelize-wasm 0.1.3 gives every slicer of a pivot the slicer cache of that pivot's
 *   first slicer (so a second slicer would filter the first one's field). Each slicer of the Plan gets a
 *   cache of its own here, named as the Plan says, cloned from the pivot's first.
 */
import { strFromU8, strToU8 } from 'fflate';
import { relsPathOf, resolveTarget } from '../opc-paths.js';
import { unescapeXml } from './apply-cells.js';

type Files = Record<string, Uint8Array>;

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const CONTENT_TYPES = '[Content_Types].xml';
const REL_SLICER_CACHE = 'http://schemas.microsoft.com/office/2007/relationships/slicerCache';
const CT_SLICER_CACHE = 'application/vnd.ms-excel.slicerCache+xml';
const X14_SLICER_CACHES_URI = '{BBE1A952-AA13-448e-AADC-164F8A28A991}';

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
  tag: string;
}

/** The relationships of a part (empty when it has none). */
export function relationshipsOf(files: Files, part: string): Rel[] {
  const rels = files[relsPathOf(part)] as Uint8Array | undefined;
  if (!rels) return [];
  return [...strFromU8(rels).matchAll(/<Relationship\b[^>]*?(?:\/>|>\s*<\/Relationship>)/g)].map((m) => ({
    id: /\bId="([^"]+)"/.exec(m[0])?.[1] ?? '',
    type: /\bType="([^"]+)"/.exec(m[0])?.[1] ?? '',
    target: unescapeXml(/\bTarget="([^"]+)"/.exec(m[0])?.[1] ?? ''),
    external: /\bTargetMode="External"/.test(m[0]),
    tag: m[0],
  }));
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (xml: string, name: string) => {
  const v = new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
  return v === undefined ? undefined : unescapeXml(v);
};
const text = (files: Files, part: string) => strFromU8(files[part]);

function dropOverrides(files: Files, parts: ReadonlySet<string>): void {
  const ct = text(files, CONTENT_TYPES).replace(
    /<Override\b[^>]*?\bPartName="\/([^"]+)"[^>]*?(?:\/>|>\s*<\/Override>)/g,
    (all, p: string) => (parts.has(p) ? '' : all),
  );
  files[CONTENT_TYPES] = strToU8(ct);
}

function dropParts(files: Files, parts: ReadonlySet<string>): void {
  for (const p of parts) {
    Reflect.deleteProperty(files, p);
    Reflect.deleteProperty(files, relsPathOf(p));
  }
  dropOverrides(files, parts);
}

/** Remove workbook relationships by id, and the elements of workbook.xml that point at them. */
function dropWorkbookRels(files: Files, ids: ReadonlySet<string>): void {
  if (ids.size === 0) return;
  let rels = text(files, WORKBOOK_RELS);
  for (const r of relationshipsOf(files, WORKBOOK)) if (ids.has(r.id)) rels = rels.replace(r.tag, '');
  files[WORKBOOK_RELS] = strToU8(rels);
  let wb = text(files, WORKBOOK);
  wb = wb.replace(/<pivotCache\b[^>]*?(?:\/>|>\s*<\/pivotCache>)/g, (all) =>
    ids.has(attr(all, 'r:id') ?? '') ? '' : all,
  );
  wb = wb.replace(/<pivotCaches>\s*<\/pivotCaches>/, '');
  wb = wb.replace(/<x14:slicerCache\b[^>]*?(?:\/>|>\s*<\/x14:slicerCache>)/g, (all) =>
    ids.has(attr(all, 'r:id') ?? '') ? '' : all,
  );
  // An ext left without slicer caches goes, and an extLst left empty.
  wb = wb.replace(/<ext\b[^>]*>\s*<x1[45]:slicerCaches\b[^>]*>\s*<\/x1[45]:slicerCaches>\s*<\/ext>/g, '');
  wb = wb.replace(/<extLst>\s*<\/extLst>/, '');
  files[WORKBOOK] = strToU8(wb);
}

function dropDefinedNames(files: Files, names: ReadonlySet<string>): void {
  if (names.size === 0) return;
  let wb = text(files, WORKBOOK);
  wb = wb.replace(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g, (all, attrs: string) =>
    !/\blocalSheetId=/.test(attrs) && names.has(attr(attrs, 'name') ?? '') ? '' : all,
  );
  wb = wb.replace(/<definedNames>\s*<\/definedNames>/, '');
  files[WORKBOOK] = strToU8(wb);
}

/** Pivot table parts of a worksheet. */
function pivotTablesOf(files: Files, sheetPart: string): string[] {
  return relationshipsOf(files, sheetPart)
    .filter((r) => !r.external && r.type.endsWith('/pivotTable'))
    .map((r) => resolveTarget(sheetPart, r.target))
    .filter((p) => p in files);
}

/** The cache definition part a pivot table uses. */
function cacheOf(files: Files, pivotPart: string): string | null {
  const r = relationshipsOf(files, pivotPart).find((x) => x.type.endsWith('/pivotCacheDefinition'));
  return r ? resolveTarget(pivotPart, r.target) : null;
}

/** Every slicer cache of the workbook: part, relationship id and name. */
function slicerCaches(files: Files): { part: string; rid: string; name: string }[] {
  return relationshipsOf(files, WORKBOOK)
    .filter((r) => r.type === REL_SLICER_CACHE)
    .map((r) => {
      const part = resolveTarget(WORKBOOK, r.target);
      const xml = part in files ? text(files, part) : '';
      return { part, rid: r.id, name: attr(/<slicerCacheDefinition\b[^>]*>/.exec(xml)?.[0] ?? '', 'name') ?? '' };
    });
}

/** Cache names the slicers of a slicers part use. */
function slicerCacheNames(xml: string): string[] {
  return [...xml.matchAll(/<slicer\b[^>]*>/g)].map((m) => attr(m[0], 'cache') ?? '');
}

/**
 * Remove what the worksheet `sheetPart` (an owned sheet being removed) brings at workbook level: its pivot
 * tables, the caches only they use, and the slicer caches only its slicers use. Call before the sheet's own
 * dependent parts (drawings, slicers parts) are removed.
 */
export function removePivotParts(files: Files, sheetPart: string): void {
  const pivots = new Set(pivotTablesOf(files, sheetPart));
  const slicerParts = relationshipsOf(files, sheetPart)
    .filter((r) => !r.external && r.type.endsWith('/slicer'))
    .map((r) => resolveTarget(sheetPart, r.target))
    .filter((p) => p in files);
  if (pivots.size === 0 && slicerParts.length === 0) return;
  // Caches still used by a pivot table of another sheet stay.
  const otherPivots = Object.keys(files).filter((p) => /^xl\/pivotTables\/[^/]+\.xml$/.test(p) && !pivots.has(p));
  const kept = new Set(otherPivots.map((p) => cacheOf(files, p)));
  const doomed = new Set<string>(pivots);
  for (const p of pivots) {
    const cache = cacheOf(files, p);
    if (cache === null || kept.has(cache) || !(cache in files)) continue;
    doomed.add(cache);
    for (const r of relationshipsOf(files, cache))
      if (!r.external && r.type.endsWith('/pivotCacheRecords')) doomed.add(resolveTarget(cache, r.target));
  }
  // Slicer caches used by this sheet's slicers and by no slicer elsewhere.
  const ours = new Set(slicerParts.flatMap((p) => slicerCacheNames(text(files, p))));
  const elsewhere = new Set(
    Object.keys(files)
      .filter((p) => /^xl\/slicers\/[^/]+\.xml$/.test(p) && !slicerParts.includes(p))
      .flatMap((p) => slicerCacheNames(text(files, p))),
  );
  const goneCaches = slicerCaches(files).filter((c) => ours.has(c.name) && !elsewhere.has(c.name));
  for (const c of goneCaches) doomed.add(c.part);
  const rids = new Set([
    ...goneCaches.map((c) => c.rid),
    ...relationshipsOf(files, WORKBOOK)
      .filter((r) => doomed.has(resolveTarget(WORKBOOK, r.target)))
      .map((r) => r.id),
  ]);
  dropWorkbookRels(files, rids);
  dropDefinedNames(files, new Set(goneCaches.map((c) => c.name)));
  dropParts(files, doomed);
}

/** A slicer as the Plan wrote it: its sheet, name, field, the cache name it must have, and its pivot or table. */
export interface PlannedSlicer {
  /** The sheet it sits on (one the Plan created): only that sheet's slicers are looked at. */
  sheet: string;
  name: string;
  field: string;
  cache: string;
  pivot: string;
}

/** The slicers parts of the worksheet named `sheet`. */
function slicerPartsOf(files: Files, sheet: string): string[] {
  const rels = relationshipsOf(files, WORKBOOK);
  const tag = [...text(files, WORKBOOK).matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((t) => attr(t, 'name') === sheet);
  const rel = tag ? rels.find((r) => r.id === attr(tag, 'r:id')) : undefined;
  if (!rel) return [];
  const part = resolveTarget(WORKBOOK, rel.target);
  return relationshipsOf(files, part)
    .filter((r) => !r.external && r.type.endsWith('/slicer'))
    .map((r) => resolveTarget(part, r.target))
    .filter((p) => p in files);
}

/**
 * Give each planned slicer its own slicer cache (see the module comment). Where each slicer points is read
 * before any cache is renamed, since a slicer may point at the cache of another one.
 */
export function fixSlicerCaches(files: Files, planned: readonly PlannedSlicer[]): void {
  if (planned.length === 0) return;
  const caches = slicerCaches(files);
  const claimed = new Set<string>();
  const tagsOf = (p: string) => [...text(files, p).matchAll(/<slicer\b[^>]*>/g)].map((m) => m[0]);
  // excelize names a slicer `field`, or `field 1` … when a slicer of that name exists (a user's, say).
  const sameField = (name: string, field: string) =>
    name === field || (name.startsWith(`${field} `) && /^\d+$/.test(name.slice(field.length + 1)));
  const found = planned.map((s) => {
    const candidates = slicerPartsOf(files, s.sheet).flatMap((part) => tagsOf(part).map((tag) => ({ part, tag })));
    const free = candidates.filter((c) => !claimed.has(c.tag));
    const hit =
      free.find((c) => attr(c.tag, 'name') === s.name) ??
      free.find((c) => sameField(attr(c.tag, 'name') ?? '', s.field));
    if (!hit) throw new Error(`slicer ${s.name} not found in the written workbook`);
    claimed.add(hit.tag);
    const current = caches.find((c) => c.name === attr(hit.tag, 'cache'));
    if (!current) throw new Error(`slicer ${s.name}: its cache ${attr(hit.tag, 'cache') ?? ''} is missing`);
    return { s, part: hit.part, tag: hit.tag, current };
  });
  for (const { s, part, tag, current } of found) {
    const cacheXml = text(files, current.part);
    const own = attr(/<slicerCacheDefinition\b[^>]*>/.exec(cacheXml)?.[0] ?? '', 'sourceName') === s.field;
    if (own) {
      const name = attr(/<slicerCacheDefinition\b[^>]*>/.exec(cacheXml)?.[0] ?? '', 'name') ?? current.name;
      if (name !== s.cache) renameSlicerCache(files, current.part, name, s.cache);
    } else addSlicerCache(files, current.part, s);
    // Point the slicer at its cache.
    const fixed = tag.replace(/\bcache="[^"]*"/, `cache="${escapeAttr(s.cache)}"`);
    files[part] = strToU8(text(files, part).replace(tag, fixed));
  }
}

function setDefinition(xml: string, name: string, sourceName: string | null): string {
  return xml.replace(/<slicerCacheDefinition\b[^>]*>/, (open) => {
    let out = open.replace(/\bname="[^"]*"/, `name="${escapeAttr(name)}"`);
    if (sourceName !== null) out = out.replace(/\bsourceName="[^"]*"/, `sourceName="${escapeAttr(sourceName)}"`);
    return out;
  });
}

function renameSlicerCache(files: Files, part: string, from: string, to: string): void {
  files[part] = strToU8(setDefinition(text(files, part), to, null));
  // The slicer cache's own name is the `#N/A` one excelize added last (a user's name may be spelled alike).
  const wb = text(files, WORKBOOK);
  const ours = `<definedName name="${escapeAttr(from)}">#N/A</definedName>`;
  const at = wb.lastIndexOf(ours);
  if (at < 0) throw new Error(`slicer cache ${from} has no defined name`);
  const renamed = `<definedName name="${escapeAttr(to)}">#N/A</definedName>`;
  files[WORKBOOK] = strToU8(wb.slice(0, at) + renamed + wb.slice(at + ours.length));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A new slicer cache for `s`, cloned from `template` (a cache of the same pivot), registered everywhere. */
function addSlicerCache(files: Files, template: string, s: PlannedSlicer): void {
  let n = 1;
  while (`xl/slicerCaches/slicerCache${n}.xml` in files) n++;
  const part = `xl/slicerCaches/slicerCache${n}.xml`;
  files[part] = strToU8(setDefinition(text(files, template), s.cache, s.field));
  const rels = relationshipsOf(files, WORKBOOK);
  let k = rels.length + 1;
  while (rels.some((r) => r.id === `rId${k}`)) k++;
  const rid = `rId${k}`;
  files[WORKBOOK_RELS] = strToU8(
    text(files, WORKBOOK_RELS).replace(
      '</Relationships>',
      `<Relationship Id="${rid}" Type="${REL_SLICER_CACHE}" Target="slicerCaches/slicerCache${n}.xml"/></Relationships>`,
    ),
  );
  let wb = text(files, WORKBOOK);
  const defined = `<definedName name="${escapeAttr(s.cache)}">#N/A</definedName>`;
  wb = /<definedNames>/.test(wb) ? wb.replace('</definedNames>', `${defined}</definedNames>`) : wb;
  const ext = new RegExp(
    `(<ext\\b[^>]*uri="${escapeRegExp(X14_SLICER_CACHES_URI)}"[^>]*>\\s*<x14:slicerCaches\\b[^>]*>)`,
  );
  if (!ext.test(wb)) throw new Error('workbook.xml has no x14:slicerCaches to add a slicer cache to');
  wb = wb.replace(ext, `$1<x14:slicerCache r:id="${rid}"/>`);
  files[WORKBOOK] = strToU8(wb);
  files[CONTENT_TYPES] = strToU8(
    text(files, CONTENT_TYPES).replace(
      '</Types>',
      `<Override PartName="/${part}" ContentType="${CT_SLICER_CACHE}"/></Types>`,
    ),
  );
}
