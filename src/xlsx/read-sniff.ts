/**
 * What a file is, from its bytes rather than its name (issue 17): a legacy .xls and a password-protected
 * .xlsx are both OLE2 compound files (told apart by their streams: `Workbook`, or `EncryptionInfo` +
 * `EncryptedPackage`); .xlsb, .ods, Numbers, .docx and .pptx are zips like .xlsx (told apart by their
 * entries); some systems export HTML or Excel 2003 XML under an .xls name. `sniffForeign` names what the
 * file is when it is none of what Loopbook reads, so the message can say what to do.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { readAt } from './read-at.js';
import type { ForeignKind } from './read-messages.js';
import { openZip } from './zip-entries.js';

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;

/**
 * Names of the streams and storages in an OLE2 compound file's directory (MS-CFB §2.2 header, §2.3 FAT,
 * §2.5 DIFAT, §2.6 directory entries). Reads only the header, the FAT and the directory sectors; every chain
 * is bounded by the file's sector count, so a damaged file cannot loop. Throws when the header is not one.
 */
export function compoundFileNames(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const header = readAt(fd, 0, 512);
    if (header.length < 512 || !OLE2_SIGNATURE.every((b, i) => header[i] === b)) throw new Error('not an OLE2 file');
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) throw new Error(`bad sector shift ${shift}`);
    const sectorSize = 2 ** shift;
    const sectors = Math.ceil(size / sectorSize);
    const sector = (n: number): Buffer => readAt(fd, (n + 1) * sectorSize, sectorSize);
    // FAT sector numbers: 109 in the header, then chained DIFAT sectors.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) fatSectors.push(header.readUInt32LE(0x4c + 4 * i));
    let difat = header.readUInt32LE(0x44);
    for (let hops = 0; difat < sectors && hops < sectors; hops++) {
      const d = sector(difat);
      for (let i = 0; i + 4 < d.length; i += 4) fatSectors.push(d.readUInt32LE(i));
      difat = d.readUInt32LE(d.length - 4);
    }
    const fatCount = header.readUInt32LE(0x2c);
    const fat = Buffer.concat(
      fatSectors
        .slice(0, fatCount)
        .filter((s) => s < sectors)
        .map(sector),
    );
    const next = (n: number): number => (4 * n + 4 <= fat.length ? fat.readUInt32LE(4 * n) : END_OF_CHAIN);
    const names: string[] = [];
    let dir = header.readUInt32LE(0x30);
    for (let hops = 0; dir < sectors && hops < sectors; hops++) {
      const d = sector(dir);
      for (let e = 0; e + 128 <= d.length; e += 128) {
        const type = d[e + 0x42];
        const len = Math.min(d.readUInt16LE(e + 0x40), 64);
        if ((type === 1 || type === 2 || type === 5) && len >= 2) names.push(d.toString('utf16le', e, e + len - 2));
      }
      dir = next(dir);
    }
    return names;
  } finally {
    closeSync(fd);
  }
}

function ole2Kind(path: string): ForeignKind {
  let names: string[];
  try {
    names = compoundFileNames(path);
  } catch {
    return /\.xls$/i.test(path) ? 'xls' : 'ole2';
  }
  const has = (n: string): boolean => names.some((x) => x.toLowerCase() === n.toLowerCase());
  if (has('EncryptionInfo') || has('EncryptedPackage')) return 'encrypted';
  if (has('Workbook') || has('Book')) return 'xls';
  return 'ole2';
}

function zipKind(path: string): ForeignKind | null {
  let names: string[];
  let mimetype: string | undefined;
  try {
    const zip = openZip(path);
    names = zip.names();
    mimetype = zip.has('mimetype') ? zip.text('mimetype', 4096) : undefined;
  } catch {
    return null; // a damaged zip: the workbook reader says what is wrong with it
  }
  const has = (n: string): boolean => names.includes(n);
  if (has('xl/workbook.xml')) return /\.(csv|tsv|txt)(\.gz)?$/i.test(path) ? 'xlsxNamedCsv' : null;
  if (has('xl/workbook.bin')) return 'xlsb';
  if (mimetype?.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (names.some((n) => /^Index\/.*\.iwa$/.test(n) || n === 'Index.zip' || n === 'index.xml.gz')) return 'numbers';
  if (has('word/document.xml')) return 'docx';
  if (has('ppt/presentation.xml')) return 'pptx';
  // Parts under xl/ without a workbook part: a damaged workbook, which the workbook reader reads as it can.
  if (names.some((n) => n.startsWith('xl/'))) return null;
  return 'zip';
}

function markupKind(head: Buffer): ForeignKind | null {
  const text = head
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (!text.startsWith('<')) return null;
  if (text.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'xml2003';
  if (/<(!doctype html|html|table|body)\b/.test(text)) return 'html';
  return null;
}

/**
 * What the file at `path` is when it is none of what Loopbook reads (see `ForeignKind`), else null: an
 * .xlsx, a .csv, a missing file or a damaged workbook are left to their readers.
 *
 * @example sniffForeign('budget.xls') // 'xls' for an Excel 97–2003 file; 'encrypted' for a protected .xlsx
 */
export function sniffForeign(path: string): ForeignKind | null {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return null;
  }
  if (isDir) return /\.numbers\/?$/i.test(path) ? 'numbers' : 'folder';
  let head: Buffer;
  const fd = openSync(path, 'r');
  try {
    head = readAt(fd, 0, 4096);
  } finally {
    closeSync(fd);
  }
  if (head.length >= 8 && OLE2_SIGNATURE.every((b, i) => head[i] === b)) return ole2Kind(path);
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5))
    return zipKind(path);
  return markupKind(head);
}
