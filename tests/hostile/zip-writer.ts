/**
 * Writes hostile .xlsx files for the tests: a zip whose entries are given as already-compressed pieces, so a
 * worksheet that inflates to gigabytes is written as a few megabytes without ever existing uncompressed.
 *
 * The trick (RFC 1951 §3.2.3): raw deflate segments each compressed by a fresh compressor and ended with a
 * full flush (`Z_FULL_FLUSH`: byte-aligned, no final block, no reference to earlier data) can be concatenated,
 * and the same segment repeated; a last segment ended with `Z_FINISH` closes the stream.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  /** The compressed bytes, in pieces (the same Buffer may repeat). */
  pieces: Buffer[];
  /** Uncompressed size as the central directory declares it (a hostile file may lie). */
  size: number;
  /** CRC-32 as declared (Loopbook's reader does not check it; a bomb's is left 0). */
  crc: number;
}

/** A deflate segment that later segments may follow (full flush) or that ends the stream. */
export function deflateSegment(data: string | Buffer, last: boolean): Buffer {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return deflateRawSync(buf, { level: 9, finishFlush: last ? constants.Z_FINISH : constants.Z_FULL_FLUSH });
}

/** An ordinary deflated entry from its text. */
export function textEntry(name: string, text: string): RawEntry {
  const buf = Buffer.from(text, 'utf8');
  return { name, method: 8, pieces: [deflateSegment(buf, true)], size: buf.length, crc: crc32(buf) };
}

/** Writes the entries as a zip at `path` (local headers, data, central directory; no ZIP64). */
export function writeZip(path: string, entries: RawEntry[]): number {
  const fd = openSync(path, 'w');
  let offset = 0;
  const put = (b: Buffer): void => {
    writeSync(fd, b);
    offset += b.length;
  };
  const central: Buffer[] = [];
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const compressed = e.pieces.reduce((n, p) => n + p.length, 0);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(e.method, 8);
      local.writeUInt32LE(e.crc >>> 0, 14);
      local.writeUInt32LE(compressed, 18);
      local.writeUInt32LE(e.size, 22);
      local.writeUInt16LE(name.length, 26);
      const at = offset;
      put(local);
      put(name);
      for (const p of e.pieces) put(p);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(20, 4);
      cd.writeUInt16LE(20, 6);
      cd.writeUInt16LE(0x0800, 8);
      cd.writeUInt16LE(e.method, 10);
      cd.writeUInt32LE(e.crc >>> 0, 16);
      cd.writeUInt32LE(compressed, 20);
      cd.writeUInt32LE(e.size, 24);
      cd.writeUInt16LE(name.length, 28);
      cd.writeUInt32LE(at, 42);
      central.push(cd, name);
    }
    const cdStart = offset;
    for (const b of central) put(b);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(entries.length, 8);
    eocd.writeUInt16LE(entries.length, 10);
    eocd.writeUInt32LE(offset - cdStart, 12);
    eocd.writeUInt32LE(cdStart, 16);
    put(eocd);
  } finally {
    closeSync(fd);
  }
  return offset;
}

const CT =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';

/** The parts around the worksheets of a minimal workbook whose sheets are `names` (sheet1.xml, sheet2.xml …). */
export function workbookParts(names: string[]): RawEntry[] {
  const sheets = names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = names
    .map(
      (_n, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  return [
    textEntry('[Content_Types].xml', CT),
    textEntry('_rels/.rels', ROOT_RELS),
    textEntry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets}</sheets></workbook>`,
    ),
    textEntry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    ),
  ];
}

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A worksheet from its `<row>` elements, as an ordinary entry. */
export function sheetEntry(index: number, rows: string): RawEntry {
  return textEntry(`xl/worksheets/sheet${index}.xml`, `${SHEET_HEAD}${rows}${SHEET_TAIL}`);
}

/** Rows of inline-string and number cells from a table of values, with `r` references. */
export function rowsXml(values: (string | number)[][]): string {
  return values
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row
          .map((v, c) =>
            typeof v === 'number'
              ? `<c r="${String.fromCharCode(65 + c)}${r + 1}"><v>${v}</v></c>`
              : `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${v}</t></is></c>`,
          )
          .join('')}</row>`,
    )
    .join('');
}
