/**
 * Excel tables of the sheets a Plan creates, written as package parts after excelize has written the file.
 *
 * excelize's AddTable reads the header names from cells it holds, so each header went through a
 * `SetCellStr` call, and every call into excelize-wasm costs milliseconds (the demo's 62 tables: 3 s of
 * its write phase). The headers now stay in the applier's own cells and the table parts are written here:
 * the part (`xl/tables/tableN.xml`), its relationship from the sheet, its content type and the sheet's
 * `<tableParts>`, as excelize writes them. Only tables a pivot table reads still go through excelize
 * (its AddPivotTable finds the source table by name).
 */
import { strFromU8, strToU8 } from 'fflate';
import { relsPathOf, resolveTarget } from '../opc-paths.js';
import { escapeXml } from './apply-cells.js';

type Files = Record<string, Uint8Array>;

export interface OwnTable {
  name: string;
  /** A1 range, header row included. */
  ref: string;
  style: string;
  showRowStripes: boolean;
  /** Column names, as the header cells hold them. */
  columns: string[];
}

const TABLE_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table';
const TABLE_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';

/** An attribute value: XML escapes, and line breaks and tabs as character references (else read as spaces). */
function attr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;').replace(/\t/g, '&#x9;');
}

/**
 * Table column names from a header row, as excelize's AddTable makes them: the header's text, or
 * `Column<n>` (n counted from 1 in the table) where the header is empty or repeats an earlier name (ignoring
 * case). The header cells must then hold exactly these texts.
 * @example tableColumnNames(['Channel', '', 'channel']) // → ['Channel', 'Column2', 'Column3']
 */
export function tableColumnNames(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    const name = h === '' || seen.has(h.toLowerCase()) ? `Column${i + 1}` : h;
    seen.add(name.toLowerCase());
    return name;
  });
}

function tableXml(t: OwnTable, id: number): string {
  const cols = t.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${attr(c)}"/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${attr(t.name)}" displayName="${attr(t.name)}" ref="${t.ref}">` +
    `<autoFilter ref="${t.ref}"/><tableColumns count="${t.columns.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="${attr(t.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="${t.showRowStripes ? 1 : 0}" showColumnStripes="0"/></table>`
  );
}

/** Adds `tables` (by sheet part) to the package: parts, relationships, content types and `<tableParts>`. */
export function addTables(files: Files, tables: ReadonlyMap<string, readonly OwnTable[]>): void {
  if (tables.size === 0) return;
  let nextPart = 1;
  let nextId = 1;
  for (const [name, data] of Object.entries(files)) {
    const m = /^xl\/tables\/table(\d+)\.xml$/.exec(name);
    if (!m) continue;
    nextPart = Math.max(nextPart, Number(m[1]) + 1);
    const id = /<table\b[^>]*?\sid="(\d+)"/.exec(strFromU8(data.subarray(0, 2048)))?.[1];
    if (id !== undefined) nextId = Math.max(nextId, Number(id) + 1);
  }
  let types = strFromU8(files['[Content_Types].xml']);
  for (const [sheetPart, list] of tables) {
    if (list.length === 0) continue;
    const relsPart = relsPathOf(sheetPart);
    let rels = files[relsPart]
      ? strFromU8(files[relsPart])
      : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const used = new Set([...rels.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
    let nextRel = 1;
    const refs: string[] = [];
    for (const t of list) {
      while (used.has(`rId${nextRel}`)) nextRel++;
      const rid = `rId${nextRel}`;
      used.add(rid);
      const part = `xl/tables/table${nextPart++}.xml`;
      files[part] = strToU8(tableXml(t, nextId++));
      const target = `../tables/${part.slice('xl/tables/'.length)}`;
      if (resolveTarget(sheetPart, target) !== part) throw new Error(`table part ${part} is not beside ${sheetPart}`);
      rels = rels.replace(
        /<\/Relationships>\s*$/,
        `<Relationship Id="${rid}" Type="${TABLE_TYPE}" Target="${target}"/></Relationships>`,
      );
      types = types.replace(
        /<\/Types>\s*$/,
        `<Override PartName="/${part}" ContentType="${TABLE_CONTENT_TYPE}"/></Types>`,
      );
      refs.push(`<tablePart r:id="${rid}"/>`);
    }
    files[relsPart] = strToU8(rels);
    files[sheetPart] = strToU8(withTableParts(strFromU8(files[sheetPart]), refs));
  }
  files['[Content_Types].xml'] = strToU8(types);
}

/** The worksheet with `refs` added to its `<tableParts>` (made where CT_Worksheet puts it: before `<extLst>`). */
function withTableParts(xml: string, refs: readonly string[]): string {
  let out = xml;
  if (!/^[\s\S]*?<worksheet\b[^>]*\bxmlns:r=/.test(out))
    out = out.replace(
      /<worksheet\b/,
      '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
    );
  const existing = /<tableParts\b[^>]*?(?:\/>|>([\s\S]*?)<\/tableParts>)/.exec(out);
  if (existing) {
    const inner = (existing[1] ?? '') + refs.join('');
    const count = (inner.match(/<tablePart\b/g) ?? []).length;
    return out.replace(existing[0], `<tableParts count="${count}">${inner}</tableParts>`);
  }
  const el = `<tableParts count="${refs.length}">${refs.join('')}</tableParts>`;
  const at = topLevelExtLst(out) ?? out.lastIndexOf('</worksheet>');
  return out.slice(0, at) + el + out.slice(at);
}

/** Offset of the worksheet's own `<extLst>` (a child of `<worksheet>`, not one inside a rule), or null. */
function topLevelExtLst(xml: string): number | null {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)\b[^>]*?(\/?)>/g;
  tag.lastIndex = Math.max(0, xml.indexOf('<worksheet'));
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1]) depth--;
    else {
      if (depth === 1 && m[2] === 'extLst') return m.index;
      if (!m[3]) depth++;
    }
  }
  return null;
}
